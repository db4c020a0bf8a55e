//! A test OpenID provider on a real socket, shaped like FranceConnect and ProConnect: discovery,
//! ES256 keys, authorization codes usable once, PKCE, client secret in the body, signed userinfo
//! (`application/jwt`), end-session endpoint.
//!
//! The test plays the person at the provider: it reads `state`, `nonce` and the PKCE challenge
//! from the address Passerelle sends the browser to, then [`FakeProvider::authorize`] issues a code
//! for an identity — with a twist when a failure is under test ([`Twist`]).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::{
    Form, Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD as B64};
use p256::ecdsa::{Signature, SigningKey, signature::Signer};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "passerelle-test";
pub const CLIENT_SECRET: &str = "secret-de-test-0123456789";

/// What goes wrong at the provider, for the failure tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Twist {
    #[default]
    None,
    /// The id_token carries another nonce than the one Passerelle sent.
    OtherNonce,
    /// The id_token expired an hour ago.
    Expired,
    /// The acr is below eidas1.
    LowAcr,
    /// The userinfo answer is plain JSON, not a signed JWT.
    UnsignedUserinfo,
    /// The id_token is signed by a key the provider does not publish.
    ForeignKey,
    /// The id_token was issued an hour from now.
    FutureIat,
    /// The id_token is 20 KB (a session row of that size for the logout).
    HugeIdToken,
    /// The id_token's `sub` is empty.
    EmptySub,
    /// The token endpoint's answer is 200 KB (read no further than 64 KB).
    EnormousAnswer,
}

#[derive(Clone)]
struct Grant {
    nonce: String,
    challenge: Option<String>,
    claims: Value,
    twist: Twist,
}

#[derive(Default)]
struct Books {
    codes: HashMap<String, Grant>,
    used: Vec<String>,
    tokens: HashMap<String, (Value, Twist)>,
    counter: u64,
}

#[derive(Clone)]
struct Shared {
    issuer: String,
    key: SigningKey,
    foreign: SigningKey,
    books: Arc<Mutex<Books>>,
    /// Announces `authorization_response_iss_parameter_supported` (RFC 9207).
    announces_iss: bool,
}

pub struct FakeProvider {
    pub issuer: String,
    shared: Shared,
    _server: tokio::task::JoinHandle<()>,
}

/// The parameters Passerelle put in the address of the provider's authorization page.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub params: HashMap<String, String>,
}

impl AuthorizeRequest {
    pub fn parse(location: &str) -> AuthorizeRequest {
        let query = location.split_once('?').expect("a query string").1;
        let params = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        AuthorizeRequest { params }
    }

    pub fn get(&self, name: &str) -> &str {
        self.params.get(name).map(String::as_str).unwrap_or("")
    }
}

/// Percent-decoding of a query value (`+` is a space).
fn decode(v: &str) -> String {
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 3 <= b.len() => {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).expect("percent-encoded byte"));
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 query value")
}

impl FakeProvider {
    pub async fn start() -> FakeProvider {
        FakeProvider::started(false).await
    }

    /// A provider that says it names itself (`iss`) in every answer to the callback.
    pub async fn announcing_iss() -> FakeProvider {
        FakeProvider::started(true).await
    }

    async fn started(announces_iss: bool) -> FakeProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let mut rng = rand::rngs::OsRng;
        let shared = Shared {
            issuer: issuer.clone(),
            key: SigningKey::random(&mut rng),
            foreign: SigningKey::random(&mut rng),
            books: Arc::default(),
            announces_iss,
        };
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        FakeProvider {
            issuer,
            shared,
            _server: server,
        }
    }

    /// The person authenticates at the provider as `claims` (plus `sub`): a code for Passerelle's
    /// callback, bound to the request's nonce and PKCE challenge.
    pub fn authorize(&self, request: &AuthorizeRequest, claims: Value, twist: Twist) -> String {
        let mut books = self.shared.books.lock().unwrap();
        books.counter += 1;
        let code = format!("code-{}", books.counter);
        books.codes.insert(
            code.clone(),
            Grant {
                nonce: request.get("nonce").to_string(),
                challenge: request.params.get("code_challenge").cloned(),
                claims,
                twist,
            },
        );
        code
    }

    /// Codes presented to the token endpoint, in order (a refused replay is listed too).
    pub fn codes_presented(&self) -> Vec<String> {
        self.shared.books.lock().unwrap().used.clone()
    }
}

async fn discovery(State(s): State<Shared>) -> Json<Value> {
    let i = &s.issuer;
    let mut metadata = json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "end_session_endpoint": format!("{i}/session/end"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["ES256"],
        "userinfo_signing_alg_values_supported": ["ES256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "acr_values_supported": ["eidas1"],
        "scopes_supported": ["openid", "given_name", "family_name", "birthdate", "email", "usual_name", "uid", "siret"],
    });
    if s.announces_iss {
        metadata["authorization_response_iss_parameter_supported"] = json!(true);
    }
    Json(metadata)
}

fn public_jwk(key: &SigningKey, kid: &str) -> Value {
    let point = key.verifying_key().to_encoded_point(false);
    json!({
        "kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": kid,
        "x": B64.encode(point.x().unwrap()),
        "y": B64.encode(point.y().unwrap()),
    })
}

async fn jwks(State(s): State<Shared>) -> Json<Value> {
    Json(json!({ "keys": [public_jwk(&s.key, "k1")] }))
}

fn sign(key: &SigningKey, kid: &str, claims: &Value) -> String {
    let header = B64.encode(json!({ "alg": "ES256", "kid": kid, "typ": "JWT" }).to_string());
    let payload = B64.encode(claims.to_string());
    let message = format!("{header}.{payload}");
    let signature: Signature = key.sign(message.as_bytes());
    format!("{message}.{}", B64.encode(signature.to_bytes()))
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn token(State(s): State<Shared>, Form(form): Form<HashMap<String, String>>) -> Response {
    let refuse = |what: &str| {
        (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "invalid_grant", "error_description": what })),
        )
            .into_response()
    };
    if form.get("client_id").map(String::as_str) != Some(CLIENT_ID)
        || form.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    let code = form.get("code").cloned().unwrap_or_default();
    let mut books = s.books.lock().unwrap();
    books.used.push(code.clone());
    // A code works once.
    let Some(grant) = books.codes.remove(&code) else {
        return refuse("unknown or used code");
    };
    if let Some(challenge) = &grant.challenge {
        let verifier = form.get("code_verifier").cloned().unwrap_or_default();
        if B64.encode(Sha256::digest(verifier.as_bytes())) != *challenge {
            return refuse("PKCE verifier does not match");
        }
    }
    let t = now();
    let mut id_claims = json!({
        "iss": s.issuer, "aud": CLIENT_ID, "sub": grant.claims["sub"],
        "iat": t, "exp": t + 60, "nonce": grant.nonce, "acr": "eidas1", "auth_time": t,
    });
    match grant.twist {
        Twist::OtherNonce => {
            id_claims["nonce"] = json!("une-autre-valeur-de-nonce-longue-de-plus-de-32")
        }
        Twist::Expired => {
            id_claims["iat"] = json!(t - 7200);
            id_claims["exp"] = json!(t - 3600);
        }
        Twist::LowAcr => id_claims["acr"] = json!("eidas0"),
        Twist::FutureIat => {
            id_claims["iat"] = json!(t + 3600);
            id_claims["exp"] = json!(t + 7200);
        }
        Twist::HugeIdToken => id_claims["padding"] = json!("x".repeat(20_000)),
        Twist::EmptySub => id_claims["sub"] = json!(""),
        Twist::EnormousAnswer => id_claims["padding"] = json!("x".repeat(200_000)),
        _ => {}
    }
    let id_token = if grant.twist == Twist::ForeignKey {
        sign(&s.foreign, "k1", &id_claims)
    } else {
        sign(&s.key, "k1", &id_claims)
    };
    let access = format!("at-{code}");
    books
        .tokens
        .insert(access.clone(), (grant.claims.clone(), grant.twist));
    Json(json!({
        "access_token": access, "token_type": "Bearer", "expires_in": 60, "id_token": id_token,
    }))
    .into_response()
}

async fn userinfo(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    let Some((claims, twist)) = s.books.lock().unwrap().tokens.get(&token).cloned() else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let mut claims = claims;
    claims["iss"] = json!(s.issuer);
    claims["aud"] = json!(CLIENT_ID);
    if twist == Twist::UnsignedUserinfo {
        return Json(claims).into_response();
    }
    (
        [(header::CONTENT_TYPE, "application/jwt")],
        sign(&s.key, "k1", &claims),
    )
        .into_response()
}
