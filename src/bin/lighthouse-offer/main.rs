//! `lighthouse-offer`: check Azure Lighthouse managed service offer documents, print their JSON
//! Schema, explain diagnostics.
//!
//! Built with the `cli` feature. Modules: `main` (the command line), `check` (the `check`
//! command), `model` (the one place that calls the offer model), `locate` (JSON Pointer → bytes →
//! line and column), `render` (rustc-like and JSON output), `explain` (the rule catalog for
//! people), `roles_cmd` (the `roles` command, compiled once the roles catalog is merged).

mod check;
mod explain;
mod locate;
mod model;
mod render;
mod roles_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "Check Azure Lighthouse managed service offer documents";

const EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --format json offers/*.json
  lighthouse-offer explain LO0201
  lighthouse-offer schema > offer.schema.json";

const CHECK_EXAMPLES: &str = "\
Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json";

const CHECK_LONG_HELP: &str = "\
Exit status:
  0  no document has an error (warnings are allowed, unless --deny-warnings)
  1  a document has an error, or a warning under --deny-warnings
  2  a file could not be read, is not UTF-8 or is not JSON (or is over 16 MiB or nested
     more than 127 deep), or the command line is wrong
     (this takes precedence over 1)

Output:
  Human output (the default) shows each diagnostic like rustc does, on standard output;
  colours only on a terminal, never when NO_COLOR is set. Problems that are not diagnostics
  (a file that cannot be read) go to standard error.

  --format json prints one JSON array on standard output, one object per diagnostic of every
  document, in the order of the files and, within a file, of the text. Each object has
  exactly these fields, in this order:
    file      the document's path as given on the command line
    severity  \"error\" or \"warning\"
    code      the rule's stable code, such as \"LO0201\"
    name      the rule's stable name, such as \"owner-role\"
    path      a JSON Pointer (RFC 6901) to the value concerned, \"\" for the whole document
              (a syntax error is at \"\")
    line      1-based line where the underlined text starts
    column    1-based column where it starts, counted in characters (Unicode scalar
              values), not bytes; serde_json's messages count bytes
    message   what was found and what is expected
  Nothing else is written to standard output. Files that cannot be read do not appear in
  the array: they are reported on standard error, and the exit status is 2.

Examples:
  lighthouse-offer check offer.json
  lighthouse-offer check --deny-warnings --format json offers/*.json
  lighthouse-offer check offer.json || lighthouse-offer explain LO0201";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  lighthouse-offer schema > offer.schema.json
  (then \"$schema\": \"./offer.schema.json\" in an offer document lets editors check it)";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  lighthouse-offer explain LO0201
  lighthouse-offer explain owner-role
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
    /// Print the JSON Schema of the offer document
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
    /// Explain a diagnostic: what it means, its source, its severity
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(ExplainArgs),
    /// List the built-in roles with their IDs, and whether Azure Lighthouse can delegate them
    #[command(after_help = ROLES_EXAMPLES)]
    Roles(roles_cmd::RolesArgs),
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Offer documents (JSON); image paths in a document are relative to its folder
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) when a document has warnings, too
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Like rustc: severity, code, message, place, the lines with the span underlined
    Human,
    /// A JSON array of objects with the fields file, severity, code, name, path, line, column,
    /// message (see --help)
    Json,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
struct ExplainArgs {
    /// A rule's code (LO0201, any case) or name (owner-role)
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
        Command::Check(args) => check::run(&args),
        Command::Schema => schema(),
        Command::Explain(ExplainArgs { list: true, .. }) => explain::list(),
        Command::Explain(ExplainArgs { code, .. }) => {
            explain::run(code.as_deref().unwrap_or_default())
        }
        Command::Roles(args) => roles_cmd::run(&args),
    }
}

/// `schema`: the offer document's JSON Schema, pretty-printed.
fn schema() -> ExitCode {
    let mut text = serde_json::to_string_pretty(&model::offer_schema())
        .expect("a schema is JSON and always serializes");
    text.push('\n');
    explain::finish(render::out(&text))
}
