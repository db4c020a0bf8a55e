//! The foundation, end to end through the real router: health, pages, errors, the first table read
//! through a server function, on both database engines.
mod common;

use common::TestApp;

on_both_engines!(
    health_probes_answer_json,
    readiness_fails_when_the_database_is_gone,
    home_page_is_french_and_complete,
    unknown_page_is_a_french_404,
    units_page_filters_on_the_server_without_javascript,
    units_server_function_is_accent_insensitive,
    bad_input_gets_a_french_422_without_internals,
    pages_carry_security_headers_and_a_nonce_csp,
    migrations_are_idempotent,
    the_demo_data_loads_and_is_searchable,
    only_pages_with_an_island_load_the_wasm,
);

/// The date helpers every test uses (`common/dates.rs`) agree with dates worked out by hand.
#[test]
fn the_test_date_helpers_agree_with_dates_worked_out_by_hand() {
    common::dates::check_against_dates_worked_out_by_hand();
}

async fn health_probes_answer_json(app: TestApp) {
    let res = app.get("/healthz").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["status"], "ok");
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["database"], "ok");
}

async fn readiness_fails_when_the_database_is_gone(app: TestApp) {
    app.db().close().await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status, 503);
    assert_eq!(res.json()["database"], "unreachable");
    // The process itself is still up.
    assert_eq!(app.get("/healthz").await.status, 200);
}

async fn home_page_is_french_and_complete(app: TestApp) {
    let res = app.get("/").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("<html lang=\"fr\" dir=\"ltr\">"));
    assert!(res.body.contains("href=\"/simulateur\""));
    assert!(res.body.contains("href=\"/mon-parcours\""));
    assert!(
        res.body
            .contains("Direction de l'Action Sociale et de l'Insertion")
    );
    assert!(res.body.contains("02 76 51 63 40"));
    assert!(res.body.contains("name=\"viewport\""));
}

async fn unknown_page_is_a_french_404(app: TestApp) {
    let res = app.get("/cette-page-n-existe-pas").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page introuvable"), "{}", res.body);
    assert!(res.body.contains("href=\"/\""));
}

async fn units_page_filters_on_the_server_without_javascript(app: TestApp) {
    let res = app.get("/unites?q=boucles").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Boucles de Seine"));
    assert!(!res.body.contains("Rouen</h2>"));
    assert!(res.body.contains("1 unité"));
    // The query typed is kept in the field.
    assert!(res.body.contains("value=\"boucles\""), "{}", res.body);
}

async fn units_server_function_is_accent_insensitive(app: TestApp) {
    let res = app.server_fn("/api/units", "q=NEUFCHATEL").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Dieppe Neufchâtel-en-Bray"]);
    let all = app.server_fn("/api/units", "").await.json();
    assert_eq!(all.as_array().unwrap().len(), 4);
    // LIKE wildcards typed by a person are not wildcards.
    let none = app.server_fn("/api/units", "q=%25").await.json();
    assert_eq!(
        none.as_array().unwrap().len(),
        4,
        "'%' alone is folded away, not a pattern"
    );
    let none = app.server_fn("/api/units", "q=zzz").await.json();
    assert!(none.as_array().unwrap().is_empty());
}

async fn bad_input_gets_a_french_422_without_internals(app: TestApp) {
    let long = "a".repeat(101);
    let res = app.server_fn("/api/units", &format!("q={long}")).await;
    assert_eq!(res.status, 422, "{}", res.body);
    let err = res.json();
    assert_eq!(err["code"], "invalid");
    assert_eq!(err["fields"][0]["field"], "q");
    assert!(
        err["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("trop longue")
    );
}

async fn pages_carry_security_headers_and_a_nonce_csp(app: TestApp) {
    let res = app.get("/").await;
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    let csp = res
        .header("content-security-policy")
        .expect("CSP on HTML pages");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .expect("nonce in CSP");
    assert!(nonce.len() >= 16);
    assert!(
        res.body.contains(&format!("nonce=\"{nonce}\"")),
        "inline scripts carry the CSP nonce"
    );
    // A new nonce for every response.
    let again = app.get("/").await;
    assert_ne!(again.header("content-security-policy"), Some(csp));
}

async fn migrations_are_idempotent(app: TestApp) {
    app.db().migrate().await.expect("second run is a no-op");
    let res = app.server_fn("/api/units", "").await;
    assert_eq!(res.json().as_array().unwrap().len(), 4);
}

/// The demo data (the README's run command loads it) is written in full, searchable at once, and
/// on PostgreSQL leaves the trigram index taking new people at once again (it queues them only
/// during the bulk load).
async fn the_demo_data_loads_and_is_searchable(app: TestApp) {
    use passerelle::access::{Role, StaffScope};
    let opts = server::demo::DemoOptions {
        beneficiaries: 300,
        months: 6,
        units: vec!["BDS".into()],
        seed: 7,
        today: app::clock::today(),
    };
    let summary = server::demo::seed(app.db(), &opts).await.unwrap();
    assert_eq!(summary.beneficiaries, 300);
    assert_eq!(app.db().count_beneficiaries().await.unwrap(), 300);
    let (last_name, file): (String, String) = app::with_pool!(app.db(), |pool| sqlx::query_as(
        "SELECT last_name, file_number FROM beneficiary ORDER BY beneficiary_id DESC LIMIT 1"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    let admin = StaffScope {
        role: Role::Admin,
        unit: None,
    };
    let key = app::text::search_key(&last_name);
    let found = app.db().search_people(&admin, &key, 1).await.unwrap();
    assert!(
        found.rows.iter().any(|r| r.file_number == file) || found.total > found.rows.len() as i64,
        "{last_name} ({file}) is found"
    );
    let by_file = app.db().search_people(&admin, &file, 1).await.unwrap();
    assert_eq!(
        by_file.rows.first().map(|r| r.file_number.as_str()),
        Some(file.as_str())
    );
    if let app::ssr::Db::Postgres(pool) = app.db() {
        let options: Option<Vec<String>> = sqlx::query_scalar(
            "SELECT reloptions FROM pg_class WHERE relname = 'beneficiary_search_trgm_idx'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(options, Some(vec!["fastupdate=off".to_string()]));
    }
    if let app::ssr::Db::Sqlite(pool) = app.db() {
        // The planner has its per-index summaries, and no value samples: with them, SQLite
        // compiles a statement again whenever a bound value changes (see refresh_statistics).
        let (summaries, samples): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM sqlite_stat1), (SELECT COUNT(*) FROM sqlite_stat4)",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert!(summaries > 0);
        assert_eq!(samples, 0);
    }
}

/// Islands: the simulator and the units search are hydrated; every other page is plain HTML and
/// loads no script of the app at all.
async fn only_pages_with_an_island_load_the_wasm(app: TestApp) {
    for page in ["/simulateur", "/unites"] {
        let res = app.get(page).await;
        assert_eq!(res.status, 200, "{page}");
        assert!(res.body.contains("<leptos-island"), "{page} has an island");
        assert!(res.body.contains(".wasm"), "{page} loads the wasm");
    }
    for page in [
        "/",
        "/connexion",
        "/agent/connexion",
        "/mon-parcours",
        "/agent",
        "/page-inconnue",
    ] {
        let res = app.get(page).await;
        assert!(!res.body.contains("<leptos-island"), "{page} has no island");
        assert!(!res.body.contains(".wasm"), "{page} loads no wasm");
        assert!(
            !res.body.contains("type=\"module\""),
            "{page} loads no module script"
        );
    }
}
