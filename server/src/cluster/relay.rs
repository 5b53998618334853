//! The relay between hubs, over core NATS: the hub that owns a board (see [`super::lease`])
//! answers the commands other hubs forward to it on `panneau.<code>.cmd` and publishes
//! each committed batch once on `panneau.<code>.ev`; every hub with screens on the board
//! keeps a copy by applying those batches in `seq` order and fans them out to its own
//! screens, with the same rules of who may see what.
//!
//! NATS may drop a message (a slow subscriber, a restart): PostgreSQL is the log, so a
//! follower that sees a gap in `seq` reads what it missed from there. No JetStream.
//!
//! The hubs trust each other: a forwarded command says who sent it (the actor and the
//! digest of their token, as the forwarding hub established them). NATS must be reachable
//! by the hubs only.

use panneau_shared::{Actor, CardId, Command, Event, ParticipantId, Rejection, RejectionCode};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::mpsc;

/// A committed batch of one board, as its owner publishes it.
#[derive(Serialize, Deserialize)]
pub struct Batch {
    /// The owner's lease when it wrote the batch.
    pub epoch: u64,
    pub events: Vec<(u64, Event)>,
    /// Digests of the tokens of those who joined in this batch, and who they are.
    pub tokens: Vec<(String, ParticipantId)>,
}

/// A screen's command, forwarded by the hub it is connected to.
#[derive(Serialize, Deserialize)]
pub struct RemoteCommand {
    pub actor: Actor,
    /// The digest of the sender's participant token, if it has one.
    pub token: Option<String>,
    pub op_id: String,
    pub command: Command,
    pub on_behalf_of: Option<ParticipantId>,
}

/// What the owner answers a forwarded command, once its events are durable.
#[derive(Serialize, Deserialize)]
pub enum Answer {
    Ack { seq: u64 },
    Rejected(Rejection),
}

/// Who is connected to one board through one hub, as that hub tells the others.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct HubPresence {
    pub hub: String,
    /// The last durable event of the board the hub knows of: a copy further behind
    /// missed a batch, and reads it from storage (the last one of a burst has no next
    /// one to show the gap).
    #[serde(default)]
    pub seq: u64,
    /// Each participant connected here, with their devices.
    pub devices: Vec<(ParticipantId, u32)>,
    pub facilitators: u32,
    pub walls: u32,
}

/// What one hub tells the others of a board as it happens, unsequenced and unstored.
#[derive(Serialize, Deserialize)]
pub enum Live {
    /// Who is connected through the hub.
    Presence(HubPresence),
    /// A card being dragged by one of the hub's screens (the drop is a command).
    Drag {
        hub: String,
        card: CardId,
        x: f32,
        y: f32,
        by: Actor,
    },
}

impl Live {
    fn hub(&self) -> &str {
        match self {
            Live::Presence(presence) => &presence.hub,
            Live::Drag { hub, .. } => hub,
        }
    }
}

/// Why a forwarded command got no answer.
#[derive(Debug)]
pub enum ForwardError {
    /// No hub serves the board now (its owner stopped or died).
    NoOwner,
    /// The owner did not answer in time, or NATS is out of reach.
    Unreachable,
}

/// Something for a board task from another hub.
pub enum Incoming {
    /// For a follower: a batch its owner committed.
    Batch(Batch),
    /// For the owner: a command forwarded by another hub, and where to answer it.
    /// Boxed: a command is much larger than the other variant.
    Command(Box<RemoteCommand>, Replier),
    /// Who is connected through another hub, or a card dragged there.
    Live(Live),
}

/// Answers one forwarded command.
pub struct Replier {
    client: async_nats::Client,
    subject: Option<async_nats::Subject>,
}

impl Replier {
    pub fn answer(self, answer: &Answer) {
        let Some(subject) = self.subject else { return };
        let Ok(payload) = serde_json::to_vec(answer) else {
            return;
        };
        let client = self.client;
        tokio::spawn(async move {
            if let Err(err) = client.publish(subject, payload.into()).await {
                tracing::warn!(%err, "answering a forwarded command failed");
            }
        });
    }
}

/// How long a hub waits for the owner to answer a forwarded command: its commit
/// included, with room for a slow disk, yet short of a lease, so that a command sent
/// just as the owner died does not hold its sender past the failover. A command that
/// times out is refused as `unavailable`; resent with its op id, it is applied once.
const FORWARD_TIMEOUT: Duration = Duration::from_secs(2);

/// This hub's connection to NATS.
#[derive(Clone)]
pub struct Relay {
    client: async_nats::Client,
    hub: String,
}

fn commands_of(code: &str) -> String {
    format!("panneau.{code}.cmd")
}

fn batches_of(code: &str) -> String {
    format!("panneau.{code}.ev")
}

fn live_of(code: &str) -> String {
    format!("panneau.{code}.live")
}

impl Relay {
    /// `buffer`: messages one subscription holds before NATS drops the excess.
    pub async fn connect(url: &str, hub: &str, buffer: usize) -> anyhow::Result<Relay> {
        let client = async_nats::ConnectOptions::new()
            .name(format!("panneau {hub}"))
            .subscription_capacity(buffer)
            .event_callback(|event| async move {
                match event {
                    // What was dropped is read from the database when the gap shows.
                    async_nats::Event::SlowConsumer(_) => {
                        crate::metrics::metrics().relay_overflows.inc();
                    }
                    async_nats::Event::Disconnected => tracing::warn!("NATS is out of reach"),
                    async_nats::Event::Connected => tracing::info!("connected to NATS"),
                    other => tracing::debug!(%other, "NATS"),
                }
            })
            .request_timeout(Some(FORWARD_TIMEOUT))
            // Keep trying for ever: a restarted NATS is found again without a restart.
            .max_reconnects(None)
            // Quickly, too: a hub cut off past a blip gives its boards up (see `lease`),
            // and the default backoff (up to 4 s) would leave it idle once mended.
            .reconnect_delay_callback(|attempts| {
                Duration::from_millis(2u64.saturating_pow(attempts as u32).min(500))
            })
            .connect(url)
            .await?;
        Ok(Relay {
            client,
            hub: hub.to_owned(),
        })
    }

    /// Whether this hub reaches NATS now (a lost connection is retried for ever).
    pub fn connected(&self) -> bool {
        self.client.connection_state() == async_nats::connection::State::Connected
    }

    /// The link of the board this hub owns: it receives forwarded commands and publishes
    /// its committed batches.
    pub async fn own(&self, code: &str) -> anyhow::Result<Link> {
        self.link(code, true).await
    }

    /// The link of a board another hub owns: it receives the owner's batches and
    /// forwards this hub's commands. Subscribed before the board is read from the
    /// database, so that no batch falls between the two.
    pub async fn follow(&self, code: &str) -> anyhow::Result<Link> {
        self.link(code, false).await
    }

    /// A board's link: its commands (the owner) or its batches (a follower), and what
    /// happens live on the other hubs.
    async fn link(&self, code: &str, owner: bool) -> anyhow::Result<Link> {
        let subject = if owner {
            commands_of(code)
        } else {
            batches_of(code)
        };
        let subscription = self.client.subscribe(subject).await?;
        let live = self.client.subscribe(live_of(code)).await?;
        self.client.flush().await?;
        Ok(Link::new(self, code, owner, subscription, live))
    }
}

/// One board's subscription (what comes in) and its ways out.
pub struct Link {
    pub inbound: Inbound,
    pub outbound: Outbound,
}

/// What another hub sends a board.
pub struct Inbound {
    /// Whether the board's owner holds this link (subscribed to commands, not batches).
    owner: bool,
    subscription: async_nats::Subscriber,
    live: async_nats::Subscriber,
    client: async_nats::Client,
    hub: String,
}

/// What a board sends other hubs.
pub struct Outbound {
    client: async_nats::Client,
    code: String,
    hub: String,
    /// Batches and live messages go out through one task, so they leave in the order
    /// they were made (batches in the order they were committed).
    outgoing: mpsc::UnboundedSender<(String, bytes::Bytes)>,
}

impl Link {
    fn new(
        relay: &Relay,
        code: &str,
        owner: bool,
        subscription: async_nats::Subscriber,
        live: async_nats::Subscriber,
    ) -> Link {
        let client = relay.client.clone();
        let (outgoing, mut queued) = mpsc::unbounded_channel::<(String, bytes::Bytes)>();
        let publisher = client.clone();
        tokio::spawn(async move {
            while let Some((subject, payload)) = queued.recv().await {
                if let Err(err) = publisher.publish(subject, payload).await {
                    // Followers find the gap and read it from the database.
                    tracing::warn!(%err, "publishing to the other hubs failed");
                }
            }
        });
        Link {
            inbound: Inbound {
                owner,
                subscription,
                live,
                client: client.clone(),
                hub: relay.hub.clone(),
            },
            outbound: Outbound {
                client,
                code: code.to_owned(),
                hub: relay.hub.clone(),
                outgoing,
            },
        }
    }
}

impl Inbound {
    /// The next message for the board; `None` once the subscription ended.
    pub async fn next(&mut self) -> Option<Incoming> {
        use futures_util::StreamExt;
        loop {
            let message = tokio::select! {
                message = self.subscription.next() => message?,
                Some(message) = self.live.next() => {
                    match serde_json::from_slice::<Live>(&message.payload) {
                        // Our own, heard back: this hub's screens already had it.
                        Ok(live) if live.hub() == self.hub => continue,
                        Ok(live) => return Some(Incoming::Live(live)),
                        Err(err) => {
                            tracing::warn!(%err, "an unreadable live message");
                            continue;
                        }
                    }
                }
            };
            // What a message is follows from the subscription it came on: an owner's
            // are commands to answer, a follower's are batches.
            if self.owner {
                let Some(reply) = message.reply.clone() else {
                    tracing::warn!("a command with nowhere to answer");
                    continue;
                };
                let replier = Replier {
                    client: self.client.clone(),
                    subject: Some(reply),
                };
                match serde_json::from_slice::<Box<RemoteCommand>>(&message.payload) {
                    Ok(command) => return Some(Incoming::Command(command, replier)),
                    Err(err) => {
                        tracing::warn!(%err, "an unreadable forwarded command");
                        replier.answer(&Answer::Rejected(Rejection::new(
                            RejectionCode::Invalid,
                            format!("unreadable forwarded command: {err}"),
                        )));
                    }
                }
            } else {
                match serde_json::from_slice::<Batch>(&message.payload) {
                    Ok(batch) => return Some(Incoming::Batch(batch)),
                    // A gap, repaired from the database with the next batch.
                    Err(err) => tracing::warn!(%err, "an unreadable batch"),
                }
            }
        }
    }
}

impl Outbound {
    /// The owner publishes a committed batch.
    pub fn publish(&self, batch: &Batch) {
        self.send(batches_of(&self.code), batch);
    }

    /// Tells the other hubs who is connected to the board through this one.
    pub fn publish_presence(&self, mut presence: HubPresence) {
        presence.hub = self.hub.clone();
        self.send(live_of(&self.code), &Live::Presence(presence));
    }

    /// Tells the other hubs of a card one of this hub's screens is dragging.
    pub fn publish_drag(&self, card: CardId, x: f32, y: f32, by: Actor) {
        let hub = self.hub.clone();
        self.send(
            live_of(&self.code),
            &Live::Drag {
                hub,
                card,
                x,
                y,
                by,
            },
        );
    }

    /// Queues `message` for `subject`, behind what was queued before.
    fn send(&self, subject: String, message: &impl Serialize) {
        match serde_json::to_vec(message) {
            Ok(payload) => {
                let _ = self.outgoing.send((subject, payload.into()));
            }
            Err(err) => tracing::error!(%err, "a message to the other hubs could not be written"),
        }
    }

    /// A follower forwards a command to the owner; the future answers once the owner
    /// has (or has not).
    pub fn forward(
        &self,
        command: &RemoteCommand,
    ) -> impl std::future::Future<Output = Result<Answer, ForwardError>> + Send + 'static {
        let client = self.client.clone();
        let subject = commands_of(&self.code);
        let payload = serde_json::to_vec(command).map(bytes::Bytes::from);
        async move {
            let payload = payload.map_err(|_| ForwardError::Unreachable)?;
            match client.request(subject, payload).await {
                Ok(reply) => {
                    serde_json::from_slice(&reply.payload).map_err(|_| ForwardError::Unreachable)
                }
                Err(err) if err.kind() == async_nats::RequestErrorKind::NoResponders => {
                    Err(ForwardError::NoOwner)
                }
                Err(err) => {
                    tracing::warn!(%err, "forwarding a command failed");
                    Err(ForwardError::Unreachable)
                }
            }
        }
    }
}
