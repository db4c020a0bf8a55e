//! `/agent/personnes/:id`: a person's file for staff — the view the person has, plus the actions the
//! staff member's role allows. Each action is a form that works without JavaScript.
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use passerelle::pathway::{
    AppointmentStatus, Orientation, PathwayStatus, ReferentOrganisation, Transition,
};

use crate::components::fields::{Field, FormAlert, Select, TextArea};
use crate::components::guard::ErrorView;
use crate::components::pathway_view::{
    ContractCard, EmploymentCard, ReferentCard, SanctionCard, StatusCard, Timeline,
};
use crate::error::AppError;
use crate::forms::{FormState, PageFlash, action_error};
use crate::pathway::*;

/// All the actions of the page, so the file is read again after any of them.
#[derive(Clone, Copy)]
struct Actions {
    invite: ServerAction<Invite>,
    appointment: ServerAction<ScheduleAppointment>,
    outcome: ServerAction<RecordOutcome>,
    orientation: ServerAction<RecordOrientation>,
    contract: ServerAction<RecordContract>,
    action: ServerAction<RecordAction>,
    employment: ServerAction<RecordEmployment>,
    bonus: ServerAction<RecordBonusPaid>,
    exit: ServerAction<RecordExit>,
    reopen: ServerAction<Reopen>,
    note: ServerAction<AddNote>,
    answer: ServerAction<AnswerMessage>,
    unlock: ServerAction<UnlockAccess>,
    /// One per step of the suspension procedure (see [`SANCTION_STEPS`]), so that each form shows
    /// its own error.
    sanction: [ServerAction<SanctionStep>; 10],
}

/// The procedure's steps, in the order the forms show, with their button and box titles.
const SANCTION_STEPS: [(&str, &str); 10] = [
    ("report", "Signaler un manquement"),
    ("send_notice", "Enregistrer l'envoi du courrier"),
    ("notice_received", "Enregistrer la réception du courrier"),
    ("record_observations", "Enregistrer les observations reçues"),
    ("record_hearing", "Enregistrer l'entretien"),
    ("refer", "Transmettre à l'équipe pluridisciplinaire"),
    ("decide_none", "Décider : pas de sanction"),
    ("decide", "Décider une sanction"),
    ("lift", "Lever la suspension"),
    ("end", "Clore : la suspension a pris fin"),
];

impl Actions {
    fn new() -> Actions {
        Actions {
            invite: ServerAction::new(),
            appointment: ServerAction::new(),
            outcome: ServerAction::new(),
            orientation: ServerAction::new(),
            contract: ServerAction::new(),
            action: ServerAction::new(),
            employment: ServerAction::new(),
            bonus: ServerAction::new(),
            exit: ServerAction::new(),
            reopen: ServerAction::new(),
            note: ServerAction::new(),
            answer: ServerAction::new(),
            unlock: ServerAction::new(),
            sanction: std::array::from_fn(|_| ServerAction::new()),
        }
    }

    fn version(&self) -> usize {
        self.invite.version().get()
            + self.appointment.version().get()
            + self.outcome.version().get()
            + self.orientation.version().get()
            + self.contract.version().get()
            + self.action.version().get()
            + self.employment.version().get()
            + self.bonus.version().get()
            + self.exit.version().get()
            + self.reopen.version().get()
            + self.note.version().get()
            + self.answer.version().get()
            + self.unlock.version().get()
            + self
                .sanction
                .iter()
                .map(|a| a.version().get())
                .sum::<usize>()
    }
}

#[component]
pub fn PersonFilePage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()));
    let actions = Actions::new();
    let flash = PageFlash::provide();
    // The confirmation of the last save (one page view), re-read after each in-page save.
    let notice = Resource::new(move || actions.version(), |_| crate::forms::take_notice());
    let file = Resource::new(
        move || (id.get(), actions.version()),
        |(id, _)| async move {
            match id {
                Some(id) => person_file(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Dossier" />
        <p><a href="/agent">"← Retour à l'espace agents"</a></p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                notice.await.ok().flatten().map(|n| view! { <p class="notice" role="status" data-testid="notice">{n}</p> })
            })}
        </Suspense>
        <Suspense fallback=|| view! { <p>"Chargement du dossier…"</p> }>
            {move || Suspend::new(async move {
                let _ = flash.0.await;
                match file.await {
                    // Arrived from another site: one click from this page opens the file.
                    Err(AppError::Refused { message }) if message == crate::pathway::CROSS_SITE_FILE => view! {
                        <div class="notice" role="alert" data-testid="confirm-open">
                            <p>{message}</p>
                            <p><a class="button" href=format!("/agent/personnes/{}", id.get_untracked().unwrap_or_default())>"Ouvrir le dossier"</a></p>
                        </div>
                    }.into_any(),
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(f) => view! { <File file=f actions /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| (code(*t).to_string(), label(*t).to_string()))
        .collect()
}

#[component]
fn File(file: StaffFile, actions: Actions) -> impl IntoView {
    let v = file.view.clone();
    let id = v.beneficiary_id;
    let version = file.version;
    let name = format!("{} {}", v.first_name, v.last_name.to_uppercase());
    let age = v.birth_date.age_on(crate::clock::today());
    let allowed = file.allowed.clone();
    let can = move |t: Transition| file.may_record && allowed.contains(&t);
    let planned: Vec<AppointmentView> = v
        .appointments
        .iter()
        .filter(|a| a.status == AppointmentStatus::Planned)
        .cloned()
        .collect();
    let employment = v.employment.clone();
    let unpaid_bonus = employment.as_ref().and_then(|e| {
        e.scheme
            .as_ref()
            .filter(|s| s.bonus.get() > 0 && s.bonus_paid_on.is_none())
            .map(|_| e.id)
    });
    let inbox_open: Vec<InboxView> = v
        .inbox
        .iter()
        .filter(|m| m.answer.is_none())
        .cloned()
        .collect();
    let status = v.status;

    view! {
        <Title text=format!("Dossier de {name}") />
        <div class="file-band" role="note">
            <p>
                "Dossier ouvert : " <strong data-testid="file-name">{name.clone()}</strong>
                " — n° allocataire " {v.file_number.clone()} " — " {v.unit_name.clone()}
            </p>
        </div>
        <h1>{name.clone()}</h1>
        <dl class="facts">
            <dt>"Né(e) le"</dt><dd>{format!("{} ({age} ans)", v.birth_date.label_fr())}</dd>
            <dt>"Commune"</dt><dd>{v.commune.clone()}</dd>
            <dt>"Entrée au RSA"</dt><dd>{v.rsa_opened_on.label_fr()}</dd>
            <dt>"Foyer"</dt><dd>{v.household.label_fr()}</dd>
            <dt>"Téléphone"</dt><dd>{v.phone.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"E-mail"</dt><dd>{v.email.clone().unwrap_or_else(|| "—".into())}</dd>
        </dl>
        <p><a class="button secondary" href=file.simulator_url.clone()>"Ouvrir le simulateur pour cette personne"</a></p>
        {file.sign_in_locked_since.clone().map(|since| view! {
            <UnlockForm id since may_unlock=file.may_unlock action=actions.unlock />
        })}

        <StatusCard view=v.clone() staff=true />
        // The cards below quote the person's own page: their sentences speak to the person.
        {(v.referent.is_some() || v.sanction.is_some() || v.contract.is_some() || employment.is_some()).then(|| view! {
            <p class="muted" data-testid="quoted-note">"Les blocs ci-dessous reprennent ce que la personne lit dans « Mon parcours » : ils s'adressent à elle (« vous »)."</p>
        })}
        {v.referent.clone().map(|r| view! { <ReferentCard referent=r staff=true /> })}
        {v.sanction.clone().map(|s| view! { <SanctionCard sanction=s staff=true letter_href=format!("/agent/personnes/{id}/courrier") /> })}
        {v.contract.clone().map(|c| view! { <ContractCard contract=c staff=true /> })}
        {employment.clone().map(|e| view! { <EmploymentCard employment=e staff=true /> })}

        <section aria-labelledby="titre-rdvs">
            <h2 id="titre-rdvs">"Rendez-vous"</h2>
            {if v.appointments.is_empty() {
                view! { <p>"Aucun rendez-vous."</p> }.into_any()
            } else {
                view! {
                    <ul class="appointments">
                        {v.appointments.iter().map(|a| view! {
                            <li>
                                <strong>{a.purpose_label.clone()}</strong> " — " {a.when_label.clone()} " — " {a.place.clone()}
                                " — " <span class="tag">{a.status.label_fr()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        {file.may_record.then(|| view! {
            <section aria-labelledby="titre-actions" class="actions">
                <h2 id="titre-actions">"Actions"</h2>
                {can(Transition::Invite).then(|| view! { <InviteForm id version action=actions.invite /> })}
                {(status != PathwayStatus::Exited).then(|| view! { <AppointmentForm id version action=actions.appointment orientation_allowed=can(Transition::ScheduleAppointment) /> })}
                {(!planned.is_empty()).then(|| view! { <OutcomeForm id version appointments=planned.clone() action=actions.outcome /> })}
                {can(Transition::DecideOrientation).then(|| view! { <OrientationForm id version action=actions.orientation reorientation=!status.awaiting_orientation() /> })}
                {can(Transition::SignContract).then(|| view! { <ContractForm id version action=actions.contract /> })}
                {matches!(status, PathwayStatus::Oriented | PathwayStatus::ContractSigned | PathwayStatus::Employed).then(|| view! { <ActionForm_ id version action=actions.action /> })}
                {can(Transition::ReturnToWork).then(|| view! { <EmploymentForm id version action=actions.employment /> })}
                {unpaid_bonus.map(|e| view! { <BonusForm id version employment=e action=actions.bonus /> })}
                {can(Transition::Exit).then(|| view! { <ExitForm id version action=actions.exit /> })}
                {can(Transition::Reenter).then(|| view! { <ReopenForm id version action=actions.reopen /> })}
            </section>
        })}
        {(!file.sanction_steps.is_empty()).then(|| view! {
            <section aria-labelledby="titre-procedure" class="actions">
                <h2 id="titre-procedure">"Procédure de suspension-remobilisation"</h2>
                <p class="muted">"Loi « pour le plein emploi » (CASF L262-37) : la personne reçoit un courrier et a 10 jours après sa réception pour répondre ou demander à être reçue ; la décision revient au responsable d'unité."</p>
                {SANCTION_STEPS.iter().enumerate().filter(|(_, (code, _))| file.sanction_steps.iter().any(|s| s == code)).map(|(i, (code, title))| view! {
                    <SanctionStepForm id version step=code title action=actions.sanction[i] locked_until=v.sanction.as_ref().and_then(|s| s.decision_locked_until) />
                }).collect_view()}
            </section>
        })}

        <section aria-labelledby="titre-messages-dossier" id="messages">
            <h2 id="titre-messages-dossier">"Messages de la personne"</h2>
            {if v.inbox.is_empty() {
                view! { <p>"Aucun message."</p> }.into_any()
            } else {
                view! {
                    <ul class="message-list">
                        {v.inbox.iter().map(|m| view! {
                            <li class="card">
                                <p class="muted">{if m.kind == "cannot_attend" { "Absence signalée" } else { "Question" }} " — " {m.sent_label.clone()}</p>
                                <p class="message-body">{m.body.clone()}</p>
                                {m.answer.clone().map(|a| view! { <p class="answer"><strong>"Réponse : "</strong>{a}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(file.may_answer && !inbox_open.is_empty()).then(|| view! { <AnswerForm messages=inbox_open.clone() action=actions.answer /> })}
        </section>

        <section aria-labelledby="titre-envois" id="envois">
            <h2 id="titre-envois">"Messages envoyés par Passerelle"</h2>
            {(!file.refused_channels.is_empty()).then(|| view! {
                <p><strong>"La personne a refusé : " {file.refused_channels.join(", ")} "."</strong></p>
            })}
            {(!file.planned.is_empty()).then(|| view! {
                <h3>"Prévus"</h3>
                <ul>
                    {file.planned.iter().map(|p| view! { <li>{p.about.clone()} " — " {p.at.clone()}</li> }).collect_view()}
                </ul>
            })}
            {if file.sent.is_empty() {
                view! { <p>"Aucun message envoyé."</p> }.into_any()
            } else {
                view! {
                    <ul class="message-list">
                        {file.sent.iter().map(|m| view! {
                            <li class="card">
                                <p><strong>{m.about.clone()}</strong> " — " {m.channel.clone()} " — " {m.at.clone()}</p>
                                <p class:error=m.failed class:muted=!m.failed>{m.state.clone()}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        {file.may_answer.then(|| view! { <NoteForm id action=actions.note /> })}
        <Timeline entries=v.timeline.clone() staff=true />
    }
}

/// Codes replaced by links after too many wrong codes (for 24 hours at most): said plainly, and
/// codes given back by staff once they have checked on the phone who is calling (the person
/// cannot open their messages, say).
#[component]
fn UnlockForm(
    id: i64,
    since: String,
    may_unlock: bool,
    action: ServerAction<UnlockAccess>,
) -> impl IntoView {
    let form = FormState::new(forms::UNLOCK, action_error(action));
    view! {
        <div class="notice" role="status" data-testid="access-locked">
            <p><strong>"Codes de connexion remplacés par un lien "</strong>{since}" : trop de codes erronés. La personne reçoit un lien de connexion par SMS ou e-mail, valable 30 minutes (pendant 24 heures au plus)."</p>
            {may_unlock.then(|| view! {
                <ActionForm action>
                    <input type="hidden" name="personne" value=id />
                    <FormAlert form fields=[].to_vec() />
                    <p>"Rétablissez les codes seulement après avoir vérifié l'identité de la personne (numéro allocataire, date de naissance, adresse)."</p>
                    <button type="submit">"Rétablir les codes de connexion"</button>
                </ActionForm>
            })}
        </div>
    }
}

/// The person a recording form is about, and the file's version shown on this page: the server
/// refuses the step ("rechargez la page") if another officer changed the file since.
#[component]
fn FileFields(id: i64, version: i64) -> impl IntoView {
    view! {
        <input type="hidden" name="personne" value=id />
        <input type="hidden" name="vu" value=version />
    }
}

/// A collapsible action with its form; `open` keeps it open after a failed no-JavaScript submit.
#[component]
fn ActionBox(
    title: &'static str,
    #[prop(into)] open: Signal<bool>,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="action-box" open=move || open.get()>
            <summary>{title}</summary>
            {children()}
        </details>
    }
}

#[component]
fn InviteForm(id: i64, version: i64, action: ServerAction<Invite>) -> impl IntoView {
    let form = FormState::new(forms::INVITE, action_error(action));
    view! {
        <ActionBox title="Envoyer une invitation au rendez-vous d'orientation" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action>
                <FileFields id version />
                <FormAlert form fields=[].to_vec() />
                <p>"La personne reçoit un SMS (ou un e-mail) qui l'invite à appeler pour choisir une date."</p>
                <button type="submit">"Envoyer l'invitation"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn AppointmentForm(
    id: i64,
    version: i64,
    action: ServerAction<ScheduleAppointment>,
    orientation_allowed: bool,
) -> impl IntoView {
    let form = FormState::new(forms::APPOINTMENT, action_error(action));
    let mut purposes = vec![
        ("suivi".to_string(), "Rendez-vous de suivi".to_string()),
        (
            "contrat".to_string(),
            "Signature du contrat d'engagement".to_string(),
        ),
    ];
    if orientation_allowed {
        purposes.insert(
            0,
            (
                "orientation".to_string(),
                "Rendez-vous d'orientation".to_string(),
            ),
        );
    }
    let fields = ["objet", "date", "heure", "lieu", "agent", "confirmer"];
    view! {
        <ActionBox title="Prévoir un rendez-vous" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=fields.to_vec() id_prefix="rdv-" />
                <Select name="objet" label="Objet" options=purposes selected=Signal::derive(move || form.value("objet")) error=Signal::derive(move || form.field_error("objet")) id="rdv-objet".to_string() />
                <Field name="date" label="Date" kind="date" value=Signal::derive(move || form.value("date")) error=Signal::derive(move || form.field_error("date")) id="rdv-date".to_string() />
                <Field name="heure" label="Heure" kind="time" value=Signal::derive(move || form.value("heure")) error=Signal::derive(move || form.field_error("heure")) id="rdv-heure".to_string() />
                <Field name="lieu" label="Lieu" hint="Adresse de l'accueil." value=Signal::derive(move || form.value("lieu")) error=Signal::derive(move || form.field_error("lieu")) id="rdv-lieu".to_string() />
                <Field name="agent" label="Reçu(e) par" value=Signal::derive(move || form.value("agent")) error=Signal::derive(move || form.field_error("agent")) id="rdv-agent".to_string() />
                // Weekends and times outside reception hours are possible, but only on purpose.
                <div class="field" class:invalid=move || form.field_error("confirmer").is_some()>
                    <div class="choice">
                        <input type="checkbox" id="rdv-confirmer" name="confirmer" value="1" aria-describedby="rdv-confirmer-erreur" />
                        <label for="rdv-confirmer">"Je confirme cet horaire même s'il tombe un week-end ou hors des heures d'accueil (8 h 30 – 17 h 30)"</label>
                    </div>
                    <p class="field-error" id="rdv-confirmer-erreur">{move || form.field_error("confirmer")}</p>
                </div>
                <button type="submit">"Enregistrer le rendez-vous"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn OutcomeForm(
    id: i64,
    version: i64,
    appointments: Vec<AppointmentView>,
    action: ServerAction<RecordOutcome>,
) -> impl IntoView {
    let form = FormState::new(forms::OUTCOME, action_error(action));
    let choices: Vec<(String, String)> = appointments
        .iter()
        .map(|a| {
            (
                a.id.to_string(),
                format!("{} — {}", a.purpose_label, a.when_label),
            )
        })
        .collect();
    let outcomes = vec![
        (
            "held".to_string(),
            "Honoré : la personne est venue".to_string(),
        ),
        (
            "missed".to_string(),
            "Manqué : absente sans prévenir".to_string(),
        ),
        ("excused".to_string(), "Excusé : elle a prévenu".to_string()),
        (
            "cancelled".to_string(),
            "Annulé par le Département".to_string(),
        ),
    ];
    view! {
        <ActionBox title="Enregistrer le résultat d'un rendez-vous" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=["resultat"].to_vec() id_prefix="resultat-" />
                <Select name="rendez_vous" label="Rendez-vous" options=choices selected=Signal::derive(String::new) error=Signal::derive(|| None::<String>) id="resultat-rdv".to_string() />
                <Select name="resultat" label="Résultat" options=outcomes selected=Signal::derive(String::new) error=Signal::derive(move || form.field_error("resultat")) id="resultat-choix".to_string() />
                <button type="submit">"Enregistrer le résultat"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn OrientationForm(
    id: i64,
    version: i64,
    action: ServerAction<RecordOrientation>,
    reorientation: bool,
) -> impl IntoView {
    let form = FormState::new(forms::ORIENTATION, action_error(action));
    let fields = ["parcours", "organisme", "referent", "contact"];
    let title = if reorientation {
        "Changer l'orientation (réorientation)"
    } else {
        "Enregistrer la décision d'orientation"
    };
    view! {
        <ActionBox title open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=fields.to_vec() id_prefix="orientation-" />
                <Select name="parcours" label="Parcours" options=options(&Orientation::ALL, Orientation::code, Orientation::label_fr) selected=Signal::derive(move || form.value("parcours")) error=Signal::derive(move || form.field_error("parcours")) id="orientation-parcours".to_string() />
                <Select name="organisme" label="Organisme référent" options=options(&ReferentOrganisation::ALL, ReferentOrganisation::code, ReferentOrganisation::label_fr) selected=Signal::derive(move || form.value("organisme")) error=Signal::derive(move || form.field_error("organisme")) id="orientation-organisme".to_string() />
                <Field name="referent" label="Nom du référent (facultatif)" value=Signal::derive(move || form.value("referent")) error=Signal::derive(move || form.field_error("referent")) id="orientation-referent".to_string() />
                <Field name="contact" label="Pour le joindre (facultatif)" hint="Téléphone ou adresse e-mail." value=Signal::derive(move || form.value("contact")) error=Signal::derive(move || form.field_error("contact")) id="orientation-contact".to_string() />
                <button type="submit">"Enregistrer la décision"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn ContractForm(id: i64, version: i64, action: ServerAction<RecordContract>) -> impl IntoView {
    let form = FormState::new(forms::CONTRACT, action_error(action));
    let fields = [
        "signe_le",
        "revision_le",
        "heures",
        "activite_1",
        "heures_1",
        "activite_2",
        "heures_2",
        "activite_3",
        "heures_3",
        "activite_4",
        "heures_4",
        "raison",
        "engagements",
    ];
    view! {
        <ActionBox title="Enregistrer le contrat d'engagement" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=fields.to_vec() id_prefix="contrat-" />
                <Field name="signe_le" label="Signé le" kind="date" value=Signal::derive(move || form.value("signe_le")) error=Signal::derive(move || form.field_error("signe_le")) id="contrat-signe".to_string() />
                <Field name="revision_le" label="Prochain point (facultatif)" kind="date" value=Signal::derive(move || form.value("revision_le")) error=Signal::derive(move || form.field_error("revision_le")) id="contrat-revision".to_string() />
                <fieldset>
                    <legend>"Plan d'action (15 heures par semaine en général, adaptées à la situation)"</legend>
                    <Field name="activite_1" label="Activité 1" value=Signal::derive(move || form.value("activite_1")) error=Signal::derive(move || form.field_error("activite_1")) id="contrat-activite-1".to_string() />
                    <Field name="heures_1" label="Heures par semaine (activité 1)" inputmode="numeric" value=Signal::derive(move || form.value("heures_1")) error=Signal::derive(move || form.field_error("heures_1")) id="contrat-heures-1".to_string() />
                    <Field name="activite_2" label="Activité 2" value=Signal::derive(move || form.value("activite_2")) error=Signal::derive(move || form.field_error("activite_2")) id="contrat-activite-2".to_string() />
                    <Field name="heures_2" label="Heures par semaine (activité 2)" inputmode="numeric" value=Signal::derive(move || form.value("heures_2")) error=Signal::derive(move || form.field_error("heures_2")) id="contrat-heures-2".to_string() />
                    <Field name="activite_3" label="Activité 3" value=Signal::derive(move || form.value("activite_3")) error=Signal::derive(move || form.field_error("activite_3")) id="contrat-activite-3".to_string() />
                    <Field name="heures_3" label="Heures par semaine (activité 3)" inputmode="numeric" value=Signal::derive(move || form.value("heures_3")) error=Signal::derive(move || form.field_error("heures_3")) id="contrat-heures-3".to_string() />
                    <Field name="activite_4" label="Activité 4" value=Signal::derive(move || form.value("activite_4")) error=Signal::derive(move || form.field_error("activite_4")) id="contrat-activite-4".to_string() />
                    <Field name="heures_4" label="Heures par semaine (activité 4)" inputmode="numeric" value=Signal::derive(move || form.value("heures_4")) error=Signal::derive(move || form.field_error("heures_4")) id="contrat-heures-4".to_string() />
                    <Select name="raison" label="Moins de 15 heures : raison" hint="Obligatoire si le plan prévoit moins de 15 heures par semaine." options=std::iter::once((String::new(), "—".to_string())).chain(options(&passerelle::obligations::AdaptedHoursReason::ALL, |r| r.code(), |r| r.label_fr())).collect() selected=Signal::derive(move || form.value("raison")) error=Signal::derive(move || form.field_error("raison")) id="contrat-raison".to_string() />
                </fieldset>
                <TextArea name="engagements" label="Ce que le référent s'engage à faire (facultatif)" value=Signal::derive(move || form.value("engagements")) error=Signal::derive(move || form.field_error("engagements")) id="contrat-engagements".to_string() />
                <Field name="heures" label="Sans plan détaillé : heures d'activité par semaine (facultatif)" hint="15 heures en général ; moins si la situation le justifie." inputmode="numeric" value=Signal::derive(move || form.value("heures")) error=Signal::derive(move || form.field_error("heures")) id="contrat-heures".to_string() />
                <button type="submit">"Enregistrer le contrat"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
#[allow(non_snake_case)]
fn ActionForm_(id: i64, version: i64, action: ServerAction<RecordAction>) -> impl IntoView {
    let form = FormState::new(forms::ACTION, action_error(action));
    let kinds = vec![
        ("formation".to_string(), "Formation".to_string()),
        (
            "immersion".to_string(),
            "Immersion en entreprise".to_string(),
        ),
        (
            "accompagnement".to_string(),
            "Accompagnement (atelier, coaching…)".to_string(),
        ),
        ("sante".to_string(), "Démarche de santé".to_string()),
        ("autre".to_string(), "Autre action".to_string()),
    ];
    let fields = ["type_action", "libelle", "debut"];
    view! {
        <ActionBox title="Enregistrer une action (formation, immersion…)" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=fields.to_vec() id_prefix="action-" />
                <Select name="type_action" label="Type d'action" options=kinds selected=Signal::derive(move || form.value("type_action")) error=Signal::derive(move || form.field_error("type_action")) id="action-type".to_string() />
                <Field name="libelle" label="Intitulé" value=Signal::derive(move || form.value("libelle")) error=Signal::derive(move || form.field_error("libelle")) id="action-libelle".to_string() />
                <Field name="debut" label="Début" kind="date" value=Signal::derive(move || form.value("debut")) error=Signal::derive(move || form.field_error("debut")) id="action-debut".to_string() />
                <button type="submit">"Enregistrer l'action"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn EmploymentForm(id: i64, version: i64, action: ServerAction<RecordEmployment>) -> impl IntoView {
    let form = FormState::new(forms::EMPLOYMENT, action_error(action));
    let scheme = passerelle::SchemeDefinition::seine_maritime_2021();
    let sectors: Vec<(String, String)> = scheme
        .eligible_sectors
        .iter()
        .map(|s| (s.code.clone(), s.label_fr.clone()))
        .chain(std::iter::once((
            passerelle::SECTOR_OTHER.to_string(),
            "Autre secteur".to_string(),
        )))
        .collect();
    let contracts = vec![
        (String::new(), "Non précisé".to_string()),
        ("cdi".to_string(), "CDI".to_string()),
        ("cdd".to_string(), "CDD".to_string()),
        ("interim".to_string(), "Intérim".to_string()),
        ("autre".to_string(), "Autre contrat".to_string()),
    ];
    let fields = [
        "employeur",
        "secteur",
        "debut",
        "contrat",
        "heures",
        "salaire",
    ];
    view! {
        <ActionBox title="Enregistrer une reprise d'emploi" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=fields.to_vec() id_prefix="emploi-" />
                <Field name="employeur" label="Employeur" value=Signal::derive(move || form.value("employeur")) error=Signal::derive(move || form.field_error("employeur")) id="emploi-employeur".to_string() />
                <Select name="secteur" label="Secteur" hint="Un emploi en EHPAD ou en aide à domicile peut ouvrir le cumul RSA + salaire et la prime de reprise." options=sectors selected=Signal::derive(move || form.value("secteur")) error=Signal::derive(move || form.field_error("secteur")) id="emploi-secteur".to_string() />
                <Field name="debut" label="Date d'embauche" kind="date" value=Signal::derive(move || form.value("debut")) error=Signal::derive(move || form.field_error("debut")) id="emploi-debut".to_string() />
                <Select name="contrat" label="Contrat" options=contracts selected=Signal::derive(move || form.value("contrat")) error=Signal::derive(move || form.field_error("contrat")) id="emploi-contrat".to_string() />
                <Field name="heures" label="Heures par semaine (facultatif)" inputmode="numeric" value=Signal::derive(move || form.value("heures")) error=Signal::derive(move || form.field_error("heures")) id="emploi-heures".to_string() />
                <Field name="salaire" label="Salaire net mensuel (facultatif)" inputmode="decimal" value=Signal::derive(move || form.value("salaire")) error=Signal::derive(move || form.field_error("salaire")) id="emploi-salaire".to_string() />
                <button type="submit">"Enregistrer la reprise d'emploi"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn BonusForm(
    id: i64,
    version: i64,
    employment: i64,
    action: ServerAction<RecordBonusPaid>,
) -> impl IntoView {
    let form = FormState::new(forms::BONUS, action_error(action));
    view! {
        <ActionBox title="Enregistrer le versement de la prime de reprise" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <input type="hidden" name="emploi" value=employment />
                <FormAlert form fields=["verse_le"].to_vec() id_prefix="prime-" />
                <Field name="verse_le" label="Versée le" kind="date" value=Signal::derive(move || form.value("verse_le")) error=Signal::derive(move || form.field_error("verse_le")) id="prime-date".to_string() />
                <button type="submit">"Enregistrer le versement"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn ExitForm(id: i64, version: i64, action: ServerAction<RecordExit>) -> impl IntoView {
    let form = FormState::new(forms::EXIT, action_error(action));
    view! {
        <ActionBox title="Enregistrer une sortie du parcours" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <FormAlert form fields=["motif"].to_vec() id_prefix="sortie-" />
                <Field name="motif" label="Motif" hint="Par exemple : fin de droits au RSA, déménagement, emploi durable." value=Signal::derive(move || form.value("motif")) error=Signal::derive(move || form.field_error("motif")) id="sortie-motif".to_string() />
                <button type="submit" class="secondary">"Confirmer la sortie"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn ReopenForm(id: i64, version: i64, action: ServerAction<Reopen>) -> impl IntoView {
    let form = FormState::new(forms::REOPEN, action_error(action));
    view! {
        <ActionBox title="Rouvrir le parcours (nouvelle entrée au RSA)" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action>
                <FileFields id version />
                <FormAlert form fields=[].to_vec() />
                <button type="submit">"Rouvrir le parcours"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn NoteForm(id: i64, action: ServerAction<AddNote>) -> impl IntoView {
    let form = FormState::new(forms::NOTE, action_error(action));
    view! {
        <ActionBox title="Ajouter une note interne" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <input type="hidden" name="personne" value=id />
                <FormAlert form fields=["texte"].to_vec() id_prefix="note-" />
                <TextArea name="texte" label="Note" hint="Visible par les agents seulement." value=Signal::derive(move || form.value("texte")) error=Signal::derive(move || form.field_error("texte")) id="note-texte".to_string() />
                <button type="submit">"Ajouter la note"</button>
            </ActionForm>
        </ActionBox>
    }
}

#[component]
fn AnswerForm(messages: Vec<InboxView>, action: ServerAction<AnswerMessage>) -> impl IntoView {
    let form = FormState::new(forms::ANSWER, action_error(action));
    let choices: Vec<(String, String)> = messages
        .iter()
        .map(|m| {
            (
                m.id.to_string(),
                format!(
                    "{} — {}",
                    m.sent_label,
                    m.body.chars().take(60).collect::<String>()
                ),
            )
        })
        .collect();
    view! {
        <ActionBox title="Répondre à un message" open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FormAlert form fields=["reponse"].to_vec() id_prefix="reponse-" />
                <Select name="message" label="Message" options=choices selected=Signal::derive(String::new) error=Signal::derive(|| None::<String>) id="reponse-message".to_string() />
                <TextArea name="reponse" label="Votre réponse" hint="La personne la lit dans « Mon parcours » et reçoit un SMS ou un e-mail." value=Signal::derive(move || form.value("reponse")) error=Signal::derive(move || form.field_error("reponse")) id="reponse-texte".to_string() />
                <button type="submit">"Envoyer la réponse"</button>
            </ActionForm>
        </ActionBox>
    }
}

/// One step of the suspension procedure, as a form that works without JavaScript.
#[component]
fn SanctionStepForm(
    id: i64,
    version: i64,
    step: &'static str,
    title: &'static str,
    action: ServerAction<SanctionStep>,
    locked_until: Option<passerelle::Date>,
) -> impl IntoView {
    let form = FormState::new(format!("{}-{step}", forms::SANCTION), action_error(action));
    let fields = [
        "manquement",
        "faits",
        "date_manquement",
        "taux",
        "mois",
        "montant_rsa",
        "examen",
        "envoye_le",
        "recu_le",
        "texte",
        "entendu_le",
        "debut",
        "pour_lever",
    ];
    let fid = move |name: &str| format!("procedure-{step}-{name}");
    let value = move |name: &'static str, default: &'static str| {
        Signal::derive(move || {
            let v = form.value(name);
            if v.is_empty() { default.to_string() } else { v }
        })
    };
    let error = move |name: &'static str| Signal::derive(move || form.field_error(name));
    let text_label = match step {
        "record_observations" => "Observations de la personne (texte reçu)",
        "record_hearing" => "Ce qui a été dit",
        "decide_none" => "Pourquoi pas de sanction",
        "lift" => "Ce que la personne a fait",
        _ => "",
    };
    view! {
        <ActionBox title=title open=Signal::derive(move || form.error().is_some())>
            <ActionForm action attr:novalidate=true>
                <FileFields id version />
                <input type="hidden" name="etape" value=step />
                <FormAlert form fields=fields.to_vec() />
                {(step == "report").then(|| view! {
                    <Select name="manquement" label="Manquement" options=options(&passerelle::obligations::BreachKind::ALL, |b| b.code(), |b| b.label_fr()) selected=value("manquement", "") error=error("manquement") id=fid("manquement") />
                    <TextArea name="faits" label="Les faits, tels que le courrier les dira" hint="Ce qui a été manqué et quand, par exemple : rendez-vous des 3 et 17 novembre avec votre référent." value=value("faits", "") error=error("faits") id=fid("faits") />
                    <Field name="date_manquement" label="Date du manquement" kind="date" value=value("date_manquement", "") error=error("date_manquement") id=fid("date_manquement") />
                    <TextArea name="examen" label="Vérifications faites" hint="Motif légitime (santé, garde d'enfant, transport…) et critères de l'article R262-68-5 : vulnérabilités, foyer, nature et fréquence des manquements." value=value("examen", "") error=error("examen") id=fid("examen") />
                    <div class="field checkbox">
                        <input type="checkbox" name="recidive" value="oui" id=fid("recidive") />
                        <label for=fid("recidive")>"Manquement répété ou persistant (dans les 24 mois)"</label>
                    </div>
                })}
                {matches!(step, "report" | "decide").then(|| view! {
                    <Field name="taux" label="Part du RSA suspendue (%)" hint="Au moins 30 % ; au plus 50 % pour un foyer de plusieurs personnes ou au RSA majoré." inputmode="numeric" value=value("taux", "30") error=error("taux") id=fid("taux") />
                    <Field name="mois" label="Durée (mois)" hint="1 à 2 mois pour un premier manquement ; 1 à 4 mois s'il est répété." inputmode="numeric" value=value("mois", "1") error=error("mois") id=fid("mois") />
                })}
                {(step == "report").then(|| view! {
                    <Field name="montant_rsa" label="RSA versé par mois (facultatif)" hint="Laissé vide : calculé d'après le foyer enregistré sur le dossier." inputmode="decimal" value=value("montant_rsa", "") error=error("montant_rsa") id=fid("montant_rsa") />
                })}
                {(step == "send_notice").then(|| view! {
                    <Field name="envoye_le" label="Envoyé le" kind="date" value=value("envoye_le", "") error=error("envoye_le") id=fid("envoye_le") />
                    <Field name="recu_le" label="Reçu le (si l'accusé de réception est revenu)" kind="date" value=value("recu_le", "") error=error("recu_le") id=fid("recu_le") />
                })}
                {(step == "notice_received").then(|| view! {
                    <Field name="recu_le" label="Reçu le (date de l'accusé de réception)" kind="date" value=value("recu_le", "") error=error("recu_le") id=fid("recu_le") />
                })}
                {(step == "record_hearing").then(|| view! {
                    <Field name="entendu_le" label="Entretien le" kind="date" value=value("entendu_le", "") error=error("entendu_le") id=fid("entendu_le") />
                })}
                {(!text_label.is_empty()).then(|| view! {
                    <TextArea name="texte" label=text_label value=value("texte", "") error=error("texte") id=fid("texte") />
                })}
                {(step == "decide").then(|| view! {
                    {locked_until.map(|d| view! { <p class="warning">{format!("La personne a jusqu'au {} pour répondre : la décision n'est possible qu'ensuite, ou dès que ses observations sont reçues ou qu'elle a été entendue.", d.label_fr())}</p> })}
                    <div class="field checkbox">
                        <input type="checkbox" name="suppression" value="oui" id=fid("suppression") />
                        <label for=fid("suppression")>"Suppression (et non suspension) : seulement après l'avis de l'équipe pluridisciplinaire"</label>
                    </div>
                    <Field name="debut" label="À partir du" kind="date" value=value("debut", "") error=error("debut") id=fid("debut") />
                    <TextArea name="pour_lever" label="Pour la lever : ce que la personne doit faire" hint="L'action convenue avec le référent, dite simplement." value=value("pour_lever", "") error=error("pour_lever") id=fid("pour_lever") />
                })}
                <button type="submit">{title}</button>
            </ActionForm>
        </ActionBox>
    }
}
