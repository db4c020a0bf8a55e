//! What a page shows when its data cannot be shown: sign in first, no access, not found, or a
//! plain error — in French, with a way forward.
use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::error::AppError;

/// The error's message in the page's language (French on staff pages). A refusal carries its own
/// message, written by the server in French (staff actions).
pub fn message(error: &AppError) -> String {
    let l = crate::lang::locale();
    match error {
        AppError::NotFound => td_string!(l, errors.app_not_found).to_string(),
        AppError::Unauthenticated => td_string!(l, errors.app_unauthenticated).to_string(),
        AppError::Forbidden => td_string!(l, errors.app_forbidden).to_string(),
        AppError::Invalid { .. } => td_string!(l, errors.app_invalid).to_string(),
        AppError::RateLimited { retry_after_secs } => crate::lang::plural_of(
            crate::lang::current(),
            &td_string!(l, errors.app_rate_limited, minutes = "{{ minutes }}"),
            "minutes",
            retry_after_secs.div_ceil(60),
        ),
        AppError::Conflict => td_string!(l, errors.app_conflict).to_string(),
        AppError::BadOrigin => td_string!(l, errors.app_bad_origin).to_string(),
        AppError::Unavailable => td_string!(l, errors.app_unavailable).to_string(),
        AppError::Internal => td_string!(l, errors.app_internal).to_string(),
        AppError::Network => td_string!(l, errors.app_network).to_string(),
        AppError::Refused { .. } => error.to_string(),
    }
}

#[component]
pub fn ErrorView(
    error: AppError,
    #[prop(default = "/connexion")] sign_in: &'static str,
) -> impl IntoView {
    let l = crate::lang::locale();
    match error {
        AppError::Unauthenticated => view! {
            <div class="notice" role="alert">
                <p>{td_string!(l, errors.app_unauthenticated)}</p>
                <p><a class="button" href=sign_in>{td_string!(l, errors.app_sign_in)}</a></p>
            </div>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <div class="notice" role="alert">
                <p>{td_string!(l, errors.app_forbidden)}</p>
                <p><a href="/">{td_string!(l, errors.app_home)}</a></p>
            </div>
        }
        .into_any(),
        other => view! { <p class="error" role="alert">{message(&other)}</p> }.into_any(),
    }
}
