//! The infrastructure fails under a running workshop. NATS restarted: a batch published
//! while it was down never reaches the other hub, which reads it from PostgreSQL as soon
//! as an acknowledgement, or the owner's next word on the relay, shows the gap. PostgreSQL restarted: commands are refused as
//! `unavailable` meanwhile, nothing is acknowledged that was not stored, and the workshop
//! goes on once the database is back.

use super::*;
use panneau_shared::{Command, Phase, RejectionCode};
use panneau_tests::create_workshop_with_at;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_lost_while_nats_restarts_is_read_from_postgresql() {
    let pg = PgServer::start().unwrap();
    let mut nats = NatsServer::start().unwrap();
    let owner = relayed_hub(&pg, &nats, "owner", 3000).await;
    let follower = relayed_hub(&pg, &nats, "follower", 3000).await;
    let created = create_workshop_with_at(owner.addr, json!({ "ideas_per_person": 5 })).await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(owner.addr, &created).await;
    let token = "outage-participant-ana";
    let credential = Credential::Participant {
        token: token.into(),
    };
    let mut ana = Client::join(follower.addr, &code, token, "Ana").await;
    ana.sync_to(facilitator.set_phase(Phase::Ideas).await).await;

    nats.stop();
    // Stored on the owner, published into the void.
    let lost = facilitator
        .command(Command::StartTimer { seconds: Some(600) })
        .await
        .unwrap();
    nats.restart().unwrap();

    let idea = Command::AddCard {
        text: "after the outage".into(),
        x: 5.0,
        y: 5.0,
    };
    let seq = until_answered(&mut ana, follower.addr, &code, &credential, "ana-1", idea)
        .await
        .expect("the idea is accepted once NATS is back");
    assert!(seq > lost);
    assert!(ana.last_seq >= seq, "her own event before her ack");
    assert!(
        ana.state.timer.is_some(),
        "the lost batch reached her screen"
    );
    facilitator.sync_to(seq).await;
    assert_eq!(ana.state, facilitator.state.view_for(&ana.me));

    // Lost again, and this time nobody sends anything after: the owner's next word on
    // the relay (it tells who is connected every 5 s, with its last seq) shows the gap.
    nats.stop();
    let last = facilitator
        .command(Command::AddTime { seconds: 60 })
        .await
        .unwrap();
    nats.restart().unwrap();
    tokio::time::timeout(3 * WAIT, ana.sync_to(last))
        .await
        .expect("the last batch reaches her screen without her doing anything");
    assert_eq!(ana.state, facilitator.state.view_for(&ana.me));
    assert!(gapless(&stored_seqs(&pg, &code).await));
    owner.terminate().await.unwrap();
    follower.terminate().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_postgresql_refuses_meanwhile_and_loses_nothing() {
    let mut pg = PgServer::start().unwrap();
    let hub = hub(&pg, "alone", 3000).await;
    let created = create_workshop_with_at(hub.addr, json!({ "ideas_per_person": 5 })).await;
    let code = created.code.clone();
    let credential = created.facilitator();
    let mut facilitator = Client::facilitator_at(hub.addr, &created).await;
    facilitator.set_phase(Phase::Ideas).await;

    pg.stop().unwrap();
    let during = facilitator
        .try_command("during", Command::StartTimer { seconds: Some(300) })
        .await;
    assert!(
        matches!(during, Ok(Err((RejectionCode::Unavailable, _))) | Err(_)),
        "refused or let go while the database is down, never acknowledged: {during:?}"
    );
    pg.restart().unwrap();

    let seq = until_answered(
        &mut facilitator,
        hub.addr,
        &code,
        &credential,
        "during",
        Command::StartTimer { seconds: Some(300) },
    )
    .await
    .expect("accepted once the database is back");
    let seqs = stored_seqs(&pg, &code).await;
    assert!(gapless(&seqs) && *seqs.last().unwrap() == seq, "{seqs:?}");
    assert_eq!(seq, 3, "created, ideas, then the countdown once");
    hub.terminate().await.unwrap();
}
