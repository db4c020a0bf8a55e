//! Administration screens' data.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A message kept by the development sender (no real SMS or e-mail sender configured).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DevMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
}

/// The development mailbox, for administrators. Reading it is audited: it holds sign-in codes.
#[server(endpoint = "admin/messages")]
pub async fn list_dev_messages() -> Result<Vec<DevMessage>, AppError> {
    use crate::ssr::{audit::*, auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let admin = require_staff(Permission::ReadDevMessages).await?;
            let db = state()?.db;
            let messages = db.dev_messages(50).await?;
            db.audit(AuditEntry::new(
                Actor::Staff(admin.staff_id),
                "read_dev_messages",
            ))
            .await?;
            Ok(messages)
        }
        .await,
    )
}

/// A partner API key as administrators see it (never the key itself).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub organisation: String,
    pub label: String,
    pub prefix: String,
    pub scopes: Vec<String>,
    pub unit_code: Option<String>,
    pub created_at: String,
    pub revoked: bool,
    pub last_used_at: Option<String>,
}

pub const FORM_API_KEY: &str = "cle-api";

#[server(endpoint = "admin/cles")]
pub async fn list_api_keys() -> Result<Vec<ApiKeyView>, AppError> {
    use crate::ssr::{auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            require_staff(Permission::ManageApiKeys).await?;
            Ok(state()?.db.list_api_keys().await?)
        }
        .await,
    )
}

/// Creates a key; the answer holds the key, shown once.
#[server(endpoint = "admin/cles/creer")]
pub async fn create_api_key(
    organisme: String,
    libelle: String,
    lecture: Option<String>,
    ecriture: Option<String>,
    sanctions: Option<String>,
    unite: String,
) -> Result<String, AppError> {
    use crate::ssr::{api_keys::*, auth::*, forms::finish};
    use passerelle::access::Permission;
    let result = async {
        let admin = require_staff(Permission::ManageApiKeys).await?;
        let organisme = organisme.trim();
        let libelle = libelle.trim();
        if organisme.chars().count() < 2 || organisme.chars().count() > 100 {
            return Err(AppError::invalid(
                "organisme",
                "Indiquez l'organisme partenaire (100 caractères au plus).",
            ));
        }
        if libelle.chars().count() < 2 || libelle.chars().count() > 100 {
            return Err(AppError::invalid(
                "libelle",
                "Indiquez à quoi sert la clé (100 caractères au plus).",
            ));
        }
        let mut scopes = Vec::new();
        if lecture.is_some() {
            scopes.push(SCOPE_READ);
        }
        if ecriture.is_some() {
            scopes.push(SCOPE_WRITE);
        }
        if sanctions.is_some() {
            scopes.push(SCOPE_SANCTIONS);
        }
        if scopes.is_empty() {
            return Err(AppError::invalid("lecture", "Cochez au moins un droit."));
        }
        let db = state()?.db;
        let unit = match unite.trim() {
            "" => None,
            code => Some(
                db.unit_name(code)
                    .await?
                    .map(|_| code.to_string())
                    .ok_or_else(|| {
                        AppError::invalid(
                            "unite",
                            "Choisissez une unité territoriale dans la liste.",
                        )
                    })?,
            ),
        };
        // Audited in the key's own transaction (`created_by`).
        let (_, key) = db
            .create_api_key(
                organisme,
                libelle,
                &scopes,
                unit.as_deref(),
                Some(admin.staff_id),
            )
            .await?;
        Ok(key)
    }
    .await;
    let values = [
        ("organisme", organisme.as_str()),
        ("libelle", libelle.as_str()),
    ];
    if let Ok(key) = &result
        && crate::ssr::forms::is_plain_form_post()
    {
        // A form posted without JavaScript gets a redirect back to the page, not the answer: the
        // key waits in the (server-side) session until that page shows it, once.
        let s = session().await?;
        s.insert(SESSION_NEW_API_KEY, key)
            .await
            .map_err(session_error)?;
    }
    finish(result, FORM_API_KEY, &values, None).await
}

/// Where a key created by a form posted without JavaScript waits for the page to show it.
#[cfg(feature = "ssr")]
const SESSION_NEW_API_KEY: &str = "new_api_key";

/// The key just created by a form posted without JavaScript, taken out of the session: shown once.
#[server(endpoint = "admin/cles/nouvelle")]
pub async fn take_new_api_key() -> Result<Option<String>, AppError> {
    use crate::ssr::{auth::*, forms::take_once, respond};
    use passerelle::access::Permission;
    respond(
        async {
            require_staff(Permission::ManageApiKeys).await?;
            take_once::<String>(SESSION_NEW_API_KEY).await
        }
        .await,
    )
}

#[server(endpoint = "admin/cles/revoquer")]
pub async fn revoke_api_key(id: i64) -> Result<(), AppError> {
    use crate::ssr::{audit::*, auth::*, respond};
    use passerelle::access::Permission;
    respond(
        async {
            let admin = require_staff(Permission::ManageApiKeys).await?;
            let db = state()?.db;
            let audit = AuditEntry::new(Actor::Staff(admin.staff_id), "revoke_api_key")
                .target("api_key", id);
            if !db.revoke_api_key(id, audit).await? {
                return Err(AppError::NotFound);
            }
            Ok(())
        }
        .await,
    )
}
