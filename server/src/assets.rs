//! The site's compiled files under `/pkg/` (stylesheet, island script and wasm): their names and
//! how long browsers may keep them.
//!
//! A release build (`cargo leptos build --release`, `hash-files = true`) names each file after a
//! hash of its content (`passerelle.3f2a….css`) and lists the hashes in `hash.txt` next to the
//! server's executable (or in `target/release/`, see [`locate`]). A hashed name never changes content, so browsers keep it a year without
//! asking again (`immutable`); anything else under `/pkg/` (a build without hashes) is checked
//! on each use (`no-cache`), so a new release is never hidden behind an old copy.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::{
    body::Body,
    extract::Request,
    http::{HeaderValue, Response, header},
    middleware::Next,
};

/// Where `hash.txt` was found (see [`locate`]), once the Leptos options are built.
static HASH_FILE: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Finds `hash.txt`: next to the executable, where Leptos looks by default, or where
/// `cargo leptos` writes it when the cargo target directory is elsewhere (`CARGO_TARGET_DIR`):
/// `target/release/` beside the site folder (`target/site`). Returns its absolute path.
pub fn locate(site_root: &str) -> Option<PathBuf> {
    HASH_FILE
        .get_or_init(|| {
            let next_to_exe = std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")));
            let beside_site = Path::new(site_root)
                .parent()
                .map(|target| target.join("release").join("hash.txt"));
            next_to_exe
                .into_iter()
                .chain(beside_site)
                .find(|p| p.is_file())
                .and_then(|p| std::fs::canonicalize(p).ok())
        })
        .clone()
}

/// The hashes of the compiled files (`css`, `js`, `wasm`), empty when the build has none.
pub fn hashes() -> &'static [(String, String)] {
    static HASHES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    HASHES.get_or_init(|| {
        HASH_FILE
            .get()
            .cloned()
            .flatten()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .map(|text| parse(&text))
            .unwrap_or_default()
    })
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
