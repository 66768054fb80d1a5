//! Layer 7, **workflows**: what a provider does with whole offers.
//!
//! Migrating an offer to another edition, comparing a published offer with its next version,
//! the document's JSON Schema ([`schema`]), onboarding without Marketplace ([`arm`]), the audit
//! of deployed delegations ([`audit`]), offers written in YAML ([`yaml`]), and the starter
//! offer of `lighthouse-offer init` ([`starter`]). Uses
//! `offers` and the layers below; nothing in the library uses it.

pub mod arm;
pub mod audit;
pub(crate) mod migrate;
pub mod schema;
pub mod starter;
pub(crate) mod update;
pub mod yaml;
