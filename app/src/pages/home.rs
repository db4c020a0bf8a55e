//! Home page: what the service is, and the two ways in (simulate, follow my pathway).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::lang::locale;
use leptos_i18n::td_string;

#[component]
pub fn HomePage() -> impl IntoView {
    let l = locale();
    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="titre-accueil">
            <h1 id="titre-accueil">{td_string!(l, home.title)}</h1>
            <p class="lead">{td_string!(l, home.lead)}</p>
        </section>

        <div class="cards">
            <section class="card" aria-labelledby="titre-simulateur">
                <h2 id="titre-simulateur">{td_string!(l, home.simulator_title)}</h2>
                <p>{td_string!(l, home.simulator_text)}</p>
                <p>{td_string!(l, home.simulator_text2)}</p>
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
