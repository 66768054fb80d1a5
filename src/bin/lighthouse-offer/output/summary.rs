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
use crate::output::located::{Finding, Located, is_unreadable_json};
use crate::output::{console, human};

/// A file as it is shown: its name, its text, what was found in it.
pub struct Shown {
    pub file: String,
    pub text: String,
    pub found: Vec<Located>,
}

impl Shown {
    /// An input that could not be read, with the one diagnostic that says why: no text to show
    /// it in, so it stands at line 1, column 1, without a snippet.
    pub fn unread(file: String, diagnostic: lighthouse_offer::Diagnostic) -> Self {
        Shown {
            file,
            text: String::new(),
            found: vec![Located {
                diagnostic,
                span: 0..0,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                allowed: None,
            }],
        }
    }
}

/// Writes the findings of every file shown at once, as `check` does: the whole output for the
/// machine formats; for human output, each finding not allowed with its snippet (or without one,
/// for a file with no text), followed by an empty line.
pub fn show_all(shown: &[Shown], format: Format) -> std::io::Result<()> {
    match format {
        Format::Json | Format::Sarif | Format::Github => {
            let findings: Vec<Finding<'_>> = shown
                .iter()
                .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                .collect();
            console::out(&output::render(format, &findings))
        }
        Format::Human => {
            let mut out = String::new();
            for Shown { file, text, found } in shown {
                let masked = human::shown_text(text, found);
                for f in found.iter().filter(|f| f.allowed.is_none()) {
                    if text.is_empty() {
                        out.push_str(&human::without_snippet(file, &f.diagnostic));
                    } else {
                        out.push_str(&human::human(file, &masked, f));
                    }
                    out.push_str("\n\n");
                }
            }
            console::out(&out)
        }
    }
}

/// How many findings of `severity` the files shown hold, the allowed ones left out.
pub fn count_shown(shown: &[Shown], severity: Severity) -> usize {
    shown
        .iter()
        .flat_map(|s| &s.found)
        .filter(|f| f.diagnostic.severity() == severity && f.allowed.is_none())
        .count()
}

/// The codes of the findings not allowed in the files shown, sorted, each once: what
/// [`more_about`] takes.
pub fn codes_shown(shown: &[Shown]) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = shown
        .iter()
        .flat_map(|s| &s.found)
        .filter(|f| f.allowed.is_none())
        .map(|f| f.diagnostic.code())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
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

/// A run over documents (`check`, `arm check`): what was found, counted; human output written
/// document by document, so that it interleaves with the problems written to standard error;
/// the other formats gathered, and written once, at the end.
pub struct Run {
    /// What was found, counted.
    pub tally: Tally,
    format: Format,
    deny_warnings: bool,
    /// The codes seen, for the pointer to `explain` (human output).
    codes: Vec<&'static str>,
    /// The documents read, for the formats that are written once, at the end.
    documents: Vec<Shown>,
    written: std::io::Result<()>,
}

impl Run {
    /// A run that writes `format`, failing on warnings too with `deny_warnings`.
    pub fn new(format: Format, deny_warnings: bool) -> Self {
        Run {
            tally: Tally::default(),
            format,
            deny_warnings,
            codes: Vec::new(),
            documents: Vec::new(),
            written: Ok(()),
        }
    }

    /// Whether the run writes human output (so that a command computes its notes only then).
    pub fn is_human(&self) -> bool {
        self.format == Format::Human
    }

    /// Shows what was found in the documents read together (a file, and an ARM parameters
    /// file's template), counted already: in human output now, followed by `note`; in the other
    /// formats at the end.
    pub fn show(&mut self, shown: Vec<Shown>, note: Option<&str>) {
        if !self.is_human() {
            self.documents.extend(shown);
            return;
        }
        let findings: Vec<Finding<'_>> = shown
            .iter()
            .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
            .collect();
        for finding in findings.iter().filter(|f| f.located.allowed.is_none()) {
            let code = finding.located.diagnostic.code();
            if !self.codes.contains(&code) {
                self.codes.push(code);
            }
        }
        let mut out = output::render(Format::Human, &findings);
        if let Some(note) = note {
            out.push_str(&console::note(note));
            out.push('\n');
        }
        let written = std::mem::replace(&mut self.written, Ok(()));
        self.written = written.and_then(|()| console::out(&out));
    }

    /// The end of the run: the summary (human output, whose documents were written as they were
    /// read) or every document's findings at once (the other formats), and the exit status: 2
    /// when a file could not be read or is not JSON, or the output could not be written; 1 when
    /// a document fails; 0 otherwise.
    pub fn end(mut self) -> ExitCode {
        let tally = &self.tally;
        let end = match self.format {
            Format::Human if tally.documents > 0 => {
                self.codes.sort_unstable();
                summary(tally, self.deny_warnings, &self.codes) + "\n"
            }
            Format::Human => String::new(),
            format => {
                let all: Vec<Finding<'_>> = self
                    .documents
                    .iter()
                    .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                    .collect();
                output::render(format, &all)
            }
        };
        let written = self.written.and_then(|()| console::out(&end));
        let status = console::exit_status(
            tally.unreadable > 0 || tally.not_json > 0,
            tally.failing(self.deny_warnings) > 0,
        );
        console::finish(written, status)
    }
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
        // Allowed findings leave the exit status alone.
        let count = |severity| {
            found
                .iter()
                .filter(|f| f.diagnostic.severity() == severity && f.allowed.is_none())
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
