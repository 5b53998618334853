//! A client that stops reading is disconnected (it would resume later) instead of making
//! the server hold an ever-growing queue for it, and the others do not notice.

use futures_util::SinkExt;
use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_shared::{Actor, CardId, Command, Phase};
use panneau_tests::{Client, TestServer};
use tokio::net::TcpSocket;
use tokio_tungstenite::tungstenite::Message;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_nothing_is_dropped_and_others_carry_on() {
    // Every drag relayed, none coalesced: the traffic is what backs up the sleeper.
    let server = TestServer::start_tuned(|config| {
        config.drags_per_s = 1_000_000;
        config.messages_per_s = 1_000_000;
    })
    .await;
    let created = server.create_workshop("Slow", "").await;
    let code = created.code.as_str();

    // The slow participant joins, then never reads again. A small receive buffer makes
    // the server's writes back up sooner, as on a phone that went to sleep.
    let token = "slow-client-token-000001".to_string();
    let joined = Client::join(server.addr, code, &token, "Sleepy").await;
    let sleepy_id = match joined.me {
        Actor::Participant { id } => id,
        other => panic!("joined as {other:?}"),
    };
    joined.drop_connection();
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let stream = socket.connect(server.addr).await.unwrap();
    let (mut sleepy, _) =
        tokio_tungstenite::client_async(format!("ws://{}/ws", server.addr), stream)
            .await
            .unwrap();
    let hello = ClientMsg::Hello {
        protocol: PROTOCOL_VERSION,
        board: code.into(),
        credential: Credential::Participant { token },
        last_seq: None,
    };
    sleepy.send(Message::text(hello.to_json())).await.unwrap();

    let mut wall = Client::connect(server.addr, code, Credential::Wall, None)
        .await
        .unwrap();
    wall.wait_for(|m| matches!(m, ServerMsg::Presence { participants, .. } if participants.contains(&sleepy_id)))
        .await;
    let mut busy = server.facilitator(&created).await;
    busy.set_phase(Phase::Plenary).await;
    let seq = busy
        .command(Command::AddCard {
            text: "A card to drag around".into(),
            x: 0.0,
            y: 0.0,
        })
        .await
        .unwrap();
    wall.sync_to(seq).await;

    // Busy drags the card around a lot; the wall keeps reading, Sleepy does not.
    let mut sent = 0u32;
    let dropped = loop {
        for _ in 0..500 {
            sent += 1;
            busy.send(&ClientMsg::Drag {
                card: CardId(0),
                x: (sent % 1400) as f32,
                y: (sent % 780) as f32,
            })
            .await
            .unwrap();
        }
        // Read what the wall got meanwhile, stopping early if Sleepy is gone.
        let mut gone = false;
        while wall.drags.len() < sent as usize {
            if let ServerMsg::Presence { participants, .. } = wall.recv().await.unwrap() {
                gone |= !participants.contains(&sleepy_id);
            }
        }
        if gone {
            break true;
        }
        assert!(sent < 400_000, "the silent client was never dropped");
    };
    assert!(dropped);
    assert_eq!(
        wall.drags.len(),
        sent as usize,
        "the wall received every drag"
    );

    // The board goes on as before for everyone else.
    let seq = busy
        .command(Command::MoveCard {
            card: CardId(0),
            x: 800.0,
            y: 400.0,
        })
        .await
        .unwrap();
    wall.sync_to(seq).await;
    assert_eq!(wall.state, busy.state);
    drop(sleepy);
    server.stop().await;
}
