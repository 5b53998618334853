//! The outcome: the ranked results on the wall beside the panel, the synthesis, the report
//! (on screen and printed), the pictures, and a follow-up workshop started from the
//! workshop's file.

use super::{Room, ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, ELENA_IDEA};
use anyhow::Result;
use fantoccini::Locator;
use panneau_tests::browser::page::*;
use panneau_tests::browser::{eventually, screenshot_dir};

pub async fn results_and_outputs(room: &Room) -> Result<()> {
    let Room {
        server,
        facilitator,
        ana,
        bruno,
        wall,
        ..
    } = room;
    // Results: the wall ranks Ana's idea first, with its owner; Elena's second, hers;
    // Bruno's has nobody committed.
    room.next_phase("Results").await?;
    wait_count(wall, "[data-testid=result-card]", 4).await?;
    let ranked = wall
        .find_all(Locator::Css("[data-testid=result-card]"))
        .await?;
    let (first, second) = (ranked[0].text().await?, ranked[1].text().await?);
    assert!(
        first.contains(ANA_IDEA) && first.contains("#1") && first.contains("Ana"),
        "{first}"
    );
    assert!(
        second.contains(ELENA_IDEA) && second.contains("#2") && second.contains("Elena"),
        "{second}"
    );
    let unowned = wall.find_all(Locator::Css(".result.unowned")).await?;
    assert_eq!(unowned.len(), 1);
    let unowned = unowned[0].text().await?;
    assert!(
        unowned.contains(BRUNO_IDEA) && unowned.contains("No owner yet"),
        "{unowned}"
    );
    screenshot(wall, "6-results-wall").await?;
    check_view(wall, "the wall's results", false, true).await?;

    // Ana continues on Dario's laptop with her link: once she says it is her, it is.
    let ana_link = eventually("Ana's link for another device", || async {
        attr_of(ana, "[data-testid=device-link]", "value").await
    })
    .await?;
    room.dario.goto("about:blank").await?;
    room.dario.goto(&ana_link).await?;
    click(&room.dario, "[data-testid=link-accept]").await?;
    wait_text(&room.dario, "[data-testid=me]", "Ana").await?;
    wait_count(&room.dario, "[data-testid=result-card]", 4).await?;

    // The facilitator writes the synthesis; everyone gets the outputs in one click.
    type_into(
        facilitator,
        "[data-testid=synthesis]",
        "The members want a shared stand first.",
    )
    .await?;
    click(facilitator, "[data-testid=synthesis-save]").await?;
    eventually("the saved synthesis", || async {
        Ok(
            attr_of(facilitator, "[data-testid=synthesis-save]", "disabled")
                .await?
                .map(|_| ()),
        )
    })
    .await?;
    screenshot(facilitator, "6-results-facilitator").await?;
    check_view(facilitator, "the console's results", false, false).await?;
    let report = eventually("Ana's report link", || async {
        attr_of(ana, "[data-testid='output-report.html']", "href").await
    })
    .await?;
    assert!(!report.contains("key="), "{report}");
    screenshot(ana, "6-results-ana").await?;
    check_view(ana, "Ana's results", true, false).await?;
    let picture = |file: &'static str| async move {
        eventually(&format!("Ana's {file} link"), || async {
            attr_of(ana, &format!("[data-testid='output-{file}']"), "href").await
        })
        .await
    };
    let (panel_svg, plan_svg) = (picture("panel.svg").await?, picture("plan.svg").await?);
    assert!(picture("actions.csv").await?.ends_with("/actions.csv"));

    // The report: everyone who came, the plan with its owners and the unowned action, the
    // synthesis; and it prints as a PDF of several A4 pages.
    wall.goto(&report).await?;
    wait_count(wall, "[data-testid=attendee]", 8).await?;
    let text = page_text(wall).await?;
    for expected in [
        "Bras",
        "CCI France-Italie",
        "Hugo",
        ANA_IDEA,
        BRUNO_IDEA,
        CARLA_IDEA,
        ELENA_IDEA,
        "No owner yet",
        "The members want a shared stand first.",
    ] {
        assert!(text.contains(expected), "the report shows {expected}");
    }
    screenshot(wall, "7-report").await?;
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
    screenshot(ana, "8-panel-svg").await?;
    ana.goto(&plan_svg).await?;
    let shown = ana
        .execute("return document.documentElement.textContent", Vec::new())
        .await?;
    assert!(shown.as_str().unwrap_or("").contains("No owner yet"));
    screenshot(ana, "8-plan-svg").await?;

    // The workshop file starts a follow-up from the home page: a new console, in the
    // lobby, with the same eight people listed.
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
    click(bruno, "[data-testid=import-follow-up]").await?;
    click(bruno, "[data-testid=import-submit]").await?;
    wait_phase(bruno, "Lobby").await?;
    wait_count(bruno, "[data-testid=participant]", 8).await?;
    assert!(bruno
        .current_url()
        .await?
        .as_str()
        .contains("/facilitate#key="));
    screenshot(bruno, "9-follow-up-console").await?;

    // That follow-up was a try: its facilitator deletes it, and is back home.
    click(bruno, "[data-testid=delete-workshop]").await?;
    click(bruno, "[data-testid=delete-confirm]").await?;
    eventually("the home page after deleting", || async {
        Ok(attr_of(bruno, "[data-testid=import-submit]", "type")
            .await?
            .map(|_| ()))
    })
    .await?;
    Ok(())
}
