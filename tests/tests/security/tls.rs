//! HTTPS and WSS served directly: with `--tls-cert` and `--tls-key` the hub speaks only
//! TLS, a board is created and joined over it, the addresses it writes start with
//! `https://`, and plain HTTP sent to that port gets no answer.

use futures_util::{SinkExt, StreamExt};
use panneau_shared::protocol::{ClientMsg, Credential, ServerMsg, PROTOCOL_VERSION};
use panneau_tests::{http_over, http_raw, CreatedWorkshop, TestServer, WAIT};
use std::sync::Arc;
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::crypto::ring::default_provider;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;
use tokio_tungstenite::tungstenite::Message;

/// A client that trusts only the test's own certificate.
struct Trusting {
    connector: TlsConnector,
    addr: std::net::SocketAddr,
}

impl Trusting {
    fn new(cert: &rcgen::Certificate, addr: std::net::SocketAddr) -> Trusting {
        let mut roots = RootCertStore::empty();
        roots.add(cert.der().clone()).expect("a trusted root");
        let config = ClientConfig::builder_with_provider(Arc::new(default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        Trusting {
            connector: TlsConnector::from(Arc::new(config)),
            addr,
        }
    }

    async fn connect(&self) -> TlsStream<TcpStream> {
        let tcp = TcpStream::connect(self.addr).await.expect("connect");
        let name = ServerName::try_from("localhost").expect("a name");
        self.connector
            .connect(name, tcp)
            .await
            .expect("a TLS handshake with the hub's certificate")
    }

    fn host(&self) -> String {
        format!("localhost:{}", self.addr.port())
    }
}

#[tokio::test]
async fn https_and_wss_are_served_with_the_given_certificate() {
    let dir = tempfile::tempdir().expect("a directory");
    let pair = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("a pair");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, pair.cert.pem()).expect("write the certificate");
    std::fs::write(&key, pair.signing_key.serialize_pem()).expect("write the key");
    let server = TestServer::start_tuned(|config| {
        config.tls_cert = Some(cert.clone());
        config.tls_key = Some(key.clone());
    })
    .await;
    let client = Trusting::new(&pair.cert, server.addr);

    let health = http_over(
        client.connect().await,
        &client.host(),
        "GET",
        "/healthz",
        None,
    )
    .await
    .expect("GET /healthz over TLS");
    assert_eq!((health.status, health.text().as_str()), (200, "ok"));

    // A workshop created over HTTPS; the address the wall shows for it starts with https.
    let body = serde_json::json!({ "title": "Rete QM Var", "question": "What next?" }).to_string();
    let created = http_over(
        client.connect().await,
        &client.host(),
        "POST",
        "/api/workshops",
        Some(body.as_bytes()),
    )
    .await
    .expect("POST /api/workshops over TLS");
    assert_eq!(created.status, 201, "{}", created.text());
    let workshop: CreatedWorkshop = serde_json::from_slice(&created.body).expect("an answer");
    let join = http_over(
        client.connect().await,
        &client.host(),
        "GET",
        &format!("/api/boards/{}/join", workshop.code),
        None,
    )
    .await
    .expect("the join address");
    assert!(
        join.text()
            .contains(&format!("https://{}/b/{}", client.host(), workshop.code)),
        "{}",
        join.text()
    );

    // The facilitator's socket over WSS.
    let url = format!("wss://{}/ws", client.host());
    let (mut socket, _) = tokio_tungstenite::client_async(url, client.connect().await)
        .await
        .expect("a WebSocket over TLS");
    let hello = ClientMsg::Hello {
        protocol: PROTOCOL_VERSION,
        board: workshop.code.clone(),
        credential: Credential::Facilitator {
            key: workshop.facilitator_key.clone(),
        },
        last_seq: None,
    };
    socket
        .send(Message::text(hello.to_json()))
        .await
        .expect("send hello");
    let answer = tokio::time::timeout(WAIT, socket.next())
        .await
        .expect("an answer in time")
        .expect("a frame")
        .expect("a frame, not an error");
    let answer: ServerMsg =
        serde_json::from_str(answer.to_text().expect("text")).expect("a message");
    assert!(
        matches!(answer, ServerMsg::Welcome { .. }),
        "expected a welcome, got {answer:?}"
    );

    // Plain HTTP to the TLS port: no HTTP answer, whatever it sends back.
    let plain = http_raw(server.addr, "GET", "/healthz", None).await;
    assert!(
        plain.as_ref().map_or(true, |r| r.status != 200),
        "plain HTTP was served: {plain:?}"
    );
    server.stop().await;
}
