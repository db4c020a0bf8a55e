//! The demo's obligations under the 2025 law: action plans of the contracts, the day the CAF's
//! information arrived, and suspension procedures — each procedure walked through the rules core's
//! machine ([`passerelle::obligations::step`]), so the demo holds only what the service itself
//! could produce. Sofia, Karim and Lucie are the fixed people of the README.
use passerelle::obligations::{
    self, ActionPlan, Activity, AdaptedHoursReason, BreachKind, CapHousehold, Procedure,
    Recurrence, Sanction, SanctionAction, SanctionKind, SanctionStage,
};
use passerelle::pathway::{AppointmentStatus, PathwayStatus, Transition};
use passerelle::{Cents, Date, Rate};
use serde_json::json;

use super::DemoOptions;
use super::pathway::at;
use super::people::{Person, Rng, blank};

/// A procedure of the demo, as its row will be written.
pub(crate) struct DemoProcedure {
    pub(crate) stage: Option<SanctionStage>,
    /// `departement`, or `france_travail` for a proposal through the partner API.
    pub(crate) source: &'static str,
    pub(crate) breach: BreachKind,
    pub(crate) facts: String,
    pub(crate) breach_on: Date,
    pub(crate) recurrence: Recurrence,
    pub(crate) screening: String,
    pub(crate) envisaged: Sanction,
    pub(crate) basis: Cents,
    pub(crate) household: CapHousehold,
    pub(crate) notice_sent_on: Option<Date>,
    pub(crate) notice_received_on: Option<Date>,
    pub(crate) observations: Option<String>,
    pub(crate) observations_on: Option<Date>,
    pub(crate) hearing_asked_on: Option<Date>,
    pub(crate) hearing_on: Option<Date>,
    pub(crate) referred_on: Option<Date>,
    pub(crate) decided: Option<Sanction>,
    pub(crate) decided_on: Option<Date>,
    pub(crate) starts_on: Option<Date>,
    pub(crate) lift_action: Option<String>,
    pub(crate) closing_note: Option<String>,
    pub(crate) closed_on: Option<Date>,
    pub(crate) created_on: Date,
    /// Steps the machine refused (a bug of the generator; the tests check it is empty).
    pub(crate) refused: Vec<(Option<SanctionStage>, &'static str)>,
}

impl DemoProcedure {
    fn reported(
        p: &Person,
        breach: BreachKind,
        facts: &str,
        breach_on: Date,
        envisaged: Sanction,
        today: Date,
    ) -> DemoProcedure {
        let summary: app::pathway::HouseholdSummary =
            serde_json::from_value(p.household.clone()).unwrap_or_default();
        let (basis, household) =
            app::ssr::pathway::sanctions::basis_from_summary(&summary, p.birth_date, today)
                .unwrap_or((
                    Cents(65_169),
                    CapHousehold {
                        persons: 1,
                        majore: false,
                    },
                ));
        // A rate above the cap is lowered as the rules require of a decision.
        let envisaged = Sanction {
            rate: envisaged.rate.min(household.max_rate(today)),
            ..envisaged
        };
        let mut d = DemoProcedure {
            stage: None,
            source: "departement",
            breach,
            facts: facts.to_string(),
            breach_on,
            recurrence: Recurrence::First,
            screening: "Aucun motif légitime signalé (santé, garde d'enfant, transport) ; \
                        situation du foyer et fréquence des manquements examinées."
                .to_string(),
            envisaged,
            basis,
            household,
            notice_sent_on: None,
            notice_received_on: None,
            observations: None,
            observations_on: None,
            hearing_asked_on: None,
            hearing_on: None,
            referred_on: None,
            decided: None,
            decided_on: None,
            starts_on: None,
            lift_action: None,
            closing_note: None,
            closed_on: None,
            created_on: breach_on.add_days(2),
            refused: Vec::new(),
        };
        d.step(SanctionAction::Report, breach_on.add_days(2));
        d
    }

    /// Takes a step on `on` through the core machine.
    fn step(&mut self, action: SanctionAction, on: Date) {
        let current = self.stage.map(|stage| Procedure {
            stage,
            notice_received_on: self.notice_received_on,
            proposed: (self.source == "france_travail").then_some(self.envisaged),
            notice_sent: self.notice_sent_on.is_some(),
        });
        match obligations::step(current.as_ref(), action, on) {
            Ok(to) => {
                self.stage = Some(to);
                if let SanctionAction::Decide(s) = action {
                    self.decided = Some(s);
                    self.decided_on = Some(on);
                    self.starts_on = Some(on.month().next().first_day());
                }
                if matches!(
                    action,
                    SanctionAction::DecideNone | SanctionAction::Lift | SanctionAction::End
                ) {
                    self.closed_on = Some(on);
                }
            }
            Err(_) => self.refused.push((self.stage, action.code())),
        }
    }

    fn notice(&mut self, sent: Date, received: Date) {
        self.step(SanctionAction::SendNotice, sent);
        self.notice_sent_on = Some(sent);
        self.notice_received_on = Some(received);
    }
}

fn suspension(percent: i64, months: u8) -> Sanction {
    Sanction {
        kind: SanctionKind::Suspension,
        rate: Rate::ppm(percent * 10_000),
        months,
    }
}

/// A plan of three activities adding up to `hours` (15 h when the norm applies).
pub(crate) fn plan(rng: &mut Rng, hours: i64, signed: Date) -> Option<String> {
    if signed < obligations::LAW_IN_FORCE {
        return None;
    }
    let hours = hours.clamp(0, 35) as u32;
    let first = *rng.pick(&[
        "Ateliers de recherche d'emploi",
        "Rendez-vous avec votre référent",
        "Atelier CV et lettre de motivation",
    ]);
    let second = *rng.pick(&[
        "Formation aide à domicile",
        "Remise à niveau en français et calcul",
        "Immersion en entreprise (EHPAD)",
        "Permis de conduire (code)",
    ]);
    let activities = match hours {
        0 => Vec::new(),
        1..=3 => vec![Activity {
            label: first.into(),
            hours_per_week: hours,
        }],
        _ => vec![
            Activity {
                label: first.into(),
                hours_per_week: 2,
            },
            Activity {
                label: second.into(),
                hours_per_week: hours - 2,
            },
        ],
    };
    let reason = (hours < 15).then(|| {
        *rng.pick(&[
            AdaptedHoursReason::Health,
            AdaptedHoursReason::Childcare,
            AdaptedHoursReason::Housing,
        ])
    });
    ActionPlan::new(activities, reason, signed)
        .ok()
        .map(|p| serde_json::to_string(&p).unwrap_or_default())
}

/// Some people with a signed contract are in a procedure, at every stage of the machine (about
/// 6 % of contracts, as departments reported in the first year), drawn from their own generator
/// so that the rest of the demo stays as it was.
pub(crate) fn maybe_procedure(index: usize, p: &mut Person, today: Date) {
    if p.status != PathwayStatus::ContractSigned {
        return;
    }
    let mut rng = Rng(0x5a4c_7100 ^ index as u64);
    if !rng.chance(6) {
        return;
    }
    let breach_on = today.add_days(-rng.range(5, 120));
    let Some(signed) = p.contract_signed_on else {
        return;
    };
    if breach_on <= signed {
        return;
    }
    let (breach, facts) = *rng.pick(&[
        (
            BreachKind::MissedAppointments,
            "Deux rendez-vous avec votre référent manqués sans nouvelles.",
        ),
        (
            BreachKind::PlanNotFollowed,
            "Les ateliers prévus dans votre contrat n'ont pas été suivis depuis un mois.",
        ),
    ]);
    let mut d = DemoProcedure::reported(p, breach, facts, breach_on, suspension(30, 1), today);
    let reported = breach_on.add_days(2);
    // How far it went, by the days since the breach: later stages need the time they take.
    let age = today.days_since(reported);
    let sent = reported.add_days(3);
    let received = sent.add_days(2);
    let target = rng.range(0, 9);
    if target == 6 {
        // Proposed by France Travail: a procedure of its own kind, opened by the proposal.
        let mut proposal =
            DemoProcedure::reported(p, breach, facts, breach_on, suspension(30, 1), today);
        proposal.stage = None;
        proposal.source = "france_travail";
        proposal.step(SanctionAction::Propose(proposal.envisaged), reported);
        p.procedure = Some(proposal);
        return;
    }
    if target >= 1 && sent <= today && received <= today {
        d.notice(sent, received);
    }
    let after_deadline = obligations::answer_due(received).add_days(1);
    match target {
        2 if received.add_days(3) <= today => {
            d.observations = Some("J'étais malade, j'ai un certificat de mon médecin.".into());
            d.observations_on = Some(received.add_days(3));
            d.step(SanctionAction::RecordObservations, received.add_days(3));
        }
        3 if after_deadline <= today => {
            d.step(SanctionAction::DecideNone, after_deadline);
            d.closing_note = Some("Motif légitime : raison de santé.".into());
        }
        7 if after_deadline <= today => {
            d.step(SanctionAction::Refer, after_deadline);
            d.referred_on = Some(after_deadline);
        }
        8 if after_deadline.add_days(80) <= today => {
            d.step(SanctionAction::Decide(suspension(30, 1)), after_deadline);
            d.lift_action = Some(
                "Reprendre contact avec votre référent et venir au prochain rendez-vous.".into(),
            );
            d.step(SanctionAction::End, after_deadline.add_days(70));
        }
        4 | 5 if after_deadline <= today && age > 20 => {
            d.step(SanctionAction::Decide(suspension(30, 1)), after_deadline);
            d.lift_action = Some(
                "Reprendre contact avec votre référent et venir au prochain rendez-vous.".into(),
            );
            if target == 5 && after_deadline.add_days(10) <= today {
                d.step(SanctionAction::Lift, after_deadline.add_days(10));
                d.closing_note = Some("Rendez-vous honoré avec le référent.".into());
            }
        }
        _ => {}
    }
    push_events(p, &d);
    p.procedure = Some(d);
}

/// The timeline entries a procedure's steps leave (French; the person sees those told to them).
fn push_events(p: &mut Person, d: &DemoProcedure) {
    if let (Some(sent), Some(received)) = (d.notice_sent_on, d.notice_received_on) {
        p.events.push((
            sent,
            "sanction_notice",
            "Courrier : le Département envisage une sanction".into(),
            format!(
                "Vous avez jusqu'au {} pour répondre.",
                obligations::answer_due(received).label_fr()
            ),
            json!({ "due": obligations::answer_due(received).to_string() }),
        ));
    }
    if let Some(on) = d.observations_on {
        p.events.push((
            on,
            "sanction_observations",
            "Observations reçues".into(),
            d.observations.clone().unwrap_or_default(),
            json!({}),
        ));
    }
    if let (Some(on), Some(s)) = (d.decided_on, d.decided) {
        let stake = obligations::stake(d.basis, s, d.household, on);
        p.events.push((
            on,
            "sanction_decided",
            "Décision : suspension d'une partie du RSA".into(),
            format!(
                "Suspension de {} du RSA pendant {} mois, soit {} par mois. Pour la lever : {}",
                stake.rate.label_fr(),
                s.months,
                stake.per_month.format_eur(),
                d.lift_action.clone().unwrap_or_default()
            ),
            json!({
                "rate_ppm": stake.rate.0,
                "months": s.months,
                "per_month": stake.per_month.get(),
                "starts_on": d.starts_on.map(|m| m.to_string()),
            }),
        ));
    }
    match (d.stage, d.closed_on) {
        (Some(SanctionStage::Lifted), Some(on)) => p.events.push((
            on,
            "sanction_lifted",
            format!("Suspension levée le {}", on.label_fr()),
            d.closing_note.clone().unwrap_or_default(),
            json!({ "on": on.to_string() }),
        )),
        (Some(SanctionStage::NoSanction), Some(on)) => p.events.push((
            on,
            "sanction_none",
            "Pas de sanction".into(),
            d.closing_note.clone().unwrap_or_default(),
            json!({}),
        )),
        _ => {}
    }
}

/// The `i`-th person of [`super::OBLIGATIONS_PEOPLE`], oriented towards France Travail with a
/// contract signed `signed_days_ago` days ago.
fn under_contract(opts: &DemoOptions, i: usize, signed_days_ago: i64) -> Person {
    let (first, last, file, born, phone, _) = super::OBLIGATIONS_PEOPLE[i];
    let today = opts.today;
    let signed = today.add_days(-signed_days_ago);
    let seen = signed.add_days(-20);
    let entry = seen.add_days(-25);
    let mut p = blank(
        file,
        first,
        last,
        born,
        Some(phone),
        None,
        opts.units[0].as_str(),
        entry,
    );
    p.caf_information_on = Some(entry.add_days(1));
    p.events.push((
        entry.add_days(3),
        "invited",
        "Invitation au rendez-vous d'orientation envoyée".into(),
        String::new(),
        json!({}),
    ));
    p.events.push((
        seen,
        "oriented",
        "Orientation décidée : Parcours professionnel (vers l'emploi) — référent : France Travail"
            .into(),
        String::new(),
        json!({ "orientation": "professionnel", "organisation": "france_travail" }),
    ));
    p.events.push((
        signed,
        "contract_signed",
        format!("Contrat d'engagement signé le {}", signed.label_fr()),
        "15 heures d'activité par semaine.".into(),
        json!({ "signed_on": signed.to_string(), "weekly_hours": 15 }),
    ));
    p.walk(&[
        (Transition::Invite, entry.add_days(3)),
        (Transition::ScheduleAppointment, entry.add_days(5)),
        (
            Transition::AppointmentOutcome(AppointmentStatus::Held),
            seen,
        ),
        (Transition::DecideOrientation, seen),
        (Transition::SignContract, signed),
    ]);
    p.oriented_on = Some(seen);
    p.orientation = Some("professionnel");
    p.referent_org = Some("france_travail");
    p.referent_name = Some("Sophie Lemoine".into());
    p.referent_contact = Some("02 35 12 34 56".into());
    p.contract_signed_on = Some(signed);
    p.contract_review_on = Some(signed.add_days(120));
    p.contract_hours = Some(15);
    p
}

/// Sofia Lambert: a contract with a 15-hour plan of three activities.
/// Karim Saïdi: a notice sent three days ago after two missed appointments (30 %, 1 month).
/// Lucie Roux: a suspension decided (30 %, 2 months), with the action that lifts it.
pub(crate) fn fixed(opts: &DemoOptions) -> Vec<Person> {
    let today = opts.today;

    let mut sofia = under_contract(opts, 0, 30);
    let signed = sofia.contract_signed_on.unwrap_or(today);
    sofia.contract_plan = ActionPlan::new(
        vec![
            Activity {
                label: "Atelier de recherche d'emploi à France Travail".into(),
                hours_per_week: 3,
            },
            Activity {
                label: "Formation « assistante de vie aux familles » (GRETA)".into(),
                hours_per_week: 10,
            },
            Activity {
                label: "Démarches pour faire garder votre fils".into(),
                hours_per_week: 2,
            },
        ],
        None,
        signed,
    )
    .ok()
    .map(|p| serde_json::to_string(&p).unwrap_or_default());
    sofia.contract_commitments = Some(
        "Vous recevoir une fois par mois, vous aider à trouver un mode de garde et financer \
         votre formation."
            .into(),
    );
    sofia.household = json!({"couple": false, "children_under_3": 1, "children_3_to_24": 0, "housing": "locataire", "housing_aid_cents": 30000});

    let mut karim = under_contract(opts, 1, 80);
    let missed = [today.add_days(-24), today.add_days(-10)];
    for (i, day) in missed.iter().enumerate() {
        karim.appointments.push((
            i as i64,
            "suivi",
            at(*day, 10, 0),
            "Agence France Travail, rue Jean Jaurès, Sotteville-lès-Rouen",
            "Sophie Lemoine",
            "missed",
        ));
    }
    let facts = format!(
        "Vous n'êtes pas venu aux rendez-vous avec votre référente France Travail du {} et du {}, sans prévenir.",
        missed[0].label_fr(),
        missed[1].label_fr()
    );
    let mut d = DemoProcedure::reported(
        &karim,
        BreachKind::MissedAppointments,
        &facts,
        missed[1],
        suspension(30, 1),
        today,
    );
    d.created_on = today.add_days(-6);
    d.notice(today.add_days(-3), today.add_days(-2));
    push_events(&mut karim, &d);
    karim.procedure = Some(d);

    let mut lucie = under_contract(opts, 2, 150);
    let breach = today.add_days(-60);
    let mut d = DemoProcedure::reported(
        &lucie,
        BreachKind::PlanNotFollowed,
        "Les ateliers de recherche d'emploi prévus dans votre contrat n'ont pas été suivis en septembre et en octobre.",
        breach,
        suspension(30, 2),
        today,
    );
    let sent = breach.add_days(5);
    d.notice(sent, sent.add_days(2));
    let decided = obligations::answer_due(sent.add_days(2)).add_days(3);
    d.step(SanctionAction::Decide(suspension(30, 2)), decided);
    d.lift_action = Some(
        "Reprendre les ateliers de recherche d'emploi à France Travail (le mardi et le jeudi matin) \
         et en parler avec votre référente."
            .into(),
    );
    push_events(&mut lucie, &d);
    lucie.procedure = Some(d);

    vec![sofia, karim, lucie]
}
