//! "Mon parcours" and the staff screens that keep it up to date: the shared view of a pathway, and
//! the server functions that read and change it.
//!
//! Every server function checks, on the server, who asks: a beneficiary only ever reads their own
//! file (another person's answers "not found"); staff act within their territorial unit and their
//! role's permissions. Every change by staff is written in one transaction with its audit row.
use leptos::prelude::*;
use passerelle::pathway::{
    AppointmentStatus, Delays, Orientation, PathwayStatus, ReferentOrganisation, Transition,
};
use passerelle::{Cents, Date};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The household as staff recorded it, enough to open the simulator prefilled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    #[serde(default)]
    pub couple: bool,
    #[serde(default)]
    pub partner_age: Option<u8>,
    #[serde(default)]
    pub children_under_3: u8,
    #[serde(default)]
    pub children_3_to_24: u8,
    /// The simulator's housing code: `locataire`, `proprietaire`, `proprietaire_emprunt`, `heberge`.
    #[serde(default)]
    pub housing: Option<String>,
    #[serde(default)]
    pub housing_aid_cents: Option<i64>,
}

impl HouseholdSummary {
    /// "En couple, 2 enfants" — for staff lists.
    pub fn label_fr(&self) -> String {
        let who = if self.couple { "En couple" } else { "Seul(e)" };
        match self.children_under_3 + self.children_3_to_24 {
            0 => format!("{who}, sans enfant"),
            1 => format!("{who}, 1 enfant"),
            n => format!("{who}, {n} enfants"),
        }
    }

    /// The simulator's address prefilled with this household and the person's age.
    pub fn simulator_url(&self, age: i32) -> String {
        use crate::simulator::{SimulatorForm, field};
        let mut pairs: Vec<(&str, String)> = vec![
            (
                field::SITUATION,
                if self.couple { "couple" } else { "seul" }.to_string(),
            ),
            (field::AGE, age.to_string()),
            (field::ENFANTS_MOINS_3, self.children_under_3.to_string()),
            (field::ENFANTS_3_24, self.children_3_to_24.to_string()),
        ];
        if let Some(a) = self.partner_age {
            pairs.push((field::AGE_CONJOINT, a.to_string()));
        }
        if let Some(h) = &self.housing {
            pairs.push((field::LOGEMENT, h.clone()));
        }
        if let Some(aid) = self.housing_aid_cents.filter(|a| *a > 0) {
            pairs.push((field::AIDE_LOGEMENT, Cents(aid).format_plain()));
        }
        format!(
            "/simulateur?{}",
            SimulatorForm::from_pairs(pairs).to_query()
        )
    }
}

/// Plain amount for a form field: "250" or "250,50".
trait PlainAmount {
    fn format_plain(self) -> String;
}

impl PlainAmount for Cents {
    fn format_plain(self) -> String {
        let c = self.get();
        if c % 100 == 0 {
            format!("{}", c / 100)
        } else {
            format!("{},{:02}", c / 100, c % 100)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub id: i64,
    /// `orientation`, `suivi` or `contrat`.
    pub purpose: String,
    pub purpose_label: String,
    pub date: Date,
    /// "mardi 15 décembre 2026 à 14 h 30", Paris time.
    pub when_label: String,
    pub place: String,
    pub officer: String,
    pub status: AppointmentStatus,
    /// Still to come.
    pub upcoming: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferentView {
    pub organisation: ReferentOrganisation,
    pub name: Option<String>,
    pub contact: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractView {
    pub signed_on: Date,
    pub review_on: Option<Date>,
    pub weekly_hours: Option<i64>,
    /// The action plan: each activity with its hours a week (contracts signed since 2025).
    #[serde(default)]
    pub plan: Option<passerelle::obligations::ActionPlan>,
    /// What the référent commits to.
    #[serde(default)]
    pub commitments: Option<String>,
    /// A contract signed before 2025: the day a contrat d'engagement is due.
    #[serde(default)]
    pub renew_by: Option<Date>,
}

/// The deadlines the law sets on this file, computed by the rules core
/// ([`passerelle::obligations`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ObligationDeadlines {
    /// 6 weeks after the CAF's information reached the département, while not oriented.
    pub orientation_due: Option<Date>,
    /// 1 month after the latest orientation, while no contract is signed.
    pub contract_due: Option<Date>,
    /// 6 months after a social pathway's contract.
    pub social_review_due: Option<Date>,
}

/// A suspension-remobilisation procedure, as the person (or staff) sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SanctionView {
    pub id: i64,
    pub stage: passerelle::obligations::SanctionStage,
    /// `departement` or `france_travail`.
    pub source: String,
    pub breach: passerelle::obligations::BreachKind,
    /// The facts, as the notice states them.
    pub facts: String,
    pub breach_on: Date,
    pub recurrence: passerelle::obligations::Recurrence,
    pub envisaged: passerelle::obligations::Sanction,
    /// What the envisaged sanction withholds, computed by the rules core.
    pub envisaged_stake: passerelle::obligations::Stake,
    pub notice_sent_on: Option<Date>,
    pub notice_received_on: Option<Date>,
    /// The last day to answer (10 days after receipt).
    pub answer_due: Option<Date>,
    pub observations: Option<String>,
    pub observations_on: Option<Date>,
    pub hearing_asked_on: Option<Date>,
    pub hearing_on: Option<Date>,
    pub referred_on: Option<Date>,
    pub decided: Option<passerelle::obligations::Sanction>,
    pub decided_stake: Option<passerelle::obligations::Stake>,
    pub decided_on: Option<Date>,
    pub starts_on: Option<Date>,
    /// "Pour la lever : …".
    pub lift_action: Option<String>,
    pub closing_note: Option<String>,
    pub closed_on: Option<Date>,
    /// Staff only (empty for the person): the legitimate-reason screen, the hearing notes.
    pub screening: String,
    pub hearing_notes: Option<String>,
    /// For staff: `Some(date)` while a sanction must wait for the person's answer, until that day
    /// is over; `None` when it need not wait (answered, heard, deadline passed) or when the
    /// receipt of the notice is not recorded yet (the refusal then says so).
    pub decision_locked_until: Option<Date>,
}

/// Where the cumulation scheme stands for a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchemeProgress {
    /// The scheme's code (its name's translations are found by it).
    pub scheme_code: String,
    pub scheme_name: String,
    /// Months of RSA kept on top of the salary, in all.
    pub months_total: i64,
    /// Months still to come, counting the current one.
    pub months_left: i64,
    pub bonus: Cents,
    pub bonus_paid_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmploymentView {
    pub id: i64,
    pub employer: String,
    /// The sector's code (its label's translations are found by it) and its French label.
    pub sector: String,
    pub sector_label: String,
    pub start_on: Date,
    pub contract_label: Option<String>,
    pub contract: Option<passerelle::ContractType>,
    pub hours_per_week: Option<i64>,
    pub scheme: Option<SchemeProgress>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub date: Date,
    pub kind: String,
    pub title: String,
    pub detail: String,
    /// Staff-only entries (notes) are marked so staff know the person does not see them.
    pub internal: bool,
    /// Written in French only (before translations, or free text): marked `lang="fr"`.
    #[serde(default)]
    pub french_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxView {
    pub id: i64,
    pub beneficiary_id: i64,
    pub person_name: String,
    /// `question` or `cannot_attend`.
    pub kind: String,
    pub body: String,
    pub sent_label: String,
    pub answer: Option<String>,
    pub answered_label: Option<String>,
}

/// A person's pathway: what the beneficiary sees, and what staff see of their file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathwayView {
    pub beneficiary_id: i64,
    pub file_number: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The person refused SMS, or e-mail, from Passerelle (sign-in codes they ask for still go).
    pub sms_refused: bool,
    pub email_refused: bool,
    /// The language of the person's messages.
    pub message_lang: passerelle::lang::Lang,
    pub commune: String,
    pub unit_code: String,
    pub unit_name: String,
    pub rsa_opened_on: Date,
    pub household: HouseholdSummary,
    pub status: PathwayStatus,
    pub status_since: Option<Date>,
    pub delays: Delays,
    pub orientation: Option<Orientation>,
    pub oriented_on: Option<Date>,
    pub referent: Option<ReferentView>,
    pub contract: Option<ContractView>,
    /// The law's deadlines on this file.
    #[serde(default)]
    pub deadlines: ObligationDeadlines,
    /// The suspension procedure under way, or the last one closed within a year (so "lifted
    /// on …" stays visible); a report the person was not told of is shown to staff only.
    #[serde(default)]
    pub sanction: Option<SanctionView>,
    pub next_appointment: Option<AppointmentView>,
    pub appointments: Vec<AppointmentView>,
    pub employment: Option<EmploymentView>,
    pub timeline: Vec<TimelineEntry>,
    pub inbox: Vec<InboxView>,
    pub exit_reason: Option<String>,
}

/// What a staff member may do on this file, for the buttons shown (the server checks again).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffFile {
    pub view: PathwayView,
    pub allowed: Vec<Transition>,
    pub may_record: bool,
    pub may_answer: bool,
    /// "depuis le 29 novembre 2026 à 14 h 05" when online access is blocked after wrong codes.
    pub sign_in_locked_since: Option<String>,
    pub may_unlock: bool,
    pub simulator_url: String,
    /// What Passerelle sent the person, newest first (the last 20).
    pub sent: Vec<SentMessage>,
    /// What it will send (invitation, reminders), soonest first.
    pub planned: Vec<PlannedMessage>,
    /// The channels the person refused ("SMS", "e-mail").
    pub refused_channels: Vec<String>,
    /// The file's version as shown: the recording forms send it back (`vu`).
    pub version: i64,
    /// The steps of the suspension procedure this staff member may take now (codes of
    /// [`passerelle::obligations::SanctionAction`]); the server checks again.
    #[serde(default)]
    pub sanction_steps: Vec<String>,
    /// Whether this account holds the right to decide a sanction.
    #[serde(default)]
    pub may_decide: bool,
}

/// A message sent to the person, as staff see it on the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentMessage {
    /// "7 décembre 2026 à 10 h 00" (when it was written).
    pub at: String,
    /// "SMS" or "E-mail".
    pub channel: String,
    /// What it was: "Rappel 48 h avant le rendez-vous", "Code de connexion"…
    pub about: String,
    /// "Envoyé le … (remis au prestataire)", "En attente d'envoi", "Échec de l'envoi : …".
    pub state: String,
    pub failed: bool,
}

/// A message Passerelle will send on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlannedMessage {
    pub at: String,
    pub about: String,
}

/// A person whose last appointment was missed, with no new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissedView {
    pub id: i64,
    pub file_number: String,
    pub name: String,
    /// "Rendez-vous d'orientation du mardi 12 janvier 2027 à 9 h".
    pub what: String,
    /// Days since the missed appointment.
    pub days: i64,
}

/// One line of a staff list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: i64,
    pub file_number: String,
    pub name: String,
    pub commune: String,
    pub status: PathwayStatus,
    pub rsa_opened_on: Date,
    pub delays: Delays,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonPage {
    pub rows: Vec<PersonRow>,
    pub page: u32,
    pub pages: u32,
    pub total: i64,
}

/// Staff list pages hold this many people.
pub const PAGE_SIZE: i64 = 20;

// ----- beneficiary ------------------------------------------------------------------------------

/// The signed-in beneficiary's own pathway.
/// Said instead of a person's file when the agent's browser came from another site: a link
/// elsewhere must not open a file in the agent's name (and write "consulted your file" in the
/// person's history); the agent confirms with one click from our own page.
pub const CROSS_SITE_FILE: &str = "Vous arrivez sur ce dossier depuis un autre site. Par sécurité, il ne s'ouvre qu'après votre confirmation.";

#[server(endpoint = "parcours")]
pub async fn my_pathway() -> Result<PathwayView, AppError> {
    use crate::ssr::{auth::*, respond};
    respond(
        async {
            let me = require_beneficiary().await?;
            // Worded in the page's language.
            let lang = crate::lang::current();
            let view = state()?
                .db
                .pathway_view(me.beneficiary_id, false, lang)
                .await?;
            view.ok_or(AppError::NotFound)
        }
        .await,
    )
}

pub const FORM_CHANNELS: &str = "canaux";

/// How the signed-in beneficiary wants to receive Passerelle's messages: a box left unticked
/// refuses that channel (an unticked box is not sent by the browser, hence the options), and
/// `langue` (`fr`, `en`, `ar`) is the language of the messages (unchanged when not sent).
#[server(endpoint = "parcours/canaux")]
pub async fn choose_channels(
    sms: Option<String>,
    email: Option<String>,
    langue: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{auth::*, forms::finish};
    let result = async {
        let me = require_beneficiary().await?;
        let lang = match langue.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(code) => Some(passerelle::lang::Lang::from_code(code).ok_or_else(|| {
                AppError::invalid(
                    "langue",
                    leptos_i18n::td_string!(crate::lang::locale(), errors.message_lang),
                )
            })?),
        };
        state()?
            .db
            .set_channel_refusals(&me, sms.is_none(), email.is_none(), lang)
            .await
            .map_err(AppError::from)
    }
    .await;
    finish(
        result,
        FORM_CHANNELS,
        &[],
        Some("/mon-parcours?canaux=1#canaux"),
    )
    .await
}

pub const FORM_QUESTION: &str = "question";

/// A question for the staff (lands in their inbox).
#[server(endpoint = "parcours/question")]
pub async fn ask_question(texte: String) -> Result<(), AppError> {
    use crate::ssr::forms::finish;
    let result = crate::ssr::pathway::ask(&texte, None).await;
    finish(
        result,
        FORM_QUESTION,
        &[("texte", &texte)],
        Some("/mon-parcours?envoye=1#messages"),
    )
    .await
}

pub const FORM_OBSERVATIONS: &str = "observations";

/// The person's written observations on a notice of the suspension procedure (saved, audited,
/// shown to staff; added to what they wrote before).
#[server(endpoint = "parcours/observations")]
pub async fn send_observations(texte: String) -> Result<(), AppError> {
    use crate::ssr::forms::finish;
    let result = async {
        let l = crate::lang::locale();
        let text = texte.trim();
        let text = match text.chars().count() {
            0..2 => {
                return Err(AppError::invalid(
                    "texte",
                    leptos_i18n::td_string!(l, errors.message_missing),
                ));
            }
            2..=4000 => text.to_string(),
            _ => {
                return Err(AppError::invalid(
                    "texte",
                    leptos_i18n::td_string!(l, errors.message_too_long, max = 4000),
                ));
            }
        };
        crate::ssr::pathway::beneficiary_sanction(
            crate::ssr::pathway::SanctionCommand::Observations { text },
        )
        .await
    }
    .await;
    finish(
        result,
        FORM_OBSERVATIONS,
        &[("texte", &texte)],
        Some("/mon-parcours?observations=1#sanction"),
    )
    .await
}

/// The person asks to be heard before any decision.
#[server(endpoint = "parcours/etre-recu")]
pub async fn ask_hearing() -> Result<(), AppError> {
    use crate::ssr::forms::finish;
    let result = crate::ssr::pathway::beneficiary_sanction(
        crate::ssr::pathway::SanctionCommand::HearingAsked,
    )
    .await;
    finish(result, "etre_recu", &[], Some("/mon-parcours#sanction")).await
}

/// "I cannot come to this appointment", with a reason.
#[server(endpoint = "parcours/absence")]
pub async fn cannot_attend(rendez_vous: i64, texte: String) -> Result<(), AppError> {
    use crate::ssr::forms::finish;
    let result = crate::ssr::pathway::ask(&texte, Some(rendez_vous)).await;
    finish(
        result,
        "absence",
        &[("texte", &texte)],
        Some("/mon-parcours?envoye=1#messages"),
    )
    .await
}

// ----- staff: reading ---------------------------------------------------------------------------

/// People of the staff member's unit (every unit for admins) whose name or file number contains
/// `q` (accents and case ignored), 20 a page.
#[server(endpoint = "agent/recherche")]
pub async fn search_people(q: String, page: Option<u32>) -> Result<PersonPage, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ReadFiles).await?;
            if q.chars().count() > 100 {
                return Err(AppError::invalid(
                    "q",
                    "Votre recherche est trop longue : 100 caractères au plus.",
                ));
            }
            let key = crate::text::search_key(&q);
            let db = state()?.db;
            let found = db
                .search_people(&staff.scope(), &key, page.unwrap_or(1).max(1))
                .await?;
            // Searches are audited (who looked for whom is personal data too), without the words
            // typed: only what kind of search it was and how many people it found.
            let by_number = !key.is_empty() && key.chars().all(|c| c.is_ascii_digit());
            state()?
                .consulted(
                    crate::ssr::audit::AuditEntry::new(
                        crate::ssr::audit::Actor::Staff(staff.staff_id),
                        "search_people",
                    )
                    .detail(serde_json::json!({
                        "by": if by_number { "file_number" } else { "name" },
                        "found": found.total,
                    })),
                )
                .await?;
            Ok(found)
        }
        .await,
    )
}

/// Missed appointments with no new one, longest wait first: the people to call back.
#[server(endpoint = "agent/rendez-vous-manques")]
pub async fn missed_appointments() -> Result<Vec<MissedView>, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ReadFiles).await?;
            state()?
                .db
                .missed_without_new(&staff.scope())
                .await
                .map_err(Into::into)
        }
        .await,
    )
}

/// The worklist "à orienter": people awaiting orientation, longest wait first.
#[server(endpoint = "agent/a-orienter")]
pub async fn worklist(page: Option<u32>) -> Result<PersonPage, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ReadFiles).await?;
            state()?
                .db
                .worklist(&staff.scope(), page.unwrap_or(1).max(1))
                .await
                .map_err(Into::into)
        }
        .await,
    )
}

/// One worklist of the law's deadlines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineList {
    /// `notices`, `suspensions`, `orientation_overdue`, `contracts_due`, `pre_2025`.
    pub code: String,
    pub title: String,
    /// The rule, in a sentence, with its article.
    pub note: String,
    /// How many in all (the rows are the first 20).
    pub total: i64,
    pub rows: Vec<DeadlineRow>,
}

/// A person on a deadline worklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeadlineRow {
    pub id: i64,
    pub file_number: String,
    pub name: String,
    /// "Réponse possible jusqu'au 17 décembre 2026".
    pub what: String,
    /// Past its date.
    pub late: bool,
}

/// The worklists of the law's deadlines, within the staff member's unit.
#[server(endpoint = "agent/echeances")]
pub async fn deadline_lists() -> Result<Vec<DeadlineList>, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ReadFiles).await?;
            state()?
                .db
                .deadline_lists(&staff.scope(), crate::clock::today())
                .await
                .map_err(Into::into)
        }
        .await,
    )
}

/// A person's file, for staff. Opening it is audited.
#[server(endpoint = "agent/dossier")]
pub async fn person_file(id: i64) -> Result<StaffFile, AppError> {
    crate::ssr::respond(crate::ssr::pathway::staff_file(id).await)
}

/// Questions not answered yet, in the staff member's unit.
#[server(endpoint = "agent/messages")]
pub async fn open_inbox() -> Result<Vec<InboxView>, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::AnswerInbox).await?;
            state()?
                .db
                .open_inbox(&staff.scope())
                .await
                .map_err(Into::into)
        }
        .await,
    )
}

// ----- staff: changes ---------------------------------------------------------------------------

/// Form names for the no-JavaScript flash (one per action on the person page).
pub mod forms {
    pub const INVITE: &str = "inviter";
    pub const APPOINTMENT: &str = "rendez-vous";
    pub const OUTCOME: &str = "resultat";
    pub const ORIENTATION: &str = "orientation";
    pub const CONTRACT: &str = "contrat";
    pub const ACTION: &str = "action";
    pub const EMPLOYMENT: &str = "emploi";
    pub const BONUS: &str = "prime";
    pub const EXIT: &str = "sortie";
    pub const REOPEN: &str = "reouverture";
    pub const NOTE: &str = "note";
    pub const ANSWER: &str = "reponse";
    pub const UNLOCK: &str = "debloquer";
    /// Prefix of the procedure's forms: `procedure-<step>`.
    pub const SANCTION: &str = "procedure";
}

/// What recording a step of the pathway takes. Each recording form also posts `vu`, the file's
/// version shown on the page (`StaffFile::version`): a step recorded from a page that another
/// officer changed since is refused ("rechargez la page"); without it, the step is judged on the
/// file as it is now.
#[cfg(feature = "ssr")]
const RECORD: passerelle::access::Permission = passerelle::access::Permission::RecordPathway;

#[cfg(feature = "ssr")]
fn back_to(id: i64) -> String {
    format!("/agent/personnes/{id}")
}

#[server(endpoint = "agent/inviter")]
pub async fn invite(personne: i64, vu: Option<i64>) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| Ok(pathway::Command::Invite))
        .await
        .map(|_| ());
    finish(result, forms::INVITE, &[], Some(&back_to(personne))).await
}

#[server(endpoint = "agent/rendez-vous")]
pub async fn schedule_appointment(
    personne: i64,
    objet: String,
    date: String,
    heure: String,
    lieu: String,
    agent: String,
    #[server(default)] confirmer: Option<String>,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let confirmed = confirmer.as_deref() == Some("1");
    let mut when = None;
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        let command = inputs::schedule(
            &objet,
            &date,
            &heure,
            &lieu,
            &agent,
            confirmed,
            crate::ssr::clock::now(),
        )?;
        if let pathway::Command::Schedule { starts_at, .. } = &command {
            when = Some(*starts_at);
        }
        Ok(command)
    })
    .await
    .map(|_| ());
    // Say what was done and where the person was told.
    if let (Ok(()), Some(when)) = (&result, when)
        && let Ok(Some(person)) = crate::ssr::auth::state()?.db.person_core(personne).await
    {
        crate::ssr::forms::set_notice(format!(
            "Rendez-vous enregistré pour le {}. {}",
            pathway::when_label(when),
            person.sent_to_fr()
        ))
        .await;
    }
    let values = [
        ("objet", objet.as_str()),
        ("date", &date),
        ("heure", &heure),
        ("lieu", &lieu),
        ("agent", &agent),
    ];
    finish(
        result,
        forms::APPOINTMENT,
        &values,
        Some(&back_to(personne)),
    )
    .await
}

#[server(endpoint = "agent/resultat")]
pub async fn record_outcome(
    personne: i64,
    rendez_vous: i64,
    resultat: String,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        Ok(pathway::Command::Outcome {
            appointment: Some(rendez_vous),
            outcome: inputs::outcome(&resultat)?,
        })
    })
    .await
    .map(|_| ());
    finish(result, forms::OUTCOME, &[], Some(&back_to(personne))).await
}

#[server(endpoint = "agent/orientation")]
pub async fn record_orientation(
    personne: i64,
    parcours: String,
    organisme: String,
    referent: String,
    contact: String,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        inputs::orientation(&parcours, &organisme, &referent, &contact)
    })
    .await
    .map(|_| ());
    let values = [
        ("parcours", parcours.as_str()),
        ("organisme", &organisme),
        ("referent", &referent),
        ("contact", &contact),
    ];
    finish(
        result,
        forms::ORIENTATION,
        &values,
        Some(&back_to(personne)),
    )
    .await
}

#[server(endpoint = "agent/contrat")]
pub async fn record_contract(
    personne: i64,
    signe_le: String,
    revision_le: String,
    heures: String,
    vu: Option<i64>,
    activite_1: Option<String>,
    heures_1: Option<String>,
    activite_2: Option<String>,
    heures_2: Option<String>,
    activite_3: Option<String>,
    heures_3: Option<String>,
    activite_4: Option<String>,
    heures_4: Option<String>,
    raison: Option<String>,
    engagements: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let rows = [
        (&activite_1, &heures_1),
        (&activite_2, &heures_2),
        (&activite_3, &heures_3),
        (&activite_4, &heures_4),
    ];
    let plan = inputs::PlanForm {
        activities: rows
            .iter()
            .map(|(a, h)| {
                (
                    a.as_deref().unwrap_or_default().to_string(),
                    h.as_deref().unwrap_or_default().to_string(),
                )
            })
            .collect(),
        reason: raison.clone().unwrap_or_default(),
        commitments: engagements.clone().unwrap_or_default(),
    };
    let result = pathway::staff_apply(personne, vu, RECORD, |today| {
        inputs::contract(&signe_le, &revision_le, &heures, &plan, today)
    })
    .await
    .map(|_| ());
    let plain = |v: &Option<String>| v.clone().unwrap_or_default();
    let kept = [
        plain(&activite_1),
        plain(&heures_1),
        plain(&activite_2),
        plain(&heures_2),
        plain(&activite_3),
        plain(&heures_3),
        plain(&activite_4),
        plain(&heures_4),
        plain(&raison),
        plain(&engagements),
    ];
    let values = [
        ("signe_le", signe_le.as_str()),
        ("revision_le", &revision_le),
        ("heures", &heures),
        ("activite_1", &kept[0]),
        ("heures_1", &kept[1]),
        ("activite_2", &kept[2]),
        ("heures_2", &kept[3]),
        ("activite_3", &kept[4]),
        ("heures_3", &kept[5]),
        ("activite_4", &kept[6]),
        ("heures_4", &kept[7]),
        ("raison", &kept[8]),
        ("engagements", &kept[9]),
    ];
    finish(result, forms::CONTRACT, &values, Some(&back_to(personne))).await
}

/// A step of the suspension-remobilisation procedure (`etape`: a code of
/// [`passerelle::obligations::SanctionAction`], or `notice_received`); each step reads its own
/// fields. Reporting and preparing are the officers'; deciding, deciding none, lifting and
/// ending are the unit manager's ([`passerelle::access::Permission::DecideSanction`]).
#[server(endpoint = "agent/procedure")]
pub async fn sanction_step(
    personne: i64,
    etape: String,
    vu: Option<i64>,
    manquement: Option<String>,
    faits: Option<String>,
    date_manquement: Option<String>,
    recidive: Option<String>,
    taux: Option<String>,
    mois: Option<String>,
    suppression: Option<String>,
    montant_rsa: Option<String>,
    examen: Option<String>,
    envoye_le: Option<String>,
    recu_le: Option<String>,
    texte: Option<String>,
    entendu_le: Option<String>,
    debut: Option<String>,
    pour_lever: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    use passerelle::access::Permission;
    let plain = |v: &Option<String>| v.clone().unwrap_or_default();
    let form = inputs::SanctionForm {
        breach: plain(&manquement),
        facts: plain(&faits),
        breach_on: plain(&date_manquement),
        repeated: recidive.as_deref().is_some_and(|v| !v.is_empty()),
        rate_percent: plain(&taux),
        months: plain(&mois),
        removal: suppression.as_deref().is_some_and(|v| !v.is_empty()),
        rsa_amount: plain(&montant_rsa),
        screening: plain(&examen),
        sent_on: plain(&envoye_le),
        received_on: plain(&recu_le),
        text: plain(&texte),
        held_on: plain(&entendu_le),
        starts_on: plain(&debut),
        lift_action: plain(&pour_lever),
    };
    let permission = if matches!(etape.as_str(), "decide" | "decide_none" | "lift" | "end") {
        Permission::DecideSanction
    } else {
        RECORD
    };
    let result = pathway::staff_apply(personne, vu, permission, |today| {
        inputs::sanction(&etape, &form, today)
    })
    .await
    .map(|_| ());
    let values = [
        ("manquement", form.breach.as_str()),
        ("faits", &form.facts),
        ("date_manquement", &form.breach_on),
        ("taux", &form.rate_percent),
        ("mois", &form.months),
        ("montant_rsa", &form.rsa_amount),
        ("examen", &form.screening),
        ("envoye_le", &form.sent_on),
        ("recu_le", &form.received_on),
        ("texte", &form.text),
        ("entendu_le", &form.held_on),
        ("debut", &form.starts_on),
        ("pour_lever", &form.lift_action),
    ];
    let form_name = format!("{}-{etape}", forms::SANCTION);
    finish(result, &form_name, &values, Some(&back_to(personne))).await
}

#[server(endpoint = "agent/action")]
pub async fn record_action(
    personne: i64,
    type_action: String,
    libelle: String,
    debut: String,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        inputs::action(&type_action, &libelle, &debut)
    })
    .await
    .map(|_| ());
    let values = [
        ("type_action", type_action.as_str()),
        ("libelle", &libelle),
        ("debut", &debut),
    ];
    finish(result, forms::ACTION, &values, Some(&back_to(personne))).await
}

#[server(endpoint = "agent/emploi")]
pub async fn record_employment(
    personne: i64,
    employeur: String,
    secteur: String,
    debut: String,
    contrat: String,
    heures: String,
    salaire: String,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        inputs::employment(&employeur, &secteur, &debut, &contrat, &heures, &salaire)
    })
    .await
    .map(|_| ());
    let values = [
        ("employeur", employeur.as_str()),
        ("secteur", &secteur),
        ("debut", &debut),
        ("contrat", &contrat),
        ("heures", &heures),
        ("salaire", &salaire),
    ];
    finish(result, forms::EMPLOYMENT, &values, Some(&back_to(personne))).await
}

/// Records that the return-to-work bonus was paid.
#[server(endpoint = "agent/prime")]
pub async fn record_bonus_paid(
    personne: i64,
    emploi: i64,
    verse_le: String,
    vu: Option<i64>,
) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| {
        inputs::bonus_paid(emploi, &verse_le)
    })
    .await
    .map(|_| ());
    finish(
        result,
        forms::BONUS,
        &[("verse_le", &verse_le)],
        Some(&back_to(personne)),
    )
    .await
}

#[server(endpoint = "agent/sortie")]
pub async fn record_exit(personne: i64, motif: String, vu: Option<i64>) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| inputs::exit(&motif))
        .await
        .map(|_| ());
    finish(
        result,
        forms::EXIT,
        &[("motif", &motif)],
        Some(&back_to(personne)),
    )
    .await
}

#[server(endpoint = "agent/reouvrir")]
pub async fn reopen(personne: i64, vu: Option<i64>) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway};
    let result = pathway::staff_apply(personne, vu, RECORD, |_| Ok(pathway::Command::Reopen))
        .await
        .map(|_| ());
    finish(result, forms::REOPEN, &[], Some(&back_to(personne))).await
}

#[server(endpoint = "agent/note")]
pub async fn add_note(personne: i64, texte: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway, pathway::inputs};
    let result = pathway::staff_apply(
        personne,
        None,
        passerelle::access::Permission::AnswerInbox,
        |_| inputs::note(&texte),
    )
    .await
    .map(|_| ());
    finish(
        result,
        forms::NOTE,
        &[("texte", &texte)],
        Some(&back_to(personne)),
    )
    .await
}

/// Gives back online access to a person blocked after too many wrong codes.
#[server(endpoint = "agent/debloquer")]
pub async fn unlock_access(personne: i64) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::unlock(personne).await;
    finish(result, forms::UNLOCK, &[], Some(&back_to(personne))).await
}

#[server(endpoint = "agent/repondre")]
pub async fn answer_message(message: i64, reponse: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, pathway};
    let result = pathway::answer(message, &reponse).await;
    let back = match &result {
        Ok(person) => back_to(*person),
        Err(_) => "/agent".to_string(),
    };
    finish(
        result.map(|_| ()),
        forms::ANSWER,
        &[("reponse", &reponse)],
        Some(&back),
    )
    .await
}
