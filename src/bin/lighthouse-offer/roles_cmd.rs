//! `lighthouse-offer roles`: the built-in roles the crate knows, and whether Azure Lighthouse can
//! delegate them.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;
use lighthouse_offer::Rule;
use lighthouse_offer::roles::{self, BuiltInRole, RoleSupport, UnsupportedReason};

use crate::{explain, render};

/// Arguments of `roles`.
#[derive(Debug, Args)]
pub struct RolesArgs {
    /// Only roles that an authorization may use: supported ones, and User Access Administrator
    /// (supported only to assign roles to managed identities)
    #[arg(long)]
    pub supported: bool,
    /// Only roles whose name contains this text (any case), or whose ID starts with it
    #[arg(value_name = "SEARCH")]
    pub search: Option<String>,
}

/// Lists the matching roles, sorted by name: ID, name and what Azure Lighthouse makes of them.
/// Nothing matching is not an error (exit 0, with a note on standard error).
pub fn run(args: &RolesArgs) -> ExitCode {
    let query = args.search.as_deref().map(str::trim).unwrap_or_default();
    let mut rows: Vec<&BuiltInRole> = roles::built_in()
        .iter()
        .filter(|role| matches(role, query))
        .filter(|role| !args.supported || is_usable(role.id().support()))
        .collect();
    rows.sort_by_cached_key(|role| (role.name().trim().to_lowercase(), role.id()));
    if rows.is_empty() {
        render::err(&render::problem_with_help(
            &format!("no built-in role matches `{query}`"),
            "search for part of the name (any case) or the start of the role definition ID",
        ));
        render::err("\n");
        // Like grep: a search that finds nothing says so in its status.
        return ExitCode::from(1);
    }
    let width = rows
        .iter()
        .map(|role| role.name().trim().chars().count())
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
            role.id(),
            role.name().trim(),
            describe(role.id().support()),
        );
    }
    explain::finish(render::out(&out))
}

/// Whether a role's name contains `query` (any case) or its ID starts with it (any case).
fn matches(role: &BuiltInRole, query: &str) -> bool {
    let query = query.to_lowercase();
    role.name().to_lowercase().contains(&query) || role.id().to_string().starts_with(&query)
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
