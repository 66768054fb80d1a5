//! `--role-catalog FILE`: a newer role catalog, read from the JSON of `az role definition list`,
//! that judges roles while a command runs.

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::roles::RoleCatalog;

use crate::{check, render};

/// Runs `command` with the catalog of `file` judging roles, or with the bundled catalog when no
/// file is given. A file that cannot be read or is not a role catalog exits 2 with its problems.
pub fn with(file: Option<&Path>, command: impl FnOnce() -> ExitCode) -> ExitCode {
    with_catalog(file, |_| command())
}

/// [`with`] for a command that also lists the catalog's roles: it is given the catalog read
/// from `file` (`None` without a file), and runs with it in scope.
pub fn with_catalog(
    file: Option<&Path>,
    command: impl FnOnce(Option<&RoleCatalog>) -> ExitCode,
) -> ExitCode {
    let Some(file) = file else {
        return command(None);
    };
    match read(file) {
        Ok(catalog) => catalog.scope(|| command(Some(&catalog))),
        Err(problems) => {
            for problem in problems {
                render::err(&render::problem(&problem));
                render::err("\n");
            }
            ExitCode::from(2)
        }
    }
}

/// The catalog of a file, or what is wrong with it, one message per problem.
fn read(file: &Path) -> Result<RoleCatalog, Vec<String>> {
    // The same size limit and UTF-8 handling as a document: a role catalog is about 1 MB.
    let text = check::read(file).map_err(|message| vec![message])?;
    RoleCatalog::from_az_json(text.as_bytes()).map_err(|report| {
        report
            .diagnostics()
            .iter()
            .map(|d| {
                format!(
                    "`{}` is not a role catalog of `az role definition list`: {}[{}] at {}: {}",
                    file.display(),
                    d.severity(),
                    d.code(),
                    if d.path().as_str().is_empty() {
                        "/"
                    } else {
                        d.path().as_str()
                    },
                    d.message()
                )
            })
            .collect()
    })
}
