//! The notice of the suspension-remobilisation procedure as a printable letter: for staff, to
//! print and send by a means that proves the date of receipt (`/agent/personnes/:id/courrier`);
//! for the person, the same letter on "Mon parcours" (`/mon-parcours/courrier`). The letter is
//! the Département's official text, in French (marked `lang="fr"` on the other languages' pages).
//!
//! What it states is what the texts require (CASF L262-37 III and the article of décret
//! n° 2025-478 on the notice): the facts, the sanction envisaged, the 10 days from receipt to send
//! written observations or ask to be heard, assisted by a person of one's choice.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::guard::ErrorView;
use crate::components::layout::CONTACT_PHONE;
use crate::error::AppError;
use crate::pathway::{PathwayView, SanctionView, my_pathway, person_file};

/// `/agent/personnes/:id/courrier`.
#[component]
pub fn StaffNoticeLetterPage() -> impl IntoView {
    let params = use_params_map();
    let id = params
        .read_untracked()
        .get("id")
        .and_then(|v| v.parse::<i64>().ok());
    let file = Resource::new(
        move || id,
        |id| async move {
            match id {
                Some(id) => person_file(id).await.map(|f| f.view),
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text="Courrier de procédure" />
        <p class="no-print"><a href=format!("/agent/personnes/{}", id.unwrap_or_default())>"← Retour au dossier"</a></p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match file.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(v) => view! { <Letter view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/mon-parcours/courrier`.
#[component]
pub fn MyNoticeLetterPage() -> impl IntoView {
    let file = Resource::new(|| (), |_| my_pathway());
    view! {
        <Title text="Courrier du Département" />
        <p class="no-print"><a href="/mon-parcours#sanction">"← Mon parcours"</a></p>
        <Suspense fallback=|| view! { <p>"Chargement…"</p> }>
            {move || Suspend::new(async move {
                match file.await {
                    Err(e) => view! { <ErrorView error=e /> }.into_any(),
                    Ok(v) => view! { <Letter view=v /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Letter(view: PathwayView) -> impl IntoView {
    let Some(s) = view
        .sanction
        .clone()
        .filter(|s| s.notice_sent_on.is_some() || s.stage.before_decision())
    else {
        return view! { <p>"Aucun courrier de procédure pour ce dossier."</p> }.into_any();
    };
    let name = format!("{} {}", view.first_name, view.last_name.to_uppercase());
    view! {
        <article class="letter" lang="fr" data-testid="notice-letter">
            <p>"Département de la Seine-Maritime — Direction de l'Action Sociale et de l'Insertion"</p>
            <p>{view.unit_name.clone()}</p>
            <p class="letter-to"><strong>{name}</strong><br />{view.commune.clone()}<br />"N° allocataire : " {view.file_number.clone()}</p>
            <p>{match s.notice_sent_on {
                Some(d) => format!("Le {}", d.label_fr()),
                None => "Date d'envoi : à compléter".to_string(),
            }}</p>
            <h1>"Objet : procédure de suspension-remobilisation de votre RSA"</h1>
            <Body s=s.clone() />
            {s.notice_received_on.map(|d| view! { <p class="muted">{format!("Accusé de réception : courrier reçu le {}.", d.label_fr())}</p> })}
            <p class="no-print muted">"Pour l'imprimer, utilisez la fonction « Imprimer » de votre navigateur."</p>
        </article>
    }
    .into_any()
}

#[component]
fn Body(s: SanctionView) -> impl IntoView {
    let stake = s.envisaged_stake;
    let what = match s.envisaged.kind {
        passerelle::obligations::SanctionKind::Suspension => "la suspension",
        passerelle::obligations::SanctionKind::Removal => "la suppression",
    };
    let months = if stake.months == 1 {
        "1 mois".to_string()
    } else {
        format!("{} mois", stake.months)
    };
    view! {
        <p>"Madame, Monsieur,"</p>
        <p>{format!("Le Département a constaté le manquement suivant à vos engagements : {}", s.breach.label_fr().to_lowercase())}</p>
        <p class="pre">{s.facts.clone()}</p>
        <p>{format!(
            "Il envisage {what} de {} de votre RSA pendant {months}, soit {} de moins par mois ({} en tout).",
            stake.rate.label_fr(),
            stake.per_month.format_eur(),
            stake.total.format_eur()
        )}</p>
        {stake.capped.then(|| view! { <p>"Votre foyer comptant plusieurs personnes ou bénéficiant du RSA majoré, la part suspendue ne peut pas dépasser la moitié de votre RSA (article R262-68-6 du code de l'action sociale et des familles)."</p> })}
        <p><strong>{match s.answer_due {
            Some(d) => format!("Vous avez jusqu'au {} pour répondre", d.label_fr()),
            None => "Vous avez 10 jours à compter de la réception de ce courrier pour répondre".to_string(),
        }}</strong>
        " : vous pouvez nous envoyer vos observations par écrit (par courrier, ou sur Passerelle, rubrique « Mon parcours »), ou demander à être reçu(e). Vous pouvez venir avec une personne de votre choix."</p>
        <p>"Si vous aviez un motif légitime (santé, garde d'enfant, transport…), dites-le : aucune sanction n'est automatique. Le Département tient compte de votre situation et de celle de votre foyer."</p>
        <p>{format!("Pour toute question, appelez le {CONTACT_PHONE} ou contactez votre référent.")}</p>
        <p class="muted">"Article L262-37 du code de l'action sociale et des familles ; décret n° 2025-478 du 30 mai 2025."</p>
    }
}
