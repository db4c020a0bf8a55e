//! An accessible bar chart of monthly income with and without the scheme.
//!
//! Inline SVG (no script, no third-party library, allowed by the CSP through presentation
//! attributes only), described for screen readers by its `<title>` and `<desc>`, with the same
//! figures in the table next to it. The two series differ by pattern as well as colour.
use leptos::prelude::*;
use passerelle::{Cents, ProjectionMonth};

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 8.0;
const BOTTOM: f64 = 34.0;
const TOP: f64 = 18.0;

#[component]
pub fn IncomeChart(months: Vec<ProjectionMonth>) -> impl IntoView {
    let max = months
        .iter()
        .map(|m| m.total_with_scheme.max(m.total_without_scheme))
        .max()
        .unwrap_or(Cents::ZERO)
        .get()
        .max(1) as f64;
    let n = months.len().max(1) as f64;
    let slot = (WIDTH - LEFT) / n;
    let bar = (slot - 10.0) / 2.0;
    let scale = |c: Cents| (c.get() as f64 / max) * (HEIGHT - BOTTOM - TOP);
    let first = months
        .first()
        .map(|m| m.month.label_fr())
        .unwrap_or_default();
    let last = months
        .last()
        .map(|m| m.month.label_fr())
        .unwrap_or_default();
    let description = months
        .iter()
        .map(|m| {
            format!(
                "{} : {} sans le dispositif, {} avec",
                m.month.label_fr(),
                m.total_without_scheme.format_eur(),
                m.total_with_scheme.format_eur()
            )
        })
        .collect::<Vec<_>>()
        .join(" ; ");

    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = LEFT + i as f64 * slot + 4.0;
            let h_without = scale(m.total_without_scheme);
            let h_with = scale(m.total_with_scheme);
            let base = HEIGHT - BOTTOM;
            let label = short_month(m.month.month());
            view! {
                <rect x=x y=base - h_without width=bar height=h_without fill="#7b8794" />
                <rect x=x + bar + 2.0 y=base - h_with width=bar height=h_with fill="url(#hachures)" stroke="#0b4f6c" stroke-width="1" />
                <text x=x + bar + 1.0 y=HEIGHT - BOTTOM + 16.0 text-anchor="middle" font-size="11" fill="#1b1f24">
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
                <title id="graphique-titre">
                    {format!("Revenu total par mois, de {first} à {last}, sans et avec le dispositif")}
                </title>
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
                <span class="legend legend-without">"Sans le dispositif"</span>
                <span class="legend legend-with">"Avec le dispositif"</span>
                <span class="muted">" Les montants exacts sont dans le tableau."</span>
            </figcaption>
        </figure>
    }
}

fn short_month(m: u8) -> &'static str {
    [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ]
    .get(usize::from(m.saturating_sub(1)))
    .copied()
    .unwrap_or("")
}
