//! docs/FORMAT.md against the JSON Schema: each table marked `<!-- schema: NAME -->` lists every
//! property of that object of the committed schema (`(root)` for the document itself), each
//! marked `required` exactly when the schema's `required` names it, so that the doc cannot call
//! a required field optional (as it once did `previewSubscriptionIds` and `categories`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Each marked table of the doc: the object's name and its rows (field, required).
fn tables(doc: &str) -> Vec<(String, BTreeMap<String, bool>)> {
    let mut found = Vec::new();
    let mut lines = doc.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("<!-- schema: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let mut rows = BTreeMap::new();
        while let Some(row) = lines.next_if(|l| l.starts_with('|')) {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let (Some(field), Some(mark)) = (cells.get(1), cells.get(2)) else {
                continue;
            };
            let Some(field) = field.strip_prefix('`').and_then(|f| f.strip_suffix('`')) else {
                continue; // the header and its rule
            };
            let required = match *mark {
                "required" => true,
                "optional" => false,
                other => panic!("{name}: `{field}` is marked {other:?}, not required or optional"),
            };
            assert!(
                rows.insert(field.to_owned(), required).is_none(),
                "{name}: `{field}` twice"
            );
        }
        found.push((name.to_owned(), rows));
    }
    found
}

#[test]
fn formats_required_and_optional_marks_are_the_schemas() {
    let doc = read("docs/FORMAT.md");
    let schema: Value = serde_json::from_str(&read("schema/lighthouse-offer.schema.json")).unwrap();
    let found = tables(&doc);
    let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "(root)",
            "Plan",
            "Manifest",
            "Authorization",
            "EligibleAuthorization",
            "Listing"
        ]
    );
    for (name, rows) in &found {
        let object = if name == "(root)" {
            &schema
        } else {
            &schema["$defs"][name]
        };
        let required: Vec<&str> = object["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} has no `required` in the schema"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let expected: BTreeMap<String, bool> = object["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(|key| (key.clone(), required.contains(&key.as_str())))
            .collect();
        assert_eq!(rows, &expected, "docs/FORMAT.md's table of {name}");
    }
}
