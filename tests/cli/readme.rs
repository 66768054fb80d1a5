//! The README's example outputs are the tool's: each command the README shows with its output
//! is run, and the fenced `text` block after it must be what the binary prints. A block may leave
//! diagnostics out with a line `(… N more …)`, which stands for the next N diagnostics (each a
//! run of lines ending with a blank line).

use crate::support::cli::{run, stdout};

/// The README, read from the repository.
fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

/// A fenced block: its language and its lines.
struct Block {
    lang: String,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            match open.take() {
                Some(block) => found.push(block),
                None => {
                    open = Some(Block {
                        lang: rest.trim().to_owned(),
                        lines: Vec::new(),
                    });
                }
            }
        } else if let Some(block) = open.as_mut() {
            block.lines.push(line.to_owned());
        }
    }
    assert!(
        open.is_none(),
        "the README has a fenced block that is not closed"
    );
    found
}

/// The commands of a `sh` block, with `\` continuations joined and comments left out.
fn commands(block: &Block) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in &block.lines {
        let line = line.split(" #").next().unwrap_or_default().trim();
        if let Some(start) = line.strip_suffix('\\') {
            current.push_str(start.trim_end());
            current.push(' ');
        } else {
            current.push_str(line);
            if !current.trim().is_empty() {
                out.push(current.trim().to_owned());
            }
            current.clear();
        }
    }
    out
}

/// The `text` block the README shows after the `sh` block holding `command`.
fn output_shown_after(command: &str) -> Vec<String> {
    let text = readme();
    let all = blocks(&text);
    let at = all
        .iter()
        .position(|b| b.lang == "sh" && commands(b).iter().any(|c| c == command))
        .unwrap_or_else(|| panic!("the README shows no command `{command}`"));
    let next = all
        .get(at + 1)
        .unwrap_or_else(|| panic!("no block after `{command}`"));
    assert_eq!(
        next.lang, "text",
        "the block after `{command}` is not its output"
    );
    next.lines.clone()
}

/// The arguments of `cargo run --features cli -- ARGS`.
fn arguments(command: &str) -> Vec<&str> {
    command
        .strip_prefix("cargo run --features cli -- ")
        .unwrap_or_else(|| panic!("`{command}` does not run the binary with cargo"))
        .split_whitespace()
        .collect()
}

/// `(… N more …)`: N.
fn elided(line: &str) -> Option<usize> {
    line.trim()
        .strip_prefix("(… ")?
        .strip_suffix(" more …)")?
        .parse()
        .ok()
}

/// Compares the README's lines with the output's, `(… N more …)` standing for N diagnostics.
fn assert_shown(shown: &[String], printed: &str, command: &str) {
    let printed: Vec<&str> = printed.lines().collect();
    let mut at = 0;
    let mut after_elision = false;
    for (n, line) in shown.iter().enumerate() {
        // The blank line after `(… N more …)` is the last elided diagnostic's.
        if std::mem::take(&mut after_elision) && line.is_empty() {
            continue;
        }
        if let Some(count) = elided(line) {
            after_elision = true;
            for _ in 0..count {
                let end = printed[at..]
                    .iter()
                    .position(|l| l.is_empty())
                    .unwrap_or_else(|| {
                        panic!("`{command}` prints fewer diagnostics than the README leaves out")
                    });
                at += end + 1;
            }
            continue;
        }
        assert_eq!(
            printed.get(at).copied(),
            Some(line.as_str()),
            "README line {} of the output of `{command}` is stale; the tool prints:\n{}",
            n + 1,
            printed.join("\n")
        );
        at += 1;
    }
    assert_eq!(
        at,
        printed.len(),
        "the README leaves out the end of the output of `{command}`:\n{}",
        printed[at..].join("\n")
    );
}

fn holds(command: &str) {
    let shown = output_shown_after(command);
    let output = run(&arguments(command));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_shown(&shown, &stdout(&output), command);
}

#[test]
fn the_readmes_check_output_is_what_check_prints() {
    // The main command: the offer written for today's rules.
    holds("cargo run --features cli -- check examples/contoso-sentinel-2026/offer.json");
    // The offer written for the seeds' rules (2020).
    holds("cargo run --features cli -- check examples/contoso-sentinel/offer.json");
    // A Bicep file's finding at its Bicep line (issue 23).
    holds("cargo run --features cli -- check tests/fixtures/bicep/owner-in-parameters.bicepparam");
}

#[test]
fn the_readmes_audit_output_is_what_audit_prints() {
    holds(
        "cargo run --features cli -- audit examples/contoso-sentinel/offer.json --from examples/contoso-sentinel/deployed/assignments.json",
    );
}

#[test]
fn an_elision_stands_for_whole_diagnostics_only() {
    let printed = "a\nb\n\nc\n\nd\n";
    let shown = |lines: &[&str]| lines.iter().map(|l| (*l).to_owned()).collect::<Vec<_>>();
    assert_shown(
        &shown(&["a", "b", "", "(… 1 more …)", "", "d"]),
        printed,
        "t",
    );
    let too_few = std::panic::catch_unwind(|| {
        assert_shown(&shown(&["a", "b", "", "(… 1 more …)"]), printed, "t");
    });
    assert!(
        too_few.is_err(),
        "a README that leaves out the end must fail"
    );
    let stale = std::panic::catch_unwind(|| {
        assert_shown(&shown(&["a", "x", "", "(… 1 more …)", "d"]), printed, "t");
    });
    assert!(stale.is_err(), "a stale line must fail");
}
