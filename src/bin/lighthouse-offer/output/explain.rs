//! The rule catalog for people: a rule found by code or name, its explanation wrapped for a
//! terminal, its first sentence, the page `explain` prints (which SARIF logs carry as the
//! rule's help).
//!
//! Uses only the library.

use lighthouse_offer::{Rule, Severity};

/// The rule with this code (any case) or name.
pub fn find(code_or_name: &str) -> Option<Rule> {
    let wanted = code_or_name.trim();
    Rule::ALL.iter().copied().find(|rule| {
        rule.code().eq_ignore_ascii_case(wanted) || rule.name().eq_ignore_ascii_case(wanted)
    })
}

/// The rule's explanation as one paragraph: the catalog's lines joined, white space made single.
pub fn paragraph(rule: Rule) -> String {
    // Works on the catalog's text as it is given, one line per doc comment line or one paragraph.
    let explanation = rule.explanation();
    explanation.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rule's explanation, wrapped for a terminal.
pub fn explanation(rule: Rule) -> String {
    wrap(&paragraph(rule), WIDTH)
}

/// Where `explain` wraps its text.
pub const WIDTH: usize = 90;

/// `text` in lines of at most `width` characters where words allow, each ending with a newline.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_length = 0;
    for word in text.split_whitespace() {
        let length = word.chars().count();
        if line_length > 0 && line_length + 1 + length > width {
            out.push('\n');
            line_length = 0;
        }
        if line_length > 0 {
            out.push(' ');
            line_length += 1;
        }
        out.push_str(word);
        line_length += length;
    }
    out.push('\n');
    out
}

/// The first sentence of the rule's explanation, on one line: the hint shown under a diagnostic
/// and in the list of rules.
pub fn summary(rule: Rule) -> String {
    let text = paragraph(rule);
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

/// Adds `text` to `out` as a paragraph of its own, wrapped, after an empty line.
fn push_paragraph(out: &mut String, text: &str) {
    out.push('\n');
    out.push_str(&wrap(text, WIDTH));
}

/// What `explain CODE` prints: the rule's code, name, severity, source, explanation and the
/// resource provider's error texts, and how to deal with a finding of it. SARIF logs carry it as
/// the rule's help.
pub fn page(rule: Rule) -> String {
    let mut out = format!(
        "{} {}\nseverity: {}\nsource: {}\n\n{}",
        rule.code(),
        rule.name(),
        rule.severity(),
        rule.source(),
        explanation(rule),
    );
    for text in rule.provider_errors() {
        push_paragraph(
            &mut out,
            &format!("Azure's resource provider reports it as: \"{text}\""),
        );
    }
    if let Some(class) = rule.change_class() {
        push_paragraph(
            &mut out,
            &format!(
                "A change between two versions of an offer that `lighthouse-offer diff` \
                     finds, of the class \"{class}\". {}",
                class.meaning()
            ),
        );
    } else if rule.severity() == Severity::Note {
        push_paragraph(
            &mut out,
            "A note: something that cannot be judged before deployment, said so that silence \
                 is not taken for a verdict. Notes never fail a check, not even with \
                 `--deny-warnings`.",
        );
    } else if rule.severity() == Severity::Warning {
        push_paragraph(
            &mut out,
            &format!(
                "A warning: once you have checked it, list \"{}\" in the document's \
                     `acknowledgedWarnings`, and it is no longer reported.",
                rule.name()
            ),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_found_by_code_or_name_in_any_case() {
        assert_eq!(find("LO0201"), Some(Rule::OwnerRole));
        assert_eq!(find("lo0201"), Some(Rule::OwnerRole));
        assert_eq!(find("owner-role"), Some(Rule::OwnerRole));
        assert_eq!(find("Owner-Role"), Some(Rule::OwnerRole));
        assert_eq!(find("LO9999"), None);
        assert_eq!(find(""), None);
    }

    #[test]
    fn the_summary_is_the_first_sentence_on_one_line() {
        assert_eq!(
            summary(Rule::OwnerRole),
            "The Owner role cannot be delegated with Azure Lighthouse."
        );
        // The first sentence of this one spans two lines in the catalog.
        assert_eq!(
            summary(Rule::TextTooShort),
            "A text is shorter than allowed (most texts must not be empty)."
        );
    }

    #[test]
    fn explanations_are_wrapped_between_words() {
        let text = explanation(Rule::MissingDeleteRole);
        assert!(
            text.starts_with("No authorization holds the Managed"),
            "{text}"
        );
        assert!(text.ends_with("or acknowledge the warning.\n"), "{text}");
        assert!(text.lines().count() > 1, "{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= WIDTH),
            "{text}"
        );
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            paragraph(Rule::MissingDeleteRole)
        );
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("aaa bbb ccc", 7), "aaa bbb\nccc\n");
        assert_eq!(wrap("aaa bbb ccc", 6), "aaa\nbbb\nccc\n");
        assert_eq!(wrap("toolongword x", 4), "toolongword\nx\n");
        assert_eq!(wrap("", 4), "\n");
    }
}
