//! The committed JSON Schema files (`schema/`): current, valid against their meta-schemas, usable
//! by editors, and in agreement with the crate.
//!
//! The agreement is checked on a corpus made from the example offer: the example itself, and one
//! mutation of it per rule (a JSON Pointer and the value put there, or the field removed). Each
//! document is checked by the crate (`ReadOptions::read_value`) and by an independent JSON Schema
//! validator (the `jsonschema` crate) against each committed file. For a rule the schema
//! expresses, both reject; for a rule or part of a rule in `schema::GAPS`, the schema accepts
//! what the crate rejects (or warns about); for the valid edge cases, both accept. Every rule of
//! `Rule::ALL` is either shown by a mutation or listed in `GAPS` as outside the document.
//!
//! With `UPDATE_GENERATED=1` the first test writes the schema files instead of comparing them.

use std::path::{Path, PathBuf};

use crate::support::example;
use crate::support::generated;
use lighthouse_offer::schema::{Draft, Extent, GAPS, Gap, GapKind, offer_schema_text};
use lighthouse_offer::{ActivationDuration, HttpsUrl, ReadOptions, RoleDefinitionId, Rule, roles};
use serde_json::{Value, json};

const REGENERATE: &str = "UPDATE_GENERATED=1 cargo test --test rules committed_files_are_current";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path(draft: Draft) -> PathBuf {
    root().join("schema").join(draft.file_name())
}

fn committed(draft: Draft) -> Value {
    let path = schema_path(draft);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; create it with `{REGENERATE}`",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("a schema file is JSON")
}

fn validator(draft: Draft) -> jsonschema::Validator {
    let schema = committed(draft);
    match draft {
        Draft::V07 => jsonschema::draft7::new(&schema),
        Draft::V2020_12 => jsonschema::draft202012::new(&schema),
    }
    .unwrap_or_else(|e| panic!("{}: {e}", draft.file_name()))
}

/// A validator for one definition of the committed 2020-12 schema.
fn definition(name: &str) -> jsonschema::Validator {
    let schema = committed(Draft::V2020_12);
    assert!(schema["$defs"].get(name).is_some(), "no definition {name}");
    jsonschema::draft202012::new(&json!({
        "$ref": format!("#/$defs/{name}"),
        "$defs": schema["$defs"],
    }))
    .unwrap()
}

/// The example written for edition 2026, the base of the mutations of edition rules.
fn example_2026() -> Value {
    read_example("examples/contoso-sentinel-2026/offer.json")
}

fn read_example(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

// ---- the files ----

#[test]
fn committed_files_are_current() {
    let update = generated::updating();
    for draft in Draft::ALL {
        let path = schema_path(draft);
        let rendered = offer_schema_text(draft);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &rendered).expect("cannot write the schema");
            continue;
        }
        generated::assert_current(
            &path,
            &format!("schema/{}", draft.file_name()),
            &rendered,
            "the crate's types by `lighthouse_offer::schema::offer_schema`",
            REGENERATE,
        );
    }
}

#[test]
fn each_file_names_its_draft_and_address() {
    for draft in Draft::ALL {
        let schema = committed(draft);
        assert_eq!(schema["$schema"], draft.meta_schema());
        assert_eq!(schema["$id"], draft.id());
        // No invented web address: the file's own name, a relative reference.
        assert_eq!(draft.id(), draft.file_name());
        assert!(!draft.id().contains("://"));
    }
    assert_eq!(
        Draft::V2020_12.meta_schema(),
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        Draft::V07.meta_schema(),
        "http://json-schema.org/draft-07/schema#"
    );
}

#[test]
fn the_example_names_the_2020_12_schema() {
    // By its path relative to the example, so that editors find the committed file.
    assert_eq!(
        example()["$schema"],
        format!("../../schema/{}", Draft::V2020_12.file_name())
    );
}

#[test]
fn files_are_valid_against_their_meta_schemas() {
    // The meta-schemas are bundled in the `jsonschema` crate: this needs no network.
    for draft in Draft::ALL {
        let schema = committed(draft);
        if let Err(error) = jsonschema::meta::validate(&schema) {
            panic!("{} is not a valid schema: {error}", draft.file_name());
        }
    }
}

#[test]
fn draft_07_uses_only_draft_07_keywords() {
    let text = std::fs::read_to_string(schema_path(Draft::V07)).unwrap();
    for newer in [
        "\"$defs\"",
        "\"unevaluatedProperties\"",
        "\"unevaluatedItems\"",
        "\"prefixItems\"",
        "\"minContains\"",
        "\"maxContains\"",
        "\"dependentRequired\"",
        "\"dependentSchemas\"",
        "\"$anchor\"",
        "\"$dynamicRef\"",
    ] {
        assert!(!text.contains(newer), "draft-07 file has {newer}");
    }
    // In draft-07, keywords beside `$ref` are ignored: every `$ref` stands alone.
    for_each_schema(&committed(Draft::V07), &mut |schema, at| {
        if let Some(map) = schema.as_object() {
            assert!(
                !map.contains_key("$ref") || map.len() == 1,
                "{at}: $ref with siblings"
            );
        }
    });
}

// ---- what editors see ----

/// Calls `visit` with each schema that declares something (the root, definitions, properties,
/// items, union branches), not with the schemas of conditions (`if`, `then`, `else`, `not`,
/// `contains`), which only test.
fn for_each_schema(value: &Value, visit: &mut impl FnMut(&Value, &str)) {
    fn walk(value: &Value, at: &str, visit: &mut impl FnMut(&Value, &str)) {
        let Some(map) = value.as_object() else {
            return;
        };
        visit(value, at);
        for (key, child) in map {
            match key.as_str() {
                "properties" | "$defs" | "definitions" => {
                    for (name, sub) in child.as_object().into_iter().flatten() {
                        walk(sub, &format!("{at}/{key}/{name}"), visit);
                    }
                }
                "oneOf" | "anyOf" | "allOf" => {
                    for (i, sub) in child.as_array().into_iter().flatten().enumerate() {
                        walk(sub, &format!("{at}/{key}/{i}"), visit);
                    }
                }
                "items" => walk(child, &format!("{at}/items"), visit),
                _ => {}
            }
        }
    }
    walk(value, "", visit);
}

#[test]
fn every_property_has_a_description_and_every_object_is_closed() {
    for draft in Draft::ALL {
        let mut objects = 0;
        for_each_schema(&committed(draft), &mut |schema, at| {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            objects += 1;
            assert_eq!(
                schema.get("additionalProperties"),
                Some(&json!(false)),
                "{}: {at} takes unknown fields",
                draft.file_name()
            );
            for (name, property) in properties {
                let description = property.get("description").and_then(Value::as_str);
                assert!(
                    description.is_some_and(|d| d.len() > 10),
                    "{}: {at}/properties/{name} has no description",
                    draft.file_name()
                );
            }
        });
        // The offer, plans, manifests, authorizations, listing, … : far more than a handful.
        assert!(objects > 25, "{objects} objects");
    }
}

#[test]
fn descriptions_are_text_for_people_not_rustdoc() {
    let text = std::fs::read_to_string(schema_path(Draft::V2020_12)).unwrap();
    for rustdoc in ["```", "[`", "use lighthouse_offer", "assert!", "# Ok::<"] {
        assert!(
            !text.contains(rustdoc),
            "the schema's text contains {rustdoc:?}"
        );
    }
}

#[test]
fn tagged_unions_are_one_of_with_a_required_const_tag() {
    let schema = committed(Draft::V2020_12);
    let mut unions = Vec::new();
    for_each_schema(&schema, &mut |s, at| {
        let Some(branches) = s.get("oneOf").and_then(Value::as_array) else {
            return;
        };
        if !branches.iter().all(|b| b.get("properties").is_some()) {
            return; // a union of strings, such as an enum's values
        }
        // The tag: a property with a `const` in every branch, required in every branch.
        let first = branches[0]["properties"].as_object().unwrap();
        let Some((tag, _)) = first.iter().find(|(_, p)| p.get("const").is_some()) else {
            panic!("{at}: no const tag");
        };
        let tag = tag.clone();
        let mut values = Vec::new();
        for branch in branches {
            assert_eq!(branch["type"], "object", "{at}");
            assert_eq!(branch["additionalProperties"], false, "{at}");
            assert!(
                branch["required"].as_array().unwrap().contains(&json!(tag)),
                "{at}: `{tag}` not required"
            );
            values.push(branch["properties"][&tag]["const"].clone());
            assert!(branch.get("$ref").is_none(), "{at}: a branch still refers");
        }
        let count = values.len();
        values.dedup();
        assert_eq!(values.len(), count, "{at}: tags repeat");
        unions.push((at.to_owned(), tag, values));
    });
    let found: Vec<(&str, &str)> = unions
        .iter()
        .map(|(at, tag, _)| (at.as_str(), tag.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/$defs/Availability", "visibility"),
            ("/$defs/DynamicsAuthentication", "type"),
            ("/$defs/LeadDestination", "type"),
        ]
    );
}

#[test]
fn role_ids_offer_the_supported_roles_by_name_and_accept_any_guid() {
    let schema = committed(Draft::V2020_12);
    let role = &schema["$defs"]["RoleDefinitionId"];
    let snippets = role["defaultSnippets"].as_array().unwrap();
    let mut expected: Vec<(String, String)> = roles::built_in()
        .iter()
        .filter(|r| r.support().is_supported())
        .map(|r| (r.name().trim().to_owned(), r.id().to_string()))
        .collect();
    expected.sort_by_key(|(name, id)| (name.to_lowercase(), id.clone()));
    let offered: Vec<(String, String)> = snippets
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["body"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(offered, expected);
    assert!(offered.contains(&("Reader".into(), RoleDefinitionId::READER.to_string())));
    assert!(
        !offered
            .iter()
            .any(|(_, id)| *id == RoleDefinitionId::OWNER.to_string())
    );
    // Validation is the GUID pattern alone: a role newer than the catalog is a valid value.
    let ids = definition("RoleDefinitionId");
    assert!(ids.is_valid(&json!("11111111-2222-4333-8444-555555555555")));
    assert!(ids.is_valid(&json!("ACDD72A7-3385-48EF-BD42-F606FBA81AE7")));
    assert!(!ids.is_valid(&json!("Reader")));
}

/// Whether a pattern keeps to what ECMA-262 and Rust's `regex` read alike: no `.` (it excludes
/// `\r`, `\u2028` and `\u2029` in ECMA-262, only `\n` in Rust), no `\d`, `\w`, `\s`, `\b` (ASCII
/// in one, Unicode in the other) and no lookaround (Rust has none).
fn portable(pattern: &str) -> Result<(), String> {
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let escaped = chars.next().ok_or("a trailing backslash")?;
                if "dDwWsSbB".contains(escaped) {
                    return Err(format!("`\\{escaped}`"));
                }
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '.' if !in_class => return Err("`.` outside a class".into()),
            '(' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                match chars.next() {
                    Some(':') => {}
                    other => return Err(format!("the group `(?{}`", other.unwrap_or(' '))),
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[test]
fn patterns_read_alike_in_ecma_262_and_rust() {
    assert!(portable("^[^ \\t](?:[^\\n]*x)?$").is_ok());
    assert!(portable("^a.b$").is_err());
    assert!(portable("^\\d+$").is_err());
    assert!(portable("^(?=a)").is_err());
    assert!(portable("[.]\\.").is_ok());
    let mut count = 0;
    for draft in Draft::ALL {
        let text = std::fs::read_to_string(schema_path(draft)).unwrap();
        let mut patterns = Vec::new();
        collect_patterns(&serde_json::from_str(&text).unwrap(), &mut patterns);
        for pattern in &patterns {
            if let Err(problem) = portable(pattern) {
                panic!("{}: pattern {pattern:?} uses {problem}", draft.file_name());
            }
        }
        count += patterns.len();
    }
    assert!(count > 40, "{count} patterns");
}

fn collect_patterns(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "pattern"
                    && let Value::String(p) = v
                {
                    out.push(p.clone());
                } else {
                    collect_patterns(v, out);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| collect_patterns(v, out)),
        _ => {}
    }
}

// ---- leaf values, checked in bulk ----

#[test]
fn url_white_space_is_exactly_what_the_crate_refuses() {
    // Every character of the Basic Multilingual Plane in a URL's path: the schema's class and
    // the crate's check (`char::is_whitespace` or `char::is_control`) must agree on each.
    let urls = definition("HttpsUrl");
    let mut refused = 0;
    for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
        let text = format!("https://contoso.com/a{c}b");
        let crate_accepts = HttpsUrl::new(text.as_str()).is_ok();
        let schema_accepts = urls.is_valid(&json!(text));
        assert_eq!(schema_accepts, crate_accepts, "U+{:04X}", u32::from(c));
        refused += usize::from(!crate_accepts);
    }
    // The 65 control characters (U+0000 to U+001F, U+007F to U+009F), and the 19 white space
    // characters that are not controls: U+0020, U+00A0, U+1680, U+2000 to U+200A (11), U+2028,
    // U+2029, U+202F, U+205F and U+3000.
    assert_eq!(refused, 65 + 19);
}

#[test]
fn urls_that_the_crate_accepts_are_valid_in_the_schema() {
    let urls = definition("HttpsUrl");
    for text in [
        "https://contoso.com",
        "https://contoso.com/support?a=1#top",
        "HTTPS://Contoso.com/support",
        "Https://contoso.com",
        "https:contoso.com/support",
        "https:\\\\contoso.com\\support",
        "https:///contoso.com",
        "https://@contoso.com/",
        "https://contoso.com:8443/",
        "https://例え.jp/パス",
        "https://[2001:db8::1]/",
        "https://contoso.com/a|b@c",
    ] {
        assert!(HttpsUrl::new(text).is_ok(), "the crate refuses {text}");
        assert!(urls.is_valid(&json!(text)), "the schema refuses {text}");
    }
    // Refused by both.
    for text in [
        "http://contoso.com",
        "ftp://contoso.com",
        "contoso.com",
        "/support",
        "https://user@contoso.com",
        "https://user:secret@contoso.com",
        "https://:secret@contoso.com",
        "https://",
        "https:?x",
        "https://contoso.com/a b",
        " https://contoso.com",
        "javascript:alert(1)",
    ] {
        assert!(HttpsUrl::new(text).is_err(), "the crate accepts {text}");
        assert!(!urls.is_valid(&json!(text)), "the schema accepts {text}");
    }
}

#[test]
fn activation_durations_agree_exactly() {
    let durations = definition("ActivationDuration");
    let mut hours: Vec<String> = (0..=10).map(|h| h.to_string()).collect();
    hours.extend(["00", "08", "09", "007"].map(String::from));
    let mut minutes: Vec<String> = (0..=500).map(|m| m.to_string()).collect();
    minutes.extend(["00", "030", "0480", "0481", "00000000000000000000030"].map(String::from));
    let mut texts = vec![
        "PT".to_owned(),
        "P1D".into(),
        "pt8h".into(),
        "PT8h".into(),
        "PT8H30".into(),
        "PT30M1H".into(),
        "PT-1H".into(),
        "PT1.5H".into(),
        "PT99999999999999999999H".into(),
        " PT8H".into(),
        "PT8H ".into(),
    ];
    for h in &hours {
        texts.push(format!("PT{h}H"));
        for m in &minutes {
            texts.push(format!("PT{h}H{m}M"));
        }
    }
    for m in &minutes {
        texts.push(format!("PT{m}M"));
    }
    let mut accepted = 0;
    for text in &texts {
        let crate_accepts = ActivationDuration::parse(text).is_ok();
        assert_eq!(durations.is_valid(&json!(text)), crate_accepts, "{text:?}");
        accepted += usize::from(crate_accepts);
    }
    assert!(accepted > 3000, "{accepted}");
}

// ---- the corpus ----

/// What a mutation shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Show {
    /// The crate reports the rule; the schema rejects the document too, unless the rule is a
    /// whole gap in the draft.
    Rule(Rule),
    /// The crate reports the rule, and the schema accepts: the part of a rule that `GAPS` lists
    /// as beyond the schema.
    Beyond(Rule),
    /// Both accept: an edge of a rule that must not be refused.
    Valid,
}

struct Mutation {
    /// Whether the mutation starts from the 2026 example instead of the 2020 one.
    edition_2026: bool,
    show: Show,
    at: String,
    /// The new value, or `None` to remove the field.
    value: Option<Value>,
}

fn rule(rule: Rule, at: impl Into<String>, value: Value) -> Mutation {
    Mutation {
        edition_2026: false,
        show: Show::Rule(rule),
        at: at.into(),
        value: Some(value),
    }
}

fn without(rule: Rule, at: impl Into<String>) -> Mutation {
    Mutation {
        edition_2026: false,
        show: Show::Rule(rule),
        at: at.into(),
        value: None,
    }
}

fn beyond(rule: Rule, at: impl Into<String>, value: Value) -> Mutation {
    Mutation {
        edition_2026: false,
        show: Show::Beyond(rule),
        at: at.into(),
        value: Some(value),
    }
}

fn valid(at: impl Into<String>, value: Value) -> Mutation {
    Mutation {
        edition_2026: false,
        show: Show::Valid,
        at: at.into(),
        value: Some(value),
    }
}

/// The same mutation, applied to the 2026 example.
fn in_2026(mut mutation: Mutation) -> Mutation {
    mutation.edition_2026 = true;
    mutation
}

/// Puts `value` at `pointer` (a new member of an existing object, or the item just past the end
/// of an existing array), or removes what is there.
fn apply(document: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, last) = pointer.rsplit_once('/').expect("a pointer below the root");
    let last = last.replace("~1", "/").replace("~0", "~");
    let parent = document
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{pointer}: the parent does not exist"));
    match (parent, value) {
        (Value::Object(map), Some(value)) => {
            map.insert(last, value);
        }
        (Value::Object(map), None) => {
            assert!(map.remove(&last).is_some(), "{pointer}: nothing to remove");
        }
        (Value::Array(items), Some(value)) => {
            let index: usize = last.parse().expect("an index");
            if index == items.len() {
                items.push(value);
            } else {
                items[index] = value;
            }
        }
        (Value::Array(items), None) => {
            items.remove(last.parse::<usize>().expect("an index"));
        }
        _ => panic!("{pointer}: the parent is not a container"),
    }
}

const AUTH: &str = "/plans/0/manifest/authorizations";
const ELIGIBLE: &str = "/plans/0/manifest/eligibleAuthorizations";
const POLICY: &str = "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy";
const DESCRIPTION: &str = "/listing/description";

fn guid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn authorization(n: usize) -> Value {
    json!({
        "principalId": guid(n),
        "principalIdDisplayName": format!("Contoso group {n}"),
        "roleDefinitionId": RoleDefinitionId::READER.to_string(),
    })
}

fn approvers(count: usize) -> Value {
    (1..=count)
        .map(|n| {
            json!({
                "principalId": guid(n),
                "principalIdDisplayName": format!("Approver {n}"),
            })
        })
        .collect()
}

/// `count` plans: the example's private plan, under other plan IDs, made `visibility`.
fn plans(count: usize, private: usize) -> Value {
    let template = example()["plans"][1].clone();
    let mut out = Vec::new();
    for i in 0..count {
        let mut plan = template.clone();
        plan["planId"] = json!(format!("plan-{i}"));
        if i >= private {
            plan["availability"] = json!({ "visibility": "public" });
        }
        out.push(plan);
    }
    Value::Array(out)
}

fn html(markup: &str) -> Value {
    json!(format!("<p>Our managed service.</p>{markup}"))
}

/// The corpus: one mutation of the example per rule (and per kind of value where a rule covers
/// several), the parts of rules beyond the schema, and valid edges.
#[allow(clippy::too_many_lines)] // one table
fn mutations() -> Vec<Mutation> {
    let uaa = RoleDefinitionId::USER_ACCESS_ADMINISTRATOR.to_string();
    let owner = RoleDefinitionId::OWNER.to_string();
    let contributor = RoleDefinitionId::CONTRIBUTOR.to_string();
    let with_data_actions = roles::built_in()
        .iter()
        .find(|r| r.has_data_actions())
        .unwrap()
        .id()
        .to_string();
    let restricted = RoleDefinitionId::ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR.to_string();
    let table = |secret: Value| json!({ "type": "azureTable", "connectionString": secret });
    let marketo = |form: &str| {
        json!({
            "type": "marketo",
            "serverId": "ys12",
            "munchkinAccountId": "123-PQR-789",
            "formId": form,
        })
    };
    let delete = RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE.to_string();
    let delete_role = json!({
        "principalId": guid(99),
        "principalIdDisplayName": "Contoso Lighthouse administrators",
        "roleDefinitionId": delete,
    });
    // With the example's eligible authorization, 19 permanent ones (17, the delete role and the
    // eligible engineers' Reader) are the most a manifest may have: 20 authorizations in all.
    let engineers_read = example()["plans"][0]["manifest"]["authorizations"][4].clone();
    let nineteen_authorizations: Value = (1..=17)
        .map(authorization)
        .chain([delete_role.clone(), engineers_read])
        .collect();
    let twenty_authorizations: Value = (1..=19).map(authorization).chain([delete_role]).collect();
    vec![
        // ---- the document's shape ----
        rule(Rule::WrongType, "/name", json!(42)),
        rule(Rule::WrongType, "/marketingArtifacts/hero", Value::Null),
        rule(Rule::WrongType, "/$schema", Value::Null),
        rule(Rule::WrongType, "/legal/useStandardContract", json!("yes")),
        rule(Rule::WrongType, "/plans", json!({})),
        without(Rule::MissingField, "/offerId"),
        without(Rule::MissingField, "/plans/0/manifest/tenantId"),
        without(Rule::MissingField, "/leadManagement/destination/url"),
        without(Rule::MissingField, "/plans/1/availability/subscriptionIds"),
        rule(Rule::UnknownField, "/listing/titel", json!("Contoso")),
        rule(
            Rule::UnknownField,
            "/plans/0/availability/subscriptionIds",
            json!([guid(1)]),
        ),
        rule(
            Rule::UnknownField,
            "/leadManagement/destination/extra",
            json!(1),
        ),
        rule(Rule::UnknownField, format!("{POLICY}/mfa"), json!(true)),
        rule(Rule::TooFewItems, "/plans", json!([])),
        rule(Rule::TooFewItems, "/listing/categories", json!([])),
        rule(
            Rule::TooFewItems,
            "/leadManagement/contactEmails",
            json!([]),
        ),
        rule(
            Rule::TooFewItems,
            "/plans/1/availability/subscriptionIds",
            json!([]),
        ),
        rule(
            Rule::TooManyItems,
            "/listing/categories",
            json!(["A", "B", "C", "D", "E", "F"]),
        ),
        rule(
            Rule::TooManyItems,
            "/support/supportUrls",
            json!([
                "https://a.example",
                "https://b.example",
                "https://c.example"
            ]),
        ),
        rule(
            Rule::TooManyItems,
            AUTH,
            Value::Array((1..=21).map(authorization).collect()),
        ),
        rule(Rule::TooManyItems, "/plans", plans(101, 0)),
        rule(
            Rule::TooManyItems,
            format!("{POLICY}/managedByTenantApprovers"),
            approvers(11),
        ),
        valid(AUTH, nineteen_authorizations),
        // 20 permanent and 1 eligible: each list within the schema's bound, 21 in all.
        beyond(Rule::TooManyItems, AUTH, twenty_authorizations),
        rule(
            Rule::DuplicateItem,
            "/listing/categories",
            json!(["Security", "Security"]),
        ),
        rule(
            Rule::DuplicateItem,
            "/leadManagement/contactEmails",
            json!(["a@contoso.example", "a@contoso.example"]),
        ),
        rule(
            Rule::DuplicateItem,
            "/plans/1/availability/subscriptionIds",
            json!([guid(1), guid(1)]),
        ),
        rule(
            Rule::DuplicateItem,
            format!("{AUTH}/2/delegatedRoleDefinitionIds"),
            json!([contributor, contributor]),
        ),
        beyond(
            Rule::DuplicateItem,
            "/leadManagement/contactEmails",
            json!(["a@contoso.example", "A@Contoso.example"]),
        ),
        beyond(
            Rule::DuplicateItem,
            "/listing/previewSubscriptionIds",
            json!([
                "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f",
                "9F8E7D6C-5B4A-4C3D-8E2F-1A0B9C8D7E6F"
            ]),
        ),
        beyond(
            Rule::DuplicateItem,
            "/support/supportUrls",
            json!(["https://contoso.example", "https://contoso.example/"]),
        ),
        beyond(Rule::DuplicateItem, "/plans/1/planId", json!("gold")),
        // ---- single values ----
        rule(Rule::TextTooShort, "/name", json!("")),
        rule(Rule::TextTooShort, "/plans/0/description", json!("")),
        rule(Rule::TextTooShort, DESCRIPTION, json!("")),
        rule(Rule::TextTooLong, "/name", json!("é".repeat(51))),
        valid("/name", json!("é".repeat(50))),
        rule(
            Rule::TextTooLong,
            "/listing/longSummary",
            json!("x".repeat(257)),
        ),
        rule(
            Rule::TextTooLong,
            DESCRIPTION,
            json!(format!("managed service {}", "x".repeat(2985))),
        ),
        valid(
            DESCRIPTION,
            json!(format!("managed service {}", "x".repeat(2984))),
        ),
        rule(Rule::TextTooLong, "/plans/0/title", json!("🙂".repeat(51))),
        valid("/plans/0/title", json!("🙂".repeat(50))),
        rule(
            Rule::UntrimmedText,
            format!("{AUTH}/0/principalIdDisplayName"),
            json!(" Contoso SOC"),
        ),
        rule(
            Rule::UntrimmedText,
            "/support/engineeringContact/name",
            json!("Mira Jansen\n"),
        ),
        rule(
            Rule::UntrimmedText,
            "/marketingArtifacts/screenshots/0/caption",
            json!("Two\nlines"),
        ),
        valid(
            format!("{AUTH}/0/principalIdDisplayName"),
            json!("Contoso\u{2028}SOC team"),
        ),
        rule(
            Rule::UntrimmedText,
            format!("{AUTH}/0/principalIdDisplayName"),
            json!("Contoso SOC\rteam"),
        ),
        rule(
            Rule::InvalidIdentifier,
            "/offerId",
            json!("Contoso Sentinel"),
        ),
        rule(
            Rule::InvalidIdentifier,
            "/listing/marketingIdentifier",
            json!("contoso_sentinel"),
        ),
        rule(Rule::TextTooLong, "/offerId", json!("x".repeat(51))),
        rule(
            Rule::InvalidGuid,
            "/plans/0/manifest/tenantId",
            json!("{0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10}"),
        ),
        rule(
            Rule::InvalidGuid,
            "/listing/previewSubscriptionIds/0",
            json!("not-a-guid"),
        ),
        rule(
            Rule::InvalidGuid,
            format!("{AUTH}/0/roleDefinitionId"),
            json!("acdd72a7338548efbd42f606fba81ae7"),
        ),
        valid(
            "/plans/0/manifest/tenantId",
            json!("0B4B3A8E-9C3F-4E6B-8D4C-2F1A7E5D9C10"),
        ),
        rule(
            Rule::InvalidVersion,
            "/plans/0/manifest/version",
            json!("1.0"),
        ),
        rule(
            Rule::InvalidVersion,
            "/plans/0/manifest/version",
            json!("01.0.0"),
        ),
        rule(
            Rule::InvalidVersion,
            "/plans/0/manifest/version",
            json!("1.0.0-rc.1"),
        ),
        beyond(
            Rule::InvalidVersion,
            "/plans/0/manifest/version",
            json!("18446744073709551616.0.0"),
        ),
        rule(
            Rule::InvalidDuration,
            format!("{POLICY}/maximumActivationDuration"),
            json!("PT8H30M"),
        ),
        rule(
            Rule::InvalidDuration,
            format!("{POLICY}/maximumActivationDuration"),
            json!("PT29M"),
        ),
        rule(
            Rule::InvalidDuration,
            format!("{POLICY}/maximumActivationDuration"),
            json!("P1D"),
        ),
        valid(
            format!("{POLICY}/maximumActivationDuration"),
            json!("PT0H480M"),
        ),
        rule(Rule::UnknownVariant, "/edition", json!("2019")),
        // A placeholder is valid text for the schema; the reader refuses it.
        beyond(Rule::PlaceholderValue, "/name", json!("<your offer name>")),
        // `edition` may be left out (the schema accepts it); the reader warns.
        Mutation {
            edition_2026: false,
            show: Show::Beyond(Rule::EditionNotNamed),
            at: "/edition".into(),
            value: None,
        },
        rule(
            Rule::UnknownVariant,
            "/plans/0/availability/visibility",
            json!("secret"),
        ),
        rule(
            Rule::UnknownVariant,
            "/leadManagement/destination/type",
            json!("hubspot"),
        ),
        rule(
            Rule::UnknownVariant,
            "/plans/0/billingModel",
            json!("monthly"),
        ),
        rule(
            Rule::UnknownVariant,
            format!("{POLICY}/multiFactorAuthProvider"),
            json!("Sms"),
        ),
        rule(
            Rule::InvalidUrl,
            "/legal/privacyPolicyUrl",
            json!("http://contoso.example/privacy"),
        ),
        rule(
            Rule::InvalidUrl,
            "/legal/privacyPolicyUrl",
            json!("https://user:secret@contoso.example/"),
        ),
        rule(
            Rule::InvalidUrl,
            "/support/supportUrls/0",
            json!("https://contoso.example/a b"),
        ),
        rule(
            Rule::InvalidUrl,
            "/listing/usefulLinks/0/url",
            json!("docs/sentinel"),
        ),
        valid(
            "/legal/privacyPolicyUrl",
            json!("HTTPS://Contoso.example/privacy"),
        ),
        valid(
            "/legal/privacyPolicyUrl",
            json!("https:contoso.example/privacy"),
        ),
        beyond(
            Rule::InvalidUrl,
            "/legal/privacyPolicyUrl",
            json!("https://:443/privacy"),
        ),
        beyond(
            Rule::InvalidUrl,
            "/legal/privacyPolicyUrl",
            json!("https://contoso.example:99999/"),
        ),
        rule(
            Rule::InvalidEmail,
            "/leadManagement/contactEmails/0",
            json!("leads@localhost"),
        ),
        rule(
            Rule::InvalidEmail,
            "/leadManagement/contactEmails/0",
            json!("leads.contoso.example"),
        ),
        rule(
            Rule::InvalidEmail,
            "/support/supportContact/email",
            json!("support@contoso..example"),
        ),
        valid(
            "/leadManagement/contactEmails/0",
            json!("\"a@b\"@contoso.example"),
        ),
        valid(
            "/leadManagement/contactEmails/0",
            json!("josé@münchen.example"),
        ),
        valid("/leadManagement/contactEmails/0", json!("a@b.c")),
        beyond(
            Rule::InvalidEmail,
            "/leadManagement/contactEmails/0",
            json!("a..b@contoso.example"),
        ),
        rule(
            Rule::InvalidPhoneNumber,
            "/support/supportContact/phone",
            json!("call us"),
        ),
        rule(
            Rule::InvalidPhoneNumber,
            "/support/supportContact/phone",
            json!("12345"),
        ),
        valid(
            "/support/supportContact/phone",
            json!("+1 (425) 555-0100 x123"),
        ),
        // ---- roles and authorizations ----
        rule(
            Rule::OwnerRole,
            format!("{AUTH}/0/roleDefinitionId"),
            json!(owner),
        ),
        rule(
            Rule::DataActionsRole,
            format!("{AUTH}/0/roleDefinitionId"),
            json!(with_data_actions),
        ),
        rule(
            Rule::RestrictedActionRole,
            format!("{AUTH}/0/roleDefinitionId"),
            json!(restricted),
        ),
        rule(
            Rule::UnknownRole,
            format!("{AUTH}/0/roleDefinitionId"),
            json!(guid(7)),
        ),
        without(
            Rule::MissingAssignableRoles,
            format!("{AUTH}/2/delegatedRoleDefinitionIds"),
        ),
        rule(
            Rule::MissingAssignableRoles,
            format!("{AUTH}/2/delegatedRoleDefinitionIds"),
            json!([]),
        ),
        rule(
            Rule::MissingAssignableRoles,
            format!("{AUTH}/0/roleDefinitionId"),
            json!(uaa.to_uppercase()),
        ),
        rule(
            Rule::AssignableRolesIgnored,
            format!("{AUTH}/0/delegatedRoleDefinitionIds"),
            json!([contributor]),
        ),
        valid(format!("{AUTH}/0/delegatedRoleDefinitionIds"), json!([])),
        rule(
            Rule::UnsupportedAssignableRole,
            format!("{AUTH}/2/delegatedRoleDefinitionIds"),
            json!([owner]),
        ),
        rule(
            Rule::DataActionsAssignableRole,
            format!("{AUTH}/2/delegatedRoleDefinitionIds"),
            json!([with_data_actions]),
        ),
        rule(
            Rule::UnsupportedEligibleRole,
            format!("{ELIGIBLE}/0/roleDefinitionId"),
            json!(uaa),
        ),
        rule(
            Rule::EligiblePolicyMismatch,
            format!("{ELIGIBLE}/1"),
            json!({
                "principalId": guid(3),
                "principalIdDisplayName": "Contoso night shift",
                "roleDefinitionId": contributor,
            }),
        ),
        // The all-zero GUID names no tenant, principal or subscription.
        rule(
            Rule::NilGuid,
            "/plans/0/manifest/tenantId",
            json!("00000000-0000-0000-0000-000000000000"),
        ),
        rule(
            Rule::NilGuid,
            format!("{POLICY}/managedByTenantApprovers/0/principalId"),
            json!("00000000-0000-0000-0000-000000000000"),
        ),
        rule(
            Rule::NilGuid,
            "/listing/previewSubscriptionIds/0",
            json!("00000000-0000-0000-0000-000000000000"),
        ),
        // The escalation engineers' Reader authorization is what lets them elevate.
        without(
            Rule::EligibleWithoutPermanentAuthorization,
            format!("{AUTH}/4"),
        ),
        rule(
            Rule::EligiblePrincipalIsOnlyApprover,
            format!("{POLICY}/managedByTenantApprovers"),
            json!([{
                "principalId": "2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f",
                "principalIdDisplayName": "Contoso escalation engineers",
            }]),
        ),
        // ---- manifests and plans ----
        rule(
            Rule::MissingDeleteRole,
            "/plans/1/manifest/authorizations",
            json!([example()["plans"][1]["manifest"]["authorizations"][0]]),
        ),
        rule(
            Rule::NoPermanentAuthorization,
            "/plans/1/manifest/authorizations",
            json!([]),
        ),
        // ---- the offer and its listing ----
        rule(Rule::TooManyPrivatePlans, "/plans", plans(46, 46)),
        valid("/plans", plans(46, 45)),
        rule(
            Rule::MissingManagedServiceTerm,
            DESCRIPTION,
            json!("<p>We watch your workloads.</p>"),
        ),
        valid(DESCRIPTION, json!("<p>MANAGED SERVICES for you</p>")),
        rule(
            Rule::UnknownWarningName,
            "/acknowledgedWarnings",
            json!(["owner-role"]),
        ),
        rule(
            Rule::UnknownWarningName,
            "/acknowledgedWarnings",
            json!(["no-such-warning"]),
        ),
        rule(
            Rule::UnknownWarningName,
            "/acknowledgedWarnings",
            json!(["stale-acknowledgement"]),
        ),
        rule(
            Rule::StaleAcknowledgement,
            "/acknowledgedWarnings",
            json!(["missing-hero-image"]),
        ),
        rule(
            Rule::DescriptionHtmlElement,
            DESCRIPTION,
            html("<script>alert(1)</script>"),
        ),
        rule(
            Rule::DescriptionHtmlAttribute,
            DESCRIPTION,
            html("<p onclick=\"x()\">Hi</p>"),
        ),
        rule(
            Rule::DescriptionHtmlUrl,
            DESCRIPTION,
            html("<a href=\"http://contoso.example\">Docs</a>"),
        ),
        rule(
            Rule::DescriptionHtmlUnbalanced,
            DESCRIPTION,
            html("<p>Open"),
        ),
        rule(
            Rule::DescriptionHtmlNesting,
            DESCRIPTION,
            html("<ul><p>Item</p></ul>"),
        ),
        rule(
            Rule::DescriptionHtmlComment,
            DESCRIPTION,
            html("<!-- hidden -->"),
        ),
        rule(
            Rule::DescriptionHtmlSyntax,
            DESCRIPTION,
            html("<p>a < b</p>"),
        ),
        // ---- marketing artifacts ----
        rule(
            Rule::InvalidVideoUrl,
            "/marketingArtifacts/videos/0/url",
            json!("https://www.dailymotion.com/video/x1"),
        ),
        rule(
            Rule::InvalidVideoUrl,
            "/marketingArtifacts/videos/0/url",
            json!("https://youtube.com.contoso.example/watch"),
        ),
        rule(
            Rule::InvalidVideoUrl,
            "/marketingArtifacts/videos/0/url",
            json!("https://www.youtube.com./watch"),
        ),
        valid(
            "/marketingArtifacts/videos/0/url",
            json!("HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ"),
        ),
        valid(
            "/marketingArtifacts/videos/0/url",
            json!("https://youtu.be:443/dQw4w9WgXcQ"),
        ),
        valid(
            "/marketingArtifacts/videos/0/url",
            json!("https://player.vimeo.com/video/1"),
        ),
        beyond(
            Rule::InvalidVideoUrl,
            "/marketingArtifacts/videos/0/url",
            json!("https://[2001:db8::1]/watch"),
        ),
        without(Rule::MissingHeroImage, "/marketingArtifacts/hero"),
        rule(
            Rule::ImagePathNotAllowed,
            "/marketingArtifacts/logos/small",
            json!("../logos/40.png"),
        ),
        rule(
            Rule::ImagePathNotAllowed,
            "/marketingArtifacts/logos/small",
            json!("C:\\logos\\40.png"),
        ),
        rule(
            Rule::ImagePathNotAllowed,
            "/marketingArtifacts/hero",
            json!("/etc/passwd"),
        ),
        rule(
            Rule::ImagePathNotAllowed,
            "/marketingArtifacts/screenshots/0/path",
            json!("screenshots//overview.png"),
        ),
        valid("/marketingArtifacts/logos/small", json!("logos/.40/..png")),
        // ---- lead management, legal, support ----
        rule(
            Rule::UnknownField,
            "/leadManagement/destination",
            json!({
                "type": "azureTable",
                "connectionString": { "fromEnv": "LEADS" },
                "url": "https://contoso.example",
            }),
        ),
        rule(
            Rule::LiteralSecret,
            "/leadManagement/destination",
            table(json!("DefaultEndpointsProtocol=https;AccountKey=abc")),
        ),
        rule(
            Rule::InvalidSecretReference,
            "/leadManagement/destination",
            table(json!({ "fromEnv": "1LEADS" })),
        ),
        rule(
            Rule::InvalidSecretReference,
            "/leadManagement/destination",
            table(json!({ "fromEnv": "" })),
        ),
        valid(
            "/leadManagement/destination",
            table(json!({ "fromEnv": "_LEADS_1" })),
        ),
        rule(
            Rule::InvalidSecretReference,
            "/leadManagement/destination",
            table(json!({})),
        ),
        rule(
            Rule::MissingTermsOfUse,
            "/legal/useStandardContract",
            json!(false),
        ),
        rule(
            Rule::TermsWithStandardContract,
            "/legal/termsOfUse",
            json!("Our terms"),
        ),
        rule(
            Rule::DynamicsNotOnline,
            "/leadManagement/destination",
            json!({
                "type": "dynamics365",
                "instanceUrl": "https://crm.contoso.example",
                "authentication": {
                    "type": "azureAd",
                    "applicationId": guid(11),
                    "directoryId": guid(12),
                    "clientSecret": { "fromEnv": "DYNAMICS_SECRET" },
                },
            }),
        ),
        rule(
            Rule::UnknownField,
            "/leadManagement/destination",
            json!({
                "type": "dynamics365",
                "instanceUrl": "https://contoso.crm4.dynamics.com",
                "authentication": {
                    "type": "office365",
                    "userName": "leads@contoso.example",
                    "password": { "fromEnv": "PW" },
                    "applicationId": guid(1),
                },
            }),
        ),
        valid(
            "/leadManagement/destination",
            json!({
                "type": "dynamics365",
                "instanceUrl": "https://contoso.crm4.dynamics.com",
                "authentication": {
                    "type": "office365",
                    "userName": "leads@contoso.example",
                    "password": { "fromEnv": "PW" },
                },
            }),
        ),
        valid("/leadManagement/destination", marketo("1179")),
        rule(
            Rule::InvalidIdentifier,
            "/leadManagement/destination",
            marketo("01179"),
        ),
        valid(
            "/leadManagement/destination",
            json!({ "type": "salesforce", "organizationId": "00D5g000004XyZa" }),
        ),
        rule(
            Rule::SignedEndpointUrl,
            "/leadManagement/destination/url",
            json!("https://prod.logic.example/workflows/1?sig=abc"),
        ),
        // Edition rules, from the 2026 example: a wide logo or a hero image is not in 2026,
        // and a description that does not look English must say which language it uses.
        in_2026(rule(
            Rule::NotInEdition,
            "/marketingArtifacts/logos/wide",
            json!("logos/255x115.png"),
        )),
        in_2026(rule(
            Rule::NotInEdition,
            "/marketingArtifacts/hero",
            json!("logos/hero.png"),
        )),
        // No Standard Contract, no marketing identifier, categories from Partner Center's list
        // in 2026; support URLs optional in 2026 and required in 2020.
        in_2026(rule(
            Rule::NotInEdition,
            "/legal/useStandardContract",
            json!(true),
        )),
        in_2026(valid("/legal/useStandardContract", json!(false))),
        in_2026(rule(
            Rule::NotInEdition,
            "/listing/marketingIdentifier",
            json!("contoso-managed-sentinel"),
        )),
        in_2026(rule(
            Rule::UnknownVariant,
            "/listing/categories/1",
            json!("Monitoring"),
        )),
        in_2026(valid("/listing/categories/1", json!("Networking"))),
        in_2026(valid("/support/supportUrls", json!([]))),
        without(Rule::MissingField, "/support/supportUrls"),
        rule(Rule::TooFewItems, "/support/supportUrls", json!([])),
        without(Rule::MissingField, "/listing/marketingIdentifier"),
        valid("/listing/categories/1", json!("Monitoring")),
        in_2026(beyond(
            Rule::MissingLanguageStatement,
            "/listing/description",
            json!(
                "<p>Contoso bewaakt uw werkruimten in Microsoft Sentinel dag en nacht. Onze analisten reageren binnen dertig minuten op elk incident, stemmen de detectieregels elke maand af en rapporteren maandelijks over alle bevindingen in heldere taal voor uw team. Managed services.</p>"
            ),
        )),
        in_2026(valid(
            "/listing/description",
            json!(
                "<p>This service is available in Dutch. Contoso bewaakt uw werkruimten in Microsoft Sentinel dag en nacht. Onze analisten reageren binnen dertig minuten op elk incident, stemmen de detectieregels elke maand af en rapporteren maandelijks over alle bevindingen in heldere taal voor uw team. Managed services.</p>"
            ),
        )),
    ]
}

/// What the crate says about a document: its diagnostics' rules, and whether any is an error.
fn crate_check(document: &Value) -> (Vec<Rule>, bool) {
    match ReadOptions::new().read_value(document) {
        Ok(checked) => (
            checked
                .warnings()
                .iter()
                .map(lighthouse_offer::Diagnostic::rule)
                .collect(),
            false,
        ),
        Err(report) => (
            report
                .diagnostics()
                .iter()
                .map(lighthouse_offer::Diagnostic::rule)
                .collect(),
            true,
        ),
    }
}

fn gap(rule: Rule, draft: Draft) -> Option<&'static Gap> {
    GAPS.iter()
        .find(|gap| gap.rule() == rule && gap.drafts().contains(&draft))
}

/// What the schema of `draft` should do with a mutation: `Some(rule)` when the crate must report
/// `rule` and the schema accept, `None` when both decide alike.
fn schema_accepts_beyond(show: Show, draft: Draft) -> Option<Rule> {
    match show {
        Show::Beyond(rule) => Some(rule),
        Show::Rule(rule) if gap(rule, draft).is_some_and(|g| g.extent() == Extent::Whole) => {
            Some(rule)
        }
        Show::Rule(_) | Show::Valid => None,
    }
}

/// Whether two JSON Pointers are on one path (one is a prefix of the other, token by token).
fn related(a: &str, b: &str) -> bool {
    let tokens = |p: &str| p.split('/').skip(1).map(str::to_owned).collect::<Vec<_>>();
    let (a, b) = (tokens(a), tokens(b));
    a.iter().zip(&b).all(|(x, y)| x == y)
}

#[test]
fn the_example_is_valid_for_both_and_has_no_diagnostic() {
    let document = example();
    assert_eq!(crate_check(&document), (vec![], false));
    for draft in Draft::ALL {
        let validator = validator(draft);
        let errors: Vec<String> = validator
            .iter_errors(&document)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", draft.file_name());
    }
}

#[test]
fn the_schema_and_the_crate_agree_on_every_mutation() {
    let validators: Vec<(Draft, jsonschema::Validator)> =
        Draft::ALL.into_iter().map(|d| (d, validator(d))).collect();
    let mut failures = Vec::new();
    for mutation in mutations() {
        let mut document = if mutation.edition_2026 {
            example_2026()
        } else {
            example()
        };
        apply(&mut document, &mutation.at, mutation.value.clone());
        let (rules, crate_rejects) = crate_check(&document);
        let shown = match mutation.show {
            Show::Rule(rule) | Show::Beyond(rule) => Some(rule),
            Show::Valid => None,
        };
        let what = format!("{:?} at {}", mutation.show, mutation.at);
        match shown {
            Some(rule) if !rules.contains(&rule) => {
                failures.push(format!("{what}: the crate reports {rules:?}"));
            }
            None if !rules.is_empty() => {
                failures.push(format!("{what}: the crate reports {rules:?}"));
            }
            _ => {}
        }
        for (draft, validator) in &validators {
            let errors: Vec<(String, String)> = validator
                .iter_errors(&document)
                .map(|e| (e.instance_path().as_str().to_owned(), e.to_string()))
                .collect();
            let file = draft.file_name();
            let beyond_schema = schema_accepts_beyond(mutation.show, *draft).is_some();
            if beyond_schema && !errors.is_empty() {
                failures.push(format!("{file}: {what}: the schema rejects {errors:?}"));
            } else if !beyond_schema && errors.is_empty() == crate_rejects {
                failures.push(format!(
                    "{file}: {what}: the crate {} ({rules:?}), the schema {}",
                    if crate_rejects { "rejects" } else { "accepts" },
                    if errors.is_empty() {
                        "accepts".to_owned()
                    } else {
                        format!("rejects {errors:?}")
                    },
                ));
            } else if !errors.iter().all(|(path, _)| related(path, &mutation.at)) {
                // Each schema error is about the mutated value or a value that holds it.
                failures.push(format!(
                    "{file}: {what}: the schema rejects elsewhere {errors:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_is_shown_by_a_mutation_or_listed_as_a_gap() {
    let corpus = mutations();
    let mut problems = Vec::new();
    for draft in Draft::ALL {
        // The changes of an update compare two documents: no schema of one can show them.
        for &rule in Rule::ALL.iter().filter(|r| r.change_class().is_none()) {
            let listed: Vec<&Gap> = GAPS
                .iter()
                .filter(|g| g.rule() == rule && g.drafts().contains(&draft))
                .collect();
            let in_schema = corpus.iter().any(|m| {
                m.show == Show::Rule(rule) && schema_accepts_beyond(m.show, draft).is_none()
            });
            let beyond_schema = corpus.iter().any(|m| {
                matches!(m.show, Show::Rule(r) | Show::Beyond(r) if r == rule)
                    && schema_accepts_beyond(m.show, draft).is_some()
            });
            let name = format!("{} {} ({})", rule.code(), rule.name(), draft.file_name());
            match listed.as_slice() {
                [] if !in_schema => problems.push(format!(
                    "{name}: no mutation shows it, and schema::GAPS does not list it"
                )),
                [] if beyond_schema => problems.push(format!(
                    "{name}: a mutation shows the schema accepting it, but GAPS does not list it"
                )),
                [] => {}
                [gap] => match (gap.kind(), gap.extent()) {
                    (GapKind::OutsideTheDocument, _) if in_schema || beyond_schema => problems
                        .push(format!(
                            "{name}: outside the document, yet a mutation shows it"
                        )),
                    (GapKind::OutsideTheDocument, _) => {}
                    (_, Extent::Whole) if !beyond_schema => {
                        problems.push(format!("{name}: a gap no mutation shows"));
                    }
                    (_, Extent::Part) if !(in_schema && beyond_schema) => problems.push(format!(
                        "{name}: a partial gap needs a mutation inside the schema and one beyond it"
                    )),
                    _ => {}
                },
                _ => problems.push(format!("{name}: listed more than once in schema::GAPS")),
            }
        }
    }
    for gap in GAPS {
        assert!(Rule::ALL.contains(&gap.rule()));
        assert!(!gap.reason().is_empty() && !gap.drafts().is_empty());
        if gap.kind() == GapKind::Warning {
            assert_eq!(
                gap.rule().severity(),
                lighthouse_offer::Severity::Warning,
                "{:?}",
                gap.rule()
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
