//! `/agent/import` and `/agent/import/:id`: the monthly new-entrant file, and lists to export.
//! Forms are plain HTML (multipart upload, GET export): they work without JavaScript.
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use passerelle::access::Role;
use passerelle::pathway::PathwayStatus;

use crate::auth::get_session;
use crate::components::fields::FormAlert;
use crate::components::guard::ErrorView;
use crate::error::AppError;
use crate::forms::{FormState, PageFlash};
use crate::imports::{ConfirmImport, ImportJobView, import_job, recent_imports};

fn status_label(job: &ImportJobView) -> &'static str {
    match (job.status.as_str(), job.dry_run) {
        ("pending", _) => "En attente",
        ("running", _) => "En cours",
        ("done", true) => "Essai terminé",
        ("done", false) => "Importé",
        _ => "Échec : rien n'a été importé",
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let flash = PageFlash::provide();
    let form = FormState::new("import", Signal::derive(|| None));
    let jobs = Resource::new(|| (), |_| recent_imports());
    let session = Resource::new(|| (), |_| get_session());
    view! {
        <Title text="Importer les nouveaux entrants" />
        <p><a href="/agent">"← Retour à l'espace agents"</a></p>
        <h1>"Importer les nouveaux entrants"</h1>
        <p>
            "Déposez le fichier mensuel des nouveaux allocataires du RSA transmis par la CAF (CSV). Un essai vérifie d'abord chaque ligne sans rien enregistrer ; vous importez ensuite pour de bon. Une personne déjà connue (même numéro allocataire) est mise à jour, jamais créée deux fois."
        </p>
        <details class="assumptions">
            <summary>"Les colonnes du fichier"</summary>
            <p>"Séparateur point-virgule, virgule ou tabulation ; encodage UTF-8 (« CSV UTF-8 » dans votre tableur) ; une ligne d'en-tête."</p>
            <ul>
                <li><strong>"Obligatoires : "</strong>"numero_allocataire, nom, prenom, date_naissance (JJ/MM/AAAA), commune, date_ouverture_rsa (JJ/MM/AAAA)."</li>
                <li><strong>"Facultatives : "</strong>"telephone, email, situation (seul ou couple), enfants_moins_3, enfants_3_24, logement (locataire, proprietaire, proprietaire_emprunt, heberge), aide_logement (euros), unite."</li>
            </ul>
            <p><a href="/modele-import.csv" download>"Télécharger un fichier modèle"</a></p>
        </details>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                let admin = matches!(session.await, Ok(Some(s)) if s.role == Some(Role::Admin));
                view! {
                    <form method="post" action="/agent/import" enctype="multipart/form-data" class="narrow-form">
                        <FormAlert form fields=["fichier"].to_vec() />
                        <div class="field" class:invalid=move || form.field_error("fichier").is_some()>
                            <label for="fichier">"Fichier CSV"</label>
                            <span class="hint" id="fichier-aide">"10 Mo au plus."</span>
                            <input id="fichier" name="fichier" type="file" accept=".csv,text/csv" aria-describedby="fichier-aide fichier-erreur" />
                            <p class="field-error" id="fichier-erreur">{move || form.field_error("fichier")}</p>
                        </div>
                        {admin.then(|| view! {
                            <div class="field">
                                <label for="unite">"Unité territoriale"</label>
                                <select id="unite" name="unite">
                                    <option value="BDS">"Boucles de Seine"</option>
                                    <option value="ROU">"Rouen"</option>
                                    <option value="ESM">"Entre Seine et Mer"</option>
                                    <option value="DNB">"Dieppe Neufchâtel-en-Bray"</option>
                                </select>
                            </div>
                        })}
                        <button type="submit">"Vérifier le fichier (essai)"</button>
                    </form>
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match jobs.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) if list.is_empty() => ().into_any(),
                    Ok(list) => view! {
                        <h2>"Derniers imports"</h2>
                        <ul class="people">
                            {list.into_iter().map(|j| view! {
                                <li>
                                    <a href=format!("/agent/import/{}", j.id)>{j.file_name.clone()}</a>
                                    " — " {j.created_label.clone()} " — " {status_label(&j)}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
        <ExportForm />
    }
}

/// The export of lists (people with status and delays), for managers and admins.
#[component]
fn ExportForm() -> impl IntoView {
    let statuses: Vec<(String, String)> =
        std::iter::once(("".to_string(), "Tous les statuts".to_string()))
            .chain(std::iter::once((
                "a_orienter".to_string(),
                "À orienter (en attente d'orientation)".to_string(),
            )))
            .chain(
                PathwayStatus::ALL
                    .iter()
                    .map(|s| (s.code().to_string(), s.staff_label_fr().to_string())),
            )
            .collect();
    view! {
        <section aria-labelledby="titre-export">
            <h2 id="titre-export">"Exporter une liste (CSV)"</h2>
            <p>"Les personnes de votre unité, avec leur étape et leurs délais d'orientation. L'export est enregistré dans l'historique des accès."</p>
            <form method="get" action="/agent/export.csv" class="narrow-form">
                <div class="field">
                    <label for="export-statut">"Statut"</label>
                    <select id="export-statut" name="statut">
                        {statuses.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="export-depuis">"Entrée au RSA à partir du (facultatif)"</label>
                    <input id="export-depuis" name="depuis" type="date" />
                </div>
                <div class="field">
                    <label for="export-jusqua">"Entrée au RSA jusqu'au (facultatif)"</label>
                    <input id="export-jusqua" name="jusqua" type="date" />
                </div>
                <button type="submit" class="secondary">"Télécharger le fichier"</button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()));
    let confirm = ServerAction::<ConfirmImport>::new();
    let job = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => import_job(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Import" />
        <p><a href="/agent/import">"← Retour aux imports"</a></p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match job.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(j) => view! { <JobView job=j confirm /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn JobView(job: ImportJobView, confirm: ServerAction<ConfirmImport>) -> impl IntoView {
    let running = !job.finished();
    let percent = if job.total_rows > 0 {
        job.processed_rows * 100 / job.total_rows
    } else {
        0
    };
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="2" /> })}
        <h1>{if job.dry_run { "Essai d'import" } else { "Import" }} " : " {job.file_name.clone()}</h1>
        <p class="status-label" role="status" data-testid="import-status">{status_label(&job)}</p>
        {running.then(|| view! {
            <p>{format!("{} ligne(s) lue(s) sur {}…", job.processed_rows, job.total_rows)}</p>
            <progress max="100" value=percent aria-label="Avancement de l'import">{format!("{percent} %")}</progress>
        })}
        {job.message.clone().map(|m| view! { <p>{m}</p> })}
        {(job.status == "done").then(|| view! {
            <ul data-testid="import-counts">
                <li>{format!("{} nouvelle(s) personne(s)", job.inserted)}</li>
                <li>{format!("{} personne(s) mise(s) à jour", job.updated)}</li>
                <li>{format!("{} personne(s) inchangée(s)", job.unchanged)}</li>
            </ul>
        })}
        {(job.status == "done" && job.dry_run).then(|| view! {
            <ActionForm action=confirm>
                <input type="hidden" name="id" value=job.id />
                <button type="submit">"Importer pour de bon"</button>
            </ActionForm>
        })}
        {(!job.errors.is_empty()).then(|| view! {
            <h2>"Lignes à corriger"</h2>
            <ul class="import-errors" data-testid="import-errors">
                {job.errors.iter().map(|e| view! {
                    <li>{if e.line == 0 { String::new() } else { format!("Ligne {} : ", e.line) }}{e.message.clone()}</li>
                }).collect_view()}
            </ul>
        })}
    }
}
