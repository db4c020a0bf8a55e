//! Sign-in, sign-out and "who am I", as server functions.
//!
//! Beneficiaries identify with their CAF file number and birth date, then type a 6-digit code sent
//! to their phone or e-mail (valid 10 minutes, 5 attempts, resend limited). Staff sign in with their
//! e-mail and password. Every attempt is rate-limited and audited; the session id changes at sign-in.
use leptos::prelude::*;
use passerelle::access::Role;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Who is signed in, for the band at the top of every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub display_name: String,
    /// `None` for a beneficiary.
    pub role: Option<Role>,
    pub unit_name: Option<String>,
}

impl SessionInfo {
    pub fn is_staff(&self) -> bool {
        self.role.is_some()
    }
}

/// Where the code was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodeSent {
    /// `sms` or `email`.
    pub channel: String,
    /// Masked: "06 •• •• •• 78" or "c•••••@example.fr".
    pub destination: String,
    /// The other channel, when the person has one: they may ask for the code there instead.
    pub other_channel: Option<String>,
}

/// Form names, for the no-JavaScript flash.
pub const FORM_IDENTIFY: &str = "connexion";
pub const FORM_CODE: &str = "code";
pub const FORM_STAFF: &str = "connexion-agent";

#[server(endpoint = "session")]
pub async fn get_session() -> Result<Option<SessionInfo>, AppError> {
    use crate::ssr::{auth::*, respond};
    respond(
        async {
            Ok(match current_user().await? {
                CurrentUser::Anonymous => None,
                CurrentUser::Beneficiary(b) => Some(SessionInfo {
                    display_name: format!("{} {}", b.first_name, b.last_name),
                    role: None,
                    unit_name: None,
                }),
                CurrentUser::Staff(s) => {
                    let unit_name = match &s.unit_code {
                        Some(code) => state()?.db.unit_name(code).await?,
                        None => None,
                    };
                    Some(SessionInfo {
                        display_name: s.full_name.clone(),
                        role: Some(s.role()),
                        unit_name,
                    })
                }
            })
        }
        .await,
    )
}

/// Step 1 for a beneficiary: file number and birth date; sends a code.
#[server(endpoint = "connexion/identifier")]
pub async fn identify(numero: String, naissance: String) -> Result<CodeSent, AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::identify(&numero, &naissance).await;
    // A date field only takes ISO dates: give back what was typed in that form when it parses.
    let naissance = sign_in::parse_birth_date(&naissance)
        .map(|d| d.to_string())
        .unwrap_or(naissance);
    finish(
        result,
        FORM_IDENTIFY,
        &[("numero", &numero), ("naissance", &naissance)],
        Some("/connexion/code"),
    )
    .await
}

/// Where the pending code was sent (for the code page).
#[server(endpoint = "connexion/en-attente")]
pub async fn pending_sign_in() -> Result<Option<CodeSent>, AppError> {
    crate::ssr::respond(crate::ssr::sign_in::pending().await)
}

/// Step 2 for a beneficiary: the code received.
#[server(endpoint = "connexion/code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::verify_code(&code).await;
    finish(result, FORM_CODE, &[], Some("/mon-parcours")).await
}

/// Sends a new code, to `canal` (`sms` or `email`) or to the same channel as before.
#[server(endpoint = "connexion/renvoyer")]
pub async fn resend_code(canal: Option<String>) -> Result<CodeSent, AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::resend(canal.as_deref()).await;
    finish(result, FORM_CODE, &[], Some("/connexion/code")).await
}

/// Staff sign-in with e-mail and password.
#[server(endpoint = "agent/connexion")]
pub async fn staff_sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::staff(&email, &password).await;
    // The password is never kept in the flash.
    finish(result, FORM_STAFF, &[("email", &email)], Some("/agent")).await
}

#[server(endpoint = "deconnexion")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::sign_out().await;
    finish(result, "deconnexion", &[], Some("/")).await
}
