//! The managers' CSV export: people of a unit, filtered, read page by page.
use passerelle::Date;
use passerelle::pathway::PathwayStatus;

use super::super::db::{Db, DbError};
use super::super::to_time_date;
use crate::with_pool;

/// One line of the managers' CSV export.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ExportRow {
    pub beneficiary_id: i64,
    pub file_number: String,
    pub last_name: String,
    pub first_name: String,
    pub commune: String,
    pub unit_code: String,
    pub rsa_opened_on: time::Date,
    pub status: String,
    pub oriented_on: Option<time::Date>,
    pub orientation: Option<String>,
    pub referent_org: Option<String>,
    pub contract_signed_on: Option<time::Date>,
}

/// Filters of the export.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Only this unit (`None`: every unit).
    pub unit: Option<String>,
    /// A status code, or `a_orienter` for every status awaiting orientation.
    pub status: Option<String>,
    /// Entry into the RSA from this date…
    pub from: Option<Date>,
    /// …to this one, included.
    pub to: Option<Date>,
}

impl Db {
    /// One page of the export, after `after` (keyset pagination: constant cost per page).
    pub async fn export_page(
        &self,
        f: &ExportFilter,
        after: i64,
        limit: i64,
    ) -> Result<Vec<ExportRow>, DbError> {
        let mut sql = String::from(
            "SELECT beneficiary_id, file_number, last_name, first_name, commune, unit_code, rsa_opened_on, status, oriented_on, \
             orientation, referent_org, contract_signed_on FROM beneficiary WHERE beneficiary_id > $1",
        );
        // Every filter is bound; an absent one compares a column with itself.
        sql.push_str(if f.unit.is_some() {
            " AND unit_code = $2"
        } else {
            " AND ($2 = $2)"
        });
        match f.status.as_deref() {
            Some("a_orienter") => sql.push_str(&format!(
                " AND ($3 = $3) AND status IN ({})",
                PathwayStatus::sql_list(&PathwayStatus::AWAITING_ORIENTATION)
            )),
            Some(_) => sql.push_str(" AND status = $3"),
            None => sql.push_str(" AND ($3 = $3)"),
        }
        sql.push_str(if f.from.is_some() {
            " AND rsa_opened_on >= $4"
        } else {
            " AND ($4 = $4)"
        });
        sql.push_str(if f.to.is_some() {
            " AND rsa_opened_on <= $5"
        } else {
            " AND ($5 = $5)"
        });
        sql.push_str(" ORDER BY beneficiary_id LIMIT $6");
        let unit = f.unit.clone().unwrap_or_default();
        let status = f.status.clone().unwrap_or_default();
        let from = to_time_date(f.from.unwrap_or(Date::ymd(1900, 1, 1)));
        let to = to_time_date(f.to.unwrap_or(Date::ymd(2199, 12, 31)));
        Ok(with_pool!(self, |pool| sqlx::query_as(&sql)
            .bind(after)
            .bind(&unit)
            .bind(&status)
            .bind(from)
            .bind(to)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }
}
