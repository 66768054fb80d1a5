//! `lighthouse-offer check`: read offer documents, ARM files, Bicep files and Terraform modules
//! and plans, check them, show what was found. An ARM, Bicep or Terraform file is judged as
//! `arm check` judges an ARM file.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::Edition;

use crate::cli::{CheckArgs, KindArg};
use crate::io::input::InputFormat;
use crate::io::{document, files, project};
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::located::locate_all;
use crate::output::summary::{Run, Shown};

use super::FileKind;

/// Checks every file, shows every diagnostic, and says how it went: 0 when no document has an
/// error (nor a warning, with `--deny-warnings`), 1 when one has, 2 when a file could not be read
/// or is not JSON (that takes precedence).
///
/// Human output is written document by document, so that it interleaves with the problems
/// written to standard error; the other formats are written once, at the end.
pub fn run(args: &CheckArgs) -> ExitCode {
    let given = match Allowed::from_args(&args.allow) {
        Ok(given) => given,
        Err(message) => return console::fail(&message),
    };
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let mut run = Run::new(args.format, args.deny_warnings);
    for path in &args.files {
        let file = path.display().to_string();
        // A Terraform module: a folder of `.tf` files, or one of them (its folder is read).
        if args.kind.is_none_or(|k| k == KindArg::Terraform)
            && (path.is_dir() || super::is_terraform(path))
        {
            let allowed = match project::for_document(path)
                .and_then(|project| given.with_project(project.as_ref()))
            {
                Ok(allowed) => allowed,
                Err(message) => return console::fail(&message),
            };
            let shown = super::check_terraform(
                path,
                None,
                &args.var_files,
                &catalog,
                &allowed,
                &mut run.tally,
            );
            run.show(shown, None);
            continue;
        }
        let Some(text) = run.tally.read(path) else {
            continue;
        };
        // The project file of the document's folder (or above): rules allowed, the default
        // edition.
        let (allowed, project) = match project::for_document(path)
            .and_then(|project| Ok((given.with_project(project.as_ref())?, project)))
        {
            Ok(found) => found,
            Err(message) => return console::fail(&message),
        };
        let format = InputFormat::of(path, args.input_format);
        let kind = FileKind::of(path, &text, format, args.kind);
        if kind != FileKind::Offer {
            let options = lighthouse_offer::arm::CheckOptions::new().role_catalog(catalog.clone());
            let shown =
                super::check_delegation(kind, &options, path, text, &allowed, &mut run.tally);
            run.show(shown, None);
            continue;
        }
        let chosen = match (args.edition, project.as_ref().and_then(|p| p.edition)) {
            (Some(edition), _) => Some(Chosen::Argument(edition)),
            (None, Some(edition)) if !project::names_edition(&text, format) => Some(
                Chosen::Project(edition, project.as_ref().map(|p| p.path.clone())),
            ),
            _ => None,
        };
        let edition = chosen.as_ref().map(Chosen::edition);
        let diagnostics = document::check(
            &text,
            format,
            Some(files::base_dir(path)),
            edition,
            &catalog,
        );
        let mut found = locate_all(&text, format, diagnostics);
        allowed.mark(&mut found);
        run.tally.add(&found);
        let note = if run.is_human() {
            edition_line(&file, &text, format, chosen.as_ref())
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
    chosen: Option<&Chosen>,
) -> Option<String> {
    match chosen {
        Some(Chosen::Argument(edition)) => {
            return Some(format!(
                "`{file}` was checked against edition {edition} (chosen with `--edition`)"
            ));
        }
        Some(Chosen::Project(edition, path)) => {
            let path = path
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Some(format!(
                "`{file}` was checked against edition {edition} (the default of `{path}`: the \
                 document names no edition)"
            ));
        }
        None => {}
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

/// Where the edition a document is checked against comes from, when not from the document.
enum Chosen {
    /// `--edition`.
    Argument(Edition),
    /// The project file's `edition`, for a document that names none.
    Project(Edition, Option<std::path::PathBuf>),
}

impl Chosen {
    fn edition(&self) -> Edition {
        match self {
            Chosen::Argument(edition) | Chosen::Project(edition, _) => *edition,
        }
    }
}
