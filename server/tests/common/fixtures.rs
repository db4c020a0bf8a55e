//! The people of the authorization tests: two beneficiaries of Boucles de Seine, staff of Boucles
//! de Seine (agent, chargé d'orientation), a manager of another unit (Rouen), and an admin.
use app::ssr::beneficiaries::NewBeneficiary;
use passerelle::{Date, access::Role};

use super::{Client, TestApp};

pub const PASSWORD: &str = "mot de passe de test 2026";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    BeneficiaryA,
    BeneficiaryB,
    Agent,
    Charge,
    ManagerOtherUnit,
    Admin,
}

impl Actor {
    pub const ALL: [Actor; 7] = [
        Actor::Anonymous,
        Actor::BeneficiaryA,
        Actor::BeneficiaryB,
        Actor::Agent,
        Actor::Charge,
        Actor::ManagerOtherUnit,
        Actor::Admin,
    ];

    pub fn staff_email(self) -> Option<&'static str> {
        match self {
            Actor::Agent => Some("agent@bds.test"),
            Actor::Charge => Some("charge@bds.test"),
            Actor::ManagerOtherUnit => Some("manager@rou.test"),
            Actor::Admin => Some("admin@dept.test"),
            _ => None,
        }
    }
}

pub struct People {
    pub a: i64,
    pub b: i64,
}

pub fn beneficiary(
    file: &str,
    first: &str,
    last: &str,
    phone: Option<&str>,
    email: Option<&str>,
) -> NewBeneficiary {
    NewBeneficiary {
        file_number: file.to_string(),
        first_name: first.to_string(),
        last_name: last.to_string(),
        birth_date: Date::ymd(1985, 3, 15),
        phone: phone.map(str::to_string),
        email: email.map(str::to_string),
        commune: "Elbeuf".to_string(),
        unit_code: "BDS".to_string(),
        rsa_opened_on: Date::ymd(2026, 10, 1),
        household: "{}".to_string(),
    }
}

/// Creates the people and the staff accounts.
pub async fn seed(app: &TestApp) -> People {
    let db = app.db();
    let a = db
        .insert_beneficiary(&beneficiary(
            "1000001",
            "Camille",
            "Martin",
            Some("06 12 34 56 78"),
            Some("camille@example.test"),
        ))
        .await
        .unwrap();
    let b = db
        .insert_beneficiary(&beneficiary(
            "1000002",
            "Léo",
            "Durand",
            None,
            Some("leo@example.test"),
        ))
        .await
        .unwrap();
    let hash = app::ssr::auth::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    for (actor, name, role, unit) in [
        (Actor::Agent, "Alice Agent", Role::Agent, Some("BDS")),
        (
            Actor::Charge,
            "Charles Orientation",
            Role::ChargeOrientation,
            Some("BDS"),
        ),
        (
            Actor::ManagerOtherUnit,
            "Mona Rouen",
            Role::Manager,
            Some("ROU"),
        ),
        (Actor::Admin, "Ada Admin", Role::Admin, None),
    ] {
        db.create_staff(actor.staff_email().unwrap(), name, role, unit, &hash)
            .await
            .unwrap();
    }
    People { a, b }
}

/// The last code sent to `recipient`, read from the development mailbox.
pub async fn last_code(app: &TestApp, recipient: &str) -> String {
    app.db()
        .deliver_pending(&app.state.config.senders, 100)
        .await
        .unwrap();
    let messages = app.db().dev_messages(100).await.unwrap();
    let body = &messages
        .iter()
        .find(|m| m.recipient == recipient)
        .expect("a message")
        .body;
    let code: String = body
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("6-digit code")
        .to_string();
    code
}

/// A client signed in as `actor`.
pub async fn signed_in<'a>(app: &'a TestApp, actor: Actor) -> Client<'a> {
    let mut client = app.client();
    match actor {
        Actor::Anonymous => {}
        Actor::BeneficiaryA | Actor::BeneficiaryB => {
            let (file, recipient) = if actor == Actor::BeneficiaryA {
                ("1000001", "06 12 34 56 78")
            } else {
                ("1000002", "leo@example.test")
            };
            let res = client
                .call(
                    "/api/connexion/identifier",
                    &[("numero", file), ("naissance", "1985-03-15")],
                )
                .await;
            assert_eq!(res.status, 200, "{}", res.body);
            let code = last_code(app, recipient).await;
            let res = client.call("/api/connexion/code", &[("code", &code)]).await;
            assert_eq!(res.status, 200, "{}", res.body);
        }
        staff => return staff_signed_in(app, staff.staff_email().unwrap()).await,
    }
    client
}

/// A second orientation officer of Boucles de Seine (`charge2@bds.test`), signed in with a session
/// of their own: two officers working on the same file at the same moment.
pub async fn second_officer(app: &TestApp) -> Client<'_> {
    let hash = app::ssr::auth::hash_password(PASSWORD.to_string())
        .await
        .unwrap();
    app.db()
        .create_staff(
            "charge2@bds.test",
            "Chloé Orientation",
            Role::ChargeOrientation,
            Some("BDS"),
            &hash,
        )
        .await
        .unwrap();
    staff_signed_in(app, "charge2@bds.test").await
}

/// A client signed in with the staff account `email` (password [`PASSWORD`]).
pub async fn staff_signed_in<'a>(app: &'a TestApp, email: &str) -> Client<'a> {
    let mut client = app.client();
    let res = client
        .call(
            "/api/agent/connexion",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status, 200, "{email}: {}", res.body);
    client
}

/// Earlier today, from elsewhere: the day's ceiling of wrong codes for `person`, reached (the next
/// wrong code replaces codes by links).
pub async fn wrong_codes_up_to_the_ceiling(app: &TestApp, person: i64) {
    let ceiling = app::ssr::ratelimit::CODE_FAILURES_PER_DAY;
    let now = app::ssr::clock::unix(app::ssr::clock::now());
    for _ in 0..ceiling.max {
        app.db()
            .hit_rate_limit(ceiling, &person.to_string(), now)
            .await
            .unwrap();
    }
}
