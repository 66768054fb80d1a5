//! The end of `audit`'s human output: a table of the delegations (customer subscription and
//! resource group, plan, deployed version, verdict), the totals, the headline that says whether
//! the audit found drift, and the pointer to `explain`.
//!
//! Uses `output::console` and `output::summary`.

use std::fmt::Write as _;

use lighthouse_offer::PlanId;
use lighthouse_offer::audit::{Audit, DelegationKind, Totals};

use crate::output::console::{self, plural};
use crate::output::summary::more_about;

/// What the last line of the human output says.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Headline {
    /// The audited delegations drifted (errors, or warnings under `--deny-warnings`).
    Drift,
    /// No drift among what was audited, but some input could not be read (or read as
    /// delegations): the audit is incomplete.
    Incomplete,
    /// Everything was read; no drift.
    Audited,
}

/// The end of the human output: the table of delegations (when there are any), the totals
/// (`missing` inputs that could not be read), and where to read more about `codes` (sorted,
/// each once).
pub fn ending(
    all: &Audit,
    totals: &Totals,
    codes: &[&str],
    headline: Headline,
    missing: usize,
) -> String {
    let mut out = String::new();
    if totals.delegations > 0 {
        out.push_str(&table(all));
        out.push('\n');
    }
    let mut line = totals_line(totals);
    if missing > 0 {
        let _ = write!(line, "; {} could not be read", plural(missing, "input"));
    }
    out.push_str(&match headline {
        Headline::Drift => console::problem(&format!("the audit found drift: {line}")),
        Headline::Incomplete => console::problem(&format!(
            "the audit is incomplete, some input could not be read: {line}"
        )),
        Headline::Audited => console::note(&format!("audited {line}")),
    });
    out.push('\n');
    if let Some(more) = more_about(codes) {
        out.push_str(&more);
        out.push('\n');
    }
    out
}

/// A header and one line per delegation: customer subscription and resource group, plan,
/// deployed version, verdict (with the counts of errors and warnings).
pub fn table(all: &Audit) -> String {
    let rows: Vec<[String; 5]> = all
        .delegations()
        .iter()
        .map(|d| {
            let (subscription, group) = d.scope().map_or_else(
                || ("-".to_owned(), "-".to_owned()),
                |s| {
                    (
                        s.subscription().to_string(),
                        s.resource_group().unwrap_or("-").to_owned(),
                    )
                },
            );
            let plan = d.plan().map_or("-", PlanId::as_str).to_owned();
            let version = d.deployed_version().unwrap_or("-").to_owned();
            let mut verdict = d.verdict().label().to_owned();
            if d.errors() + d.warnings() > 0 {
                let _ = write!(
                    verdict,
                    " ({}, {})",
                    plural(d.errors(), "error"),
                    plural(d.warnings(), "warning")
                );
            }
            match d.kind() {
                DelegationKind::Definition => verdict.push_str(" [definition, not assigned]"),
                DelegationKind::MarketplaceDefinition => {
                    verdict.push_str(" [marketplace definition]");
                }
                // An assignment, or a kind added later: the verdict says it all.
                _ => {}
            }
            [subscription, group, plan, version, verdict]
        })
        .collect();
    let header = [
        "subscription",
        "resource group",
        "plan",
        "deployed",
        "verdict",
    ];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                let _ = write!(text, "{cell:<width$}  ", width = widths[i]);
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(header);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3], &row[4]]);
    }
    out
}

/// The last line of the summary: the delegations by verdict, then the diagnostics.
pub fn totals_line(t: &Totals) -> String {
    let mut parts = vec![
        format!("{} in sync", t.in_sync),
        format!("{} with warnings", t.with_warnings),
        format!("{} drifted", t.drifted),
    ];
    if t.unmatched > 0 {
        parts.push(format!("{} matching no plan", t.unmatched));
    }
    if t.foreign > 0 {
        parts.push(format!("{} of other tenants", t.foreign));
    }
    if t.other_providers > 0 {
        parts.push(format!("{} of other providers", t.other_providers));
    }
    if t.not_judged > 0 {
        parts.push(format!("{} not judged", t.not_judged));
    }
    format!(
        "{}: {}; {}, {}",
        plural(t.delegations, "delegation"),
        parts.join(", "),
        plural(t.errors, "error"),
        plural(t.warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use lighthouse_offer::Offer;
    use lighthouse_offer::audit::{self, Deployed};

    use super::*;

    /// The audit of the example's deployed delegations against its offer.
    fn example() -> Audit {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
        let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
        let offer = Offer::from_json_str(&read("offer.json"))
            .unwrap()
            .into_parts()
            .0;
        let deployed = Deployed::from_json_str(&read("deployed/assignments.json")).unwrap();
        audit::audit(&offer, &deployed)
    }

    #[test]
    fn the_table_has_a_line_per_delegation_and_the_totals_follow() {
        let audited = example();
        let table = table(&audited);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), audited.delegations().len() + 1, "{table}");
        assert!(lines[0].starts_with("subscription"));
        for (line, d) in lines[1..].iter().zip(audited.delegations()) {
            let scope = d.scope().unwrap();
            assert!(
                line.starts_with(&scope.subscription().to_string()),
                "{line}"
            );
            assert!(
                line.contains(scope.resource_group().unwrap_or("-")),
                "{line}"
            );
            assert!(line.contains(d.verdict().label()), "{line}");
        }
        let totals = audited.totals();
        let line = totals_line(&totals);
        assert!(
            line.starts_with(&format!("{} delegations: ", totals.delegations)),
            "{line}"
        );
        assert!(
            line.ends_with(&format!(
                "; {}, {}",
                plural(totals.errors, "error"),
                plural(totals.warnings, "warning")
            )),
            "{line}"
        );
    }

    #[test]
    fn the_totals_line_names_other_providers_only_when_there_are_some() {
        let two = Totals {
            delegations: 2,
            other_providers: 2,
            ..Totals::default()
        };
        assert_eq!(
            totals_line(&two),
            "2 delegations: 0 in sync, 0 with warnings, 0 drifted, 2 of other providers; 0 \
             errors, 0 warnings"
        );
        let one = Totals {
            delegations: 1,
            drifted: 1,
            errors: 1,
            ..Totals::default()
        };
        assert_eq!(
            totals_line(&one),
            "1 delegation: 0 in sync, 0 with warnings, 1 drifted; 1 error, 0 warnings"
        );
    }
}
