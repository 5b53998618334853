//! The start page: join a workshop, create one, or start from an earlier one.

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Home {
    /// The key some servers ask for to create workshops, and why it is asked.
    pub create_key: &'static str,
    pub create_key_hint: &'static str,
    pub lead: &'static str,
    pub join_heading: &'static str,
    pub join_placeholder: &'static str,
    pub join: &'static str,
    pub create_heading: &'static str,
    pub title: &'static str,
    pub title_placeholder: &'static str,
    pub question: &'static str,
    pub question_placeholder: &'static str,
    pub create: &'static str,
    pub import_heading: &'static str,
    pub import_file: &'static str,
    pub import_follow_up: &'static str,
    pub import_copy: &'static str,
    pub import: &'static str,
    pub import_no_file: &'static str,
    pub import_unreadable: &'static str,
}

pub const EN: Home = Home {
    lead: "A live board for snowball workshops: ideas alone, in pairs, in fours, then all \
           together — and the sticker vote.",
    join_heading: "Join a workshop",
    join_placeholder: "Code on the wall, e.g. K7QF2M",
    join: "Join",
    create_heading: "Facilitate a new workshop",
    title: "Title",
    title_placeholder: "Network meeting — Var, 23 March",
    question: "Question for the participants",
    question_placeholder: "What could the network bring you beyond the project?",
    create: "Create workshop",
    import_heading: "Start from an earlier workshop",
    import_file: "Workshop file (workshop.json, from the results of a past workshop)",
    import_follow_up: "A follow-up workshop: the same people, and its action plan on the panel",
    import_copy: "An exact copy, as it stands",
    import: "Import",
    import_no_file: "Choose a workshop file (.json) exported from Panneau.",
    import_unreadable: "This file cannot be read.",
    create_key: "Creation key",
    create_key_hint:
        "This server creates workshops only with its creation key; ask whoever runs it.",
};

pub const FR: Home = Home {
    lead: "Un panneau en direct pour les ateliers boule de neige\u{a0}: des idées seul, en \
           binômes, en groupes de quatre, puis tous ensemble — et le vote par gommettes.",
    join_heading: "Rejoindre un atelier",
    join_placeholder: "Code affiché à l'écran, par ex. K7QF2M",
    join: "Rejoindre",
    create_heading: "Animer un nouvel atelier",
    title: "Titre",
    title_placeholder: "Rencontre du réseau — Var, 23 mars",
    question: "Question posée aux participants",
    question_placeholder: "Que pourrait vous apporter le réseau au-delà du projet\u{a0}?",
    create: "Créer l'atelier",
    import_heading: "Repartir d'un atelier précédent",
    import_file: "Fichier d'atelier (workshop.json, depuis les résultats d'un atelier passé)",
    import_follow_up: "Un atelier de suite\u{a0}: les mêmes personnes, et son plan d'action au \
                       panneau",
    import_copy: "Une copie exacte, en l'état",
    import: "Importer",
    import_no_file: "Choisissez un fichier d'atelier (.json) exporté de Panneau.",
    import_unreadable: "Ce fichier ne peut pas être lu.",
    create_key: "Clé de création",
    create_key_hint: "Ce serveur ne crée d'ateliers qu'avec sa clé de création\u{a0}; demandez-la à qui l'administre.",
};

pub const IT: Home = Home {
    lead: "Un pannello dal vivo per i workshop a palla di neve: idee da soli, in coppia, in \
           gruppi di quattro, poi tutti insieme — e la votazione con gli adesivi.",
    join_heading: "Partecipa a un workshop",
    join_placeholder: "Codice sullo schermo, es. K7QF2M",
    join: "Partecipa",
    create_heading: "Facilita un nuovo workshop",
    title: "Titolo",
    title_placeholder: "Incontro della rete — Var, 23 marzo",
    question: "Domanda per i partecipanti",
    question_placeholder: "Cosa potrebbe portarvi la rete, al di là del progetto?",
    create: "Crea il workshop",
    import_heading: "Riparti da un workshop precedente",
    import_file: "File del workshop (workshop.json, dai risultati di un workshop passato)",
    import_follow_up: "Un workshop di seguito: le stesse persone, e il suo piano d'azione \
                       sul pannello",
    import_copy: "Una copia esatta, così com'è",
    import: "Importa",
    import_no_file: "Scegli un file del workshop (.json) esportato da Panneau.",
    import_unreadable: "Questo file non può essere letto.",
    create_key: "Chiave di creazione",
    create_key_hint: "Questo server crea workshop solo con la sua chiave di creazione; chiedila a chi lo gestisce.",
};
