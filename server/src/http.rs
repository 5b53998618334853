//! HTTP routes: health, workshop creation, the WebSocket upgrade and the client bundle.

use crate::connection;
use crate::hub::Hub;
use crate::outputs;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use panneau_shared::export::MAX_EXPORT_BYTES;
use panneau_shared::{Event, Export, ImportMode, NewWorkshop, Rejection, RejectionCode, Workshop};
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};
use tokio_tungstenite::WebSocketStream;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Largest frame read from a socket. Larger than the protocol's own limit so that an
/// oversized message still gets a readable rejection instead of a dropped connection.
const MAX_FRAME_BYTES: usize = 1 << 20;

#[derive(Clone)]
pub struct AppState {
    pub hub: Arc<Hub>,
    pub stop: watch::Receiver<bool>,
    /// Renders of outputs that may run at once.
    pub render_slots: Arc<tokio::sync::Semaphore>,
    /// Where the join address shown on the wall starts.
    pub join_base: crate::join::JoinBase,
    /// The web pages that may open a socket here.
    pub origins: crate::origin::OriginPolicy,
    /// Rate limits and caps per address and per connection.
    pub limits: Arc<crate::limits::Limits>,
    /// The header a trusted reverse proxy names the client's address in, if any.
    pub client_ip_header: Option<HeaderName>,
    /// What creating a workshop needs, when the server is not open to all.
    pub create_key: Option<String>,
}

impl AppState {
    /// The address a request comes from (see [`crate::limits::client_ip`]).
    pub fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> std::net::IpAddr {
        crate::limits::client_ip(peer, headers, self.client_ip_header.as_ref())
    }

    /// Whether this request may create a workshop: within its address's budget, and with
    /// the creation key when the server has one (a wrong key counts as a guess).
    fn may_create(&self, peer: SocketAddr, headers: &HeaderMap) -> Result<(), ApiError> {
        let ip = self.client_ip(peer, headers);
        self.limits.create(ip).map_err(ApiError::TooMany)?;
        let Some(key) = &self.create_key else {
            return Ok(());
        };
        let given = headers
            .get("x-panneau-create-key")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if crate::keys::constant_time_eq(given.trim().as_bytes(), key.as_bytes()) {
            return Ok(());
        }
        self.limits.hello_failed(ip);
        Err(ApiError::NeedsKey(Rejection::new(
            RejectionCode::NotAllowed,
            "creating workshops on this server needs its creation key",
        )))
    }
}

/// `timeout`: what a client has to send a request's body.
pub fn app(
    state: AppState,
    assets: std::sync::Arc<crate::assets::Assets>,
    timeout: std::time::Duration,
) -> Router {
    // Every client route (`/b/CODE`, `/b/CODE/wall`, …) gets index.html: the client routes.
    let client = Router::new()
        .fallback(crate::assets::serve)
        .with_state(assets);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/workshops", post(create_workshop))
        .route(
            "/api/workshops/import",
            post(import_workshop).layer(DefaultBodyLimit::max(MAX_EXPORT_BYTES)),
        )
        .route("/api/boards/{code}", delete(delete_workshop))
        .route("/api/boards/{code}/join", get(crate::join::address))
        .route("/api/boards/{code}/join.svg", get(crate::join::qr))
        .route("/api/boards/{code}/{file}", get(outputs::serve))
        .route("/api/stats", get(stats))
        .route("/metrics", get(metrics))
        .route("/ws", get(websocket))
        .fallback_service(client)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(refuse_oversized))
        .layer(RequestBodyTimeoutLayer::new(timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Largest body of a request, but an import's (`MAX_EXPORT_BYTES`).
const MAX_BODY_BYTES: usize = 16 * 1024;

/// Refuses at once (413) a request whose announced body is over its route's limit, rather
/// than wait for a body it would refuse anyway.
async fn refuse_oversized(request: Request, next: axum::middleware::Next) -> Response {
    let limit = if request.uri().path() == "/api/workshops/import" {
        MAX_EXPORT_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        let rejection = Rejection::new(
            RejectionCode::Invalid,
            format!("the body is larger than the {limit} bytes this address takes"),
        );
        return ApiError::TooLarge(rejection).into_response();
    }
    next.run(request).await
}

/// `DELETE /api/boards/CODE` with `Authorization: Bearer FACILITATOR_KEY`: the workshop
/// and everything stored about it, for good (204). A wrong key counts as a guess against
/// the address, like a wrong key in a hello.
async fn delete_workshop(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    axum::extract::Path(code): axum::extract::Path<String>,
    headers: HeaderMap,
) -> Response {
    let ip = state.client_ip(peer, &headers);
    if let Some(wait) = state.limits.shut_out_until(ip) {
        return ApiError::TooMany(crate::limits::TooMany::Rate(wait)).into_response();
    }
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    match state.hub.delete(&code, key.trim()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(rejection) => {
            let status = match rejection.code {
                RejectionCode::NotAllowed => {
                    state.limits.hello_failed(ip);
                    StatusCode::FORBIDDEN
                }
                RejectionCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::NOT_FOUND,
            };
            error_response(status, rejection)
        }
    }
}

/// `ok` while the hub can serve screens; 503 and why not when it is one of several and
/// cannot reach the others or the database, so that a load balancer sends screens elsewhere.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.hub.ready() {
        Ok(()) => "ok".into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
    }
}

/// Load figures for operators and benchmarks.
async fn stats(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "live_boards": state.hub.live_boards(),
        "open_connections": state.hub.open_connections(),
    }))
}

/// The hub's metrics in Prometheus' (OpenMetrics) text format.
async fn metrics(State(state): State<AppState>) -> Response {
    let hub = &state.hub;
    let page = crate::metrics::metrics().render(
        hub.live_boards(),
        hub.followed_boards(),
        hub.open_connections(),
    );
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        page,
    )
        .into_response()
}

/// The WebSocket opening handshake (RFC 6455, section 4.2.2). It is done here rather than
/// by axum's extractor so that the connection owns a tungstenite stream, which can send a
/// large message as fragments (see [`connection`]).
async fn websocket(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
) -> Response {
    let headers = request.headers();
    if !has_token(headers, header::CONNECTION, "upgrade")
        || !has_token(headers, header::UPGRADE, "websocket")
    {
        return refuse(
            StatusCode::UPGRADE_REQUIRED,
            Some((header::UPGRADE, "websocket")),
            "this address only speaks WebSocket",
        );
    }
    if headers.get(header::SEC_WEBSOCKET_VERSION) != Some(&HeaderValue::from_static("13")) {
        return refuse(
            StatusCode::BAD_REQUEST,
            Some((header::SEC_WEBSOCKET_VERSION, "13")),
            "unsupported WebSocket version; this server speaks 13",
        );
    }
    if !state.origins.admits(headers) {
        let rejection = Rejection::new(
            RejectionCode::NotAllowed,
            "pages of this origin may not open a socket here (see --allowed-origin)",
        );
        return (StatusCode::FORBIDDEN, Json(rejection)).into_response();
    }
    let Some(key) = headers.get(header::SEC_WEBSOCKET_KEY) else {
        return refuse(StatusCode::BAD_REQUEST, None, "missing Sec-WebSocket-Key");
    };
    let ip = state.client_ip(peer, headers);
    let slot = match state.limits.open(ip) {
        Ok(slot) => slot,
        Err(too_many) => return ApiError::TooMany(too_many).into_response(),
    };
    let accept = derive_accept_key(key.as_bytes());
    let upgrade = hyper::upgrade::on(&mut request);
    tokio::spawn(async move {
        let Ok(upgraded) = upgrade.await else {
            return;
        };
        // Small buffers keep an idle connection cheap; they grow only while a large
        // message passes.
        let config = WebSocketConfig::default()
            .read_buffer_size(1024)
            .write_buffer_size(1024)
            .max_message_size(Some(MAX_FRAME_BYTES))
            .max_frame_size(Some(MAX_FRAME_BYTES));
        let io = hyper_util::rt::TokioIo::new(upgraded);
        let socket = WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
        let peer = connection::Peer {
            ip,
            limits: state.limits,
            _slot: slot,
        };
        connection::serve(socket, state.hub, state.stop, peer).await;
    });
    (
        StatusCode::SWITCHING_PROTOCOLS,
        [
            (header::CONNECTION, "upgrade".to_owned()),
            (header::UPGRADE, "websocket".to_owned()),
            (header::SEC_WEBSOCKET_ACCEPT, accept),
        ],
    )
        .into_response()
}

/// A handshake that cannot succeed, answered like every other HTTP error, with the header
/// that says what would, if there is one.
fn refuse(status: StatusCode, hint: Option<(HeaderName, &'static str)>, message: &str) -> Response {
    let rejection = Rejection::new(RejectionCode::Invalid, message);
    let mut response = (status, Json(rejection)).into_response();
    if let Some((name, value)) = hint {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Whether a comma-separated header such as `Connection: keep-alive, Upgrade` names
/// `token`, in any case.
fn has_token(headers: &HeaderMap, name: HeaderName, token: &str) -> bool {
    headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// Answer of `POST /api/workshops`: the join code and the facilitator's secret.
#[derive(Serialize)]
pub struct WorkshopCreated {
    pub code: String,
    pub facilitator_key: String,
    pub participant_url: String,
    pub wall_url: String,
    pub facilitator_url: String,
}

async fn create_workshop(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<NewWorkshop>, JsonRejection>,
) -> Result<(StatusCode, Json<WorkshopCreated>), ApiError> {
    state.may_create(peer, &headers)?;
    let Json(body) = body.map_err(|err| {
        let rejection = Rejection::new(RejectionCode::Invalid, err.body_text());
        if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(rejection)
        } else {
            ApiError::Rejected(rejection)
        }
    })?;
    let created = Workshop::create(&body, crate::board::now_ms()).map_err(ApiError::Rejected)?;
    store_new_board(&state, created).await
}

#[derive(Deserialize)]
struct ImportQuery {
    #[serde(default = "copy")]
    mode: ImportMode,
}

fn copy() -> ImportMode {
    ImportMode::Copy
}

/// `POST /api/workshops/import?mode=copy|follow_up` with an exported workshop as the
/// body: a new board (new code, new facilitator key) holding the same workshop, or its
/// follow-up. A file that fails any check creates nothing.
async fn import_workshop(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: String,
) -> Result<(StatusCode, Json<WorkshopCreated>), ApiError> {
    state.may_create(peer, &headers)?;
    let Query(query) = query.map_err(|_| {
        ApiError::Rejected(Rejection::new(
            RejectionCode::Invalid,
            "mode is copy (the same workshop) or follow_up (a new one with its people and plan)",
        ))
    })?;
    let export = Export::parse(&body).map_err(ApiError::Rejected)?;
    let workshop = export
        .into_workshop(query.mode, crate::board::now_ms())
        .map_err(ApiError::Rejected)?;
    store_new_board(
        &state,
        Event::Imported {
            workshop: Box::new(workshop),
        },
    )
    .await
}

/// Stores a board whose first event is `first` and answers with its addresses.
async fn store_new_board(
    state: &AppState,
    first: Event,
) -> Result<(StatusCode, Json<WorkshopCreated>), ApiError> {
    let made = state.hub.create(first).await.map_err(|err| {
        tracing::error!(%err, "creating a workshop failed");
        ApiError::Unavailable
    })?;
    tracing::info!(code = %made.code, "workshop created");
    let code = made.code;
    Ok((
        StatusCode::CREATED,
        Json(WorkshopCreated {
            participant_url: format!("/b/{code}"),
            wall_url: format!("/b/{code}/wall"),
            // The key travels in the fragment so it never reaches server logs or referrers.
            facilitator_url: format!("/b/{code}/facilitate#key={}", made.facilitator_key),
            facilitator_key: made.facilitator_key,
            code,
        }),
    ))
}

/// Errors of the HTTP API, as `{"code": …, "message": …}` like the WebSocket's.
pub enum ApiError {
    /// `400 Bad Request`: the request itself is wrong.
    Rejected(Rejection),
    /// `413 Payload Too Large`: the body is over its limit (refused before it is read).
    TooLarge(Rejection),
    /// `401 Unauthorized`: this server creates workshops only with its creation key.
    NeedsKey(Rejection),
    /// `503 Service Unavailable`: storage failed; the details are logged, not shown.
    Unavailable,
    /// `429 Too Many Requests` (over a rate) or `503` (at a cap), with `Retry-After`.
    TooMany(crate::limits::TooMany),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, rejection) = match self {
            ApiError::Rejected(rejection) => (StatusCode::BAD_REQUEST, rejection),
            ApiError::TooLarge(rejection) => (StatusCode::PAYLOAD_TOO_LARGE, rejection),
            ApiError::NeedsKey(rejection) => (StatusCode::UNAUTHORIZED, rejection),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                Rejection::new(
                    RejectionCode::Unavailable,
                    "the server could not save the workshop; retry",
                ),
            ),
            ApiError::TooMany(too_many) => {
                let status = match too_many {
                    crate::limits::TooMany::Rate(_) => StatusCode::TOO_MANY_REQUESTS,
                    crate::limits::TooMany::Open(_) => StatusCode::SERVICE_UNAVAILABLE,
                };
                let mut response = error_response(status, too_many.rejection());
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(too_many.retry_after_s()),
                );
                return response;
            }
        };
        error_response(status, rejection)
    }
}

/// `scheme://host` as the request names it (`Host`, and `X-Forwarded-Proto` behind a
/// proxy): for addresses people follow back to this server.
pub fn request_origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or("localhost");
    let scheme = match headers.get("x-forwarded-proto").map(HeaderValue::as_bytes) {
        Some(b"https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// The live board of `code` and its code as stored, or the usual error: 404 for a code
/// that names no workshop, 503 when it cannot be loaded.
pub async fn find_board(
    state: &AppState,
    code: &str,
) -> Result<(crate::board::BoardHandle, String), Response> {
    match state.hub.board(code).await {
        Ok(board) => Ok((board, crate::hub::normalise_code(code).unwrap_or_default())),
        Err(rejection) if rejection.code == RejectionCode::Unavailable => {
            Err(error_response(StatusCode::SERVICE_UNAVAILABLE, rejection))
        }
        Err(rejection) => Err(error_response(StatusCode::NOT_FOUND, rejection)),
    }
}

/// Every HTTP error: a status and the same `{code, message}` as a WebSocket rejection.
pub fn error_response(status: StatusCode, rejection: Rejection) -> Response {
    (status, Json(rejection)).into_response()
}
