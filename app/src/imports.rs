//! Imports of the monthly new-entrant file and exports of lists, for managers.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineError {
    /// Line number in the file (the header is line 1); 0 for the file as a whole.
    pub line: usize,
    pub message: String,
}

/// An import as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportJobView {
    pub id: i64,
    pub file_name: String,
    pub unit_code: String,
    pub dry_run: bool,
    /// `pending`, `running`, `done`, `failed`.
    pub status: String,
    pub total_rows: i64,
    pub processed_rows: i64,
    pub inserted: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub errors: Vec<LineError>,
    pub message: Option<String>,
    pub created_label: String,
    pub finished_label: Option<String>,
}

impl ImportJobView {
    pub fn finished(&self) -> bool {
        self.status == "done" || self.status == "failed"
    }
}

/// One import, for its page.
#[server(endpoint = "agent/import/etat")]
pub async fn import_job(id: i64) -> Result<ImportJobView, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ImportExport).await?;
            let job = state()?
                .db
                .import_job(id)
                .await?
                .ok_or(AppError::NotFound)?;
            staff.check_unit(Permission::ImportExport, &job.unit_code)?;
            Ok(job)
        }
        .await,
    )
}

/// The last imports of the staff member's unit (every unit for admins).
#[server(endpoint = "agent/import/liste")]
pub async fn recent_imports() -> Result<Vec<ImportJobView>, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let staff = require_staff(Permission::ImportExport).await?;
            Ok(state()?
                .db
                .recent_import_jobs(staff.scope().unit_filter())
                .await?)
        }
        .await,
    )
}

/// Imports for good a file whose dry run found no error: a new job with the same file.
#[server(endpoint = "agent/import/confirmer")]
pub async fn confirm_import(id: i64) -> Result<i64, AppError> {
    use crate::ssr::{auth::*, forms::finish};
    use passerelle::access::Permission;
    let result = async {
        let staff = require_staff(Permission::ImportExport).await?;
        let db = state()?.db;
        let job = db.import_job(id).await?.ok_or(AppError::NotFound)?;
        staff.check_unit(Permission::ImportExport, &job.unit_code)?;
        if !job.dry_run || job.status != "done" {
            return Err(AppError::Refused {
                message: "Seul un essai terminé sans erreur peut être importé.".to_string(),
            });
        }
        let new_id = db.copy_import_job(id, staff.staff_id).await?;
        crate::ssr::import::spawn_job(db, new_id);
        Ok(new_id)
    }
    .await;
    let to = result
        .as_ref()
        .map(|n| format!("/agent/import/{n}"))
        .unwrap_or_default();
    finish(
        result,
        "confirmer-import",
        &[],
        (!to.is_empty()).then_some(to.as_str()),
    )
    .await
}
