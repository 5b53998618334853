//! Sockets held open: one address may hold only so many (then 503 with `Retry-After`),
//! one board takes only so many screens (then `board_full`), and a crowd arriving at once
//! costs each screen a few presence messages, not one per arrival.

use panneau_shared::protocol::{Credential, ServerMsg};
use panneau_tests::{Client, TestServer};
use tokio_tungstenite::tungstenite::Error;

#[tokio::test]
async fn an_address_holds_only_so_many_sockets() {
    let server = TestServer::start_tuned(|config| config.connections_per_ip = 10).await;
    let mut open = Vec::new();
    for _ in 0..10 {
        open.push(Client::open(server.addr).await.unwrap());
    }
    match Client::open(server.addr).await {
        Err(err) => match err.downcast_ref::<Error>() {
            Some(Error::Http(response)) => {
                assert_eq!(response.status().as_u16(), 503);
                assert!(response.headers().contains_key("retry-after"));
            }
            other => panic!("{other:?}"),
        },
        Ok(_) => panic!("an eleventh socket from one address"),
    }
    // One closes; its place is free again.
    drop(open.pop());
    let mut reopened = None;
    for _ in 0..100 {
        if let Ok(socket) = Client::open(server.addr).await {
            reopened = Some(socket);
            break;
        }
        tokio::task::yield_now().await;
    }
    assert!(reopened.is_some(), "the freed place was not given back");
    // Sockets that never said hello would hold the shutdown until their hello times out.
    drop((open, reopened));
    server.stop().await;
}

#[tokio::test]
async fn a_board_takes_only_so_many_screens_and_presence_comes_in_batches() {
    let server = TestServer::start_tuned(|config| config.connections_per_board = 30).await;
    let created = server.create_workshop("Crowd", "").await;
    let mut watcher = Client::connect(server.addr, &created.code, Credential::Wall, None)
        .await
        .unwrap();
    let mut crowd = Vec::new();
    for _ in 0..29 {
        crowd.push(
            Client::connect(server.addr, &created.code, Credential::Wall, None)
                .await
                .unwrap(),
        );
    }
    let full = Client::connect(server.addr, &created.code, Credential::Wall, None).await;
    let refused = full.err().expect("a 31st screen").to_string();
    assert!(refused.contains("BoardFull"), "{refused}");
    // The watcher hears that 30 walls are here in far fewer than 29 messages.
    let mut presences = 0;
    loop {
        if let ServerMsg::Presence { walls, .. } = watcher.recv().await.unwrap() {
            presences += 1;
            if walls == 30 {
                break;
            }
        }
    }
    println!("29 arrivals told in {presences} presence messages");
    assert!(presences < 10, "{presences} presence messages");
    server.stop().await;
}
