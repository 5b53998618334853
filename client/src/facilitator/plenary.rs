//! The console in the plenary: the order the fours present in, the themes, cards written
//! straight onto the panel, and every card of the panel as a list.

use crate::net::{self, Live};
use crate::{lang, t};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::model::{MAX_CARD_TEXT, MAX_THEME};
use panneau_shared::{CardId, Command, GroupId, Round, ThemeId, UNTHEMED_AREA};

/// The order in which the fours present their cards in the plenary.
#[component]
pub(super) fn PresentationOrder(live: Live) -> impl IntoView {
    let words = t().console();
    let fours = move || {
        live.with(|w| {
            w.groups_of(Round::Fours)
                .map(|g| {
                    let members = g
                        .members
                        .iter()
                        .map(|m| w.participant_name(*m))
                        .collect::<Vec<_>>()
                        .join(", ");
                    (g.id, crate::frame::group_name(w, g.id), members)
                })
                .collect::<Vec<_>>()
        })
    };
    // Swaps the four at `index` with the one after it (`down`) or before it.
    let shift = move |index: usize, down: bool| {
        let mut order: Vec<GroupId> = fours().into_iter().map(|f| f.0).collect();
        let other = if down {
            index + 1
        } else {
            index.wrapping_sub(1)
        };
        if index < order.len() && other < order.len() {
            order.swap(index, other);
            net::send(Command::OrderGroups { groups: order });
        }
    };
    let rows = move || {
        let all = fours();
        let last = all.len().saturating_sub(1);
        all.into_iter()
            .enumerate()
            .map(|(i, f)| (i, i == last, f))
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || !fours().is_empty()>
            <section class="presentation">
                <h2>{words.presentation_order}</h2>
                <ol data-testid="presentation-order">
                    {move || rows().into_iter().map(|row| {
                        let (index, last, (_, name, members)) = row;
                        view! {
                            <li class="row">
                                <span class="text"><strong>{name}</strong>" — "{members}</span>
                                <button class="quiet icon" title=words.present_earlier disabled=index == 0
                                    on:click=move |_| shift(index, false)>"↑"</button>
                                <button class="quiet icon" title=words.present_later disabled=last
                                    on:click=move |_| shift(index, true)>"↓"</button>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </Show>
    }
}

/// The themes of the panel: add, rename, reorder, remove.
#[component]
pub(super) fn ThemesEditor(live: Live) -> impl IntoView {
    let words = t().console();
    let themes = move || {
        live.with(|w| {
            let last = w.themes.len().saturating_sub(1);
            w.themes
                .iter()
                .enumerate()
                .map(|(i, t)| (t.id, t.title.clone(), i, i == last))
                .collect::<Vec<_>>()
        })
    };
    let title = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !title.get_untracked().trim().is_empty() {
            net::send(Command::AddTheme {
                title: title.get_untracked(),
            });
            title.set(String::new());
        }
    };
    let rename = move |theme: ThemeId, old: String| {
        move |ev: leptos::ev::Event| {
            let title = event_target_value(&ev);
            if !title.trim().is_empty() && title != old {
                net::send(Command::RenameTheme { theme, title });
            }
        }
    };
    view! {
        <section class="themes">
            <h2>{words.themes}</h2>
            <ol data-testid="themes">
                <For each=themes key=|t| t.clone() let:theme>
                    {
                        let (id, name, index, last) = theme;
                        let index = index as u32;
                        view! {
                            <li class="row">
                                <input aria-label=words.theme_title maxlength=MAX_THEME.to_string() value=name.clone()
                                    on:change=rename(id, name) />
                                <button class="quiet icon" title=words.move_up disabled=index == 0
                                    on:click=move |_| net::send(Command::MoveTheme { theme: id, index: index.saturating_sub(1) })>"↑"</button>
                                <button class="quiet icon" title=words.move_down disabled=last
                                    on:click=move |_| net::send(Command::MoveTheme { theme: id, index: index + 1 })>"↓"</button>
                                <button class="quiet icon danger" title=words.remove_theme
                                    on:click=move |_| net::send(Command::RemoveTheme { theme: id })>"×"</button>
                            </li>
                        }
                    }
                </For>
            </ol>
            <form class="row" on:submit=add>
                <input data-testid="theme-input" placeholder=words.new_theme maxlength=MAX_THEME.to_string() aria-label=words.new_theme
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                <button type="submit">{words.add}</button>
            </form>
        </section>
    }
}

/// The facilitator writes a card straight onto the panel.
#[component]
pub(super) fn AddPanelCard(live: Live) -> impl IntoView {
    let words = t().console();
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        // A free place in the "no theme yet" area, where cards arrive.
        let height = panneau_shared::card_height(body.trim());
        let (x, y) = live.with(|w| w.free_slot(&UNTHEMED_AREA, None, height));
        net::send(Command::AddCard { text: body, x, y });
        text.set(String::new());
    };
    view! {
        <form class="add-card row" on:submit=submit>
            <input data-testid="card-input" maxlength=MAX_CARD_TEXT.to_string() placeholder=words.card_placeholder
                aria-label=words.new_card prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" data-testid="card-add">{words.add_card}</button>
        </form>
    }
}

/// Every card of the panel as a list: its theme, selection for a merge, removal; and the
/// removed cards, to restore.
#[component]
pub(super) fn PanelCards(live: Live) -> impl IntoView {
    let words = t().console();
    let cards = move || {
        live.with(|w| {
            w.panel()
                .map(|c| (c.id, c.text.clone(), c.theme))
                .collect::<Vec<_>>()
        })
    };
    let removed = move || {
        live.with(|w| {
            w.cards
                .values()
                .filter(|c| matches!(c.archived, Some(panneau_shared::Archive::Removed)))
                .map(|c| (c.id, c.text.clone()))
                .collect::<Vec<_>>()
        })
    };
    let themes = move || {
        live.with(|w| {
            w.themes
                .iter()
                .map(|t| (t.id, t.title.clone()))
                .collect::<Vec<_>>()
        })
    };
    let selected = RwSignal::new(Vec::<CardId>::new());
    let merge_text = RwSignal::new(String::new());
    let toggle = move |card: CardId, text: String| {
        selected.update(|s| crate::work::pick_for_merge(s, card));
        if selected.with_untracked(|s| s.len() == 2) {
            merge_text.update(|t| {
                if !t.is_empty() {
                    t.push_str(" / ");
                }
                t.push_str(&text);
            });
        } else {
            merge_text.set(text);
        }
    };
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let [a, b] = selected.get_untracked()[..] {
            net::send(Command::MergeCards {
                cards: [a, b],
                text: merge_text.get_untracked(),
            });
            selected.set(Vec::new());
            merge_text.set(String::new());
        }
    };
    view! {
        <section class="panel-cards">
            <h2>{words.panel_cards}</h2>
            <Show when=move || selected.with(|s| s.len() == 2)>
                <form class="panel stack merge" on:submit=merge>
                    <label>{words.merge_label}
                        <textarea rows="2" maxlength=MAX_CARD_TEXT.to_string() prop:value=move || merge_text.get()
                            on:input=move |ev| merge_text.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="row">
                        <button type="submit">{words.merge}</button>
                        <button type="button" class="quiet" on:click=move |_| selected.set(Vec::new())>{words.cancel}</button>
                    </div>
                </form>
            </Show>
            <ul class="card-rows">
                // Keyed by the card alone: choosing a theme keeps the row, and the focus
                // stays on the list just used.
                <For each=cards key=|c| c.0 let:card>
                    {
                        let (id, _, _) = card;
                        let theme = move || live.with(|w| w.cards.get(&id).and_then(|c| c.theme));
                        let text = move || live.with(|w| w.cards.get(&id).map(|c| c.text.clone()).unwrap_or_default());
                        let label = text();
                        let pick = move |ev: leptos::ev::Event| {
                            let theme = event_target_value(&ev).parse::<u32>().ok().map(ThemeId);
                            net::send(Command::SetCardTheme { card: id, theme });
                        };
                        view! {
                            <li class="row" data-testid="panel-card-row">
                                <input type="checkbox" aria-label=words.select_to_merge
                                    prop:checked=move || selected.with(|s| s.contains(&id))
                                    on:change=move |_| toggle(id, label.clone()) />
                                <span class="text">{text}</span>
                                <select aria-label=move || fill(words.theme_of, &[("text", &text())]) data-testid="card-theme" on:change=pick>
                                    <option value="" selected=move || theme().is_none()>{words.no_theme}</option>
                                    {move || themes().into_iter().map(|(t, title)| view! {
                                        <option value=t.0.to_string() selected=move || theme() == Some(t)>{title}</option>
                                    }).collect_view()}
                                </select>
                                <button class="quiet danger" title=words.remove_card_title
                                    on:click=move |_| net::send(Command::WithdrawCard { card: id })>{words.remove_card}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || !removed().is_empty()>
                <details>
                    <summary>{move || lang().count(&words.removed_cards, removed().len())}</summary>
                    <ul class="card-rows">
                        {move || removed().into_iter().map(|card| view! {
                            <li class="row">
                                <span class="text">{card.1}</span>
                                <button class="quiet" on:click=move |_| net::send(Command::RestoreCard { card: card.0 })>{words.restore}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            </Show>
        </section>
    }
}
