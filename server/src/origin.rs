//! Which web pages may open a WebSocket to this hub: its own, the public address's, and
//! those the operator allows. A browser always says which page is asking (`Origin`), so a
//! foreign page cannot drive a visitor's browser against the boards; programs that send no
//! `Origin` (scripts, load tests) are not browsers and pass.

use axum::http::{header, HeaderMap};

/// The origins accepted besides the hub's own.
#[derive(Clone, Debug, Default)]
pub struct OriginPolicy {
    allowed: Vec<String>,
}

impl OriginPolicy {
    /// `public_url` (if any) and each `allowed` origin, as `scheme://host[:port]`.
    pub fn new(public_url: Option<&str>, allowed: &[String]) -> OriginPolicy {
        let allowed = public_url
            .into_iter()
            .map(str::to_owned)
            .chain(allowed.iter().cloned())
            .filter_map(|url| origin_of(&url))
            .collect();
        OriginPolicy { allowed }
    }

    /// Whether a request with these headers may open a socket. Refused: an `Origin` that is
    /// `null` (sandboxed frames, local files) or names another site than this hub (the
    /// `Host` it was asked at), the public address and the allowed origins.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Some(origin) = origin.to_str().ok().and_then(origin_of) else {
            return false;
        };
        let own = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| authority(&origin) == Some(&host.to_ascii_lowercase()[..]));
        own || self.allowed.contains(&origin)
    }
}

/// `scheme://host[:port]` of a URL, lower-cased, without path or trailing slash; `None`
/// for anything else (including `null`).
fn origin_of(url: &str) -> Option<String> {
    let url = url.trim().to_ascii_lowercase();
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next()?;
    if host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

/// The `host[:port]` part of an origin.
fn authority(origin: &str) -> Option<&str> {
    origin.split_once("://").map(|(_, host)| host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn asking(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        headers
    }

    #[test]
    fn own_public_and_allowed_origins_pass_others_do_not() {
        let policy = OriginPolicy::new(
            Some("https://panneau.example.org/"),
            &["https://intranet.example.com".into()],
        );
        for (origin, host, admitted) in [
            (None, "127.0.0.1:8080", true),
            (Some("http://127.0.0.1:8080"), "127.0.0.1:8080", true),
            (Some("HTTP://LOCALHOST:8080"), "localhost:8080", true),
            (Some("https://panneau.example.org"), "10.0.0.2:8080", true),
            (Some("https://intranet.example.com"), "10.0.0.2:8080", true),
            (Some("http://evil.example"), "127.0.0.1:8080", false),
            (Some("http://127.0.0.1:9999"), "127.0.0.1:8080", false),
            (Some("null"), "127.0.0.1:8080", false),
            (Some("file://"), "127.0.0.1:8080", false),
            (Some("https://panneau.example.org.evil.example"), "x", false),
        ] {
            assert_eq!(
                policy.admits(&asking(origin, host)),
                admitted,
                "{origin:?} at {host}"
            );
        }
    }
}
