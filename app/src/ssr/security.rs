//! Security headers that depend on the page being rendered.
use leptos::prelude::*;

/// Sets the Content-Security-Policy of an HTML page.
///
/// Leptos writes a few inline scripts (the hydration bootstrap and the serialised resources); each
/// carries the per-response nonce that `leptos_axum` generates, so the policy allows exactly those
/// and nothing else inline. `'wasm-unsafe-eval'` lets the browser compile our wasm module without
/// allowing `eval` of JavaScript. No third-party origin is allowed anywhere, except as a form's
/// destination: signing out of a FranceConnect or ProConnect session is a form post that the
/// server answers with a redirect to the provider, and browsers hold redirects after a form post
/// to `form-action` too.
pub fn set_content_security_policy() {
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce()
        .map(|n| n.to_string())
        .unwrap_or_default();
    let providers = use_context::<super::AppState>()
        .map(|s| s.config.oidc.origins())
        .unwrap_or_default();
    let policy = content_security_policy(&nonce, &providers);
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The policy for a page whose inline scripts carry `nonce`; forms may also lead to
/// `form_targets` (origins).
pub fn content_security_policy(nonce: &str, form_targets: &[String]) -> String {
    let targets: String = form_targets.iter().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'{targets}; frame-ancestors 'none'"
    )
}
