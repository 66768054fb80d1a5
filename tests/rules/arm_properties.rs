//! Property tests of the ARM expression reader and evaluator: any text, and any nesting of the
//! functions they know with any arguments, gives a value, an unknown or an error, never a panic;
//! and a template whose properties are such expressions is checked without a panic.

use lighthouse_offer::arm::evaluate::{Parameter, Scope, Val};
use lighthouse_offer::arm::{self, expression};
use proptest::prelude::*;
use serde_json::json;

const FUNCTIONS: [&str; 40] = [
    "concat",
    "format",
    "string",
    "toLower",
    "toUpper",
    "replace",
    "split",
    "trim",
    "if",
    "equals",
    "not",
    "and",
    "or",
    "bool",
    "int",
    "true",
    "false",
    "null",
    "coalesce",
    "createArray",
    "createObject",
    "union",
    "json",
    "empty",
    "length",
    "first",
    "last",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "guid",
    "resourceId",
    "subscriptionResourceId",
    "tenantResourceId",
    "subscription",
    "parameters",
    "variables",
    "copyIndex",
];

fn expression_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-z{}0-9 ,'/-]{0,12}".prop_map(|s| format!("'{}'", s.replace('\'', "''"))),
        (-5i64..1000).prop_map(|n| n.to_string()),
        Just("parameters('p')".to_owned()),
        Just("parameters('none')".to_owned()),
        Just("variables('v')".to_owned()),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (
                proptest::sample::select(FUNCTIONS.to_vec()),
                proptest::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), "[a-z]{1,5}").prop_map(|(e, p)| format!("{e}.{p}")),
            (inner.clone(), inner).prop_map(|(e, i)| format!("{e}[{i}]")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_text_parses_or_fails_cleanly(text in ".{0,80}") {
        let _ = expression::parse(&text);
        let scope = Scope::new(Vec::new(), None);
        let _ = scope.string(&format!("[{text}]"));
    }

    #[test]
    fn any_expression_evaluates_or_fails_cleanly(text in expression_text()) {
        let variables = json!({ "v": { "a": [1, "two", true], "copy": [{ "name": "c", "count": 2, "input": "[copyIndex('c')]" }] } });
        let parameters = vec![
            ("p".to_owned(), Parameter::Given(Val::literal(&json!(["x", 3, {"k": "v"}])))),
            ("none".to_owned(), Parameter::NoValue),
        ];
        let scope = Scope::new(parameters, variables.as_object());
        let _ = scope.string(&format!("[{text}]"));
    }

    #[test]
    fn any_template_of_expressions_is_checked_cleanly(
        name in expression_text(),
        tenant in expression_text(),
        principal in expression_text(),
        role in expression_text(),
    ) {
        let template = json!({
            "parameters": { "p": { "type": "array", "defaultValue": ["x", 3] }, "none": { "type": "string" } },
            "variables": { "v": { "a": [1, "two", true] } },
            "resources": [
                { "type": "Microsoft.ManagedServices/registrationDefinitions", "apiVersion": "2022-10-01", "name": "x",
                  "properties": {
                      "registrationDefinitionName": format!("[{name}]"),
                      "managedByTenantId": format!("[{tenant}]"),
                      "authorizations": [{ "principalId": format!("[{principal}]"), "roleDefinitionId": format!("[{role}]") }]
                  } },
                { "type": "Microsoft.ManagedServices/registrationAssignments", "apiVersion": "2022-10-01", "name": "x",
                  "properties": { "registrationDefinitionId": "x" } }
            ]
        });
        let _ = arm::check(&template.to_string());
    }
}
