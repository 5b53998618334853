//! Boards load on first use and leave memory when nobody has been on them for a while;
//! coming back loads them again from storage, unchanged.

use panneau_shared::protocol::Credential;
use panneau_shared::{Command, Phase};
use panneau_tests::{http, Client, TestServer};
use std::time::{Duration, Instant};

async fn live_boards(server: &TestServer) -> u64 {
    let (status, body) = http(server.addr, "GET", "/api/stats", None).await.unwrap();
    assert_eq!(status, 200);
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["live_boards"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn an_idle_board_is_unloaded_and_reloaded_intact() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(&dir.path().join("idle.db"), |config| {
        config.idle_unload_secs = 1;
    })
    .await;
    let created = server.create_workshop("Idle", "").await;
    assert_eq!(
        live_boards(&server).await,
        0,
        "creating a board does not load it"
    );
    let mut facilitator = server.facilitator(&created).await;
    facilitator.set_phase(Phase::Plenary).await;
    facilitator
        .command(Command::AddCard {
            text: "Kept while unloaded".into(),
            x: 5.0,
            y: 5.0,
        })
        .await
        .unwrap();
    assert_eq!(live_boards(&server).await, 1);
    let before = facilitator.state.clone();
    facilitator.drop_connection();

    let deadline = Instant::now() + panneau_tests::WAIT;
    while live_boards(&server).await > 0 {
        assert!(
            Instant::now() < deadline,
            "the idle board was never unloaded"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let wall = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .unwrap();
    assert_eq!(wall.state, before);
    assert_eq!(live_boards(&server).await, 1);
    server.stop().await;
}
