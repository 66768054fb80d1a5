//! `lighthouse-offer audit` and Azure Resource Graph: saved answers of `az graph query`, the
//! query printed, and `--live` through Resource Graph (the default) beside `--source rest`.

use crate::support::cli::{assert_exit, folder, run, stderr, stdout};
use serde_json::{Value, json};

const OFFER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);
const ASSIGNMENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/deployed/assignments.json"
);
const GRAPH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/deployed/graph-query.json"
);

/// The table of delegations at the end of the human output, its lines sorted.
fn table(out: &str) -> Vec<String> {
    let start = out.find("\nsubscription  ").expect("a table");
    let mut lines: Vec<String> = out[start + 1..]
        .lines()
        .take_while(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn a_saved_az_graph_answer_is_audited_like_the_rest_list() {
    let graph = run(&["audit", OFFER, "--from", GRAPH]);
    let rest = run(&["audit", OFFER, "--from", ASSIGNMENTS]);
    assert_exit(&graph, 1);
    let out = stdout(&graph);
    assert_eq!(table(&out), table(&stdout(&rest)));
    assert!(out.contains("graph-query.json:"), "{out}");
    let last = |o: &str| o.lines().rev().nth(1).map(str::to_owned);
    assert_eq!(last(&out), last(&stdout(&rest)));
}

#[test]
fn an_unfinished_answer_is_reported_and_exits_2() {
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(GRAPH).unwrap()).unwrap();
    let mut first = saved.clone();
    first["data"] = json!(saved["data"].as_array().unwrap()[..4]);
    first["count"] = json!(4);
    first["skip_token"] = json!("ew0KICAiJGlkIjogIjEiLA0K");
    let dir = folder("cli_audit_graph", "unfinished");
    let file = dir.join("page-1.json");
    std::fs::write(&file, serde_json::to_string_pretty(&first).unwrap()).unwrap();
    let output = run(&["audit", OFFER, "--from", file.to_str().unwrap()]);
    assert_exit(&output, 2);
    let out = stdout(&output);
    assert!(out.contains("error[LO1015]"), "{out}");
    assert!(out.contains("graph-answer-incomplete"), "{out}");
    assert!(out.contains("1 input could not be read"), "{out}");
}

#[test]
fn the_query_is_printed_alone() {
    let output = run(&["audit", "--print-query"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        format!("{}\n", lighthouse_offer::audit::graph::QUERY)
    );
    let mixed = run(&["audit", OFFER, "--from", GRAPH, "--print-query"]);
    assert_exit(&mixed, 2);
}

#[test]
fn source_goes_with_live() {
    let output = run(&["audit", OFFER, "--from", GRAPH, "--source", "rest"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("go with --live"),
        "{}",
        stderr(&output)
    );
}

#[cfg(feature = "live")]
mod live {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::*;
    use crate::support::cli::tool;
    use crate::support::live_server::{
        GRAPH_TARGET, Reply, SUBSCRIPTIONS_TARGET, Server, TOKEN, assignments_target, graph_page,
        graph_request, graph_rows, subscriptions_page,
    };

    /// The example's delegations served per subscription, through the REST API and Resource
    /// Graph (in pages of 3 rows).
    fn stand_in() -> Server {
        let listed: Value =
            serde_json::from_str(&std::fs::read_to_string(ASSIGNMENTS).unwrap()).unwrap();
        let mut by_subscription: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for item in listed["value"].as_array().unwrap() {
            let subscription = item["id"].as_str().unwrap().split('/').nth(2).unwrap();
            by_subscription
                .entry(subscription.to_owned())
                .or_default()
                .push(item.clone());
        }
        for items in by_subscription.values_mut() {
            items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        }
        let by_subscription = Arc::new(by_subscription);
        Server::start_with_body(move |target, _, body| {
            if target == SUBSCRIPTIONS_TARGET {
                let ids: Vec<String> = by_subscription.keys().cloned().collect();
                return Reply::json(&subscriptions_page(&ids, None));
            }
            if target == GRAPH_TARGET {
                let (subscriptions, token) = graph_request(body);
                let items: Vec<Value> = subscriptions
                    .iter()
                    .flat_map(|s| by_subscription.get(s).cloned().unwrap_or_default())
                    .collect();
                let rows = graph_rows(&items);
                let from: usize = token.map_or(0, |t| t.parse().unwrap());
                let to = (from + 3).min(rows.len());
                let next = (to < rows.len()).then(|| to.to_string());
                return Reply::json(&graph_page(&rows[from..to], rows.len(), next.as_deref()));
            }
            for (subscription, items) in by_subscription.iter() {
                if target == assignments_target(subscription) {
                    return Reply::json(&json!({ "value": items }));
                }
            }
            Reply::status(404)
        })
    }

    fn audit(server: &Server, extra: &[&str]) -> std::process::Output {
        tool()
            .args(["audit", OFFER, "--live", "--arm-endpoint"])
            .arg(server.endpoint())
            .args(extra)
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap()
    }

    #[test]
    fn graph_and_rest_give_the_same_output_and_exit() {
        let server = stand_in();
        let graph = audit(&server, &["--format", "json"]);
        let requests = server.total();
        let rest = audit(&server, &["--format", "json", "--source", "rest"]);
        assert_exit(&graph, 1);
        assert_exit(&rest, 1);
        assert_eq!(stdout(&graph), stdout(&rest));
        assert!(!stdout(&graph).contains(TOKEN) && !stderr(&graph).contains(TOKEN));
        // The list, and 10 rows in pages of 3: 4 queries.
        assert_eq!(requests, 5);
        assert_eq!(server.count(GRAPH_TARGET), 4);

        let human = audit(&server, &[]);
        assert_exit(&human, 1);
        let out = stdout(&human);
        assert!(
            out.contains(
                "note: read 4 subscriptions: 4 through Azure Resource Graph (4 queries), 0 \
                 through the REST API\n"
            ),
            "{out}"
        );
        let rest_human = audit(&server, &["--source", "rest"]);
        assert_eq!(table(&out), table(&stdout(&rest_human)));
    }

    #[test]
    fn what_graph_saves_is_audited_offline_the_same_way() {
        let server = stand_in();
        let dir = folder("cli_audit_graph", "save");
        let live = audit(&server, &["--save", dir.to_str().unwrap()]);
        assert_exit(&live, 1);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path().display().to_string())
            .collect();
        files.sort();
        assert_eq!(files.len(), 4);
        let mut args = vec!["audit", OFFER, "--from"];
        args.extend(files.iter().map(String::as_str));
        let offline = run(&args);
        assert_exit(&offline, 1);
        assert_eq!(table(&stdout(&offline)), table(&stdout(&live)));
    }
}
