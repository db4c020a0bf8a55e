//! Money: [`Cents`] for every amount shown or stored, [`Rate`] for legal percentages, and the
//! private fixed-point type the rules compute with.
//!
//! # Rounding, once, at documented points
//! The rules multiply amounts by rates such as 128.412 % and average over three months, so
//! intermediate results are not whole cents. They are carried in `Fx`, a private fixed point
//! with 10⁻⁶ cent resolution (10⁻⁸ €), and rounded **half-up to the cent once**, when a monthly
//! amount is published (RSA of a month, prime d'activité of a month, the components shown in
//! the detail). The only rounding inside a formula is the maximum individual bonus of the prime
//! d'activité, which the law and OpenFisca round to the cent before using it. The 6 € (RSA) and
//! 15 € (prime d'activité) payment thresholds are tested on the unrounded amount, as OpenFisca
//! does. This reproduces OpenFisca-France within one cent (OpenFisca itself works in 32-bit
//! floats, so a few exact half-cent ties may round the other way there).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Narrow no-break space (U+202F): the French thousands separator recommended by the
/// Imprimerie nationale; it keeps "1 234" on one line and is thinner than a full space.
const THOUSANDS_SEPARATOR: char = '\u{202F}';
/// No-break space (U+00A0) before the euro sign, so "€" never wraps alone to the next line.
const SPACE_BEFORE_EURO: char = '\u{00A0}';

/// An amount of money in euro cents. Serialised as a plain integer number of cents
/// (`123456` for 1 234,56 €): exact, and what the database stores.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// Zero euros.
    pub const ZERO: Cents = Cents(0);

    /// `euros` whole euros.
    pub const fn from_euros(euros: i64) -> Cents {
        Cents(euros * 100)
    }

    /// The amount in cents.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount in euros as a float, for JSON outputs that want euros (never for sums).
    pub fn as_euros_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// The nearest cent to a float amount in euros (half away from zero), for reading
    /// external files that store euros as numbers (e.g. `564.78`).
    pub fn from_euros_f64(euros: f64) -> Option<Cents> {
        let cents = (euros * 100.0).round();
        if cents.is_finite() && cents.abs() < 1e15 {
            Some(Cents(cents as i64))
        } else {
            None
        }
    }

    /// French formatting: `1 234,56 €`, with a narrow no-break space (U+202F) between
    /// thousands and a no-break space (U+00A0) before the euro sign, so that an amount never
    /// breaks across lines on a phone screen. Negative amounts start with a hyphen-minus.
    pub fn format_eur(self) -> String {
        let mut out = String::with_capacity(16);
        if self.0 < 0 {
            out.push('-');
        }
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let len = euros.len();
        for (i, c) in euros.chars().enumerate() {
            if i > 0 && (len - i).is_multiple_of(3) {
                out.push(THOUSANDS_SEPARATOR);
            }
            out.push(c);
        }
        out.push(',');
        let cents = abs % 100;
        out.push(char::from(b'0' + (cents / 10) as u8));
        out.push(char::from(b'0' + (cents % 10) as u8));
        out.push(SPACE_BEFORE_EURO);
        out.push('€');
        out
    }

    /// The amount as `lang` writes it: French `1 234,56 €`; English `€1,234.56`; Arabic as the
    /// Maghreb writes euros, Latin digits, `1.234,56 €` (CLDR `ar-MA`, `ar-DZ`, `ar-TN`), inside
    /// a left-to-right isolate (U+2066…U+2069) so that right-to-left text keeps the figure and
    /// its euro sign in reading order. Never broken across lines.
    pub fn format(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        match lang {
            Lang::Fr => self.format_eur(),
            Lang::En => {
                let french = self.format_eur();
                let number = french
                    .trim_end_matches('€')
                    .trim_end_matches(SPACE_BEFORE_EURO)
                    .replace(',', ".")
                    .replace(THOUSANDS_SEPARATOR, ",");
                match number.strip_prefix('-') {
                    Some(n) => format!("-€{n}"),
                    None => format!("€{number}"),
                }
            }
            Lang::Ar => {
                let figure: String = self
                    .format_eur()
                    .chars()
                    .map(|c| match c {
                        THOUSANDS_SEPARATOR => '.',
                        c => c,
                    })
                    .collect();
                format!("\u{2066}{figure}\u{2069}")
            }
        }
    }

    /// Like [`Cents::format`], rounded to the euro, for sentences: `1 235 €`, `€1,235`.
    pub fn format_whole(self, lang: crate::lang::Lang) -> String {
        let euros = (self.0.abs() + 50) / 100 * self.0.signum();
        let full = Cents(euros * 100).format(lang);
        match lang {
            crate::lang::Lang::En => full.replacen(".00", "", 1),
            _ => full.replacen(",00", "", 1),
        }
    }

    /// The amount in a sentence: whole euros when it has no cents (`150 €`), else in full.
    pub fn format_short(self, lang: crate::lang::Lang) -> String {
        if self.0 % 100 == 0 {
            self.format_whole(lang)
        } else {
            self.format(lang)
        }
    }

    /// The amount as every language's parser reads it the same way (`1200`, `1200.5`): what a
    /// shared address carries, whatever the language it was typed in.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 100 {
            0 => format!("{sign}{}", abs / 100),
            c => format!("{sign}{}.{c:02}", abs / 100),
        }
    }

    /// French formatting rounded to the euro (half away from zero), for sentences: `1 234 €`.
    pub fn format_eur_whole(self) -> String {
        let euros = (self.0.abs() + 50) / 100 * self.0.signum();
        let full = Cents(euros * 100).format_eur();
        full.replacen(",00", "", 1)
    }

    /// Parses an amount typed by a person: `1200`, `1 200,50`, `1200.5`, `1 200 €`, `1.200,50`.
    ///
    /// The comma is the decimal separator (French); a point is read as a decimal separator
    /// too, unless it separates groups of exactly three digits (`1.200` = 1 200 €). Spaces
    /// (ordinary, no-break, narrow) may separate thousands. At most two decimals. Negative
    /// amounts are refused: every amount of the form (salary, pension…) is positive.
    pub fn parse_fr(input: &str) -> Result<Cents, ParseAmountError> {
        parse_amount(input)
    }

    /// Parses an amount typed on a page in `lang`: as [`Cents::parse_fr`], except that in
    /// English commas between groups of three digits separate thousands (`1,200.50`), as
    /// English writes them (`1,20` stays one euro twenty).
    pub fn parse(input: &str, lang: crate::lang::Lang) -> Result<Cents, ParseAmountError> {
        if lang == crate::lang::Lang::En && english_groups(input) {
            parse_amount(&input.replace(',', ""))
        } else {
            parse_amount(input)
        }
    }
}

/// `1,200`, `€12,345.60`: commas that only separate groups of three digits.
fn english_groups(input: &str) -> bool {
    let t = input.trim().trim_matches('€').trim();
    let integer = t.split('.').next().unwrap_or_default();
    let groups: Vec<&str> = integer.split(',').collect();
    let digits = |g: &str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
    groups.len() > 1
        && digits(groups[0])
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g))
}

impl fmt::Display for Cents {
    /// Same as [`Cents::format_eur`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_eur())
    }
}

impl FromStr for Cents {
    type Err = ParseAmountError;

    fn from_str(s: &str) -> Result<Cents, ParseAmountError> {
        parse_amount(s)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl SubAssign for Cents {
    fn sub_assign(&mut self, rhs: Cents) {
        self.0 -= rhs.0;
    }
}

impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Add::add)
    }
}

/// Why a typed amount could not be read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum ParseAmountError {
    /// Nothing was typed.
    Empty,
    /// A minus sign: amounts of the form are never negative.
    Negative,
    /// A character that is neither a digit, a separator nor the euro sign.
    InvalidCharacter(char),
    /// Separators in the wrong places (e.g. `12 34`).
    Misplaced,
    /// More than two digits after the decimal separator.
    TooManyDecimals,
    /// More than one billion euros.
    TooLarge,
}

impl ParseAmountError {
    /// A short French message for the person who typed the amount.
    pub fn message_fr(&self) -> String {
        match self {
            ParseAmountError::Empty => "Indiquez un montant, par exemple 1 200,50.".to_string(),
            ParseAmountError::Negative => "Le montant ne peut pas être négatif.".to_string(),
            ParseAmountError::InvalidCharacter(c) => format!(
                "Le caractère « {c} » n'est pas accepté. Écrivez seulement des chiffres, par exemple 1 200,50."
            ),
            ParseAmountError::Misplaced => {
                "Le montant est mal écrit. Écrivez par exemple 1200 ou 1 200,50.".to_string()
            }
            ParseAmountError::TooManyDecimals => {
                "Indiquez au plus deux chiffres après la virgule (les centimes).".to_string()
            }
            ParseAmountError::TooLarge => "Ce montant est trop élevé.".to_string(),
        }
    }
}

impl fmt::Display for ParseAmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_fr())
    }
}

impl std::error::Error for ParseAmountError {}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\t')
}

/// Reads the integer part, whose groups may be separated by spaces or (if `points_group`)
/// points: the first group has 1–3 digits and the others exactly 3.
fn parse_integer_part(s: &str, points_group: bool) -> Result<u64, ParseAmountError> {
    let is_sep = |c: char| is_space(c) || (points_group && c == '.');
    let groups: Vec<&str> = s.split(is_sep).collect();
    if groups.iter().any(|g| g.is_empty()) {
        return Err(ParseAmountError::Misplaced);
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(ParseAmountError::Misplaced);
    }
    let mut value: u64 = 0;
    for c in groups.iter().flat_map(|g| g.chars()) {
        let d = c
            .to_digit(10)
            .ok_or(ParseAmountError::InvalidCharacter(c))?;
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(d)))
            .ok_or(ParseAmountError::TooLarge)?;
    }
    Ok(value)
}

fn parse_amount(input: &str) -> Result<Cents, ParseAmountError> {
    let mut s = input.trim_matches(is_space).trim();
    // An optional currency mark at the end.
    let lower = s.to_lowercase();
    for suffix in ["euros", "euro", "eur", "€"] {
        if lower.ends_with(suffix) {
            s = s[..s.len() - suffix.len()]
                .trim_end_matches(is_space)
                .trim_end();
            break;
        }
    }
    if s.is_empty() {
        return Err(ParseAmountError::Empty);
    }
    if s.starts_with('-') || s.starts_with('\u{2212}') {
        return Err(ParseAmountError::Negative);
    }
    let s = s.strip_prefix('+').unwrap_or(s);
    if let Some(c) = s
        .chars()
        .find(|&c| !(c.is_ascii_digit() || is_space(c) || c == ',' || c == '.'))
    {
        return Err(ParseAmountError::InvalidCharacter(c));
    }

    // Which character, if any, separates the cents?
    let (int_part, frac_part, points_group) = if let Some(pos) = s.rfind(',') {
        if s[..pos].contains(',') {
            return Err(ParseAmountError::Misplaced);
        }
        if s[pos..].contains('.') {
            return Err(ParseAmountError::Misplaced);
        }
        (&s[..pos], &s[pos + 1..], true)
    } else if s.matches('.').count() == 1 {
        let pos = s.find('.').unwrap_or(0);
        let (before, after) = (&s[..pos], &s[pos + 1..]);
        // "1.200" reads as twelve hundred euros (a French thousands point); "1200.5" as a
        // decimal.
        let looks_grouped = after.len() == 3
            && !before.is_empty()
            && before.chars().filter(|c| c.is_ascii_digit()).count() <= 3
            && !before.contains(is_space);
        if looks_grouped {
            (s, "", true)
        } else {
            (before, after, false)
        }
    } else {
        (s, "", true)
    };

    if int_part.trim_matches(is_space).is_empty() && frac_part.is_empty() {
        return Err(ParseAmountError::Misplaced);
    }
    let euros = if int_part.is_empty() {
        0
    } else {
        parse_integer_part(int_part, points_group)?
    };
    if frac_part.len() > 2 {
        return Err(ParseAmountError::TooManyDecimals);
    }
    let mut cents: u64 = 0;
    for (i, c) in frac_part.chars().enumerate() {
        let d = c.to_digit(10).ok_or(ParseAmountError::Misplaced)?;
        cents += u64::from(d) * if i == 0 { 10 } else { 1 };
    }
    const MAX_EUROS: u64 = 1_000_000_000;
    if euros > MAX_EUROS || (euros == MAX_EUROS && cents > 0) {
        return Err(ParseAmountError::TooLarge);
    }
    Ok(Cents((euros * 100 + cents) as i64))
}

/// A legal rate in parts per million (`Rate::ppm(1_284_120)` = 128.412 %).
///
/// Parts per million hold every rate of the RSA and prime d'activité rules exactly
/// (128.412 %, 42.804 %, 59.85 %, 29.101 %, 16.5 %…).
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(transparent)]
pub struct Rate(pub i64);

impl Rate {
    /// 100 %.
    pub const ONE: Rate = Rate(1_000_000);

    /// A rate from parts per million.
    pub const fn ppm(ppm: i64) -> Rate {
        Rate(ppm)
    }

    /// French label, e.g. `"59,85 %"` (no-break space before the percent sign).
    pub fn label_fr(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        // ppm -> percent with up to 4 decimals.
        let whole = abs / 10_000;
        let mut frac = format!("{:04}", abs % 10_000);
        while frac.ends_with('0') {
            frac.pop();
        }
        let sign = if negative { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{whole}\u{00A0}%")
        } else {
            format!("{sign}{whole},{frac}\u{00A0}%")
        }
    }
}

impl Add for Rate {
    type Output = Rate;
    fn add(self, rhs: Rate) -> Rate {
        Rate(self.0 + rhs.0)
    }
}

/// Fixed-point amount used inside the formulas: 1 unit = 10⁻⁶ cent.
///
/// `i64` holds ±92 billion euros at this resolution; products go through `i128`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Fx(i64);

/// Units of [`Fx`] per cent.
const FX_PER_CENT: i64 = 1_000_000;

impl Fx {
    pub(crate) const ZERO: Fx = Fx(0);

    pub(crate) const fn from_cents(c: Cents) -> Fx {
        Fx(c.0 * FX_PER_CENT)
    }

    /// `self × rate`, truncated to the fixed-point resolution (an error below 10⁻⁸ €).
    pub(crate) fn mul_rate(self, rate: Rate) -> Fx {
        Fx((i128::from(self.0) * i128::from(rate.0) / 1_000_000) as i64)
    }

    /// `self × n`.
    pub(crate) fn times(self, n: i64) -> Fx {
        Fx(self.0 * n)
    }

    /// `self / n`, truncated to the fixed-point resolution.
    pub(crate) fn div(self, n: i64) -> Fx {
        Fx(self.0 / n)
    }

    /// `self × num / den` in 128-bit arithmetic (used for the linear bonus of the prime
    /// d'activité). `den` must not be zero.
    pub(crate) fn mul_div(self, num: Fx, den: Fx) -> Fx {
        Fx((i128::from(self.0) * i128::from(num.0) / i128::from(den.0)) as i64)
    }

    pub(crate) fn max(self, other: Fx) -> Fx {
        if self >= other { self } else { other }
    }

    pub(crate) fn min(self, other: Fx) -> Fx {
        if self <= other { self } else { other }
    }

    pub(crate) fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Rounded half-up to the cent (towards +∞ on exact halves).
    pub(crate) fn round_cents(self) -> Cents {
        Cents((self.0 + FX_PER_CENT / 2).div_euclid(FX_PER_CENT))
    }
}

impl Add for Fx {
    type Output = Fx;
    fn add(self, rhs: Fx) -> Fx {
        Fx(self.0 + rhs.0)
    }
}

impl AddAssign for Fx {
    fn add_assign(&mut self, rhs: Fx) {
        self.0 += rhs.0;
    }
}

impl Sub for Fx {
    type Output = Fx;
    fn sub(self, rhs: Fx) -> Fx {
        Fx(self.0 - rhs.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_thousands_are_read_as_english_writes_them() {
        use crate::lang::Lang;
        assert_eq!(Cents::parse("1,200", Lang::En), Ok(Cents(120_000)));
        assert_eq!(Cents::parse("12,345.60 €", Lang::En), Ok(Cents(1_234_560)));
        assert_eq!(Cents::parse("1,20", Lang::En), Ok(Cents(120)));
        assert_eq!(
            Cents::parse("1,200", Lang::Fr),
            Err(ParseAmountError::TooManyDecimals)
        );
        assert_eq!(
            Cents::parse_fr("1,200"),
            Err(ParseAmountError::TooManyDecimals)
        );
        assert_eq!(Cents::parse("1 200,50", Lang::En), Ok(Cents(120_050)));
    }

    #[test]
    fn plain_amounts_read_the_same_in_every_language() {
        use crate::lang::Lang;
        for c in [Cents(120_000), Cents(120_050), Cents(5), Cents(0)] {
            for lang in Lang::ALL {
                assert_eq!(Cents::parse(&c.to_plain(), lang), Ok(c), "{lang:?} {c:?}");
            }
        }
    }

    #[test]
    fn formats_in_each_language() {
        use crate::lang::Lang;
        assert_eq!(Cents(123_456).format(Lang::Fr), "1\u{202F}234,56\u{A0}€");
        assert_eq!(Cents(123_456).format(Lang::En), "€1,234.56");
        assert_eq!(Cents(-123_456).format(Lang::En), "-€1,234.56");
        assert_eq!(
            Cents(123_456).format(Lang::Ar),
            "\u{2066}1.234,56\u{A0}€\u{2069}"
        );
        assert_eq!(Cents(123_456).format_whole(Lang::En), "€1,235");
        assert_eq!(
            Cents(123_456).format_whole(Lang::Ar),
            "\u{2066}1.235\u{A0}€\u{2069}"
        );
        assert_eq!(Cents(15_000).format_whole(Lang::Fr), "150\u{A0}€");
    }

    #[test]
    fn formats_in_french() {
        assert_eq!(Cents(123_456).format_eur(), "1\u{202F}234,56\u{A0}€");
        assert_eq!(Cents(5).format_eur(), "0,05\u{A0}€");
        assert_eq!(Cents(56_478).to_string(), "564,78\u{A0}€");
        assert_eq!(
            Cents(100_000_000).format_eur(),
            "1\u{202F}000\u{202F}000,00\u{A0}€"
        );
        assert_eq!(Cents(-15_000).format_eur(), "-150,00\u{A0}€");
        assert_eq!(Cents(0).format_eur(), "0,00\u{A0}€");
        assert_eq!(Cents(99_999).format_eur(), "999,99\u{A0}€");
    }

    #[test]
    fn parses_what_people_type() {
        let ok = |s: &str| Cents::parse_fr(s).unwrap().get();
        assert_eq!(ok("1200"), 120_000);
        assert_eq!(ok("1 200,50"), 120_050);
        assert_eq!(ok("1200.5"), 120_050);
        assert_eq!(ok("1 200 €"), 120_000);
        assert_eq!(ok("1\u{202F}200,5\u{A0}€"), 120_050);
        assert_eq!(ok("1.200,50"), 120_050);
        assert_eq!(ok("1.200"), 120_000);
        assert_eq!(ok("0,5"), 50);
        assert_eq!(ok(",5"), 50);
        assert_eq!(ok("  564,78 euros "), 56_478);
        assert_eq!(ok("150 EUR"), 15_000);
        assert_eq!(ok("+10"), 1_000);
        assert_eq!(ok("12 345 678,9"), 1_234_567_890);
        assert_eq!("1200".parse::<Cents>().unwrap(), Cents(120_000));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        let err = |s: &str| Cents::parse_fr(s).unwrap_err();
        assert_eq!(err(""), ParseAmountError::Empty);
        assert_eq!(err(" € "), ParseAmountError::Empty);
        assert_eq!(err("-5"), ParseAmountError::Negative);
        assert_eq!(err("12a"), ParseAmountError::InvalidCharacter('a'));
        assert_eq!(err("12 34"), ParseAmountError::Misplaced);
        assert_eq!(err("1,2,3"), ParseAmountError::Misplaced);
        assert_eq!(err("1,234"), ParseAmountError::TooManyDecimals);
        assert_eq!(err("1200.500"), ParseAmountError::TooManyDecimals);
        assert_eq!(err("2000000000"), ParseAmountError::TooLarge);
        assert_eq!(err(","), ParseAmountError::Misplaced);
        assert!(err("12a").message_fr().contains("« a »"));
        assert!(err("-5").to_string().contains("négatif"));
    }

    #[test]
    fn cents_serde_is_an_integer() {
        assert_eq!(serde_json::to_string(&Cents(56_478)).unwrap(), "56478");
        assert_eq!(
            serde_json::from_str::<Cents>("15000").unwrap(),
            Cents(15_000)
        );
        assert_eq!(Cents::from_euros_f64(564.78), Some(Cents(56_478)));
        assert_eq!(Cents::from_euros_f64(132.61), Some(Cents(13_261)));
        assert_eq!(Cents(56_478).as_euros_f64(), 564.78);
    }

    #[test]
    fn rate_labels() {
        assert_eq!(Rate::ppm(598_500).label_fr(), "59,85\u{A0}%");
        assert_eq!(Rate::ppm(1_284_120).label_fr(), "128,412\u{A0}%");
        assert_eq!(Rate::ppm(610_000).label_fr(), "61\u{A0}%");
    }

    #[test]
    fn fixed_point_rounds_half_up_once() {
        // 564.78 × 1.28412 = 725.2453…
        let mf = Fx::from_cents(Cents(56_478)).mul_rate(Rate::ppm(1_284_120));
        assert_eq!(mf.round_cents(), Cents(72_525));
        // 1000 / 3 = 333.333… ; 565.34 − 333.33… = 232.006… → 232.01
        let res = Fx::from_cents(Cents(100_000)).div(3);
        assert_eq!(
            (Fx::from_cents(Cents(56_534)) - res).round_cents(),
            Cents(23_201)
        );
        // An exact half cent rounds up.
        assert_eq!(Fx(500_000).round_cents(), Cents(1));
        assert_eq!(Fx(499_999).round_cents(), Cents(0));
    }
}
