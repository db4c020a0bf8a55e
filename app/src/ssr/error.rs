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
        if let AppError::RateLimited { retry_after_secs } = e {
            options.insert_header(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after_secs),
            );
        }
    }
    result
}

/// The JSON body of every error answered outside Leptos (partner API, file transfers, request
/// extractors): a stable `code`, a French `message`, and for `invalid` one message per field.
pub fn json_error(
    status: axum::http::StatusCode,
    code: &str,
    message: &str,
    fields: &[crate::error::FieldError],
) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let body = serde_json::json!({
        "code": code,
        "message": message,
        "fields": fields,
    });
    let mut res = (status, axum::Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    res
}

impl AppError {
    /// The stable code of this error (`not_found`, `invalid`, …), as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Invalid { .. } => "invalid",
            AppError::RateLimited { .. } => "rate_limited",
            AppError::Refused { .. } => "refused",
            AppError::Conflict => "conflict",
            AppError::BadOrigin => "bad_origin",
            AppError::Unavailable => "unavailable",
            AppError::Internal => "internal",
            AppError::Network => "network",
        }
    }
}

impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let (message, fields) = match &self {
            AppError::Invalid { fields } if !fields.is_empty() => {
                (fields[0].message.clone(), fields.as_slice())
            }
            other => (other.to_string(), &[][..]),
        };
        let mut res = json_error(status, self.code(), &message, fields);
        if let AppError::RateLimited { retry_after_secs } = self
            && let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string())
        {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
        }
        res
    }
}
