//! One module per page.
pub mod admin;
pub mod agent;
pub mod dashboard;
pub mod home;
pub mod imports;
pub mod my_data;
pub mod my_pathway;
pub mod not_found;
pub mod notice_letter;
pub mod person_file;
pub mod sign_in;
pub mod simulator;
pub mod units;
