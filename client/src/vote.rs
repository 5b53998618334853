//! The vote on the panel: a tray with the stickers a person has left (3 green, 1 red by
//! default); take one, then choose a card (or drag it there, see [`crate::carry`]); choose
//! one of your stickers on a card to move it or take it back. Every step works by pointer, touch and keyboard. The cards are also
//! offered as a list, with a button per sticker, for whoever prefers one.

use crate::board::{Hand, Panel, Stickers};
use crate::carry::{Carry, FlyingSticker};
use crate::net::{self, Live};
use leptos::html;
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{CardId, Command, StickerColor};

/// Puts what is in `hand` on `card`: a sticker from the tray is placed, one picked up
/// from another card moves. Empties the hand.
pub fn drop_on(live: Live, hand: RwSignal<Option<Hand>>, card: CardId) {
    match hand.get_untracked() {
        Some(Hand::Tray(color)) => net::act(live, Command::PlaceSticker { card, color }),
        Some(Hand::Card(sticker)) => {
            let from = live.with(|w| w.stickers.get(&sticker).map(|s| s.card));
            if from != Some(card) {
                net::act(live, Command::MoveSticker { sticker, card });
            }
        }
        None => return,
    }
    hand.set(None);
}

/// Whether what `held` holds may go on `card` by the model's rules: a card that would
/// refuse it is not offered as a target (choosing it anyway gets the refusal, which says
/// why).
pub fn takes(live: Live, held: Hand, card: CardId) -> bool {
    let Some(me) = live.person() else {
        return false;
    };
    live.with(|w| match held {
        Hand::Tray(color) => w.may_place(me, color, card).is_ok(),
        Hand::Card(sticker) => w
            .stickers
            .get(&sticker)
            .is_some_and(|s| s.card != card && w.check_duplicate(s.owner, s.color, card).is_ok()),
    })
}

/// The stickers still to place, as buttons to take one, the used ones as empty rings; and
/// what to do next.
#[component]
fn StickerTray(live: Live, hand: RwSignal<Option<Hand>>) -> impl IntoView {
    let words = crate::t().board();
    let person = crate::t().person();
    let counts = move |color: StickerColor| {
        let Some(id) = live.person() else {
            return (0, 0);
        };
        live.with(|w| {
            let budget = usize::from(w.budget(color));
            let used = w.stickers_of(id, color).count().min(budget);
            (budget - used, used)
        })
    };
    let tray = NodeRef::<html::Div>::new();
    let slots = move |color: StickerColor| {
        let (left, used) = counts(color);
        let (class, label, testid) = match color {
            StickerColor::Green => ("dot green", words.take_green, "tray-green"),
            StickerColor::Red => ("dot red", words.take_red, "tray-red"),
        };
        let taken = move || hand.get() == Some(Hand::Tray(color));
        let carry = expect_context::<Carry>();
        (0..left)
            .map(|_| {
                view! {
                    <button class=class class:taken=taken data-testid=testid aria-label=label title=label
                        aria-pressed=move || taken().to_string()
                        on:pointerdown=move |ev| carry.press(Hand::Tray(color), &ev)
                        on:pointermove=move |ev| carry.drag(&ev)
                        on:pointerup=move |_| carry.release()
                        on:pointercancel=move |_| carry.flight.set(None)
                        on:click=move |_| {
                            if !carry.was_drag() {
                                hand.set((!taken()).then_some(Hand::Tray(color)));
                            }
                        }></button>
                }
                .into_any()
            })
            .chain((0..used).map(|_| view! { <span class=format!("{class} used") aria-hidden="true"></span> }.into_any()))
            .collect_view()
    };
    let take_back = move |_| {
        if let Some(Hand::Card(sticker)) = hand.get_untracked() {
            net::act(live, Command::RemoveSticker { sticker });
        }
        hand.set(None);
        // The button goes with the sticker: keep the focus in the tray.
        if let Some(tray) = tray.get_untracked() {
            let _ = tray.focus();
        }
    };
    let hint = move || match hand.get() {
        Some(Hand::Tray(_)) => words.choose_card,
        Some(Hand::Card(_)) => words.choose_other_card,
        None => person.vote_hint,
    };
    view! {
        <div class="sticker-tray" node_ref=tray tabindex="-1" data-testid="sticker-tray">
            <div class="tray-stickers">
                {move || slots(StickerColor::Green)}
                <span class="tray-gap"></span>
                {move || slots(StickerColor::Red)}
            </div>
            <crate::frame::Budget live />
            <p class="hint" aria-live="polite" data-testid="vote-hint">{hint}</p>
            {move || hand.get().map(|held| view! {
                <div class="row">
                    {matches!(held, Hand::Card(_)).then(|| view! {
                        <button data-testid="sticker-remove" on:click=take_back>{person.take_back}</button>
                    })}
                    <button class="quiet" on:click=move |_| hand.set(None)>{person.cancel}</button>
                </div>
            })}
        </div>
    }
}

/// The cards as a list, each with its stickers and a button per colour.
#[component]
fn VoteList(live: Live, hand: RwSignal<Option<Hand>>) -> impl IntoView {
    let words = crate::t().person();
    let cards = move || {
        live.with(|w| {
            let mut cards: Vec<_> = w.panel().collect();
            let order = |c: &&panneau_shared::Card| {
                c.theme
                    .and_then(|t| w.themes.iter().position(|x| x.id == t))
                    .unwrap_or(usize::MAX)
            };
            cards.sort_by(|a, b| order(a).cmp(&order(b)).then(a.y.total_cmp(&b.y)));
            cards
                .iter()
                .map(|c| {
                    let theme = c.theme.and_then(|t| w.theme(t)).map(|t| t.title.clone());
                    (c.id, c.text.clone(), theme)
                })
                .collect::<Vec<_>>()
        })
    };
    let can_vote = move || live.person().is_some();
    let holding_card = move || matches!(hand.get(), Some(Hand::Card(_)));
    // Spent, or already holding one of mine: the button would only earn a refusal.
    let refused = move |card: CardId, color: StickerColor| {
        live.person()
            .is_none_or(|me| live.with(|w| w.may_place(me, color, card).is_err()))
    };
    view! {
        <ul class="tiles vote-cards">
            {move || cards().into_iter().map(|card| {
                let (id, text, theme) = card;
                let (text_for_green, text_for_red) = (text.clone(), text.clone());
                view! {
                    <li class="tile" data-testid="vote-card" data-card=id.0>
                        {theme.map(|t| view! { <span class="theme-tag">{t}</span> })}
                        <p class="card-text" data-testid="card-text">{text}</p>
                        <Stickers live id hand />
                        <Show when=holding_card>
                            <button class="move-here" data-testid="sticker-move-here"
                                on:click=move |_| drop_on(live, hand, id)>{words.move_here}</button>
                        </Show>
                        <Show when=can_vote>
                            <div class="row">
                                <button class="add-sticker green" data-testid="add-green" disabled=move || refused(id, StickerColor::Green) aria-label=fill(words.add_priority_to, &[("text", &text_for_green)])
                                    on:click=move |_| net::act(live, Command::PlaceSticker { card: id, color: StickerColor::Green })>{words.add_priority}</button>
                                <button class="add-sticker red" data-testid="add-red" disabled=move || refused(id, StickerColor::Red) aria-label=fill(words.add_commitment_to, &[("text", &text_for_red)])
                                    on:click=move |_| net::act(live, Command::PlaceSticker { card: id, color: StickerColor::Red })>{words.add_commitment}</button>
                            </div>
                        </Show>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// The vote: the tray, the panel to put stickers on, and the same cards as a list.
#[component]
pub fn VoteView(live: Live) -> impl IntoView {
    let hand = RwSignal::new(None::<Hand>);
    let carry = Carry::new(live, hand);
    provide_context(carry);
    let can_vote = move || live.person().is_some();
    view! {
        <section class="vote">
            <FlyingSticker carry />
            <Show when=can_vote>
                <StickerTray live hand />
            </Show>
            <Panel live interactive=false voting=hand />
            <details class="as-list" data-testid="as-list">
                <summary>{crate::t().board().as_list}</summary>
                <VoteList live hand />
            </details>
        </section>
    }
}
