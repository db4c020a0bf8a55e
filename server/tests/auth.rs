//! Sign-in, sessions, limits, origin checks and audit, on both engines.
mod common;

use axum::{body::Body, http::Request};
use common::{
    TestApp,
    fixtures::{self, Actor, PASSWORD, last_code, seed, signed_in},
};

on_both_engines!(
    reading_pages_does_not_write_the_session,
    two_requests_with_the_same_right_code_open_one_session,
    beneficiary_signs_in_with_a_code_and_the_session_id_changes,
    a_wrong_code_counts_and_five_mistakes_burn_the_code,
    an_expired_code_is_refused,
    codes_cannot_be_resent_at_once,
    unknown_people_get_a_clear_message_and_cannot_guess_a_birth_date,
    staff_sign_in_and_password_brute_force_is_slowed_down,
    an_office_behind_one_address_is_limited_on_failures_only,
    sign_out_ends_the_session,
    forms_without_javascript_keep_the_error_and_the_values,
    cross_site_posts_are_refused,
    sign_ins_and_failures_are_audited,
    the_audit_trail_is_append_only,
    first_admin_from_the_command_line_can_sign_in,
);

async fn beneficiary_signs_in_with_a_code_and_the_session_id_changes(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    let res = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "100 0001"), ("naissance", "15/03/1985")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["channel"], "sms");
    assert_eq!(res.json()["destination"], "06 •• •• •• 78");
    assert_eq!(res.json()["other_channel"], "email");
    let before = client
        .cookie
        .clone()
        .expect("a session for the pending sign-in");

    let code = last_code(&app, "06 12 34 56 78").await;
    let res = client.call("/api/connexion/code", &[("code", &code)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let after = client.cookie.clone().expect("session cookie");
    assert_ne!(
        before, after,
        "the session id changes at sign-in (no fixation)"
    );

    let me = client.call("/api/session", &[]).await.json();
    assert_eq!(me["display_name"], "Camille Martin");
    assert!(me["role"].is_null());

    // The id known before sign-in is worth nothing now.
    let mut attacker = app.client();
    attacker.cookie = Some(before);
    assert!(attacker.call("/api/session", &[]).await.json().is_null());

    // A code works once.
    let mut again = app.client();
    let res = again
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1985-03-15")],
        )
        .await;
    // Within the minute no new code is sent, but the identification stands (or is limited):
    // either way, the old code must not open a session.
    assert!(
        matches!(res.status.as_u16(), 200 | 429),
        "{}: {}",
        res.status,
        res.body
    );
    let res = again.call("/api/connexion/code", &[("code", &code)]).await;
    assert_eq!(res.status, 422);
}

/// A session is written when it changes, and to push its idle expiry back at most every five
/// minutes: reading pages writes nothing (one database write per page view is what made "Mon
/// parcours" slow under load).
async fn reading_pages_does_not_write_the_session(app: TestApp) {
    seed(&app).await;
    let mut person = signed_in(&app, Actor::BeneficiaryA).await;
    let expiry = || async {
        let sql = match app.db().engine() {
            app::ssr::db::Engine::Sqlite => "SELECT CAST(expiry_date AS TEXT) FROM tower_sessions",
            app::ssr::db::Engine::Postgres => {
                "SELECT CAST(expiry_date AS TEXT) FROM tower_sessions.session"
            }
        };
        app::with_pool!(app.db(), |pool| sqlx::query_scalar::<_, String>(sql)
            .fetch_all(pool)
            .await)
        .unwrap()
    };
    let before = expiry().await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    for _ in 0..3 {
        let res = person.get("/mon-parcours").await;
        assert_eq!(res.status, 200);
        assert!(
            res.header("set-cookie").is_none(),
            "no new cookie on a read"
        );
        assert_eq!(person.call("/api/parcours", &[]).await.status, 200);
    }
    assert_eq!(expiry().await, before, "the session row was not rewritten");
}

/// The code is consumed conditionally: sent twice at the same moment (a double tap), it opens
/// one session, and the other request is told the code has served.
async fn two_requests_with_the_same_right_code_open_one_session(app: TestApp) {
    seed(&app).await;
    let mut first = app.client();
    let res = first
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1985-03-15")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let mut second = app.client();
    second.cookie = first.cookie.clone();
    let code = last_code(&app, "06 12 34 56 78").await;
    let form = [("code", code.as_str())];
    let (x, y) = tokio::join!(
        first.call("/api/connexion/code", &form),
        second.call("/api/connexion/code", &form)
    );
    let mut statuses = [x.status.as_u16(), y.status.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 422], "{} / {}", x.body, y.body);
    let rows = app.audit_rows(100).await;
    let signed_in = rows.iter().filter(|r| r.action == "sign_in").count();
    assert_eq!(signed_in, 1);
}

async fn a_wrong_code_counts_and_five_mistakes_burn_the_code(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000002"), ("naissance", "1985-03-15")],
        )
        .await;
    let good = last_code(&app, "leo@example.test").await;
    let wrong = if good == "000000" { "111111" } else { "000000" };
    let res = client.call("/api/connexion/code", &[("code", wrong)]).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json()["fields"][0]["message"],
        "Ce code n'est pas le bon. Il vous reste 4 essais."
    );
    for _ in 0..4 {
        client.call("/api/connexion/code", &[("code", wrong)]).await;
    }
    let res = client.call("/api/connexion/code", &[("code", &good)]).await;
    assert_eq!(
        res.status, 422,
        "the right code no longer works after 5 mistakes"
    );
    assert!(
        res.json()["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("trop d'essais")
    );
    // Malformed input is not an attempt.
    let res = client
        .call("/api/connexion/code", &[("code", "12ab")])
        .await;
    assert_eq!(
        res.json()["fields"][0]["message"],
        "Le code contient 6 chiffres, par exemple 123456."
    );
}

async fn an_expired_code_is_refused(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1985-03-15")],
        )
        .await;
    let code = last_code(&app, "06 12 34 56 78").await;
    let past = app::ssr::clock::now() - time::Duration::minutes(11);
    app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE sign_in_code SET expires_at = $1"
    )
    .bind(past)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    let res = client.call("/api/connexion/code", &[("code", &code)]).await;
    assert_eq!(res.status, 422);
    assert_eq!(
        res.json()["fields"][0]["message"],
        "Ce code a expiré. Demandez un nouveau code."
    );
}

async fn codes_cannot_be_resent_at_once(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1985-03-15")],
        )
        .await;
    let res = client
        .call("/api/connexion/renvoyer", &[("canal", "email")])
        .await;
    assert_eq!(res.status, 429, "{}", res.body);
    assert_eq!(res.json()["code"], "rate_limited");
    assert!(res.json()["retry_after_secs"].as_u64().unwrap() <= 60);
}

async fn unknown_people_get_a_clear_message_and_cannot_guess_a_birth_date(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    let res = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1990-01-01")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.json()["fields"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Ces informations ne correspondent")
    );
    let res = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "abc"), ("naissance", "")],
        )
        .await;
    assert_eq!(res.json()["fields"][0]["field"], "numero");
    // Past five wrong birth dates on a file number in a day, a wrong and a right one get the same
    // answer (nobody can guess it, nobody is locked out: the code still goes to the person).
    for _ in 0..4 {
        client
            .call(
                "/api/connexion/identifier",
                &[("numero", "1000001"), ("naissance", "1990-01-01")],
            )
            .await;
    }
    let wrong = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1990-01-01")],
        )
        .await;
    let right = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "1985-03-15")],
        )
        .await;
    assert_eq!((wrong.status, &wrong.body), (right.status, &right.body));
    assert_eq!(right.status, 200, "{}", right.body);
    assert!(!last_code(&app, "06 12 34 56 78").await.is_empty());
    // The address is limited after 30 identifications in 15 minutes, right or wrong (8 so far).
    for _ in 0..22 {
        client
            .call(
                "/api/connexion/identifier",
                &[("numero", "1000002"), ("naissance", "1990-01-01")],
            )
            .await;
    }
    let res = client
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000003"), ("naissance", "1990-01-01")],
        )
        .await;
    assert_eq!(res.status, 429);
    assert!(res.header("retry-after").is_some());
}

async fn staff_sign_in_and_password_brute_force_is_slowed_down(app: TestApp) {
    seed(&app).await;
    let mut client = app.client();
    let res = client
        .call(
            "/api/agent/connexion",
            &[("email", "AGENT@bds.test "), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, 200, "e-mail is case-insensitive: {}", res.body);
    let me = client.call("/api/session", &[]).await.json();
    assert_eq!(me["role"], "agent");
    assert_eq!(me["unit_name"], "Boucles de Seine");

    let mut attacker = app.client();
    for _ in 0..5 {
        let res = attacker
            .call(
                "/api/agent/connexion",
                &[("email", "charge@bds.test"), ("password", "devine")],
            )
            .await;
        assert_eq!(res.status, 422);
        assert_eq!(
            res.json()["fields"][0]["message"],
            "Adresse e-mail ou mot de passe incorrect."
        );
    }
    // Slowed down, never locked: the right password still signs in.
    let res = attacker
        .call(
            "/api/agent/connexion",
            &[("email", "charge@bds.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    // An unknown e-mail gets the same answer as a wrong password.
    let res = app
        .client()
        .call(
            "/api/agent/connexion",
            &[("email", "personne@bds.test"), ("password", "x")],
        )
        .await;
    assert_eq!(
        res.json()["fields"][0]["message"],
        "Adresse e-mail ou mot de passe incorrect."
    );
}

async fn an_office_behind_one_address_is_limited_on_failures_only(app: TestApp) {
    seed(&app).await;
    // Every test client comes from the same address, like a whole office behind one proxy.
    let staff_sign_in = |email: String, password: &'static str| {
        let mut client = app.client();
        async move {
            client
                .call(
                    "/api/agent/connexion",
                    &[("email", email.as_str()), ("password", password)],
                )
                .await
        }
    };
    for _ in 0..25 {
        let res = staff_sign_in("agent@bds.test".into(), PASSWORD).await;
        assert_eq!(res.status, 200, "successful sign-ins are not counted");
    }
    // Twenty failures (on different accounts, each under its own limit of five) lock the address.
    for i in 0..20 {
        let res = staff_sign_in(format!("inconnu{i}@bds.test"), "devine").await;
        assert_eq!(res.status, 422, "failure {i}");
    }
    let res = staff_sign_in("agent@bds.test".into(), PASSWORD).await;
    assert_eq!(res.status, 429, "{}", res.body);
}

async fn sign_out_ends_the_session(app: TestApp) {
    seed(&app).await;
    let mut client = signed_in(&app, Actor::Admin).await;
    let kept = client.cookie.clone();
    let res = client.call("/api/deconnexion", &[]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(client.call("/api/session", &[]).await.json().is_null());
    let mut replay = app.client();
    replay.cookie = kept;
    assert!(
        replay.call("/api/session", &[]).await.json().is_null(),
        "the old cookie is dead"
    );
}

async fn forms_without_javascript_keep_the_error_and_the_values(app: TestApp) {
    seed(&app).await;
    let mut browser = app.client();
    let res = browser
        .post_form(
            "/api/connexion/identifier",
            &[
                ("numero", "9999999"),
                ("naissance_jour", "15"),
                ("naissance_mois", "03"),
                ("naissance_annee", "1985"),
            ],
            "/connexion",
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    // Back at the form's error summary, not the top of the page.
    assert_eq!(res.header("location"), Some("/connexion#erreur-connexion"));
    let page = browser.get("/connexion").await;
    assert!(
        page.body.contains("Ces informations ne correspondent"),
        "the error is shown"
    );
    assert!(
        page.body.contains("value=\"9999999\""),
        "the value typed is kept"
    );
    for part in ["value=\"15\"", "value=\"03\"", "value=\"1985\""] {
        assert!(
            page.body.contains(part),
            "the birth date's boxes keep {part}"
        );
    }
    // The summary takes the focus when the page loads, and the title says "Erreur" first.
    assert!(page.body.contains("id=\"erreur-connexion\""), "summary");
    assert!(page.body.contains("autofocus"), "focus on the summary");
    assert!(page.body.contains("<title>Erreur\u{a0}: "), "title");
    let again = browser.get("/connexion").await;
    assert!(
        !again.body.contains("Ces informations ne correspondent"),
        "shown once"
    );

    // Success: on to the code page.
    let res = browser
        .post_form(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "15/03/1985")],
            "/connexion",
        )
        .await;
    assert_eq!(res.status, 302);
    assert_eq!(res.header("location"), Some("/connexion/code"));
    let page = browser.get("/connexion/code").await;
    assert!(page.body.contains("06 •• •• •• 78"), "{}", page.body);
    // A referer pointing elsewhere is never followed.
    let res = browser
        .post_form(
            "/api/agent/connexion",
            &[("email", "x@y.z"), ("password", "no")],
            "//evil.test/",
        )
        .await;
    assert_eq!(res.header("location"), Some("/#erreur-connexion-agent"));
}

async fn cross_site_posts_are_refused(app: TestApp) {
    seed(&app).await;
    let post = |origin: Option<&str>, site: Option<&str>| {
        let mut req = Request::post("/api/agent/connexion")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "localhost:3000");
        if let Some(o) = origin {
            req = req.header("origin", o);
        }
        if let Some(s) = site {
            req = req.header("sec-fetch-site", s);
        }
        req.body(Body::from(format!(
            "email=admin%40dept.test&password={}",
            PASSWORD.replace(' ', "+")
        )))
        .unwrap()
    };
    let res = app.request(post(Some("https://evil.test"), None)).await;
    assert_eq!(res.status, 403);
    assert!(res.body.contains("n'a pas pu être vérifiée"));
    assert_eq!(
        app.request(post(None, Some("cross-site"))).await.status,
        403
    );
    assert_eq!(
        app.request(post(Some("http://localhost:3000"), Some("same-origin")))
            .await
            .status,
        200
    );
    // Reading is never blocked.
    assert_eq!(app.get("/").await.status, 200);
}

async fn sign_ins_and_failures_are_audited(app: TestApp) {
    let people = seed(&app).await;
    signed_in(&app, Actor::BeneficiaryA).await;
    signed_in(&app, Actor::Agent).await;
    app.client()
        .call(
            "/api/agent/connexion",
            &[("email", "agent@bds.test"), ("password", "non")],
        )
        .await;
    let rows = app.audit_rows(50).await;
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert!(actions.contains(&"sign_in_code_sent"));
    assert!(actions.contains(&"sign_in"));
    assert!(actions.contains(&"staff_sign_in"));
    assert!(actions.contains(&"staff_sign_in_failed"));
    let sign_in = rows.iter().find(|r| r.action == "sign_in").unwrap();
    assert_eq!(sign_in.beneficiary_id, Some(people.a));
    assert_eq!(sign_in.unit_code.as_deref(), Some("BDS"));
    // No secret in the audit trail.
    assert!(rows.iter().all(|r| !r.detail.contains(PASSWORD)));
}

async fn the_audit_trail_is_append_only(app: TestApp) {
    seed(&app).await;
    signed_in(&app, Actor::Agent).await;
    let update = app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE audit_event SET action = 'x'"
    )
    .execute(pool)
    .await
    .map(|_| ()));
    assert!(update.is_err(), "updates are refused");
    let delete = app::with_pool!(app.db(), |pool| sqlx::query("DELETE FROM audit_event")
        .execute(pool)
        .await
        .map(|_| ()));
    assert!(delete.is_err(), "deletes are refused");
}

async fn first_admin_from_the_command_line_can_sign_in(app: TestApp) {
    let (_, generated) = server::accounts::create_admin(app.db(), "Chef@Dept.test", "Cheffe", None)
        .await
        .unwrap();
    let password = generated.expect("a generated password");
    assert!(password.len() >= 20);
    let again = server::accounts::create_admin(app.db(), "chef@dept.test", "Autre", None).await;
    assert!(again.unwrap_err().to_string().contains("existe déjà"));
    let res = app
        .client()
        .call(
            "/api/agent/connexion",
            &[("email", "chef@dept.test"), ("password", &password)],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let _ = fixtures::beneficiary;
}
