//! The HTTP side: health, workshop creation and its errors, and the client's routes.

use panneau_tests::{http, TestServer};

#[tokio::test]
async fn creating_a_workshop_returns_its_links() {
    let server = TestServer::start().await;
    let created = server
        .create_workshop("Réseau QM", "Quelles actions ?")
        .await;
    assert_eq!(created.code.len(), 6);
    assert_eq!(created.participant_url, format!("/b/{}", created.code));
    assert_eq!(created.wall_url, format!("/b/{}/wall", created.code));
    assert!(created
        .facilitator_url
        .ends_with(&format!("#key={}", created.facilitator_key)));
    let other = server.create_workshop("Another", "").await;
    assert_ne!(other.code, created.code);
    server.stop().await;
}

#[tokio::test]
async fn invalid_creations_get_a_json_reason() {
    let server = TestServer::start().await;
    let long_title = format!(r#"{{"title":"{}"}}"#, "t".repeat(500));
    let cases = [
        (r#"{"title":"   "}"#, "cannot be empty"),
        (long_title.as_str(), "too long"),
        ("not json", "json"),
        (r#"{"title":"x","colour":"blue"}"#, "unknown field"),
    ];
    for (body, expected) in cases {
        let (status, text) = http(server.addr, "POST", "/api/workshops", Some(body))
            .await
            .unwrap();
        assert_eq!(status, 400, "{body}: {text}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["code"], "invalid");
        let message = json["message"].as_str().unwrap().to_lowercase();
        assert!(message.contains(expected), "{body}: {message}");
    }
    server.stop().await;
}

#[tokio::test]
async fn health_and_client_routes_are_served() {
    let server = TestServer::start().await;
    assert_eq!(
        http(server.addr, "GET", "/healthz", None).await.unwrap(),
        (200, "ok".into())
    );
    // Every client route answers with the app's page, so links and reloads work.
    for path in ["/", "/b/ABCDEF", "/b/ABCDEF/wall", "/b/ABCDEF/facilitate"] {
        let (status, body) = http(server.addr, "GET", path, None).await.unwrap();
        assert_eq!(status, 200, "{path}");
        assert!(body.contains("client.js"), "{path} serves the app page");
    }
    server.stop().await;
}
