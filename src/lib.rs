//! # lighthouse-offer
//!
//! A model of Azure Lighthouse managed service offers in which invalid offers cannot be built.
//! (The guide is written in the crate documentation as the model grows.)

mod decode;
pub mod diagnostic;
mod duration;
mod guid;
pub mod image;
pub mod rules;
mod text;
mod version;

pub use diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity};
pub use duration::{ActivationDuration, DurationError};
pub use guid::{GUID_PATTERN, GuidError, PrincipalId, RoleDefinitionId, SubscriptionId, TenantId};
pub use rules::Rule;
pub use text::{
    DisplayName, OfferId, PlanDescription, PlanId, PlanSummary, PlanTitle, PublisherId, TextError,
};
pub use version::{ManifestVersion, VersionError};
