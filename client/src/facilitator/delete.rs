//! Deleting the workshop for good, from the console: the workshop file offered first, then
//! one button, and the home page once it is gone.

use crate::net::Live;
use crate::t;
use leptos::prelude::*;

#[component]
pub(super) fn DeleteWorkshop(live: Live, code: String, key: String) -> impl IntoView {
    let words = t().console();
    let failed = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let export = {
        let code = code.clone();
        move || {
            live.outputs_key
                .get()
                .map(|k| format!("/api/boards/{code}/workshop.json?key={k}"))
        }
    };
    let delete = move |_| {
        let (code, key) = (code.clone(), key.clone());
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("/api/boards/{code}");
            match crate::fetch::send_with_key("DELETE", &url, &key).await {
                Ok(204) => {
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().replace("/");
                    }
                }
                _ => {
                    failed.set(true);
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <details class="delete-workshop">
            <summary data-testid="delete-workshop">{words.delete_heading}</summary>
            <p class="hint">{words.delete_hint}</p>
            {move || export().map(|href| view! {
                <p><a href=href download="workshop.json">{words.delete_export}</a></p>
            })}
            <button class="danger" data-testid="delete-confirm" disabled=move || busy.get()
                on:click=delete>{words.delete_confirm}</button>
            <Show when=move || failed.get()>
                <p class="error" role="alert">{words.delete_failed}</p>
            </Show>
        </details>
    }
}
