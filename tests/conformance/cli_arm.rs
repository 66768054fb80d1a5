//! `lighthouse-offer arm check` on Microsoft's sample parameters file.

use crate::support::cli::{run, stdout};

#[test]
#[ignore = "conformance: reads Microsoft's published files, which the repository does not carry; run with LIGHTHOUSE_REFERENCE_DATA=../shared/data cargo test --all-features -- --ignored"]
fn microsofts_sample_parameters_fail_the_check_with_their_placeholders() {
    let sample = crate::support::reference_data::path(
        "lighthouse-samples/templates/delegated-resource-management/subscription/subscription.parameters.json",
    );
    let output = run(&["arm", "check", "--format", "json", sample.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let names: Vec<&str> = found.iter().map(|d| d["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"nil-guid"), "{names:?}");
    assert!(names.contains(&"data-actions-assignable-role"), "{names:?}");
}
