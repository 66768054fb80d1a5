//! Layer 6, **plans**: what a customer delegates to.
//!
//! Authorizations (permanent and eligible, with their just-in-time policies), the manifest, the
//! private audience and the plan. Uses `roles` and the layers below.
//!
//! As a public module it holds what a plan needs beyond the crate root's [`Plan`](crate::Plan),
//! [`Manifest`](crate::Manifest), [`Authorization`](crate::Authorization),
//! [`EligibleAuthorization`](crate::EligibleAuthorization) and
//! [`PrivateAudience`](crate::PrivateAudience): the manifest's builder, the billing model, the
//! just-in-time policy of eligible authorizations, and the reading of a private audience's CSV
//! file.

pub(crate) mod audience;
pub(crate) mod authorization;
pub(crate) mod manifest;
pub(crate) mod plan;

pub use audience::{AudienceError, CsvProblem, CsvReport};
pub use authorization::{Approver, JustInTimeAccessPolicy, MultiFactorAuthProvider};
pub use manifest::ManifestBuilder;
pub use plan::BillingModel;
