//! The app's entry point, `simulate`, on form inputs.

use passerelle::{
    AdultInput, Cents, ContractType, HouseholdKind, HousingStatus, JobInput, Month, Person,
    PreviousSalary, ResourceInput, ResourceKind, SECTOR_OTHER, SchemeDefinition, SimulationError,
    SimulationInput, Verdict, simulate,
};

fn single_35(start: Month, sector: &str, net: i64) -> SimulationInput {
    SimulationInput {
        household_kind: HouseholdKind::Single,
        adults: vec![AdultInput {
            birth_date: Some("1985-09-10".parse().unwrap()),
            age: None,
            pregnant: false,
        }],
        children_birth_dates: vec![],
        recently_isolated: false,
        housing_status: HousingStatus::Tenant,
        housing_aid: Cents::ZERO,
        other_resources: vec![],
        family_benefits: Cents::ZERO,
        job: JobInput {
            person: Person::First,
            sector: sector.to_string(),
            start,
            end: None,
            net_monthly: Cents(net),
            hours_per_week: Some(24),
            contract: Some(ContractType::Cdd),
        },
        previous_salaries: vec![],
        ongoing_salaries: vec![],
        receives_rsa: Some(true),
    }
}

fn column(
    sim: &passerelle::Simulation,
    f: impl Fn(&passerelle::ProjectionMonth) -> Cents,
) -> Vec<i64> {
    sim.projection.iter().map(|m| f(m).get()).collect()
}

#[test]
fn reproduces_the_s10_reference_household() {
    // S10 of tests/reference: single, 35, tenant without aid, EHPAD job of 560 € from
    // January 2021.
    let scheme = SchemeDefinition::seine_maritime_2021();
    let sim = simulate(&single_35(Month::ym(2021, 1), "ehpad", 56_000), &scheme).unwrap();
    assert_eq!(sim.projection.len(), 6);
    assert_eq!(sim.projection[0].month, Month::ym(2021, 1));
    assert_eq!(
        column(&sim, |m| m.rsa_without_scheme),
        [56_478, 37_811, 19_145, 0, 0, 0]
    );
    assert_eq!(
        column(&sim, |m| m.rsa_with_scheme),
        [56_478, 56_478, 56_478, 0, 0, 0]
    );
    assert_eq!(
        column(&sim, |m| m.prime_activite),
        [0, 11_159, 22_317, 33_476, 33_494, 33_513]
    );
    assert_eq!(column(&sim, |m| m.bonus), [15_000, 0, 0, 0, 0, 0]);
    let m = &sim.projection[1];
    assert_eq!(m.salary, Cents(56_000));
    assert_eq!(
        m.total_without_scheme,
        m.salary + m.rsa_without_scheme + m.prime_activite
    );
    assert_eq!(
        m.total_with_scheme,
        m.salary + m.rsa_with_scheme + m.prime_activite
    );
    assert!(sim.projection[..3].iter().all(|m| m.cumulation_active));
    assert!(!sim.projection[3].cumulation_active);
    // 15 000 (bonus) + 18 667 + 37 333 (RSA kept in months 2 and 3).
    assert_eq!(sim.totals.gain, Cents(15_000 + 18_667 + 37_333));
    assert_eq!(sim.eligibility.cumulation.verdict, Verdict::Unknown);
    assert_eq!(sim.scheme_code, scheme.code);
    for code in [
        "mecanisme_cumul",
        "prime_versement",
        "calcul_mensuel",
        "total",
    ] {
        assert!(sim.assumptions.iter().any(|a| a.code == code), "{code}");
    }
    assert!(!sim.assumptions.iter().any(|a| a.code == "age_constant"));
}

#[test]
fn outside_the_window_or_the_sector_nothing_changes() {
    let scheme = SchemeDefinition::seine_maritime_2021();
    for input in [
        single_35(Month::ym(2021, 8), "ehpad", 100_000),
        single_35(Month::ym(2021, 2), SECTOR_OTHER, 100_000),
    ] {
        let sim = simulate(&input, &scheme).unwrap();
        assert_eq!(sim.eligibility.cumulation.verdict, Verdict::NotMet);
        assert_eq!(sim.eligibility.bonus.verdict, Verdict::NotMet);
        for m in &sim.projection {
            assert_eq!(m.rsa_with_scheme, m.rsa_without_scheme);
            assert_eq!(m.bonus, Cents::ZERO);
            assert!(!m.cumulation_active);
        }
        assert_eq!(sim.totals.gain, Cents::ZERO);
    }
}

#[test]
fn no_rsa_no_scheme() {
    // A large pension: no RSA in the job's first month, so neither cumulation nor bonus.
    let mut input = single_35(Month::ym(2021, 2), "saad", 100_000);
    input.receives_rsa = None;
    input.other_resources.push(ResourceInput {
        person: Person::First,
        kind: ResourceKind::Pension,
        monthly: Cents(90_000),
    });
    let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).unwrap();
    let criterion = sim
        .eligibility
        .criteria
        .iter()
        .find(|c| c.code == "beneficiaire_rsa")
        .unwrap();
    assert_eq!(criterion.verdict, Verdict::NotMet);
    assert!(criterion.explanation_fr.contains("février 2021"));
    assert!(
        sim.projection
            .iter()
            .all(|m| m.bonus == Cents::ZERO && m.rsa_with_scheme == m.rsa_without_scheme)
    );
    assert!(
        sim.projection
            .iter()
            .all(|m| m.other_resources == Cents(90_000))
    );
}

#[test]
fn form_mapping_to_the_household() {
    let mut input = single_35(Month::ym(2021, 4), "ehpad", 120_000);
    input.household_kind = HouseholdKind::Couple;
    input.adults = vec![
        AdultInput {
            birth_date: None,
            age: Some(24),
            pregnant: false,
        },
        AdultInput {
            birth_date: None,
            age: Some(30),
            pregnant: false,
        },
    ];
    input.previous_salaries.push(PreviousSalary {
        person: Person::First,
        month: Month::ym(2021, 2),
        net: Cents(40_000),
    });
    input.ongoing_salaries.push(passerelle::OngoingSalary {
        person: Person::Second,
        net_monthly: Cents(30_000),
    });
    input.family_benefits = Cents(10_000);
    let h = input.to_household().unwrap();
    // An age stays the same from 6 months before the job to the end of the projection.
    let a1 = h.adults[0].birth_date;
    assert_eq!(a1.age_on_first_of(Month::ym(2020, 10)), 24);
    assert_eq!(a1.age_on_first_of(Month::ym(2021, 9)), 24);
    assert_eq!(a1.age_on_first_of(Month::ym(2021, 10)), 25);
    assert_eq!(h.jobs.len(), 3);
    assert_eq!(
        h.salary(Person::First, Month::ym(2021, 2), &[]),
        Cents(40_000)
    );
    assert_eq!(
        h.salary(Person::First, Month::ym(2021, 3), &[]),
        Cents::ZERO
    );
    assert_eq!(
        h.salary(Person::Second, Month::ym(2021, 1), &[]),
        Cents(30_000)
    );
    assert_eq!(h.family_benefits_at(Month::ym(2021, 1)), Cents(10_000));
    assert_eq!(h.family_benefits_at(Month::ym(2021, 9)), Cents(10_000));
    let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).unwrap();
    assert!(sim.assumptions.iter().any(|a| a.code == "age_constant"));
    assert_eq!(sim.projection[0].salary, Cents(150_000));
    assert_eq!(sim.projection[0].other_resources, Cents(10_000));
}

#[test]
fn errors_have_french_messages() {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let mut input = single_35(Month::ym(2021, 1), "ehpad", 100_000);
    input.adults[0].birth_date = None;
    assert_eq!(
        simulate(&input, &scheme),
        Err(SimulationError::MissingBirth { adult: 0 })
    );

    let mut input = single_35(Month::ym(2021, 1), "ehpad", 100_000);
    input.household_kind = HouseholdKind::Couple;
    let err = simulate(&input, &scheme).unwrap_err();
    assert_eq!(err, SimulationError::KindMismatch);
    assert!(err.message_fr().contains("deux adultes"));

    let mut input = single_35(Month::ym(2021, 1), "ehpad", 100_000);
    input.previous_salaries.push(PreviousSalary {
        person: Person::First,
        month: Month::ym(2021, 1),
        net: Cents(1),
    });
    assert!(matches!(
        simulate(&input, &scheme),
        Err(SimulationError::PreviousSalaryNotBeforeJob { .. })
    ));

    let input = single_35(Month::ym(2019, 5), "ehpad", 100_000);
    let err = simulate(&input, &scheme).unwrap_err();
    assert_eq!(
        err,
        SimulationError::PeriodNotCovered {
            month: Month::ym(2019, 2)
        }
    );
    assert!(err.to_string().contains("février 2019"));

    let mut input = single_35(Month::ym(2021, 1), "ehpad", 100_000);
    input.job.net_monthly = Cents(-1);
    assert!(matches!(
        simulate(&input, &scheme),
        Err(SimulationError::NegativeAmount { .. })
    ));
}

#[test]
fn input_json_from_a_form_with_defaults() {
    let json = r#"{
        "household_kind": "single_parent",
        "adults": [{"age": 29}],
        "children_birth_dates": ["2020-01-10"],
        "housing_status": "tenant",
        "housing_aid": 33000,
        "job": {"person": "a1", "sector": "saad", "start": "2021-03", "net_monthly": 100000}
    }"#;
    let input: SimulationInput = serde_json::from_str(json).unwrap();
    let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).unwrap();
    // Single parent with a child under 3, March 2021 (base 564.78): majoré montant
    // forfaitaire 564.78 × 1.71216 = 966.9937 − forfait logement for 2 persons
    // 564.78 × 1.5 × 16 % = 135.5472 (aid 330 € is larger) = 831.4465 → 831.45.
    assert_eq!(sim.projection[0].rsa_without_scheme, Cents(83_145));
    assert_eq!(sim.projection[0].bonus, Cents(15_000));
}
