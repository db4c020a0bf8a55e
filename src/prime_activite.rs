//! The prime d'activité of one month (CSS L841-1 and following).
//!
//! The prime of month M is the **mean of three "fictive" monthly amounts**, one for each of
//! M−3, M−2, M−1, each computed with that month's income, composition and parameters (not a
//! prime computed on averaged income). It is not paid when that mean is below 15 €. Hence it
//! is zero in the first month of a new job and ramps up over three months.
//!
//! Fictive amount of month m (OpenFisca-France `ppa_fictive`):
//! `max(0, MF + Σ bonus_i + pente × earnings − max(resources + forfait logement, MF))`
//! where MF is the montant forfaitaire (majoré for an isolated parent), resources are the
//! household's earnings, pensions, unemployment benefit, child support and family benefits of
//! month m, and bonus_i is each adult's individual bonus: zero up to 59 hours of gross SMIC,
//! rising linearly to its maximum at 120 hours (138 from April 2026).
//!
//! The RSA is not a resource of the prime d'activité, and the departmental cumulation scheme
//! does not touch it: the prime is the same with or without the scheme.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::error::SimulationError;
use crate::household::{
    Household, ResourceKind, forfait_logement, household_rate, single_parent_rate,
};
use crate::money::{Cents, Fx};
use crate::params::MonthParams;

/// The prime d'activité of one month and the three fictive amounts it averages.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PrimeActiviteMonth {
    /// The month.
    pub month: Month,
    /// Prime d'activité paid for the month.
    pub amount: Cents,
    /// Fictive amounts of months M−3, M−2, M−1 (rounded for display).
    pub fictive: [Cents; 3],
    /// A positive mean below the 15 € minimum, hence not paid.
    pub below_minimum: bool,
}

/// Individual bonus for monthly earnings `earnings` (CSS D843-1): linear between 59 and 120
/// (138 from April 2026) hours of gross SMIC, capped at a share of the base rounded to the
/// cent.
fn bonus(earnings: Cents, p: &MonthParams) -> Fx {
    let max = Fx::from_cents(
        Fx::from_cents(p.pa_base)
            .mul_rate(p.pa_bonus_max_rate)
            .round_cents(),
    );
    let smic = Fx::from_cents(p.smic_hourly);
    let start = smic.times(i64::from(p.pa_bonus_start_hours));
    let full = smic.times(i64::from(p.pa_bonus_full_hours));
    let e = Fx::from_cents(earnings);
    if e <= start {
        return Fx::ZERO;
    }
    if e >= full {
        return max;
    }
    max.mul_div(e - start, full - start).min(max)
}

/// The fictive prime d'activité of month `m`, with the parameters of `m`.
pub(crate) fn fictive_amount(household: &Household, m: Month, p: &MonthParams) -> Fx {
    let c = household.composition(m, p);
    if !c.prime_activite_eligible {
        return Fx::ZERO;
    }
    let base = Fx::from_cents(p.pa_base);
    let mf = if c.majore {
        base.mul_rate(single_parent_rate(c, p))
    } else {
        base.mul_rate(household_rate(c, p))
    };
    let fl = forfait_logement(p.pa_base, c.persons().min(3), &household.housing, p);
    let mut earnings = Fx::ZERO;
    let mut bonuses = Fx::ZERO;
    let mut other = Fx::ZERO;
    for person in household.persons() {
        let salary = household.salary(person, m, &[]);
        earnings += Fx::from_cents(salary);
        bonuses += bonus(salary, p);
        for kind in [
            ResourceKind::Pension,
            ResourceKind::UnemploymentBenefit,
            ResourceKind::ChildSupport,
        ] {
            other += Fx::from_cents(household.resource(person, kind, m));
        }
    }
    let resources = earnings + other + Fx::from_cents(household.family_benefits_at(m));
    let amount = mf + bonuses + earnings.mul_rate(p.pa_slope) - (resources + fl).max(mf);
    amount.max(Fx::ZERO)
}

/// The mean of three fictive amounts, with the minimum payment of month `month`.
pub(crate) fn from_fictive(month: Month, fictive: [Fx; 3], p: &MonthParams) -> PrimeActiviteMonth {
    let mean = (fictive[0] + fictive[1] + fictive[2]).div(3);
    let below_minimum = mean.is_positive() && mean < Fx::from_cents(p.pa_minimum);
    PrimeActiviteMonth {
        month,
        amount: if below_minimum {
            Cents::ZERO
        } else {
            mean.round_cents()
        },
        fictive: fictive.map(Fx::round_cents),
        below_minimum,
    }
}

/// The prime d'activité of `month` for `household` (checked with [`Household::validate`]
/// first).
pub fn prime_activite_for_month(
    household: &Household,
    month: Month,
) -> Result<PrimeActiviteMonth, SimulationError> {
    household.validate()?;
    let p = MonthParams::at(month)?;
    let mut fictive = [Fx::ZERO; 3];
    for (slot, back) in fictive.iter_mut().zip([3, 2, 1]) {
        let m = month.add_months(-back);
        *slot = fictive_amount(household, m, &MonthParams::at(m)?);
    }
    Ok(from_fictive(month, fictive, &p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bonus_is_linear_between_thresholds() {
        let p = MonthParams::at(Month::ym(2021, 3)).unwrap();
        // 59 × 10.25 = 604.75 ; 120 × 10.25 = 1230 ; max = round(0.29101 × 553.16) = 160.98.
        assert_eq!(bonus(Cents(60_475), &p), Fx::ZERO);
        assert_eq!(bonus(Cents(123_000), &p).round_cents(), Cents(16_098));
        assert_eq!(bonus(Cents(300_000), &p).round_cents(), Cents(16_098));
        // 160.98 × (1000 − 604.75) / 625.25 = 101.7626…
        assert_eq!(bonus(Cents(100_000), &p).round_cents(), Cents(10_176));
    }

    #[test]
    fn bonus_after_april_2026() {
        let p = MonthParams::at(Month::ym(2026, 4)).unwrap();
        // max = round(0.377 × 638.28) = 240.63, full at 138 × 12.02.
        assert_eq!(bonus(Cents(200_000), &p).round_cents(), Cents(24_063));
    }
}
