//! The seed meeting through the real server: a facilitator, a wall and nine people (one
//! of them without a device, whom the facilitator acts for) go from the lobby to the
//! results. At each step every client is checked for what it sees, and for what it was
//! never sent: nobody receives another's idea before the reveal.

use panneau_shared::protocol::Credential;
use panneau_shared::{
    Actor, CardId, Command, GroupMethod, ParticipantId, Phase, RejectionCode, Round, StickerColor,
};
use panneau_tests::{Client, TestServer};

const PEOPLE: [&str; 8] = [
    "Giulia", "Marco", "Sara", "Luca", "Elena", "Paolo", "Chiara", "Davide",
];
const PIETRO: ParticipantId = ParticipantId(8);

fn id_of(client: &Client) -> ParticipantId {
    match client.me {
        Actor::Participant { id } => id,
        other => panic!("not a participant: {other:?}"),
    }
}

/// Brings every client up to `seq` (a public event, so everyone receives it).
async fn sync_all(seq: u64, clients: &mut [&mut Client]) {
    for client in clients.iter_mut() {
        client.sync_to(seq).await;
    }
}

/// The cards of the group `me` belongs to in `round`, as `me` sees them.
fn pool_of(me: &Client, round: Round) -> (Vec<CardId>, usize, usize) {
    let state = &me.state;
    let group = state.group_of(round, id_of(me)).expect("in a group");
    let pool = state.pool(group);
    (
        pool.cards.iter().map(|c| c.id).collect(),
        pool.kept,
        pool.quota,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nine_people_run_the_seed_meeting_from_lobby_to_results() {
    let server = TestServer::start().await;
    let created = server
        .create_workshop("Rete QM Var", "What could the network bring you?")
        .await;
    let code = created.code.as_str();
    let mut fac = server.facilitator(&created).await;
    let mut wall = Client::connect(server.addr, code, Credential::Wall, None)
        .await
        .unwrap();
    let mut people = Vec::new();
    for name in PEOPLE {
        people.push(server.participant(code, name).await);
    }
    fac.command(Command::AddProxy {
        name: "Pietro".into(),
        organisation: "Pastificio Gallo".into(),
    })
    .await
    .unwrap();
    // Hidden stickers during the vote, chosen in the lobby.
    let mut settings = fac.state.settings.clone();
    settings.stickers_visible_during_vote = false;
    fac.command(Command::UpdateSettings { settings })
        .await
        .unwrap();

    // Round table.
    fac.set_phase(Phase::RoundTable).await;
    for (i, person) in people.iter_mut().enumerate() {
        person
            .command(Command::SetCoreValue {
                value: format!("Value of {}", PEOPLE[i]),
            })
            .await
            .unwrap();
    }
    let seq = fac
        .command_for(
            PIETRO,
            Command::SetCoreValue {
                value: "Craft".into(),
            },
        )
        .await
        .unwrap();
    wall.sync_to(seq).await;
    assert!(wall
        .state
        .participants
        .values()
        .all(|p| !p.core_value.is_empty()));
    assert!(wall.state.participants[&PIETRO].proxy);

    // Alone: three private ideas each.
    fac.set_phase(Phase::Ideas).await;
    for (i, person) in people.iter_mut().enumerate() {
        for k in 0..3 {
            person
                .command(Command::AddCard {
                    text: format!("{} idea {k}", PEOPLE[i]),
                    x: 50.0 + 220.0 * k as f32,
                    y: 50.0,
                })
                .await
                .unwrap();
        }
        let refused = person
            .command(Command::AddCard {
                text: "A fourth".into(),
                x: 1.0,
                y: 1.0,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.0, RejectionCode::QuotaExceeded);
    }
    for k in 0..3 {
        fac.command_for(
            PIETRO,
            Command::AddCard {
                text: format!("Pietro idea {k}"),
                x: 50.0,
                y: 300.0,
            },
        )
        .await
        .unwrap();
    }
    // A public event as a barrier: everything sent before it has been read.
    let barrier = fac
        .command(Command::StartTimer { seconds: None })
        .await
        .unwrap();
    wall.sync_to(barrier).await;
    for person in people.iter_mut() {
        person.sync_to(barrier).await;
        let me = id_of(person);
        assert_eq!(person.state.cards.len(), 3);
        assert!(
            person
                .cards_seen
                .values()
                .all(|authors| authors == &vec![me]),
            "{me} was sent someone else's idea before the reveal"
        );
    }
    assert!(
        wall.cards_seen.is_empty(),
        "the wall was sent a private idea"
    );
    assert_eq!(fac.state.cards.len(), 27);
    assert!(fac.state.timer.as_ref().unwrap().is_running());

    // Pairs by arrival: {0,1} {2,3} {4,5} {6,7,Pietro}.
    fac.command(Command::FormGroups {
        round: Round::Pairs,
        method: GroupMethod::JoinOrder,
    })
    .await
    .unwrap();
    let seq = fac.set_phase(Phase::Pairs).await;
    sync_all(seq, &mut people.iter_mut().collect::<Vec<_>>()).await;
    wall.sync_to(seq).await;
    for (i, person) in people.iter().enumerate() {
        let (pool, _, quota) = pool_of(person, Round::Pairs);
        let expected = if i >= 6 { (9, 6) } else { (6, 4) };
        assert_eq!((pool.len(), quota), expected, "{}", PEOPLE[i]);
        assert_eq!(
            person.state.cards.len(),
            expected.0,
            "a pair sees its own pool only"
        );
    }
    assert!(wall.state.cards.is_empty(), "the wall shows no pool");
    // Pietro's trio merges two of its ideas, through the facilitator.
    let (trio, _, _) = pool_of(&people[6], Round::Pairs);
    let merged = fac
        .command_for(
            PIETRO,
            Command::MergeCards {
                cards: [trio[0], trio[8]],
                text: "Shared export desk".into(),
            },
        )
        .await
        .unwrap();
    for member in &mut people[6..] {
        member.sync_to(merged).await;
        assert_eq!(
            pool_of(member, Round::Pairs).0.len(),
            8,
            "two ideas became one"
        );
    }
    keep_quota_and_finish(&mut people, Round::Pairs).await;

    // Fours: {0..3} keeps 6, {4..8} keeps 8.
    fac.command(Command::FormGroups {
        round: Round::Fours,
        method: GroupMethod::JoinOrder,
    })
    .await
    .unwrap();
    let seq = fac.set_phase(Phase::Fours).await;
    sync_all(seq, &mut people.iter_mut().collect::<Vec<_>>()).await;
    for (i, person) in people.iter().enumerate() {
        let (pool, _, quota) = pool_of(person, Round::Fours);
        let expected = if i >= 4 { (10, 8) } else { (8, 6) };
        assert_eq!((pool.len(), quota), expected, "{}", PEOPLE[i]);
    }
    keep_quota_and_finish(&mut people, Round::Fours).await;

    // Plenary: 14 actions on the panel, seen by all; cards go under themes.
    let seq = fac.set_phase(Phase::Plenary).await;
    sync_all(seq, &mut people.iter_mut().collect::<Vec<_>>()).await;
    wall.sync_to(seq).await;
    let panel: Vec<CardId> = fac.state.panel().map(|c| c.id).collect();
    assert_eq!(panel.len(), 14);
    assert_eq!(wall.state.panel().count(), 14);
    for person in &people {
        assert_eq!(person.state.panel().count(), 14);
    }
    // Every card waits in the tray until its four presents; then it comes to the "no
    // theme yet" area, and the room places it: dragged into a theme's area (which gives
    // it that theme) or given a theme by name (which moves it there).
    assert!(wall.state.panel().all(|c| wall.state.in_tray(c)));
    let fours: Vec<_> = fac.state.presenting_groups().collect();
    assert_eq!(fours.len(), 2);
    let mut placed = 0;
    for four in fours {
        let seq = fac
            .command(Command::Present { group: Some(four) })
            .await
            .unwrap();
        wall.sync_to(seq).await;
        assert_eq!(wall.state.presenting, Some(four));
        let presented: Vec<CardId> = wall
            .state
            .panel()
            .filter(|c| c.placed)
            .map(|c| c.id)
            .collect();
        assert!(presented.len() > placed, "the four's cards came forward");
        placed = presented.len();
        for card in presented {
            let i = panel.iter().position(|c| *c == card).unwrap();
            let theme = fac.state.themes[i % 3].id;
            if fac.state.cards[&card].theme.is_some() {
                continue;
            }
            if i % 2 == 0 {
                let area = fac.state.theme_area(theme).unwrap();
                let (x, y) = (area.x + 12.0, area.y + 60.0 + (i / 2) as f32 * 20.0);
                fac.command(Command::MoveCard { card, x, y }).await.unwrap();
            } else {
                fac.command(Command::SetCardTheme {
                    card,
                    theme: Some(theme),
                })
                .await
                .unwrap();
            }
            let lies = fac.state.cards[&card].clone();
            assert_eq!(lies.theme, Some(theme));
            assert_eq!(
                fac.state.theme_at(lies.x, lies.y, lies.height()),
                Some(theme)
            );
        }
    }
    assert_eq!(placed, 14, "every four presented");

    // Vote: 3 green and 1 red each; hidden from others until the vote closes.
    let seq = fac.set_phase(Phase::Vote).await;
    sync_all(seq, &mut people.iter_mut().collect::<Vec<_>>()).await;
    for (i, person) in people.iter_mut().enumerate() {
        for k in 0..3 {
            person
                .command(Command::PlaceSticker {
                    card: panel[(i + k) % 4],
                    color: StickerColor::Green,
                })
                .await
                .unwrap();
        }
        person
            .command(Command::PlaceSticker {
                card: panel[i % 5],
                color: StickerColor::Red,
            })
            .await
            .unwrap();
    }
    for k in 0..3 {
        fac.command_for(
            PIETRO,
            Command::PlaceSticker {
                card: panel[(8 + k) % 4],
                color: StickerColor::Green,
            },
        )
        .await
        .unwrap();
    }
    let last = fac
        .command_for(
            PIETRO,
            Command::PlaceSticker {
                card: panel[3],
                color: StickerColor::Red,
            },
        )
        .await
        .unwrap();
    let barrier = fac
        .command(Command::StartTimer { seconds: Some(60) })
        .await
        .unwrap();
    assert!(barrier > last);
    wall.sync_to(barrier).await;
    assert!(
        wall.state.stickers.is_empty(),
        "stickers hidden from the wall"
    );
    for person in people.iter_mut() {
        person.sync_to(barrier).await;
        let me = id_of(person);
        assert_eq!(person.state.stickers.len(), 4);
        assert!(person.state.stickers.values().all(|s| s.owner == me));
    }
    assert_eq!(fac.state.stickers.len(), 36);
    assert!(fac
        .state
        .stickers
        .values()
        .filter(|s| s.owner == PIETRO)
        .all(|s| s.proxied));

    // Results: everyone, the wall included, sees the same ranked plan.
    let seq = fac.set_phase(Phase::Results).await;
    wall.sync_to(seq).await;
    sync_all(seq, &mut people.iter_mut().collect::<Vec<_>>()).await;
    let results = wall.state.results();
    assert_eq!(results.cards.len(), 14);
    assert_eq!(results.cards.iter().map(|c| c.green).sum::<u32>(), 27);
    assert_eq!(
        results
            .cards
            .iter()
            .map(|c| c.committed.len())
            .sum::<usize>(),
        9
    );
    assert!(results.cards.windows(2).all(|w| w[0].green >= w[1].green));
    assert_eq!(results.themes.len(), 3);
    for person in &people {
        assert_eq!(
            person.state, fac.state,
            "everyone holds the same final board"
        );
    }
    // The wall holds the panel only: none of the ideas dropped on the way, nor their
    // authors.
    assert_eq!(wall.state, fac.state.view_for(&Actor::Wall));
    assert!(wall.state.cards.len() < fac.state.cards.len());
    assert!(wall.state.cards.values().all(|c| fac.state.on_panel(c)));

    // The log records who did what: Pietro's actions as the facilitator's, for him.
    let db = rusqlite::Connection::open(&server.data).unwrap();
    let proxied: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM events WHERE actor = ?1",
            [r#"{"role":"proxy","id":8}"#],
            |row| row.get(0),
        )
        .unwrap();
    // Core value, three ideas, the merge, four stickers.
    assert_eq!(proxied, 1 + 3 + 1 + 4);
    server.stop().await;
}

/// In each group of `round`, its first member keeps exactly the quota, after trying one
/// too many and finishing too early, then declares the group done.
async fn keep_quota_and_finish(people: &mut [Client], round: Round) {
    let mut handled = Vec::new();
    for person in people.iter_mut() {
        let group = person.state.group_of(round, id_of(person)).unwrap().id;
        if handled.contains(&group) {
            continue;
        }
        handled.push(group);
        let (pool, kept, quota) = pool_of(person, round);
        let early = person
            .command(Command::SetDone {
                done: true,
                group: None,
            })
            .await;
        assert_eq!(early.unwrap_err().0, RejectionCode::QuotaNotMet);
        for card in pool.iter().skip(kept).take(quota - kept) {
            person
                .command(Command::Keep {
                    card: *card,
                    keep: true,
                })
                .await
                .unwrap();
        }
        let unkept = pool.iter().find(|c| !person.state.cards[c].is_kept(round));
        if let Some(card) = unkept {
            let over = person
                .command(Command::Keep {
                    card: *card,
                    keep: true,
                })
                .await;
            assert_eq!(over.unwrap_err().0, RejectionCode::QuotaExceeded);
        }
        person
            .command(Command::SetDone {
                done: true,
                group: None,
            })
            .await
            .unwrap();
    }
}
