//! Statistics of the managers' dashboard, as pure functions: the server feeds them rows, the tests
//! feed them hand-computed cases. Each figure's formula is written where it is computed.
use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::pathway::{LEGAL_DELAY_DAYS, SPIE_TARGET_DAYS};

/// The median of `values` (the mean of the two middle values for an even count); `None` if empty.
pub fn median(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    })
}

/// The share of `values` at most `limit`, between 0 and 1; `None` if empty.
pub fn share_within(values: &[i64], limit: i64) -> Option<f64> {
    (!values.is_empty())
        .then(|| values.iter().filter(|v| **v <= limit).count() as f64 / values.len() as f64)
}

/// Delays in days from entry into the RSA to a step (interview, decision).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DelayStats {
    /// People counted (entered in the period and past the step).
    pub count: usize,
    /// Median delay in days.
    pub median_days: Option<f64>,
    /// Share reached within the SPIE's 30-day target.
    pub within_30_days: Option<f64>,
    /// Share reached within the legal 6 weeks (42 days).
    pub within_6_weeks: Option<f64>,
}

impl DelayStats {
    /// The statistics of these delays.
    pub fn of(delays: &[i64]) -> DelayStats {
        DelayStats {
            count: delays.len(),
            median_days: median(delays),
            within_30_days: share_within(delays, SPIE_TARGET_DAYS),
            within_6_weeks: share_within(delays, LEGAL_DELAY_DAYS),
        }
    }

    /// The statistics of delays given as `(delay, number of people)` pairs, as the database
    /// groups them (a few hundred pairs instead of one row per person).
    pub fn of_counts(counts: &[(i64, i64)]) -> DelayStats {
        let delays: Vec<i64> = counts
            .iter()
            .flat_map(|&(delay, n)| std::iter::repeat_n(delay, n.max(0) as usize))
            .collect();
        DelayStats::of(&delays)
    }
}

/// One count per month, every month of `first..=last` present (zero when nothing happened).
pub fn per_month(
    months: impl IntoIterator<Item = Month>,
    first: Month,
    last: Month,
) -> Vec<(Month, i64)> {
    per_month_counted(months.into_iter().map(|m| (m, 1)), first, last)
}

/// [`per_month`] from `(month, count)` pairs (a month may come several times; the counts add up).
pub fn per_month_counted(
    counts_in: impl IntoIterator<Item = (Month, i64)>,
    first: Month,
    last: Month,
) -> Vec<(Month, i64)> {
    let span = last.months_since(first);
    if span < 0 {
        return Vec::new();
    }
    let mut counts: Vec<(Month, i64)> = (0..=span).map(|i| (first.add_months(i), 0)).collect();
    for (m, n) in counts_in {
        let i = m.months_since(first);
        if (0..=span).contains(&i) {
            counts[i as usize].1 += n;
        }
    }
    counts
}

/// A rate `numerator / denominator`; `None` when the denominator is zero.
pub fn rate(numerator: usize, denominator: usize) -> Option<f64> {
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_by_hand() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[7]), Some(7.0));
        assert_eq!(median(&[40, 10, 20]), Some(20.0));
        assert_eq!(median(&[10, 20, 30, 41]), Some(25.0));
    }

    #[test]
    fn delay_shares_by_hand() {
        // 5 people: 12, 30, 31, 42, 60 days → median 31; 2 of 5 within 30 days; 4 of 5 within 42.
        let s = DelayStats::of(&[12, 30, 31, 42, 60]);
        assert_eq!(s.count, 5);
        assert_eq!(s.median_days, Some(31.0));
        assert_eq!(s.within_30_days, Some(0.4));
        assert_eq!(s.within_6_weeks, Some(0.8));
        assert_eq!(DelayStats::of(&[]).within_30_days, None);
    }

    #[test]
    fn delays_grouped_by_the_database_give_the_same_figures() {
        let grouped = DelayStats::of_counts(&[(60, 1), (30, 2), (12, 1), (42, 3)]);
        assert_eq!(grouped, DelayStats::of(&[12, 30, 30, 42, 42, 42, 60]));
        assert_eq!(grouped.median_days, Some(42.0));
        assert_eq!(grouped.count, 7);
        assert_eq!(DelayStats::of_counts(&[]), DelayStats::of(&[]));
    }

    #[test]
    fn every_month_is_listed() {
        let m = |y, mo| Month::ym(y, mo);
        let counts = per_month(
            [m(2026, 1), m(2026, 3), m(2026, 3), m(2025, 12)],
            m(2026, 1),
            m(2026, 3),
        );
        assert_eq!(
            counts,
            vec![(m(2026, 1), 1), (m(2026, 2), 0), (m(2026, 3), 2)]
        );
        let counted = per_month_counted(
            [
                (m(2026, 3), 2),
                (m(2026, 1), 1),
                (m(2026, 3), 1),
                (m(2026, 4), 9),
            ],
            m(2026, 1),
            m(2026, 3),
        );
        assert_eq!(
            counted,
            vec![(m(2026, 1), 1), (m(2026, 2), 0), (m(2026, 3), 3)]
        );
        assert_eq!(rate(1, 4), Some(0.25));
        assert_eq!(rate(0, 0), None);
    }
}
