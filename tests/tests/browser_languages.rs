//! The screens in other languages, in real browsers: a workshop held in Italian, whose
//! wall follows it, and a participant on a phone who reads French — the phases, her
//! sticker budget and a refusal in French.

use anyhow::Result;
use fantoccini::Client;
use panneau_shared::i18n::refusal;
use panneau_shared::{Command, Detail, Lang, Phase, StickerColor};
use panneau_tests::browser::page::*;
use panneau_tests::browser::{eventually, Driver};
use panneau_tests::{http, CreatedWorkshop, TestServer};

/// The language the page declares (`<html lang>`).
async fn page_lang(client: &Client) -> Result<String> {
    let lang = client
        .execute("return document.documentElement.lang", Vec::new())
        .await?;
    Ok(lang.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn a_french_participant_beside_an_italian_wall() -> Result<()> {
    let (it, fr) = (Lang::It, Lang::Fr);
    let server = TestServer::start().await;
    let body = serde_json::json!({
        "title": "Rete QM Var",
        "question": "Cosa potrebbe portarvi la rete?",
        "lang": "it",
        "settings": {"ideas_per_person": 1, "green": 1, "red": 1},
    })
    .to_string();
    let (status, answer) = http(server.addr, "POST", "/api/workshops", Some(&body)).await?;
    assert_eq!(status, 201, "{answer}");
    let created: CreatedWorkshop = serde_json::from_str(&answer)?;
    let code = &created.code;
    let mut facilitator = server.facilitator(&created).await;

    let mut driver = Driver::start().await?;
    let wall = driver.session(1600, 900).await?;
    let claire = driver.session(390, 844).await?;

    // The wall speaks the workshop's language; Claire chose French.
    wall.goto(&server.url(&format!("/b/{code}/wall"))).await?;
    wait_phase(&wall, it.common().phases[Phase::Lobby as usize]).await?;
    assert_eq!(page_lang(&wall).await?, "it");
    join(
        &claire,
        &server.url(&format!("/b/{code}?lang=fr")),
        "Claire",
    )
    .await?;
    wait_phase(&claire, fr.common().phases[Phase::Lobby as usize]).await?;
    assert_eq!(page_lang(&claire).await?, "fr");
    screenshot(&claire, "lang-1-lobby-claire-fr").await?;
    screenshot(&wall, "lang-1-lobby-wall-it").await?;

    // Her idea, then straight to the vote: a skipped round keeps every idea.
    facilitator.set_phase(Phase::Ideas).await;
    wait_phase(&claire, fr.common().phases[Phase::Ideas as usize]).await?;
    wait_phase(&wall, it.common().phases[Phase::Ideas as usize]).await?;
    type_into(
        &claire,
        "[data-testid=idea-input]",
        "Un stand commun aux salons",
    )
    .await?;
    click(&claire, "[data-testid=idea-add]").await?;
    wait_count(&claire, "[data-testid=idea]", 1).await?;
    screenshot(&claire, "lang-2-ideas-claire-fr").await?;
    screenshot(&wall, "lang-2-ideas-wall-it").await?;
    facilitator.set_phase(Phase::Plenary).await;
    facilitator
        .command(Command::SetPhase { phase: Phase::Vote })
        .await
        .expect("the vote opens");
    wait_phase(&claire, fr.common().phases[Phase::Vote as usize]).await?;
    wait_phase(&wall, it.common().phases[Phase::Vote as usize]).await?;

    // Her one green sticker, tapped twice in a row on the list of cards (whose buttons
    // stay for whoever prefers them): the second tap leaves before the first is answered,
    // so the server refuses it, in French, with its number; then the button is disabled.
    click(&claire, "[data-testid=as-list] summary").await?;
    claire
        .execute(
            "const add = document.querySelector('[data-testid=add-green]'); \
             add.click(); add.click();",
            Vec::new(),
        )
        .await?;
    let none_left = Lang::Fr.count(&fr.common().priority_left, 0);
    eventually("the budget spent", || async {
        let budget = text_of(&claire, "[data-testid=budget]").await?;
        Ok(budget.filter(|b| b.contains(none_left.trim())).map(|_| ()))
    })
    .await?;
    eventually("the button disabled", || async {
        Ok(attr_of(&claire, "[data-testid=add-green]", "disabled")
            .await?
            .map(|_| ()))
    })
    .await?;
    let spent = Detail::StickersPlaced {
        color: StickerColor::Green,
        budget: 1,
    };
    // WebDriver reads no-break spaces as spaces, and the screen makes it a sentence.
    let plain = |s: &str| s.replace('\u{a0}', " ").to_lowercase();
    let said = plain(&refusal::detail(Lang::Fr, &spent));
    let shown = eventually("a refusal", || async {
        text_of(&claire, "[data-testid=notice] span").await
    })
    .await?;
    assert!(
        plain(&shown).starts_with(&said),
        "{shown:?} is not {said:?}"
    );
    screenshot(&claire, "lang-3-vote-claire-fr").await?;
    screenshot(&wall, "lang-3-vote-wall-it").await?;

    // Nothing on either screen is left in English.
    let claire_text = page_text(&claire).await?;
    let wall_text = page_text(&wall).await?;
    for english in [
        "priority left",
        "commitment left",
        "Your ideas",
        "Connecting",
        "Join at",
    ] {
        assert!(
            !claire_text.contains(english),
            "Claire's page says {english:?}"
        );
        assert!(!wall_text.contains(english), "the wall says {english:?}");
    }

    for client in [wall, claire] {
        client.close().await?;
    }
    server.stop().await;
    Ok(())
}
