//! Signing in: beneficiaries (`/connexion`, then `/connexion/code`) and staff (`/agent/connexion`).
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{
    FORM_CODE, FORM_IDENTIFY, FORM_STAFF, Identify, ResendCode, StaffSignIn, VerifyCode,
    pending_sign_in,
};
use crate::components::fields::{Field, FormAlert};
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::forms::{FormState, PageFlash, action_error};

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<Identify>::new();
    let form = FormState::new(FORM_IDENTIFY, action_error(action));
    view! {
        <Title text="Me connecter" />
        <h1>"Me connecter pour suivre mon parcours"</h1>
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
    view! {
        <Title text="Connexion des agents" />
        <h1>"Connexion des agents du Département"</h1>
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
