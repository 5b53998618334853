//! Rules of the workshop model, checked through `decide` + `apply` without any socket.
//!
//! A [`Script`] is a board plus its log; every accepted step is applied, and after every
//! step the log is replayed and each viewer's filtered copy is rebuilt from the events it
//! would have received, both compared with the real state. The submodules group the
//! tables by behaviour.

pub use super::*;
pub use crate::ids::{CardId, GroupId, ParticipantId, StickerId, ThemeId};
pub use crate::rejection::{Detail, Rejection, RejectionCode};

mod admission;
mod cards;
mod export;
mod groups;
mod panel;
mod phases;
mod properties;
mod record;
mod roles;
mod seed_meeting;
mod vote;

/// What a scripted step must produce.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expect {
    Ok,
    Refused(RejectionCode),
}
pub use Expect::{Ok as Accepted, Refused};
pub use RejectionCode as Code;

pub const FAC: Actor = Actor::Facilitator;
pub const WALL: Actor = Actor::Wall;
pub const GUEST: Actor = Actor::Guest;
pub fn p(id: u32) -> Actor {
    Actor::Participant {
        id: ParticipantId(id),
    }
}
pub fn proxy(id: u32) -> Actor {
    Actor::Proxy {
        id: ParticipantId(id),
    }
}

/// A board, its log, and what each watched viewer would hold after receiving only the
/// events meant for it.
pub struct Script {
    pub workshop: Workshop,
    pub log: Vec<Event>,
    pub now: u64,
    mirrors: Vec<(Actor, Workshop)>,
}

impl Script {
    pub fn new(settings: Settings) -> Script {
        let created = Workshop::create(
            &NewWorkshop {
                title: "Rete QM Var".into(),
                question: "What could the network bring you?".into(),
                settings: Some(settings),
                ..NewWorkshop::default()
            },
            1_700_000_000_000,
        )
        .unwrap();
        let mut script = Script {
            workshop: Workshop::default(),
            log: Vec::new(),
            now: 1_700_000_000_000,
            mirrors: Vec::new(),
        };
        script.push(vec![created]);
        script
    }

    /// A workshop with `n` participants who joined (ids 0..n).
    pub fn with_people(n: u32) -> Script {
        let mut script = Script::new(Settings::default());
        script.join_many(n);
        script
    }

    /// Follows what `viewer` would receive from now on (participants 0..5, wall, guest).
    pub fn watch(&mut self, viewer: Actor) {
        self.mirrors.push((viewer, self.workshop.view_for(&viewer)));
    }

    pub fn push(&mut self, events: Vec<Event>) {
        for event in events {
            let audience = self.workshop.audience(&event);
            self.workshop.apply(&event);
            for (viewer, mirror) in &mut self.mirrors {
                if audience == Audience::Resync {
                    *mirror = self.workshop.view_for(viewer);
                } else if self.workshop.reaches(viewer, audience) {
                    mirror.apply(&event);
                }
            }
            self.log.push(event);
        }
        assert_eq!(
            Workshop::replay(&self.log),
            self.workshop,
            "replay diverged"
        );
        for (viewer, mirror) in &self.mirrors {
            assert_eq!(
                without_counters(mirror.clone()),
                without_counters(self.workshop.view_for(viewer)),
                "what {viewer:?} received diverged from what it may see"
            );
        }
    }

    pub fn step(&mut self, actor: Actor, cmd: Command) -> Result<Vec<Event>, Rejection> {
        self.now += 1000;
        let before = self.workshop.clone();
        let outcome = self.workshop.decide(&actor, &cmd, self.now);
        assert_eq!(before, self.workshop, "decide must not change the state");
        match &outcome {
            Ok(events) => self.push(events.clone()),
            Err(rejection) => assert!(!rejection.message.is_empty()),
        }
        outcome
    }

    /// Runs every step and compares each outcome with what the table expects.
    #[track_caller]
    pub fn check(&mut self, steps: Vec<(Actor, Command, Expect)>) {
        for (i, (actor, cmd, expect)) in steps.into_iter().enumerate() {
            let got = match self.step(actor, cmd.clone()) {
                Ok(_) => Accepted,
                Err(rejection) => Refused(rejection.code),
            };
            assert_eq!(got, expect, "step {i}: {actor:?} {cmd:?}");
        }
    }

    /// A step that must succeed.
    #[track_caller]
    pub fn ok(&mut self, actor: Actor, cmd: Command) -> Vec<Event> {
        match self.step(actor, cmd.clone()) {
            Ok(events) => events,
            Err(rejection) => panic!("{actor:?} {cmd:?} refused: {rejection}"),
        }
    }

    /// A step that must be refused with `code`.
    #[track_caller]
    pub fn refused(&mut self, actor: Actor, cmd: Command, code: RejectionCode) {
        match self.step(actor, cmd.clone()) {
            Ok(events) => panic!("{actor:?} {cmd:?} accepted: {events:?}"),
            Err(rejection) => assert_eq!(rejection.code, code, "{rejection}"),
        }
    }

    pub fn join_many(&mut self, n: u32) {
        for i in 0..n {
            self.ok(GUEST, join(&format!("Person {i}")));
        }
    }

    pub fn phase(&mut self, phase: Phase) {
        self.ok(FAC, Command::SetPhase { phase });
    }

    /// Everyone writes `per_person` ideas; returns them by author.
    pub fn write_ideas(&mut self, per_person: u32) -> Vec<Vec<CardId>> {
        if self.workshop.phase != Phase::Ideas {
            self.phase(Phase::Ideas);
        }
        let people: Vec<ParticipantId> = self.workshop.participants.keys().copied().collect();
        people
            .into_iter()
            .map(|id| {
                (0..per_person)
                    .map(|k| {
                        let events =
                            self.ok(Actor::Participant { id }, add(&format!("Idea {k} of {id}")));
                        match &events[0] {
                            Event::CardAdded { card } => card.id,
                            other => panic!("unexpected {other:?}"),
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// Every group of the current round keeps exactly its quota and declares itself done.
    pub fn finish_round(&mut self) {
        let round = self.workshop.phase.round().expect("in a group round");
        let groups: Vec<Group> = self.workshop.groups_of(round).cloned().collect();
        for group in groups {
            let pool = self.workshop.pool(&group);
            let quota = pool.quota;
            let cards: Vec<CardId> = pool.cards.iter().map(|c| c.id).collect();
            let member = Actor::Participant {
                id: group.members[0],
            };
            for card in cards.iter().take(quota) {
                self.ok(member, keep(*card, true));
            }
            self.ok(
                member,
                Command::SetDone {
                    done: true,
                    group: None,
                },
            );
        }
    }

    pub fn groups(&self, round: Round) -> Vec<Group> {
        self.workshop.groups_of(round).cloned().collect()
    }

    /// The last card id created.
    pub fn last_card(&self) -> CardId {
        *self.workshop.cards.keys().last().expect("a card")
    }
}

/// The id counters are bookkeeping of the full state: a viewer that does not see a card
/// does not count it, and needs not.
fn without_counters(mut w: Workshop) -> Workshop {
    w.next_card = 0;
    w.next_sticker = 0;
    w.next_participant = 0;
    w.next_group = 0;
    w.next_theme = 0;
    w
}

pub fn join(name: &str) -> Command {
    Command::Join {
        name: name.into(),
        organisation: "La Blonde et la Brune".into(),
    }
}
pub fn add(text: &str) -> Command {
    Command::AddCard {
        text: text.into(),
        x: 100.0,
        y: 100.0,
    }
}
pub fn mv(card: CardId, x: f32, y: f32) -> Command {
    Command::MoveCard { card, x, y }
}
pub fn edit(card: CardId, text: &str) -> Command {
    Command::EditCard {
        card,
        text: text.into(),
    }
}
pub fn keep(card: CardId, keep: bool) -> Command {
    Command::Keep { card, keep }
}
pub fn done(done: bool) -> Command {
    Command::SetDone { done, group: None }
}
pub fn green(card: CardId) -> Command {
    Command::PlaceSticker {
        card,
        color: StickerColor::Green,
    }
}
pub fn red(card: CardId) -> Command {
    Command::PlaceSticker {
        card,
        color: StickerColor::Red,
    }
}
pub fn merge(a: CardId, b: CardId, text: &str) -> Command {
    Command::MergeCards {
        cards: [a, b],
        text: text.into(),
    }
}
pub fn form(round: Round, method: GroupMethod) -> Command {
    Command::FormGroups { round, method }
}
pub fn c(id: u32) -> CardId {
    CardId(id)
}
pub fn g(id: u32) -> GroupId {
    GroupId(id)
}
pub fn t(id: u32) -> ThemeId {
    ThemeId(id)
}
pub fn st(id: u32) -> StickerId {
    StickerId(id)
}
pub fn pid(id: u32) -> ParticipantId {
    ParticipantId(id)
}

#[test]
fn create_validates_title_settings_and_themes() {
    let create = |title: &str, settings: Settings, themes: &[String]| {
        let new = NewWorkshop {
            title: title.into(),
            question: "q".into(),
            settings: Some(settings),
            themes: themes.to_vec(),
            ..NewWorkshop::default()
        };
        Workshop::create(&new, 0).map_err(|r| r.code)
    };
    assert_eq!(create("  ", Settings::default(), &[]), Err(Code::Invalid));
    assert_eq!(
        create(&"t".repeat(MAX_TITLE + 1), Settings::default(), &[]),
        Err(Code::Invalid)
    );
    let bad = [
        Settings {
            green: 21,
            ..Settings::default()
        },
        Settings {
            ideas_per_person: 0,
            ..Settings::default()
        },
        Settings {
            pair_keep: 0,
            ..Settings::default()
        },
        Settings {
            durations: Durations {
                ideas: MAX_TIMER_SECONDS + 1,
                ..Durations::default()
            },
            ..Settings::default()
        },
    ];
    for settings in bad {
        assert_eq!(create("t", settings, &[]), Err(Code::Invalid));
    }
    assert_eq!(
        create("t", Settings::default(), &["".into()]),
        Err(Code::Invalid)
    );
    let Ok(Event::Created { themes, .. }) = create("t", Settings::default(), &[]) else {
        panic!("a valid workshop");
    };
    let titles: Vec<&str> = themes.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, Lang::En.default_themes());
    let Ok(Event::Created { themes, .. }) =
        create("t", Settings::default(), &["Only one".to_string()])
    else {
        panic!("a valid workshop");
    };
    assert_eq!(themes.len(), 1);
}

#[test]
fn settings_take_defaults_for_missing_fields() {
    let settings: Settings = serde_json::from_str(r#"{"green": 5}"#).unwrap();
    assert_eq!(settings.green, 5);
    assert_eq!(settings.pair_keep, 4);
    assert_eq!(settings.four_keep, 6);
    assert!(settings.stickers_visible_during_vote);
}
