//! Timestamps as the database stores them: UTC, whole seconds.
//!
//! SQLite keeps timestamps as RFC 3339 text and compares them as text; dropping the fraction of a
//! second keeps every stored value the same length, so text order is time order on both engines.
use time::OffsetDateTime;

pub fn now() -> OffsetDateTime {
    let t = OffsetDateTime::now_utc();
    t.replace_nanosecond(0).unwrap_or(t)
}

/// Seconds since 1970-01-01 UTC.
pub fn unix(t: OffsetDateTime) -> i64 {
    t.unix_timestamp()
}
