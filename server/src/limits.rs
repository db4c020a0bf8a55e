//! What every request and answer goes through, whatever handled it: bodies over the size limit
//! get 413 before anything reads them, errors of the server-function machinery (a missing or
//! malformed field) keep the 4xx status their error carries instead of a 500, and every 429 or 503
//! tells the client when to come back (`Retry-After`).
use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::Response,
};

use app::error::AppError;

/// The largest body accepted, except the new-entrant file upload: [`crate::transfers`] limits it
/// itself and answers the form with a French page ("Le fichier dépasse 10 Mo").
pub const MAX_BODY_BYTES: u64 = 2 * 1024 * 1024;
const UPLOAD_PATH: &str = "/agent/import";

/// When to come back after a 503 (the queue of password checks, the database out of reach): a few
/// seconds, the time a queue takes to empty.
pub const RETRY_AFTER_UNAVAILABLE_SECS: u64 = 5;
/// After a 429 that did not say (every limit of ours says; this is a safety net).
const RETRY_AFTER_LIMITED_SECS: u64 = 60;

/// An error answer's body is small; a larger one is not ours and is left as it is.
const ERROR_BODY_MAX: usize = 64 * 1024;

pub async fn answers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let limit = MAX_BODY_BYTES;
    let checked = path != UPLOAD_PATH;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let too_large = || {
        tracing::warn!(path = %path, bytes = declared, "request body too large");
        app::ssr::error::json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &format!(
                "Ce que vous envoyez est trop volumineux ({} Mo au plus).",
                limit / (1024 * 1024)
            ),
            &[],
        )
    };
    if checked && declared.is_some_and(|n| n > limit) {
        return too_large();
    }
    // A body sent without its length (chunked) is read here, up to the limit, so that going over
    // it is a 413 too rather than an error inside whatever reads it.
    let has_body = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD | axum::http::Method::OPTIONS
    );
    let req = if checked && declared.is_none() && has_body {
        let (parts, body) = req.into_parts();
        match axum::body::to_bytes(body, limit as usize).await {
            Ok(bytes) => Request::from_parts(parts, Body::from(bytes)),
            Err(_) => return too_large(),
        }
    } else {
        req
    };
    let mut res = next.run(req).await;
    // Server functions (`/api/…`, not the partner API which answers its own errors): the
    // machinery answers 500 for an error raised before the function runs, whatever the error.
    if res.status() == StatusCode::INTERNAL_SERVER_ERROR
        && path.starts_with("/api/")
        && !path.starts_with("/api/v1/")
    {
        res = with_status_of_its_error(res).await;
    }
    let default_wait = match res.status() {
        StatusCode::TOO_MANY_REQUESTS => Some(RETRY_AFTER_LIMITED_SECS),
        StatusCode::SERVICE_UNAVAILABLE => Some(RETRY_AFTER_UNAVAILABLE_SECS),
        _ => None,
    };
    if let Some(secs) = default_wait
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}

/// Reads a 500's body: when it is one of our errors whose status is not 500, answers that status.
async fn with_status_of_its_error(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, ERROR_BODY_MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(error.status())
    {
        parts.status = status;
    }
    Response::from_parts(parts, Body::from(bytes))
}
