//! Panneau's browser client: a Leptos app compiled to WebAssembly that renders the board
//! from the server's events, for participants, the facilitator and the wall display.
//!
//! # Layout
//! - [`net`]: the WebSocket, resume, the server's clock and the reactive board state.
//! - [`home`]: create a workshop or join one by code.
//! - [`fetch`]: HTTP requests outside the board's WebSocket.
//! - [`frame`]: header, phase bar with the countdown, people — on every page.
//! - [`board`]: the panel of the plenary (cards, drag, stickers).
//! - [`work`]: what a participant does in each phase, reused by the facilitator acting
//!   for someone without a device.
//! - [`results`]: the panel by theme and the ranked results.
//! - [`outcome`]: links to the report and exports; the facilitator's details, follow-up
//!   questions and synthesis.
//! - [`participant`], [`facilitator`], [`wall`]: the three pages of a board.
//!
//! The crate builds three bundles (see `Cargo.toml`): `room` has the participant's page,
//! `wall` the wall, `console` the home page and the facilitator's console; `index.html`
//! loads the one its address needs. Code that only the other bundle uses is then unused, hence no
//! dead-code warnings in a bundle of one feature (the default build has both, and is the
//! one linted).
#![cfg_attr(
    not(all(feature = "room", feature = "wall", feature = "console")),
    allow(dead_code, unused_imports)
)]

mod board;
mod carry;
#[cfg(feature = "console")]
mod facilitator;
mod fetch;
mod frame;
#[cfg(feature = "console")]
mod home;
mod net;
mod outcome;
// The console acts for people without a device with the participant's own views.
mod participant;
mod results;
mod tray;
mod vote;
#[cfg(feature = "wall")]
mod wall;
mod work;

use leptos::prelude::*;
use panneau_shared::Lang;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The language of this page, chosen once when it loads (see [`choose_lang`]).
    static LANG: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// Where a person's own choice of language is remembered.
const LANG_KEY: &str = "panneau-lang";

/// The language this page is shown in.
pub(crate) fn lang() -> Lang {
    LANG.with(Cell::get)
}

/// The words of this page's language, each part through its accessor (`t().person()`).
pub(crate) fn t() -> Lang {
    lang()
}

/// The page's language: `?lang=` in the address (the wall follows its workshop that
/// way), else the person's own choice, else the browser's first language we speak.
/// A page is built in one language: switching reloads it, which costs a second and
/// spares every text of every view a reactive closure.
fn choose_lang() -> Lang {
    let window = web_sys::window().expect("a window");
    let search = window.location().search().unwrap_or_default();
    let asked = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(str::to_owned);
    let stored = || {
        window
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
    };
    match asked.or_else(stored) {
        Some(tag) => Lang::negotiate([tag.as_str()]),
        None => outcome::browser_lang(),
    }
}

/// Remembers `lang` as this person's choice and shows the page in it.
pub(crate) fn switch_lang(lang: Lang) {
    let window = web_sys::window().expect("a window");
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.tag());
    }
    show_in(lang);
}

/// Reloads the page in `lang`, keeping the rest of its address (and its fragment).
pub(crate) fn show_in(lang: Lang) {
    let location = web_sys::window().expect("a window").location();
    let _ = location.set_search(&format!("lang={}", lang.tag()));
}

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
        #[cfg(feature = "console")]
        Route::Home => home::Home().into_any(),
        #[cfg(feature = "room")]
        Route::Participant(code) => {
            participant::ParticipantPage(participant::ParticipantPageProps { code }).into_any()
        }
        #[cfg(feature = "console")]
        Route::Facilitator { code, key } => {
            facilitator::FacilitatorPage(facilitator::FacilitatorPageProps { code, key }).into_any()
        }
        #[cfg(feature = "wall")]
        Route::Wall(code) => wall::WallPage(wall::WallPageProps { code }).into_any(),
        // A page of the other bundle (`index.html` chooses by address, so only a wrong
        // address gets here).
        #[allow(unreachable_patterns)]
        _ => view! {
            <main class="page narrow">
                <h1>{t().common().page_not_found}</h1>
                <p><a href="/">{t().common().back_to_panneau}</a></p>
            </main>
        }
        .into_any(),
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let lang = choose_lang();
    LANG.with(|l| l.set(lang));
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.tag());
    }
    leptos::mount::mount_to_body(App);
}
