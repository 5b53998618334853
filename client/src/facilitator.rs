//! The facilitator console: moving through the phases, the countdown, the settings, people
//! without a device (and acting for them), the groups, the themes and cards of the panel,
//! and the results.

use crate::board::Panel;
use crate::frame::{mmss, origin, refused, Header, People};
use crate::net::{self, Live};
use crate::outcome::{DetailsForm, FollowUpsForm, LanguageChoice, OutputLinks, SynthesisForm};
use crate::participant::phase_work;
use crate::results::ResultsView;
use crate::tray::Tray;
use crate::work::PoolView;
use crate::{lang, t};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::model::{
    MAX_CARD_TEXT, MAX_NAME, MAX_ORGANISATION, MAX_THEME, MAX_TIMER_SECONDS,
};
use panneau_shared::protocol::Credential;
use panneau_shared::{
    CardId, Command, Durations, Group, GroupId, GroupMethod, ParticipantId, Phase, Round, Settings,
    ThemeId, UNTHEMED_AREA,
};

/// The wire name of a phase, used as the value of the picker's options.
fn phase_key(phase: Phase) -> &'static str {
    match phase {
        Phase::Lobby => "lobby",
        Phase::RoundTable => "round_table",
        Phase::Ideas => "ideas",
        Phase::Pairs => "pairs",
        Phase::Fours => "fours",
        Phase::Plenary => "plenary",
        Phase::Vote => "vote",
        Phase::Results => "results",
    }
}

/// Back, Next, and a picker to jump to any phase.
#[component]
fn PhaseControls(live: Live) -> impl IntoView {
    let words = &t().console;
    let phases = &t().common.phases;
    let phase = Memo::new(move |_| live.phase().unwrap_or_default());
    let go = move |to: Option<Phase>| {
        if let Some(phase) = to {
            net::send(Command::SetPhase { phase });
        }
    };
    let pick = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if let Some(to) = Phase::ALL.into_iter().find(|p| phase_key(*p) == key) {
            if to != phase.get_untracked() {
                go(Some(to));
            }
        }
    };
    view! {
        <div class="phase-controls" role="group" aria-label=words.phase_controls>
            <button class="quiet" data-testid="phase-back" disabled=move || phase.get().previous().is_none()
                on:click=move |_| go(phase.get_untracked().previous())>{words.back}</button>
            <select data-testid="phase-select" aria-label=words.go_to_phase on:change=pick>
                {Phase::ALL.into_iter().map(|p| view! {
                    <option value=phase_key(p) prop:selected=move || phase.get() == p>{phases[p as usize]}</option>
                }).collect_view()}
            </select>
            <button class="next" data-testid="phase-next" disabled=move || phase.get().next().is_none()
                on:click=move |_| go(phase.get_untracked().next())>
                {move || phase.get().next().map_or(words.last_phase.to_string(), |p| fill(words.next, &[("phase", phases[p as usize])]))}
            </button>
        </div>
    }
}

/// Start (the phase's default length, or the minutes typed), ±1 min, pause/resume, clear.
#[component]
fn TimerControls(live: Live) -> impl IntoView {
    let words = &t().console;
    let default_s = Memo::new(move |_| live.with(|w| w.settings.durations.of(w.phase)));
    let minutes = RwSignal::new(String::new());
    let timer = move || live.with(|w| w.timer.as_ref().map(|t| t.is_running()));
    let start = move |_| {
        let typed = minutes
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok();
        let seconds = match typed {
            Some(m) if m > 0.0 => Some((m * 60.0).round() as u32),
            _ if default_s.get_untracked() > 0 => None,
            _ => Some(5 * 60),
        };
        net::send(Command::StartTimer { seconds });
    };
    view! {
        <div class="timer-controls" role="group" aria-label=words.timer_controls>
            <input class="minutes" type="number" min="1" max="240" step="1" aria-label=words.minutes
                data-testid="timer-minutes"
                placeholder=move || { let s = default_s.get(); if s > 0 { (s / 60).to_string() } else { "5".into() } }
                prop:value=move || minutes.get()
                on:input=move |ev| minutes.set(event_target_value(&ev)) />
            <button data-testid="timer-start" on:click=start
                title=move || fill(words.start_title, &[("time", &mmss(u64::from(default_s.get().max(300)) * 1000))])>
                {words.start}
            </button>
            {move || timer().map(|running| view! {
                <button class="quiet" data-testid="timer-add" on:click=|_| net::send(Command::AddTime { seconds: 60 })>{words.add_minute}</button>
                {if running {
                    view! { <button class="quiet" data-testid="timer-pause" on:click=|_| net::send(Command::PauseTimer)>{words.pause}</button> }.into_any()
                } else {
                    view! { <button class="quiet" data-testid="timer-resume" on:click=|_| net::send(Command::ResumeTimer)>{words.resume}</button> }.into_any()
                }}
                <button class="quiet" data-testid="timer-clear" on:click=|_| net::send(Command::ClearTimer)>{words.clear}</button>
            })}
        </div>
    }
}

/// The numbers of the workshop, editable in the lobby.
#[component]
fn SettingsForm(live: Live) -> impl IntoView {
    let words = &t().console;
    let phases = &t().common.phases;
    let stored = Memo::new(move |_| live.with(|w| w.settings.clone()));
    let draft = RwSignal::new(Settings::default());
    Effect::new(move |_| draft.set(stored.get()));
    let number = move |label: &'static str,
                       key: &'static str,
                       get: fn(&Settings) -> u8,
                       set: fn(&mut Settings, u8)| {
        view! {
            <label>{label}
                <input type="number" min="0" max="80" data-testid=key
                    prop:value=move || draft.with(|s| get(s).to_string())
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u8>() {
                            draft.update(|s| set(s, v));
                        }
                    } />
            </label>
        }
    };
    // A phase's countdown: minutes in the form, seconds in the settings; 0 = none.
    let minutes = move |label: &'static str,
                        key: &'static str,
                        get: fn(&Durations) -> u32,
                        set: fn(&mut Durations, u32)| {
        view! {
            <label>{label}
                <input type="number" min="0" max=(MAX_TIMER_SECONDS / 60).to_string() step="1" data-testid=key
                    prop:value=move || draft.with(|s| (get(&s.durations) / 60).to_string())
                    on:input=move |ev| {
                        if let Ok(m) = event_target_value(&ev).trim().parse::<u32>() {
                            draft.update(|s| set(&mut s.durations, m.saturating_mul(60)));
                        }
                    } />
            </label>
        }
    };
    let flag =
        move |label: &'static str, get: fn(&Settings) -> bool, set: fn(&mut Settings, bool)| {
            view! {
                <label class="check">
                    <input type="checkbox" prop:checked=move || draft.with(get)
                        on:change=move |ev| draft.update(|s| set(s, event_target_checked(&ev))) />
                    {label}
                </label>
            }
        };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        net::send(Command::UpdateSettings {
            settings: draft.get_untracked(),
        });
    };
    view! {
        <form class="panel settings" on:submit=submit>
            <h2>{words.settings}</h2>
            <div class="grid">
                {number(words.ideas_per_person, "set-ideas", |s| s.ideas_per_person, |s, v| s.ideas_per_person = v)}
                {number(words.pair_keeps, "set-pair", |s| s.pair_keep, |s, v| s.pair_keep = v)}
                {number(words.four_keeps, "set-four", |s| s.four_keep, |s, v| s.four_keep = v)}
                {number(words.green_each, "set-green", |s| s.green, |s, v| s.green = v)}
                {number(words.red_each, "set-red", |s| s.red, |s, v| s.red = v)}
            </div>
            <h3>{words.durations}</h3>
            <div class="grid">
                {minutes(phases[Phase::RoundTable as usize], "dur-round-table", |d| d.round_table, |d, v| d.round_table = v)}
                {minutes(phases[Phase::Ideas as usize], "dur-ideas", |d| d.ideas, |d, v| d.ideas = v)}
                {minutes(phases[Phase::Pairs as usize], "dur-pairs", |d| d.pairs, |d, v| d.pairs = v)}
                {minutes(phases[Phase::Fours as usize], "dur-fours", |d| d.fours, |d, v| d.fours = v)}
                {minutes(phases[Phase::Plenary as usize], "dur-plenary", |d| d.plenary, |d, v| d.plenary = v)}
                {minutes(phases[Phase::Vote as usize], "dur-vote", |d| d.vote, |d, v| d.vote = v)}
            </div>
            {flag(words.several_greens, |s| s.multiple_greens_per_card, |s, v| s.multiple_greens_per_card = v)}
            {flag(words.stickers_visible, |s| s.stickers_visible_during_vote, |s, v| s.stickers_visible_during_vote = v)}
            <div class="row">
                <button type="submit" data-testid="settings-save" disabled=move || draft.get() == stored.get()>{words.save_settings}</button>
                <span class="hint">{words.settings_hint}</span>
            </div>
        </form>
    }
}

/// Adds someone in the room who has no device.
#[component]
fn AddProxy() -> impl IntoView {
    let words = &t().console;
    let name = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name.get_untracked().trim().is_empty() {
            return;
        }
        net::send(Command::AddProxy {
            name: name.get_untracked(),
            organisation: organisation.get_untracked(),
        });
        name.set(String::new());
        organisation.set(String::new());
    };
    view! {
        <form class="stack" on:submit=submit>
            <h2>{words.proxy_heading}</h2>
            <input data-testid="proxy-name" placeholder=words.name maxlength=MAX_NAME.to_string() aria-label=words.name
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            <input data-testid="proxy-org" placeholder=words.organisation maxlength=MAX_ORGANISATION.to_string() aria-label=words.organisation
                prop:value=move || organisation.get() on:input=move |ev| organisation.set(event_target_value(&ev)) />
            <button type="submit" data-testid="proxy-add">{words.add}</button>
        </form>
    }
}

/// Chooses whom the facilitator acts for; their ideas, keeps and stickers then go out
/// on that person's behalf.
#[component]
fn ActFor(live: Live) -> impl IntoView {
    let words = &t().console;
    let no_device = format!(" ({})", t().common.no_device);
    let people = move || {
        live.with(|w| {
            let mut people: Vec<_> = w
                .participants
                .values()
                .map(|p| (p.id, p.name.clone(), p.proxy))
                .collect();
            // People without a device first: they are the ones to act for.
            people.sort_by_key(|p| !p.2);
            people
        })
    };
    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev)
            .parse::<u32>()
            .ok()
            .map(ParticipantId);
        live.acting_for.set(id);
    };
    view! {
        <label class="stack act-for">
            <h2>{words.act_for}</h2>
            <select data-testid="act-for" on:change=pick>
                <option value="" prop:selected=move || live.acting_for.get().is_none()>{words.act_for_nobody}</option>
                {move || people().into_iter().map(|person| view! {
                    <option value=person.0.0.to_string() prop:selected=move || live.acting_for.get() == Some(person.0)>
                        {person.1}{person.2.then(|| no_device.clone())}
                    </option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// Who wrote how many ideas (the facilitator sees counts, and the texts only when acting
/// for someone).
#[component]
fn IdeasProgress(live: Live) -> impl IntoView {
    let words = &t().console;
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
fn GroupsPanel(live: Live, round: Round) -> impl IntoView {
    let words = &t().console;
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

/// The order in which the fours present their cards in the plenary.
#[component]
fn PresentationOrder(live: Live) -> impl IntoView {
    let words = &t().console;
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
fn ThemesEditor(live: Live) -> impl IntoView {
    let words = &t().console;
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
fn AddPanelCard(live: Live) -> impl IntoView {
    let words = &t().console;
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
fn PanelCards(live: Live) -> impl IntoView {
    let words = &t().console;
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

/// The main area for each phase. Rebuilt only when the phase or the person acted for
/// changes.
fn stage(live: Live, phase: Phase, acting: bool) -> AnyView {
    match phase {
        Phase::Lobby => view! {
            <SettingsForm live />
            <LanguageChoice live />
            <DetailsForm live />
            <FollowUpsForm live />
            {acting.then(|| phase_work(live, phase))}
        }
        .into_any(),
        Phase::RoundTable => {
            if acting {
                view! { <crate::work::CoreValue live /> <People live big=true /> }.into_any()
            } else {
                view! { <People live big=true /> }.into_any()
            }
        }
        Phase::Ideas => view! {
            <IdeasProgress live />
            {acting.then(|| phase_work(live, phase))}
        }
        .into_any(),
        Phase::Pairs | Phase::Fours => {
            let round = phase.round().expect("a group phase has a round");
            view! { <GroupsPanel live round /> }.into_any()
        }
        Phase::Plenary => view! {
            <Tray live controls=true />
            <AddPanelCard live />
            <Panel live interactive=true />
            <p class="hint">{t().board.keys_hint}</p>
            <div class="plenary-tools">
                <PanelCards live />
                <div>
                    <PresentationOrder live />
                    <ThemesEditor live />
                </div>
            </div>
        }
        .into_any(),
        Phase::Vote => view! {
            {(!acting).then(|| view! { <p class="hint">{t().console.vote_hint}</p> })}
            {phase_work(live, phase)}
        }
        .into_any(),
        Phase::Results => view! {
            <ResultsView live />
            <SynthesisForm live />
            <FollowUpsForm live />
            <DetailsForm live />
        }
        .into_any(),
    }
}

#[component]
pub fn FacilitatorPage(code: String, key: String) -> impl IntoView {
    let words = &t().console;
    let live = net::connect(code.clone(), Credential::Facilitator { key });
    let base = origin();
    let join_link = format!("{base}/b/{code}");
    let wall_link = format!("{base}/b/{code}/wall");
    let acting_name = move || {
        let id = live.acting_for.get()?;
        live.with(|w| w.participants.get(&id).map(|p| p.name.clone()))
    };
    let view_key = Memo::new(move |_| (live.phase(), live.acting_for.get()));
    // A memo, so that the folded forms are rebuilt when the phase changes, not with every
    // event (which would lose what is being typed).
    let folded_details =
        Memo::new(move |_| !matches!(live.phase(), None | Some(Phase::Lobby | Phase::Results)));
    view! {
        <main class="page facilitator">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <div class="controls">
                <PhaseControls live />
                <TimerControls live />
            </div>
            {move || acting_name().map(|name| view! {
                <div class="acting" data-testid="acting">
                    <span>{fill(words.acting, &[("name", &name)])}</span>
                    <button class="quiet" on:click=move |_| live.acting_for.set(None)>{words.stop_acting}</button>
                </div>
            })}
            <div class="console">
                <aside class="side">
                    <section class="links">
                        <h2>{words.links}</h2>
                        <p>{words.join_link}<a href=join_link.clone() data-testid="join-link">{join_link.clone()}</a></p>
                        <p>{words.wall_link}<a href=wall_link.clone() target="_blank" data-testid="wall-link">{wall_link.clone()}</a></p>
                        <p class="hint">{words.key_hint}</p>
                    </section>
                    <OutputLinks live />
                    // The report's details and next steps can change at any phase; the
                    // lobby and the results show them in full, the others folded here.
                    {move || folded_details.get().then(|| view! {
                        <details class="report-details">
                            <summary data-testid="report-details">{words.report_details}</summary>
                            <DetailsForm live />
                            <FollowUpsForm live />
                        </details>
                    })}
                    <section><ActFor live /></section>
                    <People live />
                    <section><AddProxy /></section>
                </aside>
                <section class="main">
                    {move || match view_key.get() {
                        (Some(phase), acting) => stage(live, phase, acting.is_some()),
                        (None, _) if refused(live).is_some() => ().into_any(),
                        (None, _) => view! { <p class="panel">{words.connecting_workshop}</p> }.into_any(),
                    }}
                </section>
            </div>
        </main>
    }
}
