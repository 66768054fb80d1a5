//! # Auditing what is deployed: every customer's delegation held against the offer
//!
//! The offer document says who should have which access at every customer. What customers
//! really have lives in Azure: a registration definition and a registration assignment
//! (`Microsoft.ManagedServices`) in each delegated subscription or resource group, made through
//! Marketplace (the definition has a `plan` block) or by an ARM template. The two drift apart:
//! customers stay on an old manifest version because they never accepted the update; an
//! onboarding template was edited by hand for one customer; a role Azure accepted years ago is
//! refused today (Log Analytics Contributor since 2025), so the delegation can no longer be
//! deployed again; a principal was added "temporarily".
//!
//! [`Deployed`] reads what Azure Resource Manager returns (REST API 2022-10-01: a list of
//! registration assignments with `$expandRegistrationDefinition=true`, of registration
//! definitions, or of marketplace registration definitions; or the array `az managedservices
//! assignment list --include-definition true` prints) with the crate's document reader: every
//! problem at once, at JSON Pointers into the input. [`audit`] matches each delegation to a plan
//! and reports what differs as diagnostics of the `LO10xx` rules, each naming the subscription
//! and resource group; [`Audit::totals`] counts the delegations by verdict.
//!
//! Module [`graph`] reads what Azure Resource Graph answers (its REST answer, or what `az graph
//! query` prints) into the same shape: one query for the delegations of many subscriptions.
//! With the cargo feature `live`, its module `live` reads the same answers from Azure itself,
//! through Resource Graph (a few hundred subscriptions per request) or subscription by
//! subscription from Azure Resource Manager.
//!
//! Module [`published`] verifies published plans: what Azure holds for a plan's version after a
//! Marketplace publication (`marketplaceRegistrationDefinitions`) against the document.
//!
//! ```
//! use lighthouse_offer::Offer;
//! use lighthouse_offer::audit::{self, Deployed, Verdict};
//!
//! let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
//! let offer = Offer::from_json_str(&std::fs::read_to_string(folder.join("offer.json"))?)?
//!     .into_parts()
//!     .0;
//! let plan = &offer.plans()[0];
//! let manifest = plan.manifest();
//! // One customer on the current version of the first plan, with one principal added by hand.
//! let listed = serde_json::json!([{
//!   "id": "/subscriptions/6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70/resourceGroups/rg-soc/providers/Microsoft.ManagedServices/registrationAssignments/0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
//!   "type": "Microsoft.ManagedServices/registrationAssignments",
//!   "properties": {
//!     "registrationDefinitionId": "/subscriptions/6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70/providers/Microsoft.ManagedServices/registrationDefinitions/5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d",
//!     "registrationDefinition": {
//!       "plan": {
//!         "name": plan.plan_id().as_str(),
//!         "product": offer.offer_id().as_str(),
//!         "publisher": offer.publisher_id().as_str(),
//!         "version": manifest.version().to_string()
//!       },
//!       "properties": {
//!         "managedByTenantId": manifest.tenant_id().to_string(),
//!         "authorizations": manifest.authorizations().iter().map(|a| serde_json::json!({
//!             "principalId": a.principal_id().to_string(),
//!             "principalIdDisplayName": a.principal_id_display_name().as_str(),
//!             "roleDefinitionId": a.role_definition_id().to_string(),
//!             "delegatedRoleDefinitionIds": a.delegated_role_definition_ids().iter().map(ToString::to_string).collect::<Vec<_>>()
//!           })).chain([serde_json::json!({
//!             "principalId": "3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b",
//!             "principalIdDisplayName": "Temporary",
//!             "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c"
//!           })]).collect::<Vec<_>>(),
//!         "eligibleAuthorizations": manifest.eligible_authorizations().iter().map(|e| serde_json::to_value(e).unwrap()).collect::<Vec<_>>()
//!       }
//!     }
//!   }
//! }]);
//! let deployed = Deployed::from_json_value(&listed)?;
//! let found = audit::audit(&offer, &deployed);
//! assert_eq!(found.delegations()[0].verdict(), Verdict::Drifted);
//! let names: Vec<&str> = found.diagnostics().iter().map(|d| d.name()).collect();
//! assert_eq!(names, ["authorization-not-in-plan"]);
//! assert!(found.diagnostics()[0].message().starts_with(
//!     "subscription 6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70, resource group rg-soc: principal 3e2d1c0b"
//! ));
//! let totals = found.totals();
//! assert_eq!((totals.delegations, totals.drifted, totals.errors), (1, 1, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod deployed;
mod drift;
pub mod graph;
#[cfg(feature = "live")]
pub mod live;
pub mod published;

pub use deployed::{
    Deployed, DeployedResource, MarketplaceRegistrationDefinition, PlanReference,
    RegistrationAssignment, RegistrationDefinition, ResourceScope,
};
pub use drift::{Audit, AuditedDelegation, DelegationKind, MatchedBy, Totals, Verdict, audit};
