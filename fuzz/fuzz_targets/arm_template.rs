//! `arm::check` on any text (an ARM template or parameters file, as Azure reads them, with
//! comments): never a panic; a refusal is a report that is never empty and stays within its
//! limit; a checked delegation serializes; the same text checks the same way twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::{Report, arm};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let first = arm::check(text);
    match &first {
        Ok(checked) => {
            serde_json::to_string(checked.value()).expect("a delegation serializes");
        }
        Err(report) => {
            assert!(!report.diagnostics().is_empty(), "a refusal says why");
            assert!(report.diagnostics().len() <= Report::MAX_DIAGNOSTICS + 1);
            let _ = report.to_string();
        }
    }
    assert_eq!(arm::check(text), first, "the check is deterministic");
});
