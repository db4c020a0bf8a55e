//! Server-only code: the data store, application state, and the mapping of internal errors.
//! Compiled with the `ssr` feature only; the browser bundle never contains it.
pub mod db;
pub mod error;
pub mod security;
pub mod state;

pub use db::{Db, DbError};
pub use error::respond;
pub use state::AppState;
