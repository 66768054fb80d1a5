//! Builds the bundled example offer, `examples/contoso-sentinel/offer.json`, in code, and prints
//! it as JSON.
//!
//! ```text
//! cargo run --example build_offer
//! ```
//!
//! Every part is made with the model's constructors and builders, which check it on the way:
//! a title that is too long or an Owner authorization fails here, before any JSON is written.
//! The test `tests/rules/offer_in_code.rs` includes this file and checks that [`contoso_sentinel`]
//! builds exactly the offer that the document describes.

use std::error::Error;

use lighthouse_offer::artifacts::{
    Caption, ImagePath, Logos, MarketingArtifacts, Screenshot, Video,
};
use lighthouse_offer::edition::LogoSlot;
use lighthouse_offer::leads::{HttpsEndpoint, LeadDestination, LeadManagement};
use lighthouse_offer::legal::{Contract, Legal};
use lighthouse_offer::listing::{
    Label, Listing, ListingDescription, ListingSummary, ListingTitle, LongSummary,
    MarketingIdentifier, UsefulLink,
};
use lighthouse_offer::plans::{Approver, JustInTimeAccessPolicy, MultiFactorAuthProvider};
use lighthouse_offer::roles::BuiltInRole;
use lighthouse_offer::support::{Contact, ContactName, Support};
use lighthouse_offer::values::{EmailAddress, PhoneNumber};
use lighthouse_offer::{
    Authorization, Availability, Checked, DisplayName, Edition, EligibleAuthorization, HttpsUrl,
    Manifest, ManifestVersion, Offer, OfferId, OfferName, Plan, PlanDescription, PlanId,
    PlanSummary, PlanTitle, PrincipalId, PrivateAudience, PublisherId, RoleDefinitionId,
};

/// The JSON Schema that the example document names in `$schema`, for editors.
const SCHEMA_URL: &str = "../../schema/lighthouse-offer.schema.json";

/// A built-in role by its name in Azure's catalog, such as `Microsoft Sentinel Responder`.
fn role(name: &str) -> Result<RoleDefinitionId, Box<dyn Error>> {
    lighthouse_offer::roles::find_by_name(name)
        .map(BuiltInRole::id)
        .ok_or_else(|| format!("no built-in role is named {name:?}").into())
}

/// A group of the provider's tenant, by its object ID and display name.
fn group(id: &str, name: &str) -> Result<(PrincipalId, DisplayName), Box<dyn Error>> {
    Ok((id.parse()?, DisplayName::new(name)?))
}

/// A permanent authorization of `principal` with `role`.
fn authorization(
    (id, name): (PrincipalId, DisplayName),
    role: RoleDefinitionId,
) -> Result<Authorization, Box<dyn Error>> {
    Ok(Authorization::new(id, name, role)?)
}

/// The provider's tenant, where the groups below live.
const TENANT: &str = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10";

/// The group that may remove the delegation, in both plans.
fn lighthouse_admins() -> Result<(PrincipalId, DisplayName), Box<dyn Error>> {
    group(
        "7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d",
        "Contoso Lighthouse administrators",
    )
}

/// The offer of `examples/contoso-sentinel/offer.json`, with its warnings (there are none).
/// The parts below drop their own warnings: `build` finds every part's warnings again, at the
/// paths they have in the offer.
///
/// # Errors
/// The first value or part that the model refuses; none does.
pub fn contoso_sentinel() -> Result<Checked<Offer>, Box<dyn Error>> {
    let offer = Offer::builder(
        OfferId::new("contoso-managed-sentinel")?,
        PublisherId::new("contoso")?,
        OfferName::new("Contoso Managed Sentinel")?,
    )
    .schema(SCHEMA_URL)
    .edition(Edition::E2020)
    .plan(gold_plan()?)
    .plan(dedicated_plan()?)
    .listing(listing()?)
    .marketing_artifacts(marketing_artifacts()?)
    .lead_management(lead_management()?)
    .legal(Legal::new(
        HttpsUrl::new("https://contoso.example/privacy")?,
        Contract::StandardContract,
    ))
    .support(support()?)
    .build()?;
    Ok(offer)
}

/// The public plan.
fn gold_plan() -> Result<Plan, Box<dyn Error>> {
    // Plan 1, public: analysts respond, readers read, an automation account may assign two roles
    // to managed identities, the administrators may remove the delegation, and engineers read
    // and may become Contributor for four hours.
    let (automation_id, automation_name) = group(
        "0f4a8c2e-6b1d-4e9a-8c3f-7d2e1b0a9c8d",
        "Contoso policy automation",
    )?;
    let (engineers_id, engineers_name) = group(
        "2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f",
        "Contoso escalation engineers",
    )?;
    let (leads_id, leads_name) =
        group("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "Contoso SOC leads")?;
    let gold_manifest = Manifest::builder(ManifestVersion::new(1, 2, 0), TENANT.parse()?)
        .authorization(authorization(
            group(
                "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
                "Contoso SOC analysts",
            )?,
            role("Microsoft Sentinel Responder")?,
        )?)
        .authorization(authorization(
            group(
                "8e2d1c0b-3a4f-4b5c-9d6e-7f8a9b0c1d2e",
                "Contoso SOC readers",
            )?,
            RoleDefinitionId::READER,
        )?)
        .authorization(Authorization::with_assignable_roles(
            automation_id,
            automation_name,
            RoleDefinitionId::USER_ACCESS_ADMINISTRATOR,
            [
                RoleDefinitionId::CONTRIBUTOR,
                RoleDefinitionId::RESOURCE_POLICY_CONTRIBUTOR,
            ],
        )?)
        .authorization(authorization(lighthouse_admins()?, Manifest::DELETE_ROLE)?)
        // An eligible principal needs a permanent authorization with Reader access too, or it
        // cannot elevate its role in the Azure portal.
        .authorization(authorization(
            (engineers_id, engineers_name.clone()),
            RoleDefinitionId::READER,
        )?)
        .eligible_authorization(EligibleAuthorization::new(
            engineers_id,
            engineers_name,
            RoleDefinitionId::CONTRIBUTOR,
            JustInTimeAccessPolicy::new(
                MultiFactorAuthProvider::Azure,
                "PT4H".parse()?,
                [Approver::new(leads_id, leads_name)],
            )?,
        )?)
        .build()?;
    let gold = Plan::new(
        PlanId::new("gold")?,
        PlanTitle::new("Gold: 24x7 monitoring")?,
        PlanSummary::new(
            "Round-the-clock monitoring and response for your Microsoft Sentinel workspaces",
        )?,
        PlanDescription::new(
            "Contoso's security operations centre watches your Sentinel incidents day and night, tunes analytics rules monthly and responds to threats within 30 minutes.",
        )?,
        Availability::Public,
        gold_manifest.into_parts().0,
    );
    Ok(gold.into_parts().0)
}

/// The private plan.
fn dedicated_plan() -> Result<Plan, Box<dyn Error>> {
    // Plan 2, private to two of Fabrikam's subscriptions.
    let fabrikam = PrivateAudience::new([
        "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f".parse()?,
        "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d".parse()?,
    ])?;
    let dedicated_manifest = Manifest::builder(ManifestVersion::new(1, 0, 0), TENANT.parse()?)
        .authorization(authorization(
            group(
                "4c3b2a19-0f8e-4d7c-b6a5-948372615a0b",
                "Contoso Fabrikam team",
            )?,
            role("Microsoft Sentinel Responder")?,
        )?)
        .authorization(authorization(lighthouse_admins()?, Manifest::DELETE_ROLE)?)
        .build()?;
    let dedicated = Plan::new(
        PlanId::new("fabrikam-dedicated")?,
        PlanTitle::new("Dedicated: Fabrikam")?,
        PlanSummary::new("Gold, with analysts dedicated to Fabrikam")?,
        PlanDescription::new(
            "The Gold service with a team of analysts that works for Fabrikam only.",
        )?,
        Availability::Private {
            subscription_ids: fabrikam,
        },
        dedicated_manifest.into_parts().0,
    );
    Ok(dedicated.into_parts().0)
}

/// What Marketplace shows.
fn listing() -> Result<Listing, Box<dyn Error>> {
    let docs = HttpsUrl::new("https://contoso.example/docs/sentinel")?;
    let listing = Listing::builder(
        ListingTitle::new("Contoso Managed Sentinel")?,
        ListingSummary::new(
            "24x7 threat monitoring and response for Microsoft Sentinel, by Contoso's SOC",
        )?,
        LongSummary::new(
            "Contoso's analysts watch your Microsoft Sentinel workspaces around the clock, tune detections every month and respond to incidents within 30 minutes, through Azure Lighthouse.",
        )?,
        ListingDescription::new(concat!(
            "<h2>Managed services for Microsoft Sentinel</h2>",
            "<p>Contoso's <strong>managed service</strong> gives you a security operations centre without building one:</p>",
            "<ul><li>24x7 monitoring of incidents</li><li>monthly tuning of analytics rules</li><li>response within 30 minutes</li></ul>",
            "<p>Read how onboarding works in our <a href=\"https://contoso.example/docs/sentinel\">documentation</a>.</p>",
        ))?,
    )
    .marketing_identifier(MarketingIdentifier::new("contoso-managed-sentinel")?)
    .preview_subscription("9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f".parse()?)
    .useful_link(UsefulLink::new(Label::new("Documentation")?, docs))
    .useful_link(UsefulLink::new(
        Label::new("Release notes")?,
        HttpsUrl::new("https://contoso.example/docs/sentinel/releases")?,
    ))
    .category(Label::new("Security")?)
    .category(Label::new("Monitoring")?)
    .build()?;
    Ok(listing)
}

/// Logos, hero, a screenshot and a video: paths relative to the document's folder.
fn marketing_artifacts() -> Result<MarketingArtifacts, Box<dyn Error>> {
    let artifacts = MarketingArtifacts::new(
        Logos::new()
            .with(LogoSlot::Small, ImagePath::new("logos/40.png")?)
            .with(LogoSlot::Medium, ImagePath::new("logos/90.png")?)
            .with(LogoSlot::Large, ImagePath::new("logos/115.png")?)
            .with(LogoSlot::Wide, ImagePath::new("logos/255x115.png")?),
        Some(ImagePath::new("logos/hero.png")?),
        vec![Screenshot::new(
            ImagePath::new("screenshots/overview.png")?,
            Some(Caption::new(
                "The incident overview your analysts share with you",
            )?),
        )],
        vec![Video::new(
            Caption::new("Contoso Managed Sentinel in two minutes")?,
            HttpsUrl::new("https://www.youtube.com/watch?v=dQw4w9WgXcQ")?,
            ImagePath::new("screenshots/video-thumbnail.png")?,
        )?],
    )?;
    Ok(artifacts)
}

/// Leads go to an HTTPS endpoint.
fn lead_management() -> Result<LeadManagement, Box<dyn Error>> {
    let leads = LeadManagement::new(
        LeadDestination::HttpsEndpoint(HttpsEndpoint::new(HttpsUrl::new(
            "https://contoso.example/api/leads",
        )?)),
        vec![EmailAddress::new("leads@contoso.example")?],
    )?;
    Ok(leads.into_parts().0)
}

/// Who supports the offer.
fn support() -> Result<Support, Box<dyn Error>> {
    let support = Support::new(
        Contact::new(
            ContactName::new("Mira Jansen")?,
            EmailAddress::new("mira.jansen@contoso.example")?,
            PhoneNumber::new("+31 20 123 4567")?,
        ),
        Contact::new(
            ContactName::new("Contoso Support")?,
            EmailAddress::new("support@contoso.example")?,
            PhoneNumber::new("+31 20 765 4321")?,
        ),
        vec![HttpsUrl::new("https://contoso.example/support")?],
    )?;
    Ok(support)
}

#[allow(dead_code)] // `tests/rules/offer_in_code.rs` includes this file for `contoso_sentinel` only.
fn main() -> Result<(), Box<dyn Error>> {
    let (offer, warnings) = contoso_sentinel()?.into_parts();
    for warning in &warnings {
        eprintln!("{warning}");
    }
    println!("{}", serde_json::to_string_pretty(&offer)?);
    Ok(())
}
