//! Form fields shared by the pages: a label, a hint, the input, and the error next to it, wired for
//! screen readers (`aria-describedby`, `aria-invalid`).
use leptos::prelude::*;

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

/// A message about the whole form (rate limit, unavailable service…), announced when it appears.
#[component]
pub fn FormAlert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <div role="alert" class="form-alert">
            {move || message.get().map(|m| view! { <p class="error">{m}</p> })}
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
