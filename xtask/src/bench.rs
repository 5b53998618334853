//! `cargo xtask bench`: builds the release server and the load generator, runs a scenario
//! (several times with `--runs N`), prints each run's JSON line and, for several runs, the
//! median of each figure; `compare` interleaves a load with the machine's floor.

use crate::project_root;
use anyhow::{bail, Context, Result};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let mut runs = 1usize;
    let mut runs_given = None;
    let mut pass = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--runs" {
            runs = iter
                .next()
                .context("--runs takes a number")?
                .parse()
                .context("--runs takes a number")?;
            runs_given = Some(runs);
        } else {
            pass.push(arg.clone());
        }
    }
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    if pass.first().is_some_and(|s| s == "outputs") {
        return outputs(runs_given, &pass[1..]);
    }
    // The release server serves the client built into it: build the client first.
    if pass.first().is_some_and(|s| s == "first-load") {
        crate::build::client(false)?;
    }
    crate::release_build(&[
        ("panneau-server", "panneau"),
        ("panneau-tests", "panneau-load"),
    ])?;
    if pass.first().is_some_and(|s| s == "compare") {
        return compare(runs, &pass[1..]);
    }
    let server = crate::target_dir().join("release/panneau");
    let mut reports: Vec<serde_json::Value> = Vec::new();
    for _ in 0..runs {
        reports.extend(generate(&server, &pass)?);
    }
    if runs > 1 {
        println!("{}", median(&reports, runs));
    }
    Ok(())
}

/// One run of the load generator against the `server` executable with `args`: its JSON
/// lines, printed as they come.
fn generate(server: &std::path::Path, args: &[String]) -> Result<Vec<serde_json::Value>> {
    let generator = crate::target_dir().join("release/panneau-load");
    let output = Command::new(&generator)
        .arg("--server-bin")
        .arg(server)
        .args(args)
        .current_dir(project_root())
        .output()
        .context("running the load generator")?;
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        bail!("the load generator failed ({})", output.status);
    }
    let mut reports = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        println!("{line}");
        if let Ok(value) = serde_json::from_str(line) {
            reports.push(value);
        }
    }
    Ok(reports)
}

/// `compare boards|fanout [--rate R1,R2…] [--before BIN] [FLAGS…]`: Panneau and the
/// machine's floor (`tcp-boards`, `tcp-fanout`) under the same load, one run of each after
/// the other for every rate and run, so that the machine's noise of the moment moves
/// both; then, per rate, the median p50 and p99 of each and Panneau's p99 as a multiple
/// of the floor's. Each round also runs the load through a WebSocket relay (`ws-boards`,
/// `ws-fanout`: Panneau's frames, no board, no storage), which tells the protocol's share
/// of the gap from Panneau's own, and through the durable relay (`durable-boards`,
/// `durable-fanout`: the bare relay that syncs each frame to a file before copying it),
/// the floor of "persist, then broadcast". `--before` adds another `panneau` executable
/// (an earlier build) to every round, for a change measured before and after in the same
/// hour.
fn compare(runs: usize, args: &[String]) -> Result<()> {
    let Some(load) = args.first().filter(|a| *a == "boards" || *a == "fanout") else {
        bail!("compare takes boards or fanout, then the load's flags");
    };
    let floor = format!("tcp-{load}");
    // The same load through a WebSocket relay: what the protocol alone costs.
    let protocol = format!("ws-{load}");
    // The same load through the bare relay with a synced journal: what durability costs.
    let durable = format!("durable-{load}");
    let current = crate::target_dir().join("release/panneau");
    let mut before = None;
    let mut rates = vec![None];
    let mut flags = Vec::new();
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        if arg == "--rate" {
            let list = rest.next().context("--rate takes numbers")?;
            rates = list.split(',').map(|r| Some(r.trim().to_owned())).collect();
        } else if arg == "--before" {
            let bin = rest.next().context("--before takes a panneau executable")?;
            before = Some(std::path::PathBuf::from(bin));
        } else {
            flags.push(arg.clone());
        }
    }
    // Each round: Panneau, the floor, the WebSocket relay, the durable relay, and the
    // earlier build if any.
    let mut rounds = vec![
        (load.as_str(), current.as_path()),
        (floor.as_str(), current.as_path()),
        (protocol.as_str(), current.as_path()),
        (durable.as_str(), current.as_path()),
    ];
    if let Some(before) = &before {
        rounds.push((load.as_str(), before.as_path()));
    }
    let mut summary = Vec::new();
    for rate in &rates {
        let mut p99 = vec![Vec::new(); rounds.len()];
        let mut p50 = vec![Vec::new(); rounds.len()];
        let mut cpu = vec![Vec::new(); rounds.len()];
        for _ in 0..runs {
            for (i, (scenario, server)) in rounds.iter().enumerate() {
                let mut run_args = vec![(*scenario).to_owned()];
                run_args.extend(flags.iter().cloned());
                if let Some(rate) = rate {
                    run_args.extend(["--rate".to_owned(), rate.clone()]);
                }
                for report in generate(server, &run_args)? {
                    p99[i].extend(report["p99_us"].as_f64());
                    p50[i].extend(report["p50_us"].as_f64());
                    cpu[i].extend(report["cpu_us_per_event"].as_f64());
                }
            }
        }
        let mid = |values: &mut Vec<f64>| {
            values.sort_by(|a, b| a.total_cmp(b));
            values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
        };
        let ratio = |p99: f64, floor: f64| (p99 / floor * 100.0).round() / 100.0;
        let (panneau, machine) = (mid(&mut p99[0]), mid(&mut p99[1]));
        let durable_p99 = mid(&mut p99[3]);
        let mut line = serde_json::json!({
            "compare": load,
            "rate": rate,
            "runs": runs,
            "panneau_p50_us": mid(&mut p50[0]),
            "panneau_p99_us": panneau,
            "floor_p50_us": mid(&mut p50[1]),
            "floor_p99_us": machine,
            "p99_ratio": ratio(panneau, machine),
            "ws_p50_us": mid(&mut p50[2]),
            "ws_p99_us": mid(&mut p99[2]),
            "durable_p50_us": mid(&mut p50[3]),
            "durable_p99_us": durable_p99,
            // The durable floor against the floor, and Panneau against the durable floor.
            "durable_p99_ratio": ratio(durable_p99, machine),
            "p99_ratio_to_durable": ratio(panneau, durable_p99),
            // Processor time per event of Panneau and of each relay: steadier than a tail.
            "panneau_cpu_us_per_event": mid(&mut cpu[0]),
            "floor_cpu_us_per_event": mid(&mut cpu[1]),
            "ws_cpu_us_per_event": mid(&mut cpu[2]),
            "durable_cpu_us_per_event": mid(&mut cpu[3]),
        });
        if before.is_some() {
            let earlier = mid(&mut p99[4]);
            line["before_p50_us"] = mid(&mut p50[4]).into();
            line["before_p99_us"] = earlier.into();
            line["before_p99_ratio"] = ratio(earlier, machine).into();
            line["before_cpu_us_per_event"] = mid(&mut cpu[4]).into();
        }
        summary.push(line);
    }
    for line in summary {
        println!("{line}");
    }
    Ok(())
}

/// `outputs`: the time to make each output of the seed meeting and of a large board, in
/// a release build of the renderers (no server: rendering is CPU work off the board's
/// task). `--write DIR` writes the outputs instead.
fn outputs(runs: Option<usize>, args: &[String]) -> Result<()> {
    crate::release_build(&[("panneau-tests", "panneau-outputs-bench")])?;
    let bench = crate::target_dir().join("release/panneau-outputs-bench");
    let mut cmd = Command::new(bench);
    cmd.args(args);
    if let Some(runs) = runs {
        cmd.arg("--runs").arg(runs.to_string());
    }
    crate::run(cmd.current_dir(project_root()))
}

/// The median of every numeric figure over the runs (per rate when several rates ran).
fn median(reports: &[serde_json::Value], runs: usize) -> serde_json::Value {
    let per_run = reports.len() / runs;
    let mut out = Vec::new();
    for slot in 0..per_run.max(1) {
        let group: Vec<&serde_json::Value> =
            reports.iter().skip(slot).step_by(per_run.max(1)).collect();
        let Some(first) = group.first().and_then(|v| v.as_object()) else {
            continue;
        };
        let mut merged = serde_json::Map::new();
        merged.insert("median_of".into(), runs.into());
        for (key, value) in first {
            if value.is_number() {
                let mut values: Vec<f64> = group.iter().filter_map(|r| r[key].as_f64()).collect();
                values.sort_by(|a, b| a.total_cmp(b));
                merged.insert(key.clone(), serde_json::json!(values[values.len() / 2]));
            } else {
                merged.insert(key.clone(), value.clone());
            }
        }
        out.push(serde_json::Value::Object(merged));
    }
    if out.len() == 1 {
        out.remove(0)
    } else {
        serde_json::Value::Array(out)
    }
}
