//! The pathway as the person sees it. Staff see the same blocks on a person's file, plus their
//! actions, so that both talk about the same thing.
use leptos::prelude::*;
use passerelle::pathway::PathwayStatus;

use crate::pathway::{
    AppointmentView, ContractView, EmploymentView, PathwayView, ReferentView, TimelineEntry,
};

/// Where the person stands and what comes next.
#[component]
pub fn StatusCard(view: PathwayView, #[prop(optional)] staff: bool) -> impl IntoView {
    let since = view
        .status_since
        .map(|d| format!("Depuis le {}.", d.label_fr()))
        .unwrap_or_default();
    let waiting = view.status.awaiting_orientation();
    let delay = if staff && waiting {
        let d = view.delays;
        let flag = if !d.within_legal {
            " — au-delà du délai légal de 6 semaines"
        } else if !d.within_target {
            " — au-delà de l'objectif de 30 jours"
        } else {
            ""
        };
        Some(format!(
            "Entré(e) au RSA le {} : {} jours{flag}.",
            view.rsa_opened_on.label_fr(),
            d.days_since_entry
        ))
    } else {
        None
    };
    view! {
        <section class="status-card" aria-labelledby="titre-statut" data-status=view.status.code()>
            <h2 id="titre-statut">"Où en êtes-vous ?"</h2>
            <p class="status-label" data-testid="status">{view.status.label_fr()}</p>
            <p class="muted">{since}</p>
            {(!staff || view.status != PathwayStatus::Exited).then(|| view! {
                <p class="next-step"><strong>"La suite : "</strong>{view.status.next_step_fr()}</p>
            })}
            {delay.map(|d| view! { <p class="delay" data-testid="delay">{d}</p> })}
            {view.orientation.map(|o| view! { <p>"Votre parcours : " <strong>{o.label_fr()}</strong></p> })}
        </section>
    }
}

#[component]
pub fn AppointmentCard(
    appointment: AppointmentView,
    #[prop(optional)] ics_link: bool,
) -> impl IntoView {
    let ics = format!("/mon-parcours/rendez-vous/{}.ics", appointment.id);
    view! {
        <div class="appointment">
            <p class="appointment-title"><strong>{appointment.purpose_label.clone()}</strong></p>
            <p class="appointment-when" data-testid="next-appointment">{appointment.when_label.clone()}</p>
            <p>"Lieu : " {appointment.place.clone()}</p>
            <p>"Vous serez reçu(e) par : " {appointment.officer.clone()}</p>
            {ics_link.then(|| view! {
                <p><a class="button secondary" href=ics download="rendez-vous.ics">"Ajouter à mon agenda"</a></p>
            })}
        </div>
    }
}

#[component]
pub fn ReferentCard(referent: ReferentView) -> impl IntoView {
    let contact = referent.contact.clone();
    let tel = contact.as_deref().and_then(phone_uri);
    view! {
        <section class="card" aria-labelledby="titre-referent">
            <h2 id="titre-referent">"Votre référent"</h2>
            <p>
                <strong>{referent.name.clone().unwrap_or_else(|| "À désigner".to_string())}</strong>
                " — " {referent.organisation.label_fr()}
            </p>
            {contact.map(|c| match tel {
                Some(uri) => view! { <p>"Pour le joindre : " <a href=uri class="phone">{c}</a></p> }.into_any(),
                None => view! { <p>"Pour le joindre : " {c}</p> }.into_any(),
            })}
            <p class="muted">"Votre référent vous accompagne : c'est à lui que vous posez vos questions sur votre parcours."</p>
        </section>
    }
}

/// A `tel:` link for a French phone number typed in any common way.
fn phone_uri(contact: &str) -> Option<String> {
    let digits: String = contact.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits.len() == 10 && digits.starts_with('0')).then(|| format!("tel:+33{}", &digits[1..]))
}

#[component]
pub fn ContractCard(contract: ContractView) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-contrat">
            <h2 id="titre-contrat">"Votre contrat d'engagement"</h2>
            <p>"Signé le " {contract.signed_on.label_fr()} "."</p>
            {contract.review_on.map(|d| view! { <p>"Prochain point avec votre référent : " <strong>{d.label_fr()}</strong> "."</p> })}
            {contract.weekly_hours.map(|h| view! { <p>{format!("Activités prévues : {h} heures par semaine.")}</p> })}
            <p class="muted">"Le contrat d'engagement liste vos objectifs et les actions prévues (formation, stage, démarches…)."</p>
        </section>
    }
}

#[component]
pub fn EmploymentCard(employment: EmploymentView) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="titre-emploi">
            <h2 id="titre-emploi">"Votre emploi"</h2>
            <p>
                <strong>{employment.employer.clone()}</strong> " — " {employment.sector_label.clone()}
            </p>
            <p>
                "Depuis le " {employment.start_on.label_fr()}
                {employment.contract_label.clone().map(|c| format!(", en {c}"))}
                {employment.hours_per_week.map(|h| format!(", {h} heures par semaine"))} "."
            </p>
            {employment.scheme.clone().map(|s| view! {
                <div class="scheme-progress" data-testid="scheme">
                    <p><strong>{s.scheme_name.clone()}</strong></p>
                    <p>
                        {if s.months_left > 0 {
                            format!("Vous gardez le RSA en plus de votre salaire : encore {} mois sur {}.", s.months_left, s.months_total)
                        } else {
                            format!("Les {} mois où vous gardiez le RSA en plus de votre salaire sont terminés : le RSA est maintenant calculé normalement.", s.months_total)
                        }}
                    </p>
                    <p>
                        {match s.bonus_paid_on {
                            Some(d) => format!("Prime de reprise d'emploi de {} : versée le {}.", s.bonus.format_eur(), d.label_fr()),
                            None if s.bonus.get() > 0 => format!("Prime de reprise d'emploi de {} : elle sera versée prochainement.", s.bonus.format_eur()),
                            None => String::new(),
                        }}
                    </p>
                </div>
            })}
        </section>
    }
}

#[component]
pub fn Timeline(entries: Vec<TimelineEntry>) -> impl IntoView {
    view! {
        <section aria-labelledby="titre-etapes-parcours">
            <h2 id="titre-etapes-parcours">"Les étapes de votre parcours"</h2>
            {if entries.is_empty() {
                view! { <p>"Aucune étape pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" reversed>
                        {entries
                            .into_iter()
                            .map(|e| view! {
                                <li class:internal=e.internal data-kind=e.kind.clone()>
                                    <p class="timeline-date">{e.date.label_fr()}</p>
                                    <p class="timeline-title">
                                        {e.title.clone()}
                                        {e.internal.then(|| view! { <span class="tag">" (note interne, non visible par la personne)"</span> })}
                                    </p>
                                    {(!e.detail.is_empty()).then(|| view! { <p class="timeline-detail">{e.detail.clone()}</p> })}
                                </li>
                            })
                            .collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}
