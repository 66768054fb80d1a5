//! `lighthouse-offer arm`: onboarding customers with ARM templates instead of Marketplace.
//!
//! Uses `cli`, `io` and `output`.

use std::path::PathBuf;
use std::process::ExitCode;

use lighthouse_offer::arm::{
    self, ArmFile, ArmOnboarding, MarketplacePlan, ResourceGroupName, ResourceGroups, Scope,
};
use lighthouse_offer::roles::RoleCatalog;
use lighthouse_offer::{Diagnostic, Severity};

use crate::cli::{ArmCheckArgs, ExportArgs, ScopeArg};
use crate::io::arm::{
    FileKind, is_parameters_file, kind_of, paired_templates, same_file, template_beside,
};
use crate::io::files::read;
use crate::io::{document, project};
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::located::{Located, locate_all_arm};
use crate::output::summary::{Run, Shown, Tally};

/// `arm export`: writes the template and the parameters file of each plan, and says so.
pub fn run_export(args: &ExportArgs) -> ExitCode {
    match export(args) {
        Ok(written) => {
            let lines: Vec<String> = written
                .iter()
                .map(|p| format!("wrote {}\n", p.display()))
                .collect();
            let _ = console::out(&lines.concat());
            ExitCode::SUCCESS
        }
        Err((status, message)) => {
            console::error(&message);
            ExitCode::from(status)
        }
    }
}

/// Writes the two files of each plan exported; on failure, the exit status and what went wrong.
fn export(args: &ExportArgs) -> Result<Vec<PathBuf>, (u8, String)> {
    let (text, format) =
        document::read_file(&args.file, args.input_format).map_err(|message| (2, message))?;
    let file = args.file.display();
    let offer = match document::read_offer(&text, format, &RoleCatalog::bundled()) {
        Ok(offer) => offer,
        Err(diagnostics) => {
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
            return Err((
                1,
                format!(
                    "`{file}` has {errors} error(s); `lighthouse-offer check {file}` shows them"
                ),
            ));
        }
    };
    let plans = match &args.plan {
        None => offer.plans().iter().collect::<Vec<_>>(),
        Some(id) => vec![offer.plan(id).ok_or_else(|| {
            let ids: Vec<&str> = offer.plans().iter().map(|p| p.plan_id().as_str()).collect();
            (
                2,
                format!(
                    "the offer has no plan `{id}`; its plans are {}",
                    ids.join(", ")
                ),
            )
        })?],
    };
    let scope = match args.scope {
        ScopeArg::Subscription if args.resource_groups.is_empty() => Scope::Subscription,
        ScopeArg::Subscription => {
            return Err((2, "--resource-group needs --scope resource-groups".into()));
        }
        ScopeArg::ResourceGroups => {
            let names = args
                .resource_groups
                .iter()
                .map(|name| ResourceGroupName::new(name.as_str()).map_err(|e| (2, e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            Scope::ResourceGroups(ResourceGroups::new(names).map_err(|e| (2, e.to_string()))?)
        }
    };
    // Every file of every plan, named by plan and scope, before anything is written: a file
    // that exists is refused unless --force, so no plan's template replaces another's.
    let mut files = Vec::new();
    for plan in plans {
        // Each plan its own name, description and registration GUID (issue 13, point 13).
        let mut onboarding = ArmOnboarding::for_offer_plan(&offer, plan, scope.clone());
        if args.marketplace {
            onboarding = onboarding.with_marketplace_plan(MarketplacePlan::new(
                offer.publisher_id().clone(),
                offer.offer_id().clone(),
                plan.plan_id().clone(),
            ));
        }
        let exported = arm::export(&onboarding);
        let id = plan.plan_id().as_str();
        files.push((
            args.out
                .join(format!("{id}.{}", exported.template_file_name())),
            exported.template_json(),
        ));
        files.push((
            args.out
                .join(format!("{id}.{}", exported.parameters_file_name())),
            exported.parameters_json(),
        ));
    }
    if !args.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(path, _)| path.exists())
            .map(|(path, _)| format!("`{}`", path.display()))
            .collect();
        if !existing.is_empty() {
            return Err((
                2,
                format!(
                    "{} already exist{}; nothing was written (give --force to replace {})",
                    existing.join(", "),
                    if existing.len() == 1 { "s" } else { "" },
                    if existing.len() == 1 { "it" } else { "them" },
                ),
            ));
        }
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| (2, format!("cannot create `{}`: {e}", args.out.display())))?;
    let mut written = Vec::new();
    for (path, content) in files {
        std::fs::write(&path, content)
            .map_err(|e| (2, format!("cannot write `{}`: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// One file, with its template when it is a parameters file that has one: what to show, the
/// file first. The document counted is the file: it counts what both files hold. A template
/// whose parameters file is checked in the same run (`paired`) has no notes of parameters
/// without a value: the parameters file's check says which values it leaves out.
fn check_one(
    options: &arm::CheckOptions,
    path: &std::path::Path,
    text: String,
    template: Option<(PathBuf, String)>,
    paired: bool,
    allowed: &Allowed,
    tally: &mut Tally,
) -> Vec<Shown> {
    let file = path.display().to_string();
    let bicep = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("bicep") || e.eq_ignore_ascii_case("bicepparam"));
    if bicep {
        let name = path
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let mut found = locate_all_arm(&text, vec![arm::bicep_file_named(&name)]);
        allowed.mark(&mut found);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    }
    // An offer document given to `arm check`: what it is and which command reads it.
    if let Some(FileKind::Offer) = serde_json::from_str(&text).ok().as_ref().and_then(kind_of) {
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

/// `arm check`: every file, a parameters file with its template; output, summary and exit
/// status as `check` gives them.
pub fn run_check(args: &ArmCheckArgs) -> ExitCode {
    let given = match Allowed::from_args(&args.allow) {
        Ok(given) => given,
        Err(message) => return console::fail(&message),
    };
    let options = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => arm::CheckOptions::new().role_catalog(catalog.unwrap_or_default()),
        Err(status) => return status,
    };
    let mut run = Run::new(args.format, args.deny_warnings);
    let given_template = match &args.template {
        None => None,
        Some(path) => match read(path) {
            Ok(text) => Some((path.clone(), text)),
            Err(message) => return console::fail(&message),
        },
    };
    let paired = paired_templates(
        &args.files,
        given_template.as_ref().map(|(path, _)| path.as_path()),
    );
    for path in &args.files {
        let Some(text) = run.tally.read(path) else {
            continue;
        };
        let template = if is_parameters_file(&text) {
            match &given_template {
                Some(found) => Some(found.clone()),
                None => template_beside(path).and_then(|t| read(&t).ok().map(|text| (t, text))),
            }
        } else {
            None
        };
        let is_paired = template.is_none() && paired.contains(&same_file(path));
        let allowed = match project::for_document(path)
            .and_then(|project| given.with_project(project.as_ref()))
        {
            Ok(allowed) => allowed,
            Err(message) => return console::fail(&message),
        };
        let shown = check_one(
            &options,
            path,
            text,
            template,
            is_paired,
            &allowed,
            &mut run.tally,
        );
        run.show(shown, None);
    }
    run.end()
}
