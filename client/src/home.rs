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
    message: String,
}

#[component]
pub fn Home() -> impl IntoView {
    let words = &crate::t().home;
    let title = RwSignal::new(String::new());
    let question = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

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
            open_created(
                crate::fetch::fetch_text("POST", "/api/workshops", Some(&body)).await,
                error,
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
                    open_created(
                        crate::fetch::fetch_text("POST", &url, Some(&body)).await,
                        error,
                    )
                    .await
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

/// Opens the facilitator console of a workshop just created, or shows why it was not.
async fn open_created(answer: Result<String, String>, error: RwSignal<Option<String>>) {
    match answer {
        Ok(text) => match serde_json::from_str::<Created>(&text) {
            Ok(created) => {
                let _ = web_sys::window()
                    .expect("a window")
                    .location()
                    .set_href(&created.facilitator_url);
            }
            Err(_) => error.set(Some(
                serde_json::from_str::<ApiError>(&text)
                    .map(|e| e.message)
                    .unwrap_or(text),
            )),
        },
        Err(message) => error.set(Some(message)),
    }
}
