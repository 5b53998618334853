//! One workshop with its screens spread over three hubs: the facilitator on the first,
//! participants on all three. Every screen sees the same gapless order of the events it
//! may see, a private idea never reaches another participant's screen whatever hub it is
//! on, at the end each screen's board is exactly what its viewer may see of the
//! facilitator's, and the console counts every screen, whichever hub it reached.

use super::*;
use panneau_shared::protocol::{ClientMsg, ServerMsg};
use panneau_shared::{Actor, Command, Phase};
use panneau_tests::create_workshop_with_at;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn screens_on_three_hubs_share_one_board() {
    let pg = PgServer::start().unwrap();
    let nats = NatsServer::start().unwrap();
    let hubs = [
        relayed_hub(&pg, &nats, "one", 3000).await,
        relayed_hub(&pg, &nats, "two", 3000).await,
        relayed_hub(&pg, &nats, "three", 3000).await,
    ];
    let created = create_workshop_with_at(hubs[1].addr, json!({ "ideas_per_person": 3 })).await;
    let code = created.code.clone();
    let mut facilitator = Client::facilitator_at(hubs[0].addr, &created).await;
    assert_eq!(lease_of(&pg, &code).await.0.as_deref(), Some("one"));
    let mut people = Vec::new();
    for i in 0..6 {
        let addr = hubs[i % 3].addr;
        let token = format!("spread-participant-{i:02}");
        people.push(Client::join(addr, &code, &token, &format!("P{i}")).await);
    }
    let wall = Credential::Wall;
    let mut wall = Client::connect(hubs[2].addr, &code, wall, None)
        .await
        .unwrap();

    let seq = facilitator.set_phase(Phase::Ideas).await;
    for person in &mut people {
        person.sync_to(seq).await;
    }
    for (i, person) in people.iter_mut().enumerate() {
        for k in 0..2 {
            person
                .command(Command::AddCard {
                    text: format!("private idea {k} of P{i}"),
                    x: 20.0,
                    y: 20.0,
                })
                .await
                .unwrap_or_else(|e| panic!("P{i}'s idea {k}: {e:?}"));
        }
    }
    // Groups are formed on the owner; the followers' screens get fresh views.
    let last = facilitator.set_phase(Phase::Pairs).await;
    facilitator.sync_to(last).await;
    wall.sync_to(last).await;
    for person in &mut people {
        person.sync_to(last).await;
    }

    let seqs = stored_seqs(&pg, &code).await;
    assert!(gapless(&seqs) && *seqs.last().unwrap() == last, "{seqs:?}");
    for (i, person) in people.iter().enumerate() {
        let Actor::Participant { id } = person.me else {
            panic!("P{i} joined");
        };
        // Before the pairs, a participant saw their own ideas only.
        for (card, authors) in &person.cards_seen {
            let own = authors.contains(&id);
            let pooled = person.state.cards.contains_key(card);
            assert!(
                own || pooled,
                "P{i} (hub {}) saw another's private idea {card:?}",
                i % 3
            );
        }
        assert_eq!(
            person.state,
            facilitator.state.view_for(&person.me),
            "P{i} on hub {} sees what it may see of the board",
            i % 3
        );
    }
    assert_eq!(wall.state, facilitator.state.view_for(&Actor::Wall));
    // The facilitator's console counts every device, whichever hub it is connected to.
    let everyone = facilitator.wait_for(|m| {
        matches!(m, ServerMsg::Presence { participants, walls, .. }
            if participants.len() == people.len() && *walls == 1)
    });
    tokio::time::timeout(WAIT, everyone)
        .await
        .expect("presence counts the screens of every hub");
    assert_eq!(facilitator.state.cards.len(), 12);
    // The facilitator's hub decided everything; the two others forwarded their screens'
    // commands and kept copies.
    assert!(metric(hubs[0].addr, "panneau_batches_published_total").await >= 1.0);
    assert_eq!(metric(hubs[0].addr, "panneau_forwarded_total").await, 0.0);
    for hub in &hubs[1..] {
        assert_eq!(metric(hub.addr, "panneau_followed_boards").await, 1.0);
        assert!(metric(hub.addr, "panneau_forwarded_total").await >= 4.0);
        assert!(metric(hub.addr, "panneau_batches_received_total").await >= 1.0);
    }
    // A card dragged on the facilitator's hub moves live on the screens of the others.
    let seq = facilitator.set_phase(Phase::Plenary).await;
    let action = Command::AddCard {
        text: "an action dragged live".into(),
        x: 100.0,
        y: 100.0,
    };
    let added = facilitator.command(action).await.unwrap();
    let card = *facilitator.state.cards.keys().max().unwrap();
    assert!(added > seq);
    // Her hub has the card before anyone drags it.
    people[1].sync_to(added).await;
    let drag = ClientMsg::Drag {
        card,
        x: 321.0,
        y: 123.0,
    };
    facilitator.send(&drag).await.unwrap();
    // Bounded as a whole: presence every few seconds would keep a wait per message alive.
    let seen = tokio::time::timeout(
        WAIT,
        people[1].wait_for(|m| matches!(m, ServerMsg::Drag { card: c, .. } if *c == card)),
    )
    .await
    .expect("the drag reached another hub's screen");
    assert!(matches!(seen, ServerMsg::Drag { x, by: Actor::Facilitator, .. } if x == 321.0));
    for hub in hubs {
        hub.terminate().await.unwrap();
    }
}
