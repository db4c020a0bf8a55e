//! Passerelle's shared core: pure rules, no I/O. Compiled for the server (native) and the
//! browser (wasm32).
//!
//! - [`access`]: staff roles, permissions and territorial scope.
//! - [`calendar`]: [`Month`] and [`Date`] with French labels.
//! - [`money`]: [`Cents`] (French formatting and parsing) and [`Rate`].
//! - [`params`]: the dated legal parameters, each with its source.
//! - [`household`]: the household model.
//! - [`rsa`] and [`prime_activite`]: the monthly rules, [`rsa_for_month`] and
//!   [`prime_activite_for_month`].
//! - [`scheme`]: departmental cumulation schemes as data, the Seine-Maritime 2021 one by
//!   default.
//! - [`eligibility`]: one explained verdict per criterion.
//! - [`simulation`]: the projection and the app's entry point, [`simulate`].
//! - [`outlook`]: the comparison in words (the gain of the job, the scheme's extra, when the RSA
//!   stops).
//! - [`pathway`]: the SPIE pathway's status machine, labels and delays.
//! - [`obligations`]: the 2025 law's deadlines, action plan and suspension-remobilisation
//!   procedure.
//! - [`identity`]: whether a FranceConnect identity is the person of a file.
//! - [`lang`]: the languages of the beneficiary pages and how a request gets one.
//! - [`reminders`]: when Passerelle writes to people on its own (quiet hours, 48 h, 3 days).
//! - [`stats`]: the dashboard's figures (medians, shares within delays, monthly counts).
//! - [`cases`]: the reference-case file schema and runner.
//!
//! The rules reproduce OpenFisca-France (the official rules-as-code model) within one cent on
//! the project's reference households; see `tests/reference/README.md` for the pitfalls.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod calendar;
pub mod cases;
pub mod eligibility;
pub mod error;
pub mod household;
pub mod identity;
pub mod lang;
pub mod money;
pub mod obligations;
#[cfg(feature = "openapi")]
mod openapi;
pub mod outlook;
pub mod params;
pub mod pathway;
pub mod prime_activite;
pub mod reminders;
pub mod rsa;
pub mod scheme;
pub mod simulation;
pub mod stats;
pub mod wording;

pub use calendar::{Date, Month, ParseDateError};
pub use eligibility::{Criterion, Eligibility, OverallVerdict, Verdict};
pub use error::SimulationError;
pub use household::{
    Adult, Child, Composition, ContractType, Household, HouseholdKind, Housing, HousingStatus, Job,
    OtherResource, Person, ResourceKind,
};
pub use money::{Cents, ParseAmountError, Rate};
pub use outlook::{GainPeriod, Outlook, gain_periods};
pub use prime_activite::{PrimeActiviteMonth, prime_activite_for_month};
pub use rsa::{RsaMonth, rsa_for_month};
pub use scheme::{
    Assumption, MonthRange, SECTOR_OTHER, SchemeDefinition, SchemeError, SchemeSource, Sector,
    scheme_covering_job, scheme_for_job, scheme_open_on, version_in_force,
};
pub use simulation::{
    AdultInput, JobInput, OngoingSalary, PreviousSalary, ProjectionMonth, ProjectionTotals,
    ResourceInput, Simulation, SimulationInput, project, simulate,
};
