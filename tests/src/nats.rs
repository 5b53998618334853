//! A real NATS server of a test's own on a free loopback port, from the machine's
//! `nats-server` (Debian's package), stopped when dropped. A machine without it fails
//! the test with what to install, never skips it.

use anyhow::{anyhow, bail, Context, Result};
use std::io::{BufRead, BufReader};
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
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
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
        let stderr = child.stderr.take().expect("piped stderr");
        self.child = Some(child);
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut said = String::new();
            let mut ready = Some(ready_tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(tx) = &ready {
                    said.push_str(&line);
                    said.push('\n');
                    if line.contains("Server is ready") {
                        let _ = tx.send(Ok(()));
                        ready = None;
                    }
                }
            }
            if let Some(tx) = ready {
                let _ = tx.send(Err(said));
            }
        });
        match ready_rx.recv_timeout(crate::WAIT) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(said)) => bail!("nats-server stopped before it was ready:\n{said}"),
            Err(_) => bail!("nats-server was not ready within the wait"),
        }
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
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
