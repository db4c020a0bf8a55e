//! An accessible bar chart of monthly income: without the job, with it, and with the job and the
//! département's scheme when the scheme applies.
//!
//! Inline SVG (no script, no third-party library, allowed by the CSP through presentation
//! attributes only), described for screen readers by its `<title>` and `<desc>`, with the same
//! figures in the table next to it. The series differ by pattern and shade as well as colour.
use leptos::prelude::*;
use passerelle::{Cents, ProjectionMonth};

use crate::lang::{IslandTexts, T};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 8.0;
const BOTTOM: f64 = 34.0;
const TOP: f64 = 18.0;

/// One series: its legend, its fill, its figure for a month.
struct Series {
    legend: T,
    class: &'static str,
    fill: &'static str,
    value: fn(&ProjectionMonth) -> Cents,
}

const WITHOUT_JOB: Series = Series {
    legend: T::chart_without,
    class: "legend legend-without",
    fill: "#7b8794",
    value: |m| m.total_without_job,
};
const WITH_JOB: Series = Series {
    legend: T::chart_with_job,
    class: "legend legend-job",
    fill: "#0b4f6c",
    value: |m| m.total_without_scheme,
};
const WITH_SCHEME: Series = Series {
    legend: T::chart_with_scheme,
    class: "legend legend-with",
    fill: "url(#hachures)",
    value: |m| m.total_with_scheme,
};

#[component]
pub fn IncomeChart(
    months: Vec<ProjectionMonth>,
    with_scheme: bool,
    tx: IslandTexts,
) -> impl IntoView {
    let lang = tx.lang;
    // Right to left (Arabic): the chart is mirrored, so that time runs the way the page reads
    // and each month's bars come in the legend's order.
    let rtl = lang.dir() == "rtl";
    let mirror = move |x: f64, width: f64| if rtl { WIDTH + LEFT - x - width } else { x };
    let series: Vec<&'static Series> = if with_scheme {
        vec![&WITHOUT_JOB, &WITH_JOB, &WITH_SCHEME]
    } else {
        vec![&WITHOUT_JOB, &WITH_JOB]
    };
    let max = months
        .iter()
        .flat_map(|m| series.iter().map(move |s| (s.value)(m)))
        .max()
        .unwrap_or(Cents::ZERO)
        .get()
        .max(1) as f64;
    let n = months.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let gap = 2.0;
    let bar = (slot - 8.0 - gap * (series.len() as f64 - 1.0)) / series.len() as f64;
    let scale = |c: Cents| (c.get().max(0) as f64 / max) * (HEIGHT - BOTTOM - TOP);
    let first = months
        .first()
        .map(|m| m.month.label(lang))
        .unwrap_or_default();
    let last = months
        .last()
        .map(|m| m.month.label(lang))
        .unwrap_or_default();
    let legend = |s: &Series| tx.t(s.legend);
    let description = months
        .iter()
        .map(|m| {
            let parts: Vec<String> = series
                .iter()
                .map(|s| format!("{} {}", legend(s), (s.value)(m).format(lang)))
                .collect();
            format!("{} — {}", m.month.label(lang), parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ; ");
    let title = tx.f(
        T::chart_title,
        &[
            ("first", first),
            ("last", last),
            (
                "series",
                series
                    .iter()
                    .map(|s| legend(s))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ],
    );

    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x0 = LEFT + i as f64 * slot + 4.0;
            let base = HEIGHT - BOTTOM;
            let label = short_month(m.month, lang);
            let rects = series
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let h = scale((s.value)(m));
                    let x = mirror(x0 + k as f64 * (bar + gap), bar);
                    view! { <rect x=x y=base - h width=bar height=h fill=s.fill stroke="#0b4f6c" stroke-width="0.5" data-series=s.class data-month=i /> }
                })
                .collect_view();
            view! {
                {rects}
                <text x=mirror(x0 + (slot - 8.0) / 2.0, 0.0) y=HEIGHT - BOTTOM + 16.0 text-anchor="middle" font-size="11" fill="#1b1f24">
                    {label}
                </text>
            }
        })
        .collect_view();

    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="graphique-titre graphique-desc"
                focusable="false"
            >
                <title id="graphique-titre">{title}</title>
                <desc id="graphique-desc">{description}</desc>
                <defs>
                    <pattern id="hachures" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#0b4f6c" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke="#5fa8c8" stroke-width="3" />
                    </pattern>
                </defs>
                <line x1=LEFT y1=HEIGHT - BOTTOM x2=WIDTH y2=HEIGHT - BOTTOM stroke="#1b1f24" stroke-width="1" />
                {bars}
            </svg>
            <figcaption>
                {series.iter().map(|s| view! { <span class=s.class>{legend(s)}</span> }).collect_view()}
                " "
                <span class="muted">{tx.t(T::chart_exact)}</span>
            </figcaption>
        </figure>
    }
}

fn short_month(m: passerelle::Month, lang: passerelle::lang::Lang) -> String {
    use passerelle::lang::Lang;
    let name = m.name(lang);
    match lang {
        // French abbreviations, as the Imprimerie nationale writes them.
        Lang::Fr => [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ][usize::from(m.month() - 1)]
        .to_string(),
        Lang::En => name.chars().take(3).collect(),
        // Arabic month names are short and not abbreviated.
        Lang::Ar => name.to_string(),
    }
}
