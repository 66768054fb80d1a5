//! The rules the schema does not check, or checks only in part ([`GAPS`]).

use super::Draft;
use crate::report::rules::Rule;

/// Why the schema does not check a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GapKind {
    /// JSON Schema cannot say it, or cannot say it well: the rule needs the role catalog, an HTML
    /// parser, a comparison between items, or a keyword the draft lacks.
    NotExpressible,
    /// A warning: an editor would show it as an error, and a document may acknowledge it.
    Warning,
    /// Not about the document's JSON value: its JSON syntax, the image files it names, or
    /// Partner Center's CSV upload.
    OutsideTheDocument,
}

/// How much of a rule the schema leaves to the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Extent {
    /// The schema checks none of the rule.
    Whole,
    /// The schema checks the rule in part; [`Gap::reason`] says which part it leaves out.
    Part,
}

/// A rule, or part of a rule, that the crate checks and the schema does not: a document that
/// breaks it is valid against the schema but not for `lighthouse-offer check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Gap {
    rule: Rule,
    kind: GapKind,
    extent: Extent,
    drafts: &'static [Draft],
    reason: &'static str,
}

impl Gap {
    const fn new(
        rule: Rule,
        kind: GapKind,
        extent: Extent,
        drafts: &'static [Draft],
        reason: &'static str,
    ) -> Self {
        Gap {
            rule,
            kind,
            extent,
            drafts,
            reason,
        }
    }

    /// The rule.
    #[must_use]
    pub const fn rule(&self) -> Rule {
        self.rule
    }

    /// Why the schema leaves it out.
    #[must_use]
    pub const fn kind(&self) -> GapKind {
        self.kind
    }

    /// All of the rule, or a part.
    #[must_use]
    pub const fn extent(&self) -> Extent {
        self.extent
    }

    /// The drafts whose schema has the gap (most gaps are in both).
    #[must_use]
    pub const fn drafts(&self) -> &'static [Draft] {
        self.drafts
    }

    /// What the schema does not check, in words.
    #[must_use]
    pub const fn reason(&self) -> &'static str {
        self.reason
    }
}

const BOTH: &[Draft] = &Draft::ALL;

const ROLE_CATALOG: &str = "decided by the built-in role catalog, which changes with every Azure \
    release; the schema accepts any GUID and offers the supported roles for completion";

/// Every rule, or part of a rule, that the crate checks and the JSON Schema does not, in code
/// order. Every other rule of [`Rule::ALL`] is checked by the schema exactly as the crate checks
/// it, for the document's value (the crate also reads the image files: see
/// [`GapKind::OutsideTheDocument`]). The changes of an update (`LO08xx`,
/// [`Rule::change_class`]) compare two documents and are no rules of one document, so they are
/// not listed.
///
/// ```
/// use lighthouse_offer::Rule;
/// use lighthouse_offer::schema::{Extent, GAPS};
///
/// let owner = GAPS.iter().find(|gap| gap.rule() == Rule::OwnerRole).unwrap();
/// assert_eq!(owner.extent(), Extent::Whole);
/// assert!(!GAPS.iter().any(|gap| gap.rule() == Rule::TextTooLong));
/// ```
pub const GAPS: &[Gap] = &[
    Gap::new(
        Rule::InvalidJson,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "JSON syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::JsonComment,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "JSON syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::TrailingComma,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "JSON syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::TooManyItems,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "a plan's manifest has at most 20 authorizations, permanent and eligible together: the \
         schema bounds each of the two lists by 20, and cannot add their lengths",
    ),
    Gap::new(
        Rule::DuplicateItem,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "`uniqueItems` compares values exactly: the crate also finds GUIDs and email addresses \
         that differ only in case, URLs that differ only in form (`https://contoso.com` and \
         `https://contoso.com/`), and plans with the same `planId`",
    ),
    Gap::new(
        Rule::DocumentTooLarge,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the size of the text: the crate refuses documents over 16 MiB before parsing them",
    ),
    Gap::new(
        Rule::NestingTooDeep,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the nesting of the text: the parser refuses arrays and objects nested deeper than 127",
    ),
    Gap::new(
        Rule::TooManyProblems,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a limit of the crate's report (1,000 diagnostics), not a rule of the document",
    ),
    Gap::new(
        Rule::DuplicateKey,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a field named twice is a property of the text: a schema sees the parsed value, which keeps one",
    ),
    Gap::new(
        Rule::InvalidYaml,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "YAML syntax: a schema checks a document that has already been parsed",
    ),
    Gap::new(
        Rule::YamlImplicitType,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "how the YAML text spells a value (quoted or plain): a schema sees the parsed value",
    ),
    Gap::new(
        Rule::InvalidVersion,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "numbers above 18446744073709551615, the largest the crate can read",
    ),
    Gap::new(
        Rule::InvalidCsvLine,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::InvalidCsvHeader,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::UnsupportedAudienceType,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "Partner Center's private audience CSV, not the document",
    ),
    Gap::new(
        Rule::InvalidUrl,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "the schema checks the scheme, the absence of a user name or password and of white \
         space; the crate parses the whole URL (a host that is no valid domain or IP address, \
         an empty host, a port above 65535)",
    ),
    Gap::new(
        Rule::InvalidEmail,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "the schema checks `local@domain.tld`; the crate checks RFC 5322's syntax of each part \
         (`a..b@contoso.com`, spaces, label lengths)",
    ),
    Gap::new(
        Rule::OwnerRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::DataActionsRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::RestrictedActionRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::UnknownRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and decided by the role catalog",
    ),
    Gap::new(
        Rule::RoleGuidTypo,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::UnsupportedAssignableRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::UnsupportedEligibleRole,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        ROLE_CATALOG,
    ),
    Gap::new(
        Rule::EligiblePolicyMismatch,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "compares the policies of items that share a role: JSON Schema cannot compare items",
    ),
    Gap::new(
        Rule::EligibleWithoutPermanentAuthorization,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::EligiblePrincipalIsOnlyApprover,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::DataActionsAssignableRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and decided by the role catalog",
    ),
    Gap::new(
        Rule::MissingDeleteRole,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::TooManyPrivatePlans,
        GapKind::NotExpressible,
        Extent::Whole,
        &[Draft::V07],
        "counting the private plans needs `maxContains`, which draft-07 lacks (the 2020-12 \
         schema has it)",
    ),
    Gap::new(
        Rule::MissingManagedServiceTerm,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "the term is looked for in the text a reader sees: markup, entities and line breaks between the words do not count, which a pattern over the HTML cannot follow",
    ),
    Gap::new(
        Rule::StaleAcknowledgement,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, and it depends on the other warnings of the document",
    ),
    Gap::new(
        Rule::DescriptionHtmlElement,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlAttribute,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlUrl,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlUnbalanced,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlNesting,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlComment,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::DescriptionHtmlSyntax,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "HTML needs a parser",
    ),
    Gap::new(
        Rule::InvalidVideoUrl,
        GapKind::NotExpressible,
        Extent::Part,
        BOTH,
        "a host written with percent escapes, non-ASCII letters or as an IP address is left \
         to the crate, which reads it as the URL standard does",
    ),
    Gap::new(
        Rule::MissingHeroImage,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::ImageNotFound,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageNotAFile,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageUnreadable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::ImageTooLarge,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::NotAPng,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::CorruptPng,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::WrongImageSize,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::HeroBackground,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file",
    ),
    Gap::new(
        Rule::LightHeroBackground,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file (and a warning)",
    ),
    Gap::new(
        Rule::HeroRightSpaceNotEmpty,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "the image file (and a warning)",
    ),
    Gap::new(
        Rule::DynamicsNotOnline,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::SignedEndpointUrl,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning",
    ),
    Gap::new(
        Rule::MissingLanguageStatement,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning, judged by a heuristic over the description's words",
    ),
    Gap::new(
        Rule::EditionNotNamed,
        GapKind::Warning,
        Extent::Whole,
        BOTH,
        "a warning: `edition` is optional, and its default is what the warning is about",
    ),
    Gap::new(
        Rule::PlaceholderValue,
        GapKind::NotExpressible,
        Extent::Whole,
        BOTH,
        "a `<…>` text in any field: a pattern on every string would make every text's schema unreadable",
    ),
    Gap::new(
        Rule::NotADelegation,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ParameterWithoutValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnsupportedExpression,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnsupportedTemplate,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ConflictingParameters,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DeploymentTimeValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::InvalidExpression,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::OtherKindOfFile,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a file of another kind (an ARM file given to `check`), not an offer document",
    ),
    Gap::new(
        Rule::BicepFile,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnknownApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleNeedsNewerApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::OldApiVersion,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingDisplayName,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingDescription,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DisplayNameNamesOtherRole,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::LinkedTemplate,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::DefinitionAtResourceGroupScope,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UnassignedDefinition,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::PolicyIgnoresChanges,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an ARM file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::InvalidResourceId,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AuthorizationNotInPlan,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AuthorizationMissing,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleAuthorizationNotInPlan,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::EligibleAuthorizationMissing,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::JustInTimePolicyDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::RoleNoLongerSupported,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::ForeignManagingTenant,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::PlanVersionBehind,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::PlanVersionAhead,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::UnmatchedDelegation,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::DisplayNameDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::DefinitionNotExpanded,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::SubscriptionUnreadable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::AssignableRolesDiffer,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::GraphAnswerIncomplete,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::NoDelegationOfOffer,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "an audit's finding about what is deployed in Azure, not the offer document's",
    ),
    Gap::new(
        Rule::PlanNotPublished,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::PublishedVersionDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::PublishedAuthorizationDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::PublishedEligibleDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::PublishedNameDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::PublishedTenantDiffers,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a comparison with what Azure publishes for a plan, not a rule of the offer document",
    ),
    Gap::new(
        Rule::BicepSyntax,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndefinedSymbol,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingTargetScope,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::BicepFileNotFound,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::BicepConstructUnsupported,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndeclaredParameter,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::MissingParameterValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ModuleScopeNotPermitted,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::ResourceScopeNeedsModule,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Bicep file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformSyntax,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndeclaredVariable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndeclaredVariableValue,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformInvalidExpression,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformValueUnknown,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformModuleNotFound,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::UndeclaredReference,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformMissingArgument,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformProviderValidation,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformPlanUnreadable,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
    Gap::new(
        Rule::TerraformJsonNotRead,
        GapKind::OutsideTheDocument,
        Extent::Whole,
        BOTH,
        "a Terraform file's rule, not the offer document's",
    ),
];
