//! Builds the browser bundle offline: cargo for wasm32, wasm-bindgen as a library pinned
//! to the client's wasm-bindgen version, an optional wasm-opt, then the static files.

use crate::{cargo, project_root, run, which};
use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const TARGET: &str = "wasm32-unknown-unknown";
/// The first wasm-opt known to produce bundles that work (Debian's 108 breaks them).
const MIN_WASM_OPT: u32 = 116;

pub fn client(dev: bool) -> Result<()> {
    let started = Instant::now();
    let root = project_root();
    ensure_wasm_target()?;
    let profile = if dev { "dev" } else { "wasm-release" };
    run(cargo().args([
        "build",
        "--package",
        "panneau-client",
        "--target",
        TARGET,
        "--profile",
        profile,
    ]))?;
    let profile_dir = if dev { "debug" } else { profile };
    let wasm = crate::target_dir()
        .join(TARGET)
        .join(profile_dir)
        .join("panneau_client.wasm");
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    fs::create_dir_all(&dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .web(true)?
        .typescript(false)
        .debug(dev)
        // Function names help only when debugging; they are half of a release bundle.
        .remove_name_section(!dev)
        .remove_producers_section(!dev)
        .out_name("client")
        .generate(&dist)
        .context("wasm-bindgen")?;
    if !dev {
        optimise(&dist.join("client_bg.wasm"))?;
    }
    for file in ["index.html", "style.css"] {
        fs::copy(root.join("client").join(file), dist.join(file))
            .with_context(|| format!("copying client/{file}"))?;
    }
    report(&dist, started)?;
    Ok(())
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l == TARGET) =>
        {
            Ok(())
        }
        Ok(_) => run(Command::new("rustup").args(["target", "add", TARGET])),
        // No rustup: trust that the toolchain has the target, cargo will say otherwise.
        Err(_) => Ok(()),
    }
}

/// Runs wasm-opt when a working version is on PATH; skips it otherwise (the bundle is
/// correct without it, only larger).
fn optimise(wasm: &Path) -> Result<()> {
    let Some(bin) = which("wasm-opt") else {
        eprintln!("wasm-opt not found: skipping size optimisation");
        return Ok(());
    };
    let version = Command::new(&bin)
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| parse_wasm_opt_version(&String::from_utf8_lossy(&out.stdout)));
    match version {
        Some(v) if v >= MIN_WASM_OPT => {
            let optimised = wasm.with_extension("opt.wasm");
            run(Command::new(&bin)
                .arg("-Oz")
                .arg(wasm)
                .arg("-o")
                .arg(&optimised))?;
            fs::rename(&optimised, wasm)?;
            Ok(())
        }
        other => {
            eprintln!(
                "wasm-opt {} is older than {MIN_WASM_OPT} and known to break bundles: skipping it",
                other.map_or("of unknown version".to_string(), |v| v.to_string())
            );
            Ok(())
        }
    }
}

/// `wasm-opt version 116 (version_116)` → 116.
fn parse_wasm_opt_version(text: &str) -> Option<u32> {
    text.split_whitespace()
        .skip_while(|w| *w != "version")
        .nth(1)?
        .parse()
        .ok()
}

/// Prints the size of each file of the bundle, raw and gzipped.
fn report(dist: &Path, started: Instant) -> Result<()> {
    let mut total = (0, 0);
    let mut lines = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dist)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let bytes = fs::read(entry.path())?;
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&bytes)?;
        let zipped = gz.finish()?.len();
        total.0 += bytes.len();
        total.1 += zipped;
        lines.push(format!(
            "  {:<18} {:>8} B  {:>7} B gzip",
            entry.file_name().to_string_lossy(),
            bytes.len(),
            zipped
        ));
    }
    if total.0 == 0 {
        bail!("the bundle in {} is empty", dist.display());
    }
    println!(
        "client bundle in {} ({:.1} s):",
        dist.display(),
        started.elapsed().as_secs_f64()
    );
    for line in lines {
        println!("{line}");
    }
    println!("  {:<18} {:>8} B  {:>7} B gzip", "total", total.0, total.1);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_wasm_opt_versions() {
        assert_eq!(
            super::parse_wasm_opt_version("wasm-opt version 116 (version_116)"),
            Some(116)
        );
        assert_eq!(
            super::parse_wasm_opt_version("wasm-opt version 108"),
            Some(108)
        );
        assert_eq!(super::parse_wasm_opt_version("garbage"), None);
    }
}
