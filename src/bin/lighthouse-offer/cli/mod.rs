//! The command line: every argument type that clap reads (the commands and their arguments, the
//! output and input formats, rule editions), and with `help` the texts under `--help`.
//!
//! The bottom layer of the tool: it uses only the library and clap, and says nothing about what
//! a command does with its arguments (that is `commands`).

mod help;

use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand, ValueEnum};
use lighthouse_offer::Edition;

use help::{
    ABOUT, ARM_CHECK_EXAMPLES, ARM_EXPORT_EXAMPLES, AUDIT_EXAMPLES, AUDIT_LONG_HELP,
    CHECK_EXAMPLES, CHECK_LONG_HELP, DIFF_EXAMPLES, DIFF_LONG_HELP, EXAMPLES, EXPLAIN_EXAMPLES,
    INIT_EXAMPLES, LSP_HELP, MIGRATE_EXAMPLES, MIGRATE_LONG_HELP, PREVIEW_EXAMPLES, ROLES_EXAMPLES,
    SCHEMA_EXAMPLES, SHOW_EXAMPLES,
};

/// Reads a rule edition's name (`2020`, `2026`); `--help` lists them.
fn edition_parser() -> impl clap::builder::TypedValueParser<Value = Edition> {
    PossibleValuesParser::new(Edition::ALL.iter().map(|e| e.name())).map(|name| {
        name.parse::<Edition>()
            .expect("the parser offers editions only")
    })
}

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "lighthouse-offer", version, about = ABOUT, after_help = EXAMPLES)]
#[command(
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check offer documents against every rule, including the image files they name; ARM and
    /// Bicep files as `arm check` does
    #[command(after_help = CHECK_EXAMPLES, after_long_help = CHECK_LONG_HELP)]
    Check(CheckArgs),
    /// Compare two versions of an offer: what changes, what may not change, what customers see
    #[command(after_help = DIFF_EXAMPLES, after_long_help = DIFF_LONG_HELP)]
    Diff(DiffArgs),
    /// Print the JSON Schema of the offer document
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Explain a diagnostic: what it means, its source, its severity
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// List the built-in roles with their IDs, and whether Azure Lighthouse can delegate them
    #[command(after_help = ROLES_EXAMPLES)]
    Roles(RolesArgs),
    /// Onboard customers without Marketplace: export ARM templates, check ARM parameter files
    #[command(subcommand)]
    Arm(ArmCommand),
    /// Hold the delegations deployed at customers against the offer: what drifted
    #[command(after_help = AUDIT_EXAMPLES, after_long_help = AUDIT_LONG_HELP)]
    Audit(AuditArgs),
    /// Write a starter offer to fill in, with placeholder logos of the right sizes
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Print an offer for people: plans, who gets which role, eligible access, the Marketplace URL
    #[command(after_help = SHOW_EXAMPLES)]
    Show(ShowArgs),
    /// Write one HTML page that shows the offer as customers will see it, each finding of
    /// `check` beside what it is about
    #[command(after_help = PREVIEW_EXAMPLES)]
    Preview(PreviewArgs),
    /// Say what an offer document needs for another rule edition, and write it rewritten
    #[command(after_help = MIGRATE_EXAMPLES, after_long_help = MIGRATE_LONG_HELP)]
    Migrate(MigrateArgs),
    /// Run the language server (LSP over standard input and output) for editors
    #[command(after_help = LSP_HELP)]
    Lsp(LspArgs),
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Offer documents (JSON, or YAML for .yaml/.yml; image paths are relative to its folder),
    /// ARM templates and parameters files, Bicep files (.bicep, .bicepparam), Terraform modules
    /// (a folder of .tf files, or a .tf file) and plans (`terraform show -json`)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Judge every file as this kind, whatever its name and content say (by default a .bicep
    /// or .bicepparam file is Bicep, a .tf file or a folder of them is Terraform, a JSON ARM
    /// template or parameters file is ARM, a plan's JSON is Terraform, anything else an offer
    /// document)
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// A Terraform variable file, read after terraform.tfvars and *.auto.tfvars of the module's
    /// folder, as `terraform plan -var-file` reads it (repeatable; later files win)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// Read the documents as this format, whatever their extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) when a document has warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Allow a warning: its findings are not reported (SARIF lists them as suppressed) and do
    /// not fail the run; a rule's code or name, repeatable. Errors cannot be allowed. The
    /// project file `lighthouse-offer.toml` (in the file's folder or above) may allow rules too
    #[arg(long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Check against this rule edition, whatever the documents' `edition` field says
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub edition: Option<Edition>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
}

/// What `check --kind` judges a file as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// An offer document (JSON or YAML)
    Offer,
    /// An ARM template or parameters file (a parameters file with the template beside it)
    Arm,
    /// A Bicep file with the .bicepparam or parameters file beside it, or a .bicepparam file
    Bicep,
    /// A Terraform module (a folder of .tf files, or a .tf file of it, with terraform.tfvars,
    /// *.auto.tfvars and --var-file), or a plan's JSON (`terraform show -json`)
    Terraform,
}

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The published version of the offer document (for example `git show v1:offer.json > old.json`)
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The version to publish next
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Allow a warning: its findings are not reported (SARIF lists them as suppressed) and do
    /// not fail the run; a rule's code or name, repeatable. Errors cannot be allowed. The
    /// project file `lighthouse-offer.toml` (in the file's folder or above) may allow rules too
    #[arg(long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
    /// Read both documents as this format, whatever their extension (.yaml/.yml are YAML)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

/// Arguments of `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The JSON Schema draft: 2020-12 for VS Code and current tools, 07 for the YAML language
    /// server and older editors
    #[arg(long, value_enum, default_value_t = DraftArg::V2020_12)]
    pub draft: DraftArg,
    /// Write the schema to this file instead of standard output (name it in a document's
    /// `$schema` by its path relative to the document)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// The drafts `schema` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DraftArg {
    /// Draft-07
    #[value(name = "07")]
    V07,
    /// Draft 2020-12
    #[value(name = "2020-12")]
    V2020_12,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule's code (LO0201, any case) or name (owner-role), or a fragment of an error text of
    /// Azure's resource provider ("is restricted for registration")
    #[arg(
        required_unless_present = "list",
        conflicts_with = "list",
        value_name = "CODE"
    )]
    pub code: Option<String>,
    /// List every rule: code, severity, name and the first sentence of its explanation
    #[arg(long)]
    pub list: bool,
}

/// Arguments of `roles`.
#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Only roles that an authorization may use: supported ones, and User Access Administrator
    /// (supported only to assign roles to managed identities)
    #[arg(long)]
    pub supported: bool,
    /// Only the role whose name is SEARCH (any case) or whose ID is SEARCH: one role, or exit
    /// status 1 with the nearest names
    #[arg(long, requires = "search")]
    pub exact: bool,
    /// Only roles whose name contains this text (any case), or whose ID starts with it; a role
    /// definition's resource ID (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`)
    /// stands for its GUID
    #[arg(value_name = "SEARCH")]
    pub search: Option<String>,
    /// Know the roles of this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
}

/// The `arm` commands.
#[derive(Debug, Subcommand)]
pub enum ArmCommand {
    /// Write the ARM template and parameters file that onboard a customer to one plan
    #[command(after_help = ARM_EXPORT_EXAMPLES)]
    Export(ExportArgs),
    /// Check ARM parameter files or templates of Lighthouse delegations
    #[command(after_help = ARM_CHECK_EXAMPLES)]
    Check(ArmCheckArgs),
}

/// Arguments of `arm check`: those of `check`, without editions (ARM files have none).
#[derive(Debug, Args)]
pub struct ArmCheckArgs {
    /// ARM parameter files or templates (JSON), Bicep files (.bicep, .bicepparam)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) when a file has warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Allow a warning: its findings are not reported (SARIF lists them as suppressed) and do
    /// not fail the run; a rule's code or name, repeatable. Errors cannot be allowed. The
    /// project file `lighthouse-offer.toml` (in the file's folder or above) may allow rules too
    #[arg(long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// The template that the parameters files are deployed with (instead of the one beside
    /// each file)
    #[arg(long, value_name = "TEMPLATE")]
    pub template: Option<PathBuf>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
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
// Flags of the command line: each a yes or no of its own, as clap reads them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read FILE as this format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// The ID of the plan whose manifest is exported
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "all_plans",
        conflicts_with = "all_plans"
    )]
    pub plan: Option<String>,
    /// Export every plan of the offer, each into files of its own (`PLAN.SCOPE.json`)
    #[arg(long)]
    pub all_plans: bool,
    /// What the customer delegates
    #[arg(long, value_enum, default_value_t = ScopeArg::Subscription)]
    pub scope: ScopeArg,
    /// A resource group to delegate (with --scope resource-groups; repeat for several)
    #[arg(long = "resource-group", value_name = "NAME")]
    pub resource_groups: Vec<String>,
    /// Link the delegation to the Marketplace plan (the ARM `plan` block)
    #[arg(long)]
    pub marketplace: bool,
    /// The folder to write the files to: `PLAN.SCOPE.json` and `PLAN.SCOPE.parameters.json`
    /// for each plan (`gold.subscription.json`)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out: PathBuf,
    /// Replace files that exist (without it, export refuses to overwrite anything)
    #[arg(long)]
    pub force: bool,
    /// Write instead an Azure Policy that delegates every subscription of a management group to
    /// the plan (`PLAN.policy.json`) and the management group deployment that creates and
    /// assigns it (`PLAN.policy.deployment.json`)
    #[arg(long, conflicts_with_all = ["resource_groups", "export_format"])]
    pub policy: bool,
    /// The form of the files: an ARM template and parameters file, a Bicep file and its
    /// `.bicepparam`, or a Terraform module (`PLAN.SCOPE/main.tf`)
    #[arg(long = "format", value_enum, value_name = "FORMAT", default_value_t = ExportFormatArg::Arm)]
    pub export_format: ExportFormatArg,
}

/// The form `arm export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// An ARM template and its parameters file (JSON)
    Arm,
    /// A Bicep file and its `.bicepparam` file
    Bicep,
    /// A Terraform root module of the azurerm provider
    Terraform,
}

/// Arguments of `audit`.
// Flags of the command line: each a yes or no of its own, as clap reads them.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml)
    #[arg(value_name = "OFFER", required_unless_present = "print_query")]
    pub offer: Option<PathBuf>,
    /// Saved answers of Azure Resource Manager, `az managedservices` or Azure Resource Graph
    /// (`az graph query`) (JSON)
    #[arg(
        long = "from",
        value_name = "FILE",
        num_args = 1..,
        required_unless_present_any = ["live", "print_query"],
        conflicts_with = "live"
    )]
    pub from: Vec<PathBuf>,
    /// Ask Azure itself (a build with the `live` feature)
    #[arg(long)]
    pub live: bool,
    /// With --live: read through Azure Resource Graph (a few requests for hundreds of
    /// subscriptions; what it does not cover is read through the REST API), or through Azure
    /// Resource Manager's REST API, one subscription at a time
    #[arg(long, value_enum, value_name = "SOURCE", default_value_t = AuditSource::Graph)]
    pub source: AuditSource,
    /// Print the Resource Graph query the audit uses (for `az graph query -q` or the portal's
    /// Resource Graph Explorer), and nothing else
    #[arg(long, conflicts_with_all = ["from", "live"])]
    pub print_query: bool,
    /// Verify published plans instead: what Azure holds for each plan's version after a
    /// Marketplace publication (marketplaceRegistrationDefinitions, read live from one customer
    /// subscription, or the saved answers of --from) against the document
    #[arg(long, conflicts_with_all = ["print_query", "source", "save"])]
    pub published: bool,
    /// With --published: verify this plan only (repeat the option for more)
    #[arg(long = "plan", value_name = "ID", requires = "published")]
    pub plans: Vec<String>,
    /// With --live: read these subscriptions only (repeat the option for more)
    #[arg(long = "subscription", value_name = "ID")]
    pub subscriptions: Vec<String>,
    /// With --live: Azure Resource Manager's address, for sovereign clouds [default:
    /// `https://management.azure.com`]
    #[arg(long, value_name = "URL")]
    pub arm_endpoint: Option<String>,
    /// With --live: also write each subscription's answers to DIR/ID.json, for --from later
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Fail (exit 1) on warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Allow a warning: its findings are not reported (SARIF lists them as suppressed) and do
    /// not fail the run; a rule's code or name, repeatable. Errors cannot be allowed. The
    /// project file `lighthouse-offer.toml` (in the file's folder or above) may allow rules too
    #[arg(long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
    /// Read the offer document as this format, whatever its extension (.yaml/.yml are YAML)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

#[cfg(feature = "live")]
impl AuditArgs {
    /// What `--live` reads, as the arguments ask: the subscriptions of `--subscription` and
    /// Azure Resource Manager's address of `--arm-endpoint` (Azure's public cloud without it),
    /// each checked; or what is wrong with them.
    pub fn live_options(&self) -> Result<lighthouse_offer::audit::live::LiveOptions, String> {
        use lighthouse_offer::SubscriptionId;
        use lighthouse_offer::audit::live::{DEFAULT_ENDPOINT, LiveOptions, check_endpoint};

        let mut subscriptions = Vec::new();
        for id in &self.subscriptions {
            subscriptions.push(
                SubscriptionId::new(id)
                    .map_err(|e| format!("--subscription `{id}` is not a subscription ID: {e}"))?,
            );
        }
        let endpoint = check_endpoint(self.arm_endpoint.as_deref().unwrap_or(DEFAULT_ENDPOINT))
            .map_err(|e| e.to_string())?;
        Ok(LiveOptions {
            endpoint,
            subscriptions,
            ..LiveOptions::default()
        })
    }
}

/// Where `audit --live` reads the delegations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditSource {
    /// Azure Resource Graph, and the REST API for what it does not cover
    Graph,
    /// Azure Resource Manager's REST API, one subscription at a time
    Rest,
}

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the starter into (created if missing; the current folder by default)
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The rule edition of the starter (the newest by default)
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub edition: Option<Edition>,
    /// Write `offer.yaml`, with a comment on each field, instead of `offer.json`
    #[arg(long)]
    pub yaml: bool,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Read FILE as this format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Name and judge roles with this catalog too: the JSON of `az role definition list`; its
    /// built-in roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
}

/// Arguments of `preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml); image paths are relative to its folder
    #[arg(value_name = "OFFER")]
    pub file: PathBuf,
    /// Write the page to this file (`-` for standard output) [default: `STEM.preview.html`
    /// beside OFFER]
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace the page if it exists (without it, preview refuses to overwrite anything)
    #[arg(long)]
    pub force: bool,
    /// Read OFFER as this format, whatever its extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// Name and judge roles with this catalog too: the JSON of `az role definition list`; its
    /// built-in roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
}

/// Arguments of `migrate`.
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The offer document (JSON, or YAML for .yaml/.yml); image paths are relative to its folder
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The rule edition to migrate to
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub to: Edition,
    /// Write the rewritten document to this file instead of standard output, in the format
    /// its extension names (.json, .yaml, .yml; FILE's format for another extension)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace FILE itself (without it, migrate refuses to overwrite its input)
    #[arg(long)]
    pub force: bool,
    /// Read FILE as this format, whatever its extension; the document is written back in it
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
}

/// Arguments of `lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// A folder with the published versions of the documents (at their paths relative to the
    /// workspace folder): the changes `diff` reports are shown too
    #[arg(long, value_name = "DIR")]
    pub published: Option<PathBuf>,
}

/// Output formats of the commands that report diagnostics (`check`, `diff`, `audit`, `arm
/// check`); the `output` module writes each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like rustc: severity, code, message, place, the lines with the span underlined
    Human,
    /// A JSON array of objects with the fields file, severity, code, name, path, line, column,
    /// message (see --help)
    Json,
    /// One SARIF 2.1.0 log, for GitHub code scanning and other SARIF readers
    Sarif,
    /// GitHub Actions workflow commands, one per diagnostic, that annotate the lines in a pull
    /// request
    Github,
}

/// Output formats of `audit`: those of every command that reports, and a page for the fleet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Like rustc, then the table of delegations and the totals
    Human,
    /// A JSON array of objects with the fields file, severity, code, name, path, line, column,
    /// message (see --help)
    Json,
    /// One SARIF 2.1.0 log, for GitHub code scanning and other SARIF readers
    Sarif,
    /// GitHub Actions workflow commands, one per diagnostic
    Github,
    /// One HTML page for a browser: the totals, a chart of them and a table of the customers
    /// to sort and filter, each drifted one with its findings
    Html,
}

impl AuditFormat {
    /// The format of the findings, as every reporting command writes them; `None` for the page.
    pub fn findings(self) -> Option<Format> {
        match self {
            AuditFormat::Human => Some(Format::Human),
            AuditFormat::Json => Some(Format::Json),
            AuditFormat::Sarif => Some(Format::Sarif),
            AuditFormat::Github => Some(Format::Github),
            AuditFormat::Html => None,
        }
    }
}

/// The formats an offer document may be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// JSON (RFC 8259)
    Json,
    /// YAML 1.2, read into the same document (docs/guide/authoring.md says what is refused)
    Yaml,
}

impl From<DraftArg> for lighthouse_offer::schema::Draft {
    fn from(draft: DraftArg) -> Self {
        match draft {
            DraftArg::V07 => lighthouse_offer::schema::Draft::V07,
            DraftArg::V2020_12 => lighthouse_offer::schema::Draft::V2020_12,
        }
    }
}
