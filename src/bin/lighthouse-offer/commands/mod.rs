//! The commands, one file each: what a command does with its arguments, from reading its inputs
//! to its exit status.
//!
//! May use `cli`, `io` and `output`; a command does not use another command (what two commands
//! share is in a lower layer). A command that judges roles reads its `--role-catalog` with
//! [`role_catalog`] and hands the catalog to every check it runs.

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

/// The catalog of `--role-catalog FILE` (`None` without a file), or, for a file that cannot be
/// read or is not a role catalog, its problems shown and the exit status 2 to end with.
pub fn role_catalog(file: Option<&Path>) -> Result<Option<RoleCatalog>, ExitCode> {
    let Some(file) = file else {
        return Ok(None);
    };
    role_catalog::read(file).map(Some).map_err(|problems| {
        for problem in problems {
            console::error(&problem);
        }
        ExitCode::from(2)
    })
}
