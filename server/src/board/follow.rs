//! A follower's copy of a board that another hub owns: its screens' commands go to the
//! owner, and the batches the owner commits come back in `seq` order, to be delivered here
//! with the same rules of who may see what. A gap (NATS dropped a batch) is read from
//! storage, which holds every batch before anyone is told of it.

use super::*;
use crate::cluster::relay::{Batch, RemoteCommand};
use crate::metrics::metrics;

/// How long an acknowledged command's events may take to be relayed before a follower
/// reads them from storage instead.
pub(super) const RELAY_GRACE: Duration = Duration::from_millis(200);

impl Board {
    /// Hands a screen's command to the owner; its answer comes back in `on_forwarded`.
    pub(super) fn forward(
        &mut self,
        conn: ConnId,
        op_id: String,
        sender: Sender,
        command: Command,
        on_behalf_of: Option<ParticipantId>,
    ) {
        let Some(out) = &self.relay else { return };
        if matches!(command, Command::Join { .. }) {
            self.joining.insert(conn);
        }
        let remote = RemoteCommand {
            actor: sender.actor,
            token: sender.token,
            op_id: op_id.clone(),
            command,
            on_behalf_of,
        };
        let answer = out.forward(&remote);
        let waiter = Waiter::Here { conn, op_id };
        metrics().forwarded.inc();
        let sent = Instant::now();
        self.forwarded.push(Box::pin(async move {
            let answer = answer.await;
            metrics()
                .forward_seconds
                .observe(sent.elapsed().as_secs_f64());
            (waiter, answer)
        }));
    }

    /// The owner answered (or could not be reached). An acknowledgement waits for its
    /// events, so that the sender, like everyone else, sees them first.
    pub(super) fn on_forwarded(&mut self, waiter: Waiter, answer: Result<Answer, ForwardError>) {
        match answer {
            Ok(Answer::Ack { seq }) if seq <= self.committed_seq => self.answer(waiter, Ok(seq)),
            Ok(Answer::Ack { seq }) => {
                self.awaiting.push((seq, waiter));
                self.catch_up_due
                    .get_or_insert_with(|| Instant::now() + RELAY_GRACE);
            }
            Ok(Answer::Rejected(refusal)) => self.answer(waiter, Err(refusal)),
            Err(ForwardError::NoOwner) => {
                // Nobody serves the board: its owner stopped or died. Every screen here
                // lets go and comes back through this hub, which takes the board once its
                // lease is free.
                let refusal = Rejection::new(
                    RejectionCode::Unavailable,
                    "the workshop is moving to another hub; retry in a moment",
                );
                self.answer(waiter, Err(refusal));
                self.letting_go = true;
            }
            Err(ForwardError::Unreachable) => {
                let refusal = Rejection::new(
                    RejectionCode::Unavailable,
                    "the hub serving this workshop did not answer; retry",
                );
                self.answer(waiter, Err(refusal));
            }
        }
    }

    /// A batch the owner committed.
    pub(super) async fn on_batch(&mut self, batch: Batch) {
        // Only a copy takes batches; the owner writes its own.
        if !self.following {
            return;
        }
        metrics().batches_received.inc();
        let Some(&(first, _)) = batch.events.first() else {
            return;
        };
        self.tokens.extend(batch.tokens);
        if first > self.committed_seq + 1 {
            // Something was missed: storage has it, up to this batch at least.
            self.catch_up().await;
        }
        let fresh: Vec<(u64, Event)> = batch
            .events
            .into_iter()
            .filter(|(seq, _)| *seq > self.committed_seq)
            .collect();
        if fresh
            .first()
            .is_some_and(|(seq, _)| *seq == self.committed_seq + 1)
        {
            self.deliver_relayed(fresh);
        }
    }

    /// Reads from storage what this copy missed.
    pub(super) async fn catch_up(&mut self) {
        match self.store.read_after(&self.code, self.committed_seq).await {
            Ok(missed) => {
                self.tokens.extend(missed.tokens);
                let events: Vec<(u64, Event)> = missed
                    .events
                    .into_iter()
                    .map(|stored| (stored.seq, stored.event))
                    .collect();
                if !events.is_empty() {
                    metrics().gaps_repaired.inc();
                    tracing::debug!(board = %self.code, missed = events.len(), "read from storage what the relay missed");
                    self.deliver_relayed(events);
                }
                if !self.awaiting.is_empty() {
                    self.catch_up_due = Some(Instant::now() + RELAY_GRACE);
                }
            }
            Err(err) => {
                // Without storage the copy cannot be trusted to be whole: the screens
                // come back and resume wherever the board can be served.
                tracing::error!(%err, board = %self.code, "a follower could not catch up");
                self.letting_go = true;
            }
        }
    }

    /// Delivers relayed events, then the acknowledgements they complete.
    fn deliver_relayed(&mut self, events: Vec<(u64, Event)>) {
        let last = events.last().map_or(self.committed_seq, |(seq, _)| *seq);
        let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.awaiting)
            .into_iter()
            .partition(|(seq, _)| *seq <= last);
        self.awaiting = waiting;
        if self.awaiting.is_empty() {
            self.catch_up_due = None;
        }
        let done = done.into_iter().map(|(_, waiter)| waiter).collect();
        self.deliver_committed(events, done);
    }
}
