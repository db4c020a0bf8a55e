//! The language of the page being rendered, and the translations.
//!
//! The server decides the language of each request (`server::http::language`: `?lang=`, then the
//! `lang` cookie, then `Accept-Language`, then French; always French on staff pages) and puts it
//! in the request's extensions; pages read it with [`current`]. Texts come from
//! `app/locales/{fr,en,ar}.json` through `leptos_i18n`, whose macros check every key at compile
//! time: `td_string!(locale(), home.title)`. French is the source text.
#[cfg(feature = "ssr")]
use leptos::prelude::*;
pub use passerelle::lang::Lang;

// The `i18n` module that `leptos_i18n_build` writes from the locale files (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub use i18n::Locale;

// The simulator island's texts (`T`, and for the server each language's), see `build.rs`.
include!(concat!(env!("OUT_DIR"), "/i18n/island_texts.rs"));

/// The texts an island needs, in the page's language only: they travel with the island's props,
/// so the browser never downloads the other languages (the wasm holds none).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IslandTexts {
    /// The language of these texts.
    pub lang: Lang,
    texts: Vec<String>,
    rules: Vec<(String, String)>,
}

impl IslandTexts {
    /// The texts of `lang`.
    #[cfg(any(feature = "ssr", test))]
    pub fn of(lang: Lang) -> IslandTexts {
        IslandTexts {
            lang,
            texts: texts_of(lang.code())
                .iter()
                .map(|t| t.to_string())
                .collect(),
            rules: rules_of(lang.code())
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// A text.
    pub fn t(&self, key: T) -> String {
        self.texts.get(key as usize).cloned().unwrap_or_default()
    }

    /// A text with its values put in (`{{ name }}`).
    pub fn f(&self, key: T, values: &[(&str, String)]) -> String {
        passerelle::wording::fill(&self.t(key), values)
    }

    /// A text with plural forms (`{one} …|{other} …`), in the form of `n`, `{{ n }}` put in.
    pub fn plural(&self, key: T, n: u64) -> String {
        plural_of(self.lang, &self.t(key), "n", n)
    }

    /// A sentence of the rules, in this language.
    pub fn phrase(&self, phrase: &passerelle::wording::Phrase) -> String {
        phrase.word(self)
    }

    /// A sentence key of the rules without values (a verdict, a condition).
    pub fn key(&self, key: passerelle::wording::Key) -> String {
        self.phrase(&passerelle::wording::Phrase::new(key))
    }

    /// A label the rules hold in French (a sector, an assumption), translated when possible;
    /// `false` when it stays French (the caller marks it `lang="fr"`).
    pub fn label(&self, code: &str, text_fr: &str) -> (String, bool) {
        match passerelle::wording::translated_label(self, code, text_fr) {
            Some(t) => (t, true),
            None => (text_fr.to_string(), false),
        }
    }

    /// An amount, as this language writes it.
    pub fn amount(&self, c: passerelle::Cents) -> String {
        c.format(self.lang)
    }

    /// An amount in a sentence: without cents when it has none ("150 €").
    pub fn amount_short(&self, c: passerelle::Cents) -> String {
        c.format_short(self.lang)
    }
}

impl passerelle::wording::Wording for IslandTexts {
    fn lang(&self) -> Lang {
        self.lang
    }
    fn template(&self, code: &str) -> Option<&str> {
        self.rules
            .iter()
            .find(|(k, _)| k == code)
            .map(|(_, v)| v.as_str())
    }
}

/// A text by its dotted key (`pathway.status_invited`) in `lang`, French where the language
/// lacks it: for labels named by a code of the rules. Literal keys use `td_string!`, which checks
/// them at compile time.
pub fn text(lang: Lang, key: &str) -> String {
    #[cfg(any(feature = "ssr", test))]
    {
        lookup(lang.code(), key)
            .or_else(|| lookup("fr", key))
            .unwrap_or(key)
            .to_string()
    }
    #[cfg(not(any(feature = "ssr", test)))]
    {
        let _ = lang;
        key.to_string()
    }
}

/// A text with plural forms (`{one} …|{other} …`) by key, in the form of `n`, `{{ n }}` put in.
pub fn text_plural(lang: Lang, key: &str, n: u64) -> String {
    plural_of(lang, &text(lang, key), "n", n)
}

/// The form of `template` (with plural forms, `{one} …|{other} …`) for `n`, with `{{ name }}`
/// put in: for templates a `td_string!` made with the value `"{{ name }}"` kept.
pub fn plural_of(lang: Lang, template: &str, name: &str, n: u64) -> String {
    passerelle::wording::fill(lang.pick_plural(template, n), &[(name, n.to_string())])
}

/// [`text`] with its values put in (`{{ name }}`).
pub fn text_with(lang: Lang, key: &str, values: &[(&str, String)]) -> String {
    passerelle::wording::fill(&text(lang, key), values)
}

/// Labels of the pathway's codes, in a language (French on staff pages).
pub mod labels {
    use super::{Lang, text};
    use passerelle::pathway::{
        ActionKind, AppointmentPurpose, AppointmentStatus, Orientation, PathwayStatus,
        ReferentOrganisation,
    };

    /// Where the person stands.
    pub fn status(lang: Lang, s: PathwayStatus) -> String {
        text(lang, &format!("pathway.status_{}", s.code()))
    }
    /// What comes next, said to the person.
    pub fn next_step(lang: Lang, s: PathwayStatus) -> String {
        text(lang, &format!("pathway.next_{}", s.code()))
    }
    /// The pathway chosen.
    pub fn orientation(lang: Lang, o: Orientation) -> String {
        text(lang, &format!("pathway.orientation_{}", o.code()))
    }
    /// The referent's organisation.
    pub fn organisation(lang: Lang, o: ReferentOrganisation) -> String {
        text(lang, &format!("pathway.org_{}", o.code()))
    }
    /// What an appointment is for.
    pub fn purpose(lang: Lang, p: AppointmentPurpose) -> String {
        text(lang, &format!("pathway.purpose_{}", p.code()))
    }
    /// How an appointment went.
    pub fn outcome(lang: Lang, s: AppointmentStatus) -> String {
        text(lang, &format!("pathway.outcome_{}", s.code()))
    }
    /// A kind of action of the contract.
    pub fn action(lang: Lang, a: ActionKind) -> String {
        text(lang, &format!("pathway.action_{}", a.code()))
    }
    /// A type of contract.
    pub fn contract(lang: Lang, c: passerelle::ContractType) -> String {
        text(lang, &format!("pathway.contract_{}", c.code()))
    }
    /// A weekday, Monday first.
    pub fn weekday(lang: Lang, days_from_monday: u8) -> String {
        text(lang, &format!("pathway.weekday_{days_from_monday}"))
    }
}

/// A label the rules hold in French (a sector, a scheme's name) in `lang`: translated when the
/// French is still the one the translation was made from; `false` when it stays French (the
/// caller marks it `lang="fr"`).
pub fn rules_label(lang: Lang, code: &str, text_fr: &str) -> (String, bool) {
    #[cfg(any(feature = "ssr", test))]
    {
        match passerelle::wording::translated_label(&Rules(lang), code, text_fr) {
            Some(t) => (t, true),
            None => (text_fr.to_string(), false),
        }
    }
    #[cfg(not(any(feature = "ssr", test)))]
    {
        let _ = code;
        (text_fr.to_string(), lang == Lang::Fr)
    }
}

/// A sentence of the rules in `lang` (French where the language lacks it), for pages rendered
/// on the server.
pub fn rules_phrase(lang: Lang, phrase: &passerelle::wording::Phrase) -> String {
    #[cfg(any(feature = "ssr", test))]
    {
        phrase.word(&Rules(lang))
    }
    #[cfg(not(any(feature = "ssr", test)))]
    {
        let _ = lang;
        phrase.french()
    }
}

/// The rules' translations of a language.
#[cfg(any(feature = "ssr", test))]
struct Rules(Lang);

#[cfg(any(feature = "ssr", test))]
impl passerelle::wording::Wording for Rules {
    fn lang(&self) -> Lang {
        self.0
    }
    fn template(&self, code: &str) -> Option<&str> {
        rules_of(self.0.code())
            .iter()
            .find(|(k, _)| *k == code)
            .map(|(_, v)| *v)
    }
}

/// The cookie keeping an explicit choice of language (a year).
pub const COOKIE: &str = "lang";

/// The language decided for a request, in its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLang(pub Lang);

/// The pages that stay in French whatever the choice: the staff's (reception, orientation
/// officers, managers and administrators work in French with French documents), and their
/// server functions.
pub fn is_staff_path(path: &str) -> bool {
    [
        "/agent",
        "/admin",
        "/tableau-de-bord",
        "/api/agent",
        "/api/admin",
        "/api/tableau-de-bord",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// The language of the page being rendered (French when no request is at hand).
pub fn current() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<RequestLang>().copied())
            .map(|l| l.0)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::Fr
    }
}

/// The translations' locale of a language.
pub fn locale_of(lang: Lang) -> Locale {
    match lang {
        Lang::Fr => Locale::fr,
        Lang::En => Locale::en,
        Lang::Ar => Locale::ar,
    }
}

/// The translations' locale of the page being rendered.
pub fn locale() -> Locale {
    locale_of(current())
}

/// The language switcher's links for the page being rendered: each language, its address, and
/// whether it is the current one. Empty on staff pages (always French).
pub fn switcher() -> Vec<(Lang, String, bool)> {
    #[cfg(feature = "ssr")]
    {
        let Some(parts) = use_context::<axum::http::request::Parts>() else {
            return Vec::new();
        };
        let path = parts.uri.path();
        if is_staff_path(path) {
            return Vec::new();
        }
        let now = current();
        Lang::ALL
            .into_iter()
            .map(|l| (l, switch_href(path, parts.uri.query(), l), l == now))
            .collect()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Vec::new()
    }
}

/// The address of this page in `lang`: the same path and query (a simulation's answers stay),
/// with `lang` set.
pub fn switch_href(path: &str, query: Option<&str>, lang: Lang) -> String {
    let mut pairs: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let chosen = format!("lang={}", lang.code());
    pairs.push(&chosen);
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_pages_are_told_apart() {
        assert!(is_staff_path("/agent"));
        assert!(is_staff_path("/agent/connexion"));
        assert!(is_staff_path("/admin/messages"));
        assert!(is_staff_path("/tableau-de-bord"));
        assert!(is_staff_path("/api/agent/rendez-vous"));
        assert!(!is_staff_path("/api/parcours"));
        assert!(!is_staff_path("/agents-de-la-ville"));
        assert!(!is_staff_path("/connexion"));
        assert!(!is_staff_path("/mon-parcours"));
    }

    #[test]
    fn switching_keeps_the_page_and_its_answers() {
        assert_eq!(switch_href("/", None, Lang::Ar), "/?lang=ar");
        assert_eq!(
            switch_href(
                "/simulateur",
                Some("salaire=1200&lang=fr&debut=2021-03"),
                Lang::En
            ),
            "/simulateur?salaire=1200&debut=2021-03&lang=en"
        );
    }

    /// Every code of the pathway has its label, and French says what the rules say.
    #[test]
    fn every_code_of_the_pathway_has_its_label() {
        use passerelle::pathway::*;
        let fr = Lang::Fr;
        let has = |key: String, french: &str| {
            assert_eq!(lookup("fr", &key), Some(french), "{key}");
            for lang in ["en", "ar"] {
                assert!(lookup(lang, &key).is_some(), "{lang}: {key}");
            }
        };
        for s in PathwayStatus::ALL {
            has(format!("pathway.status_{}", s.code()), s.label_fr());
            has(format!("pathway.next_{}", s.code()), s.next_step_fr());
            assert_eq!(labels::status(fr, s), s.label_fr());
        }
        for o in Orientation::ALL {
            has(format!("pathway.orientation_{}", o.code()), o.label_fr());
        }
        for o in ReferentOrganisation::ALL {
            has(format!("pathway.org_{}", o.code()), o.label_fr());
        }
        for p in AppointmentPurpose::ALL {
            has(format!("pathway.purpose_{}", p.code()), p.label_fr());
        }
        for s in AppointmentStatus::ALL {
            has(format!("pathway.outcome_{}", s.code()), s.label_fr());
        }
        for a in ActionKind::ALL {
            has(format!("pathway.action_{}", a.code()), a.label_fr());
        }
        for c in passerelle::ContractType::ALL {
            has(format!("pathway.contract_{}", c.code()), c.label_fr());
        }
        assert_eq!(labels::weekday(Lang::En, 6), "Sunday");
    }

    /// Every sentence of the rules has its English and Arabic, with the same values, and the
    /// translation files hold nothing else.
    #[test]
    fn every_sentence_of_the_rules_is_translated() {
        use passerelle::wording::{BUILTIN_FRENCH, Key};
        let mut french: Vec<(String, String)> = Key::ALL
            .iter()
            .map(|k| (k.code().to_string(), k.french().to_string()))
            .chain(
                BUILTIN_FRENCH
                    .iter()
                    .map(|(c, t)| (c.to_string(), t.to_string())),
            )
            .collect();
        french.sort();
        for lang in [Lang::En, Lang::Ar] {
            let mut other: Vec<(String, String)> = rules_of(lang.code())
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            other.sort();
            let names = |v: &[(String, String)]| v.iter().map(|k| k.0.clone()).collect::<Vec<_>>();
            assert_eq!(
                names(&other),
                names(&french),
                "{}: the rules' keys",
                lang.code()
            );
            for ((key, fr), (_, text)) in french.iter().zip(&other) {
                assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
                assert_eq!(variables(text), variables(fr), "{}: {key}", lang.code());
            }
        }
    }

    fn variables(text: &str) -> Vec<String> {
        let mut vars: Vec<String> = text
            .split("{{")
            .skip(1)
            .filter_map(|rest| rest.split_once("}}"))
            .map(|(v, _)| v.trim().to_string())
            .collect();
        // A text with plural forms names its values once per form.
        vars.sort();
        vars.dedup();
        vars
    }

    /// The island gets the texts of its language only, and words the rules with them.
    #[test]
    fn island_texts_word_the_rules_in_their_language() {
        use passerelle::wording::{Arg, Key, Phrase};
        let p =
            Phrase::new(Key::SalaryPaid).with("amount", Arg::Amount(passerelle::Cents(120_000)));
        assert_eq!(
            IslandTexts::of(Lang::Fr).phrase(&p),
            "Votre salaire net est de 1\u{202F}200,00\u{A0}€ par mois."
        );
        let en = IslandTexts::of(Lang::En);
        assert!(en.phrase(&p).contains("€1,200.00"), "{}", en.phrase(&p));
        assert_eq!(en.t(T::submit), texts_of("en")[T::submit as usize]);
        let ar = IslandTexts::of(Lang::Ar);
        assert!(
            ar.phrase(&p).contains("1.200,00\u{A0}€"),
            "{}",
            ar.phrase(&p)
        );
        assert_ne!(ar.t(T::submit), IslandTexts::of(Lang::Fr).t(T::submit));
    }

    /// Every key of the French source exists in English and Arabic, with the same
    /// interpolations, and no language has a key French lacks.
    #[test]
    fn every_key_exists_in_every_language() {
        // The tables `build.rs` wrote from `locales/{fr,en,ar}.json`, sorted by key.
        let read = |code: &str| {
            all_of(code)
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        let french = read("fr");
        assert!(french.len() > 30, "the French source has its keys");
        for lang in [Lang::En, Lang::Ar] {
            let other = read(lang.code());
            let names =
                |keys: &[(String, String)]| keys.iter().map(|k| k.0.clone()).collect::<Vec<_>>();
            assert_eq!(
                names(&other),
                names(&french),
                "{}: the same keys as French",
                lang.code()
            );
            for ((key, fr), (_, text)) in french.iter().zip(&other) {
                assert!(!text.trim().is_empty(), "{}: {key} is empty", lang.code());
                assert_eq!(
                    variables(text),
                    variables(fr),
                    "{}: {key} has other variables",
                    lang.code()
                );
            }
        }
    }
}
