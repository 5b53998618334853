//! Panneau's automation, in Rust so a fresh machine needs nothing but cargo
//! (the `cargo xtask` pattern): build the browser bundle, serve, test, check tidiness.

mod bench;
mod build;
mod fuzz;
mod tidy;

use anyhow::{bail, Context, Result};
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "\
usage: cargo xtask <command>

  build [--dev]     build the browser client into dist/ (release profile unless --dev)
  serve [ARGS…]     build the client, then run the server (ARGS go to `panneau`)
  dist              build the release executable with the client inside it, and
                    print the one file to copy
  test  [ARGS…]     build the client and run every test, browser tests included
                    (ARGS go to `cargo test`, e.g. a test name filter)
  tidy              check repository hygiene (every source file documents its purpose)
  fuzz SECONDS      run the decoder's and the model's random searches with fresh
                    seeds until SECONDS have passed
  bench SCENARIO [--runs N] [FLAGS…]
                    load benchmark against a release server on 127.0.0.1; scenarios:
                    fanout, boards, idle, ack, first-load (each role's
                    visits over slow 4G in Chromium), abuse (ack times
                    during each abuse); tcp-fanout, tcp-boards (the
                    same loads over raw TCP) and fsync (a synced append): the
                    machine's floors (FLAGS: --clients --boards --rate
                    --duration --cards --sync full|off; --downloads N
                    renders and downloads outputs of a large board meanwhile)
  bench compare boards|fanout [--rate R1,R2…] [--runs N] [FLAGS…]
                    the load and the machine's floor interleaved, then
                    Panneau's p99 as a multiple of the floor's, per rate
  bench outputs [--runs N] [--write DIR [--lang en|fr|it]]
                    time to make every output (report, pictures, CSV, JSON,
                    import) of the seed meeting and of a large board; with
                    --write, write them into DIR instead
";

fn main() {
    if let Err(err) = try_main() {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

fn try_main() -> Result<()> {
    let mut args = env::args().skip(1);
    let task = args.next();
    let mut rest: Vec<String> = args.collect();
    // `cargo xtask serve -- --addr …` and `cargo xtask serve --addr …` mean the same.
    if rest.first().is_some_and(|a| a == "--") {
        rest.remove(0);
    }
    match task.as_deref() {
        Some("build") => {
            let dev = rest.iter().any(|a| a == "--dev");
            build::client(dev)?;
        }
        Some("serve") => serve(&rest)?,
        Some("dist") => dist()?,
        Some("test") => test(&rest)?,
        Some("tidy") => tidy::check(&project_root())?,
        Some("bench") => bench::run(&rest)?,
        Some("fuzz") => fuzz::run(&rest)?,
        Some("-h" | "--help" | "help") | None => print!("{USAGE}"),
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
    Ok(())
}

/// A release build of these `(package, binary)`s, in one cargo run.
pub fn release_build(bins: &[(&str, &str)]) -> Result<()> {
    let mut cmd = cargo();
    cmd.args(["build", "--release"]);
    for (package, bin) in bins {
        cmd.args(["--package", package, "--bin", bin]);
    }
    run(&mut cmd)
}

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set (a shared build
/// directory), else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    let root = project_root();
    env::var_os("CARGO_TARGET_DIR")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join("target"))
}

/// The cargo that runs us, so that toolchain overrides carry through.
pub fn cargo() -> Command {
    let mut cmd = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(project_root());
    cmd
}

/// Runs a command to completion, failing with its command line if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("could not start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed ({status})");
    }
    Ok(())
}

fn serve(args: &[String]) -> Result<()> {
    build::client(false)?;
    let mut cmd = cargo();
    cmd.args([
        "run",
        "--release",
        "--package",
        "panneau-server",
        "--bin",
        "panneau",
        "--",
    ])
    .args(args);
    run(&mut cmd)
}

/// The release `panneau`, its client built into it: Panneau in one file.
fn dist() -> Result<()> {
    build::client(false)?;
    release_build(&[("panneau-server", "panneau")])?;
    let bin = target_dir().join("release/panneau");
    let size = std::fs::metadata(&bin)
        .with_context(|| format!("reading {}", bin.display()))?
        .len();
    println!(
        "Panneau in one file: {} ({:.1} MB); copy it and run it, nothing else is needed",
        bin.display(),
        size as f64 / 1_000_000.0
    );
    Ok(())
}

fn test(args: &[String]) -> Result<()> {
    let root = project_root();
    tidy::check(&root)?;
    ensure_browser()?;
    ensure_postgres()?;
    ensure_installed(
        "the cluster tests need a NATS server",
        || which("nats-server").is_some() || Path::new("/usr/sbin/nats-server").is_file(),
        "nats-server",
    )?;
    let axe = ensure_axe()?;
    build::client(false)?;
    // Crash and shutdown tests run the server as a separate process, to kill it.
    run(cargo().args(["build", "--package", "panneau-server", "--bin", "panneau"]))?;
    let mut cmd = cargo();
    cmd.args(["test", "--workspace", "--exclude", "panneau-client"])
        .args(args)
        .env("PANNEAU_BIN", target_dir().join("debug/panneau"))
        .env("PANNEAU_AXE", axe);
    run(&mut cmd)
}

/// The version of axe-core the browser tests audit every view with.
const AXE_VERSION: &str = "4.14.1";

/// axe-core, the accessibility checker the browser tests inject into every view, from
/// the npm registry into `target/axe` (once), npm installed first if need be (see
/// [`ensure_installed`]). Returns the path of `axe.min.js`.
fn ensure_axe() -> Result<PathBuf> {
    let dir = target_dir().join("axe");
    let script = dir.join("node_modules/axe-core/axe.min.js");
    let installed = dir.join(format!("installed-{AXE_VERSION}"));
    if script.is_file() && installed.is_file() {
        return Ok(script);
    }
    ensure_installed(
        "the accessibility audit needs npm (for axe-core)",
        || which("npm").is_some(),
        "npm",
    )?;
    std::fs::create_dir_all(&dir)?;
    run(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&dir)
        .arg(format!("axe-core@{AXE_VERSION}")))?;
    if !script.is_file() {
        bail!("npm installed axe-core but {} is missing", script.display());
    }
    std::fs::write(&installed, AXE_VERSION)?;
    Ok(script)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Browser tests need Debian's Chromium and its matching driver. On a Debian machine where
/// we are root (CI, a fresh container) install them; elsewhere say how and stop, so that a
/// browser test never silently skips.
fn ensure_browser() -> Result<()> {
    let present = || which("chromium").is_some() && which("chromedriver").is_some();
    ensure_installed(
        "browser tests need Chromium and ChromeDriver",
        present,
        "chromium chromium-driver",
    )
}

/// PostgreSQL's server programs, which the cluster tests start a server of their own
/// with (Debian keeps them outside the PATH, in `/usr/lib/postgresql/N/bin`).
fn ensure_postgres() -> Result<()> {
    let present = || {
        std::fs::read_dir("/usr/lib/postgresql")
            .map(|versions| {
                versions
                    .filter_map(|v| v.ok())
                    .any(|v| v.path().join("bin/initdb").is_file())
            })
            .unwrap_or(false)
            || env::var_os("PANNEAU_PG_BIN").is_some()
    };
    ensure_installed(
        "the cluster tests need PostgreSQL's server programs",
        present,
        "postgresql",
    )
}

/// Installs Debian `packages` when `present` says something is missing: on a Debian
/// machine where we are root (CI, a fresh container); elsewhere says how, so that no test
/// silently skips.
fn ensure_installed(why: &str, present: impl Fn() -> bool, packages: &str) -> Result<()> {
    if present() {
        return Ok(());
    }
    let install = format!("apt-get update && apt-get install -y {packages}");
    if !(is_root() && Path::new("/etc/debian_version").exists()) {
        bail!("{why}; install them with:\n  sudo {install}");
    }
    eprintln!("installing {packages}: {why}…");
    run(Command::new("sh")
        .args(["-c", &install])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if !present() {
        bail!("still missing after `{install}`: {why}");
    }
    Ok(())
}

pub fn which(bin: &str) -> Option<PathBuf> {
    env::var_os("PATH").and_then(|paths| {
        env::split_paths(&paths)
            .map(|dir| dir.join(bin))
            .find(|candidate| candidate.is_file())
    })
}
