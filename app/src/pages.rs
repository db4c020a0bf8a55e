//! One module per page.
pub mod admin;
pub mod home;
pub mod not_found;
pub mod sign_in;
pub mod simulator;
pub mod units;
