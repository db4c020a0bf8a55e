//! Forms that work without JavaScript.
//!
//! With JavaScript, a form calls its server function and shows the answer in place. Without it, the
//! browser posts the form to the server function's URL; on success the server redirects to the next
//! page, on error it keeps the error and the values typed in a one-time "flash" in the session and
//! sends the browser back to the form, which shows them. [`FormState`] merges both paths so a page
//! renders its errors one way.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// An error and the values typed, kept for one page view after a form posted without JavaScript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub form: String,
    pub error: AppError,
    pub values: Vec<(String, String)>,
}

impl Flash {
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Takes the flash left by the last form posted without JavaScript, if any (it is shown once).
#[server(endpoint = "flash")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    crate::ssr::respond(crate::ssr::forms::take_flash().await)
}

/// Takes the confirmation of the last staff save, if any (it is shown once).
#[server(endpoint = "avis")]
pub async fn take_notice() -> Result<Option<String>, AppError> {
    crate::ssr::respond(crate::ssr::forms::take_notice().await)
}

/// The page's flash, read once per page view whatever the number of forms on it.
#[derive(Clone, Copy)]
pub struct PageFlash(pub Resource<Result<Option<Flash>, AppError>>);

impl PageFlash {
    /// Creates the page's flash and shares it with the page's forms. Pages that render their forms
    /// after awaiting other data await this one too (`flash.0.await`), so that the server renders
    /// the errors.
    pub fn provide() -> PageFlash {
        let flash = PageFlash(Resource::new(|| (), |_| take_flash()));
        provide_context(flash);
        flash
    }
}

/// The error to show on a form: from the last JavaScript submission, else from the flash.
#[derive(Clone, Copy)]
pub struct FormState {
    form: StoredValue<String>,
    flash: PageFlash,
    error: Signal<Option<AppError>>,
}

impl FormState {
    /// `last_error` is the error part of the action's value ([`action_error`]).
    pub fn new(form: impl Into<String>, last_error: Signal<Option<AppError>>) -> FormState {
        let flash = use_context::<PageFlash>().unwrap_or_else(PageFlash::provide);
        FormState {
            form: StoredValue::new(form.into()),
            flash,
            error: last_error,
        }
    }

    /// The form's name (its flash's, and its error summary's anchor `#erreur-<name>`).
    pub fn name(&self) -> String {
        self.form.get_value()
    }

    /// The flash of this form (inside a `Suspense`).
    pub fn flash(&self) -> Option<Flash> {
        self.flash
            .0
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .filter(|f| self.form.with_value(|name| f.form == *name))
    }

    /// The current error: the newest JavaScript submission wins over the flash.
    pub fn error(&self) -> Option<AppError> {
        self.error.get().or_else(|| self.flash().map(|f| f.error))
    }

    /// The message for one field.
    pub fn field_error(&self, name: &str) -> Option<String> {
        self.error().and_then(|e| e.field(name).map(str::to_string))
    }

    /// The message for the form as a whole (errors that name no field of it).
    pub fn general_error(&self, fields: &[&str]) -> Option<String> {
        self.error().and_then(|e| match &e {
            AppError::Invalid { fields: errs }
                if errs.iter().any(|f| fields.contains(&f.field.as_str())) =>
            {
                None
            }
            // About no field of this form (a hidden one, or the request itself): its own words.
            AppError::Invalid { fields: errs } if !errs.is_empty() => Some(
                errs.iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            // In the page's language (French on staff pages).
            other => Some(crate::components::guard::message(other)),
        })
    }

    /// A value typed before a failed no-JavaScript submission.
    pub fn value(&self, name: &str) -> String {
        self.flash()
            .and_then(|f| f.value(name).map(str::to_string))
            .unwrap_or_default()
    }
}

/// The error part of an action's value, as a signal.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
    ServerAction<I>: Copy,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}
