//! The few things islands ask of the browser; on the server they do nothing.

/// Marks the page as interactive once an island is hydrated (browser tests and CSS use
/// `body[data-hydrated]`).
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// Replaces the page's address without loading a page: the answers typed stay in the address
/// (to share, bookmark or reopen), without a history entry per key pressed.
pub fn replace_address(_url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(_url));
    }
}
