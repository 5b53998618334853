//! Why a command was refused, in each language: one sentence per stable rejection code.
//! The server's own message (English, and more precise) stays for scripts and for English
//! screens; these are what French and Italian screens show.

use crate::lang::Lang;
use crate::rejection::RejectionCode;

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

        (Lang::Fr, Invalid) => "Ce n'est pas valide ; vérifiez ce que vous avez saisi.",
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
            "Votre groupe garde déjà autant de cartes que possible ; retirez-en une d'abord."
        }
        (Lang::Fr, QuotaNotMet) => {
            "Votre groupe doit garder exactement son nombre de cartes avant d'avoir terminé."
        }
        (Lang::Fr, GroupDone) => {
            "Votre groupe a indiqué avoir terminé ; rouvrez-le pour modifier ses cartes."
        }
        (Lang::Fr, NoTimer) => "Il n'y a pas de minuteur à modifier.",
        (Lang::Fr, Unavailable) => "Le serveur n'a pas pu l'enregistrer ; réessayez.",

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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
