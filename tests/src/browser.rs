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

/// What a test does with a page: read, wait for, click and type, by CSS selector. An
/// element the page re-renders between finding and using it counts as not there yet.
pub mod page {
    use super::{eventually, screenshot_dir};
    use anyhow::Result;
    use fantoccini::{Client, Locator};

    /// The text of the first element matching `css`, or `None` while there is none. An element
    /// the page re-renders between finding and reading it ("stale") also counts as not yet.
    pub async fn text_of(client: &Client, css: &str) -> Result<Option<String>> {
        match client.find(Locator::Css(css)).await {
            Ok(el) => Ok(el.text().await.ok()),
            Err(_) => Ok(None),
        }
    }

    /// Waits until the first element matching `css` reads `expected`.
    pub async fn wait_text(client: &Client, css: &str, expected: &str) -> Result<()> {
        eventually(&format!("{css} to read {expected:?}"), || async {
            Ok(text_of(client, css)
                .await?
                .filter(|t| t.trim() == expected)
                .map(|_| ()))
        })
        .await
    }

    /// Waits until the page shows `phase` as the current one.
    pub async fn wait_phase(client: &Client, phase: &str) -> Result<()> {
        wait_text(client, "[data-testid=phase-bar] li.current", phase).await
    }

    /// Everything the page shows, as text.
    pub async fn page_text(client: &Client) -> Result<String> {
        Ok(client.find(Locator::Css("body")).await?.text().await?)
    }

    /// The attribute of the first element matching `css`, or `None` while there is none.
    pub async fn attr_of(client: &Client, css: &str, name: &str) -> Result<Option<String>> {
        match client.find(Locator::Css(css)).await {
            Ok(el) => Ok(el.attr(name).await.ok().flatten()),
            Err(_) => Ok(None),
        }
    }

    /// Clicks the first element matching `css`, retrying while it is missing or re-rendered.
    pub async fn click(client: &Client, css: &str) -> Result<()> {
        eventually(&format!("a clickable {css}"), || async {
            match client.find(Locator::Css(css)).await {
                Ok(el) => Ok(el.click().await.ok()),
                Err(_) => Ok(None),
            }
        })
        .await
    }

    /// Clicks `button` inside the first `item` whose text contains `text`.
    pub async fn click_on_card(
        client: &Client,
        item: &str,
        text: &str,
        button: &str,
    ) -> Result<()> {
        eventually(&format!("{button} on the card {text:?}"), || async {
            for el in client.find_all(Locator::Css(item)).await? {
                if el.text().await.is_ok_and(|t| t.contains(text)) {
                    if let Ok(target) = el.find(Locator::Css(button)).await {
                        return Ok(target.click().await.ok());
                    }
                }
            }
            Ok(None)
        })
        .await
    }

    /// Clicks the first element matching `item` that reads `text` (a card, say).
    pub async fn click_item(client: &Client, item: &str, text: &str) -> Result<()> {
        eventually(&format!("{item} reading {text:?}"), || async {
            for el in client.find_all(Locator::Css(item)).await? {
                if el.text().await.is_ok_and(|t| t.contains(text)) {
                    return Ok(el.click().await.ok());
                }
            }
            Ok(None)
        })
        .await
    }

    pub async fn count(client: &Client, css: &str) -> Result<usize> {
        Ok(client.find_all(Locator::Css(css)).await?.len())
    }

    pub async fn wait_count(client: &Client, css: &str, n: usize) -> Result<()> {
        eventually(&format!("{n} × {css}"), || async {
            Ok((count(client, css).await? == n).then_some(()))
        })
        .await
    }

    pub async fn type_into(client: &Client, css: &str, text: &str) -> Result<()> {
        client
            .wait()
            .for_element(Locator::Css(css))
            .await?
            .send_keys(text)
            .await?;
        Ok(())
    }

    pub async fn screenshot(client: &Client, name: &str) -> Result<()> {
        std::fs::write(
            screenshot_dir().join(format!("{name}.png")),
            client.screenshot().await?,
        )?;
        Ok(())
    }

    /// Opens a join link and joins as `name`, waiting until the page says who this is.
    pub async fn join(client: &Client, url: &str, name: &str) -> Result<()> {
        client.goto(url).await?;
        type_into(client, "[data-testid=join-name]", name).await?;
        type_into(client, "[data-testid=join-org]", "Le Domaine de la Blaque").await?;
        click(client, "[data-testid=join-submit]").await?;
        wait_text(client, "[data-testid=me]", name).await?;
        wait_count(client, "[data-testid=waiting]", 1).await
    }
}
