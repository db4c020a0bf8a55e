//! The application's error type: what a server function may answer, and what a page may show.
//!
//! It crosses the network (serde), so it carries no internal detail: the server logs the cause once,
//! where it maps its own errors into this type (see `ssr::error`), and the browser gets a stable
//! code plus a plain-French message. The HTTP status for each variant is decided here, in one place.
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message attached to one form field (`field` is the input's `name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("La page ou l'information demandée n'existe pas.")]
    NotFound,
    #[error("Vous devez vous connecter pour continuer.")]
    Unauthenticated,
    #[error("Vous n'avez pas accès à cette information.")]
    Forbidden,
    /// Bad input: one message per field, shown next to it.
    #[error("Certaines informations sont à corriger.")]
    Invalid { fields: Vec<FieldError> },
    #[error("Trop de tentatives. Réessayez dans {} minute(s).", retry_after_secs.div_ceil(60))]
    RateLimited { retry_after_secs: u64 },
    /// The action is not possible in the current state (e.g. a contract before any orientation).
    #[error("{message}")]
    Refused { message: String },
    /// The request does not come from our own pages (Origin check).
    /// Someone else changed the same file between reading and writing: nothing was written.
    #[error("Ce dossier vient d'être modifié : rechargez la page.")]
    Conflict,
    #[error("Cette demande n'a pas pu être vérifiée. Rechargez la page et réessayez.")]
    BadOrigin,
    #[error("Le service est momentanément indisponible. Réessayez dans quelques minutes.")]
    Unavailable,
    #[error("Une erreur est survenue de notre côté. Réessayez plus tard.")]
    Internal,
    /// The browser could not reach the server, or could not read its answer.
    #[error("La connexion au service a échoué. Vérifiez votre connexion internet et réessayez.")]
    Network,
}

impl AppError {
    /// A single invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            fields: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }

    /// The HTTP status code this error maps to (pages and API alike).
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthenticated => 401,
            AppError::Forbidden | AppError::BadOrigin => 403,
            AppError::Invalid { .. } => 422,
            AppError::Refused { .. } | AppError::Conflict => 409,
            AppError::RateLimited { .. } => 429,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
            AppError::Network => 502,
        }
    }

    /// The message for one field, if this error names it.
    pub fn field(&self, name: &str) -> Option<&str> {
        match self {
            AppError::Invalid { fields } => fields
                .iter()
                .find(|f| f.field == name)
                .map(|f| f.message.as_str()),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Errors raised by the server-function machinery itself (transport, decoding): the user needs
    /// to know only whether to retry. The cause goes to the console in development.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::invalid("", "Les informations envoyées n'ont pas pu être lues.")
            }
            ServerFnErrorErr::MissingArg(arg) => {
                AppError::invalid(arg, "Cette information est obligatoire.")
            }
            _ => AppError::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_are_distinct_per_family() {
        assert_eq!(AppError::NotFound.status(), 404);
        assert_eq!(AppError::invalid("x", "y").status(), 422);
        assert_eq!(
            AppError::RateLimited {
                retry_after_secs: 90
            }
            .status(),
            429
        );
    }

    #[test]
    fn messages_are_french_and_round_up_minutes() {
        let e = AppError::RateLimited {
            retry_after_secs: 61,
        };
        assert_eq!(
            e.to_string(),
            "Trop de tentatives. Réessayez dans 2 minute(s)."
        );
    }

    #[test]
    fn serialises_with_a_stable_code() {
        let json =
            serde_json::to_string(&AppError::invalid("salaire", "Indiquez un montant")).unwrap();
        assert!(json.contains("\"code\":\"invalid\""), "{json}");
        let back: AppError = serde_json::from_str(&json).unwrap();
        assert_eq!(back.field("salaire"), Some("Indiquez un montant"));
    }
}
