//! The format of an offer document: JSON or YAML, by `--input-format` or the file's extension
//! (`.yaml` and `.yml` are YAML, anything else JSON), and a document's value read in its format.
//!
//! The type is `cli`'s (clap reads it); what a format is detected from is here. Uses `cli` and
//! the library.

use std::path::Path;

pub use crate::cli::InputFormat;

impl InputFormat {
    /// The format `chosen` on the command line, or the one the file's extension says.
    pub fn of(path: &Path, chosen: Option<InputFormat>) -> InputFormat {
        chosen
            .or_else(|| InputFormat::named_by(path))
            .unwrap_or(InputFormat::Json)
    }

    /// The format the file's extension names: `.json`, `.yaml` or `.yml` (any case); `None` for
    /// another extension.
    pub fn named_by(path: &Path) -> Option<InputFormat> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if extension.eq_ignore_ascii_case("json") {
            Some(InputFormat::Json)
        } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
            Some(InputFormat::Yaml)
        } else {
            None
        }
    }

    /// The value of a document written in this format; `None` when it does not parse.
    pub fn value(self, text: &str) -> Option<serde_json::Value> {
        match self {
            InputFormat::Json => serde_json::from_str(text).ok(),
            InputFormat::Yaml => lighthouse_offer::yaml::Document::parse(text)
                .ok()
                .map(|document| document.value().clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_unless_a_format_is_chosen() {
        assert_eq!(
            InputFormat::of(Path::new("a/offer.yaml"), None),
            InputFormat::Yaml
        );
        assert_eq!(
            InputFormat::of(Path::new("offer.YML"), None),
            InputFormat::Yaml
        );
        assert_eq!(
            InputFormat::of(Path::new("offer.json"), None),
            InputFormat::Json
        );
        assert_eq!(InputFormat::of(Path::new("offer"), None), InputFormat::Json);
        assert_eq!(
            InputFormat::of(Path::new("offer.json"), Some(InputFormat::Yaml)),
            InputFormat::Yaml
        );
    }
}
