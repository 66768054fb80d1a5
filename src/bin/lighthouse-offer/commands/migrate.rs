//! `lighthouse-offer migrate`: what an offer document needs for another rule edition, and the
//! document rewritten as far as it can be without losing anything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use annotate_snippets::Level;
use clap::Args;
use lighthouse_offer::{Diagnostic, Edition, Migration, Rule, Severity};

use crate::check::{base_dir, locate_all_as, read};
use crate::input::InputFormat;
use crate::render::{self, Located};
use crate::{edition_parser, model};

/// Examples under `migrate --help`.
pub const EXAMPLES: &str = "\
Examples:
  lighthouse-offer migrate offer.json --to 2026 > offer-2026.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer migrate offer.yaml --to 2026 --out offer.yaml --force";

/// `migrate --help`'s long text.
pub const LONG_HELP: &str = "\
What it does:
  Reads FILE and checks it in its own edition (its `edition` field, 2020 when it has none);
  a document with errors there is not migrated. Then it lists, on standard error, what the
  document needs for the edition given with --to: each change as `check` shows a diagnostic,
  at its place in FILE, image files included (read relative to FILE's folder). It rewrites
  what can be rewritten without losing anything (the `edition` field; acknowledgements of
  warnings the new edition does not have) and writes the rewritten document to standard
  output, or to --out. Nothing is left out of it: an image the new edition does not allow
  (a wide logo or a hero image in 2026) stays in the rewritten document, reported as an
  error, until you remove it.

Output:
  The document is written in FILE's format (JSON or YAML), or in the one --out's extension
  names (.json; .yaml or .yml). --out never replaces FILE itself unless --force is given.
  YAML comments are not kept: the rewritten document is written from the values read, and
  a warning says so when FILE has comments. Image paths stay as they are, relative to the
  document's folder: a warning says when they are not found from --out's folder (write
  --out in FILE's folder, or copy the images beside it).

Exit status:
  0  the rewritten document passes the new edition's checks
  1  it was written, but needs the changes listed (errors); or FILE has errors in its own
     edition and nothing was written
  2  FILE could not be read, is not UTF-8 or not JSON, the output could not be written,
     or the command line is wrong

Examples:
  lighthouse-offer migrate offer.json --to 2026 > offer-2026.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer migrate offer.yaml --to 2026 --out offer.yaml --force";

/// Arguments of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml); image paths are relative to its folder
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The rule edition to migrate to
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub to: Edition,
    /// Write the rewritten document to this file instead of standard output, in the format
    /// its extension names (.json, .yaml, .yml; FILE's format for another extension)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace FILE itself (without it, migrate refuses to overwrite its input)
    #[arg(long)]
    pub force: bool,
    /// Read FILE as this format, whatever its extension; the document is written back in it
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

/// Migrates one document; see [`LONG_HELP`] for what it writes and its exit status.
pub fn run(args: &MigrateArgs) -> ExitCode {
    let file = args.file.display().to_string();
    let text = match read(&args.file) {
        Ok(text) => text,
        Err(message) => return fail(&message),
    };
    let format = InputFormat::of(&args.file, args.input_format);
    if let Some(out) = &args.out
        && !args.force
        && same_file(&args.file, out)
    {
        render::err(&render::problem_with_help(
            &format!(
                "--out `{}` is the input file itself; migrate does not overwrite its input",
                out.display()
            ),
            "write the result to another file, or add --force to replace the input",
        ));
        render::err("\n");
        return ExitCode::from(2);
    }
    let out_format = args
        .out
        .as_deref()
        .map_or(format, |out| output_format(out, format));
    let migration = match model::migrate_document_as(&text, args.to, format) {
        Ok(migration) => migration,
        Err(diagnostics) => {
            let not_json = diagnostics
                .iter()
                .any(|d| render::is_unreadable_json(d.rule()));
            show(&file, &text, format, diagnostics);
            render::err(&render::problem_with_help(
                &format!("`{file}` has errors in its own edition; nothing was migrated"),
                "fix them first: `lighthouse-offer check` lists them",
            ));
            render::err("\n");
            return ExitCode::from(if not_json { 2 } else { 1 });
        }
    };
    let mut changes: Vec<Diagnostic> = migration.changes().to_vec();
    changes.extend(migration.verify_images(base_dir(&args.file)));
    let errors = changes
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = changes.len() - errors;
    show(&file, &text, format, changes);
    for rewrite in migration.rewrites() {
        render::err(&render::note(&format!("rewrote {rewrite}")));
        render::err("\n");
    }
    warn_losses(args, format, &text, &migration);

    let document = match out_format {
        InputFormat::Json => migration.to_json_pretty(),
        InputFormat::Yaml => migration.to_yaml(),
    };
    let written = match &args.out {
        Some(out) => write_file(out, &document),
        None => render::out(&document).map_err(|e| format!("cannot write the output: {e}")),
    };
    if let Err(message) = written {
        return fail(&message);
    }
    let target = args.out.as_ref().map_or_else(
        || "standard output".to_owned(),
        |p| format!("`{}`", p.display()),
    );
    render::err(&render::note(&format!(
        "migrated `{file}` from edition {} to {} and wrote it to {target}: {} to make, {} to look at",
        migration.from(),
        migration.to(),
        plural(errors, "change"),
        plural(warnings, "warning"),
    )));
    render::err("\n");
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Shows diagnostics of `text` on standard error, as `check` shows them.
fn show(file: &str, text: &str, format: InputFormat, diagnostics: Vec<Diagnostic>) {
    let found: Vec<Located> = locate_all_as(text, format, diagnostics);
    let shown = render::shown_text(text, &found);
    for f in &found {
        render::err(&render::human(file, &shown, f));
        render::err("\n\n");
    }
}

/// Warns of what the written document loses: a YAML input's comments, and image paths that are
/// not found from `--out`'s folder.
fn warn_losses(args: &MigrateArgs, format: InputFormat, text: &str, migration: &Migration) {
    if format == InputFormat::Yaml {
        let comments = lighthouse_offer::yaml::comment_lines(text);
        if let Some(first) = comments.first() {
            warn(
                &format!(
                    "`{}` has comments (on {}, the first at line {first}); the rewritten \
                     document does not keep them: it is written from the values read",
                    args.file.display(),
                    plural(comments.len(), "line")
                ),
                "copy the comments you need into the new document",
            );
        }
    }
    if let Some(out) = &args.out {
        let lost = lost_images(migration, &args.file, out);
        if lost > 0 {
            warn(
                &format!(
                    "{} of the document not found from `{}`'s folder: image paths are \
                     relative to the document's folder, and are written as they are",
                    plural(lost, "image"),
                    out.display()
                ),
                "write --out in the input's folder, or copy the images beside the new document",
            );
        }
    }
}

/// The format of the document written to `out`: its extension's, else the input's.
fn output_format(out: &Path, input: InputFormat) -> InputFormat {
    let extension = out.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if extension.eq_ignore_ascii_case("json") {
        InputFormat::Json
    } else if extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml") {
        InputFormat::Yaml
    } else {
        input
    }
}

/// Whether `out` names the file `input` (through another spelling, a link or `..` too).
fn same_file(input: &Path, out: &Path) -> bool {
    match (input.canonicalize(), out.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// How many images found from the input's folder are not found from `out`'s folder.
fn lost_images(migration: &Migration, input: &Path, out: &Path) -> usize {
    let (from, to) = (base_dir(input), base_dir(out));
    if same_file(from, to) {
        return 0;
    }
    let missing = |dir: &Path| -> Vec<String> {
        migration
            .verify_images(dir)
            .iter()
            .filter(|d| d.rule() == Rule::ImageNotFound)
            .map(|d| d.path().as_str().to_owned())
            .collect()
    };
    let before = missing(from);
    missing(to)
        .iter()
        .filter(|path| !before.contains(path))
        .count()
}

/// A warning that is not a diagnostic of the document, with how to go on.
fn warn(message: &str, help: &str) {
    render::err(
        &render::renderer().render(&[Level::WARNING
            .primary_title(message)
            .element(Level::HELP.message(help))]),
    );
    render::err("\n");
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn fail(message: &str) -> ExitCode {
    render::err(&render::problem(message));
    render::err("\n");
    ExitCode::from(2)
}

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}
