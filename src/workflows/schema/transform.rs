//! Transforms of the schema that `schemars` generates: tagged unions flattened, nulls and unused
//! definitions removed, descriptions written for editors, role completion, draft-07.

use super::Draft;
use crate::roles;
use schemars::Schema;
use schemars::transform::Transform as _;
use serde_json::{Map, Value, json};

/// Calls `visit` on every schema object reachable from `value` through the keywords that hold
/// schemas (the root, definitions, properties, items, the combinators, conditions).
pub(super) fn walk_schemas(value: &mut Value, visit: &mut impl FnMut(&mut Map<String, Value>)) {
    let Value::Object(schema) = value else {
        return;
    };
    visit(schema);
    for (key, child) in schema.iter_mut() {
        match key.as_str() {
            "properties" | "$defs" | "definitions" | "patternProperties" => {
                if let Value::Object(map) = child {
                    for sub in map.values_mut() {
                        walk_schemas(sub, visit);
                    }
                }
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => {
                if let Value::Array(list) = child {
                    for sub in list {
                        walk_schemas(sub, visit);
                    }
                }
            }
            "items" | "additionalProperties" | "not" | "if" | "then" | "else" | "contains" => {
                walk_schemas(child, visit);
            }
            _ => {}
        }
    }
}

/// The name of the definition a `$ref` points to.
fn definition_name(reference: &str) -> Option<&str> {
    reference
        .strip_prefix("#/$defs/")
        .or_else(|| reference.strip_prefix("#/definitions/"))
}

/// The keywords a struct's definition may have for its properties to be copied into a branch of a
/// tagged union; anything else (a condition, a combinator) would be lost by the copy.
const COPYABLE: [&str; 6] = [
    "type",
    "description",
    "properties",
    "required",
    "additionalProperties",
    "examples",
];

/// Serde's internally tagged enums come out of `schemars` as branches that hold the tag and a
/// `$ref` to the variant's struct, closed with `unevaluatedProperties`. Each branch becomes one
/// object schema with the tag and the struct's properties, closed with `additionalProperties`:
/// the same in draft-07 (which has no `unevaluatedProperties`), and the shape editors recognise
/// as a discriminated union.
pub(super) fn flatten_tagged_unions(root: &mut Value) {
    let definitions = root.get("$defs").cloned().unwrap_or(Value::Null);
    walk_schemas(root, &mut |schema| {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = schema.get_mut(key) else {
                continue;
            };
            for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
                let Some(name) = branch
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(definition_name)
                else {
                    continue;
                };
                if !branch.contains_key("properties") {
                    continue;
                }
                let target = definitions[name].as_object().cloned().unwrap_or_default();
                if let Some(extra) = target.keys().find(|k| !COPYABLE.contains(&k.as_str())) {
                    panic!("cannot flatten the union branch {name}: it has `{extra}`");
                }
                branch.remove("$ref");
                let closed = branch.remove("unevaluatedProperties") == Some(Value::Bool(false))
                    || target.get("additionalProperties") == Some(&Value::Bool(false));
                if let Some(Value::Object(extra)) = target.get("properties") {
                    let properties = branch
                        .entry("properties")
                        .or_insert_with(|| json!({}))
                        .as_object_mut()
                        .expect("properties is an object");
                    for (k, v) in extra {
                        properties.entry(k.clone()).or_insert_with(|| v.clone());
                    }
                }
                if let Some(Value::Array(extra)) = target.get("required") {
                    let required = branch
                        .entry("required")
                        .or_insert_with(|| json!([]))
                        .as_array_mut()
                        .expect("required is an array");
                    for r in extra {
                        if !required.contains(r) {
                            required.push(r.clone());
                        }
                    }
                }
                if let Some(description) = target.get("description") {
                    branch.insert("description".into(), description.clone());
                }
                if closed {
                    branch.insert("additionalProperties".into(), Value::Bool(false));
                }
            }
        }
    });
}

/// The crate never accepts `null`: a field that may be left out must be left out. `schemars`
/// writes `Option` fields as "this or null"; the `null` goes.
pub(super) fn remove_null(root: &mut Value) {
    walk_schemas(root, &mut |schema| {
        if let Some(Value::Array(types)) = schema.get_mut("type") {
            types.retain(|t| t != "null");
            if types.len() == 1 {
                let single = types.remove(0);
                schema.insert("type".into(), single);
            }
        }
        let mut only = None;
        if let Some(Value::Array(branches)) = schema.get_mut("anyOf") {
            branches.retain(|b| b != &json!({ "type": "null" }));
            if branches.len() == 1 {
                only = branches.pop();
            }
        }
        if let Some(Value::Object(branch)) = only {
            schema.remove("anyOf");
            for (k, v) in branch {
                schema.entry(k).or_insert(v);
            }
        }
    });
}

/// Removes the definitions that nothing refers to any more (the structs of flattened branches).
pub(super) fn remove_unused_definitions(root: &mut Value) {
    loop {
        let mut used = std::collections::BTreeSet::new();
        collect_references(root, &mut used);
        let Some(Value::Object(definitions)) = root.get_mut("$defs") else {
            return;
        };
        let before = definitions.len();
        definitions.retain(|name, _| used.contains(name));
        if definitions.len() == before {
            return;
        }
    }
}

fn collect_references(value: &Value, used: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => {
                        used.extend(definition_name(r).map(str::to_owned));
                    }
                    _ => collect_references(v, used),
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_references(v, used)),
        _ => {}
    }
}

/// A doc comment as an editor shows it: without code examples, with rustdoc's links reduced to
/// their text, and with the lines of each paragraph joined (list items keep their own line).
pub(crate) fn editor_text(doc: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code = false;
    for line in doc.lines().map(str::trim_end) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || is_link_definition(line) {
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else if current.is_empty() {
            current.push_str(trimmed);
        } else if trimmed.starts_with("- ") {
            current.push('\n');
            current.push_str(trimmed);
        } else {
            current.push(' ');
            current.push_str(trimmed);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    strip_links(&paragraphs.join("\n\n"))
}

/// `[RFC 6901]: https://…`, the target of a reference-style link.
fn is_link_definition(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('[')
        && line
            .find("]: ")
            .is_some_and(|end| !line[1..end].contains(']'))
}

/// `[`Plan`]` → `` `Plan` ``, `[text](target)` and `[text][target]` → `text`; brackets inside
/// code spans (`` `["…"]` ``) stay.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // The next `[` outside a code span.
        let mut in_code = false;
        let Some(open) = rest.char_indices().find_map(|(i, c)| match c {
            '`' => {
                in_code = !in_code;
                None
            }
            '[' if !in_code => Some(i),
            _ => None,
        }) else {
            break;
        };
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let label = &after[..close];
        let mut tail = &after[close + 1..];
        for (start, end) in [('(', ')'), ('[', ']')] {
            if tail.starts_with(start)
                && let Some(stop) = tail.find(end)
            {
                tail = &tail[stop + 1..];
                break;
            }
        }
        out.push_str(label);
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// The tag property of each union branch (`"visibility": { "const": "private" }`) gets a
/// description: the first sentence of its branch's.
pub(super) fn describe_tags(root: &mut Value) {
    walk_schemas(root, &mut |schema| {
        let Some(Value::Array(branches)) = schema.get_mut("oneOf") else {
            return;
        };
        for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
            let summary = branch
                .get("description")
                .and_then(Value::as_str)
                .map(first_sentence);
            let Some(Value::Object(properties)) = branch.get_mut("properties") else {
                continue;
            };
            for property in properties.values_mut().filter_map(Value::as_object_mut) {
                if let (Some(Value::String(tag)), None) =
                    (property.get("const"), property.get("description"))
                {
                    let text = match &summary {
                        Some(summary) => format!("`{tag}`: {summary}"),
                        None => format!("`{tag}`"),
                    };
                    property.insert("description".into(), Value::String(text));
                }
            }
        }
    });
}

fn first_sentence(text: &str) -> String {
    let end = text
        .find(". ")
        .map_or(text.len(), |i| i + 1)
        .min(text.find('\n').unwrap_or(text.len()));
    text[..end].trim().to_owned()
}

/// Role IDs: every built-in role that Azure Lighthouse supports, offered by name for completion.
pub(super) fn offer_role_completion(root: &mut Value) {
    let Some(Value::Object(role)) = root.pointer_mut("/$defs/RoleDefinitionId") else {
        panic!("the schema has no RoleDefinitionId definition");
    };
    let mut supported: Vec<_> = roles::built_in()
        .iter()
        .filter(|r| r.support().is_supported())
        .collect();
    supported.sort_by_key(|r| (r.name().trim().to_lowercase(), r.id()));
    let snippets: Vec<Value> = supported
        .iter()
        .map(|r| json!({ "label": r.name().trim(), "body": r.id().to_string() }))
        .collect();
    role.insert(
        "description".into(),
        Value::String(format!(
            "The GUID of an Azure built-in role (ARM: `roleDefinitionId`). Completion offers the \
             {} built-in roles that Azure Lighthouse can delegate, by name. Any GUID is valid \
             here: `lighthouse-offer check` rejects Owner, roles with data actions and roles \
             that can change access, and warns about roles it does not know.",
            supported.len()
        )),
    );
    role.insert("defaultSnippets".into(), Value::Array(snippets));
}

/// The root's `$schema`, `$id`, title and description, and the `$schema` field's example.
pub(super) fn describe_root(root: &mut Value, draft: Draft) {
    let Value::Object(map) = root else {
        return;
    };
    if let Some(Value::Object(field)) = map.get_mut("properties").and_then(|p| p.get_mut("$schema"))
    {
        field.insert("examples".into(), json!([draft.id()]));
    }
    map.insert("$schema".into(), json!(draft.meta_schema()));
    map.insert("$id".into(), json!(draft.id()));
    map.insert(
        "title".into(),
        json!("Azure Lighthouse managed service offer"),
    );
    map.insert(
        "description".into(),
        json!(
            "A managed service offer for Azure Marketplace, as one document: offer settings, \
             plans with their manifests, the Marketplace listing, marketing artifacts, lead \
             management, legal terms and support. This schema carries every rule that JSON \
             Schema can express; `lighthouse-offer check` checks all of them, including the role \
             catalog, the listing's HTML and the image files."
        ),
    );
}

/// The same schema in draft-07: `definitions` instead of `$defs`, no `$ref` beside other
/// keywords, and no `minContains`/`maxContains` (their `contains` would require an item).
pub(super) fn to_draft_07(schema: &mut Schema) {
    let value = schema.as_object_mut().expect("the schema is an object");
    if let Some(definitions) = value.remove("$defs") {
        value.insert("definitions".into(), definitions);
    }
    let mut root = Value::Object(std::mem::take(value));
    rewrite_references(&mut root);
    walk_schemas(&mut root, &mut |schema| {
        if schema.contains_key("maxContains") || schema.contains_key("minContains") {
            schema.remove("contains");
            schema.remove("minContains");
            schema.remove("maxContains");
        }
    });
    *schema = Schema::try_from(root).expect("still an object");
    schemars::transform::RemoveRefSiblings::default().transform(schema);
}

fn rewrite_references(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match (k.as_str(), &mut *v) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix("#/$defs/") {
                            *r = format!("#/definitions/{name}");
                        }
                    }
                    _ => rewrite_references(v),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(rewrite_references),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_text_drops_code_and_links() {
        let doc = "A [`Plan`] of an [offer](crate::Offer), see [RFC 6901].\nSecond line.\n\n\
                   - one\n  more\n- two `[\"x\"]`\n\n```\nlet x = 1;\n```\n[RFC 6901]: https://example.com";
        assert_eq!(
            editor_text(doc),
            "A `Plan` of an offer, see RFC 6901. Second line.\n\n- one more\n- two `[\"x\"]`"
        );
    }
}
