//! Reading the delegations from Azure itself (cargo feature `live`).
//!
//! Two ways, both ending in the same text per subscription: the REST list of its registration
//! assignments with their definitions, which [`Deployed::from_json_str`](super::Deployed::from_json_str)
//! reads as if it had been saved to a file. The network code hands over bytes, and everything it
//! knows about their meaning is in the pure readers.
//!
//! - [`read_live_graph`] asks **Azure Resource Graph**: the subscriptions in batches of 300 per
//!   query (`POST /providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01` with
//!   [`QUERY`](super::graph::QUERY)), every page followed with its `$skipToken`; a few dozen
//!   requests for 10,000 subscriptions. Its quota headers are honoured: when
//!   `x-ms-user-quota-remaining` is 0, no query is sent before `x-ms-user-quota-resets-after`
//!   (for every worker, the quota being the user's); a 429 waits `Retry-After`, else the quota's
//!   reset, else the backoff. What it does not cover is read the other
//!   way, subscription by subscription.
//! - [`read_live`] asks **Azure Resource Manager**, subscription by subscription: without
//!   subscriptions given it lists every subscription the token can see (`GET /subscriptions`),
//!   then asks each for its registration assignments with their definitions (`GET
//!   /subscriptions/{id}/providers/Microsoft.ManagedServices/registrationAssignments?api-version=2022-10-01&$expandRegistrationDefinition=true`),
//!   following `nextLink`.
//!
//! **Network done carefully.**
//! - The token ([`AccessToken`]) is sent only over `https`, or over plain `http` to a loopback
//!   address (for tests), and only to the endpoint. It never appears in `Debug` output, messages
//!   or errors. A `nextLink` to another origin than the endpoint is not followed, so the token
//!   never leaves it, and redirects are not followed either; Resource Graph's next pages are asked
//!   for at the same address, their continuation token (`$skipToken`) in the query's body.
//! - Requests are sent [`LiveOptions::concurrency`] at a time (8 by default), each by one
//!   thread of a fixed pool.
//! - A request that is throttled (429) or fails on the server's side (500, 502, 503, 504), or
//!   whose connection fails, is tried again, at most [`LiveOptions::attempts`] times in all, after
//!   waiting `Retry-After` when the answer gives one (at most [`LiveOptions::max_wait`]) or else a
//!   backoff that doubles from 250 ms up to the same bound.
//! - Each request has a timeout ([`LiveOptions::request_timeout`]), and the whole run one more
//!   ([`LiveOptions::run_timeout`]): no wait goes beyond it, and subscriptions not read by then are
//!   reported.
//! - A subscription that cannot be read (401, 403, 404, retries used up, an answer that is not
//!   JSON or has no `value`) becomes one `subscription-unreadable` diagnostic; the others are
//!   audited all the same.

use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;
use crate::values::guid::SubscriptionId;

mod graph;
mod published;

pub use graph::{GraphOptions, LiveRun, read_live_graph};
pub use published::{PublishedAnswer, PublishedRun, read_published};

/// The API version of `Microsoft.ManagedServices` the audit reads.
pub const MANAGED_SERVICES_API_VERSION: &str = "2022-10-01";
/// The API version of the subscription list.
pub const SUBSCRIPTIONS_API_VERSION: &str = "2022-12-01";
/// The public cloud's Azure Resource Manager.
pub const DEFAULT_ENDPOINT: &str = "https://management.azure.com";
/// The environment variable the token is read from first.
pub const TOKEN_VARIABLE: &str = "AZURE_ACCESS_TOKEN";
/// How long the Azure CLI may take to hand out a token.
pub const AZ_TIMEOUT: Duration = Duration::from_secs(60);
/// The most bytes of one answer that are read (an ARM page is far smaller).
const MAX_ANSWER_BYTES: u64 = 16 * 1024 * 1024;
/// The most pages of one list that are followed.
const MAX_PAGES: usize = 1_000;

/// A bearer token for Azure Resource Manager. Its value is shown nowhere: `Debug` prints
/// `AccessToken(***)` and it has no `Display`.
///
/// ```
/// use lighthouse_offer::audit::live::AccessToken;
///
/// let token = AccessToken::new("eyJ0eXAiOiJKV1Qi.secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(***)");
/// ```
#[derive(Clone)]
pub struct AccessToken(String);

impl AccessToken {
    /// A token with this value.
    #[must_use]
    pub fn new(value: impl Into<String>) -> Self {
        AccessToken(value.into().trim().to_owned())
    }

    /// The token from [`TOKEN_VARIABLE`] (`AZURE_ACCESS_TOKEN`) when it is set and not empty, or
    /// else from the Azure CLI: `az account get-access-token --resource ENDPOINT --query
    /// accessToken --output tsv`.
    ///
    /// The Azure CLI gets [`AZ_TIMEOUT`] to answer, and is stopped after it.
    ///
    /// # Errors
    /// A [`LiveError::NoToken`] that says why (the Azure CLI's own message is not repeated: it
    /// could hold anything).
    pub fn from_environment(endpoint: &str) -> Result<Self, LiveError> {
        if let Ok(value) = std::env::var(TOKEN_VARIABLE)
            && !value.trim().is_empty()
        {
            return Ok(AccessToken::new(value));
        }
        let value = az_token(endpoint).map_err(|why| {
            LiveError::NoToken(format!(
                "{TOKEN_VARIABLE} is not set, and `az account get-access-token --resource \
                 {endpoint}` gave no token: {why}"
            ))
        })?;
        Ok(AccessToken::new(value))
    }

    fn header(&self) -> String {
        format!("Bearer {}", self.0)
    }

    /// Whether the token can be sent in an `Authorization` header: visible ASCII only (a bearer
    /// token is base64url and dots). A line break, another control character or a character
    /// outside ASCII means a token copied wrongly: refused at once, since every request would
    /// fail the same way, and said without showing the token.
    ///
    /// # Errors
    /// A [`LiveError::MalformedToken`] naming the kind of character and its position.
    pub fn check(&self) -> Result<(), LiveError> {
        let Some((at, c)) = self
            .0
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii_graphic() && *c != ' ')
        else {
            return Ok(());
        };
        let what = match c {
            '\n' | '\r' => "a line break",
            c if c.is_control() => "a control character",
            _ => "a character outside ASCII",
        };
        Err(LiveError::MalformedToken(format!(
            "the access token is malformed: it holds {what} (character {} of {}), which an HTTP \
             header cannot carry; copy the token again (it is not shown here)",
            at + 1,
            self.0.chars().count()
        )))
    }
}

/// Runs `az account get-access-token` with its standard error discarded and waits at most
/// [`AZ_TIMEOUT`]; the token, or why there is none.
fn az_token(endpoint: &str) -> Result<String, String> {
    use std::io::Read as _;
    let mut child = std::process::Command::new("az")
        .args([
            "account",
            "get-access-token",
            "--resource",
            endpoint,
            "--query",
            "accessToken",
            "--output",
            "tsv",
        ])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|error| format!("`az` could not be run ({error})"))?;
    let deadline = Instant::now() + AZ_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`az` did not answer within {} s",
                    AZ_TIMEOUT.as_secs()
                ));
            }
            Err(error) => return Err(format!("`az` could not be waited for ({error})")),
        }
    };
    let mut value = String::new();
    if let Some(mut out) = child.stdout.take() {
        // A token is a few kilobytes; the pipe holds it until it is read.
        let _ = out.by_ref().take(1024 * 1024).read_to_string(&mut value);
    }
    if !status.success() || value.trim().is_empty() {
        return Err("run `az login` first".to_owned());
    }
    Ok(value)
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// Why a live audit could not start or could not list the subscriptions. Messages never hold
/// the token.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LiveError {
    /// The endpoint is not an `https` URL (or an `http` URL of a loopback address).
    #[error("{0}")]
    InvalidEndpoint(String),
    /// No token could be had.
    #[error("{0}")]
    NoToken(String),
    /// The token holds what an HTTP header cannot carry (a line break, another control
    /// character, a character outside ASCII): it was copied wrongly, and no request would
    /// succeed. The message says which kind of character and where, never the token.
    #[error("{0}")]
    MalformedToken(String),
    /// The subscriptions could not be listed.
    #[error("cannot list the subscriptions: {0}")]
    ListSubscriptions(String),
}

/// How a live audit reads.
#[derive(Clone, Debug)]
pub struct LiveOptions {
    /// Azure Resource Manager's address, such as `https://management.azure.com` or a sovereign
    /// cloud's (`https://management.usgovcloudapi.net`).
    pub endpoint: String,
    /// The subscriptions to read; empty: every subscription the token can see.
    pub subscriptions: Vec<SubscriptionId>,
    /// How many subscriptions are read at once.
    pub concurrency: usize,
    /// The time bound of one request.
    pub request_timeout: Duration,
    /// The time bound of the whole run.
    pub run_timeout: Duration,
    /// How many times a request is tried in all.
    pub attempts: u32,
    /// The longest wait between two tries (`Retry-After` included).
    pub max_wait: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            subscriptions: Vec::new(),
            concurrency: 8,
            request_timeout: Duration::from_secs(30),
            run_timeout: Duration::from_secs(300),
            attempts: 4,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// What was read of one subscription: the REST list of its assignments (every page joined, as
/// text), or why it could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRead {
    subscription: SubscriptionId,
    through: ReadThrough,
    outcome: Result<String, Diagnostic>,
}

/// Which service a subscription was read through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReadThrough {
    /// Azure Resource Graph: one query for many subscriptions.
    ResourceGraph,
    /// Azure Resource Manager's REST API: the subscription's own list of assignments.
    Rest,
}

impl SubscriptionRead {
    /// The subscription.
    #[must_use]
    pub fn subscription(&self) -> SubscriptionId {
        self.subscription
    }

    /// The service it was read (or tried last) through.
    #[must_use]
    pub fn through(&self) -> ReadThrough {
        self.through
    }

    /// The assignments as one REST list (`{"value": [...]}`, pretty-printed), for
    /// [`Deployed::from_json_str`](super::Deployed::from_json_str); or the
    /// `subscription-unreadable` diagnostic.
    pub fn outcome(&self) -> Result<&str, &Diagnostic> {
        self.outcome.as_ref().map(String::as_str)
    }
}

/// The endpoint, checked: `https`, or `http` to a loopback address; no user name, password,
/// query or fragment. Returned without a final `/`.
///
/// # Errors
/// [`LiveError::InvalidEndpoint`] otherwise.
pub fn check_endpoint(endpoint: &str) -> Result<String, LiveError> {
    let url = url::Url::parse(endpoint).map_err(|e| {
        LiveError::InvalidEndpoint(format!("the endpoint `{endpoint}` is not a URL: {e}"))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !scheme_ok || url.host().is_none() {
        return Err(LiveError::InvalidEndpoint(format!(
            "the endpoint `{}` is not an https URL: the token is sent only over https (plain \
             http only to a loopback address, for tests)",
            url.origin().ascii_serialization()
        )));
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(LiveError::InvalidEndpoint(
            "the endpoint may not have a user name, password, query or fragment".to_owned(),
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The HTTP client: ureq's agent with the audit's limits.
struct Client {
    agent: ureq::Agent,
    origin: String,
    endpoint: String,
    token: AccessToken,
    options: LiveOptions,
    deadline: Instant,
    /// Requests sent, tries again included.
    requests: AtomicUsize,
    /// Requests sent to Resource Graph (POSTs), tries again included.
    graph_requests: AtomicUsize,
    /// No request before this instant: Resource Graph's quota of the user is used up until then
    /// (shared by every worker, since the quota is the user's, not the connection's).
    not_before: Mutex<Option<Instant>>,
}

/// Why one request did not give a page.
enum Failure {
    /// Worth another try: throttled, a server error, a connection that failed.
    Transient(String, Option<Duration>),
    /// Not worth another try.
    Final(String),
}

/// What an answer's headers say of Resource Graph's quota and limits.
#[derive(Clone, Copy, Debug, Default)]
struct Quota {
    /// `x-ms-user-quota-remaining`: queries left in the window.
    remaining: Option<u64>,
    /// `x-ms-user-quota-resets-after`: when the window starts again.
    resets_after: Option<Duration>,
    /// `x-ms-tenant-subscription-limit-hit: true`: the answer covers only the first 10,000
    /// subscriptions of the scope.
    limit_hit: bool,
}

impl Quota {
    fn of(headers: &ureq::http::HeaderMap) -> Self {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        Quota {
            remaining: text("x-ms-user-quota-remaining").and_then(|v| v.trim().parse().ok()),
            resets_after: text("x-ms-user-quota-resets-after")
                .and_then(super::graph::parse_resets_after),
            limit_hit: text("x-ms-tenant-subscription-limit-hit")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("true")),
        }
    }
}

/// One request: a GET, or a POST of a JSON body.
#[derive(Clone, Copy)]
struct Request<'a> {
    url: &'a str,
    body: Option<&'a str>,
    /// The service, for messages: `Azure Resource Manager` or `Azure Resource Graph`.
    service: &'static str,
}

impl Client {
    fn new(options: &LiveOptions, token: AccessToken) -> Result<Self, LiveError> {
        let endpoint = check_endpoint(&options.endpoint)?;
        let url =
            url::Url::parse(&endpoint).map_err(|e| LiveError::InvalidEndpoint(e.to_string()))?;
        let loopback = url.scheme() == "http";
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .https_only(!loopback)
            .user_agent(concat!("lighthouse-offer/", env!("CARGO_PKG_VERSION")))
            .timeout_global(Some(options.request_timeout));
        if loopback || url.host_str() == Some("localhost") {
            // Test servers on this machine: never through a proxy of the environment.
            config = config.proxy(None);
        }
        Ok(Client {
            agent: config.build().into(),
            origin: url.origin().ascii_serialization(),
            endpoint,
            token,
            options: options.clone(),
            deadline: Instant::now() + options.run_timeout,
            requests: AtomicUsize::new(0),
            graph_requests: AtomicUsize::new(0),
            not_before: Mutex::new(None),
        })
    }

    /// The time left of the run.
    fn left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// One GET, tried again on transient failures within the bounds.
    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        self.send(Request {
            url,
            body: None,
            service: "Azure Resource Manager",
        })
        .map(|(bytes, _)| bytes)
    }

    /// One request, tried again on transient failures within the bounds: the answer's body and
    /// what its headers say of the quota.
    fn send(&self, request: Request<'_>) -> Result<(Vec<u8>, Quota), String> {
        let mut backoff = Duration::from_millis(250);
        let mut attempt = 1;
        loop {
            let failure = match self.send_once(request) {
                Ok(answer) => return Ok(answer),
                Err(Failure::Final(message)) => return Err(message),
                Err(Failure::Transient(message, retry_after)) => (message, retry_after),
            };
            let (message, retry_after) = failure;
            if attempt >= self.options.attempts.max(1) {
                return Err(format!("{message}, after {attempt} attempts"));
            }
            let wait = retry_after.unwrap_or(backoff).min(self.options.max_wait);
            if wait >= self.left() {
                return Err(format!(
                    "{message}; not tried again: the run's time bound of {} s would be passed",
                    self.options.run_timeout.as_secs()
                ));
            }
            std::thread::sleep(wait);
            backoff = (backoff * 2).min(self.options.max_wait);
            attempt += 1;
        }
    }

    /// Waits while the quota is used up (at most until the run's bound).
    fn wait_for_quota(&self) -> Result<(), Failure> {
        let until = *self
            .not_before
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(until) = until else { return Ok(()) };
        let wait = until.saturating_duration_since(Instant::now());
        if wait >= self.left() {
            return Err(Failure::Final(format!(
                "the quota of queries is used up, and waiting for it would pass the run's time                  bound of {} s",
                self.options.run_timeout.as_secs()
            )));
        }
        std::thread::sleep(wait);
        Ok(())
    }

    /// Notes the quota an answer reports: none left means no request before it resets (at most
    /// [`LiveOptions::max_wait`] from now).
    fn note_quota(&self, quota: Quota) {
        if quota.remaining == Some(0) {
            let wait = quota
                .resets_after
                .unwrap_or(Duration::from_secs(1))
                .min(self.options.max_wait);
            let mut slot = self
                .not_before
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let until = Instant::now() + wait;
            if slot.is_none_or(|now| now < until) {
                *slot = Some(until);
            }
        }
    }

    fn send_once(&self, request: Request<'_>) -> Result<(Vec<u8>, Quota), Failure> {
        self.wait_for_quota()?;
        let left = self.left();
        if left.is_zero() {
            return Err(Failure::Final(format!(
                "the run's time bound of {} s was reached",
                self.options.run_timeout.as_secs()
            )));
        }
        let timeout = self.options.request_timeout.min(left);
        self.requests.fetch_add(1, Ordering::Relaxed);
        if request.body.is_some() {
            self.graph_requests.fetch_add(1, Ordering::Relaxed);
        }
        let answer = if let Some(body) = request.body {
            self.agent
                .post(request.url)
                .header("Authorization", self.token.header())
                .header("Accept", "application/json")
                .header("Content-Type", "application/json")
                .config()
                .timeout_global(Some(timeout))
                .build()
                .send(body.as_bytes())
        } else {
            self.agent
                .get(request.url)
                .header("Authorization", self.token.header())
                .header("Accept", "application/json")
                .config()
                .timeout_global(Some(timeout))
                .build()
                .call()
        };
        let mut response = match answer {
            Ok(response) => response,
            Err(ureq::Error::Timeout(_)) => {
                return Err(Failure::Transient(
                    format!("no answer within {} ms", timeout.as_millis()),
                    None,
                ));
            }
            Err(error) => {
                return Err(Failure::Transient(
                    format!("the request failed: {}", describe_error(&error)),
                    None,
                ));
            }
        };
        let status = response.status().as_u16();
        let quota = Quota::of(response.headers());
        self.note_quota(quota);
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_vec();
        let service = request.service;
        match status {
            200..=299 => body
                .map(|bytes| (bytes, quota))
                .map_err(|error| match error {
                    ureq::Error::Timeout(_) => Failure::Transient(
                        format!(
                            "the answer did not arrive within {} ms",
                            timeout.as_millis()
                        ),
                        None,
                    ),
                    other => Failure::Transient(
                        format!("the answer could not be read: {}", describe_error(&other)),
                        None,
                    ),
                }),
            // Resource Graph's throttling says when its quota resets, if not `Retry-After`.
            429 => Err(Failure::Transient(
                format!("{service} throttled the requests (429)"),
                retry_after.or(quota.resets_after),
            )),
            500 | 502 | 503 | 504 => Err(Failure::Transient(
                format!("{service} answered {status}"),
                retry_after,
            )),
            401 => Err(Failure::Final(format!(
                "{service} refused the token (401): it is expired or for another resource"
            ))),
            403 => Err(Failure::Final(
                "the token may not read this subscription's delegations (403)".to_owned(),
            )),
            other => Err(Failure::Final(answered(service, other))),
        }
    }

    /// Every item of a paged list, following `nextLink` (same origin only).
    fn list(&self, first: String) -> Result<Vec<Value>, String> {
        let mut items = Vec::new();
        let mut next = Some(first);
        let mut pages = 0;
        while let Some(url) = next.take() {
            pages += 1;
            if pages > MAX_PAGES {
                return Err(format!("more than {MAX_PAGES} pages"));
            }
            let bytes = self.get(&url)?;
            let (page, link) = page_from_bytes(&bytes)?;
            items.extend(page);
            if let Some(link) = link {
                let same_origin = url::Url::parse(&link)
                    .is_ok_and(|u| u.origin().ascii_serialization() == self.origin);
                if !same_origin {
                    return Err(
                        "a `nextLink` points to another address than the endpoint; it was not \
                         followed, so that the token is not sent there"
                            .to_owned(),
                    );
                }
                next = Some(link);
            }
        }
        Ok(items)
    }

    fn subscriptions(&self) -> Result<Vec<SubscriptionId>, LiveError> {
        let items = self
            .list(format!(
                "{}/subscriptions?api-version={SUBSCRIPTIONS_API_VERSION}",
                self.endpoint
            ))
            .map_err(LiveError::ListSubscriptions)?;
        let mut found = Vec::new();
        for item in &items {
            let id = item
                .get("subscriptionId")
                .and_then(Value::as_str)
                .and_then(|id| SubscriptionId::new(id).ok())
                .ok_or_else(|| {
                    LiveError::ListSubscriptions(
                        "an item of the list has no valid `subscriptionId`".to_owned(),
                    )
                })?;
            if !found.contains(&id) {
                found.push(id);
            }
        }
        Ok(found)
    }

    fn assignments(&self, subscription: SubscriptionId) -> Result<String, String> {
        let items = self.list(format!(
            "{}/subscriptions/{subscription}/providers/Microsoft.ManagedServices/registrationAssignments?api-version={MANAGED_SERVICES_API_VERSION}&$expandRegistrationDefinition=true",
            self.endpoint
        ))?;
        let joined = serde_json::json!({ "value": items });
        let mut text = serde_json::to_string_pretty(&joined)
            .map_err(|e| format!("the answer could not be written back: {e}"))?;
        text.push('\n');
        Ok(text)
    }
}

/// What a final answer of `service` with `status` is called in messages (`Azure Resource Manager
/// answered 404`).
fn answered(service: &str, status: u16) -> String {
    format!("{service} answered {status}")
}

/// A transport error in words, without anything of the request but the address.
fn describe_error(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Io(io) => format!("{} ({:?})", io, io.kind()),
        other => other.to_string(),
    }
}

/// One page of a REST list: its items and its `nextLink`. A pure function of the bytes received.
///
/// ```
/// use lighthouse_offer::audit::live::page_from_bytes;
///
/// let (items, next) = page_from_bytes(br#"{"value": [{"a": 1}], "nextLink": "https://x/2"}"#).unwrap();
/// assert_eq!(items.len(), 1);
/// assert_eq!(next.as_deref(), Some("https://x/2"));
/// assert!(page_from_bytes(b"<html>busy</html>").is_err());
/// ```
///
/// # Errors
/// A message when the bytes are not JSON, or not an object with an array `value`.
pub fn page_from_bytes(bytes: &[u8]) -> Result<(Vec<Value>, Option<String>), String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("the answer is not JSON ({} bytes; {e})", bytes.len()))?;
    let Value::Object(mut map) = value else {
        return Err("the answer is not a JSON object with a `value` list".to_owned());
    };
    let Some(Value::Array(items)) = map.remove("value") else {
        return Err("the answer has no `value` list".to_owned());
    };
    let next = match map.remove("nextLink") {
        Some(Value::String(link)) if !link.is_empty() => Some(link),
        None | Some(Value::Null | Value::String(_)) => None,
        Some(_) => return Err("the answer's `nextLink` is not a string".to_owned()),
    };
    Ok((items, next))
}

/// Reads the registration assignments (with their definitions) of every subscription, a few at a
/// time, within the options' bounds.
///
/// # Errors
/// A [`LiveError`] when the endpoint is not allowed or, without subscriptions given, the
/// subscriptions cannot be listed. A subscription that cannot be read is no error: its
/// [`SubscriptionRead::outcome`] is a `subscription-unreadable` diagnostic.
pub fn read_live(
    options: &LiveOptions,
    token: AccessToken,
) -> Result<Vec<SubscriptionRead>, LiveError> {
    token.check()?;
    let client = Client::new(options, token)?;
    let subscriptions = if options.subscriptions.is_empty() {
        client.subscriptions()?
    } else {
        options.subscriptions.clone()
    };
    Ok(read_each(&client, &subscriptions))
}

/// Reads each subscription's assignments through the REST API, [`LiveOptions::concurrency`] at a
/// time; the reads in the order of `subscriptions`.
fn read_each(client: &Client, subscriptions: &[SubscriptionId]) -> Vec<SubscriptionRead> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<SubscriptionRead>>> = Mutex::new(vec![None; subscriptions.len()]);
    let workers = client
        .options
        .concurrency
        .clamp(1, 64)
        .min(subscriptions.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&subscription) = subscriptions.get(i) else {
                        break;
                    };
                    let outcome = client
                        .assignments(subscription)
                        .map_err(|message| unreadable(subscription, &message));
                    let read = SubscriptionRead {
                        subscription,
                        through: ReadThrough::Rest,
                        outcome,
                    };
                    // A worker that panicked poisons nothing we rely on: take the data anyway.
                    let mut slots = results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    slots[i] = Some(read);
                }
            });
        }
    });
    let slots = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    slots
        .into_iter()
        .zip(subscriptions)
        .map(|(slot, &subscription)| {
            slot.unwrap_or_else(|| SubscriptionRead {
                subscription,
                through: ReadThrough::Rest,
                outcome: Err(unreadable(subscription, "its reader stopped")),
            })
        })
        .collect()
}

/// The `subscription-unreadable` diagnostic of a subscription.
fn unreadable(subscription: SubscriptionId, message: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::SubscriptionUnreadable,
        JsonPointer::root(),
        format!("subscription {subscription} could not be read: {message}"),
    )
}
