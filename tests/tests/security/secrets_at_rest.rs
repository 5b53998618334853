//! Neither the facilitator key nor participants' tokens are in the database: a copy of the
//! file does not hand over the boards nor let anyone act as a participant. What an earlier
//! version stored in plain text is digested when it opens, and the links keep working.

use panneau_shared::protocol::Credential;
use panneau_shared::Actor;
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
    checkpoint(&db);
    assert!(!holds(&stored_bytes(&db), key), "the plain key stayed");
}

/// Empties the write-ahead log into the file, so what was overwritten is seen as gone.
fn checkpoint(db: &std::path::Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
}

#[tokio::test]
async fn participant_tokens_are_kept_as_digests_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panneau.db");
    let token = "marie-device-7f3a9c2e51b8d4";
    let server = TestServer::start_on(&db).await;
    let created = server.create_workshop("Rete QM Var", "Why?").await;
    let marie = Client::join(server.addr, &created.code, token, "Marie").await;
    let me = marie.me;
    drop(marie);
    server.stop().await;
    checkpoint(&db);
    assert!(!holds(&stored_bytes(&db), token), "the token is stored");

    // The database as an earlier version left it: the token in plain text, in the tokens
    // table and in the scoped op_id of Marie's join. Once it opens, both are digested, and
    // Marie's browser is still Marie.
    let digest = panneau_server::keys::token_digest(token);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch("ALTER TABLE tokens RENAME COLUMN token_digest TO token;")
            .unwrap();
        conn.execute("UPDATE tokens SET token = ?1", [token])
            .unwrap();
        let changed = conn
            .execute(
                "UPDATE events SET op_id = 't:' || ?1 || substr(op_id, ?2) WHERE op_id LIKE 't:%'",
                rusqlite::params![token, 3 + digest.len()],
            )
            .unwrap();
        assert_eq!(changed, 1, "Marie's join carries her scoped op_id");
        conn.pragma_update(None, "user_version", 4).unwrap();
    }
    assert!(holds(&stored_bytes(&db), token));
    let server = TestServer::start_on(&db).await;
    let again = Client::connect(
        server.addr,
        &created.code,
        Credential::Participant {
            token: token.into(),
        },
        None,
    )
    .await
    .expect("Marie's browser reconnects");
    assert_eq!(again.me, me);
    assert!(matches!(me, Actor::Participant { .. }));
    drop(again);
    server.stop().await;
    checkpoint(&db);
    let bytes = stored_bytes(&db);
    assert!(!holds(&bytes, token), "the plain token stayed");
    assert!(
        holds(&bytes, &format!("t:{digest}/")),
        "the op_id is scoped by the digest"
    );
}
