//! `lighthouse-offer`: check Azure Lighthouse managed service offer documents, print their JSON
//! Schema, explain diagnostics.
//!
//! Built with the `cli` feature. Modules: `main` (the command line), `check` (the `check`
//! command), `model` (the one place that calls the offer model), `locate` (JSON Pointer → bytes →
//! line and column), `render` (rustc-like and JSON output), `formats` (the output formats every
//! command's diagnostics go through), `sarif` (the SARIF log), `explain` (the rule catalog for
//! people), `roles_cmd` (the `roles` command), `diff` (the `diff` command), `migrate` (the
//! `migrate` command: a document for another rule edition), `arm_cmd` (the `arm` commands),
//! `audit_cmd` (the `audit` command: deployed delegations held against the offer).

mod arm_cmd;
mod audit_cmd;
mod check;
mod diff;
mod explain;
mod formats;
mod init;
mod input;
mod locate;
mod lsp;
mod migrate;
mod model;
mod render;
mod role_catalog;
mod roles_cmd;
mod sarif;
mod show;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{Args, Parser, Subcommand, ValueEnum};
use lighthouse_offer::Edition;

const ABOUT: &str = "Check Azure Lighthouse managed service offer documents";

const EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check offer.yaml
  lighthouse-offer init my-offer
  lighthouse-offer check --format json offers/*.json
  lighthouse-offer show offer.json
  lighthouse-offer diff published.json offer.json
  lighthouse-offer audit offer.json --from assignments.json
  lighthouse-offer check --edition 2026 offer.json
  lighthouse-offer migrate offer.json --to 2026 --out offer-2026.json
  lighthouse-offer explain LO0201
  lighthouse-offer schema --out lighthouse-offer.schema.json
  lighthouse-offer arm export offer.json --plan gold --out arm/";

const CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --edition 2026 offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json";

const CHECK_LONG_HELP: &str = "\
Exit status:
  0  no document has an error (warnings are allowed, unless --deny-warnings)
  1  a document has an error, or a warning under --deny-warnings
  2  a file could not be read, is not UTF-8 or is not JSON (YAML for .yaml/.yml and
     --input-format yaml), is over 16 MiB or nested more than 127 deep, or the command
     line is wrong
     (this takes precedence over 1)

Output:
  Human output (the default) shows each diagnostic like rustc does, on standard output;
  colours only on a terminal, never when NO_COLOR is set. Problems that are not diagnostics
  (a file that cannot be read) go to standard error.

  --format json prints one JSON array on standard output, one object per diagnostic of every
  document, in the order of the files and, within a file, of the text. Each object has
  exactly these fields, in this order:
    file      the document's path as given on the command line
    severity  \"error\" or \"warning\" (and \"note\" for ARM files: a value known only at
              deployment, which never fails a check)
    code      the rule's stable code, such as \"LO0201\"
    name      the rule's stable name, such as \"owner-role\"
    path      a JSON Pointer (RFC 6901) to the value concerned, \"\" for the whole document
              (a syntax error is at \"\")
    line      1-based line where the underlined text starts
    column    1-based column where it starts, counted in characters (Unicode scalar
              values), not bytes
    message   what was found and what is expected
    help      what to do about it (the `= help:` line of the human output)
  Nothing else is written to standard output. Files that cannot be read do not appear in
  the array: they are reported on standard error, and the exit status is 2.

  --format sarif prints one SARIF 2.1.0 log for GitHub code scanning (upload it with
  github/codeql-action/upload-sarif) and other SARIF readers: the rules that fired with their
  explanation, and one result per diagnostic with its level, message, place (the file relative
  to the working directory; start and end line and column of the underlined text, columns in
  characters), its JSON Pointer as logical location, and a partial fingerprint
  \"lighthouseOffer/v1\" of the rule, the pointer and the file, which stays the same when other
  lines of the file change.

  --format github prints one GitHub Actions workflow command per diagnostic, which GitHub shows
  as an annotation on the line in the pull request:
    ::error file=offer.json,line=24,endLine=24,col=33,endColumn=70,title=LO0201 owner-role::...
  (::warning for a warning; col and endColumn only when the text is on one line).

  Exit codes are the same in every format.

Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json
  lighthouse-offer check --format sarif offers/*.json > lighthouse-offer.sarif
  lighthouse-offer check --format github offers/*.json
  lighthouse-offer check offer.json || lighthouse-offer explain LO0201";

const DIFF_EXAMPLES: &str = "\
Examples:
  lighthouse-offer diff published.json offer.json
  git show v1:offer.json > published.json && lighthouse-offer diff published.json offer.json";

const DIFF_LONG_HELP: &str = "\
Compares the published version of an offer document (OLD) with the next one (NEW) and shows
every change, each of one class:
  forbidden        Partner Center refuses the update (error, LO0800-LO0809)
  customer review  customers who use the plan see an update icon on their Service providers
                   page and review it (warning, LO0810-LO0829)
  listing only     what Marketplace shows; nothing for customers to review (warning,
                   LO0830-LO0849)
Plans are matched by plan ID, so a renamed plan is a removed plan (forbidden) and a new one.
Image files are not read: only the documents are compared.

Exit status:
  0  the update can be published (no forbidden change), or nothing changed
  1  a change is forbidden
  2  a file could not be read, a document is not a valid offer (its diagnostics are shown
     instead of changes), or the command line is wrong

--format json prints one JSON array with the fields of `check --format json`: file, severity,
code, name, path, line, column, message, help. `path` is a JSON Pointer into the new document, except
for something removed (a plan, an authorization, the hero image), which only the old document
has; `file` is the document the path points into. --format sarif and --format github print the
changes as `check` prints diagnostics (see `lighthouse-offer check --help`), each in the
document its path points into.

Examples:
  lighthouse-offer diff published.json offer.json
  git show v1:offer.json > published.json && lighthouse-offer diff published.json offer.json";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  lighthouse-offer schema --out lighthouse-offer.schema.json
  lighthouse-offer schema --draft 07 > lighthouse-offer.draft-07.schema.json
  (then \"$schema\": \"lighthouse-offer.schema.json\" in an offer document beside it lets
  editors check it)";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  lighthouse-offer explain LO0201
  lighthouse-offer explain owner-role
  lighthouse-offer explain \"because of restricted actions\"
  lighthouse-offer explain --list";

const ROLES_EXAMPLES: &str = "\
Examples:
  lighthouse-offer roles contributor
  lighthouse-offer roles --supported
  lighthouse-offer roles 8e3af657";

/// The command line.
#[derive(Debug, Parser)]
#[command(name = "lighthouse-offer", version, about = ABOUT, after_help = EXAMPLES)]
#[command(
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Check offer documents against every rule, including the image files they name
    #[command(after_help = CHECK_EXAMPLES, after_long_help = CHECK_LONG_HELP)]
    Check(CheckArgs),
    /// Compare two versions of an offer: what changes, what may not change, what customers see
    #[command(after_help = DIFF_EXAMPLES, after_long_help = DIFF_LONG_HELP)]
    Diff(diff::DiffArgs),
    /// Print the JSON Schema of the offer document
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Explain a diagnostic: what it means, its source, its severity
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// List the built-in roles with their IDs, and whether Azure Lighthouse can delegate them
    #[command(after_help = ROLES_EXAMPLES)]
    Roles(roles_cmd::RolesArgs),
    /// Onboard customers without Marketplace: export ARM templates, check ARM parameter files
    #[command(subcommand)]
    Arm(arm_cmd::ArmCommand),
    /// Hold the delegations deployed at customers against the offer: what drifted
    #[command(after_help = audit_cmd::EXAMPLES, after_long_help = audit_cmd::LONG_HELP)]
    Audit(audit_cmd::AuditArgs),
    /// Write a starter offer to fill in, with placeholder logos of the right sizes
    #[command(after_help = init::EXAMPLES)]
    Init(init::InitArgs),
    /// Print an offer for people: plans, who gets which role, eligible access, the Marketplace URL
    #[command(after_help = show::EXAMPLES)]
    Show(show::ShowArgs),
    /// Say what an offer document needs for another rule edition, and write it rewritten
    #[command(after_help = migrate::EXAMPLES, after_long_help = migrate::LONG_HELP)]
    Migrate(migrate::MigrateArgs),
    /// Run the language server (LSP over standard input and output) for editors
    #[command(after_help = LSP_HELP)]
    Lsp(lsp::LspArgs),
}

const LSP_HELP: &str = "\
Editors start it and speak the Language Server Protocol with it over standard input and
output: diagnostics of offer documents (JSON, and YAML for .yaml/.yml) while typing, hover and
completion of roleDefinitionId, quick fixes. The README shows the setup of VS Code, Neovim and
Helix.";

/// Reads a rule edition's name (`2020`, `2026`); `--help` lists them.
fn edition_parser() -> impl clap::builder::TypedValueParser<Value = Edition> {
    PossibleValuesParser::new(Edition::ALL.iter().map(|e| e.name())).map(|name| {
        name.parse::<Edition>()
            .expect("the parser offers editions only")
    })
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Offer documents (JSON, or YAML for .yaml/.yml); image paths are relative to its folder
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read the documents as this format, whatever their extension
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<input::InputFormat>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) when a document has warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Check against this rule edition, whatever the documents' `edition` field says
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub edition: Option<Edition>,
    /// Judge roles with this catalog too: the JSON of `az role definition list`; its built-in
    /// roles win over the bundled catalog's
    #[arg(long, value_name = "FILE")]
    pub role_catalog: Option<PathBuf>,
}

/// Output formats of the commands that report diagnostics (`check`, `diff`, `arm check`); see
/// the `formats` module.
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

/// Arguments of `schema`.
#[derive(Debug, Args)]
struct SchemaArgs {
    /// The JSON Schema draft: 2020-12 for VS Code and current tools, 07 for the YAML language
    /// server and older editors
    #[arg(long, value_enum, default_value_t = DraftArg::V2020_12)]
    draft: DraftArg,
    /// Write the schema to this file instead of standard output (name it in a document's
    /// `$schema` by its path relative to the document)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// The drafts `schema` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum DraftArg {
    /// Draft-07
    #[value(name = "07")]
    V07,
    /// Draft 2020-12
    #[value(name = "2020-12")]
    V2020_12,
}

impl From<DraftArg> for lighthouse_offer::schema::Draft {
    fn from(draft: DraftArg) -> Self {
        match draft {
            DraftArg::V07 => lighthouse_offer::schema::Draft::V07,
            DraftArg::V2020_12 => lighthouse_offer::schema::Draft::V2020_12,
        }
    }
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
struct ExplainArgs {
    /// A rule's code (LO0201, any case) or name (owner-role), or a fragment of an error text of
    /// Azure's resource provider ("is restricted for registration")
    #[arg(
        required_unless_present = "list",
        conflicts_with = "list",
        value_name = "CODE"
    )]
    code: Option<String>,
    /// List every rule: code, severity, name and the first sentence of its explanation
    #[arg(long)]
    list: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => role_catalog::with(args.role_catalog.as_deref(), || {
            check::run(&args, model::check_document)
        }),
        Command::Diff(args) => {
            role_catalog::with(args.role_catalog.as_deref(), || diff::run(&args))
        }
        Command::Schema(args) => schema(args.draft.into(), args.out.as_deref()),
        Command::Explain(ExplainArgs { list: true, .. }) => explain::list(),
        Command::Explain(ExplainArgs { code, .. }) => {
            explain::run(code.as_deref().unwrap_or_default())
        }
        Command::Roles(args) => {
            role_catalog::with_catalog(args.role_catalog.as_deref(), |catalog| {
                roles_cmd::run(&args, catalog)
            })
        }
        Command::Arm(command) => arm_cmd::run(command),
        Command::Migrate(args) => migrate::run(&args),
        Command::Show(args) => {
            role_catalog::with(args.role_catalog.as_deref(), || show::run(&args))
        }
        Command::Init(args) => init::run(&args),
        Command::Audit(args) => {
            role_catalog::with(args.role_catalog.as_deref(), || audit_cmd::run(&args))
        }
        Command::Lsp(args) => lsp::run(&args),
    }
}

/// `schema`: the offer document's JSON Schema, pretty-printed, to standard output or to `out`.
fn schema(draft: lighthouse_offer::schema::Draft, out: Option<&std::path::Path>) -> ExitCode {
    let text = model::offer_schema(draft);
    match out {
        None => explain::finish(render::out(&text)),
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                render::err(&render::problem(&format!(
                    "cannot write `{}`: {error}",
                    path.display()
                )));
                render::err("\n");
                ExitCode::from(2)
            }
        },
    }
}
