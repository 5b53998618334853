//! Guessing join codes (or a facilitator key) from one address: after 30 wrong hellos a
//! minute the address is turned away — even with a right code — with `rate_limited` and
//! when to retry; other addresses are not affected (tested in `limits.rs`).

use panneau_shared::protocol::Credential;
use panneau_tests::{Client, TestServer};

/// The refusal code of a hello, if it is refused.
async fn hello(server: &TestServer, code: &str, credential: Credential) -> Option<String> {
    Client::connect(server.addr, code, credential, None)
        .await
        .err()
        .map(|err| err.to_string())
}

#[tokio::test]
async fn guessing_codes_gets_an_address_turned_away() {
    let server = TestServer::start().await;
    let created = server.create_workshop("Guess", "").await;
    assert_eq!(hello(&server, &created.code, Credential::Wall).await, None);
    // Wrong codes, then a wrong facilitator key: each counts.
    for k in 0..29 {
        let refused = hello(&server, &format!("ZZZ{k:03}"), Credential::Wall).await;
        assert!(refused.is_some_and(|r| r.contains("Invalid")), "guess {k}");
    }
    let wrong_key = Credential::Facilitator {
        key: "not-the-key".into(),
    };
    let refused = hello(&server, &created.code, wrong_key).await.unwrap();
    assert!(refused.contains("NotAllowed"), "{refused}");
    // The 31st failure turns the address away, at the door: now even the right code
    // waits (429, with `rate_limited` and when to retry).
    hello(&server, "ZZZ999", Credential::Wall).await.unwrap();
    let refused = hello(&server, &created.code, Credential::Wall)
        .await
        .unwrap();
    assert!(refused.contains("429"), "{refused}");
    server.stop().await;
}
