//! The Terraform export: a root module of the `azurerm` provider with one
//! `azurerm_lighthouse_definition` and one `azurerm_lighthouse_assignment` (one of each per
//! resource group), written with the arguments the provider documents only.
//!
//! Source: hashicorp/terraform-provider-azurerm, `website/docs/r/lighthouse_definition.html.markdown`
//! and `lighthouse_assignment.html.markdown` (v5.2, read 2026-12-06; facts in
//! `docs/research/terraform-bicep.md`).

use std::fmt::Write as _;

use serde_json::Value;

use super::bicep::ordered_keys;
use super::{Parameter, arm_parameters, role_comment};
use crate::arm::{self, ArmOnboarding, ResourceGroupName, Scope, evaluate};

/// The lowest `azurerm` that knows `eligible_authorization` (v3.36.0, 2022-12-15).
const AZURERM_VERSION: &str = ">= 3.36.0";

/// Terraform's name of an ARM field of an authorization.
fn argument(arm_name: &str) -> Option<&'static str> {
    Some(match arm_name {
        "principalId" => "principal_id",
        "principalIdDisplayName" => "principal_display_name",
        "roleDefinitionId" => "role_definition_id",
        "delegatedRoleDefinitionIds" => "delegated_role_definition_ids",
        "multiFactorAuthProvider" => "multi_factor_auth_provider",
        "maximumActivationDuration" => "maximum_activation_duration",
        _ => return None,
    })
}

/// A block being written: attributes are aligned on `=` as `terraform fmt` aligns them.
struct Block {
    indent: usize,
    lines: Vec<Line>,
}

enum Line {
    Attribute(String, String, Option<String>),
    Text(String),
}

impl Block {
    fn new(indent: usize) -> Self {
        Block {
            indent,
            lines: Vec::new(),
        }
    }

    fn attribute(&mut self, name: &str, value: impl Into<String>) {
        self.lines
            .push(Line::Attribute(name.to_owned(), value.into(), None));
    }

    fn commented(&mut self, name: &str, value: impl Into<String>, comment: Option<String>) {
        self.lines
            .push(Line::Attribute(name.to_owned(), value.into(), comment));
    }

    fn text(&mut self, text: impl Into<String>) {
        self.lines.push(Line::Text(text.into()));
    }

    fn blank(&mut self) {
        self.text("");
    }

    fn nested(&mut self, header: &str, block: &Block) {
        let pad = " ".repeat(self.indent);
        self.text(format!("{pad}{header} {{"));
        let body = block.render();
        self.text(body.trim_end_matches('\n'));
        self.text(format!("{pad}}}"));
    }

    fn render(&self) -> String {
        let pad = " ".repeat(self.indent);
        let mut out = String::new();
        let mut i = 0;
        while i < self.lines.len() {
            // A run of attributes is aligned together.
            let run_end = self.lines[i..]
                .iter()
                .position(|l| !matches!(l, Line::Attribute(..)))
                .map_or(self.lines.len(), |n| i + n);
            let width = self.lines[i..run_end]
                .iter()
                .map(|l| match l {
                    Line::Attribute(n, ..) => n.len(),
                    Line::Text(_) => 0,
                })
                .max()
                .unwrap_or(0);
            for line in &self.lines[i..run_end] {
                if let Line::Attribute(name, value, comment) = line {
                    let _ = write!(out, "{pad}{name:width$} = {value}");
                    if let Some(comment) = comment {
                        let _ = write!(out, " # {comment}");
                    }
                    out.push('\n');
                }
            }
            if run_end < self.lines.len() {
                if let Line::Text(text) = &self.lines[run_end] {
                    if !text.is_empty() {
                        out.push_str(text);
                    }
                    out.push('\n');
                }
                i = run_end + 1;
            } else {
                i = run_end;
            }
        }
        out
    }
}

/// `main.tf`.
pub(super) fn main_tf(onboarding: &ArmOnboarding) -> String {
    let parameters = arm_parameters(onboarding);
    let groups = match onboarding.scope() {
        Scope::Subscription => None,
        Scope::ResourceGroups(groups) => Some(groups.names()),
    };
    let mut out = preamble(onboarding, groups);
    let _ = write!(
        out,
        "\nresource \"azurerm_lighthouse_definition\" \"this\" {{\n{}}}\n",
        definition(onboarding, &parameters, groups).render()
    );
    let _ = write!(
        out,
        "\nresource \"azurerm_lighthouse_assignment\" \"this\" {{\n{}}}\n",
        assignment(groups.is_some()).render()
    );
    out
}

/// The comment that says what the module is, the `terraform` and `provider` blocks, the
/// variables of the customer's scope.
fn preamble(onboarding: &ArmOnboarding, groups: Option<&[ResourceGroupName]>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}: the Azure Lighthouse delegation of {} to the managing tenant {}.\n# The customer applies it with their subscription's ID:\n#   terraform init && terraform apply -var subscription_id=<the subscription's ID>\n",
        onboarding.name().as_str(),
        if groups.is_some() {
            "resource groups"
        } else {
            "a subscription"
        },
        onboarding.manifest().tenant_id(),
    );
    let _ = write!(
        out,
        "terraform {{\n  required_providers {{\n    azurerm = {{\n      source  = \"hashicorp/azurerm\"\n      version = \"{AZURERM_VERSION}\"\n    }}\n  }}\n}}\n\nprovider \"azurerm\" {{\n  features {{}}\n  subscription_id = var.subscription_id\n}}\n"
    );
    out.push_str("\nvariable \"subscription_id\" {\n  description = \"The ID of the customer's subscription, where the delegation is deployed.\"\n  type        = string\n}\n");
    if let Some(names) = groups {
        let list: Vec<String> = names.iter().map(|n| quoted(n.as_str())).collect();
        let _ = write!(
            out,
            "\nvariable \"resource_groups\" {{\n  description = \"The resource groups to delegate. They must exist already.\"\n  type        = set(string)\n  default     = [{}]\n}}\n",
            list.join(", ")
        );
    }
    out
}

/// The body of `azurerm_lighthouse_definition`.
fn definition(
    onboarding: &ArmOnboarding,
    parameters: &[Parameter],
    groups: Option<&[ResourceGroupName]>,
) -> Block {
    let value = |name: &str| {
        parameters
            .iter()
            .find(|p| p.name == name)
            .map_or(&Value::Null, |p: &Parameter| &p.value)
    };
    let tenant = onboarding.manifest().tenant_id().to_string();
    let mut definition = Block::new(2);
    if let Some(names) = groups {
        definition.attribute("for_each", "var.resource_groups");
        definition.blank();
        let seed = onboarding
            .registration_seed()
            .unwrap_or(onboarding.name().as_str());
        let example = names
            .first()
            .map(|g| arm::registration_guid(onboarding, Some(g)).to_string())
            .unwrap_or_default();
        definition.text(format!(
            "  # ARM's guid(managing tenant, {}, group) of the ARM and Bicep exports: a name-based\n  # UUID in ARM's namespace ({example} for {}).",
            if onboarding.registration_seed().is_some() {
                "plan"
            } else {
                "registration name"
            },
            names.first().map_or("", |g| g.as_str()),
        ));
        definition.attribute(
            "lighthouse_definition_id",
            format!(
                "uuidv5({}, \"{}-{}-${{each.key}}\")",
                quoted(&evaluate::GUID_NAMESPACE.to_string()),
                escape(&tenant),
                escape(seed),
            ),
        );
    } else {
        definition.commented(
            "lighthouse_definition_id",
            quoted(&arm::registration_guid(onboarding, None).to_string()),
            Some("the GUID the ARM and Bicep exports' guid() gives".into()),
        );
    }
    definition.attribute("name", json_string(value("mspOfferName")));
    definition.attribute("description", json_string(value("mspOfferDescription")));
    definition.attribute(
        "managing_tenant_id",
        json_string(value("managedByTenantId")),
    );
    definition.attribute("scope", "\"/subscriptions/${var.subscription_id}\"");
    for item in value("authorizations").as_array().into_iter().flatten() {
        definition.blank();
        definition.nested("authorization", &authorization(item, 4));
    }
    for item in value("eligibleAuthorizations")
        .as_array()
        .into_iter()
        .flatten()
    {
        definition.blank();
        definition.nested("eligible_authorization", &authorization(item, 4));
    }
    if !value("marketplacePlanId").is_null() {
        let mut plan = Block::new(4);
        plan.attribute("name", json_string(value("marketplacePlanId")));
        plan.attribute("publisher", json_string(value("marketplacePublisherId")));
        plan.attribute("product", json_string(value("marketplaceOfferId")));
        plan.attribute("version", json_string(value("marketplacePlanVersion")));
        definition.blank();
        definition.nested("plan", &plan);
    }
    definition
}

/// The body of `azurerm_lighthouse_assignment`: one per definition, named by its GUID.
fn assignment(groups: bool) -> Block {
    let mut assignment = Block::new(2);
    if groups {
        // The definition of the same resource group, by the key both loops share.
        assignment.attribute("for_each", "var.resource_groups");
        assignment.blank();
        assignment.attribute(
            "name",
            "azurerm_lighthouse_definition.this[each.key].lighthouse_definition_id",
        );
        assignment.attribute(
            "scope",
            "\"/subscriptions/${var.subscription_id}/resourceGroups/${each.key}\"",
        );
        assignment.attribute(
            "lighthouse_definition_id",
            "azurerm_lighthouse_definition.this[each.key].id",
        );
    } else {
        assignment.attribute(
            "name",
            "azurerm_lighthouse_definition.this.lighthouse_definition_id",
        );
        assignment.attribute("scope", "\"/subscriptions/${var.subscription_id}\"");
        assignment.attribute(
            "lighthouse_definition_id",
            "azurerm_lighthouse_definition.this.id",
        );
    }
    assignment
}

/// An `authorization` or `eligible_authorization` block from the ARM object.
fn authorization(item: &Value, indent: usize) -> Block {
    let mut block = Block::new(indent);
    let Some(map) = item.as_object() else {
        return block;
    };
    for key in ordered_keys(map) {
        let value = &map[key];
        match (key.as_str(), argument(key)) {
            ("roleDefinitionId", Some(name)) => {
                block.commented(name, json_string(value), role_comment(value));
            }
            ("delegatedRoleDefinitionIds", Some(name)) => {
                let ids: Vec<&Value> = value.as_array().into_iter().flatten().collect();
                let names: Vec<String> = ids.iter().filter_map(|v| role_comment(v)).collect();
                let list: Vec<String> = ids.iter().map(|v| json_string(v)).collect();
                let comment =
                    (names.len() == ids.len() && !names.is_empty()).then(|| names.join(", "));
                block.commented(name, format!("[{}]", list.join(", ")), comment);
            }
            ("justInTimeAccessPolicy", _) => {
                let mut policy = Block::new(indent + 2);
                if let Some(p) = value.as_object() {
                    // Unset, the provider sends `None`; `Azure` is the one value it takes.
                    if let Some(mfa) = p.get("multiFactorAuthProvider")
                        && mfa.as_str() != Some("None")
                    {
                        policy.attribute("multi_factor_auth_provider", json_string(mfa));
                    }
                    if let Some(d) = p.get("maximumActivationDuration") {
                        policy.attribute("maximum_activation_duration", json_string(d));
                    }
                    for approver in p
                        .get("managedByTenantApprovers")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        policy.blank();
                        policy.nested("approver", &authorization(approver, indent + 4));
                    }
                }
                block.blank();
                block.nested("just_in_time_access_policy", &policy);
            }
            (_, Some(name)) => block.attribute(name, json_string(value)),
            (_, None) => {}
        }
    }
    block
}

/// A JSON string as an HCL string.
fn json_string(value: &Value) -> String {
    quoted(value.as_str().unwrap_or_default())
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// The inside of an HCL string: `\`, `"`, control characters and the template sequences
/// `${` and `%{` escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' if chars.peek() == Some(&'{') => out.push_str("$$"),
            '%' if chars.peek() == Some(&'{') => out.push_str("%%"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}
