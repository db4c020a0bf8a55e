//! Many people at once, on a real socket: every answer belongs to the person who asked, no answer
//! is a server error, no panic is logged, and every accepted write is stored exactly once.
//!
//! The server runs the real router on a TCP port of a multi-threaded runtime; 64 client tasks
//! hold keep-alive connections and send pages, server-function calls and partner API requests
//! as ten signed-in people (beneficiaries and staff of two units), a partner and anonymous
//! visitors, reads and writes mixed, all at the same time. Identity leaks between requests only
//! show under such concurrency (two requests served by the same worker thread at once), never one
//! request at a time.
mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use app::ssr::beneficiaries::NewBeneficiary;
use common::{Engine, TestApp, dates, fixtures::last_code};
use passerelle::{Date, access::Role};
use tokio::sync::Mutex;

/// Requests in all (`CONCURRENCY_REQUESTS` overrides), and how many are in flight at any time.
const REQUESTS: usize = 6_000;
const CONNECTIONS: usize = 64;
const PASSWORD: &str = "mot de passe de charge 2026";

/// Panics on the server's worker threads (the test's own assertions run on the test thread).
static SERVER_PANICS: AtomicUsize = AtomicUsize::new(0);

fn count_server_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // tokio names its workers "tokio-rt-worker" (older versions "tokio-runtime-worker").
            if std::thread::current()
                .name()
                .is_some_and(|n| n.starts_with("tokio"))
            {
                SERVER_PANICS.fetch_add(1, Ordering::SeqCst);
            }
            previous(info);
        }));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    common::within_limit("concurrency (SQLite)", run(Engine::Sqlite)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    common::within_limit("concurrency (PostgreSQL)", run(Engine::Postgres)).await
}

/// Pages keep rendering while other routers are built in the same process (as the tests do, one
/// router per test). Building a router once listed the routes by rendering the app with resource
/// loading switched off process-wide, and a page whose resource started meanwhile never answered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_routers_are_built() {
    common::within_limit("pages while routers are built", async {
        let app = TestApp::new(Engine::Sqlite).await;
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let builder = {
            let (state, stop) = (app.state.clone(), stop.clone());
            let runtime = tokio::runtime::Handle::current();
            std::thread::spawn(move || {
                // Listing routes spawns tasks on the runtime, as in the server.
                let _runtime = runtime.enter();
                let mut built = 0usize;
                while !stop.load(Ordering::Relaxed) {
                    drop(server::http::router(state.clone()));
                    built += 1;
                }
                built
            })
        };
        let mut stalled = Vec::new();
        for n in 0..100 {
            // Every page's frame loads who is signed in through a resource.
            let page = if n % 2 == 0 {
                "/connexion"
            } else {
                "/simulateur"
            };
            let answer =
                tokio::time::timeout(std::time::Duration::from_secs(10), app.get(page)).await;
            match answer {
                Ok(res) => assert_eq!(res.status, 200, "{page}"),
                Err(_) => {
                    stalled.push(page);
                    if stalled.len() == 3 {
                        break;
                    }
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        let built = builder.join().expect("router builder");
        assert!(built > 0, "routers were built meanwhile");
        assert!(
            stalled.is_empty(),
            "{} pages never answered while {built} routers were built: {stalled:?}",
            stalled.len()
        );
    })
    .await
}

/// Someone using the service.
#[derive(Clone, Debug)]
struct Person {
    /// A beneficiary's id, or 0 for staff and anonymous visitors.
    id: i64,
    /// What the page header shows for them ("Prénom Nom"), empty when anonymous.
    name: String,
    file_number: String,
    kind: Kind,
    unit: &'static str,
    cookie: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Anonymous,
    Beneficiary,
    /// A chargé d'orientation of one unit.
    Officer,
    Admin,
}

/// What the clients did, to check against the database at the end.
#[derive(Default)]
struct Ledger {
    /// Question text → (beneficiary id, accepted).
    questions: HashMap<String, (i64, bool)>,
    /// Appointment place (unique) → accepted.
    appointments: HashMap<String, bool>,
    /// Appointment id → accepted outcome answers.
    outcomes: HashMap<i64, usize>,
    /// Referent name (unique) → accepted (staff decisions and partner events).
    decisions: HashMap<String, bool>,
    /// Idempotency key → accepted answers (several clients send the same key).
    partner_keys: HashMap<String, usize>,
    requests: usize,
    by_status: HashMap<u16, usize>,
}

struct World {
    base: String,
    http: reqwest::Client,
    people: Vec<Person>,
    /// People staff act on, per unit: (id, name, file number).
    files: HashMap<&'static str, Vec<(i64, String, String)>>,
    partner_key: String,
    ledger: Mutex<Ledger>,
    next: AtomicUsize,
}

async fn run(engine: Engine) {
    count_server_panics();
    let app = TestApp::with_pool(engine, 16).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app.router.clone();
    let server = tokio::spawn(async move { server::http::serve(listener, router).await });

    let world = Arc::new(setup(&app, base).await);
    let panics_before = SERVER_PANICS.load(Ordering::SeqCst);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..CONNECTIONS {
        let world = world.clone();
        tasks.push(tokio::spawn(
            async move { client_loop(world, worker).await },
        ));
    }
    let mut failures = Vec::new();
    for t in tasks {
        failures.extend(t.await.expect("client task"));
    }
    let elapsed = started.elapsed();
    // After the storm, one visitor at a time: nobody is left with someone else's identity.
    failures.extend(after_the_storm(&world).await);
    let ledger = world.ledger.lock().await;
    eprintln!(
        "{engine:?}: {} requests over {CONNECTIONS} connections in {:.1} s, statuses {:?}",
        ledger.requests,
        elapsed.as_secs_f64(),
        ledger.by_status
    );
    assert!(ledger.requests >= requests().min(5_000));
    assert!(
        failures.is_empty(),
        "{} wrong answers under concurrency, first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        SERVER_PANICS.load(Ordering::SeqCst) - panics_before,
        0,
        "the server panicked under concurrency"
    );
    check_writes(&app, &ledger).await;
    server.abort();
}

/// Ten people signed in through the real sign-in forms, files to work on, a partner key.
async fn setup(app: &TestApp, base: String) -> World {
    let db = app.db();
    let hash = app::ssr::auth::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    let mut staff = Vec::new();
    for (email, name, role, unit) in [
        (
            "orientation.bds@test.fr",
            "Bérénice Orient",
            Role::ChargeOrientation,
            Some("BDS"),
        ),
        (
            "orientation2.bds@test.fr",
            "Baptiste Second",
            Role::ChargeOrientation,
            Some("BDS"),
        ),
        (
            "orientation.rou@test.fr",
            "Romain Rouennais",
            Role::ChargeOrientation,
            Some("ROU"),
        ),
        ("admin@test.fr", "Adèle Administratrice", Role::Admin, None),
    ] {
        db.create_staff(email, name, role, unit, &hash)
            .await
            .unwrap();
        staff.push((email, name, role, unit.unwrap_or("*")));
    }
    let new_person = |file: &str, first: &str, last: &str, unit: &str| NewBeneficiary {
        file_number: file.to_string(),
        first_name: first.to_string(),
        last_name: last.to_string(),
        birth_date: Date::ymd(1984, 6, 2),
        phone: None,
        email: Some(format!("{file}@example.test")),
        commune: if unit == "BDS" { "Elbeuf" } else { "Rouen" }.to_string(),
        unit_code: unit.to_string(),
        rsa_opened_on: Date::ymd(2026, 10, 1),
        household: "{}".to_string(),
    };
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(CONNECTIONS)
        .build()
        .unwrap();
    let mut people = vec![Person {
        id: 0,
        name: String::new(),
        file_number: String::new(),
        kind: Kind::Anonymous,
        unit: "",
        cookie: None,
    }];
    // Six beneficiaries, four of Boucles de Seine and two of Rouen, with names nobody else has.
    for (i, (first, last, unit)) in [
        ("Anatole", "Quenouille", "BDS"),
        ("Brunehilde", "Zéphyrin", "BDS"),
        ("Cunégonde", "Vauquelin", "BDS"),
        ("Désiré", "Pomponne", "BDS"),
        ("Euphrasie", "Rocambole", "ROU"),
        ("Firmin", "Tartempion", "ROU"),
    ]
    .into_iter()
    .enumerate()
    {
        let file = format!("7{:06}", i + 1);
        let id = db
            .insert_beneficiary(&new_person(&file, first, last, unit))
            .await
            .unwrap();
        let mut cookie = None;
        let (status, _) = call(
            &http,
            &base,
            &mut cookie,
            "/api/connexion/identifier",
            &[("numero", &file), ("naissance", "1984-06-02")],
        )
        .await;
        assert_eq!(status, 200, "identification of {file}");
        let code = last_code(app, &format!("{file}@example.test")).await;
        let (status, body) = call(
            &http,
            &base,
            &mut cookie,
            "/api/connexion/code",
            &[("code", &code)],
        )
        .await;
        assert_eq!(status, 200, "code of {file}: {body}");
        people.push(Person {
            id,
            name: format!("{first} {last}"),
            file_number: file,
            kind: Kind::Beneficiary,
            unit,
            cookie,
        });
    }
    for (email, name, role, unit) in staff {
        let mut cookie = None;
        let (status, body) = call(
            &http,
            &base,
            &mut cookie,
            "/api/agent/connexion",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
        assert_eq!(status, 200, "staff sign-in of {email}: {body}");
        people.push(Person {
            id: 0,
            name: name.to_string(),
            file_number: String::new(),
            kind: if role == Role::Admin {
                Kind::Admin
            } else {
                Kind::Officer
            },
            unit,
            cookie,
        });
    }
    // Files staff work on: twelve per unit, new entrants.
    let mut files: HashMap<&'static str, Vec<(i64, String, String)>> = HashMap::new();
    for unit in ["BDS", "ROU"] {
        for i in 0..12 {
            let file = format!("{}{:05}", if unit == "BDS" { 81 } else { 82 }, i);
            let (first, last) = (format!("Dossier{i}"), format!("Unite{unit}"));
            let id = db
                .insert_beneficiary(&new_person(&file, &first, &last, unit))
                .await
                .unwrap();
            files
                .entry(unit)
                .or_default()
                .push((id, format!("{first} {last}"), file));
        }
    }
    let partner_key = db
        .create_api_key(
            "France Travail",
            "concurrence",
            &["pathways:read", "events:write"],
            Some("BDS"),
            None,
        )
        .await
        .unwrap()
        .1;
    World {
        base,
        http,
        people,
        files,
        partner_key,
        ledger: Mutex::new(Ledger::default()),
        next: AtomicUsize::new(0),
    }
}

/// One client: takes request numbers until `REQUESTS` are sent; returns what was wrong.
async fn client_loop(world: Arc<World>, worker: usize) -> Vec<String> {
    let mut failures = Vec::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((worker as u64 + 1) * 0x1000_0001));
    loop {
        let n = world.next.fetch_add(1, Ordering::SeqCst);
        if n >= requests() {
            return failures;
        }
        // Identities change from request to request on the same connection pool.
        let who = world.people[(n + worker) % world.people.len()].clone();
        if n % 10 == 7 && who.cookie.is_some() {
            // Someone who leaves before the page arrives (a phone changing page, a closed tab):
            // the server drops the request half-way. Nothing to check on the answer, but it must
            // not disturb anybody else's.
            impatient(&world, &who, &mut rng).await;
            world.ledger.lock().await.requests += 1;
            continue;
        }
        if let Err(e) = one_request(&world, &who, n, &mut rng).await {
            failures.push(format!("#{n} as {:?} {}: {e}", who.kind, who.name));
        }
    }
}

/// Anonymous calls, then each signed-in person's session, 20 rounds, sequentially.
async fn after_the_storm(world: &World) -> Vec<String> {
    let mut failures = Vec::new();
    let (http, base) = (&world.http, world.base.as_str());
    for round in 0..20 {
        let mut nobody = None;
        let (s, b) = call(http, base, &mut nobody, "/api/session", &[]).await;
        if s != 200 || b.trim() != "null" {
            failures.push(format!(
                "after the load, round {round}: anonymous session {s} {b}"
            ));
        }
        let (s, b) = call(
            http,
            base,
            &mut nobody,
            "/api/agent/recherche",
            &[("q", "a")],
        )
        .await;
        if s != 401 {
            failures.push(format!(
                "after the load, round {round}: anonymous search {s} {b}"
            ));
        }
        for who in world.people.iter().filter(|p| p.cookie.is_some()) {
            let mut cookie = who.cookie.clone();
            let (s, b) = call(http, base, &mut cookie, "/api/session", &[]).await;
            if s != 200 || !b.contains(&format!("\"{}\"", who.name)) {
                failures.push(format!(
                    "after the load: session of {} answered {s} {b}",
                    who.name
                ));
            }
        }
    }
    failures
}

/// Asks for a page and hangs up after a few milliseconds.
async fn impatient(world: &World, who: &Person, rng: &mut Rng) {
    let path = match who.kind {
        Kind::Beneficiary => "/mon-parcours".to_string(),
        _ => {
            let files = &world.files[if who.unit == "ROU" { "ROU" } else { "BDS" }];
            format!("/agent/personnes/{}", files[rng.below(files.len())].0)
        }
    };
    let mut req = world
        .http
        .get(format!("{}{path}", world.base))
        .timeout(std::time::Duration::from_millis(1 + rng.below(4) as u64));
    if let Some(c) = who.cookie.as_deref() {
        req = req.header("cookie", c);
    }
    let _ = req.send().await;
}

/// Sends one request as `who` and checks the answer; `Err` says what was wrong.
async fn one_request(world: &World, who: &Person, n: usize, rng: &mut Rng) -> Result<(), String> {
    let mut cookie = who.cookie.clone();
    let (http, base) = (&world.http, world.base.as_str());
    let token = format!("jeton{n:05}x");
    let (status, body, what) = match who.kind {
        Kind::Anonymous => match rng.below(4) {
            0 => {
                let (s, b) = call(http, base, &mut cookie, "/api/session", &[]).await;
                expect(s, &[200], &b, "anonymous session")?;
                if b.trim() != "null" {
                    return Err(format!("anonymous visitor saw a session: {b}"));
                }
                (s, b, "session")
            }
            1 => {
                let (s, b) = get(http, base, &cookie, "/mon-parcours").await;
                expect(s, &[401], &b, "anonymous Mon parcours")?;
                (s, b, "mon-parcours")
            }
            2 => {
                let (s, b) = call(
                    http,
                    base,
                    &mut cookie,
                    "/api/agent/recherche",
                    &[("q", "a")],
                )
                .await;
                expect(s, &[401], &b, "anonymous search")?;
                (s, b, "search")
            }
            _ => {
                let (s, b) = get(http, base, &cookie, "/").await;
                expect(s, &[200], &b, "home page")?;
                (s, b, "home")
            }
        },
        Kind::Beneficiary => match rng.below(4) {
            0 => {
                let (s, b) = get(http, base, &cookie, "/mon-parcours").await;
                expect(s, &[200], &b, "Mon parcours")?;
                if !b.contains(&format!("Bonjour {}", who.name)) || !b.contains(&who.file_number) {
                    return Err("Mon parcours does not show the person's own file".into());
                }
                (s, b, "mon-parcours")
            }
            1 => {
                let (s, b) = call(http, base, &mut cookie, "/api/session", &[]).await;
                expect(s, &[200], &b, "session")?;
                if !b.contains(&format!("\"{}\"", who.name)) {
                    return Err(format!("session of someone else: {b}"));
                }
                (s, b, "session")
            }
            2 => {
                let (s, b) = call(http, base, &mut cookie, "/api/parcours", &[]).await;
                expect(s, &[200], &b, "pathway")?;
                if !b.contains(&format!("\"file_number\":\"{}\"", who.file_number)) {
                    return Err("pathway of someone else".into());
                }
                (s, b, "pathway")
            }
            _ => {
                let text = format!("Question {token}");
                let (s, b) = call(
                    http,
                    base,
                    &mut cookie,
                    "/api/parcours/question",
                    &[("texte", &text)],
                )
                .await;
                expect(s, &[200], &b, "question")?;
                world
                    .ledger
                    .lock()
                    .await
                    .questions
                    .insert(text, (who.id, s == 200));
                (s, b, "question")
            }
        },
        Kind::Officer | Kind::Admin => staff_request(world, who, &mut cookie, &token, rng).await?,
    };
    let _ = (body, what);
    let mut ledger = world.ledger.lock().await;
    ledger.requests += 1;
    *ledger.by_status.entry(status).or_default() += 1;
    Ok(())
}

async fn staff_request(
    world: &World,
    who: &Person,
    cookie: &mut Option<String>,
    token: &str,
    rng: &mut Rng,
) -> Result<(u16, String, &'static str), String> {
    let (http, base) = (&world.http, world.base.as_str());
    // An admin works on both units; an officer on theirs, and sometimes tries the other one.
    let own_unit = if who.kind == Kind::Admin {
        if rng.below(2) == 0 { "BDS" } else { "ROU" }
    } else {
        who.unit
    };
    let other_unit = if own_unit == "BDS" { "ROU" } else { "BDS" };
    let files = &world.files[own_unit];
    let (id, name, file) = files[rng.below(files.len())].clone();
    let person = id.to_string();
    Ok(match rng.below(9) {
        0 => {
            let (s, b) = call(http, base, cookie, "/api/session", &[]).await;
            expect(s, &[200], &b, "staff session")?;
            if !b.contains(&format!("\"{}\"", who.name)) {
                return Err(format!("session of someone else: {b}"));
            }
            (s, b, "session")
        }
        1 => {
            let (s, b) = call(http, base, cookie, "/api/agent/recherche", &[("q", &file)]).await;
            expect(s, &[200], &b, "search")?;
            if !b.contains(&format!("\"file_number\":\"{file}\"")) {
                return Err(format!(
                    "search for {file} missed their own unit's file: {b}"
                ));
            }
            (s, b, "search")
        }
        2 if who.kind == Kind::Officer => {
            // Another unit's file: not found, whatever the concurrency.
            let other = &world.files[other_unit];
            let (other_id, _, other_file) = &other[rng.below(other.len())];
            let (s, b) = get(http, base, cookie, &format!("/agent/personnes/{other_id}")).await;
            expect(s, &[404], &b, "another unit's file")?;
            if b.contains(other_file.as_str()) {
                return Err("another unit's file was shown".into());
            }
            (s, b, "other-unit file")
        }
        2 | 3 => {
            let (s, b) = get(http, base, cookie, &format!("/agent/personnes/{id}")).await;
            expect(s, &[200], &b, "person file")?;
            if !b.contains(&file) || !b.contains(&who.name) {
                return Err(format!("the file of {name} was not shown to its officer"));
            }
            (s, b, "person file")
        }
        4 => {
            let place = format!("Salle {token}");
            let (s, b) = call(
                http,
                base,
                cookie,
                "/api/agent/rendez-vous",
                &[
                    ("personne", &person),
                    ("objet", "orientation"),
                    ("date", &dates::iso(dates::tuesday_after(30))),
                    ("heure", "9:00"),
                    ("lieu", &place),
                    ("agent", "Karim"),
                ],
            )
            .await;
            expect(s, &[200, 409], &b, "appointment")?;
            world
                .ledger
                .lock()
                .await
                .appointments
                .insert(place, s == 200);
            (s, b, "appointment")
        }
        5 => {
            // The outcome of a planned appointment; several officers may record it at once.
            let (s, b) = call(http, base, cookie, "/api/agent/dossier", &[("id", &person)]).await;
            expect(s, &[200], &b, "file for an outcome")?;
            let file_json: serde_json::Value =
                serde_json::from_str(&b).map_err(|e| format!("file not JSON: {e}"))?;
            if file_json["view"]["file_number"] != file.as_str() {
                return Err(format!(
                    "asked for {file}, got {}",
                    file_json["view"]["file_number"]
                ));
            }
            let planned = file_json["view"]["appointments"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|a| a["status"] == "planned")
                .and_then(|a| a["id"].as_i64());
            match planned {
                Some(appointment) => {
                    let (s, b) = call(
                        http,
                        base,
                        cookie,
                        "/api/agent/resultat",
                        &[
                            ("personne", &person),
                            ("rendez_vous", &appointment.to_string()),
                            // "Excusé" can be known ahead; "honoré" waits for the day.
                            ("resultat", "excused"),
                        ],
                    )
                    .await;
                    expect(s, &[200, 409], &b, "outcome")?;
                    if s == 200 {
                        *world
                            .ledger
                            .lock()
                            .await
                            .outcomes
                            .entry(appointment)
                            .or_default() += 1;
                    }
                    (s, b, "outcome")
                }
                None => (s, b, "file"),
            }
        }
        6 => {
            let referent = format!("Référent {token}");
            let (s, b) = call(
                http,
                base,
                cookie,
                "/api/agent/orientation",
                &[
                    ("personne", &person),
                    ("parcours", "professionnel"),
                    ("organisme", "france_travail"),
                    ("referent", &referent),
                    ("contact", ""),
                ],
            )
            .await;
            expect(s, &[200, 409], &b, "orientation")?;
            world
                .ledger
                .lock()
                .await
                .decisions
                .insert(referent, s == 200);
            (s, b, "orientation")
        }
        7 => {
            // A partner's event, sent twice with the same key (a retry), on a Boucles de Seine file.
            let files = &world.files["BDS"];
            let (_, _, file) = &files[rng.below(files.len())];
            let referent = format!("Partenaire {token}");
            let body = serde_json::json!({
                "type": "referent_assigned",
                "pathway": "social",
                "organisation": "departement",
                "name": referent,
            })
            .to_string();
            let key = format!("cle-{token}");
            let send = || {
                http.post(format!("{base}/api/v1/beneficiaries/{file}/events"))
                    .header("authorization", format!("Bearer {}", world.partner_key))
                    .header("idempotency-key", &key)
                    .header("content-type", "application/json")
                    .body(body.clone())
                    .send()
            };
            let (first, second) = tokio::join!(send(), send());
            let mut accepted = 0;
            let mut last = (0, String::new());
            for r in [first, second] {
                let r = r.map_err(|e| format!("partner request failed: {e}"))?;
                let s = r.status().as_u16();
                let b = r.text().await.unwrap_or_default();
                expect(s, &[200, 409], &b, "partner event")?;
                if s == 200 {
                    accepted += 1;
                }
                last = (s, b);
            }
            let mut ledger = world.ledger.lock().await;
            *ledger.partner_keys.entry(key).or_default() += accepted;
            ledger.decisions.insert(referent, accepted > 0);
            (last.0, last.1, "partner event")
        }
        _ => {
            let (s, b) = get(http, base, cookie, "/agent").await;
            expect(s, &[200], &b, "staff home")?;
            if !b.contains(&who.name) {
                return Err("staff home of someone else".into());
            }
            (s, b, "staff home")
        }
    })
}

/// Every accepted write is in the database once, on the right person; refused ones are absent.
async fn check_writes(app: &TestApp, ledger: &Ledger) {
    use app::with_pool;
    let db = app.db();
    async fn count(db: &app::ssr::Db, sql: &str, arg: &str) -> i64 {
        with_pool!(db, |pool| sqlx::query_scalar::<_, i64>(sql)
            .bind(arg)
            .fetch_one(pool)
            .await)
        .unwrap()
    }
    for (text, (person, accepted)) in &ledger.questions {
        let n = count(
            db,
            "SELECT COUNT(*) FROM inbox_message WHERE body = $1",
            text,
        )
        .await;
        assert_eq!(n, i64::from(*accepted), "question {text} stored {n} times");
        if *accepted {
            let owner: i64 = with_pool!(db, |pool| sqlx::query_scalar(
                "SELECT beneficiary_id FROM inbox_message WHERE body = $1"
            )
            .bind(text)
            .fetch_one(pool)
            .await)
            .unwrap();
            assert_eq!(owner, *person, "question {text} landed on another person");
        }
    }
    // Orientation appointments booked at once for one person replace each other: never two
    // planned for the same person.
    let stacked: Vec<i64> = with_pool!(db, |pool| sqlx::query_scalar(
        "SELECT beneficiary_id FROM appointment WHERE purpose = 'orientation' AND status = 'planned' \
         GROUP BY beneficiary_id HAVING COUNT(*) > 1"
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    assert!(
        stacked.is_empty(),
        "orientation appointments stacked for {stacked:?}"
    );
    for (place, accepted) in &ledger.appointments {
        let n = count(
            db,
            "SELECT COUNT(*) FROM appointment WHERE place = $1",
            place,
        )
        .await;
        assert_eq!(
            n,
            i64::from(*accepted),
            "appointment {place} stored {n} times"
        );
    }
    for (appointment, accepted) in &ledger.outcomes {
        assert_eq!(
            *accepted, 1,
            "appointment {appointment}: {accepted} outcomes accepted"
        );
        let status: String = with_pool!(db, |pool| sqlx::query_scalar(
            "SELECT status FROM appointment WHERE appointment_id = $1"
        )
        .bind(appointment)
        .fetch_one(pool)
        .await)
        .unwrap();
        assert_eq!(status, "excused");
    }
    for (referent, accepted) in &ledger.decisions {
        let n = count(
            db,
            "SELECT COUNT(*) FROM pathway_event WHERE detail LIKE '%' || $1 || '.'",
            referent,
        )
        .await;
        assert_eq!(
            n,
            i64::from(*accepted),
            "decision {referent} stored {n} times"
        );
    }
    for (key, accepted) in &ledger.partner_keys {
        assert!(*accepted <= 2, "{key}");
        let n = count(
            db,
            "SELECT COUNT(*) FROM idempotency_key WHERE idempotency_key = $1",
            key,
        )
        .await;
        assert_eq!(n, i64::from(*accepted > 0), "key {key} stored {n} times");
    }
    // Staff changes are audited once each: one audit row per accepted staff write.
    let accepted_outcomes: usize = ledger.outcomes.values().sum();
    let audited: i64 = with_pool!(db, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_event WHERE action = 'record_appointment_outcome'"
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(audited as usize, accepted_outcomes);
}

fn requests() -> usize {
    std::env::var("CONCURRENCY_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(REQUESTS)
}

fn expect(status: u16, allowed: &[u16], body: &str, what: &str) -> Result<(), String> {
    if allowed.contains(&status) {
        Ok(())
    } else {
        let short: String = body.chars().take(300).collect();
        Err(format!(
            "{what}: status {status} (expected {allowed:?}): {short}"
        ))
    }
}

/// A server-function call as the hydrated app makes it; keeps the session cookie it receives.
async fn call(
    http: &reqwest::Client,
    base: &str,
    cookie: &mut Option<String>,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let mut req = http
        .post(format!("{base}{path}"))
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(common::encode_form(form));
    if let Some(c) = cookie.as_deref() {
        req = req.header("cookie", c);
    }
    let res = req.send().await.expect("request sent");
    if let Some(set) = res
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
    {
        let pair = set.split(';').next().unwrap_or_default().to_string();
        *cookie = (!pair.ends_with('=')).then_some(pair);
    }
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

async fn get(
    http: &reqwest::Client,
    base: &str,
    cookie: &Option<String>,
    path: &str,
) -> (u16, String) {
    let mut req = http.get(format!("{base}{path}"));
    if let Some(c) = cookie.as_deref() {
        req = req.header("cookie", c);
    }
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// A small deterministic generator (xorshift), so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}
