//! What both benchmarks share: a database at a given scale, generated on the first run and reused.
use app::ssr::Db;

fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// The demo data for `size` people over `units` on `engine` ("sqlite" or "postgres"): SQLite
/// files under the system's temp folder, PostgreSQL databases `passerelle_bench_{size}` on
/// `TEST_POSTGRES_URL`; generated when empty.
pub async fn database(engine: &str, size: usize, units: &[&str]) -> Db {
    let name = format!("passerelle_bench_{size}");
    let url = if engine == "sqlite" {
        format!("sqlite://{}/{name}.db", std::env::temp_dir().display())
    } else {
        use sqlx::Connection;
        let admin = admin_url();
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("PostgreSQL reachable");
        let exists: Option<i32> =
            sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
                .bind(&name)
                .fetch_optional(&mut conn)
                .await
                .unwrap();
        if exists.is_none() {
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        let base = admin
            .rsplit_once('/')
            .map(|(b, _)| b.to_string())
            .unwrap_or(admin);
        format!("{base}/{name}")
    };
    let db = server::open_database(&url, 4).await.expect("open");
    if db.count_beneficiaries().await.unwrap() == 0 {
        let opts = server::demo::DemoOptions {
            beneficiaries: size,
            months: 24,
            units: units.iter().map(|u| u.to_string()).collect(),
            seed: 2021,
            today: app::clock::today(),
        };
        let started = std::time::Instant::now();
        server::demo::seed(&db, &opts).await.expect("seed");
        eprintln!(
            "{engine} {size}: demo data generated in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }
    db
}
