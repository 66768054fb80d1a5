//! Onboarding a whole management group with Azure Policy ([`export_policy`]): the policy
//! definition and the management group deployment, as JSON values made from a plan.

use serde_json::{Map, Value, json};

use crate::arm::export::export;
use crate::arm::onboarding::ArmOnboarding;
use crate::arm::template::{AUTHORIZATION_KEYS, ordered_keys};

/// The role that the remediation identity gets: Owner, as in Microsoft's sample.
pub const REMEDIATION_ROLE: &str =
    "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/// Where the deployments that the policy makes keep their metadata (`details.deployment.location`,
/// required for a deployment to a subscription), and the default location of the assignment's
/// identity: Microsoft's sample's. Any region works; edit it if your rules say where.
pub const POLICY_LOCATION: &str = "westeurope";

/// The `$schema` of a template deployed to a management group.
pub const MANAGEMENT_GROUP_TEMPLATE_SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#";

const POLICY_DEFINITION_TYPE: &str = "Microsoft.Authorization/policyDefinitions";
const POLICY_DEFINITIONS_API_VERSION: &str = "2021-06-01";
const POLICY_ASSIGNMENT_TYPE: &str = "Microsoft.Authorization/policyAssignments";
const POLICY_ASSIGNMENTS_API_VERSION: &str = "2022-06-01";
const ROLE_ASSIGNMENT_TYPE: &str = "Microsoft.Authorization/roleAssignments";
const ROLE_ASSIGNMENTS_API_VERSION: &str = "2022-04-01";
const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ALIAS: &str = "Microsoft.ManagedServices/registrationDefinitions";

/// The policy of one plan: its definition, and the management group deployment that creates
/// and assigns it ([`export_policy`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyFiles {
    definition: Value,
    deployment: Value,
    registration_name: String,
}

impl PolicyFiles {
    /// The policy definition (`name`, `type`, `properties`).
    #[must_use]
    pub fn definition(&self) -> &Value {
        &self.definition
    }

    /// The management group template that creates the definition, assigns it and grants its
    /// identity the remediation role.
    #[must_use]
    pub fn deployment(&self) -> &Value {
        &self.deployment
    }

    /// The registration name the policy deploys and looks for: the onboarding's name with the
    /// manifest's version.
    #[must_use]
    pub fn registration_name(&self) -> &str {
        &self.registration_name
    }

    /// The definition as pretty-printed JSON, ending with a new line.
    #[must_use]
    pub fn definition_json(&self) -> String {
        pretty(&self.definition)
    }

    /// The deployment as pretty-printed JSON, ending with a new line.
    #[must_use]
    pub fn deployment_json(&self) -> String {
        pretty(&self.deployment)
    }

    /// A file name for the definition: `policy.json`.
    #[must_use]
    pub fn definition_file_name(&self) -> &'static str {
        "policy.json"
    }

    /// A file name for the deployment: `policy.deployment.json`.
    #[must_use]
    pub fn deployment_file_name(&self) -> &'static str {
        "policy.deployment.json"
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(&Ordered(value)).unwrap_or_default();
    text.push('\n');
    text
}

/// The order keys are written in, as people read policies and templates (`serde_json`'s
/// `Value` keeps them sorted): these, an authorization's ([`AUTHORIZATION_KEYS`]), then
/// [`KEYS_AFTER`]; other keys follow, sorted.
const KEYS_BEFORE: &[&str] = &[
    "$schema",
    "contentVersion",
    "name",
    "type",
    "apiVersion",
    "location",
    "identity",
    "dependsOn",
    "displayName",
    "policyType",
    "mode",
    "registrationDefinitionName",
    "description",
    "metadata",
    "managedByTenantId",
];

/// The keys written after an authorization's, in this order.
const KEYS_AFTER: &[&str] = &[
    "authorizations",
    "eligibleAuthorizations",
    "if",
    "then",
    "effect",
    "details",
    "existenceScope",
    "deploymentScope",
    "roleDefinitionIds",
    "existenceCondition",
    "deployment",
    "field",
    "count",
    "where",
    "equals",
    "template",
    "parameters",
    "variables",
    "policyRule",
    "properties",
    "resources",
    "outputs",
];

/// A JSON value written with its keys in the order of [`KEYS_BEFORE`].
struct Ordered<'v>(&'v Value);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        match self.0 {
            Value::Object(map) => {
                let keys = ordered_keys(map, &[KEYS_BEFORE, &AUTHORIZATION_KEYS, KEYS_AFTER]);
                let mut out = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    out.serialize_entry(key, &Ordered(&map[key]))?;
                }
                out.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(Ordered)),
            other => other.serialize(serializer),
        }
    }
}

/// The policy definition and its management group deployment that delegate every subscription
/// of a management group as `onboarding` says (always the whole subscription, whatever
/// `onboarding`'s scope).
///
/// # What the policy does
///
/// The definition (`policyType` `Custom`, `mode` `All`) applies to subscriptions
/// (`"field": "type", "equals": "Microsoft.Resources/subscriptions"`). Its effect is
/// `deployIfNotExists`: for each subscription it looks for a registration definition
/// (`details.type` `Microsoft.ManagedServices/registrationDefinitions`, `existenceScope`
/// `subscription`) that satisfies the existence condition, and when there is none, Azure
/// Policy deploys, with the assignment's managed identity, the template of
/// [`export`](super::export) for the whole subscription (API version [`API_VERSION`](super::API_VERSION)): the
/// definition with the plan's permanent **and eligible** authorizations (just-in-time policy and
/// approvers), and its assignment. New subscriptions are delegated when they are created;
/// subscriptions that exist when the policy is assigned, or whose delegation is of another
/// version, wait for a remediation task.
///
/// # The existence condition compares what is deployed with the plan
///
/// Microsoft's sample (Azure/Azure-Lighthouse-samples,
/// `templates/policy-delegate-management-groups`, read 2026-12-06) is satisfied by *any*
/// registration definition of the managing tenant, so a changed or stale delegation is never
/// remediated, and it deploys no eligible authorizations. The export's condition holds only
/// when a definition of the subscription has all of:
///
/// - the managing tenant (`…/registrationDefinitions/managedByTenantId`);
/// - the registration name **with the manifest's version** (`…/registrationDefinitionName`
///   equals `Contoso Managed Sentinel - Gold (v2.1.0)`): a delegation of another version of the
///   plan is non-compliant and is remediated. The definition's GUID stays the same from version
///   to version, so the remediation updates it in place;
/// - exactly the plan's permanent authorizations, by principal and role: as many
///   (`count` of `…/authorizations[*]`), and as many of them matching one of the plan's pairs
///   (`…/authorizations[*].principalId`, `…/authorizations[*].roleDefinitionId`);
/// - exactly the plan's eligible authorizations, by principal, role and multi-factor
///   authentication (`…/eligibleAuthorizations[*].principalId`, `.roleDefinitionId`,
///   `.justInTimeAccessPolicy.multiFactorAuthProvider`).
///
/// So a definition edited by hand, or deployed by another template with other principals, is
/// remediated too. What the version already tells (display names, activation durations,
/// approvers, roles to assign) is not compared again: four `count` expressions keep the rule
/// small and far from Azure Policy's limits.
///
/// **The aliases** are the resource provider's own, as `Get-AzPolicyAlias` lists them for
/// `Microsoft.ManagedServices/registrationDefinitions` (read in the daily dumps of
/// maciejporebski/azure-policy-aliases, `aliases/Microsoft.ManagedServices/registrationDefinitions.md`,
/// state of 2025-02-20, read 2026-12-06; `managedByTenantId` is also the alias of Azure's
/// built-in policy "Allow managing tenant ids to onboard through Azure Lighthouse",
/// Azure/azure-policy `built-in-policies/policyDefinitions/Lighthouse`). The aliases of
/// `registrationAssignments/registrationDefinition.*` are not used: they are reported empty for
/// assignments deployed by a template (MicrosoftDocs/feedback issue 4005, 2024-06-06), and
/// registration definitions have no alias for their `plan`.
///
/// # The remediation identity's role
///
/// The policy asks for **Owner** (`roleDefinitionIds`:
/// `/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`),
/// the role Microsoft's sample gives its remediation identity (read 2026-12-06): creating a
/// delegation needs the rights of a subscription's Owner (Microsoft Learn, "Onboard a customer
/// to Azure Lighthouse"). The management group deployment grants that role to the assignment's
/// system-assigned identity at the management group.
///
/// # The two files
///
/// - [`PolicyFiles::definition`]: the policy definition as Azure stores it (`name`, `type`,
///   `properties` with `displayName`, `policyType`, `mode`, `metadata`, `parameters`,
///   `policyRule`), for `az rest`, the portal's JSON view, or a repository of policies.
/// - [`PolicyFiles::deployment`]: a management group template (`az deployment mg create`) with
///   the definition (every expression of the policy escaped as `[[…]`, so that the deployment
///   stores it unevaluated), an assignment at the management group with a system-assigned
///   identity, the identity's role assignment, and outputs that say how to start remediation.
///
/// ```
/// use lighthouse_offer::Offer;
/// use lighthouse_offer::arm::{self, ArmOnboarding, Scope};
///
/// let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
/// let offer = Offer::from_json_str(&text)?.into_parts().0;
/// let plan = &offer.plans()[0];
/// let files = arm::export_policy(&ArmOnboarding::for_offer_plan(&offer, plan, Scope::Subscription));
/// let rule = &files.definition()["properties"]["policyRule"];
/// assert_eq!(rule["then"]["effect"], "deployIfNotExists");
/// // The policy is judged as the delegation it deploys.
/// let checked = arm::check(&files.definition_json())?;
/// assert_eq!(checked.value().tenant_id(), plan.manifest().tenant_id());
/// assert_eq!(checked.value().name().as_str(), files.registration_name());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn export_policy(onboarding: &ArmOnboarding) -> PolicyFiles {
    let onboarding = onboarding.for_policy();
    let files = export(&onboarding);
    let template = serde_json::to_value(files.template()).unwrap_or(Value::Null);
    let parameters = serde_json::to_value(files.parameters()).unwrap_or(Value::Null);
    let manifest = onboarding.manifest();
    let tenant = manifest.tenant_id().to_string();
    let seed = onboarding
        .registration_seed()
        .unwrap_or_else(|| onboarding.name().as_str());
    // The policy's names: stable from version to version of the plan, so that a new export
    // replaces the definition instead of adding one. The assignment's is at most 24 characters,
    // Azure's limit at a management group.
    let id = crate::arm::evaluate::guid(&["lighthouse-offer policy", &tenant, seed]).to_string();
    let definition_name = format!("lighthouse-{id}");
    let assignment_name = format!("lighthouse-{}", &id[..8]);
    let registration_name = onboarding.name().as_str().to_owned();
    let version = manifest.version().to_string();

    // The deployment's parameter values are policy values: a string that starts with `[` would
    // be read as a policy expression, so it is escaped.
    let values = parameters
        .get("parameters")
        .cloned()
        .map_or(Value::Null, |v| escape(&v));
    let details = json!({
        "type": DEFINITION_TYPE,
        "existenceScope": "subscription",
        "deploymentScope": "subscription",
        "roleDefinitionIds": [REMEDIATION_ROLE],
        "existenceCondition": existence_condition(&onboarding),
        "deployment": {
            "location": POLICY_LOCATION,
            "properties": {
                "mode": "incremental",
                "template": template,
                "parameters": values
            }
        }
    });
    let display_name = format!("Delegate subscriptions to {}", onboarding.name().as_str());
    let description = format!(
        "Delegates every subscription in scope through Azure Lighthouse to tenant {tenant}: {}. A subscription whose delegation is missing, of another version, or grants other authorizations is non-compliant; a remediation task delegates it.",
        onboarding.name().as_str()
    );
    let properties = json!({
        "displayName": display_name,
        "description": description,
        "policyType": "Custom",
        "mode": "All",
        "metadata": { "category": "Lighthouse", "version": version },
        "parameters": {},
        "policyRule": {
            "if": { "field": "type", "equals": "Microsoft.Resources/subscriptions" },
            "then": { "effect": "deployIfNotExists", "details": details }
        }
    });
    let definition = json!({
        "name": definition_name,
        "type": POLICY_DEFINITION_TYPE,
        "properties": properties
    });
    let deployment = management_group_deployment(
        &definition_name,
        &assignment_name,
        &display_name,
        &properties,
    );
    PolicyFiles {
        definition,
        deployment,
        registration_name,
    }
}

/// A string that starts with `[` is an expression to Azure Resource Manager and to Azure
/// Policy; `[[` keeps it a text. Every such string of `value` gets one more `[`.
fn escape(value: &Value) -> Value {
    match value {
        Value::String(text) if text.starts_with('[') => Value::String(format!("[{text}")),
        Value::Array(items) => Value::Array(items.iter().map(escape).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), escape(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

fn field(alias: &str, equals: impl Into<Value>) -> Value {
    json!({ "field": alias, "equals": equals.into() })
}

/// `count` of the items of `array` (an alias ending in `[*]`) that match one of `pairs`, each
/// a list of conditions, equals `pairs.len()`; with the count of all items, the list is the
/// plan's.
fn same_items(array: &str, pairs: &[Value]) -> [Value; 2] {
    let total = pairs.len();
    let all = json!({ "count": { "field": array }, "equals": total });
    let matching = if pairs.is_empty() {
        // Nothing to match: the total already says there is nothing.
        Value::Null
    } else {
        json!({
            "count": { "field": array, "where": { "anyOf": pairs } },
            "equals": total
        })
    };
    [all, matching]
}

/// The existence condition: see the module's documentation.
fn existence_condition(onboarding: &ArmOnboarding) -> Value {
    let manifest = onboarding.manifest();
    let authorizations = format!("{ALIAS}/authorizations[*]");
    let eligible = format!("{ALIAS}/eligibleAuthorizations[*]");
    let permanent: Vec<Value> = manifest
        .authorizations()
        .iter()
        .map(|a| {
            json!({ "allOf": [
                field(&format!("{authorizations}.principalId"), a.principal_id().to_string()),
                field(&format!("{authorizations}.roleDefinitionId"), a.role_definition_id().to_string()),
            ] })
        })
        .collect();
    let just_in_time: Vec<Value> = manifest
        .eligible_authorizations()
        .iter()
        .map(|e| {
            let mfa =
                serde_json::to_value(e.just_in_time_access_policy().multi_factor_auth_provider())
                    .unwrap_or(Value::Null);
            json!({ "allOf": [
                field(&format!("{eligible}.principalId"), e.principal_id().to_string()),
                field(&format!("{eligible}.roleDefinitionId"), e.role_definition_id().to_string()),
                field(&format!("{eligible}.justInTimeAccessPolicy.multiFactorAuthProvider"), mfa),
            ] })
        })
        .collect();
    let mut all = vec![
        field("type", DEFINITION_TYPE),
        field(
            &format!("{ALIAS}/managedByTenantId"),
            manifest.tenant_id().to_string(),
        ),
        field(
            &format!("{ALIAS}/registrationDefinitionName"),
            onboarding.name().as_str(),
        ),
    ];
    all.extend(same_items(&authorizations, &permanent));
    all.extend(same_items(&eligible, &just_in_time));
    all.retain(|c| !c.is_null());
    json!({ "allOf": all })
}

/// The management group template: the definition, its assignment with a system-assigned
/// identity, the identity's role, and how to start remediation.
fn management_group_deployment(
    definition_name: &str,
    assignment_name: &str,
    display_name: &str,
    properties: &Value,
) -> Value {
    let definition_id = format!(
        "[extensionResourceId(managementGroup().id, '{POLICY_DEFINITION_TYPE}', '{definition_name}')]"
    );
    let assignment_id = format!(
        "[extensionResourceId(managementGroup().id, '{POLICY_ASSIGNMENT_TYPE}', '{assignment_name}')]"
    );
    let inner = |id: &str| id[1..id.len() - 1].to_owned();
    json!({
        "$schema": MANAGEMENT_GROUP_TEMPLATE_SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": {
            "identityLocation": {
                "type": "string",
                "defaultValue": POLICY_LOCATION,
                "metadata": { "description": "Where the assignment's managed identity is kept (any Azure region)." }
            }
        },
        "resources": [
            {
                "type": POLICY_DEFINITION_TYPE,
                "apiVersion": POLICY_DEFINITIONS_API_VERSION,
                "name": definition_name,
                "properties": escape(properties)
            },
            {
                "type": POLICY_ASSIGNMENT_TYPE,
                "apiVersion": POLICY_ASSIGNMENTS_API_VERSION,
                "name": assignment_name,
                "location": "[parameters('identityLocation')]",
                "identity": { "type": "SystemAssigned" },
                "dependsOn": [definition_id],
                "properties": {
                    "displayName": display_name,
                    "policyDefinitionId": definition_id
                }
            },
            {
                "type": ROLE_ASSIGNMENT_TYPE,
                "apiVersion": ROLE_ASSIGNMENTS_API_VERSION,
                "name": format!("[guid(managementGroup().id, '{assignment_name}', '{REMEDIATION_ROLE}')]"),
                "dependsOn": [assignment_id],
                "properties": {
                    "roleDefinitionId": REMEDIATION_ROLE,
                    "principalId": format!("[reference({}, '{POLICY_ASSIGNMENTS_API_VERSION}', 'full').identity.principalId]", inner(&assignment_id)),
                    "principalType": "ServicePrincipal"
                }
            }
        ],
        "outputs": {
            "policyAssignmentId": { "type": "string", "value": assignment_id },
            "remediation": {
                "type": "string",
                "value": format!(
                    "[format('az policy remediation create --name {{0}}-remediation --management-group {{1}} --policy-assignment {{2}} --resource-discovery-mode ReEvaluateCompliance', '{assignment_name}', managementGroup().name, {})]",
                    inner(&assignment_id)
                )
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::escape;
    use serde_json::json;

    #[test]
    fn escape_adds_one_bracket_to_expressions_only() {
        assert_eq!(
            escape(&json!({ "a": "[x]", "b": ["[[y]", "z"], "c": 1 })),
            json!({ "a": "[[x]", "b": ["[[[y]", "z"], "c": 1 })
        );
    }
}
