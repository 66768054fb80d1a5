//! Hostile ARM templates (review findings 2, 3 and 4): evaluation neither panics nor runs for
//! long, and the checker's own limits are warnings (`unsupported-expression`), never the error
//! that says Azure refuses the expression (`invalid-expression`).
//!
//! No timed assertion: each test simply has to finish; the inputs are sized so that a debug
//! build finishes them in a few seconds (before the fixes, some took minutes).

use lighthouse_offer::Diagnostic;
use lighthouse_offer::arm;
use serde_json::{Value, json};

/// A delegation template whose variables are `variables` and whose first authorization's
/// display name is `display`.
fn template(variables: &Value, display: &str) -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "variables": variables,
        "resources": [
            {
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "apiVersion": "2022-10-01",
                "name": "a4a6c8e0-a2c4-4e6a-8c0e-2a4c6e8a0c2e",
                "properties": {
                    "registrationDefinitionName": "Trey Research Cost Watch",
                    "description": "Cost reviews",
                    "managedByTenantId": "e6a8c0e2-a4c6-4e8a-8c2e-4a6c8e0a2c4e",
                    "authorizations": [
                        {
                            "principalId": "a8c0e2a4-c6e8-4a0c-9e4a-6c8e0a2c4e6a",
                            "principalIdDisplayName": display,
                            "roleDefinitionId": "72fafb9e-0641-4937-9268-a91bfd8191a3"
                        }
                    ]
                }
            },
            {
                "type": "Microsoft.ManagedServices/registrationAssignments",
                "apiVersion": "2022-10-01",
                "name": "c6e8a0c2-e4a6-4c8e-8a2c-4e6a8c0e2a4c",
                "properties": {
                    "registrationDefinitionId": "[resourceId('Microsoft.ManagedServices/registrationDefinitions', 'a4a6c8e0-a2c4-4e6a-8c0e-2a4c6e8a0c2e')]"
                }
            }
        ]
    })
    .to_string()
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match arm::check(text) {
        Ok(checked) => checked.warnings().to_vec(),
        Err(report) => report.diagnostics().to_vec(),
    }
}

/// The names of the findings, and the message of the one `unsupported-expression`.
#[track_caller]
fn one_limit_warning(text: &str) -> String {
    let found = diagnostics(text);
    let names: Vec<&str> = found.iter().map(Diagnostic::name).collect();
    assert!(!names.contains(&"invalid-expression"), "{found:#?}");
    let warnings: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.name() == "unsupported-expression")
        .collect();
    assert_eq!(warnings.len(), 1, "{found:#?}");
    // The help speaks of the checker's limit, not of a function it does not evaluate.
    assert!(
        warnings[0].help().contains("limit"),
        "{}",
        warnings[0].help()
    );
    warnings[0].message().to_owned()
}

#[test]
fn a_format_that_the_checker_does_not_compute_is_a_warning_not_a_panic() {
    // Finding 2: `{0:é}` panicked (a byte index inside `é`).
    let text = template(&json!({}), "[format('{0:é}', 1)]");
    let message = one_limit_warning(&text);
    assert!(message.contains('é'), "{message}");
}

#[test]
fn the_union_of_two_arrays_of_100000_items_finishes() {
    // Finding 3: the union searched the items kept for every item (quadratic).
    let a: Vec<usize> = (0..100_000).collect();
    let b: Vec<usize> = (50_000..150_000).collect();
    let text = template(
        &json!({ "a": a, "b": b }),
        "[string(length(union(variables('a'), variables('b'))))]",
    );
    let message = one_limit_warning(&text);
    assert!(
        message.contains("larger than this checker evaluates"),
        "{message}"
    );
    // Smaller, it is computed: the display name is the count of distinct items.
    let a: Vec<usize> = (0..90_000).collect();
    let b: Vec<usize> = (45_000..135_000).collect();
    let text = template(
        &json!({ "a": a, "b": b }),
        "[string(length(union(variables('a'), variables('b'))))]",
    );
    let found = diagnostics(&text);
    assert!(
        !found.iter().any(|d| d.name().ends_with("-expression")),
        "{found:#?}"
    );
    let checked = arm::check(&text).expect("a delegation");
    let shown = format!("{:?}", checked.value());
    assert!(shown.contains("135000"), "{shown}");
}

#[test]
fn a_large_variable_used_1000_times_finishes() {
    // Finding 3: every use copied the variable and measured it again.
    let items = vec![0u8; 190_000];
    let uses = vec!["length(variables('a'))"; 1_000].join(", ");
    let text = template(
        &json!({ "a": items }),
        &format!("[string(createArray({uses}))]"),
    );
    let message = one_limit_warning(&text);
    assert!(message.contains("more work"), "{message}");
}

#[test]
fn a_chain_of_35_variables_is_evaluated() {
    // Finding 4: a chain of 35 variables, which Azure deploys, was reported as an error.
    let mut variables = serde_json::Map::new();
    variables.insert("v0".into(), json!("T"));
    for i in 1..35 {
        variables.insert(
            format!("v{i}"),
            json!(format!("[concat(variables('v{}'), 'r')]", i - 1)),
        );
    }
    let text = template(&Value::Object(variables.clone()), "[variables('v34')]");
    let checked = arm::check(&text).expect("a delegation");
    let shown = format!("{:?}", checked.value());
    assert!(shown.contains(&format!("T{}", "r".repeat(34))), "{shown}");
    // Far longer, the checker stops: a warning, not an error.
    for i in 35..150 {
        variables.insert(
            format!("v{i}"),
            json!(format!("[concat(variables('v{}'), 'r')]", i - 1)),
        );
    }
    let text = template(&Value::Object(variables), "[variables('v149')]");
    let message = one_limit_warning(&text);
    assert!(message.contains("nest"), "{message}");
}
