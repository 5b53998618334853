//! The plenary: the cards wait in the tray; the facilitator calls each four up and its
//! cards come forward on every screen; then every card goes into a theme's area — one by
//! choosing its theme, the others dragged — and the wall, Ana's phone and the console
//! hold each card at the same logical place. Ana watches a drag live.

use super::{card_id, card_style, Room, ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, DARIO_IDEA, ELENA_IDEA};
use anyhow::Result;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use panneau_tests::browser::eventually;
use panneau_tests::browser::page::*;
use std::time::Duration;

const PROMOTION: &str = "Promotion, communication & marketing";
const TRAINING: &str = "Training & technical support";
const NETWORKING: &str = "Networking & sharing experience";

/// The element matching `css` whose text contains `text`.
async fn find_reading(client: &Client, css: &str, text: &str) -> Result<Element> {
    eventually(&format!("{css} reading {text:?}"), || async {
        for el in client.find_all(Locator::Css(css)).await? {
            if el.text().await.is_ok_and(|t| t.contains(text)) {
                return Ok(Some(el));
            }
        }
        Ok(None)
    })
    .await
}

/// Whether every screen shows the tray reading all of `parts`.
async fn wait_tray(room: &Room, parts: &[&str]) -> Result<()> {
    for client in [&room.facilitator, &room.ana, &room.wall] {
        eventually(&format!("the tray to read {parts:?}"), || async {
            let tray = text_of(client, "[data-testid=tray]").await?;
            Ok(tray.filter(|t| parts.iter().all(|p| t.contains(p))))
        })
        .await?;
    }
    Ok(())
}

/// The texts of the cards a screen shows as presented now.
async fn presented(client: &Client) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    for el in client
        .find_all(Locator::Css("[data-testid=card].presented"))
        .await?
    {
        texts.push(el.text().await.unwrap_or_default());
    }
    Ok(texts)
}

/// Waits until every screen shows exactly `cards` on the panel, the `presenting` ones
/// standing out.
async fn wait_panel(room: &Room, cards: &[&str], presenting: &[&str]) -> Result<()> {
    for client in [&room.facilitator, &room.ana, &room.wall] {
        wait_count(client, super::PANEL_CARD, cards.len()).await?;
        eventually(&format!("{presenting:?} presented"), || async {
            let shown = presented(client).await?;
            let right = shown.len() == presenting.len()
                && presenting
                    .iter()
                    .all(|p| shown.iter().any(|s| s.contains(p)));
            Ok(right.then_some(()))
        })
        .await?;
    }
    Ok(())
}

/// The card matching `selector`, its panel scrolled into view (editing the themes below
/// it may have scrolled it away); `None` while it is missing or being re-rendered.
async fn card_in_view(client: &Client, selector: &str) -> Result<Option<Element>> {
    let Ok(element) = client.find(Locator::Css(selector)).await else {
        return Ok(None);
    };
    let script = "arguments[0].closest('[data-testid=board]').scrollIntoView({block: 'start'})";
    let scrolled = client
        .execute(script, vec![serde_json::to_value(&element)?])
        .await;
    Ok(scrolled.is_ok().then_some(element))
}

/// The facilitator presses on `card`, moves it in steps onto the middle of `area` and
/// lets go, in one gesture.
async fn drag_into(facilitator: &Client, card: &str, area: &str) -> Result<()> {
    let selector = format!("[data-testid=card][data-card='{card}']");
    // A card re-rendered between finding and pressing it is pressed again.
    eventually("the facilitator to drag the card", || async {
        let Some(element) = card_in_view(facilitator, &selector).await? else {
            return Ok(None);
        };
        let target = find_reading(facilitator, "[data-testid=area]", area).await?;
        let (x, y, w, h) = element.rectangle().await?;
        let (ax, ay, aw, ah) = target.rectangle().await?;
        let (dx, dy) = (
            (ax + aw / 2.0) - (x + w / 2.0),
            (ay + ah / 2.0) - (y + h / 2.0),
        );
        let mut gesture = MouseActions::new("facilitator-mouse".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        for _ in 0..4 {
            gesture = gesture.then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(60)),
                x: (dx / 4.0).round() as i64 as f64,
                y: (dy / 4.0).round() as i64 as f64,
            });
        }
        let gesture = gesture.then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        let done = facilitator.perform_actions(gesture).await.is_ok();
        let _ = facilitator.release_actions().await;
        Ok(done.then_some(()))
    })
    .await
}

/// The facilitator presses on `card` and moves it without letting go; `watch` runs while
/// the button is down, then the card is dropped where it is.
async fn hold<F, Fut>(facilitator: &Client, card: &str, watch: F) -> Result<()>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    let selector = format!("[data-testid=card][data-card='{card}']");
    eventually("the facilitator to grab the card", || async {
        let Some(element) = card_in_view(facilitator, &selector).await? else {
            return Ok(None);
        };
        let grab = MouseActions::new("facilitator-mouse".into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 60.0,
                y: 40.0,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 60.0,
                y: 40.0,
            });
        if facilitator.perform_actions(grab).await.is_ok() {
            return Ok(Some(()));
        }
        let _ = facilitator.release_actions().await;
        Ok(None)
    })
    .await?;
    watch().await?;
    let release = MouseActions::new("facilitator-mouse".into()).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    facilitator.perform_actions(release).await?;
    facilitator.release_actions().await?;
    Ok(())
}

pub async fn present_and_arrange(room: &Room) -> Result<()> {
    let Room {
        facilitator,
        ana,
        wall,
        ..
    } = room;
    // The plenary opens with every kept card in the tray, the fours waiting their turn.
    room.next_phase("Plenary").await?;
    wait_tray(room, &["Four 1", "3 cards", "Four 2", "1 card"]).await?;
    for client in [facilitator, ana, wall] {
        assert_eq!(count(client, super::PANEL_CARD).await?, 0);
    }
    screenshot(wall, "4-plenary-wall-tray").await?;

    // Four 2 presents first (the facilitator acted for Elena): her card comes forward; the
    // first four still waits.
    click_item(facilitator, "[data-testid=present]", "Four 2").await?;
    wait_panel(room, &[ELENA_IDEA], &[ELENA_IDEA]).await?;
    wait_tray(room, &["Four 2 presents", "Four 1", "3 cards"]).await?;
    screenshot(wall, "4-plenary-wall-presenting").await?;
    click_item(facilitator, "[data-testid=present]", "Four 1").await?;
    let four_one = [ANA_IDEA, BRUNO_IDEA, CARLA_IDEA];
    wait_panel(
        room,
        &[ELENA_IDEA, ANA_IDEA, BRUNO_IDEA, CARLA_IDEA],
        &four_one,
    )
    .await?;
    wait_tray(room, &["Four 1 presents"]).await?;
    // The idea the fours dropped never reaches the panel, nor the wall.
    assert!(!page_text(wall).await?.contains(DARIO_IDEA));
    assert!(!page_text(ana).await?.contains(DARIO_IDEA));
    screenshot(ana, "4-plenary-ana-presenting").await?;
    check_view(ana, "Ana's panel with a four presenting", true, false).await?;

    // Ana's card goes under the first theme, chosen by name: it moves into that theme's
    // area.
    let row = find_reading(facilitator, "[data-testid=panel-card-row]", ANA_IDEA).await?;
    row.find(Locator::Css("[data-testid=card-theme]"))
        .await?
        .select_by_index(1)
        .await?;
    let ana_card = card_id(facilitator, ANA_IDEA).await?;
    eventually("Ana's card in the first theme", || async {
        let theme = attr_of(
            wall,
            &format!("[data-testid=card][data-card='{ana_card}']"),
            "title",
        )
        .await?;
        Ok((theme.as_deref() == Some(PROMOTION)).then_some(()))
    })
    .await?;

    // The facilitator grabs Carla's card and moves it without letting go: Ana sees it
    // move live, and both agree on where it is dropped.
    let carla_card = card_id(facilitator, CARLA_IDEA).await?;
    let start = eventually("Carla's card in Ana's window", || async {
        card_style(ana, &carla_card).await
    })
    .await?;
    hold(facilitator, &carla_card, || async {
        eventually("Ana to see the card move while it is dragged", || async {
            Ok(card_style(ana, &carla_card).await?.filter(|s| *s != start))
        })
        .await?;
        screenshot(facilitator, "4-plenary-facilitator-dragging").await
    })
    .await?;
    eventually("both windows to agree on the drop", || async {
        let (f, a) = (
            card_style(facilitator, &carla_card).await?,
            card_style(ana, &carla_card).await?,
        );
        Ok((f.is_some() && f == a && a.as_deref() != Some(start.as_str())).then_some(()))
    })
    .await?;
    // Then every card without a theme is dragged into one.
    for (text, area) in [
        (CARLA_IDEA, PROMOTION),
        (BRUNO_IDEA, TRAINING),
        (ELENA_IDEA, NETWORKING),
    ] {
        let card = card_id(facilitator, text).await?;
        drag_into(facilitator, &card, area).await?;
    }

    // Every card in its theme, and at the same logical place on every screen.
    for (text, theme) in [
        (ANA_IDEA, PROMOTION),
        (CARLA_IDEA, PROMOTION),
        (BRUNO_IDEA, TRAINING),
        (ELENA_IDEA, NETWORKING),
    ] {
        let card = card_id(facilitator, text).await?;
        let selector = format!("[data-testid=card][data-card='{card}']");
        eventually(
            &format!("{text:?} in {theme:?} on every screen"),
            || async {
                let console = card_style(facilitator, &card).await?;
                let themed = attr_of(wall, &selector, "title").await?;
                let same = console.is_some()
                    && card_style(wall, &card).await? == console
                    && card_style(ana, &card).await? == console
                    && themed.as_deref() == Some(theme);
                Ok(same.then_some(()))
            },
        )
        .await?;
    }
    screenshot(facilitator, "4-plenary-facilitator").await?;
    screenshot(ana, "4-plenary-ana").await?;
    screenshot(wall, "4-plenary-wall").await?;
    check_view(ana, "Ana's panel", true, false).await?;
    check_view(wall, "the wall's panel", false, true).await?;
    check_view(&room.bruno, "Bruno's panel", false, false).await?;
    check_view(facilitator, "the console's panel", false, false).await?;
    Ok(())
}
