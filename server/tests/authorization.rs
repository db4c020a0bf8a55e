//! The authorization matrix: every server function and route that reads or changes personal data,
//! called by each kind of person, on both engines. The server decides, whatever the interface shows.
//!
//! Expected answers: `Ok` (authorized: the call is processed, whatever its business outcome — 200,
//! 409 or 422), `Unauth` (401: sign in first), `Forbidden` (403: not with this role), `NotFound`
//! (404: another unit's or another person's data, which must not even be confirmed to exist).
mod common;

use common::{
    TestApp, dates,
    fixtures::{Actor, People, seed, signed_in},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    Ok,
    Unauth,
    Forbidden,
    NotFound,
}

use Actor::*;
use Expect::*;

/// One row of the matrix: an endpoint, its form (with `{a}` for beneficiary A's id, `{rdv}` for
/// A's appointment, `{msg}` for A's message, `{job}` for A's job, and dates computed from today:
/// `{in_a_month}`, `{last_week}`, `{next_year}`), and the expected answer per actor in
/// `Actor::ALL` order: anonymous, A, B, agent, chargé, manager of another unit, admin.
struct Row {
    path: &'static str,
    form: &'static [(&'static str, &'static str)],
    expect: [Expect; 7],
}

const STAFF_READ: [Expect; 7] = [Unauth, Forbidden, Forbidden, Ok, Ok, NotFound, Ok];
const STAFF_RECORD: [Expect; 7] = [Unauth, Forbidden, Forbidden, Forbidden, Ok, NotFound, Ok];
const STAFF_LIST: [Expect; 7] = [Unauth, Forbidden, Forbidden, Ok, Ok, Ok, Ok];
const BENEFICIARY_OWN: [Expect; 7] = [Unauth, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden];
const PUBLIC: [Expect; 7] = [Ok; 7];
const ADMIN_ONLY: [Expect; 7] = [
    Unauth, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok,
];
const MANAGERS: [Expect; 7] = [Unauth, Forbidden, Forbidden, Forbidden, Forbidden, Ok, Ok];

const MATRIX: &[Row] = &[
    Row {
        path: "/api/units",
        form: &[("q", "")],
        expect: PUBLIC,
    },
    Row {
        path: "/api/session",
        form: &[],
        expect: PUBLIC,
    },
    Row {
        path: "/api/flash",
        form: &[("form", "connexion")],
        expect: PUBLIC,
    },
    Row {
        path: "/api/connexion/en-attente",
        form: &[],
        expect: PUBLIC,
    },
    // The first FranceConnect sign-in: open to all, but it only ever links the identity the
    // provider gave this very session (none here: everybody is told it expired).
    Row {
        path: "/api/connexion/franceconnect/en-attente",
        form: &[],
        expect: PUBLIC,
    },
    Row {
        path: "/api/connexion/franceconnect/lier",
        form: &[("numero", "1000001")],
        expect: PUBLIC,
    },
    Row {
        path: "/api/parcours",
        form: &[],
        expect: BENEFICIARY_OWN,
    },
    Row {
        path: "/api/parcours/question",
        form: &[("texte", "Une question")],
        expect: BENEFICIARY_OWN,
    },
    // A's appointment: A may say they cannot come; B gets "not found".
    Row {
        path: "/api/parcours/absence",
        form: &[("rendez_vous", "{rdv}"), ("texte", "Je suis malade")],
        expect: [
            Unauth, Ok, NotFound, Forbidden, Forbidden, Forbidden, Forbidden,
        ],
    },
    Row {
        path: "/api/mes-donnees",
        form: &[],
        expect: BENEFICIARY_OWN,
    },
    Row {
        path: "/api/parcours/canaux",
        form: &[("sms", "oui"), ("email", "oui")],
        expect: BENEFICIARY_OWN,
    },
    Row {
        path: "/api/agent/recherche",
        form: &[("q", "martin")],
        expect: STAFF_LIST,
    },
    // Unlocking online access: any staff of the unit (the phone line), once they checked who
    // calls; A is not blocked, so an allowed call is refused (409) — still "authorized".
    Row {
        path: "/api/agent/debloquer",
        form: &[("personne", "{a}")],
        expect: STAFF_READ,
    },
    Row {
        path: "/api/agent/a-orienter",
        form: &[],
        expect: STAFF_LIST,
    },
    Row {
        path: "/api/agent/messages",
        form: &[],
        expect: STAFF_LIST,
    },
    Row {
        path: "/api/agent/rendez-vous-manques",
        form: &[],
        expect: STAFF_LIST,
    },
    Row {
        path: "/api/agent/dossier",
        form: &[("id", "{a}")],
        expect: STAFF_READ,
    },
    Row {
        path: "/api/agent/note",
        form: &[("personne", "{a}"), ("texte", "Note de test")],
        expect: STAFF_READ,
    },
    Row {
        path: "/api/agent/repondre",
        form: &[("message", "{msg}"), ("reponse", "Réponse")],
        expect: STAFF_READ,
    },
    Row {
        path: "/api/agent/inviter",
        form: &[("personne", "{a}")],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/rendez-vous",
        form: &[
            ("personne", "{a}"),
            ("objet", "suivi"),
            ("date", "{in_a_month}"),
            ("heure", "10:00"),
            ("confirmer", "1"),
            ("lieu", "Elbeuf"),
            ("agent", "Karim"),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/resultat",
        form: &[
            ("personne", "{a}"),
            ("rendez_vous", "{rdv}"),
            ("resultat", "held"),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/orientation",
        form: &[
            ("personne", "{a}"),
            ("parcours", "social"),
            ("organisme", "departement"),
            ("referent", ""),
            ("contact", ""),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/contrat",
        form: &[
            ("personne", "{a}"),
            ("signe_le", "{last_week}"),
            ("revision_le", ""),
            ("heures", ""),
        ],
        expect: STAFF_RECORD,
    },
    // The suspension procedure: officers report and prepare; deciding is the unit manager's (and
    // the admin's); a person answers only a notice of their own (none here: "not found").
    Row {
        path: "/api/agent/procedure",
        form: &[
            ("personne", "{a}"),
            ("etape", "report"),
            ("manquement", "missed_appointments"),
            ("faits", "Deux rendez-vous manqués sans prévenir."),
            ("date_manquement", "{last_week}"),
            ("examen", "Aucun motif légitime signalé."),
            ("taux", "30"),
            ("mois", "1"),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/procedure",
        form: &[
            ("personne", "{a}"),
            ("etape", "decide"),
            ("taux", "30"),
            ("mois", "1"),
            ("debut", "{in_a_month}"),
            ("pour_lever", "Venir au prochain rendez-vous."),
        ],
        expect: [
            Unauth, Forbidden, Forbidden, Forbidden, Forbidden, NotFound, Ok,
        ],
    },
    Row {
        path: "/api/parcours/observations",
        form: &[("texte", "J'étais malade.")],
        expect: [
            Unauth, NotFound, NotFound, Forbidden, Forbidden, Forbidden, Forbidden,
        ],
    },
    Row {
        path: "/api/parcours/etre-recu",
        form: &[],
        expect: [
            Unauth, NotFound, NotFound, Forbidden, Forbidden, Forbidden, Forbidden,
        ],
    },
    Row {
        path: "/api/agent/action",
        form: &[
            ("personne", "{a}"),
            ("type_action", "formation"),
            ("libelle", "Stage"),
            ("debut", "{last_week}"),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/emploi",
        form: &[
            ("personne", "{a}"),
            ("employeur", "EHPAD"),
            ("secteur", "ehpad"),
            ("debut", "{last_week}"),
            ("contrat", ""),
            ("heures", ""),
            ("salaire", ""),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/prime",
        form: &[
            ("personne", "{a}"),
            ("emploi", "{job}"),
            ("verse_le", "{last_week}"),
        ],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/sortie",
        form: &[("personne", "{a}"), ("motif", "Test")],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/agent/reouvrir",
        form: &[("personne", "{a}")],
        expect: STAFF_RECORD,
    },
    Row {
        path: "/api/admin/messages",
        form: &[],
        expect: ADMIN_ONLY,
    },
    Row {
        path: "/api/admin/cles",
        form: &[],
        expect: ADMIN_ONLY,
    },
    Row {
        path: "/api/admin/cles/creer",
        form: &[
            ("organisme", "Test"),
            ("libelle", "Test"),
            ("lecture", "on"),
            ("unite", ""),
        ],
        expect: ADMIN_ONLY,
    },
    Row {
        path: "/api/admin/cles/nouvelle",
        form: &[],
        expect: ADMIN_ONLY,
    },
    Row {
        path: "/api/admin/cles/revoquer",
        form: &[("id", "999999")],
        expect: [
            Unauth, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, NotFound,
        ],
    },
    Row {
        path: "/api/tableau-de-bord",
        form: &[],
        expect: MANAGERS,
    },
    Row {
        path: "/api/dispositifs",
        form: &[],
        expect: PUBLIC,
    },
    Row {
        path: "/api/admin/dispositifs/version",
        form: &[
            ("code", "essai-matrice"),
            ("nom", "Essai"),
            ("territoire", ""),
            ("valide_du", "{next_year}-01-01"),
            ("valide_au", ""),
            ("fenetre_debut", "{next_year}-01"),
            ("fenetre_fin", "{next_year}-06"),
            ("mois", "3"),
            ("prime", "150"),
            ("secteurs", "saad ; Aide à domicile"),
            ("hypotheses", ""),
        ],
        expect: ADMIN_ONLY,
    },
    Row {
        path: "/api/agent/import/liste",
        form: &[],
        expect: MANAGERS,
    },
    Row {
        path: "/api/agent/import/etat",
        form: &[("id", "999999")],
        expect: [
            Unauth, Forbidden, Forbidden, Forbidden, Forbidden, NotFound, NotFound,
        ],
    },
    Row {
        path: "/api/agent/import/confirmer",
        form: &[("id", "999999")],
        expect: [
            Unauth, Forbidden, Forbidden, Forbidden, Forbidden, NotFound, NotFound,
        ],
    },
];

fn classify(status: u16) -> Expect {
    match status {
        401 => Unauth,
        403 => Forbidden,
        404 => NotFound,
        _ => Ok,
    }
}

async fn setup(
    officer: &mut common::Client<'_>,
    person: &mut common::Client<'_>,
    people: &People,
) -> (String, String, String) {
    let a = people.a.to_string();
    let res = officer.plan_orientation_interview(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let file = officer
        .call("/api/agent/dossier", &[("id", &a)])
        .await
        .json();
    let rdv = file["view"]["appointments"][0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    // It has started: its outcome may be recorded.
    officer.app.appointments_took_place(&a).await;
    // A job with a bonus to pay, for the bonus row.
    let res = officer.decide_professional_pathway(&a).await;
    assert_eq!(res.status, 200, "{}", res.body);
    let res = officer.record_ehpad_job(&a, "2021-03-15", "", "", "").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let job = officer.job_of(&a).await;
    let res = person
        .call(
            "/api/parcours/question",
            &[("texte", "Question pour la matrice")],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let msg = officer.call("/api/agent/messages", &[]).await.json()[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    (rdv, msg, job)
}

on_both_engines!(every_endpoint_checks_who_asks);

async fn every_endpoint_checks_who_asks(app: TestApp) {
    let provider = common::oidc::FakeProvider::start().await;
    let app = app.with_provider(&provider);
    let people = seed(&app).await;
    // Each person signs in once (sign-in codes are limited to one a minute).
    let mut clients = Vec::new();
    for actor in Actor::ALL {
        clients.push(signed_in(&app, actor).await);
    }
    let (officer, person) = {
        let (left, right) = clients.split_at_mut(4);
        (&mut right[0], &mut left[1])
    };
    let (rdv, msg, job) = setup(officer, person, &people).await;
    let a = people.a.to_string();
    let in_a_month = dates::iso(dates::tuesday_after(30));
    let last_week = dates::iso(dates::days_from_today(-7));
    let next_year = (dates::today().year() + 1).to_string();
    let mut failures = Vec::new();
    let mut cases = 0;
    for (i, (actor, client)) in Actor::ALL.into_iter().zip(clients.iter_mut()).enumerate() {
        for row in MATRIX {
            let form: Vec<(&str, String)> = row
                .form
                .iter()
                .map(|(k, v)| {
                    (
                        *k,
                        v.replace("{a}", &a)
                            .replace("{rdv}", &rdv)
                            .replace("{msg}", &msg)
                            .replace("{job}", &job)
                            .replace("{in_a_month}", &in_a_month)
                            .replace("{last_week}", &last_week)
                            .replace("{next_year}", &next_year),
                    )
                })
                .collect();
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let res = client.call(row.path, &pairs).await;
            cases += 1;
            let got = classify(res.status.as_u16());
            if got != row.expect[i] {
                failures.push(format!(
                    "{:?} {} → {} ({:?} expected): {}",
                    actor, row.path, res.status, row.expect[i], res.body
                ));
            }
            assert!(
                res.status.as_u16() < 500,
                "{actor:?} {}: server error {}",
                row.path,
                res.body
            );
        }
        // "Mes données" downloads: plain routes, the signed-in person's own data only.
        for path in [
            "/mes-donnees/telecharger.json",
            "/mes-donnees/telecharger.csv",
        ] {
            let res = client.get(path).await;
            cases += 1;
            let own_name = match actor {
                BeneficiaryA => Some("Camille"),
                BeneficiaryB => Some("Léo"),
                _ => None,
            };
            let ok = match (actor, own_name) {
                (_, Some(name)) => {
                    res.status.as_u16() == 200
                        && res.body.contains(name)
                        && !res
                            .body
                            .contains(if name == "Camille" { "Léo" } else { "Camille" })
                }
                (Anonymous, None) => res.status.as_u16() == 303,
                (_, None) => res.status.as_u16() == 403,
            };
            if !ok {
                failures.push(format!("{actor:?} {path} → {}", res.status));
            }
        }
        // The calendar file of A's appointment: a plain route, same rule.
        let res = client
            .get(&format!("/mon-parcours/rendez-vous/{rdv}.ics"))
            .await;
        cases += 1;
        let expected = match actor {
            BeneficiaryA => 200,
            BeneficiaryB => 404,
            _ => 303, // not a beneficiary: sent to the sign-in page
        };
        if res.status.as_u16() != expected {
            failures.push(format!(
                "{actor:?} .ics → {} ({expected} expected)",
                res.status
            ));
        }
        // FranceConnect and ProConnect: anybody may leave for the provider; coming back without
        // the provider's verified answer for this session changes nobody's session.
        let before = client.call("/api/session", &[]).await.body;
        for (start, back, page) in [
            (
                "/connexion/franceconnect",
                "/connexion/franceconnect/retour",
                "/connexion",
            ),
            (
                "/agent/connexion/proconnect",
                "/agent/connexion/proconnect/retour",
                "/agent/connexion",
            ),
        ] {
            let res = client.get(start).await;
            cases += 1;
            let to_provider = res
                .header("location")
                .is_some_and(|l| l.starts_with(&provider.issuer));
            if res.status.as_u16() != 303 || !to_provider {
                failures.push(format!("{actor:?} {start} → {}", res.status));
            }
            let forged = format!("{back}?code=vole&state={}", "x".repeat(43));
            let res = client.get(&forged).await;
            cases += 1;
            if res.header("location")
                != Some(&format!(
                    "{page}?echec={}",
                    &start[start.rfind('/').unwrap() + 1..]
                ))
            {
                failures.push(format!("{actor:?} {back} → {:?}", res.header("location")));
            }
        }
        if client.call("/api/session", &[]).await.body != before {
            failures.push(format!("{actor:?}: the session changed"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("authorization matrix: {cases} cases, all as expected");
    assert_eq!(cases, Actor::ALL.len() * (MATRIX.len() + 7));
}
