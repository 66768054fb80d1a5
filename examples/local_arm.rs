//! A stand-in for Azure Resource Manager and Azure Resource Graph on 127.0.0.1, to try
//! `lighthouse-offer audit --live` without an Azure account: it serves the delegations of
//! `examples/contoso-sentinel/deployed/assignments.json`, one subscription per assignment's
//! subscription, and one more subscription without delegations.
//!
//! - Through the REST API (`--source rest`): it throttles the first request of one subscription
//!   (429 with `Retry-After: 1`) and fails the subscription without delegations for good (503).
//! - Through Resource Graph (the default): it answers the query in pages of 4 rows with
//!   `$skipToken`, sends the quota headers (15 queries per window), throttles the first query (429
//!   with `Retry-After: 1`), and lacks the definition row of one subscription, as Resource Graph
//!   may for a delegation made a moment ago: that subscription is read through the REST API.
//!
//! - Published plans (`audit --published --live`): it answers the marketplace registration
//!   definitions of the plan identifier `contoso.contoso-managed-sentinel.gold.1.2.0` with
//!   `examples/contoso-sentinel/published/marketplace-definitions.json`, and 404 for any other
//!   identifier, as Azure does for a plan version not published (or private to other customers).
//!
//! ```sh
//! cargo run --features live --example local_arm &          # prints the endpoint, serves 10 minutes
//! AZURE_ACCESS_TOKEN=test-token-6f1b2c3d-never-printed \
//!   cargo run --features cli,live -- audit examples/contoso-sentinel/offer.json --live \
//!   --arm-endpoint http://127.0.0.1:PORT
//! ```

#[path = "../tests/support/live_server.rs"]
mod live_server;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use live_server::{Reply, Server};
use serde_json::{Value, json};

/// Rows of one Resource Graph page.
const PAGE: usize = 4;
/// Queries per quota window.
const QUOTA: usize = 15;

fn main() {
    let text = include_str!("contoso-sentinel/deployed/assignments.json");
    let published = include_str!("contoso-sentinel/published/marketplace-definitions.json");
    let listed: Value = serde_json::from_str(text).expect("the example is JSON");
    let mut by_subscription: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for item in listed["value"].as_array().expect("a list") {
        let id = item["id"].as_str().expect("an id");
        let subscription = id.split('/').nth(2).expect("a subscription").to_owned();
        by_subscription
            .entry(subscription)
            .or_default()
            .push(item.clone());
    }
    let failing = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b".to_owned();
    let mut ids: Vec<String> = by_subscription.keys().cloned().collect();
    ids.push(failing.clone());
    let throttled = ids[0].clone();
    // Resource Graph has not indexed this subscription's definition yet.
    let unindexed = "a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d".to_owned();
    let queries = AtomicUsize::new(0);
    let server = Server::start_with_body(move |target, n, body| {
        if target == live_server::SUBSCRIPTIONS_TARGET {
            return Reply::json(&live_server::subscriptions_page(&ids, None));
        }
        if target == live_server::GRAPH_TARGET {
            if n == 1 {
                return Reply::Answer(429, vec![("Retry-After".into(), "1".into())], "{}".into());
            }
            let (subscriptions, token) = live_server::graph_request(body);
            let items: Vec<Value> = subscriptions
                .iter()
                .flat_map(|s| by_subscription.get(s).cloned().unwrap_or_default())
                .collect();
            let rows: Vec<Value> = live_server::graph_rows(&items)
                .into_iter()
                .filter(|row| {
                    let id = row["id"].as_str().unwrap_or_default();
                    !(id.contains(&unindexed) && id.contains("registrationDefinitions"))
                })
                .collect();
            let from: usize = token
                .and_then(|t| t.parse().ok())
                .unwrap_or(0)
                .min(rows.len());
            let to = (from + PAGE).min(rows.len());
            let next = (to < rows.len()).then(|| to.to_string());
            let used = queries.fetch_add(1, Ordering::SeqCst) % QUOTA + 1;
            let page = live_server::graph_page(&rows[from..to], rows.len(), next.as_deref());
            return live_server::graph_answer(&page, QUOTA - used, "00:00:01");
        }
        if target
            .contains("/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?")
        {
            return if target.ends_with("%27contoso.contoso-managed-sentinel.gold.1.2.0%27") {
                Reply::Answer(200, Vec::new(), published.to_owned())
            } else {
                Reply::status(404)
            };
        }
        if target == live_server::assignments_target(&failing) {
            return Reply::status(503);
        }
        if target == live_server::assignments_target(&throttled) && n == 1 {
            return Reply::Answer(429, vec![("Retry-After".into(), "1".into())], "{}".into());
        }
        for (subscription, items) in &by_subscription {
            if target == live_server::assignments_target(subscription) {
                return Reply::json(&json!({ "value": items }));
            }
        }
        Reply::status(404)
    });
    println!(
        "ARM stand-in at {} (token: {})",
        server.endpoint(),
        live_server::TOKEN
    );
    std::thread::sleep(Duration::from_secs(600));
}
