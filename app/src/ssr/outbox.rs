//! Messages to people (sign-in codes, appointment reminders): written to the `outbox_message` table in
//! the same transaction as what causes them, then delivered by a background worker through a sender.
//!
//! Senders are pluggable: e-mail over SMTP (`SMTP_URL`, `MAIL_FROM`), SMS through an HTTP provider
//! (`SMS_API_URL`, `SMS_API_TOKEN`), and a development sender used for any channel without a real
//! one: its messages stay in the app, where an administrator can read them (`/admin/messages`).
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::db::{Db, DbError};
use crate::with_pool;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Sms,
    Email,
}

impl Channel {
    pub fn code(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Email => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        match code {
            "sms" => Some(Channel::Sms),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

/// What a message is, which sets how long its text is kept (see `super::retention`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// A one-time sign-in code: erased after 24 hours.
    SignInCode,
    /// Anything else said to the person: erased after 3 months.
    Notice,
}

impl MessageKind {
    pub fn code(self) -> &'static str {
        match self {
            MessageKind::SignInCode => "sign_in_code",
            MessageKind::Notice => "notice",
        }
    }
}

/// A message to enqueue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// The person it is about, when there is one (their "Mes données", their file).
    pub beneficiary_id: Option<i64>,
    pub kind: MessageKind,
    /// What it is for (`invitation`, `appointment_reminder`…: see `super::jobs`), shown to staff
    /// and counted on the dashboard; `None` for sign-in codes and other notices.
    pub purpose: Option<&'static str>,
    /// The appointment it is about.
    pub appointment_id: Option<i64>,
    /// Unique per message when set: a job run twice writes its message once (the insert fails),
    /// and the SMS provider receives it to drop a send retried after a crash.
    pub idempotency_key: Option<String>,
}

impl NewMessage {
    /// The same message, for `purpose` and written once under `key`.
    pub fn keyed(mut self, purpose: &'static str, key: String) -> NewMessage {
        self.purpose = Some(purpose);
        self.idempotency_key = Some(key);
        self
    }
}

/// Enqueues a message with any executor (pool or transaction) of either engine.
#[macro_export]
macro_rules! insert_outbox {
    ($exec:expr, $msg:expr, $now:expr) => {{
        let m: &$crate::ssr::outbox::NewMessage = &$msg;
        sqlx::query(
            "INSERT INTO outbox_message (channel, recipient, subject, body, status, attempts, created_at, \
             next_attempt_at, beneficiary_id, kind, purpose, appointment_id, idempotency_key) \
             VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5, $6, $7, $8, $9, $10)",
        )
        .bind(m.channel.code())
        .bind(&m.recipient)
        .bind(&m.subject)
        .bind(&m.body)
        .bind($now)
        .bind(m.beneficiary_id)
        .bind(m.kind.code())
        .bind(m.purpose)
        .bind(m.appointment_id)
        .bind(&m.idempotency_key)
        .execute($exec)
        .await
        .map(|r| r.rows_affected())
    }};
}

/// A message claimed for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutgoingMessage {
    pub message_id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub attempts: i64,
    /// The message's unique key when it has one (scheduled messages), else `None`.
    pub idempotency_key: Option<String>,
}

impl OutgoingMessage {
    /// What the SMS provider receives as `Idempotency-Key`: the same on every attempt at this
    /// message, so a send retried after a crash (the provider got it, the server died before
    /// noting it) is dropped by the provider instead of reaching the person twice.
    pub fn delivery_key(&self) -> String {
        self.idempotency_key
            .clone()
            .unwrap_or_else(|| format!("message:{}", self.message_id))
    }
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Something that delivers messages of one channel.
pub trait MessageSender: Send + Sync {
    /// Stored with each delivered message (`dev`, `smtp`, `sms_http`).
    fn name(&self) -> &'static str;
    fn send<'a>(&'a self, message: &'a OutgoingMessage) -> SendFuture<'a>;
}

/// Keeps messages in the application: nothing leaves the server. Used in development and for the
/// demo; administrators read these messages in the app.
pub struct DevSender;

impl MessageSender for DevSender {
    fn name(&self) -> &'static str {
        "dev"
    }
    fn send<'a>(&'a self, _message: &'a OutgoingMessage) -> SendFuture<'a> {
        Box::pin(async { Ok(()) })
    }
}

/// E-mail over SMTP (lettre), e.g. `SMTP_URL=smtps://user:password@smtp.example.fr:465`.
pub struct SmtpSender {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl SmtpSender {
    pub fn new(url: &str, from: &str) -> Result<SmtpSender, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = from.parse().map_err(|e| format!("MAIL_FROM: {e}"))?;
        Ok(SmtpSender { transport, from })
    }
}

impl MessageSender for SmtpSender {
    fn name(&self) -> &'static str {
        "smtp"
    }
    fn send<'a>(&'a self, message: &'a OutgoingMessage) -> SendFuture<'a> {
        Box::pin(async move {
            use lettre::AsyncTransport;
            let to = message
                .recipient
                .parse()
                .map_err(|e| format!("recipient: {e}"))?;
            let email = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(&message.subject)
                .header(lettre::message::header::ContentType::TEXT_PLAIN)
                .body(message.body.clone())
                .map_err(|e| e.to_string())?;
            self.transport
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }
}

/// SMS through an HTTP provider: `POST SMS_API_URL` with `Authorization: Bearer SMS_API_TOKEN` and
/// the JSON body `{"to": "+33612345678", "text": "…", "sender": "SMS_SENDER"}` and the header
/// `Idempotency-Key` (the same on every attempt at one message); any 2xx is a success.
/// Providers with another format sit behind a small adapter speaking this one.
pub struct HttpSmsSender {
    client: reqwest::Client,
    url: String,
    token: String,
    sender: String,
}

impl HttpSmsSender {
    pub fn new(url: &str, token: &str, sender: &str) -> Result<HttpSmsSender, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(HttpSmsSender {
            client,
            url: url.to_string(),
            token: token.to_string(),
            sender: sender.to_string(),
        })
    }
}

impl MessageSender for HttpSmsSender {
    fn name(&self) -> &'static str {
        "sms_http"
    }
    fn send<'a>(&'a self, message: &'a OutgoingMessage) -> SendFuture<'a> {
        Box::pin(async move {
            let res = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token)
                .header("Idempotency-Key", message.delivery_key())
                .json(&serde_json::json!({
                    "to": international_phone(&message.recipient),
                    "text": message.body,
                    "sender": self.sender,
                }))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("SMS provider answered {}", res.status()))
            }
        })
    }
}

/// "06 12 34 56 78" → "+33612345678" (French numbers; others are passed as typed).
pub fn international_phone(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    match digits.strip_prefix('0') {
        Some(rest) if digits.len() == 10 => format!("+33{rest}"),
        _ => digits,
    }
}

/// The sender of each channel.
#[derive(Clone)]
pub struct Senders {
    pub email: Arc<dyn MessageSender>,
    pub sms: Arc<dyn MessageSender>,
}

impl Senders {
    /// Every channel goes to the development mailbox.
    pub fn development() -> Senders {
        Senders {
            email: Arc::new(DevSender),
            sms: Arc::new(DevSender),
        }
    }

    fn for_channel(&self, channel: &str) -> &dyn MessageSender {
        match Channel::from_code(channel) {
            Some(Channel::Sms) => self.sms.as_ref(),
            _ => self.email.as_ref(),
        }
    }

    /// Whether any channel uses the development mailbox (shown to admins, logged at start).
    pub fn uses_development(&self) -> bool {
        self.email.name() == "dev" || self.sms.name() == "dev"
    }
}

/// After this many failed attempts a message is marked `failed` (and stays visible to admins).
const MAX_ATTEMPTS: i64 = 5;

impl Db {
    /// Delivers up to `batch` due messages. Safe with several servers: on PostgreSQL the claim skips
    /// rows another worker has locked; SQLite has a single writer. A claimed message is not picked
    /// again for `lease` (the default configuration's), so a worker that dies while sending does
    /// not block it forever, and two workers do not both send it.
    pub async fn deliver_pending(&self, senders: &Senders, batch: i64) -> Result<usize, DbError> {
        self.deliver_pending_leased(senders, batch, super::config::DEFAULT_WORKER_LEASE)
            .await
    }

    /// [`Db::deliver_pending`] with its lease.
    pub async fn deliver_pending_leased(
        &self,
        senders: &Senders,
        batch: i64,
        lease: time::Duration,
    ) -> Result<usize, DbError> {
        let now = super::clock::now();
        let lease = now + lease;
        let claimed: Vec<OutgoingMessage> = match self {
            Db::Postgres(pool) => {
                sqlx::query_as(
                    "UPDATE outbox_message SET next_attempt_at = $2, attempts = attempts + 1, leased_by = $4 \
                     WHERE message_id IN (SELECT message_id FROM outbox_message \
                       WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY message_id LIMIT $3 \
                       FOR UPDATE SKIP LOCKED) \
                     RETURNING message_id, channel, recipient, subject, body, attempts, idempotency_key",
                )
                .bind(now)
                .bind(lease)
                .bind(batch)
                .bind(super::jobs::worker_name())
                .fetch_all(pool)
                .await?
            }
            Db::Sqlite(pool) => {
                sqlx::query_as(
                    "UPDATE outbox_message SET next_attempt_at = $2, attempts = attempts + 1, leased_by = $4 \
                     WHERE message_id IN (SELECT message_id FROM outbox_message \
                       WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY message_id LIMIT $3) \
                     RETURNING message_id, channel, recipient, subject, body, attempts, idempotency_key",
                )
                .bind(now)
                .bind(lease)
                .bind(batch)
                .bind(super::jobs::worker_name())
                .fetch_all(pool)
                .await?
            }
        };
        let count = claimed.len();
        for message in claimed {
            let sender = senders.for_channel(&message.channel);
            match sender.send(&message).await {
                Ok(()) => {
                    self.mark_sent(message.message_id, sender.name(), now)
                        .await?
                }
                Err(error) => {
                    tracing::warn!(message_id = message.message_id, sender = sender.name(), %error, "message not delivered");
                    self.mark_failed_attempt(&message, &error, now).await?;
                }
            }
        }
        Ok(count)
    }

    async fn mark_sent(&self, id: i64, sender: &str, now: OffsetDateTime) -> Result<(), DbError> {
        with_pool!(self, |pool| {
            sqlx::query(
            "UPDATE outbox_message SET status = 'sent', sender = $2, sent_at = $3, last_error = NULL \
             WHERE message_id = $1"
        )
        .bind(id)
        .bind(sender)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    async fn mark_failed_attempt(
        &self,
        m: &OutgoingMessage,
        error: &str,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        // Exponential back-off: 1, 2, 4, 8 minutes.
        let retry_at = now + time::Duration::minutes(1 << (m.attempts - 1).clamp(0, 6));
        let status = if m.attempts >= MAX_ATTEMPTS {
            "failed"
        } else {
            "pending"
        };
        let error: String = error.chars().take(500).collect();
        with_pool!(self, |pool| {
            sqlx::query(
            "UPDATE outbox_message SET status = $2, last_error = $3, next_attempt_at = $4 WHERE message_id = $1"
        )
        .bind(m.message_id)
        .bind(status)
        .bind(&error)
        .bind(retry_at)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
        })?;
        Ok(())
    }

    /// Messages kept by the development sender, newest first (for administrators).
    pub async fn dev_messages(&self, limit: i64) -> Result<Vec<crate::admin::DevMessage>, DbError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            message_id: i64,
            channel: String,
            recipient: String,
            subject: String,
            body: String,
            created_at: OffsetDateTime,
        }
        const SQL: &str = "SELECT message_id, channel, recipient, subject, body, created_at FROM outbox_message \
                           WHERE sender = 'dev' ORDER BY message_id DESC LIMIT $1";
        let rows: Vec<Row> = with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| crate::admin::DevMessage {
                id: r.message_id,
                channel: r.channel,
                recipient: r.recipient,
                subject: r.subject,
                body: r.body,
                created_at: super::format_timestamp_fr(r.created_at),
            })
            .collect())
    }
}

/// Delivers messages until the process stops: every second, or at once while some are due.
pub async fn run_worker(db: Db, senders: Arc<Senders>, lease: time::Duration) {
    loop {
        match db.deliver_pending_leased(&senders, 50, lease).await {
            Ok(n) if n > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "outbox worker"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_numbers_become_international() {
        assert_eq!(super::international_phone("06 12 34 56 78"), "+33612345678");
        assert_eq!(
            super::international_phone("+33 6 12 34 56 78"),
            "+33612345678"
        );
    }
}
