//! SIGKILL in the middle of a burst of 50 clients: after a restart on the same file,
//! every acknowledged command is there exactly once, retried commands are applied at most
//! once, and the board equals the replay of its stored log. Repeated with the kill at
//! different moments.

use panneau_shared::protocol::Credential;
use panneau_shared::{CardId, Command, Phase, Workshop};
use panneau_tests::process::ServerProcess;
use panneau_tests::{card_texts, create_workshop_with_at, Client};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const CLIENTS: usize = 50;

fn token_of(i: usize) -> String {
    format!("crash-test-participant-{i:04}")
}

fn token(i: usize) -> Credential {
    Credential::Participant { token: token_of(i) }
}

/// What one client did during a round: commands acknowledged, and the one in flight
/// when the server died (if any).
#[derive(Default)]
struct Outcome {
    acked: Vec<(String, Command)>,
    in_flight: Option<(String, Command)>,
}

/// The commands of client `i` in round `round`, while ideas are written: ideas with
/// unique texts, moves and rewordings of its first idea, and the new idea withdrawn
/// again (archived, so its text stays on record).
fn command(round: usize, i: usize, k: usize, own_card: CardId, added: Option<CardId>) -> Command {
    let move_own = Command::MoveCard {
        card: own_card,
        x: (k % 1400) as f32,
        y: (i * 3 % 780) as f32,
    };
    match k % 4 {
        0 => Command::AddCard {
            text: format!("round {round} client {i} card {k}"),
            x: (i * 20 % 1400) as f32,
            y: (k * 7 % 780) as f32,
        },
        1 => move_own,
        2 => Command::EditCard {
            card: own_card,
            text: format!("round {round} client {i} edit {k}"),
        },
        _ => match added {
            Some(card) => Command::WithdrawCard { card },
            None => move_own,
        },
    }
}

async fn burst(
    addr: std::net::SocketAddr,
    code: String,
    round: usize,
    i: usize,
    own_card: CardId,
    acks: Arc<AtomicUsize>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let Ok(mut client) = Client::connect(addr, &code, token(i), None).await else {
        return outcome;
    };
    let mut added = None;
    for k in 0..10_000 {
        let op_id = format!("r{round}-k{k}");
        let cmd = command(round, i, k, own_card, added);
        outcome.in_flight = Some((op_id.clone(), cmd.clone()));
        match client.try_command(&op_id, cmd.clone()).await {
            Ok(answer) => {
                outcome.in_flight = None;
                if answer.is_ok() {
                    match &cmd {
                        Command::AddCard { text, .. } => {
                            added = client
                                .state
                                .cards
                                .values()
                                .find(|c| &c.text == text)
                                .map(|c| c.id);
                        }
                        Command::WithdrawCard { .. } => added = None,
                        _ => {}
                    }
                    outcome.acked.push((op_id, cmd));
                    acks.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(_) => return outcome, // the server died
        }
    }
    outcome
}

/// Reads the stored log straight from the database file and replays it.
fn replay_file(data: &std::path::Path, code: &str) -> (Workshop, Vec<u64>) {
    let conn = rusqlite::Connection::open(data).unwrap();
    let mut stmt = conn
        .prepare("SELECT seq, body FROM events WHERE board = ?1 ORDER BY seq")
        .unwrap();
    let rows: Vec<(i64, String)> = stmt
        .query_map([code], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let events: Vec<panneau_shared::Event> = rows
        .iter()
        .map(|(_, body)| serde_json::from_str(body).unwrap())
        .collect();
    (
        Workshop::replay(&events),
        rows.iter().map(|(seq, _)| *seq as u64).collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_burst_loses_no_acknowledged_command() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("crash.db");
    // Small snapshot interval so recovery also goes through snapshot + tail.
    let flags = ["--snapshot-every", "64"];
    let server = ServerProcess::spawn(&data, &flags).await.unwrap();
    let created = create_workshop_with_at(server.addr, json!({ "ideas_per_person": 20 })).await;
    let code = created.code.clone();
    let facilitator_credential = Credential::Facilitator {
        key: created.facilitator_key.clone(),
    };
    let mut facilitator = Client::facilitator_at(server.addr, &created).await;
    facilitator.set_phase(Phase::Ideas).await;
    drop(facilitator);
    // Everyone joins and writes a first idea.
    let mut own_cards = Vec::new();
    for i in 0..CLIENTS {
        let name = format!("P{i}");
        let mut client = Client::join(server.addr, &code, &token_of(i), &name).await;
        client
            .command(Command::AddCard {
                text: format!("first card of {i}"),
                x: 0.0,
                y: 0.0,
            })
            .await
            .unwrap();
        let id = *client.state.cards.keys().max().unwrap();
        own_cards.push(id);
    }

    let mut server = Some(server);
    for (round, kill_after) in [25usize, 200, 600].into_iter().enumerate() {
        let running = server.take().unwrap();
        let addr = running.addr;
        let acks = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..CLIENTS)
            .map(|i| {
                tokio::spawn(burst(
                    addr,
                    code.clone(),
                    round,
                    i,
                    own_cards[i],
                    acks.clone(),
                ))
            })
            .collect();
        // Kill once this many commands were acknowledged: at a different point each round.
        let mut waited = 0;
        while acks.load(Ordering::Relaxed) < kill_after {
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            waited += 1;
            assert!(waited < 20_000, "the burst stalled before the kill");
        }
        running.kill().await.unwrap();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        let acked: usize = outcomes.iter().map(|o| o.acked.len()).sum();
        assert!(acked >= kill_after);

        // Restart on the same file and check what survived. The facilitator sees every
        // idea, private ones included.
        let restarted = ServerProcess::spawn(&data, &flags).await.unwrap();
        let wall = Client::connect(restarted.addr, &code, facilitator_credential.clone(), None)
            .await
            .unwrap();
        let counts = card_texts(&wall.state);
        for outcome in &outcomes {
            for (op_id, cmd) in &outcome.acked {
                if let Command::AddCard { text, .. } = cmd {
                    assert_eq!(
                        counts.get(text),
                        Some(&1),
                        "acked {op_id} {text:?} is there once"
                    );
                }
            }
        }
        // The state served is the replay of the stored log, whose seqs have no gap.
        let (replayed, seqs) = replay_file(&data, &code);
        assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>());
        assert_eq!(wall.last_seq, seqs.len() as u64);
        assert_eq!(
            replayed, wall.state,
            "round {round}: served state = replay of the log"
        );

        // Clients resend what was in flight, with the same op_id: applied at most once.
        for (i, outcome) in outcomes.iter().enumerate() {
            if let Some((op_id, cmd)) = &outcome.in_flight {
                let mut client = Client::connect(restarted.addr, &code, token(i), None)
                    .await
                    .unwrap();
                let _ = client.command_with_id(op_id, cmd.clone()).await;
            }
        }
        let after_retries =
            Client::connect(restarted.addr, &code, facilitator_credential.clone(), None)
                .await
                .unwrap();
        for (text, count) in card_texts(&after_retries.state) {
            assert_eq!(count, 1, "{text:?} applied once");
        }
        for outcome in &outcomes {
            if let Some((_, Command::AddCard { text, .. })) = &outcome.in_flight {
                assert_eq!(
                    card_texts(&after_retries.state).get(text),
                    Some(&1),
                    "retried {text:?}"
                );
            }
        }
        server = Some(restarted);
    }
    server.unwrap().terminate().await.unwrap();
}
