//! Workshops do not stay for ever: the facilitator deletes one (with the key), and
//! workshops nothing has happened on for the retention period are deleted at start.
//! Either way every trace of it leaves the database, and its code opens nothing.

use panneau_shared::protocol::Credential;
use panneau_tests::{Client, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// `DELETE /api/boards/CODE` with `key` as the bearer; the answer's status.
async fn delete(server: &TestServer, code: &str, key: &str) -> u16 {
    let mut socket = TcpStream::connect(server.addr).await.unwrap();
    let request = format!(
        "DELETE /api/boards/{code} HTTP/1.1\r\nHost: panneau\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    );
    socket.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    answer[9..12].parse().unwrap()
}

fn holds(db: &std::path::Path, needle: &str) -> bool {
    let mut bytes = std::fs::read(db).unwrap();
    bytes.extend(std::fs::read(db.with_extension("db-wal")).unwrap_or_default());
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn a_deleted_workshop_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panneau.db");
    let server = TestServer::start_on(&db).await;
    let created = server
        .create_workshop("A meeting to forget", "Which secrets?")
        .await;
    let code = created.code.as_str();
    let mut wall = Client::connect(server.addr, code, Credential::Wall, None)
        .await
        .unwrap();
    assert_eq!(delete(&server, code, "not-the-key").await, 403);
    assert_eq!(delete(&server, code, &created.facilitator_key).await, 204);
    // The wall is let go, and the code opens nothing any more.
    while wall.recv().await.is_ok() {}
    let again = Client::connect(server.addr, code, Credential::Wall, None).await;
    assert!(again.err().unwrap().to_string().contains("no workshop"));
    let (status, _) = panneau_tests::http(
        server.addr,
        "GET",
        &format!("/api/boards/{code}/report.md"),
        None,
    )
    .await
    .unwrap();
    assert_eq!(status, 404);
    assert_eq!(delete(&server, code, &created.facilitator_key).await, 404);
    server.stop().await;
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    drop(conn);
    assert!(
        !holds(&db, "A meeting to forget"),
        "the workshop's text stayed"
    );
}

#[tokio::test]
async fn workshops_idle_past_the_retention_period_are_deleted_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panneau.db");
    let server = TestServer::start_on(&db).await;
    let old = server.create_workshop("Last year", "").await;
    let recent = server.create_workshop("This week", "").await;
    server.stop().await;
    // Nothing has happened on the first for four months.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE boards SET active_at_ms = 0 WHERE code = ?1",
        [&old.code],
    )
    .unwrap();
    drop(conn);
    let server = TestServer::start_with(&db, |config| config.retention_days = 90).await;
    // (Watched in the file: opening the board would make it in use, and kept.)
    panneau_tests::browser::eventually("the idle workshop deleted", || async {
        let conn = rusqlite::Connection::open(&db)?;
        let left: i64 = conn.query_row(
            "SELECT count(*) FROM boards WHERE code = ?1",
            [&old.code],
            |row| row.get(0),
        )?;
        Ok((left == 0).then_some(()))
    })
    .await
    .unwrap();
    let hello = Client::connect(server.addr, &old.code, Credential::Wall, None).await;
    assert!(hello.is_err(), "the idle workshop still opens");
    Client::connect(server.addr, &recent.code, Credential::Wall, None)
        .await
        .expect("the recent one stays");
    server.stop().await;
}
