//! Diagnostics as data: what a check found, where, and how bad it is.
//!
//! Every problem the crate can report is a [`Rule`] with a stable code (`LO0203`), a stable
//! kebab-case name (`owner-role`) and a [`Severity`]. A [`Diagnostic`] is one occurrence of a rule
//! at a [`JsonPointer`] in the document's own field names. Rendering diagnostics for a terminal is
//! the command-line tool's job; the library only hands out values.

use std::fmt;

use serde::{Serialize, Serializer};

pub use crate::report::rules::{Rule, Severity};

/// A location in a JSON document, as a JSON Pointer ([RFC 6901]) in the document's own names:
/// `/plans/0/manifest/authorizations/2/roleDefinitionId`. The empty pointer is the whole document.
///
/// [RFC 6901]: https://www.rfc-editor.org/rfc/rfc6901
///
/// ```
/// use lighthouse_offer::JsonPointer;
///
/// let path = JsonPointer::root().key("plans").index(0).key("planId");
/// assert_eq!(path.as_str(), "/plans/0/planId");
/// assert_eq!(JsonPointer::root().key("a/b~c").as_str(), "/a~1b~0c");
/// ```
///
/// Pointers order token by token: array indices by number, object member names alphabetically
/// (a pointer does not know the order of the members in the document), a parent before its
/// children.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct JsonPointer(String);

impl Ord for JsonPointer {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Token by token: names before indices, indices by number, names by their unescaped
        // text. Allocates only for a name with an escape (`~0`, `~1`).
        fn token(raw: &str) -> (Option<usize>, std::borrow::Cow<'_, str>) {
            let text: std::borrow::Cow<'_, str> = if raw.contains('~') {
                raw.replace("~1", "/").replace("~0", "~").into()
            } else {
                raw.into()
            };
            (text.parse().ok(), text)
        }
        let mine = self.0.split('/').skip(1).map(token);
        let theirs = other.0.split('/').skip(1).map(token);
        mine.cmp(theirs)
    }
}

impl PartialOrd for JsonPointer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl JsonPointer {
    /// The pointer to the whole document (`""`).
    #[must_use]
    pub const fn root() -> Self {
        JsonPointer(String::new())
    }

    /// This pointer followed by an object member name, escaped as RFC 6901 says.
    #[must_use]
    pub fn key(mut self, name: &str) -> Self {
        self.0.push('/');
        // Most names need no escape: one copy, instead of a push per character.
        if !name.contains(['~', '/']) {
            self.0.push_str(name);
            return self;
        }
        for c in name.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        self
    }

    /// This pointer followed by an array index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        // The digits by hand: the formatting machinery costs more than the pointer itself
        // (every grant of an offer's plans gets a pointer when its roles are judged).
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut n = index;
        loop {
            start -= 1;
            digits[start] = b'0' + u8::try_from(n % 10).unwrap_or(0);
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.push('/');
        self.0
            .extend(digits[start..].iter().map(|&digit| char::from(digit)));
        self
    }

    /// This pointer followed by `relative`, a pointer taken from the point of view of the value
    /// that this pointer designates.
    #[must_use]
    pub fn join(mut self, relative: &JsonPointer) -> Self {
        self.0.push_str(&relative.0);
        self
    }

    /// The pointer as text, escaped (`""` for the whole document).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer's reference tokens, unescaped: `/a~1b/0` gives `a/b` and `0`.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for JsonPointer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// One finding of a check: a [`Rule`] that was broken (or a warning that applies), where, and
/// a message that says what was found and what is expected.
///
/// Serialized, a diagnostic is an object with the fields `severity`, `code`, `name`, `path`,
/// `message` and `help` (what to do about it).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    rule: Rule,
    path: JsonPointer,
    message: String,
    help: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `path`. Messages are lowercase and end without a period, like
    /// rustc's.
    #[must_use]
    pub fn new(rule: Rule, path: JsonPointer, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            path,
            message: message.into(),
            help: None,
        }
    }

    /// The same finding with a fix of its own, for a fix that depends on the value found (the
    /// role GUID to write for a role name). Without one, [`Diagnostic::help`] is the rule's
    /// [`Rule::fix`].
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// What to do about the finding: the fix given with it, or else its rule's
    /// [`Rule::fix`].
    #[must_use]
    pub fn help(&self) -> &str {
        self.help.as_deref().unwrap_or_else(|| self.rule.fix())
    }

    /// The rule that was broken.
    #[must_use]
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The rule's severity.
    #[must_use]
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// The rule's stable code, such as `LO0101`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.rule.code()
    }

    /// The rule's stable kebab-case name, such as `missing-delete-role`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.rule.name()
    }

    /// Where the problem is.
    #[must_use]
    pub fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// What was found and what is expected.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The same finding at another place (a value moved to another file or member), with its
    /// message and help.
    #[must_use]
    pub(crate) fn moved_to(mut self, path: JsonPointer) -> Self {
        self.path = path;
        self
    }

    /// The same finding, seen from a parent value: `prefix` is put in front of the path.
    #[must_use]
    pub fn under(mut self, prefix: &JsonPointer) -> Self {
        self.path = prefix.clone().join(&self.path);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.as_str().is_empty() {
            "(document)"
        } else {
            self.path.as_str()
        };
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity(),
            self.code(),
            path,
            self.message
        )
    }
}

impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut s = serializer.serialize_struct("Diagnostic", 6)?;
        s.serialize_field("severity", &self.severity())?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("path", &self.path)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("help", self.help())?;
        s.end()
    }
}

/// Where a finding is in a file that is not JSON (a Bicep or Terraform file): a byte range and
/// its 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Place {
    /// The byte range in the file's text.
    #[must_use]
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The 1-based line.
    #[must_use]
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column, in characters.
    #[must_use]
    pub fn column(&self) -> usize {
        self.column
    }
}

/// A finding in the file it is about, when a check reads several files (a Bicep file with its
/// parameters and modules, a Terraform module with its tfvars). In a Bicep or HCL file it has a
/// [`Place`]; in a JSON file (a parameters file, a plan) it has none, and its
/// [`Diagnostic::path`] is a JSON Pointer into that file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDiagnostic {
    pub(crate) diagnostic: Diagnostic,
    pub(crate) file: String,
    pub(crate) place: Option<Place>,
}

impl FileDiagnostic {
    /// The finding.
    #[must_use]
    pub fn diagnostic(&self) -> &Diagnostic {
        &self.diagnostic
    }

    /// The path of the file it is in, normalised (`/` separators, `.` and `..` resolved).
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where it is in a file that is not JSON.
    #[must_use]
    pub fn place(&self) -> Option<Place> {
        self.place
    }

    /// The line, in a file that is not JSON.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.place.map(|p| p.line)
    }
}

impl fmt::Display for FileDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.place {
            Some(p) => write!(
                f,
                "{}:{}:{}: {}[{}] {}",
                self.file,
                p.line,
                p.column,
                self.diagnostic.severity(),
                self.diagnostic.code(),
                self.diagnostic.message()
            ),
            None => write!(f, "{}: {}", self.file, self.diagnostic),
        }
    }
}

/// Every diagnostic of a check that found at least one error: the errors and, beside them, the
/// warnings that were found too. This is the error type of every check that can fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The most diagnostics a report of the document reader lists: 1,000. A document with more
    /// problems (a list of 100,000 broken items) gets the first 1,000 found and one last
    /// diagnostic of [`Rule::TooManyProblems`] that counts the others, so that reading it takes
    /// neither the memory nor the time to describe problems nobody will read. A valid document
    /// keeps all its warnings: there are few, since its lists are within their limits.
    pub const MAX_DIAGNOSTICS: usize = 1_000;

    /// A report of these diagnostics, sorted by path (see [`JsonPointer`]'s order), then by rule
    /// ([`Rule::TooManyProblems`] last).
    #[must_use]
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            let last = |d: &Diagnostic| d.rule == Rule::TooManyProblems;
            last(a)
                .cmp(&last(b))
                .then_with(|| a.path.cmp(&b.path))
                .then(a.rule.cmp(&b.rule))
        });
        Report { diagnostics }
    }

    /// All diagnostics, errors and warnings.
    #[must_use]
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
    }

    /// Whether any diagnostic has this rule.
    #[must_use]
    pub fn contains(&self, rule: Rule) -> bool {
        self.diagnostics.iter().any(|d| d.rule == rule)
    }

    /// The diagnostics, owned.
    #[must_use]
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.errors().count();
        write!(f, "{errors} error{}", if errors == 1 { "" } else { "s" })?;
        for d in &self.diagnostics {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// A value that passed every check, together with the warnings found on the way.
///
/// Builders and readers of the aggregates (`Manifest`, `Plan`, `Offer`) return a `Checked` value,
/// so that a warning such as a missing delete role cannot go unseen: to get the value out, call
/// [`Checked::into_parts`], which hands the warnings over too.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a checked value carries warnings that deserve a look"]
pub struct Checked<T> {
    value: T,
    warnings: Vec<Diagnostic>,
}

impl<T> Checked<T> {
    pub(crate) fn new(value: T, mut warnings: Vec<Diagnostic>) -> Self {
        warnings.sort_by(|a, b| a.path.cmp(&b.path).then(a.rule.cmp(&b.rule)));
        Checked { value, warnings }
    }

    /// The checked value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The warnings found while checking, sorted by path (see [`JsonPointer`]'s order), then by
    /// rule (empty when there are none).
    #[must_use]
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The value and its warnings.
    pub fn into_parts(self) -> (T, Vec<Diagnostic>) {
        (self.value, self.warnings)
    }
}

/// An error of one of the crate's value types that maps to a [`Rule`], so that a reader can turn
/// it into a [`Diagnostic`].
pub(crate) trait Violation: fmt::Display {
    fn rule(&self) -> Rule;

    fn at(&self, path: JsonPointer) -> Diagnostic {
        Diagnostic::new(self.rule(), path, self.to_string())
    }
}
