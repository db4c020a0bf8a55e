//! `/mon-parcours`: the beneficiary's pathway on a phone.
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

use crate::components::fields::FormAlert;
use crate::components::guard::ErrorView;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::components::pathway_view::{
    AppointmentCard, ContractCard, DeadlinesNote, EmploymentCard, ReferentCard, SanctionCard,
    StatusCard, Timeline,
};
use crate::forms::{FormState, PageFlash, action_error};
use crate::pathway::{
    AskHearing, AskQuestion, CannotAttend, ChooseChannels, FORM_OBSERVATIONS, FORM_QUESTION,
    InboxView, PathwayView, SanctionView, SendObservations, my_pathway,
};

#[component]
pub fn MyPathwayPage() -> impl IntoView {
    let ask = ServerAction::<AskQuestion>::new();
    let absent = ServerAction::<CannotAttend>::new();
    let channels = ServerAction::<ChooseChannels>::new();
    let observations = ServerAction::<SendObservations>::new();
    let hearing = ServerAction::<AskHearing>::new();
    let flash = PageFlash::provide();
    let pathway = Resource::new(
        move || {
            (
                ask.version().get(),
                absent.version().get(),
                channels.version().get(),
                observations.version().get(),
                hearing.version().get(),
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
    let l = crate::lang::locale();
    view! {
        <Title text=td_string!(l, pathway.title) />
        <Meta name="description" content=td_string!(l, pathway.description) />
        // Keeps the last version of this page readable without a connection, where the browser
        // allows (a service worker caches it; signing out clears it). A tiny script of its own:
        // the page has nothing else to run in the browser.
        <script src="/hors-ligne.js" defer></script>
        <h1>{td_string!(l, pathway.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(l, pathway.loading)}</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match pathway.await {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(view) => view! { <Pathway view ask absent channels observations hearing sent=Signal::derive(sent) channels_saved=Signal::derive(channels_saved) /> }.into_any(),
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
    observations: ServerAction<SendObservations>,
    hearing: ServerAction<AskHearing>,
    sent: Signal<bool>,
    channels_saved: Signal<bool>,
) -> impl IntoView {
    let sanction = view.sanction.clone();
    let deadlines = view.deadlines.clone();
    let next = view.next_appointment.clone();
    let referent = view.referent.clone();
    let contract = view.contract.clone();
    let employment = view.employment.clone();
    let timeline = view.timeline.clone();
    let inbox = view.inbox.clone();
    let l = crate::lang::locale();
    let greeting = td_string!(
        l,
        pathway.greeting,
        name = format!("{} {}", view.first_name, view.last_name)
    );
    view! {
        <p class="lead">{greeting}</p>
        <StatusCard view=view.clone() />
        <DeadlinesNote deadlines />
        {sanction.map(|s| {
            let answer = s.clone();
            view! {
                <SanctionCard sanction=s letter_href="/mon-parcours/courrier".to_string()>
                    <AnswerForms sanction=answer.clone() observations hearing />
                </SanctionCard>
            }
        })}
        {next.map(|a| {
            let id = a.id;
            view! {
                <section class="card" aria-labelledby="titre-rdv">
                    <h2 id="titre-rdv">{td_string!(l, pathway.next_appointment)}</h2>
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
            {td_string!(l, pathway.urgent)} " " <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."
        </p>
        <p><a href="/mes-donnees">{td_string!(l, pathway.my_data_link)}</a></p>
    }
}

/// The person's answers to a notice: written observations (kept, added to), and asking to be
/// heard (once). Both post without JavaScript.
#[component]
fn AnswerForms(
    sanction: SanctionView,
    observations: ServerAction<SendObservations>,
    hearing: ServerAction<AskHearing>,
) -> impl IntoView {
    let form = FormState::new(FORM_OBSERVATIONS, action_error(observations));
    let l = crate::lang::locale();
    let may_ask = sanction.hearing_asked_on.is_none() && sanction.hearing_on.is_none();
    view! {
        <ActionForm action=observations attr:novalidate=true>
            <FormAlert form fields=["texte"].to_vec() />
            <div class="field" class:invalid=move || form.field_error("texte").is_some()>
                <label for="observations-texte">{td_string!(l, obligations.write)}</label>
                <span class="hint" id="observations-texte-aide">{td_string!(l, obligations.write_hint)}</span>
                <textarea id="observations-texte" name="texte" rows="5" aria-describedby="observations-texte-aide observations-texte-erreur">
                    {move || form.value("texte")}
                </textarea>
                <p class="field-error" id="observations-texte-erreur">{move || form.field_error("texte")}</p>
            </div>
            <button type="submit">{td_string!(l, obligations.send)}</button>
        </ActionForm>
        {may_ask.then(|| view! {
            <ActionForm action=hearing>
                <p class="hint" id="etre-recu-aide">{td_string!(l, obligations.hearing_hint)}</p>
                <button type="submit" class="secondary" aria-describedby="etre-recu-aide">{td_string!(l, obligations.ask_hearing)}</button>
            </ActionForm>
        })}
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
    let l = crate::lang::locale();
    let chosen = view.message_lang;
    view! {
        <section class="card" aria-labelledby="titre-canaux" id="canaux">
            <h2 id="titre-canaux">{td_string!(l, pathway.channels_title)}</h2>
            <p>{td_string!(l, pathway.channels_intro)}</p>
            <div role="status">
                {move || saved.get().then(|| view! { <p class="success">{td_string!(l, pathway.channels_saved)}</p> })}
            </div>
            {if none {
                view! { <p>{td_string!(l, pathway.channels_none)} " " <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a> "."</p> }.into_any()
            } else {
                view! {
                    <ActionForm action attr:novalidate=true>
                        <FormAlert form fields=[].to_vec() />
                        <fieldset class="radios">
                            <legend>{td_string!(l, pathway.channels_legend)}</legend>
                            {phone.map(|p| view! {
                                <div class="choice">
                                    <input type="checkbox" id="canal-sms" name="sms" value="oui" checked=!view.sms_refused />
                                    <label for="canal-sms">{td_string!(l, pathway.by_sms)} " " <bdi class="phone-number">{p}</bdi></label>
                                </div>
                            })}
                            {email.map(|e| view! {
                                <div class="choice">
                                    <input type="checkbox" id="canal-email" name="email" value="oui" checked=!view.email_refused />
                                    <label for="canal-email">{td_string!(l, pathway.by_email)} " " <bdi>{e}</bdi></label>
                                </div>
                            })}
                        </fieldset>
                        <fieldset class="radios">
                            <legend>{td_string!(l, pathway.message_lang)}</legend>
                            <p class="hint">{td_string!(l, pathway.message_lang_hint)}</p>
                            {passerelle::lang::Lang::ALL.into_iter().map(|lang| {
                                let id = format!("langue-{}", lang.code());
                                view! {
                                    <div class="choice">
                                        <input type="radio" id=id.clone() name="langue" value=lang.code() checked=lang == chosen />
                                        <label for=id lang=lang.code() dir=lang.dir()>{lang.name()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <button type="submit" class="secondary">{td_string!(l, pathway.channels_save)}</button>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn CannotAttendForm(appointment: i64, action: ServerAction<CannotAttend>) -> impl IntoView {
    let form = FormState::new("absence", action_error(action));
    let l = crate::lang::locale();
    view! {
        <details class="inline-form">
            <summary>{td_string!(l, pathway.cannot_come)}</summary>
            <ActionForm action attr:novalidate=true>
                <input type="hidden" name="rendez_vous" value=appointment />
                <FormAlert form fields=["texte"].to_vec() />
                <div class="field" class:invalid=move || form.field_error("texte").is_some()>
                    <label for="absence-texte">{td_string!(l, pathway.why)}</label>
                    <span class="hint" id="absence-texte-aide">{td_string!(l, pathway.why_hint)}</span>
                    <textarea id="absence-texte" name="texte" rows="3" aria-describedby="absence-texte-aide absence-texte-erreur">
                        {move || form.value("texte")}
                    </textarea>
                    <p class="field-error" id="absence-texte-erreur">{move || form.field_error("texte")}</p>
                </div>
                <button type="submit">{td_string!(l, pathway.notify)}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn QuestionForm(action: ServerAction<AskQuestion>, sent: Signal<bool>) -> impl IntoView {
    let form = FormState::new(FORM_QUESTION, action_error(action));
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-question" id="messages">
            <h2 id="titre-question">{td_string!(l, pathway.ask_title)}</h2>
            <div role="status">
                {move || sent.get().then(|| view! { <p class="success">{td_string!(l, pathway.sent)}</p> })}
            </div>
            <ActionForm action attr:novalidate=true>
                <FormAlert form fields=["texte"].to_vec() />
                <div class="field" class:invalid=move || form.field_error("texte").is_some()>
                    <label for="question-texte">{td_string!(l, pathway.question)}</label>
                    <span class="hint" id="question-texte-aide">{td_string!(l, pathway.question_hint)}</span>
                    <textarea id="question-texte" name="texte" rows="4" aria-describedby="question-texte-aide question-texte-erreur">
                        {move || form.value("texte")}
                    </textarea>
                    <p class="field-error" id="question-texte-erreur">{move || form.field_error("texte")}</p>
                </div>
                <button type="submit">{td_string!(l, pathway.send)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Messages(inbox: Vec<InboxView>) -> impl IntoView {
    let l = crate::lang::locale();
    (!inbox.is_empty()).then(|| {
        view! {
            <section aria-labelledby="titre-messages">
                <h2 id="titre-messages">{td_string!(l, pathway.messages_title)}</h2>
                <ul class="message-list">
                    {inbox
                        .into_iter()
                        .map(|m| view! {
                            <li class="card">
                                <p class="muted">
                                    {if m.kind == "cannot_attend" { td_string!(l, pathway.absence) } else { td_string!(l, pathway.your_question) }} " — " {m.sent_label.clone()}
                                </p>
                                // Free text, in whatever language it was written: its own direction.
                                <p class="message-body" dir="auto">{m.body.clone()}</p>
                                {match (m.answer.clone(), m.answered_label.clone()) {
                                    (Some(a), Some(when)) => view! {
                                        <div class="answer">
                                            <p class="muted">{td_string!(l, pathway.answer_from)} " — " {when}</p>
                                            <p class="message-body" dir="auto">{a}</p>
                                        </div>
                                    }.into_any(),
                                    _ => view! { <p class="muted">{td_string!(l, pathway.awaiting)}</p> }.into_any(),
                                }}
                            </li>
                        })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
