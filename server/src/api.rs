//! `/api/v1`: the JSON API for partners (France Travail, missions locales, employers…), documented
//! by an OpenAPI 3 document generated from this code and served at `/api/v1/openapi.json`.
//!
//! Partners authenticate with a key (`Authorization: Bearer psl_…`) created by an administrator,
//! limited to rights (`pathways:read`, `events:write`) and possibly to one territorial unit. Events
//! carry an `Idempotency-Key` header: a retried request is applied once. The simulator needs no key
//! and is rate-limited per address.
use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use passerelle::pathway::{Delays, PathwayStatus};
use passerelle::{
    Assumption, Cents, ContractType, Date, Eligibility, Month, Outlook, ProjectionMonth,
    ProjectionTotals, SchemeDefinition, SimulationInput,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

use app::error::AppError;
use app::ssr::api_keys::{ApiClient, SCOPE_READ, SCOPE_SANCTIONS, SCOPE_WRITE, request_hash};
use app::ssr::audit::{Actor, AuditEntry};
use app::ssr::pathway::{Author, Change, Command, IdempotencyRecord};
use app::ssr::ratelimit::{self};
use app::ssr::{AppState, auth::ClientIp};

/// An error, with a stable `code` and a message in French (the document's schema; the body is
/// written by [`ApiError`]'s `IntoResponse`, through `app::ssr::error::json_error`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ApiError)]
pub struct ApiErrorBody {
    /// `not_found`, `unauthenticated`, `forbidden`, `invalid`, `refused`, `conflict`, `rate_limited`…
    pub code: String,
    pub message: String,
    /// For `invalid`: one message per field.
    pub fields: Vec<ApiFieldError>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFieldError {
    pub field: String,
    pub message: String,
}

/// The API's one error type: the application's errors (mapped in one place, `AppError`'s
/// `IntoResponse`), or an answer with a message of the API's own. Handlers use `?`.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    Message {
        status: StatusCode,
        code: &'static str,
        message: String,
    },
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::Message {
            status,
            code,
            message: message.into(),
        }
    }

    fn not_found() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Aucun dossier ne correspond à ce numéro allocataire.",
        )
    }

    fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> ApiError {
        ApiError::App(e)
    }
}

impl From<app::ssr::DbError> for ApiError {
    fn from(e: app::ssr::DbError) -> ApiError {
        ApiError::App(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::App(e) => e.into_response(),
            ApiError::Message {
                status,
                code,
                message,
            } => app::ssr::error::json_error(status, code, &message, &[]),
        }
    }
}

type ApiResult<T = Response> = Result<T, ApiError>;

async fn client(state: &AppState, headers: &HeaderMap, scope: &str) -> ApiResult<ApiClient> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(key) = key else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Une clé d'API est nécessaire (en-tête Authorization: Bearer …).",
        ));
    };
    match state.db.authenticate_api_key(key).await? {
        Some(c) if c.has(scope) => Ok(c),
        Some(_) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("Cette clé n'a pas le droit « {scope} »."),
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Cette clé d'API n'est pas valable ou a été révoquée.",
        )),
    }
}

/// The person behind a file number, if the key reaches their unit (else "not found").
async fn person_for(
    state: &AppState,
    client: &ApiClient,
    file_number: &str,
) -> ApiResult<(i64, String)> {
    if file_number.len() > 20 || !file_number.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::not_found());
    }
    match state.db.beneficiary_by_file_number(file_number).await? {
        Some((id, unit)) if client.reaches(&unit) => Ok((id, unit)),
        _ => Err(ApiError::not_found()),
    }
}

// ----- pathway ----------------------------------------------------------------------------------

/// Where a person's pathway stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathwaySummary {
    pub file_number: String,
    /// `entered`, `invited`, `appointment_planned`, `appointment_missed`, `interview_held`,
    /// `oriented`, `contract_signed`, `employed`, `exited`.
    pub status: String,
    pub status_label: String,
    pub unit_code: String,
    pub rsa_opened_on: Date,
    pub days_since_entry: i64,
    /// Days from entry to the orientation decision, once taken.
    pub orientation_days: Option<i64>,
    /// `professionnel`, `socio_professionnel`, `social`.
    pub orientation: Option<String>,
    pub oriented_on: Option<Date>,
    /// `france_travail`, `mission_locale`, `cap_emploi`, `departement`, `ccas`, `plie`, `autre`.
    pub referent_organisation: Option<String>,
    pub referent_name: Option<String>,
    pub contract_signed_on: Option<Date>,
    pub contract_review_on: Option<Date>,
    /// The next planned appointment (Paris time, ISO 8601 date and time).
    pub next_appointment: Option<AppointmentSummary>,
    pub employment_start_on: Option<Date>,
    /// Months of RSA kept on top of the salary under the cumulation scheme (0 if none).
    pub scheme_months: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentSummary {
    pub date: Date,
    pub when_label: String,
    /// `orientation`, `suivi`, `contrat`.
    pub purpose: String,
    pub place: String,
}

/// A person's pathway summary.
#[utoipa::path(
    get,
    path = "/api/v1/beneficiaries/{file_number}/pathway",
    params(("file_number" = String, Path, description = "Numéro allocataire CAF (chiffres)", example = "1234567")),
    responses(
        (status = 200, description = "Le parcours", body = PathwaySummary),
        (status = 401, description = "Clé absente ou invalide", body = ApiErrorBody),
        (status = 403, description = "Clé sans le droit pathways:read", body = ApiErrorBody),
        (status = 404, description = "Aucun dossier (ou hors du périmètre de la clé)", body = ApiErrorBody),
    ),
    security(("cle_api" = []))
)]
pub async fn get_pathway(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file_number): Path<String>,
) -> ApiResult {
    let client = client(&state, &headers, SCOPE_READ).await?;
    let (id, unit) = person_for(&state, &client, &file_number).await?;
    let view = state
        .db
        .pathway_view(id, false, app::lang::Lang::Fr)
        .await?
        .ok_or_else(ApiError::not_found)?;
    state
        .consulted(
            AuditEntry::new(Actor::Partner(client.api_key_id), "api_read_pathway")
                .beneficiary(id, &unit),
        )
        .await?;
    let Delays {
        days_since_entry,
        orientation_days,
        ..
    } = view.delays;
    Ok(Json(PathwaySummary {
        file_number: view.file_number,
        status: view.status.code().to_string(),
        status_label: view.status.staff_label_fr().to_string(),
        unit_code: view.unit_code,
        rsa_opened_on: view.rsa_opened_on,
        days_since_entry,
        orientation_days,
        orientation: view.orientation.map(|o| o.code().to_string()),
        oriented_on: view.oriented_on,
        referent_organisation: view
            .referent
            .as_ref()
            .map(|r| r.organisation.code().to_string()),
        referent_name: view.referent.and_then(|r| r.name),
        contract_signed_on: view.contract.as_ref().map(|c| c.signed_on),
        contract_review_on: view.contract.and_then(|c| c.review_on),
        next_appointment: view.next_appointment.map(|a| AppointmentSummary {
            date: a.date,
            when_label: a.when_label,
            purpose: a.purpose,
            place: a.place,
        }),
        employment_start_on: view.employment.as_ref().map(|e| e.start_on),
        scheme_months: view
            .employment
            .and_then(|e| e.scheme)
            .map(|s| s.months_total)
            .unwrap_or(0),
    })
    .into_response())
}

// ----- events -----------------------------------------------------------------------------------

/// An event a partner reports on a person's pathway.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum PartnerEvent {
    /// The outcome of the planned orientation appointment.
    AppointmentOutcome {
        /// `held`, `missed`, `excused` or `cancelled`.
        outcome: String,
    },
    /// The orientation decision and the referent (a new decision is a re-orientation).
    ReferentAssigned {
        /// `professionnel`, `socio_professionnel` or `social`.
        pathway: String,
        /// `france_travail`, `mission_locale`, `cap_emploi`, `departement`, `ccas`, `plie`, `autre`.
        organisation: String,
        name: Option<String>,
        contact: Option<String>,
    },
    /// The contrat d'engagement was signed.
    ContractSigned {
        signed_on: Date,
        review_on: Option<Date>,
        weekly_hours: Option<i64>,
    },
    /// The person started a job.
    ReturnToWork {
        employer: String,
        /// A sector code of the scheme (`ehpad`, `saad`) or `autre`.
        sector: String,
        start_on: Date,
        /// `cdi`, `cdd`, `interim` or `autre`.
        contract: Option<String>,
        hours_per_week: Option<i64>,
        /// Net monthly salary, in cents.
        net_monthly_cents: Option<i64>,
    },
}

/// The pathway after the event.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EventApplied {
    pub status: String,
    pub status_label: String,
    /// False when this answer replays an earlier request with the same `Idempotency-Key`.
    pub applied_now: bool,
}

/// Reports an event on a person's pathway. Send an `Idempotency-Key` header (any unique string of
/// 8 to 100 characters): a retried request with the same key and body is applied once and gets the
/// same answer; the same key with another body is refused.
#[utoipa::path(
    post,
    path = "/api/v1/beneficiaries/{file_number}/events",
    params(
        ("file_number" = String, Path, description = "Numéro allocataire CAF (chiffres)", example = "1234567"),
        ("Idempotency-Key" = String, Header, description = "Clé unique de la requête (8 à 100 caractères)", example = "3f2c1e9a-5b7d-4c1e-9f0a-2d6b8e4c7a11"),
    ),
    request_body = PartnerEvent,
    responses(
        (status = 200, description = "Événement enregistré (ou déjà enregistré avec cette clé)", body = EventApplied),
        (status = 401, description = "Clé absente ou invalide", body = ApiErrorBody),
        (status = 403, description = "Clé sans le droit events:write", body = ApiErrorBody),
        (status = 404, description = "Aucun dossier (ou hors du périmètre de la clé)", body = ApiErrorBody),
        (status = 409, description = "Étape impossible dans l'état du parcours", body = ApiErrorBody),
        (status = 422, description = "Données invalides, ou Idempotency-Key absente ou déjà utilisée pour une autre requête", body = ApiErrorBody),
    ),
    security(("cle_api" = []))
)]
pub async fn post_event(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file_number): Path<String>,
    body: Bytes,
) -> ApiResult {
    let client = client(&state, &headers, SCOPE_WRITE).await?;
    let key = idempotency_key(&headers)?;
    let event: PartnerEvent = serde_json::from_slice(&body).map_err(|e| {
        ApiError::invalid(format!(
            "Le corps de la requête n'est pas un événement valable : {e}"
        ))
    })?;
    let once = match Once::start(&state, client, key, "", &file_number, &body).await? {
        Once::Fresh(write) => write,
        Once::Replay(answer) => return Ok(answer),
    };
    let command = command_of(event, app::clock::today())?;
    match once
        .apply(command, |to| {
            serde_json::to_string(&EventApplied::new(to, false)).unwrap_or_default()
        })
        .await
    {
        Ok(Applied::Now(to)) => Ok(Json(EventApplied::new(to, true)).into_response()),
        Ok(Applied::Replayed(r)) => Ok(r),
        // A failed write that no concurrent request explains: the step could not be taken now.
        Err(ApiError::App(AppError::Internal)) => Err(ApiError::App(AppError::Conflict)),
        Err(e) => Err(e),
    }
}

/// The `Idempotency-Key` header of a partner's write: 8 to 100 characters.
fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if !(8..=100).contains(&key.len()) {
        return Err(ApiError::invalid(
            "L'en-tête Idempotency-Key est obligatoire (8 à 100 caractères).",
        ));
    }
    Ok(key.to_string())
}

/// A partner's write, applied once per `Idempotency-Key`: [`Once::start`] replays the stored
/// answer of a request already applied (or refuses the key reused for another request); a fresh
/// one is applied with its answer stored in the same transaction.
enum Once<'a> {
    Fresh(FreshWrite<'a>),
    Replay(Response),
}

struct FreshWrite<'a> {
    state: &'a AppState,
    client: ApiClient,
    key: String,
    hash: String,
    person: i64,
}

/// What became of a fresh write.
enum Applied {
    Now(PathwayStatus),
    /// A concurrent request with the same key won the race: its answer.
    Replayed(Response),
}

impl<'a> Once<'a> {
    /// `kind` tells apart writes of different kinds with the same body (`""` for events, as
    /// their stored hashes were made).
    async fn start(
        state: &'a AppState,
        client: ApiClient,
        key: String,
        kind: &str,
        file_number: &str,
        body: &[u8],
    ) -> ApiResult<Once<'a>> {
        let (person, _unit) = person_for(state, &client, file_number).await?;
        let hash = request_hash(
            format!("{kind}{file_number}\n")
                .as_bytes()
                .iter()
                .chain(body.iter())
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
        );
        Ok(match replay(state, &client, &key, &hash).await? {
            Some(r) => Once::Replay(r),
            None => Once::Fresh(FreshWrite {
                state,
                client,
                key,
                hash,
                person,
            }),
        })
    }
}

impl FreshWrite<'_> {
    /// Applies `command` through the one write path as the partner's change, storing `answer`
    /// for retries; after a failure, a concurrent request with the same key may have won: its
    /// answer is replayed, else the failure is returned.
    async fn apply(
        self,
        command: Command,
        answer: fn(PathwayStatus) -> String,
    ) -> ApiResult<Applied> {
        let state = self.state;
        let person = state
            .db
            .person_core(self.person)
            .await?
            .ok_or_else(ApiError::not_found)?;
        let change = Change {
            author: Author {
                actor: Actor::Partner(self.client.api_key_id),
                staff_id: None,
            },
            person,
            idempotency: Some(IdempotencyRecord {
                api_key_id: self.client.api_key_id,
                key: self.key.clone(),
                request_hash: self.hash.clone(),
                answer,
            }),
            job: None,
            site: state.config.public_url.clone(),
            seen: None,
        };
        match app::ssr::pathway::apply(&state.db, change, command).await {
            Ok(to) => Ok(Applied::Now(to)),
            Err(e) => match replay(state, &self.client, &self.key, &self.hash).await? {
                Some(r) => Ok(Applied::Replayed(r)),
                None => Err(e.into()),
            },
        }
    }
}

// ----- sanction proposals -----------------------------------------------------------------------

/// France Travail proposes a sanction of the suspension-remobilisation procedure (CASF L262-37 IV):
/// the Département's unit manager decides, after a notice when it envisages a harsher one.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "breach": "missed_appointments",
    "facts": "Absent aux rendez-vous du 3 et du 17 novembre avec son conseiller, sans nouvelles.",
    "breach_on": "2026-11-17",
    "repeated": false,
    "rate_percent": 30,
    "months": 1,
    "reference": "FT-76-2026-000123"
}))]
pub struct SanctionProposal {
    /// `missed_appointments`, `contract_refused`, `plan_not_followed` or `not_registered`.
    pub breach: String,
    /// The facts, as the person will read them (what was missed, when).
    pub facts: String,
    pub breach_on: Date,
    /// A persistent or repeated breach (1 to 4 months) rather than a first one (1 to 2 months).
    #[serde(default)]
    pub repeated: bool,
    /// Share of the RSA, 30 to 100 (the Département may decide at most 50 for a household of
    /// several persons or receiving the increased RSA).
    pub rate_percent: i64,
    pub months: u8,
    /// France Travail's own reference for the proposal.
    pub reference: String,
}

/// The procedure after the proposal.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProposalRecorded {
    /// `proposed`.
    pub stage: String,
    pub stage_label: String,
    /// False when this answer replays an earlier request with the same `Idempotency-Key`.
    pub applied_now: bool,
}

/// Proposes a sanction for a person (needs the `sanctions:propose` right). Send an
/// `Idempotency-Key` header: a retried request is recorded once. A person has at most one
/// procedure under way: a proposal while one runs is refused (409).
#[utoipa::path(
    post,
    path = "/api/v1/beneficiaries/{file_number}/sanction-proposals",
    params(
        ("file_number" = String, Path, description = "Numéro allocataire CAF (chiffres)", example = "1234567"),
        ("Idempotency-Key" = String, Header, description = "Clé unique de la requête (8 à 100 caractères)", example = "9b1d7c2e-4f3a-4d5b-8e6f-1a2b3c4d5e6f"),
    ),
    request_body = SanctionProposal,
    responses(
        (status = 201, description = "Proposition enregistrée", body = ProposalRecorded),
        (status = 200, description = "Déjà enregistrée avec cette Idempotency-Key : la même réponse, applied_now à false", body = ProposalRecorded),
        (status = 401, description = "Clé absente ou invalide", body = ApiErrorBody),
        (status = 403, description = "Clé sans le droit sanctions:propose", body = ApiErrorBody),
        (status = 404, description = "Aucun dossier (ou hors du périmètre de la clé)", body = ApiErrorBody),
        (status = 409, description = "Une procédure est déjà en cours pour cette personne", body = ApiErrorBody),
        (status = 422, description = "Données invalides (taux, durée, date), ou Idempotency-Key absente ou déjà utilisée pour une autre requête", body = ApiErrorBody),
    ),
    security(("cle_api" = []))
)]
pub async fn post_sanction_proposal(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file_number): Path<String>,
    body: Bytes,
) -> ApiResult {
    use app::ssr::pathway::SanctionCommand;
    use passerelle::obligations::{BreachKind, Recurrence, Sanction, SanctionKind};
    let client = client(&state, &headers, SCOPE_SANCTIONS).await?;
    let key = idempotency_key(&headers)?;
    let p: SanctionProposal = serde_json::from_slice(&body).map_err(|e| {
        ApiError::invalid(format!(
            "Le corps de la requête n'est pas une proposition valable : {e}"
        ))
    })?;
    let once = match Once::start(&state, client, key, "sanction\n", &file_number, &body).await? {
        Once::Fresh(write) => write,
        Once::Replay(answer) => return Ok(answer),
    };
    let today = app::clock::today();
    let breach = BreachKind::from_code(p.breach.trim()).ok_or_else(|| {
        ApiError::invalid(
            "breach : missed_appointments, contract_refused, plan_not_followed ou not_registered.",
        )
    })?;
    let facts = p.facts.trim();
    if !(10..=2000).contains(&facts.chars().count()) {
        return Err(ApiError::invalid(
            "facts : les faits en 10 à 2 000 caractères.",
        ));
    }
    let reference = p.reference.trim();
    if !(1..=100).contains(&reference.chars().count()) {
        return Err(ApiError::invalid("reference : 1 à 100 caractères."));
    }
    if p.breach_on > today {
        return Err(ApiError::invalid(
            "breach_on : la date du manquement ne peut pas être dans le futur.",
        ));
    }
    if !(0..=100).contains(&p.rate_percent) {
        return Err(ApiError::invalid("rate_percent : de 30 à 100."));
    }
    let command = Command::Sanction(SanctionCommand::Propose {
        breach,
        facts: facts.to_string(),
        breach_on: p.breach_on,
        recurrence: if p.repeated {
            Recurrence::Repeated
        } else {
            Recurrence::First
        },
        proposed: Sanction {
            kind: SanctionKind::Suspension,
            rate: passerelle::Rate::ppm(p.rate_percent * 10_000),
            months: p.months,
        },
        reference: reference.to_string(),
    });
    // The one-open-procedure index or the file's version may refuse a concurrent twin: the
    // winner's answer is replayed.
    match once
        .apply(command, |_| {
            serde_json::to_string(&ProposalRecorded::new(false)).unwrap_or_default()
        })
        .await?
    {
        Applied::Now(_) => {
            Ok((StatusCode::CREATED, Json(ProposalRecorded::new(true))).into_response())
        }
        Applied::Replayed(r) => Ok(r),
    }
}

impl ProposalRecorded {
    fn new(applied_now: bool) -> ProposalRecorded {
        let stage = passerelle::obligations::SanctionStage::Proposed;
        ProposalRecorded {
            stage: stage.code().to_string(),
            stage_label: stage.staff_label_fr().to_string(),
            applied_now,
        }
    }
}

impl EventApplied {
    fn new(to: PathwayStatus, applied_now: bool) -> EventApplied {
        EventApplied {
            status: to.code().to_string(),
            status_label: to.staff_label_fr().to_string(),
            applied_now,
        }
    }
}

async fn replay(
    state: &AppState,
    client: &ApiClient,
    key: &str,
    hash: &str,
) -> ApiResult<Option<Response>> {
    match state.db.idempotent_answer(client.api_key_id, key).await? {
        Some((stored_hash, status, body)) if stored_hash == hash => {
            let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
            Ok(Some(
                (status, [(header::CONTENT_TYPE, "application/json")], body).into_response(),
            ))
        }
        Some(_) => Err(ApiError::invalid(
            "Cette Idempotency-Key a déjà servi pour une autre requête.",
        )),
        None => Ok(None),
    }
}

/// A partner's event as the typed command staff forms produce too: the same checks, no detour
/// through text.
fn command_of(event: PartnerEvent, today: Date) -> Result<Command, AppError> {
    use app::ssr::pathway::inputs;
    Ok(match event {
        PartnerEvent::AppointmentOutcome { outcome } => Command::Outcome {
            appointment: None,
            outcome: inputs::outcome(&outcome)?,
        },
        PartnerEvent::ReferentAssigned {
            pathway,
            organisation,
            name,
            contact,
        } => inputs::orientation(
            &pathway,
            &organisation,
            name.as_deref().unwrap_or(""),
            contact.as_deref().unwrap_or(""),
        )?,
        PartnerEvent::ContractSigned {
            signed_on,
            review_on,
            weekly_hours,
        } => Command::contract(signed_on, review_on, weekly_hours, None, None, today)?,
        PartnerEvent::ReturnToWork {
            employer,
            sector,
            start_on,
            contract,
            hours_per_week,
            net_monthly_cents,
        } => {
            let contract = match contract.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(code) => Some(ContractType::from_code(code).ok_or_else(|| {
                    AppError::invalid(
                        "contract",
                        "Type de contrat inconnu : cdi, cdd, interim ou autre.",
                    )
                })?),
            };
            Command::employment(
                &employer,
                &sector,
                start_on,
                contract,
                hours_per_week,
                net_monthly_cents.map(Cents),
            )?
        }
    })
}

// ----- simulations ------------------------------------------------------------------------------

/// The result of a simulation (the same computation as the simulator page).
#[derive(Debug, Serialize, ToSchema)]
pub struct SimulationResponse {
    pub scheme_code: String,
    pub scheme_version: u32,
    pub job_start: Month,
    pub eligibility: Eligibility,
    /// Month by month: without the job, with the job (ordinary rules), and with the job and
    /// the département's scheme.
    pub projection: Vec<ProjectionMonth>,
    pub totals: ProjectionTotals,
    /// The comparison in words, as the simulator page says it.
    pub outlook: Outlook,
    pub assumptions: Vec<Assumption>,
}

/// Simulates the RSA, the prime d'activité, the cumulation and the bonus, month by month, for a
/// household and a new job. No key needed; limited to 60 requests a minute per address.
#[utoipa::path(
    post,
    path = "/api/v1/simulations",
    request_body = SimulationInput,
    responses(
        (status = 200, description = "La simulation", body = SimulationResponse),
        (status = 422, description = "Données invalides", body = ApiErrorBody),
        (status = 429, description = "Trop de requêtes", body = ApiErrorBody),
    )
)]
pub async fn post_simulation(
    State(state): State<AppState>,
    ip: Option<axum::Extension<ClientIp>>,
    body: Bytes,
) -> ApiResult {
    let ip = ip
        .map(|e| ratelimit::address_key(&e.0.0))
        .unwrap_or_else(|| "unknown".to_string());
    let now = app::ssr::clock::unix(app::ssr::clock::now());
    let limit = ratelimit::simulations_per_address(state.config.simulations_per_minute);
    if let Some(retry_after_secs) = state.db.hit_rate_limit(limit, &ip, now).await? {
        return Err(AppError::RateLimited { retry_after_secs }.into());
    }
    let input: SimulationInput = serde_json::from_slice(&body).map_err(|e| {
        ApiError::invalid(format!(
            "Le corps de la requête n'est pas une situation valable : {e}"
        ))
    })?;
    let versions = state.db.scheme_versions().await?;
    let scheme = passerelle::scheme_for_job(&versions, input.job.start, &input.job.sector)
        .cloned()
        .unwrap_or_else(SchemeDefinition::seine_maritime_2021);
    let sim =
        passerelle::simulate(&input, &scheme).map_err(|e| ApiError::invalid(e.message_fr()))?;
    Ok(Json(SimulationResponse {
        scheme_code: sim.scheme_code,
        scheme_version: sim.scheme_version,
        job_start: sim.job_start,
        eligibility: sim.eligibility,
        projection: sim.projection,
        totals: sim.totals,
        outlook: sim.outlook,
        assumptions: sim.assumptions,
    })
    .into_response())
}

// ----- document ---------------------------------------------------------------------------------

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Passerelle — API des partenaires",
        version = "1.0.0",
        description = "Parcours des bénéficiaires du RSA suivis par le SPIE du Département de la Seine-Maritime, événements des partenaires, et simulateur du cumul RSA + salaire et de la prime de reprise. Les montants sont en centimes d'euro, les dates au format AAAA-MM-JJ, les mois AAAA-MM."
    ),
    paths(get_pathway, post_event, post_sanction_proposal, post_simulation),
    components(schemas(ApiErrorBody, ApiFieldError, PathwaySummary, AppointmentSummary, PartnerEvent, EventApplied, SanctionProposal, ProposalRecorded, SimulationResponse)),
    modifiers(&Security),
    tags((name = "partenaires", description = "Accès par clé d'API"))
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "cle_api",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "Clé d'API créée par un administrateur du Département (psl_…)",
                    ))
                    .build(),
            ),
        );
    }
}

pub async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        ApiDoc::openapi().to_pretty_json().unwrap_or_default(),
    )
        .into_response()
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "Cette adresse n'existe pas dans l'API.",
    )
}

/// The API's routes (mounted under the application router).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route(
            "/api/v1/beneficiaries/{file_number}/pathway",
            get(get_pathway),
        )
        .route(
            "/api/v1/beneficiaries/{file_number}/events",
            post(post_event),
        )
        .route(
            "/api/v1/beneficiaries/{file_number}/sanction-proposals",
            post(post_sanction_proposal),
        )
        .route("/api/v1/simulations", post(post_simulation))
        .route("/api/v1/{*rest}", get(not_found).post(not_found))
}
