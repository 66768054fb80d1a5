//! The Bicep export: a `.bicep` file deployed to the subscription, its `.bicepparam` file and,
//! for resource groups, the module that places the assignment in each group (Bicep deploys a
//! resource to another scope only through a module, BCP139).

use std::fmt::Write as _;

use serde_json::Value;

use super::{ExportedFile, Parameter, arm_parameters, role_comment};
use crate::arm::template;
use crate::arm::{self, ArmOnboarding, Scope};

const DEFINITION: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT: &str = "Microsoft.ManagedServices/registrationAssignments";

/// The user-defined types of the parameters: what an authorization holds, so that an editor
/// with Bicep's extension completes and checks the `.bicepparam` values.
const TYPES: &str = "@description('A permanent authorization: a principal of the managing tenant and the built-in role it gets.')
type authorization = {
  principalId: string
  principalIdDisplayName: string
  roleDefinitionId: string
  @description('The roles a User Access Administrator may assign, and only with that role.')
  delegatedRoleDefinitionIds: string[]?
}
";

const ELIGIBLE_TYPES: &str = "
@description('A principal of the managing tenant who approves activations.')
type approver = {
  principalId: string
  principalIdDisplayName: string?
}

@description('An eligible authorization: the role is activated just in time, under its policy.')
type eligibleAuthorization = {
  principalId: string
  principalIdDisplayName: string
  roleDefinitionId: string
  justInTimeAccessPolicy: {
    multiFactorAuthProvider: 'Azure' | 'None'
    @description('An ISO 8601 duration between PT30M and PT8H.')
    maximumActivationDuration: string
    managedByTenantApprovers: approver[]?
  }
}
";

const GROUP_TYPE: &str = "
// Not named `resourceGroup`: that name would hide the function `resourceGroup()`.
@description('A resource group of the customer\\'s subscription.')
type delegatedResourceGroup = {
  rgName: string
}
";

/// The files: the main file, its `.bicepparam`, and the module of the resource group form.
pub(super) fn files(onboarding: &ArmOnboarding, stem: &str) -> Vec<ExportedFile> {
    let parameters = arm_parameters(onboarding);
    let main_name = format!("{stem}.bicep");
    let file_name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_owned();
    // In a folder of its own, so that `check *.bicep` reads the main files only.
    let module_name = format!("modules/{}.assignment.bicep", file_name(stem));
    let mut files = vec![
        ExportedFile {
            path: main_name.clone(),
            text: main(onboarding, &parameters, &main_name, &module_name),
        },
        ExportedFile {
            path: format!("{stem}.bicepparam"),
            text: bicepparam(onboarding, &parameters, &file_name(&main_name)),
        },
    ];
    if matches!(onboarding.scope(), Scope::ResourceGroups(_)) {
        let folder = stem
            .rsplit_once('/')
            .map_or(String::new(), |(f, _)| format!("{f}/"));
        files.push(ExportedFile {
            path: format!("{folder}{module_name}"),
            text: assignment_module(),
        });
    }
    files
}

/// The type of a parameter in the main file.
fn parameter_type(name: &str, kind: &str) -> &'static str {
    match (name, kind) {
        ("authorizations", _) => "authorization[]",
        ("eligibleAuthorizations", _) => "eligibleAuthorization[]",
        ("resourceGroups", _) => "delegatedResourceGroup[]",
        (_, "array") => "array",
        _ => "string",
    }
}

fn main(
    onboarding: &ArmOnboarding,
    parameters: &[Parameter],
    main_name: &str,
    module_name: &str,
) -> String {
    let has = |name: &str| parameters.iter().any(|p| p.name == name);
    let eligible = has("eligibleAuthorizations");
    let groups = matches!(onboarding.scope(), Scope::ResourceGroups(_));
    let file = main_name.rsplit('/').next().unwrap_or(main_name);
    let params_file = format!("{}.bicepparam", file.trim_end_matches(".bicep"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {}: the Azure Lighthouse delegation of {} to the managing tenant {}.",
        onboarding.name().as_str(),
        if groups {
            "resource groups"
        } else {
            "a subscription"
        },
        onboarding.manifest().tenant_id()
    );
    let _ = writeln!(
        out,
        "// The customer deploys it to the subscription:\n//   az deployment sub create --location westeurope --template-file {file} --parameters {params_file}"
    );
    out.push_str("\ntargetScope = 'subscription'\n\n");
    out.push_str(TYPES);
    if eligible {
        out.push_str(ELIGIBLE_TYPES);
    }
    if groups {
        out.push_str(GROUP_TYPE);
    }
    for p in parameters {
        let _ = write!(
            out,
            "\n@description({})\nparam {} {}\n",
            string(&p.description),
            p.name,
            parameter_type(&p.name, &p.kind)
        );
    }
    let seed = match onboarding.registration_seed() {
        Some(seed) => {
            let _ = write!(
                out,
                "\n// What the GUIDs of the definition and its assignment are derived from, with the\n// managing tenant: the same inputs give the same names, so deploying a new version\n// updates the delegation.\nvar registrationSeed = {}\n",
                string(seed)
            );
            "registrationSeed"
        }
        None => "mspOfferName",
    };
    let api = arm::API_VERSION;
    let plan = if has("marketplacePlanId") {
        "  plan: {\n    name: marketplacePlanId\n    product: marketplaceOfferId\n    publisher: marketplacePublisherId\n    version: marketplacePlanVersion\n  }\n"
    } else {
        ""
    };
    let eligible_line = if eligible {
        "    eligibleAuthorizations: eligibleAuthorizations\n"
    } else {
        ""
    };
    let properties = format!(
        "  properties: {{\n    registrationDefinitionName: mspOfferName\n    description: mspOfferDescription\n    managedByTenantId: managedByTenantId\n    authorizations: authorizations\n{eligible_line}  }}\n"
    );
    if groups {
        let guid = format!("guid(managedByTenantId, {seed}, group.rgName)");
        let _ = write!(
            out,
            "\n// One definition per resource group, each assigned in its group by the module.\nresource definitions '{DEFINITION}@{api}' = [for group in resourceGroups: {{\n  name: {guid}\n{plan}{properties}}}]\n",
        );
        let _ = write!(
            out,
            "\nmodule assignments './{module_name}' = [for (group, i) in resourceGroups: {{\n  name: 'rgAssignment${{i}}'\n  scope: resourceGroup(group.rgName)\n  params: {{\n    assignmentName: {guid}\n    definitionId: definitions[i].id\n  }}\n}}]\n"
        );
    } else {
        let _ = write!(
            out,
            "\n// The GUID that names the definition and its assignment.\nvar registrationName = guid(managedByTenantId, {seed})\n"
        );
        let _ = write!(
            out,
            "\nresource definition '{DEFINITION}@{api}' = {{\n  name: registrationName\n{plan}{properties}}}\n"
        );
        let _ = write!(
            out,
            "\nresource assignment '{ASSIGNMENT}@{api}' = {{\n  name: registrationName\n  properties: {{\n    registrationDefinitionId: definition.id\n  }}\n}}\n"
        );
    }
    out.push_str("\noutput mspOfferName string = 'Managed by ${mspOfferName}'\noutput authorizations authorization[] = authorizations\n");
    if eligible {
        out.push_str(
            "output eligibleAuthorizations eligibleAuthorization[] = eligibleAuthorizations\n",
        );
    }
    out
}

/// The module deployed to each resource group: the assignment.
fn assignment_module() -> String {
    format!(
        "// The registration assignment of one resource group: it applies the definition to the group.

targetScope = 'resourceGroup'

@description('The GUID that names the assignment.')
param assignmentName string

@description('The ID of the registration definition to assign.')
param definitionId string

resource assignment '{ASSIGNMENT}@{}' = {{
  name: assignmentName
  properties: {{
    registrationDefinitionId: definitionId
  }}
}}
",
        arm::API_VERSION
    )
}

fn bicepparam(onboarding: &ArmOnboarding, parameters: &[Parameter], main_name: &str) -> String {
    let mut out = format!(
        "// The values of {main_name}: {}, version {} of the manifest.\nusing './{main_name}'\n",
        onboarding.name().as_str(),
        onboarding.manifest().version()
    );
    for p in parameters {
        let mut value = String::new();
        literal(&p.value, 0, false, &mut value);
        let _ = write!(out, "\nparam {} = {value}\n", p.name);
    }
    out
}

/// An object's keys in the order people write them: an authorization's, then `rgName`;
/// others after, by name.
pub(super) fn ordered_keys(map: &serde_json::Map<String, Value>) -> Vec<&String> {
    template::ordered_keys(map, &[&template::AUTHORIZATION_KEYS, &["rgName"]])
}

/// A JSON value as a Bicep literal, at `indent` spaces; `roles` marks role GUIDs with their
/// name in a comment.
fn literal(value: &Value, indent: usize, roles: bool, out: &mut String) {
    let pad = " ".repeat(indent + 2);
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => {
            out.push_str(&string(s));
            if let Some(role) = roles.then(|| role_comment(value)).flatten() {
                let _ = write!(out, " // {role}");
            }
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for item in items {
                out.push_str(&pad);
                literal(item, indent + 2, roles, out);
                out.push('\n');
            }
            let _ = write!(out, "{}]", " ".repeat(indent));
        }
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            for key in ordered_keys(map) {
                let _ = write!(out, "{pad}{}: ", property_name(key));
                let roles = matches!(
                    key.as_str(),
                    "roleDefinitionId" | "delegatedRoleDefinitionIds"
                );
                literal(&map[key], indent + 2, roles, out);
                out.push('\n');
            }
            let _ = write!(out, "{}}}", " ".repeat(indent));
        }
    }
}

/// A property name: bare when it is an identifier, else quoted.
fn property_name(key: &str) -> String {
    let identifier = key
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier {
        key.to_owned()
    } else {
        string(key)
    }
}

/// A Bicep string literal: `'…'` with `\`, `'`, `${` and control characters escaped.
fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("\\$"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
