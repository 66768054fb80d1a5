//! From ARM files back to a delegation: a parameters file, a template (evaluated with its
//! defaults), or a parameters file with its template, as Azure deploys them.

use serde_json::{Map, Value};

use crate::arm::api_version;
use crate::arm::delegation::{ArmDelegation, read_manifest};
use crate::arm::evaluate::{Parameter as ParameterValue, Scope as Evaluation, Unknown, Val};
use crate::arm::expression::{Expr, TemplateString, classify, parse};
use crate::arm::jsonc;
use crate::arm::onboarding::{
    MarketplacePlan, RegistrationDescription, RegistrationName, ResourceGroupName, ResourceGroups,
    ResourceGroupsError, Scope, resource_group_problems,
};
use crate::document::decode::{At, Cx, Decode, describe};
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity, Violation};
use crate::report::rules::Rule;
use crate::values::text::{OfferId, PlanId, PublisherId};
use crate::values::version::ManifestVersion;

/// The manifest version of an imported delegation when the file does not give one.
pub const DEFAULT_VERSION: ManifestVersion = ManifestVersion::new(1, 0, 0);

const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";
const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";

/// The parameters of Microsoft's delegation templates that the reader knows, for a parameters
/// file read without its template.
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

/// The parameters of Microsoft's policy that deploys delegations
/// (`deployLighthouseIfNotExistManagementGroup.json`): each with the registration definition's
/// field it becomes.
const POLICY_PARAMETERS: [(&str, &str); 4] = [
    ("managedByName", "registrationDefinitionName"),
    ("managedByDescription", "description"),
    ("managedByTenantId", "managedByTenantId"),
    ("managedByAuthorizations", "authorizations"),
];

/// Which of two files a diagnostic is in, when a parameters file is checked with its template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ArmFile {
    /// The template.
    Template,
    /// The parameters file.
    Parameters,
}

/// What checking a parameters file with its template found: the delegation (when every value is
/// known and valid) and the diagnostics of each file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArmCheck {
    delegation: Option<ArmDelegation>,
    template: Vec<Diagnostic>,
    parameters: Vec<Diagnostic>,
}

impl ArmCheck {
    /// The delegation, when the files deploy one whose values are all known, and no error was
    /// found.
    #[must_use]
    pub fn delegation(&self) -> Option<&ArmDelegation> {
        self.delegation.as_ref()
    }

    /// The diagnostics in one file, sorted by place.
    #[must_use]
    pub fn diagnostics(&self, file: ArmFile) -> &[Diagnostic] {
        match file {
            ArmFile::Template => &self.template,
            ArmFile::Parameters => &self.parameters,
        }
    }

    /// Whether either file has an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.template
            .iter()
            .chain(&self.parameters)
            .any(|d| d.severity() == Severity::Error)
    }
}

/// Reads an ARM parameters file or template (told apart by `resources`) into a delegation, by
/// the resource provider's rules, with every problem at once; paths are JSON Pointers into the
/// file, such as `/parameters/authorizations/value/2/roleDefinitionId`.
///
/// The file may have `//` and `/* */` comments and line breaks in strings, as Azure Resource
/// Manager accepts them. A Bicep file gets `bicep-file`.
///
/// **Templates** are evaluated as Azure Resource Manager would, far enough to find the
/// registration definition: parameters (with their default values), variables (with `copy`
/// loops), the template functions of [`evaluate`](super::evaluate), resource `copy` loops, and
/// nested deployments (`Microsoft.Resources/deployments` with an inline template, in `inner` or
/// `outer` expression scope). The scope comes from the registration assignment: beside the
/// definition (the subscription) or in nested deployments with a `resourceGroup`.
///
/// **Known, unknown, wrong.** A value that only the deployment supplies (a parameter without a
/// value, `subscription()`, a Key Vault reference) is a note, `parameter-without-value` or
/// `deployment-time-value`, at the place it comes from; a function the checker does not evaluate
/// is one `unsupported-expression` warning where it is first met; everything else is still
/// checked. Only a value that is known and breaks a rule is an error. A file with unknown values
/// gives no delegation (`Err`), even without errors.
///
/// **Parameters files** alone have the shape of Microsoft's samples: `mspOfferName`,
/// `mspOfferDescription`, `managedByTenantId`, `authorizations`, optionally
/// `eligibleAuthorizations`, `rgName` (one resource group) or `resourceGroups`
/// (`[{ "rgName": … }]`), and the marketplace parameters (`marketplaceOffer` `Yes`/`No`,
/// `marketplacePublisherId`, `marketplaceOfferId`, `marketplacePlanId`,
/// `marketplacePlanVersion`); or the shape of Microsoft's policy that deploys delegations
/// (`managedByName`, `managedByDescription`, `managedByTenantId`, `managedByAuthorizations`).
/// Parameter names are compared without regard to case, as ARM does. A parameters file with
/// other names needs its template: [`check_with_template`].
///
/// **Version.** ARM has no manifest version. The delegation gets the Marketplace plan's version
/// when the file links one; otherwise, for a parameters file whose `contentVersion` is
/// `n.n.n.0` (as [`export`](super::export) writes it), `n.n.n`; otherwise [`DEFAULT_VERSION`].
///
/// The rules are the provider's ([`ArmDelegation`] says which), plus `apiVersion`
/// (`unknown-api-version`, `eligible-needs-newer-api-version`, `old-api-version`), and sample
/// leftovers: placeholders such as `<insert managing tenant id>` (`placeholder-value`) and the
/// all-zero GUID (`nil-guid`), each instead of the other problems at the same place.
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
/// A [`Report`] with every finding when no delegation can be read: the file is not JSON, not a
/// delegation, breaks a rule, or has values known only at deployment.
pub fn check(text: &str) -> Result<Checked<ArmDelegation>, Report> {
    let (value, duplicates) = jsonc::read(text).map_err(Report::new)?;
    let mut reader = Reader::default();
    for d in duplicates {
        reader.push(ArmFile::Template, d);
    }
    let file = match &value {
        Value::Object(root)
            if !root.contains_key("resources") && root.contains_key("parameters") =>
        {
            ArmFile::Parameters
        }
        _ => ArmFile::Template,
    };
    // Duplicates belong to the one file there is.
    for (f, _) in &mut reader.found {
        *f = file;
    }
    let delegation = reader.file(&value, None);
    reader.single(delegation)
}

/// [`check`] for a file already parsed.
///
/// # Errors
/// A [`Report`] with every finding when no delegation can be read.
pub fn check_value(value: &Value) -> Result<Checked<ArmDelegation>, Report> {
    let mut reader = Reader::default();
    let delegation = reader.file(value, None);
    reader.single(delegation)
}

/// Checks a parameters file with the template it is deployed with, as Azure deploys them
/// (`az deployment sub create --template-file T --parameters @P`): the parameters file's values
/// override the template's defaults, its parameter names are the template's own, and a
/// parameter the template does not declare is an error, as Azure refuses it. Findings are in
/// the file they are about: a value given in the parameters file is judged there, a default or
/// a variable of the template in the template.
///
/// When the template deploys no delegation itself but the parameters are those of Microsoft's
/// policy that deploys delegations, the parameters file is judged as that delegation.
///
/// ```
/// use lighthouse_offer::arm::{self, ArmFile};
///
/// let template = r#"{
///   "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
///   "contentVersion": "1.0.0.0",
///   "parameters": { "tenant": { "type": "string" }, "readers": { "type": "string" } },
///   "variables": { "name": "Contoso SOC" },
///   "resources": [
///     { "type": "Microsoft.ManagedServices/registrationDefinitions", "apiVersion": "2022-10-01",
///       "name": "[guid(variables('name'))]",
///       "properties": {
///         "registrationDefinitionName": "[variables('name')]",
///         "description": "24x7 monitoring", // comments are allowed
///         "managedByTenantId": "[parameters('tenant')]",
///         "authorizations": [
///           { "principalId": "[parameters('readers')]", "principalIdDisplayName": "SOC",
///             "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46" } ] } },
///     { "type": "Microsoft.ManagedServices/registrationAssignments", "apiVersion": "2022-10-01",
///       "name": "[guid(variables('name'))]",
///       "properties": { "registrationDefinitionId": "[resourceId('Microsoft.ManagedServices/registrationDefinitions', guid(variables('name')))]" } }
///   ]
/// }"#;
/// let parameters = r#"{ "parameters": {
///   "tenant": { "value": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10" },
///   "readers": { "value": "not a GUID" } } }"#;
/// let checked = arm::check_with_template(parameters, template);
/// let found: Vec<_> = checked.diagnostics(ArmFile::Parameters).iter().map(|d| (d.name(), d.path().as_str())).collect();
/// assert_eq!(found, [("invalid-guid", "/parameters/readers/value")]);
/// assert!(checked.diagnostics(ArmFile::Template).is_empty());
/// assert!(checked.delegation().is_none());
/// ```
#[must_use]
pub fn check_with_template(parameters: &str, template: &str) -> ArmCheck {
    let mut reader = Reader::default();
    let template = reader.read(ArmFile::Template, template);
    let parameters = reader.read(ArmFile::Parameters, parameters);
    let delegation = match (&template, &parameters) {
        (Some(template), Some(parameters)) => reader.pair(template, parameters),
        _ => None,
    };
    reader.pair_result(delegation)
}

/// Where a value comes from, and the value (owned: evaluation and the `[[` escape change it).
/// Values known only at deployment are replaced by a marker and masked.
#[derive(Clone, Debug)]
struct Source {
    value: Value,
    file: ArmFile,
    at: JsonPointer,
    /// What belongs there, in words, for messages about placeholders.
    what: &'static str,
}

/// A parameter of a parameters file.
#[derive(Debug)]
enum Parameter {
    Absent,
    Unreadable,
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
    /// Where a missing description would be: for the `missing-description` warning.
    description_missing_at: Option<(ArmFile, JsonPointer)>,
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
        "mspOfferName" | "managedByName" => WHAT_NAME,
        "mspOfferDescription" | "managedByDescription" => WHAT_DESCRIPTION,
        "managedByTenantId" => WHAT_TENANT,
        "authorizations" | "managedByAuthorizations" => WHAT_AUTHORIZATIONS,
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
    crate::document::decode::is_placeholder(text)
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

fn get_ci<'m>(map: &'m Map<String, Value>, name: &str) -> Option<(&'m String, &'m Value)> {
    map.iter().find(|(key, _)| key.eq_ignore_ascii_case(name))
}

fn type_of(r: &Value) -> &str {
    r.get("type").and_then(Value::as_str).unwrap_or_default()
}

fn is(r: &Value, t: &str) -> bool {
    type_of(r).eq_ignore_ascii_case(t)
}

/// The resources of a template: an array, or an object keyed by symbolic name
/// (`languageVersion` 2.0), each with its pointer.
fn resources_of<'t>(
    template: &'t Map<String, Value>,
    base: &JsonPointer,
) -> Vec<(&'t Value, JsonPointer)> {
    let at = base.clone().key("resources");
    match template.get("resources") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, r)| (r, at.clone().index(i)))
            .collect(),
        Some(Value::Object(map)) => map.iter().map(|(k, r)| (r, at.clone().key(k))).collect(),
        _ => Vec::new(),
    }
}

/// How the values of one template's parameters are given.
enum Given<'t> {
    /// The root template: the parameters file's values, if there is one.
    File(Option<&'t Map<String, Value>>),
    /// An inner-scope nested template: the deployment's `parameters`, evaluated in the frame
    /// `parent`; `at` is where they are.
    Nested {
        values: &'t Map<String, Value>,
        at: JsonPointer,
        parent: usize,
    },
}

/// One evaluation scope: a template, its parameters and variables.
struct Frame<'t> {
    evaluation: Evaluation<'t>,
    /// Where the template is in the file.
    base: JsonPointer,
    declared: Option<&'t Map<String, Value>>,
    variables: Option<&'t Map<String, Value>>,
    given: Given<'t>,
}

/// Where a nested deployment places what it deploys.
#[derive(Clone)]
struct GroupPlace<'t> {
    /// The deployment's `resourceGroup`, evaluated in `frame`.
    value: &'t Value,
    at: JsonPointer,
    frame: usize,
    /// The deployment's copy loop: its name and count.
    copy: Option<(Option<&'t str>, &'t Value)>,
}

/// A resource of interest, where it is, and in which frame its expressions are evaluated.
struct Found<'t> {
    resource: &'t Value,
    at: JsonPointer,
    frame: usize,
    group: Option<GroupPlace<'t>>,
}

#[derive(Default)]
struct Reader {
    found: Vec<(ArmFile, Diagnostic)>,
    /// Places of placeholders, all-zero GUIDs and unknown values: other findings there are left
    /// out.
    masked: Vec<(ArmFile, JsonPointer)>,
    /// Some value is known only at deployment: no delegation.
    unknown: bool,
    /// Functions reported as not evaluated (once each).
    unsupported: Vec<String>,
    /// One of the evaluator's own limits was reported (once per check).
    limited: bool,
    /// Places in the files whose findings are shown at another place: `(from, to)`.
    moved: Vec<((ArmFile, JsonPointer), (ArmFile, JsonPointer))>,
}

/// Where a template value is written ([`Reader::trace`]).
struct Traced<'t> {
    file: ArmFile,
    at: JsonPointer,
    /// The template JSON written there and the frame it is evaluated in.
    raw: Option<(&'t Value, usize)>,
}

impl Traced<'_> {
    fn child(self, name: &str) -> Self {
        let raw = self.raw.and_then(|(v, f)| {
            let map = v.as_object()?;
            get_ci(map, name).map(|(_, v)| (v, f))
        });
        Traced {
            file: self.file,
            at: self.at.key(name),
            raw,
        }
    }

    fn item(self, index: usize) -> Self {
        let raw = self
            .raw
            .and_then(|(v, f)| v.as_array()?.get(index).map(|v| (v, f)));
        Traced {
            file: self.file,
            at: self.at.index(index),
            raw,
        }
    }
}

/// The marker that stands for a value known only at deployment.
const UNKNOWN_MARKER: &str = "(known at deployment)";

impl Reader {
    /// Reads one of the files: its value, or `None`; what it finds (duplicate keys, or why the
    /// text cannot be read) is kept against `file`.
    fn read(&mut self, file: ArmFile, text: &str) -> Option<Value> {
        let (value, found) = match jsonc::read(text) {
            Ok((value, duplicates)) => (Some(value), duplicates),
            Err(found) => (None, found),
        };
        for d in found {
            self.push(file, d);
        }
        value
    }

    fn push(&mut self, file: ArmFile, diagnostic: Diagnostic) {
        let (file, path) = self.moved_to(file, diagnostic.path().clone());
        let diagnostic = if &path == diagnostic.path() {
            diagnostic
        } else {
            diagnostic.moved_to(path)
        };
        self.found.push((file, diagnostic));
    }

    /// Leaves out the other findings at a place (and below it).
    fn mask(&mut self, file: ArmFile, at: JsonPointer) {
        let moved = self.moved_to(file, at);
        self.masked.push(moved);
    }

    fn error(&mut self, file: ArmFile, rule: Rule, at: JsonPointer, message: impl Into<String>) {
        self.push(file, Diagnostic::new(rule, at, message));
    }

    /// Decodes a model value where `source` is, reporting at the file's paths.
    fn decode<T: Decode>(&mut self, source: &Source) -> Option<T> {
        let mut cx = Cx::default();
        let value = T::decode(&source.value, At::Root, &mut cx);
        for d in cx.into_diagnostics() {
            self.push(source.file, d.under(&source.at));
        }
        value
    }

    fn missing_parameter(&mut self, name: &str, what: &str) {
        self.error(
            ArmFile::Parameters,
            Rule::MissingField,
            JsonPointer::root().key("parameters"),
            format!("missing parameter `{name}`, {what}"),
        );
    }

    /// One file, a template or a parameters file (with the template's parameter values, when
    /// a parameters file is given).
    fn file(
        &mut self,
        value: &Value,
        parameters: Option<&Map<String, Value>>,
    ) -> Option<ArmDelegation> {
        let inputs = match value {
            Value::Object(root) if root.contains_key("resources") => {
                self.template(root, parameters)
            }
            Value::Object(root) if root.contains_key("parameters") => self.parameters_file(root),
            Value::Object(root) => {
                let keys: Vec<&str> = root.keys().map(String::as_str).collect();
                self.error(
                    ArmFile::Template,
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
                self.error(
                    ArmFile::Template,
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
        inputs.and_then(|inputs| self.assemble(inputs))
    }

    /// A parameters file with its template.
    fn pair(&mut self, template: &Value, parameters: &Value) -> Option<ArmDelegation> {
        let Some(values) = parameters.get("parameters").and_then(Value::as_object) else {
            self.error(
                ArmFile::Parameters,
                Rule::WrongType,
                JsonPointer::root().key("parameters"),
                "expected a parameters file: an object with `parameters`",
            );
            return None;
        };
        let delegates = template
            .get("resources")
            .is_some_and(|r| contains_definition(r, 0));
        let policy = POLICY_PARAMETERS
            .iter()
            .any(|(name, _)| get_ci(values, name).is_some());
        if !delegates && policy {
            // Microsoft's policy: the parameters file is the delegation.
            return self.file(parameters, None);
        }
        match template {
            Value::Object(root) if root.contains_key("resources") => {
                let inputs = self.template(root, Some(values));
                inputs.and_then(|inputs| self.assemble(inputs))
            }
            _ => {
                self.error(
                    ArmFile::Template,
                    Rule::NotADelegation,
                    JsonPointer::root(),
                    "expected an ARM template, an object with `resources`",
                );
                None
            }
        }
    }

    // ---- parameters files ----

    #[allow(clippy::too_many_lines)]
    fn parameters_file(&mut self, root: &Map<String, Value>) -> Option<Inputs> {
        let at_parameters = JsonPointer::root().key("parameters");
        let Some(parameters) = root["parameters"].as_object() else {
            self.error(
                ArmFile::Parameters,
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
        let policy = has("managedByAuthorizations") && !has("authorizations");
        if !has("authorizations") && !has("mspOfferName") && !policy {
            let found: Vec<&str> = parameters.keys().map(String::as_str).collect();
            self.error(
                ArmFile::Parameters,
                Rule::NotADelegation,
                at_parameters,
                format!(
                    "expected the parameters of an Azure Lighthouse delegation (`mspOfferName`, `managedByTenantId`, `authorizations`, or the policy's `managedByName`, `managedByTenantId`, `managedByAuthorizations`), found {}; a parameters file with other names is checked with its template (`--template`)",
                    if found.is_empty() { "none".to_owned() } else { names(&found) }
                ),
            );
            return None;
        }
        for key in root.keys() {
            if !matches!(key.as_str(), "$schema" | "contentVersion" | "parameters") {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    JsonPointer::root().key(key),
                    format!(
                        "unknown field `{key}`; expected one of `$schema`, `contentVersion`, `parameters`"
                    ),
                );
            }
        }
        let known: Vec<&'static str> = if policy {
            POLICY_PARAMETERS.iter().map(|(n, _)| *n).collect()
        } else {
            KNOWN_PARAMETERS.to_vec()
        };
        let mut values = self.parameter_values(parameters, &at_parameters, &known);
        let mut take = |name: &str| {
            values
                .iter()
                .position(|(k, _)| *k == name)
                .map_or(Parameter::Absent, |i| match values.swap_remove(i).1 {
                    Some(source) => Parameter::Given(source),
                    None => Parameter::Unreadable,
                })
        };
        // The policy's parameters name the delegation, its description and its permanent
        // authorizations otherwise; the tenant is `managedByTenantId` in both.
        let [
            name_parameter,
            description_parameter,
            authorizations_parameter,
        ] = if policy {
            [
                "managedByName",
                "managedByDescription",
                "managedByAuthorizations",
            ]
        } else {
            ["mspOfferName", "mspOfferDescription", "authorizations"]
        };
        let name = take(name_parameter);
        let description = take(description_parameter);
        let tenant = take("managedByTenantId");
        let authorizations = take(authorizations_parameter);
        for (source, parameter, what) in [
            (&name, name_parameter, WHAT_NAME),
            (&tenant, "managedByTenantId", WHAT_TENANT),
            (
                &authorizations,
                authorizations_parameter,
                "the permanent authorizations",
            ),
        ] {
            if source.is_absent() {
                self.missing_parameter(parameter, what);
            }
        }
        let missing_at = description
            .is_absent()
            .then(|| (ArmFile::Parameters, at_parameters.clone()));
        if policy {
            return Some(Inputs {
                name: name.source(),
                description: description.source(),
                description_missing_at: missing_at,
                tenant: tenant.source(),
                authorizations: authorizations.source(),
                eligible: None,
                // The policy deploys one delegation per subscription.
                scope: ScopeInput::Subscription,
                marketplace: None,
                content_version: None,
            });
        }
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
            description_missing_at: missing_at,
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
                    list.file,
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
        known_names: &[&'static str],
    ) -> Vec<(&'static str, Option<Source>)> {
        let mut values: Vec<(&'static str, Option<Source>)> = Vec::new();
        for (key, entry) in parameters {
            let at = at_parameters.clone().key(key);
            let Some(known) = known_names.iter().find(|k| k.eq_ignore_ascii_case(key)) else {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    at,
                    format!(
                        "unknown parameter `{key}`; a delegation's parameters file has {} (check a file with other names with its template, `--template`)",
                        names(known_names)
                    ),
                );
                continue;
            };
            if values.iter().any(|(k, _)| k == known) {
                self.error(
                    ArmFile::Parameters,
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
            for d in cx.into_diagnostics() {
                self.push(ArmFile::Parameters, d.under(&at));
            }
            let source = value.map(|value| Source {
                value: value.clone(),
                file: ArmFile::Parameters,
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
                        source.file,
                        Rule::UnknownVariant,
                        source.at.clone(),
                        format!("expected \"Yes\" or \"No\", found {other:?}"),
                    );
                    return None;
                }
                None => {
                    self.error(
                        source.file,
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

    /// The frames' first: the root template, its parameters given by `file`.
    fn root_frame<'t>(
        &mut self,
        root: &'t Map<String, Value>,
        file: Option<&'t Map<String, Value>>,
    ) -> Frame<'t> {
        let declared = root.get("parameters").and_then(Value::as_object);
        let mut parameters = Vec::new();
        for (name, declaration) in declared.into_iter().flatten() {
            let given = file.and_then(|f| get_ci(f, name));
            let value = match given {
                Some((_, entry)) if entry.get("reference").is_some() => ParameterValue::Secret,
                Some((_, entry)) => match entry.get("value") {
                    Some(value) => ParameterValue::Given(Val::literal(value)),
                    None => ParameterValue::NoValue,
                },
                None => declaration
                    .get("defaultValue")
                    .map_or(ParameterValue::NoValue, ParameterValue::Default),
            };
            parameters.push((name.clone(), value));
        }
        // ARM refuses a parameters file with parameters its template does not declare.
        for (name, _) in file.into_iter().flatten() {
            if declared.is_none_or(|d| get_ci(d, name).is_none()) {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    JsonPointer::root().key("parameters").key(name),
                    format!(
                        "the template does not declare parameter `{name}`, and Azure refuses a parameters file with parameters its template does not declare"
                    ),
                );
            }
        }
        let variables = root.get("variables").and_then(Value::as_object);
        Frame {
            evaluation: Evaluation::new(parameters, variables),
            base: JsonPointer::root(),
            declared,
            variables,
            given: Given::File(file),
        }
    }

    /// Collects the definitions and assignments of a template's resources, entering nested
    /// deployments.
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn walk<'t>(
        &mut self,
        frames: &mut Vec<Frame<'t>>,
        frame: usize,
        template: &'t Map<String, Value>,
        base: &JsonPointer,
        group: Option<&GroupPlace<'t>>,
        out: &mut Vec<Found<'t>>,
        depth: usize,
    ) {
        for (resource, at) in resources_of(template, base) {
            // A resource whose `condition` is false is not deployed.
            if let Some(condition) = resource.get("condition")
                && matches!(
                    frames[frame].evaluation.json(condition),
                    Ok(Val::Bool(false))
                )
            {
                continue;
            }
            if is(resource, DEFINITION_TYPE) || is(resource, ASSIGNMENT_TYPE) {
                out.push(Found {
                    resource,
                    at,
                    frame,
                    group: group.cloned(),
                });
                continue;
            }
            if !is(resource, DEPLOYMENT_TYPE) || depth > 8 {
                continue;
            }
            let Some(inner) = resource
                .pointer("/properties/template")
                .and_then(Value::as_object)
            else {
                continue;
            };
            let inner_base = at.clone().key("properties").key("template");
            let copy = resource.get("copy").and_then(|c| {
                let count = c.get("count")?;
                Some((c.get("name").and_then(Value::as_str), count))
            });
            let place = resource.get("resourceGroup").map(|value| GroupPlace {
                value,
                at: at.clone().key("resourceGroup"),
                frame,
                copy,
            });
            let group = place.as_ref().or(group);
            let scope = resource
                .pointer("/properties/expressionEvaluationOptions/scope")
                .and_then(Value::as_str)
                .unwrap_or("outer");
            let inner_frame = if scope.eq_ignore_ascii_case("inner") {
                let values = resource
                    .pointer("/properties/parameters")
                    .and_then(Value::as_object);
                let declared = inner.get("parameters").and_then(Value::as_object);
                let mut parameters = Vec::new();
                for (name, declaration) in declared.into_iter().flatten() {
                    let given = values.and_then(|v| get_ci(v, name)).map(|(_, e)| e);
                    let value = match given {
                        Some(entry) if entry.get("reference").is_some() => ParameterValue::Secret,
                        Some(entry) => match entry.get("value") {
                            Some(value) => {
                                let evaluation = &frames[frame].evaluation;
                                let evaluated = match copy {
                                    Some((name, _)) => {
                                        evaluation.with_copy(name, Val::Int(0), |e| e.json(value))
                                    }
                                    None => evaluation.json(value),
                                };
                                match evaluated {
                                    Ok(v) => ParameterValue::Given(v),
                                    Err(e) => {
                                        self.error(
                                            ArmFile::Template,
                                            Rule::InvalidExpression,
                                            at.clone()
                                                .key("properties")
                                                .key("parameters")
                                                .key(name),
                                            e.0,
                                        );
                                        ParameterValue::NoValue
                                    }
                                }
                            }
                            None => ParameterValue::NoValue,
                        },
                        None => declaration
                            .get("defaultValue")
                            .map_or(ParameterValue::NoValue, ParameterValue::Default),
                    };
                    parameters.push((name.clone(), value));
                }
                let variables = inner.get("variables").and_then(Value::as_object);
                frames.push(Frame {
                    evaluation: Evaluation::new(parameters, variables),
                    base: inner_base.clone(),
                    declared,
                    variables,
                    given: match values {
                        Some(values) => Given::Nested {
                            values,
                            at: at.clone().key("properties").key("parameters"),
                            parent: frame,
                        },
                        None => Given::File(None),
                    },
                });
                frames.len() - 1
            } else {
                frame
            };
            self.walk(
                frames,
                inner_frame,
                inner,
                &inner_base,
                group,
                out,
                depth + 1,
            );
        }
    }

    /// Where the value of a template string is written: the parameters file's value, a
    /// parameter's default, a variable, or the string itself; with the template JSON written
    /// there and the frame it is evaluated in, when it is the template's.
    fn trace<'t>(
        frames: &[Frame<'t>],
        frame: usize,
        value: &'t Value,
        at: JsonPointer,
    ) -> Traced<'t> {
        if let Value::String(text) = value
            && let TemplateString::Expression(inner) = classify(text)
            && let Ok(expr) = parse(inner)
            && let Some(found) = Self::trace_expr(frames, frame, &expr, 0)
        {
            return found;
        }
        Traced {
            file: ArmFile::Template,
            at,
            raw: Some((value, frame)),
        }
    }

    fn trace_expr<'t>(
        frames: &[Frame<'t>],
        frame: usize,
        expr: &Expr,
        depth: usize,
    ) -> Option<Traced<'t>> {
        if depth > 16 {
            return None;
        }
        let f = &frames[frame];
        match expr {
            Expr::Call { name, args, .. } if args.len() == 1 => {
                let Expr::String(wanted) = &args[0] else {
                    return None;
                };
                if name.eq_ignore_ascii_case("parameters") {
                    let (key, declaration) = get_ci(f.declared?, wanted)?;
                    match &f.given {
                        Given::File(Some(file)) => {
                            if let Some((k, entry)) = get_ci(file, key) {
                                return entry.get("value").map(|_| Traced {
                                    file: ArmFile::Parameters,
                                    at: JsonPointer::root().key("parameters").key(k).key("value"),
                                    raw: None,
                                });
                            }
                        }
                        Given::Nested { values, at, parent } => {
                            if let Some((k, entry)) = get_ci(values, key) {
                                let value = entry.get("value")?;
                                return Some(Self::trace(
                                    frames,
                                    *parent,
                                    value,
                                    at.clone().key(k).key("value"),
                                ));
                            }
                        }
                        Given::File(None) => {}
                    }
                    let at = f.base.clone().key("parameters").key(key);
                    Some(match declaration.get("defaultValue") {
                        Some(default) => {
                            Self::trace(frames, frame, default, at.key("defaultValue"))
                        }
                        None => Traced {
                            file: ArmFile::Template,
                            at,
                            raw: None,
                        },
                    })
                } else if name.eq_ignore_ascii_case("variables") {
                    let (key, value) = get_ci(f.variables?, wanted)?;
                    Some(Self::trace(
                        frames,
                        frame,
                        value,
                        f.base.clone().key("variables").key(key),
                    ))
                } else {
                    None
                }
            }
            Expr::Call { name, args, .. } if args.len() == 3 && name.eq_ignore_ascii_case("if") => {
                match f.evaluation.eval(&args[0]).ok()? {
                    Val::Bool(true) => Self::trace_expr(frames, frame, &args[1], depth + 1),
                    Val::Bool(false) => Self::trace_expr(frames, frame, &args[2], depth + 1),
                    _ => None,
                }
            }
            Expr::Property(target, name) => {
                let traced = Self::trace_expr(frames, frame, target, depth + 1)?;
                Some(traced.child(name))
            }
            Expr::Index(target, index) => {
                let traced = Self::trace_expr(frames, frame, target, depth + 1)?;
                match f.evaluation.eval(index).ok()? {
                    Val::Int(i) => Some(traced.item(usize::try_from(i).ok()?)),
                    Val::Str(key) => Some(traced.child(&key)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Notes where the expressions inside a literal value take their values from, so that a
    /// finding about such a value is shown where the value is written (the parameters file's
    /// value of a parameter named inside a default array, for example).
    fn redirects<'t>(
        &mut self,
        frames: &[Frame<'t>],
        frame: usize,
        raw: &'t Value,
        file: ArmFile,
        at: &JsonPointer,
        depth: usize,
    ) {
        if depth > 8 {
            return;
        }
        match raw {
            Value::String(text) if matches!(classify(text), TemplateString::Expression(_)) => {
                let traced = Self::trace(frames, frame, raw, at.clone());
                if traced.file != file || &traced.at != at {
                    self.moved
                        .push(((file, at.clone()), (traced.file, traced.at.clone())));
                    if let Some((inner, inner_frame)) = traced.raw
                        && (inner.is_array() || inner.is_object())
                    {
                        self.redirects(
                            frames,
                            inner_frame,
                            inner,
                            traced.file,
                            &traced.at,
                            depth + 1,
                        );
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.redirects(frames, frame, item, file, &at.clone().index(i), depth + 1);
                }
            }
            Value::Object(map) if !map.get("copy").is_some_and(Value::is_array) => {
                for (k, v) in map {
                    self.redirects(frames, frame, v, file, &at.clone().key(k), depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Where a finding at `path` of `file` is shown, after the moves of [`Self::redirects`].
    fn moved_to(&self, mut file: ArmFile, mut path: JsonPointer) -> (ArmFile, JsonPointer) {
        for _ in 0..8 {
            let best = self
                .moved
                .iter()
                .filter(|((f, from), _)| {
                    *f == file
                        && (path == *from
                            || path
                                .as_str()
                                .strip_prefix(from.as_str())
                                .is_some_and(|rest| rest.starts_with('/')))
                })
                .max_by_key(|((_, from), _)| from.as_str().len());
            let Some(((_, from), (to_file, to))) = best else {
                break;
            };
            let skip = from.tokens().count();
            let rest: Vec<String> = path.tokens().skip(skip).collect();
            path = rest.iter().fold(to.clone(), |at, token| at.key(token));
            file = *to_file;
        }
        (file, path)
    }

    /// The value of a template property, evaluated in `frame` (within a copy loop's index when
    /// given), with its place.
    fn resolve<'t>(
        &mut self,
        frames: &[Frame<'t>],
        frame: usize,
        copy: Option<(Option<&str>, Val)>,
        value: &'t Value,
        at: JsonPointer,
        what: &'static str,
    ) -> Option<Source> {
        let evaluation = &frames[frame].evaluation;
        let evaluated = match copy.clone() {
            Some((name, index)) => evaluation.with_copy(name, index, |e| e.json(value)),
            None => evaluation.json(value),
        };
        let met = evaluation.unsupported();
        let evaluated = match evaluated {
            Ok(v) => v,
            Err(e) => {
                self.error(ArmFile::Template, Rule::InvalidExpression, at, e.0);
                return None;
            }
        };
        let traced = match copy.clone() {
            Some((name, index)) => frames[frame]
                .evaluation
                .with_copy(name, index, |_| Self::trace(frames, frame, value, at)),
            None => Self::trace(frames, frame, value, at),
        };
        let (file, at) = (traced.file, traced.at.clone());
        if let Some((raw, raw_frame)) = traced.raw
            && (raw.is_array() || raw.is_object())
        {
            match copy {
                Some((name, index)) => frames[frame].evaluation.with_copy(name, index, |_| {
                    self.redirects(frames, raw_frame, raw, file, &at, 0);
                }),
                None => self.redirects(frames, raw_frame, raw, file, &at, 0),
            }
        }
        let mut unknowns = Vec::new();
        let json = to_json(&evaluated, &JsonPointer::root(), &mut unknowns);
        // Each function not evaluated, once, where a value that depends on it is written (or
        // at the property).
        for function in met {
            if self
                .unsupported
                .iter()
                .any(|f| f.eq_ignore_ascii_case(&function))
            {
                continue;
            }
            let place = unknowns
                .iter()
                .find(|(_, u)| matches!(u, Unknown::Unsupported(f) if f.eq_ignore_ascii_case(&function)))
                .map_or_else(|| at.clone(), |(relative, _)| at.clone().join(relative));
            self.error(
                file,
                Rule::UnsupportedExpression,
                place,
                format!(
                    "the checker does not evaluate the function `{function}`; Azure evaluates it at deployment, and the values that depend on it are not checked"
                ),
            );
            self.unsupported.push(function);
        }
        // The checker's own limits (size, work, nesting): a value Azure may well compute, not
        // evaluated here; once, where a value past the limit is written (or at the property).
        if !self.limited
            && let Some(limit) = evaluation.limit()
        {
            let place = unknowns
                .iter()
                .find(|(_, u)| matches!(u, Unknown::Limit(_)))
                .map_or_else(|| at.clone(), |(relative, _)| at.clone().join(relative));
            self.push(
                file,
                Diagnostic::new(
                    Rule::UnsupportedExpression,
                    place,
                    format!(
                        "{limit}; the values that depend on it are not checked, and Azure evaluates them at deployment"
                    ),
                )
                .with_help(
                    "Nothing to fix if Azure deploys the template: the values past the checker's limit are checked when Azure deploys it; a smaller template is checked whole.",
                ),
            );
            self.limited = true;
        }
        for (relative, unknown) in unknowns {
            // A parameter without a value is noted at its declaration, once.
            let declared = match &unknown {
                Unknown::NoValue(name) => [frame, 0].iter().find_map(|&i| {
                    let (key, _) = get_ci(frames[i].declared?, name)?;
                    Some(frames[i].base.clone().key("parameters").key(key))
                }),
                _ => None,
            };
            match declared {
                Some(place) => self.unknown_value(ArmFile::Template, place, &unknown),
                None => self.unknown_value(file, at.clone().join(&relative), &unknown),
            }
            if let Some(place) = (!matches!(unknown, Unknown::Unsupported(_) | Unknown::Limit(_)))
                .then(|| at.clone().join(&relative))
            {
                self.mask(file, place);
            }
        }
        Some(Source {
            value: json,
            file,
            at,
            what,
        })
    }

    /// The note of a value known only at deployment (once per place), which masks the place.
    fn unknown_value(&mut self, file: ArmFile, at: JsonPointer, unknown: &Unknown) {
        self.unknown = true;
        let (rule, message) = match unknown {
            Unknown::NoValue(name) => (
                Rule::ParameterWithoutValue,
                format!(
                    "parameter `{name}` has no default value and no parameters file gives one, so this value is supplied at deployment and checked when given; check the parameters file with its template (`--template`)"
                ),
            ),
            Unknown::Deployment(what) => (
                Rule::DeploymentTimeValue,
                format!(
                    "this value is known only at deployment ({what}); it cannot be checked before"
                ),
            ),
            Unknown::Secret(name) => (
                Rule::DeploymentTimeValue,
                format!(
                    "parameter `{name}` is a Key Vault reference, read at deployment; it cannot be checked before"
                ),
            ),
            // Reported once, where the function is or the limit was reached.
            Unknown::Unsupported(_) | Unknown::Limit(_) => {
                self.mask(file, at);
                return;
            }
        };
        if !self
            .found
            .iter()
            .any(|(f, d)| *f == file && d.rule() == rule && d.path() == &at)
        {
            self.error(file, rule, at.clone(), message);
        }
        self.mask(file, at);
    }

    #[allow(clippy::too_many_lines)]
    fn template(
        &mut self,
        root: &Map<String, Value>,
        file: Option<&Map<String, Value>>,
    ) -> Option<Inputs> {
        let at_resources = JsonPointer::root().key("resources");
        if !matches!(root["resources"], Value::Array(_) | Value::Object(_)) {
            self.error(
                ArmFile::Template,
                Rule::WrongType,
                at_resources,
                format!("expected an array, found {}", describe(&root["resources"])),
            );
            return None;
        }
        let mut frames = vec![self.root_frame(root, file)];
        let mut found = Vec::new();
        self.walk(
            &mut frames,
            0,
            root,
            &JsonPointer::root(),
            None,
            &mut found,
            0,
        );
        let definitions: Vec<&Found<'_>> = found
            .iter()
            .filter(|f| is(f.resource, DEFINITION_TYPE))
            .collect();
        let Some(definition) = definitions.first() else {
            let linked = linked_templates(root, &JsonPointer::root(), 0);
            if !linked.is_empty() {
                // The delegation may be in a template Azure fetches at deployment.
                self.unknown = true;
                for (at, uri) in linked {
                    self.error(
                        ArmFile::Template,
                        Rule::LinkedTemplate,
                        at,
                        format!(
                            "this deployment links the template {uri}, which Azure fetches at deployment and the checker does not; check that template itself"
                        ),
                    );
                }
                return None;
            }
            let mut types: Vec<&str> = resources_of(root, &JsonPointer::root())
                .iter()
                .map(|(r, _)| type_of(r))
                .collect();
            types.dedup();
            self.error(
                ArmFile::Template,
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
        if let Some(second) = definitions.get(1) {
            self.error(
                ArmFile::Template,
                Rule::UnsupportedTemplate,
                second.at.clone(),
                format!(
                    "expected one registration definition, found another one besides the one at {}; read the template in parts",
                    definition.at
                ),
            );
            return None;
        }
        // A definition is a subscription resource: not in a resource group deployment.
        let group_template = root
            .get("$schema")
            .and_then(Value::as_str)
            .is_some_and(|schema| {
                schema
                    .to_ascii_lowercase()
                    .ends_with("/deploymenttemplate.json#")
            });
        if definition.group.is_some()
            || (group_template && definition.frame == 0 && definition.at.tokens().count() == 2)
        {
            self.error(
                ArmFile::Template,
                Rule::DefinitionAtResourceGroupScope,
                definition.at.clone(),
                "the registration definition is deployed to a resource group, but it is a subscription resource and the provider refuses it there; deploy the template to the subscription and only the assignments to resource groups",
            );
        }
        let frame = definition.frame;
        let at_definition = definition.at.clone();
        let resource = definition.resource;
        // A copy loop on the definition: its properties are read at the first index.
        let copy = resource.get("copy").map(|c| {
            let name = c.get("name").and_then(Value::as_str);
            let index = match c.get("count").map(|n| frames[frame].evaluation.json(n)) {
                Some(Ok(Val::Unknown(u))) => Val::Unknown(u),
                _ => Val::Int(0),
            };
            (name, index)
        });

        // The properties, each evaluated.
        let at_properties = at_definition.clone().key("properties");
        let properties = match resource.get("properties") {
            Some(Value::Object(map)) => map,
            Some(other) => {
                self.error(
                    ArmFile::Template,
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
                    ArmFile::Template,
                    Rule::MissingField,
                    at_definition,
                    "missing required field `properties`",
                );
                return None;
            }
        };
        let frames_ref = &frames;
        let property = |me: &mut Self, key: &'static str, what: &'static str, required: bool| {
            if let Some((k, value)) = get_ci(properties, key) {
                me.resolve(
                    frames_ref,
                    frame,
                    copy.clone(),
                    value,
                    at_properties.clone().key(k),
                    what,
                )
            } else {
                if required {
                    me.error(
                        ArmFile::Template,
                        Rule::MissingField,
                        at_properties.clone(),
                        format!("missing required field `{key}`"),
                    );
                }
                None
            }
        };
        let name = property(self, "registrationDefinitionName", WHAT_NAME, true);
        let description_written =
            get_ci(properties, "description").is_some_and(|(_, v)| !v.is_null());
        let description = property(self, "description", WHAT_DESCRIPTION, false);
        let tenant = property(self, "managedByTenantId", WHAT_TENANT, true);
        let authorizations = property(self, "authorizations", WHAT_AUTHORIZATIONS, true);
        let eligible = property(self, "eligibleAuthorizations", WHAT_ELIGIBLE, false);
        // `[json('null')]` or `null` is as if the property were not there.
        let present = |s: Option<Source>| s.filter(|s| !s.value.is_null());
        let description = present(description);
        let eligible = present(eligible);
        let description_missing_at = (description.is_none() && !description_written)
            .then(|| (ArmFile::Template, at_properties.clone()));

        // The API versions of the definition and of its assignments.
        let has_eligible = eligible
            .as_ref()
            .is_some_and(|e| e.value.as_array().is_none_or(|items| !items.is_empty()));
        for f in &found {
            let Some(version) = f.resource.get("apiVersion").and_then(Value::as_str) else {
                continue;
            };
            let eligible_here = has_eligible && is(f.resource, DEFINITION_TYPE);
            if let Some(d) =
                api_version::judge(version, eligible_here, f.at.clone().key("apiVersion"))
            {
                self.push(ArmFile::Template, d);
            }
        }

        // The Marketplace plan block.
        let marketplace = match resource.get("plan") {
            None | Some(Value::Null) => None,
            Some(plan) => self
                .resolve(
                    &frames,
                    frame,
                    copy.clone(),
                    plan,
                    at_definition.clone().key("plan"),
                    WHAT_MARKETPLACE,
                )
                .filter(|plan| !plan.value.is_null())
                .and_then(|plan| self.plan_block(&plan)),
        };

        // The scope, from where the definition is assigned.
        let mut groups = Vec::new();
        let mut in_groups = false;
        let mut at_subscription = false;
        for f in found.iter().filter(|f| is(f.resource, ASSIGNMENT_TYPE)) {
            let Some(place) = &f.group else {
                at_subscription = true;
                continue;
            };
            in_groups = true;
            let indexes: Vec<Option<(Option<&str>, Val)>> = match place.copy {
                None => vec![None],
                Some((name, count)) => match frames[place.frame].evaluation.json(count) {
                    Ok(Val::Int(n)) => (0..n.clamp(0, crate::arm::evaluate::MAX_COPY_COUNT))
                        .map(|i| Some((name, Val::Int(i))))
                        .collect(),
                    Ok(Val::Unknown(u)) => vec![Some((name, Val::Unknown(u)))],
                    Ok(_) | Err(_) => vec![Some((name, Val::Int(0)))],
                },
            };
            for index in indexes {
                if let Some(source) = self.resolve(
                    &frames,
                    place.frame,
                    index,
                    place.value,
                    place.at.clone(),
                    WHAT_GROUP,
                ) {
                    // A copy loop over one literal group names it once per index: one group.
                    let again = groups.iter().any(|g| {
                        matches!(g, GroupSource::One(s) if s.at == source.at && s.file == source.file && s.value == source.value)
                    });
                    if !again {
                        groups.push(GroupSource::One(source));
                    }
                }
            }
        }
        let scope = if in_groups {
            if groups.is_empty() {
                ScopeInput::Invalid
            } else {
                ScopeInput::Groups(groups)
            }
        } else if at_subscription {
            ScopeInput::Subscription
        } else {
            self.error(
                ArmFile::Template,
                Rule::UnsupportedTemplate,
                definition.at.clone(),
                format!(
                    "the registration definition is not assigned: expected a {ASSIGNMENT_TYPE} beside it or in a nested deployment"
                ),
            );
            ScopeInput::Invalid
        };

        Some(Inputs {
            name,
            description,
            description_missing_at,
            tenant,
            authorizations,
            eligible,
            scope,
            marketplace,
            content_version: None,
        })
    }

    /// The four fields of a template's `plan` block, already evaluated.
    fn plan_block(&mut self, plan: &Source) -> Option<MarketplaceInput> {
        let Some(map) = plan.value.as_object() else {
            if plan.value.as_str() != Some(UNKNOWN_MARKER) {
                self.error(
                    plan.file,
                    Rule::WrongType,
                    plan.at.clone(),
                    format!(
                        "expected the plan as an object, found {}",
                        describe(&plan.value)
                    ),
                );
            }
            return None;
        };
        let field = |me: &mut Self, key: &str, what: &'static str| {
            if let Some(value) = map.get(key) {
                Some(Source {
                    value: value.clone(),
                    file: plan.file,
                    at: plan.at.clone().key(key),
                    what,
                })
            } else {
                me.error(
                    plan.file,
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
    fn scan(
        &mut self,
        value: &Value,
        file: ArmFile,
        at: &JsonPointer,
        key: Option<&str>,
        what: &'static str,
    ) {
        match value {
            Value::String(text) if is_placeholder(text) => {
                self.error(
                    file,
                    Rule::PlaceholderValue,
                    at.clone(),
                    format!(
                        "{text:?} is a placeholder left from a sample; expected {}",
                        what_field(key, what)
                    ),
                );
                self.mask(file, at.clone());
            }
            Value::String(text) if is_nil_guid(text) => {
                self.error(
                    file,
                    Rule::NilGuid,
                    at.clone(),
                    format!(
                        "expected {}, found the all-zero GUID, a placeholder of Microsoft's samples",
                        what_field(key, what)
                    ),
                );
                self.mask(file, at.clone());
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan(item, file, &at.clone().index(i), key, what);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.scan(v, file, &at.clone().key(k), Some(k), what);
                }
            }
            _ => {}
        }
    }

    fn assemble(&mut self, inputs: Inputs) -> Option<ArmDelegation> {
        let Inputs {
            name,
            description,
            description_missing_at,
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
        let sources: Vec<Source> = sources.into_iter().cloned().collect();
        for source in &sources {
            self.scan(&source.value, source.file, &source.at, None, source.what);
        }
        if let Some((file, at)) = description_missing_at {
            self.error(
                file,
                Rule::MissingDescription,
                at,
                "the registration definition has no description; the provider does not require one, but customers then see only the name: add a description of the offer",
            );
        }

        let name = name.and_then(|s| self.decode::<RegistrationName>(&s));
        let description = match description {
            None => Some(None),
            Some(s) => self.decode::<RegistrationDescription>(&s).map(Some),
        };
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
        let manifest = self.manifest(tenant, authorizations, eligible);
        let scope = self.scope(scope);

        Some(ArmDelegation::new(
            name?,
            description?,
            version,
            manifest?,
            scope?,
            marketplace?,
        ))
    }

    /// Reads the tenant and authorizations by the provider's rules, and moves every finding
    /// to where its value is in the files.
    fn manifest(
        &mut self,
        tenant: Option<Source>,
        authorizations: Option<Source>,
        eligible: Option<Source>,
    ) -> Option<crate::arm::delegation::ArmManifest> {
        let mut document = Map::new();
        let mut bases: Vec<(&str, ArmFile, JsonPointer)> = Vec::new();
        for (key, source) in [
            ("tenantId", tenant),
            ("authorizations", authorizations),
            ("eligibleAuthorizations", eligible),
        ] {
            if let Some(source) = source {
                document.insert(key.into(), source.value);
                bases.push((key, source.file, source.at));
            }
        }
        // Without a tenant or authorizations there is no delegation (their absence is
        // reported already), but what is there is still checked.
        let complete = ["tenantId", "authorizations"]
            .iter()
            .all(|key| bases.iter().any(|(k, _, _)| k == key));
        let relocate = |d: &Diagnostic| -> Option<(ArmFile, Diagnostic)> {
            let mut tokens = d.path().tokens();
            let first = tokens.next()?;
            let (_, file, base) = bases.iter().find(|(key, _, _)| *key == first)?;
            let at = tokens.fold(base.clone(), |at, token| at.key(&token));
            Some((*file, d.clone().moved_to(at)))
        };
        let mut cx = Cx::default();
        let (manifest, warnings) = read_manifest(&Value::Object(document), &mut cx);
        let found: Vec<(ArmFile, Diagnostic)> = cx
            .into_diagnostics()
            .iter()
            .chain(&warnings)
            .filter_map(relocate)
            .collect();
        for (file, d) in found {
            self.push(file, d);
        }
        manifest.filter(|_| complete)
    }

    fn scope(&mut self, input: ScopeInput) -> Option<Scope> {
        let groups = match input {
            ScopeInput::Subscription => return Some(Scope::Subscription),
            ScopeInput::Invalid => return None,
            ScopeInput::Groups(groups) => groups,
        };
        let mut found: Vec<(ResourceGroupName, ArmFile, JsonPointer)> = Vec::new();
        let mut complete = true;
        let mut list_at = None;
        for group in groups {
            match group {
                GroupSource::One(source) => match self.decode::<ResourceGroupName>(&source) {
                    Some(name) => found.push((name, source.file, source.at)),
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
                                    found.push((
                                        name,
                                        source.file,
                                        source.at.clone().index(i).key("rgName"),
                                    ));
                                }
                                None => complete = false,
                            }
                        }
                    } else {
                        complete = false;
                    }
                    for d in cx.into_diagnostics() {
                        self.push(source.file, d.under(&source.at));
                    }
                    list_at.get_or_insert((source.file, source.at));
                }
            }
        }
        let names: Vec<ResourceGroupName> = found.iter().map(|(n, _, _)| n.clone()).collect();
        let mut problems = resource_group_problems(&names);
        if !complete {
            // Groups that could not be read, or are known only at deployment, are reported.
            problems.retain(|p| !matches!(p, ResourceGroupsError::Empty));
        }
        let valid = problems.is_empty();
        for problem in problems {
            let (file, at) = match &problem {
                ResourceGroupsError::Duplicate { index, .. } => {
                    (found[*index].1, found[*index].2.clone())
                }
                _ => list_at
                    .clone()
                    .unwrap_or((ArmFile::Parameters, JsonPointer::root().key("parameters"))),
            };
            self.push(file, problem.at(at));
        }
        (complete && valid)
            .then(|| ResourceGroups::new(names).ok())
            .flatten()
            .map(Scope::ResourceGroups)
    }

    /// The findings that stay: placeholders, all-zero GUIDs and unknowns stand in for the
    /// other findings at their place.
    fn kept(&mut self) -> Vec<(ArmFile, Diagnostic)> {
        let masked = std::mem::take(&mut self.masked);
        let hidden = |file: ArmFile, d: &Diagnostic| {
            !matches!(
                d.rule(),
                Rule::PlaceholderValue
                    | Rule::NilGuid
                    | Rule::ParameterWithoutValue
                    | Rule::DeploymentTimeValue
                    | Rule::LinkedTemplate
                    | Rule::UnsupportedExpression
            ) && masked.iter().any(|(f, m)| {
                *f == file
                    && (d.path() == m
                        || d.path()
                            .as_str()
                            .strip_prefix(m.as_str())
                            .is_some_and(|rest| rest.starts_with('/')))
            })
        };
        // The model's GUID types refuse the all-zero GUID too: the first finding at a path (the
        // scan's, in the words of an ARM file) is the one reported.
        let mut nil_at: Vec<(ArmFile, JsonPointer)> = Vec::new();
        let mut found: Vec<(ArmFile, Diagnostic)> = std::mem::take(&mut self.found)
            .into_iter()
            .filter(|(f, d)| !hidden(*f, d))
            .filter(|(f, d)| {
                if d.rule() != Rule::NilGuid {
                    return true;
                }
                let at = (*f, d.path().clone());
                if nil_at.contains(&at) {
                    return false;
                }
                nil_at.push(at);
                true
            })
            .collect();
        found.dedup();
        found
    }

    /// The result of one file.
    fn single(
        mut self,
        delegation: Option<ArmDelegation>,
    ) -> Result<Checked<ArmDelegation>, Report> {
        let unknown = self.unknown;
        let mut diagnostics: Vec<Diagnostic> = self.kept().into_iter().map(|(_, d)| d).collect();
        let errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
        match delegation {
            Some(delegation) if !errors && !unknown => {
                diagnostics.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
                Ok(Checked::new(delegation, diagnostics))
            }
            _ => Err(Report::new(diagnostics)),
        }
    }

    /// The result of a pair of files.
    fn pair_result(mut self, delegation: Option<ArmDelegation>) -> ArmCheck {
        let unknown = self.unknown;
        let kept = self.kept();
        let errors = kept.iter().any(|(_, d)| d.severity() == Severity::Error);
        let side = |file: ArmFile| {
            Report::new(
                kept.iter()
                    .filter(|(f, _)| *f == file)
                    .map(|(_, d)| d.clone())
                    .collect(),
            )
            .into_diagnostics()
        };
        ArmCheck {
            delegation: delegation.filter(|_| !errors && !unknown),
            template: side(ArmFile::Template),
            parameters: side(ArmFile::Parameters),
        }
    }
}

/// The nested deployments that link a template by URI (`properties.templateLink`): where the
/// link is, and its URI (shortened) as written.
fn linked_templates(
    template: &Map<String, Value>,
    base: &JsonPointer,
    depth: usize,
) -> Vec<(JsonPointer, String)> {
    let mut found = Vec::new();
    if depth > 8 {
        return found;
    }
    for (resource, at) in resources_of(template, base) {
        if !is(resource, DEPLOYMENT_TYPE) {
            continue;
        }
        if let Some(link) = resource.pointer("/properties/templateLink") {
            let uri = link.get("uri").or_else(|| link.get("id")).map_or_else(
                || "(no uri)".to_owned(),
                |u| crate::document::decode::shortened(&u.to_string()).into_owned(),
            );
            found.push((at.clone().key("properties").key("templateLink"), uri));
        }
        if let Some(inner) = resource
            .pointer("/properties/template")
            .and_then(Value::as_object)
        {
            let inner_base = at.key("properties").key("template");
            found.extend(linked_templates(inner, &inner_base, depth + 1));
        }
    }
    found
}

/// Whether resources (or nested deployments among them) deploy a registration definition.
fn contains_definition(resources: &Value, depth: usize) -> bool {
    let items: Vec<&Value> = match resources {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    };
    depth < 8
        && items.iter().any(|r| {
            is(r, DEFINITION_TYPE)
                || (is(r, DEPLOYMENT_TYPE)
                    && r.pointer("/properties/template/resources")
                        .is_some_and(|inner| contains_definition(inner, depth + 1)))
        })
}

/// The value as JSON, each unknown replaced by [`UNKNOWN_MARKER`] and listed with its path.
fn to_json(value: &Val, at: &JsonPointer, unknowns: &mut Vec<(JsonPointer, Unknown)>) -> Value {
    match value {
        Val::Unknown(u) => {
            unknowns.push((at.clone(), u.clone()));
            Value::String(UNKNOWN_MARKER.into())
        }
        Val::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &at.clone().index(i), unknowns))
                .collect(),
        ),
        Val::Object(members) => {
            let mut map = Map::new();
            for (k, v) in members {
                map.insert(k.clone(), to_json(v, &at.clone().key(k), unknowns));
            }
            Value::Object(map)
        }
        other => other.to_json(&mut |_| Value::Null),
    }
}
