//! The output formats that every command's diagnostics go through: human (like rustc), a JSON
//! array, a SARIF 2.1.0 log for code scanning, and GitHub workflow commands that annotate the
//! lines of a pull request.
//!
//! A command gathers what it found as [`Finding`]s (a diagnostic placed in a document's text)
//! and hands them to [`render`] with the format asked for; what else a command prints (a summary,
//! a verdict) is its own. The library's diagnostics are data; this module only shows them.

use std::fmt::Write as _;
use std::path::{Component, Path};

use lighthouse_offer::Severity;

use crate::render::{self, Located};
use crate::{Format, sarif};

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

/// The findings in `format`, the whole output for the machine formats (a JSON array, a SARIF
/// log, one workflow command a line); for [`Format::Human`], each diagnostic followed by an empty
/// line, without the summary a command adds.
pub fn render(format: Format, findings: &[Finding<'_>]) -> String {
    match format {
        Format::Human => human(findings),
        Format::Json => {
            let all: Vec<render::JsonDiagnostic<'_>> = findings
                .iter()
                .map(|f| render::JsonDiagnostic::new(f.file, f.located))
                .collect();
            render::json(&all)
        }
        Format::Sarif => sarif::log(findings),
        Format::Github => github(findings),
    }
}

/// Like rustc. The values that may be secrets are starred out of every snippet of the same
/// document, since another diagnostic may show the same line.
fn human(findings: &[Finding<'_>]) -> String {
    let mut out = String::new();
    let mut rest = findings;
    while let Some(first) = rest.first() {
        let same = rest
            .iter()
            .take_while(|f| f.file == first.file && std::ptr::eq(f.text, first.text))
            .count();
        let (document, after) = rest.split_at(same);
        let shown = render::shown_text(first.text, document.iter().map(|f| f.located));
        for f in document {
            out.push_str(&render::human(f.file, &shown, f.located));
            out.push_str("\n\n");
        }
        rest = after;
    }
    out
}

/// One GitHub workflow command a diagnostic, such as
/// `::error file=offer.json,line=24,endLine=24,col=33,endColumn=70,title=LO0201 owner-role::…`.
///
/// Columns are given only for a span on one line (GitHub ignores them otherwise); `endColumn` is
/// the column of the span's last character. Values are escaped as the runner requires: `%`, CR
/// and LF in the message, and `:` and `,` too in the properties.
fn github(findings: &[Finding<'_>]) -> String {
    let mut out = String::new();
    for f in findings {
        let found = f.located;
        let d = &found.diagnostic;
        let command = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let mut properties = vec![
            ("file", relative_path(f.file)),
            ("line", found.line.to_string()),
            ("endLine", found.end_line.to_string()),
        ];
        if found.line == found.end_line {
            let last = found.end_column.saturating_sub(1).max(found.column);
            properties.push(("col", found.column.to_string()));
            properties.push(("endColumn", last.to_string()));
        }
        properties.push(("title", format!("{} {}", d.code(), d.name())));
        let properties: Vec<String> = properties
            .iter()
            .map(|(name, value)| format!("{name}={}", escape_property(value)))
            .collect();
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            escape_data(found.message())
        );
    }
    out
}

/// A workflow command's message: `%`, CR and LF escaped.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, and `:` and `,` escaped too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The file's path relative to the working directory, with `/` between its parts: a path given
/// relative stays as given (without `./`), an absolute path inside the working directory loses
/// the directory, and one outside it stays absolute.
pub fn relative_path(file: &str) -> String {
    let path = Path::new(file);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|dir| {
                path.strip_prefix(&dir)
                    .ok()
                    .map(Path::to_path_buf)
                    .or_else(|| {
                        // The working directory may be reached through a symbolic link.
                        let dir = dir.canonicalize().ok()?;
                        let canonical = path.canonicalize().ok()?;
                        canonical.strip_prefix(dir).ok().map(Path::to_path_buf)
                    })
            })
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for component in relative.components() {
        match component {
            Component::Prefix(prefix) => parts.push(prefix.as_os_str().to_string_lossy().into()),
            Component::RootDir => absolute = true,
            Component::CurDir => {}
            Component::ParentDir => parts.push("..".into()),
            Component::Normal(part) => parts.push(part.to_string_lossy().into()),
        }
    }
    let joined = parts.join("/");
    if absolute && !joined.starts_with('/') {
        // A Windows path keeps its drive (`C:/…`); a Unix one its leading slash.
        if parts.first().is_some_and(|p| p.ends_with(':')) {
            joined
        } else {
            format!("/{joined}")
        }
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_and_line_breaks_only() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_data("%0A"),
            "%250A",
            "an escape in the text is not decoded"
        );
    }

    #[test]
    fn properties_escape_colons_and_commas_too() {
        assert_eq!(
            escape_property("dir,1/a:b%.json\n"),
            "dir%2C1/a%3Ab%25.json%0A"
        );
    }

    #[test]
    fn relative_paths_stay_as_given_with_slashes() {
        assert_eq!(relative_path("./offers/a.json"), "offers/a.json");
        assert_eq!(relative_path("../x/./a.json"), "../x/a.json");
        assert_eq!(relative_path("a.json"), "a.json");
    }

    #[test]
    fn absolute_paths_inside_the_working_directory_become_relative() {
        let dir = std::env::current_dir().unwrap();
        let inside = dir.join("offers").join("a.json");
        assert_eq!(relative_path(inside.to_str().unwrap()), "offers/a.json");
        let root = dir.ancestors().last().unwrap().join("elsewhere.json");
        if !root.starts_with(&dir) {
            assert!(relative_path(root.to_str().unwrap()).ends_with("/elsewhere.json"));
            assert!(Path::new(&relative_path(root.to_str().unwrap())).is_absolute());
        }
    }
}
