//! The frame of every page: the connection's state, the phases, the countdown, the list
//! of people, the sticker budget, the language menu, and the words a refusal comes with.

use super::Plural;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Common {
    pub connecting: &'static str,
    /// `{n}`: commands waiting for the server.
    pub saving: &'static str,
    pub live: &'static str,
    pub offline: &'static str,
    pub join_code: &'static str,
    pub dismiss: &'static str,
    /// The phases, in the order of `Phase::ALL`.
    pub phases: [&'static str; 8],
    pub phases_label: &'static str,
    pub time_left: &'static str,
    pub countdown_paused: &'static str,
    pub paused: &'static str,
    pub participants: Plural,
    pub participants_label: &'static str,
    pub no_device: &'static str,
    /// `{n}`.
    pub priority_left: Plural,
    /// `{n}`.
    pub commitment_left: Plural,
    /// `{n}`: a group's name in the pairs, and in the fours.
    pub pair: &'static str,
    pub four: &'static str,
    pub language: &'static str,
    pub page_not_found: &'static str,
    pub back_to_panneau: &'static str,
    /// The facilitator taking someone off the list; `{name}`. Here rather than with the
    /// console: the list is the frame's, and a participant's bundle carries no word of
    /// the console.
    pub remove_person: &'static str,
    pub remove_person_confirm: &'static str,
    pub remove_person_yes: &'static str,
    pub devices: Plural,
    /// A request to the server that could not leave (the wall's picture, the home page's
    /// forms).
    pub unreachable: &'static str,
}

pub const EN: Common = Common {
    connecting: "Connecting…",
    saving: "Saving {n}…",
    live: "Live",
    offline: "Offline — reconnecting; your changes are kept",
    join_code: "Join code",
    dismiss: "Dismiss",
    phases: [
        "Lobby",
        "Round table",
        "Ideas (alone)",
        "Pairs",
        "Fours",
        "Plenary",
        "Vote",
        "Results",
    ],
    phases_label: "Phases of the workshop",
    time_left: "Time left",
    countdown_paused: "Countdown paused",
    paused: " paused",
    participants: Plural {
        one: "Participants ({n})",
        other: "Participants ({n})",
    },
    participants_label: "Participants",
    no_device: "no device",
    priority_left: Plural {
        one: " {n} priority left ",
        other: " {n} priority left ",
    },
    commitment_left: Plural {
        one: " {n} commitment left",
        other: " {n} commitment left",
    },
    pair: "Pair {n}",
    four: "Four {n}",
    language: "Language",
    page_not_found: "Page not found",
    back_to_panneau: "Back to Panneau",
    remove_person: "Take {name} off",
    remove_person_confirm: "Take {name} off the workshop? Their ideas not yet shared and their stickers go with them; they cannot come back.",
    remove_person_yes: "Take off",
    devices: Plural {
        one: "{n} device",
        other: "{n} devices",
    },
    unreachable: "The server cannot be reached; check the connection and try again.",
};

pub const FR: Common = Common {
    connecting: "Connexion…",
    saving: "Enregistrement ({n})…",
    live: "En direct",
    offline: "Hors ligne — reconnexion en cours\u{a0}; vos modifications sont gardées",
    join_code: "Code pour rejoindre",
    dismiss: "Fermer",
    phases: [
        "Accueil",
        "Tour de table",
        "Idées (seul)",
        "Binômes",
        "Groupes de quatre",
        "Plénière",
        "Vote",
        "Résultats",
    ],
    phases_label: "Étapes de l'atelier",
    time_left: "Temps restant",
    countdown_paused: "Minuteur en pause",
    paused: " en pause",
    participants: Plural {
        one: "Participants ({n})",
        other: "Participants ({n})",
    },
    participants_label: "Participants",
    no_device: "sans appareil",
    priority_left: Plural {
        one: " {n} priorité restante ",
        other: " {n} priorités restantes ",
    },
    commitment_left: Plural {
        one: " {n} engagement restant",
        other: " {n} engagements restants",
    },
    pair: "Binôme {n}",
    four: "Groupe {n}",
    language: "Langue",
    page_not_found: "Page introuvable",
    back_to_panneau: "Retour à Panneau",
    remove_person: "Retirer {name}",
    remove_person_confirm: "Retirer {name} de l'atelier\u{a0}? Ses idées pas encore partagées et ses gommettes partent avec elle\u{a0}; elle ne pourra pas revenir.",
    remove_person_yes: "Retirer",
    devices: Plural {
        one: "{n} appareil",
        other: "{n} appareils",
    },
    unreachable: "Le serveur est injoignable\u{a0}; vérifiez la connexion et réessayez.",
};

pub const IT: Common = Common {
    connecting: "Connessione…",
    saving: "Salvataggio ({n})…",
    live: "In diretta",
    offline: "Offline — riconnessione in corso; le tue modifiche sono conservate",
    join_code: "Codice per partecipare",
    dismiss: "Chiudi",
    phases: [
        "Accoglienza",
        "Tavola rotonda",
        "Idee (da soli)",
        "Coppie",
        "Gruppi di quattro",
        "Plenaria",
        "Votazione",
        "Risultati",
    ],
    phases_label: "Fasi del workshop",
    time_left: "Tempo rimasto",
    countdown_paused: "Conto alla rovescia in pausa",
    paused: " in pausa",
    participants: Plural {
        one: "Partecipanti ({n})",
        other: "Partecipanti ({n})",
    },
    participants_label: "Partecipanti",
    no_device: "senza dispositivo",
    priority_left: Plural {
        one: " {n} priorità rimasta ",
        other: " {n} priorità rimaste ",
    },
    commitment_left: Plural {
        one: " {n} impegno rimasto",
        other: " {n} impegni rimasti",
    },
    pair: "Coppia {n}",
    four: "Gruppo {n}",
    language: "Lingua",
    page_not_found: "Pagina non trovata",
    back_to_panneau: "Torna a Panneau",
    remove_person: "Togli {name}",
    remove_person_confirm: "Togliere {name} dal workshop? Le sue idee non ancora condivise e i suoi adesivi se ne vanno con lei; non potrà rientrare.",
    remove_person_yes: "Togli",
    devices: Plural {
        one: "{n} dispositivo",
        other: "{n} dispositivi",
    },
    unreachable: "Il server non è raggiungibile; controlla la connessione e riprova.",
};
