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
            let db = state().db;
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
