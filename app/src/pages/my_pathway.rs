//! `/mon-parcours`: the beneficiary's pathway on a phone.
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::fields::FormAlert;
use crate::components::guard::ErrorView;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::components::pathway_view::{
    AppointmentCard, ContractCard, EmploymentCard, ReferentCard, StatusCard, Timeline,
};
use crate::forms::{FormState, PageFlash, action_error};
use crate::pathway::{
    AskQuestion, CannotAttend, ChooseChannels, FORM_QUESTION, InboxView, PathwayView, my_pathway,
};

#[component]
pub fn MyPathwayPage() -> impl IntoView {
    let ask = ServerAction::<AskQuestion>::new();
    let absent = ServerAction::<CannotAttend>::new();
    let channels = ServerAction::<ChooseChannels>::new();
    let flash = PageFlash::provide();
    let pathway = Resource::new(
        move || {
            (
                ask.version().get(),
                absent.version().get(),
                channels.version().get(),
            )
        },
        |_| my_pathway(),
    );
    let query = use_query_map();
    let channels_saved = move || {
        query.read().get("canaux").is_some() || channels.value().get().is_some_and(|r| r.is_ok())
    };
    let sent = move || {
        query.read().get("envoye").is_some()
            || ask.value().get().is_some_and(|r| r.is_ok())
            || absent.value().get().is_some_and(|r| r.is_ok())
    };
    view! {
        <Title text="Mon parcours" />
        // Keeps the last version of this page readable without a connection, where the browser
        // allows (a service worker caches it; signing out clears it). A tiny script of its own:
        // the page has nothing else to run in the browser.
        <script src="/hors-ligne.js" defer></script>
        <h1>"Mon parcours"</h1>
        <Suspense fallback=|| view! { <p>"Chargement de votre parcours…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pathway.await {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(view) => view! { <Pathway view ask absent channels sent=Signal::derive(sent) channels_saved=Signal::derive(channels_saved) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Pathway(
    view: PathwayView,
    ask: ServerAction<AskQuestion>,
    absent: ServerAction<CannotAttend>,
    channels: ServerAction<ChooseChannels>,
    sent: Signal<bool>,
    channels_saved: Signal<bool>,
) -> impl IntoView {
    let next = view.next_appointment.clone();
    let referent = view.referent.clone();
    let contract = view.contract.clone();
    let employment = view.employment.clone();
    let timeline = view.timeline.clone();
    let inbox = view.inbox.clone();
    let greeting = format!("Bonjour {} {}", view.first_name, view.last_name);
    view! {
        <p class="lead">{greeting}</p>
        <StatusCard view=view.clone() />
        {next.map(|a| {
            let id = a.id;
            view! {
                <section class="card" aria-labelledby="titre-rdv">
                    <h2 id="titre-rdv">"Votre prochain rendez-vous"</h2>
                    <AppointmentCard appointment=a ics_link=true />
                    <CannotAttendForm appointment=id action=absent />
                </section>
            }
        })}
        {referent.map(|r| view! { <ReferentCard referent=r /> })}
        {contract.map(|c| view! { <ContractCard contract=c /> })}
        {employment.map(|e| view! { <EmploymentCard employment=e /> })}
        <QuestionForm action=ask sent />
        <Messages inbox />
        <Timeline entries=timeline />
        <ChannelsForm view=view.clone() action=channels saved=channels_saved />
        <p class="muted">
            "Une question urgente ? Appelez le " <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."
        </p>
        <p><a href="/mes-donnees">"Mes données : tout ce que le Département garde sur moi"</a></p>
    }
}

/// How the person wants to hear from Passerelle: each channel they have can be refused.
#[component]
fn ChannelsForm(
    view: PathwayView,
    action: ServerAction<ChooseChannels>,
    saved: Signal<bool>,
) -> impl IntoView {
    let form = FormState::new(crate::pathway::FORM_CHANNELS, action_error(action));
    let phone = view.phone.clone();
    let email = view.email.clone();
    let none = phone.is_none() && email.is_none();
    view! {
        <section class="card" aria-labelledby="titre-canaux" id="canaux">
            <h2 id="titre-canaux">"Comment vous prévenir"</h2>
            <p>"Nous vous envoyons l'invitation, les rappels de vos rendez-vous et les réponses à vos messages. Les codes de connexion que vous demandez arrivent toujours."</p>
            <div role="status">
                {move || saved.get().then(|| view! { <p class="success">"Vos choix sont enregistrés."</p> })}
            </div>
            {if none {
                view! { <p>"Nous n'avons ni votre numéro de téléphone ni votre e-mail. Pour en donner un, appelez le " <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action attr:novalidate=true>
                        <FormAlert message=Signal::derive(move || form.general_error(&[])) />
                        <fieldset class="radios">
                            <legend>"Je veux recevoir les messages :"</legend>
                            {phone.map(|p| view! {
                                <div class="choice">
                                    <input type="checkbox" id="canal-sms" name="sms" value="oui" checked=!view.sms_refused />
                                    <label for="canal-sms">"par SMS au " {p}</label>
                                </div>
                            })}
                            {email.map(|e| view! {
                                <div class="choice">
                                    <input type="checkbox" id="canal-email" name="email" value="oui" checked=!view.email_refused />
                                    <label for="canal-email">"par e-mail à " {e}</label>
                                </div>
                            })}
                        </fieldset>
                        <button type="submit" class="secondary">"Enregistrer mes choix"</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CannotAttendForm(appointment: i64, action: ServerAction<CannotAttend>) -> impl IntoView {
    let form = FormState::new("absence", action_error(action));
    view! {
        <details class="inline-form">
            <summary>"Je ne peux pas venir"</summary>
            <ActionForm action attr:novalidate=true>
                <input type="hidden" name="rendez_vous" value=appointment />
                <FormAlert message=Signal::derive(move || form.general_error(&["texte"])) />
                <div class="field" class:invalid=move || form.field_error("texte").is_some()>
                    <label for="absence-texte">"Pourquoi ? Quand êtes-vous disponible ?"</label>
                    <span class="hint" id="absence-texte-aide">"Nous vous proposerons une autre date."</span>
                    <textarea id="absence-texte" name="texte" rows="3" aria-describedby="absence-texte-aide absence-texte-erreur">
                        {move || form.value("texte")}
                    </textarea>
                    <p class="field-error" id="absence-texte-erreur">{move || form.field_error("texte")}</p>
                </div>
                <button type="submit">"Prévenir le Département"</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn QuestionForm(action: ServerAction<AskQuestion>, sent: Signal<bool>) -> impl IntoView {
    let form = FormState::new(FORM_QUESTION, action_error(action));
    view! {
        <section class="card" aria-labelledby="titre-question" id="messages">
            <h2 id="titre-question">"Poser une question"</h2>
            <div role="status">
                {move || sent.get().then(|| view! { <p class="success">"Votre message a bien été envoyé. Nous vous répondrons ici, et par SMS ou e-mail."</p> })}
            </div>
            <ActionForm action attr:novalidate=true>
                <FormAlert message=Signal::derive(move || form.general_error(&["texte"])) />
                <div class="field" class:invalid=move || form.field_error("texte").is_some()>
                    <label for="question-texte">"Votre question"</label>
                    <span class="hint" id="question-texte-aide">"Un agent du Département vous répondra."</span>
                    <textarea id="question-texte" name="texte" rows="4" aria-describedby="question-texte-aide question-texte-erreur">
                        {move || form.value("texte")}
                    </textarea>
                    <p class="field-error" id="question-texte-erreur">{move || form.field_error("texte")}</p>
                </div>
                <button type="submit">"Envoyer ma question"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Messages(inbox: Vec<InboxView>) -> impl IntoView {
    (!inbox.is_empty()).then(|| {
        view! {
            <section aria-labelledby="titre-messages">
                <h2 id="titre-messages">"Vos messages"</h2>
                <ul class="message-list">
                    {inbox
                        .into_iter()
                        .map(|m| view! {
                            <li class="card">
                                <p class="muted">
                                    {if m.kind == "cannot_attend" { "Absence signalée" } else { "Votre question" }} " — " {m.sent_label.clone()}
                                </p>
                                <p class="message-body">{m.body.clone()}</p>
                                {match (m.answer.clone(), m.answered_label.clone()) {
                                    (Some(a), Some(when)) => view! {
                                        <div class="answer">
                                            <p class="muted">"Réponse du Département — " {when}</p>
                                            <p class="message-body">{a}</p>
                                        </div>
                                    }.into_any(),
                                    _ => view! { <p class="muted">"En attente de réponse."</p> }.into_any(),
                                }}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
