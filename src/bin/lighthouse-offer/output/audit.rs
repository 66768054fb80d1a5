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
