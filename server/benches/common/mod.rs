//! What the server's benchmarks share: a database at a given scale, dated from today, and the
//! speed targets they check.
#![allow(dead_code)]
use std::time::Instant;

use app::ssr::Db;

#[path = "../../../benches/targets.rs"]
pub mod targets;
pub use targets::Targets;

pub fn admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Measures `f` the way criterion asks (`iters` runs a sample) and records each sample against
/// target `index`.
pub fn measure(
    b: &mut criterion::Bencher<'_>,
    targets: &Targets,
    index: usize,
    mut f: impl FnMut(),
) {
    b.iter_custom(|iters| {
        let started = Instant::now();
        for _ in 0..iters {
            f();
        }
        let took = started.elapsed();
        targets.record(index, took, iters);
        took
    })
}

/// A PostgreSQL database named `name` on `TEST_POSTGRES_URL`, dropped first when `fresh`.
pub async fn postgres_database(name: &str, fresh: bool) -> String {
    use sqlx::Connection;
    let admin = admin_url();
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("PostgreSQL reachable");
    if fresh {
        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            .execute(&mut conn)
            .await
            .unwrap();
    }
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
        .bind(name)
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
}

/// The demo data for `size` people over `units` on `engine` ("sqlite" or "postgres"), dated
/// from today: SQLite files under the system's temp folder, PostgreSQL databases
/// `passerelle_bench_{size}` on `TEST_POSTGRES_URL`. A database made on an earlier day, for
/// other units, or left incomplete (an interrupted run) is made again: the figures are always
/// those of data whose dates are relative to today, at the stated size.
pub async fn database(engine: &str, size: usize, units: &[&str]) -> Db {
    let name = format!("passerelle_bench_{size}");
    let today = app::clock::today();
    // What the data must be: the day it is dated from, its size and units.
    let wanted = format!("{today} {size} {}", units.join(","));
    let open = |fresh: bool| {
        let name = name.clone();
        async move {
            let url = if engine == "sqlite" {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                if fresh {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                    }
                }
                format!("sqlite://{}", path.display())
            } else {
                postgres_database(&name, fresh).await
            };
            let db = server::open_database(&url, 4).await.expect("open");
            // A table of the benchmark's own, outside the application's schema.
            app::with_pool!(&db, |pool| sqlx::query(
                "CREATE TABLE IF NOT EXISTS bench_dataset (made TEXT NOT NULL)"
            )
            .execute(pool)
            .await
            .map(|_| ()))
            .unwrap();
            db
        }
    };
    let db = open(false).await;
    let made: Option<String> = app::with_pool!(&db, |pool| sqlx::query_scalar(
        "SELECT made FROM bench_dataset"
    )
    .fetch_optional(pool)
    .await)
    .unwrap();
    let count = db.count_beneficiaries().await.unwrap();
    // Complete: the people the generation said it wrote are all there.
    if made.is_some_and(|m| m == format!("{wanted} {count}")) {
        return db;
    }
    db.close().await;
    eprintln!(
        "{engine} {size}: generating the demo data dated from {today} (found {count} people of another day, size or run)"
    );
    let db = open(true).await;
    let opts = server::demo::DemoOptions {
        beneficiaries: size,
        months: 24,
        units: units.iter().map(|u| u.to_string()).collect(),
        seed: 2021,
        today,
    };
    let started = Instant::now();
    let summary = server::demo::seed(&db, &opts).await.expect("seed");
    let count = db.count_beneficiaries().await.unwrap();
    assert_eq!(
        count, summary.beneficiaries as i64,
        "{engine}: the demo holds {count} people, {} were written",
        summary.beneficiaries
    );
    app::with_pool!(&db, |pool| sqlx::query(
        "INSERT INTO bench_dataset (made) VALUES ($1)"
    )
    .bind(format!("{wanted} {count}"))
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    eprintln!(
        "{engine} {size}: demo data generated in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    db
}
