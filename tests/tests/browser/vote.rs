//! The vote on the panel: stickers taken from the tray and put on cards, one dragged there,
//! one moved and moved back, one taken back and put on again, one placed from the list of
//! cards, and Elena's placed by the facilitator; every screen, and the wall, counts them.

use super::{Room, ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, ELENA_IDEA, PANEL_CARD};
use anyhow::Result;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use panneau_tests::browser::eventually;
use panneau_tests::browser::page::*;
use std::time::{Duration, Instant};

/// A sticker of `color` on the panel.
fn on_panel(color: &str) -> String {
    format!("[data-testid=board] [data-testid=sticker-{color}]")
}

/// How many green and red stickers `client`'s panel shows.
async fn stickers(client: &Client) -> Result<(usize, usize)> {
    Ok((
        count(client, &on_panel("green")).await?,
        count(client, &on_panel("red")).await?,
    ))
}

/// Takes a sticker from the tray (`tray-green` or `tray-red`) and puts it on the card
/// reading `card`.
async fn place(client: &Client, sticker: &str, card: &str) -> Result<()> {
    click(client, &format!("[data-testid={sticker}]")).await?;
    wait_text(
        client,
        "[data-testid=vote-hint]",
        "Now choose the card to put it on.",
    )
    .await?;
    click_item(client, PANEL_CARD, card).await
}

/// Presses the sticker matching `sticker`, drags it onto the panel card reading `card` and
/// lets go there, in one gesture.
async fn drag_to_card(client: &Client, sticker: &str, card: &str) -> Result<()> {
    eventually(&format!("{sticker} dragged onto {card:?}"), || async {
        let Ok(from) = client.find(Locator::Css(sticker)).await else {
            return Ok(None);
        };
        let mut target = None;
        for el in client.find_all(Locator::Css(PANEL_CARD)).await? {
            if el.text().await.is_ok_and(|t| t.contains(card)) {
                target = Some(el);
            }
        }
        let Some(target) = target else {
            return Ok(None);
        };
        let gesture = MouseActions::new(format!("{card}-mouse"))
            .then(PointerAction::MoveToElement {
                element: from,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(100)),
                x: 20.0,
                y: 20.0,
            })
            .then(PointerAction::MoveToElement {
                element: target,
                duration: Some(Duration::from_millis(300)),
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        let done = client.perform_actions(gesture).await.is_ok();
        let _ = client.release_actions().await;
        Ok(done.then_some(()))
    })
    .await
}

/// How many of `client`'s own green stickers sit on the card reading `card`.
async fn mine_on(client: &Client, card: &str) -> Result<Option<usize>> {
    for el in client.find_all(Locator::Css(PANEL_CARD)).await? {
        if el.text().await.is_ok_and(|t| t.contains(card)) {
            let mine = el
                .find_all(Locator::Css("[data-testid=sticker-green].mine"))
                .await
                .map_or(0, |m| m.len());
            return Ok(Some(mine));
        }
    }
    Ok(None)
}

pub async fn stickers_placed_moved_and_taken_back(room: &Room) -> Result<()> {
    let Room {
        facilitator,
        ana,
        bruno,
        carla,
        dario,
        wall,
        ..
    } = room;
    room.next_phase("Vote").await?;
    for client in room.followers() {
        wait_count(client, PANEL_CARD, 4).await?;
    }
    wait_count(ana, "[data-testid=tray-green]", 3).await?;

    // Two greens and Ana's commitment on her idea; a green from Dario on Elena's.
    for (client, sticker, card) in [
        (bruno, "tray-green", ANA_IDEA),
        (ana, "tray-green", ANA_IDEA),
        (ana, "tray-red", ANA_IDEA),
        (dario, "tray-green", ELENA_IDEA),
    ] {
        let before = stickers(wall).await?;
        let tapped = Instant::now();
        place(client, sticker, card).await?;
        // How long the room waits to see it: printed for people to read (the figures to
        // hold to are the fan-out benchmark's, not a timed assertion).
        eventually("the sticker on the wall", || async {
            Ok((stickers(wall).await? != before).then_some(()))
        })
        .await?;
        println!(
            "the wall showed a sticker {} ms after the tap",
            tapped.elapsed().as_millis()
        );
    }
    // Carla commits to her own idea from the list of cards; then she has nothing left to
    // commit, and every "+ commitment" button says so by being disabled.
    click(carla, "[data-testid=as-list] summary").await?;
    click_on_card(
        carla,
        "[data-testid=vote-card]",
        CARLA_IDEA,
        "[data-testid=add-red]",
    )
    .await?;
    // Read in one go in the page: the list re-renders as the stickers arrive.
    eventually("Carla's commitment spent", || async {
        let counted = carla
            .execute(
                "const all = [...document.querySelectorAll('[data-testid=add-red]')]; \
                 return [all.length, all.filter(b => b.disabled).length];",
                Vec::new(),
            )
            .await?;
        let (buttons, disabled): (usize, usize) = serde_json::from_value(counted)?;
        Ok((buttons == 4 && disabled == 4).then_some(()))
    })
    .await?;
    screenshot(carla, "5-vote-carla-list").await?;
    // The facilitator puts Elena's commitment on her idea.
    room.act_for(Some("Elena")).await?;
    place(facilitator, "tray-red", ELENA_IDEA).await?;
    room.act_for(None).await?;
    for (who, client) in [("Ana", ana), ("Bruno", bruno), ("the wall", wall)] {
        eventually(&format!("every sticker in {who}'s window"), || async {
            Ok((stickers(client).await? == (3, 3)).then_some(()))
        })
        .await?;
    }
    wait_text(wall, "[data-testid=board] .tally", "2").await?;
    // Dario drags his next green from the tray straight onto Bruno's idea.
    drag_to_card(dario, "[data-testid=tray-green]", BRUNO_IDEA).await?;
    eventually("Dario's dragged green on the wall", || async {
        Ok((stickers(wall).await? == (4, 3)).then_some(()))
    })
    .await?;

    // Ana moves her green to Bruno's idea, then back: she picks it up from the card and
    // chooses the other card.
    for (from, to) in [(ANA_IDEA, BRUNO_IDEA), (BRUNO_IDEA, ANA_IDEA)] {
        click_on_card(ana, PANEL_CARD, from, "[data-testid=sticker-green].mine").await?;
        click_item(ana, PANEL_CARD, to).await?;
        eventually(&format!("Ana's green on {to:?}"), || async {
            Ok(mine_on(ana, to)
                .await?
                .filter(|mine| *mine == 1)
                .map(|_| ()))
        })
        .await?;
    }
    // Bruno takes his back, and puts it on again.
    click(bruno, &format!("{}.mine", on_panel("green"))).await?;
    click(bruno, "[data-testid=sticker-remove]").await?;
    wait_count(bruno, "[data-testid=tray-green]", 3).await?;
    // The button went with the sticker; the focus stays in the tray, not on the page.
    let in_tray = bruno
        .execute(
            "return document.activeElement.closest('[data-testid=sticker-tray]') !== null",
            vec![],
        )
        .await?;
    assert_eq!(
        in_tray,
        serde_json::Value::Bool(true),
        "focus after taking back"
    );
    eventually("the wall to see Bruno's green go", || async {
        Ok((stickers(wall).await?.0 == 3).then_some(()))
    })
    .await?;
    place(bruno, "tray-green", ANA_IDEA).await?;
    eventually("the wall to see it back", || async {
        Ok((stickers(wall).await?.0 == 4).then_some(()))
    })
    .await?;
    let budget = text_of(ana, "[data-testid=budget]")
        .await?
        .unwrap_or_default();
    assert!(
        budget.contains("2 priority left") && budget.contains("0 commitment left"),
        "{budget}"
    );
    screenshot(ana, "5-vote-ana").await?;
    screenshot(wall, "5-vote-wall").await?;
    check_view(ana, "Ana's vote", true, false).await?;
    check_view(wall, "the wall in the vote", false, true).await?;
    check_view(bruno, "Bruno's vote", false, false).await?;
    check_view(carla, "Carla's vote, as a list", false, false).await?;
    // A smaller projector: the panel still fits, whole.
    set_viewport(wall, 1280, 720).await?;
    screenshot(wall, "5-vote-wall-720p").await?;
    check_view(wall, "the wall in the vote at 720p", false, true).await?;
    set_viewport(wall, 1920, 1080).await?;
    Ok(())
}
