//! Work that runs beside the web server: scheduled messages, message delivery and clean-ups. Every task is safe to run
//! on several servers at once (the database arbitrates).
use app::ssr::AppState;

/// How often the retention register is applied (README, "Personal data").
const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

pub fn spawn(state: &AppState) {
    let db = state.db.clone();
    tokio::spawn(async move {
        // First a few minutes after start (not on the start's critical path), then every day.
        tokio::time::sleep(std::time::Duration::from_secs(300)).await;
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            match db.purge(app::ssr::clock::now(), false).await {
                Ok(r) => tracing::info!(report = ?r, "retention purge"),
                Err(e) => tracing::error!(error = %e, "retention purge"),
            }
        }
    });
    tokio::spawn(app::ssr::outbox::run_worker(
        state.db.clone(),
        state.config.senders.clone(),
        state.config.worker_lease,
    ));
    tokio::spawn(app::ssr::jobs::run_worker(
        state.db.clone(),
        state.config.public_url.clone(),
        state.config.worker_lease,
    ));
    tokio::spawn(crate::sessions::purge_expired(state.db.clone()));
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = app::ssr::clock::unix(app::ssr::clock::now());
            if let Err(e) = db.purge_rate_limits(now, false).await {
                tracing::error!(error = %e, "rate-limit clean-up");
            }
            if let Err(e) = db.reap_import_jobs().await {
                tracing::error!(error = %e, "import jobs clean-up");
            }
        }
    });
}
