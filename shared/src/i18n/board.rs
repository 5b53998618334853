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

    // The vote on the panel.
    /// The tray's stickers, as buttons: take one to put it on a card.
    pub take_green: &'static str,
    pub take_red: &'static str,
    /// Once a sticker is taken from the tray, or one on a card picked up.
    pub choose_card: &'static str,
    pub choose_other_card: &'static str,
    /// `{text}`: a card, when a sticker is ready to go on it.
    pub put_on: &'static str,
    pub move_to: &'static str,
    /// The cards as a list, for whoever prefers one.
    pub as_list: &'static str,
    /// `{n}` green stickers on a card.
    pub greens: Plural,
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
    take_green: "Take a green sticker (priority)",
    take_red: "Take your red sticker (I will carry it out)",
    choose_card: "Now choose the card to put it on.",
    choose_other_card: "Choose another card to move it there, or take it back.",
    put_on: "Put the sticker on “{text}”",
    move_to: "Move the sticker to “{text}”",
    as_list: "The cards as a list",
    greens: Plural {
        one: "{n} green sticker",
        other: "{n} green stickers",
    },
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
    take_green: "Prendre une gommette verte (priorité)",
    take_red: "Prendre votre gommette rouge (je m'engage)",
    choose_card: "Choisissez maintenant la carte où la coller.",
    choose_other_card: "Choisissez une autre carte pour l'y déplacer, ou retirez-la.",
    put_on: "Coller la gommette sur «\u{a0}{text}\u{a0}»",
    move_to: "Déplacer la gommette sur «\u{a0}{text}\u{a0}»",
    as_list: "Les cartes en liste",
    greens: Plural {
        one: "{n}\u{a0}gommette verte",
        other: "{n}\u{a0}gommettes vertes",
    },
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
    take_green: "Prendi un adesivo verde (priorità)",
    take_red: "Prendi il tuo adesivo rosso (mi impegno)",
    choose_card: "Ora scegli la carta su cui attaccarlo.",
    choose_other_card: "Scegli un'altra carta per spostarlo lì, oppure riprendilo.",
    put_on: "Attacca l'adesivo su «{text}»",
    move_to: "Sposta l'adesivo su «{text}»",
    as_list: "Le carte in un elenco",
    greens: Plural {
        one: "{n} adesivo verde",
        other: "{n} adesivi verdi",
    },
};
