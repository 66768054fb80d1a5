//! What an ARM onboarding delegates: the registration's name and description, the manifest, the
//! scope, and optionally the Marketplace plan it belongs to.

use std::fmt;

use serde::Serialize;

use crate::document::decode::Decode;
use crate::offers::offer::Offer;
use crate::plans::manifest::Manifest;
use crate::plans::plan::Plan;
use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;
use crate::values::text::{OfferId, PlanDescription, PlanId, PlanTitle, PublisherId, TextError};

crate::values::text::text_type! {
    /// The name of a registration definition (ARM: `registrationDefinitionName`, the parameter
    /// `mspOfferName` of Microsoft's templates): what the customer sees on the **Service
    /// providers** page, usually the offer's name. At least one character; Azure documents no
    /// maximum, so every offer name and plan title fits.
    ///
    /// ```
    /// use lighthouse_offer::arm::RegistrationName;
    ///
    /// assert!(RegistrationName::new("Contoso Managed Sentinel").is_ok());
    /// assert_eq!(
    ///     RegistrationName::new("").unwrap_err().to_string(),
    ///     "registration name is empty, at least 1 is required"
    /// );
    /// ```
    RegistrationName, "registration name", chars 1..,
    allowed: None
}

crate::values::text::text_type! {
    /// The description of a registration definition (ARM: `description`, the parameter
    /// `mspOfferDescription` of Microsoft's templates): plain text that the customer sees beside
    /// the name. At least one character; Azure documents no maximum.
    ///
    /// ```
    /// use lighthouse_offer::arm::RegistrationDescription;
    ///
    /// assert!(RegistrationDescription::new("24x7 monitoring by the Contoso SOC").is_ok());
    /// assert!(RegistrationDescription::new("").is_err());
    /// ```
    RegistrationDescription, "registration description", chars 1..,
    allowed: None
}

impl From<&PlanTitle> for RegistrationName {
    /// A plan title (1 to 200 characters) is always a valid registration name.
    fn from(title: &PlanTitle) -> Self {
        RegistrationName(title.as_str().to_owned())
    }
}

impl From<&PlanDescription> for RegistrationDescription {
    /// A plan description (at least one character) is always a valid registration description.
    fn from(description: &PlanDescription) -> Self {
        RegistrationDescription(description.as_str().to_owned())
    }
}

/// The characters of a resource group name, in words.
const RESOURCE_GROUP_CHARACTERS: &str =
    "letters, digits, `_`, `-`, `.`, `(` and `)`, and may not end with `.`";

/// The name of an existing resource group in the customer's subscription, to delegate
/// (ARM: `rgName`). Azure's naming rules for `Microsoft.Resources/resourcegroups` (Microsoft
/// Learn: naming rules and restrictions for Azure resources): 1 to 90 characters; letters and
/// digits (Unicode ones too), `_`, `-`, `.`, `(` and `)`; not ending with `.`.
///
/// Azure compares resource group names without regard to case: `Prod` and `prod` are one group.
///
/// ```
/// use lighthouse_offer::arm::ResourceGroupName;
///
/// assert!(ResourceGroupName::new("rg-sentinel_prod(1)").is_ok());
/// assert_eq!(
///     ResourceGroupName::new("prod.").unwrap_err().to_string(),
///     "resource group name may contain only letters, digits, `_`, `-`, `.`, `(` and `)`, and may not end with `.`, found \"prod.\""
/// );
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ResourceGroupName(String);

impl ResourceGroupName {
    /// The most characters a resource group name may have: 90.
    pub const MAX_CHARS: usize = 90;

    /// Checks and wraps a resource group name.
    ///
    /// # Errors
    /// A [`TextError`]: empty, longer than 90 characters, or with a character Azure does not
    /// allow (white space, `/`, `#`…), or ending with `.`.
    pub fn new(text: impl Into<String>) -> Result<Self, TextError> {
        let text = text.into();
        let found = text.chars().count();
        let what = "resource group name";
        if found == 0 {
            return Err(TextError::TooShort {
                what,
                min: 1,
                found,
            });
        }
        if found > Self::MAX_CHARS {
            return Err(TextError::TooLong {
                what,
                max: Self::MAX_CHARS,
                found,
            });
        }
        let allowed = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '(' | ')');
        if !text.chars().all(allowed) || text.ends_with('.') {
            return Err(TextError::InvalidCharacters {
                what,
                allowed: RESOURCE_GROUP_CHARACTERS,
                found: text.chars().take(60).collect(),
            });
        }
        Ok(ResourceGroupName(text))
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether two names designate the same resource group (Azure ignores case).
    #[must_use]
    pub fn same_group(&self, other: &ResourceGroupName) -> bool {
        self.0.to_lowercase() == other.0.to_lowercase()
    }
}

impl fmt::Display for ResourceGroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ResourceGroupName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceGroupName({:?})", self.0)
    }
}

impl std::str::FromStr for ResourceGroupName {
    type Err = TextError;
    fn from_str(text: &str) -> Result<Self, TextError> {
        Self::new(text)
    }
}

impl Decode for ResourceGroupName {
    fn decode(
        value: &crate::document::json::Value<'_>,
        at: crate::document::decode::At<'_>,
        cx: &mut crate::document::decode::Cx,
    ) -> Option<Self> {
        cx.parse_str(value, at, |text| Self::new(text))
    }
}

/// A list of resource groups that breaks a rule of [`ResourceGroups`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResourceGroupsError {
    /// No resource group.
    #[error("expected at least one resource group to delegate, found none")]
    Empty,
    /// More resource groups than one template can delegate.
    #[error("one template delegates at most {max} resource groups, found {found}")]
    TooMany {
        /// The number of resource groups given.
        found: usize,
        /// [`ResourceGroups::MAX`].
        max: usize,
    },
    /// A resource group is listed twice (names compared without regard to case).
    #[error("resource group {name:?} is listed twice, first at index {first}")]
    Duplicate {
        /// The name, as written the second time.
        name: String,
        /// Where the second one is.
        index: usize,
        /// Where the first one is.
        first: usize,
    },
}

impl Violation for ResourceGroupsError {
    fn rule(&self) -> Rule {
        match self {
            ResourceGroupsError::Empty => Rule::TooFewItems,
            ResourceGroupsError::TooMany { .. } => Rule::TooManyItems,
            ResourceGroupsError::Duplicate { .. } => Rule::DuplicateItem,
        }
    }
}

/// Every problem of a list of resource groups, in list order.
pub(crate) fn resource_group_problems(names: &[ResourceGroupName]) -> Vec<ResourceGroupsError> {
    let mut found = Vec::new();
    if names.is_empty() {
        found.push(ResourceGroupsError::Empty);
    }
    if names.len() > ResourceGroups::MAX {
        found.push(ResourceGroupsError::TooMany {
            found: names.len(),
            max: ResourceGroups::MAX,
        });
    }
    for (index, name) in names.iter().enumerate() {
        if let Some(first) = names[..index].iter().position(|n| n.same_group(name)) {
            found.push(ResourceGroupsError::Duplicate {
                name: name.as_str().to_owned(),
                index,
                first,
            });
        }
    }
    found
}

/// The resource groups that one onboarding delegates: 1 to [`ResourceGroups::MAX`], each once.
///
/// The limit is ARM's: a template deploys at most 800 resources, copies included (Microsoft
/// Learn: ARM template limits), and each resource group takes two, its registration definition
/// and the nested deployment that assigns it.
///
/// ```
/// use lighthouse_offer::arm::{ResourceGroupName, ResourceGroups};
///
/// let prod = ResourceGroupName::new("rg-prod")?;
/// let groups = ResourceGroups::new([prod.clone(), ResourceGroupName::new("rg-test")?])?;
/// assert_eq!(groups.names().len(), 2);
/// let twice = ResourceGroups::new([prod, ResourceGroupName::new("RG-PROD")?]);
/// assert_eq!(
///     twice.unwrap_err().to_string(),
///     "resource group \"RG-PROD\" is listed twice, first at index 0"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct ResourceGroups(Vec<ResourceGroupName>);

impl ResourceGroups {
    /// The most resource groups one template delegates: 400.
    pub const MAX: usize = 400;

    /// Checks a list of resource groups.
    ///
    /// # Errors
    /// The first [`ResourceGroupsError`]: no group, more than [`Self::MAX`], or a group twice.
    pub fn new(
        names: impl IntoIterator<Item = ResourceGroupName>,
    ) -> Result<Self, ResourceGroupsError> {
        let names: Vec<ResourceGroupName> = names.into_iter().collect();
        match resource_group_problems(&names).into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(ResourceGroups(names)),
        }
    }

    /// The names, in the order given (at least one).
    #[must_use]
    pub fn names(&self) -> &[ResourceGroupName] {
        &self.0
    }
}

/// What a customer delegates: a whole subscription, or resource groups in it.
///
/// Either way the template is deployed to the customer's **subscription** (by a non-guest
/// account with the Owner role there): the registration definition is a subscription resource,
/// and only the registration assignment differs. For resource groups, a nested deployment per
/// group places the assignment in the group.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Scope {
    /// The whole subscription the template is deployed to.
    Subscription,
    /// These existing resource groups of the subscription the template is deployed to.
    ResourceGroups(ResourceGroups),
}

/// The Azure Marketplace plan that a delegation belongs to: the ARM `plan` block of a
/// registration definition, `{ name: plan ID, product: offer ID, publisher: publisher ID,
/// version }`. Its version is always the manifest's, so it is not stored here.
///
/// ```
/// use lighthouse_offer::{OfferId, PlanId, PublisherId};
/// use lighthouse_offer::arm::MarketplacePlan;
///
/// let plan = MarketplacePlan::new(
///     PublisherId::new("contoso")?,
///     OfferId::new("contoso-sentinel")?,
///     PlanId::new("gold")?,
/// );
/// assert_eq!(plan.plan_id().as_str(), "gold");
/// assert!(PlanId::new("Gold").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketplacePlan {
    /// ARM `publisher`: the publisher's ID in Partner Center.
    publisher_id: PublisherId,
    /// ARM `product`: the offer's ID.
    offer_id: OfferId,
    /// ARM `name`: the plan's ID.
    plan_id: PlanId,
}

impl MarketplacePlan {
    /// The plan `plan_id` of the offer `offer_id` of the publisher `publisher_id`.
    #[must_use]
    pub fn new(publisher_id: PublisherId, offer_id: OfferId, plan_id: PlanId) -> Self {
        MarketplacePlan {
            publisher_id,
            offer_id,
            plan_id,
        }
    }

    /// The publisher's ID (ARM `publisher`).
    #[must_use]
    pub fn publisher_id(&self) -> &PublisherId {
        &self.publisher_id
    }

    /// The offer's ID (ARM `product`).
    #[must_use]
    pub fn offer_id(&self) -> &OfferId {
        &self.offer_id
    }

    /// The plan's ID (ARM `name`).
    #[must_use]
    pub fn plan_id(&self) -> &PlanId {
        &self.plan_id
    }
}

/// One onboarding through ARM: a registration definition (name, description and the manifest's
/// tenant and authorizations), the scope it is assigned to, and optionally the Marketplace plan
/// it belongs to. [`export`](crate::arm::export) turns it into a template and parameters file;
/// [`check`](crate::arm::check) reads one back from such a file.
///
/// ```
/// use lighthouse_offer::*;
/// use lighthouse_offer::arm::{ArmOnboarding, RegistrationDescription, RegistrationName, Scope};
///
/// let tenant = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
/// let admins = Authorization::new("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?,
///     DisplayName::new("Contoso Lighthouse admins")?, Manifest::DELETE_ROLE)?;
/// let (manifest, _) = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant)
///     .authorization(admins)
///     .build()?
///     .into_parts();
/// let onboarding = ArmOnboarding::new(
///     RegistrationName::new("Contoso Managed Sentinel")?,
///     RegistrationDescription::new("24x7 monitoring by the Contoso SOC")?,
///     manifest,
///     Scope::Subscription,
/// );
/// assert!(onboarding.marketplace_plan().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArmOnboarding {
    /// `registrationDefinitionName` (`mspOfferName`).
    name: RegistrationName,
    /// `description` (`mspOfferDescription`).
    description: RegistrationDescription,
    /// What is delegated, to whom.
    manifest: Manifest,
    /// Where the delegation is assigned.
    scope: Scope,
    /// The Marketplace plan the delegation belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    marketplace_plan: Option<MarketplacePlan>,
    /// What the registration's GUID is derived from besides the managing tenant: the plan
    /// (`publisher/offer/plan`), or, without one, the registration name.
    #[serde(skip_serializing_if = "Option::is_none")]
    registration_seed: Option<String>,
}

impl ArmOnboarding {
    /// An onboarding of `manifest` to `scope`, not linked to a Marketplace plan.
    #[must_use]
    pub fn new(
        name: RegistrationName,
        description: RegistrationDescription,
        manifest: Manifest,
        scope: Scope,
    ) -> Self {
        ArmOnboarding {
            name,
            description,
            manifest,
            scope,
            marketplace_plan: None,
            registration_seed: None,
        }
    }

    /// An onboarding of a plan's manifest: what a customer gets by deploying the template
    /// instead of buying the plan. Link it to the published plan with
    /// [`ArmOnboarding::with_marketplace_plan`].
    #[must_use]
    pub fn for_plan(
        plan: &Plan,
        name: RegistrationName,
        description: RegistrationDescription,
        scope: Scope,
    ) -> Self {
        Self::new(name, description, plan.manifest().clone(), scope)
    }

    /// The onboarding of one plan of an offer, named for that plan: the registration's name is
    /// the offer's name and the plan's title (`Contoso Managed Sentinel - Gold`), its
    /// description the plan's summary with the offer's name, and its GUID is derived from the
    /// managing tenant and the plan (publisher, offer and plan IDs, which never change): two
    /// plans give two delegations that customers can tell apart and that never overwrite each
    /// other, and every export of the same plan gives the same GUID, so that deploying a new
    /// version updates the delegation. Link it to the published plan with
    /// [`ArmOnboarding::with_marketplace_plan`].
    ///
    /// ```
    /// use lighthouse_offer::Offer;
    /// use lighthouse_offer::arm::{ArmOnboarding, Scope};
    ///
    /// let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
    /// let offer = Offer::from_json_str(&text)?.into_parts().0;
    /// let [gold, dedicated] = offer.plans() else { panic!("two plans") };
    /// let a = ArmOnboarding::for_offer_plan(&offer, gold, Scope::Subscription);
    /// let b = ArmOnboarding::for_offer_plan(&offer, dedicated, Scope::Subscription);
    /// assert_ne!(a.name(), b.name());
    /// assert_ne!(a.registration_seed(), b.registration_seed());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn for_offer_plan(offer: &Offer, plan: &Plan, scope: Scope) -> Self {
        let name = RegistrationName(format!(
            "{} - {}",
            offer.name().as_str(),
            plan.title().as_str()
        ));
        let description = RegistrationDescription(format!(
            "{} ({}, plan {})",
            plan.summary().as_str(),
            offer.name().as_str(),
            plan.title().as_str()
        ));
        let mut onboarding = Self::new(name, description, plan.manifest().clone(), scope);
        onboarding.registration_seed = Some(format!(
            "{}/{}/{}",
            offer.publisher_id().as_str(),
            offer.offer_id().as_str(),
            plan.plan_id().as_str()
        ));
        onboarding
    }

    /// What the registration's GUID is derived from besides the managing tenant, when it is not
    /// the registration name: the plan, for [`ArmOnboarding::for_offer_plan`].
    #[must_use]
    pub fn registration_seed(&self) -> Option<&str> {
        self.registration_seed.as_deref()
    }

    /// The same onboarding, linked to a Marketplace plan: the registration definition gets the
    /// ARM `plan` block, whose version is the manifest's.
    #[must_use]
    pub fn with_marketplace_plan(mut self, plan: MarketplacePlan) -> Self {
        self.marketplace_plan = Some(plan);
        self
    }

    /// The registration definition's name.
    #[must_use]
    pub fn name(&self) -> &RegistrationName {
        &self.name
    }

    /// The registration definition's description.
    #[must_use]
    pub fn description(&self) -> &RegistrationDescription {
        &self.description
    }

    /// The manifest: the managing tenant and the authorizations.
    #[must_use]
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Where the delegation is assigned.
    #[must_use]
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The Marketplace plan the delegation belongs to, if any.
    #[must_use]
    pub fn marketplace_plan(&self) -> Option<&MarketplacePlan> {
        self.marketplace_plan.as_ref()
    }

    /// The manifest, owned.
    #[must_use]
    pub fn into_manifest(self) -> Manifest {
        self.manifest
    }

    /// The same onboarding for the policy that deploys it ([`export_policy`](super::export_policy)):
    /// the whole subscription, and a registration name that carries the manifest's version, so
    /// that the policy can tell a delegation of another version from its own.
    pub(crate) fn for_policy(&self) -> Self {
        let mut onboarding = self.clone();
        onboarding.scope = Scope::Subscription;
        onboarding.name = RegistrationName(format!(
            "{} (v{})",
            self.name.as_str(),
            self.manifest.version()
        ));
        onboarding
    }
}
