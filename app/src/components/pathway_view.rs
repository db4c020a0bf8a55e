//! The pathway as the person sees it. Staff see the same blocks on a person's file, plus their
//! actions, so that both talk about the same thing.
use leptos::prelude::*;
use leptos_i18n::td_string;
use passerelle::pathway::PathwayStatus;

use crate::lang::labels;

use crate::pathway::{
    AppointmentView, ContractView, EmploymentView, PathwayView, ReferentView, TimelineEntry,
};

/// Where the person stands and what comes next.
#[component]
pub fn StatusCard(view: PathwayView, #[prop(optional)] staff: bool) -> impl IntoView {
    // French on staff pages (the language of a request to them is always French).
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    let since = view
        .status_since
        .map(|d| td_string!(l, pathway.since, date = d.label(lang)))
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
            <h2 id="titre-statut">{td_string!(l, pathway.where_now)}</h2>
            <p class="status-label" data-testid="status">{labels::status(lang, view.status)}</p>
            <p class="muted">{since}</p>
            {(!staff || view.status != PathwayStatus::Exited).then(|| view! {
                <p class="next-step"><strong>{td_string!(l, pathway.next)} " "</strong>{labels::next_step(lang, view.status)}</p>
            })}
            {delay.map(|d| view! { <p class="delay" data-testid="delay">{d}</p> })}
            {view.orientation.map(|o| view! { <p>{td_string!(l, pathway.your_pathway)} " " <strong>{labels::orientation(lang, o)}</strong></p> })}
        </section>
    }
}

#[component]
pub fn AppointmentCard(
    appointment: AppointmentView,
    #[prop(optional)] ics_link: bool,
) -> impl IntoView {
    let ics = format!("/mon-parcours/rendez-vous/{}.ics", appointment.id);
    let l = crate::lang::locale();
    view! {
        <div class="appointment">
            <p class="appointment-title"><strong>{appointment.purpose_label.clone()}</strong></p>
            <p class="appointment-when" data-testid="next-appointment">{appointment.when_label.clone()}</p>
            <p>{td_string!(l, pathway.place)} " " {appointment.place.clone()}</p>
            <p>{td_string!(l, pathway.officer)} " " {appointment.officer.clone()}</p>
            {ics_link.then(|| view! {
                <p><a class="button secondary" href=ics download="rendez-vous.ics">{td_string!(l, pathway.add_calendar)}</a></p>
            })}
        </div>
    }
}

#[component]
pub fn ReferentCard(referent: ReferentView) -> impl IntoView {
    let contact = referent.contact.clone();
    let tel = contact.as_deref().and_then(phone_uri);
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-referent">
            <h2 id="titre-referent">{td_string!(l, pathway.referent_title)}</h2>
            <p>
                <strong>{referent.name.clone().unwrap_or_else(|| td_string!(l, pathway.to_be_named).to_string())}</strong>
                " — " {labels::organisation(lang, referent.organisation)}
            </p>
            {contact.map(|c| match tel {
                Some(uri) => view! { <p>{td_string!(l, pathway.reach)} " " <a href=uri class="phone">{c}</a></p> }.into_any(),
                None => view! { <p>{td_string!(l, pathway.reach)} " " {c}</p> }.into_any(),
            })}
            <p class="muted">{td_string!(l, pathway.referent_note)}</p>
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
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-contrat">
            <h2 id="titre-contrat">{td_string!(l, pathway.contract_title)}</h2>
            <p>{td_string!(l, pathway.signed, date = contract.signed_on.label(lang))}</p>
            {contract.review_on.map(|d| view! { <p>{td_string!(l, pathway.review)} " " <strong>{d.label(lang)}</strong> "."</p> })}
            {contract.weekly_hours.map(|h| view! { <p>{crate::lang::plural_of(lang, &td_string!(l, pathway.weekly, hours = "{{ hours }}"), "hours", h.max(0) as u64)}</p> })}
            <p class="muted">{td_string!(l, pathway.contract_note)}</p>
        </section>
    }
}

#[component]
pub fn EmploymentCard(employment: EmploymentView) -> impl IntoView {
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-emploi">
            <h2 id="titre-emploi">{td_string!(l, pathway.job_title)}</h2>
            <p>
                <strong>{employment.employer.clone()}</strong> " — "
                {
                    let (sector, translated) = crate::lang::rules_label(lang, &format!("sector_{}", employment.sector), &employment.sector_label);
                    view! { <span lang=(!translated).then_some("fr")>{sector}</span> }
                }
            </p>
            <p>
                {td_string!(l, pathway.job_since, date = employment.start_on.label(lang))}
                {employment.contract.map(|c| td_string!(l, pathway.job_contract, contract = labels::contract(lang, c)))}
                {employment.hours_per_week.map(|h| crate::lang::plural_of(lang, &td_string!(l, pathway.job_hours, hours = "{{ hours }}"), "hours", h.max(0) as u64))} "."
            </p>
            {employment.scheme.clone().map(|s| view! {
                <div class="scheme-progress" data-testid="scheme">
                    {
                        let (name, translated) = crate::lang::rules_label(lang, &format!("scheme_{}", s.scheme_code), &s.scheme_name);
                        view! { <p lang=(!translated).then_some("fr")><strong>{name}</strong></p> }
                    }
                    <p>
                        {if s.months_left > 0 {
                            td_string!(l, pathway.scheme_left, left = s.months_left, total = s.months_total)
                        } else {
                            td_string!(l, pathway.scheme_done, total = s.months_total)
                        }}
                    </p>
                    <p>
                        {match s.bonus_paid_on {
                            Some(d) => td_string!(l, pathway.bonus_paid, amount = s.bonus.format(lang), date = d.label(lang)),
                            None if s.bonus.get() > 0 => td_string!(l, pathway.bonus_soon, amount = s.bonus.format(lang)),
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
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section aria-labelledby="titre-etapes-parcours">
            <h2 id="titre-etapes-parcours">{td_string!(l, pathway.steps)}</h2>
            {if entries.is_empty() {
                view! { <p>{td_string!(l, pathway.no_steps)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" reversed>
                        {entries
                            .into_iter()
                            .map(|e| view! {
                                // An entry written before translations existed stays French.
                                <li class:internal=e.internal data-kind=e.kind.clone() lang=e.french_only.then_some("fr")>
                                    <p class="timeline-date">{e.date.label(lang)}</p>
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
