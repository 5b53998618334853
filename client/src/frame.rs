//! What every page shows around its content: the title, the state of the connection,
//! the phase bar with the countdown, the last refusal, and the list of people.

use crate::net::{self, Live, Status};
use crate::{lang, switch_lang, t};
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::{Command, Lang, ParticipantId, Phase, StickerColor};

pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The server's last word when it refused this page for good.
pub fn refused(live: Live) -> Option<String> {
    match live.status.get() {
        Status::Refused(message) => Some(message),
        _ => None,
    }
}

/// `mm:ss`, rounded up so that "00:00" means the time is really over.
pub fn mmss(ms: u64) -> String {
    let s = ms.div_ceil(1000);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Title, question, code, the state of the connection, the phases and the last refusal.
#[component]
pub fn Header(live: Live, code: String) -> impl IntoView {
    // A new phase is a new page: the last refusal (about the phase before) goes, and the
    // page starts at its top.
    let phase = Memo::new(move |_| live.phase());
    Effect::new(move |previous: Option<Option<panneau_shared::Phase>>| {
        let now = phase.get();
        if previous.is_some_and(|before| before.is_some() && before != now) {
            live.notice.set(None);
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        now
    });
    let title = move || live.with(|w| w.title.clone());
    let question = move || live.with(|w| w.question.clone());
    let words = t().common();
    let status = move || match live.status.get() {
        Status::Connecting => ("connecting", words.connecting.to_string()),
        Status::Online => {
            let waiting = live.unacked.get();
            if waiting > 0 {
                let n = waiting.to_string();
                (
                    "saving",
                    panneau_shared::i18n::fill(words.saving, &[("n", &n)]),
                )
            } else {
                ("online", words.live.to_string())
            }
        }
        Status::Offline => ("offline", words.offline.to_string()),
        // The page says why, in full, where its content would be.
        Status::Refused(_) => ("refused", String::new()),
    };
    view! {
        <header class="top">
            <div class="titles">
                <h1 data-testid="title">{title}</h1>
                <p class="question">{question}</p>
            </div>
            <div class="meta">
                <LanguageMenu />
                <span class="code" title=words.join_code>{code}</span>
                <span class=move || format!("status {}", status().0) data-testid="status" role="status" hidden=move || status().1.is_empty()>{move || status().1}</span>
            </div>
        </header>
        <PhaseBar live />
        {move || live.notice.get().map(|message| view! {
            <div class="notice" role="alert" data-testid="notice">
                <span>{message}</span>
                <button on:click=move |_| live.notice.set(None) aria-label=words.dismiss>"×"</button>
            </div>
        })}
    }
}

/// The eight phases with the current one highlighted, and the countdown.
#[component]
pub fn PhaseBar(live: Live) -> impl IntoView {
    let current = Memo::new(move |_| live.phase());
    let steps = Phase::ALL
        .iter()
        .map(|&phase| {
            let is = move || current.get() == Some(phase);
            view! {
                <li class:current=is class:past=move || current.get().is_some_and(|c| c > phase)
                    aria-current=move || is().then_some("step")>{t().common().phases[phase as usize]}</li>
            }
        })
        .collect_view();
    view! {
        <nav class="phases" aria-label=t().common().phases_label data-testid="phase-bar">
            <ol>{steps}</ol>
            <Countdown live />
        </nav>
    }
}

/// The countdown, counted locally from the timer state and the server's clock.
#[component]
pub fn Countdown(live: Live) -> impl IntoView {
    let state = move || {
        let now = live.now_ms.get();
        live.with(|w| {
            w.timer
                .as_ref()
                .map(|t| (t.remaining_ms(now), t.is_running(), t.elapsed_ms > 0))
        })
    };
    let words = t().common();
    // A countdown not started yet shows its length, plainly; "paused" is for one that ran.
    move || {
        state().map(|(left, running, started)| {
            let paused = !running && started;
            view! {
                <span class="countdown" class:paused=paused class:ready=!running && !started class:over=left == 0
                    data-testid="countdown" role="timer"
                    title=if paused { words.countdown_paused } else { words.time_left }>
                    {mmss(left)}{paused.then_some(view! { <small>{words.paused}</small> })}
                </span>
            }
        })
    }
}

/// Everyone on the board: who is online, their organisation and their core value. With
/// `manage` (the console), on how many devices each is connected, and a way to take
/// someone off the board (asked twice).
#[component]
pub fn People(
    live: Live,
    #[prop(optional)] big: bool,
    #[prop(optional)] manage: bool,
) -> impl IntoView {
    let people = move || {
        let presence = live.presence.get();
        live.with(|w| {
            w.participants
                .values()
                .filter(|p| !p.removed)
                .map(|p| {
                    let devices = presence
                        .participants
                        .iter()
                        .position(|id| *id == p.id)
                        .map_or(0, |i| presence.devices.get(i).copied().unwrap_or(1));
                    (
                        p.id,
                        p.name.clone(),
                        p.organisation.clone(),
                        p.core_value.clone(),
                        devices > 0 || p.proxy,
                        p.proxy,
                        devices,
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let words = t().common();
    // Whom the facilitator is about to take off, waiting for the second click.
    let removing = RwSignal::new(None::<ParticipantId>);
    view! {
        <section class="people" class:big=big aria-label=words.participants_label>
            <h2>{move || lang().count(&words.participants, people().len())}</h2>
            <ul data-testid="participants">
                {move || people().into_iter().map(|person| {
                    let (id, name) = (person.0, person.1.clone());
                    let label = fill(words.remove_person, &[("name", &name)]);
                    let asking = move || removing.get() == Some(id);
                    view! {
                        <li class:online=person.4 data-testid="participant">
                            <span class="presence-dot"></span>
                            <span class="name">{person.1}</span>
                            {person.5.then_some(view! { <span class="tag">{words.no_device}</span> })}
                            {(manage && person.6 > 1).then(|| view! {
                                <span class="tag" data-testid="devices">{lang().count(&words.devices, person.6 as usize)}</span>
                            })}
                            <span class="org">{person.2}</span>
                            {(!person.3.is_empty()).then(|| view! { <span class="value" data-testid="core-value">{person.3}</span> })}
                            {manage.then(|| view! {
                                <Show when=asking fallback=move || view! {
                                    <button class="quiet small" data-testid="remove-person" aria-label=label.clone()
                                        on:click=move |_| removing.set(Some(id))>"×"</button>
                                }>
                                    <div class="confirm" role="alert">
                                        <p>{fill(words.remove_person_confirm, &[("name", &name)])}</p>
                                        <button class="danger" data-testid="remove-person-yes" on:click=move |_| {
                                            removing.set(None);
                                            net::send(Command::RemoveParticipant { participant: id });
                                        }>{words.remove_person_yes}</button>
                                        <button class="quiet" on:click=move |_| removing.set(None)>{t().person().cancel}</button>
                                    </div>
                                </Show>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// How many stickers of each colour the person still has.
#[component]
pub fn Budget(live: Live) -> impl IntoView {
    let left = move |color: StickerColor| {
        let Some(id) = live.person() else {
            return 0;
        };
        live.with(|w| usize::from(w.budget(color)).saturating_sub(w.stickers_of(id, color).count()))
    };
    let words = t().common();
    view! {
        <p class="budget" data-testid="budget" aria-live="polite">
            <span class="dot green"></span>{move || lang().count(&words.priority_left, left(StickerColor::Green))}
            <span class="dot red"></span>{move || lang().count(&words.commitment_left, left(StickerColor::Red))}
        </p>
    }
}

/// The menu of the languages this person may read the page in; choosing one remembers it
/// and shows the page in it.
#[component]
pub fn LanguageMenu() -> impl IntoView {
    let choose = move |ev: leptos::ev::Event| {
        let chosen = Lang::negotiate([event_target_value(&ev).as_str()]);
        if chosen != lang() {
            switch_lang(chosen);
        }
    };
    view! {
        <select class="language-menu" aria-label=t().common().language data-testid="language-menu" on:change=choose>
            {Lang::ALL.into_iter().map(|l| view! {
                <option value=l.tag() selected=l == lang()>{l.name()}</option>
            }).collect_view()}
        </select>
    }
}

/// A group's name as people read it: "Pair 2", "Binôme 2", "Gruppo 1".
pub fn group_name(w: &panneau_shared::Workshop, id: panneau_shared::GroupId) -> String {
    match w.group(id) {
        Some(_) => panneau_shared::i18n::group_name(lang(), w.group_ref(id)),
        None => String::new(),
    }
}
