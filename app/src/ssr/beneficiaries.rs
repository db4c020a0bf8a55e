//! Beneficiaries: creation (import, demo data) and lookups.
use passerelle::Date;

use super::db::{Db, DbError};
use super::{clock, to_time_date};
use crate::with_pool;

/// A beneficiary as the CAF's new-entrant file describes them.
#[derive(Debug, Clone, PartialEq)]
pub struct NewBeneficiary {
    pub file_number: String,
    pub first_name: String,
    pub last_name: String,
    pub birth_date: Date,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub commune: String,
    pub unit_code: String,
    pub rsa_opened_on: Date,
    /// JSON household summary (see `crate::pathway::HouseholdSummary`).
    pub household: String,
}

impl NewBeneficiary {
    /// The folded search key: last name, first name and file number.
    pub fn search_key(&self) -> String {
        crate::text::search_key(&format!(
            "{} {} {}",
            self.last_name, self.first_name, self.file_number
        ))
    }
}

impl Db {
    /// Inserts a beneficiary; returns their id.
    pub async fn insert_beneficiary(&self, b: &NewBeneficiary) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO beneficiary (file_number, first_name, last_name, search_key, birth_date, phone, \
             email, commune, unit_code, rsa_opened_on, household, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING beneficiary_id";
        let now = clock::now();
        Ok(with_pool!(self, |pool| sqlx::query_scalar(SQL)
            .bind(&b.file_number)
            .bind(&b.first_name)
            .bind(&b.last_name)
            .bind(b.search_key())
            .bind(to_time_date(b.birth_date))
            .bind(&b.phone)
            .bind(&b.email)
            .bind(&b.commune)
            .bind(&b.unit_code)
            .bind(to_time_date(b.rsa_opened_on))
            .bind(&b.household)
            .bind(now)
            .fetch_one(pool)
            .await)?)
    }

    pub async fn count_beneficiaries(&self) -> Result<i64, DbError> {
        Ok(with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM beneficiary"
        )
        .fetch_one(pool)
        .await)?)
    }
}
