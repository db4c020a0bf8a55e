//! Departmental cumulation schemes as data: which jobs, which window, how many months of
//! cumulation, what bonus, and what the public sources leave unsaid.
//!
//! A [`SchemeDefinition`] is serde (de)serialisable: the app stores dated versions in the
//! database and lets administrators edit them. [`version_in_force`] selects the version in
//! force at a date. The Seine-Maritime 2021 scheme is the default,
//! [`SchemeDefinition::seine_maritime_2021`].
//!
//! Where the sources are silent, the definition says so: an optional condition left at
//! `None` means "not specified by the sources" (the eligibility then answers "à confirmer"),
//! and each reading the product had to make is listed as an [`Assumption`] the interface can
//! show.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::calendar::{Date, Month};
use crate::household::{ContractType, Job};
use crate::money::Cents;

/// Sector code for a job outside any scheme (e.g. a previous job, or a partner's job).
pub const SECTOR_OTHER: &str = "autre";

/// An inclusive range of months.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MonthRange {
    /// First month included.
    pub first: Month,
    /// Last month included.
    pub last: Month,
}

impl MonthRange {
    /// Whether `month` falls in the range.
    pub fn contains(self, month: Month) -> bool {
        self.first <= month && month <= self.last
    }

    /// French label, e.g. `"de janvier 2021 à juin 2021"`.
    pub fn label_fr(self) -> String {
        format!("de {} à {}", self.first.label_fr(), self.last.label_fr())
    }
}

/// A sector (type of employer) whose jobs the scheme accepts.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Sector {
    /// Stable code, e.g. `"ehpad"`.
    pub code: String,
    /// French label shown to people.
    pub label_fr: String,
    /// `true` when a public source names this sector; `false` when the product added it as
    /// an assumption (the interface must then say so).
    pub named_in_sources: bool,
}

/// A reading the product had to make where the sources are silent, stated in plain French
/// for the interface.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assumption {
    /// Stable code, e.g. `"mecanisme_cumul"`.
    pub code: String,
    /// The assumption, in plain French ("vous").
    pub text_fr: String,
}

/// A public source of the scheme.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SchemeSource {
    /// Publisher and date.
    pub label: String,
    /// Address.
    pub url: String,
}

/// One version of a departmental cumulation scheme.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SchemeDefinition {
    /// Stable code of the scheme (shared by its versions).
    pub code: String,
    /// Version number of this definition.
    pub version: u32,
    /// Name shown to people.
    pub name_fr: String,
    /// The département that runs it.
    pub territory_fr: String,
    /// First day this version of the definition is in force.
    pub valid_from: Date,
    /// Last day this version is in force; `None` = until replaced.
    pub valid_to: Option<Date>,
    /// Jobs must start (first month paid) within this window.
    pub job_start_window: MonthRange,
    /// Months of cumulation from the job's first month: during them the RSA is computed as if
    /// the job's salary did not exist.
    pub neutralised_months: u8,
    /// One-off bonus paid in the job's first month.
    pub bonus_amount: Cents,
    /// Accepted sectors.
    pub eligible_sectors: Vec<Sector>,
    /// Accepted contract types; `None` = not specified by the sources.
    pub accepted_contracts: Option<Vec<ContractType>>,
    /// Minimum weekly hours; `None` = not specified by the sources.
    pub min_hours_per_week: Option<u16>,
    /// Whether all the cumulation months must fall in the window; `None` = not specified by
    /// the sources (only the start date is then checked for sure).
    pub cumulation_must_end_in_window: Option<bool>,
    /// Who pays the bonus; `None` = not specified by the sources.
    pub bonus_payer_fr: Option<String>,
    /// Readings the product made where the sources are silent.
    pub assumptions: Vec<Assumption>,
    /// Public sources.
    pub sources: Vec<SchemeSource>,
}

/// Why a scheme definition is not usable.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum SchemeError {
    /// The window ends before it starts.
    EmptyWindow,
    /// The number of cumulation months is not between 1 and 24.
    MonthsOutOfRange,
    /// The bonus is negative.
    NegativeBonus,
    /// No sector is listed.
    NoSector,
    /// Two sectors have the same code.
    DuplicateSector,
    /// The validity period ends before it starts.
    ValidityReversed,
}

impl SchemeError {
    /// A French message for the administrator editing the definition.
    pub fn message_fr(&self) -> &'static str {
        match self {
            SchemeError::EmptyWindow => "La période d'embauche se termine avant de commencer.",
            SchemeError::MonthsOutOfRange => {
                "Le nombre de mois de cumul doit être compris entre 1 et 24."
            }
            SchemeError::NegativeBonus => "Le montant de la prime ne peut pas être négatif.",
            SchemeError::NoSector => "Indiquez au moins un secteur d'emploi.",
            SchemeError::DuplicateSector => "Deux secteurs ont le même code.",
            SchemeError::ValidityReversed => "La fin de validité est avant le début de validité.",
        }
    }
}

impl fmt::Display for SchemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_fr())
    }
}

impl std::error::Error for SchemeError {}

/// Built-in assumption `mecanisme_cumul`, in French.
pub const ASSUMPTION_MECANISME: &str = "Les sources disent seulement que vous pouvez « cumuler » le RSA et votre salaire pendant 3 mois. Nous supposons que, pendant les 3 premiers mois de l'emploi, votre RSA est calculé comme si ce salaire n'existait pas. À partir du 4e mois, il est calculé normalement.";

/// Built-in assumption `periode_embauche`, in French.
pub const ASSUMPTION_PERIODE: &str = "La période de janvier à juin 2021 s'applique à la date d'embauche. Les sources ne disent pas si les 3 mois de cumul doivent aussi se terminer avant fin juin 2021.";

/// Built-in assumption `liste_secteurs`, in French.
pub const ASSUMPTION_SECTEURS: &str = "Les sources citent « notamment » les EHPAD et les services d'aide à domicile (SAAD). D'autres employeurs du secteur médico-social pourraient être acceptés : c'est le Département qui décide.";

/// Built-in assumption `contrat_et_heures`, in French.
pub const ASSUMPTION_CONTRAT: &str = "Les sources ne disent rien du type de contrat (CDI, CDD, intérim) ni d'un nombre d'heures minimum.";

/// Built-in assumption `prime_versement`, in French.
pub const ASSUMPTION_VERSEMENT: &str = "Les sources ne disent pas qui verse les 150 € (Département ou CAF), ni comment, ni sur quel justificatif.";

/// Built-in assumption `prime_condition`, in French.
pub const ASSUMPTION_CONDITION: &str = "Nous supposons que les 150 € sont versés le premier mois de l'emploi, si vous touchez le RSA ce mois-là, une seule fois par personne embauchée.";

/// Built-in assumption `prime_non_deduite`, in French.
pub const ASSUMPTION_NON_DEDUITE: &str =
    "Nous supposons que les 150 € ne réduisent ni votre RSA ni votre prime d'activité.";

/// Built-in assumption `prime_activite_inchangee`, in French.
pub const ASSUMPTION_PRIME_ACTIVITE: &str =
    "Le dispositif ne change pas la prime d'activité : elle est calculée sur vos vrais salaires.";

/// The name of the built-in scheme, in French.
pub const SEINE_MARITIME_2021_NAME: &str =
    "Cumul du RSA et d'un salaire dans le secteur médico-social";

/// Built-in assumption `prolongation`, in French.
pub const ASSUMPTION_PROLONGATION: &str =
    "Aucune source publique ne parle d'une prolongation du dispositif après juin 2021.";

fn assumption(code: &str, text_fr: &str) -> Assumption {
    Assumption {
        code: code.to_string(),
        text_fr: text_fr.to_string(),
    }
}

fn source(label: &str, url: &str) -> SchemeSource {
    SchemeSource {
        label: label.to_string(),
        url: url.to_string(),
    }
}

impl SchemeDefinition {
    /// The Seine-Maritime medico-social scheme of 2021, as the public sources describe it:
    /// RSA beneficiaries hired in an EHPAD or a home-help service (SAAD) between January and
    /// June 2021 combine RSA and salary for 3 months, and get 150 € in their first month.
    pub fn seine_maritime_2021() -> SchemeDefinition {
        SchemeDefinition {
            code: "seine-maritime-medico-social-2021".to_string(),
            version: 1,
            name_fr: SEINE_MARITIME_2021_NAME.to_string(),
            territory_fr: "Seine-Maritime".to_string(),
            // Voted at the Assemblée plénière of 10–11 December 2020.
            valid_from: Date::ymd(2020, 12, 11),
            valid_to: None,
            job_start_window: MonthRange {
                first: Month::ym(2021, 1),
                last: Month::ym(2021, 6),
            },
            neutralised_months: 3,
            bonus_amount: Cents::from_euros(150),
            eligible_sectors: vec![
                Sector {
                    code: "ehpad".to_string(),
                    label_fr: "EHPAD (maison de retraite médicalisée)".to_string(),
                    named_in_sources: true,
                },
                Sector {
                    code: "saad".to_string(),
                    label_fr: "Service d'aide et d'accompagnement à domicile (SAAD)".to_string(),
                    named_in_sources: true,
                },
            ],
            accepted_contracts: None,
            min_hours_per_week: None,
            cumulation_must_end_in_window: None,
            bonus_payer_fr: None,
            assumptions: vec![
                assumption("mecanisme_cumul", ASSUMPTION_MECANISME),
                assumption("periode_embauche", ASSUMPTION_PERIODE),
                assumption("liste_secteurs", ASSUMPTION_SECTEURS),
                assumption("contrat_et_heures", ASSUMPTION_CONTRAT),
                assumption("prime_versement", ASSUMPTION_VERSEMENT),
                assumption("prime_condition", ASSUMPTION_CONDITION),
                assumption("prime_non_deduite", ASSUMPTION_NON_DEDUITE),
                assumption("prime_activite_inchangee", ASSUMPTION_PRIME_ACTIVITE),
                assumption("prolongation", ASSUMPTION_PROLONGATION),
            ],
            sources: vec![
                source(
                    "76infos, 17 décembre 2020",
                    "https://www.76infos.fr/actu/coup-de-pouce-pour-les-nouveaux-embauches-dans-le-secteur-medico-social.html",
                ),
                source(
                    "France Bleu, décembre 2020",
                    "https://www.francebleu.fr/infos/economie-social/seine-maritime-un-dispositif-pour-cumuler-rsa-et-salaire-si-l-choisit-le-secteur-de-l-aide-a-la-1607531193",
                ),
                source(
                    "La Gazette France",
                    "https://lagazettefrance.fr/index.php/article/la-seine-maritime-met-le-paquet-sur-les-metiers-daide-a-la-personne",
                ),
                source(
                    "Département de la Seine-Maritime, « Aider les autres, un métier qui a du sens »",
                    "https://www.seinemaritime.fr/actualites/social/aider-les-autres-un-metier-qui-a-du-sens.html",
                ),
                source(
                    "Tendance Ouest",
                    "https://www.tendanceouest.com/actualite-376958-seine-maritime-une-experimentation-pour-ramener-les-beneficiaires-du-rsa-vers-l-emploi",
                ),
            ],
        }
    }

    /// Checks the definition an administrator saved.
    pub fn validate(&self) -> Result<(), SchemeError> {
        if self.job_start_window.last < self.job_start_window.first {
            return Err(SchemeError::EmptyWindow);
        }
        if !(1..=24).contains(&self.neutralised_months) {
            return Err(SchemeError::MonthsOutOfRange);
        }
        if self.bonus_amount < Cents::ZERO {
            return Err(SchemeError::NegativeBonus);
        }
        if self.eligible_sectors.is_empty() {
            return Err(SchemeError::NoSector);
        }
        for (i, s) in self.eligible_sectors.iter().enumerate() {
            if self.eligible_sectors[..i].iter().any(|o| o.code == s.code) {
                return Err(SchemeError::DuplicateSector);
            }
        }
        if self.valid_to.is_some_and(|to| to < self.valid_from) {
            return Err(SchemeError::ValidityReversed);
        }
        Ok(())
    }

    /// Whether this version is in force on `date`.
    pub fn is_in_force_on(&self, date: Date) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|to| date <= to)
    }

    /// The accepted sector with this code, if any.
    pub fn sector(&self, code: &str) -> Option<&Sector> {
        self.eligible_sectors.iter().find(|s| s.code == code)
    }

    /// Whether `job` qualifies for the scheme's mechanism: accepted sector and first month
    /// inside the window. (The other conditions are in [`crate::eligibility`].)
    pub fn job_qualifies(&self, job: &Job) -> bool {
        self.sector(&job.sector).is_some() && self.job_start_window.contains(job.start)
    }

    /// Whether `month` is one of the cumulation months of a job starting in `start`.
    pub fn is_cumulation_month(&self, start: Month, month: Month) -> bool {
        let k = month.months_since(start);
        (0..i32::from(self.neutralised_months)).contains(&k)
    }
}

/// The version of scheme `code` in force on `date`: among the versions in force, the one that
/// started last (an administrator's newer version wins over an older open-ended one).
pub fn version_in_force<'a>(
    versions: &'a [SchemeDefinition],
    code: &str,
    date: Date,
) -> Option<&'a SchemeDefinition> {
    versions
        .iter()
        .filter(|v| v.code == code && v.is_in_force_on(date))
        .max_by_key(|v| (v.valid_from, v.version))
}

/// The scheme that applies to a job starting in `start` in `sector`: among the versions in force
/// on the job's first day (the latest of each scheme), one whose window contains the start and
/// whose sectors include the job's; otherwise the first scheme in force (so the verdicts can say
/// why it does not apply); `None` if no scheme is in force.
pub fn scheme_for_job<'a>(
    versions: &'a [SchemeDefinition],
    start: Month,
    sector: &str,
) -> Option<&'a SchemeDefinition> {
    let day = start.first_day();
    let mut in_force: Vec<&SchemeDefinition> = Vec::new();
    for v in versions {
        if !in_force.iter().any(|c| c.code == v.code)
            && let Some(current) = version_in_force(versions, &v.code, day)
        {
            in_force.push(current);
        }
    }
    in_force
        .iter()
        .find(|s| s.job_start_window.contains(start) && s.sector(sector).is_some())
        .or_else(|| in_force.first())
        .copied()
}

/// The scheme that covers a job starting on `start` in `sector`, if one does: the version in
/// force then (see [`scheme_for_job`]), only when its window contains the start and its sectors
/// include the job's. This is what staff record with a return to work, and what the pathway shows.
pub fn scheme_covering_job<'a>(
    versions: &'a [SchemeDefinition],
    start: Date,
    sector: &str,
) -> Option<&'a SchemeDefinition> {
    scheme_for_job(versions, start.month(), sector)
        .filter(|s| s.sector(sector).is_some() && s.job_start_window.contains(start.month()))
}

/// The scheme a job starting now can still join: among the versions in force on `today`
/// (the latest of each scheme), the first whose window of job starts has not ended. `None` when
/// every window is past, and then the pages speak of what a job brings, not of the scheme
/// (whose promise would be false for anyone starting a job now).
pub fn scheme_open_on(versions: &[SchemeDefinition], today: Date) -> Option<&SchemeDefinition> {
    let mut seen: Vec<&str> = Vec::new();
    for v in versions {
        if seen.contains(&v.code.as_str()) {
            continue;
        }
        seen.push(&v.code);
        if let Some(current) = version_in_force(versions, &v.code, today)
            && current.job_start_window.last >= today.month()
        {
            return Some(current);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheme_is_open_until_the_last_month_of_its_window() {
        let versions = [SchemeDefinition::seine_maritime_2021()];
        assert!(scheme_open_on(&versions, Date::ymd(2020, 12, 31)).is_some());
        assert!(scheme_open_on(&versions, Date::ymd(2021, 6, 30)).is_some());
        assert!(scheme_open_on(&versions, Date::ymd(2021, 7, 1)).is_none());
        // A newer version with a longer window opens it again.
        let mut later = versions[0].clone();
        later.version += 1;
        later.valid_from = Date::ymd(2026, 1, 1);
        later.job_start_window.last = Month::ym(2027, 12);
        let versions = [versions[0].clone(), later];
        assert_eq!(
            scheme_open_on(&versions, Date::ymd(2026, 12, 7)).map(|s| s.version),
            Some(2)
        );
        assert!(scheme_open_on(&versions, Date::ymd(2028, 1, 1)).is_none());
    }

    #[test]
    fn a_job_is_covered_only_inside_the_window_and_the_sectors() {
        let versions = [SchemeDefinition::seine_maritime_2021()];
        let sector = versions[0].eligible_sectors[0].code.clone();
        assert!(scheme_covering_job(&versions, Date::ymd(2021, 3, 15), &sector).is_some());
        assert!(scheme_covering_job(&versions, Date::ymd(2021, 7, 1), &sector).is_none());
        assert!(
            scheme_covering_job(&versions, Date::ymd(2021, 3, 15), crate::SECTOR_OTHER).is_none()
        );
    }

    #[test]
    fn the_version_in_force_for_the_job_applies() {
        let v1 = SchemeDefinition::seine_maritime_2021();
        let mut v2 = v1.clone();
        v2.version = 2;
        v2.valid_from = Date::ymd(2027, 1, 1);
        v2.job_start_window = MonthRange {
            first: Month::ym(2027, 1),
            last: Month::ym(2027, 6),
        };
        let mut other = v1.clone();
        other.code = "allier-aide-domicile".into();
        other.valid_from = Date::ymd(2021, 6, 1);
        other.job_start_window = MonthRange {
            first: Month::ym(2021, 7),
            last: Month::ym(2022, 6),
        };
        other.neutralised_months = 6;
        other.eligible_sectors.retain(|s| s.code == "saad");
        let all = [v1.clone(), v2.clone(), other.clone()];
        // 2021: version 1 (version 2 is not yet in force).
        assert_eq!(
            scheme_for_job(&all, Month::ym(2021, 3), "ehpad").map(|s| s.version),
            Some(1)
        );
        // 2027: version 2, whose new window contains the start.
        assert_eq!(
            scheme_for_job(&all, Month::ym(2027, 2), "ehpad").map(|s| s.version),
            Some(2)
        );
        // A home-help job in late 2021: the second scheme, whose window contains it.
        assert_eq!(
            scheme_for_job(&all, Month::ym(2021, 9), "saad").map(|s| s.code.as_str()),
            Some("allier-aide-domicile")
        );
        // An EHPAD job then: no window matches; the first scheme in force explains why.
        assert_eq!(
            scheme_for_job(&all, Month::ym(2021, 9), "ehpad").map(|s| s.version),
            Some(1)
        );
        // Before any scheme: none.
        assert!(scheme_for_job(&all, Month::ym(2020, 5), "ehpad").is_none());
    }

    #[test]
    fn default_scheme_is_valid_and_round_trips() {
        let s = SchemeDefinition::seine_maritime_2021();
        assert_eq!(s.validate(), Ok(()));
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains("\"job_start_window\":{\"first\":\"2021-01\",\"last\":\"2021-06\"}"));
        assert!(json.contains("\"bonus_amount\":15000"));
        assert!(json.contains("\"accepted_contracts\":null"));
        let back: SchemeDefinition = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn cumulation_months() {
        let s = SchemeDefinition::seine_maritime_2021();
        let start = Month::ym(2021, 5);
        assert!(!s.is_cumulation_month(start, Month::ym(2021, 4)));
        assert!(s.is_cumulation_month(start, Month::ym(2021, 5)));
        assert!(s.is_cumulation_month(start, Month::ym(2021, 7)));
        assert!(!s.is_cumulation_month(start, Month::ym(2021, 8)));
    }

    #[test]
    fn validation_catches_admin_mistakes() {
        let mut s = SchemeDefinition::seine_maritime_2021();
        s.neutralised_months = 0;
        assert_eq!(s.validate(), Err(SchemeError::MonthsOutOfRange));
        let mut s = SchemeDefinition::seine_maritime_2021();
        s.eligible_sectors.push(s.eligible_sectors[0].clone());
        assert_eq!(s.validate(), Err(SchemeError::DuplicateSector));
        let mut s = SchemeDefinition::seine_maritime_2021();
        s.job_start_window.last = Month::ym(2020, 12);
        assert_eq!(s.validate(), Err(SchemeError::EmptyWindow));
        assert!(SchemeError::EmptyWindow.message_fr().contains("période"));
    }

    #[test]
    fn selects_the_version_in_force() {
        let v1 = SchemeDefinition::seine_maritime_2021();
        let mut v2 = v1.clone();
        v2.version = 2;
        v2.valid_from = Date::new(2021, 4, 1).unwrap();
        v2.bonus_amount = Cents::from_euros(200);
        let mut closed = v1.clone();
        closed.valid_to = Some(Date::new(2021, 3, 31).unwrap());
        let versions = [closed, v2.clone()];
        let code = &v1.code;
        assert_eq!(
            version_in_force(&versions, code, Date::new(2021, 2, 1).unwrap()).map(|v| v.version),
            Some(1)
        );
        assert_eq!(
            version_in_force(&versions, code, Date::new(2021, 5, 1).unwrap()),
            Some(&v2)
        );
        assert_eq!(
            version_in_force(&versions, code, Date::new(2020, 1, 1).unwrap()),
            None
        );
        assert_eq!(
            version_in_force(&versions, "autre", Date::new(2021, 5, 1).unwrap()),
            None
        );
    }
}
