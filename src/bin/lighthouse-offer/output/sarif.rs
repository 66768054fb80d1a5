//! `--format sarif`: one SARIF 2.1.0 log ([OASIS standard]) for GitHub code scanning and the
//! other tools that read static-analysis results.
//!
//! The log has one run. Its tool is this program, with the rules that fired as reporting
//! descriptors taken from the rule catalog: the code as `id`, the name, the first sentence of the
//! explanation as short description, the whole explanation as full description, what `explain`
//! prints as help, and the severity as default level. Each diagnostic is a result with the same
//! place as the human output underlines (columns count Unicode code points, as the run's
//! `columnKind` says), its JSON Pointer as logical location, and a partial fingerprint made of
//! the rule, the pointer and the file: not of line numbers, so that an edit elsewhere in the file
//! does not make code scanning see a new finding.
//!
//! The log never holds the document's text: no snippets, no file contents. Messages are the
//! library's, which never repeat a secret.
//!
//! [OASIS standard]: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
//!
//! Uses `output::located`, `output::github` (relative paths) and `output::explain` (the rules'
//! texts).

use std::collections::HashMap;
use std::fmt::Write as _;

use lighthouse_offer::{Rule, Severity};
use serde::Serialize;

use crate::output::explain;
use crate::output::github::relative_path;
use crate::output::located::Finding;

/// The schema the log names, the one the OASIS standard publishes.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The name of the partial fingerprint this tool computes. GitHub computes its own
/// `primaryLocationLineHash` from the line's text; this one does not depend on the text or on
/// the line.
pub const FINGERPRINT: &str = "lighthouseOffer/v1";

/// The SARIF log of the findings, pretty-printed, ending with a newline.
pub fn log(findings: &[Finding<'_>]) -> String {
    let mut rules: Vec<Rule> = findings
        .iter()
        .map(|f| f.located.diagnostic.rule())
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let mut seen: HashMap<(String, &str, &str), usize> = HashMap::new();
    let results = findings
        .iter()
        .map(|f| {
            let d = &f.located.diagnostic;
            let uri = artifact_uri(&relative_path(f.file));
            // The same rule at the same place of the same file twice (two problems of one value)
            // are told apart by their order.
            let occurrence = seen
                .entry((uri.clone(), d.code(), d.path().as_str()))
                .or_insert(0);
            let fingerprint = fingerprint(d.code(), d.path().as_str(), &uri, *occurrence);
            *occurrence += 1;
            SarifResult {
                rule_id: d.code(),
                rule_index: rules
                    .binary_search(&d.rule())
                    .expect("every rule that fired is listed"),
                level: level(d.severity()),
                message: Message {
                    text: f.located.message().to_owned(),
                },
                locations: [Location {
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation { uri },
                        region: Region {
                            start_line: f.located.line,
                            start_column: f.located.column,
                            end_line: f.located.end_line,
                            end_column: f.located.end_column,
                        },
                    },
                    logical_locations: [LogicalLocation {
                        fully_qualified_name: d.path().as_str().to_owned(),
                        kind: "value",
                    }],
                }],
                partial_fingerprints: [(FINGERPRINT, fingerprint)].into_iter().collect(),
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: rules.iter().map(|rule| descriptor(*rule)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log)
        .expect("a SARIF log is strings, numbers and objects, which always serialize");
    out.push('\n');
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn descriptor(rule: Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.code(),
        name: rule.name(),
        short_description: Message {
            text: explain::summary(rule),
        },
        full_description: Message {
            text: explain::paragraph(rule),
        },
        // What to do, the same text as the `= help:` line; the whole page stays with `explain`.
        help: Message {
            text: format!(
                "{} (`lighthouse-offer explain {}` tells more)",
                rule.fix(),
                rule.code()
            ),
        },
        default_configuration: Configuration {
            level: level(rule.severity()),
        },
    }
}

/// A relative path (`/` between its parts) as a URI reference: every byte outside RFC 3986's
/// unreserved characters, its sub-delimiters, `@` and `/` is percent-encoded (`:` too, which
/// would make the first part a scheme). An absolute path becomes a `file:` URI.
pub fn artifact_uri(path: &str) -> String {
    let mut uri = String::with_capacity(path.len());
    let windows_drive = path.as_bytes().get(1) == Some(&b':') && !path.starts_with('/');
    if path.starts_with('/') {
        uri.push_str("file://");
    } else if windows_drive && path.as_bytes().get(2) == Some(&b'/') {
        uri.push_str("file:///");
        uri.push_str(&path[..2]);
        return uri + &encode(&path[2..]);
    }
    uri + &encode(path)
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// 16 hexadecimal digits of the 64-bit FNV-1a hash of the rule's code, the JSON Pointer, the
/// file's URI and the occurrence, with a NUL byte between them.
pub fn fingerprint(code: &str, pointer: &str, uri: &str, occurrence: usize) -> String {
    let input = [code, pointer, uri, &occurrence.to_string()].join("\0");
    format!("{:016x}", fnv1a(input.as_bytes()))
}

/// The 64-bit FNV-1a hash, written out here because its value must never change: not across
/// runs, platforms or versions of a hashing crate (the standard library's hasher promises none of
/// that).
fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
    })
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    // No `informationUri` (optional in SARIF): the project publishes no web page of its own.
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: Message,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    partial_fingerprints: std::collections::BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    logical_locations: [LogicalLocation; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_uri("offers/a.json"), "offers/a.json");
        assert_eq!(
            artifact_uri("my offers/é:1#2?%.json"),
            "my%20offers/%C3%A9%3A1%232%3F%25.json"
        );
        assert_eq!(artifact_uri("../a.json"), "../a.json");
        assert_eq!(artifact_uri("/srv/a b.json"), "file:///srv/a%20b.json");
        assert_eq!(artifact_uri("C:/x/a.json"), "file:///C:/x/a.json");
    }

    #[test]
    fn fnv1a_gives_the_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fingerprints_hash_the_rule_the_pointer_the_file_and_the_occurrence() {
        assert_eq!(
            fingerprint("LO0201", "/plans/0", "offer.json", 0),
            format!("{:016x}", fnv1a(b"LO0201\0/plans/0\0offer.json\x000"))
        );
        let distinct = [
            fingerprint("LO0201", "/plans/0", "offer.json", 0),
            fingerprint("LO0202", "/plans/0", "offer.json", 0),
            fingerprint("LO0201", "/plans/1", "offer.json", 0),
            fingerprint("LO0201", "/plans/0", "other.json", 0),
            fingerprint("LO0201", "/plans/0", "offer.json", 1),
            // The separator keeps the parts apart.
            fingerprint("LO0201/", "plans/0", "offer.json", 0),
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
