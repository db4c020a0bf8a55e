//! The 2025 law's obligations through the real router, on both engines: the action plan of the
//! contract, and the suspension-remobilisation procedure taken from the report to the lifting by
//! an officer and a unit manager, with what the person sees and is sent at each step; the
//! 10-day lock, the 50 % cap for families, and two reports at once.
mod common;

use axum::{body::Body, http::Request};
use common::{
    TestApp, dates,
    fixtures::{Actor, PASSWORD, seed, signed_in, staff_signed_in},
};
use passerelle::access::Role;

on_both_engines!(
    an_officer_and_a_manager_take_a_person_through_the_procedure,
    the_answer_time_runs_from_receipt_and_families_keep_half,
    two_reports_at_once_open_one_procedure,
    an_action_plan_under_fifteen_hours_says_why,
    france_travail_proposes_and_the_manager_decides_no_harsher_without_a_notice,
    after_six_weeks_france_travail_orients_and_the_file_says_so,
);

/// A unit manager of Boucles de Seine, who holds the right to decide.
async fn manager(app: &TestApp) -> common::Client<'_> {
    let hash = app::ssr::auth::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    app.db()
        .create_staff(
            "responsable@bds.test",
            "Rémi Responsable",
            Role::Manager,
            Some("BDS"),
            &hash,
        )
        .await
        .unwrap();
    staff_signed_in(app, "responsable@bds.test").await
}

/// Takes person `id` to "contrat signé" (orientation interview, decision, contract).
async fn under_contract(officer: &mut common::Client<'_>, id: &str) {
    let res = officer.plan_orientation_interview(id).await;
    assert_eq!(res.status, 200, "{}", res.body);
    officer.record_outcome_of_newest(id, "held").await;
    let res = officer.decide_professional_pathway(id).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer
        .call(
            "/api/agent/contrat",
            &[
                ("personne", id),
                ("signe_le", &dates::iso(dates::days_from_today(-20))),
                ("revision_le", ""),
                ("heures", ""),
                ("activite_1", "Atelier de recherche d'emploi"),
                ("heures_1", "3"),
                ("activite_2", "Formation assistante de vie"),
                ("heures_2", "10"),
                ("activite_3", "Démarches de garde d'enfant"),
                ("heures_3", "2"),
                ("engagements", "Vous recevoir chaque mois."),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// The report form: a breach five days ago, the sanction envisaged.
fn report(id: &str, rate: &str, months: &str) -> Vec<(&'static str, String)> {
    vec![
        ("personne", id.to_string()),
        ("etape", "report".into()),
        ("manquement", "missed_appointments".into()),
        (
            "faits",
            "Vous n'êtes pas venu aux rendez-vous du 3 et du 17 avec votre référente.".into(),
        ),
        ("date_manquement", dates::iso(dates::days_from_today(-5))),
        (
            "examen",
            "Aucun motif légitime signalé ; personne seule.".into(),
        ),
        ("taux", rate.into()),
        ("mois", months.into()),
    ]
}

/// A form as the client sends it.
fn refs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// Messages written for the person (SMS bodies and e-mails), newest first.
async fn messages_to(app: &TestApp, recipient: &str) -> Vec<String> {
    app.db()
        .deliver_pending(&app.state.config.senders, 100)
        .await
        .unwrap();
    app.db()
        .dev_messages(100)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.recipient == recipient)
        .map(|m| m.body)
        .collect()
}

async fn an_officer_and_a_manager_take_a_person_through_the_procedure(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut agent = signed_in(&app, Actor::Agent).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let mut boss = manager(&app).await;
    // Léo entered on 1 October 2026 and is not oriented: past the 6 weeks (12 November 2026), he
    // is on the list of late orientations; Camille is not once oriented.
    let lists = officer.call("/api/agent/echeances", &[]).await.json();
    let list = |lists: &serde_json::Value, code: &str| -> Vec<serde_json::Value> {
        lists
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == code)
            .unwrap()["rows"]
            .as_array()
            .unwrap()
            .clone()
    };
    let late = list(&lists, "orientation_overdue");
    assert!(
        late.iter()
            .any(|r| r["file_number"] == "1000002"
                && r["what"] == "Orientation due le 12 novembre 2026"),
        "{late:?}"
    );
    under_contract(&mut officer, &a).await;
    let lists = officer.call("/api/agent/echeances", &[]).await.json();
    assert!(
        !list(&lists, "orientation_overdue")
            .iter()
            .any(|r| r["file_number"] == "1000001")
    );

    // "Mes engagements": the plan with its hours and total, what the référent commits to.
    let mine = person.call("/api/parcours", &[]).await.json();
    let plan = &mine["contract"]["plan"];
    assert_eq!(plan["activities"].as_array().unwrap().len(), 3);
    assert_eq!(plan["activities"][1]["hours_per_week"], 10);
    assert_eq!(mine["contract"]["weekly_hours"], 15);
    assert_eq!(
        mine["contract"]["commitments"],
        "Vous recevoir chaque mois."
    );
    assert!(mine["sanction"].is_null());

    // A breach dated in the future is refused; reception staff cannot report.
    let mut future = report(&a, "30", "1");
    future[4].1 = dates::iso(dates::days_from_today(1));
    let res = officer.call("/api/agent/procedure", &refs(&future)).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = agent
        .call("/api/agent/procedure", &refs(&report(&a, "30", "1")))
        .await;
    assert_eq!(res.status, 403, "{}", res.body);

    let res = officer
        .call("/api/agent/procedure", &refs(&report(&a, "30", "1")))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Reported only: the person is not told of a report that may come to nothing.
    let mine = person.call("/api/parcours", &[]).await.json();
    assert!(mine["sanction"].is_null(), "{}", mine["sanction"]);
    let res = person
        .call("/api/parcours/observations", &[("texte", "Bonjour")])
        .await;
    assert_eq!(res.status, 404, "{}", res.body);
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    assert_eq!(file["view"]["sanction"]["stage"], "reported");
    let steps: Vec<String> = serde_json::from_value(file["sanction_steps"].clone()).unwrap();
    assert!(steps.contains(&"send_notice".to_string()), "{steps:?}");
    assert!(
        !steps.contains(&"decide".to_string()),
        "officers do not decide: {steps:?}"
    );

    // Nothing can be decided before the notice: not by the officer (no right), not by the
    // manager (too early).
    let next_month = dates::iso(dates::first_of_month(1));
    let form: Vec<(&str, String)> = vec![
        ("personne", a.clone()),
        ("etape", "decide".into()),
        ("taux", "30".into()),
        ("mois", "1".into()),
        ("debut", next_month),
        (
            "pour_lever",
            "Venir au prochain rendez-vous avec votre référente.".into(),
        ),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = officer.call("/api/agent/procedure", &pairs).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = boss.call("/api/agent/procedure", &pairs).await;
    assert_eq!(res.status, 409, "{}", res.body);

    // The notice, received today: 10 days to answer, said to the person with the euros at stake.
    let today = dates::iso(dates::today());
    let res = officer
        .call(
            "/api/agent/procedure",
            &[
                ("personne", &a),
                ("etape", "send_notice"),
                ("envoye_le", &today),
                ("recu_le", &today),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    let s = &mine["sanction"];
    assert_eq!(s["stage"], "notice_sent");
    let due = dates::days_from_today(10);
    assert_eq!(s["answer_due"], dates::iso(due));
    // A person alone, tenant without housing aid, no other income: the RSA is the base amount
    // of the month (the parameter table), and 30 % of it is withheld.
    let base = passerelle::params::RSA_BASE
        .value_at(dates::core(dates::today()).month())
        .unwrap()
        .get();
    let per_month = (base * 30 + 50) / 100;
    assert_eq!(s["envisaged_stake"]["basis"], base);
    assert_eq!(s["envisaged_stake"]["per_month"], per_month);
    assert_eq!(s["envisaged_stake"]["capped"], false);
    // Its page says it, in French, English and Arabic, with the deadline.
    let page = person.get("/mon-parcours").await;
    assert!(page.body.contains("Le Département envisage une sanction"));
    assert!(
        page.body
            .contains(&format!("jusqu&#x27;au {}", dates::fr_date(due)))
            || page
                .body
                .contains(&format!("jusqu'au {}", dates::fr_date(due))),
        "deadline on the page"
    );
    assert!(page.body.contains("aucune sanction n"));
    let page = person.get("/mon-parcours?lang=en").await;
    assert!(
        page.body
            .contains("The Département is considering a sanction")
    );
    assert!(
        page.body
            .contains(&format!("You have until {} to reply", dates::en_date(due))),
        "deadline in English"
    );
    let page = person.get("/mon-parcours?lang=ar").await;
    assert!(page.body.contains("تفكر المقاطعة في فرض عقوبة"));
    // The printable letter states the facts, the sanction in euros and the deadline, for the
    // person and for staff; another person has no letter.
    let letter = person.get("/mon-parcours/courrier").await;
    assert_eq!(letter.status, 200);
    assert!(
        letter
            .body
            .contains("procédure de suspension-remobilisation")
    );
    assert!(letter.body.contains("rendez-vous du 3 et du 17"));
    assert!(
        letter
            .body
            .contains(&format!("jusqu&#x27;au {}", dates::fr_date(due)))
            || letter
                .body
                .contains(&format!("jusqu'au {}", dates::fr_date(due)))
    );
    let staff_letter = officer.get(&format!("/agent/personnes/{a}/courrier")).await;
    assert!(
        staff_letter.body.contains("MARTIN"),
        "{}",
        staff_letter.status
    );
    assert!(staff_letter.body.contains("rendez-vous du 3 et du 17"));
    let mut other = signed_in(&app, Actor::BeneficiaryB).await;
    let theirs = other.get("/mon-parcours/courrier").await;
    assert!(!theirs.body.contains("rendez-vous du 3 et du 17"));
    assert!(theirs.body.contains("Aucun courrier"));

    // The message says a letter exists and its deadline, never the facts.
    let sent = messages_to(&app, "06 12 34 56 78").await;
    let notice = sent
        .iter()
        .find(|b| b.contains("courrier important"))
        .expect("a notice message");
    assert!(notice.contains(&dates::fr_date(due)), "{notice}");
    assert!(!notice.contains("rendez-vous du 3"), "{notice}");

    // Staff find it among the notices waiting for an answer, with its date; another unit's
    // manager sees nothing of it.
    let lists = officer.call("/api/agent/echeances", &[]).await.json();
    let waiting = list(&lists, "notices");
    assert!(
        waiting.iter().any(|r| r["file_number"] == "1000001"
            && r["what"] == format!("Réponse possible jusqu'au {}", dates::fr_date(due))),
        "{waiting:?}"
    );
    let mut rouen = signed_in(&app, Actor::ManagerOtherUnit).await;
    let theirs = rouen.call("/api/agent/echeances", &[]).await.json();
    assert!(list(&theirs, "notices").is_empty());

    // Still locked for the manager; the person writes, and the decision opens.
    let res = boss.call("/api/agent/procedure", &pairs).await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(res.body.contains("jusqu"), "{}", res.body);
    let res = person
        .call(
            "/api/parcours/observations",
            &[("texte", "J'étais à l'hôpital ces deux jours-là.")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = person.call("/api/parcours/etre-recu", &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let s = &file["view"]["sanction"];
    assert_eq!(s["stage"], "answered");
    assert_eq!(s["observations"], "J'étais à l'hôpital ces deux jours-là.");
    assert_eq!(s["hearing_asked_on"], today);

    // Figures outside the texts are refused: 3 months for a first breach, below 30 %.
    for (rate, months) in [("30", "3"), ("20", "1")] {
        let mut bad = form.clone();
        bad[2].1 = rate.to_string();
        bad[3].1 = months.to_string();
        let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = boss.call("/api/agent/procedure", &bad).await;
        assert_eq!(res.status, 422, "{rate} % {months} months: {}", res.body);
    }
    let res = boss.call("/api/agent/procedure", &pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    let s = &mine["sanction"];
    assert_eq!(s["stage"], "decided");
    assert_eq!(s["decided_stake"]["per_month"], per_month);
    assert_eq!(s["decided_stake"]["still_paid"], base - per_month);
    assert_eq!(
        s["lift_action"],
        "Venir au prochain rendez-vous avec votre référente."
    );
    assert!(
        s["screening"].as_str().unwrap().is_empty(),
        "staff notes stay with staff"
    );
    let page = person.get("/mon-parcours").await;
    assert!(page.body.contains("Pour la lever"));
    assert!(page.body.contains("recours administratif"));
    // In English, the timeline says the steps in English too (only their own words stay as
    // written), with the euros of the month.
    let page = person.get("/mon-parcours?lang=en").await;
    assert!(
        page.body
            .contains("Letter: the Département is considering a sanction")
    );
    assert!(
        page.body
            .contains("Decision: part of your RSA is suspended")
    );
    let euros = format!("€{}.{:02}", per_month / 100, per_month % 100);
    assert!(page.body.contains(&euros), "{euros} on the English page");
    assert!(
        !page.body.contains("Courrier : le Département"),
        "no French step left on the English page"
    );

    let lists = boss.call("/api/agent/echeances", &[]).await.json();
    assert!(
        list(&lists, "suspensions")
            .iter()
            .any(|r| r["file_number"] == "1000001")
    );

    // Lifting is the manager's; the person reads it, and is told.
    let lift = [
        ("personne", a.as_str()),
        ("etape", "lift"),
        ("texte", "Rendez-vous honoré le 12."),
    ];
    let res = officer.call("/api/agent/procedure", &lift).await;
    assert_eq!(res.status, 403, "{}", res.body);
    let res = boss.call("/api/agent/procedure", &lift).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["sanction"]["stage"], "lifted");
    assert_eq!(mine["sanction"]["closed_on"], today);
    assert!(
        messages_to(&app, "06 12 34 56 78")
            .await
            .iter()
            .any(|b| b.contains("suspension de votre RSA est levée"))
    );
    // A closed procedure takes no more answers.
    let res = person
        .call("/api/parcours/observations", &[("texte", "Merci")])
        .await;
    assert_eq!(res.status, 404, "{}", res.body);

    // The dashboard of this month counts the lifted suspension and its procedure.
    let month = dates::iso_month(dates::today());
    let board = boss
        .call(
            "/api/tableau-de-bord",
            &[("du", &month), ("au", &month), ("unite", "BDS")],
        )
        .await;
    assert_eq!(board.status, 200, "{}", board.body);
    let o = &board.json()["obligations"];
    assert_eq!(o["lifted"], 1, "{o}");
    assert_eq!(o["lift_median_days"], 0.0);
    let lifted = o["procedures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "lifted")
        .unwrap()["count"]
        .clone();
    // The breach was five days ago: this month or the previous one.
    let previous = dates::iso_month(dates::days_from_today(-5));
    if previous == month {
        assert_eq!(lifted, 1);
    }

    // Every step is audited, with who took it.
    let actions: Vec<String> = app
        .audit_rows(200)
        .await
        .into_iter()
        .map(|r| r.action)
        .collect();
    for step in [
        "report",
        "send_notice",
        "record_observations",
        "hearing_asked",
        "decide",
        "lift",
    ] {
        assert!(actions.iter().any(|a| a == step), "{step}: {actions:?}");
    }
}

async fn the_answer_time_runs_from_receipt_and_families_keep_half(app: TestApp) {
    let people = seed(&app).await;
    let b = people.b.to_string();
    // Léo lives as a couple with two children: the 50 % cap protects the household.
    app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE beneficiary SET household = $2 WHERE beneficiary_id = $1"
    )
    .bind(people.b)
    .bind(r#"{"couple": true, "partner_age": 35, "children_under_3": 0, "children_3_to_24": 2, "housing": "locataire"}"#)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut boss = manager(&app).await;
    under_contract(&mut officer, &b).await;
    let res = officer
        .call("/api/agent/procedure", &refs(&report(&b, "60", "1")))
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("50"), "{}", res.body);
    let res = officer
        .call("/api/agent/procedure", &refs(&report(&b, "50", "1")))
        .await;
    assert_eq!(res.status, 200, "{}", res.body);

    // Received 10 days ago: today is the last day to answer, the decision stays locked; received
    // 11 days ago: the time has passed.
    let sent = dates::iso(dates::days_from_today(-12));
    let ten = dates::iso(dates::days_from_today(-10));
    let res = officer
        .call(
            "/api/agent/procedure",
            &[
                ("personne", &b),
                ("etape", "send_notice"),
                ("envoye_le", &sent),
                ("recu_le", &ten),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let next_month = dates::iso(dates::first_of_month(1));
    let decide = [
        ("personne", b.as_str()),
        ("etape", "decide"),
        ("taux", "50"),
        ("mois", "2"),
        ("debut", &next_month),
        ("pour_lever", "Reprendre les ateliers prévus au contrat."),
    ];
    let res = boss.call("/api/agent/procedure", &decide).await;
    assert_eq!(res.status, 409, "{}", res.body);
    // The receipt was in fact a day earlier (the proof came back): the lock opens.
    let eleven = dates::iso(dates::days_from_today(-11));
    let res = officer
        .call(
            "/api/agent/procedure",
            &[
                ("personne", &b),
                ("etape", "notice_received"),
                ("recu_le", &eleven),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // A receipt before the letter was sent cannot be true.
    let res = officer
        .call(
            "/api/agent/procedure",
            &[
                ("personne", &b),
                ("etape", "notice_received"),
                ("recu_le", &dates::iso(dates::days_from_today(-13))),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    let res = boss.call("/api/agent/procedure", &decide).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let file = boss.call("/api/agent/dossier", &[("id", &b)]).await.json();
    let stake = &file["view"]["sanction"]["decided_stake"];
    let basis = stake["basis"].as_i64().unwrap();
    assert!(basis > 0);
    assert_eq!(stake["per_month"], (basis + 1) / 2);
    assert_eq!(stake["total"], ((basis + 1) / 2) * 2);
    // A second procedure cannot open while this one runs.
    let res = officer
        .call("/api/agent/procedure", &refs(&report(&b, "30", "1")))
        .await;
    assert_eq!(res.status, 409, "{}", res.body);
}

async fn two_reports_at_once_open_one_procedure(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    under_contract(&mut officer, &a).await;
    let mut other = common::fixtures::second_officer(&app).await;
    let form = report(&a, "30", "1");
    let form = refs(&form);
    let (x, y) = tokio::join!(
        officer.call("/api/agent/procedure", &form),
        other.call("/api/agent/procedure", &form)
    );
    let mut statuses = [x.status, y.status];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{} / {}", x.body, y.body);
    let (open,): (i64,) = app::with_pool!(app.db(), |pool| sqlx::query_as(
        "SELECT COUNT(*) FROM sanction_procedure WHERE beneficiary_id = $1"
    )
    .bind(people.a)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(open, 1);
}

async fn an_action_plan_under_fifteen_hours_says_why(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let res = officer.plan_orientation_interview(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    officer.record_outcome_of_newest(&a, "held").await;
    let res = officer.decide_professional_pathway(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Oriented today: the contract is due in a month, and the person is told.
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(
        mine["deadlines"]["contract_due"],
        dates::iso(dates::one_month_from_today())
    );
    let signed = dates::iso(dates::days_from_today(-1));
    let mut form = vec![
        ("personne", a.as_str()),
        ("signe_le", signed.as_str()),
        ("revision_le", ""),
        ("heures", ""),
        ("activite_1", "Soins et rendez-vous médicaux"),
        ("heures_1", "6"),
    ];
    let res = officer.call("/api/agent/contrat", &form).await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("raison"), "{}", res.body);
    form.push(("raison", "health"));
    let res = officer.call("/api/agent/contrat", &form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["contract"]["plan"]["adapted_reason"], "health");
    assert_eq!(mine["contract"]["weekly_hours"], 6);
    assert!(mine["deadlines"]["contract_due"].is_null());
    let page = person.get("/mon-parcours").await;
    assert!(page.body.contains("Mes engagements"));
    assert!(page.body.contains("votre santé"));
}

async fn propose(
    app: &TestApp,
    file: &str,
    key: &str,
    idempotency: &str,
    body: &serde_json::Value,
) -> common::TestResponse {
    app.request(
        Request::post(format!("/api/v1/beneficiaries/{file}/sanction-proposals"))
            .header("content-type", "application/json")
            .header("authorization", format!("Bearer {key}"))
            .header("idempotency-key", idempotency)
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

async fn france_travail_proposes_and_the_manager_decides_no_harsher_without_a_notice(app: TestApp) {
    let people = seed(&app).await;
    let a = people.a.to_string();
    let mut officer = signed_in(&app, Actor::Charge).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let mut boss = manager(&app).await;
    under_contract(&mut officer, &a).await;
    let db = app.db();
    let ft = db
        .create_api_key(
            "France Travail",
            "sanctions",
            &["sanctions:propose"],
            None,
            None,
        )
        .await
        .unwrap()
        .1;
    let events_only = db
        .create_api_key("Mission locale", "events", &["events:write"], None, None)
        .await
        .unwrap()
        .1;
    let rouen = db
        .create_api_key(
            "France Travail Rouen",
            "sanctions",
            &["sanctions:propose"],
            Some("ROU"),
            None,
        )
        .await
        .unwrap()
        .1;
    let proposal = serde_json::json!({
        "breach": "missed_appointments",
        "facts": "Absent aux rendez-vous du 3 et du 17 avec son conseiller, sans nouvelles.",
        "breach_on": dates::iso(dates::days_from_today(-7)),
        "rate_percent": 30,
        "months": 1,
        "reference": "FT-76-0001",
    });
    // The right scope, and the key's unit.
    assert_eq!(
        propose(&app, "1000001", &events_only, "proposal-0001", &proposal)
            .await
            .status,
        403
    );
    assert_eq!(
        propose(&app, "1000001", &rouen, "proposal-0001", &proposal)
            .await
            .status,
        404
    );
    // Figures outside the texts, a breach in the future, an unknown field: 422, nothing written.
    let mut bad = proposal.clone();
    bad["rate_percent"] = 20.into();
    assert_eq!(
        propose(&app, "1000001", &ft, "proposal-bad-1", &bad)
            .await
            .status,
        422
    );
    let mut bad = proposal.clone();
    bad["months"] = 3.into();
    assert_eq!(
        propose(&app, "1000001", &ft, "proposal-bad-2", &bad)
            .await
            .status,
        422
    );
    let mut bad = proposal.clone();
    bad["breach_on"] = dates::iso(dates::days_from_today(2)).into();
    assert_eq!(
        propose(&app, "1000001", &ft, "proposal-bad-3", &bad)
            .await
            .status,
        422
    );
    let mut bad = proposal.clone();
    bad["amount"] = 1.into();
    assert_eq!(
        propose(&app, "1000001", &ft, "proposal-bad-4", &bad)
            .await
            .status,
        422
    );

    // Recorded once, whatever the retries.
    let res = propose(&app, "1000001", &ft, "proposal-0001", &proposal).await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["stage"], "proposed");
    assert_eq!(res.json()["applied_now"], true);
    let again = propose(&app, "1000001", &ft, "proposal-0001", &proposal).await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.json()["applied_now"], false);
    // Another proposal while this one runs: refused.
    let res = propose(&app, "1000001", &ft, "proposal-0002", &proposal).await;
    assert_eq!(res.status, 409, "{}", res.body);

    // Four copies of one proposal at once (a partner retrying on a timeout): one is recorded,
    // the others get its answer; and one procedure is open.
    let (w, x, y, z) = tokio::join!(
        propose(&app, "1000002", &ft, "proposal-race-1", &proposal),
        propose(&app, "1000002", &ft, "proposal-race-1", &proposal),
        propose(&app, "1000002", &ft, "proposal-race-1", &proposal),
        propose(&app, "1000002", &ft, "proposal-race-1", &proposal),
    );
    let mut statuses = [w.status, x.status, y.status, z.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [200, 200, 200, 201],
        "{} {} {} {}",
        w.body,
        x.body,
        y.body,
        z.body
    );
    let (open,): (i64,) = app::with_pool!(app.db(), |pool| sqlx::query_as(
        "SELECT COUNT(*) FROM sanction_procedure WHERE beneficiary_id = $1"
    )
    .bind(people.b)
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(open, 1);

    // Staff see it; the person is not told of a proposal until the Département acts on it.
    let file = boss.call("/api/agent/dossier", &[("id", &a)]).await.json();
    assert_eq!(file["view"]["sanction"]["stage"], "proposed");
    assert_eq!(file["view"]["sanction"]["source"], "france_travail");
    assert!(person.call("/api/parcours", &[]).await.json()["sanction"].is_null());
    // Harsher than proposed needs a notice; what France Travail proposed may be decided at once.
    let next_month = dates::iso(dates::first_of_month(1));
    let decide = |rate: &'static str, months: &'static str| {
        [
            ("personne", a.clone()),
            ("etape", "decide".to_string()),
            ("taux", rate.to_string()),
            ("mois", months.to_string()),
            ("debut", next_month.clone()),
            (
                "pour_lever",
                "Reprendre contact avec votre conseiller.".to_string(),
            ),
        ]
    };
    for (rate, months) in [("40", "1"), ("30", "2")] {
        let form = decide(rate, months);
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = boss.call("/api/agent/procedure", &pairs).await;
        assert_eq!(res.status, 409, "{rate} % {months}: {}", res.body);
        assert!(res.body.contains("France Travail"), "{}", res.body);
    }
    let form = decide("30", "1");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = boss.call("/api/agent/procedure", &pairs).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mine = person.call("/api/parcours", &[]).await.json();
    assert_eq!(mine["sanction"]["stage"], "decided");
    // The partner's step is audited under its key.
    assert!(
        app.audit_rows(100)
            .await
            .iter()
            .any(|r| r.action == "propose")
    );
    // The OpenAPI document lists the operation and its schema.
    let doc = app.get("/api/v1/openapi.json").await.json();
    assert!(
        doc["paths"]["/api/v1/beneficiaries/{file_number}/sanction-proposals"]["post"].is_object()
    );
    assert!(doc["components"]["schemas"]["SanctionProposal"].is_object());
}

async fn after_six_weeks_france_travail_orients_and_the_file_says_so(app: TestApp) {
    let people = seed(&app).await;
    let db = app.db();
    let ft = db
        .create_api_key("France Travail", "events", &["events:write"], None, None)
        .await
        .unwrap()
        .1;
    let event = |organisation: &str| {
        serde_json::json!({
            "type": "referent_assigned",
            "pathway": "professionnel",
            "organisation": organisation,
            "name": null,
            "contact": null,
        })
        .to_string()
    };
    let post = |file: &'static str, key: String, body: String, idem: &'static str| {
        let app = &app;
        async move {
            app.request(
                Request::post(format!("/api/v1/beneficiaries/{file}/events"))
                    .header("content-type", "application/json")
                    .header("authorization", format!("Bearer {key}"))
                    .header("idempotency-key", idem)
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await
        }
    };
    // Both fixtures entered on 1 October 2026: the 6 weeks ended on 12 November 2026. Without
    // an interview here, a mission locale cannot orient; France Travail does, past the 6 weeks.
    let res = post(
        "1000001",
        ft.clone(),
        event("mission_locale"),
        "orient-ml-0001",
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    let res = post(
        "1000002",
        ft.clone(),
        event("france_travail"),
        "orient-ft-0001",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["status"], "oriented");
    let mut officer = signed_in(&app, Actor::Charge).await;
    let file = officer
        .call("/api/agent/dossier", &[("id", &people.b.to_string())])
        .await
        .json();
    let titles: Vec<String> = file["view"]["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        titles.iter().any(|t| t
            .starts_with("Orientation décidée par France Travail (délai de 6 semaines dépassé)")),
        "{titles:?}"
    );
    // Oriented: the contract is now due within the month, and he left the late list.
    assert!(file["view"]["deadlines"]["orientation_due"].is_null());
    assert_eq!(
        file["view"]["deadlines"]["contract_due"],
        dates::iso(dates::one_month_from_today())
    );
    assert!(
        app.audit_rows(50)
            .await
            .iter()
            .any(|r| r.action == "record_orientation"
                && r.detail.contains("\"france_travail_after_deadline\":true")),
        "audited as France Travail's orientation after the deadline"
    );
}
