//! `lighthouse-offer`: check Azure Lighthouse managed service offer documents, print their JSON
//! Schema, explain diagnostics.
//!
//! Built with the `cli` feature. The tool is in layers; a module uses only those below it
//! (`tests/architecture.rs` holds that):
//!
//! - `cli`: the command line as clap reads it (every argument type, the output and input
//!   formats, the help texts);
//! - `io`: reading files (size limit, encodings), the input format of a document, offer
//!   documents read through the library in that format, the role catalog file;
//! - `output`: where a diagnostic is in its text, each output format (human, JSON, SARIF,
//!   GitHub), the pages for a browser (the preview, the fleet), the audit's table, the rule catalog for people, the summary and exit status of a
//!   run, the terminal;
//! - `commands`: one file per command, from its inputs to its exit status;
//! - `lsp`: the language server, its loop and one handler per kind of request;
//! - `main` (this file): parses the command line and runs the command.

mod cli;
mod commands;
mod io;
mod lsp;
mod output;

use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{ArmCommand, Cli, Command, ExplainArgs};
use crate::commands::{
    arm, audit, check, diff, explain, init, migrate, preview, published, roles, schema, show,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Explain(ExplainArgs { list: true, .. }) => explain::list(),
        Command::Explain(ExplainArgs { code, .. }) => {
            explain::run(code.as_deref().unwrap_or_default())
        }
        Command::Roles(args) => roles::run(&args),
        Command::Arm(ArmCommand::Check(args)) => arm::run_check(&args),
        Command::Arm(ArmCommand::Export(args)) => arm::run_export(&args),
        Command::Migrate(args) => migrate::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Audit(args) if args.published => published::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    }
}
