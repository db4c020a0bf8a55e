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
        match self {
            Verdict::Met => "Oui",
            Verdict::NotMet => "Non",
            Verdict::Unknown => "À confirmer",
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
        label_fr: &str,
        (verdict, explanation_fr): (Verdict, String),
        source: String,
        for_cumulation: bool,
        for_bonus: bool,
    ) {
        self.criteria.push(Criterion {
            code: code.to_string(),
            label_fr: label_fr.to_string(),
            verdict,
            explanation_fr,
            source,
            for_cumulation,
            for_bonus,
        });
    }
}

fn receives_rsa(s: &JobSituation<'_>) -> (Verdict, String) {
    let month = s.job.start.label_fr();
    let computed = s.rsa_first_month > Cents::ZERO;
    match (computed, s.declared_receives_rsa) {
        (true, Some(false)) => (
            Verdict::Unknown,
            format!(
                "Vous dites ne pas toucher le RSA. Pourtant, notre calcul trouve un droit de {} en {month}. Le dispositif est réservé aux personnes qui touchent le RSA : demandez-le à la CAF.",
                s.rsa_first_month
            ),
        ),
        (true, _) => (
            Verdict::Met,
            format!(
                "Vous touchez le RSA : notre calcul donne {} en {month}, le premier mois de votre emploi.",
                s.rsa_first_month
            ),
        ),
        (false, Some(true)) => (
            Verdict::Unknown,
            format!(
                "Vous dites toucher le RSA, mais notre calcul ne trouve pas de droit en {month}. Vérifiez les ressources indiquées, ou demandez à la CAF."
            ),
        ),
        (false, _) => (
            Verdict::NotMet,
            format!(
                "D'après notre calcul, vous n'avez pas droit au RSA en {month}. Le dispositif est réservé aux personnes qui touchent le RSA."
            ),
        ),
    }
}

fn sector(job: &Job, scheme: &SchemeDefinition) -> (Verdict, String) {
    let accepted: Vec<&str> = scheme
        .eligible_sectors
        .iter()
        .map(|s| s.label_fr.as_str())
        .collect();
    if job.sector.trim().is_empty() {
        return (
            Verdict::Unknown,
            format!(
                "Vous n'avez pas indiqué le secteur de votre emploi. Secteurs du dispositif : {}.",
                accepted.join(", ")
            ),
        );
    }
    match scheme.sector(&job.sector) {
        Some(s) if s.named_in_sources => (
            Verdict::Met,
            format!(
                "Votre emploi est dans un secteur du dispositif : {}.",
                s.label_fr
            ),
        ),
        Some(s) => (
            Verdict::Unknown,
            format!(
                "Votre emploi est dans le secteur « {} ». Les sources ne le citent pas : le Département doit confirmer.",
                s.label_fr
            ),
        ),
        None => (
            Verdict::NotMet,
            format!(
                "Votre emploi n'est pas dans un secteur du dispositif. Secteurs du dispositif : {}.",
                accepted.join(", ")
            ),
        ),
    }
}

fn start_in_window(job: &Job, scheme: &SchemeDefinition) -> (Verdict, String) {
    let window = scheme.job_start_window;
    if window.contains(job.start) {
        (
            Verdict::Met,
            format!(
                "Votre emploi commence en {}, pendant la période du dispositif ({}).",
                job.start.label_fr(),
                window.label_fr()
            ),
        )
    } else {
        (
            Verdict::NotMet,
            format!(
                "Votre emploi commence en {}. Le dispositif concerne les embauches {}.",
                job.start.label_fr(),
                window.label_fr()
            ),
        )
    }
}

fn salary(job: &Job) -> (Verdict, String) {
    if job.net_monthly > Cents::ZERO {
        (
            Verdict::Met,
            format!("Votre salaire net est de {} par mois.", job.net_monthly),
        )
    } else {
        (
            Verdict::NotMet,
            "Aucun salaire n'est indiqué pour cet emploi.".to_string(),
        )
    }
}

fn contract(job: &Job, scheme: &SchemeDefinition) -> (Verdict, String) {
    match (&scheme.accepted_contracts, job.contract) {
        (None, _) => (
            Verdict::Unknown,
            "Les sources ne disent pas quels contrats sont acceptés (CDI, CDD, intérim). Le Département vous le confirmera.".to_string(),
        ),
        (Some(_), None) => (
            Verdict::Unknown,
            "Indiquez votre type de contrat pour savoir s'il est accepté.".to_string(),
        ),
        (Some(list), Some(c)) if list.contains(&c) => (
            Verdict::Met,
            format!("Votre contrat ({}) est accepté.", c.label_fr()),
        ),
        (Some(list), Some(c)) => (
            Verdict::NotMet,
            format!(
                "Votre contrat ({}) n'est pas accepté. Contrats acceptés : {}.",
                c.label_fr(),
                list.iter().map(|c| c.label_fr()).collect::<Vec<_>>().join(", ")
            ),
        ),
    }
}

fn hours(job: &Job, scheme: &SchemeDefinition) -> (Verdict, String) {
    match (scheme.min_hours_per_week, job.hours_per_week) {
        (None, _) => (
            Verdict::Unknown,
            "Les sources ne fixent pas de nombre d'heures minimum. Le Département vous le confirmera.".to_string(),
        ),
        (Some(min), None) => (
            Verdict::Unknown,
            format!("Il faut travailler au moins {min} heures par semaine. Indiquez vos heures."),
        ),
        (Some(min), Some(h)) if h >= min => (
            Verdict::Met,
            format!("Vous travaillez {h} heures par semaine : c'est au moins {min} heures."),
        ),
        (Some(min), Some(h)) => (
            Verdict::NotMet,
            format!("Vous travaillez {h} heures par semaine. Il en faut au moins {min}."),
        ),
    }
}

fn cumulation_inside_window(job: &Job, scheme: &SchemeDefinition) -> (Verdict, String) {
    let months = i32::from(scheme.neutralised_months);
    let last: Month = job.start.add_months(months - 1);
    let window = scheme.job_start_window;
    if last <= window.last {
        return (
            Verdict::Met,
            format!(
                "Vos {months} mois de cumul se terminent en {}, avant la fin du dispositif.",
                last.label_fr()
            ),
        );
    }
    match scheme.cumulation_must_end_in_window {
        Some(false) => (
            Verdict::Met,
            format!(
                "Vos {months} mois de cumul se terminent en {}. Le dispositif accepte qu'ils dépassent {}.",
                last.label_fr(),
                window.last.label_fr()
            ),
        ),
        Some(true) => (
            Verdict::NotMet,
            format!(
                "Vos {months} mois de cumul iraient jusqu'en {}, après la fin du dispositif ({}).",
                last.label_fr(),
                window.last.label_fr()
            ),
        ),
        None => (
            Verdict::Unknown,
            format!(
                "Vos {months} mois de cumul iraient jusqu'en {}, après {}. Les sources ne disent pas si c'est possible.",
                last.label_fr(),
                window.last.label_fr()
            ),
        ),
    }
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

/// "entre janvier et juin 2021", "entre décembre 2021 et mars 2022".
fn between_fr(window: crate::scheme::MonthRange) -> String {
    if window.first.year() == window.last.year() {
        let first = window.first.label_fr();
        let first_name = first.split(' ').next().unwrap_or_default();
        format!("entre {first_name} et {}", window.last.label_fr())
    } else {
        format!(
            "entre {} et {}",
            window.first.label_fr(),
            window.last.label_fr()
        )
    }
}

/// The decisive reason, said first on the card.
fn reason_fr(
    criterion: &Criterion,
    situation: &JobSituation<'_>,
    scheme: &SchemeDefinition,
) -> String {
    let window = scheme.job_start_window;
    match criterion.code.as_str() {
        "date_embauche" if situation.job.start > window.last => format!(
            "Ce dispositif concernait les emplois commencés {}.",
            between_fr(window)
        ),
        "date_embauche" => format!(
            "Ce dispositif concerne les emplois commencés {}.",
            between_fr(window)
        ),
        "beneficiaire_rsa" => format!(
            "Ce dispositif est réservé aux personnes qui touchent le RSA : d'après ce calcul, vous n'y auriez pas droit en {}.",
            situation.job.start.label_fr()
        ),
        "secteur" => format!(
            "Ce dispositif concerne les emplois de ces secteurs : {}.",
            scheme
                .eligible_sectors
                .iter()
                .map(|s| s.label_fr.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => criterion.explanation_fr.clone(),
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
        "Touchez-vous le RSA ?",
        receives_rsa(situation),
        format!("{sources} ; {RSA_SOURCE}"),
        true,
        true,
    );
    b.push(
        "secteur",
        "Votre emploi est-il dans un secteur du dispositif ?",
        sector(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "date_embauche",
        "Votre emploi commence-t-il pendant la période du dispositif ?",
        start_in_window(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "salaire",
        "Votre emploi est-il payé ?",
        salary(job),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "type_contrat",
        "Votre type de contrat est-il accepté ?",
        contract(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "heures",
        "Travaillez-vous assez d'heures ?",
        hours(job, scheme),
        sources.clone(),
        true,
        true,
    );
    b.push(
        "cumul_dans_la_periode",
        "Vos mois de cumul sont-ils dans la période du dispositif ?",
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
    let first = |reason: Option<&Criterion>, rest: String| match reason {
        Some(c) => format!("{} {rest}", reason_fr(c, situation, scheme)),
        None => rest,
    };
    let months = scheme.neutralised_months;
    let amount = scheme.bonus_amount;
    Eligibility {
        cumulation: OverallVerdict {
            verdict: cumulation,
            summary_fr: match cumulation {
                Verdict::Met => format!(
                    "Vous pouvez cumuler votre RSA et votre salaire pendant {months} mois."
                ),
                Verdict::Unknown => format!(
                    "Vous remplissez les conditions connues pour cumuler votre RSA et votre salaire pendant {months} mois. Certains points sont à confirmer avec le Département."
                ),
                Verdict::NotMet => first(
                    cumulation_reason,
                    "Vous ne pouvez donc pas cumuler votre RSA et votre salaire avec ce dispositif.".to_string(),
                ),
            },
            decisive_criterion: cumulation_reason.map(|c| c.code.clone()),
        },
        bonus: OverallVerdict {
            verdict: bonus,
            summary_fr: match bonus {
                Verdict::Met => format!(
                    "Vous pouvez recevoir la prime de {amount} le premier mois de votre emploi."
                ),
                Verdict::Unknown => format!(
                    "Vous remplissez les conditions connues pour la prime de {amount}. Certains points sont à confirmer avec le Département."
                ),
                Verdict::NotMet => first(
                    bonus_reason,
                    format!("Vous ne pouvez donc pas recevoir la prime de {amount}."),
                ),
            },
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
