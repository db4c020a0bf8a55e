//! The languages of the pages people use: French (the source, the default), English and Arabic.
//!
//! Which one a request gets: an explicit choice (`?lang=`, then the cookie the choice leaves), else
//! the browser's `Accept-Language`, else French ([`negotiate`]). Staff pages stay French.

/// A language of the beneficiary pages.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French: the source of every text, and the default.
    #[default]
    Fr,
    /// English.
    En,
    /// Arabic (written right to left).
    Ar,
}

impl Lang {
    /// Every language, French first.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::En, Lang::Ar];

    /// The BCP 47 code (`lang` attribute, `?lang=`, cookie).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
            Lang::Ar => "العربية",
        }
    }

    /// Writing direction (`dir` attribute).
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            Lang::Fr | Lang::En => "ltr",
        }
    }

    /// `fr`, `en`, `ar`, or a regional form of them (`en-GB`, `ar-MA`), in any case.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            "ar" => Some(Lang::Ar),
            _ => None,
        }
    }
}

/// A plural category of the Unicode CLDR (which form of a word a number takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// Arabic 0.
    Zero,
    /// French 0 and 1, English and Arabic 1.
    One,
    /// Arabic 2.
    Two,
    /// Arabic 3–10 (modulo 100).
    Few,
    /// Arabic 11–99 (modulo 100).
    Many,
    /// Everything else.
    Other,
}

impl Plural {
    fn code(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

impl Lang {
    /// The plural category of the whole number `n` (CLDR rules for whole numbers).
    pub fn plural(self, n: u64) -> Plural {
        match self {
            Lang::Fr if n <= 1 => Plural::One,
            Lang::En if n == 1 => Plural::One,
            Lang::Fr | Lang::En => Plural::Other,
            Lang::Ar => match (n, n % 100) {
                (0, _) => Plural::Zero,
                (1, _) => Plural::One,
                (2, _) => Plural::Two,
                (_, 3..=10) => Plural::Few,
                (_, 11..=99) => Plural::Many,
                _ => Plural::Other,
            },
        }
    }

    /// The form of `text` for `n`: a text with plural forms is written
    /// `{one} … {{ n }} …|{other} …` (Arabic adds `{zero}`, `{two}`, `{few}`, `{many}`); the
    /// form of `n`'s category, else `{other}`, else the text as it is.
    pub fn pick_plural(self, text: &str, n: u64) -> &str {
        if !text.trim_start().starts_with('{') {
            return text;
        }
        let form = |category: Plural| {
            text.split('|').find_map(|part| {
                part.trim()
                    .strip_prefix(&format!("{{{}}}", category.code()))
                    .map(str::trim)
            })
        };
        form(self.plural(n))
            .or_else(|| form(Plural::Other))
            .unwrap_or(text)
    }
}

/// The language a browser prefers among ours, from its `Accept-Language` header: the highest
/// weight wins, the header's order breaks ties, `q=0` excludes; `None` when it names none of ours.
pub fn negotiate(accept_language: &str) -> Option<Lang> {
    let mut best: Option<(u16, Lang)> = None;
    for item in accept_language.split(',') {
        let mut parts = item.split(';');
        let Some(lang) = parts.next().and_then(Lang::from_code) else {
            continue;
        };
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .next()
            .map(parse_weight)
            .unwrap_or(Some(1000));
        let Some(weight) = weight.filter(|w| *w > 0) else {
            continue;
        };
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

/// `0.8` → 800 (thousandths, as the header allows at most three decimals); `None` if malformed.
fn parse_weight(q: &str) -> Option<u16> {
    let q = q.trim();
    let (int, frac) = q.split_once('.').unwrap_or((q, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u16 = int.parse().ok()?;
    let frac: u16 = format!("{frac:0<3}").parse().ok()?;
    let w = int * 1000 + frac;
    (w <= 1000).then_some(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_forms_follow_each_language() {
        let units = "{one} {{ n }} unité|{other} {{ n }} unités";
        assert_eq!(Lang::Fr.pick_plural(units, 0), "{{ n }} unité");
        assert_eq!(Lang::Fr.pick_plural(units, 2), "{{ n }} unités");
        assert_eq!(
            Lang::En.pick_plural("{one} 1 office|{other} {{ n }} offices", 0),
            "{{ n }} offices"
        );
        let ar = "{zero} لا شيء|{one} وحدة واحدة|{two} وحدتان|{few} {{ n }} وحدات|{many} {{ n }} وحدة|{other} {{ n }} وحدة";
        assert_eq!(Lang::Ar.pick_plural(ar, 0), "لا شيء");
        assert_eq!(Lang::Ar.pick_plural(ar, 2), "وحدتان");
        assert_eq!(Lang::Ar.pick_plural(ar, 7), "{{ n }} وحدات");
        assert_eq!(Lang::Ar.pick_plural(ar, 103), "{{ n }} وحدات");
        assert_eq!(Lang::Ar.pick_plural(ar, 11), "{{ n }} وحدة");
        assert_eq!(Lang::Ar.pick_plural(ar, 100), "{{ n }} وحدة");
        assert_eq!(Lang::Fr.pick_plural("sans formes", 3), "sans formes");
    }

    #[test]
    fn codes_and_directions() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("AR-ma"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::Fr.dir(), "ltr");
    }

    #[test]
    fn the_browser_preference_among_ours() {
        assert_eq!(negotiate("ar-DZ,ar;q=0.9,fr;q=0.8"), Some(Lang::Ar));
        assert_eq!(
            negotiate("de-DE,de;q=0.9,en;q=0.7,fr;q=0.5"),
            Some(Lang::En)
        );
        assert_eq!(negotiate("fr-FR"), Some(Lang::Fr));
        // The weight decides, not the order; the order breaks ties.
        assert_eq!(negotiate("fr;q=0.5, ar;q=0.9"), Some(Lang::Ar));
        assert_eq!(negotiate("en, ar"), Some(Lang::En));
        // q=0 means "not this one".
        assert_eq!(negotiate("ar;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(negotiate("es, it"), None);
        assert_eq!(negotiate(""), None);
        assert_eq!(negotiate("*"), None);
        // Malformed weights are ignored rather than trusted.
        assert_eq!(negotiate("ar;q=2, en;q=0.5"), Some(Lang::En));
    }
}
