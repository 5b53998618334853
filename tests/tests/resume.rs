//! Coming back: a retried command is applied once, a reconnecting client gets exactly
//! what it missed, a token is the same person on any device, and a restart loses nothing.

use panneau_shared::protocol::Credential;
use panneau_shared::protocol::ServerMsg;
use panneau_shared::{Actor, CardId, Command, Event, Phase, StickerColor};
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
    let mut facilitator = server.facilitator(&created).await;
    let mut ana = server.participant(&created.code, "Ana").await;
    let seq = facilitator.set_phase(Phase::Ideas).await;
    ana.sync_to(seq).await;
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
async fn a_dropped_client_resumes_with_exactly_the_missed_events_it_may_see() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Resume", "").await;
    let code = created.code.as_str();
    let token = "token-resume-0123456789";
    let credential = Credential::Participant {
        token: token.into(),
    };
    let mut facilitator = server.facilitator(&created).await;
    let mut ana = Client::join(server.addr, code, token, "Ana").await;
    let mut bruno = server.participant(code, "Bruno").await;
    let Actor::Participant { id: ana_id } = ana.me else {
        panic!("joined")
    };
    let seq = facilitator.set_phase(Phase::Ideas).await;
    ana.sync_to(seq).await;
    ana.command(card("Before the drop")).await.unwrap();
    bruno.command(card("Bruno's first idea")).await.unwrap();

    // Ana's Wi-Fi drops while ideas are private: she gets back her own idea, written by
    // the facilitator for her, and nothing of Bruno's.
    let last_seen = ana.last_seq;
    let state_then = ana.state.clone();
    ana.drop_connection();
    bruno.command(card("Bruno's second idea")).await.unwrap();
    let hers = facilitator
        .command_for(ana_id, card("Written for Ana"))
        .await
        .unwrap();
    bruno.command(card("Bruno's third idea")).await.unwrap();
    let mut back = Client::resume(server.addr, code, credential.clone(), state_then, last_seen)
        .await
        .unwrap();
    assert!(
        matches!(back.me, Actor::Participant { .. }),
        "same person again"
    );
    back.sync_to(hers).await;
    let replayed = back.seqs_after(0);
    assert_eq!(replayed, vec![hers], "exactly what she may see");
    let texts: Vec<&str> = back.state.cards.values().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["Before the drop", "Written for Ana"]);
    assert!(back.state.cards.values().all(|c| c.authors == vec![ana_id]));

    // Across a phase change, what she may see changed as a whole: a fresh view.
    let last_seen = back.last_seq;
    let state_then = back.state.clone();
    back.drop_connection();
    let revealed = facilitator.set_phase(Phase::Plenary).await;
    let mut back = Client::resume(server.addr, code, credential.clone(), state_then, last_seen)
        .await
        .unwrap();
    let msg = back
        .wait_for(|m| matches!(m, ServerMsg::Snapshot { .. }))
        .await;
    assert!(matches!(msg, ServerMsg::Snapshot { seq, .. } if seq == revealed));
    assert_eq!(back.state.cards.len(), 5, "the panel shows every idea");

    // On the public panel, a drop replays every missed event, without gap or duplicate.
    let last_seen = back.last_seq;
    let state_then = back.state.clone();
    back.drop_connection();
    let mut missed = Vec::new();
    for text in ["During the drop 1", "During the drop 2"] {
        missed.push(facilitator.command(card(text)).await.unwrap());
    }
    facilitator
        .command(Command::MoveCard {
            card: CardId(1),
            x: 300.0,
            y: 300.0,
        })
        .await
        .unwrap();
    let now = facilitator.last_seq;
    let mut back = Client::resume(server.addr, code, credential, state_then.clone(), last_seen)
        .await
        .unwrap();
    back.sync_to(now).await;
    let replayed = back.seqs_after(0);
    assert_eq!(replayed, ((last_seen + 1)..=now).collect::<Vec<_>>());
    assert_ne!(back.state, state_then);
    assert_eq!(back.state.cards, facilitator.state.cards);
    assert!(matches!(back.events[0].1, Event::CardAdded { .. }));
    assert_eq!(missed.len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_every_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("restart.db");
    let server = TestServer::start_on(&data).await;
    let created = server.create_workshop("Restart", "Does it survive?").await;
    let token = "token-restart-0123456789".to_string();
    let mut facilitator = server.facilitator(&created).await;
    let mut ana = Client::join(server.addr, &created.code, &token, "Ana").await;
    ana.sync_to(facilitator.set_phase(Phase::Ideas).await).await;
    ana.command(card("Survives")).await.unwrap();
    ana.sync_to(facilitator.set_phase(Phase::Vote).await).await;
    ana.command(Command::PlaceSticker {
        card: CardId(0),
        color: StickerColor::Red,
    })
    .await
    .unwrap();
    let before = ana.state.clone();
    let seq_before = ana.last_seq;
    drop(ana);
    drop(facilitator);
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
