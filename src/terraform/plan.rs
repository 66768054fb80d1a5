//! A Terraform plan in JSON (`terraform show -json`): the planned values of the delegation
//! resources, exact where Terraform knows them, unknown where `after_unknown` says so.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::roles::RoleCatalog;

use super::lower::{self, Blocks, Deployed, Res};
use super::module::Ctx;
use super::value::{At, Kind, V, Why};
use super::{TerraformCheck, TerraformDiagnostic};

/// Nested blocks of the two azurerm resources, written as arrays of objects in a plan.
const BLOCKS: [&str; 5] = [
    "authorization",
    "eligible_authorization",
    "just_in_time_access_policy",
    "approver",
    "plan",
];

/// The pointers values come from: `At::start` indexes this table.
struct Pointers(Vec<JsonPointer>);

impl Pointers {
    fn at(&mut self, p: &JsonPointer) -> At {
        self.0.push(p.clone());
        let i = self.0.len() - 1;
        At {
            file: 0,
            start: i,
            end: i,
        }
    }
}

fn build(
    after: &Value,
    unknown: &Value,
    at: &JsonPointer,
    table: &mut Pointers,
    depth: usize,
) -> V {
    let place = Some(table.at(at));
    if unknown == &Value::Bool(true) {
        return V::unknown(
            "`after_unknown` in the plan: Terraform knows it only after apply",
            place,
        );
    }
    if depth > 64 {
        return V::unknown("nested too deep", place);
    }
    match after {
        Value::Object(map) => {
            let mut out = BTreeMap::new();
            let empty = serde_json::Map::new();
            let unknowns = unknown.as_object().unwrap_or(&empty);
            for key in map.keys().chain(unknowns.keys()) {
                if out.contains_key(key) {
                    continue;
                }
                let a = map.get(key).unwrap_or(&Value::Null);
                let u = unknowns.get(key).unwrap_or(&Value::Null);
                out.insert(
                    key.clone(),
                    build(a, u, &at.clone().key(key), table, depth + 1),
                );
            }
            V::new(Kind::Map(out), place)
        }
        Value::Array(items) => {
            let empty = Vec::new();
            let unknowns = unknown.as_array().unwrap_or(&empty);
            let n = items.len().max(unknowns.len());
            V::new(
                Kind::List(
                    (0..n)
                        .map(|i| {
                            build(
                                items.get(i).unwrap_or(&Value::Null),
                                unknowns.get(i).unwrap_or(&Value::Null),
                                &at.clone().index(i),
                                table,
                                depth + 1,
                            )
                        })
                        .collect(),
                ),
                place,
            )
        }
        other => V::from_json(other, place),
    }
}

/// A resource's values as an evaluated block: known block types become blocks.
fn res_of(v: &V) -> Res {
    let mut res = Res {
        at: v.at,
        ..Res::default()
    };
    let Kind::Map(map) = &v.kind else {
        return res;
    };
    for (k, item) in map {
        if BLOCKS.contains(&k.as_str()) {
            let blocks = match &item.kind {
                Kind::List(list) => Blocks::Known(list.iter().map(res_of).collect()),
                Kind::Unknown(_) => Blocks::Unknown(item.clone()),
                _ => Blocks::Known(Vec::new()),
            };
            res.blocks.insert(k.clone(), blocks);
        } else if !item.is_null() {
            res.attrs.insert(k.clone(), item.clone());
        }
    }
    res
}

/// Each resource of the plan's `configuration` (the root module's, then each called module's,
/// as deep as 16 calls), with its module's address prefix (`module.a.`).
fn each_configured(config: &Value, visit: &mut impl FnMut(&str, &Value)) {
    fn walk(module: &Value, prefix: &str, visit: &mut impl FnMut(&str, &Value), depth: usize) {
        if depth > 16 {
            return;
        }
        for r in module
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            visit(prefix, r);
        }
        if let Some(calls) = module.get("module_calls").and_then(Value::as_object) {
            for (name, call) in calls {
                if let Some(m) = call.get("module") {
                    walk(m, &format!("{prefix}module.{name}."), visit, depth + 1);
                }
            }
        }
    }
    if let Some(root) = config.get("root_module") {
        walk(root, "", visit, 0);
    }
}

/// The definition an assignment's configuration refers to: `module.a.` + the reference.
fn references(config: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    each_configured(config, &mut |prefix, r| {
        let Some(address) = r.get("address").and_then(Value::as_str) else {
            return;
        };
        let refs = r
            .pointer("/expressions/lighthouse_definition_id/references")
            .or_else(|| r.pointer("/expressions/body/references"))
            .and_then(Value::as_array);
        let found = refs
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .find(|s| {
                (s.starts_with("azurerm_lighthouse_definition.")
                    || s.starts_with("azapi_resource."))
                    && s.rsplit('.').next().is_none_or(|last| last != "id")
            });
        if let Some(target) = found {
            out.insert(format!("{prefix}{address}"), format!("{prefix}{target}"));
        }
    });
    out
}

/// A resource address without its instance keys: `module.a["x"].t.n[0]` → `module.a.t.n`.
fn without_keys(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The keys of an address: `module.a["x"].t.n[0]` → `["x"][0]`.
fn keys_of(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '[' if !quoted => {
                depth += 1;
                out.push(c);
            }
            ']' if !quoted => {
                depth -= 1;
                out.push(c);
            }
            _ if depth > 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn unreadable(path: &str, text: String, message: &str) -> TerraformCheck {
    TerraformCheck {
        delegations: Vec::new(),
        diagnostics: vec![TerraformDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::TerraformPlanUnreadable,
                JsonPointer::root(),
                message,
            ),
            file: path.to_owned(),
            place: None,
        }],
        files: vec![(path.to_owned(), text)],
        templates: Vec::new(),
    }
}

/// Checks a plan's JSON text.
#[allow(clippy::too_many_lines)]
pub(crate) fn check(path: &str, text: &str, catalog: &RoleCatalog) -> TerraformCheck {
    let path = super::normalise(path);
    if text.len() > crate::Offer::MAX_DOCUMENT_BYTES {
        let mut c = unreadable(&path, String::new(), "");
        c.diagnostics[0].diagnostic = Diagnostic::new(
            Rule::DocumentTooLarge,
            JsonPointer::root(),
            format!(
                "the file is larger than {} bytes, more than the checker reads",
                crate::Offer::MAX_DOCUMENT_BYTES
            ),
        );
        return c;
    }
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut c = unreadable(&path, text.to_owned(), "");
            c.diagnostics[0].diagnostic = Diagnostic::new(
                Rule::InvalidJson,
                JsonPointer::root(),
                format!("the plan is not valid JSON: {e}"),
            );
            return c;
        }
    };
    if !super::is_plan(&value) {
        return unreadable(
            &path,
            text.to_owned(),
            "expected the JSON of `terraform show -json PLANFILE`: an object with `format_version` and `planned_values` or `resource_changes`",
        );
    }
    let version = value
        .get("format_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    if version.split('.').next() != Some("1") {
        return unreadable(
            &path,
            text.to_owned(),
            &format!(
                "the plan's `format_version` is {version:?}; the checker reads major version 1"
            ),
        );
    }
    let links = value
        .get("configuration")
        .map(references)
        .unwrap_or_default();
    let configured = value
        .get("configuration")
        .map(expressions)
        .unwrap_or_default();
    let mut table = Pointers(Vec::new());
    // (address, type, values)
    let mut resources: Vec<(String, String, V)> = Vec::new();
    // Where each resource's values start in the plan, and its address.
    let mut roots: Vec<(JsonPointer, String)> = Vec::new();
    if let Some(changes) = value.get("resource_changes").and_then(Value::as_array) {
        for (i, rc) in changes.iter().enumerate() {
            if rc
                .get("mode")
                .and_then(Value::as_str)
                .is_some_and(|m| m != "managed")
            {
                continue;
            }
            let actions: Vec<&str> = rc
                .pointer("/change/actions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if actions == ["delete"] || actions == ["forget"] {
                continue;
            }
            let kind = rc
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let address = rc
                .get("address")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let after = rc.pointer("/change/after").unwrap_or(&Value::Null);
            let unknown = rc.pointer("/change/after_unknown").unwrap_or(&Value::Null);
            let at = JsonPointer::root()
                .key("resource_changes")
                .index(i)
                .key("change")
                .key("after");
            roots.push((at.clone(), address.clone()));
            resources.push((address, kind, build(after, unknown, &at, &mut table, 0)));
        }
    } else if let Some(root) = value.pointer("/planned_values/root_module") {
        planned(
            root,
            &JsonPointer::root().key("planned_values").key("root_module"),
            &mut resources,
            &mut table,
            0,
        );
        roots = resources
            .iter()
            .filter_map(|(address, _, v)| pointer_of_at(&table, v.at).map(|p| (p, address.clone())))
            .collect();
    }
    let no_reader = |_: &str| None;
    let mut cx = Ctx {
        files: vec![(path.clone(), text.to_owned())],
        found: Vec::new(),
        read: &no_reader,
        catalog: catalog.clone(),
        work: 0,
        depth: 0,
        modules: BTreeMap::new(),
    };
    let mut found = Vec::new();
    let definitions: Vec<String> = resources
        .iter()
        .filter(|(_, kind, values)| {
            kind == "azurerm_lighthouse_definition"
                || (kind == "azapi_resource"
                    && matches!(&values.kind, Kind::Map(m) if m.get("type").and_then(V::as_str).is_some_and(|t| t.to_ascii_lowercase().starts_with("microsoft.managedservices/registrationdefinitions@"))))
        })
        .map(|(address, _, _)| address.clone())
        .collect();
    for (address, kind, values) in &resources {
        let res = res_of(values);
        match kind.as_str() {
            "azurerm_lighthouse_definition" => found.push(Deployed::Definition {
                arm: lower::azurerm_definition(&mut cx, &res),
                address: address.clone(),
                at: values.at,
            }),
            "azurerm_lighthouse_assignment" => {
                let mut d = lower::azurerm_assignment(&mut cx, &res);
                link(&mut d, address, &links, &definitions);
                found.push(d);
            }
            "azapi_resource" => {
                if let Some(mut d) = lower::azapi(&mut cx, &res, address) {
                    link(&mut d, address, &links, &definitions);
                    found.push(d);
                }
            }
            _ => {}
        }
    }
    let options = crate::arm::CheckOptions::new().role_catalog(catalog.clone());
    let mut diagnostics = Vec::new();
    let pointer_of = |at: Option<At>| pointer_of_at(&table, at);
    let said = |message: &str, p: &JsonPointer| -> String {
        match whose(p, &roots, &configured) {
            Some(about) => format!("{message} ({about})"),
            None => message.to_owned(),
        }
    };
    for f in &cx.found {
        let p = pointer_of(f.at).unwrap_or_else(JsonPointer::root);
        let message = said(&f.message, &p);
        diagnostics.push(TerraformDiagnostic {
            diagnostic: Diagnostic::new(f.rule, p, message),
            file: path.clone(),
            place: None,
        });
    }
    let mut delegations = Vec::new();
    let mut templates = Vec::new();
    for l in lower::templates(&found) {
        let (diags, delegation) = super::judge_one(&options, &l);
        for (d, at) in diags {
            let p = pointer_of(at).unwrap_or_else(JsonPointer::root);
            let own_help = (d.help() != d.rule().fix()).then(|| d.help().to_owned());
            let message = said(d.message(), &p);
            let mut moved = Diagnostic::new(d.rule(), p, message);
            if let Some(h) = own_help {
                moved = moved.with_help(h);
            }
            diagnostics.push(TerraformDiagnostic {
                diagnostic: moved,
                file: path.clone(),
                place: None,
            });
        }
        delegations.extend(delegation);
        templates.push(l.template);
    }
    if found.is_empty() {
        diagnostics.push(TerraformDiagnostic {
            diagnostic: Diagnostic::new(
                Rule::NotADelegation,
                JsonPointer::root(),
                "expected a plan with an `azurerm_lighthouse_definition` (or an `azapi_resource` of a registration definition), found none",
            ),
            file: path.clone(),
            place: None,
        });
    }
    let files = vec![(path, text.to_owned())];
    super::sort(&mut diagnostics, &files);
    if diagnostics
        .iter()
        .any(|d| d.diagnostic.severity() == crate::Severity::Error)
    {
        delegations.clear();
    }
    TerraformCheck {
        delegations,
        diagnostics,
        files,
        templates,
    }
}

fn pointer_of_at(table: &Pointers, at: Option<At>) -> Option<JsonPointer> {
    at.and_then(|a| table.0.get(a.start).cloned())
}

/// Each configured resource's `expressions`, by its address without instance keys
/// (`module.a.azurerm_lighthouse_definition.this`).
fn expressions(config: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    each_configured(config, &mut |prefix, r| {
        if let (Some(address), Some(e)) = (
            r.get("address").and_then(Value::as_str),
            r.get("expressions"),
        ) {
            out.insert(format!("{prefix}{address}"), e.clone());
        }
    });
    out
}

/// What a finding at `p` is about: the resource's address and, when the configuration says so,
/// where its argument's value is written (the first of its `references`, the most precise:
/// `var.x`, `local.y`, `azuread_group.g.object_id`; or a constant).
fn whose(
    p: &JsonPointer,
    roots: &[(JsonPointer, String)],
    configured: &BTreeMap<String, Value>,
) -> Option<String> {
    let tokens: Vec<String> = p.tokens().collect();
    let (rest, address) = roots.iter().find_map(|(root, address)| {
        let root: Vec<String> = root.tokens().collect();
        tokens
            .starts_with(&root)
            .then(|| (&tokens[root.len()..], address))
    })?;
    let mut about = format!("resource `{address}`");
    let Some(mut e) = configured.get(&without_keys(address)) else {
        return Some(about);
    };
    // The argument's expression: a block is an array of objects of expressions.
    let mut argument = Vec::new();
    for t in rest {
        let next = match e {
            Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
            Value::Object(map)
                if !map.contains_key("references") && !map.contains_key("constant_value") =>
            {
                map.get(t.as_str())
            }
            _ => break,
        };
        let Some(next) = next else {
            return Some(about);
        };
        argument.push(t.as_str());
        e = next;
    }
    let written = e
        .get("references")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(Value::as_str);
    let argument = argument.join(".");
    if let Some(r) = written {
        about = format!("{about}, whose `{argument}` is `{r}` in the configuration");
    } else if e.get("constant_value").is_some() && !argument.is_empty() {
        about = format!("{about}, whose `{argument}` is a constant in the configuration");
    }
    Some(about)
}

/// The resources of `planned_values` (a module and its children).
fn planned(
    m: &Value,
    at: &JsonPointer,
    out: &mut Vec<(String, String, V)>,
    table: &mut Pointers,
    depth: usize,
) {
    if depth > 16 {
        return;
    }
    for (i, r) in m
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if r.get("mode")
            .and_then(Value::as_str)
            .is_some_and(|m| m != "managed")
        {
            continue;
        }
        let kind = r
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let address = r
            .get("address")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let values = r.get("values").unwrap_or(&Value::Null);
        let p = at.clone().key("resources").index(i).key("values");
        out.push((address, kind, build(values, &Value::Null, &p, table, 0)));
    }
    for (i, c) in m
        .get("child_modules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        planned(
            c,
            &at.clone().key("child_modules").index(i),
            out,
            table,
            depth + 1,
        );
    }
}

/// An assignment whose definition is unknown in the plan is linked through the configuration's
/// references: the definition of the same module instance, with the assignment's own instance
/// key when the definition has instances (`x[each.key].id`), else without.
fn link(d: &mut Deployed, address: &str, links: &BTreeMap<String, String>, definitions: &[String]) {
    let Deployed::Assignment { definition, .. } = d else {
        return;
    };
    let Some(why) = definition.why() else {
        return;
    };
    if why.definition.is_some() {
        return;
    }
    let Some(target) = links.get(&without_keys(address)) else {
        return;
    };
    let resource_at = ["azurerm_lighthouse_assignment.", "azapi_resource."]
        .iter()
        .filter_map(|t| address.rfind(t))
        .max()
        .unwrap_or(0);
    let (module_path, own) = address.split_at(resource_at);
    let tail_at = ["azurerm_lighthouse_definition.", "azapi_resource."]
        .iter()
        .filter_map(|t| target.rfind(t))
        .max()
        .unwrap_or(0);
    let tail = &target[tail_at..];
    let candidates = [
        format!("{module_path}{tail}{}", keys_of(own)),
        format!("{module_path}{tail}"),
    ];
    let Some(found) = candidates.iter().find(|c| definitions.contains(c)) else {
        return;
    };
    let reason = why.reason.clone();
    let at = why.at;
    *definition = V::new(
        Kind::Unknown(Rc::new(Why {
            reason,
            at,
            definition: Some(found.clone()),
            partial: None,
        })),
        definition.at,
    );
}
