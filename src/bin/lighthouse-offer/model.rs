//! Everything the tool asks of the offer model, in one place: the check of one document and the
//! document's JSON Schema.

use std::path::Path;

use lighthouse_offer::Diagnostic;

/// Checks one offer document against every rule, including the image files it names (paths in
/// the document are relative to `base_dir`, the document's folder).
///
/// Returns every diagnostic found, errors and warnings, empty for a clean offer. A text that is
/// not JSON gives a diagnostic of [`lighthouse_offer::Rule::InvalidJson`] at `""`: the caller
/// recognises "not JSON" by that rule and finds the place of the syntax error itself.
pub fn check_document(text: &str, base_dir: &Path) -> Vec<Diagnostic> {
    match lighthouse_offer::Offer::from_json_str(text) {
        Ok(checked) => {
            let (offer, mut diagnostics) = checked.into_parts();
            diagnostics.extend(offer.verify_images(base_dir));
            diagnostics
        }
        Err(report) => report.into_diagnostics(),
    }
}

/// The JSON Schema of the offer document in `draft`, exactly as the repository's `schema/` folder
/// holds it (pretty-printed, with a final line break).
pub fn offer_schema(draft: lighthouse_offer::schema::Draft) -> String {
    lighthouse_offer::schema::offer_schema_text(draft)
}
