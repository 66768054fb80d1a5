//! Builds a plan of a managed service offer in code, and prints what the model says about it.
//!
//! Run it with `cargo run --example build_plan`.

use lighthouse_offer::plans::{JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::{
    Authorization, Availability, DisplayName, EligibleAuthorization, Manifest, ManifestVersion,
    Plan, PlanDescription, PlanId, PlanSummary, PlanTitle, RoleDefinitionId, TenantId,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The provider's tenant, and the groups in it that get access.
    let tenant: TenantId = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
    let analysts = "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e".parse()?;
    let engineers = "2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f".parse()?;

    // Permanent access: the analysts may read everything.
    let read = Authorization::new(
        analysts,
        DisplayName::new("Contoso SOC analysts")?,
        RoleDefinitionId::READER,
    )?;

    // The engineers read permanently: without a permanent authorization with Reader access, an
    // eligible principal cannot elevate its role in the Azure portal.
    let engineers_read = Authorization::new(
        engineers,
        DisplayName::new("Contoso escalation engineers")?,
        RoleDefinitionId::READER,
    )?;

    // Just-in-time access: engineers may become Contributor for up to four hours, with MFA.
    let escalate = EligibleAuthorization::new(
        engineers,
        DisplayName::new("Contoso escalation engineers")?,
        RoleDefinitionId::CONTRIBUTOR,
        JustInTimeAccessPolicy::new(MultiFactorAuthProvider::Azure, "PT4H".parse()?, [])?,
    )?;

    // An Owner authorization is refused, with a reason and where it is.
    let owner = Authorization::new(
        analysts,
        DisplayName::new("Contoso SOC analysts")?,
        RoleDefinitionId::OWNER,
    );
    if let Err(report) = owner {
        println!("refused: {}", report.diagnostics()[0]);
    }

    // The manifest is checked as a whole; its warnings come with it.
    let checked = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant)
        .authorization(read)
        .authorization(engineers_read)
        .eligible_authorization(escalate)
        .build()?;
    let (manifest, _) = checked.into_parts();

    let plan = Plan::new(
        PlanId::new("gold")?,
        PlanTitle::new("Gold: 24x7 Sentinel monitoring")?,
        PlanSummary::new("Round-the-clock monitoring of your Microsoft Sentinel workspaces")?,
        PlanDescription::new(
            "Our security operations centre watches your workspaces day and night.",
        )?,
        Availability::Public,
        manifest,
    );

    println!("plan `{}`:", plan.value().plan_id());
    for warning in plan.warnings() {
        println!("  {warning}");
        println!("    why: {}", warning.rule().explanation());
    }
    println!(
        "\nas a document:\n{}",
        serde_json::to_string_pretty(plan.value())?
    );
    Ok(())
}
