//! Every word the outputs write (headings, labels, column names, counts, dates), one
//! table per language, so that a translation is one more table and no template changes.
//!
//! Sentences that take values are patterns with `{name}` holes filled by [`fill`]; counts
//! are [`Plural`] pairs chosen by the language's own rule, because "0 people" is plural in
//! English but "0 personne" is singular in French.

use crate::Lang;
pub(crate) use panneau_shared::i18n::Plural;
use panneau_shared::{Dropped, Phase};

/// The words of one language.
pub(crate) struct Words {
    /// Its language: the tag for `<html lang>`, and the rule of its plurals.
    pub lang: Lang,

    // Dates and durations.
    pub weekdays: [&'static str; 7],
    pub months: [&'static str; 12],
    /// `{weekday}`, `{day}`, `{month}`, `{year}`.
    pub date: &'static str,
    /// `{h}`, `{mm}`: a time of day such as 9:30.
    pub time: &'static str,
    pub utc: &'static str,
    /// `{m}`: a duration under an hour.
    pub minutes: &'static str,
    /// `{h}`, `{mm}`: a duration of an hour or more.
    pub hours: &'static str,
    pub under_a_minute: &'static str,
    /// `{start}`, `{end}`.
    pub from_to: &'static str,
    /// `{start}`: the vote has not closed.
    pub from: &'static str,
    /// `{date}`, `{time}`.
    pub date_at: &'static str,

    // The heading.
    pub report: &'static str,
    pub print: &'static str,
    pub question: &'static str,
    pub date_label: &'static str,
    pub time_label: &'static str,
    pub place: &'static str,
    pub organiser: &'static str,
    pub facilitator: &'static str,

    // The attendance list.
    pub attendance: &'static str,
    pub name: &'static str,
    pub organisation: &'static str,
    pub core_value: &'static str,
    pub took_part: &'static str,
    pub on_a_device: &'static str,
    pub through_the_facilitator: &'static str,
    pub people: Plural,
    pub organisations: Plural,
    /// `{people}`, `{organisations}`.
    pub people_from: &'static str,
    pub through_facilitator_count: Plural,

    // How it ran.
    pub how_it_ran: &'static str,
    pub phase: &'static str,
    pub started: &'static str,
    pub duration: &'static str,
    pub no_times: &'static str,
    pub ideas_written: &'static str,
    pub kept_after_pairs: &'static str,
    pub kept_after_fours: &'static str,
    pub round_skipped: &'static str,
    pub actions_on_panel: &'static str,
    pub green_placed: &'static str,
    pub red_placed: &'static str,

    // The action plan.
    pub action_plan: &'static str,
    pub action_plan_intro: &'static str,
    pub green_sticker: &'static str,
    pub red_sticker: &'static str,
    pub green_stickers: Plural,
    pub actions: Plural,
    pub theme: &'static str,
    pub rank: &'static str,
    pub action: &'static str,
    pub green: &'static str,
    pub red: &'static str,
    pub owners: &'static str,
    pub authors: &'static str,
    pub no_owner: &'static str,
    pub no_theme: &'static str,
    pub no_actions: &'static str,

    // The pictures.
    pub pictures: &'static str,
    pub panel_caption: &'static str,
    pub plan_caption: &'static str,
    /// The panel picture's subtitle, before its counts.
    pub panel_heading: &'static str,
    /// Before the join code.
    pub code: &'static str,
    pub priority_stickers: Plural,
    pub commitments: Plural,
    pub themes: Plural,
    pub legend_priority: &'static str,
    pub legend_commitment: &'static str,
    /// `{actions}`, `{themes}`: the diagram's subtitle.
    pub plan_summary: &'static str,
    /// Under a theme of the diagram that has none.
    pub theme_empty: &'static str,
    pub legend_priority_stickers: &'static str,
    pub legend_committed: &'static str,
    pub legend_needs_owner: &'static str,
    /// Under a theme of the diagram's picture: the actions it leaves out.
    pub more_in_report: Plural,

    // Where each action came from.
    pub trail: &'static str,
    pub trail_intro: &'static str,
    pub written_by: &'static str,
    pub written_on_panel: &'static str,
    pub merged_from: Plural,
    pub first_written_as: &'static str,
    /// Around quoted words: “…”.
    pub open_quote: &'static str,
    pub close_quote: &'static str,
    pub unknown_person: &'static str,

    // The end.
    pub synthesis: &'static str,
    pub next_steps: &'static str,
    pub appendix: &'static str,
    pub appendix_intro: &'static str,
    pub no_dropped: &'static str,
    pub dropped_in_pairs: &'static str,
    pub dropped_in_fours: &'static str,
    pub removed: &'static str,
    /// `{code}`.
    pub made_with: &'static str,
    /// `{when}`.
    pub vote_closed: &'static str,
}

const EN: Words = Words {
    lang: Lang::En,

    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    date: "{weekday} {day} {month} {year}",
    time: "{h}:{mm}",
    utc: "UTC",
    minutes: "{m} min",
    hours: "{h} h {mm}",
    under_a_minute: "under a minute",
    from_to: "from {start} to {end}",
    from: "from {start}",
    date_at: "{date} at {time}",

    report: "Workshop report",
    print: "Print / save as PDF",
    question: "Question",
    date_label: "Date",
    time_label: "Time",
    place: "Place",
    organiser: "Organiser",
    facilitator: "Facilitator",

    attendance: "Attendance list",
    name: "Name",
    organisation: "Organisation",
    core_value: "Core value",
    took_part: "Took part",
    on_a_device: "on a device",
    through_the_facilitator: "through the facilitator",
    people: Plural {
        one: "{n} person",
        other: "{n} people",
    },
    organisations: Plural {
        one: "{n} organisation",
        other: "{n} organisations",
    },
    people_from: "{people} from {organisations}",
    through_facilitator_count: Plural {
        one: "{n} of them took part through the facilitator, without a device",
        other: "{n} of them took part through the facilitator, without a device",
    },

    how_it_ran: "How it ran",
    phase: "Phase",
    started: "Started",
    duration: "Duration",
    no_times: "The times of the phases were not recorded.",
    ideas_written: "Ideas written",
    kept_after_pairs: "Kept after the pairs",
    kept_after_fours: "Kept after the fours",
    round_skipped: "round skipped",
    actions_on_panel: "Actions on the panel",
    green_placed: "Green stickers placed",
    red_placed: "Red stickers placed",

    action_plan: "Action plan",
    action_plan_intro: "Each person had green stickers to mark the actions they see as a \
                        priority and a red sticker for the action they will carry out \
                        themselves. Actions are ranked by green stickers; the owners of an \
                        action are the people who put a red sticker on it.",
    green_sticker: "green sticker — priority",
    red_sticker: "red sticker — commitment",
    green_stickers: Plural {
        one: "{n} green sticker",
        other: "{n} green stickers",
    },
    actions: Plural {
        one: "{n} action",
        other: "{n} actions",
    },
    theme: "Theme",
    rank: "Rank",
    action: "Action",
    green: "Green",
    red: "Red",
    owners: "Owners",
    authors: "Authors",
    no_owner: "No owner yet",
    no_theme: "No theme",
    no_actions: "No action reached the panel.",

    pictures: "Pictures",
    panel_caption: "The panel at the close of the vote.",
    plan_caption: "The action plan by theme.",
    panel_heading: "The panel when the vote closed",
    code: "Code",
    priority_stickers: Plural {
        one: "{n} priority sticker",
        other: "{n} priority stickers",
    },
    commitments: Plural {
        one: "{n} commitment",
        other: "{n} commitments",
    },
    themes: Plural {
        one: "{n} theme",
        other: "{n} themes",
    },
    legend_priority: "Priority",
    legend_commitment: "Commitment (initials of who committed)",
    plan_summary: "{actions} under {themes}, ranked by priority stickers.",
    theme_empty: "No actions",
    legend_priority_stickers: "Priority stickers",
    legend_committed: "Committed to carry it out",
    legend_needs_owner: "Needs someone to carry it",
    more_in_report: Plural {
        one: "+ {n} more in the report",
        other: "+ {n} more in the report",
    },

    trail: "Where each action came from",
    trail_intro: "Each action traced back to the ideas people wrote alone, with their \
                  authors.",
    written_by: "Written by",
    written_on_panel: "Written on the panel during the plenary",
    merged_from: Plural {
        one: "Merged from {n} idea",
        other: "Merged from {n} ideas",
    },
    first_written_as: "first written as",
    open_quote: "“",
    close_quote: "”",
    unknown_person: "Unknown",

    synthesis: "Synthesis",
    next_steps: "Next steps",
    appendix: "Appendix: ideas dropped on the way",
    appendix_intro: "Every idea that did not reach the panel, by the round that left it \
                     aside. Ideas their authors withdrew are not listed.",
    no_dropped: "No idea was dropped on the way.",
    dropped_in_pairs: "Not kept by the pairs",
    dropped_in_fours: "Not kept by the fours",
    removed: "Taken off the board by the facilitator",
    made_with: "Made with Panneau from board {code}",
    vote_closed: "vote closed {when}",
};

/// French, for the network the product is modelled on and its chambers of commerce: the
/// terms of the glossary (animation, binômes, gommettes, porteur).
const FR: Words = Words {
    lang: Lang::Fr,

    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    date: "{weekday} {day} {month} {year}",
    time: "{h}\u{a0}h\u{a0}{mm}",
    utc: "UTC",
    minutes: "{m}\u{a0}min",
    hours: "{h}\u{a0}h\u{a0}{mm}",
    under_a_minute: "moins d'une minute",
    from_to: "de {start} à {end}",
    from: "à partir de {start}",
    date_at: "{date} à {time}",

    report: "Compte rendu d'atelier",
    print: "Imprimer / enregistrer en PDF",
    question: "Question",
    date_label: "Date",
    time_label: "Horaires",
    place: "Lieu",
    organiser: "Organisé par",
    facilitator: "Animation",

    attendance: "Liste de présence",
    name: "Nom",
    organisation: "Structure",
    core_value: "Valeur essentielle",
    took_part: "Participation",
    on_a_device: "sur un appareil",
    through_the_facilitator: "présent sans appareil",
    people: Plural {
        one: "{n} personne",
        other: "{n} personnes",
    },
    organisations: Plural {
        one: "{n} structure",
        other: "{n} structures",
    },
    people_from: "{people} de {organisations}",
    through_facilitator_count: Plural {
        one: "{n} personne présente sans appareil a participé par l'intermédiaire de \
              l'animation",
        other: "{n} personnes présentes sans appareil ont participé par l'intermédiaire \
                de l'animation",
    },

    how_it_ran: "Déroulement",
    phase: "Étape",
    started: "Début",
    duration: "Durée",
    no_times: "Les horaires des étapes n'ont pas été enregistrés.",
    ideas_written: "Idées écrites",
    kept_after_pairs: "Gardées par les binômes",
    kept_after_fours: "Gardées par les groupes de quatre",
    round_skipped: "étape sautée",
    actions_on_panel: "Actions au panneau",
    green_placed: "Gommettes vertes posées",
    red_placed: "Gommettes rouges posées",

    action_plan: "Plan d'action",
    action_plan_intro: "Chaque personne disposait de gommettes vertes pour marquer les \
                        actions qu'elle juge prioritaires, et d'une gommette rouge pour \
                        l'action qu'elle s'engage à porter elle-même. Les actions sont \
                        classées par gommettes vertes\u{a0}; leurs porteurs sont les \
                        personnes qui y ont posé une gommette rouge.",
    green_sticker: "gommette verte — priorité",
    red_sticker: "gommette rouge — je m'engage",
    green_stickers: Plural {
        one: "{n} gommette verte",
        other: "{n} gommettes vertes",
    },
    actions: Plural {
        one: "{n} action",
        other: "{n} actions",
    },
    theme: "Thème",
    rank: "Rang",
    action: "Action",
    green: "Vertes",
    red: "Rouges",
    owners: "Porteurs",
    authors: "Auteurs",
    no_owner: "Sans porteur",
    no_theme: "Sans thème",
    no_actions: "Aucune action n'a atteint le panneau.",

    pictures: "Illustrations",
    panel_caption: "Le panneau à la clôture du vote.",
    plan_caption: "Le plan d'action par thème.",
    panel_heading: "Le panneau à la clôture du vote",
    code: "Code",
    priority_stickers: Plural {
        one: "{n} gommette verte",
        other: "{n} gommettes vertes",
    },
    commitments: Plural {
        one: "{n} engagement",
        other: "{n} engagements",
    },
    themes: Plural {
        one: "{n} thème",
        other: "{n} thèmes",
    },
    legend_priority: "Priorité",
    legend_commitment: "Engagement (initiales de qui s'engage)",
    plan_summary: "{actions} dans {themes}, classées par gommettes vertes.",
    theme_empty: "Aucune action",
    legend_priority_stickers: "Gommettes vertes (priorité)",
    legend_committed: "S'engage à la porter",
    legend_needs_owner: "Cherche encore un porteur",
    more_in_report: Plural {
        one: "+ {n} autre dans le compte rendu",
        other: "+ {n} autres dans le compte rendu",
    },

    trail: "D'où vient chaque action",
    trail_intro: "Chaque action, retracée jusqu'aux idées écrites seul, avec leurs \
                  auteurs.",
    written_by: "Écrite par",
    written_on_panel: "Écrite au panneau pendant la plénière",
    merged_from: Plural {
        one: "Fusion de {n} idée",
        other: "Fusion de {n} idées",
    },
    first_written_as: "d'abord formulée",
    open_quote: "«\u{a0}",
    close_quote: "\u{a0}»",
    unknown_person: "Inconnu",

    synthesis: "Synthèse des échanges",
    next_steps: "Prochaines étapes",
    appendix: "Annexe\u{a0}: idées écartées en chemin",
    appendix_intro: "Chaque idée qui n'a pas atteint le panneau, selon l'étape qui l'a \
                     écartée. Les idées retirées par leurs auteurs n'y figurent pas.",
    no_dropped: "Aucune idée n'a été écartée en chemin.",
    dropped_in_pairs: "Non gardées par les binômes",
    dropped_in_fours: "Non gardées par les groupes de quatre",
    removed: "Retirées du panneau par l'animation",
    made_with: "Réalisé avec Panneau à partir de l'atelier {code}",
    vote_closed: "vote clos le {when}",
};

/// Italian, in the words of the seed meeting's own report (rapporto di attività,
/// elenco presenze, adesivi, sintesi degli scambi, prossimi passi).
const IT: Words = Words {
    lang: Lang::It,

    weekdays: [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ],
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    date: "{weekday} {day} {month} {year}",
    time: "{h}:{mm}",
    utc: "UTC",
    minutes: "{m} min",
    hours: "{h} h {mm}",
    under_a_minute: "meno di un minuto",
    from_to: "dalle {start} alle {end}",
    from: "dalle {start}",
    date_at: "{date} alle {time}",

    report: "Rapporto di attività",
    print: "Stampa / salva in PDF",
    question: "Domanda",
    date_label: "Data",
    time_label: "Orario",
    place: "Luogo",
    organiser: "Organizzato da",
    facilitator: "Facilitazione",

    attendance: "Elenco presenze",
    name: "Nome",
    organisation: "Organizzazione",
    core_value: "Valore centrale",
    took_part: "Partecipazione",
    on_a_device: "con un dispositivo",
    through_the_facilitator: "presente senza dispositivo",
    people: Plural {
        one: "{n} partecipante",
        other: "{n} partecipanti",
    },
    organisations: Plural {
        one: "{n} organizzazione",
        other: "{n} organizzazioni",
    },
    people_from: "{people} di {organisations}",
    through_facilitator_count: Plural {
        one: "{n} di loro ha partecipato senza dispositivo, tramite la facilitazione",
        other: "{n} di loro hanno partecipato senza dispositivo, tramite la facilitazione",
    },

    how_it_ran: "Svolgimento",
    phase: "Fase",
    started: "Inizio",
    duration: "Durata",
    no_times: "Gli orari delle fasi non sono stati registrati.",
    ideas_written: "Idee scritte",
    kept_after_pairs: "Tenute dalle coppie",
    kept_after_fours: "Tenute dai gruppi di quattro",
    round_skipped: "fase saltata",
    actions_on_panel: "Azioni sul pannello",
    green_placed: "Adesivi verdi attaccati",
    red_placed: "Adesivi rossi attaccati",

    action_plan: "Piano d'azione",
    action_plan_intro: "Ogni partecipante aveva degli adesivi verdi per segnare le azioni \
                        che ritiene prioritarie e un adesivo rosso per l'azione in cui è \
                        disposto a impegnarsi personalmente. Le azioni sono ordinate per \
                        adesivi verdi; i responsabili di un'azione sono le persone che vi \
                        hanno attaccato un adesivo rosso.",
    green_sticker: "adesivo verde — priorità",
    red_sticker: "adesivo rosso — mi impegno",
    green_stickers: Plural {
        one: "{n} adesivo verde",
        other: "{n} adesivi verdi",
    },
    actions: Plural {
        one: "{n} azione",
        other: "{n} azioni",
    },
    theme: "Tema",
    rank: "Posizione",
    action: "Azione",
    green: "Verdi",
    red: "Rossi",
    owners: "Responsabili",
    authors: "Autori",
    no_owner: "Senza responsabile",
    no_theme: "Senza tema",
    no_actions: "Nessuna azione è arrivata sul pannello.",

    pictures: "Immagini",
    panel_caption: "Il pannello alla chiusura della votazione.",
    plan_caption: "Il piano d'azione per tema.",
    panel_heading: "Il pannello alla chiusura della votazione",
    code: "Codice",
    priority_stickers: Plural {
        one: "{n} adesivo verde",
        other: "{n} adesivi verdi",
    },
    commitments: Plural {
        one: "{n} impegno",
        other: "{n} impegni",
    },
    themes: Plural {
        one: "{n} tema",
        other: "{n} temi",
    },
    legend_priority: "Priorità",
    legend_commitment: "Impegno (iniziali di chi si impegna)",
    plan_summary: "{actions} in {themes}, ordinate per adesivi verdi.",
    theme_empty: "Nessuna azione",
    legend_priority_stickers: "Adesivi verdi (priorità)",
    legend_committed: "Si impegna a realizzarla",
    legend_needs_owner: "Cerca ancora un responsabile",
    more_in_report: Plural {
        one: "+ {n} altra nel rapporto",
        other: "+ {n} altre nel rapporto",
    },

    trail: "Da dove viene ogni azione",
    trail_intro: "Ogni azione ricondotta alle idee scritte da soli, con i loro autori.",
    written_by: "Scritta da",
    written_on_panel: "Scritta sul pannello durante la plenaria",
    merged_from: Plural {
        one: "Unione di {n} idea",
        other: "Unione di {n} idee",
    },
    first_written_as: "formulata prima come",
    open_quote: "«",
    close_quote: "»",
    unknown_person: "Sconosciuto",

    synthesis: "Sintesi degli scambi",
    next_steps: "Prossimi passi",
    appendix: "Appendice: idee scartate lungo il percorso",
    appendix_intro: "Ogni idea che non è arrivata sul pannello, secondo la fase che l'ha \
                     scartata. Le idee ritirate dai loro autori non sono elencate.",
    no_dropped: "Nessuna idea è stata scartata lungo il percorso.",
    dropped_in_pairs: "Non tenute dalle coppie",
    dropped_in_fours: "Non tenute dai gruppi di quattro",
    removed: "Tolte dal pannello dalla facilitazione",
    made_with: "Realizzato con Panneau dal workshop {code}",
    vote_closed: "votazione chiusa {when}",
};

/// The table of `lang`.
pub(crate) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
        Lang::It => &IT,
    }
}

impl Words {
    /// `n` with its counted phrase: "1 person", "9 people" (by the language's rule).
    pub fn count(&self, plural: &Plural, n: usize) -> String {
        self.lang.count(plural, n)
    }

    /// The name a reader gives to a phase of the workshop: the screens' own.
    pub fn phase(&self, phase: Phase) -> &'static str {
        self.lang.common().phases[phase as usize]
    }

    /// The heading of the ideas dropped at one stage.
    pub fn dropped(&self, stage: Dropped) -> &'static str {
        match stage {
            Dropped::InPairs => self.dropped_in_pairs,
            Dropped::InFours => self.dropped_in_fours,
            Dropped::Removed => self.removed,
        }
    }
}

pub(crate) use panneau_shared::i18n::fill;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_choose_their_form() {
        let w = words(Lang::En);
        assert_eq!(w.count(&w.people, 1), "1 person");
        assert_eq!(w.count(&w.people, 9), "9 people");
        assert_eq!(w.count(&w.people, 0), "0 people");
        assert_eq!(w.count(&w.organisations, 5), "5 organisations");
        assert_eq!(w.count(&w.merged_from, 2), "Merged from 2 ideas");
    }

    #[test]
    fn every_phase_and_stage_has_a_name() {
        let w = words(Lang::En);
        for phase in Phase::ALL {
            assert!(!w.phase(phase).is_empty());
        }
        assert_eq!(w.phase(Phase::Ideas), "Ideas (alone)");
        assert_eq!(w.phase(Phase::Results), "Results");
        for stage in [Dropped::InPairs, Dropped::InFours, Dropped::Removed] {
            assert!(!w.dropped(stage).is_empty());
        }
    }
}
