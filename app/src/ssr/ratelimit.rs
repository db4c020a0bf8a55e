//! Rate limits kept in the database, so that every server behind the load balancer counts the same
//! attempts. Fixed windows; the key (an address, a file number, an e-mail) is stored hashed.
use sha2::{Digest, Sha256};

use super::db::{Db, DbError};
use crate::with_pool;

/// A limit: at most `max` hits per `window_secs`.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

/// Identifications of a beneficiary (file number + birth date) per client address, right or
/// wrong: a right one sends a code to somebody, so it is not refunded (else one address could send
/// codes to any number of people it knows). A France Services desk helps a person every few
/// minutes, far below it.
pub const IDENTIFY_PER_ADDRESS: Limit = Limit {
    name: "identify-address",
    max: 30,
    window_secs: 15 * 60,
};
/// Wrong birth dates on one file number in a day, from all addresses together. Past `max`, a right
/// and a wrong birth date get the same answer (the code still goes to the person when the date is
/// right): guessing learns nothing, and nobody is locked out.
pub const IDENTIFY_PER_FILE: Limit = Limit {
    name: "identify-file",
    max: 5,
    window_secs: 24 * 60 * 60,
};
/// Sign-in codes sent to one person: one a minute…
pub const CODE_SEND_PER_MINUTE: Limit = Limit {
    name: "code-send-minute",
    max: 1,
    window_secs: 60,
};
/// …and five an hour.
pub const CODE_SEND_PER_HOUR: Limit = Limit {
    name: "code-send-hour",
    max: 5,
    window_secs: 60 * 60,
};
/// Failed code checks per client address (each code also allows only 5 attempts; successful
/// checks are refunded).
pub const CODE_CHECK_PER_ADDRESS: Limit = Limit {
    name: "code-check-address",
    max: 20,
    window_secs: 15 * 60,
};
/// Failed staff password sign-ins per client address (successful ones are refunded: a whole
/// office signs in from one public address in the morning).
pub const STAFF_PER_ADDRESS: Limit = Limit {
    name: "staff-address",
    max: 20,
    window_secs: 15 * 60,
};
/// Failed staff password sign-ins per account. Past `max`, every attempt on the account waits
/// longer ([`delay_after`]) instead of being refused: the right password still works, so nobody
/// can lock a colleague out.
pub const STAFF_PER_ACCOUNT: Limit = Limit {
    name: "staff-account",
    max: 5,
    window_secs: 15 * 60,
};
/// Wrong one-time codes per person and day, whatever the number of codes asked for: past it, codes
/// are replaced by single-use links sent to the person's own phone or mailbox for the rest of the
/// day (a guesser cannot use them; the person is never locked out).
pub const CODE_FAILURES_PER_DAY: Limit = Limit {
    name: "code-failures-day",
    max: 20,
    window_secs: 24 * 60 * 60,
};

/// The longest wait imposed on an attempt.
pub const MAX_DELAY_SECS: u64 = 30;

/// How long an attempt waits after `failures` recent failures on the same account or file
/// number: nothing up to `limit.max`, then 1, 2, 4… seconds, at most [`MAX_DELAY_SECS`].
pub fn delay_after(limit: Limit, failures: i64) -> std::time::Duration {
    let over = failures - limit.max;
    let secs = if over < 0 {
        0
    } else {
        1u64.checked_shl(over.min(16) as u32)
            .unwrap_or(MAX_DELAY_SECS)
            .min(MAX_DELAY_SECS)
    };
    std::time::Duration::from_secs(secs)
}

/// The key of a client address for per-address limits: an IPv4 address as it is, an IPv6 address
/// by its /64 network (one household or one phone has a whole /64; counting single IPv6
/// addresses would let anyone change address at will). IPv4 mapped in IPv6 counts as IPv4.
pub fn address_key(ip: &str) -> String {
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(v4) => v4.to_string(),
        Err(_) => ip.to_string(),
    }
}

/// Partner API simulations per client address (the maximum comes from the configuration).
pub fn simulations_per_address(max: i64) -> Limit {
    Limit {
        name: "simulation-address",
        max,
        window_secs: 60,
    }
}

impl Db {
    /// Counts one failure of `kind` (an unknown file number, a refused provider answer…) in the
    /// current hour: attempts by nobody in particular are aggregated, not audited one by one.
    pub async fn tally(&self, kind: &str, now: i64) -> Result<(), DbError> {
        const SQL: &str = "INSERT INTO failure_tally (kind, hour, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (kind, hour) DO UPDATE SET hits = failure_tally.hits + 1";
        with_pool!(self, |pool| sqlx::query(SQL)
            .bind(kind)
            .bind(now - now.rem_euclid(3600))
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// The failures of `kind` counted in the hour holding `now`.
    pub async fn tallied(&self, kind: &str, now: i64) -> Result<i64, DbError> {
        Ok(with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT hits FROM failure_tally WHERE kind = $1 AND hour = $2"
        )
        .bind(kind)
        .bind(now - now.rem_euclid(3600))
        .fetch_optional(pool)
        .await)?
        .unwrap_or(0))
    }

    /// Counts one hit of `key` against `limit`. `Ok(None)` if allowed, `Ok(Some(seconds))` if
    /// over the limit (seconds until the window ends).
    pub async fn hit_rate_limit(
        &self,
        limit: Limit,
        key: &str,
        now: i64,
    ) -> Result<Option<u64>, DbError> {
        let (hits, start) = self.hit_window(limit, key, now).await?;
        Ok((hits > limit.max).then(|| (start + limit.window_secs - now).max(1) as u64))
    }

    /// One more hit in the window: the hits with this one, and when the window started.
    async fn hit_window(&self, limit: Limit, key: &str, now: i64) -> Result<(i64, i64), DbError> {
        const SQL: &str = "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limit.window_start <= $2 - $3 THEN 1 ELSE rate_limit.hits + 1 END, \
               window_start = CASE WHEN rate_limit.window_start <= $2 - $3 THEN $2 ELSE rate_limit.window_start END \
             RETURNING hits, window_start";
        let bucket = bucket(limit, key);
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(&bucket)
            .bind(now)
            .bind(limit.window_secs)
            .fetch_one(pool)
            .await)?)
    }

    /// The hits of `key` in the current window of `limit`, without counting one more.
    pub async fn failures(&self, limit: Limit, key: &str, now: i64) -> Result<i64, DbError> {
        const SQL: &str =
            "SELECT hits FROM rate_limit WHERE bucket = $1 AND window_start > $2 - $3";
        let bucket = bucket(limit, key);
        let hits: Option<i64> = with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(&bucket)
            .bind(now)
            .bind(limit.window_secs)
            .fetch_optional(pool)
            .await)?;
        Ok(hits.unwrap_or(0))
    }

    /// Forgets the hits of `key` (after a successful sign-in, the failures before it no longer count).
    pub async fn reset_rate_limit(&self, limit: Limit, key: &str) -> Result<(), DbError> {
        self.on_bucket("DELETE FROM rate_limit WHERE bucket = $1", limit, key)
            .await
    }

    /// Counts one hit of `key` against `limit` and answers the count with this one (1 for the
    /// first hit of a window), atomically: of requests at the same moment, each gets its own number.
    pub async fn hit_count(&self, limit: Limit, key: &str, now: i64) -> Result<i64, DbError> {
        Ok(self.hit_window(limit, key, now).await?.0)
    }

    /// Takes back one hit of `key`: limits per address count failures, not the successful sign-ins
    /// of a whole office behind one public address.
    pub async fn refund_rate_limit(&self, limit: Limit, key: &str) -> Result<(), DbError> {
        self.on_bucket(
            "UPDATE rate_limit SET hits = hits - 1 WHERE bucket = $1 AND hits > 0",
            limit,
            key,
        )
        .await
    }

    async fn on_bucket(&self, sql: &'static str, limit: Limit, key: &str) -> Result<(), DbError> {
        let bucket = bucket(limit, key);
        with_pool!(self, |pool| sqlx::query(sql)
            .bind(&bucket)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Removes the windows that have ended (the longest lasts a day), and the hourly counts of
    /// failures older than [`TALLY_KEPT_DAYS`]; with `dry_run`, only counts them.
    pub async fn purge_rate_limits(&self, now: i64, dry_run: bool) -> Result<u64, DbError> {
        let mut gone = 0;
        for (rows, cutoff) in [
            (
                "rate_limit WHERE window_start <= $1",
                now - CODE_FAILURES_PER_DAY.window_secs,
            ),
            (
                "failure_tally WHERE hour <= $1",
                now - TALLY_KEPT_DAYS * 24 * 3600,
            ),
        ] {
            let sql = if dry_run {
                format!("SELECT COUNT(*) FROM {rows}")
            } else {
                format!("DELETE FROM {rows}")
            };
            gone += with_pool!(self, |pool| {
                let q = sqlx::query(&sql).bind(cutoff);
                if dry_run {
                    use sqlx::Row;
                    q.fetch_one(pool).await.map(|r| r.get::<i64, _>(0) as u64)
                } else {
                    q.execute(pool).await.map(|r| r.rows_affected())
                }
            })?;
        }
        Ok(gone)
    }
}

/// How long the hourly counts of failed anonymous attempts are kept (a year: enough to see a
/// campaign of guessing in a security review; they name nobody).
pub const TALLY_KEPT_DAYS: i64 = 365;

fn bucket(limit: Limit, key: &str) -> String {
    let digest = Sha256::digest(format!("{}:{}", limit.name, key).as_bytes());
    super::hex(&digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_slow_down_instead_of_locking_out() {
        let d = |n| delay_after(STAFF_PER_ACCOUNT, n).as_secs();
        assert_eq!((d(0), d(4)), (0, 0));
        assert_eq!((d(5), d(6), d(7)), (1, 2, 4));
        assert_eq!(d(10), MAX_DELAY_SECS);
        assert_eq!(d(1_000_000), MAX_DELAY_SECS);
    }

    #[test]
    fn ipv6_clients_count_by_their_64_network() {
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            address_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            address_key("2001:db8:1:2::5")
        );
        assert_ne!(
            address_key("2001:db8:1:3::1"),
            address_key("2001:db8:1:2::1")
        );
        assert_eq!(address_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(address_key("unknown"), "unknown");
    }
}
