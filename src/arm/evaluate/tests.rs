use super::*;
use serde_json::json;
use serde_json::{Map, Value};

fn eval_in(template: &Value, text: &str) -> Result<Val, EvalError> {
    let parameters = template
        .get("parameters")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .map(|(k, d)| {
                    (
                        k.clone(),
                        d.get("defaultValue")
                            .map_or(Parameter::NoValue, Parameter::Default),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let scope = Scope::new(
        parameters,
        template.get("variables").and_then(Value::as_object),
    );
    scope.string(text)
}

fn eval(text: &str) -> Result<Val, EvalError> {
    eval_in(&json!({}), text)
}

/// An unknown value past one of the checker's own limits (not an error: Azure may compute it).
fn past_limit(result: &Result<Val, EvalError>) -> bool {
    matches!(result, Ok(v) if matches!(v.first_unknown(), Some(Unknown::Limit(_))))
}

fn known(text: &str) -> Value {
    eval(text).unwrap().to_json(&mut |u| panic!("unknown: {u}"))
}

#[test]
fn guid_vectors_of_the_research_notes() {
    // Computed with Python's uuid.uuid5 under the same reading (UTF-8, `-` join).
    assert_eq!(
        known("[guid('abc')]"),
        json!("a9b46cc2-65a6-5559-9f14-7091827ab32f")
    );
    assert_eq!(
        known("[guid('hello', 'world')]"),
        json!("a5b868f8-11fe-567a-ace0-e77cc87f104e")
    );
    assert_eq!(
        known("[guid('world', 'hello')]"),
        json!("b1db13b3-4ca6-5782-bf9e-8495c3532f9d")
    );
    assert_eq!(
        known("[guid('hello-world')]"),
        json!("a5b868f8-11fe-567a-ace0-e77cc87f104e")
    );
    assert_eq!(
        known("[guid('Relecloud Managed Services')]"),
        json!("a284898a-fc04-581d-aca0-047861d06160")
    );
    assert_eq!(
        known("[guid('Ünïcode')]"),
        json!("0a55f077-eb0a-55c3-9cb6-24c0430062c9")
    );
}

#[test]
fn documentation_examples_of_string_functions() {
    assert_eq!(known("[[test value]"), json!("[test value]"));
    assert_eq!(known("[test] value"), json!("[test] value"));
    assert_eq!(
        known("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]"),
        json!("Hello, User. Formatted number: 8,175,133")
    );
    assert_eq!(known("[format('{0:D2}-{{x}}', 5)]"), json!("05-{x}"));
    assert_eq!(
        known("[string(createObject('valueA', 10, 'valueB', 'Example Text'))]"),
        json!("{\"valueA\":10,\"valueB\":\"Example Text\"}")
    );
    assert_eq!(
        known("[string(createArray('a', 'b', 'c'))]"),
        json!("[\"a\",\"b\",\"c\"]")
    );
    assert_eq!(known("[string(true())]"), json!("True"));
    assert_eq!(known("[concat('rg', 1, true())]"), json!("rg1True"));
    assert_eq!(
        known("[replace('123-123-1234', '-', '')]"),
        json!("1231231234")
    );
    assert_eq!(
        known("[split('one;two,three', createArray(',', ';'))]"),
        json!(["one", "two", "three"])
    );
    assert_eq!(
        known("[trim('  one two three   ')]"),
        json!("one two three")
    );
    assert_eq!(known("[toUpper('one two three')]"), json!("ONE TWO THREE"));
    assert_eq!(known("[length('One Two Three')]"), json!(13));
}

#[test]
fn documentation_examples_of_logic_arrays_and_objects() {
    assert_eq!(known("[if(equals('a', 'a'), 'yes', 'no')]"), json!("yes"));
    assert_eq!(known("[if(equals('a', 'b'), 'yes', 'no')]"), json!("no"));
    assert_eq!(
        known("[if(equals('a', 'a'), json('{\"test\": \"value1\"}'), json('null'))]"),
        json!({"test": "value1"})
    );
    // Only the branch taken is evaluated.
    assert_eq!(
        known("[if(true(), 'ok', parameters('nowhere'))]"),
        json!("ok")
    );
    assert_eq!(known("[and(bool('true'), bool('false'))]"), json!(false));
    assert_eq!(known("[or(bool('true'), bool('false'))]"), json!(true));
    assert_eq!(known("[not(equals(1, 2))]"), json!(true));
    assert_eq!(
        known("[equals(createArray('a', 'b'), createArray('a', 'b'))]"),
        json!(true)
    );
    assert_eq!(known("[equals('A', 'a')]"), json!(false));
    assert_eq!(
        known("[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]"),
        json!(["one", "two", "three", "four"])
    );
    assert_eq!(
        known(
            "[union(json('{\"property\":{\"one\":\"a\",\"three\":\"c1\"},\"nestedArray\":[1,2]}'), json('{\"property\":{\"three\":\"c2\",\"four\":\"d\"},\"nestedArray\":[3,4]}'))]"
        ),
        json!({"property": {"one": "a", "three": "c2", "four": "d"}, "nestedArray": [3, 4]})
    );
    assert_eq!(
        known("[concat(createArray('1-1'), createArray('2-1', '2-2'))]"),
        json!(["1-1", "2-1", "2-2"])
    );
    assert_eq!(known("[empty(createObject())]"), json!(true));
    assert_eq!(known("[createArray(4)[0]]"), json!(4));
    assert_eq!(known("[json('{\"a\": {\"b\": 1}}').a['b']]"), json!(1));
    assert_eq!(known("[coalesce(null(), 'x')]"), json!("x"));
}

#[test]
fn copy_loops_in_variables() {
    let template = json!({
        "parameters": { "itemCount": { "type": "int", "defaultValue": 5 } },
        "variables": {
            "copy": [
                { "name": "stringArray", "count": "[parameters('itemCount')]", "input": "[concat('item', copyIndex('stringArray', 1))]" },
                { "name": "integerArray", "count": "[parameters('itemCount')]", "input": "[copyIndex('integerArray')]" }
            ],
            "topLevelObject": {
                "sampleProperty": "sampleValue",
                "copy": [{ "name": "disks", "count": 2, "input": { "name": "[concat('myDataDisk', copyIndex('disks', 1))]", "diskIndex": "[copyIndex('disks')]" } }]
            }
        }
    });
    let get = |text: &str| {
        eval_in(&template, text)
            .unwrap()
            .to_json(&mut |_| Value::Null)
    };
    assert_eq!(
        get("[variables('stringArray')]"),
        json!(["item1", "item2", "item3", "item4", "item5"])
    );
    assert_eq!(get("[variables('integerArray')]"), json!([0, 1, 2, 3, 4]));
    assert_eq!(
        get("[variables('topLevelObject')]"),
        json!({"sampleProperty": "sampleValue", "disks": [{"name": "myDataDisk1", "diskIndex": 0}, {"name": "myDataDisk2", "diskIndex": 1}]})
    );
}

#[test]
fn hostile_templates_fail_quickly() {
    let mut variables = serde_json::Map::new();
    variables.insert("v0".into(), json!("0123456789"));
    for i in 1..20 {
        variables.insert(
            format!("v{i}"),
            json!(format!(
                "[createArray(variables('v{0}'), variables('v{0}'))]",
                i - 1
            )),
        );
    }
    let template = json!({ "variables": variables });
    let e = eval_in(&template, "[variables('v19')]").unwrap();
    assert!(
        matches!(e.first_unknown(), Some(Unknown::Limit(w)) if w.contains("larger than this checker evaluates")),
        "{:?}",
        e.first_unknown()
    );
    let strings = json!({ "variables": {
        "a": "[concat(variables('b'), variables('b'))]",
        "b": "[concat(variables('c'), variables('c'))]",
        "c": "[replace(variables('d'), 'x', variables('d'))]",
        "d": "[format('{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}', variables('e'))]",
        "e": "[format('{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}', 'xxxxxxxxxx')]"
    }});
    assert!(past_limit(&eval_in(&strings, "[variables('a')]")));
    let wide = json!({ "variables": {
        "big": "[replace(format('{0:D60}', 0), '0', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')]",
        "bigger": "[replace(variables('big'), 'x', variables('big'))]",
        "many": "[createArray(variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'), variables('big'))]"
    }});
    assert!(past_limit(&eval_in(&wide, "[variables('bigger')]")));
    assert!(past_limit(&eval_in(&wide, "[variables('many')]")));
    assert!(past_limit(&eval_in(&wide, "[format('{0:D999999999}', 1)]")));
}

#[test]
fn unknowns_stay_unknown_and_stay_in_place() {
    let template = json!({
        "parameters": { "group": { "type": "string" }, "name": { "type": "string", "defaultValue": "x" } },
        "variables": { "self": "[variables('self')]" }
    });
    let e = |t: &str| eval_in(&template, t);
    assert_eq!(
        e("[parameters('group')]").unwrap(),
        Val::Unknown(Unknown::NoValue("group".into()))
    );
    assert_eq!(e("[PARAMETERS('NAME')]").unwrap(), Val::Str("x".into()));
    let array = e("[createArray(parameters('group'), 'b')]").unwrap();
    assert_eq!(array.to_json(&mut |_| json!("?")), json!(["?", "b"]));
    assert!(matches!(
        e("[concat('a', parameters('group'))]").unwrap(),
        Val::Unknown(Unknown::NoValue(_))
    ));
    assert!(matches!(
        e("[subscription().subscriptionId]").unwrap(),
        Val::Unknown(Unknown::Deployment(_))
    ));
    assert!(matches!(
        e("[resourceId('Microsoft.ManagedServices/registrationDefinitions/', 'x')]").unwrap(),
        Val::Unknown(Unknown::Deployment(_))
    ));
    assert_eq!(
        known("[tenantResourceId('Microsoft.Authorization/roleDefinitions', 'abc')]"),
        json!("/providers/Microsoft.Authorization/roleDefinitions/abc")
    );
    assert!(matches!(
        e("[base64('x')]").unwrap(),
        Val::Unknown(Unknown::Unsupported(_))
    ));
    // Wrong: Azure refuses these too.
    assert!(e("[parameters('missing')]").is_err());
    assert!(
        e("[variables('self')]")
            .unwrap_err()
            .0
            .contains("depends on itself")
    );
    assert!(e("[concat('a', createArray())]").is_err());
    assert!(e("[createArray(1)[3]]").is_err());
    assert!(e("[copyIndex()]").is_err());
}

#[test]
fn a_format_style_beginning_with_a_wide_character_is_unknown_not_a_panic() {
    // Review finding 2: `split_at(1)` cut `é` in half. Azure's .NET may well compute such
    // a format (finding 4): the value is unknown, not an error.
    for style in ["é", "é2", "€", "日本"] {
        let text = format!("[format('{{0:{style}}}', 1)]");
        let value = eval(&text);
        assert!(
            matches!(&value, Ok(Val::Unknown(Unknown::Limit(w))) if w.contains(style)),
            "{style}: {value:?}"
        );
    }
    assert_eq!(known("[format('{0:D3}', 7)]"), json!("007"));
}

/// A template whose variables `a` and `b` are arrays of `n` distinct integers, half of
/// them shared.
fn two_arrays(n: usize) -> Value {
    let a: Vec<usize> = (0..n).collect();
    let b: Vec<usize> = (n / 2..n + n / 2).collect();
    json!({ "variables": { "a": a, "b": b } })
}

#[test]
fn union_of_two_large_arrays_is_computed() {
    // Review finding 3: the union searched the items kept for each item (quadratic).
    let union = "[length(union(variables('a'), variables('b')))]";
    assert_eq!(eval_in(&two_arrays(99_000), union), Ok(Val::Int(148_500)));
    // Two arrays of 100,000 items are past the size of arguments the checker evaluates.
    assert!(past_limit(&eval_in(&two_arrays(100_000), union)));
    // Objects merge through an index of their names.
    let members: Map<String, Value> = (0..12_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let objects = json!({ "variables": { "a": members } });
    let merged = eval_in(&objects, "[length(union(variables('a'), variables('a')))]");
    assert_eq!(merged, Ok(Val::Int(12_000)));
}

#[test]
fn a_large_variable_used_many_times_is_bounded_by_the_work_budget() {
    // Review finding 3: 1,000 uses of a 190,000-item variable copied it 1,000 times.
    let items: Vec<u8> = vec![0; 190_000];
    let template = json!({ "variables": { "a": items } });
    let uses = |n: usize| {
        let uses = vec!["length(variables('a'))"; n].join(", ");
        eval_in(&template, &format!("[createArray({uses})]"))
    };
    // A few uses are computed.
    assert_eq!(uses(3), Ok(Val::Array(vec![Val::Int(190_000); 3])));
    // Past the budget, the value is unknown, not an error.
    let many = uses(1_000);
    assert!(
        matches!(&many, Ok(Val::Unknown(Unknown::Limit(w))) if w.contains("more work")),
        "{many:?}"
    );
}

#[test]
fn a_long_chain_of_variables_is_evaluated_or_unknown_never_wrong() {
    // Review finding 4: a chain of 35 variables, which Azure deploys, was an error.
    for length in [35, 200] {
        let mut variables = serde_json::Map::new();
        variables.insert("v0".into(), json!("x"));
        for i in 1..length {
            variables.insert(
                format!("v{i}"),
                json!(format!("[concat(variables('v{}'), 'x')]", i - 1)),
            );
        }
        let template = json!({ "variables": variables });
        let value = eval_in(&template, &format!("[variables('v{}')]", length - 1));
        match value {
            Ok(Val::Str(s)) => assert_eq!(s.len(), length),
            Ok(Val::Unknown(Unknown::Limit(_))) => assert!(length > 35, "{length}"),
            other => panic!("{length}: {other:?}"),
        }
    }
}
