//! # Onboarding without Azure Marketplace: ARM templates
//!
//! A customer can delegate resources to a managed service provider in two ways, and both end in
//! the same two resources of the resource provider `Microsoft.ManagedServices` in the
//! customer's subscription:
//!
//! - a **registration definition** (`Microsoft.ManagedServices/registrationDefinitions`): the
//!   offer as Azure Lighthouse sees it: a name and a description, the managing tenant
//!   (`managedByTenantId`), the `authorizations` and `eligibleAuthorizations`. It is a
//!   subscription resource, named by a GUID;
//! - a **registration assignment** (`Microsoft.ManagedServices/registrationAssignments`): it
//!   applies a definition (`registrationDefinitionId`) to the scope it is deployed to, the
//!   subscription or one resource group. From then on the provider's principals have their
//!   roles there.
//!
//! | | Azure Marketplace | ARM template |
//! |---|---|---|
//! | what the provider publishes | an offer with plans ([`Plan`](crate::Plan)), each with a manifest | a template and a parameters file ([`export`]) |
//! | who creates the two resources | Azure, when the customer buys a plan and picks the scope | the customer, deploying the template to the subscription |
//! | who may do it | a non-guest account with the Owner role on the subscription | the same |
//! | link to a plan | always: the definition's `plan` block `{ name: plan ID, product: offer ID, publisher: publisher ID, version: manifest version }` | optional: the same block ([`MarketplacePlan`]) |
//! | update | publish a manifest with a higher version; each customer accepts it | deploy the new parameters; the names stay, so the definition is updated |
//! | private to some customers | a private plan ([`Availability`](crate::Availability)) | hand the files to those customers only |
//!
//! The manifest is the same in both: ARM's field names are the crate's
//! (`principalId`, `principalIdDisplayName`, `roleDefinitionId`, `delegatedRoleDefinitionIds`,
//! `justInTimeAccessPolicy`…), and the same role rules apply, because the resource provider
//! enforces them on both roads. The other rules differ: Partner Center's judge a plan, the
//! resource provider's judge an ARM file ([`ArmDelegation`]).
//!
//! ## The files, parameter by parameter
//!
//! The parameter names are those of Microsoft's samples (Azure/Azure-Lighthouse-samples,
//! `templates/delegated-resource-management*`), so that people who know them recognise them.
//!
//! | crate | parameter | registration definition |
//! |---|---|---|
//! | [`ArmOnboarding::name`] ([`RegistrationName`]) | `mspOfferName` | `properties.registrationDefinitionName` |
//! | [`ArmOnboarding::description`] ([`RegistrationDescription`]) | `mspOfferDescription` | `properties.description` |
//! | [`Manifest::tenant_id`](crate::Manifest::tenant_id) | `managedByTenantId` | `properties.managedByTenantId` |
//! | [`Manifest::authorizations`](crate::Manifest::authorizations) | `authorizations` | `properties.authorizations` |
//! | [`Manifest::eligible_authorizations`](crate::Manifest::eligible_authorizations) | `eligibleAuthorizations` | `properties.eligibleAuthorizations` |
//! | [`Scope::ResourceGroups`] | `rgName` or `resourceGroups` (`[{ "rgName": … }]`) | where the assignments go |
//! | [`MarketplacePlan`] | `marketplacePublisherId`, `marketplaceOfferId`, `marketplacePlanId`, `marketplacePlanVersion` | `plan` |
//! | [`Manifest::version`](crate::Manifest::version) | `marketplacePlanVersion`; the parameters file's `contentVersion` | `plan.version` |
//!
//! ## Scope
//!
//! The template is always deployed to the subscription (`az deployment sub create …`). For the
//! whole subscription, the assignment sits beside the definition. For resource groups, there is
//! one definition per group, and a nested deployment (`Microsoft.Resources/deployments` with a
//! `resourceGroup`) per group places the assignment in it, as Microsoft's `multi-rg.json` does.
//! The groups must exist already.
//!
//! ## Resource names
//!
//! Definitions and assignments are named by GUIDs. Like Microsoft's templates, the exported
//! template lets ARM derive them at deployment with its `guid()` function, so the names are the
//! same every time the same inputs are deployed, and redeploying updates instead of
//! duplicating. The inputs are the managing tenant and the plan (publisher, offer and plan IDs,
//! for [`ArmOnboarding::for_offer_plan`]; otherwise the registration name), plus the group's
//! name for resource groups: two plans give two delegations, and two providers, or two offers
//! on one resource group, never overwrite each other's definition (Microsoft's samples hash the
//! offer name or the group name alone). [`evaluate::guid`] computes the same GUID, as far as
//! Azure's algorithm is known (see [`evaluate`]).
//!
//! ## Versions
//!
//! ARM has no manifest version. An export puts the manifest's version in the parameters
//! file's `contentVersion` (`1.2.0` → `1.2.0.0`) and, with a Marketplace plan, in
//! `marketplacePlanVersion`. [`check`] reads it back from there, and otherwise gives the
//! manifest version [`DEFAULT_VERSION`] (1.0.0).
//!
//! ## Reading ARM files as Azure reads them
//!
//! [`check`] reads a parameters file or a template, and [`check_with_template`] a parameters
//! file with its template, into an [`ArmDelegation`], with every problem at once at JSON
//! Pointers into the files (`/parameters/authorizations/value/2/roleDefinitionId`), shown where
//! each value is written: in the parameters file, at a parameter's default, or at a variable.
//!
//! - **Evaluated as Azure Resource Manager does**, far enough to find the delegation: the
//!   expression language ([`expression`], [`evaluate`]: `parameters`, `variables` with `copy`
//!   loops, `concat`, `format`, `if`, `union`, `guid`, `resourceId`…), resource copy loops and
//!   nested deployments in inner or outer scope. Own parameter names, role names mapped to
//!   GUIDs, authorizations built in variables: all work.
//! - **Known, unknown, wrong.** A value only the deployment supplies is a note
//!   ([`Severity::Note`](crate::Severity::Note): `parameter-without-value`,
//!   `deployment-time-value`); a function the checker does not evaluate is one warning
//!   (`unsupported-expression`); only a known value that breaks a rule is an error.
//! - **The resource provider's rules**, not Partner Center's ([`ArmDelegation`] lists them):
//!   display names and the description are optional (with a warning), there is no limit of 20
//!   authorizations, `multiFactorAuthProvider` is required in a just-in-time policy, and the
//!   `apiVersion` is judged ([`api_version`]).
//! - **As providers write them:** comments and line breaks in strings, as Azure Resource
//!   Manager accepts; Microsoft's policy that deploys delegations (`managedByName`,
//!   `managedByTenantId`, `managedByAuthorizations`); Bicep files are told to be built first.
//! - **Policies that deploy a delegation:** an Azure Policy definition (or the template that
//!   creates one, such as [`export_policy`]'s) whose `deployIfNotExists` embeds a template is
//!   judged by the template's rules, each finding at its place in the policy.
//!
//! Most of Microsoft's samples are not deployable as they stand, and the reader says why:
//! placeholders (`placeholder-value`), the all-zero GUID (`nil-guid`). Samples that deploy no
//! delegation (a deny policy, Key Vault) are `not-a-delegation`.
//!
//! ## Onboarding at scale: Azure Policy
//!
//! [`export_policy`] writes a `deployIfNotExists` policy that delegates every subscription of a
//! management group to a plan, with eligible authorizations, and an existence condition that
//! compares the deployed delegation's version and authorizations with the plan's, so that a
//! changed or stale delegation is remediated too; and the management group deployment that
//! creates and assigns it.
//!
//! ```
//! use lighthouse_offer::*;
//! use lighthouse_offer::arm::{self, ArmOnboarding, RegistrationName, ResourceGroupName, ResourceGroups, Scope};
//!
//! let plan = Plan::from_json_str(r#"{
//!   "planId": "gold", "title": "Gold", "summary": "24x7", "description": "Round the clock.",
//!   "availability": { "visibility": "public" },
//!   "manifest": {
//!     "version": "2.1.0",
//!     "tenantId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
//!     "authorizations": [{
//!       "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
//!       "principalIdDisplayName": "Contoso Lighthouse admins",
//!       "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
//!     }]
//!   }
//! }"#)?.into_parts().0;
//!
//! let groups = ResourceGroups::new([ResourceGroupName::new("rg-sentinel")?])?;
//! let onboarding = ArmOnboarding::for_plan(
//!     &plan,
//!     RegistrationName::new("Contoso Managed Sentinel")?,
//!     plan.description().into(),
//!     Scope::ResourceGroups(groups),
//! );
//! let files = arm::export(&onboarding);
//! assert_eq!(files.parameters_file_name(), "resource-groups.parameters.json");
//! let types: Vec<&str> = files.template().resources().iter().map(|r| r.resource_type()).collect();
//! assert_eq!(types, ["Microsoft.ManagedServices/registrationDefinitions", "Microsoft.Resources/deployments"]);
//!
//! let back = arm::check(&files.parameters_json())?.into_parts().0;
//! assert_eq!(back.version().to_string(), "2.1.0");
//! assert_eq!(back, onboarding);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod api_version;
mod delegation;
pub mod evaluate;
mod export;
mod export_policy;
pub mod expression;
mod import;
mod jsonc;
mod onboarding;
pub mod template;

pub use delegation::ArmDelegation;
pub use export::{
    API_VERSION, ArmFiles, SUBSCRIPTION_PARAMETERS_SCHEMA, SUBSCRIPTION_TEMPLATE_SCHEMA, export,
    registration_guid,
};
pub use export_policy::{
    MANAGEMENT_GROUP_TEMPLATE_SCHEMA, POLICY_LOCATION, PolicyFiles, REMEDIATION_ROLE, export_policy,
};
pub use import::{
    ArmCheck, ArmFile, CheckOptions, DEFAULT_VERSION, check, check_value, check_with_template,
};
#[doc(hidden)]
pub use jsonc::parse_options;
pub use jsonc::{bicep_file, bicep_file_named};
pub use onboarding::{
    ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName, ResourceGroupName,
    ResourceGroups, ResourceGroupsError, Scope,
};
