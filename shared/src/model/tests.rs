//! Rules of the workshop model, checked through `decide` + `apply` without any socket.

use super::*;
use proptest::prelude::*;

/// What a scripted step must produce.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Ok,
    Refused(RejectionCode),
}
use Expect::{Ok as Accepted, Refused};

const FAC: Actor = Actor::Facilitator;
const WALL: Actor = Actor::Wall;
const GUEST: Actor = Actor::Guest;
fn p(id: u32) -> Actor {
    Actor::Participant {
        id: ParticipantId(id),
    }
}

/// A board plus its event log; every step checks that replaying the log gives the state.
struct Script {
    workshop: Workshop,
    log: Vec<Event>,
}

impl Script {
    fn new(settings: Settings) -> Script {
        let created =
            Workshop::create("Rete QM Var", "What could the network bring you?", settings).unwrap();
        let mut script = Script {
            workshop: Workshop::default(),
            log: Vec::new(),
        };
        script.push(vec![created]);
        script
    }

    fn push(&mut self, events: Vec<Event>) {
        for event in events {
            self.workshop.apply(&event);
            self.log.push(event);
        }
        assert_eq!(
            Workshop::replay(&self.log),
            self.workshop,
            "replay diverged"
        );
    }

    fn step(&mut self, actor: Actor, cmd: Command) -> Result<Vec<Event>, Rejection> {
        let before = self.workshop.clone();
        let outcome = self.workshop.decide(&actor, &cmd);
        assert_eq!(before, self.workshop, "decide must not change the state");
        if let Ok(events) = &outcome {
            self.push(events.clone());
        }
        outcome
    }

    /// Runs every step and compares each outcome with what the table expects.
    fn check(&mut self, steps: Vec<(Actor, Command, Expect)>) {
        for (i, (actor, cmd, expect)) in steps.into_iter().enumerate() {
            let got = match self.step(actor, cmd.clone()) {
                Ok(_) => Accepted,
                Err(rejection) => {
                    assert!(!rejection.message.is_empty());
                    Refused(rejection.code)
                }
            };
            assert_eq!(got, expect, "step {i}: {actor:?} {cmd:?}");
        }
    }

    fn join_many(&mut self, n: u32) {
        for i in 0..n {
            self.check(vec![(GUEST, join(&format!("Person {i}")), Accepted)]);
        }
    }
}

fn join(name: &str) -> Command {
    Command::Join {
        name: name.into(),
        organisation: "La Blonde et la Brune".into(),
    }
}
fn add(text: &str) -> Command {
    Command::AddCard {
        text: text.into(),
        x: 100.0,
        y: 100.0,
    }
}
fn mv(card: u32, x: f32, y: f32) -> Command {
    Command::MoveCard {
        card: CardId(card),
        x,
        y,
    }
}
fn green(card: u32) -> Command {
    Command::PlaceSticker {
        card: CardId(card),
        color: StickerColor::Green,
    }
}
fn red(card: u32) -> Command {
    Command::PlaceSticker {
        card: CardId(card),
        color: StickerColor::Red,
    }
}

#[test]
fn create_validates_title_and_sticker_numbers() {
    assert!(Workshop::create("  ", "q", Settings::default()).is_err());
    assert!(Workshop::create(&"t".repeat(MAX_TITLE + 1), "q", Settings::default()).is_err());
    let too_many = Settings {
        green: 21,
        ..Settings::default()
    };
    assert_eq!(
        Workshop::create("t", "q", too_many).unwrap_err().code,
        RejectionCode::Invalid
    );
    assert!(Workshop::create("t", "", Settings::default()).is_ok());
}

#[test]
fn joining_by_role() {
    let mut s = Script::new(Settings::default());
    s.check(vec![
        (GUEST, join("Ana"), Accepted),
        (
            p(0),
            join("Ana again"),
            Refused(RejectionCode::AlreadyJoined),
        ),
        (FAC, join("Fac"), Refused(RejectionCode::NotAllowed)),
        (WALL, join("Wall"), Refused(RejectionCode::NotAllowed)),
        (GUEST, join("   "), Refused(RejectionCode::Invalid)),
        (GUEST, join(&"é".repeat(MAX_NAME)), Accepted),
        (
            GUEST,
            join(&"é".repeat(MAX_NAME + 1)),
            Refused(RejectionCode::Invalid),
        ),
        (GUEST, join("tab\u{7}bell"), Refused(RejectionCode::Invalid)),
    ]);
    assert_eq!(s.workshop.participants.len(), 2);
    assert_eq!(s.workshop.participants[&ParticipantId(0)].name, "Ana");
}

#[test]
fn cards_by_role_and_bounds() {
    let mut s = Script::new(Settings::default());
    s.join_many(2);
    s.check(vec![
        (p(0), add("Shared stand at trade fairs"), Accepted),
        (FAC, add("Joint website"), Accepted),
        (WALL, add("x"), Refused(RejectionCode::NotAllowed)),
        (GUEST, add("x"), Refused(RejectionCode::NotJoined)),
        (p(7), add("x"), Refused(RejectionCode::NotJoined)),
        (p(0), add(""), Refused(RejectionCode::Invalid)),
        (
            p(0),
            add(&"a".repeat(MAX_CARD_TEXT + 1)),
            Refused(RejectionCode::Invalid),
        ),
        (p(1), mv(0, 800.0, 450.0), Accepted),
        (p(1), mv(0, BOARD_WIDTH, BOARD_HEIGHT), Accepted),
        (p(1), mv(0, -1.0, 0.0), Refused(RejectionCode::Invalid)),
        (
            p(1),
            mv(0, 0.0, BOARD_HEIGHT + 0.5),
            Refused(RejectionCode::Invalid),
        ),
        (p(1), mv(0, f32::NAN, 0.0), Refused(RejectionCode::Invalid)),
        (p(1), mv(9, 1.0, 1.0), Refused(RejectionCode::UnknownCard)),
        (WALL, mv(0, 1.0, 1.0), Refused(RejectionCode::NotAllowed)),
    ]);
    let card = &s.workshop.cards[&CardId(0)];
    assert_eq!((card.x, card.y), (BOARD_WIDTH, BOARD_HEIGHT));
    assert_eq!(card.author, Some(ParticipantId(0)));
    assert_eq!(s.workshop.cards[&CardId(1)].author, None);
}

#[test]
fn only_the_author_or_facilitator_edits_a_card() {
    let mut s = Script::new(Settings::default());
    s.join_many(2);
    let edit = |text: &str| Command::EditCard {
        card: CardId(0),
        text: text.into(),
    };
    s.check(vec![
        (p(0), add("Training days"), Accepted),
        (p(1), edit("Mine now"), Refused(RejectionCode::NotAllowed)),
        (WALL, edit("x"), Refused(RejectionCode::NotAllowed)),
        (p(0), edit("Training days on marketing"), Accepted),
        (FAC, edit("Training days on digital marketing"), Accepted),
    ]);
    assert_eq!(
        s.workshop.cards[&CardId(0)].text,
        "Training days on digital marketing"
    );
}

#[test]
fn sticker_budget_three_green_one_red() {
    let mut s = Script::new(Settings::default());
    s.join_many(2);
    s.check(vec![
        (p(0), add("A"), Accepted),
        (p(0), add("B"), Accepted),
        (p(0), green(0), Accepted),
        (p(0), green(0), Accepted),
        (p(0), green(1), Accepted),
        (p(0), green(1), Refused(RejectionCode::BudgetExhausted)),
        (p(0), red(1), Accepted),
        (p(0), red(0), Refused(RejectionCode::BudgetExhausted)),
        (p(1), green(1), Accepted),
        (FAC, green(0), Refused(RejectionCode::NotAllowed)),
        (WALL, green(0), Refused(RejectionCode::NotAllowed)),
        (GUEST, green(0), Refused(RejectionCode::NotJoined)),
        (p(1), green(42), Refused(RejectionCode::UnknownCard)),
    ]);
    assert_eq!(s.workshop.stickers_on(CardId(0)).count(), 2);
    assert_eq!(s.workshop.stickers_on(CardId(1)).count(), 3);
}

#[test]
fn stickers_move_and_come_back_only_for_their_owner() {
    let mut s = Script::new(Settings::default());
    s.join_many(2);
    let move_to = |sticker: u32, card: u32| Command::MoveSticker {
        sticker: StickerId(sticker),
        card: CardId(card),
    };
    let remove = |sticker: u32| Command::RemoveSticker {
        sticker: StickerId(sticker),
    };
    s.check(vec![
        (p(0), add("A"), Accepted),
        (p(0), add("B"), Accepted),
        (p(0), red(0), Accepted),
        (p(1), move_to(0, 1), Refused(RejectionCode::NotAllowed)),
        (p(1), remove(0), Refused(RejectionCode::NotAllowed)),
        (p(0), move_to(0, 1), Accepted),
        (p(0), move_to(0, 7), Refused(RejectionCode::UnknownCard)),
        (p(0), move_to(5, 0), Refused(RejectionCode::UnknownSticker)),
        (p(0), remove(0), Accepted),
        (p(0), remove(0), Refused(RejectionCode::UnknownSticker)),
        // The red budget is free again once the sticker is taken back.
        (p(0), red(1), Accepted),
    ]);
    assert_eq!(s.workshop.stickers.len(), 1);
}

#[test]
fn duplicate_stickers_on_one_card() {
    let mut s = Script::new(Settings {
        green: 3,
        red: 2,
        multiple_greens_per_card: false,
    });
    s.join_many(1);
    s.check(vec![
        (p(0), add("A"), Accepted),
        (p(0), add("B"), Accepted),
        (p(0), green(0), Accepted),
        (p(0), green(0), Refused(RejectionCode::DuplicateSticker)),
        (p(0), green(1), Accepted),
        (
            p(0),
            Command::MoveSticker {
                sticker: StickerId(1),
                card: CardId(0),
            },
            Refused(RejectionCode::DuplicateSticker),
        ),
        (p(0), red(0), Accepted),
        // A commitment is one per card even when two red stickers are allowed.
        (p(0), red(0), Refused(RejectionCode::DuplicateSticker)),
        (p(0), red(1), Accepted),
    ]);
}

#[test]
fn events_round_trip_through_json() {
    let mut s = Script::new(Settings::default());
    s.join_many(1);
    s.check(vec![
        (p(0), add("Ünïcode ✓"), Accepted),
        (p(0), red(0), Accepted),
    ]);
    let json = serde_json::to_string(&s.log).unwrap();
    let back: Vec<Event> = serde_json::from_str(&json).unwrap();
    assert_eq!(Workshop::replay(&back), s.workshop);
}

fn arb_actor() -> impl Strategy<Value = Actor> {
    prop_oneof![Just(FAC), Just(WALL), Just(GUEST), (0u32..6).prop_map(p),]
}

fn arb_command() -> impl Strategy<Value = Command> {
    let card = 0u32..8;
    let color = prop_oneof![Just(StickerColor::Green), Just(StickerColor::Red)];
    prop_oneof![
        "[a-z ]{0,12}".prop_map(|name| join(&name)),
        "[a-z]{0,5}".prop_map(|text| add(&text)),
        (card.clone(), -10.0f32..1700.0, -10.0f32..1000.0).prop_map(|(c, x, y)| mv(c, x, y)),
        (card.clone(), color).prop_map(|(card, color)| Command::PlaceSticker {
            card: CardId(card),
            color
        }),
        (0u32..12, card).prop_map(|(sticker, card)| Command::MoveSticker {
            sticker: StickerId(sticker),
            card: CardId(card)
        }),
        (0u32..12).prop_map(|sticker| Command::RemoveSticker {
            sticker: StickerId(sticker)
        }),
    ]
}

proptest! {
    /// Whatever anyone sends, budgets hold, stickers point at real things and replaying
    /// the log gives the same state (checked inside `Script::push`).
    #[test]
    fn random_commands_never_break_an_invariant(
        multiple in any::<bool>(),
        steps in prop::collection::vec((arb_actor(), arb_command()), 0..120),
    ) {
        let mut s = Script::new(Settings { green: 3, red: 1, multiple_greens_per_card: multiple });
        for (actor, cmd) in steps {
            let _ = s.step(actor, cmd);
            let w = &s.workshop;
            for id in w.participants.keys() {
                prop_assert!(w.stickers_of(*id, StickerColor::Green).count() <= 3);
                prop_assert!(w.stickers_of(*id, StickerColor::Red).count() <= 1);
            }
            for sticker in w.stickers.values() {
                prop_assert!(w.cards.contains_key(&sticker.card));
                prop_assert!(w.participants.contains_key(&sticker.owner));
                if !(multiple && sticker.color == StickerColor::Green) {
                    let same = w.stickers_of(sticker.owner, sticker.color)
                        .filter(|s| s.card == sticker.card).count();
                    prop_assert_eq!(same, 1);
                }
            }
            for card in w.cards.values() {
                prop_assert!((0.0..=BOARD_WIDTH).contains(&card.x));
                prop_assert!((0.0..=BOARD_HEIGHT).contains(&card.y));
            }
        }
    }
}
