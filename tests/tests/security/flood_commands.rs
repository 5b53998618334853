//! One participant floods the board with commands: past their budget each is refused as
//! `rate_limited` with when to retry, nothing of the flood is stored, and a client that
//! keeps going is closed with 1008, and reconnecting does not refill the budget. The
//! facilitator on the same board keeps working throughout; the time of each of their
//! commands is printed.

use panneau_shared::protocol::Credential;
use panneau_shared::protocol::{ClientMsg, ServerMsg};
use panneau_shared::{Command, Detail, Phase, RejectionCode};
use panneau_tests::{Client, TestServer};
use std::time::Instant;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_flood_is_refused_and_closed_while_the_room_carries_on() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Flood", "").await;
    let mut facilitator = server.facilitator(&created).await;
    let mut flooder = server.participant(&created.code, "Flooder").await;
    facilitator.set_phase(Phase::Ideas).await;

    // The flood: 2,000 ideas as fast as the socket takes them, without waiting.
    let flood = tokio::spawn(async move {
        for k in 0..2000 {
            let sent = flooder
                .send(&ClientMsg::Command {
                    op_id: format!("flood-{k}"),
                    command: Command::AddCard {
                        text: format!("flood {k}"),
                        x: 0.0,
                        y: 0.0,
                    },
                    on_behalf_of: None,
                })
                .await;
            if sent.is_err() {
                break;
            }
        }
        // Read the answers until the server closes the connection.
        let (mut limited, mut other, mut detail) = (0, 0, None);
        let closed = loop {
            match flooder.recv().await {
                Ok(ServerMsg::Rejected {
                    code: RejectionCode::RateLimited,
                    detail: d,
                    ..
                }) => {
                    limited += 1;
                    detail = d;
                }
                Ok(ServerMsg::Rejected { .. } | ServerMsg::Ack { .. }) => other += 1,
                Ok(_) => {}
                Err(err) => break err.to_string(),
            }
        };
        (limited, other, detail, closed)
    });

    // Meanwhile the facilitator runs the meeting: every command is accepted.
    let mut times = Vec::new();
    for k in 0..40 {
        let began = Instant::now();
        let command = if k % 2 == 0 {
            Command::StartTimer { seconds: Some(600) }
        } else {
            Command::ClearTimer
        };
        facilitator.command(command).await.expect("accepted");
        times.push(began.elapsed());
    }
    let (limited, answered, detail, closed) = flood.await.unwrap();
    times.sort();
    println!(
        "facilitator's commands during the flood: median {:?}, p95 {:?}, max {:?}",
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1]
    );
    assert!(limited > 0, "nothing was rate limited");
    assert!(
        matches!(detail, Some(Detail::SlowDown { retry_after_s }) if retry_after_s >= 1),
        "{detail:?}"
    );
    // The budget (a burst of 90, then 30 a second) is all that got through; the rest were
    // refused, and the connection closed for not slowing down.
    assert!(answered <= 150, "{answered} commands went through");
    assert!(closed.contains("Policy"), "{closed}");
    // Of the flood, only the ideas a person may write reached the board.
    facilitator.command(Command::ClearTimer).await.ok();
    let cards = facilitator.state.cards.len();
    assert!(cards <= 3, "{cards} cards stored");
    server.stop().await;
}

/// The budget belongs to the sender: a participant who spent it and reconnects at once
/// finds it spent (a budget of one command a second, so the moment between the two
/// connections refills nothing).
#[tokio::test]
async fn reconnecting_does_not_refill_the_budget() {
    let server = TestServer::start_tuned(|config| config.commands_per_s = 1).await;
    let created = server.create_workshop("Flood", "").await;
    let mut facilitator = server.facilitator(&created).await;
    facilitator.set_phase(Phase::Ideas).await;
    let token = "flooder-token-0000000001";
    let mut flooder = Client::join(server.addr, &created.code, token, "Flooder").await;
    let idea = |k: u32| Command::AddCard {
        text: format!("idea {k}"),
        x: 0.0,
        y: 0.0,
    };
    // Joining took one of the burst of three; two more ideas, then the budget is spent.
    let mut k = 0;
    let refused = loop {
        k += 1;
        if let Err(refusal) = flooder.command(idea(k)).await {
            break refusal;
        }
        assert!(k <= 3, "the budget never ran out");
    };
    assert_eq!(refused.0, RejectionCode::RateLimited, "{refused:?}");
    drop(flooder);
    let mut again = Client::connect(
        server.addr,
        &created.code,
        Credential::Participant {
            token: token.into(),
        },
        None,
    )
    .await
    .expect("the flooder reconnects");
    let refused = again.command(idea(99)).await;
    assert!(
        matches!(refused, Err((RejectionCode::RateLimited, _))),
        "a new connection refilled the budget: {refused:?}"
    );
    server.stop().await;
}
