//! - The migrations are embedded with `sqlx::migrate!`: rebuild when they change.
//! - Generates the `i18n` module from `locales/{fr,en,ar}.json` (French is the source): every key
//!   used by the pages is checked at compile time against it.
//! - Generates the simulator island's texts (`island_texts.rs`): see [`island_texts`].
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=../migrations");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let module = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR")?).join("i18n");
    let config = Config::new("fr")?
        .add_locale("en")?
        .add_locale("ar")?
        // Texts with a variable can also be made into plain strings (server-side error messages).
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(module.clone())?;
    island_texts(&module)?;
    Ok(())
}

/// The simulator runs in the browser, so its texts must travel with the page: only those of the
/// page's language (an island's props), never the three languages in the wasm. This writes
/// `island_texts.rs`: an enum `T` with one variant per key of the `simulator` section of
/// `locales/fr.json` (a misspelt key does not compile), and, for the server only, each
/// language's texts in that order (French where a translation lacks a key; the test
/// `every_key_exists_in_every_language` fails then) and the rules' sentences of
/// `rules_i18n/{en,ar}.json` (French ones come from the rules crate itself).
fn island_texts(module: &Path) -> Result<(), Box<dyn std::error::Error>> {
    type Map = serde_json::Map<String, serde_json::Value>;
    let read = |path: &str| -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        println!("cargo::rerun-if-changed={path}");
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    };
    let section = |v: &serde_json::Value| -> Map {
        v.get("simulator")
            .and_then(|s| s.as_object())
            .cloned()
            .unwrap_or_default()
    };
    let french = section(&read("locales/fr.json")?);
    let keys: Vec<&String> = french.keys().collect();
    let mut out = String::from(
        "/// A text of the simulator island (a key of the `simulator` section of the locales).\n\
         #[allow(non_camel_case_types, missing_docs)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
         pub enum T {\n",
    );
    for k in &keys {
        writeln!(out, "    {k},")?;
    }
    out.push_str("}\n\n");
    writeln!(
        out,
        "/// How many texts the island has.\npub const T_COUNT: usize = {};\n",
        keys.len()
    )?;
    for code in ["fr", "en", "ar"] {
        let texts = section(&read(&format!("locales/{code}.json"))?);
        writeln!(
            out,
            "#[cfg(any(feature = \"ssr\", test))]\nstatic TEXTS_{}: [&str; {}] = [",
            code.to_uppercase(),
            keys.len()
        )?;
        for k in &keys {
            let text = texts
                .get(*k)
                .or_else(|| french.get(*k))
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            writeln!(out, "    {text:?},")?;
        }
        out.push_str("];\n");
    }
    out.push_str(
        "/// The island's texts in a language, in the order of [`T`].\n\
         #[cfg(any(feature = \"ssr\", test))]\n\
         pub fn texts_of(lang: &str) -> &'static [&'static str] {\n    match lang {\n        \"en\" => &TEXTS_EN,\n        \"ar\" => &TEXTS_AR,\n        _ => &TEXTS_FR,\n    }\n}\n\n",
    );
    for code in ["en", "ar"] {
        let rules = read(&format!("rules_i18n/{code}.json"))?;
        writeln!(
            out,
            "#[cfg(any(feature = \"ssr\", test))]\nstatic RULES_{}: &[(&str, &str)] = &[",
            code.to_uppercase()
        )?;
        for (k, v) in rules.as_object().cloned().unwrap_or_default() {
            writeln!(out, "    ({k:?}, {:?}),", v.as_str().unwrap_or_default())?;
        }
        out.push_str("];\n");
    }
    out.push_str(
        "/// The rules' sentences in a language (none for French: the rules crate words them).\n\
         #[cfg(any(feature = \"ssr\", test))]\n\
         pub fn rules_of(lang: &str) -> &'static [(&'static str, &'static str)] {\n    match lang {\n        \"en\" => RULES_EN,\n        \"ar\" => RULES_AR,\n        _ => &[],\n    }\n}\n",
    );
    // Every text by its dotted key, for the server: labels looked up from a code (a status, a
    // purpose), whose keys a test checks against every code of the rules.
    fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    flatten(&format!("{prefix}{k}."), v, out);
                }
            }
            other => out.push((
                prefix.trim_end_matches('.').to_string(),
                other.as_str().unwrap_or_default().to_string(),
            )),
        }
    }
    for code in ["fr", "en", "ar"] {
        let mut all = Vec::new();
        flatten("", &read(&format!("locales/{code}.json"))?, &mut all);
        all.sort();
        writeln!(
            out,
            "#[cfg(any(feature = \"ssr\", test))]\nstatic ALL_{}: &[(&str, &str)] = &[",
            code.to_uppercase()
        )?;
        for (k, v) in all {
            writeln!(out, "    ({k:?}, {v:?}),")?;
        }
        out.push_str("];\n");
    }
    out.push_str(
        "/// A text by its dotted key (`pathway.status_invited`), in a language.\n\
         #[cfg(any(feature = \"ssr\", test))]\n\
         pub fn lookup(lang: &str, key: &str) -> Option<&'static str> {\n    let all = all_of(lang);\n    all.binary_search_by(|(k, _)| (*k).cmp(key)).ok().map(|i| all[i].1)\n}\n\n\
         /// Every text of a language by its dotted key, sorted by key.\n\
         #[cfg(any(feature = \"ssr\", test))]\n\
         pub fn all_of(lang: &str) -> &'static [(&'static str, &'static str)] {\n    match lang {\n        \"en\" => ALL_EN,\n        \"ar\" => ALL_AR,\n        _ => ALL_FR,\n    }\n}\n",
    );
    std::fs::write(module.join("island_texts.rs"), out)?;
    Ok(())
}
