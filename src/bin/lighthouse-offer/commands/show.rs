//! `lighthouse-offer show`: an offer document as people read it: the plans, who gets which role
//! (by the role's name), eligible access with its approvers, and the Marketplace address.
//!
//! Uses `cli`, `io` and `output::console`.

use std::fmt::Write as _;
use std::process::ExitCode;

use lighthouse_offer::plans::MultiFactorAuthProvider;
use lighthouse_offer::roles::RoleCatalog;
use lighthouse_offer::{Availability, Offer, RoleDefinitionId};

use crate::cli::ShowArgs;
use crate::io::document;
use crate::output::console;

/// Prints the offer; a document with errors is not shown (`check` shows them): exit status 1.
pub fn run(args: &ShowArgs) -> ExitCode {
    let catalog = match super::role_catalog(args.role_catalog.as_deref()) {
        Ok(catalog) => catalog.unwrap_or_default(),
        Err(status) => return status,
    };
    let file = args.file.display().to_string();
    let (text, format) = match document::read_file(&args.file, args.input_format) {
        Ok(read) => read,
        Err(message) => return console::fail(&message),
    };
    match document::read_offer(&text, format, &catalog) {
        Ok(offer) => console::finish(console::out(&describe(&offer)), ExitCode::SUCCESS),
        Err(found) => {
            let errors = found
                .iter()
                .filter(|d| d.severity() == lighthouse_offer::Severity::Error)
                .count();
            console::error_with_help(
                &format!("`{file}` is not a valid offer document ({errors} errors)"),
                &format!("`lighthouse-offer check {file}` shows them"),
            );
            ExitCode::from(1)
        }
    }
}

/// A role by its name, with its GUID.
fn role(catalog: &RoleCatalog, id: RoleDefinitionId) -> String {
    match catalog.name(id) {
        Some(name) => format!("{name} ({id})"),
        None => format!("unknown role {id}"),
    }
}

/// The offer for people, in plain text.
pub fn describe(offer: &Offer) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (offer `{}`, publisher `{}`, rule edition {})",
        offer.name().as_str(),
        offer.offer_id().as_str(),
        offer.publisher_id().as_str(),
        offer.edition()
    );
    let _ = writeln!(out, "Marketplace: {}", offer.marketplace_url());
    for plan in offer.plans() {
        let availability = match plan.availability() {
            Availability::Public => "public".to_owned(),
            Availability::Private { subscription_ids } => {
                format!("private, {} subscriptions", subscription_ids.len())
            }
        };
        let manifest = plan.manifest();
        let _ = writeln!(
            out,
            "\nPlan `{}`: {} ({availability})\n  manifest version {}, managing tenant {}",
            plan.plan_id().as_str(),
            plan.title().as_str(),
            manifest.version(),
            manifest.tenant_id()
        );
        let _ = writeln!(out, "  Permanent access:");
        for a in manifest.authorizations() {
            let _ = write!(
                out,
                "    {} ({}): {}",
                a.principal_id_display_name().as_str(),
                a.principal_id(),
                role(offer.role_catalog(), a.role_definition_id())
            );
            if !a.delegated_role_definition_ids().is_empty() {
                let assignable: Vec<String> = a
                    .delegated_role_definition_ids()
                    .iter()
                    .map(|id| role(offer.role_catalog(), *id))
                    .collect();
                let _ = write!(
                    out,
                    "; may assign to managed identities: {}",
                    assignable.join(", ")
                );
            }
            out.push('\n');
        }
        if !manifest.eligible_authorizations().is_empty() {
            let _ = writeln!(out, "  Eligible access (just in time):");
            for e in manifest.eligible_authorizations() {
                let policy = e.just_in_time_access_policy();
                let mfa = match policy.multi_factor_auth_provider() {
                    MultiFactorAuthProvider::Azure => "with Azure multi-factor authentication",
                    MultiFactorAuthProvider::None => "without multi-factor authentication",
                };
                let approvers: Vec<String> = policy
                    .managed_by_tenant_approvers()
                    .iter()
                    .map(|a| {
                        format!(
                            "{} ({})",
                            a.principal_id_display_name().as_str(),
                            a.principal_id()
                        )
                    })
                    .collect();
                let approval = if approvers.is_empty() {
                    "no approval".to_owned()
                } else {
                    format!("approved by {}", approvers.join(", "))
                };
                let _ = writeln!(
                    out,
                    "    {} ({}): {}, for at most {}, {mfa}, {approval}",
                    e.principal_id_display_name().as_str(),
                    e.principal_id(),
                    role(offer.role_catalog(), e.role_definition_id()),
                    policy.maximum_activation_duration()
                );
            }
        }
    }
    out
}
