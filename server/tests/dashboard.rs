//! The dashboard on a small hand-built dataset whose figures were computed by hand, and the scheme
//! settings (dated versions taking effect for the right dates, audited, admins only), on both engines.
mod common;

use axum::{body::Body, http::Request};
use common::{
    TestApp,
    fixtures::{Actor, beneficiary, seed, signed_in},
};
use passerelle::Date;

on_both_engines!(
    every_figure_matches_the_hand_computed_values,
    managers_see_their_unit_and_admins_choose,
    a_new_scheme_version_applies_from_its_date_only,
    a_second_scheme_is_added_without_code,
    a_late_evening_interview_counts_on_its_date_in_paris,
);

/// Inserts a person entered on `entry`, in `unit`, with a status and an optional decision.
async fn person(
    app: &TestApp,
    file: &str,
    unit: &str,
    entry: Date,
    status: &str,
    oriented: Option<(Date, &str)>,
) -> i64 {
    let mut b = beneficiary(file, "Test", file, None, None);
    b.unit_code = unit.to_string();
    b.rsa_opened_on = entry;
    let id = app.db().insert_beneficiary(&b).await.unwrap();
    let (on, orientation) = match oriented {
        Some((d, o)) => (Some(app::ssr::to_time_date(d)), Some(o)),
        None => (None, None),
    };
    app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE beneficiary SET status = $2, oriented_on = $3, orientation = $4 WHERE beneficiary_id = $1"
    )
    .bind(id)
    .bind(status)
    .bind(on)
    .bind(orientation)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    id
}

async fn appointment(app: &TestApp, id: i64, on: Date, status: &str) {
    appointment_at(app, id, app::ssr::pathway::paris_to_utc(on, 10, 0), status).await
}

async fn appointment_at(app: &TestApp, id: i64, at: time::OffsetDateTime, status: &str) {
    app::with_pool!(app.db(), |pool| sqlx::query(
        "INSERT INTO appointment (beneficiary_id, purpose, starts_at, place, officer_name, status, created_at, updated_at) \
         VALUES ($1, 'orientation', $2, 'Elbeuf', 'Karim', $3, $2, $2)"
    )
    .bind(id)
    .bind(at)
    .bind(status)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
}

async fn job(app: &TestApp, id: i64, start: Date, sector: &str, scheme: bool, paid: Option<Date>) {
    let now = app::ssr::clock::now();
    app::with_pool!(app.db(), |pool| sqlx::query(
        "INSERT INTO employment (beneficiary_id, employer, sector, start_on, scheme_code, scheme_version, scheme_months, \
         bonus_cents, bonus_paid_on, created_at) VALUES ($1, 'Employeur', $2, $3, $4, $5, $6, $7, $8, $9)"
    )
    .bind(id)
    .bind(sector)
    .bind(app::ssr::to_time_date(start))
    .bind(scheme.then_some("seine-maritime-medico-social-2021"))
    .bind(scheme.then_some(1i64))
    .bind(if scheme { 3i64 } else { 0 })
    .bind(if scheme { 15_000i64 } else { 0 })
    .bind(paid.map(app::ssr::to_time_date))
    .bind(now)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
}

/// The dataset of the hand computation (see each figure below).
async fn dataset(app: &TestApp) {
    let d = Date::ymd;
    let p1 = person(
        app,
        "7000001",
        "BDS",
        d(2026, 1, 5),
        "employed",
        Some((d(2026, 1, 20), "professionnel")),
    )
    .await;
    appointment(app, p1, d(2026, 1, 20), "held").await;
    job(app, p1, d(2026, 3, 1), "ehpad", true, Some(d(2026, 3, 20))).await;
    let p2 = person(
        app,
        "7000002",
        "BDS",
        d(2026, 1, 10),
        "oriented",
        Some((d(2026, 2, 25), "social")),
    )
    .await;
    appointment(app, p2, d(2026, 2, 20), "held").await;
    let p3 = person(
        app,
        "7000003",
        "BDS",
        d(2026, 2, 1),
        "oriented",
        Some((d(2026, 3, 5), "professionnel")),
    )
    .await;
    appointment(app, p3, d(2026, 2, 15), "missed").await;
    appointment(app, p3, d(2026, 3, 5), "held").await;
    let p4 = person(
        app,
        "7000004",
        "BDS",
        d(2026, 3, 15),
        "appointment_planned",
        None,
    )
    .await;
    appointment(app, p4, d(2026, 3, 30), "planned").await;
    // Entered before the period: not an entrant, but its January appointment and February job count.
    let p5 = person(
        app,
        "7000005",
        "BDS",
        d(2025, 12, 20),
        "employed",
        Some((d(2026, 1, 8), "professionnel")),
    )
    .await;
    appointment(app, p5, d(2026, 1, 8), "excused").await;
    job(app, p5, d(2026, 2, 10), "autre", false, None).await;
    // Another unit.
    let p6 = person(
        app,
        "7000006",
        "ROU",
        d(2026, 2, 2),
        "oriented",
        Some((d(2026, 2, 10), "social")),
    )
    .await;
    appointment(app, p6, d(2026, 2, 10), "held").await;
}

/// Interviews held late in the evening, when the date in Paris is no longer the date in UTC.
async fn a_late_evening_interview_counts_on_its_date_in_paris(app: TestApp) {
    use time::macros::datetime;
    seed(&app).await;
    let d = Date::ymd;
    // Summer, 22:30 UTC = 00:30 on 10 June in Paris: 9 days after entry (8 by the UTC date).
    let summer = person(&app, "7100001", "BDS", d(2026, 6, 1), "oriented", None).await;
    appointment_at(&app, summer, datetime!(2026-06-09 22:30 UTC), "held").await;
    // Winter, 23:15 UTC = 00:15 on 11 January in Paris: 10 days (9 by the UTC date).
    let winter = person(&app, "7100002", "BDS", d(2026, 1, 1), "oriented", None).await;
    appointment_at(&app, winter, datetime!(2026-01-10 23:15 UTC), "held").await;
    // Winter, 22:30 UTC = 23:30 in Paris, the same day: 4 days.
    let evening = person(&app, "7100003", "BDS", d(2026, 1, 2), "oriented", None).await;
    appointment_at(&app, evening, datetime!(2026-01-06 22:30 UTC), "held").await;
    // Daytime, and the earliest of two held interviews counts: 3 days.
    let day = person(&app, "7100004", "BDS", d(2026, 2, 2), "oriented", None).await;
    appointment_at(&app, day, datetime!(2026-02-20 09:00 UTC), "held").await;
    appointment_at(&app, day, datetime!(2026-02-05 09:00 UTC), "held").await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin
        .call(
            "/api/tableau-de-bord",
            &[("du", "2026-01"), ("au", "2026-06"), ("unite", "BDS")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let i = &res.json()["interview_delay"];
    // Delays 3, 4, 9, 10 → median 6.5 (by UTC dates: 3, 4, 8, 9 → 6).
    assert_eq!(
        (i["count"].as_u64(), i["median_days"].as_f64()),
        (Some(4), Some(6.5)),
        "{i}"
    );
}

async fn every_figure_matches_the_hand_computed_values(app: TestApp) {
    seed(&app).await;
    dataset(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin
        .call(
            "/api/tableau-de-bord",
            &[("du", "2026-01"), ("au", "2026-03"), ("unite", "BDS")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let d = res.json();
    // New entrants: January P1, P2; February P3; March P4.
    let entrants: Vec<i64> = d["entrants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[1].as_i64().unwrap())
        .collect();
    assert_eq!(entrants, [2, 1, 1]);
    // Interviews: P1 15 days, P2 41, P3 32 → median 32, 1 of 3 within 30 days, 3 of 3 within 42.
    let i = &d["interview_delay"];
    assert_eq!(
        (i["count"].as_u64(), i["median_days"].as_f64()),
        (Some(3), Some(32.0))
    );
    assert!((i["within_30_days"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(i["within_6_weeks"].as_f64(), Some(1.0));
    // Decisions: P1 15 days, P2 46, P3 32 → median 32, 1 of 3 within 30, 2 of 3 within 42.
    let dd = &d["decision_delay"];
    assert_eq!(
        (dd["count"].as_u64(), dd["median_days"].as_f64()),
        (Some(3), Some(32.0))
    );
    assert!((dd["within_6_weeks"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    // Pathways: professionnel P1, P3; social P2.
    let o: Vec<i64> = d["orientations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .collect();
    assert_eq!(o, [2, 0, 1]);
    // Appointments in the period: held P1, P2, P3; missed P3; excused P5 → 1 missed of 5.
    let a = &d["appointments"];
    assert_eq!(
        (
            a["held"].as_i64(),
            a["missed"].as_i64(),
            a["excused"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(a["missed_rate"].as_f64(), Some(0.2));
    // Work: P1 (EHPAD, scheme, bonus paid) and P5 (other sector).
    let w = &d["work"];
    assert_eq!(
        (
            w["count"].as_i64(),
            w["cumulations"].as_i64(),
            w["bonuses_paid"].as_i64(),
            w["bonus_total"].as_i64()
        ),
        (Some(2), Some(1), Some(1), Some(15_000))
    );
    // The CSV of a figure gives the same numbers.
    let csv = admin
        .get("/tableau-de-bord/donnees.csv?figure=entrants&du=2026-01&au=2026-03&unite=BDS")
        .await;
    assert_eq!(csv.status, 200);
    assert_eq!(
        csv.body.trim_start_matches('\u{feff}'),
        "mois;nouveaux_entrants\n2026-01;2\n2026-02;1\n2026-03;1\n"
    );
    let page = admin
        .get("/tableau-de-bord?du=2026-01&au=2026-03&unite=BDS")
        .await;
    assert!(page.body.contains("4 nouveaux entrants sur la période"));
    assert!(page.body.contains("20\u{a0}% de rendez-vous manqués"));
}

async fn managers_see_their_unit_and_admins_choose(app: TestApp) {
    seed(&app).await;
    dataset(&app).await;
    let mut rouen = signed_in(&app, Actor::ManagerOtherUnit).await;
    // A manager asking for another unit gets their own.
    let d = rouen
        .call(
            "/api/tableau-de-bord",
            &[("du", "2026-01"), ("au", "2026-03"), ("unite", "BDS")],
        )
        .await
        .json();
    assert_eq!(d["unit_code"], "ROU");
    assert_eq!(d["entrants"][1][1], 1);
    let mut admin = signed_in(&app, Actor::Admin).await;
    let all = admin
        .call(
            "/api/tableau-de-bord",
            &[("du", "2026-01"), ("au", "2026-03")],
        )
        .await
        .json();
    assert_eq!(all["unit_label"], "Toutes les unités");
    assert_eq!(all["entrants"][1][1], 2, "February: P3 and P6");
    let mut agent = signed_in(&app, Actor::Agent).await;
    assert_eq!(agent.call("/api/tableau-de-bord", &[]).await.status, 403);
    assert_eq!(
        agent
            .get("/tableau-de-bord/donnees.csv?figure=entrants")
            .await
            .status,
        403
    );
    let bad = admin
        .call(
            "/api/tableau-de-bord",
            &[("du", "2026-13"), ("au", "2026-03")],
        )
        .await;
    assert_eq!(bad.status, 422);
}

async fn simulate(app: &TestApp, start: &str, sector: &str) -> serde_json::Value {
    let body = format!(
        r#"{{"household_kind":"single","adults":[{{"age":35}}],"housing_status":"tenant","housing_aid":0,
        "job":{{"person":"a1","sector":"{sector}","start":"{start}","net_monthly":60000}},"receives_rsa":true}}"#
    );
    let res = app
        .request(
            Request::post("/api/v1/simulations")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    res.json()
}

async fn a_new_scheme_version_applies_from_its_date_only(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let form = [
        ("code", "seine-maritime-medico-social-2021"),
        (
            "nom",
            "Cumul du RSA et d'un salaire dans le secteur médico-social",
        ),
        ("territoire", "Seine-Maritime"),
        ("valide_du", "2026-12-01"),
        ("valide_au", ""),
        ("fenetre_debut", "2027-01"),
        ("fenetre_fin", "2027-06"),
        ("mois", "3"),
        ("prime", "200"),
        (
            "secteurs",
            "ehpad ; EHPAD (maison de retraite médicalisée)\nsaad ; Aide à domicile",
        ),
        ("hypotheses", ""),
    ];
    let res = admin.call("/api/admin/dispositifs/version", &form).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json(), 2, "version 2");
    // A job in February 2027: version 2 (200 € bonus).
    let sim = simulate(&app, "2027-02", "ehpad").await;
    assert_eq!(sim["scheme_version"], 2);
    assert_eq!(sim["projection"][0]["bonus"], 20_000);
    // A job in February 2021: still version 1 (150 €).
    let sim = simulate(&app, "2021-02", "ehpad").await;
    assert_eq!(sim["scheme_version"], 1);
    assert_eq!(sim["projection"][0]["bonus"], 15_000);
    // Staff recording a job in February 2027 get version 2's terms.
    let mut officer = signed_in(&app, Actor::Charge).await;
    officer.plan_orientation_interview("1").await;
    officer.decide_professional_pathway("1").await;
    let res = officer
        .record_ehpad_job("1", "2027-02-01", "", "", "")
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let file = officer
        .call("/api/agent/dossier", &[("id", "1")])
        .await
        .json();
    assert_eq!(file["view"]["employment"]["scheme"]["bonus"], 20_000);
    // Audited, with what changed.
    let audit = app.audit_rows(50).await;
    let row = audit
        .iter()
        .find(|r| r.action == "create_scheme_version")
        .expect("audited");
    assert!(
        row.detail.contains("\"previous_version\":1")
            && row.detail.contains("\"bonus_cents\":20000"),
        "{}",
        row.detail
    );
    // Bad input: a French message, nothing saved.
    let mut bad = form;
    bad[5] = ("fenetre_debut", "2027-07");
    let res = admin.call("/api/admin/dispositifs/version", &bad).await;
    assert_eq!(res.status, 422);
    assert_eq!(app.db().scheme_versions().await.unwrap().len(), 2);
    // Only admins.
    let mut manager = signed_in(&app, Actor::ManagerOtherUnit).await;
    assert_eq!(
        manager
            .call("/api/admin/dispositifs/version", &form)
            .await
            .status,
        403
    );
}

async fn a_second_scheme_is_added_without_code(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin
        .call(
            "/api/admin/dispositifs/version",
            &[
                ("code", "allier-aide-domicile"),
                ("nom", "RSA maintenu 6 mois pour l'aide à domicile"),
                ("territoire", "Allier"),
                ("valide_du", "2021-06-01"),
                ("valide_au", "2022-06-30"),
                ("fenetre_debut", "2021-07"),
                ("fenetre_fin", "2022-06"),
                ("mois", "6"),
                ("prime", "0"),
                ("secteurs", "saad ; Service d'aide à domicile"),
                (
                    "hypotheses",
                    "Le RSA est calculé comme si le salaire n'existait pas pendant 6 mois.",
                ),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let sim = simulate(&app, "2021-09", "saad").await;
    assert_eq!(sim["scheme_code"], "allier-aide-domicile");
    let months = sim["projection"].as_array().unwrap();
    assert!(
        months
            .iter()
            .all(|m| m["rsa_with_scheme"].as_i64() >= m["rsa_without_scheme"].as_i64())
    );
    assert!(
        months[5]["rsa_with_scheme"].as_i64() > months[5]["rsa_without_scheme"].as_i64(),
        "6 months of cumulation"
    );
    assert_eq!(months[0]["bonus"], 0);
    let page = admin.get("/admin/dispositifs").await;
    assert!(
        page.body
            .contains("RSA maintenu 6 mois pour l&#x27;aide à domicile")
            || page
                .body
                .contains("RSA maintenu 6 mois pour l'aide à domicile")
    );
}
