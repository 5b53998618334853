//! A paused owner: its hub is stopped (SIGSTOP) past its lease, another hub takes the
//! board and goes on with it, and when the first wakes up (SIGCONT) the command it then
//! handles is written nowhere and acknowledged to no one; it lets the board go, and the
//! command retried on the new hub is applied once.

use super::*;
use panneau_shared::protocol::{ClientMsg, ServerMsg};
use panneau_shared::{Command, Phase};
use panneau_tests::create_workshop_with_at;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_owner_writes_nothing_once_another_hub_took_its_board() {
    let pg = PgServer::start().unwrap();
    let paused = hub(&pg, "paused", 1000).await;
    let created = create_workshop_with_at(paused.addr, json!({ "ideas_per_person": 5 })).await;
    let code = created.code.clone();
    let facilitator_key = created.facilitator();
    let mut facilitator = Client::facilitator_at(paused.addr, &created).await;
    let token = "fenced-participant";
    let mut ana = Client::join(paused.addr, &code, token, "Ana").await;
    ana.sync_to(facilitator.set_phase(Phase::Ideas).await).await;
    ana.command(Command::AddCard {
        text: "before the pause".into(),
        x: 5.0,
        y: 5.0,
    })
    .await
    .unwrap();

    paused.signal("STOP").unwrap();
    let other = hub(&pg, "other", 1000).await;
    let (mut taken, _) = connect_when_served(other.addr, &code, facilitator_key, None).await;
    assert_eq!(lease_of(&pg, &code).await, (Some("other".into()), 2));
    // A new page's op ids are its own (the first page's began at "op-1" too).
    taken
        .command_with_id(
            "taken-over",
            Command::SetPhase {
                phase: Phase::Pairs,
            },
        )
        .await
        .unwrap();
    let before_wake = stored_seqs(&pg, &code).await;

    // Written into the socket while its hub sleeps: handled on waking, against a board
    // the hub no longer owns. Ideas are closed on the new owner's board, but open on
    // the stale copy, which would accept it.
    let late = ClientMsg::Command {
        op_id: "late-idea".into(),
        command: Command::AddCard {
            text: "written while paused".into(),
            x: 5.0,
            y: 5.0,
        },
        on_behalf_of: None,
    };
    ana.send(&late).await.unwrap();
    paused.signal("CONT").unwrap();
    // Never acknowledged: refused as unavailable, or the socket is let go.
    loop {
        match ana.recv().await {
            Ok(ServerMsg::Ack { op_id, .. }) => panic!("{op_id} acknowledged by a stale hub"),
            Ok(ServerMsg::Rejected {
                op_id: Some(id),
                code,
                ..
            }) if id == "late-idea" => {
                assert_eq!(code, panneau_shared::RejectionCode::Unavailable);
            }
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    assert_eq!(
        stored_seqs(&pg, &code).await,
        before_wake,
        "the stale hub wrote nothing"
    );
    assert_eq!(lease_of(&pg, &code).await, (Some("other".into()), 2));

    // Ana comes back through the hub that serves the board now; her retry of the idea
    // is refused by the real board's phase, not applied twice or by a ghost.
    let credential = Credential::Participant {
        token: token.into(),
    };
    let (mut ana, _) = connect_when_served(other.addr, &code, credential, None).await;
    assert_eq!(ana.state.phase, Phase::Pairs);
    let retried = ana
        .command_with_id(
            "late-idea",
            Command::AddCard {
                text: "written while paused".into(),
                x: 5.0,
                y: 5.0,
            },
        )
        .await;
    assert!(
        retried.is_err(),
        "ideas are closed on the board as it is: {retried:?}"
    );
    let seqs = stored_seqs(&pg, &code).await;
    assert!(gapless(&seqs), "{seqs:?}");
    paused.kill().await.unwrap();
    other.terminate().await.unwrap();
}
