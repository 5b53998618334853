//! The wall with a full panel: forty cards, short and long, laid out by the facilitator
//! under the themes. At 1920×1080 and 1280×720 the whole panel shows without scrolling,
//! every card inside it, and the type stays readable from the back of a room.

use anyhow::Result;
use fantoccini::Client;
use panneau_shared::{card_height, Command, Phase, UNTHEMED_AREA};
use panneau_tests::browser::page::*;
use panneau_tests::browser::Driver;
use panneau_tests::TestServer;

/// Ideas as a room writes them: mostly short, some a sentence long.
const IDEAS: [&str; 10] = [
    "Shared stand at trade fairs",
    "Joint training days for grooms",
    "One quality label",
    "Group purchase of feed and bedding",
    "A directory of the members' services, with who to call for what and when",
    "Website",
    "Visits between members' stables, twice a year, to learn from each other's ways",
    "Common insurance",
    "A newsletter every season",
    "Mentoring for the newest members by those who have run a stable for years, one to one",
];

/// The smallest font size of the panel's card texts, in CSS pixels, and the smallest
/// among the cards of at most 36 characters.
async fn smallest_type(wall: &Client) -> Result<(f64, f64)> {
    let sizes = wall
        .execute(
            "const all = [...document.querySelectorAll('[data-testid=board] [data-testid=card-text]')]; \
             const size = el => parseFloat(getComputedStyle(el).fontSize); \
             const short = all.filter(el => el.textContent.length <= 36); \
             return [Math.min(...all.map(size)), Math.min(...short.map(size)), all.length];",
            Vec::new(),
        )
        .await?;
    let (all, short, count): (f64, f64, usize) = serde_json::from_value(sizes)?;
    assert_eq!(count, 40, "every card on the wall");
    Ok((all, short))
}

#[tokio::test]
async fn forty_cards_fit_the_wall_readably() -> Result<()> {
    let server = TestServer::start().await;
    let created = server
        .create_workshop("Rete QM Var", "What could the network bring you?")
        .await;
    let mut facilitator = server.facilitator(&created).await;
    facilitator.set_phase(Phase::Plenary).await;
    // Each card goes to the next area in turn, at a free place as the console would find.
    let mut areas = vec![UNTHEMED_AREA];
    areas.extend(facilitator.state.theme_areas().into_iter().map(|(_, a)| a));
    for i in 0..40 {
        let text = format!("{} ({})", IDEAS[i % IDEAS.len()], i + 1);
        let area = areas[i % areas.len()];
        let (x, y) = facilitator.state.free_slot(&area, None, card_height(&text));
        facilitator
            .command(Command::AddCard { text, x, y })
            .await
            .expect("the card is added");
    }
    facilitator
        .command(Command::SetPhase { phase: Phase::Vote })
        .await
        .expect("the vote opens");

    let mut driver = Driver::start().await?;
    let wall = driver.session(1920, 1080).await?;
    wall.goto(&server.url(&format!("/b/{}/wall", created.code)))
        .await?;
    wait_phase(&wall, "Vote").await?;
    wait_count(&wall, "[data-testid=board] [data-testid=card]", 40).await?;
    screenshot(&wall, "wall-40-cards-1080p").await?;
    check_view(&wall, "the wall with 40 cards at 1080p", false, true).await?;
    let (smallest, short) = smallest_type(&wall).await?;
    println!("1080p: card text from {smallest:.1} px, {short:.1} px for short ideas");
    assert!(smallest >= 20.0, "card text at {smallest} px");
    assert!(short >= 28.0, "short ideas at {short} px");

    set_viewport(&wall, 1280, 720).await?;
    screenshot(&wall, "wall-40-cards-720p").await?;
    assert_layout(&wall, "the wall with 40 cards at 720p", false, true).await?;
    let (smallest, short) = smallest_type(&wall).await?;
    println!("720p: card text from {smallest:.1} px, {short:.1} px for short ideas");

    wall.close().await?;
    server.stop().await;
    Ok(())
}
