//! What a participant does, also used by the facilitator acting for someone: join, the
//! core value, ideas alone, the group's pool, the panel of the plenary, and the vote.

use super::Plural;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Person {
    // Joining, and the page around the work.
    pub join_heading: &'static str,
    pub your_name: &'static str,
    pub your_organisation: &'static str,
    pub join: &'static str,
    pub connecting: &'static str,
    /// The link home after the server refused the page.
    pub back: &'static str,
    pub other_device: &'static str,
    pub other_device_hint: &'static str,
    /// A "continue on another device" link opened on a browser that is someone else (or
    /// no one) on this board: `{name}` is whom the link would make it.
    pub link_is_for: &'static str,
    pub link_accept: &'static str,
    pub link_refuse: &'static str,
    pub waiting: &'static str,
    pub plenary_hint: &'static str,

    // Buttons shared by several forms.
    pub save: &'static str,
    pub cancel: &'static str,
    pub edit: &'static str,

    // The core value, said at the round table.
    pub core_value: &'static str,
    pub core_value_placeholder: &'static str,
    pub core_value_saved: &'static str,

    // Ideas alone.
    /// Followed by the count ("1 of 3").
    pub your_ideas: &'static str,
    /// `{n}` ideas written of `{total}` allowed.
    pub idea_count: &'static str,
    pub ideas_hint: &'static str,
    pub new_idea: &'static str,
    pub idea_placeholder: &'static str,
    pub add_idea: &'static str,
    pub ideas_full: &'static str,
    pub withdraw: &'static str,
    /// Asked before an idea is withdrawn, which its author cannot undo.
    pub withdraw_confirm: &'static str,

    // The group's pool, in the pairs and the fours.
    pub no_group: &'static str,
    pub keep: &'static str,
    pub kept: &'static str,
    /// `{n}` cards kept of the `{quota}`.
    pub kept_count: Plural,
    /// `{n}`: the quota.
    pub keep_to_finish: Plural,
    pub we_are_done: &'static str,
    pub done: &'static str,
    pub reopen: &'static str,
    pub merge: &'static str,
    pub merge_label: &'static str,

    // The vote.
    pub vote_hint: &'static str,
    pub add_priority: &'static str,
    pub add_commitment: &'static str,
    /// `{text}`: the same buttons as screen readers announce them, with their card (the
    /// visible words first, so that a voice command naming them finds them).
    pub add_priority_to: &'static str,
    pub add_commitment_to: &'static str,
    pub take_back: &'static str,
    pub move_here: &'static str,

    // The panel's cards and their stickers.
    /// `{text}`: the card's text, for screen readers.
    pub card_label: &'static str,
    pub sticker_priority: &'static str,
    /// `{name}`: who put the red sticker.
    pub sticker_commitment: &'static str,
    /// `{label}`: what the sticker is; `{hint}`: what a click does.
    pub sticker_yours: &'static str,
    pub sticker_hint_pick: &'static str,
    pub sticker_hint_remove: &'static str,
}

pub const EN: Person = Person {
    join_heading: "Join the workshop",
    your_name: "Your name",
    your_organisation: "Your organisation",
    join: "Join",
    connecting: "Connecting to the workshop…",
    back: "back",
    other_device: "Continue on another device",
    other_device_hint: "Open this private link there to be the same participant:",
    link_is_for: "This link makes this device {name}'s, with {name}'s private ideas. Open it only if you are {name}.",
    link_accept: "I am {name}: continue",
    link_refuse: "No, stay as I am",
    waiting: "You are in. The workshop starts soon — meanwhile, think of one core value of \
              your organisation.",
    plenary_hint: "The cards of every group, under their themes. You can move your own cards.",

    save: "Save",
    cancel: "Cancel",
    edit: "Edit",

    core_value: "One core value of your organisation",
    core_value_placeholder: "e.g. Respect for the animals",
    core_value_saved: "Saved — you will say it at the round table.",

    your_ideas: "Your ideas ",
    idea_count: "{n} of {total}",
    ideas_hint: "Only you see them until you meet your pair.",
    new_idea: "New idea",
    idea_placeholder: "One idea per card…",
    add_idea: "Add this idea",
    ideas_full: "All your ideas are written",
    withdraw: "Withdraw",
    withdraw_confirm: "Withdraw this idea for good?",

    no_group: "You are not in a group yet; the facilitator will place you.",
    keep: "Keep",
    kept: "✓ Kept",
    kept_count: Plural {
        one: "Kept {n} of {quota}",
        other: "Kept {n} of {quota}",
    },
    keep_to_finish: Plural {
        one: "Keep exactly {n} card to finish",
        other: "Keep exactly {n} cards to finish",
    },
    we_are_done: "We are done",
    done: "Done ✓",
    reopen: "Reopen",
    merge: "Merge",
    merge_label: "Merge the two selected cards into one",

    vote_hint: "Green: a priority. Red: “I will carry it out”. Click one of your dots to \
                move it or take it back.",
    add_priority: "+ priority",
    add_commitment: "+ I commit",
    add_priority_to: "+ priority on “{text}”",
    add_commitment_to: "+ I commit to “{text}”",
    take_back: "Take it back",
    move_here: "Move it here",

    card_label: "Card: {text}",
    sticker_priority: "priority",
    sticker_commitment: "{name} commits",
    sticker_yours: "{label} (yours — {hint})",
    sticker_hint_pick: "click to move it or take it back",
    sticker_hint_remove: "click to take it back",
};

/// French: « vous », and the glossary's binômes, gommettes, garder, fusionner; the
/// facilitator is « l'animation », as in the report.
pub const FR: Person = Person {
    join_heading: "Rejoindre l'atelier",
    your_name: "Votre nom",
    your_organisation: "Votre structure",
    join: "Rejoindre",
    connecting: "Connexion à l'atelier…",
    back: "retour",
    other_device: "Continuer sur un autre appareil",
    link_is_for: "Ce lien fait de cet appareil celui de {name}, avec ses idées personnelles. Ne l'ouvrez que si vous êtes {name}.",
    link_accept: "Je suis {name}\u{a0}: continuer",
    link_refuse: "Non, rester moi-même",
    other_device_hint: "Ouvrez ce lien personnel sur l'autre appareil pour y rester la même \
                        personne\u{a0}:",
    waiting: "Vous voilà dans l'atelier, qui commence bientôt. En attendant, pensez à une \
              valeur essentielle de votre structure.",
    plenary_hint: "Les cartes de tous les groupes, rangées par thème. Vous pouvez déplacer les \
                   vôtres.",

    save: "Enregistrer",
    cancel: "Annuler",
    edit: "Modifier",

    core_value: "Une valeur essentielle de votre structure",
    core_value_placeholder: "par ex. Le respect des animaux",
    core_value_saved: "Enregistrée — vous la direz au tour de table.",

    your_ideas: "Vos idées ",
    idea_count: "{n} sur {total}",
    ideas_hint: "Personne d'autre ne les voit avant le travail en binôme.",
    new_idea: "Nouvelle idée",
    idea_placeholder: "Une idée par carte…",
    add_idea: "Ajouter cette idée",
    ideas_full: "Toutes vos idées sont écrites",
    withdraw: "Retirer",
    withdraw_confirm: "Retirer cette idée pour de bon\u{a0}?",

    no_group: "Vous n'êtes pas encore dans un groupe\u{a0}; l'animation va vous en attribuer un.",
    keep: "Garder",
    kept: "✓ Gardée",
    kept_count: Plural {
        one: "{n} gardée sur {quota}",
        other: "{n} gardées sur {quota}",
    },
    keep_to_finish: Plural {
        one: "Gardez exactement {n} carte pour terminer",
        other: "Gardez exactement {n} cartes pour terminer",
    },
    we_are_done: "Nous avons terminé",
    done: "Terminé ✓",
    reopen: "Rouvrir",
    merge: "Fusionner",
    merge_label: "Fusionner les deux cartes choisies en une seule",

    vote_hint: "Gommette verte\u{a0}: une priorité. Rouge\u{a0}: «\u{a0}je m'engage\u{a0}». \
                Cliquez sur une de vos gommettes pour la déplacer ou la retirer.",
    add_priority: "+ priorité",
    add_commitment: "+ je m'engage",
    add_priority_to: "+ priorité sur «\u{a0}{text}\u{a0}»",
    add_commitment_to: "+ je m'engage sur «\u{a0}{text}\u{a0}»",
    take_back: "La retirer",
    move_here: "La déplacer ici",

    card_label: "Carte\u{a0}: {text}",
    sticker_priority: "priorité",
    sticker_commitment: "{name} s'engage",
    sticker_yours: "{label} (la vôtre — {hint})",
    sticker_hint_pick: "cliquez pour la déplacer ou la retirer",
    sticker_hint_remove: "cliquez pour la retirer",
};

/// Italian: « tu », and the glossary's coppie, adesivi, tenere, unire; the facilitator is
/// « la facilitazione », as in the report; a card is a « scheda ».
pub const IT: Person = Person {
    join_heading: "Partecipa al workshop",
    your_name: "Il tuo nome",
    your_organisation: "La tua organizzazione",
    join: "Partecipa",
    connecting: "Connessione al workshop…",
    back: "indietro",
    other_device: "Continua su un altro dispositivo",
    link_is_for: "Questo link rende questo dispositivo quello di {name}, con le sue idee private. Aprilo solo se sei {name}.",
    link_accept: "Sono {name}: continua",
    link_refuse: "No, resto come sono",
    other_device_hint: "Apri questo link privato sull'altro dispositivo per restare la stessa \
                        persona:",
    waiting: "Ci sei! Il workshop inizia a breve: nel frattempo, pensa a un valore centrale \
              della tua organizzazione.",
    plenary_hint: "Le schede di tutti i gruppi, sotto i loro temi. Puoi spostare le tue.",

    save: "Salva",
    cancel: "Annulla",
    edit: "Modifica",

    core_value: "Un valore centrale della tua organizzazione",
    core_value_placeholder: "es. Il rispetto per gli animali",
    core_value_saved: "Salvato — lo dirai alla tavola rotonda.",

    your_ideas: "Le tue idee ",
    idea_count: "{n} su {total}",
    ideas_hint: "Nessun altro le vede finché non lavorerai in coppia.",
    new_idea: "Nuova idea",
    idea_placeholder: "Un'idea per scheda…",
    add_idea: "Aggiungi questa idea",
    ideas_full: "Hai scritto tutte le tue idee",
    withdraw: "Ritira",
    withdraw_confirm: "Ritirare questa idea definitivamente?",

    no_group: "Non sei ancora in un gruppo: ci penserà la facilitazione.",
    keep: "Tieni",
    kept: "✓ Tenuta",
    kept_count: Plural {
        one: "{n} tenuta su {quota}",
        other: "{n} tenute su {quota}",
    },
    keep_to_finish: Plural {
        one: "Tieni esattamente {n} scheda per finire",
        other: "Tieni esattamente {n} schede per finire",
    },
    we_are_done: "Abbiamo finito",
    done: "Fatto ✓",
    reopen: "Riapri",
    merge: "Unisci",
    merge_label: "Unisci le due schede scelte in una sola",

    vote_hint: "Adesivo verde: una priorità. Rosso: «mi impegno». Clicca su uno dei tuoi \
                adesivi per spostarlo o ritirarlo.",
    add_priority: "+ priorità",
    add_commitment: "+ mi impegno",
    add_priority_to: "+ priorità su «{text}»",
    add_commitment_to: "+ mi impegno su «{text}»",
    take_back: "Ritiralo",
    move_here: "Spostalo qui",

    card_label: "Scheda: {text}",
    sticker_priority: "priorità",
    sticker_commitment: "{name} si impegna",
    sticker_yours: "{label} (tuo — {hint})",
    sticker_hint_pick: "clicca per spostarlo o ritirarlo",
    sticker_hint_remove: "clicca per ritirarlo",
};
