//! The start page: create a workshop (becoming its facilitator) or join one with a code.

use leptos::prelude::*;
use panneau_shared::model::{MAX_QUESTION, MAX_TITLE};
use serde::Deserialize;
use wasm_bindgen_futures::JsFuture;

#[derive(Deserialize)]
struct Created {
    facilitator_url: String,
}

#[derive(Deserialize)]
struct ApiError {
    code: String,
    message: String,
}

/// Where this browser keeps a server's creation key, once given.
const CREATE_KEY: &str = "panneau:create-key";

fn stored_create_key() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(CREATE_KEY).ok().flatten())
        .unwrap_or_default()
}

/// Sends a creation (or an import) with the creation key, if one was given, and keeps it.
async fn post_creating(url: &str, body: &str, key: &str) -> Result<String, String> {
    if key.trim().is_empty() {
        return crate::fetch::fetch_text("POST", url, Some(body)).await;
    }
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(CREATE_KEY, key.trim());
    }
    crate::fetch::fetch_with(
        "POST",
        url,
        Some(body),
        Some(("x-panneau-create-key", key.trim())),
    )
    .await
}

#[component]
pub fn Home() -> impl IntoView {
    let words = crate::t().home();
    let title = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Some servers create workshops only with a key: asked for once the server says so.
    let create_key = RwSignal::new(stored_create_key());
    let needs_key = RwSignal::new(!create_key.get_untracked().is_empty());

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body = serde_json::json!({
            "title": title.get_untracked(),
            "question": question.get_untracked(),
            "details": { "time_zone": crate::outcome::browser_time_zone() },
            "lang": crate::outcome::browser_lang(),
        })
        .to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let key = create_key.get_untracked();
            open_created(
                post_creating("/api/workshops", &body, &key).await,
                error,
                needs_key,
            )
            .await;
            busy.set(false);
        });
    };

    // A workshop exported from Panneau becomes a new board: the same one, or its follow-up.
    let import_mode = RwSignal::new("follow_up".to_string());
    let file_input = NodeRef::<leptos::html::Input>::new();
    let mode_choice = move |mode: &'static str, testid: &'static str, label: &'static str| {
        view! {
            <label class="check">
                <input type="radio" name="import-mode" data-testid=testid
                    prop:checked=move || import_mode.get() == mode
                    on:change=move |_| import_mode.set(mode.into()) />
                {label}
            </label>
        }
    };
    let import = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
        else {
            error.set(Some(words.import_no_file.into()));
            return;
        };
        busy.set(true);
        error.set(None);
        let url = format!("/api/workshops/import?mode={}", import_mode.get_untracked());
        wasm_bindgen_futures::spawn_local(async move {
            let body = JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|text| text.as_string());
            match body {
                Some(body) => {
                    let key = create_key.get_untracked();
                    open_created(post_creating(&url, &body, &key).await, error, needs_key).await
                }
                None => error.set(Some(words.import_unreadable.into())),
            }
            busy.set(false);
        });
    };

    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = code.get_untracked().trim().to_ascii_uppercase();
        if !code.is_empty() {
            let _ = web_sys::window()
                .expect("a window")
                .location()
                .set_href(&format!("/b/{code}"));
        }
    };

    view! {
        <main class="page narrow home">
            <div class="home-top">
                <h1 class="brand">"Panneau"</h1>
                <crate::frame::LanguageMenu />
            </div>
            <p class="lead">{words.lead}</p>
            <section class="panel">
                <h2>{words.join_heading}</h2>
                <form on:submit=join class="row">
                    <input data-testid="join-code" placeholder=words.join_placeholder maxlength="6"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev)) />
                    <button type="submit">{words.join}</button>
                </form>
            </section>
            <section class="panel">
                <h2>{words.create_heading}</h2>
                <form on:submit=create class="stack">
                    <label>{words.title}
                        <input data-testid="create-title" required maxlength=MAX_TITLE.to_string()
                            placeholder=words.title_placeholder
                            prop:value=move || title.get()
                            on:input=move |ev| title.set(event_target_value(&ev)) />
                    </label>
                    <label>{words.question}
                        <textarea data-testid="create-question" maxlength=MAX_QUESTION.to_string() rows="3"
                            placeholder=words.question_placeholder
                            prop:value=move || question.get()
                            on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                    </label>
                    <Show when=move || needs_key.get()>
                        <label>{words.create_key}
                            <input type="password" data-testid="create-key" autocomplete="off"
                                prop:value=move || create_key.get()
                                on:input=move |ev| create_key.set(event_target_value(&ev)) />
                        </label>
                        <p class="hint">{words.create_key_hint}</p>
                    </Show>
                    <button type="submit" data-testid="create-submit" disabled=move || busy.get()>{words.create}</button>
                </form>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </section>
            <section class="panel">
                <h2>{words.import_heading}</h2>
                <form on:submit=import class="stack">
                    <label>{words.import_file}
                        <input type="file" accept=".json,application/json" data-testid="import-file" node_ref=file_input />
                    </label>
                    {mode_choice("follow_up", "import-follow-up", words.import_follow_up)}
                    {mode_choice("copy", "import-copy", words.import_copy)}
                    <button type="submit" data-testid="import-submit" disabled=move || busy.get()>{words.import}</button>
                </form>
            </section>
        </main>
    }
}

/// Opens the facilitator console of a workshop just created, or shows why it was not; a
/// server that wants its creation key gets the field for it.
async fn open_created(
    answer: Result<String, String>,
    error: RwSignal<Option<String>>,
    needs_key: RwSignal<bool>,
) {
    match answer {
        Ok(text) => match serde_json::from_str::<Created>(&text) {
            Ok(created) => {
                let _ = web_sys::window()
                    .expect("a window")
                    .location()
                    .set_href(&created.facilitator_url);
            }
            Err(_) => match serde_json::from_str::<ApiError>(&text) {
                Ok(refused) if refused.code == "not_allowed" => {
                    needs_key.set(true);
                    error.set(Some(crate::t().home().create_key_hint.to_string()));
                }
                Ok(refused) => error.set(Some(refused.message)),
                Err(_) => error.set(Some(text)),
            },
        },
        Err(message) => error.set(Some(message)),
    }
}
