//! The live audit through Azure Resource Graph against a local server on 127.0.0.1 that pages with
//! `$skipToken`, throttles (429 with and without `Retry-After`), runs out of quota, truncates,
//! fails, drops connections and never stops paging. Nothing is lost: what Resource Graph does not
//! cover is read through the REST API, and what cannot be read at all is reported. Loops and waits
//! are bounded; nothing here asserts a duration.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::live_server::{
    GRAPH_TARGET, Reply, Server, TOKEN, assignment, assignments_target, graph_answer, graph_page,
    graph_request, graph_rows, live_options, subscription_id,
};
use lighthouse_offer::audit::live::{
    AccessToken, GraphOptions, LiveOptions, LiveRun, ReadThrough, read_live, read_live_graph,
};
use serde_json::{Value, json};

const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";

fn options(server: &Server, subscriptions: &[String]) -> LiveOptions {
    live_options(server, subscriptions, Duration::from_millis(300))
}

fn small_batches() -> GraphOptions {
    GraphOptions {
        batch: 3,
        max_pages: 20,
    }
}

/// The REST answer of subscription `n`'s one assignment.
fn delegation(subscription: &str, n: usize) -> Value {
    assignment(
        subscription,
        n,
        (
            "contoso",
            "contoso-managed-sentinel",
            "fabrikam-dedicated",
            "1.0.0",
        ),
        TENANT,
        &[(
            "4c3b2a19-0f8e-4d7c-b6a5-948372615a0b".into(),
            "Contoso Fabrikam team".into(),
            "3e150937-b8fe-4cfb-8069-0eaf05ecd056".into(),
        )],
    )
}

/// A fleet of subscriptions, each with one delegation: the REST answers and Resource Graph's rows.
struct Fleet {
    subscriptions: Vec<String>,
    rest: HashMap<String, Value>,
    rows: HashMap<String, Vec<Value>>,
}

impl Fleet {
    fn new(count: usize) -> Arc<Self> {
        let subscriptions: Vec<String> = (1..=count).map(subscription_id).collect();
        let mut rest = HashMap::new();
        let mut rows = HashMap::new();
        for (n, sub) in subscriptions.iter().enumerate() {
            let item = delegation(sub, n + 1);
            rows.insert(sub.clone(), graph_rows(std::slice::from_ref(&item)));
            rest.insert(assignments_target(sub), json!({ "value": [item] }));
        }
        Arc::new(Fleet {
            subscriptions,
            rest,
            rows,
        })
    }

    /// The REST answer for a target, or 404.
    fn rest(&self, target: &str) -> Reply {
        self.rest
            .get(target)
            .map_or_else(|| Reply::status(404), Reply::json)
    }

    /// Every row of a query's subscriptions, ordered by `id`.
    fn rows_of(&self, subscriptions: &[String]) -> Vec<Value> {
        let mut rows: Vec<Value> = subscriptions
            .iter()
            .flat_map(|s| self.rows.get(s).cloned().unwrap_or_default())
            .collect();
        rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
        rows
    }

    /// Resource Graph's page of a query: `per_page` rows from the token's offset.
    fn page(&self, body: &str, per_page: usize) -> Value {
        let (subscriptions, token) = graph_request(body);
        let rows = self.rows_of(&subscriptions);
        let from: usize = token
            .and_then(|t| t.strip_prefix("offset-").and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        let to = (from + per_page).min(rows.len());
        let next = (to < rows.len()).then(|| format!("offset-{to}"));
        graph_page(&rows[from..to], rows.len(), next.as_deref())
    }
}

fn through(run: &LiveRun, way: ReadThrough) -> usize {
    run.reads()
        .iter()
        .filter(|r| r.through() == way && r.outcome().is_ok())
        .count()
}

fn never_shows_the_token(run: &LiveRun) {
    for read in run.reads() {
        if let Err(d) = read.outcome() {
            assert!(!d.message().contains(TOKEN));
        }
    }
    for (_, why) in run.not_covered() {
        assert!(!why.contains(TOKEN));
    }
}

#[test]
fn batches_and_pages_give_what_the_rest_api_gives_in_a_few_queries() {
    let fleet = Fleet::new(7);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, _, body| {
            if target == GRAPH_TARGET {
                let (subscriptions, _) = graph_request(body);
                assert!(
                    subscriptions.len() <= 3,
                    "a batch of {}",
                    subscriptions.len()
                );
                Reply::json(&fleet.page(body, 2))
            } else {
                fleet.rest(target)
            }
        }
    });
    let options = options(&server, &fleet.subscriptions);
    let run = read_live_graph(&options, &small_batches(), AccessToken::new(TOKEN)).unwrap();
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 7);
    assert!(run.not_covered().is_empty(), "{:?}", run.not_covered());
    // 3 batches (3, 3, 1 subscriptions) of 2 rows each: 3 + 3 + 1 pages of 2 rows.
    assert_eq!(run.graph_requests(), 7);
    assert_eq!(server.total(), 7, "no request through the REST API");
    // The same text as the REST API's answer, subscription by subscription.
    let rest = read_live(&options, AccessToken::new(TOKEN)).unwrap();
    for (graph, rest) in run.reads().iter().zip(&rest) {
        assert_eq!(graph.subscription(), rest.subscription());
        assert_eq!(graph.outcome(), rest.outcome());
    }
}

#[test]
fn a_throttled_query_is_tried_again_after_retry_after_or_the_quota_reset() {
    let fleet = Fleet::new(4);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, n, body| match (target == GRAPH_TARGET, n) {
            (true, 1) => Reply::Answer(429, vec![("Retry-After".into(), "0".into())], "{}".into()),
            (true, 2) => Reply::Answer(
                429,
                vec![("x-ms-user-quota-resets-after".into(), "00:00:00.05".into())],
                json!({ "error": { "code": "RateLimiting", "message": "throttled" } }).to_string(),
            ),
            (true, _) => Reply::json(&fleet.page(body, 1_000)),
            (false, _) => fleet.rest(target),
        }
    });
    let graph = GraphOptions {
        batch: 300,
        max_pages: 5,
    };
    let run = read_live_graph(
        &options(&server, &fleet.subscriptions),
        &graph,
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 4);
    assert_eq!(run.graph_requests(), 3);
}

#[test]
fn no_query_is_sent_while_the_quota_is_used_up() {
    // The server gives one query per window and refuses one that comes before the window
    // resets; with one try only, a refused query would send its batch to the REST API.
    let fleet = Fleet::new(6);
    let opens: Arc<Mutex<Option<Instant>>> = Arc::default();
    let early = Arc::new(AtomicUsize::new(0));
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        let opens = Arc::clone(&opens);
        let early = Arc::clone(&early);
        move |target, _, body| {
            if target != GRAPH_TARGET {
                return fleet.rest(target);
            }
            let mut opens = opens.lock().unwrap();
            if opens.is_some_and(|at| Instant::now() < at) {
                early.fetch_add(1, Ordering::SeqCst);
                return Reply::status(429);
            }
            *opens = Some(Instant::now() + Duration::from_millis(100));
            graph_answer(&fleet.page(body, 1_000), 0, "00:00:00.100")
        }
    });
    let mut options = options(&server, &fleet.subscriptions);
    options.attempts = 1;
    options.concurrency = 1;
    let run = read_live_graph(&options, &small_batches(), AccessToken::new(TOKEN)).unwrap();
    assert_eq!(early.load(Ordering::SeqCst), 0);
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 6);
    assert_eq!(run.graph_requests(), 2);
}

#[test]
fn a_truncated_answer_or_the_subscription_limit_sends_the_batch_to_the_rest_api() {
    let fleet = Fleet::new(6);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, _, body| {
            if target != GRAPH_TARGET {
                return fleet.rest(target);
            }
            let (subscriptions, _) = graph_request(body);
            let rows = fleet.rows_of(&subscriptions);
            if subscriptions.contains(&subscription_id(1)) {
                // Truncated without a token: as a query with `take` would be.
                let mut page = graph_page(&rows[..1], rows.len(), None);
                page["resultTruncated"] = json!("true");
                Reply::json(&page)
            } else {
                Reply::Answer(
                    200,
                    vec![("x-ms-tenant-subscription-limit-hit".into(), "true".into())],
                    graph_page(&rows, rows.len(), None).to_string(),
                )
            }
        }
    });
    let run = read_live_graph(
        &options(&server, &fleet.subscriptions),
        &small_batches(),
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(through(&run, ReadThrough::Rest), 6);
    assert_eq!(run.not_covered().len(), 6);
    let reasons: Vec<&str> = run.not_covered().iter().map(|(_, w)| w.as_str()).collect();
    assert!(
        reasons.iter().any(|w| w.contains("truncated")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|w| w.contains("x-ms-tenant-subscription-limit-hit")),
        "{reasons:?}"
    );
}

#[test]
fn server_errors_and_dropped_connections_lose_nothing() {
    let fleet = Fleet::new(6);
    let refused = subscription_id(6);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        let refused = refused.clone();
        move |target, n, body| {
            if target == GRAPH_TARGET {
                let (subscriptions, _) = graph_request(body);
                if subscriptions.contains(&subscription_id(1)) {
                    // The first batch: a dropped connection, then an answer.
                    return if n <= 2 {
                        Reply::Drop
                    } else {
                        Reply::json(&fleet.page(body, 1_000))
                    };
                }
                // The second batch: 503 every time.
                return Reply::status(503);
            }
            if target == assignments_target(&refused) {
                return Reply::status(403);
            }
            fleet.rest(target)
        }
    });
    let mut options = options(&server, &fleet.subscriptions);
    // One worker: the first batch is asked first.
    options.concurrency = 1;
    options.attempts = 4;
    let run = read_live_graph(&options, &small_batches(), AccessToken::new(TOKEN)).unwrap();
    never_shows_the_token(&run);
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 3);
    assert_eq!(through(&run, ReadThrough::Rest), 2);
    let unread: Vec<_> = run
        .reads()
        .iter()
        .filter_map(|r| r.outcome().err().map(|d| (r.subscription(), d)))
        .collect();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].0.to_string(), refused);
    assert_eq!(unread[0].1.name(), "subscription-unreadable");
    assert!(unread[0].1.message().contains("(403)"));
    assert!(
        run.not_covered()
            .iter()
            .all(|(_, why)| why.contains("Azure Resource Graph answered 503, after 4 attempts")),
        "{:?}",
        run.not_covered()
    );
}

#[test]
fn a_query_that_never_stops_paging_is_bounded() {
    let fleet = Fleet::new(2);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, n, _| {
            if target != GRAPH_TARGET {
                return fleet.rest(target);
            }
            // A new token every time, and no rows.
            Reply::json(&graph_page(&[], 10, Some(&format!("again-{n}"))))
        }
    });
    let run = read_live_graph(
        &options(&server, &fleet.subscriptions),
        &GraphOptions {
            batch: 300,
            max_pages: 7,
        },
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(run.graph_requests(), 7);
    assert_eq!(through(&run, ReadThrough::Rest), 2);
    assert!(run.not_covered()[0].1.contains("more than 7 pages"));

    // The same token twice is a loop: stopped at once.
    let looping = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, _, _| {
            if target != GRAPH_TARGET {
                return fleet.rest(target);
            }
            Reply::json(&graph_page(&[], 10, Some("same")))
        }
    });
    let run = read_live_graph(
        &options(&looping, &fleet.subscriptions),
        &GraphOptions::default(),
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(run.graph_requests(), 2);
    assert!(run.not_covered()[0].1.contains("same $skipToken twice"));
    assert_eq!(through(&run, ReadThrough::Rest), 2);
}

#[test]
fn a_named_subscription_graph_does_not_return_or_a_missing_definition_goes_to_rest() {
    let fleet = Fleet::new(3);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        move |target, _, body| {
            if target != GRAPH_TARGET {
                return fleet.rest(target);
            }
            let (subscriptions, _) = graph_request(body);
            let rows: Vec<Value> = fleet
                .rows_of(&subscriptions)
                .into_iter()
                // Nothing of subscription 1; subscription 2's definition is missing.
                .filter(|r| {
                    let id = r["id"].as_str().unwrap();
                    let left_out = id.contains(&subscription_id(1))
                        || (id.contains(&subscription_id(2))
                            && id.contains("registrationDefinitions"));
                    !left_out
                })
                .collect();
            Reply::json(&graph_page(&rows, rows.len(), None))
        }
    });
    let run = read_live_graph(
        &options(&server, &fleet.subscriptions),
        &GraphOptions::default(),
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 1);
    assert_eq!(through(&run, ReadThrough::Rest), 2);
    let reasons: Vec<&str> = run.not_covered().iter().map(|(_, w)| w.as_str()).collect();
    assert!(
        reasons.iter().any(|w| w.contains("returned no delegation")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|w| w.contains("without its definition")),
        "{reasons:?}"
    );
}

#[test]
fn listed_subscriptions_without_rows_are_read_as_having_no_delegation() {
    let fleet = Fleet::new(2);
    let idle = subscription_id(9);
    let server = Server::start_with_body({
        let fleet = Arc::clone(&fleet);
        let idle = idle.clone();
        move |target, _, body| {
            if target == crate::support::live_server::SUBSCRIPTIONS_TARGET {
                let mut all = fleet.subscriptions.clone();
                all.push(idle.clone());
                return Reply::json(&crate::support::live_server::subscriptions_page(&all, None));
            }
            if target == GRAPH_TARGET {
                return Reply::json(&fleet.page(body, 1_000));
            }
            fleet.rest(target)
        }
    });
    let run = read_live_graph(
        &options(&server, &[]),
        &GraphOptions::default(),
        AccessToken::new(TOKEN),
    )
    .unwrap();
    assert_eq!(through(&run, ReadThrough::ResourceGraph), 3);
    assert_eq!(run.reads()[2].outcome().unwrap(), "{\n  \"value\": []\n}\n");
    assert_eq!(run.requests(), 2, "the list and one query");
}
