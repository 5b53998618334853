//! What the report says about the meeting beyond the board itself: its date, place,
//! organiser and facilitator, the follow-up questions it closes on, and the synthesis of
//! the exchanges. The facilitator sets them; nothing else depends on them.

use super::text::{clean, invalid, wrong_phase};
use super::{
    Actor, Event, Phase, Settings, Theme, Workshop, MAX_DETAIL, MAX_FOLLOW_UP, MAX_FOLLOW_UPS,
    MAX_SYNTHESIS,
};
use crate::lang::Lang;
use crate::rejection::Rejection;
use serde::{Deserialize, Serialize};

/// The heading of the report. Every field is optional (empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Details {
    /// The day of the meeting, `YYYY-MM-DD`; empty: the day it ran.
    pub date: String,
    pub place: String,
    /// Who organised it (a chamber of commerce, an association…).
    pub organiser: String,
    /// The facilitator's name.
    pub facilitator: String,
    /// The room's IANA time zone (`Europe/Paris`), so the report gives the room's hours;
    /// empty: UTC. Set by the facilitator's browser.
    pub time_zone: String,
}

/// Longest IANA time zone name accepted (the longest real one has 32 characters).
const MAX_TIME_ZONE: usize = 64;

/// What `POST /api/workshops` takes: everything but the title may be left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewWorkshop {
    pub title: String,
    #[serde(default)]
    pub question: String,
    /// The defaults when absent.
    #[serde(default)]
    pub settings: Option<Settings>,
    /// The themes of the panel; the defaults when absent or empty.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub details: Details,
    /// The follow-up questions; the language's defaults when absent.
    #[serde(default)]
    pub follow_ups: Option<Vec<String>>,
    /// The workshop's language: its wall, its outputs, its default themes and questions.
    #[serde(default)]
    pub lang: Lang,
}

/// Checks and trims the details.
pub(crate) fn check_details(details: &Details) -> Result<Details, Rejection> {
    let date = details.date.trim();
    if !date.is_empty() && !is_calendar_date(date) {
        return Err(invalid(format!(
            "the date must read YYYY-MM-DD (for example 2026-03-23), not \"{date}\""
        )));
    }
    let time_zone = clean("time zone", &details.time_zone, 0, MAX_TIME_ZONE)?;
    if !time_zone
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
    {
        return Err(invalid(
            "a time zone is a name such as Europe/Paris, in ASCII letters",
        ));
    }
    Ok(Details {
        date: date.to_owned(),
        place: clean("place", &details.place, 0, MAX_DETAIL)?,
        organiser: clean("organiser", &details.organiser, 0, MAX_DETAIL)?,
        facilitator: clean("facilitator's name", &details.facilitator, 0, MAX_DETAIL)?,
        time_zone,
    })
}

/// Checks and trims the follow-up questions; blank ones are dropped.
pub(crate) fn check_follow_ups(questions: &[String]) -> Result<Vec<String>, Rejection> {
    let questions: Vec<String> = questions
        .iter()
        .map(|q| clean("follow-up question", q, 0, MAX_FOLLOW_UP))
        .filter(|q| !q.as_ref().is_ok_and(String::is_empty))
        .collect::<Result<_, _>>()?;
    if questions.len() > MAX_FOLLOW_UPS {
        return Err(invalid(format!(
            "at most {MAX_FOLLOW_UPS} follow-up questions"
        )));
    }
    Ok(questions)
}

/// `YYYY-MM-DD` naming a day that exists (29 February only in leap years).
pub fn is_calendar_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return false;
    }
    let number = |s: &str| s.parse::<u32>().unwrap_or(0);
    let (y, m, d) = (number(y), number(m), number(d));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}

impl Workshop {
    pub(super) fn update_details(
        &self,
        actor: &Actor,
        details: &Details,
    ) -> Result<Event, Rejection> {
        self.facilitator(actor, "change the workshop's details")?;
        Ok(Event::DetailsChanged {
            details: check_details(details)?,
        })
    }

    pub(super) fn set_follow_ups(
        &self,
        actor: &Actor,
        questions: &[String],
    ) -> Result<Event, Rejection> {
        self.facilitator(actor, "change the follow-up questions")?;
        Ok(Event::FollowUpsSet {
            questions: check_follow_ups(questions)?,
        })
    }

    pub(super) fn set_language(&self, actor: &Actor, lang: Lang) -> Result<Event, Rejection> {
        self.facilitator(actor, "change the workshop's language")?;
        if lang == self.lang {
            return Err(invalid(format!(
                "the workshop is already in {}",
                lang.name()
            )));
        }
        // What still reads as this language's defaults was never chosen: it follows.
        let (old, new) = (self.lang, lang);
        let themes = self
            .themes
            .iter()
            .map(|theme| {
                let default = old.default_themes().iter().position(|t| *t == theme.title);
                Theme {
                    title: default
                        .map_or(theme.title.clone(), |i| new.default_themes()[i].to_owned()),
                    ..theme.clone()
                }
            })
            .collect();
        let follow_ups = if self.follow_ups == old.default_follow_ups() {
            new.default_follow_ups().map(str::to_owned).to_vec()
        } else {
            self.follow_ups.clone()
        };
        Ok(Event::LanguageSet {
            lang,
            themes,
            follow_ups,
        })
    }

    pub(super) fn set_synthesis(&self, actor: &Actor, text: &str) -> Result<Event, Rejection> {
        self.facilitator(actor, "write the synthesis")?;
        if self.phase != Phase::Results {
            return Err(wrong_phase(
                "the synthesis is written once the vote has closed, in the results",
            ));
        }
        Ok(Event::SynthesisSet {
            text: clean("synthesis", text, 0, MAX_SYNTHESIS)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_calendar_date;

    #[test]
    fn calendar_dates() {
        for good in ["2026-03-23", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_calendar_date(good), "{good}");
        }
        for bad in [
            "2026-3-23",
            "23/03/2026",
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "0000-01-01",
            "２０２６-03-23",
            "",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }
}
