//! A hub too slow for the relay: paused while the owner commits a burst, it wakes to more
//! batches than its board's subscription holds, and NATS drops the rest. What it missed is
//! read from PostgreSQL; its screens end up with every event, in order.

use super::*;
use panneau_shared::Phase;
use panneau_tests::create_workshop_with_at;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batches_dropped_for_a_slow_hub_are_read_from_postgresql() {
    let pg = PgServer::start().unwrap();
    let nats = NatsServer::start().unwrap();
    // The burst below is one facilitator's: past what a person could send.
    let burst = ["--commands-per-s", "1000", "--messages-per-s", "1000"];
    let owner = start_hub(&pg, Some(nats.url()), "owner", 3000, &burst).await;
    // Two messages per subscription: a burst overflows it as soon as the hub is behind.
    let slow = start_hub(
        &pg,
        Some(nats.url()),
        "slow",
        3000,
        &["--relay-buffer", "2"],
    )
    .await;
    let created = create_workshop_with_at(owner.addr, json!({ "ideas_per_person": 5 })).await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(owner.addr, &created).await;
    let mut ana = Client::join(slow.addr, &code, "slow-participant-ana", "Ana").await;
    facilitator.set_phase(Phase::Ideas).await;
    let started = facilitator
        .command(Command::StartTimer { seconds: Some(600) })
        .await
        .unwrap();
    ana.sync_to(started).await;

    slow.signal("STOP").unwrap();
    let mut last = started;
    for _ in 0..100 {
        last = facilitator
            .command(Command::AddTime { seconds: 60 })
            .await
            .unwrap();
    }
    slow.signal("CONT").unwrap();

    // Nothing more is sent: the owner's next word on the relay (who is connected, with
    // its last seq, every 5 s) shows the slow hub how far behind it is.
    tokio::time::timeout(3 * WAIT, ana.sync_to(last))
        .await
        .expect("every batch reaches her screen");
    assert_eq!(ana.state, facilitator.state.view_for(&ana.me));
    // Every event of the burst is hers to see: each reached her once, in order.
    assert_eq!(
        ana.seqs_after(started),
        (started + 1..=last).collect::<Vec<u64>>()
    );
    assert!(
        metric(slow.addr, "panneau_relay_overflows_total").await > 0.0,
        "the burst overflowed the slow hub's subscription"
    );
    assert!(metric(slow.addr, "panneau_gaps_repaired_total").await > 0.0);
    owner.terminate().await.unwrap();
    slow.terminate().await.unwrap();
}
