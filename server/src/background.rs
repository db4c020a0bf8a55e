//! Work that runs beside the web server: message delivery and clean-ups. Every task is safe to run
//! on several servers at once (the database arbitrates).
use app::ssr::AppState;

pub fn spawn(state: &AppState) {
    tokio::spawn(app::ssr::outbox::run_worker(
        state.db.clone(),
        state.config.senders.clone(),
    ));
    tokio::spawn(crate::sessions::purge_expired(state.db.clone()));
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = app::ssr::clock::unix(app::ssr::clock::now());
            if let Err(e) = db.purge_rate_limits(now).await {
                tracing::error!(error = %e, "rate-limit clean-up");
            }
            if let Err(e) = db.reap_import_jobs().await {
                tracing::error!(error = %e, "import jobs clean-up");
            }
        }
    });
}
