//! How fast the crate checks, each measurement beside a baseline on the same input in the same
//! run, so that the ratio holds whatever machine runs it:
//!
//! - `offer`: a large offer at the model's limits (`Offer::MAX_PLANS` plans, each with
//!   `Manifest::MAX_AUTHORIZATIONS` authorizations, a quarter of them eligible; the full listing) from JSON text to a checked `Offer`, against `serde_json`'s parse of the same
//!   text to a `Value`, and against validating that `Value` with the `jsonschema` crate;
//! - `yaml_offer`: the same offer written as YAML, to a checked `Offer`, against
//!   `saphyr_parser`'s event parse of the same text;
//! - `arm_template`: `arm::check` of a delegation template whose variables are copy loops at
//!   `arm::evaluate::MAX_COPY_COUNT`, against `serde_json`'s parse of the same text;
//! - `arm_samples`: `arm::check` of Microsoft's Lighthouse samples (read from
//!   `LIGHTHOUSE_REFERENCE_DATA`; skipped with a note without it), against the same parse;
//! - `audience_csv`: a private audience CSV of 20,000 subscription IDs to a checked audience,
//!   against splitting the same text into lines and fields and parsing each ID with
//!   `uuid::Uuid::parse_str`;
//! - `roles`: the built-in role catalog by GUID and by name, against a `HashMap` built beforehand;
//! - `bicep`: `bicep::check` of a Bicep delegation with its `.bicepparam` file, against
//!   `serde_json`'s parse of the ARM template it lowers to, and `arm::check` of that template.
//!
//! Run with `cargo bench`; on a busy machine, `cargo bench -- --warm-up-time 1
//! --measurement-time 3` is enough to read the ratios.

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lighthouse_offer::roles::{self, BuiltInRole};
use lighthouse_offer::{
    DisplayName, Manifest, Offer, PlanId, PlanTitle, PrivateAudience, ReadOptions, RoleDefinitionId,
};
use lighthouse_offer::{arm, bicep, yaml};
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
            let analysts: Vec<Value> = authorizations
                .iter()
                .rev()
                .take(ELIGIBLE)
                .cloned()
                .collect();
            let eligibles = manifest["eligibleAuthorizations"]
                .as_array_mut()
                .expect("array");
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

/// The large offer written as YAML, read back by `ReadOptions::read_yaml`, against saphyr-parser's
/// own event parse of the same text (the parser the YAML reader is built on: the difference is
/// the reader's work, positions, alias bounds and the check).
fn yaml_offer(c: &mut Criterion) {
    let json = large_offer();
    let text = yaml::json_to_yaml(&json).expect("the large offer is JSON");
    let checked = match ReadOptions::new().read_yaml(&text) {
        Ok(checked) => checked,
        Err(report) => panic!("the large offer in YAML is valid, but:\n{report}"),
    };
    assert_eq!(
        checked.value(),
        Offer::from_json_str(&json).expect("valid").value(),
        "YAML and JSON read the same offer"
    );
    eprintln!("yaml_offer: {} bytes of YAML", text.len());

    let mut group = c.benchmark_group("yaml_offer");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("baseline: saphyr_parser::Parser events", |b| {
        b.iter(|| {
            let mut events = 0;
            for event in saphyr_parser::Parser::new_from_str(black_box(&text)) {
                black_box(event.expect("YAML"));
                events += 1;
            }
            events
        });
    });
    group.bench_function("ReadOptions::read_yaml", |b| {
        b.iter(|| ReadOptions::new().read_yaml(black_box(&text)).unwrap());
    });
    group.finish();
}

/// A delegation template that computes what it deploys with copy loops over large variables:
/// `INVENTORIES` variables of `arm::evaluate::MAX_COPY_COUNT` items each and a literal list of
/// as many sites (joined and counted in the description), and authorizations made by a copy loop to `Manifest::MAX_AUTHORIZATIONS`
/// with the delete role.
fn copy_loop_template() -> String {
    const INVENTORIES: usize = 8;
    let count = usize::try_from(arm::evaluate::MAX_COPY_COUNT).expect("a small count");
    let teams: Vec<Value> = (0..Manifest::MAX_AUTHORIZATIONS - 1)
        .map(|t| json!({ "id": guid(7, t), "team": format!("Team {t}") }))
        .collect();
    let sites: Vec<Value> = (0..count)
        .map(|n| json!({ "name": format!("site-{n:04}"), "region": "westeurope" }))
        .collect();
    let mut copies = vec![json!({
        "name": "readers",
        "count": "[length(variables('teams'))]",
        "input": {
            "principalId": "[variables('teams')[copyIndex('readers')].id]",
            "principalIdDisplayName": "[format('Northwind {0}', variables('teams')[copyIndex('readers')].team)]",
            "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7"
        }
    })];
    let mut lengths = Vec::new();
    for i in 0..INVENTORIES {
        copies.push(json!({
            "name": format!("inventory{i}"),
            "count": count,
            "input": {
                "site": format!("[format('site-{i}-{{0}}', copyIndex('inventory{i}'))]"),
                "index": format!("[copyIndex('inventory{i}', 1)]")
            }
        }));
        lengths.push(format!("variables('inventory{i}')"));
    }
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {},
        "variables": {
            "providerName": "Northwind Cloud Operations",
            "managingTenant": "5e0c7a21-9b3d-4f6e-8a12-3c4d5e6f7a8b",
            "teams": teams,
            "sites": sites,
            "copy": copies,
            "removal": [{
                "principalId": "9c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
                "principalIdDisplayName": "Northwind delegation removers",
                "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
            }],
            "registrationName": "[guid(variables('providerName'), variables('managingTenant'))]"
        },
        "resources": [
            {
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "apiVersion": "2022-10-01",
                "name": "[variables('registrationName')]",
                "properties": {
                    "registrationDefinitionName": "[variables('providerName')]",
                    "description": format!("[format('Operations of {{0}} of {{1}} sites', length(concat({})), length(variables('sites')))]", lengths.join(", ")),
                    "managedByTenantId": "[variables('managingTenant')]",
                    "authorizations": "[concat(variables('readers'), variables('removal'))]"
                }
            },
            {
                "type": "Microsoft.ManagedServices/registrationAssignments",
                "apiVersion": "2022-10-01",
                "name": "[variables('registrationName')]",
                "properties": {
                    "registrationDefinitionId": "[resourceId('Microsoft.ManagedServices/registrationDefinitions/', variables('registrationName'))]"
                }
            }
        ]
    });
    serde_json::to_string_pretty(&template).expect("serializable")
}

/// `arm::check` of a delegation template computed by copy loops (generated here) and of every
/// JSON file of Microsoft's Lighthouse samples (from `LIGHTHOUSE_REFERENCE_DATA`, when it is
/// set), against `serde_json`'s parse of the same text. Checking evaluates the template's
/// expressions, so the ratio of the generated template is that of the evaluation, not of the
/// parse.
fn arm_check(c: &mut Criterion) {
    let template = copy_loop_template();
    let checked = match arm::check(&template) {
        Ok(checked) => checked,
        Err(report) => panic!("the copy-loop template is a valid delegation, but:\n{report}"),
    };
    assert_eq!(
        checked.value().authorizations().len(),
        Manifest::MAX_AUTHORIZATIONS
    );
    assert!(
        checked.warnings().is_empty(),
        "the copy-loop template has no warnings, but: {:#?}",
        checked.warnings()
    );
    eprintln!("arm_template: {} bytes of JSON", template.len());
    let mut group = c.benchmark_group("arm_template");
    group.throughput(Throughput::Bytes(template.len() as u64));
    group.bench_function("baseline: serde_json::from_str::<Value>", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&template)).unwrap());
    });
    group.bench_function("arm::check", |b| {
        b.iter(|| arm::check(black_box(&template)).unwrap());
    });
    group.finish();

    let Some(samples) = microsoft_samples() else {
        eprintln!(
            "arm_samples: skipped, LIGHTHOUSE_REFERENCE_DATA is not set (it names the folder of \
             Microsoft's files, such as ../shared/data)"
        );
        return;
    };
    let bytes: usize = samples.iter().map(String::len).sum();
    eprintln!("arm_samples: {} files, {bytes} bytes", samples.len());
    let mut group = c.benchmark_group("arm_samples");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("baseline: serde_json::from_str::<Value>", |b| {
        b.iter(|| {
            samples
                .iter()
                .filter(|text| serde_json::from_str::<Value>(black_box(text)).is_ok())
                .count()
        });
    });
    group.bench_function("arm::check", |b| {
        b.iter(|| {
            samples
                .iter()
                .filter(|text| arm::check(black_box(text)).is_ok())
                .count()
        });
    });
    group.finish();
}

/// A Bicep delegation as providers write it (`tests/fixtures/bicep/subscription.bicep`, with its
/// `.bicepparam` file: parameters, interpolation, a ternary, the assignment beside the
/// definition), read, lowered to the ARM template Bicep would write, judged and placed back,
/// against `serde_json`'s parse of that ARM template's text (what a reader of the lowered
/// template reads at least), and against `arm::check` of the same template text (the judging
/// without the Bicep reader: the difference is the lexer, the parser, the lowering and the
/// placing back).
fn bicep_check(c: &mut Criterion) {
    const MAIN: &str = include_str!("../tests/fixtures/bicep/subscription.bicep");
    const PARAMETERS: &str = include_str!("../tests/fixtures/bicep/subscription.bicepparam");
    let sources = bicep::BicepSources::new("subscription.bicep", MAIN)
        .with_parameters("subscription.bicepparam", PARAMETERS);
    let checked = bicep::check(&sources);
    assert!(
        checked.delegation().is_some() && !checked.has_errors(),
        "the Bicep fixture is a valid delegation, but: {:#?}",
        checked.diagnostics()
    );
    let template = serde_json::to_string_pretty(checked.template()).expect("a template");
    assert!(arm::check(&template).is_ok(), "the lowered template checks");
    eprintln!(
        "bicep: {} + {} bytes of Bicep, lowered to {} bytes of ARM JSON",
        MAIN.len(),
        PARAMETERS.len(),
        template.len()
    );
    let mut group = c.benchmark_group("bicep");
    group.bench_function(
        "baseline: serde_json::from_str::<Value> of the lowered template",
        |b| {
            b.iter(|| serde_json::from_str::<Value>(black_box(&template)).unwrap());
        },
    );
    group.bench_function("arm::check of the lowered template", |b| {
        b.iter(|| arm::check(black_box(&template)).unwrap());
    });
    group.bench_function("bicep::check", |b| {
        b.iter(|| bicep::check(black_box(&sources)));
    });
    group.finish();
}

/// The text of every JSON file under `lighthouse-samples` of the reference data, when
/// `LIGHTHOUSE_REFERENCE_DATA` names it; files that are not plain JSON are left out, so that
/// the baseline parses what the checker reads.
fn microsoft_samples() -> Option<Vec<String>> {
    let root = std::path::PathBuf::from(std::env::var_os("LIGHTHOUSE_REFERENCE_DATA")?)
        .join("lighthouse-samples");
    let mut folders = vec![root];
    let mut texts = Vec::new();
    while let Some(folder) = folders.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
            .map(|entry| entry.expect("a folder entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("a sample is UTF-8");
                if serde_json::from_str::<Value>(&text).is_ok() {
                    texts.push(text);
                }
            }
        }
    }
    assert!(
        !texts.is_empty(),
        "LIGHTHOUSE_REFERENCE_DATA has Microsoft's samples"
    );
    Some(texts)
}

criterion_group!(
    benches,
    offer,
    yaml_offer,
    arm_check,
    bicep_check,
    audience,
    role_lookup
);
criterion_main!(benches);
