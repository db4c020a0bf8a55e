//! The French 404 page, with the right HTTP status during server rendering.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::lang::locale;
use leptos_i18n::td_string;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    let l = locale();
    view! {
        <Title text=td_string!(l, not_found.title) />
        <h1>{td_string!(l, not_found.title)}</h1>
        <p>{td_string!(l, not_found.text)}</p>
        <p>
            <a href="/">{td_string!(l, not_found.home)}</a>
        </p>
    }
}
