//! A whole snowball workshop in real browsers: the facilitator creates it from the home
//! page, Ana and Bruno join in two windows, write private ideas, keep them as a pair,
//! watch a card the facilitator drags on the panel, vote with stickers, and the wall
//! shows the ranked results; then the report, the panel picture and the diagram open in
//! the browser and the report prints.

use anyhow::Result;
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use panneau_tests::browser::page::*;
use panneau_tests::browser::{eventually, screenshot_dir, Driver};
use panneau_tests::TestServer;
use std::time::Duration;

/// A card on the panel (the vote also lists the cards, elsewhere on the page).
const PANEL_CARD: &str = "[data-testid=board] [data-testid=card]";
const ANA_IDEA: &str = "Shared stand at trade fairs";
const BRUNO_IDEA: &str = "Joint training days for grooms";

/// The facilitator moves on with "Next" and every window follows.
async fn next_phase(facilitator: &Client, phase: &str, windows: &[&Client]) -> Result<()> {
    click(facilitator, "[data-testid=phase-next]").await?;
    wait_phase(facilitator, phase).await?;
    for window in windows {
        wait_phase(window, phase).await?;
    }
    Ok(())
}

/// The card's position as the page renders it (`left: …%; top: …%`).
async fn card_style(client: &Client, card: &str) -> Result<Option<String>> {
    attr_of(
        client,
        &format!("[data-testid=card][data-card='{card}']"),
        "style",
    )
    .await
}

/// The `left: 12.5%` of a card's style, as `12.5`.
fn left_percent(style: &str) -> Option<f32> {
    let rest = &style[style.find("left:")? + 5..];
    rest[..rest.find('%')?].trim().parse().ok()
}

#[tokio::test]
async fn a_whole_workshop_from_lobby_to_results() -> Result<()> {
    let server = TestServer::start().await;
    let mut driver = Driver::start().await?;
    // A laptop console, Ana on a phone, Bruno on a laptop, and a 1080p projector.
    let facilitator = driver.session(1366, 768).await?;
    let ana = driver.session(390, 844).await?;
    let bruno = driver.session(1366, 768).await?;
    let wall = driver.session(1920, 1080).await?;

    // The facilitator creates the workshop from the home page and lands on the console.
    facilitator.goto(&server.url("/")).await?;
    eventually("the home page", || async {
        Ok(attr_of(&facilitator, "[data-testid=import-submit]", "type")
            .await?
            .map(|_| ()))
    })
    .await?;
    screenshot(&facilitator, "0-home").await?;
    type_into(&facilitator, "[data-testid=create-title]", "Rete QM Var").await?;
    type_into(
        &facilitator,
        "[data-testid=create-question]",
        "What could the network bring you?",
    )
    .await?;
    click(&facilitator, "[data-testid=create-submit]").await?;
    let join_link = eventually("the join link", || async {
        attr_of(&facilitator, "[data-testid=join-link]", "href").await
    })
    .await?;
    let wall_link = eventually("the wall link", || async {
        attr_of(&facilitator, "[data-testid=wall-link]", "href").await
    })
    .await?;
    wait_text(&facilitator, "[data-testid=title]", "Rete QM Var").await?;
    wait_phase(&facilitator, "Lobby").await?;
    wall.goto(&wall_link).await?;

    join(&ana, &join_link, "Ana").await?;
    join(&bruno, &join_link, "Bruno").await?;
    wait_count(&facilitator, "[data-testid=participant]", 2).await?;
    wait_count(&wall, "[data-testid=participant]", 2).await?;
    // The ideas get a 12-minute countdown instead of the default.
    let ideas_minutes = facilitator
        .find(Locator::Css("[data-testid=dur-ideas]"))
        .await?;
    ideas_minutes.clear().await?;
    ideas_minutes.send_keys("12").await?;
    click(&facilitator, "[data-testid=settings-save]").await?;
    eventually("the saved countdown", || async {
        let saved = attr_of(&facilitator, "[data-testid=settings-save]", "disabled")
            .await?
            .is_some();
        let value = match facilitator
            .find(Locator::Css("[data-testid=dur-ideas]"))
            .await
        {
            Ok(el) => el.prop("value").await.ok().flatten(),
            Err(_) => None,
        };
        Ok((saved && value.as_deref() == Some("12")).then_some(()))
    })
    .await?;
    // The report's heading, from the lobby; a draft of the outputs is already there.
    type_into(&facilitator, "[data-testid=detail-place]", "Bras").await?;
    type_into(
        &facilitator,
        "[data-testid=detail-organiser]",
        "CCI France-Italie",
    )
    .await?;
    click(&facilitator, "[data-testid=details-save]").await?;
    eventually("the saved details", || async {
        Ok(
            attr_of(&facilitator, "[data-testid=details-save]", "disabled")
                .await?
                .map(|_| ()),
        )
    })
    .await?;
    let draft = eventually("the draft report link", || async {
        attr_of(&facilitator, "[data-testid='output-report.html']", "href").await
    })
    .await?;
    assert!(draft.contains("?key="), "{draft}");
    // The workshop's language: the report follows it, and back.
    let report_says = |wanted: &'static str| {
        let path = draft.clone();
        async move {
            eventually(&format!("the report to say {wanted}"), || {
                let path = path.clone();
                async move {
                    let page = panneau_tests::http_raw(server.addr, "GET", &path, None).await?;
                    Ok(String::from_utf8_lossy(&page.body)
                        .contains(wanted)
                        .then_some(()))
                }
            })
            .await
        }
    };
    click(&facilitator, "[data-testid=workshop-lang] option[value=it]").await?;
    report_says("Elenco presenze").await?;
    click(&facilitator, "[data-testid=workshop-lang] option[value=en]").await?;
    report_says("Attendance list").await?;
    screenshot(&facilitator, "1-lobby-facilitator").await?;
    check_view(&facilitator, "the console in the lobby", false, false).await?;
    // The wall followed the language back and forth (it reloads to do so): its welcome
    // screen, with the QR code drawn.
    wait_phase(&wall, "Lobby").await?;
    wait_count(&wall, "[data-testid=welcome]", 1).await?;
    eventually("the QR code drawn", || async {
        let drawn = wall
            .execute(
                "const qr = document.querySelector('[data-testid=join-qr]'); \
                 return !!qr && qr.complete && qr.naturalWidth > 0;",
                Vec::new(),
            )
            .await?;
        Ok(drawn.as_bool().unwrap_or(false).then_some(()))
    })
    .await?;
    wait_text(&wall, "[data-testid=connected]", "2 people connected").await?;
    screenshot(&wall, "1-lobby-wall").await?;
    check_view(&wall, "the lobby wall", false, true).await?;

    // Through the round table to the ideas, alone.
    let everyone = [&ana, &bruno, &wall];
    next_phase(&facilitator, "Round table", &everyone).await?;
    next_phase(&facilitator, "Ideas (alone)", &everyone).await?;
    eventually("the ideas' 12-minute countdown", || async {
        let minutes = attr_of(&facilitator, "[data-testid=timer-minutes]", "placeholder").await?;
        Ok((minutes.as_deref() == Some("12")).then_some(()))
    })
    .await?;
    type_into(&ana, "[data-testid=idea-input]", ANA_IDEA).await?;
    click(&ana, "[data-testid=idea-add]").await?;
    type_into(&bruno, "[data-testid=idea-input]", BRUNO_IDEA).await?;
    click(&bruno, "[data-testid=idea-add]").await?;
    wait_text(&ana, "[data-testid=idea] [data-testid=card-text]", ANA_IDEA).await?;
    wait_text(
        &bruno,
        "[data-testid=idea] [data-testid=card-text]",
        BRUNO_IDEA,
    )
    .await?;
    wait_text(&ana, "[data-testid=idea-count]", "1 of 3").await?;
    // Once the facilitator has seen both ideas arrive, each was sent to everyone allowed
    // to see it: neither participant has the other's.
    eventually("both ideas counted on the console", || async {
        let progress = text_of(&facilitator, "[data-testid=ideas-progress]").await?;
        Ok(progress.filter(|p| p.matches("1 of 3").count() == 2))
    })
    .await?;
    let (ana_sees, bruno_sees) = (page_text(&ana).await?, page_text(&bruno).await?);
    assert!(!ana_sees.contains(BRUNO_IDEA), "Ana sees Bruno's idea");
    assert!(!bruno_sees.contains(ANA_IDEA), "Bruno sees Ana's idea");
    assert!(!page_text(&wall).await?.contains(ANA_IDEA));
    screenshot(&ana, "2-ideas-ana").await?;
    check_view(&ana, "Ana's ideas", true, false).await?;

    // Pairs: the groups form by themselves; Ana and Bruno share one pool.
    next_phase(&facilitator, "Pairs", &everyone).await?;
    for window in [&ana, &bruno] {
        wait_count(window, "[data-testid=pool-card]", 2).await?;
        let pool = text_of(window, "[data-testid=pool]")
            .await?
            .unwrap_or_default();
        assert!(
            pool.contains(ANA_IDEA) && pool.contains(BRUNO_IDEA),
            "{pool}"
        );
    }
    // The facilitator sets the pair's quota to 1 by hand, then puts it back to the scaled 4
    // (capped by the two cards of the pool).
    let quota = facilitator
        .find(Locator::Css("[data-testid=group-quota]"))
        .await?;
    quota.clear().await?;
    quota.send_keys("1\u{e004}").await?;
    wait_text(&ana, "[data-testid=kept-count]", "Kept 0 of 1").await?;
    screenshot(&facilitator, "3-pairs-facilitator").await?;
    check_view(&facilitator, "the console in the pairs", false, false).await?;
    click(&facilitator, "[data-testid=quota-reset]").await?;
    wait_text(&ana, "[data-testid=kept-count]", "Kept 0 of 2").await?;
    click_on_card(
        &ana,
        "[data-testid=pool-card]",
        ANA_IDEA,
        "[data-testid=keep]",
    )
    .await?;
    click_on_card(
        &bruno,
        "[data-testid=pool-card]",
        BRUNO_IDEA,
        "[data-testid=keep]",
    )
    .await?;
    wait_text(&ana, "[data-testid=kept-count]", "Kept 2 of 2").await?;
    click(&ana, "[data-testid=group-done]").await?;
    for window in [&ana, &bruno] {
        wait_text(window, "[data-testid=group-state]", "Done ✓").await?;
    }
    wait_text(&wall, "[data-testid=groups-done]", "1 of 1 groups done").await?;
    screenshot(&bruno, "3-pairs-bruno").await?;
    screenshot(&wall, "3-pairs-wall").await?;
    check_view(&wall, "the wall in the pairs", false, true).await?;
    check_view(&bruno, "Bruno's pair", false, false).await?;

    // Skip the fours: straight to the plenary, where both kept cards reach the panel.
    eventually("the phase picker to jump to the plenary", || async {
        match facilitator
            .find(Locator::Css("[data-testid=phase-select]"))
            .await
        {
            Ok(select) => Ok(select.select_by_value("plenary").await.ok()),
            Err(_) => Ok(None),
        }
    })
    .await?;
    wait_phase(&facilitator, "Plenary").await?;
    // The cards wait in the tray until they are presented; without fours, the facilitator
    // brings them all at once.
    for window in [&facilitator, &ana, &bruno, &wall] {
        wait_phase(window, "Plenary").await?;
        eventually("the tray to hold the pair's 2 cards", || async {
            let tray = text_of(window, "[data-testid=tray]").await?;
            Ok(tray.filter(|t| t.contains("Pair 1") && t.contains("2 cards")))
        })
        .await?;
        assert_eq!(count(window, "[data-testid=card]").await?, 0);
    }
    click(&facilitator, "[data-testid=bring-all]").await?;
    for window in [&facilitator, &ana, &bruno, &wall] {
        wait_count(window, "[data-testid=card]", 2).await?;
    }
    // One card goes under the first theme, chosen by name: it moves into that theme's
    // area, on every screen at the same logical place.
    eventually("a theme for Ana's card", || async {
        for row in facilitator
            .find_all(Locator::Css("[data-testid=panel-card-row]"))
            .await?
        {
            if row.text().await.is_ok_and(|t| t.contains(ANA_IDEA)) {
                if let Ok(select) = row.find(Locator::Css("[data-testid=card-theme]")).await {
                    return Ok(select.select_by_index(1).await.ok());
                }
            }
        }
        Ok(None)
    })
    .await?;
    let ana_card = eventually("Ana's card on the panel", || async {
        for el in facilitator
            .find_all(Locator::Css("[data-testid=card]"))
            .await?
        {
            if el.text().await.is_ok_and(|t| t.contains(ANA_IDEA)) {
                return Ok(el.attr("data-card").await?);
            }
        }
        Ok(None)
    })
    .await?;
    eventually(
        "the wall to show Ana's card where the facilitator has it",
        || async {
            let (f, w) = (
                card_style(&facilitator, &ana_card).await?,
                card_style(&wall, &ana_card).await?,
            );
            // In the first theme's area, right of the "no theme yet" area (240 of 1600).
            let in_theme = f
                .as_deref()
                .and_then(left_percent)
                .is_some_and(|left| left >= 15.0);
            Ok((f.is_some() && f == w && in_theme).then_some(()))
        },
    )
    .await?;
    assert!(text_of(&wall, "[data-testid=area]")
        .await?
        .is_some_and(|t| t.starts_with("Promotion")));

    // The facilitator grabs a card and moves it without letting go: Ana sees it move live.
    let card = attr_of(&facilitator, "[data-testid=card]", "data-card")
        .await?
        .expect("a card on the panel");
    let start = eventually("the card in Ana's window", || async {
        card_style(&ana, &card).await
    })
    .await?;
    let grab = |element| {
        MouseActions::new("facilitator-mouse".into())
            .then(PointerAction::MoveToElement {
                element,
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
    let selector = format!("[data-testid=card][data-card='{card}']");
    // If the card is re-rendered between finding it and grabbing it, grab it again.
    eventually("the facilitator to grab the card", || async {
        let Ok(element) = facilitator.find(Locator::Css(&selector)).await else {
            return Ok(None);
        };
        // Editing the themes below the panel may have scrolled it out of view.
        let script = "arguments[0].scrollIntoView({block: 'start'})";
        if facilitator
            .execute(script, vec![serde_json::to_value(&element)?])
            .await
            .is_err()
        {
            return Ok(None);
        }
        if facilitator.perform_actions(grab(element)).await.is_ok() {
            return Ok(Some(()));
        }
        let _ = facilitator.release_actions().await;
        Ok(None)
    })
    .await?;
    eventually("Ana to see the card move while it is dragged", || async {
        Ok(card_style(&ana, &card).await?.filter(|s| *s != start))
    })
    .await?;
    screenshot(&facilitator, "4-plenary-facilitator-dragging").await?;
    let release = MouseActions::new("facilitator-mouse".into()).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    facilitator.perform_actions(release).await?;
    facilitator.release_actions().await?;
    eventually("both windows to agree on the drop", || async {
        let (f, a) = (
            card_style(&facilitator, &card).await?,
            card_style(&ana, &card).await?,
        );
        Ok((f.is_some() && f == a && a.as_deref() != Some(start.as_str())).then_some(()))
    })
    .await?;
    screenshot(&ana, "4-plenary-ana").await?;
    screenshot(&wall, "4-plenary-wall").await?;
    check_view(&ana, "Ana's panel", true, false).await?;
    check_view(&wall, "the wall's panel", false, true).await?;
    check_view(&bruno, "Bruno's panel", false, false).await?;
    check_view(&facilitator, "the console's panel", false, false).await?;

    // The vote, on the panel: take a sticker from the tray, then choose a card. Two greens
    // and Ana's commitment on her idea; nobody commits to Bruno's.
    next_phase(&facilitator, "Vote", &everyone).await?;
    for window in [&ana, &bruno, &wall] {
        wait_count(window, "[data-testid=board] [data-testid=card]", 2).await?;
    }
    wait_count(&ana, "[data-testid=tray-green]", 3).await?;
    for (window, sticker) in [
        (&bruno, "[data-testid=tray-green]"),
        (&ana, "[data-testid=tray-green]"),
        (&ana, "[data-testid=tray-red]"),
    ] {
        click(window, sticker).await?;
        wait_text(
            window,
            "[data-testid=vote-hint]",
            "Now choose the card to put it on.",
        )
        .await?;
        click_item(window, PANEL_CARD, ANA_IDEA).await?;
    }
    let on_panel = |color: &str| format!("[data-testid=board] [data-testid=sticker-{color}]");
    for (who, window) in [("Ana", &ana), ("Bruno", &bruno), ("the wall", &wall)] {
        eventually(&format!("every sticker in {who}'s window"), || async {
            let green = count(window, &on_panel("green")).await?;
            let red = count(window, &on_panel("red")).await?;
            Ok((green == 2 && red == 1).then_some(()))
        })
        .await?;
    }
    wait_text(&wall, "[data-testid=board] .tally", "2").await?;
    // Ana moves her green to Bruno's idea, then back: she picks it up from the card and
    // chooses the other card.
    for (from, to) in [(ANA_IDEA, BRUNO_IDEA), (BRUNO_IDEA, ANA_IDEA)] {
        click_on_card(
            &ana,
            "[data-testid=board] [data-testid=card]",
            from,
            "[data-testid=sticker-green].mine",
        )
        .await?;
        click_item(&ana, PANEL_CARD, to).await?;
        eventually(&format!("Ana's green on {to:?}"), || async {
            for el in ana
                .find_all(Locator::Css("[data-testid=board] [data-testid=card]"))
                .await?
            {
                if el.text().await.is_ok_and(|t| t.contains(to)) {
                    let mine = el
                        .find_all(Locator::Css("[data-testid=sticker-green].mine"))
                        .await
                        .map_or(0, |m| m.len());
                    return Ok((mine == 1).then_some(()));
                }
            }
            Ok(None)
        })
        .await?;
    }
    // Bruno takes his back, and puts it on again.
    click(
        &bruno,
        "[data-testid=board] [data-testid=sticker-green].mine",
    )
    .await?;
    click(&bruno, "[data-testid=sticker-remove]").await?;
    wait_count(&bruno, "[data-testid=tray-green]", 3).await?;
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
        Ok((count(&wall, &on_panel("green")).await? == 1).then_some(()))
    })
    .await?;
    click(&bruno, "[data-testid=tray-green]").await?;
    click_item(&bruno, PANEL_CARD, ANA_IDEA).await?;
    eventually("the wall to see it back", || async {
        Ok((count(&wall, &on_panel("green")).await? == 2).then_some(()))
    })
    .await?;
    let budget = text_of(&ana, "[data-testid=budget]")
        .await?
        .unwrap_or_default();
    assert!(
        budget.contains("2 priority left") && budget.contains("0 commitment left"),
        "{budget}"
    );
    screenshot(&ana, "5-vote-ana").await?;
    screenshot(&wall, "5-vote-wall").await?;
    check_view(&ana, "Ana's vote", true, false).await?;
    check_view(&wall, "the wall in the vote", false, true).await?;
    check_view(&bruno, "Bruno's vote", false, false).await?;
    // A smaller projector: the panel still fits, whole.
    set_viewport(&wall, 1280, 720).await?;
    screenshot(&wall, "5-vote-wall-720p").await?;
    check_view(&wall, "the wall in the vote at 720p", false, true).await?;
    set_viewport(&wall, 1920, 1080).await?;

    // Results: the wall ranks Ana's idea first, with its owner; Bruno's has none yet.
    next_phase(&facilitator, "Results", &everyone).await?;
    wait_count(&wall, "[data-testid=result-card]", 2).await?;
    let first = wall
        .find(Locator::Css("[data-testid=result-card]"))
        .await?
        .text()
        .await?;
    assert!(
        first.contains(ANA_IDEA) && first.contains("#1") && first.contains("Ana"),
        "{first}"
    );
    let unowned = text_of(&wall, ".result.unowned").await?.unwrap_or_default();
    assert!(
        unowned.contains(BRUNO_IDEA) && unowned.contains("No owner yet"),
        "{unowned}"
    );
    screenshot(&wall, "6-results-wall").await?;
    check_view(&wall, "the wall's results", false, true).await?;

    // The facilitator writes the synthesis; everyone gets the outputs in one click.
    type_into(
        &facilitator,
        "[data-testid=synthesis]",
        "The members want a shared stand first.",
    )
    .await?;
    click(&facilitator, "[data-testid=synthesis-save]").await?;
    eventually("the saved synthesis", || async {
        Ok(
            attr_of(&facilitator, "[data-testid=synthesis-save]", "disabled")
                .await?
                .map(|_| ()),
        )
    })
    .await?;
    screenshot(&facilitator, "6-results-facilitator").await?;
    check_view(&facilitator, "the console's results", false, false).await?;
    let report = eventually("Ana's report link", || async {
        attr_of(&ana, "[data-testid='output-report.html']", "href").await
    })
    .await?;
    assert!(!report.contains("key="), "{report}");
    screenshot(&ana, "6-results-ana").await?;
    check_view(&ana, "Ana's results", true, false).await?;
    let picture = |file: &'static str| {
        let ana = &ana;
        async move {
            eventually(&format!("Ana's {file} link"), || async {
                attr_of(ana, &format!("[data-testid='output-{file}']"), "href").await
            })
            .await
        }
    };
    let (panel_svg, plan_svg) = (picture("panel.svg").await?, picture("plan.svg").await?);
    assert!(picture("actions.csv").await?.ends_with("/actions.csv"));

    // The report: the attendance, the plan with its owner and the unowned action, the
    // synthesis; and it prints as a PDF of several A4 pages.
    wall.goto(&report).await?;
    wait_count(&wall, "[data-testid=attendee]", 2).await?;
    let text = page_text(&wall).await?;
    for expected in [
        "Bras",
        "CCI France-Italie",
        ANA_IDEA,
        BRUNO_IDEA,
        "No owner yet",
        "The members want a shared stand first.",
    ] {
        assert!(text.contains(expected), "the report shows {expected}");
    }
    screenshot(&wall, "7-report").await?;
    let pdf = wall
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    assert!(pdf.starts_with(b"%PDF"));
    let count = |needle: &[u8]| pdf.windows(needle.len()).filter(|w| w == &needle).count();
    let pages = count(b"/Type /Page") - count(b"/Type /Pages");
    assert!(pages >= 3, "the printed report has {pages} pages");
    std::fs::write(screenshot_dir().join("7-report.pdf"), &pdf)?;

    // The pictures open in the browser, text and all.
    ana.goto(&panel_svg).await?;
    let shown = ana
        .execute("return document.documentElement.textContent", Vec::new())
        .await?;
    assert!(shown.as_str().unwrap_or("").contains(ANA_IDEA));
    screenshot(&ana, "8-panel-svg").await?;
    ana.goto(&plan_svg).await?;
    let shown = ana
        .execute("return document.documentElement.textContent", Vec::new())
        .await?;
    assert!(shown.as_str().unwrap_or("").contains("No owner yet"));
    screenshot(&ana, "8-plan-svg").await?;

    // The workshop file starts a follow-up from the home page: a new console, in the
    // lobby, with the same two people listed.
    let export = panneau_tests::http_raw(
        server.addr,
        "GET",
        &report.replace("report.html", "workshop.json"),
        None,
    )
    .await?;
    assert_eq!(export.status, 200);
    let file = screenshot_dir().join("workshop.json");
    std::fs::write(&file, &export.body)?;
    bruno.goto(&server.url("/")).await?;
    let input = eventually("the import form", || async {
        Ok(bruno
            .find(Locator::Css("[data-testid=import-file]"))
            .await
            .ok())
    })
    .await?;
    input
        .send_keys(&file.canonicalize()?.to_string_lossy())
        .await?;
    click(&bruno, "[data-testid=import-follow-up]").await?;
    click(&bruno, "[data-testid=import-submit]").await?;
    wait_phase(&bruno, "Lobby").await?;
    wait_count(&bruno, "[data-testid=participant]", 2).await?;
    assert!(bruno
        .current_url()
        .await?
        .as_str()
        .contains("/facilitate#key="));

    for client in [facilitator, ana, bruno, wall] {
        client.close().await?;
    }
    server.stop().await;
    Ok(())
}
