//! How diagnostics are shown: like rustc's for people, a JSON array for programs.

use std::io::{self, Write as _};
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use lighthouse_offer::{Diagnostic, JsonPointer, Rule, Severity};
use serde::Serialize;

/// A diagnostic with its place in the document's text.
pub struct Located {
    /// What the library reported.
    pub diagnostic: Diagnostic,
    /// The bytes to underline.
    pub span: Range<usize>,
    /// 1-based line of the span's start.
    pub line: usize,
    /// 1-based column of the span's start, in characters.
    pub column: usize,
    /// 1-based line of the span's end.
    pub end_line: usize,
    /// 1-based column just after the span's last character, in characters (equal to `column`
    /// for an empty span, such as the end of a text that stops too early).
    pub end_column: usize,
}

impl Located {
    /// The diagnostic placed at the bytes `span` of `text`.
    pub fn new(diagnostic: Diagnostic, text: &str, span: Range<usize>) -> Self {
        let (line, column) = crate::locate::line_column(text, span.start);
        let (end_line, end_column) = crate::locate::line_column(text, span.end);
        Located {
            diagnostic,
            span,
            line,
            column,
            end_line,
            end_column,
        }
    }

    /// The diagnostic's message as every format shows it: a syntax error loses the position that
    /// `serde_json` puts at its end, since every format says where (and counts the column in
    /// characters, where `serde_json` counts bytes).
    pub fn message(&self) -> &str {
        let d = &self.diagnostic;
        if d.rule() == Rule::InvalidJson {
            without_position(d.message())
        } else {
            d.message()
        }
    }
}

/// Styles for a terminal; `anstream` takes them out again when the output is not a terminal or
/// `NO_COLOR` is set.
pub fn renderer() -> Renderer {
    Renderer::styled()
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    }
}

/// One diagnostic as rustc shows one: severity, code and message; the file, line and column; the
/// offending lines with the span underlined and labelled with the rule's name; what to do as
/// help ([`Diagnostic::help`](lighthouse_offer::Diagnostic::help)).
pub fn human(file: &str, text: &str, found: &Located) -> String {
    human_with(&renderer(), file, text, found)
}

fn human_with(renderer: &Renderer, file: &str, text: &str, found: &Located) -> String {
    let d = &found.diagnostic;
    let snippet = Snippet::source(text).path(file).annotation(
        AnnotationKind::Primary
            .span(found.span.clone())
            .label(d.name()),
    );
    let help = d.help();
    let report = [level(d.severity())
        .primary_title(found.message())
        .id(d.code())
        .element(snippet)
        .element(Level::HELP.message(help))];
    renderer.render(&report)
}

/// Whether the value a diagnostic of `rule` underlines may be a secret: a secret written into
/// the document, a secret reference of the wrong shape, a URL that may hold a user name and
/// password, a signed endpoint URL (its `sig=` lets anyone post leads), and a changed lead
/// destination in a `diff`.
fn shows_a_secret(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::LiteralSecret
            | Rule::InvalidSecretReference
            | Rule::InvalidUrl
            | Rule::SignedEndpointUrl
            | Rule::LeadManagementChanged
    )
}

/// The document's text as snippets may show it: the value of every diagnostic that may be a
/// secret is starred out, for the snippets of all diagnostics (another one may show the same
/// line). Positions do not move.
pub fn shown_text<'t, 'l>(
    text: &'t str,
    found: impl IntoIterator<Item = &'l Located>,
) -> std::borrow::Cow<'t, str> {
    let mut shown = std::borrow::Cow::Borrowed(text);
    for f in found
        .into_iter()
        .filter(|f| shows_a_secret(f.diagnostic.rule()))
    {
        shown = std::borrow::Cow::Owned(mask(&shown, f.span.clone()));
    }
    shown
}

/// `text` with the characters of `span` starred out, quotes and line breaks kept (one `*` per
/// byte, so that every later position stays where it was): the document's lines that hold a
/// secret are shown without it, since terminal output ends up in CI logs.
fn mask(text: &str, span: Range<usize>) -> String {
    let mut masked = String::with_capacity(text.len());
    masked.push_str(&text[..span.start]);
    for c in text[span.clone()].chars() {
        if matches!(c, '"' | '\n' | '\r') {
            masked.push(c);
        } else {
            masked.extend(std::iter::repeat_n('*', c.len_utf8()));
        }
    }
    masked.push_str(&text[span.end..]);
    masked
}

/// `message` without the ` at line 3 column 7` that `serde_json` puts at its end: the human output
/// shows the place below the message already, and counts the column in characters where
/// `serde_json` counts bytes.
fn without_position(message: &str) -> &str {
    let Some((before, place)) = message.rsplit_once(" at line ") else {
        return message;
    };
    let numbers: Vec<&str> = place.split(" column ").collect();
    let is_number = |n: &&str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    if numbers.len() == 2 && numbers.iter().all(is_number) {
        before
    } else {
        message
    }
}

/// A problem that is not a diagnostic of a document, such as a file that cannot be read.
pub fn problem(message: &str) -> String {
    renderer().render(&[Group::with_title(Level::ERROR.primary_title(message))])
}

/// A note, such as what a command did.
pub fn note(message: &str) -> String {
    renderer().render(&[Group::with_title(Level::NOTE.primary_title(message))])
}

/// A problem with a hint on how to go on.
pub fn problem_with_help(message: &str, help: &str) -> String {
    renderer().render(&[Level::ERROR
        .primary_title(message)
        .element(Level::HELP.message(help))])
}

/// The line that ends a check, and a pointer to `explain` for the codes seen.
pub fn summary(tally: &Tally, deny_warnings: bool, codes: &[&str]) -> String {
    let documents = plural(tally.documents, "document");
    let mut found = format!(
        "{}, {}",
        plural(tally.errors, "error"),
        plural(tally.warnings, "warning"),
    );
    if deny_warnings && tally.warnings > 0 {
        found.push_str(" (warnings are denied)");
    }
    if tally.unreadable > 0 {
        let files = plural(tally.unreadable, "file");
        found = format!("{found}; {files} could not be read");
    }
    let failing = tally.failing(deny_warnings);
    let mut out = if failing == 0 && tally.unreadable == 0 {
        let text = format!("checked {documents}: {found}");
        renderer().render(&[Group::with_title(Level::NOTE.primary_title(text))])
    } else if failing == 0 {
        // Only files that could not be read: no "0 of 1 document failed".
        problem(&format!("checked {documents}: {found}"))
    } else {
        problem(&format!(
            "{failing} of {documents} failed the check: {found}"
        ))
    };
    if let Some(first) = codes.first() {
        let list = codes.join(", ");
        let text = format!("for more about {list}, try `lighthouse-offer explain {first}`");
        out.push('\n');
        out.push_str(&renderer().render(&[Group::with_title(Level::NOTE.primary_title(text))]));
    }
    out
}

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}

/// What a check run found, counted.
#[derive(Debug, Default)]
pub struct Tally {
    /// Documents read.
    pub documents: usize,
    /// Files that could not be read (or are not UTF-8 text).
    pub unreadable: usize,
    /// Documents that are not JSON, or that could not be read as JSON (too large, nested too
    /// deep).
    pub not_json: usize,
    /// Documents with at least one error.
    pub with_errors: usize,
    /// Documents with warnings but no error.
    pub with_warnings_only: usize,
    /// Errors in all documents.
    pub errors: usize,
    /// Warnings in all documents.
    pub warnings: usize,
}

impl Tally {
    /// Counts one document that was read, with what was found in it.
    pub fn add(&mut self, found: &[Located]) {
        self.add_all(&found.iter().collect::<Vec<_>>());
    }

    /// Counts one document that was read, with what was found in it and in the files read
    /// with it (an ARM parameters file's template).
    pub fn add_all(&mut self, found: &[&Located]) {
        let count = |severity| {
            found
                .iter()
                .filter(|f| f.diagnostic.severity() == severity)
                .count()
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        self.documents += 1;
        self.errors += errors;
        self.warnings += warnings;
        if found
            .iter()
            .any(|f| is_unreadable_json(f.diagnostic.rule()))
        {
            self.not_json += 1;
        }
        if errors > 0 {
            self.with_errors += 1;
        } else if warnings > 0 {
            self.with_warnings_only += 1;
        }
    }

    /// How many documents fail the check.
    pub fn failing(&self, deny_warnings: bool) -> usize {
        self.with_errors
            + if deny_warnings {
                self.with_warnings_only
            } else {
                0
            }
    }
}

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
pub fn json(diagnostics: &[JsonDiagnostic<'_>]) -> String {
    let mut out = serde_json::to_string_pretty(diagnostics)
        .expect("diagnostics are strings and numbers, which always serialize");
    out.push('\n');
    out
}

/// Writes to standard output, colours taken out where they do not belong. A reader that went
/// away (`| head`) is not an error.
pub fn out(text: &str) -> io::Result<()> {
    let result = anstream::stdout().lock().write_all(text.as_bytes());
    match result {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes to standard error, colours taken out where they do not belong.
pub fn err(text: &str) {
    // Nothing sensible is left to do when standard error cannot be written to.
    let _ = anstream::stderr().lock().write_all(text.as_bytes());
}

/// Whether the rule says that the text could not be read as JSON at all: not JSON (a Bicep file
/// included), too large, or nested too deep. Such a document exits with status 2, like a file
/// that cannot be read.
pub fn is_unreadable_json(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::InvalidJson
            | Rule::InvalidYaml
            | Rule::DocumentTooLarge
            | Rule::NestingTooDeep
            | Rule::BicepFile
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locate::{Locator, Part};

    const DOC: &str = r#"{
  "plans": [
    {
      "planId": "gold",
      "manifest": { "version": "1.0.0", "tenant": "x" }
    }
  ]
}"#;

    fn located(rule: Rule, pointer: JsonPointer, part: Part, message: &str) -> Located {
        let span = Locator::new(DOC).span(&pointer, part);
        Located::new(Diagnostic::new(rule, pointer, message), DOC, span)
    }

    fn plain(found: &Located) -> String {
        human_with(&Renderer::plain(), "offer.json", DOC, found)
    }

    #[test]
    fn a_literal_secret_is_starred_out_of_every_snippet() {
        let text = "{\"connectionString\": \"AccountKey=SECRET-MARKER\", \"extra\": 1}";
        let start = text.find("\"Account").unwrap();
        let end = text.find(", ").unwrap();
        let secret = Located::new(
            Diagnostic::new(Rule::LiteralSecret, JsonPointer::root(), "a secret"),
            text,
            start..end,
        );
        let key = text.find("\"extra").unwrap();
        let other = Located::new(
            Diagnostic::new(Rule::UnknownField, JsonPointer::root(), "unknown"),
            text,
            key..key + 7,
        );
        let found = [secret, other];
        let text = shown_text(text, &found);
        for f in &found {
            let shown = human_with(&Renderer::plain(), "offer.json", &text, f);
            assert!(!shown.contains("SECRET-MARKER"), "{shown}");
            assert!(shown.contains("\"************************\""), "{shown}");
        }
    }

    #[test]
    fn a_value_is_underlined_with_the_rule_name_and_the_fix_as_help() {
        let path = JsonPointer::root().key("plans").index(0).key("planId");
        let found = located(Rule::InvalidIdentifier, path, Part::Value, "bad id");
        let expected = r#"error[LO0104]: bad id
 --> offer.json:4:17
  |
4 |       "planId": "gold",
  |                 ^^^^^^ invalid-identifier
  |
  = help: Use lowercase letters, digits, `-` and `_` only, at most 50 characters."#;
        assert_eq!(plain(&found), expected);
    }

    #[test]
    fn an_unknown_field_is_underlined_at_its_name() {
        let path = JsonPointer::root()
            .key("plans")
            .index(0)
            .key("manifest")
            .key("tenant");
        let found = located(
            Rule::UnknownField,
            path,
            Part::Key,
            "unknown field `tenant`",
        );
        let text = plain(&found);
        assert!(text.contains(" --> offer.json:5:41\n"), "{text}");
        assert!(
            text.contains("\n  |                                         ^^^^^^^^ unknown-field\n"),
            "{text}"
        );
    }

    #[test]
    fn a_syntax_error_message_loses_serde_json_position() {
        let found = located(
            Rule::InvalidJson,
            JsonPointer::root(),
            Part::Value,
            "expected `,` or `}` at line 3 column 3",
        );
        assert!(plain(&found).starts_with("error[LO0001]: expected `,` or `}`\n"));
        assert_eq!(
            without_position("EOF while parsing a value at line 1 column 0"),
            "EOF while parsing a value"
        );
        assert_eq!(
            without_position("found at line 1 in a file"),
            "found at line 1 in a file"
        );
        assert_eq!(without_position("at line x column 2"), "at line x column 2");
    }

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
