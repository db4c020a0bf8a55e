//! The demo people: names, places, households, and the fixed people the browser tests use.
use passerelle::Date;
use passerelle::pathway::{AppointmentStatus, PathwayStatus, Transition};
use serde_json::json;
use time::OffsetDateTime;

use super::pathway::{at, simulate_pathway};
use super::{DEMO_BIRTH_DATE, DEMO_FILE_NUMBER, DemoOptions};

/// SplitMix64: tiny, fast, and the same everywhere.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub(super) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    /// True with probability `p` percent.
    pub(super) fn chance(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

pub(super) const FIRST_NAMES: [&str; 60] = [
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

pub(super) const LAST_NAMES: [&str; 80] = [
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

pub(super) const PLACES: [&str; 3] = [
    "Centre médico-social, 10 rue de la République, Elbeuf",
    "Maison du Département, 2 place de l'Hôtel de Ville, Saint-Étienne-du-Rouvray",
    "Agence France Travail, rue Jean Jaurès, Sotteville-lès-Rouen",
];

pub(super) const OFFICERS: [&str; 4] = [
    "Karim Orientation",
    "Sophie Lemoine",
    "Julien Caron",
    "Nadia Benali",
];

/// A return to work: employer, sector, start, contract, weekly hours, net salary (cents), bonus
/// (cents), bonus paid.
pub(super) struct Job {
    pub(super) employer: String,
    pub(super) sector: &'static str,
    pub(super) start: Date,
    pub(super) contract: Option<&'static str>,
    pub(super) hours: Option<i64>,
    pub(super) salary: i64,
    pub(super) bonus: i64,
    pub(super) paid: bool,
}

pub(super) struct Person {
    pub(super) file_number: String,
    pub(super) first_name: String,
    pub(super) last_name: String,
    pub(super) birth_date: Date,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
    pub(super) commune: &'static str,
    pub(super) unit: String,
    pub(super) entry: Date,
    pub(super) household: serde_json::Value,
    pub(super) status: PathwayStatus,
    pub(super) status_since: Date,
    /// Steps the status machine refused (a bug of the generator; the tests check it is empty).
    pub(super) refused: Vec<(PathwayStatus, Transition)>,
    pub(super) oriented_on: Option<Date>,
    pub(super) orientation: Option<&'static str>,
    pub(super) referent_org: Option<&'static str>,
    pub(super) referent_name: Option<String>,
    pub(super) referent_contact: Option<String>,
    pub(super) contract_signed_on: Option<Date>,
    pub(super) contract_review_on: Option<Date>,
    pub(super) contract_hours: Option<i64>,
    pub(super) exit_reason: Option<&'static str>,
    pub(super) appointments: Vec<(
        i64,
        &'static str,
        OffsetDateTime,
        &'static str,
        &'static str,
        &'static str,
    )>,
    /// Date, kind, French title and detail, and the values to word them in other languages.
    pub(super) events: Vec<(Date, &'static str, String, String, serde_json::Value)>,
    pub(super) employment: Option<Job>,
    pub(super) question: Option<(String, OffsetDateTime)>,
    /// The day the département received the CAF's information (the 6-week deadline runs from it).
    pub(super) caf_information_on: Option<Date>,
    /// JSON of the contract's action plan, and what the référent commits to.
    pub(super) contract_plan: Option<String>,
    pub(super) contract_commitments: Option<String>,
    /// A suspension-remobilisation procedure.
    pub(super) procedure: Option<super::obligations::DemoProcedure>,
}

impl Person {
    /// Takes a step of the pathway on `on`, through the core status machine (the same rules as
    /// staff and partners): the demo can only hold pathways the service itself could produce.
    pub(super) fn take(&mut self, transition: Transition, on: Date) {
        match passerelle::pathway::apply(self.status, transition) {
            Ok(to) => {
                self.status = to;
                self.status_since = on;
            }
            Err(_) => self.refused.push((self.status, transition)),
        }
    }

    /// Several steps in a row.
    pub(super) fn walk(&mut self, steps: &[(Transition, Date)]) {
        for (t, on) in steps {
            self.take(*t, *on);
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
pub(super) fn generate(opts: &DemoOptions) -> Vec<Person> {
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
                ascii(&first),
                ascii(&last),
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
            status: PathwayStatus::Entered,
            status_since: entry,
            refused: Vec::new(),
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
            // The CAF's file reaches the département a few days after the entry.
            caf_information_on: Some(entry.add_days((i % 4) as i64).min(opts.today)),
            contract_plan: None,
            contract_commitments: None,
            procedure: None,
        };
        simulate_pathway(&mut rng, &mut p, opts.today, new_entrant);
        // Plans and procedures draw from generators of their own: the rest of the demo stays the
        // same people it was before they existed.
        if let Some(signed) = p.contract_signed_on {
            let mut plan_rng = Rng(0x91a4_0000 ^ i as u64);
            p.contract_plan =
                super::obligations::plan(&mut plan_rng, p.contract_hours.unwrap_or(15), signed);
        }
        super::obligations::maybe_procedure(i, &mut p, opts.today);
        if p.status != PathwayStatus::Exited && rng.chance(3) {
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

#[allow(clippy::too_many_arguments)] // a constructor of the fixed demo people
pub(super) fn blank(
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
        status: PathwayStatus::Entered,
        status_since: entry,
        refused: Vec::new(),
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
            json!({}),
        )],
        employment: None,
        question: None,
        caf_information_on: Some(entry),
        contract_plan: None,
        contract_commitments: None,
        procedure: None,
    }
}

/// A new entrant invited 3 days after `entry`, then booked 2 days later for an orientation
/// interview `when` with Karim Orientation (still "planned": its outcome is not recorded).
fn planned_interview(p: &mut Person, entry: Date, when: OffsetDateTime) {
    let label = app::ssr::pathway::when_label(when);
    p.events.push((
        entry.add_days(3),
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
        json!({}),
    ));
    p.events.push((
        entry.add_days(5),
        "appointment_planned",
        format!("Rendez-vous d'orientation prévu le {label}"),
        format!("Lieu : {}. Avec : Karim Orientation.", PLACES[0]),
        json!({ "purpose": "orientation", "starts_at": when.unix_timestamp(), "place": PLACES[0], "officer": "Karim Orientation" }),
    ));
    p.appointments = vec![(
        0,
        "orientation",
        when,
        PLACES[0],
        "Karim Orientation",
        "planned",
    )];
    p.walk(&[
        (Transition::Invite, entry.add_days(3)),
        (Transition::ScheduleAppointment, entry.add_days(5)),
    ]);
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
    planned_interview(
        &mut camille,
        entry,
        at(super::pathway::working_day(today.add_days(6)), 14, 30),
    );

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
        json!({}),
    ));
    leo.events.push((
        seen,
        "oriented",
        "Orientation décidée : Parcours professionnel (vers l'emploi) — référent : France Travail"
            .into(),
        String::new(),
        json!({ "orientation": "professionnel", "organisation": "france_travail" }),
    ));
    leo.events.push((
        signed,
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed.label_fr()),
        "15 heures d'activité par semaine.".into(),
        json!({ "signed_on": signed.to_string(), "weekly_hours": 15 }),
    ));
    leo.appointments = vec![(
        0,
        "orientation",
        at(seen, 10, 0),
        PLACES[1],
        "Karim Orientation",
        "held",
    )];
    leo.walk(&[
        (Transition::Invite, entry.add_days(4)),
        (Transition::ScheduleAppointment, entry.add_days(6)),
        (
            Transition::AppointmentOutcome(AppointmentStatus::Held),
            seen,
        ),
        (Transition::DecideOrientation, seen),
        (Transition::SignContract, signed),
    ]);
    leo.oriented_on = Some(seen);
    leo.orientation = Some("professionnel");
    leo.referent_org = Some("france_travail");
    leo.referent_name = Some("Sophie Lemoine".into());
    leo.referent_contact = Some("02 35 12 34 56".into());
    leo.contract_signed_on = Some(signed);
    leo.contract_review_on = Some(signed.add_days(120));
    leo.contract_hours = Some(15);

    // Back at work in an EHPAD in March 2021, under the scheme, bonus paid: Nadia, and Samira
    // whom only the languages browser test signs in (one code a minute per person).
    let back_at_work = |file: &str, first: &str, last: &str, born: Date, phone: &str| {
        let entry = Date::ymd(2020, 10, 5);
        let mut p = blank(file, first, last, born, Some(phone), None, unit, entry);
        let start = Date::ymd(2021, 3, 15);
        p.events.push((Date::ymd(2020, 11, 2), "oriented", "Orientation décidée : Parcours socio-professionnel (emploi et soutien social) — référent : Services sociaux du Département".into(), String::new(), json!({ "orientation": "socio_professionnel", "organisation": "departement" })));
        p.events.push((start, "return_to_work", format!("Reprise d'emploi le {} : EHPAD Les Tilleuls (EHPAD (maison de retraite médicalisée))", start.label_fr()), "Dispositif « Cumul du RSA et d'un salaire dans le secteur médico-social » : le RSA est gardé en plus du salaire pendant 3 mois, et une prime de 150,00 € est prévue.".into(), json!({ "start_on": start.to_string(), "employer": "EHPAD Les Tilleuls", "sector": "ehpad", "sector_fr": "EHPAD (maison de retraite médicalisée)", "scheme_months": 3, "bonus_cents": 15000 })));
        p.events.push((
            Date::ymd(2021, 4, 19),
            "bonus_paid",
            "Prime de reprise d'emploi de 150,00 € versée le 19 avril 2021".into(),
            String::new(),
            json!({ "bonus_cents": 15000, "paid_on": "2021-04-19" }),
        ));
        let seen = Date::ymd(2020, 11, 2);
        p.walk(&[
            (Transition::Invite, entry.add_days(3)),
            (Transition::ScheduleAppointment, entry.add_days(6)),
            (
                Transition::AppointmentOutcome(AppointmentStatus::Held),
                seen,
            ),
            (Transition::DecideOrientation, seen),
            (Transition::ReturnToWork, start),
        ]);
        p.oriented_on = Some(Date::ymd(2020, 11, 2));
        p.orientation = Some("socio_professionnel");
        p.referent_org = Some("departement");
        p.referent_name = Some("Julien Caron".into());
        p.employment = Some(Job {
            employer: "EHPAD Les Tilleuls".into(),
            sector: "ehpad",
            start,
            contract: Some("cdd"),
            hours: Some(28),
            salary: 115_000,
            bonus: 15_000,
            paid: true,
        });
        p
    };
    let nadia = back_at_work(
        "1122334",
        "Nadia",
        "Benali",
        Date::ymd(1979, 11, 23),
        "07 22 33 44 55",
    );
    let samira = back_at_work(
        "6677889",
        "Samira",
        "Haddad",
        Date::ymd(1983, 6, 2),
        "07 66 77 88 99",
    );
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
        json!({ "orientation": "professionnel", "organisation": "mission_locale" }),
    ));
    hugo.walk(&[
        (Transition::Invite, entry.add_days(3)),
        (Transition::ScheduleAppointment, entry.add_days(5)),
        (
            Transition::AppointmentOutcome(AppointmentStatus::Held),
            seen,
        ),
        (Transition::DecideOrientation, seen),
    ]);
    hugo.oriented_on = Some(seen);
    hugo.orientation = Some("professionnel");
    hugo.referent_org = Some("mission_locale");

    // Inès and Yanis: new entrants, invited; the privacy browser tests sign them in (each person
    // may ask for one code a minute, so tests do not share people).
    let entry = today.add_days(-9);
    let mut ines = blank(
        "3344556",
        "Inès",
        "Moreau",
        Date::ymd(1988, 4, 12),
        None,
        Some("ines.moreau@example.org"),
        unit,
        entry,
    );
    let mut yanis = blank(
        "4455667",
        "Yanis",
        "Haddad",
        Date::ymd(1995, 9, 30),
        Some("06 44 55 66 77"),
        None,
        unit,
        entry,
    );
    for p in [&mut ines, &mut yanis] {
        p.events.push((
            entry.add_days(2),
            "invited",
            "Invitation au rendez-vous d'orientation envoyée".into(),
            String::new(),
            json!({}),
        ));
        p.take(Transition::Invite, entry.add_days(2));
    }
    // Théo: his orientation interview took place on the last working day and its outcome is
    // still to record (staff record "honoré" only once an appointment has started; the browser
    // tests record it, then the decision).
    let entry = today.add_days(-20);
    let mut theo = blank(
        "5566778",
        "Théo",
        "Lefèvre",
        Date::ymd(1993, 10, 5),
        Some("06 66 77 88 99"),
        None,
        unit,
        entry,
    );
    let mut held_on = today.add_days(-1);
    while held_on.days_from_monday() >= 5 {
        held_on = held_on.add_days(-1);
    }
    planned_interview(&mut theo, entry, at(held_on, 10, 0));

    let mut people = vec![camille, leo, nadia, hugo, ines, yanis, samira, theo];
    people.extend(super::obligations::fixed(opts));
    people
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
