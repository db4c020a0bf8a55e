//! Reference case files (the schema of `tests/reference/`), shared by the
//! `passerelle-cases` binary and the tests.
//!
//! Only the **inputs** are read: `id`, `start_month`, `history_months`, `months`,
//! `household`, `housing`, `jobs`, `other_resources`, `family_benefits_by_month`, and the
//! file's top-level `scheme`. The expected answers (`expected`, `detail`), the derived
//! per-case `scheme` block and `inputs_by_month` are never read: each case is cut down to the
//! input keys before it is deserialised ([`INPUT_FIELDS`]).
//!
//! Cases are read one by one from [`serde_json::Value`], so a case that cannot be read gets
//! an error entry and the others still run.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::calendar::{Date, Month};
use crate::household::{
    Adult, Child, Household, HouseholdKind, Housing, HousingStatus, Job, OtherResource, Person,
    ResourceKind,
};
use crate::money::Cents;
use crate::scheme::{MonthRange, SECTOR_OTHER, SchemeDefinition};
use crate::simulation::project;

/// The keys of a case an engine may read.
pub const INPUT_FIELDS: [&str; 9] = [
    "id",
    "start_month",
    "history_months",
    "months",
    "household",
    "housing",
    "jobs",
    "other_resources",
    "family_benefits_by_month",
];

/// The file's top-level `scheme`: overrides the default scheme's window, months and bonus.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FileScheme {
    /// First and last month of the job-start window.
    pub window_job_start: [Month; 2],
    /// Cumulation months from the job's first month.
    pub neutralised_job_months: u8,
    /// Bonus, in euros.
    pub bonus_amount: f64,
}

/// An adult of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseAdult {
    /// `a1` or `a2`.
    pub id: Person,
    /// Birth date.
    pub birth_date: Date,
    /// Pregnant.
    #[serde(default)]
    pub pregnant: bool,
}

/// A child of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseChild {
    /// Birth date.
    pub birth_date: Date,
}

/// The household block of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseHousehold {
    /// `single`, `couple` or `single_parent`.
    #[serde(rename = "type")]
    pub kind: HouseholdKind,
    /// Adults.
    pub adults: Vec<CaseAdult>,
    /// Children.
    #[serde(default)]
    pub children: Vec<CaseChild>,
    /// Recently isolated single parent.
    #[serde(default)]
    pub recently_isolated: bool,
}

/// The housing block of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseHousing {
    /// Housing status.
    pub status: HousingStatus,
    /// Monthly housing aid, euros.
    #[serde(default)]
    pub housing_aid_monthly: f64,
    /// Monthly loan repayment, euros (only whether it is positive matters).
    #[serde(default)]
    pub mortgage_monthly: f64,
}

/// A job of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseJob {
    /// Who holds it.
    pub person: Person,
    /// First month paid.
    pub start_month: Month,
    /// Last month paid, inclusive; `null` while running.
    pub end_month: Option<Month>,
    /// Net monthly salary, euros.
    pub net_monthly: f64,
    /// The job's sector is in the scheme's list.
    pub scheme_eligible_sector: bool,
}

/// Another resource of a reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseResource {
    /// Who receives it.
    pub person: Person,
    /// `pension`, `unemployment_benefit` or `child_support`.
    pub kind: ResourceKind,
    /// Monthly amount, euros.
    pub monthly: f64,
    /// First month received.
    pub from_month: Option<Month>,
    /// Last month received, inclusive.
    pub to_month: Option<Month>,
}

/// The inputs of one reference case.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ReferenceCase {
    /// Case id, e.g. `G001`.
    pub id: String,
    /// First month of the horizon.
    pub start_month: Month,
    /// The three months before `start_month` (their inputs matter to the look-back).
    #[serde(default)]
    pub history_months: Vec<Month>,
    /// The horizon months to compute.
    pub months: Vec<Month>,
    /// Who lives in the household.
    pub household: CaseHousehold,
    /// Housing.
    pub housing: CaseHousing,
    /// Jobs.
    #[serde(default)]
    pub jobs: Vec<CaseJob>,
    /// Other resources.
    #[serde(default)]
    pub other_resources: Vec<CaseResource>,
    /// Family benefits counted, by month, euros.
    #[serde(default)]
    pub family_benefits_by_month: BTreeMap<Month, f64>,
}

/// Why a case (or a file) could not be read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum CaseError {
    /// The file is not JSON.
    Json(String),
    /// The file is not a JSON object with a `cases` array.
    NoCases,
    /// The top-level `scheme` is malformed.
    Scheme(String),
    /// A case does not follow the schema.
    Case(String),
    /// An amount is not a finite number.
    Amount,
    /// The horizon months are not consecutive from `start_month`.
    Months,
    /// The rules refused the household.
    Rules(String),
}

impl CaseError {
    /// A French message.
    pub fn message_fr(&self) -> String {
        match self {
            CaseError::Json(e) => format!("Le fichier n'est pas du JSON valide : {e}"),
            CaseError::NoCases => "Le fichier n'a pas de liste « cases ».".to_string(),
            CaseError::Scheme(e) => format!("Le bloc « scheme » du fichier est invalide : {e}"),
            CaseError::Case(e) => format!("Le cas ne suit pas le schéma : {e}"),
            CaseError::Amount => "Un montant n'est pas un nombre valide.".to_string(),
            CaseError::Months => {
                "Les mois à calculer ne se suivent pas à partir de « start_month ».".to_string()
            }
            CaseError::Rules(e) => format!("Le calcul est impossible : {e}"),
        }
    }
}

impl fmt::Display for CaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_fr())
    }
}

impl std::error::Error for CaseError {}

fn cents(euros: f64) -> Result<Cents, CaseError> {
    Cents::from_euros_f64(euros).ok_or(CaseError::Amount)
}

/// The default scheme, with the file's window, months and bonus when it gives them.
pub fn scheme_for_file(file_scheme: Option<&FileScheme>) -> Result<SchemeDefinition, CaseError> {
    let mut scheme = SchemeDefinition::seine_maritime_2021();
    if let Some(s) = file_scheme {
        scheme.job_start_window = MonthRange {
            first: s.window_job_start[0],
            last: s.window_job_start[1],
        };
        scheme.neutralised_months = s.neutralised_job_months;
        scheme.bonus_amount = cents(s.bonus_amount)?;
        scheme
            .validate()
            .map_err(|e| CaseError::Scheme(e.message_fr().to_string()))?;
    }
    Ok(scheme)
}

impl ReferenceCase {
    /// Reads the inputs of one case, ignoring every other key.
    pub fn from_value(case: &Value) -> Result<ReferenceCase, CaseError> {
        let object = case
            .as_object()
            .ok_or_else(|| CaseError::Case("un cas doit être un objet".to_string()))?;
        let inputs: serde_json::Map<String, Value> = INPUT_FIELDS
            .iter()
            .filter_map(|&k| object.get(k).map(|v| (k.to_string(), v.clone())))
            .collect();
        serde_json::from_value(Value::Object(inputs)).map_err(|e| CaseError::Case(e.to_string()))
    }

    /// The household model. A job in the scheme's sector gets the scheme's first sector code;
    /// another job gets [`SECTOR_OTHER`]. An owner whose loan repayment is zero counts as an
    /// owner without a loan (as OpenFisca reads `loyer` = 0).
    pub fn to_household(&self, scheme: &SchemeDefinition) -> Result<Household, CaseError> {
        let eligible_sector = scheme
            .eligible_sectors
            .first()
            .map(|s| s.code.clone())
            .unwrap_or_default();
        let mut adults: Vec<&CaseAdult> = self.household.adults.iter().collect();
        adults.sort_by_key(|a| a.id);
        let status = match self.housing.status {
            HousingStatus::OwnerWithMortgage if self.housing.mortgage_monthly <= 0.0 => {
                HousingStatus::Owner
            }
            s => s,
        };
        Ok(Household {
            kind: self.household.kind,
            adults: adults
                .iter()
                .map(|a| Adult {
                    birth_date: a.birth_date,
                    pregnant: a.pregnant,
                })
                .collect(),
            children: self
                .household
                .children
                .iter()
                .map(|c| Child {
                    birth_date: c.birth_date,
                })
                .collect(),
            recently_isolated: self.household.recently_isolated,
            housing: Housing {
                status,
                housing_aid: cents(self.housing.housing_aid_monthly)?,
            },
            jobs: self
                .jobs
                .iter()
                .map(|j| {
                    Ok(Job {
                        person: j.person,
                        sector: if j.scheme_eligible_sector {
                            eligible_sector.clone()
                        } else {
                            SECTOR_OTHER.to_string()
                        },
                        start: j.start_month,
                        end: j.end_month,
                        net_monthly: cents(j.net_monthly)?,
                        hours_per_week: None,
                        contract: None,
                    })
                })
                .collect::<Result<_, CaseError>>()?,
            other_resources: self
                .other_resources
                .iter()
                .map(|r| {
                    Ok(OtherResource {
                        person: r.person,
                        kind: r.kind,
                        monthly: cents(r.monthly)?,
                        from: r.from_month,
                        to: r.to_month,
                    })
                })
                .collect::<Result<_, CaseError>>()?,
            family_benefits: self
                .family_benefits_by_month
                .iter()
                .map(|(m, v)| Ok((*m, cents(*v)?)))
                .collect::<Result<_, CaseError>>()?,
        })
    }
}

/// The figures computed for one month, in euros.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct CaseMonthResult {
    /// The month.
    pub month: Month,
    /// RSA without the scheme.
    pub rsa_without_scheme: f64,
    /// RSA with the scheme.
    pub rsa_with_scheme: f64,
    /// Prime d'activité.
    pub prime_activite: f64,
    /// Bonus.
    pub bonus: f64,
}

/// The outcome of one case: its figures, or why it could not be computed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum CaseOutcome {
    /// Computed.
    Computed {
        /// Case id.
        id: String,
        /// One entry per horizon month.
        months: Vec<CaseMonthResult>,
    },
    /// Not computed.
    Failed {
        /// Case id (`"?"` if the case has none).
        id: String,
        /// Why, in French.
        error: String,
    },
}

/// What the runner prints.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RunOutput {
    /// One outcome per case, in file order.
    pub cases: Vec<CaseOutcome>,
}

/// Computes one case with `scheme`.
pub fn run_case(
    case: &ReferenceCase,
    scheme: &SchemeDefinition,
) -> Result<Vec<CaseMonthResult>, CaseError> {
    let consecutive = case
        .months
        .iter()
        .enumerate()
        .all(|(i, m)| *m == case.start_month.add_months(i as i32));
    if !consecutive || case.months.is_empty() {
        return Err(CaseError::Months);
    }
    let household = case.to_household(scheme)?;
    let projection = project(&household, scheme, case.start_month, case.months.len())
        .map_err(|e| CaseError::Rules(e.message_fr()))?;
    Ok(projection
        .iter()
        .map(|p| CaseMonthResult {
            month: p.month,
            rsa_without_scheme: p.rsa_without_scheme.as_euros_f64(),
            rsa_with_scheme: p.rsa_with_scheme.as_euros_f64(),
            prime_activite: p.prime_activite.as_euros_f64(),
            bonus: p.bonus.as_euros_f64(),
        })
        .collect())
}

/// Runs every case of a reference file given as text. Fails only if the file itself cannot
/// be read; a case that cannot be read becomes a [`CaseOutcome::Failed`] entry.
pub fn run_file(json: &str) -> Result<RunOutput, CaseError> {
    let root: Value = serde_json::from_str(json).map_err(|e| CaseError::Json(e.to_string()))?;
    let file_scheme = match root.get("scheme") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            serde_json::from_value::<FileScheme>(v.clone())
                .map_err(|e| CaseError::Scheme(e.to_string()))?,
        ),
    };
    let scheme = scheme_for_file(file_scheme.as_ref())?;
    let cases = root
        .get("cases")
        .and_then(Value::as_array)
        .ok_or(CaseError::NoCases)?;
    let outcomes = cases
        .iter()
        .map(|value| {
            let id = value
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            match ReferenceCase::from_value(value).and_then(|c| run_case(&c, &scheme)) {
                Ok(months) => CaseOutcome::Computed { id, months },
                Err(e) => CaseOutcome::Failed {
                    id,
                    error: e.message_fr(),
                },
            }
        })
        .collect();
    Ok(RunOutput { cases: outcomes })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"{
      "schema_version": 1,
      "scheme": {"window_job_start": ["2021-01", "2021-06"], "neutralised_job_months": 3, "bonus_amount": 150.0},
      "cases": [
        {"id": "X1", "start_month": "2021-01", "history_months": ["2020-10", "2020-11", "2020-12"],
         "months": ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06"],
         "household": {"type": "single", "adults": [{"id": "a1", "birth_date": "1985-09-10", "age_at_start": 35, "pregnant": false}],
                       "children": [], "recently_isolated": false},
         "housing": {"status": "tenant", "housing_aid_monthly": 0.0, "mortgage_monthly": 0.0},
         "jobs": [{"person": "a1", "start_month": "2021-01", "end_month": null, "net_monthly": 560.0, "scheme_eligible_sector": true}],
         "other_resources": [], "family_benefits_by_month": {},
         "expected": "never read", "inputs_by_month": 42, "scheme": "ignored"},
        {"id": "BROKEN", "start_month": "2021-13"},
        {"start_month": "2021-01"}
      ]}"#;

    #[test]
    fn runs_good_cases_and_reports_bad_ones() {
        let out = run_file(FILE).unwrap();
        assert_eq!(out.cases.len(), 3);
        match &out.cases[0] {
            CaseOutcome::Computed { id, months } => {
                assert_eq!(id, "X1");
                assert_eq!(months.len(), 6);
                assert_eq!(months[0].rsa_without_scheme, 564.78);
                assert_eq!(months[0].bonus, 150.0);
                assert_eq!(months[1].rsa_without_scheme, 378.11);
                assert_eq!(months[1].rsa_with_scheme, 564.78);
                // S10 of the reference: 5.34 € is below the 6 € minimum.
                assert_eq!(months[3].rsa_without_scheme, 0.0);
                assert_eq!(months[3].prime_activite, 334.76);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(&out.cases[1], CaseOutcome::Failed { id, .. } if id == "BROKEN"));
        assert!(matches!(&out.cases[2], CaseOutcome::Failed { id, .. } if id == "?"));
        let json = serde_json::to_string(&out).unwrap();
        assert!(json.starts_with(
            r#"{"cases":[{"id":"X1","months":[{"month":"2021-01","rsa_without_scheme":564.78"#
        ));
        assert!(json.contains(r#"{"id":"BROKEN","error":""#));
    }

    #[test]
    fn file_level_errors() {
        assert!(matches!(run_file("nope"), Err(CaseError::Json(_))));
        assert_eq!(run_file("{}"), Err(CaseError::NoCases));
        assert!(matches!(
            run_file(
                r#"{"scheme": {"window_job_start": ["2021-06", "2021-01"], "neutralised_job_months": 3, "bonus_amount": 150}, "cases": []}"#
            ),
            Err(CaseError::Scheme(_))
        ));
    }
}
