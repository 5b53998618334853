//! Which pages may open a socket: a foreign site's page, or a sandboxed one (`null`), is
//! refused before the upgrade with a 403 that says why; the hub's own pages, the public
//! address's and an allowed origin are let in, and so are programs that send no `Origin`.

use panneau_tests::TestServer;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Error;

/// The HTTP status of a socket opened from a page of `origin` (none: a program).
async fn open_from(server: &TestServer, origin: Option<&str>) -> u16 {
    let mut request = format!("ws://{}/ws", server.addr)
        .into_client_request()
        .expect("a request");
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("origin", HeaderValue::from_str(origin).expect("a header"));
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((_, response)) => response.status().as_u16(),
        Err(Error::Http(response)) => {
            let status = response.status().as_u16();
            let body = String::from_utf8_lossy(response.body().as_deref().unwrap_or_default())
                .into_owned();
            assert!(body.contains("not_allowed"), "{body}");
            status
        }
        Err(other) => panic!("the handshake failed: {other}"),
    }
}

#[tokio::test]
async fn foreign_pages_are_refused_before_the_upgrade() {
    let server = TestServer::start_tuned(|config| {
        config.public_url = Some("https://panneau.example.org".into());
        config.allowed_origins = vec!["https://intranet.example.com".into()];
    })
    .await;
    let own = format!("http://{}", server.addr);
    for (origin, status) in [
        (None, 101),
        (Some(own.as_str()), 101),
        (Some("https://panneau.example.org"), 101),
        (Some("https://intranet.example.com"), 101),
        (Some("http://evil.example"), 403),
        (Some("null"), 403),
        (Some("https://panneau.example.org.evil.example"), 403),
    ] {
        assert_eq!(open_from(&server, origin).await, status, "{origin:?}");
    }
    server.stop().await;
}
