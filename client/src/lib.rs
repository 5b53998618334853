//! Panneau's browser client: a Leptos app compiled to WebAssembly that renders the board
//! from the server's events, for participants, the facilitator and the wall display.
//!
//! # Layout
//! - [`net`]: the WebSocket, resume, the server's clock and the reactive board state.
//! - [`home`]: create a workshop or join one by code.
//! - [`frame`]: header, phase bar with the countdown, people — on every page.
//! - [`board`]: the panel of the plenary (cards, drag, stickers).
//! - [`work`]: what a participant does in each phase, reused by the facilitator acting
//!   for someone without a device.
//! - [`results`]: the panel by theme and the ranked results.
//! - [`outcome`]: links to the report and exports; the facilitator's details, follow-up
//!   questions and synthesis.
//! - [`participant`], [`facilitator`], [`wall`]: the three pages of a board.

mod board;
mod facilitator;
mod frame;
mod home;
mod net;
mod outcome;
mod participant;
mod results;
mod wall;
mod work;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The pages of the app, read from the URL.
#[derive(Clone, Debug, PartialEq)]
enum Route {
    Home,
    Participant(String),
    Facilitator { code: String, key: String },
    Wall(String),
    NotFound,
}

fn route() -> Route {
    let location = web_sys::window().expect("a window").location();
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    // Board codes are ASCII: ASCII case mapping spares the bundle Unicode's case tables.
    match parts.as_slice() {
        [""] => Route::Home,
        ["b", code] => Route::Participant(code.to_ascii_uppercase()),
        ["b", code, "wall"] => Route::Wall(code.to_ascii_uppercase()),
        ["b", code, "facilitate"] => Route::Facilitator {
            code: code.to_ascii_uppercase(),
            key: fragment_value(&hash, "key").unwrap_or_default(),
        },
        _ => Route::NotFound,
    }
}

/// `#key=abc&x=y` → `abc` for `key`.
fn fragment_value(hash: &str, name: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A random string of `bytes` random bytes in hex, from the browser's secure generator.
pub(crate) fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf).ok())
        .is_some();
    if !filled {
        for b in &mut buf {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[component]
fn App() -> impl IntoView {
    match route() {
        Route::Home => home::Home().into_any(),
        Route::Participant(code) => {
            participant::ParticipantPage(participant::ParticipantPageProps { code }).into_any()
        }
        Route::Facilitator { code, key } => {
            facilitator::FacilitatorPage(facilitator::FacilitatorPageProps { code, key }).into_any()
        }
        Route::Wall(code) => wall::WallPage(wall::WallPageProps { code }).into_any(),
        Route::NotFound => view! {
            <main class="page narrow">
                <h1>"Page not found"</h1>
                <p><a href="/">"Back to Panneau"</a></p>
            </main>
        }
        .into_any(),
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}
