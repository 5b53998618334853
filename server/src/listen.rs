//! Accepting HTTP connections, with the timeouts a public address needs: a client has a
//! few seconds (`--request-timeout-secs`) to send a request's head, and an idle keep-alive
//! connection as long to start the next, so half-sent requests cannot hold sockets;
//! bodies have the same deadline and a size limit (see [`crate::http`]). Upgraded WebSockets leave this loop and
//! live by their own rules ([`crate::connection`]).
//!
//! axum's `serve` does not expose hyper's timers, hence this loop, which otherwise does
//! what it does: one task per connection, the peer's address given to handlers as
//! `ConnectInfo`, and a graceful shutdown. With a certificate ([`crate::tls`]) each
//! connection first completes a TLS handshake, within the same deadline.

use crate::tls::Tls;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long a shutdown waits for requests in progress.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests in
/// progress finish (for at most [`DRAIN`]).
/// `timeout`: what a client has to send a request's head, and an idle connection to start
/// the next. `tls`: serve HTTPS with it rather than plain HTTP.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    timeout: Duration,
    tls: Option<Arc<Tls>>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    // HTTP/1.1 only: browsers speak it to a hub (HTTP/2 only over TLS, and WebSockets
    // upgrade over HTTP/1.1 anyway), and its header timeout has no HTTP/2 counterpart,
    // so a half-sent HTTP/2 request could hold a socket.
    let mut builder = Builder::new(TokioExecutor::new()).http1_only();
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(timeout);
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (tcp, peer) = match accepted {
                    Ok(accepted) => accepted,
                    Err(err) => {
                        // Out of file descriptors, say: wait a little rather than spin.
                        tracing::warn!(%err, "accepting a connection failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                // Board traffic is many small frames that must go out at once.
                if let Err(err) = tcp.set_nodelay(true) {
                    tracing::warn!(%err, "could not set TCP_NODELAY");
                }
                let (builder, app, stopping) = (builder.clone(), app.clone(), stopping.clone());
                match &tls {
                    None => connections.spawn(connection(builder, tcp, peer, app, stopping, false)),
                    Some(tls) => connections.spawn(secure(tls.clone(), timeout, builder, tcp, peer, app, stopping)),
                };
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = stop.send(true);
    let drained = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!("some requests were still running {DRAIN:?} after shutdown");
    }
    Ok(())
}

/// One HTTPS connection: the handshake (within `timeout`, like a request's head), then
/// HTTP over it.
async fn secure(
    tls: Arc<Tls>,
    timeout: Duration,
    builder: Builder<TokioExecutor>,
    tcp: TcpStream,
    peer: SocketAddr,
    app: Router,
    stopping: watch::Receiver<bool>,
) {
    match tokio::time::timeout(timeout, tls.acceptor().accept(tcp)).await {
        Ok(Ok(stream)) => connection(builder, stream, peer, app, stopping, true).await,
        // Plain HTTP sent to the HTTPS port, an unknown certificate refused by the browser,
        // a port scanner: nothing to tell anyone.
        Ok(Err(err)) => tracing::debug!(%err, %peer, "a TLS handshake failed"),
        Err(_) => tracing::debug!(%peer, "a TLS handshake took too long"),
    }
}

/// One HTTP connection, until it ends or the server stops (then it finishes the request
/// in progress and closes). `https`: it came over TLS.
async fn connection<I>(
    builder: Builder<TokioExecutor>,
    io: I,
    peer: SocketAddr,
    app: Router,
    mut stopping: watch::Receiver<bool>,
    https: bool,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = app.map_request(move |request: Request<Incoming>| {
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(peer));
        if https {
            // Panneau is its own TLS terminator here: addresses it writes (the join link)
            // start with https, whatever the client claims.
            request
                .headers_mut()
                .insert("x-forwarded-proto", HeaderValue::from_static("https"));
        }
        request
    });
    let service = TowerToHyperService::new(service);
    let mut conn = pin!(builder.serve_connection_with_upgrades(TokioIo::new(io), service));
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(err) = result {
                    tracing::trace!(%err, "a connection ended with an error");
                }
                return;
            }
            _ = stopping.changed() => conn.as_mut().graceful_shutdown(),
        }
    }
}
