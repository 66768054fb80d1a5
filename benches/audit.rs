//! How fast the audit of deployed delegations runs, each measurement beside a baseline in the
//! same run:
//!
//! - `audit_file`: 1,000 registration assignments (with their definitions, in the REST shape,
//!   read from a file's text) read (`Deployed::from_json_str`) and read and audited against the
//!   example offer, beside `serde_json`'s parse of the same text to a `Value`. Target: at most 3
//!   times the parse.
//! - `audit_live` (feature `live`): 200 subscriptions read from a local server on 127.0.0.1 that
//!   answers each request after 50 ms, then audited. Target: within 3 s; one after the other it
//!   would take 10 s.
//!
//! - `audit_graph_rows`: 20,000 rows of Azure Resource Graph (10,000 assignments and their
//!   definitions, as `az graph query` prints them) read, joined and audited, beside `serde_json`'s
//!   parse of the same text. Target: at most 3 times the parse.
//! - `audit_fleet` (feature `live`): 10,000 subscriptions (listed in pages of 1,000) read from a
//!   local stand-in that answers each request after 50 ms, through Resource Graph (timed by
//!   criterion) and through the REST API (one run, timed and printed: it takes a minute); the
//!   requests each way are printed.
//!
//! Run with `cargo bench --bench audit --features live`; on a busy machine add
//! `-- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use lighthouse_offer::Offer;
use lighthouse_offer::audit::{self, Deployed};
use serde_json::{Value, json};

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

/// One assignment of plan `gold` at subscription `n`: every tenth on the plan's version with one
/// principal added by hand (drift: an error), every tenth after the fifth on an older version
/// (a customer behind an update: a warning), so that the audit has findings to write.
fn assignment(offer: &Offer, n: usize) -> Value {
    let plan = offer.plan("gold").expect("gold");
    let manifest = plan.manifest();
    let sub = subscription(n);
    let mut authorizations = serde_json::to_value(manifest.authorizations()).expect("serializes");
    let drifted = n.is_multiple_of(10);
    let version = if n % 10 == 5 {
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
    // The input is what the benchmark says it is: 1,000 delegations, 100 of them drifted and 100
    // behind an update.
    let found = audit::audit(&offer, &Deployed::from_json_str(&text).expect("reads"));
    assert_eq!(found.delegations().len(), 1_000);
    assert_eq!(found.totals().drifted, 100);
    assert_eq!(found.totals().with_warnings, 100);

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
        BenchmarkId::new("Deployed::from_json_str", "1000"),
        &text,
        |b, text| {
            b.iter(|| black_box(Deployed::from_json_str(black_box(text)).expect("reads")));
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

fn audit_graph_rows(c: &mut Criterion) {
    let offer = offer();
    // 20 answers of `az graph query --subscriptions …` for 500 subscriptions each: 1,000 rows,
    // one page, as a provider saves them batch by batch (one file of all 20,000 rows would pass
    // the reader's 16 MiB bound).
    let texts: Vec<String> = (0..20)
        .map(|batch| {
            let items: Vec<Value> = (batch * 500..(batch + 1) * 500)
                .map(|n| assignment(&offer, n))
                .collect();
            let rows = live_server::graph_rows(&items);
            serde_json::to_string_pretty(&json!({
                "count": rows.len(), "data": rows, "skip_token": null, "total_records": rows.len()
            }))
            .expect("serializes")
        })
        .collect();
    let read_all = |texts: &[String]| {
        let mut all = audit::Audit::default();
        for text in texts {
            all.merge(audit::graph::audit_text(&offer, text).expect("reads"));
        }
        all
    };
    let found = read_all(&texts);
    assert_eq!(found.delegations().len(), 10_000);
    assert_eq!(found.totals().drifted, 1_000);
    assert_eq!(found.totals().with_warnings, 1_000);

    let mut group = c.benchmark_group("audit_graph_rows");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_with_input(
        BenchmarkId::new("serde_json_value", "20000"),
        &texts,
        |b, texts| {
            b.iter(|| {
                for text in texts {
                    black_box(serde_json::from_str::<Value>(black_box(text)).expect("JSON"));
                }
            });
        },
    );
    group.bench_with_input(
        BenchmarkId::new("read_join_and_audit", "20000"),
        &texts,
        |b, texts| b.iter(|| black_box(read_all(black_box(texts)))),
    );
    group.finish();
}

/// The stand-in of the fleet: the subscription list in pages of 1,000, Resource Graph's queries
/// (one page each) and the REST lists, each answer after 50 ms.
#[cfg(feature = "live")]
fn fleet_server(
    subs: &[String],
    rest: std::collections::HashMap<String, String>,
    rows: std::collections::HashMap<String, Vec<Value>>,
) -> live_server::Server {
    use std::sync::{Arc, OnceLock};
    use std::time::Duration;

    use live_server::{Reply, Server};

    let subs = subs.to_vec();
    let own: Arc<OnceLock<String>> = Arc::default();
    let server = Server::start_with_body({
        let own = Arc::clone(&own);
        move |target, _, body| {
            let reply = if let Some(page) = target
                .strip_prefix(live_server::SUBSCRIPTIONS_TARGET)
                .map(|rest| {
                    rest.strip_prefix("&page=")
                        .map_or(0, |n| n.parse().unwrap_or(0))
                }) {
                let from = page * 1_000;
                let next = (from + 1_000 < subs.len()).then(|| {
                    format!(
                        "{}{}&page={}",
                        own.get().expect("set"),
                        live_server::SUBSCRIPTIONS_TARGET,
                        page + 1
                    )
                });
                let to = (from + 1_000).min(subs.len());
                Reply::json(&live_server::subscriptions_page(&subs[from..to], next))
            } else if target == live_server::GRAPH_TARGET {
                let (asked, _) = live_server::graph_request(body);
                let mut found: Vec<Value> = asked
                    .iter()
                    .flat_map(|s| rows.get(s).cloned().unwrap_or_default())
                    .collect();
                found.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
                Reply::json(&live_server::graph_page(&found, found.len(), None))
            } else {
                rest.get(target).map_or_else(
                    || Reply::status(404),
                    |page| Reply::Answer(200, Vec::new(), page.clone()),
                )
            };
            Reply::After(Duration::from_millis(50), Box::new(reply))
        }
    });
    own.set(server.endpoint()).expect("once");
    server
}

#[cfg(feature = "live")]
fn audit_fleet(c: &mut Criterion) {
    use std::collections::HashMap;
    use std::time::{Duration, Instant};

    use lighthouse_offer::audit::live::{
        AccessToken, GraphOptions, LiveOptions, read_live, read_live_graph,
    };
    use live_server::TOKEN;

    const FLEET: usize = 10_000;
    let offer = offer();
    let subs: Vec<String> = (0..FLEET).map(subscription).collect();
    let items: Vec<Value> = (0..FLEET).map(|n| assignment(&offer, n)).collect();
    let rest: HashMap<String, String> = subs
        .iter()
        .zip(&items)
        .map(|(sub, item)| {
            (
                live_server::assignments_target(sub),
                json!({ "value": [item] }).to_string(),
            )
        })
        .collect();
    let rows: HashMap<String, Vec<Value>> = subs
        .iter()
        .zip(&items)
        .map(|(sub, item)| {
            (
                sub.clone(),
                live_server::graph_rows(std::slice::from_ref(item)),
            )
        })
        .collect();
    let server = fleet_server(&subs, rest, rows);

    let options = LiveOptions {
        endpoint: server.endpoint(),
        run_timeout: Duration::from_secs(600),
        ..LiveOptions::default()
    };
    let judge = |reads: &[lighthouse_offer::audit::live::SubscriptionRead]| {
        let mut all = audit::Audit::default();
        for read in reads {
            let text = read.outcome().expect("every subscription answers");
            all.merge(audit::audit(
                &offer,
                &Deployed::from_json_str(text).expect("reads"),
            ));
        }
        all
    };
    let through_graph = || {
        let run = read_live_graph(&options, &GraphOptions::default(), AccessToken::new(TOKEN))
            .expect("reads");
        (judge(run.reads()), run.requests())
    };
    let started = Instant::now();
    let (found, requests) = through_graph();
    let graph_time = started.elapsed();
    assert_eq!(found.delegations().len(), FLEET);
    assert_eq!(found.totals().drifted, FLEET / 10);
    println!(
        "audit_fleet: {FLEET} subscriptions through Resource Graph: {requests} requests, {:.2} s",
        graph_time.as_secs_f64()
    );
    if std::env::var_os("AUDIT_FLEET_REST").is_some() {
        let before = server.total();
        let started = Instant::now();
        let reads = read_live(&options, AccessToken::new(TOKEN)).expect("reads");
        let found = judge(&reads);
        let rest_time = started.elapsed();
        assert_eq!(found.delegations().len(), FLEET);
        println!(
            "audit_fleet: {FLEET} subscriptions through the REST API: {} requests, {:.2} s",
            server.total() - before,
            rest_time.as_secs_f64()
        );
    }

    let mut group = c.benchmark_group("audit_fleet");
    group.sample_size(10);
    group.bench_function("10000_subscriptions_graph_50ms", |b| {
        b.iter(|| black_box(through_graph()));
    });
    group.finish();
}

#[cfg(feature = "live")]
criterion_group!(
    benches,
    audit_file,
    audit_graph_rows,
    audit_live,
    audit_fleet
);
#[cfg(not(feature = "live"))]
criterion_group!(benches, audit_file, audit_graph_rows);
criterion_main!(benches);
