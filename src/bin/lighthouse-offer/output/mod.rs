//! How what the commands found is shown: where a diagnostic is in its text (a JSON Pointer
//! turned into a line and column), each output format in a file of its own (human, JSON, SARIF,
//! GitHub), the pages for a browser (`html`: an offer's preview, the fleet page of an audit),
//! the rules allowed (`allow`), text from inputs made safe to print (`printable`), the audit's table, the rule catalog for people, the summary of a run, and the
//! terminal itself (the exit status once output is written, problems on standard error).
//!
//! May use `cli` (the output format asked for) and `io`; never the commands.

pub mod allow;
pub mod audit;
pub mod console;
pub mod explain;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod locate;
pub mod located;
pub mod printable;
pub mod sarif;
pub mod summary;

use crate::cli::Format;
use crate::output::located::Finding;

/// The findings in `format`, the whole output for the machine formats (a JSON array, a SARIF
/// log, one workflow command a line); for [`Format::Human`], each diagnostic followed by an empty
/// line, without the summary a command adds.
///
/// Allowed findings (`--allow`, the project file) are shown in SARIF only, as suppressed results.
pub fn render(format: Format, findings: &[Finding<'_>]) -> String {
    if format == Format::Sarif {
        return sarif::log(findings);
    }
    let shown: Vec<Finding<'_>> = findings
        .iter()
        .filter(|f| f.located.allowed.is_none())
        .copied()
        .collect();
    match format {
        Format::Human => human::render(&shown),
        Format::Json => json::render(&shown),
        Format::Sarif => sarif::log(&shown),
        Format::Github => github::render(&shown),
    }
}
