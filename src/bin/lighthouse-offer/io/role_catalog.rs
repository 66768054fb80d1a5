//! `--role-catalog FILE`: a newer role catalog, read from the JSON of `az role definition list`.
//! `commands::role_catalog` reads it for a command, which hands it to its checks.
//!
//! Uses `io::files` and the library.

use std::path::Path;

use lighthouse_offer::roles::RoleCatalog;

use crate::io::files;

/// The catalog of a file, or what is wrong with it, one message per problem.
pub fn read(file: &Path) -> Result<RoleCatalog, Vec<String>> {
    // The same size limit and UTF-8 handling as a document: a role catalog is about 1 MB.
    let text = files::read(file).map_err(|message| vec![message])?;
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
