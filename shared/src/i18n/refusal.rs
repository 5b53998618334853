//! Why a command was refused, in each language: one sentence per stable rejection code.
//! The server's own message (English, and more precise) stays for scripts and for English
//! screens; these are what French and Italian screens show.

use crate::i18n::{fill, group_name};
use crate::lang::Lang;
use crate::model::{Phase, StickerColor};
use crate::rejection::{Detail, GroupName, Owned, RejectionCode};

/// The sentence for `code` in `lang`. Exhaustive: a new code fails to compile here until
/// it has its sentence in every language.
pub fn refusal(lang: Lang, code: RejectionCode) -> &'static str {
    use RejectionCode::*;
    match (lang, code) {
        (Lang::En, Invalid) => "That is not valid; check what you typed.",
        (Lang::En, NotAllowed) => "You are not allowed to do that.",
        (Lang::En, NotJoined) => "Join the workshop with your name first.",
        (Lang::En, AlreadyJoined) => "You have already joined this workshop.",
        (Lang::En, UnknownCard) => "This card is not on the board (any more).",
        (Lang::En, UnknownSticker) => "This sticker is not on the board (any more).",
        (Lang::En, BudgetExhausted) => "All your stickers of this colour are placed.",
        (Lang::En, DuplicateSticker) => "You already put a sticker of this colour on this card.",
        (Lang::En, BoardFull) => "This workshop is full.",
        (Lang::En, WrongPhase) => "That cannot be done in this phase of the workshop.",
        (Lang::En, UnknownParticipant) => "This person is not in the workshop.",
        (Lang::En, UnknownGroup) => "This group does not exist (any more).",
        (Lang::En, UnknownTheme) => "This theme does not exist (any more).",
        (Lang::En, NotInGroup) => "This card belongs to another group, or you have no group yet.",
        (Lang::En, QuotaExceeded) => {
            "Your group already keeps as many cards as it may; unmark one first."
        }
        (Lang::En, QuotaNotMet) => {
            "Your group must keep exactly its number of cards before it is done."
        }
        (Lang::En, GroupDone) => "Your group said it is done; reopen it to change its cards.",
        (Lang::En, NoTimer) => "There is no countdown to change.",
        (Lang::En, Unavailable) => "The server could not save this; try again.",
        (Lang::En, RateLimited) => "Too fast: wait a moment, then try again.",

        (Lang::Fr, Invalid) => "Ce n'est pas valide\u{a0}; vérifiez ce que vous avez saisi.",
        (Lang::Fr, NotAllowed) => "Vous n'avez pas le droit de faire cela.",
        (Lang::Fr, NotJoined) => "Rejoignez d'abord l'atelier avec votre nom.",
        (Lang::Fr, AlreadyJoined) => "Vous avez déjà rejoint cet atelier.",
        (Lang::Fr, UnknownCard) => "Cette carte n'est pas (ou plus) sur le panneau.",
        (Lang::Fr, UnknownSticker) => "Cette gommette n'est pas (ou plus) sur le panneau.",
        (Lang::Fr, BudgetExhausted) => "Toutes vos gommettes de cette couleur sont posées.",
        (Lang::Fr, DuplicateSticker) => {
            "Vous avez déjà posé une gommette de cette couleur sur cette carte."
        }
        (Lang::Fr, BoardFull) => "Cet atelier est complet.",
        (Lang::Fr, WrongPhase) => "Ce n'est pas possible à cette étape de l'atelier.",
        (Lang::Fr, UnknownParticipant) => "Cette personne ne fait pas partie de l'atelier.",
        (Lang::Fr, UnknownGroup) => "Ce groupe n'existe pas (ou plus).",
        (Lang::Fr, UnknownTheme) => "Ce thème n'existe pas (ou plus).",
        (Lang::Fr, NotInGroup) => {
            "Cette carte appartient à un autre groupe, ou vous n'avez pas encore de groupe."
        }
        (Lang::Fr, QuotaExceeded) => {
            "Votre groupe garde déjà autant de cartes que possible\u{a0}; retirez-en une d'abord."
        }
        (Lang::Fr, QuotaNotMet) => {
            "Votre groupe doit garder exactement son nombre de cartes avant d'avoir terminé."
        }
        (Lang::Fr, GroupDone) => {
            "Votre groupe a indiqué avoir terminé\u{a0}; rouvrez-le pour modifier ses cartes."
        }
        (Lang::Fr, NoTimer) => "Il n'y a pas de minuteur à modifier.",
        (Lang::Fr, Unavailable) => "Le serveur n'a pas pu l'enregistrer\u{a0}; réessayez.",
        (Lang::Fr, RateLimited) => "Trop vite\u{a0}: attendez un instant, puis réessayez.",

        (Lang::It, Invalid) => "Non è valido; controlla quello che hai scritto.",
        (Lang::It, NotAllowed) => "Non hai il permesso di farlo.",
        (Lang::It, NotJoined) => "Prima partecipa al workshop con il tuo nome.",
        (Lang::It, AlreadyJoined) => "Partecipi già a questo workshop.",
        (Lang::It, UnknownCard) => "Questa scheda non è (più) sul pannello.",
        (Lang::It, UnknownSticker) => "Questo adesivo non è (più) sul pannello.",
        (Lang::It, BudgetExhausted) => "Hai già attaccato tutti i tuoi adesivi di questo colore.",
        (Lang::It, DuplicateSticker) => {
            "Hai già attaccato un adesivo di questo colore su questa scheda."
        }
        (Lang::It, BoardFull) => "Questo workshop è al completo.",
        (Lang::It, WrongPhase) => "Non è possibile in questa fase del workshop.",
        (Lang::It, UnknownParticipant) => "Questa persona non partecipa al workshop.",
        (Lang::It, UnknownGroup) => "Questo gruppo non esiste (più).",
        (Lang::It, UnknownTheme) => "Questo tema non esiste (più).",
        (Lang::It, NotInGroup) => {
            "Questa scheda appartiene a un altro gruppo, oppure non hai ancora un gruppo."
        }
        (Lang::It, QuotaExceeded) => {
            "Il tuo gruppo tiene già tutte le schede che può; togline prima una."
        }
        (Lang::It, QuotaNotMet) => {
            "Il tuo gruppo deve tenere esattamente il suo numero di schede prima di aver finito."
        }
        (Lang::It, GroupDone) => {
            "Il tuo gruppo ha detto di aver finito; riaprilo per cambiare le schede."
        }
        (Lang::It, NoTimer) => "Non c'è un conto alla rovescia da modificare.",
        (Lang::It, Unavailable) => "Il server non è riuscito a salvarlo; riprova.",
        (Lang::It, RateLimited) => "Troppo veloce: aspetta un momento, poi riprova.",
    }
}

/// A refusal's numbers said in `lang`: "Pair 1 already keeps 4 of 4 cards; unmark one
/// first."
pub fn detail(lang: Lang, detail: &Detail) -> String {
    let group = |g: &GroupName| group_name(lang, *g);
    let phase = |p: Phase| lang.common().phases[p as usize].to_owned();
    let (pattern, values): (&str, Vec<(&str, String)>) = match detail {
        Detail::KeepQuota { group: g, kept, quota } => (
            match lang {
                Lang::En => "{group} already keeps {kept} of {quota} cards; unmark one first",
                Lang::Fr => "{group} garde déjà {kept} cartes sur {quota}\u{a0}; retirez-en une d'abord",
                Lang::It => "{group} tiene già {kept} schede su {quota}; togline prima una",
            },
            vec![("group", group(g)), ("kept", kept.to_string()), ("quota", quota.to_string())],
        ),
        Detail::FinishQuota { group: g, kept, quota } => (
            match lang {
                Lang::En => "{group} keeps {kept} cards; it must keep exactly {quota} to finish",
                Lang::Fr => "{group} garde {kept} cartes\u{a0}; il doit en garder exactement {quota} pour terminer",
                Lang::It => "{group} tiene {kept} schede; deve tenerne esattamente {quota} per finire",
            },
            vec![("group", group(g)), ("kept", kept.to_string()), ("quota", quota.to_string())],
        ),
        Detail::GroupDone { group: g } => (
            match lang {
                Lang::En => "{group} has declared itself done; reopen it to change its cards",
                Lang::Fr => "{group} a indiqué avoir terminé\u{a0}; rouvrez-le pour modifier ses cartes",
                Lang::It => "{group} ha detto di aver finito; riapri il gruppo per cambiare le schede",
            },
            vec![("group", group(g))],
        ),
        Detail::IdeasWritten { quota } => (
            match lang {
                Lang::En => "you have written your {quota} ideas; edit or withdraw one to write another",
                Lang::Fr => "vous avez écrit vos {quota} idées\u{a0}; modifiez-en ou retirez-en une pour en écrire une autre",
                Lang::It => "hai scritto le tue {quota} idee; modificane o ritirane una per scriverne un'altra",
            },
            vec![("quota", quota.to_string())],
        ),
        Detail::StickersPlaced { color, budget } => (
            match (lang, color) {
                (Lang::En, StickerColor::Green) => "all your green stickers ({budget}) are placed; move or take one back first",
                (Lang::En, StickerColor::Red) => "all your red stickers ({budget}) are placed; move or take one back first",
                (Lang::Fr, StickerColor::Green) => "toutes vos gommettes vertes ({budget}) sont posées\u{a0}; déplacez-en ou retirez-en une d'abord",
                (Lang::Fr, StickerColor::Red) => "toutes vos gommettes rouges ({budget}) sont posées\u{a0}; déplacez-en ou retirez-en une d'abord",
                (Lang::It, StickerColor::Green) => "hai già attaccato tutti i tuoi adesivi verdi ({budget}); spostane o riprendine uno prima",
                (Lang::It, StickerColor::Red) => "hai già attaccato tutti i tuoi adesivi rossi ({budget}); spostane o riprendine uno prima",
            },
            vec![("budget", budget.to_string())],
        ),
        Detail::SlowDown { retry_after_s } => (
            match lang {
                Lang::En => "too fast: wait {seconds} s, then try again",
                Lang::Fr => "trop vite\u{a0}: attendez {seconds}\u{a0}s, puis réessayez",
                Lang::It => "troppo veloce: aspetta {seconds} s, poi riprova",
            },
            vec![("seconds", retry_after_s.to_string())],
        ),
        Detail::DoorClosed => (
            match lang {
                Lang::En => "the facilitator has closed the workshop to new participants; ask them to open it",
                Lang::Fr => "l'animation a fermé l'atelier aux nouveaux participants\u{a0}; demandez-lui de le rouvrir",
                Lang::It => "la facilitazione ha chiuso il workshop ai nuovi partecipanti; chiedile di riaprirlo",
            },
            Vec::new(),
        ),
        Detail::OnlyDuring { from, to } if from == to => (
            match lang {
                Lang::En => "not now: this is done during the “{phase}” phase",
                Lang::Fr => "pas maintenant\u{a0}: cela se fait pendant l'étape «\u{a0}{phase}\u{a0}»",
                Lang::It => "non ora: si fa durante la fase «{phase}»",
            },
            vec![("phase", phase(*from))],
        ),
        Detail::OnlyDuring { from, to } => (
            match lang {
                Lang::En => "not now: this is done from the “{from}” phase to the “{to}” phase",
                Lang::Fr => "pas maintenant\u{a0}: cela se fait de l'étape «\u{a0}{from}\u{a0}» à l'étape «\u{a0}{to}\u{a0}»",
                Lang::It => "non ora: si fa dalla fase «{from}» alla fase «{to}»",
            },
            vec![("from", phase(*from)), ("to", phase(*to))],
        ),
        Detail::OwnOnly { what } => (
            match (lang, what) {
                (Lang::En, Owned::Ideas) => "you can only change your own ideas",
                (Lang::En, Owned::PanelCards) => "in the plenary, participants move only their own cards",
                (Lang::En, Owned::Stickers) => "you can only move or take back your own stickers",
                (Lang::En, Owned::Group) => "you can only declare your own group done",
                (Lang::Fr, Owned::Ideas) => "vous ne pouvez modifier que vos propres idées",
                (Lang::Fr, Owned::PanelCards) => "en plénière, chacun ne déplace que ses propres cartes",
                (Lang::Fr, Owned::Stickers) => "vous ne pouvez déplacer ou retirer que vos propres gommettes",
                (Lang::Fr, Owned::Group) => "vous ne pouvez déclarer terminé que votre propre groupe",
                (Lang::It, Owned::Ideas) => "puoi modificare solo le tue idee",
                (Lang::It, Owned::PanelCards) => "in plenaria, ognuno sposta solo le proprie schede",
                (Lang::It, Owned::Stickers) => "puoi spostare o riprendere solo i tuoi adesivi",
                (Lang::It, Owned::Group) => "puoi dichiarare finito solo il tuo gruppo",
            },
            Vec::new(),
        ),
        Detail::TakenOff => (
            match lang {
                Lang::En => "the facilitator took you off this workshop",
                Lang::Fr => "l'animation vous a retiré de cet atelier",
                Lang::It => "la facilitazione ti ha tolto da questo workshop",
            },
            Vec::new(),
        ),
        Detail::PhaseOver { phase: over } => (
            match lang {
                Lang::En => "the “{phase}” phase is over; go back to it to change this",
                Lang::Fr => "l'étape «\u{a0}{phase}\u{a0}» est terminée\u{a0}; revenez-y pour modifier cela",
                Lang::It => "la fase «{phase}» è finita; tornaci per cambiarlo",
            },
            vec![("phase", phase(*over))],
        ),
    };
    let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(pattern, &values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Round;

    #[test]
    fn details_are_said_in_every_language_with_their_numbers() {
        let pair = GroupName {
            round: Round::Pairs,
            number: 1,
        };
        let all = [
            Detail::KeepQuota {
                group: pair,
                kept: 4,
                quota: 4,
            },
            Detail::FinishQuota {
                group: pair,
                kept: 3,
                quota: 4,
            },
            Detail::GroupDone { group: pair },
            Detail::IdeasWritten { quota: 3 },
            Detail::StickersPlaced {
                color: StickerColor::Green,
                budget: 3,
            },
            Detail::StickersPlaced {
                color: StickerColor::Red,
                budget: 1,
            },
            Detail::SlowDown { retry_after_s: 2 },
            Detail::DoorClosed,
            Detail::OnlyDuring {
                from: Phase::Ideas,
                to: Phase::Ideas,
            },
            Detail::OnlyDuring {
                from: Phase::Pairs,
                to: Phase::Plenary,
            },
            Detail::PhaseOver {
                phase: Phase::Pairs,
            },
            Detail::OwnOnly { what: Owned::Ideas },
            Detail::OwnOnly {
                what: Owned::PanelCards,
            },
            Detail::OwnOnly {
                what: Owned::Stickers,
            },
            Detail::OwnOnly { what: Owned::Group },
            Detail::TakenOff,
        ];
        for lang in Lang::ALL {
            for d in &all {
                let said = detail(lang, d);
                assert!(!said.contains('{'), "{lang:?}: {said}");
                if lang == Lang::Fr {
                    assert!(!crate::i18n::tests::french_spacing_fault(&said), "{said}");
                }
            }
        }
        assert_eq!(
            detail(Lang::En, &all[0]),
            "Pair 1 already keeps 4 of 4 cards; unmark one first"
        );
        assert!(detail(Lang::Fr, &all[0]).starts_with("Binôme 1 garde déjà 4 cartes sur 4"));
        assert!(detail(Lang::It, &all[0]).starts_with("Coppia 1 tiene già 4 schede su 4"));
    }

    #[test]
    fn every_code_has_its_sentence_in_every_language() {
        for lang in Lang::ALL {
            let sentences: std::collections::HashSet<&str> = RejectionCode::ALL
                .into_iter()
                .map(|code| refusal(lang, code))
                .collect();
            assert_eq!(
                sentences.len(),
                RejectionCode::ALL.len(),
                "{lang:?}: one sentence a code"
            );
            assert!(sentences.iter().all(|s| s.ends_with('.')));
        }
    }
}
