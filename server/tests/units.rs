//! Two territorial units side by side: the manager, the orientation officer and the reception agent
//! of each try the other unit's real objects — a person's file and a step on it, an import job, a
//! partner API key, the dashboard CSV and the people export —, on both engines. Each answer's body
//! is checked, not only its status: nothing of the other unit is shown, confirmed or changed, while
//! the same request on their own unit's object works.
mod common;

use common::{
    TestApp, dates,
    fixtures::{PASSWORD, staff_signed_in},
    job_id, upload, wait_job,
};
use passerelle::access::Role;

on_both_engines!(staff_never_reach_another_units_objects);

const UNITS: [&str; 2] = ["BDS", "ROU"];

/// One unit's real objects, created through the same routes people use.
struct UnitObjects {
    unit: &'static str,
    person_id: i64,
    file_number: &'static str,
    /// A name only this unit's person has: it must never appear in another unit's answers.
    name: &'static str,
    /// People who entered this month in this unit (for the dashboard's figure).
    entrants: usize,
    import_job: String,
    import_file: String,
    api_key: String,
    api_key_id: i64,
}

fn email(role: Role, unit: &str) -> String {
    format!("{}@{}.test", role.code(), unit.to_lowercase())
}

async fn objects_of(app: &TestApp, unit: &'static str) -> UnitObjects {
    let (file_number, first, last, commune) = match unit {
        "BDS" => ("3000001", "Bérénice", "Elbeuvienne", "Elbeuf"),
        _ => ("3000002", "Romuald", "Rouennais", "Rouen"),
    };
    let mut person = common::fixtures::beneficiary(file_number, first, last, None, None);
    person.unit_code = unit.to_string();
    person.commune = commune.to_string();
    // Entered this month (the dashboard's entrants below count this month).
    person.rsa_opened_on = dates::core(dates::first_of_month(0));
    let person_id = app.db().insert_beneficiary(&person).await.unwrap();
    // Rouen has one more entrant this month, so that each unit's figures differ.
    if unit == "ROU" {
        let mut extra = common::fixtures::beneficiary("3000003", "Rémi", "Rouennais", None, None);
        extra.unit_code = unit.to_string();
        extra.commune = commune.to_string();
        extra.rsa_opened_on = dates::core(dates::first_of_month(0));
        app.db().insert_beneficiary(&extra).await.unwrap();
    }
    // The unit's manager tries a new-entrant file (a trial job of their unit: nothing written).
    let mut manager = staff_signed_in(app, &email(Role::Manager, unit)).await;
    let import_file = format!("entrants-{}.csv", unit.to_lowercase());
    let csv = format!(
        "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n{};Nouveau{unit};Paul;02/02/1990;{commune};{}\n",
        if unit == "BDS" { "3100001" } else { "3100002" },
        dates::french_numeric(dates::first_of_month(0))
    );
    let res = upload(&mut manager, &import_file, csv.as_bytes(), None).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let import_job = job_id(&res);
    let job = wait_job(&mut manager, &import_job).await;
    assert_eq!(job["status"], "done", "{job}");
    assert_eq!(job["unit_code"], unit);
    let (api_key_id, api_key) = app
        .db()
        .create_api_key(
            "Mission locale",
            &format!("clé {unit}"),
            &["pathways:read"],
            Some(unit),
            None,
        )
        .await
        .unwrap();
    UnitObjects {
        unit,
        person_id,
        file_number,
        name: last,
        // The person, and Rouen's extra one (the file above is only tried).
        entrants: if unit == "ROU" { 2 } else { 1 },
        import_job,
        import_file,
        api_key,
        api_key_id,
    }
}

async fn staff_never_reach_another_units_objects(app: TestApp) {
    let hash = app::ssr::auth::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    for unit in UNITS {
        for role in [Role::Agent, Role::ChargeOrientation, Role::Manager] {
            app.db()
                .create_staff(&email(role, unit), role.label_fr(), role, Some(unit), &hash)
                .await
                .unwrap();
        }
    }
    let bds = objects_of(&app, "BDS").await;
    let rou = objects_of(&app, "ROU").await;
    let forbidden = app::error::AppError::Forbidden.to_string();
    let mut checked = 0;
    for (own, other) in [(&bds, &rou), (&rou, &bds)] {
        for role in [Role::Agent, Role::ChargeOrientation, Role::Manager] {
            let who = format!("{} of {}", role.code(), own.unit);
            let mut staff = staff_signed_in(&app, &email(role, own.unit)).await;

            // A person's file: their own unit's opens, the other's is "not found" and names nobody.
            let res = staff
                .call("/api/agent/dossier", &[("id", &own.person_id.to_string())])
                .await;
            assert_eq!(res.status, 200, "{who}: own file: {}", res.body);
            assert_eq!(res.json()["view"]["last_name"], own.name, "{who}");
            let res = staff
                .call(
                    "/api/agent/dossier",
                    &[("id", &other.person_id.to_string())],
                )
                .await;
            assert_eq!(res.status, 404, "{who}: other unit's file");
            assert_eq!(res.json()["code"], "not_found", "{who}");
            assert!(!res.body.contains(other.name), "{who}: {}", res.body);
            // The same answer as for a file that does not exist at all.
            let absent = staff.call("/api/agent/dossier", &[("id", "987654")]).await;
            assert_eq!((absent.status, absent.body), (res.status, res.body.clone()));

            // Search finds their own unit's person only.
            let res = staff
                .call("/api/agent/recherche", &[("q", other.name)])
                .await;
            assert_eq!(res.status, 200, "{who}: {}", res.body);
            assert!(!res.body.contains(other.file_number), "{who}: {}", res.body);
            let res = staff.call("/api/agent/recherche", &[("q", own.name)]).await;
            assert!(res.body.contains(own.file_number), "{who}: {}", res.body);

            // A step on the other unit's person: refused, and the person's file is unchanged.
            let res = staff
                .call(
                    "/api/agent/inviter",
                    &[("personne", &other.person_id.to_string())],
                )
                .await;
            let (status, code) = if role == Role::Agent {
                (403, "forbidden")
            } else {
                (404, "not_found")
            };
            assert_eq!(res.status, status, "{who}: invite in the other unit");
            assert_eq!(res.json()["code"], code, "{who}");
            let core = app
                .db()
                .person_core(other.person_id)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(core.status, "entered", "{who}: nothing written");

            // The other unit's import job: not shown, not confirmable.
            for path in ["/api/agent/import/etat", "/api/agent/import/confirmer"] {
                let res = staff.call(path, &[("id", &other.import_job)]).await;
                if role == Role::Manager {
                    assert_eq!(res.status, 404, "{who}: {path}");
                    assert_eq!(res.json()["code"], "not_found", "{who}");
                } else {
                    assert_eq!(res.status, 403, "{who}: {path}");
                    assert_eq!(res.json()["code"], "forbidden", "{who}");
                }
                assert!(
                    !res.body.contains(&other.import_file),
                    "{who}: {}",
                    res.body
                );
            }
            let res = staff
                .call("/api/agent/import/etat", &[("id", &own.import_job)])
                .await;
            if role == Role::Manager {
                assert_eq!(res.status, 200, "{who}: own import job: {}", res.body);
                assert_eq!(res.json()["file_name"], own.import_file.as_str());
            } else {
                assert_eq!(res.status, 403, "{who}: own import job");
            }
            let list = staff.call("/api/agent/import/liste", &[]).await;
            assert!(
                !list.body.contains(&other.import_file),
                "{who}: {}",
                list.body
            );

            // Partner API keys are the administrators' business, whatever the unit.
            let res = staff
                .call(
                    "/api/admin/cles/revoquer",
                    &[("id", &other.api_key_id.to_string())],
                )
                .await;
            assert_eq!(res.status, 403, "{who}: revoke a key");
            assert_eq!(res.json()["code"], "forbidden", "{who}");
            let res = staff.call("/api/admin/cles", &[]).await;
            assert_eq!(res.status, 403, "{who}: list keys");
            assert!(!res.body.contains("Mission locale"), "{who}: {}", res.body);

            // The dashboard and its CSV: managers get their own unit's figures whatever they ask.
            let csv = staff
                .get(&format!(
                    "/tableau-de-bord/donnees.csv?figure=entrants&unite={}",
                    other.unit
                ))
                .await;
            let export = staff
                .get(&format!("/agent/export.csv?unite={}", other.unit))
                .await;
            if role == Role::Manager {
                assert_eq!(csv.status, 200, "{who}: {}", csv.body);
                let this_month = dates::iso_month(dates::today());
                // Their own unit's entrants this month, whatever unit they ask for.
                assert!(
                    csv.body
                        .contains(&format!("\n{this_month};{}\n", own.entrants)),
                    "{who}: {}",
                    csv.body
                );
                assert_eq!(export.status, 200, "{who}: {}", export.body);
                assert!(export.body.contains(own.file_number), "{who}");
                assert!(
                    !export.body.contains(other.file_number) && !export.body.contains(other.name),
                    "{who}: {}",
                    export.body
                );
            } else {
                assert_eq!(csv.status, 403, "{who}: dashboard CSV");
                assert_eq!(csv.body, forbidden, "{who}");
                assert_eq!(export.status, 403, "{who}: export");
                assert_eq!(export.body, forbidden, "{who}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 6, "three roles in each of two units");

    // Each unit's partner key reads its own unit's person only; the other's is "not found", as a
    // file number that does not exist.
    for (own, other) in [(&bds, &rou), (&rou, &bds)] {
        let read = |file: &str, key: &str| {
            let req = axum::http::Request::get(format!("/api/v1/beneficiaries/{file}/pathway"))
                .header("authorization", format!("Bearer {key}"))
                .body(axum::body::Body::empty())
                .unwrap();
            app.request(req)
        };
        let res = read(own.file_number, &own.api_key).await;
        assert_eq!(res.status, 200, "{}: {}", own.unit, res.body);
        assert_eq!(res.json()["file_number"], own.file_number);
        let res = read(other.file_number, &own.api_key).await;
        assert_eq!(res.status, 404, "{} key, {} person", own.unit, other.unit);
        assert!(!res.body.contains(other.name), "{}", res.body);
        let absent = read("9999999", &own.api_key).await;
        assert_eq!((absent.status, absent.body), (res.status, res.body));
    }
    println!(
        "cross-unit checks: 6 staff × 2 units' objects, 2 partner keys: all refused as expected"
    );
}
