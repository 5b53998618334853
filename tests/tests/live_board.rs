//! The live board end to end over real sockets: joining, cards, drags and stickers reach
//! every other client, in the same order, and everyone ends with the same board.

use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg};
use panneau_shared::{Actor, CardId, Command, Event, Phase, StickerColor};
use panneau_tests::{Client, TestServer};

#[tokio::test]
async fn everyone_sees_every_change_in_the_same_order() {
    let server = TestServer::start().await;
    let created = server
        .create_workshop("Rete QM Var", "What could the network bring you?")
        .await;
    let code = created.code.as_str();
    let mut facilitator = Client::connect(
        server.addr,
        code,
        Credential::Facilitator {
            key: created.facilitator_key.clone(),
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(facilitator.me, Actor::Facilitator);
    assert_eq!(facilitator.state.title, "Rete QM Var");
    let mut wall = Client::connect(server.addr, code, Credential::Wall, None)
        .await
        .unwrap();

    let mut ana = server.participant(code, "Ana").await;
    let mut bruno = server.participant(code, "Bruno").await;
    let mut chiara = server.participant(code, "Chiara").await;

    facilitator.set_phase(Phase::Ideas).await;
    let card = ana
        .command(Command::AddCard {
            text: "Shared stand at trade fairs".into(),
            x: 40.0,
            y: 40.0,
        })
        .await
        .unwrap();
    // The rounds are skipped: every idea goes to the panel.
    facilitator.set_phase(Phase::Plenary).await;
    ana.command(Command::MoveCard {
        card: CardId(0),
        x: 700.0,
        y: 300.0,
    })
    .await
    .unwrap();
    facilitator.set_phase(Phase::Vote).await;
    chiara
        .command(Command::PlaceSticker {
            card: CardId(0),
            color: StickerColor::Green,
        })
        .await
        .unwrap();
    let last = ana
        .command(Command::PlaceSticker {
            card: CardId(0),
            color: StickerColor::Red,
        })
        .await
        .unwrap();
    assert!(last > card);

    for client in [
        &mut facilitator,
        &mut wall,
        &mut ana,
        &mut bruno,
        &mut chiara,
    ] {
        client.sync_to(last).await;
    }
    // Once the panel is public, everyone holds the same board, in the same order.
    for client in [&wall, &ana, &bruno, &chiara] {
        assert_eq!(client.state, facilitator.state);
        let tail = &facilitator.events[facilitator.events.len() - 2..];
        assert_eq!(&client.events[client.events.len() - 2..], tail);
    }
    let board = &wall.state;
    assert_eq!(board.participants.len(), 3);
    let moved = &board.cards[&CardId(0)];
    assert_eq!((moved.x, moved.y), (700.0, 300.0));
    assert_eq!(board.stickers_on(CardId(0)).count(), 2);
    server.stop().await;
}

#[tokio::test]
async fn a_drag_is_relayed_live_to_others_but_neither_sequenced_nor_echoed() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Drag", "").await;
    let code = created.code.as_str();
    let mut facilitator = server.facilitator(&created).await;
    let mut ana = server.participant(code, "Ana").await;
    let mut bruno = server.participant(code, "Bruno").await;
    facilitator.set_phase(Phase::Ideas).await;
    ana.command(Command::AddCard {
        text: "Joint website".into(),
        x: 0.0,
        y: 0.0,
    })
    .await
    .unwrap();
    // While ideas are private, so are their drags.
    ana.send(&ClientMsg::Drag {
        card: CardId(0),
        x: 10.0,
        y: 10.0,
    })
    .await
    .unwrap();
    ana.command(Command::EditCard {
        card: CardId(0),
        text: "Joint website, in three languages".into(),
    })
    .await
    .unwrap();
    let seq = facilitator.set_phase(Phase::Plenary).await;
    bruno.sync_to(seq).await;
    assert!(bruno.drags.is_empty(), "a private card's drag leaked");
    assert_eq!(bruno.state.cards.len(), 1, "revealed on the panel");

    for step in 1..=5 {
        ana.send(&ClientMsg::Drag {
            card: CardId(0),
            x: 100.0 * step as f32,
            y: 50.0,
        })
        .await
        .unwrap();
    }
    // Sent faster than a card's steady rate, the positions are coalesced: at most the
    // first goes at once, and the latest follows at the card's next turn; the ones between
    // are skipped.
    let ana_id = ana.me;
    let mut seen = Vec::new();
    while seen.last() != Some(&500.0) {
        match bruno
            .wait_for(|m| matches!(m, ServerMsg::Drag { .. }))
            .await
        {
            ServerMsg::Drag { card, x, y, by } => {
                assert_eq!((card, y, by), (CardId(0), 50.0, ana_id));
                seen.push(x);
            }
            _ => unreachable!(),
        }
    }
    assert!(seen.len() <= 2, "nothing coalesced: {seen:?}");
    assert_eq!(bruno.last_seq, seq, "drags are not events");
    // The drop is the event everyone, the dragger included, receives.
    let dropped = ana
        .command(Command::MoveCard {
            card: CardId(0),
            x: 500.0,
            y: 50.0,
        })
        .await
        .unwrap();
    bruno.sync_to(dropped).await;
    assert!(
        ana.drags.is_empty(),
        "the dragger does not get its own drags back"
    );
    // (On the panel a drop into a theme's area also themes the card: one more event.)
    assert!(bruno
        .events
        .iter()
        .rev()
        .take(2)
        .any(|(_, e)| matches!(e, Event::CardMoved { x, .. } if *x == 500.0)));
    server.stop().await;
}

#[tokio::test]
async fn presence_follows_connections() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Presence", "").await;
    let code = created.code.as_str();
    let mut wall = Client::connect(server.addr, code, Credential::Wall, None)
        .await
        .unwrap();
    let ana = server.participant(code, "Ana").await;
    let Actor::Participant { id } = ana.me else {
        panic!("joined")
    };
    wall.wait_for(
        |m| matches!(m, ServerMsg::Presence { participants, .. } if participants == &vec![id]),
    )
    .await;
    ana.drop_connection();
    wall.wait_for(
        |m| matches!(m, ServerMsg::Presence { participants, .. } if participants.is_empty()),
    )
    .await;
    server.stop().await;
}
