//! `/mes-donnees`: what the service holds about the signed-in person (GDPR art. 15), readable on a
//! phone, with the two downloads and the list of who consulted or changed the file.
use leptos::prelude::*;
use leptos_i18n::td_string;
use leptos_meta::Title;

use crate::components::guard::ErrorView;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::lang::labels;
use crate::my_data::{PersonalData, my_data};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_data());
    let l = crate::lang::locale();
    view! {
        <Title text=td_string!(l, my_data.title) />
        <h1>{td_string!(l, my_data.title)}</h1>
        <Suspense fallback=move || view! { <p>{td_string!(l, my_data.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(d) => view! { <Data data=d /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Data(data: PersonalData) -> impl IntoView {
    let f = data.file.clone();
    let l = crate::lang::locale();
    let lang = crate::lang::current();
    // Values that are not text of the page's language are isolated, so that an Arabic page does
    // not reorder them: numbers and addresses always left to right, in one piece ("06 12 34 56
    // 78", never "56 34 12 06 / 78"); names and stored French text as French.
    let row = |label: &str, value: String| {
        let label = label.to_string();
        view! { <dt>{label}</dt><dd>{value}</dd> }
    };
    let ltr = |label: &str, value: String| {
        let label = label.to_string();
        view! { <dt>{label}</dt><dd><bdi dir="ltr" class="nowrap">{value}</bdi></dd> }
    };
    let french = |label: &str, value: String| {
        let label = label.to_string();
        view! { <dt>{label}</dt><dd><bdi lang="fr">{value}</bdi></dd> }
    };
    let none = || "—".to_string();
    let household = {
        let h = &f.household;
        let who = if h.couple {
            td_string!(l, my_data.couple)
        } else {
            td_string!(l, my_data.single)
        };
        let children = match h.children_under_3 + h.children_3_to_24 {
            0 => td_string!(l, my_data.no_child).to_string(),
            n => crate::lang::text_plural(lang, "my_data.children", u64::from(n)),
        };
        format!("{who}, {children}")
    };
    view! {
        <p class="lead">{td_string!(l, my_data.lead, date = data.generated_label.clone())}</p>
        <p>
            <a class="button secondary" href="/mes-donnees/telecharger.csv" download>{td_string!(l, my_data.download_csv)}</a>
            " "
            <a class="button secondary" href="/mes-donnees/telecharger.json" download>{td_string!(l, my_data.download_json)}</a>
        </p>
        {(lang != crate::lang::Lang::Fr).then(|| view! { <p class="muted">{td_string!(l, my_data.downloads_french)}</p> })}

        <section class="card" aria-labelledby="titre-identite">
            <h2 id="titre-identite">{td_string!(l, my_data.who_title)}</h2>
            <dl class="facts">
                {ltr(td_string!(l, my_data.file_number), f.file_number.clone())}
                {french(td_string!(l, my_data.name), format!("{} {}", f.first_name, f.last_name))}
                {row(td_string!(l, my_data.birth), f.birth_date.label(lang))}
                {french(td_string!(l, my_data.commune), f.commune.clone())}
                {ltr(td_string!(l, my_data.phone), f.phone.clone().unwrap_or_else(none))}
                {ltr(td_string!(l, my_data.email), f.email.clone().unwrap_or_else(none))}
                {row(td_string!(l, my_data.household), household)}
                {french(td_string!(l, my_data.followed_by), f.unit_name.clone())}
                {row(td_string!(l, my_data.message_lang), f.message_lang.name().to_string())}
            </dl>
            {data.sign_in_locked_since.clone().map(|since| view! {
                <p class="notice">{td_string!(l, my_data.locked, date = since)}</p>
            })}
            <p class="muted">
                {td_string!(l, my_data.wrong)} " " <a href=CONTACT_PHONE_URI dir="ltr" class="nowrap">{CONTACT_PHONE}</a>
                {td_string!(l, my_data.wrong_after)}
            </p>
        </section>

        <section class="card" aria-labelledby="titre-parcours-donnees">
            <h2 id="titre-parcours-donnees">{td_string!(l, my_data.pathway_title)}</h2>
            <dl class="facts">
                {row(td_string!(l, my_data.entry), f.rsa_opened_on.label(lang))}
                {row(td_string!(l, my_data.step), labels::status(lang, f.status))}
                {row(td_string!(l, my_data.pathway), f.orientation.map(|o| labels::orientation(lang, o)).unwrap_or_else(none))}
                {row(td_string!(l, my_data.referent), f.referent.clone().map(|r| format!("{} {}", labels::organisation(lang, r.organisation), r.name.unwrap_or_default())).unwrap_or_else(none))}
                {row(td_string!(l, my_data.contract), f.contract.clone().map(|c| td_string!(l, my_data.contract_signed, date = c.signed_on.label(lang)).to_string()).unwrap_or_else(none))}
                {row(td_string!(l, my_data.job), f.employment.clone().map(|e| td_string!(l, my_data.job_since, employer = e.employer, date = e.start_on.label(lang)).to_string()).unwrap_or_else(none))}
            </dl>
            <h3>{td_string!(l, my_data.appointments)}</h3>
            {if f.appointments.is_empty() {
                view! { <p>{td_string!(l, my_data.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {f.appointments.iter().map(|a| view! {
                            <li>{format!("{} — {} — ", a.purpose_label, a.when_label)}<bdi lang="fr">{a.place.clone()}</bdi>{format!(" ({})", labels::outcome(lang, a.status))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>{td_string!(l, my_data.steps_notes)}</h3>
            <ul class="plain-list">
                {f.timeline.iter().map(|e| view! {
                    <li lang=e.french_only.then_some("fr") dir=e.french_only.then_some("ltr")>
                        <strong>{e.date.label(lang)}</strong> " — " {e.title.clone()}
                        {e.internal.then(|| format!(" {}", td_string!(l, my_data.team_note)))}
                        {(!e.detail.is_empty()).then(|| view! { <br /><bdi class="muted" lang=(!e.french_only && lang != crate::lang::Lang::Fr).then_some("fr")>{e.detail.clone()}</bdi> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>

        <section class="card" aria-labelledby="titre-messages-envoyes">
            <h2 id="titre-messages-envoyes">{td_string!(l, my_data.sent_title)}</h2>
            <p class="muted">{td_string!(l, my_data.sent_note)}</p>
            {if data.sent.is_empty() {
                view! { <p>{td_string!(l, my_data.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {data.sent.iter().map(|m| view! {
                            <li>
                                <strong>{m.sent_label.clone()}</strong> " — " {m.channel_label.clone()} " " {td_string!(l, my_data.to)} " " <bdi>{m.recipient.clone()}</bdi> " — " {m.status_label.clone()}
                                // The text as it was sent, in its own language and direction.
                                <br /><bdi class="message-body" dir="auto">{m.text.clone()}</bdi>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!data.planned.is_empty()).then(|| view! {
                <h3>{td_string!(l, my_data.planned)}</h3>
                <ul class="plain-list">
                    {data.planned.iter().map(|p| view! { <li>{p.about.clone()} " — " {p.at.clone()}</li> }).collect_view()}
                </ul>
            })}
            <p>
                {match (data.file.sms_refused, data.file.email_refused) {
                    (false, false) => td_string!(l, my_data.channels_all),
                    (true, false) => td_string!(l, my_data.channels_no_sms),
                    (false, true) => td_string!(l, my_data.channels_no_email),
                    (true, true) => td_string!(l, my_data.channels_none),
                }}
                " " <a href="/mon-parcours#canaux">{td_string!(l, my_data.change)}</a>
            </p>
        </section>

        <section class="card" aria-labelledby="titre-consultations">
            <h2 id="titre-consultations">{td_string!(l, my_data.consulted_title)}</h2>
            <p class="muted">{td_string!(l, my_data.consulted_note)}</p>
            {if data.consultations.is_empty() {
                view! { <p>{td_string!(l, my_data.nobody)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" data-testid="consultations">
                        {data.consultations.iter().map(|c| view! {
                            <li><strong>{c.date_label.clone()}</strong> " — " <bdi>{c.who.clone()}</bdi> " " {c.what.clone()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="titre-simulations">
            <h2 id="titre-simulations">{td_string!(l, my_data.simulations_title)}</h2>
            <p>{td_string!(l, my_data.simulations)}</p>
        </section>

        <section aria-labelledby="titre-duree">
            <h2 id="titre-duree">{td_string!(l, my_data.keep_title)}</h2>
            <p>{td_string!(l, my_data.keep)}</p>
        </section>
    }
}
