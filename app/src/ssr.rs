//! Server-only code: the data store, sessions and permission checks, messages, audit, and the
//! mapping of internal errors. Compiled with the `ssr` feature only; the browser bundle never
//! contains it.
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod beneficiaries;
pub mod clock;
pub mod config;
pub mod connect;
pub mod csv;
pub mod dashboard;
pub mod db;
pub mod error;
pub mod forms;
pub mod ics;
pub mod import;
pub mod jobs;
pub mod my_data;
pub mod oidc;
pub mod outbox;
pub mod pathway;
pub mod ratelimit;
pub mod retention;
pub mod schemes;
pub mod security;
pub mod sign_in;
pub mod state;

pub use db::{Db, DbError};
pub use error::respond;
pub use state::AppState;

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A core date as the database layer's date.
pub fn to_time_date(d: passerelle::Date) -> time::Date {
    time::Date::from_calendar_date(
        d.year(),
        time::Month::try_from(d.month_number()).unwrap_or(time::Month::January),
        d.day(),
    )
    .unwrap_or(time::Date::MIN)
}

/// A database date as a core date.
pub fn from_time_date(d: time::Date) -> passerelle::Date {
    passerelle::Date::ymd(d.year(), u8::from(d.month()), d.day())
}

/// "27 novembre 2026 à 14 h 05", in Paris time.
pub fn format_timestamp_fr(t: time::OffsetDateTime) -> String {
    let local = paris(t);
    format!(
        "{} à {} h {:02}",
        from_time_date(local.date()).label_fr(),
        local.hour(),
        local.minute()
    )
}

/// A moment in Paris time as `lang` writes it: French "15 décembre 2026 à 14 h 30", English
/// "15 December 2026, 14:30", Arabic "15 ديسمبر 2026، 14:30".
pub fn format_timestamp_in(t: time::OffsetDateTime, lang: passerelle::lang::Lang) -> String {
    use passerelle::lang::Lang;
    let local = paris(t);
    let date = from_time_date(local.date()).label(lang);
    let time = format!("{:02}:{:02}", local.hour(), local.minute());
    match lang {
        Lang::Fr => format_timestamp_fr(t),
        Lang::En => format!("{date}, {time}"),
        Lang::Ar => format!("{date}، {time}"),
    }
}

/// Europe/Paris local time: UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of
/// October 01:00 UTC, UTC+1 otherwise (the EU rule since 1996).
pub fn paris(t: time::OffsetDateTime) -> time::OffsetDateTime {
    let year = t.year();
    let last_sunday = |month: time::Month| {
        let mut d = time::Date::from_calendar_date(year, month, 31).unwrap_or(time::Date::MIN);
        while d.weekday() != time::Weekday::Sunday {
            d = d.previous_day().unwrap_or(d);
        }
        d.with_hms(1, 0, 0)
            .unwrap_or(time::PrimitiveDateTime::MIN)
            .assume_utc()
    };
    let summer = t >= last_sunday(time::Month::March) && t < last_sunday(time::Month::October);
    let offset =
        time::UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(time::UtcOffset::UTC);
    t.to_offset(offset)
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn paris_time_follows_daylight_saving() {
        assert_eq!(super::paris(datetime!(2026-01-15 12:00 UTC)).hour(), 13);
        assert_eq!(super::paris(datetime!(2026-07-15 12:00 UTC)).hour(), 14);
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(super::paris(datetime!(2026-03-29 00:59 UTC)).hour(), 1);
        assert_eq!(super::paris(datetime!(2026-03-29 01:00 UTC)).hour(), 3);
        assert_eq!(super::paris(datetime!(2026-10-25 00:59 UTC)).hour(), 2);
        assert_eq!(super::paris(datetime!(2026-10-25 01:00 UTC)).hour(), 2);
        assert_eq!(
            super::format_timestamp_fr(datetime!(2026-11-27 13:05 UTC)),
            "27 novembre 2026 à 14 h 05"
        );
    }
}
