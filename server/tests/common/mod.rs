//! Test harness: the real router on a fresh database, SQLite or PostgreSQL.
//!
//! Each test gets its own database: a temporary SQLite file, or a new PostgreSQL database created on
//! the server named by `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and dropped when the test ends. PostgreSQL tests fail (they are not skipped) when the server is
//! unreachable: `scripts/test.sh` starts it first.
#![allow(dead_code)]

pub mod dates;
pub mod fixtures;
pub mod oidc;

use std::sync::atomic::{AtomicU32, Ordering};

use app::ssr::{AppState, Db};
use axum::{
    Router,
    body::Body,
    http::{Request, Response, StatusCode, header},
};
use http_body_util::BodyExt;
use tower::ServiceExt;

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn unique_name(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

pub fn admin_postgres_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Where the test's database lives, removed on drop.
enum Scratch {
    Sqlite(tempdir::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Scratch::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs outside any async context guarantee: use a private runtime on a thread.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = sqlx::query(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .execute(&mut conn)
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A tiny temporary-directory helper (no extra dependency).
pub mod tempdir {
    pub struct TempDir(pub std::path::PathBuf);
    impl TempDir {
        pub fn new(name: &str) -> TempDir {
            let dir = std::env::temp_dir().join(name);
            std::fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub state: AppState,
    /// The database this test uses (for tests that start the binary on it).
    pub database_url: String,
    pub router: Router,
    _scratch: Scratch,
}

impl TestApp {
    pub async fn new(engine: Engine) -> TestApp {
        TestApp::with_pool(engine, 5).await
    }

    /// A fresh database with a pool of `connections` (the concurrency test uses the default of
    /// the server, 16).
    pub async fn with_pool(engine: Engine, connections: u32) -> TestApp {
        TestApp::configured(engine, connections, app::ssr::config::AppConfig::default()).await
    }

    /// A fresh database, served with `config` (production mode, a proxy in front…).
    pub async fn configured(
        engine: Engine,
        connections: u32,
        config: app::ssr::config::AppConfig,
    ) -> TestApp {
        let (url, scratch) = match engine {
            Engine::Sqlite => {
                let dir = tempdir::TempDir::new(&unique_name("passerelle_test"));
                let url = format!("sqlite://{}", dir.0.join("test.db").display());
                (url, Scratch::Sqlite(dir))
            }
            Engine::Postgres => {
                let admin_url = admin_postgres_url();
                let name = unique_name("passerelle_test");
                {
                    use sqlx::Connection;
                    let mut conn = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                        panic!(
                            "PostgreSQL is not reachable at {admin_url} ({e}). Start it (scripts/test.sh does) \
                             or set TEST_POSTGRES_URL."
                        )
                    });
                    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                        .execute(&mut conn)
                        .await
                        .expect("create test database");
                }
                let url = replace_db_name(&admin_url, &name);
                (url, Scratch::Postgres { admin_url, name })
            }
        };
        let db = server::open_database(&url, connections)
            .await
            .expect("open and migrate test database");
        let state = server::state(db, "target/site", config);
        TestApp {
            database_url: url,
            router: server::http::router(state.clone()),
            state,
            _scratch: scratch,
        }
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Time passes: the planned appointments of `person` (an id) started a minute ago, so that
    /// staff may record whether the person came ("honoré" or "manqué" only once it started).
    pub async fn appointments_took_place(&self, person: &str) {
        let id: i64 = person.parse().expect("a person's id");
        let past = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
        app::with_pool!(self.db(), |pool| sqlx::query(
            "UPDATE appointment SET starts_at = $1 WHERE beneficiary_id = $2 AND status = 'planned'"
        )
        .bind(past)
        .bind(id)
        .execute(pool)
        .await
        .map(|_| ()))
        .unwrap();
    }

    /// The same application with FranceConnect and ProConnect served by `provider`, as if
    /// `PUBLIC_URL` were `http://localhost`.
    pub fn with_provider(self, provider: &oidc::FakeProvider) -> TestApp {
        self.with_issuer(&provider.issuer)
    }

    /// FranceConnect and ProConnect both at `issuer` (a provider the test plays, or one that
    /// never answers).
    pub fn with_issuer(mut self, issuer: &str) -> TestApp {
        use app::ssr::oidc::{OidcProvider, OidcProviders, OidcSettings, ProviderKind};
        let settings = || OidcSettings {
            issuer: issuer.to_string(),
            client_id: oidc::CLIENT_ID.to_string(),
            client_secret: oidc::CLIENT_SECRET.to_string(),
        };
        let providers = OidcProviders {
            franceconnect: Some(
                OidcProvider::new(ProviderKind::FranceConnect, settings(), "http://localhost")
                    .unwrap(),
            ),
            proconnect: Some(
                OidcProvider::new(ProviderKind::ProConnect, settings(), "http://localhost")
                    .unwrap(),
            ),
        };
        self.state.config.oidc = std::sync::Arc::new(providers);
        self.router = server::http::router(self.state.clone());
        self
    }

    /// Writes the consultations waiting to be audited (they are written every few milliseconds).
    pub async fn flush_consultations(&self) {
        self.state.consultations.flush().await;
    }

    /// The newest audit rows, once the consultations waiting (written in batches) are written.
    pub async fn audit_rows(&self, limit: i64) -> Vec<app::ssr::audit::AuditRow> {
        self.state.consultations.flush().await;
        self.state.db.recent_audit(limit).await.unwrap()
    }

    /// One request, answered in full (head and body) within [`REQUEST_LIMIT`]: a request that
    /// hangs fails its test with its method and address instead of stalling the whole run.
    pub async fn request(&self, req: Request<Body>) -> TestResponse {
        let what = format!("{} {}", req.method(), req.uri());
        let answer = async {
            let res = self
                .router
                .clone()
                .oneshot(req)
                .await
                .expect("router never fails");
            TestResponse::read(res).await
        };
        tokio::time::timeout(REQUEST_LIMIT, answer)
            .await
            .unwrap_or_else(|_| panic!("{what} got no complete answer within {REQUEST_LIMIT:?}"))
    }

    /// A browser-like client with its own cookie jar.
    pub fn client(&self) -> Client<'_> {
        Client {
            app: self,
            cookie: None,
            address: None,
        }
    }

    /// A client at its own address, as a proxy in front reports it (`X-Forwarded-For`; read only
    /// when the app is configured with `trust_proxy`).
    pub fn client_at(&self, address: &str) -> Client<'_> {
        Client {
            app: self,
            cookie: None,
            address: Some(address.to_string()),
        }
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.request(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Calls a server function the way the hydrated app does (form-encoded POST, JSON answer).
    pub async fn server_fn(&self, path: &str, form: &str) -> TestResponse {
        self.request(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(form.to_string()))
                .unwrap(),
        )
        .await
    }
}

/// A client keeping the session cookie between requests, like a browser.
pub struct Client<'a> {
    pub app: &'a TestApp,
    pub cookie: Option<String>,
    /// Sent as `X-Forwarded-For`, when set.
    pub address: Option<String>,
}

impl Client<'_> {
    pub async fn send(&mut self, mut req: Request<Body>) -> TestResponse {
        if let Some(c) = &self.cookie {
            req.headers_mut().insert(header::COOKIE, c.parse().unwrap());
        }
        if let Some(a) = &self.address {
            req.headers_mut()
                .insert("x-forwarded-for", a.parse().unwrap());
        }
        let res = self.app.request(req).await;
        // The session cookie only: a language choice (`lang=`) is sent by the tests themselves.
        let session = res
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| !c.starts_with("lang="))
            .map(str::to_string);
        if let Some(set) = session {
            let pair = set.split(';').next().unwrap().to_string();
            // An emptied cookie (sign-out) is removed.
            if pair.ends_with('=') {
                self.cookie = None
            } else {
                self.cookie = Some(pair)
            }
        }
        res
    }

    pub async fn get(&mut self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    /// A server-function call as the hydrated app makes it.
    pub async fn call(&mut self, path: &str, form: &[(&str, &str)]) -> TestResponse {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(Body::from(encode_form(form)))
                .unwrap(),
        )
        .await
    }

    /// Setup shared by several tests: staff plan an orientation interview for `person` (an id), on
    /// the first Tuesday at least 30 days from today, at 9:00 in Elbeuf.
    pub async fn plan_orientation_interview(&mut self, person: &str) -> TestResponse {
        let day = dates::iso(dates::tuesday_after(30));
        self.call(
            "/api/agent/rendez-vous",
            &[
                ("personne", person),
                ("objet", "orientation"),
                ("date", &day),
                ("heure", "9:00"),
                ("lieu", "Elbeuf"),
                ("agent", "Karim"),
            ],
        )
        .await
    }

    /// Records `outcome` (`held`, `missed`, `cancelled`…) for the newest appointment of `person`
    /// (an id), as staff do on the file, and checks it was accepted.
    pub async fn record_outcome_of_newest(&mut self, person: &str, outcome: &str) {
        self.app.appointments_took_place(person).await;
        let file = self
            .call("/api/agent/dossier", &[("id", person)])
            .await
            .json();
        let appointment = file["view"]["appointments"][0]["id"].as_i64().unwrap();
        let res = self
            .call(
                "/api/agent/resultat",
                &[
                    ("personne", person),
                    ("rendez_vous", &appointment.to_string()),
                    ("resultat", outcome),
                ],
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }

    /// Setup shared by several tests: staff decide a professional pathway with France Travail,
    /// without a named referent.
    pub async fn decide_professional_pathway(&mut self, person: &str) -> TestResponse {
        self.call(
            "/api/agent/orientation",
            &[
                ("personne", person),
                ("parcours", "professionnel"),
                ("organisme", "france_travail"),
                ("referent", ""),
                ("contact", ""),
            ],
        )
        .await
    }

    /// Setup shared by several tests: staff record a job in an EHPAD (a sector of the scheme)
    /// starting on `start` (`AAAA-MM-JJ`), with the contract, weekly hours and salary given
    /// (empty: not said).
    pub async fn record_ehpad_job(
        &mut self,
        person: &str,
        start: &str,
        contract: &str,
        hours: &str,
        salary: &str,
    ) -> TestResponse {
        self.call(
            "/api/agent/emploi",
            &[
                ("personne", person),
                ("employeur", "EHPAD Les Tilleuls"),
                ("secteur", "ehpad"),
                ("debut", start),
                ("contrat", contract),
                ("heures", hours),
                ("salaire", salary),
            ],
        )
        .await
    }

    /// The id of the person's current job, as staff see it in the file.
    pub async fn job_of(&mut self, person: &str) -> String {
        self.call("/api/agent/dossier", &[("id", person)])
            .await
            .json()["view"]["employment"]["id"]
            .as_i64()
            .expect("a job in the file")
            .to_string()
    }

    /// A form posted by a browser without JavaScript, from the page `referer`.
    pub async fn post_form(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        referer: &str,
    ) -> TestResponse {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html,application/xhtml+xml")
                .header(header::REFERER, format!("http://localhost{referer}"))
                .body(Body::from(encode_form(form)))
                .unwrap(),
        )
        .await
    }
}

/// Posts a new-entrant file to the import form, as the page does (multipart).
pub async fn upload(
    client: &mut Client<'_>,
    name: &str,
    bytes: &[u8],
    unit: Option<&str>,
) -> TestResponse {
    let boundary = "XBOUNDARYX";
    let mut body = Vec::new();
    if let Some(u) = unit {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"unite\"\r\n\r\n{u}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
    body.extend(bytes);
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    client
        .send(
            Request::post("/agent/import")
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
}

/// Waits for a job to finish and returns it as JSON.
pub async fn wait_job(client: &mut Client<'_>, id: &str) -> serde_json::Value {
    for _ in 0..200 {
        let job = client
            .call("/api/agent/import/etat", &[("id", id)])
            .await
            .json();
        if job["status"] == "done" || job["status"] == "failed" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("job {id} did not finish");
}

pub fn job_id(res: &TestResponse) -> String {
    let location = res.header("location").expect("redirect to the job page");
    location.rsplit('/').next().unwrap().to_string()
}

pub fn encode_form(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{}={}", app::text::url_encode(k), app::text::url_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(i) if i > "postgres://".len() => &base[..i],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body's bytes as sent (compressed answers are not text).
    pub raw: Vec<u8>,
}

impl TestResponse {
    async fn read(res: Response<Body>) -> TestResponse {
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("read body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Longest wait for one answer in a test (a debug build on a busy 2-core machine answers in
/// milliseconds; only a hang gets near this).
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(60);
/// Longest run of one test: past it, the test fails and names itself (a hang never holds CI).
pub const TEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs a test body, failing it if it does not finish within [`TEST_LIMIT`].
pub async fn within_limit<F: std::future::Future<Output = ()>>(name: &str, body: F) {
    if tokio::time::timeout(TEST_LIMIT, body).await.is_err() {
        panic!("{name} did not finish within {TEST_LIMIT:?}");
    }
}

/// Runs an `async fn(TestApp)` once on SQLite and once on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    $crate::common::within_limit(concat!(stringify!($name), " (SQLite)"), async {
                        super::$name($crate::common::TestApp::new($crate::common::Engine::Sqlite).await).await
                    }).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    $crate::common::within_limit(concat!(stringify!($name), " (PostgreSQL)"), async {
                        super::$name($crate::common::TestApp::new($crate::common::Engine::Postgres).await).await
                    }).await
                }
            }
        )*
    };
}
