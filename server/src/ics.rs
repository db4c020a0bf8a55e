//! `GET /mon-parcours/rendez-vous/{id}.ics`: the signed-in beneficiary's appointment as a calendar
//! file. Another person's appointment answers 404, like one that does not exist.
use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

use app::ssr::{
    AppState,
    auth::{CurrentUser, Identity},
};

pub async fn appointment(
    State(state): State<AppState>,
    identity: Identity,
    Path(file): Path<String>,
) -> Response {
    let Some(id) = file
        .strip_suffix(".ics")
        .and_then(|s| s.parse::<i64>().ok())
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let me = match identity.user().await {
        Ok(CurrentUser::Beneficiary(b)) => b,
        Ok(_) => return Redirect::to("/connexion").into_response(),
        Err(e) => {
            return (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.to_string(),
            )
                .into_response();
        }
    };
    match state.db.appointment_ics(me.beneficiary_id, id).await {
        Ok(Some(ics)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rendez-vous.ics\"",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            ics,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "appointment calendar file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
