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
            // A group of its own, which its browsers join: see `Drop`.
            .process_group(0)
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

    /// A new headless browser window whose page is `width` × `height` CSS pixels.
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
        page::set_viewport(&client, width, height).await?;
        Ok(client)
    }
}

impl Drop for Driver {
    /// Ends the driver and every browser it started: a test that fails midway never closes
    /// its sessions, and ending the driver alone would leave its browsers running.
    fn drop(&mut self) {
        if let Some(pid) = self._process.id() {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// A network link to emulate in a browser session, as Lighthouse's "slow 4G".
#[derive(Clone, Copy, Debug)]
pub struct Link {
    pub latency_ms: u32,
    pub down_bytes_per_s: u32,
    pub up_bytes_per_s: u32,
}

impl Link {
    /// 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trips.
    pub const SLOW_4G: Link = Link {
        latency_ms: 150,
        down_bytes_per_s: 1_600_000 / 8,
        up_bytes_per_s: 750_000 / 8,
    };
}

/// ChromeDriver's own command that makes a session's network behave like `link`.
#[derive(Debug)]
struct NetworkConditions(Link);

impl fantoccini::wd::WebDriverCompatibleCommand for NetworkConditions {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/chromium/network_conditions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        let Link {
            latency_ms,
            down_bytes_per_s,
            up_bytes_per_s,
        } = self.0;
        let body = serde_json::json!({ "network_conditions": {
            "offline": false,
            "latency": latency_ms,
            "download_throughput": down_bytes_per_s,
            "upload_throughput": up_bytes_per_s,
        }});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Makes `client`'s network behave like `link` from now on.
pub async fn emulate(client: &Client, link: Link) -> Result<()> {
    client
        .issue_cmd(NetworkConditions(link))
        .await
        .context("emulating a network link")?;
    Ok(())
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
    use anyhow::{Context, Result};
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

    /// Resizes the window so that the page inside it is `width` × `height` CSS pixels
    /// (the window's own frame takes some height, which differs between versions).
    pub async fn set_viewport(client: &Client, width: u32, height: u32) -> Result<()> {
        for _ in 0..3 {
            let inner = client
                .execute("return [window.innerWidth, window.innerHeight]", vec![])
                .await?;
            let inner: (i64, i64) = serde_json::from_value(inner)?;
            let (dw, dh) = (i64::from(width) - inner.0, i64::from(height) - inner.1);
            if (dw, dh) == (0, 0) {
                return Ok(());
            }
            let (_, _, w, h) = client.get_window_rect().await?;
            let (w, h) = ((w as i64 + dw) as u32, (h as i64 + dh) as u32);
            client.set_window_size(w, h).await?;
        }
        Ok(())
    }

    /// What a person would trip on in this page's layout: sideways scrolling, controls
    /// under 44 px high (with `touch`, for a phone), panel cards outside their panel or
    /// taller than the panel's layout reckons (they would cover others), and
    /// (with `fits`, for a wall) a page taller or wider than its window.
    pub async fn layout_problems(client: &Client, touch: bool, fits: bool) -> Result<Vec<String>> {
        let script = r#"
            const [touch, fits] = arguments;
            const problems = [];
            const root = document.documentElement;
            if (root.scrollWidth > root.clientWidth + 1)
                problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
            if (fits && root.scrollHeight > window.innerHeight + 1)
                problems.push(`the page needs scrolling: ${root.scrollHeight} > ${window.innerHeight}`);
            if (touch) {
                for (const el of document.querySelectorAll('button, select, input:not([type=checkbox]), summary')) {
                    if (!el.offsetParent || el.disabled) continue;
                    const r = el.getBoundingClientRect();
                    if (r.height < 43.5) {
                        const name = el.dataset.testid || el.textContent.trim().slice(0, 30) || el.className;
                        problems.push(`${name}: ${Math.round(r.height)} px high`);
                    }
                }
            }
            for (const board of document.querySelectorAll('[data-testid=board]')) {
                const b = board.getBoundingClientRect();
                for (const card of board.querySelectorAll('[data-testid=card]')) {
                    const c = card.getBoundingClientRect();
                    if (c.left < b.left - 1 || c.right > b.right + 1 || c.top < b.top - 1 || c.bottom > b.bottom + 1)
                        problems.push(`card ${card.dataset.card} sticks out of the panel`);
                    // The layout reckons each card's height from its text: a card that grew
                    // past it may cover the one below.
                    const least = card.style.minHeight.endsWith('%')
                        ? parseFloat(card.style.minHeight) * b.height / 100 : c.height;
                    if (c.height > least + 1)
                        problems.push(`card ${card.dataset.card} is ${Math.round(c.height - least)} px taller than the layout reckons`);
                }
            }
            return problems;
        "#;
        let found = client
            .execute(script, vec![touch.into(), fits.into()])
            .await?;
        Ok(serde_json::from_value(found)?)
    }

    /// The serious and critical accessibility violations axe-core finds in the page, one
    /// line each: the rule, what it says, and the elements. axe-core comes from the npm
    /// registry (`cargo xtask test` installs it and says where, in `PANNEAU_AXE`).
    pub async fn accessibility_violations(client: &Client) -> Result<Vec<String>> {
        let path = std::env::var_os("PANNEAU_AXE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../target/axe/node_modules/axe-core/axe.min.js")
            });
        let axe = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "axe-core is not at {}: run the tests with `cargo xtask test`, which installs it",
                path.display()
            )
        })?;
        client.execute(&axe, vec![]).await?;
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ['violations'] }).then(results => done(
                results.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => `${v.id} (${v.impact}): ${v.help} — ` +
                        v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))
            ), error => done([`axe failed: ${error}`]));
        "#;
        let found = client.execute_async(script, vec![]).await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Fails with the serious accessibility violations of the page, if any.
    pub async fn assert_accessible(client: &Client, what: &str) -> Result<()> {
        let violations = accessibility_violations(client).await?;
        anyhow::ensure!(violations.is_empty(), "{what}: {violations:#?}");
        Ok(())
    }

    /// Fails with the page's layout problems or serious accessibility violations, if any.
    pub async fn check_view(client: &Client, what: &str, touch: bool, fits: bool) -> Result<()> {
        assert_layout(client, what, touch, fits).await?;
        assert_accessible(client, what).await
    }

    /// Fails with the layout problems of the page, if any (see [`layout_problems`]).
    pub async fn assert_layout(client: &Client, what: &str, touch: bool, fits: bool) -> Result<()> {
        let problems = layout_problems(client, touch, fits).await?;
        anyhow::ensure!(problems.is_empty(), "{what}: {problems:#?}");
        Ok(())
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
