//! A diagnostic placed in its document's text ([`Located`]), in the document it was found in
//! ([`Finding`]), and every diagnostic of a text placed at once: by its JSON Pointer, or, for a
//! text that does not parse, where the parser stopped.
//!
//! Uses `io` (positions, input formats) and `output::locate`.

use std::ops::Range;

use lighthouse_offer::{Diagnostic, Rule};

use crate::io::files::line_column;
use crate::io::input::InputFormat;
use crate::output::locate::{self, Locator, Part};

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
    /// Where the finding's rule was allowed (`--allow`, the project file): not counted, and
    /// shown only in SARIF, as suppressed.
    pub allowed: Option<String>,
}

impl Located {
    /// The diagnostic placed at the bytes `span` of `text`.
    pub fn new(diagnostic: Diagnostic, text: &str, span: Range<usize>) -> Self {
        let (line, column) = line_column(text, span.start);
        let (end_line, end_column) = line_column(text, span.end);
        Located {
            diagnostic,
            span,
            line,
            column,
            end_line,
            end_column,
            allowed: None,
        }
    }

    /// The diagnostic's message as every format shows it: a syntax error loses the position that
    /// `serde_json` puts at its end, since every format says where (and counts the column in
    /// characters, where `serde_json` counts bytes).
    pub fn message(&self) -> &str {
        let d = &self.diagnostic;
        if matches!(
            d.rule(),
            Rule::InvalidJson | Rule::JsonComment | Rule::TrailingComma
        ) {
            without_position(d.message())
        } else {
            d.message()
        }
    }

    /// The message followed by what to do, on a line of its own (`help: …`): the text that
    /// formats with a single message field (SARIF's `result.message`, a GitHub annotation)
    /// show, so that the specific fix ([`Diagnostic::help`]) reaches them too.
    pub fn message_with_help(&self) -> String {
        format!("{}\nhelp: {}", self.message(), self.diagnostic.help())
    }
}

/// A diagnostic in the document it was found in.
#[derive(Clone, Copy)]
pub struct Finding<'a> {
    /// The document's path as given on the command line.
    pub file: &'a str,
    /// The document's text, as read.
    pub text: &'a str,
    /// The diagnostic and its place in the text.
    pub located: &'a Located,
}

impl<'a> Finding<'a> {
    /// Every diagnostic of one document, in order.
    pub fn all_of(file: &'a str, text: &'a str, found: &'a [Located]) -> Vec<Finding<'a>> {
        found
            .iter()
            .map(|located| Finding {
                file,
                text,
                located,
            })
            .collect()
    }
}

/// `message` without the ` at line 3 column 7` that `serde_json` puts at its end: the human output
/// shows the place below the message already, and counts the column in characters where
/// `serde_json` counts bytes.
pub fn without_position(message: &str) -> &str {
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

/// Which part of a member a rule is about: the name for a field that should not be there, the
/// value for everything else.
fn part(rule: Rule) -> Part {
    if rule == Rule::UnknownField {
        Part::Key
    } else {
        Part::Value
    }
}

/// Places every diagnostic in a text written in `format`, in the order of the text.
pub fn locate_all(text: &str, format: InputFormat, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    locate_in(text, diagnostics, format, false)
}

/// [`locate_all`] for an ARM file: JSON that may have comments.
pub fn locate_all_arm(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    locate_in(text, diagnostics, InputFormat::Json, true)
}

fn locate_in(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    format: InputFormat,
    arm: bool,
) -> Vec<Located> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    // Built only for diagnostics with a path: a text that serde_json refused (not JSON, nested
    // too deep) is not given to a second parser.
    let locator = std::cell::OnceCell::new();
    let mut found: Vec<Located> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let lenient = locate::lenient_span(text, diagnostic.rule(), diagnostic.message());
            let syntax = if lenient.is_some() {
                lenient
            } else if !is_unreadable_json(diagnostic.rule()) {
                None
            } else if format == InputFormat::Yaml {
                lighthouse_offer::yaml::syntax_error(text)
            } else if arm {
                locate::arm_syntax_error(text)
            } else {
                locate::syntax_error(text)
            };
            let span = syntax.unwrap_or_else(|| {
                locator
                    .get_or_init(|| {
                        if arm {
                            Locator::arm(text)
                        } else {
                            Locator::for_format(text, format)
                        }
                    })
                    .span(diagnostic.path(), part(diagnostic.rule()))
            });
            Located::new(diagnostic, text, span)
        })
        .collect();
    found.sort_by_key(|f| (f.span.start, f.diagnostic.rule()));
    found
}

/// A document and a diagnostic placed in it, for the tests of the formats.
#[cfg(test)]
pub mod sample {
    use lighthouse_offer::{Diagnostic, JsonPointer, Rule};

    use crate::output::locate::{Locator, Part};
    use crate::output::located::Located;

    /// A document with a plan.
    pub const DOC: &str = r#"{
  "plans": [
    {
      "planId": "gold",
      "manifest": { "version": "1.0.0", "tenant": "x" }
    }
  ]
}"#;

    /// A diagnostic of `rule` at `pointer` in [`DOC`].
    pub fn located(rule: Rule, pointer: JsonPointer, part: Part, message: &str) -> Located {
        let span = Locator::new(DOC).span(&pointer, part);
        Located::new(Diagnostic::new(rule, pointer, message), DOC, span)
    }
}
