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

/// Consultations (a search, a file opened, a partner reading a pathway) are audited like changes,
/// but written in batches: one transaction every quarter of a second instead of one write per page
/// view, which under load cost a third of the staff search's throughput (SQLite takes one writer at
/// a time, and each commit empties the page cache of every other connection). Changes are never batched: they are audited in their own transaction. A consultation
/// is in the trail at most [`CONSULTATIONS_EVERY`] after it happened; a server killed in between
/// loses that moment's consultations, a stopped one writes them first (see [`Consultations::flush`]).
#[derive(Clone, Debug)]
pub struct Consultations {
    tx: tokio::sync::mpsc::Sender<Batched>,
}

/// How long a consultation may wait before it is written.
pub const CONSULTATIONS_EVERY: std::time::Duration = std::time::Duration::from_millis(250);
/// Consultations written in one transaction, at most.
const BATCH: usize = 256;
/// Consultations waiting, at most; past it, a request writes its own (it never drops one).
const QUEUE: usize = 8192;

#[derive(Debug)]
enum Batched {
    Entry(AuditEntry, time::OffsetDateTime),
    Flush(tokio::sync::oneshot::Sender<()>),
}

impl Consultations {
    /// Starts the writer (needs a tokio runtime).
    pub fn start(db: Db) -> Consultations {
        let (tx, rx) = tokio::sync::mpsc::channel(QUEUE);
        tokio::spawn(write_consultations(db, rx));
        Consultations { tx }
    }

    /// Records a consultation (waits only when the queue is full: then it writes it itself).
    pub async fn record(&self, db: &Db, entry: AuditEntry) -> Result<(), DbError> {
        match self.tx.try_send(Batched::Entry(entry, super::clock::now())) {
            Ok(()) => Ok(()),
            Err(tokio::sync::mpsc::error::TrySendError::Full(Batched::Entry(e, _)))
            | Err(tokio::sync::mpsc::error::TrySendError::Closed(Batched::Entry(e, _))) => {
                db.audit(e).await
            }
            Err(_) => Ok(()),
        }
    }

    /// Writes what is waiting, and returns once it is written (tests, shutdown).
    pub async fn flush(&self) {
        let (done, wait) = tokio::sync::oneshot::channel();
        if self.tx.send(Batched::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }
}

async fn write_consultations(db: Db, mut rx: tokio::sync::mpsc::Receiver<Batched>) {
    let mut pending: Vec<(AuditEntry, time::OffsetDateTime)> = Vec::new();
    loop {
        let Some(first) = rx.recv().await else { break };
        let mut flushed = Vec::new();
        let deadline = tokio::time::Instant::now() + CONSULTATIONS_EVERY;
        let mut next = Some(first);
        while let Some(msg) = next.take() {
            match msg {
                Batched::Entry(e, at) => pending.push((e, at)),
                Batched::Flush(done) => {
                    flushed.push(done);
                    break;
                }
            }
            if pending.len() >= BATCH {
                break;
            }
            next = match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some(m)) => Some(m),
                _ => None,
            };
        }
        if !pending.is_empty() {
            if let Err(e) = insert_batch(&db, &pending).await {
                tracing::error!(error = %e, rows = pending.len(), "consultations not written; writing one by one");
                for (entry, _) in pending.iter().cloned() {
                    if let Err(e) = db.audit(entry).await {
                        tracing::error!(error = %e, "consultation lost");
                    }
                }
            }
            pending.clear();
        }
        for done in flushed {
            let _ = done.send(());
        }
    }
}

async fn insert_batch(db: &Db, rows: &[(AuditEntry, time::OffsetDateTime)]) -> Result<(), DbError> {
    with_pool!(db, |pool| {
        async {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO audit_event (occurred_at, actor_kind, actor_id, action, target_kind, target_id, \
                 beneficiary_id, unit_code, detail) ",
            );
            q.push_values(rows, |mut b, (e, at)| {
                b.push_bind(*at)
                    .push_bind(e.actor.kind())
                    .push_bind(e.actor.id())
                    .push_bind(e.action)
                    .push_bind(e.target_kind)
                    .push_bind(e.target_id.clone())
                    .push_bind(e.beneficiary_id)
                    .push_bind(e.unit_code.clone())
                    .push_bind(e.detail.to_string());
            });
            q.build().execute(pool).await.map(|_| ())
        }
        .await
    })?;
    Ok(())
}
