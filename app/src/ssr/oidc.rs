//! FranceConnect (beneficiaries) and ProConnect (staff): the OpenID Connect client.
//!
//! The authorization code flow, as both providers ask for it: `state` and `nonce` of 43 random
//! characters kept in the server-side session, PKCE when the provider announces S256, the client
//! secret in the token request body, the id_token verified by `openidconnect` (signature ES256 or
//! RS256 against the provider's published keys, issuer, audience, expiry, nonce, and `acr` for
//! FranceConnect), then the userinfo answer, which must be a signed JWT: `openidconnect` only
//! accepts RS256 there, so it is verified with `jsonwebtoken` against the same keys (signature,
//! issuer, audience, and the same `sub` as the id_token).
//!
//! The provider's metadata and keys are fetched on first use and kept [`METADATA_TTL`]; nothing
//! here is per request except what the session holds, so any server can finish a sign-in another
//! one started.
use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient,
    CoreClientAuthMethod, CoreGrantType, CoreIdToken, CoreJsonWebKey,
    CoreJweContentEncryptionAlgorithm, CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm,
    CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{
    AccessToken, AdditionalProviderMetadata, AuthType, AuthenticationContextClass,
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet,
    EndpointSet, IssuerUrl, LogoutProviderMetadata, LogoutRequest, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadata, RedirectUrl,
    Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};

use super::auth::{random_token, same_secret};

/// How long the provider's metadata and keys are kept before they are fetched again (keys
/// rotate: a key unknown to the copy kept is a failed sign-in until then).
pub const METADATA_TTL: Duration = Duration::from_secs(10 * 60);
/// How long a person may stay at the provider between leaving and coming back.
pub const LOGIN_VALIDITY_SECS: i64 = 10 * 60;
/// Length of `state` and `nonce` (FranceConnect and ProConnect refuse fewer than 32 characters).
const RANDOM_LEN: usize = 43;

/// The two providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    FranceConnect,
    ProConnect,
}

impl ProviderKind {
    pub fn code(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "franceconnect",
            ProviderKind::ProConnect => "proconnect",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "FranceConnect",
            ProviderKind::ProConnect => "ProConnect",
        }
    }

    /// The sign-in route that sends the browser to the provider.
    pub fn start_path(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "/connexion/franceconnect",
            ProviderKind::ProConnect => "/agent/connexion/proconnect",
        }
    }

    /// Where the provider sends the browser back (registered with the provider as
    /// `PUBLIC_URL` + this path).
    pub fn callback_path(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "/connexion/franceconnect/retour",
            ProviderKind::ProConnect => "/agent/connexion/proconnect/retour",
        }
    }

    /// The page with the button, where failures are told.
    pub fn sign_in_page(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "/connexion",
            ProviderKind::ProConnect => "/agent/connexion",
        }
    }

    fn scopes(self) -> &'static [&'static str] {
        match self {
            ProviderKind::FranceConnect => &["given_name", "family_name", "birthdate", "email"],
            ProviderKind::ProConnect => &["given_name", "usual_name", "email", "uid", "siret"],
        }
    }
}

/// What the environment gives for one provider.
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The issuer (its `/.well-known/openid-configuration` is read).
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
}

/// Why a sign-in through a provider failed. Logged and audited; the person is told in general
/// words (see the sign-in pages), never these details.
#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("provider unreachable or metadata invalid: {0}")]
    Discovery(String),
    #[error("no sign-in under way in this session (or started elsewhere)")]
    NoPendingLogin,
    #[error("state does not match the one sent")]
    State,
    #[error("the sign-in took longer than {LOGIN_VALIDITY_SECS} s")]
    TooLate,
    #[error("the provider answered with an error: {0}")]
    Provider(String),
    #[error("token request refused: {0}")]
    Token(String),
    #[error("no id_token in the token answer")]
    NoIdToken,
    #[error("id_token refused: {0}")]
    IdToken(String),
    #[error("userinfo refused: {0}")]
    UserInfo(String),
    #[error("claim missing or invalid: {0}")]
    Claim(&'static str),
}

impl OidcError {
    /// A short code for the audit trail.
    pub fn reason(&self) -> &'static str {
        match self {
            OidcError::Discovery(_) => "provider_unreachable",
            OidcError::NoPendingLogin => "no_pending_login",
            OidcError::State => "wrong_state",
            OidcError::TooLate => "too_late",
            OidcError::Provider(_) => "provider_error",
            OidcError::Token(_) => "token_refused",
            OidcError::NoIdToken => "no_id_token",
            OidcError::IdToken(_) => "id_token_refused",
            OidcError::UserInfo(_) => "userinfo_refused",
            OidcError::Claim(_) => "claim_missing",
        }
    }
}

/// `code_challenge_methods_supported`, which `openidconnect`'s core metadata does not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PkceMetadata {
    #[serde(default)]
    code_challenge_methods_supported: Vec<String>,
}
impl AdditionalProviderMetadata for PkceMetadata {}

/// The provider's metadata: the core fields, the end-session endpoint and PKCE methods.
type Metadata = ProviderMetadata<
    LogoutProviderMetadata<PkceMetadata>,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// A client built from discovered metadata: authorization endpoint known, token and userinfo
/// endpoints as the metadata says.
type DiscoveredClient = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

struct Discovered {
    metadata: Metadata,
    /// The same keys as `metadata.jwks()`, read by `jsonwebtoken` for the userinfo answer.
    keys: jsonwebtoken::jwk::JwkSet,
    at: Instant,
}

/// What the session keeps between leaving for the provider and coming back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingLogin {
    pub provider: ProviderKind,
    state: String,
    nonce: String,
    pkce_verifier: Option<String>,
    started: i64,
}

/// Who the provider says the person is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvidedIdentity {
    pub provider: ProviderKind,
    /// The provider's stable identifier of the person for this service.
    pub subject: String,
    pub given_name: String,
    /// FranceConnect's `family_name` (birth name), ProConnect's `usual_name`.
    pub family_name: String,
    /// FranceConnect only (`AAAA-MM-JJ`).
    pub birthdate: Option<String>,
    pub email: Option<String>,
    /// Kept for the provider's logout (`id_token_hint`).
    pub id_token: String,
}

/// The userinfo claims read (FranceConnect's and ProConnect's, all optional here and checked
/// where they are needed).
#[derive(Debug, Deserialize)]
struct UserInfo {
    sub: String,
    given_name: Option<String>,
    family_name: Option<String>,
    usual_name: Option<String>,
    birthdate: Option<String>,
    email: Option<String>,
}

/// One configured provider.
pub struct OidcProvider {
    pub kind: ProviderKind,
    settings: OidcSettings,
    redirect_uri: RedirectUrl,
    post_logout_uri: PostLogoutRedirectUrl,
    /// `scheme://host[:port]` of the issuer (its end-session endpoint is on the same host).
    origin: String,
    http: openidconnect::reqwest::Client,
    discovered: tokio::sync::Mutex<Option<std::sync::Arc<Discovered>>>,
}

impl std::fmt::Debug for OidcProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcProvider")
            .field("kind", &self.kind)
            .field("issuer", &self.settings.issuer)
            .finish_non_exhaustive()
    }
}

impl OidcProvider {
    /// A provider reached at `settings.issuer`, sending people back to `public_url`.
    pub fn new(
        kind: ProviderKind,
        settings: OidcSettings,
        public_url: &str,
    ) -> Result<OidcProvider, String> {
        let base = public_url.trim_end_matches('/');
        let redirect_uri = RedirectUrl::new(format!("{base}{}", kind.callback_path()))
            .map_err(|e| format!("PUBLIC_URL: {e}"))?;
        let post_logout_uri = PostLogoutRedirectUrl::new(format!("{base}/"))
            .map_err(|e| format!("PUBLIC_URL: {e}"))?;
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| format!("{}_ISSUER: {e}", kind.code().to_uppercase()))?;
        let origin = issuer.url().origin().ascii_serialization();
        let http = openidconnect::reqwest::Client::builder()
            // Following redirects would let a provider's answer send our server anywhere.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(OidcProvider {
            kind,
            settings,
            redirect_uri,
            post_logout_uri,
            origin,
            http,
            discovered: tokio::sync::Mutex::new(None),
        })
    }

    async fn discovered(&self) -> Result<std::sync::Arc<Discovered>, OidcError> {
        let mut kept = self.discovered.lock().await;
        if let Some(d) = kept.as_ref().filter(|d| d.at.elapsed() < METADATA_TTL) {
            return Ok(d.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let keys: jsonwebtoken::jwk::JwkSet = self
            .http
            .get(metadata.jwks_uri().url().clone())
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| OidcError::Discovery(e.to_string()))?
            .json()
            .await
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let d = std::sync::Arc::new(Discovered {
            metadata,
            keys,
            at: Instant::now(),
        });
        *kept = Some(d.clone());
        Ok(d)
    }

    /// The client for the provider's current metadata.
    fn client(&self, d: &Discovered) -> DiscoveredClient {
        CoreClient::from_provider_metadata(
            d.metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect_uri.clone())
        // Both providers take the secret in the request body.
        .set_auth_type(AuthType::RequestBody)
    }

    /// Where to send the browser, and what the session must keep until it comes back.
    pub async fn start(&self, now: i64) -> Result<(String, PendingLogin), OidcError> {
        let d = self.discovered().await?;
        let client = self.client(&d);
        let pkce = d
            .metadata
            .additional_metadata()
            .additional_metadata
            .code_challenge_methods_supported
            .iter()
            .any(|m| m == "S256")
            .then(PkceCodeChallenge::new_random_sha256);
        let mut request = client.authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            || CsrfToken::new(random_token(RANDOM_LEN)),
            || Nonce::new(random_token(RANDOM_LEN)),
        );
        for scope in self.kind.scopes() {
            request = request.add_scope(Scope::new(scope.to_string()));
        }
        if self.kind == ProviderKind::FranceConnect {
            request = request
                .add_auth_context_value(AuthenticationContextClass::new("eidas1".to_string()));
        }
        let verifier = match pkce {
            Some((challenge, verifier)) => {
                request = request.set_pkce_challenge(challenge);
                Some(verifier.secret().clone())
            }
            None => None,
        };
        let (url, state, nonce) = request.url();
        Ok((
            url.to_string(),
            PendingLogin {
                provider: self.kind,
                state: state.secret().clone(),
                nonce: nonce.secret().clone(),
                pkce_verifier: verifier,
                started: now,
            },
        ))
    }

    /// Back from the provider: checks `state`, exchanges the code, verifies the id_token and the
    /// userinfo answer.
    pub async fn finish(
        &self,
        pending: Option<PendingLogin>,
        answer: &CallbackQuery,
        now: i64,
    ) -> Result<ProvidedIdentity, OidcError> {
        let pending = pending
            .filter(|p| p.provider == self.kind)
            .ok_or(OidcError::NoPendingLogin)?;
        let state = answer.state.as_deref().unwrap_or_default();
        if !same_secret(state, &pending.state) {
            return Err(OidcError::State);
        }
        if let Some(error) = &answer.error {
            let said = answer.error_description.as_deref().unwrap_or_default();
            return Err(OidcError::Provider(
                format!("{error} {said}").chars().take(200).collect(),
            ));
        }
        // RFC 9207: a provider that names itself in its answer must be the one we sent the
        // person to (a mix-up between providers is refused).
        if let Some(iss) = &answer.iss
            && iss.trim_end_matches('/') != self.settings.issuer.trim_end_matches('/')
        {
            return Err(OidcError::Provider(format!(
                "answer from another issuer: {iss}"
            )));
        }
        if now - pending.started > LOGIN_VALIDITY_SECS {
            return Err(OidcError::TooLate);
        }
        let code = answer
            .code
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or(OidcError::Provider("no code".into()))?;
        let d = self.discovered().await?;
        let client = self.client(&d);
        let mut exchange = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Token(e.to_string()))?;
        if let Some(v) = pending.pkce_verifier {
            exchange = exchange.set_pkce_verifier(PkceCodeVerifier::new(v));
        }
        let token = exchange
            .request_async(&self.http)
            .await
            .map_err(|e| OidcError::Token(token_error(&e)))?;
        let id_token = token.id_token().ok_or(OidcError::NoIdToken)?;
        let mut verifier = client.id_token_verifier().set_allowed_algs([
            CoreJwsSigningAlgorithm::EcdsaP256Sha256,
            CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        ]);
        if self.kind == ProviderKind::FranceConnect {
            verifier = verifier.set_auth_context_verifier_fn(|acr| match acr.map(|a| a.as_str()) {
                Some("eidas1" | "eidas2" | "eidas3") => Ok(()),
                other => Err(format!("acr {other:?} below eidas1")),
            });
        }
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce))
            .map_err(|e| OidcError::IdToken(e.to_string()))?;
        let subject = claims.subject().as_str().to_string();
        let info = self.userinfo(&d, token.access_token(), &subject).await?;
        let given_name = info
            .given_name
            .filter(|n| !n.trim().is_empty())
            .ok_or(OidcError::Claim("given_name"))?;
        let family_name = match self.kind {
            ProviderKind::FranceConnect => info.family_name,
            ProviderKind::ProConnect => info.usual_name,
        }
        .filter(|n| !n.trim().is_empty())
        .ok_or(OidcError::Claim("family_name"))?;
        if self.kind == ProviderKind::FranceConnect && info.birthdate.is_none() {
            return Err(OidcError::Claim("birthdate"));
        }
        if self.kind == ProviderKind::ProConnect && info.email.is_none() {
            return Err(OidcError::Claim("email"));
        }
        Ok(ProvidedIdentity {
            provider: self.kind,
            subject,
            given_name,
            family_name,
            birthdate: info.birthdate,
            email: info.email,
            id_token: id_token.to_string(),
        })
    }

    /// The userinfo answer, which must be a JWT signed by the provider, about `subject`.
    async fn userinfo(
        &self,
        d: &Discovered,
        access_token: &AccessToken,
        subject: &str,
    ) -> Result<UserInfo, OidcError> {
        use jsonwebtoken::{Algorithm, DecodingKey, Validation};
        let bad = |e: String| OidcError::UserInfo(e);
        let url = d
            .metadata
            .userinfo_endpoint()
            .ok_or_else(|| bad("no userinfo endpoint".into()))?;
        let res = self
            .http
            .get(url.url().clone())
            .bearer_auth(access_token.secret())
            .header("accept", "application/jwt")
            .send()
            .await
            .map_err(|e| bad(e.to_string()))?;
        if !res.status().is_success() {
            return Err(bad(format!("status {}", res.status())));
        }
        let signed = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/jwt"));
        if !signed {
            return Err(bad("not a signed JWT".into()));
        }
        let jwt = res.text().await.map_err(|e| bad(e.to_string()))?;
        let header = jsonwebtoken::decode_header(&jwt).map_err(|e| bad(e.to_string()))?;
        if !matches!(header.alg, Algorithm::ES256 | Algorithm::RS256) {
            return Err(bad(format!("algorithm {:?}", header.alg)));
        }
        let jwk = match &header.kid {
            Some(kid) => d.keys.find(kid),
            None if d.keys.keys.len() == 1 => d.keys.keys.first(),
            None => None,
        }
        .ok_or_else(|| bad("signing key unknown".into()))?;
        let key = DecodingKey::from_jwk(jwk).map_err(|e| bad(e.to_string()))?;
        let mut validation = Validation::new(header.alg);
        validation.set_issuer(&[d.metadata.issuer().as_str()]);
        validation.set_audience(&[&self.settings.client_id]);
        validation.set_required_spec_claims(&["iss", "aud", "sub"]);
        let info = jsonwebtoken::decode::<UserInfo>(&jwt, &key, &validation)
            .map_err(|e| bad(e.to_string()))?
            .claims;
        if info.sub != subject {
            return Err(bad("another subject than the id_token's".into()));
        }
        Ok(info)
    }

    /// The provider's logout address for a session signed in with `id_token`, or `None` when
    /// the provider has no end-session endpoint (or cannot be reached: the local session is
    /// closed anyway).
    pub async fn logout_url(&self, id_token: &str) -> Option<String> {
        let d = self.discovered().await.ok()?;
        let endpoint = d
            .metadata
            .additional_metadata()
            .end_session_endpoint
            .clone()?;
        let token: CoreIdToken = id_token.parse().ok()?;
        Some(
            LogoutRequest::from(endpoint)
                .set_id_token_hint(&token)
                .set_post_logout_redirect_uri(self.post_logout_uri.clone())
                .set_state(CsrfToken::new(random_token(RANDOM_LEN)))
                .http_get_url()
                .to_string(),
        )
    }
}

/// The token endpoint's refusal, without the body of unknown answers (it could be large).
fn token_error<E: std::error::Error>(e: &E) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.chars().take(300).collect()
}

/// The query string the provider sends back.
#[derive(Debug, Default, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// The provider's name for itself (RFC 9207), when it sends it.
    pub iss: Option<String>,
}

/// The configured providers (either may be absent: its button is then not shown).
#[derive(Debug, Default)]
pub struct OidcProviders {
    pub franceconnect: Option<OidcProvider>,
    pub proconnect: Option<OidcProvider>,
}

impl OidcProviders {
    /// The providers' origins (`https://host:port`), where sign-out may send the browser.
    pub fn origins(&self) -> Vec<String> {
        [&self.franceconnect, &self.proconnect]
            .into_iter()
            .flatten()
            .map(|p| p.origin.clone())
            .collect()
    }

    pub fn get(&self, kind: ProviderKind) -> Option<&OidcProvider> {
        match kind {
            ProviderKind::FranceConnect => self.franceconnect.as_ref(),
            ProviderKind::ProConnect => self.proconnect.as_ref(),
        }
    }
}
