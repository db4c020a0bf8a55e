//! The pathway of a new RSA beneficiary in the SPIE, as a typed status machine.
//!
//! Entry into the RSA → invitation to the orientation interview → appointment (held, missed,
//! excused, cancelled) → orientation decision (professionnel, socio-professionnel, social) and
//! referent → contrat d'engagement → actions → return to work → exit. A re-orientation is possible
//! at any point after a first decision. Each status has a French label and a "what happens next"
//! text written for the person; transitions that make no sense are refused with a clear message.
//!
//! Delays: the SPIE aims at an orientation within 30 days of entry; since 1 January 2025 the law
//! requires it within 6 weeks (Décret n° 2024-1244 du 30 décembre 2024, CASF art. R262-65-1).
use serde::{Deserialize, Serialize};

use crate::calendar::Date;

/// Where the person stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathwayStatus {
    /// The file came from the CAF; nothing scheduled yet.
    Entered,
    /// Invited to the orientation interview; no appointment booked yet.
    Invited,
    /// An orientation appointment is booked.
    AppointmentPlanned,
    /// The person did not come to the appointment, without excuse.
    AppointmentMissed,
    /// The interview took place; the decision is being recorded.
    InterviewHeld,
    /// Oriented: pathway and referent decided.
    Oriented,
    /// The contrat d'engagement is signed: accompaniment under way.
    ContractSigned,
    /// Back at work.
    Employed,
    /// Left the RSA or the accompaniment.
    Exited,
}

impl PathwayStatus {
    /// Every status, in pathway order.
    pub const ALL: [PathwayStatus; 9] = [
        PathwayStatus::Entered,
        PathwayStatus::Invited,
        PathwayStatus::AppointmentPlanned,
        PathwayStatus::AppointmentMissed,
        PathwayStatus::InterviewHeld,
        PathwayStatus::Oriented,
        PathwayStatus::ContractSigned,
        PathwayStatus::Employed,
        PathwayStatus::Exited,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            PathwayStatus::Entered => "entered",
            PathwayStatus::Invited => "invited",
            PathwayStatus::AppointmentPlanned => "appointment_planned",
            PathwayStatus::AppointmentMissed => "appointment_missed",
            PathwayStatus::InterviewHeld => "interview_held",
            PathwayStatus::Oriented => "oriented",
            PathwayStatus::ContractSigned => "contract_signed",
            PathwayStatus::Employed => "employed",
            PathwayStatus::Exited => "exited",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<PathwayStatus> {
        PathwayStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Short French label, for the person and for staff.
    pub fn label_fr(self) -> &'static str {
        match self {
            PathwayStatus::Entered => "Votre dossier RSA est ouvert",
            PathwayStatus::Invited => "Vous êtes invité(e) à un rendez-vous d'orientation",
            PathwayStatus::AppointmentPlanned => "Votre rendez-vous d'orientation est prévu",
            PathwayStatus::AppointmentMissed => "Vous n'êtes pas venu(e) au rendez-vous",
            PathwayStatus::InterviewHeld => "Votre rendez-vous d'orientation a eu lieu",
            PathwayStatus::Oriented => "Votre accompagnement est choisi",
            PathwayStatus::ContractSigned => "Votre accompagnement est en cours",
            PathwayStatus::Employed => "Vous avez repris un emploi",
            PathwayStatus::Exited => "Votre accompagnement est terminé",
        }
    }

    /// Short label for staff lists.
    pub fn staff_label_fr(self) -> &'static str {
        match self {
            PathwayStatus::Entered => "À inviter",
            PathwayStatus::Invited => "Invité, sans rendez-vous",
            PathwayStatus::AppointmentPlanned => "Rendez-vous prévu",
            PathwayStatus::AppointmentMissed => "Rendez-vous manqué",
            PathwayStatus::InterviewHeld => "Entretien fait, décision à saisir",
            PathwayStatus::Oriented => "Orienté",
            PathwayStatus::ContractSigned => "Contrat signé",
            PathwayStatus::Employed => "En emploi",
            PathwayStatus::Exited => "Sorti",
        }
    }

    /// What happens next, said to the person.
    pub fn next_step_fr(self) -> &'static str {
        match self {
            PathwayStatus::Entered => {
                "Le Département va vous inviter à un rendez-vous d'orientation. Vous recevrez un courrier, un SMS ou un e-mail avec la date et le lieu."
            }
            PathwayStatus::Invited => {
                "Le Département va vous proposer une date de rendez-vous. Si vous avez reçu une invitation, appelez le numéro indiqué pour choisir votre date."
            }
            PathwayStatus::AppointmentPlanned => {
                "Venez à votre rendez-vous avec une pièce d'identité, votre numéro allocataire et, si vous en avez, votre CV. Le rendez-vous dure environ une heure. Si vous ne pouvez pas venir, prévenez-nous."
            }
            PathwayStatus::AppointmentMissed => {
                "Le rendez-vous d'orientation est obligatoire pour garder le RSA. Appelez-nous vite pour fixer une nouvelle date."
            }
            PathwayStatus::InterviewHeld => {
                "Votre chargé(e) d'orientation enregistre la décision. Vous saurez bientôt qui sera votre référent."
            }
            PathwayStatus::Oriented => {
                "Votre référent va vous contacter pour signer avec vous votre contrat d'engagement (vos objectifs et les actions prévues)."
            }
            PathwayStatus::ContractSigned => {
                "Suivez les actions prévues dans votre contrat et restez en contact avec votre référent. Il fera le point avec vous à la date prévue."
            }
            PathwayStatus::Employed => {
                "Déclarez votre salaire à la CAF chaque trimestre. Votre référent reste disponible si vous avez des questions."
            }
            PathwayStatus::Exited => {
                "Si votre situation change ou si vous touchez à nouveau le RSA, contactez le Département."
            }
        }
    }

    /// The statuses where the orientation decision is still to come (the delays run): the staff
    /// worklist "à orienter", the managers' export filter and the dashboard all use this list.
    pub const AWAITING_ORIENTATION: [PathwayStatus; 5] = [
        PathwayStatus::Entered,
        PathwayStatus::Invited,
        PathwayStatus::AppointmentPlanned,
        PathwayStatus::AppointmentMissed,
        PathwayStatus::InterviewHeld,
    ];

    /// Whether the orientation decision is still to come (the delays run).
    pub fn awaiting_orientation(self) -> bool {
        PathwayStatus::AWAITING_ORIENTATION.contains(&self)
    }

    /// Whether a first orientation decision was taken and still holds: a new decision is then a
    /// re-orientation (a new contract follows), and actions of the contract can be recorded.
    pub fn is_oriented(self) -> bool {
        matches!(
            self,
            PathwayStatus::Oriented | PathwayStatus::ContractSigned | PathwayStatus::Employed
        )
    }

    /// Whether an action of the accompaniment (training, workshop…) can be recorded now.
    pub fn allows_actions(self) -> bool {
        self.is_oriented()
    }

    /// Whether a follow-up or contract appointment (not the orientation one) can be planned.
    pub fn allows_follow_up_appointments(self) -> bool {
        self != PathwayStatus::Exited
    }

    /// `'entered', 'invited', …`: a list of status codes for an SQL `IN (…)`, written from the
    /// rules above so that the database and the core never disagree (the codes are constants, so
    /// nothing typed by a user ever reaches this text).
    pub fn sql_list(statuses: &[PathwayStatus]) -> String {
        statuses
            .iter()
            .map(|s| format!("'{}'", s.code()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The three pathways of the national referential (arrêté du 21 novembre 2024).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    /// Towards employment: no major obstacle, a job project.
    Professionnel,
    /// Employment with social support: obstacles that affect the job search.
    SocioProfessionnel,
    /// Social support first: difficulties that prevent a job search for now.
    Social,
}

impl Orientation {
    /// Every pathway.
    pub const ALL: [Orientation; 3] = [
        Orientation::Professionnel,
        Orientation::SocioProfessionnel,
        Orientation::Social,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Orientation::Professionnel => "professionnel",
            Orientation::SocioProfessionnel => "socio_professionnel",
            Orientation::Social => "social",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Orientation> {
        Orientation::ALL.into_iter().find(|o| o.code() == code)
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            Orientation::Professionnel => "Parcours professionnel (vers l'emploi)",
            Orientation::SocioProfessionnel => {
                "Parcours socio-professionnel (emploi et soutien social)"
            }
            Orientation::Social => "Parcours social (d'abord un soutien social)",
        }
    }
}

/// The organisations that provide the référent unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferentOrganisation {
    /// France Travail (ex Pôle emploi).
    FranceTravail,
    /// Mission locale (people under 26).
    MissionLocale,
    /// Cap emploi (people with a disability).
    CapEmploi,
    /// The département's social services.
    Departement,
    /// Centre communal d'action sociale.
    Ccas,
    /// Plan local pour l'insertion et l'emploi.
    Plie,
    /// Another body approved by the département.
    Autre,
}

impl ReferentOrganisation {
    /// Every organisation.
    pub const ALL: [ReferentOrganisation; 7] = [
        ReferentOrganisation::FranceTravail,
        ReferentOrganisation::MissionLocale,
        ReferentOrganisation::CapEmploi,
        ReferentOrganisation::Departement,
        ReferentOrganisation::Ccas,
        ReferentOrganisation::Plie,
        ReferentOrganisation::Autre,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ReferentOrganisation::FranceTravail => "france_travail",
            ReferentOrganisation::MissionLocale => "mission_locale",
            ReferentOrganisation::CapEmploi => "cap_emploi",
            ReferentOrganisation::Departement => "departement",
            ReferentOrganisation::Ccas => "ccas",
            ReferentOrganisation::Plie => "plie",
            ReferentOrganisation::Autre => "autre",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<ReferentOrganisation> {
        ReferentOrganisation::ALL
            .into_iter()
            .find(|o| o.code() == code)
    }

    /// French name.
    pub fn label_fr(self) -> &'static str {
        match self {
            ReferentOrganisation::FranceTravail => "France Travail",
            ReferentOrganisation::MissionLocale => "Mission locale",
            ReferentOrganisation::CapEmploi => "Cap emploi",
            ReferentOrganisation::Departement => "Services sociaux du Département",
            ReferentOrganisation::Ccas => "CCAS de votre commune",
            ReferentOrganisation::Plie => "PLIE",
            ReferentOrganisation::Autre => "Autre organisme",
        }
    }
}

/// What became of an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// Booked, still to come.
    Planned,
    /// The person came.
    Held,
    /// The person did not come and did not warn.
    Missed,
    /// The person warned they could not come.
    Excused,
    /// Cancelled by the département.
    Cancelled,
}

impl AppointmentStatus {
    /// Every status.
    pub const ALL: [AppointmentStatus; 5] = [
        AppointmentStatus::Planned,
        AppointmentStatus::Held,
        AppointmentStatus::Missed,
        AppointmentStatus::Excused,
        AppointmentStatus::Cancelled,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AppointmentStatus::Planned => "planned",
            AppointmentStatus::Held => "held",
            AppointmentStatus::Missed => "missed",
            AppointmentStatus::Excused => "excused",
            AppointmentStatus::Cancelled => "cancelled",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<AppointmentStatus> {
        AppointmentStatus::ALL
            .into_iter()
            .find(|s| s.code() == code)
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            AppointmentStatus::Planned => "Prévu",
            AppointmentStatus::Held => "Honoré",
            AppointmentStatus::Missed => "Manqué",
            AppointmentStatus::Excused => "Excusé",
            AppointmentStatus::Cancelled => "Annulé",
        }
    }
}

/// What an appointment is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentPurpose {
    /// The orientation interview, which moves the pathway on.
    Orientation,
    /// A follow-up with the referent.
    Suivi,
    /// Signing or reviewing the contrat d'engagement.
    Contrat,
}

impl AppointmentPurpose {
    /// Every purpose.
    pub const ALL: [AppointmentPurpose; 3] = [
        AppointmentPurpose::Orientation,
        AppointmentPurpose::Suivi,
        AppointmentPurpose::Contrat,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            AppointmentPurpose::Orientation => "orientation",
            AppointmentPurpose::Suivi => "suivi",
            AppointmentPurpose::Contrat => "contrat",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<AppointmentPurpose> {
        AppointmentPurpose::ALL
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// French name, as the person reads it in messages and in their timeline.
    pub fn label_fr(self) -> &'static str {
        match self {
            AppointmentPurpose::Orientation => "Rendez-vous d'orientation",
            AppointmentPurpose::Suivi => "Rendez-vous de suivi",
            AppointmentPurpose::Contrat => "Signature du contrat d'engagement",
        }
    }

    /// The status an appointment planned for this purpose leads to, or why it cannot be planned:
    /// the orientation appointment follows the status machine; other appointments leave the
    /// status as it is, once the pathway is open.
    pub fn status_after_planning(
        self,
        from: PathwayStatus,
    ) -> Result<PathwayStatus, TransitionError> {
        match self {
            AppointmentPurpose::Orientation => apply(from, Transition::ScheduleAppointment),
            _ if from.allows_follow_up_appointments() => Ok(from),
            _ => Err(TransitionError {
                from,
                transition: Transition::ScheduleAppointment,
            }),
        }
    }

    /// The status after the outcome of an appointment of this purpose: only the orientation
    /// appointment moves the pathway.
    pub fn status_after_outcome(
        self,
        from: PathwayStatus,
        outcome: AppointmentStatus,
    ) -> Result<PathwayStatus, TransitionError> {
        match (self, outcome) {
            (_, AppointmentStatus::Planned) => Err(TransitionError {
                from,
                transition: Transition::AppointmentOutcome(outcome),
            }),
            (AppointmentPurpose::Orientation, _) => {
                apply(from, Transition::AppointmentOutcome(outcome))
            }
            _ => Ok(from),
        }
    }
}

/// The kinds of actions of the accompaniment staff record on a pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// A training course.
    Formation,
    /// A period of observation in a company (PMSMP).
    Immersion,
    /// A support programme (workshops, coaching…).
    Accompagnement,
    /// A health-related step.
    Sante,
    /// Anything else.
    Autre,
}

impl ActionKind {
    /// Every kind.
    pub const ALL: [ActionKind; 5] = [
        ActionKind::Formation,
        ActionKind::Immersion,
        ActionKind::Accompagnement,
        ActionKind::Sante,
        ActionKind::Autre,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::Formation => "formation",
            ActionKind::Immersion => "immersion",
            ActionKind::Accompagnement => "accompagnement",
            ActionKind::Sante => "sante",
            ActionKind::Autre => "autre",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// French name.
    pub fn label_fr(self) -> &'static str {
        match self {
            ActionKind::Formation => "Formation",
            ActionKind::Immersion => "Immersion en entreprise",
            ActionKind::Accompagnement => "Accompagnement",
            ActionKind::Sante => "Démarche de santé",
            ActionKind::Autre => "Action",
        }
    }
}

/// What may happen to a pathway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// An invitation to the orientation interview was sent.
    Invite,
    /// An orientation appointment was booked.
    ScheduleAppointment,
    /// The orientation appointment's outcome was recorded.
    AppointmentOutcome(AppointmentStatus),
    /// The orientation decision (or a re-orientation) was recorded.
    DecideOrientation,
    /// France Travail oriented the person, the département not having done so within 6 weeks
    /// (CASF D262-65-2): possible at any step before a decision, with or without an interview
    /// here. Whether the 6 weeks have passed is the caller's to check (it needs the dates).
    FranceTravailOrients,
    /// The contrat d'engagement was signed.
    SignContract,
    /// The person went back to work.
    ReturnToWork,
    /// The person left the RSA or the accompaniment.
    Exit,
    /// The person comes back to the RSA after an exit.
    Reenter,
}

impl Transition {
    /// French name of the action ("d'envoyer une invitation"), with the elided preposition French
    /// needs after "Impossible".
    pub fn label_fr(self) -> &'static str {
        match self {
            Transition::Invite => "d'envoyer une invitation",
            Transition::ScheduleAppointment => "de prévoir un rendez-vous d'orientation",
            Transition::AppointmentOutcome(_) => "d'enregistrer le résultat du rendez-vous",
            Transition::DecideOrientation => "d'enregistrer la décision d'orientation",
            Transition::FranceTravailOrients => {
                "d'enregistrer l'orientation décidée par France Travail"
            }
            Transition::SignContract => "d'enregistrer le contrat d'engagement",
            Transition::ReturnToWork => "d'enregistrer une reprise d'emploi",
            Transition::Exit => "d'enregistrer une sortie",
            Transition::Reenter => "de rouvrir le parcours",
        }
    }
}

/// A transition that is not allowed from the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionError {
    /// The status the pathway is in.
    pub from: PathwayStatus,
    /// What was attempted.
    pub transition: Transition,
}

impl TransitionError {
    /// A French message for staff.
    pub fn message_fr(&self) -> String {
        let hint = match (self.from, self.transition) {
            (PathwayStatus::Exited, _) => " Rouvrez d'abord le parcours.",
            (_, Transition::SignContract) => " Il faut d'abord une décision d'orientation.",
            (_, Transition::DecideOrientation) => {
                " Il faut d'abord un rendez-vous d'orientation honoré (ou prévu, si la décision est prise pendant l'entretien)."
            }
            (_, Transition::AppointmentOutcome(AppointmentStatus::Planned)) => {
                " Un rendez-vous prévu n'est pas un résultat."
            }
            (_, Transition::AppointmentOutcome(_)) => {
                " Aucun rendez-vous d'orientation n'est prévu."
            }
            _ => "",
        };
        format!(
            "Impossible {} : le parcours en est à l'étape « {} ».{hint}",
            self.transition.label_fr(),
            self.from.staff_label_fr()
        )
    }
}

impl std::fmt::Display for TransitionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_fr())
    }
}

impl std::error::Error for TransitionError {}

/// The status after `transition`, or why it is refused.
pub fn apply(
    from: PathwayStatus,
    transition: Transition,
) -> Result<PathwayStatus, TransitionError> {
    use AppointmentStatus as A;
    use PathwayStatus as S;
    use Transition as T;
    let to = match (from, transition) {
        (S::Exited, T::Reenter) => Some(S::Entered),
        (S::Exited, _) | (_, T::Reenter) => None,
        (_, T::Exit) => Some(S::Exited),
        (S::Entered | S::Invited | S::AppointmentMissed, T::Invite) => Some(S::Invited),
        (
            S::Entered | S::Invited | S::AppointmentMissed | S::AppointmentPlanned,
            T::ScheduleAppointment,
        ) => Some(S::AppointmentPlanned),
        (S::AppointmentPlanned, T::AppointmentOutcome(outcome)) => match outcome {
            A::Held => Some(S::InterviewHeld),
            A::Missed => Some(S::AppointmentMissed),
            // The person warned, or we cancelled: a new appointment is needed.
            A::Excused | A::Cancelled => Some(S::Invited),
            A::Planned => None,
        },
        // The decision is often taken during the interview: from a planned appointment too.
        (S::AppointmentPlanned | S::InterviewHeld, T::DecideOrientation) => Some(S::Oriented),
        // Re-orientation: a new decision after a first one; a new contract will follow.
        (S::Oriented | S::ContractSigned | S::Employed, T::DecideOrientation) => Some(S::Oriented),
        (
            S::Entered
            | S::Invited
            | S::AppointmentPlanned
            | S::AppointmentMissed
            | S::InterviewHeld,
            T::FranceTravailOrients,
        ) => Some(S::Oriented),
        (S::Oriented | S::ContractSigned, T::SignContract) => Some(S::ContractSigned),
        (S::Oriented | S::ContractSigned | S::Employed, T::ReturnToWork) => Some(S::Employed),
        _ => None,
    };
    to.ok_or(TransitionError { from, transition })
}

/// The transitions allowed from `from` (for the buttons staff see).
pub fn allowed(from: PathwayStatus) -> Vec<Transition> {
    let all = [
        Transition::Invite,
        Transition::ScheduleAppointment,
        Transition::AppointmentOutcome(AppointmentStatus::Held),
        Transition::AppointmentOutcome(AppointmentStatus::Missed),
        Transition::AppointmentOutcome(AppointmentStatus::Excused),
        Transition::AppointmentOutcome(AppointmentStatus::Cancelled),
        Transition::DecideOrientation,
        Transition::SignContract,
        Transition::ReturnToWork,
        Transition::Exit,
        Transition::Reenter,
    ];
    all.into_iter()
        .filter(|t| apply(from, *t).is_ok())
        .collect()
}

/// The SPIE's target: an orientation within 30 days of entry.
pub const SPIE_TARGET_DAYS: i64 = 30;
/// The legal delay since 1 January 2025: 6 weeks (Décret n° 2024-1244 du 30 décembre 2024).
pub const LEGAL_DELAY_DAYS: i64 = 42;

/// Days between entry into the RSA and orientation (or today, while waiting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delays {
    /// Days since entry, today.
    pub days_since_entry: i64,
    /// Days from entry to the orientation decision, once taken.
    pub orientation_days: Option<i64>,
    /// Whether the 30-day target is (still) met.
    pub within_target: bool,
    /// Whether the 6-week legal delay is (still) met.
    pub within_legal: bool,
}

impl Delays {
    /// Delays for a person who entered on `entry`, oriented on `oriented_on` if so, seen `today`.
    pub fn compute(entry: Date, oriented_on: Option<Date>, today: Date) -> Delays {
        let days_since_entry = today.days_since(entry).max(0);
        let orientation_days = oriented_on.map(|d| d.days_since(entry).max(0));
        let reference = orientation_days.unwrap_or(days_since_entry);
        Delays {
            days_since_entry,
            orientation_days,
            within_target: reference <= SPIE_TARGET_DAYS,
            within_legal: reference <= LEGAL_DELAY_DAYS,
        }
    }
}

impl PathwayStatus {
    /// What staff do next for the person (French, about the person: staff screens speak about
    /// the person, not to them).
    pub fn staff_next_fr(self) -> &'static str {
        match self {
            PathwayStatus::Entered => "Inviter la personne au rendez-vous d'orientation.",
            PathwayStatus::Invited => "Prévoir son rendez-vous d'orientation.",
            PathwayStatus::AppointmentPlanned => {
                "Une fois l'heure passée, enregistrer si la personne est venue."
            }
            PathwayStatus::AppointmentMissed => {
                "Recontacter la personne et prévoir une nouvelle date."
            }
            PathwayStatus::InterviewHeld => {
                "Saisir la décision d'orientation et le nom de son référent."
            }
            PathwayStatus::Oriented => {
                "Son référent signe avec elle le contrat d'engagement (dans le mois)."
            }
            PathwayStatus::ContractSigned => {
                "Suivre son plan d'action et revoir le contrat à la date prévue."
            }
            PathwayStatus::Employed => {
                "Suivre sa reprise d'emploi et les aides qui s'y rattachent."
            }
            PathwayStatus::Exited => "Rouvrir le parcours si la personne revient au RSA.",
        }
    }
}

/// When the département's offices receive people: Monday to Friday, appointments starting from
/// 8:30 to 17:30 (minutes of the day). Outside them an appointment is possible (a home visit, a
/// late shift) but must be confirmed: a slip of the hour field would otherwise send an SMS
/// inviting someone on a Sunday at 23:30.
pub const RECEPTION_FIRST_START: u16 = 8 * 60 + 30;
/// The last time an appointment may start without confirmation.
pub const RECEPTION_LAST_START: u16 = 17 * 60 + 30;

/// Why an appointment's time needs a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnusualSlot {
    /// A Saturday or a Sunday.
    Weekend,
    /// Before 8:30 or after 17:30.
    OutsideHours,
}

impl UnusualSlot {
    /// What staff are asked to confirm, in French.
    pub fn label_fr(self) -> &'static str {
        match self {
            UnusualSlot::Weekend => "Ce rendez-vous tombe un week-end.",
            UnusualSlot::OutsideHours => {
                "Ce rendez-vous est en dehors des heures d'accueil (8 h 30 – 17 h 30)."
            }
        }
    }
}

/// Whether an appointment on `day` at `hour`:`minute` (Paris time) is outside the usual
/// reception times.
pub fn unusual_slot(day: Date, hour: u8, minute: u8) -> Option<UnusualSlot> {
    let at = u16::from(hour) * 60 + u16::from(minute);
    if day.days_from_monday() >= 5 {
        Some(UnusualSlot::Weekend)
    } else if !(RECEPTION_FIRST_START..=RECEPTION_LAST_START).contains(&at) {
        Some(UnusualSlot::OutsideHours)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_and_late_hours_need_a_confirmation() {
        // 2026-12-07 is a Monday.
        let monday = Date::ymd(2026, 12, 7);
        assert_eq!(monday.days_from_monday(), 0);
        assert_eq!(unusual_slot(monday, 9, 0), None);
        assert_eq!(unusual_slot(monday, 8, 30), None);
        assert_eq!(unusual_slot(monday, 17, 30), None);
        assert_eq!(unusual_slot(monday, 8, 29), Some(UnusualSlot::OutsideHours));
        assert_eq!(
            unusual_slot(monday, 23, 30),
            Some(UnusualSlot::OutsideHours)
        );
        assert_eq!(
            unusual_slot(monday.add_days(5), 10, 0),
            Some(UnusualSlot::Weekend)
        );
        assert_eq!(
            unusual_slot(monday.add_days(6), 23, 30),
            Some(UnusualSlot::Weekend)
        );
        assert_eq!(unusual_slot(monday.add_days(7), 10, 0), None);
    }

    #[test]
    fn the_usual_pathway() {
        let mut s = PathwayStatus::Entered;
        for t in [
            Transition::Invite,
            Transition::ScheduleAppointment,
            Transition::AppointmentOutcome(AppointmentStatus::Held),
            Transition::DecideOrientation,
            Transition::SignContract,
            Transition::ReturnToWork,
            Transition::Exit,
            Transition::Reenter,
        ] {
            s = apply(s, t).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(s, PathwayStatus::Entered);
    }

    #[test]
    fn missed_then_invited_again() {
        let s = apply(
            PathwayStatus::AppointmentPlanned,
            Transition::AppointmentOutcome(AppointmentStatus::Missed),
        )
        .unwrap();
        assert_eq!(s, PathwayStatus::AppointmentMissed);
        assert_eq!(
            apply(s, Transition::Invite).unwrap(),
            PathwayStatus::Invited
        );
        assert_eq!(
            apply(s, Transition::ScheduleAppointment).unwrap(),
            PathwayStatus::AppointmentPlanned
        );
        let excused = apply(
            PathwayStatus::AppointmentPlanned,
            Transition::AppointmentOutcome(AppointmentStatus::Excused),
        );
        assert_eq!(excused.unwrap(), PathwayStatus::Invited);
    }

    #[test]
    fn refused_transitions_say_why_in_french() {
        let e = apply(PathwayStatus::Entered, Transition::SignContract).unwrap_err();
        assert_eq!(
            e.message_fr(),
            "Impossible d'enregistrer le contrat d'engagement : le parcours en est à l'étape « À inviter ». Il faut d'abord une décision d'orientation."
        );
        assert!(apply(PathwayStatus::Exited, Transition::Invite).is_err());
        assert!(
            apply(
                PathwayStatus::Invited,
                Transition::AppointmentOutcome(AppointmentStatus::Held)
            )
            .is_err()
        );
        assert!(
            apply(
                PathwayStatus::AppointmentPlanned,
                Transition::AppointmentOutcome(AppointmentStatus::Planned)
            )
            .is_err()
        );
    }

    #[test]
    fn france_travail_orients_from_any_step_before_a_decision_and_only_then() {
        for s in PathwayStatus::ALL {
            let got = apply(s, Transition::FranceTravailOrients);
            if s.awaiting_orientation() {
                assert_eq!(got, Ok(PathwayStatus::Oriented), "{s:?}");
            } else {
                assert!(got.is_err(), "{s:?}");
            }
        }
        // Not a button staff see: staff record their own decision.
        for s in PathwayStatus::ALL {
            assert!(!allowed(s).contains(&Transition::FranceTravailOrients));
        }
    }

    #[test]
    fn reorientation_is_possible_after_a_decision() {
        for from in [
            PathwayStatus::Oriented,
            PathwayStatus::ContractSigned,
            PathwayStatus::Employed,
        ] {
            assert_eq!(
                apply(from, Transition::DecideOrientation).unwrap(),
                PathwayStatus::Oriented
            );
        }
    }

    #[test]
    fn awaiting_orientation_and_oriented_partition_the_open_statuses() {
        for s in PathwayStatus::ALL {
            let open = s != PathwayStatus::Exited;
            assert_eq!(
                s.awaiting_orientation() || s.is_oriented(),
                open,
                "{s:?} is open but neither waiting nor oriented"
            );
            assert!(!(s.awaiting_orientation() && s.is_oriented()));
            // A decision from an oriented status is a re-orientation, and only from there.
            if s.is_oriented() {
                assert_eq!(
                    apply(s, Transition::DecideOrientation),
                    Ok(PathwayStatus::Oriented)
                );
            }
        }
        assert_eq!(
            PathwayStatus::sql_list(&PathwayStatus::AWAITING_ORIENTATION),
            "'entered', 'invited', 'appointment_planned', 'appointment_missed', 'interview_held'"
        );
    }

    #[test]
    fn only_the_orientation_appointment_moves_the_pathway() {
        use AppointmentPurpose as P;
        assert_eq!(
            P::Orientation.status_after_planning(PathwayStatus::Entered),
            Ok(PathwayStatus::AppointmentPlanned)
        );
        assert_eq!(
            P::Suivi.status_after_planning(PathwayStatus::ContractSigned),
            Ok(PathwayStatus::ContractSigned)
        );
        assert!(
            P::Contrat
                .status_after_planning(PathwayStatus::Exited)
                .is_err()
        );
        assert!(
            P::Orientation
                .status_after_planning(PathwayStatus::Oriented)
                .is_err()
        );
        assert_eq!(
            P::Orientation
                .status_after_outcome(PathwayStatus::AppointmentPlanned, AppointmentStatus::Held),
            Ok(PathwayStatus::InterviewHeld)
        );
        assert_eq!(
            P::Suivi.status_after_outcome(PathwayStatus::Oriented, AppointmentStatus::Missed),
            Ok(PathwayStatus::Oriented)
        );
        assert!(
            P::Suivi
                .status_after_outcome(PathwayStatus::Oriented, AppointmentStatus::Planned)
                .is_err()
        );
        for p in P::ALL {
            assert_eq!(P::from_code(p.code()), Some(p));
        }
    }

    #[test]
    fn codes_round_trip_and_labels_are_french() {
        for s in PathwayStatus::ALL {
            assert_eq!(PathwayStatus::from_code(s.code()), Some(s));
            assert!(!s.label_fr().is_empty() && !s.next_step_fr().is_empty());
        }
        for o in Orientation::ALL {
            assert_eq!(Orientation::from_code(o.code()), Some(o));
        }
        for r in ReferentOrganisation::ALL {
            assert_eq!(ReferentOrganisation::from_code(r.code()), Some(r));
        }
        for a in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::from_code(a.code()), Some(a));
        }
    }

    #[test]
    fn delays_against_30_days_and_6_weeks() {
        let entry = Date::ymd(2026, 1, 1);
        let d = Delays::compute(entry, None, Date::ymd(2026, 1, 31));
        assert_eq!(d.days_since_entry, 30);
        assert!(d.within_target && d.within_legal);
        let d = Delays::compute(entry, None, Date::ymd(2026, 2, 1));
        assert!(!d.within_target && d.within_legal);
        let d = Delays::compute(entry, None, Date::ymd(2026, 2, 12));
        assert_eq!(d.days_since_entry, 42);
        assert!(d.within_legal);
        let d = Delays::compute(entry, None, Date::ymd(2026, 2, 13));
        assert!(!d.within_legal);
        // Once oriented, the decision's delay counts, not today's.
        let d = Delays::compute(entry, Some(Date::ymd(2026, 1, 20)), Date::ymd(2026, 6, 1));
        assert_eq!(d.orientation_days, Some(19));
        assert!(d.within_target);
    }
}
