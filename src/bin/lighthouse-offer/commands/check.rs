//! `lighthouse-offer check`: read offer documents, check them, show what was found.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::Edition;

use crate::cli::CheckArgs;
use crate::io::input::InputFormat;
use crate::io::{document, files};
use crate::output::located::locate_all;
use crate::output::summary::{Run, Shown};

/// Checks every file, shows every diagnostic, and says how it went: 0 when no document has an
/// error (nor a warning, with `--deny-warnings`), 1 when one has, 2 when a file could not be read
/// or is not JSON (that takes precedence).
///
/// Human output is written document by document, so that it interleaves with the problems
/// written to standard error; the other formats are written once, at the end.
pub fn run(args: &CheckArgs) -> ExitCode {
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let mut run = Run::new(args.format, args.deny_warnings);
    for path in &args.files {
        let file = path.display().to_string();
        let Some(text) = run.tally.read(path) else {
            continue;
        };
        let format = InputFormat::of(path, args.input_format);
        let diagnostics = document::check(
            &text,
            format,
            Some(files::base_dir(path)),
            args.edition,
            &catalog,
        );
        let found = locate_all(&text, format, diagnostics);
        run.tally.add(&found);
        let note = if run.is_human() {
            edition_line(&file, &text, format, args.edition)
        } else {
            None
        };
        run.show(vec![Shown { file, text, found }], note.as_deref());
    }
    run.end()
}

/// Which edition's rules judged the document, and why: chosen with `--edition`, named in the
/// document, or the default for a document that names none. `None` for a text that is not a
/// document (its syntax errors say so).
fn edition_line(
    file: &str,
    text: &str,
    format: InputFormat,
    chosen: Option<Edition>,
) -> Option<String> {
    if let Some(edition) = chosen {
        return Some(format!(
            "`{file}` was checked against edition {edition} (chosen with `--edition`)"
        ));
    }
    let value = format.value(text)?;
    match value.as_object()?.get("edition") {
        None => Some(format!(
            "`{file}` was checked against edition {} (the default: the document names no \
             edition)",
            Edition::default()
        )),
        Some(named) => {
            let edition: Edition = named.as_str()?.parse().ok()?;
            Some(format!(
                "`{file}` was checked against edition {edition} (named in the document)"
            ))
        }
    }
}
