//! # lighthouse-offer
//!
//! A model of **Azure Lighthouse managed service offers** in which invalid offers cannot be
//! built. A managed service provider publishes such an offer to Azure Marketplace; a customer who
//! buys one of its plans *delegates* subscriptions or resource groups to the provider, whose
//! people and apps then work there with exactly the roles the plan lists.
//!
//! ## The domain in five minutes
//!
//! - An **offer** has one or more **plans** (SKUs). Customers buy a plan, never the offer.
//! - A plan is **public**, or **private** to a list of customers' subscription IDs
//!   ([`Availability`], [`PrivateAudience`]). Once public, always public.
//! - Every plan has a **manifest** ([`Manifest`]): a version `n.n.n` ([`ManifestVersion`]), the
//!   provider's tenant ([`TenantId`]) and up to 20 **authorizations** ([`Authorization`]): this
//!   group ([`PrincipalId`], [`DisplayName`]) gets that built-in role ([`RoleDefinitionId`]).
//!   **Eligible authorizations** ([`EligibleAuthorization`]) are activated just in time.
//! - Not every role may be delegated: see [`roles`]. Owner never; roles with data actions or
//!   that can change access never; User Access Administrator only to assign listed roles to
//!   managed identities.
//! - Include the **delete role** in every manifest, or the provider can never remove its own
//!   access. Leaving it out is allowed, but always reported as a warning.
//!
//! ## Valid by construction
//!
//! Every value of this crate passed its rules when it was made: through a constructor, a
//! builder, or by reading a document. A [`PlanTitle`] of 201 characters, a [`ManifestVersion`] of
//! `1.0` or a manifest without authorizations cannot exist, so functions that take them need not
//! check again. Fields are private; serde's `Deserialize` goes through the same checks, but
//! **it drops the warnings** (serde has no place for them) and judges roles with the bundled
//! catalog: read offers with [`Offer::from_json_str`] or [`ReadOptions`], whose [`Checked`]
//! carries the warnings.
//!
//! ```
//! use lighthouse_offer::{PlanTitle, ManifestVersion};
//!
//! assert!(PlanTitle::new("Gold").is_ok());
//! let error = PlanTitle::new("x".repeat(201)).unwrap_err();
//! assert_eq!(error.to_string(), "plan title has 201 characters, at most 200 are allowed");
//! assert!(ManifestVersion::parse("1.0").is_err());
//! ```
//!
//! ## Diagnostics are data
//!
//! Reading a document reports **every** problem at once, each a [`Diagnostic`] with a stable
//! code and name ([`Rule`]), a [`Severity`], a [`JsonPointer`] in the document's own field
//! names, and a message that says what was found and what is expected. Warnings are results of
//! the model: they come with every [`Checked`] value.
//!
//! ```
//! use lighthouse_offer::Plan;
//!
//! let document = r#"{
//!   "planId": "gold", "title": "Gold", "summary": "24x7", "description": "Round the clock.",
//!   "availability": { "visibility": "public" },
//!   "manifest": {
//!     "version": "1.0.0",
//!     "tenantId": "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10",
//!     "authorizations": [{
//!       "principalId": "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e",
//!       "principalIdDisplayName": "Contoso SOC",
//!       "roleDefinitionId": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
//!     }]
//!   }
//! }"#;
//! let report = Plan::from_json_str(document).unwrap_err();
//! let owner = &report.diagnostics()[0];
//! assert_eq!(owner.code(), "LO0201");
//! assert_eq!(owner.name(), "owner-role");
//! assert_eq!(owner.path().as_str(), "/manifest/authorizations/0/roleDefinitionId");
//! ```
//!
//! ## A whole offer
//!
//! An [`Offer`] is one document (see `docs/FORMAT.md` in the repository): offer settings, plans,
//! the Marketplace [`Listing`](listing::Listing),
//! [`MarketingArtifacts`](artifacts::MarketingArtifacts),
//! [`LeadManagement`](leads::LeadManagement), [`Legal`](legal::Legal) and
//! [`Support`](support::Support). Reading it checks everything the document says; reading the image
//! files it names is a separate, explicit step, the only one that touches the file system.
//!
//! ```
//! use std::path::Path;
//! use lighthouse_offer::Offer;
//!
//! let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
//! let text = std::fs::read_to_string(folder.join("offer.json"))?;
//! let (offer, warnings) = Offer::from_json_str(&text)?.into_parts();
//! assert!(warnings.is_empty());
//! assert_eq!(offer.plans().len(), 2);
//! assert!(offer.verify_images(&folder).is_empty()); // PNG files, checked by their bytes
//! assert_eq!(
//!     offer.marketplace_url(),
//!     "https://azuremarketplace.microsoft.com/marketplace/apps/contoso-contoso-managed-sentinel"
//! );
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ### Building an offer in code
//!
//! An offer can also be built with the constructors and builders; each part is checked as it is
//! made, and [`OfferBuilder::build`](offer::OfferBuilder::build) checks the whole against its
//! edition. Here a whole offer for today's rules: a plan whose SOC analysts hold Microsoft
//! Sentinel Responder, whose administrators may remove the delegation, and whose engineers may
//! become Contributor for an hour once a lead approves.
//!
//! ```
//! use lighthouse_offer::artifacts::{ImagePath, Logos, MarketingArtifacts};
//! use lighthouse_offer::edition::LogoSlot;
//! use lighthouse_offer::leads::{HttpsEndpoint, LeadDestination, LeadManagement};
//! use lighthouse_offer::legal::{Contract, Legal, TermsOfUse};
//! use lighthouse_offer::listing::{
//!     Label, Listing, ListingDescription, ListingSummary, ListingTitle, LongSummary,
//! };
//! use lighthouse_offer::plans::{Approver, JustInTimeAccessPolicy, MultiFactorAuthProvider};
//! use lighthouse_offer::support::{Contact, ContactName, Support};
//! use lighthouse_offer::values::{EmailAddress, PhoneNumber};
//! use lighthouse_offer::{
//!     Authorization, Availability, DisplayName, Edition, EligibleAuthorization, HttpsUrl,
//!     Manifest, ManifestVersion, Offer, OfferId, OfferName, Plan, PlanDescription, PlanId,
//!     PlanSummary, PlanTitle, PrincipalId, RoleDefinitionId,
//! };
//!
//! // Who gets access: groups of the provider's tenant, by object ID and display name.
//! type Group = (PrincipalId, DisplayName);
//! let group = |id: &str, name: &str| -> Result<Group, Box<dyn std::error::Error>> {
//!     Ok((id.parse()?, DisplayName::new(name)?))
//! };
//! let analysts = group("5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e", "SOC analysts")?;
//! let admins = group("7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", "Lighthouse admins")?;
//! let engineers = group("2d7e4f1a-8b3c-4d5e-9f60-7a1b2c3d4e5f", "Engineers")?;
//! let leads = group("9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", "SOC leads")?;
//! let responder = lighthouse_offer::roles::find_by_name("Microsoft Sentinel Responder")
//!     .expect("a built-in role")
//!     .id();
//!
//! // The manifest: permanent authorizations, then one eligible (just-in-time) authorization.
//! // An eligible principal also needs Reader, or it cannot activate its role in the portal.
//! let tenant = "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10".parse()?;
//! let manifest = Manifest::builder(ManifestVersion::new(1, 0, 0), tenant)
//!     .authorization(Authorization::new(analysts.0, analysts.1, responder)?)
//!     .authorization(Authorization::new(admins.0, admins.1, Manifest::DELETE_ROLE)?)
//!     .authorization(Authorization::new(
//!         engineers.0,
//!         engineers.1.clone(),
//!         RoleDefinitionId::READER,
//!     )?)
//!     .eligible_authorization(EligibleAuthorization::new(
//!         engineers.0,
//!         engineers.1,
//!         RoleDefinitionId::CONTRIBUTOR,
//!         JustInTimeAccessPolicy::new(
//!             MultiFactorAuthProvider::Azure,
//!             "PT1H".parse()?,
//!             [Approver::new(leads.0, leads.1)],
//!         )?,
//!     )?)
//!     .build()?
//!     .into_parts()
//!     .0;
//! let plan = Plan::new(
//!     PlanId::new("gold")?,
//!     PlanTitle::new("Gold: 24x7 monitoring")?,
//!     PlanSummary::new("Round-the-clock monitoring of your Sentinel workspaces")?,
//!     PlanDescription::new("Our analysts watch your incidents day and night.")?,
//!     Availability::Public,
//!     manifest,
//! )
//! .into_parts()
//! .0;
//!
//! // What Marketplace shows, and the offer's other parts.
//! let listing = Listing::builder(
//!     ListingTitle::new("Contoso Managed Sentinel")?,
//!     ListingSummary::new("24x7 monitoring and response for Microsoft Sentinel")?,
//!     LongSummary::new("Contoso's analysts watch your Sentinel workspaces around the clock.")?,
//!     ListingDescription::new("<p>A security operations centre without building one.</p>")?,
//! )
//! .preview_subscription("9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f".parse()?)
//! .category(Label::new("Security")?)
//! .build()?;
//! let artifacts = MarketingArtifacts::new(
//!     Logos::new().with(LogoSlot::Large, ImagePath::new("logos/300.png")?),
//!     None,
//!     vec![],
//!     vec![],
//! )?;
//! let leads = LeadManagement::new(
//!     LeadDestination::HttpsEndpoint(HttpsEndpoint::new(HttpsUrl::new(
//!         "https://contoso.example/leads",
//!     )?)),
//!     vec![EmailAddress::new("leads@contoso.example")?],
//! )?
//! .into_parts()
//! .0;
//! let terms = TermsOfUse::new("Contoso's terms of service apply: https://contoso.example/terms")?;
//! let privacy = HttpsUrl::new("https://contoso.example/privacy")?;
//! let legal = Legal::new(privacy, Contract::TermsOfUse(terms));
//! let contact = || -> Result<Contact, Box<dyn std::error::Error>> {
//!     Ok(Contact::new(
//!         ContactName::new("Mira Jansen")?,
//!         EmailAddress::new("mira.jansen@contoso.example")?,
//!         PhoneNumber::new("+31 20 123 4567")?,
//!     ))
//! };
//! let pages = vec![HttpsUrl::new("https://contoso.example/support")?];
//! let support = Support::new(contact()?, contact()?, pages)?;
//!
//! // The whole offer, checked against today's rules: valid, and without warnings.
//! let offer = Offer::builder(
//!     OfferId::new("contoso-managed-sentinel")?,
//!     lighthouse_offer::PublisherId::new("contoso")?,
//!     OfferName::new("Contoso Managed Sentinel")?,
//! )
//! .edition(Edition::E2026)
//! .plan(plan)
//! .listing(listing)
//! .marketing_artifacts(artifacts)
//! .lead_management(leads)
//! .legal(legal)
//! .support(support)
//! .build()?;
//! assert!(offer.warnings().is_empty(), "{:?}", offer.warnings());
//!
//! // Written as a document, it reads back as the same offer.
//! let document = serde_json::to_string_pretty(offer.value())?;
//! assert_eq!(Offer::from_json_str(&document)?.value(), offer.value());
//!
//! // A mistake is refused where it is made: Owner can never be delegated.
//! let owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635".parse()?;
//! assert!(Authorization::new(analysts.0, DisplayName::new("SOC")?, owner).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Secrets of lead destinations are never written into the document: they are
//! [`SecretRef`](leads::SecretRef)s to environment variables, resolved only when asked, and no
//! output of the crate shows a secret's value. A warning can be acknowledged by name in
//! `acknowledgedWarnings`; an acknowledgement of a warning that does not occur is reported in turn.
//!
//! ## Publishing an update
//!
//! [`Offer::update_to`] compares the published offer with the next version and classifies every
//! change: **forbidden** by Partner Center (a changed offer or plan ID, a removed plan, a public
//! plan made private, a removed hero image, a manifest changed without a higher version),
//! **customer review** (what customers see behind the update icon), or **listing only**.
//!
//! ## Drift: what is deployed against the offer
//!
//! A published offer is a promise, not a fact: what customers really granted lives in their
//! subscriptions, as a registration definition and a registration assignment of
//! `Microsoft.ManagedServices` each. The two drift apart. A customer who never accepted an update
//! keeps the old manifest version and its authorizations; an onboarding template edited by hand for
//! one customer delegates something no plan says; a role Azure accepted when the delegation was made
//! may be refused today (Log Analytics Contributor gained data actions in 2025), so the delegation
//! still works but can no longer be deployed again; a principal added "temporarily" stays.
//!
//! [`audit`] holds every deployed delegation against the offer document. [`audit::Deployed`] reads
//! what Azure Resource Manager returns (REST API 2022-10-01, or `az managedservices` output) with the
//! same reader as offer documents, every problem at once; [`audit::audit`] matches each delegation
//! to its plan, by the Marketplace `plan` block or, for ARM-onboarded delegations, by the closest
//! manifest of the same tenant, and reports each difference as a diagnostic of the `LO10xx` rules
//! whose path points into the deployed input and whose message names the subscription and resource
//! group. With the cargo feature `live`, `audit::live` reads the same answers from Azure itself.
//!
//! ## Where the rules come from
//!
//! The rules are those of Microsoft's "Publish a managed service offer to Azure Marketplace"
//! (2020, the crate's source documents), completed by Microsoft's later documentation where it
//! says more (limits on plans and authorizations, eligible authorizations, role support). Each
//! type's documentation names the source of each of its rules; [`Rule::source`] does the same
//! for every diagnostic.
//!
//! Where Microsoft changed a rule (plan titles, the description's length, private audiences,
//! the logo set), the rules are named **editions** ([`Edition`]): `2020`, the source documents'
//! rules, and `2026`, the rules Microsoft documents today. A document names its edition in its
//! `edition` field (`2020` when it has none); the types hold what every edition shares, and one
//! table, [`EditionRules`](edition::EditionRules), what differs. [`migration::migrate`] says what an
//! offer needs for another edition.
//!
//! ## Map of the crate
//!
//! The library is built in layers, one folder each; a file uses its own layer and the layers
//! below, never above (ARCHITECTURE.md in the repository says where new work goes):
//!
//! 1. **report**: the rule catalog ([`rules`]) and diagnostics as data ([`diagnostic`]). Uses
//!    nothing else.
//! 2. **document**: the document reader that reports every problem at once, and YAML read into
//!    the same JSON value ([`yaml`]).
//! 3. **media**: checks of content formats that know no offer: basic HTML ([`html`]) and PNG
//!    files ([`image`]).
//! 4. **values**: leaf values ([`PlanTitle`], [`TenantId`], [`ManifestVersion`],
//!    [`ActivationDuration`], [`HttpsUrl`]…; their errors in [`values`]) and the edition table
//!    ([`edition`]).
//! 5. **roles**: the built-in role catalog and which roles Azure Lighthouse supports ([`roles`]).
//! 6. **plans**: [`Authorization`], [`EligibleAuthorization`], [`Manifest`],
//!    [`PrivateAudience`], [`Plan`]; the rest in [`plans`].
//! 7. **offers**: the [`Offer`] ([`offer`]) and its parts ([`listing`], [`artifacts`],
//!    [`leads`], [`legal`], [`support`]), its readers (JSON, YAML), and the check against its
//!    edition.
//! 8. **arm**: onboarding without Marketplace ([`arm`]): ARM templates written, read and
//!    evaluated.
//! 9. **audit**: the audit of deployed delegations ([`audit`]).
//! 10. **workflows**: what works on whole offers: [`migration`], [`update`]
//!     ([`Offer::update_to`]), the JSON Schema ([`schema`]) and the starter offer ([`starter`]).
//! 11. **bicep**: Bicep files ([`bicep`]), lowered to ARM templates and judged by the ARM
//!     reader.
//! 12. **terraform**: Terraform modules and plans ([`terraform`]), evaluated as Terraform does,
//!     lowered to ARM templates and judged by the ARM reader.
//!
//! The command-line tool (`src/bin/lighthouse-offer`, feature `cli`) sits on top and uses only
//! the public API.
//!
//! ## The front door
//!
//! The crate root re-exports the spine: the offer, plan, manifest and authorizations, the values
//! a builder of an offer or a plan names (IDs, titles, display names, versions, durations),
//! reading options, and diagnostics as data. Everything else is in a topic module named after
//! what it holds ([`listing`], [`leads`], [`update`]…), as in the `http` crate:
//! `use lighthouse_offer::{Offer, Plan};` for the common case,
//! `use lighthouse_offer::leads::SecretRef;` for the rest. Each public item has one path.

pub mod arm;
pub mod audit;
pub mod bicep;
pub mod delegation;
mod document;
mod media;
mod offers;
pub mod plans;
mod report;
pub mod roles;
pub mod terraform;
pub mod values;
mod workflows;

// The spine: what a reader of an offer and a builder of a plan name most. Everything else is in a
// topic module below, or in a public layer (`plans`, `values`, `roles`, `delegation`, `arm`,
// `bicep`, `terraform`, `audit`).
// `tests/rules/front_door.rs` holds the crate root to at most 40 re-exported names.
pub use offers::offer::{Offer, OfferName, ReadOptions};
pub use plans::audience::PrivateAudience;
pub use plans::authorization::{Authorization, EligibleAuthorization};
pub use plans::manifest::Manifest;
pub use plans::plan::{Availability, Plan};
pub use report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Severity};
pub use report::rules::Rule;
pub use values::duration::ActivationDuration;
pub use values::edition::Edition;
pub use values::guid::{PrincipalId, RoleDefinitionId, SubscriptionId, TenantId};
pub use values::text::{
    DisplayName, OfferId, PlanDescription, PlanId, PlanSummary, PlanTitle, PublisherId,
};
pub use values::version::ManifestVersion;
pub use values::web::HttpsUrl;

// Topic modules that are files of a private layer.
pub use document::yaml;
pub use media::{html, image};
pub use report::{diagnostic, rules};
pub use workflows::{schema, starter};

pub mod offer {
    //! The rest of an [`Offer`](crate::Offer): its builder and the warnings a document
    //! acknowledges (`acknowledgedWarnings`).
    pub use crate::offers::offer::{AcknowledgedWarning, AcknowledgementError, OfferBuilder};
}

pub mod listing {
    //! The offer's Marketplace listing: its title, summaries, description (basic HTML), useful
    //! links, categories and marketing identifier, and the texts its rules look for.
    pub use crate::offers::edition_check::LANGUAGE_STATEMENT;
    pub use crate::offers::listing::{
        DescriptionError, DescriptionProblem, Label, Listing, ListingBuilder, ListingDescription,
        ListingSummary, ListingTitle, LongSummary, MarketingIdentifier, REQUIRED_TERM, UsefulLink,
    };
}

pub mod artifacts {
    //! The offer's marketing artifacts: logos, hero image, screenshots and videos, named by their
    //! paths; [`Offer::verify_images`](crate::Offer::verify_images) reads the files.
    pub use crate::offers::artifacts::{
        Caption, ImagePath, Logos, MarketingArtifacts, Screenshot, Video, VideoUrlError,
    };
}

pub mod leads {
    //! Lead management: where Marketplace sends the customers' contact details (a CRM, an Azure
    //! table, an HTTPS endpoint…), with secrets named by environment variables, never written.
    pub use crate::offers::leads::{
        ApplicationId, AzureAdApplication, AzureTable, Dynamics365, DynamicsAuthentication,
        ENV_NAME_PATTERN, HttpsEndpoint, LeadDestination, LeadManagement, Marketo, MarketoFormId,
        MarketoServerId, MunchkinAccountId, Office365User, Salesforce, SalesforceOrganizationId,
        Secret, SecretError, SecretRef, SecretRefError,
    };
}

pub mod legal {
    //! The offer's legal terms: the privacy policy and the contract (Microsoft's Standard
    //! Contract or the publisher's terms of use).
    pub use crate::offers::legal::{Contract, Legal, TermsOfUse};
}

pub mod support {
    //! The offer's support and engineering contacts, and its support URLs.
    pub use crate::offers::support::{Contact, ContactName, Support};
}

pub mod edition {
    //! What differs between rule editions: the table of an [`Edition`](crate::Edition)'s rules,
    //! its logo slots and image rules, and Marketplace's categories.
    pub use crate::values::edition::{
        AZURE_MARKETPLACE_CATEGORIES, EditionError, EditionRules, ImageRule, LogoSlot,
    };
}

pub mod update {
    //! Publishing an update: [`Offer::update_to`](crate::Offer::update_to) compares the published
    //! offer with the next and classifies every change.
    pub use crate::workflows::update::{Change, ChangeClass, ChangeSide, Update};
}

pub mod export {
    //! The files of an onboarding in each form a provider deploys: ARM JSON, Bicep, Terraform
    //! (`lighthouse-offer arm export --format`).
    pub use crate::workflows::export::{ExportFormat, ExportedFile, files};
}

pub mod migration {
    //! Moving an offer to another edition: [`migrate`] rewrites what it can and says what is left
    //! to do.
    pub use crate::workflows::migrate::{Migration, Rewrite, migrate};
}
