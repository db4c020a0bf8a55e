//! The cumulation schemes, as dated versions: read by everyone (the simulator needs them in the
//! browser), written by administrators only, each new version audited.
use leptos::prelude::*;
use passerelle::SchemeDefinition;

use crate::error::AppError;

/// Every version of every scheme.
#[server(endpoint = "dispositifs")]
pub async fn scheme_versions() -> Result<Vec<SchemeDefinition>, AppError> {
    use crate::ssr::{auth::state, respond};
    respond(async { Ok(state()?.db.scheme_versions().await?) }.await)
}

pub const FORM_SCHEME: &str = "dispositif";

/// "ehpad ; EHPAD (maison de retraite)" lines → sectors.
pub fn parse_sectors(text: &str) -> Result<Vec<passerelle::Sector>, AppError> {
    let mut out = Vec::new();
    for (i, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let (code, label) = line.split_once(';').ok_or_else(|| {
            AppError::invalid(
                "secteurs",
                format!("Ligne {} : écrivez « code ; libellé », par exemple « saad ; Aide à domicile ».", i + 1),
            )
        })?;
        let code = code.trim().to_lowercase();
        if code.is_empty()
            || code.len() > 40
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(AppError::invalid(
                "secteurs",
                format!(
                    "Ligne {} : le code « {code} » ne doit contenir que des lettres sans accent, des chiffres, - ou _.",
                    i + 1
                ),
            ));
        }
        out.push(passerelle::Sector {
            code,
            label_fr: label.trim().to_string(),
            named_in_sources: false,
        });
    }
    Ok(out)
}

/// Saves a new version of a scheme (`code` existing) or a new scheme.
#[server(endpoint = "admin/dispositifs/version")]
pub async fn save_scheme_version(
    code: String,
    nom: String,
    territoire: String,
    valide_du: String,
    valide_au: String,
    fenetre_debut: String,
    fenetre_fin: String,
    mois: String,
    prime: String,
    secteurs: String,
    hypotheses: String,
) -> Result<u32, AppError> {
    use crate::ssr::{audit::*, auth::*, forms::finish};
    use passerelle::access::Permission;
    use passerelle::{Cents, Month, MonthRange};
    let form = format!("{FORM_SCHEME}-{}", code.trim());
    let result = async {
        let admin = require_staff(Permission::ManageSchemes).await?;
        let code = code.trim().to_lowercase();
        if code.len() < 3 || code.len() > 60 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(AppError::invalid("code", "Le code ne contient que des lettres sans accent, des chiffres et des tirets (3 à 60)."));
        }
        let nom = nom.trim();
        if nom.chars().count() < 3 || nom.chars().count() > 200 {
            return Err(AppError::invalid("nom", "Indiquez le nom du dispositif (200 caractères au plus)."));
        }
        let date = |field: &'static str, v: &str, required: bool| -> Result<Option<passerelle::Date>, AppError> {
            crate::ssr::pathway::parse_date(field, v, required)
        };
        let valid_from = date("valide_du", &valide_du, true)?.unwrap_or_else(crate::clock::today);
        let valid_to = date("valide_au", &valide_au, false)?;
        let month = |field: &'static str, v: &str| -> Result<Month, AppError> {
            v.trim().parse::<Month>().map_err(|_| AppError::invalid(field, "Indiquez un mois, par exemple 2027-01."))
        };
        let window = MonthRange { first: month("fenetre_debut", &fenetre_debut)?, last: month("fenetre_fin", &fenetre_fin)? };
        let months: u8 = mois
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("mois", "Indiquez un nombre de mois, par exemple 3."))?;
        let bonus = Cents::parse_fr(&prime).map_err(|e| AppError::invalid("prime", e.message_fr()))?;
        let sectors = parse_sectors(&secteurs)?;
        let db = state()?.db;
        let all = db.scheme_versions().await?;
        let previous = all.iter().filter(|v| v.code == code).max_by_key(|v| v.version);
        let mut def = match previous {
            Some(p) => {
                let mut d = p.clone();
                d.version = p.version + 1;
                d
            }
            None => {
                let mut d = SchemeDefinition::seine_maritime_2021();
                d.code = code.clone();
                d.version = 1;
                d.sources = Vec::new();
                d
            }
        };
        def.name_fr = nom.to_string();
        if !territoire.trim().is_empty() {
            def.territory_fr = territoire.trim().to_string();
        }
        def.valid_from = valid_from;
        def.valid_to = valid_to;
        def.job_start_window = window;
        def.neutralised_months = months;
        def.bonus_amount = bonus;
        // Sector codes kept from the previous version keep their "named in the sources" mark.
        def.eligible_sectors = sectors
            .into_iter()
            .map(|mut s| {
                s.named_in_sources = previous.and_then(|p| p.sector(&s.code)).is_some_and(|o| o.named_in_sources);
                s
            })
            .collect();
        let texts: Vec<&str> = hypotheses.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        if !texts.is_empty() {
            def.assumptions = texts
                .iter()
                .enumerate()
                .map(|(i, t)| passerelle::Assumption { code: format!("hypothese_{}", i + 1), text_fr: t.to_string() })
                .collect();
        }
        def.validate().map_err(|e| AppError::invalid("fenetre_debut", e.message_fr()))?;
        let audit = AuditEntry::new(Actor::Staff(admin.staff_id), "create_scheme_version")
                .target("scheme", &def.code)
                .detail(serde_json::json!({
                    "version": def.version,
                    "valid_from": def.valid_from.to_string(),
                    "valid_to": def.valid_to.map(|d| d.to_string()),
                    "window": [def.job_start_window.first.to_string(), def.job_start_window.last.to_string()],
                    "months": def.neutralised_months,
                    "bonus_cents": def.bonus_amount.get(),
                    "sectors": def.eligible_sectors.iter().map(|s| s.code.clone()).collect::<Vec<_>>(),
                    "previous_version": previous.map(|p| p.version),
                }));
        db.insert_scheme_version(&def, Some(admin.staff_id), Some(audit)).await?;
        Ok(def.version)
    }
    .await;
    let values = [
        ("code", code.as_str()),
        ("nom", &nom),
        ("territoire", &territoire),
        ("valide_du", &valide_du),
        ("valide_au", &valide_au),
        ("fenetre_debut", &fenetre_debut),
        ("fenetre_fin", &fenetre_fin),
        ("mois", &mois),
        ("prime", &prime),
        ("secteurs", &secteurs),
        ("hypotheses", &hypotheses),
    ];
    finish(result, &form, &values, Some("/admin/dispositifs")).await
}
