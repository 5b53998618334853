//! The rounds: the round table, ideas alone (the facilitator writing Elena's), the pairs and
//! the fours formed in join order, each keeping its quota — the fours drop Dario's idea —
//! and Elena's groups played from the console.

use super::{Room, ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, DARIO_IDEA, ELENA_IDEA};
use anyhow::Result;
use fantoccini::{Client, Locator};
use panneau_tests::browser::eventually;
use panneau_tests::browser::page::*;

/// On the console, clicks `button` in the group of the round that `member` belongs to,
/// inside the card reading `card` when one is named. The group's cards are folded: this
/// unfolds them first.
async fn in_group(
    facilitator: &Client,
    member: &str,
    card: Option<&str>,
    button: &str,
) -> Result<()> {
    eventually(&format!("{button} in {member}'s group"), || async {
        for group in facilitator
            .find_all(Locator::Css("[data-testid=group]"))
            .await?
        {
            let Ok(members) = group.find(Locator::Css(".members")).await else {
                continue;
            };
            if !members.text().await.is_ok_and(|t| t.contains(member)) {
                continue;
            }
            if let Ok(folded) = group
                .find(Locator::Css("details:not([open]) summary"))
                .await
            {
                let _ = folded.click().await;
            }
            let scope = match card {
                None => group,
                Some(text) => {
                    let mut found = None;
                    for tile in group
                        .find_all(Locator::Css("[data-testid=pool-card]"))
                        .await?
                    {
                        if tile.text().await.is_ok_and(|t| t.contains(text)) {
                            found = Some(tile);
                        }
                    }
                    match found {
                        Some(tile) => tile,
                        None => return Ok(None),
                    }
                }
            };
            return match scope.find(Locator::Css(button)).await {
                Ok(target) => Ok(target.click().await.ok()),
                Err(_) => Ok(None),
            };
        }
        Ok(None)
    })
    .await
}

/// Waits until `client`'s pool holds exactly the cards reading `texts`.
async fn wait_pool(client: &Client, texts: &[&str]) -> Result<()> {
    eventually(&format!("a pool of {texts:?}"), || async {
        let tiles = client
            .find_all(Locator::Css("[data-testid=pool-card]"))
            .await?;
        let pool = text_of(client, "[data-testid=pool]")
            .await?
            .unwrap_or_default();
        Ok((tiles.len() == texts.len() && texts.iter().all(|t| pool.contains(t))).then_some(()))
    })
    .await
}

/// The facilitator sets the quota of the first group listed (typed, then Enter).
async fn set_first_quota(facilitator: &Client, quota: u8) -> Result<()> {
    let input = facilitator
        .find(Locator::Css("[data-testid=group-quota]"))
        .await?;
    input.clear().await?;
    input.send_keys(&format!("{quota}\u{e004}")).await?;
    Ok(())
}

pub async fn ideas(room: &Room) -> Result<()> {
    let Room {
        facilitator,
        ana,
        wall,
        ..
    } = room;
    // The round table: Ana says what she values, from her phone.
    room.next_phase("Round table").await?;
    type_into(ana, "[data-testid=core-value-input]", "Trust").await?;
    click(ana, "[data-testid=core-value-save]").await?;
    eventually("Ana's core value saved", || async {
        Ok(attr_of(ana, "[data-testid=core-value-save]", "disabled")
            .await?
            .map(|_| ()))
    })
    .await?;
    screenshot(ana, "2-round-table-ana").await?;
    check_view(ana, "Ana's round table", true, false).await?;
    screenshot(wall, "2-round-table-wall").await?;
    check_view(wall, "the wall at the round table", false, true).await?;

    // Ideas, alone: each writes one; the facilitator writes Elena's for her.
    room.next_phase("Ideas (alone)").await?;
    eventually("the ideas' 12-minute countdown", || async {
        let minutes = attr_of(facilitator, "[data-testid=timer-minutes]", "placeholder").await?;
        Ok((minutes.as_deref() == Some("12")).then_some(()))
    })
    .await?;
    for (client, idea) in room
        .people()
        .into_iter()
        .zip([ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, DARIO_IDEA])
    {
        type_into(client, "[data-testid=idea-input]", idea).await?;
        click(client, "[data-testid=idea-add]").await?;
        wait_text(client, "[data-testid=idea] [data-testid=card-text]", idea).await?;
    }
    room.act_for(Some("Elena")).await?;
    type_into(facilitator, "[data-testid=idea-input]", ELENA_IDEA).await?;
    click(facilitator, "[data-testid=idea-add]").await?;
    wait_text(
        facilitator,
        "[data-testid=idea] [data-testid=card-text]",
        ELENA_IDEA,
    )
    .await?;
    screenshot(facilitator, "2-ideas-facilitator-acting").await?;
    room.act_for(None).await?;
    wait_text(ana, "[data-testid=idea-count]", "1 of 3").await?;
    // Once the facilitator has seen every idea arrive, each was sent to everyone allowed
    // to see it: no participant has another's, and the wall has none.
    eventually("five ideas counted on the console", || async {
        let progress = text_of(facilitator, "[data-testid=ideas-progress]").await?;
        Ok(progress.filter(|p| p.matches("1 of 3").count() == 5))
    })
    .await?;
    let ideas = [ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, DARIO_IDEA, ELENA_IDEA];
    for (i, client) in room.people().into_iter().enumerate() {
        let sees = page_text(client).await?;
        for (j, idea) in ideas.iter().enumerate() {
            assert_eq!(sees.contains(idea), i == j, "participant {i} and {idea:?}");
        }
    }
    let wall_sees = page_text(wall).await?;
    assert!(ideas.iter().all(|idea| !wall_sees.contains(idea)));
    screenshot(ana, "2-ideas-ana").await?;
    check_view(ana, "Ana's ideas", true, false).await?;
    screenshot(wall, "2-ideas-wall").await?;
    check_view(wall, "the wall in the ideas", false, true).await?;
    Ok(())
}

pub async fn pairs(room: &Room) -> Result<()> {
    let Room {
        facilitator,
        ana,
        bruno,
        carla,
        dario,
        wall,
        ..
    } = room;
    // The pairs, as people sit: Ana and Bruno, Carla and Dario, Elena and Fabio, Gina and
    // Hugo.
    room.next_phase("Pairs").await?;
    click(facilitator, "[data-testid=form-order]").await?;
    for client in [ana, bruno] {
        wait_pool(client, &[ANA_IDEA, BRUNO_IDEA]).await?;
    }
    for client in [carla, dario] {
        wait_pool(client, &[CARLA_IDEA, DARIO_IDEA]).await?;
    }
    // The facilitator sets the first pair's quota to 1 by hand, then puts it back to the
    // scaled 4 (capped by the two cards of the pool).
    set_first_quota(facilitator, 1).await?;
    wait_text(ana, "[data-testid=kept-count]", "Kept 0 of 1").await?;
    screenshot(facilitator, "3-pairs-facilitator").await?;
    check_view(facilitator, "the console in the pairs", false, false).await?;
    click(facilitator, "[data-testid=quota-reset]").await?;
    wait_text(ana, "[data-testid=kept-count]", "Kept 0 of 2").await?;
    for (client, idea) in [
        (ana, ANA_IDEA),
        (bruno, BRUNO_IDEA),
        (carla, CARLA_IDEA),
        (carla, DARIO_IDEA),
    ] {
        click_on_card(
            client,
            "[data-testid=pool-card]",
            idea,
            "[data-testid=keep]",
        )
        .await?;
    }
    wait_text(ana, "[data-testid=kept-count]", "Kept 2 of 2").await?;
    wait_text(dario, "[data-testid=kept-count]", "Kept 2 of 2").await?;
    click(ana, "[data-testid=group-done]").await?;
    click(dario, "[data-testid=group-done]").await?;
    for client in room.people() {
        wait_text(client, "[data-testid=group-state]", "Done ✓").await?;
    }
    // Elena's pair, from the console: her idea kept, the pair done.
    in_group(facilitator, "Elena", Some(ELENA_IDEA), "[data-testid=keep]").await?;
    in_group(facilitator, "Elena", None, "[data-testid=group-done]").await?;
    // Gina and Hugo wrote nothing: their pair has nothing to keep and waits.
    wait_text(wall, "[data-testid=groups-done]", "3 of 4 groups done").await?;
    screenshot(bruno, "3-pairs-bruno").await?;
    screenshot(wall, "3-pairs-wall").await?;
    check_view(wall, "the wall in the pairs", false, true).await?;
    check_view(bruno, "Bruno's pair", false, false).await?;
    screenshot(ana, "3-pairs-ana").await?;
    check_view(ana, "Ana's pair", true, false).await?;
    Ok(())
}

pub async fn fours(room: &Room) -> Result<()> {
    let Room {
        facilitator,
        ana,
        dario,
        wall,
        ..
    } = room;
    // The fours, of the pairs in order: the four who have phones, and the four who have
    // none. The first keeps 3 of its 4 cards: Dario's idea stays behind.
    room.next_phase("Fours").await?;
    click(facilitator, "[data-testid=form-order]").await?;
    for client in room.people() {
        wait_pool(client, &[ANA_IDEA, BRUNO_IDEA, CARLA_IDEA, DARIO_IDEA]).await?;
    }
    set_first_quota(facilitator, 3).await?;
    wait_text(ana, "[data-testid=kept-count]", "Kept 0 of 3").await?;
    for (client, idea) in [
        (ana, ANA_IDEA),
        (&room.bruno, BRUNO_IDEA),
        (&room.carla, CARLA_IDEA),
    ] {
        click_on_card(
            client,
            "[data-testid=pool-card]",
            idea,
            "[data-testid=keep]",
        )
        .await?;
    }
    wait_text(dario, "[data-testid=kept-count]", "Kept 3 of 3").await?;
    // At the quota, Dario's own card can no longer be kept.
    eventually("Keep disabled on Dario's idea", || async {
        for tile in dario
            .find_all(Locator::Css("[data-testid=pool-card]"))
            .await?
        {
            if tile.text().await.is_ok_and(|t| t.contains(DARIO_IDEA)) {
                // A tile re-rendered meanwhile is looked at again.
                let Ok(keep) = tile.find(Locator::Css("[data-testid=keep]")).await else {
                    return Ok(None);
                };
                return Ok(keep.attr("disabled").await.ok().flatten().map(|_| ()));
            }
        }
        Ok(None)
    })
    .await?;
    screenshot(ana, "3-fours-ana").await?;
    check_view(ana, "Ana's four", true, false).await?;
    click(dario, "[data-testid=group-done]").await?;
    in_group(facilitator, "Elena", Some(ELENA_IDEA), "[data-testid=keep]").await?;
    in_group(facilitator, "Elena", None, "[data-testid=group-done]").await?;
    wait_text(wall, "[data-testid=groups-done]", "2 of 2 groups done").await?;
    screenshot(facilitator, "3-fours-facilitator").await?;
    check_view(facilitator, "the console in the fours", false, false).await?;
    screenshot(wall, "3-fours-wall").await?;
    check_view(wall, "the wall in the fours", false, true).await?;
    Ok(())
}
