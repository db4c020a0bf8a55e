//! Messages Passerelle sends on its own, at the right time: the invitation of each new entrant,
//! its reminder 3 days later when the person has neither booked nor answered, a reminder 48 hours
//! before each appointment, and a new date proposed after a missed one. When and whether are the
//! rules core's ([`passerelle::reminders`]); this module stores the jobs and runs them.
//!
//! A job is written in the same transaction as what causes it (the import of a new entrant, the
//! invitation, the appointment, the missed outcome), under a unique key: scheduling twice keeps
//! one. Any server runs due jobs: a server *takes* a job by pushing its `next_attempt_at` a lease
//! ahead and counting an attempt (on PostgreSQL skipping rows another server has locked), then
//! writes the job's message and marks it done **in one transaction, conditional on still holding
//! the latest attempt**; the message itself carries the job's key, unique in the outbox. So a
//! server killed at any point leaves the job to another once the lease expires, and no job ever
//! writes two messages.
use time::OffsetDateTime;

use passerelle::pathway::{AppointmentPurpose, PathwayStatus};
use passerelle::reminders;

use super::audit::Actor;
use super::clock::unix;
use super::db::{Db, DbError};
use super::outbox::NewMessage;
use super::pathway::messages;
use super::pathway::{Author, Change, Command, PersonCore};
use crate::error::AppError;
use crate::{insert_outbox, with_pool};

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    /// Invite a new entrant to the orientation interview.
    Invitation,
    /// Remind an invited person who neither booked nor answered.
    InvitationReminder,
    /// Recall an appointment 48 hours before.
    AppointmentReminder,
    /// Propose a new date after a missed appointment.
    MissedFollowup,
}

impl JobKind {
    pub const ALL: [JobKind; 4] = [
        JobKind::Invitation,
        JobKind::InvitationReminder,
        JobKind::AppointmentReminder,
        JobKind::MissedFollowup,
    ];

    /// Stored in `scheduled_job.kind` and in `outbox_message.purpose`.
    pub fn code(self) -> &'static str {
        match self {
            JobKind::Invitation => "invitation",
            JobKind::InvitationReminder => "invitation_reminder",
            JobKind::AppointmentReminder => "appointment_reminder",
            JobKind::MissedFollowup => "missed_followup",
        }
    }

    pub fn from_code(code: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// How staff read it on a person's file.
    pub fn label_fr(self) -> &'static str {
        match self {
            JobKind::Invitation => "Invitation au rendez-vous d'orientation",
            JobKind::InvitationReminder => "Rappel de l'invitation",
            JobKind::AppointmentReminder => "Rappel 48 h avant le rendez-vous",
            JobKind::MissedFollowup => "Nouvelle date proposée après un rendez-vous manqué",
        }
    }
}

/// A job to schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewJob {
    pub kind: JobKind,
    pub beneficiary_id: i64,
    pub appointment_id: Option<i64>,
    /// Invitation reminders: when the invitation went; appointment reminders: when the
    /// appointment starts.
    pub subject_at: Option<OffsetDateTime>,
    pub due_at: OffsetDateTime,
    /// Unique: the same job scheduled twice is kept once.
    pub key: String,
}

/// The quiet hours the département set (`QUIET_HOURS`), read once at start; 20:00–08:00 when
/// not set. A setting of the whole service, like the public address: not per request.
static QUIET_HOURS: std::sync::OnceLock<Option<reminders::QuietHours>> = std::sync::OnceLock::new();

/// Sets the quiet hours (once, at start).
pub fn set_quiet_hours(quiet: Option<reminders::QuietHours>) {
    let _ = QUIET_HOURS.set(quiet);
}

/// This server's name in the leases it takes (`WORKER_NAME`, set once at start): the
/// `leased_by` of the messages and jobs it holds. Default: the host's name and the process id.
static WORKER_NAME: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Sets this server's name in leases (once, at start).
pub fn set_worker_name(name: String) {
    let _ = WORKER_NAME.set(name);
}

/// This server's name in leases.
pub fn worker_name() -> &'static str {
    WORKER_NAME.get_or_init(|| {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "passerelle".to_string());
        format!("{host}-{}", std::process::id())
    })
}

/// The quiet hours in force (`None`: none).
pub fn quiet_hours() -> Option<reminders::QuietHours> {
    *QUIET_HOURS.get_or_init(|| Some(reminders::QuietHours::DEFAULT))
}

fn instant(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

impl NewJob {
    /// The invitation of a person who entered the RSA on `entered_on` (one per entry).
    pub fn invitation(beneficiary_id: i64, entered_on: time::Date, now: OffsetDateTime) -> NewJob {
        NewJob {
            kind: JobKind::Invitation,
            beneficiary_id,
            appointment_id: None,
            subject_at: None,
            due_at: instant(reminders::allowed_from(quiet_hours(), unix(now))),
            key: format!("invitation:{beneficiary_id}:{entered_on}"),
        }
    }

    /// The reminder of an invitation sent at `invited_at`.
    pub fn invitation_reminder(beneficiary_id: i64, invited_at: OffsetDateTime) -> NewJob {
        NewJob {
            kind: JobKind::InvitationReminder,
            beneficiary_id,
            appointment_id: None,
            subject_at: Some(invited_at),
            due_at: instant(reminders::invitation_reminder_due(
                unix(invited_at),
                quiet_hours(),
            )),
            key: format!("invitation_reminder:{beneficiary_id}:{}", unix(invited_at)),
        }
    }

    /// The reminder of an appointment planned at `now`, when one can usefully go.
    pub fn appointment_reminder(
        beneficiary_id: i64,
        appointment_id: i64,
        starts_at: OffsetDateTime,
        now: OffsetDateTime,
    ) -> Option<NewJob> {
        let due = reminders::appointment_reminder_due(unix(starts_at), unix(now), quiet_hours())?;
        Some(NewJob {
            kind: JobKind::AppointmentReminder,
            beneficiary_id,
            appointment_id: Some(appointment_id),
            subject_at: Some(starts_at),
            due_at: instant(due),
            key: format!("appointment_reminder:{appointment_id}:{}", unix(starts_at)),
        })
    }

    /// The message after appointment `appointment_id` was recorded as missed.
    pub fn missed_followup(
        beneficiary_id: i64,
        appointment_id: i64,
        now: OffsetDateTime,
    ) -> NewJob {
        NewJob {
            kind: JobKind::MissedFollowup,
            beneficiary_id,
            appointment_id: Some(appointment_id),
            subject_at: None,
            due_at: instant(reminders::allowed_from(quiet_hours(), unix(now))),
            key: format!("missed_followup:{appointment_id}"),
        }
    }
}

/// Schedules a job with any executor (pool or transaction) of either engine; a job with the same
/// key already there is kept as it is.
#[macro_export]
macro_rules! insert_job {
    ($exec:expr, $job:expr, $now:expr) => {{
        let j: &$crate::ssr::jobs::NewJob = &$job;
        sqlx::query(
            "INSERT INTO scheduled_job (kind, beneficiary_id, appointment_id, subject_at, idempotency_key, \
             due_at, next_attempt_at, status, attempts, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6, 'pending', 0, $7) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(j.kind.code())
        .bind(j.beneficiary_id)
        .bind(j.appointment_id)
        .bind(j.subject_at)
        .bind(&j.key)
        .bind(j.due_at)
        .bind($now)
        .execute($exec)
        .await
        .map(|r| r.rows_affected())
    }};
}

/// A job a server has taken.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TakenJob {
    pub job_id: i64,
    pub kind: String,
    pub beneficiary_id: i64,
    pub appointment_id: Option<i64>,
    pub subject_at: Option<OffsetDateTime>,
    pub idempotency_key: String,
    /// The attempt this server holds: only it may finish the job.
    pub attempts: i64,
}

/// Failures before a job is given up (it stays visible to staff, with its error).
const MAX_FAILURES: i64 = 6;

/// What running a job came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The message was written to the outbox.
    Sent,
    /// Nothing to send, and why (kept on the job).
    Skipped(&'static str),
    /// Due in quiet hours (a backlog after an outage): put back to the morning.
    Postponed,
    /// Another server finished it first.
    Lost,
}

/// The database's answer about an invitation left without reply.
#[derive(sqlx::FromRow)]
struct InvitationRow {
    status: String,
    wrote_since: bool,
}

/// The appointment a job is about.
#[derive(sqlx::FromRow)]
struct AppointmentRow {
    purpose: String,
    status: String,
    starts_at: OffsetDateTime,
    place: String,
    /// An appointment planned now (the person already has a new date).
    later_planned: bool,
}

impl Db {
    /// Takes up to `batch` jobs due at `now` for this server, each for `lease` (see the module's
    /// text).
    pub async fn take_due_jobs(
        &self,
        batch: i64,
        now: OffsetDateTime,
        lease: time::Duration,
    ) -> Result<Vec<TakenJob>, DbError> {
        let lease = now + lease;
        // The same statement on both engines but for the lock: PostgreSQL skips rows another
        // server is taking; SQLite has one writer at a time, so the UPDATE is atomic already.
        let lock = match self {
            Db::Postgres(_) => "FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        };
        let sql = format!(
            "UPDATE scheduled_job SET next_attempt_at = $2, attempts = attempts + 1, leased_by = $4 \
             WHERE job_id IN (SELECT job_id FROM scheduled_job WHERE status = 'pending' AND next_attempt_at <= $1 \
               ORDER BY next_attempt_at, job_id LIMIT $3 {lock}) \
             RETURNING job_id, kind, beneficiary_id, appointment_id, subject_at, idempotency_key, attempts"
        );
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(now)
            .bind(lease)
            .bind(batch)
            .bind(worker_name())
            .fetch_all(pool)
            .await)?)
    }

    /// Runs one taken job at `now`; `site` is the service's public address, for links in
    /// messages.
    pub async fn run_job(
        &self,
        job: &TakenJob,
        site: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Outcome, AppError> {
        let allowed = reminders::allowed_from(quiet_hours(), unix(now));
        if allowed > unix(now) {
            // Taken at night (jobs left over from an outage): back to 08:00, nothing sent.
            self.set_job(job, "pending", None, Some(instant(allowed)), now)
                .await?;
            return Ok(Outcome::Postponed);
        }
        let Some(kind) = JobKind::from_code(&job.kind) else {
            return self.finish(job, None, Some("unknown_kind"), now).await;
        };
        let Some(person) = self.person_core(job.beneficiary_id).await? else {
            return self.finish(job, None, Some("person_gone"), now).await;
        };
        match kind {
            JobKind::Invitation => self.run_invitation(job, person, site, now).await,
            JobKind::InvitationReminder => {
                let invited_at = job.subject_at.unwrap_or(now);
                let sql = "SELECT b.status, EXISTS (SELECT 1 FROM inbox_message m WHERE m.beneficiary_id = b.beneficiary_id \
                           AND m.created_at >= $2) AS wrote_since FROM beneficiary b WHERE b.beneficiary_id = $1";
                let row: InvitationRow = with_pool!(self, |pool| sqlx::query_as(sql)
                    .bind(job.beneficiary_id)
                    .bind(invited_at)
                    .fetch_one(pool)
                    .await)
                .map_err(DbError::from)?;
                let state = reminders::InvitationState {
                    still_invited: row.status == PathwayStatus::Invited.code(),
                    wrote_since: row.wrote_since,
                };
                if !state.needs_reminder() {
                    let why = if state.still_invited {
                        "answered"
                    } else {
                        "booked_or_moved_on"
                    };
                    return self.finish(job, None, Some(why), now).await;
                }
                let message = messages::invitation_reminder(&person, site);
                self.send(job, kind, message, now).await
            }
            JobKind::AppointmentReminder | JobKind::MissedFollowup => {
                let Some(appointment) = self.job_appointment(job).await? else {
                    return self.finish(job, None, Some("appointment_gone"), now).await;
                };
                let purpose = AppointmentPurpose::from_code(&appointment.purpose)
                    .unwrap_or(AppointmentPurpose::Suivi);
                if kind == JobKind::AppointmentReminder {
                    let state = reminders::AppointmentState {
                        planned: appointment.status == "planned",
                        starts_at: unix(appointment.starts_at),
                    };
                    let planned_for = job.subject_at.map(unix).unwrap_or(state.starts_at);
                    if !reminders::appointment_reminder_still_due(state, planned_for, unix(now)) {
                        return self
                            .finish(job, None, Some("appointment_changed"), now)
                            .await;
                    }
                    let message = messages::appointment_reminder(
                        &person,
                        purpose,
                        appointment.starts_at,
                        &appointment.place,
                    );
                    self.send(job, kind, message, now).await
                } else {
                    if appointment.later_planned {
                        return self.finish(job, None, Some("new_date_planned"), now).await;
                    }
                    let message = messages::missed_followup(&person, appointment.starts_at);
                    self.send(job, kind, message, now).await
                }
            }
        }
    }

    /// The invitation: the pathway command itself (status, timeline, message, audit, and the
    /// reminder job), applied by the system and finishing the job in the same transaction.
    async fn run_invitation(
        &self,
        job: &TakenJob,
        person: PersonCore,
        site: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<Outcome, AppError> {
        if person.status() != PathwayStatus::Entered {
            // Staff invited the person first, or the pathway moved on.
            return self.finish(job, None, Some("already_invited"), now).await;
        }
        let change = Change {
            author: Author {
                actor: Actor::System,
                staff_id: None,
            },
            person,
            idempotency: None,
            job: Some(job.clone()),
            site: site.map(str::to_string),
            seen: None,
        };
        match super::pathway::apply(self, change, Command::Invite).await {
            Ok(_) => Ok(Outcome::Sent),
            // The job was finished by another server meanwhile, or the status changed: the next
            // attempt decides again.
            Err(AppError::Conflict) => Ok(Outcome::Lost),
            Err(e) => Err(e),
        }
    }

    async fn job_appointment(&self, job: &TakenJob) -> Result<Option<AppointmentRow>, DbError> {
        const SQL: &str = "SELECT a.purpose, a.status, a.starts_at, a.place, EXISTS (SELECT 1 FROM appointment n \
                           WHERE n.beneficiary_id = a.beneficiary_id AND n.status = 'planned') AS later_planned FROM appointment a WHERE a.appointment_id = $1 AND a.beneficiary_id = $2";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(job.appointment_id)
            .bind(job.beneficiary_id)
            .fetch_optional(pool)
            .await)?)
    }

    /// Writes the job's message (when the person can be reached) and finishes the job.
    async fn send(
        &self,
        job: &TakenJob,
        kind: JobKind,
        message: Option<NewMessage>,
        now: OffsetDateTime,
    ) -> Result<Outcome, AppError> {
        match message {
            None => self.finish(job, None, Some("no_channel"), now).await,
            Some(m) => {
                let m = NewMessage {
                    appointment_id: job.appointment_id,
                    ..m.keyed(kind.code(), job.idempotency_key.clone())
                };
                self.finish(job, Some(m), None, now).await
            }
        }
    }

    /// In one transaction: the message (if any) and the job marked done or skipped, only if this
    /// server still holds the job's latest attempt.
    async fn finish(
        &self,
        job: &TakenJob,
        message: Option<NewMessage>,
        skipped: Option<&'static str>,
        now: OffsetDateTime,
    ) -> Result<Outcome, AppError> {
        let status = if skipped.is_some() { "skipped" } else { "done" };
        let result: Result<bool, sqlx::Error> = with_pool!(self, |pool| async {
            let mut tx = pool.begin().await?;
            // The fencing update first: it also takes the write lock on SQLite.
            let held = sqlx::query(
                "UPDATE scheduled_job SET status = $3, outcome = $4, finished_at = $5 \
                 WHERE job_id = $1 AND attempts = $2 AND status = 'pending'",
            )
            .bind(job.job_id)
            .bind(job.attempts)
            .bind(status)
            .bind(skipped)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if !held {
                tx.rollback().await?;
                return Ok(false);
            }
            if let Some(m) = &message {
                insert_outbox!(&mut *tx, *m, now)?;
            }
            tx.commit().await?;
            Ok(true)
        }
        .await);
        match result {
            Ok(true) => Ok(match skipped {
                Some(why) => Outcome::Skipped(why),
                None => Outcome::Sent,
            }),
            Ok(false) => Ok(Outcome::Lost),
            Err(e) => Err(DbError::from(e).into()),
        }
    }

    /// Puts a job back (`pending` at `next`), or gives it up (`failed`), with its error.
    async fn set_job(
        &self,
        job: &TakenJob,
        status: &str,
        error: Option<&str>,
        next: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        let finished = (status != "pending").then_some(now);
        const SQL: &str = "UPDATE scheduled_job SET status = $3, outcome = COALESCE($4, outcome), \
             next_attempt_at = COALESCE($5, next_attempt_at), finished_at = $6 \
             WHERE job_id = $1 AND attempts = $2 AND status = 'pending'";
        with_pool!(self, |pool| sqlx::query(SQL)
            .bind(job.job_id)
            .bind(job.attempts)
            .bind(status)
            .bind(error)
            .bind(next)
            .bind(finished)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Records a failed attempt: retried after 1, 2, 4… minutes, given up after [`MAX_FAILURES`].
    pub async fn job_failed(
        &self,
        job: &TakenJob,
        error: &str,
        now: OffsetDateTime,
    ) -> Result<(), DbError> {
        let error: String = error.chars().take(500).collect();
        if job.attempts >= MAX_FAILURES {
            self.set_job(job, "failed", Some(&error), None, now).await
        } else {
            let retry = now + time::Duration::minutes(1 << (job.attempts - 1).clamp(0, 6));
            self.set_job(job, "pending", Some(&error), Some(retry), now)
                .await
        }
    }

    /// Takes (each for `lease`) and runs the jobs due at `now` until none is left; returns how
    /// many were taken.
    pub async fn run_due_jobs(
        &self,
        site: Option<&str>,
        batch: i64,
        now: OffsetDateTime,
        lease: time::Duration,
    ) -> Result<usize, DbError> {
        let mut taken = 0;
        loop {
            let jobs = self.take_due_jobs(batch, now, lease).await?;
            if jobs.is_empty() {
                return Ok(taken);
            }
            taken += jobs.len();
            for job in &jobs {
                match self.run_job(job, site, now).await {
                    Ok(outcome) => {
                        tracing::debug!(job_id = job.job_id, kind = %job.kind, ?outcome, "job run")
                    }
                    Err(e) => {
                        tracing::warn!(job_id = job.job_id, kind = %job.kind, error = ?e, "job failed");
                        self.job_failed(job, &format!("{e:?}"), now).await?;
                    }
                }
            }
        }
    }
}

/// Runs due jobs until the process stops: every few seconds.
pub async fn run_worker(db: Db, site: Option<String>, lease: time::Duration) {
    loop {
        if let Err(e) = db
            .run_due_jobs(site.as_deref(), 50, super::clock::now(), lease)
            .await
        {
            tracing::error!(error = %e, "job worker");
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
}

/// A message as stored, for the person's file.
#[derive(sqlx::FromRow)]
struct SentRow {
    created_at: OffsetDateTime,
    channel: String,
    purpose: Option<String>,
    kind: String,
    status: String,
    sent_at: Option<OffsetDateTime>,
}

impl SentRow {
    fn view(self) -> crate::pathway::SentMessage {
        use super::format_timestamp_fr;
        let about = match (
            self.kind.as_str(),
            self.purpose.as_deref().and_then(JobKind::from_code),
        ) {
            ("sign_in_code", _) => "Code de connexion",
            (_, Some(k)) => k.label_fr(),
            _ => "Information sur le parcours",
        };
        let (state, failed) = match (self.status.as_str(), self.sent_at) {
            ("sent", Some(at)) => (
                format!(
                    "Envoyé le {} (remis au service d'envoi)",
                    format_timestamp_fr(at)
                ),
                false,
            ),
            ("failed", _) => (
                "Échec de l'envoi : vérifiez le numéro ou l'adresse".to_string(),
                true,
            ),
            _ => ("En attente d'envoi".to_string(), false),
        };
        crate::pathway::SentMessage {
            at: format_timestamp_fr(self.created_at),
            channel: if self.channel == "sms" {
                "SMS"
            } else {
                "E-mail"
            }
            .to_string(),
            about: about.to_string(),
            state,
            failed,
        }
    }
}

impl Db {
    /// Schedules a job (kept once per key).
    pub async fn schedule_job(&self, job: &NewJob) -> Result<bool, DbError> {
        let now = super::clock::now();
        Ok(with_pool!(self, |pool| crate::insert_job!(pool, *job, now))? == 1)
    }

    /// The messages sent to person `id` (newest 20) and those planned (worded in `lang`: the
    /// staff's French, or the person's language on "Mes données").
    pub async fn messages_of(
        &self,
        id: i64,
        lang: crate::lang::Lang,
    ) -> Result<
        (
            Vec<crate::pathway::SentMessage>,
            Vec<crate::pathway::PlannedMessage>,
        ),
        DbError,
    > {
        const SENT: &str = "SELECT created_at, channel, purpose, kind, status, sent_at FROM outbox_message \
                            WHERE beneficiary_id = $1 ORDER BY message_id DESC LIMIT 20";
        const PLANNED: &str = "SELECT kind, next_attempt_at FROM scheduled_job \
                               WHERE beneficiary_id = $1 AND status = 'pending' ORDER BY next_attempt_at, job_id";
        let sent: Vec<SentRow> = with_pool!(self, |pool| sqlx::query_as(SENT)
            .bind(id)
            .fetch_all(pool)
            .await)?;
        let planned: Vec<(String, OffsetDateTime)> =
            with_pool!(self, |pool| sqlx::query_as(PLANNED)
                .bind(id)
                .fetch_all(pool)
                .await)?;
        Ok((
            sent.into_iter().map(SentRow::view).collect(),
            planned
                .into_iter()
                .filter_map(|(kind, at)| {
                    let kind = JobKind::from_code(&kind)?;
                    Some(crate::pathway::PlannedMessage {
                        at: super::format_timestamp_in(at, lang),
                        about: if lang == crate::lang::Lang::Fr {
                            kind.label_fr().to_string()
                        } else {
                            crate::lang::text(lang, &format!("my_data.job_{}", kind.code()))
                        },
                    })
                })
                .collect(),
        ))
    }

    /// The person's refusal of SMS and e-mail and the language of their messages, as they chose
    /// them in "Mon parcours", with its audit row, in one transaction.
    pub async fn set_channel_refusals(
        &self,
        who: &super::auth::BeneficiaryAccount,
        sms_refused: bool,
        email_refused: bool,
        lang: Option<passerelle::lang::Lang>,
    ) -> Result<(), DbError> {
        const SQL: &str = "UPDATE beneficiary SET sms_opt_out = $2, email_opt_out = $3, updated_at = $4, \
                           message_lang = COALESCE($5, message_lang) WHERE beneficiary_id = $1";
        let now = super::clock::now();
        let audit = super::audit::AuditEntry::new(
            Actor::Beneficiary(who.beneficiary_id),
            "message_channels_chosen",
        )
        .beneficiary(who.beneficiary_id, &who.unit_code)
        .detail(serde_json::json!({ "sms_refused": sms_refused, "email_refused": email_refused, "message_lang": lang.map(|l| l.code()) }));
        with_pool!(self, |pool| async {
            let mut tx = pool.begin().await?;
            sqlx::query(SQL)
                .bind(who.beneficiary_id)
                .bind(sms_refused)
                .bind(email_refused)
                .bind(now)
                .bind(lang.map(|l| l.code()))
                .execute(&mut *tx)
                .await?;
            crate::insert_audit!(&mut *tx, audit, now)?;
            tx.commit().await
        }
        .await)?;
        Ok(())
    }
}
