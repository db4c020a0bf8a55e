//! - The migrations are embedded with `sqlx::migrate!`: rebuild when they change.
//! - Generates the `i18n` module from `locales/{fr,en,ar}.json` (French is the source): every key
//!   used by the pages is checked at compile time against it.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

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
    translations.generate_i18n_module(module)?;
    Ok(())
}
