//! The words of the wall screens.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Wall {}

pub const EN: Wall = Wall {};
pub const FR: Wall = Wall {};
pub const IT: Wall = Wall {};
