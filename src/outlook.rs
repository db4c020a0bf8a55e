//! The answer in words: what taking the job changes for the household, what the département's
//! scheme adds when it applies, and when the RSA stops and the prime d'activité starts.
//!
//! Computed from the projection (the same figures as the table), so the sentences can never
//! disagree with the numbers shown next to them.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::eligibility::{Eligibility, Verdict};
use crate::money::Cents;
use crate::simulation::{ProjectionMonth, ProjectionTotals};
use crate::wording::{Arg, Key, Phrase};

/// Below this average monthly difference (in cents), incomes "stay about the same".
const ABOUT_THE_SAME: i64 = 100;

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
    /// The headline: "Avec cet emploi, vous auriez en moyenne 412 € de plus par mois sur 6 mois."
    pub headline_fr: String,
    /// What the scheme adds, in words, when it applies.
    pub scheme_fr: Option<String>,
    /// When the RSA stops and the prime d'activité starts, in words.
    pub benefits_fr: String,
    /// The headline as a sentence key and values (to word it in another language).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub headline: Phrase,
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
        let headline = if job_gain_per_month.get().abs() < ABOUT_THE_SAME {
            Phrase::new(Key::HeadlineSame)
        } else if job_gain_per_month > Cents::ZERO {
            Phrase::new(Key::HeadlineMore).with("amount", Arg::AmountWhole(job_gain_per_month))
        } else {
            Phrase::new(Key::HeadlineLess)
                .with("amount", Arg::AmountWhole(Cents(-job_gain_per_month.get())))
        }
        .with("span", span_arg());
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
            let key = if prime_in(stop) {
                Key::RsaStopsRelay
            } else {
                Key::RsaStops
            };
            sentences.push(in_month(key, stop));
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
            headline_fr: headline.french(),
            scheme_fr: scheme.as_ref().map(Phrase::french),
            benefits_fr: sentences
                .iter()
                .map(Phrase::french)
                .collect::<Vec<_>>()
                .join(" "),
            headline,
            scheme,
            benefits: sentences,
        }
    }
}
