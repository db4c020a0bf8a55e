//! Passerelle's Leptos application, compiled twice: for the server (`ssr`) and for the browser
//! (`hydrate`). In islands mode: pages are rendered on the server; only the parts marked
//! `#[island]` (the simulator, the units search box) are compiled into the browser's wasm.
//!
//! Pages and components live in [`pages`] and [`components`]; `#[server]` functions are the only door
//! between browser and server. Everything that touches the database, sessions or secrets sits in
//! [`ssr`], compiled for the server only, so the wasm bundle never carries it.
#![forbid(unsafe_code)]
// Leptos `view!` and `#[server]` expand to code clippy finds noisy; keep the warnings that matter.
#![allow(clippy::too_many_arguments)]

pub mod admin;
pub mod app;
pub mod auth;
pub mod browser;
pub mod clock;
pub mod components;
pub mod dashboard;
pub mod error;
pub mod forms;
pub mod imports;
pub mod lang;
pub mod my_data;
pub mod pages;
pub mod pathway;
pub mod schemes;
pub mod simulator;
pub mod text;
pub mod units;

#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, shell};

/// Browser entry point, called by the island loader once the wasm is loaded: prepares the reactive
/// system; the loader then hydrates each `#[island]` of the page (the rest of the page is plain
/// server-rendered HTML and needs no code).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
