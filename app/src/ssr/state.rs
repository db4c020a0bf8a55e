//! What every request handler and server function can reach.
use leptos::prelude::LeptosOptions;

use super::config::AppConfig;
use super::db::Db;

/// Shared, cheap to clone (pools and senders are reference-counted). Holds nothing another server
/// would need: sessions and state live in the database, so several servers can run behind one
/// PostgreSQL.
#[derive(Clone, axum::extract::FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: AppConfig,
    /// Consultations (searches, files opened) are audited in batches.
    pub consultations: super::audit::Consultations,
}

impl AppState {
    /// Audits a consultation (see [`super::audit::Consultations`]).
    pub async fn consulted(&self, entry: super::audit::AuditEntry) -> Result<(), super::DbError> {
        self.consultations.record(&self.db, entry).await
    }
}
