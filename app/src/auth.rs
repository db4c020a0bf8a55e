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
    /// `sms` or `email`; empty when where it went is not said (the file's birth date was being
    /// guessed: a right and a wrong one get the same answer).
    pub channel: String,
    /// Masked: "06 •• •• •• 78" or "c•••••@example.fr"; empty when not said.
    pub destination: String,
    /// The other channel, when the person has one: they may ask for the code there instead.
    pub other_channel: Option<String>,
    /// A sign-in link was sent instead of a code (too many wrong codes today).
    #[serde(default)]
    pub link: bool,
}

/// Form names, for the no-JavaScript flash.
pub const FORM_IDENTIFY: &str = "connexion";
pub const FORM_CODE: &str = "code";
pub const FORM_STAFF: &str = "connexion-agent";
pub const FORM_LINK: &str = "lier-franceconnect";
pub const FORM_SIGN_IN_LINK: &str = "lien";

/// A FranceConnect identity waiting to be linked, as the link page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingLinkView {
    /// Given names and birth name, as FranceConnect gives them.
    pub name: String,
    /// "15 mars 1985".
    pub birth_date: Option<String>,
}

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
///
/// The page's form sends the birth date as three numbers (`naissance_jour`, `naissance_mois`,
/// `naissance_annee`), typed in the page's language rather than through the browser's date picker
/// (whose format follows the browser's language); callers of the endpoint may send it whole as
/// `naissance` (`1985-03-15` or `15/03/1985`).
#[server(endpoint = "connexion/identifier")]
pub async fn identify(
    numero: String,
    #[server(default)] naissance: Option<String>,
    #[server(default)] naissance_jour: Option<String>,
    #[server(default)] naissance_mois: Option<String>,
    #[server(default)] naissance_annee: Option<String>,
) -> Result<CodeSent, AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let parts = [naissance_jour, naissance_mois, naissance_annee].map(Option::unwrap_or_default);
    let whole = match naissance {
        Some(whole) => whole,
        None if parts.iter().all(|p| p.trim().is_empty()) => String::new(),
        None => parts.iter().map(|p| p.trim()).collect::<Vec<_>>().join("/"),
    };
    let result = sign_in::identify(&numero, &whole).await;
    // What was typed comes back in the same three boxes.
    finish(
        result,
        FORM_IDENTIFY,
        &[
            ("numero", &numero),
            ("naissance_jour", &parts[0]),
            ("naissance_mois", &parts[1]),
            ("naissance_annee", &parts[2]),
        ],
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

/// Signs in with the single-use link sent once codes were replaced by links (`jeton` from the
/// link's address). The link's page posts it: opening the link alone (a mail scanner) uses nothing.
#[server(endpoint = "connexion/lien")]
pub async fn sign_in_with_link(jeton: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::sign_in_with_link(&jeton).await;
    finish(result, FORM_SIGN_IN_LINK, &[], Some("/mon-parcours")).await
}

/// Staff sign-in with e-mail and password.
#[server(endpoint = "agent/connexion")]
pub async fn staff_sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::staff(&email, &password).await;
    // The password is never kept in the flash.
    finish(result, FORM_STAFF, &[("email", &email)], Some("/agent")).await
}

/// Signs out; a session opened through FranceConnect or ProConnect ends at the provider too (the
/// browser goes there, then comes back to the home page).
#[server(endpoint = "deconnexion")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{forms::finish, sign_in};
    let result = sign_in::sign_out().await;
    let next = result.as_ref().ok().cloned().flatten();
    finish(
        result.map(|_| ()),
        "deconnexion",
        &[],
        Some(next.as_deref().unwrap_or("/")),
    )
    .await
}

/// The FranceConnect identity waiting to be linked to a file (the link page).
#[server(endpoint = "connexion/franceconnect/en-attente")]
pub async fn pending_franceconnect_link() -> Result<Option<crate::auth::PendingLinkView>, AppError>
{
    use crate::ssr::connect;
    crate::ssr::respond(connect::pending_link().await.map(|p| {
        p.map(|p| PendingLinkView {
            name: format!("{} {}", p.given_name, p.family_name),
            birth_date: p.birth_date.map(|d| d.label(crate::lang::current())),
        })
    }))
}

/// Links the FranceConnect identity to the file `numero` (same birth date and names), then signs in.
#[server(endpoint = "connexion/franceconnect/lier")]
pub async fn link_franceconnect(numero: String) -> Result<(), AppError> {
    use crate::ssr::{connect, forms::finish};
    let result = connect::link(&numero).await;
    finish(
        result,
        FORM_LINK,
        &[("numero", &numero)],
        Some("/mon-parcours"),
    )
    .await
}

/// Which ways in are offered on the sign-in pages (providers whose settings are given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Providers {
    pub franceconnect: bool,
    pub proconnect: bool,
}

/// The providers configured on this server (the pages are rendered on the server only).
pub fn providers() -> Providers {
    #[cfg(feature = "ssr")]
    {
        use crate::ssr::oidc::ProviderKind;
        if let Some(state) = use_context::<crate::ssr::AppState>() {
            let oidc = &state.config.oidc;
            return Providers {
                franceconnect: oidc.get(ProviderKind::FranceConnect).is_some(),
                proconnect: oidc.get(ProviderKind::ProConnect).is_some(),
            };
        }
    }
    Providers::default()
}
