//! One demo person's pathway from their entry up to today, step by step through the core status
//! machine ([`Person::take`]), with the timeline, appointments and job that go with each step.
use passerelle::pathway::{AppointmentStatus, Transition};
use passerelle::{Date, SchemeDefinition};
use serde_json::json;
use time::OffsetDateTime;

use super::people::{FIRST_NAMES, Job, LAST_NAMES, OFFICERS, PLACES, Person, Rng};

/// The first working day (Monday to Friday) from `date`: the demo's appointments are on days
/// the offices receive people.
pub(super) fn working_day(date: Date) -> Date {
    match date.days_from_monday() {
        5 => date.add_days(2),
        6 => date.add_days(1),
        _ => date,
    }
}

pub(super) fn at(date: Date, hour: u8, minute: u8) -> OffsetDateTime {
    app::ssr::pathway::paris_to_utc(date, hour, minute)
}

/// Builds one person's pathway from their entry date up to `today`.
pub(super) fn simulate_pathway(rng: &mut Rng, p: &mut Person, today: Date, new_entrant: bool) {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let mut day = p.entry;
    let age = p.birth_date.age_on(today);
    p.events.push((
        p.entry,
        "entered",
        "Entrée au RSA : votre dossier est ouvert".into(),
        String::new(),
        json!({}),
    ));
    let step = |d: Date| d <= today;

    // Invitation, then an orientation appointment; a missed or excused one is followed by another.
    day = day.add_days(rng.range(2, 8));
    if !step(day) {
        return;
    }
    p.events.push((
        day,
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
        json!({}),
    ));
    p.take(Transition::Invite, day);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let booked = day.add_days(rng.range(1, 4));
        if !step(booked) {
            return;
        }
        let when = working_day(booked.add_days(rng.range(8, if new_entrant { 28 } else { 40 })));
        let time = at(
            when,
            *rng.pick(&[9u8, 10, 11, 14, 15, 16]),
            *rng.pick(&[0u8, 30]),
        );
        let place = *rng.pick(&PLACES);
        let officer = *rng.pick(&OFFICERS);
        let label = app::ssr::pathway::when_label(time);
        p.events.push((
            booked,
            "appointment_planned",
            format!("Rendez-vous d'orientation prévu le {label}"),
            format!("Lieu : {place}. Avec : {officer}."), json!({ "purpose": "orientation", "starts_at": time.unix_timestamp(), "place": place, "officer": officer })));
        p.take(Transition::ScheduleAppointment, booked);
        if when > today {
            p.appointments
                .push((0, "orientation", time, place, officer, "planned"));
            return;
        }
        let roll = rng.range(0, 99);
        let outcome = if attempts > 2 || roll < 82 {
            AppointmentStatus::Held
        } else if roll < 94 {
            AppointmentStatus::Missed
        } else {
            AppointmentStatus::Excused
        };
        p.appointments
            .push((0, "orientation", time, place, officer, outcome.code()));
        let word = outcome.label_fr().to_lowercase();
        p.events.push((
            when,
            "appointment_outcome",
            format!("Rendez-vous d'orientation du {label} : {word}"),
            String::new(), json!({ "purpose": "orientation", "starts_at": time.unix_timestamp(), "outcome": outcome.code() })));
        day = when;
        p.take(Transition::AppointmentOutcome(outcome), when);
        match outcome {
            AppointmentStatus::Held => break,
            AppointmentStatus::Missed => {
                day = when.add_days(rng.range(2, 10));
                if !step(day) {
                    return;
                }
                p.events.push((
                    day,
                    "invited",
                    "Nouvelle invitation au rendez-vous d'orientation".into(),
                    String::new(),
                    json!({}),
                ));
                p.take(Transition::Invite, day);
            }
            // Excused: invited again by the outcome itself.
            _ => {}
        }
    }

    // The decision, usually taken at the interview.
    let decided = if rng.chance(85) {
        day
    } else {
        day.add_days(rng.range(1, 7))
    };
    if !step(decided) {
        return;
    }
    let roll = rng.range(0, 99);
    let (orientation, org) = if roll < 45 {
        (
            "professionnel",
            if age < 26 {
                "mission_locale"
            } else if rng.chance(6) {
                "cap_emploi"
            } else {
                "france_travail"
            },
        )
    } else if roll < 80 {
        (
            "socio_professionnel",
            *rng.pick(&[
                "departement",
                "departement",
                "ccas",
                "plie",
                "france_travail",
            ]),
        )
    } else {
        (
            "social",
            *rng.pick(&["departement", "departement", "departement", "ccas"]),
        )
    };
    let referent = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
    p.oriented_on = Some(decided);
    p.orientation = Some(orientation);
    p.referent_org = Some(org);
    p.referent_contact = Some(format!(
        "02 35 {:02} {:02} {:02}",
        rng.range(10, 99),
        rng.range(10, 99),
        rng.range(10, 99)
    ));
    p.referent_name = Some(referent);
    let orient_label = passerelle::pathway::Orientation::from_code(orientation)
        .map(|o| o.label_fr())
        .unwrap_or("");
    let org_label = passerelle::pathway::ReferentOrganisation::from_code(org)
        .map(|o| o.label_fr())
        .unwrap_or("");
    p.events.push((
        decided,
        "oriented",
        format!("Orientation décidée : {orient_label} — référent : {org_label}"),
        String::new(),
        json!({ "orientation": orientation, "organisation": org, "referent": p.referent_name }),
    ));
    p.take(Transition::DecideOrientation, decided);

    // The contrat d'engagement, then actions, a return to work, an exit.
    let signed = decided.add_days(rng.range(7, 35));
    if !step(signed) || !rng.chance(88) {
        return;
    }
    let hours = if orientation == "social" {
        rng.range(0, 10)
    } else {
        15
    };
    p.contract_signed_on = Some(signed);
    p.contract_review_on = Some(signed.add_days(rng.range(90, 180)));
    p.contract_hours = Some(hours);
    p.events.push((
        signed,
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed.label_fr()),
        format!("{hours} heures d'activité par semaine."),
        json!({ "signed_on": signed.to_string(), "weekly_hours": hours }),
    ));
    p.take(Transition::SignContract, signed);
    if rng.chance(40) {
        let start = signed.add_days(rng.range(10, 60));
        if step(start) {
            let (kind, what) = *rng.pick(&[
                ("Formation", "Remise à niveau en français et calcul"),
                (
                    "Immersion en entreprise",
                    "Découverte du métier d'aide à domicile",
                ),
                ("Accompagnement", "Atelier CV et entretien d'embauche"),
                (
                    "Formation",
                    "Titre professionnel d'assistant de vie aux familles",
                ),
            ]);
            p.events.push((
                start,
                "action",
                format!("{kind} : {what}"),
                format!("À partir du {}.", start.label_fr()), json!({ "action": passerelle::pathway::ActionKind::ALL.into_iter().find(|a| a.label_fr() == kind).map(|a| a.code()), "label": what, "start_on": start.to_string() })));
        }
    }
    if orientation != "social" && rng.chance(if new_entrant { 18 } else { 30 }) {
        let start = signed.add_days(rng.range(30, 270));
        if step(start) {
            let sector = *rng.pick(&[
                "ehpad", "saad", "autre", "autre", "autre", "autre", "autre", "autre",
            ]);
            let employer = match sector {
                "ehpad" => format!(
                    "EHPAD Les {}",
                    rng.pick(&["Tilleuls", "Glycines", "Charmilles", "Peupliers"])
                ),
                "saad" => format!(
                    "{} Aide à domicile",
                    rng.pick(&["ADMR", "Vivre chez soi", "Présence", "Domicile Plus"])
                ),
                _ => format!(
                    "{} {}",
                    rng.pick(&[
                        "Boulangerie",
                        "Entrepôt",
                        "Supermarché",
                        "Mairie de",
                        "Garage"
                    ]),
                    rng.pick(&LAST_NAMES)
                ),
            };
            let in_scheme =
                passerelle::scheme_covering_job(std::slice::from_ref(&scheme), start, sector)
                    .is_some();
            let (months, bonus) = if in_scheme {
                (
                    i64::from(scheme.neutralised_months),
                    scheme.bonus_amount.get(),
                )
            } else {
                (0, 0)
            };
            let salary = rng.range(700, 1500) * 100;
            let contract = *rng.pick(&["cdi", "cdd", "cdd", "interim"]);
            let detail = if in_scheme {
                format!(
                    "Dispositif « {} » : le RSA est gardé en plus du salaire pendant {} mois, et une prime de {} est prévue.",
                    scheme.name_fr,
                    scheme.neutralised_months,
                    scheme.bonus_amount.format_eur()
                )
            } else {
                String::new()
            };
            let sector_label = scheme
                .sector(sector)
                .map(|s| s.label_fr.clone())
                .unwrap_or_else(|| "Autre secteur".into());
            p.events.push((
                start,
                "return_to_work",
                format!(
                    "Reprise d'emploi le {} : {employer} ({sector_label})",
                    start.label_fr()
                ),
                detail, json!({ "start_on": start.to_string(), "employer": employer, "sector": sector, "sector_fr": sector_label, "scheme_months": in_scheme.then_some(months), "bonus_cents": in_scheme.then_some(bonus) })));
            let paid = in_scheme && start.add_days(35) <= today;
            if paid {
                p.events.push((
                    start.add_days(35),
                    "bonus_paid",
                    format!(
                        "Prime de reprise d'emploi de {} versée le {}",
                        passerelle::Cents(bonus).format_eur(),
                        start.add_days(35).label_fr()
                    ),
                    String::new(),
                    json!({ "bonus_cents": bonus, "paid_on": start.add_days(35).to_string() }),
                ));
            }
            p.employment = Some(Job {
                employer,
                sector,
                start,
                contract: Some(contract),
                hours: Some(rng.range(18, 35)),
                salary,
                bonus,
                paid,
            });
            p.take(Transition::ReturnToWork, start);
            let _ = months;
        }
    }
    if rng.chance(if new_entrant { 6 } else { 22 }) {
        let out = p.status_since.add_days(rng.range(60, 400));
        if step(out) {
            let reason = *rng.pick(&[
                "Fin de droits au RSA",
                "Déménagement hors du département",
                "Emploi durable",
                "Ressources au-dessus du plafond",
            ]);
            p.events.push((
                out,
                "exit",
                "Fin de l'accompagnement".into(),
                reason.into(),
                json!({}),
            ));
            p.take(Transition::Exit, out);
            p.exit_reason = Some(reason);
        }
    }
    // People still accompanied see their referent now and then: a recent follow-up, so that
    // their file is active (files of people gone for more than 2 years are purged).
    let last = p.events.iter().map(|e| e.0).max().unwrap_or(p.entry);
    if p.status != passerelle::pathway::PathwayStatus::Exited && today.days_since(last) > 180 {
        let seen = today.add_days(-rng.range(5, 170));
        p.events.push((
            seen,
            "follow_up",
            "Point d'étape avec votre référent".into(),
            String::new(),
            json!({}),
        ));
    }
}
