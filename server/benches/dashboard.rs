//! Time of each dashboard query, on SQLite and PostgreSQL, with the demo data at the scale of
//! Boucles de Seine (14 000 beneficiaries) and of the whole département (43 300 households over
//! four units), dated from today. Target: ≤ 100 ms each, checked here: every query is printed as
//! met or not met at the end, and the benchmark fails when one is not met.
//!
//! `cargo bench -p server --bench dashboard` — the databases are generated when missing, made on
//! another day or incomplete (SQLite files under the system's temp folder, PostgreSQL databases
//! `passerelle_bench_*` on `TEST_POSTGRES_URL`), and reused the same day.
use std::time::Duration;

use app::ssr::dashboard::Filter;
use criterion::Criterion;

mod common;
use common::{Targets, database, measure};

fn bench(c: &mut Criterion, targets: &Targets) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let to = app::clock::today().month();
    let limit = Duration::from_millis(100);
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
            // The whole département over two years, every unit.
            let wide = Filter {
                from: to.add_months(-23),
                to,
                unit: None,
            };
            let name = format!("dashboard/{engine}/{size}");
            let mut group = c.benchmark_group(&name);
            group
                .sample_size(20)
                .measurement_time(Duration::from_secs(3))
                .warm_up_time(Duration::from_secs(1));
            macro_rules! query {
                ($label:literal, $filter:expr, $method:ident) => {{
                    let t = targets.add(format!("{name}/{}", $label), limit);
                    group.bench_function($label, |b| {
                        measure(b, targets, t, || {
                            rt.block_on(db.$method($filter)).unwrap();
                        })
                    });
                }};
            }
            query!("entrants", &f, dashboard_entrants);
            query!("interview_delays", &f, dashboard_interview_delays);
            query!("decision_delays", &f, dashboard_decision_delays);
            query!("orientations", &f, dashboard_orientations);
            query!("statuses", &f, dashboard_statuses);
            query!("appointments", &f, dashboard_appointments);
            query!("work", &f, dashboard_work);
            query!("obligations", &f, dashboard_obligations);
            query!("whole_dashboard", &f, dashboard);
            query!("whole_dashboard_24_months_all_units", &wide, dashboard);
            group.finish();
            rt.block_on(db.close());
        }
    }
}

fn main() {
    common::targets::main_with(bench)
}
