//! `/tableau-de-bord`: the managers' figures, each with its chart, its table, its CSV and the
//! formula that computes it.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use passerelle::stats::DelayStats;

use crate::components::bar_chart::BarChart;
use crate::components::guard::ErrorView;
use crate::dashboard::{Count, Dashboard, get_dashboard};

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.0}\u{a0}%", x * 100.0))
        .unwrap_or_else(|| "—".to_string())
}

fn days(v: Option<f64>) -> String {
    v.map(|x| {
        let s = if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}").replace('.', ",")
        };
        format!("{s} jours")
    })
    .unwrap_or_else(|| "—".to_string())
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| {
        let q = query.read();
        (q.get("du"), q.get("au"), q.get("unite"))
    });
    let data = Resource::new(
        move || params.get(),
        |(du, au, unite)| get_dashboard(du, au, unite),
    );
    view! {
        <Title text="Tableau de bord" />
        <p><a href="/agent">"← Retour à l'espace agents"</a></p>
        <h1>"Tableau de bord"</h1>
        <Suspense fallback=|| view! { <p>"Calcul des indicateurs…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e sign_in="/agent/connexion" /> }.into_any(),
                    Ok(d) => view! { <Figures d /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let q = format!(
        "du={}&au={}{}",
        d.from,
        d.to,
        d.unit_code
            .as_ref()
            .map(|u| format!("&unite={u}"))
            .unwrap_or_default()
    );
    let csv = move |figure: &str| format!("/tableau-de-bord/donnees.csv?figure={figure}&{q}");
    let entrant_bars: Vec<(String, i64)> =
        d.entrants.iter().map(|(m, n)| (m.label_fr(), *n)).collect();
    let total = d.total_entrants();
    view! {
        <form method="get" action="/tableau-de-bord" class="filters">
            <div class="inline-fields">
                <div class="field">
                    <label for="du">"Du mois"</label>
                    <input id="du" name="du" type="month" value=d.from.to_string() />
                </div>
                <div class="field">
                    <label for="au">"Au mois"</label>
                    <input id="au" name="au" type="month" value=d.to.to_string() />
                </div>
                <div class="field">
                    <label for="unite">"Unité"</label>
                    <select id="unite" name="unite">
                        <option value="">"Toutes (administrateurs)"</option>
                        {[("BDS", "Boucles de Seine"), ("ROU", "Rouen"), ("ESM", "Entre Seine et Mer"), ("DNB", "Dieppe Neufchâtel-en-Bray")]
                            .into_iter()
                            .map(|(c, l)| view! { <option value=c selected=d.unit_code.as_deref() == Some(c)>{l}</option> })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <button type="submit">"Afficher"</button>
        </form>
        <p class="lead" data-testid="period">
            {format!("{} — de {} à {}", d.unit_label, d.from.label_fr(), d.to.label_fr())}
        </p>

        <Figure id="entrants" title="Nouveaux entrants par mois" csv=csv("entrants")
            formula="Nombre de personnes dont le droit au RSA s'est ouvert dans le mois (date d'ouverture du RSA).">
            <p class="big" data-testid="entrants-total">{format!("{total} nouveaux entrants sur la période")}</p>
            <BarChart id="graphique-entrants" title="Nouveaux entrants par mois".to_string() bars=entrant_bars.clone() />
            <Table head=("Mois", "Nouveaux entrants") rows=entrant_bars />
        </Figure>

        <Figure id="delais" title="Délais d'orientation" csv=csv("delais")
            formula="Parmi les personnes entrées sur la période : jours entre l'ouverture du RSA et le premier entretien d'orientation honoré, puis la décision d'orientation. Médiane (la moitié des personnes attend moins) et part atteinte en 30 jours (objectif du SPIE) et en 6 semaines (délai légal depuis 2025).">
            <div class="table-scroll" role="region" aria-label="Délais d'orientation" tabindex="0">
                <table data-testid="delays">
                    <thead><tr><th scope="col">"Étape"</th><th scope="col">"Personnes"</th><th scope="col">"Médiane"</th><th scope="col">"En 30 jours"</th><th scope="col">"En 6 semaines"</th></tr></thead>
                    <tbody>
                        <DelayRow label="Entretien d'orientation" s=d.interview_delay.clone() />
                        <DelayRow label="Décision d'orientation" s=d.decision_delay.clone() />
                    </tbody>
                </table>
            </div>
        </Figure>

        <Figure id="engagements" title="Contrats d'engagement et suspensions" csv=csv("engagements")
            formula="Personnes orientées sur la période dont le contrat est signé : jours entre la première orientation et la signature, et part signée dans le mois (code du travail D5411-14-1). Suspensions levées sur la période : jours entre la décision et la levée.">
            <ul class="key-figures" data-testid="obligations">
                <li><strong>{d.obligations.contracts}</strong>" contrats signés après une orientation de la période"</li>
                <li><strong>{pct(d.obligations.contracts_within_month)}</strong>" signés dans le mois (médiane : "{days(d.obligations.contract_median_days)}")"</li>
                <li><strong>{d.obligations.lifted}</strong>" suspensions levées (médiane : "{days(d.obligations.lift_median_days)}" après la décision)"</li>
            </ul>
        </Figure>

        <Figure id="procedures" title="Procédures de suspension-remobilisation" csv=csv("procedures")
            formula="Procédures pour un manquement de la période, selon leur étape aujourd'hui.">
            <CountBlock id="graphique-procedures" title="Procédures par étape" counts=d.obligations.procedures.clone() />
        </Figure>

        <Figure id="parcours" title="Parcours décidés" csv=csv("parcours")
            formula="Personnes entrées sur la période et orientées, selon le parcours décidé.">
            <CountBlock id="graphique-parcours" title="Parcours décidés" counts=d.orientations.clone() />
        </Figure>

        <Figure id="statuts" title="Où en sont les entrants de la période" csv=csv("statuts")
            formula="Étape actuelle des personnes entrées sur la période.">
            <CountBlock id="graphique-statuts" title="Étape actuelle" counts=d.statuses.clone() />
        </Figure>

        <Figure id="rendez-vous" title="Rendez-vous d'orientation manqués" csv=csv("rendez-vous")
            formula="Rendez-vous d'orientation prévus sur la période : manqués ÷ (honorés + manqués + excusés). Les rendez-vous annulés par le Département ne comptent pas.">
            <p class="big" data-testid="missed-rate">{format!("{} de rendez-vous manqués", pct(d.appointments.missed_rate))}</p>
            <Table head=("Résultat", "Rendez-vous") rows=vec![
                ("Honorés".to_string(), d.appointments.held),
                ("Manqués".to_string(), d.appointments.missed),
                ("Excusés".to_string(), d.appointments.excused),
                ("Annulés".to_string(), d.appointments.cancelled),
            ] />
        </Figure>

        <Figure id="invitations" title="Invitations et rappels" csv=csv("invitations")
            formula="Invitations au rendez-vous d'orientation envoyées sur la période ; « réponse en 7 jours » : la personne a pris rendez-vous ou a écrit dans les 7 jours. Rendez-vous de la période (honorés, manqués ou excusés), selon qu'un rappel a été envoyé 48 heures avant : manqués ÷ rendez-vous.">
            <ul class="key-figures" data-testid="reach">
                <li><strong>{d.reach.invitations}</strong>" invitations envoyées"</li>
                <li><strong>{d.reach.answered_within_7_days}</strong>" réponses en 7 jours ("{pct(d.reach.answered_rate)}")"</li>
            </ul>
            <div class="table-scroll" role="region" aria-label="Rendez-vous manqués avec et sans rappel" tabindex="0">
                <table data-testid="reminders">
                    <thead><tr><th scope="col">"Rendez-vous"</th><th scope="col">"Nombre"</th><th scope="col">"Manqués"</th><th scope="col">"Part manquée"</th></tr></thead>
                    <tbody>
                        <tr><th scope="row">"Avec un rappel"</th><td>{d.reach.reminded}</td><td>{d.reach.reminded_missed}</td><td>{pct(d.reach.reminded_missed_rate)}</td></tr>
                        <tr><th scope="row">"Sans rappel"</th><td>{d.reach.not_reminded}</td><td>{d.reach.not_reminded_missed}</td><td>{pct(d.reach.not_reminded_missed_rate)}</td></tr>
                    </tbody>
                </table>
            </div>
        </Figure>

        <Figure id="emploi" title="Retours à l'emploi et dispositif" csv=csv("emploi")
            formula="Emplois commencés sur la période (date d'embauche), par secteur ; parmi eux, ceux qui ouvrent le cumul RSA + salaire, et les primes de reprise versées (nombre et montant).">
            <ul class="key-figures" data-testid="work">
                <li><strong>{d.work.count}</strong>" retours à l'emploi"</li>
                <li><strong>{d.work.cumulations}</strong>" cumuls RSA + salaire commencés"</li>
                <li><strong>{d.work.bonuses_paid}</strong>" primes versées, "<strong>{d.work.bonus_total.format_eur()}</strong>" en tout"</li>
            </ul>
            <CountBlock id="graphique-emploi" title="Retours à l'emploi par secteur" counts=d.work.by_sector.clone() />
        </Figure>
    }
}

#[component]
fn Figure(
    id: &'static str,
    title: &'static str,
    csv: String,
    formula: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class="card figure" aria-labelledby=format!("titre-{id}") id=id>
            <h2 id=format!("titre-{id}")>{title}</h2>
            {children()}
            <p class="muted formula"><strong>"Calcul : "</strong>{formula}</p>
            <p><a href=csv download>"Télécharger les données (CSV)"</a></p>
        </section>
    }
}

#[component]
fn DelayRow(label: &'static str, s: DelayStats) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            <td>{s.count}</td>
            <td>{days(s.median_days)}</td>
            <td>{pct(s.within_30_days)}</td>
            <td>{pct(s.within_6_weeks)}</td>
        </tr>
    }
}

#[component]
fn CountBlock(id: &'static str, title: &'static str, counts: Vec<Count>) -> impl IntoView {
    let bars: Vec<(String, i64)> = counts.iter().map(|c| (c.label.clone(), c.count)).collect();
    view! {
        <BarChart id title=title.to_string() bars=bars.clone() />
        <Table head=("", "Nombre") rows=bars />
    }
}

#[component]
fn Table(head: (&'static str, &'static str), rows: Vec<(String, i64)>) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label="Données du graphique" tabindex="0">
            <table>
                <thead><tr><th scope="col">{head.0}</th><th scope="col">{head.1}</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(l, v)| view! { <tr><th scope="row">{l}</th><td>{v}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
