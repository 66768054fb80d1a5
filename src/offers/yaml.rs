//! Offer documents written in YAML: the offer reader over the JSON value that
//! [`Document`] reads from YAML text, with YAML's own traps reported (see [`crate::yaml`]).

use crate::document::yaml::Document;
use crate::offers::offer::{Offer, ReadOptions};
use crate::report::diagnostic::{Checked, Report};

impl Offer {
    /// Reads and checks an offer document written in YAML: as [`Offer::from_json_str`], with the
    /// same JSON Pointers, and YAML's own traps reported (see [`crate::yaml`]).
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn from_yaml_str(text: &str) -> Result<Checked<Offer>, Report> {
        Self::from_yaml_str_with(text, ReadOptions::default())
    }

    /// [`Offer::from_yaml_str`] with options, as [`Offer::from_json_str_with`].
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    #[allow(clippy::needless_pass_by_value)] // as `from_json_str_with`: built inline
    pub fn from_yaml_str_with(text: &str, options: ReadOptions) -> Result<Checked<Offer>, Report> {
        let document = Document::parse(text)?;
        Self::from_yaml_document_with(&document, &options)
    }

    /// [`Offer::from_yaml_str_with`] for a document already parsed (to keep its places).
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn from_yaml_document_with(
        document: &Document,
        options: &ReadOptions,
    ) -> Result<Checked<Offer>, Report> {
        let read = Offer::read(document.value(), options, document.found.clone());
        match read {
            Ok(checked) => {
                let extra = document.explain(Vec::new());
                if extra.is_empty() {
                    Ok(checked)
                } else {
                    let (_, mut warnings) = checked.into_parts();
                    warnings.extend(extra);
                    Err(Report::new(warnings))
                }
            }
            Err(report) => Err(Report::new(document.explain(report.into_diagnostics()))),
        }
    }
}
