//! Form fields shared by the pages: a label, a hint, the input, and the error next to it, wired for
//! screen readers (`aria-describedby`, `aria-invalid`).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::forms::FormState;

fn described_by(name: &str, hint: &str) -> String {
    if hint.is_empty() {
        format!("{name}-erreur")
    } else {
        format!("{name}-aide {name}-erreur")
    }
}

/// A labelled input with its hint and error, wired for screen readers.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// A distinct id when the same field name appears in several forms of a page.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let described = described_by(&id, hint);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{id}-aide")>{hint}</span> })}
            <input
                id=id.clone()
                name=name
                type=kind
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                value=move || value.get()
                aria-describedby=described
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
            />
            <p class="field-error" id=format!("{id}-erreur")>{move || error.get()}</p>
        </div>
    }
}

/// What went wrong with a form, at its top: the message about the whole form (rate limit,
/// unavailable service…) or the list of answers to correct, each a link to its field.
///
/// After a post without JavaScript the server sends the browser back to `#erreur-<form>` (see
/// `ssr::forms::finish`): the summary is then at the top of the screen, takes the focus
/// (`autofocus`, so a screen reader reads it first) and the page's title starts with "Erreur".
/// `fields` are the form's own fields: errors about other fields are the whole form's.
#[component]
pub fn FormAlert(
    form: FormState,
    fields: Vec<&'static str>,
    /// What the form's field ids add before the field's name (`rdv-` for `rdv-date`).
    #[prop(optional)]
    id_prefix: &'static str,
) -> impl IntoView {
    let lang = crate::lang::current();
    let general = {
        let fields = fields.clone();
        move || form.general_error(&fields)
    };
    let to_correct = move || match form.error() {
        Some(crate::error::AppError::Invalid { fields: errors }) => errors
            .into_iter()
            .filter(|e| fields.contains(&e.field.as_str()))
            .collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    let has_error = {
        let general = general.clone();
        let to_correct = to_correct.clone();
        move || general().is_some() || !to_correct().is_empty()
    };
    let title_error = has_error.clone();
    let autofocus = has_error.clone();
    view! {
        <div
            role="alert"
            class="form-alert"
            id=format!("erreur-{}", form.name())
            tabindex="-1"
            autofocus=autofocus
        >
            {move || title_error().then(|| view! { <Title formatter=move |page: String| crate::app::error_title(lang, &page) /> })}
            {move || general().map(|m| view! { <p class="error">{m}</p> })}
            {move || {
                let errors = to_correct();
                (!errors.is_empty()).then(|| view! {
                    <div class="error-summary">
                        <p><strong>{crate::lang::text_plural(lang, "errors.summary", errors.len() as u64)}</strong></p>
                        <ul>
                            {errors.into_iter().map(|e| view! {
                                <li><a href=format!("#{id_prefix}{}", e.field)>{e.message}</a></li>
                            }).collect_view()}
                        </ul>
                    </div>
                })
            }}
        </div>
    }
}

/// A date as three numbers (day, month, year), each in its own box: typed the way the page's
/// language writes dates, where a browser's date picker follows the browser's language (in an
/// English browser, 15/03/1985 became 12/03/1985). Sends `<name>_jour`, `<name>_mois`,
/// `<name>_annee`; the day's box has the id `<name>` so that an error's link leads to it.
#[component]
pub fn DateParts(
    name: &'static str,
    legend: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(into)] values: Signal<[String; 3]>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let lang = crate::lang::current();
    let described = described_by(name, hint);
    let parts = [
        ("jour", "day", 2, "bday-day"),
        ("mois", "month", 2, "bday-month"),
        ("annee", "year", 4, "bday-year"),
    ];
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <fieldset class="date-parts" aria-describedby=described>
                <legend>{legend}</legend>
                {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{name}-aide")>{hint}</span> })}
                <div class="date-parts-row">
                    {parts
                        .into_iter()
                        .enumerate()
                        .map(|(i, (part, key, width, autocomplete))| {
                            let id = if i == 0 { name.to_string() } else { format!("{name}-{part}") };
                            view! {
                                <div class=format!("date-part date-part-{width}")>
                                    <label for=id.clone()>{crate::lang::text(lang, &format!("layout.date_{key}"))}</label>
                                    <input
                                        id=id
                                        name=format!("{name}_{part}")
                                        type="text"
                                        inputmode="numeric"
                                        maxlength=width
                                        autocomplete=autocomplete
                                        value=move || values.get()[i].clone()
                                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
            <p class="field-error" id=format!("{name}-erreur")>{move || error.get()}</p>
        </div>
    }
}

/// A labelled `<select>`.
#[component]
pub fn Select(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// A distinct id when the same field name appears in several forms of a page.
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let described = described_by(&id, hint);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{id}-aide")>{hint}</span> })}
            <select id=id.clone() name=name aria-describedby=described>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let v = value.clone();
                        view! { <option value=value selected=move || selected.get() == v>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id=format!("{id}-erreur")>{move || error.get()}</p>
        </div>
    }
}

/// A labelled `<textarea>`.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| name.to_string());
    let described = described_by(&id, hint);
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{id}-aide")>{hint}</span> })}
            <textarea id=id.clone() name=name rows="3" aria-describedby=described>{move || value.get()}</textarea>
            <p class="field-error" id=format!("{id}-erreur")>{move || error.get()}</p>
        </div>
    }
}
