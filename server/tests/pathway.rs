//! "Mon parcours" and the staff screens, through the real router, on both engines: an officer
//! records a whole pathway and the beneficiary sees each step; refusals, scoping, audit, inbox.
mod common;

use common::{
    TestApp, dates,
    fixtures::{Actor, beneficiary, second_officer, seed, signed_in},
};

on_both_engines!(
    an_officer_records_a_whole_pathway_and_the_person_sees_it,
    a_transition_out_of_order_is_refused_and_nothing_is_written,
    agents_read_and_answer_but_do_not_decide,
    other_units_and_other_people_see_nothing,
    questions_reach_the_inbox_and_answers_come_back,
    search_is_accent_insensitive_and_paginated,
    the_worklist_puts_the_longest_waits_first,
    appointments_download_as_calendar_files_for_their_owner_only,
    a_change_based_on_a_stale_status_writes_nothing_and_says_reload,
    an_outcome_or_a_bonus_is_recorded_once,
    two_officers_acting_on_one_page_record_one_change,
    a_person_reads_their_pathway_and_gets_their_messages_in_their_language,
    an_orientation_appointment_moves_instead_of_stacking,
);

/// Staff write only what can be true: a second orientation appointment replaces the planned one;
/// a past time is refused; a Sunday at 23:30 needs a confirmation. Nothing refused is written.
async fn an_orientation_appointment_moves_instead_of_stacking(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let plan = |day: String, hour: &'static str, confirm: bool| {
        let mut form = vec![
            ("personne", a.clone()),
            ("objet", "orientation".to_string()),
            ("date", day),
            ("heure", hour.to_string()),
            ("lieu", "Elbeuf".to_string()),
            ("agent", "Karim".to_string()),
        ];
        if confirm {
            form.push(("confirmer", "1".to_string()));
        }
        form
    };
    let first = plan(dates::iso(dates::tuesday_after(20)), "10:00", false);
    let pairs: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = officer.call("/api/agent/rendez-vous", &pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let second = plan(dates::iso(dates::tuesday_after(27)), "14:00", false);
    let pairs: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = officer.call("/api/agent/rendez-vous", &pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let statuses: Vec<&str> = file["view"]["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "planned").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == "cancelled").count(),
        1,
        "{statuses:?}"
    );

    // Yesterday: refused on the date; a Sunday at 23:30: refused until confirmed.
    let yesterday = dates::iso(dates::days_from_today(-1));
    let sunday = dates::tuesday_after(30) + time::Duration::days(5);
    for (form, field) in [
        (plan(yesterday, "10:00", true), "date"),
        (plan(dates::iso(sunday), "23:30", false), "confirmer"),
    ] {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = officer.call("/api/agent/rendez-vous", &pairs).await;
        assert_eq!(res.status, 422, "{}", res.body);
        assert!(res.body.contains(field), "{}", res.body);
    }
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    assert_eq!(file["view"]["appointments"].as_array().unwrap().len(), 2);
    let pairs_owned = plan(dates::iso(sunday), "23:30", true);
    let pairs: Vec<(&str, &str)> = pairs_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = officer.call("/api/agent/rendez-vous", &pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// "Mon parcours" follows the page's language (timeline included, worded from its values), and
/// the messages follow the language the person chose there, whatever the staff's.
async fn a_person_reads_their_pathway_and_gets_their_messages_in_their_language(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;

    // A language we do not have is refused, and nothing changes.
    let res = person
        .call(
            "/api/parcours/canaux",
            &[("sms", "oui"), ("email", "oui"), ("langue", "de")],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("langue"), "{}", res.body);
    let view = person.call("/api/parcours", &[]).await.json();
    assert_eq!(view["message_lang"], "fr");

    // Arabic for the messages.
    let res = person
        .call(
            "/api/parcours/canaux",
            &[("sms", "oui"), ("email", "oui"), ("langue", "ar")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let view = person.call("/api/parcours", &[]).await.json();
    assert_eq!(view["message_lang"], "ar");
    assert!(
        app.audit_rows(20)
            .await
            .iter()
            .any(|r| r.action == "message_channels_chosen"),
        "the choice is audited"
    );

    // Staff (in French) plan the interview: the person's SMS is in Arabic, its date too.
    let day = dates::tuesday_after(40);
    let mut officer = signed_in(&app, Actor::Charge).await;
    let res = officer
        .call(
            "/api/agent/rendez-vous",
            &[
                ("personne", &a),
                ("objet", "orientation"),
                ("date", &dates::iso(day)),
                ("heure", "10:00"),
                ("lieu", "Elbeuf, 10 rue X"),
                ("agent", "Karim"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    app.db()
        .deliver_pending(&app.state.config.senders, 10)
        .await
        .unwrap();
    let sms = app
        .db()
        .dev_messages(10)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient.contains("06 12 34 56 78") && !m.body.contains("code"))
        .expect("the appointment's SMS");
    let arabic = app::lang::Lang::Ar;
    assert!(
        sms.body.contains(&app::lang::labels::weekday(arabic, 1))
            && sms.body.contains(&dates::ar_month(day))
            && sms.body.contains("10:00")
            && !sms.body.contains("Département"),
        "{}",
        sms.body
    );

    // The page in English: labels, the appointment and the timeline entry worded in English.
    let page = person.get("/mon-parcours?lang=en").await;
    assert!(page.body.contains(r#"<html lang="en" dir="ltr""#));
    assert!(
        page.body
            .contains(&format!("{} at 10:00", dates::en_day(day))),
        "appointment"
    );
    let planned = page
        .body
        .split(r#"data-kind="appointment_planned""#)
        .nth(1)
        .expect("the timeline entry");
    let entry = &planned[..planned.find("</li>").unwrap()];
    assert!(
        !entry.starts_with(r#" lang="fr""#) && entry.contains(&dates::en_day(day)),
        "{entry}"
    );
    assert!(
        page.body
            .contains(r#"id="langue-ar" name="langue" value="ar" checked"#)
    );
    // In French, what staff wrote, as before.
    let page = person.get("/mon-parcours?lang=fr").await;
    assert!(
        page.body
            .contains(&format!("prévu le {} à 10 h", dates::fr_day(day)))
    );
}

fn count_audit(rows: &[app::ssr::audit::AuditRow], action: &str) -> usize {
    rows.iter().filter(|r| r.action == action).count()
}

async fn an_officer_records_a_whole_pathway_and_the_person_sees_it(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let status = |v: &serde_json::Value| v["status"].as_str().unwrap().to_string();
    let interview = dates::tuesday_after(21);
    let when = format!("{} à 14 h 30", dates::fr_day(interview));

    // (server function, form, status expected after it)
    type Step<'a> = (&'a str, Vec<(&'a str, String)>, &'a str);
    let steps: Vec<Step> = vec![
        ("/api/agent/inviter", vec![], "invited"),
        (
            "/api/agent/rendez-vous",
            vec![
                ("objet", "orientation".into()),
                ("date", dates::iso(interview)),
                ("heure", "14:30".into()),
                ("lieu", "Centre médico-social, Elbeuf".into()),
                ("agent", "Karim Orientation".into()),
            ],
            "appointment_planned",
        ),
    ];
    for (path, mut form, expected) in steps {
        form.push(("personne", a.clone()));
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = officer.call(path, &pairs).await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        let mine = person.call("/api/parcours", &[]).await.json();
        assert_eq!(status(&mine), expected, "{path}");
    }
    let mine = person.call("/api/parcours", &[]).await.json();
    let next = &mine["next_appointment"];
    assert_eq!(next["when_label"], when.as_str());
    let rdv = next["id"].as_i64().unwrap().to_string();
    // The day comes: the interview takes place.
    app.appointments_took_place(&a).await;

    let res = officer
        .call(
            "/api/agent/resultat",
            &[
                ("personne", &a),
                ("rendez_vous", &rdv),
                ("resultat", "held"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .call(
            "/api/agent/orientation",
            &[
                ("personne", &a),
                ("parcours", "professionnel"),
                ("organisme", "france_travail"),
                ("referent", "Léa Conseil"),
                ("contact", "02 35 00 00 00"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(status(&mine), "oriented");
    assert_eq!(mine["referent"]["organisation"], "france_travail");
    assert_eq!(mine["referent"]["name"], "Léa Conseil");

    let res = officer
        .call(
            "/api/agent/contrat",
            &[
                ("personne", &a),
                ("signe_le", &dates::iso(dates::days_from_today(-5))),
                ("revision_le", &dates::iso(dates::days_from_today(90))),
                ("heures", "15"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .call(
            "/api/agent/action",
            &[
                ("personne", &a),
                ("type_action", "formation"),
                ("libelle", "Titre ADVF"),
                ("debut", &dates::iso(dates::days_from_today(10))),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // A job in an EHPAD started inside the 2021 window: the scheme applies (3 months, 150 €).
    let res = officer
        .record_ehpad_job(&a, "2021-03-15", "cdd", "24", "1 100")
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(status(&mine), "employed");
    let scheme = &mine["employment"]["scheme"];
    assert_eq!(scheme["months_total"], 3);
    assert_eq!(scheme["bonus"], 15000);
    assert!(scheme["bonus_paid_on"].is_null());
    let job = mine["employment"]["id"].as_i64().unwrap().to_string();
    let res = officer
        .call(
            "/api/agent/prime",
            &[
                ("personne", &a),
                ("emploi", &job),
                ("verse_le", "2021-04-10"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["employment"]["scheme"]["bonus_paid_on"], "2021-04-10");

    // The timeline tells the story, newest first, in French.
    let titles: Vec<&str> = mine["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Orientation décidée\u{a0}: Parcours professionnel"))
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Contrat d'engagement signé"))
    );
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Prime de reprise d'emploi de 150,00"))
    );

    // Re-orientation, exit and a new entry.
    let res = officer
        .call(
            "/api/agent/orientation",
            &[
                ("personne", &a),
                ("parcours", "social"),
                ("organisme", "departement"),
                ("referent", ""),
                ("contact", ""),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .call(
            "/api/agent/sortie",
            &[("personne", &a), ("motif", "Déménagement")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .call("/api/agent/reouvrir", &[("personne", &a)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        status(&person.call("/api/parcours", &[]).await.json()),
        "entered"
    );

    // Every change is audited, with before and after.
    let audit = app.audit_rows(200).await;
    for action in [
        "invite",
        "schedule_appointment",
        "record_appointment_outcome",
        "record_orientation",
        "record_contract",
        "record_action",
        "record_return_to_work",
        "record_bonus_paid",
        "record_reorientation",
        "record_exit",
        "reopen",
    ] {
        assert_eq!(count_audit(&audit, action), 1, "{action}");
    }
    let decision = audit
        .iter()
        .find(|r| r.action == "record_orientation")
        .unwrap();
    assert!(
        decision.detail.contains("\"before\":\"interview_held\""),
        "{}",
        decision.detail
    );
    assert!(decision.detail.contains("\"after\":\"oriented\""));
    assert_eq!(decision.actor_kind, "staff");
    assert_eq!(decision.beneficiary_id, Some(people.a));
    // And the person was told by message (development mailbox).
    app.db()
        .deliver_pending(&app.state.config.senders, 100)
        .await
        .unwrap();
    let messages = app.db().dev_messages(100).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.recipient == "06 12 34 56 78" && m.body.contains(&when))
    );
}

async fn a_transition_out_of_order_is_refused_and_nothing_is_written(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let before = app.audit_rows(500).await.len();
    let res = officer
        .call(
            "/api/agent/contrat",
            &[
                ("personne", &a),
                ("signe_le", &dates::iso(dates::days_from_today(-5))),
                ("revision_le", ""),
                ("heures", ""),
            ],
        )
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert_eq!(
        res.json()["message"],
        "Impossible d'enregistrer le contrat d'engagement\u{a0}: le parcours en est à l'étape « À inviter ». Il faut d'abord une décision d'orientation."
    );
    // Bad input: a French message per field, nothing written.
    let res = officer
        .call(
            "/api/agent/rendez-vous",
            &[
                ("personne", &a),
                ("objet", "orientation"),
                ("date", &format!("31/02/{}", dates::today().year() + 1)),
                ("heure", "25h"),
                ("lieu", ""),
                ("agent", "K"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["fields"][0]["field"], "date");
    assert_eq!(
        app.audit_rows(500).await.len(),
        before,
        "no audit row, no change"
    );
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    assert_eq!(
        person.call("/api/parcours", &[]).await.json()["status"],
        "entered"
    );
}

async fn agents_read_and_answer_but_do_not_decide(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut agent = signed_in(&app, Actor::Agent).await;
    let res = agent.call("/api/agent/dossier", &[("id", &a)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["may_record"], false);
    assert_eq!(res.json()["may_answer"], true);
    assert!(
        res.json()["simulator_url"]
            .as_str()
            .unwrap()
            .starts_with("/simulateur?situation=seul&age=")
    );
    let audit = app.audit_rows(10).await;
    assert_eq!(audit[0].action, "view_file", "opening a file is audited");
    assert_eq!(audit[0].beneficiary_id, Some(people.a));
    assert_eq!(
        agent
            .call("/api/agent/inviter", &[("personne", &a)])
            .await
            .status,
        403
    );
    let res = agent
        .call(
            "/api/agent/note",
            &[("personne", &a), ("texte", "A appelé, rappeler jeudi.")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Notes are for staff only.
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let mine = person.call("/api/parcours", &[]).await.json();
    assert!(
        mine["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"] != "note")
    );
    let file = agent.call("/api/agent/dossier", &[("id", &a)]).await.json();
    assert!(
        file["view"]["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "note" && e["internal"] == true)
    );
}

async fn other_units_and_other_people_see_nothing(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut rouen = signed_in(&app, Actor::ManagerOtherUnit).await;
    assert_eq!(
        rouen.call("/api/agent/dossier", &[("id", &a)]).await.status,
        404
    );
    assert_eq!(
        rouen
            .call("/api/agent/inviter", &[("personne", &a)])
            .await
            .status,
        404
    );
    let found = rouen
        .call("/api/agent/recherche", &[("q", "martin")])
        .await
        .json();
    assert_eq!(found["total"], 0, "people of another unit are not found");
    assert_eq!(
        rouen.call("/api/agent/a-orienter", &[]).await.json()["total"],
        0
    );
    let mut admin = signed_in(&app, Actor::Admin).await;
    assert_eq!(
        admin
            .call("/api/agent/recherche", &[("q", "martin")])
            .await
            .json()["total"],
        1,
        "admins see every unit"
    );
    // A beneficiary cannot act on another person's appointment.
    let mut officer = signed_in(&app, Actor::Charge).await;
    officer.plan_orientation_interview(&a).await;
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let rdv = file["view"]["appointments"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let mut b = signed_in(&app, Actor::BeneficiaryB).await;
    assert_eq!(
        b.call(
            "/api/parcours/absence",
            &[("rendez_vous", &rdv), ("texte", "Je ne viendrai pas")]
        )
        .await
        .status,
        404
    );
    assert_eq!(
        b.call("/api/parcours", &[]).await.json()["last_name"],
        "Durand",
        "B only ever reads B"
    );
    assert_eq!(
        b.call("/api/agent/dossier", &[("id", &a)]).await.status,
        403
    );
}

async fn questions_reach_the_inbox_and_answers_come_back(app: TestApp) {
    seed(&app).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let res = person
        .call(
            "/api/parcours/question",
            &[("texte", "Quand aura lieu mon rendez-vous ?")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        person
            .call("/api/parcours/question", &[("texte", " ")])
            .await
            .status,
        422
    );
    let mut agent = signed_in(&app, Actor::Agent).await;
    let inbox = agent.call("/api/agent/messages", &[]).await.json();
    assert_eq!(inbox.as_array().unwrap().len(), 1);
    let id = inbox[0]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        signed_in(&app, Actor::ManagerOtherUnit)
            .await
            .call("/api/agent/messages", &[])
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let res = agent
        .call(
            "/api/agent/repondre",
            &[("message", &id), ("reponse", "Le 12 janvier à 14 h 30.")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        agent
            .call(
                "/api/agent/repondre",
                &[("message", &id), ("reponse", "Encore")]
            )
            .await
            .status,
        409
    );
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["inbox"][0]["answer"], "Le 12 janvier à 14 h 30.");
    assert!(
        agent
            .call("/api/agent/messages", &[])
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn search_is_accent_insensitive_and_paginated(app: TestApp) {
    seed(&app).await;
    for i in 0..45 {
        app.db()
            .insert_beneficiary(&beneficiary(
                &format!("30000{i:02}"),
                "Élise",
                "Lefèvre",
                None,
                None,
            ))
            .await
            .unwrap();
    }
    let mut agent = signed_in(&app, Actor::Agent).await;
    let page1 = agent
        .call("/api/agent/recherche", &[("q", "LEFEVRE elise")])
        .await
        .json();
    assert_eq!(page1["total"], 45);
    assert_eq!(page1["pages"], 3);
    assert_eq!(page1["rows"].as_array().unwrap().len(), 20);
    let page3 = agent
        .call("/api/agent/recherche", &[("q", "lefèvre"), ("page", "3")])
        .await
        .json();
    assert_eq!(page3["rows"].as_array().unwrap().len(), 5);
    let by_number = agent
        .call("/api/agent/recherche", &[("q", "3000007")])
        .await
        .json();
    assert_eq!(by_number["total"], 1);
    let wildcard = agent
        .call("/api/agent/recherche", &[("q", "%")])
        .await
        .json();
    assert_eq!(
        wildcard["total"], 47,
        "'%' is not a pattern: it matches like an empty search"
    );
}

async fn the_worklist_puts_the_longest_waits_first(app: TestApp) {
    seed(&app).await;
    let today = app::clock::today();
    for (file, days) in [("4000001", 10), ("4000002", 50), ("4000003", 35)] {
        let mut b = beneficiary(file, "Test", file, None, None);
        b.rsa_opened_on = today.add_days(-days);
        app.db().insert_beneficiary(&b).await.unwrap();
    }
    let mut agent = signed_in(&app, Actor::Agent).await;
    let list = agent.call("/api/agent/a-orienter", &[]).await.json();
    // (The two fixture people entered earlier and come first.)
    let rows: Vec<&serde_json::Value> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["file_number"].as_str().unwrap().starts_with("40000"))
        .collect();
    let files: Vec<&str> = rows
        .iter()
        .map(|r| r["file_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["4000002", "4000003", "4000001"],
        "longest wait first"
    );
    assert_eq!(
        rows[0]["delays"]["within_legal"], false,
        "50 days: past 6 weeks"
    );
    assert_eq!(
        rows[1]["delays"]["within_target"], false,
        "35 days: past 30 days"
    );
    assert_eq!(rows[1]["delays"]["within_legal"], true);
    assert_eq!(rows[2]["delays"]["within_target"], true);
}

async fn appointments_download_as_calendar_files_for_their_owner_only(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let day = dates::tuesday_after(40);
    let res = officer
        .call(
            "/api/agent/rendez-vous",
            &[
                ("personne", &a),
                ("objet", "orientation"),
                ("date", &dates::iso(day)),
                ("heure", "10:00"),
                ("lieu", "Elbeuf, 10 rue X"),
                ("agent", "Karim"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let id = person.call("/api/parcours", &[]).await.json()["next_appointment"]["id"]
        .as_i64()
        .unwrap();
    let res = person
        .get(&format!("/mon-parcours/rendez-vous/{id}.ics"))
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert!(
        res.body
            .contains(&format!("DTSTART:{}", dates::ics_utc(day, 10, 0))),
        "10:00 in Paris ({} h ahead of UTC that day): {}",
        dates::paris_offset_hours(day),
        res.body
    );
    let mut b = signed_in(&app, Actor::BeneficiaryB).await;
    assert_eq!(
        b.get(&format!("/mon-parcours/rendez-vous/{id}.ics"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.client()
            .get(&format!("/mon-parcours/rendez-vous/{id}.ics"))
            .await
            .status,
        303
    );
}

/// The write is conditional on the status that was read: a change computed from a status that
/// another officer has changed since is refused with "reload", and writes nothing at all.
async fn a_change_based_on_a_stale_status_writes_nothing_and_says_reload(app: TestApp) {
    use app::ssr::pathway::{Author, Change, Command, apply};
    let people = seed(&app).await;
    let db = app.db();
    let read_before = db.person_core(people.a).await.unwrap().unwrap();
    // Someone else invites the person in the meantime.
    let mut officer = signed_in(&app, Actor::Charge).await;
    let res = officer
        .call("/api/agent/inviter", &[("personne", &people.a.to_string())])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let events_before = app.audit_rows(1000).await.len();
    let author = Author {
        actor: app::ssr::audit::Actor::Staff(1),
        staff_id: None,
    };
    let stale = Change {
        author,
        person: read_before.clone(),
        idempotency: None,
        job: None,
        site: None,
        seen: None,
    };
    let e = apply(db, stale, Command::Invite).await.unwrap_err();
    assert_eq!(e, app::error::AppError::Conflict);
    assert_eq!(e.status(), 409);
    assert_eq!(
        e.to_string(),
        "Ce dossier vient d'être modifié\u{a0}: rechargez la page."
    );
    assert_eq!(app.audit_rows(1000).await.len(), events_before);
    // Read again, the same change is judged on the real status (invited → invited is allowed).
    let fresh = Change {
        author,
        person: db.person_core(people.a).await.unwrap().unwrap(),
        idempotency: None,
        job: None,
        site: None,
        seen: None,
    };
    assert!(apply(db, fresh, Command::Invite).await.is_ok());
}

/// Two officers (two accounts, two sessions) recording the same appointment's outcome, or the same
/// bonus, at the same moment, without the page's version: one is recorded, the other is told it
/// already is.
async fn an_outcome_or_a_bonus_is_recorded_once(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut other = second_officer(&app).await;
    let res = officer.plan_orientation_interview(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    app.appointments_took_place(&a).await;
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let rdv = file["view"]["appointments"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert_ne!(officer.cookie, other.cookie, "two sessions");
    let form = [
        ("personne", a.as_str()),
        ("rendez_vous", rdv.as_str()),
        ("resultat", "held"),
    ];
    let (x, y) = tokio::join!(
        officer.call("/api/agent/resultat", &form),
        other.call("/api/agent/resultat", &form)
    );
    let mut statuses = [x.status.as_u16(), y.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", x.body, y.body);
    let rows = app.audit_rows(1000).await;
    assert_eq!(count_audit(&rows, "record_appointment_outcome"), 1);

    // A job under the scheme, then its bonus recorded twice at once.
    let res = officer.decide_professional_pathway(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .record_ehpad_job(&a, "2021-03-15", "cdd", "28", "1150")
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let job = officer.job_of(&a).await;
    let form = [
        ("personne", a.as_str()),
        ("emploi", job.as_str()),
        ("verse_le", "2021-04-10"),
    ];
    let (x, y) = tokio::join!(
        officer.call("/api/agent/prime", &form),
        other.call("/api/agent/prime", &form)
    );
    let mut statuses = [x.status.as_u16(), y.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", x.body, y.body);
    let rows = app.audit_rows(1000).await;
    assert_eq!(count_audit(&rows, "record_bonus_paid"), 1);
}

/// Two officers (two accounts, two sessions) have the same file open and press the same button at
/// the same moment, for every step that changes the status: whatever the interleaving, one step is
/// recorded and the other officer is told to reload (409), and the audit shows one change. The
/// forms carry the file's version shown on the page (`vu`).
async fn two_officers_acting_on_one_page_record_one_change(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut first = signed_in(&app, Actor::Charge).await;
    let mut second = second_officer(&app).await;
    assert_ne!(first.cookie, second.cookie, "two sessions");
    // (server function, form, audited action, status after)
    type Race<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str, &'a str);
    let races: [Race; 5] = [
        ("/api/agent/inviter", &[], "invite", "invited"),
        (
            "/api/agent/orientation",
            &[
                ("parcours", "professionnel"),
                ("organisme", "france_travail"),
                ("referent", ""),
                ("contact", ""),
            ],
            "record_orientation",
            "oriented",
        ),
        (
            "/api/agent/orientation",
            &[
                ("parcours", "social"),
                ("organisme", "departement"),
                ("referent", ""),
                ("contact", ""),
            ],
            "record_reorientation",
            "oriented",
        ),
        (
            "/api/agent/sortie",
            &[("motif", "Déménagement")],
            "record_exit",
            "exited",
        ),
        ("/api/agent/reouvrir", &[], "reopen", "entered"),
    ];
    for (path, form, action, after) in races {
        if action == "record_orientation" {
            // The orientation is decided after the interview was held.
            let res = first.plan_orientation_interview(&a).await;
            assert_eq!(res.status, 200, "{}", res.body);
            first.record_outcome_of_newest(&a, "held").await;
        }
        // Both open the file and see the same version.
        let seen_first = first.call("/api/agent/dossier", &[("id", &a)]).await.json()["version"]
            .as_i64()
            .expect("the file's version");
        let seen_second = second
            .call("/api/agent/dossier", &[("id", &a)])
            .await
            .json()["version"]
            .as_i64()
            .expect("the file's version");
        assert_eq!(seen_first, seen_second);
        let vu = seen_first.to_string();
        let mut pairs = vec![("personne", a.as_str()), ("vu", vu.as_str())];
        pairs.extend_from_slice(form);
        let audited = count_audit(&app.audit_rows(1000).await, action);
        let (x, y) = tokio::join!(first.call(path, &pairs), second.call(path, &pairs));
        let mut statuses = [x.status.as_u16(), y.status.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "{action}: {} / {}", x.body, y.body);
        let refused = if x.status == 409 { &x } else { &y };
        // "Ce dossier vient d'être modifié : rechargez la page." on the officer's screen.
        assert_eq!(
            refused.json(),
            serde_json::json!({"code": "conflict"}),
            "{action}"
        );
        assert_eq!(
            count_audit(&app.audit_rows(1000).await, action),
            audited + 1,
            "{action}: one change audited"
        );
        let file = first.call("/api/agent/dossier", &[("id", &a)]).await.json();
        assert_eq!(file["view"]["status"], after, "{action}");
        assert_eq!(file["version"].as_i64(), Some(seen_first + 1), "{action}");
        // The page shown before is now stale for both: the same form again is refused.
        let res = first.call(path, &pairs).await;
        assert_eq!(
            res.status, 409,
            "{action} again from the old page: {}",
            res.body
        );
    }
}
