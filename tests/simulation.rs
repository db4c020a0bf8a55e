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

/// The three-way comparison on S10 (single, 35, EHPAD job of 560 € from January 2021): without
/// the job the RSA is the whole montant forfaitaire; with it, it falls over three months (the
/// look-back) and stops in April, when the prime d'activité has ramped up.
#[test]
fn the_job_is_compared_with_staying_as_today() {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let sim = simulate(&single_35(Month::ym(2021, 1), "ehpad", 56_000), &scheme).unwrap();
    assert_eq!(
        column(&sim, |m| m.rsa_without_job),
        [56_478, 56_478, 56_478, 56_534, 56_534, 56_534],
        "564,78 € then 565,34 € from the April 2021 revaluation"
    );
    assert_eq!(column(&sim, |m| m.prime_activite_without_job), [0; 6]);
    assert_eq!(column(&sim, |m| m.salary_without_job), [0; 6]);
    for m in &sim.projection {
        assert_eq!(
            m.total_without_job,
            m.salary_without_job
                + m.other_resources
                + m.rsa_without_job
                + m.prime_activite_without_job
        );
    }
    // 6 × 560 + (564,78 + 378,11 + 191,45) + (111,59 + 223,17 + 334,76 + 334,94 + 335,13)
    // − (3 × 564,78 + 3 × 565,34) = 2 443,57 € over 6 months.
    assert_eq!(sim.totals.job_gain, Cents(244_357));
    let o = &sim.outlook;
    assert_eq!(o.job_gain_per_month, Cents(40_726));
    assert_eq!(
        o.headline_fr,
        "Avec cet emploi, vous auriez entre 329\u{a0}€ et 560\u{a0}€ de plus par mois, selon le mois (janvier à juin 2021). Le détail est dans le tableau."
    );
    assert!(o.scheme_applies);
    assert_eq!(o.scheme_extra, sim.totals.gain);
    assert_eq!(
        o.scheme_fr.as_deref(),
        Some(
            "Avec l'aide du Département, vous auriez en plus 710\u{a0}€ en tout sur ces 6 mois, dont la prime de reprise de 150\u{a0}€."
        )
    );
    assert_eq!(o.rsa_stops, Some(Month::ym(2021, 4)));
    assert_eq!(o.rsa_stops_with_scheme, Some(Month::ym(2021, 4)));
    assert_eq!(o.prime_activite_starts, Some(Month::ym(2021, 2)));
    assert_eq!(
        o.benefits_fr,
        "La prime d'activité commencerait en février 2021. Votre dernier mois de RSA serait mars 2021. Ensuite, vous toucheriez la prime d'activité."
    );
}

/// Today's question: a job starting in November 2026. The scheme's window closed in June 2021:
/// the cards say so first, and the answer is the comparison without / with the job.
#[test]
fn a_job_today_gets_the_decisive_reason_first_and_the_gain_of_the_job() {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let sim = simulate(&single_35(Month::ym(2026, 11), "ehpad", 140_000), &scheme).unwrap();
    for overall in [&sim.eligibility.cumulation, &sim.eligibility.bonus] {
        assert_eq!(overall.verdict, Verdict::NotMet);
        assert_eq!(overall.decisive_criterion.as_deref(), Some("date_embauche"));
        assert!(
            overall.summary_fr.starts_with(
                "Cette aide concernait les emplois commencés entre janvier et juin 2021."
            ),
            "{}",
            overall.summary_fr
        );
    }
    let o = &sim.outlook;
    assert!(!o.scheme_applies);
    assert_eq!(o.scheme_fr, None);
    assert_eq!(o.scheme_extra, Cents::ZERO);
    assert!(o.job_gain_per_month > Cents(40_000), "{o:?}");
    // The gain changes month by month (the RSA counts the salary a third at a time): told as
    // its range, the table giving each month.
    assert_eq!(o.headline.key, passerelle::wording::Key::GainVaries);
    assert!(
        o.headline_fr
            .contains("de plus par mois, selon le mois (novembre 2026 à avril 2027)"),
        "{}",
        o.headline_fr
    );
    // 651,69 € of RSA; 1 400 € a month counted a third at a time: 185,02 € in December, and
    // nothing from January, when two thirds of it (933,33 €) exceed the RSA.
    assert_eq!(o.rsa_before, Cents(65_169));
    assert_eq!(o.rsa_stops, Some(Month::ym(2027, 1)));
    assert!(
        o.benefits_fr
            .contains("Votre dernier mois de RSA serait décembre 2026."),
        "{}",
        o.benefits_fr
    );
    assert!(
        o.benefits_fr
            .contains("Ensuite, vous toucheriez la prime d'activité.")
    );
}

/// A job outside the scheme's sectors, inside its window: the sector is the decisive reason.
#[test]
fn the_sector_settles_it_inside_the_window() {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let sim = simulate(
        &single_35(Month::ym(2021, 3), SECTOR_OTHER, 90_000),
        &scheme,
    )
    .unwrap();
    let c = &sim.eligibility.cumulation;
    assert_eq!(c.decisive_criterion.as_deref(), Some("secteur"));
    assert!(
        c.summary_fr
            .starts_with("Cette aide concerne les emplois de ces secteurs\u{a0}: ")
    );
    assert!(!sim.outlook.scheme_applies);
}

/// Where the law allows a loss: a salary that stops is ignored by the RSA of the next month
/// ("neutralisation", CASF R262-13) only if nothing replaces it. A 100 € job taken the month
/// right after a 1 000 € salary cancels that, and the RSA counts a third of the 1 000 €: the
/// first month costs 233,33 €. The headline says so instead of hiding it.
#[test]
fn a_small_job_right_after_a_salary_can_cost_money() {
    let start = Month::ym(2026, 1);
    let mut input = single_35(start, SECTOR_OTHER, 10_000);
    input.previous_salaries = vec![PreviousSalary {
        person: Person::First,
        month: start.add_months(-1),
        net: Cents(100_000),
    }];
    let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).unwrap();
    let first = &sim.projection[0];
    assert_eq!(
        first.rsa_without_job - first.rsa_without_scheme,
        Cents(33_333)
    );
    assert_eq!(
        first.total_without_scheme - first.total_without_job,
        Cents(-23_333)
    );
    // Over six months the small job still pays, barely.
    assert!(sim.totals.job_gain > Cents::ZERO, "{:?}", sim.totals);
}

/// Where the law (as OpenFisca models it) allows a loss in a month: a couple with a child of 3,
/// the partner earning 1 075 €, gets a little RSA (69,28 €) and a prime d'activité that already
/// tapers (its resources are above its montant forfaitaire). A 50 € job: once the RSA's look-back
/// sees it in full, the RSA takes the 50 € back and the prime d'activité falls too, so May 2024
/// brings 4,25 € less than without the job. Over six months the job still pays (the first months
/// come before the look-back): the headline says both ways, the table shows the month.
#[test]
fn a_small_job_can_cost_money_where_both_benefits_taper() {
    let start = Month::ym(2024, 1);
    let mut input = single_35(start, SECTOR_OTHER, 5_000);
    input.household_kind = HouseholdKind::Couple;
    input.adults.push(AdultInput {
        birth_date: Some("1979-05-05".parse().unwrap()),
        age: None,
        pregnant: false,
    });
    input.children_birth_dates = vec!["2020-03-01".parse().unwrap()];
    input.ongoing_salaries = vec![passerelle::OngoingSalary {
        person: Person::Second,
        net_monthly: Cents(107_500),
    }];
    let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).unwrap();
    let may = &sim.projection[4];
    assert_eq!(may.month, Month::ym(2024, 5));
    assert_eq!(may.rsa_without_job, Cents(6_928));
    assert_eq!(may.rsa_without_job - may.rsa_without_scheme, Cents(5_000));
    assert_eq!(
        may.prime_activite_without_job - may.prime_activite,
        Cents(425)
    );
    assert_eq!(
        may.total_without_scheme - may.total_without_job,
        Cents(-425)
    );
    assert_eq!(sim.totals.job_gain, Cents(7_984));
    // The sentence says both ways instead of an average that hides the month that costs.
    assert_eq!(
        sim.outlook.headline_fr,
        "Avec cet emploi, selon le mois, vous auriez jusqu'à 50\u{a0}€ de plus ou jusqu'à 20\u{a0}€ de moins (janvier à juin 2024). Le détail est dans le tableau."
    );
}
