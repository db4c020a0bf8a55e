//! Territorial units (unités territoriales d'action sociale, UTAS): the département's local offices.
//! The first table read by a page through a server function.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerritorialUnit {
    pub code: String,
    pub name: String,
    /// Whether the SPIE (orientation interview for every new beneficiary) runs on this unit.
    pub spie_active: bool,
    /// ISO date ("2021-02-15") the SPIE started here, if it did.
    pub spie_since: Option<String>,
}

/// Units whose name matches `q` (accents and case ignored); all of them when `q` is empty.
#[server(endpoint = "units")]
pub async fn list_units(q: Option<String>) -> Result<Vec<TerritorialUnit>, AppError> {
    use crate::ssr::respond;
    respond(
        async move {
            let state = crate::ssr::auth::state()?;
            let q = q.unwrap_or_default();
            if q.chars().count() > 100 {
                return Err(AppError::invalid(
                    "q",
                    "Votre recherche est trop longue : 100 caractères au plus.",
                ));
            }
            Ok(state.db.list_units(&crate::text::search_key(&q)).await?)
        }
        .await,
    )
}
