//! The staff worklists of the law's deadlines, within the staff member's scope: notices waiting
//! for an answer or a decision, suspensions running (to lift as soon as the person complies),
//! orientations past the 6 weeks (France Travail orients then), contracts to sign (due a month
//! after the orientation),
//! and contracts signed before 2025 to renew by 1 January 2027. Each date limit is computed by the
//! rules core ([`passerelle::obligations`]) and bound as a parameter.
use passerelle::Date;
use passerelle::access::StaffScope;
use passerelle::obligations::{self, PRE_2025_CONTRACT_DEADLINE};
use passerelle::pathway::PathwayStatus;

use super::super::db::{Db, DbError};
use super::super::{from_time_date, to_time_date};
use crate::pathway::{DeadlineList, DeadlineRow};
use crate::with_pool;

/// Rows shown per list (the count says how many in all).
const SHOWN: i64 = 20;

/// One row as read: the person, and up to two dates and a code the list words.
#[derive(sqlx::FromRow)]
struct Row {
    beneficiary_id: i64,
    file_number: String,
    first_name: String,
    last_name: String,
    first: Option<time::Date>,
    second: Option<time::Date>,
    code: Option<String>,
}

impl Db {
    /// The deadline worklists of a scope on `today`.
    pub async fn deadline_lists(
        &self,
        scope: &StaffScope,
        today: Date,
    ) -> Result<Vec<DeadlineList>, DbError> {
        let unit = scope.unit_filter().map(str::to_string);
        let unit_filter = if unit.is_some() {
            "b.unit_code = $1"
        } else {
            "($1 = $1)"
        };
        let unit = unit.unwrap_or_default();
        let awaiting = PathwayStatus::sql_list(&PathwayStatus::AWAITING_ORIENTATION);
        let orientation_cutoff = obligations::orientation_late_if_received_before(today);
        let lists: [ListSpec; 5] = [
            (
                "notices",
                "Courriers de sanction : réponse attendue ou décision à prendre",
                "La personne a 10 jours après la réception du courrier pour répondre ; la décision revient au responsable d'unité.",
                format!(
                    "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, s.notice_received_on AS first, \
                     s.notice_sent_on AS second, s.stage AS code FROM sanction_procedure s \
                     JOIN beneficiary b ON b.beneficiary_id = s.beneficiary_id \
                     WHERE {unit_filter} AND s.stage IN ('notice_sent', 'answered', 'referred') AND ($2 = $2) \
                     ORDER BY s.notice_received_on IS NULL, s.notice_received_on, s.procedure_id"
                ),
                today,
            ),
            (
                "suspensions",
                "Suspensions en cours",
                "À lever dès que la personne fait ce qui a été convenu avec son référent (CASF L262-37).",
                format!(
                    "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, s.starts_on AS first, \
                     s.decided_on AS second, s.decided_kind AS code FROM sanction_procedure s \
                     JOIN beneficiary b ON b.beneficiary_id = s.beneficiary_id \
                     WHERE {unit_filter} AND s.stage = 'decided' AND ($2 = $2) ORDER BY s.starts_on, s.procedure_id"
                ),
                today,
            ),
            (
                "orientation_overdue",
                "Orientations en retard (plus de 6 semaines)",
                "Au-delà de 6 semaines après l'information de la CAF, France Travail oriente la personne (CASF D262-65-2) : transmettez-lui le dossier ou orientez sans attendre.",
                format!(
                    "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, \
                     COALESCE(b.caf_information_on, b.rsa_opened_on) AS first, CAST(NULL AS DATE) AS second, b.status AS code \
                     FROM beneficiary b WHERE {unit_filter} AND b.status IN ({awaiting}) \
                     AND COALESCE(b.caf_information_on, b.rsa_opened_on) < $2 \
                     ORDER BY COALESCE(b.caf_information_on, b.rsa_opened_on), b.beneficiary_id"
                ),
                orientation_cutoff,
            ),
            (
                "contracts_due",
                "Contrats d'engagement à signer",
                "Le contrat est signé dans le mois qui suit la notification de l'orientation (code du travail D5411-14-1).",
                format!(
                    "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, b.status_since AS first, \
                     CAST(NULL AS DATE) AS second, b.status AS code FROM beneficiary b WHERE {unit_filter} \
                     AND b.status = 'oriented' AND ($2 = $2) ORDER BY b.status_since, b.beneficiary_id"
                ),
                today,
            ),
            (
                "pre_2025",
                "Contrats d'avant 2025 à renouveler",
                "Les personnes accompagnées avant 2025 signent un contrat d'engagement avant le 1er janvier 2027 (loi n° 2023-1196, art. 2 IV).",
                format!(
                    "SELECT b.beneficiary_id, b.file_number, b.first_name, b.last_name, b.contract_signed_on AS first, \
                     CAST(NULL AS DATE) AS second, b.status AS code FROM beneficiary b WHERE {unit_filter} \
                     AND b.status IN ('contract_signed', 'employed') AND b.contract_signed_on < $2 \
                     ORDER BY b.contract_signed_on, b.beneficiary_id"
                ),
                obligations::LAW_IN_FORCE,
            ),
        ];
        // The five lists are independent: read at once (several pool connections), as the
        // dashboard does.
        let [a, b, c, d, e] = lists;
        let (a, b, c, d, e) = tokio::try_join!(
            self.deadline_list(a, &unit, today),
            self.deadline_list(b, &unit, today),
            self.deadline_list(c, &unit, today),
            self.deadline_list(d, &unit, today),
            self.deadline_list(e, &unit, today),
        )?;
        Ok(vec![a, b, c, d, e])
    }

    /// One list: its first rows and how many in all (`$1` the unit, `$2` the list's date).
    async fn deadline_list(
        &self,
        (code, title, note, sql, limit): ListSpec<'_>,
        unit: &str,
        today: Date,
    ) -> Result<DeadlineList, DbError> {
        let page = format!("{sql} LIMIT {SHOWN}");
        let count = format!("SELECT COUNT(*) FROM ({sql}) AS l");
        let limit = to_time_date(limit);
        let (rows, total): (Vec<Row>, i64) = with_pool!(self, |pool| {
            async {
                let rows = sqlx::query_as(&page)
                    .bind(unit)
                    .bind(limit)
                    .fetch_all(pool)
                    .await?;
                let total = sqlx::query_scalar(&count)
                    .bind(unit)
                    .bind(limit)
                    .fetch_one(pool)
                    .await?;
                Ok::<_, sqlx::Error>((rows, total))
            }
            .await
        })?;
        Ok(DeadlineList {
            code: code.to_string(),
            title: title.to_string(),
            note: note.to_string(),
            total,
            rows: rows.into_iter().map(|r| row(code, r, today)).collect(),
        })
    }
}

/// A list: its code, title, note, query and date parameter.
type ListSpec<'a> = (&'a str, &'a str, &'a str, String, Date);

/// What a row of list `list` says, in French for staff, and whether it is late.
fn row(list: &str, r: Row, today: Date) -> DeadlineRow {
    let first = r.first.map(from_time_date);
    let second = r.second.map(from_time_date);
    let (what, late) = match list {
        "notices" => match (r.code.as_deref(), first) {
            (Some("answered"), _) => ("Réponse reçue : décision à prendre".to_string(), false),
            (Some("referred"), _) => (
                "Chez l'équipe pluridisciplinaire : décision après son avis".to_string(),
                false,
            ),
            (_, Some(received)) => {
                let due = obligations::answer_due(received);
                if today > due {
                    (
                        format!(
                            "Délai de réponse passé le {} : décision possible",
                            due.label_fr()
                        ),
                        true,
                    )
                } else {
                    (
                        format!("Réponse possible jusqu'au {}", due.label_fr()),
                        false,
                    )
                }
            }
            (_, None) => (
                format!(
                    "Courrier envoyé le {} : date de réception à enregistrer",
                    second.map(Date::label_fr).unwrap_or_default()
                ),
                false,
            ),
        },
        "suspensions" => (
            format!(
                "{} depuis {}",
                if r.code.as_deref() == Some("removal") {
                    "Suppression"
                } else {
                    "Suspension"
                },
                first.map(|d| d.month().label_fr()).unwrap_or_default()
            ),
            false,
        ),
        "orientation_overdue" => (
            format!(
                "Orientation due le {}",
                first
                    .map(obligations::orientation_due)
                    .map(Date::label_fr)
                    .unwrap_or_default()
            ),
            true,
        ),
        "contracts_due" => {
            let due = first.and_then(|d| obligations::contract_due(&[d]));
            (
                format!(
                    "Contrat à signer avant le {}",
                    due.map(Date::label_fr).unwrap_or_default()
                ),
                due.is_some_and(|d| today > d),
            )
        }
        _ => (
            format!(
                "Contrat signé le {} : contrat d'engagement avant le {}",
                first.map(Date::label_fr).unwrap_or_default(),
                PRE_2025_CONTRACT_DEADLINE.label_fr()
            ),
            today >= PRE_2025_CONTRACT_DEADLINE,
        ),
    };
    DeadlineRow {
        id: r.beneficiary_id,
        file_number: r.file_number,
        name: format!("{} {}", r.last_name.to_uppercase(), r.first_name),
        what,
        late,
    }
}
