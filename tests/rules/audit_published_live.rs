//! Published plans read live (`audit::live::read_published`) from a local server on 127.0.0.1:
//! pages followed, a 404 for a plan not yet published, server errors tried again, a failure
//! that stays reported without the token, the subscription found when none is given. Nothing
//! here asserts a duration.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::support::live_server::{
    Reply, SUBSCRIPTIONS_TARGET, Server, TOKEN, live_options, subscription_id, subscriptions_page,
};
use lighthouse_offer::Offer;
use lighthouse_offer::audit::live::{AccessToken, PublishedAnswer, read_published};
use lighthouse_offer::audit::{Deployed, published};
use serde_json::{Value, json};

fn offer() -> Offer {
    let text = std::fs::read_to_string("examples/contoso-sentinel/offer.json").unwrap();
    Offer::from_json_str(&text).unwrap().into_parts().0
}

fn identifiers(offer: &Offer) -> Vec<String> {
    offer
        .plans()
        .iter()
        .map(|p| published::marketplace_identifier(offer, p))
        .collect()
}

/// The path and query the client asks for one identifier.
fn target(subscription: &str, identifier: &str) -> String {
    format!(
        "/subscriptions/{subscription}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?api-version=2022-10-01&$filter=planIdentifier%20eq%20%27{identifier}%27"
    )
}

/// The saved answer of the gold plan as published (`tests/fixtures/published/`).
fn gold() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string("tests/fixtures/published/gold-as-published.json").unwrap(),
    )
    .unwrap()
}

fn list(answer: &PublishedAnswer) -> &str {
    match answer {
        PublishedAnswer::List(text) => text,
        other => panic!("expected a list, found {other:?}"),
    }
}

#[test]
fn pages_are_followed_and_a_plan_not_yet_published_is_a_404() {
    let offer = offer();
    let ids = identifiers(&offer);
    let sub = subscription_id(1);
    let own: Arc<OnceLock<String>> = Arc::default();
    let server = Server::start({
        let own = Arc::clone(&own);
        let (gold_target, other_target) = (target(&sub, &ids[0]), target(&sub, &ids[1]));
        move |path, _| {
            if path == gold_target {
                // The first page is empty and links to the second.
                let next = format!("{}/page2", own.get().unwrap());
                Reply::json(&json!({ "value": [], "nextLink": next }))
            } else if path == "/page2" {
                Reply::json(&gold())
            } else if path == other_target {
                Reply::status(404)
            } else {
                Reply::status(400)
            }
        }
    });
    own.set(server.endpoint()).unwrap();
    let options = live_options(
        &server,
        std::slice::from_ref(&sub),
        Duration::from_millis(100),
    );
    let run = read_published(&options, AccessToken::new(TOKEN), &ids).unwrap();
    assert_eq!(run.subscription().to_string(), sub);
    assert_eq!(run.requests(), 3);
    let answers = run.answers();
    assert_eq!(answers[0].0, ids[0]);
    let deployed = Deployed::from_json_str(list(&answers[0].1)).unwrap();
    assert_eq!(
        published::verify_published(&offer, &offer.plans()[0], &deployed),
        Some(Vec::new())
    );
    assert_eq!(answers[1].1, PublishedAnswer::NotFound);
}

#[test]
fn server_errors_are_tried_again_and_a_lasting_one_is_reported_without_the_token() {
    let offer = offer();
    let ids = identifiers(&offer);
    let sub = subscription_id(2);
    let server = Server::start({
        let (gold_target, other_target) = (target(&sub, &ids[0]), target(&sub, &ids[1]));
        move |path, n| {
            if path == gold_target && n == 1 {
                Reply::status(503)
            } else if path == gold_target {
                Reply::json(&gold())
            } else if path == other_target {
                Reply::status(500)
            } else {
                Reply::status(400)
            }
        }
    });
    let options = live_options(
        &server,
        std::slice::from_ref(&sub),
        Duration::from_millis(50),
    );
    let run = read_published(&options, AccessToken::new(TOKEN), &ids).unwrap();
    assert!(list(&run.answers()[0].1).contains("contoso.contoso-managed-sentinel.gold.1.2.0"));
    assert_eq!(server.count(&target(&sub, &ids[0])), 2);
    let PublishedAnswer::Unreadable(problem) = &run.answers()[1].1 else {
        panic!("expected unreadable, found {:?}", run.answers()[1].1);
    };
    assert_eq!(problem.name(), "subscription-unreadable");
    assert!(problem.message().contains("answered 500, after 3 attempts"));
    assert!(!problem.message().contains(TOKEN));
    assert_eq!(server.count(&target(&sub, &ids[1])), 3);
}

#[test]
fn without_a_subscription_the_first_one_listed_is_asked() {
    let offer = offer();
    let ids = identifiers(&offer);
    let subs: Vec<String> = (3..=4).map(subscription_id).collect();
    let server = Server::start({
        let subs = subs.clone();
        move |path, _| {
            if path == SUBSCRIPTIONS_TARGET {
                Reply::json(&subscriptions_page(&subs, None))
            } else if path.starts_with(&format!("/subscriptions/{}/", subs[0])) {
                Reply::json(&json!({ "value": [] }))
            } else {
                Reply::status(400)
            }
        }
    });
    let options = live_options(&server, &[], Duration::from_millis(50));
    let run = read_published(&options, AccessToken::new(TOKEN), &ids[..1]).unwrap();
    assert_eq!(run.subscription().to_string(), subs[0]);
    // An empty list: Azure holds nothing for the identifier.
    let deployed = Deployed::from_json_str(list(&run.answers()[0].1)).unwrap();
    assert!(published::verify_published(&offer, &offer.plans()[0], &deployed).is_none());
}

#[test]
fn a_next_link_to_another_host_is_not_followed() {
    let offer = offer();
    let ids = identifiers(&offer);
    let sub = subscription_id(5);
    let server = Server::start(|_, _| {
        Reply::json(&json!({ "value": [], "nextLink": "https://attacker.example/steal" }))
    });
    let options = live_options(
        &server,
        std::slice::from_ref(&sub),
        Duration::from_millis(50),
    );
    let run = read_published(&options, AccessToken::new(TOKEN), &ids[..1]).unwrap();
    let PublishedAnswer::Unreadable(problem) = &run.answers()[0].1 else {
        panic!("expected unreadable");
    };
    assert!(problem.message().contains("it was not followed"));
    assert_eq!(server.total(), 1);
}
