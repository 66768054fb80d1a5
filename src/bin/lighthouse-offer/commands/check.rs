//! `lighthouse-offer check`: read offer documents, ARM files, Bicep files and Terraform modules
//! and plans, check them, show what was found. An ARM, Bicep or Terraform file is judged as
//! `arm check` judges an ARM file.
//!
//! Uses `cli`, `io` and `output`.

use std::process::ExitCode;

use lighthouse_offer::Edition;

use crate::cli::{CheckArgs, KindArg};
use crate::io::input::InputFormat;
use crate::io::{arm, document, files, project};
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::located::locate_all;
use crate::output::summary::{Run, Shown, Tally};

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
            let shown =
                super::check_terraform(path, &args.var_files, &catalog, &allowed, &mut run.tally);
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
        let kind = args
            .kind
            .or_else(|| super::is_bicep(path).then_some(KindArg::Bicep));
        if kind == Some(KindArg::Bicep) {
            let shown = super::check_bicep(path, text, &allowed, &mut run.tally);
            run.show(shown, None);
            continue;
        }
        let format = InputFormat::of(path, args.input_format);
        if kind == Some(KindArg::Terraform) || (kind.is_none() && is_plan(&text, format)) {
            let shown =
                super::check_terraform_plan(path, &text, &catalog, &allowed, &mut run.tally);
            run.show(shown, None);
            continue;
        }
        if kind == Some(KindArg::Arm) || (kind.is_none() && is_arm(&text, format)) {
            let shown = check_arm(path, text, &catalog, &allowed, &mut run.tally);
            run.show(shown, None);
            continue;
        }
        let chosen = match (args.edition, project.as_ref().and_then(|p| p.edition)) {
            (Some(edition), _) => Some(Chosen::Argument(edition)),
            (None, Some(edition)) if !names_edition(&text, format) => Some(Chosen::Project(
                edition,
                project.as_ref().map(|p| p.path.clone()),
            )),
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

/// Whether the document names its edition (`edition` at the top).
fn names_edition(text: &str, format: InputFormat) -> bool {
    format
        .value(text)
        .is_some_and(|value| value.get("edition").is_some())
}

/// Whether a text `check` was given is an ARM template or parameters file: JSON that
/// `arm check` would read (by its `$schema`, or its shape without one), not an offer document.
fn is_arm(text: &str, format: InputFormat) -> bool {
    format == InputFormat::Json
        && serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .as_ref()
            .and_then(arm::kind_of)
            .is_some_and(|kind| kind != arm::FileKind::Offer)
}

/// Whether a JSON text is a Terraform plan (`terraform show -json`).
fn is_plan(text: &str, format: InputFormat) -> bool {
    format == InputFormat::Json
        && serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .is_some_and(|v| lighthouse_offer::terraform::is_plan(&v))
}

/// An ARM file given to `check`, judged as `arm check` judges it: a parameters file with the
/// template beside it.
fn check_arm(
    path: &std::path::Path,
    text: String,
    catalog: &lighthouse_offer::roles::RoleCatalog,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let options = lighthouse_offer::arm::CheckOptions::new().role_catalog(catalog.clone());
    let template = if arm::is_parameters_file(&text) {
        arm::template_beside(path).and_then(|t| files::read(&t).ok().map(|text| (t, text)))
    } else {
        None
    };
    super::check_arm_file(&options, path, text, template, false, allowed, tally)
}
