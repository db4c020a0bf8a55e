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
            "Aucun service d'envoi de SMS ou d'e-mail n'est configuré : les messages restent ici. En production, ils partent par SMS ou par e-mail et cette page reste vide."
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
    use crate::admin::{CreateApiKey, FORM_API_KEY, RevokeApiKey, list_api_keys};
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
    let created = move || create.value().get().and_then(|r| r.ok());
    view! {
        <Title text="Clés d'API des partenaires" />
        <h1>"Clés d'API des partenaires"</h1>
        <p>
            "Une clé permet à un partenaire (France Travail, mission locale…) de lire les parcours et d'envoyer des événements par l'API. "
            <a href="/api/v1/openapi.json">"Documentation de l'API (OpenAPI)"</a> "."
        </p>
        <div role="status">
            {move || created().map(|k| view! {
                <div class="success">
                    <p>"Clé créée. Copiez-la maintenant : elle ne sera plus jamais affichée."</p>
                    <p><code data-testid="new-key">{k}</code></p>
                </div>
            })}
        </div>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match keys.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(list) => view! {
                        <ActionForm action=create attr:class="narrow-form" attr:novalidate=true>
                            <FormAlert message=Signal::derive(move || form.general_error(&["organisme", "libelle", "lecture", "unite"])) />
                            <Field name="organisme" label="Organisme partenaire" value=Signal::derive(move || form.value("organisme")) error=Signal::derive(move || form.field_error("organisme")) />
                            <Field name="libelle" label="Usage de la clé" hint="Par exemple : synchronisation des rendez-vous." value=Signal::derive(move || form.value("libelle")) error=Signal::derive(move || form.field_error("libelle")) />
                            <fieldset class="radios">
                                <legend>"Droits"</legend>
                                <div class="choice"><input type="checkbox" id="lecture" name="lecture" value="on" checked /><label for="lecture">"Lire les parcours"</label></div>
                                <div class="choice"><input type="checkbox" id="ecriture" name="ecriture" value="on" /><label for="ecriture">"Envoyer des événements"</label></div>
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
