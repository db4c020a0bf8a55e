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
