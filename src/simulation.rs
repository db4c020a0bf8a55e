//! The month-by-month projection, and the single entry point the web app calls,
//! [`simulate`].
//!
//! # What the projection shows
//! For each month from the job's first month: household net salaries, other resources,
//! the RSA without and with the scheme, the prime d'activité (the same in both scenarios),
//! the bonus, and two totals:
//! - `total_without_scheme` = salaries + other resources + RSA without the scheme + prime
//!   d'activité;
//! - `total_with_scheme` = salaries + other resources + RSA with the scheme + prime
//!   d'activité + bonus.
//!
//! "Other resources" are the pensions, unemployment benefit, child support and family
//! benefits entered. Housing aid is left out of the totals: it pays towards the rent and is
//! the same in both scenarios.
//!
//! # How the form's input maps to the household model
//! [`SimulationInput::to_household`] builds the full [`Household`]:
//! - every resource entered (pension, unemployment benefit, child support, family benefits,
//!   housing aid) is constant over the 3 months before the job and the projected months;
//! - the new job is job 0, in the sector chosen, from its start month (to its end month if
//!   given);
//! - each salary that goes on (e.g. the partner's job) is a job started a year before the new
//!   one, outside any scheme;
//! - each previous salary is a one-month job outside any scheme, in the month given;
//! - an adult given by age rather than birth date keeps that age over the whole period.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::eligibility::{Eligibility, JobSituation, Verdict, evaluate};
use crate::error::SimulationError;
use crate::household::{
    Adult, Child, ContractType, Household, HouseholdKind, Housing, HousingStatus, Job,
    OtherResource, Person, ResourceKind,
};
use crate::money::{Cents, Fx};
use crate::outlook::Outlook;
use crate::params::MonthParams;
use crate::prime_activite::{fictive_amount, from_fictive};
use crate::rsa::{rsa_for_month, rsa_with_params};
use crate::scheme::{Assumption, SECTOR_OTHER, SchemeDefinition};

/// Months projected by [`simulate`], from the job's first month.
pub const HORIZON_MONTHS: usize = 6;
/// Months before the job the rules look back at (RSA and prime d'activité use M−3..M−1).
pub const HISTORY_MONTHS: usize = 3;
/// Longest projection [`project`] accepts.
pub const MAX_PROJECTION_MONTHS: usize = 24;

/// One projected month.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectionMonth {
    /// The month.
    pub month: Month,
    /// Household net salaries.
    pub salary: Cents,
    /// Pensions, unemployment benefit, child support and family benefits.
    pub other_resources: Cents,
    /// RSA under the ordinary rules.
    pub rsa_without_scheme: Cents,
    /// RSA with the cumulation scheme (never below `rsa_without_scheme`).
    pub rsa_with_scheme: Cents,
    /// Prime d'activité (the scheme does not change it).
    pub prime_activite: Cents,
    /// The scheme's bonus paid this month.
    pub bonus: Cents,
    /// Salaries + other resources + RSA without the scheme + prime d'activité.
    pub total_without_scheme: Cents,
    /// Salaries + other resources + RSA with the scheme + prime d'activité + bonus.
    pub total_with_scheme: Cents,
    /// The month is one of the cumulation months of a qualifying job.
    pub cumulation_active: bool,
    /// Household net salaries without the new job (the household as it is today).
    pub salary_without_job: Cents,
    /// RSA without the new job.
    pub rsa_without_job: Cents,
    /// Prime d'activité without the new job.
    pub prime_activite_without_job: Cents,
    /// Salaries without the new job + other resources + RSA + prime d'activité, all without it.
    pub total_without_job: Cents,
}

/// Sums of the projected months.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectionTotals {
    /// Household net salaries.
    pub salary: Cents,
    /// Other resources.
    pub other_resources: Cents,
    /// RSA without the scheme.
    pub rsa_without_scheme: Cents,
    /// RSA with the scheme.
    pub rsa_with_scheme: Cents,
    /// Prime d'activité.
    pub prime_activite: Cents,
    /// Bonus.
    pub bonus: Cents,
    /// Total income without the scheme.
    pub total_without_scheme: Cents,
    /// Total income with the scheme.
    pub total_with_scheme: Cents,
    /// What the scheme adds: `total_with_scheme − total_without_scheme`.
    pub gain: Cents,
    /// Household net salaries without the new job.
    pub salary_without_job: Cents,
    /// RSA without the new job.
    pub rsa_without_job: Cents,
    /// Prime d'activité without the new job.
    pub prime_activite_without_job: Cents,
    /// Total income without the new job.
    pub total_without_job: Cents,
    /// What taking the job adds under the ordinary rules: `total_without_scheme −
    /// total_without_job`.
    pub job_gain: Cents,
}

impl ProjectionTotals {
    /// Adds up `months`.
    pub fn of(months: &[ProjectionMonth]) -> ProjectionTotals {
        let mut t = ProjectionTotals::default();
        for m in months {
            t.salary += m.salary;
            t.other_resources += m.other_resources;
            t.rsa_without_scheme += m.rsa_without_scheme;
            t.rsa_with_scheme += m.rsa_with_scheme;
            t.prime_activite += m.prime_activite;
            t.bonus += m.bonus;
            t.total_without_scheme += m.total_without_scheme;
            t.total_with_scheme += m.total_with_scheme;
            t.salary_without_job += m.salary_without_job;
            t.rsa_without_job += m.rsa_without_job;
            t.prime_activite_without_job += m.prime_activite_without_job;
            t.total_without_job += m.total_without_job;
        }
        t.gain = t.total_with_scheme - t.total_without_scheme;
        t.job_gain = t.total_without_scheme - t.total_without_job;
        t
    }
}

/// Projects `months` months from `first`, applying `scheme` to every job that qualifies
/// (accepted sector, first month in the window): in its first `neutralised_months` months the
/// RSA is computed as if its salary did not exist, and the bonus is paid in its first month
/// when the salary is positive and the RSA without the scheme that month is positive (once per
/// person).
///
/// The figures "without the job" are those of the household without the jobs that start in
/// `first` (the new jobs; a job that started earlier goes on in both).
///
/// This is the mechanism, as the reference cases define it; [`simulate`] adds the
/// eligibility verdicts and applies the scheme only when they are not "not met".
pub fn project(
    household: &Household,
    scheme: &SchemeDefinition,
    first: Month,
    months: usize,
) -> Result<Vec<ProjectionMonth>, SimulationError> {
    let qualifying: Vec<usize> = household
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| scheme.job_qualifies(j))
        .map(|(i, _)| i)
        .collect();
    let new_jobs: Vec<usize> = household
        .jobs
        .iter()
        .enumerate()
        .filter(|(_, j)| j.start == first)
        .map(|(i, _)| i)
        .collect();
    project_jobs(
        household,
        scheme,
        first,
        months,
        &Jobs {
            cumulation: &qualifying,
            bonus: &qualifying,
            new: &new_jobs,
        },
    )
}

/// Which jobs of the household the projection treats apart.
struct Jobs<'a> {
    /// Jobs whose salary the cumulation ignores in their first months.
    cumulation: &'a [usize],
    /// Jobs that may earn the bonus.
    bonus: &'a [usize],
    /// The new jobs: the "without the job" figures are those of the household without them.
    new: &'a [usize],
}

/// The household without the jobs `removed` (the household as it is before taking them).
pub fn without_jobs(household: &Household, removed: &[usize]) -> Household {
    let mut h = household.clone();
    h.jobs = household
        .jobs
        .iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, j)| j.clone())
        .collect();
    h
}

/// The projection, with the jobs the cumulation and the bonus may apply to, and the new jobs.
fn project_jobs(
    household: &Household,
    scheme: &SchemeDefinition,
    first: Month,
    months: usize,
    jobs: &Jobs<'_>,
) -> Result<Vec<ProjectionMonth>, SimulationError> {
    let (cumulation_jobs, bonus_jobs) = (jobs.cumulation, jobs.bonus);
    if !(1..=MAX_PROJECTION_MONTHS).contains(&months) {
        return Err(SimulationError::HorizonOutOfRange);
    }
    household.validate()?;
    let start = first.add_months(-(HISTORY_MONTHS as i32));
    let span = months + HISTORY_MONTHS;
    let params = (0..span)
        .map(|i| MonthParams::at(start.add_months(i as i32)))
        .collect::<Result<Vec<_>, _>>()?;
    // Each fictive prime d'activité serves three months: compute it once.
    let fictive: Vec<Fx> = (0..span - 1)
        .map(|i| fictive_amount(household, start.add_months(i as i32), &params[i]))
        .collect();
    // The same household without the new job: same engine, same parameters.
    let before = without_jobs(household, jobs.new);
    let fictive_before: Vec<Fx> = if jobs.new.is_empty() {
        fictive.clone()
    } else {
        (0..span - 1)
            .map(|i| fictive_amount(&before, start.add_months(i as i32), &params[i]))
            .collect()
    };

    let mut bonus_paid = [false; 2];
    let mut ignored: Vec<usize> = Vec::with_capacity(cumulation_jobs.len());
    let mut out = Vec::with_capacity(months);
    for i in 0..months {
        let month = first.add_months(i as i32);
        let p = &params[i + HISTORY_MONTHS];
        let without = rsa_with_params(household, month, &[], p).amount;

        ignored.clear();
        ignored.extend(
            cumulation_jobs
                .iter()
                .copied()
                .filter(|&j| scheme.is_cumulation_month(household.jobs[j].start, month)),
        );
        // The scheme only ever adds: in the rare case where ignoring the job's salary would
        // defeat the ordinary neutralisation of an income that stopped, the ordinary RSA is
        // kept.
        let with = if ignored.is_empty() {
            without
        } else {
            rsa_with_params(household, month, &ignored, p)
                .amount
                .max(without)
        };

        let prime_activite =
            from_fictive(month, [fictive[i], fictive[i + 1], fictive[i + 2]], p).amount;

        let mut bonus = Cents::ZERO;
        if without > Cents::ZERO {
            for &j in bonus_jobs {
                let job = &household.jobs[j];
                let who = job.person.index();
                if job.start == month && job.net_monthly > Cents::ZERO && !bonus_paid[who] {
                    bonus_paid[who] = true;
                    bonus += scheme.bonus_amount;
                }
            }
        }

        let (rsa_without_job, prime_activite_without_job, salary_without_job) =
            if jobs.new.is_empty() {
                (without, prime_activite, household.total_salary(month))
            } else {
                (
                    rsa_with_params(&before, month, &[], p).amount,
                    from_fictive(
                        month,
                        [
                            fictive_before[i],
                            fictive_before[i + 1],
                            fictive_before[i + 2],
                        ],
                        p,
                    )
                    .amount,
                    before.total_salary(month),
                )
            };

        let salary = household.total_salary(month);
        let other_resources = household.total_other_resources(month);
        let common = salary + other_resources + prime_activite;
        out.push(ProjectionMonth {
            month,
            salary,
            other_resources,
            rsa_without_scheme: without,
            rsa_with_scheme: with,
            prime_activite,
            bonus,
            total_without_scheme: common + without,
            total_with_scheme: common + with + bonus,
            cumulation_active: !ignored.is_empty(),
            salary_without_job,
            rsa_without_job,
            prime_activite_without_job,
            total_without_job: salary_without_job
                + other_resources
                + rsa_without_job
                + prime_activite_without_job,
        });
    }
    Ok(out)
}

/// An adult as the form gives it: a birth date, or else an age.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdultInput {
    /// Birth date, if given (preferred).
    #[serde(default)]
    pub birth_date: Option<Date>,
    /// Age in years, used when no birth date is given; kept constant over the simulation.
    #[serde(default)]
    pub age: Option<u8>,
    /// Pregnant.
    #[serde(default)]
    pub pregnant: bool,
}

/// A monthly resource as the form gives it: constant over the whole simulated period.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResourceInput {
    /// Who receives it.
    pub person: Person,
    /// What it is.
    pub kind: ResourceKind,
    /// Monthly amount.
    pub monthly: Cents,
}

/// The new job.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobInput {
    /// Who takes the job.
    pub person: Person,
    /// Sector code (one of the scheme's, or [`SECTOR_OTHER`]).
    pub sector: String,
    /// First month paid.
    pub start: Month,
    /// Last month paid, for a short contract.
    #[serde(default)]
    pub end: Option<Month>,
    /// Net monthly salary.
    pub net_monthly: Cents,
    /// Weekly hours, if known.
    #[serde(default)]
    pub hours_per_week: Option<u16>,
    /// Contract type, if known.
    #[serde(default)]
    pub contract: Option<ContractType>,
}

/// A salary received before the new job, in one month.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviousSalary {
    /// Who received it.
    pub person: Person,
    /// The month (before the new job's start).
    pub month: Month,
    /// Net amount.
    pub net: Cents,
}

/// A salary that goes on unchanged during the whole period (e.g. the partner's job).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OngoingSalary {
    /// Who receives it.
    pub person: Person,
    /// Net monthly amount.
    pub net_monthly: Cents,
}

/// What a simple web form produces.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimulationInput {
    /// Household type.
    pub household_kind: HouseholdKind,
    /// The claimant, then the spouse for a couple.
    pub adults: Vec<AdultInput>,
    /// Birth dates of the children.
    #[serde(default)]
    pub children_birth_dates: Vec<Date>,
    /// Single parent who became isolated recently.
    #[serde(default)]
    pub recently_isolated: bool,
    /// Housing status.
    pub housing_status: HousingStatus,
    /// Monthly housing aid (zero if none).
    #[serde(default)]
    pub housing_aid: Cents,
    /// Pensions, unemployment benefit, child support.
    #[serde(default)]
    pub other_resources: Vec<ResourceInput>,
    /// Family benefits counted by the CAF (allocations familiales…), per month.
    #[serde(default)]
    pub family_benefits: Cents,
    /// The new job.
    pub job: JobInput,
    /// Salaries of the months before the new job, if any.
    #[serde(default)]
    pub previous_salaries: Vec<PreviousSalary>,
    /// Salaries that go on (e.g. the partner's job).
    #[serde(default)]
    pub ongoing_salaries: Vec<OngoingSalary>,
    /// Whether the person says they currently receive the RSA (`None` if not asked).
    #[serde(default)]
    pub receives_rsa: Option<bool>,
}

impl SimulationInput {
    /// Builds the full household model (see the module documentation for the mapping).
    pub fn to_household(&self) -> Result<Household, SimulationError> {
        let start = self.job.start;
        let adults = self
            .adults
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let birth_date = match (a.birth_date, a.age) {
                    (Some(d), _) => d,
                    // Birthday on the 1st of the month after the projection: the age is the
                    // same from 6 months before the job to the end of the projection.
                    (None, Some(age)) => start
                        .add_months(HORIZON_MONTHS as i32)
                        .first_day()
                        .add_years(-(i32::from(age) + 1)),
                    (None, None) => return Err(SimulationError::MissingBirth { adult: i }),
                };
                Ok(Adult {
                    birth_date,
                    pregnant: a.pregnant,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;

        let mut jobs = vec![Job {
            person: self.job.person,
            sector: self.job.sector.clone(),
            start,
            end: self.job.end,
            net_monthly: self.job.net_monthly,
            hours_per_week: self.job.hours_per_week,
            contract: self.job.contract,
        }];
        for s in &self.ongoing_salaries {
            jobs.push(Job {
                person: s.person,
                sector: SECTOR_OTHER.to_string(),
                start: start.add_months(-12),
                end: None,
                net_monthly: s.net_monthly,
                hours_per_week: None,
                contract: None,
            });
        }
        for s in &self.previous_salaries {
            if s.month >= start {
                return Err(SimulationError::PreviousSalaryNotBeforeJob { month: s.month });
            }
            jobs.push(Job {
                person: s.person,
                sector: SECTOR_OTHER.to_string(),
                start: s.month,
                end: Some(s.month),
                net_monthly: s.net,
                hours_per_week: None,
                contract: None,
            });
        }

        let first = start.add_months(-(HISTORY_MONTHS as i32));
        let family_benefits: BTreeMap<Month, Cents> = if self.family_benefits == Cents::ZERO {
            BTreeMap::new()
        } else {
            (0..(HISTORY_MONTHS + MAX_PROJECTION_MONTHS) as i32)
                .map(|i| (first.add_months(i), self.family_benefits))
                .collect()
        };

        let household = Household {
            kind: self.household_kind,
            adults,
            children: self
                .children_birth_dates
                .iter()
                .map(|&birth_date| Child { birth_date })
                .collect(),
            recently_isolated: self.recently_isolated,
            housing: Housing {
                status: self.housing_status,
                housing_aid: self.housing_aid,
            },
            jobs,
            other_resources: self
                .other_resources
                .iter()
                .map(|r| OtherResource {
                    person: r.person,
                    kind: r.kind,
                    monthly: r.monthly,
                    from: None,
                    to: None,
                })
                .collect(),
            family_benefits,
        };
        if self.family_benefits < Cents::ZERO {
            return Err(SimulationError::NegativeAmount {
                field: "prestations familiales".to_string(),
            });
        }
        household.validate()?;
        Ok(household)
    }
}

/// A complete simulation: eligibility, projection, and the assumptions to state.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Simulation {
    /// Code of the scheme definition used.
    pub scheme_code: String,
    /// Version of the scheme definition used.
    pub scheme_version: u32,
    /// First month of the new job (and of the projection).
    pub job_start: Month,
    /// The household model the rules computed on.
    pub household: Household,
    /// Verdicts per criterion, and overall.
    pub eligibility: Eligibility,
    /// Month by month, from the job's first month, for [`HORIZON_MONTHS`] months.
    pub projection: Vec<ProjectionMonth>,
    /// Sums over the projection.
    pub totals: ProjectionTotals,
    /// The answer in words: the gain of taking the job, the scheme's extra, when the RSA stops.
    pub outlook: Outlook,
    /// What the figures assume, to state in the interface.
    pub assumptions: Vec<Assumption>,
}

/// Assumption `calcul_mensuel`, in French.
pub const ASSUMPTION_MONTHLY: &str = "Chaque mois, le calcul tient compte de vos ressources des 3 mois précédents, comme le modèle officiel OpenFisca-France. En pratique, la CAF fixe votre RSA pour 3 mois après votre déclaration trimestrielle : les montants versés peuvent être décalés d'un ou deux mois.";

/// Assumption `ressources_constantes`, in French.
pub const ASSUMPTION_RESOURCES: &str = "Les ressources indiquées (pension, chômage, pension alimentaire, prestations familiales, aide au logement) sont supposées identiques chaque mois, des 3 mois avant votre emploi jusqu'à la fin de la projection.";

/// Assumption `situation_constante`, in French.
pub const ASSUMPTION_SITUATION: &str =
    "Votre famille et votre logement sont supposés ne pas changer pendant la projection.";

/// Assumption `conditions_non_verifiees`, in French.
pub const ASSUMPTION_CONDITIONS: &str = "Le calcul suppose que vous remplissez les conditions de séjour en France et que vous n'êtes pas étudiant. Il ne tient pas compte de l'AAH, de l'ASS, des indemnités journalières, des revenus d'indépendant ni de l'épargne.";

/// Assumption `total`, in French.
pub const ASSUMPTION_TOTAL: &str = "Le total additionne les salaires, les autres ressources indiquées, le RSA, la prime d'activité et la prime du dispositif. Il ne compte pas l'aide au logement, qui ne change pas avec le dispositif.";

/// Assumption `age_constant`, in French.
pub const ASSUMPTION_AGE: &str = "Vous avez indiqué un âge plutôt qu'une date de naissance : il est supposé le même pendant toute la projection.";

fn engine_assumptions(input: &SimulationInput) -> Vec<Assumption> {
    let mut out = vec![
        Assumption {
            code: "calcul_mensuel".to_string(),
            text_fr: ASSUMPTION_MONTHLY.to_string(),
        },
        Assumption {
            code: "ressources_constantes".to_string(),
            text_fr: ASSUMPTION_RESOURCES.to_string(),
        },
        Assumption {
            code: "situation_constante".to_string(),
            text_fr: ASSUMPTION_SITUATION.to_string(),
        },
        Assumption {
            code: "conditions_non_verifiees".to_string(),
            text_fr: ASSUMPTION_CONDITIONS.to_string(),
        },
        Assumption {
            code: "total".to_string(),
            text_fr: ASSUMPTION_TOTAL.to_string(),
        },
    ];
    if input
        .adults
        .iter()
        .any(|a| a.birth_date.is_none() && a.age.is_some())
    {
        out.push(Assumption {
            code: "age_constant".to_string(),
            text_fr: ASSUMPTION_AGE.to_string(),
        });
    }
    out
}

/// Runs a simulation for the web app: builds the household, answers the eligibility
/// criteria, and projects [`HORIZON_MONTHS`] months from the job's first month.
///
/// The cumulation is applied to the new job unless its overall verdict is "not met", the
/// bonus likewise (and only if the RSA without the scheme is positive in the job's first
/// month); an "à confirmer" verdict shows the figures the scheme would give.
pub fn simulate(
    input: &SimulationInput,
    scheme: &SchemeDefinition,
) -> Result<Simulation, SimulationError> {
    let household = input.to_household()?;
    let job = &household.jobs[0];
    let rsa_first_month = rsa_for_month(&household, job.start, &[])?.amount;
    let eligibility = evaluate(
        &JobSituation {
            job,
            rsa_first_month,
            declared_receives_rsa: input.receives_rsa,
        },
        scheme,
    );
    let applies = |v: Verdict| {
        if v == Verdict::NotMet {
            &[][..]
        } else {
            &[0][..]
        }
    };
    let projection = project_jobs(
        &household,
        scheme,
        job.start,
        HORIZON_MONTHS,
        &Jobs {
            cumulation: applies(eligibility.cumulation.verdict),
            bonus: applies(eligibility.bonus.verdict),
            new: &[0],
        },
    )?;
    let totals = ProjectionTotals::of(&projection);
    let outlook = Outlook::of(&projection, &totals, &eligibility);
    let mut assumptions = engine_assumptions(input);
    assumptions.extend(scheme.assumptions.iter().cloned());
    Ok(Simulation {
        scheme_code: scheme.code.clone(),
        scheme_version: scheme.version,
        job_start: job.start,
        totals,
        outlook,
        household,
        eligibility,
        projection,
        assumptions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::{Adult, HousingStatus};

    /// A non-scheme job paid in January and February, then a one-month EHPAD job in March.
    /// In April the ordinary rules neutralise every salary (it stopped in April, none
    /// replaces it), while ignoring the EHPAD job would leave January and February counted:
    /// the scheme must not make the person worse off.
    #[test]
    fn the_scheme_never_lowers_the_rsa() {
        let job = |sector: &str, start: Month, end: Month| Job {
            person: Person::First,
            sector: sector.to_string(),
            start,
            end: Some(end),
            net_monthly: Cents(80_000),
            hours_per_week: None,
            contract: None,
        };
        let household = Household {
            kind: HouseholdKind::Single,
            adults: vec![Adult {
                birth_date: Date::ymd(1985, 9, 10),
                pregnant: false,
            }],
            children: vec![],
            recently_isolated: false,
            housing: Housing {
                status: HousingStatus::Tenant,
                housing_aid: Cents::ZERO,
            },
            jobs: vec![
                job(SECTOR_OTHER, Month::ym(2021, 1), Month::ym(2021, 2)),
                job("ehpad", Month::ym(2021, 3), Month::ym(2021, 3)),
            ],
            other_resources: vec![],
            family_benefits: BTreeMap::new(),
        };
        let scheme = SchemeDefinition::seine_maritime_2021();
        let april = Month::ym(2021, 4);
        let ordinary = rsa_for_month(&household, april, &[]).unwrap().amount;
        let ignoring = rsa_for_month(&household, april, &[1]).unwrap().amount;
        assert_eq!(ordinary, Cents(56_534));
        assert!(ignoring < ordinary);
        let p = project(&household, &scheme, april, 1).unwrap();
        assert!(p[0].cumulation_active);
        assert_eq!(p[0].rsa_with_scheme, ordinary);
    }
}
