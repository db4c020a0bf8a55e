//! Civil months and dates, with French labels.
//!
//! No date crate: the rules only need whole months (benefits are monthly), civil dates for
//! birth dates, and "age on the first day of a month" (the convention of the RSA and of
//! OpenFisca). A few dozen lines keep the wasm bundle small and the semantics explicit.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// French month names, lower case as French writes them inside a sentence.
const MONTH_NAMES_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Years the product accepts. Wide enough for any birth date and any plausible simulation,
/// narrow enough that month arithmetic never overflows.
const MIN_YEAR: i32 = 1900;
const MAX_YEAR: i32 = 2199;

/// Why a month or a date could not be read.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub enum ParseDateError {
    /// The text is not `AAAA-MM` (month) or `AAAA-MM-JJ` (date).
    Format,
    /// The year is outside 1900–2199.
    Year,
    /// The month is not between 1 and 12.
    Month,
    /// The day does not exist in that month (e.g. 30 February).
    Day,
}

impl ParseDateError {
    /// A short French message for the person who typed the value.
    pub fn message_fr(&self) -> &'static str {
        match self {
            ParseDateError::Format => {
                "La date n'est pas au bon format. Écrivez par exemple 2021-03 pour un mois, ou 2021-03-15 pour un jour."
            }
            ParseDateError::Year => "L'année doit être comprise entre 1900 et 2199.",
            ParseDateError::Month => "Le mois doit être compris entre 1 et 12.",
            ParseDateError::Day => "Ce jour n'existe pas dans ce mois.",
        }
    }
}

impl fmt::Display for ParseDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_fr())
    }
}

impl std::error::Error for ParseDateError {}

/// A calendar month, e.g. March 2021. Serialised as `"2021-03"`.
///
/// Ordered chronologically. Arithmetic goes through [`Month::add_months`], which is exact
/// (no day-of-month clamping issues, since a month has no day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    month: u8,
}

impl Month {
    /// The month `month` (1–12) of `year`.
    pub fn new(year: i32, month: u8) -> Result<Month, ParseDateError> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(ParseDateError::Year);
        }
        if !(1..=12).contains(&month) {
            return Err(ParseDateError::Month);
        }
        Ok(Month { year, month })
    }

    /// For constant tables: panics at compile time on an invalid month.
    pub const fn ym(year: i32, month: u8) -> Month {
        assert!(year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12);
        Month { year, month }
    }

    /// The year, e.g. 2021.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 (January) to 12 (December).
    pub const fn month(self) -> u8 {
        self.month
    }

    /// Months since January of year 0: makes differences and additions plain integer maths.
    const fn index(self) -> i32 {
        self.year * 12 + self.month as i32 - 1
    }

    const fn from_index(index: i32) -> Month {
        Month {
            year: index.div_euclid(12),
            month: (index.rem_euclid(12) + 1) as u8,
        }
    }

    /// This month moved by `delta` months (negative to go back).
    ///
    /// Saturates at the bounds of the accepted years rather than producing an invalid month.
    pub fn add_months(self, delta: i32) -> Month {
        let lo = Month::ym(MIN_YEAR, 1).index();
        let hi = Month::ym(MAX_YEAR, 12).index();
        Month::from_index(self.index().saturating_add(delta).clamp(lo, hi))
    }

    /// The month before.
    pub fn previous(self) -> Month {
        self.add_months(-1)
    }

    /// The month after.
    pub fn next(self) -> Month {
        self.add_months(1)
    }

    /// Number of months from `earlier` to `self` (negative if `earlier` is later).
    pub fn months_since(self, earlier: Month) -> i32 {
        self.index() - earlier.index()
    }

    /// The first day of the month.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    /// French label, e.g. `"mars 2021"`.
    pub fn label_fr(self) -> String {
        format!(
            "{} {}",
            MONTH_NAMES_FR[usize::from(self.month - 1)],
            self.year
        )
    }
}

impl fmt::Display for Month {
    /// ISO form `2021-03`, the form used in data files and URLs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Reads exactly `n` ASCII digits.
fn digits(s: &str, n: usize) -> Result<u32, ParseDateError> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseDateError::Format);
    }
    s.parse().map_err(|_| ParseDateError::Format)
}

impl FromStr for Month {
    type Err = ParseDateError;

    /// Reads `AAAA-MM`.
    fn from_str(s: &str) -> Result<Month, ParseDateError> {
        let s = s.trim();
        let (y, m) = s.split_once('-').ok_or(ParseDateError::Format)?;
        let year = digits(y, 4)? as i32;
        let month = digits(m, 2)? as u8;
        Month::new(year, month)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Month, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A civil date (proleptic Gregorian), e.g. a birth date. Serialised as `"1985-09-10"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

const fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// The date `day`/`month`/`year`, checked (30 February is refused).
    pub fn new(year: i32, month: u8, day: u8) -> Result<Date, ParseDateError> {
        let m = Month::new(year, month)?;
        if day == 0 || day > days_in_month(year, month) {
            return Err(ParseDateError::Day);
        }
        Ok(Date {
            year: m.year,
            month: m.month,
            day,
        })
    }

    /// For constant data: panics at compile time on an invalid date.
    pub const fn ymd(year: i32, month: u8, day: u8) -> Date {
        assert!(year >= MIN_YEAR && year <= MAX_YEAR && month >= 1 && month <= 12);
        assert!(day >= 1 && day <= days_in_month(year, month));
        Date { year, month, day }
    }

    /// The year.
    pub const fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1–12.
    pub const fn month_number(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub const fn day(self) -> u8 {
        self.day
    }

    /// The month this date falls in.
    pub fn month(self) -> Month {
        Month {
            year: self.year,
            month: self.month,
        }
    }

    /// Age in whole years on `on` (negative if `on` is before the birth date).
    ///
    /// The birthday itself counts: someone born on 1 March is one year older on 1 March.
    pub fn age_on(self, on: Date) -> i32 {
        let mut age = on.year - self.year;
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }

    /// Age in whole years on the first day of `month`: the age the RSA and the prime
    /// d'activité use for that month (e.g. the RSA majoration stops in the first month that
    /// starts on or after the youngest child's third birthday).
    pub fn age_on_first_of(self, month: Month) -> i32 {
        self.age_on(month.first_day())
    }

    /// The day of the week, 0 for Monday to 6 for Sunday.
    pub fn days_from_monday(self) -> u8 {
        // 1970-01-01 was a Thursday.
        (self.to_days() + 3).rem_euclid(7) as u8
    }

    /// Days since 1970-01-01 (negative before), by H. Hinnant's civil-calendar algorithm.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01 (clamped to the supported years).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        if year < MIN_YEAR {
            Date {
                year: MIN_YEAR,
                month: 1,
                day: 1,
            }
        } else if year > MAX_YEAR {
            Date {
                year: MAX_YEAR,
                month: 12,
                day: 31,
            }
        } else {
            Date { year, month, day }
        }
    }

    /// Whole days from `earlier` to this date (negative if `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i64 {
        self.to_days() - earlier.to_days()
    }

    /// The date `days` days later (earlier if negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// The same day `months` months later, or the month's last day when it is shorter (31 January
    /// + 1 month = 28 or 29 February): how French law counts a delay "d'un mois".
    pub fn add_months(self, months: i32) -> Date {
        let m = self.month().add_months(months);
        let day = self.day.min(days_in_month(m.year, m.month));
        Date {
            year: m.year,
            month: m.month,
            day,
        }
    }

    /// The same day `years` years later (29 February becomes 28 February in a common year).
    pub fn add_years(self, years: i32) -> Date {
        let year = (self.year + years).clamp(MIN_YEAR, MAX_YEAR);
        let day = self.day.min(days_in_month(year, self.month));
        Date {
            year,
            month: self.month,
            day,
        }
    }

    /// French label, e.g. `"15 mars 2021"`, and `"1er mars 2021"` for the first day, as
    /// French writes it.
    pub fn label_fr(self) -> String {
        let name = MONTH_NAMES_FR[usize::from(self.month - 1)];
        if self.day == 1 {
            format!("1er {} {}", name, self.year)
        } else {
            format!("{} {} {}", self.day, name, self.year)
        }
    }
}

impl Date {
    /// The date as `lang` writes it: `"15 mars 2021"`, `"15 March 2021"`, `"15 مارس 2021"` (Latin
    /// digits in Arabic too, as in French administrative letters).
    pub fn label(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let i = usize::from(self.month - 1);
        match lang {
            Lang::Fr => self.label_fr(),
            Lang::En => format!("{} {} {}", self.day, MONTH_NAMES_EN[i], self.year),
            Lang::Ar => format!("{} {} {}", self.day, MONTH_NAMES_AR[i], self.year),
        }
    }
}

impl Month {
    /// The month's name alone, as `lang` writes it: `"mars"`, `"March"`, `"مارس"`.
    pub fn name(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang;
        let i = usize::from(self.month - 1);
        match lang {
            Lang::Fr => MONTH_NAMES_FR[i],
            Lang::En => MONTH_NAMES_EN[i],
            Lang::Ar => MONTH_NAMES_AR[i],
        }
    }

    /// The month as `lang` writes it: `"mars 2021"`, `"March 2021"`, `"مارس 2021"`.
    pub fn label(self, lang: crate::lang::Lang) -> String {
        use crate::lang::Lang;
        let i = usize::from(self.month - 1);
        match lang {
            Lang::Fr => self.label_fr(),
            Lang::En => format!("{} {}", MONTH_NAMES_EN[i], self.year),
            Lang::Ar => format!("{} {}", MONTH_NAMES_AR[i], self.year),
        }
    }
}

/// English month names.
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Arabic month names (the Gregorian names of Modern Standard Arabic, CLDR `ar`).
const MONTH_NAMES_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

impl fmt::Display for Date {
    /// ISO form `2021-03-15`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = ParseDateError;

    /// Reads `AAAA-MM-JJ`.
    fn from_str(s: &str) -> Result<Date, ParseDateError> {
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ParseDateError::Format);
        };
        Date::new(
            digits(y, 4)? as i32,
            digits(m, 2)? as u8,
            digits(d, 2)? as u8,
        )
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_each_language() {
        use crate::lang::Lang;
        let d = Date::ymd(1985, 3, 15);
        assert_eq!(d.label(Lang::Fr), "15 mars 1985");
        assert_eq!(d.label(Lang::En), "15 March 1985");
        assert_eq!(d.label(Lang::Ar), "15 مارس 1985");
        assert_eq!(Date::ymd(2021, 3, 1).label(Lang::Fr), "1er mars 2021");
        assert_eq!(
            Month::new(2021, 12).unwrap().label(Lang::En),
            "December 2021"
        );
        assert_eq!(Month::new(2021, 1).unwrap().label(Lang::Ar), "يناير 2021");
    }

    #[test]
    fn month_parses_and_prints() {
        let m: Month = "2021-03".parse().unwrap();
        assert_eq!((m.year(), m.month()), (2021, 3));
        assert_eq!(m.to_string(), "2021-03");
        assert_eq!(m.label_fr(), "mars 2021");
        assert_eq!(Month::ym(2021, 8).label_fr(), "août 2021");
        assert_eq!(Month::ym(2020, 12).label_fr(), "décembre 2020");
    }

    #[test]
    fn month_rejects_bad_input() {
        assert_eq!("2021-13".parse::<Month>(), Err(ParseDateError::Month));
        assert_eq!("2021-00".parse::<Month>(), Err(ParseDateError::Month));
        assert_eq!("21-03".parse::<Month>(), Err(ParseDateError::Format));
        assert_eq!("2021-3".parse::<Month>(), Err(ParseDateError::Format));
        assert_eq!("2021/03".parse::<Month>(), Err(ParseDateError::Format));
        assert_eq!("1850-01".parse::<Month>(), Err(ParseDateError::Year));
        assert!(ParseDateError::Month.message_fr().contains("entre 1 et 12"));
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let m = Month::ym(2021, 1);
        assert_eq!(m.add_months(-3), Month::ym(2020, 10));
        assert_eq!(m.add_months(11), Month::ym(2021, 12));
        assert_eq!(m.add_months(12), Month::ym(2022, 1));
        assert_eq!(m.previous(), Month::ym(2020, 12));
        assert_eq!(Month::ym(2020, 12).next(), m);
        assert_eq!(Month::ym(2022, 2).months_since(Month::ym(2021, 11)), 3);
        assert_eq!(Month::ym(2021, 11).months_since(Month::ym(2022, 2)), -3);
        assert_eq!(Month::ym(2199, 12).add_months(5), Month::ym(2199, 12));
        assert!(Month::ym(2020, 12) < Month::ym(2021, 1));
    }

    #[test]
    fn month_serde_is_a_string() {
        let m = Month::ym(2021, 3);
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"2021-03\"");
        assert_eq!(serde_json::from_str::<Month>("\"2021-03\"").unwrap(), m);
        assert!(serde_json::from_str::<Month>("\"2021-14\"").is_err());
        assert!(serde_json::from_str::<Month>("202103").is_err());
    }

    #[test]
    fn date_parses_checks_days_and_prints() {
        let d: Date = "2021-03-15".parse().unwrap();
        assert_eq!(d.to_string(), "2021-03-15");
        assert_eq!(d.label_fr(), "15 mars 2021");
        assert_eq!(Date::new(2021, 3, 1).unwrap().label_fr(), "1er mars 2021");
        assert_eq!("2021-02-29".parse::<Date>(), Err(ParseDateError::Day));
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert_eq!("1900-02-29".parse::<Date>(), Err(ParseDateError::Day));
        assert!("2000-02-29".parse::<Date>().is_ok());
        assert_eq!("2021-04-31".parse::<Date>(), Err(ParseDateError::Day));
        assert_eq!("2021-03-15-1".parse::<Date>(), Err(ParseDateError::Format));
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2021-03-15\"".to_string()
        );
        assert_eq!(serde_json::from_str::<Date>("\"2021-03-15\"").unwrap(), d);
    }

    #[test]
    fn age_on_the_first_of_a_month() {
        let birth = Date::new(2018, 8, 10).unwrap();
        // Third birthday on 10 August 2021: still 2 on 1 August, 3 on 1 September.
        assert_eq!(birth.age_on_first_of(Month::ym(2021, 8)), 2);
        assert_eq!(birth.age_on_first_of(Month::ym(2021, 9)), 3);
        // A birthday on the 1st counts that very month.
        let first = Date::new(1996, 9, 1).unwrap();
        assert_eq!(first.age_on_first_of(Month::ym(2021, 9)), 25);
        assert_eq!(first.age_on_first_of(Month::ym(2021, 8)), 24);
        // Not born yet: negative.
        let unborn = Date::new(2021, 5, 3).unwrap();
        assert_eq!(unborn.age_on_first_of(Month::ym(2021, 4)), -1);
        assert_eq!(unborn.age_on_first_of(Month::ym(2021, 5)), -1);
        assert_eq!(unborn.age_on_first_of(Month::ym(2021, 6)), 0);
    }

    #[test]
    fn add_years_keeps_the_day_when_it_exists() {
        let d = Date::new(2024, 2, 29).unwrap();
        assert_eq!(d.add_years(1), Date::new(2025, 2, 28).unwrap());
        assert_eq!(d.add_years(-4), Date::new(2020, 2, 29).unwrap());
    }
}

#[cfg(test)]
mod day_count_tests {
    use super::Date;

    #[test]
    fn days_since_epoch_both_ways() {
        assert_eq!(Date::ymd(1970, 1, 1).to_days(), 0);
        assert_eq!(Date::from_days(11_016), Date::ymd(2000, 2, 29));
        assert_eq!(Date::from_days(20_784), Date::ymd(2026, 11, 27));
        for d in [
            Date::ymd(1900, 3, 1),
            Date::ymd(2024, 2, 29),
            Date::ymd(2099, 12, 31),
        ] {
            assert_eq!(Date::from_days(d.to_days()), d);
        }
        assert_eq!(Date::ymd(2026, 3, 1).days_since(Date::ymd(2026, 2, 1)), 28);
        assert_eq!(Date::ymd(2024, 2, 28).add_days(2), Date::ymd(2024, 3, 1));
    }
}
