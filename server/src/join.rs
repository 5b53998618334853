//! How people in the room reach a board: the address to show on the wall, and its QR
//! code (`GET /api/boards/CODE/join.svg`, `GET /api/boards/CODE/join`).
//!
//! The address is `--public-url` when given. Otherwise, a server listening on every
//! interface (`--addr 0.0.0.0:8080`, to serve a room's Wi-Fi) shows its address on the
//! local network, found once at start; and a server listening on one address shows the
//! one the wall's browser used.

use crate::http::{error_response, find_board, request_origin, AppState};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use panneau_shared::RejectionCode;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use std::net::{IpAddr, SocketAddr, UdpSocket};

/// Where the join address starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JoinBase {
    /// Known at start: the public address, or the machine's on the local network.
    Fixed(String),
    /// The address the request came to (its `Host`).
    FromRequest,
}

impl JoinBase {
    /// Decides, once, for a server listening on `addr` (over TLS if `https`).
    pub fn new(public_url: Option<&str>, addr: SocketAddr, https: bool) -> JoinBase {
        if let Some(url) = public_url {
            return JoinBase::Fixed(url.to_owned());
        }
        // Over TLS the address must be the name the certificate is for, which only the
        // request knows (the machine's IP would fail the certificate check).
        if addr.ip().is_unspecified() && !https {
            if let Some(ip) = local_network_address(addr.ip()) {
                let host = match ip {
                    IpAddr::V4(ip) => ip.to_string(),
                    IpAddr::V6(ip) => format!("[{ip}]"),
                };
                return JoinBase::Fixed(format!("http://{host}:{}", addr.port()));
            }
        }
        JoinBase::FromRequest
    }

    /// The join address of board `code` for a request with `headers`.
    fn join_url(&self, code: &str, headers: &HeaderMap) -> String {
        let base = match self {
            JoinBase::Fixed(base) => base.clone(),
            JoinBase::FromRequest => request_origin(headers),
        };
        format!("{base}/b/{code}")
    }
}

/// The address this machine would use to reach the local network, without sending
/// anything: connecting a UDP socket only chooses the route. The documentation address
/// (RFC 5737, RFC 3849) is never contacted.
fn local_network_address(family: IpAddr) -> Option<IpAddr> {
    let (bind, probe) = match family {
        IpAddr::V4(_) => ("0.0.0.0:0", "192.0.2.1:9"),
        IpAddr::V6(_) => ("[::]:0", "[2001:db8::1]:9"),
    };
    let socket = UdpSocket::bind(bind).ok()?;
    socket.connect(probe).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// The QR code of `url` as SVG, dark on white, with its quiet zone.
pub fn qr_svg(url: &str) -> Option<String> {
    // Medium error correction: readable from the back of a room on a dim projector.
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(256, 256)
            .dark_color(svg::Color("#111111"))
            .light_color(svg::Color("#ffffff"))
            .quiet_zone(true)
            .build(),
    )
}

/// `GET /api/boards/{code}/join`: `{"url": …}`.
pub async fn address(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    match find_board(&state, &code).await {
        Ok((_, code)) => {
            Json(serde_json::json!({ "url": state.join_base.join_url(&code, &headers) }))
                .into_response()
        }
        Err(response) => response,
    }
}

/// `GET /api/boards/{code}/join.svg`: the QR code of the join address.
pub async fn qr(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    let code = match find_board(&state, &code).await {
        Ok((_, code)) => code,
        Err(response) => return response,
    };
    let url = state.join_base.join_url(&code, &headers);
    // The picture follows from the address alone: a wall opened again asks whether it
    // changed and, most often, downloads nothing.
    let etag = HeaderValue::from_str(&format!(
        "\"{}\"",
        crate::assets::content_tag(url.as_bytes())
    ))
    .expect("hex digits");
    if headers.get(header::IF_NONE_MATCH) == Some(&etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().insert(header::ETAG, etag);
        return response;
    }
    let Some(svg) = qr_svg(&url) else {
        return error_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            panneau_shared::Rejection::new(
                RejectionCode::Invalid,
                "the address is too long for a QR code",
            ),
        );
    };
    let mut response = svg.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(header::ETAG, etag);
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_is_the_public_address_first() {
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert_eq!(
            JoinBase::new(Some("https://panneau.example"), any, false),
            JoinBase::Fixed("https://panneau.example".into())
        );
        assert_eq!(JoinBase::new(None, loopback, true), JoinBase::FromRequest);
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("10.0.0.5:8080"));
        assert_eq!(
            JoinBase::FromRequest.join_url("ABC234", &headers),
            "http://10.0.0.5:8080/b/ABC234"
        );
        // Listening everywhere: a network address when the machine has one, never loopback.
        if let JoinBase::Fixed(base) = JoinBase::new(None, any, false) {
            assert!(base.starts_with("http://") && base.ends_with(":8080"));
            assert!(!base.contains("127.0.0.1"));
        }
        assert_eq!(JoinBase::new(None, any, true), JoinBase::FromRequest);
    }

    #[test]
    fn a_join_address_makes_a_qr_code() {
        let svg = qr_svg("https://panneau.example/b/ABC234").unwrap();
        assert!(svg.contains("<svg") && svg.contains("#111111"));
    }
}
