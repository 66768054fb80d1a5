//! `--format json`: one JSON array, one object per diagnostic, with the fields and in the order
//! the long help of `check` documents.
//!
//! Uses `output::located`.

use lighthouse_offer::{JsonPointer, Severity};
use serde::Serialize;

use crate::output::located::{Finding, Located};

/// One element of the `--format json` array. The fields and their order are a stable interface:
/// see the long help of `check`.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    file: &'a str,
    severity: Severity,
    code: &'static str,
    name: &'static str,
    path: &'a JsonPointer,
    line: usize,
    column: usize,
    message: &'a str,
    help: &'a str,
}

impl<'a> JsonDiagnostic<'a> {
    /// The diagnostic `found` in `file` (the path as given on the command line).
    pub fn new(file: &'a str, found: &'a Located) -> Self {
        let d = &found.diagnostic;
        JsonDiagnostic {
            file,
            severity: d.severity(),
            code: d.code(),
            name: d.name(),
            path: d.path(),
            line: found.line,
            column: found.column,
            // `line` and `column` say where; serde_json's own position counts bytes.
            message: found.message(),
            help: d.help(),
        }
    }
}

/// The `--format json` output: an array, pretty-printed, ending with a newline.
fn json(diagnostics: &[JsonDiagnostic<'_>]) -> String {
    let mut out = serde_json::to_string_pretty(diagnostics)
        .expect("diagnostics are strings and numbers, which always serialize");
    out.push('\n');
    out
}

/// The findings as the `--format json` array.
pub fn render(findings: &[Finding<'_>]) -> String {
    let all: Vec<JsonDiagnostic<'_>> = findings
        .iter()
        .map(|f| JsonDiagnostic::new(f.file, f.located))
        .collect();
    json(&all)
}

#[cfg(test)]
mod tests {
    use lighthouse_offer::Rule;

    use super::*;
    use crate::output::locate::Part;
    use crate::output::located::sample::located;

    #[test]
    fn json_objects_have_exactly_the_documented_fields_in_order() {
        let path = JsonPointer::root().key("plans").index(0).key("planId");
        let found = located(Rule::InvalidIdentifier, path, Part::Value, "bad \"id\"");
        let text = serde_json::to_string(&JsonDiagnostic::new("dir/offer.json", &found)).unwrap();
        assert_eq!(
            text,
            r#"{"file":"dir/offer.json","severity":"error","code":"LO0104","name":"invalid-identifier","path":"/plans/0/planId","line":4,"column":17,"message":"bad \"id\"","help":"Use lowercase letters, digits, `-` and `_` only, at most 50 characters."}"#
        );
        assert_eq!(json(&[]), "[]\n");
    }
}
