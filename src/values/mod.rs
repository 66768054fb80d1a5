//! Layer 4, **values**: the leaf types of the domain and the edition table.
//!
//! Texts with limits, GUIDs, manifest versions, activation durations, web values (URLs, email
//! addresses, phone numbers), and the table of what differs between rule editions. Each value is
//! valid once it exists. Uses `report`, `document` and `media`.
//!
//! As a public module it holds what the crate root's values do not: the errors that say why a
//! text, GUID, version, duration or web value was refused, email addresses and phone numbers, and
//! the regular expressions of the JSON Schema's patterns.

pub(crate) mod duration;
pub(crate) mod edition;
pub(crate) mod guid;
pub(crate) mod schema_patterns;
pub(crate) mod text;
pub(crate) mod version;
pub(crate) mod web;

pub use duration::DurationError;
pub use guid::{GUID_PATTERN, GuidError};
pub use text::TextError;
pub use version::VersionError;
pub use web::{
    EMAIL_PATTERN, EmailAddress, EmailError, HTTPS_URL_PATTERN, PHONE_PATTERN, PhoneNumber,
    PhoneNumberError, UrlError,
};
