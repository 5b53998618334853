//! What the report says, worked out once from the workshop and shared by its HTML and
//! Markdown templates (and the action plan by the CSV), so that the formats cannot
//! disagree. Text the people typed stays raw here: each format escapes it its own way.

use crate::time::{duration, Clock};
use crate::words::{fill, words, Words};
use crate::Board;
use panneau_shared::{Card, Dropped, ParticipantId, Workshop};

/// Everything the report shows, in its order.
pub(crate) struct View<'a> {
    pub w: &'static Words,
    pub title: &'a str,
    pub question: &'a str,
    /// Date, time, place, organiser, facilitator: only those known.
    pub facts: Vec<Fact>,
    pub attendees: Vec<Attendee<'a>>,
    /// "9 people from 5 organisations."
    pub attendance_summary: String,
    /// "1 of them took part through the facilitator, without a device."
    pub proxies_summary: Option<String>,
    pub phases: Vec<PhaseRow>,
    pub funnel: Vec<Count>,
    pub stickers: Vec<Count>,
    pub plan: Vec<ThemePlan<'a>>,
    pub trails: Vec<Trail<'a>>,
    /// Paragraphs, each a list of lines.
    pub synthesis: Vec<Vec<&'a str>>,
    pub next_steps: Vec<&'a str>,
    pub dropped: Vec<DroppedRound<'a>>,
    /// "Made with Panneau from board ABC234".
    pub made_with: String,
    /// "vote closed Monday 23 March 2026 at 13:40".
    pub closed: Option<String>,
}

/// One line of the heading: "Place: Bras".
pub(crate) struct Fact {
    pub label: &'static str,
    pub value: String,
}

/// A person as the report names them.
pub(crate) struct Person<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
}

/// One row of the attendance list.
pub(crate) struct Attendee<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
    pub core_value: &'a str,
    pub proxy: bool,
    /// "on a device", "through the facilitator".
    pub how: &'static str,
}

/// One phase of the meeting with the time it took.
pub(crate) struct PhaseRow {
    pub name: &'static str,
    pub started: String,
    pub duration: String,
}

/// One number of the snowball: "27 ideas written".
pub(crate) struct Count {
    pub label: &'static str,
    /// The number, or "round skipped".
    pub value: String,
    pub skipped: bool,
}

/// The actions of one theme, best first.
pub(crate) struct ThemePlan<'a> {
    pub title: &'a str,
    /// "13 green stickers · 7 actions".
    pub summary: String,
    pub actions: Vec<Action<'a>>,
}

/// One action of the plan.
pub(crate) struct Action<'a> {
    /// Its place among all the actions of the panel, from 1.
    pub rank: usize,
    pub text: &'a str,
    pub green: u32,
    pub red: usize,
    /// The people who put a red sticker on it.
    pub owners: Vec<&'a str>,
    pub authors: Vec<Person<'a>>,
    /// Its green stickers as a share of the most any action got, in percent, for a bar.
    pub bar: u32,
}

impl Action<'_> {
    pub fn unowned(&self) -> bool {
        self.owners.is_empty()
    }
}

/// Where one action came from.
pub(crate) struct Trail<'a> {
    pub rank: usize,
    pub text: &'a str,
    /// "Merged from 2 ideas", when it was.
    pub merged: Option<String>,
    /// The action's own first wording, when it was reworded after a merge (an action
    /// that was never merged is its own source and shows its first wording there).
    pub first_text: Option<&'a str>,
    pub sources: Vec<Source<'a>>,
}

/// An idea an action came from.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub first_text: Option<&'a str>,
    /// Empty when the facilitator wrote it on the panel.
    pub authors: Vec<Person<'a>>,
}

/// The ideas one round left aside.
pub(crate) struct DroppedRound<'a> {
    pub title: &'static str,
    pub ideas: Vec<DroppedIdea<'a>>,
}

/// An idea left aside, with its authors and, if it was a merge, what it merged.
pub(crate) struct DroppedIdea<'a> {
    pub text: &'a str,
    pub authors: Vec<Person<'a>>,
    pub merged: Option<Merged<'a>>,
}

/// The ideas a card was merged from: "Merged from 2 ideas", and their words.
pub(crate) struct Merged<'a> {
    pub label: String,
    pub texts: Vec<&'a str>,
}

/// Looks people up by id, naming the missing ones instead of failing.
struct People<'a> {
    workshop: &'a Workshop,
    w: &'static Words,
}

impl<'a> People<'a> {
    fn name(&self, id: ParticipantId) -> &'a str {
        self.workshop
            .participants
            .get(&id)
            .map_or(self.w.unknown_person, |p| p.name.as_str())
    }

    fn person(&self, id: ParticipantId) -> Person<'a> {
        match self.workshop.participants.get(&id) {
            Some(p) => Person {
                name: &p.name,
                organisation: &p.organisation,
            },
            None => Person {
                name: self.w.unknown_person,
                organisation: "",
            },
        }
    }

    fn authors(&self, card: &Card) -> Vec<Person<'a>> {
        card.authors.iter().map(|id| self.person(*id)).collect()
    }
}

/// The action plan: the themes in panel order, each with its actions ranked, and the
/// overall ranking of the actions (for the trail). Shared by the report and the CSV.
pub(crate) struct Plan<'a> {
    pub themes: Vec<ThemePlan<'a>>,
    /// Every action by rank, with its card.
    pub ranked: Vec<&'a Card>,
}

impl<'a> Plan<'a> {
    pub fn of(workshop: &'a Workshop, w: &'static Words) -> Plan<'a> {
        let people = People { workshop, w };
        let results = workshop.results();
        let most_green = results.cards.iter().map(|c| c.green).max().unwrap_or(0);
        let themes = results
            .themes
            .iter()
            // A theme nobody put an action under says nothing in a plan.
            .filter(|theme| !theme.cards.is_empty())
            .map(|theme| {
                let title = match theme.theme.and_then(|id| workshop.theme(id)) {
                    Some(t) => t.title.as_str(),
                    // The model names the unthemed group in English; ours is translated.
                    None => w.no_theme,
                };
                let actions: Vec<Action<'a>> = theme
                    .cards
                    .iter()
                    .filter_map(|ranked| {
                        let card = workshop.cards.get(&ranked.card)?;
                        Some(Action {
                            rank: ranked.rank as usize,
                            text: &card.text,
                            green: ranked.green,
                            red: ranked.committed.len(),
                            owners: ranked.committed.iter().map(|id| people.name(*id)).collect(),
                            authors: people.authors(card),
                            bar: (u64::from(ranked.green) * 100)
                                .checked_div(u64::from(most_green))
                                .map_or(0, |p| p as u32),
                        })
                    })
                    .collect();
                ThemePlan {
                    title,
                    summary: format!(
                        "{} · {}",
                        w.count(&w.green_stickers, theme.green as usize),
                        w.count(&w.actions, actions.len())
                    ),
                    actions,
                }
            })
            .collect();
        let ranked = results
            .cards
            .iter()
            .filter_map(|c| workshop.cards.get(&c.card))
            .collect();
        Plan { themes, ranked }
    }
}

impl<'a> View<'a> {
    pub fn of(board: Board<'a>) -> View<'a> {
        let workshop = board.workshop;
        let w = words(board.lang);
        let clock = Clock::of(workshop);
        let timeline = workshop.timeline();
        let tally = workshop.tally();
        let people = People { workshop, w };
        let plan = Plan::of(workshop, w);

        let mut facts = Vec::new();
        if let Some(date) = clock.meeting_date(workshop, w) {
            facts.push(Fact {
                label: w.date_label,
                value: date,
            });
        }
        if let Some(start) = timeline.start_ms {
            let start = clock.time(start, w);
            let value = match timeline.end_ms {
                Some(end) => fill(
                    w.from_to,
                    &[("start", &start), ("end", &clock.time(end, w))],
                ),
                None => fill(w.from, &[("start", &start)]),
            };
            facts.push(Fact {
                label: w.time_label,
                value,
            });
        }
        let details = &workshop.details;
        for (label, value) in [
            (w.place, &details.place),
            (w.organiser, &details.organiser),
            (w.facilitator, &details.facilitator),
        ] {
            if !value.trim().is_empty() {
                facts.push(Fact {
                    label,
                    value: value.trim().to_owned(),
                });
            }
        }

        // Those the facilitator took off the board were never part of the meeting.
        let attendees = workshop
            .participants
            .values()
            .filter(|p| !p.removed)
            .map(|p| Attendee {
                name: &p.name,
                organisation: &p.organisation,
                core_value: &p.core_value,
                proxy: p.proxy,
                how: if p.proxy {
                    w.through_the_facilitator
                } else {
                    w.on_a_device
                },
            })
            .collect();
        let attendance_summary = format!(
            "{}.",
            fill(
                w.people_from,
                &[
                    ("people", &w.count(&w.people, tally.people)),
                    (
                        "organisations",
                        &w.count(&w.organisations, tally.organisations)
                    ),
                ],
            )
        );
        let proxies_summary = (tally.proxies > 0)
            .then(|| format!("{}.", w.count(&w.through_facilitator_count, tally.proxies)));

        let phases = timeline
            .phases
            .iter()
            .map(|span| PhaseRow {
                name: w.phase(span.phase),
                started: clock.time(span.started_ms, w),
                duration: duration(span.duration_ms, w),
            })
            .collect();
        let number = |label, n: usize| Count {
            label,
            value: n.to_string(),
            skipped: false,
        };
        let kept = |label, n: Option<usize>| match n {
            Some(n) => number(label, n),
            None => Count {
                label,
                value: w.round_skipped.to_owned(),
                skipped: true,
            },
        };
        let funnel = vec![
            number(w.ideas_written, tally.ideas),
            kept(w.kept_after_pairs, tally.kept_in_pairs),
            kept(w.kept_after_fours, tally.kept_in_fours),
            number(w.actions_on_panel, tally.panel),
        ];
        let stickers = vec![
            number(w.green_placed, tally.green),
            number(w.red_placed, tally.red),
        ];

        let trails = plan
            .ranked
            .iter()
            .enumerate()
            .map(|(i, card)| {
                let sources = workshop.sources(card.id);
                let merged = sources.len() > 1;
                Trail {
                    rank: i + 1,
                    text: &card.text,
                    merged: merged.then(|| w.count(&w.merged_from, sources.len())),
                    first_text: card.first_text.as_deref().filter(|_| merged),
                    sources: sources
                        .into_iter()
                        .map(|source| Source {
                            text: &source.text,
                            first_text: source.first_text.as_deref(),
                            authors: people.authors(source),
                        })
                        .collect(),
                }
            })
            .collect();

        let mut dropped: Vec<DroppedRound<'a>> = Vec::new();
        let mut stage: Option<Dropped> = None;
        for (at, card) in workshop.dropped() {
            let idea = DroppedIdea {
                text: &card.text,
                authors: people.authors(card),
                merged: (!card.origin.is_empty()).then(|| {
                    let sources = workshop.sources(card.id);
                    Merged {
                        label: w.count(&w.merged_from, sources.len()),
                        texts: sources.into_iter().map(|s| s.text.as_str()).collect(),
                    }
                }),
            };
            match dropped.last_mut() {
                Some(round) if stage == Some(at) => round.ideas.push(idea),
                _ => dropped.push(DroppedRound {
                    title: w.dropped(at),
                    ideas: vec![idea],
                }),
            }
            stage = Some(at);
        }

        View {
            w,
            title: &workshop.title,
            question: workshop.question.trim(),
            facts,
            attendees,
            attendance_summary,
            proxies_summary,
            phases,
            funnel,
            stickers,
            plan: plan.themes,
            trails,
            synthesis: paragraphs(&workshop.synthesis),
            next_steps: workshop
                .follow_ups
                .iter()
                .map(|q| q.trim())
                .filter(|q| !q.is_empty())
                .collect(),
            dropped,
            made_with: fill(w.made_with, &[("code", board.code)]),
            closed: timeline
                .end_ms
                .map(|end| fill(w.vote_closed, &[("when", &clock.date_time(end, w))])),
        }
    }
}

/// The paragraphs of a text typed with blank lines between them, each as its lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut open = false;
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            open = false;
        } else if open {
            if let Some(last) = paragraphs.last_mut() {
                last.push(line);
            }
        } else {
            paragraphs.push(vec![line]);
            open = true;
        }
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_keep_their_lines() {
        assert_eq!(
            paragraphs("One.\nStill one.\n\n  \nTwo.\n"),
            vec![vec!["One.", "Still one."], vec!["Two."]]
        );
        assert!(paragraphs("  \n\n").is_empty());
    }
}
