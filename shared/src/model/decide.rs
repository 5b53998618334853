//! Every command, by role and by phase: what it is allowed to do and the events it makes.
//! A refusal always says why, with a stable code.

use super::text::{self, clean, facilitator_only, invalid, not_allowed, read_only, wrong_phase};
use super::{
    Actor, Archive, Card, Command, Event, Group, Phase, Round, Settings, Sticker, StickerColor,
    Theme, Timer, Workshop, BOARD_HEIGHT, BOARD_WIDTH, MAX_CARDS, MAX_CARDS_EVER, MAX_CARD_TEXT,
    MAX_CORE_VALUE, MAX_IDEAS_WRITTEN, MAX_NAME, MAX_ORGANISATION, MAX_PARTICIPANTS, MAX_THEME,
    MAX_THEMES, MAX_TIMER_SECONDS,
};
use crate::ids::{CardId, GroupId, ParticipantId, StickerId, ThemeId};
use crate::model::Participant;
use crate::rejection::{Detail, Owned, Rejection, RejectionCode};

mod panel;

/// A participant acting, themself or through the facilitator.
#[derive(Clone, Copy)]
struct Person {
    id: ParticipantId,
    proxied: bool,
}

/// Who is doing group work: the facilitator, or a member of a group.
enum Worker {
    Facilitator,
    Person(Person),
}

impl Workshop {
    /// Decides what `cmd`, sent by `actor` at `now_ms` (the server's clock, ms since the
    /// Unix epoch), does to the board. Pure: the state is not changed until the returned
    /// events are applied. The clock is an argument because the model does no I/O; it
    /// starts countdowns and seeds the shuffle of random groups.
    pub fn decide(
        &self,
        actor: &Actor,
        cmd: &Command,
        now_ms: u64,
    ) -> Result<Vec<Event>, Rejection> {
        if *actor == Actor::Wall {
            return Err(read_only());
        }
        let event = match cmd {
            Command::Join { name, organisation } => {
                match actor {
                    Actor::Guest => {}
                    Actor::Participant { .. } | Actor::Proxy { .. } => {
                        return Err(Rejection::new(
                            RejectionCode::AlreadyJoined,
                            "you have already joined this workshop",
                        ))
                    }
                    Actor::Facilitator | Actor::Wall => return Err(not_allowed(
                        "only a participant's browser can join; add a proxy participant instead",
                    )),
                }
                if self.door_closed {
                    return Err(Rejection::detailed(
                        RejectionCode::NotAllowed,
                        Detail::DoorClosed,
                    ));
                }
                match self.expected_person(name, organisation) {
                    Some(person) => Event::Joined {
                        participant: Participant {
                            proxy: false,
                            ..person.clone()
                        },
                    },
                    None => self.new_participant(name, organisation, false)?,
                }
            }
            Command::AddProxy { name, organisation } => {
                self.facilitator(actor, "add a participant without a device")?;
                self.new_participant(name, organisation, true)?
            }
            Command::SetDoor { closed } => {
                self.facilitator(actor, "open or close the door")?;
                if *closed == self.door_closed {
                    return Err(invalid(if *closed {
                        "the door is already closed"
                    } else {
                        "the door is already open"
                    }));
                }
                Event::DoorSet { closed: *closed }
            }
            Command::RemoveParticipant { participant } => {
                self.facilitator(actor, "take someone off the board")?;
                self.participant(*participant)?;
                Event::ParticipantRemoved {
                    participant: *participant,
                }
            }
            Command::SetCoreValue { value } => {
                let person = self.person(actor)?;
                Event::CoreValueSet {
                    participant: person.id,
                    value: clean("core value", value, 0, MAX_CORE_VALUE)?,
                }
            }
            Command::UpdateSettings { settings } => {
                self.facilitator(actor, "change the settings")?;
                if self.phase != Phase::Lobby {
                    return Err(text::only_during(Phase::Lobby, Phase::Lobby));
                }
                check_settings(settings)?;
                Event::SettingsChanged {
                    settings: settings.clone(),
                }
            }
            Command::UpdateDetails { details } => self.update_details(actor, details)?,
            Command::SetFollowUps { questions } => self.set_follow_ups(actor, questions)?,
            Command::SetLanguage { lang } => self.set_language(actor, *lang)?,
            Command::SetSynthesis { text } => self.set_synthesis(actor, text)?,
            Command::SetPhase { phase } => {
                self.facilitator(actor, "move the workshop to another phase")?;
                return self.set_phase(*phase, now_ms);
            }
            Command::StartTimer { seconds } => {
                self.facilitator(actor, "run the countdown")?;
                let seconds = seconds.unwrap_or(self.settings.durations.of(self.phase));
                if seconds == 0 {
                    return Err(invalid(
                        "this phase has no default countdown; give a number of seconds",
                    ));
                }
                if seconds > MAX_TIMER_SECONDS {
                    return Err(invalid(format!(
                        "a countdown lasts at most {MAX_TIMER_SECONDS} seconds"
                    )));
                }
                Event::TimerChanged {
                    timer: Some(Timer {
                        duration_ms: u64::from(seconds) * 1000,
                        elapsed_ms: 0,
                        running_since_ms: Some(now_ms),
                    }),
                }
            }
            Command::PauseTimer => {
                self.facilitator(actor, "run the countdown")?;
                match &self.timer {
                    Some(
                        timer @ Timer {
                            running_since_ms: Some(since),
                            ..
                        },
                    ) => Event::TimerChanged {
                        timer: Some(Timer {
                            elapsed_ms: (timer.elapsed_ms + now_ms.saturating_sub(*since))
                                .min(timer.duration_ms),
                            running_since_ms: None,
                            ..timer.clone()
                        }),
                    },
                    _ => return Err(no_timer("there is no running countdown to pause")),
                }
            }
            Command::ResumeTimer => {
                self.facilitator(actor, "run the countdown")?;
                match &self.timer {
                    Some(timer) if !timer.is_running() => Event::TimerChanged {
                        timer: Some(Timer {
                            running_since_ms: Some(now_ms),
                            ..timer.clone()
                        }),
                    },
                    _ => return Err(no_timer("there is no paused countdown to resume")),
                }
            }
            Command::AddTime { seconds } => {
                self.facilitator(actor, "run the countdown")?;
                let Some(timer) = &self.timer else {
                    return Err(no_timer("there is no countdown to change"));
                };
                if *seconds == 0 || seconds.unsigned_abs() > MAX_TIMER_SECONDS {
                    return Err(invalid(format!(
                        "add between 1 and {MAX_TIMER_SECONDS} seconds, or take them off"
                    )));
                }
                let max = u64::from(MAX_TIMER_SECONDS) * 1000;
                let delta = i64::from(*seconds) * 1000;
                let duration = (timer.duration_ms as i64 + delta).clamp(0, max as i64) as u64;
                Event::TimerChanged {
                    timer: Some(Timer {
                        duration_ms: duration,
                        ..timer.clone()
                    }),
                }
            }
            Command::ClearTimer => {
                self.facilitator(actor, "run the countdown")?;
                if self.timer.is_none() {
                    return Err(no_timer("there is no countdown to clear"));
                }
                Event::TimerChanged { timer: None }
            }
            Command::AddCard { text, x, y } => self.add_card(actor, text, *x, *y)?,
            Command::MoveCard { card, x, y } => {
                let worker = self.worker(actor)?;
                check_position(*x, *y)?;
                let card = self.visible_card(actor, *card)?;
                if let Some(person) = worker.person() {
                    self.check_hands_on(person.id, card, false)?;
                }
                return Ok(self.move_card(card, *x, *y));
            }
            Command::EditCard { card, text } => {
                let worker = self.worker(actor)?;
                let card = self.visible_card(actor, *card)?;
                let text = clean("card text", text, 1, MAX_CARD_TEXT)?;
                match worker {
                    Worker::Facilitator => self.not_in_results()?,
                    Worker::Person(person) => self.check_hands_on(person.id, card, true)?,
                }
                Event::CardEdited {
                    card: card.id,
                    text,
                }
            }
            Command::WithdrawCard { card } => {
                let worker = self.worker(actor)?;
                let card = self.visible_card(actor, *card)?;
                if !card.is_live() {
                    return Err(invalid("this card is already archived"));
                }
                let archive = match worker {
                    Worker::Facilitator => {
                        self.cards_not_frozen()?;
                        Archive::Removed
                    }
                    Worker::Person(person) => {
                        if self.phase != Phase::Ideas {
                            return Err(text::only_during(Phase::Ideas, Phase::Ideas));
                        }
                        self.check_hands_on(person.id, card, true)?;
                        Archive::Withdrawn
                    }
                };
                Event::CardArchived {
                    card: card.id,
                    archive,
                }
            }
            Command::RestoreCard { card } => {
                self.facilitator(actor, "restore archived cards")?;
                let card = self.card(*card)?;
                if card.is_live() {
                    return Err(invalid("this card is not archived"));
                }
                self.cards_not_frozen()?;
                // An idea comes back only if its author has room for it: they may have
                // written another in its place (found by `cargo xtask fuzz`).
                if card.created_in == Phase::Ideas {
                    if let Some(author) = card.first_author() {
                        let quota = usize::from(self.settings.ideas_per_person);
                        if self.ideas_of(author).count() >= quota {
                            return Err(Rejection::new(
                                RejectionCode::QuotaExceeded,
                                format!(
                                    "{} already has {quota} ideas; one must be withdrawn before this one comes back",
                                    self.participant_name(author)
                                ),
                            ));
                        }
                    }
                }
                Event::CardRestored { card: card.id }
            }
            Command::FormGroups { round, method } => {
                self.facilitator(actor, "form the groups")?;
                self.round_not_over(*round)?;
                if self.participants.is_empty() {
                    return Err(invalid("nobody has joined yet"));
                }
                Event::GroupsSet {
                    round: *round,
                    groups: self.form_groups(*round, *method, now_ms, self.next_group),
                }
            }
            Command::MoveMember {
                round,
                participant,
                group,
            } => {
                self.facilitator(actor, "move people between groups")?;
                self.round_not_over(*round)?;
                self.participant(*participant)?;
                self.move_member(*round, *participant, *group)?
            }
            Command::SetGroupQuota { group, quota } => {
                self.facilitator(actor, "change a group's quota")?;
                let group = self.group_by_id(*group)?;
                if let Some(quota) = quota {
                    if *quota == 0 {
                        return Err(invalid("a group keeps at least one card"));
                    }
                }
                Event::GroupQuotaSet {
                    group: group.id,
                    quota: *quota,
                }
            }
            Command::Keep { card, keep } => {
                let round = self.current_round("cards are kept during the pairs and the fours")?;
                let worker = self.worker(actor)?;
                let card = self.visible_card(actor, *card)?;
                let group = self.working_group(&worker, card, round)?;
                let pool = self.pool(group);
                if *keep && !card.is_kept(round) && pool.kept >= pool.quota {
                    return Err(Rejection::detailed(
                        RejectionCode::QuotaExceeded,
                        Detail::KeepQuota {
                            group: self.group_ref(group.id),
                            kept: pool.kept as u32,
                            quota: pool.quota as u32,
                        },
                    ));
                }
                Event::CardKept {
                    card: card.id,
                    round,
                    kept: *keep,
                }
            }
            Command::MergeCards { cards, text } => self.merge(actor, *cards, text)?,
            Command::SetDone { done, group } => {
                let round = self.current_round("groups finish during the pairs and the fours")?;
                let group = match (self.worker(actor)?, group) {
                    (Worker::Facilitator, Some(id)) => {
                        let group = self.group_by_id(*id)?;
                        if group.round != round {
                            return Err(wrong_phase(format!(
                                "{} does not play in this round",
                                self.group_name(group.id)
                            )));
                        }
                        group
                    }
                    (Worker::Facilitator, None) => {
                        return Err(invalid("name the group that is done"));
                    }
                    (Worker::Person(person), named) => {
                        let own = self.own_group(person.id, round)?;
                        if named.is_some_and(|id| id != own.id) {
                            return Err(text::own_only(Owned::Group));
                        }
                        own
                    }
                };
                if *done {
                    let pool = self.pool(group);
                    if pool.kept != pool.quota {
                        let code = if pool.kept > pool.quota {
                            RejectionCode::QuotaExceeded
                        } else {
                            RejectionCode::QuotaNotMet
                        };
                        return Err(Rejection::detailed(
                            code,
                            Detail::FinishQuota {
                                group: self.group_ref(group.id),
                                kept: pool.kept as u32,
                                quota: pool.quota as u32,
                            },
                        ));
                    }
                }
                Event::GroupDone {
                    group: group.id,
                    done: *done,
                }
            }
            Command::OrderGroups { groups } => {
                self.facilitator(actor, "order the presentations")?;
                let mut fours: Vec<GroupId> = self.groups_of(Round::Fours).map(|g| g.id).collect();
                if fours.is_empty() {
                    return Err(invalid("there are no fours to order yet"));
                }
                let mut given = groups.clone();
                fours.sort();
                given.sort();
                if fours != given {
                    return Err(invalid("list every four exactly once"));
                }
                Event::GroupsOrdered {
                    groups: groups.clone(),
                }
            }
            Command::AddTheme { title } => {
                self.facilitator(actor, "edit the themes")?;
                self.not_in_results()?;
                if self.themes.len() >= MAX_THEMES {
                    return Err(Rejection::new(
                        RejectionCode::BoardFull,
                        format!("a board has at most {MAX_THEMES} themes"),
                    ));
                }
                Event::ThemeAdded {
                    theme: Theme {
                        id: ThemeId(self.next_theme),
                        title: clean("theme", title, 1, MAX_THEME)?,
                        area: None,
                    },
                }
            }
            Command::RenameTheme { theme, title } => {
                self.facilitator(actor, "edit the themes")?;
                self.not_in_results()?;
                let theme = self.theme_by_id(*theme)?;
                Event::ThemeRenamed {
                    theme: theme.id,
                    title: clean("theme", title, 1, MAX_THEME)?,
                }
            }
            Command::MoveTheme { theme, index } => {
                self.facilitator(actor, "edit the themes")?;
                self.not_in_results()?;
                let theme = self.theme_by_id(*theme)?;
                if *index as usize >= self.themes.len() {
                    return Err(invalid(format!(
                        "there are {} themes; positions start at 0",
                        self.themes.len()
                    )));
                }
                Event::ThemeMoved {
                    theme: theme.id,
                    index: *index,
                }
            }
            Command::RemoveTheme { theme } => {
                self.facilitator(actor, "edit the themes")?;
                self.not_in_results()?;
                Event::ThemeRemoved {
                    theme: self.theme_by_id(*theme)?.id,
                }
            }
            Command::SetCardTheme { card, theme } => {
                return self.set_card_theme(actor, *card, *theme);
            }
            Command::SetThemeArea { theme, area } => self.set_theme_area(actor, *theme, *area)?,
            Command::Present { group } => return self.present(actor, *group),
            Command::PlaceSticker { card, color } => {
                let owner = self.voter(actor)?;
                let card = self.panel_card(actor, *card)?;
                self.may_place(owner.id, *color, card.id)?;
                Event::StickerPlaced {
                    sticker: Sticker {
                        id: StickerId(self.next_sticker),
                        card: card.id,
                        owner: owner.id,
                        color: *color,
                        proxied: owner.proxied,
                    },
                }
            }
            Command::MoveSticker { sticker, card } => {
                let owner = self.voter(actor)?;
                let existing = self.own_sticker(owner.id, *sticker)?;
                let card = self.panel_card(actor, *card)?;
                if existing.card != card.id {
                    self.check_duplicate(owner.id, existing.color, card.id)?;
                }
                Event::StickerMoved {
                    sticker: *sticker,
                    card: card.id,
                }
            }
            Command::RemoveSticker { sticker } => {
                let owner = self.voter(actor)?;
                self.own_sticker(owner.id, *sticker)?;
                Event::StickerRemoved { sticker: *sticker }
            }
        };
        Ok(vec![event])
    }

    fn new_participant(
        &self,
        name: &str,
        organisation: &str,
        proxy: bool,
    ) -> Result<Event, Rejection> {
        if self.participants.values().filter(|p| !p.removed).count() >= MAX_PARTICIPANTS {
            return Err(Rejection::new(
                RejectionCode::BoardFull,
                format!("this workshop is full ({MAX_PARTICIPANTS} participants)"),
            ));
        }
        Ok(Event::Joined {
            participant: Participant {
                id: ParticipantId(self.next_participant),
                name: clean("name", name, 1, MAX_NAME)?,
                organisation: clean("organisation", organisation, 0, MAX_ORGANISATION)?,
                core_value: String::new(),
                proxy,
                removed: false,
            },
        })
    }

    /// Someone listed as present without a device whom a guest joining in the lobby with
    /// the same name and organisation (ignoring case and spaces) becomes: a follow-up
    /// workshop lists its people in advance. Only in the lobby, before anyone has private
    /// cards that joining would hand over.
    fn expected_person(&self, name: &str, organisation: &str) -> Option<&Participant> {
        let same = |a: &str, b: &str| {
            let words = |s: &str| {
                s.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            };
            words(a) == words(b)
        };
        (self.phase == Phase::Lobby).then_some(())?;
        self.participants.values().find(|p| {
            p.proxy && !p.removed && same(&p.name, name) && same(&p.organisation, organisation)
        })
    }

    /// The events of a phase change. Entering a group round with no groups forms them
    /// (shuffled); reaching the plenary lays the newly kept cards out on the panel.
    fn set_phase(&self, phase: Phase, now_ms: u64) -> Result<Vec<Event>, Rejection> {
        if phase == self.phase {
            return Err(invalid(format!(
                "the workshop is already in {}",
                phase.label()
            )));
        }
        let mut events = Vec::new();
        if let Some(round) = phase.round() {
            if self.groups_of(round).next().is_none() && !self.participants.is_empty() {
                events.push(Event::GroupsSet {
                    round,
                    groups: self.form_groups(
                        round,
                        super::GroupMethod::Random,
                        now_ms,
                        self.next_group,
                    ),
                });
            }
        }
        let seconds = self.settings.durations.of(phase);
        events.push(Event::PhaseChanged {
            phase,
            at_ms: now_ms,
            timer: (seconds > 0).then(|| Timer {
                duration_ms: u64::from(seconds) * 1000,
                elapsed_ms: 0,
                running_since_ms: None,
            }),
        });
        // The plenary opens with every card in the tray, the fours presenting one by one;
        // the vote needs every card on the panel, so whatever still waits comes now.
        if phase >= Phase::Vote {
            let waiting: Vec<&Card> = self.panel().filter(|c| !c.placed).collect();
            if !waiting.is_empty() {
                events.push(self.bring_to_panel(&waiting));
            }
        }
        Ok(events)
    }

    fn add_card(&self, actor: &Actor, text: &str, x: f32, y: f32) -> Result<Event, Rejection> {
        let (authors, created_in, proxied) = match self.worker(actor)? {
            Worker::Facilitator => {
                if self.phase != Phase::Plenary {
                    return Err(wrong_phase(
                        "the facilitator writes cards on the panel during the plenary; \
                         to write someone's ideas, act on their behalf",
                    ));
                }
                (Vec::new(), Phase::Plenary, false)
            }
            Worker::Person(person) => {
                if self.phase != Phase::Ideas {
                    return Err(text::only_during(Phase::Ideas, Phase::Ideas));
                }
                let written = self.ideas_of(person.id).count();
                let quota = usize::from(self.settings.ideas_per_person);
                if written >= quota {
                    return Err(Rejection::detailed(
                        RejectionCode::QuotaExceeded,
                        Detail::IdeasWritten {
                            quota: quota as u32,
                        },
                    ));
                }
                let ever = self
                    .cards
                    .values()
                    .filter(|c| c.created_in == Phase::Ideas && c.first_author() == Some(person.id))
                    .count();
                if ever >= MAX_IDEAS_WRITTEN {
                    return Err(Rejection::new(
                        RejectionCode::QuotaExceeded,
                        format!(
                            "you have written {MAX_IDEAS_WRITTEN} ideas on this board, withdrawn ones included: the most one person may"
                        ),
                    ));
                }
                (vec![person.id], Phase::Ideas, person.proxied)
            }
        };
        self.room_for_a_card()?;
        check_position(x, y)?;
        let text = clean("card text", text, 1, MAX_CARD_TEXT)?;
        let height = super::card_height(&text);
        Ok(Event::CardAdded {
            card: Card {
                id: CardId(self.next_card),
                text,
                authors,
                created_in,
                origin: Vec::new(),
                kept_in_pair: false,
                kept_in_four: false,
                archived: None,
                theme: (created_in >= Phase::Plenary)
                    .then(|| self.theme_at(x, y, height))
                    .flatten(),
                x,
                y,
                placed: created_in >= Phase::Plenary,
                proxied,
                first_text: None,
            },
        })
    }

    fn merge(&self, actor: &Actor, ids: [CardId; 2], text: &str) -> Result<Event, Rejection> {
        if ids[0] == ids[1] {
            return Err(invalid("choose two different cards to merge"));
        }
        let worker = self.worker(actor)?;
        let a = self.visible_card(actor, ids[0])?;
        let b = self.visible_card(actor, ids[1])?;
        if !a.is_live() || !b.is_live() {
            return Err(invalid(
                "archived cards cannot be merged; restore them first",
            ));
        }
        let text = clean("card text", text, 1, MAX_CARD_TEXT)?;
        let merged_height = super::card_height(&text);
        self.room_for_a_card()?;
        let (kept_in_pair, kept_in_four) = match self.phase.round() {
            Some(round) => {
                let group = self.working_group(&worker, a, round)?;
                if self.pool_group(b, round).map(|g| g.id) != Some(group.id) {
                    return Err(Rejection::new(
                        RejectionCode::NotInGroup,
                        "both cards must be in the same group's pool",
                    ));
                }
                let kept = a.is_kept(round) || b.is_kept(round);
                match round {
                    Round::Pairs => (kept, false),
                    Round::Fours => (true, kept),
                }
            }
            None if self.phase == Phase::Plenary => {
                if !matches!(worker, Worker::Facilitator) {
                    return Err(facilitator_only("merge cards on the panel"));
                }
                if !self.on_panel(a) || !self.on_panel(b) {
                    return Err(not_allowed("only cards on the panel can be merged now"));
                }
                (true, true)
            }
            // Cards are frozen once the vote opens, as for every change of a card.
            None if self.phase > Phase::Plenary => return Err(text::phase_over(Phase::Plenary)),
            // Participants merge in their groups; the facilitator on the panel, too.
            None => {
                let last = match worker {
                    Worker::Facilitator => Phase::Plenary,
                    Worker::Person(_) => Phase::Fours,
                };
                return Err(text::only_during(Phase::Pairs, last));
            }
        };
        let mut authors = a.authors.clone();
        for author in &b.authors {
            if !authors.contains(author) {
                authors.push(*author);
            }
        }
        Ok(Event::CardsMerged {
            card: Card {
                id: CardId(self.next_card),
                text,
                authors,
                created_in: self.phase,
                origin: vec![a.id, b.id],
                kept_in_pair,
                kept_in_four,
                archived: None,
                // On the panel it takes the first card's place, and so its theme.
                theme: if a.placed && self.phase >= Phase::Plenary {
                    self.theme_at(a.x, a.y, merged_height)
                } else {
                    a.theme.or(b.theme)
                },
                x: a.x,
                y: a.y,
                placed: a.placed,
                proxied: matches!(worker, Worker::Person(Person { proxied: true, .. })),
                first_text: None,
            },
        })
    }

    /// Room for one more card: fewer than [`MAX_CARDS`] in play, and fewer than
    /// [`MAX_CARDS_EVER`] written on the board at all.
    fn room_for_a_card(&self) -> Result<(), Rejection> {
        let live = self.cards.values().filter(|c| c.is_live()).count();
        if live >= MAX_CARDS {
            return Err(Rejection::new(
                RejectionCode::BoardFull,
                format!("this board already holds {MAX_CARDS} cards in play"),
            ));
        }
        if self.cards.len() >= MAX_CARDS_EVER {
            return Err(Rejection::new(
                RejectionCode::BoardFull,
                format!(
                    "this board has already seen {MAX_CARDS_EVER} cards, withdrawn ones included"
                ),
            ));
        }
        Ok(())
    }

    fn move_member(
        &self,
        round: Round,
        participant: ParticipantId,
        target: Option<GroupId>,
    ) -> Result<Event, Rejection> {
        if let Some(target) = target {
            let group = self.group_by_id(target)?;
            if group.round != round {
                return Err(Rejection::new(
                    RejectionCode::UnknownGroup,
                    format!("{} is not a group of this round", self.group_name(target)),
                ));
            }
            if group.members.contains(&participant) {
                return Err(invalid(format!(
                    "{} is already in {}",
                    self.participant_name(participant),
                    self.group_name(target)
                )));
            }
        }
        let mut groups: Vec<Group> = self.groups_of(round).cloned().collect();
        for group in &mut groups {
            if group.members.contains(&participant) {
                group.members.retain(|m| *m != participant);
                group.done = false;
            }
        }
        match target {
            Some(target) => {
                if let Some(group) = groups.iter_mut().find(|g| g.id == target) {
                    group.members.push(participant);
                    group.done = false;
                }
            }
            None => groups.push(Group {
                id: GroupId(self.next_group),
                round,
                members: vec![participant],
                done: false,
                quota: None,
            }),
        }
        groups.retain(|g| !g.members.is_empty());
        Ok(Event::GroupsSet { round, groups })
    }

    /// What a participant may do with a card in the current phase: their own ideas while
    /// writing, their group's pool in the rounds, their own panel cards (to move) in the
    /// plenary. `changes_text` also rules out a group that declared itself done.
    fn check_hands_on(
        &self,
        person: ParticipantId,
        card: &Card,
        changes_text: bool,
    ) -> Result<(), Rejection> {
        match self.phase {
            Phase::Ideas => {
                if card.created_in == Phase::Ideas && card.authors.contains(&person) {
                    Ok(())
                } else {
                    Err(text::own_only(Owned::Ideas))
                }
            }
            Phase::Pairs | Phase::Fours => {
                let round = self.phase.round().expect("a group phase has a round");
                let group = self.own_group(person, round)?;
                if self.pool_group(card, round).map(|g| g.id) != Some(group.id) {
                    return Err(Rejection::new(
                        RejectionCode::NotInGroup,
                        "this card is not in your group's pool",
                    ));
                }
                if changes_text && group.done {
                    return Err(group_done(self, group));
                }
                Ok(())
            }
            Phase::Plenary if !changes_text => {
                if !card.authors.contains(&person) {
                    Err(text::own_only(Owned::PanelCards))
                } else if !self.on_panel(card) {
                    Err(not_allowed("this card is not on the panel"))
                } else {
                    Ok(())
                }
            }
            _ => Err(wrong_phase(format!(
                "participants cannot change cards during {}",
                self.phase.label()
            ))),
        }
    }

    /// The group that works on `card` in `round`, if `worker` may work on it.
    fn working_group(
        &self,
        worker: &Worker,
        card: &Card,
        round: Round,
    ) -> Result<&Group, Rejection> {
        let group = match worker {
            Worker::Facilitator => self.pool_group(card, round).ok_or_else(|| {
                Rejection::new(
                    RejectionCode::NotInGroup,
                    "this card is in no group's pool in this round",
                )
            })?,
            Worker::Person(person) => {
                let own = self.own_group(person.id, round)?;
                if self.pool_group(card, round).map(|g| g.id) != Some(own.id) {
                    return Err(Rejection::new(
                        RejectionCode::NotInGroup,
                        "this card is not in your group's pool",
                    ));
                }
                own
            }
        };
        if group.done {
            return Err(group_done(self, group));
        }
        Ok(group)
    }

    fn own_group(&self, person: ParticipantId, round: Round) -> Result<&Group, Rejection> {
        self.group_of(round, person).ok_or_else(|| {
            Rejection::new(
                RejectionCode::NotInGroup,
                format!(
                    "you are in no {} yet; ask the facilitator",
                    round.label().to_lowercase()
                ),
            )
        })
    }

    fn current_round(&self, message: &str) -> Result<Round, Rejection> {
        self.phase.round().ok_or_else(|| wrong_phase(message))
    }

    fn round_not_over(&self, round: Round) -> Result<(), Rejection> {
        if self.phase > round.phase() {
            return Err(text::phase_over(round.phase()));
        }
        Ok(())
    }

    /// Cards change until the plenary ends; the vote counts them as they stand.
    fn cards_not_frozen(&self) -> Result<(), Rejection> {
        if self.phase >= Phase::Vote {
            return Err(text::phase_over(Phase::Plenary));
        }
        Ok(())
    }

    /// The results are final: going back to the vote reopens them.
    fn not_in_results(&self) -> Result<(), Rejection> {
        if self.phase == Phase::Results {
            return Err(text::phase_over(Phase::Vote));
        }
        Ok(())
    }

    pub(super) fn facilitator(&self, actor: &Actor, what: &str) -> Result<(), Rejection> {
        match actor {
            Actor::Facilitator => Ok(()),
            Actor::Wall => Err(read_only()),
            _ => Err(facilitator_only(what)),
        }
    }

    /// The participant a command is for: the sender, or the one the facilitator acts for.
    fn person(&self, actor: &Actor) -> Result<Person, Rejection> {
        match actor {
            Actor::Participant { id } => match self.participants.get(id) {
                None => Err(text::not_joined()),
                Some(p) if p.removed => Err(text::taken_off()),
                Some(_) => Ok(Person {
                    id: *id,
                    proxied: false,
                }),
            },
            Actor::Proxy { id } => self.participant(*id).map(|_| Person {
                id: *id,
                proxied: true,
            }),
            Actor::Facilitator => Err(not_allowed(
                "this is done by a participant; choose whom you act for",
            )),
            Actor::Guest => Err(text::not_joined()),
            Actor::Wall => Err(read_only()),
        }
    }

    fn worker(&self, actor: &Actor) -> Result<Worker, Rejection> {
        match actor {
            Actor::Facilitator => Ok(Worker::Facilitator),
            _ => self.person(actor).map(Worker::Person),
        }
    }

    /// Stickers belong to participants, in the vote, on panel cards.
    fn voter(&self, actor: &Actor) -> Result<Person, Rejection> {
        if *actor == Actor::Facilitator {
            return Err(not_allowed(
                "stickers belong to participants; act on behalf of one",
            ));
        }
        let person = self.person(actor)?;
        if self.phase != Phase::Vote {
            return Err(text::only_during(Phase::Vote, Phase::Vote));
        }
        Ok(person)
    }

    /// A participant still on the board (one taken off it can no longer be acted for).
    fn participant(&self, id: ParticipantId) -> Result<&Participant, Rejection> {
        match self.participants.get(&id) {
            None => Err(Rejection::new(
                RejectionCode::UnknownParticipant,
                format!("there is no participant {id} on this board"),
            )),
            Some(p) if p.removed => Err(not_allowed(format!(
                "{} was taken off this workshop",
                p.name
            ))),
            Some(p) => Ok(p),
        }
    }

    fn card(&self, id: CardId) -> Result<&Card, Rejection> {
        self.cards.get(&id).ok_or_else(|| unknown_card(id))
    }

    /// A card the actor may see; others' private cards are unknown, not forbidden, so
    /// that their existence does not leak.
    fn visible_card(&self, actor: &Actor, id: CardId) -> Result<&Card, Rejection> {
        match self.cards.get(&id) {
            Some(card) if self.sees_card(actor, card) => Ok(card),
            _ => Err(unknown_card(id)),
        }
    }

    fn panel_card(&self, actor: &Actor, id: CardId) -> Result<&Card, Rejection> {
        let card = self.visible_card(actor, id)?;
        if !self.on_panel(card) {
            return Err(not_allowed("stickers go on cards of the panel"));
        }
        Ok(card)
    }

    fn group_by_id(&self, id: GroupId) -> Result<&Group, Rejection> {
        self.group(id).ok_or_else(|| {
            Rejection::new(
                RejectionCode::UnknownGroup,
                format!("there is no group {id} on this board"),
            )
        })
    }

    fn theme_by_id(&self, id: ThemeId) -> Result<&Theme, Rejection> {
        self.theme(id).ok_or_else(|| {
            Rejection::new(
                RejectionCode::UnknownTheme,
                format!("there is no theme {id} on this board"),
            )
        })
    }

    fn own_sticker(&self, owner: ParticipantId, id: StickerId) -> Result<&Sticker, Rejection> {
        match self.stickers.get(&id) {
            Some(sticker) if sticker.owner == owner => Ok(sticker),
            Some(_) => Err(text::own_only(Owned::Stickers)),
            None => Err(Rejection::new(
                RejectionCode::UnknownSticker,
                format!("there is no sticker {id} on this board"),
            )),
        }
    }

    /// Whether `owner` may put a `color` sticker on `card` now: not when that colour is
    /// spent, nor on a card already holding one of theirs that does not stack. The vote's
    /// screens disable what this refuses, so a refusal only comes from a race.
    pub fn may_place(
        &self,
        owner: ParticipantId,
        color: StickerColor,
        card: CardId,
    ) -> Result<(), Rejection> {
        let placed = self.stickers_of(owner, color).count();
        if placed >= usize::from(self.budget(color)) {
            return Err(Rejection::detailed(
                RejectionCode::BudgetExhausted,
                Detail::StickersPlaced {
                    color,
                    budget: u32::from(self.budget(color)),
                },
            ));
        }
        self.check_duplicate(owner, color, card)
    }

    /// Red stickers are one per card by nature (a commitment); greens stack unless the
    /// workshop forbids it.
    pub fn check_duplicate(
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
                    "there is already a {} sticker of yours on this card",
                    color.name()
                ),
            ));
        }
        Ok(())
    }
}

impl Worker {
    fn person(&self) -> Option<Person> {
        match self {
            Worker::Facilitator => None,
            Worker::Person(person) => Some(*person),
        }
    }
}

/// Checks the numbers a facilitator chose.
pub(crate) fn check_settings(settings: &Settings) -> Result<(), Rejection> {
    let ranges = [
        ("ideas per person", settings.ideas_per_person, 1, 20),
        ("cards a pair keeps", settings.pair_keep, 1, 40),
        ("cards a four keeps", settings.four_keep, 1, 80),
        ("green stickers", settings.green, 0, 20),
        ("red stickers", settings.red, 0, 20),
    ];
    for (what, value, min, max) in ranges {
        if !(min..=max).contains(&value) {
            return Err(invalid(format!("{what}: between {min} and {max}")));
        }
    }
    if settings
        .durations
        .all()
        .iter()
        .any(|s| *s > MAX_TIMER_SECONDS)
    {
        return Err(invalid(format!(
            "a phase lasts at most {MAX_TIMER_SECONDS} seconds"
        )));
    }
    Ok(())
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

fn unknown_card(id: CardId) -> Rejection {
    Rejection::new(
        RejectionCode::UnknownCard,
        format!("there is no card {id} on this board"),
    )
}

fn no_timer(message: &str) -> Rejection {
    Rejection::new(RejectionCode::NoTimer, message)
}

fn group_done(workshop: &Workshop, group: &Group) -> Rejection {
    Rejection::detailed(
        RejectionCode::GroupDone,
        Detail::GroupDone {
            group: workshop.group_ref(group.id),
        },
    )
}
