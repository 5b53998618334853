//! The facilitator key is not in the database: a copy of the file does not hand over the
//! boards. Keys an earlier version stored in plain text are digested when it opens, and
//! their links keep working.

use panneau_shared::protocol::Credential;
use panneau_tests::{Client, TestServer};

/// Every byte the database keeps: the file and its write-ahead log.
fn stored_bytes(db: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).expect("the database file");
    let wal = db.with_extension("db-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn the_facilitator_key_is_kept_as_a_digest_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panneau.db");
    let server = TestServer::start_on(&db).await;
    let created = server.create_workshop("Rete QM Var", "Why?").await;
    server.facilitator(&created).await;
    server.stop().await;
    let key = &created.facilitator_key;
    assert!(!holds(&stored_bytes(&db), key), "the key is stored");

    // A board of an earlier version, its key in plain text: once the database opens, the
    // key is digested and still opens the console; a wrong one does not.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute(
            "UPDATE boards SET key_digest = ?1 WHERE code = ?2",
            [key, &created.code],
        )
        .unwrap();
    }
    assert!(holds(&stored_bytes(&db), key));
    let server = TestServer::start_on(&db).await;
    server.facilitator(&created).await;
    let wrong = Client::connect(
        server.addr,
        &created.code,
        Credential::Facilitator {
            key: format!("{}x", &key[1..]),
        },
        None,
    )
    .await;
    assert!(wrong.is_err(), "a wrong key opens the console");
    server.stop().await;
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    assert!(!holds(&stored_bytes(&db), key), "the plain key stayed");
}
