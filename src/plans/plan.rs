//! Plans: what a customer buys. Each plan has its own manifest and audience.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::plans::audience::PrivateAudience;
use crate::plans::manifest::Manifest;
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::values::text::{PlanDescription, PlanId, PlanSummary, PlanTitle};

/// How customers pay for a managed service plan. Managed service offers support one model only:
/// *Bring Your Own License*: the provider bills the customer directly, and Marketplace charges
/// nothing (seed documents, 2020).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BillingModel {
    /// Bring Your Own License, written `byol`.
    #[default]
    Byol,
}

impl Decode for BillingModel {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        match cx.str(value, at)? {
            "byol" => Some(BillingModel::Byol),
            other => {
                cx.error(
                    Rule::UnknownVariant,
                    at,
                    format!(
                        "managed service plans are billed as \"byol\" (bring your own license) only, found {:?}",
                        crate::document::decode::shortened(other)
                    ),
                );
                None
            }
        }
    }
}

/// Who can see and buy a plan (seed documents, 2020). A plan is public unless it names its
/// customers; a plan published as public can **never** become private.
///
/// Written `{ "visibility": "public" }` or
/// `{ "visibility": "private", "subscriptionIds": ["…"] }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "visibility", rename_all = "lowercase", deny_unknown_fields)]
pub enum Availability {
    /// Every customer can see and buy the plan.
    #[default]
    Public,
    /// Only the named subscriptions can see and buy the plan; use one to give one customer its
    /// own principals or roles.
    Private {
        /// The customers' subscriptions: see [`PrivateAudience`] for the limits.
        #[serde(rename = "subscriptionIds")]
        subscription_ids: PrivateAudience,
    },
}

impl Availability {
    /// Whether the plan is private.
    #[must_use]
    pub fn is_private(&self) -> bool {
        matches!(self, Availability::Private { .. })
    }
}

impl Decode for Availability {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let visibility: String = obj.tag("visibility", cx)?;
        match visibility.as_str() {
            "public" => {
                obj.finish(cx);
                Some(Availability::Public)
            }
            "private" => {
                let ids = obj.required("subscriptionIds", cx);
                obj.finish(cx);
                Some(Availability::Private {
                    subscription_ids: ids?,
                })
            }
            other => {
                cx.error(
                    Rule::UnknownVariant,
                    at.key("visibility"),
                    format!(
                        "expected \"public\" or \"private\", found {:?}",
                        crate::document::decode::shortened(other)
                    ),
                );
                None
            }
        }
    }
}

/// A plan (SKU) of a managed service offer: what a customer buys, and so which access the
/// provider gets (seed documents, 2020).
///
/// Every principal in a plan gets the same access at every customer that buys it; to give one
/// customer different groups or roles, publish a private plan for that customer.
///
/// All of a plan's rules live in its parts, so building one cannot fail; the warnings of its
/// manifest come with it.
///
/// ```
/// use lighthouse_offer::*;
///
/// let tenant: TenantId = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
/// let delete = Authorization::new("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?,
///     DisplayName::new("Contoso Lighthouse admins")?, RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE)?;
/// let (manifest, _) = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant)
///     .authorization(delete)
///     .build()?
///     .into_parts();
/// let plan = Plan::new(
///     PlanId::new("gold")?,
///     PlanTitle::new("Gold")?,
///     PlanSummary::new("24x7 monitoring")?,
///     PlanDescription::new("Our SOC watches your workloads around the clock.")?,
///     Availability::Public,
///     manifest,
/// );
/// assert!(plan.warnings().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Plan {
    /// The plan's ID: lowercase letters, digits, `-` and `_`, 1 to 50 characters; unique in the
    /// offer and fixed once published.
    plan_id: PlanId,
    /// The plan's name as customers see it.
    title: PlanTitle,
    /// A short summary of the plan.
    summary: PlanSummary,
    /// What the plan offers.
    description: PlanDescription,
    /// Always `byol`: the provider bills the customer directly. May be left out.
    #[serde(default)]
    billing_model: BillingModel,
    /// Public, or private to named subscriptions. A public plan can never become private.
    availability: Availability,
    /// Who in the provider's tenant gets which role at every customer that buys the plan.
    manifest: Manifest,
}

impl Plan {
    /// A plan. Its manifest's warnings come with it; see [`Plan::warnings`].
    pub fn new(
        plan_id: PlanId,
        title: PlanTitle,
        summary: PlanSummary,
        description: PlanDescription,
        availability: Availability,
        manifest: Manifest,
    ) -> Checked<Plan> {
        let plan = Plan {
            plan_id,
            title,
            summary,
            description,
            billing_model: BillingModel::Byol,
            availability,
            manifest,
        };
        let warnings = plan.warnings();
        Checked::new(plan, warnings)
    }

    /// The plan's ID.
    #[must_use]
    pub fn plan_id(&self) -> &PlanId {
        &self.plan_id
    }

    /// The title.
    #[must_use]
    pub fn title(&self) -> &PlanTitle {
        &self.title
    }

    /// The summary.
    #[must_use]
    pub fn summary(&self) -> &PlanSummary {
        &self.summary
    }

    /// The description.
    #[must_use]
    pub fn description(&self) -> &PlanDescription {
        &self.description
    }

    /// The billing model (always BYOL).
    #[must_use]
    pub fn billing_model(&self) -> BillingModel {
        self.billing_model
    }

    /// Who can buy the plan.
    #[must_use]
    pub fn availability(&self) -> &Availability {
        &self.availability
    }

    /// The manifest.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Reads a plan from a JSON document (the form of one entry of an offer's `plans`).
    ///
    /// # Errors
    /// A [`Report`](crate::Report) with every problem of the document, each at its JSON Pointer.
    pub fn from_json_str(text: &str) -> Result<Checked<Plan>, crate::Report> {
        crate::document::decode::read_document(text, Plan::warnings)
    }

    /// The plan's warnings, paths relative to the plan (`/manifest/authorizations`), with roles
    /// judged by the bundled catalog (see [`Manifest::warnings`](crate::Manifest::warnings)).
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.warnings_in(crate::roles::RoleCatalog::bundled_ref())
    }

    /// [`Plan::warnings`], with roles judged by `catalog`.
    pub(crate) fn warnings_in(&self, catalog: &crate::roles::RoleCatalog) -> Vec<Diagnostic> {
        let warnings = self.manifest.warnings_in(catalog);
        if warnings.is_empty() {
            return warnings;
        }
        let at = JsonPointer::root().key("manifest");
        warnings.into_iter().map(|w| w.under(&at)).collect()
    }
}

impl Decode for Plan {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let plan_id = obj.required("planId", cx);
        let title = obj.required("title", cx);
        let summary = obj.required("summary", cx);
        let description = obj.required("description", cx);
        let billing_model = obj.optional("billingModel", cx).or(BillingModel::Byol);
        let availability = obj.required("availability", cx);
        let manifest = obj.required("manifest", cx);
        obj.finish(cx);
        Some(Plan {
            plan_id: plan_id?,
            title: title?,
            summary: summary?,
            description: description?,
            billing_model: billing_model?,
            availability: availability?,
            manifest: manifest?,
        })
    }
}

deserialize_via_decode!(Plan, Availability, BillingModel);
