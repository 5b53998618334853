//! Times as the room read them: dates, clock times and durations in the workshop's own
//! time zone, worded by the output's language.
//!
//! The zone comes from the bundled copy of the tz database (jiff's `tzdb-bundle-always`),
//! never from the machine, so a report reads the same wherever it is made. A zone that is
//! missing or unknown falls back to UTC, and then every time says "UTC": a reader must not
//! take UTC hours for the room's.

use crate::words::{fill, Words};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use panneau_shared::Workshop;

/// The workshop's time zone, ready to turn instants into the room's dates and hours.
pub(crate) struct Clock {
    zone: TimeZone,
    /// Whether times must name their zone: the room's zone is unknown, or is UTC itself.
    says_utc: bool,
}

impl Clock {
    /// The clock of the IANA zone `name` (`Europe/Paris`); UTC when empty or unknown.
    pub fn new(name: &str) -> Clock {
        let name = name.trim();
        match TimeZone::get(name) {
            Ok(zone) if !name.is_empty() => Clock {
                says_utc: matches!(
                    name.to_ascii_lowercase().as_str(),
                    "utc" | "etc/utc" | "etc/uct" | "uct" | "zulu" | "etc/zulu" | "universal"
                ),
                zone,
            },
            _ => Clock {
                zone: TimeZone::UTC,
                says_utc: true,
            },
        }
    }

    /// The clock of a workshop.
    pub fn of(workshop: &Workshop) -> Clock {
        Clock::new(&workshop.details.time_zone)
    }

    /// The room's date and hour at `ms` (since the Unix epoch), if it is a representable
    /// instant.
    fn local(&self, ms: u64) -> Option<DateTime> {
        let ms = i64::try_from(ms).ok()?;
        let instant = Timestamp::from_millisecond(ms).ok()?;
        Some(self.zone.to_datetime(instant))
    }

    /// The time of day at `ms`: "9:30", or "9:30 UTC" when the room's zone is unknown.
    pub fn time(&self, ms: u64, words: &Words) -> String {
        let Some(local) = self.local(ms) else {
            return String::new();
        };
        let time = fill(
            words.time,
            &[
                ("h", &local.hour().to_string()),
                ("mm", &format!("{:02}", local.minute())),
            ],
        );
        if self.says_utc {
            format!("{time} {}", words.utc)
        } else {
            time
        }
    }

    /// The date at `ms`: "Monday 23 March 2026".
    pub fn date(&self, ms: u64, words: &Words) -> String {
        self.local(ms)
            .map_or_else(String::new, |local| format_date(local.date(), words))
    }

    /// The date and time at `ms`: "Monday 23 March 2026 at 13:40".
    pub fn date_time(&self, ms: u64, words: &Words) -> String {
        fill(
            words.date_at,
            &[
                ("date", &self.date(ms, words)),
                ("time", &self.time(ms, words)),
            ],
        )
    }

    /// The day of the meeting: the date the facilitator gave, else the day the workshop
    /// left the lobby, else the day it was created; `None` when nothing says.
    pub fn meeting_date(&self, workshop: &Workshop, words: &Words) -> Option<String> {
        if let Ok(date) = workshop.details.date.trim().parse::<Date>() {
            return Some(format_date(date, words));
        }
        let ms = workshop
            .timeline()
            .start_ms
            .or((workshop.created_ms > 0).then_some(workshop.created_ms))?;
        self.local(ms).map(|local| format_date(local.date(), words))
    }
}

/// "Monday 23 March 2026", in the words of the language.
fn format_date(date: Date, words: &Words) -> String {
    let weekday = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
    let month = usize::try_from(date.month() - 1).unwrap_or(0);
    fill(
        words.date,
        &[
            ("weekday", words.weekdays[weekday % 7]),
            ("day", &date.day().to_string()),
            ("month", words.months[month % 12]),
            ("year", &date.year().to_string()),
        ],
    )
}

/// A length of time to the minute: "15 min", "1 h 05"; "under a minute" below 30 s.
pub(crate) fn duration(ms: u64, words: &Words) -> String {
    let minutes = ms.saturating_add(30_000) / 60_000;
    if minutes == 0 {
        words.under_a_minute.to_owned()
    } else if minutes < 60 {
        fill(words.minutes, &[("m", &minutes.to_string())])
    } else {
        fill(
            words.hours,
            &[
                ("h", &(minutes / 60).to_string()),
                ("mm", &format!("{:02}", minutes % 60)),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::words;
    use crate::Lang;

    const MINUTE: u64 = 60_000;
    /// 2026-01-15T08:30:00Z, winter.
    const WINTER: u64 = 1_768_465_800_000;
    /// 2026-07-15T07:30:00Z, summer.
    const SUMMER: u64 = 1_784_100_600_000;

    #[test]
    fn the_bundled_database_knows_the_rooms_zones() {
        for zone in [
            "Europe/Paris",
            "Europe/Rome",
            "America/New_York",
            "Asia/Tokyo",
        ] {
            assert!(TimeZone::get(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn paris_is_an_hour_ahead_in_winter_and_two_in_summer() {
        let w = words(Lang::En);
        let paris = Clock::new("Europe/Paris");
        assert_eq!(paris.time(WINTER, w), "9:30");
        assert_eq!(paris.time(SUMMER, w), "9:30");
        assert_eq!(paris.date(WINTER, w), "Thursday 15 January 2026");
        assert_eq!(paris.date(SUMMER, w), "Wednesday 15 July 2026");
        // The clocks go forward at 2:00 on 29 March 2026 (1:00 UTC).
        let night = 1_774_746_000_000; // 2026-03-29T01:00:00Z
        assert_eq!(paris.time(night - 30 * MINUTE, w), "1:30");
        assert_eq!(paris.time(night + 30 * MINUTE, w), "3:30");
    }

    #[test]
    fn an_unknown_or_missing_zone_is_utc_and_says_so() {
        let w = words(Lang::En);
        for zone in ["", "Mars/Olympus_Mons", "  "] {
            let clock = Clock::new(zone);
            assert_eq!(clock.time(WINTER, w), "8:30 UTC", "{zone:?}");
            assert_eq!(clock.time(SUMMER, w), "7:30 UTC", "{zone:?}");
        }
        assert_eq!(Clock::new("UTC").time(WINTER, w), "8:30 UTC");
        assert_eq!(
            Clock::new("").date_time(SUMMER, w),
            "Wednesday 15 July 2026 at 7:30 UTC"
        );
    }

    #[test]
    fn the_meeting_date_is_the_given_one_else_the_day_it_ran() {
        let w = words(Lang::En);
        let mut workshop = crate::sample::seed_meeting();
        let clock = Clock::of(&workshop);
        assert_eq!(
            clock.meeting_date(&workshop, w).as_deref(),
            Some("Monday 23 March 2026")
        );
        workshop.details.date = "2026-04-02".into();
        assert_eq!(
            clock.meeting_date(&workshop, w).as_deref(),
            Some("Thursday 2 April 2026")
        );
        workshop.details.date.clear();
        assert_eq!(
            clock.meeting_date(&workshop, w).as_deref(),
            Some("Monday 23 March 2026")
        );
        // Late in the evening in Tokyo is already the next day there.
        let mut late = workshop.clone();
        late.details.time_zone = "Asia/Tokyo".into();
        late.phase_log.clear();
        late.created_ms = 1_774_296_000_000; // 2026-03-23T20:00:00Z
        assert_eq!(
            Clock::of(&late).meeting_date(&late, w).as_deref(),
            Some("Tuesday 24 March 2026")
        );
        late.created_ms = 0;
        assert_eq!(Clock::of(&late).meeting_date(&late, w), None);
    }

    #[test]
    fn durations_read_in_minutes_then_hours() {
        let w = words(Lang::En);
        assert_eq!(duration(15 * MINUTE, w), "15 min");
        assert_eq!(duration(65 * MINUTE, w), "1 h 05");
        assert_eq!(duration(115 * MINUTE, w), "1 h 55");
        assert_eq!(duration(60 * MINUTE, w), "1 h 00");
        assert_eq!(duration(29_000, w), "under a minute");
        assert_eq!(duration(90_000, w), "2 min");
    }
}
