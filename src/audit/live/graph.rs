//! Reading the delegations through Azure Resource Graph, and what it does not cover through the
//! REST API.
//!
//! The subscriptions (given, or listed with `GET /subscriptions`) are sent in batches of at most
//! [`GraphOptions::batch`] to `POST /providers/Microsoft.ResourceGraph/resources` with
//! [`QUERY`](crate::audit::graph::QUERY); every page is followed with its `$skipToken`. The rows
//! of each subscription are made into the REST list of its assignments
//! ([`rest_lists`](crate::audit::graph::rest_lists)), so that the audit reads them exactly as it
//! reads the REST API's answer.
//!
//! A batch that Resource Graph does not answer whole (an error after the tries, an answer
//! truncated without a token, `x-ms-tenant-subscription-limit-hit`, more pages than
//! [`GraphOptions::max_pages`], a token that comes twice, fewer rows than `totalRecords`) is not
//! taken in part: each of its subscriptions is read through the REST API instead, as is a
//! subscription named with `--subscription` of which Resource Graph returns nothing, and one with
//! an assignment whose definition Resource Graph did not return.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::{
    AccessToken, Client, LiveError, LiveOptions, ReadThrough, Request, SubscriptionRead, read_each,
};
use crate::audit::deployed::ResourceScope;
use crate::audit::graph::{
    GRAPH_API_VERSION, MAX_SUBSCRIPTIONS_PER_QUERY, page_from_bytes, request_body, rest_lists,
};
use crate::values::guid::SubscriptionId;

/// How the reader uses Resource Graph.
#[derive(Clone, Debug)]
pub struct GraphOptions {
    /// The most subscriptions named in one query (at most
    /// [`MAX_SUBSCRIPTIONS_PER_QUERY`](crate::audit::graph::MAX_SUBSCRIPTIONS_PER_QUERY), 300).
    pub batch: usize,
    /// The most pages of one batch that are followed (1,000 rows each).
    pub max_pages: usize,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            batch: MAX_SUBSCRIPTIONS_PER_QUERY,
            max_pages: 100,
        }
    }
}

/// What a live audit through Resource Graph read: every subscription's read, and how.
#[derive(Clone, Debug)]
pub struct LiveRun {
    reads: Vec<SubscriptionRead>,
    requests: usize,
    graph_requests: usize,
    not_covered: Vec<(SubscriptionId, String)>,
}

impl LiveRun {
    /// Each subscription's read, in the order they were given or listed.
    #[must_use]
    pub fn reads(&self) -> &[SubscriptionRead] {
        &self.reads
    }

    /// The reads, owned.
    #[must_use]
    pub fn into_reads(self) -> Vec<SubscriptionRead> {
        self.reads
    }

    /// How many HTTP requests were sent in all (the subscription list and tries again included).
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests
    }

    /// How many of them went to Resource Graph.
    #[must_use]
    pub fn graph_requests(&self) -> usize {
        self.graph_requests
    }

    /// The subscriptions Resource Graph did not cover, each with why; they were read through the
    /// REST API.
    #[must_use]
    pub fn not_covered(&self) -> &[(SubscriptionId, String)] {
        &self.not_covered
    }
}

/// Reads the delegations of every subscription (those of [`LiveOptions::subscriptions`], or all
/// the token can see) through Azure Resource Graph, and those it does not cover through the REST
/// API, within the options' bounds. See the module's documentation.
///
/// # Errors
/// As [`read_live`](super::read_live).
pub fn read_live_graph(
    options: &LiveOptions,
    graph: &GraphOptions,
    token: AccessToken,
) -> Result<LiveRun, LiveError> {
    token.check()?;
    let client = Client::new(options, token)?;
    let named = !options.subscriptions.is_empty();
    let subscriptions = if named {
        options.subscriptions.clone()
    } else {
        client.subscriptions()?
    };
    let size = graph.batch.clamp(1, MAX_SUBSCRIPTIONS_PER_QUERY);
    let batches: Vec<&[SubscriptionId]> = subscriptions.chunks(size).collect();
    let url = format!(
        "{}/providers/Microsoft.ResourceGraph/resources?api-version={GRAPH_API_VERSION}",
        client.endpoint
    );
    let answers = query_all(&client, &url, &batches, graph);

    let mut read: HashMap<SubscriptionId, String> = HashMap::new();
    let mut not_covered: Vec<(SubscriptionId, String)> = Vec::new();
    for (batch, answer) in batches.iter().zip(answers) {
        match answer {
            Ok(rows) => {
                let seen: HashSet<SubscriptionId> = rows
                    .iter()
                    .filter_map(|row| row.get("id").and_then(Value::as_str))
                    .filter_map(ResourceScope::from_resource_id)
                    .map(|scope| scope.subscription())
                    .collect();
                let (lists, uncovered) = rest_lists(&rows, batch);
                not_covered.extend(uncovered);
                for (subscription, text) in lists {
                    if named && !seen.contains(&subscription) {
                        not_covered.push((
                            subscription,
                            "Resource Graph returned no delegation of it".to_owned(),
                        ));
                    } else {
                        read.insert(subscription, text);
                    }
                }
            }
            Err(why) => not_covered.extend(batch.iter().map(|&s| (s, why.clone()))),
        }
    }
    let again: Vec<SubscriptionId> = not_covered.iter().map(|(s, _)| *s).collect();
    let mut through_rest: HashMap<SubscriptionId, SubscriptionRead> = read_each(&client, &again)
        .into_iter()
        .map(|r| (r.subscription, r))
        .collect();
    let reads = subscriptions
        .iter()
        .map(|&subscription| {
            if let Some(text) = read.remove(&subscription) {
                SubscriptionRead {
                    subscription,
                    through: ReadThrough::ResourceGraph,
                    outcome: Ok(text),
                }
            } else {
                through_rest
                    .remove(&subscription)
                    .unwrap_or_else(|| SubscriptionRead {
                        subscription,
                        through: ReadThrough::Rest,
                        outcome: Err(super::unreadable(subscription, "it was not read")),
                    })
            }
        })
        .collect();
    Ok(LiveRun {
        reads,
        requests: client.requests.load(Ordering::Relaxed),
        graph_requests: client.graph_requests.load(Ordering::Relaxed),
        not_covered,
    })
}

/// What Resource Graph answered for one batch: its rows, or why the batch is not covered.
type BatchAnswer = Result<Vec<Value>, String>;

/// Queries every batch, [`LiveOptions::concurrency`] at a time; the answers in the batches' order.
fn query_all(
    client: &Client,
    url: &str,
    batches: &[&[SubscriptionId]],
    graph: &GraphOptions,
) -> Vec<BatchAnswer> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<BatchAnswer>>> = Mutex::new(vec![None; batches.len()]);
    let workers = client
        .options
        .concurrency
        .clamp(1, 64)
        .min(batches.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(batch) = batches.get(i) else { break };
                    let answer = query(client, url, batch, graph);
                    slots
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)[i] = Some(answer);
                }
            });
        }
    });
    slots
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .into_iter()
        .map(|slot| slot.unwrap_or_else(|| Err("its query stopped".to_owned())))
        .collect()
}

/// Every row of one batch, every page followed; or why the batch is not covered.
fn query(
    client: &Client,
    url: &str,
    batch: &[SubscriptionId],
    graph: &GraphOptions,
) -> Result<Vec<Value>, String> {
    let mut rows = Vec::new();
    let mut token: Option<String> = None;
    let mut tokens: HashSet<String> = HashSet::new();
    let mut total = None;
    for page in 1.. {
        if page > graph.max_pages.max(1) {
            return Err(format!(
                "Resource Graph gave more than {} pages for one query",
                graph.max_pages.max(1)
            ));
        }
        let body = request_body(batch, token.as_deref());
        let (bytes, quota) = client.send(Request {
            url,
            body: Some(&body),
            service: "Azure Resource Graph",
        })?;
        if quota.limit_hit {
            return Err(
                "Resource Graph answered for the first 10,000 subscriptions of the scope only \
                 (x-ms-tenant-subscription-limit-hit)"
                    .to_owned(),
            );
        }
        let answer = page_from_bytes(&bytes)?;
        total = answer.total_records.or(total);
        rows.extend(answer.rows);
        match answer.skip_token {
            Some(next) => {
                if !tokens.insert(next.clone()) {
                    return Err("Resource Graph gave the same $skipToken twice".to_owned());
                }
                token = Some(next);
            }
            None if answer.truncated => {
                return Err(
                    "Resource Graph truncated its answer without a token for the rest".to_owned(),
                );
            }
            None => break,
        }
    }
    if let Some(total) = total
        && (rows.len() as u64) < total
    {
        return Err(format!(
            "Resource Graph gave {} of the {total} rows it counted",
            rows.len()
        ));
    }
    Ok(rows)
}
