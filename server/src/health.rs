//! Probes for load balancers and orchestrators, JSON.
//! `/healthz`: the process answers. `/readyz`: the database answers too (503 otherwise).
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use app::ssr::AppState;

pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
