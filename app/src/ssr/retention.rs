//! Personal data kept only as long as needed (GDPR art. 5-1-e): the retention register applied.
//!
//! | what | kept | then |
//! |---|---|---|
//! | a person's file (identity, contacts, pathway, appointments, messages with staff, jobs) | while active, and 2 years after the last activity (a change, an event, an appointment, a message, a sign-in) | deleted, with what was sent to them |
//! | text of sign-in codes sent (SMS, e-mail) and the codes' hashes | 24 hours | erased / deleted |
//! | text of the other messages sent (notices, reminders) | 3 months | erased (date, channel and status stay) |
//! | imported files | 30 days | erased (the import's counts and errors stay) |
//! | expired sessions, ended rate-limit windows | none | deleted |
//! | the audit trail (no free text in it) | 5 years | deleted (the database refuses any earlier delete) |
//!
//! [`Db::purge`] applies it, or only counts (`dry_run`); the server runs it every night and the
//! command `passerelle-server purge [--dry-run]` on demand. Every step is idempotent, so several
//! servers may run it at once.
use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::db::{Db, DbError};
use crate::with_pool;

/// The durations of the register above.
pub const PEOPLE_INACTIVE: Duration = Duration::days(2 * 365);
pub const SIGN_IN_CODES: Duration = Duration::hours(24);
pub const NOTICES: Duration = Duration::days(90);
pub const IMPORT_FILES: Duration = Duration::days(30);
/// The audit trail is kept 5 calendar years ([`audit_cutoff`]), as the database's trigger counts
/// them: a fixed number of days disagrees with it whenever the window holds two 29 Februarys.
pub const AUDIT_YEARS: i32 = 5;

/// The moment 5 calendar years before `now`: rows older than it may go. From a 29 February, the
/// 28th (PostgreSQL's answer; SQLite's, 1 March, is later, so its trigger allows the delete too).
pub fn audit_cutoff(now: OffsetDateTime) -> OffsetDateTime {
    let year = now.year() - AUDIT_YEARS;
    let date = now.date();
    let day = match time::Date::from_calendar_date(year, date.month(), date.day()) {
        Ok(d) => d,
        Err(_) => time::Date::from_calendar_date(year, date.month(), date.day() - 1)
            .expect("the 28th exists in every February"),
    };
    now.replace_date(day)
}

/// What a purge deleted or erased (or would, in a dry run).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    pub people: u64,
    pub code_messages: u64,
    pub sign_in_codes: u64,
    pub notice_messages: u64,
    pub import_files: u64,
    pub sessions: u64,
    pub rate_limits: u64,
    pub audit_rows: u64,
}

/// People at most this many per statement.
const CHUNK: usize = 500;

/// Inactive for 2 years: no change, event, appointment, message or sign-in since `$1`.
const INACTIVE_PEOPLE: &str = "SELECT b.beneficiary_id FROM beneficiary b \
     WHERE b.updated_at < $1 AND (b.last_sign_in_at IS NULL OR b.last_sign_in_at < $1) \
     AND NOT EXISTS (SELECT 1 FROM pathway_event e WHERE e.beneficiary_id = b.beneficiary_id AND e.recorded_at >= $1) \
     AND NOT EXISTS (SELECT 1 FROM appointment a WHERE a.beneficiary_id = b.beneficiary_id \
                     AND (a.starts_at >= $1 OR a.updated_at >= $1)) \
     AND NOT EXISTS (SELECT 1 FROM inbox_message m WHERE m.beneficiary_id = b.beneficiary_id AND m.created_at >= $1)";

impl Db {
    /// Applies the retention register at `now` (see the module's text); with `dry_run`, counts
    /// only.
    pub async fn purge(&self, now: OffsetDateTime, dry_run: bool) -> Result<PurgeReport, DbError> {
        let mut report = PurgeReport::default();
        // People, with what was sent to them (the rest goes with them: ON DELETE CASCADE).
        let listing = format!("{INACTIVE_PEOPLE} ORDER BY b.beneficiary_id");
        let people: Vec<i64> = with_pool!(self, |pool| sqlx::query_scalar(&listing)
            .bind(now - PEOPLE_INACTIVE)
            .fetch_all(pool)
            .await)?;
        report.people = people.len() as u64;
        if !dry_run {
            let mut deleted = 0;
            for chunk in people.chunks(CHUNK) {
                deleted += self.delete_people(chunk, now - PEOPLE_INACTIVE).await?;
            }
            report.people = deleted;
        }
        // Message texts: sign-in codes after a day, the rest after 3 months (once sent or failed).
        const MESSAGES: &str = "kind = $1 AND created_at < $2 AND status IN ('sent', 'failed') \
             AND (body <> '' OR subject <> '')";
        const ERASE_TEXT: Option<&str> = Some("body = '', subject = ''");
        report.code_messages = self
            .count_or_run(
                "outbox_message",
                ERASE_TEXT,
                MESSAGES,
                Some("sign_in_code"),
                now - SIGN_IN_CODES,
                dry_run,
            )
            .await?;
        report.notice_messages = self
            .count_or_run(
                "outbox_message",
                ERASE_TEXT,
                MESSAGES,
                Some("notice"),
                now - NOTICES,
                dry_run,
            )
            .await?;
        report.sign_in_codes = self
            .count_or_run(
                "sign_in_code",
                None,
                "created_at < $1",
                None,
                now - SIGN_IN_CODES,
                dry_run,
            )
            .await?;
        // `''::bytea` is PostgreSQL's spelling of an empty blob; SQLite's is `X''`.
        let empty_blob = match self {
            Db::Sqlite(_) => "payload = X''",
            Db::Postgres(_) => "payload = ''::bytea",
        };
        report.import_files = self
            .count_or_run(
                "import_job",
                Some(empty_blob),
                "created_at < $1 AND status IN ('done', 'failed') AND length(payload) > 0",
                None,
                now - IMPORT_FILES,
                dry_run,
            )
            .await?;
        report.audit_rows = self
            .count_or_run(
                "audit_event",
                None,
                "occurred_at < $1",
                None,
                audit_cutoff(now),
                dry_run,
            )
            .await?;
        report.rate_limits = self
            .purge_rate_limits(now.unix_timestamp(), dry_run)
            .await?;
        report.sessions = self.expired_sessions(dry_run).await?;
        Ok(report)
    }

    /// Deletes people and the messages sent to them, in one transaction; each one only if still
    /// inactive since `since` (a person who signed in, or was written to, between the listing and
    /// this delete stays). Answers how many went.
    async fn delete_people(&self, ids: &[i64], since: OffsetDateTime) -> Result<u64, DbError> {
        let gone = with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                // The listing's test again, inside the delete (ids are integers: written as is).
                let ids = ids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let sql = format!(
                    "DELETE FROM beneficiary WHERE beneficiary_id IN \
                     ({INACTIVE_PEOPLE} AND b.beneficiary_id IN ({ids})) RETURNING beneficiary_id"
                );
                let gone: Vec<i64> = sqlx::query_scalar(&sql)
                    .bind(since)
                    .fetch_all(&mut *tx)
                    .await?;
                if !gone.is_empty() {
                    let mut q = sqlx::QueryBuilder::new(
                        "DELETE FROM outbox_message WHERE beneficiary_id IN (",
                    );
                    let mut sep = q.separated(", ");
                    for id in &gone {
                        sep.push_bind(*id);
                    }
                    q.push(")");
                    q.build().execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(gone.len() as u64)
            }
            .await
        })?;
        Ok(gone)
    }

    /// Counts the rows of `table` matching `filter` (dry run), or erases (`set`) or deletes them;
    /// `filter` binds `kind` (when given, as `$1`) and the cut-off (`$1`, or `$2` after a kind).
    async fn count_or_run(
        &self,
        table: &str,
        set: Option<&str>,
        filter: &str,
        kind: Option<&'static str>,
        cutoff: OffsetDateTime,
        dry_run: bool,
    ) -> Result<u64, DbError> {
        if dry_run {
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE {filter}");
            let n: i64 = with_pool!(self, |pool| {
                let q = sqlx::query_scalar(&sql);
                let q = match kind {
                    Some(k) => q.bind(k),
                    None => q,
                };
                q.bind(cutoff).fetch_one(pool).await
            })?;
            return Ok(n as u64);
        }
        let sql = match set {
            Some(set) => format!("UPDATE {table} SET {set} WHERE {filter}"),
            None => format!("DELETE FROM {table} WHERE {filter}"),
        };
        Ok(with_pool!(self, |pool| {
            let q = sqlx::query(&sql);
            let q = match kind {
                Some(k) => q.bind(k),
                None => q,
            };
            q.bind(cutoff)
                .execute(pool)
                .await
                .map(|r| r.rows_affected())
        })?)
    }

    /// Expired sessions (the session store's own tables), counted or deleted.
    async fn expired_sessions(&self, dry_run: bool) -> Result<u64, DbError> {
        let (from_where, verb) = match self {
            Db::Sqlite(_) => (
                "FROM tower_sessions WHERE datetime(expiry_date) < datetime('now')",
                "DELETE ",
            ),
            Db::Postgres(_) => (
                "FROM tower_sessions.session WHERE expiry_date < (now() AT TIME ZONE 'utc')",
                "DELETE ",
            ),
        };
        let sql = if dry_run {
            format!("SELECT COUNT(*) {from_where}")
        } else {
            format!("{verb}{from_where}")
        };
        if dry_run {
            Ok(with_pool!(self, |pool| sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(pool)
                .await)? as u64)
        } else {
            Ok(with_pool!(self, |pool| sqlx::query(&sql)
                .execute(pool)
                .await
                .map(|r| r.rows_affected()))?)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_audit_cutoff_counts_calendar_years_as_the_trigger_does() {
        assert_eq!(
            audit_cutoff(datetime!(2026-12-08 03:00 UTC)),
            datetime!(2021-12-08 03:00 UTC)
        );
        // The window holds two 29 Februarys (2024 and 2028): 1,827 days, not 1,826.
        assert_eq!(
            audit_cutoff(datetime!(2029-03-01 00:00 UTC)),
            datetime!(2024-03-01 00:00 UTC)
        );
        // From a 29 February: the 28th, no later than either engine's trigger.
        assert_eq!(
            audit_cutoff(datetime!(2028-02-29 12:00 UTC)),
            datetime!(2023-02-28 12:00 UTC)
        );
    }
}
