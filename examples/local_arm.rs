//! A stand-in for Azure Resource Manager on 127.0.0.1, to try `lighthouse-offer audit --live`
//! without an Azure account: it serves the delegations of
//! `examples/contoso-sentinel/deployed/assignments.json`, one subscription per assignment's
//! subscription, throttles the first request of one of them (429 with `Retry-After: 1`) and fails
//! one more subscription for good (503).
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
use std::time::Duration;

use live_server::{Reply, Server};
use serde_json::{Value, json};

fn main() {
    let text = include_str!("contoso-sentinel/deployed/assignments.json");
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
    let server = Server::start(move |target, n| {
        if target == live_server::SUBSCRIPTIONS_TARGET {
            return Reply::json(&live_server::subscriptions_page(&ids, None));
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
