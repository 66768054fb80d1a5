//! The files of an onboarding in each form a provider deploys: ARM JSON, Bicep, Terraform.
//!
//! [`files`] writes an [`ArmOnboarding`] (a plan's manifest, a registration name and
//! description, a scope) as the files of one form ([`ExportFormat`]). Every form carries the
//! same delegation: the same parameters and values as the ARM export (its parameters file is
//! the one source of the values), the same registration name, and the same GUIDs, derived once
//! ([`arm::registration_guid`]): ARM and Bicep compute them at deployment with the same
//! `guid()` expression, Terraform writes them.
//!
//! [`files`] says which files each form writes.

mod bicep;
mod terraform;

use std::fmt;

use serde_json::{Map, Value};

use crate::arm::{self, ArmOnboarding, Scope};

/// The form an onboarding is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// An ARM template and its parameters file (JSON).
    #[default]
    Arm,
    /// A Bicep file and its `.bicepparam` file (and a module for resource groups).
    Bicep,
    /// A Terraform root module of the `azurerm` provider.
    Terraform,
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Arm => "arm",
            ExportFormat::Bicep => "bicep",
            ExportFormat::Terraform => "terraform",
        })
    }
}

/// One file of an export: its path, relative to the folder the files go to (`/` separated),
/// and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedFile {
    path: String,
    text: String,
}

impl ExportedFile {
    /// The path, relative to the folder the export is written to.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The text, ending with a new line.
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// The files of `onboarding` in `format`, each path starting with `prefix`; the main file
/// first.
///
/// | form | files (`PREFIX` is what the caller gives, `gold.` for the plan `gold`) |
/// |---|---|
/// | ARM | `PREFIX`*scope*`.json`, `PREFIX`*scope*`.parameters.json` |
/// | Bicep | `PREFIX`*scope*`.bicep`, `PREFIX`*scope*`.bicepparam`; for resource groups also `modules/PREFIX`*scope*`.assignment.bicep`, the module that places the assignment in each group |
/// | Terraform | `PREFIX`*scope*`/main.tf`: a root module of its own, so that two plans never declare the same variable in one folder |
///
/// *scope* is `subscription` or `resource-groups`.
///
/// ```
/// use lighthouse_offer::Offer;
/// use lighthouse_offer::arm::{ArmOnboarding, Scope};
/// use lighthouse_offer::export::{self, ExportFormat};
///
/// let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json")?;
/// let offer = Offer::from_json_str(&text)?.into_parts().0;
/// let onboarding = ArmOnboarding::for_offer_plan(&offer, &offer.plans()[0], Scope::Subscription);
/// let files = export::files(&onboarding, ExportFormat::Bicep, "gold.");
/// let names: Vec<&str> = files.iter().map(|f| f.path()).collect();
/// assert_eq!(names, ["gold.subscription.bicep", "gold.subscription.bicepparam"]);
/// assert!(files[1].text().contains("\nusing './gold.subscription.bicep'\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn files(onboarding: &ArmOnboarding, format: ExportFormat, prefix: &str) -> Vec<ExportedFile> {
    let stem = format!("{prefix}{}", scope_stem(onboarding.scope()));
    match format {
        ExportFormat::Arm => {
            let arm = arm::export(onboarding);
            vec![
                ExportedFile {
                    path: format!("{prefix}{}", arm.template_file_name()),
                    text: arm.template_json(),
                },
                ExportedFile {
                    path: format!("{prefix}{}", arm.parameters_file_name()),
                    text: arm.parameters_json(),
                },
            ]
        }
        ExportFormat::Bicep => bicep::files(onboarding, &stem),
        ExportFormat::Terraform => vec![ExportedFile {
            path: format!("{stem}/main.tf"),
            text: terraform::main_tf(onboarding),
        }],
    }
}

/// `subscription` or `resource-groups`, as the ARM export names its files.
fn scope_stem(scope: &Scope) -> &'static str {
    match scope {
        Scope::Subscription => "subscription",
        Scope::ResourceGroups(_) => "resource-groups",
    }
}

/// A parameter of the ARM export: its name, type (`string`, `array`), description and value.
struct Parameter {
    name: String,
    kind: String,
    description: String,
    value: Value,
}

/// The parameters of the ARM export, in the template's order, with the parameters file's values:
/// the one source of every name, description and value the other forms write.
fn arm_parameters(onboarding: &ArmOnboarding) -> Vec<Parameter> {
    let exported = arm::export(onboarding);
    let template = serde_json::to_value(exported.template()).unwrap_or(Value::Null);
    let values = serde_json::to_value(exported.parameters()).unwrap_or(Value::Null);
    let text = exported.template_json();
    let declared: Map<String, Value> = template
        .get("parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // `Value` sorts its keys: the order of the file is its text's.
    let mut ordered: Vec<(usize, Parameter)> = declared
        .into_iter()
        .map(|(name, declaration)| {
            let at = text
                .find(&format!("\n    \"{name}\": {{"))
                .unwrap_or(usize::MAX);
            let field = |v: &Value, k: &str| {
                v.get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let parameter = Parameter {
                kind: field(&declaration, "type"),
                description: declaration
                    .get("metadata")
                    .map(|m| field(m, "description"))
                    .unwrap_or_default(),
                value: values["parameters"][&name]["value"].clone(),
                name,
            };
            (at, parameter)
        })
        .collect();
    ordered.sort_by_key(|(at, _)| *at);
    ordered.into_iter().map(|(_, p)| p).collect()
}

/// The name of a built-in role, for a comment beside its GUID.
fn role_comment(value: &Value) -> Option<String> {
    let id: crate::RoleDefinitionId = value.as_str()?.parse().ok()?;
    id.role_name()
}
