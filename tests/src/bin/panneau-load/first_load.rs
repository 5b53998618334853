//! `first-load`: what a phone, the wall and the console download on a first and a second
//! visit, and when each page can be used, in headless Chromium over an emulated slow 4G
//! link, against the release server and the client built into it. Bytes are those on the
//! wire (headers included, as the browser's Resource Timing counts them); "interactive"
//! is the moment the page's first control exists (the join form, the wall's QR code, the
//! console's phase button), measured in the page from the start of the navigation.

use crate::{Args, Server};
use anyhow::{Context, Result};
use panneau_tests::browser::{emulate, Driver, Link};

/// What one visit cost.
#[derive(serde::Serialize)]
struct Visit {
    bytes: u64,
    requests: u64,
    interactive_ms: f64,
}

#[derive(serde::Serialize)]
struct FirstLoadReport {
    scenario: &'static str,
    role: &'static str,
    link: &'static str,
    first: Visit,
    second: Visit,
}

/// Resolves once `selector` matches, with the time since the navigation began.
const READY: &str = r#"
const [selector, done] = arguments;
const check = () => document.querySelector(selector)
    ? done(performance.now())
    : requestAnimationFrame(check);
check();
"#;

/// Resolves once every picture of the page has arrived.
const IMAGES_LOADED: &str = r#"
const done = arguments[0];
const check = () => [...document.images].every(img => img.complete)
    ? done()
    : requestAnimationFrame(check);
check();
"#;

/// The bytes and requests of the current page so far.
const TRANSFERRED: &str = r#"
const entries = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
];
return [
    entries.reduce((sum, e) => sum + e.transferSize, 0),
    entries.filter(e => e.transferSize > 0).length,
];
"#;

async fn visit(client: &fantoccini::Client, url: &str, ready: &str) -> Result<Visit> {
    // From a blank page, as someone opening the link again, not reloading.
    client.goto("about:blank").await?;
    client.goto(url).await?;
    let interactive_ms = client
        .execute_async(READY, vec![ready.into()])
        .await
        .with_context(|| format!("waiting for {ready} on {url}"))?
        .as_f64()
        .context("a time")?;
    // Whatever the page fetched once usable (the wall's QR code, say) counts too.
    client.execute_async(IMAGES_LOADED, vec![]).await?;
    let sums = client.execute(TRANSFERRED, vec![]).await?;
    let number = |i: usize| sums.get(i).and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
    Ok(Visit {
        bytes: number(0),
        requests: number(1),
        interactive_ms,
    })
}

pub(crate) async fn run(_args: &Args, server: &Server) -> Result<()> {
    let (code, key) = server.create_board().await?;
    let base = format!("http://{}", server.addr);
    let roles = [
        (
            "participant",
            format!("{base}/b/{code}"),
            "[data-testid=join-name]",
            (390, 844),
        ),
        (
            "wall",
            format!("{base}/b/{code}/wall"),
            "[data-testid=join-qr]",
            (1920, 1080),
        ),
        (
            "facilitator",
            format!("{base}/b/{code}/facilitate#key={key}"),
            "[data-testid=phase-next]",
            (1366, 768),
        ),
    ];
    let mut driver = Driver::start().await?;
    for (role, url, ready, (width, height)) in roles {
        // A fresh profile: nothing cached yet.
        let client = driver.session(width, height).await?;
        emulate(&client, Link::SLOW_4G).await?;
        let first = visit(&client, &url, ready).await?;
        let second = visit(&client, &url, ready).await?;
        let report = FirstLoadReport {
            scenario: "first_load",
            role,
            link: "slow 4G: 1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT",
            first,
            second,
        };
        println!("{}", serde_json::to_string(&report)?);
        client.close().await?;
    }
    Ok(())
}
