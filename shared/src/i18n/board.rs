//! The words of the panel, the same on every screen: its areas, the tray of cards waiting
//! to be presented, and the facilitator's handles on them.

use super::Plural;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Board {
    /// The panel as a whole, for screen readers.
    pub panel: &'static str,
    /// The area along the left edge where cards arrive before they get a theme.
    pub no_theme_yet: &'static str,
    /// `{group}`: the group whose cards are coming to the panel.
    pub presenting: &'static str,
    /// Above the groups whose cards are not on the panel yet.
    pub waiting: &'static str,
    /// Cards waiting that no group presents (the rounds were skipped).
    pub other_cards: &'static str,
    /// `{n}` cards of a group still in the tray.
    pub cards_waiting: Plural,
    /// The facilitator calls a group up: `{group}` presents.
    pub present: &'static str,
    /// The facilitator ends the presentations.
    pub bring_all: &'static str,
    /// `{theme}`: the handles that move and resize a theme's area.
    pub move_area: &'static str,
    pub resize_area: &'static str,
    /// How to place a card without a pointer.
    pub keys_hint: &'static str,
}

pub const EN: Board = Board {
    panel: "The panel",
    no_theme_yet: "No theme yet",
    presenting: "{group} presents",
    waiting: "Waiting to present",
    other_cards: "Other cards",
    cards_waiting: Plural {
        one: "{n} card",
        other: "{n} cards",
    },
    present: "{group} presents",
    bring_all: "Bring every card to the panel",
    move_area: "Move the area “{theme}”",
    resize_area: "Resize the area “{theme}”",
    keys_hint: "Drag a card into a theme's area, or select it and use the arrow keys \
                (Shift: ten times further).",
};

pub const FR: Board = Board {
    panel: "Le panneau",
    no_theme_yet: "Pas encore de thème",
    presenting: "{group} présente",
    waiting: "En attente de présentation",
    other_cards: "Autres cartes",
    cards_waiting: Plural {
        one: "{n}\u{a0}carte",
        other: "{n}\u{a0}cartes",
    },
    present: "{group} présente",
    bring_all: "Mettre toutes les cartes au panneau",
    move_area: "Déplacer la zone «\u{a0}{theme}\u{a0}»",
    resize_area: "Redimensionner la zone «\u{a0}{theme}\u{a0}»",
    keys_hint: "Glissez une carte dans la zone d'un thème, ou sélectionnez-la et utilisez \
                les flèches (Maj\u{a0}: dix fois plus loin).",
};

pub const IT: Board = Board {
    panel: "Il pannello",
    no_theme_yet: "Ancora senza tema",
    presenting: "Presenta {group}",
    waiting: "In attesa di presentare",
    other_cards: "Altre carte",
    cards_waiting: Plural {
        one: "{n} carta",
        other: "{n} carte",
    },
    present: "Presenta {group}",
    bring_all: "Porta tutte le carte sul pannello",
    move_area: "Sposta l'area «{theme}»",
    resize_area: "Ridimensiona l'area «{theme}»",
    keys_hint: "Trascina una carta nell'area di un tema, oppure selezionala e usa le frecce \
                (Maiusc: dieci volte più lontano).",
};
