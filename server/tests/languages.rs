//! The language of the pages people use: chosen (`?lang=`, kept in a cookie), else the browser's,
//! else French; `<html lang dir>` follows; staff pages stay French. (No database behaviour is
//! involved: one engine is enough.)
mod common;

use axum::{body::Body, http::Request};
use common::{Engine, TestApp, TestResponse, within_limit};

async fn get(app: &TestApp, uri: &str, headers: &[(&str, &str)]) -> TestResponse {
    let mut req = Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.request(req.body(Body::empty()).unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_is_chosen_then_kept_then_the_browsers_then_french() {
    within_limit("languages", async {
        let app = TestApp::new(Engine::Sqlite).await;
        let arabic_browser = [("accept-language", "ar-DZ,ar;q=0.9,fr;q=0.8")];

        // Nothing said: French.
        let res = get(&app, "/", &[]).await;
        assert!(
            res.body.contains(r#"<html lang="fr" dir="ltr""#),
            "{}",
            &res.body[..200]
        );
        assert!(res.body.contains("Retrouver un emploi avec le RSA"));

        // The browser's language, right to left for Arabic.
        let res = get(&app, "/", &arabic_browser).await;
        assert!(
            res.body.contains(r#"<html lang="ar" dir="rtl""#),
            "{}",
            &res.body[..200]
        );
        assert!(res.body.contains("العودة إلى العمل مع الـRSA"));
        assert!(
            res.header("vary")
                .is_some_and(|v| v.contains("Accept-Language"))
        );

        // An explicit choice wins, and is kept in a cookie for the next pages.
        let res = get(&app, "/?lang=en", &arabic_browser).await;
        assert!(res.body.contains(r#"<html lang="en" dir="ltr""#));
        assert!(res.body.contains("Getting back to work with the RSA"));
        let cookie = res
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("lang="))
            .expect("the choice is kept")
            .to_string();
        assert!(
            cookie.starts_with("lang=en;") && cookie.contains("Max-Age=31536000"),
            "{cookie}"
        );
        let res = get(&app, "/", &[arabic_browser[0], ("cookie", "lang=en")]).await;
        assert!(res.body.contains(r#"<html lang="en""#));
        // A language we do not have is no choice.
        let res = get(&app, "/?lang=de", &[]).await;
        assert!(res.body.contains(r#"<html lang="fr""#));

        // The switcher keeps the page and its question (a simulation's answers stay).
        let res = get(&app, "/unites?q=elbeuf", &[]).await;
        assert!(
            res.body.contains(r#"href="/unites?q=elbeuf&amp;lang=ar""#),
            "switcher link"
        );
        assert!(res.body.contains(r#"lang="ar" hreflang="ar""#));
        assert!(res.body.contains(
            r#"href="/unites?q=elbeuf&amp;lang=fr" lang="fr" hreflang="fr" aria-current="true""#
        ));

        // Every page people use is translated: its content says its language to screen readers.
        for page in [
            "/unites",
            "/simulateur",
            "/connexion",
            "/mon-parcours",
            "/mes-donnees",
        ] {
            let res = get(&app, page, &[("cookie", "lang=ar")]).await;
            assert!(res.body.contains(r#"<html lang="ar" dir="rtl""#), "{page}");
            assert!(
                res.body.contains(r#"tabindex="-1" lang="ar" dir="rtl""#),
                "{page}: its content is Arabic"
            );
        }
        // The forms sent without JavaScript keep the language (even without the cookie).
        for page in ["/unites", "/simulateur"] {
            let res = get(&app, &format!("{page}?lang=ar"), &[]).await;
            assert!(
                res.body.contains(r#"type="hidden" name="lang" value="ar""#),
                "{page}"
            );
        }
        let res = get(&app, "/", &[("cookie", "lang=ar")]).await;
        assert!(res.body.contains(r#"tabindex="-1" lang="ar" dir="rtl""#));

        // The sign-in page and its errors, from the server, in the person's language.
        let res = get(&app, "/connexion", &[("cookie", "lang=ar")]).await;
        assert!(res.body.contains("تسجيل الدخول لمتابعة مساري"));
        assert!(res.body.contains(r#"tabindex="-1" lang="ar" dir="rtl""#));
        let res = app
            .request(
                Request::post("/api/connexion/identifier")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("cookie", "lang=en")
                    .body(Body::from("numero=12a4&naissance=1985-03-15"))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, 422);
        assert!(
            res.body.contains("The CAF file number only has digits"),
            "{}",
            res.body
        );

        // The code a person asks for from an Arabic page is written in Arabic.
        common::fixtures::seed(&app).await;
        let res = app
            .request(
                Request::post("/api/connexion/identifier")
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("accept", "application/json")
                    .header("cookie", "lang=ar")
                    .body(Body::from("numero=1000001&naissance=1985-03-15"))
                    .unwrap(),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        app.db()
            .deliver_pending(&app.state.config.senders, 10)
            .await
            .unwrap();
        let sent = app.db().dev_messages(10).await.unwrap();
        assert!(
            sent[0].body.contains("رمز الدخول الخاص بك هو"),
            "{}",
            sent[0].body
        );

        // Staff pages stay French, without a switcher, whatever the choice.
        let res = get(&app, "/agent/connexion?lang=ar", &[("cookie", "lang=ar")]).await;
        assert!(res.body.contains(r#"<html lang="fr" dir="ltr""#));
        assert!(!res.body.contains("lang-switch"));

        // The page not found, in the person's language (with its status).
        let res = get(&app, "/nulle-part", &[("cookie", "lang=ar")]).await;
        assert_eq!(res.status, 404);
        assert!(res.body.contains("الصفحة غير موجودة"));
    })
    .await
}
