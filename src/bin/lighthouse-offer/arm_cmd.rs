//! `lighthouse-offer arm`: onboarding customers with ARM templates instead of Marketplace.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};
use lighthouse_offer::Severity;
use lighthouse_offer::arm::{
    self, ArmOnboarding, MarketplacePlan, RegistrationDescription, RegistrationName,
    ResourceGroupName, ResourceGroups, Scope,
};

use crate::{CheckArgs, Format, check, model, render, role_catalog};

const EXPORT_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm export offer.json --plan gold --out arm/
  lighthouse-offer arm export offer.json --plan gold --scope resource-groups \\
      --resource-group rg-sentinel --resource-group rg-logs --out arm/
  lighthouse-offer arm export offer.json --plan gold --marketplace --out arm/";

const CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer arm check subscription.parameters.json
  lighthouse-offer arm check --format json templates/*.json

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
        ArmCommand::Check(args) => role_catalog::with(args.role_catalog.as_deref(), || {
            check::run(
                &CheckArgs {
                    files: args.files,
                    format: args.format,
                    deny_warnings: args.deny_warnings,
                    edition: None,
                    role_catalog: None,
                    input_format: Some(crate::input::InputFormat::Json),
                },
                model::check_arm,
            )
        }),
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
    let usage = |e: lighthouse_offer::TextError| (2, e.to_string());
    let name = RegistrationName::new(offer.name().as_str()).map_err(usage)?;
    let description =
        RegistrationDescription::new(offer.listing().summary().as_str()).map_err(usage)?;
    let mut onboarding = ArmOnboarding::for_plan(plan, name, description, scope);
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
