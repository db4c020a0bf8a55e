//! The simulator without JavaScript: a GET to `/simulateur?…` is answered by the server, which
//! renders the result — or a French message next to each field to correct, keeping what was typed.
mod common;

use common::{Engine, TestApp};

async fn app() -> TestApp {
    // The simulator reads no table: one engine is enough here.
    TestApp::new(Engine::Sqlite).await
}

const G002: &str = "/simulateur?situation=seul&age=35&logement=locataire&aide_logement=250&secteur=ehpad&debut_mois=2&debut_annee=2021&salaire=600&rsa=oui";

#[tokio::test]
async fn a_first_visit_shows_the_form_and_no_result() {
    let res = app().await.get("/simulateur").await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Votre âge"));
    assert!(res.body.contains("Indiquez votre âge et le salaire prévu"));
    assert!(!res.body.contains("data-testid=\"projection\""));
}

#[tokio::test]
async fn a_submitted_form_is_computed_on_the_server() {
    let res = app().await.get(G002).await;
    assert_eq!(res.status, 200);
    // Reference household G002 (OpenFisca-France): RSA 497.01 → 297.01 → 97.50 without the
    // scheme, 497.01 kept with it, 150 € bonus in month 1.
    for figure in ["497,01", "297,01", "97,50", "497,50", "84,26", "150,00"] {
        assert!(res.body.contains(figure), "missing {figure}");
    }
    assert!(res.body.contains("février 2021"));
    // The answers stay in the fields.
    assert!(res.body.contains("value=\"600\""));
}

#[tokio::test]
async fn each_invalid_answer_gets_a_french_message_and_keeps_the_value() {
    let url = "/simulateur?situation=seul&age=deux&logement=locataire&aide_logement=12%2C345&secteur=ehpad&debut_mois=2&debut_annee=2021&salaire=&heures=99&rsa=oui";
    let res = app().await.get(url).await;
    assert_eq!(
        res.status, 200,
        "a form with mistakes is still a page, not an error"
    );
    let body = &res.body;
    assert!(body.contains("réponses sont à corriger"), "summary");
    assert!(body.contains("Indiquez votre âge en années, entre 16 et 120."));
    assert!(body.contains("Indiquez au plus deux chiffres après la virgule"));
    assert!(body.contains("Indiquez le salaire net mensuel prévu"));
    assert!(body.contains("entre 1 et 48"));
    // What was typed is kept, and the field is marked invalid for screen readers.
    assert!(body.contains("value=\"deux\""));
    assert!(body.contains("value=\"12,345\""));
    assert!(body.contains("aria-invalid=\"true\""));
    // The summary links to the fields.
    assert!(body.contains("href=\"#age\""));
    assert!(!body.contains("data-testid=\"projection\""));
}

#[tokio::test]
async fn no_input_makes_the_page_fail() {
    let app = app().await;
    let long = "9".repeat(5_000);
    for query in [
        "salaire=%FF%FE&age=%C3",
        "salaire=1e9&age=35",
        "debut_mois=13&debut_annee=99999&salaire=1000&age=35",
        "debut_mois=1&debut_annee=2020&salaire=1000&age=35",
        "secteur=%3Cscript%3Ealert(1)%3C%2Fscript%3E&salaire=1000&age=35",
        "situation=couple&age=35&age_conjoint=&salaire=1000",
        "enfants_moins_3=15&enfants_3_24=15&salaire=1000&age=35",
        "&&&==&salaire",
        &format!("salaire={long}&age={long}"),
    ] {
        let res = app.get(&format!("/simulateur?{query}")).await;
        assert_eq!(res.status, 200, "{query}");
        assert!(
            !res.body.contains("<script>alert"),
            "{query}: input is escaped"
        );
    }
}

/// The same answers in English and Arabic: the same figures (the table's cents), written the way
/// each language writes amounts, with the rules' sentences and the months in that language.
#[tokio::test]
async fn each_language_gives_the_same_figures_in_its_own_words() {
    let app = app().await;
    let cents = |body: &str| -> Vec<String> {
        body.split("data-cents=\"")
            .skip(1)
            .map(|rest| rest.split('"').next().unwrap().to_string())
            .collect()
    };
    let french = app.get(G002).await;
    let english = app.get(&format!("{G002}&lang=en")).await;
    let arabic = app.get(&format!("{G002}&lang=ar")).await;
    assert!(!cents(&french.body).is_empty());
    assert_eq!(cents(&english.body), cents(&french.body));
    assert_eq!(cents(&arabic.body), cents(&french.body));
    // 497.01 € of RSA in February 2021, each language its way.
    assert!(french.body.contains("497,01\u{a0}€"));
    assert!(english.body.contains("€497.01"), "English amounts");
    assert!(arabic.body.contains("497,01\u{a0}€"));
    assert!(
        english.body.contains("February 2021") && english.body.contains("Do you receive the RSA?")
    );
    assert!(arabic.body.contains("فبراير 2021"));
    // No French sentence of the rules left on the English page.
    for french_only in ["Vous pouvez", "Votre emploi", "Touchez-vous"] {
        assert!(!english.body.contains(french_only), "{french_only}");
        assert!(!arabic.body.contains(french_only), "{french_only}");
    }
    // Only the page's language travels to the browser (the island's props).
    assert!(!english.body.contains("Simuler mes revenus"));
    assert!(!english.body.contains("احسب دخلي"));
}
