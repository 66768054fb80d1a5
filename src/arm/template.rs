//! The typed shape of the files that [`export`](super::export) writes: an ARM deployment
//! template and its parameters file.
//!
//! The types serialize to exactly the JSON that Azure Resource Manager reads, in the order of
//! Microsoft's samples; they are output types, built by the export only. The template is generic
//! (its values are `[parameters('…')]` expressions); the parameters file carries the values,
//! serialized with the crate's own model types, whose field names are ARM's.

use serde::ser::SerializeMap as _;
use serde::{Serialize, Serializer};

use crate::arm::onboarding::{RegistrationDescription, RegistrationName, ResourceGroupName};
use crate::plans::authorization::{Authorization, EligibleAuthorization};
use crate::values::guid::TenantId;
use crate::values::text::{OfferId, PlanId, PublisherId};

/// The keys of an authorization, of its just-in-time policy and of an approver, in the order
/// ARM's samples write them (the order [`Authorization`] and [`EligibleAuthorization`] serialize
/// in). The exports that write through `serde_json::Value`, whose objects keep their keys
/// sorted, put them back in this order with [`ordered_keys`].
pub(crate) const AUTHORIZATION_KEYS: [&str; 8] = [
    "principalId",
    "principalIdDisplayName",
    "roleDefinitionId",
    "delegatedRoleDefinitionIds",
    "justInTimeAccessPolicy",
    "multiFactorAuthProvider",
    "maximumActivationDuration",
    "managedByTenantApprovers",
];

/// An object's keys in the order people write them: the keys named in `order` (its lists
/// one after the other) first, in that order; the others after, by name.
pub(crate) fn ordered_keys<'m>(
    map: &'m serde_json::Map<String, serde_json::Value>,
    order: &[&[&str]],
) -> Vec<&'m String> {
    let rank = |key: &str| {
        order
            .iter()
            .flat_map(|keys| keys.iter())
            .position(|known| *known == key)
            .unwrap_or(usize::MAX)
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    keys
}

/// Serializes `(name, value)` pairs as a JSON object, keeping their order.
fn ordered<S: Serializer, V: Serialize>(
    entries: &[(&'static str, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (name, value) in entries {
        map.serialize_entry(name, value)?;
    }
    map.end()
}

/// An ARM deployment template (`$schema`, `contentVersion`, `parameters`, `variables`,
/// `resources`, `outputs`); also the shape of the template nested in a deployment resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentTemplate {
    #[serde(rename = "$schema")]
    pub(crate) schema: &'static str,
    pub(crate) content_version: &'static str,
    #[serde(serialize_with = "ordered")]
    pub(crate) parameters: Vec<(&'static str, ParameterDeclaration)>,
    #[serde(serialize_with = "ordered", skip_serializing_if = "Vec::is_empty")]
    pub(crate) variables: Vec<(&'static str, String)>,
    pub(crate) resources: Vec<Resource>,
    #[serde(serialize_with = "ordered", skip_serializing_if = "Vec::is_empty")]
    pub(crate) outputs: Vec<(&'static str, Output)>,
}

impl DeploymentTemplate {
    /// The template's `$schema`: which deployment scope it is written for.
    #[must_use]
    pub fn schema(&self) -> &str {
        self.schema
    }

    /// The names of the parameters the template declares, in order.
    pub fn parameter_names(&self) -> impl Iterator<Item = &str> {
        self.parameters.iter().map(|(name, _)| *name)
    }

    /// The template's resources, in order.
    #[must_use]
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }
}

/// The JSON type of a template parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterType {
    /// A string.
    String,
    /// An array.
    Array,
}

/// A parameter declaration of a template: its type and a description for the people who
/// deploy it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterDeclaration {
    #[serde(rename = "type")]
    pub(crate) kind: ParameterType,
    pub(crate) metadata: Metadata,
}

/// A parameter's `metadata`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub(crate) description: &'static str,
}

/// A template output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Output {
    #[serde(rename = "type")]
    pub(crate) kind: ParameterType,
    pub(crate) value: String,
}

/// A resource of a template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Resource {
    /// `Microsoft.ManagedServices/registrationDefinitions`: the offer, at subscription scope.
    RegistrationDefinition(RegistrationDefinition),
    /// `Microsoft.ManagedServices/registrationAssignments`: applies a definition to the scope
    /// it is deployed to.
    RegistrationAssignment(RegistrationAssignment),
    /// `Microsoft.Resources/deployments`: a nested deployment into a resource group.
    Deployment(NestedDeployment),
}

impl Resource {
    /// The resource's `type`.
    #[must_use]
    pub fn resource_type(&self) -> &str {
        match self {
            Resource::RegistrationDefinition(r) => r.resource_type,
            Resource::RegistrationAssignment(r) => r.resource_type,
            Resource::Deployment(r) => r.resource_type,
        }
    }

    /// The resource's `apiVersion`.
    #[must_use]
    pub fn api_version(&self) -> &str {
        match self {
            Resource::RegistrationDefinition(r) => r.api_version,
            Resource::RegistrationAssignment(r) => r.api_version,
            Resource::Deployment(r) => r.api_version,
        }
    }

    /// The resource's `name`, a template expression.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Resource::RegistrationDefinition(r) => &r.name,
            Resource::RegistrationAssignment(r) => &r.name,
            Resource::Deployment(r) => &r.name,
        }
    }
}

/// A copy loop: the resource is deployed `count` times, `copyIndex()` counting from 0.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopyLoop {
    pub(crate) name: &'static str,
    pub(crate) count: String,
}

/// A `Microsoft.ManagedServices/registrationDefinitions` resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationDefinition {
    #[serde(rename = "type")]
    pub(crate) resource_type: &'static str,
    pub(crate) api_version: &'static str,
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) plan: Option<PlanBlock>,
    pub(crate) properties: RegistrationDefinitionProperties,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) copy: Option<CopyLoop>,
}

/// The `plan` block of a registration definition: the Marketplace plan it belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PlanBlock {
    pub(crate) name: String,
    pub(crate) product: String,
    pub(crate) publisher: String,
    pub(crate) version: String,
}

/// The `properties` of a registration definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationDefinitionProperties {
    pub(crate) registration_definition_name: String,
    pub(crate) description: String,
    pub(crate) managed_by_tenant_id: String,
    pub(crate) authorizations: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) eligible_authorizations: Option<String>,
}

/// A `Microsoft.ManagedServices/registrationAssignments` resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationAssignment {
    #[serde(rename = "type")]
    pub(crate) resource_type: &'static str,
    pub(crate) api_version: &'static str,
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) depends_on: Vec<String>,
    pub(crate) properties: RegistrationAssignmentProperties,
}

/// The `properties` of a registration assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationAssignmentProperties {
    pub(crate) registration_definition_id: String,
}

/// A `Microsoft.Resources/deployments` resource that deploys a template into a resource group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NestedDeployment {
    #[serde(rename = "type")]
    pub(crate) resource_type: &'static str,
    pub(crate) api_version: &'static str,
    pub(crate) name: String,
    pub(crate) resource_group: String,
    pub(crate) copy: CopyLoop,
    pub(crate) depends_on: Vec<String>,
    pub(crate) properties: NestedDeploymentProperties,
}

/// The `properties` of a nested deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NestedDeploymentProperties {
    pub(crate) mode: &'static str,
    pub(crate) template: Box<DeploymentTemplate>,
}

/// An ARM parameters file: `$schema`, `contentVersion` and the values of the template's
/// parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentParameters {
    #[serde(rename = "$schema")]
    pub(crate) schema: &'static str,
    pub(crate) content_version: String,
    pub(crate) parameters: ParameterValues,
}

impl DeploymentParameters {
    /// The file's `contentVersion`: the manifest's version followed by `.0`.
    #[must_use]
    pub fn content_version(&self) -> &str {
        &self.content_version
    }
}

/// One parameter value of a parameters file: `{ "value": … }`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParameterValue<T> {
    pub(crate) value: T,
}

/// An item of the `resourceGroups` parameter: `{ "rgName": … }`, as in Microsoft's samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceGroupItem {
    pub(crate) rg_name: ResourceGroupName,
}

/// The values of a parameters file, named as in Microsoft's samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterValues {
    pub(crate) msp_offer_name: ParameterValue<RegistrationName>,
    pub(crate) msp_offer_description: ParameterValue<RegistrationDescription>,
    pub(crate) managed_by_tenant_id: ParameterValue<TenantId>,
    pub(crate) authorizations: ParameterValue<Vec<Authorization>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) eligible_authorizations: Option<ParameterValue<Vec<EligibleAuthorization>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) resource_groups: Option<ParameterValue<Vec<ResourceGroupItem>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) marketplace_publisher_id: Option<ParameterValue<PublisherId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) marketplace_offer_id: Option<ParameterValue<OfferId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) marketplace_plan_id: Option<ParameterValue<PlanId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) marketplace_plan_version: Option<ParameterValue<String>>,
}
