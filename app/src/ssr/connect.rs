//! Signing in through FranceConnect and ProConnect: the routes that leave for the provider and
//! come back, the first-time link of a FranceConnect identity to a file, and the provider's logout.
//!
//! - `/connexion/franceconnect` and `/agent/connexion/proconnect` keep `state`, `nonce` and the
//!   PKCE verifier in the session and send the browser to the provider.
//! - Back on `…/retour`, the answer is verified ([`super::oidc`]). A FranceConnect identity
//!   already linked to a file signs in at once; otherwise the person types their file number on
//!   `/connexion/franceconnect/lier`, and the file's birth date and names must be FranceConnect's
//!   ([`passerelle::identity::same_person`]). A ProConnect identity signs in the active staff
//!   account with the same e-mail; no account is ever created, and the role stays Passerelle's.
//! - Every failure is logged and audited with its reason; the person sees a plain message on the
//!   sign-in page (`?echec=…`), never the technical cause.
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_sessions::Session;

use super::AppState;
use super::audit::{Actor, AuditEntry};
use super::auth::{Identity, SessionUser, begin_session, client_ip, session, session_error, state};
use super::clock::{now, unix};
use super::oidc::{CallbackQuery, OidcError, PendingLogin, ProvidedIdentity, ProviderKind};
use super::ratelimit;
use super::sign_in::{limit, parse_file_number};
use crate::error::AppError;
use crate::lang::locale;
use crate::with_pool;
use leptos_i18n::td_string;

/// Session keys.
const SESSION_OIDC_PENDING: &str = "oidc_pending";
/// A FranceConnect identity waiting to be linked to a file.
const SESSION_OIDC_IDENTITY: &str = "oidc_identity";
/// How the signed-in session ends at the provider too.
pub const SESSION_OIDC_LOGOUT: &str = "oidc_logout";

/// What sign-out needs to end the provider's session as well.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProviderSession {
    pub provider: ProviderKind,
    pub id_token: String,
}

/// `?echec=` codes shown on the sign-in pages (see `pages::sign_in`).
pub const FAILED: &str = "echec";
/// ProConnect said who the agent is, but no active staff account has that e-mail.
pub const NO_STAFF_ACCOUNT: &str = "compte";
/// The person cancelled at the provider (`annule-franceconnect`, `annule-proconnect`).
pub const CANCELLED: &str = "annule";

/// One use per `state`, across servers: of two callbacks carrying the same answer at once (a
/// double click), one goes on and the other waits for nothing (it is not an attack either).
const STATE_USES: ratelimit::Limit = ratelimit::Limit {
    name: "oidc-state",
    max: 1,
    window_secs: super::oidc::LOGIN_VALIDITY_SECS,
};

fn back_to(kind: ProviderKind, what: &str) -> Response {
    Redirect::to(&format!("{}?{FAILED}={what}", kind.sign_in_page())).into_response()
}

/// Starts a sign-in: `GET /connexion/franceconnect`, `GET /agent/connexion/proconnect`.
pub async fn start(state: &AppState, identity: &Identity, kind: ProviderKind) -> Response {
    let Some(provider) = state.config.oidc.get(kind) else {
        return Redirect::to(kind.sign_in_page()).into_response();
    };
    match provider.start(unix(now())).await {
        Ok((url, pending)) => {
            if let Err(e) = identity
                .session()
                .insert(SESSION_OIDC_PENDING, pending)
                .await
            {
                tracing::error!(error = %e, "session store");
                return back_to(kind, kind.code());
            }
            Redirect::to(&url).into_response()
        }
        Err(e) => {
            tracing::error!(provider = kind.code(), error = %super::oidc::log_safe(&e.to_string()), "sign-in could not start");
            back_to(kind, kind.code())
        }
    }
}

/// Back from the provider: `GET /connexion/franceconnect/retour`, `GET /agent/connexion/proconnect/retour`.
pub async fn callback(
    state: &AppState,
    identity: &Identity,
    kind: ProviderKind,
    raw_query: Option<&str>,
) -> Response {
    let Some(provider) = state.config.oidc.get(kind) else {
        return Redirect::to(kind.sign_in_page()).into_response();
    };
    let query = match CallbackQuery::parse(raw_query) {
        Ok(q) => q,
        Err(e) => return refused(state, kind, &e).await,
    };
    let s = identity.session();
    // Taken out at once: the same answer (or a replayed one) cannot be used twice in this
    // session…
    let pending: Option<PendingLogin> = s.remove(SESSION_OIDC_PENDING).await.unwrap_or(None);
    // …nor twice at the same moment (two requests read the same session before either writes).
    // The second of two callbacks with the same answer may also find the pending sign-in already
    // gone (the first one saved the session before it read it): an answer whose `state` was used
    // is a double click too. Nothing is exchanged again; the browser goes where a signed-in
    // person goes (the page asks to sign in if the first one failed).
    if pending.is_none()
        && let Some(st) = query.state.as_deref().filter(|st| !st.is_empty())
    {
        match state.db.failures(STATE_USES, st, unix(now())).await {
            Ok(0) => {}
            Ok(_) => {
                tracing::info!(provider = kind.code(), "an answer already used, again");
                return Redirect::to(kind.home_after_sign_in()).into_response();
            }
            Err(e) => tracing::error!(error = %e, "rate limit store"),
        }
    }
    if let (Some(st), Some(p)) = (query.state.as_deref(), &pending)
        && p.sent(st)
    {
        match state.db.hit_count(STATE_USES, st, unix(now())).await {
            Ok(1) => {}
            Ok(_) => {
                tracing::info!(
                    provider = kind.code(),
                    "second callback with the same answer"
                );
                return Redirect::to(kind.home_after_sign_in()).into_response();
            }
            Err(e) => {
                tracing::error!(error = %e, "rate limit store");
                return back_to(kind, kind.code());
            }
        }
    }
    let verified = provider.finish(pending, &query, unix(now())).await;
    let provided = match verified {
        Ok(p) => p,
        Err(e) => return refused(state, kind, &e).await,
    };
    let answer = match kind {
        ProviderKind::FranceConnect => franceconnect_signed_in(state, s, provided).await,
        ProviderKind::ProConnect => proconnect_signed_in(state, s, provided).await,
    };
    answer.unwrap_or_else(|e| {
        tracing::error!(provider = kind.code(), error = ?e, "sign-in could not finish");
        back_to(kind, kind.code())
    })
}

/// The tally kind of a refused provider answer (`oidc:franceconnect:wrong_state`…).
pub fn failure_kind(kind: ProviderKind, reason: &str) -> String {
    format!("oidc:{}:{reason}", kind.code())
}

async fn refused(state: &AppState, kind: ProviderKind, e: &OidcError) -> Response {
    let error = super::oidc::log_safe(&e.to_string());
    match e {
        // The provider unreachable is our problem, not an attempt: logged as an error.
        OidcError::Discovery(_) => {
            tracing::error!(provider = kind.code(), error = %error, "provider unreachable")
        }
        // A change of mind is not an attack.
        OidcError::Cancelled => tracing::info!(provider = kind.code(), "cancelled at the provider"),
        _ => tracing::warn!(provider = kind.code(), error = %error, "sign-in refused"),
    }
    // Nobody is signed in yet: counted per hour and reason, not one five-year audit row each.
    if let Err(e) = state
        .db
        .tally(&failure_kind(kind, e.reason()), unix(now()))
        .await
    {
        tracing::error!(error = %e, "tally");
    }
    match e {
        OidcError::Cancelled => back_to(kind, &format!("{CANCELLED}-{}", kind.code())),
        _ => back_to(kind, kind.code()),
    }
}

async fn franceconnect_signed_in(
    state: &AppState,
    s: &Session,
    provided: ProvidedIdentity,
) -> Result<Response, AppError> {
    let db = &state.db;
    match db
        .linked_file(ProviderKind::FranceConnect, &provided.subject)
        .await?
    {
        Some((id, unit)) => {
            sign_in_beneficiary(s, db, id, &unit, &provided).await?;
            Ok(Redirect::to("/mon-parcours").into_response())
        }
        None => {
            s.insert(SESSION_OIDC_IDENTITY, &provided)
                .await
                .map_err(session_error)?;
            Ok(Redirect::to("/connexion/franceconnect/lier").into_response())
        }
    }
}

async fn sign_in_beneficiary(
    s: &Session,
    db: &super::Db,
    id: i64,
    unit: &str,
    provided: &ProvidedIdentity,
) -> Result<(), AppError> {
    let now = now();
    begin_session(
        s,
        SessionUser::Beneficiary {
            id,
            since: unix(now),
        },
    )
    .await?;
    s.insert(
        SESSION_OIDC_LOGOUT,
        ProviderSession {
            provider: provided.provider,
            id_token: provided.id_token.clone(),
        },
    )
    .await
    .map_err(session_error)?;
    db.audit(
        AuditEntry::new(Actor::Beneficiary(id), "sign_in")
            .beneficiary(id, unit)
            .detail(json!({ "method": "franceconnect" })),
    )
    .await?;
    db.signed_in(id, now).await?;
    db.link_used(ProviderKind::FranceConnect, &provided.subject, now)
        .await?;
    Ok(())
}

async fn proconnect_signed_in(
    state: &AppState,
    s: &Session,
    provided: ProvidedIdentity,
) -> Result<Response, AppError> {
    let db = &state.db;
    let email = provided
        .email
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    let Some((account, _)) = db.staff_for_sign_in(&email).await? else {
        tracing::warn!("ProConnect: no active staff account with this e-mail");
        db.tally(
            &failure_kind(ProviderKind::ProConnect, "no_staff_account"),
            unix(now()),
        )
        .await?;
        return Ok(back_to(ProviderKind::ProConnect, NO_STAFF_ACCOUNT));
    };
    begin_session(
        s,
        SessionUser::Staff {
            id: account.staff_id,
            since: unix(now()),
        },
    )
    .await?;
    s.insert(
        SESSION_OIDC_LOGOUT,
        ProviderSession {
            provider: ProviderKind::ProConnect,
            id_token: provided.id_token,
        },
    )
    .await
    .map_err(session_error)?;
    db.audit(
        AuditEntry::new(Actor::Staff(account.staff_id), "staff_sign_in")
            .detail(json!({ "method": "proconnect" })),
    )
    .await?;
    Ok(Redirect::to("/agent").into_response())
}

/// The FranceConnect identity waiting to be linked, as the link page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    pub given_name: String,
    pub family_name: String,
    pub birth_date: Option<passerelle::Date>,
}

pub async fn pending_link() -> Result<Option<PendingLink>, AppError> {
    let s = session().await?;
    let provided: Option<ProvidedIdentity> =
        s.get(SESSION_OIDC_IDENTITY).await.map_err(session_error)?;
    Ok(provided.map(|p| PendingLink {
        given_name: p.given_name,
        family_name: p.family_name,
        birth_date: p.birthdate.as_deref().and_then(|d| d.parse().ok()),
    }))
}

/// Said when the file is not the FranceConnect identity's person.
fn not_your_file() -> AppError {
    AppError::invalid("numero", td_string!(locale(), errors.fc_mismatch))
}

/// Links the waiting FranceConnect identity to the file `numero`, if it is the same person, and
/// signs in.
pub async fn link(numero: &str) -> Result<(), AppError> {
    let db = state()?.db;
    let s = session().await?;
    let Some(provided): Option<ProvidedIdentity> =
        s.get(SESSION_OIDC_IDENTITY).await.map_err(session_error)?
    else {
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.fc_expired),
        ));
    };
    let ip = client_ip();
    limit(&db, ratelimit::IDENTIFY_PER_ADDRESS, &ip).await?;
    let file_number = parse_file_number(numero)?;
    let birth_date = provided
        .birthdate
        .as_deref()
        .and_then(|d| d.parse::<passerelle::Date>().ok());
    let file = db.file_identity(&file_number).await?;
    let verdict = match (&file, birth_date) {
        (Some(f), Some(born)) => passerelle::identity::same_person(
            &passerelle::identity::FileIdentity {
                first_name: &f.first_name,
                last_name: &f.last_name,
                birth_date: super::from_time_date(f.birth_date),
            },
            &passerelle::identity::ProvidedIdentity {
                given_names: &provided.given_name,
                family_name: &provided.family_name,
                birth_date: born,
            },
        )
        .map_err(|m| format!("{m:?}")),
        (None, _) => Err("unknown_file".to_string()),
        (_, None) => Err("no_birthdate".to_string()),
    };
    let file = match (file, verdict) {
        (Some(f), Ok(())) => f,
        (file, Err(reason)) => {
            let mut entry = AuditEntry::new(Actor::Anonymous, "franceconnect_link_refused")
                .detail(json!({ "reason": reason }));
            if let Some(f) = &file {
                entry = entry.beneficiary(f.beneficiary_id, &f.unit_code);
            }
            db.audit(entry).await?;
            return Err(not_your_file());
        }
        (None, Ok(())) => return Err(not_your_file()),
    };
    // Wrong codes typed by someone else never close this way in: FranceConnect proves the person.
    let now = now();
    if !db
        .link_identity(
            ProviderKind::FranceConnect,
            &provided.subject,
            file.beneficiary_id,
            &file.unit_code,
            now,
        )
        .await?
    {
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.fc_taken),
        ));
    }
    db.refund_rate_limit(ratelimit::IDENTIFY_PER_ADDRESS, &ip)
        .await?;
    s.remove::<ProvidedIdentity>(SESSION_OIDC_IDENTITY)
        .await
        .map_err(session_error)?;
    sign_in_beneficiary(&s, &db, file.beneficiary_id, &file.unit_code, &provided).await
}

/// Where the browser goes after the local session ended: the provider's logout when the session
/// came from it.
pub async fn provider_logout(session: Option<ProviderSession>) -> Option<String> {
    let session = session?;
    let state = state().ok()?;
    state
        .config
        .oidc
        .get(session.provider)?
        .logout_url(&session.id_token)
        .await
}

// ----- routes -----------------------------------------------------------------------------------

pub async fn franceconnect_start(State(state): State<AppState>, identity: Identity) -> Response {
    start(&state, &identity, ProviderKind::FranceConnect).await
}

pub async fn franceconnect_callback(
    State(state): State<AppState>,
    identity: Identity,
    RawQuery(query): RawQuery,
) -> Response {
    callback(
        &state,
        &identity,
        ProviderKind::FranceConnect,
        query.as_deref(),
    )
    .await
}

pub async fn proconnect_start(State(state): State<AppState>, identity: Identity) -> Response {
    start(&state, &identity, ProviderKind::ProConnect).await
}

pub async fn proconnect_callback(
    State(state): State<AppState>,
    identity: Identity,
    RawQuery(query): RawQuery,
) -> Response {
    callback(
        &state,
        &identity,
        ProviderKind::ProConnect,
        query.as_deref(),
    )
    .await
}

// ----- queries ----------------------------------------------------------------------------------

/// What a file says of its person, for the link check.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FileForLink {
    pub beneficiary_id: i64,
    pub unit_code: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: time::Date,
}

impl super::Db {
    /// The file linked to a provider's identity: its id and unit.
    pub async fn linked_file(
        &self,
        provider: ProviderKind,
        subject: &str,
    ) -> Result<Option<(i64, String)>, super::DbError> {
        const SQL: &str = "SELECT b.beneficiary_id, b.unit_code FROM identity_link l \
             JOIN beneficiary b ON b.beneficiary_id = l.beneficiary_id \
             WHERE l.provider = $1 AND l.subject = $2";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(provider.code())
            .bind(subject)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn file_identity(
        &self,
        file_number: &str,
    ) -> Result<Option<FileForLink>, super::DbError> {
        const SQL: &str = "SELECT beneficiary_id, unit_code, first_name, last_name, birth_date \
                           FROM beneficiary WHERE file_number = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(file_number)
            .fetch_optional(pool)
            .await)?)
    }

    /// Links an identity to a file, audited; `false` when the file already has another identity
    /// of this provider (the unique constraint decides, so two links at once cannot both win).
    pub async fn link_identity(
        &self,
        provider: ProviderKind,
        subject: &str,
        beneficiary_id: i64,
        unit: &str,
        now: time::OffsetDateTime,
    ) -> Result<bool, super::DbError> {
        let audit = AuditEntry::new(Actor::Beneficiary(beneficiary_id), "identity_linked")
            .beneficiary(beneficiary_id, unit)
            .detail(json!({ "provider": provider.code() }));
        let linked = with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let n = sqlx::query(
                    "INSERT INTO identity_link (provider, subject, beneficiary_id, linked_at, last_used_at) \
                     VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
                )
                .bind(provider.code())
                .bind(subject)
                .bind(beneficiary_id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 1 {
                    crate::insert_audit!(&mut *tx, audit, now)?;
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(n == 1)
            }
            .await
        })?;
        Ok(linked)
    }

    pub async fn link_used(
        &self,
        provider: ProviderKind,
        subject: &str,
        now: time::OffsetDateTime,
    ) -> Result<(), super::DbError> {
        with_pool!(self, |pool| sqlx::query(
            "UPDATE identity_link SET last_used_at = $3 WHERE provider = $1 AND subject = $2"
        )
        .bind(provider.code())
        .bind(subject)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
