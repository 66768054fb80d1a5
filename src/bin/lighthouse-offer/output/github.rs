//! `--format github`: one GitHub Actions workflow command per diagnostic, which GitHub shows as
//! an annotation on the line in a pull request; and the path of a file relative to the working
//! directory, as GitHub and SARIF readers want it.
//!
//! Uses `output::located`.

use std::fmt::Write as _;
use std::path::{Component, Path};

use lighthouse_offer::Severity;

use crate::output::located::Finding;

/// One GitHub workflow command a diagnostic, such as
/// `::error file=offer.json,line=24,endLine=24,col=33,endColumn=70,title=LO0201 owner-role::…`.
///
/// Columns are given only for a span on one line (GitHub ignores them otherwise); `endColumn` is
/// the column of the span's last character. Values are escaped as the runner requires: `%`, CR
/// and LF in the message, and `:` and `,` too in the properties.
pub fn render(findings: &[Finding<'_>]) -> String {
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
