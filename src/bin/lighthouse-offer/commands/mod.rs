//! The commands, one file each: what a command does with its arguments, from reading its inputs
//! to its exit status.
//!
//! May use `cli`, `io` and `output`; a command does not use another command (what two commands
//! share is in a lower layer). A command that judges roles reads its `--role-catalog` with
//! [`role_catalog`] and hands the catalog to every check it runs.

pub mod arm;
pub mod audit;
pub mod check;
pub mod diff;
pub mod explain;
pub mod init;
pub mod migrate;
pub mod preview;
pub mod published;
pub mod roles;
pub mod schema;
pub mod show;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lighthouse_offer::Diagnostic;
use lighthouse_offer::arm::{ArmFile, CheckOptions, bicep_file_named};
use lighthouse_offer::bicep::{self, BicepSources};
use lighthouse_offer::diagnostic::FileDiagnostic;
use lighthouse_offer::roles::RoleCatalog;
use lighthouse_offer::terraform::{self, TerraformCheck, TerraformSources};

use crate::cli::KindArg;
use crate::io::arm::{FileKind as ArmKind, is_parameters_file, kind_of, template_beside};
use crate::io::files::read;
use crate::io::input::InputFormat;
use crate::io::role_catalog;
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::located::{Located, locate_all_arm};
use crate::output::summary::{Shown, Tally};

/// The catalog of `--role-catalog FILE` (`None` without a file), or, for a file that cannot be
/// read or is not a role catalog, its problems shown and the exit status 2 to end with.
pub fn role_catalog(file: Option<&Path>) -> Result<Option<RoleCatalog>, ExitCode> {
    let Some(file) = file else {
        return Ok(None);
    };
    role_catalog::read(file).map(Some).map_err(|problems| {
        for problem in problems {
            console::error(&problem);
        }
        ExitCode::from(2)
    })
}

/// What a file given to `check` (or opened in the language server) is read as: an offer
/// document, or a delegation in one of the forms a provider writes. A new form is a variant
/// here, a line of [`FileKind::of`] and one of [`check_delegation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// An offer document (JSON or YAML).
    Offer,
    /// An ARM template or parameters file (compiled Bicep included).
    Arm,
    /// A `.bicep` or `.bicepparam` file.
    Bicep,
    /// A file of a Terraform module (`.tf`, `.tfvars`): the module of its folder is judged.
    TerraformModule,
    /// A Terraform plan's JSON (`terraform show -json`).
    TerraformPlan,
}

impl FileKind {
    /// The kind of a file: the one `--kind` forces, else by its extension (`.tf`, `.tfvars`,
    /// `.bicep`, `.bicepparam`, any case), else by its content (a Terraform plan's
    /// `format_version` and planned values, the `$schema` or shape of an ARM file); an offer
    /// document otherwise.
    pub fn of(path: &Path, text: &str, format: InputFormat, forced: Option<KindArg>) -> FileKind {
        match forced {
            Some(KindArg::Arm) => FileKind::Arm,
            Some(KindArg::Bicep) => FileKind::Bicep,
            Some(KindArg::Terraform) | None if is_terraform(path) => FileKind::TerraformModule,
            None if is_bicep(path) => FileKind::Bicep,
            None if is_plan(text, format) => FileKind::TerraformPlan,
            Some(KindArg::Terraform) => FileKind::TerraformPlan,
            None if is_arm(text, format) => FileKind::Arm,
            Some(KindArg::Offer) | None => FileKind::Offer,
        }
    }
}

/// Whether a text is an ARM template or parameters file: JSON that `arm check` would read (by
/// its `$schema`, or its shape without one), not an offer document.
fn is_arm(text: &str, format: InputFormat) -> bool {
    format == InputFormat::Json
        && serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .as_ref()
            .and_then(kind_of)
            .is_some_and(|kind| kind != ArmKind::Offer)
}

/// Whether a JSON text is a Terraform plan (`terraform show -json`).
fn is_plan(text: &str, format: InputFormat) -> bool {
    format == InputFormat::Json
        && serde_json::from_str::<serde_json::Value>(text)
            .ok()
            .is_some_and(|v| terraform::is_plan(&v))
}

/// A delegation's file judged as `arm check` judges it, with what it reads beside it (an ARM
/// parameters file's template, a Bicep file's parameters and modules): what to show, the file
/// first. An offer document is `check`'s own: nothing here.
pub fn check_delegation(
    kind: FileKind,
    options: &CheckOptions,
    path: &Path,
    text: String,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    match kind {
        FileKind::Offer => Vec::new(),
        FileKind::Arm => {
            let template = if is_parameters_file(&text) {
                template_beside(path).and_then(|t| read(&t).ok().map(|text| (t, text)))
            } else {
                None
            };
            check_arm_file(options, path, text, template, false, allowed, tally)
        }
        FileKind::Bicep => check_bicep(options, path, text, allowed, tally),
        FileKind::TerraformModule => {
            check_terraform(path, Some(&text), &[], options.catalog(), allowed, tally)
        }
        FileKind::TerraformPlan => {
            check_terraform_plan(path, &text, options.catalog(), allowed, tally)
        }
    }
}

/// One file given to `arm check` (or to `check`, for an ARM or Bicep file), with its template
/// when it is a parameters file that has one: what to show, the file first. The document
/// counted is the file: it counts what all the files read with it hold. A template whose
/// parameters file is checked in the same run (`paired`) has no notes of parameters without a
/// value: the parameters file's check says which values it leaves out. Bicep files are
/// [`check_bicep`]'s.
pub fn check_arm_file(
    options: &CheckOptions,
    path: &Path,
    text: String,
    template: Option<(PathBuf, String)>,
    paired: bool,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let file = path.display().to_string();
    // An offer document given to `arm check`: what it is and which command reads it.
    if let Some(ArmKind::Offer) = serde_json::from_str(&text).ok().as_ref().and_then(kind_of) {
        let other = Diagnostic::new(
            lighthouse_offer::Rule::OtherKindOfFile,
            lighthouse_offer::JsonPointer::root(),
            format!("`{file}` is an offer document, not an ARM file; `arm check` reads ARM templates and parameters files"),
        )
        .with_help(format!(
            "Check it with `lighthouse-offer check {file}`, which reads offer documents \
             (`lighthouse-offer arm export {file} --plan ID` writes its ARM files)."
        ));
        let mut found = locate_all_arm(&text, vec![other]);
        allowed.mark(&mut found);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    }
    let Some((template_path, template_text)) = template else {
        let mut diagnostics: Vec<Diagnostic> = match options.check(&text) {
            Ok(checked) => checked.into_parts().1,
            Err(report) => report.into_diagnostics(),
        };
        if paired {
            diagnostics.retain(|d| d.rule() != lighthouse_offer::Rule::ParameterWithoutValue);
        }
        let mut found = locate_all_arm(&text, diagnostics);
        allowed.mark(&mut found);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    };
    // As Azure deploys them: the parameters file with its template.
    let checked = options.check_with_template(&text, &template_text);
    let mut found = locate_all_arm(&text, checked.diagnostics(ArmFile::Parameters).to_vec());
    let mut in_template = locate_all_arm(
        &template_text,
        checked.diagnostics(ArmFile::Template).to_vec(),
    );
    allowed.mark(&mut found);
    allowed.mark(&mut in_template);
    let mut counted: Vec<&Located> = found.iter().collect();
    counted.extend(&in_template);
    tally.add_all(&counted);
    let mut shown = vec![Shown { file, text, found }];
    if !in_template.is_empty() {
        shown.push(Shown {
            file: template_path.display().to_string(),
            text: template_text,
            found: in_template,
        });
    }
    shown
}

/// Whether a file is Bicep by its name: `.bicep` or `.bicepparam`, in any case.
pub fn is_bicep(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bicep") || e.eq_ignore_ascii_case("bicepparam"))
}

/// A Bicep file judged as the ARM template it compiles to: a `.bicep` file with the
/// `<stem>.bicepparam` or `<stem>.parameters.json` beside it (the first found), a
/// `.bicepparam` file with the Bicep file its `using` names. Each finding is shown in the file
/// it is about, at its Bicep line. A `.bicepparam` file whose `using` names no local file
/// (`using none`, a registry) is `bicep-file`, as is a Bicep file whose parameters' main file
/// cannot be read. Roles are judged with `options`' catalog, as ARM files are.
pub fn check_bicep(
    options: &CheckOptions,
    path: &Path,
    text: String,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let file = path.display().to_string();
    let is_param = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bicepparam"));
    let sources = if is_param {
        let main = bicep::using_path(&file, &text);
        let Some((main, main_text)) =
            main.and_then(|main| read(Path::new(&main)).ok().map(|t| (main, t)))
        else {
            let name = path
                .file_name()
                .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
            let mut found = locate_all_arm(&text, vec![bicep_file_named(&name)]);
            allowed.mark(&mut found);
            tally.add(&found);
            return vec![Shown { file, text, found }];
        };
        BicepSources::new(main, main_text).with_parameters(file.clone(), text)
    } else {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let beside = [
            format!("{stem}.bicepparam"),
            format!("{stem}.parameters.json"),
        ]
        .into_iter()
        .map(|name| path.with_file_name(name))
        .find_map(|p| read(&p).ok().map(|t| (p, t)));
        let sources = BicepSources::new(file.clone(), text);
        match beside {
            Some((p, t)) => sources.with_parameters(p.display().to_string(), t),
            None => sources,
        }
    };
    let sources = sources.with_reader(|p| std::fs::read_to_string(p).ok());
    let checked = bicep::check_with(&sources, options);
    shown_by_file(checked.files(), checked.diagnostics(), allowed, tally)
}

/// Whether a file is Terraform by its name: `.tf` (any case), `.tfvars` and `.tfvars.json`
/// (their module is the folder's).
// The name is in lower case already.
#[allow(clippy::case_sensitive_file_extension_comparisons)]
pub fn is_terraform(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".tf") || name.ends_with(".tfvars") || name.ends_with(".tfvars.json")
}

/// The names of a folder's files, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A Terraform module (a folder, or a `.tf` or `.tfvars` file of it) judged as the ARM
/// templates its definitions deploy: the folder's `.tf` files, `terraform.tfvars`,
/// `terraform.tfvars.json`, `*.auto.tfvars` (by name), then each `--var-file`. Each finding is
/// shown in the file it is about; the document counted is the module. `edited` is the text of
/// `path` as an editor holds it, read in place of the file's.
pub fn check_terraform(
    path: &Path,
    edited: Option<&str>,
    var_files: &[PathBuf],
    catalog: &RoleCatalog,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    let names = listing(&dir);
    let in_dir = |name: &str| {
        if dir == Path::new(".") && !path.starts_with(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let read = |p: &Path| match edited {
        Some(text) if p == path => Ok(text.to_owned()),
        _ => read(p),
    };
    let mut sources = TerraformSources::new().with_role_catalog(catalog.clone());
    let mut any = false;
    // `.tf.json` files too: the library names them (`terraform-json-not-read`) rather than
    // leaving them unseen.
    for name in names.iter().filter(|n| {
        let l = n.to_ascii_lowercase();
        [".tf", ".tf.json"].iter().any(|ext| l.ends_with(ext))
    }) {
        let p = in_dir(name);
        match read(&p) {
            Ok(text) => {
                sources = sources.with_file(p.display().to_string(), text);
                any = true;
            }
            Err(message) => console::error(&message),
        }
    }
    if !any {
        console::error(&format!(
            "`{}` holds no `.tf` file: expected a Terraform module (a folder of `.tf` files), an offer document, an ARM or Bicep file, or a Terraform plan's JSON",
            path.display()
        ));
        tally.unreadable += 1;
        return Vec::new();
    }
    let lower = |n: &String| n.to_ascii_lowercase();
    let mut vars: Vec<PathBuf> = Vec::new();
    for fixed in ["terraform.tfvars", "terraform.tfvars.json"] {
        if let Some(n) = names.iter().find(|n| lower(n) == fixed) {
            vars.push(in_dir(n));
        }
    }
    for n in names.iter().filter(|n| {
        let l = lower(n);
        l.ends_with(".auto.tfvars") || l.ends_with(".auto.tfvars.json")
    }) {
        vars.push(in_dir(n));
    }
    vars.extend(var_files.iter().cloned());
    for p in vars {
        match read(&p) {
            Ok(text) => sources = sources.with_var_file(p.display().to_string(), text),
            Err(message) => console::error(&message),
        }
    }
    let sources = sources.with_reader(|p| match p.strip_suffix('/') {
        Some(dir) => std::fs::metadata(dir)
            .ok()
            .filter(std::fs::Metadata::is_dir)
            .map(|_| listing(Path::new(dir)).join("\n")),
        None => read(Path::new(p)).ok(),
    });
    let checked = terraform::check(&sources);
    shown_terraform(&checked, allowed, tally)
}

/// A Terraform plan's JSON (`terraform show -json`) judged as the ARM templates it deploys.
pub fn check_terraform_plan(
    path: &Path,
    text: &str,
    catalog: &RoleCatalog,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let checked = terraform::check_plan_with(&path.display().to_string(), text, catalog);
    shown_terraform(&checked, allowed, tally)
}

fn shown_terraform(checked: &TerraformCheck, allowed: &Allowed, tally: &mut Tally) -> Vec<Shown> {
    shown_by_file(checked.files(), checked.diagnostics(), allowed, tally)
}

/// The findings of a check that read several files (Bicep, Terraform), shown file by file: the
/// first file always, the others when they have a finding. A finding with a place is shown
/// there; one without is in a JSON file, located by its pointer.
fn shown_by_file<'a>(
    files: impl Iterator<Item = (&'a str, &'a str)>,
    diagnostics: &[FileDiagnostic],
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let mut shown = Vec::new();
    for (index, (name, source)) in files.enumerate() {
        let mut found: Vec<Located> = Vec::new();
        for d in diagnostics.iter().filter(|d| d.file() == name) {
            match d.place() {
                Some(place) => {
                    found.push(Located::new(d.diagnostic().clone(), source, place.span()));
                }
                None => found.extend(locate_all_arm(source, vec![d.diagnostic().clone()])),
            }
        }
        allowed.mark(&mut found);
        if index == 0 || !found.is_empty() {
            shown.push(Shown {
                file: name.to_owned(),
                text: source.to_owned(),
                found,
            });
        }
    }
    let counted: Vec<&Located> = shown.iter().flat_map(|s| &s.found).collect();
    tally.add_all(&counted);
    shown
}
