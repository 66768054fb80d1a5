//! The example outputs of README.md and of every chapter of the guide (`docs/guide/*.md`) are the
//! tool's. A `sh` block that holds one command of the tool (`lighthouse-offer ARGS` or
//! `cargo run --features cli -- ARGS`), followed right away by a `text` or `json` block, is run
//! as from the repository's root, and that block must be what the binary prints. The commands of
//! one document run in order in a fresh folder that links the repository's files, so a file one
//! writes (`preview`, `arm export`) lands there, never in the repository, a later command of the
//! same document reads it, and a second run finds no file in its way. A block may leave
//! diagnostics out with a line `(… N more …)`, which stands for the next N diagnostics (each a
//! run of lines ending with a blank line). A command that cannot run here (a live server, a file
//! of the reader's, a pipe) is marked by the line `<!-- not held: REASON -->` right before its
//! `sh` block. A chapter added later is held without a change here.

use std::path::{Path, PathBuf};

use crate::support::cli::{folder, stdout, tool};

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown file of `docs/guide/`, sorted.
fn documents() -> Vec<PathBuf> {
    let mut found = vec![root().join("README.md")];
    let mut guide: Vec<PathBuf> = std::fs::read_dir(root().join("docs/guide"))
        .expect("docs/guide is the guide's folder")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    guide.sort();
    found.extend(guide);
    found
}

/// A fenced block: its language, its lines (without the fence's indentation), whether it comes
/// right after the block before it (nothing but blank lines between), and the reason it is not
/// held, when a `<!-- not held: … -->` line comes right before it.
struct Block {
    lang: String,
    lines: Vec<String>,
    adjacent: bool,
    not_held: Option<String>,
    /// The line of the opening fence, 1-based.
    line: usize,
}

fn blocks(text: &str, name: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    // Since the last block closed: only blank lines?
    let mut only_blank = false;
    let mut marker: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            match open.take() {
                Some((block, _)) => {
                    found.push(block);
                    only_blank = true;
                    marker = None;
                }
                None => {
                    open = Some((
                        Block {
                            lang: rest.trim().to_owned(),
                            lines: Vec::new(),
                            adjacent: only_blank && !found.is_empty(),
                            not_held: marker.take(),
                            line: n + 1,
                        },
                        line.len() - trimmed.len(),
                    ));
                }
            }
        } else if let Some((block, indent)) = open.as_mut() {
            let cut = line.len() - line.trim_start().len();
            block.lines.push(line[cut.min(*indent)..].to_owned());
        } else if let Some(reason) = trimmed
            .strip_prefix("<!-- not held:")
            .and_then(|r| r.strip_suffix("-->"))
        {
            marker = Some(reason.trim().to_owned());
        } else if !trimmed.is_empty() {
            only_blank = false;
            marker = None;
        }
    }
    assert!(
        open.is_none(),
        "{name} has a fenced block that is not closed"
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

/// The arguments of a command that runs the tool, `None` for any other command.
fn arguments(command: &str) -> Option<Vec<&str>> {
    let rest = command
        .strip_prefix("cargo run --features cli -- ")
        .or_else(|| command.strip_prefix("lighthouse-offer "))?;
    Some(rest.split_whitespace().collect())
}

/// One example: a document's command of the tool and the output shown after it.
struct Example {
    /// `README.md` or `docs/guide/NAME.md`, and the line of the command's block.
    place: String,
    command: String,
    shown: Vec<String>,
}

/// Every held example of one document's text.
fn examples_of(text: &str, name: &str) -> Vec<Example> {
    let all = blocks(text, name);
    let mut found = Vec::new();
    for pair in all.windows(2) {
        let [command, output] = pair else {
            unreachable!()
        };
        let shows_output = output.adjacent && (output.lang == "text" || output.lang == "json");
        if command.lang != "sh" || !shows_output || command.not_held.is_some() {
            continue;
        }
        let place = format!("{name}:{}", command.line);
        let lines = commands(command);
        assert!(
            lines.len() == 1 && arguments(&lines[0]).is_some(),
            "{place}: a `sh` block followed by its output must hold one command of the tool \
             (`lighthouse-offer ARGS` or `cargo run --features cli -- ARGS`), or be marked \
             `<!-- not held: REASON -->`; it holds {lines:?}"
        );
        let args = arguments(&lines[0]).unwrap();
        assert!(
            !args
                .iter()
                .any(|a| ["|", ">", "<", "&", "&&", ";"].contains(a) || a.contains("$(")),
            "{place}: `{}` needs a shell; mark it `<!-- not held: REASON -->`",
            lines[0]
        );
        found.push(Example {
            place,
            command: lines[0].clone(),
            shown: output.lines.clone(),
        });
    }
    found
}

/// Every held example of README.md and the guide.
fn examples() -> Vec<Example> {
    documents()
        .iter()
        .flat_map(|path| {
            let name = path.strip_prefix(root()).unwrap().display().to_string();
            examples_of(&std::fs::read_to_string(path).unwrap(), &name)
        })
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

/// Compares the shown lines with the output's, `(… N more …)` standing for N diagnostics.
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
                        panic!("`{command}` prints fewer diagnostics than the docs leave out")
                    });
                at += end + 1;
            }
            continue;
        }
        assert_eq!(
            printed.get(at).copied(),
            Some(line.as_str()),
            "line {} of the output shown for `{command}` is stale; the tool prints:\n{}",
            n + 1,
            printed.join("\n")
        );
        at += 1;
    }
    assert_eq!(
        at,
        printed.len(),
        "the docs leave out the end of the output of `{command}`:\n{}",
        printed[at..].join("\n")
    );
}

/// A fresh folder that looks like the repository's root: each of the root's entries (but the
/// target folder and `.git`) linked, so that relative paths read the repository's files and
/// what a command writes stays in the folder.
fn repository_view(index: usize) -> PathBuf {
    let view = folder("readme", &format!("document-{index}"));
    for entry in std::fs::read_dir(root()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == ".git" || name == "target" {
            continue;
        }
        std::os::unix::fs::symlink(entry.path(), view.join(&name)).unwrap();
    }
    view
}

/// Runs the example's command and compares: standard output, then standard error.
fn holds(example: &Example, view: &Path) {
    let args = arguments(&example.command).unwrap();
    let output = tool()
        .args(&args)
        .current_dir(view)
        .output()
        .expect("the binary runs");
    let mut printed = stdout(&output);
    printed.push_str(&String::from_utf8_lossy(&output.stderr));
    let place = format!("{} (`{}`)", example.place, example.command);
    assert_shown(&example.shown, &printed, &place);
}

#[test]
fn every_output_shown_in_the_readme_and_the_guide_is_what_the_tool_prints() {
    let all = examples();
    let mut views: Vec<(&str, PathBuf)> = Vec::new();
    for example in &all {
        let document = example.place.split(':').next().unwrap_or_default();
        if views.last().is_none_or(|(name, _)| *name != document) {
            views.push((document, repository_view(views.len())));
        }
        holds(example, &views.last().unwrap().1);
    }
    // The examples this test was written for are among them: the main command on the offer for
    // today's rules, the seeds' offer, a Bicep finding at its Bicep line, an update, an audit.
    for command in [
        "cargo run --features cli -- check examples/contoso-sentinel-2026/offer.json",
        "lighthouse-offer check examples/contoso-sentinel/offer.json",
        "lighthouse-offer check tests/fixtures/bicep/owner-in-parameters.bicepparam",
        "lighthouse-offer diff examples/contoso-sentinel/offer.json examples/contoso-sentinel/next-version.json",
        "lighthouse-offer audit examples/contoso-sentinel/offer.json --from examples/contoso-sentinel/deployed/assignments.json",
        "lighthouse-offer check --format json examples/contoso-sentinel-2026/owner-role.json",
        "lighthouse-offer check --format github examples/contoso-sentinel-2026/owner-role.json",
    ] {
        assert!(
            all.iter().any(|e| e.command == command),
            "no document shows `{command}` with its output"
        );
    }
}

#[test]
fn the_readme_shows_its_main_command_first_with_its_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let first = examples_of(&readme, "README.md")
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(
        first.command,
        "cargo run --features cli -- check examples/contoso-sentinel-2026/offer.json"
    );
}

#[test]
fn a_chapter_added_later_is_held_and_a_marked_block_is_not() {
    let chapter = "# A chapter\n\n\
        ```sh\nlighthouse-offer check a.json   # a comment\n```\n```text\nout\n```\n\n\
        Prose.\n\n\
        <!-- not held: needs a live server -->\n\
        ```sh\nlighthouse-offer audit --live x\n```\n\n```text\nlive\n```\n\n\
        ```sh\nlighthouse-offer roles x\n```\n\nProse between: not its output.\n\n```text\nnot held\n```\n\n\
        - a list item:\n\n  ```sh\n  lighthouse-offer schema\n  ```\n  ```json\n  {}\n  ```\n";
    let found = examples_of(chapter, "t.md");
    let shown: Vec<(&str, Vec<String>)> = found
        .iter()
        .map(|e| (e.command.as_str(), e.shown.clone()))
        .collect();
    assert_eq!(
        shown,
        [
            ("lighthouse-offer check a.json", vec!["out".to_owned()]),
            ("lighthouse-offer schema", vec!["{}".to_owned()]),
        ]
    );
    let piped = std::panic::catch_unwind(|| {
        examples_of(
            "```sh\nlighthouse-offer check a.json > b\n```\n```text\nx\n```\n",
            "t",
        )
    });
    assert!(
        piped.is_err(),
        "a command that needs a shell must be marked"
    );
    let other = std::panic::catch_unwind(|| {
        examples_of("```sh\ngit show v1:a.json\n```\n```text\nx\n```\n", "t")
    });
    assert!(other.is_err(), "only the tool's commands are held");
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
    assert!(too_few.is_err(), "docs that leave out the end must fail");
    let stale = std::panic::catch_unwind(|| {
        assert_shown(&shown(&["a", "x", "", "(… 1 more …)", "d"]), printed, "t");
    });
    assert!(stale.is_err(), "a stale line must fail");
}
