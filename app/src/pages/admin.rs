//! Administration pages.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::admin::list_dev_messages;
use crate::components::guard::ErrorView;

/// `/admin/messages`: what the development sender kept (sign-in codes of the demo, reminders…),
/// when no real SMS or e-mail sender is configured.
#[component]
pub fn DevMessagesPage() -> impl IntoView {
    let messages = Resource::new(|| (), |_| list_dev_messages());
    view! {
        <Title text="Messages de démonstration" />
        <h1>"Messages de démonstration"</h1>
        <p>
            "Aucun service d'envoi de SMS ou d'e-mail n'est configuré : les messages restent ici. En production, ils partent par SMS ou par e-mail et cette page reste vide."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match messages.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p>"Aucun message."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="message-list">
                            {list
                                .into_iter()
                                .map(|m| view! {
                                    <li class="card" data-testid="dev-message">
                                        <p class="muted">
                                            {if m.channel == "sms" { "SMS" } else { "E-mail" }} " à " {m.recipient} " — " {m.created_at}
                                        </p>
                                        {(!m.subject.is_empty()).then(|| view! { <p><strong>{m.subject.clone()}</strong></p> })}
                                        <p class="message-body">{m.body}</p>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/cles-api`: partner API keys — create (the key is shown once), list, revoke.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    use crate::admin::{CreateApiKey, FORM_API_KEY, RevokeApiKey, list_api_keys, take_new_api_key};
    use crate::components::fields::{Field, FormAlert};
    use crate::forms::{FormState, PageFlash, action_error};
    use leptos::form::ActionForm;

    let flash = PageFlash::provide();
    let create = ServerAction::<CreateApiKey>::new();
    let revoke = ServerAction::<RevokeApiKey>::new();
    let form = FormState::new(FORM_API_KEY, action_error(create));
    let keys = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_api_keys(),
    );
    // The key just created: the answer to the form (hydrated), or kept for this page (plain post).
    let posted = Resource::new(|| (), |_| take_new_api_key());
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text="Clés d'API des partenaires" />
        <h1>"Clés d'API des partenaires"</h1>
        <p>
            "Une clé permet à un partenaire (France Travail, mission locale…) de lire les parcours et d'envoyer des événements par l'API. "
            <a href="/api/v1/openapi.json">"Documentation de l'API (OpenAPI)"</a> "."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                let posted = posted.await.ok().flatten();
                let new_key = view! {
                    <div role="status">
                        {move || created().or_else(|| posted.clone()).map(|k| view! {
                            <div class="success">
                                <p>"Clé créée. Copiez-la maintenant : elle ne sera plus jamais affichée."</p>
                                <p><code data-testid="new-key">{k}</code></p>
                            </div>
                        })}
                    </div>
                };
                match keys.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) => view! {
                        {new_key}
                        <ActionForm action=create attr:class="narrow-form" attr:novalidate=true>
                            <FormAlert form fields=["organisme", "libelle", "lecture", "unite"].to_vec() />
                            <Field name="organisme" label="Organisme partenaire" value=Signal::derive(move || form.value("organisme")) error=Signal::derive(move || form.field_error("organisme")) />
                            <Field name="libelle" label="Usage de la clé" hint="Par exemple : synchronisation des rendez-vous." value=Signal::derive(move || form.value("libelle")) error=Signal::derive(move || form.field_error("libelle")) />
                            <fieldset class="radios">
                                <legend>"Droits"</legend>
                                <div class="choice"><input type="checkbox" id="lecture" name="lecture" value="on" checked /><label for="lecture">"Lire les parcours"</label></div>
                                <div class="choice"><input type="checkbox" id="ecriture" name="ecriture" value="on" /><label for="ecriture">"Envoyer des événements"</label></div>
                                <div class="choice"><input type="checkbox" id="sanctions" name="sanctions" value="on" /><label for="sanctions">"Proposer des sanctions (France Travail)"</label></div>
                                <p class="field-error" id="lecture-erreur">{move || form.field_error("lecture")}</p>
                            </fieldset>
                            <div class="field">
                                <label for="unite">"Unité territoriale"</label>
                                <select id="unite" name="unite">
                                    <option value="">"Toutes les unités"</option>
                                    <option value="BDS">"Boucles de Seine"</option>
                                    <option value="ROU">"Rouen"</option>
                                    <option value="ESM">"Entre Seine et Mer"</option>
                                    <option value="DNB">"Dieppe Neufchâtel-en-Bray"</option>
                                </select>
                            </div>
                            <button type="submit">"Créer la clé"</button>
                        </ActionForm>
                        <h2>"Clés existantes"</h2>
                        <ul class="people">
                            {list.into_iter().map(|k| view! {
                                <li data-testid="api-key">
                                    <strong>{k.organisation.clone()}</strong> " — " {k.label.clone()}
                                    " — psl_" {k.prefix.clone()} "_… — " {k.scopes.join(", ")}
                                    " — " {k.unit_code.clone().unwrap_or_else(|| "toutes unités".into())}
                                    <br />
                                    <span class="muted">
                                        "Créée le " {k.created_at.clone()}
                                        {k.last_used_at.clone().map(|d| format!(", utilisée le {d}"))}
                                    </span>
                                    {if k.revoked {
                                        view! { " " <span class="tag">"(révoquée)"</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=revoke>
                                                <input type="hidden" name="id" value=k.id />
                                                <button type="submit" class="secondary">"Révoquer"</button>
                                            </ActionForm>
                                        }.into_any()
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin/dispositifs`: the cumulation schemes and their dated versions; a new version (or a new
/// scheme) is saved as a whole and applies to jobs starting while it is in force.
#[component]
pub fn SchemesPage() -> impl IntoView {
    use crate::forms::PageFlash;
    use crate::schemes::{SaveSchemeVersion, scheme_versions};

    let flash = PageFlash::provide();
    let save = ServerAction::<SaveSchemeVersion>::new();
    let versions = Resource::new(move || save.version().get(), |_| scheme_versions());
    // Only admins may see the editing forms; the server checks again when saving.
    let session = Resource::new(|| (), |_| crate::auth::get_session());
    view! {
        <Title text="Dispositifs de cumul" />
        <h1>"Dispositifs de cumul RSA + salaire"</h1>
        <p>
            "Chaque dispositif est enregistré en versions datées. Le simulateur et les dossiers utilisent la version en vigueur à la date de l'embauche. Une nouvelle version ne modifie pas les calculs déjà faits pour des emplois commencés avant."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                let is_admin = matches!(session.await, Ok(Some(s)) if s.role == Some(passerelle::access::Role::Admin));
                if !is_admin {
                    return view! { <ErrorView error=crate::error::AppError::Forbidden sign_in="/agent/connexion" /> }.into_any();
                }
                match versions.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) => {
                        let mut codes: Vec<String> = list.iter().map(|v| v.code.clone()).collect();
                        codes.dedup();
                        view! {
                            {codes.into_iter().map(|code| {
                                let mut mine: Vec<passerelle::SchemeDefinition> = list.iter().filter(|v| v.code == code).cloned().collect();
                                mine.sort_by_key(|v| v.version);
                                let latest = mine.last().cloned();
                                view! {
                                    <section class="card" data-testid="scheme">
                                        <h2>{latest.as_ref().map(|l| l.name_fr.clone())}</h2>
                                        <p class="muted">"Code : " {code.clone()}</p>
                                        <ul>
                                            {mine.iter().map(|v| view! {
                                                <li data-testid="scheme-version">
                                                    <strong>{format!("Version {}", v.version)}</strong>
                                                    {format!(
                                                        " — en vigueur du {}{} — embauches de {} à {} — {} mois de cumul — prime de {} — secteurs : {}",
                                                        v.valid_from.label_fr(),
                                                        v.valid_to.map(|d| format!(" au {}", d.label_fr())).unwrap_or_default(),
                                                        v.job_start_window.first.label_fr(),
                                                        v.job_start_window.last.label_fr(),
                                                        v.neutralised_months,
                                                        v.bonus_amount.format_eur(),
                                                        v.eligible_sectors.iter().map(|s| s.label_fr.clone()).collect::<Vec<_>>().join(", "),
                                                    )}
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                        {latest.map(|l| view! { <SchemeForm action=save base=Some(l) /> })}
                                    </section>
                                }
                            }).collect_view()}
                            <section class="card">
                                <h2>"Ajouter un autre dispositif"</h2>
                                <SchemeForm action=save base=None />
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The form of a new version of `base`, or of a new scheme.
#[component]
fn SchemeForm(
    action: ServerAction<crate::schemes::SaveSchemeVersion>,
    base: Option<passerelle::SchemeDefinition>,
) -> impl IntoView {
    use crate::components::fields::{Field, FormAlert, TextArea};
    use crate::forms::{FormState, action_error};
    use leptos::form::ActionForm;

    let code = base.as_ref().map(|b| b.code.clone()).unwrap_or_default();
    let form = FormState::new(
        format!("{}-{}", crate::schemes::FORM_SCHEME, code),
        action_error(action),
    );
    let prefix = if code.is_empty() {
        "nouveau".to_string()
    } else {
        code.clone()
    };
    let id = move |name: &str| format!("{prefix}-{name}");
    let b = base.clone();
    let default = move |name: &'static str| -> String {
        match &b {
            None => String::new(),
            Some(b) => match name {
                "nom" => b.name_fr.clone(),
                "territoire" => b.territory_fr.clone(),
                "fenetre_debut" => b.job_start_window.first.to_string(),
                "fenetre_fin" => b.job_start_window.last.to_string(),
                "mois" => b.neutralised_months.to_string(),
                "prime" => format!("{}", b.bonus_amount.get() / 100),
                "secteurs" => b
                    .eligible_sectors
                    .iter()
                    .map(|s| format!("{} ; {}", s.code, s.label_fr))
                    .collect::<Vec<_>>()
                    .join("\n"),
                "hypotheses" => b
                    .assumptions
                    .iter()
                    .map(|a| a.text_fr.clone())
                    .collect::<Vec<_>>()
                    .join("\n"),
                _ => String::new(),
            },
        }
    };
    let value = move |name: &'static str| {
        let default = default.clone();
        Signal::derive(move || {
            let v = form.value(name);
            if v.is_empty() { default(name) } else { v }
        })
    };
    let err = move |name: &'static str| Signal::derive(move || form.field_error(name));
    let fields = [
        "code",
        "nom",
        "territoire",
        "valide_du",
        "valide_au",
        "fenetre_debut",
        "fenetre_fin",
        "mois",
        "prime",
        "secteurs",
        "hypotheses",
    ];
    let is_new = base.is_none();
    view! {
        <details class="action-box" open=move || form.error().is_some()>
            <summary>{if is_new { "Créer un dispositif" } else { "Enregistrer une nouvelle version" }}</summary>
            <ActionForm action attr:novalidate=true>
                <FormAlert form fields=fields.to_vec() />
                {if is_new {
                    view! { <Field name="code" label="Code (sans accent ni espace)" hint="Par exemple : allier-aide-domicile-2021." value=value("code") error=err("code") id=id("code") /> }.into_any()
                } else {
                    view! { <input type="hidden" name="code" value=code.clone() /> }.into_any()
                }}
                <Field name="nom" label="Nom" value=value("nom") error=err("nom") id=id("nom") />
                <Field name="territoire" label="Territoire" value=value("territoire") error=err("territoire") id=id("territoire") />
                <Field name="valide_du" label="En vigueur à partir du" kind="date" value=value("valide_du") error=err("valide_du") id=id("valide_du") />
                <Field name="valide_au" label="Jusqu'au (facultatif)" kind="date" value=value("valide_au") error=err("valide_au") id=id("valide_au") />
                <Field name="fenetre_debut" label="Embauches à partir du mois (AAAA-MM)" value=value("fenetre_debut") error=err("fenetre_debut") id=id("fenetre_debut") />
                <Field name="fenetre_fin" label="Jusqu'au mois (AAAA-MM)" value=value("fenetre_fin") error=err("fenetre_fin") id=id("fenetre_fin") />
                <Field name="mois" label="Mois de cumul RSA + salaire" inputmode="numeric" value=value("mois") error=err("mois") id=id("mois") />
                <Field name="prime" label="Prime de reprise (euros)" inputmode="decimal" value=value("prime") error=err("prime") id=id("prime") />
                <TextArea name="secteurs" label="Secteurs éligibles" hint="Un par ligne : « code ; libellé »." value=value("secteurs") error=err("secteurs") id=id("secteurs") />
                <TextArea name="hypotheses" label="Hypothèses affichées aux usagers" hint="Une par ligne." value=value("hypotheses") error=err("hypotheses") id=id("hypotheses") />
                <button type="submit">"Enregistrer"</button>
            </ActionForm>
        </details>
    }
}
