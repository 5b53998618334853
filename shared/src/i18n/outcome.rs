//! The words of the results and of what the workshop leaves behind: the panel by theme,
//! the ranked action plan, the links to the report and the exports, and the
//! facilitator's forms for the report (details, language, next steps, synthesis).

#[cfg_attr(test, derive(serde::Serialize))]
pub struct Outcome {
    // The panel by theme and the action plan.
    /// The plan's cards under no theme.
    pub no_theme: &'static str,
    /// `{n}`: an action's place in the plan.
    pub rank: &'static str,
    pub green_stickers: &'static str,
    pub no_owner: &'static str,
    /// `{n}` actions of the plan past those the wall has room for.
    pub more_actions: super::Plural,

    // The report and the exports.
    pub outputs: &'static str,
    pub outputs_draft: &'static str,
    pub output_report_html: &'static str,
    pub output_report_md: &'static str,
    pub output_panel_png: &'static str,
    pub output_panel_svg: &'static str,
    pub output_plan_png: &'static str,
    pub output_plan_svg: &'static str,
    pub output_actions_csv: &'static str,
    pub output_workshop_json: &'static str,

    // The facilitator's forms.
    pub details_heading: &'static str,
    pub date: &'static str,
    pub place: &'static str,
    pub organiser: &'static str,
    pub facilitator: &'static str,
    pub save_details: &'static str,
    pub workshop_language: &'static str,
    pub next_steps: &'static str,
    pub follow_ups: &'static str,
    pub save_follow_ups: &'static str,
    pub synthesis: &'static str,
    pub synthesis_placeholder: &'static str,
    pub save_synthesis: &'static str,
}

pub const EN: Outcome = Outcome {
    no_theme: "No theme",
    rank: "#{n}",
    green_stickers: "Green stickers",
    no_owner: "No owner yet",
    more_actions: super::Plural {
        one: "and {n} more action",
        other: "and {n} more actions",
    },

    outputs: "Report and exports",
    outputs_draft: "Report and exports (draft until the vote closes)",
    output_report_html: "Report — print or save as PDF",
    output_report_md: "Report in Markdown (wiki, e-mail)",
    output_panel_png: "Picture of the panel (PNG)",
    output_panel_svg: "Picture of the panel (SVG)",
    output_plan_png: "Action-plan diagram (PNG)",
    output_plan_svg: "Action-plan diagram (SVG)",
    output_actions_csv: "Action plan for a spreadsheet (CSV)",
    output_workshop_json: "The whole workshop (JSON, to import)",

    details_heading: "For the report",
    date: "Date (empty: the day it runs)",
    place: "Place",
    organiser: "Organiser",
    facilitator: "Facilitator",
    save_details: "Save details",
    workshop_language: "Language of the wall and of the report",
    next_steps: "Next steps",
    follow_ups: "Follow-up questions the report closes on, one per line",
    save_follow_ups: "Save questions",
    synthesis: "Synthesis of the exchanges",
    synthesis_placeholder: "What came out of the discussion, in a few sentences; it opens \
                            the report's conclusions.",
    save_synthesis: "Save synthesis",
};

pub const FR: Outcome = Outcome {
    no_theme: "Sans thème",
    rank: "n°\u{a0}{n}",
    green_stickers: "Gommettes vertes",
    no_owner: "Sans porteur",
    more_actions: super::Plural {
        one: "et {n}\u{a0}autre action",
        other: "et {n}\u{a0}autres actions",
    },

    outputs: "Compte rendu et exports",
    outputs_draft: "Compte rendu et exports (brouillon jusqu'à la clôture du vote)",
    output_report_html: "Compte rendu — imprimer ou enregistrer en PDF",
    output_report_md: "Compte rendu en Markdown (wiki, e-mail)",
    output_panel_png: "Image du panneau (PNG)",
    output_panel_svg: "Image du panneau (SVG)",
    output_plan_png: "Schéma du plan d'action (PNG)",
    output_plan_svg: "Schéma du plan d'action (SVG)",
    output_actions_csv: "Plan d'action pour tableur (CSV)",
    output_workshop_json: "L'atelier complet (JSON, à réimporter)",

    details_heading: "Pour le compte rendu",
    date: "Date (vide\u{a0}: le jour de l'atelier)",
    place: "Lieu",
    organiser: "Organisé par",
    facilitator: "Animé par",
    save_details: "Enregistrer ces informations",
    workshop_language: "Langue de l'écran mural et du compte rendu",
    next_steps: "Prochaines étapes",
    follow_ups: "Les questions pour la suite, qui concluent le compte rendu\u{a0}: une \
                 par ligne",
    save_follow_ups: "Enregistrer les questions",
    synthesis: "Synthèse des échanges",
    synthesis_placeholder: "Ce qui ressort des échanges, en quelques phrases\u{a0}; ce \
                            texte ouvre les conclusions du compte rendu.",
    save_synthesis: "Enregistrer la synthèse",
};

pub const IT: Outcome = Outcome {
    no_theme: "Senza tema",
    rank: "{n}°",
    green_stickers: "Adesivi verdi",
    no_owner: "Senza responsabile",
    more_actions: super::Plural {
        one: "e {n} altra azione",
        other: "e altre {n} azioni",
    },

    outputs: "Rapporto di attività ed esportazioni",
    outputs_draft: "Rapporto di attività ed esportazioni (bozza fino alla chiusura della \
                    votazione)",
    output_report_html: "Rapporto di attività — stampa o salva in PDF",
    output_report_md: "Rapporto di attività in Markdown (wiki, e-mail)",
    output_panel_png: "Immagine del pannello (PNG)",
    output_panel_svg: "Immagine del pannello (SVG)",
    output_plan_png: "Schema del piano d'azione (PNG)",
    output_plan_svg: "Schema del piano d'azione (SVG)",
    output_actions_csv: "Piano d'azione per foglio di calcolo (CSV)",
    output_workshop_json: "L'intero workshop (JSON, da importare)",

    details_heading: "Per il rapporto di attività",
    date: "Data (vuota: il giorno del workshop)",
    place: "Luogo",
    organiser: "Organizzato da",
    facilitator: "Facilitato da",
    save_details: "Salva i dati",
    workshop_language: "Lingua dello schermo a parete e del rapporto di attività",
    next_steps: "Prossimi passi",
    follow_ups: "Le domande per il seguito, con cui si chiude il rapporto di attività: una \
                 per riga",
    save_follow_ups: "Salva le domande",
    synthesis: "Sintesi degli scambi",
    synthesis_placeholder: "Cosa è emerso dalla discussione, in poche frasi; apre le \
                            conclusioni del rapporto di attività.",
    save_synthesis: "Salva la sintesi",
};
