//! What staff type in the forms of a person's file, parsed once into typed [`Command`]s: dates,
//! times, amounts and codes are checked here and travel typed from then on. Every error names the
//! form field it belongs to, in plain French.
use passerelle::pathway::{
    ActionKind, AppointmentPurpose, AppointmentStatus, Orientation, ReferentOrganisation,
};
use passerelle::{Cents, ContractType, Date};
use time::OffsetDateTime;

use super::super::{paris, to_time_date};
use passerelle::Rate;
use passerelle::obligations::{BreachKind, Recurrence, Sanction, SanctionKind};

use super::commands::{CONTRACT_HOURS, Command, JOB_HOURS, SanctionCommand, within};
use crate::error::AppError;

/// A required text of `min` to `max` characters, trimmed.
pub(super) fn text(
    field: &str,
    value: &str,
    min: usize,
    max: usize,
    what: &str,
) -> Result<String, AppError> {
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

/// An optional text of at most `max` characters, trimmed; empty is `None`.
pub(super) fn optional_text(
    field: &str,
    value: &str,
    max: usize,
) -> Result<Option<String>, AppError> {
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

/// A required date (`today` when the field is empty is never assumed: staff say when).
fn date(field: &str, value: &str) -> Result<Date, AppError> {
    parse_date(field, value, true)?.ok_or_else(|| AppError::invalid(field, "Indiquez une date."))
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

/// A number of weekly hours in `range`, or `None` when the field is empty.
fn optional_hours(
    field: &str,
    value: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, AppError> {
    let hours = match value.trim() {
        "" => None,
        // Not a number: out of any range, so the same message follows.
        v => Some(v.parse::<i64>().unwrap_or(i64::MIN)),
    };
    within(field, hours, range)?;
    Ok(hours)
}

/// The "plan an appointment" form.
pub fn schedule(
    purpose: &str,
    day: &str,
    hour: &str,
    place: &str,
    officer: &str,
    confirmed: bool,
    now: OffsetDateTime,
) -> Result<Command, AppError> {
    let purpose = match purpose.trim() {
        "" => AppointmentPurpose::Orientation,
        code => AppointmentPurpose::from_code(code).ok_or_else(|| {
            AppError::invalid("objet", "Choisissez l'objet du rendez-vous dans la liste.")
        })?,
    };
    let day = date("date", day)?;
    let (h, m) = parse_time("heure", hour)?;
    let starts_at = paris_to_utc(day, h, m);
    // Only what can be true: an appointment is booked ahead, within the coming year (the SMS
    // sent with it would otherwise invite the person to a past date).
    if starts_at <= now {
        return Err(AppError::invalid(
            "date",
            "Cette date et cette heure sont déjà passées : choisissez un moment à venir.",
        ));
    }
    if (starts_at - now).whole_days() > 366 {
        return Err(AppError::invalid(
            "date",
            "Choisissez une date dans l'année qui vient.",
        ));
    }
    if let Some(unusual) = passerelle::pathway::unusual_slot(day, h, m)
        && !confirmed
    {
        return Err(AppError::invalid(
            "confirmer",
            format!(
                "{} Si c'est bien voulu, cochez « Je confirme cet horaire » et enregistrez à nouveau.",
                unusual.label_fr()
            ),
        ));
    }
    Ok(Command::Schedule {
        purpose,
        starts_at,
        place: text("lieu", place, 2, 200, "le lieu du rendez-vous")?,
        officer: text("agent", officer, 2, 100, "le nom de la personne qui reçoit")?,
    })
}

/// What became of an appointment (`held`, `missed`, `excused`, `cancelled`).
pub fn outcome(code: &str) -> Result<AppointmentStatus, AppError> {
    match AppointmentStatus::from_code(code.trim()) {
        Some(AppointmentStatus::Planned) | None => Err(AppError::invalid(
            "resultat",
            "Choisissez ce qui s'est passé : honoré, manqué, excusé ou annulé.",
        )),
        Some(o) => Ok(o),
    }
}

/// The orientation decision form (also used for the partners' codes).
pub fn orientation(
    pathway: &str,
    organisation: &str,
    referent: &str,
    contact: &str,
) -> Result<Command, AppError> {
    let orientation = Orientation::from_code(pathway.trim()).ok_or_else(|| {
        AppError::invalid(
            "parcours",
            "Choisissez le parcours : professionnel, socio-professionnel ou social.",
        )
    })?;
    let organisation = ReferentOrganisation::from_code(organisation.trim()).ok_or_else(|| {
        AppError::invalid(
            "organisme",
            "Choisissez l'organisme du référent dans la liste.",
        )
    })?;
    Ok(Command::Orient {
        orientation,
        organisation,
        referent: optional_text("referent", referent, 100)?,
        contact: optional_text("contact", contact, 200)?,
    })
}

/// The contract form: the action plan is up to [`PLAN_ROWS`] activities (`activite_N`,
/// `heures_N`), the reason for fewer hours than the norm (`raison`) and what the référent commits
/// to (`engagements`). Without any activity, the hours typed apply (a contract recorded the
/// older way).
pub fn contract(
    signed: &str,
    review: &str,
    hours: &str,
    plan: &PlanForm,
    today: Date,
) -> Result<Command, AppError> {
    let signed_on = date("signe_le", signed)?;
    let review_on = parse_date("revision_le", review, false)?;
    let weekly_hours = optional_hours("heures", hours, CONTRACT_HOURS)?;
    let mut activities = Vec::new();
    for (i, (label, hours)) in plan.activities.iter().enumerate() {
        let field = format!("heures_{}", i + 1);
        match (label.trim(), hours.trim()) {
            ("", "") => {}
            ("", _) => {
                return Err(AppError::invalid(
                    format!("activite_{}", i + 1),
                    "Donnez un nom à cette activité.",
                ));
            }
            (label, h) => {
                let h = optional_hours(&field, h, 1..=35)?.ok_or_else(|| {
                    AppError::invalid(&field, "Indiquez le nombre d'heures par semaine.")
                })?;
                activities.push(passerelle::obligations::Activity {
                    label: text(&format!("activite_{}", i + 1), label, 2, 120, "l'activité")?,
                    hours_per_week: h as u32,
                });
            }
        }
    }
    let reason = match plan.reason.trim() {
        "" => None,
        code => Some(
            passerelle::obligations::AdaptedHoursReason::from_code(code).ok_or_else(|| {
                AppError::invalid("raison", "Choisissez la raison dans la liste.")
            })?,
        ),
    };
    let plan_checked = if activities.is_empty() {
        None
    } else {
        Some(
            passerelle::obligations::ActionPlan::new(activities, reason, signed_on)
                .map_err(|e| AppError::invalid("heures_1", e.message_fr()))?,
        )
    };
    let commitments = optional_text("engagements", &plan.commitments, 1000)?;
    Command::contract(
        signed_on,
        review_on,
        weekly_hours,
        plan_checked,
        commitments,
        today,
    )
}

/// Activities a contract form offers.
pub const PLAN_ROWS: usize = 4;

/// The action-plan part of the contract form, as typed.
#[derive(Debug, Default)]
pub struct PlanForm {
    /// (activity, hours a week) rows.
    pub activities: Vec<(String, String)>,
    pub reason: String,
    pub commitments: String,
}

/// The suspension-procedure form, as typed (every field is optional: each step reads its own).
#[derive(Debug, Default)]
pub struct SanctionForm {
    pub breach: String,
    pub facts: String,
    pub breach_on: String,
    pub repeated: bool,
    pub rate_percent: String,
    pub months: String,
    pub removal: bool,
    pub rsa_amount: String,
    pub screening: String,
    pub sent_on: String,
    pub received_on: String,
    pub text: String,
    pub held_on: String,
    pub starts_on: String,
    pub lift_action: String,
}

fn sanction_figures(f: &SanctionForm) -> Result<Sanction, AppError> {
    let rate = match f
        .rate_percent
        .trim()
        .trim_end_matches('%')
        .trim()
        .parse::<i64>()
    {
        Ok(p) if (0..=100).contains(&p) => Rate::ppm(p * 10_000),
        _ => {
            return Err(AppError::invalid(
                "taux",
                "Indiquez la part suspendue en pourcentage, par exemple 30.",
            ));
        }
    };
    let months = match f.months.trim().parse::<u8>() {
        Ok(m) => m,
        Err(_) => {
            return Err(AppError::invalid(
                "mois",
                "Indiquez la durée en mois, par exemple 1.",
            ));
        }
    };
    Ok(Sanction {
        kind: if f.removal {
            SanctionKind::Removal
        } else {
            SanctionKind::Suspension
        },
        rate,
        months,
    })
}

/// The step `step` (a [`passerelle::obligations::SanctionAction`] code, or `notice_received`)
/// of the procedure form.
pub fn sanction(step: &str, f: &SanctionForm, today: Date) -> Result<Command, AppError> {
    let not_future = |field: &str, d: Date| {
        if d > today {
            Err(AppError::invalid(
                field,
                "Cette date ne peut pas être dans le futur.",
            ))
        } else {
            Ok(d)
        }
    };
    let command = match step {
        "report" => SanctionCommand::Report {
            breach: BreachKind::from_code(f.breach.trim()).ok_or_else(|| {
                AppError::invalid("manquement", "Choisissez le manquement dans la liste.")
            })?,
            facts: text(
                "faits",
                &f.facts,
                10,
                2000,
                "les faits (ce qui a été manqué, et quand)",
            )?,
            breach_on: not_future("date_manquement", date("date_manquement", &f.breach_on)?)?,
            recurrence: if f.repeated {
                Recurrence::Repeated
            } else {
                Recurrence::First
            },
            envisaged: sanction_figures(f)?,
            basis: match f.rsa_amount.trim() {
                "" => None,
                a => Some(
                    Cents::parse_fr(a)
                        .map_err(|e| AppError::invalid("montant_rsa", e.message_fr()))?,
                ),
            },
            household: None,
            screening: text(
                "examen",
                &f.screening,
                10,
                2000,
                "ce qui a été vérifié (motif légitime, santé, enfants, transport…)",
            )?,
        },
        "send_notice" => {
            let sent_on = not_future("envoye_le", date("envoye_le", &f.sent_on)?)?;
            let received_on = parse_date("recu_le", &f.received_on, false)?
                .map(|d| not_future("recu_le", d))
                .transpose()?;
            if received_on.is_some_and(|r| r < sent_on) {
                return Err(AppError::invalid(
                    "recu_le",
                    "Le courrier ne peut pas être reçu avant d'être envoyé.",
                ));
            }
            SanctionCommand::SendNotice {
                sent_on,
                received_on,
            }
        }
        "notice_received" => SanctionCommand::NoticeReceived {
            received_on: date("recu_le", &f.received_on)?,
        },
        "record_observations" => SanctionCommand::Observations {
            text: text("texte", &f.text, 2, 4000, "les observations de la personne")?,
        },
        "record_hearing" => SanctionCommand::Hearing {
            held_on: not_future("entendu_le", date("entendu_le", &f.held_on)?)?,
            notes: text("texte", &f.text, 2, 4000, "ce qui a été dit")?,
        },
        "refer" => SanctionCommand::Refer,
        "decide_none" => SanctionCommand::DecideNone {
            reason: text("texte", &f.text, 5, 2000, "la raison")?,
        },
        "decide" => {
            let starts_on = date("debut", &f.starts_on)?;
            if starts_on < today.month().first_day() {
                return Err(AppError::invalid(
                    "debut",
                    "Une suspension ne peut pas commencer dans un mois déjà passé.",
                ));
            }
            SanctionCommand::Decide {
                sanction: sanction_figures(f)?,
                starts_on,
                lift_action: text(
                    "pour_lever",
                    &f.lift_action,
                    10,
                    1000,
                    "ce que la personne doit faire pour lever la suspension",
                )?,
            }
        }
        "lift" => SanctionCommand::Lift {
            note: text("texte", &f.text, 5, 2000, "ce que la personne a fait")?,
        },
        "end" => SanctionCommand::End,
        _ => {
            return Err(AppError::invalid("etape", "Cette étape n'existe pas."));
        }
    };
    Ok(Command::Sanction(command))
}

/// An action of the accompaniment.
pub fn action(kind: &str, label: &str, start: &str) -> Result<Command, AppError> {
    let kind = ActionKind::from_code(kind.trim()).ok_or_else(|| {
        AppError::invalid("type_action", "Choisissez le type d'action dans la liste.")
    })?;
    Ok(Command::Action {
        kind,
        label: text("libelle", label, 2, 200, "l'intitulé de l'action")?,
        start_on: date("debut", start)?,
    })
}

/// The return-to-work form.
pub fn employment(
    employer: &str,
    sector: &str,
    start: &str,
    contract: &str,
    hours: &str,
    salary: &str,
) -> Result<Command, AppError> {
    let contract = match contract.trim() {
        "" => None,
        code => Some(ContractType::from_code(code).ok_or_else(|| {
            AppError::invalid("contrat", "Choisissez le type de contrat dans la liste.")
        })?),
    };
    let hours = optional_hours("heures", hours, JOB_HOURS)?;
    let salary = match salary.trim() {
        "" => None,
        s => Some(Cents::parse_fr(s).map_err(|e| AppError::invalid("salaire", e.message_fr()))?),
    };
    Command::employment(
        employer,
        sector,
        date("debut", start)?,
        contract,
        hours,
        salary,
    )
}

/// The bonus payment form.
pub fn bonus_paid(employment: i64, paid: &str) -> Result<Command, AppError> {
    Ok(Command::BonusPaid {
        employment,
        paid_on: date("verse_le", paid)?,
    })
}

/// The end of the accompaniment.
pub fn exit(reason: &str) -> Result<Command, AppError> {
    Ok(Command::Exit {
        reason: text("motif", reason, 2, 200, "le motif de la sortie")?,
    })
}

/// An internal note.
pub fn note(body: &str) -> Result<Command, AppError> {
    Ok(Command::Note {
        body: text("texte", body, 2, 2000, "le texte de la note")?,
    })
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

    #[test]
    fn forms_become_typed_commands_with_errors_on_their_field() {
        let today = Date::ymd(2026, 11, 29);
        // Sunday 29 November 2026, 10:00 in Paris.
        let now = paris_to_utc(today, 10, 0);
        // Tuesday 12 January 2027.
        match schedule("suivi", "12/01/2027", "9h", "Elbeuf", "Karim", false, now).unwrap() {
            Command::Schedule { purpose, .. } => assert_eq!(purpose, AppointmentPurpose::Suivi),
            other => panic!("{other:?}"),
        }
        let e = schedule("fete", "12/01/2027", "9h", "Elbeuf", "Karim", false, now).unwrap_err();
        assert!(e.field("objet").is_some());
        // Only what can be true: not in the past (an hour ago today neither), not beyond a year.
        for (day, hour) in [
            ("28/11/2026", "9h"),
            ("29/11/2026", "9h"),
            ("15/12/2027", "9h"),
        ] {
            let e = schedule("suivi", day, hour, "Elbeuf", "Karim", true, now).unwrap_err();
            assert!(e.field("date").is_some(), "{day} {hour}");
        }
        // A Sunday, or 23:30 on a weekday: only once confirmed.
        for (day, hour) in [
            ("03/01/2027", "10h"),
            ("12/01/2027", "23:30"),
            ("12/01/2027", "7h"),
        ] {
            let e = schedule("suivi", day, hour, "Elbeuf", "Karim", false, now).unwrap_err();
            assert!(e.field("confirmer").is_some(), "{day} {hour}");
            assert!(schedule("suivi", day, hour, "Elbeuf", "Karim", true, now).is_ok());
        }
        let none = PlanForm::default();
        let e = contract("2026-11-01", "2026-10-01", "", &none, today).unwrap_err();
        assert!(e.field("revision_le").is_some());
        let e = contract("2026-11-01", "", "36", &none, today).unwrap_err();
        assert!(e.field("heures").is_some());
        // A plan: its total is the contract's hours; an hour count without a name, or a plan
        // under 15 hours without its reason, is refused on its field.
        let plan = |rows: &[(&str, &str)], reason: &str| PlanForm {
            activities: rows
                .iter()
                .map(|(a, h)| (a.to_string(), h.to_string()))
                .collect(),
            reason: reason.into(),
            commitments: String::new(),
        };
        match contract(
            "2026-11-01",
            "",
            "20",
            &plan(&[("Atelier CV", "5"), ("", ""), ("Formation", "10")], ""),
            today,
        )
        .unwrap()
        {
            Command::Contract {
                weekly_hours, plan, ..
            } => {
                assert_eq!(weekly_hours, Some(15));
                assert_eq!(plan.unwrap().activities.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        let e = contract("2026-11-01", "", "", &plan(&[("", "5")], ""), today).unwrap_err();
        assert!(e.field("activite_1").is_some());
        let e = contract("2026-11-01", "", "", &plan(&[("Soins", "5")], ""), today).unwrap_err();
        assert!(e.field("heures_1").is_some());
        assert!(
            contract(
                "2026-11-01",
                "",
                "",
                &plan(&[("Soins", "5")], "health"),
                today
            )
            .is_ok()
        );
        let e = contract(
            "2026-11-01",
            "",
            "",
            &plan(&[("Soins", "5")], "lune"),
            today,
        )
        .unwrap_err();
        assert!(e.field("raison").is_some());
        let e = employment("EHPAD", "ehpad", "2026-11-02", "stage", "", "").unwrap_err();
        assert!(e.field("contrat").is_some());
        match employment(
            "EHPAD Les Tilleuls",
            "ehpad",
            "2026-11-02",
            "cdi",
            "24",
            "1 100,50",
        )
        .unwrap()
        {
            Command::Employment { salary, .. } => assert_eq!(salary, Some(Cents(110_050))),
            other => panic!("{other:?}"),
        }
        assert!(outcome("planned").is_err());
    }

    #[test]
    fn each_step_of_the_procedure_reads_its_own_fields() {
        let today = Date::ymd(2026, 11, 29);
        let form = SanctionForm {
            breach: "missed_appointments".into(),
            facts: "Deux rendez-vous manqués en novembre.".into(),
            breach_on: "2026-11-20".into(),
            rate_percent: "30 %".into(),
            months: "1".into(),
            screening: "Pas de motif légitime connu.".into(),
            ..SanctionForm::default()
        };
        match sanction("report", &form, today).unwrap() {
            Command::Sanction(SanctionCommand::Report {
                envisaged, basis, ..
            }) => {
                assert_eq!(envisaged.rate, Rate::ppm(300_000));
                assert_eq!(basis, None, "computed from the household when not typed");
            }
            other => panic!("{other:?}"),
        }
        let bad = SanctionForm {
            breach: "sleeping".into(),
            ..SanctionForm::default()
        };
        assert!(
            sanction("report", &bad, today)
                .unwrap_err()
                .field("manquement")
                .is_some()
        );
        let future = SanctionForm {
            breach_on: "2026-12-01".into(),
            ..form
        };
        assert!(
            sanction("report", &future, today)
                .unwrap_err()
                .field("date_manquement")
                .is_some()
        );
        let notice = SanctionForm {
            sent_on: "2026-11-25".into(),
            received_on: "2026-11-24".into(),
            ..SanctionForm::default()
        };
        assert!(
            sanction("send_notice", &notice, today)
                .unwrap_err()
                .field("recu_le")
                .is_some()
        );
        let decide = SanctionForm {
            rate_percent: "30".into(),
            months: "1".into(),
            starts_on: "2026-10-01".into(),
            lift_action: "Venir au prochain rendez-vous.".into(),
            ..SanctionForm::default()
        };
        assert!(
            sanction("decide", &decide, today)
                .unwrap_err()
                .field("debut")
                .is_some(),
            "no suspension in a month already past"
        );
        assert!(
            sanction("jump", &decide, today)
                .unwrap_err()
                .field("etape")
                .is_some()
        );
    }
}
