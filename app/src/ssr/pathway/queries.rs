//! Reading pathways: a person's whole pathway (for them, or for staff), the staff lists (search,
//! worklist "à orienter"), the inbox, and the small lookups the commands need.
use passerelle::access::{Permission, StaffScope};
use passerelle::obligations;
use passerelle::pathway::{
    self, AppointmentStatus, Delays, Orientation, PathwayStatus, ReferentOrganisation,
};
use passerelle::{Cents, ContractType, Date};
use serde_json::json;
use time::OffsetDateTime;

use super::super::audit::AuditEntry;
use super::super::auth::{require_staff, state};
use super::super::clock::now;
use super::super::db::{Db, DbError};
use super::super::{format_timestamp_fr, from_time_date, paris, to_time_date};
use super::commands::PersonCore;
use super::messages::{
    calendar_description, purpose_label, sector_label, when_label, when_label_in,
};
use super::today;
use crate::error::AppError;
use crate::lang::{Lang, labels, text, text_with};
use crate::pathway::*;
use crate::with_pool;

/// Whether this request is a navigation from another site (`Sec-Fetch-Site: cross-site`).
fn from_another_site() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get("sec-fetch-site")
            .is_some_and(|v| v.as_bytes() == b"cross-site")
    })
}

/// A person's file for staff; opening it is audited.
pub async fn staff_file(id: i64) -> Result<StaffFile, AppError> {
    let staff = require_staff(Permission::ReadFiles).await?;
    if from_another_site() {
        tracing::warn!("file opened from another site: confirmation asked");
        return Err(AppError::Refused {
            message: crate::pathway::CROSS_SITE_FILE.to_string(),
        });
    }
    let state = state()?;
    let db = state.db.clone();
    let person = db.person_core(id).await?.ok_or(AppError::NotFound)?;
    staff.check_unit(Permission::ReadFiles, &person.unit_code)?;
    let view = db
        .pathway_view(id, true, Lang::Fr)
        .await?
        .ok_or(AppError::NotFound)?;
    state
        .consulted(
            AuditEntry::new(
                super::super::audit::Actor::Staff(staff.staff_id),
                "view_file",
            )
            .beneficiary(id, &person.unit_code)
            .target("beneficiary", id)
            .detail(json!({})),
        )
        .await?;
    let role = staff.role();
    let age = view.birth_date.age_on(today());
    let locked = db.sign_in_locked_at(id).await?;
    let (sent, planned) = db.messages_of(id, Lang::Fr).await?;
    // Only channels the person has: a refusal of SMS without a phone number says nothing.
    let refused_channels = [
        (person.sms_opt_out && person.phone.is_some(), "SMS"),
        (person.email_opt_out && person.email.is_some(), "e-mail"),
    ]
    .into_iter()
    .filter(|(refused, _)| *refused)
    .map(|(_, c)| c.to_string())
    .collect();
    Ok(StaffFile {
        sent,
        planned,
        refused_channels,
        allowed: pathway::allowed(view.status),
        may_record: role.allows(Permission::RecordPathway),
        may_answer: role.allows(Permission::AnswerInbox),
        sign_in_locked_since: locked.map(format_timestamp_fr),
        may_unlock: role.allows(Permission::UnlockAccess),
        simulator_url: view.household.simulator_url(age),
        // Read before the view: a change in between makes the page's forms ask for a reload
        // (the safe side), never accept a step judged on an older page.
        version: person.version,
        sanction_steps: if role.allows(Permission::RecordPathway) {
            let open = db.open_procedure(id).await?;
            let procedure = open.as_ref().map(|r| r.procedure()).transpose()?;
            super::sanctions::possible_steps(
                procedure.as_ref(),
                today(),
                role.allows(Permission::DecideSanction),
            )
        } else {
            Vec::new()
        },
        may_decide: role.allows(Permission::DecideSanction),
        view,
    })
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
    sms_opt_out: bool,
    email_opt_out: bool,
    message_lang: String,
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
    contract_plan: Option<String>,
    contract_commitments: Option<String>,
    caf_information_on: Option<time::Date>,
    exit_reason: Option<String>,
    appointments_json: String,
    employment_json: Option<String>,
    events_json: String,
    inbox_json: String,
}

/// The columns of the person, then their appointments (50 newest), job (the latest), timeline
/// (200 newest; staff also see internal notes when `$2`) and messages (50 newest) as JSON arrays of
/// positional arrays, read by [`json_rows`] into the structs below.
macro_rules! pathway_columns {
    () => {
        "b.beneficiary_id, b.file_number, b.first_name, b.last_name, b.birth_date, b.phone, b.email, \
     b.sms_opt_out, b.email_opt_out, b.message_lang, \
     b.commune, b.unit_code, u.name AS unit_name, b.rsa_opened_on, b.household, b.status, b.status_since, b.oriented_on, \
     b.orientation, b.referent_org, b.referent_name, b.referent_contact, b.contract_signed_on, b.contract_review_on, \
     b.contract_weekly_hours, b.contract_plan, b.contract_commitments, b.caf_information_on, b.exit_reason"
    };
}

const PATHWAY_SQLITE: &str = concat!(
    "SELECT ",
    pathway_columns!(),
    ", (SELECT json_group_array(json_array(appointment_id, purpose, starts_at, place, officer_name, status)) FROM \
       (SELECT * FROM appointment WHERE beneficiary_id = $1 ORDER BY starts_at DESC LIMIT 50)) AS appointments_json, \
     (SELECT json_array(employment_id, employer, sector, start_on, contract, hours_per_week, scheme_code, scheme_version, \
       scheme_months, bonus_cents, bonus_paid_on) FROM employment WHERE beneficiary_id = $1 ORDER BY start_on DESC LIMIT 1) \
       AS employment_json, \
     (SELECT json_group_array(json_array(occurred_on, kind, title, detail, visible_to_beneficiary, data)) FROM \
       (SELECT * FROM pathway_event WHERE beneficiary_id = $1 AND (visible_to_beneficiary = TRUE OR $2) \
        ORDER BY occurred_on DESC, event_id DESC LIMIT 200)) AS events_json, \
     (SELECT json_group_array(json_array(message_id, kind, body, created_at, answer, answered_at)) FROM \
       (SELECT * FROM inbox_message WHERE beneficiary_id = $1 ORDER BY created_at DESC LIMIT 50)) AS inbox_json \
     FROM beneficiary b JOIN territorial_unit u ON u.code = b.unit_code WHERE b.beneficiary_id = $1"
);

const PATHWAY_POSTGRES: &str = concat!(
    "SELECT ",
    pathway_columns!(),
    ", (SELECT COALESCE(json_agg(json_build_array(appointment_id, purpose, starts_at, place, officer_name, status) \
        ORDER BY starts_at DESC), '[]'::json)::text FROM \
       (SELECT * FROM appointment WHERE beneficiary_id = $1 ORDER BY starts_at DESC LIMIT 50) a) AS appointments_json, \
     (SELECT json_build_array(employment_id, employer, sector, start_on, contract, hours_per_week, scheme_code, \
       scheme_version, scheme_months, bonus_cents, bonus_paid_on)::text FROM employment WHERE beneficiary_id = $1 \
       ORDER BY start_on DESC LIMIT 1) AS employment_json, \
     (SELECT COALESCE(json_agg(json_build_array(occurred_on, kind, title, detail, visible_to_beneficiary, data) \
        ORDER BY occurred_on DESC, event_id DESC), '[]'::json)::text FROM \
       (SELECT * FROM pathway_event WHERE beneficiary_id = $1 AND (visible_to_beneficiary = TRUE OR $2) \
        ORDER BY occurred_on DESC, event_id DESC LIMIT 200) e) AS events_json, \
     (SELECT COALESCE(json_agg(json_build_array(message_id, kind, body, created_at, answer, answered_at) \
        ORDER BY created_at DESC), '[]'::json)::text FROM \
       (SELECT * FROM inbox_message WHERE beneficiary_id = $1 ORDER BY created_at DESC LIMIT 50) m) AS inbox_json \
     FROM beneficiary b JOIN territorial_unit u ON u.code = b.unit_code WHERE b.beneficiary_id = $1"
);

/// A timestamp as either engine writes it in JSON ("2026-11-29T12:00:00Z", "…+00:00").
fn stamp(s: &str) -> Result<OffsetDateTime, DbError> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| DbError::Decode(format!("timestamp {s:?}: {e}")))
}

/// A date as either engine writes it in JSON ("2026-11-29").
fn day(s: &str) -> Result<time::Date, DbError> {
    s.parse::<Date>()
        .map(to_time_date)
        .map_err(|_| DbError::Decode(format!("date {s:?}")))
}

/// SQLite writes booleans as 0 and 1, PostgreSQL as false and true.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Flag {
    Bool(bool),
    Int(i64),
}

impl Flag {
    fn get(&self) -> bool {
        match self {
            Flag::Bool(b) => *b,
            Flag::Int(i) => *i != 0,
        }
    }
}

/// A struct read from one positional JSON array.
trait FromJsonArray: Sized {
    type Raw: serde::de::DeserializeOwned;
    fn from_raw(raw: Self::Raw) -> Result<Self, DbError>;
}

fn json_rows<T: FromJsonArray>(json: &str) -> Result<Vec<T>, DbError> {
    let raws: Vec<T::Raw> =
        serde_json::from_str(json).map_err(|e| DbError::Decode(format!("{e}: {json}")))?;
    raws.into_iter().map(T::from_raw).collect()
}

fn json_row<T: FromJsonArray>(json: &str) -> Result<T, DbError> {
    let raw: T::Raw =
        serde_json::from_str(json).map_err(|e| DbError::Decode(format!("{e}: {json}")))?;
    T::from_raw(raw)
}

struct AppointmentRow {
    appointment_id: i64,
    purpose: String,
    starts_at: OffsetDateTime,
    place: String,
    officer_name: String,
    status: String,
}

impl FromJsonArray for AppointmentRow {
    type Raw = (i64, String, String, String, String, String);
    fn from_raw(
        (id, purpose, starts_at, place, officer, status): Self::Raw,
    ) -> Result<Self, DbError> {
        Ok(AppointmentRow {
            appointment_id: id,
            purpose,
            starts_at: stamp(&starts_at)?,
            place,
            officer_name: officer,
            status,
        })
    }
}

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

impl FromJsonArray for EmploymentRow {
    #[allow(clippy::type_complexity)]
    type Raw = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<i64>,
        Option<String>,
        Option<i64>,
        i64,
        i64,
        Option<String>,
    );
    fn from_raw(r: Self::Raw) -> Result<Self, DbError> {
        Ok(EmploymentRow {
            employment_id: r.0,
            employer: r.1,
            sector: r.2,
            start_on: day(&r.3)?,
            contract: r.4,
            hours_per_week: r.5,
            scheme_code: r.6,
            scheme_version: r.7,
            scheme_months: r.8,
            bonus_cents: r.9,
            bonus_paid_on: r.10.as_deref().map(day).transpose()?,
        })
    }
}

struct EventRow {
    occurred_on: time::Date,
    kind: String,
    title: String,
    detail: String,
    visible_to_beneficiary: bool,
    /// What the entry says as values (JSON text), when it was written with them.
    data: Option<String>,
}

impl FromJsonArray for EventRow {
    type Raw = (String, String, String, String, Flag, Option<String>);
    fn from_raw((on, kind, title, detail, visible, data): Self::Raw) -> Result<Self, DbError> {
        Ok(EventRow {
            occurred_on: day(&on)?,
            kind,
            title,
            detail,
            visible_to_beneficiary: visible.get(),
            data,
        })
    }
}

/// A timeline entry worded in `lang` from its values: its title, and its detail when the detail
/// is not free text (`None`: the detail is shown as written). `None` when the entry has no
/// values (written before translations, or a note): it is shown in French as written.
/// `text` isolated for a right-to-left page (first strong isolate … pop directional isolate);
/// unchanged for left-to-right languages.
pub fn isolate(lang: Lang, text: String) -> String {
    if lang == Lang::Ar {
        format!("\u{2068}{text}\u{2069}")
    } else {
        text
    }
}

fn timeline_text(
    kind: &str,
    data: &serde_json::Value,
    lang: Lang,
) -> Option<(String, Option<String>)> {
    let key = |k: &str| format!("pathway.tl_{k}");
    // Entries that say nothing but their kind need no values (imported entries have none).
    if matches!(
        kind,
        "entered"
            | "invited"
            | "exit"
            | "reentered"
            | "answer"
            | "question"
            | "cannot_attend"
            | "follow_up"
    ) {
        return Some((text(lang, &key(kind)), None));
    }
    if !data.is_object() {
        return None;
    }
    let s = |k: &str| data.get(k).and_then(|v| v.as_str()).map(str::to_string);
    // A stored value (a place, a name, a label typed by staff) inside a translated sentence:
    // isolated (Unicode FSI … PDI) so that an Arabic sentence keeps a French address in one
    // piece, in its own direction, instead of interleaving it with the Arabic words.
    let value = |k: &str| s(k).map(|v| isolate(lang, v));
    let date = |k: &str| {
        s(k).and_then(|d| d.parse::<Date>().ok())
            .map(|d| d.label(lang))
    };
    let number = |k: &str| data.get(k).and_then(|v| v.as_i64());
    let when = || {
        number("starts_at")
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
            .map(|t| when_label_in(t, lang))
    };
    let purpose = || {
        s("purpose")
            .and_then(|p| pathway::AppointmentPurpose::from_code(&p))
            .map(|p| labels::purpose(lang, p))
    };
    Some(match kind {
        "appointment_planned" => (
            text_with(
                lang,
                &key(kind),
                &[("purpose", purpose()?), ("when", when()?)],
            ),
            Some(text_with(
                lang,
                "pathway.tl_appointment_planned_detail",
                &[("place", value("place")?), ("officer", value("officer")?)],
            )),
        ),
        "appointment_outcome" => {
            let outcome = s("outcome").and_then(|o| AppointmentStatus::from_code(&o))?;
            let mut outcome = labels::outcome(lang, outcome);
            if lang != Lang::Ar {
                outcome = outcome.to_lowercase();
            }
            (
                text_with(
                    lang,
                    &key(kind),
                    &[
                        ("purpose", purpose()?),
                        ("when", when()?),
                        ("outcome", outcome),
                    ],
                ),
                Some(String::new()),
            )
        }
        "oriented" | "reoriented" => {
            let orientation = s("orientation").and_then(|o| Orientation::from_code(&o))?;
            let organisation =
                s("organisation").and_then(|o| ReferentOrganisation::from_code(&o))?;
            (
                text_with(
                    lang,
                    &key(kind),
                    &[
                        ("orientation", labels::orientation(lang, orientation)),
                        ("organisation", labels::organisation(lang, organisation)),
                    ],
                ),
                Some(
                    value("referent")
                        .map(|name| text_with(lang, "pathway.tl_referent", &[("name", name)]))
                        .unwrap_or_default(),
                ),
            )
        }
        "contract_signed" => {
            let mut detail = Vec::new();
            if let Some(d) = date("review_on") {
                detail.push(text_with(
                    lang,
                    "pathway.tl_contract_review",
                    &[("date", d)],
                ));
            }
            if let Some(h) = number("weekly_hours") {
                detail.push(crate::lang::plural_of(
                    lang,
                    &text(lang, "pathway.tl_contract_hours"),
                    "hours",
                    h.max(0) as u64,
                ));
            }
            (
                text_with(lang, &key(kind), &[("date", date("signed_on")?)]),
                Some(detail.join(" ")),
            )
        }
        "action" => {
            let action = s("action").and_then(|a| pathway::ActionKind::from_code(&a))?;
            let start = date("start_on")?;
            (
                text_with(
                    lang,
                    &key(kind),
                    &[
                        ("kind", labels::action(lang, action)),
                        ("label", value("label")?),
                    ],
                ),
                Some(text_with(
                    lang,
                    "pathway.tl_action_detail",
                    &[("date", start)],
                )),
            )
        }
        "return_to_work" => {
            let scheme = match (number("scheme_months"), number("bonus_cents")) {
                (Some(months), Some(bonus)) => text_with(
                    lang,
                    "pathway.tl_return_scheme",
                    &[
                        ("months", months.to_string()),
                        ("amount", Cents(bonus).format(lang)),
                    ],
                ),
                _ => String::new(),
            };
            (
                text_with(
                    lang,
                    &key(kind),
                    &[
                        ("date", date("start_on")?),
                        ("employer", value("employer")?),
                        (
                            "sector",
                            crate::lang::rules_label(
                                lang,
                                &format!("sector_{}", s("sector").unwrap_or_default()),
                                &s("sector_fr")?,
                            )
                            .0,
                        ),
                    ],
                ),
                Some(scheme),
            )
        }
        "bonus_paid" => (
            text_with(
                lang,
                &key(kind),
                &[
                    ("amount", Cents(number("bonus_cents")?).format(lang)),
                    ("date", date("paid_on")?),
                ],
            ),
            Some(String::new()),
        ),
        // The suspension procedure: the person's own words stay as written (None keeps them);
        // staff's free text is not repeated outside French (the card above says what matters).
        "sanction_notice" => (
            text(lang, &key(kind)),
            Some(match date("due") {
                Some(due) => text_with(lang, "obligations.due", &[("date", due)]),
                None => text(lang, "obligations.due_unknown"),
            }),
        ),
        "sanction_observations" | "sanction_hearing_asked" => (text(lang, &key(kind)), None),
        "sanction_referred" | "sanction_none" | "sanction_ended" => {
            (text(lang, &key(kind)), Some(String::new()))
        }
        "sanction_hearing" => (
            text_with(lang, &key(kind), &[("date", date("on")?)]),
            Some(String::new()),
        ),
        "sanction_decided" => (
            text(lang, &key(kind)),
            Some(text_with(
                lang,
                "pathway.tl_sanction_decided_detail",
                &[
                    (
                        "rate",
                        crate::components::pathway_view::rate_label(
                            passerelle::Rate::ppm(number("rate_ppm")?),
                            lang,
                        ),
                    ),
                    ("amount", Cents(number("per_month")?).format(lang)),
                    (
                        "month",
                        s("starts_on")?.parse::<Date>().ok()?.month().label(lang),
                    ),
                ],
            )),
        ),
        "sanction_lifted" => (
            text_with(lang, &key(kind), &[("date", date("on")?)]),
            Some(String::new()),
        ),
        _ => return None,
    })
}

/// A message of the person's, as read with their pathway (their name comes from the person row).
struct InboxJson {
    message_id: i64,
    kind: String,
    body: String,
    created_at: OffsetDateTime,
    answer: Option<String>,
    answered_at: Option<OffsetDateTime>,
}

impl FromJsonArray for InboxJson {
    type Raw = (i64, String, String, String, Option<String>, Option<String>);
    fn from_raw((id, kind, body, created, answer, answered): Self::Raw) -> Result<Self, DbError> {
        Ok(InboxJson {
            message_id: id,
            kind,
            body,
            created_at: stamp(&created)?,
            answer,
            answered_at: answered.as_deref().map(stamp).transpose()?,
        })
    }
}

impl InboxJson {
    fn with_person(self, beneficiary_id: i64, first_name: &str, last_name: &str) -> InboxRow {
        InboxRow {
            message_id: self.message_id,
            beneficiary_id,
            first_name: first_name.to_string(),
            last_name: last_name.to_string(),
            kind: self.kind,
            body: self.body,
            created_at: self.created_at,
            answer: self.answer,
            answered_at: self.answered_at,
        }
    }
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
        r.into_view(Lang::Fr)
    }
}

impl InboxRow {
    /// The message with its times as `lang` writes them.
    fn into_view(self, lang: Lang) -> InboxView {
        let r = self;
        let stamp = |t| super::super::format_timestamp_in(t, lang);
        InboxView {
            id: r.message_id,
            beneficiary_id: r.beneficiary_id,
            person_name: format!("{} {}", r.first_name, r.last_name),
            kind: r.kind,
            body: r.body,
            sent_label: stamp(r.created_at),
            answer: r.answer,
            answered_label: r.answered_at.map(stamp),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PersonRowDb {
    beneficiary_id: i64,
    file_number: String,
    first_name: String,
    last_name: String,
    commune: String,
    status: String,
    rsa_opened_on: time::Date,
    oriented_on: Option<time::Date>,
}

impl FromJsonArray for PersonRowDb {
    type Raw = (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
    );
    fn from_raw(r: Self::Raw) -> Result<Self, DbError> {
        Ok(PersonRowDb {
            beneficiary_id: r.0,
            file_number: r.1,
            first_name: r.2,
            last_name: r.3,
            commune: r.4,
            status: r.5,
            rsa_opened_on: day(&r.6)?,
            oriented_on: r.7.as_deref().map(day).transpose()?,
        })
    }
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
const PERSON_COLUMNS_B: &str = "b.beneficiary_id, b.file_number, b.first_name, b.last_name, b.commune, b.status, b.rsa_opened_on, b.oriented_on";

fn pages(total: i64) -> u32 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1) as u32
}

/// The staff member's unit as a condition on `column`, always bound as `$1` (every unit: a
/// condition that holds, so each query keeps one shape per engine), and the value to bind.
fn unit_condition(scope: &StaffScope, column: &str) -> (String, String) {
    match scope.unit_filter() {
        Some(unit) => (format!("{column} = $1"), unit.to_string()),
        None => ("($1 = $1)".to_string(), String::new()),
    }
}

impl Db {
    pub async fn person_core(&self, id: i64) -> Result<Option<PersonCore>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, unit_code, status, first_name, phone, email, sms_opt_out, email_opt_out, message_lang, version, \
                           rsa_opened_on, caf_information_on FROM beneficiary WHERE beneficiary_id = $1";
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
            super::super::ics::appointment(
                id,
                purpose_label(&purpose),
                starts_at,
                &place,
                &calendar_description(&officer),
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

    /// Since when the person's codes are replaced by links (after the day's ceiling of wrong
    /// codes), if they still are: it lapses after `LINKS_ONLY_HOURS`.
    pub async fn sign_in_locked_at(&self, id: i64) -> Result<Option<OffsetDateTime>, DbError> {
        let at: Option<Option<OffsetDateTime>> = with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT sign_in_locked_at FROM beneficiary WHERE beneficiary_id = $1"
        )
        .bind(id)
        .fetch_optional(pool)
        .await)?;
        let since = at.flatten();
        Ok(since.filter(|_| crate::ssr::sign_in::links_only(since, now())))
    }

    /// (owner, bonus in cents, paid on) of a job.
    pub async fn employment_bonus(
        &self,
        id: i64,
    ) -> Result<Option<(i64, i64, Option<time::Date>)>, DbError> {
        const SQL: &str = "SELECT beneficiary_id, bonus_cents, bonus_paid_on FROM employment WHERE employment_id = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(id)
            .fetch_optional(pool)
            .await)?)
    }

    /// (owner, answered) of a message from a beneficiary.
    pub async fn inbox_owner(&self, message: i64) -> Result<Option<(i64, bool)>, DbError> {
        const SQL: &str =
            "SELECT beneficiary_id, answered_at FROM inbox_message WHERE message_id = $1";
        let row: Option<(i64, Option<OffsetDateTime>)> =
            with_pool!(self, |pool| sqlx::query_as(SQL)
                .bind(message)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|(owner, at)| (owner, at.is_some())))
    }

    /// The whole pathway of a person; `for_staff` adds internal notes and past appointments.
    /// Labels, dates and the timeline are worded in `lang` (French for staff).
    pub async fn pathway_view(
        &self,
        id: i64,
        for_staff: bool,
        lang: Lang,
    ) -> Result<Option<PathwayView>, DbError> {
        // One statement, one row: the person, and their appointments, job, timeline and messages
        // as JSON arrays (each engine's own spelling). Every round trip and every row costs a
        // hop between threads for SQLite, a network exchange for PostgreSQL: the page is read
        // in one.
        let sql = match self {
            Db::Sqlite(_) => PATHWAY_SQLITE,
            Db::Postgres(_) => PATHWAY_POSTGRES,
        };
        let row: Option<ViewRow> = with_pool!(self, |pool| sqlx::query_as(sql)
            .bind(id)
            .bind(for_staff)
            .fetch_optional(pool)
            .await)?;
        let Some(r) = row else { return Ok(None) };
        let appointments: Vec<AppointmentRow> = json_rows(&r.appointments_json)?;
        let employment: Option<EmploymentRow> = match &r.employment_json {
            Some(j) => Some(json_row(j)?),
            None => None,
        };
        let events: Vec<EventRow> = json_rows(&r.events_json)?;
        let inbox: Vec<InboxRow> = json_rows::<InboxJson>(&r.inbox_json)?
            .into_iter()
            .map(|m| m.with_person(r.beneficiary_id, &r.first_name, &r.last_name))
            .collect();

        let today = today();
        let now = now();
        let appointments: Vec<AppointmentView> = appointments
            .into_iter()
            .map(|a| AppointmentView {
                id: a.appointment_id,
                purpose_label: labels::purpose(
                    lang,
                    pathway::AppointmentPurpose::from_code(&a.purpose)
                        .unwrap_or(pathway::AppointmentPurpose::Suivi),
                ),
                purpose: a.purpose,
                date: from_time_date(paris(a.starts_at).date()),
                when_label: when_label_in(a.starts_at, lang),
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
                    scheme_code: e.scheme_code.clone().unwrap_or_default(),
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
                sector: e.sector,
                start_on: start,
                contract: e
                    .contract
                    .as_deref()
                    .map(|c| ContractType::from_code(c).unwrap_or(ContractType::Other)),
                contract_label: e.contract.as_deref().map(|c| {
                    ContractType::from_code(c)
                        .unwrap_or(ContractType::Other)
                        .label_fr()
                        .to_string()
                }),
                hours_per_week: e.hours_per_week,
                scheme,
            }
        });
        let entry = from_time_date(r.rsa_opened_on);
        let oriented_on = r.oriented_on.map(from_time_date);
        let status = PathwayStatus::from_code(&r.status)
            .ok_or_else(|| DbError::Decode(format!("beneficiary.status = {:?}", r.status)))?;
        let contract =
            match r.contract_signed_on.map(from_time_date) {
                Some(signed_on) => Some(ContractView {
                    signed_on,
                    review_on: r.contract_review_on.map(from_time_date),
                    weekly_hours: r.contract_weekly_hours,
                    plan: match r.contract_plan.as_deref() {
                        Some(json) => Some(serde_json::from_str(json).map_err(|e| {
                            DbError::Decode(format!("beneficiary.contract_plan: {e}"))
                        })?),
                        None => None,
                    },
                    commitments: r.contract_commitments.clone(),
                    renew_by: obligations::pre_2025_contract_due(signed_on),
                }),
                None => None,
            };
        let orientation = r.orientation.as_deref().and_then(Orientation::from_code);
        // The law's deadlines while they run: orientation (from the CAF's information, or the
        // entry when the date it arrived is unknown), contract (from the orientation), and the
        // review of a social pathway (from its contract).
        let deadlines = ObligationDeadlines {
            orientation_due: status.awaiting_orientation().then(|| {
                obligations::orientation_due(
                    r.caf_information_on.map(from_time_date).unwrap_or(entry),
                )
            }),
            contract_due: (status == PathwayStatus::Oriented && contract.is_none())
                .then(|| {
                    r.status_since
                        .map(from_time_date)
                        .or(oriented_on)
                        .and_then(|d| obligations::contract_due(&[d]))
                })
                .flatten(),
            social_review_due: (orientation == Some(Orientation::Social))
                .then(|| {
                    contract
                        .as_ref()
                        .map(|c| obligations::social_review_due(c.signed_on, false))
                })
                .flatten(),
        };
        let shown = self
            .shown_procedure(r.beneficiary_id, to_time_date(today.add_years(-1)))
            .await?;
        let sanction = match shown {
            Some(row) => {
                let v = row.view(for_staff, today)?;
                (for_staff || v.stage.shown_to_person()).then_some(v)
            }
            None => None,
        };
        Ok(Some(PathwayView {
            beneficiary_id: r.beneficiary_id,
            file_number: r.file_number,
            first_name: r.first_name,
            last_name: r.last_name,
            birth_date: from_time_date(r.birth_date),
            phone: r.phone,
            email: r.email,
            sms_refused: r.sms_opt_out,
            email_refused: r.email_opt_out,
            message_lang: Lang::from_code(&r.message_lang).unwrap_or_default(),
            commune: r.commune,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            rsa_opened_on: entry,
            household: serde_json::from_str(&r.household).unwrap_or_default(),
            status,
            status_since: r.status_since.map(from_time_date),
            delays: Delays::compute(entry, oriented_on, today),
            orientation,
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
            contract,
            deadlines,
            sanction,
            next_appointment,
            appointments: if for_staff {
                appointments
            } else {
                appointments.into_iter().filter(|a| a.upcoming).collect()
            },
            employment,
            timeline: events
                .into_iter()
                .map(|e| {
                    let data: serde_json::Value = e
                        .data
                        .as_deref()
                        .and_then(|d| serde_json::from_str(d).ok())
                        .unwrap_or_default();
                    let worded = (lang != Lang::Fr)
                        .then(|| timeline_text(&e.kind, &data, lang))
                        .flatten();
                    let french_only = lang != Lang::Fr && worded.is_none();
                    let (title, detail) = match worded {
                        Some((title, Some(detail))) => (title, detail),
                        Some((title, None)) => (title, e.detail),
                        None => (e.title, e.detail),
                    };
                    TimelineEntry {
                        date: from_time_date(e.occurred_on),
                        kind: e.kind,
                        title,
                        detail,
                        internal: !e.visible_to_beneficiary,
                        french_only,
                    }
                })
                .collect(),
            inbox: inbox.into_iter().map(|m| m.into_view(lang)).collect(),
            exit_reason: r.exit_reason,
        }))
    }

    /// People whose search key contains `key`, within the scope, one page: the person whose file
    /// number is exactly `key` first, then by name. The "contains" test uses each engine's trigram
    /// index (SQLite FTS5, PostgreSQL pg_trgm) for keys of three characters or more.
    pub async fn search_people(
        &self,
        scope: &StaffScope,
        key: &str,
        page: u32,
    ) -> Result<PersonPage, DbError> {
        // The key is folded by `text::search_key`: letters, digits and single spaces only, so it
        // can go in an FTS5 phrase or a LIKE pattern as it is.
        let key: String = key
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect();
        let offset = i64::from(page - 1) * PAGE_SIZE;
        let unit = scope.unit_filter().map(str::to_string);
        let unit_filter = if unit.is_some() {
            "b.unit_code = $2"
        } else {
            "($2 = $2)"
        };
        let (matches, pattern) = match self {
            // A trigram phrase query finds the substring through the index; shorter keys have
            // no trigram and are looked for in every key.
            Db::Sqlite(_) if key.chars().count() >= 3 => (
                "b.beneficiary_id IN (SELECT rowid FROM beneficiary_search WHERE beneficiary_search MATCH $1)",
                format!("\"{key}\""),
            ),
            _ => ("b.search_key LIKE '%' || $1 || '%'", key.clone()),
        };
        // One statement, one row: the page as a JSON array, and the number found in all
        // (counted apart: a window over the matches costs more, 2 against 0.9 ms for "martin"
        // among 14 000 people). Each row sent back is a hop between threads for SQLite.
        let sql = match self {
            Db::Sqlite(_) => format!(
                "SELECT (SELECT json_group_array(json_array(beneficiary_id, file_number, first_name, last_name, commune, \
                 status, rsa_opened_on, oriented_on)) FROM (SELECT {PERSON_COLUMNS_B} FROM beneficiary b \
                 WHERE {unit_filter} AND {matches} ORDER BY CASE WHEN b.file_number = $5 THEN 0 ELSE 1 END, \
                 b.last_name, b.first_name, b.beneficiary_id LIMIT $3 OFFSET $4)) AS page, \
                 (SELECT COUNT(*) FROM beneficiary b WHERE {unit_filter} AND {matches}) AS total"
            ),
            // PostgreSQL: the matches are found once (a materialised CTE), then paged and counted.
            Db::Postgres(_) => format!(
                "WITH m AS MATERIALIZED (SELECT {PERSON_COLUMNS_B} FROM beneficiary b WHERE {unit_filter} AND {matches}) \
                 SELECT (SELECT COALESCE(json_agg(json_build_array(beneficiary_id, file_number, first_name, last_name, \
                 commune, status, rsa_opened_on, oriented_on) \
                 ORDER BY CASE WHEN file_number = $5 THEN 0 ELSE 1 END, last_name, first_name, beneficiary_id), \
                 '[]'::json)::text FROM (SELECT * FROM m ORDER BY CASE WHEN file_number = $5 THEN 0 ELSE 1 END, \
                 last_name, first_name, beneficiary_id LIMIT $3 OFFSET $4) p) AS page, (SELECT COUNT(*) FROM m) AS total"
            ),
        };
        let unit_bind = unit.unwrap_or_default();
        let (json, total): (String, i64) = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(&pattern)
            .bind(&unit_bind)
            .bind(PAGE_SIZE)
            .bind(offset)
            .bind(&key)
            .fetch_one(pool)
            .await)?;
        let rows: Vec<PersonRowDb> = json_rows(&json)?;
        let today = today();
        Ok(PersonPage {
            rows: rows.into_iter().map(|r| r.into_row(today)).collect(),
            page,
            pages: pages(total),
            total,
        })
    }

    /// People whose last appointment was missed and who have no new one, longest wait first
    /// (the 50 longest).
    pub async fn missed_without_new(&self, scope: &StaffScope) -> Result<Vec<MissedView>, DbError> {
        let (filter, unit) = unit_condition(scope, "b.unit_code");
        // The person's latest missed appointment, when nothing is planned now and nothing was
        // held or missed after it.
        let sql = format!(
            "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, a.purpose, a.starts_at \
             FROM appointment a JOIN beneficiary b ON b.beneficiary_id = a.beneficiary_id \
             WHERE {filter} AND a.status = 'missed' AND b.status <> 'exited' \
             AND NOT EXISTS (SELECT 1 FROM appointment n WHERE n.beneficiary_id = a.beneficiary_id \
               AND (n.status = 'planned' OR (n.starts_at > a.starts_at AND n.status IN ('held', 'missed')))) \
             ORDER BY a.starts_at, b.beneficiary_id LIMIT 50"
        );
        let rows: Vec<(i64, String, String, String, String, OffsetDateTime)> =
            with_pool!(self, |pool| sqlx::query_as(&sql)
                .bind(&unit)
                .fetch_all(pool)
                .await)?;
        let today = today();
        Ok(rows
            .into_iter()
            .map(
                |(id, file_number, first, last, purpose, starts_at)| MissedView {
                    id,
                    file_number,
                    name: format!("{first} {last}"),
                    what: format!("{} du {}", purpose_label(&purpose), when_label(starts_at)),
                    days: today.days_since(from_time_date(paris(starts_at).date())),
                },
            )
            .collect())
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
        let waiting = format!(
            "status IN ({})",
            PathwayStatus::sql_list(&PathwayStatus::AWAITING_ORIENTATION)
        );
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
        let (filter, unit_bind) = unit_condition(scope, "b.unit_code");
        let sql = format!(
            "SELECT m.message_id, m.beneficiary_id, b.first_name, b.last_name, m.kind, m.body, m.created_at, m.answer, \
             m.answered_at FROM inbox_message m JOIN beneficiary b ON b.beneficiary_id = m.beneficiary_id \
             WHERE {filter} AND m.answered_at IS NULL ORDER BY m.created_at LIMIT 100"
        );
        let rows: Vec<InboxRow> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(&unit_bind)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
