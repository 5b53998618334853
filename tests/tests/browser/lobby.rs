//! The lobby: the facilitator creates the workshop from the home page and sets it up, four
//! people join from the link, four more are added without a device, and the wall is the
//! welcome screen with its QR code.

use super::Room;
use anyhow::Result;
use fantoccini::Locator;
use panneau_tests::browser::page::*;
use panneau_tests::browser::{eventually, Driver};
use panneau_tests::TestServer;

/// The people who come without a device; the facilitator adds them and acts for Elena.
pub const WITHOUT_DEVICE: [&str; 4] = ["Elena", "Fabio", "Gina", "Hugo"];

pub async fn open(server: TestServer, driver: &mut Driver) -> Result<Room> {
    let facilitator = driver.session(1366, 768).await?;
    let ana = driver.session(390, 844).await?;
    let bruno = driver.session(1366, 768).await?;
    let carla = driver.session(1366, 768).await?;
    let dario = driver.session(1366, 768).await?;
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
    check_view(&facilitator, "the home page", false, false).await?;
    set_viewport(&ana, 390, 844).await?;
    ana.goto(&server.url("/")).await?;
    wait_count(&ana, "[data-testid=create-title]", 1).await?;
    screenshot(&ana, "0-home-phone").await?;
    check_view(&ana, "the home page on a phone", true, false).await?;
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

    // Ana looks at the join form on her phone before filling it in.
    ana.goto(&join_link).await?;
    wait_count(&ana, "[data-testid=join-name]", 1).await?;
    // Her phone loaded a participant's bundle, and neither the console's nor the wall's;
    // the wall its own.
    let ana_loaded = loaded(&ana).await?;
    anyhow::ensure!(
        ana_loaded.iter().any(|p| p.starts_with("/client_bg-"))
            && !ana_loaded
                .iter()
                .any(|p| p.starts_with("/console") || p.starts_with("/wall")),
        "a participant's page loaded {ana_loaded:?}"
    );
    let wall_loaded = loaded(&wall).await?;
    anyhow::ensure!(
        wall_loaded.iter().any(|p| p.starts_with("/wall_bg-"))
            && !wall_loaded
                .iter()
                .any(|p| p.starts_with("/console") || p.starts_with("/client")),
        "the wall loaded {wall_loaded:?}"
    );
    screenshot(&ana, "1-join-ana").await?;
    check_view(&ana, "the join form", true, false).await?;
    for (client, name) in [
        (&ana, "Ana"),
        (&bruno, "Bruno"),
        (&carla, "Carla"),
        (&dario, "Dario"),
    ] {
        join(client, &join_link, name).await?;
    }
    // Ana's link to continue on another device, sent to Bruno by mistake: his browser asks
    // before becoming Ana's, and he stays himself.
    let ana_link = eventually("Ana's link for another device", || async {
        attr_of(&ana, "[data-testid=device-link]", "value").await
    })
    .await?;
    // (Opened afresh, as from a chat: the same page with a new fragment would not reload.)
    bruno.goto("about:blank").await?;
    bruno.goto(&ana_link).await?;
    wait_count(&bruno, "[data-testid=link-check]", 1).await?;
    let asked = text_of(&bruno, "[data-testid=link-check]")
        .await?
        .unwrap_or_default();
    assert!(asked.contains("Ana"), "{asked}");
    assert_eq!(
        count(&bruno, "[data-testid=me]").await?,
        0,
        "a place shows before consent"
    );
    screenshot(&bruno, "1-link-check-bruno").await?;
    check_view(&bruno, "a link asking first", false, false).await?;
    click(&bruno, "[data-testid=link-refuse]").await?;
    wait_text(&bruno, "[data-testid=me]", "Bruno").await?;
    // Four more people without a phone: the facilitator adds them, in the order they
    // sit, after the four who joined.
    for (i, name) in WITHOUT_DEVICE.into_iter().enumerate() {
        type_into(&facilitator, "[data-testid=proxy-name]", name).await?;
        click(&facilitator, "[data-testid=proxy-add]").await?;
        wait_count(&facilitator, "[data-testid=participant]", 5 + i).await?;
    }
    wait_count(&wall, "[data-testid=participant]", 8).await?;
    // A duplicate added by mistake is taken off the board (asked twice), and the door
    // closes once everyone is in.
    type_into(&facilitator, "[data-testid=proxy-name]", "Hugo (again)").await?;
    click(&facilitator, "[data-testid=proxy-add]").await?;
    wait_count(&wall, "[data-testid=participant]", 9).await?;
    click_on_card(
        &facilitator,
        "[data-testid=participant]",
        "Hugo (again)",
        "[data-testid=remove-person]",
    )
    .await?;
    click(&facilitator, "[data-testid=remove-person-yes]").await?;
    wait_count(&wall, "[data-testid=participant]", 8).await?;
    click(&facilitator, "[data-testid=door-toggle]").await?;
    wait_text(
        &facilitator,
        "[data-testid=door] .hint",
        "The door is closed: nobody new can join.",
    )
    .await?;

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
        let (path, server) = (draft.clone(), &server);
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
    // screen, with the QR code drawn and everyone's name.
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
    wait_count(&wall, "[data-testid=participant]", 8).await?;
    // Those without a device are listed, not counted as connected.
    wait_text(&wall, "[data-testid=connected]", "4 people connected").await?;
    screenshot(&wall, "1-lobby-wall").await?;
    check_view(&wall, "the lobby wall", false, true).await?;
    screenshot(&ana, "1-lobby-ana").await?;
    check_view(&ana, "Ana's lobby", true, false).await?;

    Ok(Room {
        server,
        facilitator,
        ana,
        bruno,
        carla,
        dario,
        wall,
    })
}

/// The paths of everything a page has fetched so far.
async fn loaded(client: &fantoccini::Client) -> Result<Vec<String>> {
    let paths = client
        .execute(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(paths)?)
}
