//! The household model the rules read: who lives in the household, their housing, their jobs
//! and other resources month by month.
//!
//! This is the full model (any jobs, any dated resources, family benefits month by month). The
//! web form fills a simpler [`crate::SimulationInput`], mapped onto this model by
//! [`crate::SimulationInput::to_household`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::error::SimulationError;
use crate::money::{Cents, Fx, Rate};
use crate::params::MonthParams;

/// Household type, as the person describes it.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HouseholdKind {
    /// One adult, no child.
    Single,
    /// Two adults (married, PACS or living together), with or without children.
    Couple,
    /// One adult with at least one child.
    SingleParent,
}

impl HouseholdKind {
    /// Number of adults this kind implies.
    pub fn adults(self) -> usize {
        match self {
            HouseholdKind::Couple => 2,
            HouseholdKind::Single | HouseholdKind::SingleParent => 1,
        }
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            HouseholdKind::Single => "Personne seule",
            HouseholdKind::Couple => "Couple",
            HouseholdKind::SingleParent => "Parent seul",
        }
    }
}

/// One of the (at most two) adults of the household. Serialised `"a1"` / `"a2"`, as in the
/// reference cases.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Person {
    /// The claimant.
    #[serde(rename = "a1")]
    First,
    /// The spouse or partner.
    #[serde(rename = "a2")]
    Second,
}

impl Person {
    /// 0 for the claimant, 1 for the spouse.
    pub fn index(self) -> usize {
        match self {
            Person::First => 0,
            Person::Second => 1,
        }
    }

    /// Both persons, in order.
    pub const ALL: [Person; 2] = [Person::First, Person::Second];
}

/// An adult of the household.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Adult {
    /// Birth date (age is taken on the 1st of each month).
    pub birth_date: Date,
    /// Pregnant (opens the single-parent majoration for a woman living alone).
    pub pregnant: bool,
}

/// A child of the household. Children count as dependants while under 25 (CASF R262-3);
/// the model assumes they have no income of their own.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Child {
    /// Birth date. A date in the future within six months is read as a pregnancy, as
    /// OpenFisca does; the child itself counts from its birth.
    pub birth_date: Date,
}

/// Housing status: decides the forfait logement deducted from the RSA and the prime
/// d'activité.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HousingStatus {
    /// Tenant: forfait only if housing aid is received (then min(aid, forfait)).
    Tenant,
    /// Owner with no loan to repay: full forfait.
    Owner,
    /// Owner repaying a loan: no forfait (unless housing aid is received).
    OwnerWithMortgage,
    /// Housed for free, contributing nothing: full forfait.
    HostedFree,
}

impl HousingStatus {
    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            HousingStatus::Tenant => "Locataire",
            HousingStatus::Owner => "Propriétaire sans emprunt",
            HousingStatus::OwnerWithMortgage => "Propriétaire qui rembourse un emprunt",
            HousingStatus::HostedFree => "Hébergé gratuitement",
        }
    }

    /// Housing counted as a benefit in kind: the full forfait logement applies.
    fn is_benefit_in_kind(self) -> bool {
        matches!(self, HousingStatus::Owner | HousingStatus::HostedFree)
    }
}

/// Housing, assumed unchanged over the simulated period.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Housing {
    /// Housing status.
    pub status: HousingStatus,
    /// Housing aid received each month (APL, ALF, ALS); zero if none.
    pub housing_aid: Cents,
}

/// Kind of employment contract.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContractType {
    /// Contrat à durée indéterminée.
    Cdi,
    /// Contrat à durée déterminée.
    Cdd,
    /// Intérim (mission de travail temporaire).
    Interim,
    /// Another contract (apprenticeship, contrat aidé…).
    Other,
}

impl ContractType {
    /// Every contract type.
    pub const ALL: [ContractType; 4] = [
        ContractType::Cdi,
        ContractType::Cdd,
        ContractType::Interim,
        ContractType::Other,
    ];

    /// Stable code stored in the database and used by forms and the partner API.
    pub fn code(self) -> &'static str {
        match self {
            ContractType::Cdi => "cdi",
            ContractType::Cdd => "cdd",
            ContractType::Interim => "interim",
            ContractType::Other => "other",
        }
    }

    /// Parses a code (`autre` is accepted for `other`, as French forms say it).
    pub fn from_code(code: &str) -> Option<ContractType> {
        match code {
            "autre" => Some(ContractType::Other),
            c => ContractType::ALL.into_iter().find(|t| t.code() == c),
        }
    }

    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            ContractType::Cdi => "CDI",
            ContractType::Cdd => "CDD",
            ContractType::Interim => "Intérim",
            ContractType::Other => "Autre contrat",
        }
    }
}

/// A salaried job of one adult.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Job {
    /// Who holds the job.
    pub person: Person,
    /// Sector code, compared with the scheme's list (e.g. `"ehpad"`, `"saad"`); use
    /// [`crate::SECTOR_OTHER`] for a job outside any scheme.
    pub sector: String,
    /// First month paid.
    pub start: Month,
    /// Last month paid (inclusive); `None` while the job goes on.
    pub end: Option<Month>,
    /// Net monthly salary (`salaire net`), the amount the CAF counts.
    pub net_monthly: Cents,
    /// Weekly hours, if known.
    pub hours_per_week: Option<u16>,
    /// Contract type, if known.
    pub contract: Option<ContractType>,
}

impl Job {
    /// Whether the job pays a salary in `month`.
    pub fn is_running(&self, month: Month) -> bool {
        self.start <= month && self.end.is_none_or(|end| month <= end)
    }
}

/// Kind of non-salary resource.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// Retirement pension (replacement income: counts, and cancels the neutralisation of a
    /// stopped salary).
    Pension,
    /// Unemployment benefit (ARE; replacement income, like a pension).
    UnemploymentBenefit,
    /// Child support received (pension alimentaire; a non-professional resource).
    ChildSupport,
}

impl ResourceKind {
    /// French label.
    pub fn label_fr(self) -> &'static str {
        match self {
            ResourceKind::Pension => "Pension de retraite",
            ResourceKind::UnemploymentBenefit => "Allocation chômage",
            ResourceKind::ChildSupport => "Pension alimentaire reçue",
        }
    }
}

/// A monthly resource other than a salary, received by one adult over a period.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OtherResource {
    /// Who receives it.
    pub person: Person,
    /// What it is.
    pub kind: ResourceKind,
    /// Monthly amount.
    pub monthly: Cents,
    /// First month received; `None` = already received before any simulated month.
    pub from: Option<Month>,
    /// Last month received (inclusive); `None` = still received.
    pub to: Option<Month>,
}

impl OtherResource {
    fn is_received(&self, month: Month) -> bool {
        self.from.is_none_or(|from| from <= month) && self.to.is_none_or(|to| month <= to)
    }
}

/// Everything the RSA and the prime d'activité need to know about a household.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Household {
    /// Household type.
    pub kind: HouseholdKind,
    /// One adult, or two for a couple. Jobs and resources refer to them as `a1` / `a2`.
    pub adults: Vec<Adult>,
    /// Children (up to 24 years old count).
    pub children: Vec<Child>,
    /// A single parent who became isolated recently (less than 12–18 months): opens the
    /// single-parent majoration even when no child is under 3.
    pub recently_isolated: bool,
    /// Housing.
    pub housing: Housing,
    /// Jobs of the adults, past and present.
    pub jobs: Vec<Job>,
    /// Pensions, unemployment benefit, child support.
    pub other_resources: Vec<OtherResource>,
    /// Family benefits counted as a resource, month by month (allocations familiales, PAJE,
    /// complément familial, ASF as a flat amount). A missing month counts as zero.
    pub family_benefits: BTreeMap<Month, Cents>,
}

/// Who counts in the household in a given month, and what that opens.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Composition {
    /// Adults (1 or 2).
    pub adults: u8,
    /// Dependent children: born, and under 25 on the 1st of the month.
    pub children: u8,
    /// Age condition of the RSA met: an adult aged 25 or more, or a dependent child.
    pub rsa_eligible: bool,
    /// Single-parent (or pregnant single woman) majoration applies.
    pub majore: bool,
    /// Someone in the household is 18 or older (prime d'activité).
    pub prime_activite_eligible: bool,
}

impl Composition {
    /// Adults plus dependent children.
    pub fn persons(self) -> u8 {
        self.adults + self.children
    }
}

impl Household {
    /// Checks that the household is consistent (one or two adults matching the kind, jobs
    /// and resources referring to existing adults, no negative amount, periods in order).
    pub fn validate(&self) -> Result<(), SimulationError> {
        match self.adults.len() {
            0 => return Err(SimulationError::NoAdult),
            1 | 2 => {}
            _ => return Err(SimulationError::TooManyAdults),
        }
        if self.kind.adults() != self.adults.len() {
            return Err(SimulationError::KindMismatch);
        }
        let check_person = |person: Person| {
            if person.index() < self.adults.len() {
                Ok(())
            } else {
                Err(SimulationError::UnknownPerson { person })
            }
        };
        // Amounts stay far from the limits of the fixed-point arithmetic.
        const MAX_MONTHLY: Cents = Cents::from_euros(10_000_000);
        let negative = |c: Cents, field: &str| {
            if c.get() < 0 {
                Err(SimulationError::NegativeAmount {
                    field: field.to_string(),
                })
            } else if c > MAX_MONTHLY {
                Err(SimulationError::AmountTooLarge {
                    field: field.to_string(),
                })
            } else {
                Ok(())
            }
        };
        negative(self.housing.housing_aid, "aide au logement")?;
        for job in &self.jobs {
            check_person(job.person)?;
            negative(job.net_monthly, "salaire")?;
            if job.end.is_some_and(|end| end < job.start) {
                return Err(SimulationError::EndBeforeStart);
            }
        }
        for r in &self.other_resources {
            check_person(r.person)?;
            negative(r.monthly, r.kind.label_fr())?;
            if let (Some(from), Some(to)) = (r.from, r.to)
                && to < from
            {
                return Err(SimulationError::EndBeforeStart);
            }
        }
        for amount in self.family_benefits.values() {
            negative(*amount, "prestations familiales")?;
        }
        Ok(())
    }

    /// Net salary of `person` in `month`: the sum of their running jobs, leaving out the jobs
    /// whose index is in `ignored_jobs` (the cumulation scheme ignores the eligible job).
    pub fn salary(&self, person: Person, month: Month, ignored_jobs: &[usize]) -> Cents {
        self.jobs
            .iter()
            .enumerate()
            .filter(|(i, j)| j.person == person && j.is_running(month) && !ignored_jobs.contains(i))
            .map(|(_, j)| j.net_monthly)
            .sum()
    }

    /// Amount of resources of `kind` received by `person` in `month`.
    pub fn resource(&self, person: Person, kind: ResourceKind, month: Month) -> Cents {
        self.other_resources
            .iter()
            .filter(|r| r.person == person && r.kind == kind && r.is_received(month))
            .map(|r| r.monthly)
            .sum()
    }

    /// Family benefits counted in `month`.
    pub fn family_benefits_at(&self, month: Month) -> Cents {
        self.family_benefits
            .get(&month)
            .copied()
            .unwrap_or(Cents::ZERO)
    }

    /// The adults, as persons `a1`, `a2`.
    pub fn persons(&self) -> impl Iterator<Item = Person> + '_ {
        Person::ALL.into_iter().take(self.adults.len())
    }

    /// Household net salaries in `month` (all jobs).
    pub fn total_salary(&self, month: Month) -> Cents {
        self.persons().map(|p| self.salary(p, month, &[])).sum()
    }

    /// Pensions, unemployment benefit, child support and family benefits of the household in
    /// `month`.
    pub fn total_other_resources(&self, month: Month) -> Cents {
        let individual: Cents = self
            .other_resources
            .iter()
            .filter(|r| r.person.index() < self.adults.len() && r.is_received(month))
            .map(|r| r.monthly)
            .sum();
        individual + self.family_benefits_at(month)
    }

    /// Who counts in `month` (ages on the 1st of the month), following CASF L262-4, L262-9,
    /// R262-3 and the OpenFisca-France reading of them.
    pub(crate) fn composition(&self, month: Month, p: &MonthParams) -> Composition {
        let first = month.first_day();
        let mut children: u8 = 0;
        let mut child_under_limit = false;
        let mut child_adult = false;
        let mut expected_birth = false;
        let due_limit = month.add_months(6).first_day();
        for c in &self.children {
            if c.birth_date > first {
                // Not born on the 1st of the month: a birth due within six months is a
                // pregnancy (OpenFisca `enceinte_fam`).
                expected_birth |= c.birth_date < due_limit;
                continue;
            }
            let age = c.birth_date.age_on(first);
            if age < i32::from(p.child_age_limit) {
                children = children.saturating_add(1);
            }
            child_under_limit |= age < i32::from(p.majoration_child_age_limit);
            child_adult |= age >= i32::from(p.pa_min_age);
        }
        let adults = self.adults.len().min(2) as u8;
        let pregnant = expected_birth || self.adults.iter().any(|a| a.pregnant);
        let isolated = adults == 1;
        let majore = isolated
            && (pregnant || children > 0)
            && (child_under_limit || self.recently_isolated || pregnant);
        let rsa_eligible = children > 0
            || self
                .adults
                .iter()
                .any(|a| a.birth_date.age_on(first) >= i32::from(p.rsa_min_age));
        let prime_activite_eligible = child_adult
            || self
                .adults
                .iter()
                .any(|a| a.birth_date.age_on(first) >= i32::from(p.pa_min_age));
        Composition {
            adults,
            children,
            rsa_eligible,
            majore,
            prime_activite_eligible,
        }
    }
}

/// Household multiplier of the montant forfaitaire (CASF R262-1; same increments for the
/// prime d'activité): +50 % for the 2nd person, +30 % for the 3rd, then +40 % per child from
/// the 3rd child, the 4th person of a couple being its 2nd child (+30 %).
pub(crate) fn household_rate(c: Composition, p: &MonthParams) -> Rate {
    let n = c.persons();
    let mut rate = Rate::ONE;
    if n >= 2 {
        rate = rate + p.rate_second;
    }
    if n >= 3 {
        rate = rate + p.rate_third;
    }
    if n >= 4 {
        rate = rate
            + if c.adults == 1 {
                p.rate_extra_child
            } else {
                p.rate_third
            };
    }
    for _ in 4..n {
        rate = rate + p.rate_extra_child;
    }
    rate
}

/// Montant forfaitaire majoré for an isolated parent or pregnant woman (CASF R262-1):
/// 128.412 % of the base plus 42.804 % per dependent child.
pub(crate) fn single_parent_rate(c: Composition, p: &MonthParams) -> Rate {
    let mut rate = p.rate_single_parent;
    for _ in 0..c.children {
        rate = rate + p.rate_single_parent_per_child;
    }
    rate
}

/// Forfait logement (CASF R262-9, R262-10; same rule for the prime d'activité with its own
/// base): 12 % of the one-person amount, 16 % of the two-person amount, 16.5 % of the
/// three-person amount for three persons or more. Deducted in full for owners without a loan
/// and people housed for free; otherwise min(housing aid, forfait) when aid is received.
pub(crate) fn forfait_logement(base: Cents, persons: u8, housing: &Housing, p: &MonthParams) -> Fx {
    let base = Fx::from_cents(base);
    let forfait = match persons {
        0 | 1 => base.mul_rate(p.fl_one),
        2 => base.mul_rate(Rate::ONE + p.rate_second).mul_rate(p.fl_two),
        _ => base
            .mul_rate(Rate::ONE + p.rate_second + p.rate_third)
            .mul_rate(p.fl_three),
    };
    let aid = Fx::from_cents(housing.housing_aid);
    let from_aid = if aid.is_positive() {
        aid.min(forfait)
    } else {
        Fx::ZERO
    };
    let in_kind = if housing.status.is_benefit_in_kind() {
        forfait
    } else {
        Fx::ZERO
    };
    from_aid.max(in_kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn household(adults: &[&str], children: &[&str]) -> Household {
        Household {
            kind: if adults.len() == 2 {
                HouseholdKind::Couple
            } else if children.is_empty() {
                HouseholdKind::Single
            } else {
                HouseholdKind::SingleParent
            },
            adults: adults
                .iter()
                .map(|b| Adult {
                    birth_date: date(b),
                    pregnant: false,
                })
                .collect(),
            children: children
                .iter()
                .map(|b| Child {
                    birth_date: date(b),
                })
                .collect(),
            recently_isolated: false,
            housing: Housing {
                status: HousingStatus::Tenant,
                housing_aid: Cents::ZERO,
            },
            jobs: vec![],
            other_resources: vec![],
            family_benefits: BTreeMap::new(),
        }
    }

    fn rate_of(h: &Household, m: Month) -> Rate {
        let p = MonthParams::at(m).unwrap();
        household_rate(h.composition(m, &p), &p)
    }

    #[test]
    fn multipliers_follow_r262_1() {
        let m = Month::ym(2021, 1);
        assert_eq!(
            rate_of(&household(&["1985-01-01"], &[]), m),
            Rate::ppm(1_000_000)
        );
        assert_eq!(
            rate_of(&household(&["1985-01-01", "1985-01-01"], &[]), m),
            Rate::ppm(1_500_000)
        );
        let three = ["2010-01-01", "2012-01-01", "2014-01-01"];
        // Single + 3 children = 1 + 0.5 + 0.3 + 0.4.
        assert_eq!(
            rate_of(&household(&["1985-01-01"], &three), m),
            Rate::ppm(2_200_000)
        );
        // Couple + 2 children = 1 + 0.5 + 0.3 + 0.3; couple + 3 = 2.5.
        assert_eq!(
            rate_of(&household(&["1985-01-01", "1985-01-01"], &three[..2]), m),
            Rate::ppm(2_100_000)
        );
        assert_eq!(
            rate_of(&household(&["1985-01-01", "1985-01-01"], &three), m),
            Rate::ppm(2_500_000)
        );
    }

    #[test]
    fn children_count_until_25_and_majoration_until_3() {
        let p = MonthParams::at(Month::ym(2021, 8)).unwrap();
        // Elder born 1996-08-10: 24 on 1 Aug 2021, 25 on 1 Sep 2021.
        let h = household(&["1970-01-01", "1971-01-01"], &["1996-08-10"]);
        assert_eq!(h.composition(Month::ym(2021, 8), &p).children, 1);
        assert_eq!(h.composition(Month::ym(2021, 9), &p).children, 0);
        // Youngest born 2018-08-10: majoré in August 2021, not in September.
        let sp = household(&["1983-02-10"], &["2018-08-10", "2015-04-10"]);
        assert!(sp.composition(Month::ym(2021, 8), &p).majore);
        assert!(!sp.composition(Month::ym(2021, 9), &p).majore);
    }

    #[test]
    fn age_condition_and_pregnancy() {
        let p = MonthParams::at(Month::ym(2021, 2)).unwrap();
        let young = household(&["1997-08-10"], &[]);
        let c = young.composition(Month::ym(2021, 2), &p);
        assert!(!c.rsa_eligible && c.prime_activite_eligible && !c.majore);
        let mut pregnant = young.clone();
        pregnant.adults[0].pregnant = true;
        assert!(pregnant.composition(Month::ym(2021, 2), &p).majore);
        // A birth due within six months reads as a pregnancy; the child counts once born.
        let mut due = young.clone();
        due.children.push(Child {
            birth_date: date("2021-05-03"),
        });
        let c = due.composition(Month::ym(2021, 2), &p);
        assert!(c.majore && c.children == 0);
        let c = due.composition(Month::ym(2021, 6), &p);
        assert!(c.majore && c.children == 1 && c.rsa_eligible);
    }

    #[test]
    fn forfait_logement_cases() {
        let p = MonthParams::at(Month::ym(2021, 1)).unwrap();
        let base = Cents(56_478);
        let fl = |status, aid: i64, persons| {
            forfait_logement(
                base,
                persons,
                &Housing {
                    status,
                    housing_aid: Cents(aid),
                },
                &p,
            )
            .round_cents()
        };
        assert_eq!(fl(HousingStatus::Tenant, 0, 1), Cents(0));
        assert_eq!(fl(HousingStatus::Tenant, 4_000, 1), Cents(4_000));
        assert_eq!(fl(HousingStatus::Tenant, 25_000, 1), Cents(6_777));
        assert_eq!(fl(HousingStatus::Owner, 0, 2), Cents(13_555));
        assert_eq!(fl(HousingStatus::HostedFree, 0, 5), Cents(16_774));
        assert_eq!(fl(HousingStatus::OwnerWithMortgage, 0, 1), Cents(0));
        assert_eq!(fl(HousingStatus::OwnerWithMortgage, 4_000, 1), Cents(4_000));
    }

    #[test]
    fn validation() {
        let mut h = household(&["1985-01-01"], &[]);
        assert_eq!(h.validate(), Ok(()));
        h.jobs.push(Job {
            person: Person::Second,
            sector: "autre".into(),
            start: Month::ym(2021, 1),
            end: None,
            net_monthly: Cents(100_000),
            hours_per_week: None,
            contract: None,
        });
        assert_eq!(
            h.validate(),
            Err(SimulationError::UnknownPerson {
                person: Person::Second
            })
        );
        h.jobs[0].person = Person::First;
        h.jobs[0].end = Some(Month::ym(2020, 12));
        assert_eq!(h.validate(), Err(SimulationError::EndBeforeStart));
        h.jobs[0].end = None;
        h.jobs[0].net_monthly = Cents(i64::MAX);
        assert!(matches!(
            h.validate(),
            Err(SimulationError::AmountTooLarge { .. })
        ));
        h.kind = HouseholdKind::Couple;
        assert_eq!(h.validate(), Err(SimulationError::KindMismatch));
    }
}
