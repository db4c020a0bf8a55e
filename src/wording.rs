//! The rules' sentences as data: a [`Key`] and its values ([`Phrase`]), so that the interface
//! words them in the person's language while the figures come from one place.
//!
//! French, the source, lives here ([`Key::french`], an exhaustive `match`: a new sentence cannot
//! lack its French). The other languages live with the interface's translations
//! (`app/locales/{en,ar}.json`, section `rules`, checked key by key against [`Key::ALL`]), and
//! reach the browser only for the language of the page. The API and the staff pages use the
//! French text ([`Phrase::french`]).
use serde::{Deserialize, Serialize};

use crate::calendar::Month;
use crate::household::ContractType;
use crate::lang::Lang;
use crate::money::Cents;
use crate::scheme::MonthRange;

/// A value inside a sentence, formatted the way the sentence's language writes it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Arg {
    /// `1 234,56 €`, `€1,234.56`.
    Amount(Cents),
    /// Rounded to the euro, for sentences: `1 235 €`.
    AmountWhole(Cents),
    /// `mars 2021`, `March 2021`.
    Month(Month),
    /// A whole number.
    Number(i64),
    /// A sector: its code (translated when the interface knows it) and its French label.
    Sector {
        /// The sector's code (`ehpad`).
        code: String,
        /// Its French label, as the scheme holds it.
        label_fr: String,
    },
    /// Several sectors, as a list.
    Sectors(Vec<(String, String)>),
    /// A type of contract.
    Contract(ContractType),
    /// Several types of contract, as a list.
    Contracts(Vec<ContractType>),
    /// A month's name alone: `janvier`, `January`.
    MonthName(Month),
    /// A period of months: "de janvier 2021 à juin 2021".
    Range(MonthRange),
    /// A period of months after "between": "entre janvier et juin 2021".
    Between(MonthRange),
    /// A period of months standing alone: "janvier à mars 2027", "juin 2027".
    Months(MonthRange),
}

/// Where the translations of a language come from: a template per key (`{{ name }}` marks a
/// value), or `None` for a key the language lacks (French is used then).
pub trait Wording {
    /// The language the sentences are worded in.
    fn lang(&self) -> Lang;
    /// The template of `key` (its [`Key::code`] or an auxiliary code such as `sector_ehpad`).
    fn template(&self, code: &str) -> Option<&str>;
}

/// French, from [`Key::french`] (the staff pages, the API, and the fallback of every language).
pub struct French;

impl Wording for French {
    fn lang(&self) -> Lang {
        Lang::Fr
    }
    fn template(&self, code: &str) -> Option<&str> {
        Key::from_code(code).map(Key::french)
    }
}

/// A sentence of the rules, with its values.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    /// What the sentence says.
    pub key: Key,
    /// Its values, by name.
    pub args: Vec<(String, Arg)>,
}

impl Phrase {
    /// A sentence without values.
    pub fn new(key: Key) -> Phrase {
        Phrase {
            key,
            args: Vec::new(),
        }
    }

    /// The same sentence with one more value.
    pub fn with(mut self, name: &str, value: Arg) -> Phrase {
        self.args.push((name.to_string(), value));
        self
    }

    /// A period after "between": "entre janvier et juin 2021", the year said once when it is the
    /// same.
    pub fn between(r: MonthRange) -> Phrase {
        if r.first.year() == r.last.year() {
            Phrase::new(Key::BetweenSameYear)
                .with("first", Arg::MonthName(r.first))
                .with("last", Arg::Month(r.last))
        } else {
            Phrase::new(Key::Between)
                .with("first", Arg::Month(r.first))
                .with("last", Arg::Month(r.last))
        }
    }

    /// The sentence in French.
    pub fn french(&self) -> String {
        self.word(&French)
    }

    /// The sentence in the language of `wording` (French where it lacks the key).
    pub fn word(&self, wording: &dyn Wording) -> String {
        let template = wording
            .template(self.key.code())
            .unwrap_or(self.key.french());
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| (name.as_str(), format_arg(arg, wording)))
            .collect();
        fill(template, &values)
    }
}

/// Replaces each `{{ name }}` of `template` with its value (unknown names are left as written).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].trim();
                match values.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A label the rules hold in French (a sector, an assumption, which administrators may edit):
/// the language's translation when the French is still the one the translation was made from,
/// else the French as it is (`None` tells the caller to mark it `lang="fr"`).
pub fn translated_label(wording: &dyn Wording, code: &str, text_fr: &str) -> Option<String> {
    if wording.lang() == Lang::Fr {
        return Some(text_fr.to_string());
    }
    let source = French.template(code).or_else(|| builtin_french(code))?;
    if source != text_fr {
        return None;
    }
    wording.template(code).map(str::to_string)
}

/// French labels the rules define outside [`Key`]: the built-in scheme's sectors and
/// assumptions, the contracts (their codes are `sector_…`, `assumption_…`, `contract_…`).
pub fn builtin_french(code: &str) -> Option<&'static str> {
    BUILTIN_FRENCH
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
}

/// See [`builtin_french`]: the codes and French texts a translation must cover.
pub const BUILTIN_FRENCH: &[(&str, &str)] = &[
    ("sector_ehpad", "EHPAD (maison de retraite médicalisée)"),
    (
        "sector_saad",
        "Service d'aide et d'accompagnement à domicile (SAAD)",
    ),
    ("contract_cdi", "CDI"),
    ("contract_cdd", "CDD"),
    ("contract_interim", "Intérim"),
    ("contract_other", "Autre contrat"),
    (
        "assumption_calcul_mensuel",
        crate::simulation::ASSUMPTION_MONTHLY,
    ),
    (
        "assumption_ressources_constantes",
        crate::simulation::ASSUMPTION_RESOURCES,
    ),
    (
        "assumption_situation_constante",
        crate::simulation::ASSUMPTION_SITUATION,
    ),
    (
        "assumption_conditions_non_verifiees",
        crate::simulation::ASSUMPTION_CONDITIONS,
    ),
    ("assumption_total", crate::simulation::ASSUMPTION_TOTAL),
    ("assumption_age_constant", crate::simulation::ASSUMPTION_AGE),
    (
        "assumption_mecanisme_cumul",
        crate::scheme::ASSUMPTION_MECANISME,
    ),
    (
        "assumption_periode_embauche",
        crate::scheme::ASSUMPTION_PERIODE,
    ),
    (
        "assumption_liste_secteurs",
        crate::scheme::ASSUMPTION_SECTEURS,
    ),
    (
        "assumption_contrat_et_heures",
        crate::scheme::ASSUMPTION_CONTRAT,
    ),
    (
        "assumption_prime_versement",
        crate::scheme::ASSUMPTION_VERSEMENT,
    ),
    (
        "assumption_prime_condition",
        crate::scheme::ASSUMPTION_CONDITION,
    ),
    (
        "assumption_prime_non_deduite",
        crate::scheme::ASSUMPTION_NON_DEDUITE,
    ),
    (
        "assumption_prime_activite_inchangee",
        crate::scheme::ASSUMPTION_PRIME_ACTIVITE,
    ),
    (
        "scheme_seine-maritime-medico-social-2021",
        crate::scheme::SEINE_MARITIME_2021_NAME,
    ),
    (
        "assumption_prolongation",
        crate::scheme::ASSUMPTION_PROLONGATION,
    ),
];

fn label_of(wording: &dyn Wording, code: &str, fallback: &str) -> String {
    translated_label(wording, code, fallback).unwrap_or_else(|| fallback.to_string())
}

fn list(wording: &dyn Wording, items: Vec<String>) -> String {
    let separator = if wording.lang() == Lang::Ar {
        "، "
    } else {
        ", "
    };
    items.join(separator)
}

fn format_arg(arg: &Arg, wording: &dyn Wording) -> String {
    let lang = wording.lang();
    match arg {
        Arg::Amount(c) => c.format(lang),
        Arg::AmountWhole(c) => c.format_whole(lang),
        Arg::Month(m) => m.label(lang),
        Arg::Number(n) => n.to_string(),
        Arg::Sector { code, label_fr } => label_of(wording, &format!("sector_{code}"), label_fr),
        Arg::Sectors(sectors) => list(
            wording,
            sectors
                .iter()
                .map(|(code, label)| label_of(wording, &format!("sector_{code}"), label))
                .collect(),
        ),
        Arg::Contract(c) => contract_label(wording, *c),
        Arg::Contracts(cs) => list(
            wording,
            cs.iter().map(|c| contract_label(wording, *c)).collect(),
        ),
        Arg::Range(r) => Phrase::new(Key::Range)
            .with("first", Arg::Month(r.first))
            .with("last", Arg::Month(r.last))
            .word(wording),
        Arg::MonthName(m) => m.name(lang).to_string(),
        Arg::Between(r) => Phrase::between(*r).word(wording),
        Arg::Months(r) if r.first == r.last => r.first.label(lang),
        Arg::Months(r) if r.first.year() == r.last.year() => Phrase::new(Key::MonthsSameYear)
            .with("first", Arg::MonthName(r.first))
            .with("last", Arg::Month(r.last))
            .word(wording),
        Arg::Months(r) => Phrase::new(Key::Months)
            .with("first", Arg::Month(r.first))
            .with("last", Arg::Month(r.last))
            .word(wording),
    }
}

fn contract_label(wording: &dyn Wording, c: ContractType) -> String {
    label_of(wording, &format!("contract_{}", c.code()), c.label_fr())
}

macro_rules! keys {
    ($($variant:ident = $code:literal => $french:literal,)*) => {
        /// Every sentence the rules say. Its [`Key::code`] names its translations.
        #[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key {
            $(
                #[doc = $french]
                #[serde(rename = $code)]
                $variant,
            )*
        }

        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$variant,)*];

            /// The stable code of the sentence (its name in the translation files).
            pub fn code(self) -> &'static str {
                match self {
                    $(Key::$variant => $code,)*
                }
            }

            /// The French template (`{{ name }}` marks a value).
            pub fn french(self) -> &'static str {
                match self {
                    $(Key::$variant => $french,)*
                }
            }
        }
    };
}

impl Key {
    /// The key of a code.
    pub fn from_code(code: &str) -> Option<Key> {
        Key::ALL.iter().copied().find(|k| k.code() == code)
    }
}

keys! {
    // Periods.
    Range = "range" => "de {{ first }} à {{ last }}",
    Between = "between" => "entre {{ first }} et {{ last }}",
    BetweenSameYear = "between_same_year" => "entre {{ first }} et {{ last }}",
    Months = "months" => "{{ first }} à {{ last }}",
    MonthsSameYear = "months_same_year" => "{{ first }} à {{ last }}",
    // Verdicts.
    VerdictMet = "verdict_met" => "Oui",
    VerdictNotMet = "verdict_not_met" => "Non",
    VerdictUnknown = "verdict_unknown" => "À confirmer",
    // The conditions, as questions.
    LabelRsa = "label_beneficiaire_rsa" => "Touchez-vous le RSA ?",
    LabelSector = "label_secteur" => "Votre emploi est-il dans un secteur de l'aide ?",
    LabelStart = "label_date_embauche" => "Votre emploi commence-t-il pendant la période de l'aide ?",
    LabelSalary = "label_salaire" => "Votre emploi est-il payé ?",
    LabelContract = "label_type_contrat" => "Votre type de contrat est-il accepté ?",
    LabelHours = "label_heures" => "Travaillez-vous assez d'heures ?",
    LabelCumulation = "label_cumul_dans_la_periode" => "Vos mois de RSA en plus du salaire sont-ils dans la période de l'aide ?",
    // The answers, condition by condition.
    RsaDeclaredNoButComputed = "rsa_declared_no_but_computed" => "Vous dites ne pas toucher le RSA. Pourtant, notre calcul trouve un droit de {{ amount }} en {{ month }}. L'aide est réservé aux personnes qui touchent le RSA : demandez-le à la CAF.",
    RsaComputed = "rsa_computed" => "Vous touchez le RSA : notre calcul donne {{ amount }} en {{ month }}, le premier mois de votre emploi.",
    RsaDeclaredYesButNone = "rsa_declared_yes_but_none" => "Vous dites toucher le RSA, mais notre calcul ne trouve pas de droit en {{ month }}. Vérifiez les ressources indiquées, ou demandez à la CAF.",
    RsaNone = "rsa_none" => "D'après notre calcul, vous n'avez pas droit au RSA en {{ month }}. L'aide est réservé aux personnes qui touchent le RSA.",
    SectorMissing = "sector_missing" => "Vous n'avez pas indiqué le secteur de votre emploi. Secteurs de l'aide : {{ sectors }}.",
    SectorNamed = "sector_named" => "Votre emploi est dans un secteur de l'aide : {{ sector }}.",
    SectorUnnamed = "sector_unnamed" => "Votre emploi est dans le secteur « {{ sector }} ». Les sources ne le citent pas : le Département doit confirmer.",
    SectorOther = "sector_other" => "Votre emploi n'est pas dans un secteur de l'aide. Secteurs de l'aide : {{ sectors }}.",
    StartIn = "start_in" => "Votre emploi commence en {{ start }}, pendant la période de l'aide ({{ window }}).",
    StartOut = "start_out" => "Votre emploi commence en {{ start }}. L'aide concerne les embauches {{ window }}.",
    SalaryPaid = "salary_paid" => "Votre salaire net est de {{ amount }} par mois.",
    SalaryNone = "salary_none" => "Aucun salaire n'est indiqué pour cet emploi.",
    ContractRulesSilent = "contract_rules_silent" => "Les sources ne disent pas quels contrats sont acceptés (CDI, CDD, intérim). Le Département vous le confirmera.",
    ContractMissing = "contract_missing" => "Indiquez votre type de contrat pour savoir s'il est accepté.",
    ContractOk = "contract_ok" => "Votre contrat ({{ contract }}) est accepté.",
    ContractRefused = "contract_refused" => "Votre contrat ({{ contract }}) n'est pas accepté. Contrats acceptés : {{ contracts }}.",
    HoursRulesSilent = "hours_rules_silent" => "Les sources ne fixent pas de nombre d'heures minimum. Le Département vous le confirmera.",
    HoursMissing = "hours_missing" => "Il faut travailler au moins {{ min }} heures par semaine. Indiquez vos heures.",
    HoursOk = "hours_ok" => "Vous travaillez {{ hours }} heures par semaine : c'est au moins {{ min }} heures.",
    HoursShort = "hours_short" => "Vous travaillez {{ hours }} heures par semaine. Il en faut au moins {{ min }}.",
    CumulationInside = "cumulation_inside" => "Vos {{ months }} mois de RSA en plus du salaire se terminent en {{ last }}, avant la fin de l'aide.",
    CumulationAllowedPast = "cumulation_allowed_past" => "Vos {{ months }} mois de RSA en plus du salaire se terminent en {{ last }}. L'aide accepte qu'ils dépassent {{ end }}.",
    CumulationPast = "cumulation_past" => "Vos {{ months }} mois de RSA en plus du salaire iraient jusqu'en {{ last }}, après la fin de l'aide ({{ end }}).",
    CumulationPastUnknown = "cumulation_past_unknown" => "Vos {{ months }} mois de RSA en plus du salaire iraient jusqu'en {{ last }}, après {{ end }}. Les sources ne disent pas si c'est possible.",
    // The decisive reason of a "no", said first.
    ReasonStartPast = "reason_start_past" => "Cette aide concernait les emplois commencés {{ between }}.",
    ReasonStartFuture = "reason_start_future" => "Cette aide concerne les emplois commencés {{ between }}.",
    ReasonRsa = "reason_rsa" => "Cette aide est réservé aux personnes qui touchent le RSA : d'après ce calcul, vous n'y auriez pas droit en {{ month }}.",
    ReasonSector = "reason_sector" => "Cette aide concerne les emplois de ces secteurs : {{ sectors }}.",
    // The two overall answers.
    CumulationMet = "cumulation_met" => "Vous pouvez garder votre RSA en plus de votre salaire pendant {{ months }} mois.",
    CumulationUnknown = "cumulation_unknown" => "Vous remplissez les conditions connues pour garder votre RSA en plus de votre salaire pendant {{ months }} mois. Certains points sont à confirmer avec le Département.",
    CumulationNotMet = "cumulation_not_met" => "Vous ne pouvez donc pas garder votre RSA en plus de votre salaire avec cette aide.",
    BonusMet = "bonus_met" => "Vous pouvez recevoir la prime de {{ amount }} le premier mois de votre emploi.",
    BonusUnknown = "bonus_unknown" => "Vous remplissez les conditions connues pour la prime de {{ amount }}. Certains points sont à confirmer avec le Département.",
    BonusNotMet = "bonus_not_met" => "Vous ne pouvez donc pas recevoir la prime de {{ amount }}.",
    // The outlook.
    GainSame = "gain_same" => "Avec cet emploi, vos revenus resteraient à peu près les mêmes chaque mois ({{ months }}).",
    GainMore = "gain_more" => "Avec cet emploi, vous auriez {{ amount }} de plus chaque mois ({{ months }}).",
    GainMoreRange = "gain_more_range" => "Avec cet emploi, vous auriez entre {{ least }} et {{ most }} de plus chaque mois ({{ months }}).",
    GainLess = "gain_less" => "Avec cet emploi, vous auriez {{ amount }} de moins chaque mois ({{ months }}).",
    GainLessRange = "gain_less_range" => "Avec cet emploi, vous auriez entre {{ least }} et {{ most }} de moins chaque mois ({{ months }}).",
    GainByPeriod = "gain_by_period" => "Avec cet emploi, par rapport à aujourd'hui, vous auriez :",
    PeriodSame = "period_same" => "{{ months }} : à peu près autant par mois",
    PeriodMore = "period_more" => "{{ months }} : {{ amount }} de plus par mois",
    PeriodMoreRange = "period_more_range" => "{{ months }} : entre {{ least }} et {{ most }} de plus par mois",
    PeriodLess = "period_less" => "{{ months }} : {{ amount }} de moins par mois",
    PeriodLessRange = "period_less_range" => "{{ months }} : entre {{ least }} et {{ most }} de moins par mois",
    GainVaries = "gain_varies" => "Avec cet emploi, vous auriez entre {{ least }} et {{ most }} de plus par mois, selon le mois ({{ months }}). Le détail est dans le tableau.",
    GainVariesBothWays = "gain_varies_both_ways" => "Avec cet emploi, selon le mois, vous auriez jusqu'à {{ most }} de plus ou jusqu'à {{ least }} de moins ({{ months }}). Le détail est dans le tableau.",
    SchemeExtra = "scheme_extra" => "Avec l'aide du Département, vous auriez en plus {{ amount }} en tout sur ces {{ span }} mois.",
    SchemeExtraBonus = "scheme_extra_bonus" => "Avec l'aide du Département, vous auriez en plus {{ amount }} en tout sur ces {{ span }} mois, dont la prime de reprise de {{ bonus }}.",
    SchemeNoChange = "scheme_no_change" => "L'aide du Département ne changerait pas ces montants.",
    NoRsa = "no_rsa" => "D'après ce calcul, votre foyer n'aurait pas droit au RSA, même sans cet emploi.",
    PrimeStarts = "prime_starts" => "La prime d'activité commencerait en {{ month }}.",
    RsaLast = "rsa_last" => "Votre dernier mois de RSA serait {{ month }}.",
    RsaLastRelay = "rsa_last_relay" => "Votre dernier mois de RSA serait {{ month }}. Ensuite, vous toucheriez la prime d'activité.",
    RsaStopsAtOnce = "rsa_stops_at_once" => "Vous n'auriez plus de RSA dès {{ month }}, le premier mois de l'emploi.",
    RsaDecreases = "rsa_decreases" => "Votre RSA baisserait peu à peu, sans s'arrêter : {{ amount }} en {{ month }} au lieu de {{ before }}.",
    RsaUnchanged = "rsa_unchanged" => "Votre RSA ne changerait pas.",
    KeepUntil = "keep_until" => "Avec l'aide du Département, vous garderiez le RSA jusqu'en {{ month }}.",
    KeepWhole = "keep_whole" => "Avec l'aide du Département, vous garderiez le RSA pendant toute cette période.",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_put_in_their_places() {
        assert_eq!(
            fill(
                "{{ a }} et {{b}} ; {{ c }}",
                &[("a", "1".into()), ("b", "2".into())]
            ),
            "1 et 2 ; {{ c }}"
        );
        assert_eq!(fill("sans valeur {{", &[]), "sans valeur {{");
    }

    #[test]
    fn periods_are_worded_like_french_writes_them() {
        let same = MonthRange {
            first: Month::ym(2021, 1),
            last: Month::ym(2021, 6),
        };
        let across = MonthRange {
            first: Month::ym(2021, 12),
            last: Month::ym(2022, 3),
        };
        let p = |r| Phrase::new(Key::ReasonStartPast).with("between", Arg::Between(r));
        assert_eq!(
            p(same).french(),
            "Cette aide concernait les emplois commencés entre janvier et juin 2021."
        );
        assert_eq!(
            p(across).french(),
            "Cette aide concernait les emplois commencés entre décembre 2021 et mars 2022."
        );
        let months = |r| {
            Phrase::new(Key::PeriodMore)
                .with("months", Arg::Months(r))
                .with("amount", Arg::AmountWhole(crate::money::Cents(61_449)))
        };
        assert_eq!(
            months(same).french(),
            "janvier à juin 2021\u{a0}: 614\u{a0}€ de plus par mois"
        );
        assert_eq!(
            months(across).french(),
            "décembre 2021 à mars 2022\u{a0}: 614\u{a0}€ de plus par mois"
        );
        assert_eq!(
            months(MonthRange {
                first: Month::ym(2027, 4),
                last: Month::ym(2027, 4)
            })
            .french(),
            "avril 2027\u{a0}: 614\u{a0}€ de plus par mois"
        );
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<&str> = Key::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Key::ALL.len());
        for (code, _) in BUILTIN_FRENCH {
            assert!(Key::from_code(code).is_none(), "{code} is also a key");
        }
    }

    /// An English wording that lacks a key falls back to French; an edited label stays French.
    #[test]
    fn missing_translations_fall_back_to_french() {
        struct Partial;
        impl Wording for Partial {
            fn lang(&self) -> Lang {
                Lang::En
            }
            fn template(&self, code: &str) -> Option<&str> {
                match code {
                    "salary_paid" => Some("Your net salary is {{ amount }} a month."),
                    "sector_ehpad" => Some("Care home (EHPAD)"),
                    _ => None,
                }
            }
        }
        let salary = Phrase::new(Key::SalaryPaid).with("amount", Arg::Amount(Cents(123_456)));
        assert_eq!(
            salary.word(&Partial),
            "Your net salary is €1,234.56 a month."
        );
        assert_eq!(
            Phrase::new(Key::SalaryNone).word(&Partial),
            "Aucun salaire n'est indiqué pour cet emploi."
        );
        let sector = |label: &str| {
            Phrase::new(Key::SectorNamed)
                .with(
                    "sector",
                    Arg::Sector {
                        code: "ehpad".into(),
                        label_fr: label.into(),
                    },
                )
                .word(&French)
        };
        assert!(sector("EHPAD (maison de retraite médicalisée)").contains("EHPAD (maison"));
        assert_eq!(
            translated_label(
                &Partial,
                "sector_ehpad",
                "EHPAD (maison de retraite médicalisée)"
            ),
            Some("Care home (EHPAD)".to_string())
        );
        assert_eq!(
            translated_label(&Partial, "sector_ehpad", "EHPAD, libellé modifié"),
            None
        );
    }
}
