//! Passerelle's host: wires configuration, the database, the axum router and the Leptos app.
//! Thin by design: rules live in the `passerelle` crate, queries and pages in `app`.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod api;
pub mod assets;
pub mod background;
pub mod config;
pub mod demo;
pub mod health;
pub mod http;
pub mod ics;
pub mod isolation;
pub mod limits;
pub mod sessions;
pub mod telemetry;
pub mod transfers;

use app::ssr::{AppState, Db, DbError, config::AppConfig};
use leptos::prelude::LeptosOptions;

/// Leptos options for a site built under `site_root` (`target/site` by default).
pub fn leptos_options(site_root: &str) -> LeptosOptions {
    // Hashed file names when the build made them (see `assets`). Leptos joins `hash_file` to
    // the executable's folder: an absolute path stands for itself.
    let hash_file = assets::locate(site_root);
    LeptosOptions::builder()
        .output_name(std::env::var("LEPTOS_OUTPUT_NAME").unwrap_or_else(|_| "passerelle".into()))
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .hash_files(hash_file.is_some())
        .hash_file(std::sync::Arc::<str>::from(
            hash_file
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|| "hash.txt".into()),
        ))
        .build()
}

/// Connects to the database and brings its schema up to date (ours and the session store's).
pub async fn open_database(url: &str, max_connections: u32) -> Result<Db, DbError> {
    let db = Db::connect(url, max_connections).await?;
    db.migrate().await?;
    sessions::migrate_store(&db).await?;
    db.ensure_default_scheme().await?;
    Ok(db)
}

/// Builds the application state for a database and a site folder.
pub fn state(db: Db, site_root: &str, config: AppConfig) -> AppState {
    AppState {
        leptos_options: leptos_options(site_root),
        consultations: app::ssr::audit::Consultations::start(db.clone()),
        db,
        config,
    }
}
