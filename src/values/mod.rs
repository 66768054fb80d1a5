//! Layer 4, **values**: the leaf types of the domain and the edition table.
//!
//! Texts with limits, GUIDs, manifest versions, activation durations, web values (URLs, email
//! addresses, phone numbers), and the table of what differs between rule editions. Each value is
//! valid once it exists. Uses `report`, `document` and
//! `media`.

pub(crate) mod duration;
pub(crate) mod edition;
pub(crate) mod guid;
pub(crate) mod schema_patterns;
pub(crate) mod text;
pub(crate) mod version;
pub(crate) mod web;
