//! Configuration, from environment variables (a `.env` file is read by the run script in development).
//! Every variable has a documented default so that a fresh clone runs with none set; see
//! `.env.example` for the list.
use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "passerelle-server",
    version,
    about = "Passerelle : service en ligne du SPIE (serveur web et outils d'administration)"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args)]
pub struct Common {
    /// Database: `sqlite://data/passerelle.db` (default, created when missing) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/passerelle.db",
        global = true
    )]
    pub database_url: String,
    /// Maximum connections in the pool.
    #[arg(
        long,
        env = "DATABASE_MAX_CONNECTIONS",
        default_value_t = 16,
        global = true
    )]
    pub database_max_connections: u32,
    /// Log format: `text` (development) or `json` (production). Verbosity comes from `RUST_LOG`
    /// (default `info`).
    #[arg(long, env = "LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default command).
    Serve(ServeArgs),
    /// Apply the database migrations, then exit.
    Migrate,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on. Defaults to `LEPTOS_SITE_ADDR` (set by cargo-leptos), else 127.0.0.1:3000.
    #[arg(long, env = "LISTEN_ADDR")]
    pub listen: Option<SocketAddr>,
    /// Folder holding the built site (the wasm bundle, CSS, public files).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Load the demonstration data when the database is empty (never in production).
    #[arg(long, env = "DEMO_DATA", default_value_t = false)]
    pub demo_data: bool,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            listen: None,
            site_root: std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
            demo_data: std::env::var("DEMO_DATA").is_ok_and(|v| v == "true" || v == "1"),
        }
    }
}

impl ServeArgs {
    pub fn listen_addr(&self) -> SocketAddr {
        self.listen
            .or_else(|| {
                std::env::var("LEPTOS_SITE_ADDR")
                    .ok()
                    .and_then(|a| a.parse().ok())
            })
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 3000)))
    }
}
