//! Components shared by several pages.
pub mod chart;
pub mod fields;
pub mod guard;
pub mod layout;
pub mod pathway_view;
