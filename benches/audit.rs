//! How fast the audit of deployed delegations runs, each measurement beside a baseline in the
//! same run:
//!
//! - `audit_file`: 1,000 registration assignments (with their definitions, in the REST shape,
//!   read from a file's text) read and audited against the example offer, beside `serde_json`'s
//!   parse of the same text to a `Value`. Target: at most 3 times the parse.
//! - `audit_live` (feature `live`): 200 subscriptions read from a local server on 127.0.0.1 that
//!   answers each request after 50 ms, then audited. Target: within 3 s; one after the other it
//!   would take 10 s.
//!
//! Run with `cargo bench --bench audit --features live`; on a busy machine add
//! `-- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lighthouse_offer::Offer;
use lighthouse_offer::audit::{self, Deployed};
use serde_json::{Value, json};

#[cfg(feature = "live")]
#[path = "../tests/support/live_server.rs"]
mod live_server;

const EXAMPLE: &str = include_str!("../examples/contoso-sentinel/offer.json");

fn offer() -> Offer {
    Offer::from_json_str(EXAMPLE)
        .expect("the example is valid")
        .into_parts()
        .0
}

/// A subscription ID made from a number.
fn subscription(n: usize) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

/// One assignment of plan `gold` at subscription `n`: every tenth on an older version with one
/// principal added by hand, so that the audit has findings to write.
fn assignment(offer: &Offer, n: usize) -> Value {
    let plan = offer.plan("gold").expect("gold");
    let manifest = plan.manifest();
    let sub = subscription(n);
    let mut authorizations = serde_json::to_value(manifest.authorizations()).expect("serializes");
    let drifted = n.is_multiple_of(10);
    let version = if drifted {
        "1.1.0".to_owned()
    } else {
        manifest.version().to_string()
    };
    if drifted {
        authorizations.as_array_mut().expect("array").push(json!({
            "principalId": format!("{n:08x}-1234-4000-8000-{n:012x}"),
            "principalIdDisplayName": "Temporary",
            "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c"
        }));
    }
    let definition_id = format!(
        "/subscriptions/{sub}/providers/Microsoft.ManagedServices/registrationDefinitions/{n:08x}-1111-4111-8111-{n:012x}"
    );
    json!({
        "properties": {
            "registrationDefinitionId": definition_id,
            "provisioningState": "Succeeded",
            "registrationDefinition": {
                "properties": {
                    "description": "Contoso runs Microsoft Sentinel for you",
                    "registrationDefinitionName": offer.name().as_str(),
                    "managedByTenantId": manifest.tenant_id().to_string(),
                    "managedByTenantName": "Contoso",
                    "manageeTenantId": "4f3e2d1c-0b9a-4877-9665-544332211000",
                    "manageeTenantName": "Customer",
                    "authorizations": authorizations,
                    "eligibleAuthorizations": serde_json::to_value(manifest.eligible_authorizations()).expect("serializes"),
                    "provisioningState": "Succeeded"
                },
                "plan": {
                    "name": "gold",
                    "product": offer.offer_id().as_str(),
                    "publisher": offer.publisher_id().as_str(),
                    "version": version
                },
                "id": definition_id,
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "name": format!("{n:08x}-1111-4111-8111-{n:012x}"),
                "systemData": { "createdBy": "someone@contoso.com", "createdByType": "User", "createdAt": "2025-11-22T19:56:05.07Z" }
            }
        },
        "id": format!("/subscriptions/{sub}/resourceGroups/rg-{n}/providers/Microsoft.ManagedServices/registrationAssignments/{n:08x}-2222-4222-8222-{n:012x}"),
        "type": "Microsoft.ManagedServices/registrationAssignments",
        "name": format!("{n:08x}-2222-4222-8222-{n:012x}")
    })
}

fn audit_file(c: &mut Criterion) {
    let offer = offer();
    let items: Vec<Value> = (0..1_000).map(|n| assignment(&offer, n)).collect();
    let text = serde_json::to_string_pretty(&json!({ "value": items })).expect("serializes");
    // The input is what the benchmark says it is: 1,000 delegations, 100 of them drifted.
    let found = audit::audit(&offer, &Deployed::from_json_str(&text).expect("reads"));
    assert_eq!(found.delegations().len(), 1_000);
    assert_eq!(found.totals().drifted, 100);

    let mut group = c.benchmark_group("audit_file");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("serde_json_value", "1000"),
        &text,
        |b, text| {
            b.iter(|| black_box(serde_json::from_str::<Value>(black_box(text)).expect("JSON")));
        },
    );
    group.bench_with_input(
        BenchmarkId::new("read_and_audit", "1000"),
        &text,
        |b, text| {
            b.iter(|| {
                let deployed = Deployed::from_json_str(black_box(text)).expect("reads");
                black_box(audit::audit(&offer, &deployed))
            });
        },
    );
    group.finish();
}

#[cfg(feature = "live")]
fn audit_live(c: &mut Criterion) {
    use std::time::Duration;

    use lighthouse_offer::SubscriptionId;
    use lighthouse_offer::audit::live::{AccessToken, LiveOptions, read_live};
    use live_server::{Reply, Server, TOKEN};

    let offer = offer();
    let subs: Vec<String> = (0..200).map(subscription).collect();
    let answers: std::collections::HashMap<String, String> = subs
        .iter()
        .enumerate()
        .map(|(n, sub)| {
            let page = json!({ "value": [assignment(&offer, n)] }).to_string();
            (live_server::assignments_target(sub), page)
        })
        .collect();
    let server = Server::start(move |target, _| {
        let reply = answers.get(target).map_or_else(
            || Reply::status(404),
            |page| Reply::Answer(200, Vec::new(), page.clone()),
        );
        Reply::After(Duration::from_millis(50), Box::new(reply))
    });
    let options = LiveOptions {
        endpoint: server.endpoint(),
        subscriptions: subs
            .iter()
            .map(|s| SubscriptionId::new(s).expect("GUID"))
            .collect(),
        ..LiveOptions::default()
    };
    let run = || {
        let reads = read_live(&options, AccessToken::new(TOKEN)).expect("reads");
        let mut all = audit::Audit::default();
        for read in &reads {
            let text = read.outcome().expect("every subscription answers");
            all.merge(audit::audit(
                &offer,
                &Deployed::from_json_str(text).expect("reads"),
            ));
        }
        all
    };
    assert_eq!(run().delegations().len(), 200);

    let mut group = c.benchmark_group("audit_live");
    group.sample_size(10);
    group.bench_function("200_subscriptions_50ms", |b| b.iter(|| black_box(run())));
    group.finish();
}

#[cfg(feature = "live")]
criterion_group!(benches, audit_file, audit_live);
#[cfg(not(feature = "live"))]
criterion_group!(benches, audit_file);
criterion_main!(benches);
