//! The sign-in flows behind the server functions of [`crate::auth`].
use passerelle::Date;
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Actor, AuditEntry};
use super::auth::{
    CurrentUser, PendingSignIn, SESSION_PENDING, SessionUser, begin_session, client_ip,
    current_user, hash_code, mask_email, mask_phone, new_code, random_token, same_secret, session,
    session_error, state, verify_password,
};
use super::clock::{now, unix};
use super::connect::{ProviderSession, SESSION_OIDC_LOGOUT, provider_logout};
use super::db::{Db, DbError};
use super::outbox::{Channel, MessageKind, NewMessage};
use super::ratelimit::{self, Limit};
use crate::auth::CodeSent;
use crate::error::AppError;
use crate::lang::locale;
use crate::{insert_audit, insert_outbox, with_pool};
use leptos_i18n::td_string;

/// How long a code stays valid.
pub const CODE_VALIDITY_MINUTES: i64 = 10;
/// How long a sign-in link stays valid (it may be opened from a mailbox a little later).
pub const LINK_VALIDITY_MINUTES: i64 = 30;
/// Wrong codes allowed per code.
pub const CODE_MAX_ATTEMPTS: i64 = 5;
/// How long codes stay replaced by links after the day's ceiling of wrong codes.
pub const LINKS_ONLY_HOURS: i64 = 24;

/// What the pending session remembers: who, and where the last code went.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Pending {
    #[serde(flatten)]
    who: PendingSignIn,
    sent: CodeSent,
    /// A file number and birth date that match nobody, typed once the file's wrong birth dates
    /// passed the ceiling: the answers are those a real person gets, and nothing is sent.
    #[serde(default)]
    decoy: Option<Decoy>,
}

/// The wrong codes typed on a decoy, counted as they are for a real person.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Decoy {
    attempts: i64,
    failures: i64,
}

/// What is said of where a code went once a file's birth dates are being guessed: the same for a
/// right and a wrong birth date (the code goes to the person when the date is right).
fn undisclosed() -> CodeSent {
    CodeSent {
        channel: String::new(),
        destination: String::new(),
        other_channel: None,
        link: false,
    }
}

/// Counts one attempt against `limit`; refused past it (429 with `Retry-After`).
pub async fn limit(db: &Db, limit: Limit, key: &str) -> Result<(), AppError> {
    match db.hit_rate_limit(limit, key, unix(now())).await? {
        None => Ok(()),
        Some(retry_after_secs) => {
            tracing::warn!(limit = limit.name, "rate limit reached");
            Err(AppError::RateLimited { retry_after_secs })
        }
    }
}

/// A CAF file number: digits only (spaces typed are dropped), 4 to 12 of them.
pub fn parse_file_number(input: &str) -> Result<String, AppError> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() {
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.file_missing),
        ));
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(4..=12).contains(&digits.len()) {
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.file_digits),
        ));
    }
    Ok(digits)
}

/// A birth date as a date field sends it (2021-03-15) or as typed (15/03/2021).
pub fn parse_birth_date(input: &str) -> Result<Date, AppError> {
    let s = input.trim();
    let bad = || AppError::invalid("naissance", td_string!(locale(), errors.birth_invalid));
    if s.is_empty() {
        return Err(AppError::invalid(
            "naissance",
            td_string!(locale(), errors.birth_missing),
        ));
    }
    let date = if let Ok(d) = s.parse::<Date>() {
        d
    } else {
        let parts: Vec<&str> = s
            .split(['/', '-', '.', ' '])
            .filter(|p| !p.is_empty())
            .collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 => {
                let (d, m, y) = (
                    d.parse().map_err(|_| bad())?,
                    m.parse().map_err(|_| bad())?,
                    y.parse().map_err(|_| bad())?,
                );
                Date::new(y, m, d).map_err(|_| bad())?
            }
            _ => return Err(bad()),
        }
    };
    let today = crate::clock::today();
    if date > today || date.year() < 1900 {
        return Err(bad());
    }
    Ok(date)
}

/// Waits as long as `failures` recent failures on this account ask for (see
/// [`ratelimit::delay_after`]): slowing down instead of refusing, so that nobody can lock out
/// someone else.
async fn slow_down(db: &Db, limit: Limit, key: &str) -> Result<(), AppError> {
    let failures = db.failures(limit, key, unix(now())).await?;
    let wait = ratelimit::delay_after(limit, failures);
    if !wait.is_zero() {
        tracing::warn!(
            limit = limit.name,
            secs = wait.as_secs(),
            "attempt slowed down"
        );
        tokio::time::sleep(wait).await;
    }
    Ok(())
}

/// Counts a failure against `limit` (the answer is already a refusal: the count only slows the
/// next attempts down).
async fn count_failure(db: &Db, limit: Limit, key: &str) -> Result<(), AppError> {
    db.hit_rate_limit(limit, key, unix(now())).await?;
    Ok(())
}

/// Whether codes are replaced by links for this person (the day's ceiling of wrong codes was
/// passed less than [`LINKS_ONLY_HOURS`] ago).
pub fn links_only(since: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    since.is_some_and(|t| now - t < time::Duration::hours(LINKS_ONLY_HOURS))
}

/// Step 1: identify a beneficiary and send a code.
///
/// Every try on a file number takes a number from one counter shared by all addresses, atomically;
/// a right birth date gives its number back. Up to [`ratelimit::IDENTIFY_PER_FILE`] wrong dates a
/// day, a wrong date is told so and a right one says where the code went. Past it, both get the
/// same answer (status, body, session), so the birth date cannot be guessed, and the right one
/// still sends the code: the person is never locked out.
pub async fn identify(numero: &str, naissance: &str) -> Result<CodeSent, AppError> {
    let db = state()?.db;
    let ip = client_ip();
    limit(&db, ratelimit::IDENTIFY_PER_ADDRESS, &ip).await?;
    let file_number = parse_file_number(numero)?;
    let birth_date = parse_birth_date(naissance)?;
    let now_unix = unix(now());
    let ticket = db
        .hit_count(ratelimit::IDENTIFY_PER_FILE, &file_number, now_unix)
        .await?;
    let guessed = ticket > ratelimit::IDENTIFY_PER_FILE.max;
    let Some(found) = db.beneficiary_for_sign_in(&file_number, birth_date).await? else {
        db.tally("sign_in_unknown", now_unix).await?;
        if guessed {
            tracing::warn!("identification past the file's ceiling: undisclosed answer");
            return pend(0, undisclosed(), Some(Decoy::default())).await;
        }
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.unknown),
        ));
    };
    db.refund_rate_limit(ratelimit::IDENTIFY_PER_FILE, &file_number)
        .await?;
    let channel = if found.phone.is_some() {
        Channel::Sms
    } else {
        Channel::Email
    };
    let sent = if guessed {
        // Whatever happens to the sending (a limit, no contact), the answer is the decoy's.
        match send_code(&db, &found, channel).await {
            Ok(_) | Err(AppError::RateLimited { .. } | AppError::Invalid { .. }) => undisclosed(),
            Err(e) => return Err(e),
        }
    } else {
        send_code(&db, &found, channel).await?
    };
    pend(found.beneficiary_id, sent, None).await
}

/// Keeps the sign-in under way in the session, and answers where the code went.
async fn pend(id: i64, sent: CodeSent, decoy: Option<Decoy>) -> Result<CodeSent, AppError> {
    let s = session().await?;
    s.insert(
        SESSION_PENDING,
        Pending {
            who: PendingSignIn { beneficiary_id: id },
            sent: sent.clone(),
            decoy,
        },
    )
    .await
    .map_err(session_error)?;
    Ok(sent)
}

/// Where the pending code was sent, if a sign-in is under way.
pub async fn pending() -> Result<Option<CodeSent>, AppError> {
    let s = session().await?;
    let p: Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)?;
    Ok(p.map(|p| p.sent))
}

/// Sends a new code (or link), possibly to the other channel.
pub async fn resend(channel: Option<&str>) -> Result<CodeSent, AppError> {
    let db = state()?.db;
    let s = session().await?;
    let Some(mut p): Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)? else {
        return Err(expired_request());
    };
    if let Some(decoy) = &mut p.decoy {
        // A new code for nobody: its attempts start again, as a real new code's would.
        decoy.attempts = 0;
        s.insert(SESSION_PENDING, &p).await.map_err(session_error)?;
        return Ok(p.sent);
    }
    let Some(found) = db.beneficiary_contact(p.who.beneficiary_id).await? else {
        return Err(expired_request());
    };
    let channel = match channel.and_then(Channel::from_code) {
        Some(c) => c,
        None => Channel::from_code(&p.sent.channel)
            .or(found.phone.as_ref().map(|_| Channel::Sms))
            .unwrap_or(Channel::Email),
    };
    let sent = send_code(&db, &found, channel).await;
    p.sent = match sent {
        // Where the code goes is not said to a session that did not say it before.
        Ok(_) | Err(AppError::RateLimited { .. } | AppError::Invalid { .. })
            if p.sent.channel.is_empty() =>
        {
            undisclosed()
        }
        other => other?,
    };
    s.insert(SESSION_PENDING, &p).await.map_err(session_error)?;
    Ok(p.sent)
}

fn expired_request() -> AppError {
    AppError::invalid("code", td_string!(locale(), errors.expired))
}

/// Creates a code (or, once codes are replaced by links, a single-use link), enqueues the message
/// and audits, in one transaction.
async fn send_code(db: &Db, who: &SignInContact, channel: Channel) -> Result<CodeSent, AppError> {
    let id = who.beneficiary_id.to_string();
    limit(db, ratelimit::CODE_SEND_PER_MINUTE, &id).await?;
    limit(db, ratelimit::CODE_SEND_PER_HOUR, &id).await?;
    let (recipient, destination) = match channel {
        Channel::Sms => match &who.phone {
            Some(p) => (p.clone(), mask_phone(p)),
            None => return Err(no_contact()),
        },
        Channel::Email => match &who.email {
            Some(e) => (e.clone(), mask_email(e)),
            None => return Err(no_contact()),
        },
    };
    let now = now();
    let link = links_only(who.sign_in_locked_at, now);
    // A link carries a long random token: nobody guesses it, whatever the number of tries.
    let secret = if link { random_token(40) } else { new_code() };
    let minutes = if link {
        LINK_VALIDITY_MINUTES
    } else {
        CODE_VALIDITY_MINUTES
    };
    let site = state()?.config.public_url.unwrap_or_default();
    // In the language of the page the person asked from.
    let l = locale();
    let compose = |code_id: i64| {
        let url = format!(
            "{}/connexion/lien?jeton={code_id}-{secret}",
            site.trim_end_matches('/')
        );
        let (subject, body) = match (channel, link) {
            (Channel::Sms, false) => (
                String::new(),
                td_string!(
                    l,
                    messages.code_sms,
                    code = secret.as_str(),
                    minutes = minutes
                ),
            ),
            (Channel::Email, false) => (
                td_string!(l, messages.code_subject).to_string(),
                td_string!(
                    l,
                    messages.code_email,
                    code = secret.as_str(),
                    minutes = minutes
                ),
            ),
            (Channel::Sms, true) => (
                String::new(),
                td_string!(l, messages.link_sms, url = url.as_str(), minutes = minutes),
            ),
            (Channel::Email, true) => (
                td_string!(l, messages.link_subject).to_string(),
                td_string!(
                    l,
                    messages.link_email,
                    url = url.as_str(),
                    minutes = minutes
                ),
            ),
        };
        NewMessage {
            channel,
            recipient: recipient.clone(),
            subject,
            beneficiary_id: Some(who.beneficiary_id),
            kind: MessageKind::SignInCode,
            purpose: None,
            appointment_id: None,
            idempotency_key: None,
            body,
        }
    };
    let expires = now + time::Duration::minutes(minutes);
    let kind = if link { "link" } else { "code" };
    let audit = AuditEntry::new(
        Actor::Beneficiary(who.beneficiary_id),
        if link {
            "sign_in_link_sent"
        } else {
            "sign_in_code_sent"
        },
    )
    .beneficiary(who.beneficiary_id, &who.unit_code)
    .detail(json!({ "channel": channel.code() }));
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await.map_err(DbError::from)?;
        // A new code replaces the previous ones.
        sqlx::query("UPDATE sign_in_code SET expires_at = $2 WHERE beneficiary_id = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(who.beneficiary_id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        let code_id: i64 = sqlx::query_scalar(
            "INSERT INTO sign_in_code (beneficiary_id, code_hash, channel, attempts, created_at, expires_at, kind) \
             VALUES ($1, '', $2, 0, $3, $4, $5) RETURNING code_id",
        )
        .bind(who.beneficiary_id)
        .bind(channel.code())
        .bind(now)
        .bind(expires)
        .bind(kind)
        .fetch_one(&mut *tx)
        .await
        .map_err(DbError::from)?;
        sqlx::query("UPDATE sign_in_code SET code_hash = $2 WHERE code_id = $1")
            .bind(code_id)
            .bind(hash_code(code_id, &secret))
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
        let message = compose(code_id);
        insert_outbox!(&mut *tx, message, now).map_err(DbError::from)?;
        insert_audit!(&mut *tx, audit, now).map_err(DbError::from)?;
        tx.commit().await.map_err(DbError::from)
    })?;
    let other_channel = match channel {
        Channel::Sms if who.email.is_some() => Some("email".to_string()),
        Channel::Email if who.phone.is_some() => Some("sms".to_string()),
        _ => None,
    };
    Ok(CodeSent {
        channel: channel.code().to_string(),
        destination,
        other_channel,
        link,
    })
}

fn no_contact() -> AppError {
    AppError::invalid("numero", td_string!(locale(), errors.no_contact))
}

/// Said when codes are replaced by links for this person (after the day's ceiling of wrong codes).
fn codes_replaced() -> AppError {
    AppError::invalid("code", td_string!(locale(), errors.codes_replaced))
}

/// "Wrong code, n tries left".
fn wrong_code(left: i64) -> AppError {
    AppError::invalid(
        "code",
        match left {
            0 => td_string!(locale(), errors.code_wrong_0).to_string(),
            1 => td_string!(locale(), errors.code_wrong_1).to_string(),
            2 => td_string!(locale(), errors.code_wrong_2).to_string(),
            n => td_string!(locale(), errors.code_wrong_n, n = n),
        },
    )
}

fn too_many_tries() -> AppError {
    AppError::invalid("code", td_string!(locale(), errors.code_too_many))
}

/// Step 2: checks the code; on success the session changes id and holds the beneficiary.
pub async fn verify_code(input: &str) -> Result<(), AppError> {
    let db = state()?.db;
    let s = session().await?;
    let Some(mut p): Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)? else {
        return Err(expired_request());
    };
    limit(&db, ratelimit::CODE_CHECK_PER_ADDRESS, &client_ip()).await?;
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(AppError::invalid(
            "code",
            td_string!(locale(), errors.code_format),
        ));
    }
    if let Some(decoy) = &mut p.decoy {
        // Nobody behind this sign-in: every code is wrong, counted as a real person's would be.
        decoy.attempts += 1;
        let answer = if decoy.attempts > CODE_MAX_ATTEMPTS {
            too_many_tries()
        } else {
            decoy.failures += 1;
            if decoy.failures > ratelimit::CODE_FAILURES_PER_DAY.max {
                codes_replaced()
            } else {
                wrong_code(CODE_MAX_ATTEMPTS - decoy.attempts)
            }
        };
        s.insert(SESSION_PENDING, &p).await.map_err(session_error)?;
        return Err(answer);
    }
    let id = p.who.beneficiary_id;
    let now = now();
    let Some(contact) = db.beneficiary_contact(id).await? else {
        return Err(expired_request());
    };
    if links_only(contact.sign_in_locked_at, now) {
        return Err(codes_replaced());
    }
    let Some(attempt) = db.take_code_attempt(id, now).await? else {
        return Err(AppError::invalid(
            "code",
            td_string!(locale(), errors.code_expired),
        ));
    };
    if attempt.attempts > CODE_MAX_ATTEMPTS {
        return Err(too_many_tries());
    }
    if !same_secret(&hash_code(attempt.code_id, &code), &attempt.code_hash) {
        db.audit(
            AuditEntry::new(Actor::Beneficiary(id), "sign_in_failed")
                .beneficiary(id, &contact.unit_code)
                .detail(json!({ "reason": "wrong_code", "attempt": attempt.attempts })),
        )
        .await?;
        // Codes can be asked for again and again: over a day, the wrong ones add up to a ceiling
        // past which codes are replaced by links sent to the person's own phone or mailbox.
        let over = db
            .hit_rate_limit(ratelimit::CODE_FAILURES_PER_DAY, &id.to_string(), unix(now))
            .await?
            .is_some();
        if over {
            db.links_only_from(id, &contact.unit_code, now).await?;
            return Err(codes_replaced());
        }
        return Err(wrong_code(CODE_MAX_ATTEMPTS - attempt.attempts));
    }
    // Consumed once: of two requests with the same right code at the same moment, one signs in,
    // the other is told the code was already used.
    if !db.use_code(attempt.code_id, now).await? {
        return Err(AppError::invalid(
            "code",
            td_string!(locale(), errors.code_used),
        ));
    }
    db.refund_rate_limit(ratelimit::CODE_CHECK_PER_ADDRESS, &client_ip())
        .await?;
    s.remove::<Pending>(SESSION_PENDING)
        .await
        .map_err(session_error)?;
    open_beneficiary_session(&db, &s, &contact, now).await
}

/// Signs the person in: a new session id, audited, the time of the sign-in noted.
async fn open_beneficiary_session(
    db: &Db,
    s: &tower_sessions::Session,
    who: &SignInContact,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let id = who.beneficiary_id;
    begin_session(
        s,
        SessionUser::Beneficiary {
            id,
            since: unix(now),
        },
    )
    .await?;
    db.audit(AuditEntry::new(Actor::Beneficiary(id), "sign_in").beneficiary(id, &who.unit_code))
        .await?;
    db.signed_in(id, now).await?;
    Ok(())
}

/// Signs in with a link sent once codes were replaced by links (`jeton` = `<id>-<token>`). Single
/// use; a wrong, used or old link gets one answer, which says to start again.
pub async fn sign_in_with_link(jeton: &str) -> Result<(), AppError> {
    let db = state()?.db;
    limit(&db, ratelimit::CODE_CHECK_PER_ADDRESS, &client_ip()).await?;
    let invalid = || AppError::invalid("jeton", td_string!(locale(), errors.link_invalid));
    let (id, token) = jeton.trim().split_once('-').ok_or_else(invalid)?;
    let code_id: i64 = id.parse().map_err(|_| invalid())?;
    let now = now();
    let Some((beneficiary_id, hash)) = db.live_link(code_id, now).await? else {
        return Err(invalid());
    };
    if !same_secret(&hash_code(code_id, token), &hash) || !db.use_code(code_id, now).await? {
        return Err(invalid());
    }
    db.refund_rate_limit(ratelimit::CODE_CHECK_PER_ADDRESS, &client_ip())
        .await?;
    let contact = db
        .beneficiary_contact(beneficiary_id)
        .await?
        .ok_or_else(invalid)?;
    // In: codes come back, and the day's wrong codes no longer count.
    db.codes_again(beneficiary_id).await?;
    let s = session().await?;
    s.remove::<Pending>(SESSION_PENDING)
        .await
        .map_err(session_error)?;
    open_beneficiary_session(&db, &s, &contact, now).await
}

/// Staff sign-in. The same answer, after the same work, for an unknown e-mail and a wrong password.
pub async fn staff(email: &str, password: &str) -> Result<(), AppError> {
    let db = state()?.db;
    let email = email.trim().to_lowercase();
    if email.is_empty() || !email.contains('@') {
        return Err(AppError::invalid(
            "email",
            "Indiquez votre adresse e-mail professionnelle.",
        ));
    }
    if password.is_empty() {
        return Err(AppError::invalid(
            "password",
            "Indiquez votre mot de passe.",
        ));
    }
    limit(&db, ratelimit::STAFF_PER_ADDRESS, &client_ip()).await?;
    slow_down(&db, ratelimit::STAFF_PER_ACCOUNT, &email).await?;
    let found = db.staff_for_sign_in(&email).await?;
    let (account, hash) = match found {
        Some((a, h)) => (Some(a), Some(h)),
        None => (None, None),
    };
    let ok = verify_password(hash, password.to_string()).await?;
    let account = match (ok, account) {
        (true, Some(a)) => a,
        (_, account) => {
            count_failure(&db, ratelimit::STAFF_PER_ACCOUNT, &email).await?;
            // An unknown e-mail is nobody's event: counted per hour. A known account's failures
            // are its own history (bounded by the per-address limit and the account's slow-down).
            match &account {
                Some(a) => {
                    db.audit(
                        AuditEntry::new(Actor::Anonymous, "staff_sign_in_failed")
                            .target("staff_account", a.staff_id),
                    )
                    .await?
                }
                None => db.tally("staff_sign_in_unknown", unix(now())).await?,
            }
            return Err(AppError::invalid(
                "password",
                "Adresse e-mail ou mot de passe incorrect.",
            ));
        }
    };
    db.reset_rate_limit(ratelimit::STAFF_PER_ACCOUNT, &email)
        .await?;
    db.refund_rate_limit(ratelimit::STAFF_PER_ADDRESS, &client_ip())
        .await?;
    begin_session(
        &session().await?,
        SessionUser::Staff {
            id: account.staff_id,
            since: unix(now()),
        },
    )
    .await?;
    db.audit(AuditEntry::new(
        Actor::Staff(account.staff_id),
        "staff_sign_in",
    ))
    .await?;
    Ok(())
}

/// Staff give codes back to a person whose codes were replaced by links after too many wrong
/// codes (the person on the phone has no access to their messages, say): the day's count of wrong
/// codes and the minute's send limit go, and the change is audited.
pub async fn unlock(id: i64) -> Result<(), AppError> {
    use passerelle::access::Permission;
    let staff = super::auth::require_staff(Permission::UnlockAccess).await?;
    let db = state()?.db;
    let person = db.person_core(id).await?.ok_or(AppError::NotFound)?;
    staff.check_unit(Permission::UnlockAccess, &person.unit_code)?;
    let now = now();
    let audit = AuditEntry::new(Actor::Staff(staff.staff_id), "unlock_sign_in")
        .beneficiary(id, &person.unit_code)
        .target("beneficiary", id);
    let unlocked = with_pool!(&db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(
                "UPDATE beneficiary SET sign_in_locked_at = NULL WHERE beneficiary_id = $1 AND sign_in_locked_at IS NOT NULL",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                insert_audit!(&mut *tx, audit, now)?;
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(n == 1)
        }
        .await
    })
    .map_err(DbError::from)?;
    if !unlocked {
        return Err(AppError::Refused {
            message: "Cette personne reçoit déjà des codes de connexion.".to_string(),
        });
    }
    // The person is on the phone: they may ask for a code at once, even if someone else used
    // this hour's sends.
    for limit in [
        ratelimit::CODE_FAILURES_PER_DAY,
        ratelimit::CODE_SEND_PER_MINUTE,
        ratelimit::CODE_SEND_PER_HOUR,
    ] {
        db.reset_rate_limit(limit, &id.to_string()).await?;
    }
    Ok(())
}

/// Ends the session; when it came from FranceConnect or ProConnect, answers the provider's logout
/// address, where the browser goes next (the provider then sends it back to the home page).
pub async fn sign_out() -> Result<Option<String>, AppError> {
    let user = current_user().await?;
    let s = session().await?;
    let provider: Option<ProviderSession> =
        s.get(SESSION_OIDC_LOGOUT).await.map_err(session_error)?;
    s.flush().await.map_err(session_error)?;
    if user != CurrentUser::Anonymous {
        state()?
            .db
            .audit(AuditEntry::new(user.actor(), "sign_out"))
            .await?;
    }
    // The browser forgets what it kept of this person (the offline copy of "Mon parcours").
    if let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        options.insert_header(
            axum::http::HeaderName::from_static("clear-site-data"),
            axum::http::HeaderValue::from_static("\"cache\", \"storage\""),
        );
    }
    Ok(provider_logout(provider).await)
}

// ----- queries ----------------------------------------------------------------------------------

impl Db {
    /// Replaces this person's codes by links from `now` on (the day's ceiling of wrong codes was
    /// passed): live codes die, and the change is audited. Nothing to lift: it lapses by itself.
    pub async fn links_only_from(
        &self,
        id: i64,
        unit: &str,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        let audit = AuditEntry::new(Actor::System, "sign_in_links_only").beneficiary(id, unit);
        with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                sqlx::query("UPDATE beneficiary SET sign_in_locked_at = $2 WHERE beneficiary_id = $1")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("UPDATE sign_in_code SET expires_at = $2 WHERE beneficiary_id = $1 AND used_at IS NULL AND expires_at > $2")
                    .bind(id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                insert_audit!(&mut *tx, audit, now)?;
                tx.commit().await
            }
            .await
        })?;
        Ok(())
    }

    /// Codes again for this person (signed in with a link): the day's wrong codes are forgotten.
    pub async fn codes_again(&self, id: i64) -> Result<(), DbError> {
        with_pool!(self, |pool| sqlx::query(
            "UPDATE beneficiary SET sign_in_locked_at = NULL WHERE beneficiary_id = $1"
        )
        .bind(id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        self.reset_rate_limit(ratelimit::CODE_FAILURES_PER_DAY, &id.to_string())
            .await
    }

    /// A live, unused link: its person and its hash.
    pub async fn live_link(
        &self,
        code_id: i64,
        now: OffsetDateTime,
    ) -> Result<Option<(i64, String)>, DbError> {
        Ok(with_pool!(self, |pool| sqlx::query_as(
            "SELECT beneficiary_id, code_hash FROM sign_in_code \
             WHERE code_id = $1 AND kind = 'link' AND used_at IS NULL AND expires_at > $2"
        )
        .bind(code_id)
        .bind(now)
        .fetch_optional(pool)
        .await)?)
    }
}

/// Where a beneficiary can receive a code.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignInContact {
    pub beneficiary_id: i64,
    pub unit_code: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub sign_in_locked_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeAttempt {
    pub code_id: i64,
    pub code_hash: String,
    /// Attempts including this one.
    pub attempts: i64,
}

impl Db {
    pub async fn beneficiary_for_sign_in(
        &self,
        file_number: &str,
        birth_date: Date,
    ) -> Result<Option<SignInContact>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, unit_code, phone, email, sign_in_locked_at FROM beneficiary \
                           WHERE file_number = $1 AND birth_date = $2";
        let birth = super::to_time_date(birth_date);
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(file_number)
            .bind(birth)
            .fetch_optional(pool)
            .await)?)
    }

    pub async fn beneficiary_contact(&self, id: i64) -> Result<Option<SignInContact>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, unit_code, phone, email, sign_in_locked_at FROM beneficiary WHERE beneficiary_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Notes the time of a sign-in (files are kept while people use them).
    pub async fn signed_in(&self, id: i64, now: OffsetDateTime) -> Result<(), DbError> {
        with_pool!(self, |pool| sqlx::query(
            "UPDATE beneficiary SET last_sign_in_at = $2 WHERE beneficiary_id = $1"
        )
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Counts one attempt on the beneficiary's live code, atomically (two requests at once cannot
    /// both get the last attempt). `None` if no code is live.
    pub async fn take_code_attempt(
        &self,
        beneficiary_id: i64,
        now: OffsetDateTime,
    ) -> Result<Option<CodeAttempt>, DbError> {
        const SQL: &str = "UPDATE sign_in_code SET attempts = attempts + 1 WHERE code_id = \
             (SELECT code_id FROM sign_in_code WHERE beneficiary_id = $1 AND kind = 'code' AND used_at IS NULL AND expires_at > $2 \
              ORDER BY code_id DESC LIMIT 1) \
             RETURNING code_id, code_hash, attempts";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(beneficiary_id)
            .bind(now)
            .fetch_optional(pool)
            .await)?)
    }

    /// Marks a code used, if it was not already: `false` when another request used it first.
    pub async fn use_code(&self, code_id: i64, now: OffsetDateTime) -> Result<bool, DbError> {
        let changed = with_pool!(self, |pool| sqlx::query(
            "UPDATE sign_in_code SET used_at = $2 WHERE code_id = $1 AND used_at IS NULL"
        )
        .bind(code_id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(changed == 1)
    }

    pub async fn unit_name(&self, code: &str) -> Result<Option<String>, DbError> {
        Ok(with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT name FROM territorial_unit WHERE code = $1"
        )
        .bind(code)
        .fetch_optional(pool)
        .await)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_numbers_keep_digits_only() {
        assert_eq!(parse_file_number(" 123 4567 ").unwrap(), "1234567");
        assert!(parse_file_number("12a4567").is_err());
        assert!(parse_file_number("").is_err());
        assert!(parse_file_number("1234567890123").is_err());
    }

    #[test]
    fn birth_dates_as_sent_or_as_typed() {
        assert_eq!(
            parse_birth_date("1985-03-15").unwrap(),
            Date::ymd(1985, 3, 15)
        );
        assert_eq!(
            parse_birth_date("15/03/1985").unwrap(),
            Date::ymd(1985, 3, 15)
        );
        assert_eq!(
            parse_birth_date("15.3.1985").unwrap(),
            Date::ymd(1985, 3, 15)
        );
        assert!(parse_birth_date("31/02/1985").is_err());
        assert!(parse_birth_date("2999-01-01").is_err());
        assert!(parse_birth_date("hier").is_err());
    }
}
