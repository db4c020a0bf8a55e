//! Issue 27: the protections cannot be turned against the people they protect. Each attack of the
//! review is tried here as an attacker would, on both engines, from several client addresses (a
//! proxy in front reports them in `X-Forwarded-For`, as `TRUST_PROXY=true` reads them), and shown
//! to fail: nobody locks a person out with wrong codes, a birth date cannot be guessed past the
//! ceiling, malformed or oversize requests get a 4xx, every 429 and 503 says when to come back,
//! password checks are bounded, and production is the default.
mod common;

use app::ssr::ratelimit;
use app::with_pool;
use common::{
    Engine, TestApp,
    fixtures::{Actor, last_code, seed, signed_in, wrong_codes_up_to_the_ceiling},
};

/// The app behind a proxy (`TRUST_PROXY=true`): each client has its own address.
async fn behind_proxy(engine: Engine) -> TestApp {
    let config = app::ssr::config::AppConfig {
        trust_proxy: true,
        ..Default::default()
    };
    TestApp::configured(engine, 5, config).await
}

macro_rules! attacks {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $crate::common::within_limit(concat!(stringify!($name), " (SQLite)"), async {
                        super::$name(super::behind_proxy($crate::common::Engine::Sqlite).await).await
                    }).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    $crate::common::within_limit(concat!(stringify!($name), " (PostgreSQL)"), async {
                        super::$name(super::behind_proxy($crate::common::Engine::Postgres).await).await
                    }).await
                }
            }
        )*
    };
}

attacks!(
    wrong_codes_never_lock_a_person_out,
    a_birth_date_cannot_be_guessed_past_the_ceiling,
    guesses_at_once_each_take_their_own_number,
    malformed_and_oversize_requests_get_a_4xx,
    every_limit_says_when_to_come_back,
    password_checks_are_bounded_and_say_when_busy,
    the_purge_agrees_with_the_audit_trigger_on_any_date,
    a_link_from_another_site_opens_no_file,
);

const CAMILLE: [(&str, &str); 2] = [("numero", "1000001"), ("naissance", "15/03/1985")];
const CAMILLE_PHONE: &str = "06 12 34 56 78";

async fn count(app: &TestApp, sql: &str) -> i64 {
    with_pool!(app.db(), |pool| sqlx::query_scalar::<_, i64>(sql)
        .fetch_one(pool)
        .await)
    .unwrap()
}

/// The newest message to `recipient`, from the development mailbox.
async fn last_body(app: &TestApp, recipient: &str) -> String {
    app.db()
        .deliver_pending(&app.state.config.senders, 100)
        .await
        .unwrap();
    let messages = app.db().dev_messages(100).await.unwrap();
    messages
        .iter()
        .find(|m| m.recipient == recipient)
        .expect("a message")
        .body
        .clone()
}

/// As if the minute had passed: a new code may be sent.
async fn a_minute_later(app: &TestApp, person: i64) {
    app.db()
        .reset_rate_limit(ratelimit::CODE_SEND_PER_MINUTE, &person.to_string())
        .await
        .unwrap();
}

/// Someone who knows Camille's file number and birth date types wrong codes all day, from several
/// addresses. Past the ceiling, codes stop working (for the guesser too) and Camille gets a
/// single-use link on her own phone: she signs in without calling anyone.
async fn wrong_codes_never_lock_a_person_out(app: TestApp) {
    let people = seed(&app).await;
    // Earlier today, from other addresses: the ceiling's worth of wrong codes.
    wrong_codes_up_to_the_ceiling(&app, people.a).await;
    let mut attacker = app.client_at("203.0.113.7");
    let res = attacker.call("/api/connexion/identifier", &CAMILLE).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let code = last_code(&app, CAMILLE_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = attacker
        .call("/api/connexion/code", &[("code", wrong)])
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("lien de connexion"), "{}", res.body);
    // Codes no longer work, not even the right one: guessing is over.
    let res = attacker
        .call("/api/connexion/code", &[("code", &code)])
        .await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("ne sont plus acceptés"), "{}", res.body);

    // Camille, at home, a minute later: she is sent a link, not a code, and nobody unlocks anything.
    a_minute_later(&app, people.a).await;
    let mut camille = app.client_at("198.51.100.20");
    let res = camille.call("/api/connexion/identifier", &CAMILLE).await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(res.json()["link"], true, "{}", res.body);
    let sms = last_body(&app, CAMILLE_PHONE).await;
    let token = sms
        .split("jeton=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("a link in {sms}"))
        .to_string();
    assert!(token.len() > 30, "a long token: {token}");
    // Opening the link (as a preview would) uses nothing; the button signs her in.
    let page = camille.get(&format!("/connexion/lien?jeton={token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&token), "the form carries the token");
    let res = camille
        .call("/api/connexion/lien", &[("jeton", &token)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let me = camille.call("/api/session", &[]).await;
    assert!(me.body.contains("Camille"), "{}", me.body);
    // Single use, and a made-up token gets the same answer as a used one.
    let used = app
        .client_at("192.0.2.1")
        .call("/api/connexion/lien", &[("jeton", &token)])
        .await;
    let made_up = app
        .client_at("192.0.2.2")
        .call(
            "/api/connexion/lien",
            &[("jeton", &format!("{}x", &token[..token.len() - 1]))],
        )
        .await;
    assert_eq!((used.status.as_u16(), made_up.status.as_u16()), (422, 422));
    assert_eq!(used.body, made_up.body);
    // Signed in: codes are back.
    a_minute_later(&app, people.a).await;
    let res = app
        .client_at("198.51.100.21")
        .call("/api/connexion/identifier", &CAMILLE)
        .await;
    assert_eq!(res.json()["link"], false, "{}", res.body);
    // No lock anywhere: nothing for staff to lift, and the audit says what happened.
    let rows = app.audit_rows(200).await;
    assert!(rows.iter().any(|r| r.action == "sign_in_links_only"));
    assert!(rows.iter().any(|r| r.action == "sign_in_link_sent"));
    assert!(!rows.iter().any(|r| r.action == "sign_in_locked"));

    // Links replace codes for a day at most, even if nobody signs in.
    a_minute_later(&app, people.a).await;
    wrong_codes_up_to_the_ceiling(&app, people.a).await;
    let mut again = app.client_at("203.0.113.8");
    again.call("/api/connexion/identifier", &CAMILLE).await;
    let code = last_code(&app, CAMILLE_PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    again.call("/api/connexion/code", &[("code", wrong)]).await;
    let a_day_ago = app::ssr::clock::now() - time::Duration::hours(25);
    with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE beneficiary SET sign_in_locked_at = $1 WHERE beneficiary_id = $2"
    )
    .bind(a_day_ago)
    .bind(people.a)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    a_minute_later(&app, people.a).await;
    let res = app
        .client_at("198.51.100.22")
        .call("/api/connexion/identifier", &CAMILLE)
        .await;
    assert_eq!(res.json()["link"], false, "a day later: {}", res.body);
}

/// A former partner knows Camille's file number and tries birth dates. Five wrong dates are told
/// so; past them, a right and a wrong birth date get the same answer (status and body) — and the
/// code still reaches Camille when the date is right. No audit row per failed try.
async fn a_birth_date_cannot_be_guessed_past_the_ceiling(app: TestApp) {
    let people = seed(&app).await;
    let audit_before = count(&app, "SELECT COUNT(*) FROM audit_event").await;
    for day in 1..=ratelimit::IDENTIFY_PER_FILE.max {
        let res = app
            .client_at(&format!("203.0.113.{day}"))
            .call(
                "/api/connexion/identifier",
                &[
                    ("numero", "1000001"),
                    ("naissance", &format!("{day:02}/01/1970")),
                ],
            )
            .await;
        assert_eq!(res.status, 422, "{}", res.body);
    }
    let mut wrong = app.client_at("203.0.113.50");
    let wrong_answer = wrong
        .call(
            "/api/connexion/identifier",
            &[("numero", "1000001"), ("naissance", "20/01/1970")],
        )
        .await;
    let mut right = app.client_at("203.0.113.51");
    let right_answer = right.call("/api/connexion/identifier", &CAMILLE).await;
    assert_eq!(
        (wrong_answer.status, &wrong_answer.body),
        (right_answer.status, &right_answer.body),
        "the same answer for a wrong and a right birth date"
    );
    assert_eq!(right_answer.status, 200);
    assert!(!right_answer.body.contains("78"), "{}", right_answer.body);
    // The code went to Camille all the same, and she signs in with it.
    let code = last_code(&app, CAMILLE_PHONE).await;
    // The code pages say the same, and a wrong code gets the same answer on both.
    let (page_w, page_r) = (
        wrong.get("/connexion/code").await,
        right.get("/connexion/code").await,
    );
    assert_eq!(page_w.status, page_r.status);
    let said = |b: &str| {
        b.split("data-testid=\"destination\"")
            .nth(1)
            .map(|s| s[..200.min(s.len())].to_string())
    };
    assert_eq!(said(&page_w.body), said(&page_r.body));
    let bad = if code == "000000" { "111111" } else { "000000" };
    let (w, r) = (
        wrong.call("/api/connexion/code", &[("code", bad)]).await,
        right.call("/api/connexion/code", &[("code", bad)]).await,
    );
    assert_eq!((w.status, &w.body), (r.status, &r.body));
    let res = right.call("/api/connexion/code", &[("code", &code)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // Failed tries are counted per hour, not written one audit row each.
    let now = app::ssr::clock::unix(app::ssr::clock::now());
    assert_eq!(
        app.db().tallied("sign_in_unknown", now).await.unwrap(),
        ratelimit::IDENTIFY_PER_FILE.max + 1
    );
    let unknown_rows = count(
        &app,
        "SELECT COUNT(*) FROM audit_event WHERE action = 'sign_in_unknown'",
    )
    .await;
    assert_eq!(unknown_rows, 0);
    assert!(count(&app, "SELECT COUNT(*) FROM audit_event").await > audit_before);
    let _ = people;
}

/// Twenty wrong birth dates at the same moment, from twenty addresses: each takes its own number
/// from the shared counter, so exactly five are told "wrong" and the others get the undisclosed
/// answer (before, all read the same count and all were told).
async fn guesses_at_once_each_take_their_own_number(app: TestApp) {
    seed(&app).await;
    let tries = (0..20).map(|i| {
        let app = &app;
        async move {
            app.client_at(&format!("198.51.100.{}", i + 1))
                .call(
                    "/api/connexion/identifier",
                    &[
                        ("numero", "1000001"),
                        ("naissance", &format!("{:02}/02/1971", i + 1)),
                    ],
                )
                .await
        }
    });
    let answers = futures_util::future::join_all(tries).await;
    let told = answers.iter().filter(|r| r.status == 422).count();
    let undisclosed = answers.iter().filter(|r| r.status == 200).count();
    assert_eq!(
        (told, undisclosed),
        (
            ratelimit::IDENTIFY_PER_FILE.max as usize,
            20 - ratelimit::IDENTIFY_PER_FILE.max as usize
        ),
        "{:?}",
        answers.iter().map(|r| r.status).collect::<Vec<_>>()
    );
}

/// A missing field, a field of the wrong type, a body over 2 MB (with its length, or chunked): a
/// 4xx with a French message, never a 500.
async fn malformed_and_oversize_requests_get_a_4xx(app: TestApp) {
    use axum::body::Body;
    use axum::http::{Request, header};
    seed(&app).await;
    let mut client = app.client_at("203.0.113.9");
    let res = client.call("/api/connexion/identifier", &[]).await;
    assert_eq!(res.status, 422, "missing fields: {}", res.body);
    let mut agent = signed_in(&app, Actor::Agent).await;
    let res = agent
        .call("/api/agent/dossier", &[("id", "pas un nombre")])
        .await;
    assert!(
        (400..500).contains(&res.status.as_u16()),
        "a malformed id: {} {}",
        res.status,
        res.body
    );
    let big = "a".repeat(3 * 1024 * 1024);
    let res = client
        .send(
            Request::post("/api/connexion/identifier")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::CONTENT_LENGTH, big.len())
                .body(Body::from(format!("numero={big}")))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert!(res.body.contains("trop volumineux"), "{}", res.body);
    // Sent in pieces, without a length.
    let chunks = futures_util::stream::iter(
        (0..40).map(|_| Ok::<_, std::io::Error>(axum::body::Bytes::from(vec![b'a'; 100_000]))),
    );
    let res = client
        .send(
            Request::post("/api/connexion/identifier")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from_stream(chunks))
                .unwrap(),
        )
        .await;
    assert_eq!(res.status, 413, "{}", res.body);
}

/// Every 429 says when to come back: the sign-in pages' limits (a server function) as well as the
/// partner API's.
async fn every_limit_says_when_to_come_back(app: TestApp) {
    seed(&app).await;
    let mut client = app.client_at("203.0.113.10");
    let res = client.call("/api/connexion/identifier", &CAMILLE).await;
    assert_eq!(res.status, 200, "{}", res.body);
    // A second code within the minute.
    let res = client.call("/api/connexion/renvoyer", &[]).await;
    assert_eq!(res.status, 429, "{}", res.body);
    let wait: u64 = res
        .header("retry-after")
        .expect("Retry-After on a 429")
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // One address past its identifications.
    let mut busy = app.client_at("203.0.113.11");
    let mut last = None;
    for _ in 0..=ratelimit::IDENTIFY_PER_ADDRESS.max {
        last = Some(
            busy.call(
                "/api/connexion/identifier",
                &[("numero", "9999999"), ("naissance", "15/03/1985")],
            )
            .await,
        );
    }
    let last = last.unwrap();
    assert_eq!(last.status, 429, "{}", last.body);
    assert!(last.header("retry-after").is_some());
}

/// Password checks run a few at a time, process-wide: many sign-ins at once (unknown e-mails,
/// from many addresses) all get an answer — a refusal, or "busy" with `Retry-After` — and never
/// more checks at once than the limit allows.
async fn password_checks_are_bounded_and_say_when_busy(app: TestApp) {
    seed(&app).await;
    let tries = (0..24).map(|i| {
        let app = &app;
        async move {
            app.client_at(&format!("192.0.2.{}", i + 1))
                .call(
                    "/api/agent/connexion",
                    &[
                        ("email", &format!("inconnu{i}@example.test")),
                        ("password", "pas le bon mot de passe"),
                    ],
                )
                .await
        }
    });
    let answers = futures_util::future::join_all(tries).await;
    for res in &answers {
        match res.status.as_u16() {
            422 => assert!(res.body.contains("incorrect"), "{}", res.body),
            503 => assert!(res.header("retry-after").is_some(), "{}", res.body),
            other => panic!("{other}: {}", res.body),
        }
    }
    // An unknown e-mail is nobody's event: tallied, not audited.
    let now = app::ssr::clock::unix(app::ssr::clock::now());
    let refused = answers.iter().filter(|r| r.status == 422).count() as i64;
    assert_eq!(
        app.db()
            .tallied("staff_sign_in_unknown", now)
            .await
            .unwrap(),
        refused
    );
    let (peak, slots) = app::ssr::auth::password_checks_peak();
    assert!(
        (1..=slots).contains(&peak),
        "{peak} checks ran at once, for {slots} slots"
    );
}

/// The server binary, with nothing in its environment but what each case sets.
fn server_command(db_dir: &std::path::Path, vars: &[(&str, &str)]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle-server"));
    cmd.env_clear()
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", db_dir.join("prod.db").display()),
        )
        .env("RUST_LOG", "warn");
    for (k, v) in vars {
        cmd.env(k, v);
    }
    cmd
}

/// Production is the default: without `PASSERELLE_ENV`, demo data and `seed-demo` are refused, the
/// server does not start without its public address and real senders, and once it starts its
/// cookies are `Secure` with HSTS — even with the address spelled `HTTPS://`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_is_the_default() {
    let dir = common::tempdir::TempDir::new(&common::unique_name("passerelle_production"));
    let out = server_command(&dir.0, &[])
        .arg("seed-demo")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("refusé en production"), "{said}");

    let out = server_command(
        &dir.0,
        &[("DEMO_DATA", "true"), ("LISTEN_ADDR", "127.0.0.1:0")],
    )
    .arg("serve")
    .output()
    .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    for missing in ["DEMO_DATA", "PUBLIC_URL", "SMS_API_URL", "SMTP_URL"] {
        assert!(said.contains(missing), "{missing} in: {said}");
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = server_command(
        &dir.0,
        &[
            ("LISTEN_ADDR", &addr),
            ("PUBLIC_URL", "HTTPS://passerelle.example.fr"),
            ("SMS_API_URL", "http://127.0.0.1:9/sms"),
            ("SMTP_URL", "smtp://127.0.0.1:9"),
        ],
    )
    .arg("serve")
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let http = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..100 {
        if let Ok(r) = http.get(format!("http://{addr}/readyz")).send().await {
            ready = r.status().is_success();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let answer = if ready {
        Some(
            http.get(format!("http://{addr}/?lang=en"))
                .send()
                .await
                .unwrap(),
        )
    } else {
        None
    };
    let _ = server.kill();
    let output = server.wait_with_output().unwrap();
    let res = answer.unwrap_or_else(|| {
        panic!(
            "the production server did not start: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let hsts = res.headers().get("strict-transport-security");
    assert!(hsts.is_some(), "HSTS in production");
    let cookies: Vec<_> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(!cookies.is_empty());
    assert!(cookies.iter().all(|c| c.contains("Secure")), "{cookies:?}");
}

/// The purge deletes audit rows older than 5 calendar years, as the database's trigger counts them.
/// With a fixed number of days, a window holding two 29 Februarys made the purge try to delete a
/// row the trigger still protects, and the whole purge failed (the suite runs again 400 and 800
/// days ahead: 800 days ahead, the window holds 2024-02-29 and 2028-02-29).
async fn the_purge_agrees_with_the_audit_trigger_on_any_date(app: TestApp) {
    let now = app::ssr::clock::now();
    let cutoff = app::ssr::retention::audit_cutoff(now);
    for (at, action) in [
        (cutoff - time::Duration::hours(1), "old_enough"),
        (cutoff + time::Duration::hours(1), "too_young"),
    ] {
        with_pool!(app.db(), |pool| sqlx::query(
            "INSERT INTO audit_event (occurred_at, actor_kind, action) VALUES ($1, 'system', $2)"
        )
        .bind(at)
        .bind(action)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))
        .unwrap();
    }
    app.db()
        .purge(now, false)
        .await
        .expect("the purge never fails on the trail's boundary");
    let left = |action: &'static str| {
        let app = &app;
        async move {
            count(
                app,
                &format!("SELECT COUNT(*) FROM audit_event WHERE action = '{action}'"),
            )
            .await
        }
    };
    assert_eq!(left("old_enough").await, 0);
    assert_eq!(left("too_young").await, 1);
}

/// A page elsewhere links to a person's file: the signed-in agent's browser follows it, and the
/// file does not open (no "consulted your file" in the person's history); one click on our own
/// page opens it, audited.
async fn a_link_from_another_site_opens_no_file(app: TestApp) {
    use axum::body::Body;
    use axum::http::Request;
    let people = seed(&app).await;
    let mut agent = signed_in(&app, Actor::Agent).await;
    let url = format!("/agent/personnes/{}", people.a);
    let before = views(&app, people.a).await;
    let page = agent
        .send(
            Request::get(&url)
                .header("sec-fetch-site", "cross-site")
                .header("sec-fetch-mode", "navigate")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(page.body.contains("confirm-open"), "{}", page.body);
    assert!(!page.body.contains("Martin"), "the file is not shown");
    assert_eq!(views(&app, people.a).await, before, "nothing audited");
    let page = agent
        .send(
            Request::get(&url)
                .header("sec-fetch-site", "same-origin")
                .header("sec-fetch-mode", "navigate")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(page.body.contains("Martin"), "{}", page.body);
    assert_eq!(views(&app, people.a).await, before + 1);
}

/// The times staff opened this person's file (audited).
async fn views(app: &TestApp, person: i64) -> usize {
    app.audit_rows(100)
        .await
        .iter()
        .filter(|r| r.action == "view_file" && r.beneficiary_id == Some(person))
        .count()
}

/// `/readyz` says how client addresses are read; a server without `TRUST_PROXY` that receives
/// `X-Forwarded-For` (a proxy in front, probably) says every client then shares one address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_tells_how_client_addresses_are_read() {
    common::within_limit("readyz_tells_how_client_addresses_are_read", async {
        let proxied = behind_proxy(Engine::Sqlite).await;
        let res = proxied.get("/readyz").await;
        assert_eq!(
            res.json()["client_address"],
            "x-forwarded-for",
            "{}",
            res.body
        );
        let direct = TestApp::new(Engine::Sqlite).await;
        assert_eq!(direct.get("/readyz").await.json()["client_address"], "peer");
        direct.client_at("203.0.113.99").get("/").await;
        let res = direct.get("/readyz").await;
        assert!(
            res.json()["warning"]
                .as_str()
                .is_some_and(|w| w.contains("TRUST_PROXY")),
            "{}",
            res.body
        );
    })
    .await
}
