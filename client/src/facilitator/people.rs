//! The console's lobby and people: the workshop's numbers, people without a device, and
//! acting for one of them.

use crate::net::{self, Live};
use crate::t;
use leptos::prelude::*;
use panneau_shared::model::{MAX_NAME, MAX_ORGANISATION, MAX_TIMER_SECONDS};
use panneau_shared::{Command, Durations, ParticipantId, Phase, Settings};

/// The numbers of the workshop, editable in the lobby.
#[component]
pub(super) fn SettingsForm(live: Live) -> impl IntoView {
    let words = t().console();
    let phases = &t().common().phases;
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
pub(super) fn AddProxy() -> impl IntoView {
    let words = t().console();
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
pub(super) fn ActFor(live: Live) -> impl IntoView {
    let words = t().console();
    let no_device = format!(" ({})", t().common().no_device);
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

/// Whether newcomers may join, and the button that changes it.
#[component]
pub(super) fn Door(live: Live) -> impl IntoView {
    let words = t().console();
    let closed = move || live.with(|w| w.door_closed);
    view! {
        <div class="door" data-testid="door">
            <p class="hint" aria-live="polite">{move || if closed() { words.door_closed_note } else { words.door_open_note }}</p>
            <button class="quiet" data-testid="door-toggle" aria-pressed=move || closed().to_string()
                on:click=move |_| net::send(Command::SetDoor { closed: !closed() })>
                {move || if closed() { words.door_open } else { words.door_close }}
            </button>
        </div>
    }
}
