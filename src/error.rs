//! The errors of a simulation, each with a French message that can be shown as it is.
//!
//! A plain enum (no `thiserror`): the core keeps its dependencies to serde. The app maps
//! these to its own error type; `message_fr` is safe to show to a beneficiary.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::household::Person;

/// Why a simulation could not be computed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum SimulationError {
    /// The legal parameters do not go back (or forward) to this month.
    PeriodNotCovered {
        /// The month the rules needed.
        month: Month,
    },
    /// The household has no adult.
    NoAdult,
    /// More than two adults: the RSA household is one person or a couple.
    TooManyAdults,
    /// A couple must have two adults, a single person or single parent one.
    KindMismatch,
    /// An amount, job or resource refers to the second adult of a one-adult household.
    UnknownPerson {
        /// The person referred to.
        person: Person,
    },
    /// An adult has neither a birth date nor an age.
    MissingBirth {
        /// 0 for the first adult, 1 for the second.
        adult: usize,
    },
    /// An amount is negative.
    NegativeAmount {
        /// Which field, in French (e.g. "salaire").
        field: String,
    },
    /// An amount is above 10 million euros a month: surely a typing mistake.
    AmountTooLarge {
        /// Which field, in French.
        field: String,
    },
    /// A job or a resource ends before it starts.
    EndBeforeStart,
    /// A previous salary is dated on or after the start of the new job.
    PreviousSalaryNotBeforeJob {
        /// The month given.
        month: Month,
    },
    /// The projection asks for no month, or too many.
    HorizonOutOfRange,
}

impl SimulationError {
    /// A short French message ("vous", plain words).
    pub fn message_fr(&self) -> String {
        match self {
            SimulationError::PeriodNotCovered { month } => format!(
                "Nous ne pouvons pas calculer pour {} : les montants légaux connus commencent en avril 2019.",
                month.label_fr()
            ),
            SimulationError::NoAdult => "Indiquez au moins un adulte dans le foyer.".to_string(),
            SimulationError::TooManyAdults => {
                "Un foyer compte au plus deux adultes : vous et votre conjoint.".to_string()
            }
            SimulationError::KindMismatch => {
                "Un couple compte deux adultes ; une personne seule, un seul.".to_string()
            }
            SimulationError::UnknownPerson { .. } => {
                "Une ressource est indiquée pour un conjoint, mais le foyer n'a qu'un adulte."
                    .to_string()
            }
            SimulationError::MissingBirth { adult } => format!(
                "Indiquez la date de naissance ou l'âge {}.",
                if *adult == 0 {
                    "du demandeur"
                } else {
                    "du conjoint"
                }
            ),
            SimulationError::NegativeAmount { field } => {
                format!("Le montant « {field} » ne peut pas être négatif.")
            }
            SimulationError::AmountTooLarge { field } => {
                format!("Le montant « {field} » est trop élevé. Vérifiez-le.")
            }
            SimulationError::EndBeforeStart => {
                "Une date de fin est avant la date de début.".to_string()
            }
            SimulationError::PreviousSalaryNotBeforeJob { month } => format!(
                "Le salaire de {} est indiqué comme ancien salaire, mais il n'est pas avant le début du nouvel emploi.",
                month.label_fr()
            ),
            SimulationError::HorizonOutOfRange => {
                "La durée de la projection doit être comprise entre 1 et 24 mois.".to_string()
            }
        }
    }
}

impl fmt::Display for SimulationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_fr())
    }
}

impl std::error::Error for SimulationError {}
