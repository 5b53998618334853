//! The browser client's files, served from memory: embedded in the `panneau` executable
//! (so Panneau is one file to copy), or read from `--dist` at start for a development
//! build. Each file comes with the brotli and gzip versions `cargo xtask build` made, and
//! the browser gets the best one it accepts; files named after their content are kept
//! for ever by the browser, `index.html` is asked for afresh each visit.
//!
//! Why not `tower-http`'s `ServeDir`: it serves a folder on disk, and the embedded files
//! are not on disk; one handler serves both, so what the tests check is what ships.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The client bundle built into the executable when it was compiled (empty when no
/// bundle had been built then).
#[derive(rust_embed::RustEmbed)]
#[folder = "$PANNEAU_EMBED_DIR"]
struct Embedded;

/// Every file of the bundle, by path (without the leading `/`).
#[derive(Default)]
pub struct Assets {
    files: HashMap<String, Asset>,
}

struct Asset {
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
    content_type: &'static str,
    /// The content's hash: the `ETag` of each version, told apart by its coding.
    tag: String,
    /// Named after its content: never changes, may be cached for ever.
    immutable: bool,
}

impl Assets {
    /// The bundle built into the executable.
    pub fn embedded() -> Assets {
        Assets::from_files(Embedded::iter().filter_map(|name| {
            let file = Embedded::get(&name)?;
            let bytes = match file.data {
                std::borrow::Cow::Borrowed(bytes) => Bytes::from_static(bytes),
                std::borrow::Cow::Owned(bytes) => Bytes::from(bytes),
            };
            Some((name.into_owned(), bytes))
        }))
    }

    /// The bundle in a folder (`--dist`), read once.
    pub fn from_dir(dir: &Path) -> std::io::Result<Assets> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                let name = entry.file_name().to_string_lossy().into_owned();
                files.push((name, Bytes::from(std::fs::read(entry.path())?)));
            }
        }
        Ok(Assets::from_files(files))
    }

    fn from_files(files: impl IntoIterator<Item = (String, Bytes)>) -> Assets {
        let mut plain = HashMap::new();
        let mut compressed = HashMap::new();
        for (name, bytes) in files {
            match name.rsplit_once('.') {
                Some((base, "br" | "gz")) => {
                    compressed.insert(name.clone(), (base.to_owned(), bytes));
                }
                _ => {
                    plain.insert(name, bytes);
                }
            }
        }
        let mut assets = Assets::default();
        for (name, identity) in plain {
            let mut take = |ext: &str| compressed.remove(&format!("{name}.{ext}")).map(|(_, b)| b);
            let (brotli, gzip) = (take("br"), take("gz"));
            assets.files.insert(
                name.clone(),
                Asset {
                    brotli,
                    gzip,
                    content_type: content_type(&name),
                    tag: content_tag(&identity),
                    immutable: is_fingerprinted(&name),
                    identity,
                },
            );
        }
        assets
    }

    /// Whether there is a client to serve at all.
    pub fn has_client(&self) -> bool {
        self.files.contains_key("index.html")
    }
}

/// 64 bits of the content's SHA-256, in hex: an `ETag`.
pub(crate) fn content_tag(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::keys::hex(&Sha256::digest(bytes)[..8])
}

/// `client-0123456789abcdef.js`: a stem, a dash, 16 hex digits, an extension.
fn is_fingerprinted(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// The encodings a request accepts: `br` and `gzip` unless refused (`q=0`); `*` stands
/// for those it does not name.
fn accepts(headers: &HeaderMap) -> (bool, bool) {
    let (mut brotli, mut gzip): (Option<bool>, Option<bool>) = (None, None);
    let mut any = false;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match coding.as_str() {
                "br" => brotli = Some(!refused),
                "gzip" | "x-gzip" => gzip = Some(!refused),
                "*" => any = !refused,
                _ => {}
            }
        }
    }
    (brotli.unwrap_or(any), gzip.unwrap_or(any))
}

/// Answers a GET or HEAD for a file of the bundle; any other path without an extension
/// is a page of the app (`/b/CODE`, `/f/CODE`…), answered with `index.html`.
pub async fn serve(
    State(assets): State<Arc<Assets>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let path = uri.path().trim_start_matches('/');
    let last = path.rsplit('/').next().unwrap_or("");
    let asset = match assets.files.get(path) {
        Some(asset) => asset,
        None if !last.contains('.') => match assets.files.get("index.html") {
            Some(index) => index,
            None => {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "this Panneau was built without its browser client: run `cargo xtask build`, or give --dist",
                )
                    .into_response()
            }
        },
        None => return StatusCode::NOT_FOUND.into_response(),
    };
    let cache = if asset.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let (brotli, gzip) = accepts(&headers);
    let (body, encoding) = match (&asset.brotli, &asset.gzip) {
        (Some(b), _) if brotli => (b.clone(), Some("br")),
        (_, Some(g)) if gzip => (g.clone(), Some("gzip")),
        _ => (asset.identity.clone(), None),
    };
    // Each coding of a file is a representation of its own, with its own tag.
    let etag = match encoding {
        Some(coding) => format!("\"{}-{coding}\"", asset.tag),
        None => format!("\"{}\"", asset.tag),
    };
    let mut response = Response::builder()
        .header(header::CONTENT_TYPE, asset.content_type)
        .header(header::CACHE_CONTROL, cache)
        .header(header::ETAG, &etag)
        .header(header::VARY, "accept-encoding");
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == etag)
        });
    if fresh {
        return response
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .expect("a valid response");
    }
    if let Some(encoding) = encoding {
        response = response.header(header::CONTENT_ENCODING, encoding);
    }
    response = response.header(header::CONTENT_LENGTH, body.len());
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(body)
    };
    response.body(body).expect("a valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(accept).unwrap(),
        );
        headers
    }

    #[test]
    fn encodings_are_read_with_their_weights() {
        assert_eq!(accepts(&headers("gzip, deflate, br, zstd")), (true, true));
        assert_eq!(accepts(&headers("gzip")), (false, true));
        assert_eq!(accepts(&headers("br;q=0, gzip;q=0.5")), (false, true));
        assert_eq!(accepts(&headers("*")), (true, true));
        assert_eq!(accepts(&headers("br;q=0, *")), (false, true));
        assert_eq!(accepts(&headers("identity")), (false, false));
        assert_eq!(accepts(&HeaderMap::new()), (false, false));
    }

    #[test]
    fn only_names_with_a_content_hash_are_kept_for_ever() {
        assert!(is_fingerprinted("client-0123456789abcdef.js"));
        assert!(is_fingerprinted("client_bg-0123456789abcdef.wasm"));
        assert!(!is_fingerprinted("index.html"));
        assert!(!is_fingerprinted("client.js"));
        assert!(!is_fingerprinted("client-012345.js"));
    }

    #[test]
    fn compressed_versions_go_with_their_file() {
        let assets = Assets::from_files([
            ("index.html".to_owned(), Bytes::from_static(b"<html>")),
            ("index.html.br".to_owned(), Bytes::from_static(b"B")),
            ("index.html.gz".to_owned(), Bytes::from_static(b"G")),
            (
                "style-0123456789abcdef.css".to_owned(),
                Bytes::from_static(b"a{}"),
            ),
        ]);
        assert!(assets.has_client());
        let index = &assets.files["index.html"];
        assert_eq!(index.brotli.as_deref(), Some(&b"B"[..]));
        assert_eq!(index.gzip.as_deref(), Some(&b"G"[..]));
        assert!(!index.immutable);
        let css = &assets.files["style-0123456789abcdef.css"];
        assert!(css.immutable && css.brotli.is_none());
        assert_eq!(assets.files.len(), 2);
    }
}
