//! Dated legal parameters of the RSA and of the prime d'activité, each with its source.
//!
//! Every parameter is a table of `(first month in force, value, source)` rows, in date
//! order; [`Parameter::value_at`] returns the row in force in a month. **Adding next year's
//! revaluation is a data change**: append one row to the table concerned (with its décret),
//! nothing else. A month after the last row uses the last value: the table says when it was
//! last checked in [`LAST_REVIEWED`].
//!
//! Values and references were read from the legal texts as listed in OpenFisca-France
//! (`openfisca_france/parameters/prestations_sociales/solidarite_insertion/minima_sociaux/`
//! `rsa/…` and `ppa/…`, `marche_travail/salaire_minimum/smic/smic_b_horaire.yaml`) and the
//! project's domain brief. The tables start early enough (April 2019) for the three-month
//! look-back of a simulation starting in April 2020.

use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::error::SimulationError;
use crate::money::{Cents, Rate};

/// One row of a parameter table: the value in force from the first day of `from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated<T: 'static> {
    /// First month in which the value applies (revaluations take effect on the 1st).
    pub from: Month,
    /// The value.
    pub value: T,
    /// The legal text that sets it.
    pub source: &'static str,
}

/// A named, dated parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Parameter<T: 'static> {
    /// Stable code, e.g. `"rsa.montant_de_base"`.
    pub code: &'static str,
    /// What it is, in French.
    pub label_fr: &'static str,
    /// Rows in date order.
    pub entries: &'static [Dated<T>],
}

impl<T: Copy> Parameter<T> {
    /// The row in force in `month`, or `None` before the first row.
    pub fn entry_at(&self, month: Month) -> Option<&'static Dated<T>> {
        // Tables are short (≤ 12 rows) and sorted: a reverse scan is the fastest lookup.
        self.entries.iter().rev().find(|e| e.from <= month)
    }

    /// The value in force in `month`, or `None` before the first row.
    pub fn value_at(&self, month: Month) -> Option<T> {
        self.entry_at(month).map(|e| e.value)
    }
}

const fn d<T>(year: i32, month: u8, value: T, source: &'static str) -> Dated<T> {
    Dated {
        from: Month::ym(year, month),
        value,
        source,
    }
}

const fn eur(cents: i64) -> Cents {
    Cents(cents)
}

const fn ppm(v: i64) -> Rate {
    Rate::ppm(v)
}

/// The last month whose parameters were checked against the legal texts. Months after it use
/// the last known values.
pub const LAST_REVIEWED: Month = Month::ym(2026, 7);

/// The first month every parameter is known for: simulations may not look back earlier.
pub const FIRST_COVERED: Month = Month::ym(2019, 4);

// ---------------------------------------------------------------------------------------
// RSA
// ---------------------------------------------------------------------------------------

/// Montant forfaitaire of the RSA for one person (CASF L262-2), revalued each April 1st.
pub const RSA_BASE: Parameter<Cents> = Parameter {
    code: "rsa.montant_de_base",
    label_fr: "Montant forfaitaire du RSA pour une personne seule",
    entries: &[
        d(
            2019,
            4,
            eur(55_974),
            "Décret n° 2019-400 du 2 mai 2019, art. 1",
        ),
        d(
            2020,
            4,
            eur(56_478),
            "Décret n° 2020-490 du 29 avril 2020, art. 1",
        ),
        d(
            2021,
            4,
            eur(56_534),
            "Décret n° 2021-530 du 29 avril 2021, art. 1",
        ),
        d(2022, 4, eur(57_552), "Décret n° 2022-699 du 26 avril 2022"),
        d(
            2022,
            7,
            eur(59_854),
            "Loi n° 2022-1158 du 16 août 2022, art. 9 (revalorisation anticipée de 4 %)",
        ),
        d(2023, 4, eur(60_775), "Décret n° 2023-340 du 4 mai 2023"),
        d(2024, 4, eur(63_571), "Décret n° 2024-396 du 29 avril 2024"),
        d(2025, 4, eur(64_652), "Décret n° 2025-293 du 29 mars 2025"),
        d(
            2026,
            4,
            eur(65_169),
            "Décret n° 2026-220 du 30 mars 2026 (valeur reprise d'OpenFisca-France, à confirmer sur Légifrance)",
        ),
    ],
};

/// Increment for the second person of the household (spouse, or first dependant of a single
/// person). Also used by the prime d'activité.
pub const RATE_SECOND_PERSON: Parameter<Rate> = Parameter {
    code: "foyer.majoration_deuxieme_personne",
    label_fr: "Majoration pour la deuxième personne du foyer",
    entries: &[d(
        2009,
        6,
        ppm(500_000),
        "CASF art. R262-1 (Décret n° 2009-404 du 15 avril 2009) ; CSS art. D843-1 pour la prime d'activité (Décret n° 2015-1710 du 21 décembre 2015)",
    )],
};

/// Increment for the third person, and for each further person of a couple up to the second
/// child.
pub const RATE_THIRD_PERSON: Parameter<Rate> = Parameter {
    code: "foyer.majoration_troisieme_personne",
    label_fr: "Majoration pour la troisième personne du foyer",
    entries: &[d(
        2009,
        6,
        ppm(300_000),
        "CASF art. R262-1 (Décret n° 2009-404 du 15 avril 2009) ; CSS art. D843-1 (Décret n° 2015-1710)",
    )],
};

/// Increment for each child or dependant from the third one (not counting the spouse).
pub const RATE_EXTRA_CHILD: Parameter<Rate> = Parameter {
    code: "foyer.majoration_enfant_supplementaire",
    label_fr: "Majoration par enfant à partir du troisième",
    entries: &[d(
        2009,
        6,
        ppm(400_000),
        "CASF art. R262-1 (Décret n° 2009-404 du 15 avril 2009) ; CSS art. D843-1 (Décret n° 2015-1710)",
    )],
};

/// Single-parent (or pregnant single woman) montant forfaitaire, as a share of the base
/// (CASF L262-9). Also used by the prime d'activité.
pub const RATE_SINGLE_PARENT: Parameter<Rate> = Parameter {
    code: "foyer.majoration_isolement",
    label_fr: "Montant majoré pour parent isolé ou femme enceinte isolée (part du montant de base)",
    entries: &[d(
        2016,
        1,
        ppm(1_284_120),
        "CASF art. L262-9 et R262-1 ; 128,412 % depuis le 1er janvier 2016 (Décret n° 2015-1710 du 21 décembre 2015)",
    )],
};

/// Added to the single-parent rate for each dependent child.
pub const RATE_SINGLE_PARENT_PER_CHILD: Parameter<Rate> = Parameter {
    code: "foyer.majoration_isolement_par_enfant",
    label_fr: "Supplément par enfant du montant majoré pour parent isolé",
    entries: &[d(
        2016,
        1,
        ppm(428_040),
        "CASF art. R262-1 ; 42,804 % depuis le 1er janvier 2016 (Décret n° 2015-1710 du 21 décembre 2015)",
    )],
};

/// Forfait logement for a household of one person, as a share of the one-person amount.
pub const FL_RATE_ONE: Parameter<Rate> = Parameter {
    code: "forfait_logement.taux_1_personne",
    label_fr: "Forfait logement, foyer d'une personne",
    entries: &[d(
        2009,
        6,
        ppm(120_000),
        "CASF art. R262-9 et R262-10 (Décret n° 2009-404 du 15 avril 2009)",
    )],
};

/// Forfait logement for two persons, as a share of the two-person amount (= 24 % of the
/// base).
pub const FL_RATE_TWO: Parameter<Rate> = Parameter {
    code: "forfait_logement.taux_2_personnes",
    label_fr: "Forfait logement, foyer de deux personnes",
    entries: &[d(
        2009,
        6,
        ppm(160_000),
        "CASF art. R262-9 et R262-10 (Décret n° 2009-404 du 15 avril 2009)",
    )],
};

/// Forfait logement for three persons or more, as a share of the three-person amount
/// (= 29.7 % of the base), whatever the size above three.
pub const FL_RATE_THREE: Parameter<Rate> = Parameter {
    code: "forfait_logement.taux_3_personnes",
    label_fr: "Forfait logement, foyer de trois personnes ou plus",
    entries: &[d(
        2009,
        6,
        ppm(165_000),
        "CASF art. R262-9 et R262-10 (Décret n° 2009-404 du 15 avril 2009)",
    )],
};

/// The RSA is not paid when the monthly amount is below this.
pub const RSA_MINIMUM_PAYMENT: Parameter<Cents> = Parameter {
    code: "rsa.montant_minimum_verse",
    label_fr: "Montant minimum du RSA versé",
    entries: &[d(
        2009,
        6,
        eur(600),
        "CASF art. R262-39 / D262-40 selon les versions (Décret n° 2009-404 du 15 avril 2009)",
    )],
};

/// Minimum age of the claimant, unless there is a dependent child (CASF L262-4).
pub const RSA_MIN_AGE: Parameter<u8> = Parameter {
    code: "rsa.age_minimum",
    label_fr: "Âge minimum pour le RSA sans enfant à charge",
    entries: &[d(2009, 6, 25, "CASF art. L262-4, 1°")],
};

/// A child counts as a dependant while under this age on the 1st of the month.
pub const CHILD_AGE_LIMIT: Parameter<u8> = Parameter {
    code: "rsa.age_limite_enfant_a_charge",
    label_fr: "Âge à partir duquel un enfant ne compte plus dans le foyer",
    entries: &[d(
        2009,
        6,
        25,
        "CASF art. R262-3 (enfants de moins de 25 ans)",
    )],
};

/// Without recent isolation or pregnancy, the single-parent majoration needs a child under
/// this age.
pub const MAJORATION_CHILD_AGE_LIMIT: Parameter<u8> = Parameter {
    code: "rsa.majoration_isolement.age_limite_enfant",
    label_fr: "Âge du plus jeune enfant qui arrête la majoration pour isolement",
    entries: &[d(
        2009,
        6,
        3,
        "CASF art. L262-9 et R262-2 (jusqu'aux 3 ans du plus jeune enfant)",
    )],
};

/// Amounts that stop (other than earnings and replacement income) are neutralised up to this
/// many times the base, over the three-month look-back.
pub const NEUTRALISATION_NON_PRO_MONTHS: Parameter<u8> = Parameter {
    code: "rsa.neutralisation.plafond_ressources_non_professionnelles",
    label_fr: "Plafond de neutralisation des autres ressources interrompues (en mois de montant de base)",
    entries: &[d(
        2009,
        6,
        3,
        "CASF art. R262-13 (dans la limite du montant forfaitaire d'une personne par mois)",
    )],
};

// ---------------------------------------------------------------------------------------
// Prime d'activité
// ---------------------------------------------------------------------------------------

/// Montant forfaitaire of the prime d'activité for one person (CSS L842-3).
pub const PA_BASE: Parameter<Cents> = Parameter {
    code: "prime_activite.montant_de_base",
    label_fr: "Montant forfaitaire de la prime d'activité pour une personne seule",
    entries: &[
        d(
            2018,
            8,
            eur(55_151),
            "Décret n° 2018-836 du 3 octobre 2018, art. 1 et 2",
        ),
        d(
            2020,
            4,
            eur(55_316),
            "Décret n° 2020-491 du 29 avril 2020, art. 1",
        ),
        d(
            2021,
            4,
            eur(55_371),
            "Décret n° 2021-528 du 29 avril 2021, art. 1",
        ),
        d(
            2022,
            4,
            eur(56_368),
            "Décret n° 2022-701 du 26 avril 2022, art. 1",
        ),
        d(
            2022,
            7,
            eur(58_623),
            "Loi n° 2022-1158 du 16 août 2022, art. 9 (revalorisation anticipée de 4 %)",
        ),
        d(
            2023,
            4,
            eur(59_525),
            "Décret n° 2023-343 du 4 mai 2023, art. 1",
        ),
        d(
            2024,
            4,
            eur(62_263),
            "Décret n° 2024-403 du 1er mai 2024, art. 1",
        ),
        d(
            2025,
            4,
            eur(63_321),
            "Décret n° 2025-294 du 29 mars 2025, art. 1",
        ),
        d(
            2026,
            4,
            eur(63_828),
            "Décret n° 2026-222 du 30 mars 2026, art. 2 (valeur reprise d'OpenFisca-France, à confirmer sur Légifrance)",
        ),
    ],
};

/// Share of the household's earnings added to the montant forfaitaire (the "pente").
pub const PA_EARNINGS_SLOPE: Parameter<Rate> = Parameter {
    code: "prime_activite.pente",
    label_fr: "Part des revenus professionnels prise en compte (pente)",
    entries: &[
        d(
            2018,
            8,
            ppm(610_000),
            "Décret n° 2018-836 du 3 octobre 2018 (CSS art. D843-1)",
        ),
        d(
            2025,
            4,
            ppm(598_500),
            "Décret n° 2025-292 du 29 mars 2025 (CSS art. D843-3)",
        ),
    ],
};

/// Maximum individual bonus, as a share of the prime d'activité base (rounded to the cent).
pub const PA_BONUS_MAX_RATE: Parameter<Rate> = Parameter {
    code: "prime_activite.bonification.taux_max",
    label_fr: "Bonification individuelle maximale (part du montant de base)",
    entries: &[
        d(
            2018,
            10,
            ppm(291_010),
            "Décret n° 2018-1197 du 21 décembre 2018 (CSS art. D843-1)",
        ),
        d(
            2026,
            4,
            ppm(377_000),
            "Décret n° 2026-222 du 30 mars 2026 (valeur reprise d'OpenFisca-France, à confirmer sur Légifrance)",
        ),
    ],
};

/// Monthly earnings, in hours of gross SMIC, from which the individual bonus starts.
pub const PA_BONUS_START_HOURS: Parameter<u32> = Parameter {
    code: "prime_activite.bonification.seuil",
    label_fr: "Revenus à partir desquels la bonification commence (en heures de Smic brut)",
    entries: &[d(
        2015,
        10,
        59,
        "CSS art. D843-1 (Décret n° 2015-1710 du 21 décembre 2015, art. 2)",
    )],
};

/// Monthly earnings, in hours of gross SMIC, at which the individual bonus reaches its
/// maximum (it rises linearly in between).
pub const PA_BONUS_FULL_HOURS: Parameter<u32> = Parameter {
    code: "prime_activite.bonification.seuil_max",
    label_fr: "Revenus à partir desquels la bonification est maximale (en heures de Smic brut)",
    entries: &[
        d(
            2018,
            10,
            120,
            "Décret n° 2018-1197 du 21 décembre 2018 (CSS art. D843-1)",
        ),
        d(
            2026,
            4,
            138,
            "Décret n° 2026-222 du 30 mars 2026 (valeur reprise d'OpenFisca-France, à confirmer sur Légifrance)",
        ),
    ],
};

/// The prime d'activité is not paid when the (three-month average) amount is below this.
pub const PA_MINIMUM_PAYMENT: Parameter<Cents> = Parameter {
    code: "prime_activite.montant_minimum_verse",
    label_fr: "Montant minimum de prime d'activité versé",
    entries: &[d(
        2015,
        10,
        eur(1_500),
        "CSS art. D843-1 (Décret n° 2015-1710 du 21 décembre 2015, art. 2)",
    )],
};

/// Minimum age for the prime d'activité (CSS L842-1).
pub const PA_MIN_AGE: Parameter<u8> = Parameter {
    code: "prime_activite.age_minimum",
    label_fr: "Âge minimum pour la prime d'activité",
    entries: &[d(2016, 1, 18, "CSS art. L842-1")],
};

/// Gross hourly SMIC (metropolitan France), which sets the bonus thresholds.
pub const SMIC_HOURLY: Parameter<Cents> = Parameter {
    code: "smic.horaire_brut",
    label_fr: "Smic horaire brut",
    entries: &[
        d(
            2019,
            1,
            eur(1_003),
            "Décret n° 2018-1173 du 19 décembre 2018",
        ),
        d(
            2020,
            1,
            eur(1_015),
            "Décret n° 2019-1387 du 18 décembre 2019",
        ),
        d(
            2021,
            1,
            eur(1_025),
            "Décret n° 2020-1598 du 16 décembre 2020",
        ),
        d(2021, 10, eur(1_048), "Arrêté du 27 septembre 2021"),
        d(
            2022,
            1,
            eur(1_057),
            "Décret n° 2021-1741 du 22 décembre 2021",
        ),
        d(2022, 5, eur(1_085), "Arrêté du 19 mai 2022"),
        d(2022, 8, eur(1_107), "Arrêté du 29 juillet 2022"),
        d(
            2023,
            1,
            eur(1_127),
            "Décret n° 2022-1608 du 22 décembre 2022",
        ),
        d(2023, 5, eur(1_152), "Arrêté du 26 avril 2023"),
        d(
            2024,
            1,
            eur(1_165),
            "Décret n° 2023-1216 du 20 décembre 2023",
        ),
        d(
            2024,
            11,
            eur(1_188),
            "Décret n° 2024-951 du 23 octobre 2024",
        ),
        d(
            2026,
            1,
            eur(1_202),
            "Décret n° 2025-1228 du 17 décembre 2025",
        ),
        d(
            2026,
            6,
            eur(1_231),
            "Relèvement automatique (code du travail, art. L3231-5) au 1er juin 2026 : valeur reprise d'OpenFisca-France, texte à confirmer sur Légifrance",
        ),
    ],
};

/// Every parameter value in force in one month, looked up once for the formulas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MonthParams {
    pub rsa_base: Cents,
    pub rate_second: Rate,
    pub rate_third: Rate,
    pub rate_extra_child: Rate,
    pub rate_single_parent: Rate,
    pub rate_single_parent_per_child: Rate,
    pub fl_one: Rate,
    pub fl_two: Rate,
    pub fl_three: Rate,
    pub rsa_minimum: Cents,
    pub rsa_min_age: u8,
    pub child_age_limit: u8,
    pub majoration_child_age_limit: u8,
    pub neutralisation_non_pro_months: u8,
    pub pa_base: Cents,
    pub pa_slope: Rate,
    pub pa_bonus_max_rate: Rate,
    pub pa_bonus_start_hours: u32,
    pub pa_bonus_full_hours: u32,
    pub pa_minimum: Cents,
    pub pa_min_age: u8,
    pub smic_hourly: Cents,
}

impl MonthParams {
    /// All parameters in force in `month`; an error if the tables do not reach back that far.
    pub(crate) fn at(month: Month) -> Result<MonthParams, SimulationError> {
        fn get<T: Copy>(p: &Parameter<T>, month: Month) -> Result<T, SimulationError> {
            p.value_at(month)
                .ok_or(SimulationError::PeriodNotCovered { month })
        }
        Ok(MonthParams {
            rsa_base: get(&RSA_BASE, month)?,
            rate_second: get(&RATE_SECOND_PERSON, month)?,
            rate_third: get(&RATE_THIRD_PERSON, month)?,
            rate_extra_child: get(&RATE_EXTRA_CHILD, month)?,
            rate_single_parent: get(&RATE_SINGLE_PARENT, month)?,
            rate_single_parent_per_child: get(&RATE_SINGLE_PARENT_PER_CHILD, month)?,
            fl_one: get(&FL_RATE_ONE, month)?,
            fl_two: get(&FL_RATE_TWO, month)?,
            fl_three: get(&FL_RATE_THREE, month)?,
            rsa_minimum: get(&RSA_MINIMUM_PAYMENT, month)?,
            rsa_min_age: get(&RSA_MIN_AGE, month)?,
            child_age_limit: get(&CHILD_AGE_LIMIT, month)?,
            majoration_child_age_limit: get(&MAJORATION_CHILD_AGE_LIMIT, month)?,
            neutralisation_non_pro_months: get(&NEUTRALISATION_NON_PRO_MONTHS, month)?,
            pa_base: get(&PA_BASE, month)?,
            pa_slope: get(&PA_EARNINGS_SLOPE, month)?,
            pa_bonus_max_rate: get(&PA_BONUS_MAX_RATE, month)?,
            pa_bonus_start_hours: get(&PA_BONUS_START_HOURS, month)?,
            pa_bonus_full_hours: get(&PA_BONUS_FULL_HOURS, month)?,
            pa_minimum: get(&PA_MINIMUM_PAYMENT, month)?,
            pa_min_age: get(&PA_MIN_AGE, month)?,
            smic_hourly: get(&SMIC_HOURLY, month)?,
        })
    }
}

/// One parameter value as shown to people (a "sources" page, an explanation).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ParameterValue {
    /// Stable code of the parameter.
    pub code: String,
    /// What it is, in French.
    pub label_fr: String,
    /// The value, formatted in French (`564,78 €`, `59,85 %`, `25 ans`…).
    pub value_fr: String,
    /// First month in which this value applies.
    pub from: Month,
    /// The legal text that sets it.
    pub source: String,
}

fn shown<T: Copy>(
    p: &Parameter<T>,
    month: Month,
    fmt: impl Fn(T) -> String,
) -> Option<ParameterValue> {
    p.entry_at(month).map(|e| ParameterValue {
        code: p.code.to_string(),
        label_fr: p.label_fr.to_string(),
        value_fr: fmt(e.value),
        from: e.from,
        source: e.source.to_string(),
    })
}

/// Every parameter in force in `month`, with its value in French and its source, in a stable
/// order. Parameters not yet defined that month are left out.
pub fn in_force_at(month: Month) -> Vec<ParameterValue> {
    let money = |c: Cents| c.format_eur();
    let rate = |r: Rate| r.label_fr();
    let years = |y: u8| format!("{y} ans");
    let hours = |h: u32| format!("{h} heures de Smic");
    let months = |m: u8| format!("{m} mois");
    [
        shown(&RSA_BASE, month, money),
        shown(&RATE_SECOND_PERSON, month, rate),
        shown(&RATE_THIRD_PERSON, month, rate),
        shown(&RATE_EXTRA_CHILD, month, rate),
        shown(&RATE_SINGLE_PARENT, month, rate),
        shown(&RATE_SINGLE_PARENT_PER_CHILD, month, rate),
        shown(&FL_RATE_ONE, month, rate),
        shown(&FL_RATE_TWO, month, rate),
        shown(&FL_RATE_THREE, month, rate),
        shown(&RSA_MINIMUM_PAYMENT, month, money),
        shown(&RSA_MIN_AGE, month, years),
        shown(&CHILD_AGE_LIMIT, month, years),
        shown(&MAJORATION_CHILD_AGE_LIMIT, month, years),
        shown(&NEUTRALISATION_NON_PRO_MONTHS, month, months),
        shown(&PA_BASE, month, money),
        shown(&PA_EARNINGS_SLOPE, month, rate),
        shown(&PA_BONUS_MAX_RATE, month, rate),
        shown(&PA_BONUS_START_HOURS, month, hours),
        shown(&PA_BONUS_FULL_HOURS, month, hours),
        shown(&PA_MINIMUM_PAYMENT, month, money),
        shown(&PA_MIN_AGE, month, years),
        shown(&SMIC_HOURLY, month, money),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_money() -> [&'static Parameter<Cents>; 5] {
        [
            &RSA_BASE,
            &RSA_MINIMUM_PAYMENT,
            &PA_BASE,
            &PA_MINIMUM_PAYMENT,
            &SMIC_HOURLY,
        ]
    }

    fn all_rates() -> [&'static Parameter<Rate>; 10] {
        [
            &RATE_SECOND_PERSON,
            &RATE_THIRD_PERSON,
            &RATE_EXTRA_CHILD,
            &RATE_SINGLE_PARENT,
            &RATE_SINGLE_PARENT_PER_CHILD,
            &FL_RATE_ONE,
            &FL_RATE_TWO,
            &FL_RATE_THREE,
            &PA_EARNINGS_SLOPE,
            &PA_BONUS_MAX_RATE,
        ]
    }

    #[test]
    fn tables_are_sorted_and_sourced() {
        fn check<T: Copy>(p: &Parameter<T>) {
            assert!(!p.entries.is_empty(), "{} is empty", p.code);
            assert!(
                p.entries.windows(2).all(|w| w[0].from < w[1].from),
                "{} is not in date order",
                p.code
            );
            assert!(p.entries.iter().all(|e| !e.source.is_empty()));
            assert!(
                p.entries[0].from <= FIRST_COVERED,
                "{} starts too late",
                p.code
            );
        }
        all_money().iter().for_each(|p| check(*p));
        all_rates().iter().for_each(|p| check(*p));
        check(&RSA_MIN_AGE);
        check(&PA_BONUS_START_HOURS);
        check(&PA_BONUS_FULL_HOURS);
    }

    #[test]
    fn rsa_base_at_revaluation_boundaries() {
        let at = |y, m| RSA_BASE.value_at(Month::ym(y, m)).unwrap();
        assert_eq!(at(2020, 4), Cents(56_478));
        assert_eq!(at(2021, 3), Cents(56_478));
        assert_eq!(at(2021, 4), Cents(56_534));
        assert_eq!(at(2022, 6), Cents(57_552));
        assert_eq!(at(2022, 7), Cents(59_854));
        assert_eq!(at(2026, 3), Cents(64_652));
        assert_eq!(at(2026, 4), Cents(65_169));
        assert_eq!(at(2030, 1), Cents(65_169));
        assert_eq!(RSA_BASE.value_at(Month::ym(2019, 3)), None);
        assert!(
            RSA_BASE
                .entry_at(Month::ym(2022, 7))
                .unwrap()
                .source
                .contains("2022-1158")
        );
    }

    #[test]
    fn prime_activite_parameters_at_boundaries() {
        let m = Month::ym;
        assert_eq!(PA_EARNINGS_SLOPE.value_at(m(2025, 3)), Some(ppm(610_000)));
        assert_eq!(PA_EARNINGS_SLOPE.value_at(m(2025, 4)), Some(ppm(598_500)));
        assert_eq!(PA_BONUS_MAX_RATE.value_at(m(2026, 3)), Some(ppm(291_010)));
        assert_eq!(PA_BONUS_MAX_RATE.value_at(m(2026, 4)), Some(ppm(377_000)));
        assert_eq!(PA_BONUS_FULL_HOURS.value_at(m(2026, 3)), Some(120));
        assert_eq!(PA_BONUS_FULL_HOURS.value_at(m(2026, 4)), Some(138));
        assert_eq!(PA_BASE.value_at(m(2022, 6)), Some(Cents(56_368)));
        assert_eq!(PA_BASE.value_at(m(2022, 7)), Some(Cents(58_623)));
        assert_eq!(SMIC_HOURLY.value_at(m(2024, 10)), Some(Cents(1_165)));
        assert_eq!(SMIC_HOURLY.value_at(m(2024, 11)), Some(Cents(1_188)));
        assert_eq!(SMIC_HOURLY.value_at(m(2025, 12)), Some(Cents(1_188)));
        assert_eq!(SMIC_HOURLY.value_at(m(2026, 5)), Some(Cents(1_202)));
        assert_eq!(SMIC_HOURLY.value_at(m(2026, 6)), Some(Cents(1_231)));
    }

    #[test]
    fn month_snapshot_and_coverage() {
        let p = MonthParams::at(Month::ym(2021, 1)).unwrap();
        assert_eq!(p.rsa_base, Cents(56_478));
        assert_eq!(p.pa_base, Cents(55_316));
        assert_eq!(p.smic_hourly, Cents(1_025));
        assert!(MonthParams::at(FIRST_COVERED).is_ok());
        assert_eq!(
            MonthParams::at(FIRST_COVERED.previous()),
            Err(SimulationError::PeriodNotCovered {
                month: FIRST_COVERED.previous()
            })
        );
    }

    #[test]
    fn values_for_display() {
        let v = in_force_at(Month::ym(2025, 4));
        let slope = v.iter().find(|p| p.code == "prime_activite.pente").unwrap();
        assert_eq!(slope.value_fr, "59,85\u{A0}%");
        assert!(slope.source.contains("2025-292"));
        let base = v.iter().find(|p| p.code == "rsa.montant_de_base").unwrap();
        assert_eq!(base.value_fr, "646,52\u{A0}€");
        assert_eq!(base.from, Month::ym(2025, 4));
    }
}
