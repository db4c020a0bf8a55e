//! The axum router: Leptos pages and server functions, static files, health probes, and the layers
//! every response goes through (logging, compression, security headers).
use std::time::Duration;

use std::net::SocketAddr;

use axum::{
    Router,
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{HeaderName, HeaderValue, Method, Response, StatusCode, header},
    middleware::{self, Next},
    response::IntoResponse,
    routing::get,
};
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer, set_header::SetResponseHeaderLayer, trace::TraceLayer,
};
use tracing::{Span, info_span};

use app::ssr::{
    AppState,
    auth::{ClientIp, Identity},
    connect,
};

use crate::health;

/// The whole application as a router, ready to serve (or to call in tests with `oneshot`).
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };

    let https = state.config.https();
    let router = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(crate::api::routes())
        .merge(crate::transfers::routes())
        .route(
            "/mon-parcours/rendez-vous/{file}",
            get(crate::ics::appointment),
        )
        .route(
            "/connexion/franceconnect",
            get(connect::franceconnect_start),
        )
        .route(
            "/connexion/franceconnect/retour",
            get(connect::franceconnect_callback),
        )
        .route(
            "/agent/connexion/proconnect",
            get(connect::proconnect_start),
        )
        .route(
            "/agent/connexion/proconnect/retour",
            get(connect::proconnect_callback),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, app::shell));
    // Who is asking is bound to the request (inside the session layer, which it reads).
    let router = router
        .layer(middleware::from_fn_with_state(state.clone(), identity))
        .layer(middleware::from_fn_with_state(state.clone(), language));
    let router = crate::sessions::layer(router, &state.db, https)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            same_origin_only,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), client_ip))
        // A panic becomes a 500; around it, no request ever sees another's reactive owner.
        .layer(middleware::from_fn(crate::isolation::panic_is_a_500))
        .layer(middleware::from_fn(crate::assets::cache_control))
        .layer(middleware::from_fn(
            crate::isolation::isolate_reactive_owner,
        ))
        // Size limits, 4xx for malformed input, Retry-After: around everything that answers.
        .layer(middleware::from_fn(crate::limits::answers));
    let router = if https {
        // Behind HTTPS only: browsers then insist on HTTPS for a year.
        router.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router
        // Brotli's default level (11) costs milliseconds per page; level 4 compresses HTML nearly
        // as well for a fraction of the time. Static files are served precompressed anyway.
        .layer(CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(4)))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        // One line per request: method, path (never the query string, which may hold what a
        // person typed), status and latency, under the request's id.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request<Body>| {
                    let id = req
                        .extensions()
                        .get::<crate::isolation::RequestId>()
                        .map(|r| r.0.as_str())
                        .unwrap_or("-");
                    info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_request(())
                .on_response(|res: &Response<Body>, latency: Duration, _span: &Span| {
                    tracing::info!(
                        status = res.status().as_u16(),
                        latency_ms = latency.as_secs_f64() * 1000.0,
                        "response"
                    );
                }),
        )
        .layer(middleware::from_fn(crate::isolation::request_id))
        .with_state(state)
}

/// The application's routes, listed once per process.
///
/// Why once: listing them renders the whole app with resource loading switched off, and that
/// switch (`leptos::server::SuppressResourceLoad`) is one flag for the whole process. A page whose
/// resource first ran while another router was being built in the same process waited forever
/// (seen as rare hangs of the server tests, which build one router per test, on both engines).
/// Listed once, before any router exists, the switch can never be on while a page renders.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// Puts this request's [`Identity`] in its extensions: pages, server functions and handlers read
/// who is asking from there (looked up once, on first use).
async fn identity(
    State(state): State<AppState>,
    session: tower_sessions::Session,
    mut req: Request,
    next: Next,
) -> Response<Body> {
    let identity = Identity::new(session, state.db.clone());
    req.extensions_mut().insert(identity.clone());
    let mut res = next.run(req).await;
    identity.keep_alive().await;
    if identity.dropped_a_session() {
        // The session ended (expired, or the account was closed): the browser forgets the offline
        // copy of "Mon parcours" too — on a shared computer, the next person must not see it.
        res.headers_mut().insert(
            HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    res
}

/// Decides the language of the answer ([`app::lang::RequestLang`]): `?lang=` (remembered in a
/// cookie for a year), else that cookie, else `Accept-Language`, else French. Staff pages are
/// always French.
async fn language(State(state): State<AppState>, mut req: Request, next: Next) -> Response<Body> {
    use app::lang::{COOKIE, Lang, RequestLang, is_staff_path};
    use passerelle::lang::negotiate;
    let chosen = req
        .uri()
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|p| p.strip_prefix("lang="))
        .and_then(Lang::from_code);
    let kept = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .and_then(Lang::from_code);
    let browser = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate);
    let lang = if is_staff_path(req.uri().path()) {
        Lang::Fr
    } else {
        chosen.or(kept).or(browser).unwrap_or_default()
    };
    req.extensions_mut().insert(RequestLang(lang));
    let mut res = next.run(req).await;
    if let Some(chosen) = chosen.filter(|c| Some(*c) != kept) {
        let secure = if state.config.https() { "; Secure" } else { "" };
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            chosen.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    // The same page answers in several languages: caches must tell them apart. Only pages:
    // static files are the same in every language and stay cacheable as they are.
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_page {
        res.headers_mut().append(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie"),
        );
    }
    res
}

/// Set once a request arrives with `X-Forwarded-For` while `TRUST_PROXY` is off: a proxy is probably
/// in front, and every client then shares its address in the limits. `/readyz` says so.
pub static FORWARDED_BUT_UNTRUSTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Finds the client's address for rate limits: the peer's address, or, behind a trusted reverse
/// proxy, the last address it appended to `X-Forwarded-For` (earlier entries can be forged).
async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response<Body> {
    if !state.config.trust_proxy && req.headers().contains_key("x-forwarded-for") {
        FORWARDED_BUT_UNTRUSTED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let forwarded = state
        .config
        .trust_proxy
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    let ip = forwarded
        .or_else(|| {
            req.extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string());
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// Refuses state-changing requests that come from another site, on top of `SameSite` cookies:
/// the `Origin` header, when present, must be ours; otherwise `Sec-Fetch-Site` must not say
/// cross-site. Requests without either (non-browser clients) carry no ambient cookie risk.
/// The partner API (`/api/v1/`) authenticates with keys, not cookies, and is not checked here.
async fn same_origin_only(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response<Body> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe
        || req.uri().path().starts_with("/api/v1/")
        || is_same_origin(&req, state.config.public_url.as_deref())
    {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "cross-origin request refused");
    let message = app::error::AppError::BadOrigin.to_string();
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

fn is_same_origin(req: &Request, public_url: Option<&str>) -> bool {
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        return match public_url {
            // Scheme, host and port: `http://` is not the origin of an `https://` site.
            Some(url) => {
                let ours = url.trim_end_matches('/');
                let ours = match ours.find("://") {
                    Some(i) => match ours[i + 3..].find('/') {
                        Some(j) => &ours[..i + 3 + j],
                        None => ours,
                    },
                    None => ours,
                };
                origin.eq_ignore_ascii_case(ours)
            }
            // No public address (development): the host the browser asked.
            None => {
                let origin_host = origin.split("://").nth(1).unwrap_or("");
                headers
                    .get(header::HOST)
                    .and_then(|h| h.to_str().ok())
                    .is_some_and(|h| h.eq_ignore_ascii_case(origin_host))
            }
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}

/// Serves `router` on `listener` until Ctrl-C or SIGTERM, then finishes the requests in flight.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY, small responses wait for the peer's delayed ACK (~40 ms each).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_origin(origin: &str) -> Request {
        Request::post("/api/x")
            .header(header::ORIGIN, origin)
            .header(header::HOST, "passerelle.example.fr")
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn the_origin_must_match_scheme_host_and_port() {
        let url = Some("https://passerelle.example.fr/");
        assert!(is_same_origin(
            &with_origin("https://passerelle.example.fr"),
            url
        ));
        assert!(is_same_origin(
            &with_origin("HTTPS://Passerelle.example.fr"),
            url
        ));
        assert!(!is_same_origin(
            &with_origin("http://passerelle.example.fr"),
            url
        ));
        assert!(!is_same_origin(
            &with_origin("https://passerelle.example.fr:8443"),
            url
        ));
        assert!(!is_same_origin(&with_origin("https://evil.example"), url));
        assert!(is_same_origin(
            &with_origin("http://passerelle.example.fr"),
            None
        ));
    }
}
