//! How the room joins: the wall's QR code, decoded back, leads to the board's address —
//! the public address when one is set, else the one the wall was reached at.

use panneau_tests::{http_raw, TestServer};

/// The text of the QR code in `svg`, read the way a phone's camera would: drawn to
/// pixels, then decoded.
fn decode(svg: &str) -> String {
    let png = panneau_outputs::png::render_png(svg, 2.0).expect("the QR code draws");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    let channels = frame.color_type.samples();
    let (width, height) = (frame.width as usize, frame.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| {
        pixels[(y * width + x) * channels]
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().expect("the QR code reads").1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_qr_code_leads_to_the_board() {
    // The address the wall was reached at, when nothing else is known.
    let server = TestServer::start().await;
    let created = server.create_workshop("Rete QM Var", "").await;
    let code = &created.code;
    let svg = http_raw(
        server.addr,
        "GET",
        &format!("/api/boards/{code}/join.svg"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), Some("image/svg+xml"));
    // The wall opened again asks whether it changed; it did not.
    let etag = svg.header("etag").expect("an ETag").to_owned();
    let again = panneau_tests::http_get_with(
        server.addr,
        &format!("/api/boards/{code}/join.svg"),
        &[("if-none-match", &etag)],
    )
    .await
    .unwrap();
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let svg = svg.text();
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert_eq!(decode(&svg), format!("http://{}/b/{code}", server.addr));
    let answer = http_raw(
        server.addr,
        "GET",
        &format!("/api/boards/{}/join", code.to_lowercase()),
        None,
    )
    .await
    .unwrap();
    let answer: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(answer["url"], format!("http://{}/b/{code}", server.addr));
    let unknown = http_raw(server.addr, "GET", "/api/boards/ZZZZZZ/join.svg", None)
        .await
        .unwrap();
    assert_eq!(unknown.status, 404);
    server.stop().await;

    // A public address wins.
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(&dir.path().join("p.db"), |config| {
        config.public_url = Some("https://panneau.example.org".into());
    })
    .await;
    let created = server.create_workshop("Rete QM Var", "").await;
    let svg = http_raw(
        server.addr,
        "GET",
        &format!("/api/boards/{}/join.svg", created.code),
        None,
    )
    .await
    .unwrap()
    .text();
    assert_eq!(
        decode(&svg),
        format!("https://panneau.example.org/b/{}", created.code)
    );
    server.stop().await;
}
