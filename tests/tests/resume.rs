//! Coming back: a retried command is applied once, a reconnecting client gets exactly
//! what it missed, a token is the same person on any device, and a restart loses nothing.

use panneau_shared::protocol::Credential;
use panneau_shared::{Actor, CardId, Command, Event, StickerColor};
use panneau_tests::{Client, TestServer};

fn card(text: &str) -> Command {
    Command::AddCard {
        text: text.into(),
        x: 20.0,
        y: 20.0,
    }
}

#[tokio::test]
async fn a_retried_op_id_is_acknowledged_again_and_applied_once() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Retry", "").await;
    let mut ana = server.participant(&created.code, "Ana").await;
    let first = ana.command_with_id("same-op", card("Once")).await.unwrap();
    let again = ana.command_with_id("same-op", card("Once")).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(ana.state.cards.len(), 1);
    // Even from another connection of the same person (after a drop).
    let token = "token-retry-0123456789".to_string();
    let mut bruno = Client::connect(
        server.addr,
        &created.code,
        Credential::Participant {
            token: token.clone(),
        },
        None,
    )
    .await
    .unwrap();
    let join = Command::Join {
        name: "Bruno".into(),
        organisation: String::new(),
    };
    let joined = bruno.command_with_id("join-1", join.clone()).await.unwrap();
    let mut bruno2 = Client::connect(
        server.addr,
        &created.code,
        Credential::Participant { token },
        None,
    )
    .await
    .unwrap();
    assert!(matches!(bruno2.me, Actor::Participant { .. }));
    assert_eq!(
        bruno2.command_with_id("join-1", join).await.unwrap(),
        joined
    );
    assert_eq!(bruno2.state.participants.len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn a_dropped_client_resumes_with_exactly_the_missed_events() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Resume", "").await;
    let code = created.code.as_str();
    let token = "token-resume-0123456789";
    let credential = Credential::Participant {
        token: token.into(),
    };
    let mut ana = Client::join(server.addr, code, token, "Ana").await;
    let mut bruno = server.participant(code, "Bruno").await;
    let seq = bruno.command(card("Before the drop")).await.unwrap();
    ana.sync_to(seq).await;

    // Ana's Wi-Fi drops; the board moves on without her.
    let last_seen = ana.last_seq;
    let state_then = ana.state.clone();
    ana.drop_connection();
    let mut missed = Vec::new();
    for text in ["During the drop 1", "During the drop 2"] {
        missed.push(bruno.command(card(text)).await.unwrap());
    }
    bruno
        .command(Command::PlaceSticker {
            card: CardId(1),
            color: StickerColor::Green,
        })
        .await
        .unwrap();
    let now = bruno.last_seq;

    let mut back = Client::resume(server.addr, code, credential, state_then.clone(), last_seen)
        .await
        .unwrap();
    assert!(
        matches!(back.me, Actor::Participant { .. }),
        "same person again"
    );
    back.sync_to(now).await;
    let replayed: Vec<u64> = back.events.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        replayed,
        ((last_seen + 1)..=now).collect::<Vec<_>>(),
        "no gap, no duplicate"
    );
    assert_ne!(back.state, state_then);
    assert_eq!(back.state, bruno.state);
    assert!(matches!(back.events[0].1, Event::CardAdded { .. }));
    server.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_every_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("restart.db");
    let server = TestServer::start_on(&data).await;
    let created = server.create_workshop("Restart", "Does it survive?").await;
    let token = "token-restart-0123456789".to_string();
    let mut ana = Client::join(server.addr, &created.code, &token, "Ana").await;
    ana.command(card("Survives")).await.unwrap();
    ana.command(Command::PlaceSticker {
        card: CardId(0),
        color: StickerColor::Red,
    })
    .await
    .unwrap();
    let before = ana.state.clone();
    let seq_before = ana.last_seq;
    drop(ana);
    server.stop().await;

    let server = TestServer::start_on(&data).await;
    let ana = Client::connect(
        server.addr,
        &created.code,
        Credential::Participant { token },
        None,
    )
    .await
    .unwrap();
    assert!(
        matches!(ana.me, Actor::Participant { .. }),
        "the token still names Ana"
    );
    assert_eq!(ana.state, before);
    assert_eq!(ana.last_seq, seq_before);
    let facilitator = Client::connect(
        server.addr,
        &created.code,
        Credential::Facilitator {
            key: created.facilitator_key,
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(facilitator.state, before);
    server.stop().await;
}
