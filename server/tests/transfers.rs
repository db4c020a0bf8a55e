//! The monthly new-entrant import and the CSV export, on both engines: malformed files get clear
//! messages and write nothing, a good file is imported all at once and only once, a killed import
//! leaves nothing partial, exports are streamed, scoped and audited.
mod common;

use std::process::Command;

use common::{
    Engine, TestApp, dates,
    fixtures::{Actor, seed, signed_in},
};

on_both_engines!(
    a_good_file_is_tried_then_imported_once,
    malformed_files_are_refused_with_a_message_and_write_nothing,
    a_file_too_big_is_refused_before_reading,
    exports_are_streamed_scoped_and_audited,
    a_running_job_left_by_a_stopped_server_is_marked_failed,
);

const GOOD: &str = "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa;telephone;situation;enfants_moins_3\n\
                    5000001;Lefèvre;Élise;12/05/1990;Elbeuf;03/11/2026;06 11 22 33 44;seul;1\n\
                    5000002;Nguyen;Bao;01/01/1980;Oissel;04/11/2026;;couple;0\n\
                    1000001;Martin;Camille;15/03/1985;Elbeuf;01/10/2026;06 12 34 56 78;seul;0\n";

async fn a_good_file_is_tried_then_imported_once(app: TestApp) {
    seed(&app).await;
    let before = app.db().count_beneficiaries().await.unwrap();
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = common::upload(&mut admin, "nouveaux.csv", GOOD.as_bytes(), Some("BDS")).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let trial = common::wait_job(&mut admin, &common::job_id(&res)).await;
    assert_eq!(trial["status"], "done", "{trial}");
    assert_eq!(trial["dry_run"], true);
    assert_eq!(
        (
            trial["inserted"].as_i64(),
            trial["updated"].as_i64(),
            trial["unchanged"].as_i64()
        ),
        (Some(2), Some(1), Some(0))
    );
    assert_eq!(
        app.db().count_beneficiaries().await.unwrap(),
        before,
        "a trial writes nothing"
    );
    let res = admin
        .call(
            "/api/agent/import/confirmer",
            &[("id", trial["id"].to_string().as_str())],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let real = common::wait_job(&mut admin, &res.json().to_string()).await;
    assert_eq!(real["status"], "done", "{real}");
    assert_eq!(real["inserted"], 2);
    assert_eq!(app.db().count_beneficiaries().await.unwrap(), before + 2);
    // The same file again: nothing changes (the upsert is keyed on the file number).
    let res = common::upload(&mut admin, "nouveaux.csv", GOOD.as_bytes(), Some("BDS")).await;
    let again = common::wait_job(&mut admin, &common::job_id(&res)).await;
    assert_eq!(
        (
            again["inserted"].as_i64(),
            again["updated"].as_i64(),
            again["unchanged"].as_i64()
        ),
        (Some(0), Some(0), Some(3))
    );
    // New people start their pathway at "entered", and are searchable by staff.
    let found = admin
        .call("/api/agent/recherche", &[("q", "lefevre elise")])
        .await
        .json();
    assert_eq!(found["rows"][0]["status"], "entered");
    // Each new entrant is to be invited (once, though the file came twice); the updated person,
    // already known, is not.
    let elise = found["rows"][0]["id"].to_string();
    let file = admin
        .call("/api/agent/dossier", &[("id", &elise)])
        .await
        .json();
    assert_eq!(
        file["planned"][0]["about"], "Invitation au rendez-vous d'orientation",
        "{file}"
    );
    // The file arrived today: the 6-week orientation deadline runs from today (CASF D262-65-2),
    // whatever the date the RSA opened.
    assert_eq!(
        file["view"]["deadlines"]["orientation_due"],
        common::dates::iso(common::dates::days_from_today(42)),
        "{}",
        file["view"]["deadlines"]
    );
    let jobs: i64 = app::with_pool!(app.db(), |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM scheduled_job WHERE kind = 'invitation'"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(jobs, 2);
    // The real import is audited.
    let audit = app.audit_rows(50).await;
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "import_new_entrants")
            .count(),
        1
    );
    // The updated person kept her pathway but has the new phone number.
    let camille = admin
        .call("/api/agent/recherche", &[("q", "1000001")])
        .await
        .json();
    let id = camille["rows"][0]["id"].to_string();
    let file = admin
        .call("/api/agent/dossier", &[("id", &id)])
        .await
        .json();
    assert_eq!(file["view"]["phone"], "06 12 34 56 78");
}

async fn malformed_files_are_refused_with_a_message_and_write_nothing(app: TestApp) {
    seed(&app).await;
    let before = app.db().count_beneficiaries().await.unwrap();
    let mut rouen = signed_in(&app, Actor::ManagerOtherUnit).await;
    let latin1: &[u8] = b"numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n5000009;L\xe9a;Petit;01/01/1990;Rouen;01/11/2026\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("encodage.csv", latin1.to_vec(), "n'est pas encodé en UTF-8"),
        ("colonnes.csv", b"nom;prenom\nMartin;Camille\n".to_vec(), "Colonnes manquantes"),
        (
            "dates.csv",
            "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n5000010;Petit;Léo;31/02/1990;Rouen;01/11/2026\n".into(),
            "Ligne 2\u{a0}: La date de naissance « 31/02/1990 » n'est pas une date valable",
        ),
        (
            "doublons.csv",
            "numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n5000011;Petit;Léo;01/02/1990;Rouen;01/11/2026\n5000011;Petit;Léo;01/02/1990;Rouen;01/11/2026\n".into(),
            "figure déjà ligne 2",
        ),
        ("vide.csv", b"   \n".to_vec(), "vide"),
    ];
    for (name, bytes, expected) in cases {
        let res = common::upload(&mut rouen, name, &bytes, None).await;
        assert_eq!(res.status, 303, "{name}: {}", res.body);
        let job = common::wait_job(&mut rouen, &common::job_id(&res)).await;
        assert_eq!(job["status"], "failed", "{name}");
        let errors: Vec<String> = job["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| match e["line"].as_u64().unwrap() {
                0 => e["message"].as_str().unwrap().to_string(),
                n => format!("Ligne {n}\u{a0}: {}", e["message"].as_str().unwrap()),
            })
            .collect();
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{name}: {errors:?}"
        );
        assert!(
            job["message"]
                .as_str()
                .unwrap()
                .contains("Rien n'a été importé")
                || job["message"]
                    .as_str()
                    .unwrap()
                    .contains("rien n'a été importé")
        );
    }
    assert_eq!(app.db().count_beneficiaries().await.unwrap(), before);
    // Staff without the right cannot upload.
    let mut agent = signed_in(&app, Actor::Agent).await;
    assert_eq!(
        common::upload(&mut agent, "x.csv", GOOD.as_bytes(), None)
            .await
            .status,
        403
    );
    assert_eq!(
        common::upload(&mut app.client(), "x.csv", GOOD.as_bytes(), None)
            .await
            .status,
        303,
        "anonymous: to the sign-in page"
    );
}

async fn a_file_too_big_is_refused_before_reading(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let big = vec![b'9'; 50 * 1024 * 1024];
    let res = common::upload(&mut admin, "enorme.csv", &big, Some("BDS")).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/agent/import"));
    let page = admin.get("/agent/import").await;
    assert!(
        page.body.contains("Le fichier dépasse 10 Mo"),
        "the message is on the form"
    );
    let jobs = admin.call("/api/agent/import/liste", &[]).await.json();
    assert!(jobs.as_array().unwrap().is_empty(), "no job was created");
}

async fn exports_are_streamed_scoped_and_audited(app: TestApp) {
    seed(&app).await;
    let mut admin = signed_in(&app, Actor::Admin).await;
    let res = admin.get("/agent/export.csv?statut=a_orienter").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let lines: Vec<&str> = res.body.trim_start_matches('\u{feff}').lines().collect();
    assert!(
        lines[0]
            .starts_with("numero_allocataire;nom;prenom;commune;unite;date_ouverture_rsa;statut")
    );
    assert_eq!(
        lines.len(),
        3,
        "header + the two people awaiting orientation: {lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("1000001;Martin;Camille;Elbeuf;BDS;2026-10-01;entered;À inviter;"))
    );
    // As a browser asks for it, compressed: the same file once decompressed (the whole stream,
    // not just its first chunk).
    for encoding in ["gzip", "br"] {
        let res = admin
            .send(
                axum::http::Request::get("/agent/export.csv?statut=a_orienter")
                    .header("accept-encoding", encoding)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, 200, "{encoding}");
        assert_eq!(res.header("content-encoding"), Some(encoding));
        let mut plain = String::new();
        use std::io::Read;
        match encoding {
            "gzip" => flate2::read::GzDecoder::new(&res.raw[..])
                .read_to_string(&mut plain)
                .unwrap(),
            _ => brotli_decompressor::Decompressor::new(&res.raw[..], 4096)
                .read_to_string(&mut plain)
                .unwrap(),
        };
        assert_eq!(
            plain
                .trim_start_matches('\u{feff}')
                .lines()
                .collect::<Vec<_>>(),
            lines,
            "{encoding}"
        );
    }
    let mut rouen = signed_in(&app, Actor::ManagerOtherUnit).await;
    let res = rouen.get("/agent/export.csv").await;
    assert_eq!(
        res.body.trim_start_matches('\u{feff}').lines().count(),
        1,
        "nobody of Rouen: only the header"
    );
    let mut agent = signed_in(&app, Actor::Agent).await;
    assert_eq!(agent.get("/agent/export.csv").await.status, 403);
    assert_eq!(app.client().get("/agent/export.csv").await.status, 303);
    // Each export audited: the admin's three (plain, gzip, br) and Rouen's; not the refused ones.
    let audit = app.audit_rows(20).await;
    assert_eq!(
        audit.iter().filter(|r| r.action == "export_people").count(),
        4
    );
}

async fn a_running_job_left_by_a_stopped_server_is_marked_failed(app: TestApp) {
    let id = app
        .db()
        .create_import_job("BDS", None, "coupure.csv", GOOD.as_bytes(), false)
        .await
        .unwrap();
    let long_ago = app::ssr::clock::now() - time::Duration::hours(1);
    app::with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE import_job SET status = 'running', started_at = $2 WHERE import_job_id = $1"
    )
    .bind(id)
    .bind(long_ago)
    .execute(pool)
    .await
    .map(|_| ()))
    .unwrap();
    assert_eq!(app.db().reap_import_jobs().await.unwrap(), 1);
    let job = app.db().import_job(id).await.unwrap().unwrap();
    assert_eq!(job.status, "failed");
    assert!(job.message.unwrap().contains("interrompu"));
}

/// Stops the import command (SIGKILL) in the middle of writing 14,000 rows — right after it said
/// it had written the first batch, then after half of them, both inside the open transaction — and
/// lets it run to the end once: the database holds none of the rows after each stop, and all of
/// them after the full run.
mod killing_an_import_never_leaves_it_half_written {
    #[test]
    fn sqlite() {
        super::kill_import_midway(super::Engine::Sqlite)
    }
    #[test]
    fn postgres() {
        super::kill_import_midway(super::Engine::Postgres)
    }
}

fn kill_import_midway(engine: Engine) {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    const ROWS: usize = 14_000;
    let dir =
        std::env::temp_dir().join(format!("passerelle_kill_{}_{engine:?}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("gros.csv");
    let opened = dates::french_numeric(dates::days_from_today(-30));
    let mut csv =
        String::from("numero_allocataire;nom;prenom;date_naissance;commune;date_ouverture_rsa\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "{};Nom{i};Prénom;01/01/1980;Elbeuf;{opened}\n",
            6_000_000 + i
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let server = env!("CARGO_BIN_EXE_passerelle-server");
    {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let app = rt.block_on(TestApp::new(engine));
        let url = app.database_url.clone();
        // (rows written when it is stopped; `None`: let it finish)
        for stop_after in [Some(1), Some(ROWS / 2), None] {
            let mut child = Command::new(server)
                .args([
                    "import",
                    file.to_str().unwrap(),
                    "--unit",
                    "BDS",
                    "--database-url",
                    &url,
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            let mut written_when_stopped = None;
            if let Some(threshold) = stop_after {
                // "En cours : 500 lignes sur 14000 …", printed after each batch is written.
                for line in lines.by_ref() {
                    let line = line.unwrap();
                    let written: Option<usize> = line
                        .strip_prefix("En cours : ")
                        .and_then(|rest| rest.split(' ').next())
                        .and_then(|n| n.parse().ok());
                    if written.is_some_and(|n| n >= threshold) {
                        child.kill().unwrap();
                        written_when_stopped = written;
                        break;
                    }
                }
            }
            let rest: Vec<String> = lines.map_while(Result::ok).collect();
            let status = child.wait().unwrap();
            let count = rt.block_on(app.db().count_beneficiaries()).unwrap();
            match stop_after {
                Some(threshold) => {
                    let written = written_when_stopped.unwrap_or_else(|| {
                        panic!("{engine:?}: the import never said it had written {threshold} rows")
                    });
                    assert!(written < ROWS, "{engine:?}: stopped midway");
                    assert_eq!(
                        status.signal(),
                        Some(9),
                        "{engine:?}: the import was killed, not finished ({status:?})"
                    );
                    assert_eq!(
                        count, 0,
                        "{engine:?}: killed after writing {written} rows, {count} kept"
                    );
                    println!("{engine:?}: killed after writing {written} of {ROWS} rows: 0 kept");
                }
                None => {
                    assert!(status.success(), "{engine:?}: {status:?} {rest:?}");
                    assert!(
                        rest.iter().any(|l| l.starts_with("Import terminé")),
                        "{rest:?}"
                    );
                    assert_eq!(
                        count, ROWS as i64,
                        "{engine:?}: the full run keeps every row"
                    );
                    println!("{engine:?}: run to the end: {count} rows");
                }
            }
        }
        drop(app);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
