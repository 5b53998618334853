//! A whole snowball workshop in real browsers, through the screens only: the facilitator
//! creates it from the home page, four people join (Ana on a phone), four more come
//! without a device and the facilitator acts for one of them; ideas, pairs and fours are
//! played; in the plenary each four presents and the cards are dragged into the themes'
//! areas while the wall shows the very same panel; the vote is stickers placed, moved and
//! taken back; the results, the report, the pictures and a follow-up workshop close it.
//! Every view is looked at: screenshots, layout and accessibility checks.

mod lobby;
mod outcome;
mod plenary;
mod rounds;
mod vote;

use anyhow::Result;
use fantoccini::{Client, Locator};
use panneau_tests::browser::page::*;
use panneau_tests::browser::{eventually, Driver};
use panneau_tests::TestServer;

/// A card on the panel (the vote also lists the cards, elsewhere on the page).
const PANEL_CARD: &str = "[data-testid=board] [data-testid=card]";
const ANA_IDEA: &str = "Shared stand at trade fairs";
const BRUNO_IDEA: &str = "Joint training days for grooms";
const CARLA_IDEA: &str = "One quality label for every member";
const DARIO_IDEA: &str = "Group purchase of feed and bedding";
const ELENA_IDEA: &str = "A directory of the members' services";

/// Everyone in the room and their screens: the console on a laptop, four participants
/// (Ana on a phone, the others on laptops) and the projected wall. Elena, Fabio, Gina and
/// Hugo came without a device; the facilitator acts for Elena.
struct Room {
    server: TestServer,
    facilitator: Client,
    ana: Client,
    bruno: Client,
    carla: Client,
    dario: Client,
    wall: Client,
}

impl Room {
    /// The four participants' screens.
    fn people(&self) -> [&Client; 4] {
        [&self.ana, &self.bruno, &self.carla, &self.dario]
    }

    /// Every screen that follows the facilitator: the participants' and the wall.
    fn followers(&self) -> [&Client; 5] {
        [&self.ana, &self.bruno, &self.carla, &self.dario, &self.wall]
    }

    /// The facilitator moves on with "Next" and every screen follows.
    async fn next_phase(&self, phase: &str) -> Result<()> {
        click(&self.facilitator, "[data-testid=phase-next]").await?;
        wait_phase(&self.facilitator, phase).await?;
        for screen in self.followers() {
            wait_phase(screen, phase).await?;
        }
        Ok(())
    }

    /// The facilitator acts for `name` (a person without a device), or for nobody.
    async fn act_for(&self, name: Option<&str>) -> Result<()> {
        match name {
            Some(name) => {
                click_item(&self.facilitator, "[data-testid=act-for] option", name).await?;
                let acting = format!("Acting for {name}:");
                eventually(&acting, || async {
                    let shown = text_of(&self.facilitator, "[data-testid=acting]").await?;
                    Ok(shown.filter(|s| s.starts_with(&acting)).map(|_| ()))
                })
                .await
            }
            None => {
                click(&self.facilitator, "[data-testid=acting] button").await?;
                wait_count(&self.facilitator, "[data-testid=acting]", 0).await
            }
        }
    }
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

/// The id of the panel card reading `text` in `client`'s page.
async fn card_id(client: &Client, text: &str) -> Result<String> {
    eventually(&format!("the card {text:?} on the panel"), || async {
        for el in client.find_all(Locator::Css(PANEL_CARD)).await? {
            if el.text().await.is_ok_and(|t| t.contains(text)) {
                return Ok(el.attr("data-card").await.ok().flatten());
            }
        }
        Ok(None)
    })
    .await
}

#[tokio::test]
async fn a_whole_workshop_from_lobby_to_results() -> Result<()> {
    let server = TestServer::start().await;
    let mut driver = Driver::start().await?;
    let room = lobby::open(server, &mut driver).await?;
    rounds::ideas(&room).await?;
    rounds::pairs(&room).await?;
    rounds::fours(&room).await?;
    plenary::present_and_arrange(&room).await?;
    vote::stickers_placed_moved_and_taken_back(&room).await?;
    outcome::results_and_outputs(&room).await?;
    let Room {
        server,
        facilitator,
        ana,
        bruno,
        carla,
        dario,
        wall,
        ..
    } = room;
    for client in [facilitator, ana, bruno, carla, dario, wall] {
        client.close().await?;
    }
    server.stop().await;
    Ok(())
}
