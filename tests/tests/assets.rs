//! The browser client as the executable serves it: the page names files after their
//! content, each comes as brotli, gzip or as built (the same bytes once decoded), files
//! named after their content are cached for ever and the page never, and a second visit
//! gets `304` for the page. The same holds for a bundle read from `--dist`.

use panneau_tests::{http_get_with, HttpResponse, TestServer};
use std::io::Read;
use std::net::SocketAddr;

/// The files `index.html` loads (`/client-HASH.js`, …), as it names them.
fn loaded_by(index: &str) -> Vec<String> {
    index
        .split(['\'', '"'])
        .filter(|part| {
            part.starts_with('/')
                && [".js", ".wasm", ".css"]
                    .iter()
                    .any(|ext| part.ends_with(ext))
        })
        .map(str::to_owned)
        .collect()
}

fn decoded(response: &HttpResponse) -> Vec<u8> {
    let mut out = Vec::new();
    match response.header("content-encoding") {
        Some("br") => {
            brotli_decompressor::Decompressor::new(&response.body[..], 4096)
                .read_to_end(&mut out)
                .expect("valid brotli");
        }
        Some("gzip") => {
            flate2::read::GzDecoder::new(&response.body[..])
                .read_to_end(&mut out)
                .expect("valid gzip");
        }
        None => out.clone_from(&response.body),
        Some(other) => panic!("unexpected encoding {other}"),
    }
    out
}

async fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> HttpResponse {
    http_get_with(addr, path, headers)
        .await
        .unwrap_or_else(|err| panic!("GET {path}: {err}"))
}

/// Everything the tests above check, on the server at `addr`.
async fn check_the_bundle(addr: SocketAddr) {
    let page = get(addr, "/b/ABC234", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let index = String::from_utf8(decoded(&page)).expect("UTF-8");
    let files = loaded_by(&index);
    // Each bundle's script and module (a participant's, the wall's, the console's), and
    // the style.
    assert_eq!(files.len(), 7, "{files:?}");

    for file in &files {
        let plain = get(addr, file, &[]).await;
        assert_eq!(plain.status, 200, "{file}");
        assert_eq!(plain.header("content-encoding"), None, "{file}");
        assert_eq!(
            plain.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{file}"
        );
        assert_eq!(plain.header("vary"), Some("accept-encoding"));
        for (accept, expected) in [
            ("gzip, deflate, br, zstd", "br"),
            ("gzip", "gzip"),
            ("br;q=0, gzip", "gzip"),
        ] {
            let packed = get(addr, file, &[("accept-encoding", accept)]).await;
            assert_eq!(
                packed.header("content-encoding"),
                Some(expected),
                "{file} {accept}"
            );
            assert!(
                packed.body.len() < plain.body.len(),
                "{file} {expected} is smaller"
            );
            assert_eq!(
                decoded(&packed),
                plain.body,
                "{file} {expected} decodes to the file"
            );
        }
    }
    let wasm = files
        .iter()
        .find(|f| f.ends_with(".wasm"))
        .expect("a module");
    let module = get(addr, wasm, &[]).await;
    assert_eq!(module.header("content-type"), Some("application/wasm"));
    assert_eq!(&module.body[..4], b"\0asm");

    // A second visit: the page is asked for again and has not changed.
    let etag = page.header("etag").expect("an ETag").to_owned();
    let again = get(
        addr,
        "/",
        &[("accept-encoding", "gzip, br"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());

    // A file that is not there is not the page.
    assert_eq!(
        get(addr, "/client-0000000000000000.js", &[]).await.status,
        404
    );
}

#[tokio::test]
async fn the_built_in_client_is_served_compressed_and_cached() {
    let server = TestServer::start().await;
    check_the_bundle(server.addr).await;
    server.stop().await;
}

#[tokio::test]
async fn a_bundle_on_disk_is_served_the_same_way() {
    // The built-in bundle written out as `cargo xtask build` writes `dist/`.
    let embedded = TestServer::start().await;
    let dir = tempfile::tempdir().expect("a directory");
    let page = get(embedded.addr, "/", &[]).await;
    std::fs::write(dir.path().join("index.html"), &page.body).expect("write");
    for file in loaded_by(&page.text()) {
        let name = file.trim_start_matches('/');
        let plain = get(embedded.addr, &file, &[]).await;
        std::fs::write(dir.path().join(name), &plain.body).expect("write");
        for (accept, ext) in [("br", "br"), ("gzip", "gz")] {
            let packed = get(embedded.addr, &file, &[("accept-encoding", accept)]).await;
            std::fs::write(dir.path().join(format!("{name}.{ext}")), &packed.body).expect("write");
        }
    }
    embedded.stop().await;
    let server = TestServer::start_tuned(|config| config.dist = Some(dir.path().to_owned())).await;
    check_the_bundle(server.addr).await;
    server.stop().await;
}
