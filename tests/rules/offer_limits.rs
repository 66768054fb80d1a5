//! Microsoft's limits, each at its edge, in a whole offer document: the most that is allowed
//! reads without a problem, one more is exactly one error at the list or text that breaks it.
//! Texts are counted in characters, so they are written with multi-byte characters.

use crate::support::{Outcome, at, example, expected, guid, read, set};
use lighthouse_offer::Rule;
use serde_json::{Value, json};

/// Checks the document that `make(limit)` gives: valid at the limit, and at `limit + 1` exactly
/// one error of `rule` at `path`.
#[track_caller]
fn at_the_edge(limit: usize, rule: Rule, path: &str, make: impl Fn(&mut Value, usize)) {
    let mut document = example();
    make(&mut document, limit);
    let found = Outcome::of_document(&document);
    assert_eq!(
        found,
        Outcome::default(),
        "{limit} must be allowed at {path}"
    );

    let mut document = example();
    make(&mut document, limit + 1);
    let found = Outcome::of_document(&document);
    assert_eq!(
        found,
        Outcome {
            errors: expected(&[(rule, path)]),
            warnings: Vec::new(),
        },
        "{} must be one too many at {path}",
        limit + 1
    );
}

/// A text of `chars` characters, most of them two bytes long in UTF-8.
fn text(chars: usize) -> String {
    let mut text = String::from("Contoso");
    text.extend(std::iter::repeat_n('é', chars - text.len()));
    assert_eq!(text.chars().count(), chars);
    assert!(text.len() > chars, "multi-byte");
    text
}

/// `count` copies of the example's plan at `index`, with distinct plan IDs.
fn plans(d: &mut Value, index: usize, count: usize) -> Vec<Value> {
    let plan = at(d, &format!("/plans/{index}")).clone();
    (0..count)
        .map(|i| {
            let mut copy = plan.clone();
            copy["planId"] = json!(format!("plan-{i}"));
            copy
        })
        .collect()
}

#[test]
fn an_offer_has_at_most_100_plans() {
    at_the_edge(100, Rule::TooManyItems, "/plans", |d, n| {
        let public = plans(d, 0, n);
        set(d, "/plans", json!(public));
    });
}

#[test]
fn an_offer_has_at_most_45_private_plans() {
    at_the_edge(45, Rule::TooManyPrivatePlans, "/plans", |d, n| {
        let mut all = vec![at(d, "/plans/0").clone()];
        all.extend(plans(d, 1, n));
        set(d, "/plans", json!(all));
    });
}

#[test]
fn a_manifest_has_at_most_20_authorizations() {
    // The example's five permanent ones, and readers to fill up; with the example's one eligible
    // authorization, 19 permanent ones make 20 authorizations, the most a plan may have.
    at_the_edge(
        19,
        Rule::TooManyItems,
        "/plans/0/manifest/authorizations",
        |d, n| {
            let list = at(d, "/plans/0/manifest/authorizations")
                .as_array_mut()
                .unwrap();
            for i in list.len()..n {
                list.push(json!({
                    "principalId": guid(i as u128),
                    "principalIdDisplayName": format!("Contoso readers {i}"),
                    "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
                }));
            }
        },
    );
}

#[test]
fn a_private_plan_names_at_most_20000_subscriptions() {
    at_the_edge(
        20_000,
        Rule::TooManyItems,
        "/plans/1/availability/subscriptionIds",
        |d, n| {
            let ids: Vec<String> = (0..n).map(|i| guid(i as u128)).collect();
            set(d, "/plans/1/availability/subscriptionIds", json!(ids));
        },
    );
}

#[test]
fn a_listing_has_at_most_5_categories() {
    at_the_edge(5, Rule::TooManyItems, "/listing/categories", |d, n| {
        let names: Vec<String> = (0..n).map(|i| format!("Catégorie {i}")).collect();
        set(d, "/listing/categories", json!(names));
    });
}

#[test]
fn a_listing_has_at_most_100_preview_subscriptions() {
    at_the_edge(
        100,
        Rule::TooManyItems,
        "/listing/previewSubscriptionIds",
        |d, n| {
            let ids: Vec<String> = (0..n).map(|i| guid(i as u128)).collect();
            set(d, "/listing/previewSubscriptionIds", json!(ids));
        },
    );
}

#[test]
fn a_listing_description_has_at_most_3000_characters_markup_included() {
    at_the_edge(3_000, Rule::TextTooLong, "/listing/description", |d, n| {
        let start = "<p>Contoso's managed service ";
        let end = "</p>";
        let fill = n - start.chars().count() - end.chars().count();
        let html = format!("{start}{}{end}", "é".repeat(fill));
        assert_eq!(html.chars().count(), n);
        set(d, "/listing/description", json!(html));
    });
}

#[test]
fn a_listing_title_has_at_most_50_characters() {
    at_the_edge(50, Rule::TextTooLong, "/listing/title", |d, n| {
        set(d, "/listing/title", json!(text(n)));
    });
}

#[test]
fn an_offer_name_has_at_most_50_characters() {
    at_the_edge(50, Rule::TextTooLong, "/name", |d, n| {
        set(d, "/name", json!(text(n)));
    });
}

#[test]
fn a_plan_title_has_at_most_50_characters() {
    at_the_edge(50, Rule::TextTooLong, "/plans/1/title", |d, n| {
        set(d, "/plans/1/title", json!(text(n)));
    });
}

#[test]
fn a_listing_summary_has_at_most_100_characters() {
    at_the_edge(100, Rule::TextTooLong, "/listing/summary", |d, n| {
        set(d, "/listing/summary", json!(text(n)));
    });
}

#[test]
fn a_listing_long_summary_has_at_most_256_characters() {
    at_the_edge(256, Rule::TextTooLong, "/listing/longSummary", |d, n| {
        set(d, "/listing/longSummary", json!(text(n)));
    });
}

#[test]
fn an_offer_has_at_most_5_screenshots() {
    at_the_edge(
        5,
        Rule::TooManyItems,
        "/marketingArtifacts/screenshots",
        |d, n| {
            let shot = at(d, "/marketingArtifacts/screenshots/0").clone();
            set(d, "/marketingArtifacts/screenshots", json!(vec![shot; n]));
        },
    );
}

#[test]
fn an_offer_has_at_most_5_videos() {
    at_the_edge(
        5,
        Rule::TooManyItems,
        "/marketingArtifacts/videos",
        |d, n| {
            let video = at(d, "/marketingArtifacts/videos/0").clone();
            set(d, "/marketingArtifacts/videos", json!(vec![video; n]));
        },
    );
}

#[test]
fn a_just_in_time_policy_has_at_most_10_approvers() {
    let policy = "/plans/0/manifest/eligibleAuthorizations/0/justInTimeAccessPolicy";
    at_the_edge(
        10,
        Rule::TooManyItems,
        &format!("{policy}/managedByTenantApprovers"),
        |d, n| {
            let approvers: Vec<Value> = (0..n)
                .map(|i| {
                    json!({
                        "principalId": guid(i as u128),
                        "principalIdDisplayName": format!("Contoso approvers {i}"),
                    })
                })
                .collect();
            set(
                d,
                &format!("{policy}/managedByTenantApprovers"),
                json!(approvers),
            );
        },
    );
}

#[test]
fn the_largest_offer_reads_and_round_trips() {
    // Every list at its limit at once: 100 plans, 45 of them private with 20,000 subscriptions
    // each would be a 36 MB document; one private plan at 20,000 shows the same.
    let mut d = example();
    let mut all = plans(&mut d, 0, 55);
    let private = plans(&mut d, 1, 45);
    all.extend(private.into_iter().enumerate().map(|(i, mut plan)| {
        plan["planId"] = json!(format!("private-{i}"));
        plan
    }));
    let ids: Vec<String> = (0..20_000).map(guid).collect();
    all[55]["availability"]["subscriptionIds"] = json!(ids);
    set(&mut d, "/plans", json!(all));
    let (offer, warnings) = read(&d).into_parts();
    assert_eq!(warnings, []);
    assert_eq!(offer.plans().len(), 100);
    let written = serde_json::to_value(&offer).unwrap();
    let (again, _) = read(&written).into_parts();
    assert_eq!(again, offer);
}
