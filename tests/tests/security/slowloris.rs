//! Half-sent requests cannot hold the server's sockets: a request head that never ends, a
//! body that never comes and an idle keep-alive connection are all closed after the
//! request timeout; a body announced larger than allowed is refused at once; and all the
//! while an ordinary request is answered.

use panneau_tests::{http, TestServer};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Reads until the server closes the connection (or `limit` passes), returning what it
/// sent and when it closed.
async fn until_closed(socket: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let began = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(began.elapsed()), socket.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (
                    String::from_utf8_lossy(&got).into_owned(),
                    Some(began.elapsed()),
                )
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), None),
        }
    }
}

#[tokio::test]
async fn slow_and_idle_clients_are_let_go_and_others_are_served() {
    let server = TestServer::start_tuned(|config| config.request_timeout_secs = 1).await;
    let limit = Duration::from_secs(5);

    // A head that never ends.
    let mut head = TcpStream::connect(server.addr).await.unwrap();
    head.write_all(b"GET / HTTP/1.1\r\nHost: panneau\r\n")
        .await
        .unwrap();
    // A body that never comes.
    let mut body = TcpStream::connect(server.addr).await.unwrap();
    body.write_all(
        b"POST /api/workshops HTTP/1.1\r\nHost: panneau\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"title\":",
    )
    .await
    .unwrap();
    // An idle connection after one complete request.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: panneau\r\n\r\n")
        .await
        .unwrap();
    // Meanwhile, an ordinary request.
    let (status, _) = http(server.addr, "GET", "/healthz", None).await.unwrap();
    assert_eq!(status, 200);

    let (said, closed) = until_closed(&mut head, limit).await;
    assert!(
        closed.is_some(),
        "a never-ending head held its socket: {said:?}"
    );
    let (said, closed) = until_closed(&mut body, limit).await;
    assert!(closed.is_some(), "a missing body held its socket: {said:?}");
    assert!(!said.starts_with("HTTP/1.1 201"), "{said}");
    let (said, closed) = until_closed(&mut idle, limit).await;
    assert!(said.starts_with("HTTP/1.1 200"), "{said}");
    assert!(closed.is_some(), "an idle connection stayed open");

    // A body announced far over the limit is refused without waiting for it.
    let mut huge = TcpStream::connect(server.addr).await.unwrap();
    huge.write_all(
        b"POST /api/workshops HTTP/1.1\r\nHost: panneau\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n",
    )
    .await
    .unwrap();
    let mut answer = [0u8; 1024];
    let n = tokio::time::timeout(limit, huge.read(&mut answer))
        .await
        .expect("an answer")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    server.stop().await;
}
