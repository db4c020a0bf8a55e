//! Signing in: beneficiaries (`/connexion`, then `/connexion/code`) and staff (`/agent/connexion`).
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use leptos_router::hooks::use_query_map;

use crate::auth::{
    FORM_CODE, FORM_IDENTIFY, FORM_LINK, FORM_SIGN_IN_LINK, FORM_STAFF, Identify,
    LinkFranceconnect, ResendCode, SignInWithLink, StaffSignIn, VerifyCode,
    pending_franceconnect_link, pending_sign_in, providers,
};
use crate::components::fields::{DateParts, Field, FormAlert};
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::forms::{FormState, PageFlash, action_error};
use crate::lang::locale;
use leptos_i18n::td_string;

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<Identify>::new();
    let form = FormState::new(FORM_IDENTIFY, action_error(action));
    let franceconnect = providers().franceconnect;
    let l = locale();
    let failed = failure_message(
        &use_query_map()
            .get_untracked()
            .get("echec")
            .unwrap_or_default(),
    );
    view! {
        <Title text=td_string!(l, sign_in.title) />
        <Meta name="description" content=td_string!(l, sign_in.description) />
        <h1>{td_string!(l, sign_in.heading)}</h1>
        {failed.map(|m| view! { <p class="error" role="alert" data-testid="sign-in-failed">{m}</p> })}
        {franceconnect.then(|| view! {
            <section class="provider-sign-in" aria-labelledby="franceconnect-title">
                <h2 id="franceconnect-title" class="visually-hidden">{td_string!(l, sign_in.fc_section)}</h2>
                <p>{td_string!(l, sign_in.fc_intro)}</p>
                <a class="provider-button franceconnect" href="/connexion/franceconnect">
                    {td_string!(l, sign_in.fc_button)}" "<strong lang="fr" dir="ltr">"FranceConnect"</strong>
                </a>
                <p>
                    <a href="https://franceconnect.gouv.fr/" target="_blank" rel="noopener" title=td_string!(l, sign_in.fc_what_title)>
                        {td_string!(l, sign_in.fc_what)}
                    </a>
                </p>
                <p class="separator" aria-hidden="true"><span>{td_string!(l, sign_in.or)}</span></p>
            </section>
        })}
        <h2 class="sign-in-way">
            {if franceconnect { td_string!(l, sign_in.with_code_fc) } else { td_string!(l, sign_in.with_code) }}
        </h2>
        <p>{td_string!(l, sign_in.intro)}</p>
        <Suspense fallback=move || view! { <p>{td_string!(l, sign_in.loading)}</p> }>
            <ActionForm action attr:class="narrow-form" attr:novalidate=true>
                <FormAlert form fields=["numero", "naissance"].to_vec() />
                <FileNumberField form />
                <DateParts
                    name="naissance"
                    legend=td_string!(l, sign_in.birth_label)
                    hint=td_string!(l, sign_in.birth_hint)
                    values=Signal::derive(move || ["jour", "mois", "annee"].map(|p| form.value(&format!("naissance_{p}"))))
                    error=Signal::derive(move || form.field_error("naissance"))
                />
                <button type="submit">{td_string!(l, sign_in.send_code)}</button>
            </ActionForm>
        </Suspense>
        <p class="muted">
            {td_string!(l, sign_in.trouble)}
            " "
            <a href=CONTACT_PHONE_URI dir="ltr">{CONTACT_PHONE}</a>
            ". "
            {td_string!(l, sign_in.trouble_after)}
        </p>
        <p>
            <a href="/agent/connexion" lang="fr" dir="ltr">"Vous êtes agent du Département ? Connexion des agents"</a>
        </p>
    }
}

/// The CAF file number, as the code sign-in and the FranceConnect link ask for it.
#[component]
fn FileNumberField(form: FormState) -> impl IntoView {
    let l = locale();
    view! {
        <Field
            name="numero"
            label=td_string!(l, sign_in.file_label)
            hint=td_string!(l, sign_in.file_hint)
            inputmode="numeric"
            autocomplete="off"
            value=Signal::derive(move || form.value("numero"))
            error=Signal::derive(move || form.field_error("numero"))
        />
    }
}

/// Nothing under way (expired, or never started): why, and the way back to the start.
fn start_again(why: &'static str) -> AnyView {
    view! {
        <p>{why}</p>
        <p><a class="button" href="/connexion">{td_string!(locale(), sign_in.restart)}</a></p>
    }
    .into_any()
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
    let l = locale();
    view! {
        <Title text=td_string!(l, sign_in.code_title) />
        <h1>{td_string!(l, sign_in.code_title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(l, sign_in.loading)}</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pending.await {
                    Ok(Some(sent)) => {
                        // Where the code went is not said when the file's birth date was being
                        // guessed; a link replaces the code after too many wrong codes.
                        let said = match (sent.channel.as_str(), sent.link) {
                            ("", _) => td_string!(l, sign_in.code_sent_undisclosed),
                            ("sms", false) => td_string!(l, sign_in.code_sent_sms),
                            (_, false) => td_string!(l, sign_in.code_sent_email),
                            ("sms", true) => td_string!(l, sign_in.magic_sent_sms),
                            (_, true) => td_string!(l, sign_in.magic_sent_email),
                        };
                        let destination = (!sent.destination.is_empty()).then(|| {
                            view! { " " <strong dir="ltr">{sent.destination.clone()}</strong> "." }
                        });
                        let valid = if sent.link {
                            td_string!(l, sign_in.magic_valid)
                        } else {
                            td_string!(l, sign_in.code_valid)
                        };
                        let other = sent.other_channel.clone();
                        let code_form = (!sent.link).then(|| view! {
                            <ActionForm action=verify attr:class="narrow-form" attr:novalidate=true>
                                <FormAlert form fields=["code"].to_vec() />
                                <Field
                                    name="code"
                                    label=td_string!(l, sign_in.code_label)
                                    hint=td_string!(l, sign_in.code_hint)
                                    inputmode="numeric"
                                    autocomplete="one-time-code"
                                    value=Signal::derive(String::new)
                                    error=Signal::derive(move || form.field_error("code"))
                                />
                                <button type="submit">{td_string!(l, sign_in.validate)}</button>
                            </ActionForm>
                        });
                        view! {
                            <p aria-live="polite" data-testid="destination">
                                {said}
                                {destination}
                                " "
                                {valid}
                            </p>
                            {code_form}
                            <div class="secondary-actions">
                                <ActionForm action=resend>
                                    <button type="submit" class="secondary">{td_string!(l, sign_in.resend)}</button>
                                </ActionForm>
                                {other.map(|c| {
                                    let label = if c == "email" {
                                        td_string!(l, sign_in.by_email)
                                    } else {
                                        td_string!(l, sign_in.by_sms)
                                    };
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
                    Ok(None) => start_again(td_string!(l, sign_in.none_pending)),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The page a sign-in link opens: one button, which posts the link's token. Opening the link alone
/// (a mail or SMS scanner previewing it) uses nothing.
#[component]
pub fn SignInLinkPage() -> impl IntoView {
    let action = ServerAction::<SignInWithLink>::new();
    let form = FormState::new(FORM_SIGN_IN_LINK, action_error(action));
    let flash = PageFlash::provide();
    let token = use_query_map()
        .get_untracked()
        .get("jeton")
        .unwrap_or_default();
    let l = locale();
    view! {
        <Title text=td_string!(l, sign_in.magic_title) />
        <h1>{td_string!(l, sign_in.magic_title)}</h1>
        <p>{td_string!(l, sign_in.magic_intro)}</p>
        // The error of a form posted without JavaScript comes back in the session (the flash):
        // read before the form renders.
        <Suspense fallback=move || view! { <p>{td_string!(l, sign_in.loading)}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    let _ = flash.0.await;
                    view! {
                        <ActionForm action attr:class="narrow-form">
                            <FormAlert form fields=[].to_vec() />
                            <input type="hidden" name="jeton" value=token />
                            <button type="submit">{td_string!(l, sign_in.magic_button)}</button>
                        </ActionForm>
                    }
                })
            }}
        </Suspense>
        <p><a href="/connexion">{td_string!(l, sign_in.restart)}</a></p>
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
                <FormAlert form fields=["email", "password"].to_vec() />
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
            "{} {phone}.",
            td_string!(locale(), sign_in.failed)
        )),
        "annule-franceconnect" => Some(td_string!(locale(), sign_in.fc_cancelled).to_string()),
        "annule-proconnect" => Some(
            "Vous avez annulé la connexion avec ProConnect. Vous pouvez réessayer, ou vous connecter avec votre mot de passe.".to_string(),
        ),
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
    let l = locale();
    view! {
        <Title text=td_string!(l, sign_in.link_title) />
        <h1>{td_string!(l, sign_in.link_title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(l, sign_in.loading)}</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pending.await {
                    Ok(Some(who)) => view! {
                        <p data-testid="franceconnect-identity">
                            {td_string!(l, sign_in.link_identified)}" "<strong>{who.name.clone()}</strong>
                            {who.birth_date.clone().map(|d| view! { ", "{td_string!(l, sign_in.link_born)}" "<strong>{d}</strong> })}
                            "."
                        </p>
                        <p>
                            {td_string!(l, sign_in.link_first_time)}
                        </p>
                        <ActionForm action attr:class="narrow-form" attr:novalidate=true>
                            <FormAlert form fields=["numero"].to_vec() />
                            <FileNumberField form />
                            <button type="submit">{td_string!(l, sign_in.link_button)}</button>
                        </ActionForm>
                        <p class="muted">
                            {td_string!(l, sign_in.link_trouble)}
                            " "
                            <a href=CONTACT_PHONE_URI dir="ltr">{CONTACT_PHONE}</a>
                            "."
                        </p>
                    }
                        .into_any(),
                    Ok(None) => start_again(td_string!(l, sign_in.link_none)),
                    Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
