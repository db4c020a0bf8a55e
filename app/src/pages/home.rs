//! Home page: what the service is, and the two ways in (simulate, follow my pathway).
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use passerelle::wording::Phrase;

use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::lang::{current, locale, rules_phrase, text, text_with};
use leptos_i18n::td_string;

/// What the simulator's card says: the département's scheme while a job starting now can still
/// join it; once every window has closed, what a job brings, and the scheme as what it was (a
/// promise made in 2021 must not read as today's).
fn simulator_card(versions: &[passerelle::SchemeDefinition]) -> Vec<String> {
    let lang = current();
    let values = |s: &passerelle::SchemeDefinition| {
        vec![
            ("months", s.neutralised_months.to_string()),
            ("amount", s.bonus_amount.format_short(lang)),
            ("between", between(lang, s.job_start_window)),
        ]
    };
    match passerelle::scheme_open_on(versions, crate::clock::today()) {
        Some(open) => vec![
            text_with(lang, "home.simulator_text", &values(open)),
            text(lang, "home.simulator_text2"),
        ],
        None => std::iter::once(text(lang, "home.simulator_text_now"))
            // The scheme that ended last, told in the past.
            .chain(
                versions
                    .iter()
                    .max_by_key(|v| v.job_start_window.last)
                    .map(|past| text_with(lang, "home.simulator_text_past", &values(past))),
            )
            .collect(),
    }
}

/// A period after "between" in `lang`: "entre janvier et juin 2021".
fn between(lang: passerelle::lang::Lang, r: passerelle::MonthRange) -> String {
    rules_phrase(lang, &Phrase::between(r))
}

#[component]
pub fn HomePage() -> impl IntoView {
    let l = locale();
    let versions = Resource::new(|| (), |_| crate::schemes::scheme_versions());
    view! {
        <Title text="" />
        <Meta name="description" content=td_string!(l, home.description) />
        <section class="hero" aria-labelledby="titre-accueil">
            <h1 id="titre-accueil">{td_string!(l, home.title)}</h1>
            <p class="lead">{td_string!(l, home.lead)}</p>
        </section>

        <div class="cards">
            <section class="card" aria-labelledby="titre-simulateur">
                <h2 id="titre-simulateur">{td_string!(l, home.simulator_title)}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let versions = versions.await.unwrap_or_default();
                        simulator_card(&versions)
                            .into_iter()
                            .map(|line| view! { <p data-testid="home-simulator">{line}</p> })
                            .collect_view()
                    })}
                </Suspense>
                <a class="button" href="/simulateur">
                    {td_string!(l, home.simulator_button)}
                </a>
            </section>

            <section class="card" aria-labelledby="titre-parcours">
                <h2 id="titre-parcours">{td_string!(l, home.pathway_title)}</h2>
                <p>{td_string!(l, home.pathway_text)}</p>
                <a class="button" href="/mon-parcours">
                    {td_string!(l, home.pathway_button)}
                </a>
            </section>
        </div>

        <section aria-labelledby="titre-etapes">
            <h2 id="titre-etapes">{td_string!(l, home.steps_title)}</h2>
            <ol class="steps">
                <li>
                    <strong>{td_string!(l, home.step1_title)}</strong>
                    " "
                    {td_string!(l, home.step1)}
                </li>
                <li>
                    <strong>{td_string!(l, home.step2_title)}</strong>
                    " "
                    {td_string!(l, home.step2)}
                </li>
                <li>
                    <strong>{td_string!(l, home.step3_title)}</strong>
                    " "
                    {td_string!(l, home.step3)}
                </li>
                <li>
                    <strong>{td_string!(l, home.step4_title)}</strong>
                    " "
                    {td_string!(l, home.step4)}
                </li>
            </ol>
        </section>

        <section class="contact-box" aria-labelledby="titre-contact">
            <h2 id="titre-contact">{td_string!(l, home.contact_title)}</h2>
            <p>{td_string!(l, home.service)}</p>
            <p>
                {td_string!(l, home.phone)}
                " "
                <a href=CONTACT_PHONE_URI class="phone" dir="ltr">{CONTACT_PHONE}</a>
            </p>
            <p>
                <a href="/unites">{td_string!(l, home.find_unit)}</a>
            </p>
        </section>
    }
}
