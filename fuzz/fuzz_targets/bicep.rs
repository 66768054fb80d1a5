//! `bicep::check` on any text as a Bicep file (with the bytes after the first NUL, if any, as
//! its `.bicepparam` file), modules read from nowhere: never a panic; errors always come with a
//! diagnostic; what is delegated serializes; the same text checks the same way twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::bicep::{self, BicepSources};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (main, parameters) = match text.split_once('\0') {
        Some((main, parameters)) => (main, Some(parameters)),
        None => (text, None),
    };
    let sources = || {
        let sources = BicepSources::new("main.bicep", main);
        match parameters {
            Some(parameters) => sources.with_parameters("main.bicepparam", parameters),
            None => sources,
        }
    };
    let first = bicep::check(&sources());
    if first.has_errors() {
        assert!(!first.diagnostics().is_empty(), "errors are diagnostics");
    }
    if let Some(delegation) = first.delegation() {
        serde_json::to_string(delegation).expect("a delegation serializes");
    }
    for found in first.diagnostics() {
        let _ = found.diagnostic().to_string();
    }
    let second = bicep::check(&sources());
    assert_eq!(
        first
            .diagnostics()
            .iter()
            .map(|d| d.diagnostic().clone())
            .collect::<Vec<_>>(),
        second
            .diagnostics()
            .iter()
            .map(|d| d.diagnostic().clone())
            .collect::<Vec<_>>(),
        "the check is deterministic"
    );
});
