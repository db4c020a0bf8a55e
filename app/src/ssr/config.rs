//! Settings the application needs at request time (read once at start by the server).
use std::sync::Arc;

use super::outbox::Senders;

/// How long a server keeps a message or a job it took, unless configured
/// (`WORKER_LEASE_SECONDS`): longer than a batch of sends can take.
pub const DEFAULT_WORKER_LEASE: time::Duration = time::Duration::minutes(5);

#[derive(Clone)]
pub struct AppConfig {
    /// Production (the default of the server) unless `PASSERELLE_ENV=development`: cookies are
    /// `Secure` and responses carry HSTS whatever `public_url` says.
    pub production: bool,
    /// The public address (`https://passerelle.example.fr`), when known. Decides secure cookies
    /// and HSTS, and is the origin state-changing requests must come from.
    pub public_url: Option<String>,
    /// Trust `X-Forwarded-For` from the reverse proxy in front (never when exposed directly).
    pub trust_proxy: bool,
    /// Where messages go (e-mail, SMS), or the development mailbox.
    pub senders: Arc<Senders>,
    /// Partner API simulations allowed per client address and minute.
    pub simulations_per_minute: i64,
    /// How long a server keeps a message or a job it took before another may take it.
    pub worker_lease: time::Duration,
    /// FranceConnect and ProConnect, when configured.
    pub oidc: Arc<super::oidc::OidcProviders>,
}

impl AppConfig {
    /// Whether the site is served over HTTPS (cookies get `Secure`, responses get HSTS): always in
    /// production (TLS may end at a load balancer in front, and the address may be spelled
    /// `HTTPS://`), and in development when the public address says so.
    pub fn https(&self) -> bool {
        self.production
            || self.public_url.as_deref().is_some_and(|u| {
                u.get(..8)
                    .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            })
    }
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            production: false,
            public_url: None,
            trust_proxy: false,
            senders: Arc::new(Senders::development()),
            simulations_per_minute: 60,
            worker_lease: DEFAULT_WORKER_LEASE,
            oidc: Arc::default(),
        }
    }
}
