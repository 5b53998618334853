//! Text checks and the rejections every rule shares, worded for the person who sent the
//! command.

use crate::model::Phase;
use crate::rejection::{Detail, Rejection, RejectionCode};

/// Trims `text` and checks its length in characters (not bytes: names are often accented).
pub fn clean(what: &str, text: &str, min: usize, max: usize) -> Result<String, Rejection> {
    let text = text.trim();
    let len = text.chars().count();
    if len < min {
        return Err(invalid(format!("the {what} cannot be empty")));
    }
    if len > max {
        return Err(invalid(format!(
            "the {what} is too long ({len} characters, at most {max})"
        )));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(invalid(format!("the {what} contains control characters")));
    }
    Ok(text.to_owned())
}

pub fn invalid(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::Invalid, message)
}

pub fn not_allowed(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::NotAllowed, message)
}

pub fn not_joined() -> Rejection {
    Rejection::new(
        RejectionCode::NotJoined,
        "join the workshop with your name first",
    )
}

pub fn read_only() -> Rejection {
    not_allowed("the wall display is read-only")
}

pub fn wrong_phase(message: impl Into<String>) -> Rejection {
    Rejection::new(RejectionCode::WrongPhase, message)
}

/// Not now: this is done from phase `from` to phase `to`; said in every language.
pub fn only_during(from: Phase, to: Phase) -> Rejection {
    Rejection::detailed(RejectionCode::WrongPhase, Detail::OnlyDuring { from, to })
}

/// This person was taken off the workshop. Said in every language.
pub fn taken_off() -> Rejection {
    Rejection::detailed(RejectionCode::NotAllowed, Detail::TakenOff)
}

/// Only what is theirs may a person change. Said in every language.
pub fn own_only(what: crate::rejection::Owned) -> Rejection {
    Rejection::detailed(RejectionCode::NotAllowed, Detail::OwnOnly { what })
}

/// `phase` is over; going back to it allows the change. Said in every language.
pub fn phase_over(phase: Phase) -> Rejection {
    Rejection::detailed(RejectionCode::WrongPhase, Detail::PhaseOver { phase })
}

pub fn facilitator_only(what: &str) -> Rejection {
    not_allowed(format!("only the facilitator can {what}"))
}
