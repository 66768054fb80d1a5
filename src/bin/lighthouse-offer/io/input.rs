//! The format of an offer document: JSON or YAML, by `--input-format` or the file's extension
//! (`.yaml` and `.yml` are YAML, anything else JSON).

use std::path::Path;

use clap::ValueEnum;

/// The formats an offer document may be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// JSON (RFC 8259)
    Json,
    /// YAML 1.2, read into the same document (see the README for what is refused)
    Yaml,
}

impl InputFormat {
    /// The format `chosen` on the command line, or the one the file's extension says.
    pub fn of(path: &Path, chosen: Option<InputFormat>) -> InputFormat {
        chosen.unwrap_or_else(|| {
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
                InputFormat::Yaml
            } else {
                InputFormat::Json
            }
        })
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
