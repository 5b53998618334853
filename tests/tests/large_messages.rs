//! A message longer than one WebSocket frame, such as the snapshot of a full panel,
//! leaves the server in fragments and reaches the client whole, its text intact even
//! where a fragment ends inside a character.

use panneau_shared::protocol::Credential;
use panneau_shared::{Command, Phase};
use panneau_tests::{Client, TestServer};

#[tokio::test]
async fn a_snapshot_larger_than_a_frame_arrives_whole() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Panneau plein", "").await;
    let mut facilitator = server.facilitator(&created).await;
    facilitator.set_phase(Phase::Plenary).await;
    // Three-byte characters throughout, so the fragments' edges fall inside them.
    for k in 0..60 {
        let text = format!("{k} {}", " € è ✓".repeat(30));
        facilitator
            .command(Command::AddCard {
                text,
                x: 0.0,
                y: 0.0,
            })
            .await
            .unwrap();
    }
    let snapshot_bytes = serde_json::to_string(&facilitator.state).unwrap().len();
    assert!(
        snapshot_bytes > 4 * 4096,
        "the snapshot spans several frames: {snapshot_bytes} bytes"
    );

    let wall = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .unwrap();
    assert_eq!(wall.last_seq, facilitator.last_seq);
    assert_eq!(wall.state.cards, facilitator.state.cards);
    assert!(wall.state.cards.values().all(|c| c.text.ends_with("€ è ✓")));
    server.stop().await;
}
