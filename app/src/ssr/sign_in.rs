//! The sign-in flows behind the server functions of [`crate::auth`].
use passerelle::Date;
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Actor, AuditEntry};
use super::auth::{
    CurrentUser, PendingSignIn, SESSION_PENDING, SessionUser, begin_session, client_ip,
    current_user, hash_code, mask_email, mask_phone, new_code, same_secret, session, session_error,
    state, verify_password,
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
/// Wrong codes allowed per code.
pub const CODE_MAX_ATTEMPTS: i64 = 5;

/// What the pending session remembers: who, and where the last code went.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Pending {
    #[serde(flatten)]
    who: PendingSignIn,
    sent: CodeSent,
}

/// Counts one attempt against `limit`; refused past it.
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

/// Waits as long as `failures` recent failures on this account or file number ask for (see
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

/// Said when a person's online access is blocked after too many wrong codes.
pub fn locked_out(field: &str) -> AppError {
    AppError::invalid(field, td_string!(locale(), errors.locked))
}

/// Step 1: identify a beneficiary and send a code.
pub async fn identify(numero: &str, naissance: &str) -> Result<CodeSent, AppError> {
    let db = state()?.db;
    let ip = client_ip();
    limit(&db, ratelimit::IDENTIFY_PER_ADDRESS, &ip).await?;
    let file_number = parse_file_number(numero)?;
    let birth_date = parse_birth_date(naissance)?;
    slow_down(&db, ratelimit::IDENTIFY_PER_FILE, &file_number).await?;

    let Some(found) = db.beneficiary_for_sign_in(&file_number, birth_date).await? else {
        count_failure(&db, ratelimit::IDENTIFY_PER_FILE, &file_number).await?;
        db.audit(AuditEntry::new(Actor::Anonymous, "sign_in_unknown"))
            .await?;
        return Err(AppError::invalid(
            "numero",
            td_string!(locale(), errors.unknown),
        ));
    };
    db.reset_rate_limit(ratelimit::IDENTIFY_PER_FILE, &file_number)
        .await?;
    if found.sign_in_locked_at.is_some() {
        return Err(locked_out("numero"));
    }
    let channel = if found.phone.is_some() {
        Channel::Sms
    } else {
        Channel::Email
    };
    db.refund_rate_limit(ratelimit::IDENTIFY_PER_ADDRESS, &ip)
        .await?;
    let sent = send_code(&db, &found, channel).await?;
    let s = session().await?;
    s.insert(
        SESSION_PENDING,
        Pending {
            who: PendingSignIn {
                beneficiary_id: found.beneficiary_id,
            },
            sent: sent.clone(),
        },
    )
    .await
    .map_err(session_error)?;
    Ok(sent)
}

/// Where the pending code went, if a sign-in is under way.
pub async fn pending() -> Result<Option<CodeSent>, AppError> {
    let s = session().await?;
    let p: Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)?;
    Ok(p.map(|p| p.sent))
}

/// Sends a new code, possibly to the other channel.
pub async fn resend(channel: Option<&str>) -> Result<CodeSent, AppError> {
    let db = state()?.db;
    let s = session().await?;
    let Some(mut p): Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)? else {
        return Err(expired_request());
    };
    let Some(found) = db.beneficiary_contact(p.who.beneficiary_id).await? else {
        return Err(expired_request());
    };
    if found.sign_in_locked_at.is_some() {
        return Err(locked_out("code"));
    }
    let channel = match channel.and_then(Channel::from_code) {
        Some(c) => c,
        None => Channel::from_code(&p.sent.channel).unwrap_or(Channel::Sms),
    };
    p.sent = send_code(&db, &found, channel).await?;
    s.insert(SESSION_PENDING, &p).await.map_err(session_error)?;
    Ok(p.sent)
}

fn expired_request() -> AppError {
    AppError::invalid("code", td_string!(locale(), errors.expired))
}

/// Creates a code, enqueues the message and audits, in one transaction.
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
    let code = new_code();
    let message = match channel {
        Channel::Sms => NewMessage {
            channel,
            recipient,
            subject: String::new(),
            beneficiary_id: Some(who.beneficiary_id),
            kind: MessageKind::SignInCode,
            purpose: None,
            appointment_id: None,
            idempotency_key: None,
            // In the language of the page the person asked from.
            body: td_string!(
                locale(),
                messages.code_sms,
                code = code.as_str(),
                minutes = CODE_VALIDITY_MINUTES
            ),
        },
        Channel::Email => NewMessage {
            channel,
            recipient,
            subject: td_string!(locale(), messages.code_subject).to_string(),
            beneficiary_id: Some(who.beneficiary_id),
            kind: MessageKind::SignInCode,
            purpose: None,
            appointment_id: None,
            idempotency_key: None,
            body: td_string!(
                locale(),
                messages.code_email,
                code = code.as_str(),
                minutes = CODE_VALIDITY_MINUTES
            ),
        },
    };
    let now = now();
    let expires = now + time::Duration::minutes(CODE_VALIDITY_MINUTES);
    let audit = AuditEntry::new(Actor::Beneficiary(who.beneficiary_id), "sign_in_code_sent")
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
            "INSERT INTO sign_in_code (beneficiary_id, code_hash, channel, attempts, created_at, expires_at) \
             VALUES ($1, '', $2, 0, $3, $4) RETURNING code_id",
        )
        .bind(who.beneficiary_id)
        .bind(channel.code())
        .bind(now)
        .bind(expires)
        .fetch_one(&mut *tx)
        .await
        .map_err(DbError::from)?;
        sqlx::query("UPDATE sign_in_code SET code_hash = $2 WHERE code_id = $1")
            .bind(code_id)
            .bind(hash_code(code_id, &code))
            .execute(&mut *tx)
            .await
            .map_err(DbError::from)?;
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
    })
}

fn no_contact() -> AppError {
    AppError::invalid("numero", td_string!(locale(), errors.no_contact))
}

/// Step 2: checks the code; on success the session changes id and holds the beneficiary.
pub async fn verify_code(input: &str) -> Result<(), AppError> {
    let db = state()?.db;
    let s = session().await?;
    let Some(p): Option<Pending> = s.get(SESSION_PENDING).await.map_err(session_error)? else {
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
    let id = p.who.beneficiary_id;
    let now = now();
    let Some(attempt) = db.take_code_attempt(id, now).await? else {
        return Err(AppError::invalid(
            "code",
            td_string!(locale(), errors.code_expired),
        ));
    };
    let Some(account) = db.beneficiary_account(id).await? else {
        return Err(expired_request());
    };
    if db.sign_in_locked_at(id).await?.is_some() {
        return Err(locked_out("code"));
    }
    if attempt.attempts > CODE_MAX_ATTEMPTS {
        return Err(AppError::invalid(
            "code",
            td_string!(locale(), errors.code_too_many),
        ));
    }
    if !same_secret(&hash_code(attempt.code_id, &code), &attempt.code_hash) {
        db.audit(
            AuditEntry::new(Actor::Beneficiary(id), "sign_in_failed")
                .beneficiary(id, &account.unit_code)
                .detail(json!({ "reason": "wrong_code", "attempt": attempt.attempts })),
        )
        .await?;
        // Codes can be asked for again and again: over a day, the wrong ones add up to a ceiling
        // that blocks online access until the person calls.
        let over = db
            .hit_rate_limit(ratelimit::CODE_FAILURES_PER_DAY, &id.to_string(), unix(now))
            .await?
            .is_some();
        if over {
            db.lock_sign_in(id, &account.unit_code, now).await?;
            return Err(locked_out("code"));
        }
        let left = CODE_MAX_ATTEMPTS - attempt.attempts;
        return Err(AppError::invalid(
            "code",
            match left {
                0 => td_string!(locale(), errors.code_wrong_0).to_string(),
                1 => td_string!(locale(), errors.code_wrong_1).to_string(),
                2 => td_string!(locale(), errors.code_wrong_2).to_string(),
                n => td_string!(locale(), errors.code_wrong_n, n = n),
            },
        ));
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
    begin_session(
        &s,
        SessionUser::Beneficiary {
            id,
            since: unix(now),
        },
    )
    .await?;
    db.audit(
        AuditEntry::new(Actor::Beneficiary(id), "sign_in").beneficiary(id, &account.unit_code),
    )
    .await?;
    db.signed_in(id, now).await?;
    Ok(())
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
    let ok = verify_password(hash, password.to_string()).await;
    let account = match (ok, account) {
        (true, Some(a)) => a,
        (_, account) => {
            count_failure(&db, ratelimit::STAFF_PER_ACCOUNT, &email).await?;
            let mut entry = AuditEntry::new(Actor::Anonymous, "staff_sign_in_failed");
            if let Some(a) = &account {
                entry = entry.target("staff_account", a.staff_id);
            }
            db.audit(entry).await?;
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

/// Staff give back online access to a person blocked after too many wrong codes: the lock and
/// the day's count of wrong codes go, and the change is audited.
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
            message: "L'accès en ligne de cette personne n'est pas bloqué.".to_string(),
        });
    }
    // The person is on the phone: they may ask for a code at once.
    for limit in [
        ratelimit::CODE_FAILURES_PER_DAY,
        ratelimit::CODE_SEND_PER_MINUTE,
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

    /// Blocks the person's online access (too many wrong codes today), audited.
    pub async fn lock_sign_in(
        &self,
        id: i64,
        unit: &str,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        let audit = AuditEntry::new(Actor::System, "sign_in_locked").beneficiary(id, unit);
        with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                sqlx::query(
                    "UPDATE beneficiary SET sign_in_locked_at = $2 WHERE beneficiary_id = $1 AND sign_in_locked_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                // Live codes die with the lock.
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
             (SELECT code_id FROM sign_in_code WHERE beneficiary_id = $1 AND used_at IS NULL AND expires_at > $2 \
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
