//! Comments and trailing commas in a JSON offer document: every one of them reported in one run,
//! each at its line and column (`json-comment`, `trailing-comma`), and the rest of the document
//! read and judged as if they were not there.

use lighthouse_offer::{Offer, Rule};

const EXAMPLE: &str = include_str!("../../examples/contoso-sentinel/offer.json");

#[test]
fn every_comment_and_trailing_comma_is_reported_with_the_other_problems() {
    let text = EXAMPLE
        .replacen('{', "{ // the offer\n", 1)
        .replacen(
            "\"plans\":",
            "/* the plans,\n one per line */ \"plans\":",
            1,
        )
        .replacen("\"Monitoring\"]", "\"Monitoring\", // last\n ]", 1)
        .replacen("\"plans\":", "\"titel\": \"x\", \"plans\":", 1);
    let report = Offer::from_json_str(&text).unwrap_err();
    let rules: Vec<Rule> = report
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::rule)
        .collect();
    assert_eq!(
        rules.iter().filter(|r| **r == Rule::JsonComment).count(),
        3,
        "{report}"
    );
    assert_eq!(
        rules.iter().filter(|r| **r == Rule::TrailingComma).count(),
        1,
        "{report}"
    );
    // The rest is judged in the same run: the unknown field beside the comments.
    assert!(rules.contains(&Rule::UnknownField), "{report}");
    assert!(
        report.diagnostics().iter().any(|d| d
            .message()
            .ends_with("comment, read as if it were not there at line 1 column 3")),
        "{report}"
    );
    let comma = report
        .diagnostics()
        .iter()
        .find(|d| d.rule() == Rule::TrailingComma)
        .unwrap();
    assert!(comma.message().contains("last item of an array"), "{comma}");
}

#[test]
fn text_inside_strings_is_no_comment_and_a_valid_document_has_none() {
    let text = "{\"a\": \"https://x/*y*/, //\", \"b\": [1, 2] }";
    let value = lighthouse_offer::Offer::from_json_str(text).unwrap_err();
    assert!(
        value
            .diagnostics()
            .iter()
            .all(|d| d.rule() != Rule::JsonComment && d.rule() != Rule::TrailingComma),
        "{value}"
    );
    // The example reads as it did.
    assert!(Offer::from_json_str(EXAMPLE).is_ok());
}

#[test]
fn a_syntax_error_beside_comments_is_reported_with_them() {
    let text = "{ // one\n \"a\": 1 \"b\": 2 /* two */ }";
    let report = Offer::from_json_str(text).unwrap_err();
    let mut rules: Vec<Rule> = report
        .diagnostics()
        .iter()
        .map(lighthouse_offer::Diagnostic::rule)
        .collect();
    rules.sort_by_key(|r| r.code());
    assert_eq!(
        rules,
        [Rule::InvalidJson, Rule::JsonComment, Rule::JsonComment],
        "{report}"
    );
}

#[test]
fn a_hostile_number_of_comments_is_bounded() {
    // Within the report's limit, with or without a syntax error beside the comments.
    let broken = format!("{{{} \"a\" }}", "/**/".repeat(200_000));
    let report = Offer::from_json_str(&broken).unwrap_err();
    assert!(report.diagnostics().len() <= lighthouse_offer::Report::MAX_DIAGNOSTICS + 1);
    assert!(
        report
            .diagnostics()
            .iter()
            .any(|d| d.rule() == Rule::InvalidJson)
    );
    let text = format!("{{{}}}", "/**/".repeat(200_000));
    let report = Offer::from_json_str(&text).unwrap_err();
    assert!(report.diagnostics().len() <= lighthouse_offer::Report::MAX_DIAGNOSTICS + 1);
    assert_eq!(
        report
            .diagnostics()
            .last()
            .map(lighthouse_offer::Diagnostic::rule),
        Some(Rule::TooManyProblems),
        "{:?}",
        report.diagnostics().last()
    );
}
