//! Offer documents written in YAML: the offer reader over the JSON value that
//! [`Document`] reads from YAML text, with YAML's own traps reported (see [`crate::yaml`]).

use crate::document::yaml::Document;
use crate::offers::offer::{Offer, ReadOptions};
use crate::report::diagnostic::{Checked, Report};

impl ReadOptions {
    /// Reads and checks an offer document written in YAML: as [`ReadOptions::read_json`], with
    /// the same JSON Pointers, and YAML's own traps reported (see [`crate::yaml`]).
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn read_yaml(&self, text: &str) -> Result<Checked<Offer>, Report> {
        let document = Document::parse(text)?;
        self.read_yaml_document(&document)
    }

    /// [`ReadOptions::read_yaml`] for a document already parsed (to keep its places).
    ///
    /// # Errors
    /// A [`Report`] with every error and every warning of the document.
    pub fn read_yaml_document(&self, document: &Document) -> Result<Checked<Offer>, Report> {
        let read = self.read(
            &crate::document::json::Value::from_serde(document.value()),
            document.found.clone(),
        );
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
