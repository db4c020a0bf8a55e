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
/// How long fetching the provider's metadata and keys may take: a provider that hangs delays
/// sign-ins by this much at most, each on its own (nothing waits behind another's fetch).
pub const DISCOVERY_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a failed discovery is remembered: sign-ins in the meantime are refused at once
/// instead of each waiting for the timeout.
pub const DISCOVERY_FAILURE_TTL: Duration = Duration::from_secs(30);
/// The largest id_token accepted (real ones are about 1 KB; it is kept in the session for the
/// provider's logout).
pub const MAX_ID_TOKEN_BYTES: usize = 8 * 1024;
/// The largest answer read from a provider (metadata, keys, token, userinfo): real ones are a few
/// KB; a larger one is refused as it arrives, before it fills the memory.
pub const MAX_ANSWER_BYTES: usize = 64 * 1024;
/// The longest name or e-mail accepted from a provider.
const MAX_CLAIM_CHARS: usize = 200;
/// How far in the future an id_token's `iat` may be (clocks differ a little).
const CLOCK_SKEW_SECS: i64 = 60;

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
    /// Where a signed-in person lands.
    pub fn home_after_sign_in(self) -> &'static str {
        match self {
            ProviderKind::FranceConnect => "/mon-parcours",
            ProviderKind::ProConnect => "/agent",
        }
    }

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
    /// The person cancelled at the provider (`error=access_denied`): not an attack.
    #[error("the person cancelled at the provider")]
    Cancelled,
    /// The answer's `iss` is missing although the provider says it sends it, or is another's.
    #[error("issuer of the answer: {0}")]
    Issuer(String),
    /// A parameter given twice in the answer's address.
    #[error("parameter given twice: {0}")]
    Duplicate(&'static str),
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
            OidcError::Cancelled => "cancelled",
            OidcError::Issuer(_) => "wrong_issuer",
            OidcError::Duplicate(_) => "duplicate_parameter",
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
    /// RFC 9207 §3: the provider names itself (`iss`) in every answer to the callback.
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
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

impl PendingLogin {
    /// Whether `state` is the one this sign-in sent to the provider.
    pub fn sent(&self, state: &str) -> bool {
        same_secret(state, &self.state)
    }
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
    /// The last discovery, kept behind a lock held only to read or replace it (never across the
    /// network call).
    discovered: std::sync::Mutex<Cached>,
}

/// What the last discovery gave.
#[derive(Default)]
enum Cached {
    #[default]
    Nothing,
    Ready(std::sync::Arc<Discovered>),
    Failed {
        at: Instant,
        error: String,
    },
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
            discovered: std::sync::Mutex::new(Cached::Nothing),
        })
    }

    async fn discovered(&self) -> Result<std::sync::Arc<Discovered>, OidcError> {
        {
            let kept = self.discovered.lock().unwrap_or_else(|e| e.into_inner());
            match &*kept {
                Cached::Ready(d) if d.at.elapsed() < METADATA_TTL => return Ok(d.clone()),
                Cached::Failed { at, error } if at.elapsed() < DISCOVERY_FAILURE_TTL => {
                    return Err(OidcError::Discovery(format!("(remembered) {error}")));
                }
                _ => {}
            }
        }
        // Several sign-ins may fetch at once after the cache expired: each is bounded by the
        // timeout, and the last to finish is kept.
        let fetched = tokio::time::timeout(DISCOVERY_TIMEOUT, self.discover())
            .await
            .unwrap_or_else(|_| Err(OidcError::Discovery("timed out".into())));
        let mut kept = self.discovered.lock().unwrap_or_else(|e| e.into_inner());
        match fetched {
            Ok(d) => {
                let d = std::sync::Arc::new(d);
                *kept = Cached::Ready(d.clone());
                Ok(d)
            }
            Err(e) => {
                *kept = Cached::Failed {
                    at: Instant::now(),
                    error: e.to_string(),
                };
                Err(e)
            }
        }
    }

    /// Fetches the metadata and the keys.
    async fn discover(&self) -> Result<Discovered, OidcError> {
        let issuer = IssuerUrl::new(self.settings.issuer.clone())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let metadata = Metadata::discover_async(issuer, &Limited(&self.http))
            .await
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let answer = self
            .http
            .get(metadata.jwks_uri().url().clone())
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .map_err(|e| OidcError::Discovery(e.to_string()))?;
        let keys: jsonwebtoken::jwk::JwkSet =
            serde_json::from_slice(&read_limited(answer).await.map_err(OidcError::Discovery)?)
                .map_err(|e| OidcError::Discovery(e.to_string()))?;
        Ok(Discovered {
            metadata,
            keys,
            at: Instant::now(),
        })
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
            if error == "access_denied" {
                return Err(OidcError::Cancelled);
            }
            let said = answer.error_description.as_deref().unwrap_or_default();
            return Err(OidcError::Provider(format!("{error} {said}")));
        }
        if now - pending.started > LOGIN_VALIDITY_SECS {
            return Err(OidcError::TooLate);
        }
        let d = self.discovered().await?;
        // RFC 9207: a provider that names itself in its answers must be the one we sent the
        // person to (a mix-up between providers is refused), and one that says it always does
        // must have done so (§2.4).
        match &answer.iss {
            Some(iss)
                if iss.trim_end_matches('/') != self.settings.issuer.trim_end_matches('/') =>
            {
                return Err(OidcError::Issuer(format!("another issuer: {iss}")));
            }
            None if d
                .metadata
                .additional_metadata()
                .additional_metadata
                .authorization_response_iss_parameter_supported =>
            {
                return Err(OidcError::Issuer("missing although announced".into()));
            }
            _ => {}
        }
        let code = answer
            .code
            .clone()
            .filter(|c| !c.is_empty())
            .ok_or(OidcError::Provider("no code".into()))?;
        let client = self.client(&d);
        let mut exchange = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| OidcError::Token(e.to_string()))?;
        if let Some(v) = pending.pkce_verifier {
            exchange = exchange.set_pkce_verifier(PkceCodeVerifier::new(v));
        }
        let token = exchange
            .request_async(&Limited(&self.http))
            .await
            .map_err(|e| OidcError::Token(token_error(&e)))?;
        let id_token = token.id_token().ok_or(OidcError::NoIdToken)?;
        // Kept in the session for the logout: a huge token would become a huge session row.
        if id_token.to_string().len() > MAX_ID_TOKEN_BYTES {
            return Err(OidcError::IdToken("larger than 8 KB".into()));
        }
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
        if claims.issue_time().timestamp() > now + CLOCK_SKEW_SECS {
            return Err(OidcError::IdToken("issued in the future".into()));
        }
        let subject = claims.subject().as_str().to_string();
        // An empty subject would link a file to "nobody", and then anybody with an empty one.
        if subject.trim().is_empty() || subject.len() > 255 {
            return Err(OidcError::Claim("sub"));
        }
        let info = self.userinfo(&d, token.access_token(), &subject).await?;
        let fits = |v: &Option<String>| {
            v.as_deref()
                .is_none_or(|v| v.chars().count() <= MAX_CLAIM_CHARS)
        };
        if ![
            &info.given_name,
            &info.family_name,
            &info.usual_name,
            &info.email,
            &info.birthdate,
        ]
        .into_iter()
        .all(fits)
        {
            return Err(OidcError::Claim("too long"));
        }
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
        let jwt = String::from_utf8(read_limited(res).await.map_err(bad)?)
            .map_err(|e| bad(e.to_string()))?;
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

/// Reads an answer's body, refusing it once it passes [`MAX_ANSWER_BYTES`].
async fn read_limited(mut answer: openidconnect::reqwest::Response) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    while let Some(chunk) = answer.chunk().await.map_err(|e| e.to_string())? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(format!("answer larger than {} KB", MAX_ANSWER_BYTES / 1024));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The HTTP client of the `openidconnect` calls (discovery, token), reading at most
/// [`MAX_ANSWER_BYTES`] of each answer (its own client reads any size).
struct Limited<'a>(&'a openidconnect::reqwest::Client);

impl<'c> openidconnect::AsyncHttpClient<'c> for Limited<'_> {
    type Error = openidconnect::HttpClientError<openidconnect::reqwest::Error>;
    type Future = std::pin::Pin<
        Box<
            dyn std::future::Future<Output = Result<openidconnect::HttpResponse, Self::Error>>
                + Send
                + 'c,
        >,
    >;

    fn call(&'c self, request: openidconnect::HttpRequest) -> Self::Future {
        Box::pin(call_limited(self.0, request))
    }
}

async fn call_limited(
    http: &openidconnect::reqwest::Client,
    request: openidconnect::HttpRequest,
) -> Result<
    openidconnect::HttpResponse,
    openidconnect::HttpClientError<openidconnect::reqwest::Error>,
> {
    use openidconnect::HttpClientError;
    let answer = http
        .execute(request.try_into().map_err(Box::new)?)
        .await
        .map_err(Box::new)?;
    let mut builder = openidconnect::http::Response::builder()
        .status(answer.status())
        .version(answer.version());
    for (name, value) in answer.headers() {
        builder = builder.header(name, value);
    }
    let body = read_limited(answer).await.map_err(HttpClientError::Other)?;
    builder.body(body).map_err(HttpClientError::Http)
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
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
    /// The provider's name for itself (RFC 9207), when it sends it.
    pub iss: Option<String>,
}

impl CallbackQuery {
    /// Reads the provider's answer from the raw query string. A parameter given twice is refused
    /// (which one would be meant?), as a failed sign-in with its French page, not a 400 in English.
    pub fn parse(raw: Option<&str>) -> Result<CallbackQuery, OidcError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        let mut q = CallbackQuery::default();
        for (name, value) in pairs {
            let (slot, name) = match name.as_str() {
                "code" => (&mut q.code, "code"),
                "state" => (&mut q.state, "state"),
                "error" => (&mut q.error, "error"),
                "error_description" => (&mut q.error_description, "error_description"),
                "iss" => (&mut q.iss, "iss"),
                _ => continue,
            };
            if slot.replace(value).is_some() {
                return Err(OidcError::Duplicate(name));
            }
        }
        Ok(q)
    }
}

/// Text from outside (a provider's error, an address) made safe for one log line: control
/// characters escaped (a newline cannot forge another line), and at most 300 characters.
pub fn log_safe(text: &str) -> String {
    text.chars()
        .take(300)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_text_cannot_forge_a_log_line() {
        let said = "access_denied\n2026-12-08T01:00:00Z INFO sign-in ok user=admin\r\u{1b}[2J";
        let logged = log_safe(said);
        assert!(!logged.contains('\n') && !logged.contains('\r') && !logged.contains('\u{1b}'));
        assert!(logged.starts_with("access_denied\\n2026"), "{logged}");
        // Accents stay readable; the length is bounded.
        assert_eq!(log_safe("Hélène"), "Hélène");
        assert!(log_safe(&"x".repeat(10_000)).chars().count() <= 300);
    }

    #[test]
    fn a_parameter_given_twice_is_refused() {
        let q = CallbackQuery::parse(Some("code=a&state=s&iss=https%3A%2F%2Fi")).unwrap();
        assert_eq!(
            (q.code.as_deref(), q.state.as_deref(), q.iss.as_deref()),
            (Some("a"), Some("s"), Some("https://i"))
        );
        for twice in [
            "code=a&state=s&state=t",
            "code=a&iss=x&iss=y",
            "code=a&code=b",
        ] {
            assert!(
                matches!(
                    CallbackQuery::parse(Some(twice)),
                    Err(OidcError::Duplicate(_))
                ),
                "{twice}"
            );
        }
        assert_eq!(
            CallbackQuery::parse(None).unwrap(),
            CallbackQuery::default()
        );
    }
}
