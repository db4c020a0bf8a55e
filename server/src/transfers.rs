//! File transfers for managers, as plain HTTP (they work without JavaScript): uploading the monthly
//! new-entrant file (`POST /agent/import`, multipart) and exporting lists (`GET /agent/export.csv`,
//! streamed).
use app::ssr::auth::Identity;
use axum::{
    Router,
    body::Body,
    extract::{DefaultBodyLimit, Multipart, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use passerelle::access::Permission;
use passerelle::pathway::{Delays, PathwayStatus};
use serde::Deserialize;
use serde_json::json;

use app::error::AppError;
use app::forms::Flash;
use app::ssr::audit::{Actor, AuditEntry};
use app::ssr::auth::{CurrentUser, StaffAccount};
use app::ssr::pathway::ExportFilter;
use app::ssr::{AppState, from_time_date, import};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/agent/import",
            // A little more than the largest file accepted, for the form's other fields.
            post(upload).layer(DefaultBodyLimit::max(import::MAX_BYTES + 64 * 1024)),
        )
        .route("/agent/export.csv", get(export))
        .route("/tableau-de-bord/donnees.csv", get(dashboard_csv))
        .route("/mes-donnees/telecharger.json", get(my_data_json))
        .route("/mes-donnees/telecharger.csv", get(my_data_csv))
}

/// The signed-in person's data, for the downloads of "Mes données"; audited.
async fn my_data(
    state: &AppState,
    identity: &Identity,
) -> Result<app::my_data::PersonalData, Response> {
    let me = match identity.user().await {
        Ok(CurrentUser::Beneficiary(b)) => b,
        Ok(CurrentUser::Anonymous) => return Err(Redirect::to("/connexion").into_response()),
        Ok(CurrentUser::Staff(_)) => return Err(AppError::Forbidden.into_response()),
        Err(e) => return Err(e.into_response()),
    };
    let data = match state
        .db
        .my_data(me.beneficiary_id, app::lang::Lang::Fr)
        .await
    {
        Ok(Some(d)) => d,
        Ok(None) => return Err(AppError::NotFound.into_response()),
        Err(e) => return Err(AppError::from(e).into_response()),
    };
    let audit = AuditEntry::new(Actor::Beneficiary(me.beneficiary_id), "export_own_data")
        .beneficiary(me.beneficiary_id, &me.unit_code);
    if let Err(e) = state.db.audit(audit).await {
        return Err(AppError::from(e).into_response());
    }
    Ok(data)
}

fn download(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

async fn my_data_json(State(state): State<AppState>, identity: Identity) -> Response {
    match my_data(&state, &identity).await {
        Ok(d) => download(
            "application/json",
            "mes-donnees-passerelle.json",
            serde_json::to_vec_pretty(&d).unwrap_or_default(),
        ),
        Err(r) => r,
    }
}

async fn my_data_csv(State(state): State<AppState>, identity: Identity) -> Response {
    match my_data(&state, &identity).await {
        Ok(d) => download(
            "text/csv; charset=utf-8",
            "mes-donnees-passerelle.csv",
            app::ssr::my_data::csv(&d),
        ),
        Err(r) => r,
    }
}

#[derive(Debug, Deserialize)]
pub struct FigureQuery {
    figure: String,
    du: Option<String>,
    au: Option<String>,
    unite: Option<String>,
}

/// The data of one dashboard figure, as CSV.
async fn dashboard_csv(
    State(state): State<AppState>,
    identity: Identity,
    Query(q): Query<FigureQuery>,
) -> Response {
    let staff = match identity.user().await {
        Ok(CurrentUser::Staff(s)) if s.role().allows(Permission::ViewStatistics) => s,
        Ok(CurrentUser::Anonymous) => return Redirect::to("/agent/connexion").into_response(),
        Ok(_) => return (StatusCode::FORBIDDEN, AppError::Forbidden.to_string()).into_response(),
        Err(e) => return (StatusCode::SERVICE_UNAVAILABLE, e.to_string()).into_response(),
    };
    let filter = match app::ssr::dashboard::Filter::from_query(
        q.du.as_deref(),
        q.au.as_deref(),
        q.unite.as_deref(),
        &staff.scope(),
    ) {
        Ok(f) => f,
        Err(e) => return (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()).into_response(),
    };
    let data = match state.db.dashboard(&filter).await {
        Ok(d) => d,
        Err(e) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                AppError::from(e).to_string(),
            )
                .into_response();
        }
    };
    let Some(rows) = app::ssr::dashboard::figure_csv(&data, &q.figure) else {
        return (StatusCode::NOT_FOUND, AppError::NotFound.to_string()).into_response();
    };
    let mut body = app::ssr::csv::BOM.to_vec();
    for row in rows {
        body.extend(app::ssr::csv::line(row));
    }
    let name = format!("passerelle-{}-{}-{}.csv", q.figure, filter.from, filter.to);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// The staff member allowed to import and export, or the answer to give instead.
async fn manager(identity: &Identity) -> Result<StaffAccount, Response> {
    match identity.user().await {
        Ok(CurrentUser::Staff(s)) if s.role().allows(Permission::ImportExport) => Ok(s),
        Ok(CurrentUser::Anonymous) => Err(Redirect::to("/agent/connexion").into_response()),
        Ok(_) => Err((StatusCode::FORBIDDEN, AppError::Forbidden.to_string()).into_response()),
        Err(e) => Err((
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            e.to_string(),
        )
            .into_response()),
    }
}

/// Back to the import page with a message next to the file field.
async fn refuse(identity: &Identity, message: String) -> Response {
    let flash = Flash {
        form: "import".to_string(),
        error: AppError::invalid("fichier", message),
        values: Vec::new(),
    };
    let _ = identity
        .session()
        .insert(app::ssr::forms::SESSION_FLASH, flash)
        .await;
    Redirect::to("/agent/import").into_response()
}

/// Receives the file, creates a dry-run job and sends the browser to its page.
async fn upload(
    State(state): State<AppState>,
    identity: Identity,
    mut form: Multipart,
) -> Response {
    let staff = match manager(&identity).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut unit_choice = String::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("fichier") => {
                    let name = field.file_name().unwrap_or("fichier.csv").chars().take(200).collect::<String>();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, bytes.to_vec())),
                        Err(_) => return refuse(&identity, "Le fichier dépasse 10 Mo, ou l'envoi a été interrompu. Déposez un fichier plus petit.".into()).await,
                    }
                }
                Some("unite") => unit_choice = field.text().await.unwrap_or_default(),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return refuse(&identity, "Le fichier dépasse 10 Mo, ou l'envoi a été interrompu. Déposez un fichier plus petit.".into()).await,
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(&identity, "Choisissez le fichier à importer (CSV).".into()).await;
    };
    // Managers import into their unit; admins choose.
    let unit = match (&staff.unit_code, unit_choice.trim()) {
        (Some(own), _) => own.clone(),
        (None, "") => {
            return refuse(
                &identity,
                "Choisissez l'unité territoriale des personnes du fichier.".into(),
            )
            .await;
        }
        (None, chosen) => chosen.to_string(),
    };
    match state.db.unit_codes().await {
        Ok(codes) if codes.contains(&unit) => {}
        Ok(_) => return refuse(&identity, "Cette unité territoriale n'existe pas.".into()).await,
        Err(e) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                AppError::from(e).to_string(),
            )
                .into_response();
        }
    }
    match state
        .db
        .create_import_job(&unit, Some(staff.staff_id), &name, &bytes, true)
        .await
    {
        Ok(id) => {
            import::spawn_job(state.db.clone(), id);
            Redirect::to(&format!("/agent/import/{id}")).into_response()
        }
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            AppError::from(e).to_string(),
        )
            .into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    statut: Option<String>,
    depuis: Option<String>,
    jusqua: Option<String>,
    unite: Option<String>,
}

const EXPORT_HEADER: [&str; 16] = [
    "numero_allocataire",
    "nom",
    "prenom",
    "commune",
    "unite",
    "date_ouverture_rsa",
    "statut",
    "statut_libelle",
    "jours_depuis_entree",
    "date_orientation",
    "delai_orientation_jours",
    "dans_les_30_jours",
    "dans_les_6_semaines",
    "parcours",
    "organisme_referent",
    "contrat_signe_le",
];

/// Streams the people of the manager's unit (every unit, or the one chosen, for admins) with their
/// status and delays, as CSV (`;`, UTF-8 with BOM, for spreadsheets set to French). Audited.
async fn export(
    State(state): State<AppState>,
    identity: Identity,
    Query(q): Query<ExportQuery>,
) -> Response {
    let staff = match manager(&identity).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let date = |s: &Option<String>| {
        s.as_deref()
            .filter(|v| !v.is_empty())
            .and_then(|v| v.parse::<passerelle::Date>().ok())
    };
    let status = q
        .statut
        .filter(|s| s == "a_orienter" || PathwayStatus::from_code(s).is_some());
    let unit = match &staff.unit_code {
        Some(own) => Some(own.clone()),
        None => q.unite.filter(|u| !u.is_empty()),
    };
    let filter = ExportFilter {
        unit,
        status,
        from: date(&q.depuis),
        to: date(&q.jusqua),
    };
    if let Err(e) = state
        .db
        .audit(
            AuditEntry::new(Actor::Staff(staff.staff_id), "export_people").detail(json!({
                "unit": filter.unit, "status": filter.status,
                "from": filter.from.map(|d| d.to_string()), "to": filter.to.map(|d| d.to_string()),
            })),
        )
        .await
    {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            AppError::from(e).to_string(),
        )
            .into_response();
    }
    let today = app::clock::today();
    let db = state.db.clone();
    // One page of 1 000 people at a time: memory stays flat whatever the size of the export.
    let stream = futures_util::stream::unfold(Some(0i64), move |after| {
        let db = db.clone();
        let filter = filter.clone();
        async move {
            let after = after?;
            if after == 0 {
                let mut head = app::ssr::csv::BOM.to_vec();
                head.extend(app::ssr::csv::line(EXPORT_HEADER));
                return Some((Ok::<_, std::io::Error>(head), Some(-1)));
            }
            let from = after.max(0);
            match db.export_page(&filter, from, 1000).await {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let last = rows.last().map(|r| r.beneficiary_id).unwrap_or(from);
                    let mut out = Vec::with_capacity(rows.len() * 160);
                    for r in rows {
                        let entry = from_time_date(r.rsa_opened_on);
                        let oriented = r.oriented_on.map(from_time_date);
                        let d = Delays::compute(entry, oriented, today);
                        let status =
                            PathwayStatus::from_code(&r.status).unwrap_or(PathwayStatus::Entered);
                        let yes_no = |b: bool| if b { "oui" } else { "non" }.to_string();
                        out.extend(app::ssr::csv::line([
                            r.file_number,
                            r.last_name,
                            r.first_name,
                            r.commune,
                            r.unit_code,
                            entry.to_string(),
                            status.code().to_string(),
                            status.staff_label_fr().to_string(),
                            d.days_since_entry.to_string(),
                            oriented.map(|o| o.to_string()).unwrap_or_default(),
                            d.orientation_days
                                .map(|n| n.to_string())
                                .unwrap_or_default(),
                            yes_no(d.within_target),
                            yes_no(d.within_legal),
                            r.orientation.unwrap_or_default(),
                            r.referent_org.unwrap_or_default(),
                            r.contract_signed_on
                                .map(|c| from_time_date(c).to_string())
                                .unwrap_or_default(),
                        ]));
                    }
                    Some((Ok(out), Some(last)))
                }
                Err(e) => {
                    tracing::error!(error = %e, "export");
                    Some((Err(std::io::Error::other("export interrompu")), None))
                }
            }
        }
    });
    let name = format!("passerelle-personnes-{today}.csv");
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        // Fused: the compression layer polls the stream once more after its end, which an
        // `unfold` answers with a panic (every browser then got the header line only).
        Body::from_stream(futures_util::StreamExt::fuse(stream)),
    )
        .into_response()
}
