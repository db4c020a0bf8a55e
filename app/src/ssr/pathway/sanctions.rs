//! Reading the suspension-remobilisation procedure of a person: the open one (at most one, by a
//! unique index), else the last one closed within a year. Which steps are possible, the deadline
//! and the money at stake come from the rules core ([`passerelle::obligations`]); this module
//! only reads and shapes.
use passerelle::obligations::{
    self, BreachKind, CapHousehold, Procedure, Recurrence, Sanction, SanctionAction, SanctionKind,
    SanctionStage,
};
use passerelle::{Cents, Date, Rate};

use super::super::db::{Db, DbError};
use super::super::from_time_date;
use crate::pathway::SanctionView;
use crate::with_pool;

/// One procedure as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SanctionRow {
    pub procedure_id: i64,
    pub stage: String,
    pub source: String,
    pub breach: String,
    pub facts: String,
    pub breach_on: time::Date,
    pub recurrence: String,
    pub screening: String,
    pub envisaged_kind: String,
    pub envisaged_rate_ppm: i64,
    pub envisaged_months: i32,
    pub basis_cents: i64,
    pub household_persons: i32,
    pub majore: bool,
    pub notice_sent_on: Option<time::Date>,
    pub notice_received_on: Option<time::Date>,
    pub observations: Option<String>,
    pub observations_on: Option<time::Date>,
    pub hearing_asked_on: Option<time::Date>,
    pub hearing_on: Option<time::Date>,
    pub hearing_notes: Option<String>,
    pub referred_on: Option<time::Date>,
    pub decided_kind: Option<String>,
    pub decided_rate_ppm: Option<i64>,
    pub decided_months: Option<i32>,
    pub decided_on: Option<time::Date>,
    pub starts_on: Option<time::Date>,
    pub lift_action: Option<String>,
    pub closing_note: Option<String>,
    pub closed_on: Option<time::Date>,
}

/// A stored code that the schema's CHECK constraints should have made impossible: said loudly
/// (the row is wrong, not the person's request).
fn corrupt(what: &str, code: &str) -> DbError {
    DbError::Decode(format!("sanction_procedure.{what} = {code:?}"))
}

fn sanction(kind: &str, rate_ppm: i64, months: i32) -> Result<Sanction, DbError> {
    Ok(Sanction {
        kind: SanctionKind::from_code(kind).ok_or_else(|| corrupt("kind", kind))?,
        rate: Rate::ppm(rate_ppm),
        months: u8::try_from(months).map_err(|_| corrupt("months", &months.to_string()))?,
    })
}

impl SanctionRow {
    pub fn stage(&self) -> Result<SanctionStage, DbError> {
        SanctionStage::from_code(&self.stage).ok_or_else(|| corrupt("stage", &self.stage))
    }

    pub fn recurrence(&self) -> Result<Recurrence, DbError> {
        match self.recurrence.as_str() {
            "first" => Ok(Recurrence::First),
            "repeated" => Ok(Recurrence::Repeated),
            other => Err(corrupt("recurrence", other)),
        }
    }

    pub fn household(&self) -> CapHousehold {
        CapHousehold {
            persons: u8::try_from(self.household_persons).unwrap_or(u8::MAX),
            majore: self.majore,
        }
    }

    pub fn envisaged(&self) -> Result<Sanction, DbError> {
        sanction(
            &self.envisaged_kind,
            self.envisaged_rate_ppm,
            self.envisaged_months,
        )
    }

    pub fn decided(&self) -> Result<Option<Sanction>, DbError> {
        match (
            &self.decided_kind,
            self.decided_rate_ppm,
            self.decided_months,
        ) {
            (Some(k), Some(r), Some(m)) => Ok(Some(sanction(k, r, m)?)),
            _ => Ok(None),
        }
    }

    /// What the rules core needs to judge the next step.
    pub fn procedure(&self) -> Result<Procedure, DbError> {
        Ok(Procedure {
            stage: self.stage()?,
            notice_received_on: self.notice_received_on.map(from_time_date),
            proposed: (self.source == "france_travail")
                .then(|| self.envisaged())
                .transpose()?,
            notice_sent: self.notice_sent_on.is_some(),
        })
    }

    /// The view; `for_staff` keeps the officer's screening and hearing notes.
    pub fn view(&self, for_staff: bool, today: Date) -> Result<SanctionView, DbError> {
        let household = self.household();
        let basis = Cents(self.basis_cents);
        let envisaged = self.envisaged()?;
        let decided = self.decided()?;
        let procedure = self.procedure()?;
        let notice_received_on = self.notice_received_on.map(from_time_date);
        // The last day the person may still answer (the decision opens the day after); unknown
        // until the receipt is recorded, which the refusal then says.
        let decision_locked_until = match procedure.decision_unlocked(today) {
            Err(obligations::StepError::TooEarly(until)) if procedure.stage.before_decision() => {
                until
            }
            _ => None,
        };
        Ok(SanctionView {
            id: self.procedure_id,
            stage: procedure.stage,
            source: self.source.clone(),
            breach: BreachKind::from_code(&self.breach)
                .ok_or_else(|| corrupt("breach", &self.breach))?,
            facts: self.facts.clone(),
            breach_on: from_time_date(self.breach_on),
            recurrence: self.recurrence()?,
            envisaged,
            envisaged_stake: obligations::stake(basis, envisaged, household, today),
            notice_sent_on: self.notice_sent_on.map(from_time_date),
            notice_received_on,
            answer_due: notice_received_on.map(obligations::answer_due),
            observations: self.observations.clone(),
            observations_on: self.observations_on.map(from_time_date),
            hearing_asked_on: self.hearing_asked_on.map(from_time_date),
            hearing_on: self.hearing_on.map(from_time_date),
            referred_on: self.referred_on.map(from_time_date),
            decided_stake: decided.map(|d| obligations::stake(basis, d, household, today)),
            decided,
            decided_on: self.decided_on.map(from_time_date),
            starts_on: self.starts_on.map(from_time_date),
            lift_action: self.lift_action.clone(),
            closing_note: self.closing_note.clone(),
            closed_on: self.closed_on.map(from_time_date),
            screening: if for_staff {
                self.screening.clone()
            } else {
                String::new()
            },
            hearing_notes: if for_staff {
                self.hearing_notes.clone()
            } else {
                None
            },
            decision_locked_until,
        })
    }
}

/// Every step of the machine, with a placeholder sanction where one is carried: the staff page
/// offers the steps [`obligations::step`] accepts now (the decision's own figures are checked
/// when it is sent).
pub fn possible_steps(current: Option<&Procedure>, today: Date, may_decide: bool) -> Vec<String> {
    let probe = current.and_then(|p| p.proposed).unwrap_or(Sanction {
        kind: SanctionKind::Suspension,
        rate: Rate::ppm(300_000),
        months: 1,
    });
    [
        SanctionAction::Report,
        SanctionAction::SendNotice,
        SanctionAction::RecordObservations,
        SanctionAction::RecordHearing,
        SanctionAction::Refer,
        SanctionAction::DecideNone,
        SanctionAction::Decide(probe),
        SanctionAction::Lift,
        SanctionAction::End,
    ]
    .into_iter()
    .filter(|a| may_decide || !a.needs_decision_right())
    .filter(|a| match a {
        // The decision form shows once the person has been told (or France Travail proposed),
        // while the lock runs too, with the date it opens.
        SanctionAction::Decide(_) => current.is_some_and(|p| {
            p.stage.before_decision() && (p.notice_sent || p.stage == SanctionStage::Proposed)
        }),
        _ => obligations::step(current, *a, today).is_ok(),
    })
    .map(|a| a.code().to_string())
    .chain(
        // The receipt date can be recorded while the notice waits for an answer.
        current
            .filter(|p| p.notice_sent && p.stage.before_decision())
            .map(|_| "notice_received".to_string()),
    )
    .collect()
}

const COLUMNS: &str = "procedure_id, stage, source, breach, facts, breach_on, recurrence, screening, \
    envisaged_kind, envisaged_rate_ppm, envisaged_months, basis_cents, household_persons, majore, \
    notice_sent_on, notice_received_on, observations, observations_on, hearing_asked_on, hearing_on, \
    hearing_notes, referred_on, decided_kind, decided_rate_ppm, decided_months, decided_on, starts_on, \
    lift_action, closing_note, closed_on";

impl Db {
    /// The open procedure of a person, if any.
    pub async fn open_procedure(&self, beneficiary: i64) -> Result<Option<SanctionRow>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sanction_procedure WHERE beneficiary_id = $1 \
             AND stage NOT IN ('no_sanction', 'lifted', 'ended')"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(beneficiary)
            .fetch_optional(pool)
            .await)?)
    }

    /// The procedure to show: the open one, else the newest closed since `since`.
    pub async fn shown_procedure(
        &self,
        beneficiary: i64,
        since: time::Date,
    ) -> Result<Option<SanctionRow>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM sanction_procedure WHERE beneficiary_id = $1 \
             AND (closed_on IS NULL OR closed_on >= $2) \
             ORDER BY (closed_on IS NULL) DESC, procedure_id DESC LIMIT 1"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(beneficiary)
            .bind(since)
            .fetch_optional(pool)
            .await)?)
    }
}

impl Db {
    /// The monthly RSA of the person's household as recorded on the file (this month, no other
    /// resources), computed by the rules core, and the household facts of the 50 % cap.
    pub async fn rsa_basis(
        &self,
        beneficiary: i64,
        today: Date,
    ) -> Result<(Cents, CapHousehold), DbError> {
        const SQL: &str = "SELECT birth_date, household FROM beneficiary WHERE beneficiary_id = $1";
        let (birth, household): (time::Date, String) =
            with_pool!(self, |pool| sqlx::query_as(SQL)
                .bind(beneficiary)
                .fetch_one(pool)
                .await)?;
        let summary: crate::pathway::HouseholdSummary =
            serde_json::from_str(&household).unwrap_or_default();
        basis_from_summary(&summary, from_time_date(birth), today)
            .map_err(|e| DbError::Decode(format!("beneficiary.household: {e}")))
    }
}

/// [`Db::rsa_basis`] without the database: the monthly RSA of a recorded household and who
/// counts for the cap (the demo data uses it too).
pub fn basis_from_summary(
    summary: &crate::pathway::HouseholdSummary,
    birth: Date,
    today: Date,
) -> Result<(Cents, CapHousehold), passerelle::SimulationError> {
    obligations::basis_for(&household_of(summary, birth, today), today.month())
}

/// The rules core's household from the summary staff recorded: children's ages stand for their
/// age group (under 3, 3 to 24), no job, no other resource.
fn household_of(
    s: &crate::pathway::HouseholdSummary,
    birth: Date,
    today: Date,
) -> passerelle::Household {
    use passerelle::{Adult, Child, HouseholdKind, Housing, HousingStatus};
    let mut adults = vec![Adult {
        birth_date: birth,
        pregnant: false,
    }];
    if s.couple {
        adults.push(Adult {
            birth_date: today.add_years(-i32::from(s.partner_age.unwrap_or(30))),
            pregnant: false,
        });
    }
    let children = std::iter::repeat_n(today.add_years(-1), usize::from(s.children_under_3))
        .chain(std::iter::repeat_n(
            today.add_years(-10),
            usize::from(s.children_3_to_24),
        ))
        .map(|birth_date| Child { birth_date })
        .collect::<Vec<_>>();
    let kind = if s.couple {
        HouseholdKind::Couple
    } else if children.is_empty() {
        HouseholdKind::Single
    } else {
        HouseholdKind::SingleParent
    };
    let status = match s.housing.as_deref() {
        Some("proprietaire") => HousingStatus::Owner,
        Some("proprietaire_emprunt") => HousingStatus::OwnerWithMortgage,
        Some("heberge") => HousingStatus::HostedFree,
        _ => HousingStatus::Tenant,
    };
    passerelle::Household {
        kind,
        adults,
        children,
        // Recently isolated parents are not recorded: the majoration then needs a child under 3.
        recently_isolated: false,
        housing: Housing {
            status,
            housing_aid: Cents(s.housing_aid_cents.unwrap_or(0).max(0)),
        },
        jobs: Vec::new(),
        other_resources: Vec::new(),
        family_benefits: Default::default(),
    }
}
