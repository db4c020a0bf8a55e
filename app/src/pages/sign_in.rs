//! Signing in: beneficiaries (`/connexion`, then `/connexion/code`) and staff (`/agent/connexion`).
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use leptos_router::hooks::use_query_map;

use crate::auth::{
    FORM_CODE, FORM_IDENTIFY, FORM_LINK, FORM_STAFF, Identify, LinkFranceconnect, ResendCode,
    StaffSignIn, VerifyCode, pending_franceconnect_link, pending_sign_in, providers,
};
use crate::components::fields::{Field, FormAlert};
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::forms::{FormState, PageFlash, action_error};

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<Identify>::new();
    let form = FormState::new(FORM_IDENTIFY, action_error(action));
    let franceconnect = providers().franceconnect;
    let failed = failure_message(
        &use_query_map()
            .get_untracked()
            .get("echec")
            .unwrap_or_default(),
    );
    view! {
        <Title text="Me connecter" />
        <h1>"Me connecter pour suivre mon parcours"</h1>
        {failed.map(|m| view! { <p class="error" role="alert" data-testid="sign-in-failed">{m}</p> })}
        {franceconnect.then(|| view! {
            <section class="provider-sign-in" aria-labelledby="franceconnect-title">
                <h2 id="franceconnect-title" class="visually-hidden">"Avec FranceConnect"</h2>
                <p>"FranceConnect vous permet de vous connecter avec un compte que vous avez déjà (impots.gouv.fr, ameli.fr, l'Identité Numérique La Poste…)."</p>
                <a class="provider-button franceconnect" href="/connexion/franceconnect">
                    "S'identifier avec "<strong>"FranceConnect"</strong>
                </a>
                <p>
                    <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu'est-ce que FranceConnect ? (nouvelle fenêtre)">
                        "Qu'est-ce que FranceConnect ?"
                    </a>
                </p>
                <p class="separator" aria-hidden="true"><span>"ou"</span></p>
            </section>
        })}
        <h2 class="sign-in-way">{if franceconnect { "Avec un code reçu par SMS ou e-mail" } else { "Avec un code" }}</h2>
        <p>
            "Indiquez votre numéro allocataire et votre date de naissance. Nous vous enverrons un code à 6 chiffres par SMS (ou par e-mail) pour vérifier que c'est bien vous."
        </p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            <ActionForm action attr:class="narrow-form" attr:novalidate=true>
                <FormAlert message=Signal::derive(move || form.general_error(&["numero", "naissance"])) />
                <Field
                    name="numero"
                    label="Numéro allocataire"
                    hint="Il est écrit en haut de vos courriers de la CAF et dans votre espace caf.fr."
                    inputmode="numeric"
                    autocomplete="off"
                    value=Signal::derive(move || form.value("numero"))
                    error=Signal::derive(move || form.field_error("numero"))
                />
                <Field
                    name="naissance"
                    label="Date de naissance"
                    hint="Par exemple 15/03/1985."
                    kind="date"
                    autocomplete="bday"
                    value=Signal::derive(move || form.value("naissance"))
                    error=Signal::derive(move || form.field_error("naissance"))
                />
                <button type="submit">"Recevoir mon code"</button>
            </ActionForm>
        </Suspense>
        <p class="muted">
            "Un problème pour vous connecter ? Appelez le "
            <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a>
            ". Vous pouvez aussi poser vos questions à votre référent."
        </p>
        <p>
            <a href="/agent/connexion">"Vous êtes agent du Département ? Connexion des agents"</a>
        </p>
    }
}

#[component]
pub fn CodePage() -> impl IntoView {
    let verify = ServerAction::<VerifyCode>::new();
    let resend = ServerAction::<ResendCode>::new();
    let verify_error = action_error(verify);
    let resend_error = action_error(resend);
    let flash = PageFlash::provide();
    let form = FormState::new(
        FORM_CODE,
        Signal::derive(move || verify_error.get().or(resend_error.get())),
    );
    let pending = Resource::new(move || resend.version().get(), |_| pending_sign_in());
    view! {
        <Title text="Mon code de connexion" />
        <h1>"Mon code de connexion"</h1>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pending.await {
                    Ok(Some(sent)) => {
                        let how = if sent.channel == "sms" { "par SMS au" } else { "par e-mail à" };
                        let other = sent.other_channel.clone();
                        view! {
                            <p aria-live="polite" data-testid="destination">
                                "Nous vous avons envoyé un code à 6 chiffres " {how} " "
                                <strong>{sent.destination.clone()}</strong>
                                ". Il est valable 10 minutes."
                            </p>
                            <ActionForm action=verify attr:class="narrow-form" attr:novalidate=true>
                                <FormAlert message=Signal::derive(move || form.general_error(&["code"])) />
                                <Field
                                    name="code"
                                    label="Code reçu"
                                    hint="6 chiffres."
                                    inputmode="numeric"
                                    autocomplete="one-time-code"
                                    value=Signal::derive(String::new)
                                    error=Signal::derive(move || form.field_error("code"))
                                />
                                <button type="submit">"Valider"</button>
                            </ActionForm>
                            <div class="secondary-actions">
                                <ActionForm action=resend>
                                    <button type="submit" class="secondary">"Renvoyer le code"</button>
                                </ActionForm>
                                {other.map(|c| {
                                    let label = if c == "email" { "Recevoir le code par e-mail" } else { "Recevoir le code par SMS" };
                                    view! {
                                        <ActionForm action=resend>
                                            <input type="hidden" name="canal" value=c />
                                            <button type="submit" class="secondary">{label}</button>
                                        </ActionForm>
                                    }
                                })}
                            </div>
                        }
                            .into_any()
                    }
                    Ok(None) => view! {
                        <p>"Aucune demande de connexion n'est en cours, ou elle a expiré."</p>
                        <p><a class="button" href="/connexion">"Recommencer"</a></p>
                    }
                        .into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    let form = FormState::new(FORM_STAFF, action_error(action));
    let proconnect = providers().proconnect;
    let failed = failure_message(
        &use_query_map()
            .get_untracked()
            .get("echec")
            .unwrap_or_default(),
    );
    view! {
        <Title text="Connexion des agents" />
        <h1>"Connexion des agents du Département"</h1>
        {failed.map(|m| view! { <p class="error" role="alert" data-testid="sign-in-failed">{m}</p> })}
        {proconnect.then(|| view! {
            <section class="provider-sign-in" aria-labelledby="proconnect-title">
                <h2 id="proconnect-title" class="visually-hidden">"Avec ProConnect"</h2>
                <a class="provider-button proconnect" href="/agent/connexion/proconnect">
                    "S'identifier avec "<strong>"ProConnect"</strong>
                </a>
                <p>
                    <a href="https://www.proconnect.gouv.fr/" target="_blank" rel="noopener" title="Qu'est-ce que ProConnect ? (nouvelle fenêtre)">
                        "Qu'est-ce que ProConnect ?"
                    </a>
                </p>
                <p class="separator" aria-hidden="true"><span>"ou"</span></p>
            </section>
        })}
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            <ActionForm action attr:class="narrow-form" attr:novalidate=true>
                <FormAlert message=Signal::derive(move || form.general_error(&["email", "password"])) />
                <Field
                    name="email"
                    label="Adresse e-mail professionnelle"
                    kind="email"
                    autocomplete="username"
                    value=Signal::derive(move || form.value("email"))
                    error=Signal::derive(move || form.field_error("email"))
                />
                <Field
                    name="password"
                    label="Mot de passe"
                    kind="password"
                    autocomplete="current-password"
                    value=Signal::derive(String::new)
                    error=Signal::derive(move || form.field_error("password"))
                />
                <button type="submit">"Me connecter"</button>
            </ActionForm>
        </Suspense>
        <p class="muted">"Mot de passe oublié ? Demandez à votre responsable d'unité de le réinitialiser."</p>
    }
}

/// What the sign-in pages say after a failed sign-in through a provider (`?echec=`): the cause
/// is in the logs and the audit trail, the person gets what to do next.
fn failure_message(code: &str) -> Option<String> {
    let phone = CONTACT_PHONE;
    match code {
        "franceconnect" => Some(format!(
            "La connexion avec FranceConnect n'a pas abouti. Réessayez, ou connectez-vous avec un code ci-dessous. Si le problème continue, appelez le {phone}."
        )),
        "proconnect" => Some(
            "La connexion avec ProConnect n'a pas abouti. Réessayez, ou connectez-vous avec votre mot de passe.".to_string(),
        ),
        "compte" => Some(
            "ProConnect vous a bien identifié, mais aucun compte agent actif de Passerelle n'a cette adresse e-mail. Demandez à votre responsable d'unité de créer votre compte avec votre adresse professionnelle.".to_string(),
        ),
        _ => None,
    }
}

/// First sign-in with FranceConnect: the person links their identity to their file.
#[component]
pub fn FranceConnectLinkPage() -> impl IntoView {
    let action = ServerAction::<LinkFranceconnect>::new();
    let form = FormState::new(FORM_LINK, action_error(action));
    let flash = PageFlash::provide();
    let pending = Resource::new(|| (), |_| pending_franceconnect_link());
    view! {
        <Title text="Relier FranceConnect à mon dossier" />
        <h1>"Relier FranceConnect à mon dossier"</h1>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pending.await {
                    Ok(Some(who)) => view! {
                        <p data-testid="franceconnect-identity">
                            "FranceConnect vous a identifié : "<strong>{who.name.clone()}</strong>
                            {who.birth_date.clone().map(|d| view! { ", né(e) le "<strong>{d}</strong> })}
                            "."
                        </p>
                        <p>
                            "C'est votre première connexion avec FranceConnect. Indiquez votre numéro allocataire : nous vérifions que le dossier est bien à votre nom et à votre date de naissance. Ensuite, un clic sur FranceConnect suffira."
                        </p>
                        <ActionForm action attr:class="narrow-form" attr:novalidate=true>
                            <FormAlert message=Signal::derive(move || form.general_error(&["numero"])) />
                            <Field
                                name="numero"
                                label="Numéro allocataire"
                                hint="Il est écrit en haut de vos courriers de la CAF et dans votre espace caf.fr."
                                inputmode="numeric"
                                autocomplete="off"
                                value=Signal::derive(move || form.value("numero"))
                                error=Signal::derive(move || form.field_error("numero"))
                            />
                            <button type="submit">"Relier et continuer"</button>
                        </ActionForm>
                        <p class="muted">
                            "Un problème ? Appelez le "
                            <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a>
                            "."
                        </p>
                    }
                        .into_any(),
                    Ok(None) => view! {
                        <p>"Aucune connexion avec FranceConnect n'est en cours, ou elle a expiré."</p>
                        <p><a class="button" href="/connexion">"Recommencer"</a></p>
                    }
                        .into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
