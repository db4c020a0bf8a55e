//! Home page: what the service is, and the two ways in (simulate, follow my pathway).
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI, CONTACT_SERVICE};

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="titre-accueil">
            <h1 id="titre-accueil">"Retrouver un emploi avec le RSA : on vous accompagne"</h1>
            <p class="lead">
                "Vous recevez le RSA (revenu de solidarité active) ? Le Département de la Seine-Maritime vous propose un rendez-vous pour faire le point et choisir avec vous le bon accompagnement."
            </p>
        </section>

        <div class="cards">
            <section class="card" aria-labelledby="titre-simulateur">
                <h2 id="titre-simulateur">"Simuler mes revenus si je reprends un travail"</h2>
                <p>
                    "Vous avez trouvé un emploi dans l'aide aux personnes (maison de retraite, aide à domicile…) ? Vous pouvez peut-être garder votre RSA en plus de votre salaire pendant 3 mois, et recevoir une aide de 150 € le premier mois."
                </p>
                <p>
                    "Le simulateur vous dit si vous y avez droit et combien vous toucherez, mois par mois."
                </p>
                <a class="button" href="/simulateur">
                    "Faire une simulation"
                </a>
            </section>

            <section class="card" aria-labelledby="titre-parcours">
                <h2 id="titre-parcours">"Suivre mon parcours"</h2>
                <p>
                    "Voyez où en est votre accompagnement : votre prochain rendez-vous, votre référent (la personne qui vous suit) et ce que vous devez faire ensuite."
                </p>
                <a class="button" href="/mon-parcours">
                    "Voir mon parcours"
                </a>
            </section>
        </div>

        <section aria-labelledby="titre-etapes">
            <h2 id="titre-etapes">"Comment ça se passe ?"</h2>
            <ol class="steps">
                <li>
                    <strong>"Vous entrez au RSA. "</strong>
                    "La CAF vous verse le RSA. Le Département reçoit votre dossier."
                </li>
                <li>
                    <strong>"Un rendez-vous d'orientation. "</strong>
                    "Vous rencontrez un chargé d'orientation, en personne, pendant environ une heure. Vous parlez de votre situation : travail, santé, logement, enfants, transport."
                </li>
                <li>
                    <strong>"Un parcours adapté. "</strong>
                    "Ensemble, vous choisissez l'accompagnement qui vous convient : vers l'emploi, vers l'emploi avec un soutien social, ou d'abord un soutien social."
                </li>
                <li>
                    <strong>"Un référent. "</strong>
                    "Une personne vous suit : à France Travail, à la mission locale, à Cap emploi ou au Département. Vous signez avec elle un contrat d'engagement (vos objectifs et les actions prévues)."
                </li>
            </ol>
        </section>

        <section class="contact-box" aria-labelledby="titre-contact">
            <h2 id="titre-contact">"Nous contacter"</h2>
            <p>{CONTACT_SERVICE}</p>
            <p>
                "Téléphone : " <a href=CONTACT_PHONE_URI class="phone">{CONTACT_PHONE}</a>
            </p>
            <p>
                <a href="/unites">"Trouver une unité territoriale"</a>
            </p>
        </section>
    }
}
