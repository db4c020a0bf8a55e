//! Today's date, in the browser or on the server (Europe/Paris is close enough to UTC for a
//! default month: the date only preselects a field).
use passerelle::Date;

/// Today's civil date (UTC).
pub fn today() -> Date {
    #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
    {
        let now = js_sys::Date::new_0();
        Date::ymd(
            now.get_utc_full_year() as i32,
            now.get_utc_month() as u8 + 1,
            now.get_utc_date() as u8,
        )
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "hydrate")))]
    {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        civil_from_days((secs / 86_400) as i64)
    }
}

/// The civil date `days` days after 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian).
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::ymd(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), Date::ymd(1970, 1, 1));
        assert_eq!(civil_from_days(11_016), Date::ymd(2000, 2, 29));
        assert_eq!(civil_from_days(20_784), Date::ymd(2026, 11, 27));
        assert_eq!(civil_from_days(-1), Date::ymd(1969, 12, 31));
    }
}
