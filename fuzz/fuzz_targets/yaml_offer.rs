//! `ReadOptions::read_yaml` on any text: never a panic; a refusal is a report that is never empty
//! and stays within its limit; a checked offer written as YAML (and as JSON) reads back equal,
//! with the same warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::{Offer, ReadOptions, Report, yaml};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match ReadOptions::new().read_yaml(text) {
        Ok(checked) => {
            let value = serde_json::to_value(checked.value()).expect("an offer serializes");
            let written = yaml::to_yaml_string(&value);
            let again = ReadOptions::new().read_yaml(&written).expect("a written offer reads back");
            assert_eq!(again.value(), checked.value());
            assert_eq!(again.warnings(), checked.warnings());
            let json = Offer::from_json_str(&value.to_string()).expect("and reads as JSON");
            assert_eq!(json.value(), checked.value());
        }
        Err(report) => {
            assert!(!report.diagnostics().is_empty(), "a refusal says why");
            assert!(report.diagnostics().len() <= Report::MAX_DIAGNOSTICS + 1);
            let _ = report.to_string();
        }
    }
});
