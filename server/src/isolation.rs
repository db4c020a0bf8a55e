//! Keeping requests apart: a request id, no reactive state shared between requests, and a panic
//! answered with a 500 instead of a dropped connection.
//!
//! Why the reactive owner is cleared: Leptos keeps "the current reactive owner" in a thread-local.
//! Rendering a page (`leptos_integration_utils::build_response`) sets it to the page's root owner
//! and never unsets it; a server function (`leptos_axum::handle_server_fns_inner`) creates its owner
//! with `Owner::new()`, which adopts whatever owner the thread holds as its parent. So a server
//! function served on a worker thread that just rendered someone else's page became a reactive child
//! of that page: a context it did not provide itself was looked up in the other request (the
//! per-request user cache of the time answered with the other person's identity), and the other
//! page's clean-up emptied its contexts mid-flight ("expected context of type AppState", the panic
//! seen under load). A panic inside `Owner::with` also leaves the thread-local pointing at the
//! panicking request's owner, which a cancelled page keeps alive. Clearing the thread-local around
//! every poll of every request makes each request's owner a root of its own; identity no longer
//! lives in reactive contexts at all (see `app::ssr::auth::Identity`).
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, Response, StatusCode, header},
    middleware::Next,
    response::IntoResponse,
};
use futures_util::FutureExt;
use leptos::prelude::Owner;
use tracing::Instrument;

/// A short id for one request, shown on error pages and written in every log line of the request.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// Gives the request an id (`X-Request-Id` on the answer): the process's start time and a counter,
/// unique across the servers of a deployment in practice and cheap to make.
pub async fn request_id(mut req: Request, next: Next) -> Response<Body> {
    static PREFIX: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let prefix = PREFIX.get_or_init(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        format!("{:x}{:x}", secs & 0xff_ffff, std::process::id() & 0xfff)
    });
    let id = format!("{prefix}-{:x}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Runs the rest of the stack in a task of its own, with no reactive owner left on the thread by
/// another request.
///
/// A task of its own: a visitor who leaves (a phone changing page, a closed tab) drops the
/// connection, and with it whatever future is answering. A Leptos page dropped half-way leaves its
/// reactive graph half disposed while effects it spawned still run and touch it (they then panic
/// on "disposed" signals). Run to completion in a spawned task, the page finishes and is cleaned up
/// as usual, and its answer is simply not sent.
pub async fn isolate_reactive_owner(req: Request, next: Next) -> Response<Body> {
    let id = req.extensions().get::<RequestId>().cloned();
    // The task keeps the request's span, so its log lines carry the request id.
    let task = Isolated(Box::pin(next.run(req))).instrument(tracing::Span::current());
    match tokio::spawn(task).await {
        Ok(res) => res,
        Err(e) => {
            // Panics are caught inside (`panic_is_a_500`); this is a runtime shutting down.
            tracing::error!(error = %e, "request task ended early");
            internal_error(id.as_ref().map(|r| r.0.as_str()).unwrap_or("-"), true)
        }
    }
}

struct Isolated<F>(Pin<Box<F>>);

impl<F: Future> Future for Isolated<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        forget_current_owner();
        let out = self.0.as_mut().poll(cx);
        forget_current_owner();
        out
    }
}

fn forget_current_owner() {
    if let Some(owner) = Owner::current() {
        owner.unset();
    }
}

/// A panic while answering becomes a 500 with a plain-French page (or JSON for the API and server
/// functions) carrying the request id; the panic itself is logged once, by the panic hook
/// ([`crate::telemetry`]), inside the request's span. Other requests are unaffected.
pub async fn panic_is_a_500(req: Request, next: Next) -> Response<Body> {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| "-".to_string());
    let wants_json = req.uri().path().starts_with("/api/")
        || req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|a| a.contains("application/json") && !a.contains("text/html"));
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(_) => internal_error(&id, wants_json),
    }
}

fn internal_error(id: &str, json: bool) -> Response<Body> {
    let message = app::error::AppError::Internal.to_string();
    let mut res = if json {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(serde_json::json!({
                "code": "internal",
                "message": message,
                "request_id": id,
            })),
        )
            .into_response()
    } else {
        let css = crate::assets::stylesheet_href("passerelle");
        let page = format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Erreur — Passerelle</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
             <body><main id=\"contenu\" class=\"container\"><h1>Une erreur est survenue</h1>\
             <p>{message}</p><p>Si le problème continue, appelez le 02 76 51 63 40 et donnez ce numéro : \
             <strong>{id}</strong>.</p><p><a href=\"/\">Revenir à l'accueil</a></p></main></body></html>"
        );
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
