//! The RSA of one month (revenu de solidarité active, CASF L262-1 and following).
//!
//! RSA(M) = max(0, montant forfaitaire − forfait logement − resources), not paid below 6 €.
//! Since 2016 every euro of earnings is deducted; the work incentive is the separate prime
//! d'activité ([`crate::prime_activite`]).
//!
//! The resources of month M are the **average of months M−3, M−2, M−1** (a rolling window,
//! as OpenFisca-France models CASF R262-7), plus the family benefits of month M itself. The
//! composition, ages, housing and parameters are those of month M.
//!
//! **Neutralisation** (CASF R262-13), per person and per kind of income, tested in month M
//! only: an income that is zero in M and was positive in M−1 is
//! - for earnings, unemployment benefit and pensions: ignored for the whole look-back, unless
//!   the person has a replacement income (unemployment benefit or pension) in M;
//! - for other resources (child support): reduced by 3 × the base amount (floor 0).
//!
//! In M+1 the previous months count again: neutralisation lasts one month.
//!
//! Not modelled (the form does not ask, and none of the reference households needs it):
//! students, the nationality and residence conditions, the "RSA jeune actif" (18–24 with
//! 3,214 hours worked), self-employed income, AAH, ASS, ASPA, daily sickness allowances and
//! income from savings. The 12/18-month limit of the single-parent majoration is the person's
//! answer to "recently isolated", as in OpenFisca.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::error::SimulationError;
use crate::household::{
    Household, ResourceKind, forfait_logement, household_rate, single_parent_rate,
};
use crate::money::{Cents, Fx};
use crate::params::MonthParams;

/// The RSA of one month, with the intermediate amounts that explain it (each rounded to the
/// cent for display; `amount` is computed from the unrounded values).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RsaMonth {
    /// The month.
    pub month: Month,
    /// RSA paid for the month.
    pub amount: Cents,
    /// Age condition met (an adult aged 25 or more, or a dependent child).
    pub eligible: bool,
    /// Single-parent / pregnancy majoration applied.
    pub majore: bool,
    /// Dependent children counted.
    pub children: u8,
    /// Montant forfaitaire (the larger of the ordinary and majoré amounts; zero if not
    /// eligible).
    pub montant_forfaitaire: Cents,
    /// Forfait logement deducted.
    pub forfait_logement: Cents,
    /// Resources counted for the month (three-month average plus family benefits).
    pub resources: Cents,
    /// A positive amount below the 6 € minimum, hence not paid.
    pub below_minimum: bool,
}

/// Sum over M−3..M−1 of an income, with the neutralisation test of month M.
fn averaged_professional(
    income: impl Fn(Month) -> Cents,
    month: Month,
    has_replacement_income: bool,
) -> Fx {
    let stopped = income(month) == Cents::ZERO && income(month.previous()) > Cents::ZERO;
    if stopped && !has_replacement_income {
        return Fx::ZERO;
    }
    (1..=3)
        .map(|k| Fx::from_cents(income(month.add_months(-k))))
        .fold(Fx::ZERO, |a, b| a + b)
}

/// Resources of month M (before dividing the look-back by three, it is kept exact in [`Fx`]).
fn resources(household: &Household, month: Month, ignored_jobs: &[usize], p: &MonthParams) -> Fx {
    let mut three_months = Fx::ZERO;
    for person in household.persons() {
        let resource = |kind: ResourceKind| move |m: Month| household.resource(person, kind, m);
        let replacement = household.resource(person, ResourceKind::UnemploymentBenefit, month)
            > Cents::ZERO
            || household.resource(person, ResourceKind::Pension, month) > Cents::ZERO;
        three_months += averaged_professional(
            |m| household.salary(person, m, ignored_jobs),
            month,
            replacement,
        );
        three_months += averaged_professional(
            resource(ResourceKind::UnemploymentBenefit),
            month,
            replacement,
        );
        three_months += averaged_professional(resource(ResourceKind::Pension), month, replacement);
        three_months += non_professional(resource(ResourceKind::ChildSupport), month, p);
    }
    three_months.div(3) + Fx::from_cents(household.family_benefits_at(month))
}

/// Child support and other non-professional income: a stop is neutralised only up to the
/// one-person base amount per month of the look-back.
fn non_professional(income: impl Fn(Month) -> Cents, month: Month, p: &MonthParams) -> Fx {
    let sum = (1..=3)
        .map(|k| Fx::from_cents(income(month.add_months(-k))))
        .fold(Fx::ZERO, |a, b| a + b);
    let stopped = income(month) == Cents::ZERO && income(month.previous()) > Cents::ZERO;
    if stopped {
        let cap = Fx::from_cents(p.rsa_base).times(i64::from(p.neutralisation_non_pro_months));
        (sum - cap).max(Fx::ZERO)
    } else {
        sum
    }
}

/// The RSA of `month` for `household` (checked with [`Household::validate`] first).
///
/// `ignored_jobs` lists indices of `household.jobs` whose salary is treated as nonexistent in
/// every month of the calculation (the cumulation scheme); pass `&[]` for the ordinary RSA.
pub fn rsa_for_month(
    household: &Household,
    month: Month,
    ignored_jobs: &[usize],
) -> Result<RsaMonth, SimulationError> {
    household.validate()?;
    // Only the parameters of month M matter; the look-back reads incomes, not parameters.
    let p = MonthParams::at(month)?;
    Ok(rsa_with_params(household, month, ignored_jobs, &p))
}

pub(crate) fn rsa_with_params(
    household: &Household,
    month: Month,
    ignored_jobs: &[usize],
    p: &MonthParams,
) -> RsaMonth {
    let c = household.composition(month, p);
    let base = Fx::from_cents(p.rsa_base);
    let ordinary = if c.rsa_eligible {
        base.mul_rate(household_rate(c, p))
    } else {
        Fx::ZERO
    };
    // As in OpenFisca, the majoré amount does not depend on the age condition: a pregnant
    // woman living alone is entitled before 25 (the child "à naître" of CASF L262-4).
    let majore = if c.majore {
        base.mul_rate(single_parent_rate(c, p))
    } else {
        Fx::ZERO
    };
    let montant_forfaitaire = ordinary.max(majore);
    let fl = forfait_logement(p.rsa_base, c.persons(), &household.housing, p);
    let res = resources(household, month, ignored_jobs, p);
    let computed = (montant_forfaitaire - fl - res).max(Fx::ZERO);
    let below_minimum = computed.is_positive() && computed < Fx::from_cents(p.rsa_minimum);
    let amount = if below_minimum { Fx::ZERO } else { computed };
    RsaMonth {
        month,
        amount: amount.round_cents(),
        eligible: c.rsa_eligible,
        majore: c.majore,
        children: c.children,
        montant_forfaitaire: montant_forfaitaire.round_cents(),
        forfait_logement: fl.round_cents(),
        resources: res.round_cents(),
        below_minimum,
    }
}
