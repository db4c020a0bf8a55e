//! Components shared by several pages.
pub mod bar_chart;
pub mod chart;
pub mod fields;
pub mod guard;
pub mod layout;
pub mod pathway_view;
