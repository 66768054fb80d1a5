//! The document reader and the private audience CSV reader on any bytes: never a panic; a
//! checked offer serializes and reads back equal; a report is never empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::{Offer, PrivateAudience};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match Offer::from_json_str(text) {
            Ok(checked) => {
                let written = serde_json::to_string(checked.value()).expect("an offer serializes");
                let again = Offer::from_json_str(&written).expect("a written offer reads back");
                assert_eq!(again.value(), checked.value());
                assert_eq!(again.warnings(), checked.warnings());
            }
            Err(report) => {
                assert!(!report.diagnostics().is_empty());
                assert!(report.diagnostics().len() <= lighthouse_offer::Report::MAX_DIAGNOSTICS + 1);
                let _ = report.to_string();
            }
        }
    }
    match PrivateAudience::from_csv(data) {
        Ok(audience) => assert!(audience.len() >= 1),
        Err(report) => assert!(!report.problems().is_empty()),
    }
});
