//! What an operator watches, served at `/metrics` in Prometheus' text format: boards and
//! connections, commands decided, how long a durable commit takes, and the relay between
//! hubs (batches, forwarded commands, gaps read back from storage).
//!
//! One set per process (a process is one hub), reached through [`metrics`] so that the
//! board tasks count without carrying a handle.

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::OnceLock;

pub struct Metrics {
    registry: Registry,
    /// Commands this hub decided as a board's owner, accepted or refused.
    pub commands: Counter,
    pub refused: Counter,
    /// From a batch queued for storage to it being durable, in seconds.
    pub commit_seconds: Histogram,
    /// Commands of this hub's screens sent to another hub, and their round trip.
    pub forwarded: Counter,
    pub forward_seconds: Histogram,
    /// Committed batches this hub published to the others, and those it received.
    pub batches_published: Counter,
    pub batches_received: Counter,
    /// Times a copy found it had missed batches and read them from storage.
    pub gaps_repaired: Counter,
    /// Times NATS dropped a message for this hub because a subscription was full.
    pub relay_overflows: Counter,
    live_boards: Gauge,
    followed_boards: Gauge,
    connections: Gauge,
}

/// The process' metrics.
pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

/// Latencies from 100 µs to about 3 s.
fn latency() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 15))
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("panneau");
        let metrics = Metrics {
            commands: Counter::default(),
            refused: Counter::default(),
            commit_seconds: latency(),
            forwarded: Counter::default(),
            forward_seconds: latency(),
            batches_published: Counter::default(),
            batches_received: Counter::default(),
            gaps_repaired: Counter::default(),
            relay_overflows: Counter::default(),
            live_boards: Gauge::default(),
            followed_boards: Gauge::default(),
            connections: Gauge::default(),
            registry: Registry::default(),
        };
        registry.register(
            "commands",
            "Commands decided by this hub as a board's owner",
            metrics.commands.clone(),
        );
        registry.register(
            "refused",
            "Commands this hub refused as a board's owner",
            metrics.refused.clone(),
        );
        registry.register(
            "commit_seconds",
            "Time from a batch queued for storage to it being durable",
            metrics.commit_seconds.clone(),
        );
        registry.register(
            "forwarded",
            "Commands of this hub's screens sent to the hub owning their board",
            metrics.forwarded.clone(),
        );
        registry.register(
            "forward_seconds",
            "Round trip of a forwarded command, its commit included",
            metrics.forward_seconds.clone(),
        );
        registry.register(
            "batches_published",
            "Committed batches published to the other hubs",
            metrics.batches_published.clone(),
        );
        registry.register(
            "batches_received",
            "Committed batches received from the hubs owning boards",
            metrics.batches_received.clone(),
        );
        registry.register(
            "gaps_repaired",
            "Times a board's copy read batches it missed from storage",
            metrics.gaps_repaired.clone(),
        );
        registry.register(
            "relay_overflows",
            "Times a message from the other hubs was dropped, a board's subscription being full",
            metrics.relay_overflows.clone(),
        );
        registry.register(
            "live_boards",
            "Boards in this hub's memory, owned or followed",
            metrics.live_boards.clone(),
        );
        registry.register(
            "followed_boards",
            "Boards this hub keeps a copy of for its screens while another owns them",
            metrics.followed_boards.clone(),
        );
        registry.register(
            "connections",
            "WebSocket connections open on this hub",
            metrics.connections.clone(),
        );
        Metrics {
            registry,
            ..metrics
        }
    }

    /// The page, with the gauges read now.
    pub fn render(&self, live: usize, followed: usize, connections: usize) -> String {
        self.live_boards.set(live as i64);
        self.followed_boards.set(followed as i64);
        self.connections.set(connections as i64);
        let mut page = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut page, &self.registry);
        page
    }
}
