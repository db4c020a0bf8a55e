//! The server side of [`crate::forms`]: redirects and flashes for forms posted without JavaScript.
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use super::auth::{session, session_error};
use crate::error::AppError;
use crate::forms::Flash;

pub const SESSION_FLASH: &str = "flash";

/// Whether this request is a form posted by a browser without JavaScript (it accepts HTML),
/// rather than a call from the hydrated app (which asks for JSON).
pub fn is_plain_form_post() -> bool {
    use_context::<Parts>().is_some_and(|p| {
        p.method == Method::POST
            && p.headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// The path (and query) of the page the form was on, if it is one of ours.
fn referer_path() -> Option<String> {
    let parts = use_context::<Parts>()?;
    let referer = parts.headers.get(header::REFERER)?.to_str().ok()?;
    // Keep only the path: an absolute URL is reduced to it, so we never redirect off-site.
    let path = match referer.find("://") {
        Some(i) => {
            let rest = &referer[i + 3..];
            &rest[rest.find('/').unwrap_or(rest.len())..]
        }
        None => referer,
    };
    let path = path.split('#').next().unwrap_or("/");
    (path.starts_with('/') && !path.starts_with("//")).then(|| path.to_string())
}

/// Ends a form's server function.
///
/// - Success: redirects to `success_to` when given (the hydrated app follows the redirect too).
/// - Error, no JavaScript: keeps the error and `values` in the session and sends the browser back to
///   the form (303), which shows them.
/// - Error, hydrated app: the error goes back as the answer, with its HTTP status.
pub async fn finish<T>(
    result: Result<T, AppError>,
    form: &str,
    values: &[(&str, &str)],
    success_to: Option<&str>,
) -> Result<T, AppError> {
    match &result {
        Ok(_) => {
            if let Some(url) = success_to {
                leptos_axum::redirect(url);
            }
            result
        }
        Err(error) if is_plain_form_post() => {
            let flash = Flash {
                form: form.to_string(),
                error: error.clone(),
                values: values
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            };
            if let Ok(s) = session().await {
                let _ = s.insert(SESSION_FLASH, flash).await;
            }
            // Back to the form's error summary, not the top of the page (`FormAlert`).
            let back = format!(
                "{}#erreur-{form}",
                referer_path().unwrap_or_else(|| "/".to_string())
            );
            if let (Some(options), Ok(location)) = (
                use_context::<ResponseOptions>(),
                HeaderValue::from_str(&back),
            ) {
                options.set_status(StatusCode::SEE_OTHER);
                options.insert_header(header::LOCATION, location);
            }
            result
        }
        Err(_) => super::respond(result),
    }
}

/// The session key of the one-time confirmation shown after a staff save.
pub const SESSION_NOTICE: &str = "notice";

/// Keeps a confirmation for the next page view ("Rendez-vous enregistré, SMS envoyé au…").
pub async fn set_notice(text: String) {
    if let Ok(s) = session().await {
        let _ = s.insert(SESSION_NOTICE, text).await;
    }
}

/// Takes the confirmation out of the session (it is shown once).
pub async fn take_notice() -> Result<Option<String>, AppError> {
    take_once(SESSION_NOTICE).await
}

/// Takes the flash out of the session (it is shown once).
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    take_once(SESSION_FLASH).await
}

/// Takes a value out of the session: it is shown once. Removing marks a session as changed (and so
/// written back to the database), so it is read first: a page view without it writes nothing.
pub async fn take_once<T: serde::de::DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    let s = session().await?;
    let value: Option<T> = s.get(key).await.map_err(session_error)?;
    if value.is_some() {
        s.remove::<serde_json::Value>(key)
            .await
            .map_err(session_error)?;
    }
    Ok(value)
}
