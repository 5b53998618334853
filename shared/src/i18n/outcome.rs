//! The words of the outcome screens.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Outcome {}

pub const EN: Outcome = Outcome {};
pub const FR: Outcome = Outcome {};
pub const IT: Outcome = Outcome {};
