//! Layer 7, **offers**: the whole Marketplace offer and the reading of its document.
//!
//! The listing, marketing artifacts, lead management, legal terms, support contacts, the offer
//! itself (read from JSON or YAML), and the check of an offer against its rule edition. Uses `plans` and the layers below.

pub(crate) mod artifacts;
pub(crate) mod edition_check;
pub(crate) mod leads;
pub(crate) mod legal;
pub(crate) mod listing;
pub(crate) mod offer;
pub(crate) mod support;
pub(crate) mod yaml;
