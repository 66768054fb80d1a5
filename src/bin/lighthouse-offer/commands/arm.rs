//! `lighthouse-offer arm`: onboarding customers with ARM templates instead of Marketplace.
//!
//! Uses `cli`, `io` and `output`.

use std::path::PathBuf;
use std::process::ExitCode;

use lighthouse_offer::Severity;
use lighthouse_offer::arm::{
    self, ArmOnboarding, MarketplacePlan, ResourceGroupName, ResourceGroups, Scope,
};
use lighthouse_offer::export::{self, ExportFormat};
use lighthouse_offer::roles::RoleCatalog;

use crate::cli::{ArmCheckArgs, ExportArgs, ExportFormatArg, ScopeArg};
use crate::io::arm::{is_parameters_file, paired_templates, same_file, template_beside};
use crate::io::files::read;
use crate::io::{document, project};
use crate::output::allow::Allowed;
use crate::output::console;
use crate::output::summary::Run;

/// `arm export`: writes the files of each plan in the form asked (`--format`), and says so.
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
        ScopeArg::ResourceGroups if args.policy => {
            return Err((
                2,
                "--policy delegates whole subscriptions; leave out --scope resource-groups".into(),
            ));
        }
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
        files.extend(files_of(args, plan.plan_id().as_str(), &onboarding));
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
    let mut written = Vec::new();
    for (path, content) in files {
        let folder = path.parent().unwrap_or(&args.out);
        std::fs::create_dir_all(folder)
            .map_err(|e| (2, format!("cannot create `{}`: {e}", folder.display())))?;
        std::fs::write(&path, content)
            .map_err(|e| (2, format!("cannot write `{}`: {e}", path.display())))?;
        written.push(path);
    }
    Ok(written)
}

/// The files of one plan's onboarding, named by plan: its policy with `--policy`, else its
/// template and parameters file.
fn files_of(args: &ExportArgs, id: &str, onboarding: &ArmOnboarding) -> Vec<(PathBuf, String)> {
    if args.policy {
        let policy = arm::export_policy(onboarding);
        return vec![
            (
                args.out
                    .join(format!("{id}.{}", policy.definition_file_name())),
                policy.definition_json(),
            ),
            (
                args.out
                    .join(format!("{id}.{}", policy.deployment_file_name())),
                policy.deployment_json(),
            ),
        ];
    }
    let format = match args.export_format {
        ExportFormatArg::Arm => ExportFormat::Arm,
        ExportFormatArg::Bicep => ExportFormat::Bicep,
        ExportFormatArg::Terraform => ExportFormat::Terraform,
    };
    export::files(onboarding, format, &format!("{id}."))
        .into_iter()
        .map(|file| (args.out.join(file.path()), file.text().to_owned()))
        .collect()
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
        if super::is_bicep(path) {
            let shown = super::check_bicep(&options, path, text, &allowed, &mut run.tally);
            run.show(shown, None);
            continue;
        }
        let shown = super::check_arm_file(
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
