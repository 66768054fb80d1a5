//! Layer 6, **delegation**: one record of a delegation, whoever wrote it, and the role rules
//! every reader judges it by.
//!
//! A delegation is the same thing wherever it is written: a Partner Center plan's manifest, an
//! ARM template or parameters file, a Bicep or Terraform file, or what Azure has deployed. Each
//! reader produces one [`Delegation`] (the managing tenant, the permanent and the eligible
//! [grants](PermanentGrant), their just-in-time policies and approvers, the display names, and
//! where each grant was written), lenient about what its source may leave out (display names
//! are optional). The rules of roles are pure functions of the record and the
//! [`RoleCatalog`](crate::roles::RoleCatalog) they are given ([`judge`]), so that every road
//! judges the same roles the same way, with the same messages. Partner Center's strict
//! [`Authorization`](crate::Authorization) is built from a grant with `TryFrom`.

pub(crate) mod record;
pub(crate) mod rules;

pub use record::{Delegation, EligibleGrant, GrantApprover, GrantPolicy, PermanentGrant};
pub use rules::judge;
