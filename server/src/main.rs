//! `passerelle-server [serve|migrate|create-admin]`: see `--help`.
use clap::Parser;

use server::config::{Cli, Command, CreateAdminArgs, ImportArgs, PurgeArgs};
use server::demo;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(cli.common.log_format);
    server::telemetry::log_panics();
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("Erreur : {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let common = cli.common;
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(Box::default()))
    {
        Command::Migrate => {
            let db = server::open_database(&common.database_url, 1).await?;
            db.close().await;
            println!("Migrations appliquées.");
        }
        Command::CreateAdmin(args) => create_admin(&common.database_url, args).await?,
        Command::Import(args) => import(&common.database_url, args).await?,
        Command::Purge(args) => purge(&common.database_url, args).await?,
        Command::SeedDemo(args) => {
            if common.env.is_production() {
                return Err(
                    "seed-demo est refusé en production : PASSERELLE_ENV=development pour charger \
                     des données de démonstration"
                        .into(),
                );
            }
            let db = server::open_database(&common.database_url, 4).await?;
            let opts = demo::DemoOptions {
                beneficiaries: args.beneficiaries,
                months: args.months,
                units: args.units,
                seed: args.seed,
                today: app::clock::today(),
            };
            let started = std::time::Instant::now();
            let summary = demo::seed(&db, &opts).await?;
            db.close().await;
            println!(
                "Données de démonstration : {} personnes, {} rendez-vous, {} étapes, {} comptes agents, en {:.1} s.",
                summary.beneficiaries,
                summary.appointments,
                summary.events,
                summary.staff,
                started.elapsed().as_secs_f64()
            );
            print_demo_sign_ins();
        }
        Command::Serve(args) => {
            if common.env.is_production() {
                let refusals = args.production_refusals();
                if !refusals.is_empty() {
                    return Err(format!(
                        "le serveur ne démarre pas en production :\n  - {}",
                        refusals.join("\n  - ")
                    )
                    .into());
                }
            }
            let config = args.web.app_config(common.env)?;
            let db = server::open_database(&common.database_url, common.pool_size()).await?;
            if config.senders.uses_development() {
                tracing::warn!(
                    "no SMTP_URL or SMS_API_URL: messages stay in the development mailbox (/admin/messages)"
                );
            }
            demo::guard(&db, config.production, args.demo_data).await?;
            if args.demo_data && demo::is_empty(&db).await? {
                let summary =
                    demo::seed(&db, &demo::DemoOptions::small(app::clock::today())).await?;
                println!(
                    "Base vide : données de démonstration chargées ({} personnes fictives).",
                    summary.beneficiaries
                );
            }
            if args.demo_data {
                print_demo_sign_ins();
            }
            let state = server::state(db, &args.site_root, config);
            server::background::spawn(&state);
            let addr = args.listen_addr();
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!(%addr, engine = ?state.db.engine(), "listening");
            println!("Passerelle est disponible sur http://{addr}");
            let consultations = state.consultations.clone();
            server::http::serve(listener, server::http::router(state)).await?;
            // The requests in flight are finished: write the consultations still waiting.
            consultations.flush().await;
        }
    }
    Ok(())
}

async fn create_admin(
    database_url: &str,
    args: CreateAdminArgs,
) -> Result<(), Box<dyn std::error::Error>> {
    let password = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let p = line.trim_end_matches(['\n', '\r']).to_string();
        if p.chars().count() < 12 {
            return Err("le mot de passe doit contenir au moins 12 caractères".into());
        }
        Some(p)
    } else {
        None
    };
    let db = server::open_database(database_url, 1).await?;
    let (id, generated) =
        server::accounts::create_admin(&db, &args.email, &args.name, password).await?;
    db.close().await;
    println!(
        "Compte administrateur n° {id} créé pour {}.",
        args.email.trim().to_lowercase()
    );
    if let Some(p) = generated {
        println!("Mot de passe (affiché une seule fois, à changer) : {p}");
    }
    Ok(())
}

fn print_demo_sign_ins() {
    println!("Connexions de démonstration :");
    println!(
        "  Bénéficiaire : /connexion, numéro allocataire {}, né(e) le {} ; le code à 6 chiffres se lit dans /admin/messages (compte admin).",
        demo::DEMO_FILE_NUMBER,
        demo::DEMO_BIRTH_DATE.label_fr()
    );
    println!(
        "  Obligations de la loi « plein emploi » (même connexion, code envoyé par SMS au numéro indiqué) :"
    );
    for (first, last, file, born, phone, what) in demo::OBLIGATIONS_PEOPLE {
        println!(
            "    {first} {last} : numéro {file}, né(e) le {}, {phone} — {what}",
            born.label_fr()
        );
    }
    for (email, _, role, _, password) in demo::DEMO_STAFF {
        println!(
            "  {} : /agent/connexion, {email} / {password}",
            role.label_fr()
        );
    }
    println!(
        "  Partenaire (API) : Authorization: Bearer {}",
        demo::DEMO_API_KEY
    );
}

async fn purge(database_url: &str, args: PurgeArgs) -> Result<(), Box<dyn std::error::Error>> {
    let db = server::open_database(database_url, 2).await?;
    let started = std::time::Instant::now();
    let r = db.purge(app::ssr::clock::now(), args.dry_run).await?;
    db.close().await;
    println!(
        "{} en {:.2} s :",
        if args.dry_run {
            "Essai (rien n'est effacé)"
        } else {
            "Purge faite"
        },
        started.elapsed().as_secs_f64()
    );
    for (n, what) in [
        (
            r.people,
            "dossiers sans activité depuis 2 ans (supprimés avec leurs messages)",
        ),
        (
            r.code_messages,
            "textes de codes de connexion de plus de 24 heures (effacés)",
        ),
        (
            r.sign_in_codes,
            "codes de connexion de plus de 24 heures (supprimés)",
        ),
        (
            r.notice_messages,
            "textes de messages de plus de 3 mois (effacés)",
        ),
        (
            r.import_files,
            "fichiers importés de plus de 30 jours (effacés)",
        ),
        (r.sessions, "sessions expirées (supprimées)"),
        (
            r.rate_limits,
            "compteurs de tentatives terminés (supprimés)",
        ),
        (
            r.audit_rows,
            "lignes du journal d'audit de plus de 5 ans (supprimées)",
        ),
    ] {
        println!("  {n:>7} {what}");
    }
    Ok(())
}

async fn import(database_url: &str, args: ImportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{} : {e}", args.file.display()))?;
    let db = server::open_database(database_url, 4).await?;
    if !db.unit_codes().await?.contains(&args.unit) {
        return Err(format!("l'unité « {} » n'existe pas", args.unit).into());
    }
    let started = std::time::Instant::now();
    let parsed = app::ssr::import::parse(&bytes, &db.unit_codes().await?, app::clock::today());
    for w in &parsed.warnings {
        println!("Remarque : {w}");
    }
    if !parsed.errors.is_empty() {
        for e in parsed.errors.iter().take(20) {
            if e.line == 0 {
                eprintln!("{}", e.message);
            } else {
                eprintln!("Ligne {} : {}", e.line, e.message);
            }
        }
        db.close().await;
        return Err(format!(
            "{} ligne(s) à corriger : rien n'a été importé",
            parsed.faulty
        )
        .into());
    }
    let total = parsed.rows.len();
    // Progress on a long import; nothing counts until the final commit (all rows or none).
    let progress = |done: usize| {
        println!("En cours : {done} lignes sur {total} (enregistrées ensemble à la fin)");
    };
    let counts = db
        .import_rows_with_progress(
            &parsed.rows,
            &args.unit,
            None,
            app::ssr::audit::Actor::System,
            args.dry_run,
            &progress,
        )
        .await?;
    db.audit(
        app::ssr::audit::AuditEntry::new(
            app::ssr::audit::Actor::System,
            if args.dry_run {
                "import_new_entrants_trial"
            } else {
                "import_new_entrants"
            },
        )
        .detail(serde_json::json!({ "unit": args.unit, "inserted": counts.inserted, "updated": counts.updated, "unchanged": counts.unchanged })),
    )
    .await?;
    db.close().await;
    println!(
        "{} {} lignes en {:.2} s : {} nouvelles personnes, {} mises à jour, {} inchangées.",
        if args.dry_run {
            "Essai (rien n'est écrit) :"
        } else {
            "Import terminé :"
        },
        parsed.rows.len(),
        started.elapsed().as_secs_f64(),
        counts.inserted,
        counts.updated,
        counts.unchanged
    );
    Ok(())
}
