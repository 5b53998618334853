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
async fn a_workshop_is_created_with_its_own_numbers_and_themes() {
    let server = TestServer::start().await;
    let created = server
        .create_workshop_with(serde_json::json!({ "ideas_per_person": 2, "four_keep": 5 }))
        .await;
    let facilitator = server.facilitator(&created).await;
    let settings = &facilitator.state.settings;
    assert_eq!((settings.ideas_per_person, settings.four_keep), (2, 5));
    assert_eq!(settings.pair_keep, 4, "the others keep their defaults");
    assert_eq!(facilitator.state.themes.len(), 3, "the default themes");

    let body = r#"{"title":"Themes","themes":["Export","Training"]}"#;
    let (status, text) = http(server.addr, "POST", "/api/workshops", Some(body))
        .await
        .unwrap();
    assert_eq!(status, 201, "{text}");
    let created: panneau_tests::CreatedWorkshop = serde_json::from_str(&text).unwrap();
    let facilitator = server.facilitator(&created).await;
    let titles: Vec<&str> = facilitator
        .state
        .themes
        .iter()
        .map(|t| t.title.as_str())
        .collect();
    assert_eq!(titles, ["Export", "Training"]);
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
        (
            r#"{"title":"x","settings":{"pair_keep":0}}"#,
            "cards a pair keeps",
        ),
        (r#"{"title":"x","themes":[""]}"#, "theme cannot be empty"),
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
        assert!(body.contains("/client-"), "{path} serves the app page");
    }
    // The WebSocket address says what it expects to a plain request.
    let (status, body) = http(server.addr, "GET", "/ws", None).await.unwrap();
    assert_eq!(status, 426);
    assert!(body.contains(r#""code":"invalid""#), "{body}");
    assert!(body.contains("only speaks WebSocket"), "{body}");
    server.stop().await;
}
