//! The workshop state and its rules: `decide` turns a command into events or a rejection,
//! `apply` folds an event into the state. The server and the browser run this same code.
//!
//! The submodules split the rules by concern: [`decide`] (every command, by role and
//! phase), [`apply`] (events → state), [`groups`] (pairs, fours, pools and quotas),
//! [`view`] (who may see which card and sticker) and [`results`] (the outcome of the vote).

use crate::ids::{CardId, GroupId, ParticipantId, StickerId, ThemeId};
use crate::lang::Lang;
use crate::rejection::Rejection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod apply;
mod card_face;
mod decide;
mod details;
mod groups;
mod panel;
mod record;
mod results;
pub(crate) mod text;
mod view;

pub use card_face::{card_height, card_lines, TextSize, LINE_HEIGHT, LONGER_LINES};
pub(crate) use decide::check_settings;
pub(crate) use details::{check_details, check_follow_ups};
pub use details::{is_calendar_date, Details, NewWorkshop};
pub use groups::{GroupMethod, Pool};
pub use panel::{Area, AREA_MIN_HEIGHT, AREA_MIN_WIDTH, AREA_TITLE, UNTHEMED_AREA, UNTHEMED_WIDTH};
pub use record::{Dropped, PhaseEntry, PhaseSpan, Tally, Timeline};
pub use results::{RankedCard, Results, ThemeResult};
pub use view::Audience;

/// Width of the board in logical units. Positions are logical so that a phone, a laptop
/// and the projected wall show the same arrangement whatever their pixel size.
pub const BOARD_WIDTH: f32 = 1600.0;
/// Height of the board in logical units (16:9, the shape of a projector).
pub const BOARD_HEIGHT: f32 = 900.0;

/// Size of a card in logical units; positions are kept so that a card stays on the board.
/// A card with a longer text stands taller (see [`card_height`]): this is the least.
pub const CARD_WIDTH: f32 = 200.0;
pub const CARD_HEIGHT: f32 = 120.0;

/// Longest card text, in characters.
pub const MAX_CARD_TEXT: usize = 280;
/// Longest participant name, in characters.
pub const MAX_NAME: usize = 60;
/// Longest organisation name, in characters.
pub const MAX_ORGANISATION: usize = 80;
/// Longest core value, in characters.
pub const MAX_CORE_VALUE: usize = 120;
/// Longest workshop title, in characters.
pub const MAX_TITLE: usize = 120;
/// Longest workshop question, in characters.
pub const MAX_QUESTION: usize = 600;
/// Longest theme title, in characters.
pub const MAX_THEME: usize = 80;
/// Longest place, organiser or facilitator name in the workshop's details, in characters.
pub const MAX_DETAIL: usize = 120;
/// Most follow-up questions ("next steps").
pub const MAX_FOLLOW_UPS: usize = 12;
/// Longest follow-up question, in characters.
pub const MAX_FOLLOW_UP: usize = 600;
/// Longest synthesis of the exchanges, in characters. Three-byte characters throughout
/// still fit in one protocol message.
pub const MAX_SYNTHESIS: usize = 4000;
/// Most themes on one board.
pub const MAX_THEMES: usize = 30;
/// Most participants one board accepts.
pub const MAX_PARTICIPANTS: usize = 500;
/// Most cards in play on one board (withdrawn, merged and removed ones do not count, so
/// they never block a meeting).
pub const MAX_CARDS: usize = 5000;
/// Most cards a board ever holds, archived ones included: what bounds its memory and log.
pub const MAX_CARDS_EVER: usize = 20_000;
/// Most ideas one person may write on a board, withdrawn ones included: enough to rewrite
/// every idea many times, not to fill the board by writing and withdrawing.
pub const MAX_IDEAS_WRITTEN: usize = 100;
/// Longest countdown, in seconds (four hours).
pub const MAX_TIMER_SECONDS: u32 = 4 * 3600;

/// Who is acting. The server derives it from the connection's credential; a client can
/// never claim to be someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Actor {
    /// Holds the facilitator secret of the board.
    Facilitator,
    /// The facilitator acting on behalf of a participant (someone in the room without a
    /// device). The command is decided as if that participant sent it; the log records
    /// that the facilitator did it.
    Proxy { id: ParticipantId },
    /// A participant who has joined.
    Participant { id: ParticipantId },
    /// A browser with a participant token that has not joined yet: it may only join.
    Guest,
    /// A read-only display (projector, TV).
    Wall,
}

/// The phases of the workshop, in order. Only the facilitator moves between them, in
/// either direction and skipping any.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// People arrive and join; the facilitator adjusts the settings.
    #[default]
    Lobby,
    /// Everyone says who they are and one core value of their organisation.
    RoundTable,
    /// Alone: each participant writes up to N private cards.
    Ideas,
    /// Pairs pool their cards and keep the pair quota.
    Pairs,
    /// Two pairs pool their kept cards and keep the four quota.
    Fours,
    /// The kept cards of every four go on the panel, grouped under themes.
    Plenary,
    /// Green (priority) and red (commitment) stickers.
    Vote,
    /// The ranked action plan.
    Results,
}

impl Phase {
    pub const ALL: [Phase; 8] = [
        Phase::Lobby,
        Phase::RoundTable,
        Phase::Ideas,
        Phase::Pairs,
        Phase::Fours,
        Phase::Plenary,
        Phase::Vote,
        Phase::Results,
    ];

    /// The phase after this one, if any.
    pub fn next(self) -> Option<Phase> {
        Phase::ALL.get(self as usize + 1).copied()
    }

    /// The phase before this one, if any.
    pub fn previous(self) -> Option<Phase> {
        (self as usize).checked_sub(1).map(|i| Phase::ALL[i])
    }

    /// The name a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Lobby => "Lobby",
            Phase::RoundTable => "Round table",
            Phase::Ideas => "Ideas (alone)",
            Phase::Pairs => "Pairs",
            Phase::Fours => "Fours",
            Phase::Plenary => "Plenary",
            Phase::Vote => "Vote",
            Phase::Results => "Results",
        }
    }

    /// The group round played in this phase.
    pub fn round(self) -> Option<Round> {
        match self {
            Phase::Pairs => Some(Round::Pairs),
            Phase::Fours => Some(Round::Fours),
            _ => None,
        }
    }
}

/// The two group rounds of the snowball.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Round {
    Pairs,
    Fours,
}

impl Round {
    pub fn phase(self) -> Phase {
        match self {
            Round::Pairs => Phase::Pairs,
            Round::Fours => Phase::Fours,
        }
    }

    /// How many people a group of this round has when the count works out evenly.
    pub fn nominal_size(self) -> usize {
        match self {
            Round::Pairs => 2,
            Round::Fours => 4,
        }
    }

    /// "Pair", "Four": used in group names.
    pub fn label(self) -> &'static str {
        match self {
            Round::Pairs => "Pair",
            Round::Fours => "Four",
        }
    }
}

/// Countdown length of each phase, in seconds; 0 means no countdown is offered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Durations {
    pub round_table: u32,
    pub ideas: u32,
    pub pairs: u32,
    pub fours: u32,
    pub plenary: u32,
    pub vote: u32,
}

impl Default for Durations {
    fn default() -> Durations {
        Durations {
            round_table: 0,
            ideas: 10 * 60,
            pairs: 15 * 60,
            fours: 20 * 60,
            plenary: 0,
            vote: 10 * 60,
        }
    }
}

impl Durations {
    /// The default countdown of `phase`, in seconds (0: none).
    pub fn of(&self, phase: Phase) -> u32 {
        match phase {
            Phase::Lobby | Phase::Results => 0,
            Phase::RoundTable => self.round_table,
            Phase::Ideas => self.ideas,
            Phase::Pairs => self.pairs,
            Phase::Fours => self.fours,
            Phase::Plenary => self.plenary,
            Phase::Vote => self.vote,
        }
    }

    fn all(&self) -> [u32; 6] {
        [
            self.round_table,
            self.ideas,
            self.pairs,
            self.fours,
            self.plenary,
            self.vote,
        ]
    }
}

/// The numbers of the workshop, chosen by the facilitator at creation and editable in the
/// lobby. Missing fields take their defaults, so a client may send only what it changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Cards each participant may write alone.
    pub ideas_per_person: u8,
    /// Cards a pair keeps.
    pub pair_keep: u8,
    /// Cards a four keeps.
    pub four_keep: u8,
    /// Green (priority) stickers per participant.
    pub green: u8,
    /// Red (commitment) stickers per participant.
    pub red: u8,
    /// Whether one participant may put several green stickers on the same card.
    pub multiple_greens_per_card: bool,
    /// Whether participants and the wall see others' stickers while the vote is open.
    pub stickers_visible_during_vote: bool,
    /// Countdown of each phase.
    pub durations: Durations,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            ideas_per_person: 3,
            pair_keep: 4,
            four_keep: 6,
            green: 3,
            red: 1,
            multiple_greens_per_card: true,
            stickers_visible_during_vote: true,
            durations: Durations::default(),
        }
    }
}

/// A person on the board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub id: ParticipantId,
    pub name: String,
    pub organisation: String,
    /// One value of their organisation, said at the round table.
    #[serde(default)]
    pub core_value: String,
    /// Added by the facilitator for someone in the room without a device.
    #[serde(default)]
    pub proxy: bool,
    /// Taken off the board by the facilitator: they can no longer act or connect, and are
    /// not counted among those present. Their name stays on the cards their groups kept.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

/// Why a card left play. Archived cards stay on the board's record; nothing is deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Archive {
    /// Its author took it back while writing ideas; it stays private to them.
    Withdrawn,
    /// It was merged with another card into `into`.
    Merged { into: CardId },
    /// The facilitator took it off the board.
    Removed,
}

/// A card: an idea, then an action on the panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    pub text: String,
    /// Who wrote it; a merged card has the authors of both originals. Empty when the
    /// facilitator wrote it on the panel.
    pub authors: Vec<ParticipantId>,
    /// The phase it was written in; with the keep marks it decides which pool it is in.
    pub created_in: Phase,
    /// The cards it was merged from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origin: Vec<CardId>,
    /// Kept by its pair, then by its four.
    #[serde(default)]
    pub kept_in_pair: bool,
    #[serde(default)]
    pub kept_in_four: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<Archive>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeId>,
    /// Top-left corner in logical board units.
    pub x: f32,
    pub y: f32,
    /// Whether it has been given a place on the panel (by the layout or by hand).
    #[serde(default)]
    pub placed: bool,
    /// Written by the facilitator on behalf of its author.
    #[serde(default)]
    pub proxied: bool,
    /// The text as first written, kept when the card is reworded, so the report can trace
    /// an action back to the words of its authors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_text: Option<String>,
}

impl Card {
    /// How tall the card stands on the panel, from its text.
    pub fn height(&self) -> f32 {
        card_height(&self.text)
    }

    /// Still in play: not withdrawn, merged or removed.
    pub fn is_live(&self) -> bool {
        self.archived.is_none()
    }

    /// Whether its group kept it in `round`.
    pub fn is_kept(&self, round: Round) -> bool {
        match round {
            Round::Pairs => self.kept_in_pair,
            Round::Fours => self.kept_in_four,
        }
    }

    /// The author whose group the card belongs to in a group round.
    pub fn first_author(&self) -> Option<ParticipantId> {
        self.authors.first().copied()
    }
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

impl StickerColor {
    pub fn name(self) -> &'static str {
        match self {
            StickerColor::Green => "green",
            StickerColor::Red => "red",
        }
    }
}

/// One sticker placed by a participant on a card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sticker {
    pub id: StickerId,
    pub card: CardId,
    pub owner: ParticipantId,
    pub color: StickerColor,
    /// Placed by the facilitator on behalf of its owner.
    #[serde(default)]
    pub proxied: bool,
}

/// A pair or a four.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub round: Round,
    pub members: Vec<ParticipantId>,
    /// The group declared it has kept its quota.
    #[serde(default)]
    pub done: bool,
    /// A quota the facilitator set by hand, instead of the scaled one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u8>,
}

/// A theme of the panel: a named area of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: ThemeId,
    pub title: String,
    /// Where the facilitator put it; `None`: its column of the default layout
    /// ([`Workshop::theme_areas`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<Area>,
}

/// A countdown. It is state, not a clock: everyone computes the same remaining time from
/// it and the server's time given in the welcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    pub duration_ms: u64,
    /// Time already counted down before the current run.
    pub elapsed_ms: u64,
    /// When the current run started (ms since the Unix epoch); `None` while paused.
    pub running_since_ms: Option<u64>,
}

impl Timer {
    /// Milliseconds left at `now_ms` (0 once it ran out).
    pub fn remaining_ms(&self, now_ms: u64) -> u64 {
        let running = self
            .running_since_ms
            .map_or(0, |since| now_ms.saturating_sub(since));
        self.duration_ms
            .saturating_sub(self.elapsed_ms)
            .saturating_sub(running)
    }

    pub fn is_running(&self) -> bool {
        self.running_since_ms.is_some()
    }
}

/// A card given a place on the panel when the plenary opens.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Placement {
    pub card: CardId,
    pub x: f32,
    pub y: f32,
}

/// What a client asks the board to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Command {
    /// Join the workshop as a participant (from a guest connection).
    Join {
        name: String,
        organisation: String,
    },
    /// Facilitator: add someone in the room who has no device.
    AddProxy {
        name: String,
        organisation: String,
    },
    /// Facilitator: close the door to new participants (or open it again).
    SetDoor {
        closed: bool,
    },
    /// Facilitator: take someone off the board (a stranger, a duplicate). Their ideas no
    /// one else has seen and their stickers go with them.
    RemoveParticipant {
        participant: ParticipantId,
    },
    /// Record one's core value (round table).
    SetCoreValue {
        value: String,
    },
    /// Facilitator, in the lobby: change the numbers of the workshop.
    UpdateSettings {
        settings: Settings,
    },
    /// Facilitator, at any phase: the date, place, organiser and facilitator of the
    /// meeting, for the report's heading.
    UpdateDetails {
        details: Details,
    },
    /// Facilitator, at any phase: the workshop's language (the wall's and the outputs').
    /// Default themes and follow-up questions still as created follow it.
    SetLanguage {
        lang: Lang,
    },
    /// Facilitator, at any phase: the follow-up questions that close the report.
    SetFollowUps {
        questions: Vec<String>,
    },
    /// Facilitator, during the results: the synthesis of the exchanges.
    SetSynthesis {
        text: String,
    },
    /// Facilitator: go to a phase (forward, back or skipping).
    SetPhase {
        phase: Phase,
    },
    /// Facilitator: start a countdown; without `seconds`, the phase's default length.
    StartTimer {
        #[serde(default)]
        seconds: Option<u32>,
    },
    PauseTimer,
    ResumeTimer,
    /// Add (or, negative, take off) time on the countdown.
    AddTime {
        seconds: i32,
    },
    ClearTimer,
    /// Write a card: an idea (participants, in the ideas phase) or an action on the
    /// panel (the facilitator, in the plenary).
    AddCard {
        text: String,
        x: f32,
        y: f32,
    },
    /// Drop a card at a new position (the end of a drag).
    MoveCard {
        card: CardId,
        x: f32,
        y: f32,
    },
    /// Change the text of a card (reword).
    EditCard {
        card: CardId,
        text: String,
    },
    /// Take a card out of play: the author withdraws an idea, the facilitator removes a
    /// card. It is archived, never deleted.
    WithdrawCard {
        card: CardId,
    },
    /// Facilitator: bring an archived card back into play.
    RestoreCard {
        card: CardId,
    },
    /// Facilitator: form the groups of a round automatically.
    FormGroups {
        round: Round,
        method: GroupMethod,
    },
    /// Facilitator: move a person to another group of a round (`None`: a new group).
    MoveMember {
        round: Round,
        participant: ParticipantId,
        group: Option<GroupId>,
    },
    /// Facilitator: set a group's quota by hand (`None`: back to the scaled quota).
    SetGroupQuota {
        group: GroupId,
        quota: Option<u8>,
    },
    /// Mark a card of one's group kept (or not) for the next round.
    Keep {
        card: CardId,
        keep: bool,
    },
    /// Merge two cards of the same pool into a new one with `text`.
    MergeCards {
        cards: [CardId; 2],
        text: String,
    },
    /// Declare one's group done (or reopen it). The facilitator names the group.
    SetDone {
        done: bool,
        #[serde(default)]
        group: Option<GroupId>,
    },
    /// Facilitator: the order in which the fours present in the plenary.
    OrderGroups {
        groups: Vec<GroupId>,
    },
    /// Facilitator, in the plenary: `group` presents, and its cards come from the tray to
    /// the "no theme yet" area of the panel; `None` ends the presentations and brings
    /// every card still waiting.
    Present {
        group: Option<GroupId>,
    },
    AddTheme {
        title: String,
    },
    RenameTheme {
        theme: ThemeId,
        title: String,
    },
    /// Move a theme to position `index` among the themes.
    MoveTheme {
        theme: ThemeId,
        index: u32,
    },
    /// Remove a theme; its cards become unthemed.
    RemoveTheme {
        theme: ThemeId,
    },
    /// Move or resize a theme's area of the panel; its cards move with it.
    SetThemeArea {
        theme: ThemeId,
        area: Area,
    },
    /// Put a card under a theme (`None`: no theme): it moves into that theme's area.
    SetCardTheme {
        card: CardId,
        theme: Option<ThemeId>,
    },
    /// Put one of one's stickers on a panel card.
    PlaceSticker {
        card: CardId,
        color: StickerColor,
    },
    /// Move one of one's stickers to another card.
    MoveSticker {
        sticker: StickerId,
        card: CardId,
    },
    /// Take one of one's stickers back.
    RemoveSticker {
        sticker: StickerId,
    },
}

/// What happened on the board. Events are the unit of broadcast, persistence and replay:
/// folding them in order with [`Workshop::apply`] rebuilds the state exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The workshop was created; the first event of a board (or [`Event::Imported`]).
    Created {
        title: String,
        question: String,
        settings: Settings,
        themes: Vec<Theme>,
        #[serde(default)]
        details: Details,
        #[serde(default)]
        follow_ups: Vec<String>,
        /// When it was created (ms since the Unix epoch; 0 in logs older than this field).
        #[serde(default)]
        at_ms: u64,
        #[serde(default)]
        lang: Lang,
    },
    /// The board was created from an exported workshop: this is its whole state. The
    /// first event of such a board.
    Imported {
        workshop: Box<Workshop>,
    },
    SettingsChanged {
        settings: Settings,
    },
    DetailsChanged {
        details: Details,
    },
    /// The workshop's language changed, and with it the default themes and follow-up
    /// questions nobody had changed: here are both, whole.
    LanguageSet {
        lang: Lang,
        themes: Vec<Theme>,
        follow_ups: Vec<String>,
    },
    FollowUpsSet {
        questions: Vec<String>,
    },
    SynthesisSet {
        text: String,
    },
    Joined {
        participant: Participant,
    },
    DoorSet {
        closed: bool,
    },
    ParticipantRemoved {
        participant: ParticipantId,
    },
    CoreValueSet {
        participant: ParticipantId,
        value: String,
    },
    /// The phase changed; the countdown is reset to the new phase's default (stopped).
    PhaseChanged {
        phase: Phase,
        timer: Option<Timer>,
        /// When (ms since the Unix epoch; 0 in logs older than this field).
        #[serde(default)]
        at_ms: u64,
    },
    TimerChanged {
        timer: Option<Timer>,
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
    /// The card left play; stickers on it went back to their owners.
    CardArchived {
        card: CardId,
        archive: Archive,
    },
    CardRestored {
        card: CardId,
    },
    CardKept {
        card: CardId,
        round: Round,
        kept: bool,
    },
    /// `card` replaces the cards of its `origin`, which are archived as merged; their
    /// stickers move to it.
    CardsMerged {
        card: Card,
    },
    /// The groups of a round, all of them (formed, or changed by hand).
    GroupsSet {
        round: Round,
        groups: Vec<Group>,
    },
    GroupQuotaSet {
        group: GroupId,
        quota: Option<u8>,
    },
    GroupDone {
        group: GroupId,
        done: bool,
    },
    /// The fours of the plenary, in presentation order.
    GroupsOrdered {
        groups: Vec<GroupId>,
    },
    /// Kept cards reach the panel, laid out group by group.
    PanelLaidOut {
        placements: Vec<Placement>,
    },
    ThemeAdded {
        theme: Theme,
    },
    ThemeRenamed {
        theme: ThemeId,
        title: String,
    },
    ThemeMoved {
        theme: ThemeId,
        index: u32,
    },
    ThemeRemoved {
        theme: ThemeId,
    },
    ThemeAreaSet {
        theme: ThemeId,
        area: Area,
    },
    /// The group presenting in the plenary (`None`: none, or the presentations ended).
    Presenting {
        group: Option<GroupId>,
    },
    CardThemed {
        card: CardId,
        theme: Option<ThemeId>,
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
    pub phase: Phase,
    pub timer: Option<Timer>,
    #[serde(with = "by_id")]
    pub participants: BTreeMap<ParticipantId, Participant>,
    #[serde(with = "by_id")]
    pub cards: BTreeMap<CardId, Card>,
    #[serde(with = "by_id")]
    pub stickers: BTreeMap<StickerId, Sticker>,
    /// Pairs then fours; the fours in presentation order.
    pub groups: Vec<Group>,
    /// In display order.
    pub themes: Vec<Theme>,
    /// No one new may join while it is closed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub door_closed: bool,
    /// The four presenting its cards in the plenary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presenting: Option<GroupId>,
    /// The group rounds the workshop has entered. A round that was skipped keeps every
    /// card of its pool, so skipping straight to the plenary puts every idea on the panel.
    pub rounds_played: Vec<Round>,
    /// Date, place, organiser and facilitator, for the report.
    #[serde(default)]
    pub details: Details,
    /// The questions the report closes on ("next steps").
    #[serde(default)]
    pub follow_ups: Vec<String>,
    /// The facilitator's synthesis of the exchanges.
    #[serde(default)]
    pub synthesis: String,
    /// When the workshop was created (ms since the Unix epoch; 0 if unknown).
    #[serde(default)]
    pub created_ms: u64,
    /// The language of the wall and of the outputs.
    #[serde(default)]
    pub lang: Lang,
    /// Every phase change, in order, with its time: the report's timeline.
    #[serde(default)]
    pub phase_log: Vec<PhaseEntry>,
    /// Next free ids. Part of the state so that replaying events allocates nothing.
    pub(crate) next_participant: u32,
    pub(crate) next_card: u32,
    pub(crate) next_sticker: u32,
    pub(crate) next_group: u32,
    pub(crate) next_theme: u32,
}

impl Workshop {
    /// Validates a new workshop created at `now_ms` and returns its first event. No
    /// themes gives the default themes; no follow-up questions, the default ones.
    pub fn create(new: &NewWorkshop, now_ms: u64) -> Result<Event, Rejection> {
        let title = text::clean("title", &new.title, 1, MAX_TITLE)?;
        let question = text::clean("question", &new.question, 0, MAX_QUESTION)?;
        let settings = new.settings.clone().unwrap_or_default();
        decide::check_settings(&settings)?;
        if new.themes.len() > MAX_THEMES {
            return Err(text::invalid(format!("at most {MAX_THEMES} themes")));
        }
        let titles: Vec<String> = if new.themes.is_empty() {
            new.lang.default_themes().map(str::to_owned).to_vec()
        } else {
            new.themes.clone()
        };
        let themes = titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                Ok(Theme {
                    id: ThemeId(i as u32),
                    title: text::clean("theme", title, 1, MAX_THEME)?,
                    area: None,
                })
            })
            .collect::<Result<_, Rejection>>()?;
        let follow_ups = match &new.follow_ups {
            Some(questions) => details::check_follow_ups(questions)?,
            None => new.lang.default_follow_ups().map(str::to_owned).to_vec(),
        };
        Ok(Event::Created {
            title,
            question,
            settings,
            themes,
            details: details::check_details(&new.details)?,
            follow_ups,
            at_ms: now_ms,
            lang: new.lang,
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

    /// The live ideas `author` wrote alone.
    pub fn ideas_of(&self, author: ParticipantId) -> impl Iterator<Item = &Card> + '_ {
        self.cards.values().filter(move |c| {
            c.is_live() && c.created_in == Phase::Ideas && c.authors.first() == Some(&author)
        })
    }

    pub fn group(&self, id: GroupId) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The groups of one round, in order.
    pub fn groups_of(&self, round: Round) -> impl Iterator<Item = &Group> + '_ {
        self.groups.iter().filter(move |g| g.round == round)
    }

    /// The group `participant` belongs to in `round`.
    pub fn group_of(&self, round: Round, participant: ParticipantId) -> Option<&Group> {
        self.groups_of(round)
            .find(|g| g.members.contains(&participant))
    }

    /// A name people read: "Pair 2", "Four 1".
    pub fn group_name(&self, id: GroupId) -> String {
        match self.group(id) {
            Some(group) => {
                let n = self
                    .groups_of(group.round)
                    .position(|g| g.id == id)
                    .unwrap_or(0);
                format!("{} {}", group.round.label(), n + 1)
            }
            None => format!("Group {id}"),
        }
    }

    /// How people name a group: its round and its number in it.
    pub fn group_ref(&self, id: GroupId) -> crate::rejection::GroupName {
        let (round, number) = match self.group(id) {
            Some(group) => (
                group.round,
                self.groups_of(group.round)
                    .position(|g| g.id == id)
                    .unwrap_or(0)
                    + 1,
            ),
            None => (Round::Pairs, 0),
        };
        crate::rejection::GroupName {
            round,
            number: number as u32,
        }
    }

    pub fn theme(&self, id: ThemeId) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    pub fn participant_name(&self, id: ParticipantId) -> &str {
        self.participants.get(&id).map_or("?", |p| p.name.as_str())
    }

    /// Sets the id counters past the highest id in use, for a state that was not built
    /// by its own events (an import).
    pub(crate) fn recount_ids(&mut self) {
        let after = |max: Option<u32>| max.map_or(0, |id| id + 1);
        self.next_participant = after(self.participants.keys().map(|id| id.0).max());
        self.next_card = after(self.cards.keys().map(|id| id.0).max());
        self.next_sticker = after(self.stickers.keys().map(|id| id.0).max());
        self.next_group = after(self.groups.iter().map(|g| g.id.0).max());
        self.next_theme = after(self.themes.iter().map(|t| t.id.0).max());
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

#[cfg(test)]
mod tests;
