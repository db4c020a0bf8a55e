//! The pathway as the person sees it. Staff see the same blocks on a person's file, plus their
//! actions, so that both talk about the same thing.
use leptos::prelude::*;
use leptos_i18n::td_string;

use crate::lang::labels;

use crate::pathway::{
    AppointmentView, ContractView, EmploymentView, ObligationDeadlines, PathwayView, ReferentView,
    SanctionView, TimelineEntry,
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
            // Staff read about the person (third person); the person reads to them ("vous").
            <h2 id="titre-statut">{if staff { "Où en est le parcours ?" } else { td_string!(l, pathway.where_now) }}</h2>
            <p class="status-label" data-testid="status">
                {if staff { view.status.staff_label_fr().to_string() } else { labels::status(lang, view.status) }}
            </p>
            <p class="muted">{since}</p>
            {if staff {
                view! { <p class="next-step"><strong>"À faire : "</strong>{view.status.staff_next_fr()}</p> }.into_any()
            } else {
                view! { <p class="next-step"><strong>{td_string!(l, pathway.next)} " "</strong>{labels::next_step(lang, view.status)}</p> }.into_any()
            }}
            {delay.map(|d| view! { <p class="delay" data-testid="delay">{d}</p> })}
            {view.orientation.map(|o| view! {
                <p>{if staff { "Parcours :" } else { td_string!(l, pathway.your_pathway) }} " " <strong>{labels::orientation(lang, o)}</strong></p>
            })}
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
            // Stored French text and names, isolated on an Arabic page.
            <p>{td_string!(l, pathway.place)} " " <bdi lang="fr">{appointment.place.clone()}</bdi></p>
            <p>{td_string!(l, pathway.officer)} " " <bdi>{appointment.officer.clone()}</bdi></p>
            {ics_link.then(|| view! {
                <p><a class="button secondary" href=ics download="rendez-vous.ics">{td_string!(l, pathway.add_calendar)}</a></p>
            })}
        </div>
    }
}

#[component]
pub fn ReferentCard(referent: ReferentView, #[prop(optional)] staff: bool) -> impl IntoView {
    let contact = referent.contact.clone();
    let tel = contact.as_deref().and_then(phone_uri);
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-referent">
            // Staff read about the person; the person reads to them ("vous").
            <h2 id="titre-referent">{if staff { "Référent" } else { td_string!(l, pathway.referent_title) }}</h2>
            <p>
                <strong>{match referent.name.clone() {
                    Some(name) => view! { <bdi>{name}</bdi> }.into_any(),
                    None => td_string!(l, pathway.to_be_named).into_any(),
                }}</strong>
                " — " {labels::organisation(lang, referent.organisation)}
            </p>
            {contact.map(|c| match tel {
                Some(uri) => view! { <p>{td_string!(l, pathway.reach)} " " <a href=uri class="phone nowrap" dir="ltr">{c}</a></p> }.into_any(),
                None => view! { <p>{td_string!(l, pathway.reach)} " " <bdi>{c}</bdi></p> }.into_any(),
            })}
            {(!staff).then(|| view! { <p class="muted">{td_string!(l, pathway.referent_note)}</p> })}
        </section>
    }
}

/// A `tel:` link for a French phone number typed in any common way.
fn phone_uri(contact: &str) -> Option<String> {
    let digits: String = contact.chars().filter(|c| c.is_ascii_digit()).collect();
    (digits.len() == 10 && digits.starts_with('0')).then(|| format!("tel:+33{}", &digits[1..]))
}

/// "Mes engagements": the contrat d'engagement with its action plan, what the référent commits
/// to, the next review, and the deadline of a pre-2025 contract.
#[component]
pub fn ContractCard(contract: ContractView, #[prop(optional)] staff: bool) -> impl IntoView {
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    let plan = contract.plan.clone();
    view! {
        <section class="card" aria-labelledby="titre-contrat" id="engagements">
            <h2 id="titre-contrat">{if staff { "Contrat d'engagement" } else { td_string!(l, obligations.title) }}</h2>
            <p>{td_string!(l, obligations.signed, date = contract.signed_on.label(lang))}</p>
            {match plan {
                Some(plan) => {
                    let total = plan.weekly_total();
                    let reason = plan.adapted_reason;
                    view! {
                        <h3>{if staff { "Plan d'action" } else { td_string!(l, obligations.plan_title) }}</h3>
                        <table class="plan">
                            <tbody>
                                {plan.activities.iter().map(|a| view! {
                                    <tr>
                                        <th scope="row" lang=(lang != crate::lang::Lang::Fr).then_some("fr") dir=(lang == crate::lang::Lang::Ar).then_some("ltr")>{a.label.clone()}</th>
                                        <td>{hours_label(a.hours_per_week)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot>
                                <tr><th scope="row">{td_string!(l, obligations.total)}</th><td><strong>{hours_label(total)}</strong></td></tr>
                            </tfoot>
                        </table>
                        {reason.map(|r| view! { <p class="note">{td_string!(l, obligations.adapted, reason = reason_label(r))}</p> })}
                    }.into_any()
                }
                None => contract.weekly_hours.map(|h| view! { <p>{crate::lang::plural_of(lang, &td_string!(l, pathway.weekly, hours = "{{ hours }}"), "hours", h.max(0) as u64)}</p> }).into_any(),
            }}
            {contract.commitments.clone().map(|c| view! {
                <h3>{td_string!(l, obligations.referent_commits)}</h3>
                <p lang=(lang != crate::lang::Lang::Fr).then_some("fr") dir=(lang == crate::lang::Lang::Ar).then_some("ltr")>{c}</p>
            })}
            {contract.review_on.map(|d| view! { <p>{td_string!(l, obligations.next_review, date = d.label(lang))}</p> })}
            {contract.renew_by.map(|d| view! { <p class="warning">{td_string!(l, obligations.renew_by, date = d.label(lang))}</p> })}
            <p class="muted">{td_string!(l, pathway.contract_note)}</p>
        </section>
    }
}

/// "3 heures par semaine", in the page's language.
fn hours_label(hours: u32) -> String {
    let l = crate::lang::locale();
    if hours == 1 {
        td_string!(l, obligations.hours_single, hours = hours).to_string()
    } else {
        td_string!(l, obligations.hours_many, hours = hours).to_string()
    }
}

/// Why the hours were adapted, said kindly.
fn reason_label(reason: passerelle::obligations::AdaptedHoursReason) -> String {
    use passerelle::obligations::AdaptedHoursReason as R;
    let l = crate::lang::locale();
    match reason {
        R::Health => td_string!(l, obligations.reason_health),
        R::Disability => td_string!(l, obligations.reason_disability),
        R::Childcare => td_string!(l, obligations.reason_childcare),
        R::Caregiver => td_string!(l, obligations.reason_caregiver),
        R::Housing => td_string!(l, obligations.reason_housing),
        R::Other => td_string!(l, obligations.reason_other),
    }
    .to_string()
}

/// "30 %" in French, "30%" in English and Arabic.
pub fn rate_label(rate: passerelle::Rate, lang: crate::lang::Lang) -> String {
    match lang {
        crate::lang::Lang::Fr => rate.label_fr(),
        _ => rate.label_fr().replace('\u{00A0}', "").replace(',', "."),
    }
}

/// The deadlines the law sets while they run, said to the person.
#[component]
pub fn DeadlinesNote(deadlines: ObligationDeadlines) -> impl IntoView {
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        {deadlines.orientation_due.map(|d| view! { <p class="deadline">{td_string!(l, obligations.orientation_due, date = d.label(lang))}</p> })}
        {deadlines.contract_due.map(|d| view! { <p class="deadline">{td_string!(l, obligations.contract_due, date = d.label(lang))}</p> })}
        {deadlines.social_review_due.map(|d| view! { <p>{td_string!(l, obligations.social_review_due, date = d.label(lang))}</p> })}
    }
}

/// The suspension procedure: the notice (facts, sanction envisaged and its cost, the deadline to
/// answer and how), the decision (what is withheld, how to lift it, how to contest it), or how it
/// ended. `children`: the person's forms (observations, hearing), under the notice.
#[component]
pub fn SanctionCard(
    sanction: SanctionView,
    #[prop(optional)] staff: bool,
    /// Where the printable letter is.
    #[prop(optional)]
    letter_href: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    use passerelle::obligations::{BreachKind as B, SanctionStage as S};
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    let fr_only = (lang != crate::lang::Lang::Fr).then_some("fr");
    // French text inside an Arabic page reads left to right (its full stop stays at its end).
    let ltr_in_rtl = (lang == crate::lang::Lang::Ar).then_some("ltr");
    let breach = match sanction.breach {
        B::MissedAppointments => td_string!(l, obligations.breach_missed_appointments),
        B::ContractRefused => td_string!(l, obligations.breach_contract_refused),
        B::PlanNotFollowed => td_string!(l, obligations.breach_plan_not_followed),
        B::NotRegistered => td_string!(l, obligations.breach_not_registered),
    };
    let stake = sanction.envisaged_stake;
    let envisaged = if stake.months == 1 {
        td_string!(
            l,
            obligations.envisaged_single,
            rate = rate_label(stake.rate, lang),
            months = stake.months,
            amount = stake.per_month.format(lang)
        )
        .to_string()
    } else {
        td_string!(
            l,
            obligations.envisaged_many,
            rate = rate_label(stake.rate, lang),
            months = stake.months,
            amount = stake.per_month.format(lang),
            total = stake.total.format(lang)
        )
        .to_string()
    };
    let capped = stake.capped || (stake.rate.0 <= 500_000 && sanction.envisaged.rate.0 > 500_000);
    let stage = sanction.stage;
    let decided = sanction.decided.zip(sanction.decided_stake);
    let title = if stage == S::Decided {
        td_string!(l, obligations.decision_title).to_string()
    } else {
        td_string!(l, obligations.notice_title).to_string()
    };
    let closed = stage.is_closed();
    view! {
        <section class="card sanction" aria-labelledby="titre-sanction" id="sanction" data-stage=stage.code()>
            {(!closed).then(|| view! { <h2 id="titre-sanction">{title.clone()}</h2> })}
            {closed.then(|| {
                let on = sanction.closed_on.map(|d| d.label(lang)).unwrap_or_default();
                let text = match stage {
                    S::Lifted => td_string!(l, obligations.lifted, date = on).to_string(),
                    S::Ended => td_string!(l, obligations.ended, date = on).to_string(),
                    _ => td_string!(l, obligations.no_sanction, date = on).to_string(),
                };
                view! { <h2 id="titre-sanction">{text}</h2> }
            })}
            {staff.then(|| view! { <p><strong>"Étape : "</strong>{stage.staff_label_fr()}</p> })}
            {(stage != S::Decided && !closed).then(|| view! {
                <h3>{td_string!(l, obligations.notice_what)}</h3>
                <p>{breach}</p>
                <p lang=fr_only dir=ltr_in_rtl>{sanction.facts.clone()}</p>
                <p>{envisaged.clone()}</p>
                {capped.then(|| view! { <p class="note">{td_string!(l, obligations.capped)}</p> })}
                <p class="deadline"><strong>{match sanction.answer_due {
                    Some(d) => td_string!(l, obligations.due, date = d.label(lang)).to_string(),
                    None => td_string!(l, obligations.due_unknown).to_string(),
                }}</strong></p>
                <p>{td_string!(l, obligations.not_automatic)}</p>
                {sanction.observations_on.map(|d| view! { <p class="success">{td_string!(l, obligations.sent, date = d.label(lang))}</p> })}
                {sanction.hearing_asked_on.map(|d| view! { <p class="success">{td_string!(l, obligations.hearing_asked, date = d.label(lang))}</p> })}
                {sanction.hearing_on.map(|d| view! { <p>{td_string!(l, obligations.heard, date = d.label(lang))}</p> })}
                {sanction.referred_on.map(|d| view! { <p>{td_string!(l, obligations.referred, date = d.label(lang))}</p> })}
                {letter_href.clone().filter(|_| staff || sanction.notice_sent_on.is_some()).map(|href| view! { <p><a href=href>{td_string!(l, obligations.letter)}</a></p> })}
            })}
            {(stage == S::Decided).then(|| decided.map(|(d, st)| {
                let month = sanction.starts_on.map(|m| m.month().label(lang)).unwrap_or_default();
                let on = sanction.decided_on.map(|m| m.label(lang)).unwrap_or_default();
                let text = if d.months == 1 {
                    td_string!(l, obligations.decision_single, date = on, rate = rate_label(st.rate, lang), months = d.months, month = month, amount = st.per_month.format(lang), paid = st.still_paid.format(lang)).to_string()
                } else {
                    td_string!(l, obligations.decision_many, date = on, rate = rate_label(st.rate, lang), months = d.months, month = month, amount = st.per_month.format(lang), paid = st.still_paid.format(lang)).to_string()
                };
                view! {
                    <p>{text}</p>
                    <h3>{td_string!(l, obligations.to_lift)}</h3>
                    <p lang=fr_only dir=ltr_in_rtl>{sanction.lift_action.clone()}</p>
                    <p>{td_string!(l, obligations.lift_note)}</p>
                    <p class="muted">{td_string!(l, obligations.contest)}</p>
                }
            }))}
            {staff.then(|| view! {
                <dl class="staff-only">
                    <dt>"Vérifications (motif légitime, critères R262-68-5)"</dt><dd>{sanction.screening.clone()}</dd>
                    {sanction.notice_sent_on.map(|d| view! { <dt>"Courrier envoyé le"</dt><dd>{d.label_fr()}</dd> })}
                    {sanction.notice_received_on.map(|d| view! { <dt>"Reçu le"</dt><dd>{d.label_fr()}</dd> })}
                    {sanction.hearing_asked_on.map(|d| view! { <dt>"Demande à être reçu(e) le"</dt><dd>{d.label_fr()}</dd> })}
                    {sanction.referred_on.map(|d| view! { <dt>"Transmis à l'équipe pluridisciplinaire le"</dt><dd>{d.label_fr()}</dd> })}
                    {sanction.observations.clone().map(|o| view! { <dt>"Observations de la personne"</dt><dd class="pre">{o}</dd> })}
                    {sanction.hearing_notes.clone().map(|o| view! { <dt>"Notes de l'entretien"</dt><dd class="pre">{o}</dd> })}
                    {sanction.closing_note.clone().map(|o| view! { <dt>"Clôture"</dt><dd>{o}</dd> })}
                    {sanction.decision_locked_until.map(|d| view! { <dt>"Décision possible"</dt><dd>{format!("à partir du lendemain du {} (ou dès la réponse de la personne)", d.label_fr())}</dd> })}
                </dl>
            })}
            {(!closed && stage != S::Decided).then(|| children.map(|c| c()))}
            <p class="muted">{td_string!(l, obligations.contact)} " " <a href=crate::components::layout::CONTACT_PHONE_URI>{crate::components::layout::CONTACT_PHONE}</a> "."</p>
        </section>
    }
}

#[component]
pub fn EmploymentCard(employment: EmploymentView, #[prop(optional)] staff: bool) -> impl IntoView {
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section class="card" aria-labelledby="titre-emploi">
            <h2 id="titre-emploi">{if staff { "Emploi" } else { td_string!(l, pathway.job_title) }}</h2>
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
pub fn Timeline(entries: Vec<TimelineEntry>, #[prop(optional)] staff: bool) -> impl IntoView {
    let lang = crate::lang::current();
    let l = crate::lang::locale();
    view! {
        <section aria-labelledby="titre-etapes-parcours">
            <h2 id="titre-etapes-parcours">{if staff { "Étapes du parcours" } else { td_string!(l, pathway.steps) }}</h2>
            {if entries.is_empty() {
                view! { <p>{td_string!(l, pathway.no_steps)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" reversed>
                        {entries
                            .into_iter()
                            .map(|e| view! {
                                // An entry written before translations existed stays French.
                                <li class:internal=e.internal data-kind=e.kind.clone() lang=e.french_only.then_some("fr") dir=e.french_only.then_some("ltr")>
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
