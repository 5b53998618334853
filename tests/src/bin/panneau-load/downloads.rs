//! Downloads running beside a fan-out (`--downloads N`): a large board (500 people, 300
//! actions, 2,000 stickers) imported into the server, whose facilitator rewrites the
//! synthesis over and over while N loops fetch its report and diagram — each fetch a
//! fresh render, since the board changed. It shows whether rendering slows a busy board.

use crate::{await_ack, command, connect, Server};
use anyhow::{bail, Context, Result};
use panneau_shared::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

/// The downloading loops, until dropped.
pub(crate) struct Downloads {
    stop: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    tasks: Vec<tokio::task::JoinHandle<Result<()>>>,
}

impl Downloads {
    /// Imports the large board and starts `loops` download loops against it.
    pub(crate) async fn start(server: &Server, loops: usize) -> Result<Downloads> {
        let export = panneau_outputs::export_json(panneau_outputs::Board {
            workshop: &panneau_outputs::sample::large_board(),
            code: "LARGE2",
            lang: panneau_outputs::Lang::En,
        });
        let answer = panneau_tests::http_raw(
            server.addr,
            "POST",
            "/api/workshops/import?mode=copy",
            Some(export.as_bytes()),
        )
        .await?;
        if answer.status != 201 {
            bail!("importing the large board: {}", answer.text());
        }
        let created: panneau_tests::CreatedWorkshop = serde_json::from_slice(&answer.body)?;
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicU64::new(0));
        let mut tasks = Vec::new();
        for i in 0..loops {
            let (stop, done) = (stop.clone(), done.clone());
            let (addr, code, key) = (
                server.addr,
                created.code.clone(),
                created.facilitator_key.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut facilitator = connect(addr, &code, &key).await?;
                let outputs_key = outputs_key(addr, &code, &key).await?;
                let mut k = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    k += 1;
                    let op = format!("synthesis-{i}-{k}");
                    let text = format!("Synthesis, version {k} of writer {i}");
                    command(&mut facilitator, &op, Command::SetSynthesis { text }).await?;
                    await_ack(&mut facilitator, &op).await?;
                    for file in ["report.html", "plan.png"] {
                        let path = format!("/api/boards/{code}/{file}?key={outputs_key}");
                        let got = panneau_tests::http_raw(addr, "GET", &path, None).await?;
                        if got.status != 200 {
                            bail!("{path}: {}", got.status);
                        }
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
                Ok(())
            }));
        }
        Ok(Downloads { stop, done, tasks })
    }

    /// Stops the loops and returns how many outputs they fetched.
    pub(crate) async fn finish(self) -> Result<u64> {
        self.stop.store(true, Ordering::Relaxed);
        for task in self.tasks {
            task.await??;
        }
        Ok(self.done.load(Ordering::Relaxed))
    }
}

/// The board's outputs key, from the facilitator's welcome.
async fn outputs_key(addr: std::net::SocketAddr, code: &str, key: &str) -> Result<String> {
    use futures_util::StreamExt;
    let credential = panneau_shared::protocol::Credential::Facilitator { key: key.into() };
    let mut socket = crate::open(addr, code, credential).await?;
    let frame = socket.next().await.context("closed before the welcome")??;
    let welcome: panneau_shared::protocol::ServerMsg = serde_json::from_str(frame.to_text()?)?;
    match welcome {
        panneau_shared::protocol::ServerMsg::Welcome {
            outputs_key: Some(key),
            ..
        } => Ok(key),
        other => bail!("expected the facilitator's welcome, got {other:?}"),
    }
}
