//! How fast the crate checks, each measurement beside a baseline on the same input in the same
//! run, so that the ratio holds whatever machine runs it:
//!
//! - `offer`: a large offer at the model's limits (`Offer::MAX_PLANS` plans, each with
//!   `Manifest::MAX_AUTHORIZATIONS` authorizations, a quarter of them eligible; the full listing) from JSON text to a checked `Offer`, against `serde_json`'s parse of the same
//!   text to a `Value`, and against validating that `Value` with the `jsonschema` crate;
//! - `audience_csv`: a private audience CSV of 20,000 subscription IDs to a checked audience,
//!   against splitting the same text into lines and fields and parsing each ID with
//!   `uuid::Uuid::parse_str`;
//! - `roles`: the built-in role catalog by GUID and by name, against a `HashMap` built beforehand.
//!
//! Run with `cargo bench`; on a busy machine, `cargo bench -- --warm-up-time 1
//! --measurement-time 3` is enough to read the ratios.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lighthouse_offer::roles::{self, BuiltInRole};
use lighthouse_offer::{
    DisplayName, Manifest, Offer, PlanId, PlanTitle, PrivateAudience, RoleDefinitionId,
};
use serde_json::{Value, json};

const EXAMPLE: &str = include_str!("../examples/contoso-sentinel/offer.json");

/// A GUID made from two numbers, unique for each pair.
fn guid(a: usize, b: usize) -> String {
    format!("{a:08x}-0000-4000-8000-{b:012x}")
}

/// How the large offer splits a manifest's authorizations: a quarter of the limit eligible, the
/// rest permanent (5 and 15 under the limit of 20).
const ELIGIBLE: usize = Manifest::MAX_AUTHORIZATIONS / 4;
const PERMANENT: usize = Manifest::MAX_AUTHORIZATIONS - ELIGIBLE;

/// `text` cut to the most characters its type allows.
fn fit(text: String, max: Option<usize>) -> String {
    match max {
        Some(max) if text.chars().count() > max => text.chars().take(max).collect(),
        _ => text,
    }
}

/// The example offer grown to the model's own limits, so that a change of a limit changes the
/// input instead of breaking it: `Offer::MAX_PLANS` plans (every third private, at most
/// `Offer::MAX_PRIVATE_PLANS`, each with an audience of 20 subscriptions), each manifest with
/// `Manifest::MAX_AUTHORIZATIONS` authorizations, permanent and eligible together. Every plan is
/// valid, so the check runs to its end and builds the whole `Offer`.
fn large_offer() -> String {
    let mut doc: Value = serde_json::from_str(EXAMPLE).expect("the example is JSON");
    let template = doc["plans"][0].clone();
    let authorization = template["manifest"]["authorizations"][0].clone();
    let eligible = template["manifest"]["eligibleAuthorizations"][0].clone();
    let mut private = 0;
    let plans: Vec<Value> = (0..Offer::MAX_PLANS)
        .map(|p| {
            let mut plan = template.clone();
            plan["planId"] = json!(fit(format!("plan-{p:03}"), PlanId::MAX_CHARS));
            plan["title"] = json!(fit(
                format!("Plan {p}: 24x7 monitoring"),
                PlanTitle::MAX_CHARS
            ));
            if p % 3 == 2 && private < Offer::MAX_PRIVATE_PLANS {
                private += 1;
                let ids: Vec<String> = (0..20).map(|s| guid(1_000 + p, s)).collect();
                plan["availability"] = json!({ "visibility": "private", "subscriptionIds": ids });
            }
            // The example's own authorizations (the delete role, a permanent authorization for
            // each eligible principal) and more analysts to the limit; each added eligible
            // authorization is for an added analyst, who has a permanent one.
            let manifest = &mut plan["manifest"];
            let authorizations = manifest["authorizations"].as_array_mut().expect("array");
            for a in authorizations.len()..PERMANENT {
                let mut more = authorization.clone();
                more["principalId"] = json!(guid(p, a));
                more["principalIdDisplayName"] = json!(fit(
                    format!("Contoso SOC analysts, team {a}"),
                    DisplayName::MAX_CHARS
                ));
                authorizations.push(more);
            }
            let analysts: Vec<Value> = authorizations.iter().rev().take(ELIGIBLE).cloned().collect();
            let eligibles = manifest["eligibleAuthorizations"].as_array_mut().expect("array");
            for analyst in analysts.iter().take(ELIGIBLE - eligibles.len()) {
                let mut more = eligible.clone();
                more["principalId"] = analyst["principalId"].clone();
                more["principalIdDisplayName"] = analyst["principalIdDisplayName"].clone();
                eligibles.push(more);
            }
            plan
        })
        .collect();
    doc["plans"] = Value::Array(plans);
    serde_json::to_string_pretty(&doc).expect("serializable")
}

/// The schema to validate against: the committed file when the tree has it, else the one
/// `schemars` generates from the model (the same source the committed file comes from).
fn offer_schema() -> (Value, &'static str) {
    let committed = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/lighthouse-offer.schema.json"
    );
    match std::fs::read_to_string(committed) {
        Ok(text) => (
            serde_json::from_str(&text).expect("the committed schema is JSON"),
            "schema/lighthouse-offer.schema.json",
        ),
        Err(_) => (
            serde_json::to_value(schemars::schema_for!(Offer)).expect("the schema is JSON"),
            "schemars::schema_for!(Offer)",
        ),
    }
}

fn offer(c: &mut Criterion) {
    let text = large_offer();
    let checked = match Offer::from_json_str(&text) {
        Ok(checked) => checked,
        Err(report) => panic!("the large offer is valid, but:\n{report}"),
    };
    assert_eq!(checked.value().plans().len(), Offer::MAX_PLANS);
    assert!(
        checked.warnings().is_empty(),
        "the large offer has no warnings, but: {:#?}",
        &checked.warnings()[..checked.warnings().len().min(3)]
    );

    let (schema, source) = offer_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    assert!(
        validator.is_valid(&value),
        "the large offer follows {source}"
    );
    eprintln!("offer: {} bytes of JSON; schema from {source}", text.len());

    let mut group = c.benchmark_group("offer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("baseline: serde_json::from_str::<Value>", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&text)).unwrap());
    });
    group.bench_function("Offer::from_json_str", |b| {
        b.iter(|| Offer::from_json_str(black_box(&text)).unwrap());
    });
    group.bench_function("jsonschema: validate a parsed Value", |b| {
        b.iter(|| validator.validate(black_box(&value)).unwrap());
    });
    group.finish();
}

/// Partner Center's CSV with `count` distinct subscription IDs, and the IDs.
fn audience_csv(count: usize) -> String {
    let mut csv = String::from("Type,Id,Description\r\n");
    for i in 0..count {
        csv.push_str("SubscriptionId,");
        csv.push_str(&guid(i * 7_919, i));
        csv.push_str(",Customer ");
        csv.push_str(&i.to_string());
        csv.push_str("\r\n");
    }
    csv
}

/// The least work that reads the IDs out of the same text: split lines and fields, parse the
/// second field of each line after the header with `uuid`.
fn naive_ids(csv: &str) -> Vec<uuid::Uuid> {
    csv.lines()
        .skip(1)
        .map(|line| {
            let id = line.split(',').nth(1).expect("a second field");
            uuid::Uuid::parse_str(id).expect("a GUID")
        })
        .collect()
}

fn audience(c: &mut Criterion) {
    let count = PrivateAudience::MAX_SUBSCRIPTIONS;
    let csv = audience_csv(count);
    let audience = PrivateAudience::from_csv(csv.as_bytes()).expect("a valid CSV");
    assert_eq!(audience.len(), count);
    assert_eq!(naive_ids(&csv).len(), count);

    let mut group = c.benchmark_group("audience_csv");
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function("baseline: lines, split, Uuid::parse_str", |b| {
        b.iter(|| naive_ids(black_box(&csv)));
    });
    group.bench_function("PrivateAudience::from_csv", |b| {
        b.iter(|| PrivateAudience::from_csv(black_box(csv.as_bytes())).unwrap());
    });
    group.finish();
}

fn role_lookup(c: &mut Criterion) {
    let all = roles::built_in();
    let by_id: HashMap<RoleDefinitionId, &BuiltInRole> =
        all.iter().map(|role| (role.id(), role)).collect();
    let by_name: HashMap<String, &BuiltInRole> = all
        .iter()
        .map(|role| (role.name().trim().to_lowercase(), role))
        .collect();
    // Every role once, then as many IDs that are not in the catalog.
    let ids: Vec<RoleDefinitionId> = all
        .iter()
        .map(BuiltInRole::id)
        .chain((0..all.len()).map(|i| RoleDefinitionId::from_u128(i as u128 * 0x1234_5678_9abc)))
        .collect();
    let names: Vec<String> = all.iter().map(|role| role.name().to_owned()).collect();

    let mut group = c.benchmark_group("roles");
    group.throughput(Throughput::Elements(ids.len() as u64));
    group.bench_function(BenchmarkId::new("baseline: HashMap", "by id"), |b| {
        b.iter(|| ids.iter().filter_map(|id| by_id.get(black_box(id))).count());
    });
    group.bench_function(
        BenchmarkId::new("RoleDefinitionId::built_in", "by id"),
        |b| {
            b.iter(|| {
                ids.iter()
                    .filter_map(|id| black_box(*id).built_in())
                    .count()
            });
        },
    );
    // The baseline lowercases the query, as a map by name must; `find_by_name` does not allocate.
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function(BenchmarkId::new("baseline: HashMap", "by name"), |b| {
        b.iter(|| {
            names
                .iter()
                .filter_map(|name| by_name.get(&black_box(name).trim().to_lowercase()))
                .count()
        });
    });
    group.bench_function(BenchmarkId::new("roles::find_by_name", "by name"), |b| {
        b.iter(|| {
            names
                .iter()
                .filter_map(|name| roles::find_by_name(black_box(name)))
                .count()
        });
    });
    group.finish();
}

criterion_group!(benches, offer, audience, role_lookup);
criterion_main!(benches);
