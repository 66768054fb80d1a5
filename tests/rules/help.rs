//! The help of each diagnostic says what to do (the rule's fix), not the rule's title again.

use lighthouse_offer::{Diagnostic, JsonPointer, Rule};

#[test]
fn every_rule_has_a_fix_of_its_own_that_is_not_its_first_sentence() {
    for rule in Rule::ALL {
        let fix = rule.fix();
        assert!(
            fix.ends_with('.') && fix.len() > 10,
            "{}: {fix}",
            rule.code()
        );
        let explanation = rule.explanation();
        let first = explanation.split(". ").next().unwrap();
        assert_ne!(
            fix.trim_end_matches('.'),
            first.trim_end_matches('.'),
            "{}",
            rule.code()
        );
    }
}

#[test]
fn a_diagnostic_helps_with_its_rule_fix_unless_it_carries_its_own() {
    let plain = Diagnostic::new(Rule::InvalidVersion, JsonPointer::root(), "bad version");
    assert_eq!(plain.help(), Rule::InvalidVersion.fix());
    assert!(plain.help().contains("n.n.n"));
    let own = plain.clone().with_help("write `1.0.0`");
    assert_eq!(own.help(), "write `1.0.0`");
    // Serialized, the help is beside the message.
    let json = serde_json::to_value(&own).unwrap();
    assert_eq!(json["help"], "write `1.0.0`");
    assert_eq!(
        serde_json::to_value(&plain).unwrap()["help"],
        Rule::InvalidVersion.fix()
    );
}

#[test]
fn an_unknown_field_near_a_known_one_is_helped_with_the_name_to_write() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/contoso-sentinel/offer.json"
    ))
    .unwrap()
    .replace("\"publisherId\"", "\"publisherID\"");
    let report = lighthouse_offer::Offer::from_json_str(&text).unwrap_err();
    let unknown = report
        .diagnostics()
        .iter()
        .find(|d| d.rule() == Rule::UnknownField)
        .unwrap();
    assert_eq!(unknown.help(), "Rename the field to `publisherId`.");
}
