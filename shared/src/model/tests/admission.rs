//! Who may come in: the facilitator closes the door to new participants, and takes
//! someone off the board — with what they leave behind.

use super::*;
use crate::rejection::Detail;

#[test]
fn a_closed_door_refuses_joins_but_not_the_facilitators_proxies() {
    let mut s = Script::with_people(2);
    s.ok(FAC, Command::SetDoor { closed: true });
    s.refused(FAC, Command::SetDoor { closed: true }, Code::Invalid);
    let refusal = s
        .workshop
        .decide(&GUEST, &join("Late"), 0)
        .expect_err("the door is closed");
    assert_eq!(refusal.code, Code::NotAllowed);
    assert_eq!(refusal.detail, Some(Detail::DoorClosed));
    s.ok(
        FAC,
        Command::AddProxy {
            name: "Pietro".into(),
            organisation: String::new(),
        },
    );
    s.ok(FAC, Command::SetDoor { closed: false });
    s.ok(GUEST, join("Late"));
}

#[test]
fn someone_taken_off_the_board_leaves_their_private_ideas_and_stickers_behind() {
    let mut s = Script::with_people(4);
    let ideas = s.write_ideas(1);
    let stranger = ParticipantId(3);
    let their_idea = ideas[3][0];
    s.ok(
        FAC,
        Command::RemoveParticipant {
            participant: stranger,
        },
    );
    // Their idea nobody saw goes; they can do nothing more, nor be acted for.
    assert!(!s.workshop.cards[&their_idea].is_live());
    s.refused(p(3), add("Still here?"), Code::NotAllowed);
    s.refused(proxy(3), add("On their behalf"), Code::NotAllowed);
    s.refused(
        FAC,
        Command::RemoveParticipant {
            participant: stranger,
        },
        Code::NotAllowed,
    );
    // The groups are made without them, and the report does not count them.
    s.phase(Phase::Pairs);
    let grouped: Vec<ParticipantId> = s
        .groups(Round::Pairs)
        .iter()
        .flat_map(|g| g.members.clone())
        .collect();
    assert_eq!(grouped.len(), 3);
    assert!(!grouped.contains(&stranger));
    assert_eq!(s.workshop.tally().people, 3);
    // Someone removed during the vote takes their stickers with them; the cards their
    // group kept stay, under their name.
    let card = ideas[1][0];
    s.ok(FAC, keep(card, true));
    s.phase(Phase::Vote);
    s.ok(p(1), green(card));
    s.ok(p(2), green(card));
    s.ok(
        FAC,
        Command::RemoveParticipant {
            participant: ParticipantId(1),
        },
    );
    let greens: Vec<ParticipantId> = s.workshop.stickers_on(card).map(|st| st.owner).collect();
    assert_eq!(greens, vec![ParticipantId(2)]);
    assert!(s.workshop.cards[&card].is_live());
    assert_eq!(s.workshop.participant_name(ParticipantId(1)), "Person 1");
}

/// Found by `cargo xtask fuzz`: back in the lobby after a vote, someone's ideas have been
/// on the panel; taking them off keeps those cards, and the others' stickers on them.
#[test]
fn ideas_once_on_the_panel_stay_when_their_author_is_taken_off_later() {
    let mut s = Script::with_people(3);
    let ideas = s.write_ideas(1);
    s.phase(Phase::Vote);
    let card = ideas[1][0];
    s.ok(p(2), green(card));
    s.phase(Phase::Lobby);
    s.ok(
        FAC,
        Command::RemoveParticipant {
            participant: ParticipantId(1),
        },
    );
    assert!(s.workshop.cards[&card].is_live());
    assert_eq!(s.workshop.stickers_on(card).count(), 1);
}
