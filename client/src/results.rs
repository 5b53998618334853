//! The ranked action plan of the results, for every screen.

use crate::net::Live;
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{RankedCard, Workshop};

/// One action of the plan as a row: its rank, text, greens and who committed.
struct Row {
    rank: u32,
    text: String,
    green: u32,
    /// The names of those committed, joined; empty when nobody did.
    committed: String,
}

impl Row {
    fn of(w: &Workshop, card: &RankedCard) -> Row {
        let names: Vec<&str> = card
            .committed
            .iter()
            .map(|p| w.participant_name(*p))
            .collect();
        Row {
            rank: card.rank,
            text: card.text.clone(),
            green: card.green,
            committed: names.join(", "),
        }
    }

    fn view(self) -> impl IntoView {
        let words = crate::t().outcome();
        let nobody = self.committed.is_empty();
        view! {
            <li class="result" class:unowned=nobody data-testid="result-card">
                <span class="rank">{fill(words.rank, &[("n", &self.rank.to_string())])}</span>
                <span class="result-text" data-testid="result-text">{self.text}</span>
                <span class="greens" data-testid="result-green" title=words.green_stickers>{self.green}</span>
                {if nobody {
                    view! { <span class="owner none" data-testid="no-owner">{words.no_owner}</span> }.into_any()
                } else {
                    view! { <span class="owner" data-testid="committed">{self.committed}</span> }.into_any()
                }}
            </li>
        }
    }
}

/// The action plan: themes in order, each with its cards ranked by green stickers, the
/// people who committed to each, and a flag where nobody did yet.
#[component]
pub fn ResultsView(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let plan = move || {
        live.with(|w| {
            let results = w.results();
            // A theme nobody put a card under says nothing about the plan.
            results
                .themes
                .iter()
                .filter(|theme| !theme.cards.is_empty())
                .map(|theme| {
                    let rows: Vec<_> = theme.cards.iter().map(|c| Row::of(w, c)).collect();
                    // The model names the cards under no theme in English.
                    let title = match theme.theme {
                        Some(_) => theme.title.clone(),
                        None => words.no_theme.to_owned(),
                    };
                    (title, theme.green, rows)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="results" data-testid="results">
            {move || plan().into_iter().map(|(title, green, rows)| view! {
                <section class="result-theme">
                    <h2>{title}<span class="total">{format!("{green} ●")}</span></h2>
                    <ol>
                        {rows.into_iter().map(Row::view).collect_view()}
                    </ol>
                </section>
            }).collect_view()}
        </div>
    }
}

/// Rows of the wall's ranking: as many as a projector shows in large type; the rest are
/// counted.
const WALL_RANKS: usize = 12;

/// The wall's results: the plan in rank order (#1 first, whatever its theme), beside the
/// panel it came from.
#[component]
pub fn Ranking(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let rows = move || {
        live.with(|w| {
            let results = w.results();
            let more = results.cards.len().saturating_sub(WALL_RANKS);
            let rows: Vec<_> = results
                .cards
                .iter()
                .take(WALL_RANKS)
                .map(|c| Row::of(w, c))
                .collect();
            (rows, more)
        })
    };
    view! {
        <div class="ranking-and-panel">
            <ol class="ranking" data-testid="results">
                {move || {
                    let (rows, more) = rows();
                    let rows = rows.into_iter().map(Row::view).collect_view();
                    let more = (more > 0).then(|| view! {
                        <li class="more">{crate::lang().count(&words.more_actions, more)}</li>
                    });
                    view! { {rows} {more} }
                }}
            </ol>
            <crate::board::Panel live interactive=false />
        </div>
    }
}
