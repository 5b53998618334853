//! The owner's way of changing a board: decide a command against the state, queue its
//! events for storage, and once they are durable deliver them and answer the sender.

use super::*;
use crate::cluster::relay::{Answer, Batch};
use crate::metrics::metrics;

impl Board {
    /// A screen connected here sends a command: the owner decides it, a follower hands
    /// it to the owner (see `follow.rs`).
    pub(super) async fn command(
        &mut self,
        conn: ConnId,
        op_id: String,
        command: Command,
        on_behalf_of: Option<ParticipantId>,
    ) -> Option<oneshot::Receiver<Result<(), StorageError>>> {
        let subscriber = self.subscribers.get(&conn)?;
        let sender = Sender {
            actor: subscriber.actor,
            token: subscriber.token.clone(),
        };
        if self.following {
            self.forward(conn, op_id, sender, command, on_behalf_of);
            return None;
        }
        let waiter = Waiter::Here {
            conn,
            op_id: op_id.clone(),
        };
        self.decide(sender, op_id, command, on_behalf_of, waiter)
            .await
    }

    /// Another hub forwards a command of one of its screens to this board's owner.
    pub(super) async fn remote_command(
        &mut self,
        remote: Box<crate::cluster::relay::RemoteCommand>,
        replier: crate::cluster::relay::Replier,
    ) -> Option<oneshot::Receiver<Result<(), StorageError>>> {
        let remote = *remote;
        // Who a token stands for is the owner's to say: the forwarding hub may not have
        // heard yet of a join made through a third one.
        let known = remote.token.as_ref().and_then(|t| self.tokens.get(t));
        let actor = match (remote.actor, known) {
            (Actor::Guest | Actor::Participant { .. }, Some(id)) => Actor::Participant { id: *id },
            (actor, _) => actor,
        };
        let sender = Sender {
            actor,
            token: remote.token,
        };
        let waiter = Waiter::Elsewhere(replier);
        self.decide(
            sender,
            remote.op_id,
            remote.command,
            remote.on_behalf_of,
            waiter,
        )
        .await
    }

    /// Decides a command against the state and queues its events for storage; `waiter`
    /// hears the answer once they are durable (or at once, when refused).
    async fn decide(
        &mut self,
        sender: Sender,
        op_id: String,
        command: Command,
        on_behalf_of: Option<ParticipantId>,
        waiter: Waiter,
    ) -> Option<oneshot::Receiver<Result<(), StorageError>>> {
        if !self.store.leases_hold() {
            // Another hub may serve the board by now: a screen here is told to retry
            // (it finds wherever the board is served); a forwarded command gets no
            // answer from here, but from the hub that took the board.
            if let Waiter::Here { .. } = waiter {
                let refusal = Rejection::new(
                    RejectionCode::Unavailable,
                    "this hub's hold on the workshop ran out; retry in a moment",
                );
                self.answer(waiter, Err(refusal));
            }
            return None;
        }
        let actor = match (sender.actor, on_behalf_of) {
            (actor, None) => actor,
            (Actor::Facilitator, Some(id)) => Actor::Proxy { id },
            (_, Some(_)) => {
                let refusal = Rejection::new(
                    RejectionCode::NotAllowed,
                    "only the facilitator can act on behalf of a participant",
                );
                self.answer(waiter, Err(refusal));
                return None;
            }
        };
        let key = op_key(sender.token.as_deref(), sender.actor, &op_id);
        if let Some(&seq) = self.ops.get(&key) {
            // A retry. Answer it once the original is durable, never apply it again.
            if seq <= self.committed_seq {
                self.answer(waiter, Ok(seq));
            } else if let Some(pending) = self
                .pending
                .iter_mut()
                .find(|p| p.events.last().map(|(s, _)| *s) == Some(seq))
            {
                pending.waiters.push(waiter);
            }
            return None;
        }
        metrics().commands.inc();
        let events = match self.state.decide(&actor, &command, now_ms()) {
            Ok(events) => events,
            Err(rejection) => {
                metrics().refused.inc();
                self.answer(waiter, Err(rejection));
                return None;
            }
        };
        let mut tokens = Vec::new();
        let mut stored = Vec::with_capacity(events.len());
        let mut sequenced = Vec::with_capacity(events.len());
        for event in events {
            self.assigned_seq += 1;
            self.state.apply(&event);
            if let (Event::Joined { participant }, Some(token)) = (&event, &sender.token) {
                self.tokens.insert(token.clone(), participant.id);
                tokens.push((token.clone(), participant.id));
            }
            stored.push(StoredEvent {
                seq: self.assigned_seq,
                op_id: Some(key.clone()),
                actor,
                event: event.clone(),
            });
            sequenced.push((self.assigned_seq, event));
        }
        self.remember_op(key, self.assigned_seq);
        // A snapshot is an optimisation of loading: if one could not be made, the log
        // alone still rebuilds the board, so the events are written regardless.
        let snapshot = if self.assigned_seq - self.snapshot_seq >= self.tuning.snapshot_every {
            self.snapshot_seq = self.assigned_seq;
            serde_json::to_string(&self.state)
                .ok()
                .map(|body| (self.assigned_seq, body))
        } else {
            None
        };
        self.pending.push_back(Pending {
            waiters: vec![waiter],
            events: sequenced,
            tokens: tokens.clone(),
            queued_at: Instant::now(),
        });
        let write = self
            .store
            .append(Append {
                code: self.code.clone(),
                epoch: self.epoch,
                events: stored,
                tokens,
                snapshot,
            })
            .await;
        Some(write)
    }

    /// Tells whoever waits for a command how it went.
    pub(super) fn answer(&mut self, waiter: Waiter, outcome: Result<u64, Rejection>) {
        match (waiter, outcome) {
            (Waiter::Here { conn, op_id }, Ok(seq)) => {
                self.send_to(conn, &ServerMsg::Ack { op_id, seq });
                if self.joining.remove(&conn) {
                    self.refresh_identities();
                }
            }
            (Waiter::Here { conn, op_id }, Err(refusal)) => {
                self.joining.remove(&conn);
                self.send_to(conn, &ServerMsg::rejected(Some(op_id), refusal))
            }
            (Waiter::Elsewhere(replier), Ok(seq)) => replier.answer(&Answer::Ack { seq }),
            (Waiter::Elsewhere(replier), Err(refusal)) => {
                replier.answer(&Answer::Rejected(refusal))
            }
        }
    }

    /// A batch is durable (or failed): tell everyone, in order.
    pub(super) fn on_written(
        &mut self,
        outcome: Result<Result<(), StorageError>, oneshot::error::RecvError>,
    ) -> Result<(), ()> {
        let pending = self
            .pending
            .pop_front()
            .expect("one pending entry per queued write");
        if !matches!(outcome, Ok(Ok(()))) {
            // The state ran ahead of the disk. Tell the waiting senders, drop every
            // connection (they resume) and stop: the next connection reloads the board
            // from what storage really holds, wherever it is served now.
            if let Ok(Err(StorageError::Fenced)) = outcome {
                tracing::warn!(board = %self.code, "another hub took the board over; letting it go");
            } else {
                tracing::error!(board = %self.code, "storage failed; unloading the board");
            }
            let unavailable = Rejection::new(
                RejectionCode::Unavailable,
                "the server could not save this change; please retry",
            );
            let mut failed = vec![pending];
            failed.extend(self.pending.drain(..));
            for pending in failed {
                for waiter in pending.waiters {
                    self.answer(waiter, Err(unavailable.clone()));
                }
            }
            self.subscribers.clear();
            return Err(());
        }
        metrics()
            .commit_seconds
            .observe(pending.queued_at.elapsed().as_secs_f64());
        if let Some(out) = &self.relay {
            metrics().batches_published.inc();
            out.publish(&Batch {
                epoch: self.epoch,
                events: pending.events.clone(),
                tokens: pending.tokens,
            });
        }
        self.deliver_committed(pending.events, pending.waiters);
        Ok(())
    }

    /// Durable events, in order, reach the screens that may see them (on the owner once
    /// written, on a follower once relayed); then `waiters` hear that their commands are
    /// done, and only then does a join change who a connection is.
    pub(super) fn deliver_committed(&mut self, events: Vec<(u64, Event)>, waiters: Vec<Waiter>) {
        let joined = events
            .iter()
            .any(|(_, event)| matches!(event, Event::Joined { .. }));
        let removed: Vec<ParticipantId> = events
            .iter()
            .filter_map(|(_, event)| match event {
                Event::ParticipantRemoved { participant } => Some(*participant),
                _ => None,
            })
            .collect();
        let mut resync = false;
        for (seq, event) in events {
            let audience = self.committed.audience(&event);
            self.committed.apply(&event);
            if self.following {
                // A follower decides nothing: its state is what was committed.
                self.state.apply(&event);
                self.assigned_seq = seq;
            }
            self.committed_seq = seq;
            self.shared_committed = None;
            if audience == Audience::Resync {
                // Several in a row (groups formed, then the phase) make one fresh view.
                resync = true;
            } else {
                if resync {
                    self.resync_all();
                    resync = false;
                }
                let msg = ServerMsg::Event {
                    seq,
                    event: event.clone(),
                };
                self.deliver(&msg, audience);
            }
            self.recent.push_back((seq, event, audience));
            if self.recent.len() > self.tuning.replay_window {
                self.recent.pop_front();
            }
        }
        if resync {
            self.resync_all();
        }
        let seq = self.committed_seq;
        for waiter in waiters {
            self.answer(waiter, Ok(seq));
        }
        // Only a join changes who a connection is; other batches skip the scan.
        if joined {
            self.refresh_identities();
        }
        // Someone taken off the board leaves it on every device, now.
        if !removed.is_empty() {
            let gone: Vec<ConnId> = self
                .subscribers
                .iter()
                .filter(
                    |(_, s)| matches!(s.actor, Actor::Participant { id } if removed.contains(&id)),
                )
                .map(|(conn, _)| *conn)
                .collect();
            // Their outlets close: the sockets end, and a reconnection is refused.
            for conn in gone {
                self.subscribers.remove(&conn);
            }
            self.presence_changed();
        }
    }

    /// A guest whose join became durable is now that participant.
    pub(super) fn refresh_identities(&mut self) {
        let mut changed = false;
        for (conn, subscriber) in self.subscribers.iter_mut() {
            if subscriber.actor != Actor::Guest || self.joining.contains(conn) {
                continue;
            }
            let Some(id) = subscriber.token.as_ref().and_then(|t| self.tokens.get(t)) else {
                continue;
            };
            if !self.committed.participants.contains_key(id) {
                continue;
            }
            subscriber.actor = Actor::Participant { id: *id };
            let msg = ServerMsg::You {
                you: subscriber.actor,
            };
            let _ = subscriber.outlet.offer(&frame(&msg));
            changed = true;
        }
        if changed {
            self.presence_changed();
        }
    }

    pub(super) fn remember_op(&mut self, key: String, seq: u64) {
        self.ops.insert(key.clone(), seq);
        self.op_order.push_back(key);
        if self.op_order.len() > OP_MEMORY {
            if let Some(old) = self.op_order.pop_front() {
                self.ops.remove(&old);
            }
        }
    }
}
