//! A server with a creation key creates workshops only for those who give it; without a
//! key (the default) anyone may.

use panneau_tests::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `POST /api/workshops` with the creation key `key`, if any: the status and the body.
async fn create(server: &TestServer, key: Option<&str>) -> (u16, String) {
    let body = r#"{"title": "Keyed", "question": ""}"#;
    let key = key.map_or(String::new(), |k| format!("X-Panneau-Create-Key: {k}\r\n"));
    let request = format!(
        "POST /api/workshops HTTP/1.1\r\nHost: panneau\r\nContent-Type: application/json\r\n{key}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut socket = TcpStream::connect(server.addr).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    (answer[9..12].parse().unwrap(), answer)
}

#[tokio::test]
async fn only_holders_of_the_creation_key_create_workshops() {
    let server = TestServer::start_tuned(|config| config.create_key = Some("s3cret".into())).await;
    let (status, answer) = create(&server, None).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer.contains("not_allowed"), "{answer}");
    assert_eq!(create(&server, Some("guess")).await.0, 401);
    assert_eq!(create(&server, Some("s3cret")).await.0, 201);
    server.stop().await;

    let open = TestServer::start().await;
    assert_eq!(create(&open, None).await.0, 201);
    open.stop().await;
}
