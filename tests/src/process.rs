//! The server as a separate operating-system process, for tests that kill it (SIGKILL) or
//! stop it (SIGTERM) the way a crash or a deployment would.

use anyhow::{anyhow, bail, Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The `panneau` binary: `PANNEAU_BIN` (set by `cargo xtask test`), else the debug build.
pub fn server_binary() -> PathBuf {
    std::env::var_os("PANNEAU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/panneau"))
}

pub struct ServerProcess {
    pub addr: SocketAddr,
    child: Child,
}

impl ServerProcess {
    /// Starts `panneau` on a free port over `data` and waits until it listens.
    pub async fn spawn(data: &Path, extra: &[&str]) -> Result<ServerProcess> {
        let bin = server_binary();
        if !bin.is_file() {
            bail!(
                "{} is missing: build it with `cargo build -p panneau-server` (cargo xtask test does)",
                bin.display()
            );
        }
        let mut child = Command::new(&bin)
            .arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--data")
            .arg(data)
            .args(extra)
            .env("RUST_LOG", "panneau_server=warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().expect("piped stdout");
        let mut lines = BufReader::new(stdout).lines();
        // The server prints its address once it is ready to serve.
        let line = tokio::time::timeout(crate::WAIT, lines.next_line())
            .await
            .context("the server did not start in time")??
            .ok_or_else(|| anyhow!("the server exited before listening"))?;
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.trim_end_matches('/').parse().ok())
            .ok_or_else(|| anyhow!("unexpected first line: {line}"))?;
        // Keep draining stdout so the server never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(ServerProcess { addr, child })
    }

    /// Sends signal `name` (`STOP`, `CONT`…) with the shell's own `kill`.
    pub fn signal(&self, name: &str) -> Result<()> {
        let pid = self.child.id().ok_or_else(|| anyhow!("already exited"))?;
        let status = std::process::Command::new("sh")
            .args(["-c", &format!("kill -{name} {pid}")])
            .status()
            .with_context(|| format!("running kill -{name}"))?;
        if !status.success() {
            bail!("kill -{name} {pid} failed");
        }
        Ok(())
    }

    /// SIGKILL: the process dies at once, wherever it is.
    pub async fn kill(mut self) -> Result<()> {
        self.child.start_kill()?;
        self.child.wait().await?;
        Ok(())
    }

    /// SIGTERM, then waits for the process to exit; returns whether it exited cleanly.
    pub async fn terminate(mut self) -> Result<bool> {
        self.signal("TERM")?;
        let exit = tokio::time::timeout(crate::WAIT, self.child.wait())
            .await
            .context("the server did not stop within the wait")??;
        Ok(exit.success())
    }
}

/// A port free on loopback now (the server started next binds it).
pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Waits until `child` (a server of the tests' own, its stderr piped) writes a line
/// holding `ready`; what it writes after goes on being read on a thread of its own, so
/// that it never blocks on a full pipe. Fails with what it said if it stops first.
pub fn await_ready(child: &mut std::process::Child, what: &str, ready: &'static str) -> Result<()> {
    use std::io::{BufRead, BufReader};
    let stderr = child.stderr.take().context("stderr is piped")?;
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = String::new();
        let mut waiting = Some(ready_tx);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(tx) = &waiting {
                said.push_str(&line);
                said.push('\n');
                if line.contains(ready) {
                    let _ = tx.send(Ok(()));
                    waiting = None;
                }
            }
        }
        if let Some(tx) = waiting {
            let _ = tx.send(Err(said));
        }
    });
    match ready_rx.recv_timeout(crate::WAIT) {
        Ok(Ok(())) => Ok(()),
        Ok(Err(said)) => bail!("{what} stopped before it was ready:\n{said}"),
        Err(_) => bail!("{what} was not ready within the wait"),
    }
}
