//! Properties of the rules on generated households (not only the reference ones).

use std::collections::BTreeMap;

use passerelle::{
    Adult, AdultInput, Cents, Child, Date, Household, HouseholdKind, Housing, HousingStatus, Job,
    JobInput, Month, MonthRange, OngoingSalary, OtherResource, Person, PreviousSalary,
    ProjectionMonth, ResourceInput, ResourceKind, SECTOR_OTHER, SchemeDefinition, Simulation,
    SimulationInput, project, rsa_for_month, simulate,
};
use proptest::prelude::*;

/// The default scheme with its window open at every date, so that the mechanism is
/// exercised under every year's parameters.
fn open_scheme() -> SchemeDefinition {
    let mut s = SchemeDefinition::seine_maritime_2021();
    s.job_start_window = MonthRange {
        first: Month::ym(2000, 1),
        last: Month::ym(2099, 12),
    };
    s
}

/// A horizon start between April 2020 and June 2026 (index in months from April 2020).
fn start_month() -> impl Strategy<Value = Month> {
    (0i32..75).prop_map(|i| Month::ym(2020, 4).add_months(i))
}

fn date_between(first_year: i32, last_year: i32) -> impl Strategy<Value = Date> {
    (first_year..=last_year, 1u8..=12, 1u8..=28)
        .prop_map(|(y, m, d)| Date::new(y, m, d).expect("valid date"))
}

fn euros(max: i64) -> impl Strategy<Value = Cents> {
    prop_oneof![Just(Cents::ZERO), (1i64..=max * 100).prop_map(Cents)]
}

fn housing() -> impl Strategy<Value = Housing> {
    (
        prop_oneof![
            Just(HousingStatus::Tenant),
            Just(HousingStatus::Owner),
            Just(HousingStatus::OwnerWithMortgage),
            Just(HousingStatus::HostedFree),
        ],
        euros(500),
    )
        .prop_map(|(status, housing_aid)| Housing {
            status,
            housing_aid,
        })
}

fn resource_kind() -> impl Strategy<Value = ResourceKind> {
    prop_oneof![
        Just(ResourceKind::Pension),
        Just(ResourceKind::UnemploymentBenefit),
        Just(ResourceKind::ChildSupport),
    ]
}

/// A household around `start` with jobs and resources that start and stop around it.
fn household() -> impl Strategy<Value = (Household, Month)> {
    (
        start_month(),
        1usize..=2,
        prop::collection::vec((date_between(1955, 2004), any::<bool>()), 2),
        prop::collection::vec(date_between(1997, 2026), 0..=4),
        any::<bool>(),
        housing(),
        prop::collection::vec(
            (
                0usize..2,
                prop_oneof![Just("ehpad"), Just("saad"), Just(SECTOR_OTHER)],
                -12i32..6,
                prop::option::of(0i32..8),
                euros(3_000),
            ),
            0..=3,
        ),
        prop::collection::vec(
            (
                0usize..2,
                resource_kind(),
                euros(1_000),
                prop::option::of(-8i32..4),
                prop::option::of(-4i32..8),
            ),
            0..=2,
        ),
        euros(400),
    )
        .prop_map(
            |(start, n_adults, adults, children, isolated, housing, jobs, resources, family)| {
                let person = |i: usize| Person::ALL[i % n_adults];
                let children: Vec<Child> = children
                    .into_iter()
                    .filter(|&birth_date| birth_date < start.add_months(6).first_day())
                    .map(|birth_date| Child { birth_date })
                    .collect();
                let kind = match (n_adults, children.is_empty()) {
                    (2, _) => HouseholdKind::Couple,
                    (_, true) => HouseholdKind::Single,
                    (_, false) => HouseholdKind::SingleParent,
                };
                let jobs = jobs
                    .into_iter()
                    .map(|(who, sector, from, len, net)| {
                        let job_start = start.add_months(from);
                        Job {
                            person: person(who),
                            sector: sector.to_string(),
                            start: job_start,
                            end: len.map(|l| job_start.add_months(l)),
                            net_monthly: net,
                            hours_per_week: None,
                            contract: None,
                        }
                    })
                    .collect();
                let other_resources = resources
                    .into_iter()
                    .map(|(who, kind, monthly, from, to)| {
                        let from = from.map(|f| start.add_months(f));
                        let to = to.map(|t| start.add_months(t)).map(|t| match from {
                            Some(f) if t < f => f,
                            _ => t,
                        });
                        OtherResource {
                            person: person(who),
                            kind,
                            monthly,
                            from,
                            to,
                        }
                    })
                    .collect();
                let family_benefits: BTreeMap<Month, Cents> = if family == Cents::ZERO {
                    BTreeMap::new()
                } else {
                    (-3..6).map(|i| (start.add_months(i), family)).collect()
                };
                let household = Household {
                    kind,
                    adults: adults
                        .into_iter()
                        .take(n_adults)
                        .map(|(birth_date, pregnant)| Adult {
                            birth_date,
                            pregnant,
                        })
                        .collect(),
                    children,
                    recently_isolated: isolated && n_adults == 1,
                    housing,
                    jobs,
                    other_resources,
                    family_benefits,
                };
                (household, start)
            },
        )
}

fn form_input() -> impl Strategy<Value = SimulationInput> {
    (
        start_month(),
        1usize..=2,
        prop::collection::vec(
            (
                prop::option::of(date_between(1955, 2004)),
                18u8..70,
                any::<bool>(),
            ),
            2,
        ),
        prop::collection::vec(date_between(1997, 2020), 0..=3),
        housing(),
        prop::collection::vec((0usize..2, resource_kind(), euros(800)), 0..=2),
        prop::collection::vec((1i32..=3, euros(1_500)), 0..=2),
        prop::option::of(euros(1_500)),
        (
            prop_oneof![Just("ehpad"), Just("saad"), Just(SECTOR_OTHER)],
            euros(2_500),
        ),
        prop::option::of(any::<bool>()),
    )
        .prop_map(
            |(start, n, adults, children, housing, resources, previous, ongoing, job, receives)| {
                let person = |i: usize| Person::ALL[i % n];
                SimulationInput {
                    household_kind: match (n, children.is_empty()) {
                        (2, _) => HouseholdKind::Couple,
                        (_, true) => HouseholdKind::Single,
                        (_, false) => HouseholdKind::SingleParent,
                    },
                    adults: adults
                        .into_iter()
                        .take(n)
                        .map(|(birth_date, age, pregnant)| AdultInput {
                            birth_date,
                            age: Some(age),
                            pregnant,
                        })
                        .collect(),
                    children_birth_dates: children,
                    recently_isolated: n == 1,
                    housing_status: housing.status,
                    housing_aid: housing.housing_aid,
                    other_resources: resources
                        .into_iter()
                        .map(|(who, kind, monthly)| ResourceInput {
                            person: person(who),
                            kind,
                            monthly,
                        })
                        .collect(),
                    family_benefits: Cents::ZERO,
                    job: JobInput {
                        person: Person::First,
                        sector: job.0.to_string(),
                        start,
                        end: None,
                        net_monthly: job.1,
                        hours_per_week: None,
                        contract: None,
                    },
                    previous_salaries: previous
                        .into_iter()
                        .map(|(back, net)| PreviousSalary {
                            person: Person::First,
                            month: start.add_months(-back),
                            net,
                        })
                        .collect(),
                    ongoing_salaries: ongoing
                        .into_iter()
                        .map(|net_monthly| OngoingSalary {
                            person: person(1),
                            net_monthly,
                        })
                        .collect(),
                    receives_rsa: receives,
                }
            },
        )
}

fn projection(h: &Household, start: Month) -> Vec<ProjectionMonth> {
    project(h, &open_scheme(), start, 6).expect("projection")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn no_amount_is_negative((h, start) in household()) {
        for m in projection(&h, start) {
            for v in [m.salary, m.other_resources, m.rsa_without_scheme, m.rsa_with_scheme,
                      m.prime_activite, m.bonus, m.total_without_scheme, m.total_with_scheme] {
                prop_assert!(v >= Cents::ZERO, "{m:?}");
            }
            prop_assert!(m.bonus == Cents::ZERO || m.bonus >= Cents::from_euros(150));
        }
    }

    #[test]
    fn rsa_never_above_the_montant_forfaitaire((h, start) in household()) {
        for i in 0..6 {
            let month = start.add_months(i);
            let without = rsa_for_month(&h, month, &[]).expect("rsa");
            prop_assert!(without.amount <= without.montant_forfaitaire, "{without:?}");
            let all: Vec<usize> = (0..h.jobs.len()).collect();
            let ignoring_all = rsa_for_month(&h, month, &all).expect("rsa");
            prop_assert!(ignoring_all.amount <= ignoring_all.montant_forfaitaire);
        }
    }

    #[test]
    fn rsa_with_the_scheme_is_never_below_without((h, start) in household()) {
        for m in projection(&h, start) {
            prop_assert!(m.rsa_with_scheme >= m.rsa_without_scheme, "{m:?}");
            prop_assert!(m.total_with_scheme >= m.total_without_scheme, "{m:?}");
        }
    }

    /// Raising a salary that is already positive never raises the RSA (with or without the
    /// scheme). Raising a zero salary is left out on purpose: a salary appearing in the month
    /// after another income stopped can switch the neutralisation of CASF R262-13 on or off,
    /// which is the law, not a defect.
    #[test]
    fn rsa_never_rises_when_a_salary_rises(
        (h, start) in household(),
        job in any::<prop::sample::Index>(),
        raise in 1i64..200_000,
    ) {
        prop_assume!(!h.jobs.is_empty());
        let j = job.index(h.jobs.len());
        prop_assume!(h.jobs[j].net_monthly > Cents::ZERO);
        let mut richer = h.clone();
        richer.jobs[j].net_monthly += Cents(raise);
        for (a, b) in projection(&h, start).iter().zip(projection(&richer, start)) {
            prop_assert!(b.rsa_without_scheme <= a.rsa_without_scheme, "{a:?} {b:?}");
            prop_assert!(b.rsa_with_scheme <= a.rsa_with_scheme, "{a:?} {b:?}");
        }
    }

    /// With the form's input (the new job goes on), the RSA never rises with the new job's
    /// salary, from zero upwards.
    #[test]
    fn simulated_rsa_never_rises_with_the_new_salary(
        input in form_input(),
        raise in 1i64..200_000,
    ) {
        let mut richer = input.clone();
        richer.job.net_monthly += Cents(raise);
        let scheme = open_scheme();
        let a = simulate(&input, &scheme).expect("simulation");
        let b = simulate(&richer, &scheme).expect("simulation");
        for (x, y) in a.projection.iter().zip(&b.projection) {
            prop_assert!(y.rsa_without_scheme <= x.rsa_without_scheme, "{x:?} {y:?}");
        }
    }

    #[test]
    fn simulation_is_stable_under_serde_round_trip(input in form_input()) {
        let sim = simulate(&input, &SchemeDefinition::seine_maritime_2021()).expect("simulation");
        let json = serde_json::to_string(&sim).expect("serialise");
        let back: Simulation = serde_json::from_str(&json).expect("deserialise");
        prop_assert_eq!(&back, &sim);
        let projection_json = serde_json::to_string(&sim.projection).expect("serialise");
        let projection: Vec<ProjectionMonth> = serde_json::from_str(&projection_json).expect("deserialise");
        prop_assert_eq!(projection, sim.projection);
        let input_json = serde_json::to_string(&input).expect("serialise");
        prop_assert_eq!(serde_json::from_str::<SimulationInput>(&input_json).expect("input"), input);
    }

    #[test]
    fn household_is_stable_under_serde_round_trip((h, _) in household()) {
        let json = serde_json::to_string(&h).expect("serialise");
        prop_assert_eq!(serde_json::from_str::<Household>(&json).expect("deserialise"), h);
    }

    #[test]
    fn amounts_round_trip_through_french_text(cents in 0i64..100_000_000_000) {
        let c = Cents(cents);
        prop_assert_eq!(Cents::parse_fr(&c.format_eur()), Ok(c));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// "Without the job" is the same engine on the same household: a job paid nothing changes
    /// nothing, month by month.
    #[test]
    fn an_unpaid_job_changes_nothing(input in form_input()) {
        let mut unpaid = input.clone();
        unpaid.job.net_monthly = Cents::ZERO;
        let sim = simulate(&unpaid, &open_scheme()).expect("simulation");
        for m in &sim.projection {
            prop_assert_eq!(m.rsa_without_job, m.rsa_without_scheme, "{:?}", m);
            prop_assert_eq!(m.prime_activite_without_job, m.prime_activite, "{:?}", m);
            prop_assert_eq!(m.total_without_job, m.total_without_scheme, "{:?}", m);
        }
        prop_assert_eq!(sim.totals.job_gain, Cents::ZERO);
    }

    /// What taking a paid job that goes on can cost in a month, under the rules as OpenFisca
    /// models them: the RSA takes back up to the whole salary (with a lag); the prime
    /// d'activité, where the household's resources are above its montant forfaitaire, gives
    /// back 61 % of a salary and counts 100 % of it as a resource, so it falls by 39 % of the
    /// salary; and an RSA under 6 € or a prime under 15 € is not paid (CASF R262-22, CSS
    /// D843-4). So a month can cost up to 39 % of the new salary + 21 €, when both benefits
    /// taper at once (a partner already earning, or other income just under the RSA's
    /// ceiling): `a_small_job_can_cost_money_where_both_benefits_taper` in
    /// `tests/simulation.rs` shows such a month. With no other income at all, the job never
    /// costs anything. (A salary stopped the month before the job is another case, shown by
    /// `a_small_job_right_after_a_salary_can_cost_money`; it is left out here.)
    #[test]
    fn what_a_paid_job_can_cost_is_bounded_by_the_law(generated in form_input()) {
        // A paid job, and no salary stopping just before it (drawn inputs are adjusted rather
        // than rejected, so every case counts).
        let mut input = generated;
        input.job.net_monthly = input.job.net_monthly.max(Cents(1));
        let before = input.job.start.add_months(-1);
        input.previous_salaries.retain(|s| s.month != before);
        let no_other_income = input.other_resources.iter().all(|r| r.monthly == Cents::ZERO)
            && input.ongoing_salaries.iter().all(|s| s.net_monthly == Cents::ZERO)
            && input.previous_salaries.is_empty();
        let bound = if no_other_income {
            Cents::ZERO
        } else {
            Cents(input.job.net_monthly.get() * 39 / 100 + 1 + 600 + 1_500)
        };
        let sim = simulate(&input, &open_scheme()).expect("simulation");
        for m in &sim.projection {
            prop_assert!(m.total_without_scheme + bound >= m.total_without_job, "{:?} bound {:?}", m, bound);
            prop_assert!(m.total_with_scheme >= m.total_without_scheme, "{:?}", m);
        }
        if no_other_income {
            prop_assert!(sim.totals.job_gain > Cents::ZERO, "{:?}", sim.totals);
            prop_assert!(!sim.outlook.headline_fr.contains("de moins"), "{}", sim.outlook.headline_fr);
        }
    }

    /// The gain sentence is read off the months: its periods cover every month once, in order;
    /// each month's gain lies within its period's bounds; and every amount a sentence says is
    /// one of those bounds (rounded to the euro), so no sentence can disagree with the table.
    #[test]
    fn the_gain_is_told_period_by_period_from_the_months(input in form_input()) {
        use passerelle::wording::{Arg, Key};
        let sim = simulate(&input, &open_scheme()).expect("simulation");
        let o = &sim.outlook;
        let gains: Vec<Cents> = sim
            .projection
            .iter()
            .map(|m| m.total_without_scheme - m.total_without_job)
            .collect();
        let mut i = 0;
        for p in &o.periods {
            prop_assert!(p.least <= p.most);
            prop_assert!(p.most.get() - p.least.get() <= 1_000, "{:?}", p);
            let mut month = p.months.first;
            loop {
                prop_assert_eq!(sim.projection[i].month, month);
                prop_assert!(p.least <= gains[i] && gains[i] <= p.most, "{:?} {:?}", p, gains[i]);
                i += 1;
                if month == p.months.last { break; }
                month = month.next();
            }
        }
        prop_assert_eq!(i, gains.len());
        let whole = |c: Cents| (c.get().abs() + 50) / 100;
        let said = |phrase: &passerelle::wording::Phrase, name: &str| {
            phrase.args.iter().find(|(n, _)| n == name).map(|(_, a)| match a {
                Arg::AmountWhole(c) => whole(*c),
                other => panic!("{other:?}"),
            })
        };
        let least = gains.iter().copied().min().unwrap();
        let most = gains.iter().copied().max().unwrap();
        match o.periods.len() {
            1 => {
                prop_assert!(o.headline_periods.is_empty());
                match o.headline.key {
                    Key::GainMore => prop_assert_eq!(said(&o.headline, "amount"), Some(whole(most))),
                    Key::GainLess => prop_assert_eq!(said(&o.headline, "amount"), Some(whole(least))),
                    Key::GainMoreRange | Key::GainLessRange => {
                        let bounds = [said(&o.headline, "least").unwrap(), said(&o.headline, "most").unwrap()];
                        prop_assert!(bounds.contains(&whole(least)) && bounds.contains(&whole(most)));
                    }
                    Key::GainSame => prop_assert!(least.get() > -100 && most.get() < 100 || least.get() < 0 && most.get() > 0),
                    other => prop_assert!(false, "{:?}", other),
                }
            }
            2 | 3 => {
                prop_assert_eq!(o.headline.key, Key::GainByPeriod);
                prop_assert_eq!(o.headline_periods.len(), o.periods.len());
                for (phrase, p) in o.headline_periods.iter().zip(&o.periods) {
                    match phrase.key {
                        Key::PeriodMore => prop_assert_eq!(said(phrase, "amount"), Some(whole(p.most))),
                        Key::PeriodLess => prop_assert_eq!(said(phrase, "amount"), Some(whole(p.least))),
                        Key::PeriodMoreRange | Key::PeriodLessRange => {
                            let bounds = [said(phrase, "least").unwrap(), said(phrase, "most").unwrap()];
                            prop_assert!(bounds.contains(&whole(p.least)) && bounds.contains(&whole(p.most)));
                        }
                        Key::PeriodSame => prop_assert!(p.least.get() > -100 && p.most.get() < 100 || p.least.get() < 0 && p.most.get() > 0),
                        other => prop_assert!(false, "{:?}", other),
                    }
                }
            }
            _ => {
                prop_assert!(matches!(o.headline.key, Key::GainVaries | Key::GainVariesBothWays));
                prop_assert_eq!(said(&o.headline, "most"), Some(whole(most)));
                prop_assert_eq!(said(&o.headline, "least"), Some(whole(least)));
            }
        }
    }
}
