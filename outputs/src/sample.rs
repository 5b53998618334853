//! Sample boards, played through the model's own `decide` and `apply`: the seed meeting
//! (nine people of five businesses, one without a device, a morning in March) and a large
//! board (500 people, 300 actions, 2,000 stickers). The benchmark and the tests of the
//! outputs render them.

use panneau_shared::{
    Actor, CardId, Command, Details, GroupMethod, NewWorkshop, ParticipantId, Phase, Round,
    StickerColor, ThemeId, Workshop,
};

/// A board being played through the model: every command must be accepted. The samples
/// and the tests of the outputs build their boards with it.
pub(crate) struct Play {
    pub(crate) workshop: Workshop,
    now_ms: u64,
    /// Every command played, in order, by whom.
    steps: Vec<(Actor, Command)>,
}

impl Play {
    pub(crate) fn new(new: &NewWorkshop, now_ms: u64) -> Play {
        let created = Workshop::create(new, now_ms).expect("a valid sample workshop");
        Play {
            workshop: Workshop::replay([&created]),
            now_ms,
            steps: Vec::new(),
        }
    }

    /// Decides and applies `command`; a sample that breaks a rule is a bug.
    pub(crate) fn run(&mut self, actor: Actor, command: Command) -> Vec<panneau_shared::Event> {
        self.now_ms += 1_000;
        let events = self
            .workshop
            .decide(&actor, &command, self.now_ms)
            .unwrap_or_else(|r| panic!("sample command {command:?} refused: {}", r.message));
        for event in &events {
            self.workshop.apply(event);
        }
        self.steps.push((actor, command));
        events
    }

    /// Moves to `phase` at `at_ms` (the board's clock jumps there).
    fn phase_at(&mut self, phase: Phase, at_ms: u64) {
        self.now_ms = at_ms - 1_000;
        self.run(Actor::Facilitator, Command::SetPhase { phase });
    }

    fn keep_quota(&mut self, round: Round) {
        let groups: Vec<_> = self.workshop.groups_of(round).cloned().collect();
        for group in groups {
            let pool = self.workshop.pool(&group);
            // Cards merged in this round first: a group merges what it means to keep.
            let mut cards: Vec<_> = pool.cards.clone();
            cards.sort_by_key(|c| (c.created_in != round.phase(), c.id));
            let (cards, quota): (Vec<CardId>, usize) =
                (cards.iter().map(|c| c.id).collect(), pool.quota);
            for card in cards.into_iter().take(quota) {
                self.run(Actor::Facilitator, Command::Keep { card, keep: true });
            }
            self.run(
                Actor::Facilitator,
                Command::SetDone {
                    done: true,
                    group: Some(group.id),
                },
            );
        }
    }
}

fn person(id: u32) -> Actor {
    Actor::Participant {
        id: ParticipantId(id),
    }
}

/// 23 March 2026, 09:00 in Provence (UTC+1), in ms since the Unix epoch.
const MORNING_MS: u64 = 1_774_252_800_000;
const MINUTE_MS: u64 = 60_000;

/// The people of the seed meeting: name, business, core value; the last one took part
/// without a device.
pub const SEED_PEOPLE: [(&str, &str, &str); 9] = [
    ("Claire Martin", "Une Campagne en Provence", "Hospitality"),
    (
        "Julien Martin",
        "Une Campagne en Provence",
        "Respect for the land",
    ),
    ("Sophie Bernard", "La Vallée des Oliviers", "Authenticity"),
    (
        "Marc Bernard",
        "La Vallée des Oliviers",
        "Know-how passed down",
    ),
    ("Élodie Roux", "Provenç'Ânes", "Animal welfare"),
    (
        "Thomas Girard",
        "Le Domaine de la Blaque",
        "Quality above all",
    ),
    (
        "Nathalie Girard",
        "Le Domaine de la Blaque",
        "Sustainability",
    ),
    ("Lucas Morel", "La Blonde et la Brune", "Craft"),
    ("Pierre Fabre", "La Blonde et la Brune", "Local roots"),
];

/// Three ideas each, in the order of [`SEED_PEOPLE`].
const SEED_IDEAS: [[&str; 3]; 9] = [
    [
        "A shared stand at the regional food fairs",
        "A joint website presenting every member",
        "Training in social media for small businesses",
    ],
    [
        "Visits between members to learn from each other",
        "A common gift box of our products",
        "Group purchasing of packaging",
    ],
    [
        "A network label on every product",
        "Press relations handled together",
        "Workshops on export paperwork",
    ],
    [
        "A yearly open-farm day across the network",
        "Pooling a sales representative",
        "Mentoring between experienced and new members",
    ],
    [
        "Walking routes linking the members' farms",
        "Training in welcoming visitors",
        "A directory of members' skills",
    ],
    [
        "Sharing a stand at trade shows abroad",
        "Wine and food pairings at each other's events",
        "A joint catalogue for restaurants",
    ],
    [
        "Training in environmental certification",
        "A common newsletter for customers",
        "Sharing equipment between farms",
    ],
    [
        "A network beer brewed with members' produce",
        "Social media campaign with one hashtag",
        "Evenings to share experience between entrepreneurs",
    ],
    [
        "Shop-in-shop corners in each member's shop",
        "A common photo bank of the territory",
        "Help with applying for regional grants",
    ],
];

/// The seed meeting: created at 9:00, round table at 9:30, the vote closed at 13:40.
pub fn seed_meeting() -> Workshop {
    play_seed_meeting().workshop
}

/// The commands of the seed meeting after its creation, in order, with who sends them
/// (guests join in the order of [`SEED_PEOPLE`]; the proxy is the facilitator acting for
/// the last of them), to replay it through a server.
pub fn seed_meeting_steps() -> Vec<(Actor, Command)> {
    play_seed_meeting().steps
}

/// What the seed meeting is created with.
pub fn seed_workshop() -> NewWorkshop {
    NewWorkshop {
        title: "The future of the Quality Made network in the Var".into(),
        question: "What could the network bring you beyond the project: in promotion, \
                       communication and marketing; in training and technical support; in \
                       networking and sharing experience between entrepreneurs?"
            .into(),
        details: Details {
            date: "2026-03-23".into(),
            place: "Une Campagne en Provence, Bras".into(),
            organiser: "CCI France-Italie".into(),
            facilitator: "Anna Conti".into(),
            time_zone: "Europe/Paris".into(),
        },
        ..NewWorkshop::default()
    }
}

fn play_seed_meeting() -> Play {
    let mut play = Play::new(&seed_workshop(), MORNING_MS);
    let facilitator = Actor::Facilitator;
    for (name, organisation, _) in &SEED_PEOPLE[..8] {
        play.run(
            Actor::Guest,
            Command::Join {
                name: (*name).into(),
                organisation: (*organisation).into(),
            },
        );
    }
    let (name, organisation, _) = SEED_PEOPLE[8];
    play.run(
        facilitator,
        Command::AddProxy {
            name: name.into(),
            organisation: organisation.into(),
        },
    );
    let pierre = Actor::Proxy {
        id: ParticipantId(8),
    };
    let actor = |i: u32| if i == 8 { pierre } else { person(i) };

    play.phase_at(Phase::RoundTable, MORNING_MS + 30 * MINUTE_MS);
    for (i, (_, _, value)) in SEED_PEOPLE.iter().enumerate() {
        play.run(
            actor(i as u32),
            Command::SetCoreValue {
                value: (*value).into(),
            },
        );
    }

    play.phase_at(Phase::Ideas, MORNING_MS + 65 * MINUTE_MS);
    for (i, ideas) in SEED_IDEAS.iter().enumerate() {
        for (k, idea) in ideas.iter().enumerate() {
            play.run(
                actor(i as u32),
                Command::AddCard {
                    text: (*idea).into(),
                    x: 10.0 + 210.0 * k as f32,
                    y: 10.0,
                },
            );
        }
    }

    // Pairs by arrival: the last three make a trio, which merges two of its ideas.
    play.run(
        facilitator,
        Command::FormGroups {
            round: Round::Pairs,
            method: GroupMethod::JoinOrder,
        },
    );
    play.phase_at(Phase::Pairs, MORNING_MS + 80 * MINUTE_MS);
    play.run(
        pierre,
        Command::MergeCards {
            cards: [CardId(22), CardId(25)],
            text: "A shared photo bank and one hashtag for social media".into(),
        },
    );
    play.keep_quota(Round::Pairs);

    // Fours: the trio's pair joins the last pair to make a five.
    play.run(
        facilitator,
        Command::FormGroups {
            round: Round::Fours,
            method: GroupMethod::JoinOrder,
        },
    );
    play.phase_at(Phase::Fours, MORNING_MS + 105 * MINUTE_MS);
    play.run(
        person(1),
        Command::EditCard {
            card: CardId(3),
            text: "Exchange visits between members' businesses".into(),
        },
    );
    play.keep_quota(Round::Fours);

    play.phase_at(Phase::Plenary, MORNING_MS + 135 * MINUTE_MS);
    // Two fours proposed the same thing: the facilitator merges them on the panel.
    play.run(
        facilitator,
        Command::MergeCards {
            cards: [CardId(0), CardId(15)],
            text: "Shared stands at fairs and trade shows, at home and abroad".into(),
        },
    );
    let panel: Vec<CardId> = play.workshop.panel().map(|c| c.id).collect();
    let themes = [ThemeId(0), ThemeId(1), ThemeId(2)];
    for card in &panel {
        let text = play.workshop.cards[card].text.to_lowercase();
        let theme = if text.contains("training")
            || text.contains("workshop")
            || text.contains("help")
            || text.contains("mentoring")
        {
            themes[1]
        } else if text.contains("visit")
            || text.contains("evening")
            || text.contains("sharing")
            || text.contains("directory")
            || text.contains("purchasing")
        {
            themes[2]
        } else {
            themes[0]
        };
        play.run(
            facilitator,
            Command::SetCardTheme {
                card: *card,
                theme: Some(theme),
            },
        );
    }

    play.phase_at(Phase::Vote, MORNING_MS + 250 * MINUTE_MS);
    // Who puts which stickers where: three greens and one red each.
    // Indices into the panel in card order; the last is the merged stands.
    let votes: [([usize; 3], usize); 9] = [
        ([12, 1, 2], 12),
        ([12, 3, 1], 3),
        ([2, 12, 5], 2),
        ([1, 2, 12], 12),
        ([4, 0, 1], 4),
        ([12, 6, 2], 6),
        ([3, 1, 0], 1),
        ([0, 2, 7], 2),
        ([1, 12, 8], 12),
    ];
    for (i, (greens, red)) in votes.iter().enumerate() {
        for g in greens {
            play.run(
                actor(i as u32),
                Command::PlaceSticker {
                    card: panel[*g % panel.len()],
                    color: StickerColor::Green,
                },
            );
        }
        play.run(
            actor(i as u32),
            Command::PlaceSticker {
                card: panel[*red % panel.len()],
                color: StickerColor::Red,
            },
        );
    }
    play.phase_at(Phase::Results, MORNING_MS + 280 * MINUTE_MS);
    play.run(
        facilitator,
        Command::SetSynthesis {
            text: "The exchanges were rich. The members want to be seen together first: \
                   shared stands, one label and a common voice towards the press. \
                   Training and mutual help come next, and several offered to lead them."
                .into(),
        },
    );
    play
}

/// A large board: 500 participants, 300 actions written on the panel in a dense grid over
/// its 8 themes' areas (each card takes the theme it lies in), and every
/// participant's 3 green and 1 red stickers placed (2,000 stickers).
pub fn large_board() -> Workshop {
    let mut play = Play::new(
        &NewWorkshop {
            title: "Regional conference: priorities for the coming year".into(),
            question: "What should the network do first?".into(),
            themes: (1..=8).map(|i| format!("Theme number {i}")).collect(),
            details: Details {
                time_zone: "Europe/Rome".into(),
                ..Details::default()
            },
            ..NewWorkshop::default()
        },
        MORNING_MS,
    );
    for i in 0..500 {
        play.run(
            Actor::Guest,
            Command::Join {
                name: format!("Participant {i}"),
                organisation: format!("Organisation {}", i / 4),
            },
        );
    }
    // The themes tile the board right of the "no theme yet" area, four by two.
    for t in 0..8u32 {
        play.run(
            Actor::Facilitator,
            Command::SetThemeArea {
                theme: ThemeId(t),
                area: panneau_shared::Area {
                    x: panneau_shared::UNTHEMED_WIDTH + (t % 4) as f32 * 340.0,
                    y: (t / 4) as f32 * 450.0,
                    w: 340.0,
                    h: 450.0,
                },
            },
        );
    }
    play.phase_at(Phase::Plenary, MORNING_MS + 60 * MINUTE_MS);
    for i in 0..300u32 {
        let x = panneau_shared::UNTHEMED_WIDTH + (i % 8) as f32 * 155.0 + (i / 64) as f32 * 12.0;
        let y = ((i / 8) % 8) as f32 * 95.0 + (i / 64) as f32 * 9.0;
        play.run(
            Actor::Facilitator,
            Command::AddCard {
                text: format!(
                    "Action {i}: a proposal long enough to wrap over several lines of its card"
                ),
                x,
                y,
            },
        );
    }
    play.phase_at(Phase::Vote, MORNING_MS + 120 * MINUTE_MS);
    for i in 0..500u32 {
        for k in 0..3 {
            play.run(
                person(i),
                Command::PlaceSticker {
                    card: CardId((i * 7 + k * 13) % 300),
                    color: StickerColor::Green,
                },
            );
        }
        play.run(
            person(i),
            Command::PlaceSticker {
                card: CardId((i * 11) % 150),
                color: StickerColor::Red,
            },
        );
    }
    play.phase_at(Phase::Results, MORNING_MS + 150 * MINUTE_MS);
    play.workshop
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_meeting_reaches_the_results_with_its_numbers() {
        let w = seed_meeting();
        assert_eq!(w.phase, Phase::Results);
        let tally = w.tally();
        assert_eq!(tally.people, 9);
        assert_eq!(tally.proxies, 1);
        assert_eq!(tally.organisations, 5);
        assert_eq!(tally.ideas, 27);
        assert_eq!((tally.green, tally.red), (27, 9));
        assert_eq!(tally.panel, 13);
        let results = w.results();
        assert!(results.cards.iter().any(|c| c.no_commitment));
        assert!(results.cards.iter().any(|c| c.committed.len() > 1));
        assert!(!w.dropped().is_empty());
    }

    #[test]
    fn the_large_board_has_its_numbers() {
        let w = large_board();
        let tally = w.tally();
        assert_eq!(
            (tally.people, tally.panel, tally.green + tally.red),
            (500, 300, 2000)
        );
    }
}
