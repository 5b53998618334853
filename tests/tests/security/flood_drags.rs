//! A drag flood: 1,000 positions of one card as fast as a socket takes them. The others
//! receive a steady 30 a second at most, ending on the latest position; the flood is
//! neither stored nor refused (a drag only shows a card in flight). A connection that
//! goes on past any screen's pace (600 messages a second, bursts of 1,200) is closed.

use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg};
use panneau_shared::{CardId, Command, Phase};
use panneau_tests::{Client, CreatedWorkshop, TestServer};
use std::time::Instant;

/// A board in the plenary with one card (card 0) on its panel, its facilitator's
/// connection, and the seq of that card.
async fn a_card_in_the_plenary() -> (TestServer, CreatedWorkshop, Client, u64) {
    let server = TestServer::start().await;
    let created = server.create_workshop("Drags", "").await;
    let mut dragger = server.facilitator(&created).await;
    dragger.set_phase(Phase::Plenary).await;
    let seq = dragger
        .command(Command::AddCard {
            text: "A card in flight".into(),
            x: 0.0,
            y: 0.0,
        })
        .await
        .unwrap();
    (server, created, dragger, seq)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drags_are_coalesced_to_a_steady_rate_and_the_latest_wins() {
    let (server, created, mut dragger, seq) = a_card_in_the_plenary().await;
    let mut wall = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .unwrap();
    wall.sync_to(seq).await;

    let began = Instant::now();
    for k in 1..=1000u32 {
        dragger
            .send(&ClientMsg::Drag {
                card: CardId(0),
                x: (k % 1400) as f32,
                y: 300.0,
            })
            .await
            .unwrap();
    }
    let last_x = 1000.0;
    // The wall reads until the latest position arrives.
    loop {
        if let ServerMsg::Drag { x, .. } = wall.recv().await.unwrap() {
            if x == last_x {
                break;
            }
        }
    }
    let elapsed = began.elapsed();
    let relayed = wall.drags.len();
    println!("1,000 drags sent in {elapsed:?}; the wall received {relayed}");
    // 30 a second, plus the first at once and the last at its turn.
    let allowed = (elapsed.as_secs_f64() * 30.0).ceil() as usize + 2;
    assert!(relayed <= allowed, "{relayed} relayed in {elapsed:?}");
    // Nothing of it was stored: the board is where it was.
    let after = dragger.command(Command::ClearTimer).await;
    assert!(after.is_err(), "no countdown to clear");
    assert_eq!(dragger.last_seq, seq, "drags are not events");
    server.stop().await;
}

#[tokio::test]
async fn a_connection_flooding_past_any_screens_pace_is_closed() {
    let (server, created, mut dragger, _) = a_card_in_the_plenary().await;
    let mut sent = 0u32;
    for k in 1..=20_000u32 {
        let drag = ClientMsg::Drag {
            card: CardId(0),
            x: (k % 1400) as f32,
            y: 300.0,
        };
        if dragger.send(&drag).await.is_err() {
            break;
        }
        sent += 1;
    }
    let closed = loop {
        if let Err(err) = dragger.recv().await {
            break err.to_string();
        }
    };
    assert!(closed.contains("Policy"), "after {sent} drags: {closed}");
    // The facilitator comes back at once: closing a connection takes nothing else away.
    let mut again = server.facilitator(&created).await;
    again
        .command(Command::StartTimer { seconds: Some(60) })
        .await
        .expect("the facilitator's next command is accepted");
    server.stop().await;
}
