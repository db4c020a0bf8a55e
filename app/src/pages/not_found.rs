//! The French 404 page, with the right HTTP status during server rendering.
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <Title text="Page introuvable" />
        <h1>"Page introuvable"</h1>
        <p>"La page demandée n'existe pas ou a été déplacée."</p>
        <p>
            <a href="/">"Revenir à l'accueil"</a>
        </p>
    }
}
