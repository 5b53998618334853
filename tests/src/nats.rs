//! A real NATS server of a test's own on a free loopback port, from the machine's
//! `nats-server` (Debian's package), stopped when dropped. A machine without it fails
//! the test with what to install, never skips it.

use crate::process::{await_ready, free_port};
use anyhow::{anyhow, Context, Result};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub struct NatsServer {
    bin: PathBuf,
    port: u16,
    child: Option<Child>,
}

fn binary() -> Result<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/bin")])
            .map(|dir| dir.join("nats-server"))
            .find(|candidate| candidate.is_file())
    });
    on_path.ok_or_else(|| {
        anyhow!("nats-server is missing: install it (Debian: `apt-get install nats-server`)")
    })
}

impl NatsServer {
    pub fn start() -> Result<NatsServer> {
        let port = free_port()?;
        let mut server = NatsServer {
            bin: binary()?,
            port,
            child: None,
        };
        server.run()?;
        Ok(server)
    }

    /// Starts the server and waits until it says it is ready.
    fn run(&mut self) -> Result<()> {
        let mut child = Command::new(&self.bin)
            .args(["-a", "127.0.0.1", "-p"])
            .arg(self.port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("starting nats-server")?;
        let ready = await_ready(&mut child, "nats-server", "Server is ready");
        self.child = Some(child);
        ready
    }

    pub fn url(&self) -> String {
        format!("nats://{}", self.addr())
    }

    pub fn addr(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// Stops the server at once; [`NatsServer::restart`] brings it back on its port.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn restart(&mut self) -> Result<()> {
        self.stop();
        self.run()
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.stop();
    }
}
