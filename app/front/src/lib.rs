//! The browser bundle. It only re-exports the entry point of `app` (the island components are
//! exported by `app` itself, with `wasm-bindgen`).
//!
//! Why a crate of its own: `app` must also be an `rlib` for the server, and cargo does not apply
//! the profile's link-time optimisation to a crate that is both `cdylib` and `rlib`
//! (rust-lang/cargo#9672; checked here with `cargo build -v`: no `-C lto` was passed). This crate
//! is a `cdylib` only, so the `wasm-release` profile's `lto = true` applies to the whole bundle.
#![forbid(unsafe_code)]

#[cfg(feature = "hydrate")]
pub use app::hydrate;
