//! Deterministic demonstration data at the scale of the territorial unit "Boucles de Seine":
//! new entrants every month (220–250 at full scale) with realistic steps and delays, older
//! beneficiaries already accompanied, and the staff accounts of the unit.
//!
//! The same options always give the same data (a seeded SplitMix64 generator, no clock except the
//! `today` given), so figures and screenshots can be reproduced. Everything here is fictitious.
//!
//! - [`people`]: who the demo people are (names, households, the fixed people the browser
//!   tests use) and the generator;
//! - [`pathway`]: each person's steps, walked through the core status machine;
//! - [`obligations`]: action plans and suspension procedures (Sofia, Karim, Lucie and others),
//!   walked through the core's procedure machine.
mod obligations;
mod pathway;
mod people;

use app::ssr::{Db, DbError, auth::hash_password, to_time_date};
use passerelle::access::Role;
use passerelle::{Date, SchemeDefinition};
use time::OffsetDateTime;

use people::{Job, Person, generate};

/// Demo sign-ins, printed at start.
pub const DEMO_FILE_NUMBER: &str = "1234567";
pub const DEMO_BIRTH_DATE: Date = Date::ymd(1985, 3, 15);

/// The demo people of the 2025 law's obligations (README table), printed at start: first and
/// last name, file number, birth date, phone, what their page shows.
pub const OBLIGATIONS_PEOPLE: [(&str, &str, &str, Date, &str, &str); 3] = [
    (
        "Sofia",
        "Lambert",
        "2233445",
        Date::ymd(1991, 5, 14),
        "06 23 34 45 56",
        "ses engagements (un plan de 15 heures)",
    ),
    (
        "Karim",
        "Saïdi",
        "8899001",
        Date::ymd(1987, 9, 9),
        "06 88 99 00 11",
        "un courrier de sanction qui attend sa réponse",
    ),
    (
        "Lucie",
        "Roux",
        "9900112",
        Date::ymd(1984, 2, 28),
        "07 99 00 11 22",
        "une suspension en cours et comment la lever",
    ),
];
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

/// Why the server refuses to start with demo data or demo accounts.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DemoRefused {
    #[error(
        "DEMO_DATA=true est refusé en production : les données de démonstration ne vont jamais en production"
    )]
    DemoDataInProduction,
    #[error(
        "la base contient des comptes ou la clé d'API de démonstration : le service ne démarre pas en production avec eux. Supprimez-les (ou utilisez une base neuve)"
    )]
    DemoAccountsInProduction,
}

/// Whether the demo staff accounts or the demo partner key are in this database.
pub async fn present(db: &Db) -> Result<bool, DbError> {
    for (email, ..) in DEMO_STAFF {
        if db.staff_for_sign_in(email).await?.is_some() {
            return Ok(true);
        }
    }
    Ok(db.authenticate_api_key(DEMO_API_KEY).await?.is_some())
}

/// In production (the default, unless `PASSERELLE_ENV=development`), no demo data is loaded and
/// the server does not start while demo accounts or the demo key exist: their passwords are in
/// the README.
pub async fn guard(
    db: &Db,
    production: bool,
    demo_data: bool,
) -> Result<(), Box<dyn std::error::Error>> {
    if !production {
        return Ok(());
    }
    if demo_data {
        return Err(DemoRefused::DemoDataInProduction.into());
    }
    if present(db).await? {
        return Err(DemoRefused::DemoAccountsInProduction.into());
    }
    Ok(())
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
                app::ssr::api_keys::SCOPE_SANCTIONS,
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
    search_index_in_bulk(db, true).await?;
    let written = async {
        for chunk in people.chunks(500) {
            let (appointments, events) = write_chunk(db, chunk, officer, now).await?;
            summary.beneficiaries += chunk.len();
            summary.appointments += appointments;
            summary.events += events;
        }
        Ok::<_, DbError>(())
    }
    .await;
    search_index_in_bulk(db, false).await?;
    written?;
    // Thousands of rows at once: refresh the planner's statistics, as after an import, so that
    // searches use their index from the first request.
    db.refresh_statistics().await?;
    Ok(summary)
}

/// PostgreSQL's trigram search index takes each new person at once (no pending list, migration
/// 0008), right for people arriving by the hundred but slow for thousands in a row (the demo at
/// 14 000 people took 64 s instead of 11 s). During a bulk load (`on`), new entries queue in the
/// pending list; at the end they are merged into the index in one pass and the index goes back to
/// taking entries at once. Nothing to do on SQLite, or where pg_trgm is not installed.
async fn search_index_in_bulk(db: &Db, on: bool) -> Result<(), DbError> {
    let Db::Postgres(pool) = db else {
        return Ok(());
    };
    let sql = if on {
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'beneficiary_search_trgm_idx') THEN \
         ALTER INDEX beneficiary_search_trgm_idx SET (fastupdate = on); END IF; END $$"
    } else {
        "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'beneficiary_search_trgm_idx') THEN \
         PERFORM gin_clean_pending_list('beneficiary_search_trgm_idx'::regclass); \
         ALTER INDEX beneficiary_search_trgm_idx SET (fastupdate = off); END IF; END $$"
    };
    sqlx::query(sql).execute(pool).await?;
    Ok(())
}

/// Noon (Paris) of a day of the demo's past, as the time it was recorded; never after now.
fn past(day: Date) -> OffsetDateTime {
    pathway::at(day, 12, 0).min(app::ssr::clock::now())
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
                     exit_reason, caf_information_on, contract_plan, contract_commitments) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $24, $13, $14, $15, $16, $17, $18, $19, \
                     $20, $21, $22, $23, $25, $26, $27) RETURNING beneficiary_id",
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
                .bind(past(p.entry))
                .bind(p.status.code())
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
                // The file last changed with its last step: the retention purge reads that.
                .bind(past(p.events.iter().map(|e| e.0).max().unwrap_or(p.status_since)))
                .bind(p.caf_information_on.map(to_time_date))
                .bind(&p.contract_plan)
                .bind(&p.contract_commitments)
                .fetch_one(&mut *tx)
                .await?;
                if let Some(d) = &p.procedure {
                    let stage = d.stage.unwrap_or(passerelle::obligations::SanctionStage::Reported);
                    sqlx::query(
                        "INSERT INTO sanction_procedure (beneficiary_id, stage, source, breach, facts, breach_on, recurrence, screening, \
                         envisaged_kind, envisaged_rate_ppm, envisaged_months, basis_cents, household_persons, majore, notice_sent_on, \
                         notice_received_on, observations, observations_on, hearing_asked_on, hearing_on, referred_on, decided_kind, \
                         decided_rate_ppm, decided_months, decided_on, starts_on, lift_action, closing_note, closed_on, created_at, updated_at) \
                         VALUES ($1, $2, $30, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
                         $21, $22, $23, $24, $25, $26, $27, $28, $29, $29)",
                    )
                    .bind(id)
                    .bind(stage.code())
                    .bind(d.breach.code())
                    .bind(&d.facts)
                    .bind(to_time_date(d.breach_on))
                    .bind(match d.recurrence {
                        passerelle::obligations::Recurrence::First => "first",
                        passerelle::obligations::Recurrence::Repeated => "repeated",
                    })
                    .bind(&d.screening)
                    .bind(d.envisaged.kind.code())
                    .bind(d.envisaged.rate.0)
                    .bind(i32::from(d.envisaged.months))
                    .bind(d.basis.get())
                    .bind(i32::from(d.household.persons))
                    .bind(d.household.majore)
                    .bind(d.notice_sent_on.map(to_time_date))
                    .bind(d.notice_received_on.map(to_time_date))
                    .bind(&d.observations)
                    .bind(d.observations_on.map(to_time_date))
                    .bind(d.hearing_asked_on.map(to_time_date))
                    .bind(d.hearing_on.map(to_time_date))
                    .bind(d.referred_on.map(to_time_date))
                    .bind(d.decided.map(|s| s.kind.code()))
                    .bind(d.decided.map(|s| s.rate.0))
                    .bind(d.decided.map(|s| i32::from(s.months)))
                    .bind(d.decided_on.map(to_time_date))
                    .bind(d.starts_on.map(to_time_date))
                    .bind(&d.lift_action)
                    .bind(&d.closing_note)
                    .bind(d.closed_on.map(to_time_date))
                    .bind(past(d.created_on))
                    .bind(d.source)
                    .execute(&mut *tx)
                    .await?;
                }
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
                    .bind((*starts_at).min(now))
                    .execute(&mut *tx)
                    .await?;
                    appointments += 1;
                }
                for (on, kind, title, detail, data) in &p.events {
                    sqlx::query(
                        "INSERT INTO pathway_event (beneficiary_id, occurred_on, kind, title, detail, visible_to_beneficiary, \
                         recorded_by, recorded_at, data) VALUES ($1, $2, $3, $4, $5, TRUE, $6, $7, $8)",
                    )
                    .bind(id)
                    .bind(to_time_date(*on))
                    .bind(*kind)
                    .bind(title)
                    .bind(detail)
                    .bind((*kind != "entered").then_some(officer))
                    .bind(past(*on))
                    .bind(data.to_string())
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
                    .bind(past(*start))
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
    use super::people::generate;
    use super::*;
    use passerelle::pathway::PathwayStatus;

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
        // Every status appears, and every step went through the core status machine.
        for s in PathwayStatus::ALL {
            assert!(people.iter().any(|p| p.status == s), "{s:?}");
        }
        for p in &people {
            assert!(p.refused.is_empty(), "{}: {:?}", p.file_number, p.refused);
        }
        // Procedures at every stage a decision-maker's unit holds, each step through the core's
        // machine, and only for people under contract.
        use passerelle::obligations::SanctionStage as S;
        let stages: Vec<S> = people
            .iter()
            .filter_map(|p| p.procedure.as_ref())
            .map(|d| {
                assert!(d.refused.is_empty(), "{:?}", d.refused);
                d.stage.expect("a demo procedure is at least reported")
            })
            .collect();
        for s in S::ALL {
            assert!(stages.contains(&s), "{s:?}");
        }
        assert!(
            people
                .iter()
                .filter(|p| p.procedure.is_some())
                .all(|p| p.status == PathwayStatus::ContractSigned)
        );
        // About one contract in twenty: what the first year of the law showed, not a crowd.
        let under_contract = people
            .iter()
            .filter(|p| p.status == PathwayStatus::ContractSigned)
            .count();
        assert!(
            stages.len() * 100 <= under_contract * 8,
            "{} of {under_contract}",
            stages.len()
        );
    }

    #[test]
    fn sofia_karim_and_lucie_are_where_the_readme_says() {
        use passerelle::obligations::{self, SanctionStage as S};
        let today = Date::ymd(2026, 11, 27);
        let people = generate(&DemoOptions::small(today));
        let find = |file: &str| people.iter().find(|p| p.file_number == file).unwrap();
        let sofia = find("2233445");
        let plan: passerelle::obligations::ActionPlan =
            serde_json::from_str(sofia.contract_plan.as_deref().unwrap()).unwrap();
        assert_eq!((plan.activities.len(), plan.weekly_total()), (3, 15));
        assert!(sofia.procedure.is_none());
        let karim = find("8899001").procedure.as_ref().unwrap();
        assert_eq!(karim.stage, Some(S::NoticeSent));
        assert_eq!(karim.notice_sent_on, Some(today.add_days(-3)));
        assert_eq!(
            karim.notice_received_on.map(obligations::answer_due),
            Some(today.add_days(8))
        );
        assert_eq!(
            (karim.envisaged.rate.0, karim.envisaged.months),
            (300_000, 1)
        );
        let lucie = find("9900112").procedure.as_ref().unwrap();
        assert_eq!(lucie.stage, Some(S::Decided));
        let decided = lucie.decided.unwrap();
        assert_eq!((decided.rate.0, decided.months), (300_000, 2));
        assert!(lucie.lift_action.is_some());
        for p in [find("2233445"), find("8899001"), find("9900112")] {
            assert!(p.refused.is_empty());
            assert_eq!(p.status, PathwayStatus::ContractSigned);
        }
    }
}
