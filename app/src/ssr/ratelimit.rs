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

/// Failed identifications of a beneficiary (file number + birth date), per client address
/// (successful ones are refunded: a France Services desk serves many people from one address).
pub const IDENTIFY_PER_ADDRESS: Limit = Limit {
    name: "identify-address",
    max: 10,
    window_secs: 15 * 60,
};
/// Identification attempts on one file number, from anywhere.
pub const IDENTIFY_PER_FILE: Limit = Limit {
    name: "identify-file",
    max: 5,
    window_secs: 15 * 60,
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
/// Staff password sign-ins per account.
pub const STAFF_PER_ACCOUNT: Limit = Limit {
    name: "staff-account",
    max: 5,
    window_secs: 15 * 60,
};

/// Partner API simulations per client address (the maximum comes from the configuration).
pub fn simulations_per_address(max: i64) -> Limit {
    Limit {
        name: "simulation-address",
        max,
        window_secs: 60,
    }
}

impl Db {
    /// Counts one hit of `key` against `limit`. `Ok(None)` if allowed, `Ok(Some(seconds))` if
    /// over the limit (seconds until the window ends).
    pub async fn hit_rate_limit(
        &self,
        limit: Limit,
        key: &str,
        now: i64,
    ) -> Result<Option<u64>, DbError> {
        const SQL: &str = "INSERT INTO rate_limit (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket) DO UPDATE SET \
               hits = CASE WHEN rate_limit.window_start <= $2 - $3 THEN 1 ELSE rate_limit.hits + 1 END, \
               window_start = CASE WHEN rate_limit.window_start <= $2 - $3 THEN $2 ELSE rate_limit.window_start END \
             RETURNING hits, window_start";
        let bucket = bucket(limit, key);
        let (hits, start): (i64, i64) = with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(&bucket)
            .bind(now)
            .bind(limit.window_secs)
            .fetch_one(pool)
            .await)?;
        Ok((hits > limit.max).then(|| (start + limit.window_secs - now).max(1) as u64))
    }

    /// Forgets the hits of `key` (after a successful sign-in, the failures before it no longer count).
    pub async fn reset_rate_limit(&self, limit: Limit, key: &str) -> Result<(), DbError> {
        self.on_bucket("DELETE FROM rate_limit WHERE bucket = $1", limit, key)
            .await
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

    /// Removes windows that ended more than a day ago.
    pub async fn purge_rate_limits(&self, now: i64) -> Result<u64, DbError> {
        let done = with_pool!(self, |pool| sqlx::query(
            "DELETE FROM rate_limit WHERE window_start < $1"
        )
        .bind(now - 86_400)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(done)
    }
}

fn bucket(limit: Limit, key: &str) -> String {
    let digest = Sha256::digest(format!("{}:{}", limit.name, key).as_bytes());
    super::hex(&digest)
}
