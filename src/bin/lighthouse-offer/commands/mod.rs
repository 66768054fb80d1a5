//! The commands, one file each: what a command does with its arguments, from reading its inputs
//! to its exit status.
//!
//! May use `cli`, `io` and `output`; a command does not use another command (what two commands
//! share is in a lower layer). [`with_role_catalog`] is the one place where a catalog of
//! `--role-catalog` is put in scope.

pub mod arm;
pub mod audit;
pub mod check;
pub mod diff;
pub mod explain;
pub mod init;
pub mod migrate;
pub mod roles;
pub mod schema;
pub mod show;

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::roles::RoleCatalog;

use crate::io::role_catalog;
use crate::output::console;

/// Runs `command` with the catalog of `file` judging roles while it runs (`roles` lists its
/// roles too: the command is given the catalog, `None` without a file). A file that cannot be
/// read or is not a role catalog exits 2 with its problems.
pub fn with_role_catalog(
    file: Option<&Path>,
    command: impl FnOnce(Option<&RoleCatalog>) -> ExitCode,
) -> ExitCode {
    let Some(file) = file else {
        return command(None);
    };
    match role_catalog::read(file) {
        Ok(catalog) => catalog.scope(|| command(Some(&catalog))),
        Err(problems) => {
            for problem in problems {
                console::error(&problem);
            }
            ExitCode::from(2)
        }
    }
}
