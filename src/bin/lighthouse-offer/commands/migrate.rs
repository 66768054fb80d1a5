//! `lighthouse-offer migrate`: what an offer document needs for another rule edition, and the
//! document rewritten as far as it can be without losing anything.
//!
//! Uses `cli`, `io` and `output`.

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::migration::Migration;
use lighthouse_offer::{Diagnostic, Rule, Severity};

use crate::cli::MigrateArgs;
use crate::io::document;
use crate::io::files::base_dir;
use crate::io::input::InputFormat;
use crate::output::console::{self, plural};
use crate::output::human;
use crate::output::located::{Located, is_unreadable_json, locate_all};

/// Migrates one document; `migrate --help` says what it writes and its exit status.
pub fn run(args: &MigrateArgs) -> ExitCode {
    let file = args.file.display().to_string();
    let (text, format) = match document::read_file(&args.file, args.input_format) {
        Ok(read) => read,
        Err(message) => return console::fail(&message),
    };
    if let Some(out) = &args.out
        && !args.force
        && same_file(&args.file, out)
    {
        console::error_with_help(
            &format!(
                "--out `{}` is the input file itself; migrate does not overwrite its input",
                out.display()
            ),
            "write the result to another file, or add --force to replace the input",
        );
        return ExitCode::from(2);
    }
    let out_format = args
        .out
        .as_deref()
        .map_or(format, |out| InputFormat::named_by(out).unwrap_or(format));
    let migration = match document::migrate(&text, args.to, format) {
        Ok(migration) => migration,
        Err(diagnostics) => {
            let not_json = diagnostics.iter().any(|d| is_unreadable_json(d.rule()));
            show(&file, &text, format, diagnostics);
            console::error_with_help(
                &format!("`{file}` has errors in its own edition; nothing was migrated"),
                "fix them first: `lighthouse-offer check` lists them",
            );
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
        console::notice(&format!("rewrote {rewrite}"));
    }
    warn_losses(args, format, &text, &migration);

    let document = match out_format {
        InputFormat::Json => migration.to_json_pretty(),
        InputFormat::Yaml => migration.to_yaml(),
    };
    let written = match &args.out {
        Some(out) => write_file(out, &document),
        None => console::out(&document).map_err(|e| format!("cannot write the output: {e}")),
    };
    if let Err(message) = written {
        return console::fail(&message);
    }
    let target = args.out.as_ref().map_or_else(
        || "standard output".to_owned(),
        |p| format!("`{}`", p.display()),
    );
    console::notice(&format!(
        "migrated `{file}` from edition {} to {} and wrote it to {target}: {} to make, {} to look at",
        migration.from(),
        migration.to(),
        plural(errors, "change"),
        plural(warnings, "warning"),
    ));
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Shows diagnostics of `text` on standard error, as `check` shows them.
fn show(file: &str, text: &str, format: InputFormat, diagnostics: Vec<Diagnostic>) {
    let found: Vec<Located> = locate_all(text, format, diagnostics);
    let shown = human::shown_text(text, &found);
    for f in &found {
        console::err(&human::human(file, &shown, f));
        console::err("\n\n");
    }
}

/// Warns of what the written document loses: a YAML input's comments, and image paths that are
/// not found from `--out`'s folder.
fn warn_losses(args: &MigrateArgs, format: InputFormat, text: &str, migration: &Migration) {
    if format == InputFormat::Yaml {
        let comments = lighthouse_offer::yaml::comment_lines(text);
        if let Some(first) = comments.first() {
            console::warning(
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
            console::warning(
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

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
