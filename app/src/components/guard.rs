//! What a page shows when its data cannot be shown: sign in first, no access, not found, or a
//! plain error — in French, with a way forward.
use leptos::prelude::*;

use crate::error::AppError;

#[component]
pub fn ErrorView(
    error: AppError,
    #[prop(default = "/connexion")] sign_in: &'static str,
) -> impl IntoView {
    match error {
        AppError::Unauthenticated => view! {
            <div class="notice" role="alert">
                <p>"Vous devez vous connecter pour voir cette page."</p>
                <p><a class="button" href=sign_in>"Me connecter"</a></p>
            </div>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <div class="notice" role="alert">
                <p>"Vous n'avez pas accès à cette page avec votre compte."</p>
                <p><a href="/">"Revenir à l'accueil"</a></p>
            </div>
        }
        .into_any(),
        other => view! { <p class="error" role="alert">{other.to_string()}</p> }.into_any(),
    }
}
