//! Azure Policy definitions that deploy a delegation: the template embedded in a
//! `deployIfNotExists` policy (`policyRule.then.details.deployment.properties.template`, with
//! the deployment's `parameters`) judged as the ARM reader judges any template, each finding
//! placed where it is written in the policy.
//!
//! Where the policy is:
//! - a policy definition file: its `properties` (as Azure stores a definition: `name`, `type`,
//!   `properties`), or the properties themselves (an object with `policyRule`);
//! - a template (`az deployment mg create`, `sub create`) whose resources create
//!   `Microsoft.Authorization/policyDefinitions`: there every string of the policy that starts
//!   with `[[` is the policy's own `[` (ARM's escape), and one that starts with `[` alone is the
//!   template's expression, known only when it is deployed.
//!
//! The deployment's parameter values are Azure Policy's: `[parameters('p')]` is the policy
//! parameter `p`'s `defaultValue` (where a finding about it is shown), any other expression
//! (`[field('…')]`, a parameter without a default, given by the assignment) is known only when
//! the policy deploys (`deployment-time-value`), and `[[` keeps a text.

use serde_json::{Map, Value};

use super::walk::{contains_definition, get_ci, is, resources_of};
use super::{ArmFile, Reader, UNKNOWN_MARKER};
use crate::arm::delegation::ArmDelegation;
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;

const POLICY_DEFINITION_TYPE: &str = "Microsoft.Authorization/policyDefinitions";

/// One policy whose rule deploys a template.
struct Embedded {
    /// The policy's properties, escapes of an enclosing template undone.
    properties: Value,
    /// Where the properties are in the file.
    at: JsonPointer,
}

/// A JSON path, key by key, ignoring case as Azure Policy and ARM do.
fn path_ci<'v>(value: &'v Value, keys: &[&str]) -> Option<(&'v Value, Vec<String>)> {
    let mut here = value;
    let mut written = Vec::new();
    for key in keys {
        let (k, v) = get_ci(here.as_object()?, key)?;
        written.push(k.clone());
        here = v;
    }
    Some((here, written))
}

fn pointer(base: &JsonPointer, keys: &[String]) -> JsonPointer {
    keys.iter().fold(base.clone(), |p, k| p.key(k))
}

const DEPLOYMENT: [&str; 6] = [
    "policyRule",
    "then",
    "details",
    "deployment",
    "properties",
    "template",
];

/// Whether a policy's properties have an embedded deployment template.
fn deploys(properties: &Value) -> bool {
    path_ci(properties, &DEPLOYMENT).is_some_and(|(t, _)| t.is_object())
}

/// Undoes one level of ARM's escape: `[[x` is the text `[x`; an expression of the enclosing
/// template (`[x]`) is known only when it is deployed.
fn unescape(value: &Value) -> Value {
    match value {
        Value::String(text) if text.starts_with("[[") => Value::String(text[1..].to_owned()),
        Value::String(text) if text.starts_with('[') && text.ends_with(']') => {
            Value::String(UNKNOWN_MARKER.to_owned())
        }
        Value::Array(items) => Value::Array(items.iter().map(unescape).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), unescape(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// The policies of a file that deploy a template.
fn embedded(value: &Value) -> Vec<Embedded> {
    let Some(root) = value.as_object() else {
        return Vec::new();
    };
    if get_ci(root, "policyRule").is_some() && deploys(value) {
        return vec![Embedded {
            properties: value.clone(),
            at: JsonPointer::root(),
        }];
    }
    if let Some((k, properties)) = get_ci(root, "properties")
        && deploys(properties)
    {
        return vec![Embedded {
            properties: properties.clone(),
            at: JsonPointer::root().key(k),
        }];
    }
    match get_ci(root, "resources") {
        // A template that deploys a delegation itself is read as such.
        Some((_, resources)) if !contains_definition(resources, 0) => {}
        _ => return Vec::new(),
    }
    resources_of(root, &JsonPointer::root())
        .into_iter()
        .filter(|(r, _)| is(r, POLICY_DEFINITION_TYPE))
        .filter_map(|(r, at)| {
            let (k, properties) = get_ci(r.as_object()?, "properties")?;
            deploys(properties).then(|| Embedded {
                properties: unescape(properties),
                at: at.key(k),
            })
        })
        .collect()
}

/// Where a deployment parameter's value comes from, in the file.
enum Place {
    /// Written in the deployment: the pointer of its `value`.
    Written(JsonPointer),
    /// A policy parameter's default: the pointer of the `defaultValue`.
    Default(JsonPointer),
    /// Known only when the policy deploys: where, and why.
    Unknown(JsonPointer, String),
}

/// The value of one deployment parameter as the policy gives it, and where it comes from.
fn policy_value(
    written: &Value,
    at: JsonPointer,
    properties: &Value,
    base: &JsonPointer,
) -> (Option<Value>, Place) {
    let has_unknown = |v: &Value| v.to_string().contains(UNKNOWN_MARKER);
    match written {
        Value::String(text) if text.starts_with("[[") => (
            Some(Value::String(text[1..].to_owned())),
            Place::Written(at),
        ),
        Value::String(text) if text == UNKNOWN_MARKER => {
            let why = "this value is an expression of the template that creates the policy, known when it is deployed".to_owned();
            (None, Place::Unknown(at, why))
        }
        Value::String(text) if text.starts_with('[') && text.ends_with(']') => {
            let inner = text[1..text.len() - 1].trim();
            let name = inner
                .strip_prefix("parameters(")
                .and_then(|r| r.strip_suffix(')'))
                .map(|r| r.trim().trim_matches('\''));
            if let Some(name) = name
                && let Some((default, keys)) =
                    path_ci(properties, &["parameters", name, "defaultValue"])
            {
                let default_at = pointer(base, &keys);
                if has_unknown(default) {
                    let why = format!(
                        "the policy parameter `{name}` takes its default from the template that creates the policy, known when it is deployed"
                    );
                    return (None, Place::Unknown(default_at, why));
                }
                return (Some(default.clone()), Place::Default(default_at));
            }
            let why = match name {
                Some(name) => format!(
                    "the policy parameter `{name}` has no default: its value is given by each assignment of the policy"
                ),
                None => {
                    format!("`{text}` is evaluated by Azure Policy when it deploys the template")
                }
            };
            (None, Place::Unknown(at, why))
        }
        other if has_unknown(other) => {
            let why = "this value holds expressions of the template that creates the policy, known when it is deployed".to_owned();
            (None, Place::Unknown(at, why))
        }
        other => (Some(other.clone()), Place::Written(at)),
    }
}

/// What one embedded deployment gives: its delegation (when known and valid), its findings at
/// the file's places, and whether a value is unknown.
fn judge(roles: &RoleCatalog, policy: &Embedded) -> (Option<ArmDelegation>, Vec<Diagnostic>, bool) {
    let properties = &policy.properties;
    let Some((template, template_keys)) = path_ci(properties, &DEPLOYMENT) else {
        return (None, Vec::new(), false);
    };
    let template_at = pointer(&policy.at, &template_keys);
    let deployment_at = pointer(&policy.at, &template_keys[..template_keys.len() - 1]);
    let deployment = path_ci(properties, &DEPLOYMENT[..5]).map(|(d, _)| d);
    let given = deployment
        .and_then(Value::as_object)
        .and_then(|d| get_ci(d, "parameters"));
    let parameters_at = given.map_or_else(
        || deployment_at.clone(),
        |(k, _)| deployment_at.clone().key(k),
    );

    // The parameters file the template is deployed with, as the policy gives it.
    let mut values = Map::new();
    let mut places: Vec<(String, Place)> = Vec::new();
    for (name, entry) in given.and_then(|(_, p)| p.as_object()).into_iter().flatten() {
        let entry_at = parameters_at.clone().key(name);
        let Some((k, written)) = entry.as_object().and_then(|e| get_ci(e, "value")) else {
            // A reference or an object without `value`: ARM's reader judges it as it is.
            values.insert(name.clone(), entry.clone());
            places.push((name.clone(), Place::Written(entry_at)));
            continue;
        };
        let (value, place) = policy_value(written, entry_at.key(k), properties, &policy.at);
        if let Some(value) = value {
            values.insert(name.clone(), serde_json::json!({ "value": value }));
        }
        places.push((name.clone(), place));
    }

    let mut reader = Reader {
        roles: roles.clone(),
        ..Reader::default()
    };
    let delegation = match template.as_object() {
        Some(root) => reader
            .template(root, Some(&values))
            .and_then(|inputs| reader.assemble(inputs)),
        None => None,
    };
    let mut unknown = reader.unknown;
    let checked = reader.pair_result(delegation);
    let mut found: Vec<Diagnostic> = checked
        .diagnostics(ArmFile::Template)
        .iter()
        .filter(|d| {
            // A parameter the policy leaves unknown has its own note, at the policy's place.
            d.rule() != Rule::ParameterWithoutValue
                || !places.iter().any(|(name, place)| {
                    matches!(place, Place::Unknown(..))
                        && d.path()
                            .tokens()
                            .nth(1)
                            .is_some_and(|t| t.eq_ignore_ascii_case(name))
                })
        })
        .map(|d| d.clone().under(&template_at))
        .collect();
    for d in checked.diagnostics(ArmFile::Parameters) {
        let tokens: Vec<String> = d.path().tokens().collect();
        let place = tokens.get(1).and_then(|name| {
            places
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, p)| p)
        });
        let moved = match (place, tokens.get(2).map(String::as_str)) {
            (Some(Place::Written(at) | Place::Default(at)), Some("value")) => {
                tokens[3..].iter().fold(at.clone(), |p, t| p.key(t))
            }
            _ => tokens
                .iter()
                .skip(1)
                .fold(parameters_at.clone(), |p, t| p.key(t)),
        };
        found.push(d.clone().moved_to(moved));
    }
    for (name, place) in &places {
        if let Place::Unknown(at, why) = place {
            unknown = true;
            found.push(Diagnostic::new(
                Rule::DeploymentTimeValue,
                at.clone(),
                format!("the delegation's parameter `{name}` is not checked: {why}"),
            ));
        }
    }
    // Only a policy that deploys a delegation is judged on what it compares.
    if template
        .get("resources")
        .is_some_and(|r| contains_definition(r, 0))
    {
        found.extend(ignores_changes(properties, &policy.at));
    }
    let delegation = checked.delegation().cloned();
    (delegation, found, unknown)
}

/// The aliases whose comparison tells one delegation of the managing tenant from another: the
/// registration name (with the plan's version) and the authorizations.
const TELLING: [&str; 3] = [
    "/registrationdefinitionname",
    "/authorizations[*]",
    "/eligibleauthorizations[*]",
];

/// Every `field` an existence condition names.
fn fields(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k.eq_ignore_ascii_case("field")
                    && let Some(alias) = v.as_str()
                {
                    out.push(alias.to_owned());
                }
                fields(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| fields(v, out)),
        _ => {}
    }
}

/// `policy-ignores-changes` when the existence condition compares neither the registration
/// name nor the authorizations of what is deployed.
fn ignores_changes(properties: &Value, base: &JsonPointer) -> Option<Diagnostic> {
    let (details, keys) = path_ci(properties, &["policyRule", "then", "details"])?;
    let condition = details
        .as_object()
        .and_then(|d| get_ci(d, "existenceCondition"));
    let mut named = Vec::new();
    if let Some((_, condition)) = condition {
        fields(condition, &mut named);
    }
    let telling = named.iter().any(|alias| {
        let alias = alias.to_ascii_lowercase();
        TELLING.iter().any(|t| alias.contains(t))
    });
    if telling {
        return None;
    }
    let at = pointer(base, &keys);
    let (at, what) = match condition {
        Some((k, _)) => {
            let compared: Vec<&str> = named
                .iter()
                .filter_map(|a| a.rsplit('/').next())
                .filter(|a| !a.eq_ignore_ascii_case("type"))
                .collect();
            let what = if compared.is_empty() {
                "no property of the registration definition".to_owned()
            } else {
                format!("only `{}`", compared.join("`, `"))
            };
            (at.key(k), what)
        }
        None => (at, "nothing: it has no existence condition".to_owned()),
    };
    Some(Diagnostic::new(
        Rule::PolicyIgnoresChanges,
        at,
        format!(
            "the policy's existence condition compares {what} of what is deployed: a subscription delegated to another version of the plan, or to other principals, counts as compliant and is never remediated"
        ),
    ))
}

/// Judges every policy of `value` that deploys a template. `None` when there is none.
pub(super) fn check(
    roles: &RoleCatalog,
    value: &Value,
    mut found: Vec<Diagnostic>,
) -> Option<Result<Checked<ArmDelegation>, Report>> {
    let policies = embedded(value);
    if policies.is_empty() {
        return None;
    }
    let mut delegations = Vec::new();
    let mut unknown = false;
    for policy in &policies {
        let (delegation, diagnostics, unknown_here) = judge(roles, policy);
        found.extend(diagnostics);
        unknown |= unknown_here;
        delegations.extend(delegation);
    }
    found.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
    found.dedup();
    let errors = found.iter().any(|d| d.severity() == Severity::Error);
    Some(match delegations.pop() {
        Some(delegation) if delegations.is_empty() && !errors && !unknown => {
            Ok(Checked::new(delegation, found))
        }
        _ => Err(Report::new(found)),
    })
}
