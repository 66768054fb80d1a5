//! Human output, like rustc's: each diagnostic with its severity, code and message, its place,
//! the lines of the document with the span underlined, and what to do; values that may be
//! secrets starred out of every snippet.
//!
//! Uses `output::located` and `output::console` (the terminal's styles).

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use lighthouse_offer::{Diagnostic, Rule, Severity};

use crate::output::console::renderer;
use crate::output::located::{Finding, Located};

/// The level of a diagnostic's severity.
pub fn level(severity: Severity) -> Level<'static> {
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

/// Like rustc. The values that may be secrets are starred out of every snippet of the same
/// document, since another diagnostic may show the same line.
pub fn render(findings: &[Finding<'_>]) -> String {
    let mut out = String::new();
    let mut rest = findings;
    while let Some(first) = rest.first() {
        let same = rest
            .iter()
            .take_while(|f| f.file == first.file && std::ptr::eq(f.text, first.text))
            .count();
        let (document, after) = rest.split_at(same);
        let shown = shown_text(first.text, document.iter().map(|f| f.located));
        for f in document {
            out.push_str(&human(f.file, &shown, f.located));
            out.push_str("\n\n");
        }
        rest = after;
    }
    out
}

/// A diagnostic about an input that has no text to show (a subscription that could not be read):
/// its file and message on one line.
pub fn without_snippet(file: &str, d: &Diagnostic) -> String {
    renderer().render(&[Group::with_title(
        level(d.severity())
            .primary_title(format!("{file}: {}", d.message()))
            .id(d.code()),
    )])
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

#[cfg(test)]
mod tests {
    use lighthouse_offer::JsonPointer;

    use super::*;
    use crate::output::locate::Part;
    use crate::output::located::sample::{DOC, located};
    use crate::output::located::without_position;

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
}
