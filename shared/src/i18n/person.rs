//! The words of the person screens.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Person {}

pub const EN: Person = Person {};
pub const FR: Person = Person {};
pub const IT: Person = Person {};
