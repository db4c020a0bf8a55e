//! Time of the monthly new-entrant import at the size of Boucles de Seine (14 000 rows), on
//! SQLite and PostgreSQL, from the file's bytes (parsing and checking included) to the commit,
//! each sample into a database made fresh for it (not timed), with entry dates in the last month.
//! Target: ≤ 1 s, checked here (met or not met at the end; the benchmark fails when it is not).
//!
//! `cargo bench -p server --bench import`
use std::time::{Duration, Instant};

use criterion::Criterion;

mod common;
use common::{Targets, postgres_database};

const ROWS: usize = 14_000;

fn file() -> Vec<u8> {
    let today = app::clock::today();
    let mut csv = String::from(
        "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa;telephone;email\n",
    );
    for i in 0..ROWS {
        let opened = today.add_days(-((i % 30) as i64));
        csv.push_str(&format!(
            "{};Nom{i};Prénom{};{:02}/{:02}/{};Elbeuf;{:02}/{:02}/{};06 {:02} {:02} {:02} {:02};\n",
            7_000_000 + i,
            i % 97,
            1 + i % 28,
            1 + i % 12,
            1960 + i % 40,
            opened.day(),
            opened.month_number(),
            opened.year(),
            i % 100,
            (i / 100) % 100,
            (i / 10_000) % 100,
            i % 89,
        ));
    }
    csv.into_bytes()
}

fn bench(c: &mut Criterion, targets: &Targets) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let bytes = file();
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_millis(1));
    for engine in ["sqlite", "postgres"] {
        let t = targets.add(
            format!("import/{engine}/{ROWS} rows"),
            Duration::from_secs(1),
        );
        group.bench_function(format!("{engine}/{ROWS}"), |b| {
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for run in 0..iters {
                    let db = rt.block_on(async {
                        let url = if engine == "sqlite" {
                            let path = std::env::temp_dir()
                                .join(format!("passerelle_bench_import_{}.db", std::process::id()));
                            for suffix in ["", "-wal", "-shm"] {
                                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                            }
                            format!("sqlite://{}", path.display())
                        } else {
                            postgres_database("passerelle_bench_import", true).await
                        };
                        server::open_database(&url, 4).await.expect("open")
                    });
                    let started = Instant::now();
                    let counts = rt.block_on(async {
                        let units = db.unit_codes().await.unwrap();
                        let parsed = app::ssr::import::parse(&bytes, &units, app::clock::today());
                        assert!(parsed.errors.is_empty(), "{:?}", &parsed.errors[..1]);
                        db.import_rows(
                            &parsed.rows,
                            "BDS",
                            None,
                            app::ssr::audit::Actor::System,
                            false,
                        )
                        .await
                        .unwrap()
                    });
                    took += started.elapsed();
                    assert_eq!(
                        counts.inserted, ROWS as i64,
                        "run {run}: every row imported"
                    );
                    rt.block_on(db.close());
                }
                targets.record(t, took, iters);
                took
            })
        });
    }
    group.finish();
}

fn main() {
    common::targets::main_with(bench)
}
