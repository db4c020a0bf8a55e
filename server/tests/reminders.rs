//! Messages Passerelle sends on its own, on both engines: the invitation of a new entrant, its
//! reminder 3 days later only without an answer, the reminder 48 hours before an appointment
//! (none for a cancelled or moved one), the new date proposed after a missed appointment, quiet
//! hours, the person's refusal of a channel, and no message ever written twice — by a job run
//! again after its lease expired, or by several workers at once.
mod common;

use app::ssr::jobs::{NewJob, Outcome};
use common::{
    TestApp,
    fixtures::{Actor, seed, signed_in},
};
use time::{Duration, OffsetDateTime, macros::datetime};

on_both_engines!(
    a_new_entrant_is_invited_once_with_a_link,
    the_invitation_reminder_goes_after_three_days_only_without_an_answer,
    nothing_goes_out_between_eight_in_the_evening_and_eight_in_the_morning,
    appointments_are_recalled_48_hours_before_unless_cancelled_or_moved,
    a_missed_appointment_brings_a_new_date_and_a_call_back_list,
    a_refused_channel_is_not_used,
    a_job_taken_again_after_its_lease_writes_its_message_once,
    concurrent_workers_send_each_message_once,
    staff_see_what_was_sent_and_what_is_planned,
    the_dashboard_counts_answers_and_missed_appointments_with_and_without_a_reminder,
);

/// How long a worker keeps a job it took (the server's setting is 5 minutes).
const LEASE: Duration = Duration::minutes(2);

/// A scheduled message as written in the outbox.
#[derive(Debug, sqlx::FromRow)]
struct Written {
    purpose: String,
    channel: String,
    recipient: String,
    body: String,
    idempotency_key: Option<String>,
    beneficiary_id: i64,
}

async fn written(app: &TestApp) -> Vec<Written> {
    const SQL: &str = "SELECT purpose, channel, recipient, body, idempotency_key, beneficiary_id FROM outbox_message \
                       WHERE purpose IS NOT NULL AND purpose <> 'appointment_planned' ORDER BY message_id";
    app::with_pool!(app.db(), |pool| sqlx::query_as(SQL)
        .fetch_all(pool)
        .await
        .unwrap())
}

async fn of_purpose(app: &TestApp, purpose: &str) -> Vec<Written> {
    written(app)
        .await
        .into_iter()
        .filter(|w| w.purpose == purpose)
        .collect()
}

/// Runs every job due at `at` (a fixed instant, so quiet hours do not depend on when the test
/// runs).
async fn run_at(app: &TestApp, at: OffsetDateTime) -> usize {
    app.db()
        .run_due_jobs(Some("https://passerelle.example.fr"), 50, at, LEASE)
        .await
        .unwrap()
}

/// Another person of Boucles de Seine, with a phone and no e-mail.
async fn add_person(app: &TestApp, file: &str, first: &str, last: &str, phone: &str) -> i64 {
    app.db()
        .insert_beneficiary(&common::fixtures::beneficiary(
            file,
            first,
            last,
            Some(phone),
            None,
        ))
        .await
        .unwrap()
}

/// When the pending jobs of `kind` are due, soonest first.
async fn due_of(app: &TestApp, kind: &str) -> Vec<OffsetDateTime> {
    const SQL: &str = "SELECT next_attempt_at FROM scheduled_job WHERE kind = $1 AND status = 'pending' \
                       ORDER BY next_attempt_at";
    app::with_pool!(app.db(), |pool| sqlx::query_scalar(SQL)
        .bind(kind)
        .fetch_all(pool)
        .await
        .unwrap())
}

/// 10:00 in Paris, `days` days from now.
fn daytime_in(days: i64) -> OffsetDateTime {
    let d = OffsetDateTime::now_utc().date() + Duration::days(days);
    d.with_hms(9, 0, 0).unwrap().assume_utc()
}

async fn a_new_entrant_is_invited_once_with_a_link(app: TestApp) {
    let people = seed(&app).await;
    let now = app::ssr::clock::now();
    let job = NewJob::invitation(people.a, now.date(), now);
    assert!(app.db().schedule_job(&job).await.unwrap());
    // Scheduling the same entry again keeps one job.
    assert!(!app.db().schedule_job(&job).await.unwrap());

    // Before it is due (it is due now, or at 08:00 when scheduled at night): nothing.
    assert_eq!(run_at(&app, job.due_at - Duration::seconds(1)).await, 0);
    assert_eq!(run_at(&app, daytime_in(1)).await, 1);
    let sent = of_purpose(&app, "invitation").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].channel, "sms");
    assert_eq!(sent[0].recipient, "06 12 34 56 78");
    assert!(
        sent[0]
            .body
            .contains("https://passerelle.example.fr/mon-parcours"),
        "{}",
        sent[0].body
    );
    assert!(sent[0].body.contains("02 76 51 63 40"));
    assert_eq!(sent[0].idempotency_key.as_deref(), Some(job.key.as_str()));

    // The pathway moved to "invited", as if staff had invited, and the reminder is planned.
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["status"], "invited");
    let audit = app.audit_rows(50).await;
    assert!(
        audit
            .iter()
            .any(|r| r.action == "invite" && r.actor_kind == "system"),
        "the system's invitation is audited"
    );
    // Run again, even much later: nothing more.
    assert_eq!(run_at(&app, daytime_in(1)).await, 0);
    assert_eq!(of_purpose(&app, "invitation").await.len(), 1);

    // A person staff invited first gets no second invitation from the job.
    let job_b = NewJob::invitation(people.b, now.date(), now);
    app.db().schedule_job(&job_b).await.unwrap();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let res = officer
        .call("/api/agent/inviter", &[("personne", &people.b.to_string())])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(run_at(&app, daytime_in(1)).await, 1);
    let to_b: Vec<Written> = of_purpose(&app, "invitation")
        .await
        .into_iter()
        .filter(|w| w.beneficiary_id == people.b)
        .collect();
    assert_eq!(to_b.len(), 1, "only the staff's invitation: {to_b:?}");
    assert_eq!(to_b[0].idempotency_key, None);
}

async fn the_invitation_reminder_goes_after_three_days_only_without_an_answer(app: TestApp) {
    let people = seed(&app).await;
    let mut officer = signed_in(&app, Actor::Charge).await;
    for id in [people.a, people.b] {
        let res = officer
            .call("/api/agent/inviter", &[("personne", &id.to_string())])
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    // B answers: a question to the staff.
    let mut b = signed_in(&app, Actor::BeneficiaryB).await;
    let res = b
        .call(
            "/api/parcours/question",
            &[("texte", "Quand puis-je venir ?")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);

    let dues = due_of(&app, "invitation_reminder").await;
    assert_eq!(dues.len(), 2);
    let (first, due) = (dues[0], dues[1]);
    let now = OffsetDateTime::now_utc();
    assert!(first >= now + Duration::days(3) - Duration::minutes(1));
    assert!(due <= now + Duration::days(3) + Duration::hours(13));
    // Two days later: nothing is due yet.
    assert_eq!(run_at(&app, first - Duration::days(1)).await, 0);
    assert!(of_purpose(&app, "invitation_reminder").await.is_empty());
    // Three days later: A is reminded, B (who wrote) is not.
    assert_eq!(run_at(&app, due).await, 2);
    let sent = of_purpose(&app, "invitation_reminder").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].beneficiary_id, people.a);
    assert!(
        sent[0].body.contains("pas encore fixée"),
        "{}",
        sent[0].body
    );

    // Invited twice: one reminder, for the latest invitation.
    let d = add_person(&app, "1000008", "Jules", "Moreau", "06 00 00 00 08")
        .await
        .to_string();
    for _ in 0..2 {
        let res = officer
            .call("/api/agent/inviter", &[("personne", &d)])
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    assert_eq!(due_of(&app, "invitation_reminder").await.len(), 1);

    // Someone who booked in between is not reminded either.
    let mut officer2 = signed_in(&app, Actor::Charge).await;
    let c = add_person(&app, "1000009", "Inès", "Petit", "06 00 00 00 09")
        .await
        .to_string();
    officer2
        .call("/api/agent/inviter", &[("personne", &c)])
        .await;
    let res = officer2.plan_orientation_interview(&c).await;
    assert_eq!(res.status, 200, "{}", res.body);
    run_at(&app, due + Duration::days(1)).await;
    let sent = of_purpose(&app, "invitation_reminder").await;
    assert_eq!(sent.len(), 2, "A, and D once: {sent:?}");
}

async fn nothing_goes_out_between_eight_in_the_evening_and_eight_in_the_morning(app: TestApp) {
    let people = seed(&app).await;
    // A missed-appointment message due at 21:30 in Paris (winter: 20:30 UTC).
    let evening = datetime!(2026-12-07 20:30 UTC);
    let mut job = NewJob::invitation(people.a, evening.date(), evening);
    assert_eq!(
        job.due_at,
        datetime!(2026-12-08 07:00 UTC),
        "scheduled at night, due at 08:00"
    );
    // Even forced due at night (a backlog after an outage), it waits for the morning.
    job.due_at = evening;
    app.db().schedule_job(&job).await.unwrap();
    let taken = app.db().take_due_jobs(10, evening, LEASE).await.unwrap();
    assert_eq!(taken.len(), 1);
    assert_eq!(
        app.db().run_job(&taken[0], None, evening).await.unwrap(),
        Outcome::Postponed
    );
    assert!(written(&app).await.is_empty());
    // 07:59 in Paris: still nothing; 08:00: it goes.
    assert_eq!(run_at(&app, datetime!(2026-12-08 06:59 UTC)).await, 0);
    assert_eq!(run_at(&app, datetime!(2026-12-08 07:00 UTC)).await, 1);
    assert_eq!(of_purpose(&app, "invitation").await.len(), 1);
}

/// Plans an appointment for `person` in `days` days at 14:30 Paris.
async fn plan(officer: &mut common::Client<'_>, person: &str, days: i64) -> OffsetDateTime {
    let date = OffsetDateTime::now_utc().date() + Duration::days(days);
    let res = officer
        .call(
            "/api/agent/rendez-vous",
            &[
                ("personne", person),
                ("objet", "suivi"),
                ("date", &date.to_string()),
                ("heure", "14:30"),
                ("lieu", "Centre médico-social, Elbeuf"),
                ("agent", "Karim"),
                // The day may be a weekend: booked on purpose.
                ("confirmer", "1"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    app::ssr::pathway::paris_to_utc(
        passerelle::Date::new(date.year(), date.month() as u8, date.day()).unwrap(),
        14,
        30,
    )
}

async fn appointments_are_recalled_48_hours_before_unless_cancelled_or_moved(app: TestApp) {
    let people = seed(&app).await;
    let (a, b) = (people.a.to_string(), people.b.to_string());
    let mut officer = signed_in(&app, Actor::Charge).await;
    for p in [&a, &b] {
        officer.call("/api/agent/inviter", &[("personne", p)]).await;
    }
    let starts = plan(&mut officer, &a, 20).await;
    let starts_b = plan(&mut officer, &b, 20).await;
    // B's appointment is cancelled before its reminder.
    officer.record_outcome_of_newest(&b, "cancelled").await;

    let due = starts - Duration::hours(48);
    assert_eq!(starts_b, starts);
    // One minute before 48 hours: nothing; at 48 hours: A's reminder, with date and place.
    run_at(&app, due - Duration::minutes(1)).await;
    assert!(of_purpose(&app, "appointment_reminder").await.is_empty());
    run_at(&app, due).await;
    let sent = of_purpose(&app, "appointment_reminder").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].beneficiary_id, people.a);
    let body = &sent[0].body;
    assert!(body.contains("à 14 h 30"), "{body}");
    assert!(body.contains("Centre médico-social, Elbeuf"), "{body}");
    assert!(body.contains("02 76 51 63 40"), "{body}");

    // An appointment planned for the day after tomorrow, at 14:30, less than 48 hours ahead or
    // nearly: recalled at once (in the daytime), never after it starts.
    let c = add_person(&app, "1000009", "Inès", "Petit", "06 00 00 00 09")
        .await
        .to_string();
    officer
        .call("/api/agent/inviter", &[("personne", &c)])
        .await;
    let planned_at = app::ssr::clock::now();
    let soon = plan(&mut officer, &c, 2).await;
    let dues = due_of(&app, "appointment_reminder").await;
    assert_eq!(dues.len(), 1, "C's reminder (B's was stood down when run)");
    assert!(
        dues[0] >= planned_at && dues[0] <= soon - Duration::hours(6),
        "{dues:?}"
    );
    assert!(dues[0] <= (soon - Duration::hours(48)).max(planned_at + Duration::hours(13)));
    run_at(&app, dues[0]).await;
    assert_eq!(of_purpose(&app, "appointment_reminder").await.len(), 2);
}

async fn a_missed_appointment_brings_a_new_date_and_a_call_back_list(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    officer
        .call("/api/agent/inviter", &[("personne", &a)])
        .await;
    let res = officer.plan_orientation_interview(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    officer.record_outcome_of_newest(&a, "missed").await;
    run_at(&app, daytime_in(1)).await;
    let sent = of_purpose(&app, "missed_followup").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].body.contains("nouvelle date"), "{}", sent[0].body);

    // Staff of the unit see A on the call-back list; staff of another unit do not.
    let list = officer
        .call("/api/agent/rendez-vous-manques", &[])
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["id"], people.a);
    let mut other = signed_in(&app, Actor::ManagerOtherUnit).await;
    let theirs = other
        .call("/api/agent/rendez-vous-manques", &[])
        .await
        .json();
    assert_eq!(theirs.as_array().unwrap().len(), 0);
    // A new date: off the list.
    let res = officer.plan_orientation_interview(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = officer
        .call("/api/agent/rendez-vous-manques", &[])
        .await
        .json();
    assert_eq!(list.as_array().unwrap().len(), 0, "{list}");
}

async fn a_refused_channel_is_not_used(app: TestApp) {
    let people = seed(&app).await;
    // A (phone and e-mail) refuses SMS: messages go by e-mail.
    let mut a = signed_in(&app, Actor::BeneficiaryA).await;
    let res = a.call("/api/parcours/canaux", &[("email", "oui")]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = a.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["sms_refused"], true);
    assert_eq!(mine["email_refused"], false);
    // B (e-mail only) refuses everything: nothing is written.
    let mut b = signed_in(&app, Actor::BeneficiaryB).await;
    let res = b.call("/api/parcours/canaux", &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);

    let now = app::ssr::clock::now();
    for id in [people.a, people.b] {
        app.db()
            .schedule_job(&NewJob::invitation(id, now.date(), now))
            .await
            .unwrap();
    }
    run_at(&app, daytime_in(1)).await;
    let sent = of_purpose(&app, "invitation").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].channel, "email");
    assert_eq!(sent[0].recipient, "camille@example.test");
    // Both were still invited (the pathway moved on), and the choice is audited.
    let mut officer = signed_in(&app, Actor::Charge).await;
    let file = officer
        .call("/api/agent/dossier", &[("id", &people.b.to_string())])
        .await
        .json();
    assert_eq!(file["view"]["status"], "invited");
    assert_eq!(file["refused_channels"], serde_json::json!(["e-mail"]));
    let audit = app.audit_rows(100).await;
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "message_channels_chosen")
            .count(),
        2
    );
}

async fn a_job_taken_again_after_its_lease_writes_its_message_once(app: TestApp) {
    let people = seed(&app).await;
    let at = daytime_in(1);
    let invited = at - Duration::days(3);
    sqlx_set_invited(&app, people.a).await;
    let job = NewJob::invitation_reminder(people.a, invited);
    app.db().schedule_job(&job).await.unwrap();
    let when = job.due_at;
    // Server 1 takes the job, then stalls; after the lease (2 minutes here) server 2 takes it
    // again.
    let first = app.db().take_due_jobs(10, when, LEASE).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        app.db()
            .take_due_jobs(10, when + Duration::seconds(60), LEASE)
            .await
            .unwrap()
            .is_empty(),
        "leased"
    );
    let second = app
        .db()
        .take_due_jobs(10, when + Duration::seconds(121), LEASE)
        .await
        .unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].attempts, first[0].attempts + 1);
    // Server 2 finishes; server 1 wakes up and finds the job no longer its own.
    let t = when + Duration::seconds(122);
    assert_eq!(
        app.db().run_job(&second[0], None, t).await.unwrap(),
        Outcome::Sent
    );
    assert_eq!(
        app.db().run_job(&first[0], None, t).await.unwrap(),
        Outcome::Lost
    );
    assert_eq!(of_purpose(&app, "invitation_reminder").await.len(), 1);
}

/// Puts person `id` at "invited" (as staff would) without writing anything else.
async fn sqlx_set_invited(app: &TestApp, id: i64) {
    app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE beneficiary SET status = 'invited' WHERE beneficiary_id = $1"
    )
    .bind(id)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
}

async fn concurrent_workers_send_each_message_once(app: TestApp) {
    seed(&app).await;
    // 200 people invited 3 days ago, each with a reminder due now.
    let at = daytime_in(1);
    let mut ids = Vec::new();
    for i in 0..200 {
        let id = add_person(
            &app,
            &format!("2{i:06}"),
            "Personne",
            &format!("Numéro {i}"),
            "06 11 22 33 44",
        )
        .await;
        sqlx_set_invited(&app, id).await;
        app.db()
            .schedule_job(&NewJob::invitation_reminder(id, at - Duration::days(3)))
            .await
            .unwrap();
        ids.push(id);
    }
    let due = NewJob::invitation_reminder(ids[0], at - Duration::days(3)).due_at;
    // Four workers at once, each taking small batches.
    let mut workers = Vec::new();
    for _ in 0..4 {
        let db = app.db().clone();
        workers.push(tokio::spawn(async move {
            db.run_due_jobs(None, 7, due, LEASE).await.unwrap()
        }));
    }
    let mut taken = 0;
    for w in workers {
        taken += w.await.unwrap();
    }
    assert_eq!(taken, 200, "each job taken once");
    let sent = of_purpose(&app, "invitation_reminder").await;
    assert_eq!(sent.len(), 200);
    let mut people: Vec<i64> = sent.iter().map(|w| w.beneficiary_id).collect();
    people.sort();
    people.dedup();
    assert_eq!(people.len(), 200, "one message per person");
}

async fn staff_see_what_was_sent_and_what_is_planned(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    officer
        .call("/api/agent/inviter", &[("personne", &a)])
        .await;
    plan(&mut officer, &a, 20).await;
    app.db()
        .deliver_pending(&app.state.config.senders, 100)
        .await
        .unwrap();
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let sent = file["sent"].as_array().unwrap();
    assert!(
        sent.iter()
            .any(|m| m["about"] == "Invitation au rendez-vous d'orientation"
                && m["channel"] == "SMS"
                && m["state"].as_str().unwrap().starts_with("Envoyé le")),
        "{sent:?}"
    );
    let planned = file["planned"].as_array().unwrap();
    let abouts: Vec<&str> = planned
        .iter()
        .map(|p| p["about"].as_str().unwrap())
        .collect();
    assert!(abouts.contains(&"Rappel de l'invitation"), "{abouts:?}");
    assert!(
        abouts.contains(&"Rappel 48 h avant le rendez-vous"),
        "{abouts:?}"
    );
    // The person finds them in "Mes données" too, with their channel choices.
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let mine = person.call("/api/mes-donnees", &[]).await.json();
    let planned: Vec<&str> = mine["planned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["about"].as_str().unwrap())
        .collect();
    assert!(
        planned.contains(&"Rappel 48 h avant le rendez-vous"),
        "{mine}"
    );
    assert_eq!(mine["file"]["sms_refused"], false);
    // The page shows them.
    let page = officer.get(&format!("/agent/personnes/{a}")).await;
    assert!(
        page.body.contains("Messages envoyés par Passerelle"),
        "page"
    );
    assert!(page.body.contains("Rappel 48 h avant le rendez-vous"));
    // Staff screens speak about the person, not to them.
    assert!(page.body.contains("Où en est le parcours"), "staff heading");
    for to_the_person in [
        "Où en êtes-vous",
        "Votre rendez-vous d'orientation",
        "Les étapes de votre parcours",
    ] {
        assert!(!page.body.contains(to_the_person), "{to_the_person}");
    }
}

async fn the_dashboard_counts_answers_and_missed_appointments_with_and_without_a_reminder(
    app: TestApp,
) {
    let people = seed(&app).await;
    let (a, b) = (people.a.to_string(), people.b.to_string());
    let mut officer = signed_in(&app, Actor::Charge).await;
    let c = add_person(&app, "1000009", "Inès", "Petit", "06 00 00 00 09")
        .await
        .to_string();
    for p in [&a, &b, &c] {
        officer.call("/api/agent/inviter", &[("personne", p)]).await;
    }
    // B then refuses every channel: no reminder can reach her.
    let mut person_b = signed_in(&app, Actor::BeneficiaryB).await;
    person_b.call("/api/parcours/canaux", &[]).await;
    // A and B book (within 7 days of their invitation); C does not answer.
    let starts = plan(&mut officer, &a, 20).await;
    plan(&mut officer, &b, 20).await;
    run_at(&app, starts - Duration::hours(48)).await;
    assert_eq!(of_purpose(&app, "appointment_reminder").await.len(), 1);
    // A (reminded) misses it, B (not reminded) comes.
    for (p, outcome) in [(&a, "missed"), (&b, "held")] {
        officer.record_outcome_of_newest(p, outcome).await;
    }
    let today = app::clock::today().month();
    let f = app::ssr::dashboard::Filter {
        from: today,
        to: today.add_months(2),
        unit: Some("BDS".to_string()),
    };
    let reach = app.db().dashboard_reach(&f).await.unwrap();
    assert_eq!(reach.invitations, 3, "{reach:?}");
    assert_eq!(reach.answered_within_7_days, 2, "{reach:?}");
    assert_eq!((reach.reminded, reach.reminded_missed), (1, 1), "{reach:?}");
    assert_eq!(
        (reach.not_reminded, reach.not_reminded_missed),
        (1, 0),
        "{reach:?}"
    );
    // Another unit's view counts none of them.
    let other = app::ssr::dashboard::Filter {
        unit: Some("ROU".to_string()),
        ..f
    };
    assert_eq!(
        app.db().dashboard_reach(&other).await.unwrap().invitations,
        0
    );
}
