//! Typed identifiers of the things on a board; allocated by the model, never by clients.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person taking part, including proxies the facilitator acts for.
    ParticipantId
);
id_type!(
    /// A card (an idea or an action) on the board.
    CardId
);
id_type!(
    /// One green or red sticker placed on a card.
    StickerId
);
id_type!(
    /// A pair or a four of the snowball.
    GroupId
);
id_type!(
    /// A theme (a column of the panel) that cards are grouped under.
    ThemeId
);
