//! The obligations of a person receiving the RSA since the loi "pour le plein emploi" (loi
//! n° 2023-1196 du 18 décembre 2023), as dated parameters, deadlines, the action plan of the
//! contrat d'engagement, and the **suspension-remobilisation** procedure as a status machine
//! beside the pathway (a person under suspension stays "contrat signé").
//!
//! Every figure is a [`Parameter`] with its legal source, like the amounts. The procedure's rules
//! are enforced here, once, for the server and the browser:
//! - a sanction is never decided before the person could answer: the notice is sent, and then the
//!   observations arrived, the person was heard, or the 10 days after receipt have passed;
//! - "no sanction" can be decided at any step before a decision (it only helps the person);
//! - a removal (suppression) needs the opinion of the équipe pluridisciplinaire first;
//! - rates and months stay within what the texts allow, with the 50 % cap for the households the
//!   texts protect.
//!
//! Not modelled, on purpose: any repayment of the suspended amounts once the person complies. The
//! texts checked in December 2026 do not promise it, so Passerelle does not either.
use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::money::{Cents, Fx, Rate};
use crate::params::{Dated, Parameter};

const fn d<T>(year: i32, month: u8, value: T, source: &'static str) -> Dated<T> {
    Dated {
        from: Month::ym(year, month),
        value,
        source,
    }
}

/// Days the président du conseil départemental has to orient a person, from the day the
/// département's services **receive** the CAF's information on the opening of the right. When
/// the deadline passes, France Travail orients the person.
pub const ORIENTATION_DAYS: Parameter<u32> = Parameter {
    code: "obligations.delai_orientation_jours",
    label_fr: "Délai d'orientation (jours, à compter de la réception de l'information de la CAF)",
    entries: &[d(
        2025,
        1,
        42,
        "CASF art. D262-65-2 (décret n° 2024-1244 du 30 décembre 2024, art. 2)",
    )],
};

/// Months to sign the contrat d'engagement after the notification of the orientation; a new
/// orientation starts a new period.
pub const CONTRACT_MONTHS: Parameter<u32> = Parameter {
    code: "obligations.delai_contrat_mois",
    label_fr: "Délai de signature du contrat d'engagement (mois, après la notification de l'orientation)",
    entries: &[d(
        2025,
        1,
        1,
        "Code du travail art. D5411-14-1 (décret n° 2024-1244 du 30 décembre 2024)",
    )],
};

/// Days the person has, from the receipt of the notice, to send written observations or ask to
/// be heard.
pub const NOTICE_ANSWER_DAYS: Parameter<u32> = Parameter {
    code: "obligations.delai_reponse_jours",
    label_fr: "Délai pour présenter des observations (jours, à compter de la réception du courrier)",
    entries: &[d(
        2025,
        6,
        10,
        "Décret n° 2025-478 du 30 mai 2025, article du CASF sur la procédure contradictoire (Légifrance LEGIARTI000051678976)",
    )],
};

/// Hours of activity a week in the action plan, as the norm; adapted to the person's situation.
pub const WEEKLY_HOURS_NORM: Parameter<u32> = Parameter {
    code: "obligations.heures_hebdomadaires",
    label_fr: "Durée hebdomadaire d'activité prévue par le plan d'action (norme, adaptée à la personne)",
    entries: &[d(
        2025,
        1,
        15,
        "Code du travail art. L5411-6 (loi n° 2023-1196 du 18 décembre 2023, art. 2)",
    )],
};

/// The legal working time: an action plan never asks more hours a week.
pub const WEEKLY_HOURS_MAX: Parameter<u32> = Parameter {
    code: "obligations.heures_hebdomadaires_max",
    label_fr: "Durée hebdomadaire maximale (durée légale du travail)",
    entries: &[d(2025, 1, 35, "Code du travail art. L3121-27 et L5411-6")],
};

/// The smallest share of the RSA a suspension withholds.
pub const SUSPENSION_FLOOR: Parameter<Rate> = Parameter {
    code: "obligations.taux_suspension_minimum",
    label_fr: "Part minimale du RSA suspendue",
    entries: &[d(
        2025,
        6,
        Rate::ppm(300_000),
        "CASF art. R262-68 (décret n° 2025-478 du 30 mai 2025)",
    )],
};

/// The largest share withheld from a household of more than one person or receiving the
/// single-parent majoration.
pub const SUSPENSION_CAP_SHARED: Parameter<Rate> = Parameter {
    code: "obligations.taux_suspension_plafond_foyer",
    label_fr: "Part maximale suspendue (foyer de plusieurs personnes ou RSA majoré)",
    entries: &[d(
        2025,
        6,
        Rate::ppm(500_000),
        "CASF art. R262-68-6 (décret n° 2025-478 du 30 mai 2025)",
    )],
};

/// Months of suspension for a first breach: at least…
pub const FIRST_BREACH_MIN_MONTHS: Parameter<u8> = Parameter {
    code: "obligations.mois_premier_manquement_min",
    label_fr: "Durée minimale d'une suspension (premier manquement, mois)",
    entries: &[d(2025, 6, 1, "CASF art. R262-68 1° et R262-68-1 1°")],
};

/// …and at most.
pub const FIRST_BREACH_MAX_MONTHS: Parameter<u8> = Parameter {
    code: "obligations.mois_premier_manquement_max",
    label_fr: "Durée maximale d'une suspension (premier manquement, mois)",
    entries: &[d(2025, 6, 2, "CASF art. R262-68 1° et R262-68-1 1°")],
};

/// Months for a persistent or repeated breach: at most (at least one).
pub const REPEATED_BREACH_MAX_MONTHS: Parameter<u8> = Parameter {
    code: "obligations.mois_manquement_repete_max",
    label_fr: "Durée maximale (manquement persistant ou répété, mois)",
    entries: &[d(
        2025,
        6,
        4,
        "CASF art. R262-68 2° et R262-68-1 2° (loi : art. L262-37 II)",
    )],
};

/// Months after the signature (or revision) of the contract of a social pathway, after which
/// the situation is reviewed.
pub const SOCIAL_REVIEW_MONTHS: Parameter<u8> = Parameter {
    code: "obligations.reexamen_social_mois",
    label_fr: "Réexamen d'une orientation sociale (mois)",
    entries: &[d(2025, 1, 6, "CASF art. L262-31 et D262-65-2-1")],
};

/// …extended for the vulnerabilities the texts list.
pub const SOCIAL_REVIEW_EXTENDED_MONTHS: Parameter<u8> = Parameter {
    code: "obligations.reexamen_social_prolonge_mois",
    label_fr: "Réexamen d'une orientation sociale, délai prolongé (mois)",
    entries: &[d(2025, 1, 12, "CASF art. D262-65-2-1")],
};

/// People accompanied before 2025 must have a contrat d'engagement by this day.
pub const PRE_2025_CONTRACT_DEADLINE: Date = Date::ymd(2027, 1, 1);

/// Source of [`PRE_2025_CONTRACT_DEADLINE`].
pub const PRE_2025_CONTRACT_SOURCE: &str = "Loi n° 2023-1196 du 18 décembre 2023, art. 2 IV (deux ans à compter du 1er janvier 2025 ; 1er janvier 2028 outre-mer, décret n° 2025-816)";

/// The first day of the law's contracts: a contract signed before it is an older CER or PPAE.
pub const LAW_IN_FORCE: Date = Date::ymd(2025, 1, 1);

/// Until an arrêté sets another basis (at the latest on this day), the rate applies to the RSA
/// due for the last month of the reference quarter rather than to each month's amount (décret
/// n° 2025-478 du 30 mai 2025, art. 12 I).
pub const AMOUNT_BASIS_CHANGE_LATEST: Date = Date::ymd(2027, 7, 1);

/// The parameter tables of this module, for the staff's parameters page.
pub fn parameter_codes() -> [&'static str; 12] {
    [
        ORIENTATION_DAYS.code,
        CONTRACT_MONTHS.code,
        NOTICE_ANSWER_DAYS.code,
        WEEKLY_HOURS_NORM.code,
        WEEKLY_HOURS_MAX.code,
        SUSPENSION_FLOOR.code,
        SUSPENSION_CAP_SHARED.code,
        FIRST_BREACH_MIN_MONTHS.code,
        FIRST_BREACH_MAX_MONTHS.code,
        REPEATED_BREACH_MAX_MONTHS.code,
        SOCIAL_REVIEW_MONTHS.code,
        SOCIAL_REVIEW_EXTENDED_MONTHS.code,
    ]
}

/// The value in force on `on`; the tables start with the law, and a day before it uses the first
/// row (these rules are only asked about for today's files).
fn at<T: Copy>(p: &Parameter<T>, on: Date) -> T {
    p.value_at(on.month()).unwrap_or_else(|| p.entries[0].value)
}

// ---------------------------------------------------------------------------------------------
// Deadlines
// ---------------------------------------------------------------------------------------------

/// The day the orientation is due: 6 weeks after the département received the CAF's information.
pub fn orientation_due(caf_information_received: Date) -> Date {
    caf_information_received.add_days(i64::from(at(&ORIENTATION_DAYS, caf_information_received)))
}

/// Orientations whose CAF information arrived before this day are past their 6 weeks on `today`
/// (the staff worklist of late orientations).
pub fn orientation_late_if_received_before(today: Date) -> Date {
    today.add_days(-i64::from(at(&ORIENTATION_DAYS, today)))
}

/// The day the contract is due: one month after the notification of the **latest** orientation
/// (a re-orientation starts a new month). `None` without any orientation.
pub fn contract_due(orientation_notifications: &[Date]) -> Option<Date> {
    let latest = orientation_notifications.iter().max().copied()?;
    Some(latest.add_months(at(&CONTRACT_MONTHS, latest) as i32))
}

/// The day a social pathway is reviewed: 6 months after the contract was signed or revised, or
/// 12 for the situations the texts list (health, disability, housing, childcare…).
pub fn social_review_due(contract_signed_on: Date, extended: bool) -> Date {
    let months = if extended {
        at(&SOCIAL_REVIEW_EXTENDED_MONTHS, contract_signed_on)
    } else {
        at(&SOCIAL_REVIEW_MONTHS, contract_signed_on)
    };
    contract_signed_on.add_months(i32::from(months))
}

/// For a contract signed before 2025 (a CER or PPAE): the day the contrat d'engagement is due.
pub fn pre_2025_contract_due(signed_on: Date) -> Option<Date> {
    (signed_on < LAW_IN_FORCE).then_some(PRE_2025_CONTRACT_DEADLINE)
}

/// The last day to answer a notice received on `received_on`.
pub fn answer_due(received_on: Date) -> Date {
    received_on.add_days(i64::from(at(&NOTICE_ANSWER_DAYS, received_on)))
}

/// Where a deadline stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineState {
    /// More than 7 days left.
    Ahead,
    /// 0 to 7 days left (the deadline day included).
    Soon,
    /// The day has passed.
    Passed,
}

/// Where `due` stands on `today`.
pub fn deadline_state(due: Date, today: Date) -> DeadlineState {
    match due.days_since(today) {
        n if n < 0 => DeadlineState::Passed,
        0..=7 => DeadlineState::Soon,
        _ => DeadlineState::Ahead,
    }
}

// ---------------------------------------------------------------------------------------------
// The action plan of the contrat d'engagement
// ---------------------------------------------------------------------------------------------

/// Why a plan asks fewer hours than the norm (Code du travail L5411-6: adapted to the person's
/// personal and family situation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdaptedHoursReason {
    /// Health.
    Health,
    /// Disability.
    Disability,
    /// Looking after a young child or a child with special needs.
    Childcare,
    /// Caring for a relative.
    Caregiver,
    /// Housing difficulties to settle first.
    Housing,
    /// Another situation, written in the contract.
    Other,
}

impl AdaptedHoursReason {
    /// Every reason.
    pub const ALL: [AdaptedHoursReason; 6] = [
        AdaptedHoursReason::Health,
        AdaptedHoursReason::Disability,
        AdaptedHoursReason::Childcare,
        AdaptedHoursReason::Caregiver,
        AdaptedHoursReason::Housing,
        AdaptedHoursReason::Other,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AdaptedHoursReason::Health => "health",
            AdaptedHoursReason::Disability => "disability",
            AdaptedHoursReason::Childcare => "childcare",
            AdaptedHoursReason::Caregiver => "caregiver",
            AdaptedHoursReason::Housing => "housing",
            AdaptedHoursReason::Other => "other",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<AdaptedHoursReason> {
        AdaptedHoursReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// Staff's label.
    pub fn label_fr(self) -> &'static str {
        match self {
            AdaptedHoursReason::Health => "Santé",
            AdaptedHoursReason::Disability => "Handicap",
            AdaptedHoursReason::Childcare => "Garde d'enfant",
            AdaptedHoursReason::Caregiver => "Aide à un proche",
            AdaptedHoursReason::Housing => "Logement à régler d'abord",
            AdaptedHoursReason::Other => "Autre situation",
        }
    }
}

/// One activity of the action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// What it is ("Atelier CV", "Formation aide-soignant"…), as the contract writes it.
    pub label: String,
    /// Hours a week.
    pub hours_per_week: u32,
}

/// Why an action plan cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanError {
    /// An activity without a name.
    EmptyLabel,
    /// An activity with no hours.
    NoHours,
    /// More hours a week than the legal working time.
    AboveLegalTime {
        /// The plan's total.
        total: u32,
        /// The maximum.
        max: u32,
    },
    /// Under the norm, the contract must say why.
    ReasonNeeded {
        /// The plan's total.
        total: u32,
        /// The norm.
        norm: u32,
    },
}

impl PlanError {
    /// French message for staff.
    pub fn message_fr(&self) -> String {
        match self {
            PlanError::EmptyLabel => "Donnez un nom à chaque activité du plan.".into(),
            PlanError::NoHours => {
                "Indiquez le nombre d'heures par semaine de chaque activité (au moins 1).".into()
            }
            PlanError::AboveLegalTime { total, max } => format!(
                "Le plan prévoit {total} h par semaine : c'est plus que la durée légale du travail ({max} h)."
            ),
            PlanError::ReasonNeeded { total, norm } => format!(
                "Le plan prévoit {total} h par semaine, moins que {norm} h : indiquez la raison (santé, garde d'enfant…)."
            ),
        }
    }
}

/// A checked action plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionPlan {
    /// The activities.
    pub activities: Vec<Activity>,
    /// Why the hours are adapted, when below the norm.
    pub adapted_reason: Option<AdaptedHoursReason>,
}

impl ActionPlan {
    /// Checks a plan against the norm in force on `signed_on`: every activity has a name and
    /// hours, the total stays within the legal working time, and under the norm the reason is
    /// said. A reason given for a plan at or above the norm is dropped (it would mislead).
    pub fn new(
        activities: Vec<Activity>,
        adapted_reason: Option<AdaptedHoursReason>,
        signed_on: Date,
    ) -> Result<ActionPlan, PlanError> {
        for a in &activities {
            if a.label.trim().is_empty() {
                return Err(PlanError::EmptyLabel);
            }
            if a.hours_per_week == 0 {
                return Err(PlanError::NoHours);
            }
        }
        let total: u32 = activities.iter().map(|a| a.hours_per_week).sum();
        let max = at(&WEEKLY_HOURS_MAX, signed_on);
        if total > max {
            return Err(PlanError::AboveLegalTime { total, max });
        }
        let norm = at(&WEEKLY_HOURS_NORM, signed_on);
        let adapted_reason = if total < norm {
            Some(adapted_reason.ok_or(PlanError::ReasonNeeded { total, norm })?)
        } else {
            None
        };
        Ok(ActionPlan {
            activities,
            adapted_reason,
        })
    }

    /// Hours a week, all activities together.
    pub fn weekly_total(&self) -> u32 {
        self.activities.iter().map(|a| a.hours_per_week).sum()
    }
}

// ---------------------------------------------------------------------------------------------
// The suspension-remobilisation procedure
// ---------------------------------------------------------------------------------------------

/// What the person failed to do (CASF L262-37 I).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachKind {
    /// Did not come to appointments with the référent.
    MissedAppointments,
    /// Refused to draw up or update the contrat d'engagement.
    ContractRefused,
    /// Did not carry out the action plan.
    PlanNotFollowed,
    /// Did not register, or was removed from France Travail's list.
    NotRegistered,
}

impl BreachKind {
    /// Every kind.
    pub const ALL: [BreachKind; 4] = [
        BreachKind::MissedAppointments,
        BreachKind::ContractRefused,
        BreachKind::PlanNotFollowed,
        BreachKind::NotRegistered,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            BreachKind::MissedAppointments => "missed_appointments",
            BreachKind::ContractRefused => "contract_refused",
            BreachKind::PlanNotFollowed => "plan_not_followed",
            BreachKind::NotRegistered => "not_registered",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<BreachKind> {
        BreachKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            BreachKind::MissedAppointments => "Rendez-vous manqués avec le référent",
            BreachKind::ContractRefused => {
                "Refus d'établir ou de mettre à jour le contrat d'engagement"
            }
            BreachKind::PlanNotFollowed => "Actions du contrat non réalisées",
            BreachKind::NotRegistered => "Pas d'inscription à France Travail",
        }
    }
}

/// Where a procedure stands. A person has at most one open procedure; a closed one stays in the
/// history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SanctionStage {
    /// An officer reported a breach; nothing sent to the person yet.
    Reported,
    /// France Travail proposed a sanction (CASF L262-37 IV).
    Proposed,
    /// The notice was sent: the person may answer.
    NoticeSent,
    /// The person sent observations or was heard.
    Answered,
    /// Referred to the équipe pluridisciplinaire (needed before any removal).
    Referred,
    /// A suspension (or removal) was decided and runs.
    Decided,
    /// Closed without sanction.
    NoSanction,
    /// The suspension was lifted because the person complied again.
    Lifted,
    /// The suspension ran its months.
    Ended,
}

impl SanctionStage {
    /// Every stage, in order.
    pub const ALL: [SanctionStage; 9] = [
        SanctionStage::Reported,
        SanctionStage::Proposed,
        SanctionStage::NoticeSent,
        SanctionStage::Answered,
        SanctionStage::Referred,
        SanctionStage::Decided,
        SanctionStage::NoSanction,
        SanctionStage::Lifted,
        SanctionStage::Ended,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            SanctionStage::Reported => "reported",
            SanctionStage::Proposed => "proposed",
            SanctionStage::NoticeSent => "notice_sent",
            SanctionStage::Answered => "answered",
            SanctionStage::Referred => "referred",
            SanctionStage::Decided => "decided",
            SanctionStage::NoSanction => "no_sanction",
            SanctionStage::Lifted => "lifted",
            SanctionStage::Ended => "ended",
        }
    }

    /// Parses a database code.
    pub fn from_code(code: &str) -> Option<SanctionStage> {
        SanctionStage::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the procedure is over.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            SanctionStage::NoSanction | SanctionStage::Lifted | SanctionStage::Ended
        )
    }

    /// Whether a decision is still to come.
    pub fn before_decision(self) -> bool {
        matches!(
            self,
            SanctionStage::Reported
                | SanctionStage::Proposed
                | SanctionStage::NoticeSent
                | SanctionStage::Answered
                | SanctionStage::Referred
        )
    }

    /// Whether the person has been told (a notice, or a France Travail proposal the person was
    /// told of, or a decision): what "Mon parcours" shows. A report only staff know of is not
    /// shown: nothing is decided and the person may never hear of it.
    pub fn shown_to_person(self) -> bool {
        !matches!(self, SanctionStage::Reported | SanctionStage::Proposed)
    }

    /// Staff's label.
    pub fn staff_label_fr(self) -> &'static str {
        match self {
            SanctionStage::Reported => "Manquement signalé",
            SanctionStage::Proposed => "Proposée par France Travail",
            SanctionStage::NoticeSent => "Courrier envoyé, en attente de réponse",
            SanctionStage::Answered => "Réponse reçue",
            SanctionStage::Referred => "Transmis à l'équipe pluridisciplinaire",
            SanctionStage::Decided => "Suspension en cours",
            SanctionStage::NoSanction => "Sans sanction",
            SanctionStage::Lifted => "Suspension levée",
            SanctionStage::Ended => "Suspension terminée",
        }
    }
}

/// Whether the breach is the first or persistent / repeated (CASF R262-68 and R262-68-1, 1° and
/// 2°; a repetition counts within 24 months, breaches from 1 June 2025 only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recurrence {
    /// First breach: 1 to 2 months.
    First,
    /// Persistent or repeated: 1 to 4 months, removal possible.
    Repeated,
}

/// What the décision does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SanctionKind {
    /// Part of the RSA is suspended, and paid again when it ends.
    Suspension,
    /// Part of the RSA is removed (suppression): needs the équipe pluridisciplinaire's opinion.
    Removal,
}

impl SanctionKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            SanctionKind::Suspension => "suspension",
            SanctionKind::Removal => "removal",
        }
    }

    /// Parses a stable code.
    pub fn from_code(code: &str) -> Option<SanctionKind> {
        [SanctionKind::Suspension, SanctionKind::Removal]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// A sanction, envisaged or decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Sanction {
    /// Suspension or removal.
    pub kind: SanctionKind,
    /// Share of the RSA, in parts per million.
    pub rate: Rate,
    /// Months.
    pub months: u8,
}

/// Who is in the household, for the 50 % cap (CASF R262-68-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CapHousehold {
    /// Persons in the household (adults and dependent children).
    pub persons: u8,
    /// Whether the RSA is majoré (single parent, pregnancy).
    pub majore: bool,
}

impl CapHousehold {
    /// Whether the 50 % cap protects this household.
    pub fn capped(self) -> bool {
        self.persons > 1 || self.majore
    }

    /// The highest rate a sanction may take for this household on `on`.
    pub fn max_rate(self, on: Date) -> Rate {
        if self.capped() {
            at(&SUSPENSION_CAP_SHARED, on)
        } else {
            Rate::ONE
        }
    }
}

/// Why a sanction cannot be envisaged or decided as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SanctionError {
    /// Below the 30 % floor.
    RateBelowFloor {
        /// The floor.
        floor: Rate,
    },
    /// Above the cap of this household (50 %), or above 100 %.
    RateAboveCap {
        /// The highest rate allowed.
        max: Rate,
        /// Whether the 50 % cap for households of several persons applied.
        household_cap: bool,
    },
    /// Months outside what the recurrence allows.
    Months {
        /// Fewest months.
        min: u8,
        /// Most months.
        max: u8,
    },
    /// A removal for a first breach (R262-68 only allows a suspension).
    RemovalFirstBreach,
}

impl SanctionError {
    /// French message for staff.
    pub fn message_fr(&self) -> String {
        match self {
            SanctionError::RateBelowFloor { floor } => format!(
                "La part suspendue doit être d'au moins {} du RSA.",
                floor.label_fr()
            ),
            SanctionError::RateAboveCap {
                max,
                household_cap: true,
            } => format!(
                "Ce foyer compte plusieurs personnes ou touche le RSA majoré : la part suspendue ne peut pas dépasser {}.",
                max.label_fr()
            ),
            SanctionError::RateAboveCap { max, .. } => {
                format!("La part suspendue ne peut pas dépasser {}.", max.label_fr())
            }
            SanctionError::Months { min, max } => {
                format!("La durée doit être comprise entre {min} et {max} mois.")
            }
            SanctionError::RemovalFirstBreach => {
                "Pour un premier manquement, seule une suspension est possible, pas une suppression."
                    .into()
            }
        }
    }
}

/// Checks a sanction against the texts in force on `on`.
pub fn check_sanction(
    sanction: Sanction,
    recurrence: Recurrence,
    household: CapHousehold,
    on: Date,
) -> Result<Sanction, SanctionError> {
    let floor = at(&SUSPENSION_FLOOR, on);
    if sanction.rate < floor {
        return Err(SanctionError::RateBelowFloor { floor });
    }
    let max = household.max_rate(on);
    if sanction.rate > max {
        return Err(SanctionError::RateAboveCap {
            max,
            household_cap: household.capped(),
        });
    }
    let (min, max_months) = months_allowed(recurrence, on);
    if sanction.months < min || sanction.months > max_months {
        return Err(SanctionError::Months {
            min,
            max: max_months,
        });
    }
    if sanction.kind == SanctionKind::Removal && recurrence == Recurrence::First {
        return Err(SanctionError::RemovalFirstBreach);
    }
    Ok(sanction)
}

/// The months a sanction may last for this recurrence on `on`.
pub fn months_allowed(recurrence: Recurrence, on: Date) -> (u8, u8) {
    let min = at(&FIRST_BREACH_MIN_MONTHS, on);
    match recurrence {
        Recurrence::First => (min, at(&FIRST_BREACH_MAX_MONTHS, on)),
        Recurrence::Repeated => (min, at(&REPEATED_BREACH_MAX_MONTHS, on)),
    }
}

/// The money at stake in a sanction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stake {
    /// The monthly RSA the rate applies to.
    pub basis: Cents,
    /// The rate applied (after the cap).
    pub rate: Rate,
    /// Whether the household's 50 % cap lowered the rate asked.
    pub capped: bool,
    /// Withheld each month.
    pub per_month: Cents,
    /// Months.
    pub months: u8,
    /// Withheld in all.
    pub total: Cents,
    /// What is still paid each month.
    pub still_paid: Cents,
}

/// What a sanction withholds from a monthly RSA of `basis` (the amount the CAF pays, which the
/// rules core computes in [`crate::rsa_for_month`]). A rate above the household's cap is
/// lowered to the cap (a France Travail proposal may ask more than a département may decide) and
/// `capped` says so.
pub fn stake(basis: Cents, sanction: Sanction, household: CapHousehold, on: Date) -> Stake {
    let max = household.max_rate(on);
    let capped = sanction.rate > max;
    let rate = if capped { max } else { sanction.rate };
    let basis = basis.max(Cents::ZERO);
    let per_month = Fx::from_cents(basis).mul_rate(rate).round_cents();
    let total = Cents(per_month.get() * i64::from(sanction.months));
    Stake {
        basis,
        rate,
        capped,
        per_month,
        months: sanction.months,
        total,
        still_paid: Cents(basis.get() - per_month.get()),
    }
}

/// The monthly RSA of `household` in `month` as the rules core computes it (no resources other
/// than those recorded), and who counts for the 50 % cap: the basis of the money at stake when
/// staff do not type the amount the CAF pays.
pub fn basis_for(
    household: &crate::Household,
    month: Month,
) -> Result<(Cents, CapHousehold), crate::SimulationError> {
    let rsa = crate::rsa_for_month(household, month, &[])?;
    let adults = u8::try_from(household.adults.len()).unwrap_or(2);
    Ok((
        rsa.amount,
        CapHousehold {
            persons: adults + rsa.children,
            majore: rsa.majore,
        },
    ))
}

/// Everything the machine needs to know about a procedure to decide what may happen next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Procedure {
    /// Where it stands.
    pub stage: SanctionStage,
    /// The day the person received the notice, as proved (staff record it).
    pub notice_received_on: Option<Date>,
    /// The sanction France Travail proposed, if it did.
    pub proposed: Option<Sanction>,
    /// Whether the notice was sent (a proposal from France Travail may go without one).
    pub notice_sent: bool,
}

/// A step of the procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SanctionAction {
    /// An officer reports a breach (opens a procedure).
    Report,
    /// France Travail proposes a sanction (opens a procedure).
    Propose(Sanction),
    /// The notice is sent.
    SendNotice,
    /// The person's written observations are recorded (by them or by staff).
    RecordObservations,
    /// The person was heard.
    RecordHearing,
    /// The file goes to the équipe pluridisciplinaire.
    Refer,
    /// The manager decides no sanction.
    DecideNone,
    /// The manager decides a sanction.
    Decide(Sanction),
    /// The person complies again: the suspension is lifted.
    Lift,
    /// The suspension ran its months.
    End,
}

impl SanctionAction {
    /// Stable code for the audit log and the forms.
    pub fn code(self) -> &'static str {
        match self {
            SanctionAction::Report => "report",
            SanctionAction::Propose(_) => "propose",
            SanctionAction::SendNotice => "send_notice",
            SanctionAction::RecordObservations => "record_observations",
            SanctionAction::RecordHearing => "record_hearing",
            SanctionAction::Refer => "refer",
            SanctionAction::DecideNone => "decide_none",
            SanctionAction::Decide(_) => "decide",
            SanctionAction::Lift => "lift",
            SanctionAction::End => "end",
        }
    }

    /// Whether this step needs the right to decide (the unit manager's), not only the officer's.
    pub fn needs_decision_right(self) -> bool {
        matches!(
            self,
            SanctionAction::Decide(_)
                | SanctionAction::DecideNone
                | SanctionAction::Lift
                | SanctionAction::End
        )
    }
}

/// Why a step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepError {
    /// A procedure is already open.
    AlreadyOpen,
    /// No open procedure.
    NoneOpen,
    /// The step makes no sense at this stage.
    Stage(SanctionStage),
    /// A sanction before the person could answer: the date until which it stays locked (`None`
    /// when the receipt of the notice is not recorded yet).
    TooEarly(Option<Date>),
    /// A removal without the équipe pluridisciplinaire's opinion.
    RemovalNeedsReferral,
    /// A decision harsher than France Travail's proposal needs a notice first.
    HarsherThanProposed,
}

impl StepError {
    /// French message for staff.
    pub fn message_fr(&self) -> String {
        match self {
            StepError::AlreadyOpen => {
                "Une procédure est déjà en cours pour cette personne : continuez-la.".into()
            }
            StepError::NoneOpen => "Aucune procédure n'est en cours pour cette personne.".into(),
            StepError::Stage(s) => format!(
                "Cette étape n'est pas possible maintenant (procédure : « {} »).",
                s.staff_label_fr()
            ),
            StepError::TooEarly(Some(until)) => format!(
                "La personne a jusqu'au {} pour répondre : la décision est possible ensuite, ou dès que ses observations sont reçues ou qu'elle a été entendue.",
                until.label_fr()
            ),
            StepError::TooEarly(None) => "Enregistrez d'abord la date de réception du courrier : la personne a 10 jours à partir de cette date pour répondre.".into(),
            StepError::RemovalNeedsReferral => "Une suppression demande d'abord l'avis de l'équipe pluridisciplinaire.".into(),
            StepError::HarsherThanProposed => "Cette sanction est plus lourde que celle proposée par France Travail : envoyez d'abord le courrier à la personne pour qu'elle puisse répondre.".into(),
        }
    }
}

impl Procedure {
    /// Whether a sanction may be decided on `today`: the person answered, or was heard, or the
    /// days to answer after the receipt of the notice have passed.
    pub fn decision_unlocked(&self, today: Date) -> Result<(), StepError> {
        match self.stage {
            SanctionStage::Answered => Ok(()),
            _ => match self.notice_received_on {
                Some(received) if today > answer_due(received) => Ok(()),
                Some(received) => Err(StepError::TooEarly(Some(answer_due(received)))),
                None => Err(StepError::TooEarly(None)),
            },
        }
    }
}

/// The stage after `action`, or why it is refused. `current` is the person's open procedure, if
/// any (a closed one counts as none: a new breach opens a new procedure).
pub fn step(
    current: Option<&Procedure>,
    action: SanctionAction,
    today: Date,
) -> Result<SanctionStage, StepError> {
    use SanctionAction as A;
    use SanctionStage as S;
    let open = current.filter(|p| !p.stage.is_closed());
    let Some(p) = open else {
        return match action {
            A::Report => Ok(S::Reported),
            A::Propose(_) => Ok(S::Proposed),
            _ => Err(StepError::NoneOpen),
        };
    };
    let refuse = Err(StepError::Stage(p.stage));
    match (p.stage, action) {
        (_, A::Report | A::Propose(_)) => Err(StepError::AlreadyOpen),
        (S::Reported | S::Proposed, A::SendNotice) => Ok(S::NoticeSent),
        (S::NoticeSent | S::Answered, A::RecordObservations | A::RecordHearing) => Ok(S::Answered),
        // Observations that arrive after the file went to the team are kept for the decision.
        (S::Referred, A::RecordObservations | A::RecordHearing) => Ok(S::Referred),
        (S::NoticeSent | S::Answered, A::Refer) => {
            p.decision_unlocked(today)?;
            Ok(S::Referred)
        }
        (S::Proposed, A::Refer) => Ok(S::Referred),
        (s, A::DecideNone) if s.before_decision() => Ok(S::NoSanction),
        (S::Reported, A::Decide(_)) => Err(StepError::TooEarly(None)),
        (S::Proposed, A::Decide(sanction)) => {
            if sanction.kind == SanctionKind::Removal {
                return Err(StepError::RemovalNeedsReferral);
            }
            match p.proposed {
                Some(asked) if sanction.rate <= asked.rate && sanction.months <= asked.months => {
                    Ok(S::Decided)
                }
                _ => Err(StepError::HarsherThanProposed),
            }
        }
        (S::NoticeSent | S::Answered, A::Decide(sanction)) => {
            if sanction.kind == SanctionKind::Removal {
                return Err(StepError::RemovalNeedsReferral);
            }
            p.decision_unlocked(today)?;
            Ok(S::Decided)
        }
        (S::Referred, A::Decide(sanction)) => {
            // Without a notice, only what France Travail proposed (already checked at referral
            // time for the notice path) may be decided.
            if !p.notice_sent {
                match p.proposed {
                    Some(asked)
                        if sanction.kind == SanctionKind::Suspension
                            && sanction.rate <= asked.rate
                            && sanction.months <= asked.months => {}
                    _ => return Err(StepError::HarsherThanProposed),
                }
            }
            Ok(S::Decided)
        }
        (S::Decided, A::Lift) => Ok(S::Lifted),
        (S::Decided, A::End) => Ok(S::Ended),
        _ => refuse,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::ymd(y, m, d)
    }

    const ALONE: CapHousehold = CapHousehold {
        persons: 1,
        majore: false,
    };
    const COUPLE: CapHousehold = CapHousehold {
        persons: 2,
        majore: false,
    };
    const PREGNANT_ALONE: CapHousehold = CapHousehold {
        persons: 1,
        majore: true,
    };

    fn suspension(pct: i64, months: u8) -> Sanction {
        Sanction {
            kind: SanctionKind::Suspension,
            rate: Rate::ppm(pct * 10_000),
            months,
        }
    }

    #[test]
    fn orientation_is_due_six_weeks_after_the_caf_information_arrives() {
        assert_eq!(orientation_due(day(2026, 1, 5)), day(2026, 2, 16));
        // across a year end and a leap February
        assert_eq!(orientation_due(day(2027, 12, 20)), day(2028, 1, 31));
        assert_eq!(orientation_due(day(2028, 1, 25)), day(2028, 3, 7));
    }

    #[test]
    fn an_orientation_is_late_once_its_due_day_has_passed() {
        let today = day(2026, 2, 17);
        let cutoff = orientation_late_if_received_before(today);
        assert_eq!(cutoff, day(2026, 1, 6));
        // received on the cutoff: due today, not late yet; received the day before: late
        assert!(orientation_due(cutoff) >= today);
        assert!(orientation_due(cutoff.add_days(-1)) < today);
    }

    #[test]
    fn the_contract_is_due_a_month_after_the_latest_orientation() {
        assert_eq!(contract_due(&[]), None);
        assert_eq!(contract_due(&[day(2026, 3, 10)]), Some(day(2026, 4, 10)));
        // month ends: 31 January → the last day of February
        assert_eq!(contract_due(&[day(2027, 1, 31)]), Some(day(2027, 2, 28)));
        assert_eq!(contract_due(&[day(2028, 1, 31)]), Some(day(2028, 2, 29)));
        assert_eq!(contract_due(&[day(2026, 12, 15)]), Some(day(2027, 1, 15)));
        // a re-orientation starts a new month, whatever the order the dates come in
        assert_eq!(
            contract_due(&[day(2026, 5, 20), day(2026, 3, 1)]),
            Some(day(2026, 6, 20))
        );
    }

    #[test]
    fn a_social_pathway_is_reviewed_after_six_months_or_twelve_when_extended() {
        assert_eq!(social_review_due(day(2026, 8, 31), false), day(2027, 2, 28));
        assert_eq!(social_review_due(day(2026, 8, 31), true), day(2027, 8, 31));
    }

    #[test]
    fn only_contracts_signed_before_2025_have_to_be_renewed_by_2027() {
        assert_eq!(
            pre_2025_contract_due(day(2024, 12, 31)),
            Some(day(2027, 1, 1))
        );
        assert_eq!(pre_2025_contract_due(day(2025, 1, 1)), None);
    }

    #[test]
    fn the_person_has_ten_days_from_receipt_to_answer() {
        assert_eq!(answer_due(day(2026, 6, 25)), day(2026, 7, 5));
        assert_eq!(answer_due(day(2026, 12, 27)), day(2027, 1, 6));
    }

    #[test]
    fn deadline_states_count_the_last_day_as_still_open() {
        let due = day(2026, 3, 10);
        assert_eq!(deadline_state(due, day(2026, 3, 2)), DeadlineState::Ahead);
        assert_eq!(deadline_state(due, day(2026, 3, 3)), DeadlineState::Soon);
        assert_eq!(deadline_state(due, day(2026, 3, 10)), DeadlineState::Soon);
        assert_eq!(deadline_state(due, day(2026, 3, 11)), DeadlineState::Passed);
    }

    fn act(label: &str, hours: u32) -> Activity {
        Activity {
            label: label.into(),
            hours_per_week: hours,
        }
    }

    #[test]
    fn an_action_plan_says_why_when_it_asks_less_than_fifteen_hours() {
        let on = day(2026, 6, 1);
        let plan = ActionPlan::new(
            vec![act("Atelier CV", 3), act("Formation", 10), act("Stage", 2)],
            Some(AdaptedHoursReason::Health),
            on,
        )
        .unwrap();
        assert_eq!(plan.weekly_total(), 15);
        assert_eq!(plan.adapted_reason, None, "at the norm, no reason is kept");
        assert_eq!(
            ActionPlan::new(vec![act("Atelier", 14)], None, on),
            Err(PlanError::ReasonNeeded {
                total: 14,
                norm: 15
            })
        );
        let adapted = ActionPlan::new(
            vec![act("Atelier", 6)],
            Some(AdaptedHoursReason::Childcare),
            on,
        )
        .unwrap();
        assert_eq!(adapted.adapted_reason, Some(AdaptedHoursReason::Childcare));
        // none at all is possible for health reasons (Conseil constitutionnel 2023-858 DC)
        assert!(ActionPlan::new(vec![], Some(AdaptedHoursReason::Health), on).is_ok());
        assert_eq!(
            ActionPlan::new(vec![act("A", 20), act("B", 16)], None, on),
            Err(PlanError::AboveLegalTime { total: 36, max: 35 })
        );
        assert_eq!(
            ActionPlan::new(vec![act(" ", 20)], None, on),
            Err(PlanError::EmptyLabel)
        );
        assert_eq!(
            ActionPlan::new(vec![act("A", 0), act("B", 15)], None, on),
            Err(PlanError::NoHours)
        );
    }

    #[test]
    fn rates_stay_between_thirty_percent_and_the_households_cap() {
        let on = day(2026, 6, 1);
        let first = Recurrence::First;
        assert_eq!(
            check_sanction(suspension(29, 1), first, ALONE, on),
            Err(SanctionError::RateBelowFloor {
                floor: Rate::ppm(300_000)
            })
        );
        assert!(check_sanction(suspension(30, 1), first, ALONE, on).is_ok());
        assert!(check_sanction(suspension(100, 2), first, ALONE, on).is_ok());
        assert!(check_sanction(suspension(50, 1), first, COUPLE, on).is_ok());
        for household in [COUPLE, PREGNANT_ALONE] {
            assert_eq!(
                check_sanction(suspension(51, 1), first, household, on),
                Err(SanctionError::RateAboveCap {
                    max: Rate::ppm(500_000),
                    household_cap: true
                })
            );
        }
        assert_eq!(
            check_sanction(suspension(101, 1), first, ALONE, on),
            Err(SanctionError::RateAboveCap {
                max: Rate::ONE,
                household_cap: false
            })
        );
    }

    #[test]
    fn months_follow_the_recurrence_and_removal_needs_a_repeated_breach() {
        let on = day(2026, 6, 1);
        for (recurrence, months, ok) in [
            (Recurrence::First, 0, false),
            (Recurrence::First, 1, true),
            (Recurrence::First, 2, true),
            (Recurrence::First, 3, false),
            (Recurrence::Repeated, 0, false),
            (Recurrence::Repeated, 1, true),
            (Recurrence::Repeated, 4, true),
            (Recurrence::Repeated, 5, false),
        ] {
            assert_eq!(
                check_sanction(suspension(30, months), recurrence, ALONE, on).is_ok(),
                ok,
                "{recurrence:?} {months} months"
            );
        }
        let removal = Sanction {
            kind: SanctionKind::Removal,
            ..suspension(30, 1)
        };
        assert_eq!(
            check_sanction(removal, Recurrence::First, ALONE, on),
            Err(SanctionError::RemovalFirstBreach)
        );
        assert!(check_sanction(removal, Recurrence::Repeated, ALONE, on).is_ok());
    }

    #[test]
    fn the_money_at_stake_is_the_rate_of_the_monthly_rsa_capped_for_families() {
        let on = day(2026, 6, 1);
        let s = stake(Cents(65_169), suspension(30, 2), ALONE, on);
        assert_eq!(s.per_month, Cents(19_551)); // 651,69 € × 30 % = 195,507 → 195,51 €
        assert_eq!(s.total, Cents(39_102));
        assert_eq!(s.still_paid, Cents(45_618));
        assert!(!s.capped);
        let family = stake(Cents(117_304), suspension(80, 1), COUPLE, on);
        assert!(family.capped);
        assert_eq!(family.rate, Rate::ppm(500_000));
        assert_eq!(family.per_month, Cents(58_652));
        assert_eq!(family.total, Cents(58_652));
        // a single person gets no cap: 100 % withholds everything
        let all = stake(Cents(65_169), suspension(100, 4), ALONE, on);
        assert_eq!((all.per_month, all.still_paid), (Cents(65_169), Cents(0)));
    }

    fn proc(stage: SanctionStage) -> Procedure {
        Procedure {
            stage,
            notice_received_on: None,
            proposed: None,
            notice_sent: false,
        }
    }

    /// Every (stage, action) pair: the expected outcome, written out in full so a change to the
    /// machine shows here. `today` is after the answer deadline and the notice was received, so
    /// the time lock is tested separately below.
    #[test]
    fn every_step_from_every_stage_is_decided_by_the_table() {
        use SanctionAction as A;
        use SanctionStage as S;
        let today = day(2026, 7, 1);
        let proposal = suspension(30, 1);
        let actions = [
            A::Report,
            A::Propose(proposal),
            A::SendNotice,
            A::RecordObservations,
            A::RecordHearing,
            A::Refer,
            A::DecideNone,
            A::Decide(proposal),
            A::Lift,
            A::End,
        ];
        // One row per stage, one column per action above: the stage it leads to, or "-".
        let table: [(S, [&str; 10]); 9] = [
            (
                S::Reported,
                [
                    "-",
                    "-",
                    "notice_sent",
                    "-",
                    "-",
                    "-",
                    "no_sanction",
                    "-",
                    "-",
                    "-",
                ],
            ),
            (
                S::Proposed,
                [
                    "-",
                    "-",
                    "notice_sent",
                    "-",
                    "-",
                    "referred",
                    "no_sanction",
                    "decided",
                    "-",
                    "-",
                ],
            ),
            (
                S::NoticeSent,
                [
                    "-",
                    "-",
                    "-",
                    "answered",
                    "answered",
                    "referred",
                    "no_sanction",
                    "decided",
                    "-",
                    "-",
                ],
            ),
            (
                S::Answered,
                [
                    "-",
                    "-",
                    "-",
                    "answered",
                    "answered",
                    "referred",
                    "no_sanction",
                    "decided",
                    "-",
                    "-",
                ],
            ),
            (
                S::Referred,
                [
                    "-",
                    "-",
                    "-",
                    "referred",
                    "referred",
                    "-",
                    "no_sanction",
                    "decided",
                    "-",
                    "-",
                ],
            ),
            (
                S::Decided,
                ["-", "-", "-", "-", "-", "-", "-", "-", "lifted", "ended"],
            ),
            // closed: a new breach opens a new procedure, nothing else happens
            (
                S::NoSanction,
                [
                    "reported", "proposed", "-", "-", "-", "-", "-", "-", "-", "-",
                ],
            ),
            (
                S::Lifted,
                [
                    "reported", "proposed", "-", "-", "-", "-", "-", "-", "-", "-",
                ],
            ),
            (
                S::Ended,
                [
                    "reported", "proposed", "-", "-", "-", "-", "-", "-", "-", "-",
                ],
            ),
        ];
        assert_eq!(table.len(), S::ALL.len());
        for (stage, row) in table {
            let p = Procedure {
                stage,
                notice_received_on: Some(day(2026, 6, 1)),
                proposed: Some(proposal),
                notice_sent: stage != S::Proposed,
            };
            for (action, expected) in actions.iter().zip(row) {
                let got = step(Some(&p), *action, today)
                    .map(|s| s.code())
                    .unwrap_or("-");
                assert_eq!(got, expected, "{stage:?} + {action:?}");
            }
        }
        // without any procedure, only a report or a proposal opens one
        for action in actions {
            let got = step(None, action, today).map(|s| s.code()).unwrap_or("-");
            let expected = match action {
                A::Report => "reported",
                A::Propose(_) => "proposed",
                _ => "-",
            };
            assert_eq!(got, expected, "none + {action:?}");
        }
    }

    #[test]
    fn a_sanction_waits_ten_days_after_receipt_unless_the_person_answered() {
        let received = day(2026, 6, 25);
        let p = Procedure {
            notice_received_on: Some(received),
            notice_sent: true,
            ..proc(SanctionStage::NoticeSent)
        };
        let decide = SanctionAction::Decide(suspension(30, 1));
        // the tenth day (5 July) is still the person's: locked until its end
        for today in [received, day(2026, 7, 4), day(2026, 7, 5)] {
            assert_eq!(
                step(Some(&p), decide, today),
                Err(StepError::TooEarly(Some(day(2026, 7, 5)))),
                "{today}"
            );
            assert_eq!(
                step(Some(&p), SanctionAction::Refer, today),
                Err(StepError::TooEarly(Some(day(2026, 7, 5))))
            );
        }
        assert_eq!(
            step(Some(&p), decide, day(2026, 7, 6)),
            Ok(SanctionStage::Decided)
        );
        // receipt not recorded yet: locked, whatever the date
        let unknown = Procedure {
            notice_received_on: None,
            ..p
        };
        assert_eq!(
            step(Some(&unknown), decide, day(2027, 1, 1)),
            Err(StepError::TooEarly(None))
        );
        // the person answered on day 2: decision possible at once
        let answered = Procedure {
            stage: SanctionStage::Answered,
            ..p
        };
        assert_eq!(
            step(Some(&answered), decide, day(2026, 6, 27)),
            Ok(SanctionStage::Decided)
        );
        // "no sanction" never waits
        assert_eq!(
            step(Some(&p), SanctionAction::DecideNone, received),
            Ok(SanctionStage::NoSanction)
        );
    }

    #[test]
    fn removal_needs_the_teams_opinion_and_a_proposal_cannot_be_exceeded_without_notice() {
        let today = day(2026, 7, 20);
        let removal = Sanction {
            kind: SanctionKind::Removal,
            ..suspension(30, 2)
        };
        let noticed = Procedure {
            notice_received_on: Some(day(2026, 6, 1)),
            notice_sent: true,
            ..proc(SanctionStage::Answered)
        };
        assert_eq!(
            step(Some(&noticed), SanctionAction::Decide(removal), today),
            Err(StepError::RemovalNeedsReferral)
        );
        let referred = Procedure {
            stage: SanctionStage::Referred,
            ..noticed
        };
        assert_eq!(
            step(Some(&referred), SanctionAction::Decide(removal), today),
            Ok(SanctionStage::Decided)
        );
        let proposed = Procedure {
            proposed: Some(suspension(30, 1)),
            ..proc(SanctionStage::Proposed)
        };
        assert_eq!(
            step(
                Some(&proposed),
                SanctionAction::Decide(suspension(40, 1)),
                today
            ),
            Err(StepError::HarsherThanProposed)
        );
        assert_eq!(
            step(
                Some(&proposed),
                SanctionAction::Decide(suspension(30, 2)),
                today
            ),
            Err(StepError::HarsherThanProposed)
        );
        assert_eq!(
            step(
                Some(&proposed),
                SanctionAction::Decide(suspension(30, 1)),
                today
            ),
            Ok(SanctionStage::Decided)
        );
        // referred straight from a proposal: still no harsher than proposed, no removal
        let referred_proposal = Procedure {
            stage: SanctionStage::Referred,
            ..proposed
        };
        assert_eq!(
            step(
                Some(&referred_proposal),
                SanctionAction::Decide(removal),
                today
            ),
            Err(StepError::HarsherThanProposed)
        );
    }

    #[test]
    fn only_the_decision_steps_need_the_managers_right() {
        use SanctionAction as A;
        let s = suspension(30, 1);
        let officer = [
            A::Report,
            A::Propose(s),
            A::SendNotice,
            A::RecordObservations,
            A::RecordHearing,
            A::Refer,
        ];
        assert!(officer.iter().all(|a| !a.needs_decision_right()));
        let manager = [A::DecideNone, A::Decide(s), A::Lift, A::End];
        assert!(manager.iter().all(|a| a.needs_decision_right()));
    }

    #[test]
    fn codes_round_trip() {
        for s in SanctionStage::ALL {
            assert_eq!(SanctionStage::from_code(s.code()), Some(s));
        }
        for k in BreachKind::ALL {
            assert_eq!(BreachKind::from_code(k.code()), Some(k));
        }
        for r in AdaptedHoursReason::ALL {
            assert_eq!(AdaptedHoursReason::from_code(r.code()), Some(r));
        }
        assert_eq!(SanctionStage::from_code("nope"), None);
    }
}
