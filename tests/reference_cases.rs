//! Every figure of both reference files (`tests/reference/`, computed with OpenFisca-France)
//! within one cent. The engine only sees the inputs
//! ([`ReferenceCase::from_value`]); the expected figures are read here, by the test.

use passerelle::cases::{
    CaseOutcome, FileScheme, ReferenceCase, run_case, run_file, scheme_for_file,
};
use passerelle::{Cents, Month, SchemeDefinition, rsa_for_month};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Detail {
    rsa_eligible: bool,
    majore: bool,
    rsa_nb_enfants: u8,
    montant_forfaitaire: f64,
    forfait_logement: f64,
    base_ressources: f64,
}

#[derive(Deserialize)]
struct Expected {
    month: Month,
    rsa_without_scheme: f64,
    rsa_with_scheme: f64,
    prime_activite: f64,
    bonus: f64,
    detail: Detail,
}

struct Reference {
    scheme: SchemeDefinition,
    cases: Vec<(ReferenceCase, Vec<Expected>)>,
    text: String,
}

fn load(name: &str) -> Reference {
    let path = format!("{}/tests/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("reference file {path} is missing ({e}): the reference households live in tests/reference/")
    });
    let root: Value = serde_json::from_str(&text).expect("reference file is JSON");
    let file_scheme: FileScheme =
        serde_json::from_value(root["scheme"].clone()).expect("top-level scheme");
    let scheme = scheme_for_file(Some(&file_scheme)).expect("scheme");
    let cases = root["cases"]
        .as_array()
        .expect("cases array")
        .iter()
        .map(|v| {
            let inputs = ReferenceCase::from_value(v).expect("case inputs");
            let expected: Vec<Expected> =
                serde_json::from_value(v["expected"].clone()).expect("expected figures");
            (inputs, expected)
        })
        .collect();
    Reference {
        scheme,
        cases,
        text,
    }
}

fn cents(euros: f64) -> i64 {
    Cents::from_euros_f64(euros).expect("finite").get()
}

/// Figures that differ by more than one cent (OpenFisca rounds a few exact half-cent ties
/// the other way, from its 32-bit floats).
fn check_figures(name: &str) {
    let r = load(name);
    let mut checked = 0;
    let mut exact = 0;
    let mut failures = Vec::new();
    for (case, expected) in &r.cases {
        let got = run_case(case, &r.scheme).unwrap_or_else(|e| panic!("{}: {e}", case.id));
        assert_eq!(got.len(), expected.len(), "{}", case.id);
        for (g, e) in got.iter().zip(expected) {
            assert_eq!(g.month, e.month, "{}", case.id);
            for (what, got, want) in [
                (
                    "rsa_without_scheme",
                    g.rsa_without_scheme,
                    e.rsa_without_scheme,
                ),
                ("rsa_with_scheme", g.rsa_with_scheme, e.rsa_with_scheme),
                ("prime_activite", g.prime_activite, e.prime_activite),
                ("bonus", g.bonus, e.bonus),
            ] {
                checked += 1;
                let diff = (cents(got) - cents(want)).abs();
                if diff == 0 {
                    exact += 1;
                } else if diff > 1 {
                    failures.push(format!(
                        "{} {} {what}: got {got}, want {want}",
                        case.id, e.month
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} figures off:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        checked,
        r.cases.len() * 6 * 4,
        "{name}: every figure checked"
    );
    assert!(r.cases.len() >= 100, "{name}: {} cases", r.cases.len());
    println!("{name}: {checked} figures within 0.01 €, {exact} to the cent");
}

#[test]
fn every_figure_of_cases_json() {
    check_figures("cases.json");
}

#[test]
fn every_figure_of_cases_open_window_json() {
    check_figures("cases-open-window.json");
}

/// The intermediate amounts of the RSA (montant forfaitaire, forfait logement, resources,
/// eligibility, majoration, children) match OpenFisca's too: the rules are right for the
/// right reasons.
#[test]
fn rsa_intermediates_match_openfisca() {
    let r = load("cases.json");
    for (case, expected) in &r.cases {
        let household = case.to_household(&r.scheme).expect("household");
        for e in expected {
            let got = rsa_for_month(&household, e.month, &[]).expect("rsa");
            let id = format!("{} {}", case.id, e.month);
            assert_eq!(got.eligible, e.detail.rsa_eligible, "{id} eligible");
            assert_eq!(got.majore, e.detail.majore, "{id} majore");
            assert_eq!(got.children, e.detail.rsa_nb_enfants, "{id} children");
            for (what, got, want) in [
                (
                    "montant_forfaitaire",
                    got.montant_forfaitaire,
                    e.detail.montant_forfaitaire,
                ),
                (
                    "forfait_logement",
                    got.forfait_logement,
                    e.detail.forfait_logement,
                ),
                ("base_ressources", got.resources, e.detail.base_ressources),
            ] {
                assert!(
                    (got.get() - cents(want)).abs() <= 1,
                    "{id} {what}: {got:?} vs {want}"
                );
            }
        }
    }
}

/// The runner's library entry point gives the same figures, and computes every case.
#[test]
fn runner_computes_every_case() {
    for name in ["cases.json", "cases-open-window.json"] {
        let r = load(name);
        let out = run_file(&r.text).expect("file runs");
        assert_eq!(out.cases.len(), r.cases.len());
        for (outcome, (case, expected)) in out.cases.iter().zip(&r.cases) {
            match outcome {
                CaseOutcome::Computed { id, months } => {
                    assert_eq!(id, &case.id);
                    for (m, e) in months.iter().zip(expected) {
                        assert!((cents(m.rsa_with_scheme) - cents(e.rsa_with_scheme)).abs() <= 1);
                    }
                }
                CaseOutcome::Failed { id, error } => panic!("{name} {id}: {error}"),
            }
        }
    }
}

/// The window matters: the same households give different figures with the published window
/// and with the window open, and only through the scheme.
#[test]
fn the_window_only_changes_the_scheme_figures() {
    let published = load("cases.json");
    let open = load("cases-open-window.json");
    let mut differing = 0;
    for ((case, _), (case_open, _)) in published.cases.iter().zip(&open.cases) {
        assert_eq!(case, case_open);
        let a = run_case(case, &published.scheme).expect("published");
        let b = run_case(case_open, &open.scheme).expect("open");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.rsa_without_scheme, y.rsa_without_scheme);
            assert_eq!(x.prime_activite, y.prime_activite);
            if x.rsa_with_scheme != y.rsa_with_scheme || x.bonus != y.bonus {
                differing += 1;
            }
        }
    }
    assert!(differing > 0);
}

#[derive(Deserialize)]
struct WithoutJobMonth {
    month: Month,
    rsa: f64,
    prime_activite: f64,
}

#[derive(Deserialize)]
struct WithoutJobCase {
    id: String,
    removed_jobs: usize,
    without_job: Vec<WithoutJobMonth>,
}

#[derive(Deserialize)]
struct WithoutJobFile {
    source: String,
    cases: Vec<WithoutJobCase>,
}

/// "Without the job": each household's RSA and prime d'activité when it does not take the jobs
/// starting in its first month, computed with OpenFisca-France by
/// `tools/openfisca/without_job.py` (`cases-without-job.json`), within one cent. The same
/// households in the open-window file give the same figures: the scheme plays no part.
#[test]
fn figures_without_the_job_match_openfisca() {
    let path = format!(
        "{}/tests/reference/cases-without-job.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file: WithoutJobFile =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("cases-without-job.json"))
            .expect("without-job file");
    assert_eq!(file.source, "cases.json");
    let mut checked = 0;
    let mut failures = Vec::new();
    for name in ["cases.json", "cases-open-window.json"] {
        let r = load(name);
        assert_eq!(r.cases.len(), file.cases.len(), "{name}");
        for ((case, _), reference) in r.cases.iter().zip(&file.cases) {
            assert_eq!(case.id, reference.id);
            let household = case.to_household(&r.scheme).expect("household");
            let new_jobs = household
                .jobs
                .iter()
                .filter(|j| j.start == case.start_month)
                .count();
            assert_eq!(new_jobs, reference.removed_jobs, "{}", case.id);
            let got = passerelle::project(&household, &r.scheme, case.start_month, 6)
                .expect("projection");
            for (g, want) in got.iter().zip(&reference.without_job) {
                assert_eq!(g.month, want.month);
                for (what, got, want) in [
                    ("rsa", g.rsa_without_job, want.rsa),
                    (
                        "prime_activite",
                        g.prime_activite_without_job,
                        want.prime_activite,
                    ),
                ] {
                    checked += 1;
                    if (got.get() - cents(want)).abs() > 1 {
                        failures.push(format!(
                            "{name} {} {} {what}: got {got}, want {want}",
                            case.id, g.month
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 2 * file.cases.len() * 6 * 2);
}
