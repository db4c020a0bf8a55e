//! The worked examples of `tests/reference/README.md` ("Pitfalls") that are not among the
//! reference households of the files.

use std::collections::BTreeMap;

use passerelle::{
    Adult, Cents, Child, Date, Household, HouseholdKind, Housing, HousingStatus, Job, Month,
    OtherResource, Person, ResourceKind, SECTOR_OTHER, prime_activite_for_month, rsa_for_month,
};

fn single(birth: &str) -> Household {
    Household {
        kind: HouseholdKind::Single,
        adults: vec![Adult {
            birth_date: birth.parse().unwrap(),
            pregnant: false,
        }],
        children: vec![],
        recently_isolated: false,
        housing: Housing {
            status: HousingStatus::Tenant,
            housing_aid: Cents::ZERO,
        },
        jobs: vec![],
        other_resources: vec![],
        family_benefits: BTreeMap::new(),
    }
}

fn job(start: Month, end: Option<Month>, net: i64) -> Job {
    Job {
        person: Person::First,
        sector: SECTOR_OTHER.to_string(),
        start,
        end,
        net_monthly: Cents(net),
        hours_per_week: None,
        contract: None,
    }
}

fn rsa(h: &Household, y: i32, m: u8) -> i64 {
    rsa_for_month(h, Month::ym(y, m), &[]).unwrap().amount.get()
}

/// Pitfall 4 (S01): a 1000 € job in February–March 2021. April: the stopped salary is
/// neutralised (full RSA); May: February and March count again (no RSA); June: March only.
#[test]
fn neutralisation_lasts_one_month() {
    let mut h = single("1985-09-10");
    h.jobs
        .push(job(Month::ym(2021, 2), Some(Month::ym(2021, 3)), 100_000));
    assert_eq!(rsa(&h, 2021, 4), 56_534);
    assert_eq!(rsa(&h, 2021, 5), 0);
    assert_eq!(rsa(&h, 2021, 6), 23_201);
    // A pension received in April is a replacement income: no neutralisation then.
    h.other_resources.push(OtherResource {
        person: Person::First,
        kind: ResourceKind::Pension,
        monthly: Cents(10_000),
        from: Some(Month::ym(2021, 4)),
        to: None,
    });
    // February and March count again: (0 + 1000 + 1000) / 3 = 666.67 > 565.34.
    assert_eq!(rsa(&h, 2021, 4), 0);
}

/// Pitfall 4 (S14): child support that stops is only reduced by 3 × the base amount.
#[test]
fn stopped_child_support_is_reduced_by_three_base_amounts() {
    let mut h = single("1985-09-10");
    h.other_resources.push(OtherResource {
        person: Person::First,
        kind: ResourceKind::ChildSupport,
        monthly: Cents(80_000),
        from: None,
        to: Some(Month::ym(2021, 4)),
    });
    // May 2021: 3 × 800 − 3 × 565.34 = 704.0 over three months → 234.66 a month.
    assert_eq!(rsa(&h, 2021, 5), 56_534 - 23_466);
    // June: March–May = 800 + 800 + 0, no longer neutralised: 565.34 − 533.33 = 32.01.
    assert_eq!(rsa(&h, 2021, 6), 3_201);
}

/// Pitfall 6: single parent, children aged 1 and 8, no family benefits entered, January
/// 2021: the majoré montant forfaitaire 564.78 × (1.28412 + 2 × 0.42804) = 1208.74.
#[test]
fn single_parent_majoration_with_two_children() {
    let mut h = single("1990-05-10");
    h.kind = HouseholdKind::SingleParent;
    h.children = vec![
        Child {
            birth_date: Date::new(2019, 6, 10).unwrap(),
        },
        Child {
            birth_date: Date::new(2012, 6, 10).unwrap(),
        },
    ];
    h.jobs.push(job(Month::ym(2021, 1), None, 100_000));
    assert_eq!(rsa(&h, 2021, 1), 120_874);
}

/// Pitfall 5 (S12): the prime d'activité is not paid when the three-month mean is below
/// 15 €, and the RSA is not paid below 6 € (S10/S11).
#[test]
fn minimum_payments() {
    let mut h = single("1985-09-10");
    h.jobs.push(job(Month::ym(2021, 1), None, 56_000));
    assert_eq!(rsa(&h, 2021, 4), 0);
    assert!(
        rsa_for_month(&h, Month::ym(2021, 4), &[])
            .unwrap()
            .below_minimum
    );
    let mut h = single("1985-09-10");
    h.jobs.push(job(Month::ym(2021, 1), None, 55_800));
    assert_eq!(rsa(&h, 2021, 4), 734);

    // A small salary in one month only: fictive amount ≈ 0.61 × 60 = 36.6, mean 12.2 < 15.
    let mut h = single("1985-09-10");
    h.jobs
        .push(job(Month::ym(2021, 2), Some(Month::ym(2021, 2)), 6_000));
    let pa = prime_activite_for_month(&h, Month::ym(2021, 3)).unwrap();
    assert_eq!(pa.amount, Cents::ZERO);
    assert!(pa.below_minimum);
    assert_eq!(pa.fictive[2], Cents(3_660));
}

/// Pitfall 9: under 25 without a child, no RSA but the prime d'activité (from 18); a couple
/// is eligible if one partner is 25.
#[test]
fn age_conditions() {
    let mut young = single("1998-03-01");
    young.jobs.push(job(Month::ym(2021, 1), None, 100_000));
    assert_eq!(rsa(&young, 2021, 2), 0);
    assert!(
        prime_activite_for_month(&young, Month::ym(2021, 4))
            .unwrap()
            .amount
            > Cents::ZERO
    );
    let mut couple = single("1998-03-01");
    couple.kind = HouseholdKind::Couple;
    couple.adults.push(Adult {
        birth_date: "1990-01-01".parse().unwrap(),
        pregnant: false,
    });
    assert_eq!(rsa(&couple, 2021, 2), 84_717);
}
