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
        Date::from_days((secs / 86_400) as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_plausible_date() {
        assert!(today().year() >= 2025);
    }
}
