//! Keeps this hub's leases alive: renews them all every third of their length, and lets
//! a board go the moment its lease is lost (another hub took it over) or can no longer be
//! renewed in time (the database is out of reach), so that no two hubs serve one board.
//! A hub cut off from the other hubs gives its boards up too.

use crate::hub::Hub;
use std::sync::Weak;
use std::time::Duration;
use tokio::time::Instant;

/// Renews the leases until the hub is gone (holding it only while renewing, so that a
/// stopping hub is not kept alive by its own lease keeper).
pub fn keep(hub: Weak<Hub>, lease: Duration) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(lease / 3);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Leases are extended from the moment the database runs the renewal, which is
        // after it was asked: counting from the asking is on the safe side.
        let mut renewed_at = Instant::now();
        // Ticks in a row at which NATS was out of reach.
        let mut cut_off = 0;
        loop {
            every.tick().await;
            let Some(hub) = hub.upgrade() else { return };
            // A hub cut off from the others while they reach each other would keep its
            // boards from their screens: past a blip (NATS restarting), it gives the boards
            // back, for hubs that reach everyone to take.
            cut_off = if hub.cut_off() { cut_off + 1 } else { 0 };
            if cut_off == 2 {
                tracing::error!("cut off from the other hubs; letting every board go");
                hub.let_go_all().await;
            }
            let asked = Instant::now();
            let outcome = hub.renew_leases().await;
            match outcome {
                Ok(lost) => {
                    renewed_at = asked;
                    for (code, epoch) in lost {
                        tracing::warn!(%code, epoch, "lease lost to another hub; letting the board go");
                        hub.let_go(&code, epoch).await;
                    }
                }
                Err(err) if renewed_at.elapsed() + lease / 3 >= lease => {
                    tracing::error!(%err, "leases cannot be renewed in time; letting every board go");
                    hub.let_go_all().await;
                }
                Err(err) => tracing::warn!(%err, "renewing the leases failed; retrying"),
            }
        }
    });
}
