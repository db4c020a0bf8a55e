//! The dashboard's queries. Each fetches only the columns it needs for the period and the unit;
//! the figures are then computed by the pure functions of `passerelle::stats` (so the same code
//! runs on both engines, and the tests check it on hand-computed data).
use passerelle::access::StaffScope;
use passerelle::pathway::{Orientation, PathwayStatus};
use passerelle::stats::{DelayStats, per_month_counted, rate};
use passerelle::{Cents, Month};
use time::OffsetDateTime;

use super::db::{Db, DbError};
use super::{from_time_date, paris, to_time_date};
use crate::dashboard::{
    AppointmentStats, Count, Dashboard, ObligationStats, ReachStats, WorkStats,
};
use crate::error::AppError;
use crate::with_pool;

/// A period (whole months) and a unit (`None`: every unit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub from: Month,
    pub to: Month,
    pub unit: Option<String>,
}

impl Filter {
    /// From the page's query; the unit is forced to the staff member's own unless admin.
    pub fn from_query(
        from: Option<&str>,
        to: Option<&str>,
        unit: Option<&str>,
        scope: &StaffScope,
    ) -> Result<Filter, AppError> {
        let today = crate::clock::today().month();
        let month = |field: &str, v: Option<&str>, default: Month| -> Result<Month, AppError> {
            match v.map(str::trim).filter(|s| !s.is_empty()) {
                None => Ok(default),
                Some(s) => s.parse::<Month>().map_err(|_| {
                    AppError::invalid(
                        field,
                        "Indiquez un mois au format AAAA-MM, par exemple 2026-01.",
                    )
                }),
            }
        };
        let to = month("au", to, today)?;
        let from = month("du", from, to.add_months(-11))?;
        if from > to {
            return Err(AppError::invalid(
                "du",
                "Le premier mois doit précéder le dernier.",
            ));
        }
        if to.months_since(from) > 120 {
            return Err(AppError::invalid(
                "du",
                "Choisissez une période de 10 ans au plus.",
            ));
        }
        let unit = match scope.unit_filter() {
            Some(own) => Some(own.to_string()),
            None => unit
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_string),
        };
        Ok(Filter { from, to, unit })
    }

    fn first_day(&self) -> time::Date {
        to_time_date(self.from.first_day())
    }

    fn last_day(&self) -> time::Date {
        to_time_date(self.to.next().first_day().add_days(-1))
    }

    /// Instants bounding the period (Paris midnight), for timestamps.
    fn instants(&self) -> (OffsetDateTime, OffsetDateTime) {
        (
            super::pathway::paris_to_utc(self.from.first_day(), 0, 0),
            super::pathway::paris_to_utc(self.to.next().first_day(), 0, 0),
        )
    }

    /// The unit condition, always bound (as `$n`) so each query keeps one shape per engine.
    fn unit_sql(&self, column: &str, n: usize) -> String {
        if self.unit.is_some() {
            format!("{column} = ${n}")
        } else {
            format!("(${n} = ${n})")
        }
    }

    fn unit_bind(&self) -> String {
        self.unit.clone().unwrap_or_default()
    }
}

/// One count per code of `all`, zero for the codes no row has.
fn counts_of<E: Copy>(
    rows: &[(String, i64)],
    all: &[E],
    code: fn(E) -> &'static str,
    label: fn(E) -> &'static str,
) -> Vec<Count> {
    all.iter()
        .map(|e| Count {
            code: code(*e).to_string(),
            label: label(*e).to_string(),
            count: rows
                .iter()
                .find(|(c, _)| c == code(*e))
                .map(|(_, n)| *n)
                .unwrap_or(0),
        })
        .collect()
}

impl Db {
    /// Runs a dashboard query whose parameters are the period's first and last days (`$1`, `$2`)
    /// and the unit (`$3`).
    async fn period_rows<T>(&self, sql: &str, f: &Filter) -> Result<Vec<T>, DbError>
    where
        T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow>
            + for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow>
            + Send
            + Unpin,
    {
        Ok(with_pool!(self, |pool| sqlx::query_as::<_, T>(sql)
            .bind(f.first_day())
            .bind(f.last_day())
            .bind(f.unit_bind())
            .fetch_all(pool)
            .await)?)
    }

    /// The whole dashboard.
    pub async fn dashboard(&self, f: &Filter) -> Result<Dashboard, DbError> {
        let unit_label = match &f.unit {
            Some(code) => self.unit_name(code).await?.unwrap_or_else(|| code.clone()),
            None => "Toutes les unités".to_string(),
        };
        // The nine queries are independent: run them at once (several pool connections).
        let (
            entrants,
            interviews,
            decisions,
            orientations,
            statuses,
            appointments,
            work,
            reach,
            obligations,
        ) = tokio::try_join!(
            self.dashboard_entrants(f),
            self.dashboard_interview_delays(f),
            self.dashboard_decision_delays(f),
            self.dashboard_orientations(f),
            self.dashboard_statuses(f),
            self.dashboard_appointments(f),
            self.dashboard_work(f),
            self.dashboard_reach(f),
            self.dashboard_obligations(f),
        )?;
        Ok(Dashboard {
            from: f.from,
            to: f.to,
            unit_code: f.unit.clone(),
            unit_label,
            entrants,
            interview_delay: DelayStats::of_counts(&interviews),
            decision_delay: DelayStats::of_counts(&decisions),
            orientations,
            statuses,
            appointments,
            reach,
            work,
            obligations,
        })
    }

    /// The 2025 law's figures for the period: contracts of the people oriented in it (delay from
    /// the first orientation to the contract, and whether within the month), procedures opened
    /// for a breach of the period by stage, suspensions lifted in it and the days from decision to
    /// lifting.
    pub async fn dashboard_obligations(&self, f: &Filter) -> Result<ObligationStats, DbError> {
        let contracts = format!(
            "SELECT oriented_on, contract_signed_on FROM beneficiary WHERE oriented_on >= $1 AND oriented_on <= $2 \
             AND contract_signed_on IS NOT NULL AND contract_signed_on >= oriented_on AND {}",
            f.unit_sql("unit_code", 3)
        );
        let stages = format!(
            "SELECT s.stage, COUNT(*) FROM sanction_procedure s JOIN beneficiary b ON b.beneficiary_id = s.beneficiary_id \
             WHERE s.breach_on >= $1 AND s.breach_on <= $2 AND {} GROUP BY s.stage",
            f.unit_sql("b.unit_code", 3)
        );
        let lifted = format!(
            "SELECT {} AS days FROM sanction_procedure s JOIN beneficiary b ON b.beneficiary_id = s.beneficiary_id \
             WHERE s.stage = 'lifted' AND s.closed_on >= $1 AND s.closed_on <= $2 AND s.decided_on IS NOT NULL AND {}",
            self.days_between("s.decided_on", "s.closed_on"),
            f.unit_sql("b.unit_code", 3)
        );
        let signed: Vec<(time::Date, time::Date)> = self.period_rows(&contracts, f).await?;
        let stage_rows: Vec<(String, i64)> = self.period_rows(&stages, f).await?;
        let lift_rows: Vec<(i64,)> = self.period_rows(&lifted, f).await?;
        let delays: Vec<i64> = signed
            .iter()
            .map(|(o, c)| from_time_date(*c).days_since(from_time_date(*o)))
            .collect();
        let within = signed
            .iter()
            .filter(|(o, c)| {
                passerelle::obligations::contract_due(&[from_time_date(*o)])
                    .is_some_and(|due| from_time_date(*c) <= due)
            })
            .count();
        let lift_days: Vec<i64> = lift_rows.into_iter().map(|(d,)| d.max(0)).collect();
        Ok(ObligationStats {
            contracts: signed.len() as i64,
            contract_median_days: passerelle::stats::median(&delays),
            contracts_within_month: passerelle::stats::rate(within, signed.len()),
            procedures: counts_of(
                &stage_rows,
                &passerelle::obligations::SanctionStage::ALL,
                passerelle::obligations::SanctionStage::code,
                passerelle::obligations::SanctionStage::staff_label_fr,
            ),
            lifted: lift_days.len() as i64,
            lift_median_days: passerelle::stats::median(&lift_days),
        })
    }

    /// New entrants per month: people whose RSA opened in each month of the period (counted by
    /// the database: one row per month, not one per person).
    pub async fn dashboard_entrants(&self, f: &Filter) -> Result<Vec<(Month, i64)>, DbError> {
        let sql = format!(
            "SELECT {} AS month, COUNT(*) FROM beneficiary WHERE rsa_opened_on >= $1 AND rsa_opened_on <= $2 \
             AND {} GROUP BY month",
            self.month_of("rsa_opened_on"),
            f.unit_sql("unit_code", 3)
        );
        let rows: Vec<(String, i64)> = self.period_rows(&sql, f).await?;
        Ok(per_month_counted(
            rows.into_iter()
                .filter_map(|(m, n)| m.parse::<Month>().ok().map(|m| (m, n))),
            f.from,
            f.to,
        ))
    }

    /// Days from entry to the first orientation interview held (its date in Paris), for people
    /// who entered in the period and had one, as `(days, people)` pairs.
    ///
    /// The database groups by the difference of UTC dates, which is the Paris one for any
    /// interview starting before 22:00 UTC (midnight in Paris in summer); the rare later ones
    /// come back one by one with their instant, and their Paris date is computed here.
    pub async fn dashboard_interview_delays(&self, f: &Filter) -> Result<Vec<(i64, i64)>, DbError> {
        let first = format!(
            "SELECT b.rsa_opened_on AS opened, MIN(a.starts_at) AS first_at FROM beneficiary b JOIN appointment a \
             ON a.beneficiary_id = b.beneficiary_id AND a.purpose = 'orientation' AND a.status = 'held' \
             WHERE b.rsa_opened_on >= $1 AND b.rsa_opened_on <= $2 AND {} GROUP BY b.beneficiary_id, b.rsa_opened_on",
            f.unit_sql("b.unit_code", 3)
        );
        let (utc_date, late) = match self {
            Db::Sqlite(_) => ("date(first_at)", "strftime('%H', first_at) >= '22'"),
            Db::Postgres(_) => (
                "(first_at AT TIME ZONE 'UTC')::date",
                "EXTRACT(HOUR FROM first_at AT TIME ZONE 'UTC') >= 22",
            ),
        };
        let utc_days = self.days_between("opened", utc_date);
        let sql = format!(
            "SELECT {utc_days} AS days, CASE WHEN {late} THEN first_at END AS late_at, \
             CASE WHEN {late} THEN opened END AS late_opened, COUNT(*) FROM ({first}) firsts \
             GROUP BY days, late_at, late_opened"
        );
        let rows: Vec<(i64, Option<OffsetDateTime>, Option<time::Date>, i64)> =
            self.period_rows(&sql, f).await?;
        Ok(rows
            .into_iter()
            .map(|(days, late_at, late_opened, n)| {
                let days = match (late_at, late_opened) {
                    (Some(at), Some(entry)) => {
                        from_time_date(paris(at).date()).days_since(from_time_date(entry))
                    }
                    _ => days,
                };
                (days.max(0), n)
            })
            .collect())
    }

    /// Days from entry to the (first) orientation decision, for people who entered in the period
    /// and were oriented, as `(days, people)` pairs.
    pub async fn dashboard_decision_delays(&self, f: &Filter) -> Result<Vec<(i64, i64)>, DbError> {
        let sql = format!(
            "SELECT {} AS days, COUNT(*) FROM beneficiary WHERE rsa_opened_on >= $1 AND rsa_opened_on <= $2 \
             AND oriented_on IS NOT NULL AND {} GROUP BY days",
            self.days_between("rsa_opened_on", "oriented_on"),
            f.unit_sql("unit_code", 3)
        );
        let rows: Vec<(i64, i64)> = self.period_rows(&sql, f).await?;
        Ok(rows.into_iter().map(|(d, n)| (d.max(0), n)).collect())
    }

    /// `column` (a date) as its month, `AAAA-MM`, in this engine's SQL.
    fn month_of(&self, column: &str) -> String {
        match self {
            // SQLite keeps dates as `AAAA-MM-JJ` text.
            Db::Sqlite(_) => format!("substr({column}, 1, 7)"),
            Db::Postgres(_) => format!("to_char({column}, 'YYYY-MM')"),
        }
    }

    /// The timestamp `column` plus 7 days, in this engine's SQL (SQLite keeps timestamps as
    /// RFC 3339 text, `2026-12-07T09:00:00Z`, and compares them as text: the result is written
    /// the same way).
    fn plus_7_days(&self, column: &str) -> String {
        match self {
            Db::Sqlite(_) => format!("strftime('%Y-%m-%dT%H:%M:%SZ', {column}, '+7 days')"),
            Db::Postgres(_) => format!("({column} + interval '7 days')"),
        }
    }

    /// Invitations recorded in the period and those answered within 7 days (an appointment
    /// booked or a message written); appointments of the period by outcome, with and without a
    /// reminder. Invitations are the pathway's (whatever the channel: SMS, e-mail or a letter for
    /// a person with neither), as the timelines show them, not only the messages sent.
    pub async fn dashboard_reach(&self, f: &Filter) -> Result<ReachStats, DbError> {
        let (start, end) = f.instants();
        let week = self.plus_7_days("m.recorded_at");
        let invitations = format!(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM appointment a WHERE a.beneficiary_id = m.beneficiary_id \
               AND a.created_at >= m.recorded_at AND a.created_at < {week}) \
             OR EXISTS (SELECT 1 FROM inbox_message i WHERE i.beneficiary_id = m.beneficiary_id \
               AND i.created_at >= m.recorded_at AND i.created_at < {week}) THEN 1 ELSE 0 END), 0) \
             FROM pathway_event m JOIN beneficiary b ON b.beneficiary_id = m.beneficiary_id \
             WHERE m.kind = 'invited' AND m.recorded_at >= $1 AND m.recorded_at < $2 AND {}",
            f.unit_sql("b.unit_code", 3)
        );
        // Every unit: no need to visit each person for their unit (half the time at 43,300).
        let join = if f.unit.is_some() {
            "JOIN beneficiary b ON b.beneficiary_id = a.beneficiary_id"
        } else {
            ""
        };
        let outcomes = format!(
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM outbox_message o WHERE o.appointment_id = a.appointment_id \
               AND o.purpose = 'appointment_reminder') THEN 1 ELSE 0 END AS reminded, \
             SUM(CASE WHEN a.status = 'missed' THEN 1 ELSE 0 END), COUNT(*) \
             FROM appointment a {join} \
             WHERE a.starts_at >= $1 AND a.starts_at < $2 AND a.status IN ('held', 'missed', 'excused') AND {} \
             GROUP BY 1",
            f.unit_sql("b.unit_code", 3)
        );
        // (reminded: 1 or 0, missed, all) per kind of appointment.
        type Outcomes = Vec<(i32, i64, i64)>;
        let ((invited, answered), rows): ((i64, i64), Outcomes) = with_pool!(self, |pool| async {
            let invited = sqlx::query_as(&invitations)
                .bind(start)
                .bind(end)
                .bind(f.unit_bind())
                .fetch_one(pool)
                .await?;
            let rows = sqlx::query_as(&outcomes)
                .bind(start)
                .bind(end)
                .bind(f.unit_bind())
                .fetch_all(pool)
                .await?;
            Ok::<_, sqlx::Error>((invited, rows))
        }
        .await)?;
        let of = |reminded: i32| {
            rows.iter()
                .find(|(r, _, _)| *r == reminded)
                .map(|(_, missed, all)| (*missed, *all))
                .unwrap_or((0, 0))
        };
        let (reminded_missed, reminded) = of(1);
        let (not_reminded_missed, not_reminded) = of(0);
        Ok(ReachStats {
            invitations: invited,
            answered_within_7_days: answered,
            answered_rate: rate(answered as usize, invited as usize),
            reminded,
            reminded_missed,
            reminded_missed_rate: rate(reminded_missed as usize, reminded as usize),
            not_reminded,
            not_reminded_missed,
            not_reminded_missed_rate: rate(not_reminded_missed as usize, not_reminded as usize),
        })
    }

    /// Whole days from the date `from` to the date `to`, in this engine's SQL.
    fn days_between(&self, from: &str, to: &str) -> String {
        match self {
            Db::Sqlite(_) => format!("CAST(julianday({to}) - julianday({from}) AS INTEGER)"),
            Db::Postgres(_) => format!("CAST({to} - {from} AS BIGINT)"),
        }
    }

    /// Pathways decided for people who entered in the period.
    pub async fn dashboard_orientations(&self, f: &Filter) -> Result<Vec<Count>, DbError> {
        let sql = format!(
            "SELECT orientation, COUNT(*) FROM beneficiary WHERE rsa_opened_on >= $1 AND rsa_opened_on <= $2 \
             AND orientation IS NOT NULL AND {} GROUP BY orientation",
            f.unit_sql("unit_code", 3)
        );
        let rows: Vec<(String, i64)> = self.period_rows(&sql, f).await?;
        Ok(counts_of(
            &rows,
            &Orientation::ALL,
            Orientation::code,
            Orientation::label_fr,
        ))
    }

    /// Where the people who entered in the period stand today.
    pub async fn dashboard_statuses(&self, f: &Filter) -> Result<Vec<Count>, DbError> {
        let sql = format!(
            "SELECT status, COUNT(*) FROM beneficiary WHERE rsa_opened_on >= $1 AND rsa_opened_on <= $2 AND {} \
             GROUP BY status",
            f.unit_sql("unit_code", 3)
        );
        let rows: Vec<(String, i64)> = self.period_rows(&sql, f).await?;
        Ok(counts_of(
            &rows,
            &PathwayStatus::ALL,
            PathwayStatus::code,
            PathwayStatus::staff_label_fr,
        ))
    }

    /// Orientation appointments that took place (or should have) in the period, by outcome.
    pub async fn dashboard_appointments(&self, f: &Filter) -> Result<AppointmentStats, DbError> {
        // Every unit: no need to visit each person for their unit (the index answers alone).
        let join = if f.unit.is_some() {
            "JOIN beneficiary b ON b.beneficiary_id = a.beneficiary_id"
        } else {
            ""
        };
        let sql = format!(
            "SELECT a.status, COUNT(*) FROM appointment a {join} \
             WHERE a.purpose = 'orientation' AND a.starts_at >= $1 AND a.starts_at < $2 AND {} GROUP BY a.status",
            f.unit_sql("b.unit_code", 3)
        );
        let (start, end) = f.instants();
        let rows: Vec<(String, i64)> = with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(start)
            .bind(end)
            .bind(f.unit_bind())
            .fetch_all(pool)
            .await)?;
        let n = |s: &str| {
            rows.iter()
                .find(|(c, _)| c == s)
                .map(|(_, n)| *n)
                .unwrap_or(0)
        };
        let (held, missed, excused) = (n("held"), n("missed"), n("excused"));
        Ok(AppointmentStats {
            held,
            missed,
            excused,
            cancelled: n("cancelled"),
            missed_rate: rate(missed as usize, (held + missed + excused) as usize),
        })
    }

    /// Returns to work starting in the period, by sector, and what the scheme gave (counted and
    /// summed by the database, one row per sector).
    pub async fn dashboard_work(&self, f: &Filter) -> Result<WorkStats, DbError> {
        let paid = "e.bonus_paid_on IS NOT NULL AND e.bonus_cents > 0";
        let sql = format!(
            "SELECT e.sector, COUNT(*), \
             CAST(SUM(CASE WHEN e.scheme_code IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN {paid} THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(CASE WHEN {paid} THEN e.bonus_cents ELSE 0 END) AS BIGINT) \
             FROM employment e JOIN beneficiary b ON b.beneficiary_id = e.beneficiary_id \
             WHERE e.start_on >= $1 AND e.start_on <= $2 AND {} GROUP BY e.sector",
            f.unit_sql("b.unit_code", 3)
        );
        let rows: Vec<(String, i64, i64, i64, i64)> = self.period_rows(&sql, f).await?;
        let versions = self.scheme_versions().await?;
        let mut by_sector: Vec<Count> = rows
            .iter()
            .map(|(sector, count, _, _, _)| Count {
                code: sector.clone(),
                label: versions
                    .iter()
                    .rev()
                    .find_map(|v| v.sector(sector))
                    .map(|s| s.label_fr.clone())
                    .unwrap_or_else(|| "Autre secteur".to_string()),
                count: *count,
            })
            .collect();
        by_sector.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));
        Ok(WorkStats {
            count: rows.iter().map(|r| r.1).sum(),
            by_sector,
            cumulations: rows.iter().map(|r| r.2).sum(),
            bonuses_paid: rows.iter().map(|r| r.3).sum(),
            bonus_total: Cents(rows.iter().map(|r| r.4).sum()),
        })
    }
}

/// A dashboard figure as CSV rows (header first), for its download link.
pub fn figure_csv(d: &Dashboard, figure: &str) -> Option<Vec<Vec<String>>> {
    let pct = |v: Option<f64>| {
        v.map(|x| format!("{:.1}", x * 100.0).replace('.', ","))
            .unwrap_or_default()
    };
    let days = |v: Option<f64>| {
        v.map(|x| format!("{x:.1}").replace('.', ","))
            .unwrap_or_default()
    };
    let counts = |list: &[Count]| -> Vec<Vec<String>> {
        std::iter::once(vec!["code".into(), "libelle".into(), "nombre".into()])
            .chain(
                list.iter()
                    .map(|c| vec![c.code.clone(), c.label.clone(), c.count.to_string()]),
            )
            .collect()
    };
    Some(match figure {
        "entrants" => std::iter::once(vec!["mois".into(), "nouveaux_entrants".into()])
            .chain(
                d.entrants
                    .iter()
                    .map(|(m, n)| vec![m.to_string(), n.to_string()]),
            )
            .collect(),
        "delais" => vec![
            vec![
                "etape".into(),
                "personnes".into(),
                "mediane_jours".into(),
                "pct_30_jours".into(),
                "pct_6_semaines".into(),
            ],
            vec![
                "entretien".into(),
                d.interview_delay.count.to_string(),
                days(d.interview_delay.median_days),
                pct(d.interview_delay.within_30_days),
                pct(d.interview_delay.within_6_weeks),
            ],
            vec![
                "decision".into(),
                d.decision_delay.count.to_string(),
                days(d.decision_delay.median_days),
                pct(d.decision_delay.within_30_days),
                pct(d.decision_delay.within_6_weeks),
            ],
        ],
        "parcours" => counts(&d.orientations),
        "engagements" => vec![
            vec![
                "contrats_signes".into(),
                "mediane_jours".into(),
                "pct_en_un_mois".into(),
                "suspensions_levees".into(),
                "mediane_jours_avant_levee".into(),
            ],
            vec![
                d.obligations.contracts.to_string(),
                days(d.obligations.contract_median_days),
                pct(d.obligations.contracts_within_month),
                d.obligations.lifted.to_string(),
                days(d.obligations.lift_median_days),
            ],
        ],
        "procedures" => counts(&d.obligations.procedures),
        "statuts" => counts(&d.statuses),
        "rendez-vous" => vec![
            vec![
                "honores".into(),
                "manques".into(),
                "excuses".into(),
                "annules".into(),
                "pct_manques".into(),
            ],
            vec![
                d.appointments.held.to_string(),
                d.appointments.missed.to_string(),
                d.appointments.excused.to_string(),
                d.appointments.cancelled.to_string(),
                pct(d.appointments.missed_rate),
            ],
        ],
        "invitations" => vec![
            vec![
                "invitations".into(),
                "reponses_7_jours".into(),
                "rdv_avec_rappel".into(),
                "manques_avec_rappel".into(),
                "pct_manques_avec_rappel".into(),
                "rdv_sans_rappel".into(),
                "manques_sans_rappel".into(),
                "pct_manques_sans_rappel".into(),
            ],
            vec![
                d.reach.invitations.to_string(),
                d.reach.answered_within_7_days.to_string(),
                d.reach.reminded.to_string(),
                d.reach.reminded_missed.to_string(),
                pct(d.reach.reminded_missed_rate),
                d.reach.not_reminded.to_string(),
                d.reach.not_reminded_missed.to_string(),
                pct(d.reach.not_reminded_missed_rate),
            ],
        ],
        "emploi" => {
            let mut rows = counts(&d.work.by_sector);
            rows.push(vec![
                "cumuls".into(),
                "Cumuls RSA + salaire commencés".into(),
                d.work.cumulations.to_string(),
            ]);
            rows.push(vec![
                "primes".into(),
                "Primes de reprise versées".into(),
                d.work.bonuses_paid.to_string(),
            ]);
            rows.push(vec![
                "montant_primes_centimes".into(),
                "Montant des primes versées (centimes)".into(),
                d.work.bonus_total.get().to_string(),
            ]);
            rows
        }
        _ => return None,
    })
}
