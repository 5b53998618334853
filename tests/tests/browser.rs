//! Two people in two real browsers: one creates the workshop from the home page, both
//! join, a card dragged in one window moves live in the other, and stickers land in both.

use anyhow::Result;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use panneau_tests::browser::{eventually, screenshot_dir, Driver};
use panneau_tests::TestServer;
use std::time::Duration;

const CARD: &str = "[data-testid=card]";

/// The text of the first element matching `css`, or `None` while there is none. An element
/// the page re-renders between finding and reading it ("stale") also counts as not yet.
async fn text_of(client: &Client, css: &str) -> Result<Option<String>> {
    match client.find(Locator::Css(css)).await {
        Ok(el) => Ok(el.text().await.ok()),
        Err(_) => Ok(None),
    }
}

/// The card's position as the page renders it (`left: …%; top: …%`).
async fn card_style(client: &Client) -> Result<Option<String>> {
    match client.find(Locator::Css(CARD)).await {
        Ok(card) => Ok(card.attr("style").await.ok().flatten()),
        Err(_) => Ok(None),
    }
}

/// Clicks the first element matching `css`, retrying while it is missing or re-rendered.
async fn click(client: &Client, css: &str) -> Result<()> {
    eventually(&format!("a clickable {css}"), || async {
        match client.find(Locator::Css(css)).await {
            Ok(el) => Ok(el.click().await.ok()),
            Err(_) => Ok(None),
        }
    })
    .await
}

async fn count(client: &Client, css: &str) -> Result<usize> {
    Ok(client.find_all(Locator::Css(css)).await?.len())
}

async fn join(client: &Client, url: &str, name: &str) -> Result<()> {
    client.goto(url).await?;
    let field = client
        .wait()
        .for_element(Locator::Css("[data-testid=join-name]"))
        .await?;
    field.send_keys(name).await?;
    client
        .find(Locator::Css("[data-testid=join-org]"))
        .await?
        .send_keys("Le Domaine de la Blaque")
        .await?;
    click(client, "[data-testid=join-submit]").await?;
    let me = eventually("the participant toolbar", || async {
        text_of(client, "[data-testid=me]").await
    })
    .await?;
    assert_eq!(me, name);
    Ok(())
}

#[tokio::test]
async fn two_browsers_see_each_others_cards_move_and_stickers_land() -> Result<()> {
    let server = TestServer::start().await;
    let mut driver = Driver::start().await?;
    let ana = driver.session(1366, 768).await?;
    let bruno = driver.session(1366, 768).await?;

    // Ana creates the workshop from the home page and lands on the facilitator console.
    ana.goto(&server.url("/")).await?;
    ana.wait()
        .for_element(Locator::Css("[data-testid=create-title]"))
        .await?
        .send_keys("Rete QM Var")
        .await?;
    ana.find(Locator::Css("[data-testid=create-question]"))
        .await?
        .send_keys("What could the network bring you?")
        .await?;
    click(&ana, "[data-testid=create-submit]").await?;
    let join_link = ana
        .wait()
        .for_element(Locator::Css("[data-testid=join-link]"))
        .await?
        .attr("href")
        .await?
        .expect("a join link");
    eventually("the workshop title", || async {
        Ok(text_of(&ana, "[data-testid=title]")
            .await?
            .filter(|t| t == "Rete QM Var"))
    })
    .await?;

    join(&ana, &join_link, "Ana").await?;
    join(&bruno, &join_link, "Bruno").await?;

    // Ana writes a card; Bruno sees it appear.
    ana.find(Locator::Css("[data-testid=card-input]"))
        .await?
        .send_keys("Shared stand at trade fairs")
        .await?;
    click(&ana, "[data-testid=card-add]").await?;
    eventually("the card in Bruno's window", || async {
        Ok(text_of(&bruno, "[data-testid=card-text]")
            .await?
            .filter(|t| t == "Shared stand at trade fairs"))
    })
    .await?;
    let start = card_style(&bruno).await?.expect("a card");

    // Ana grabs the card and moves it without letting go: Bruno sees it move live.
    let grab = |card| {
        MouseActions::new("ana-mouse".into())
            .then(PointerAction::MoveToElement {
                element: card,
                duration: None,
                x: -40.0,
                y: -20.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 180.0,
                y: 90.0,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 180.0,
                y: 90.0,
            })
    };
    // If the card is re-rendered between finding it and grabbing it, grab it again.
    eventually("Ana to grab the card", || async {
        let Ok(card) = ana.find(Locator::Css(CARD)).await else {
            return Ok(None);
        };
        if ana.perform_actions(grab(card)).await.is_ok() {
            return Ok(Some(()));
        }
        // Start again from a released pointer.
        let _ = ana.release_actions().await;
        Ok(None)
    })
    .await?;
    let during = eventually("Bruno to see the card move while it is dragged", || async {
        Ok(card_style(&bruno).await?.filter(|s| *s != start))
    })
    .await?;
    let release = MouseActions::new("ana-mouse".into()).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    ana.perform_actions(release).await?;
    ana.release_actions().await?;
    // Once dropped, both windows agree on where the card is.
    let settled = eventually("both windows to agree on the drop", || async {
        let (a, b) = (card_style(&ana).await?, card_style(&bruno).await?);
        Ok((a.is_some() && a == b && a.as_deref() != Some(start.as_str())).then_some(a))
    })
    .await?;
    assert_ne!(Some(during.clone()), Some(start.clone()));
    assert!(settled.is_some());

    // Stickers placed in one window land in the other.
    click(&bruno, "[data-testid=add-green]").await?;
    click(&ana, "[data-testid=add-red]").await?;
    click(&ana, "[data-testid=add-green]").await?;
    for (who, window) in [("Ana", &ana), ("Bruno", &bruno)] {
        eventually(&format!("all stickers in {who}'s window"), || async {
            let green = count(window, "[data-testid=sticker-green]").await?;
            let red = count(window, "[data-testid=sticker-red]").await?;
            Ok((green == 2 && red == 1).then_some(()))
        })
        .await?;
    }
    let budget = text_of(&ana, "[data-testid=budget]")
        .await?
        .unwrap_or_default();
    assert!(
        budget.contains("2 priority left") && budget.contains("0 commitment left"),
        "{budget}"
    );

    let dir = screenshot_dir();
    std::fs::write(dir.join("two-browsers-ana.png"), ana.screenshot().await?)?;
    std::fs::write(
        dir.join("two-browsers-bruno.png"),
        bruno.screenshot().await?,
    )?;

    // The wall shows the same board, read-only, with the join code.
    let wall = driver.session(1920, 1080).await?;
    let wall_url = join_link.clone() + "/wall";
    wall.goto(&wall_url).await?;
    eventually("the wall to show the card and its stickers", || async {
        Ok((count(&wall, "[data-testid=sticker-green]").await? == 2).then_some(()))
    })
    .await?;
    assert_eq!(
        count(&wall, "[data-testid=add-green]").await?,
        0,
        "the wall is read-only"
    );
    std::fs::write(dir.join("wall.png"), wall.screenshot().await?)?;

    for client in [ana, bruno, wall] {
        client.close().await?;
    }
    server.stop().await;
    Ok(())
}
