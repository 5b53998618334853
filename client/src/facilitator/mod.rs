//! The facilitator console: moving through the phases, the countdown, the settings, people
//! without a device (and acting for them), the groups, the themes and cards of the panel,
//! and the results.

mod controls;
mod delete;
mod people;
mod plenary;
mod rounds;

use crate::board::Panel;
use crate::frame::{origin, refused, Header, People};
use crate::net::{self, Live};
use crate::outcome::{DetailsForm, FollowUpsForm, LanguageChoice, OutputLinks, SynthesisForm};
use crate::participant::phase_work;
use crate::results::ResultsView;
use crate::t;
use crate::tray::Tray;
use controls::{PhaseControls, TimerControls};
use delete::DeleteWorkshop;
use leptos::prelude::*;
use panneau_shared::i18n::fill;
use panneau_shared::protocol::Credential;
use panneau_shared::Phase;
use people::{ActFor, AddProxy, Door, SettingsForm};
use plenary::{AddPanelCard, PanelCards, PresentationOrder, ThemesEditor};
use rounds::{GroupsPanel, IdeasProgress};

/// The main area for each phase. Rebuilt only when the phase or the person acted for
/// changes.
fn stage(live: Live, phase: Phase, acting: bool) -> AnyView {
    match phase {
        Phase::Lobby => view! {
            <SettingsForm live />
            <LanguageChoice live />
            <DetailsForm live />
            <FollowUpsForm live />
            {acting.then(|| phase_work(live, phase))}
        }
        .into_any(),
        Phase::RoundTable => {
            if acting {
                view! { <crate::work::CoreValue live /> <People live big=true /> }.into_any()
            } else {
                view! { <People live big=true /> }.into_any()
            }
        }
        Phase::Ideas => view! {
            <IdeasProgress live />
            {acting.then(|| phase_work(live, phase))}
        }
        .into_any(),
        Phase::Pairs | Phase::Fours => {
            let round = phase.round().expect("a group phase has a round");
            view! { <GroupsPanel live round /> }.into_any()
        }
        Phase::Plenary => view! {
            <Tray live controls=true />
            <AddPanelCard live />
            <Panel live interactive=true />
            <p class="hint">{t().board().keys_hint}</p>
            <div class="plenary-tools">
                <PanelCards live />
                <div>
                    <PresentationOrder live />
                    <ThemesEditor live />
                </div>
            </div>
        }
        .into_any(),
        Phase::Vote => view! {
            {(!acting).then(|| view! { <p class="hint">{t().console().vote_hint}</p> })}
            {phase_work(live, phase)}
        }
        .into_any(),
        Phase::Results => view! {
            <ResultsView live />
            <SynthesisForm live />
            <FollowUpsForm live />
            <DetailsForm live />
        }
        .into_any(),
    }
}

#[component]
pub fn FacilitatorPage(code: String, key: String) -> impl IntoView {
    let words = t().console();
    let live = net::connect(code.clone(), Credential::Facilitator { key: key.clone() });
    let base = origin();
    let join_link = format!("{base}/b/{code}");
    let wall_link = format!("{base}/b/{code}/wall");
    let acting_name = move || {
        let id = live.acting_for.get()?;
        live.with(|w| w.participants.get(&id).map(|p| p.name.clone()))
    };
    let view_key = Memo::new(move |_| (live.phase(), live.acting_for.get()));
    // A memo, so that the folded forms are rebuilt when the phase changes, not with every
    // event (which would lose what is being typed).
    let folded_details =
        Memo::new(move |_| !matches!(live.phase(), None | Some(Phase::Lobby | Phase::Results)));
    view! {
        <main class="page facilitator">
            <Header live code=code.clone() />
            {move || refused(live).map(|m| view! { <p class="panel error">{m}</p> })}
            <div class="controls">
                <PhaseControls live />
                <TimerControls live />
            </div>
            {move || acting_name().map(|name| view! {
                <div class="acting" data-testid="acting">
                    <span>{fill(words.acting, &[("name", &name)])}</span>
                    <button class="quiet" on:click=move |_| live.acting_for.set(None)>{words.stop_acting}</button>
                </div>
            })}
            <div class="console">
                <aside class="side">
                    <section class="links">
                        <h2>{words.links}</h2>
                        <p>{words.join_link}<a href=join_link.clone() data-testid="join-link">{join_link.clone()}</a></p>
                        <p>{words.wall_link}<a href=wall_link.clone() target="_blank" data-testid="wall-link">{wall_link.clone()}</a></p>
                        <p class="hint">{words.key_hint}</p>
                        <Door live />
                    </section>
                    <OutputLinks live />
                    // The report's details and next steps can change at any phase; the
                    // lobby and the results show them in full, the others folded here.
                    {move || folded_details.get().then(|| view! {
                        <details class="report-details">
                            <summary data-testid="report-details">{words.report_details}</summary>
                            <DetailsForm live />
                            <FollowUpsForm live />
                        </details>
                    })}
                    <section><ActFor live /></section>
                    <People live manage=true />
                    <section><AddProxy /></section>
                    <section><DeleteWorkshop live code=code.clone() key=key.clone() /></section>
                </aside>
                <section class="main">
                    {move || match view_key.get() {
                        (Some(phase), acting) => stage(live, phase, acting.is_some()),
                        (None, _) if refused(live).is_some() => ().into_any(),
                        (None, _) => view! { <p class="panel">{words.connecting_workshop}</p> }.into_any(),
                    }}
                </section>
            </div>
        </main>
    }
}
