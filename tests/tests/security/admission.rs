//! The door and removal, through the server: with the door closed nobody new joins; the
//! facilitator sees someone connected on two devices, takes them off the board, and both
//! devices are let go and cannot come back.

use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg};
use panneau_shared::{Actor, Command, Detail, ParticipantId, RejectionCode};
use panneau_tests::{Client, TestServer};

#[tokio::test]
async fn a_closed_door_and_a_removal_hold_on_every_device() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Door", "").await;
    let code = created.code.as_str();
    let mut facilitator = server.facilitator(&created).await;
    let token = "stranger-token-00000001".to_string();
    let stranger = Client::join(server.addr, code, &token, "Stranger").await;
    let Actor::Participant { id } = stranger.me else {
        panic!("joined as {:?}", stranger.me)
    };
    let second = Client::connect(
        server.addr,
        code,
        Credential::Participant {
            token: token.clone(),
        },
        None,
    )
    .await
    .unwrap();

    // The facilitator sees them on two devices.
    let devices = |msg: &ServerMsg| match msg {
        ServerMsg::Presence {
            participants,
            devices,
            ..
        } => participants
            .iter()
            .zip(devices)
            .find(|(p, _)| **p == id)
            .map(|(_, n)| *n),
        _ => None,
    };
    facilitator.wait_for(|m| devices(m) == Some(2)).await;

    // The door closes: a newcomer is refused, and told why.
    facilitator
        .command(Command::SetDoor { closed: true })
        .await
        .unwrap();
    let mut late = Client::connect(
        server.addr,
        code,
        Credential::Participant {
            token: "latecomer-token-00000001".into(),
        },
        None,
    )
    .await
    .unwrap();
    late.send(&ClientMsg::Command {
        op_id: "join".into(),
        command: Command::Join {
            name: "Late".into(),
            organisation: String::new(),
        },
        on_behalf_of: None,
    })
    .await
    .unwrap();
    let refused = late
        .wait_for(|m| matches!(m, ServerMsg::Rejected { .. }))
        .await;
    assert!(
        matches!(
            refused,
            ServerMsg::Rejected {
                code: RejectionCode::NotAllowed,
                detail: Some(Detail::DoorClosed),
                ..
            }
        ),
        "{refused:?}"
    );

    // Taken off the board: both devices are let go, and the token opens nothing more.
    facilitator
        .command(Command::RemoveParticipant {
            participant: ParticipantId(id.0),
        })
        .await
        .unwrap();
    for mut device in [stranger, second] {
        let ended = loop {
            if let Err(err) = device.recv().await {
                break err.to_string();
            }
        };
        assert!(ended.contains("closed"), "{ended}");
    }
    let back = Client::connect(server.addr, code, Credential::Participant { token }, None)
        .await
        .err()
        .expect("refused");
    assert!(back.to_string().contains("NotAllowed"), "{back}");
    facilitator
        .wait_for(|m| matches!(m, ServerMsg::Presence { participants, .. } if !participants.contains(&id)))
        .await;
    server.stop().await;
}
