//! The console's controls of the meeting's pace: the phases (back, next, jump) and the
//! countdown.

use crate::frame::mmss;
use crate::net::{self, Live};
use crate::t;
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{Command, Phase};

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
pub(super) fn PhaseControls(live: Live) -> impl IntoView {
    let words = t().console();
    let phases = &t().common().phases;
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
pub(super) fn TimerControls(live: Live) -> impl IntoView {
    let words = t().console();
    let default_s = Memo::new(move |_| live.with(|w| w.settings.durations.of(w.phase)));
    let minutes = RwSignal::new(String::new());
    // Running, or paused part-way; a countdown not started yet has only Start.
    let timer = move || {
        live.with(|w| {
            w.timer
                .as_ref()
                .map(|t| (t.is_running(), t.is_running() || t.elapsed_ms > 0))
        })
    };
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
            {move || timer().map(|(running, started)| view! {
                <button class="quiet" data-testid="timer-add" on:click=|_| net::send(Command::AddTime { seconds: 60 })>{words.add_minute}</button>
                {match (running, started) {
                    (true, _) => view! { <button class="quiet" data-testid="timer-pause" on:click=|_| net::send(Command::PauseTimer)>{words.pause}</button> }.into_any(),
                    (false, true) => view! { <button class="quiet" data-testid="timer-resume" on:click=|_| net::send(Command::ResumeTimer)>{words.resume}</button> }.into_any(),
                    (false, false) => ().into_any(),
                }}
                <button class="quiet" data-testid="timer-clear" on:click=|_| net::send(Command::ClearTimer)>{words.clear}</button>
            })}
        </div>
    }
}
