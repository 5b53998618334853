//! What goes out to a board's screens: events to those who may see them, fresh views,
//! live drags and presence, each serialised once and shared.

use super::*;
use crate::cluster::relay::HubPresence;

impl Board {
    /// Live drag positions go to everyone else at once: not sequenced, not stored. The
    /// same rule as a real move decides whether the drag is allowed.
    pub(super) fn drag(&mut self, conn: ConnId, card: panneau_shared::CardId, x: f32, y: f32) {
        let Some(subscriber) = self.subscribers.get(&conn) else {
            return;
        };
        let actor = subscriber.actor;
        let probe = Command::MoveCard { card, x, y };
        if let Err(rejection) = self.committed.decide(&actor, &probe, now_ms()) {
            self.send_to(conn, &ServerMsg::rejected(None, rejection));
            return;
        }
        let bytes = frame(&ServerMsg::Drag {
            card,
            x,
            y,
            by: actor,
        });
        self.fan_out(&bytes, Some(conn), Audience::Card(card));
        if let Some(out) = &self.relay {
            out.publish_drag(card, x, y, actor);
        }
    }

    /// A card dragged by a screen of another hub, which checked it by the same rule:
    /// shown here to those who may see the card.
    pub(super) fn relayed_drag(&mut self, card: panneau_shared::CardId, x: f32, y: f32, by: Actor) {
        let bytes = frame(&ServerMsg::Drag { card, x, y, by });
        self.fan_out(&bytes, None, Audience::Card(card));
    }

    /// Who is connected changed: everyone hears of it within [`PRESENCE_EVERY`].
    pub(super) fn presence_changed(&mut self) {
        if self.presence_due.is_none() {
            self.presence_due = Some(Instant::now() + PRESENCE_EVERY);
        }
    }

    /// Who is connected to this board through this hub.
    pub(super) fn local_presence(&self) -> HubPresence {
        let mut devices: std::collections::BTreeMap<ParticipantId, u32> = Default::default();
        for subscriber in self.subscribers.values() {
            if let Actor::Participant { id } = subscriber.actor {
                *devices.entry(id).or_default() += 1;
            }
        }
        let count = |role: Actor| {
            self.subscribers
                .values()
                .filter(|s| s.actor == role)
                .count() as u32
        };
        HubPresence {
            hub: String::new(),
            seq: self.committed_seq,
            devices: devices.into_iter().collect(),
            facilitators: count(Actor::Facilitator),
            walls: count(Actor::Wall),
        }
    }

    /// Tells every screen who is connected, through this hub and the others (whose
    /// counts this hub hears on the relay), and tells the other hubs of this one's.
    pub(super) fn broadcast_presence(&mut self) {
        let here = self.local_presence();
        if let Some(out) = &self.relay {
            out.publish_presence(here.clone());
        }
        let mut devices: std::collections::BTreeMap<ParticipantId, u32> = Default::default();
        let (mut facilitators, mut walls) = (0, 0);
        for hub in std::iter::once(&here).chain(self.elsewhere.values().map(|(p, _)| p)) {
            for (id, n) in &hub.devices {
                *devices.entry(*id).or_default() += n;
            }
            facilitators += hub.facilitators;
            walls += hub.walls;
        }
        let (participants, devices): (Vec<ParticipantId>, Vec<u32>) = devices.into_iter().unzip();
        let msg = ServerMsg::Presence {
            participants,
            devices,
            facilitators,
            walls,
        };
        self.broadcast(&msg);
    }

    /// Another hub told who is connected through it.
    pub(super) fn heard_presence(&mut self, presence: HubPresence) {
        if self.following && presence.seq > self.committed_seq {
            // Usually the batch is on its way; if not, storage has it.
            self.catch_up_due
                .get_or_insert_with(|| Instant::now() + super::follow::RELAY_GRACE);
        }
        // Heartbeats mostly repeat what was heard: screens hear only of a change.
        let changed = self.elsewhere.get(&presence.hub).is_none_or(|(heard, _)| {
            (&heard.devices, heard.facilitators, heard.walls)
                != (&presence.devices, presence.facilitators, presence.walls)
        });
        self.elsewhere
            .insert(presence.hub.clone(), (presence, Instant::now()));
        if changed {
            self.presence_changed();
        }
    }

    /// Every few seconds: this hub's presence again (a hub that stops telling is gone),
    /// and the others' forgotten once they have gone quiet.
    pub(super) fn presence_heartbeat(&mut self) {
        let before = self.elsewhere.len();
        self.elsewhere
            .retain(|_, (_, heard)| heard.elapsed() < PRESENCE_FORGOTTEN);
        if self.elsewhere.len() != before {
            self.presence_changed();
        } else if let Some(out) = &self.relay {
            out.publish_presence(self.local_presence());
        }
    }

    /// Serialises once and shares the bytes with every subscriber.
    pub(super) fn broadcast(&mut self, msg: &ServerMsg) {
        self.deliver(msg, Audience::Everyone);
    }

    /// Serialises once and shares the bytes with every subscriber that may see it.
    pub(super) fn deliver(&mut self, msg: &ServerMsg, audience: Audience) {
        self.fan_out(&frame(msg), None, audience);
    }

    pub(super) fn fan_out(&mut self, bytes: &Frame, except: Option<ConnId>, audience: Audience) {
        let mut too_slow = Vec::new();
        for (conn, subscriber) in &self.subscribers {
            if Some(*conn) == except || !self.committed.reaches(&subscriber.actor, audience) {
                continue;
            }
            if subscriber.outlet.offer(bytes).is_err() {
                too_slow.push(*conn);
            }
        }
        self.drop_subscribers(too_slow);
    }

    /// Ends a turn of the board: every socket written to in it is flushed, so a sender's
    /// event and its acknowledgement, or a batch's events, leave in one write.
    pub(super) fn flush_outlets(&self) {
        for subscriber in self.subscribers.values() {
            subscriber.outlet.flush();
        }
    }

    /// The board as `viewer` may see it now, serialised.
    pub(super) fn snapshot_for(&self, viewer: &Actor) -> Frame {
        frame(&ServerMsg::Snapshot {
            seq: self.committed_seq,
            state: Box::new(self.committed.view_for(viewer)),
        })
    }

    /// What everyone may see changed as a whole: each connection gets a fresh view.
    /// Views are serialised once per identity (a person on two devices shares one).
    pub(super) fn resync_all(&mut self) {
        let mut views: HashMap<Actor, Frame> = HashMap::new();
        let mut too_slow = Vec::new();
        for (conn, subscriber) in &self.subscribers {
            let bytes = views
                .entry(subscriber.actor)
                .or_insert_with(|| self.snapshot_for(&subscriber.actor));
            if subscriber.outlet.offer(bytes).is_err() {
                too_slow.push(*conn);
            }
        }
        self.drop_subscribers(too_slow);
    }

    pub(super) fn send_to(&mut self, conn: ConnId, msg: &ServerMsg) {
        let Some(subscriber) = self.subscribers.get(&conn) else {
            return;
        };
        if subscriber.outlet.offer(&frame(msg)).is_err() {
            self.drop_subscribers(vec![conn]);
        }
    }

    /// A connection whose queue is full cannot keep up: dropping its outlet closes it,
    /// so memory stays bounded; the client reconnects and resumes from its last `seq`.
    pub(super) fn drop_subscribers(&mut self, conns: Vec<ConnId>) {
        if conns.is_empty() {
            return;
        }
        for conn in conns {
            tracing::info!(board = %self.code, conn, "dropping a connection that cannot keep up");
            self.subscribers.remove(&conn);
        }
        self.presence_changed();
    }
}
