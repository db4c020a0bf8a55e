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
pub const AUDIT: Duration = Duration::days(5 * 365 + 1);

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
     AND NOT EXISTS (SELECT 1 FROM inbox_message m WHERE m.beneficiary_id = b.beneficiary_id AND m.created_at >= $1) \
     ORDER BY b.beneficiary_id";

impl Db {
    /// Applies the retention register at `now` (see the module's text); with `dry_run`, counts
    /// only.
    pub async fn purge(&self, now: OffsetDateTime, dry_run: bool) -> Result<PurgeReport, DbError> {
        let mut report = PurgeReport::default();
        // People, with what was sent to them (the rest goes with them: ON DELETE CASCADE).
        let people: Vec<i64> = with_pool!(self, |pool| sqlx::query_scalar(INACTIVE_PEOPLE)
            .bind(now - PEOPLE_INACTIVE)
            .fetch_all(pool)
            .await)?;
        report.people = people.len() as u64;
        if !dry_run {
            for chunk in people.chunks(CHUNK) {
                self.delete_people(chunk).await?;
            }
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
                now - AUDIT,
                dry_run,
            )
            .await?;
        report.rate_limits = if dry_run {
            self.count(
                "SELECT COUNT(*) FROM rate_limit WHERE window_start <= $1",
                now.unix_timestamp() - super::ratelimit::CODE_FAILURES_PER_DAY.window_secs,
            )
            .await?
        } else {
            self.purge_rate_limits(now.unix_timestamp()).await?
        };
        report.sessions = self.expired_sessions(dry_run).await?;
        Ok(report)
    }

    /// Deletes people and the messages sent to them, in one transaction.
    async fn delete_people(&self, ids: &[i64]) -> Result<(), DbError> {
        with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                for table in ["outbox_message", "beneficiary"] {
                    let mut q = sqlx::QueryBuilder::new(format!(
                        "DELETE FROM {table} WHERE beneficiary_id IN ("
                    ));
                    let mut sep = q.separated(", ");
                    for id in ids {
                        sep.push_bind(*id);
                    }
                    q.push(")");
                    q.build().execute(&mut *tx).await?;
                }
                tx.commit().await
            }
            .await
        })?;
        Ok(())
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

    async fn count(&self, sql: &str, arg: i64) -> Result<u64, DbError> {
        Ok(with_pool!(self, |pool| sqlx::query_scalar::<_, i64>(sql)
            .bind(arg)
            .fetch_one(pool)
            .await)? as u64)
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
