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
use crate::io::arm::{is_parameters_file, paired_templates, same_file, template_beside};
use crate::io::document;
use crate::io::files::read;
use crate::output::console;
use crate::output::located::{Located, locate_all_arm};
use crate::output::summary::{Run, Shown, Tally};

/// `arm export`: writes the template and the parameters file, and says so.
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

/// Writes the two files; on failure, the exit status and what went wrong.
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
    let plan = offer.plan(&args.plan).ok_or_else(|| {
        let ids: Vec<&str> = offer.plans().iter().map(|p| p.plan_id().as_str()).collect();
        (
            2,
            format!(
                "the offer has no plan `{}`; its plans are {}",
                args.plan,
                ids.join(", ")
            ),
        )
    })?;
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
    // Each plan its own name, description and registration GUID (issue 13, point 13).
    let mut onboarding = ArmOnboarding::for_offer_plan(&offer, plan, scope);
    if args.marketplace {
        onboarding = onboarding.with_marketplace_plan(MarketplacePlan::new(
            offer.publisher_id().clone(),
            offer.offer_id().clone(),
            plan.plan_id().clone(),
        ));
    }
    let files = arm::export(&onboarding);
    std::fs::create_dir_all(&args.out)
        .map_err(|e| (2, format!("cannot create `{}`: {e}", args.out.display())))?;
    let mut written = Vec::new();
    for (name, content) in [
        (files.template_file_name(), files.template_json()),
        (files.parameters_file_name(), files.parameters_json()),
    ] {
        let path = args.out.join(name);
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
        let found = locate_all_arm(&text, vec![arm::bicep_file_named(&name)]);
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
        let found = locate_all_arm(&text, diagnostics);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    };
    // As Azure deploys them: the parameters file with its template.
    let checked = options.check_with_template(&text, &template_text);
    let found = locate_all_arm(&text, checked.diagnostics(ArmFile::Parameters).to_vec());
    let in_template = locate_all_arm(
        &template_text,
        checked.diagnostics(ArmFile::Template).to_vec(),
    );
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
        let shown = check_one(&options, path, text, template, is_paired, &mut run.tally);
        run.show(shown, None);
    }
    run.end()
}
