//! Security headers that depend on the page being rendered.
use leptos::prelude::*;

/// Sets the Content-Security-Policy of an HTML page.
///
/// Leptos writes a few inline scripts (the hydration bootstrap and the serialised resources); each
/// carries the per-response nonce that `leptos_axum` generates, so the policy allows exactly those
/// and nothing else inline. `'wasm-unsafe-eval'` lets the browser compile our wasm module without
/// allowing `eval` of JavaScript. No third-party origin is allowed anywhere.
pub fn set_content_security_policy() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let policy = content_security_policy(&nonce);
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The policy for a page whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}
