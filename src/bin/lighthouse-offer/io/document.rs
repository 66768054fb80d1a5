//! Offer documents read through the library, in their input format: the check of one document
//! (with its image files), the offer it holds, its migration to another rule edition.
//!
//! One function for each, whatever the format: JSON and YAML differ only in how the text is
//! parsed. Uses `io::files`, `io::input` and the library.

use std::path::Path;

use lighthouse_offer::artifacts::MarketingArtifacts;
use lighthouse_offer::migration::Migration;
use lighthouse_offer::{
    Checked, Diagnostic, Edition, JsonPointer, Offer, ReadOptions, Report, roles::RoleCatalog, yaml,
};

use crate::io::files;
use crate::io::input::InputFormat;

/// The text of a document file and its format: the one `chosen` with `--input-format`, or the
/// one its extension names; or why the file cannot be read.
pub fn read_file(
    path: &Path,
    chosen: Option<InputFormat>,
) -> Result<(String, InputFormat), String> {
    let text = files::read(path)?;
    Ok((text, InputFormat::of(path, chosen)))
}

/// Checks one offer document in `format` against every rule, judging roles with `roles`, in its
/// own rule edition or, when `edition` is given, in that one; with `base_dir` (the document's folder, which paths in the
/// document are relative to), the image files it names too. Without one (a document open in an
/// editor and not saved to a file), image files are not read.
///
/// Returns every diagnostic found, errors and warnings, empty for a clean offer. A text that
/// does not parse gives a diagnostic of [`lighthouse_offer::Rule::InvalidJson`] (or
/// `InvalidYaml`) at `""`: the caller recognises it by that rule and finds the place of the
/// syntax error itself.
pub fn check(
    text: &str,
    format: InputFormat,
    base_dir: Option<&Path>,
    edition: Option<Edition>,
    roles: &RoleCatalog,
) -> Vec<Diagnostic> {
    let mut options = ReadOptions::new().role_catalog(roles.clone());
    if let Some(edition) = edition {
        options = options.edition(edition);
    }
    match format {
        InputFormat::Json => with_images(options.read_json(text), base_dir, |base_dir| {
            serde_json::from_str::<serde_json::Value>(text).map_or_else(
                |_| Vec::new(),
                |document| images_of_invalid(&document, base_dir, edition),
            )
        }),
        InputFormat::Yaml => {
            let document = match yaml::Document::parse(text) {
                Ok(document) => document,
                Err(report) => return report.into_diagnostics(),
            };
            with_images(
                options.read_yaml_document(&document),
                base_dir,
                |base_dir| images_of_invalid(document.value(), base_dir, edition),
            )
        }
    }
}

/// The offer of a document in `format`, its roles judged with `roles`, or every diagnostic
/// (errors and warnings) of a document that is not a valid offer. Image files are not read.
pub fn read_offer(
    text: &str,
    format: InputFormat,
    roles: &RoleCatalog,
) -> Result<Offer, Vec<Diagnostic>> {
    read(
        text,
        format,
        &ReadOptions::new().role_catalog(roles.clone()),
    )
    .map(|checked| checked.into_parts().0)
    .map_err(Report::into_diagnostics)
}

/// Reads one offer document in `format`, in its own edition, and migrates it to edition `to`:
/// the migration, or every diagnostic of a document that does not pass its own edition's checks.
pub fn migrate(text: &str, to: Edition, format: InputFormat) -> Result<Migration, Vec<Diagnostic>> {
    read(text, format, &ReadOptions::new())
        .map(|checked| lighthouse_offer::migration::migrate(checked.value(), to))
        .map_err(Report::into_diagnostics)
}

/// The library's reading of a document in `format`, with `options`.
fn read(text: &str, format: InputFormat, options: &ReadOptions) -> Result<Checked<Offer>, Report> {
    match format {
        InputFormat::Json => options.read_json(text),
        InputFormat::Yaml => options.read_yaml(text),
    }
}

/// The diagnostics of an offer as read, with the checks of its image files when `base_dir` is
/// given: those of the offer, or, when it could not be read, those of `images_of_invalid` (the
/// images the document names).
fn with_images(
    read: Result<Checked<Offer>, Report>,
    base_dir: Option<&Path>,
    images_of_invalid: impl FnOnce(&Path) -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    match read {
        Ok(checked) => {
            let (offer, mut diagnostics) = checked.into_parts();
            if let Some(base_dir) = base_dir {
                diagnostics.extend(offer.verify_images(base_dir));
            }
            diagnostics
        }
        Err(report) => {
            let mut diagnostics = report.into_diagnostics();
            if let Some(base_dir) = base_dir {
                diagnostics.extend(images_of_invalid(base_dir));
            }
            diagnostics
        }
    }
}

/// The image checks of a document that is not a valid offer, as long as its marketing artifacts
/// could be read: so that a document with another error still has its images checked in the
/// same run (every problem at once). Nothing when the section or the edition cannot be read,
/// since the reader reported that already.
fn images_of_invalid(
    document: &serde_json::Value,
    base_dir: &Path,
    edition: Option<Edition>,
) -> Vec<Diagnostic> {
    let read = |key: &str| document.get(key).cloned();
    let Some(Ok(artifacts)) =
        read("marketingArtifacts").map(serde_json::from_value::<MarketingArtifacts>)
    else {
        return Vec::new();
    };
    let edition = match (
        edition,
        read("edition").map(serde_json::from_value::<Edition>),
    ) {
        (Some(chosen), _) => chosen,
        (None, None) => Edition::default(),
        (None, Some(Ok(written))) => written,
        (None, Some(Err(_))) => return Vec::new(),
    };
    let at = JsonPointer::root().key("marketingArtifacts");
    artifacts
        .verify_images(base_dir, edition)
        .into_iter()
        .map(|d| d.under(&at))
        .collect()
}
