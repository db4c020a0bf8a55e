//! Eligibility to the cumulation and to the bonus: one verdict per criterion, each explained
//! in plain French with its source, and an overall verdict for each.
//!
//! A criterion the public sources do not settle is [`Verdict::Unknown`] ("à confirmer"), not
//! "met": the interface must say it, and the Département decides. The overall verdict is
//! "not met" if any criterion is not met, otherwise "à confirmer" if any is unknown,
//! otherwise "met".

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::household::Job;
use crate::money::Cents;
use crate::scheme::SchemeDefinition;
use crate::wording::{Arg, Key, Phrase};

/// The answer for one criterion.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The condition is met.
    Met,
    /// The condition is not met.
    NotMet,
    /// The sources do not say, or the answer depends on information not given.
    Unknown,
}

impl Verdict {
    /// Short French label.
    pub fn label_fr(self) -> &'static str {
        self.key().french()
    }

    /// The label's sentence key, for other languages.
    pub fn key(self) -> Key {
        match self {
            Verdict::Met => Key::VerdictMet,
            Verdict::NotMet => Key::VerdictNotMet,
            Verdict::Unknown => Key::VerdictUnknown,
        }
    }
}

/// One condition of the scheme, answered for this person.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Criterion {
    /// Stable code, e.g. `"secteur"`.
    pub code: String,
    /// The condition, as a short French question.
    pub label_fr: String,
    /// The answer.
    pub verdict: Verdict,
    /// Why, in plain French ("vous", short sentences).
    pub explanation_fr: String,
    /// The same, as a sentence key and its values (to word it in another language).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub explanation: Phrase,
    /// The condition's sentence key.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub label: Key,
    /// Where the condition comes from.
    pub source: String,
    /// The condition applies to the cumulation.
    pub for_cumulation: bool,
    /// The condition applies to the bonus.
    pub for_bonus: bool,
}

/// The overall answer for the cumulation or for the bonus.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OverallVerdict {
    /// The answer.
    pub verdict: Verdict,
    /// One or two French sentences summing it up. When one criterion settles a "no", its
    /// reason comes first ("Ce dispositif concernait les emplois commencés entre janvier et
    /// juin 2021.").
    pub summary_fr: String,
    /// The same, as sentences (keys and values).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub summary: Vec<Phrase>,
    /// The code of the criterion that settles a "no" (the first of them, most decisive first:
    /// the start date, then the RSA, the sector, the salary, the contract, the hours).
    #[serde(default)]
    pub decisive_criterion: Option<String>,
}

/// Every criterion, and the two overall answers.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Eligibility {
    /// The criteria, in the order the interface shows them.
    pub criteria: Vec<Criterion>,
    /// Can you combine the RSA and your salary?
    pub cumulation: OverallVerdict,
    /// Can you get the bonus?
    pub bonus: OverallVerdict,
}

/// What the eligibility needs to know about the person's situation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobSituation<'a> {
    /// The new job.
    pub job: &'a Job,
    /// The RSA computed for the job's first month, without the scheme.
    pub rsa_first_month: Cents,
    /// What the person said: `Some(true)` "I receive the RSA", `Some(false)` "I don't",
    /// `None` not asked.
    pub declared_receives_rsa: Option<bool>,
}

fn scheme_sources(scheme: &SchemeDefinition) -> String {
    let labels: Vec<&str> = scheme.sources.iter().map(|s| s.label.as_str()).collect();
    if labels.is_empty() {
        format!("Règlement du dispositif « {} »", scheme.name_fr)
    } else {
        format!(
            "Dispositif du Département ({}) : {}",
            scheme.territory_fr,
            labels.join(" ; ")
        )
    }
}

const RSA_SOURCE: &str = "Calcul du RSA : code de l'action sociale et des familles, art. L262-2, R262-7 et R262-13 (règles modélisées par OpenFisca-France)";

struct Builder {
    criteria: Vec<Criterion>,
}

impl Builder {
    fn push(
        &mut self,
        code: &str,
        label: Key,
        (verdict, explanation): (Verdict, Phrase),
        source: String,
        for_cumulation: bool,
        for_bonus: bool,
    ) {
        self.criteria.push(Criterion {
            code: code.to_string(),
            label_fr: label.french().to_string(),
            label,
            verdict,
            explanation_fr: explanation.french(),
            explanation,
            source,
            for_cumulation,
            for_bonus,
        });
    }
}

fn month(m: Month) -> Arg {
    Arg::Month(m)
}

fn sectors(scheme: &SchemeDefinition) -> Arg {
    Arg::Sectors(
        scheme
            .eligible_sectors
            .iter()
            .map(|s| (s.code.clone(), s.label_fr.clone()))
            .collect(),
    )
}

fn receives_rsa(s: &JobSituation<'_>) -> (Verdict, Phrase) {
    let start = month(s.job.start);
    let computed = s.rsa_first_month > Cents::ZERO;
    let amount = Arg::Amount(s.rsa_first_month);
    match (computed, s.declared_receives_rsa) {
        (true, Some(false)) => (
            Verdict::Unknown,
            Phrase::new(Key::RsaDeclaredNoButComputed)
                .with("amount", amount)
                .with("month", start),
        ),
        (true, _) => (
            Verdict::Met,
            Phrase::new(Key::RsaComputed)
                .with("amount", amount)
                .with("month", start),
        ),
        (false, Some(true)) => (
            Verdict::Unknown,
            Phrase::new(Key::RsaDeclaredYesButNone).with("month", start),
        ),
        (false, _) => (
            Verdict::NotMet,
            Phrase::new(Key::RsaNone).with("month", start),
        ),
    }
}

fn sector(job: &Job, scheme: &SchemeDefinition) -> (Verdict, Phrase) {
    if job.sector.trim().is_empty() {
        return (
            Verdict::Unknown,
            Phrase::new(Key::SectorMissing).with("sectors", sectors(scheme)),
        );
    }
    let named = |s: &crate::scheme::Sector| Arg::Sector {
        code: s.code.clone(),
        label_fr: s.label_fr.clone(),
    };
    match scheme.sector(&job.sector) {
        Some(s) if s.named_in_sources => (
            Verdict::Met,
            Phrase::new(Key::SectorNamed).with("sector", named(s)),
        ),
        Some(s) => (
            Verdict::Unknown,
            Phrase::new(Key::SectorUnnamed).with("sector", named(s)),
        ),
        None => (
            Verdict::NotMet,
            Phrase::new(Key::SectorOther).with("sectors", sectors(scheme)),
        ),
    }
}

fn start_in_window(job: &Job, scheme: &SchemeDefinition) -> (Verdict, Phrase) {
    let window = scheme.job_start_window;
    let key = if window.contains(job.start) {
        Key::StartIn
    } else {
        Key::StartOut
    };
    let verdict = if key == Key::StartIn {
        Verdict::Met
    } else {
        Verdict::NotMet
    };
    (
        verdict,
        Phrase::new(key)
            .with("start", month(job.start))
            .with("window", Arg::Range(window)),
    )
}

fn salary(job: &Job) -> (Verdict, Phrase) {
    if job.net_monthly > Cents::ZERO {
        (
            Verdict::Met,
            Phrase::new(Key::SalaryPaid).with("amount", Arg::Amount(job.net_monthly)),
        )
    } else {
        (Verdict::NotMet, Phrase::new(Key::SalaryNone))
    }
}

fn contract(job: &Job, scheme: &SchemeDefinition) -> (Verdict, Phrase) {
    match (&scheme.accepted_contracts, job.contract) {
        (None, _) => (Verdict::Unknown, Phrase::new(Key::ContractRulesSilent)),
        (Some(_), None) => (Verdict::Unknown, Phrase::new(Key::ContractMissing)),
        (Some(list), Some(c)) if list.contains(&c) => (
            Verdict::Met,
            Phrase::new(Key::ContractOk).with("contract", Arg::Contract(c)),
        ),
        (Some(list), Some(c)) => (
            Verdict::NotMet,
            Phrase::new(Key::ContractRefused)
                .with("contract", Arg::Contract(c))
                .with("contracts", Arg::Contracts(list.clone())),
        ),
    }
}

fn hours(job: &Job, scheme: &SchemeDefinition) -> (Verdict, Phrase) {
    match (scheme.min_hours_per_week, job.hours_per_week) {
        (None, _) => (Verdict::Unknown, Phrase::new(Key::HoursRulesSilent)),
        (Some(min), None) => (
            Verdict::Unknown,
            Phrase::new(Key::HoursMissing).with("min", Arg::Number(min.into())),
        ),
        (Some(min), Some(h)) => (
            if h >= min {
                Verdict::Met
            } else {
                Verdict::NotMet
            },
            Phrase::new(if h >= min {
                Key::HoursOk
            } else {
                Key::HoursShort
            })
            .with("hours", Arg::Number(h.into()))
            .with("min", Arg::Number(min.into())),
        ),
    }
}

fn cumulation_inside_window(job: &Job, scheme: &SchemeDefinition) -> (Verdict, Phrase) {
    let months = i32::from(scheme.neutralised_months);
    let last: Month = job.start.add_months(months - 1);
    let window = scheme.job_start_window;
    let (verdict, key) = if last <= window.last {
        (Verdict::Met, Key::CumulationInside)
    } else {
        match scheme.cumulation_must_end_in_window {
            Some(false) => (Verdict::Met, Key::CumulationAllowedPast),
            Some(true) => (Verdict::NotMet, Key::CumulationPast),
            None => (Verdict::Unknown, Key::CumulationPastUnknown),
        }
    };
    let mut phrase = Phrase::new(key)
        .with("months", Arg::Number(months.into()))
        .with("last", month(last));
    if key != Key::CumulationInside {
        phrase = phrase.with("end", month(window.last));
    }
    (verdict, phrase)
}

/// The criteria that can settle a "no", most decisive first: a start date outside the window
/// cannot be changed by anything the person does.
const DECISIVE_ORDER: [&str; 7] = [
    "date_embauche",
    "beneficiaire_rsa",
    "secteur",
    "salaire",
    "type_contrat",
    "heures",
    "cumul_dans_la_periode",
];

/// The criterion that settles a "no" among `criteria`, if any.
fn decisive<'a>(criteria: impl Iterator<Item = &'a Criterion> + Clone) -> Option<&'a Criterion> {
    DECISIVE_ORDER.iter().find_map(|code| {
        criteria
            .clone()
            .find(|c| c.code == *code && c.verdict == Verdict::NotMet)
    })
}

/// The decisive reason, said first on the card.
fn reason(
    criterion: &Criterion,
    situation: &JobSituation<'_>,
    scheme: &SchemeDefinition,
) -> Phrase {
    let window = scheme.job_start_window;
    match criterion.code.as_str() {
        "date_embauche" => Phrase::new(if situation.job.start > window.last {
            Key::ReasonStartPast
        } else {
            Key::ReasonStartFuture
        })
        .with("between", Arg::Between(window)),
        "beneficiaire_rsa" => {
            Phrase::new(Key::ReasonRsa).with("month", Arg::Month(situation.job.start))
        }
        "secteur" => Phrase::new(Key::ReasonSector).with("sectors", sectors(scheme)),
        _ => criterion.explanation.clone(),
    }
}

fn overall<'a>(criteria: impl Iterator<Item = &'a Criterion>) -> Verdict {
    let mut verdict = Verdict::Met;
    for c in criteria {
        match c.verdict {
            Verdict::NotMet => return Verdict::NotMet,
            Verdict::Unknown => verdict = Verdict::Unknown,
            Verdict::Met => {}
        }
    }
    verdict
}

/// Answers every criterion of `scheme` for `situation`.
pub fn evaluate(situation: &JobSituation<'_>, scheme: &SchemeDefinition) -> Eligibility {
    let job = situation.job;
    let sources = scheme_sources(scheme);
    let mut b = Builder {
        criteria: Vec::with_capacity(7),
    };
    b.push(
        "beneficiaire_rsa",
        Key::LabelRsa,
        receives_rsa(situation),
        format!("{sources} ; {RSA_SOURCE}"),
        true,
        true,
    );
    b.push(
        "secteur",
        Key::LabelSector,
        sector(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "date_embauche",
        Key::LabelStart,
        start_in_window(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "salaire",
        Key::LabelSalary,
        salary(job),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "type_contrat",
        Key::LabelContract,
        contract(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "heures",
        Key::LabelHours,
        hours(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "cumul_dans_la_periode",
        Key::LabelCumulation,
        cumulation_inside_window(job, scheme),
        sources,
        true,
        false,
    );

    let criteria = b.criteria;
    let cumulation = overall(criteria.iter().filter(|c| c.for_cumulation));
    let bonus = overall(criteria.iter().filter(|c| c.for_bonus));
    let cumulation_reason = decisive(criteria.iter().filter(|c| c.for_cumulation));
    let bonus_reason = decisive(criteria.iter().filter(|c| c.for_bonus));
    let first = |decisive: Option<&Criterion>, rest: Phrase| match decisive {
        Some(c) => vec![reason(c, situation, scheme), rest],
        None => vec![rest],
    };
    let months = Arg::Number(scheme.neutralised_months.into());
    let amount = || Arg::Amount(scheme.bonus_amount);
    let cumulation_summary = match cumulation {
        Verdict::Met => vec![Phrase::new(Key::CumulationMet).with("months", months.clone())],
        Verdict::Unknown => vec![Phrase::new(Key::CumulationUnknown).with("months", months)],
        Verdict::NotMet => first(cumulation_reason, Phrase::new(Key::CumulationNotMet)),
    };
    let bonus_summary = match bonus {
        Verdict::Met => vec![Phrase::new(Key::BonusMet).with("amount", amount())],
        Verdict::Unknown => vec![Phrase::new(Key::BonusUnknown).with("amount", amount())],
        Verdict::NotMet => first(
            bonus_reason,
            Phrase::new(Key::BonusNotMet).with("amount", amount()),
        ),
    };
    let french = |phrases: &[Phrase]| {
        phrases
            .iter()
            .map(Phrase::french)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Eligibility {
        cumulation: OverallVerdict {
            verdict: cumulation,
            summary_fr: french(&cumulation_summary),
            summary: cumulation_summary,
            decisive_criterion: cumulation_reason.map(|c| c.code.clone()),
        },
        bonus: OverallVerdict {
            verdict: bonus,
            summary_fr: french(&bonus_summary),
            summary: bonus_summary,
            decisive_criterion: bonus_reason.map(|c| c.code.clone()),
        },
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::{ContractType, Person};

    fn job(sector: &str, start: Month, net: i64) -> Job {
        Job {
            person: Person::First,
            sector: sector.to_string(),
            start,
            end: None,
            net_monthly: Cents(net),
            hours_per_week: None,
            contract: None,
        }
    }

    fn verdict_of(e: &Eligibility, code: &str) -> Verdict {
        e.criteria.iter().find(|c| c.code == code).unwrap().verdict
    }

    #[test]
    fn default_scheme_in_window_is_to_confirm() {
        let scheme = SchemeDefinition::seine_maritime_2021();
        let j = job("ehpad", Month::ym(2021, 2), 100_000);
        let e = evaluate(
            &JobSituation {
                job: &j,
                rsa_first_month: Cents(56_478),
                declared_receives_rsa: None,
            },
            &scheme,
        );
        assert_eq!(verdict_of(&e, "beneficiaire_rsa"), Verdict::Met);
        assert_eq!(verdict_of(&e, "secteur"), Verdict::Met);
        assert_eq!(verdict_of(&e, "date_embauche"), Verdict::Met);
        assert_eq!(verdict_of(&e, "salaire"), Verdict::Met);
        assert_eq!(verdict_of(&e, "type_contrat"), Verdict::Unknown);
        assert_eq!(verdict_of(&e, "heures"), Verdict::Unknown);
        assert_eq!(verdict_of(&e, "cumul_dans_la_periode"), Verdict::Met);
        assert_eq!(e.cumulation.verdict, Verdict::Unknown);
        assert_eq!(e.bonus.verdict, Verdict::Unknown);
        assert!(
            e.criteria
                .iter()
                .all(|c| !c.explanation_fr.is_empty() && !c.source.is_empty())
        );
        assert!(e.bonus.summary_fr.contains("150,00"));
    }

    #[test]
    fn outside_sector_or_window_is_not_met() {
        let scheme = SchemeDefinition::seine_maritime_2021();
        let j = job("autre", Month::ym(2021, 8), 100_000);
        let e = evaluate(
            &JobSituation {
                job: &j,
                rsa_first_month: Cents(56_478),
                declared_receives_rsa: Some(true),
            },
            &scheme,
        );
        assert_eq!(verdict_of(&e, "secteur"), Verdict::NotMet);
        assert_eq!(verdict_of(&e, "date_embauche"), Verdict::NotMet);
        assert_eq!(e.cumulation.verdict, Verdict::NotMet);
        assert_eq!(e.bonus.verdict, Verdict::NotMet);
    }

    #[test]
    fn rsa_declaration_and_computation_disagree() {
        let scheme = SchemeDefinition::seine_maritime_2021();
        let j = job("saad", Month::ym(2021, 5), 100_000);
        let situation = |rsa: i64, declared| JobSituation {
            job: &j,
            rsa_first_month: Cents(rsa),
            declared_receives_rsa: declared,
        };
        let v = |s| verdict_of(&evaluate(&s, &scheme), "beneficiaire_rsa");
        assert_eq!(v(situation(0, None)), Verdict::NotMet);
        assert_eq!(v(situation(0, Some(false))), Verdict::NotMet);
        assert_eq!(v(situation(0, Some(true))), Verdict::Unknown);
        assert_eq!(v(situation(1_000, Some(false))), Verdict::Unknown);
        assert_eq!(v(situation(1_000, Some(true))), Verdict::Met);
    }

    #[test]
    fn cumulation_beyond_window_and_explicit_conditions() {
        let mut scheme = SchemeDefinition::seine_maritime_2021();
        let mut j = job("ehpad", Month::ym(2021, 5), 100_000);
        let eval = |j: &Job, s: &SchemeDefinition| {
            evaluate(
                &JobSituation {
                    job: j,
                    rsa_first_month: Cents(1),
                    declared_receives_rsa: None,
                },
                s,
            )
        };
        // May–July 2021 goes past June: unknown by default, the bonus is not concerned.
        let e = eval(&j, &scheme);
        assert_eq!(verdict_of(&e, "cumul_dans_la_periode"), Verdict::Unknown);
        scheme.cumulation_must_end_in_window = Some(true);
        assert_eq!(
            verdict_of(&eval(&j, &scheme), "cumul_dans_la_periode"),
            Verdict::NotMet
        );
        scheme.accepted_contracts = Some(vec![ContractType::Cdi, ContractType::Cdd]);
        scheme.min_hours_per_week = Some(20);
        j.contract = Some(ContractType::Interim);
        j.hours_per_week = Some(24);
        let e = eval(&j, &scheme);
        assert_eq!(verdict_of(&e, "type_contrat"), Verdict::NotMet);
        assert_eq!(verdict_of(&e, "heures"), Verdict::Met);
        assert_eq!(e.bonus.verdict, Verdict::NotMet);
        j.contract = Some(ContractType::Cdi);
        j.start = Month::ym(2021, 2);
        let e = eval(&j, &scheme);
        assert_eq!(e.cumulation.verdict, Verdict::Met);
        assert_eq!(e.bonus.verdict, Verdict::Met);
    }
}
