//! What the workshop leaves behind: links to the report, the pictures and the exports
//! (rendered by the server; the browser only links to them), and the facilitator's forms
//! for what the report says beyond the board: the meeting's details, the follow-up
//! questions and the synthesis.

use crate::net::{self, Live};
use leptos::prelude::*;
use panneau_shared::i18n::outcome::Outcome;
use panneau_shared::model::{MAX_DETAIL, MAX_SYNTHESIS};
use panneau_shared::{Command, Details, Lang, Phase};

/// The outputs a board offers: file name, label, and whether it is for downloading.
fn outputs(words: &'static Outcome) -> [(&'static str, &'static str, bool); 8] {
    [
        ("report.html", words.output_report_html, false),
        ("report.md", words.output_report_md, true),
        ("panel.png", words.output_panel_png, false),
        ("panel.svg", words.output_panel_svg, false),
        ("plan.png", words.output_plan_png, false),
        ("plan.svg", words.output_plan_svg, false),
        ("actions.csv", words.output_actions_csv, true),
        ("workshop.json", words.output_workshop_json, true),
    ]
}

/// One link per output. The facilitator's links carry the outputs key and work at any
/// phase (a draft); everyone else's work once the vote has closed, so they show then.
#[component]
pub fn OutputLinks(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let links = move || {
        let key = live.outputs_key.get();
        let results = live.phase() == Some(Phase::Results);
        if key.is_none() && !results {
            return None;
        }
        let code = live.code.get_value();
        let query = key.map(|k| format!("?key={k}")).unwrap_or_default();
        let draft = !results;
        Some(view! {
            <section class="panel outputs" data-testid="outputs">
                <h2>{if draft { words.outputs_draft } else { words.outputs }}</h2>
                <ul>
                    {outputs(words).into_iter().map(|(file, label, download)| {
                        let href = format!("/api/boards/{code}/{file}{query}");
                        let name = format!("panneau-{code}-{file}");
                        let testid = format!("output-{file}");
                        if download {
                            view! { <li><a href=href download=name data-testid=testid>{label}</a></li> }.into_any()
                        } else {
                            view! { <li><a href=href target="_blank" rel="noopener" data-testid=testid>{label}</a></li> }.into_any()
                        }
                    }).collect_view()}
                </ul>
            </section>
        })
    };
    view! { {links} }
}

/// The meeting's date, place, organiser and facilitator, for the report's heading.
#[component]
pub fn DetailsForm(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let stored = Memo::new(move |_| live.with(|w| w.details.clone()));
    let draft = RwSignal::new(Details::default());
    Effect::new(move |_| draft.set(stored.get()));
    let field = move |label: &'static str,
                      key: &'static str,
                      kind: &'static str,
                      get: fn(&Details) -> &String,
                      set: fn(&mut Details, String)| {
        view! {
            <label>{label}
                <input type=kind data-testid=key maxlength=MAX_DETAIL.to_string()
                    prop:value=move || draft.with(|d| get(d).clone())
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
            </label>
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut details = draft.get_untracked();
        if details.time_zone.is_empty() {
            details.time_zone = browser_time_zone();
        }
        net::send(Command::UpdateDetails { details });
    };
    view! {
        <form class="panel details" on:submit=submit>
            <h2>{words.details_heading}</h2>
            <div class="grid">
                {field(words.date, "detail-date", "date", |d| &d.date, |d, v| d.date = v)}
                {field(words.place, "detail-place", "text", |d| &d.place, |d, v| d.place = v)}
                {field(words.organiser, "detail-organiser", "text", |d| &d.organiser, |d, v| d.organiser = v)}
                {field(words.facilitator, "detail-facilitator", "text", |d| &d.facilitator, |d, v| d.facilitator = v)}
            </div>
            <button type="submit" data-testid="details-save" disabled=move || draft.get() == stored.get()>{words.save_details}</button>
        </form>
    }
}

/// The workshop's language: the wall's and the outputs'.
#[component]
pub fn LanguageChoice(live: Live) -> impl IntoView {
    let current = Memo::new(move |_| live.with(|w| w.lang));
    let choose = move |ev: leptos::ev::Event| {
        let tag = event_target_value(&ev);
        let lang = Lang::negotiate([tag.as_str()]);
        if lang != current.get_untracked() {
            net::send(Command::SetLanguage { lang });
        }
    };
    view! {
        <label class="panel language">{crate::t().outcome().workshop_language}
            <select data-testid="workshop-lang" on:change=choose>
                {Lang::ALL.into_iter().map(|lang| view! {
                    <option value=lang.tag() selected=move || current.get() == lang>{lang.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The browser's preferred language among those Panneau speaks.
pub fn browser_lang() -> Lang {
    let languages: Vec<String> = web_sys::window()
        .map(|w| w.navigator().languages())
        .map(|list| list.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    Lang::negotiate(languages.iter().map(String::as_str))
}

/// The follow-up questions, one per line; editable at any phase.
#[component]
pub fn FollowUpsForm(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let stored = Memo::new(move |_| live.with(|w| w.follow_ups.join("\n")));
    let draft = RwSignal::new(String::new());
    Effect::new(move |_| draft.set(stored.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let questions = draft.get_untracked().lines().map(str::to_owned).collect();
        net::send(Command::SetFollowUps { questions });
    };
    view! {
        <form class="panel stack follow-ups" on:submit=submit>
            <h2>{words.next_steps}</h2>
            <label>{words.follow_ups}
                <textarea rows="6" data-testid="follow-ups"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
            </label>
            <button type="submit" data-testid="follow-ups-save" disabled=move || draft.get() == stored.get()>{words.save_follow_ups}</button>
        </form>
    }
}

/// The synthesis of the exchanges, written once the vote has closed.
#[component]
pub fn SynthesisForm(live: Live) -> impl IntoView {
    let words = crate::t().outcome();
    let stored = Memo::new(move |_| live.with(|w| w.synthesis.clone()));
    let draft = RwSignal::new(String::new());
    Effect::new(move |_| draft.set(stored.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        net::send(Command::SetSynthesis {
            text: draft.get_untracked(),
        });
    };
    view! {
        <form class="panel stack synthesis" on:submit=submit>
            <h2>{words.synthesis}</h2>
            <textarea rows="6" data-testid="synthesis" maxlength=MAX_SYNTHESIS.to_string()
                aria-label=words.synthesis
                placeholder=words.synthesis_placeholder
                prop:value=move || draft.get()
                on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
            <button type="submit" data-testid="synthesis-save" disabled=move || draft.get() == stored.get()>{words.save_synthesis}</button>
        </form>
    }
}

/// The browser's IANA time zone (`Europe/Paris`), so the report gives the room's hours.
pub fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
