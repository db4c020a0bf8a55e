//! The database work behind the two busiest answers, at the scale of Boucles de Seine (14 000
//! beneficiaries), on SQLite and PostgreSQL:
//! - "Mon parcours": a person's whole pathway (`pathway_view`), one statement;
//! - the staff search (`search_people`): by name through each engine's trigram index (FTS5,
//!   pg_trgm), by file number, and a short key (two letters: no index, a scan).
//!
//! `cargo bench -p server --bench pages` — the databases are the dashboard benchmark's (SQLite
//! under the temp folder, PostgreSQL `passerelle_bench_14000` on `TEST_POSTGRES_URL`), generated
//! when missing, made on another day or incomplete, and reused the same day. The HTTP figures (session, rendering,
//! compression on top) come from `scripts/load.sh`.
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::database;
use passerelle::access::{Role, StaffScope};

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let officer = StaffScope {
        role: Role::ChargeOrientation,
        unit: Some("BDS".to_string()),
    };
    for engine in ["sqlite", "postgres"] {
        let db = rt.block_on(database(engine, 14_000, &["BDS"]));
        // The first Martin of the page: someone with a pathway.
        let martin = rt
            .block_on(db.search_people(&officer, "martin", 1))
            .unwrap();
        assert!(martin.total > 0, "demo data has people named Martin");
        let someone = martin.rows[0].id;
        let file_number = martin.rows[0].file_number.clone();
        assert!(
            rt.block_on(db.pathway_view(someone, false, app::lang::Lang::Fr))
                .unwrap()
                .is_some()
        );

        let mut group = c.benchmark_group(format!("pages/{engine}/14000"));
        group
            .sample_size(50)
            .measurement_time(Duration::from_secs(3))
            .warm_up_time(Duration::from_secs(1));
        group.bench_function("mon_parcours_pathway_view", |b| {
            b.iter(|| {
                rt.block_on(db.pathway_view(someone, false, app::lang::Lang::Fr))
                    .unwrap()
            })
        });
        group.bench_function("staff_file_pathway_view", |b| {
            b.iter(|| {
                rt.block_on(db.pathway_view(someone, true, app::lang::Lang::Fr))
                    .unwrap()
            })
        });
        group.bench_function("search_name_martin", |b| {
            b.iter(|| {
                rt.block_on(db.search_people(&officer, "martin", 1))
                    .unwrap()
            })
        });
        group.bench_function("search_file_number", |b| {
            b.iter(|| {
                rt.block_on(db.search_people(&officer, &file_number, 1))
                    .unwrap()
            })
        });
        group.bench_function("search_two_letters", |b| {
            b.iter(|| rt.block_on(db.search_people(&officer, "ma", 1)).unwrap())
        });
        group.finish();
        rt.block_on(db.close());
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
