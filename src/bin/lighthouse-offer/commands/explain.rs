//! `lighthouse-offer explain`: what a diagnostic means, from the rule catalog: one rule by code
//! or name, the rules an error text of Azure's resource provider names, or the list of all.
//!
//! Uses `output` (the catalog's text, the terminal).

use std::fmt::Write as _;
use std::process::ExitCode;

use lighthouse_offer::Rule;
use lighthouse_offer::rules::{UNCHECKED_PROVIDER_ERRORS, provider_text_matches};

use crate::output::console;
use crate::output::explain::{WIDTH, find, page, summary, wrap};

/// `explain TEXT`: the rule with this code or name, or the rules whose resource provider error
/// texts contain `TEXT` (any case), or the provider's errors that no rule finds.
pub fn run(code_or_name: &str) -> ExitCode {
    if let Some(rule) = find(code_or_name) {
        return console::finish(console::out(&page(rule)), ExitCode::SUCCESS);
    }
    let by_error = Rule::find_by_provider_error(code_or_name);
    let unchecked: Vec<_> = UNCHECKED_PROVIDER_ERRORS
        .iter()
        .filter(|e| provider_text_matches(e.text, code_or_name))
        .collect();
    if by_error.is_empty() && unchecked.is_empty() {
        console::error_with_help(
            &format!(
                "no rule has the code or name `{code_or_name}`, and no error of the resource provider that the crate knows contains it"
            ),
            &match Rule::closest(code_or_name) {
                Some(near) => format!(
                    "did you mean `{}` ({})? `lighthouse-offer explain --list` lists every rule",
                    near.name(),
                    near.code()
                ),
                None => "`lighthouse-offer explain --list` lists every rule".to_owned(),
            },
        );
        return ExitCode::from(2);
    }
    let mut out = String::new();
    for rule in by_error {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&page(rule));
    }
    for error in unchecked {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = write!(
            out,
            "Azure's error \"{}\"\nsource: {}\n\n{}",
            error.text,
            error.source,
            wrap(
                &format!("No rule of this crate finds it: {}", error.reason),
                WIDTH
            )
        );
    }
    console::finish(console::out(&out), ExitCode::SUCCESS)
}

/// `explain --list`: every rule on one line, in code order.
pub fn list() -> ExitCode {
    let width = Rule::ALL
        .iter()
        .map(|rule| rule.name().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for rule in Rule::ALL {
        let _ = writeln!(
            out,
            "{}  {:<7}  {:<width$}  {}",
            rule.code(),
            rule.severity().to_string(),
            rule.name(),
            summary(*rule),
        );
    }
    console::finish(console::out(&out), ExitCode::SUCCESS)
}
