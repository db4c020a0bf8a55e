//! Time of one 6-month household projection (native). Target: ≤ 10 µs per household, checked
//! here (printed as met or not met at the end; the benchmark fails when it is not met).
//!
//! Three measurements:
//! - `project/reference_cases`: every household of `tests/reference/cases.json`, one
//!   projection each (the time per household is this figure divided by their number);
//! - `project/single_parent_2026`: one household spanning the April 2026 revaluation;
//! - `simulate/form_input`: the app's full entry point (eligibility texts included).

use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "targets.rs"]
mod targets;

use criterion::{Criterion, Throughput};
use passerelle::cases::{ReferenceCase, scheme_for_file};
use passerelle::{
    AdultInput, Cents, HouseholdKind, HousingStatus, JobInput, Month, Person, SchemeDefinition,
    SimulationInput, project, simulate,
};

fn reference_households() -> Vec<(passerelle::Household, Month)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/cases.json");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("reference file {path} is missing: {e}"));
    let root: serde_json::Value = serde_json::from_str(&text).expect("reference file is JSON");
    let scheme = scheme_for_file(None).expect("default scheme");
    root["cases"]
        .as_array()
        .expect("cases array")
        .iter()
        .map(|v| {
            let case = ReferenceCase::from_value(v).expect("case inputs");
            (
                case.to_household(&scheme).expect("household"),
                case.start_month,
            )
        })
        .collect()
}

fn form_input() -> SimulationInput {
    SimulationInput {
        household_kind: HouseholdKind::SingleParent,
        adults: vec![AdultInput {
            birth_date: Some("1983-08-10".parse().expect("date")),
            age: None,
            pregnant: false,
        }],
        children_birth_dates: vec!["2019-12-10".parse().expect("date")],
        recently_isolated: true,
        housing_status: HousingStatus::Tenant,
        housing_aid: Cents(42_000),
        other_resources: vec![],
        family_benefits: Cents::ZERO,
        job: JobInput {
            person: Person::First,
            sector: "saad".to_string(),
            start: Month::ym(2021, 3),
            end: None,
            net_monthly: Cents(110_000),
            hours_per_week: Some(24),
            contract: None,
        },
        previous_salaries: vec![],
        ongoing_salaries: vec![],
        receives_rsa: Some(true),
    }
}

fn benches(c: &mut Criterion, targets: &targets::Targets) {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let households = reference_households();
    let per_household = targets.add(
        "one 6-month projection (reference households)",
        Duration::from_micros(10),
    );
    // Throughput in households per second: its inverse is the time per household.
    let mut group = c.benchmark_group("project");
    group.throughput(Throughput::Elements(households.len() as u64));
    group.bench_function(
        format!("reference_cases ({} households)", households.len()),
        |b| {
            b.iter_custom(|iters| {
                let started = Instant::now();
                for _ in 0..iters {
                    for (h, start) in &households {
                        black_box(project(black_box(h), &scheme, *start, 6).expect("projection"));
                    }
                }
                let took = started.elapsed();
                targets.record(per_household, took, iters * households.len() as u64);
                took
            })
        },
    );
    group.finish();

    let (s09, _) = households
        .iter()
        .find(|(h, start)| *start == Month::ym(2026, 2) && h.children.len() == 3)
        .expect("a 2026 single parent");
    c.bench_function("project/single_parent_2026", |b| {
        b.iter(|| black_box(project(black_box(s09), &scheme, Month::ym(2026, 2), 6)))
    });

    let input = form_input();
    c.bench_function("simulate/form_input", |b| {
        b.iter(|| black_box(simulate(black_box(&input), &scheme)))
    });
}

fn main() {
    targets::main_with(benches)
}
