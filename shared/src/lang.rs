//! The languages Panneau speaks, and the words a new workshop starts with in each: its
//! default themes and follow-up questions.

use serde::{Deserialize, Serialize};

/// A language of the screens and of the outputs. A workshop has one (the wall and the
/// outputs use it); each person may read their own screen in another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
    It,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::It];

    /// The BCP 47 tag (`<html lang>`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::It => "it",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::It => "Italiano",
        }
    }

    /// The first of `preferred` (a browser's languages, best first: `fr-BE`, `it`,
    /// `en-GB`) that Panneau speaks; English when none is.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(|tag| {
                let primary = tag.trim().split(['-', '_']).next()?;
                Lang::ALL
                    .into_iter()
                    .find(|l| l.tag().eq_ignore_ascii_case(primary))
            })
            .unwrap_or_default()
    }

    /// The themes a new workshop's panel starts with: those of the meeting Panneau is
    /// modelled on.
    pub fn default_themes(self) -> [&'static str; 3] {
        match self {
            Lang::En => [
                "Promotion, communication & marketing",
                "Training & technical support",
                "Networking & sharing experience",
            ],
            Lang::Fr => [
                "Promotion, communication et marketing",
                "Formation et accompagnement technique",
                "Mise en réseau et partage d'expériences",
            ],
            Lang::It => [
                "Promozione, comunicazione e marketing",
                "Formazione e supporto tecnico",
                "Networking e condivisione di esperienze",
            ],
        }
    }

    /// The questions a new workshop's report ends on: those the seed meeting's report
    /// closed on, for a network of businesses preparing its next workshop — who governs
    /// the label, who runs the network, which programme of actions, what each member
    /// brings.
    pub fn default_follow_ups(self) -> [&'static str; 4] {
        match self {
            Lang::En => [
                "How should the network's quality label be governed: certification with \
                 external audits, or managing the label ourselves (reviewing applications, \
                 approval and control committees, awarding the label)?",
                "Who runs the network: do we entrust its management to an existing body, \
                 such as the chamber of commerce, or set up a structure of our own?",
                "Which actions should the network carry out, and how do we turn the action \
                 plan of this meeting into a programme over several years?",
                "What can each member contribute (money, or in kind: resources, tools, \
                 volunteer time), and how do we share roles and responsibilities?",
            ],
            Lang::Fr => [
                "Quelle gouvernance pour le label qualité du réseau : une certification avec \
                 audit externe, ou une gestion du label par nous-mêmes (examen des \
                 candidatures, comités d'agrément et de contrôle, attribution du label) ?",
                "Qui anime le réseau : en confie-t-on la gestion à une structure existante, \
                 comme la chambre de commerce, ou crée-t-on une structure dédiée ?",
                "Quelles actions le réseau doit-il mener, et comment faire du plan d'action \
                 de cette rencontre un programme sur plusieurs années ?",
                "Quel engagement pour chaque membre (financier, ou en nature : ressources, \
                 outils, temps bénévole), et comment se répartir les rôles et les \
                 responsabilités ?",
            ],
            Lang::It => [
                "Quale governance per il marchio di qualità della rete: una certificazione \
                 con audit esterni, o una gestione diretta del marchio (esame delle domande, \
                 comitati di approvazione e controllo, assegnazione del marchio)?",
                "Chi gestisce la rete: la affidiamo a una struttura esistente, come la camera \
                 di commercio, o creiamo una struttura ad hoc?",
                "Quali azioni deve intraprendere la rete, e come trasformare il piano \
                 d'azione di questo incontro in un programma pluriennale?",
                "Quale può essere l'impegno di ciascun membro (finanziario, o in natura: \
                 risorse, strumenti, tempo volontario), e come condividere ruoli e \
                 responsabilità?",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn a_browser_gets_the_first_language_we_speak() {
        assert_eq!(Lang::negotiate(["fr-BE", "en"]), Lang::Fr);
        assert_eq!(Lang::negotiate(["de-DE", "it-IT", "fr"]), Lang::It);
        assert_eq!(Lang::negotiate(["IT"]), Lang::It);
        assert_eq!(Lang::negotiate(["de", "ja"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
    }

    #[test]
    fn every_language_has_its_defaults() {
        for lang in Lang::ALL {
            assert!(lang.default_themes().iter().all(|t| !t.is_empty()));
            assert!(lang.default_follow_ups().iter().all(|q| q.ends_with('?')));
        }
    }
}
