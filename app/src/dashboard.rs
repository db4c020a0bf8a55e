//! The managers' dashboard: orientation delays, pathways, missed appointments, returns to work and
//! the scheme's uptake, for a period and a unit. Managers see their unit, admins every unit.
use leptos::prelude::*;
use passerelle::stats::DelayStats;
use passerelle::{Cents, Month};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A label and a count (a bar of a chart, a line of its table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentStats {
    pub held: i64,
    pub missed: i64,
    pub excused: i64,
    pub cancelled: i64,
    /// missed ÷ (held + missed + excused).
    pub missed_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkStats {
    /// Returns to work starting in the period.
    pub count: i64,
    pub by_sector: Vec<Count>,
    /// Of which under the cumulation scheme.
    pub cumulations: i64,
    /// Bonuses paid for these jobs, and their total.
    pub bonuses_paid: i64,
    pub bonus_total: Cents,
}

/// Reaching people: invitations and reminders sent by Passerelle, and what came of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachStats {
    /// Invitations to the orientation interview written in the period.
    pub invitations: i64,
    /// Of which the person booked an appointment or wrote within 7 days.
    pub answered_within_7_days: i64,
    pub answered_rate: Option<f64>,
    /// Appointments of the period (held, missed or excused) recalled 48 hours before, and how
    /// many of those were missed.
    pub reminded: i64,
    pub reminded_missed: i64,
    pub reminded_missed_rate: Option<f64>,
    /// The same for appointments without a reminder.
    pub not_reminded: i64,
    pub not_reminded_missed: i64,
    pub not_reminded_missed_rate: Option<f64>,
}

/// The 2025 law's figures: contracts within a month of the orientation, procedures by stage,
/// suspensions lifted and how fast.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObligationStats {
    /// People oriented in the period whose contract is signed.
    pub contracts: i64,
    /// Median days from the orientation to the contract.
    pub contract_median_days: Option<f64>,
    /// Share signed within the month the law gives (code du travail D5411-14-1).
    pub contracts_within_month: Option<f64>,
    /// Procedures opened in the period, by where they stand today.
    pub procedures: Vec<Count>,
    /// Suspensions lifted in the period (the person complied again).
    pub lifted: i64,
    /// Median days from the decision to the lifting.
    pub lift_median_days: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub from: Month,
    pub to: Month,
    /// `None`: every unit.
    pub unit_code: Option<String>,
    pub unit_label: String,
    pub entrants: Vec<(Month, i64)>,
    pub interview_delay: DelayStats,
    pub decision_delay: DelayStats,
    pub orientations: Vec<Count>,
    pub statuses: Vec<Count>,
    pub appointments: AppointmentStats,
    pub reach: ReachStats,
    pub work: WorkStats,
    #[serde(default)]
    pub obligations: ObligationStats,
}

impl Dashboard {
    pub fn total_entrants(&self) -> i64 {
        self.entrants.iter().map(|(_, n)| n).sum()
    }
}

/// The dashboard for `du`..`au` (months, `AAAA-MM`; default: the last 12 months) and `unite`
/// (admins only; managers always get their unit).
#[server(endpoint = "tableau-de-bord")]
pub async fn get_dashboard(
    du: Option<String>,
    au: Option<String>,
    unite: Option<String>,
) -> Result<Dashboard, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ViewStatistics).await?;
            let filter = crate::ssr::dashboard::Filter::from_query(
                du.as_deref(),
                au.as_deref(),
                unite.as_deref(),
                &staff.scope(),
            )?;
            Ok(state()?.db.dashboard(&filter).await?)
        }
        .await,
    )
}
