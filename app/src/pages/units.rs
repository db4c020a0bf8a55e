//! "Nous trouver": the département's territorial units, searchable.
//!
//! Without JavaScript the search is an ordinary GET form (`/unites?q=…`) rendered on the server.
//! Once the search island is hydrated, the list follows what the person types: each change
//! updates the address (so it can be shared) and asks the server function again, without
//! reloading the page.
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::error::AppError;
use crate::units::{TerritorialUnit, list_units};

#[component]
pub fn UnitsPage() -> impl IntoView {
    let query = use_query_map();
    let q = query.read_untracked().get("q").unwrap_or_default();
    let units = {
        let q = q.clone();
        Resource::new(move || q.clone(), |q| list_units(Some(q)))
    };
    let l = crate::lang::locale();
    let texts = UnitTexts {
        search: td_string!(l, units.search).to_string(),
        search_button: td_string!(l, units.search_button).to_string(),
        lang: crate::lang::current(),
        none: td_string!(l, units.none).to_string(),
        count: td_string!(l, units.count, n = "{{ n }}").to_string(),
        spie_active: td_string!(l, units.spie_active).to_string(),
        spie_inactive: td_string!(l, units.spie_inactive).to_string(),
        failed: td_string!(l, units.failed).to_string(),
    };
    view! {
        <Title text=td_string!(l, units.title) />
        <Meta name="description" content=td_string!(l, units.description) />
        <h1>{td_string!(l, units.heading)}</h1>
        <p>
            {td_string!(l, units.intro)} " "
            <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."
        </p>
        <Suspense fallback=move || view! { <p>{td_string!(l, units.loading)}</p> }>
            {move || {
                let q = q.clone();
                let texts = texts.clone();
                Suspend::new(async move {
                    let initial = units.await;
                    view! { <UnitSearch q initial texts /> }
                })
            }}
        </Suspense>
    }
}

/// The island's texts, in the page's language only (they travel with its props).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct UnitTexts {
    search: String,
    search_button: String,
    lang: crate::lang::Lang,
    none: String,
    /// With plural forms (`{one} …|{other} …`) and `{{ n }}` for the number.
    count: String,
    spie_active: String,
    spie_inactive: String,
    failed: String,
}

/// The search box and the list (an island: once hydrated, the list follows what is typed).
#[island]
fn UnitSearch(
    q: String,
    initial: Result<Vec<TerritorialUnit>, AppError>,
    texts: UnitTexts,
) -> impl IntoView {
    let typed = RwSignal::new(q.clone());
    let units = RwSignal::new(initial);
    Effect::new(|_| crate::browser::mark_hydrated());
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        crate::browser::replace_address(&if value.trim().is_empty() {
            "/unites".to_string()
        } else {
            format!("/unites?q={}", crate::text::url_encode(&value))
        });
        typed.set(value.clone());
        leptos::task::spawn_local(async move {
            let answer = list_units(Some(value.clone())).await;
            // An answer to an older search is dropped.
            if typed.get_untracked() == value {
                units.set(answer);
            }
        });
    };
    view! {
        <form method="get" action="/unites" role="search" class="search-form">
            // The language stays when the search is sent without JavaScript (and without cookies).
            {(texts.lang != crate::lang::Lang::Fr).then(|| view! { <input type="hidden" name="lang" value=texts.lang.code() /> })}
            <label for="q">{texts.search.clone()}</label>
            <div class="search-row">
                <input
                    id="q"
                    name="q"
                    type="search"
                    autocomplete="off"
                    maxlength="100"
                    value=q
                    on:input=on_input
                />
                <button type="submit">{texts.search_button.clone()}</button>
            </div>
        </form>
        {move || render_units(units.get(), &texts)}
    }
}

fn render_units(result: Result<Vec<TerritorialUnit>, AppError>, texts: &UnitTexts) -> AnyView {
    match result {
        Err(_) => view! { <p class="error" role="alert">{texts.failed.clone()}</p> }.into_any(),
        Ok(list) => {
            let count = match list.len() {
                0 => texts.none.clone(),
                n => crate::lang::plural_of(texts.lang, &texts.count, "n", n as u64),
            };
            view! {
                <p class="result-count" aria-live="polite" data-testid="unit-count">
                    {count}
                </p>
                <ul class="unit-list">
                    {list
                        .into_iter()
                        .map(|u| {
                            view! {
                                <li class="card">
                                    <h2>{u.name}</h2>
                                    <p>
                                        {if u.spie_active {
                                            texts.spie_active.clone()
                                        } else {
                                            texts.spie_inactive.clone()
                                        }}
                                    </p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        }
    }
}
