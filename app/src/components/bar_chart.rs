//! A horizontal bar chart: one bar per label, the value written at the end of the bar, so no
//! information is carried by colour or length alone. The same figures are in the table beside it.
use leptos::prelude::*;

#[component]
pub fn BarChart(id: &'static str, title: String, bars: Vec<(String, i64)>) -> impl IntoView {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let row = 26.0;
    let label_w = 120.0;
    let width = 320.0;
    let height = row * bars.len().max(1) as f64 + 4.0;
    let description = bars
        .iter()
        .map(|(l, v)| format!("{l} : {v}"))
        .collect::<Vec<_>>()
        .join(" ; ");
    let title_id = format!("{id}-titre");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <svg
            class="bar-chart"
            viewBox=format!("0 0 {width} {height}")
            role="img"
            aria-labelledby=labelled_by
            focusable="false"
        >
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {bars
                .into_iter()
                .enumerate()
                .map(|(i, (label, value))| {
                    let y = i as f64 * row + 2.0;
                    let w = (value as f64 / max) * (width - label_w - 48.0);
                    let short: String = label.chars().take(18).collect();
                    view! {
                        <text x="0" y=y + 16.0 font-size="11" fill="#1b1f24">{short}</text>
                        <rect x=label_w y=y + 4.0 width=w.max(1.0) height=row - 10.0 fill="#0b4f6c" />
                        <text x=label_w + w + 4.0 y=y + 16.0 font-size="11" fill="#1b1f24">{value}</text>
                    }
                })
                .collect_view()}
        </svg>
    }
}
