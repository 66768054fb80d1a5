//! `arm::check_with_template` on any pair of texts (the bytes before the first NUL are the
//! parameters file, the rest the template): never a panic; when no delegation comes out, at
//! least one file has a diagnostic that says why; a delegation serializes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::arm::{self, ArmFile};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (parameters, template) = text.split_once('\0').unwrap_or((text, ""));
    let checked = arm::check_with_template(parameters, template);
    let found =
        checked.diagnostics(ArmFile::Parameters).len() + checked.diagnostics(ArmFile::Template).len();
    match checked.delegation() {
        Some(delegation) => {
            serde_json::to_string(delegation).expect("a delegation serializes");
        }
        None => assert!(found > 0, "a pair that gives no delegation says why"),
    }
    if checked.has_errors() {
        assert!(found > 0);
    }
});
