//! A real PostgreSQL server of a test's own: a fresh cluster in a temporary folder on a
//! free loopback port, started with the machine's PostgreSQL binaries and stopped when
//! dropped. A machine without PostgreSQL fails the test with what to install, never
//! skips it.

use crate::process::{await_ready, free_port};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    child: Option<Child>,
}

/// The folder of `initdb` and `postgres`: `PANNEAU_PG_BIN`, else Debian's newest
/// `/usr/lib/postgresql/N/bin`, else `pg_config --bindir`.
fn bin_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PANNEAU_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let debian = Path::new("/usr/lib/postgresql");
    if let Ok(versions) = std::fs::read_dir(debian) {
        let mut found: Vec<(u32, PathBuf)> = versions
            .filter_map(|v| v.ok())
            .filter_map(|v| {
                let version = v.file_name().to_str()?.parse().ok()?;
                let bin = v.path().join("bin");
                bin.join("initdb").is_file().then_some((version, bin))
            })
            .collect();
        found.sort();
        if let Some((_, bin)) = found.pop() {
            return Ok(bin);
        }
    }
    let out = Command::new("pg_config").arg("--bindir").output();
    match out {
        Ok(out) if out.status.success() => {
            Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        }
        _ => bail!(
            "PostgreSQL's server programs are missing: install them (Debian: \
             `apt-get install postgresql`) or point PANNEAU_PG_BIN at their folder"
        ),
    }
}

/// Whether this process runs as root, where `initdb` refuses to run.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `program` from PostgreSQL's folder, as the `postgres` user when we are root.
fn pg_command(bin: &Path, program: &str) -> Command {
    let path = bin.join(program);
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(path);
        command
    } else {
        Command::new(path)
    }
}

impl PgServer {
    /// A new cluster, trusting local connections, with one user `panneau`.
    pub fn start() -> Result<PgServer> {
        let bin = bin_dir()?;
        let dir = tempfile::Builder::new().prefix("panneau-pg-").tempdir()?;
        if is_root() {
            let status = Command::new("chown")
                .arg("postgres")
                .arg(dir.path())
                .status()
                .context("chown of the cluster's folder")?;
            if !status.success() {
                bail!("the `postgres` user is missing (Debian's postgresql package makes it)");
            }
        }
        let out = pg_command(&bin, "initdb")
            .arg("-D")
            .arg(dir.path().join("data"))
            .args(["--auth=trust", "-U", "panneau", "-E", "UTF8", "--locale=C"])
            .arg("--no-sync")
            .output()
            .context("running initdb")?;
        if !out.status.success() {
            bail!("initdb failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        let port = free_port()?;
        let mut server = PgServer {
            dir,
            bin,
            port,
            child: None,
        };
        server.run()?;
        Ok(server)
    }

    /// Starts the server on its cluster and waits until it accepts connections.
    fn run(&mut self) -> Result<()> {
        let mut child = pg_command(&self.bin, "postgres")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("-p")
            .arg(self.port.to_string())
            .arg("-k")
            .arg(self.dir.path())
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=50",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting postgres")?;
        let ready = await_ready(&mut child, "postgres", "ready to accept connections");
        self.child = Some(child);
        ready
    }

    /// The address of database `postgres` as user `panneau`.
    pub fn url(&self) -> String {
        self.url_of("postgres")
    }

    pub fn url_of(&self, database: &str) -> String {
        format!("postgres://panneau@127.0.0.1:{}/{database}", self.port)
    }

    /// A connection for the test's own reading of what is stored.
    pub async fn connect(&self) -> Result<tokio_postgres::Client> {
        let (client, connection) = tokio_postgres::connect(&self.url(), tokio_postgres::NoTls)
            .await
            .context("connecting to the test's PostgreSQL")?;
        tokio::spawn(connection);
        Ok(client)
    }

    /// Stops the server at once (like a crash of the machine's database), keeping its
    /// data: [`PgServer::restart`] brings it back.
    pub fn stop(&mut self) -> Result<()> {
        let Some(mut child) = self.child.take() else {
            return Ok(());
        };
        // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster ends its backends
        // too. Sent to the postmaster itself (not to `runuser` in front of it).
        let pid = std::fs::read_to_string(self.dir.path().join("data/postmaster.pid"))
            .ok()
            .and_then(|s| s.lines().next().map(str::to_owned));
        if let Some(pid) = pid {
            let _ = Command::new("kill").args(["-QUIT", &pid]).status();
        }
        let _ = child.wait();
        Ok(())
    }

    pub fn restart(&mut self) -> Result<()> {
        self.stop()?;
        self.run()
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
