//! The wall: a read-only display for the projector, in large type, showing what the room
//! needs now — how to join, the phase and its countdown, who is here, how the groups are
//! doing, the panel by theme and the results.

use crate::frame::{group_name, origin, refused, People, PhaseBar};
use crate::net::{self, Live};
use crate::results::{ResultsView, ThemeColumns};
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
    let words = &crate::t().wall;
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

#[component]
pub fn WallPage(code: String) -> impl IntoView {
    let live = net::connect(code.clone(), Credential::Wall);
    let join = format!("{}/b/{code}", origin());
    let title = move || live.with(|w| w.title.clone());
    let question = move || live.with(|w| w.question.clone());
    let phase = Memo::new(move |_| live.phase());
    let ideas = move || live.with(|w| w.settings.ideas_per_person);
    let words = &crate::t().wall;
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
    view! {
        <main class="wall">
            <header class="wall-top">
                <div>
                    <h1 data-testid="title">{title}</h1>
                    <p class="question">{question}</p>
                </div>
                <div class="join-box">
                    <span class="join-label">{words.join_at}</span>
                    <span class="join-url">{join}</span>
                    <span class="join-code" data-testid="wall-code">{code.clone()}</span>
                </div>
            </header>
            <PhaseBar live />
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <div class="wall-body">
                {move || match phase.get() {
                    Some(Phase::Lobby | Phase::RoundTable) => view! { <People live big=true /> }.into_any(),
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
                    Some(Phase::Plenary | Phase::Vote) => view! { <ThemeColumns live /> }.into_any(),
                    Some(Phase::Results) => view! { <ResultsView live /> }.into_any(),
                    None => view! { <p class="panel">{crate::t().common.connecting}</p> }.into_any(),
                }}
            </div>
        </main>
    }
}
