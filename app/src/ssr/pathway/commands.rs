//! The one write path of a pathway.
//!
//! A change arrives as a typed [`Command`] — built by the server functions from their forms
//! ([`super::inputs`]) or by the partner API from its JSON events — and [`apply`] writes it in one
//! transaction: the status update **conditional on the status that was read** (exactly one row, or
//! nothing is written and the answer is [`AppError::Conflict`]: "Ce dossier vient d'être modifié :
//! rechargez la page."), what the command changes (an appointment, an outcome — itself conditional
//! on the appointment still being planned —, a decision, a job, a bonus payment — conditional on
//! not being paid yet), the timeline event, the message to the person, the audit row and the
//! partner's idempotency record. Which statuses allow what is decided by the rules core
//! ([`passerelle::pathway`]); this module only writes.
use passerelle::access::Permission;
use passerelle::obligations::{
    self, ActionPlan, BreachKind, CapHousehold, Recurrence, Sanction, SanctionAction, SanctionStage,
};
use passerelle::pathway::{
    self, ActionKind, AppointmentPurpose, AppointmentStatus, Orientation, PathwayStatus,
    ReferentOrganisation, Transition,
};
use passerelle::{Cents, ContractType, Date, SchemeDefinition};
use serde_json::json;
use time::OffsetDateTime;

use super::super::audit::{Actor, AuditEntry};
use super::super::auth::{StaffAccount, require_beneficiary, require_staff, state};
use super::super::clock::now;
use super::super::db::{Db, DbError};
use super::super::jobs::NewJob;
use super::super::outbox::NewMessage;
use super::super::to_time_date;
use super::inputs::text;
use super::messages::{self, sector_label, when_label};
use super::today;
use crate::error::AppError;
use crate::{insert_audit, insert_job, insert_outbox, with_pool};

/// What every change needs to know about the person, as read before writing.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonCore {
    pub beneficiary_id: i64,
    pub unit_code: String,
    pub status: String,
    pub first_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// The person refused SMS, or e-mail (from "Mon parcours").
    pub sms_opt_out: bool,
    pub email_opt_out: bool,
    /// The language of the messages (`fr`, `en`, `ar`), chosen in "Mon parcours".
    pub message_lang: String,
    /// Raised by every change recorded through [`apply`] (see `seen` in [`Change`]).
    pub version: i64,
    /// The entry, and the day the CAF's information reached the département (the 6-week
    /// orientation deadline runs from it).
    pub rsa_opened_on: time::Date,
    pub caf_information_on: Option<time::Date>,
}

impl PersonCore {
    pub fn status(&self) -> PathwayStatus {
        PathwayStatus::from_code(&self.status).unwrap_or(PathwayStatus::Entered)
    }

    /// The language of the person's messages (French if unknown).
    pub fn lang(&self) -> passerelle::lang::Lang {
        passerelle::lang::Lang::from_code(&self.message_lang).unwrap_or_default()
    }
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

/// A partner's request applied once: the key and the answer are stored in the same transaction
/// as the change, so a retry finds them.
#[derive(Debug, Clone)]
pub struct IdempotencyRecord {
    pub api_key_id: i64,
    pub key: String,
    pub request_hash: String,
    /// The answer to store, made from the status the change leads to.
    pub answer: fn(PathwayStatus) -> String,
}

/// An authorized change on one person's pathway, about to be applied.
pub struct Change {
    pub author: Author,
    pub person: PersonCore,
    pub idempotency: Option<IdempotencyRecord>,
    /// The scheduled job this change carries out (the automatic invitation): finished in the same
    /// transaction, only if the job is still held (see [`super::super::jobs`]).
    pub job: Option<super::super::jobs::TakenJob>,
    /// The service's public address, for links in messages.
    pub site: Option<String>,
    /// The file's version shown to the officer who sends this change (the staff forms carry it):
    /// if another change was recorded since, this one is refused with "reload" — two officers on
    /// one file never both invite, orient or close it from what they saw before the other acted.
    /// `None`: judged on the file as read now (partners, automatic jobs).
    pub seen: Option<i64>,
}

/// A change to a pathway, with every value already parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Invite the person to the orientation interview.
    Invite,
    /// Plan an appointment.
    Schedule {
        purpose: AppointmentPurpose,
        starts_at: OffsetDateTime,
        place: String,
        officer: String,
    },
    /// What became of an appointment; `None`: the planned orientation appointment (partners do
    /// not know our appointment ids).
    Outcome {
        appointment: Option<i64>,
        outcome: AppointmentStatus,
    },
    /// The orientation decision, or a re-orientation.
    Orient {
        orientation: Orientation,
        organisation: ReferentOrganisation,
        referent: Option<String>,
        contact: Option<String>,
    },
    /// The contrat d'engagement, with its action plan (checked by the rules core) and what the
    /// référent commits to.
    Contract {
        signed_on: Date,
        review_on: Option<Date>,
        weekly_hours: Option<i64>,
        plan: Option<ActionPlan>,
        commitments: Option<String>,
    },
    /// An action of the accompaniment.
    Action {
        kind: ActionKind,
        label: String,
        start_on: Date,
    },
    /// A return to work.
    Employment {
        employer: String,
        sector: String,
        start_on: Date,
        contract: Option<ContractType>,
        hours_per_week: Option<i64>,
        salary: Option<Cents>,
    },
    /// The €150 bonus of a job was paid.
    BonusPaid { employment: i64, paid_on: Date },
    /// The end of the accompaniment.
    Exit { reason: String },
    /// The person is back on the RSA after an exit: the pathway starts again.
    Reopen,
    /// A note for staff only.
    Note { body: String },
    /// A step of the suspension-remobilisation procedure.
    Sanction(SanctionCommand),
}

/// A step of the suspension-remobilisation procedure, parsed. Which steps are possible when, and
/// the bounds of a sanction, are the rules core's ([`passerelle::obligations`]).
#[derive(Debug, Clone, PartialEq)]
pub enum SanctionCommand {
    /// An officer reports a breach, with the sanction envisaged.
    Report {
        breach: BreachKind,
        facts: String,
        breach_on: Date,
        recurrence: Recurrence,
        envisaged: Sanction,
        /// The monthly RSA the rate applies to, when staff know the amount paid; else the rules
        /// core computes it from the household recorded on the file.
        basis: Option<Cents>,
        /// The household for the 50 % cap; else read from the file.
        household: Option<CapHousehold>,
        /// The legitimate-reason screen and the criteria of CASF R262-68-5.
        screening: String,
    },
    /// France Travail proposes a sanction through the partner API (CASF L262-37 IV), under its
    /// reference.
    Propose {
        breach: BreachKind,
        facts: String,
        breach_on: Date,
        recurrence: Recurrence,
        proposed: Sanction,
        reference: String,
    },
    /// The notice was sent (and, when known, received).
    SendNotice {
        sent_on: Date,
        received_on: Option<Date>,
    },
    /// The proof of receipt came back: the 10 days run from this day.
    NoticeReceived { received_on: Date },
    /// The person's written observations (written by them on Passerelle, or received by staff).
    Observations { text: String },
    /// The person asks to be heard (from "Mon parcours").
    HearingAsked,
    /// The person was heard.
    Hearing { held_on: Date, notes: String },
    /// The file goes to the équipe pluridisciplinaire.
    Refer,
    /// No sanction, and why.
    DecideNone { reason: String },
    /// A sanction, from `starts_on`, and what lifts it.
    Decide {
        sanction: Sanction,
        starts_on: Date,
        lift_action: String,
    },
    /// The person complies again.
    Lift { note: String },
    /// The months ran out.
    End,
}

impl SanctionCommand {
    /// The core's step this command takes (`None`: a record that does not move the procedure).
    fn action(&self) -> Option<SanctionAction> {
        Some(match self {
            SanctionCommand::Report { .. } => SanctionAction::Report,
            SanctionCommand::Propose { proposed, .. } => SanctionAction::Propose(*proposed),
            SanctionCommand::SendNotice { .. } => SanctionAction::SendNotice,
            SanctionCommand::Observations { .. } => SanctionAction::RecordObservations,
            SanctionCommand::Hearing { .. } => SanctionAction::RecordHearing,
            SanctionCommand::Refer => SanctionAction::Refer,
            SanctionCommand::DecideNone { .. } => SanctionAction::DecideNone,
            SanctionCommand::Decide { sanction, .. } => SanctionAction::Decide(*sanction),
            SanctionCommand::Lift { .. } => SanctionAction::Lift,
            SanctionCommand::End => SanctionAction::End,
            SanctionCommand::NoticeReceived { .. } | SanctionCommand::HearingAsked => return None,
        })
    }

    /// Whether the step is the manager's (the right to decide).
    pub fn needs_decision_right(&self) -> bool {
        self.action()
            .is_some_and(SanctionAction::needs_decision_right)
    }

    /// Stable code for the audit log.
    fn code(&self) -> &'static str {
        match self {
            SanctionCommand::NoticeReceived { .. } => "notice_received",
            SanctionCommand::HearingAsked => "hearing_asked",
            other => other
                .action()
                .map(SanctionAction::code)
                .unwrap_or("sanction"),
        }
    }
}

impl Command {
    /// A contract, checked: not signed in the future, reviewed after signing, 0 to 35 hours.
    pub fn contract(
        signed_on: Date,
        review_on: Option<Date>,
        weekly_hours: Option<i64>,
        plan: Option<ActionPlan>,
        commitments: Option<String>,
        today: Date,
    ) -> Result<Command, AppError> {
        if signed_on > today {
            return Err(AppError::invalid(
                "signe_le",
                "La date de signature ne peut pas être dans le futur.",
            ));
        }
        if review_on.is_some_and(|r| r <= signed_on) {
            return Err(AppError::invalid(
                "revision_le",
                "La date du prochain point doit être après la signature.",
            ));
        }
        within("heures", weekly_hours, CONTRACT_HOURS)?;
        // With a plan, the hours are the plan's total.
        let weekly_hours = match &plan {
            Some(p) => Some(i64::from(p.weekly_total())),
            None => weekly_hours,
        };
        Ok(Command::Contract {
            signed_on,
            review_on,
            weekly_hours,
            plan,
            commitments,
        })
    }

    /// A job, checked: an employer's name, a sector code (empty: another sector), 1 to 48 hours,
    /// a salary that is not negative.
    pub fn employment(
        employer: &str,
        sector: &str,
        start_on: Date,
        contract: Option<ContractType>,
        hours_per_week: Option<i64>,
        salary: Option<Cents>,
    ) -> Result<Command, AppError> {
        let employer = text("employeur", employer, 2, 200, "le nom de l'employeur")?;
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
        within("heures", hours_per_week, JOB_HOURS)?;
        if salary.is_some_and(|s| s.get() < 0) {
            return Err(AppError::invalid(
                "salaire",
                "Le salaire ne peut pas être négatif.",
            ));
        }
        Ok(Command::Employment {
            employer,
            sector,
            start_on,
            contract,
            hours_per_week,
            salary,
        })
    }

    /// The core transition this command asks for, when it has one of its own (an appointment's
    /// outcome depends on the appointment: see [`plan`]).
    pub fn transition(&self) -> Option<Transition> {
        Some(match self {
            Command::Invite => Transition::Invite,
            Command::Orient { .. } => Transition::DecideOrientation,
            Command::Contract { .. } => Transition::SignContract,
            Command::Employment { .. } => Transition::ReturnToWork,
            Command::Exit { .. } => Transition::Exit,
            Command::Reopen => Transition::Reenter,
            _ => return None,
        })
    }
}

/// Weekly hours of activity a contract may set.
pub const CONTRACT_HOURS: std::ops::RangeInclusive<i64> = 0..=35;
/// Weekly hours of a job.
pub const JOB_HOURS: std::ops::RangeInclusive<i64> = 1..=48;

/// A number of weekly hours in `range`, when given.
pub(super) fn within(
    field: &str,
    hours: Option<i64>,
    range: std::ops::RangeInclusive<i64>,
) -> Result<(), AppError> {
    match hours {
        Some(h) if !range.contains(&h) => Err(AppError::invalid(
            field,
            format!(
                "Indiquez un nombre d'heures par semaine entre {} et {}.",
                range.start(),
                range.end()
            ),
        )),
        _ => Ok(()),
    }
}

/// What a command writes besides the event, the message and the audit row.
enum Effect {
    None,
    InsertAppointment {
        purpose: AppointmentPurpose,
        starts_at: OffsetDateTime,
        place: String,
        officer: String,
    },
    /// Conditional on the appointment still being planned.
    AppointmentOutcome {
        appointment: i64,
        outcome: AppointmentStatus,
    },
    Orientation {
        orientation: Orientation,
        organisation: ReferentOrganisation,
        referent: Option<String>,
        contact: Option<String>,
        reorientation: bool,
    },
    Contract {
        signed_on: Date,
        review_on: Option<Date>,
        weekly_hours: Option<i64>,
        plan: Option<String>,
        commitments: Option<String>,
    },
    /// A new procedure (the unique index refuses a second open one).
    OpenProcedure(Box<NewProcedure>),
    /// A step of the open procedure, conditional on its stage still being `from`.
    ProcedureStep {
        procedure: i64,
        from: SanctionStage,
        fields: Box<StepFields>,
    },
    Employment {
        employer: String,
        sector: String,
        start_on: Date,
        contract: Option<ContractType>,
        hours_per_week: Option<i64>,
        salary: Option<Cents>,
        scheme: Option<Box<SchemeDefinition>>,
    },
    /// Conditional on the bonus not being recorded yet.
    BonusPaid {
        employment: i64,
        paid_on: Date,
    },
    Exit {
        reason: String,
    },
    Reopen,
}

/// Writes a timeline entry, on either engine's connection.
macro_rules! insert_event {
    ($exec:expr, $beneficiary:expr, $event:expr, $recorded_by:expr, $at:expr) => {{
        let e: &Event = $event;
        sqlx::query(
            "INSERT INTO pathway_event (beneficiary_id, occurred_on, kind, title, detail, visible_to_beneficiary, \
             recorded_by, recorded_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind($beneficiary)
        .bind(to_time_date(e.on))
        .bind(e.kind)
        .bind(&e.title)
        .bind(&e.detail)
        .bind(e.visible)
        .bind($recorded_by)
        .bind($at)
        .bind((!e.data.is_null()).then(|| e.data.to_string()))
        .execute($exec)
        .await
    }};
}

/// A timeline entry to write.
struct Event {
    on: Date,
    kind: &'static str,
    title: String,
    detail: String,
    visible: bool,
    /// What the entry says, as values, to word it in the reader's language (see
    /// `queries::timeline_text`); `null` for entries that stay as written (notes).
    data: serde_json::Value,
}

/// Everything one command writes.
struct Plan {
    /// The status written, conditional on the status read; `None`: the status is neither read
    /// nor written (a note, a bonus payment).
    status: Option<PathwayStatus>,
    /// Whether the status counts as new from today (a step of the pathway was taken).
    moves: bool,
    effect: Effect,
    event: Event,
    message: Option<NewMessage>,
    audit_action: &'static str,
    audit_detail: serde_json::Value,
}

fn next(from: PathwayStatus, t: Transition) -> Result<PathwayStatus, AppError> {
    pathway::apply(from, t).map_err(refused)
}

fn refused(e: pathway::TransitionError) -> AppError {
    AppError::Refused {
        message: e.message_fr(),
    }
}

fn already(message: &str) -> AppError {
    AppError::Refused {
        message: message.to_string(),
    }
}

/// Works out what `command` writes for `person` (reading what it needs: the appointment, the
/// scheme versions, the job), or why it is refused.
async fn plan(
    db: &Db,
    person: &PersonCore,
    staff_name: Option<&str>,
    site: Option<&str>,
    command: Command,
) -> Result<Plan, AppError> {
    let before = person.status();
    let today = today();
    let event =
        |kind: &'static str, title: String, detail: String, data: serde_json::Value| Event {
            on: today,
            kind,
            title,
            detail,
            visible: true,
            data,
        };
    Ok(match command {
        Command::Invite => {
            let to = next(before, Transition::Invite)?;
            Plan {
                status: Some(to),
                moves: true,
                effect: Effect::None,
                event: event(
                    "invited",
                    "Invitation au rendez-vous d'orientation envoyée".to_string(),
                    String::new(),
                    json!({}),
                ),
                message: messages::invitation(person, site),
                audit_action: "invite",
                audit_detail: json!({ "before": before.code(), "after": to.code() }),
            }
        }
        Command::Schedule {
            purpose,
            starts_at,
            place,
            officer,
        } => {
            let to = purpose.status_after_planning(before).map_err(|e| {
                if before == PathwayStatus::Exited && purpose != AppointmentPurpose::Orientation {
                    already("Le parcours est terminé : rouvrez-le d'abord.")
                } else {
                    refused(e)
                }
            })?;
            // One orientation appointment at a time: a new one replaces the planned one (moved,
            // not stacked), and the timeline says so.
            let replaces = if purpose == AppointmentPurpose::Orientation {
                match db
                    .planned_orientation_appointment(person.beneficiary_id)
                    .await?
                {
                    Some(old) => db
                        .appointment_of(old)
                        .await?
                        .map(|(_, _, (_, at))| (old, at)),
                    None => None,
                }
            } else {
                None
            };
            let when = when_label(starts_at);
            let detail = match replaces {
                Some((_, old_at)) => format!(
                    "Lieu : {place}. Avec : {officer}. Remplace le rendez-vous prévu le {}.",
                    when_label(old_at)
                ),
                None => format!("Lieu : {place}. Avec : {officer}."),
            };
            Plan {
                status: Some(to),
                moves: purpose == AppointmentPurpose::Orientation,
                event: event(
                    "appointment_planned",
                    format!("{} prévu le {when}", purpose.label_fr()),
                    detail,
                    json!({ "purpose": purpose.code(), "starts_at": starts_at.unix_timestamp(), "place": place, "officer": officer, "replaces": replaces.map(|(id, _)| id) }),
                ),
                message: messages::appointment(person, purpose, starts_at, &place, &officer),
                audit_action: "schedule_appointment",
                audit_detail: json!({ "before": before.code(), "after": to.code(), "purpose": purpose.code(), "starts_at": starts_at.unix_timestamp(), "replaces": replaces.map(|(id, _)| id) }),
                effect: Effect::InsertAppointment {
                    purpose,
                    starts_at,
                    place,
                    officer,
                },
            }
        }
        Command::Outcome {
            appointment,
            outcome,
        } => {
            let id = person.beneficiary_id;
            let appointment = match appointment {
                Some(a) => a,
                None => db
                    .planned_orientation_appointment(id)
                    .await?
                    .ok_or_else(|| {
                        already("Aucun rendez-vous d'orientation n'est prévu pour cette personne.")
                    })?,
            };
            let (purpose, starts_at) = match db.appointment_of(appointment).await? {
                Some((owner, status, (purpose, starts_at))) if owner == id => {
                    if status != AppointmentStatus::Planned.code() {
                        return Err(already(
                            "Le résultat de ce rendez-vous est déjà enregistré.",
                        ));
                    }
                    // Came or did not come: only once it has started. Cancelled or excused can
                    // be known ahead.
                    if matches!(outcome, AppointmentStatus::Held | AppointmentStatus::Missed)
                        && starts_at > crate::ssr::clock::now()
                    {
                        return Err(already(&format!(
                            "Ce rendez-vous n'a pas encore eu lieu (prévu le {}) : « honoré » ou « manqué » s'enregistre une fois l'heure passée. Pour le déplacer, prévoyez-en un autre ; s'il n'aura pas lieu, choisissez « annulé » ou « excusé ».",
                            when_label(starts_at)
                        )));
                    }
                    (purpose, starts_at)
                }
                _ => return Err(AppError::NotFound),
            };
            let purpose =
                AppointmentPurpose::from_code(&purpose).unwrap_or(AppointmentPurpose::Suivi);
            let to = purpose
                .status_after_outcome(before, outcome)
                .map_err(refused)?;
            Plan {
                status: Some(to),
                moves: to != before,
                effect: Effect::AppointmentOutcome {
                    appointment,
                    outcome,
                },
                event: event(
                    "appointment_outcome",
                    format!(
                        "{} du {} : {}",
                        purpose.label_fr(),
                        when_label(starts_at),
                        outcome.label_fr().to_lowercase()
                    ),
                    String::new(),
                    json!({ "purpose": purpose.code(), "starts_at": starts_at.unix_timestamp(), "outcome": outcome.code() }),
                ),
                message: None,
                audit_action: "record_appointment_outcome",
                audit_detail: json!({ "appointment": appointment, "outcome": outcome.code(), "before": before.code(), "after": to.code() }),
            }
        }
        Command::Orient {
            orientation,
            organisation,
            referent,
            contact,
        } => {
            let reorientation = before.is_oriented();
            // Past the 6 weeks, France Travail orients the person (CASF D262-65-2), with or
            // without an interview here: its decision, sent through the partner API, says so on
            // the file and in the audit.
            let due = obligations::orientation_due(super::super::from_time_date(
                person.caf_information_on.unwrap_or(person.rsa_opened_on),
            ));
            let by_france_travail_late = !reorientation
                && staff_name.is_none()
                && organisation == ReferentOrganisation::FranceTravail
                && today > due;
            let to = next(
                before,
                if by_france_travail_late {
                    Transition::FranceTravailOrients
                } else {
                    Transition::DecideOrientation
                },
            )?;
            let title = format!(
                "{} : {} — référent : {}",
                if reorientation {
                    "Nouvelle orientation"
                } else if by_france_travail_late {
                    "Orientation décidée par France Travail (délai de 6 semaines dépassé)"
                } else {
                    "Orientation décidée"
                },
                orientation.label_fr(),
                organisation.label_fr()
            );
            let detail = referent
                .as_ref()
                .map(|r| format!("Votre référent : {r}."))
                .unwrap_or_default();
            Plan {
                status: Some(to),
                moves: true,
                event: event(
                    if reorientation {
                        "reoriented"
                    } else {
                        "oriented"
                    },
                    title,
                    detail,
                    json!({ "orientation": orientation.code(), "organisation": organisation.code(), "referent": referent }),
                ),
                message: messages::orientation(
                    person,
                    orientation,
                    organisation,
                    referent.as_deref(),
                ),
                audit_action: if reorientation {
                    "record_reorientation"
                } else {
                    "record_orientation"
                },
                audit_detail: json!({ "before": before.code(), "after": to.code(), "orientation": orientation.code(), "referent_org": organisation.code(), "france_travail_after_deadline": by_france_travail_late }),
                effect: Effect::Orientation {
                    orientation,
                    organisation,
                    referent,
                    contact,
                    reorientation,
                },
            }
        }
        Command::Contract {
            signed_on,
            review_on,
            weekly_hours,
            plan,
            commitments,
        } => {
            let to = next(before, Transition::SignContract)?;
            let detail = match (review_on, weekly_hours) {
                (Some(r), Some(h)) => format!(
                    "Prochain point le {}. {h} heures d'activité par semaine.",
                    r.label_fr()
                ),
                (Some(r), None) => format!("Prochain point le {}.", r.label_fr()),
                (None, Some(h)) => format!("{h} heures d'activité par semaine."),
                (None, None) => String::new(),
            };
            Plan {
                status: Some(to),
                moves: true,
                event: event(
                    "contract_signed",
                    format!("Contrat d'engagement signé le {}", signed_on.label_fr()),
                    detail,
                    json!({ "signed_on": signed_on.to_string(), "review_on": review_on.map(|d| d.to_string()), "weekly_hours": weekly_hours }),
                ),
                message: None,
                audit_action: "record_contract",
                audit_detail: json!({ "before": before.code(), "after": to.code(), "signed_on": signed_on.to_string(), "review_on": review_on.map(|d| d.to_string()), "weekly_hours": weekly_hours }),
                effect: Effect::Contract {
                    signed_on,
                    review_on,
                    weekly_hours,
                    plan: plan.map(|p| serde_json::to_string(&p).unwrap_or_default()),
                    commitments,
                },
            }
        }
        Command::Action {
            kind,
            label,
            start_on,
        } => {
            if !before.allows_actions() {
                return Err(already(
                    "Une action s'enregistre une fois la personne orientée.",
                ));
            }
            Plan {
                status: Some(before),
                moves: false,
                effect: Effect::None,
                event: Event {
                    on: start_on,
                    ..event(
                        "action",
                        format!("{} : {label}", kind.label_fr()),
                        format!("À partir du {}.", start_on.label_fr()),
                        json!({ "action": kind.code(), "label": label, "start_on": start_on.to_string() }),
                    )
                },
                message: None,
                audit_action: "record_action",
                // No free text in the audit trail: the label stays in the timeline only.
                audit_detail: json!({ "kind": kind.code(), "start": start_on.to_string() }),
            }
        }
        Command::Employment {
            employer,
            sector,
            start_on,
            contract,
            hours_per_week,
            salary,
        } => {
            let to = next(before, Transition::ReturnToWork)?;
            let versions = db.scheme_versions().await?;
            // The cumulation scheme in force for this start date, if the job qualifies.
            let scheme = passerelle::scheme_covering_job(&versions, start_on, &sector)
                .cloned()
                .map(Box::new);
            let sector_name = sector_label(&versions, &sector);
            let detail = match &scheme {
                Some(s) => format!(
                    "Dispositif « {} » : le RSA est gardé en plus du salaire pendant {} mois, et une prime de {} est prévue.",
                    s.name_fr,
                    s.neutralised_months,
                    s.bonus_amount.format_eur()
                ),
                None => String::new(),
            };
            Plan {
                status: Some(to),
                moves: true,
                event: event(
                    "return_to_work",
                    format!(
                        "Reprise d'emploi le {} : {employer} ({sector_name})",
                        start_on.label_fr()
                    ),
                    detail,
                    json!({
                        "start_on": start_on.to_string(), "employer": employer, "sector": sector, "sector_fr": sector_name,
                        "scheme_months": scheme.as_ref().map(|s| s.neutralised_months),
                        "bonus_cents": scheme.as_ref().map(|s| s.bonus_amount.get()),
                    }),
                ),
                message: None,
                audit_action: "record_return_to_work",
                audit_detail: json!({
                    "before": before.code(), "after": to.code(), "sector": sector, "start": start_on.to_string(),
                    "scheme": scheme.as_ref().map(|s| s.code.clone()),
                    "scheme_months": scheme.as_ref().map(|s| i64::from(s.neutralised_months)).unwrap_or(0),
                    "bonus_cents": scheme.as_ref().map(|s| s.bonus_amount.get()).unwrap_or(0),
                }),
                effect: Effect::Employment {
                    employer,
                    sector,
                    start_on,
                    contract,
                    hours_per_week,
                    salary,
                    scheme,
                },
            }
        }
        Command::BonusPaid {
            employment,
            paid_on,
        } => {
            let bonus = match db.employment_bonus(employment).await? {
                Some((owner, bonus, None)) if owner == person.beneficiary_id && bonus > 0 => bonus,
                Some((owner, _, Some(_))) if owner == person.beneficiary_id => {
                    return Err(already("Le versement de cette prime est déjà enregistré."));
                }
                Some((owner, _, None)) if owner == person.beneficiary_id => {
                    return Err(already("Aucune prime n'est prévue pour cet emploi."));
                }
                _ => return Err(AppError::NotFound),
            };
            Plan {
                status: None,
                moves: false,
                effect: Effect::BonusPaid {
                    employment,
                    paid_on,
                },
                event: event(
                    "bonus_paid",
                    format!(
                        "Prime de reprise d'emploi de {} versée le {}",
                        Cents(bonus).format_eur(),
                        paid_on.label_fr()
                    ),
                    String::new(),
                    json!({ "bonus_cents": bonus, "paid_on": paid_on.to_string() }),
                ),
                message: None,
                audit_action: "record_bonus_paid",
                audit_detail: json!({ "employment": employment, "paid_on": paid_on.to_string(), "bonus_cents": bonus }),
            }
        }
        Command::Exit { reason } => {
            let to = next(before, Transition::Exit)?;
            Plan {
                status: Some(to),
                moves: true,
                event: event(
                    "exit",
                    "Fin de l'accompagnement".to_string(),
                    reason.clone(),
                    json!({}),
                ),
                message: None,
                audit_action: "record_exit",
                audit_detail: json!({ "before": before.code(), "after": to.code() }),
                effect: Effect::Exit { reason },
            }
        }
        Command::Reopen => {
            let to = next(before, Transition::Reenter)?;
            Plan {
                status: Some(to),
                moves: true,
                effect: Effect::Reopen,
                event: event(
                    "reentered",
                    "Nouvelle entrée au RSA : le parcours recommence".to_string(),
                    String::new(),
                    json!({}),
                ),
                message: None,
                audit_action: "reopen",
                audit_detail: json!({ "before": before.code(), "after": to.code() }),
            }
        }
        Command::Sanction(command) => sanction_plan(db, person, command, today).await?,
        Command::Note { body } => Plan {
            status: None,
            moves: false,
            effect: Effect::None,
            event: Event {
                visible: false,
                ..event(
                    "note",
                    format!("Note de {}", staff_name.unwrap_or("l'équipe")),
                    body,
                    serde_json::Value::Null,
                )
            },
            message: None,
            audit_action: "add_note",
            audit_detail: json!({}),
        },
    })
}

/// A procedure to open.
#[derive(Debug, Clone)]
struct NewProcedure {
    stage: SanctionStage,
    source: &'static str,
    breach: BreachKind,
    facts: String,
    breach_on: Date,
    recurrence: Recurrence,
    screening: String,
    envisaged: Sanction,
    basis: Cents,
    household: CapHousehold,
    external_ref: Option<String>,
}

/// What a step writes on the procedure (`None`: unchanged).
#[derive(Debug, Clone, Default)]
struct StepFields {
    stage: Option<SanctionStage>,
    notice_sent_on: Option<Date>,
    notice_received_on: Option<Date>,
    observations: Option<String>,
    observations_on: Option<Date>,
    hearing_asked_on: Option<Date>,
    hearing_on: Option<Date>,
    hearing_notes: Option<String>,
    referred_on: Option<Date>,
    decided: Option<Sanction>,
    decided_on: Option<Date>,
    starts_on: Option<Date>,
    lift_action: Option<String>,
    closing_note: Option<String>,
    closed_on: Option<Date>,
}

fn step_refused(e: obligations::StepError) -> AppError {
    AppError::Refused {
        message: e.message_fr(),
    }
}

/// "30 % pendant 2 mois, soit 195,51 € par mois" — for the timeline and the audit.
fn sanction_words(s: &Sanction, stake: &obligations::Stake) -> String {
    let what = match s.kind {
        obligations::SanctionKind::Suspension => "Suspension",
        obligations::SanctionKind::Removal => "Suppression",
    };
    format!(
        "{what} de {} du RSA pendant {} mois, soit {} par mois",
        stake.rate.label_fr(),
        s.months,
        stake.per_month.format_eur()
    )
}

/// Works out what a step of the procedure writes, judged by the rules core on the procedure as
/// read (the write is conditional on its stage, so a concurrent step makes this one a conflict).
async fn sanction_plan(
    db: &Db,
    person: &PersonCore,
    command: SanctionCommand,
    today: Date,
) -> Result<Plan, AppError> {
    let open = db.open_procedure(person.beneficiary_id).await?;
    let procedure = open.as_ref().map(|r| r.procedure()).transpose()?;
    let to = match command.action() {
        Some(action) => {
            Some(obligations::step(procedure.as_ref(), action, today).map_err(step_refused)?)
        }
        None => None,
    };
    let event = |kind: &'static str, title: String, detail: String, visible: bool| Event {
        on: today,
        kind,
        title,
        detail,
        visible,
        data: json!({}),
    };
    // What a step's timeline entry says, as values, to word it in the reader's language.
    let mut data = json!({});
    let audit_action = command.code();
    if let SanctionCommand::Report {
        breach,
        facts,
        breach_on,
        recurrence,
        envisaged,
        basis,
        household,
        screening,
    } = command
    {
        let (computed, from_file) = db.rsa_basis(person.beneficiary_id, today).await?;
        let basis = basis.unwrap_or(computed);
        let household = household.unwrap_or(from_file);
        let envisaged = obligations::check_sanction(envisaged, recurrence, household, today)
            .map_err(|e| AppError::invalid("taux", e.message_fr()))?;
        let stake = obligations::stake(basis, envisaged, household, today);
        return Ok(Plan {
            status: None,
            moves: false,
            event: event(
                "sanction_reported",
                format!("Manquement signalé : {}", breach.label_fr()),
                format!(
                    "{facts} Sanction envisagée : {}.",
                    sanction_words(&envisaged, &stake)
                ),
                false,
            ),
            message: None,
            audit_action,
            audit_detail: json!({ "breach": breach.code(), "rate_ppm": envisaged.rate.0, "months": envisaged.months }),
            effect: Effect::OpenProcedure(Box::new(NewProcedure {
                stage: SanctionStage::Reported,
                source: "departement",
                breach,
                facts,
                breach_on,
                recurrence,
                screening,
                envisaged,
                basis,
                household,
                external_ref: None,
            })),
        });
    }
    if let SanctionCommand::Propose {
        breach,
        facts,
        breach_on,
        recurrence,
        proposed,
        reference,
    } = command
    {
        let (basis, household) = db.rsa_basis(person.beneficiary_id, today).await?;
        // France Travail may propose more than the household's cap: the proposal is kept as made,
        // and what the Département may decide stays capped (the money at stake says so).
        let uncapped = CapHousehold {
            persons: 1,
            majore: false,
        };
        let proposed = obligations::check_sanction(proposed, recurrence, uncapped, today)
            .map_err(|e| AppError::invalid("rate_percent", e.message_fr()))?;
        let stake = obligations::stake(basis, proposed, household, today);
        return Ok(Plan {
            status: None,
            moves: false,
            event: event(
                "sanction_proposed",
                format!(
                    "Sanction proposée par France Travail : {}",
                    breach.label_fr()
                ),
                format!(
                    "{facts} Proposition : {} (référence {reference}).",
                    sanction_words(&proposed, &stake)
                ),
                false,
            ),
            message: None,
            audit_action,
            audit_detail: json!({ "breach": breach.code(), "rate_ppm": proposed.rate.0, "months": proposed.months, "reference": reference }),
            effect: Effect::OpenProcedure(Box::new(NewProcedure {
                stage: SanctionStage::Proposed,
                source: "france_travail",
                breach,
                facts,
                breach_on,
                recurrence,
                screening: String::new(),
                envisaged: proposed,
                basis,
                household,
                external_ref: Some(reference),
            })),
        });
    }
    let (Some(row), Some(current)) = (open, procedure) else {
        return Err(step_refused(obligations::StepError::NoneOpen));
    };
    let mut f = StepFields {
        stage: to,
        ..StepFields::default()
    };
    let (kind, title, detail, visible, message) = match command {
        SanctionCommand::Report { .. } | SanctionCommand::Propose { .. } => {
            unreachable!("handled above")
        }
        SanctionCommand::SendNotice {
            sent_on,
            received_on,
        } => {
            f.notice_sent_on = Some(sent_on);
            f.notice_received_on = received_on;
            let due = received_on.map(obligations::answer_due);
            data = json!({ "due": due.map(|d| d.to_string()) });
            (
                "sanction_notice",
                "Courrier : le Département envisage une sanction".to_string(),
                match due {
                    Some(d) => format!("Vous avez jusqu'au {} pour répondre.", d.label_fr()),
                    None => {
                        "Vous avez 10 jours après la réception du courrier pour répondre.".into()
                    }
                },
                true,
                messages::sanction_notice(person, due),
            )
        }
        SanctionCommand::NoticeReceived { received_on } => {
            if !current.notice_sent || !current.stage.before_decision() {
                return Err(step_refused(obligations::StepError::Stage(current.stage)));
            }
            if received_on > today
                || row
                    .notice_sent_on
                    .is_some_and(|sent| received_on < super::super::from_time_date(sent))
            {
                return Err(AppError::invalid(
                    "recu_le",
                    "La date de réception doit être entre l'envoi du courrier et aujourd'hui.",
                ));
            }
            f.notice_received_on = Some(received_on);
            (
                "sanction_notice_received",
                "Courrier reçu".to_string(),
                format!(
                    "Reçu le {} : réponse possible jusqu'au {}.",
                    received_on.label_fr(),
                    obligations::answer_due(received_on).label_fr()
                ),
                false,
                None,
            )
        }
        SanctionCommand::Observations { text } => {
            // Added to what was already written, never replacing it.
            let all = match &row.observations {
                Some(before) => format!(
                    "{before}

— {} —
{text}",
                    today.label_fr()
                ),
                None => text.clone(),
            };
            f.observations = Some(all);
            f.observations_on = Some(today);
            (
                "sanction_observations",
                "Observations reçues".to_string(),
                text,
                true,
                None,
            )
        }
        SanctionCommand::HearingAsked => {
            if !current.stage.before_decision() || current.stage == SanctionStage::Reported {
                return Err(step_refused(obligations::StepError::Stage(current.stage)));
            }
            f.hearing_asked_on = Some(today);
            (
                "sanction_hearing_asked",
                "Demande à être reçu(e)".to_string(),
                String::new(),
                true,
                None,
            )
        }
        SanctionCommand::Hearing { held_on, notes } => {
            f.hearing_on = Some(held_on);
            f.hearing_notes = Some(notes);
            data = json!({ "on": held_on.to_string() });
            (
                "sanction_hearing",
                format!("Entretien le {}", held_on.label_fr()),
                String::new(),
                true,
                None,
            )
        }
        SanctionCommand::Refer => {
            f.referred_on = Some(today);
            (
                "sanction_referred",
                "Dossier transmis à l'équipe pluridisciplinaire".to_string(),
                String::new(),
                true,
                None,
            )
        }
        SanctionCommand::DecideNone { reason } => {
            f.closing_note = Some(reason.clone());
            f.closed_on = Some(today);
            (
                "sanction_none",
                "Pas de sanction".to_string(),
                reason,
                // A report the person never heard of stays internal.
                current.stage.shown_to_person() || current.notice_sent,
                None,
            )
        }
        SanctionCommand::Decide {
            sanction,
            starts_on,
            lift_action,
        } => {
            let sanction =
                obligations::check_sanction(sanction, row.recurrence()?, row.household(), today)
                    .map_err(|e| AppError::invalid("taux", e.message_fr()))?;
            let stake =
                obligations::stake(Cents(row.basis_cents), sanction, row.household(), today);
            f.decided = Some(sanction);
            f.decided_on = Some(today);
            data = json!({
                "rate_ppm": stake.rate.0,
                "months": sanction.months,
                "per_month": stake.per_month.get(),
                "starts_on": starts_on.to_string(),
            });
            f.starts_on = Some(starts_on);
            f.lift_action = Some(lift_action.clone());
            (
                "sanction_decided",
                "Décision : suspension d'une partie du RSA".to_string(),
                format!(
                    "{} à partir de {}. Pour la lever : {lift_action}",
                    sanction_words(&sanction, &stake),
                    starts_on.month().label_fr()
                ),
                true,
                messages::sanction_decided(person),
            )
        }
        SanctionCommand::Lift { note } => {
            f.closing_note = Some(note.clone());
            f.closed_on = Some(today);
            data = json!({ "on": today.to_string() });
            (
                "sanction_lifted",
                format!("Suspension levée le {}", today.label_fr()),
                note,
                true,
                messages::sanction_lifted(person),
            )
        }
        SanctionCommand::End => {
            f.closed_on = Some(today);
            (
                "sanction_ended",
                "Fin de la suspension".to_string(),
                String::new(),
                true,
                None,
            )
        }
    };
    Ok(Plan {
        status: None,
        moves: false,
        event: Event {
            data,
            ..event(kind, title, detail, visible)
        },
        message,
        audit_action,
        audit_detail: json!({
            "procedure": row.procedure_id,
            "before": current.stage.code(),
            "after": to.unwrap_or(current.stage).code(),
        }),
        effect: Effect::ProcedureStep {
            procedure: row.procedure_id,
            from: current.stage,
            fields: Box::new(f),
        },
    })
}

/// Why a transaction wrote nothing.
enum Abort {
    Db(sqlx::Error),
    /// The status changed since it was read.
    Conflict,
    /// A conditional write found its row already done.
    Refused(&'static str),
}

impl From<sqlx::Error> for Abort {
    fn from(e: sqlx::Error) -> Abort {
        Abort::Db(e)
    }
}

/// Applies `command` to the person of `change`, in one transaction (see the module's text).
/// Returns the status after the change.
pub async fn apply(db: &Db, change: Change, command: Command) -> Result<PathwayStatus, AppError> {
    let Change {
        author,
        person,
        idempotency,
        job,
        site,
        seen,
    } = change;
    if seen.is_some_and(|v| v != person.version) {
        return Err(AppError::Conflict);
    }
    // Steps of a sanction procedure are judged on the file as read (its observations are added
    // to, its stage moves): the file's version makes two at once one change and one "reload".
    let seen = seen.or(matches!(command, Command::Sanction(_)).then_some(person.version));
    let staff_name = match author.staff_id {
        Some(id) => db.staff_by_id(id).await?.map(|s| s.full_name),
        None => None,
    };
    let plan = plan(db, &person, staff_name.as_deref(), site.as_deref(), command).await?;
    let before = person.status();
    let after = plan.status.unwrap_or(before);
    let id = person.beneficiary_id;
    let now = now();
    let today = today();
    let audit = AuditEntry::new(author.actor, plan.audit_action)
        .beneficiary(id, &person.unit_code)
        .target("beneficiary", id)
        .detail(plan.audit_detail.clone());
    let idempotency = idempotency.map(|r| ((r.answer)(after), r));
    let result = with_pool!(db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            if plan.status.is_some() || seen.is_some() {
                // The status (and, from a staff form, the version) as it was read, or nothing: a
                // concurrent change wins, this one waits for a reload. Also takes the row's write
                // lock for what follows.
                let changed = sqlx::query(
                    "UPDATE beneficiary SET status = $2, \
                     status_since = CASE WHEN $3 THEN $4 ELSE status_since END, updated_at = $5, \
                     version = version + 1 \
                     WHERE beneficiary_id = $1 AND status = $6 AND version = COALESCE($7, version)",
                )
                .bind(id)
                .bind(after.code())
                .bind(plan.status.is_some() && plan.moves)
                .bind(to_time_date(today))
                .bind(now)
                .bind(before.code())
                .bind(seen)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed != 1 {
                    return Err(Abort::Conflict);
                }
            }
            if let Some(j) = &job {
                // A job this server no longer holds was finished by another: write nothing.
                let held = sqlx::query(
                    "UPDATE scheduled_job SET status = 'done', finished_at = $3 \
                     WHERE job_id = $1 AND attempts = $2 AND status = 'pending'",
                )
                .bind(j.job_id)
                .bind(j.attempts)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if held != 1 {
                    return Err(Abort::Conflict);
                }
            }
            match &plan.effect {
                Effect::None => {}
                Effect::InsertAppointment {
                    purpose,
                    starts_at,
                    place,
                    officer,
                } => {
                    // One orientation appointment at a time. Cancelled here, under the row lock
                    // the status update took, rather than by the id read before it: two bookings
                    // at once (without a form's version) then replace each other in turn
                    // instead of stacking.
                    if *purpose == AppointmentPurpose::Orientation {
                        sqlx::query(
                            "UPDATE appointment SET status = 'cancelled', updated_at = $2 \
                             WHERE beneficiary_id = $1 AND purpose = 'orientation' AND status = 'planned'",
                        )
                        .bind(id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    }
                    let (appointment,): (i64,) = sqlx::query_as(
                        "INSERT INTO appointment (beneficiary_id, purpose, starts_at, place, officer_name, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, 'planned', $6, $6) RETURNING appointment_id",
                    )
                    .bind(id)
                    .bind(purpose.code())
                    .bind(*starts_at)
                    .bind(place)
                    .bind(officer)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    // Its reminder, 48 hours before (or at once, or none when too close).
                    if let Some(reminder) =
                        NewJob::appointment_reminder(id, appointment, *starts_at, now)
                    {
                        insert_job!(&mut *tx, reminder, now)?;
                    }
                }
                Effect::AppointmentOutcome {
                    appointment,
                    outcome,
                } => {
                    let changed = sqlx::query(
                        "UPDATE appointment SET status = $3, updated_at = $4 \
                         WHERE appointment_id = $1 AND beneficiary_id = $2 AND status = 'planned'",
                    )
                    .bind(*appointment)
                    .bind(id)
                    .bind(outcome.code())
                    .bind(now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed != 1 {
                        return Err(Abort::Refused(
                            "Le résultat de ce rendez-vous est déjà enregistré.",
                        ));
                    }
                    if *outcome == AppointmentStatus::Missed {
                        // A new date is proposed to the person.
                        insert_job!(
                            &mut *tx,
                            NewJob::missed_followup(id, *appointment, now),
                            now
                        )?;
                    }
                }
                Effect::Orientation {
                    orientation,
                    organisation,
                    referent,
                    contact,
                    reorientation,
                } => {
                    // The first decision's date is kept: the orientation delay is measured on it.
                    // A re-orientation calls for a new contract, so the previous one is cleared.
                    sqlx::query(
                        "UPDATE beneficiary SET oriented_on = COALESCE(oriented_on, $2), \
                         orientation = $3, referent_org = $4, referent_name = $5, referent_contact = $6, \
                         contract_signed_on = CASE WHEN $7 THEN NULL ELSE contract_signed_on END, \
                         contract_review_on = CASE WHEN $7 THEN NULL ELSE contract_review_on END, \
                         contract_weekly_hours = CASE WHEN $7 THEN NULL ELSE contract_weekly_hours END, \
                         contract_plan = CASE WHEN $7 THEN NULL ELSE contract_plan END, \
                         contract_commitments = CASE WHEN $7 THEN NULL ELSE contract_commitments END \
                         WHERE beneficiary_id = $1",
                    )
                    .bind(id)
                    .bind(to_time_date(today))
                    .bind(orientation.code())
                    .bind(organisation.code())
                    .bind(referent)
                    .bind(contact)
                    .bind(*reorientation)
                    .execute(&mut *tx)
                    .await?;
                }
                Effect::Contract {
                    signed_on,
                    review_on,
                    weekly_hours,
                    plan,
                    commitments,
                } => {
                    sqlx::query(
                        "UPDATE beneficiary SET contract_signed_on = $2, contract_review_on = $3, \
                         contract_weekly_hours = $4, contract_plan = $5, contract_commitments = $6 \
                         WHERE beneficiary_id = $1",
                    )
                    .bind(id)
                    .bind(to_time_date(*signed_on))
                    .bind(review_on.map(to_time_date))
                    .bind(*weekly_hours)
                    .bind(plan)
                    .bind(commitments)
                    .execute(&mut *tx)
                    .await?;
                }
                Effect::OpenProcedure(p) => {
                    let opened = sqlx::query(
                        "INSERT INTO sanction_procedure (beneficiary_id, stage, source, breach, facts, breach_on, recurrence, \
                         screening, envisaged_kind, envisaged_rate_ppm, envisaged_months, basis_cents, household_persons, \
                         majore, external_ref, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
                    )
                    .bind(id)
                    .bind(p.stage.code())
                    .bind(p.source)
                    .bind(p.breach.code())
                    .bind(&p.facts)
                    .bind(to_time_date(p.breach_on))
                    .bind(match p.recurrence {
                        Recurrence::First => "first",
                        Recurrence::Repeated => "repeated",
                    })
                    .bind(&p.screening)
                    .bind(p.envisaged.kind.code())
                    .bind(p.envisaged.rate.0)
                    .bind(i32::from(p.envisaged.months))
                    .bind(p.basis.get())
                    .bind(i32::from(p.household.persons))
                    .bind(p.household.majore)
                    .bind(&p.external_ref)
                    .bind(now)
                    .execute(&mut *tx)
                    .await;
                    match opened {
                        Ok(_) => {}
                        // Two reports at once: the unique index keeps one open procedure.
                        Err(e)
                            if e.as_database_error()
                                .is_some_and(|d| d.is_unique_violation()) =>
                        {
                            return Err(Abort::Refused(
                                "Une procédure est déjà en cours pour cette personne : continuez-la.",
                            ));
                        }
                        Err(e) => return Err(e.into()),
                    }
                }
                Effect::ProcedureStep {
                    procedure,
                    from,
                    fields: f,
                } => {
                    let changed = sqlx::query(
                        "UPDATE sanction_procedure SET stage = COALESCE($3, stage), \
                         notice_sent_on = COALESCE($4, notice_sent_on), notice_received_on = COALESCE($5, notice_received_on), \
                         observations = COALESCE($6, observations), observations_on = COALESCE($7, observations_on), \
                         hearing_asked_on = COALESCE($8, hearing_asked_on), hearing_on = COALESCE($9, hearing_on), \
                         hearing_notes = COALESCE($10, hearing_notes), referred_on = COALESCE($11, referred_on), \
                         decided_kind = COALESCE($12, decided_kind), decided_rate_ppm = COALESCE($13, decided_rate_ppm), \
                         decided_months = COALESCE($14, decided_months), decided_on = COALESCE($15, decided_on), \
                         starts_on = COALESCE($16, starts_on), lift_action = COALESCE($17, lift_action), \
                         closing_note = COALESCE($18, closing_note), closed_on = COALESCE($19, closed_on), updated_at = $20 \
                         WHERE procedure_id = $1 AND stage = $2 AND beneficiary_id = $21",
                    )
                    .bind(*procedure)
                    .bind(from.code())
                    .bind(f.stage.map(SanctionStage::code))
                    .bind(f.notice_sent_on.map(to_time_date))
                    .bind(f.notice_received_on.map(to_time_date))
                    .bind(&f.observations)
                    .bind(f.observations_on.map(to_time_date))
                    .bind(f.hearing_asked_on.map(to_time_date))
                    .bind(f.hearing_on.map(to_time_date))
                    .bind(&f.hearing_notes)
                    .bind(f.referred_on.map(to_time_date))
                    .bind(f.decided.map(|d| d.kind.code()))
                    .bind(f.decided.map(|d| d.rate.0))
                    .bind(f.decided.map(|d| i32::from(d.months)))
                    .bind(f.decided_on.map(to_time_date))
                    .bind(f.starts_on.map(to_time_date))
                    .bind(&f.lift_action)
                    .bind(&f.closing_note)
                    .bind(f.closed_on.map(to_time_date))
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed != 1 {
                        return Err(Abort::Conflict);
                    }
                }
                Effect::Employment {
                    employer,
                    sector,
                    start_on,
                    contract,
                    hours_per_week,
                    salary,
                    scheme,
                } => {
                    sqlx::query(
                        "INSERT INTO employment (beneficiary_id, employer, sector, start_on, contract, hours_per_week, net_monthly_cents, \
                         scheme_code, scheme_version, scheme_months, bonus_cents, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                    )
                    .bind(id)
                    .bind(employer)
                    .bind(sector)
                    .bind(to_time_date(*start_on))
                    .bind(contract.map(ContractType::code))
                    .bind(*hours_per_week)
                    .bind(salary.map(|c| c.get()))
                    .bind(scheme.as_ref().map(|s| s.code.clone()))
                    .bind(scheme.as_ref().map(|s| i64::from(s.version)))
                    .bind(scheme.as_ref().map(|s| i64::from(s.neutralised_months)).unwrap_or(0))
                    .bind(scheme.as_ref().map(|s| s.bonus_amount.get()).unwrap_or(0))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                Effect::BonusPaid {
                    employment,
                    paid_on,
                } => {
                    let changed = sqlx::query(
                        "UPDATE employment SET bonus_paid_on = $2 \
                         WHERE employment_id = $1 AND beneficiary_id = $3 AND bonus_paid_on IS NULL",
                    )
                    .bind(*employment)
                    .bind(to_time_date(*paid_on))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if changed != 1 {
                        return Err(Abort::Refused(
                            "Le versement de cette prime est déjà enregistré.",
                        ));
                    }
                }
                Effect::Exit { reason } => {
                    sqlx::query("UPDATE beneficiary SET exit_reason = $2 WHERE beneficiary_id = $1")
                        .bind(id)
                        .bind(reason)
                        .execute(&mut *tx)
                        .await?;
                }
                Effect::Reopen => {
                    // A new entry: the delays start again and a new orientation is needed.
                    sqlx::query(
                        "UPDATE beneficiary SET rsa_opened_on = $2, oriented_on = NULL, orientation = NULL, \
                         referent_org = NULL, referent_name = NULL, referent_contact = NULL, contract_signed_on = NULL, \
                         contract_review_on = NULL, contract_weekly_hours = NULL, contract_plan = NULL, \
                         contract_commitments = NULL, exit_reason = NULL \
                         WHERE beneficiary_id = $1",
                    )
                    .bind(id)
                    .bind(to_time_date(today))
                    .execute(&mut *tx)
                    .await?;
                }
            }
            insert_event!(&mut *tx, id, &plan.event, author.staff_id, now)?;
            if plan.event.kind == "invited" {
                // Reminded in 3 days if the person neither books nor answers; a new invitation
                // replaces the reminder of the previous one.
                let reminder = NewJob::invitation_reminder(id, now);
                sqlx::query(
                    "UPDATE scheduled_job SET status = 'skipped', outcome = 'superseded', finished_at = $2 \
                     WHERE beneficiary_id = $1 AND kind = 'invitation_reminder' AND status = 'pending' \
                     AND idempotency_key <> $3",
                )
                .bind(id)
                .bind(now)
                .bind(&reminder.key)
                .execute(&mut *tx)
                .await?;
                insert_job!(&mut *tx, reminder, now)?;
            }
            if let Some(m) = &plan.message {
                match &job {
                    // Written once under the job's key, whatever happens to the job.
                    Some(j) => {
                        let m = m.clone().keyed("invitation", j.idempotency_key.clone());
                        insert_outbox!(&mut *tx, m, now)?;
                    }
                    None => {
                        insert_outbox!(&mut *tx, *m, now)?;
                    }
                }
            }
            if let Some((answer, r)) = &idempotency {
                sqlx::query(
                    "INSERT INTO idempotency_key (api_key_id, idempotency_key, request_hash, status_code, response_body, created_at) \
                     VALUES ($1, $2, $3, 200, $4, $5)",
                )
                .bind(r.api_key_id)
                .bind(&r.key)
                .bind(&r.request_hash)
                .bind(answer)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            insert_audit!(&mut *tx, audit, now)?;
            tx.commit().await?;
            Ok::<_, Abort>(())
        }
        .await
    });
    match result {
        Ok(()) => Ok(after),
        Err(Abort::Conflict) => Err(AppError::Conflict),
        Err(Abort::Refused(message)) => Err(already(message)),
        Err(Abort::Db(e)) => Err(DbError::from(e).into()),
    }
}

/// A staff member's change on person `id`. Who asks is checked first, on the server (role, then
/// unit: another unit's person is "not found"), then the form is parsed by `command` (given
/// today's date), then the command is applied.
pub async fn staff_apply(
    id: i64,
    seen: Option<i64>,
    permission: Permission,
    command: impl FnOnce(Date) -> Result<Command, AppError>,
) -> Result<PathwayStatus, AppError> {
    let staff = require_staff(permission).await?;
    let db = state()?.db;
    let person = db.person_core(id).await?.ok_or(AppError::NotFound)?;
    staff.check_unit(permission, &person.unit_code)?;
    let command = command(today())?;
    apply(
        &db,
        Change {
            author: (&staff).into(),
            person,
            idempotency: None,
            job: None,
            site: state()?.config.public_url,
            seen,
        },
        command,
    )
    .await
}

/// The signed-in beneficiary's own step in their procedure: written observations, or asking to
/// be heard. Only ever on their own file; with no procedure open the answer is "not found".
pub async fn beneficiary_sanction(command: SanctionCommand) -> Result<(), AppError> {
    let me = require_beneficiary().await?;
    let db = state()?.db;
    let person = db
        .person_core(me.beneficiary_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A report the person was never told of does not exist for them.
    match db.open_procedure(me.beneficiary_id).await? {
        Some(row) if row.stage()?.shown_to_person() || row.notice_sent_on.is_some() => {}
        _ => return Err(AppError::NotFound),
    }
    apply(
        &db,
        Change {
            author: Author {
                actor: Actor::Beneficiary(me.beneficiary_id),
                staff_id: None,
            },
            person,
            idempotency: None,
            job: None,
            site: state()?.config.public_url,
            seen: None,
        },
        Command::Sanction(command),
    )
    .await
    .map(|_| ())
}

// ----- messages between the person and staff ---------------------------------------------------

/// A question or an absence notice from the signed-in beneficiary.
pub async fn ask(body: &str, appointment: Option<i64>) -> Result<(), AppError> {
    let me = require_beneficiary().await?;
    // Said in the page's language: the person writes from "Mon parcours".
    let body = {
        let v = body.trim();
        let l = crate::lang::locale();
        match v.chars().count() {
            0..2 => {
                return Err(AppError::invalid(
                    "texte",
                    leptos_i18n::td_string!(l, errors.message_missing),
                ));
            }
            2..=2000 => v.to_string(),
            _ => {
                return Err(AppError::invalid(
                    "texte",
                    leptos_i18n::td_string!(l, errors.message_too_long, max = 2000),
                ));
            }
        }
    };
    let db = state()?.db;
    if let Some(rdv) = appointment {
        match db.appointment_of(rdv).await? {
            Some((owner, status, _))
                if owner == me.beneficiary_id && status == AppointmentStatus::Planned.code() => {}
            // Another person's appointment, or none: as if it did not exist.
            _ => return Err(AppError::NotFound),
        }
    }
    let now = now();
    let (kind, title) = match appointment {
        Some(_) => (
            "cannot_attend",
            "Vous avez prévenu que vous ne pouviez pas venir au rendez-vous",
        ),
        None => ("question", "Vous avez envoyé une question"),
    };
    let event = Event {
        on: today(),
        kind,
        title: title.to_string(),
        detail: body.clone(),
        visible: true,
        data: json!({}),
    };
    let audit = AuditEntry::new(Actor::Beneficiary(me.beneficiary_id), "inbox_message_sent")
        .beneficiary(me.beneficiary_id, &me.unit_code)
        .detail(json!({ "kind": kind, "appointment": appointment }));
    with_pool!(&db, |pool| {
        async {
            let mut tx = pool.begin().await?;
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
            insert_event!(&mut *tx, me.beneficiary_id, &event, None::<i64>, now)?;
            insert_audit!(&mut *tx, audit, now)?;
            tx.commit().await
        }
        .await
    })
    .map_err(DbError::from)?;
    Ok(())
}

/// Answers a message; returns the person's id. Two staff answering at once: one answer is kept,
/// the other is told the message already has one.
pub async fn answer(message: i64, body: &str) -> Result<i64, AppError> {
    let staff = require_staff(Permission::AnswerInbox).await?;
    let db = state()?.db;
    let (id, answered) = db.inbox_owner(message).await?.ok_or(AppError::NotFound)?;
    let person = db.person_core(id).await?.ok_or(AppError::NotFound)?;
    staff.check_unit(Permission::AnswerInbox, &person.unit_code)?;
    let answered_already = || already("Ce message a déjà reçu une réponse.");
    if answered {
        return Err(answered_already());
    }
    let body = text("reponse", body, 2, 2000, "votre réponse")?;
    let now = now();
    let event = Event {
        on: today(),
        kind: "answer",
        title: "Réponse du Département à votre message".to_string(),
        detail: body.clone(),
        visible: true,
        data: json!({}),
    };
    let msg = messages::answer(&person, &body);
    let audit = AuditEntry::new(Actor::Staff(staff.staff_id), "answer_message")
        .beneficiary(id, &person.unit_code)
        .target("beneficiary", id)
        .detail(json!({ "message": message }));
    let result = with_pool!(&db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            let changed = sqlx::query(
                "UPDATE inbox_message SET answer = $2, answered_at = $3, answered_by = $4 \
                 WHERE message_id = $1 AND answered_at IS NULL",
            )
            .bind(message)
            .bind(&body)
            .bind(now)
            .bind(staff.staff_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(Abort::Conflict);
            }
            insert_event!(&mut *tx, id, &event, Some(staff.staff_id), now)?;
            if let Some(m) = &msg {
                insert_outbox!(&mut *tx, *m, now)?;
            }
            insert_audit!(&mut *tx, audit, now)?;
            tx.commit().await?;
            Ok::<_, Abort>(())
        }
        .await
    });
    match result {
        Ok(()) => Ok(id),
        Err(Abort::Db(e)) => Err(DbError::from(e).into()),
        Err(_) => Err(answered_already()),
    }
}
