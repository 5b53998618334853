//! `cargo xtask bench`: builds the release server and the load generator, runs a scenario
//! (several times with `--runs N`), prints each run's JSON line and, for several runs, the
//! median of each figure.

use crate::{cargo, project_root};
use anyhow::{bail, Context, Result};
use std::process::Command;

pub fn run(args: &[String]) -> Result<()> {
    let root = project_root();
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
    crate::run(cargo().args([
        "build",
        "--release",
        "--package",
        "panneau-server",
        "--bin",
        "panneau",
        "--package",
        "panneau-tests",
        "--bin",
        "panneau-load",
    ]))?;
    let generator = crate::target_dir().join("release/panneau-load");
    let server = crate::target_dir().join("release/panneau");
    let mut reports: Vec<serde_json::Value> = Vec::new();
    for _ in 0..runs {
        let output = Command::new(&generator)
            .arg("--server-bin")
            .arg(&server)
            .args(&pass)
            .current_dir(&root)
            .output()
            .context("running the load generator")?;
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        if !output.status.success() {
            bail!("the load generator failed ({})", output.status);
        }
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            println!("{line}");
            if let Ok(value) = serde_json::from_str(line) {
                reports.push(value);
            }
        }
    }
    if runs > 1 {
        println!("{}", median(&reports, runs));
    }
    Ok(())
}

/// `outputs`: the time to make each output of the seed meeting and of a large board, in
/// a release build of the renderers (no server: rendering is CPU work off the board's
/// task). `--write DIR` writes the outputs instead.
fn outputs(runs: Option<usize>, args: &[String]) -> Result<()> {
    crate::run(cargo().args([
        "build",
        "--release",
        "--package",
        "panneau-tests",
        "--bin",
        "panneau-outputs-bench",
    ]))?;
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
