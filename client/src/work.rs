//! What a participant does in each phase: the core value, writing ideas, working on the
//! group's pool, and the vote. The facilitator uses the same pieces to act for someone
//! without a device, so each one works for "the person" of [`Live::person`].

use crate::board::Stickers;
use crate::net::{self, Live};
use leptos::prelude::*;
use panneau_shared::model::{MAX_CARD_TEXT, MAX_CORE_VALUE};
use panneau_shared::{CardId, Command, GroupId, Round, StickerColor, StickerId};

/// The core value said at the round table, kept as one typed it.
#[component]
pub fn CoreValue(live: Live) -> impl IntoView {
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
            <label>"One core value of your organisation"
                <input data-testid="core-value-input" maxlength=MAX_CORE_VALUE.to_string()
                    placeholder="e.g. Respect for the animals"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <div class="row">
                <button type="submit" data-testid="core-value-save" disabled=saved>"Save"</button>
                <Show when=move || saved() && !text.get().is_empty()>
                    <span class="hint">"Saved — you will say it at the round table."</span>
                </Show>
            </div>
        </form>
    }
}

/// A card's text with an "Edit" button that turns it into a field (reword).
#[component]
fn CardText(live: Live, card: CardId, #[prop(optional)] locked: Signal<bool>) -> impl IntoView {
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
                    on:click=move |_| editing.set(text.get_untracked())>"Edit"</button>
            </div>
        }
        .into_any(),
        Some(draft) => view! {
            <form class="edit-card stack" on:submit=save>
                <textarea data-testid="edit-input" rows="3" maxlength=MAX_CARD_TEXT.to_string()
                    prop:value=draft
                    on:input=move |ev| editing.set(Some(event_target_value(&ev)))></textarea>
                <div class="row">
                    <button type="submit" data-testid="edit-save">"Save"</button>
                    <button type="button" class="quiet" on:click=move |_| editing.set(None)>"Cancel"</button>
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
            <h2>"Your ideas "<span class="count" data-testid="idea-count">{move || format!("{} of {}", ideas().len(), quota())}</span></h2>
            <p class="hint">"Only you see them until you meet your pair."</p>
            <form class="panel stack add-idea" on:submit=submit>
                <textarea data-testid="idea-input" rows="3" maxlength=MAX_CARD_TEXT.to_string()
                    aria-label="New idea" placeholder="One idea per card…"
                    disabled=full
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <button type="submit" data-testid="idea-add" disabled=full>
                    {move || if full() { "All your ideas are written" } else { "Add this idea" }}
                </button>
            </form>
            <ul class="tiles">
                <For each=ideas key=|id| *id let:card>
                    <li class="tile" data-testid="idea">
                        <CardText live card />
                        <button class="quiet danger" data-testid="withdraw"
                            on:click=move |_| net::act(live, Command::WithdrawCard { card })>"Withdraw"</button>
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// One group's pool in the pairs or the fours: keep cards up to the quota, merge two,
/// reword, then declare the group done.
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

#[component]
pub fn PoolView(live: Live, group: Signal<Option<GroupId>>) -> impl IntoView {
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
                name: w.group_name(id),
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
                        disabled=move || done.get()
                        on:click=move |_| send(Command::Keep { card, keep: !kept() })>
                        {move || if kept() { "✓ Kept" } else { "Keep" }}
                    </button>
                    <label class="select">
                        <input type="checkbox" data-testid="select" prop:checked=is_selected
                            disabled=move || done.get()
                            on:change=move |_| toggle_select(card) />
                        "Merge"
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
            <p class="panel" data-testid="no-group">"You are not in a group yet; the facilitator will place you."</p>
        }
        .into_any(),
        Some(id) => view! {
            <section class="pool" class:done=move || done.get() data-testid="pool">
                <div class="pool-head">
                    <h2>{get(|i| i.name.clone())}<span class="members">{get(|i| i.members.clone())}</span></h2>
                    <span class="kept-count" class:ready=ready data-testid="kept-count">
                        {get(|i| format!("Kept {} of {}", i.kept, i.quota))}
                    </span>
                    <Show when=move || done.get() fallback=move || view! {
                        <button data-testid="group-done" disabled=move || !ready()
                            title=get(|i| format!("Keep exactly {} cards to finish", i.quota))
                            on:click=move |_| send(Command::SetDone { done: true, group: Some(id) })>"We are done"</button>
                    }>
                        <span class="badge done" data-testid="group-state">"Done ✓"</span>
                        <button class="quiet" data-testid="group-reopen"
                            on:click=move |_| send(Command::SetDone { done: false, group: Some(id) })>"Reopen"</button>
                    </Show>
                </div>
                <Show when=move || selected.with(|s| s.len() == 2)>
                    <form class="panel stack merge" on:submit=merge>
                        <label>"Merge the two selected cards into one"
                            <textarea data-testid="merge-input" rows="2" maxlength=MAX_CARD_TEXT.to_string()
                                prop:value=move || merge_text.get()
                                on:input=move |ev| merge_text.set(event_target_value(&ev))></textarea>
                        </label>
                        <div class="row">
                            <button type="submit" data-testid="merge">"Merge"</button>
                            <button type="button" class="quiet" on:click=move |_| selected.set(Vec::new())>"Cancel"</button>
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

/// The vote: every panel card with its stickers and the buttons to add one.
#[component]
pub fn VoteView(live: Live) -> impl IntoView {
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
    // One of your stickers, picked up to move it to another card or take it back.
    let picked = RwSignal::new(None::<StickerId>);
    let picked_on = move || {
        let sticker = picked.get()?;
        live.with(|w| w.stickers.get(&sticker).map(|s| s.card))
    };
    let place = move |card: CardId, color: StickerColor| {
        net::act(live, Command::PlaceSticker { card, color })
    };
    view! {
        <section class="vote">
            <div class="toolbar">
                <crate::frame::Budget live />
                <span class="hint">"Green: a priority. Red: “I will carry it out”. Click one of your dots to move it or take it back."</span>
            </div>
            <ul class="tiles vote-cards">
                {move || cards().into_iter().map(|card| {
                    let (id, text, theme) = card;
                    view! {
                        <li class="tile" data-testid="vote-card" data-card=id.0>
                            {theme.map(|t| view! { <span class="theme-tag">{t}</span> })}
                            <p class="card-text" data-testid="card-text">{text}</p>
                            <Stickers live id picked />
                            {move || match picked_on() {
                                Some(on) if on == id => view! {
                                    <div class="row">
                                        <button class="quiet" data-testid="sticker-remove" on:click=move |_| {
                                            if let Some(sticker) = picked.get_untracked() {
                                                net::act(live, Command::RemoveSticker { sticker });
                                            }
                                            picked.set(None);
                                        }>"Take it back"</button>
                                        <button class="quiet" on:click=move |_| picked.set(None)>"Cancel"</button>
                                    </div>
                                }.into_any(),
                                Some(_) => view! {
                                    <button class="move-here" data-testid="sticker-move-here" on:click=move |_| {
                                        if let Some(sticker) = picked.get_untracked() {
                                            net::act(live, Command::MoveSticker { sticker, card: id });
                                        }
                                        picked.set(None);
                                    }>"Move it here"</button>
                                }.into_any(),
                                None => ().into_any(),
                            }}
                            <Show when=can_vote>
                                <div class="row">
                                    <button class="add-sticker green" data-testid="add-green"
                                        on:click=move |_| place(id, StickerColor::Green)>"+ priority"</button>
                                    <button class="add-sticker red" data-testid="add-red"
                                        on:click=move |_| place(id, StickerColor::Red)>"+ I commit"</button>
                                </div>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
