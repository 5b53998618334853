//! `cluster`: what running as several hubs costs, measured beside one hub in the same run
//! so that the machine's noise of the moment moves all of them. For each rate: the
//! fan-out of one board on one hub over SQLite, on one hub over PostgreSQL, and spread
//! over three hubs over PostgreSQL and NATS (clients connected to the hubs in turn, so
//! two deliveries in three cross from the owner to another hub). Then the durable ack
//! over SQLite and over PostgreSQL, and how long a board is out of service when the hub
//! serving it is killed.

use super::*;
use panneau_tests::nats::NatsServer;
use panneau_tests::postgres::PgServer;

/// The lease of the failover runs: a board is served again at most this long after its
/// hub dies, plus the time to notice.
const FAILOVER_LEASE_MS: u64 = 2000;

fn hub_flags(pg: &PgServer, nats: Option<&NatsServer>, id: &str, lease_ms: u64) -> Vec<String> {
    let mut flags = vec![
        "--postgres".to_owned(),
        pg.url(),
        "--hub-id".to_owned(),
        id.to_owned(),
        "--lease-ms".to_owned(),
        lease_ms.to_string(),
    ];
    if let Some(nats) = nats {
        flags.extend(["--nats".to_owned(), nats.url()]);
    }
    flags
}

fn print(mut report: Report, scenario: &'static str) -> Result<()> {
    report.scenario = scenario;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}

pub(crate) async fn run(args: &Args, rates: &[Option<f64>]) -> Result<()> {
    if args.url.is_some() {
        bail!("cluster starts its own hubs, PostgreSQL and NATS: --url does not apply");
    }
    let pg = PgServer::start()?;
    let nats = NatsServer::start()?;
    for (round, rate) in rates.iter().enumerate() {
        let alone = Server::start(args).await?;
        print(
            run_fanout(args, &alone, Scenario::Fanout, *rate).await?,
            "fanout-sqlite-1-hub",
        )?;
        drop(alone);
        let solo = hub_flags(&pg, None, &format!("solo-{round}"), 10_000);
        let solo = Server::start_with(args, &solo).await?;
        print(
            run_fanout(args, &solo, Scenario::Fanout, *rate).await?,
            "fanout-postgres-1-hub",
        )?;
        drop(solo);
        let mut hubs = Vec::new();
        for i in 0..3 {
            let flags = hub_flags(&pg, Some(&nats), &format!("hub-{round}-{i}"), 10_000);
            hubs.push(Server::start_with(args, &flags).await?);
        }
        let addrs: Vec<SocketAddr> = hubs.iter().map(|h| h.addr).collect();
        print(
            run_fanout_over(args, &hubs[0], &addrs, Scenario::Fanout, *rate).await?,
            "fanout-postgres-nats-3-hubs",
        )?;
    }
    let alone = Server::start(args).await?;
    print(run_ack(args, &alone, 20.0).await?, "ack-sqlite")?;
    drop(alone);
    let solo = Server::start_with(args, &hub_flags(&pg, None, "ack", 10_000)).await?;
    print(run_ack(args, &solo, 20.0).await?, "ack-postgres")?;
    drop(solo);
    let mut served_again = Vec::new();
    for round in 0..3 {
        served_again.push(failover(args, &pg, &nats, round).await?);
    }
    let ms: Vec<u64> = served_again.iter().map(|d| d.as_millis() as u64).collect();
    println!(
        "{}",
        serde_json::json!({
            "scenario": "failover",
            "lease_ms": FAILOVER_LEASE_MS,
            "served_again_ms": ms,
            "max_ms": ms.iter().max(),
        })
    );
    Ok(())
}

/// Kills the hub that owns a board while a screen on another hub keeps moving a card,
/// and returns how long after the kill that screen's next move was acknowledged.
async fn failover(args: &Args, pg: &PgServer, nats: &NatsServer, round: usize) -> Result<Duration> {
    let flags = |id: &str| hub_flags(pg, Some(nats), &format!("{id}-{round}"), FAILOVER_LEASE_MS);
    let owner = Server::start_with(args, &flags("dies")).await?;
    let other = Server::start_with(args, &flags("stays")).await?;
    let (code, key) = owner.create_board().await?;
    let mut first = connect(owner.addr, &code, &key).await?;
    to_plenary(&mut first).await?;
    let add = Command::AddCard {
        text: "moved through the failover".into(),
        x: 0.0,
        y: 0.0,
    };
    command(&mut first, "card", add).await?;
    let card = await_ack(&mut first, "card").await?.context("no card id")?;
    let mut screen = connect(other.addr, &code, &key).await?;
    let mut k = 0u64;
    let mut moved = || {
        k += 1;
        let (x, y) = encode(k);
        (format!("f{k}"), Command::MoveCard { card, x, y })
    };
    // Served by the other hub as a follower before the kill.
    let (op, cmd) = moved();
    command(&mut screen, &op, cmd).await?;
    await_ack(&mut screen, &op).await?;
    drop(first);
    drop(owner); // SIGKILL
    let killed = Instant::now();
    loop {
        if killed.elapsed() > Duration::from_millis(FAILOVER_LEASE_MS) + DRAIN {
            bail!("the board was not served again within the lease and {DRAIN:?}");
        }
        let (op, cmd) = moved();
        let answered = async {
            command(&mut screen, &op, cmd).await?;
            await_ack(&mut screen, &op).await
        };
        match tokio::time::timeout(Duration::from_secs(6), answered).await {
            Ok(Ok(_)) => return Ok(killed.elapsed()),
            // Refused as unavailable, or let go: come back a moment later, as a
            // browser does.
            _ => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                if let Ok(again) = connect(other.addr, &code, &key).await {
                    screen = again;
                }
            }
        }
    }
}
