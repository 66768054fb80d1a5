//! Offers written in YAML: the same offer and the same JSON Pointers as JSON, places in the YAML
//! text, and YAML's traps reported instead of passing silently.

use lighthouse_offer::migration::migrate;
use lighthouse_offer::yaml::{Document, json_to_yaml, syntax_error, to_yaml_string};
use lighthouse_offer::{Edition, JsonPointer, Offer, ReadOptions};
use std::fmt::Write as _;

use serde_json::{Value, json};

/// `(name, path)` of every diagnostic of a YAML document that is not a valid offer.
fn findings(yaml: &str) -> Vec<(&'static str, String)> {
    ReadOptions::new()
        .read_yaml(yaml)
        .unwrap_err()
        .diagnostics()
        .iter()
        .map(|d| (d.name(), d.path().as_str().to_owned()))
        .collect()
}

/// The message of the one diagnostic of `name` at `path`.
#[track_caller]
fn message(yaml: &str, name: &str, path: &str) -> String {
    let report = ReadOptions::new().read_yaml(yaml).unwrap_err();
    let found: Vec<_> = report
        .diagnostics()
        .iter()
        .filter(|d| d.name() == name && d.path().as_str() == path)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", report.diagnostics());
    found[0].message().to_owned()
}

fn example_yaml() -> String {
    json_to_yaml(&crate::support::example_text()).unwrap()
}

#[test]
fn the_bundled_yaml_example_is_the_json_example() {
    let yaml = std::fs::read_to_string(crate::support::example_dir().join("offer.yaml")).unwrap();
    let from_yaml = ReadOptions::new().read_yaml(&yaml).unwrap();
    let from_json = Offer::from_json_str(&crate::support::example_text()).unwrap();
    assert!(
        from_yaml.warnings().is_empty(),
        "{:?}",
        from_yaml.warnings()
    );
    assert_eq!(from_yaml.value(), from_json.value());
    assert!(
        from_yaml
            .value()
            .verify_images(&crate::support::example_dir())
            .is_empty()
    );
}

#[test]
fn written_yaml_reads_back_to_the_same_value() {
    let value = crate::support::example();
    let text = to_yaml_string(&value);
    assert_eq!(Document::parse(&text).unwrap().value(), &value);
    let tricky = json!({
        "a": ["no", "yes", "on", "1.10", "1e3", "0x1F", "~", "null", "", " lead", "trail ", "a: b",
              "#x", "x #y", "- item", "multi\nline", "tab\there", "é ü", "12:30", "1_000", "'", "\"",
              "true", "FALSE", "@at", "%p", "*star", "&amp", "!bang", "|", ">", "{", "[", "2020"],
        "n": [1, -2, 1.5, true, false, null],
        "nested": [[1, [2]], {"k": {}}, [], {}],
        "weird key: #": "v",
        "": "empty key"
    });
    let text = to_yaml_string(&tricky);
    assert_eq!(Document::parse(&text).unwrap().value(), &tricky, "{text}");
}

#[test]
fn diagnostics_carry_the_json_pointers_of_the_json_reader() {
    let mut doc = crate::support::example();
    *crate::support::at(
        &mut doc,
        "/plans/0/manifest/authorizations/0/roleDefinitionId",
    ) = json!("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    *crate::support::at(&mut doc, "/plans/1/title") = json!(" Silver");
    let json_report = ReadOptions::new().read_value(&doc).unwrap_err();
    let yaml_report = ReadOptions::new()
        .read_yaml(&to_yaml_string(&doc))
        .unwrap_err();
    let pairs = |r: &lighthouse_offer::Report| -> Vec<(String, String)> {
        r.diagnostics()
            .iter()
            .map(|d| (d.code().to_owned(), d.path().as_str().to_owned()))
            .collect()
    };
    assert_eq!(pairs(&yaml_report), pairs(&json_report));
    assert!(pairs(&yaml_report).iter().any(|(code, _)| code == "LO0201"));
}

#[test]
fn places_point_at_yaml_lines_and_columns() {
    let text = "offerId: contoso\nplans:\n  - planId: gold\n    manifest:\n      version: '1.0'\n  - planId: [silver]\n";
    let document = Document::parse(text).unwrap();
    let span = |pointer: &str, key: bool| {
        let p = pointer
            .split('/')
            .skip(1)
            .fold(JsonPointer::root(), |p, t| match t.parse::<usize>() {
                Ok(i) => p.index(i),
                Err(_) => p.key(t),
            });
        &text[document.span(&p, key)]
    };
    assert_eq!(span("/offerId", false), "contoso");
    assert_eq!(span("/offerId", true), "offerId");
    assert_eq!(span("/plans/0/manifest/version", false), "'1.0'");
    assert_eq!(span("/plans/1/planId", false), "[silver]");
    assert_eq!(span("/plans/0/manifest/tenantId", false), "version: '1.0'");
    assert_eq!(span("/plans/0/planId", true), "planId");
    let at = text.find("gold").unwrap() + 1;
    assert_eq!(document.pointer_at(at).unwrap().as_str(), "/plans/0/planId");
}

#[test]
fn a_key_given_twice_is_an_error() {
    let yaml = example_yaml().replacen(
        "offerId: contoso-managed-sentinel\n",
        "offerId: contoso-managed-sentinel\nofferId: other\n",
        1,
    );
    assert_eq!(
        findings(&yaml),
        vec![("duplicate-key", "/offerId".to_owned())]
    );
}

#[test]
fn plain_values_yaml_turns_into_other_types_are_reported_with_the_quoting_that_fixes_them() {
    let yaml = example_yaml()
        .replace("name: \"Contoso Managed Sentinel\"", "name: no")
        .replace("title: \"Gold: 24x7 monitoring\"", "title: 1.10")
        .replace(
            "summary: \"Round-the-clock",
            "summary: true\n    x-was: \"Round-the-clock",
        )
        .replace("useStandardContract: true", "useStandardContract: yes");
    let name = message(&yaml, "yaml-implicit-type", "/name");
    assert!(name.contains("write it in quotes, 'no'"), "{name}");
    let title = message(&yaml, "yaml-implicit-type", "/plans/0/title");
    assert!(
        title.contains("the number 1.1") && title.contains("'1.10'"),
        "{title}"
    );
    let summary = message(&yaml, "yaml-implicit-type", "/plans/0/summary");
    assert!(
        summary.contains("the boolean true") && summary.contains("'true'"),
        "{summary}"
    );
    let contract = message(&yaml, "yaml-implicit-type", "/legal/useStandardContract");
    assert!(contract.contains("write true"), "{contract}");
    // Quoted, the same values are text, and only the unknown field is left.
    let quoted = yaml
        .replace("name: no", "name: 'no'")
        .replace("title: 1.10", "title: \"1.10\"");
    assert!(
        !findings(&quoted)
            .iter()
            .any(|(_, p)| p == "/name" || p == "/plans/0/title")
    );
}

#[test]
fn aliases_that_expand_beyond_the_document_limit_are_refused() {
    let mut text = String::from("a0: &a0 [\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"]\n");
    for i in 1..40 {
        let p = i - 1;
        let aliases = vec![format!("*a{p}"); 9].join(", ");
        writeln!(text, "a{i}: &a{i} [{aliases}]").unwrap();
    }
    let report = ReadOptions::new().read_yaml(&text).unwrap_err();
    assert_eq!(report.diagnostics().len(), 1);
    assert_eq!(report.diagnostics()[0].name(), "document-too-large");
    assert!(report.diagnostics()[0].message().contains("aliases"));
    // A few aliases within the limit are read, expanded.
    let small = Document::parse("a: &x [1, 2]\nb: *x\n").unwrap();
    assert_eq!(small.value(), &json!({"a": [1, 2], "b": [1, 2]}));
}

/// A "billion laughs" document: `leaf` repeated `width` times under `a0`, then each level an
/// anchor repeating the one before it `width` times, `levels` deep, in sequences or mappings.
fn bomb(leaf: &str, width: usize, levels: usize, mappings: bool) -> String {
    let mut text = format!("a0: &a0 [{}]\n", vec![leaf; width].join(", "));
    for i in 1..=levels {
        let p = i - 1;
        let items: Vec<String> = (0..width)
            .map(|k| {
                if mappings {
                    format!("k{k}: *a{p}")
                } else {
                    format!("*a{p}")
                }
            })
            .collect();
        let (open, close) = if mappings { ("{", "}") } else { ("[", "]") };
        writeln!(text, "a{i}: &a{i} {open}{}{close}", items.join(", ")).unwrap();
    }
    text
}

#[test]
fn alias_bombs_of_empty_values_are_refused_before_they_are_copied() {
    // 100 × 100 × 100 × 100 = 10⁸ values from 1.5 KB: empty texts, sequences and mappings take
    // memory once copied although their text is empty, so each counts.
    for leaf in ["\"\"", "[]", "{}", "x", "''", "~"] {
        for mappings in [false, true] {
            let text = bomb(leaf, 100, 3, mappings);
            assert!(text.len() < 4000, "{}", text.len());
            let report = Document::parse(&text).unwrap_err();
            let found = report.diagnostics();
            assert_eq!(found.len(), 1, "{leaf} {mappings}");
            assert_eq!(found[0].name(), "document-too-large", "{leaf} {mappings}");
            let message = found[0].message();
            assert!(message.contains("aliases expand"), "{message}");
            // The alias where the limit is passed: on a line that repeats `a1` or `a2`.
            assert!(
                message.contains("at line 3 ") || message.contains("at line 4 "),
                "{message}"
            );
            // Offers and the language server read through the same reader.
            let report = ReadOptions::new().read_yaml(&text).unwrap_err();
            assert_eq!(report.diagnostics()[0].name(), "document-too-large");
        }
    }
}

#[test]
fn aliases_of_empty_values_within_the_limit_are_read() {
    // 10 × 10 × 10 × 10 = 10,000 empty texts: far below the limit, read and expanded.
    let text = bomb("\"\"", 10, 3, false);
    let document = Document::parse(&text).unwrap();
    let a3 = document.value()["a3"].as_array().unwrap();
    assert_eq!(a3.len(), 10);
    assert_eq!(a3[9][9][9], json!(["", "", "", "", "", "", "", "", "", ""]));
}

#[test]
fn what_the_reader_does_not_take_is_invalid_yaml_at_its_place() {
    for (text, place) in [
        ("a: [1, 2\n", None),
        ("a: 1\n---\nb: 2\n", Some("---")),
        ("a: !custom x\n", Some("!custom x")),
        ("? [a]\n: 1\n", Some("[a]")),
    ] {
        let report = ReadOptions::new().read_yaml(text).unwrap_err();
        assert_eq!(report.diagnostics()[0].name(), "invalid-yaml", "{text}");
        let span = syntax_error(text).unwrap();
        if let Some(place) = place {
            assert!(
                text[span.start..].starts_with(&place[..1]),
                "{text}: {span:?}"
            );
        }
    }
    assert_eq!(syntax_error("a: 1\n"), None);
}

#[test]
fn nesting_beyond_the_limit_is_refused() {
    let text = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let report = ReadOptions::new().read_yaml(&text).unwrap_err();
    assert_eq!(report.diagnostics()[0].name(), "nesting-too-deep");
}

#[test]
fn a_migrated_yaml_document_is_written_as_yaml_in_the_order_of_the_json() {
    let (offer, _) = ReadOptions::new()
        .read_yaml(&example_yaml())
        .unwrap()
        .into_parts();
    let migration = migrate(&offer, Edition::E2026);
    let yaml = migration.to_yaml();
    assert!(yaml.starts_with("\"$schema\":"), "{yaml}");
    assert!(yaml.contains("edition: \"2026\"\n"), "{yaml}");
    let back: Value = Document::parse(&yaml).unwrap().value().clone();
    let json: Value = serde_json::from_str(&migration.to_json_pretty()).unwrap();
    assert_eq!(back, json);
    let options = ReadOptions::new().edition(Edition::E2026);
    assert_eq!(
        options.read_yaml(&yaml).is_ok(),
        options.read_json(&migration.to_json_pretty()).is_ok()
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any text, YAML or not, gives a value or a report: never a panic; and a syntax error has a
    /// place within the text.
    #[test]
    fn arbitrary_text_never_panics(text in "[a-z:\\-\\[\\]{}&*!|>'\" \n#,?0-9.~]{0,80}") {
        let _ = ReadOptions::new().read_yaml(&text);
        if let Some(span) = syntax_error(&text) {
            proptest::prop_assert!(span.end <= text.len());
        }
        if let Ok(document) = Document::parse(&text) {
            let back = to_yaml_string(document.value());
            let again = Document::parse(&back).unwrap();
            proptest::prop_assert_eq!(again.value(), document.value());
        }
    }
}

#[test]
fn a_document_shows_no_value_in_debug_output() {
    let document = Document::parse("connectionString: AccountKey=SECRET-MARKER\n").unwrap();
    let shown = format!("{document:?}");
    assert!(!shown.contains("SECRET-MARKER"), "{shown}");
    assert!(shown.contains("values: 2"), "{shown}");
}
