//! The three ways to look at a board: the participant page (works on a phone), the
//! facilitator console, and the read-only wall for a projector.

use crate::board::Panel;
use crate::net::{self, Live, Status};
use leptos::prelude::*;
use panneau_shared::protocol::Credential;
use panneau_shared::{
    Actor, Command, StickerColor, BOARD_HEIGHT, BOARD_WIDTH, CARD_HEIGHT, CARD_WIDTH,
};

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

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Title, question, code and the state of the connection.
#[component]
fn Header(live: Live, code: String) -> impl IntoView {
    let title = move || {
        live.workshop
            .with(|w| w.as_ref().map(|w| w.title.clone()).unwrap_or_default())
    };
    let question = move || {
        live.workshop
            .with(|w| w.as_ref().map(|w| w.question.clone()).unwrap_or_default())
    };
    let status = move || match live.status.get() {
        Status::Connecting => ("connecting", "Connecting…".to_string()),
        Status::Online => {
            let waiting = live.unacked.get();
            if waiting > 0 {
                ("saving", format!("Saving {waiting}…"))
            } else {
                ("online", "Live".to_string())
            }
        }
        Status::Offline => (
            "offline",
            "Offline — reconnecting; your changes are kept".to_string(),
        ),
        Status::Refused(message) => ("refused", message),
    };
    view! {
        <header class="top">
            <div class="titles">
                <h1 data-testid="title">{title}</h1>
                <p class="question">{question}</p>
            </div>
            <div class="meta">
                <span class="code" title="Join code">{code}</span>
                <span class=move || format!("status {}", status().0) data-testid="status" role="status">{move || status().1}</span>
            </div>
        </header>
        {move || live.notice.get().map(|message| view! {
            <div class="notice" role="alert" data-testid="notice">
                <span>{message}</span>
                <button on:click=move |_| live.notice.set(None) aria-label="Dismiss">"×"</button>
            </div>
        })}
    }
}

/// Everyone on the board, with a dot for those connected now.
#[component]
fn People(live: Live) -> impl IntoView {
    let people = move || {
        let online = live.presence.with(|p| p.participants.clone());
        live.workshop.with(|w| {
            w.as_ref()
                .map(|w| {
                    w.participants
                        .values()
                        .map(|p| {
                            (
                                p.id,
                                p.name.clone(),
                                p.organisation.clone(),
                                online.contains(&p.id),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="people" aria-label="Participants">
            <h2>{move || format!("Participants ({})", people().len())}</h2>
            <ul data-testid="participants">
                <For each=people key=|p| (p.0, p.3) let:person>
                    <li class:online=person.3 data-testid="participant">
                        <span class="presence-dot"></span>
                        <span class="name">{person.1}</span>
                        <span class="org">{person.2}</span>
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// Writes a new card at the next free slot of a grid, so new cards do not pile up.
#[component]
fn AddCard(live: Live) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = text.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        let n = live
            .workshop
            .with_untracked(|w| w.as_ref().map_or(0, |w| w.cards.len()));
        let columns = (BOARD_WIDTH / (CARD_WIDTH + 20.0)) as usize;
        let rows = (BOARD_HEIGHT / (CARD_HEIGHT + 20.0)) as usize;
        let slot = n % (columns * rows);
        let x = 20.0 + (slot % columns) as f32 * (CARD_WIDTH + 20.0);
        let y = 20.0 + (slot / columns) as f32 * (CARD_HEIGHT + 20.0);
        net::send(Command::AddCard { text: body, x, y });
        text.set(String::new());
    };
    view! {
        <form class="add-card row" on:submit=submit>
            <input data-testid="card-input" maxlength="280" placeholder="Write an action…"
                aria-label="New card"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" data-testid="card-add">"Add card"</button>
        </form>
    }
}

#[component]
fn JoinForm() -> impl IntoView {
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
            <h2>"Join the workshop"</h2>
            <label>"Your name"
                <input data-testid="join-name" required maxlength="60" autocomplete="name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </label>
            <label>"Your organisation"
                <input data-testid="join-org" maxlength="80" autocomplete="organization"
                    prop:value=move || organisation.get()
                    on:input=move |ev| organisation.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="join-submit">"Join"</button>
        </form>
    }
}

/// How many stickers of each colour this participant still has.
#[component]
fn Budget(live: Live) -> impl IntoView {
    let left = move |color: StickerColor| {
        let Some(Actor::Participant { id }) = live.me.get() else {
            return 0;
        };
        live.workshop.with(|w| {
            w.as_ref().map_or(0, |w| {
                usize::from(w.budget(color)).saturating_sub(w.stickers_of(id, color).count())
            })
        })
    };
    view! {
        <p class="budget" data-testid="budget">
            <span class="dot green"></span>{move || format!(" {} priority left ", left(StickerColor::Green))}
            <span class="dot red"></span>{move || format!(" {} commitment left", left(StickerColor::Red))}
        </p>
    }
}

fn refused(live: Live) -> Option<String> {
    match live.status.get() {
        Status::Refused(message) => Some(message),
        _ => None,
    }
}

#[component]
pub fn ParticipantPage(code: String) -> impl IntoView {
    let token = participant_token(&code);
    let live = net::connect(
        code.clone(),
        Credential::Participant {
            token: token.clone(),
        },
    );
    let me = move || live.me.get();
    let other_device = format!("{}/b/{code}#token={token}", origin());
    view! {
        <main class="page participant">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m} " — " <a href="/">"back"</a></p> })}
            {move || match me() {
                Some(Actor::Guest) => view! { <JoinForm /> }.into_any(),
                Some(Actor::Participant { id }) => {
                    let name = live.workshop.with(|w| {
                        w.as_ref().and_then(|w| w.participants.get(&id)).map(|p| p.name.clone()).unwrap_or_default()
                    });
                    let link = other_device.clone();
                    view! {
                        <div class="toolbar">
                            <span class="me" data-testid="me">{name}</span>
                            <Budget live />
                            <AddCard live />
                            <details class="device">
                                <summary>"Continue on another device"</summary>
                                <p>"Open this private link there to be the same participant:"</p>
                                <input readonly value=link />
                            </details>
                        </div>
                        <Panel live interactive=true />
                    }
                    .into_any()
                }
                _ => view! { <p class="panel">"Connecting to the workshop…"</p> }.into_any(),
            }}
        </main>
    }
}

#[component]
pub fn FacilitatorPage(code: String, key: String) -> impl IntoView {
    let live = net::connect(code.clone(), Credential::Facilitator { key });
    let base = origin();
    let join_link = format!("{base}/b/{code}");
    let wall_link = format!("{base}/b/{code}/wall");
    view! {
        <main class="page facilitator">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <div class="console">
                <aside class="side">
                    <section class="links">
                        <h2>"Links"</h2>
                        <p>"Participants: " <a href=join_link.clone() data-testid="join-link">{join_link.clone()}</a></p>
                        <p>"Wall display: " <a href=wall_link.clone() target="_blank">{wall_link.clone()}</a></p>
                        <p class="hint">"Keep this page's address private: it is your facilitator key."</p>
                    </section>
                    <People live />
                </aside>
                <section class="main">
                    <AddCard live />
                    <Panel live interactive=true />
                </section>
            </div>
        </main>
    }
}

#[component]
pub fn WallPage(code: String) -> impl IntoView {
    let live = net::connect(code.clone(), Credential::Wall);
    let join = format!("{}/b/{code}", origin());
    let question = move || {
        live.workshop
            .with(|w| w.as_ref().map(|w| w.question.clone()).unwrap_or_default())
    };
    let title = move || {
        live.workshop
            .with(|w| w.as_ref().map(|w| w.title.clone()).unwrap_or_default())
    };
    let online = move || live.presence.with(|p| p.participants.len());
    view! {
        <main class="wall">
            <header class="wall-top">
                <div>
                    <h1 data-testid="title">{title}</h1>
                    <p class="question">{question}</p>
                </div>
                <div class="join-box">
                    <span class="join-label">"Join at"</span>
                    <span class="join-url">{join}</span>
                    <span class="join-code" data-testid="wall-code">{code.clone()}</span>
                    <span class="online">{move || format!("{} connected", online())}</span>
                </div>
            </header>
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <Panel live interactive=false />
        </main>
    }
}
