//! The one place where server-side errors become [`AppError`]: the cause is logged here, once, and
//! only a safe code and French message go to the browser.
use crate::error::AppError;

use super::db::DbError;

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound,
            DbError::Unavailable(ref cause) => {
                tracing::error!(error = %cause, "database unavailable");
                AppError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "database error");
                AppError::Internal
            }
        }
    }
}

/// Ends every server function: an error sets the HTTP status given by [`AppError::status`]
/// (the server-function machinery would answer 500 for all of them). During server rendering the
/// status applies to the page, which is what a person following a link to a missing file should get.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result
        && let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
    {
        let status = axum::http::StatusCode::from_u16(e.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        options.set_status(status);
    }
    result
}
