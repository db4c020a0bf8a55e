//! `/agent`: the staff home — search, the worklist "à orienter", and the inbox.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::guard::ErrorView;
use crate::pathway::{
    DeadlineList, InboxView, MissedView, PersonPage, PersonRow, deadline_lists,
    missed_appointments, open_inbox, search_people, worklist,
};

#[component]
pub fn AgentHomePage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    let list_page = Memo::new(move |_| {
        query
            .read()
            .get("liste")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    });
    let results = Resource::new(
        move || (q.get(), page.get()),
        |(q, page)| async move {
            if q.trim().is_empty() {
                Ok(None)
            } else {
                search_people(q, Some(page)).await.map(Some)
            }
        },
    );
    let work = Resource::new(move || list_page.get(), |p| worklist(Some(p)));
    let inbox = Resource::new(|| (), |_| open_inbox());
    let missed = Resource::new(|| (), |_| missed_appointments());
    let deadlines = Resource::new(|| (), |_| deadline_lists());

    view! {
        <Title text="Espace agents" />
        <h1>"Espace agents"</h1>
        <StaffLinks />
        <form method="get" action="/agent" role="search" class="search-form">
            <label for="q">"Rechercher une personne"</label>
            <span class="hint" id="q-aide">"Nom, prénom ou numéro allocataire. Les accents ne comptent pas."</span>
            <div class="search-row">
                <input id="q" name="q" type="search" autocomplete="off" maxlength="100" value=move || q.get() aria-describedby="q-aide" />
                <button type="submit">"Rechercher"</button>
            </div>
        </form>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(None) => ().into_any(),
                    Ok(Some(found)) => {
                        let q = q.get_untracked();
                        view! {
                            <section aria-labelledby="titre-resultats">
                                <h2 id="titre-resultats">"Résultats"</h2>
                                <p aria-live="polite" data-testid="search-count">
                                    {match found.total {
                                        0 => format!("Aucune personne ne correspond à « {q} »."),
                                        1 => "1 personne trouvée.".to_string(),
                                        n => format!("{n} personnes trouvées."),
                                    }}
                                </p>
                                <PeopleList page=found.clone() />
                                <Pager page=found base=format!("/agent?q={}", crate::text::url_encode(&q)) param="page" />
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(list) => view! { <Inbox list /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| view! { <p>"Chargement de la liste…"</p> }>
            {move || Suspend::new(async move {
                match work.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) => view! {
                        <section aria-labelledby="titre-a-orienter">
                            <h2 id="titre-a-orienter">"À orienter"</h2>
                            <p class="muted">
                                {format!("{} personne(s) attendent leur orientation, de la plus ancienne entrée à la plus récente. Objectif du SPIE : 30 jours. Délai légal : 6 semaines.", list.total)}
                            </p>
                            <PeopleList page=list.clone() />
                            <Pager page=list base="/agent?".to_string() param="liste" />
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match missed.await {
                    Ok(list) => view! { <Missed list /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match deadlines.await {
                    Ok(lists) => view! { <Deadlines lists /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// The law's deadlines, list by list (an empty list says so in one line).
#[component]
fn Deadlines(lists: Vec<DeadlineList>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-echeances" id="echeances">
            <h2 id="titre-echeances">"Échéances de la loi « plein emploi »"</h2>
            {lists.into_iter().map(|l| {
                let id = format!("echeances-{}", l.code);
                let heading = id.clone();
                view! {
                    <section aria-labelledby=id data-testid=format!("deadlines-{}", l.code)>
                        <h3 id=heading>{format!("{} ({})", l.title, l.total)}</h3>
                        <p class="muted">{l.note.clone()}</p>
                        {if l.rows.is_empty() {
                            view! { <p>"Personne pour l'instant."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="people">
                                    {l.rows.iter().map(|r| view! {
                                        <li class="card">
                                            <a href=format!("/agent/personnes/{}", r.id)>{r.name.clone()}</a>
                                            " — n° " {r.file_number.clone()}
                                            <p class:late=r.late>{r.what.clone()}</p>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                {(l.total > l.rows.len() as i64).then(|| view! { <p class="muted">{format!("… et {} autre(s).", l.total - l.rows.len() as i64)}</p> })}
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
        </section>
    }
}

/// People as a list of cards (readable at 320 px), each with its delay flag in words.
#[component]
fn PeopleList(page: PersonPage) -> impl IntoView {
    view! {
        <ul class="people">
            {page.rows.into_iter().map(|p| view! { <PersonItem person=p /> }).collect_view()}
        </ul>
    }
}

#[component]
fn PersonItem(person: PersonRow) -> impl IntoView {
    let waiting = person.status.awaiting_orientation();
    let d = person.delays;
    let (flag_class, flag) = if !waiting {
        ("", String::new())
    } else if !d.within_legal {
        (
            "flag late",
            format!("{} jours — au-delà de 6 semaines", d.days_since_entry),
        )
    } else if !d.within_target {
        (
            "flag warn",
            format!("{} jours — au-delà de 30 jours", d.days_since_entry),
        )
    } else {
        ("flag", format!("{} jours", d.days_since_entry))
    };
    view! {
        <li class="person" data-testid="person">
            <a href=format!("/agent/personnes/{}", person.id)>
                <strong>{person.name.clone()}</strong>
            </a>
            <span class="muted">" — n° " {person.file_number.clone()} ", " {person.commune.clone()}</span>
            <br />
            <span>{person.status.staff_label_fr()}</span>
            {waiting.then(|| view! { " · " <span class=flag_class>{flag}</span> })}
        </li>
    }
}

#[component]
fn Pager(page: PersonPage, base: String, param: &'static str) -> impl IntoView {
    (page.pages > 1).then(|| {
        let sep = if base.ends_with('?') { "" } else { "&" };
        let prev = (page.page > 1).then(|| format!("{base}{sep}{param}={}", page.page - 1));
        let next =
            (page.page < page.pages).then(|| format!("{base}{sep}{param}={}", page.page + 1));
        view! {
            <nav class="pager" aria-label="Pages">
                {prev.map(|href| view! { <a href=href rel="prev">"← Page précédente"</a> })}
                <span>{format!("Page {} sur {}", page.page, page.pages)}</span>
                {next.map(|href| view! { <a href=href rel="next">"Page suivante →"</a> })}
            </nav>
        }
    })
}

#[component]
fn Inbox(list: Vec<InboxView>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-boite">
            <h2 id="titre-boite">"Messages à traiter"</h2>
            {if list.is_empty() {
                view! { <p>"Aucun message en attente."</p> }.into_any()
            } else {
                view! {
                    <ul class="message-list">
                        {list
                            .into_iter()
                            .map(|m| view! {
                                <li class="card" data-testid="inbox-item">
                                    <p>
                                        <a href=format!("/agent/personnes/{}#messages", m.beneficiary_id)><strong>{m.person_name.clone()}</strong></a>
                                        " — " {if m.kind == "cannot_attend" { "ne peut pas venir au rendez-vous" } else { "question" }}
                                        <span class="muted">" — " {m.sent_label.clone()}</span>
                                    </p>
                                    <p class="message-body">{m.body.clone()}</p>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// Missed appointments without a new date: the people to call back, longest wait first.
#[component]
fn Missed(list: Vec<MissedView>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-manques" id="rendez-vous-manques">
            <h2 id="titre-manques">"Rendez-vous manqués sans nouvelle date"</h2>
            {if list.is_empty() {
                view! { <p>"Aucun : chaque rendez-vous manqué a une nouvelle date."</p> }.into_any()
            } else {
                view! {
                    <p class="muted">{format!("{} personne(s) à rappeler, de la plus ancienne absence à la plus récente. Un message leur a proposé une nouvelle date.", list.len())}</p>
                    <ul class="people">
                        {list.into_iter().map(|m| view! {
                            <li class="card">
                                <a href=format!("/agent/personnes/{}", m.id)><strong>{m.name}</strong></a>
                                " — n° " {m.file_number}
                                <p>{m.what}</p>
                                <p class="muted">{match m.days { 0 => "Aujourd'hui".to_string(), 1 => "Il y a 1 jour".to_string(), n => format!("Il y a {n} jours") }}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Links to the tools the staff member's role opens (the pages check again on the server).
#[component]
fn StaffLinks() -> impl IntoView {
    use passerelle::access::Permission;
    let session = Resource::new(|| (), |_| crate::auth::get_session());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let role = session.await.ok().flatten().and_then(|s| s.role);
                let may = |p: Permission| role.is_some_and(|r| r.allows(p));
                view! {
                    <nav aria-label="Outils" class="staff-links">
                        <ul>
                            {may(Permission::ViewStatistics).then(|| view! { <li><a href="/tableau-de-bord">"Tableau de bord"</a></li> })}
                            {may(Permission::ImportExport).then(|| view! { <li><a href="/agent/import">"Importer ou exporter"</a></li> })}
                            {may(Permission::ManageSchemes).then(|| view! { <li><a href="/admin/dispositifs">"Dispositifs"</a></li> })}
                            {may(Permission::ManageApiKeys).then(|| view! { <li><a href="/admin/cles-api">"Clés d'API"</a></li> })}
                            {may(Permission::ReadDevMessages).then(|| view! { <li><a href="/admin/messages">"Messages de démonstration"</a></li> })}
                            <li><a href="/simulateur">"Simulateur"</a></li>
                        </ul>
                    </nav>
                }
            })}
        </Suspense>
    }
}
