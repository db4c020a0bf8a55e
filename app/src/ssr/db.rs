//! The data store: one schema on two engines.
//!
//! SQLite is the zero-configuration default (a file under `data/`, WAL mode); PostgreSQL is used when
//! `DATABASE_URL` starts with `postgres://`. Each query is written once with `$1` placeholders (valid on
//! both) and runs through [`with_pool!`], which monomorphises it for each engine so native types
//! (dates, booleans, timestamps) decode correctly — `sqlx::Any` cannot do that, and the session store
//! needs a concrete pool anyway.
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::units::TerritorialUnit;

/// Runs `$body` with `$pool` bound to the concrete pool of either engine.
#[macro_export]
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::ssr::db::Db::Sqlite($pool) => $body,
            $crate::ssr::db::Db::Postgres($pool) => $body,
        }
    };
}

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported DATABASE_URL (expected sqlite:… or postgres://…)")]
    UnsupportedUrl,
    #[error("could not create the database directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("row not found")]
    NotFound,
    #[error("database error: {0}")]
    Query(sqlx::Error),
    /// A value the database returned could not be read (a bug, never the user's input).
    #[error("unreadable value from the database: {0}")]
    Decode(String),
}

impl From<sqlx::Error> for DbError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => DbError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                DbError::Unavailable(e)
            }
            other => DbError::Query(other),
        }
    }
}

/// Which engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Engine> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Engine::Postgres)
        } else if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else {
            None
        }
    }
}

impl Db {
    /// Opens a pool on `url`. For SQLite, creates the file and its directory when missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        match Engine::of_url(url).ok_or(DbError::UnsupportedUrl)? {
            Engine::Postgres => {
                let pool = PgPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect(url)
                    .await
                    .map_err(DbError::Unavailable)?;
                Ok(Db::Postgres(pool))
            }
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)
                    .map_err(|_| DbError::UnsupportedUrl)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
                    // Keep more pages per connection, and sort in memory. (A memory map was
                    // tried: every write that grows the file makes each connection remap it,
                    // which cost more than the reads it saved.)
                    .pragma("cache_size", "-16384")
                    .pragma("temp_store", "memory");
                let in_memory = url.contains(":memory:") || url.contains("mode=memory");
                if !in_memory
                    && let Some(dir) = options
                        .get_filename()
                        .parent()
                        .filter(|d| !d.as_os_str().is_empty())
                {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::Directory {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
                // An in-memory database exists once per connection: keep exactly one.
                let max = if in_memory { 1 } else { max_connections };
                let pool = SqlitePoolOptions::new()
                    .max_connections(max)
                    // sqlx pings every connection it hands out by default, to catch a server
                    // that hung up. A SQLite connection is a file in this process: it cannot
                    // hang up, and each ping is one more hop to the connection's thread and back
                    // (measured under load: a third of the hops of a search).
                    .test_before_acquire(false)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(options)
                    .await
                    .map_err(DbError::Unavailable)?;
                Ok(Db::Sqlite(pool))
            }
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// Applies the migrations of this engine (`migrations/sqlite` or `migrations/postgres`; same
    /// version numbers, same tables). Idempotent.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Refreshes the query planner's statistics after a bulk load. On SQLite, only the per-index
    /// summaries are kept (`sqlite_stat1`): with the value samples of `sqlite_stat4`, SQLite
    /// compiles a statement again whenever a bound value that could change its plan changes (a
    /// session's expiry time, a person's id), and every request paid for compiling its queries
    /// again — a fifth of the server's time under load. Plans from `sqlite_stat1` are stable.
    pub async fn refresh_statistics(&self) -> Result<(), DbError> {
        match self {
            Db::Postgres(pool) => {
                sqlx::query("ANALYZE").execute(pool).await?;
            }
            Db::Sqlite(pool) => {
                sqlx::raw_sql("ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// `SELECT 1`: is the database reachable right now?
    pub async fn ping(&self) -> Result<(), DbError> {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))?;
        Ok(())
    }

    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }

    /// Territorial units whose search key contains `key` (already folded by `text::search_key`).
    pub async fn list_units(&self, key: &str) -> Result<Vec<TerritorialUnit>, DbError> {
        const SQL: &str = "SELECT code, name, spie_active, spie_since FROM territorial_unit \
                           WHERE search_key LIKE '%' || $1 || '%' ORDER BY name";
        let pattern = escape_like(key);
        let rows: Vec<UnitRow> = with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(&pattern)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

/// `%` and `_` typed by a user are literal characters, not wildcards. Search keys contain only
/// letters, digits and spaces, so removing them is enough.
fn escape_like(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '%' && *c != '_' && *c != '\\')
        .collect()
}

#[derive(sqlx::FromRow)]
struct UnitRow {
    code: String,
    name: String,
    spie_active: bool,
    spie_since: Option<time::Date>,
}

impl From<UnitRow> for TerritorialUnit {
    fn from(r: UnitRow) -> Self {
        TerritorialUnit {
            code: r.code,
            name: r.name,
            spie_active: r.spie_active,
            spie_since: r.spie_since.map(|d| d.to_string()),
        }
    }
}
