//! Headless Chromium driven through ChromeDriver (Debian's `chromium` and
//! `chromium-driver`), for tests that look at Panneau the way a person does.

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// A ChromeDriver process; each [`Driver::session`] is a separate browser with its own
/// profile, like two people on two machines.
pub struct Driver {
    port: u16,
    _process: Child,
    profiles: Vec<tempfile::TempDir>,
}

const INSTALL: &str = "apt-get install -y chromium chromium-driver";

impl Driver {
    /// Starts ChromeDriver. Fails (never skips) when Chromium is missing, saying how to
    /// install it.
    pub async fn start() -> Result<Driver> {
        for bin in ["chromium", "chromedriver"] {
            if which(bin).is_none() {
                bail!("`{bin}` is not installed; browser tests need it: {INSTALL} (cargo xtask test does this on Debian as root)");
            }
        }
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
            listener.local_addr()?.port()
        };
        let process = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("starting chromedriver")?;
        // Wait until the driver accepts connections (bounded).
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            if Instant::now() > deadline {
                bail!("chromedriver did not start listening on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Driver {
            port,
            _process: process,
            profiles: Vec::new(),
        })
    }

    /// A new headless browser window of `width` × `height` pixels.
    pub async fn session(&mut self, width: u32, height: u32) -> Result<Client> {
        let profile = tempfile::tempdir()?;
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": which("chromium").expect("checked at start"), "args": args },
        });
        let caps = caps.as_object().expect("an object").clone();
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .context("opening a Chromium session")?;
        self.profiles.push(profile);
        Ok(client)
    }
}

fn which(bin: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(bin))
            .find(|p| p.is_file())
    })
}

/// Where tests save screenshots for people to look at.
pub fn screenshot_dir() -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// Polls `check` until it returns `Some`, for at most `crate::WAIT`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<T>>>,
{
    let deadline = Instant::now() + crate::WAIT;
    loop {
        if let Some(value) = check().await? {
            return Ok(value);
        }
        if Instant::now() > deadline {
            bail!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
