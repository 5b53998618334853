//! Creating workshops without end from one address: past the hourly budget the answer is
//! 429 with `Retry-After` and `rate_limited`; imports count too.

use panneau_tests::{http_raw, TestServer};

#[tokio::test]
async fn creating_workshops_is_limited_per_address() {
    let server = TestServer::start_tuned(|config| config.creations_per_hour = 5).await;
    let body = r#"{"title": "Again", "question": ""}"#;
    for _ in 0..5 {
        let created = http_raw(server.addr, "POST", "/api/workshops", Some(body.as_bytes()))
            .await
            .unwrap();
        assert_eq!(created.status, 201, "{}", created.text());
    }
    let refused = http_raw(server.addr, "POST", "/api/workshops", Some(body.as_bytes()))
        .await
        .unwrap();
    assert_eq!(refused.status, 429, "{}", refused.text());
    assert!(
        refused.text().contains("rate_limited"),
        "{}",
        refused.text()
    );
    let retry: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((60..=3600).contains(&retry), "retry after {retry} s");
    let import = http_raw(server.addr, "POST", "/api/workshops/import", Some(b"{}"))
        .await
        .unwrap();
    assert_eq!(import.status, 429, "{}", import.text());
    server.stop().await;
}
