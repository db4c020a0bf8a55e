//! Account management from the command line.
use app::ssr::{Db, auth};
use passerelle::access::Role;

/// Creates an administrator; generates a password when none is given. Returns the account id and
/// the generated password, if any.
pub async fn create_admin(
    db: &Db,
    email: &str,
    name: &str,
    password: Option<String>,
) -> Result<(i64, Option<String>), Box<dyn std::error::Error>> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') || name.trim().is_empty() {
        return Err("indiquez une adresse e-mail et un nom".into());
    }
    let (password, generated) = match password {
        Some(p) => (p, None),
        None => {
            let p = auth::random_token(20);
            (p.clone(), Some(p))
        }
    };
    let hash = auth::hash_password(password)
        .await
        .map_err(|e| e.to_string())?;
    let id = db
        .create_staff(&email, name.trim(), Role::Admin, None, &hash)
        .await
        .map_err(|e| match e {
            app::ssr::DbError::Query(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                "un compte existe déjà avec cette adresse e-mail".to_string()
            }
            other => other.to_string(),
        })?;
    Ok((id, generated))
}
