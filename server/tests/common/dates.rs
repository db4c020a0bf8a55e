//! Dates for tests, computed from the clock the server reads (the system clock, UTC), so that the
//! suite holds on whatever day it runs — `faketime -f +800d cargo test …` included.
//!
//! The labels below (French, English, Arabic month and weekday names, Paris summer time) are
//! written here independently of the application's own formatting: a test that compares the
//! app's words with these compares two implementations, not one with itself.
use time::{Date, Duration, Month, OffsetDateTime, Weekday};

/// Today's date as the server sees it (UTC).
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// `n` days from today (negative: in the past).
pub fn days_from_today(n: i64) -> Date {
    today() + Duration::days(n)
}

/// The first Tuesday at least `n` days from today: a working day that is always in the future
/// and, for `n` below 360, within the year ahead that staff may schedule in.
pub fn tuesday_after(n: i64) -> Date {
    let mut d = days_from_today(n);
    while d.weekday() != Weekday::Tuesday {
        d = d.next_day().unwrap();
    }
    d
}

/// The first day of the month `n` months after today's month (`n` = 0: this month).
pub fn first_of_month(n: i32) -> Date {
    let t = today();
    let index = t.year() * 12 + i32::from(u8::from(t.month())) - 1 + n;
    Date::from_calendar_date(
        index.div_euclid(12),
        Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap(),
        1,
    )
    .unwrap()
}

/// The same day one month from today, or that month's last day when it is shorter (31 January →
/// 28 or 29 February): a delay "d'un mois" as French law counts it.
pub fn one_month_from_today() -> Date {
    let next = first_of_month(1);
    let last = next.month().length(next.year());
    next.replace_day(today().day().min(last)).unwrap()
}

/// `12 January 2027`.
pub fn en_date(d: Date) -> String {
    format!("{} {} {}", d.day(), MONTHS_EN[month_index(d)], d.year())
}

/// `2027-01-12`: what a date field posts.
pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// `12/01/2027`: how files from the CAF write dates.
pub fn french_numeric(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// `2027-01`: a month as forms and URLs carry it.
pub fn iso_month(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

const MONTHS_FR: [&str; 12] = [
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
const MONTHS_EN: [&str; 12] = [
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
/// The month names used in the Maghreb and Egypt (and by the app's Arabic pages).
const MONTHS_AR: [&str; 12] = [
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
const WEEKDAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn month_index(d: Date) -> usize {
    usize::from(u8::from(d.month())) - 1
}

/// `12 janvier 2027`, `1er mars 2027`.
pub fn fr_date(d: Date) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    format!("{day} {} {}", MONTHS_FR[month_index(d)], d.year())
}

/// `janvier 2027`.
pub fn fr_month(d: Date) -> String {
    format!("{} {}", MONTHS_FR[month_index(d)], d.year())
}

/// `mardi 12 janvier 2027`.
pub fn fr_day(d: Date) -> String {
    format!(
        "{} {}",
        WEEKDAYS_FR[usize::from(d.weekday().number_days_from_monday())],
        fr_date(d)
    )
}

/// `Tuesday 12 January 2027`.
pub fn en_day(d: Date) -> String {
    format!(
        "{} {} {} {}",
        WEEKDAYS_EN[usize::from(d.weekday().number_days_from_monday())],
        d.day(),
        MONTHS_EN[month_index(d)],
        d.year()
    )
}

/// `يونيو 2027`.
pub fn ar_month(d: Date) -> String {
    format!("{} {}", MONTHS_AR[month_index(d)], d.year())
}

/// Hours ahead of UTC in Paris on `d` at midday: 2 from the last Sunday of March to the day
/// before the last Sunday of October, 1 otherwise (EU rule, directive 2000/84/EC).
pub fn paris_offset_hours(d: Date) -> i64 {
    let last_sunday = |month: Month| {
        let mut day = Date::from_calendar_date(d.year(), month, 31).unwrap();
        while day.weekday() != Weekday::Sunday {
            day = day.previous_day().unwrap();
        }
        day
    };
    if d >= last_sunday(Month::March) && d < last_sunday(Month::October) {
        2
    } else {
        1
    }
}

/// `20270615T080000Z`: the UTC instant of `hour`:`minute` in Paris on `d`, as iCalendar writes it.
pub fn ics_utc(d: Date, hour: u8, minute: u8) -> String {
    let local = d.with_hms(hour, minute, 0).unwrap().assume_utc();
    let utc = local - Duration::hours(paris_offset_hours(d));
    format!(
        "{:04}{:02}{:02}T{:02}{:02}00Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute()
    )
}

/// Checks the helpers against dates worked out by hand (run once, from `foundation.rs`: this
/// module is part of every test binary).
pub fn check_against_dates_worked_out_by_hand() {
    let d = Date::from_calendar_date(2027, Month::January, 12).unwrap();
    assert_eq!(fr_day(d), "mardi 12 janvier 2027");
    assert_eq!(en_day(d), "Tuesday 12 January 2027");
    assert_eq!(ar_month(d), "يناير 2027");
    let first = Date::from_calendar_date(2027, Month::June, 1).unwrap();
    assert_eq!(fr_day(first), "mardi 1er juin 2027");
    let june = Date::from_calendar_date(2027, Month::June, 15).unwrap();
    assert_eq!(ics_utc(june, 10, 0), "20270615T080000Z");
    assert_eq!(ics_utc(d, 14, 30), "20270112T133000Z");
    // 2027: summer time from Sunday 28 March to Sunday 31 October.
    let at = |m, day| Date::from_calendar_date(2027, m, day).unwrap();
    assert_eq!(paris_offset_hours(at(Month::March, 27)), 1);
    assert_eq!(paris_offset_hours(at(Month::March, 28)), 2);
    assert_eq!(paris_offset_hours(at(Month::October, 30)), 2);
    assert_eq!(paris_offset_hours(at(Month::October, 31)), 1);
    assert!(tuesday_after(7) >= days_from_today(7) && tuesday_after(7) < days_from_today(14));
    assert_eq!(tuesday_after(7).weekday(), Weekday::Tuesday);
    assert_eq!(first_of_month(0).month(), today().month());
    assert_eq!(first_of_month(-12).year(), today().year() - 1);
}

/// The same day as the rules core's date type.
pub fn core(d: Date) -> passerelle::Date {
    passerelle::Date::ymd(d.year(), u8::from(d.month()), d.day())
}
