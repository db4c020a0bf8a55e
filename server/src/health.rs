//! Probes for load balancers and orchestrators, JSON.
//! `/healthz`: the process answers. `/readyz`: the database answers too (503 otherwise).
use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::json;

use app::ssr::AppState;

pub async fn healthz() -> impl IntoResponse {
    Json(json!({ "status": "ok" }))
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let client_address = if state.config.trust_proxy {
        "x-forwarded-for"
    } else {
        "peer"
    };
    match state.db.ping().await {
        Ok(()) => {
            let mut body = json!({
                "status": "ok",
                "database": "ok",
                "client_address": client_address,
            });
            if crate::http::FORWARDED_BUT_UNTRUSTED.load(std::sync::atomic::Ordering::Relaxed) {
                body["warning"] = json!(
                    "X-Forwarded-For reçu alors que TRUST_PROXY=false : derrière un proxy, tous les \
                     clients comptent comme une seule adresse dans les limites (README, TRUST_PROXY)"
                );
            }
            (StatusCode::OK, Json(body))
        }
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
