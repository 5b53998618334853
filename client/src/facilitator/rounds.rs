//! The console during the rounds: who wrote how many ideas, and the groups of the pairs
//! and the fours.

use crate::net::{self, Live};
use crate::t;
use crate::work::PoolView;
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{Command, Group, GroupId, GroupMethod, ParticipantId, Round};

/// Who wrote how many ideas (the facilitator sees counts, and the texts only when acting
/// for someone).
#[component]
pub(super) fn IdeasProgress(live: Live) -> impl IntoView {
    let words = t().console();
    let rows = move || {
        live.with(|w| {
            let quota = w.settings.ideas_per_person;
            w.participants
                .values()
                .map(|p| {
                    let written = w.ideas_of(p.id).count();
                    (
                        p.name.clone(),
                        written,
                        quota,
                        written >= usize::from(quota),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel">
            <h2>{words.ideas_written}</h2>
            <ul class="progress" data-testid="ideas-progress">
                {move || rows().into_iter().map(|row| view! {
                    <li class:complete=row.3>
                        <span class="name">{row.0}</span>
                        <span class="count">{fill(words.ideas_count, &[("written", &row.1.to_string()), ("quota", &row.2.to_string())])}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The groups of a round: form them, see each one's progress, move people, finish or
/// reopen a group, and open its cards.
#[component]
pub(super) fn GroupsPanel(live: Live, round: Round) -> impl IntoView {
    let words = t().console();
    #[derive(Clone, PartialEq, Eq, Hash)]
    struct Row {
        id: GroupId,
        name: String,
        members: Vec<(ParticipantId, String)>,
        kept: usize,
        quota: usize,
        /// The quota set by hand, if any.
        manual: Option<u8>,
        /// The round's quota scaled to the group's size.
        scaled: usize,
        done: bool,
    }
    let groups = move || {
        live.with(|w| {
            w.groups_of(round)
                .map(|g| {
                    let pool = w.pool(g);
                    Row {
                        id: g.id,
                        name: crate::frame::group_name(w, g.id),
                        members: g
                            .members
                            .iter()
                            .map(|m| (*m, w.participant_name(*m).to_owned()))
                            .collect(),
                        kept: pool.kept,
                        quota: pool.quota,
                        manual: g.quota,
                        scaled: w.target_quota(&Group {
                            quota: None,
                            ..g.clone()
                        }),
                        done: g.done,
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    let targets = move || {
        live.with(|w| {
            w.groups_of(round)
                .map(|g| (g.id, crate::frame::group_name(w, g.id)))
                .collect::<Vec<_>>()
        })
    };
    let loose = move || {
        live.with(|w| {
            w.participants
                .values()
                .filter(|p| w.group_of(round, p.id).is_none())
                .map(|p| (p.id, p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let form = move |method: GroupMethod| net::send(Command::FormGroups { round, method });
    // A select per person: another group of the round, or a new one.
    let mover = move |person: ParticipantId, current: Option<GroupId>| {
        let pick = move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let group = match value.as_str() {
                "" => return,
                "new" => None,
                id => match id.parse::<u32>() {
                    Ok(id) => Some(GroupId(id)),
                    Err(_) => return,
                },
            };
            net::send(Command::MoveMember {
                round,
                participant: person,
                group,
            });
        };
        view! {
            <select class="move" aria-label=words.move_to_label data-testid="move-member" on:change=pick>
                <option value="" selected>{words.move_to}</option>
                {targets().into_iter().filter(|t| Some(t.0) != current).map(|(id, name)| view! {
                    <option value=id.0.to_string()>{name}</option>
                }).collect_view()}
                <option value="new">{words.new_group}</option>
            </select>
        }
    };
    let heading = match round {
        Round::Pairs => words.pairs_heading,
        Round::Fours => words.fours_heading,
    };
    view! {
        <section class="groups" data-testid="groups">
            <div class="toolbar">
                <h2>{heading}</h2>
                <button class="quiet" data-testid="form-random" on:click=move |_| form(GroupMethod::Random)>{words.form_random}</button>
                <button class="quiet" data-testid="form-order" on:click=move |_| form(GroupMethod::JoinOrder)>{words.form_order}</button>
                <span class="hint">{words.form_hint}</span>
            </div>
            <Show when=move || !loose().is_empty()>
                <p class="panel loose">{words.not_in_group}
                    {move || loose().into_iter().map(|(id, name)| view! { <span class="person">{name} {mover(id, None)}</span> }).collect_view()}
                </p>
            </Show>
            <ul class="group-list">
                <For each=groups key=|g| g.clone() let:group>
                    {
                        let id = group.id;
                        view! {
                            <li class="group" class:done=group.done data-testid="group">
                                <div class="group-head">
                                    <h3>{group.name.clone()}</h3>
                                    <span class="kept-count" class:ready=group.kept == group.quota>{fill(words.kept, &[("kept", &group.kept.to_string()), ("quota", &group.quota.to_string())])}</span>
                                    {if group.done {
                                        view! {
                                            <span class="badge done">{words.done}</span>
                                            <button class="quiet" on:click=move |_| net::send(Command::SetDone { done: false, group: Some(id) })>{words.reopen}</button>
                                        }.into_any()
                                    } else {
                                        view! { <span class="badge">{words.working}</span> }.into_any()
                                    }}
                                </div>
                                <div class="quota row">
                                    <label>{words.quota}
                                        <input type="number" min="1" max="255" step="1" data-testid="group-quota"
                                            value=group.manual.map_or(group.scaled, usize::from).to_string()
                                            on:change=move |ev| {
                                                if let Ok(n) = event_target_value(&ev).trim().parse::<u8>() {
                                                    if n > 0 {
                                                        net::send(Command::SetGroupQuota { group: id, quota: Some(n) });
                                                    }
                                                }
                                            } />
                                    </label>
                                    {match group.manual {
                                        Some(_) => view! {
                                            <span class="hint">{fill(words.quota_manual, &[("scaled", &group.scaled.to_string())])}</span>
                                            <button class="quiet" data-testid="quota-reset"
                                                on:click=move |_| net::send(Command::SetGroupQuota { group: id, quota: None })>{words.quota_reset}</button>
                                        }.into_any(),
                                        None => view! { <span class="hint">{words.quota_scaled}</span> }.into_any(),
                                    }}
                                </div>
                                <ul class="members">
                                    {group.members.iter().map(|(person, name)| view! {
                                        <li>{name.clone()} {mover(*person, Some(id))}</li>
                                    }).collect_view()}
                                </ul>
                                <details>
                                    <summary>{words.group_cards}</summary>
                                    <PoolView live group=Signal::stored(Some(id)) />
                                </details>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
    }
}
