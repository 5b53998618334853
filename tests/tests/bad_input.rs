//! Bad input gets a clear error to its sender and never disturbs anyone else's board.

use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, MAX_CLIENT_MESSAGE_BYTES};
use panneau_shared::{CardId, Command, Phase, RejectionCode, StickerColor};
use panneau_tests::{http, Client, TestServer};
use tokio_tungstenite::tungstenite::Message;

async fn rejected(client: &mut Client) -> (Option<String>, RejectionCode, String) {
    match client
        .wait_for(|m| matches!(m, ServerMsg::Rejected { .. }))
        .await
    {
        ServerMsg::Rejected {
            op_id,
            code,
            message,
            ..
        } => (op_id, code, message),
        _ => unreachable!(),
    }
}

#[tokio::test]
async fn malformed_oversized_and_unknown_messages_are_rejected_and_the_board_goes_on() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Bad input", "").await;
    let code = created.code.as_str();
    let mut facilitator = server.facilitator(&created).await;
    let mut mallory = server.participant(code, "Mallory").await;
    let mut ana = server.participant(code, "Ana").await;
    let seq = facilitator.set_phase(Phase::Ideas).await;
    mallory.sync_to(seq).await;
    ana.sync_to(seq).await;

    mallory.send_raw(Message::text("{not json")).await.unwrap();
    let (_, code_, message) = rejected(&mut mallory).await;
    assert_eq!(code_, RejectionCode::Invalid);
    assert!(message.contains("malformed"), "{message}");

    let huge = format!(
        r#"{{"type":"command","op_id":"big","command":{{"type":"add_card","text":"{}","x":1,"y":1}}}}"#,
        "x".repeat(MAX_CLIENT_MESSAGE_BYTES)
    );
    mallory.send_raw(Message::text(huge)).await.unwrap();
    let (op_id, code_, message) = rejected(&mut mallory).await;
    assert_eq!(
        (op_id.as_deref(), code_),
        (Some("big"), RejectionCode::Invalid)
    );
    assert!(message.contains("too large"), "{message}");

    mallory
        .send_raw(Message::binary(vec![0u8, 1, 2]))
        .await
        .unwrap();
    assert_eq!(rejected(&mut mallory).await.1, RejectionCode::Invalid);

    let out_of_phase = mallory
        .command(Command::PlaceSticker {
            card: CardId(99),
            color: StickerColor::Green,
        })
        .await
        .unwrap_err();
    assert_eq!(out_of_phase.0, RejectionCode::WrongPhase);
    assert!(out_of_phase.1.contains("“Vote”"), "{}", out_of_phase.1);

    let unknown = mallory
        .command(Command::MoveCard {
            card: CardId(99),
            x: 1.0,
            y: 1.0,
        })
        .await
        .unwrap_err();
    assert_eq!(unknown.0, RejectionCode::UnknownCard);

    let impersonation = mallory
        .command_for(
            panneau_shared::ParticipantId(1),
            Command::SetCoreValue {
                value: "I am Ana".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(impersonation.0, RejectionCode::NotAllowed);

    let off_board = mallory
        .command(Command::AddCard {
            text: "far away".into(),
            x: 1e9,
            y: 0.0,
        })
        .await
        .unwrap_err();
    assert_eq!(off_board.0, RejectionCode::Invalid);

    mallory
        .send(&ClientMsg::Hello {
            protocol: 1,
            board: "AAAAAA".into(),
            credential: Credential::Wall,
            last_seq: None,
        })
        .await
        .unwrap();
    assert!(rejected(&mut mallory).await.2.contains("already"));

    // Nothing of the above reached Ana; her board still works, and so does Mallory's.
    let before = ana.last_seq;
    let seq = ana
        .command(Command::AddCard {
            text: "Still working".into(),
            x: 10.0,
            y: 10.0,
        })
        .await
        .unwrap();
    assert_eq!(seq, before + 1, "no event was produced by the bad input");
    mallory
        .command(Command::AddCard {
            text: "Mine".into(),
            x: 10.0,
            y: 10.0,
        })
        .await
        .unwrap();
    assert_eq!(mallory.state.cards.len(), 1, "Ana's idea stays private");
    assert_eq!(ana.state.cards.len(), 1);
    assert_eq!(ana.state.participants, mallory.state.participants);
    server.stop().await;
}

#[tokio::test]
async fn a_wall_cannot_change_the_board() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Wall", "").await;
    let mut wall = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .unwrap();
    let refused = wall
        .command(Command::AddCard {
            text: "graffiti".into(),
            x: 1.0,
            y: 1.0,
        })
        .await
        .unwrap_err();
    assert_eq!(refused.0, RejectionCode::NotAllowed);
    server.stop().await;
}

#[tokio::test]
async fn handshakes_that_cannot_succeed_say_why() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Handshake", "").await;
    let cases = [
        (
            created.code.clone(),
            Credential::Facilitator {
                key: "guess".into(),
            },
            "not valid",
        ),
        ("ZZZZZZ".to_string(), Credential::Wall, "no workshop"),
        ("../etc".to_string(), Credential::Wall, "no workshop"),
        (
            created.code.clone(),
            Credential::Participant {
                token: "short".into(),
            },
            "token",
        ),
    ];
    for (code, credential, expected) in cases {
        let err = Client::connect(server.addr, &code, credential, None)
            .await
            .err()
            .expect("refused");
        assert!(err.to_string().contains(expected), "{err}");
    }
    // An old page speaking another protocol version is told to reload.
    let mut socket = Client::open(server.addr).await.unwrap();
    use futures_util::{SinkExt, StreamExt};
    socket
        .send(Message::text(
            r#"{"type":"hello","protocol":0,"board":"X","credential":{"kind":"wall"}}"#,
        ))
        .await
        .unwrap();
    let Some(Ok(Message::Text(text))) = socket.next().await else {
        panic!("an error message")
    };
    let msg: ServerMsg = serde_json::from_str(&text).unwrap();
    assert!(
        matches!(msg, ServerMsg::Error { ref message, .. } if message.contains("reload")),
        "{msg:?}"
    );
    // The join code is case-insensitive, as people type it.
    Client::connect(
        server.addr,
        &created.code.to_lowercase(),
        Credential::Wall,
        None,
    )
    .await
    .unwrap();
    let (status, _) = http(server.addr, "GET", "/healthz", None).await.unwrap();
    assert_eq!(status, 200);
    server.stop().await;
}
