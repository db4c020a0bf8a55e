//! Components shared by several pages.
pub mod chart;
pub mod guard;
pub mod layout;
