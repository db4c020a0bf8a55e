//! Who is asking: the session, the signed-in account, and the checks every server function makes.
//!
//! The session (tower-sessions, stored in the same database) holds only ids. Each request reloads
//! the account, so a deactivated account or a changed role takes effect at once, on every server.
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use passerelle::access::{Permission, Role, StaffScope};
use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tower_sessions::Session;

use super::AppState;
use super::db::{Db, DbError};
use crate::error::AppError;
use crate::with_pool;

/// Session keys.
pub const SESSION_USER: &str = "user";
pub const SESSION_PENDING: &str = "pending_sign_in";
/// When the session was last written back to extend its idle expiry (unix seconds).
pub const SESSION_SEEN: &str = "seen";

/// A session is written back (its idle expiry pushed) at most this often: reading pages writes
/// nothing to the database in between, and the idle expiry stays between 25 and 30 minutes.
pub const KEEP_ALIVE_SECS: i64 = 5 * 60;

/// Idle expiry (the cookie and the stored session), for everyone.
pub const IDLE_MINUTES: i64 = 30;
/// Absolute expiry after sign-in, whatever the activity.
pub const STAFF_MAX_SECS: i64 = 10 * 3600;
pub const BENEFICIARY_MAX_SECS: i64 = 4 * 3600;

/// What the session remembers about the person signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SessionUser {
    Beneficiary { id: i64, since: i64 },
    Staff { id: i64, since: i64 },
}

/// A beneficiary who identified but has not yet typed their code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignIn {
    pub beneficiary_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffAccount {
    pub staff_id: i64,
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub unit_code: Option<String>,
}

impl StaffAccount {
    pub fn role(&self) -> Role {
        // The column has a CHECK on these codes; an unknown one would be a bug: give least rights.
        Role::from_code(&self.role).unwrap_or(Role::Agent)
    }

    pub fn scope(&self) -> StaffScope {
        StaffScope {
            role: self.role(),
            unit: self.unit_code.clone(),
        }
    }

    /// Checks a permission on data of `unit`. Data of another unit answers "not found", so that
    /// staff cannot learn which files exist elsewhere.
    pub fn check_unit(&self, permission: Permission, unit: &str) -> Result<(), AppError> {
        if !self.role().allows(permission) {
            Err(AppError::Forbidden)
        } else if self.scope().may(permission, unit) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BeneficiaryAccount {
    pub beneficiary_id: i64,
    pub file_number: String,
    pub first_name: String,
    pub last_name: String,
    pub unit_code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrentUser {
    Anonymous,
    Beneficiary(BeneficiaryAccount),
    Staff(StaffAccount),
}

impl CurrentUser {
    pub fn actor(&self) -> super::audit::Actor {
        use super::audit::Actor;
        match self {
            CurrentUser::Anonymous => Actor::Anonymous,
            CurrentUser::Beneficiary(b) => Actor::Beneficiary(b.beneficiary_id),
            CurrentUser::Staff(s) => Actor::Staff(s.staff_id),
        }
    }
}

/// The request's session.
pub async fn session() -> Result<Session, AppError> {
    Ok(identity()?.session().clone())
}

/// The application's state, provided by the server to every page and server function. Never
/// panics: a task that outlives its request (a visitor who left) finds none and stops there.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::warn!("no application state: the request has ended");
        AppError::Internal
    })
}

/// Who is asking, bound to one HTTP request.
///
/// The server's middleware puts one in the request's extensions (see `server::http`); pages,
/// server functions and plain handlers read it from there. The person is looked up once, on first
/// use, and the answer lives exactly as long as the request: nothing per-request is kept in a
/// reactive context, which Leptos may share between requests (an owner created by one request can
/// become the parent of another's, and a context lookup then walks into the other request).
#[derive(Clone)]
pub struct Identity {
    session: Session,
    db: Db,
    user: Arc<tokio::sync::OnceCell<CurrentUser>>,
    /// Set when this request found an expired or revoked session and dropped it: the answer then
    /// tells the browser to forget what it kept (see `server::http::identity`).
    dropped: Arc<std::sync::atomic::AtomicBool>,
}

impl Identity {
    pub fn new(session: Session, db: Db) -> Identity {
        Identity {
            session,
            db,
            user: Arc::default(),
            dropped: Arc::default(),
        }
    }

    /// The person signed in (looked up on first use, then remembered for this request).
    pub async fn user(&self) -> Result<CurrentUser, AppError> {
        self.user
            .get_or_try_init(|| async {
                let (user, dropped) = resolve(&self.db, &self.session).await?;
                if dropped {
                    self.dropped
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                Ok::<_, AppError>(user)
            })
            .await
            .cloned()
    }

    /// After the answer: pushes the idle expiry of a signed-in session back, if it was last
    /// pushed more than [`KEEP_ALIVE_SECS`] ago (the session layer then writes it once).
    pub async fn keep_alive(&self) {
        let signed_in = matches!(self.user.get(), Some(u) if *u != CurrentUser::Anonymous);
        if !signed_in {
            return;
        }
        let now = super::clock::unix(super::clock::now());
        let seen: i64 = self
            .session
            .get(SESSION_SEEN)
            .await
            .ok()
            .flatten()
            .unwrap_or(0);
        if now - seen >= KEEP_ALIVE_SECS {
            let _ = self.session.insert(SESSION_SEEN, now).await;
        }
    }

    /// Whether this request dropped an expired or revoked session.
    pub fn dropped_a_session(&self) -> bool {
        self.dropped.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn session(&self) -> &Session {
        &self.session
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Identity {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Identity, AppError> {
        parts.extensions.get::<Identity>().cloned().ok_or_else(|| {
            tracing::error!("no identity middleware on this route");
            AppError::Internal
        })
    }
}

/// This request's [`Identity`], from the request Leptos is answering.
pub fn identity() -> Result<Identity, AppError> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<Identity>().cloned())
        .ok_or_else(|| {
            tracing::error!("no identity in this request");
            AppError::Internal
        })
}

/// The person signed in, reloaded from the database; `Anonymous` when nobody is, or when the
/// session is past its absolute expiry or points to an account that no longer exists or is inactive.
pub async fn current_user() -> Result<CurrentUser, AppError> {
    identity()?.user().await
}

/// The person a session belongs to, and whether the session was dropped (expired or revoked).
async fn resolve(db: &Db, session: &Session) -> Result<(CurrentUser, bool), AppError> {
    let stored: Option<SessionUser> = session.get(SESSION_USER).await.map_err(session_error)?;
    let now = super::clock::unix(super::clock::now());
    let user = match stored {
        None => CurrentUser::Anonymous,
        Some(SessionUser::Staff { id, since }) if now - since <= STAFF_MAX_SECS => db
            .staff_by_id(id)
            .await?
            .map(CurrentUser::Staff)
            .unwrap_or(CurrentUser::Anonymous),
        Some(SessionUser::Beneficiary { id, since }) if now - since <= BENEFICIARY_MAX_SECS => db
            .beneficiary_account(id)
            .await?
            .map(CurrentUser::Beneficiary)
            .unwrap_or(CurrentUser::Anonymous),
        Some(_) => CurrentUser::Anonymous,
    };
    let dropped = user == CurrentUser::Anonymous && stored.is_some();
    if dropped {
        // Expired or revoked: drop the whole session.
        session.flush().await.map_err(session_error)?;
    }
    Ok((user, dropped))
}

/// Opens the signed-in session, whatever the way in: a new session id (an id planted before is
/// useless afterwards), who, and when last seen.
pub async fn begin_session(s: &Session, user: SessionUser) -> Result<(), AppError> {
    let now = super::clock::unix(super::clock::now());
    s.cycle_id().await.map_err(session_error)?;
    s.insert(SESSION_USER, user).await.map_err(session_error)?;
    s.insert(SESSION_SEEN, now).await.map_err(session_error)?;
    Ok(())
}

pub fn session_error(e: tower_sessions::session::Error) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Unavailable
}

/// The signed-in staff member holding `permission`: `Unauthenticated` for anybody not signed in
/// as staff, `Forbidden` for a staff member without it.
pub async fn require_staff(permission: Permission) -> Result<StaffAccount, AppError> {
    match current_user().await? {
        CurrentUser::Staff(s) if s.role().allows(permission) => Ok(s),
        CurrentUser::Staff(_) => Err(AppError::Forbidden),
        CurrentUser::Beneficiary(_) => Err(AppError::Forbidden),
        CurrentUser::Anonymous => Err(AppError::Unauthenticated),
    }
}

/// The signed-in beneficiary.
pub async fn require_beneficiary() -> Result<BeneficiaryAccount, AppError> {
    match current_user().await? {
        CurrentUser::Beneficiary(b) => Ok(b),
        CurrentUser::Staff(_) => Err(AppError::Forbidden),
        CurrentUser::Anonymous => Err(AppError::Unauthenticated),
    }
}

/// The client's address, as the server's middleware found it (see `server::http`).
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

/// The client's address as per-address limits count it (an IPv6 client by its /64 network).
pub fn client_ip() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientIp>().cloned())
        .map(|c| super::ratelimit::address_key(&c.0))
        .unwrap_or_else(|| "unknown".to_string())
}

// ----- passwords and codes ----------------------------------------------------------------------

/// Hashes a password with argon2id (the crate's defaults: 19 MiB, 2 passes), off the async threads.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _turn = password_turn().await?;
    argon2_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or(AppError::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing");
        AppError::Internal
    })
}

/// How long a password check waits for its turn before the answer is "busy, come back in a few
/// seconds" (503 with `Retry-After`).
pub const PASSWORD_QUEUE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Password checks running at once, process-wide. Each one holds 19 MiB and a core for tens of
/// milliseconds (Argon2id's defaults): without a bound, 300 sign-ins at once (even for unknown
/// e-mails) took 2.3 GB and starved every other request. One core is left to the rest.
fn password_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(password_checks_peak().1))
}

/// Password hashes running now, and the most ever seen at once (for the tests, which check the
/// bound holds under load).
static RUNNING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static PEAK: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// (the most password hashes that ever ran at once in this process, the slots allowed).
pub fn password_checks_peak() -> (usize, usize) {
    use std::sync::atomic::Ordering;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (PEAK.load(Ordering::Relaxed), cores.saturating_sub(1).max(1))
}

/// Runs one Argon2 computation on the blocking pool, counted in [`RUNNING`].
async fn argon2_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    use std::sync::atomic::Ordering;
    tokio::task::spawn_blocking(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let out = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        out
    })
    .await
    .ok()
}

/// A turn to hash or check a password, waited for at most [`PASSWORD_QUEUE_TIMEOUT`].
async fn password_turn() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    match tokio::time::timeout(PASSWORD_QUEUE_TIMEOUT, password_slots().acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => {
            tracing::warn!("password checks queue full: busy answer");
            Err(AppError::Unavailable)
        }
    }
}

/// A valid argon2id hash of a random password, checked when the e-mail is unknown, so that the
/// answer takes as long for an unknown e-mail as for a wrong password.
static DUMMY_HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();

/// Whether `password` matches `hash` (an unknown account, `None`, never matches but costs the
/// same). `Err(Unavailable)` when the server is too busy to check it in time.
pub async fn verify_password(hash: Option<String>, password: String) -> Result<bool, AppError> {
    let hash = match hash {
        Some(h) => h,
        None => DUMMY_HASH
            .get_or_try_init(|| hash_password(random_token(24)))
            .await?
            .clone(),
    };
    let _turn = password_turn().await?;
    Ok(argon2_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false))
}

/// A 6-digit code, uniformly drawn by the operating system's generator.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// The stored form of a code: bound to its row, so a hash copied to another row is useless.
pub fn hash_code(code_id: i64, code: &str) -> String {
    super::hex(&Sha256::digest(format!("{code_id}:{code}").as_bytes()))
}

/// A random URL-safe token of `len` characters (passwords generated for new accounts, API keys).
pub fn random_token(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    (0..len)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Constant-time comparison of two strings of hex digits.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// "06 12 34 56 78" → "06 •• •• •• 78": enough for the person to recognise their number.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return "••".to_string();
    }
    let first: String = digits[..2].iter().collect();
    let last: String = digits[digits.len() - 2..].iter().collect();
    format!("{first} •• •• •• {last}")
}

/// "camille.martin@example.fr" → "c•••••@example.fr".
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••••@{domain}")
        }
        None => "•••••".to_string(),
    }
}

// ----- queries ----------------------------------------------------------------------------------

impl Db {
    pub async fn staff_by_id(&self, id: i64) -> Result<Option<StaffAccount>, DbError> {
        const SQL: &str = "SELECT staff_id, email, full_name, role, unit_code FROM staff_account \
                           WHERE staff_id = $1 AND active = TRUE";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// The account and its password hash, by e-mail (active accounts only).
    pub async fn staff_for_sign_in(
        &self,
        email: &str,
    ) -> Result<Option<(StaffAccount, String)>, DbError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            account: StaffAccount,
            password_hash: String,
        }
        const SQL: &str = "SELECT staff_id, email, full_name, role, unit_code, password_hash FROM staff_account \
                           WHERE email = $1 AND active = TRUE";
        let row: Option<Row> = with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(email)
            .fetch_optional(pool)
            .await)?;
        Ok(row.map(|r| (r.account, r.password_hash)))
    }

    /// Creates a staff account; the e-mail is stored lower-cased.
    pub async fn create_staff(
        &self,
        email: &str,
        full_name: &str,
        role: Role,
        unit: Option<&str>,
        password_hash: &str,
    ) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO staff_account (email, full_name, role, unit_code, password_hash, active, created_at) \
                           VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING staff_id";
        let now = super::clock::now();
        let email = email.trim().to_lowercase();
        Ok(with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(&email)
            .bind(full_name)
            .bind(role.code())
            .bind(unit)
            .bind(password_hash)
            .bind(now)
            .fetch_one(pool)
            .await)?)
    }

    pub async fn beneficiary_account(
        &self,
        id: i64,
    ) -> Result<Option<BeneficiaryAccount>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, file_number, first_name, last_name, unit_code FROM beneficiary \
                           WHERE beneficiary_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }
}
