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
