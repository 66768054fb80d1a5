//! The live audit against a local server on 127.0.0.1 that pages, throttles, fails, refuses,
//! drops connections, answers slowly and answers garbage. Loops and waits are bounded; nothing
//! here asserts a duration.

use std::time::Duration;

use crate::support::live_server::{
    Reply, Server, TOKEN, assignments_target, live_options, subscription_id, subscriptions_page,
};
use lighthouse_offer::audit::live::{
    AccessToken, LiveError, LiveOptions, SubscriptionRead, check_endpoint, read_live,
};
use lighthouse_offer::audit::{self, Deployed, Verdict};
use lighthouse_offer::{Offer, SubscriptionId};
use serde_json::json;

const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";

fn options(server: &Server, subscriptions: &[String]) -> LiveOptions {
    live_options(server, subscriptions, Duration::from_millis(200))
}

fn token() -> AccessToken {
    AccessToken::new(TOKEN)
}

fn one_assignment(subscription: &str) -> serde_json::Value {
    crate::support::live_server::assignment(
        subscription,
        1,
        (
            "contoso",
            "contoso-managed-sentinel",
            "fabrikam-dedicated",
            "1.0.0",
        ),
        TENANT,
        &[
            (
                "4c3b2a19-0f8e-4d7c-b6a5-948372615a0b".into(),
                "Contoso Fabrikam team".into(),
                "3e150937-b8fe-4cfb-8069-0eaf05ecd056".into(),
            ),
            (
                "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d".into(),
                "Contoso Lighthouse administrators".into(),
                "91c1777a-f3dc-4fae-b103-61d183457e46".into(),
            ),
        ],
    )
}

fn unreadable(read: &SubscriptionRead) -> String {
    let d = read.outcome().expect_err("unreadable");
    assert_eq!(d.name(), "subscription-unreadable");
    assert!(!d.message().contains(TOKEN));
    d.message().to_owned()
}

#[test]
fn every_subscription_is_listed_and_every_page_followed() {
    let subs: Vec<String> = (1..=5).map(subscription_id).collect();
    // The links need the server's own address, known once it runs: the script writes `NEXT`
    // there, and the server's address is filled in.
    let own: std::sync::Arc<std::sync::OnceLock<String>> = std::sync::Arc::default();
    let server = Server::start({
        let own = std::sync::Arc::clone(&own);
        let subs = subs.clone();
        move |target, n| match script_pages(&subs, target, n) {
            Reply::Answer(status, headers, body) => Reply::Answer(
                status,
                headers,
                body.replace("NEXT", own.get().map_or("", String::as_str)),
            ),
            other => other,
        }
    });
    own.set(server.endpoint()).unwrap();
    let reads = read_live(&options(&server, &[]), token()).unwrap();
    assert_eq!(reads.len(), 5);
    assert_eq!(
        server.count(crate::support::live_server::SUBSCRIPTIONS_TARGET),
        1
    );
    assert_eq!(server.count("/subscriptions-page-2"), 1);
    let offer = offer();
    for (read, sub) in reads.iter().zip(&subs) {
        assert_eq!(read.subscription().to_string(), *sub);
        let text = read.outcome().unwrap();
        let deployed = Deployed::from_json_str(text).unwrap();
        assert_eq!(deployed.resources().len(), 2, "both pages");
        let audited = audit::audit(&offer, &deployed);
        assert_eq!(audited.delegations().len(), 2);
        assert!(
            audited
                .delegations()
                .iter()
                .all(|d| d.verdict() == Verdict::InSync),
            "{:?}",
            audited.diagnostics()
        );
    }
}

fn script_pages(listed: &[String], target: &str, _n: usize) -> Reply {
    if target == crate::support::live_server::SUBSCRIPTIONS_TARGET {
        return Reply::json(&subscriptions_page(
            &listed[..3],
            Some("NEXT/subscriptions-page-2".into()),
        ));
    }
    if target == "/subscriptions-page-2" {
        return Reply::json(&subscriptions_page(&listed[3..], None));
    }
    for sub in listed {
        if target == assignments_target(sub) {
            return Reply::json(
                &json!({ "value": [one_assignment(sub)], "nextLink": format!("NEXT/{sub}/page-2") }),
            );
        }
        if target == format!("/{sub}/page-2") {
            let mut second = one_assignment(sub);
            second["id"] = json!(format!(
                "/subscriptions/{sub}/resourceGroups/rg-2/providers/Microsoft.ManagedServices/registrationAssignments/3"
            ));
            return Reply::json(&json!({ "value": [second], "nextLink": null }));
        }
    }
    Reply::status(404)
}

fn offer() -> Offer {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/contoso-sentinel/offer.json");
    Offer::from_json_str(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .into_parts()
        .0
}

#[test]
fn a_throttled_request_is_tried_again_after_retry_after() {
    let sub = subscription_id(7);
    let target = assignments_target(&sub);
    let server = Server::start({
        let sub = sub.clone();
        move |_, n| {
            if n == 1 {
                Reply::Answer(429, vec![("Retry-After".into(), "1".into())], "{}".into())
            } else {
                Reply::json(&json!({ "value": [one_assignment(&sub)] }))
            }
        }
    });
    let mut options = options(&server, std::slice::from_ref(&sub));
    options.max_wait = Duration::from_secs(2); // Retry-After: 1 is honoured in full
    let reads = read_live(&options, token()).unwrap();
    assert!(reads[0].outcome().is_ok(), "{:?}", reads[0].outcome());
    assert_eq!(server.count(&target), 2);
}

#[test]
fn server_errors_are_tried_again_within_the_bound() {
    let good = subscription_id(1);
    let failing = subscription_id(2);
    let server = Server::start({
        let good = good.clone();
        move |target, n| {
            if target == assignments_target(&good) {
                match n {
                    1 => Reply::status(500),
                    2 => Reply::status(503),
                    _ => Reply::json(&json!({ "value": [one_assignment(&good)] })),
                }
            } else {
                Reply::status(503)
            }
        }
    });
    let reads = read_live(&options(&server, &[good.clone(), failing.clone()]), token()).unwrap();
    assert!(reads[0].outcome().is_ok(), "{:?}", reads[0].outcome());
    assert_eq!(server.count(&assignments_target(&good)), 3);
    let message = unreadable(&reads[1]);
    assert!(
        message.contains("answered 503, after 3 attempts"),
        "{message}"
    );
    assert!(message.contains(&failing), "{message}");
    assert_eq!(server.count(&assignments_target(&failing)), 3);
}

#[test]
fn a_refused_token_is_not_tried_again_and_never_shown() {
    let sub = subscription_id(3);
    let server = Server::start(|_, _| Reply::json(&json!({ "value": [] })));
    let reads = read_live(
        &options(&server, std::slice::from_ref(&sub)),
        AccessToken::new("wrong-token-value"),
    )
    .unwrap();
    let message = unreadable(&reads[0]);
    assert!(message.contains("refused the token (401)"), "{message}");
    assert!(!message.contains("wrong-token-value"));
    assert_eq!(server.count(&assignments_target(&sub)), 1);
}

#[test]
fn a_dropped_connection_slow_answer_stalled_body_and_garbage_are_reported() {
    let dropped = subscription_id(11);
    let slow = subscription_id(12);
    let stalled = subscription_id(13);
    let garbage = subscription_id(14);
    let no_value = subscription_id(15);
    let fine = subscription_id(16);
    let script = {
        let (dropped, slow, stalled, garbage, no_value, fine) = (
            dropped.clone(),
            slow.clone(),
            stalled.clone(),
            garbage.clone(),
            no_value.clone(),
            fine.clone(),
        );
        move |target: &str, _: usize| {
            if target == assignments_target(&dropped) {
                Reply::Drop
            } else if target == assignments_target(&slow) {
                Reply::After(
                    Duration::from_secs(4),
                    Box::new(Reply::json(&json!({ "value": [] }))),
                )
            } else if target == assignments_target(&stalled) {
                Reply::Stall(Duration::from_secs(4))
            } else if target == assignments_target(&garbage) {
                Reply::Answer(
                    200,
                    Vec::new(),
                    "<html><body>Service busy</body></html>".into(),
                )
            } else if target == assignments_target(&no_value) {
                Reply::json(&json!({ "items": [] }))
            } else if target == assignments_target(&fine) {
                Reply::json(&json!({ "value": [one_assignment(&fine)] }))
            } else {
                Reply::status(404)
            }
        }
    };
    let server = Server::start(script);
    let mut options = options(&server, &[dropped, slow, stalled, garbage, no_value, fine]);
    options.request_timeout = Duration::from_millis(400);
    options.attempts = 2;
    let reads = read_live(&options, token()).unwrap();
    let messages: Vec<String> = reads[..5].iter().map(unreadable).collect();
    assert!(
        messages[0].contains("the request failed") && messages[0].contains("after 2 attempts"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("no answer within 400 ms"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].contains("did not arrive within")
            || messages[2].contains("could not be read")
            || messages[2].contains("no answer within"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].contains("the answer is not JSON"),
        "{}",
        messages[3]
    );
    assert!(
        messages[4].contains("has no `value` list"),
        "{}",
        messages[4]
    );
    assert!(reads[5].outcome().is_ok());
}

#[test]
fn the_run_has_a_bound_of_its_own() {
    let subs: Vec<String> = (20..28).map(subscription_id).collect();
    let server = Server::start(|_, _| {
        Reply::After(
            Duration::from_secs(3),
            Box::new(Reply::json(&json!({ "value": [] }))),
        )
    });
    let mut options = options(&server, &subs);
    options.concurrency = 2;
    options.request_timeout = Duration::from_secs(10);
    options.run_timeout = Duration::from_millis(500);
    let reads = read_live(&options, token()).unwrap();
    assert_eq!(reads.len(), subs.len());
    for read in &reads {
        let message = unreadable(read);
        assert!(
            message.contains("time bound") || message.contains("no answer within"),
            "{message}"
        );
    }
}

#[test]
fn a_next_link_to_another_address_is_not_followed() {
    let sub = subscription_id(30);
    let server = Server::start(|_, _| {
        Reply::json(&json!({ "value": [], "nextLink": "https://attacker.example/steal" }))
    });
    let reads = read_live(&options(&server, std::slice::from_ref(&sub)), token()).unwrap();
    let message = unreadable(&reads[0]);
    assert!(message.contains("was not followed"), "{message}");
    assert_eq!(server.total(), 1);
}

#[test]
fn a_token_with_a_line_break_fails_at_once_as_malformed_and_is_never_shown() {
    let sub = subscription_id(4);
    let server = Server::start(|_, _| Reply::json(&json!({ "value": [] })));
    for (value, what) in [
        ("secret-part-one\nsecret-part-two", "a line break"),
        ("secret-part-one\r\nsecret-part-two", "a line break"),
        ("secret-part-one\u{7}secret", "a control character"),
        ("secret-part-one\u{e9}secret", "a character outside ASCII"),
    ] {
        for subscriptions in [vec![sub.clone()], vec![]] {
            let error =
                read_live(&options(&server, &subscriptions), AccessToken::new(value)).unwrap_err();
            assert!(matches!(error, LiveError::MalformedToken(_)), "{error}");
            let message = error.to_string();
            assert!(
                message.contains("malformed") && message.contains(what),
                "{message}"
            );
            assert!(!message.contains("secret"), "{message}");
            assert!(!format!("{error:?}").contains("secret"));
        }
    }
    // Not a single request: no retries, nothing sent.
    assert_eq!(server.total(), 0);
    // A line break at the end, as `az` or `echo` leave one, is not part of the token.
    assert!(AccessToken::new(format!("{TOKEN}\n")).check().is_ok());
}

#[test]
fn a_subscription_list_that_cannot_be_read_stops_the_run() {
    let server = Server::start(|_, _| Reply::status(403));
    let error = read_live(&options(&server, &[]), token()).unwrap_err();
    assert!(matches!(error, LiveError::ListSubscriptions(_)), "{error}");
    assert!(error.to_string().contains("403"), "{error}");
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[test]
fn the_token_goes_over_https_only_or_to_a_loopback_address() {
    assert!(check_endpoint("https://management.azure.com").is_ok());
    assert!(check_endpoint("https://management.usgovcloudapi.net/").is_ok());
    assert!(check_endpoint("http://127.0.0.1:8080").is_ok());
    assert!(check_endpoint("http://[::1]:8080").is_ok());
    assert!(check_endpoint("http://localhost:8080").is_ok());
    for refused in [
        "http://management.azure.com",
        "http://10.0.0.1",
        "ftp://management.azure.com",
        "https://user:pass@management.azure.com",
        "https://management.azure.com/?x=1",
        "not a url",
    ] {
        let error = check_endpoint(refused).unwrap_err();
        assert!(!error.to_string().contains("pass@"), "{error}");
    }
    let options = LiveOptions {
        endpoint: "http://management.azure.com".into(),
        subscriptions: vec![SubscriptionId::new(&subscription_id(1)).unwrap()],
        ..LiveOptions::default()
    };
    let error = read_live(&options, token()).unwrap_err();
    assert!(matches!(error, LiveError::InvalidEndpoint(_)));
    assert_eq!(format!("{:?}", token()), "AccessToken(***)");
}
