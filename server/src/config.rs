//! Configuration, from environment variables (a `.env` file is read by the run script in development).
//! Every variable has a documented default so that a fresh clone runs with none set; see
//! `.env.example` for the list.
use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "passerelle-server",
    version,
    about = "Passerelle : service en ligne du SPIE (serveur web et outils d'administration)"
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
    /// Maximum connections in the pool; default 4 on SQLite, 16 on PostgreSQL (see
    /// [`Common::pool_size`]).
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", global = true)]
    pub database_max_connections: Option<u32>,
    /// Log format: `text` (development) or `json` (production). Verbosity comes from `RUST_LOG`
    /// (default `info`).
    #[arg(long, env = "LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: LogFormat,
    /// `production` (the default) or `development`. Production refuses demo data and starts only
    /// with `PUBLIC_URL` and real senders for e-mail and SMS; cookies are then always `Secure`.
    /// The README's run command sets `development`.
    #[arg(
        long = "env",
        env = "PASSERELLE_ENV",
        default_value = "production",
        global = true
    )]
    pub env: RunEnv,
}

/// Where the server runs. Production is the default, so that a forgotten variable never turns a
/// public server into a demonstration one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunEnv {
    Production,
    Development,
}

impl RunEnv {
    pub fn is_production(self) -> bool {
        self == RunEnv::Production
    }
}

impl Common {
    /// The pool size: as configured, or 4 on SQLite and 16 on PostgreSQL. SQLite writes one at a
    /// time anyway, each connection keeps its own page cache, which every commit by another
    /// connection empties: more connections than cores only add refills and lock contention
    /// (measured: staff search 568 req/s with 16, 827 with 4). PostgreSQL serves each
    /// connection in a process of its own.
    pub fn pool_size(&self) -> u32 {
        self.database_max_connections
            .unwrap_or(if self.database_url.starts_with("postgres") {
                16
            } else {
                4
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default command).
    Serve(Box<ServeArgs>),
    /// Apply the database migrations, then exit.
    Migrate,
    /// Create an administrator account (the first one, or another). Prints a generated password
    /// unless one is given on standard input with `--password-stdin`.
    CreateAdmin(CreateAdminArgs),
    /// Load demonstration data (fictitious people, staff accounts) into the database.
    SeedDemo(SeedDemoArgs),
    /// Import a CAF new-entrant file (CSV; columns in README.md): all lines or none.
    Import(ImportArgs),
    /// Apply the retention register (README, "Personal data"): delete or erase what has been kept
    /// long enough. The server also does it every night.
    Purge(PurgeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct PurgeArgs {
    /// Only count what would be deleted or erased.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: std::path::PathBuf,
    /// Territorial unit of the people (unless the file has a `unite` column).
    #[arg(long)]
    pub unit: String,
    /// Check the file and count what would change, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct SeedDemoArgs {
    /// Beneficiaries in all (14 000 is the scale of Boucles de Seine).
    #[arg(long, default_value_t = 14_000)]
    pub beneficiaries: usize,
    /// Months of new entrants (220–250 a month at full scale).
    #[arg(long, default_value_t = 24)]
    pub months: u32,
    /// Territorial units, comma-separated (e.g. BDS,ROU,ESM,DNB for the whole département).
    #[arg(long, default_value = "BDS", value_delimiter = ',')]
    pub units: Vec<String>,
    /// Seed of the generator: the same seed gives the same data.
    #[arg(long, default_value_t = 2021)]
    pub seed: u64,
}

#[derive(Debug, Clone, Args)]
pub struct CreateAdminArgs {
    /// The administrator's e-mail (their sign-in name).
    #[arg(long)]
    pub email: String,
    /// Their full name, as shown to colleagues.
    #[arg(long)]
    pub name: String,
    /// Read the password from the first line of standard input instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
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
    #[command(flatten)]
    pub web: WebArgs,
}

/// How the site is reached and how it sends messages.
#[derive(Debug, Clone, Args, Default)]
pub struct WebArgs {
    /// Public address, e.g. `https://passerelle.seinemaritime.fr`. With `https://`, cookies are
    /// `Secure` and responses carry HSTS; state-changing requests must come from this origin.
    #[arg(long, env = "PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Trust the `X-Forwarded-For` header of a reverse proxy (only when one is in front).
    #[arg(long, env = "TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// SMTP server for e-mails, e.g. `smtps://user:password@smtp.example.fr:465`. Unset: e-mails
    /// stay in the development mailbox (`/admin/messages`).
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender address of e-mails.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Passerelle <ne-pas-repondre@passerelle.invalid>"
    )]
    pub mail_from: String,
    /// SMS provider endpoint (see README, "Messages"). Unset: SMS stay in the development mailbox.
    #[arg(long, env = "SMS_API_URL")]
    pub sms_api_url: Option<String>,
    /// Bearer token for the SMS provider.
    #[arg(
        long,
        env = "SMS_API_TOKEN",
        hide_env_values = true,
        default_value = ""
    )]
    pub sms_api_token: String,
    /// Sender name shown on SMS (11 characters at most for most providers).
    #[arg(long, env = "SMS_SENDER", default_value = "Departement")]
    pub sms_sender: String,
    /// Partner API simulations allowed per client address and minute.
    #[arg(long, env = "API_SIMULATIONS_PER_MINUTE", default_value_t = 60)]
    pub api_simulations_per_minute: i64,
    /// Seconds a server keeps a message or a scheduled job it took before another server may take
    /// it (when the first one died). Longer than a batch of sends can take; shorten only to test.
    #[arg(long, env = "WORKER_LEASE_SECONDS", default_value_t = app::ssr::config::DEFAULT_WORKER_LEASE.whole_seconds())]
    pub worker_lease_seconds: i64,
    /// Hours (Paris time) during which Passerelle sends no invitation or reminder on its own:
    /// `20-8` (from 20:00 to 08:00), or `aucune`.
    #[arg(long, env = "QUIET_HOURS", default_value = "20-8")]
    pub quiet_hours: String,
    /// This server's name in the leases it takes (the `leased_by` of messages and jobs): who holds
    /// what when several servers share one database. Unset: the host's name and the process id.
    #[arg(long, env = "WORKER_NAME")]
    pub worker_name: Option<String>,
    /// FranceConnect issuer, e.g. `https://oidc.franceconnect.gouv.fr/api/v2`. Unset: no
    /// FranceConnect button. The redirect URI to register is `PUBLIC_URL/connexion/franceconnect/retour`.
    #[arg(long, env = "FRANCECONNECT_ISSUER")]
    pub franceconnect_issuer: Option<String>,
    #[arg(long, env = "FRANCECONNECT_CLIENT_ID", default_value = "")]
    pub franceconnect_client_id: String,
    #[arg(
        long,
        env = "FRANCECONNECT_CLIENT_SECRET",
        hide_env_values = true,
        default_value = ""
    )]
    pub franceconnect_client_secret: String,
    /// ProConnect issuer, e.g. `https://auth.agentconnect.gouv.fr/api/v2`. Unset: no ProConnect
    /// button. The redirect URI to register is `PUBLIC_URL/agent/connexion/proconnect/retour`.
    #[arg(long, env = "PROCONNECT_ISSUER")]
    pub proconnect_issuer: Option<String>,
    #[arg(long, env = "PROCONNECT_CLIENT_ID", default_value = "")]
    pub proconnect_client_id: String,
    #[arg(
        long,
        env = "PROCONNECT_CLIENT_SECRET",
        hide_env_values = true,
        default_value = ""
    )]
    pub proconnect_client_secret: String,
}

impl Default for ServeArgs {
    /// `serve` given without arguments: the same defaults and environment variables as the flags.
    fn default() -> Self {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        Only::parse_from(["passerelle-server"]).serve
    }
}

impl ServeArgs {
    /// Why this configuration may not serve in production (empty when it may). Each reason names
    /// the variable to set, in French, as the start-up error shows it.
    pub fn production_refusals(&self) -> Vec<String> {
        let web = &self.web;
        let set = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        let mut refusals = Vec::new();
        if self.demo_data {
            refusals.push(
                "DEMO_DATA=true est refusé en production : les données de démonstration ne vont \
                 jamais en production (PASSERELLE_ENV=development pour essayer)"
                    .to_string(),
            );
        }
        match web
            .public_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            None => refusals.push(
                "PUBLIC_URL manque : en production, l'adresse publique (https://…) est obligatoire"
                    .to_string(),
            ),
            Some(u)
                if !u
                    .get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://")) =>
            {
                refusals.push(format!(
                    "PUBLIC_URL doit commencer par https:// en production (reçu : {u})"
                ))
            }
            Some(_) => {}
        }
        // Codes to sign in go by SMS, and by e-mail for people without a mobile phone: without a
        // real sender they would sit in the development mailbox, read by administrators.
        if !set(&web.sms_api_url) {
            refusals.push(
                "SMS_API_URL manque : en production, les codes de connexion doivent partir par SMS"
                    .to_string(),
            );
        }
        if !set(&web.smtp_url) {
            refusals.push(
                "SMTP_URL manque : en production, les codes de connexion doivent partir par e-mail"
                    .to_string(),
            );
        }
        refusals
    }
}

impl WebArgs {
    /// The application's settings, with the senders these arguments configure.
    pub fn app_config(&self, env: RunEnv) -> Result<app::ssr::config::AppConfig, String> {
        use app::ssr::outbox::{HttpSmsSender, Senders, SmtpSender};
        use std::sync::Arc;
        let quiet = passerelle::reminders::QuietHours::parse(&self.quiet_hours)
            .map_err(|e| format!("QUIET_HOURS {e}"))?;
        app::ssr::jobs::set_quiet_hours(quiet);
        if let Some(name) = self.worker_name.as_deref().filter(|n| !n.is_empty()) {
            app::ssr::jobs::set_worker_name(name.to_string());
        }
        let mut senders = Senders::development();
        if let Some(url) = self.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            senders.email = Arc::new(SmtpSender::new(url, &self.mail_from)?);
        }
        if let Some(url) = self.sms_api_url.as_deref().filter(|u| !u.is_empty()) {
            senders.sms = Arc::new(HttpSmsSender::new(
                url,
                &self.sms_api_token,
                &self.sms_sender,
            )?);
        }
        let public_url = self.public_url.clone().filter(|u| !u.is_empty());
        let oidc = self.oidc_providers(public_url.as_deref())?;
        Ok(app::ssr::config::AppConfig {
            production: env.is_production(),
            public_url,
            trust_proxy: self.trust_proxy,
            senders: Arc::new(senders),
            simulations_per_minute: self.api_simulations_per_minute.max(1),
            worker_lease: time::Duration::seconds(self.worker_lease_seconds.max(5)),
            oidc: Arc::new(oidc),
        })
    }

    /// FranceConnect and ProConnect, for those whose issuer is given (with its client id and
    /// secret, and `PUBLIC_URL` for the redirect URIs: a half-given provider stops the start).
    fn oidc_providers(
        &self,
        public_url: Option<&str>,
    ) -> Result<app::ssr::oidc::OidcProviders, String> {
        use app::ssr::oidc::{OidcProvider, OidcProviders, OidcSettings, ProviderKind};
        let one = |kind: ProviderKind, issuer: &Option<String>, id: &str, secret: &str| {
            let Some(issuer) = issuer.as_deref().filter(|i| !i.is_empty()) else {
                return Ok(None);
            };
            let name = kind.code().to_uppercase();
            if id.is_empty() || secret.is_empty() {
                return Err(format!(
                    "{name}_ISSUER is set: {name}_CLIENT_ID and {name}_CLIENT_SECRET are needed too"
                ));
            }
            let public_url = public_url.ok_or_else(|| {
                format!("{name}_ISSUER is set: PUBLIC_URL is needed too (the redirect URI is built from it)")
            })?;
            let settings = OidcSettings {
                issuer: issuer.to_string(),
                client_id: id.to_string(),
                client_secret: secret.to_string(),
            };
            OidcProvider::new(kind, settings, public_url).map(Some)
        };
        Ok(OidcProviders {
            franceconnect: one(
                ProviderKind::FranceConnect,
                &self.franceconnect_issuer,
                &self.franceconnect_client_id,
                &self.franceconnect_client_secret,
            )?,
            proconnect: one(
                ProviderKind::ProConnect,
                &self.proconnect_issuer,
                &self.proconnect_client_id,
                &self.proconnect_client_secret,
            )?,
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> ServeArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let mut all = vec!["passerelle-server"];
        all.extend_from_slice(args);
        Only::parse_from(all).serve
    }

    #[test]
    fn production_needs_an_https_address_and_real_senders_and_no_demo() {
        let refused = serve(&["--demo-data"]).production_refusals();
        for name in ["DEMO_DATA", "PUBLIC_URL", "SMS_API_URL", "SMTP_URL"] {
            assert!(
                refused.iter().any(|r| r.starts_with(name)),
                "{name}: {refused:?}"
            );
        }
        let plain = serve(&[
            "--public-url",
            "http://passerelle.example.fr",
            "--sms-api-url",
            "https://sms.example.fr",
            "--smtp-url",
            "smtps://smtp.example.fr",
        ])
        .production_refusals();
        assert_eq!(plain.len(), 1, "{plain:?}");
        assert!(plain[0].contains("https://"));
        let ready = serve(&[
            "--public-url",
            "HTTPS://passerelle.example.fr",
            "--sms-api-url",
            "https://sms.example.fr",
            "--smtp-url",
            "smtps://smtp.example.fr",
        ])
        .production_refusals();
        assert!(ready.is_empty(), "{ready:?}");
    }
}
