//! `lighthouse-offer arm`: onboarding customers with ARM templates instead of Marketplace.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use lighthouse_offer::Severity;
use lighthouse_offer::arm::{
    self, ArmOnboarding, MarketplacePlan, ResourceGroupName, ResourceGroups, Scope,
};

use crate::check::Shown;
use crate::formats::{self, Finding};
use crate::render::{Located, Tally};
use crate::{Format, check, model, render, role_catalog};

const EXPORT_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm export offer.json --plan gold --out arm/
  lighthouse-offer arm export offer.json --plan gold --scope resource-groups \\
      --resource-group rg-sentinel --resource-group rg-logs --out arm/
  lighthouse-offer arm export offer.json --plan gold --marketplace --out arm/";

const CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm check subscription.parameters.json
  lighthouse-offer arm check --template onboarding.json customer-a.parameters.json
  lighthouse-offer arm check --format json templates/*.json

A parameters file is checked with its template, as Azure deploys them: the one given with
--template, or else the template beside it (`X.parameters.json`, `X.parameters-dev.json` with
`X.json`). Findings in the template are shown under the template's name. A template alone is
checked with its default values; values known only at deployment are notes, which never fail
the check. Comments (`//`, `/* */`) are read as Azure Resource Manager reads them. Bicep files
are not read: build them with `az bicep build` and check the JSON.

Exit status and output as for `lighthouse-offer check` (see its --help).";

/// The `arm` commands.
#[derive(Debug, Subcommand)]
pub enum ArmCommand {
    /// Write the ARM template and parameters file that onboard a customer to one plan
    #[command(after_help = EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Check ARM parameter files or templates of Lighthouse delegations
    #[command(after_help = CHECK_EXAMPLES)]
    Check(ArmCheckArgs),
}

/// Arguments of `arm check`: those of `check`, without editions (ARM files have none).
#[derive(Debug, Args)]
pub struct ArmCheckArgs {
    /// ARM parameter files or templates (JSON)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) when a file has warnings, too
    #[arg(long)]
    deny_warnings: bool,
    /// The template that the parameters files are deployed with (instead of the one beside
    /// each file)
    #[arg(long, value_name = "TEMPLATE")]
    template: Option<PathBuf>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    role_catalog: Option<PathBuf>,
}

/// Where the customer delegates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// The whole subscription the template is deployed to
    Subscription,
    /// The resource groups named with --resource-group
    ResourceGroups,
}

/// Arguments of `arm export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Read FILE as this format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    input_format: Option<crate::input::InputFormat>,
    /// The ID of the plan whose manifest is exported
    #[arg(long, value_name = "ID")]
    plan: String,
    /// What the customer delegates
    #[arg(long, value_enum, default_value_t = ScopeArg::Subscription)]
    scope: ScopeArg,
    /// A resource group to delegate (with --scope resource-groups; repeat for several)
    #[arg(long = "resource-group", value_name = "NAME")]
    resource_groups: Vec<String>,
    /// Link the delegation to the Marketplace plan (the ARM `plan` block)
    #[arg(long)]
    marketplace: bool,
    /// The folder to write the two files to
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
}

/// Runs an `arm` command.
pub fn run(command: ArmCommand) -> ExitCode {
    match command {
        ArmCommand::Check(args) => {
            role_catalog::with(args.role_catalog.as_deref(), || run_check(&args))
        }
        ArmCommand::Export(args) => match export(&args) {
            Ok(written) => {
                let lines: Vec<String> = written
                    .iter()
                    .map(|p| format!("wrote {}\n", p.display()))
                    .collect();
                let _ = render::out(&lines.concat());
                ExitCode::SUCCESS
            }
            Err((status, message)) => {
                render::err(&render::problem(&message));
                render::err("\n");
                ExitCode::from(status)
            }
        },
    }
}

/// Writes the two files; on failure, the exit status and what went wrong.
fn export(args: &ExportArgs) -> Result<Vec<PathBuf>, (u8, String)> {
    let text = check::read(&args.file).map_err(|message| (2, message))?;
    let file = args.file.display();
    let format = crate::input::InputFormat::of(&args.file, args.input_format);
    let offer = match crate::model::read_offer_as(&text, format) {
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

/// The template beside a parameters file: `X.json` for `X.parameters.json` or
/// `X.parameters-dev.json` (names compared without regard to case), or else the folder's only
/// template (Microsoft's policy sample names its files `…IfNotExist…` and
/// `…IfNotExists….parameters.json`).
fn template_beside(parameters: &std::path::Path) -> Option<PathBuf> {
    template_named_like(parameters).or_else(|| only_template(parameters))
}

/// The one JSON file beside `parameters` that is a template, if there is exactly one.
fn only_template(parameters: &std::path::Path) -> Option<PathBuf> {
    let folder = check::base_dir(parameters);
    let mut templates = std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            if !json || !path.is_file() || path == parameters {
                return None;
            }
            let text = check::read(&path).ok()?;
            (!is_parameters_file(&text) && text.contains("\"resources\"")).then_some(path)
        });
    let first = templates.next()?;
    templates.next().is_none().then_some(first)
}

/// `X.json` for `X.parameters.json` or `X.parameters-dev.json`, if it exists.
fn template_named_like(parameters: &std::path::Path) -> Option<PathBuf> {
    let name = parameters.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    let at = lower.find(".parameters")?;
    let json = std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if !json {
        return None;
    }
    let stem = &name[..at];
    let folder = check::base_dir(parameters);
    let wanted = format!("{stem}.json").to_ascii_lowercase();
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            path.is_file()
                && path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_ascii_lowercase() == wanted)
        })
}

/// Whether a text is an ARM parameters file: an object with `parameters` and no `resources`.
fn is_parameters_file(text: &str) -> bool {
    let trimmed = text.trim_start();
    // Cheap and lenient: the library reads the file properly.
    trimmed.starts_with('{') && text.contains("\"parameters\"") && !text.contains("\"resources\"")
}

/// The same file, however named: its canonical path when it has one.
fn same_file(path: &std::path::Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The templates that a parameters file among `files` is checked with in this run (the one
/// given with `--template`, or the one beside it).
fn paired_templates(files: &[PathBuf], given: Option<&std::path::Path>) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|path| check::read(path).is_ok_and(|text| is_parameters_file(&text)))
        .filter_map(|path| {
            given
                .map(std::path::Path::to_path_buf)
                .or_else(|| template_beside(path))
        })
        .map(|t| same_file(&t))
        .collect()
}

/// One file, with its template when it is a parameters file that has one: what to show, the
/// file first. The document counted is the file: it counts what both files hold. A template
/// whose parameters file is checked in the same run (`paired`) has no notes of parameters
/// without a value: the parameters file's check says which values it leaves out.
fn check_one(
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
        let found = check::locate_all_arm(&text, vec![arm::bicep_file_named(&name)]);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    }
    let Some((template_path, template_text)) = template else {
        let mut diagnostics = model::check_arm(&text);
        if paired {
            diagnostics.retain(|d| d.rule() != lighthouse_offer::Rule::ParameterWithoutValue);
        }
        let found = check::locate_all_arm(&text, diagnostics);
        tally.add(&found);
        return vec![Shown { file, text, found }];
    };
    let (in_parameters, in_template) = model::check_arm_pair(&text, &template_text);
    let found = check::locate_all_arm(&text, in_parameters);
    let in_template = check::locate_all_arm(&template_text, in_template);
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
fn run_check(args: &ArmCheckArgs) -> ExitCode {
    let mut tally = Tally::default();
    let mut codes: Vec<&'static str> = Vec::new();
    // The files read, for the formats that are written once, at the end.
    let mut documents: Vec<Shown> = Vec::new();
    let mut written = Ok(());
    let given_template = match &args.template {
        None => None,
        Some(path) => match check::read(path) {
            Ok(text) => Some((path.clone(), text)),
            Err(message) => {
                render::err(&render::problem(&message));
                render::err("\n");
                return ExitCode::from(2);
            }
        },
    };
    let paired = paired_templates(
        &args.files,
        given_template.as_ref().map(|(path, _)| path.as_path()),
    );
    for path in &args.files {
        let Some(text) = check::read_counted(path, &mut tally) else {
            continue;
        };
        let template = if is_parameters_file(&text) {
            match &given_template {
                Some(found) => Some(found.clone()),
                None => {
                    template_beside(path).and_then(|t| check::read(&t).ok().map(|text| (t, text)))
                }
            }
        } else {
            None
        };
        let is_paired = template.is_none() && paired.contains(&same_file(path));
        let shown = check_one(path, text, template, is_paired, &mut tally);
        if args.format == Format::Human {
            let findings: Vec<Finding<'_>> = shown
                .iter()
                .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                .collect();
            check::note_codes(&mut codes, findings.iter().map(|f| f.located));
            let out = formats::render(Format::Human, &findings);
            written = written.and_then(|()| render::out(&out));
        } else {
            documents.extend(shown);
        }
    }
    check::finish(
        args.format,
        args.deny_warnings,
        &tally,
        codes,
        &documents,
        written,
    )
}
