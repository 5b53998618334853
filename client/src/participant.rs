//! The participant page (works on a phone): join, then whatever the current phase asks of
//! them — a core value, ideas alone, the group's pool, the panel, the vote, the results.

use crate::board::Panel;
use crate::frame::{origin, refused, Header, People};
use crate::net::{self, Live};
use crate::outcome::OutputLinks;
use crate::results::ResultsView;
use crate::vote::VoteView;
use crate::work::{CoreValue, IdeasView, PoolView};
use leptos::prelude::*;
use panneau_shared::model::{MAX_NAME, MAX_ORGANISATION};
use panneau_shared::protocol::Credential;
use panneau_shared::{Actor, Command, Phase};

const TOKEN_PREFIX: &str = "panneau:token:";

/// This browser's participant token for a board. A `#token=…` link (from "continue on
/// another device") takes precedence and is then removed from the address bar.
fn participant_token(code: &str) -> String {
    let window = web_sys::window().expect("a window");
    let storage = window.local_storage().ok().flatten();
    let key = format!("{TOKEN_PREFIX}{code}");
    let hash = window.location().hash().unwrap_or_default();
    if let Some(token) = crate::fragment_value(&hash, "token") {
        if let Some(storage) = &storage {
            let _ = storage.set_item(&key, &token);
        }
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("/b/{code}")),
            );
        }
        return token;
    }
    if let Some(token) = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten())
    {
        return token;
    }
    let token = crate::random_token(16);
    if let Some(storage) = &storage {
        let _ = storage.set_item(&key, &token);
    }
    token
}

#[component]
fn JoinForm() -> impl IntoView {
    let words = &crate::t().person;
    let name = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        net::send(Command::Join {
            name: name.get_untracked(),
            organisation: organisation.get_untracked(),
        });
    };
    view! {
        <form class="panel stack join" on:submit=submit>
            <h2>{words.join_heading}</h2>
            <label>{words.your_name}
                <input data-testid="join-name" required maxlength=MAX_NAME.to_string() autocomplete="name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>{words.your_organisation}
                <input data-testid="join-org" maxlength=MAX_ORGANISATION.to_string() autocomplete="organization"
                    prop:value=move || organisation.get()
                    on:input=move |ev| organisation.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="join-submit">{words.join}</button>
        </form>
    }
}

/// What the person works on now; also the facilitator's view when acting for someone.
/// Rebuilt only when the phase changes, so a half-typed text survives other people's
/// changes.
pub fn phase_work(live: Live, phase: Phase) -> AnyView {
    let words = &crate::t().person;
    match phase {
        Phase::Lobby => view! {
            <p class="panel waiting" data-testid="waiting">{words.waiting}</p>
            <CoreValue live />
        }
        .into_any(),
        Phase::RoundTable => view! {
            <CoreValue live />
            <People live />
        }
        .into_any(),
        Phase::Ideas => view! { <IdeasView live /> }.into_any(),
        Phase::Pairs | Phase::Fours => {
            let round = phase.round().expect("a group phase has a round");
            let group = Signal::derive(move || {
                let person = live.person()?;
                live.with(|w| w.group_of(round, person).map(|g| g.id))
            });
            view! { <PoolView live group /> }.into_any()
        }
        Phase::Plenary => view! {
            <p class="hint">{words.plenary_hint}</p>
            <crate::tray::Tray live controls=false />
            <Panel live interactive=true />
        }
        .into_any(),
        Phase::Vote => view! { <VoteView live /> }.into_any(),
        Phase::Results => view! { <ResultsView live /> <OutputLinks live /> }.into_any(),
    }
}

#[component]
pub fn ParticipantPage(code: String) -> impl IntoView {
    let words = &crate::t().person;
    let token = participant_token(&code);
    let live = net::connect(
        code.clone(),
        Credential::Participant {
            token: token.clone(),
        },
    );
    let stage = Memo::new(move |_| (live.me.get(), live.phase()));
    let name = move || {
        let id = live.participant()?;
        live.with(|w| w.participants.get(&id).map(|p| p.name.clone()))
    };
    let other_device = format!("{}/b/{code}#token={token}", origin());
    view! {
        <main class="page participant">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m} " — " <a href="/">{words.back}</a></p> })}
            <Show when=move || name().is_some()>
                <div class="toolbar">
                    <span class="me" data-testid="me">{name}</span>
                    <details class="device">
                        <summary>{words.other_device}</summary>
                        <p>{words.other_device_hint}</p>
                        <input readonly value=other_device.clone() />
                    </details>
                </div>
            </Show>
            {move || match stage.get() {
                (Some(Actor::Guest), Some(_)) => view! { <JoinForm /> }.into_any(),
                (Some(Actor::Participant { .. }), Some(phase)) => phase_work(live, phase),
                // Refused for good (a wrong code, say): the reason above is all there is.
                _ if refused(live).is_some() => ().into_any(),
                _ => view! { <p class="panel">{words.connecting}</p> }.into_any(),
            }}
        </main>
    }
}
