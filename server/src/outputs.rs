//! The outputs of a board over HTTP: the report, the pictures, the CSV and the JSON export
//! at `/api/boards/CODE/NAME`, rendered from the committed state off the board's task, and
//! cached per board and sequence number.
//!
//! Who gets what: from the results on, anyone with the join code gets the outputs as the
//! wall sees the board; the facilitator gets them at any phase (a draft) with the board's
//! *outputs key*, a secret derived from the facilitator key that opens the outputs and
//! nothing else, so it may sit in a link, a browser history or a log without handing over
//! the board.

use crate::board::BoardMsg;
use crate::http::{error_response, find_board, request_origin, AppState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hmac::{Hmac, Mac};
use panneau_outputs::Board;
use panneau_shared::{Actor, Phase, Rejection, RejectionCode, Workshop};
use serde::Deserialize;
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::{oneshot, Semaphore};

/// One output a board offers, by the file name in its URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    ReportHtml,
    ReportMarkdown,
    PanelSvg,
    PanelPng,
    PlanSvg,
    PlanPng,
    ActionsCsv,
    WorkshopJson,
}

impl Output {
    pub const ALL: [Output; 8] = [
        Output::ReportHtml,
        Output::ReportMarkdown,
        Output::PanelSvg,
        Output::PanelPng,
        Output::PlanSvg,
        Output::PlanPng,
        Output::ActionsCsv,
        Output::WorkshopJson,
    ];

    /// The last segment of its URL.
    pub fn file_name(self) -> &'static str {
        match self {
            Output::ReportHtml => "report.html",
            Output::ReportMarkdown => "report.md",
            Output::PanelSvg => "panel.svg",
            Output::PanelPng => "panel.png",
            Output::PlanSvg => "plan.svg",
            Output::PlanPng => "plan.png",
            Output::ActionsCsv => "actions.csv",
            Output::WorkshopJson => "workshop.json",
        }
    }

    fn from_file_name(name: &str) -> Option<Output> {
        Output::ALL.into_iter().find(|o| o.file_name() == name)
    }

    fn content_type(self) -> &'static str {
        match self {
            Output::ReportHtml => "text/html; charset=utf-8",
            Output::ReportMarkdown => "text/markdown; charset=utf-8",
            Output::PanelSvg | Output::PlanSvg => "image/svg+xml",
            Output::PanelPng | Output::PlanPng => "image/png",
            Output::ActionsCsv => "text/csv; charset=utf-8",
            Output::WorkshopJson => "application/json",
        }
    }

    /// Pages and pictures open in the browser; data files are saved.
    fn disposition(self, code: &str) -> String {
        let how = match self {
            Output::ReportMarkdown | Output::ActionsCsv | Output::WorkshopJson => "attachment",
            _ => "inline",
        };
        format!("{how}; filename=\"panneau-{code}-{}\"", self.file_name())
    }

    /// Renders the output. Pure and CPU-bound: call it off the async runtime.
    fn render(self, board: Board<'_>, links: &LinkBase) -> Vec<u8> {
        use panneau_outputs::{csv, diagram, panel, png, report};
        match self {
            Output::ReportHtml => {
                let pictures = report::Pictures {
                    panel_svg: &panel::panel_svg(board),
                    plan_svg: &diagram::plan_svg(board),
                };
                report::report_html(board, &pictures).into_bytes()
            }
            Output::ReportMarkdown => {
                let panel_png = links.to(Output::PanelPng);
                let plan_png = links.to(Output::PlanPng);
                let links = report::Links {
                    panel_png: &panel_png,
                    plan_png: &plan_png,
                };
                report::report_markdown(board, &links).into_bytes()
            }
            Output::PanelSvg => panel::panel_svg(board).into_bytes(),
            Output::PanelPng => png::panel_png(board),
            Output::PlanSvg => diagram::plan_svg(board).into_bytes(),
            Output::PlanPng => png::plan_png(board),
            Output::ActionsCsv => csv::actions_csv(board),
            Output::WorkshopJson => panneau_outputs::export_json(board).into_bytes(),
        }
    }
}

/// Where the Markdown report finds its pictures: `{before}FILE{after}`, an absolute
/// address (with the outputs key for a draft), so it still shows them once pasted into a
/// wiki or an e-mail. Empty for the other outputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct LinkBase {
    before: String,
    after: String,
}

impl LinkBase {
    fn to(&self, output: Output) -> String {
        format!("{}{}{}", self.before, output.file_name(), self.after)
    }
}

/// Who reads an output: what they may see decides what it shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Reader {
    /// With the outputs key: everything, at any phase.
    Facilitator,
    /// With the join code, from the results on: what the wall shows.
    Anyone,
}

impl Reader {
    fn actor(self) -> Actor {
        match self {
            Reader::Facilitator => Actor::Facilitator,
            Reader::Anyone => Actor::Wall,
        }
    }
}

/// What a board hands out for rendering: its committed state, shared, not copied again
/// until it changes.
pub struct Source {
    pub seq: u64,
    pub workshop: Arc<Workshop>,
    pub outputs_key: String,
    pub cache: Arc<Cache>,
}

/// Rendered outputs of one board, each kept until the board's state moves on.
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<(Reader, Output), Rendered>>,
}

struct Rendered {
    seq: u64,
    /// The picture links it was made with.
    links: LinkBase,
    bytes: bytes::Bytes,
}

impl Cache {
    fn get(&self, key: (Reader, Output), seq: u64, links: &LinkBase) -> Option<bytes::Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .get(&key)
            .filter(|r| r.seq == seq && r.links == *links)
            .map(|r| r.bytes.clone())
    }

    fn put(&self, key: (Reader, Output), seq: u64, links: LinkBase, bytes: bytes::Bytes) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        // A newer render may have landed first; keep the newest.
        if entries.get(&key).is_some_and(|r| r.seq > seq) {
            return;
        }
        entries.insert(key, Rendered { seq, links, bytes });
    }
}

/// The outputs key of a board: HMAC-SHA-256 of the board's code under the digest of its
/// facilitator key, 32 hex digits. One-way: it cannot be turned back into the facilitator
/// key, which the server does not keep.
pub fn outputs_key(key_digest: &str, code: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key_digest.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(b"panneau outputs\0");
    mac.update(code.as_bytes());
    let digest = mac.finalize().into_bytes();
    crate::keys::hex(&digest[..16])
}

/// At most this many renders run at once, each on a blocking thread: half the cores
/// (at least one), so that downloads share the machine with live boards and never take
/// all of it. A picture of a large board is hundreds of milliseconds of CPU.
pub fn render_slots() -> Arc<Semaphore> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new((cores / 2).max(1)))
}

#[derive(Deserialize)]
pub struct OutputQuery {
    /// The board's outputs key, for the facilitator's drafts.
    #[serde(default)]
    key: Option<String>,
}

/// `GET /api/boards/{code}/{file}`.
pub async fn serve(
    State(state): State<AppState>,
    Path((code, file)): Path<(String, String)>,
    Query(query): Query<OutputQuery>,
    headers: HeaderMap,
) -> Response {
    let Some(output) = Output::from_file_name(&file) else {
        return error_response(
            StatusCode::NOT_FOUND,
            Rejection::new(
                RejectionCode::Invalid,
                format!(
                    "a board offers {}; not \"{file}\"",
                    Output::ALL.map(Output::file_name).join(", ")
                ),
            ),
        );
    };
    let (board, code) = match find_board(&state, &code).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (reply, source) = oneshot::channel();
    if !board.send(BoardMsg::Outputs { reply }).await {
        return unavailable();
    }
    let Ok(source) = source.await else {
        return unavailable();
    };
    let reader = match &query.key {
        Some(key) if crate::keys::constant_time_eq(key.as_bytes(), source.outputs_key.as_bytes()) => {
            Reader::Facilitator
        }
        Some(_) => {
            return error_response(
                StatusCode::FORBIDDEN,
                Rejection::new(
                    RejectionCode::NotAllowed,
                    "this outputs key is not valid for this workshop; open the outputs from the facilitator console",
                ),
            )
        }
        None if source.workshop.phase == Phase::Results => Reader::Anyone,
        None => {
            return error_response(
                StatusCode::FORBIDDEN,
                Rejection::new(
                    RejectionCode::WrongPhase,
                    "the report and the exports open when the vote closes; until then only the facilitator can see a draft",
                ),
            )
        }
    };
    let links = match (output, reader) {
        (Output::ReportMarkdown, reader) => LinkBase {
            before: format!("{}/api/boards/{code}/", request_origin(&headers)),
            after: match reader {
                Reader::Facilitator => format!("?key={}", source.outputs_key),
                Reader::Anyone => String::new(),
            },
        },
        _ => LinkBase::default(),
    };
    let cache_key = (reader, output);
    let bytes = match source.cache.get(cache_key, source.seq, &links) {
        Some(bytes) => bytes,
        None => {
            let Ok(_slot) = state.render_slots.acquire().await else {
                return unavailable();
            };
            let code = code.clone();
            let workshop = source.workshop.clone();
            let links_for_render = links.clone();
            let rendered = tokio::task::spawn_blocking(move || {
                let view = match reader {
                    Reader::Facilitator => None,
                    Reader::Anyone => Some(workshop.view_for(&reader.actor())),
                };
                let board = Board {
                    workshop: view.as_ref().unwrap_or(&workshop),
                    code: &code,
                    lang: workshop.lang,
                };
                bytes::Bytes::from(output.render(board, &links_for_render))
            })
            .await;
            let Ok(bytes) = rendered else {
                tracing::error!(?output, "rendering an output failed");
                return unavailable();
            };
            source
                .cache
                .put(cache_key, source.seq, links, bytes.clone());
            bytes
        }
    };
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(output.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&output.disposition(&code)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    // The state may change with the next sticker: never reuse without asking.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Outputs run no script of ours but the report's print button; user text is escaped
    // everywhere, and this forbids anything else even if it were not.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
             script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

fn unavailable() -> Response {
    error_response(
        StatusCode::SERVICE_UNAVAILABLE,
        Rejection::new(
            RejectionCode::Unavailable,
            "the board is not available right now; retry shortly",
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outputs_key_is_stable_and_depends_on_key_and_code() {
        let a = outputs_key("secret", "ABC234");
        assert_eq!(a.len(), 32);
        assert_eq!(a, outputs_key("secret", "ABC234"));
        assert_ne!(a, outputs_key("secret", "ABC235"));
        assert_ne!(a, outputs_key("secreT", "ABC234"));
        assert!(!a.contains("secret"));
    }

    #[test]
    fn every_output_has_a_distinct_file_name() {
        for output in Output::ALL {
            assert_eq!(Output::from_file_name(output.file_name()), Some(output));
        }
        assert_eq!(Output::from_file_name("../etc/passwd"), None);
    }
}
