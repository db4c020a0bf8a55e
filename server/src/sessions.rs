//! Sessions: tower-sessions with its sqlx store on the application's own database, so every server
//! behind the load balancer sees the same sessions.
use app::ssr::{Db, DbError, auth::IDLE_MINUTES};
use axum::Router;
use tower_sessions::{
    Expiry, SessionManagerLayer,
    cookie::{SameSite, time::Duration},
};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// The cookie's name: no framework name, nothing to fingerprint.
pub const COOKIE_NAME: &str = "passerelle";

/// Creates the session table when missing.
pub async fn migrate_store(db: &Db) -> Result<(), DbError> {
    let result = match db {
        Db::Sqlite(pool) => SqliteStore::new(pool.clone()).migrate().await,
        Db::Postgres(pool) => PostgresStore::new(pool.clone()).migrate().await,
    };
    result.map_err(DbError::Query)
}

/// Adds the session layer to `router`: `HttpOnly`, `SameSite=Lax`, `Secure` behind HTTPS, expiring
/// after [`IDLE_MINUTES`] without activity (the absolute limit is checked on each request).
pub fn layer<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    db: &Db,
    https: bool,
) -> Router<S> {
    fn configure<T: tower_sessions::SessionStore + Clone>(
        store: T,
        https: bool,
    ) -> SessionManagerLayer<T> {
        SessionManagerLayer::new(store)
            .with_name(COOKIE_NAME)
            .with_http_only(true)
            .with_same_site(SameSite::Lax)
            .with_secure(https)
            .with_path("/")
            .with_expiry(Expiry::OnInactivity(Duration::minutes(IDLE_MINUTES)))
    }
    match db {
        Db::Sqlite(pool) => router.layer(configure(SqliteStore::new(pool.clone()), https)),
        Db::Postgres(pool) => router.layer(configure(PostgresStore::new(pool.clone()), https)),
    }
}

/// Deletes expired sessions now and then (the store also ignores them when read).
pub async fn purge_expired(db: Db) {
    use tower_sessions::ExpiredDeletion;
    let period = std::time::Duration::from_secs(600);
    let result = match db {
        Db::Sqlite(pool) => {
            SqliteStore::new(pool)
                .continuously_delete_expired(period)
                .await
        }
        Db::Postgres(pool) => {
            PostgresStore::new(pool)
                .continuously_delete_expired(period)
                .await
        }
    };
    if let Err(e) = result {
        tracing::error!(error = %e, "session clean-up stopped");
    }
}
