//! What the reader finds: diagnostics kept per file, the places masked by placeholders,
//! all-zero GUIDs and unknowns, and the result of a check.

use super::parameters::what_field;
use super::{ArmCheck, ArmFile, Reader, Source};
use crate::arm::delegation::ArmDelegation;
use crate::arm::jsonc;
use crate::document::decode::At;
use crate::document::decode::Decode;
use crate::report::diagnostic::Checked;
use crate::report::diagnostic::Diagnostic;
use crate::report::diagnostic::JsonPointer;
use crate::report::diagnostic::Report;
use crate::report::diagnostic::Severity;
use crate::report::rules::Rule;
use serde_json::Value;

/// Text in angle brackets, without brackets inside: `<insert managing tenant id>`.
fn is_placeholder(text: &str) -> bool {
    crate::document::decode::is_placeholder(text)
}

fn is_nil_guid(text: &str) -> bool {
    crate::values::guid::is_nil_guid_text(text)
}

impl Reader {
    /// Reads one of the files: its value, or `None`; what it finds (duplicate keys, or why the
    /// text cannot be read) is kept against `file`.
    pub(super) fn read(&mut self, file: ArmFile, text: &str) -> Option<Value> {
        let (value, found) = match jsonc::read(text) {
            Ok((value, duplicates)) => (Some(value), duplicates),
            Err(found) => (None, found),
        };
        for d in found {
            self.push(file, d);
        }
        value
    }

    pub(super) fn push(&mut self, file: ArmFile, diagnostic: Diagnostic) {
        let (file, path) = self.moved_to(file, diagnostic.path().clone());
        let diagnostic = if &path == diagnostic.path() {
            diagnostic
        } else {
            diagnostic.moved_to(path)
        };
        self.found.push((file, diagnostic));
    }

    /// Leaves out the other findings at a place (and below it).
    pub(super) fn mask(&mut self, file: ArmFile, at: JsonPointer) {
        let moved = self.moved_to(file, at);
        self.masked.push(moved);
    }

    pub(super) fn error(
        &mut self,
        file: ArmFile,
        rule: Rule,
        at: JsonPointer,
        message: impl Into<String>,
    ) {
        self.push(file, Diagnostic::new(rule, at, message));
    }

    /// Decodes a model value where `source` is, reporting at the file's paths.
    pub(super) fn decode<T: Decode>(&mut self, source: &Source) -> Option<T> {
        let mut cx = self.roles.cx();
        let tree = crate::document::json::Value::from_serde(&source.value);
        let value = T::decode(&tree, At::Root, &mut cx);
        for d in cx.into_diagnostics() {
            self.push(source.file, d.under(&source.at));
        }
        value
    }

    pub(super) fn missing_parameter(&mut self, name: &str, what: &str) {
        self.error(
            ArmFile::Parameters,
            Rule::MissingField,
            JsonPointer::root().key("parameters"),
            format!("missing parameter `{name}`, {what}"),
        );
    }

    // ---- checking what was read ----

    /// Reports placeholders and all-zero GUIDs anywhere in a source.
    pub(super) fn scan(
        &mut self,
        value: &Value,
        file: ArmFile,
        at: &JsonPointer,
        key: Option<&str>,
        what: &'static str,
    ) {
        match value {
            Value::String(text) if is_placeholder(text) => {
                self.error(
                    file,
                    Rule::PlaceholderValue,
                    at.clone(),
                    format!(
                        "{text:?} is a placeholder left from a sample; expected {}",
                        what_field(key, what)
                    ),
                );
                self.mask(file, at.clone());
            }
            Value::String(text) if is_nil_guid(text) => {
                self.error(
                    file,
                    Rule::NilGuid,
                    at.clone(),
                    format!(
                        "expected {}, found the all-zero GUID, a placeholder of Microsoft's samples",
                        what_field(key, what)
                    ),
                );
                self.mask(file, at.clone());
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan(item, file, &at.clone().index(i), key, what);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    self.scan(v, file, &at.clone().key(k), Some(k), what);
                }
            }
            _ => {}
        }
    }

    /// The findings that stay: placeholders, all-zero GUIDs and unknowns stand in for the
    /// other findings at their place.
    fn kept(&mut self) -> Vec<(ArmFile, Diagnostic)> {
        let masked = std::mem::take(&mut self.masked);
        let hidden = |file: ArmFile, d: &Diagnostic| {
            !matches!(
                d.rule(),
                Rule::PlaceholderValue
                    | Rule::NilGuid
                    | Rule::ParameterWithoutValue
                    | Rule::DeploymentTimeValue
                    | Rule::LinkedTemplate
                    | Rule::UnsupportedExpression
            ) && masked.iter().any(|(f, m)| {
                *f == file
                    && (d.path() == m
                        || d.path()
                            .as_str()
                            .strip_prefix(m.as_str())
                            .is_some_and(|rest| rest.starts_with('/')))
            })
        };
        // The model's GUID types refuse the all-zero GUID too: the first finding at a path (the
        // scan's, in the words of an ARM file) is the one reported.
        let mut nil_at: Vec<(ArmFile, JsonPointer)> = Vec::new();
        let mut found: Vec<(ArmFile, Diagnostic)> = std::mem::take(&mut self.found)
            .into_iter()
            .filter(|(f, d)| !hidden(*f, d))
            .filter(|(f, d)| {
                if d.rule() != Rule::NilGuid {
                    return true;
                }
                let at = (*f, d.path().clone());
                if nil_at.contains(&at) {
                    return false;
                }
                nil_at.push(at);
                true
            })
            .collect();
        found.dedup();
        found
    }

    /// The result of one file.
    pub(super) fn single(
        mut self,
        delegation: Option<ArmDelegation>,
    ) -> Result<Checked<ArmDelegation>, Report> {
        let unknown = self.unknown;
        let mut diagnostics: Vec<Diagnostic> = self.kept().into_iter().map(|(_, d)| d).collect();
        let errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
        match delegation {
            Some(delegation) if !errors && !unknown => {
                diagnostics.sort_by(|a, b| a.path().cmp(b.path()).then(a.rule().cmp(&b.rule())));
                Ok(Checked::new(delegation, diagnostics))
            }
            _ => Err(Report::new(diagnostics)),
        }
    }

    /// The result of a pair of files.
    pub(super) fn pair_result(mut self, delegation: Option<ArmDelegation>) -> ArmCheck {
        let unknown = self.unknown;
        let kept = self.kept();
        let errors = kept.iter().any(|(_, d)| d.severity() == Severity::Error);
        let side = |file: ArmFile| {
            Report::new(
                kept.iter()
                    .filter(|(f, _)| *f == file)
                    .map(|(_, d)| d.clone())
                    .collect(),
            )
            .into_diagnostics()
        };
        ArmCheck {
            delegation: delegation.filter(|_| !errors && !unknown),
            template: side(ArmFile::Template),
            parameters: side(ArmFile::Parameters),
        }
    }
}
