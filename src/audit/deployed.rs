//! What Azure Resource Manager says is deployed: the `Microsoft.ManagedServices` resources of the
//! REST API 2022-10-01, read with the crate's document reader.
//!
//! The shapes are those of the API's specification (`managedservices.json`, stable 2022-10-01):
//!
//! - a **registration assignment** (`registrationAssignments`): `id` (its scope: a subscription
//!   or a resource group), `name`, `properties.registrationDefinitionId`,
//!   `properties.provisioningState` and, when listed with `$expandRegistrationDefinition=true`,
//!   `properties.registrationDefinition`: the definition's `properties`, `plan`, `id`, `name`;
//! - a **registration definition** (`registrationDefinitions`): `properties` with
//!   `managedByTenantId`, `authorizations`, `eligibleAuthorizations`,
//!   `registrationDefinitionName`, `description` and read-only tenant names, and `plan`
//!   (`name`, `product`, `publisher`, `version`) when it came from Marketplace;
//! - a **marketplace registration definition** (`marketplaceRegistrationDefinitions`): what a
//!   Marketplace plan version would deploy, `properties` with `managedByTenantId`,
//!   `authorizations`, `eligibleAuthorizations` and display names of the offer, publisher and
//!   plan, and `plan`.
//!
//! Unknown fields are not errors here, unlike in offer documents: the input is written by Azure,
//! which adds read-only fields over time (`systemData`), and `az` adds its own (`resourceGroup`).
//! Roles are not judged while reading: a deployed role that Azure Lighthouse no longer accepts is
//! a finding of the audit, not a reason to refuse the input.

use crate::document::json::Value;

use crate::delegation::record::{
    Delegation, EligibleGrant, GrantApprover, GrantPolicy, MultiFactorAuthProvider, PermanentGrant,
};
use crate::document::decode::{At, Cx, Decode, DocumentKind, Object, describe, read_tree};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report};
use crate::report::rules::Rule;
use crate::values::duration::ActivationDuration;
use crate::values::guid::{RoleDefinitionId, SubscriptionId};

/// The resource types of the input, as ARM spells them (compared without regard to case).
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";
const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const MARKETPLACE_TYPE: &str = "Microsoft.ManagedServices/marketplaceRegistrationDefinitions";

/// Where a delegation applies: a customer's subscription, or one resource group in it. Read from
/// a resource ID (`/subscriptions/{id}/resourceGroups/{name}/providers/…`).
///
/// ```
/// use lighthouse_offer::audit::ResourceScope;
///
/// let scope = ResourceScope::from_resource_id(
///     "/subscriptions/6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70/resourceGroups/rg-app/providers/Microsoft.ManagedServices/registrationAssignments/1",
/// ).unwrap();
/// assert_eq!(scope.resource_group(), Some("rg-app"));
/// assert_eq!(scope.to_string(), "subscription 6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70, resource group rg-app");
/// assert!(ResourceScope::from_resource_id("/providers/Microsoft.ManagedServices/x").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceScope {
    subscription: SubscriptionId,
    resource_group: Option<String>,
}

impl ResourceScope {
    /// The scope of a subscription.
    #[must_use]
    pub fn subscription_scope(subscription: SubscriptionId) -> Self {
        ResourceScope {
            subscription,
            resource_group: None,
        }
    }

    /// The subscription and, when there is one, the resource group of an ARM resource ID; `None`
    /// when the ID does not start with `/subscriptions/{guid}`.
    #[must_use]
    pub fn from_resource_id(id: &str) -> Option<Self> {
        let mut parts = id.split('/');
        if parts.next() != Some("") {
            return None;
        }
        if !parts.next()?.eq_ignore_ascii_case("subscriptions") {
            return None;
        }
        let subscription = SubscriptionId::new(parts.next()?).ok()?;
        let resource_group = match parts.next() {
            Some(segment) if segment.eq_ignore_ascii_case("resourceGroups") => {
                let name = parts.next().filter(|name| !name.is_empty())?;
                Some(name.to_owned())
            }
            _ => None,
        };
        Some(ResourceScope {
            subscription,
            resource_group,
        })
    }

    /// The customer's subscription.
    #[must_use]
    pub fn subscription(&self) -> SubscriptionId {
        self.subscription
    }

    /// The resource group, when the delegation is of one group only.
    #[must_use]
    pub fn resource_group(&self) -> Option<&str> {
        self.resource_group.as_deref()
    }
}

impl std::fmt::Display for ResourceScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "subscription {}", self.subscription)?;
        if let Some(group) = &self.resource_group {
            write!(f, ", resource group {group}")?;
        }
        Ok(())
    }
}

/// A definition's Marketplace plan (REST: `plan`): which offer and plan, in which version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlanReference {
    name: String,
    product: String,
    publisher: String,
    version: String,
}

impl PlanReference {
    /// The plan ID (`name`).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The offer ID (`product`).
    #[must_use]
    pub fn product(&self) -> &str {
        &self.product
    }

    /// The publisher ID (`publisher`).
    #[must_use]
    pub fn publisher(&self) -> &str {
        &self.publisher
    }

    /// The plan's manifest version as Azure wrote it (`version`, `1.2.0`).
    #[must_use]
    pub fn version(&self) -> &str {
        &self.version
    }
}

impl Decode for PlanReference {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let name = obj.required("name", cx);
        let product = obj.required("product", cx);
        let publisher = obj.required("publisher", cx);
        let version = obj.required("version", cx);
        obj.finish_allowing_unknown(cx);
        Some(PlanReference {
            name: name?,
            product: product?,
            publisher: publisher?,
            version: version?,
        })
    }
}

/// A role definition ID as ARM writes it: a GUID, or the role definition's resource ID
/// (`/providers/Microsoft.Authorization/roleDefinitions/{guid}`, also under a subscription).
fn role_id(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<RoleDefinitionId> {
    cx.parse_str(value, at, |text| {
        let last = text.rsplit('/').next().unwrap_or(text);
        let guid = if text.contains('/') { last } else { text };
        RoleDefinitionId::new(guid)
    })
}

fn optional_role(
    obj: &mut Object<'_, '_>,
    key: &'static str,
    cx: &mut Cx,
    at: At<'_>,
) -> Option<RoleDefinitionId> {
    if let Some(value) = obj.raw(key) {
        role_id(value, at.key(key), cx)
    } else {
        cx.error(
            Rule::MissingField,
            at,
            format!("missing required field `{key}`"),
        );
        None
    }
}

fn role_list(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Vec<RoleDefinitionId>> {
    let items = cx.array(value, at)?;
    let mut out = Vec::with_capacity(items.len());
    let mut complete = true;
    for (i, item) in items.iter().enumerate() {
        match role_id(item, at.index(i), cx) {
            Some(id) => out.push(id),
            None => complete = false,
        }
    }
    complete.then_some(out)
}

/// Reads a permanent authorization as deployed (REST: `Authorization`) into a grant of the
/// record. Any role can be read here; the audit judges it.
fn permanent(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<PermanentGrant> {
    let mut obj = cx.object(value, at)?;
    let principal_id = obj.required("principalId", cx);
    let display_name = obj.optional::<String>("principalIdDisplayName", cx).valid();
    let role = optional_role(&mut obj, "roleDefinitionId", cx, at);
    let delegated = match obj.raw("delegatedRoleDefinitionIds") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(list) => role_list(list, at.key("delegatedRoleDefinitionIds"), cx),
    };
    obj.finish_allowing_unknown(cx);
    Some(PermanentGrant::new(
        principal_id?,
        display_name?,
        role?,
        delegated?,
        at.pointer(),
    ))
}

/// Reads an approver of just-in-time activations as deployed (REST: `EligibleApprover`).
fn approver(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<GrantApprover> {
    let mut obj = cx.object(value, at)?;
    let principal_id = obj.required("principalId", cx);
    let display_name = obj.optional::<String>("principalIdDisplayName", cx).valid();
    obj.finish_allowing_unknown(cx);
    Some(GrantApprover::new(principal_id?, display_name?))
}

/// Reads a just-in-time access policy as deployed (REST: `JustInTimeAccessPolicy`; the defaults
/// are the API's: `None`, `PT8H`, no approvers).
fn policy(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<GrantPolicy> {
    let mut obj = cx.object(value, at)?;
    let mfa = obj
        .optional("multiFactorAuthProvider", cx)
        .or(MultiFactorAuthProvider::default());
    let duration = obj
        .optional("maximumActivationDuration", cx)
        .or(ActivationDuration::default());
    let approvers = match obj.raw("managedByTenantApprovers") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(list) => list_of(list, at.key("managedByTenantApprovers"), cx, approver),
    };
    obj.finish_allowing_unknown(cx);
    Some(GrantPolicy::new(mfa?, duration?, approvers?))
}

/// Reads an eligible authorization as deployed (REST: `EligibleAuthorization`) into a grant of
/// the record.
fn eligible(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<EligibleGrant> {
    let mut obj = cx.object(value, at)?;
    let principal_id = obj.required("principalId", cx);
    let display_name = obj.optional::<String>("principalIdDisplayName", cx).valid();
    let role = optional_role(&mut obj, "roleDefinitionId", cx, at);
    let policy = obj
        .optional::<Read<GrantPolicy>>("justInTimeAccessPolicy", cx)
        .or(Read(GrantPolicy::default()))
        .map(|policy| policy.0);
    obj.finish_allowing_unknown(cx);
    Some(EligibleGrant::new(
        principal_id?,
        display_name?,
        role?,
        policy?,
        at.pointer(),
    ))
}

/// A record's value read as the audit reads it.
struct Read<T>(T);

impl Decode for Read<PermanentGrant> {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        permanent(value, at, cx).map(Read)
    }
}

impl Decode for Read<GrantPolicy> {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        policy(value, at, cx).map(Read)
    }
}

/// Each item of a list, read with `read`: all of them, or `None` when one could not be read.
fn list_of<T>(
    value: &Value,
    at: At<'_>,
    cx: &mut Cx,
    read: fn(&Value, At<'_>, &mut Cx) -> Option<T>,
) -> Option<Vec<T>> {
    let items = cx.array(value, at)?;
    let mut out = Vec::with_capacity(items.len());
    let mut complete = true;
    for (i, item) in items.iter().enumerate() {
        match read(item, at.index(i), cx) {
            Some(item) => out.push(item),
            None => complete = false,
        }
    }
    complete.then_some(out)
}

/// Reads what definitions and marketplace definitions share from their `properties`: the
/// record of the delegation (the managing tenant, the authorizations and the eligible
/// authorizations), written at `at`.
fn grants(obj: &mut Object<'_, '_>, at: At<'_>, cx: &mut Cx) -> Option<Delegation> {
    let tenant = obj.required("managedByTenantId", cx);
    let tenant_name = obj.optional::<String>("managedByTenantName", cx).valid();
    let authorizations = obj
        .required::<Vec<Read<PermanentGrant>>>("authorizations", cx)
        .map(|list| list.into_iter().map(|item| item.0).collect());
    let eligible = match obj.raw("eligibleAuthorizations") {
        None | Some(Value::Null) => Some(Vec::new()),
        Some(list) => list_of(list, at.key("eligibleAuthorizations"), cx, eligible),
    };
    Some(Delegation::new(
        tenant?,
        tenant_name?,
        authorizations?,
        eligible?,
        at.pointer(),
    ))
}

/// A registration definition (REST: `RegistrationDefinition`), listed by itself or expanded in an
/// assignment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationDefinition {
    id: Option<String>,
    name: Option<String>,
    registration_definition_name: Option<String>,
    description: Option<String>,
    plan: Option<PlanReference>,
    grants: Delegation,
    path: JsonPointer,
}

impl RegistrationDefinition {
    /// The definition's resource ID, when the input gives it.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The definition's resource name (a GUID).
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The name customers see (`properties.registrationDefinitionName`).
    #[must_use]
    pub fn registration_definition_name(&self) -> Option<&str> {
        self.registration_definition_name.as_deref()
    }

    /// The description (`properties.description`).
    #[must_use]
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// The Marketplace plan, for a delegation made through Marketplace.
    #[must_use]
    pub fn plan(&self) -> Option<&PlanReference> {
        self.plan.as_ref()
    }

    /// What it delegates.
    #[must_use]
    pub fn grants(&self) -> &Delegation {
        &self.grants
    }

    /// Where the definition is in the input.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// Reads a definition; `at` is the definition object.
    fn read(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let read =
            DefinitionFields::read(value, at, ["registrationDefinitionName", "description"], cx)?;
        let [registration_definition_name, description] = read.texts;
        Some(RegistrationDefinition {
            id: read.id,
            name: read.name,
            registration_definition_name,
            description,
            plan: read.plan,
            grants: read.grants,
            path: at.pointer(),
        })
    }
}

/// What a definition and a marketplace definition both hold: `id`, `name`, `plan`, and in
/// `properties` the grants and two optional texts of their own.
struct DefinitionFields {
    id: Option<String>,
    name: Option<String>,
    plan: Option<PlanReference>,
    grants: Delegation,
    texts: [Option<String>; 2],
}

impl DefinitionFields {
    /// Reads them from the object `value` at `at`, with the optional texts of `properties` named
    /// by `texts`; every problem is reported, unknown fields are allowed.
    fn read(value: &Value, at: At<'_>, texts: [&'static str; 2], cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let id = obj.optional::<String>("id", cx).valid();
        let name = obj.optional::<String>("name", cx).valid();
        let plan = match obj.raw("plan") {
            None | Some(Value::Null) => Some(None),
            Some(plan) => PlanReference::decode(plan, at.key("plan"), cx).map(Some),
        };
        let properties_at = at.key("properties");
        let properties = if let Some(properties) = obj.raw("properties") {
            cx.object(properties, properties_at).and_then(|mut props| {
                let grants = grants(&mut props, properties_at, cx);
                let first = props.optional::<String>(texts[0], cx).valid();
                let second = props.optional::<String>(texts[1], cx).valid();
                props.finish_allowing_unknown(cx);
                Some((grants?, [first?, second?]))
            })
        } else {
            cx.error(
                Rule::MissingField,
                at,
                "missing required field `properties`",
            );
            None
        };
        obj.finish_allowing_unknown(cx);
        let (grants, texts) = properties?;
        Some(DefinitionFields {
            id: id?,
            name: name?,
            plan: plan?,
            grants,
            texts,
        })
    }
}

/// A registration assignment (REST: `RegistrationAssignment`): a definition applied to a
/// subscription or a resource group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationAssignment {
    id: String,
    name: Option<String>,
    scope: ResourceScope,
    registration_definition_id: String,
    provisioning_state: Option<String>,
    registration_definition: Option<RegistrationDefinition>,
    path: JsonPointer,
}

impl RegistrationAssignment {
    /// The assignment's resource ID.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The assignment's resource name (a GUID).
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The subscription or resource group delegated, from the assignment's ID.
    #[must_use]
    pub fn scope(&self) -> &ResourceScope {
        &self.scope
    }

    /// The resource ID of the definition it applies (`properties.registrationDefinitionId`).
    #[must_use]
    pub fn registration_definition_id(&self) -> &str {
        &self.registration_definition_id
    }

    /// The provisioning state (`Succeeded`, `Failed`…), when given.
    #[must_use]
    pub fn provisioning_state(&self) -> Option<&str> {
        self.provisioning_state.as_deref()
    }

    /// The definition, when the assignments were listed with `$expandRegistrationDefinition=true`.
    #[must_use]
    pub fn registration_definition(&self) -> Option<&RegistrationDefinition> {
        self.registration_definition.as_ref()
    }

    /// Where the assignment is in the input.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    fn read(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let id = obj.required::<String>("id", cx);
        let name = obj.optional::<String>("name", cx).valid();
        let scope = id.as_deref().and_then(|id| {
            let scope = ResourceScope::from_resource_id(id);
            if scope.is_none() {
                cx.error(
                    Rule::InvalidResourceId,
                    at.key("id"),
                    format!(
                        "expected the resource ID of an assignment in a subscription \
                         (`/subscriptions/{{guid}}/…`), found {}",
                        describe(&Value::String(id.into()))
                    ),
                );
            }
            scope
        });
        let properties_at = at.key("properties");
        let properties = if let Some(properties) = obj.raw("properties") {
            cx.object(properties, properties_at).and_then(|mut props| {
                let definition_id = props.required::<String>("registrationDefinitionId", cx);
                let state = props.optional::<String>("provisioningState", cx).valid();
                let definition = match props.raw("registrationDefinition") {
                    None | Some(Value::Null) => Some(None),
                    Some(definition) => RegistrationDefinition::read(
                        definition,
                        properties_at.key("registrationDefinition"),
                        cx,
                    )
                    .map(Some),
                };
                props.finish_allowing_unknown(cx);
                Some((definition_id?, state?, definition?))
            })
        } else {
            cx.error(
                Rule::MissingField,
                at,
                "missing required field `properties`",
            );
            None
        };
        obj.finish_allowing_unknown(cx);
        let (registration_definition_id, provisioning_state, registration_definition) = properties?;
        Some(RegistrationAssignment {
            id: id?,
            name: name?,
            scope: scope?,
            registration_definition_id,
            provisioning_state,
            registration_definition,
            path: at.pointer(),
        })
    }
}

/// A marketplace registration definition (REST: `MarketplaceRegistrationDefinition`): what a
/// Marketplace plan version delegates, as Azure publishes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketplaceRegistrationDefinition {
    id: Option<String>,
    name: Option<String>,
    plan: Option<PlanReference>,
    offer_display_name: Option<String>,
    plan_display_name: Option<String>,
    grants: Delegation,
    path: JsonPointer,
}

impl MarketplaceRegistrationDefinition {
    /// The resource ID, when given.
    #[must_use]
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The Marketplace identifier (`publisher.offer.plan.version`).
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The plan.
    #[must_use]
    pub fn plan(&self) -> Option<&PlanReference> {
        self.plan.as_ref()
    }

    /// The offer's name in Marketplace (`properties.offerDisplayName`).
    #[must_use]
    pub fn offer_display_name(&self) -> Option<&str> {
        self.offer_display_name.as_deref()
    }

    /// The plan's name in Marketplace (`properties.planDisplayName`).
    #[must_use]
    pub fn plan_display_name(&self) -> Option<&str> {
        self.plan_display_name.as_deref()
    }

    /// What it delegates.
    #[must_use]
    pub fn grants(&self) -> &Delegation {
        &self.grants
    }

    /// Where it is in the input.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    fn read(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let read = DefinitionFields::read(value, at, ["offerDisplayName", "planDisplayName"], cx)?;
        let [offer_display_name, plan_display_name] = read.texts;
        Some(MarketplaceRegistrationDefinition {
            id: read.id,
            name: read.name,
            plan: read.plan,
            offer_display_name,
            plan_display_name,
            grants: read.grants,
            path: at.pointer(),
        })
    }
}

/// One resource of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeployedResource {
    /// A registration assignment.
    Assignment(RegistrationAssignment),
    /// A registration definition.
    Definition(RegistrationDefinition),
    /// A marketplace registration definition.
    Marketplace(MarketplaceRegistrationDefinition),
}

impl DeployedResource {
    fn read(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        if !value.is_object() {
            // Reports the wrong type.
            cx.object(value, at)?;
        }
        let kind = match declared_kind(value.get("type")) {
            Some(Ok(kind)) => kind,
            Some(Err(found)) => {
                cx.error(
                    Rule::UnknownVariant,
                    at.key("type"),
                    format!(
                        "expected a resource of type {ASSIGNMENT_TYPE}, {DEFINITION_TYPE} or \
                         {MARKETPLACE_TYPE}, found {}",
                        describe(found)
                    ),
                );
                return None;
            }
            // Without a `type`: an assignment has a `registrationDefinitionId`, a marketplace
            // definition an `offerDisplayName`.
            None if value
                .pointer("/properties/registrationDefinitionId")
                .is_some() =>
            {
                Kind::Assignment
            }
            None if value.pointer("/properties/offerDisplayName").is_some() => Kind::Marketplace,
            None => Kind::Definition,
        };
        match kind {
            Kind::Assignment => RegistrationAssignment::read(value, at, cx).map(Self::Assignment),
            Kind::Definition => RegistrationDefinition::read(value, at, cx).map(Self::Definition),
            Kind::Marketplace => {
                MarketplaceRegistrationDefinition::read(value, at, cx).map(Self::Marketplace)
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Assignment,
    Definition,
    Marketplace,
}

/// The kind a resource's `type` declares: `None` without a `type`, the value when it names no
/// kind of this API.
fn declared_kind<'v>(value: Option<&'v Value<'v>>) -> Option<Result<Kind, &'v Value<'v>>> {
    let value = value?;
    let Value::String(text) = value else {
        return Some(Err(value));
    };
    Some(if text.eq_ignore_ascii_case(ASSIGNMENT_TYPE) {
        Ok(Kind::Assignment)
    } else if text.eq_ignore_ascii_case(DEFINITION_TYPE) {
        Ok(Kind::Definition)
    } else if text.eq_ignore_ascii_case(MARKETPLACE_TYPE) {
        Ok(Kind::Marketplace)
    } else {
        Err(value)
    })
}

/// Everything read from one input: the resources that could be read and the diagnostics of those
/// that could not.
///
/// An input is a REST list (`{"value": [...], "nextLink": ...}`), the plain array that
/// `az managedservices assignment list --include-definition true` (or `definition list`) prints,
/// or one resource. A resource that cannot be read is reported and left out; the others are
/// audited.
///
/// ```
/// use lighthouse_offer::audit::{Deployed, DeployedResource};
///
/// let listed = r#"{"value": [{
///   "id": "/subscriptions/6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70/providers/Microsoft.ManagedServices/registrationAssignments/0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a",
///   "type": "Microsoft.ManagedServices/registrationAssignments",
///   "properties": {
///     "registrationDefinitionId": "/subscriptions/6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70/providers/Microsoft.ManagedServices/registrationDefinitions/1",
///     "registrationDefinition": { "properties": {
///       "managedByTenantId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
///       "authorizations": [{ "principalId": "not a guid", "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7" }]
///     }}
///   }
/// }]}"#;
/// let deployed = Deployed::from_json_str(listed)?;
/// assert!(deployed.resources().is_empty());
/// let problem = &deployed.problems()[0];
/// assert_eq!(problem.name(), "invalid-guid");
/// assert_eq!(
///     problem.path().as_str(),
///     "/value/0/properties/registrationDefinition/properties/authorizations/0/principalId"
/// );
/// # Ok::<(), lighthouse_offer::Report>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deployed {
    resources: Vec<DeployedResource>,
    problems: Vec<Diagnostic>,
    next_link: Option<String>,
}

impl Deployed {
    /// Reads an input's text: the resources, and every problem of those that cannot be read.
    ///
    /// # Errors
    /// A [`Report`] when the text is not JSON (or too large, or nested too deep), names a field
    /// twice, or is neither a list nor a resource.
    pub fn from_json_str(text: &str) -> Result<Self, Report> {
        let (value, duplicates) = read_tree(text, DocumentKind::Delegations)?;
        if !duplicates.is_empty() {
            return Err(Report::new(duplicates));
        }
        Self::from_tree(&value)
    }

    /// [`Deployed::from_json_str`] for a value already parsed.
    ///
    /// # Errors
    /// A [`Report`] when the value is neither a list nor a resource.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, Report> {
        Self::from_tree(&Value::from_serde(value))
    }

    /// [`Deployed::from_json_value`] for the reader's tree.
    fn from_tree(value: &Value) -> Result<Self, Report> {
        let mut cx = Cx::default();
        let mut resources = Vec::new();
        let mut next_link = None;
        let (items, at): (&[Value], At<'_>) = match value {
            Value::Array(items) => (items, At::Root),
            Value::Object(map) if map.contains_key("value") => {
                match map.get("nextLink") {
                    Some(Value::String(link)) => next_link = Some(link.to_string()),
                    None | Some(Value::Null) => {}
                    Some(other) => cx.error(
                        Rule::WrongType,
                        At::Root.key("nextLink"),
                        format!("expected a string, found {}", describe(other)),
                    ),
                }
                match map.get("value") {
                    Some(Value::Array(items)) => (items, At::Key(&At::Root, "value")),
                    Some(other) => {
                        return Err(Report::new(vec![Diagnostic::new(
                            Rule::WrongType,
                            JsonPointer::root().key("value"),
                            format!("expected an array, found {}", describe(other)),
                        )]));
                    }
                    None => unreachable!("checked above"),
                }
            }
            Value::Object(_) => (std::slice::from_ref(value), At::Root),
            other => {
                return Err(Report::new(vec![Diagnostic::new(
                    Rule::WrongType,
                    JsonPointer::root(),
                    format!(
                        "expected a list of Microsoft.ManagedServices resources (`{{\"value\": \
                         [...]}}` or an array) or one resource, found {}",
                        describe(other)
                    ),
                )]));
            }
        };
        let single = matches!(value, Value::Object(map) if !map.contains_key("value"));
        for (i, item) in items.iter().enumerate() {
            let found = if single {
                DeployedResource::read(item, At::Root, &mut cx)
            } else {
                DeployedResource::read(item, at.index(i), &mut cx)
            };
            resources.extend(found);
        }
        Ok(Deployed {
            resources,
            problems: cx.into_diagnostics(),
            next_link,
        })
    }

    /// The resources that could be read, in the input's order.
    #[must_use]
    pub fn resources(&self) -> &[DeployedResource] {
        &self.resources
    }

    /// The problems of the resources that could not be read (errors with JSON Pointers into the
    /// input); empty when every resource was read.
    #[must_use]
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// The REST list's `nextLink`: the next page, when there is one.
    #[must_use]
    pub fn next_link(&self) -> Option<&str> {
        self.next_link.as_deref()
    }
}
