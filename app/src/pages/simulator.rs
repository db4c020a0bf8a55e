//! `/simulateur`: will the cumulation and the 150 € bonus apply, and what will I earn month by month?
//!
//! The answers live in the URL (`/simulateur?age=35&salaire=1200…`), so a result can be shared,
//! bookmarked, printed or reopened by staff. Without JavaScript the form is a plain GET and the
//! server renders the result; once the island is hydrated, every change rewrites the URL and the
//! browser computes the result itself with the same rules core — no round trip. The form and its
//! result are the page's one island: the only part of the site whose code goes to the browser.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_location;
use passerelle::{
    Criterion, Date, SchemeDefinition, Simulation, Verdict, simulate, simulation::HORIZON_MONTHS,
};

use crate::components::chart::IncomeChart;
use crate::components::layout::{CONTACT_PHONE, CONTACT_PHONE_URI};
use crate::error::FieldError;
use crate::lang::{IslandTexts, T};
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

fn compute(
    form: &SimulatorForm,
    today: Date,
    versions: &[SchemeDefinition],
    tx: &IslandTexts,
) -> Outcome {
    if !form.is_submitted() {
        return Outcome::Waiting;
    }
    match form.parse(today, tx) {
        // The scheme version in force for the job's start (administrators may add versions).
        Ok(input) => match simulate(
            &input,
            passerelle::scheme_for_job(versions, input.job.start, &input.job.sector)
                .unwrap_or(&SchemeDefinition::seine_maritime_2021()),
        ) {
            Ok(sim) => Outcome::Done(Box::new(sim)),
            Err(passerelle::SimulationError::PeriodNotCovered { month }) => {
                Outcome::Failed(tx.f(T::err_period, &[("month", month.label(tx.lang))]))
            }
            Err(_) => Outcome::Failed(tx.t(T::err_compute)),
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
    let lang = crate::lang::current();
    let texts = island_texts(lang);
    let loading = texts.t(T::loading);
    view! {
        <Title text=texts.t(T::title) />
        <Meta name="description" content=texts.t(T::description) />
        <Suspense fallback=move || view! { <p>{loading.clone()}</p> }>
            {move || {
                let texts = texts.clone();
                Suspend::new(async move {
                    let versions = versions.await.unwrap_or_else(|_| vec![SchemeDefinition::seine_maritime_2021()]);
                    let query = location.search.get_untracked();
                    // Answers to correct: the title says so first (what a screen reader reads
                    // when the page comes back).
                    let invalid = matches!(
                        compute(&SimulatorForm::from_query_str(&query), crate::clock::today(), &versions, &texts),
                        Outcome::Invalid(_)
                    );
                    view! {
                        {invalid.then(|| view! { <Title formatter=move |page: String| crate::app::error_title(lang, &page) /> })}
                        <Simulator versions query texts />
                    }
                })
            }}
        </Suspense>
    }
}

/// The texts of the page's language (built on the server only: the browser gets them as the
/// island's props).
fn island_texts(_lang: passerelle::lang::Lang) -> IslandTexts {
    #[cfg(feature = "ssr")]
    {
        IslandTexts::of(_lang)
    }
    #[cfg(not(feature = "ssr"))]
    {
        unreachable!("the simulator page is rendered on the server")
    }
}

/// The form and its result (an island: hydrated in the browser, which then computes the result).
/// `query` is the page's query string, the answers given so far; `texts` the page's language's.
#[island]
fn Simulator(versions: Vec<SchemeDefinition>, query: String, texts: IslandTexts) -> impl IntoView {
    let tx = texts;
    let lang = tx.lang;
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
    // Whether a job starting now can still join a scheme: the page then presents it; otherwise
    // it presents what a job brings, and the scheme as it was.
    let open = passerelle::scheme_open_on(&versions, today).is_some();
    let past_window = scheme.job_start_window;
    let for_memo = tx.clone();
    let outcome = Memo::new(move |_| compute(&form.get(), today, &versions, &for_memo));
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
    // Amounts go in the address written plainly: a link made on an English page gives the
    // same figures on a French one.
    let plain = move |q: &str| SimulatorForm::from_query_str(q).with_plain_amounts(lang);
    let on_input = move |ev: leptos::ev::Event| {
        if let Some(q) = form_query(&ev) {
            go(plain(&q).to_query());
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        // Keep every field (empty ones too) so that missing answers are pointed out.
        if let Some(q) = form_query(&ev) {
            ev.prevent_default();
            go(plain(&q).to_query_all());
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

    let t = |key: T| tx.t(key);
    let scheme_values = [
        ("months", scheme.neutralised_months.to_string()),
        ("amount", tx.amount_short(scheme.bonus_amount)),
        ("between", between_words(&tx, past_window)),
    ];
    let lead = if open {
        tx.f(T::lead, &scheme_values)
    } else {
        tx.t(T::lead_now)
    };
    let past_scheme = (!open).then(|| tx.f(T::past_scheme, &scheme_values));
    let employer_hint = if open {
        t(T::employer_hint)
    } else {
        t(T::employer_hint_now)
    };
    let sector_options: Vec<(String, String)> = sectors
        .iter()
        .map(|s| {
            // A short name where one is known: the closed list shows ~25 characters on a phone.
            let short = match s.code.as_str() {
                "ehpad" => Some(T::employer_ehpad),
                "saad" => Some(T::employer_saad),
                _ => None,
            };
            let label = match short {
                Some(key) => t(key),
                None => tx.label(&format!("sector_{}", s.code), &s.label_fr).0,
            };
            (s.code.clone(), label)
        })
        .chain(std::iter::once((
            passerelle::SECTOR_OTHER.to_string(),
            t(T::other_employer),
        )))
        .collect();
    let result_tx = tx.clone();

    view! {
        <h1>{t(T::heading)}</h1>
        <p class="lead">{lead}</p>
        {past_scheme.map(|p| view! { <p data-testid="past-scheme">{p}</p> })}
        <p class="muted">{t(T::estimate_note)}</p>

        <form
            method="get"
            action="/simulateur#resultat"
            class="simulator-form no-print"
            novalidate
            on:input=on_input
            on:submit=on_submit
        >
            // The language stays when the form is sent without JavaScript.
            {(lang != passerelle::lang::Lang::Fr).then(|| view! { <input type="hidden" name="lang" value=lang.code() /> })}
            <fieldset>
                <legend>{t(T::household)}</legend>
                <RadioGroup
                    name=field::SITUATION
                    legend=t(T::living)
                    options=vec![("seul", t(T::single)), ("couple", t(T::couple))]
                    selected=if situation.is_empty() { "seul".into() } else { situation }
                />
                <TextField name=field::AGE label=t(T::age) hint=t(T::age_hint) value=v(field::AGE) inputmode="numeric" error=error_for(field::AGE) />
                <div hidden=hide_partner>
                    <TextField name=field::AGE_CONJOINT label=t(T::partner_age) hint=t(T::partner_age_hint) value=v(field::AGE_CONJOINT) inputmode="numeric" error=error_for(field::AGE_CONJOINT) />
                </div>
                <TextField name=field::ENFANTS_MOINS_3 label=t(T::under_3) hint=t(T::under_3_hint) value=v(field::ENFANTS_MOINS_3) inputmode="numeric" error=error_for(field::ENFANTS_MOINS_3) />
                <TextField name=field::ENFANTS_3_24 label=t(T::from_3) hint=t(T::from_3_hint) value=v(field::ENFANTS_3_24) inputmode="numeric" error=error_for(field::ENFANTS_3_24) />
                <CheckboxField name=field::ENCEINTE label=t(T::pregnant) checked=v(field::ENCEINTE) == "1" />
                <CheckboxField name=field::ISOLEMENT label=t(T::isolated) checked=v(field::ISOLEMENT) == "1" />
            </fieldset>

            <fieldset>
                <legend>{t(T::housing)}</legend>
                <SelectField
                    name=field::LOGEMENT
                    label=t(T::housing_status)
                    hint=String::new()
                    options=vec![
                        ("locataire".to_string(), t(T::tenant)),
                        ("proprietaire".to_string(), t(T::owner)),
                        ("proprietaire_emprunt".to_string(), t(T::owner_loan)),
                        ("heberge".to_string(), t(T::hosted)),
                    ]
                    selected=v(field::LOGEMENT)
                    error=error_for(field::LOGEMENT)
                />
                <AmountField name=field::AIDE_LOGEMENT label=t(T::housing_aid) hint=t(T::housing_aid_hint) value=v(field::AIDE_LOGEMENT) error=error_for(field::AIDE_LOGEMENT) />
            </fieldset>

            <fieldset>
                <legend>{t(T::job)}</legend>
                <div hidden=hide_partner>
                    <RadioGroup
                        name=field::QUI
                        legend=t(T::who)
                        options=vec![("moi", t(T::me)), ("conjoint", t(T::partner))]
                        selected=if v(field::QUI) == "conjoint" { "conjoint".into() } else { "moi".into() }
                    />
                </div>
                <SelectField
                    name=field::SECTEUR
                    label=t(T::employer)
                    hint=employer_hint
                    options=sector_options
                    selected=v(field::SECTEUR)
                    error=error_for(field::SECTEUR)
                />
                <fieldset class="inline-fields">
                    <legend>{t(T::first_month)}</legend>
                    <SelectField
                        name=field::DEBUT_MOIS
                        label=t(T::month)
                        hint=String::new()
                        options=(1..=12u8).map(|m| (m.to_string(), passerelle::Month::ym(2000, m).name(lang).to_string())).collect()
                        selected=start_month
                        error=error_for(field::DEBUT_MOIS)
                    />
                    <SelectField
                        name=field::DEBUT_ANNEE
                        label=t(T::year)
                        hint=String::new()
                        options=years.iter().map(|y| (y.to_string(), y.to_string())).collect()
                        selected=start_year
                        error=error_for(field::DEBUT_ANNEE)
                    />
                </fieldset>
                <AmountField name=field::SALAIRE label=t(T::salary) hint=t(T::salary_hint) value=v(field::SALAIRE) error=error_for(field::SALAIRE) />
                <TextField name=field::HEURES label=t(T::hours) hint=t(T::hours_hint) value=v(field::HEURES) inputmode="numeric" error=error_for(field::HEURES) />
                <SelectField
                    name=field::CONTRAT
                    label=t(T::contract)
                    hint=String::new()
                    options=vec![
                        (String::new(), t(T::contract_unknown)),
                        ("cdi".to_string(), t(T::contract_cdi)),
                        ("cdd".to_string(), t(T::contract_cdd)),
                        ("interim".to_string(), t(T::contract_interim)),
                        ("autre".to_string(), t(T::contract_other)),
                    ]
                    selected=v(field::CONTRAT)
                    error=error_for(field::CONTRAT)
                />
            </fieldset>

            <fieldset>
                <legend>{t(T::other_income)}</legend>
                <p class="hint">{t(T::other_income_hint)}</p>
                <div hidden=hide_partner>
                    <AmountField name=field::SALAIRE_CONJOINT label=t(T::partner_salary) hint=t(T::partner_salary_hint) value=v(field::SALAIRE_CONJOINT) error=error_for(field::SALAIRE_CONJOINT) />
                </div>
                <AmountField name=field::CHOMAGE label=t(T::unemployment) hint=t(T::unemployment_hint) value=v(field::CHOMAGE) error=error_for(field::CHOMAGE) />
                <AmountField name=field::RETRAITE label=t(T::pension) hint=String::new() value=v(field::RETRAITE) error=error_for(field::RETRAITE) />
                <AmountField name=field::PENSION_ALIMENTAIRE label=t(T::child_support) hint=t(T::child_support_hint) value=v(field::PENSION_ALIMENTAIRE) error=error_for(field::PENSION_ALIMENTAIRE) />
                <AmountField name=field::PRESTATIONS_FAMILIALES label=t(T::family_benefits) hint=t(T::family_benefits_hint) value=v(field::PRESTATIONS_FAMILIALES) error=error_for(field::PRESTATIONS_FAMILIALES) />
            </fieldset>

            <fieldset>
                <legend>{t(T::rsa)}</legend>
                <RadioGroup
                    name=field::RSA
                    legend=t(T::rsa_question)
                    options=vec![("oui", t(T::yes)), ("non", t(T::no)), ("nsp", t(T::dont_know))]
                    selected=if rsa.is_empty() { "oui".into() } else { rsa }
                />
            </fieldset>

            <button type="submit">{t(T::submit)}</button>
        </form>

        <section id="resultat" class="result" tabindex="-1" aria-labelledby="titre-resultat">
            <h2 id="titre-resultat">{t(T::result)}</h2>
            <div aria-live="polite" data-testid="resultat">
                {move || match outcome.get() {
                    Outcome::Waiting => view! {
                        <p class="muted">{result_tx.t(T::waiting)}</p>
                    }.into_any(),
                    Outcome::Invalid(errors) => view! { <ErrorSummary errors tx=result_tx.clone() /> }.into_any(),
                    Outcome::Failed(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                    Outcome::Done(sim) => view! { <SimulationResult sim=*sim form=form.get() tx=result_tx.clone() /> }.into_any(),
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

/// "entre janvier et juin 2021" in the island's language.
fn between_words(tx: &IslandTexts, r: passerelle::MonthRange) -> String {
    tx.phrase(&passerelle::wording::Phrase::between(r))
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
            // The answer at the top of the screen, not wherever focus would scroll it.
            el.scroll_into_view();
            let _ = el.focus();
        }
    }
}

#[component]
fn ErrorSummary(errors: Vec<FieldError>, tx: IslandTexts) -> impl IntoView {
    let n = errors.len();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" autofocus>
            <p>
                <strong>
                    {tx.plural(T::to_correct, n as u64)}
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

/// An amount cell: the figure as the language writes it, and the cents for machines (the
/// browser tests compare the figures across languages).
fn cell(col: &'static str, c: passerelle::Cents, tx: &IslandTexts) -> impl IntoView + use<> {
    // `data-label`: the column's name, shown next to the figure when the table becomes one card
    // per month on a phone.
    view! { <td data-col=col data-label=tx.t(column_label(col)) data-cents=c.get().to_string()>{tx.amount(c)}</td> }
}

/// The heading of a column, by its code.
fn column_label(col: &str) -> T {
    match col {
        "rsa_sans_emploi" => T::col_rsa_without_job,
        "prime_activite_sans_emploi" => T::col_prime_without_job,
        "total_sans_emploi" => T::col_total_without_job,
        "salaire" => T::col_salary,
        "rsa_sans" => T::col_rsa_with_job,
        "prime_activite" => T::col_prime_with_job,
        "total_sans" => T::col_total_with_job,
        "rsa_avec" => T::col_rsa_scheme,
        "prime" => T::col_bonus,
        "total_avec" => T::col_total_scheme,
        _ => T::col_difference,
    }
}

/// A total cell (the line under the months).
fn total(col: &'static str, c: passerelle::Cents, tx: &IslandTexts) -> impl IntoView + use<> {
    view! { <td data-total=col data-label=tx.t(column_label(col)) data-cents=c.get().to_string()>{tx.amount(c)}</td> }
}

#[component]
fn SimulationResult(sim: Simulation, form: SimulatorForm, tx: IslandTexts) -> impl IntoView {
    let elig = sim.eligibility.clone();
    let outlook = sim.outlook.clone();
    let lang = tx.lang;
    // Both answers a definite "no": the scheme's cards, conditions and "prepare your contract"
    // would only blur it.
    let closed =
        elig.cumulation.verdict == Verdict::NotMet && elig.bonus.verdict == Verdict::NotMet;
    // The scheme's columns and line only when it applies and changes something.
    let with_scheme = outlook.scheme_applies && sim.totals.gain > passerelle::Cents::ZERO;
    let months = sim.projection.clone();
    let first = months
        .first()
        .map(|m| m.month.label(lang))
        .unwrap_or_default();
    let last = months
        .last()
        .map(|m| m.month.label(lang))
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
    let mut share = format!(
        "/simulateur?{}",
        form.clone().with_plain_amounts(lang).to_query()
    );
    if lang != passerelle::lang::Lang::Fr {
        share.push_str(&format!("&lang={}", lang.code()));
    }
    let t = sim.totals.clone();
    let sentences = |phrases: &[passerelle::wording::Phrase]| {
        phrases
            .iter()
            .map(|p| tx.phrase(p))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let assumptions: Vec<(String, bool)> = sim
        .assumptions
        .iter()
        .map(|a| tx.label(&format!("assumption_{}", a.code), &a.text_fr))
        .collect();
    let assumption_items = move || {
        assumptions
            .iter()
            .map(|(text, translated)| {
                let l = (!translated).then_some("fr");
                view! { <li lang=l>{text.clone()}</li> }
            })
            .collect_view()
    };
    let print_items = assumption_items.clone();
    let caption = tx.f(T::caption, &[("first", first), ("last", last)]);
    let th = |key: T| view! { <th scope="col">{tx.t(key)}</th> };

    view! {
        <div class="headline" data-testid="headline">
            <p class="gain" data-testid="gain">{tx.phrase(&outlook.headline)}</p>
            {(!outlook.headline_periods.is_empty()).then(|| view! {
                <ul class="gain-periods" data-testid="gain-periods">
                    {outlook.headline_periods.iter().map(|p| view! { <li>{tx.phrase(p)}</li> }).collect_view()}
                </ul>
            })}
            {outlook.scheme.as_ref().map(|p| view! { <p class="scheme-extra" data-testid="scheme-extra">{tx.phrase(p)}</p> })}
            <p data-testid="benefits">{sentences(&outlook.benefits)}</p>
            // A definite "no": the reason in one place, and nothing below that reads as "maybe".
            {closed.then(|| view! { <p class="scheme-closed" data-testid="scheme-closed">{sentences(&elig.cumulation.summary)}</p> })}
        </div>
        <details class="glossary">
            <summary>{tx.t(T::glossary)}</summary>
            <ul>
                <li>{tx.t(T::glossary_rsa)}</li>
                <li>{tx.t(T::glossary_prime)}</li>
                <li>{tx.t(T::glossary_net)}</li>
            </ul>
        </details>

        <h3>{tx.t(T::by_month)}</h3>
        <IncomeChart months=months.clone() with_scheme tx=tx.clone() />
        <div class="table-scroll months" role="region" aria-label=tx.t(T::table_label) tabindex="0">
            <table class="projection" data-testid="projection">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        {th(T::col_month)}
                        {th(T::col_rsa_without_job)}
                        {th(T::col_prime_without_job)}
                        {th(T::col_total_without_job)}
                        {th(T::col_salary)}
                        {th(T::col_rsa_with_job)}
                        {th(T::col_prime_with_job)}
                        {th(T::col_total_with_job)}
                        {with_scheme.then(|| view! {
                            {th(T::col_rsa_scheme)}
                            {th(T::col_bonus)}
                            {th(T::col_total_scheme)}
                        })}
                        {th(T::col_difference)}
                    </tr>
                </thead>
                <tbody>
                    {months
                        .iter()
                        .map(|m| {
                            view! {
                                <tr data-month=m.month.to_string()>
                                    <th scope="row">{m.month.label(lang)}</th>
                                    {cell("rsa_sans_emploi", m.rsa_without_job, &tx)}
                                    {cell("prime_activite_sans_emploi", m.prime_activite_without_job, &tx)}
                                    {cell("total_sans_emploi", m.total_without_job, &tx)}
                                    {cell("salaire", m.salary, &tx)}
                                    {cell("rsa_sans", m.rsa_without_scheme, &tx)}
                                    {cell("prime_activite", m.prime_activite, &tx)}
                                    {cell("total_sans", m.total_without_scheme, &tx)}
                                    {with_scheme.then(|| view! {
                                        {cell("rsa_avec", m.rsa_with_scheme, &tx)}
                                        {cell("prime", m.bonus, &tx)}
                                        {cell("total_avec", m.total_with_scheme, &tx)}
                                    })}
                                    // What the job changes this month (with the scheme when it
                                    // applies): the figure the gain sentence is read from.
                                    {cell("difference", if with_scheme { m.total_with_scheme } else { m.total_without_scheme } - m.total_without_job, &tx)}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{tx.plural(T::total_over, HORIZON_MONTHS as u64)}</th>
                        {total("rsa_sans_emploi", t.rsa_without_job, &tx)}
                        {total("prime_activite_sans_emploi", t.prime_activite_without_job, &tx)}
                        {total("total_sans_emploi", t.total_without_job, &tx)}
                        {total("salaire", t.salary, &tx)}
                        {total("rsa_sans", t.rsa_without_scheme, &tx)}
                        {total("prime_activite", t.prime_activite, &tx)}
                        {total("total_sans", t.total_without_scheme, &tx)}
                        {with_scheme.then(|| view! {
                            {total("rsa_avec", t.rsa_with_scheme, &tx)}
                            {total("prime", t.bonus, &tx)}
                            {total("total_avec", t.total_with_scheme, &tx)}
                        })}
                        {total("difference", if with_scheme { t.total_with_scheme } else { t.total_without_scheme } - t.total_without_job, &tx)}
                    </tr>
                </tfoot>
            </table>
        </div>
        <p class="muted">{tx.t(if with_scheme { T::totals_note_scheme } else { T::totals_note })}</p>

        {(!closed).then(|| view! {
        <h3>{tx.t(T::scheme_heading)}</h3>
        <div class="verdicts">
            <VerdictCard
                title=tx.t(T::keep_rsa)
                verdict=elig.cumulation.verdict
                summary=sentences(&elig.cumulation.summary)
                tx=tx.clone()
            />
            <VerdictCard
                title=tx.t(T::bonus)
                verdict=elig.bonus.verdict
                summary=sentences(&elig.bonus.summary)
                tx=tx.clone()
            />
        </div>

        <h3>{tx.t(T::criteria_heading)}</h3>
        <CriteriaList title=tx.t(T::criteria_keep) criteria=cumulation tx=tx.clone() />
        {(!bonus_only.is_empty()).then(|| view! { <CriteriaList title=tx.t(T::criteria_bonus) criteria=bonus_only tx=tx.clone() /> })}
        })}

        <section class="next-steps" aria-labelledby="titre-suite">
            <h3 id="titre-suite">{tx.t(T::next_heading)}</h3>
            <p>
                {tx.t(T::next_call)} " "
                <a href=CONTACT_PHONE_URI class="phone">{CONTACT_PHONE}</a> "."
            </p>
            {(!closed).then(|| view! {
                <p>{tx.t(T::prepare)}</p>
                <ul>
                    <li>{tx.t(T::prepare_contract)}</li>
                    <li>{tx.t(T::prepare_payslip)}</li>
                    <li>{tx.t(T::prepare_caf)}</li>
                </ul>
            })}
            <p>{tx.t(T::declare)}</p>
        </section>

        <details class="assumptions">
            <summary>{tx.t(T::assumptions)}</summary>
            <ul>{assumption_items()}</ul>
            <p class="muted">{tx.t(T::official)}</p>
        </details>

        <p class="no-print share">
            {tx.t(T::share)} " "
            <a href=share.clone()>{tx.t(T::share_link)}</a>
            ". " {tx.t(T::print)}
        </p>
        <PrintAnswers form tx=tx.clone() />
        <section class="print-only" aria-hidden="true">
            <h3>{tx.t(T::print_assumptions)}</h3>
            <ul class="print-assumptions">{print_items()}</ul>
        </section>
    }
}

/// One overall answer: the verdict, the decisive reason first (in the summary), and what to do.
#[component]
fn VerdictCard(title: String, verdict: Verdict, summary: String, tx: IslandTexts) -> impl IntoView {
    let (class, icon) = match verdict {
        Verdict::Met => ("verdict ok", "✓"),
        Verdict::NotMet => ("verdict ko", "✗"),
        Verdict::Unknown => ("verdict unknown", "?"),
    };
    let next = tx.t(match verdict {
        Verdict::Met => T::next_met,
        Verdict::Unknown => T::next_unknown,
        Verdict::NotMet => T::next_not_met,
    });
    view! {
        <div class=class>
            <p class="verdict-title">{title}</p>
            <p class="verdict-answer">
                <span aria-hidden="true" class="verdict-icon">{icon}</span>
                " "
                {tx.key(verdict.key())}
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
fn CriteriaList(title: String, criteria: Vec<Criterion>, tx: IslandTexts) -> impl IntoView {
    // The legal sources are cited in French whatever the language.
    let source_note = (tx.lang != passerelle::lang::Lang::Fr).then(|| tx.t(T::source_lang_note));
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
                    let note = source_note.clone();
                    view! {
                        <li class=class data-criterion=c.code.clone()>
                            <p>
                                <strong>{tx.key(c.label)}</strong>
                                " "
                                <span class="criterion-verdict">{tx.key(c.verdict.key())}</span>
                            </p>
                            <p>{tx.phrase(&c.explanation)}</p>
                            <details class="source">
                                <summary>{tx.t(T::source)} {note.map(|n| format!(" {n}"))}</summary>
                                <p class="muted" lang="fr">{c.source.clone()}</p>
                            </details>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// An answer as the person read it in the form (the label of a choice, not its code).
fn answer_text(tx: &IslandTexts, name: &str, value: &str) -> String {
    let choice = match (name, value) {
        (field::SITUATION, "seul") => Some(T::single),
        (field::SITUATION, "couple") => Some(T::couple),
        (field::LOGEMENT, "locataire") => Some(T::tenant),
        (field::LOGEMENT, "proprietaire") => Some(T::owner),
        (field::LOGEMENT, "proprietaire_emprunt") => Some(T::owner_loan),
        (field::LOGEMENT, "heberge") => Some(T::hosted),
        (field::SECTEUR, passerelle::SECTOR_OTHER) => Some(T::other_employer),
        _ => None,
    };
    if let Some(key) = choice {
        return tx.t(key);
    }
    match name {
        field::SECTEUR => {
            let code = format!("sector_{value}");
            passerelle::wording::builtin_french(&code)
                .map(|french| tx.label(&code, french).0)
                .unwrap_or_else(|| value.to_string())
        }
        field::DEBUT_MOIS => value
            .parse::<u8>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| passerelle::Month::ym(2000, m).name(tx.lang).to_string())
            .unwrap_or_else(|| value.to_string()),
        _ => value.to_string(),
    }
}

/// The answers, printed with the result (the form itself is not printed).
#[component]
fn PrintAnswers(form: SimulatorForm, tx: IslandTexts) -> impl IntoView {
    let rows: Vec<(String, String)> = [
        (field::SITUATION, T::answer_situation),
        (field::AGE, T::answer_age),
        (field::AGE_CONJOINT, T::answer_partner_age),
        (field::ENFANTS_MOINS_3, T::answer_under_3),
        (field::ENFANTS_3_24, T::answer_from_3),
        (field::LOGEMENT, T::answer_housing),
        (field::AIDE_LOGEMENT, T::answer_housing_aid),
        (field::SECTEUR, T::answer_employer),
        (field::DEBUT_MOIS, T::answer_start_month),
        (field::DEBUT_ANNEE, T::answer_start_year),
        (field::SALAIRE, T::answer_salary),
        (field::SALAIRE_CONJOINT, T::answer_partner_salary),
        (field::CHOMAGE, T::answer_unemployment),
        (field::RETRAITE, T::answer_pension),
        (field::PENSION_ALIMENTAIRE, T::answer_child_support),
        (field::PRESTATIONS_FAMILIALES, T::answer_family_benefits),
    ]
    .into_iter()
    .filter(|(name, _)| !form.get(name).is_empty())
    .map(|(name, label)| (tx.t(label), answer_text(&tx, name, form.get(name))))
    .collect();
    view! {
        <section class="print-only" aria-hidden="true">
            <h3>{tx.t(T::your_answers)}</h3>
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
    label: String,
    hint: String,
    value: String,
    inputmode: &'static str,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    let described = describedby(name, &hint);
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
                aria-describedby=described
                aria-invalid=move || if e2().is_some() { "true" } else { "false" }
            />
            <p class="field-error" id=format!("{name}-erreur")>{move || error()}</p>
        </div>
    }
}

#[component]
fn AmountField<E>(
    name: &'static str,
    label: String,
    hint: String,
    value: String,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    let described = describedby(name, &hint);
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
                    aria-describedby=described
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
    label: String,
    hint: String,
    options: Vec<(String, String)>,
    selected: String,
    error: E,
) -> impl IntoView
where
    E: Fn() -> Option<String> + Clone + Send + Sync + 'static,
{
    let e1 = error.clone();
    let described = describedby(name, &hint);
    view! {
        <div class="field" class:invalid=move || e1().is_some()>
            <label for=name>{label}</label>
            {(!hint.is_empty()).then(|| view! { <span class="hint" id=format!("{name}-aide")>{hint}</span> })}
            <select id=name name=name aria-describedby=described>
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
    legend: String,
    options: Vec<(&'static str, String)>,
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
fn CheckboxField(name: &'static str, label: String, checked: bool) -> impl IntoView {
    view! {
        <div class="choice">
            <input type="checkbox" id=name name=name value="1" checked=checked />
            <label for=name>{label}</label>
        </div>
    }
}
