//! The storage floor: how long this machine takes to make a small append durable. Each
//! acknowledged Panneau command waits for one such commit (a WAL append and its sync), so
//! no durable acknowledgement can be faster than these figures.

use crate::{latency_histogram, Args, Report};
use anyhow::Result;
use std::io::Write;
use std::time::{Duration, Instant};

/// Appends a 200-byte record and syncs its data to disk, `rate` times per second, in a
/// fresh file of the temporary directory (where the benchmark's server keeps its database).
pub fn run(args: &Args, rate: f64) -> Result<Report> {
    let dir = tempfile::tempdir()?;
    let mut file = std::fs::File::create(dir.path().join("fsync-floor.log"))?;
    let record = [b'x'; 200];
    let period = Duration::from_secs_f64(1.0 / rate.max(1.0));
    let mut latency = latency_histogram()?;
    let begin = Instant::now();
    let end = begin + Duration::from_secs_f64(args.duration);
    let mut next = begin;
    let mut count = 0u64;
    while next < end {
        if let Some(wait) = next.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        let started = Instant::now();
        file.write_all(&record)?;
        file.sync_data()?;
        latency.saturating_record((started.elapsed().as_micros() as u64).max(1));
        count += 1;
        next += period;
    }
    Ok(Report {
        scenario: "fsync",
        rate,
        sync: "full".into(),
        sent: count,
        expected: count,
        delivered: count,
        deliveries_per_s: count as f64 / args.duration,
        ..Report::default()
    }
    .with_latency(&latency))
}
