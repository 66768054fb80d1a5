//! The end of a run over documents: what was found, counted ([`Tally`]); the summary of human
//! output and its pointer to `explain`; every document's findings at once for the other formats;
//! the exit status.
//!
//! Uses `cli`, `io::files` (files read and counted), the other files of `output` and the format dispatch in `output`.

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::Severity;

use crate::cli::Format;
use crate::io::files;
use crate::output;
use crate::output::console;
use crate::output::located::{Finding, Located, is_unreadable_json};

/// A file as it is shown: its name, its text, what was found in it.
pub struct Shown {
    pub file: String,
    pub text: String,
    pub found: Vec<Located>,
}

/// The line that ends a check, and a pointer to `explain` for the codes seen.
pub fn summary(tally: &Tally, deny_warnings: bool, codes: &[&str]) -> String {
    let documents = console::plural(tally.documents, "document");
    let mut found = format!(
        "{}, {}",
        console::plural(tally.errors, "error"),
        console::plural(tally.warnings, "warning"),
    );
    if deny_warnings && tally.warnings > 0 {
        found.push_str(" (warnings are denied)");
    }
    if tally.unreadable > 0 {
        let files = console::plural(tally.unreadable, "file");
        found = format!("{found}; {files} could not be read");
    }
    let failing = tally.failing(deny_warnings);
    let mut out = if failing == 0 && tally.unreadable == 0 {
        let text = format!("checked {documents}: {found}");
        console::note(&text)
    } else if failing == 0 {
        // Only files that could not be read: no "0 of 1 document failed".
        console::problem(&format!("checked {documents}: {found}"))
    } else {
        console::problem(&format!(
            "{failing} of {documents} failed the check: {found}"
        ))
    };
    if let Some(more) = more_about(codes) {
        out.push('\n');
        out.push_str(&more);
    }
    out
}

/// The note that points to `explain` for the codes seen (sorted, each once), such as "for more
/// about LO0201, LO0307, try `lighthouse-offer explain LO0201`"; `None` without codes.
pub fn more_about(codes: &[&str]) -> Option<String> {
    let first = codes.first()?;
    Some(console::note(&format!(
        "for more about {}, try `lighthouse-offer explain {first}`",
        codes.join(", ")
    )))
}

/// Adds the codes of `found` that are not yet in `codes`, for the summary of human output.
pub fn note_codes<'a>(codes: &mut Vec<&'static str>, found: impl IntoIterator<Item = &'a Located>) {
    for located in found {
        let code = located.diagnostic.code();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
}

/// The end of a run over files: the summary (human output, whose documents were written as
/// they were checked) or every document's findings at once (the other formats), and the exit
/// status: 2 when a file could not be read or is not JSON, or the output could not be written;
/// 1 when a document fails; 0 otherwise.
pub fn end_of_run(
    format: Format,
    deny_warnings: bool,
    tally: &Tally,
    mut codes: Vec<&'static str>,
    documents: &[Shown],
    mut written: std::io::Result<()>,
) -> ExitCode {
    let end = match format {
        Format::Human if tally.documents > 0 => {
            codes.sort_unstable();
            summary(tally, deny_warnings, &codes) + "\n"
        }
        Format::Human => String::new(),
        format => {
            let all: Vec<Finding<'_>> = documents
                .iter()
                .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                .collect();
            output::render(format, &all)
        }
    };
    written = written.and_then(|()| console::out(&end));
    let status = if tally.unreadable > 0 || tally.not_json > 0 {
        ExitCode::from(2)
    } else if tally.failing(deny_warnings) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    console::finish(written, status)
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
    /// The text of a file, or `None` once the reason it cannot be had is written to standard
    /// error and the file is counted as unreadable.
    pub fn read(&mut self, path: &Path) -> Option<String> {
        match files::read(path) {
            Ok(text) => Some(text),
            Err(message) => {
                console::error(&message);
                self.unreadable += 1;
                None
            }
        }
    }

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
