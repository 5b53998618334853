//! The words of the wall: the projected display, read from the back of the room, so every
//! line is short.

use super::Plural;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Wall {
    /// Before the address and the code people join with.
    pub join_at: &'static str,
    /// `{n}`: the ideas each person may write, alone.
    pub ideas_alone: Plural,
    /// `{n}` of `{total}`: the groups of the round that are done.
    pub groups_done: Plural,
    /// `{n}` kept of `{quota}`: a group's pool, counted on `{n}`.
    pub kept: Plural,
    /// A group whose cards the wall is not sent: done, or still at it.
    pub group_done: &'static str,
    pub group_working: &'static str,
    /// Beside the QR code of the welcome screen.
    pub scan_to_join: &'static str,
    /// The QR code's text alternative.
    pub qr_alt: &'static str,
    /// Before the join code, for those who type it on the home page.
    pub or_type_code: &'static str,
    /// `{n}` participants connected now.
    pub connected: Plural,
}

pub const EN: Wall = Wall {
    join_at: "Join at",
    ideas_alone: Plural {
        one: "Alone, in silence: write up to {n} idea on your device.",
        other: "Alone, in silence: write up to {n} ideas on your device.",
    },
    groups_done: Plural {
        one: "{n} of {total} groups done",
        other: "{n} of {total} groups done",
    },
    kept: Plural {
        one: "kept {n} of {quota}",
        other: "kept {n} of {quota}",
    },
    group_done: "Done",
    group_working: "Working…",
    scan_to_join: "Scan to join",
    qr_alt: "QR code to join the workshop",
    or_type_code: "or type the code",
    connected: Plural {
        one: "{n} person connected",
        other: "{n} people connected",
    },
};

pub const FR: Wall = Wall {
    join_at: "Pour participer",
    ideas_alone: Plural {
        one: "Chacun pour soi, en silence\u{a0}: écrivez jusqu'à {n}\u{a0}idée sur votre \
              appareil.",
        other: "Chacun pour soi, en silence\u{a0}: écrivez jusqu'à {n}\u{a0}idées sur votre \
                appareil.",
    },
    groups_done: Plural {
        one: "{n} groupe sur {total} a terminé",
        other: "{n} groupes sur {total} ont terminé",
    },
    kept: Plural {
        one: "{n} idée gardée sur {quota}",
        other: "{n} idées gardées sur {quota}",
    },
    group_done: "Terminé",
    group_working: "Au travail…",
    scan_to_join: "Scannez pour participer",
    qr_alt: "Code QR pour rejoindre l'atelier",
    or_type_code: "ou saisissez le code",
    connected: Plural {
        one: "{n}\u{a0}personne connectée",
        other: "{n}\u{a0}personnes connectées",
    },
};

pub const IT: Wall = Wall {
    join_at: "Per partecipare",
    ideas_alone: Plural {
        one: "Da soli, in silenzio: scrivete {n} idea sul vostro dispositivo.",
        other: "Da soli, in silenzio: scrivete fino a {n} idee sul vostro dispositivo.",
    },
    groups_done: Plural {
        one: "{n} gruppo su {total} ha finito",
        other: "{n} gruppi su {total} hanno finito",
    },
    kept: Plural {
        one: "{n} idea tenuta su {quota}",
        other: "{n} idee tenute su {quota}",
    },
    group_done: "Fatto",
    group_working: "Al lavoro…",
    scan_to_join: "Inquadra per partecipare",
    qr_alt: "Codice QR per partecipare al workshop",
    or_type_code: "oppure digita il codice",
    connected: Plural {
        one: "{n} persona collegata",
        other: "{n} persone collegate",
    },
};
