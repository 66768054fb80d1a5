//! Properties over many generated inputs (proptest):
//!
//! - any valid offer the generator makes is read as valid, and serializing it and reading it
//!   back gives an equal offer with the same warnings;
//! - any mutation of a valid document (fields deleted, wrong types, boundary and random strings,
//!   huge numbers, repeated items, unknown fields, cut or spliced text) ends in a checked offer
//!   or in diagnostics that point into the document, never in a panic;
//! - a private audience CSV without quotes reads the same through the plain scanner as through
//!   the csv crate.

use lighthouse_offer::roles::{self, RoleSupport};
use lighthouse_offer::{Offer, PrivateAudience, ReadOptions, RoleDefinitionId};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

use crate::support::EXAMPLE;
use crate::support::example;

/// `cases` cases (more with `PROPTEST_CASES`), and no regression files: a failure prints the
/// minimal input, which belongs in a test of its own.
fn config(cases: u32) -> ProptestConfig {
    let more = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    ProptestConfig {
        cases: cases.max(more),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---- generators of valid parts ---------------------------------------------------------------

fn guid() -> impl Strategy<Value = String> {
    any::<u128>().prop_map(|n| uuid::Uuid::from_u128(n).hyphenated().to_string())
}

/// Any characters but line breaks (`\n`, `\r`): what the names and texts of the format allow
/// inside.
fn text_char() -> impl Strategy<Value = char> {
    any::<char>().prop_map(|c| {
        if matches!(c, '\n' | '\r') {
            '\u{2028}'
        } else {
            c
        }
    })
}

/// 1 to `max` characters, without white space at either end and on one line, as display names
/// require (other texts allow more; this is valid for all of them).
fn one_line(max: usize) -> impl Strategy<Value = String> {
    let edge = || {
        text_char().prop_map(|c| {
            if matches!(c, ' ' | '\t' | '\r') {
                '_'
            } else {
                c
            }
        })
    };
    let middle = proptest::collection::vec(text_char(), 0..max.saturating_sub(2).min(40));
    (edge(), proptest::option::of((middle, edge())))
        .prop_map(|(first, rest)| {
            let mut text = String::from(first);
            if let Some((middle, last)) = rest {
                text.extend(middle);
                text.push(last);
            }
            text
        })
        // Text in angle brackets is a placeholder (rule `placeholder-value`), not a valid value.
        .prop_filter("a placeholder is no valid text", |text| {
            let t = text.trim();
            !(t.len() > 2
                && t.starts_with('<')
                && t.ends_with('>')
                && !t[1..t.len() - 1].contains(['<', '>']))
        })
}

fn identifier() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        select(&b"abcdefghijklmnopqrstuvwxyz0123456789-_"[..]),
        1..=50,
    )
    .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
}

/// Built-in roles that Azure Lighthouse can delegate without conditions.
fn supported_roles() -> Vec<RoleDefinitionId> {
    roles::built_in()
        .iter()
        .filter(|role| role.support() == RoleSupport::Supported)
        .map(roles::BuiltInRole::id)
        .collect()
}

fn authorization(roles: Vec<RoleDefinitionId>) -> impl Strategy<Value = Value> {
    (guid(), one_line(60), select(roles)).prop_map(|(principal, name, role)| {
        json!({
            "principalId": principal,
            "principalIdDisplayName": name,
            "roleDefinitionId": role.to_string(),
        })
    })
}

fn plan(index: usize) -> impl Strategy<Value = Value> {
    let roles = supported_roles();
    let availability = prop_oneof![
        Just(json!({ "visibility": "public" })),
        proptest::collection::btree_set(any::<u128>(), 1..5).prop_map(|ids| {
            let ids: Vec<String> = ids
                .into_iter()
                .map(|n| uuid::Uuid::from_u128(n).to_string())
                .collect();
            json!({ "visibility": "private", "subscriptionIds": ids })
        }),
    ];
    let version =
        (0..1000_u32, 0..1000_u32, 0..1000_u32).prop_map(|(a, b, c)| format!("{a}.{b}.{c}"));
    let eligible = (
        proptest::collection::vec((guid(), one_line(60), select(roles.clone())), 0..3),
        select(vec!["Azure", "None"]),
        30..=480_u32,
    )
        .prop_map(|(items, mfa, minutes)| {
            let duration = match (minutes / 60, minutes % 60) {
                (0, m) => format!("PT{m}M"),
                (h, 0) => format!("PT{h}H"),
                (h, m) => format!("PT{h}H{m}M"),
            };
            // One policy for all: eligible authorizations that share a role share it.
            let policy =
                json!({ "multiFactorAuthProvider": mfa, "maximumActivationDuration": duration });
            items
                .into_iter()
                .map(|(principal, name, role)| {
                    json!({
                        "principalId": principal,
                        "principalIdDisplayName": name,
                        "roleDefinitionId": role.to_string(),
                        "justInTimeAccessPolicy": policy,
                    })
                })
                .collect::<Vec<Value>>()
        });
    (
        one_line(50),
        one_line(100),
        one_line(500),
        availability,
        version,
        guid(),
        // With up to 2 eligible ones: at most 20 authorizations in all.
        proptest::collection::vec(authorization(roles), 1..=18),
        eligible,
    )
        .prop_map(
            move |(title, summary, description, availability, version, tenant, auths, eligible)| {
                let mut manifest = json!({
                    "version": version,
                    "tenantId": tenant,
                    "authorizations": auths,
                });
                if !eligible.is_empty() {
                    manifest["eligibleAuthorizations"] = json!(eligible);
                }
                json!({
                    "planId": format!("plan-{index}"),
                    "title": title,
                    "summary": summary,
                    "description": description,
                    "availability": availability,
                    "manifest": manifest,
                })
            },
        )
}

/// The example with generated settings and 1 to 4 generated plans.
fn valid_offer() -> impl Strategy<Value = Value> {
    (
        identifier(),
        identifier(),
        one_line(50),
        (1..=4_usize).prop_flat_map(|n| (0..n).map(plan).collect::<Vec<_>>()),
    )
        .prop_map(|(offer_id, publisher_id, name, plans)| {
            let mut doc = example();
            doc["offerId"] = json!(offer_id);
            doc["publisherId"] = json!(publisher_id);
            doc["name"] = json!(name);
            doc["plans"] = json!(plans);
            doc
        })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_valid_offer_round_trips(doc in valid_offer()) {
        let checked = match ReadOptions::new().read_value(&doc) {
            Ok(checked) => checked,
            Err(report) => panic!("the generator made an invalid offer: {report}"),
        };
        let text = serde_json::to_string_pretty(checked.value()).unwrap();
        let again = Offer::from_json_str(&text).unwrap();
        prop_assert_eq!(again.value(), checked.value());
        prop_assert_eq!(again.warnings(), checked.warnings());
    }
}

// ---- mutations -------------------------------------------------------------------------------

/// Every JSON Pointer in a value, parents before children.
fn all_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                all_pointers(item, &format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                all_pointers(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete,
    Replace(Value),
    /// The same item twice (arrays), or the value wrapped in an array.
    Repeat,
    /// An unknown field added (objects), or the value wrapped in an object.
    Extra(String),
}

fn boundary_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(" ".to_owned()),
        Just(" padded ".to_owned()),
        Just("x".repeat(50)),
        Just("x".repeat(51)),
        Just("é".repeat(100)),
        Just("é".repeat(101)),
        Just("x".repeat(10_000)),
        Just("line\nbreak".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
        Just("00000000-0000-0000-0000-000000000000".to_owned()),
        Just("{7738d703-3135-4e8d-8b81-1e70379abd9d}".to_owned()),
        Just("../../etc/passwd".to_owned()),
        Just("https://user:pass@contoso.com".to_owned()),
        Just("PT0M".to_owned()),
        Just("99999999999999999999.0.0".to_owned()),
        proptest::collection::vec(any::<char>(), 0..80).prop_map(|c| c.into_iter().collect()),
    ]
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        Just(json!(u64::MAX)),
        Just(json!(f64::MAX)),
        Just(json!(-0.0)),
        Just(json!(1.5)),
        Just(json!([])),
        Just(json!({})),
        boundary_string().prop_map(Value::String),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::Delete),
        4 => replacement().prop_map(Mutation::Replace),
        1 => Just(Mutation::Repeat),
        1 => boundary_string().prop_map(Mutation::Extra),
    ]
}

fn apply(doc: &mut Value, pointer: &str, mutation: &Mutation) {
    if pointer.is_empty() {
        if let Mutation::Replace(value) = mutation {
            *doc = value.clone();
        }
        return;
    }
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let key = last.replace("~1", "/").replace("~0", "~");
    match mutation {
        Mutation::Delete => match doc.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>()
                    && i < items.len()
                {
                    items.remove(i);
                }
            }
            _ => {}
        },
        Mutation::Replace(value) => {
            if let Some(target) = doc.pointer_mut(pointer) {
                *target = value.clone();
            }
        }
        Mutation::Repeat => {
            if let Some(target) = doc.pointer_mut(pointer) {
                match target {
                    Value::Array(items) if !items.is_empty() => items.push(items[0].clone()),
                    other => *other = json!([other.clone()]),
                }
            }
        }
        Mutation::Extra(name) => {
            if let Some(target) = doc.pointer_mut(pointer) {
                match target {
                    Value::Object(map) => {
                        map.insert(name.clone(), json!(1));
                    }
                    other => *other = json!({ name.clone(): other.clone() }),
                }
            }
        }
    }
}

/// Checks a document and the promise about its result: a checked offer that round-trips, or
/// diagnostics, each of which points into the document.
fn check_result(doc: &Value, text: &str) -> Result<(), TestCaseError> {
    match Offer::from_json_str(text) {
        Ok(checked) => {
            let again =
                Offer::from_json_str(&serde_json::to_string(checked.value()).unwrap()).unwrap();
            prop_assert_eq!(again.value(), checked.value());
        }
        Err(report) => {
            prop_assert!(!report.diagnostics().is_empty());
            let _ = report.to_string();
            for d in report.diagnostics() {
                prop_assert!(!d.message().is_empty());
                // At a value, or at a member missing from an object that is there (a warning
                // about an absent hero image points where it would go).
                let path = d.path().as_str();
                let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
                prop_assert!(
                    doc.pointer(path).is_some()
                        || doc.pointer(parent).is_some_and(Value::is_object),
                    "{} points nowhere in {}",
                    d,
                    doc
                );
            }
        }
    }
    Ok(())
}

fn mutated_example() -> impl Strategy<Value = Value> {
    let base = example();
    let mut pointers = Vec::new();
    all_pointers(&base, "", &mut pointers);
    proptest::collection::vec((select(pointers), mutation()), 1..4).prop_map(move |mutations| {
        let mut doc = base.clone();
        for (pointer, mutation) in &mutations {
            apply(&mut doc, pointer, mutation);
        }
        doc
    })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_mutated_document_gives_an_offer_or_diagnostics_that_point_into_it(
        doc in mutated_example()
    ) {
        check_result(&doc, &serde_json::to_string(&doc).unwrap())?;
    }

    #[test]
    fn cut_or_spliced_text_never_panics(
        at in 0..EXAMPLE.len(),
        cut in 0..64_usize,
        insert in proptest::collection::vec(any::<char>(), 0..8),
    ) {
        let mut text = EXAMPLE.to_owned();
        let start = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap();
        let end = (start + cut..=text.len())
            .find(|i| text.is_char_boundary(*i))
            .unwrap_or(text.len());
        text.replace_range(start..end, &insert.into_iter().collect::<String>());
        if let Ok(doc) = serde_json::from_str::<Value>(&text) {
            check_result(&doc, &text)?;
        } else {
            let report = Offer::from_json_str(&text).unwrap_err();
            // Not JSON; or JSON but for a comment or a trailing comma, which the reader reads
            // leniently (each an error of its own) to judge the rest.
            let lenient = report
                .diagnostics()
                .iter()
                .any(|d| matches!(d.code(), "LO0015" | "LO0016"));
            prop_assert!(
                lenient || report.diagnostics()[0].code() == "LO0001",
                "{}",
                report
            );
        }
    }

    #[test]
    fn a_huge_number_anywhere_is_a_wrong_type_or_accepted(
        pointer in {
            let mut pointers = Vec::new();
            all_pointers(&example(), "", &mut pointers);
            select(pointers)
        },
        digits in 20..400_usize,
    ) {
        // Numbers beyond i64, u64 and f64 (serde_json reads those as floats, or refuses them
        // beyond f64's range): put in as text.
        let mut doc = example();
        apply(&mut doc, &pointer, &Mutation::Replace(json!("\u{1}n")));
        let number = format!("1{}", "0".repeat(digits));
        let text = serde_json::to_string(&doc).unwrap().replace("\"\\u0001n\"", &number);
        if let Ok(parsed) = serde_json::from_str::<Value>(&text) {
            check_result(&parsed, &text)?;
        } else {
            let report = Offer::from_json_str(&text).unwrap_err();
            prop_assert_eq!(report.diagnostics()[0].code(), "LO0001");
        }
    }
}

// ---- private audience CSV --------------------------------------------------------------------

fn csv_line() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        Just("SubscriptionId".to_owned()),
        Just("subscriptionid".to_owned()),
        Just("TenantId".to_owned()),
        Just("Type".to_owned()),
        Just("Id".to_owned()),
        Just("Description".to_owned()),
        Just("7738d703-3135-4e8d-8b81-1e70379abd9d".to_owned()),
        Just("7738D703-3135-4E8D-8B81-1E70379ABD9D".to_owned()),
        Just("541a269f-3df2-486e-8fe3-c8f9dcf28205".to_owned()),
        guid(),
        Just(String::new()),
        Just(" ".to_owned()),
        Just("a;b".to_owned()),
        Just("x\ty".to_owned()),
        proptest::collection::vec(
            any::<char>().prop_filter("no quote or separator", |c| {
                !matches!(c, '"' | ',' | '\r' | '\n')
            }),
            0..12
        )
        .prop_map(|c| c.into_iter().collect()),
    ];
    proptest::collection::vec(field, 0..5).prop_map(|fields| fields.join(","))
}

fn csv_text() -> impl Strategy<Value = String> {
    let end = select(vec!["\n", "\r\n", "\r", "\n\n", "\r\r\n", ""]);
    (
        any::<bool>(),
        proptest::collection::vec((csv_line(), end), 0..12),
    )
        .prop_map(|(header, lines)| {
            let mut text = if header {
                "Type,Id,Description\r\n".to_owned()
            } else {
                String::new()
            };
            for (line, end) in lines {
                text.push_str(&line);
                // A line without an end runs into the next, as in a real file.
                text.push_str(end);
            }
            text
        })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn a_csv_without_quotes_reads_the_same_through_both_readers(text in csv_text()) {
        // A last line of `""` (one empty quoted field, a blank line to both readers) sends the
        // same records through the csv crate instead of the plain scanner.
        let plain = PrivateAudience::from_csv(text.as_bytes());
        let quoted = format!("{text}\n\"\"\n");
        let through_csv = PrivateAudience::from_csv(quoted.as_bytes());
        let ids = |r: Result<PrivateAudience, _>| r.map(|a| a.as_slice().to_vec());
        prop_assert_eq!(ids(plain), ids(through_csv));
    }
}
