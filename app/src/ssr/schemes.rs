//! Scheme definitions stored as dated versions.
use passerelle::SchemeDefinition;

use super::audit::AuditEntry;
use super::db::{Db, DbError};
use super::{clock, from_time_date, to_time_date};
use crate::{insert_audit, with_pool};

impl Db {
    /// Every version of every scheme, oldest first. Never empty: the Seine-Maritime 2021 scheme is
    /// stored at start when the table is empty.
    pub async fn scheme_versions(&self) -> Result<Vec<SchemeDefinition>, DbError> {
        const SQL: &str =
            "SELECT definition, valid_from, valid_to FROM scheme_version ORDER BY code, version";
        let rows: Vec<(String, time::Date, Option<time::Date>)> =
            with_pool!(self, |pool| sqlx::query_as(SQL).fetch_all(pool).await)?;
        let mut out = Vec::with_capacity(rows.len());
        for (json, from, to) in rows {
            match serde_json::from_str::<SchemeDefinition>(&json) {
                // The columns are the reference for the dates (they carry the CHECK constraint).
                Ok(mut d) => {
                    d.valid_from = from_time_date(from);
                    d.valid_to = to.map(from_time_date);
                    out.push(d);
                }
                Err(e) => tracing::error!(error = %e, "unreadable scheme definition"),
            }
        }
        if out.is_empty() {
            out.push(SchemeDefinition::seine_maritime_2021());
        }
        Ok(out)
    }

    /// Stores the built-in default scheme when no scheme exists yet.
    pub async fn ensure_default_scheme(&self) -> Result<(), DbError> {
        let count: i64 = with_pool!(self, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM scheme_version"
        )
        .fetch_one(pool)
        .await)?;
        if count == 0 {
            self.insert_scheme_version(&SchemeDefinition::seine_maritime_2021(), None, None)
                .await?;
        }
        Ok(())
    }

    /// Stores a version (its number must be new for its code), with its audit row in the same
    /// transaction when an administrator made it.
    pub async fn insert_scheme_version(
        &self,
        d: &SchemeDefinition,
        by: Option<i64>,
        audit: Option<AuditEntry>,
    ) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO scheme_version (code, version, valid_from, valid_to, definition, created_by, created_at) \
                           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING scheme_version_id";
        let json = serde_json::to_string(d).unwrap_or_default();
        let now = clock::now();
        Ok(with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let id: i64 = sqlx::query_scalar(SQL)
                    .bind(&d.code)
                    .bind(i64::from(d.version))
                    .bind(to_time_date(d.valid_from))
                    .bind(d.valid_to.map(to_time_date))
                    .bind(&json)
                    .bind(by)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                if let Some(audit) = &audit {
                    insert_audit!(&mut *tx, audit, now)?;
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(id)
            }
            .await
        })?)
    }
}
