//! The workshop state and its rules: `decide` turns a command into events or a rejection,
//! `apply` folds an event into the state. The server and the browser run this same code.

use crate::ids::{CardId, ParticipantId, StickerId};
use crate::rejection::{Rejection, RejectionCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Width of the board in logical units. Positions are logical so that a phone, a laptop
/// and the projected wall show the same arrangement whatever their pixel size.
pub const BOARD_WIDTH: f32 = 1600.0;
/// Height of the board in logical units (16:9, the shape of a projector).
pub const BOARD_HEIGHT: f32 = 900.0;

/// Size of a card in logical units; positions are kept so that a card stays on the board.
pub const CARD_WIDTH: f32 = 200.0;
pub const CARD_HEIGHT: f32 = 120.0;

/// Longest card text, in characters.
pub const MAX_CARD_TEXT: usize = 280;
/// Longest participant name, in characters.
pub const MAX_NAME: usize = 60;
/// Longest organisation name, in characters.
pub const MAX_ORGANISATION: usize = 80;
/// Longest workshop title, in characters.
pub const MAX_TITLE: usize = 120;
/// Longest workshop question, in characters.
pub const MAX_QUESTION: usize = 600;
/// Most participants one board accepts.
pub const MAX_PARTICIPANTS: usize = 500;
/// Most cards one board holds, archived ones included.
pub const MAX_CARDS: usize = 5000;

/// Who is acting. The server derives it from the connection's credential; a client can
/// never claim to be someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Actor {
    /// Holds the facilitator secret of the board.
    Facilitator,
    /// A participant who has joined.
    Participant { id: ParticipantId },
    /// A browser with a participant token that has not joined yet: it may only join.
    Guest,
    /// A read-only display (projector, TV).
    Wall,
}

/// The numbers of the workshop, chosen by the facilitator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Green (priority) stickers per participant.
    pub green: u8,
    /// Red (commitment) stickers per participant.
    pub red: u8,
    /// Whether one participant may put several green stickers on the same card.
    pub multiple_greens_per_card: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            green: 3,
            red: 1,
            multiple_greens_per_card: true,
        }
    }
}

/// A person on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    pub organisation: String,
}

/// A card on the board, at a logical position (its top-left corner).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    /// `None` when the facilitator wrote it.
    pub author: Option<ParticipantId>,
    pub text: String,
    pub x: f32,
    pub y: f32,
}

/// The two kinds of sticker of the vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StickerColor {
    /// "This is a priority."
    Green,
    /// "I will personally commit to this."
    Red,
}

/// One sticker placed by a participant on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sticker {
    pub id: StickerId,
    pub card: CardId,
    pub owner: ParticipantId,
    pub color: StickerColor,
}

/// What a client asks the board to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Join the workshop as a participant (from a guest connection).
    Join { name: String, organisation: String },
    /// Write a new card at a position.
    AddCard { text: String, x: f32, y: f32 },
    /// Drop a card at a new position (the end of a drag).
    MoveCard { card: CardId, x: f32, y: f32 },
    /// Change the text of a card.
    EditCard { card: CardId, text: String },
    /// Put one of one's stickers on a card.
    PlaceSticker { card: CardId, color: StickerColor },
    /// Move one of one's stickers to another card.
    MoveSticker { sticker: StickerId, card: CardId },
    /// Take one of one's stickers back.
    RemoveSticker { sticker: StickerId },
}

/// What happened on the board. Events are the unit of broadcast, persistence and replay:
/// folding them in order with [`Workshop::apply`] rebuilds the state exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The workshop was created; always the first event of a board.
    Created {
        title: String,
        question: String,
        settings: Settings,
    },
    Joined {
        participant: Participant,
    },
    CardAdded {
        card: Card,
    },
    CardMoved {
        card: CardId,
        x: f32,
        y: f32,
    },
    CardEdited {
        card: CardId,
        text: String,
    },
    StickerPlaced {
        sticker: Sticker,
    },
    StickerMoved {
        sticker: StickerId,
        card: CardId,
    },
    StickerRemoved {
        sticker: StickerId,
    },
}

/// The whole state of one workshop board.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Workshop {
    pub title: String,
    pub question: String,
    pub settings: Settings,
    #[serde(with = "by_id")]
    pub participants: BTreeMap<ParticipantId, Participant>,
    #[serde(with = "by_id")]
    pub cards: BTreeMap<CardId, Card>,
    #[serde(with = "by_id")]
    pub stickers: BTreeMap<StickerId, Sticker>,
    /// Next free ids. Part of the state so that replaying events allocates nothing.
    next_participant: u32,
    next_card: u32,
    next_sticker: u32,
}

impl Workshop {
    /// Validates a new workshop's title and question and returns its first event.
    pub fn create(title: &str, question: &str, settings: Settings) -> Result<Event, Rejection> {
        let title = clean_text("title", title, 1, MAX_TITLE)?;
        let question = clean_text("question", question, 0, MAX_QUESTION)?;
        if settings.green > 20 || settings.red > 20 {
            return Err(invalid("at most 20 stickers of each colour per person"));
        }
        Ok(Event::Created {
            title,
            question,
            settings,
        })
    }

    /// Rebuilds a workshop from its events, in order.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Workshop {
        let mut workshop = Workshop::default();
        for event in events {
            workshop.apply(event);
        }
        workshop
    }

    /// Decides what `cmd`, sent by `actor`, does to the board. Pure: the state is not
    /// changed until the returned events are applied.
    pub fn decide(&self, actor: &Actor, cmd: &Command) -> Result<Vec<Event>, Rejection> {
        match cmd {
            Command::Join { name, organisation } => {
                match actor {
                    Actor::Guest => {}
                    Actor::Participant { .. } => {
                        return Err(Rejection::new(
                            RejectionCode::AlreadyJoined,
                            "you have already joined this workshop",
                        ))
                    }
                    Actor::Facilitator | Actor::Wall => {
                        return Err(not_allowed("only a participant's browser can join"))
                    }
                }
                if self.participants.len() >= MAX_PARTICIPANTS {
                    return Err(Rejection::new(
                        RejectionCode::BoardFull,
                        format!("this workshop is full ({MAX_PARTICIPANTS} participants)"),
                    ));
                }
                let participant = Participant {
                    id: ParticipantId(self.next_participant),
                    name: clean_text("name", name, 1, MAX_NAME)?,
                    organisation: clean_text("organisation", organisation, 0, MAX_ORGANISATION)?,
                };
                Ok(vec![Event::Joined { participant }])
            }
            Command::AddCard { text, x, y } => {
                let author = self.writer(actor)?;
                if self.cards.len() >= MAX_CARDS {
                    return Err(Rejection::new(
                        RejectionCode::BoardFull,
                        format!("this board already holds {MAX_CARDS} cards"),
                    ));
                }
                check_position(*x, *y)?;
                let card = Card {
                    id: CardId(self.next_card),
                    author,
                    text: clean_text("card text", text, 1, MAX_CARD_TEXT)?,
                    x: *x,
                    y: *y,
                };
                Ok(vec![Event::CardAdded { card }])
            }
            Command::MoveCard { card, x, y } => {
                self.writer(actor)?;
                self.card(*card)?;
                check_position(*x, *y)?;
                Ok(vec![Event::CardMoved {
                    card: *card,
                    x: *x,
                    y: *y,
                }])
            }
            Command::EditCard { card, text } => {
                let author = self.writer(actor)?;
                let existing = self.card(*card)?;
                if *actor != Actor::Facilitator && existing.author != author {
                    return Err(not_allowed(
                        "only its author or the facilitator can edit a card",
                    ));
                }
                Ok(vec![Event::CardEdited {
                    card: *card,
                    text: clean_text("card text", text, 1, MAX_CARD_TEXT)?,
                }])
            }
            Command::PlaceSticker { card, color } => {
                let owner = self.voter(actor)?;
                self.card(*card)?;
                let placed = self.stickers_of(owner, *color).count();
                if placed >= usize::from(self.budget(*color)) {
                    return Err(Rejection::new(
                        RejectionCode::BudgetExhausted,
                        format!(
                            "you have placed all your {} stickers; move or take one back first",
                            color_name(*color)
                        ),
                    ));
                }
                self.check_duplicate(owner, *color, *card)?;
                let sticker = Sticker {
                    id: StickerId(self.next_sticker),
                    card: *card,
                    owner,
                    color: *color,
                };
                Ok(vec![Event::StickerPlaced { sticker }])
            }
            Command::MoveSticker { sticker, card } => {
                let owner = self.voter(actor)?;
                let existing = self.own_sticker(owner, *sticker)?;
                self.card(*card)?;
                if existing.card != *card {
                    self.check_duplicate(owner, existing.color, *card)?;
                }
                Ok(vec![Event::StickerMoved {
                    sticker: *sticker,
                    card: *card,
                }])
            }
            Command::RemoveSticker { sticker } => {
                let owner = self.voter(actor)?;
                self.own_sticker(owner, *sticker)?;
                Ok(vec![Event::StickerRemoved { sticker: *sticker }])
            }
        }
    }

    /// Folds one event into the state. Events come from `decide` (or from the log that
    /// stored them), so they are trusted: an event that names something missing is ignored
    /// rather than allowed to panic a browser or a replay.
    pub fn apply(&mut self, event: &Event) {
        match event {
            Event::Created {
                title,
                question,
                settings,
            } => {
                self.title.clone_from(title);
                self.question.clone_from(question);
                self.settings = settings.clone();
            }
            Event::Joined { participant } => {
                self.next_participant = self.next_participant.max(participant.id.0 + 1);
                self.participants
                    .insert(participant.id, participant.clone());
            }
            Event::CardAdded { card } => {
                self.next_card = self.next_card.max(card.id.0 + 1);
                self.cards.insert(card.id, card.clone());
            }
            Event::CardMoved { card, x, y } => {
                if let Some(card) = self.cards.get_mut(card) {
                    card.x = *x;
                    card.y = *y;
                }
            }
            Event::CardEdited { card, text } => {
                if let Some(card) = self.cards.get_mut(card) {
                    card.text.clone_from(text);
                }
            }
            Event::StickerPlaced { sticker } => {
                self.next_sticker = self.next_sticker.max(sticker.id.0 + 1);
                self.stickers.insert(sticker.id, sticker.clone());
            }
            Event::StickerMoved { sticker, card } => {
                if let Some(sticker) = self.stickers.get_mut(sticker) {
                    sticker.card = *card;
                }
            }
            Event::StickerRemoved { sticker } => {
                self.stickers.remove(sticker);
            }
        }
    }

    /// How many stickers of `color` each participant has.
    pub fn budget(&self, color: StickerColor) -> u8 {
        match color {
            StickerColor::Green => self.settings.green,
            StickerColor::Red => self.settings.red,
        }
    }

    /// The stickers `owner` has placed, of one colour.
    pub fn stickers_of(
        &self,
        owner: ParticipantId,
        color: StickerColor,
    ) -> impl Iterator<Item = &Sticker> + '_ {
        self.stickers
            .values()
            .filter(move |s| s.owner == owner && s.color == color)
    }

    /// The stickers on one card, in the order they were placed.
    pub fn stickers_on(&self, card: CardId) -> impl Iterator<Item = &Sticker> + '_ {
        self.stickers.values().filter(move |s| s.card == card)
    }

    /// Who may write and move cards: participants and the facilitator. Returns the author
    /// recorded on a new card.
    fn writer(&self, actor: &Actor) -> Result<Option<ParticipantId>, Rejection> {
        match actor {
            Actor::Facilitator => Ok(None),
            Actor::Participant { id } => self.member(*id).map(Some),
            Actor::Guest => Err(not_joined()),
            Actor::Wall => Err(not_allowed("the wall display is read-only")),
        }
    }

    /// Who may place stickers: participants only; each sticker belongs to one person.
    fn voter(&self, actor: &Actor) -> Result<ParticipantId, Rejection> {
        match actor {
            Actor::Participant { id } => self.member(*id),
            Actor::Guest => Err(not_joined()),
            Actor::Facilitator => Err(not_allowed("stickers belong to participants")),
            Actor::Wall => Err(not_allowed("the wall display is read-only")),
        }
    }

    fn member(&self, id: ParticipantId) -> Result<ParticipantId, Rejection> {
        if self.participants.contains_key(&id) {
            Ok(id)
        } else {
            Err(not_joined())
        }
    }

    fn card(&self, id: CardId) -> Result<&Card, Rejection> {
        self.cards.get(&id).ok_or_else(|| {
            Rejection::new(
                RejectionCode::UnknownCard,
                format!("there is no card {id} on this board"),
            )
        })
    }

    fn own_sticker(&self, owner: ParticipantId, id: StickerId) -> Result<&Sticker, Rejection> {
        match self.stickers.get(&id) {
            None => Err(Rejection::new(
                RejectionCode::UnknownSticker,
                format!("there is no sticker {id} on this board"),
            )),
            Some(sticker) if sticker.owner != owner => {
                Err(not_allowed("you can only move or remove your own stickers"))
            }
            Some(sticker) => Ok(sticker),
        }
    }

    /// Red stickers are one per card by nature (a commitment); greens stack unless the
    /// workshop forbids it.
    fn check_duplicate(
        &self,
        owner: ParticipantId,
        color: StickerColor,
        card: CardId,
    ) -> Result<(), Rejection> {
        let stacking_allowed =
            color == StickerColor::Green && self.settings.multiple_greens_per_card;
        if !stacking_allowed && self.stickers_of(owner, color).any(|s| s.card == card) {
            return Err(Rejection::new(
                RejectionCode::DuplicateSticker,
                format!(
                    "you already have a {} sticker on this card",
                    color_name(color)
                ),
            ));
        }
        Ok(())
    }
}

/// Maps keyed by id travel as plain lists (each item carries its id). JSON object keys are
/// strings, and integer keys do not survive the buffering of internally tagged messages.
mod by_id {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub trait Keyed {
        type Key: Ord;
        fn key(&self) -> Self::Key;
    }

    pub fn serialize<S: Serializer, K, V: Serialize>(
        map: &BTreeMap<K, V>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.values())
    }

    pub fn deserialize<'de, D, V>(deserializer: D) -> Result<BTreeMap<V::Key, V>, D::Error>
    where
        D: Deserializer<'de>,
        V: Keyed + Deserialize<'de>,
    {
        let items = Vec::<V>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| (item.key(), item)).collect())
    }
}

macro_rules! keyed {
    ($($item:ty => $key:ty),*) => {$(
        impl by_id::Keyed for $item {
            type Key = $key;
            fn key(&self) -> $key {
                self.id
            }
        }
    )*};
}
keyed!(Participant => ParticipantId, Card => CardId, Sticker => StickerId);

fn color_name(color: StickerColor) -> &'static str {
    match color {
        StickerColor::Green => "green",
        StickerColor::Red => "red",
    }
}

fn not_allowed(message: &str) -> Rejection {
    Rejection::new(RejectionCode::NotAllowed, message)
}

fn not_joined() -> Rejection {
    Rejection::new(
        RejectionCode::NotJoined,
        "join the workshop with your name first",
    )
}

fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::Invalid, message)
}

/// Trims `text` and checks its length in characters (not bytes: names are often accented).
fn clean_text(what: &str, text: &str, min: usize, max: usize) -> Result<String, Rejection> {
    let text = text.trim();
    let len = text.chars().count();
    if len < min {
        return Err(invalid(format!("the {what} cannot be empty")));
    }
    if len > max {
        return Err(invalid(format!(
            "the {what} is too long ({len} characters, at most {max})"
        )));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(format!("the {what} contains control characters")));
    }
    Ok(text.to_owned())
}

fn check_position(x: f32, y: f32) -> Result<(), Rejection> {
    let inside = x.is_finite()
        && y.is_finite()
        && (0.0..=BOARD_WIDTH).contains(&x)
        && (0.0..=BOARD_HEIGHT).contains(&y);
    if inside {
        Ok(())
    } else {
        Err(invalid(format!(
            "position ({x}, {y}) is outside the board (0..{BOARD_WIDTH} × 0..{BOARD_HEIGHT})"
        )))
    }
}

#[cfg(test)]
mod tests;
