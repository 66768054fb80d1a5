//! Layer 1, **report**: what every check reports.
//!
//! The catalog of rules ([`rules`]) and diagnostics as data ([`diagnostic`]). Uses nothing else
//! of the crate.

pub mod diagnostic;
pub(crate) mod near;
pub mod rules;
