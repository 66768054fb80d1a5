//! Layer 10, **workflows**: what a provider does with whole offers.
//!
//! Migrating an offer to another edition, comparing a published offer with its next version,
//! the document's JSON Schema ([`schema`]) and the starter offer of `lighthouse-offer init`
//! ([`starter`]). Uses every layer below; nothing in the library uses it.

pub(crate) mod export;
pub(crate) mod migrate;
pub mod schema;
pub mod starter;
pub(crate) mod update;
