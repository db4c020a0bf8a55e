//! The partner API on both engines: keys and their limits, the pathway summary, events applied
//! once whatever the retries, and the simulator.
mod common;

use axum::{body::Body, http::Request};
use common::{
    TestApp, TestResponse, dates,
    fixtures::{Actor, seed, signed_in},
};

on_both_engines!(
    the_openapi_document_is_served_and_lists_every_route,
    keys_are_checked_for_validity_rights_and_unit,
    the_same_event_posted_twice_is_recorded_once,
    events_follow_the_status_machine_and_validate_their_input,
    simulations_need_no_key_and_match_the_reference,
    admins_create_and_revoke_keys_and_it_is_audited,
    a_key_created_without_javascript_is_shown_once,
);

async fn get(app: &TestApp, uri: &str, key: Option<&str>) -> TestResponse {
    let mut req = Request::get(uri);
    if let Some(k) = key {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    app.request(req.body(Body::empty()).unwrap()).await
}

async fn post(
    app: &TestApp,
    uri: &str,
    key: Option<&str>,
    idempotency: Option<&str>,
    body: &str,
) -> TestResponse {
    let mut req = Request::post(uri).header("content-type", "application/json");
    if let Some(k) = key {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    if let Some(i) = idempotency {
        req = req.header("idempotency-key", i);
    }
    app.request(req.body(Body::from(body.to_string())).unwrap())
        .await
}

async fn key(app: &TestApp, scopes: &[&str], unit: Option<&str>) -> String {
    app.db()
        .create_api_key("France Travail", "test", scopes, unit, None)
        .await
        .unwrap()
        .1
}

async fn the_openapi_document_is_served_and_lists_every_route(app: TestApp) {
    let res = get(&app, "/api/v1/openapi.json", None).await;
    assert_eq!(res.status, 200);
    let doc = res.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/beneficiaries/{file_number}/pathway",
        "/api/v1/beneficiaries/{file_number}/events",
        "/api/v1/simulations",
    ] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    assert!(doc["components"]["schemas"]["SimulationInput"].is_object());
    assert!(doc["components"]["securitySchemes"]["cle_api"].is_object());
    let res = get(&app, "/api/v1/nope", None).await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["code"], "not_found");
}

async fn keys_are_checked_for_validity_rights_and_unit(app: TestApp) {
    seed(&app).await;
    let read = key(&app, &["pathways:read"], None).await;
    let write_only = key(&app, &["events:write"], None).await;
    let rouen = key(&app, &["pathways:read"], Some("ROU")).await;
    let uri = "/api/v1/beneficiaries/1000001/pathway";
    let res = get(&app, uri, None).await;
    assert_eq!(res.status, 401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    assert_eq!(get(&app, uri, Some("psl_nothing_here")).await.status, 401);
    // Change the last character of the secret, to one it is not already.
    let last = if read.ends_with('x') { 'y' } else { 'x' };
    let forged = format!("{}{last}", &read[..read.len() - 1]);
    assert_eq!(
        get(&app, uri, Some(&forged)).await.status,
        401,
        "the secret part is checked"
    );
    assert_eq!(get(&app, uri, Some(&write_only)).await.status, 403);
    assert_eq!(
        get(&app, uri, Some(&rouen)).await.status,
        404,
        "outside the key's unit: as if absent"
    );
    assert_eq!(
        get(&app, "/api/v1/beneficiaries/9999999/pathway", Some(&read))
            .await
            .status,
        404
    );
    let res = get(&app, uri, Some(&read)).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let summary = res.json();
    assert_eq!(summary["status"], "entered");
    assert_eq!(summary["rsa_opened_on"], "2026-10-01");
    // Partner reads are audited.
    let audit = app.audit_rows(5).await;
    assert_eq!(audit[0].action, "api_read_pathway");
    assert_eq!(audit[0].actor_kind, "partner");
}

async fn the_same_event_posted_twice_is_recorded_once(app: TestApp) {
    seed(&app).await;
    let k = key(&app, &["events:write", "pathways:read"], None).await;
    let mut officer = signed_in(&app, Actor::Charge).await;
    officer.plan_orientation_interview("1").await;
    app.appointments_took_place("1").await;
    let uri = "/api/v1/beneficiaries/1000001/events";
    let held = r#"{"type":"appointment_outcome","outcome":"held"}"#;
    let first = post(&app, uri, Some(&k), Some("evt-0001-held"), held).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["status"], "interview_held");
    assert_eq!(first.json()["applied_now"], true);
    let again = post(&app, uri, Some(&k), Some("evt-0001-held"), held).await;
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["status"], "interview_held");
    assert_eq!(
        again.json()["applied_now"],
        false,
        "replayed, not applied again"
    );
    let decision = r#"{"type":"referent_assigned","pathway":"professionnel","organisation":"france_travail","name":"Léa Conseil","contact":null}"#;
    for _ in 0..3 {
        let res = post(&app, uri, Some(&k), Some("evt-0002-decision"), decision).await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    let audit = app.audit_rows(100).await;
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "record_appointment_outcome")
            .count(),
        1
    );
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "record_orientation")
            .count(),
        1,
        "three posts, one decision"
    );
    assert!(
        audit
            .iter()
            .filter(|r| r.action == "record_orientation")
            .all(|r| r.actor_kind == "partner")
    );
    // The same key for another body is refused; a missing key too.
    let res = post(
        &app,
        uri,
        Some(&k),
        Some("evt-0001-held"),
        r#"{"type":"appointment_outcome","outcome":"missed"}"#,
    )
    .await;
    assert_eq!(res.status, 422);
    assert!(
        res.json()["message"]
            .as_str()
            .unwrap()
            .contains("déjà servi")
    );
    assert_eq!(post(&app, uri, Some(&k), None, held).await.status, 422);
    let summary = get(&app, "/api/v1/beneficiaries/1000001/pathway", Some(&k))
        .await
        .json();
    assert_eq!(summary["status"], "oriented");
    assert_eq!(summary["referent_name"], "Léa Conseil");
}

async fn events_follow_the_status_machine_and_validate_their_input(app: TestApp) {
    seed(&app).await;
    let k = key(&app, &["events:write"], None).await;
    let uri = "/api/v1/beneficiaries/1000001/events";
    let res = post(
        &app,
        uri,
        Some(&k),
        Some("evt-contract-1"),
        &format!(
            r#"{{"type":"contract_signed","signed_on":"{}"}}"#,
            dates::iso(dates::days_from_today(-5))
        ),
    )
    .await;
    assert_eq!(res.status, 409, "{}", res.body);
    assert!(
        res.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Impossible d'enregistrer le contrat")
    );
    let res = post(
        &app,
        uri,
        Some(&k),
        Some("evt-bad-0001"),
        r#"{"type":"contract_signed","signed_on":"hier"}"#,
    )
    .await;
    assert_eq!(res.status, 422);
    let res = post(
        &app,
        uri,
        Some(&k),
        Some("evt-bad-0002"),
        r#"{"type":"teleportation"}"#,
    )
    .await;
    assert_eq!(res.status, 422);
    let res = post(&app, uri, Some(&k), Some("evt-bad-0003"), "pas du json").await;
    assert_eq!(res.status, 422);
    let res = post(
        &app,
        uri,
        Some(&k),
        Some("evt-bad-0004"),
        r#"{"type":"appointment_outcome","outcome":"held"}"#,
    )
    .await;
    assert_eq!(res.status, 409, "no appointment planned: {}", res.body);
    // Nothing was written by all these refusals.
    assert!(
        app.audit_rows(100)
            .await
            .iter()
            .all(|r| r.actor_kind != "partner")
    );
}

async fn simulations_need_no_key_and_match_the_reference(app: TestApp) {
    // Reference household G002 (OpenFisca-France): single, 35, tenant with 250 € housing aid, an
    // EHPAD job at 600 € from February 2021.
    let body = r#"{"household_kind":"single","adults":[{"age":35}],"housing_status":"tenant","housing_aid":25000,
        "job":{"person":"a1","sector":"ehpad","start":"2021-02","net_monthly":60000},"receives_rsa":true}"#;
    let res = post(&app, "/api/v1/simulations", None, None, body).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let sim = res.json();
    let column = |key: &str| -> Vec<i64> {
        sim["projection"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m[key].as_i64().unwrap())
            .collect()
    };
    assert_eq!(&column("rsa_without_scheme")[..3], &[49701, 29701, 9750]);
    assert_eq!(sim["projection"][0]["bonus"], 15000);
    // The same three-way comparison as the page: without the job (OpenFisca-France, G002 of
    // tests/reference/cases-without-job.json), with it, with it and the scheme.
    assert_eq!(
        column("rsa_without_job"),
        [49701, 49701, 49750, 49750, 49750, 49750]
    );
    let o = &sim["outlook"];
    // The gain told from the months (period by period, or their range), never an average; the
    // periods it is read from go with it.
    let headline = o["headline_fr"].as_str().unwrap();
    assert!(headline.starts_with("Avec cet emploi, "), "{o}");
    assert!(!headline.contains("en moyenne"), "{o}");
    let periods = o["periods"].as_array().unwrap();
    assert!(!periods.is_empty(), "{o}");
    assert_eq!(periods[0]["months"]["first"], sim["projection"][0]["month"]);
    assert_eq!(o["scheme_applies"], true);
    assert_eq!(o["scheme_extra"], sim["totals"]["gain"]);
    assert_eq!(
        sim["totals"]["job_gain"].as_i64().unwrap(),
        sim["totals"]["total_without_scheme"].as_i64().unwrap()
            - sim["totals"]["total_without_job"].as_i64().unwrap()
    );
    // A job starting this month (the server's clock): the scheme's window (January–June 2021)
    // is long closed, and the answer says so first.
    let today = format!(
        r#"{{"household_kind":"single","adults":[{{"age":35}}],"housing_status":"tenant",
        "job":{{"person":"a1","sector":"ehpad","start":"{}","net_monthly":140000}},"receives_rsa":true}}"#,
        dates::iso_month(dates::today())
    );
    let res = post(&app, "/api/v1/simulations", None, None, &today).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let sim = res.json();
    assert_eq!(sim["outlook"]["scheme_applies"], false);
    assert!(sim["outlook"]["scheme_fr"].is_null());
    assert_eq!(
        sim["eligibility"]["cumulation"]["decisive_criterion"],
        "date_embauche"
    );
    assert!(
        sim["outlook"]["benefits_fr"]
            .as_str()
            .unwrap()
            // Paid for the two months the job's first salaries are declared in, then stopped:
            // the last month paid is named.
            .contains(&format!(
                "Votre dernier mois de RSA serait {}.",
                dates::fr_month(dates::first_of_month(1))
            )),
        "{}",
        sim["outlook"]
    );
    let res = post(
        &app,
        "/api/v1/simulations",
        None,
        None,
        r#"{"household_kind":"single"}"#,
    )
    .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.json()["code"], "invalid");
}

async fn admins_create_and_revoke_keys_and_it_is_audited(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin
        .call(
            "/api/admin/cles/creer",
            &[
                ("organisme", "Mission locale d'Elbeuf"),
                ("libelle", "Synchronisation"),
                ("lecture", "on"),
                ("unite", "BDS"),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let k: String = serde_json::from_str(&res.body).unwrap();
    assert!(k.starts_with("psl_"));
    assert_eq!(
        get(&app, "/api/v1/beneficiaries/1000001/pathway", Some(&k))
            .await
            .status,
        200
    );
    let keys = admin.call("/api/admin/cles", &[]).await.json();
    let id = keys[0]["id"].as_i64().unwrap().to_string();
    assert!(
        !keys.to_string().contains(&k),
        "the key itself is never shown again"
    );
    assert_eq!(
        admin
            .call("/api/admin/cles/revoquer", &[("id", &id)])
            .await
            .status,
        200
    );
    assert_eq!(
        get(&app, "/api/v1/beneficiaries/1000001/pathway", Some(&k))
            .await
            .status,
        401,
        "revoked"
    );
    let mut manager = signed_in(&app, Actor::ManagerOtherUnit).await;
    assert_eq!(
        manager.call("/api/admin/cles", &[]).await.status,
        403,
        "admins only"
    );
    let actions: Vec<String> = app
        .audit_rows(50)
        .await
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert!(
        actions.contains(&"create_api_key".to_string())
            && actions.contains(&"revoke_api_key".to_string())
    );
}

/// The page's form posted without JavaScript (every staff page is plain HTML): the browser is sent
/// back to the page, which shows the new key once; it is never shown again.
async fn a_key_created_without_javascript_is_shown_once(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin
        .post_form(
            "/api/admin/cles/creer",
            &[
                ("organisme", "Cap emploi 76"),
                ("libelle", "Rendez-vous"),
                ("lecture", "on"),
                ("unite", ""),
            ],
            "/admin/cles-api",
        )
        .await;
    assert!(
        [302u16, 303].contains(&res.status.as_u16()),
        "{} {}",
        res.status,
        res.body
    );
    assert!(
        res.header("location")
            .is_some_and(|l| l.contains("/admin/cles-api")),
        "back to the page: {:?}",
        res.header("location")
    );
    let page = admin.get("/admin/cles-api").await;
    let marker = "data-testid=\"new-key\">";
    let start = page.body.find(marker).expect("the new key is on the page") + marker.len();
    let key: String = page.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    assert!(key.len() > 20, "{key}");
    assert_eq!(
        get(&app, "/api/v1/beneficiaries/1000001/pathway", Some(&key))
            .await
            .status,
        200,
        "the key shown works"
    );
    let again = admin.get("/admin/cles-api").await;
    assert!(!again.body.contains(&key), "shown once");
    assert!(!again.body.contains("data-testid=\"new-key\""));
    // Nobody else can take it.
    let mut officer = signed_in(&app, Actor::Charge).await;
    assert_eq!(
        officer.call("/api/admin/cles/nouvelle", &[]).await.status,
        403
    );
}
