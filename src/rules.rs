//! The catalog of rules: every diagnostic the crate can report, declared once.
//!
//! Each entry gives the rule's stable code, stable name, severity and the source of the rule;
//! its doc comment is the explanation that `lighthouse-offer explain CODE` prints. Codes are
//! grouped by area: `LO00xx` the document's shape, `LO01xx` single values, `LO02xx` roles and
//! authorizations, `LO03xx` manifests and plans, `LO04xx` the offer and its listing, `LO05xx`
//! marketing artifacts, `LO06xx` lead management, legal and support.

use crate::diagnostic::Severity;

macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $code:literal, $name:literal, $severity:ident, $source:literal;
    )*) => {
        /// A rule of the domain that a check can find broken (or a warning that can apply).
        ///
        /// Codes and names are stable: tools may match on them, and a document's
        /// `acknowledgedWarnings` lists warnings by name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable code, such as `LO0201`.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            /// The stable kebab-case name, such as `owner-role`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// Whether a finding of this rule is an error or a warning.
            #[must_use]
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// Where the rule comes from: a source document or Microsoft's documentation.
            #[must_use]
            pub const fn source(self) -> &'static str {
                match self { $(Rule::$variant => $source,)* }
            }

            /// What the rule means and how to fix a finding of it, as one paragraph of text.
            #[must_use]
            pub fn explanation(self) -> String {
                let lines: &[&str] = match self { $(Rule::$variant => &[$($doc),*],)* };
                lines.iter().map(|line| line.trim()).collect::<Vec<_>>().join(" ")
            }
        }
    };
}

rules! {
    // ---- LO00xx: the document's shape ----
    /// The text is not JSON. Fix the syntax at the position given.
    InvalidJson = "LO0001", "invalid-json", Error, "RFC 8259";
    /// A value has the wrong JSON type, for example a number where a string is expected.
    WrongType = "LO0002", "wrong-type", Error, "the offer document format";
    /// A required field is missing. Add it; the message names it.
    MissingField = "LO0003", "missing-field", Error, "the offer document format";
    /// A field that the document format does not know. Unknown fields are errors so that a typo
    /// is never ignored silently; the message suggests the closest known field.
    UnknownField = "LO0004", "unknown-field", Error, "the offer document format";
    /// A list has fewer items than the rule requires.
    TooFewItems = "LO0005", "too-few-items", Error, "Partner Center";
    /// A list has more items than the rule allows.
    TooManyItems = "LO0006", "too-many-items", Error, "Partner Center";
    /// The same value appears twice in a list whose values must be unique.
    DuplicateItem = "LO0007", "duplicate-item", Error, "Partner Center";

    // ---- LO01xx: single values ----
    /// A text is shorter than allowed (most texts must not be empty). Lengths count characters,
    /// not bytes.
    TextTooShort = "LO0101", "text-too-short", Error, "Partner Center (seed documents, 2020)";
    /// A text is longer than allowed. Lengths count characters, not bytes: `é` is one character.
    TextTooLong = "LO0102", "text-too-long", Error, "Partner Center (seed documents, 2020)";
    /// A name that customers see starts or ends with white space. Remove it.
    UntrimmedText = "LO0103", "untrimmed-text", Error, "Partner Center";
    /// An identifier (offer ID, plan ID, publisher ID, marketing identifier) contains characters
    /// it may not contain, or is too long. Offer and plan IDs: lowercase letters, digits, `-` and
    /// `_`, 1 to 50 characters.
    InvalidIdentifier = "LO0104", "invalid-identifier", Error, "Partner Center (seed documents, 2020)";
    /// A GUID is not written in the hyphenated 8-4-4-4-12 form that Azure uses
    /// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal digits in either case). Braces,
    /// `urn:uuid:` prefixes and GUIDs without hyphens are not accepted.
    InvalidGuid = "LO0105", "invalid-guid", Error, "Azure Resource Manager";
    /// A manifest version is not `n.n.n`: three numbers separated by dots, without leading zeros,
    /// pre-release or build parts (`1.2.5`).
    InvalidVersion = "LO0106", "invalid-version", Error, "Partner Center (seed documents, 2020)";
    /// A duration is not an ISO 8601 duration of hours and minutes (`PT30M`, `PT1H30M`, `PT8H`) or is
    /// outside the allowed range: just-in-time access lasts between 30 minutes and 8 hours.
    InvalidDuration = "LO0107", "invalid-duration", Error, "Microsoft Learn: create eligible authorizations";
    /// A value is not one of the values the field allows; the message lists them.
    UnknownVariant = "LO0108", "unknown-variant", Error, "the offer document format";
    /// A private audience CSV line could not be read; the message gives the line number.
    InvalidCsvLine = "LO0109", "invalid-csv-line", Error, "Partner Center private audience upload";
    /// A private audience CSV does not start with the header that Partner Center's
    /// **Export Audience (csv)** writes: `Type,Id,Description` (in any case). The header is
    /// missing, names other columns, or separates them with `;` or tabs instead of commas (Excel
    /// does that where the decimal separator is a comma). A list of bare subscription IDs is not
    /// the format Partner Center imports: write each line as `SubscriptionId,<id>,<description>`.
    InvalidCsvHeader = "LO0110", "invalid-csv-header", Error, "Partner Center private audience upload";
    /// A line of a private audience CSV has a `Type` other than `SubscriptionId` (in any case).
    /// A managed service plan names its private audience by Azure subscription ID; `TenantId`
    /// names the audience of other plan types (software as a service) and is not accepted here.
    UnsupportedAudienceType = "LO0111", "unsupported-audience-type", Error, "Microsoft Learn: create plans for a managed service offer";

    // ---- LO02xx: roles and authorizations ----
    /// The Owner role cannot be delegated with Azure Lighthouse. Choose the least-privileged
    /// built-in role that does the job, such as Contributor.
    OwnerRole = "LO0201", "owner-role", Error, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse";
    /// Roles with `DataActions` or `NotDataActions` cannot be delegated with Azure Lighthouse; the
    /// resource provider answers that only built-in role definitions without data and notData
    /// actions are allowed. Roles gain data actions over time: Log Analytics Contributor (since
    /// 2025) and Log Analytics Reader have them now, although many samples still use them.
    DataActionsRole = "LO0202", "data-actions-role", Error, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse";
    /// Roles that may change access (`Microsoft.Authorization` write or delete actions on role
    /// assignments, role definitions, classic administrators, locks or deny assignments, granted
    /// directly or through a wildcard such as `*` or `Microsoft.Authorization/*`) cannot be
    /// delegated, unless the role's `notActions` take those actions away again, as Contributor's
    /// do. User Access Administrator is the one exception, and only to assign roles to managed
    /// identities.
    RestrictedActionRole = "LO0203", "restricted-action-role", Error, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse";
    /// The role definition ID is not a built-in role this crate knows. Azure Lighthouse supports
    /// built-in roles only: a custom role fails onboarding. A built-in role newer than the crate's
    /// catalog is also reported here; acknowledge the warning if you checked it.
    UnknownRole = "LO0204", "unknown-role", Warning, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse";
    /// User Access Administrator is supported only to assign roles to managed identities, so an
    /// authorization with it must list at least one role in `delegatedRoleDefinitionIds`.
    /// Without one, certification fails.
    MissingAssignableRoles = "LO0205", "missing-assignable-roles", Error, "Publish a managed service offer (seed documents, 2020)";
    /// `delegatedRoleDefinitionIds` has an effect only with User Access Administrator; on any other
    /// role it is ignored by Azure. Remove the list, or change the role.
    AssignableRolesIgnored = "LO0206", "assignable-roles-ignored", Error, "Publish a managed service offer (seed documents, 2020)";
    /// A role listed in `delegatedRoleDefinitionIds` must itself be a supported built-in role, and
    /// can be neither User Access Administrator nor Owner.
    UnsupportedAssignableRole = "LO0207", "unsupported-assignable-role", Error, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse";
    /// An eligible (just-in-time) authorization may not use User Access Administrator or Owner.
    UnsupportedEligibleRole = "LO0208", "unsupported-eligible-role", Error, "Microsoft Learn: create eligible authorizations";
    /// Eligible authorizations that share a role definition must have identical just-in-time
    /// access policies.
    EligiblePolicyMismatch = "LO0209", "eligible-policy-mismatch", Error, "Microsoft Learn: create eligible authorizations";

    // ---- LO03xx: manifests and plans ----
    /// No authorization holds the Managed Services Registration assignment Delete Role
    /// (`91c1777a-f3dc-4fae-b103-61d183457e46`). Without it only a user in the customer's tenant
    /// can remove the delegation: the provider can never remove its own access. Add an
    /// authorization with that role for a group of the provider, or acknowledge the warning.
    MissingDeleteRole = "LO0301", "missing-delete-role", Warning, "Publish a managed service offer (seed documents, 2020: tip and important note)";
    /// A manifest needs at least one permanent authorization (in `authorizations`); eligible
    /// authorizations alone are not enough.
    NoPermanentAuthorization = "LO0302", "no-permanent-authorization", Error, "Microsoft Learn: create eligible authorizations";

    // ---- LO04xx: the offer and its listing ----

    // ---- LO045x: the listing's description HTML ----

    // ---- LO05xx: marketing artifacts ----

    // ---- LO06xx: lead management, legal and support ----

    // ---- LO07xx: ARM templates ----
    /// A value is a placeholder left from a sample: text in angle brackets, such as
    /// `<insert managing tenant id>`. Microsoft's onboarding samples ship with placeholders, and
    /// deploying one fails or delegates to nobody. Replace it with the real value; the message
    /// says which value belongs there.
    PlaceholderValue = "LO0700", "placeholder-value", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)";
    /// The all-zero GUID `00000000-0000-0000-0000-000000000000` names no tenant, principal or
    /// role: Microsoft's samples use it as a placeholder. Put the real ID here: the managing
    /// tenant's ID, the object ID of a group in that tenant, or a built-in role's ID.
    NilGuid = "LO0701", "nil-guid", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)";
    /// The file is an ARM template or parameters file, but not one of an Azure Lighthouse
    /// delegation: the template deploys no `Microsoft.ManagedServices/registrationDefinitions`,
    /// or the parameters are not those of a delegation template (`mspOfferName`,
    /// `managedByTenantId`, `authorizations`). Policy, Key Vault and role assignment samples
    /// are of this kind. Nothing is wrong with the file; there is no delegation in it to check.
    NotADelegation = "LO0702", "not-a-delegation", Error, "Azure Resource Manager: Microsoft.ManagedServices";
    /// A delegation template takes a value from a parameter that has no `defaultValue`, so the
    /// template alone does not say what it delegates. Check the parameters file deployed with
    /// it instead, or give the parameter a default value.
    ParameterWithoutValue = "LO0703", "parameter-without-value", Error, "Azure Resource Manager template syntax";
    /// A template expression that the reader does not evaluate. It reads literal values,
    /// `[parameters('name')]` and, for resource groups, `[parameters('resourceGroups')[copyIndex()].rgName]`;
    /// anything else (`variables`, `concat`, `if`…) is evaluated by Azure only at deployment.
    /// Write the value itself, or check the parameters file instead.
    UnsupportedExpression = "LO0704", "unsupported-expression", Error, "Azure Resource Manager template syntax";
    /// A delegation template whose layout the reader does not know: more than one registration
    /// definition, a definition inside a nested deployment, or a definition that no registration
    /// assignment uses, so that it delegates nothing. Microsoft's samples have one definition, assigned to the subscription or, through
    /// nested deployments, to resource groups.
    UnsupportedTemplate = "LO0705", "unsupported-template", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)";
    /// Parameters that exclude each other are both given: `rgName` (the template for one
    /// resource group) and `resourceGroups` (the template for several). Keep the one that the
    /// template deployed with the file declares.
    ConflictingParameters = "LO0706", "conflicting-parameters", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)";

    // ---- LO08xx: updates ----

    // ---- LO09xx: rule editions ----
}
