//! Time of each dashboard query, on SQLite and PostgreSQL, with the demo data at the scale of
//! Boucles de Seine (14 000 beneficiaries) and of the whole département (43 300 households over
//! four units). Target: ≤ 100 ms each.
//!
//! `cargo bench -p server --bench dashboard` — the databases are generated on the first run
//! (SQLite files under the system's temp folder, PostgreSQL databases `passerelle_bench_*` on
//! `TEST_POSTGRES_URL`) and reused afterwards.
use std::time::Duration;

use app::ssr::dashboard::Filter;
use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::database;
use passerelle::Month;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let to = app::clock::today().month();
    for (size, units, unit) in [
        (14_000usize, vec!["BDS"], Some("BDS")),
        (43_300usize, vec!["BDS", "ROU", "ESM", "DNB"], None),
    ] {
        for engine in ["sqlite", "postgres"] {
            let db = rt.block_on(database(engine, size, &units));
            let f = Filter {
                from: to.add_months(-11),
                to,
                unit: unit.map(str::to_string),
            };
            let mut group = c.benchmark_group(format!("dashboard/{engine}/{size}"));
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(3))
                .warm_up_time(Duration::from_secs(1));
            group.bench_function("entrants", |b| {
                b.iter(|| rt.block_on(db.dashboard_entrants(&f)).unwrap())
            });
            group.bench_function("interview_delays", |b| {
                b.iter(|| rt.block_on(db.dashboard_interview_delays(&f)).unwrap())
            });
            group.bench_function("decision_delays", |b| {
                b.iter(|| rt.block_on(db.dashboard_decision_delays(&f)).unwrap())
            });
            group.bench_function("orientations", |b| {
                b.iter(|| rt.block_on(db.dashboard_orientations(&f)).unwrap())
            });
            group.bench_function("statuses", |b| {
                b.iter(|| rt.block_on(db.dashboard_statuses(&f)).unwrap())
            });
            group.bench_function("appointments", |b| {
                b.iter(|| rt.block_on(db.dashboard_appointments(&f)).unwrap())
            });
            group.bench_function("work", |b| {
                b.iter(|| rt.block_on(db.dashboard_work(&f)).unwrap())
            });
            group.bench_function("whole_dashboard", |b| {
                b.iter(|| rt.block_on(db.dashboard(&f)).unwrap())
            });
            // The whole département over two years, every unit.
            let wide = Filter {
                from: to.add_months(-23),
                to,
                unit: None,
            };
            group.bench_function("whole_dashboard_24_months_all_units", |b| {
                b.iter(|| rt.block_on(db.dashboard(&wide)).unwrap())
            });
            group.finish();
            rt.block_on(db.close());
        }
    }
    let _ = Month::ym(2026, 1);
}

criterion_group!(benches, bench);
criterion_main!(benches);
