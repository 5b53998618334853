//! A hub cut off from NATS while the other hubs still reach it: it says so on `/healthz`
//! (a load balancer sends screens elsewhere), gives its boards up, and takes none while cut
//! off; a hub that reaches everyone serves the board on, and once the link is mended the
//! cut-off hub follows it like any other.

use super::*;
use panneau_shared::Phase;
use panneau_tests::create_workshop_with_at;
use panneau_tests::cut::CuttableLink;
use serde_json::json;

async fn healthz(addr: std::net::SocketAddr) -> (u16, String) {
    panneau_tests::http(addr, "GET", "/healthz", None)
        .await
        .unwrap()
}

/// Asks `/healthz` until it answers `status`; what it said then.
async fn until_health(addr: std::net::SocketAddr, status: u16) -> String {
    panneau_tests::browser::eventually(&format!("/healthz answering {status}"), || async {
        let (now, said) = healthz(addr).await;
        Ok((now == status).then_some(said))
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_cut_off_from_nats_gives_its_boards_to_a_hub_that_reaches_everyone() {
    let pg = PgServer::start().unwrap();
    let nats = NatsServer::start().unwrap();
    let link = CuttableLink::to(nats.addr()).await.unwrap();
    let through_link = format!("nats://{}", link.addr);
    let cut_off = start_hub(&pg, Some(through_link), "cut-off", 1500, &[]).await;
    let other = relayed_hub(&pg, &nats, "other", 1500).await;
    let created = create_workshop_with_at(cut_off.addr, json!({ "ideas_per_person": 5 })).await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(cut_off.addr, &created).await;
    let token = "partition-participant-ana";
    let credential = Credential::Participant {
        token: token.into(),
    };
    let mut ana = Client::join(other.addr, &code, token, "Ana").await;
    ana.sync_to(facilitator.set_phase(Phase::Ideas).await).await;
    assert_eq!(healthz(cut_off.addr).await, (200, "ok".to_owned()));

    link.cut();
    let said = until_health(cut_off.addr, 503).await;
    assert!(said.contains("NATS"), "says why: {said}");
    assert_eq!(healthz(other.addr).await.0, 200);

    // Ana's screen, on the hub that reaches NATS, gets her idea acknowledged: that hub
    // takes the board once the cut-off one gave it up.
    let idea = Command::AddCard {
        text: "written during the partition".into(),
        x: 5.0,
        y: 5.0,
    };
    let seq = until_answered(&mut ana, other.addr, &code, &credential, "ana-1", idea)
        .await
        .expect("the idea is accepted through the hub that reaches everyone");
    assert_eq!(lease_of(&pg, &code).await.0.as_deref(), Some("other"));

    // The cut-off hub serves no one meanwhile, and says why.
    let refused = Client::connect(cut_off.addr, &code, created.facilitator(), None)
        .await
        .err()
        .map(|err| format!("{err:#}"))
        .unwrap_or_default();
    assert!(
        refused.contains("Unavailable") && refused.contains("cannot reach the other hubs"),
        "refused while cut off: {refused}"
    );
    // The facilitator's screen goes where the load balancer sends it: the other hub.
    let (mut facilitator, _) =
        connect_when_served(other.addr, &code, created.facilitator(), None).await;
    facilitator.sync_to(seq).await;
    assert_eq!(ana.state, facilitator.state.view_for(&ana.me));

    // Mended: the hub serves screens again, as a follower of the board's new owner.
    link.mend();
    until_health(cut_off.addr, 200).await;
    let bea = Client::join(cut_off.addr, &code, "partition-participant-bea", "Bea").await;
    let joined = bea.last_seq;
    facilitator.sync_to(joined).await;
    ana.sync_to(joined).await;
    assert_eq!(lease_of(&pg, &code).await.0.as_deref(), Some("other"));
    assert!(gapless(&stored_seqs(&pg, &code).await));
    cut_off.terminate().await.unwrap();
    other.terminate().await.unwrap();
}
