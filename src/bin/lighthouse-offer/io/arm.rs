//! ARM files as `arm check` finds them: whether a text is a parameters file, the template a
//! parameters file is deployed with (the one beside it), the same file under two names.
//!
//! Uses `io::files`.

use std::path::{Path, PathBuf};

use crate::io::files::{base_dir, read};

/// The template beside a parameters file: `X.json` for `X.parameters.json` or
/// `X.parameters-dev.json` (names compared without regard to case), or else the folder's only
/// template (Microsoft's policy sample names its files `…IfNotExist…` and
/// `…IfNotExists….parameters.json`).
pub fn template_beside(parameters: &Path) -> Option<PathBuf> {
    template_named_like(parameters).or_else(|| only_template(parameters))
}

/// The one JSON file beside `parameters` that is a template, if there is exactly one.
fn only_template(parameters: &Path) -> Option<PathBuf> {
    let folder = base_dir(parameters);
    let mut templates = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if !json || !path.is_file() || path == parameters {
                return None;
            }
            let text = read(&path).ok()?;
            (!is_parameters_file(&text) && text.contains("\"resources\"")).then_some(path)
        });
    let first = templates.next()?;
    templates.next().is_none().then_some(first)
}

/// `X.json` for `X.parameters.json` or `X.parameters-dev.json`, if it exists.
fn template_named_like(parameters: &Path) -> Option<PathBuf> {
    let name = parameters.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let at = lower.find(".parameters")?;
    let json = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !json {
        return None;
    }
    let stem = &name[..at];
    let folder = base_dir(parameters);
    let wanted = format!("{stem}.json").to_ascii_lowercase();
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.is_file()
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_ascii_lowercase() == wanted)
        })
}

/// Whether a text is an ARM parameters file: an object with `parameters` and no `resources`
/// (nor `policyRule`: a policy definition has parameters of its own).
pub fn is_parameters_file(text: &str) -> bool {
    let trimmed = text.trim_start();
    // Cheap and lenient: the library reads the file properly.
    trimmed.starts_with('{')
        && text.contains("\"parameters\"")
        && !text.contains("\"resources\"")
        && !text.contains("\"policyRule\"")
}

/// The same file, however named: its canonical path when it has one.
pub fn same_file(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The templates that a parameters file among `files` is checked with in this run (the one
/// given with `--template`, or the one beside it).
pub fn paired_templates(files: &[PathBuf], given: Option<&Path>) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|path| read(path).is_ok_and(|text| is_parameters_file(&text)))
        .filter_map(|path| {
            given
                .map(Path::to_path_buf)
                .or_else(|| template_beside(path))
        })
        .map(|t| same_file(&t))
        .collect()
}

/// What kind of document a JSON text is, by its `$schema` or its top-level fields, for the
/// hint that another command reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// An ARM deployment template.
    ArmTemplate,
    /// An ARM parameters file.
    ArmParameters,
    /// An offer document.
    Offer,
}

/// The kind of a JSON (or JSON with comments) text, when it is clearly one: `None` for a text
/// that is not an object, or that could be either.
pub fn kind_of(value: &serde_json::Value) -> Option<FileKind> {
    let object = value.as_object()?;
    let schema = object
        .get("$schema")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if schema.contains("deploymenttemplate") {
        return Some(FileKind::ArmTemplate);
    }
    if schema.contains("deploymentparameters") {
        return Some(FileKind::ArmParameters);
    }
    let has = |key: &str| object.contains_key(key);
    if has("offerId") || (has("plans") && has("publisherId")) {
        return Some(FileKind::Offer);
    }
    if has("contentVersion") && has("resources") {
        return Some(FileKind::ArmTemplate);
    }
    // An Azure Policy definition (or its properties): the ARM reader judges the delegation it
    // deploys.
    if has("policyRule")
        || object
            .get("properties")
            .is_some_and(|p| p.get("policyRule").is_some())
    {
        return Some(FileKind::ArmTemplate);
    }
    if has("contentVersion") && has("parameters") {
        return Some(FileKind::ArmParameters);
    }
    None
}
