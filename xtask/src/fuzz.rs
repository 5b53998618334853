//! `cargo xtask fuzz SECONDS`: the property tests that take anything a client could send
//! (the message decoder, with any text and with mutated real messages) and random command
//! sequences from every role against the model (no panic, every invariant and the privacy
//! of viewers' copies checked after each step), run again and again with fresh seeds and
//! many cases, until the time is up. They are proptest's random searches, not a
//! coverage-guided fuzzer: cargo-fuzz needs a nightly compiler this project does not use.

use anyhow::{bail, Context, Result};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Cases each target runs per round.
const CASES: &str = "2000";

pub fn run(args: &[String]) -> Result<()> {
    let seconds: u64 = args
        .first()
        .context("usage: cargo xtask fuzz SECONDS")?
        .parse()
        .context("SECONDS is a whole number")?;
    // Build once, so that the time goes to the search.
    crate::run(crate::cargo().args([
        "test",
        "--release",
        "-p",
        "panneau-shared",
        "--lib",
        "--no-run",
    ]))?;
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rounds = 0u64;
    while Instant::now() < deadline {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(rounds, |d| d.as_nanos() as u64 ^ rounds);
        let status = crate::cargo()
            .args([
                "test",
                "--release",
                "-q",
                "-p",
                "panneau-shared",
                "--lib",
                "--",
            ])
            .args(["fuzz_decoder", "random_sessions_keep_every_invariant"])
            .env("PANNEAU_FUZZ_CASES", CASES)
            .env("PROPTEST_RNG_SEED", seed.to_string())
            .status()
            .context("running the fuzz targets")?;
        if !status.success() {
            bail!(
                "a target failed with PROPTEST_RNG_SEED={seed} (its minimal case is printed above)"
            );
        }
        rounds += 1;
    }
    println!(
        "{rounds} rounds of {CASES} cases for each of 3 targets in {seconds} s: nothing found"
    );
    Ok(())
}
