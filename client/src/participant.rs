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
use panneau_shared::i18n::fill;
use panneau_shared::model::{MAX_NAME, MAX_ORGANISATION};
use panneau_shared::protocol::Credential;
use panneau_shared::{Actor, Command, Phase};

const TOKEN_PREFIX: &str = "panneau:token:";

/// The participant token this page connects with, whether it came from a link that must
/// be confirmed first, and whether it is new (then this browser is no one on the board
/// yet, and the join form need not wait for the server to say so). This browser keeps its own token per board; a `#token=…` link
/// (from "continue on another device") is removed from the address bar and is adopted
/// only once the person says the place it opens is theirs: a link sent in a meeting's chat
/// must not silently make someone else of them.
fn participant_token(code: &str) -> (String, bool, bool) {
    let window = web_sys::window().expect("a window");
    let storage = window.local_storage().ok().flatten();
    let key = format!("{TOKEN_PREFIX}{code}");
    let stored = storage
        .as_ref()
        .and_then(|s| s.get_item(&key).ok().flatten());
    let hash = window.location().hash().unwrap_or_default();
    if let Some(linked) = crate::fragment_value(&hash, "token") {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("/b/{code}")),
            );
        }
        if stored.as_deref() != Some(linked.as_str()) {
            return (linked, true, false);
        }
    }
    if let Some(token) = stored {
        return (token, false, false);
    }
    let token = crate::random_token(16);
    if let Some(storage) = &storage {
        let _ = storage.set_item(&key, &token);
    }
    (token, false, true)
}

/// What the page shows below its header. Kept as a memo of its own so that a view is
/// rebuilt only when this changes: a half-typed join form survives the server's welcome.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    LinkCheck,
    Join,
    Work(Phase),
    Refused,
    Connecting,
}

/// Makes `token` this browser's for board `code`.
fn keep_token(code: &str, token: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(&format!("{TOKEN_PREFIX}{code}"), token);
    }
}

/// Opens the board again with this browser's own token (or a new one).
fn stay_as_i_am(code: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().replace(&format!("/b/{code}"));
    }
}

/// Asks before a link makes this browser someone else: whom it would make it, and a
/// choice. A link that opens no one's place is not followed at all.
#[component]
fn LinkCheck(live: Live, code: String, token: String, pending: RwSignal<bool>) -> impl IntoView {
    let words = crate::t().person();
    let name = move || {
        let id = live.participant()?;
        live.with(|w| w.participants.get(&id).map(|p| p.name.clone()))
    };
    let (code_yes, code_no, code_none) = (code.clone(), code.clone(), code);
    // The link opens no place (a guest): it came from nowhere legitimate; stay as we are.
    Effect::new(move |_| {
        if live.me.get() == Some(Actor::Guest) {
            stay_as_i_am(&code_none);
        }
    });
    move || {
        name().map(|name| {
            let (code_yes, code_no, token) = (code_yes.clone(), code_no.clone(), token.clone());
            view! {
                <section class="panel link-check" data-testid="link-check" role="alertdialog"
                    aria-labelledby="link-check-says">
                    <p id="link-check-says">{fill(words.link_is_for, &[("name", &name)])}</p>
                    <div class="row">
                        <button data-testid="link-accept" on:click=move |_| {
                            keep_token(&code_yes, &token);
                            pending.set(false);
                        }>{fill(words.link_accept, &[("name", &name)])}</button>
                        <button class="quiet" data-testid="link-refuse"
                            on:click=move |_| stay_as_i_am(&code_no)>{words.link_refuse}</button>
                    </div>
                </section>
            }
        })
    }
}

#[component]
fn JoinForm() -> impl IntoView {
    let words = crate::t().person();
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
    let words = crate::t().person();
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
    let words = crate::t().person();
    let (token, from_link, fresh) = participant_token(&code);
    // Until the person confirms a link's place as theirs, nothing of it shows.
    let pending = RwSignal::new(from_link);
    let live = net::connect(
        code.clone(),
        Credential::Participant {
            token: token.clone(),
        },
    );
    let shown = Memo::new(move |_| match (live.me.get(), live.phase()) {
        _ if pending.get() => Shown::LinkCheck,
        (Some(Actor::Guest), _) => Shown::Join,
        (Some(Actor::Participant { .. }), Some(phase)) => Shown::Work(phase),
        // Refused for good (a wrong code, say): the reason above is all there is.
        _ if refused(live).is_some() => Shown::Refused,
        // A new token is no one yet: the form can be filled in while the socket opens
        // (the join is sent once it has).
        (None, _) if fresh => Shown::Join,
        _ => Shown::Connecting,
    });
    let name = move || {
        let id = live.participant()?;
        live.with(|w| w.participants.get(&id).map(|p| p.name.clone()))
    };
    let other_device = format!("{}/b/{code}#token={token}", origin());
    view! {
        <main class="page participant">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m} " — " <a href="/">{words.back}</a></p> })}
            <Show when=move || name().is_some() && !pending.get()>
                <div class="toolbar">
                    <span class="me" data-testid="me">{name}</span>
                    <details class="device">
                        <summary>{words.other_device}</summary>
                        <p>{words.other_device_hint}</p>
                        <input readonly value=other_device.clone() data-testid="device-link"
                            aria-label=words.other_device />
                    </details>
                </div>
            </Show>
            {move || match shown.get() {
                Shown::LinkCheck => view! {
                    <LinkCheck live code=code.clone() token=token.clone() pending />
                }.into_any(),
                Shown::Join => view! { <JoinForm /> }.into_any(),
                Shown::Work(phase) => phase_work(live, phase),
                Shown::Refused => ().into_any(),
                Shown::Connecting => view! { <p class="panel">{words.connecting}</p> }.into_any(),
            }}
        </main>
    }
}
