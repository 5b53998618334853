//! The wall: a read-only display for the projector, in large type, showing what the room
//! needs now — how to join, the phase and its countdown, who is here, how the groups are
//! doing, the panel by theme and the results.

use crate::board::Panel;
use crate::frame::{group_name, origin, refused, People, PhaseBar};
use crate::net::{self, Live};
use crate::results::Ranking;
use leptos::prelude::*;
use panneau_shared::i18n::{fill, Plural};
use panneau_shared::protocol::Credential;
use panneau_shared::{Phase, Round};

/// `plural` counted on `n` in the page's language, its other holes filled from `values`.
fn counted(plural: &Plural, n: usize, values: &[(&str, &str)]) -> String {
    let form = if crate::lang().is_one(n as u64) {
        plural.one
    } else {
        plural.other
    };
    let n = n.to_string();
    let mut all = vec![("n", n.as_str())];
    all.extend_from_slice(values);
    fill(form, &all)
}

/// Each group of a round: members, kept cards against the quota, and whether it is done.
/// The wall is not sent the cards of the groups (they are private to them), so it shows
/// their counts only when it has them, and otherwise whether the group is still working.
#[component]
fn GroupProgress(live: Live, round: Round) -> impl IntoView {
    let words = crate::t().wall();
    let groups = move || {
        live.with(|w| {
            w.groups_of(round)
                .map(|g| {
                    let pool = w.pool(g);
                    let progress = if pool.cards.is_empty() {
                        (if g.done {
                            words.group_done
                        } else {
                            words.group_working
                        })
                        .to_string()
                    } else {
                        let quota = pool.quota.to_string();
                        counted(&words.kept, pool.kept, &[("quota", &quota)])
                    };
                    let members: Vec<&str> =
                        g.members.iter().map(|m| w.participant_name(*m)).collect();
                    (group_name(w, g.id), members.join(" · "), progress, g.done)
                })
                .collect::<Vec<_>>()
        })
    };
    let finished = move || {
        let all = groups();
        let done = all.iter().filter(|g| g.3).count();
        let total = all.len().to_string();
        counted(&words.groups_done, done, &[("total", &total)])
    };
    view! {
        <p class="wall-sub" data-testid="groups-done">{finished}</p>
        <ul class="wall-groups">
            {move || groups().into_iter().map(|group| view! {
                <li class="group" class:done=group.3 data-testid="wall-group">
                    <h2>{group.0}{group.3.then_some(" ✓")}</h2>
                    <p class="members">{group.1}</p>
                    <p class="kept-count">{group.2}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The countdown as a bar across the screen, shrinking as time runs: read at a glance
/// from the back of the room. Absent without a countdown.
#[component]
fn TimeBar(live: Live) -> impl IntoView {
    let left = move || {
        let now = live.now_ms.get();
        live.with(|w| {
            w.timer.as_ref().filter(|t| t.duration_ms > 0).map(|t| {
                let fraction = t.remaining_ms(now) as f64 / t.duration_ms as f64;
                ((fraction * 1000.0).round() as u32, t.is_running())
            })
        })
    };
    move || {
        left().map(|(permille, running)| {
            view! {
                <div class="time-bar" class:running=running aria-hidden="true" data-testid="time-bar">
                    <span style=format!("width:{}.{}%", permille / 10, permille % 10)></span>
                </div>
            }
        })
    }
}

/// How many people are connected now, beside the title.
fn connected(live: Live) -> String {
    let n = live.presence.with(|p| p.participants.len());
    counted(&crate::t().wall().connected, n, &[])
}

/// An address that may wrap after its slashes, never inside the code or the host's name.
fn breakable(address: &str) -> impl IntoView {
    address
        .split_inclusive('/')
        .map(|part| view! { {part.to_string()}<wbr /> })
        .collect_view()
}

/// The join address the server gives for this board (`GET /api/boards/CODE/join`).
async fn join_address(url: &str) -> Option<String> {
    let text = crate::fetch::fetch_text("GET", url, None).await.ok()?;
    let answer: serde_json::Value = serde_json::from_str(&text).ok()?;
    answer["url"].as_str().map(str::to_owned)
}

#[component]
pub fn WallPage(code: String) -> impl IntoView {
    let live = net::connect(code.clone(), Credential::Wall);
    // The address people can reach: the server knows it (a public address, or the
    // machine's on the room's network); until it says, the one this page was opened at.
    let join = RwSignal::new(format!("{}/b/{code}", origin()));
    let qr = format!("/api/boards/{code}/join.svg");
    let (header_code, welcome_code) = (code.clone(), code.clone());
    {
        let url = format!("/api/boards/{code}/join");
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(address) = join_address(&url).await {
                join.set(address);
            }
        });
    }
    let title = move || live.with(|w| w.title.clone());
    let question = move || live.with(|w| w.question.clone());
    let phase = Memo::new(move |_| live.phase());
    let ideas = move || live.with(|w| w.settings.ideas_per_person);
    let words = crate::t().wall();
    // The wall speaks the workshop's language, whatever the browser's: once the board has
    // arrived, and whenever the facilitator changes it, the page shows itself in it.
    let workshop_lang = Memo::new(move |_| live.with(|w| Some(w.lang)));
    Effect::new(move |_| {
        if let Some(lang) = workshop_lang.get() {
            if lang != crate::lang() {
                crate::show_in(lang);
            }
        }
    });
    // From the plenary on the panel fills the screen: the header shrinks to one line, with
    // the current phase and the countdown in it rather than the whole row of phases.
    let fit = Memo::new(move |_| {
        matches!(
            phase.get(),
            Some(Phase::Plenary | Phase::Vote | Phase::Results)
        )
    });
    view! {
        <main class="wall" class:fit=fit>
            <header class="wall-top">
                <div class="wall-title">
                    <h1 data-testid="title">{title}</h1>
                    <p class="question">{question}</p>
                    <p class="connected" data-testid="connected">{move || connected(live)}</p>
                </div>
                {move || fit.get().then(|| view! { <PhaseBar live /> })}
                {move || (phase.get() != Some(Phase::Lobby)).then(|| view! {
                    <div class="join-box">
                        <span class="join-label">{words.join_at}</span>
                        <span class="join-url">{move || join.get()}</span>
                        <span class="join-code" data-testid="wall-code">{header_code.clone()}</span>
                    </div>
                })}
            </header>
            {move || (!fit.get()).then(|| view! { <PhaseBar live /> })}
            <TimeBar live />
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <div class="wall-body">
                {move || match phase.get() {
                    // The welcome screen: how to join, large, and the names as people arrive.
                    Some(Phase::Lobby) => view! {
                        <section class="welcome" data-testid="welcome">
                            <div class="welcome-join">
                                <img class="qr" src=qr.clone() alt=words.qr_alt data-testid="join-qr" />
                                <p class="scan">{words.scan_to_join}</p>
                                <p class="join-url" data-testid="join-url">{move || breakable(&join.get())}</p>
                                <p class="join-label">{words.or_type_code}</p>
                                <p class="join-code" data-testid="wall-code">{welcome_code.clone()}</p>
                            </div>
                            <People live big=true />
                        </section>
                    }
                    .into_any(),
                    Some(Phase::RoundTable) => view! { <People live big=true /> }.into_any(),
                    Some(Phase::Ideas) => view! {
                        <p class="wall-sub">{move || {
                            let n = usize::from(ideas());
                            crate::lang().count(&words.ideas_alone, n)
                        }}</p>
                        <People live big=true />
                    }
                    .into_any(),
                    Some(Phase::Pairs) => view! { <GroupProgress live round=Round::Pairs /> }.into_any(),
                    Some(Phase::Fours) => view! { <GroupProgress live round=Round::Fours /> }.into_any(),
                    // The very panel the room is building, fitted to the screen.
                    Some(Phase::Plenary | Phase::Vote) => view! {
                        <crate::tray::Tray live controls=false />
                        <Panel live interactive=false />
                    }
                    .into_any(),
                    Some(Phase::Results) => view! { <Ranking live /> }.into_any(),
                    None if refused(live).is_some() => ().into_any(),
                    None => view! { <p class="panel">{crate::t().common().connecting}</p> }.into_any(),
                }}
            </div>
        </main>
    }
}
