//! SIGTERM: the server closes every socket with "restarting", exits cleanly, and a
//! restart on the same file finds everything that was acknowledged.

use panneau_shared::protocol::{Credential, ServerMsg};
use panneau_shared::{CardId, Command, Phase, StickerColor};
use panneau_tests::process::ServerProcess;
use panneau_tests::{create_workshop_with_at, Client};
use serde_json::json;

#[tokio::test]
async fn sigterm_flushes_and_restarts_with_everything() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("term.db");
    let server = ServerProcess::spawn(&data, &[]).await.unwrap();
    let created = create_workshop_with_at(server.addr, json!({ "ideas_per_person": 20 })).await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(server.addr, &created).await;
    let token = "sigterm-participant-token";
    let credential = Credential::Participant {
        token: token.into(),
    };
    let mut ana = Client::join(server.addr, &code, token, "Ana").await;
    ana.sync_to(facilitator.set_phase(Phase::Ideas).await).await;
    for k in 0..20 {
        ana.command(Command::AddCard {
            text: format!("card {k}"),
            x: 10.0,
            y: 10.0,
        })
        .await
        .unwrap();
    }
    ana.sync_to(facilitator.set_phase(Phase::Vote).await).await;
    ana.command(Command::PlaceSticker {
        card: CardId(3),
        color: StickerColor::Red,
    })
    .await
    .unwrap();
    let before = ana.state.clone();

    assert!(server.terminate().await.unwrap(), "clean exit on SIGTERM");
    // Others leaving first may still tell Ana who is present; nothing else may
    // come before the socket closes.
    let err = loop {
        match ana.recv().await {
            Ok(ServerMsg::Presence { .. }) => continue,
            Ok(other) => panic!("only presence may precede the close, got {other:?}"),
            Err(err) => break err.to_string(),
        }
    };
    assert!(
        err.contains("restarting") || err.contains("closed"),
        "{err}"
    );

    let server = ServerProcess::spawn(&data, &[]).await.unwrap();
    let back = Client::connect(server.addr, &code, credential, None)
        .await
        .unwrap();
    assert_eq!(back.state, before);
    assert!(server.terminate().await.unwrap());
}

/// Screens sending at the moment the server stops get its close frame ("come back later")
/// and are never cut off by a connection reset: the server reads until their closing
/// reply before it lets the socket go, so no unread data turns its close into a reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_sending_as_the_server_stops_get_the_close_frame() {
    use futures_util::{SinkExt, StreamExt};
    use panneau_shared::protocol::{ClientMsg, PROTOCOL_VERSION};
    use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
    use tokio_tungstenite::tungstenite::Message;

    let dir = tempfile::tempdir().unwrap();
    let server = ServerProcess::spawn(&dir.path().join("stop.db"), &[])
        .await
        .unwrap();
    let created = create_workshop_with_at(server.addr, json!({})).await;
    let mut screens = Vec::new();
    for i in 0..20 {
        let mut socket = Client::open(server.addr).await.unwrap();
        let hello = ClientMsg::Hello {
            protocol: PROTOCOL_VERSION,
            board: created.code.clone(),
            credential: created.facilitator(),
            last_seq: None,
        };
        socket.send(Message::text(hello.to_json())).await.unwrap();
        let (mut sink, mut stream) = socket.split();
        // Welcome and snapshot first, so the board is live for this screen.
        stream.next().await.unwrap().unwrap();
        stream.next().await.unwrap().unwrap();
        // A drag every 2 ms, under the messages a connection may send in a second: data
        // keeps arriving while the server closes.
        let sending = tokio::spawn(async move {
            for k in 0..5000 {
                let drag = ClientMsg::Drag {
                    card: CardId(1),
                    x: (i * 10 + k % 7) as f32,
                    y: 10.0,
                };
                if let Err(err) = sink.send(Message::text(drag.to_json())).await {
                    return Some(err);
                }
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
            None
        });
        screens.push((stream, sending));
    }
    let stopping = tokio::spawn(server.terminate());
    for (i, (mut stream, sending)) in screens.into_iter().enumerate() {
        let close = loop {
            match stream.next().await {
                Some(Ok(Message::Close(frame))) => break frame,
                Some(Ok(_)) => continue,
                Some(Err(err)) => panic!("screen {i}: {err} instead of the close frame"),
                None => panic!("screen {i}: the socket ended without a close frame"),
            }
        };
        assert_eq!(
            close.map(|f| f.code),
            Some(CloseCode::Restart),
            "screen {i}"
        );
        // Its next send finds the socket closing, not reset by the server.
        let refused = sending.await.unwrap();
        if let Some(tokio_tungstenite::tungstenite::Error::Io(err)) = &refused {
            panic!("screen {i}: a send was cut off by the server: {err}");
        }
    }
    assert!(stopping.await.unwrap().unwrap(), "clean exit");
}
