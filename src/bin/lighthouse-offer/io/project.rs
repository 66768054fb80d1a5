//! The project file `lighthouse-offer.toml`: the rules a project allows and the edition of its
//! documents that name none, found as clippy.toml and rustfmt.toml are, in the checked file's
//! folder or the nearest folder above it that has one.
//!
//! ```toml
//! # lighthouse-offer.toml
//! edition = "2026"
//! allow = ["old-api-version", "LO1008"]
//! ```
//!
//! Uses `io::files` and `io::input`.

use std::path::{Path, PathBuf};

use lighthouse_offer::Edition;
use serde::Deserialize;

use crate::io::files::{base_dir, read};
use crate::io::input::InputFormat;

/// The name of the project file.
pub const FILE_NAME: &str = "lighthouse-offer.toml";

/// A project file as read.
#[derive(Clone, Debug, Default)]
pub struct Project {
    /// Where it was found.
    pub path: PathBuf,
    /// The rules allowed, by code or name, as written.
    pub allow: Vec<String>,
    /// The edition of the documents that name none.
    pub edition: Option<Edition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    #[serde(default)]
    allow: Vec<String>,
    edition: Option<String>,
}

/// The project file that applies to `document`: the one in its folder or the nearest folder
/// above. `Ok(None)` when there is none; an error names the file and what is wrong in it.
pub fn for_document(document: &Path) -> Result<Option<Project>, String> {
    let start = base_dir(document);
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    for folder in start.ancestors() {
        let path = folder.join(FILE_NAME);
        if path.is_file() {
            return read_project(&path).map(Some);
        }
    }
    Ok(None)
}

/// Reads one project file.
fn read_project(path: &Path) -> Result<Project, String> {
    let text = read(path)?;
    let file: ProjectFile = toml::from_str(&text)
        .map_err(|error| format!("`{}` is not a valid project file: {error}", path.display()))?;
    let edition = match file.edition {
        None => None,
        Some(name) => Some(name.parse::<Edition>().map_err(|_| {
            let names: Vec<&str> = Edition::ALL.iter().map(|e| e.name()).collect();
            format!(
                "`{}`: `edition = \"{name}\"` is no rule edition; the editions are {}",
                path.display(),
                names.join(", ")
            )
        })?),
    };
    Ok(Project {
        path: path.to_path_buf(),
        allow: file.allow,
        edition,
    })
}

/// Whether a document names its edition: when it does not, the project file's `edition` applies.
pub fn names_edition(text: &str, format: InputFormat) -> bool {
    format
        .value(text)
        .is_some_and(|value| value.get("edition").is_some())
}
