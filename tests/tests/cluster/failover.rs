//! SIGKILL of the hub that owns a board, in the middle of a burst from screens spread over
//! three hubs, five times at different moments: each time another hub takes the board
//! once the lease runs out, screens come back through any hub still running and resend
//! what was in flight with the same op id, and in the end every acknowledged idea is
//! stored once, none is applied twice, and every screen agrees with the log. Then once
//! more in the middle of the vote: every sticker is there once.

use super::*;
use panneau_shared::StickerColor::{Green, Red};
use panneau_shared::{CardId, Command, Phase, RejectionCode};
use panneau_tests::{card_texts, create_workshop_with_at};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const PEOPLE: usize = 6;
const LEASE_MS: u64 = 1000;

/// The hubs running now; a screen whose hub died moves to the next.
type Hubs = Arc<Mutex<Vec<SocketAddr>>>;

/// A screen that, like the browser, comes back through another hub when its own goes,
/// and resends what was not answered with the same op id.
struct Screen {
    hubs: Hubs,
    code: String,
    credential: Credential,
    client: Option<Client>,
    /// Which hub of the list it tries first.
    turn: usize,
}

impl Screen {
    async fn connect(&mut self) -> &mut Client {
        let started = Instant::now();
        while self.client.is_none() {
            assert!(started.elapsed() < 3 * WAIT, "{} found no hub", self.code);
            let addrs = self.hubs.lock().unwrap().clone();
            let addr = addrs[self.turn % addrs.len()];
            match Client::connect(addr, &self.code, self.credential.clone(), None).await {
                Ok(client) => self.client = Some(client),
                Err(_) => {
                    // Refused (unavailable while the lease runs out) or the hub is gone:
                    // a moment later, through the next hub.
                    self.turn += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
        self.client.as_mut().unwrap()
    }

    /// Sends until answered: `Ok(seq)` acknowledged, `Err(code)` refused by the workshop.
    async fn command(&mut self, op_id: &str, command: Command) -> Result<u64, RejectionCode> {
        let started = Instant::now();
        loop {
            assert!(started.elapsed() < 3 * WAIT, "{op_id} never answered");
            let client = self.connect().await;
            match client.try_command(op_id, command.clone()).await {
                Ok(Ok(seq)) => return Ok(seq),
                Ok(Err((RejectionCode::Unavailable, _))) | Err(_) => {
                    self.client = None;
                    self.turn += 1;
                }
                Ok(Err((code, _))) => return Err(code),
            }
        }
    }
}

/// One person's burst in round `round`, until `stop` says the round is over: ideas with
/// unique texts, each withdrawn again by the next command (withdrawn ideas stay on
/// record, so every text can be counted, and the live ones stay within the quota).
async fn burst(
    mut screen: Screen,
    round: usize,
    i: usize,
    acks: Arc<AtomicUsize>,
    stop: Arc<AtomicUsize>,
) -> (Screen, Vec<String>) {
    let mut acked = Vec::new();
    for k in 0.. {
        if stop.load(Ordering::Relaxed) > 0 && k % 2 == 0 {
            break;
        }
        let text = format!("round {round} P{i} idea {k}");
        let command = match (k % 2, acked.last()) {
            (1, Some(last)) => {
                let client = screen.connect().await;
                let card = client.state.cards.values().find(|c| &c.text == last);
                match card {
                    Some(card) => Command::WithdrawCard { card: card.id },
                    None => panic!("P{i}'s acknowledged {last:?} is missing"),
                }
            }
            _ => Command::AddCard {
                text: text.clone(),
                x: 10.0,
                y: 10.0,
            },
        };
        let adding = matches!(command, Command::AddCard { .. });
        let op_id = format!("r{round}-p{i}-k{k}");
        match screen.command(&op_id, command).await {
            Ok(_) => {
                if adding {
                    acked.push(text);
                }
                acks.fetch_add(1, Ordering::Relaxed);
            }
            Err(code) => panic!("{op_id} refused: {code:?}"),
        }
    }
    (screen, acked)
}

/// Polls `done` while the bursts run on other tasks (bounded, like every wait here).
async fn wait_until(done: impl Fn() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < 3 * WAIT, "the burst stalled");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_owner_mid_burst_loses_no_acknowledged_command() {
    let pg = PgServer::start().unwrap();
    let nats = NatsServer::start().unwrap();
    let mut running = Vec::new();
    for id in ["hub-0", "hub-1", "hub-2"] {
        running.push((id.to_owned(), relayed_hub(&pg, &nats, id, LEASE_MS).await));
    }
    let mut started = 3;
    let hubs: Hubs = Arc::new(Mutex::new(running.iter().map(|(_, h)| h.addr).collect()));
    let created =
        create_workshop_with_at(running[0].1.addr, json!({ "ideas_per_person": 20 })).await;
    let code = created.code.clone();
    let facilitator_key = created.facilitator();
    let mut facilitator = Client::facilitator_at(running[0].1.addr, &created).await;
    facilitator.set_phase(Phase::Ideas).await;
    drop(facilitator);
    let mut screens: Vec<Screen> = Vec::new();
    for i in 0..PEOPLE {
        let token = format!("failover-participant-{i:02}");
        Client::join(running[i % 3].1.addr, &code, &token, &format!("P{i}")).await;
        screens.push(Screen {
            hubs: hubs.clone(),
            code: code.clone(),
            credential: Credential::Participant { token },
            client: None,
            turn: i,
        });
    }

    let mut all_acked = Vec::new();
    for (round, kill_after) in [5usize, 20, 40, 12, 60].into_iter().enumerate() {
        let acks = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = screens
            .drain(..)
            .enumerate()
            .map(|(i, screen)| tokio::spawn(burst(screen, round, i, acks.clone(), stop.clone())))
            .collect();
        wait_until(|| acks.load(Ordering::Relaxed) >= kill_after).await;
        // The owner dies mid-burst; a new hub joins in its place.
        let (owner, _) = lease_of(&pg, &code).await;
        let owner = owner.expect("a hub serves the board");
        let dead = running
            .iter()
            .position(|(id, _)| *id == owner)
            .expect("the owner is one of ours");
        let killed = Instant::now();
        running.remove(dead).1.kill().await.unwrap();
        let id = format!("hub-{started}");
        started += 1;
        running.push((id.clone(), relayed_hub(&pg, &nats, &id, LEASE_MS).await));
        *hubs.lock().unwrap() = running.iter().map(|(_, h)| h.addr).collect();
        // Once the board is served again, the burst goes on a little, then ends.
        let served_before = acks.load(Ordering::Relaxed);
        wait_until(|| acks.load(Ordering::Relaxed) >= served_before + PEOPLE).await;
        println!(
            "round {round}: served again {:?} after killing {owner}",
            killed.elapsed()
        );
        stop.store(1, Ordering::Relaxed);
        for task in tasks {
            let (screen, acked) = task.await.unwrap();
            screens.push(screen);
            all_acked.extend(acked);
        }
    }

    // The vote: the owner dies again while stickers are placed; nobody loses one.
    let mut chair = Screen {
        hubs: hubs.clone(),
        code: code.clone(),
        credential: facilitator_key.clone(),
        client: None,
        turn: 0,
    };
    let plenary = Command::SetPhase {
        phase: Phase::Plenary,
    };
    chair.command("to-plenary", plenary).await.unwrap();
    for c in 0..6 {
        let action = Command::AddCard {
            text: format!("action {c}"),
            x: 100.0 + 150.0 * c as f32,
            y: 300.0,
        };
        chair.command(&format!("action-{c}"), action).await.unwrap();
    }
    let actions: Vec<CardId> = chair
        .connect()
        .await
        .state
        .cards
        .values()
        .filter(|card| card.text.starts_with("action "))
        .map(|card| card.id)
        .collect();
    assert_eq!(actions.len(), 6);
    let vote = Command::SetPhase { phase: Phase::Vote };
    chair.command("to-vote", vote).await.unwrap();
    let placed = Arc::new(AtomicUsize::new(0));
    let voters: Vec<_> = screens
        .drain(..)
        .enumerate()
        .map(|(i, mut screen)| {
            let (placed, actions) = (placed.clone(), actions.clone());
            tokio::spawn(async move {
                let colors = [Green, Green, Green, Red];
                for (j, color) in colors.into_iter().enumerate() {
                    let card = actions[(i + j) % actions.len()];
                    let place = Command::PlaceSticker { card, color };
                    let op_id = format!("vote-p{i}-{j}");
                    if let Err(code) = screen.command(&op_id, place).await {
                        panic!("{op_id} refused: {code:?}");
                    }
                    placed.fetch_add(1, Ordering::Relaxed);
                }
                screen
            })
        })
        .collect();
    wait_until(|| placed.load(Ordering::Relaxed) >= 8).await;
    let (owner, _) = lease_of(&pg, &code).await;
    let dead = running
        .iter()
        .position(|(id, _)| Some(id) == owner.as_ref())
        .expect("the owner is one of ours");
    running.remove(dead).1.kill().await.unwrap();
    *hubs.lock().unwrap() = running.iter().map(|(_, h)| h.addr).collect();
    for voter in voters {
        screens.push(voter.await.unwrap());
    }

    let addr = running[0].1.addr;
    let (check, _) = connect_when_served(addr, &code, facilitator_key, None).await;
    assert_eq!(
        check.state.stickers.len(),
        4 * PEOPLE,
        "every sticker placed once"
    );
    for (id, person) in &check.state.participants {
        let mine = |color| {
            check
                .state
                .stickers
                .values()
                .filter(|s| s.owner == *id && s.color == color)
                .count()
        };
        assert_eq!(
            (mine(Green), mine(Red)),
            (3, 1),
            "{}'s stickers",
            person.name
        );
    }
    let counts = card_texts(&check.state);
    for text in &all_acked {
        assert_eq!(
            counts.get(text),
            Some(&1),
            "acknowledged {text:?} is there once"
        );
    }
    assert!(counts.values().all(|n| *n == 1), "nothing applied twice");
    let seqs = stored_seqs(&pg, &code).await;
    assert!(gapless(&seqs) && check.last_seq == *seqs.last().unwrap());
    // Nothing changes any more: a fresh look from every screen, through any hub, shows
    // what its person may see of the board.
    for screen in &mut screens {
        screen.client = None;
        let client = screen.connect().await;
        assert_eq!(client.last_seq, check.last_seq);
        assert_eq!(client.state, check.state.view_for(&client.me));
    }
    for (_, hub) in running {
        hub.terminate().await.unwrap();
    }
}
