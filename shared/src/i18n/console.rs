//! The words of the console screens.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Console {}

pub const EN: Console = Console {};
pub const FR: Console = Console {};
pub const IT: Console = Console {};
