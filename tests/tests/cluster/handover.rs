//! A hub stopped for an upgrade (SIGTERM) hands its boards over: its sockets close with
//! "restarting", its leases are released, and another hub serves the board at once, long
//! before the lease would have run out.

use super::*;
use panneau_shared::{Command, Phase};
use panneau_tests::create_workshop_at;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_hub_hands_its_boards_over_at_once() {
    let pg = PgServer::start().unwrap();
    // A lease far longer than the test: only a release lets another hub in.
    let leaving = hub(&pg, "leaving", 600_000).await;
    let created = create_workshop_at(leaving.addr, "Handover", "Who takes over?").await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(leaving.addr, &created).await;
    let seq = facilitator.set_phase(Phase::RoundTable).await;
    assert_eq!(lease_of(&pg, &code).await.0.as_deref(), Some("leaving"));

    assert!(leaving.terminate().await.unwrap(), "the hub exits cleanly");
    let closed = loop {
        match facilitator.recv().await {
            Ok(_) => continue,
            Err(err) => break format!("{err:#}"),
        }
    };
    assert!(closed.contains("Restart"), "closed with 1012: {closed}");
    assert_eq!(lease_of(&pg, &code).await.0, None, "the lease is released");

    let staying = hub(&pg, "staying", 600_000).await;
    let credential = created.facilitator();
    let mut back = Client::resume(
        staying.addr,
        &code,
        credential,
        facilitator.state.clone(),
        seq,
    )
    .await
    .expect("served at the first try");
    assert_eq!(lease_of(&pg, &code).await, (Some("staying".into()), 2));
    // A new page's op ids are its own (the facilitator's first page used "op-1").
    let next = back
        .command_with_id(
            "after-handover",
            Command::SetPhase {
                phase: Phase::Ideas,
            },
        )
        .await
        .unwrap();
    assert_eq!(next, seq + 1);
    assert!(gapless(&stored_seqs(&pg, &code).await));
    staying.terminate().await.unwrap();
}
