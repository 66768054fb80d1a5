//! Everything the tool asks of the offer model, in one place: the check of one document, the
//! comparison of two, and the document's JSON Schema.

use std::path::Path;

use lighthouse_offer::{
    Checked, Diagnostic, Edition, JsonPointer, MarketingArtifacts, Migration, Offer, ReadOptions,
    Report, yaml,
};

use crate::input::InputFormat;

/// Checks one offer document against every rule, including the image files it names (paths in
/// the document are relative to `base_dir`, the document's folder), in its own rule edition or,
/// when `edition` is given, in that one.
///
/// Returns every diagnostic found, errors and warnings, empty for a clean offer. A text that is
/// not JSON gives a diagnostic of [`lighthouse_offer::Rule::InvalidJson`] at `""`: the caller
/// recognises "not JSON" by that rule and finds the place of the syntax error itself.
pub fn check_document(text: &str, base_dir: &Path, edition: Option<Edition>) -> Vec<Diagnostic> {
    let mut options = ReadOptions::default();
    options.edition = edition;
    with_images(Offer::from_json_str_with(text, options), base_dir, || {
        images_of_invalid_document(text, base_dir, edition)
    })
}

/// The diagnostics of an offer as read, with the checks of its image files: those of the offer,
/// or, when it could not be read, those of `images_of_invalid` (the images the document names).
fn with_images(
    read: Result<Checked<Offer>, Report>,
    base_dir: &Path,
    images_of_invalid: impl FnOnce() -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    match read {
        Ok(checked) => {
            let (offer, mut diagnostics) = checked.into_parts();
            diagnostics.extend(offer.verify_images(base_dir));
            diagnostics
        }
        Err(report) => {
            let mut diagnostics = report.into_diagnostics();
            diagnostics.extend(images_of_invalid());
            diagnostics
        }
    }
}

/// The image checks of a document that is not a valid offer, as long as its marketing artifacts
/// could be read: so that a document with another error still has its images checked in the
/// same run (every problem at once). Nothing when the section or the edition cannot be read,
/// since the reader reported that already.
fn images_of_invalid_document(
    text: &str,
    base_dir: &Path,
    edition: Option<Edition>,
) -> Vec<Diagnostic> {
    let Ok(document) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    images_of_invalid_value(&document, base_dir, edition)
}

/// [`images_of_invalid_document`] for a document already parsed.
fn images_of_invalid_value(
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

/// Checks one ARM parameters file or template of a Lighthouse delegation (the `arm check`
/// command): every diagnostic found, errors, warnings and notes.
pub fn check_arm(text: &str) -> Vec<Diagnostic> {
    match lighthouse_offer::arm::check(text) {
        Ok(checked) => checked.into_parts().1,
        Err(report) => report.into_diagnostics(),
    }
}

/// Checks an ARM parameters file with its template, as Azure deploys them: the diagnostics of
/// the parameters file, then those of the template.
pub fn check_arm_pair(parameters: &str, template: &str) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    use lighthouse_offer::arm::ArmFile;
    let checked = lighthouse_offer::arm::check_with_template(parameters, template);
    (
        checked.diagnostics(ArmFile::Parameters).to_vec(),
        checked.diagnostics(ArmFile::Template).to_vec(),
    )
}

/// The offer of a document, or every diagnostic (errors and warnings) of a document that is not
/// a valid offer. Image files are not read: `diff` compares documents only.
pub fn read_offer(text: &str) -> Result<lighthouse_offer::Offer, Vec<Diagnostic>> {
    lighthouse_offer::Offer::from_json_str(text)
        .map(|checked| checked.into_parts().0)
        .map_err(lighthouse_offer::Report::into_diagnostics)
}

/// Every change from the published offer `old` to `new`, each classified.
pub fn compare(
    old: &lighthouse_offer::Offer,
    new: &lighthouse_offer::Offer,
) -> lighthouse_offer::Update {
    old.update_to(new)
}

/// Reads one offer document in its own edition and migrates it to edition `to`: the migration,
/// or every diagnostic of a document that does not pass its own edition's checks.
pub fn migrate_document(text: &str, to: Edition) -> Result<Migration, Vec<Diagnostic>> {
    match Offer::from_json_str(text) {
        Ok(checked) => Ok(lighthouse_offer::migrate(checked.value(), to)),
        Err(report) => Err(report.into_diagnostics()),
    }
}

/// The JSON Schema of the offer document in `draft`, exactly as the repository's `schema/` folder
/// holds it (pretty-printed, with a final line break).
pub fn offer_schema(draft: lighthouse_offer::schema::Draft) -> String {
    lighthouse_offer::schema::offer_schema_text(draft)
}

/// Reads one input of deployed delegations and audits it against the offer: the audit (whose
/// diagnostics include the problems of resources that could not be read), or every diagnostic of
/// an input that is not a list of them.
pub fn audit(offer: &Offer, text: &str) -> Result<lighthouse_offer::audit::Audit, Vec<Diagnostic>> {
    let deployed = lighthouse_offer::audit::Deployed::from_json_str(text)
        .map_err(lighthouse_offer::Report::into_diagnostics)?;
    Ok(lighthouse_offer::audit::audit(offer, &deployed))
}

/// [`check_document`] for a document written in YAML.
pub fn check_yaml_document(
    text: &str,
    base_dir: &Path,
    edition: Option<Edition>,
) -> Vec<Diagnostic> {
    let document = match yaml::Document::parse(text) {
        Ok(document) => document,
        Err(report) => return report.into_diagnostics(),
    };
    let mut options = ReadOptions::default();
    options.edition = edition;
    with_images(
        Offer::from_yaml_document_with(&document, &options),
        base_dir,
        || images_of_invalid_value(document.value(), base_dir, edition),
    )
}

/// [`check_document`] or [`check_yaml_document`], by format.
pub fn check_document_as(
    text: &str,
    base_dir: &Path,
    edition: Option<Edition>,
    format: InputFormat,
) -> Vec<Diagnostic> {
    match format {
        InputFormat::Json => check_document(text, base_dir, edition),
        InputFormat::Yaml => check_yaml_document(text, base_dir, edition),
    }
}

/// The offer of a document in `format`, read as [`read_offer`] reads JSON.
pub fn read_offer_as(text: &str, format: InputFormat) -> Result<Offer, Vec<Diagnostic>> {
    match format {
        InputFormat::Json => read_offer(text),
        InputFormat::Yaml => Offer::from_yaml_str(text)
            .map(|checked| checked.into_parts().0)
            .map_err(lighthouse_offer::Report::into_diagnostics),
    }
}

/// [`migrate_document`] for a document in `format`.
pub fn migrate_document_as(
    text: &str,
    to: Edition,
    format: InputFormat,
) -> Result<Migration, Vec<Diagnostic>> {
    match format {
        InputFormat::Json => migrate_document(text, to),
        InputFormat::Yaml => match Offer::from_yaml_str(text) {
            Ok(checked) => Ok(lighthouse_offer::migrate(checked.value(), to)),
            Err(report) => Err(report.into_diagnostics()),
        },
    }
}

/// The check of a document open in an editor: as `check`, image files read relative to
/// `base_dir` (the document's folder); without one (a document not saved to a file), the image
/// files are not read.
pub fn check_for_editor(
    text: &str,
    base_dir: Option<&Path>,
    format: InputFormat,
) -> Vec<Diagnostic> {
    if let Some(base_dir) = base_dir {
        return check_document_as(text, base_dir, None, format);
    }
    let read = match format {
        InputFormat::Json => Offer::from_json_str(text),
        InputFormat::Yaml => Offer::from_yaml_str(text),
    };
    match read {
        Ok(checked) => checked.into_parts().1,
        Err(report) => report.into_diagnostics(),
    }
}
