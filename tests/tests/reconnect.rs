//! Connections dropped in the middle of a burst (TCP closed, no WebSocket close): each
//! client comes back with its last `seq` and converges to the server's board with no gap
//! and no duplicate, through the replay of missed events or, when too much was missed,
//! through a snapshot.

use panneau_shared::protocol::{Credential, ServerMsg};
use panneau_shared::{Command, Phase};
use panneau_tests::{Client, CreatedWorkshop, TestServer};

/// Readers that drop at different points of a burst, then resume. Returns, per reader,
/// whether its resume came as a snapshot.
async fn drop_and_resume(
    server: &TestServer,
    created: &CreatedWorkshop,
    burst: usize,
) -> Vec<bool> {
    let code = created.code.as_str();
    let mut writer = server.facilitator(created).await;
    let mut readers = Vec::new();
    for i in 0..6 {
        let token = format!("reconnect-reader-token-{i:04}");
        let reader = Client::join(server.addr, code, &token, &format!("Reader {i}")).await;
        readers.push((token, reader));
    }
    // The facilitator writes on the panel, which everyone sees.
    let start = writer.set_phase(Phase::Plenary).await;
    for (_, reader) in &mut readers {
        reader.sync_to(start).await;
    }
    // The writer bursts without waiting for acks; readers drop at staggered points.
    let writer_task = tokio::spawn(async move {
        for k in 0..burst {
            writer
                .send(&panneau_shared::protocol::ClientMsg::Command {
                    op_id: format!("burst-{k}"),
                    command: Command::AddCard {
                        text: format!("burst card {k}"),
                        x: (k % 1400) as f32,
                        y: 10.0,
                    },
                    on_behalf_of: None,
                })
                .await
                .unwrap();
        }
        // The last ack comes after every event of the burst.
        let last_op = format!("burst-{}", burst - 1);
        writer
            .wait_for(|m| matches!(m, ServerMsg::Ack { op_id, .. } if *op_id == last_op))
            .await;
        writer
    });
    let mut resumed = Vec::new();
    for (i, (token, mut reader)) in readers.into_iter().enumerate() {
        // Reader i drops after seeing a few events of the burst.
        reader.sync_to(start + 1 + (i as u64 * 3)).await;
        let (state, last_seq) = (reader.state.clone(), reader.last_seq);
        let seen = reader.seqs_after(start);
        reader.drop_connection();
        resumed.push((token, state, last_seq, seen));
    }
    let writer = writer_task.await.unwrap();
    let target = writer.last_seq;
    let mut via_snapshot = Vec::new();
    for (token, state, last_seq, seen) in resumed {
        let mut back = Client::resume(
            server.addr,
            code,
            Credential::Participant { token },
            state,
            last_seq,
        )
        .await
        .unwrap();
        let first = back.recv().await.unwrap();
        let snapshot = matches!(first, ServerMsg::Snapshot { .. });
        via_snapshot.push(snapshot);
        back.sync_to(target).await;
        assert!(back.state == writer.state, "converged");
        assert_eq!(back.last_seq, target);
        if !snapshot {
            // Replay: the events seen before and after the drop are exactly those of
            // the burst, each once.
            let mut all = seen;
            all.extend(back.seqs_after(0));
            let expected: Vec<u64> = (start + 1..=target).collect();
            assert_eq!(all, expected, "no gap, no duplicate");
        }
    }
    via_snapshot
}

/// A command rate no burst of these tests reaches.
const BURSTS_ALLOWED: u32 = 1_000_000;

#[tokio::test]
async fn dropped_clients_catch_up_by_replay() {
    // The burst is far over a person's command rate: this test is about catching up.
    let server = TestServer::start_tuned(|config| config.commands_per_s = BURSTS_ALLOWED).await;
    let created = server.create_workshop("Replay", "").await;
    let paths = drop_and_resume(&server, &created, 300).await;
    assert!(
        paths.iter().all(|snapshot| !snapshot),
        "all within the replay window"
    );
    server.stop().await;
}

#[tokio::test]
async fn clients_that_missed_too_much_get_a_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(&dir.path().join("snap.db"), |config| {
        config.commands_per_s = BURSTS_ALLOWED;
        config.replay_window = 16;
        config.snapshot_every = 50;
    })
    .await;
    let created = server.create_workshop("Snapshot", "").await;
    let paths = drop_and_resume(&server, &created, 300).await;
    assert!(
        paths.iter().all(|snapshot| *snapshot),
        "all beyond the replay window"
    );
    server.stop().await;
}
