//! The site's compiled files under `/pkg/` (stylesheet, island script and wasm): their names and
//! how long browsers may keep them.
//!
//! A release build (`cargo leptos build --release`, `hash-files = true`) names each file after a
//! hash of its content (`passerelle.3f2a….css`) and lists the hashes in `hash.txt` next to the
//! server's executable. A hashed name never changes content, so browsers keep it a year without
//! asking again (`immutable`); anything else under `/pkg/` (a build without hashes) is checked
//! on each use (`no-cache`), so a new release is never hidden behind an old copy.
use std::sync::OnceLock;

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, Response, header},
    middleware::Next,
};

/// The hashes of the compiled files (`css`, `js`, `wasm`), empty when the build has none.
pub fn hashes() -> &'static [(String, String)] {
    static HASHES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    HASHES.get_or_init(|| {
        let Some(path) = hash_file() else {
            return Vec::new();
        };
        std::fs::read_to_string(path)
            .map(|text| parse(&text))
            .unwrap_or_default()
    })
}

/// `hash.txt` next to the executable, where `cargo leptos` writes it, if it is there.
fn hash_file() -> Option<std::path::PathBuf> {
    let path = std::env::current_exe().ok()?.parent()?.join("hash.txt");
    path.exists().then_some(path)
}

/// Whether the pages must name the hashed files (Leptos then reads `hash.txt` itself).
pub fn hashed() -> bool {
    !hashes().is_empty()
}

fn parse(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.trim().split_once(':'))
        .map(|(kind, hash)| (kind.trim().to_string(), hash.trim().to_string()))
        .filter(|(_, hash)| !hash.is_empty())
        .collect()
}

/// The stylesheet's address (for pages written outside Leptos, such as the error page).
pub fn stylesheet_href(output_name: &str) -> String {
    match hashes().iter().find(|(kind, _)| kind == "css") {
        Some((_, hash)) => format!("/pkg/{output_name}.{hash}.css"),
        None => format!("/pkg/{output_name}.css"),
    }
}

/// Whether a file name under `/pkg/` carries one of the build's hashes.
fn is_hashed(name: &str, hashes: &[(String, String)]) -> bool {
    hashes
        .iter()
        .any(|(_, hash)| name.contains(&format!(".{hash}.")))
}

/// Sets `Cache-Control` on the files under `/pkg/`.
pub async fn cache_control(req: Request, next: Next) -> Response<Body> {
    let name = req.uri().path().strip_prefix("/pkg/").map(str::to_string);
    let mut res = next.run(req).await;
    if let Some(name) = name
        && res.status().is_success()
    {
        let value = if is_hashed(&name, hashes()) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_with_the_builds_hash_are_kept_a_year() {
        let hashes = parse("css: abc123\njs: def456\nwasm: 789fed\n\n");
        assert_eq!(hashes.len(), 3);
        assert!(is_hashed("passerelle.abc123.css", &hashes));
        assert!(is_hashed("passerelle.789fed.wasm", &hashes));
        assert!(!is_hashed("passerelle.css", &hashes));
        assert!(!is_hashed("passerelle.000000.css", &hashes));
        assert!(!is_hashed("passerelle.abc123.css", &[]));
    }
}
