//! What staff type in the forms of a person's file, parsed once into typed [`Command`]s: dates,
//! times, amounts and codes are checked here and travel typed from then on. Every error names the
//! form field it belongs to, in plain French.
use passerelle::pathway::{
    ActionKind, AppointmentPurpose, AppointmentStatus, Orientation, ReferentOrganisation,
};
use passerelle::{Cents, ContractType, Date};
use time::OffsetDateTime;

use super::super::{paris, to_time_date};
use super::commands::{CONTRACT_HOURS, Command, JOB_HOURS, within};
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
    today: Date,
) -> Result<Command, AppError> {
    let purpose = match purpose.trim() {
        "" => AppointmentPurpose::Orientation,
        code => AppointmentPurpose::from_code(code).ok_or_else(|| {
            AppError::invalid("objet", "Choisissez l'objet du rendez-vous dans la liste.")
        })?,
    };
    let day = date("date", day)?;
    if day.days_since(today).abs() > 366 {
        return Err(AppError::invalid(
            "date",
            "Choisissez une date dans l'année qui vient (ou l'année passée).",
        ));
    }
    let (h, m) = parse_time("heure", hour)?;
    Ok(Command::Schedule {
        purpose,
        starts_at: paris_to_utc(day, h, m),
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

/// The contract form.
pub fn contract(signed: &str, review: &str, hours: &str, today: Date) -> Result<Command, AppError> {
    let signed_on = date("signe_le", signed)?;
    let review_on = parse_date("revision_le", review, false)?;
    let weekly_hours = optional_hours("heures", hours, CONTRACT_HOURS)?;
    Command::contract(signed_on, review_on, weekly_hours, today)
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
        match schedule("suivi", "12/01/2027", "9h", "Elbeuf", "Karim", today).unwrap() {
            Command::Schedule { purpose, .. } => assert_eq!(purpose, AppointmentPurpose::Suivi),
            other => panic!("{other:?}"),
        }
        let e = schedule("fete", "12/01/2027", "9h", "Elbeuf", "Karim", today).unwrap_err();
        assert!(e.field("objet").is_some());
        let e = contract("2026-11-01", "2026-10-01", "", today).unwrap_err();
        assert!(e.field("revision_le").is_some());
        let e = contract("2026-11-01", "", "36", today).unwrap_err();
        assert!(e.field("heures").is_some());
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
}
