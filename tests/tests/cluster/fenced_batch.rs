//! The fenced group commit itself, on the PostgreSQL backend: one batch holds two boards'
//! events, another hub has meanwhile taken one of them; that board's events are written
//! nowhere while the other board's commit, and the hub learns which board it lost.

use super::*;
use panneau_server::storage::{Append, Backend, NewBoard, Postgres, StorageError, StoredEvent};
use panneau_shared::{Actor, Event, NewWorkshop, Workshop};

fn new_board(code: &str) -> NewBoard {
    let new = NewWorkshop {
        title: "Fenced".into(),
        question: "Who writes?".into(),
        ..NewWorkshop::default()
    };
    NewBoard {
        code: code.into(),
        key_digest: panneau_server::keys::digest("key"),
        created: Workshop::create(&new, 0).unwrap(),
        created_at_ms: 1,
    }
}

fn append(code: &str, epoch: u64, seq: u64) -> Append {
    Append {
        code: code.into(),
        epoch,
        events: vec![StoredEvent {
            seq,
            op_id: Some(format!("f/{code}-{seq}")),
            actor: Actor::Facilitator,
            event: Event::SynthesisSet {
                text: format!("written at {seq}"),
            },
        }],
        tokens: Vec::new(),
        snapshot: None,
    }
}

#[test]
fn a_batch_writes_the_boards_still_held_and_nothing_of_the_one_taken() {
    let pg = PgServer::start().unwrap();
    let lease = Duration::from_secs(60);
    let mut first = Postgres::open(&pg.url(), "first", lease).unwrap();
    let mut second = Postgres::open(&pg.url(), "second", lease).unwrap();
    for code in ["KEPTAA", "TAKENB"] {
        first.create_board(&new_board(code)).unwrap();
    }
    let kept = first.load_board("KEPTAA").unwrap().unwrap();
    let taken = first.load_board("TAKENB").unwrap().unwrap();
    assert!(matches!(
        second.load_board("TAKENB"),
        Err(StorageError::OwnedElsewhere { .. })
    ));
    // The first hub's lease runs out (as if it had been paused), and the second takes it.
    let mut db = postgres::Client::connect(&pg.url(), postgres::NoTls).unwrap();
    db.execute(
        "UPDATE boards SET lease_until = now() - interval '1 second' WHERE code = 'TAKENB'",
        &[],
    )
    .unwrap();
    let now_served = second.load_board("TAKENB").unwrap().unwrap();
    assert_eq!(now_served.epoch, taken.epoch + 1);

    let fenced = first
        .append(&[
            append("KEPTAA", kept.epoch, 2),
            append("TAKENB", taken.epoch, 2),
        ])
        .unwrap();
    assert_eq!(fenced, vec!["TAKENB".to_string()]);
    let mut count = |code: &str| -> i64 {
        db.query_one("SELECT count(*) FROM events WHERE board = $1", &[&code])
            .unwrap()
            .get(0)
    };
    assert_eq!(count("KEPTAA"), 2, "the board still held is written");
    assert_eq!(count("TAKENB"), 1, "nothing of the board taken over");
    // Its new owner goes on from where the log is.
    assert!(second
        .append(&[append("TAKENB", now_served.epoch, 2)])
        .unwrap()
        .is_empty());
    assert_eq!(count("TAKENB"), 2);
    // A batch that does not follow on from the head is fenced too (a lost write before
    // it): never a hole in the log.
    assert_eq!(
        first.append(&[append("KEPTAA", kept.epoch, 4)]).unwrap(),
        vec!["KEPTAA".to_string()]
    );
}
