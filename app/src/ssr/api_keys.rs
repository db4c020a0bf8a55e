//! Partner API keys: created by administrators, shown once, stored as a SHA-256 hash, scoped to an
//! organisation, to rights and optionally to one territorial unit, revocable.
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use super::audit::{Actor, AuditEntry};
use super::auth::{random_token, same_secret};
use super::db::{Db, DbError};
use super::{clock, format_timestamp_fr, hex};
use crate::admin::ApiKeyView;
use crate::{insert_audit, with_pool};

pub const SCOPE_READ: &str = "pathways:read";
pub const SCOPE_WRITE: &str = "events:write";
/// France Travail proposes sanctions of the suspension-remobilisation procedure (CASF L262-37 IV).
pub const SCOPE_SANCTIONS: &str = "sanctions:propose";

/// A partner authenticated by its key.
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub api_key_id: i64,
    pub organisation: String,
    pub scopes: Vec<String>,
    pub unit_code: Option<String>,
}

impl ApiClient {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }

    /// Whether the key reaches people of `unit`.
    pub fn reaches(&self, unit: &str) -> bool {
        self.unit_code.as_deref().is_none_or(|u| u == unit)
    }
}

fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    api_key_id: i64,
    organisation: String,
    label: String,
    prefix: String,
    scopes: String,
    unit_code: Option<String>,
    created_at: OffsetDateTime,
    revoked_at: Option<OffsetDateTime>,
    last_used_at: Option<OffsetDateTime>,
}

impl Db {
    /// Creates a key; returns its id and the key itself (never stored, shown once).
    pub async fn create_api_key(
        &self,
        organisation: &str,
        label: &str,
        scopes: &[&str],
        unit: Option<&str>,
        created_by: Option<i64>,
    ) -> Result<(i64, String), DbError> {
        let prefix = random_token(8);
        let key = format!("psl_{prefix}_{}", random_token(32));
        let id = self
            .insert_api_key(
                organisation,
                label,
                &prefix,
                &hash_key(&key),
                scopes,
                unit,
                created_by,
            )
            .await?;
        Ok((id, key))
    }

    /// Stores a key whose value is chosen by the caller (the demo data's documented key).
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_api_key(
        &self,
        organisation: &str,
        label: &str,
        prefix: &str,
        key_hash: &str,
        scopes: &[&str],
        unit: Option<&str>,
        created_by: Option<i64>,
    ) -> Result<i64, DbError> {
        const SQL: &str = "INSERT INTO api_key (organisation, label, prefix, key_hash, scopes, unit_code, created_by, created_at) \
                           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING api_key_id";
        let now = clock::now();
        // An administrator's key is audited in the same transaction: no key without its row.
        let audit = created_by.map(|staff| {
            AuditEntry::new(Actor::Staff(staff), "create_api_key").detail(serde_json::json!({
                "organisation": organisation, "scopes": scopes, "unit": unit
            }))
        });
        Ok(with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let id: i64 = sqlx::query_scalar(SQL)
                    .bind(organisation)
                    .bind(label)
                    .bind(prefix)
                    .bind(key_hash)
                    .bind(scopes.join(","))
                    .bind(unit)
                    .bind(created_by)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                if let Some(audit) = audit {
                    insert_audit!(&mut *tx, audit.target("api_key", id), now)?;
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(id)
            }
            .await
        })?)
    }

    /// The partner behind `key`, if the key is valid and not revoked.
    pub async fn authenticate_api_key(&self, key: &str) -> Result<Option<ApiClient>, DbError> {
        let Some(prefix) = key
            .strip_prefix("psl_")
            .and_then(|rest| rest.split('_').next())
        else {
            return Ok(None);
        };
        const SQL: &str = "SELECT api_key_id, organisation, key_hash, scopes, unit_code FROM api_key \
                           WHERE prefix = $1 AND revoked_at IS NULL";
        let row: Option<(i64, String, String, String, Option<String>)> =
            with_pool!(self, |pool| sqlx::query_as(SQL)
                .bind(prefix)
                .fetch_optional(pool)
                .await)?;
        let Some((id, organisation, stored, scopes, unit_code)) = row else {
            return Ok(None);
        };
        if !same_secret(&hash_key(key), &stored) {
            return Ok(None);
        }
        let now = clock::now();
        with_pool!(self, |pool| sqlx::query(
            "UPDATE api_key SET last_used_at = $2 WHERE api_key_id = $1"
        )
        .bind(id)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected()))?;
        Ok(Some(ApiClient {
            api_key_id: id,
            organisation,
            scopes: scopes.split(',').map(str::to_string).collect(),
            unit_code,
        }))
    }

    pub async fn list_api_keys(&self) -> Result<Vec<ApiKeyView>, DbError> {
        const SQL: &str = "SELECT api_key_id, organisation, label, prefix, scopes, unit_code, created_at, revoked_at, \
                           last_used_at FROM api_key ORDER BY api_key_id DESC";
        let rows: Vec<KeyRow> = with_pool!(self, |pool| sqlx::query_as(SQL).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|r| ApiKeyView {
                id: r.api_key_id,
                organisation: r.organisation,
                label: r.label,
                prefix: r.prefix,
                scopes: r.scopes.split(',').map(str::to_string).collect(),
                unit_code: r.unit_code,
                created_at: format_timestamp_fr(r.created_at),
                revoked: r.revoked_at.is_some(),
                last_used_at: r.last_used_at.map(format_timestamp_fr),
            })
            .collect())
    }

    /// Revokes a key, audited in the same transaction; `false` if it did not exist or was already
    /// revoked (then nothing is written).
    pub async fn revoke_api_key(&self, id: i64, audit: AuditEntry) -> Result<bool, DbError> {
        let now = clock::now();
        Ok(with_pool!(self, |pool| {
            async {
                let mut tx = pool.begin().await?;
                let done = sqlx::query(
                    "UPDATE api_key SET revoked_at = $2 WHERE api_key_id = $1 AND revoked_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
                if done {
                    insert_audit!(&mut *tx, audit, now)?;
                }
                tx.commit().await?;
                Ok::<_, sqlx::Error>(done)
            }
            .await
        })?)
    }

    /// The stored answer to a request already applied: (request hash, status, body).
    pub async fn idempotent_answer(
        &self,
        api_key_id: i64,
        key: &str,
    ) -> Result<Option<(String, i64, String)>, DbError> {
        const SQL: &str = "SELECT request_hash, status_code, response_body FROM idempotency_key \
                           WHERE api_key_id = $1 AND idempotency_key = $2";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(api_key_id)
            .bind(key)
            .fetch_optional(pool)
            .await)?)
    }

    /// A person's id and unit, by CAF file number.
    pub async fn beneficiary_by_file_number(
        &self,
        file_number: &str,
    ) -> Result<Option<(i64, String)>, DbError> {
        const SQL: &str =
            "SELECT beneficiary_id, unit_code FROM beneficiary WHERE file_number = $1";
        Ok(with_pool!(self, |pool| sqlx::query_as(SQL)
            .bind(file_number)
            .fetch_optional(pool)
            .await)?)
    }
}

/// The hash of a request body, to tell a retry from a different request reusing a key.
pub fn request_hash(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// The hash stored for a key (for keys inserted with a chosen value).
pub fn key_hash(key: &str) -> String {
    hash_key(key)
}
