//! Hostile input for the readers beside the offer document's (whose hostile tests are in
//! `hostile.rs`, and ARM evaluation's in `arm_hostile.rs`): ARM templates and parameters files,
//! YAML offers and deployed delegations made to exhaust the stack, memory or time. Each must end
//! in a clear result (an error, or a warning that the checker stops there) without a panic.
//!
//! No time is asserted (the project's tests are never timed): the inputs are sized so that a
//! debug build finishes each in a few seconds, and speed is measured by the benches.

use std::fmt::Write as _;

use lighthouse_offer::arm::{self, ArmFile};
use lighthouse_offer::audit::{self, Deployed};
use lighthouse_offer::{Diagnostic, Offer, ReadOptions, Report};
use serde_json::{Value, json};

use crate::support::EXAMPLE;
const EXAMPLE_YAML: &str = include_str!("../../examples/contoso-sentinel/offer.yaml");
const DEPLOYED: &str = include_str!("../../examples/contoso-sentinel/deployed/assignments.json");

/// Ten thousand nested arrays, and ten thousand nested objects.
fn deep_json() -> [String; 2] {
    [("[", "]"), ("{\"a\":", "}")]
        .map(|(open, close)| format!("{}{}", open.repeat(10_000), close.repeat(10_000)))
}

/// More than any reader takes: 17 MiB of white space around an empty object.
fn oversized() -> String {
    format!("{{}}{}", " ".repeat(Offer::MAX_DOCUMENT_BYTES + 1))
}

/// The one diagnostic: its name, path and message.
#[track_caller]
fn one(diagnostics: &[Diagnostic]) -> (&'static str, String, String) {
    let [d] = diagnostics else {
        panic!("expected one diagnostic, found {diagnostics:#?}");
    };
    (d.name(), d.path().to_string(), d.message().to_owned())
}

/// The names of a report's diagnostics.
fn names(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(Diagnostic::name).collect()
}

/// The report stays within its limit and no message repeats a huge value.
#[track_caller]
fn assert_bounded(diagnostics: &[Diagnostic]) {
    assert!(
        diagnostics.len() <= Report::MAX_DIAGNOSTICS + 1,
        "{} diagnostics",
        diagnostics.len()
    );
    for d in diagnostics {
        assert!(
            d.message().len() <= 1_000,
            "a message of {} bytes: {}…",
            d.message().len(),
            d.message().chars().take(200).collect::<String>()
        );
    }
}

/// What `arm::check` finds: the warnings of a delegation, or the report.
fn arm_findings(text: &str) -> Vec<Diagnostic> {
    match arm::check(text) {
        Ok(checked) => checked.warnings().to_vec(),
        Err(report) => report.diagnostics().to_vec(),
    }
}

/// A delegation template: `variables`, and the definition's `authorizations` and
/// `description`.
fn template(variables: &Value, authorizations: &Value, description: &str) -> String {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-08-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {},
        "variables": variables,
        "resources": [
            {
                "type": "Microsoft.ManagedServices/registrationDefinitions",
                "apiVersion": "2022-10-01",
                "name": "a4a6c8e0-a2c4-4e6a-8c0e-2a4c6e8a0c2e",
                "properties": {
                    "registrationDefinitionName": "Trey Research Cost Watch",
                    "description": description,
                    "managedByTenantId": "e6a8c0e2-a4c6-4e8a-8c2e-4a6c8e0a2c4e",
                    "authorizations": authorizations
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

/// One authorization with the delete role.
fn remover() -> Value {
    json!([{
        "principalId": "a8c0e2a4-c6e8-4a0c-9e4a-6c8e0a2c4e6a",
        "principalIdDisplayName": "Removers",
        "roleDefinitionId": "91c1777a-f3dc-4fae-b103-61d183457e46"
    }])
}

// ---- ARM templates and parameters files ------------------------------------------------------

#[test]
fn arm_nesting_ten_thousand_deep_is_refused_without_exhausting_the_stack() {
    for text in deep_json() {
        assert_eq!(
            one(&arm_findings(&text)),
            (
                "nesting-too-deep",
                String::new(),
                "arrays and objects are nested more than 127 deep".to_owned()
            )
        );
    }
}

#[test]
fn arm_files_over_the_document_limit_are_refused() {
    let text = oversized();
    assert_eq!(names(&arm_findings(&text)), ["document-too-large"]);
    let checked = arm::check_with_template(&text, &text);
    assert_eq!(
        names(checked.diagnostics(ArmFile::Parameters)),
        ["document-too-large"]
    );
    assert_eq!(
        names(checked.diagnostics(ArmFile::Template)),
        ["document-too-large"]
    );
    assert!(checked.delegation().is_none());
}

#[test]
fn a_deep_parameters_file_beside_a_template_is_refused_in_its_own_file() {
    let good = template(&json!({}), &remover(), "Cost reviews");
    for deep in deep_json() {
        let checked = arm::check_with_template(&deep, &good);
        assert_eq!(
            names(checked.diagnostics(ArmFile::Parameters)),
            ["nesting-too-deep"]
        );
        assert_eq!(names(checked.diagnostics(ArmFile::Template)), [""; 0]);
        assert!(checked.delegation().is_none());
    }
}

#[test]
fn copy_counts_outside_the_limit_are_findings() {
    for (count, message) in [
        (json!(801), "has count 801; a count is 0 to 800"),
        (json!(-1), "has count -1; a count is 0 to 800"),
        (
            json!(i64::MAX),
            "has count 9223372036854775807; a count is 0 to 800",
        ),
        (
            json!("[mul(800, 800)]"),
            "has count 640000; a count is 0 to 800",
        ),
        (json!(1e300), "needs an integer count, found a string"),
    ] {
        let variables = json!({
            "copy": [{ "name": "many", "count": count, "input": "x" }]
        });
        let text = template(
            &variables,
            &remover(),
            "[string(length(variables('many')))]",
        );
        assert_eq!(
            one(&arm_findings(&text)),
            (
                "invalid-expression",
                "/resources/0/properties/description".to_owned(),
                format!("copy loop `many` {message}")
            ),
            "{count}"
        );
    }
}

#[test]
fn nested_copy_loops_at_the_limit_stop_at_the_checkers_work_limit() {
    let n = arm::evaluate::MAX_COPY_COUNT;
    let variables = json!({
        "copy": [
            { "name": "inner", "count": n, "input": "[format('item {0}', copyIndex('inner'))]" },
            { "name": "outer", "count": n, "input": "[variables('inner')]" }
        ]
    });
    let text = template(
        &variables,
        &remover(),
        "[string(length(variables('outer')))]",
    );
    let (name, path, message) = one(&arm_findings(&text));
    assert_eq!(
        (name, path.as_str()),
        (
            "unsupported-expression",
            "/resources/0/properties/description"
        )
    );
    assert!(
        message.starts_with("copy loop `outer` makes a value larger than this checker evaluates"),
        "{message}"
    );
}

#[test]
fn expressions_nested_to_the_length_limit_do_not_exhaust_the_stack() {
    let max = arm::expression::MAX_EXPRESSION_CHARS;
    for (open, leaf, close, message) in [
        (
            "concat(",
            "'a'",
            ")",
            "the expression nests too deeply, found `c` at character 449",
        ),
        (
            "createArray(",
            "1",
            ")",
            "the expression nests too deeply, found `c` at character 769",
        ),
        (
            "(",
            "1",
            ")",
            "expected a function call, a string or a number, found `(` at character 1",
        ),
    ] {
        let depth = (max - 2 - leaf.len()) / (open.len() + close.len());
        let text = format!("[{}{leaf}{}]", open.repeat(depth), close.repeat(depth));
        assert!(text.chars().count() <= max);
        assert_eq!(
            one(&arm_findings(&template(&json!({}), &remover(), &text))),
            (
                "invalid-expression",
                "/resources/0/properties/description".to_owned(),
                message.to_owned()
            ),
            "{open}"
        );
    }
    let over = format!("['{}']", "a".repeat(max));
    assert_eq!(
        one(&arm_findings(&template(&json!({}), &remover(), &over))),
        (
            "invalid-expression",
            "/resources/0/properties/description".to_owned(),
            "the expression is longer than the 24576 characters ARM allows at character 1"
                .to_owned()
        )
    );
}

#[test]
fn variables_that_refer_to_each_other_in_a_cycle_are_a_finding() {
    let variables = json!({ "a": "[variables('b')]", "b": "[concat(variables('a'), 'x')]", "self": "[variables('self')]" });
    for (description, variable) in [("[variables('a')]", "a"), ("[variables('self')]", "self")] {
        assert_eq!(
            one(&arm_findings(&template(
                &variables,
                &remover(),
                description
            ))),
            (
                "invalid-expression",
                "/resources/0/properties/description".to_owned(),
                format!("variable `{variable}` depends on itself")
            )
        );
    }
}

// ---- YAML offers -----------------------------------------------------------------------------

#[test]
fn yaml_over_the_document_limit_is_refused() {
    let mut text = EXAMPLE_YAML.to_owned();
    text.push_str(&"#".repeat(Offer::MAX_DOCUMENT_BYTES));
    let report = ReadOptions::new().read_yaml(&text).unwrap_err();
    assert_eq!(names(report.diagnostics()), ["document-too-large"]);
}

#[test]
fn yaml_nesting_ten_thousand_deep_is_refused_without_exhausting_the_stack() {
    // Flow collections: saphyr-parser's own recursion limit, reported as invalid YAML at its
    // place; block collections: the reader's nesting limit.
    for (text, found) in [
        (
            format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)),
            (
                "invalid-yaml",
                "the document is not valid YAML: recursion limit exceeded at line 1 column 256",
            ),
        ),
        (
            format!("{}1{}", "{a: ".repeat(10_000), "}".repeat(10_000)),
            (
                "invalid-yaml",
                "the document is not valid YAML: recursion limit exceeded at line 1 column 1021",
            ),
        ),
        (
            format!("{}1\n", "- ".repeat(10_000)),
            (
                "nesting-too-deep",
                "sequences and mappings are nested more than 127 deep (at line 1 column 255); \
                 an offer document nests at most 9 levels",
            ),
        ),
        (
            (0..1_000).fold(String::new(), |mut text, i| {
                writeln!(text, "{}a:", " ".repeat(i)).unwrap();
                text
            }),
            (
                "nesting-too-deep",
                "sequences and mappings are nested more than 127 deep (at line 128 column 128); \
                 an offer document nests at most 9 levels",
            ),
        ),
    ] {
        let report = ReadOptions::new().read_yaml(&text).unwrap_err();
        assert_eq!(
            one(report.diagnostics()),
            (found.0, String::new(), found.1.to_owned())
        );
    }
}

#[test]
fn yaml_with_a_hundred_thousand_unknown_fields_and_a_ten_megabyte_scalar() {
    // A hundred thousand unknown fields after the example: the report is cut at its limit.
    // (Reading positions was quadratic in the document's size before the reader knew once that
    // the text is ASCII: this document took minutes in a debug build.)
    let mut text = EXAMPLE_YAML.to_owned();
    for i in 0..100_000 {
        writeln!(text, "unknown{i}: 1").unwrap();
    }
    let report = ReadOptions::new().read_yaml(&text).unwrap_err();
    let found = names(report.diagnostics());
    assert_eq!(found.len(), Report::MAX_DIAGNOSTICS + 1);
    assert!(
        found[..Report::MAX_DIAGNOSTICS]
            .iter()
            .all(|n| *n == "unknown-field")
    );
    assert_eq!(found[Report::MAX_DIAGNOSTICS], "too-many-problems");
    assert_bounded(report.diagnostics());

    let long = EXAMPLE_YAML.replacen(
        "offerId: ",
        &format!("offerId: {}", "x".repeat(10_000_000)),
        1,
    );
    let report = ReadOptions::new().read_yaml(&long).unwrap_err();
    let (name, path, message) = one(report.diagnostics());
    assert_eq!((name, path.as_str()), ("text-too-long", "/offerId"));
    assert!(
        message.ends_with("characters, at most 50 are allowed"),
        "{message}"
    );
    assert_bounded(report.diagnostics());
}

// ---- deployed delegations --------------------------------------------------------------------

#[test]
fn deployed_nesting_and_size_are_refused() {
    let [arrays, objects] = deep_json();
    for (text, expected) in [
        (arrays, "nesting-too-deep"),
        (objects, "nesting-too-deep"),
        (oversized(), "document-too-large"),
    ] {
        let report = Deployed::from_json_str(&text).unwrap_err();
        let (name, path, message) = one(report.diagnostics());
        assert_eq!((name, path.as_str()), (expected, ""), "{message}");
    }
}

#[test]
fn a_hundred_thousand_unreadable_delegations_give_a_bounded_report() {
    let broken = r#"{"id":"/subscriptions/x","type":"Microsoft.ManagedServices/registrationAssignments","properties":{"registrationDefinitionId":7}}"#;
    let text = format!("{{\"value\":[{}]}}", vec![broken; 100_000].join(","));
    let deployed = Deployed::from_json_str(&text).unwrap();
    assert!(deployed.resources().is_empty());
    assert_eq!(deployed.problems().len(), Report::MAX_DIAGNOSTICS + 1);
    assert_bounded(deployed.problems());
    let last = deployed.problems().last().unwrap();
    assert_eq!(last.name(), "too-many-problems", "{}", last.message());
    let offer = Offer::from_json_str(EXAMPLE).unwrap().into_parts().0;
    let found = audit::audit(&offer, &deployed);
    assert_eq!(found.diagnostics(), deployed.problems());
    assert!(found.delegations().is_empty());
}

#[test]
fn the_first_delegation_copied_to_the_document_limit_is_read_and_audited() {
    let value: Value = serde_json::from_str(DEPLOYED).unwrap();
    let item = value["value"][0].to_string();
    let copies = (Offer::MAX_DOCUMENT_BYTES - 20) / (item.len() + 1);
    let text = format!("{{\"value\":[{}]}}", vec![item.as_str(); copies].join(","));
    assert!(text.len() <= Offer::MAX_DOCUMENT_BYTES);
    let deployed = Deployed::from_json_str(&text).unwrap();
    assert_eq!(deployed.problems(), []);
    let offer = Offer::from_json_str(EXAMPLE).unwrap().into_parts().0;
    let found = audit::audit(&offer, &deployed);
    assert_eq!(found.delegations().len(), copies);
    assert_bounded(found.diagnostics());
}
