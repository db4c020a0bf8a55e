//! FranceConnect and ProConnect, against a test provider on a real socket (`common::oidc`), on
//! both engines: the first-time link and the one-click sign-ins after it, staff matched by e-mail,
//! the provider's logout, and each failure — wrong state, replayed code, bad nonce, expired token,
//! low acr, unsigned userinfo, foreign key, mismatching birth date or names.
mod common;

use common::{
    Client, TestApp,
    fixtures::seed,
    oidc::{AuthorizeRequest, FakeProvider, Twist},
};
use serde_json::{Value, json};

on_both_engines!(
    a_first_franceconnect_sign_in_links_the_file_then_one_click_is_enough,
    a_mismatching_birth_date_or_name_links_nothing,
    a_wrong_state_is_refused_before_any_token_request,
    a_replayed_code_is_refused,
    bad_nonce_expired_token_and_other_forged_answers_are_refused,
    proconnect_signs_in_an_active_staff_account_by_email_only,
    buttons_show_only_for_configured_providers,
    many_people_signing_in_at_once_each_get_their_own_file_and_language,
    an_answer_without_the_announced_issuer_is_refused,
    a_cancel_a_double_click_and_a_doubled_parameter_are_not_attacks,
    a_hanging_provider_delays_each_sign_in_once_and_alone,
    names_with_decomposed_accents_link_the_file,
    franceconnect_still_works_while_codes_are_replaced_by_links,
);

fn camille(birthdate: &str) -> Value {
    json!({
        "sub": "fc-sub-camille",
        "given_name": "CAMILLE ANNE",
        "family_name": "MARTIN",
        "birthdate": birthdate,
        "email": "camille@example.test",
    })
}

/// Leaves for the provider: the address the browser is sent to, parsed.
async fn leave(client: &mut Client<'_>, start: &str, provider: &FakeProvider) -> AuthorizeRequest {
    let res = client.get(start).await;
    assert_eq!(res.status, 303, "{start}: {}", res.body);
    let location = res.header("location").expect("a redirect").to_string();
    assert!(
        location.starts_with(&format!("{}/authorize?", provider.issuer)),
        "{location}"
    );
    AuthorizeRequest::parse(&location)
}

/// Comes back from the provider with `code` and `state`: where Passerelle sends the browser.
async fn come_back(client: &mut Client<'_>, callback: &str, code: &str, state: &str) -> String {
    let res = client
        .get(&format!("{callback}?code={code}&state={state}"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    res.header("location").expect("a redirect").to_string()
}

/// The whole round trip: leaves from `start`, the person authenticates at the provider as
/// `claims` (with `twist`), and comes back to `back`: where Passerelle then sends the browser.
async fn through(
    client: &mut Client<'_>,
    (start, back): (&str, &str),
    provider: &FakeProvider,
    claims: Value,
    twist: Twist,
) -> String {
    let request = leave(client, start, provider).await;
    let code = provider.authorize(&request, claims, twist);
    come_back(client, back, &code, request.get("state")).await
}

/// Camille's round trip through FranceConnect, as she is.
async fn as_camille(client: &mut Client<'_>, provider: &FakeProvider) -> String {
    through(client, FC, provider, camille("1985-03-15"), Twist::None).await
}

/// Types a file number on the link page.
async fn link(client: &mut Client<'_>, file: &str) -> common::TestResponse {
    client
        .call("/api/connexion/franceconnect/lier", &[("numero", file)])
        .await
}

async fn who(client: &mut Client<'_>) -> Value {
    client.call("/api/session", &[]).await.json()
}

async fn links(app: &TestApp) -> i64 {
    use app::with_pool;
    with_pool!(app.db(), |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM identity_link"
    )
    .fetch_one(pool)
    .await
    .unwrap())
}

async fn audited(app: &TestApp, action: &str) -> Vec<Value> {
    app.audit_rows(50)
        .await
        .into_iter()
        .filter(|r| r.action == action)
        .map(|r| serde_json::from_str(&r.detail).expect("JSON detail"))
        .collect()
}

/// The refused provider answers, counted per reason (nobody is signed in yet: they are tallied
/// per hour, not audited one by one).
async fn refusals(app: &TestApp, provider: &str) -> std::collections::BTreeMap<String, i64> {
    use app::with_pool;
    let rows: Vec<(String, i64)> = with_pool!(app.db(), |pool| {
        sqlx::query_as(
        "SELECT kind, CAST(SUM(hits) AS BIGINT) FROM failure_tally WHERE kind LIKE $1 GROUP BY kind"
    )
    .bind(format!("oidc:{provider}:%"))
    .fetch_all(pool)
    .await
    })
    .unwrap();
    rows.into_iter()
        .map(|(k, n)| (k.rsplit(':').next().unwrap().to_string(), n))
        .collect()
}

fn counts(pairs: &[(&str, i64)]) -> std::collections::BTreeMap<String, i64> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

const FC_START: &str = "/connexion/franceconnect";
const FC_BACK: &str = "/connexion/franceconnect/retour";
const PC_START: &str = "/agent/connexion/proconnect";
const PC_BACK: &str = "/agent/connexion/proconnect/retour";
const FC: (&str, &str) = (FC_START, FC_BACK);
const PC: (&str, &str) = (PC_START, PC_BACK);

async fn a_first_franceconnect_sign_in_links_the_file_then_one_click_is_enough(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();

    let request = leave(&mut client, FC_START, &provider).await;
    assert!(request.get("state").len() >= 32, "state of 32+ characters");
    assert!(request.get("nonce").len() >= 32, "nonce of 32+ characters");
    assert_ne!(request.get("state"), request.get("nonce"));
    assert_eq!(request.get("acr_values"), "eidas1");
    assert_eq!(request.get("response_type"), "code");
    assert_eq!(
        request.get("scope"),
        "openid given_name family_name birthdate email"
    );
    assert_eq!(request.get("code_challenge_method"), "S256");
    assert_eq!(
        request.get("redirect_uri"),
        "http://localhost/connexion/franceconnect/retour"
    );
    let before = client.cookie.clone();

    let code = provider.authorize(&request, camille("1985-03-15"), Twist::None);
    let next = come_back(&mut client, FC_BACK, &code, request.get("state")).await;
    assert_eq!(next, "/connexion/franceconnect/lier");
    assert!(
        who(&mut client).await.is_null(),
        "not signed in before the link"
    );
    let page = client.get("/connexion/franceconnect/lier").await;
    assert!(page.body.contains("CAMILLE ANNE MARTIN"), "{}", page.body);
    assert!(page.body.contains("15 mars 1985"));

    let res = link(&mut client, "100 0001").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_ne!(client.cookie, before, "a new session id at sign-in");
    assert_eq!(who(&mut client).await["display_name"], "Camille Martin");
    assert_eq!(links(&app).await, 1);
    assert_eq!(
        audited(&app, "identity_linked").await,
        [json!({"provider": "franceconnect"})]
    );
    assert_eq!(
        audited(&app, "sign_in").await,
        [json!({"method": "franceconnect"})]
    );

    // Signing out ends the FranceConnect session too: the browser is sent to its end-session
    // endpoint with the id_token, a state and where to come back.
    let res = client.call("/api/deconnexion", &[]).await;
    let logout = res
        .header("location")
        .expect("the provider's logout")
        .to_string();
    assert!(
        logout.starts_with(&format!("{}/session/end?", provider.issuer)),
        "{logout}"
    );
    let logout = AuthorizeRequest::parse(&logout);
    assert_eq!(logout.get("id_token_hint").split('.').count(), 3);
    assert!(logout.get("state").len() >= 32);
    assert_eq!(logout.get("post_logout_redirect_uri"), "http://localhost/");
    assert!(who(&mut client).await.is_null());

    // Next time: one click, straight to "Mon parcours", nothing to type.
    let mut client = app.client();
    let next = as_camille(&mut client, &provider).await;
    assert_eq!(next, "/mon-parcours");
    assert_eq!(who(&mut client).await["display_name"], "Camille Martin");
    assert_eq!(links(&app).await, 1);

    // Another FranceConnect identity cannot take a file already linked.
    let mut other = app.client();
    let mut claims = camille("1985-03-15");
    claims["sub"] = json!("fc-sub-someone-else");
    through(&mut other, FC, &provider, claims, Twist::None).await;
    let res = link(&mut other, "1000001").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(res.body.contains("déjà relié"), "{}", res.body);
    assert!(who(&mut other).await.is_null());
}

async fn a_mismatching_birth_date_or_name_links_nothing(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut other_name = camille("1985-03-15");
    other_name["family_name"] = json!("DUPONT");
    for claims in [camille("1985-03-16"), other_name] {
        let mut client = app.client();
        let next = through(&mut client, FC, &provider, claims, Twist::None).await;
        assert_eq!(next, "/connexion/franceconnect/lier");
        let res = link(&mut client, "1000001").await;
        assert_eq!(res.status, 422, "{}", res.body);
        assert!(res.body.contains("Rien n'a été relié"), "{}", res.body);
        assert!(
            res.body.contains("02 76 51 63 40"),
            "the phone number is given"
        );
        assert!(who(&mut client).await.is_null(), "not signed in");
    }
    assert_eq!(links(&app).await, 0, "nothing linked");
    let reasons: Vec<Value> = audited(&app, "franceconnect_link_refused").await;
    assert_eq!(
        reasons,
        [
            json!({"reason": "FamilyName"}),
            json!({"reason": "BirthDate"})
        ]
    );
    // Without a FranceConnect identity waiting, the link form explains and does nothing.
    let res = app
        .client()
        .call(
            "/api/connexion/franceconnect/lier",
            &[("numero", "1000001")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("expiré"), "{}", res.body);
}

async fn a_wrong_state_is_refused_before_any_token_request(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();
    let request = leave(&mut client, FC_START, &provider).await;
    let code = provider.authorize(&request, camille("1985-03-15"), Twist::None);
    let forged = "A".repeat(43);
    let next = come_back(&mut client, FC_BACK, &code, &forged).await;
    assert_eq!(next, "/connexion?echec=franceconnect");
    // The right state afterwards does not help: the sign-in under way was dropped.
    let next = come_back(&mut client, FC_BACK, &code, request.get("state")).await;
    assert_eq!(next, "/connexion?echec=franceconnect");
    // A browser that never left for the provider (someone else's link) gets nowhere either.
    let mut stranger = app.client();
    let next = come_back(&mut stranger, FC_BACK, &code, request.get("state")).await;
    assert_eq!(next, "/connexion?echec=franceconnect");
    assert!(
        provider.codes_presented().is_empty(),
        "the code never reached the token endpoint"
    );
    assert!(who(&mut client).await.is_null());
    assert_eq!(
        refusals(&app, "franceconnect").await,
        counts(&[("no_pending_login", 2), ("wrong_state", 1)])
    );
    assert!(audited(&app, "oidc_sign_in_failed").await.is_empty());
    // The page says it in plain words.
    let page = client.get("/connexion?echec=franceconnect").await;
    assert!(
        page.body
            .contains("La connexion avec FranceConnect n&#x27;a pas abouti")
            || page
                .body
                .contains("La connexion avec FranceConnect n'a pas abouti"),
        "{}",
        page.body
    );
}

async fn a_replayed_code_is_refused(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    // Camille signs in (links her file).
    let mut client = app.client();
    let request = leave(&mut client, FC_START, &provider).await;
    let code = provider.authorize(&request, camille("1985-03-15"), Twist::None);
    come_back(&mut client, FC_BACK, &code, request.get("state")).await;
    let res = link(&mut client, "1000001").await;
    assert_eq!(res.status, 200, "{}", res.body);

    // Someone who got hold of the code (a browser history, a log) starts their own sign-in and
    // presents it with their own state: the provider refuses the used code, nobody is signed in.
    let mut thief = app.client();
    let theirs = leave(&mut thief, FC_START, &provider).await;
    let next = come_back(&mut thief, FC_BACK, &code, theirs.get("state")).await;
    assert_eq!(next, "/connexion?echec=franceconnect");
    assert!(who(&mut thief).await.is_null());
    assert_eq!(provider.codes_presented(), [code.clone(), code.clone()]);
    // Replaying the whole answer in Camille's browser (a double click, the back button): nothing
    // is exchanged again, and she lands where a signed-in person goes.
    let next = come_back(&mut client, FC_BACK, &code, request.get("state")).await;
    assert_eq!(next, "/mon-parcours");
    assert_eq!(provider.codes_presented().len(), 2, "not exchanged again");
    assert_eq!(
        refusals(&app, "franceconnect").await,
        counts(&[("token_refused", 1)])
    );
}

async fn bad_nonce_expired_token_and_other_forged_answers_are_refused(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut expected = std::collections::BTreeMap::new();
    for (twist, reason) in [
        (Twist::OtherNonce, "id_token_refused"),
        (Twist::Expired, "id_token_refused"),
        (Twist::LowAcr, "id_token_refused"),
        (Twist::ForeignKey, "id_token_refused"),
        (Twist::UnsignedUserinfo, "userinfo_refused"),
        (Twist::FutureIat, "id_token_refused"),
        (Twist::HugeIdToken, "id_token_refused"),
        (Twist::EmptySub, "claim_missing"),
        (Twist::EnormousAnswer, "token_refused"),
    ] {
        let mut client = app.client();
        let next = through(&mut client, FC, &provider, camille("1985-03-15"), twist).await;
        assert_eq!(next, "/connexion?echec=franceconnect", "{twist:?}");
        assert!(who(&mut client).await.is_null(), "{twist:?}: not signed in");
        let page = client.get("/connexion/franceconnect/lier").await;
        assert!(
            !page.body.contains("CAMILLE"),
            "{twist:?}: no identity kept for a link"
        );
        *expected.entry(reason.to_string()).or_insert(0) += 1;
        assert_eq!(refusals(&app, "franceconnect").await, expected, "{twist:?}");
    }
    assert_eq!(links(&app).await, 0);
}

async fn proconnect_signs_in_an_active_staff_account_by_email_only(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();
    let request = leave(&mut client, PC_START, &provider).await;
    assert_eq!(
        request.get("scope"),
        "openid given_name usual_name email uid siret"
    );
    assert_eq!(
        request.get("acr_values"),
        "",
        "no eidas level asked of agents"
    );
    assert_eq!(
        request.get("redirect_uri"),
        "http://localhost/agent/connexion/proconnect/retour"
    );
    let agent = json!({
        "sub": "pc-alice", "given_name": "Alice", "usual_name": "Agent",
        "email": "Agent@BDS.test", "uid": "42", "siret": "22760540900019",
    });
    let code = provider.authorize(&request, agent, Twist::None);
    let next = come_back(&mut client, PC_BACK, &code, request.get("state")).await;
    assert_eq!(next, "/agent");
    let me = who(&mut client).await;
    assert_eq!(me["display_name"], "Alice Agent");
    assert_eq!(me["role"], "agent", "the role is Passerelle's");
    assert_eq!(
        audited(&app, "staff_sign_in").await,
        [json!({"method": "proconnect"})]
    );
    let res = client.call("/api/deconnexion", &[]).await;
    assert!(
        res.header("location")
            .is_some_and(|l| l.starts_with(&format!("{}/session/end?", provider.issuer))),
        "ProConnect's logout"
    );

    // An agent without a Passerelle account: told so, no account created, not signed in.
    let mut stranger = app.client();
    let unknown = json!({
        "sub": "pc-zoe", "given_name": "Zoé", "usual_name": "Inconnue",
        "email": "zoe@ailleurs.gouv.fr", "uid": "7", "siret": "1",
    });
    let next = through(&mut stranger, PC, &provider, unknown, Twist::None).await;
    assert_eq!(next, "/agent/connexion?echec=compte");
    assert!(who(&mut stranger).await.is_null());
    assert!(
        app.db()
            .staff_for_sign_in("zoe@ailleurs.gouv.fr")
            .await
            .unwrap()
            .is_none()
    );
    // A FranceConnect answer is no way into a staff account, and the reverse.
    let mut mixed = app.client();
    let next = through(
        &mut mixed,
        (FC_START, PC_BACK),
        &provider,
        camille("1985-03-15"),
        Twist::None,
    )
    .await;
    assert_eq!(next, "/agent/connexion?echec=proconnect");
    assert!(who(&mut mixed).await.is_null());
}

async fn buttons_show_only_for_configured_providers(app: TestApp) {
    let page = app.get("/connexion").await;
    assert!(
        !page.body.contains("S&#x27;identifier avec") && !page.body.contains("S'identifier avec")
    );
    assert!(
        page.header("content-security-policy")
            .unwrap()
            .contains("form-action 'self';")
    );
    let res = app.get(FC_START).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/connexion"));
    let res = app.get(PC_START).await;
    assert_eq!(res.header("location"), Some("/agent/connexion"));

    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    let page = app.get("/connexion").await;
    assert!(
        page.body.contains("href=\"/connexion/franceconnect\""),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("est-ce que FranceConnect")
            || page.body.contains("Qu'est-ce que FranceConnect ?")
    );
    let button = page.body.find("/connexion/franceconnect\"").unwrap();
    let form = page.body.find("name=\"numero\"").unwrap();
    assert!(button < form, "FranceConnect first, above the other way in");
    // Signing out of a provider's session is a form post answered by a redirect to the
    // provider: the page's policy lets forms lead there, and nowhere else.
    let policy = page.header("content-security-policy").unwrap();
    assert!(
        policy.contains(&format!(
            "form-action 'self' {} {};",
            provider.issuer, provider.issuer
        )),
        "{policy}"
    );
    let page = app.get("/agent/connexion").await;
    assert!(page.body.contains("href=\"/agent/connexion/proconnect\""));
}

/// Eight people link and sign in through FranceConnect at the same moment, on a multi-threaded
/// runtime, while eight visitors read pages in three languages: each sign-in ends in its own
/// person's session, and each page in its visitor's language (state kept per session, language
/// per request: neither may leak to another request). Eight: the test's clients all come from one
/// address, and linking attempts are limited to 10 at a time per address (successes are given
/// back, so an office is only limited on failures).
async fn many_people_signing_in_at_once_each_get_their_own_file_and_language(app: TestApp) {
    const PEOPLE: usize = 8;
    let provider = std::sync::Arc::new(FakeProvider::start().await);
    let app = std::sync::Arc::new(app.with_provider(&provider));
    for i in 0..PEOPLE {
        let file = format!("{}", 3_000_000 + i);
        app.db()
            .insert_beneficiary(&common::fixtures::beneficiary(
                &file,
                &format!("Prénom{i}"),
                &format!("Nom{i}"),
                Some("06 00 00 00 00"),
                None,
            ))
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for i in 0..PEOPLE {
        let (app, provider) = (app.clone(), provider.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = app.client();
            let claims = json!({
                "sub": format!("fc-{i}"), "given_name": format!("PRENOM{i} MARIE"),
                "family_name": format!("NOM{i}"), "birthdate": "1985-03-15",
            });
            let next = through(&mut client, FC, &provider, claims.clone(), Twist::None).await;
            assert_eq!(next, "/connexion/franceconnect/lier", "person {i}");
            let res = link(&mut client, &format!("{}", 3_000_000 + i)).await;
            assert_eq!(res.status, 200, "person {i}: {}", res.body);
            assert_eq!(
                who(&mut client).await["display_name"],
                format!("Prénom{i} Nom{i}")
            );
            // Signing in again, at one click, is still this person.
            let mut again = app.client();
            let next = through(&mut again, FC, &provider, claims, Twist::None).await;
            assert_eq!(next, "/mon-parcours", "person {i}");
            assert_eq!(
                who(&mut again).await["display_name"],
                format!("Prénom{i} Nom{i}")
            );
            // Their own pathway, in their own language, while the others read theirs.
            let (code, heading) = [
                ("fr", "Mon parcours"),
                ("en", "My pathway"),
                ("ar", "مساري"),
            ][i % 3];
            for _ in 0..3 {
                let page = again.get(&format!("/mon-parcours?lang={code}")).await;
                assert!(
                    page.body.contains(&format!("<html lang=\"{code}\""))
                        && page.body.contains(&format!("<h1>{heading}</h1>"))
                        && page.body.contains(&format!("Prénom{i} Nom{i}")),
                    "person {i} reading in {code}"
                );
                for other in (0..PEOPLE).filter(|o| *o != i) {
                    assert!(!page.body.contains(&format!("Prénom{other} Nom{other}")));
                }
            }
        }));
    }
    for i in 0..PEOPLE {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let (code, title) = [
                ("fr", "Retrouver un emploi avec le RSA"),
                ("en", "Getting back to work with the RSA"),
                ("ar", "العودة إلى العمل مع الـRSA"),
            ][i % 3];
            for _ in 0..5 {
                let mut client = app.client();
                client.cookie = Some(format!("lang={code}"));
                let page = client.get("/").await;
                assert!(
                    page.body.contains(&format!("<html lang=\"{code}\""))
                        && page.body.contains(title),
                    "visitor {i} asked for {code}"
                );
            }
        }));
    }
    for task in tasks {
        task.await.expect("no client failed");
    }
    assert_eq!(links(&app).await, PEOPLE as i64);
}

/// RFC 9207 §2.4: a provider that announces it names itself in its answers must have done so. An
/// answer without `iss` is refused (a mix-up attack could send another provider's code here); the
/// same answer with the right `iss` signs in.
async fn an_answer_without_the_announced_issuer_is_refused(app: TestApp) {
    let provider = FakeProvider::announcing_iss().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();
    let next = as_camille(&mut client, &provider).await;
    assert_eq!(next, "/connexion?echec=franceconnect");
    assert_eq!(
        refusals(&app, "franceconnect").await,
        counts(&[("wrong_issuer", 1)])
    );
    let request = leave(&mut client, FC_START, &provider).await;
    let code = provider.authorize(&request, camille("1985-03-15"), Twist::None);
    let res = client
        .get(&format!(
            "{FC_BACK}?code={code}&state={}&iss={}",
            request.get("state"),
            provider.issuer
        ))
        .await;
    assert_eq!(
        res.header("location"),
        Some("/connexion/franceconnect/lier")
    );
}

/// A person who cancels at FranceConnect is told they cancelled, not to call; a double click on
/// the provider's button (two callbacks with one answer at once) opens one session, and neither
/// is counted as an attack; a parameter given twice gets the French page, not a 400 in English.
async fn a_cancel_a_double_click_and_a_doubled_parameter_are_not_attacks(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();
    let request = leave(&mut client, FC_START, &provider).await;
    let res = client
        .get(&format!(
            "{FC_BACK}?error=access_denied&error_description=User%20auth%20aborted&state={}",
            request.get("state")
        ))
        .await;
    assert_eq!(
        res.header("location"),
        Some("/connexion?echec=annule-franceconnect")
    );
    let page = client.get("/connexion?echec=annule-franceconnect").await;
    assert!(page.body.contains("Vous avez annulé"), "{}", page.body);
    assert!(!page.body.contains("n&#x27;a pas abouti"));

    // A doubled parameter: the French page.
    let request = leave(&mut client, FC_START, &provider).await;
    let res = client
        .get(&format!(
            "{FC_BACK}?code=a&state={0}&state={0}",
            request.get("state")
        ))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        Some("/connexion?echec=franceconnect")
    );

    // A double click: the same answer twice at the same moment, in the same browser.
    let mut linked = app.client();
    as_camille(&mut linked, &provider).await;
    link(&mut linked, "1000001").await;
    let request = leave(&mut client, FC_START, &provider).await;
    let code = provider.authorize(&request, camille("1985-03-15"), Twist::None);
    let url = format!("{FC_BACK}?code={code}&state={}", request.get("state"));
    let cookie = client.cookie.clone();
    let (mut one, mut two) = (app.client(), app.client());
    one.cookie = cookie.clone();
    two.cookie = cookie;
    let (a, b) = tokio::join!(one.get(&url), two.get(&url));
    let places = [a.header("location"), b.header("location")];
    assert!(
        places.iter().all(|p| *p == Some("/mon-parcours")),
        "{places:?}"
    );
    assert_eq!(
        provider
            .codes_presented()
            .iter()
            .filter(|c| **c == code)
            .count(),
        1,
        "the code was exchanged once"
    );
    let sessions = audited(&app, "sign_in").await.len();
    assert_eq!(
        sessions, 2,
        "one sign-in for the link, one for the double click"
    );
    assert_eq!(
        refusals(&app, "franceconnect").await,
        counts(&[("cancelled", 1), ("duplicate_parameter", 1)])
    );
}

/// A provider that accepts connections and never answers: each sign-in waits at most the
/// discovery timeout, on its own (four at once all end together, not one after the other), and
/// the failure is remembered for a while: the next sign-ins are refused at once.
async fn a_hanging_provider_delays_each_sign_in_once_and_alone(app: TestApp) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let issuer = format!("http://{}", listener.local_addr().unwrap());
    // Accepts, reads nothing, answers nothing.
    let hold = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let app = app.with_issuer(&issuer);
    let started = std::time::Instant::now();
    let tries = (0..4).map(|_| {
        let app = &app;
        async move { app.client().get(FC_START).await }
    });
    let answers = futures_util::future::join_all(tries).await;
    let waited = started.elapsed();
    for res in &answers {
        assert_eq!(
            res.header("location"),
            Some("/connexion?echec=franceconnect")
        );
    }
    let timeout = app::ssr::oidc::DISCOVERY_TIMEOUT;
    assert!(
        waited < timeout * 2,
        "four sign-ins together took {waited:?}, not four timeouts in a row"
    );
    let again = std::time::Instant::now();
    let res = app.client().get(FC_START).await;
    assert_eq!(
        res.header("location"),
        Some("/connexion?echec=franceconnect")
    );
    assert!(again.elapsed() < timeout, "the failure is remembered");
    hold.abort();
}

/// FranceConnect sends "Léo" with its accent as a separate mark (Unicode NFD: `E` + U+0301); the
/// file says "Léo" composed: the same person, the link is made (it was refused).
async fn names_with_decomposed_accents_link_the_file(app: TestApp) {
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    seed(&app).await;
    let mut client = app.client();
    let claims = json!({
        "sub": "fc-sub-leo-nfd",
        "given_name": "LE\u{301}O",
        "family_name": "DURAND",
        "birthdate": "1985-03-15",
    });
    let next = through(&mut client, FC, &provider, claims, Twist::None).await;
    assert_eq!(next, "/connexion/franceconnect/lier");
    let res = link(&mut client, "1000002").await;
    assert_eq!(res.status, 200, "{}", res.body);
}

/// Someone typed wrong codes all day on Camille's file: her codes are replaced by links, and
/// FranceConnect still signs her in (it proves who she is; guessing limits never block it).
async fn franceconnect_still_works_while_codes_are_replaced_by_links(app: TestApp) {
    use app::with_pool;
    let provider = FakeProvider::start().await;
    let app = app.with_provider(&provider);
    let people = seed(&app).await;
    with_pool!(app.db(), |pool| sqlx::query(
        "UPDATE beneficiary SET sign_in_locked_at = $1 WHERE beneficiary_id = $2"
    )
    .bind(app::ssr::clock::now())
    .bind(people.a)
    .execute(pool)
    .await
    .map(|r| r.rows_affected()))
    .unwrap();
    let mut client = app.client();
    let next = as_camille(&mut client, &provider).await;
    assert_eq!(next, "/connexion/franceconnect/lier");
    let res = link(&mut client, "1000001").await;
    assert_eq!(res.status, 200, "{}", res.body);
    // And the next time, one click.
    let mut again = app.client();
    let next = as_camille(&mut again, &provider).await;
    assert_eq!(next, "/mon-parcours");
}
