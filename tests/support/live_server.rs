//! A small HTTP/1.1 server on 127.0.0.1 for the live audit's tests and benchmark: it answers in
//! the REST API's shapes, and also pages, throttles, fails, refuses, drops, stalls and answers
//! garbage, as each test's script says. One thread accepts; each connection gets a thread of its
//! own, so that a slow answer does not hold the others up. Every wait is bounded.

// Each user uses some of the helpers, not all.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// The token the server accepts.
pub const TOKEN: &str = "test-token-6f1b2c3d-never-printed";

/// The live audit's options against `server` for `subscriptions`, with small bounds for tests:
/// four workers, 1.5 s a request, 20 s a run, three attempts, and at most `max_wait` between
/// two. (With the feature `live` only: `benches/audit.rs` includes this file without it.)
#[cfg(feature = "live")]
pub fn live_options(
    server: &Server,
    subscriptions: &[String],
    max_wait: Duration,
) -> lighthouse_offer::audit::live::LiveOptions {
    lighthouse_offer::audit::live::LiveOptions {
        endpoint: server.endpoint(),
        subscriptions: subscriptions
            .iter()
            .map(|s| lighthouse_offer::SubscriptionId::new(s).unwrap())
            .collect(),
        concurrency: 4,
        request_timeout: Duration::from_millis(1_500),
        run_timeout: Duration::from_secs(20),
        attempts: 3,
        max_wait,
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A status, extra headers and a body.
    Answer(u16, Vec<(String, String)>, String),
    /// Close the connection without a word.
    Drop,
    /// Wait, then do the rest.
    After(Duration, Box<Reply>),
    /// Send the head of a 200 answer and part of its body, then stall for this long.
    Stall(Duration),
}

impl Reply {
    /// A 200 answer with a JSON body.
    pub fn json(body: &serde_json::Value) -> Self {
        Reply::Answer(200, Vec::new(), body.to_string())
    }

    /// An answer with this status and a small JSON error body.
    pub fn status(status: u16) -> Self {
        Reply::Answer(
            status,
            Vec::new(),
            serde_json::json!({ "error": { "code": "Test", "message": "scripted" } }).to_string(),
        )
    }
}

/// The script: what to answer to the `n`th request (from 1) for a path and query, given the
/// request's body (empty for a GET).
pub type Script = dyn Fn(&str, usize, &str) -> Reply + Send + Sync;

/// A running server; it stops accepting when dropped.
pub struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    counts: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    /// Starts a server that answers with `script`, which sees the path and query and how many
    /// requests came for them.
    pub fn start(script: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_with_body(move |target, n, _| script(target, n))
    }

    /// Starts a server that answers with `script`, which also sees each request's body (a POST's
    /// JSON, such as a Resource Graph query).
    pub fn start_with_body(
        script: impl Fn(&str, usize, &str) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        {
            let stop = Arc::clone(&stop);
            let counts = Arc::clone(&counts);
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let script = Arc::clone(&script);
                    let counts = Arc::clone(&counts);
                    thread::spawn(move || serve(stream, &*script, &counts));
                }
            });
        }
        Server { port, stop, counts }
    }

    /// The server's address, `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many requests came for a path (with its query).
    pub fn count(&self, path_and_query: &str) -> usize {
        self.counts
            .lock()
            .unwrap()
            .get(path_and_query)
            .copied()
            .unwrap_or(0)
    }

    /// How many requests came in all.
    pub fn total(&self) -> usize {
        self.counts.lock().unwrap().values().sum()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread up, so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Serves the requests of one connection (keep-alive), each by the script.
fn serve(stream: TcpStream, script: &Script, counts: &Mutex<HashMap<String, usize>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let target = request_line
            .split_whitespace()
            .nth(1)
            .unwrap_or("/")
            .to_owned();
        let mut authorized = false;
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("authorization")
                    && value.trim() == format!("Bearer {TOKEN}")
                {
                    authorized = true;
                }
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        // The body is read whole, or the next request of the connection would start in it.
        let mut body = vec![0; length.min(16 * 1024 * 1024)];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let body = String::from_utf8_lossy(&body);
        let n = {
            let mut counts = counts.lock().unwrap();
            let n = counts.entry(target.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let reply = if authorized {
            script(&target, n, &body)
        } else {
            Reply::status(401)
        };
        if !answer(&mut stream, reply) {
            return;
        }
    }
}

/// Writes one reply; `false` when the connection is to be closed.
fn answer(stream: &mut TcpStream, reply: Reply) -> bool {
    match reply {
        Reply::Answer(status, headers, body) => {
            let mut head = format!(
                "HTTP/1.1 {status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
            for (name, value) in headers {
                let _ = write!(head, "{name}: {value}\r\n");
            }
            head.push_str("\r\n");
            // One write: a head and a body written apart wait for the client's delayed ACK.
            head.push_str(&body);
            stream.write_all(head.as_bytes()).is_ok()
        }
        Reply::Drop => {
            let _ = stream.shutdown(Shutdown::Both);
            false
        }
        Reply::After(wait, then) => {
            thread::sleep(wait);
            answer(stream, *then)
        }
        Reply::Stall(wait) => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"value\": [",
            );
            let _ = stream.flush();
            thread::sleep(wait);
            let _ = stream.shutdown(Shutdown::Both);
            false
        }
    }
}

/// The subscription list's page of these IDs, with an optional next link.
pub fn subscriptions_page(ids: &[String], next: Option<String>) -> serde_json::Value {
    let value: Vec<serde_json::Value> = ids
        .iter()
        .map(|id| {
            serde_json::json!({
                "id": format!("/subscriptions/{id}"),
                "subscriptionId": id,
                "displayName": format!("Customer {}", &id[..8]),
                "state": "Enabled"
            })
        })
        .collect();
    let mut page = serde_json::json!({ "value": value });
    if let Some(next) = next {
        page["nextLink"] = serde_json::Value::String(next);
    }
    page
}

/// The path and query of a subscription's assignment list, as the client asks for it.
pub fn assignments_target(subscription: &str) -> String {
    format!(
        "/subscriptions/{subscription}/providers/Microsoft.ManagedServices/registrationAssignments?api-version=2022-10-01&$expandRegistrationDefinition=true"
    )
}

/// The path and query of the subscription list.
pub const SUBSCRIPTIONS_TARGET: &str = "/subscriptions?api-version=2022-12-01";

/// A subscription ID made from a number.
pub fn subscription_id(n: usize) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

/// One registration assignment with its definition in the REST shape: a Marketplace delegation of
/// plan `plan` of `publisher.offer` in `version`, managed by `tenant`, with these authorizations
/// (principal, display name, role).
pub fn assignment(
    subscription: &str,
    n: usize,
    (publisher, offer, plan, version): (&str, &str, &str, &str),
    tenant: &str,
    authorizations: &[(String, String, String)],
) -> serde_json::Value {
    let definition_id = format!(
        "/subscriptions/{subscription}/providers/Microsoft.ManagedServices/registrationDefinitions/{n:08x}-1111-4111-8111-{n:012x}"
    );
    let auths: Vec<serde_json::Value> = authorizations
        .iter()
        .map(|(principal, name, role)| {
            serde_json::json!({ "principalId": principal, "principalIdDisplayName": name, "roleDefinitionId": role })
        })
        .collect();
    serde_json::json!({
        "properties": {
            "registrationDefinitionId": definition_id,
            "provisioningState": "Succeeded",
            "registrationDefinition": {
                "properties": {
                    "registrationDefinitionName": "Managed service",
                    "managedByTenantId": tenant,
                    "authorizations": auths,
                    "provisioningState": "Succeeded"
                },
                "plan": { "name": plan, "product": offer, "publisher": publisher, "version": version },
                "id": definition_id,
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "name": format!("{n:08x}-1111-4111-8111-{n:012x}")
            }
        },
        "id": format!("/subscriptions/{subscription}/providers/Microsoft.ManagedServices/registrationAssignments/{n:08x}-2222-4222-8222-{n:012x}"),
        "type": "Microsoft.ManagedServices/registrationAssignments",
        "name": format!("{n:08x}-2222-4222-8222-{n:012x}")
    })
}

/// The path and query of Resource Graph's queries, as the client sends them.
pub const GRAPH_TARGET: &str =
    "/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01";

/// What a Resource Graph query asks: its subscriptions and its `$skipToken`, if any.
pub fn graph_request(body: &str) -> (Vec<String>, Option<String>) {
    let body: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let subscriptions = body["subscriptions"]
        .as_array()
        .map(|subs| {
            subs.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let token = body["options"]["$skipToken"].as_str().map(str::to_owned);
    (subscriptions, token)
}

/// The rows Resource Graph holds for REST assignments with their definitions: each assignment
/// without its definition, and the definition as a row of its own, in lower-case types with
/// Resource Graph's own columns, ordered by `id` as the query asks.
pub fn graph_rows(assignments: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let mut rows = Vec::new();
    for item in assignments {
        let id = item["id"].as_str().unwrap_or_default();
        let subscription = id.split('/').nth(2).unwrap_or_default();
        let mut properties = item["properties"].clone();
        let definition = properties
            .as_object_mut()
            .and_then(|p| p.remove("registrationDefinition"));
        rows.push(serde_json::json!({
            "id": id,
            "name": item["name"],
            "type": "microsoft.managedservices/registrationassignments",
            "tenantId": "4f3e2d1c-0b9a-4877-9665-544332211000",
            "subscriptionId": subscription,
            "properties": properties,
            "plan": null
        }));
        if let Some(definition) = definition {
            let row = serde_json::json!({
                "id": definition["id"],
                "name": definition["name"],
                "type": "microsoft.managedservices/registrationdefinitions",
                "tenantId": "4f3e2d1c-0b9a-4877-9665-544332211000",
                "subscriptionId": subscription,
                "properties": definition["properties"],
                "plan": definition.get("plan").cloned().unwrap_or(serde_json::Value::Null)
            });
            if !rows.contains(&row) {
                rows.push(row);
            }
        }
    }
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    rows
}

/// One page of Resource Graph's answer: these rows of `total`, with a token for the next page.
pub fn graph_page(
    rows: &[serde_json::Value],
    total: usize,
    next: Option<&str>,
) -> serde_json::Value {
    let mut page = serde_json::json!({
        "totalRecords": total,
        "count": rows.len(),
        "resultTruncated": if next.is_some() { "true" } else { "false" },
        "facets": [],
        "data": rows
    });
    if let Some(next) = next {
        page["$skipToken"] = serde_json::Value::String(next.to_owned());
    }
    page
}

/// A Resource Graph answer with quota headers: `remaining` queries left until `resets_after`.
pub fn graph_answer(page: &serde_json::Value, remaining: usize, resets_after: &str) -> Reply {
    Reply::Answer(
        200,
        vec![
            ("x-ms-user-quota-remaining".into(), remaining.to_string()),
            ("x-ms-user-quota-resets-after".into(), resets_after.into()),
        ],
        page.to_string(),
    )
}
