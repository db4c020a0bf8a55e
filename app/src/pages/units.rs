//! "Nous trouver": the département's territorial units, searchable.
//!
//! Without JavaScript the search is an ordinary GET form (`/unites?q=…`) rendered on the server.
//! Once the search island is hydrated, the list follows what the person types: each change
//! updates the address (so it can be shared) and asks the server function again, without
//! reloading the page.
use leptos::prelude::*;
use leptos_meta::Title;
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
    view! {
        <Title text="Nous trouver" />
        <h1>"Nos unités territoriales"</h1>
        <p>
            "Le Département vous accueille dans ses unités territoriales d'action sociale (UTAS). Pour toute question, appelez le "
            <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || {
                let q = q.clone();
                Suspend::new(async move {
                    let initial = units.await;
                    view! { <UnitSearch q initial /> }
                })
            }}
        </Suspense>
    }
}

/// The search box and the list (an island: once hydrated, the list follows what is typed).
#[island]
fn UnitSearch(q: String, initial: Result<Vec<TerritorialUnit>, AppError>) -> impl IntoView {
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
            <label for="q">"Rechercher une unité"</label>
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
                <button type="submit">"Rechercher"</button>
            </div>
        </form>
        {move || render_units(units.get())}
    }
}

fn render_units(result: Result<Vec<TerritorialUnit>, AppError>) -> AnyView {
    match result {
        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
        Ok(list) => {
            let count = match list.len() {
                0 => "Aucune unité ne correspond à votre recherche.".to_string(),
                1 => "1 unité".to_string(),
                n => format!("{n} unités"),
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
                                            "Le rendez-vous d'orientation du SPIE est proposé à chaque nouvel allocataire du RSA."
                                        } else {
                                            "Le SPIE n'est pas encore ouvert sur cette unité."
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
