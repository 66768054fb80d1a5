//! Azure Resource Graph: one query for the delegations of many subscriptions, and what it answers
//! read into the REST shape the rest of the audit knows.
//!
//! Resource Graph's table `ManagedServicesResources` holds the registration assignments and
//! registration definitions of every subscription the caller can see, delegated ones included.
//! [`QUERY`] asks for their whole rows (`id`, `name`, `type`, `tenantId`, `subscriptionId`,
//! `properties`, `plan`), ordered by `id` and without `take` or `limit`, so that the answer can be
//! paged (Resource Graph gives a `$skipToken` only when the rows have an `id` and the query no
//! `take`; without `order by` pages may repeat or miss rows).
//!
//! The rows are already resources of the REST API: `properties` is what
//! `Microsoft.ManagedServices` returns, and the reader compares `type` without regard to case
//! (Resource Graph writes it in lower case). What differs is only the envelope, and that
//! assignments come without their definition: the definition is a row of its own, joined on
//! `properties.registrationDefinitionId` (the audit joins assignments and definitions of one
//! input that way). This module reads the envelopes:
//!
//! - the REST answer of `POST /providers/Microsoft.ResourceGraph/resources` (API 2024-04-01):
//!   `{"totalRecords", "count", "resultTruncated": "true" | "false", "data": [...], "$skipToken"}`;
//! - what `az graph query -q "…" --first 1000` prints: `{"count", "data", "skip_token",
//!   "total_records"}` (older versions of the CLI printed the rows alone, as an array, which the
//!   reader reads like any array of resources);
//! - an array of such pages, saved one after the other.
//!
//! An answer that is not whole (a `$skipToken` left, `resultTruncated: "true"`, fewer rows than
//! `totalRecords`) is audited for the rows it has and reported as `graph-answer-incomplete`:
//! never taken as complete.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use serde_json::{Map, Value};

use crate::audit::deployed::{Deployed, ResourceScope};
use crate::audit::drift::{Audit, audit};
use crate::document::decode::{DocumentKind, describe_json as describe, parse_document_of};
use crate::offers::offer::Offer;
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report};
use crate::report::rules::Rule;
use crate::values::guid::SubscriptionId;

/// The query the audit sends to Azure Resource Graph (Kusto Query Language), as `audit
/// --print-query` prints it: it can be run in the portal's Resource Graph Explorer or with `az
/// graph query -q`.
pub const QUERY: &str = "ManagedServicesResources
| where type in~ ('microsoft.managedservices/registrationassignments', 'microsoft.managedservices/registrationdefinitions')
| project id, name, type, tenantId, subscriptionId, properties, plan
| order by id asc";

/// The API version of Azure Resource Graph the audit uses (the newest stable one of the REST
/// API's specification, `Microsoft.ResourceGraph/stable/2024-04-01`).
pub const GRAPH_API_VERSION: &str = "2024-04-01";

/// The most subscriptions named in one query. Microsoft's guidance for throttled requests
/// recommends groups of fewer than 300 subscriptions; the service refuses more than 1,000.
pub const MAX_SUBSCRIPTIONS_PER_QUERY: usize = 300;

/// The most rows of one page (`$top`; the service allows 1 to 1,000).
pub const PAGE_SIZE: u32 = 1_000;

/// The canonical spellings of the two resource types of the table.
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";
const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";

/// The body of one query for these subscriptions: [`QUERY`], pages of [`PAGE_SIZE`] rows as
/// objects, and the continuation token of the page before, if any (sent with the same query and
/// subscriptions, as the API asks).
///
/// ```
/// use lighthouse_offer::SubscriptionId;
/// use lighthouse_offer::audit::graph::request_body;
///
/// let sub = SubscriptionId::new("6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70").unwrap();
/// let body: serde_json::Value = serde_json::from_str(&request_body(&[sub], Some("next"))).unwrap();
/// assert_eq!(body["subscriptions"][0], "6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70");
/// assert_eq!(body["options"]["$skipToken"], "next");
/// assert_eq!(body["options"]["resultFormat"], "objectArray");
/// ```
#[must_use]
pub fn request_body(subscriptions: &[SubscriptionId], skip_token: Option<&str>) -> String {
    let mut options = serde_json::json!({ "$top": PAGE_SIZE, "resultFormat": "objectArray" });
    if let Some(token) = skip_token {
        options["$skipToken"] = Value::String(token.to_owned());
    }
    let subscriptions: Vec<String> = subscriptions.iter().map(ToString::to_string).collect();
    serde_json::json!({
        "subscriptions": subscriptions,
        "query": QUERY,
        "options": options,
    })
    .to_string()
}

/// One page of Resource Graph's answer, as the network reader needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphPage {
    /// The rows of the page.
    pub rows: Vec<Value>,
    /// The token of the next page, when there is one.
    pub skip_token: Option<String>,
    /// `resultTruncated: "true"`: more rows exist than the page holds.
    pub truncated: bool,
    /// `totalRecords`: how many rows match the query in all, when given.
    pub total_records: Option<u64>,
}

/// One page of the REST answer of Resource Graph (or of `az graph query`), from its bytes: a pure
/// function of what the network received.
///
/// ```
/// use lighthouse_offer::audit::graph::page_from_bytes;
///
/// let page = page_from_bytes(br#"{"totalRecords": 3, "count": 1, "resultTruncated": "true",
///     "$skipToken": "abc", "data": [{"id": "/subscriptions/x"}]}"#).unwrap();
/// assert_eq!((page.rows.len(), page.skip_token.as_deref(), page.truncated), (1, Some("abc"), true));
/// assert!(page_from_bytes(br#"{"data": {"columns": [], "rows": []}}"#).is_err());
/// ```
///
/// # Errors
/// A message when the bytes are not JSON, have no `data` list of objects, or fields of the wrong
/// type.
pub fn page_from_bytes(bytes: &[u8]) -> Result<GraphPage, String> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| format!("the answer is not JSON ({} bytes; {e})", bytes.len()))?;
    let Value::Object(mut map) = value else {
        return Err("the answer is not a JSON object with a `data` list".to_owned());
    };
    let rows = match map.remove("data") {
        Some(Value::Array(rows)) => rows,
        Some(Value::Object(_)) => {
            return Err(
                "the answer's `data` is a table (`resultFormat: table`), not a list of rows"
                    .to_owned(),
            );
        }
        _ => return Err("the answer has no `data` list".to_owned()),
    };
    let envelope = Envelope::read(&map);
    Ok(GraphPage {
        rows,
        skip_token: envelope.skip_token.map(|(_, token)| token.to_owned()),
        truncated: envelope.truncated.is_some_and(|(_, truncated)| truncated),
        total_records: envelope.total_records.map(|(_, n)| n),
    })
}

/// `x-ms-user-quota-resets-after` (`hh:mm:ss`, seconds perhaps with a fraction) as a duration.
///
/// ```
/// use std::time::Duration;
/// use lighthouse_offer::audit::graph::parse_resets_after;
///
/// assert_eq!(parse_resets_after("00:00:03"), Some(Duration::from_secs(3)));
/// assert_eq!(parse_resets_after("00:01:02.5"), Some(Duration::from_millis(62_500)));
/// assert_eq!(parse_resets_after("soon"), None);
/// ```
#[must_use]
pub fn parse_resets_after(text: &str) -> Option<Duration> {
    let mut parts = text.trim().split(':');
    let hours: u64 = parts.next()?.parse().ok()?;
    let minutes: u64 = parts.next()?.parse().ok()?;
    let seconds: f64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || minutes >= 60 || !(0.0..60.0).contains(&seconds) {
        return None;
    }
    let whole = Duration::from_secs(hours * 3_600 + minutes * 60);
    Some(whole + Duration::from_secs_f64(seconds))
}

/// The fields around the rows of one page, with the names each writer gives them: the REST API
/// (`totalRecords`, `resultTruncated`, `$skipToken`) or the Azure CLI (`total_records`,
/// `skip_token`). Each with its member name.
#[derive(Default)]
struct Envelope<'v> {
    total_records: Option<(&'static str, u64)>,
    count: Option<(&'static str, u64)>,
    truncated: Option<(&'static str, bool)>,
    skip_token: Option<(&'static str, &'v str)>,
}

impl<'v> Envelope<'v> {
    fn read(map: &'v Map<String, Value>) -> Self {
        let mut envelope = Envelope::default();
        for name in ["totalRecords", "total_records"] {
            if let Some(n) = map.get(name).and_then(Value::as_u64) {
                envelope.total_records = Some((name, n));
            }
        }
        if let Some(n) = map.get("count").and_then(Value::as_u64) {
            envelope.count = Some(("count", n));
        }
        match map.get("resultTruncated") {
            Some(Value::String(text)) => {
                envelope.truncated = Some(("resultTruncated", text.eq_ignore_ascii_case("true")));
            }
            Some(Value::Bool(truncated)) => {
                envelope.truncated = Some(("resultTruncated", *truncated));
            }
            _ => {}
        }
        for name in ["$skipToken", "skip_token", "skipToken"] {
            if let Some(Value::String(token)) = map.get(name)
                && !token.is_empty()
            {
                envelope.skip_token = Some((name, token));
            }
        }
        envelope
    }
}

/// Whether an object is a page of Resource Graph: rows in `data` and one of the envelope's
/// fields.
fn is_page(map: &Map<String, Value>) -> bool {
    map.contains_key("data")
        && [
            "totalRecords",
            "total_records",
            "count",
            "resultTruncated",
            "$skipToken",
            "skip_token",
            "facets",
        ]
        .iter()
        .any(|name| map.contains_key(*name))
}

/// The pages of an input, each with its place: one page, an array of pages, or `None` when the
/// input is not an answer of Resource Graph.
fn pages_of(value: &Value) -> Option<Vec<(JsonPointer, &Map<String, Value>)>> {
    match value {
        Value::Object(map) if is_page(map) => Some(vec![(JsonPointer::root(), map)]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::Object(map) if is_page(map) => Some((JsonPointer::root().index(i), map)),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Rows read out of an answer of Resource Graph: each row (made ready for the REST reader) with
/// its place in the input, and what says the answer is not whole.
struct GraphRows {
    places: Vec<JsonPointer>,
    problems: Vec<Diagnostic>,
}

impl GraphRows {
    fn read(pages: &[(JsonPointer, &Map<String, Value>)]) -> Self {
        let mut places = Vec::new();
        let mut problems = Vec::new();
        let mut total: Option<(JsonPointer, u64)> = None;
        for (n, (at, page)) in pages.iter().enumerate() {
            let last = n + 1 == pages.len();
            let envelope = Envelope::read(page);
            match page.get("data") {
                Some(Value::Array(data)) => {
                    if let Some((name, count)) = envelope.count
                        && count != data.len() as u64
                    {
                        problems.push(incomplete(
                            at.clone().key(name),
                            format!(
                                "the page says it holds {count} rows (`{name}`), but its `data` \
                                 has {}",
                                data.len()
                            ),
                        ));
                    }
                    let data_at = at.clone().key("data");
                    places.extend((0..data.len()).map(|i| data_at.clone().index(i)));
                }
                Some(Value::Object(table)) if table.contains_key("columns") => {
                    problems.push(Diagnostic::new(
                        Rule::WrongType,
                        at.clone().key("data"),
                        "expected the rows as a list of objects (`resultFormat: objectArray`, what \
                         `az graph query` asks for), found the table format (`columns` and \
                         `rows`); run the query again without `resultFormat: table`",
                    ));
                }
                other => problems.push(Diagnostic::new(
                    Rule::WrongType,
                    at.clone().key("data"),
                    format!(
                        "expected the rows of Resource Graph's answer as a list, found {}",
                        other.map_or_else(|| "nothing".to_owned(), describe)
                    ),
                )),
            }
            if let Some((name, records)) = envelope.total_records
                && total.as_ref().is_none_or(|(_, seen)| records > *seen)
            {
                total = Some((at.clone().key(name), records));
            }
            // A token on a page followed by another is the link to it; on the last page it
            // names rows that are not in the input.
            if last && let Some((name, _)) = envelope.skip_token {
                problems.push(incomplete(
                    at.clone().key(name),
                    format!(
                        "the answer has a next page (`{name}` is set) that the input does not \
                         hold: the delegations of its rows are not audited"
                    ),
                ));
            }
            if let Some((name, true)) = envelope.truncated
                && envelope.skip_token.is_none()
            {
                problems.push(incomplete(
                    at.clone().key(name),
                    "Resource Graph truncated the answer without a token for the rest \
                     (`resultTruncated: \"true\"`, no `$skipToken`): the query has `take` or \
                     `limit`, or projects no `id`; run the query of `audit --print-query`",
                ));
            }
        }
        if let Some((at, records)) = total
            && (places.len() as u64) < records
            && problems
                .iter()
                .all(|p| p.rule() != Rule::GraphAnswerIncomplete)
        {
            problems.push(incomplete(
                at,
                format!(
                    "the answer holds {} of the {records} rows that match the query: the \
                     delegations of the others are not audited",
                    places.len()
                ),
            ));
        }
        GraphRows { places, problems }
    }

    /// The place in the input of a path into the rows read as one array (`/3/properties` is
    /// `/data/3/properties` of one page, `/1/data/0/properties` of pages).
    fn place(&self, path: &JsonPointer) -> JsonPointer {
        let mut tokens = path.tokens();
        let Some(row) = tokens
            .next()
            .and_then(|t| t.parse::<usize>().ok())
            .and_then(|i| self.places.get(i))
        else {
            return path.clone();
        };
        tokens.fold(row.clone(), |at, token| at.key(&token))
    }
}

fn incomplete(at: JsonPointer, message: impl Into<String>) -> Diagnostic {
    Diagnostic::new(Rule::GraphAnswerIncomplete, at, message)
}

/// The rows of every page, taken out of the answer in the order [`GraphRows::read`] placed them.
fn take_rows(value: &mut Value, count: usize) -> Vec<Value> {
    let mut rows = Vec::with_capacity(count);
    let mut take = |page: &mut Value| {
        if let Some(Value::Array(data)) = page.get_mut("data") {
            for mut row in data.drain(..) {
                make_ready(&mut row);
                rows.push(row);
            }
        }
    };
    match value {
        Value::Array(pages) => pages.iter_mut().for_each(&mut take),
        page => take(page),
    }
    rows
}

/// Makes a row ready for the REST reader: on an assignment, a `registrationDefinition` that is
/// not a whole definition (without `properties.managedByTenantId`) is left out, so that the
/// assignment is joined to its definition's own row instead.
fn make_ready(row: &mut Value) {
    if let Some(properties) = row.get_mut("properties").and_then(Value::as_object_mut)
        && properties
            .get("registrationDefinition")
            .is_some_and(|d| d.pointer("/properties/managedByTenantId").is_none())
    {
        properties.remove("registrationDefinition");
    }
}

/// Reads an input's text and audits it: an answer of Resource Graph (see the module's
/// documentation), or anything [`Deployed::from_json_str`] reads. Every diagnostic points into
/// the text as given.
///
/// ```
/// use lighthouse_offer::Offer;
/// use lighthouse_offer::audit::graph::audit_text;
///
/// let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
/// let offer = Offer::from_json_str(&std::fs::read_to_string(folder.join("offer.json"))?)?.into_parts().0;
/// // A page of `az graph query` with a next page that was not saved.
/// let saved = r#"{"count": 0, "data": [], "skip_token": "ew0KICAiJGlkIjogIjEiLA0K", "total_records": 2400}"#;
/// let found = audit_text(&offer, saved)?;
/// assert_eq!(found.diagnostics()[0].name(), "graph-answer-incomplete");
/// assert_eq!(found.diagnostics()[0].path().as_str(), "/skip_token");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// A [`Report`] as for [`Deployed::from_json_str`].
pub fn audit_text(offer: &Offer, text: &str) -> Result<Audit, Report> {
    let (mut value, duplicates) = parse_document_of(text, DocumentKind::Delegations)?;
    if !duplicates.is_empty() {
        return Err(Report::new(duplicates));
    }
    let Some(pages) = pages_of(&value) else {
        return Deployed::from_json_value(&value).map(|deployed| audit(offer, &deployed));
    };
    let read = GraphRows::read(&pages);
    let rows = Value::Array(take_rows(&mut value, read.places.len()));
    let deployed = Deployed::from_json_value(&rows).map_err(|report| {
        Report::new(
            report
                .into_diagnostics()
                .into_iter()
                .map(|d| {
                    let at = read.place(d.path());
                    d.moved_to(at)
                })
                .collect(),
        )
    })?;
    let mut found = audit(offer, &deployed);
    for d in &mut found.diagnostics {
        let at = read.place(d.path());
        *d = d.clone().moved_to(at);
    }
    for d in &mut found.delegations {
        d.path = read.place(&d.path);
    }
    let mut diagnostics = read.problems;
    diagnostics.append(&mut found.diagnostics);
    found.diagnostics = diagnostics;
    Ok(found)
}

/// The rows of Resource Graph for some subscriptions, made into what the REST API lists for each
/// of them: `{"value": [...]}` of its registration assignments, each with its definition
/// (`registrationDefinition`, as `$expandRegistrationDefinition=true` gives it), as text.
///
/// Definitions are joined to assignments on the definition's resource ID (without regard to
/// case); a definition that no assignment applies is left out, as the REST list of assignments
/// leaves it out. A subscription with an assignment whose definition is not among the rows is
/// not covered: it is returned apart, with why, to be read another way. A subscription without
/// rows has no delegation Resource Graph can see: an empty list.
#[must_use]
pub fn rest_lists(
    rows: &[Value],
    subscriptions: &[SubscriptionId],
) -> (
    BTreeMap<SubscriptionId, String>,
    Vec<(SubscriptionId, String)>,
) {
    let mut definitions: HashMap<String, &Value> = HashMap::new();
    let mut assignments: HashMap<SubscriptionId, Vec<&Value>> = HashMap::new();
    for row in rows {
        let Some(id) = row.get("id").and_then(Value::as_str) else {
            continue;
        };
        let kind = row.get("type").and_then(Value::as_str).unwrap_or_default();
        if kind.eq_ignore_ascii_case(DEFINITION_TYPE) {
            definitions.insert(id.to_ascii_lowercase(), row);
        } else if kind.eq_ignore_ascii_case(ASSIGNMENT_TYPE)
            && let Some(scope) = ResourceScope::from_resource_id(id)
        {
            assignments
                .entry(scope.subscription())
                .or_default()
                .push(row);
        }
    }
    let mut lists = BTreeMap::new();
    let mut uncovered = Vec::new();
    'subscriptions: for &subscription in subscriptions {
        let mut items = Vec::new();
        for &row in assignments
            .get(&subscription)
            .map_or(&[][..], Vec::as_slice)
        {
            let mut item = rest_resource(row, ASSIGNMENT_TYPE);
            let expanded = item
                .pointer("/properties/registrationDefinition/properties/managedByTenantId")
                .is_some();
            if !expanded {
                let definition_id = row
                    .pointer("/properties/registrationDefinitionId")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let Some(definition) = definitions.get(&definition_id.to_ascii_lowercase()) else {
                    uncovered.push((
                        subscription,
                        "Resource Graph gave an assignment without its definition".to_owned(),
                    ));
                    continue 'subscriptions;
                };
                if let Some(properties) = item.get_mut("properties").and_then(Value::as_object_mut)
                {
                    properties.insert(
                        "registrationDefinition".to_owned(),
                        rest_resource(definition, DEFINITION_TYPE),
                    );
                }
            }
            items.push(item);
        }
        let mut text = serde_json::to_string_pretty(&serde_json::json!({ "value": items }))
            .unwrap_or_else(|_| "{\"value\": []}".to_owned());
        text.push('\n');
        lists.insert(subscription, text);
    }
    (lists, uncovered)
}

/// A row as the REST API writes the resource: `id`, `name`, `type` (in its canonical spelling),
/// `properties` and, when given, `plan` and `systemData`; Resource Graph's own columns
/// (`tenantId`, `subscriptionId`…) and empty ones left out.
fn rest_resource(row: &Value, kind: &str) -> Value {
    let mut out = Map::new();
    for name in ["id", "name", "properties", "plan", "systemData"] {
        if let Some(value) = row.get(name)
            && !value.is_null()
        {
            out.insert(name.to_owned(), value.clone());
        }
    }
    out.insert("type".to_owned(), Value::String(kind.to_owned()));
    let mut out = Value::Object(out);
    if kind == ASSIGNMENT_TYPE {
        make_ready(&mut out);
    }
    out
}
