//! A TCP link between one process and a server that a test can cut and mend: a network
//! partition between a hub and NATS (or any server on loopback), while the other hubs
//! still reach it. Cut, it closes every connection through it and refuses new ones, as a
//! lost route would.

use anyhow::Result;
use std::net::SocketAddr;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct CuttableLink {
    pub addr: SocketAddr,
    cut: watch::Sender<bool>,
    accepting: tokio::task::JoinHandle<()>,
}

impl CuttableLink {
    /// A link on a free loopback port to `target`, open.
    pub async fn to(target: SocketAddr) -> Result<CuttableLink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (cut, watching) = watch::channel(false);
        let accepting = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let mut cut = watching.clone();
                if *cut.borrow() {
                    // Refused: the connection closes as soon as it opened.
                    continue;
                }
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut inbound, mut outbound) = (inbound, outbound);
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.wait_for(|cut| *cut) => {}
                    }
                });
            }
        });
        Ok(CuttableLink {
            addr,
            cut,
            accepting,
        })
    }

    /// Closes every connection through the link and refuses new ones.
    pub fn cut(&self) {
        self.cut.send_replace(true);
    }

    /// Lets connections through again.
    pub fn mend(&self) {
        self.cut.send_replace(false);
    }
}

impl Drop for CuttableLink {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
