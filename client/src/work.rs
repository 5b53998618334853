//! What a participant does in each phase before the plenary: the core value, writing
//! ideas, working on the group's pool (the vote is in [`crate::vote`]). The facilitator
//! uses the same pieces to act for someone without a device, so each one works for "the
//! person" of [`Live::person`].

use crate::net::{self, Live};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::model::{MAX_CARD_TEXT, MAX_CORE_VALUE};
use panneau_shared::{CardId, Command, GroupId, Round};

/// The core value said at the round table, kept as one typed it.
#[component]
pub fn CoreValue(live: Live) -> impl IntoView {
    let words = crate::t().person();
    let current = Memo::new(move |_| {
        let person = live.person()?;
        live.with(|w| w.participants.get(&person).map(|p| p.core_value.clone()))
    });
    let text = RwSignal::new(String::new());
    // Only when the stored value itself changes, so typing is never overwritten.
    Effect::new(move |_| text.set(current.get().unwrap_or_default()));
    let saved = move || current.get().unwrap_or_default() == text.get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        net::act(
            live,
            Command::SetCoreValue {
                value: text.get_untracked(),
            },
        );
    };
    view! {
        <form class="panel stack core-value" on:submit=submit>
            <label>{words.core_value}
                <input data-testid="core-value-input" maxlength=MAX_CORE_VALUE.to_string()
                    placeholder=words.core_value_placeholder
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <div class="row">
                <button type="submit" data-testid="core-value-save" disabled=saved>{words.save}</button>
                <Show when=move || saved() && !text.get().is_empty()>
                    <span class="hint">{words.core_value_saved}</span>
                </Show>
            </div>
        </form>
    }
}

/// A card's text with an "Edit" button that turns it into a field (reword).
#[component]
fn CardText(live: Live, card: CardId, #[prop(optional)] locked: Signal<bool>) -> impl IntoView {
    let words = crate::t().person();
    let text = Memo::new(move |_| live.with(|w| w.cards.get(&card).map(|c| c.text.clone())));
    let editing = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(new) = editing.get_untracked() {
            if Some(&new) != text.get_untracked().as_ref() && !new.trim().is_empty() {
                net::act(live, Command::EditCard { card, text: new });
            }
        }
        editing.set(None);
    };
    move || {
        match editing.get() {
        None => view! {
            <div class="card-line">
                <p class="card-text" data-testid="card-text">{text.get().unwrap_or_default()}</p>
                <button class="quiet" data-testid="edit" disabled=move || locked.get()
                    on:click=move |_| editing.set(text.get_untracked())>{words.edit}</button>
            </div>
        }
        .into_any(),
        Some(draft) => view! {
            <form class="edit-card stack" on:submit=save>
                <textarea data-testid="edit-input" rows="3" maxlength=MAX_CARD_TEXT.to_string()
                    prop:value=draft
                    on:input=move |ev| editing.set(Some(event_target_value(&ev)))></textarea>
                <div class="row">
                    <button type="submit" data-testid="edit-save">{words.save}</button>
                    <button type="button" class="quiet" on:click=move |_| editing.set(None)>{words.cancel}</button>
                </div>
            </form>
        }
        .into_any(),
    }
    }
}

/// Alone: the person's ideas, N of M, to add, reword or withdraw.
#[component]
pub fn IdeasView(live: Live) -> impl IntoView {
    let words = crate::t().person();
    let ideas = move || {
        let Some(person) = live.person() else {
            return Vec::new();
        };
        live.with(|w| w.ideas_of(person).map(|c| c.id).collect::<Vec<_>>())
    };
    let quota = move || live.with(|w| usize::from(w.settings.ideas_per_person));
    let full = move || ideas().len() >= quota();
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        // Where it lands matters only on the panel, which lays the ideas out again.
        net::act(
            live,
            Command::AddCard {
                text: body,
                x: 0.0,
                y: 0.0,
            },
        );
        text.set(String::new());
    };
    view! {
        <section class="ideas">
            <h2>{words.your_ideas}<span class="count" data-testid="idea-count">{move || {
                let (n, total) = (ideas().len().to_string(), quota().to_string());
                fill(words.idea_count, &[("n", &n), ("total", &total)])
            }}</span></h2>
            <p class="hint">{words.ideas_hint}</p>
            <form class="panel stack add-idea" on:submit=submit>
                <textarea data-testid="idea-input" rows="3" maxlength=MAX_CARD_TEXT.to_string()
                    aria-label=words.new_idea placeholder=words.idea_placeholder
                    disabled=full
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button type="submit" data-testid="idea-add" disabled=full>
                    {move || if full() { words.ideas_full } else { words.add_idea }}
                </button>
            </form>
            <ul class="tiles">
                <For each=ideas key=|id| *id let:card>
                    <li class="tile" data-testid="idea">
                        <CardText live card />
                        <Withdraw live card />
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// "Kept 1 of 2": the cards a group keeps, of its quota.
fn kept_count(kept: usize, quota: usize) -> String {
    let counted = crate::lang().count(&crate::t().person().kept_count, kept);
    fill(&counted, &[("quota", &quota.to_string())])
}

/// Selects or unselects `card` among the (at most two) cards picked for a merge; a third
/// pick drops the oldest.
pub fn pick_for_merge(selected: &mut Vec<CardId>, card: CardId) {
    if let Some(at) = selected.iter().position(|c| *c == card) {
        selected.remove(at);
    } else {
        selected.push(card);
        if selected.len() > 2 {
            selected.remove(0);
        }
    }
}

/// Withdrawing an idea cannot be undone by its author: a small button that asks once more
/// before it acts.
#[component]
fn Withdraw(live: Live, card: CardId) -> impl IntoView {
    let words = crate::t().person();
    let asking = RwSignal::new(false);
    move || {
        if asking.get() {
            view! {
                <div class="row confirm" role="group">
                    <span>{words.withdraw_confirm}</span>
                    <button class="danger" data-testid="withdraw-yes"
                        on:click=move |_| net::act(live, Command::WithdrawCard { card })>{words.withdraw}</button>
                    <button class="quiet" data-testid="withdraw-no" on:click=move |_| asking.set(false)>{words.cancel}</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button class="quiet small" data-testid="withdraw" on:click=move |_| asking.set(true)>{words.withdraw}</button>
            }
            .into_any()
        }
    }
}

/// One group's pool in the pairs or the fours: keep cards up to the quota, merge two,
/// reword, then declare the group done.
#[component]
pub fn PoolView(live: Live, group: Signal<Option<GroupId>>) -> impl IntoView {
    let words = crate::t().person();
    #[derive(Clone, PartialEq)]
    struct Info {
        id: GroupId,
        round: Round,
        name: String,
        members: String,
        kept: usize,
        quota: usize,
        done: bool,
        cards: Vec<CardId>,
    }
    let info = Memo::new(move |_| {
        let id = group.get()?;
        live.with(|w| {
            let group = w.group(id)?;
            let pool = w.pool(group);
            Some(Info {
                id,
                round: group.round,
                name: crate::frame::group_name(w, id),
                members: group
                    .members
                    .iter()
                    .map(|m| w.participant_name(*m))
                    .collect::<Vec<_>>()
                    .join(", "),
                kept: pool.kept,
                quota: pool.quota,
                done: group.done,
                cards: pool.cards.iter().map(|c| c.id).collect(),
            })
        })
    });
    let selected = RwSignal::new(Vec::<CardId>::new());
    let merge_text = RwSignal::new(String::new());
    let done = Signal::derive(move || info.with(|i| i.as_ref().is_some_and(|i| i.done)));
    // The facilitator works on a group as the person they act for when that person is in
    // it, and as the facilitator otherwise.
    let send = move |command: Command| {
        let member = live.acting_for.get_untracked().is_some_and(|p| {
            live.with(|w| {
                group
                    .get_untracked()
                    .and_then(|g| w.group(g))
                    .is_some_and(|g| g.members.contains(&p))
            })
        });
        if member || !live.is_facilitator() {
            net::act(live, command);
        } else {
            net::send(command);
        }
    };
    let toggle_select = move |card: CardId| {
        selected.update(|s| pick_for_merge(s, card));
        let texts: Vec<String> = selected.with_untracked(|s| {
            live.with(|w| {
                s.iter()
                    .filter_map(|c| w.cards.get(c).map(|c| c.text.clone()))
                    .collect()
            })
        });
        merge_text.set(texts.join(" / "));
    };
    let merge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let pair = selected.get_untracked();
        if let [a, b] = pair[..] {
            send(Command::MergeCards {
                cards: [a, b],
                text: merge_text.get_untracked(),
            });
            selected.set(Vec::new());
        }
    };
    // At the quota, only a kept card can be let go.
    let at_quota = move || info.with(|i| i.as_ref().is_some_and(|i| i.kept >= i.quota));
    let card_view = move |card: CardId| {
        let kept = move || {
            let round = info.with(|i| i.as_ref().map(|i| i.round));
            live.with(|w| {
                w.cards
                    .get(&card)
                    .is_some_and(|c| round.is_some_and(|r| c.is_kept(r)))
            })
        };
        let authors = move || {
            live.with(|w| {
                w.cards
                    .get(&card)
                    .map(|c| {
                        c.authors
                            .iter()
                            .map(|a| w.participant_name(*a))
                            .collect::<Vec<_>>()
                            .join(" + ")
                    })
                    .unwrap_or_default()
            })
        };
        let is_selected = move || selected.with(|s| s.contains(&card));
        view! {
            <li class="tile" class:kept=kept class:selected=is_selected data-testid="pool-card">
                <CardText live card locked=done />
                <p class="authors">{authors}</p>
                <div class="row">
                    <button class="keep" data-testid="keep" aria-pressed=move || kept().to_string()
                        disabled=move || done.get() || (!kept() && at_quota())
                        on:click=move |_| send(Command::Keep { card, keep: !kept() })>
                        {move || if kept() { words.kept } else { words.keep }}
                    </button>
                    <label class="select">
                        <input type="checkbox" data-testid="select" prop:checked=is_selected
                            disabled=move || done.get()
                            on:change=move |_| toggle_select(card) />
                        {words.merge}
                    </label>
                </div>
            </li>
        }
    };
    let present = Memo::new(move |_| info.with(|i| i.as_ref().map(|i| i.id)));
    let get =
        move |f: fn(&Info) -> String| move || info.with(|i| i.as_ref().map(f).unwrap_or_default());
    let ready = move || info.with(|i| i.as_ref().is_some_and(|i| i.kept == i.quota));
    let cards = move || info.with(|i| i.as_ref().map(|i| i.cards.clone()).unwrap_or_default());
    // Only the group itself changing rebuilds the section; keeps and edits update in place,
    // so a card being reworded stays open while the partner keeps another.
    move || {
        match present.get() {
        None => view! {
            <p class="panel" data-testid="no-group">{words.no_group}</p>
        }
        .into_any(),
        Some(id) => view! {
            <section class="pool" class:done=move || done.get() data-testid="pool">
                <div class="pool-head">
                    <h2>{get(|i| i.name.clone())}<span class="members">{get(|i| i.members.clone())}</span></h2>
                    <span class="kept-count" class:ready=ready data-testid="kept-count">
                        {get(|i| kept_count(i.kept, i.quota))}
                    </span>
                    <Show when=move || done.get() fallback=move || view! {
                        <button data-testid="group-done" disabled=move || !ready()
                            on:click=move |_| send(Command::SetDone { done: true, group: Some(id) })>{words.we_are_done}</button>
                        // Why it waits, in words a phone shows (it has no hover tooltips).
                        <Show when=move || !ready()>
                            <span class="hint" data-testid="done-hint">{get(|i| crate::lang().count(&crate::t().person().keep_to_finish, i.quota))}</span>
                        </Show>
                    }>
                        <span class="badge done" data-testid="group-state">{words.done}</span>
                        <button class="quiet" data-testid="group-reopen"
                            on:click=move |_| send(Command::SetDone { done: false, group: Some(id) })>{words.reopen}</button>
                    </Show>
                </div>
                <Show when=move || selected.with(|s| s.len() == 2)>
                    <form class="panel stack merge" on:submit=merge>
                        <label>{words.merge_label}
                            <textarea data-testid="merge-input" rows="2" maxlength=MAX_CARD_TEXT.to_string()
                                prop:value=move || merge_text.get()
                                on:input=move |ev| merge_text.set(event_target_value(&ev))></textarea>
                        </label>
                        <div class="row">
                            <button type="submit" data-testid="merge">{words.merge}</button>
                            <button type="button" class="quiet" on:click=move |_| selected.set(Vec::new())>{words.cancel}</button>
                        </div>
                    </form>
                </Show>
                <ul class="tiles">
                    <For each=cards key=|c| *c children=card_view />
                </ul>
            </section>
        }
        .into_any(),
    }
    }
}
