//! `passerelle-server [serve|migrate]`: see `--help`.
use clap::Parser;

use server::config::{Cli, Command, ServeArgs};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    server::telemetry::init(cli.common.log_format);
    match run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("Erreur : {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let common = cli.common;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Migrate => {
            let db = server::open_database(&common.database_url, 1).await?;
            db.close().await;
            println!("Migrations appliquées.");
        }
        Command::Serve(args) => {
            let db = server::open_database(&common.database_url, common.database_max_connections)
                .await?;
            let state = server::state(db, &args.site_root);
            let addr = args.listen_addr();
            let listener = tokio::net::TcpListener::bind(addr).await?;
            tracing::info!(%addr, engine = ?state.db.engine(), "listening");
            println!("Passerelle est disponible sur http://{addr}");
            server::http::serve(listener, server::http::router(state)).await?;
        }
    }
    Ok(())
}
