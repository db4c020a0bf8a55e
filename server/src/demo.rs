//! Deterministic demonstration data at the scale of the territorial unit "Boucles de Seine":
//! new entrants every month (220–250 at full scale) with realistic steps and delays, older
//! beneficiaries already accompanied, and the staff accounts of the unit.
//!
//! The same options always give the same data (a seeded SplitMix64 generator, no clock except the
//! `today` given), so figures and screenshots can be reproduced. Everything here is fictitious.
use app::ssr::{Db, DbError, auth::hash_password, to_time_date};
use passerelle::access::Role;
use passerelle::{Date, SchemeDefinition};
use serde_json::json;
use time::OffsetDateTime;

/// Demo sign-ins, printed at start.
pub const DEMO_FILE_NUMBER: &str = "1234567";
pub const DEMO_BIRTH_DATE: Date = Date::ymd(1985, 3, 15);
pub const DEMO_STAFF: [(&str, &str, Role, Option<&str>, &str); 4] = [
    (
        "agent@demo.passerelle.fr",
        "Inès Accueil",
        Role::Agent,
        Some("BDS"),
        "demo-agent-2026",
    ),
    (
        "orientation@demo.passerelle.fr",
        "Karim Orientation",
        Role::ChargeOrientation,
        Some("BDS"),
        "demo-orientation-2026",
    ),
    (
        "responsable@demo.passerelle.fr",
        "Hélène Responsable",
        Role::Manager,
        Some("BDS"),
        "demo-responsable-2026",
    ),
    (
        "admin@demo.passerelle.fr",
        "Paul Admin",
        Role::Admin,
        None,
        "demo-admin-2026",
    ),
];

/// The demo partner's API key (read and write, every unit). Demo data only: real keys are created
/// by administrators and shown once.
pub const DEMO_API_KEY: &str = "psl_demo2026_CleDeDemonstrationPartenaire2026";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Beneficiaries in all (new entrants of the period plus older ones).
    pub beneficiaries: usize,
    /// Months of new entrants, ending with the current month.
    pub months: u32,
    /// Territorial units to spread people over (the first gets the demo beneficiary).
    pub units: Vec<String>,
    pub seed: u64,
    pub today: Date,
}

impl DemoOptions {
    /// The set loaded by the README's run command: small, quick, every situation present.
    pub fn small(today: Date) -> DemoOptions {
        DemoOptions {
            beneficiaries: 600,
            months: 24,
            units: vec!["BDS".into()],
            seed: 2021,
            today,
        }
    }
}

#[derive(Debug, Default)]
pub struct DemoSummary {
    pub beneficiaries: usize,
    pub appointments: usize,
    pub events: usize,
    pub staff: usize,
}

/// SplitMix64: tiny, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    /// True with probability `p` percent.
    fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const FIRST_NAMES: [&str; 60] = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Laura",
    "Julie",
    "Marion",
    "Océane",
    "Amandine",
    "Nadia",
    "Fatima",
    "Aïcha",
    "Sandrine",
    "Nathalie",
    "Isabelle",
    "Céline",
    "Élodie",
    "Aurélie",
    "Jessica",
    "Mélanie",
    "Sophie",
    "Christelle",
    "Karine",
    "Virginie",
    "Stéphanie",
    "Yasmine",
    "Maëva",
    "Thomas",
    "Nicolas",
    "Julien",
    "Kevin",
    "Anthony",
    "Mickaël",
    "Jérôme",
    "Sébastien",
    "Cédric",
    "David",
    "Mohamed",
    "Karim",
    "Yanis",
    "Dylan",
    "Lucas",
    "Hugo",
    "Maxime",
    "Florian",
    "Jordan",
    "Romain",
    "Mathieu",
    "Frédéric",
    "Laurent",
    "Pascal",
    "Éric",
    "Franck",
    "Ludovic",
    "Grégory",
    "Sofiane",
    "Théo",
];

const LAST_NAMES: [&str; 80] = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noël",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Pérez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Marie",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
];

const COMMUNES: [&str; 15] = [
    "Elbeuf",
    "Caudebec-lès-Elbeuf",
    "Saint-Aubin-lès-Elbeuf",
    "Saint-Pierre-lès-Elbeuf",
    "Cléon",
    "Tourville-la-Rivière",
    "Oissel",
    "Saint-Étienne-du-Rouvray",
    "Sotteville-lès-Rouen",
    "Grand-Couronne",
    "Petit-Couronne",
    "Le Grand-Quevilly",
    "Le Petit-Quevilly",
    "Orival",
    "La Londe",
];

const PLACES: [&str; 3] = [
    "Centre médico-social, 10 rue de la République, Elbeuf",
    "Maison du Département, 2 place de l'Hôtel de Ville, Saint-Étienne-du-Rouvray",
    "Agence France Travail, rue Jean Jaurès, Sotteville-lès-Rouen",
];

const OFFICERS: [&str; 4] = [
    "Karim Orientation",
    "Sophie Lemoine",
    "Julien Caron",
    "Nadia Benali",
];

/// A return to work: employer, sector, start, contract, weekly hours, net salary (cents), bonus
/// (cents), bonus paid.
struct Job {
    employer: String,
    sector: &'static str,
    start: Date,
    contract: Option<&'static str>,
    hours: Option<i64>,
    salary: i64,
    bonus: i64,
    paid: bool,
}

struct Person {
    file_number: String,
    first_name: String,
    last_name: String,
    birth_date: Date,
    phone: Option<String>,
    email: Option<String>,
    commune: &'static str,
    unit: String,
    entry: Date,
    household: serde_json::Value,
    status: &'static str,
    status_since: Date,
    oriented_on: Option<Date>,
    orientation: Option<&'static str>,
    referent_org: Option<&'static str>,
    referent_name: Option<String>,
    referent_contact: Option<String>,
    contract_signed_on: Option<Date>,
    contract_review_on: Option<Date>,
    contract_hours: Option<i64>,
    exit_reason: Option<&'static str>,
    appointments: Vec<(
        i64,
        &'static str,
        OffsetDateTime,
        &'static str,
        &'static str,
        &'static str,
    )>,
    events: Vec<(Date, &'static str, String, String)>,
    employment: Option<Job>,
    question: Option<(String, OffsetDateTime)>,
}

fn at(date: Date, hour: u8, minute: u8) -> OffsetDateTime {
    app::ssr::pathway::paris_to_utc(date, hour, minute)
}

/// Builds one person's pathway from their entry date up to `today`.
fn simulate_pathway(rng: &mut Rng, p: &mut Person, today: Date, new_entrant: bool) {
    let scheme = SchemeDefinition::seine_maritime_2021();
    let mut day = p.entry;
    let age = p.birth_date.age_on(today);
    p.events.push((
        p.entry,
        "entered",
        "Entrée au RSA : votre dossier est ouvert".into(),
        String::new(),
    ));
    p.status = "entered";
    p.status_since = p.entry;
    let step = |d: Date| d <= today;

    // Invitation, then an orientation appointment; a missed or excused one is followed by another.
    day = day.add_days(rng.range(2, 8));
    if !step(day) {
        return;
    }
    p.events.push((
        day,
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
    ));
    p.status = "invited";
    p.status_since = day;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let booked = day.add_days(rng.range(1, 4));
        if !step(booked) {
            return;
        }
        let when = booked.add_days(rng.range(8, if new_entrant { 28 } else { 40 }));
        let time = at(
            when,
            *rng.pick(&[9u8, 10, 11, 14, 15, 16]),
            *rng.pick(&[0u8, 30]),
        );
        let place = *rng.pick(&PLACES);
        let officer = *rng.pick(&OFFICERS);
        let label = app::ssr::pathway::when_label(time);
        p.events.push((
            booked,
            "appointment_planned",
            format!("Rendez-vous d'orientation prévu le {label}"),
            format!("Lieu : {place}. Avec : {officer}."),
        ));
        p.status = "appointment_planned";
        p.status_since = booked;
        if when > today {
            p.appointments
                .push((0, "orientation", time, place, officer, "planned"));
            return;
        }
        let roll = rng.range(0, 99);
        let outcome = if attempts > 2 || roll < 82 {
            "held"
        } else if roll < 94 {
            "missed"
        } else {
            "excused"
        };
        p.appointments
            .push((0, "orientation", time, place, officer, outcome));
        let word = match outcome {
            "held" => "honoré",
            "missed" => "manqué",
            _ => "excusé",
        };
        p.events.push((
            when,
            "appointment_outcome",
            format!("Rendez-vous d'orientation du {label} : {word}"),
            String::new(),
        ));
        day = when;
        match outcome {
            "held" => {
                p.status = "interview_held";
                p.status_since = when;
                break;
            }
            "missed" => {
                p.status = "appointment_missed";
                p.status_since = when;
                day = when.add_days(rng.range(2, 10));
                if !step(day) {
                    return;
                }
                p.events.push((
                    day,
                    "invited",
                    "Nouvelle invitation au rendez-vous d'orientation".into(),
                    String::new(),
                ));
                p.status = "invited";
                p.status_since = day;
            }
            _ => {
                p.status = "invited";
                p.status_since = when;
            }
        }
    }

    // The decision, usually taken at the interview.
    let decided = if rng.chance(85) {
        day
    } else {
        day.add_days(rng.range(1, 7))
    };
    if !step(decided) {
        return;
    }
    let roll = rng.range(0, 99);
    let (orientation, org) = if roll < 45 {
        (
            "professionnel",
            if age < 26 {
                "mission_locale"
            } else if rng.chance(6) {
                "cap_emploi"
            } else {
                "france_travail"
            },
        )
    } else if roll < 80 {
        (
            "socio_professionnel",
            *rng.pick(&[
                "departement",
                "departement",
                "ccas",
                "plie",
                "france_travail",
            ]),
        )
    } else {
        (
            "social",
            *rng.pick(&["departement", "departement", "departement", "ccas"]),
        )
    };
    let referent = format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES));
    p.oriented_on = Some(decided);
    p.orientation = Some(orientation);
    p.referent_org = Some(org);
    p.referent_contact = Some(format!(
        "02 35 {:02} {:02} {:02}",
        rng.range(10, 99),
        rng.range(10, 99),
        rng.range(10, 99)
    ));
    p.referent_name = Some(referent);
    let orient_label = passerelle::pathway::Orientation::from_code(orientation)
        .map(|o| o.label_fr())
        .unwrap_or("");
    let org_label = passerelle::pathway::ReferentOrganisation::from_code(org)
        .map(|o| o.label_fr())
        .unwrap_or("");
    p.events.push((
        decided,
        "oriented",
        format!("Orientation décidée : {orient_label} — référent : {org_label}"),
        String::new(),
    ));
    p.status = "oriented";
    p.status_since = decided;

    // The contrat d'engagement, then actions, a return to work, an exit.
    let signed = decided.add_days(rng.range(7, 35));
    if !step(signed) || !rng.chance(88) {
        return;
    }
    let hours = if orientation == "social" {
        rng.range(0, 10)
    } else {
        15
    };
    p.contract_signed_on = Some(signed);
    p.contract_review_on = Some(signed.add_days(rng.range(90, 180)));
    p.contract_hours = Some(hours);
    p.events.push((
        signed,
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed.label_fr()),
        format!("{hours} heures d'activité par semaine."),
    ));
    p.status = "contract_signed";
    p.status_since = signed;
    if rng.chance(40) {
        let start = signed.add_days(rng.range(10, 60));
        if step(start) {
            let (kind, what) = *rng.pick(&[
                ("Formation", "Remise à niveau en français et calcul"),
                (
                    "Immersion en entreprise",
                    "Découverte du métier d'aide à domicile",
                ),
                ("Accompagnement", "Atelier CV et entretien d'embauche"),
                (
                    "Formation",
                    "Titre professionnel d'assistant de vie aux familles",
                ),
            ]);
            p.events.push((
                start,
                "action",
                format!("{kind} : {what}"),
                format!("À partir du {}.", start.label_fr()),
            ));
        }
    }
    if orientation != "social" && rng.chance(if new_entrant { 18 } else { 30 }) {
        let start = signed.add_days(rng.range(30, 270));
        if step(start) {
            let sector = *rng.pick(&[
                "ehpad", "saad", "autre", "autre", "autre", "autre", "autre", "autre",
            ]);
            let employer = match sector {
                "ehpad" => format!(
                    "EHPAD Les {}",
                    rng.pick(&["Tilleuls", "Glycines", "Charmilles", "Peupliers"])
                ),
                "saad" => format!(
                    "{} Aide à domicile",
                    rng.pick(&["ADMR", "Vivre chez soi", "Présence", "Domicile Plus"])
                ),
                _ => format!(
                    "{} {}",
                    rng.pick(&[
                        "Boulangerie",
                        "Entrepôt",
                        "Supermarché",
                        "Mairie de",
                        "Garage"
                    ]),
                    rng.pick(&LAST_NAMES)
                ),
            };
            let in_scheme =
                scheme.sector(sector).is_some() && scheme.job_start_window.contains(start.month());
            let (months, bonus) = if in_scheme {
                (
                    i64::from(scheme.neutralised_months),
                    scheme.bonus_amount.get(),
                )
            } else {
                (0, 0)
            };
            let salary = rng.range(700, 1500) * 100;
            let contract = *rng.pick(&["cdi", "cdd", "cdd", "interim"]);
            let detail = if in_scheme {
                format!(
                    "Dispositif « {} » : le RSA est gardé en plus du salaire pendant {} mois, et une prime de {} est prévue.",
                    scheme.name_fr,
                    scheme.neutralised_months,
                    scheme.bonus_amount.format_eur()
                )
            } else {
                String::new()
            };
            let sector_label = scheme
                .sector(sector)
                .map(|s| s.label_fr.clone())
                .unwrap_or_else(|| "Autre secteur".into());
            p.events.push((
                start,
                "return_to_work",
                format!(
                    "Reprise d'emploi le {} : {employer} ({sector_label})",
                    start.label_fr()
                ),
                detail,
            ));
            let paid = in_scheme && start.add_days(35) <= today;
            if paid {
                p.events.push((
                    start.add_days(35),
                    "bonus_paid",
                    format!(
                        "Prime de reprise d'emploi de {} versée le {}",
                        passerelle::Cents(bonus).format_eur(),
                        start.add_days(35).label_fr()
                    ),
                    String::new(),
                ));
            }
            p.employment = Some(Job {
                employer,
                sector,
                start,
                contract: Some(contract),
                hours: Some(rng.range(18, 35)),
                salary,
                bonus,
                paid,
            });
            p.status = "employed";
            p.status_since = start;
            let _ = months;
        }
    }
    if rng.chance(if new_entrant { 6 } else { 22 }) {
        let out = p.status_since.add_days(rng.range(60, 400));
        if step(out) {
            let reason = *rng.pick(&[
                "Fin de droits au RSA",
                "Déménagement hors du département",
                "Emploi durable",
                "Ressources au-dessus du plafond",
            ]);
            p.events
                .push((out, "exit", "Fin de l'accompagnement".into(), reason.into()));
            p.status = "exited";
            p.status_since = out;
            p.exit_reason = Some(reason);
        }
    }
}

fn household(rng: &mut Rng, age: i32) -> serde_json::Value {
    let couple = rng.chance(22);
    let (under3, older) = match rng.range(0, 99) {
        0..=44 => (0, 0),
        45..=64 => (0, 1),
        65..=79 => (i64::from(age < 40 && rng.chance(50)), 1),
        80..=91 => (0, 2),
        _ => (i64::from(age < 40 && rng.chance(40)), 3),
    };
    let housing = *rng.pick(&[
        "locataire",
        "locataire",
        "locataire",
        "heberge",
        "proprietaire_emprunt",
    ]);
    let aid = if housing == "locataire" && rng.chance(70) {
        rng.range(150, 420) * 100
    } else {
        0
    };
    json!({
        "couple": couple,
        "partner_age": if couple { Some(age + rng.range(-5, 5) as i32) } else { None },
        "children_under_3": under3,
        "children_3_to_24": older,
        "housing": housing,
        "housing_aid_cents": aid,
    })
}

/// Generates the people (not yet written).
fn generate(opts: &DemoOptions) -> Vec<Person> {
    let mut rng = Rng(opts.seed);
    let first_month = opts.today.month().add_months(-(opts.months as i32 - 1));
    // New entrants: 220–250 a month at full scale, scaled down for smaller sets.
    let full_scale_new = 235 * opts.months as usize;
    let new_share = if opts.beneficiaries >= 14_000 {
        full_scale_new as f64 / 14_000.0
    } else {
        0.45
    };
    let new_total = ((opts.beneficiaries as f64) * new_share).round() as usize;
    let per_month = new_total as f64 / opts.months as f64;
    let mut people = Vec::with_capacity(opts.beneficiaries);
    for i in 0..opts.beneficiaries {
        let new_entrant = i < new_total;
        let entry = if new_entrant {
            let m = ((i as f64 / per_month) as i32).min(opts.months as i32 - 1);
            let month = first_month.add_months(m);
            let last_day = month.next().first_day().add_days(-1).day();
            let day = rng.range(1, i64::from(last_day)) as u8;
            let d = Date::new(month.year(), month.month(), day).unwrap_or(month.first_day());
            if d > opts.today { opts.today } else { d }
        } else {
            first_month.first_day().add_days(-rng.range(30, 6 * 365))
        };
        let age_at_entry = match rng.range(0, 99) {
            0..=7 => rng.range(18, 24),
            8..=59 => rng.range(25, 39),
            60..=89 => rng.range(40, 54),
            _ => rng.range(55, 64),
        } as i32;
        let birth = entry.add_years(-age_at_entry).add_days(-rng.range(0, 364));
        let first = rng.pick(&FIRST_NAMES).to_string();
        let last = rng.pick(&LAST_NAMES).to_string();
        let phone = rng.chance(92).then(|| {
            format!(
                "0{} {:02} {:02} {:02} {:02}",
                rng.pick(&[6, 7]),
                rng.range(0, 99),
                rng.range(0, 99),
                rng.range(0, 99),
                rng.range(0, 99)
            )
        });
        let email = rng.chance(55).then(|| {
            format!(
                "{}.{}{}@example.org",
                crate::demo::ascii(&first),
                crate::demo::ascii(&last),
                rng.range(1, 99)
            )
        });
        let unit = opts.units[i % opts.units.len()].clone();
        let mut p = Person {
            file_number: format!("{:07}", 2_000_000 + i),
            household: household(&mut rng, age_at_entry),
            first_name: first,
            last_name: last,
            birth_date: birth,
            phone,
            email,
            commune: COMMUNES[rng.range(0, COMMUNES.len() as i64 - 1) as usize],
            unit,
            entry,
            status: "entered",
            status_since: entry,
            oriented_on: None,
            orientation: None,
            referent_org: None,
            referent_name: None,
            referent_contact: None,
            contract_signed_on: None,
            contract_review_on: None,
            contract_hours: None,
            exit_reason: None,
            appointments: Vec::new(),
            events: Vec::new(),
            employment: None,
            question: None,
        };
        simulate_pathway(&mut rng, &mut p, opts.today, new_entrant);
        if p.status != "exited" && rng.chance(3) {
            let when = at(opts.today.add_days(-rng.range(0, 6)), 10, 0);
            p.question = Some((
                (*rng.pick(&[
                    "Bonjour, je voudrais savoir quand aura lieu mon rendez-vous.",
                    "Est-ce que je garde le RSA si je commence un CDD le mois prochain ?",
                    "Je n'ai pas reçu de nouvelles de mon référent, que dois-je faire ?",
                    "Puis-je venir avec mes enfants au rendez-vous ?",
                ]))
                .to_string(),
                when,
            ));
        }
        people.push(p);
    }
    // The demo beneficiaries: fixed people in telling situations (the browser tests use them).
    for (slot, person) in people.iter_mut().zip(fixed_people(opts)) {
        *slot = person;
    }
    people
}

#[allow(clippy::too_many_arguments)] // a constructor of fixed demo people, called four times
fn blank(
    file: &str,
    first: &str,
    last: &str,
    birth: Date,
    phone: Option<&str>,
    email: Option<&str>,
    unit: &str,
    entry: Date,
) -> Person {
    Person {
        file_number: file.into(),
        first_name: first.into(),
        last_name: last.into(),
        birth_date: birth,
        phone: phone.map(Into::into),
        email: email.map(Into::into),
        commune: "Elbeuf",
        unit: unit.into(),
        entry,
        household: json!({"couple": false, "children_under_3": 0, "children_3_to_24": 0, "housing": "locataire", "housing_aid_cents": 0}),
        status: "entered",
        status_since: entry,
        oriented_on: None,
        orientation: None,
        referent_org: None,
        referent_name: None,
        referent_contact: None,
        contract_signed_on: None,
        contract_review_on: None,
        contract_hours: None,
        exit_reason: None,
        appointments: Vec::new(),
        events: vec![(
            entry,
            "entered",
            "Entrée au RSA : votre dossier est ouvert".into(),
            String::new(),
        )],
        employment: None,
        question: None,
    }
}

/// Camille: a new entrant with an orientation appointment in 6 days (the one printed at start).
/// Léo: oriented towards France Travail, contract signed, reachable by e-mail only.
/// Nadia: back at work in an EHPAD in March 2021, under the scheme, bonus paid.
/// Hugo: 25, oriented towards the mission locale, no contract yet.
fn fixed_people(opts: &DemoOptions) -> Vec<Person> {
    let today = opts.today;
    let unit = opts.units[0].as_str();

    let entry = today.add_days(-12);
    let mut camille = blank(
        DEMO_FILE_NUMBER,
        "Camille",
        "Martin",
        DEMO_BIRTH_DATE,
        Some("06 12 34 56 78"),
        Some("camille.martin@example.org"),
        unit,
        entry,
    );
    camille.household = json!({"couple": false, "children_under_3": 1, "children_3_to_24": 1, "housing": "locataire", "housing_aid_cents": 32000});
    let when = at(today.add_days(6), 14, 30);
    let label = app::ssr::pathway::when_label(when);
    camille.events.push((
        entry.add_days(3),
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
    ));
    camille.events.push((
        entry.add_days(5),
        "appointment_planned",
        format!("Rendez-vous d'orientation prévu le {label}"),
        format!("Lieu : {}. Avec : Karim Orientation.", PLACES[0]),
    ));
    camille.appointments = vec![(
        0,
        "orientation",
        when,
        PLACES[0],
        "Karim Orientation",
        "planned",
    )];
    camille.status = "appointment_planned";
    camille.status_since = entry.add_days(5);

    let entry = today.add_days(-95);
    let mut leo = blank(
        "7654321",
        "Léo",
        "Durand",
        Date::ymd(1990, 7, 2),
        None,
        Some("leo.durand@example.org"),
        unit,
        entry,
    );
    let seen = entry.add_days(21);
    let signed = seen.add_days(14);
    leo.events.push((
        entry.add_days(4),
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
    ));
    leo.events.push((
        seen,
        "oriented",
        "Orientation décidée : Parcours professionnel (vers l'emploi) — référent : France Travail"
            .into(),
        String::new(),
    ));
    leo.events.push((
        signed,
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed.label_fr()),
        "15 heures d'activité par semaine.".into(),
    ));
    leo.appointments = vec![(
        0,
        "orientation",
        at(seen, 10, 0),
        PLACES[1],
        "Karim Orientation",
        "held",
    )];
    leo.status = "contract_signed";
    leo.status_since = signed;
    leo.oriented_on = Some(seen);
    leo.orientation = Some("professionnel");
    leo.referent_org = Some("france_travail");
    leo.referent_name = Some("Sophie Lemoine".into());
    leo.referent_contact = Some("02 35 12 34 56".into());
    leo.contract_signed_on = Some(signed);
    leo.contract_review_on = Some(signed.add_days(120));
    leo.contract_hours = Some(15);

    let entry = Date::ymd(2020, 10, 5);
    let mut nadia = blank(
        "1122334",
        "Nadia",
        "Benali",
        Date::ymd(1979, 11, 23),
        Some("07 22 33 44 55"),
        None,
        unit,
        entry,
    );
    let start = Date::ymd(2021, 3, 15);
    nadia.events.push((Date::ymd(2020, 11, 2), "oriented", "Orientation décidée : Parcours socio-professionnel (emploi et soutien social) — référent : Services sociaux du Département".into(), String::new()));
    nadia.events.push((start, "return_to_work", format!("Reprise d'emploi le {} : EHPAD Les Tilleuls (EHPAD (maison de retraite médicalisée))", start.label_fr()), "Dispositif « Cumul du RSA et d'un salaire dans le secteur médico-social » : le RSA est gardé en plus du salaire pendant 3 mois, et une prime de 150,00 € est prévue.".into()));
    nadia.events.push((
        Date::ymd(2021, 4, 19),
        "bonus_paid",
        "Prime de reprise d'emploi de 150,00 € versée le 19 avril 2021".into(),
        String::new(),
    ));
    nadia.status = "employed";
    nadia.status_since = start;
    nadia.oriented_on = Some(Date::ymd(2020, 11, 2));
    nadia.orientation = Some("socio_professionnel");
    nadia.referent_org = Some("departement");
    nadia.referent_name = Some("Julien Caron".into());
    nadia.employment = Some(Job {
        employer: "EHPAD Les Tilleuls".into(),
        sector: "ehpad",
        start,
        contract: Some("cdd"),
        hours: Some(28),
        salary: 115_000,
        bonus: 15_000,
        paid: true,
    });
    let entry = today.add_days(-40);
    let mut hugo = blank(
        "5556667",
        "Hugo",
        "Petit",
        Date::ymd(2001, 1, 20),
        Some("06 55 66 67 77"),
        None,
        unit,
        entry,
    );
    let seen = entry.add_days(18);
    hugo.events.push((
        seen,
        "oriented",
        "Orientation décidée : Parcours professionnel (vers l'emploi) — référent : Mission locale"
            .into(),
        String::new(),
    ));
    hugo.status = "oriented";
    hugo.status_since = seen;
    hugo.oriented_on = Some(seen);
    hugo.orientation = Some("professionnel");
    hugo.referent_org = Some("mission_locale");
    vec![camille, leo, nadia, hugo]
}

pub(crate) fn ascii(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' => Some('e'),
            'à' | 'â' => Some('a'),
            'ï' | 'î' => Some('i'),
            'ô' => Some('o'),
            'ç' => Some('c'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Whether the database already holds people (demo data is only loaded into an empty one).
pub async fn is_empty(db: &Db) -> Result<bool, DbError> {
    Ok(db.count_beneficiaries().await? == 0)
}

/// Creates the demo staff accounts that do not exist yet.
pub async fn seed_staff(db: &Db) -> Result<usize, DbError> {
    let mut created = 0;
    for (email, name, role, unit, password) in DEMO_STAFF {
        if db.staff_for_sign_in(email).await?.is_none() {
            let hash = hash_password(password.to_string())
                .await
                .map_err(|_| DbError::UnsupportedUrl)?;
            db.create_staff(email, name, role, unit, &hash).await?;
            created += 1;
        }
    }
    Ok(created)
}

/// Writes the demo data: staff accounts, then people in batches, each batch in one transaction.
pub async fn seed(db: &Db, opts: &DemoOptions) -> Result<DemoSummary, DbError> {
    let mut summary = DemoSummary {
        staff: seed_staff(db).await?,
        ..Default::default()
    };
    if db.authenticate_api_key(DEMO_API_KEY).await?.is_none() {
        db.insert_api_key(
            "France Travail (démonstration)",
            "Clé de démonstration",
            "demo2026",
            &app::ssr::api_keys::key_hash(DEMO_API_KEY),
            &[
                app::ssr::api_keys::SCOPE_READ,
                app::ssr::api_keys::SCOPE_WRITE,
            ],
            None,
            None,
        )
        .await?;
    }
    let officer: i64 = app::with_pool!(db, |pool| sqlx::query_scalar(
        "SELECT staff_id FROM staff_account WHERE role = 'charge_orientation' ORDER BY staff_id LIMIT 1"
    )
    .fetch_optional(pool)
    .await)?
    .unwrap_or(1);
    let people = generate(opts);
    let now = app::ssr::clock::now();
    for chunk in people.chunks(500) {
        let (appointments, events) = write_chunk(db, chunk, officer, now).await?;
        summary.beneficiaries += chunk.len();
        summary.appointments += appointments;
        summary.events += events;
    }
    Ok(summary)
}

async fn write_chunk(
    db: &Db,
    chunk: &[Person],
    officer: i64,
    now: OffsetDateTime,
) -> Result<(usize, usize), DbError> {
    let mut appointments = 0;
    let mut events = 0;
    app::with_pool!(db, |pool| {
        async {
            let mut tx = pool.begin().await?;
            for p in chunk {
                let search_key = app::text::search_key(&format!("{} {} {}", p.last_name, p.first_name, p.file_number));
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO beneficiary (file_number, first_name, last_name, search_key, birth_date, phone, email, commune, \
                     unit_code, rsa_opened_on, household, created_at, updated_at, status, status_since, oriented_on, orientation, \
                     referent_org, referent_name, referent_contact, contract_signed_on, contract_review_on, contract_weekly_hours, \
                     exit_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15, $16, $17, $18, $19, \
                     $20, $21, $22, $23) RETURNING beneficiary_id",
                )
                .bind(&p.file_number)
                .bind(&p.first_name)
                .bind(&p.last_name)
                .bind(&search_key)
                .bind(to_time_date(p.birth_date))
                .bind(&p.phone)
                .bind(&p.email)
                .bind(p.commune)
                .bind(&p.unit)
                .bind(to_time_date(p.entry))
                .bind(p.household.to_string())
                .bind(now)
                .bind(p.status)
                .bind(to_time_date(p.status_since))
                .bind(p.oriented_on.map(to_time_date))
                .bind(p.orientation)
                .bind(p.referent_org)
                .bind(&p.referent_name)
                .bind(&p.referent_contact)
                .bind(p.contract_signed_on.map(to_time_date))
                .bind(p.contract_review_on.map(to_time_date))
                .bind(p.contract_hours)
                .bind(p.exit_reason)
                .fetch_one(&mut *tx)
                .await?;
                for (_, purpose, starts_at, place, officer_name, status) in &p.appointments {
                    sqlx::query(
                        "INSERT INTO appointment (beneficiary_id, purpose, starts_at, place, officer_name, status, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
                    )
                    .bind(id)
                    .bind(*purpose)
                    .bind(*starts_at)
                    .bind(*place)
                    .bind(*officer_name)
                    .bind(*status)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    appointments += 1;
                }
                for (on, kind, title, detail) in &p.events {
                    sqlx::query(
                        "INSERT INTO pathway_event (beneficiary_id, occurred_on, kind, title, detail, visible_to_beneficiary, \
                         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7)",
                    )
                    .bind(id)
                    .bind(to_time_date(*on))
                    .bind(*kind)
                    .bind(title)
                    .bind(detail)
                    .bind((*kind != "entered").then_some(officer))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    events += 1;
                }
                if let Some(Job { employer, sector, start, contract, hours, salary, bonus, paid }) = &p.employment {
                    let scheme = (*bonus > 0).then(SchemeDefinition::seine_maritime_2021);
                    sqlx::query(
                        "INSERT INTO employment (beneficiary_id, employer, sector, start_on, contract, hours_per_week, net_monthly_cents, \
                         scheme_code, scheme_version, scheme_months, bonus_cents, bonus_paid_on, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    )
                    .bind(id)
                    .bind(employer)
                    .bind(*sector)
                    .bind(to_time_date(*start))
                    .bind(*contract)
                    .bind(*hours)
                    .bind(*salary)
                    .bind(scheme.as_ref().map(|s| s.code.clone()))
                    .bind(scheme.as_ref().map(|s| i64::from(s.version)))
                    .bind(scheme.as_ref().map(|s| i64::from(s.neutralised_months)).unwrap_or(0))
                    .bind(*bonus)
                    .bind(paid.then(|| to_time_date(start.add_days(35))))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                if let Some((body, when)) = &p.question {
                    sqlx::query("INSERT INTO inbox_message (beneficiary_id, kind, body, created_at) VALUES ($1, 'question', $2, $3)")
                        .bind(id)
                        .bind(body)
                        .bind(*when)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            tx.commit().await?;
            Ok::<_, sqlx::Error>(())
        }
        .await
    })?;
    Ok((appointments, events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_options_give_the_same_people() {
        let opts = DemoOptions {
            beneficiaries: 300,
            ..DemoOptions::small(Date::ymd(2026, 11, 27))
        };
        let a = generate(&opts);
        let b = generate(&opts);
        assert_eq!(a.len(), 300);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(
                (&x.file_number, &x.last_name, x.entry, x.status),
                (&y.file_number, &y.last_name, y.entry, y.status)
            );
        }
        assert_eq!(a[0].file_number, DEMO_FILE_NUMBER);
    }

    #[test]
    fn full_scale_has_220_to_250_new_entrants_a_month() {
        let today = Date::ymd(2026, 11, 27);
        let opts = DemoOptions {
            beneficiaries: 14_000,
            months: 24,
            units: vec!["BDS".into()],
            seed: 1,
            today,
        };
        let people = generate(&opts);
        let first = today.month().add_months(-23);
        for m in 0..24 {
            let month = first.add_months(m);
            let n = people.iter().filter(|p| p.entry.month() == month).count();
            // The demo beneficiary's month may hold one more; the current month is partial in
            // reality but generated whole here.
            assert!((220..=251).contains(&n), "{month}: {n}");
        }
        // Every status appears.
        for s in passerelle::pathway::PathwayStatus::ALL {
            assert!(people.iter().any(|p| p.status == s.code()), "{s:?}");
        }
    }
}
