//! Layer 1, **report**: what every check reports and how documents are read.
//!
//! The catalog of rules ([`rules`]), diagnostics as data ([`diagnostic`]) and the reader that walks
//! a JSON document and reports every problem at once (`decode`). Uses nothing else of the crate.

pub(crate) mod decode;
pub mod diagnostic;
pub(crate) mod near;
pub mod rules;
