//! `/simulateur`: will the cumulation and the 150 € bonus apply, and what will I earn month by month?
//!
//! The answers live in the URL (`/simulateur?age=35&salaire=1200…`), so a result can be shared,
//! bookmarked, printed or reopened by staff. Without JavaScript the form is a plain GET and the
//! server renders the result; once the island is hydrated, every change rewrites the URL and the
//! browser computes the result itself with the same rules core — no round trip. The form and its
//! result are the page's one island: the only part of the site whose code goes to the browser.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;
use passerelle::{
    Criterion, Date, SchemeDefinition, Simulation, Verdict, simulate, simulation::HORIZON_MONTHS,
};

use crate::components::chart::IncomeChart;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI, CONTACT_SERVICE};
use crate::error::FieldError;
use crate::simulator::{SimulatorForm, field, start_years};

/// What the result area shows.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Nothing typed yet, or a required answer still missing while the person types.
    Waiting,
    /// Some answers must be corrected.
    Invalid(Vec<FieldError>),
    /// The rules could not compute (e.g. dates outside the known parameters).
    Failed(String),
    Done(Box<Simulation>),
}

fn compute(form: &SimulatorForm, today: Date, versions: &[SchemeDefinition]) -> Outcome {
    if !form.is_submitted() {
        return Outcome::Waiting;
    }
    match form.parse(today) {
        // The scheme version in force for the job's start (administrators may add versions).
        Ok(input) => match simulate(
            &input,
            passerelle::scheme_for_job(versions, input.job.start, &input.job.sector)
                .unwrap_or(&SchemeDefinition::seine_maritime_2021()),
        ) {
            Ok(sim) => Outcome::Done(Box::new(sim)),
            Err(e) => Outcome::Failed(e.message_fr()),
        },
        Err(errors) => {
            // While typing (hydrated), a required answer not given yet is not an error: the
            // person has not reached it. After a real submit, every field is in the URL.
            let shown: Vec<FieldError> =
                errors.into_iter().filter(|e| form.has(&e.field)).collect();
            if shown.is_empty() {
                Outcome::Waiting
            } else {
                Outcome::Invalid(shown)
            }
        }
    }
}

#[component]
pub fn SimulatorPage() -> impl IntoView {
    let versions = Resource::new(|| (), |_| crate::schemes::scheme_versions());
    let location = use_location();
    view! {
        <Title text="Simulateur : cumul RSA et salaire, prime de 150 €" />
        <Suspense fallback=|| view! { <p>"Chargement du simulateur…"</p> }>
            {move || Suspend::new(async move {
                let versions = versions.await.unwrap_or_else(|_| vec![SchemeDefinition::seine_maritime_2021()]);
                let query = location.search.get_untracked();
                view! { <Simulator versions query /> }
            })}
        </Suspense>
    }
}

/// The form and its result (an island: hydrated in the browser, which then computes the result).
/// `query` is the page's query string, the answers given so far.
#[island]
fn Simulator(versions: Vec<SchemeDefinition>, query: String) -> impl IntoView {
    let search = RwSignal::new(query);
    let form = Memo::new(move |_| SimulatorForm::from_query_str(&search.get()));
    let today = crate::clock::today();
    // The scheme presented at the top: the latest version of the first scheme.
    let first_code = versions.first().map(|v| v.code.clone()).unwrap_or_default();
    let scheme = versions
        .iter()
        .filter(|v| v.code == first_code)
        .max_by_key(|v| v.version)
        .cloned()
        .unwrap_or_else(SchemeDefinition::seine_maritime_2021);
    // Every sector any scheme lists, once.
    let mut sectors: Vec<passerelle::Sector> = Vec::new();
    for v in versions.iter().rev() {
        for s in &v.eligible_sectors {
            if !sectors.iter().any(|o| o.code == s.code) {
                sectors.push(s.clone());
            }
        }
    }
    let outcome = Memo::new(move |_| compute(&form.get(), today, &versions));
    let error_for = move |name: &'static str| {
        move || match outcome.get() {
            Outcome::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    };

    // Partner questions are hidden for a single person once the page is interactive; without
    // JavaScript they stay visible (the person may switch to "en couple" before sending).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| {
        hydrated.set(true);
        crate::browser::mark_hydrated();
    });
    let hide_partner = move || hydrated.get() && !form.get().is_couple();

    // The answers go in the address (replacing it: typing is not a history of pages).
    let go = move |query: String| {
        crate::browser::replace_address(&format!("/simulateur?{query}"));
        search.set(query);
    };
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(q) = form_query(&ev) {
            go(SimulatorForm::from_query_str(&q).to_query());
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // Keep every field (empty ones too) so that missing answers are pointed out.
        if let Some(q) = form_query(&ev) {
            ev.prevent_default();
            go(SimulatorForm::from_query_str(&q).to_query_all());
            focus_result();
        }
    };

    let initial = form.get_untracked();
    let v = move |name: &'static str| initial.get(name).to_string();
    let years: Vec<i32> = start_years(today).collect();
    let start_month = {
        let m = v(field::DEBUT_MOIS);
        if m.is_empty() {
            today.month_number().to_string()
        } else {
            m
        }
    };
    let start_year = {
        let y = v(field::DEBUT_ANNEE);
        if y.is_empty() {
            today.year().to_string()
        } else {
            y
        }
    };
    let situation = v(field::SITUATION);
    let rsa = v(field::RSA);

    view! {
        <Title text="Simulateur : cumul RSA et salaire, prime de 150 €" />
        <h1>"Simuler mes revenus si je reprends un emploi"</h1>
        <p class="lead">
            "Vous touchez le RSA et vous avez trouvé un emploi dans l'aide aux personnes ? Répondez aux questions : vous saurez si vous pouvez garder le RSA en plus de votre salaire pendant "
            {scheme.neutralised_months} " mois, et recevoir "
            {scheme.bonus_amount.format_eur()} " le premier mois."
        </p>
        <p class="muted">
            "C'est une estimation : la CAF et le Département calculent vos droits réels. Vos réponses ne sont pas enregistrées : elles restent dans l'adresse de la page."
        </p>

        <form
            method="get"
            action="/simulateur#resultat"
            class="simulator-form no-print"
            novalidate
            on:input=on_input
            on:submit=on_submit
        >
            <fieldset>
                <legend>"Votre foyer"</legend>
                <RadioGroup
                    name=field::SITUATION
                    legend="Vous vivez :"
                    options=vec![("seul", "Seul(e)"), ("couple", "En couple (marié, pacsé ou en union libre)")]
                    selected=if situation.is_empty() { "seul".into() } else { situation }
                />
                <TextField name=field::AGE label="Votre âge" hint="En années." value=v(field::AGE) inputmode="numeric" error=error_for(field::AGE) />
                <div hidden=hide_partner>
                    <TextField name=field::AGE_CONJOINT label="L'âge de votre conjoint" hint="Seulement si vous vivez en couple." value=v(field::AGE_CONJOINT) inputmode="numeric" error=error_for(field::AGE_CONJOINT) />
                </div>
                <TextField name=field::ENFANTS_MOINS_3 label="Nombre d'enfants de moins de 3 ans" hint="Les enfants qui vivent avec vous. 0 si aucun." value=v(field::ENFANTS_MOINS_3) inputmode="numeric" error=error_for(field::ENFANTS_MOINS_3) />
                <TextField name=field::ENFANTS_3_24 label="Nombre d'enfants de 3 à 24 ans" hint="Les enfants qui vivent avec vous et n'ont pas de salaire. 0 si aucun." value=v(field::ENFANTS_3_24) inputmode="numeric" error=error_for(field::ENFANTS_3_24) />
                <CheckboxField name=field::ENCEINTE label="Vous êtes enceinte" checked=v(field::ENCEINTE) == "1" />
                <CheckboxField name=field::ISOLEMENT label="Vous élevez seul(e) vos enfants depuis peu (séparation, décès…)" checked=v(field::ISOLEMENT) == "1" />
            </fieldset>

            <fieldset>
                <legend>"Votre logement"</legend>
                <SelectField
                    name=field::LOGEMENT
                    label="Vous êtes :"
                    hint=""
                    options=vec![
                        ("locataire".to_string(), "Locataire".to_string()),
                        ("proprietaire".to_string(), "Propriétaire, sans emprunt à rembourser".to_string()),
                        ("proprietaire_emprunt".to_string(), "Propriétaire, avec un emprunt à rembourser".to_string()),
                        ("heberge".to_string(), "Hébergé(e) gratuitement (chez de la famille, des amis…)".to_string()),
                    ]
                    selected=v(field::LOGEMENT)
                    error=error_for(field::LOGEMENT)
                />
                <AmountField name=field::AIDE_LOGEMENT label="Aide au logement, par mois" hint="L'APL, l'ALF ou l'ALS que la CAF vous verse pour payer votre loyer. Laissez vide si vous n'en avez pas." value=v(field::AIDE_LOGEMENT) error=error_for(field::AIDE_LOGEMENT) />
            </fieldset>

            <fieldset>
                <legend>"Le nouvel emploi"</legend>
                <div hidden=hide_partner>
                    <RadioGroup
                        name=field::QUI
                        legend="Qui prend cet emploi ?"
                        options=vec![("moi", "Moi"), ("conjoint", "Mon conjoint")]
                        selected=if v(field::QUI) == "conjoint" { "conjoint".into() } else { "moi".into() }
                    />
                </div>
                <SelectField
                    name=field::SECTEUR
                    label="Chez quel employeur ?"
                    hint="Le dispositif concerne le secteur médico-social : maisons de retraite, aide à domicile…"
                    options=sectors
                        .iter()
                        .map(|s| (s.code.clone(), s.label_fr.clone()))
                        .chain(std::iter::once((passerelle::SECTOR_OTHER.to_string(), "Un autre employeur".to_string())))
                        .collect()
                    selected=v(field::SECTEUR)
                    error=error_for(field::SECTEUR)
                />
                <fieldset class="inline-fields">
                    <legend>"Premier mois de salaire"</legend>
                    <SelectField
                        name=field::DEBUT_MOIS
                        label="Mois"
                        hint=""
                        options=(1..=12u8).map(|m| (m.to_string(), month_name(m).to_string())).collect()
                        selected=start_month
                        error=error_for(field::DEBUT_MOIS)
                    />
                    <SelectField
                        name=field::DEBUT_ANNEE
                        label="Année"
                        hint=""
                        options=years.iter().map(|y| (y.to_string(), y.to_string())).collect()
                        selected=start_year
                        error=error_for(field::DEBUT_ANNEE)
                    />
                </fieldset>
                <AmountField name=field::SALAIRE label="Salaire net par mois" hint="Le « net » est ce que vous recevez sur votre compte, avant le prélèvement de l'impôt. Il est écrit sur le contrat ou la fiche de paie. Exemple : 1 200." value=v(field::SALAIRE) error=error_for(field::SALAIRE) />
                <TextField name=field::HEURES label="Heures par semaine (facultatif)" hint="Exemple : 24." value=v(field::HEURES) inputmode="numeric" error=error_for(field::HEURES) />
                <SelectField
                    name=field::CONTRAT
                    label="Type de contrat (facultatif)"
                    hint=""
                    options=vec![
                        (String::new(), "Je ne sais pas".to_string()),
                        ("cdi".to_string(), "CDI (contrat à durée indéterminée)".to_string()),
                        ("cdd".to_string(), "CDD (contrat à durée déterminée)".to_string()),
                        ("interim".to_string(), "Intérim".to_string()),
                        ("autre".to_string(), "Autre contrat".to_string()),
                    ]
                    selected=v(field::CONTRAT)
                    error=error_for(field::CONTRAT)
                />
            </fieldset>

            <fieldset>
                <legend>"Vos autres revenus, par mois"</legend>
                <p class="hint">"Laissez vide ce que vous ne touchez pas."</p>
                <div hidden=hide_partner>
                    <AmountField name=field::SALAIRE_CONJOINT label="Salaire net de votre conjoint" hint="S'il ou elle travaille déjà." value=v(field::SALAIRE_CONJOINT) error=error_for(field::SALAIRE_CONJOINT) />
                </div>
                <AmountField name=field::CHOMAGE label="Allocation chômage (ARE)" hint="Versée par France Travail." value=v(field::CHOMAGE) error=error_for(field::CHOMAGE) />
                <AmountField name=field::RETRAITE label="Pension de retraite" hint="" value=v(field::RETRAITE) error=error_for(field::RETRAITE) />
                <AmountField name=field::PENSION_ALIMENTAIRE label="Pension alimentaire reçue" hint="L'argent que l'autre parent vous verse pour les enfants." value=v(field::PENSION_ALIMENTAIRE) error=error_for(field::PENSION_ALIMENTAIRE) />
                <AmountField name=field::PRESTATIONS_FAMILIALES label="Allocations familiales et autres prestations familiales" hint="Versées par la CAF pour les enfants (sans l'aide au logement)." value=v(field::PRESTATIONS_FAMILIALES) error=error_for(field::PRESTATIONS_FAMILIALES) />
            </fieldset>

            <fieldset>
                <legend>"Le RSA"</legend>
                <RadioGroup
                    name=field::RSA
                    legend="Touchez-vous le RSA aujourd'hui ?"
                    options=vec![("oui", "Oui"), ("non", "Non"), ("nsp", "Je ne sais pas")]
                    selected=if rsa.is_empty() { "oui".into() } else { rsa }
                />
            </fieldset>

            <button type="submit">"Voir mon estimation"</button>
        </form>

        <section id="resultat" class="result" tabindex="-1" aria-labelledby="titre-resultat">
            <h2 id="titre-resultat">"Votre estimation"</h2>
            <div aria-live="polite" data-testid="resultat">
                {move || match outcome.get() {
                    Outcome::Waiting => view! {
                        <p class="muted">"Indiquez votre âge et le salaire prévu : l'estimation s'affiche ici."</p>
                    }.into_any(),
                    Outcome::Invalid(errors) => view! { <ErrorSummary errors /> }.into_any(),
                    Outcome::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                    Outcome::Done(sim) => view! { <SimulationResult sim=*sim form=form.get() /> }.into_any(),
                }}
            </div>
        </section>
    }
}

/// The form's fields as a query string, read from the browser's form (hydrated only).
fn form_query<E: AsRef<leptos::ev::Event>>(_ev: &E) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let form: web_sys::HtmlFormElement = _ev.as_ref().current_target()?.dyn_into().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        Some(params.to_string().into())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// Moves keyboard and screen-reader focus to the result after an explicit submit.
fn focus_result() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("resultat"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
}

fn month_name(m: u8) -> &'static str {
    [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ][usize::from(m - 1)]
}

#[component]
fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    let n = errors.len();
    view! {
        <div class="error-summary" role="alert">
            <p>
                <strong>
                    {if n == 1 {
                        "Une réponse est à corriger :".to_string()
                    } else {
                        format!("{n} réponses sont à corriger :")
                    }}
                </strong>
            </p>
            <ul>
                {errors
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li>
                                <a href=format!("#{}", e.field)>{e.message}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn SimulationResult(sim: Simulation, form: SimulatorForm) -> impl IntoView {
    let elig = sim.eligibility.clone();
    let outlook = sim.outlook.clone();
    // The scheme's columns and line only when it applies and changes something.
    let with_scheme = outlook.scheme_applies && sim.totals.gain > passerelle::Cents::ZERO;
    let months = sim.projection.clone();
    let first = months
        .first()
        .map(|m| m.month.label_fr())
        .unwrap_or_default();
    let last = months
        .last()
        .map(|m| m.month.label_fr())
        .unwrap_or_default();
    let cumulation: Vec<Criterion> = elig
        .criteria
        .iter()
        .filter(|c| c.for_cumulation)
        .cloned()
        .collect();
    let bonus_only: Vec<Criterion> = elig
        .criteria
        .iter()
        .filter(|c| c.for_bonus && !c.for_cumulation)
        .cloned()
        .collect();
    let share = format!("/simulateur?{}", form.to_query());
    let t = sim.totals.clone();

    view! {
        <div class="headline" data-testid="headline">
            <p class="gain" data-testid="gain">{outlook.headline_fr.clone()}</p>
            {outlook.scheme_fr.clone().map(|text| view! { <p class="scheme-extra" data-testid="scheme-extra">{text}</p> })}
            <p data-testid="benefits">{outlook.benefits_fr.clone()}</p>
        </div>

        <h3>"Mois par mois"</h3>
        <IncomeChart months=months.clone() with_scheme />
        <p class="scroll-hint no-print">"Sur un téléphone, faites glisser le tableau vers la gauche pour voir toutes les colonnes."</p>
        <div class="table-scroll" role="region" aria-label="Tableau des montants mois par mois" tabindex="0">
            <table class="projection" data-testid="projection">
                <caption>
                    {format!("Montants estimés par mois, de {first} à {last}, en euros : sans cet emploi, puis avec")}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Mois"</th>
                        <th scope="col">"RSA sans l'emploi"</th>
                        <th scope="col">"Prime d'activité sans l'emploi"</th>
                        <th scope="col">"Total sans l'emploi"</th>
                        <th scope="col">"Salaire net"</th>
                        <th scope="col">"RSA avec l'emploi"</th>
                        <th scope="col">"Prime d'activité avec l'emploi"</th>
                        <th scope="col">"Total avec l'emploi"</th>
                        {with_scheme.then(|| view! {
                            <th scope="col">"RSA avec le dispositif"</th>
                            <th scope="col">"Prime de reprise"</th>
                            <th scope="col">"Total avec le dispositif"</th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    {months
                        .iter()
                        .map(|m| {
                            view! {
                                <tr data-month=m.month.to_string()>
                                    <th scope="row">{m.month.label_fr()}</th>
                                    <td data-col="rsa_sans_emploi">{m.rsa_without_job.format_eur()}</td>
                                    <td data-col="prime_activite_sans_emploi">{m.prime_activite_without_job.format_eur()}</td>
                                    <td data-col="total_sans_emploi">{m.total_without_job.format_eur()}</td>
                                    <td data-col="salaire">{m.salary.format_eur()}</td>
                                    <td data-col="rsa_sans">{m.rsa_without_scheme.format_eur()}</td>
                                    <td data-col="prime_activite">{m.prime_activite.format_eur()}</td>
                                    <td data-col="total_sans">{m.total_without_scheme.format_eur()}</td>
                                    {with_scheme.then(|| view! {
                                        <td data-col="rsa_avec">{m.rsa_with_scheme.format_eur()}</td>
                                        <td data-col="prime">{m.bonus.format_eur()}</td>
                                        <td data-col="total_avec">{m.total_with_scheme.format_eur()}</td>
                                    })}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{format!("Total sur {HORIZON_MONTHS} mois")}</th>
                        <td>{t.rsa_without_job.format_eur()}</td>
                        <td>{t.prime_activite_without_job.format_eur()}</td>
                        <td>{t.total_without_job.format_eur()}</td>
                        <td>{t.salary.format_eur()}</td>
                        <td>{t.rsa_without_scheme.format_eur()}</td>
                        <td>{t.prime_activite.format_eur()}</td>
                        <td>{t.total_without_scheme.format_eur()}</td>
                        {with_scheme.then(|| view! {
                            <td>{t.rsa_with_scheme.format_eur()}</td>
                            <td>{t.bonus.format_eur()}</td>
                            <td>{t.total_with_scheme.format_eur()}</td>
                        })}
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="muted">
            "Les totaux comprennent les salaires, vos autres revenus déclarés, le RSA, la prime d'activité"
            {if with_scheme { " et la prime de reprise" } else { "" }}
            ". L'aide au logement n'y est pas."
        </p>

        <h3>"Le dispositif du Département"</h3>
        <div class="verdicts">
            <VerdictCard
                title="Garder le RSA en plus du salaire"
                verdict=elig.cumulation.verdict
                summary=elig.cumulation.summary_fr.clone()
            />
            <VerdictCard
                title="Prime de reprise d'emploi"
                verdict=elig.bonus.verdict
                summary=elig.bonus.summary_fr.clone()
            />
        </div>

        <h3>"Les conditions, une par une"</h3>
        <CriteriaList title="Pour garder le RSA en plus du salaire" criteria=cumulation />
        {(!bonus_only.is_empty()).then(|| view! { <CriteriaList title="En plus, pour la prime de reprise" criteria=bonus_only /> })}

        <section class="next-steps" aria-labelledby="titre-suite">
            <h3 id="titre-suite">"Et maintenant ?"</h3>
            <p>
                "Parlez-en à votre référent RSA, ou appelez la " {CONTACT_SERVICE} " au "
                <a href=CONTACT_PHONE_URI class="phone">{CONTACT_PHONE}</a> "."
            </p>
            <p>"Préparez :"</p>
            <ul>
                <li>"votre contrat de travail ou la promesse d'embauche ;"</li>
                <li>"votre dernière fiche de paie, si vous en avez une ;"</li>
                <li>"votre numéro allocataire CAF."</li>
            </ul>
            <p>
                "Pensez aussi à déclarer votre nouveau salaire à la CAF, dans votre déclaration trimestrielle."
            </p>
        </section>

        <details class="assumptions">
            <summary>"Comment ce calcul est fait (hypothèses)"</summary>
            <ul>
                {sim.assumptions.iter().map(|a| view! { <li>{a.text_fr.clone()}</li> }).collect_view()}
            </ul>
            <p class="muted">
                "Montants calculés avec les barèmes officiels du RSA et de la prime d'activité en vigueur chaque mois (décrets de revalorisation), selon les mêmes règles que le simulateur public OpenFisca."
            </p>
        </details>

        <p class="no-print share">
            "Pour retrouver ou partager cette simulation, gardez l'adresse de cette page : "
            <a href=share.clone()>"lien vers cette simulation"</a>
            ". Pour l'imprimer, utilisez le menu « Imprimer » de votre navigateur."
        </p>
        <PrintAnswers form />
        <section class="print-only" aria-hidden="true">
            <h3>"Hypothèses du calcul"</h3>
            <ul class="print-assumptions">
                {sim.assumptions.iter().map(|a| view! { <li>{a.text_fr.clone()}</li> }).collect_view()}
            </ul>
        </section>
    }
}

/// One overall answer: the verdict, the decisive reason first (in the summary), and what to do.
#[component]
fn VerdictCard(title: &'static str, verdict: Verdict, summary: String) -> impl IntoView {
    let (class, icon) = match verdict {
        Verdict::Met => ("verdict ok", "✓"),
        Verdict::NotMet => ("verdict ko", "✗"),
        Verdict::Unknown => ("verdict unknown", "?"),
    };
    let next = match verdict {
        Verdict::Met => {
            "Avant de signer, parlez-en à votre référent : il ou elle fera la demande avec vous."
        }
        Verdict::Unknown => "Pour le confirmer, demandez à votre référent ou appelez le",
        Verdict::NotMet => {
            "D'autres aides peuvent exister : demandez à votre référent ou appelez le"
        }
    };
    view! {
        <div class=class>
            <p class="verdict-title">{title}</p>
            <p class="verdict-answer">
                <span aria-hidden="true" class="verdict-icon">{icon}</span>
                " "
                {verdict.label_fr()}
            </p>
            <p class="verdict-summary">{summary}</p>
            <p class="verdict-next">
                {next}
                {(verdict != Verdict::Met).then(|| view! {
                    " " <a href=CONTACT_PHONE_URI class="phone">{CONTACT_PHONE}</a> "."
                })}
            </p>
        </div>
    }
}

#[component]
fn CriteriaList(title: &'static str, criteria: Vec<Criterion>) -> impl IntoView {
    view! {
        <h4>{title}</h4>
        <ul class="criteria">
            {criteria
                .into_iter()
                .map(|c| {
                    let class = match c.verdict {
                        Verdict::Met => "criterion ok",
                        Verdict::NotMet => "criterion ko",
                        Verdict::Unknown => "criterion unknown",
                    };
                    view! {
                        <li class=class data-criterion=c.code.clone()>
                            <p>
                                <strong>{c.label_fr.clone()}</strong>
                                " "
                                <span class="criterion-verdict">{c.verdict.label_fr()}</span>
                            </p>
                            <p>{c.explanation_fr.clone()}</p>
                            <details class="source">
                                <summary>"Source"</summary>
                                <p class="muted">{c.source.clone()}</p>
                            </details>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The answers, printed with the result (the form itself is not printed).
#[component]
fn PrintAnswers(form: SimulatorForm) -> impl IntoView {
    let rows: Vec<(&'static str, String)> = [
        (field::SITUATION, "Situation"),
        (field::AGE, "Âge"),
        (field::AGE_CONJOINT, "Âge du conjoint"),
        (field::ENFANTS_MOINS_3, "Enfants de moins de 3 ans"),
        (field::ENFANTS_3_24, "Enfants de 3 à 24 ans"),
        (field::LOGEMENT, "Logement"),
        (field::AIDE_LOGEMENT, "Aide au logement (€/mois)"),
        (field::SECTEUR, "Employeur"),
        (field::DEBUT_MOIS, "Mois de début"),
        (field::DEBUT_ANNEE, "Année de début"),
        (field::SALAIRE, "Salaire net (€/mois)"),
        (field::SALAIRE_CONJOINT, "Salaire du conjoint (€/mois)"),
        (field::CHOMAGE, "Allocation chômage (€/mois)"),
        (field::RETRAITE, "Retraite (€/mois)"),
        (field::PENSION_ALIMENTAIRE, "Pension alimentaire (€/mois)"),
        (
            field::PRESTATIONS_FAMILIALES,
            "Prestations familiales (€/mois)",
        ),
    ]
    .into_iter()
    .filter(|(name, _)| !form.get(name).is_empty())
    .map(|(name, label)| (label, form.get(name).to_string()))
    .collect();
    view! {
        <section class="print-only" aria-hidden="true">
            <h3>"Vos réponses"</h3>
            <dl class="answers">
                {rows.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </section>
    }
}

// ----- form fields ------------------------------------------------------------------------------

fn describedby(name: &str, hint: &str) -> String {
    if hint.is_empty() {
        format!("{name}-erreur")
    } else {
        format!("{name}-aide {name}-erreur")
    }
}

#[component]
fn TextField<E>(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    inputmode: &'static str,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    let e2 = error.clone();
    view! {
        <div class="field" class:invalid=move || e1().is_some()>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{name}-aide")>{hint}</span> })}
            <input
                id=name
                name=name
                type="text"
                inputmode=inputmode
                autocomplete="off"
                value=value
                aria-describedby=describedby(name, hint)
                aria-invalid=move || if e2().is_some() { "true" } else { "false" }
            />
            <p class="field-error" id=format!("{name}-erreur")>{move || error()}</p>
        </div>
    }
}

#[component]
fn AmountField<E>(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    let e2 = error.clone();
    view! {
        <div class="field" class:invalid=move || e1().is_some()>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{name}-aide")>{hint}</span> })}
            <div class="amount">
                <input
                    id=name
                    name=name
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    value=value
                    aria-describedby=describedby(name, hint)
                    aria-invalid=move || if e2().is_some() { "true" } else { "false" }
                />
                <span class="unit" aria-hidden="true">"€"</span>
            </div>
            <p class="field-error" id=format!("{name}-erreur")>{move || error()}</p>
        </div>
    }
}

#[component]
fn SelectField<E>(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    options: Vec<(String, String)>,
    selected: String,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    view! {
        <div class="field" class:invalid=move || e1().is_some()>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{name}-aide")>{hint}</span> })}
            <select id=name name=name aria-describedby=describedby(name, hint)>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = value == selected;
                        view! { <option value=value selected=is_selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
            <p class="field-error" id=format!("{name}-erreur")>{move || error()}</p>
        </div>
    }
}

#[component]
fn RadioGroup(
    name: &'static str,
    legend: &'static str,
    options: Vec<(&'static str, &'static str)>,
    selected: String,
) -> impl IntoView {
    view! {
        <fieldset class="radios">
            <legend>{legend}</legend>
            {options
                .into_iter()
                .map(|(value, text)| {
                    let id = format!("{name}-{value}");
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name=name value=value checked=value == selected />
                            <label for=id>{text}</label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

#[component]
fn CheckboxField(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    view! {
        <div class="choice">
            <input type="checkbox" id=name name=name value="1" checked=checked />
            <label for=name>{label}</label>
        </div>
    }
}
