//! The tray of the plenary: the fours whose cards wait to be presented, the four presenting
//! now, and — for the facilitator — the buttons that call a four up or bring every card.

use crate::frame::group_name;
use crate::net::{self, Live};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{Command, GroupId};

/// Who presents and who waits. `controls`: the facilitator's buttons.
#[component]
pub fn Tray(live: Live, controls: bool) -> impl IntoView {
    let words = crate::t().board();
    let presenting = move || {
        live.with(|w| {
            let group = w.presenting?;
            let members: Vec<&str> = w
                .group(group)?
                .members
                .iter()
                .map(|m| w.participant_name(*m))
                .collect();
            Some((group_name(w, group), members.join(" · ")))
        })
    };
    let waiting = move || {
        live.with(|w| {
            w.tray()
                .into_iter()
                .map(|(group, cards)| {
                    let name = group.map(|g| group_name(w, g));
                    (group, name, cards.len())
                })
                .collect::<Vec<(Option<GroupId>, Option<String>, usize)>>()
        })
    };
    view! {
        <section class="tray" data-testid="tray" aria-live="polite">
            {move || presenting().map(|(name, members)| view! {
                <p class="presenting" data-testid="presenting">
                    <strong>{fill(words.presenting, &[("group", &name)])}</strong>
                    <span class="members">{members}</span>
                </p>
            })}
            <Show when=move || !waiting().is_empty()>
                <div class="waiting">
                    <span class="waiting-title">{words.waiting}</span>
                    <ul>
                        {move || waiting().into_iter().map(|(group, name, count)| {
                            let label = crate::lang().count(&words.cards_waiting, count);
                            let name = name.unwrap_or_else(|| words.other_cards.to_string());
                            match (controls, group) {
                                (true, Some(group)) => view! {
                                    <li><button data-testid="present" on:click=move |_| net::send(Command::Present { group: Some(group) })>
                                        {fill(words.present, &[("group", &name)])}
                                        <span class="count">{label}</span>
                                    </button></li>
                                }.into_any(),
                                _ => view! {
                                    <li class="chip" data-testid="waiting-group">{name}<span class="count">{label}</span></li>
                                }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                    {controls.then(|| view! {
                        <button class="quiet" data-testid="bring-all" on:click=move |_| net::send(Command::Present { group: None })>
                            {words.bring_all}
                        </button>
                    })}
                </div>
            </Show>
        </section>
    }
}
