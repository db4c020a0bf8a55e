//! "Mes données" (GDPR art. 15): everything the service holds about the signed-in person, on one
//! page and as a download, and who consulted or changed their file (date, role and unit — never a
//! staff member's name).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::pathway::PathwayView;

/// A message the service sent to the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    pub sent_label: String,
    /// "SMS" or "E-mail".
    pub channel_label: String,
    pub recipient: String,
    /// The text, or a sentence saying it was erased (codes after 24 hours, the rest after 3 months).
    pub text: String,
    pub status_label: String,
}

/// One line of "who consulted or changed my file".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    pub date_label: String,
    /// "Chargé(e) d'orientation, Boucles de Seine", "Partenaire : France Travail", "Le service".
    pub who: String,
    /// "a consulté votre dossier".
    pub what: String,
}

/// What the service holds about the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalData {
    /// Identity, contacts, household, pathway, appointments, messages with staff, staff notes,
    /// job: the whole file, as staff see it.
    pub file: PathwayView,
    pub sent: Vec<SentMessage>,
    /// What Passerelle will send on its own (invitation, reminders), soonest first.
    pub planned: Vec<crate::pathway::PlannedMessage>,
    pub consultations: Vec<Consultation>,
    /// When online access was blocked after too many wrong codes, if it is.
    pub sign_in_locked_since: Option<String>,
    pub generated_label: String,
}

/// The signed-in beneficiary's data.
#[server(endpoint = "mes-donnees")]
pub async fn my_data() -> Result<PersonalData, AppError> {
    crate::ssr::respond(crate::ssr::my_data::mine().await)
}
