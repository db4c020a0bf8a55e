//! The audit trail: who did what, when, to which file. Rows are only ever inserted (the database
//! refuses updates and deletes), in the same transaction as the change they describe.
use serde_json::Value;

use super::db::{Db, DbError};
use crate::with_pool;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Beneficiary(i64),
    Staff(i64),
    Partner(i64),
    System,
}

impl Actor {
    pub fn kind(self) -> &'static str {
        match self {
            Actor::Anonymous => "anonymous",
            Actor::Beneficiary(_) => "beneficiary",
            Actor::Staff(_) => "staff",
            Actor::Partner(_) => "partner",
            Actor::System => "system",
        }
    }

    pub fn id(self) -> Option<i64> {
        match self {
            Actor::Beneficiary(id) | Actor::Staff(id) | Actor::Partner(id) => Some(id),
            Actor::Anonymous | Actor::System => None,
        }
    }
}

/// One audit row. `action` is a stable code (`sign_in`, `view_file`, `record_decision`…);
/// `detail` holds before/after values or reasons, never a password or a code.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub actor: Actor,
    pub action: &'static str,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
    pub beneficiary_id: Option<i64>,
    pub unit_code: Option<String>,
    pub detail: Value,
}

impl AuditEntry {
    pub fn new(actor: Actor, action: &'static str) -> AuditEntry {
        AuditEntry {
            actor,
            action,
            target_kind: None,
            target_id: None,
            beneficiary_id: None,
            unit_code: None,
            detail: Value::Object(Default::default()),
        }
    }

    pub fn beneficiary(mut self, id: i64, unit: &str) -> Self {
        self.beneficiary_id = Some(id);
        self.unit_code = Some(unit.to_string());
        self
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_kind = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn detail(mut self, detail: Value) -> Self {
        self.detail = detail;
        self
    }
}

/// Inserts an audit row with any executor (a pool or an open transaction) of either engine.
/// A macro rather than a function: each engine's arm of `with_pool!` gets its own concrete types.
#[macro_export]
macro_rules! insert_audit {
    ($exec:expr, $entry:expr, $now:expr) => {{
        let e: &$crate::ssr::audit::AuditEntry = &$entry;
        sqlx::query(
            "INSERT INTO audit_event (occurred_at, actor_kind, actor_id, action, target_kind, target_id, \
             beneficiary_id, unit_code, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($now)
        .bind(e.actor.kind())
        .bind(e.actor.id())
        .bind(e.action)
        .bind(e.target_kind)
        .bind(e.target_id.as_deref())
        .bind(e.beneficiary_id)
        .bind(e.unit_code.as_deref())
        .bind(e.detail.to_string())
        .execute($exec)
        .await
        .map(|r| r.rows_affected())
    }};
}

/// An audit row as read back (for the tests and for the staff history view).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditRow {
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub beneficiary_id: Option<i64>,
    pub unit_code: Option<String>,
    pub detail: String,
}

impl Db {
    /// Records an event that changes nothing else (a sign-in, a file opened).
    pub async fn audit(&self, entry: AuditEntry) -> Result<(), DbError> {
        let now = super::clock::now();
        with_pool!(self, |pool| insert_audit!(pool, entry, now))?;
        Ok(())
    }

    /// The most recent audit rows, newest first.
    pub async fn recent_audit(&self, limit: i64) -> Result<Vec<AuditRow>, DbError> {
        const SQL: &str = "SELECT actor_kind, actor_id, action, target_kind, target_id, beneficiary_id, unit_code, \
                           detail FROM audit_event ORDER BY audit_id DESC LIMIT $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }
}
