//! The simulator's form: what the page's fields hold (text, as typed), how they travel in the URL,
//! and how they become a [`SimulationInput`] for the rules core — or a message per field, in the page's language.
//!
//! The same code runs on the server (no JavaScript: the form is a GET, the server renders the
//! result) and in the browser (hydrated: the result follows each keystroke), so both always agree.
use passerelle::{
    AdultInput, Cents, ContractType, Date, HouseholdKind, HousingStatus, JobInput, Month,
    OngoingSalary, Person, ResourceInput, ResourceKind, SimulationInput,
};

use crate::error::FieldError;
use crate::lang::{IslandTexts, T};

/// Field names, as they appear in the form and in the URL (short, French, stable: a shared or
/// bookmarked link must keep working).
pub mod field {
    pub const SITUATION: &str = "situation";
    pub const AGE: &str = "age";
    pub const AGE_CONJOINT: &str = "age_conjoint";
    pub const ENCEINTE: &str = "enceinte";
    pub const ISOLEMENT: &str = "isolement";
    pub const ENFANTS_MOINS_3: &str = "enfants_moins_3";
    pub const ENFANTS_3_24: &str = "enfants_3_24";
    pub const LOGEMENT: &str = "logement";
    pub const AIDE_LOGEMENT: &str = "aide_logement";
    pub const RSA: &str = "rsa";
    pub const QUI: &str = "qui";
    pub const SECTEUR: &str = "secteur";
    pub const DEBUT_MOIS: &str = "debut_mois";
    pub const DEBUT_ANNEE: &str = "debut_annee";
    pub const SALAIRE: &str = "salaire";
    pub const HEURES: &str = "heures";
    pub const CONTRAT: &str = "contrat";
    pub const SALAIRE_CONJOINT: &str = "salaire_conjoint";
    pub const CHOMAGE: &str = "chomage";
    pub const RETRAITE: &str = "retraite";
    pub const PENSION_ALIMENTAIRE: &str = "pension_alimentaire";
    pub const PRESTATIONS_FAMILIALES: &str = "prestations_familiales";

    /// The fields holding an amount in euros.
    pub const AMOUNTS: [&str; 7] = [
        AIDE_LOGEMENT,
        SALAIRE,
        SALAIRE_CONJOINT,
        CHOMAGE,
        RETRAITE,
        PENSION_ALIMENTAIRE,
        PRESTATIONS_FAMILIALES,
    ];

    /// Every field, in the order of the form.
    pub const ALL: [&str; 22] = [
        SITUATION,
        AGE,
        AGE_CONJOINT,
        ENCEINTE,
        ISOLEMENT,
        ENFANTS_MOINS_3,
        ENFANTS_3_24,
        LOGEMENT,
        AIDE_LOGEMENT,
        RSA,
        QUI,
        SECTEUR,
        DEBUT_MOIS,
        DEBUT_ANNEE,
        SALAIRE,
        HEURES,
        CONTRAT,
        SALAIRE_CONJOINT,
        CHOMAGE,
        RETRAITE,
        PENSION_ALIMENTAIRE,
        PRESTATIONS_FAMILIALES,
    ];
}

/// The first month a job may start: the rules' parameters are known from April 2020 (a job
/// starting then looks back to January 2020).
pub const FIRST_START: Month = Month::ym(2020, 4);

/// The form as typed: one text value per field name (missing = empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimulatorForm {
    values: Vec<(String, String)>,
}

impl SimulatorForm {
    /// From `(name, value)` pairs (a query string or a posted form); unknown names are dropped,
    /// and values are cut at 200 characters (nothing in this form is longer).
    pub fn from_pairs<I, K, V>(pairs: I) -> SimulatorForm
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut values = Vec::new();
        for (k, v) in pairs {
            let k = k.as_ref();
            if field::ALL.contains(&k)
                && !values.iter().any(|(name, _): &(String, String)| name == k)
            {
                values.push((
                    k.to_string(),
                    v.as_ref().chars().take(200).map(latin_digit).collect(),
                ));
            }
        }
        SimulatorForm { values }
    }

    /// From a URL query string (`a=1&b=2`, with or without the leading `?`).
    pub fn from_query_str(query: &str) -> SimulatorForm {
        let query = query.strip_prefix('?').unwrap_or(query);
        SimulatorForm::from_pairs(query.split('&').filter(|kv| !kv.is_empty()).map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (crate::text::url_decode(k), crate::text::url_decode(v))
        }))
    }

    /// Whether `name` was sent at all (possibly empty): a submitted form sends every field.
    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(k, _)| k == name)
    }

    /// The value typed in `name`, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or("")
    }

    /// Whether the person has submitted the form at least once (any field present).
    pub fn is_submitted(&self) -> bool {
        !self.values.is_empty()
    }

    /// The URL query string that reproduces this form (fields in form order, empty ones left out).
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    /// Like [`Self::to_query`], keeping the fields sent empty (what a submitted form sends).
    pub fn to_query_all(&self) -> String {
        self.query(true)
    }

    fn query(&self, keep_empty: bool) -> String {
        let mut out = String::new();
        for name in field::ALL {
            let v = self.get(name);
            if !v.is_empty() || (keep_empty && self.has(name)) {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(name);
                out.push('=');
                out.push_str(&crate::text::url_encode(v));
            }
        }
        out
    }

    /// The same answers with every amount that `lang` reads written plainly (`1,200.50` typed
    /// on an English page becomes `1200.50`), so that the address gives the same figures in
    /// every language; what does not read as an amount is kept as typed (its message stays).
    pub fn with_plain_amounts(mut self, lang: passerelle::lang::Lang) -> SimulatorForm {
        for (name, value) in self.values.iter_mut() {
            if field::AMOUNTS.contains(&name.as_str())
                && let Ok(c) = Cents::parse(value.trim(), lang)
            {
                *value = c.to_plain();
            }
        }
        self
    }

    pub fn is_couple(&self) -> bool {
        self.get(field::SITUATION) == "couple"
    }

    /// Parses the whole form. `today` gives the default start month and bounds the years offered.
    /// Error messages are in the language of `tx`.
    pub fn parse(&self, today: Date, tx: &IslandTexts) -> Result<SimulationInput, Vec<FieldError>> {
        let mut errors = Errors {
            list: Vec::new(),
            tx,
        };
        let couple = self.is_couple();
        let under_3 = errors.count(self, field::ENFANTS_MOINS_3, 15);
        let older = errors.count(self, field::ENFANTS_3_24, 15);
        let children = under_3 + older;
        let household_kind = match (couple, children) {
            (true, _) => HouseholdKind::Couple,
            (false, 0) => HouseholdKind::Single,
            (false, _) => HouseholdKind::SingleParent,
        };

        let mut adults = vec![AdultInput {
            birth_date: None,
            age: errors.age(self, field::AGE, (T::err_age_missing, T::err_age_range)),
            pregnant: self.get(field::ENCEINTE) == "1",
        }];
        if couple {
            adults.push(AdultInput {
                birth_date: None,
                age: errors.age(
                    self,
                    field::AGE_CONJOINT,
                    (T::err_partner_age_missing, T::err_partner_age_range),
                ),
                pregnant: false,
            });
        }

        let start = errors.start_month(self, today);
        // Children's ages are asked in two bands (what the rules need: under 3 for the single-parent
        // increase, under 25 to count); a birth date inside each band stands for each child.
        let children_birth_dates = start
            .map(|m| {
                let first = m.first_day();
                let mut dates = vec![first.add_years(-1); under_3 as usize];
                dates.extend(vec![first.add_years(-10); older as usize]);
                dates
            })
            .unwrap_or_default();

        let housing_status = match self.get(field::LOGEMENT) {
            "" | "locataire" => HousingStatus::Tenant,
            "proprietaire" => HousingStatus::Owner,
            "proprietaire_emprunt" => HousingStatus::OwnerWithMortgage,
            "heberge" => HousingStatus::HostedFree,
            _ => {
                errors.add(field::LOGEMENT, T::err_housing);
                HousingStatus::Tenant
            }
        };
        let housing_aid = errors.amount(self, field::AIDE_LOGEMENT, false);

        let receives_rsa = match self.get(field::RSA) {
            "" | "oui" => Some(true),
            "non" => Some(false),
            "nsp" => None,
            _ => {
                errors.add(field::RSA, T::err_rsa);
                None
            }
        };

        let person = if couple && self.get(field::QUI) == "conjoint" {
            Person::Second
        } else {
            Person::First
        };
        let sector = match self.get(field::SECTEUR) {
            "" => passerelle::SECTOR_OTHER.to_string(),
            s if s.len() <= 40
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
            {
                s.to_string()
            }
            _ => {
                errors.add(field::SECTEUR, T::err_sector);
                passerelle::SECTOR_OTHER.to_string()
            }
        };
        let net_monthly = errors.amount(self, field::SALAIRE, true);
        if net_monthly > Cents::from_euros(20_000) {
            errors.add(field::SALAIRE, T::err_salary_high);
        }
        let hours_per_week = match self.get(field::HEURES) {
            "" => None,
            s => match s.parse::<u16>() {
                Ok(h @ 1..=48) => Some(h),
                _ => {
                    errors.add(field::HEURES, T::err_hours);
                    None
                }
            },
        };
        let contract = match self.get(field::CONTRAT) {
            "" => None,
            "cdi" => Some(ContractType::Cdi),
            "cdd" => Some(ContractType::Cdd),
            "interim" => Some(ContractType::Interim),
            "autre" => Some(ContractType::Other),
            _ => {
                errors.add(field::CONTRAT, T::err_contract);
                None
            }
        };

        let mut other_resources = Vec::new();
        for (name, kind) in [
            (field::CHOMAGE, ResourceKind::UnemploymentBenefit),
            (field::RETRAITE, ResourceKind::Pension),
            (field::PENSION_ALIMENTAIRE, ResourceKind::ChildSupport),
        ] {
            let monthly = errors.amount(self, name, false);
            if monthly > Cents::ZERO {
                other_resources.push(ResourceInput {
                    person: Person::First,
                    kind,
                    monthly,
                });
            }
        }
        let family_benefits = errors.amount(self, field::PRESTATIONS_FAMILIALES, false);
        let mut ongoing_salaries = Vec::new();
        if couple {
            let partner = errors.amount(self, field::SALAIRE_CONJOINT, false);
            if partner > Cents::ZERO {
                let other = if person == Person::First {
                    Person::Second
                } else {
                    Person::First
                };
                ongoing_salaries.push(OngoingSalary {
                    person: other,
                    net_monthly: partner,
                });
            }
        }

        let errors = errors.list;
        match start {
            Some(start) if errors.is_empty() => Ok(SimulationInput {
                household_kind,
                adults,
                children_birth_dates,
                recently_isolated: !couple && children > 0 && self.get(field::ISOLEMENT) == "1",
                housing_status,
                housing_aid,
                other_resources,
                family_benefits,
                job: JobInput {
                    person,
                    sector,
                    start,
                    end: None,
                    net_monthly,
                    hours_per_week,
                    contract,
                },
                previous_salaries: Vec::new(),
                ongoing_salaries,
                receives_rsa,
            }),
            _ => Err(errors),
        }
    }
}

/// Arabic-Indic digits (٠–٩, and the Persian ۰–۹ of some keyboards) as Latin digits, and the
/// Arabic decimal and thousands separators (٫ ٬) as a comma and a space: a phone set to Arabic
/// types them, and they mean the same numbers.
fn latin_digit(c: char) -> char {
    match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{066B}' => ',',
        '\u{066C}' => ' ',
        c => c,
    }
}

/// Years offered for the job's start: from the first covered year to next year.
pub fn start_years(today: Date) -> std::ops::RangeInclusive<i32> {
    FIRST_START.year()..=today.year() + 1
}

struct Errors<'a> {
    list: Vec<FieldError>,
    tx: &'a IslandTexts,
}

impl Errors<'_> {
    fn add(&mut self, field: &str, key: T) {
        let message = self.tx.t(key);
        self.add_message(field, message);
    }

    fn add_message(&mut self, field: &str, message: String) {
        if !self.list.iter().any(|e| e.field == field) {
            self.list.push(FieldError {
                field: field.to_string(),
                message,
            });
        }
    }

    fn amount(&mut self, form: &SimulatorForm, name: &str, required: bool) -> Cents {
        let raw = form.get(name);
        if raw.is_empty() && !required {
            return Cents::ZERO;
        }
        match Cents::parse(raw, self.tx.lang) {
            Ok(c) if required && c == Cents::ZERO => {
                self.add(name, T::err_salary_zero);
                Cents::ZERO
            }
            Ok(c) => c,
            Err(passerelle::ParseAmountError::Empty) if required => {
                self.add(name, T::err_salary_missing);
                Cents::ZERO
            }
            Err(e) => {
                use passerelle::ParseAmountError as E;
                let message = match e {
                    E::Empty => self.tx.t(T::err_amount_empty),
                    E::Negative => self.tx.t(T::err_amount_negative),
                    E::InvalidCharacter(c) => {
                        self.tx.f(T::err_amount_char, &[("char", c.to_string())])
                    }
                    E::Misplaced => self.tx.t(T::err_amount_misplaced),
                    E::TooManyDecimals => self.tx.t(T::err_amount_decimals),
                    E::TooLarge => self.tx.t(T::err_amount_large),
                };
                self.add_message(name, message);
                Cents::ZERO
            }
        }
    }

    fn count(&mut self, form: &SimulatorForm, name: &str, max: u32) -> u32 {
        match form.get(name) {
            "" => 0,
            s => match s.parse::<u32>() {
                Ok(n) if n <= max => n,
                _ => {
                    let message = self.tx.f(T::err_count, &[("max", max.to_string())]);
                    self.add_message(name, message);
                    0
                }
            },
        }
    }

    /// `keys`: the messages for a missing age and for one out of range.
    fn age(&mut self, form: &SimulatorForm, name: &str, keys: (T, T)) -> Option<u8> {
        match form.get(name) {
            "" => {
                self.add(name, keys.0);
                None
            }
            s => match s.parse::<u8>() {
                Ok(a @ 16..=120) => Some(a),
                _ => {
                    self.add(name, keys.1);
                    None
                }
            },
        }
    }

    fn start_month(&mut self, form: &SimulatorForm, today: Date) -> Option<Month> {
        let month = match form.get(field::DEBUT_MOIS) {
            "" => today.month_number(),
            s => match s.parse::<u8>() {
                Ok(m @ 1..=12) => m,
                _ => {
                    self.add(field::DEBUT_MOIS, T::err_month);
                    return None;
                }
            },
        };
        let year = match form.get(field::DEBUT_ANNEE) {
            "" => today.year(),
            s => match s.parse::<i32>() {
                Ok(y) if start_years(today).contains(&y) => y,
                _ => {
                    let years = start_years(today);
                    let message = self.tx.f(
                        T::err_year,
                        &[
                            ("first", years.start().to_string()),
                            ("last", years.end().to_string()),
                        ],
                    );
                    self.add_message(field::DEBUT_ANNEE, message);
                    return None;
                }
            },
        };
        let start = Month::ym(year, month);
        if start < FIRST_START {
            let message = self.tx.f(
                T::err_first_start,
                &[("month", FIRST_START.label(self.tx.lang))],
            );
            self.add_message(field::DEBUT_MOIS, message);
            return None;
        }
        Some(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> SimulatorForm {
        SimulatorForm::from_pairs(pairs.iter().copied())
    }

    const TODAY: Date = Date::ymd(2026, 11, 27);

    fn fr() -> IslandTexts {
        IslandTexts::of(passerelle::lang::Lang::Fr)
    }

    #[test]
    fn a_complete_single_form_parses() {
        let f = form(&[
            ("age", "35"),
            ("logement", "locataire"),
            ("aide_logement", "250"),
            ("secteur", "ehpad"),
            ("debut_mois", "2"),
            ("debut_annee", "2021"),
            ("salaire", "600"),
        ]);
        let input = f.parse(TODAY, &fr()).expect("valid");
        assert_eq!(input.household_kind, HouseholdKind::Single);
        assert_eq!(input.job.start, Month::ym(2021, 2));
        assert_eq!(input.job.net_monthly, Cents::from_euros(600));
        assert_eq!(input.housing_aid, Cents::from_euros(250));
        assert_eq!(input.receives_rsa, Some(true));
    }

    #[test]
    fn every_bad_field_gets_its_own_french_message() {
        let f = form(&[
            ("age", "abc"),
            ("aide_logement", "12,345"),
            ("salaire", ""),
            ("heures", "80"),
            ("enfants_moins_3", "-1"),
            ("debut_annee", "1990"),
        ]);
        let errors = f.parse(TODAY, &fr()).unwrap_err();
        let by_field = |name: &str| {
            errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone())
        };
        assert!(by_field("age").unwrap().contains("entre 16 et 120"));
        assert!(
            by_field("aide_logement")
                .unwrap()
                .contains("deux chiffres après la virgule")
        );
        assert!(by_field("salaire").unwrap().contains("salaire net mensuel"));
        assert!(by_field("heures").unwrap().contains("entre 1 et 48"));
        assert!(
            by_field("enfants_moins_3")
                .unwrap()
                .contains("entre 0 et 15")
        );
        assert!(
            by_field("debut_annee")
                .unwrap()
                .contains("entre 2020 et 2027")
        );
    }

    #[test]
    fn couple_with_children_and_partner_salary() {
        let f = form(&[
            ("situation", "couple"),
            ("age", "33"),
            ("age_conjoint", "31"),
            ("enfants_moins_3", "1"),
            ("enfants_3_24", "1"),
            ("qui", "conjoint"),
            ("secteur", "saad"),
            ("salaire", "1 000"),
            ("salaire_conjoint", "600"),
        ]);
        let input = f.parse(TODAY, &fr()).expect("valid");
        assert_eq!(input.household_kind, HouseholdKind::Couple);
        assert_eq!(input.adults.len(), 2);
        assert_eq!(input.children_birth_dates.len(), 2);
        assert_eq!(input.job.person, Person::Second);
        assert_eq!(input.ongoing_salaries[0].person, Person::First);
        // Defaults: this month.
        assert_eq!(input.job.start, Month::ym(2026, 11));
    }

    #[test]
    fn partner_fields_are_ignored_for_a_single_person() {
        let f = form(&[
            ("age", "40"),
            ("salaire", "900"),
            ("age_conjoint", "zz"),
            ("salaire_conjoint", "x"),
        ]);
        assert!(f.parse(TODAY, &fr()).is_ok());
    }

    #[test]
    fn query_string_round_trips_and_drops_unknown_fields() {
        let f = form(&[
            ("age", "35"),
            ("salaire", "1 200,50"),
            ("pirate", "1"),
            ("secteur", "ehpad"),
        ]);
        let q = f.to_query();
        assert_eq!(q, "age=35&secteur=ehpad&salaire=1%20200%2C50");
        let back = SimulatorForm::from_pairs(q.split('&').map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), crate::text::url_decode(v))
        }));
        assert_eq!(back.get("salaire"), "1 200,50");
        assert_eq!(back.to_query(), q);
    }

    #[test]
    fn arabic_digits_are_read_as_the_same_numbers() {
        let f = form(&[("age", "٣٥"), ("salaire", "١٢٠٠٫٥٠"), ("heures", "۲۴")]);
        assert_eq!(f.get("age"), "35");
        let input = f.parse(TODAY, &fr()).expect("valid");
        assert_eq!(input.job.net_monthly, Cents(120_050));
        assert_eq!(input.job.hours_per_week, Some(24));
    }

    #[test]
    fn an_address_made_in_english_gives_the_same_figures_in_french() {
        let english = form(&[("age", "35"), ("salaire", "1,200.50"), ("chomage", "abc")])
            .with_plain_amounts(passerelle::lang::Lang::En);
        assert_eq!(english.get("salaire"), "1200.50");
        assert_eq!(
            english.get("chomage"),
            "abc",
            "kept as typed, its message stays"
        );
        let again = SimulatorForm::from_query_str(&english.to_query());
        let french = again.parse(TODAY, &fr()).unwrap_err();
        assert!(french.iter().all(|e| e.field == "chomage"));
        let ok = form(&[("age", "35"), ("salaire", "1,200.50")])
            .with_plain_amounts(passerelle::lang::Lang::En);
        assert_eq!(
            SimulatorForm::from_query_str(&ok.to_query())
                .parse(TODAY, &fr())
                .unwrap()
                .job
                .net_monthly,
            Cents(120_050)
        );
    }

    #[test]
    fn huge_inputs_are_cut_not_fatal() {
        let long = "9".repeat(10_000);
        let f = form(&[("salaire", long.as_str()), ("age", "35")]);
        assert_eq!(f.get("salaire").len(), 200);
        let errors = f.parse(TODAY, &fr()).unwrap_err();
        assert!(errors.iter().any(|e| e.field == "salaire"));
    }
}
