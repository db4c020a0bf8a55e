//! `/mes-donnees`: what the service holds about the signed-in person (GDPR art. 15), readable on a
//! phone, with the two downloads and the list of who consulted or changed the file.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::guard::ErrorView;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::my_data::{PersonalData, my_data};

#[component]
pub fn MyDataPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| my_data());
    view! {
        <Title text="Mes données" />
        <h1>"Mes données"</h1>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
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
    let row = |label: &'static str, value: String| {
        view! { <dt>{label}</dt><dd>{value}</dd> }
    };
    let none = || "—".to_string();
    view! {
        <p class="lead">
            "Voici tout ce que le Département garde sur vous dans Passerelle, au "
            {data.generated_label.clone()} "."
        </p>
        <p>
            <a class="button secondary" href="/mes-donnees/telecharger.csv" download>"Télécharger (tableur, CSV)"</a>
            " "
            <a class="button secondary" href="/mes-donnees/telecharger.json" download>"Télécharger (JSON)"</a>
        </p>

        <section class="card" aria-labelledby="titre-identite">
            <h2 id="titre-identite">"Qui vous êtes"</h2>
            <dl class="facts">
                {row("Numéro allocataire", f.file_number.clone())}
                {row("Prénom et nom", format!("{} {}", f.first_name, f.last_name))}
                {row("Date de naissance", f.birth_date.label_fr())}
                {row("Commune", f.commune.clone())}
                {row("Téléphone", f.phone.clone().unwrap_or_else(none))}
                {row("E-mail", f.email.clone().unwrap_or_else(none))}
                {row("Foyer", f.household.label_fr())}
                {row("Suivi par", f.unit_name.clone())}
            </dl>
            {data.sign_in_locked_since.clone().map(|since| view! {
                <p class="notice">"Votre accès en ligne a été bloqué " {since} "."</p>
            })}
            <p class="muted">
                "Une information est fausse ? Appelez le " <a href=CONTACT_PHONE_URI>{CONTACT_PHONE}</a>
                " : vous avez le droit de la faire corriger."
            </p>
        </section>

        <section class="card" aria-labelledby="titre-parcours-donnees">
            <h2 id="titre-parcours-donnees">"Votre parcours"</h2>
            <dl class="facts">
                {row("Entrée au RSA", f.rsa_opened_on.label_fr())}
                {row("Étape", f.status.label_fr().to_string())}
                {row("Parcours", f.orientation.map(|o| o.label_fr().to_string()).unwrap_or_else(none))}
                {row("Référent", f.referent.clone().map(|r| format!("{} {}", r.organisation.label_fr(), r.name.unwrap_or_default())).unwrap_or_else(none))}
                {row("Contrat d'engagement", f.contract.clone().map(|c| format!("signé le {}", c.signed_on.label_fr())).unwrap_or_else(none))}
                {row("Emploi", f.employment.clone().map(|e| format!("{} depuis le {}", e.employer, e.start_on.label_fr())).unwrap_or_else(none))}
            </dl>
            <h3>"Rendez-vous"</h3>
            {if f.appointments.is_empty() {
                view! { <p>"Aucun."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {f.appointments.iter().map(|a| view! {
                            <li>{format!("{} — {} — {} ({})", a.purpose_label, a.when_label, a.place, a.status.label_fr().to_lowercase())}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h3>"Étapes et notes de l'équipe"</h3>
            <ul class="plain-list">
                {f.timeline.iter().map(|e| view! {
                    <li>
                        <strong>{e.date.label_fr()}</strong> " — " {e.title.clone()}
                        {e.internal.then_some(" (note de l'équipe)")}
                        {(!e.detail.is_empty()).then(|| view! { <br /><span class="muted">{e.detail.clone()}</span> })}
                    </li>
                }).collect_view()}
            </ul>
        </section>

        <section class="card" aria-labelledby="titre-messages-envoyes">
            <h2 id="titre-messages-envoyes">"Les messages qu'on vous a envoyés"</h2>
            <p class="muted">"Le texte des codes de connexion est effacé après 24 heures, celui des autres messages après 3 mois."</p>
            {if data.sent.is_empty() {
                view! { <p>"Aucun."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {data.sent.iter().map(|m| view! {
                            <li>
                                <strong>{m.sent_label.clone()}</strong> " — " {m.channel_label.clone()} " à " {m.recipient.clone()} " — " {m.status_label.clone()}
                                <br /><span class="message-body">{m.text.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!data.planned.is_empty()).then(|| view! {
                <h3>"Prévus"</h3>
                <ul class="plain-list">
                    {data.planned.iter().map(|p| view! { <li>{p.about.clone()} " — " {p.at.clone()}</li> }).collect_view()}
                </ul>
            })}
            <p>
                {match (data.file.sms_refused, data.file.email_refused) {
                    (false, false) => "Vous acceptez les SMS et les e-mails.",
                    (true, false) => "Vous avez refusé les SMS.",
                    (false, true) => "Vous avez refusé les e-mails.",
                    (true, true) => "Vous avez refusé les SMS et les e-mails.",
                }}
                " " <a href="/mon-parcours#canaux">"Changer mes choix"</a>
            </p>
        </section>

        <section class="card" aria-labelledby="titre-consultations">
            <h2 id="titre-consultations">"Qui a consulté ou modifié votre dossier"</h2>
            <p class="muted">"La date, le métier et le service de la personne, pas son nom."</p>
            {if data.consultations.is_empty() {
                view! { <p>"Personne pour l'instant."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" data-testid="consultations">
                        {data.consultations.iter().map(|c| view! {
                            <li><strong>{c.date_label.clone()}</strong> " — " {c.who.clone()} " " {c.what.clone()}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>

        <section class="card" aria-labelledby="titre-simulations">
            <h2 id="titre-simulations">"Vos simulations"</h2>
            <p>"Aucune : le simulateur ne garde pas vos réponses. Elles restent seulement dans l'adresse de la page, sur votre téléphone."</p>
        </section>

        <section aria-labelledby="titre-duree">
            <h2 id="titre-duree">"Combien de temps nous gardons vos données"</h2>
            <p>"Votre dossier est gardé tant que vous êtes accompagné(e), puis 2 ans après la dernière activité. Le journal des consultations est gardé 5 ans."</p>
        </section>
    }
}
