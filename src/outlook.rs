//! The answer in words: what taking the job changes for the household, what the département's
//! scheme adds when it applies, and when the RSA stops and the prime d'activité starts.
//!
//! Computed from the projection (the same figures as the table), so the sentences can never
//! disagree with the numbers shown next to them.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::eligibility::{Eligibility, Verdict};
use crate::money::Cents;
use crate::scheme::MonthRange;
use crate::simulation::{ProjectionMonth, ProjectionTotals};
use crate::wording::{Arg, Key, Phrase};

/// Below this monthly difference (in cents), incomes "stay about the same".
const ABOUT_THE_SAME: i64 = 100;

/// Months whose gains differ by at most this much (in cents) are told as one period: the April
/// revaluations move a gain by a few euros, which is not worth a sentence of its own.
const PERIOD_SPREAD: i64 = 1_000;

/// Beyond this many periods the gain is told as its range ("entre … et … selon le mois"): a
/// list of four changing amounts is the table's job, not a sentence's.
const MAX_PERIODS: usize = 3;

/// Consecutive months over which what the job adds stays within [`PERIOD_SPREAD`].
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GainPeriod {
    /// The months of the period.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub months: MonthRange,
    /// The smallest monthly gain of the period (may be negative).
    pub least: Cents,
    /// The largest.
    pub most: Cents,
}

/// Splits the months into periods of nearly equal gain (`total_without_scheme −
/// total_without_job`, the ordinary rules), in order, covering every month once.
pub fn gain_periods(months: &[ProjectionMonth]) -> Vec<GainPeriod> {
    let mut periods: Vec<GainPeriod> = Vec::new();
    for m in months {
        let gain = m.total_without_scheme - m.total_without_job;
        match periods.last_mut() {
            Some(p)
                if p.months.last.next() == m.month
                    && p.most.max(gain).get() - p.least.min(gain).get() <= PERIOD_SPREAD =>
            {
                p.months.last = m.month;
                p.least = p.least.min(gain);
                p.most = p.most.max(gain);
            }
            _ => periods.push(GainPeriod {
                months: MonthRange {
                    first: m.month,
                    last: m.month,
                },
                least: gain,
                most: gain,
            }),
        }
    }
    periods
}

/// The amount a period's sentence says: one figure when its months round to the same euro,
/// otherwise the range, and which way it goes.
fn gain_words(
    least: Cents,
    most: Cents,
    same: Key,
    more: Key,
    more_range: Key,
    less: Key,
    less_range: Key,
) -> Phrase {
    let whole = |c: Cents| (c.get().abs() + 50) / 100;
    if least.get() > -ABOUT_THE_SAME && most.get() < ABOUT_THE_SAME {
        Phrase::new(same)
    } else if least.get() >= 0 {
        if whole(least) == whole(most) {
            Phrase::new(more).with("amount", Arg::AmountWhole(most))
        } else {
            Phrase::new(more_range)
                .with("least", Arg::AmountWhole(least))
                .with("most", Arg::AmountWhole(most))
        }
    } else if most.get() <= 0 {
        let (least, most) = (Cents(-most.get()), Cents(-least.get()));
        if whole(least) == whole(most) {
            Phrase::new(less).with("amount", Arg::AmountWhole(most))
        } else {
            Phrase::new(less_range)
                .with("least", Arg::AmountWhole(least))
                .with("most", Arg::AmountWhole(most))
        }
    } else {
        // Some months bring a little more, others a little less.
        Phrase::new(same)
    }
}

/// What the comparison says, as figures and as French sentences.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outlook {
    /// Months compared.
    pub months: u32,
    /// What taking the job adds per month on average, under the ordinary rules (may be
    /// negative), rounded down to the cent.
    pub job_gain_per_month: Cents,
    /// Whether the département's scheme applies to this job (its verdicts are not "no").
    pub scheme_applies: bool,
    /// What the scheme adds over the months compared (0 when it does not apply).
    pub scheme_extra: Cents,
    /// The RSA of the first month, without the job.
    pub rsa_before: Cents,
    /// The first month the RSA would be 0 with the job (ordinary rules), if it stops.
    pub rsa_stops: Option<Month>,
    /// The same with the scheme, when the scheme applies.
    pub rsa_stops_with_scheme: Option<Month>,
    /// The first month the job brings a prime d'activité the household would not have without
    /// it.
    pub prime_activite_starts: Option<Month>,
    /// What the job adds, period by period (see [`gain_periods`]).
    pub periods: Vec<GainPeriod>,
    /// The headline: "Avec cet emploi, vous auriez 614 € de plus par mois de janvier à mars 2027,
    /// puis 496 € d'avril à juin 2027." (with the period lines, when there are several).
    pub headline_fr: String,
    /// What the scheme adds, in words, when it applies.
    pub scheme_fr: Option<String>,
    /// When the RSA stops and the prime d'activité starts, in words.
    pub benefits_fr: String,
    /// The headline as a sentence key and values (to word it in another language).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub headline: Phrase,
    /// One line per period when the gain changes over the months (empty otherwise).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub headline_periods: Vec<Phrase>,
    /// The scheme's sentence, as a key and values (none when the scheme does not apply).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub scheme: Option<Phrase>,
    /// The benefits' sentences, as keys and values.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub benefits: Vec<Phrase>,
}

impl Outlook {
    /// Reads the comparison off a projection and its totals.
    pub fn of(
        months: &[ProjectionMonth],
        totals: &ProjectionTotals,
        eligibility: &Eligibility,
    ) -> Outlook {
        let n = months.len().max(1) as i64;
        let job_gain_per_month = Cents(totals.job_gain.get() / n);
        let scheme_applies = eligibility.cumulation.verdict != Verdict::NotMet
            || eligibility.bonus.verdict != Verdict::NotMet;
        let scheme_extra = if scheme_applies {
            totals.gain
        } else {
            Cents::ZERO
        };
        let rsa_before = months
            .first()
            .map(|m| m.rsa_without_job)
            .unwrap_or(Cents::ZERO);
        let stops = |rsa: fn(&ProjectionMonth) -> Cents| {
            months
                .iter()
                .find(|m| rsa(m) == Cents::ZERO && m.rsa_without_job > Cents::ZERO)
                .map(|m| m.month)
        };
        let rsa_stops = stops(|m| m.rsa_without_scheme);
        let rsa_stops_with_scheme = if scheme_applies {
            stops(|m| m.rsa_with_scheme)
        } else {
            None
        };
        let prime_activite_starts = months
            .iter()
            .find(|m| m.prime_activite > m.prime_activite_without_job)
            .map(|m| m.month);

        let span = months.len();
        let span_arg = || Arg::Number(span as i64);
        let periods = gain_periods(months);
        let all = MonthRange {
            first: months
                .first()
                .map(|m| m.month)
                .unwrap_or(Month::ym(2000, 1)),
            last: months.last().map(|m| m.month).unwrap_or(Month::ym(2000, 1)),
        };
        let (headline, headline_periods) = match periods.as_slice() {
            [one] => (
                gain_words(
                    one.least,
                    one.most,
                    Key::GainSame,
                    Key::GainMore,
                    Key::GainMoreRange,
                    Key::GainLess,
                    Key::GainLessRange,
                )
                .with("months", Arg::Months(all)),
                Vec::new(),
            ),
            several if several.len() <= MAX_PERIODS => (
                Phrase::new(Key::GainByPeriod),
                several
                    .iter()
                    .map(|p| {
                        gain_words(
                            p.least,
                            p.most,
                            Key::PeriodSame,
                            Key::PeriodMore,
                            Key::PeriodMoreRange,
                            Key::PeriodLess,
                            Key::PeriodLessRange,
                        )
                        .with("months", Arg::Months(p.months))
                    })
                    .collect(),
            ),
            many => {
                let least = many.iter().map(|p| p.least).min().unwrap_or(Cents::ZERO);
                let most = many.iter().map(|p| p.most).max().unwrap_or(Cents::ZERO);
                let phrase = if least.get() >= 0 {
                    Phrase::new(Key::GainVaries)
                        .with("least", Arg::AmountWhole(least))
                        .with("most", Arg::AmountWhole(most))
                } else {
                    Phrase::new(Key::GainVariesBothWays)
                        .with("least", Arg::AmountWhole(Cents(-least.get())))
                        .with("most", Arg::AmountWhole(most))
                };
                (phrase.with("months", Arg::Months(all)), Vec::new())
            }
        };
        let scheme = scheme_applies.then(|| {
            if scheme_extra > Cents::ZERO {
                let bonus = totals.bonus;
                let phrase = if bonus > Cents::ZERO {
                    Phrase::new(Key::SchemeExtraBonus).with("bonus", Arg::AmountWhole(bonus))
                } else {
                    Phrase::new(Key::SchemeExtra)
                };
                phrase
                    .with("amount", Arg::AmountWhole(scheme_extra))
                    .with("span", span_arg())
            } else {
                Phrase::new(Key::SchemeNoChange)
            }
        });

        let mut sentences = Vec::new();
        let prime_in = |month: Month| {
            months
                .iter()
                .find(|m| m.month == month)
                .is_some_and(|m| m.prime_activite > Cents::ZERO)
        };
        let in_month = |key: Key, month: Month| Phrase::new(key).with("month", Arg::Month(month));
        if rsa_before == Cents::ZERO {
            sentences.push(Phrase::new(Key::NoRsa));
        } else if let Some(stop) = rsa_stops {
            if let Some(start) = prime_activite_starts.filter(|&p| p < stop) {
                sentences.push(in_month(Key::PrimeStarts, start));
            }
            // Said as the last month the RSA is paid, the one a person plans with.
            let first_month = months.first().map(|m| m.month);
            if Some(stop) == first_month {
                sentences.push(in_month(Key::RsaStopsAtOnce, stop));
            } else {
                let key = if prime_in(stop) {
                    Key::RsaLastRelay
                } else {
                    Key::RsaLast
                };
                sentences.push(in_month(key, stop.previous()));
            }
        } else {
            if let Some(start) = prime_activite_starts {
                sentences.push(in_month(Key::PrimeStarts, start));
            }
            match months.last() {
                Some(last) if last.rsa_without_scheme < last.rsa_without_job => {
                    sentences.push(
                        in_month(Key::RsaDecreases, last.month)
                            .with("amount", Arg::AmountWhole(last.rsa_without_scheme))
                            .with("before", Arg::AmountWhole(last.rsa_without_job)),
                    );
                }
                _ => sentences.push(Phrase::new(Key::RsaUnchanged)),
            }
        }
        if let (Some(normal), Some(with)) = (rsa_stops, rsa_stops_with_scheme)
            && with > normal
        {
            sentences.push(in_month(Key::KeepUntil, with.add_months(-1)));
        } else if let (Some(_), None) = (rsa_stops, rsa_stops_with_scheme)
            && scheme_applies
            && months
                .iter()
                .any(|m| m.rsa_with_scheme > m.rsa_without_scheme)
        {
            sentences.push(Phrase::new(Key::KeepWhole));
        }
        Outlook {
            months: span as u32,
            job_gain_per_month,
            scheme_applies,
            scheme_extra,
            rsa_before,
            rsa_stops,
            rsa_stops_with_scheme,
            prime_activite_starts,
            headline_fr: std::iter::once(headline.french())
                .chain(headline_periods.iter().map(Phrase::french))
                .collect::<Vec<_>>()
                .join(" "),
            scheme_fr: scheme.as_ref().map(Phrase::french),
            benefits_fr: sentences
                .iter()
                .map(Phrase::french)
                .collect::<Vec<_>>()
                .join(" "),
            headline,
            headline_periods,
            periods,
            scheme,
            benefits: sentences,
        }
    }
}
