//! From ARM files back to a delegation: a parameters file, a template (evaluated with its
//! defaults), or a parameters file with its template, as Azure deploys them.

use serde_json::{Map, Value};

use crate::arm::delegation::ArmDelegation;
use crate::arm::evaluate::Scope as Evaluation;
use crate::arm::jsonc;
use crate::document::decode::describe_json as describe;
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;
use crate::values::version::ManifestVersion;

mod assemble;
mod findings;
mod parameters;
mod policy;
mod template;
mod walk;

use walk::{contains_definition, get_ci};

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
/// **Policies** that deploy a delegation (an Azure Policy definition, its `properties`, or a
/// template that creates `Microsoft.Authorization/policyDefinitions`) are judged by the template
/// embedded in `policyRule.then.details.deployment.properties` with the deployment's
/// `parameters`, as Azure Policy hands them over: `[parameters('p')]` is the policy parameter's
/// default, other policy expressions are known at deployment (`deployment-time-value`). Each
/// finding is placed where it is written in the policy.
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
    CheckOptions::new().check(text)
}

/// How ARM files are checked: [`CheckOptions::new`] judges roles with the bundled catalog,
/// [`CheckOptions::role_catalog`] with another. Its methods are [`check`], [`check_value`] and
/// [`check_with_template`] with these options.
///
/// ```
/// use lighthouse_offer::arm::CheckOptions;
/// use lighthouse_offer::roles::RoleCatalog;
///
/// let options = CheckOptions::new().role_catalog(RoleCatalog::bundled());
/// assert!(options.check("{}").is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckOptions {
    role_catalog: RoleCatalog,
}

impl CheckOptions {
    /// Judges roles with the bundled catalog.
    #[must_use]
    pub fn new() -> Self {
        CheckOptions::default()
    }

    /// Judges roles with `catalog` (its roles read from Azure first, then the bundled ones).
    #[must_use]
    pub fn role_catalog(mut self, catalog: RoleCatalog) -> Self {
        self.role_catalog = catalog;
        self
    }

    /// The catalog roles are judged with.
    #[must_use]
    pub fn catalog(&self) -> &RoleCatalog {
        &self.role_catalog
    }

    fn reader(&self) -> Reader {
        Reader {
            roles: self.role_catalog.clone(),
            ..Reader::default()
        }
    }

    /// [`check`] with these options.
    ///
    /// # Errors
    /// A [`Report`] with every finding when no delegation can be read.
    pub fn check(&self, text: &str) -> Result<Checked<ArmDelegation>, Report> {
        let (value, duplicates) = jsonc::read(text).map_err(Report::new)?;
        if let Some(result) = policy::check(&self.role_catalog, &value, duplicates.clone()) {
            return result;
        }
        let mut reader = self.reader();
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

    /// [`check_value`] with these options.
    ///
    /// # Errors
    /// A [`Report`] with every finding when no delegation can be read.
    pub fn check_value(&self, value: &Value) -> Result<Checked<ArmDelegation>, Report> {
        if let Some(result) = policy::check(&self.role_catalog, value, Vec::new()) {
            return result;
        }
        let mut reader = self.reader();
        let delegation = reader.file(value, None);
        reader.single(delegation)
    }

    /// [`check_with_template`] with these options.
    #[must_use]
    pub fn check_with_template(&self, parameters: &str, template: &str) -> ArmCheck {
        let mut reader = self.reader();
        let template = reader.read(ArmFile::Template, template);
        let parameters = reader.read(ArmFile::Parameters, parameters);
        let delegation = match (&template, &parameters) {
            (Some(template), Some(parameters)) => reader.pair(template, parameters),
            _ => None,
        };
        reader.pair_result(delegation)
    }
}

/// [`check`] for a file already parsed.
///
/// # Errors
/// A [`Report`] with every finding when no delegation can be read.
pub fn check_value(value: &Value) -> Result<Checked<ArmDelegation>, Report> {
    CheckOptions::new().check_value(value)
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
    CheckOptions::new().check_with_template(parameters, template)
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
    /// The catalog that judges roles.
    roles: RoleCatalog,
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
}

/// Names in backquotes, separated by commas: `` `a`, `b` ``.
fn names(list: &[&str]) -> String {
    list.iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
