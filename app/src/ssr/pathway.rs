//! The server side of [`crate::pathway`]: reading a pathway, and every change staff record —
//! each checked against the role and the unit, validated by the core status machine, and written in
//! one transaction together with its timeline event, its message to the person and its audit row.
use passerelle::access::{Permission, StaffScope};
use passerelle::pathway::{
    self, AppointmentStatus, Delays, Orientation, PathwayStatus, ReferentOrganisation, Transition,
};
use passerelle::{Cents, ContractType, Date, SchemeDefinition};
use serde_json::json;
use time::OffsetDateTime;

use super::audit::{Actor, AuditEntry};
use super::auth::{StaffAccount, require_beneficiary, require_staff, state};
use super::clock::now;
use super::db::{Db, DbError};
use super::outbox::{Channel, NewMessage};
use super::{format_timestamp_fr, from_time_date, paris, to_time_date};
use crate::error::AppError;
use crate::pathway::*;
use crate::{insert_audit, insert_outbox, with_pool};

/// Runs `$body` in a transaction on either engine; `$tx` is the open transaction.
macro_rules! transaction {
    ($db:expr, |$tx:ident| $body:block) => {
        with_pool!($db, |pool| {
            async {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                Ok::<_, sqlx::Error>(out)
            }
            .await
        })
        .map_err(DbError::from)
    };
}

macro_rules! insert_event {
    ($exec:expr, $e:expr) => {{
        let e: &Event = &$e;
        sqlx::query(
            "INSERT INTO pathway_event (beneficiary_id, occurred_on, kind, title, detail, visible_to_beneficiary, \
             recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.beneficiary_id)
        .bind(to_time_date(e.on))
        .bind(e.kind)
        .bind(&e.title)
        .bind(&e.detail)
        .bind(e.visible)
        .bind(e.recorded_by)
        .bind(e.at)
        .execute($exec)
        .await
    }};
}

macro_rules! set_status {
    ($exec:expr, $id:expr, $status:expr, $on:expr, $now:expr) => {
        sqlx::query("UPDATE beneficiary SET status = $2, status_since = $3, updated_at = $4 WHERE beneficiary_id = $1")
            .bind($id)
            .bind($status.code())
            .bind(to_time_date($on))
            .bind($now)
            .execute($exec)
            .await
    };
}

/// A timeline entry to write.
struct Event {
    beneficiary_id: i64,
    on: Date,
    kind: &'static str,
    title: String,
    detail: String,
    visible: bool,
    recorded_by: Option<i64>,
    at: OffsetDateTime,
}

/// What every staff change needs to know about the person.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonCore {
    pub beneficiary_id: i64,
    pub unit_code: String,
    pub status: String,
    pub first_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl PersonCore {
    fn status(&self) -> PathwayStatus {
        PathwayStatus::from_code(&self.status).unwrap_or(PathwayStatus::Entered)
    }

    /// Where to tell the person something: SMS if we have a phone, else e-mail.
    fn message(&self, sms: String, subject: &str, email: String) -> Option<NewMessage> {
        match (&self.phone, &self.email) {
            (Some(p), _) => Some(NewMessage {
                channel: Channel::Sms,
                recipient: p.clone(),
                subject: String::new(),
                body: sms,
            }),
            (None, Some(e)) => Some(NewMessage {
                channel: Channel::Email,
                recipient: e.clone(),
                subject: subject.to_string(),
                body: email,
            }),
            (None, None) => None,
        }
    }
}

/// The staff member, allowed `permission` on this person's unit, and the person.
async fn staff_on(id: i64, permission: Permission) -> Result<(StaffAccount, PersonCore), AppError> {
    let staff = require_staff(permission).await?;
    let person = state()?
        .db
        .person_core(id)
        .await?
        .ok_or(AppError::NotFound)?;
    staff.check_unit(permission, &person.unit_code)?;
    Ok((staff, person))
}

fn next(person: &PersonCore, t: Transition) -> Result<PathwayStatus, AppError> {
    pathway::apply(person.status(), t).map_err(|e| AppError::Refused {
        message: e.message_fr(),
    })
}

fn today() -> Date {
    crate::clock::today()
}

/// Who records a change: a staff member, or a partner through the API.
#[derive(Debug, Clone, Copy)]
pub struct Author {
    pub actor: Actor,
    /// The staff account, shown in the timeline's "recorded by"; `None` for partners.
    pub staff_id: Option<i64>,
}

impl From<&StaffAccount> for Author {
    fn from(s: &StaffAccount) -> Author {
        Author {
            actor: Actor::Staff(s.staff_id),
            staff_id: Some(s.staff_id),
        }
    }
}

/// A retried API request is applied once: the key and the answer are stored in the same
/// transaction as the change.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord {
    pub api_key_id: i64,
    pub key: String,
    pub request_hash: String,
    pub status_code: i64,
    pub response_body: String,
}

macro_rules! insert_idempotency {
    ($exec:expr, $r:expr) => {{
        let r: &IdempotencyRecord = $r;
        sqlx::query(
            "INSERT INTO idempotency_key (api_key_id, idempotency_key, request_hash, status_code, response_body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(r.api_key_id)
        .bind(&r.key)
        .bind(&r.request_hash)
        .bind(r.status_code)
        .bind(&r.response_body)
        .bind(now())
        .execute($exec)
        .await
    }};
}

/// An authorized change on one person's pathway.
pub struct Ctx {
    pub db: Db,
    pub author: Author,
    pub person: PersonCore,
    pub idempotency: Option<IdempotencyRecord>,
}

impl Ctx {
    /// A staff member allowed to record pathway decisions on this person.
    async fn staff(id: i64) -> Result<Ctx, AppError> {
        let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
        Ok(Ctx {
            db: state()?.db,
            author: (&staff).into(),
            person,
            idempotency: None,
        })
    }
}

fn audit(
    author: impl Into<Author>,
    person: &PersonCore,
    action: &'static str,
    detail: serde_json::Value,
) -> AuditEntry {
    AuditEntry::new(author.into().actor, action)
        .beneficiary(person.beneficiary_id, &person.unit_code)
        .target("beneficiary", person.beneficiary_id)
        .detail(detail)
}

fn event<A: Into<Author>>(
    person: &PersonCore,
    author: Option<A>,
    kind: &'static str,
    title: String,
    detail: String,
) -> Event {
    Event {
        beneficiary_id: person.beneficiary_id,
        on: today(),
        kind,
        title,
        detail,
        visible: true,
        recorded_by: author.and_then(|a| a.into().staff_id),
        at: now(),
    }
}

// ----- parsing ----------------------------------------------------------------------------------

fn text(field: &str, value: &str, min: usize, max: usize, what: &str) -> Result<String, AppError> {
    let v = value.trim();
    let n = v.chars().count();
    if n < min {
        Err(AppError::invalid(field, format!("Indiquez {what}.")))
    } else if n > max {
        Err(AppError::invalid(
            field,
            format!("{max} caractères au plus, s'il vous plaît."),
        ))
    } else {
        Ok(v.to_string())
    }
}

fn optional_text(field: &str, value: &str, max: usize) -> Result<Option<String>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        Ok(None)
    } else if v.chars().count() > max {
        Err(AppError::invalid(
            field,
            format!("{max} caractères au plus, s'il vous plaît."),
        ))
    } else {
        Ok(Some(v.to_string()))
    }
}

/// A date from a date field (2026-12-15) or typed (15/12/2026).
pub fn parse_date(field: &str, value: &str, required: bool) -> Result<Option<Date>, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return if required {
            Err(AppError::invalid(
                field,
                "Indiquez une date, par exemple 15/12/2026.",
            ))
        } else {
            Ok(None)
        };
    }
    let bad = || {
        AppError::invalid(
            field,
            "Cette date n'est pas valide. Écrivez-la par exemple 15/12/2026.",
        )
    };
    if let Ok(d) = v.parse::<Date>() {
        return Ok(Some(d));
    }
    let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => {
            let d: u8 = d.parse().map_err(|_| bad())?;
            let m: u8 = m.parse().map_err(|_| bad())?;
            let y: i32 = y.parse().map_err(|_| bad())?;
            Date::new(y, m, d).map(Some).map_err(|_| bad())
        }
        _ => Err(bad()),
    }
}

/// "14:30" or "14h30" → (14, 30).
pub fn parse_time(field: &str, value: &str) -> Result<(u8, u8), AppError> {
    let bad = || AppError::invalid(field, "Indiquez une heure, par exemple 14:30.");
    let v = value.trim().to_lowercase().replace(' ', "");
    let (h, m) = v.split_once([':', 'h']).unwrap_or((v.as_str(), "0"));
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = if m.is_empty() {
        0
    } else {
        m.parse().map_err(|_| bad())?
    };
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok((h, m))
}

/// A Paris wall-clock time as a UTC instant.
pub fn paris_to_utc(date: Date, hour: u8, minute: u8) -> OffsetDateTime {
    let local = time::PrimitiveDateTime::new(
        to_time_date(date),
        time::Time::from_hms(hour, minute, 0).unwrap_or(time::Time::MIDNIGHT),
    );
    // Try winter time first; if that instant is in summer time, use +2.
    let winter =
        local.assume_offset(time::UtcOffset::from_hms(1, 0, 0).unwrap_or(time::UtcOffset::UTC));
    if paris(winter).offset().whole_hours() == 2 {
        local
            .assume_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap_or(time::UtcOffset::UTC))
            .to_offset(time::UtcOffset::UTC)
    } else {
        winter.to_offset(time::UtcOffset::UTC)
    }
}

const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// "mardi 15 décembre 2026 à 14 h 30" (Paris time).
pub fn when_label(t: OffsetDateTime) -> String {
    let local = paris(t);
    let day = WEEKDAYS[local.weekday().number_days_from_monday() as usize];
    format!("{day} {}", format_timestamp_fr(t)).replace(" h 00", " h")
}

fn purpose_label(purpose: &str) -> &'static str {
    match purpose {
        "orientation" => "Rendez-vous d'orientation",
        "contrat" => "Signature du contrat d'engagement",
        _ => "Rendez-vous de suivi",
    }
}

/// The French name of a sector code, from any scheme version that lists it.
fn sector_label(versions: &[SchemeDefinition], code: &str) -> String {
    versions
        .iter()
        .rev()
        .find_map(|v| v.sector(code))
        .map(|s| s.label_fr.clone())
        .unwrap_or_else(|| "Autre secteur".to_string())
}

fn action_label(code: &str) -> Option<&'static str> {
    match code {
        "formation" => Some("Formation"),
        "immersion" => Some("Immersion en entreprise"),
        "accompagnement" => Some("Accompagnement"),
        "sante" => Some("Démarche de santé"),
        "autre" => Some("Action"),
        _ => None,
    }
}

// ----- beneficiary actions ----------------------------------------------------------------------

/// A question or an absence notice from the signed-in beneficiary.
pub async fn ask(body: &str, appointment: Option<i64>) -> Result<(), AppError> {
    let me = require_beneficiary().await?;
    let body = text("texte", body, 2, 2000, "votre message")?;
    let db = state()?.db;
    if let Some(rdv) = appointment {
        let owned = db.appointment_of(rdv).await?;
        match owned {
            Some((owner, status, _)) if owner == me.beneficiary_id && status == "planned" => {}
            // Another person's appointment, or none: as if it did not exist.
            _ => return Err(AppError::NotFound),
        }
    }
    let now = now();
    let kind = if appointment.is_some() {
        "cannot_attend"
    } else {
        "question"
    };
    let title = if appointment.is_some() {
        "Vous avez prévenu que vous ne pouviez pas venir au rendez-vous"
    } else {
        "Vous avez envoyé une question"
    };
    let ev = Event {
        beneficiary_id: me.beneficiary_id,
        on: today(),
        kind,
        title: title.to_string(),
        detail: body.clone(),
        visible: true,
        recorded_by: None,
        at: now,
    };
    let audit = AuditEntry::new(Actor::Beneficiary(me.beneficiary_id), "inbox_message_sent")
        .beneficiary(me.beneficiary_id, &me.unit_code)
        .detail(json!({ "kind": kind, "appointment": appointment }));
    transaction!(&db, |tx| {
        sqlx::query(
            "INSERT INTO inbox_message (beneficiary_id, kind, appointment_id, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(me.beneficiary_id)
        .bind(kind)
        .bind(appointment)
        .bind(&body)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

// ----- staff reading ----------------------------------------------------------------------------

/// A person's file for staff; opening it is audited.
pub async fn staff_file(id: i64) -> Result<StaffFile, AppError> {
    let (staff, person) = staff_on(id, Permission::ReadFiles).await?;
    let db = state()?.db;
    let view = db.pathway_view(id, true).await?.ok_or(AppError::NotFound)?;
    db.audit(audit(&staff, &person, "view_file", json!({})))
        .await?;
    let role = staff.role();
    let age = view.birth_date.age_on(today());
    Ok(StaffFile {
        allowed: pathway::allowed(view.status),
        may_record: role.allows(Permission::RecordPathway),
        may_answer: role.allows(Permission::AnswerInbox),
        simulator_url: view.household.simulator_url(age),
        view,
    })
}

// ----- staff changes ----------------------------------------------------------------------------

pub async fn invite(id: i64) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let to = next(&person, Transition::Invite)?;
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".to_string(),
        String::new(),
    );
    let msg = person.message(
        "Département de la Seine-Maritime : vous êtes invité(e) à un rendez-vous d'orientation pour votre RSA. Appelez le 02 76 51 63 40 pour choisir une date.".to_string(),
        "Votre rendez-vous d'orientation RSA",
        format!("Bonjour {},\n\nLe Département de la Seine-Maritime vous invite à un rendez-vous d'orientation, obligatoire pour votre RSA. Appelez le 02 76 51 63 40 pour choisir une date.\n\nVous pouvez suivre votre parcours sur Passerelle.", person.first_name),
    );
    let audit = audit(
        &staff,
        &person,
        "invite",
        json!({ "before": person.status, "after": to.code() }),
    );
    transaction!(&state()?.db, |tx| {
        set_status!(&mut *tx, id, to, today(), now)?;
        insert_event!(&mut *tx, ev)?;
        if let Some(m) = &msg {
            insert_outbox!(&mut *tx, *m, now)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

pub async fn schedule(
    id: i64,
    purpose: &str,
    date: &str,
    hour: &str,
    place: &str,
    officer: &str,
) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let purpose = match purpose.trim() {
        "" | "orientation" => "orientation",
        "suivi" => "suivi",
        "contrat" => "contrat",
        _ => {
            return Err(AppError::invalid(
                "objet",
                "Choisissez l'objet du rendez-vous dans la liste.",
            ));
        }
    };
    let day = parse_date("date", date, true)?.unwrap_or_else(today);
    if (day.days_since(today())).abs() > 366 {
        return Err(AppError::invalid(
            "date",
            "Choisissez une date dans l'année qui vient (ou l'année passée).",
        ));
    }
    let (h, m) = parse_time("heure", hour)?;
    let place = text("lieu", place, 2, 200, "le lieu du rendez-vous")?;
    let officer = text("agent", officer, 2, 100, "le nom de la personne qui reçoit")?;
    let to = if purpose == "orientation" {
        next(&person, Transition::ScheduleAppointment)?
    } else if person.status() == PathwayStatus::Exited {
        return Err(AppError::Refused {
            message: "Le parcours est terminé : rouvrez-le d'abord.".to_string(),
        });
    } else {
        person.status()
    };
    let starts_at = paris_to_utc(day, h, m);
    let when = when_label(starts_at);
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "appointment_planned",
        format!("{} prévu le {when}", purpose_label(purpose)),
        format!("Lieu : {place}. Avec : {officer}."),
    );
    let msg = person.message(
        format!("Département de la Seine-Maritime : {} le {when}, {place}. Si vous ne pouvez pas venir, prévenez-nous sur Passerelle ou au 02 76 51 63 40.", purpose_label(purpose)),
        "Votre rendez-vous RSA",
        format!("Bonjour {},\n\n{} : le {when}.\nLieu : {place}.\nVous serez reçu(e) par {officer}.\n\nSi vous ne pouvez pas venir, prévenez-nous sur Passerelle (Mon parcours) ou au 02 76 51 63 40.", person.first_name, purpose_label(purpose)),
    );
    let audit = audit(
        &staff,
        &person,
        "schedule_appointment",
        json!({ "before": person.status, "after": to.code(), "purpose": purpose, "starts_at": starts_at.unix_timestamp() }),
    );
    transaction!(&state()?.db, |tx| {
        sqlx::query(
            "INSERT INTO appointment (beneficiary_id, purpose, starts_at, place, officer_name, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 'planned', $6, $6)",
        )
        .bind(id)
        .bind(purpose)
        .bind(starts_at)
        .bind(&place)
        .bind(&officer)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if to != person.status() || purpose == "orientation" {
            set_status!(&mut *tx, id, to, today(), now)?;
        }
        insert_event!(&mut *tx, ev)?;
        if let Some(m) = &msg {
            insert_outbox!(&mut *tx, *m, now)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

pub async fn outcome(id: i64, appointment: i64, result: &str) -> Result<(), AppError> {
    outcome_in(Ctx::staff(id).await?, Some(appointment), result)
        .await
        .map(|_| ())
}

pub async fn outcome_in(
    ctx: Ctx,
    appointment: Option<i64>,
    result: &str,
) -> Result<PathwayStatus, AppError> {
    let Ctx {
        db,
        author: staff,
        person,
        idempotency,
    } = ctx;
    let id = person.beneficiary_id;
    let outcome = match AppointmentStatus::from_code(result.trim()) {
        Some(AppointmentStatus::Planned) | None => {
            return Err(AppError::invalid(
                "resultat",
                "Choisissez ce qui s'est passé : honoré, manqué, excusé ou annulé.",
            ));
        }
        Some(o) => o,
    };
    // Partners do not know our appointment ids: they report on the planned orientation appointment.
    let appointment = match appointment {
        Some(a) => a,
        None => db
            .planned_orientation_appointment(id)
            .await?
            .ok_or_else(|| AppError::Refused {
                message: "Aucun rendez-vous d'orientation n'est prévu pour cette personne."
                    .to_string(),
            })?,
    };
    let (purpose, when) = match db.appointment_of(appointment).await? {
        Some((owner, status, (purpose, starts_at))) if owner == id => {
            if status != "planned" {
                return Err(AppError::Refused {
                    message: "Le résultat de ce rendez-vous est déjà enregistré.".to_string(),
                });
            }
            (purpose, starts_at)
        }
        _ => return Err(AppError::NotFound),
    };
    let to = if purpose == "orientation" {
        next(&person, Transition::AppointmentOutcome(outcome))?
    } else {
        person.status()
    };
    let now = now();
    let ev = event(
        &person,
        Some(staff),
        "appointment_outcome",
        format!(
            "{} du {} : {}",
            purpose_label(&purpose),
            when_label(when),
            outcome.label_fr().to_lowercase()
        ),
        String::new(),
    );
    let audit = audit(
        staff,
        &person,
        "record_appointment_outcome",
        json!({ "appointment": appointment, "outcome": outcome.code(), "before": person.status, "after": to.code() }),
    );
    transaction!(&db, |tx| {
        sqlx::query(
            "UPDATE appointment SET status = $2, updated_at = $3 WHERE appointment_id = $1",
        )
        .bind(appointment)
        .bind(outcome.code())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if to != person.status() {
            set_status!(&mut *tx, id, to, today(), now)?;
        }
        insert_event!(&mut *tx, ev)?;
        if let Some(r) = &idempotency {
            insert_idempotency!(&mut *tx, r)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(to)
}

pub async fn orientation(
    id: i64,
    pathway_code: &str,
    organisation: &str,
    referent: &str,
    contact: &str,
) -> Result<(), AppError> {
    orientation_in(
        Ctx::staff(id).await?,
        pathway_code,
        organisation,
        referent,
        contact,
    )
    .await
    .map(|_| ())
}

pub async fn orientation_in(
    ctx: Ctx,
    pathway_code: &str,
    organisation: &str,
    referent: &str,
    contact: &str,
) -> Result<PathwayStatus, AppError> {
    let Ctx {
        db,
        author: staff,
        person,
        idempotency,
    } = ctx;
    let id = person.beneficiary_id;
    let chosen = Orientation::from_code(pathway_code.trim()).ok_or_else(|| {
        AppError::invalid(
            "parcours",
            "Choisissez le parcours : professionnel, socio-professionnel ou social.",
        )
    })?;
    let org = ReferentOrganisation::from_code(organisation.trim()).ok_or_else(|| {
        AppError::invalid(
            "organisme",
            "Choisissez l'organisme du référent dans la liste.",
        )
    })?;
    let referent = optional_text("referent", referent, 100)?;
    let contact = optional_text("contact", contact, 200)?;
    let before = person.status();
    let to = next(&person, Transition::DecideOrientation)?;
    let reorientation = matches!(
        before,
        PathwayStatus::Oriented | PathwayStatus::ContractSigned | PathwayStatus::Employed
    );
    let now = now();
    let title = format!(
        "{} : {} — référent : {}",
        if reorientation {
            "Nouvelle orientation"
        } else {
            "Orientation décidée"
        },
        chosen.label_fr(),
        org.label_fr()
    );
    let detail = referent
        .clone()
        .map(|r| format!("Votre référent : {r}."))
        .unwrap_or_default();
    let ev = event(
        &person,
        Some(staff),
        if reorientation {
            "reoriented"
        } else {
            "oriented"
        },
        title,
        detail,
    );
    let msg = person.message(
        format!("Département de la Seine-Maritime : votre accompagnement RSA est choisi ({}). Votre référent ({}) va vous contacter. Détails sur Passerelle.", chosen.label_fr(), org.label_fr()),
        "Votre accompagnement RSA",
        format!("Bonjour {},\n\nVotre accompagnement est choisi : {}.\nVotre référent : {}{}.\nIl ou elle va vous contacter pour signer votre contrat d'engagement.\n\nDétails sur Passerelle (Mon parcours).", person.first_name, chosen.label_fr(), org.label_fr(), referent.as_deref().map(|r| format!(", {r}")).unwrap_or_default()),
    );
    let audit = audit(
        staff,
        &person,
        if reorientation {
            "record_reorientation"
        } else {
            "record_orientation"
        },
        json!({ "before": before.code(), "after": to.code(), "orientation": chosen.code(), "referent_org": org.code() }),
    );
    transaction!(&db, |tx| {
        // The first decision's date is kept: the orientation delay is measured on it. A
        // re-orientation calls for a new contract, so the previous one is cleared.
        sqlx::query(
            "UPDATE beneficiary SET status = $2, status_since = $3, oriented_on = COALESCE(oriented_on, $3), \
             orientation = $4, referent_org = $5, referent_name = $6, referent_contact = $7, \
             contract_signed_on = CASE WHEN $8 THEN NULL ELSE contract_signed_on END, \
             contract_review_on = CASE WHEN $8 THEN NULL ELSE contract_review_on END, \
             contract_weekly_hours = CASE WHEN $8 THEN NULL ELSE contract_weekly_hours END, \
             updated_at = $9 WHERE beneficiary_id = $1",
        )
        .bind(id)
        .bind(to.code())
        .bind(to_time_date(today()))
        .bind(chosen.code())
        .bind(org.code())
        .bind(&referent)
        .bind(&contact)
        .bind(reorientation)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_event!(&mut *tx, ev)?;
        if let Some(m) = &msg {
            insert_outbox!(&mut *tx, *m, now)?;
        }
        if let Some(r) = &idempotency {
            insert_idempotency!(&mut *tx, r)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(to)
}

pub async fn contract(id: i64, signed: &str, review: &str, hours: &str) -> Result<(), AppError> {
    contract_in(Ctx::staff(id).await?, signed, review, hours)
        .await
        .map(|_| ())
}

pub async fn contract_in(
    ctx: Ctx,
    signed: &str,
    review: &str,
    hours: &str,
) -> Result<PathwayStatus, AppError> {
    let Ctx {
        db,
        author: staff,
        person,
        idempotency,
    } = ctx;
    let id = person.beneficiary_id;
    let signed_on = parse_date("signe_le", signed, true)?.unwrap_or_else(today);
    if signed_on > today() {
        return Err(AppError::invalid(
            "signe_le",
            "La date de signature ne peut pas être dans le futur.",
        ));
    }
    let review_on = parse_date("revision_le", review, false)?;
    if review_on.is_some_and(|r| r <= signed_on) {
        return Err(AppError::invalid(
            "revision_le",
            "La date du prochain point doit être après la signature.",
        ));
    }
    let weekly_hours = match hours.trim() {
        "" => None,
        h => match h.parse::<i64>() {
            Ok(n @ 0..=35) => Some(n),
            _ => {
                return Err(AppError::invalid(
                    "heures",
                    "Indiquez un nombre d'heures par semaine entre 0 et 35.",
                ));
            }
        },
    };
    let to = next(&person, Transition::SignContract)?;
    let now = now();
    let detail = match (review_on, weekly_hours) {
        (Some(r), Some(h)) => format!(
            "Prochain point le {}. {h} heures d'activité par semaine.",
            r.label_fr()
        ),
        (Some(r), None) => format!("Prochain point le {}.", r.label_fr()),
        (None, Some(h)) => format!("{h} heures d'activité par semaine."),
        (None, None) => String::new(),
    };
    let ev = event(
        &person,
        Some(staff),
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed_on.label_fr()),
        detail,
    );
    let audit = audit(
        staff,
        &person,
        "record_contract",
        json!({ "before": person.status, "after": to.code(), "signed_on": signed_on.to_string(), "review_on": review_on.map(|d| d.to_string()), "weekly_hours": weekly_hours }),
    );
    transaction!(&db, |tx| {
        sqlx::query(
            "UPDATE beneficiary SET status = $2, status_since = $3, contract_signed_on = $4, contract_review_on = $5, \
             contract_weekly_hours = $6, updated_at = $7 WHERE beneficiary_id = $1",
        )
        .bind(id)
        .bind(to.code())
        .bind(to_time_date(today()))
        .bind(to_time_date(signed_on))
        .bind(review_on.map(to_time_date))
        .bind(weekly_hours)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_event!(&mut *tx, ev)?;
        if let Some(r) = &idempotency {
            insert_idempotency!(&mut *tx, r)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(to)
}

pub async fn action(id: i64, kind: &str, label: &str, start: &str) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let kind_label = action_label(kind.trim()).ok_or_else(|| {
        AppError::invalid("type_action", "Choisissez le type d'action dans la liste.")
    })?;
    let label = text("libelle", label, 2, 200, "l'intitulé de l'action")?;
    let start_on = parse_date("debut", start, true)?.unwrap_or_else(today);
    if !matches!(
        person.status(),
        PathwayStatus::Oriented | PathwayStatus::ContractSigned | PathwayStatus::Employed
    ) {
        return Err(AppError::Refused {
            message: "Une action s'enregistre une fois la personne orientée.".to_string(),
        });
    }
    let now = now();
    let mut ev = event(
        &person,
        Some(&staff),
        "action",
        format!("{kind_label} : {label}"),
        format!("À partir du {}.", start_on.label_fr()),
    );
    ev.on = start_on;
    let audit = audit(
        &staff,
        &person,
        "record_action",
        json!({ "kind": kind.trim(), "label": label, "start": start_on.to_string() }),
    );
    transaction!(&state()?.db, |tx| {
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

/// The scheme that applies to a job starting on `on` in `sector` (the version in force then,
/// among the definitions administrators saved), if the job qualifies.
pub async fn scheme_for(
    db: &Db,
    on: Date,
    sector: &str,
) -> Result<Option<SchemeDefinition>, DbError> {
    let versions = db.scheme_versions().await?;
    Ok(passerelle::scheme_for_job(&versions, on.month(), sector)
        .filter(|s| s.sector(sector).is_some() && s.job_start_window.contains(on.month()))
        .cloned())
}

pub async fn employment(
    id: i64,
    employer: &str,
    sector: &str,
    start: &str,
    contract: &str,
    hours: &str,
    salary: &str,
) -> Result<(), AppError> {
    employment_in(
        Ctx::staff(id).await?,
        employer,
        sector,
        start,
        contract,
        hours,
        salary,
    )
    .await
    .map(|_| ())
}

pub async fn employment_in(
    ctx: Ctx,
    employer: &str,
    sector: &str,
    start: &str,
    contract: &str,
    hours: &str,
    salary: &str,
) -> Result<PathwayStatus, AppError> {
    let Ctx {
        db,
        author: staff,
        person,
        idempotency,
    } = ctx;
    let id = person.beneficiary_id;
    let employer = text("employeur", employer, 2, 200, "le nom de l'employeur")?;
    let start_on = parse_date("debut", start, true)?.unwrap_or_else(today);
    let sector = match sector.trim() {
        "" => passerelle::SECTOR_OTHER.to_string(),
        s if s.len() <= 40
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            s.to_string()
        }
        _ => {
            return Err(AppError::invalid(
                "secteur",
                "Choisissez le secteur dans la liste.",
            ));
        }
    };
    let contract = match contract.trim() {
        "" => None,
        "cdi" => Some(ContractType::Cdi),
        "cdd" => Some(ContractType::Cdd),
        "interim" => Some(ContractType::Interim),
        "autre" | "other" => Some(ContractType::Other),
        _ => {
            return Err(AppError::invalid(
                "contrat",
                "Choisissez le type de contrat dans la liste.",
            ));
        }
    };
    let hours = match hours.trim() {
        "" => None,
        h => match h.parse::<i64>() {
            Ok(n @ 1..=48) => Some(n),
            _ => {
                return Err(AppError::invalid(
                    "heures",
                    "Indiquez un nombre d'heures par semaine entre 1 et 48.",
                ));
            }
        },
    };
    let salary = match salary.trim() {
        "" => None,
        s => Some(Cents::parse_fr(s).map_err(|e| AppError::invalid("salaire", e.message_fr()))?),
    };
    let to = next(&person, Transition::ReturnToWork)?;
    // The cumulation scheme in force for this start date, if the job qualifies.
    let scheme = scheme_for(&db, start_on, &sector).await?;
    let sector_name = sector_label(&db.scheme_versions().await?, &sector);
    let (scheme_code, scheme_version, months, bonus) = match &scheme {
        Some(s) => (
            Some(s.code.clone()),
            Some(i64::from(s.version)),
            i64::from(s.neutralised_months),
            s.bonus_amount.get(),
        ),
        None => (None, None, 0, 0),
    };
    let now = now();
    let detail = match &scheme {
        Some(s) => format!(
            "Dispositif « {} » : le RSA est gardé en plus du salaire pendant {} mois, et une prime de {} est prévue.",
            s.name_fr,
            s.neutralised_months,
            s.bonus_amount.format_eur()
        ),
        None => String::new(),
    };
    let ev = event(
        &person,
        Some(staff),
        "return_to_work",
        format!(
            "Reprise d'emploi le {} : {employer} ({sector_name})",
            start_on.label_fr()
        ),
        detail,
    );
    let audit = audit(
        staff,
        &person,
        "record_return_to_work",
        json!({ "before": person.status, "after": to.code(), "sector": sector, "start": start_on.to_string(), "scheme": scheme_code, "scheme_months": months, "bonus_cents": bonus }),
    );
    transaction!(&db, |tx| {
        sqlx::query(
            "INSERT INTO employment (beneficiary_id, employer, sector, start_on, contract, hours_per_week, net_monthly_cents, \
             scheme_code, scheme_version, scheme_months, bonus_cents, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(&employer)
        .bind(&sector)
        .bind(to_time_date(start_on))
        .bind(contract.map(contract_code))
        .bind(hours)
        .bind(salary.map(|c| c.get()))
        .bind(&scheme_code)
        .bind(scheme_version)
        .bind(months)
        .bind(bonus)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        set_status!(&mut *tx, id, to, today(), now)?;
        insert_event!(&mut *tx, ev)?;
        if let Some(r) = &idempotency {
            insert_idempotency!(&mut *tx, r)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(to)
}

fn contract_code(c: ContractType) -> &'static str {
    match c {
        ContractType::Cdi => "cdi",
        ContractType::Cdd => "cdd",
        ContractType::Interim => "interim",
        ContractType::Other => "other",
    }
}

pub async fn bonus_paid(id: i64, employment: i64, paid: &str) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let paid_on = parse_date("verse_le", paid, true)?.unwrap_or_else(today);
    let db = state()?.db;
    let row: Option<(i64, i64, Option<time::Date>)> = with_pool!(&db, |pool| {
        sqlx::query_as(
        "SELECT beneficiary_id, bonus_cents, bonus_paid_on FROM employment WHERE employment_id = $1"
    )
    .bind(employment)
    .fetch_optional(pool)
    .await
    })
    .map_err(DbError::from)?;
    let bonus = match row {
        Some((owner, bonus, None)) if owner == id && bonus > 0 => bonus,
        Some((owner, _, Some(_))) if owner == id => {
            return Err(AppError::Refused {
                message: "Le versement de cette prime est déjà enregistré.".to_string(),
            });
        }
        Some((owner, _, None)) if owner == id => {
            return Err(AppError::Refused {
                message: "Aucune prime n'est prévue pour cet emploi.".to_string(),
            });
        }
        _ => return Err(AppError::NotFound),
    };
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "bonus_paid",
        format!(
            "Prime de reprise d'emploi de {} versée le {}",
            Cents(bonus).format_eur(),
            paid_on.label_fr()
        ),
        String::new(),
    );
    let audit = audit(
        &staff,
        &person,
        "record_bonus_paid",
        json!({ "employment": employment, "paid_on": paid_on.to_string(), "bonus_cents": bonus }),
    );
    transaction!(&db, |tx| {
        sqlx::query("UPDATE employment SET bonus_paid_on = $2 WHERE employment_id = $1")
            .bind(employment)
            .bind(to_time_date(paid_on))
            .execute(&mut *tx)
            .await?;
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

pub async fn exit(id: i64, reason: &str) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let reason = text("motif", reason, 2, 200, "le motif de la sortie")?;
    let to = next(&person, Transition::Exit)?;
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "exit",
        "Fin de l'accompagnement".to_string(),
        reason.clone(),
    );
    let audit = audit(
        &staff,
        &person,
        "record_exit",
        json!({ "before": person.status, "after": to.code(), "reason": reason }),
    );
    transaction!(&state()?.db, |tx| {
        sqlx::query("UPDATE beneficiary SET status = $2, status_since = $3, exit_reason = $4, updated_at = $5 WHERE beneficiary_id = $1")
            .bind(id)
            .bind(to.code())
            .bind(to_time_date(today()))
            .bind(&reason)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

pub async fn reopen(id: i64) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::RecordPathway).await?;
    let to = next(&person, Transition::Reenter)?;
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "reentered",
        "Nouvelle entrée au RSA : le parcours recommence".to_string(),
        String::new(),
    );
    let audit = audit(
        &staff,
        &person,
        "reopen",
        json!({ "before": person.status, "after": to.code() }),
    );
    transaction!(&state()?.db, |tx| {
        // A new entry: the delays start again and a new orientation is needed.
        sqlx::query(
            "UPDATE beneficiary SET status = $2, status_since = $3, rsa_opened_on = $3, oriented_on = NULL, orientation = NULL, \
             referent_org = NULL, referent_name = NULL, referent_contact = NULL, contract_signed_on = NULL, \
             contract_review_on = NULL, contract_weekly_hours = NULL, exit_reason = NULL, updated_at = $4 \
             WHERE beneficiary_id = $1",
        )
        .bind(id)
        .bind(to.code())
        .bind(to_time_date(today()))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

pub async fn note(id: i64, body: &str) -> Result<(), AppError> {
    let (staff, person) = staff_on(id, Permission::AnswerInbox).await?;
    let body = text("texte", body, 2, 2000, "le texte de la note")?;
    let now = now();
    let mut ev = event(
        &person,
        Some(&staff),
        "note",
        format!("Note de {}", staff.full_name),
        body,
    );
    ev.visible = false;
    let audit = audit(&staff, &person, "add_note", json!({}));
    transaction!(&state()?.db, |tx| {
        insert_event!(&mut *tx, ev)?;
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(())
}

/// Answers a message; returns the person's id.
pub async fn answer(message: i64, body: &str) -> Result<i64, AppError> {
    let staff = require_staff(Permission::AnswerInbox).await?;
    let db = state()?.db;
    let owner: Option<(i64, Option<OffsetDateTime>)> = with_pool!(&db, |pool| sqlx::query_as(
        "SELECT beneficiary_id, answered_at FROM inbox_message WHERE message_id = $1"
    )
    .bind(message)
    .fetch_optional(pool)
    .await)
    .map_err(DbError::from)?;
    let (id, answered) = owner.ok_or(AppError::NotFound)?;
    let person = db.person_core(id).await?.ok_or(AppError::NotFound)?;
    staff.check_unit(Permission::AnswerInbox, &person.unit_code)?;
    if answered.is_some() {
        return Err(AppError::Refused {
            message: "Ce message a déjà reçu une réponse.".to_string(),
        });
    }
    let body = text("reponse", body, 2, 2000, "votre réponse")?;
    let now = now();
    let ev = event(
        &person,
        Some(&staff),
        "answer",
        "Réponse du Département à votre message".to_string(),
        body.clone(),
    );
    let msg = person.message(
        "Département de la Seine-Maritime : vous avez reçu une réponse à votre message. Lisez-la sur Passerelle (Mon parcours).".to_string(),
        "Réponse à votre message",
        format!("Bonjour {},\n\nVous avez reçu une réponse à votre message :\n\n{body}\n\nDépartement de la Seine-Maritime — 02 76 51 63 40", person.first_name),
    );
    let audit = audit(
        &staff,
        &person,
        "answer_message",
        json!({ "message": message }),
    );
    transaction!(&db, |tx| {
        sqlx::query("UPDATE inbox_message SET answer = $2, answered_at = $3, answered_by = $4 WHERE message_id = $1 AND answered_at IS NULL")
            .bind(message)
            .bind(&body)
            .bind(now)
            .bind(staff.staff_id)
            .execute(&mut *tx)
            .await?;
        insert_event!(&mut *tx, ev)?;
        if let Some(m) = &msg {
            insert_outbox!(&mut *tx, *m, now)?;
        }
        insert_audit!(&mut *tx, audit, now)?;
    })?;
    Ok(id)
}

// ----- queries ----------------------------------------------------------------------------------

#[derive(sqlx::FromRow)]
struct ViewRow {
    beneficiary_id: i64,
    file_number: String,
    first_name: String,
    last_name: String,
    birth_date: time::Date,
    phone: Option<String>,
    email: Option<String>,
    commune: String,
    unit_code: String,
    unit_name: String,
    rsa_opened_on: time::Date,
    household: String,
    status: String,
    status_since: Option<time::Date>,
    oriented_on: Option<time::Date>,
    orientation: Option<String>,
    referent_org: Option<String>,
    referent_name: Option<String>,
    referent_contact: Option<String>,
    contract_signed_on: Option<time::Date>,
    contract_review_on: Option<time::Date>,
    contract_weekly_hours: Option<i64>,
    exit_reason: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AppointmentRow {
    appointment_id: i64,
    purpose: String,
    starts_at: OffsetDateTime,
    place: String,
    officer_name: String,
    status: String,
}

#[derive(sqlx::FromRow)]
struct EmploymentRow {
    employment_id: i64,
    employer: String,
    sector: String,
    start_on: time::Date,
    contract: Option<String>,
    hours_per_week: Option<i64>,
    scheme_code: Option<String>,
    scheme_version: Option<i64>,
    scheme_months: i64,
    bonus_cents: i64,
    bonus_paid_on: Option<time::Date>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    occurred_on: time::Date,
    kind: String,
    title: String,
    detail: String,
    visible_to_beneficiary: bool,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    message_id: i64,
    beneficiary_id: i64,
    first_name: String,
    last_name: String,
    kind: String,
    body: String,
    created_at: OffsetDateTime,
    answer: Option<String>,
    answered_at: Option<OffsetDateTime>,
}

impl From<InboxRow> for InboxView {
    fn from(r: InboxRow) -> Self {
        InboxView {
            id: r.message_id,
            beneficiary_id: r.beneficiary_id,
            person_name: format!("{} {}", r.first_name, r.last_name),
            kind: r.kind,
            body: r.body,
            sent_label: format_timestamp_fr(r.created_at),
            answer: r.answer,
            answered_label: r.answered_at.map(format_timestamp_fr),
        }
    }
}

#[derive(sqlx::FromRow)]
struct PersonRowDb {
    beneficiary_id: i64,
    file_number: String,
    first_name: String,
    last_name: String,
    commune: String,
    status: String,
    rsa_opened_on: time::Date,
    oriented_on: Option<time::Date>,
}

impl PersonRowDb {
    fn into_row(self, today: Date) -> PersonRow {
        let entry = from_time_date(self.rsa_opened_on);
        PersonRow {
            id: self.beneficiary_id,
            file_number: self.file_number,
            name: format!("{} {}", self.last_name.to_uppercase(), self.first_name),
            commune: self.commune,
            status: PathwayStatus::from_code(&self.status).unwrap_or(PathwayStatus::Entered),
            rsa_opened_on: entry,
            delays: Delays::compute(entry, self.oriented_on.map(from_time_date), today),
        }
    }
}

const PERSON_COLUMNS: &str = "beneficiary_id, file_number, first_name, last_name, commune, status, rsa_opened_on, oriented_on";

fn pages(total: i64) -> u32 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32
}

impl Db {
    pub async fn person_core(&self, id: i64) -> Result<Option<PersonCore>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, unit_code, status, first_name, phone, email FROM beneficiary WHERE beneficiary_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// An appointment of `beneficiary` as an iCalendar file; `None` if it is not theirs.
    pub async fn appointment_ics(
        &self,
        beneficiary: i64,
        id: i64,
    ) -> Result<Option<String>, DbError> {
        const SQL: &str = "SELECT purpose, starts_at, place, officer_name FROM appointment \
                           WHERE appointment_id = $1 AND beneficiary_id = $2";
        let row: Option<(String, OffsetDateTime, String, String)> =
            with_pool!(self, |pool| sqlx::query_as(SQL)
                .bind(id)
                .bind(beneficiary)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|(purpose, starts_at, place, officer)| {
            super::ics::appointment(
                id,
                purpose_label(&purpose),
                starts_at,
                &place,
                &format!(
                    "Département de la Seine-Maritime. Vous serez reçu(e) par {officer}. Apportez une pièce d'identité et votre numéro allocataire. Si vous ne pouvez pas venir, prévenez-nous au 02 76 51 63 40."
                ),
                now(),
            )
        }))
    }

    /// The earliest planned orientation appointment of a person.
    pub async fn planned_orientation_appointment(&self, id: i64) -> Result<Option<i64>, DbError> {
        const SQL: &str = "SELECT appointment_id FROM appointment WHERE beneficiary_id = $1 \
                           AND purpose = 'orientation' AND status = 'planned' ORDER BY starts_at LIMIT 1";
        Ok(with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// (owner, status, (purpose, starts_at)) of an appointment.
    pub async fn appointment_of(
        &self,
        id: i64,
    ) -> Result<Option<(i64, String, (String, OffsetDateTime))>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, status, purpose, starts_at FROM appointment WHERE appointment_id = $1";
        let row: Option<(i64, String, String, OffsetDateTime)> =
            with_pool!(self, |pool| sqlx::query_as(SQL)
                .bind(id)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|(b, s, p, t)| (b, s, (p, t))))
    }

    /// The whole pathway of a person; `for_staff` adds internal notes and past appointments.
    pub async fn pathway_view(
        &self,
        id: i64,
        for_staff: bool,
    ) -> Result<Option<PathwayView>, DbError> {
        const SQL: &str = "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, b.birth_date, b.phone, b.email, \
             b.commune, b.unit_code, u.name AS unit_name, b.rsa_opened_on, b.household, b.status, b.status_since, b.oriented_on, \
             b.orientation, b.referent_org, b.referent_name, b.referent_contact, b.contract_signed_on, b.contract_review_on, \
             b.contract_weekly_hours, b.exit_reason \
             FROM beneficiary b JOIN territorial_unit u ON u.code = b.unit_code WHERE b.beneficiary_id = $1";
        const APPOINTMENTS: &str = "SELECT appointment_id, purpose, starts_at, place, officer_name, status FROM appointment \
             WHERE beneficiary_id = $1 ORDER BY starts_at DESC LIMIT 50";
        const EMPLOYMENT: &str = "SELECT employment_id, employer, sector, start_on, contract, hours_per_week, scheme_code, \
             scheme_version, scheme_months, bonus_cents, bonus_paid_on FROM employment WHERE beneficiary_id = $1 ORDER BY start_on DESC LIMIT 1";
        const EVENTS: &str = "SELECT occurred_on, kind, title, detail, visible_to_beneficiary FROM pathway_event \
             WHERE beneficiary_id = $1 AND (visible_to_beneficiary = TRUE OR $2) ORDER BY occurred_on DESC, event_id DESC LIMIT 200";
        const INBOX: &str = "SELECT m.message_id, m.beneficiary_id, b.first_name, b.last_name, m.kind, m.body, m.created_at, \
             m.answer, m.answered_at FROM inbox_message m JOIN beneficiary b ON b.beneficiary_id = m.beneficiary_id \
             WHERE m.beneficiary_id = $1 ORDER BY m.created_at DESC LIMIT 50";
        let (row, appointments, employment, events, inbox) = with_pool!(self, |pool| {
            async {
                let row: Option<ViewRow> =
                    sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?;
                let appointments: Vec<AppointmentRow> = sqlx::query_as(APPOINTMENTS)
                    .bind(id)
                    .fetch_all(pool)
                    .await?;
                let employment: Option<EmploymentRow> = sqlx::query_as(EMPLOYMENT)
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
                let events: Vec<EventRow> = sqlx::query_as(EVENTS)
                    .bind(id)
                    .bind(for_staff)
                    .fetch_all(pool)
                    .await?;
                let inbox: Vec<InboxRow> = sqlx::query_as(INBOX).bind(id).fetch_all(pool).await?;
                Ok::<_, sqlx::Error>((row, appointments, employment, events, inbox))
            }
            .await
        })?;
        let Some(r) = row else { return Ok(None) };
        let today = today();
        let now = now();
        let appointments: Vec<AppointmentView> = appointments
            .into_iter()
            .map(|a| AppointmentView {
                id: a.appointment_id,
                purpose_label: purpose_label(&a.purpose).to_string(),
                purpose: a.purpose,
                date: from_time_date(paris(a.starts_at).date()),
                when_label: when_label(a.starts_at),
                place: a.place,
                officer: a.officer_name,
                status: AppointmentStatus::from_code(&a.status)
                    .unwrap_or(AppointmentStatus::Planned),
                upcoming: a.starts_at >= now,
            })
            .collect();
        let next_appointment = appointments
            .iter()
            .filter(|a| a.upcoming && a.status == AppointmentStatus::Planned)
            .min_by_key(|a| a.date)
            .cloned();
        let versions = if employment.is_some() {
            self.scheme_versions().await?
        } else {
            Vec::new()
        };
        let employment = employment.map(|e| {
            let start = from_time_date(e.start_on);
            // The version applied when the job was recorded.
            let scheme_def = versions.iter().find(|v| {
                Some(&v.code) == e.scheme_code.as_ref()
                    && Some(i64::from(v.version)) == e.scheme_version
            });
            let scheme = e.scheme_code.as_ref().map(|_| {
                let elapsed = i64::from(today.month().months_since(start.month()));
                SchemeProgress {
                    scheme_name: scheme_def.map(|s| s.name_fr.clone()).unwrap_or_default(),
                    months_total: e.scheme_months,
                    months_left: (e.scheme_months - elapsed.max(0)).clamp(0, e.scheme_months),
                    bonus: Cents(e.bonus_cents),
                    bonus_paid_on: e.bonus_paid_on.map(from_time_date),
                }
            });
            EmploymentView {
                id: e.employment_id,
                employer: e.employer,
                sector_label: sector_label(&versions, &e.sector),
                start_on: start,
                contract_label: e.contract.as_deref().map(|c| {
                    match c {
                        "cdi" => "CDI",
                        "cdd" => "CDD",
                        "interim" => "Intérim",
                        _ => "Autre contrat",
                    }
                    .to_string()
                }),
                hours_per_week: e.hours_per_week,
                scheme,
            }
        });
        let entry = from_time_date(r.rsa_opened_on);
        let oriented_on = r.oriented_on.map(from_time_date);
        Ok(Some(PathwayView {
            beneficiary_id: r.beneficiary_id,
            file_number: r.file_number,
            first_name: r.first_name,
            last_name: r.last_name,
            birth_date: from_time_date(r.birth_date),
            phone: r.phone,
            email: r.email,
            commune: r.commune,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            rsa_opened_on: entry,
            household: serde_json::from_str(&r.household).unwrap_or_default(),
            status: PathwayStatus::from_code(&r.status).unwrap_or(PathwayStatus::Entered),
            status_since: r.status_since.map(from_time_date),
            delays: Delays::compute(entry, oriented_on, today),
            orientation: r.orientation.as_deref().and_then(Orientation::from_code),
            oriented_on,
            referent: r
                .referent_org
                .as_deref()
                .and_then(ReferentOrganisation::from_code)
                .map(|organisation| ReferentView {
                    organisation,
                    name: r.referent_name,
                    contact: r.referent_contact,
                }),
            contract: r.contract_signed_on.map(|d| ContractView {
                signed_on: from_time_date(d),
                review_on: r.contract_review_on.map(from_time_date),
                weekly_hours: r.contract_weekly_hours,
            }),
            next_appointment,
            appointments: if for_staff {
                appointments
            } else {
                appointments.into_iter().filter(|a| a.upcoming).collect()
            },
            employment,
            timeline: events
                .into_iter()
                .map(|e| TimelineEntry {
                    date: from_time_date(e.occurred_on),
                    kind: e.kind,
                    title: e.title,
                    detail: e.detail,
                    internal: !e.visible_to_beneficiary,
                })
                .collect(),
            inbox: inbox.into_iter().map(Into::into).collect(),
            exit_reason: r.exit_reason,
        }))
    }

    /// People whose search key contains `key`, within the scope, by name, one page.
    pub async fn search_people(
        &self,
        scope: &StaffScope,
        key: &str,
        page: u32,
    ) -> Result<PersonPage, DbError> {
        let pattern: String = key
            .chars()
            .filter(|c| *c != '%' && *c != '_' && *c != '\\')
            .collect();
        let offset = i64::from(page - 1) * PAGE_SIZE;
        let unit = scope.unit_filter().map(str::to_string);
        let filter = if unit.is_some() {
            "unit_code = $2 AND"
        } else {
            "($2 = $2) AND"
        };
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM beneficiary WHERE {filter} search_key LIKE '%' || $1 || '%' \
             ORDER BY last_name, first_name, beneficiary_id LIMIT $3 OFFSET $4"
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM beneficiary WHERE {filter} search_key LIKE '%' || $1 || '%'"
        );
        let unit_bind = unit.unwrap_or_default();
        let (rows, total): (Vec<PersonRowDb>, i64) = with_pool!(self, |pool| {
            async {
                let rows = sqlx::query_as(&sql)
                    .bind(&pattern)
                    .bind(&unit_bind)
                    .bind(PAGE_SIZE)
                    .bind(offset)
                    .fetch_all(pool)
                    .await?;
                let total = sqlx::query_scalar(&count_sql)
                    .bind(&pattern)
                    .bind(&unit_bind)
                    .fetch_one(pool)
                    .await?;
                Ok::<_, sqlx::Error>((rows, total))
            }
            .await
        })?;
        let today = today();
        Ok(PersonPage {
            rows: rows.into_iter().map(|r| r.into_row(today)).collect(),
            page,
            pages: pages(total),
            total,
        })
    }

    /// People awaiting orientation, longest wait first.
    pub async fn worklist(&self, scope: &StaffScope, page: u32) -> Result<PersonPage, DbError> {
        let offset = i64::from(page - 1) * PAGE_SIZE;
        let unit = scope.unit_filter().map(str::to_string);
        let filter = if unit.is_some() {
            "unit_code = $1 AND"
        } else {
            "($1 = $1) AND"
        };
        let waiting = "status IN ('entered', 'invited', 'appointment_planned', 'appointment_missed', 'interview_held')";
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM beneficiary WHERE {filter} {waiting} \
             ORDER BY rsa_opened_on, beneficiary_id LIMIT $2 OFFSET $3"
        );
        let count_sql = format!("SELECT COUNT(*) FROM beneficiary WHERE {filter} {waiting}");
        let unit_bind = unit.unwrap_or_default();
        let (rows, total): (Vec<PersonRowDb>, i64) = with_pool!(self, |pool| {
            async {
                let rows = sqlx::query_as(&sql)
                    .bind(&unit_bind)
                    .bind(PAGE_SIZE)
                    .bind(offset)
                    .fetch_all(pool)
                    .await?;
                let total = sqlx::query_scalar(&count_sql)
                    .bind(&unit_bind)
                    .fetch_one(pool)
                    .await?;
                Ok::<_, sqlx::Error>((rows, total))
            }
            .await
        })?;
        let today = today();
        Ok(PersonPage {
            rows: rows.into_iter().map(|r| r.into_row(today)).collect(),
            page,
            pages: pages(total),
            total,
        })
    }

    /// Unanswered messages, oldest first.
    pub async fn open_inbox(&self, scope: &StaffScope) -> Result<Vec<InboxView>, DbError> {
        let unit = scope.unit_filter().map(str::to_string);
        let filter = if unit.is_some() {
            "b.unit_code = $1"
        } else {
            "($1 = $1)"
        };
        let sql = format!(
            "SELECT m.message_id, m.beneficiary_id, b.first_name, b.last_name, m.kind, m.body, m.created_at, m.answer, \
             m.answered_at FROM inbox_message m JOIN beneficiary b ON b.beneficiary_id = m.beneficiary_id \
             WHERE {filter} AND m.answered_at IS NULL ORDER BY m.created_at LIMIT 100"
        );
        let unit_bind = unit.unwrap_or_default();
        let rows: Vec<InboxRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(&unit_bind)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_wall_clock_to_utc() {
        // Winter: UTC+1.
        assert_eq!(paris_to_utc(Date::ymd(2026, 12, 15), 14, 30).hour(), 13);
        // Summer: UTC+2.
        assert_eq!(paris_to_utc(Date::ymd(2026, 7, 15), 14, 30).hour(), 12);
        assert_eq!(
            when_label(paris_to_utc(Date::ymd(2026, 12, 15), 14, 30)),
            "mardi 15 décembre 2026 à 14 h 30"
        );
        assert_eq!(
            when_label(paris_to_utc(Date::ymd(2026, 12, 1), 9, 0)),
            "mardi 1er décembre 2026 à 9 h"
        );
    }

    #[test]
    fn times_and_dates_as_staff_type_them() {
        assert_eq!(parse_time("heure", "14:30").unwrap(), (14, 30));
        assert_eq!(parse_time("heure", "9h").unwrap(), (9, 0));
        assert_eq!(parse_time("heure", "9 h 15").unwrap(), (9, 15));
        assert!(parse_time("heure", "25:00").is_err());
        assert_eq!(
            parse_date("d", "15/12/2026", true).unwrap(),
            Some(Date::ymd(2026, 12, 15))
        );
        assert_eq!(parse_date("d", "", false).unwrap(), None);
        assert!(parse_date("d", "", true).is_err());
    }
}

/// One line of the managers' CSV export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub beneficiary_id: i64,
    pub file_number: String,
    pub last_name: String,
    pub first_name: String,
    pub commune: String,
    pub unit_code: String,
    pub rsa_opened_on: time::Date,
    pub status: String,
    pub oriented_on: Option<time::Date>,
    pub orientation: Option<String>,
    pub referent_org: Option<String>,
    pub contract_signed_on: Option<time::Date>,
}

/// Filters of the export.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Only this unit (`None`: every unit).
    pub unit: Option<String>,
    /// A status code, or `a_orienter` for every status awaiting orientation.
    pub status: Option<String>,
    /// Entry into the RSA from this date…
    pub from: Option<Date>,
    /// …to this one, included.
    pub to: Option<Date>,
}

impl Db {
    /// One page of the export, after `after` (keyset pagination: constant cost per page).
    pub async fn export_page(
        &self,
        f: &ExportFilter,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ExportRow>, DbError> {
        let mut sql = String::from(
            "SELECT beneficiary_id, file_number, last_name, first_name, commune, unit_code, rsa_opened_on, status, oriented_on, \
             orientation, referent_org, contract_signed_on FROM beneficiary WHERE beneficiary_id > $1",
        );
        // Every filter is bound; an absent one compares a column with itself.
        sql.push_str(if f.unit.is_some() {
            " AND unit_code = $2"
        } else {
            " AND ($2 = $2)"
        });
        match f.status.as_deref() {
            Some("a_orienter") => sql.push_str(
                " AND ($3 = $3) AND status IN ('entered', 'invited', 'appointment_planned', 'appointment_missed', 'interview_held')",
            ),
            Some(_) => sql.push_str(" AND status = $3"),
            None => sql.push_str(" AND ($3 = $3)"),
        }
        sql.push_str(if f.from.is_some() {
            " AND rsa_opened_on >= $4"
        } else {
            " AND ($4 = $4)"
        });
        sql.push_str(if f.to.is_some() {
            " AND rsa_opened_on <= $5"
        } else {
            " AND ($5 = $5)"
        });
        sql.push_str(" ORDER BY beneficiary_id LIMIT $6");
        let unit = f.unit.clone().unwrap_or_default();
        let status = f.status.clone().unwrap_or_default();
        let from = to_time_date(f.from.unwrap_or(Date::ymd(1900, 1, 1)));
        let to = to_time_date(f.to.unwrap_or(Date::ymd(2199, 12, 31)));
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(after)
            .bind(&unit)
            .bind(&status)
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }
}
