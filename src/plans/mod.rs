//! Layer 6, **plans**: what a customer delegates to.
//!
//! Authorizations (permanent and eligible, with their just-in-time policies), the manifest, the
//! private audience and the plan. Uses `roles` and the layers below.

pub(crate) mod audience;
pub(crate) mod authorization;
pub(crate) mod manifest;
pub(crate) mod plan;
