//! Answers of Azure Resource Graph read offline: the REST answer, what `az graph query` prints
//! (and the bare array of older CLIs), saved pages; an answer that is not whole is reported, never
//! taken as complete; rows made into the REST lists the live reader hands over.

use std::path::Path;

use lighthouse_offer::audit::graph::{self, QUERY, audit_text, request_body, rest_lists};
use lighthouse_offer::audit::{self, Deployed, Totals};
use lighthouse_offer::{Offer, Rule, SubscriptionId};
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn offer() -> Offer {
    let text =
        std::fs::read_to_string(root().join("examples/contoso-sentinel/offer.json")).unwrap();
    Offer::from_json_str(&text).unwrap().into_parts().0
}

fn example(name: &str) -> String {
    std::fs::read_to_string(root().join("examples/contoso-sentinel/deployed").join(name)).unwrap()
}

/// The rows of the example's `az graph query` answer.
fn rows() -> Vec<Value> {
    let saved: Value = serde_json::from_str(&example("graph-query.json")).unwrap();
    saved["data"].as_array().unwrap().clone()
}

fn totals(found: &audit::Audit) -> Totals {
    found.totals()
}

fn names(found: &audit::Audit) -> Vec<&'static str> {
    found
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::name)
        .collect()
}

#[test]
fn the_query_pages_stably_and_takes_no_part() {
    for needed in [
        "ManagedServicesResources",
        "project id, name, type, tenantId, subscriptionId, properties, plan",
        "order by id asc",
    ] {
        assert!(QUERY.contains(needed), "{needed}");
    }
    for never in ["take", "limit", "sample"] {
        assert!(!QUERY.contains(never), "{never}");
    }
    let sub = SubscriptionId::new("6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70").unwrap();
    let body: Value = serde_json::from_str(&request_body(&[sub], None)).unwrap();
    assert_eq!(body["query"], QUERY);
    assert_eq!(body["options"]["$top"], 1000);
    assert!(body["options"].get("$skipToken").is_none());
}

#[test]
fn the_az_graph_answer_gives_the_verdicts_of_the_rest_list() {
    let offer = offer();
    let rest = audit::audit(
        &offer,
        &Deployed::from_json_str(&example("assignments.json")).unwrap(),
    );
    let graph = audit_text(&offer, &example("graph-query.json")).unwrap();
    assert_eq!(totals(&graph), totals(&rest));
    let mut a = names(&graph);
    let mut b = names(&rest);
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b);
    // Every path points into the saved answer: the rows are under `data`.
    for d in graph.diagnostics() {
        assert!(d.path().as_str().starts_with("/data/"), "{}", d.path());
    }
    // The messages are the same, only the places differ.
    let mut ma: Vec<&str> = graph
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::message)
        .collect();
    let mut mb: Vec<&str> = rest
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::message)
        .collect();
    ma.sort_unstable();
    mb.sort_unstable();
    assert_eq!(ma, mb);
}

#[test]
fn the_rest_answer_of_resource_graph_is_read_and_a_next_page_is_reported() {
    let offer = offer();
    let rows = rows();
    let whole = json!({
        "totalRecords": rows.len(), "count": rows.len(), "resultTruncated": "false",
        "facets": [], "data": rows
    });
    let found = audit_text(&offer, &whole.to_string()).unwrap();
    assert!(!names(&found).contains(&"graph-answer-incomplete"));
    assert_eq!(found.totals().delegations, 5);

    // The first page of three: audited for what it holds, and reported.
    let first = json!({
        "totalRecords": 2400, "count": 4, "resultTruncated": "true",
        "$skipToken": "ew0KICAiJGlkIjogIjEiLA0K", "data": rows[..4]
    });
    let found = audit_text(&offer, &first.to_string()).unwrap();
    let incomplete: Vec<_> = found
        .diagnostics()
        .iter()
        .filter(|d| d.rule() == Rule::GraphAnswerIncomplete)
        .collect();
    assert_eq!(incomplete.len(), 1, "{:?}", found.diagnostics());
    assert_eq!(incomplete[0].path().as_str(), "/$skipToken");
    assert!(incomplete[0].message().contains("next page"));
    assert!(found.totals().delegations > 0);
}

#[test]
fn an_answer_truncated_without_a_token_or_short_of_its_total_is_incomplete() {
    let offer = offer();
    let rows = rows();
    let truncated = json!({
        "totalRecords": 10, "count": 10, "resultTruncated": "true", "data": rows
    });
    let found = audit_text(&offer, &truncated.to_string()).unwrap();
    let d = &found.diagnostics()[0];
    assert_eq!(
        (d.name(), d.path().as_str()),
        ("graph-answer-incomplete", "/resultTruncated")
    );
    assert!(d.message().contains("take"), "{}", d.message());

    // az's answer: no token left, but fewer rows than the total.
    let short = json!({ "count": 10, "data": rows, "skip_token": null, "total_records": 25 });
    let found = audit_text(&offer, &short.to_string()).unwrap();
    let d = &found.diagnostics()[0];
    assert_eq!(
        (d.name(), d.path().as_str()),
        ("graph-answer-incomplete", "/total_records")
    );
    assert!(d.message().contains("10 of the 25"), "{}", d.message());

    // A page whose `count` says more than it holds.
    let cut = json!({ "count": 12, "data": rows, "skip_token": null, "total_records": 10 });
    let found = audit_text(&offer, &cut.to_string()).unwrap();
    assert_eq!(found.diagnostics()[0].path().as_str(), "/count");
}

#[test]
fn saved_pages_are_read_as_one_answer() {
    let offer = offer();
    let rows = rows();
    let pages = json!([
        { "count": 6, "data": rows[..6], "skip_token": "page-2", "total_records": 10 },
        { "count": 4, "data": rows[6..], "skip_token": null, "total_records": 10 }
    ]);
    let found = audit_text(&offer, &pages.to_string()).unwrap();
    assert!(!names(&found).contains(&"graph-answer-incomplete"));
    assert_eq!(found.totals().delegations, 5);
    // Each finding points into its page.
    assert!(
        found
            .diagnostics()
            .iter()
            .any(|d| d.path().as_str().starts_with("/1/data/")),
        "{:?}",
        found.diagnostics()
    );
    // The last page still naming a next one is reported there.
    let mut unfinished = pages.clone();
    unfinished[1]["skip_token"] = json!("page-3");
    let found = audit_text(&offer, &unfinished.to_string()).unwrap();
    assert_eq!(found.diagnostics()[0].path().as_str(), "/1/skip_token");
}

#[test]
fn the_table_format_is_refused_with_a_reason() {
    let table = json!({
        "totalRecords": 0, "count": 0, "resultTruncated": "false",
        "data": { "columns": [{ "name": "id", "type": "string" }], "rows": [] }
    });
    let found = audit_text(&offer(), &table.to_string()).unwrap();
    let d = &found.diagnostics()[0];
    assert_eq!((d.name(), d.path().as_str()), ("wrong-type", "/data"));
    assert!(d.message().contains("objectArray"));
}

#[test]
fn the_bare_rows_of_older_clis_are_read_like_any_array() {
    let offer = offer();
    let bare = Value::Array(rows()).to_string();
    let found = audit_text(&offer, &bare).unwrap();
    assert_eq!(found.totals().delegations, 5);
    let reader = audit::audit(&offer, &Deployed::from_json_str(&bare).unwrap());
    assert_eq!(found, reader);
}

#[test]
fn a_partial_definition_on_an_assignment_row_is_left_out_and_the_row_joined() {
    let offer = offer();
    let mut rows = rows();
    for row in &mut rows {
        if row["type"] == "microsoft.managedservices/registrationassignments" {
            // As the aliases' issue reports: the embedded definition without its attributes.
            row["properties"]["registrationDefinition"] =
                json!({ "id": row["properties"]["registrationDefinitionId"].clone() });
        }
    }
    let answer = json!({ "count": 10, "data": rows, "skip_token": null, "total_records": 10 });
    let found = audit_text(&offer, &answer.to_string()).unwrap();
    assert!(!names(&found).contains(&"definition-not-expanded"));
    assert_eq!(found.totals().delegations, 5);
}

#[test]
fn reading_problems_point_into_the_saved_answer() {
    let mut rows = rows();
    rows[1]["properties"]["authorizations"][0]["principalId"] = json!("not a guid");
    let answer = json!({ "count": 10, "data": rows, "skip_token": null, "total_records": 10 });
    let found = audit_text(&offer(), &answer.to_string()).unwrap();
    let d = found
        .diagnostics()
        .iter()
        .find(|d| d.name() == "invalid-guid")
        .unwrap();
    assert_eq!(
        d.path().as_str(),
        "/data/1/properties/authorizations/0/principalId"
    );
}

#[test]
fn rows_become_the_rest_list_of_each_subscription() {
    let offer = offer();
    let rows = rows();
    let subscriptions: Vec<SubscriptionId> = [
        "6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70",
        "a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d",
        "3f4e5d6c-7b8a-4969-8a7b-6c5d4e3f2a1b",
        "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        // No rows: no delegation Resource Graph can see.
        "00000000-0000-4000-8000-000000000001",
    ]
    .iter()
    .map(|s| SubscriptionId::new(s).unwrap())
    .collect();
    let (lists, uncovered) = rest_lists(&rows, &subscriptions);
    assert!(uncovered.is_empty());
    assert_eq!(lists.len(), 5);
    let mut all = audit::Audit::default();
    for (subscription, text) in &lists {
        let listed: Value = serde_json::from_str(text).unwrap();
        for item in listed["value"].as_array().unwrap() {
            // The REST shape: canonical type, the definition expanded, Graph's columns left out.
            assert_eq!(
                item["type"],
                "Microsoft.ManagedServices/registrationAssignments"
            );
            assert!(item.get("tenantId").is_none() && item.get("subscriptionId").is_none());
            assert!(item["properties"]["registrationDefinition"]["properties"].is_object());
            assert!(
                item["id"]
                    .as_str()
                    .unwrap()
                    .contains(&subscription.to_string())
            );
        }
        all.merge(audit::audit(
            &offer,
            &Deployed::from_json_str(text).unwrap(),
        ));
    }
    let rest = audit::audit(
        &offer,
        &Deployed::from_json_str(&example("assignments.json")).unwrap(),
    );
    assert_eq!(all.totals(), rest.totals());
    assert_eq!(
        lists[&subscriptions[4]], "{\n  \"value\": []\n}\n",
        "a subscription without rows has an empty list"
    );

    // An assignment whose definition is not among the rows: that subscription is not covered.
    let first = rows
        .iter()
        .find(|r| r["type"] == "microsoft.managedservices/registrationassignments")
        .unwrap();
    let definition = first["properties"]["registrationDefinitionId"]
        .as_str()
        .unwrap();
    let without: Vec<Value> = rows
        .iter()
        .filter(|r| !r["id"].as_str().unwrap().eq_ignore_ascii_case(definition))
        .cloned()
        .collect();
    let (lists, uncovered) = rest_lists(&without, &subscriptions);
    assert_eq!(uncovered.len(), 1, "{uncovered:?}");
    assert!(uncovered[0].1.contains("without its definition"));
    assert_eq!(lists.len(), 4);
}

#[test]
fn a_graph_page_is_read_from_its_bytes() {
    let page = graph::page_from_bytes(
        br#"{"totalRecords": 1, "count": 1, "resultTruncated": "false", "data": [{"id": "x"}]}"#,
    )
    .unwrap();
    assert_eq!(
        (page.rows.len(), page.truncated, page.skip_token),
        (1, false, None)
    );
    assert!(graph::page_from_bytes(b"<html>busy</html>").is_err());
    assert!(graph::page_from_bytes(br#"{"value": []}"#).is_err());
}
