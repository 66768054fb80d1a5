//! From an ARM file back to an onboarding: a parameters file in the shape of Microsoft's
//! samples, or a template whose values are written in it.

use serde_json::{Map, Value};

use crate::plans::manifest::Manifest;
use crate::report::decode::{At, Cx, Decode, describe};
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity, Violation};
use crate::report::rules::Rule;
use crate::values::text::{OfferId, PlanId, PublisherId};
use crate::values::version::ManifestVersion;
use crate::workflows::arm::onboarding::{
    ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName, ResourceGroupName,
    ResourceGroups, ResourceGroupsError, Scope, resource_group_problems,
};

/// The manifest version of an imported onboarding when the file does not give one.
pub const DEFAULT_VERSION: ManifestVersion = ManifestVersion::new(1, 0, 0);

const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";
const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";

/// The parameters of Microsoft's delegation templates that the reader knows.
const KNOWN_PARAMETERS: [&str; 12] = [
    "mspOfferName",
    "mspOfferDescription",
    "managedByTenantId",
    "authorizations",
    "eligibleAuthorizations",
    "rgName",
    "resourceGroups",
    "marketplaceOffer",
    "marketplacePublisherId",
    "marketplaceOfferId",
    "marketplacePlanId",
    "marketplacePlanVersion",
];

/// Reads an ARM parameters file or template (detected by its `resources`) into an onboarding,
/// with every problem at once; paths are JSON Pointers into the ARM file, such as
/// `/parameters/authorizations/value/2/roleDefinitionId`.
///
/// **Parameters files** have the shape of Microsoft's samples: `mspOfferName`,
/// `mspOfferDescription`, `managedByTenantId`, `authorizations`, optionally
/// `eligibleAuthorizations`, `rgName` (one resource group) or `resourceGroups`
/// (`[{ "rgName": … }]`), and the marketplace parameters (`marketplaceOffer` `Yes`/`No`,
/// `marketplacePublisherId`, `marketplaceOfferId`, `marketplacePlanId`,
/// `marketplacePlanVersion`). Parameter names are compared without regard to case, as ARM does;
/// a parameter the reader does not know is an `unknown-field` (ARM rejects a parameters file
/// with parameters its template does not declare).
///
/// **Templates** are read from their single registration definition: each property is a
/// literal value or `[parameters('name')]`, which takes the parameter's `defaultValue`. The
/// scope comes from the registration assignment: beside the definition (a subscription), or in
/// nested deployments with a `resourceGroup` (resource groups). A template whose values come
/// from parameters without defaults is reported (`parameter-without-value`): check its
/// parameters file instead.
///
/// **Version.** ARM has no manifest version. The onboarding's manifest gets the Marketplace
/// plan's version when the file links one; otherwise, for a parameters file whose
/// `contentVersion` is `n.n.n.0` (as [`export`](super::export) writes it), `n.n.n`; otherwise
/// [`DEFAULT_VERSION`], 1.0.0.
///
/// Beyond the model's own rules (roles, display names, GUIDs, counts…), the reader reports
/// sample leftovers: placeholders such as `<insert managing tenant id>` (`placeholder-value`)
/// and the all-zero GUID (`nil-guid`), each instead of the other problems at the same place.
/// Files that are not delegations (policy or Key Vault samples) get a single `not-a-delegation`.
///
/// ```
/// use lighthouse_offer::arm;
///
/// let sample = r#"{
///   "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentParameters.json#",
///   "contentVersion": "1.0.0.0",
///   "parameters": {
///     "mspOfferName": { "value": "Relecloud Managed Services" },
///     "mspOfferDescription": { "value": "Relecloud Managed Services" },
///     "managedByTenantId": { "value": "<insert managing tenant id>" },
///     "authorizations": { "value": [{
///       "principalId": "00000000-0000-0000-0000-000000000000",
///       "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46",
///       "principalIdDisplayName": "PIM_Group"
///     }] }
///   }
/// }"#;
/// let report = arm::check(sample).unwrap_err();
/// let found: Vec<_> = report.diagnostics().iter().map(|d| (d.name(), d.path().as_str())).collect();
/// assert_eq!(found, [
///     ("nil-guid", "/parameters/authorizations/value/0/principalId"),
///     ("placeholder-value", "/parameters/managedByTenantId/value"),
/// ]);
/// ```
///
/// # Errors
/// A [`Report`] with every problem found: the file is not JSON, not a delegation, or its
/// delegation breaks a rule.
pub fn check(text: &str) -> Result<Checked<ArmOnboarding>, Report> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        Report::new(vec![Diagnostic::new(
            Rule::InvalidJson,
            JsonPointer::root(),
            format!("the file is not valid JSON: {e}"),
        )])
    })?;
    check_value(&value)
}

/// [`check`] for a file already parsed.
///
/// # Errors
/// A [`Report`] with every problem found.
pub fn check_value(value: &Value) -> Result<Checked<ArmOnboarding>, Report> {
    let mut reader = Reader::default();
    let inputs = match value {
        Value::Object(root) if root.contains_key("resources") => reader.template(root),
        Value::Object(root) if root.contains_key("parameters") => reader.parameters_file(root),
        Value::Object(root) => {
            let keys: Vec<&str> = root.keys().map(String::as_str).collect();
            reader.error(
                Rule::NotADelegation,
                JsonPointer::root(),
                format!(
                    "expected an ARM template (with `resources`) or parameters file (with `parameters`), found an object with {}",
                    if keys.is_empty() { "no fields".to_owned() } else { names(&keys) }
                ),
            );
            None
        }
        other => {
            reader.error(
                Rule::WrongType,
                JsonPointer::root(),
                format!(
                    "expected an ARM template or parameters file, an object, found {}",
                    describe(other)
                ),
            );
            None
        }
    };
    let onboarding = inputs.and_then(|inputs| reader.assemble(inputs));
    reader.finish(onboarding)
}

/// Where a value comes from in the file, and the value (owned, because a template's `[[`
/// escape changes it).
#[derive(Clone, Debug)]
struct Source {
    value: Value,
    at: JsonPointer,
    /// What belongs there, in words, for messages about placeholders.
    what: &'static str,
}

/// A parameter of a parameters file.
#[derive(Debug)]
enum Parameter {
    /// Not in the file.
    Absent,
    /// In the file, without a readable value (already reported).
    Unreadable,
    /// In the file, with this value.
    Given(Source),
}

impl Parameter {
    fn source(self) -> Option<Source> {
        match self {
            Parameter::Given(source) => Some(source),
            Parameter::Absent | Parameter::Unreadable => None,
        }
    }

    fn is_absent(&self) -> bool {
        matches!(self, Parameter::Absent)
    }
}

/// The resource groups of a file: one name, or a list of `{ "rgName": … }`.
#[derive(Debug)]
enum GroupSource {
    One(Source),
    List(Source),
}

#[derive(Debug)]
enum ScopeInput {
    Subscription,
    Groups(Vec<GroupSource>),
    /// Already reported.
    Invalid,
}

#[derive(Debug, Default)]
struct MarketplaceInput {
    publisher: Option<Source>,
    offer: Option<Source>,
    plan: Option<Source>,
    version: Option<Source>,
}

/// What a file gives, before it is checked. Missing required inputs are already reported.
#[derive(Debug)]
struct Inputs {
    name: Option<Source>,
    description: Option<Source>,
    tenant: Option<Source>,
    authorizations: Option<Source>,
    eligible: Option<Source>,
    scope: ScopeInput,
    marketplace: Option<MarketplaceInput>,
    content_version: Option<ManifestVersion>,
}

const WHAT_NAME: &str = "the registration name, usually the offer's name";
const WHAT_DESCRIPTION: &str = "a description of the offer";
const WHAT_TENANT: &str = "the managing tenant's ID";
const WHAT_AUTHORIZATIONS: &str = "the authorizations";
const WHAT_ELIGIBLE: &str = "the eligible authorizations";
const WHAT_GROUP: &str = "the name of an existing resource group";
const WHAT_MARKETPLACE: &str = "the Azure Marketplace identifier";
const WHAT_VERSION: &str = "the plan's manifest version";

/// What belongs in a parameter, in words.
fn what_parameter(name: &str) -> &'static str {
    match name {
        "mspOfferName" => WHAT_NAME,
        "mspOfferDescription" => WHAT_DESCRIPTION,
        "managedByTenantId" => WHAT_TENANT,
        "authorizations" => WHAT_AUTHORIZATIONS,
        "eligibleAuthorizations" => WHAT_ELIGIBLE,
        "rgName" | "resourceGroups" => WHAT_GROUP,
        "marketplaceOffer" => "`Yes` or `No`",
        "marketplacePlanVersion" => WHAT_VERSION,
        _ => WHAT_MARKETPLACE,
    }
}

/// What belongs in a field of an authorization, by the field's name.
fn what_field(key: Option<&str>, default: &'static str) -> &'static str {
    match key {
        Some("principalId") => "the object ID of a user or group in the managing tenant",
        Some("principalIdDisplayName") => "the principal's display name",
        Some("roleDefinitionId" | "delegatedRoleDefinitionIds") => "the ID of a built-in role",
        Some("rgName") => WHAT_GROUP,
        _ => default,
    }
}

/// Text in angle brackets, without brackets inside: `<insert managing tenant id>`.
fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2 && t.starts_with('<') && t.ends_with('>') && !t[1..t.len() - 1].contains(['<', '>'])
}

fn is_nil_guid(text: &str) -> bool {
    crate::values::guid::is_nil_guid_text(text)
}

fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `parameters('name')` → `name`.
fn parameters_call(expression: &str) -> Option<&str> {
    let inner = expression
        .trim()
        .strip_prefix("parameters(")?
        .strip_suffix(')')?
        .trim();
    let name = inner.strip_prefix('\'')?.strip_suffix('\'')?;
    (!name.is_empty() && !name.contains('\'')).then_some(name)
}

/// `parameters('name')[copyIndex()].rgName` → `name`.
fn copy_list_call(expression: &str) -> Option<String> {
    let compact: String = expression.chars().filter(|c| !c.is_whitespace()).collect();
    let name = compact
        .strip_prefix("parameters('")?
        .strip_suffix("')[copyIndex()].rgName")?;
    (!name.is_empty() && !name.contains('\'')).then(|| name.to_owned())
}

/// A template expression: `[…]` but not the `[[` escape.
fn expression(text: &str) -> Option<&str> {
    (text.starts_with('[') && !text.starts_with("[[") && text.ends_with(']'))
        .then(|| &text[1..text.len() - 1])
}

fn get_ci<'m>(map: &'m Map<String, Value>, name: &str) -> Option<(&'m String, &'m Value)> {
    map.iter().find(|(key, _)| key.eq_ignore_ascii_case(name))
}

#[derive(Default)]
struct Reader {
    diagnostics: Vec<Diagnostic>,
    /// Places of placeholders and all-zero GUIDs: other findings there are left out.
    masked: Vec<JsonPointer>,
}

impl Reader {
    fn error(&mut self, rule: Rule, at: JsonPointer, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(rule, at, message));
    }

    /// Decodes a model value where `source` is, reporting at the file's paths.
    fn decode<T: Decode>(&mut self, source: &Source) -> Option<T> {
        let mut cx = Cx::default();
        let value = T::decode(&source.value, At::Root, &mut cx);
        self.diagnostics.extend(
            cx.into_diagnostics()
                .into_iter()
                .map(|d| d.under(&source.at)),
        );
        value
    }

    fn missing_parameter(&mut self, name: &str, what: &str) {
        self.error(
            Rule::MissingField,
            JsonPointer::root().key("parameters"),
            format!("missing parameter `{name}`, {what}"),
        );
    }

    // ---- parameters files ----

    fn parameters_file(&mut self, root: &Map<String, Value>) -> Option<Inputs> {
        let at_parameters = JsonPointer::root().key("parameters");
        let Some(parameters) = root["parameters"].as_object() else {
            self.error(
                Rule::WrongType,
                at_parameters,
                format!(
                    "expected an object, found {}",
                    describe(&root["parameters"])
                ),
            );
            return None;
        };
        let has = |name: &str| get_ci(parameters, name).is_some();
        if !has("authorizations") && !has("mspOfferName") {
            let found: Vec<&str> = parameters.keys().map(String::as_str).collect();
            let policy = if has("managedByAuthorizations") {
                "; `managedByAuthorizations` is a parameter of the policy that deploys delegations (deployLighthouseIfNotExists), not of a delegation template"
            } else {
                ""
            };
            self.error(
                Rule::NotADelegation,
                at_parameters,
                format!(
                    "expected the parameters of an Azure Lighthouse delegation (`mspOfferName`, `managedByTenantId`, `authorizations`), found {}{policy}",
                    if found.is_empty() { "none".to_owned() } else { names(&found) }
                ),
            );
            return None;
        }
        for key in root.keys() {
            if !matches!(key.as_str(), "$schema" | "contentVersion" | "parameters") {
                self.error(
                    Rule::UnknownField,
                    JsonPointer::root().key(key),
                    format!(
                        "unknown field `{key}`; expected one of `$schema`, `contentVersion`, `parameters`"
                    ),
                );
            }
        }
        let mut values = self.parameter_values(parameters, &at_parameters);
        let mut take = |name: &str| {
            values
                .iter()
                .position(|(k, _)| *k == name)
                .map_or(Parameter::Absent, |i| match values.swap_remove(i).1 {
                    Some(source) => Parameter::Given(source),
                    None => Parameter::Unreadable,
                })
        };
        let name = take("mspOfferName");
        let description = take("mspOfferDescription");
        let tenant = take("managedByTenantId");
        let authorizations = take("authorizations");
        let eligible = take("eligibleAuthorizations");
        let rg_name = take("rgName");
        let resource_groups = take("resourceGroups");
        let flag = take("marketplaceOffer");
        let ids = [
            take("marketplacePublisherId"),
            take("marketplaceOfferId"),
            take("marketplacePlanId"),
            take("marketplacePlanVersion"),
        ];
        for (source, parameter, what) in [
            (&name, "mspOfferName", WHAT_NAME),
            (&description, "mspOfferDescription", WHAT_DESCRIPTION),
            (&tenant, "managedByTenantId", WHAT_TENANT),
            (
                &authorizations,
                "authorizations",
                "the permanent authorizations",
            ),
        ] {
            if source.is_absent() {
                self.missing_parameter(parameter, what);
            }
        }

        let scope = self.scope_parameters(rg_name.source(), resource_groups.source());
        let marketplace = self.marketplace_parameters(flag.source().as_ref(), ids);
        let content_version = root
            .get("contentVersion")
            .and_then(Value::as_str)
            .and_then(|text| text.strip_suffix(".0"))
            .and_then(|text| ManifestVersion::parse(text).ok());

        Some(Inputs {
            name: name.source(),
            description: description.source(),
            tenant: tenant.source(),
            authorizations: authorizations.source(),
            eligible: eligible.source(),
            scope,
            marketplace,
            content_version,
        })
    }

    /// The scope of a parameters file: `rgName`, `resourceGroups`, or neither.
    fn scope_parameters(
        &mut self,
        rg_name: Option<Source>,
        resource_groups: Option<Source>,
    ) -> ScopeInput {
        match (rg_name, resource_groups) {
            (None, None) => ScopeInput::Subscription,
            (Some(one), None) => ScopeInput::Groups(vec![GroupSource::One(one)]),
            (None, Some(list)) => ScopeInput::Groups(vec![GroupSource::List(list)]),
            (Some(_), Some(list)) => {
                self.error(
                    Rule::ConflictingParameters,
                    list.at,
                    "expected either `rgName` (one resource group) or `resourceGroups` (several), found both",
                );
                ScopeInput::Invalid
            }
        }
    }

    /// The known parameters, each with its value where its `value` is, or `None` when the
    /// parameter is there but has no readable value (already reported).
    fn parameter_values(
        &mut self,
        parameters: &Map<String, Value>,
        at_parameters: &JsonPointer,
    ) -> Vec<(&'static str, Option<Source>)> {
        let mut values: Vec<(&'static str, Option<Source>)> = Vec::new();
        for (key, entry) in parameters {
            let at = at_parameters.clone().key(key);
            let Some(known) = KNOWN_PARAMETERS
                .iter()
                .find(|k| k.eq_ignore_ascii_case(key))
            else {
                self.error(
                    Rule::UnknownField,
                    at,
                    format!(
                        "unknown parameter `{key}`; a delegation's parameters file has {}",
                        names(&KNOWN_PARAMETERS)
                    ),
                );
                continue;
            };
            if values.iter().any(|(k, _)| k == known) {
                self.error(
                    Rule::DuplicateItem,
                    at,
                    format!(
                        "parameter `{known}` is given twice; ARM compares parameter names without regard to case"
                    ),
                );
                continue;
            }
            let mut cx = Cx::default();
            let value = cx.object(entry, At::Root).and_then(|mut obj| {
                let value = obj.raw("value");
                if value.is_none() {
                    cx.error(
                        Rule::MissingField,
                        At::Root,
                        "missing required field `value`",
                    );
                }
                obj.finish(&mut cx);
                value
            });
            self.diagnostics
                .extend(cx.into_diagnostics().into_iter().map(|d| d.under(&at)));
            let source = value.map(|value| Source {
                value: value.clone(),
                at: at.key("value"),
                what: what_parameter(known),
            });
            values.push((known, source));
        }
        values
    }

    fn marketplace_parameters(
        &mut self,
        flag: Option<&Source>,
        ids: [Parameter; 4],
    ) -> Option<MarketplaceInput> {
        let any_id = ids.iter().any(|id| !id.is_absent());
        let linked = match flag {
            None => any_id,
            Some(source) => match source.value.as_str() {
                Some("Yes") => true,
                Some("No") => false,
                Some(other) => {
                    self.error(
                        Rule::UnknownVariant,
                        source.at.clone(),
                        format!("expected \"Yes\" or \"No\", found {other:?}"),
                    );
                    return None;
                }
                None => {
                    self.error(
                        Rule::WrongType,
                        source.at.clone(),
                        format!("expected a string, found {}", describe(&source.value)),
                    );
                    return None;
                }
            },
        };
        if !linked {
            return None;
        }
        let [publisher, offer, plan, version] = ids;
        for (source, name) in [
            (&publisher, "marketplacePublisherId"),
            (&offer, "marketplaceOfferId"),
            (&plan, "marketplacePlanId"),
            (&version, "marketplacePlanVersion"),
        ] {
            if source.is_absent() {
                self.missing_parameter(name, "needed with a Marketplace plan");
            }
        }
        Some(MarketplaceInput {
            publisher: publisher.source(),
            offer: offer.source(),
            plan: plan.source(),
            version: version.source(),
        })
    }

    // ---- templates ----

    /// The value of a template property: a literal, or the default value of the parameter an
    /// expression names.
    fn resolve(
        &mut self,
        value: &Value,
        at: JsonPointer,
        declared: Option<&Map<String, Value>>,
        what: &'static str,
    ) -> Option<Source> {
        let Value::String(text) = value else {
            return Some(Source {
                value: value.clone(),
                at,
                what,
            });
        };
        if text.starts_with("[[") {
            return Some(Source {
                value: Value::String(text[1..].to_owned()),
                at,
                what,
            });
        }
        let Some(inner) = expression(text) else {
            return Some(Source {
                value: value.clone(),
                at,
                what,
            });
        };
        let Some(name) = parameters_call(inner) else {
            self.error(
                Rule::UnsupportedExpression,
                at,
                format!(
                    "cannot evaluate the expression {text:?}; expected a literal value or [parameters('name')]"
                ),
            );
            return None;
        };
        self.parameter_default(name, at, declared, what)
    }

    fn parameter_default(
        &mut self,
        name: &str,
        at: JsonPointer,
        declared: Option<&Map<String, Value>>,
        what: &'static str,
    ) -> Option<Source> {
        let Some((key, declaration)) = declared.and_then(|d| get_ci(d, name)) else {
            self.error(
                Rule::ParameterWithoutValue,
                at,
                format!("the template refers to parameter `{name}`, which it does not declare"),
            );
            return None;
        };
        let at_parameter = JsonPointer::root().key("parameters").key(key);
        if let Some(default) = declaration.get("defaultValue") {
            Some(Source {
                value: default.clone(),
                at: at_parameter.key("defaultValue"),
                what,
            })
        } else {
            self.error(
                Rule::ParameterWithoutValue,
                at_parameter,
                format!(
                    "parameter `{key}` has no default value, so the template alone does not give {what}; check the parameters file deployed with it"
                ),
            );
            None
        }
    }

    #[allow(clippy::too_many_lines)]
    fn template(&mut self, root: &Map<String, Value>) -> Option<Inputs> {
        let at_resources = JsonPointer::root().key("resources");
        let Some(resources) = root["resources"].as_array() else {
            self.error(
                Rule::WrongType,
                at_resources,
                format!("expected an array, found {}", describe(&root["resources"])),
            );
            return None;
        };
        let declared = root.get("parameters").and_then(Value::as_object);
        let type_of = |r: &Value| {
            r.get("type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let is = |r: &Value, t: &str| type_of(r).eq_ignore_ascii_case(t);

        let definitions: Vec<usize> = (0..resources.len())
            .filter(|&i| is(&resources[i], DEFINITION_TYPE))
            .collect();
        let Some(&index) = definitions.first() else {
            let nested = resources.iter().position(|r| {
                is(r, DEPLOYMENT_TYPE)
                    && r.pointer("/properties/template/resources")
                        .and_then(Value::as_array)
                        .is_some_and(|inner| inner.iter().any(|r| is(r, DEFINITION_TYPE)))
            });
            if let Some(nested) = nested {
                self.error(
                    Rule::UnsupportedTemplate,
                    at_resources.index(nested),
                    format!(
                        "the {DEFINITION_TYPE} is in a nested deployment, which the reader does not read; expected it among the template's own resources, as in Microsoft's samples"
                    ),
                );
                return None;
            }
            let mut types: Vec<String> = resources.iter().map(type_of).collect();
            types.dedup();
            self.error(
                Rule::NotADelegation,
                at_resources,
                format!(
                    "expected a template that deploys {DEFINITION_TYPE}, found {}",
                    if types.is_empty() {
                        "no resources".to_owned()
                    } else {
                        format!("resources of type {}", types.join(", "))
                    }
                ),
            );
            return None;
        };
        if let Some(&second) = definitions.get(1) {
            self.error(
                Rule::UnsupportedTemplate,
                at_resources.index(second),
                format!(
                    "expected one registration definition, found another one besides the one at index {index}; read the template in parts"
                ),
            );
            return None;
        }
        let definition = &resources[index];
        let at_definition = at_resources.clone().index(index);

        // The properties, each resolved.
        let at_properties = at_definition.clone().key("properties");
        let properties = match definition.get("properties") {
            Some(Value::Object(map)) => map,
            Some(other) => {
                self.error(
                    Rule::UnsupportedExpression,
                    at_properties,
                    format!(
                        "expected the properties as an object, found {}",
                        describe(other)
                    ),
                );
                return None;
            }
            None => {
                self.error(
                    Rule::MissingField,
                    at_definition,
                    "missing required field `properties`",
                );
                return None;
            }
        };
        let property = |me: &mut Self, key: &'static str, what: &'static str, required: bool| {
            if let Some(value) = properties.get(key) {
                me.resolve(value, at_properties.clone().key(key), declared, what)
            } else {
                if required {
                    me.error(
                        Rule::MissingField,
                        at_properties.clone(),
                        format!("missing required field `{key}`"),
                    );
                }
                None
            }
        };
        let name = property(self, "registrationDefinitionName", WHAT_NAME, true);
        let description = property(self, "description", WHAT_DESCRIPTION, true);
        let tenant = property(self, "managedByTenantId", WHAT_TENANT, true);
        let authorizations = property(self, "authorizations", WHAT_AUTHORIZATIONS, true);
        let eligible = property(self, "eligibleAuthorizations", WHAT_ELIGIBLE, false);

        // The Marketplace plan block.
        let marketplace = match definition.get("plan") {
            None | Some(Value::Null) => None,
            Some(plan) => self
                .resolve(
                    plan,
                    at_definition.clone().key("plan"),
                    declared,
                    WHAT_MARKETPLACE,
                )
                .and_then(|plan| self.plan_block(&plan, declared)),
        };

        // The scope, from where the definition is assigned.
        let mut groups = Vec::new();
        let mut in_groups = false;
        let mut at_subscription = false;
        for (i, resource) in resources.iter().enumerate() {
            let at = at_resources.clone().index(i);
            if is(resource, ASSIGNMENT_TYPE) {
                at_subscription = true;
            } else if is(resource, DEPLOYMENT_TYPE) {
                let nested = resource
                    .pointer("/properties/template/resources")
                    .and_then(Value::as_array)
                    .is_some_and(|inner| inner.iter().any(|r| is(r, ASSIGNMENT_TYPE)));
                if !nested {
                    continue;
                }
                in_groups = true;
                match resource.get("resourceGroup") {
                    Some(group) => {
                        if let Some(source) =
                            self.group_source(group, at.key("resourceGroup"), declared)
                        {
                            groups.push(source);
                        }
                    }
                    None => {
                        self.error(
                            Rule::UnsupportedTemplate,
                            at,
                            "expected the nested deployment that assigns the definition to name its `resourceGroup`",
                        );
                    }
                }
            }
        }
        let scope = if in_groups {
            // Groups that could not be read are reported already.
            if groups.is_empty() {
                ScopeInput::Invalid
            } else {
                ScopeInput::Groups(groups)
            }
        } else if at_subscription {
            ScopeInput::Subscription
        } else {
            self.error(
                Rule::UnsupportedTemplate,
                at_resources.index(index),
                format!(
                    "the registration definition is not assigned: expected a {ASSIGNMENT_TYPE} beside it or in a nested deployment"
                ),
            );
            ScopeInput::Invalid
        };

        Some(Inputs {
            name,
            description,
            tenant,
            authorizations,
            eligible,
            scope,
            marketplace,
            content_version: None,
        })
    }

    /// The resource groups named by a nested deployment's `resourceGroup`.
    fn group_source(
        &mut self,
        group: &Value,
        at: JsonPointer,
        declared: Option<&Map<String, Value>>,
    ) -> Option<GroupSource> {
        if let Some(name) = group.as_str().and_then(expression).and_then(copy_list_call) {
            return self
                .parameter_default(&name, at, declared, WHAT_GROUP)
                .map(GroupSource::List);
        }
        self.resolve(group, at, declared, WHAT_GROUP)
            .map(GroupSource::One)
    }

    /// The four fields of a template's `plan` block.
    fn plan_block(
        &mut self,
        plan: &Source,
        declared: Option<&Map<String, Value>>,
    ) -> Option<MarketplaceInput> {
        let Some(map) = plan.value.as_object() else {
            self.error(
                Rule::WrongType,
                plan.at.clone(),
                format!(
                    "expected the plan as an object, found {}",
                    describe(&plan.value)
                ),
            );
            return None;
        };
        let field = |me: &mut Self, key: &str, what: &'static str| {
            if let Some(value) = map.get(key) {
                me.resolve(value, plan.at.clone().key(key), declared, what)
            } else {
                me.error(
                    Rule::MissingField,
                    plan.at.clone(),
                    format!("missing required field `{key}`"),
                );
                None
            }
        };
        Some(MarketplaceInput {
            publisher: field(self, "publisher", WHAT_MARKETPLACE),
            offer: field(self, "product", WHAT_MARKETPLACE),
            plan: field(self, "name", WHAT_MARKETPLACE),
            version: field(self, "version", WHAT_VERSION),
        })
    }

    // ---- checking what was read ----

    /// Reports placeholders and all-zero GUIDs anywhere in a source.
    fn scan(&mut self, value: &Value, at: &JsonPointer, key: Option<&str>, what: &'static str) {
        match value {
            Value::String(text) if is_placeholder(text) => {
                self.error(
                    Rule::PlaceholderValue,
                    at.clone(),
                    format!(
                        "{text:?} is a placeholder left from a sample; expected {}",
                        what_field(key, what)
                    ),
                );
                self.masked.push(at.clone());
            }
            Value::String(text) if is_nil_guid(text) => {
                self.error(
                    Rule::NilGuid,
                    at.clone(),
                    format!(
                        "expected {}, found the all-zero GUID, a placeholder of Microsoft's samples",
                        what_field(key, what)
                    ),
                );
                self.masked.push(at.clone());
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan(item, &at.clone().index(i), key, what);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.scan(v, &at.clone().key(k), Some(k), what);
                }
            }
            _ => {}
        }
    }

    fn assemble(&mut self, inputs: Inputs) -> Option<ArmOnboarding> {
        let Inputs {
            name,
            description,
            tenant,
            authorizations,
            eligible,
            scope,
            marketplace,
            content_version,
        } = inputs;
        let mut sources: Vec<&Source> = [&name, &description, &tenant, &authorizations, &eligible]
            .into_iter()
            .flatten()
            .collect();
        if let ScopeInput::Groups(groups) = &scope {
            sources.extend(groups.iter().map(|g| match g {
                GroupSource::One(s) | GroupSource::List(s) => s,
            }));
        }
        if let Some(m) = &marketplace {
            sources.extend(
                [&m.publisher, &m.offer, &m.plan, &m.version]
                    .into_iter()
                    .flatten(),
            );
        }
        for source in &sources {
            self.scan(&source.value, &source.at, None, source.what);
        }

        let name = name.and_then(|s| self.decode::<RegistrationName>(&s));
        let description = description.and_then(|s| self.decode::<RegistrationDescription>(&s));
        let (marketplace, version) = match marketplace {
            None => (Some(None), content_version.unwrap_or(DEFAULT_VERSION)),
            Some(m) => {
                let publisher = m.publisher.and_then(|s| self.decode::<PublisherId>(&s));
                let offer = m.offer.and_then(|s| self.decode::<OfferId>(&s));
                let plan = m.plan.and_then(|s| self.decode::<PlanId>(&s));
                let version = m.version.and_then(|s| self.decode::<ManifestVersion>(&s));
                let plan = match (publisher, offer, plan) {
                    (Some(p), Some(o), Some(n)) => Some(Some(MarketplacePlan::new(p, o, n))),
                    _ => None,
                };
                (plan, version.unwrap_or(DEFAULT_VERSION))
            }
        };
        let manifest = self.manifest(&version, tenant, authorizations, eligible);
        let scope = self.scope(scope);

        let onboarding = ArmOnboarding::new(name?, description?, manifest?, scope?);
        Some(match marketplace? {
            Some(plan) => onboarding.with_marketplace_plan(plan),
            None => onboarding,
        })
    }

    /// Reads the manifest with the model's own reader, as if it were a plan's manifest, and
    /// moves every finding to where its value is in the file.
    fn manifest(
        &mut self,
        version: &ManifestVersion,
        tenant: Option<Source>,
        authorizations: Option<Source>,
        eligible: Option<Source>,
    ) -> Option<Manifest> {
        let mut document = Map::new();
        document.insert("version".into(), Value::String(version.to_string()));
        let mut bases: Vec<(&str, JsonPointer)> = Vec::new();
        for (key, source) in [
            ("tenantId", tenant),
            ("authorizations", authorizations),
            ("eligibleAuthorizations", eligible),
        ] {
            if let Some(source) = source {
                document.insert(key.into(), source.value);
                bases.push((key, source.at));
            }
        }
        // Without a tenant or authorizations there is no manifest; their absence is reported.
        let complete = ["tenantId", "authorizations"]
            .iter()
            .all(|key| bases.iter().any(|(k, _)| k == key));
        let relocate = |d: &Diagnostic| -> Option<Diagnostic> {
            let mut tokens = d.path().tokens();
            let first = tokens.next()?;
            let (_, base) = bases.iter().find(|(key, _)| *key == first)?;
            let at = tokens.fold(base.clone(), |at, token| at.key(&token));
            Some(Diagnostic::new(d.rule(), at, d.message()))
        };
        let mut cx = Cx::default();
        let manifest = Manifest::decode(&Value::Object(document), At::Root, &mut cx);
        // Findings at the manifest's root are about missing fields, already reported in the
        // file's own terms.
        let found: Vec<Diagnostic> = cx.into_diagnostics().iter().filter_map(relocate).collect();
        let valid = found.iter().all(|d| d.severity() != Severity::Error);
        self.diagnostics.extend(found);
        let manifest = manifest.filter(|_| complete && valid)?;
        let warnings: Vec<Diagnostic> = manifest.warnings().iter().filter_map(relocate).collect();
        self.diagnostics.extend(warnings);
        Some(manifest)
    }

    fn scope(&mut self, input: ScopeInput) -> Option<Scope> {
        let groups = match input {
            ScopeInput::Subscription => return Some(Scope::Subscription),
            ScopeInput::Invalid => return None,
            ScopeInput::Groups(groups) => groups,
        };
        let mut found: Vec<(ResourceGroupName, JsonPointer)> = Vec::new();
        let mut complete = true;
        let mut list_at = None;
        for group in groups {
            match group {
                GroupSource::One(source) => match self.decode::<ResourceGroupName>(&source) {
                    Some(name) => found.push((name, source.at)),
                    None => complete = false,
                },
                GroupSource::List(source) => {
                    let mut cx = Cx::default();
                    if let Some(items) = cx.array(&source.value, At::Root) {
                        for (i, item) in items.iter().enumerate() {
                            let at = At::Root;
                            let at = at.index(i);
                            let name = cx.object(item, at).and_then(|mut obj| {
                                let name = obj.required::<ResourceGroupName>("rgName", &mut cx);
                                obj.finish(&mut cx);
                                name
                            });
                            match name {
                                Some(name) => {
                                    found.push((name, source.at.clone().index(i).key("rgName")));
                                }
                                None => complete = false,
                            }
                        }
                    } else {
                        complete = false;
                    }
                    self.diagnostics.extend(
                        cx.into_diagnostics()
                            .into_iter()
                            .map(|d| d.under(&source.at)),
                    );
                    list_at.get_or_insert(source.at);
                }
            }
        }
        let names: Vec<ResourceGroupName> = found.iter().map(|(n, _)| n.clone()).collect();
        let problems = resource_group_problems(&names);
        let valid = problems.is_empty();
        for problem in problems {
            let at = match &problem {
                ResourceGroupsError::Duplicate { index, .. } => found[*index].1.clone(),
                _ => list_at
                    .clone()
                    .unwrap_or_else(|| JsonPointer::root().key("parameters")),
            };
            self.diagnostics.push(problem.at(at));
        }
        (complete && valid)
            .then(|| ResourceGroups::new(names).ok())
            .flatten()
            .map(Scope::ResourceGroups)
    }

    /// The onboarding with its warnings, or every finding; placeholders and all-zero GUIDs
    /// stand in for the other findings at their place.
    fn finish(self, onboarding: Option<ArmOnboarding>) -> Result<Checked<ArmOnboarding>, Report> {
        let masked = self.masked;
        let hidden = |d: &Diagnostic| {
            !matches!(d.rule(), Rule::PlaceholderValue | Rule::NilGuid)
                && masked.iter().any(|m| {
                    d.path() == m
                        || d.path()
                            .as_str()
                            .strip_prefix(m.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                })
        };
        // The model's GUID types refuse the all-zero GUID too: the first finding at a path (the
        // scan's, in the words of an ARM file) is the one reported.
        let mut nil_at: Vec<JsonPointer> = Vec::new();
        let mut diagnostics: Vec<Diagnostic> = self
            .diagnostics
            .into_iter()
            .filter(|d| !hidden(d))
            .filter(|d| {
                if d.rule() != Rule::NilGuid {
                    return true;
                }
                if nil_at.contains(d.path()) {
                    return false;
                }
                nil_at.push(d.path().clone());
                true
            })
            .collect();
        let errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
        match onboarding {
            Some(onboarding) if !errors => {
                diagnostics.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
                Ok(Checked::new(onboarding, diagnostics))
            }
            _ => Err(Report::new(diagnostics)),
        }
    }
}
