//! `lighthouse-offer roles`: the built-in roles the crate knows, and whether Azure Lighthouse can
//! delegate them.
//!
//! Uses `cli` and `output::console`.

use std::fmt::Write as _;
use std::process::ExitCode;

use lighthouse_offer::roles::{self, RoleCatalog, RoleSupport, RoleText, UnsupportedReason};
use lighthouse_offer::{RoleDefinitionId, Rule};

use crate::cli::RolesArgs;
use crate::output::console;

/// A role of the catalogs given (the bundled one, and `--role-catalog`): its ID and its name.
struct Row {
    id: RoleDefinitionId,
    name: String,
}

/// The roles known: those of the catalog given with `--role-catalog`, then the
/// bundled catalog's that it does not have.
fn known_roles(catalog: Option<&RoleCatalog>) -> Vec<Row> {
    let mut rows: Vec<Row> = catalog.map_or_else(Vec::new, |catalog| {
        catalog
            .roles()
            .iter()
            .map(|role| Row {
                id: role.id(),
                name: role.name().trim().to_owned(),
            })
            .collect()
    });
    let from_file: std::collections::HashSet<RoleDefinitionId> =
        rows.iter().map(|row| row.id).collect();
    rows.extend(
        roles::built_in()
            .iter()
            .filter(|role| !from_file.contains(&role.id()))
            .map(|role| Row {
                id: role.id(),
                name: role.name().trim().to_owned(),
            }),
    );
    rows
}

/// Lists the matching roles, sorted by name: ID, name and what Azure Lighthouse makes of them.
/// Nothing matching exits 1, like grep, with a note on standard error. `catalog` is the
/// one given with `--role-catalog`, which judges the roles and whose roles are listed too.
pub fn run(args: &RolesArgs) -> ExitCode {
    let file = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(file) => file,
        Err(status) => return status,
    };
    let catalog = file.as_ref();
    let judge = file.clone().unwrap_or_default();
    let given = args.search.as_deref().map(str::trim).unwrap_or_default();
    // A role definition's resource ID stands for its GUID.
    let resolved = match roles::role_text(&judge, given) {
        Some(RoleText::ResourceId(id)) => id.to_string(),
        _ => given.to_owned(),
    };
    let query = resolved.as_str();
    let mut rows: Vec<Row> = known_roles(catalog)
        .into_iter()
        .filter(|role| {
            if args.exact {
                role.name.eq_ignore_ascii_case(query)
                    || role.id.to_string().eq_ignore_ascii_case(query)
            } else {
                matches(role, query)
            }
        })
        .filter(|role| !args.supported || is_usable(judge.support(role.id)))
        .collect();
    rows.sort_by_cached_key(|role| (role.name.to_lowercase(), role.id));
    if rows.is_empty() && RoleDefinitionId::new(query).is_ok() {
        let with_file = catalog.is_some();
        console::error_with_help(
            &format!("`{query}` is not a built-in role this tool knows"),
            if with_file {
                "Azure Lighthouse delegates built-in roles only: it is a custom role (which fails \
                 onboarding), or a role newer than the catalog given with `--role-catalog`"
            } else {
                "Azure Lighthouse delegates built-in roles only: it is a custom role (which fails \
                 onboarding) or a role newer than the bundled catalog (check it with \
                 `lighthouse-offer roles --role-catalog roles.json GUID`, roles.json from \
                 `az role definition list`)"
            },
        );
        return ExitCode::from(1);
    }
    if rows.is_empty() && args.exact {
        let help = match roles::role_text(&judge, query) {
            Some(RoleText::NearestNames(nearest)) => {
                let names: Vec<String> = nearest
                    .iter()
                    .map(|(id, name)| format!("{name} (`{id}`)"))
                    .collect();
                format!("the nearest names: {}", names.join(", "))
            }
            _ => "search without `--exact` for part of the name".to_owned(),
        };
        console::error_with_help(&format!("no built-in role is named `{query}`"), &help);
        return ExitCode::from(1);
    }
    if rows.is_empty() {
        console::error_with_help(
            &format!("no built-in role matches `{query}`"),
            "search for part of the name (any case) or the start of the role definition ID",
        );
        // Like grep: a search that finds nothing says so in its status.
        return ExitCode::from(1);
    }
    let width = rows
        .iter()
        .map(|role| role.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("NAME".len());
    let mut out = format!(
        "{:<36}  {:<width$}  LIGHTHOUSE\n",
        "ROLE DEFINITION ID", "NAME"
    );
    for role in rows {
        let _ = writeln!(
            out,
            "{}  {:<width$}  {}",
            role.id,
            role.name,
            describe(judge.support(role.id)),
        );
    }
    console::finish(console::out(&out), ExitCode::SUCCESS)
}

/// Whether a role's name contains `query` (any case) or its ID starts with it (any case).
fn matches(role: &Row, query: &str) -> bool {
    let query = query.to_lowercase();
    role.name.to_lowercase().contains(&query) || role.id.to_string().starts_with(&query)
}

/// Whether an authorization may name the role at all.
fn is_usable(support: RoleSupport) -> bool {
    matches!(
        support,
        RoleSupport::Supported | RoleSupport::AssignableRolesOnly
    )
}

/// What Azure Lighthouse makes of a role, with the code of the rule it breaks.
fn describe(support: RoleSupport) -> String {
    let unsupported = |why: &str, rule: Rule| format!("not supported: {why} ({})", rule.code());
    match support {
        RoleSupport::Supported => "supported".to_owned(),
        RoleSupport::AssignableRolesOnly => {
            "only to assign the roles in delegatedRoleDefinitionIds to managed identities"
                .to_owned()
        }
        RoleSupport::Unsupported(UnsupportedReason::Owner) => unsupported("Owner", Rule::OwnerRole),
        RoleSupport::Unsupported(UnsupportedReason::DataActions) => {
            unsupported("has data actions", Rule::DataActionsRole)
        }
        RoleSupport::Unsupported(UnsupportedReason::RestrictedAction(action)) => {
            unsupported(&format!("grants {action}"), Rule::RestrictedActionRole)
        }
        // `UnsupportedReason` is `#[non_exhaustive]`: a reason added later still reads sensibly.
        RoleSupport::Unsupported(_) => "not supported".to_owned(),
        RoleSupport::Unknown => format!("unknown ({})", Rule::UnknownRole.code()),
    }
}
