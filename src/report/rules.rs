//! The catalog of rules: every diagnostic the crate can report, declared once.
//!
//! Each entry gives the rule's stable code, stable name, severity and the source of the rule;
//! its doc comment is the explanation that `lighthouse-offer explain CODE` prints. Codes are
//! grouped by area: `LO00xx` the document's shape, `LO01xx` single values, `LO02xx` roles and
//! authorizations, `LO03xx` manifests and plans, `LO04xx` the offer and its listing, `LO05xx`
//! marketing artifacts, `LO06xx` lead management, legal and support, `LO07xx` ARM files and
//! placeholders, `LO08xx` changes between two versions, `LO09xx` rule editions, `LO10xx` the audit of
//! deployed delegations, `LO11xx` Bicep files, `LO12xx`
//! Terraform modules and plans.
//!
//! # Sources and their dates
//!
//! A source names the page and the version read: for Microsoft Learn, the article's `ms.date`
//! ("version of 2025-04-28"). The Lighthouse articles read are current (2025-2026). The Partner
//! Center articles on Managed Service offers moved to `learn.microsoft.com/partner-center` in
//! 2024, from a repository that is not public; the newest full texts available to this crate
//! are the last public versions (2020-2022), and a source says so by its date. Where a page of
//! today could be read only in part, the source says "today's page, undated". "Seed document"
//! names the 2020 guides the crate started from (edition 2020). "This crate's rule" marks a
//! rule no Microsoft page states. `lighthouse-offer explain CODE` prints the source.

use std::fmt;

use serde::Serialize;

/// How bad a [`Diagnostic`](crate::Diagnostic) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The offer cannot be published as it is.
    Error,
    /// The offer can be published, but something deserves a look. A warning is reported every time
    /// unless its name is listed in the document's `acknowledgedWarnings`.
    Warning,
    /// Neither: something the check could not judge yet, said so that silence is not taken for
    /// a verdict (an ARM template value that only the deployment supplies). Notes never fail a
    /// check, not even with `--deny-warnings`.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

macro_rules! rules {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident = $code:literal, $name:literal, $severity:ident, $source:literal
            , fix: $fix:literal
            $(, provider: [$($provider:literal),+ $(,)?])?;
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

            /// What to do about a finding of this rule, in one sentence: the `help` of its
            /// diagnostics (a diagnostic may carry a fix of its own that names the value to
            /// write: [`Diagnostic::help`](crate::Diagnostic::help)). The rule's explanation
            /// ([`Rule::explanation`]) keeps the long story.
            #[must_use]
            pub const fn fix(self) -> &'static str {
                match self { $(Rule::$variant => $fix,)* }
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

            /// Whether the rule is one of ARM files (`LO07xx`), never a warning of an offer
            /// document (offer documents share only the errors `placeholder-value` and
            /// `nil-guid`).
            #[must_use]
            pub const fn is_arm_file_rule(self) -> bool {
                let code = self.code().as_bytes();
                code[2] == b'0' && code[3] == b'7'
            }

            /// The texts of the errors that the `Microsoft.ManagedServices` resource provider
            /// returns when Azure meets what this rule finds, as users reported them (IDs
            /// elided as `…`). Empty for most rules. `lighthouse-offer explain` quotes them and
            /// finds the rule from a fragment of one ([`Rule::find_by_provider_error`]).
            #[must_use]
            pub const fn provider_errors(self) -> &'static [&'static str] {
                match self { $(Rule::$variant => &[$($($provider),+)?],)* }
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

impl Rule {
    /// The rule whose code or name is closest to `code_or_name` (any case), for a misspelt one:
    /// `None` when nothing is close enough to be a typo.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    ///
    /// assert_eq!(Rule::closest("owner-rol"), Some(Rule::OwnerRole));
    /// assert_eq!(Rule::closest("Missing-Delete-Rol"), Some(Rule::MissingDeleteRole));
    /// assert_eq!(Rule::closest("completely unrelated words"), None);
    /// ```
    #[must_use]
    pub fn closest(code_or_name: &str) -> Option<Rule> {
        let names: Vec<&str> = Rule::ALL
            .iter()
            .flat_map(|rule| [rule.code(), rule.name()])
            .collect();
        let found = crate::report::near::closest(code_or_name.trim(), &names)?;
        Rule::ALL
            .iter()
            .copied()
            .find(|rule| rule.code() == found || rule.name() == found)
    }

    /// The rules whose provider error texts ([`Rule::provider_errors`]) match `fragment`
    /// ([`provider_text_matches`]): a piece of a text, or a whole message as Azure printed it,
    /// with its own IDs.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    ///
    /// assert_eq!(
    ///     Rule::find_by_provider_error("is Restricted for Registration"),
    ///     [Rule::OwnerRole]
    /// );
    /// let pasted = "The role definition '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' is restricted for registration";
    /// assert_eq!(Rule::find_by_provider_error(pasted), [Rule::OwnerRole]);
    /// assert!(Rule::find_by_provider_error("the").is_empty());
    /// ```
    #[must_use]
    pub fn find_by_provider_error(fragment: &str) -> Vec<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .filter(|rule| {
                rule.provider_errors()
                    .iter()
                    .any(|text| provider_text_matches(text, fragment))
            })
            .collect()
    }
}

/// Whether what a user typed (`fragment`) matches a resource provider error `text`, ignoring
/// case and the white space around it: the text contains the fragment (of 8 characters or more),
/// or the fragment contains every piece of the text between its elided IDs (`…`), as a message
/// pasted from Azure with its own IDs does (an error code in parentheses at the end may be
/// left out).
#[must_use]
pub fn provider_text_matches(text: &str, fragment: &str) -> bool {
    let wanted = fragment.trim().to_lowercase();
    if wanted.chars().count() < 8 {
        return false;
    }
    let text = text.to_lowercase();
    if text.contains(&wanted) {
        return true;
    }
    let message = text.split(" (code:").next().unwrap_or_default();
    let pieces: Vec<&str> = message
        .split('…')
        .map(|piece| piece.trim_matches(|c: char| c == '\'' || c.is_whitespace()))
        .filter(|piece| !piece.is_empty())
        .collect();
    pieces.len() > 1 && pieces.iter().all(|piece| wanted.contains(piece))
}

/// An error the `Microsoft.ManagedServices` resource provider returns that no rule of this crate
/// finds, because a document does not show its cause; `lighthouse-offer explain` quotes it with
/// the reason, so that a user who met it in Azure learns why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UncheckedProviderError {
    /// The error text, as users reported it (IDs elided as `…`).
    pub text: &'static str,
    /// Why no rule finds it, and what to do.
    pub reason: &'static str,
    /// Where the text was reported.
    pub source: &'static str,
}

/// The resource provider's errors that no rule finds ([`UncheckedProviderError`]).
pub const UNCHECKED_PROVIDER_ERRORS: &[UncheckedProviderError] = &[
    UncheckedProviderError {
        text: "Principals of type Application cannot validly be used in role assignments.",
        reason: "a principal ID is the object ID of an application registration instead of its \
                 service principal (enterprise application); a GUID does not say which object it \
                 names, so no rule can see it. Use the object ID of the service principal, or \
                 better, of a security group.",
        source: "reported by users: MicrosoftDocs/azure-docs issue 59282 (2020-07-18)",
    },
    UncheckedProviderError {
        text: "Another registration assignment present at this scope '…' for registration \
               definition '…'. Multiple registration assignments are not allowed.",
        reason: "a second registration assignment of the same definition at the same scope: \
                 deploying again with the same `mspOfferName` at a scope already delegated. It \
                 depends on what is deployed already, which a file does not show. Give each \
                 offer its own `mspOfferName`, or remove the old assignment first.",
        source: "reported by users: Azure/Azure-Lighthouse-samples issue 85 (2020-09-11); \
                 Microsoft Learn, Onboard a customer (2025-09-22): \"You can't have multiple \
                 assignments at the same scope with the same mspOfferName.\"",
    },
    UncheckedProviderError {
        text: "The registration definition '…' not allowed to use the '…' as ManagedByTenantId.",
        reason: "the managing tenant is the customer's own tenant: the delegation is deployed \
                 in the tenant it names as managing. A document does not name the customer's \
                 tenant. Deploy in the customer's tenant, with your own tenant's ID as \
                 `managedByTenantId`.",
        source: "reported by users: MicrosoftDocs/azure-docs issues 35016 (2019-07-12) and 45347 \
                 (2019-12-30); Microsoft Learn, Onboard a customer (2025-09-22): \"The \
                 managedbyTenantId value must not be the same as the tenant ID for the \
                 subscription being onboarded.\"",
    },
];

rules! {
    // ---- LO00xx: the document's shape ----
    /// The text is not JSON. Fix the syntax at the position given.
    InvalidJson = "LO0001", "invalid-json", Error, "RFC 8259", fix: "Fix the JSON syntax at the place shown (quotes around names and texts, commas between items, no comments).";
    /// A value has the wrong JSON type, for example a number where a string is expected.
    WrongType = "LO0002", "wrong-type", Error, "the offer document format", fix: "Write a value of the type the message names.";
    /// A required field is missing. Add it; the message names it.
    MissingField = "LO0003", "missing-field", Error, "the offer document format", fix: "Add the field the message names.";
    /// A field that the document format does not know. Unknown fields are errors so that a typo
    /// is never ignored silently; the message suggests the closest known field.
    UnknownField = "LO0004", "unknown-field", Error, "the offer document format", fix: "Remove the field, or correct its name (the message suggests the closest known one).";
    /// A list has fewer items than the rule requires.
    TooFewItems = "LO0005", "too-few-items", Error, "Partner Center, per list: Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): at least one plan; Microsoft Learn: Configure Managed Service offer properties (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-properties, version of 2021-07-12): at least one category; Microsoft Learn: Add a preview audience for a Managed Service offer (version of 2021-07-16): at least one subscription", fix: "Add items until the list has as many as the message asks.";
    /// A list has more items than the rule allows.
    TooManyItems = "LO0006", "too-many-items", Error, "Partner Center, per list: Microsoft Learn: Plans and pricing for commercial marketplace offers (version of 2021-07-05): 100 plans; Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): 20 authorizations, Active and Eligible together, and 10,000 subscriptions per CSV; Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): 10 approvers; Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): 5 screenshots, 5 videos; Microsoft Learn: Configure Managed Service offer properties (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-properties, version of 2021-07-12): 5 categories; Add a preview audience (2021-07-16): 100 subscriptions; Plan a Managed Service offer (2020-12-23): 2 support URLs", fix: "Remove items until the list has no more than the message allows.";
    /// The same value appears twice in a list whose values must be unique.
    DuplicateItem = "LO0007", "duplicate-item", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): a unique plan ID; for other lists, this crate's rule: an item listed twice means nothing more", fix: "Remove the second occurrence, or change it to the value you meant.";
    /// The document is larger than this crate reads: more than 16 MiB
    /// (`Offer::MAX_DOCUMENT_BYTES`). It is refused before it is parsed, so that a hostile
    /// document cannot use unbounded memory. A real offer is tens of kilobytes; one of 100 plans
    /// with 20 authorizations each is under 1 MB, and the limit leaves room for private
    /// audiences of about 300,000 subscription IDs in all. A YAML document whose anchors and
    /// aliases would expand it beyond the limit is refused the same way, before it is expanded.
    DocumentTooLarge = "LO0008", "document-too-large", Error, "this crate's limits", fix: "Split the offer, or remove what is not part of it: an offer document is tens of kilobytes.";
    /// Arrays and objects are nested deeper than this crate reads (127 levels, the limit of its
    /// JSON parser). An offer document nests at most 9 levels (down to the approvers of an eligible
    /// authorization); anything deeper is not an offer, and is refused before it can exhaust the
    /// stack.
    NestingTooDeep = "LO0009", "nesting-too-deep", Error, "this crate's limits", fix: "Flatten the nesting: an offer document nests at most 9 levels.";
    /// The document has more problems than a report lists (1,000, `Report::MAX_DIAGNOSTICS`):
    /// the first ones found are reported, and this diagnostic counts the others. Fix the problems
    /// shown and check again; often many have one cause, such as a list far over its limit.
    TooManyProblems = "LO0010", "too-many-problems", Error, "this crate's limits", fix: "Fix the problems shown and check again; many often have one cause.";
    /// An object names the same field twice. JSON readers keep one of the two values, most of
    /// them the last, silently: a merge conflict resolved by keeping both lines can hide an
    /// Owner authorization this way. Keep one of them.
    DuplicateKey = "LO0011", "duplicate-key", Error, "RFC 8259: the names within an object should be unique", fix: "Keep one of the two fields and delete the other.";
    /// The text is not YAML that this crate reads (for a document read as YAML). Fix the syntax
    /// at the position given. Besides YAML's syntax, the reader refuses more than one document
    /// in a stream, tags other than YAML's core schema (`!!str` is read; a custom tag is not)
    /// and keys that are sequences or mappings: an offer document is plain data.
    InvalidYaml = "LO0012", "invalid-yaml", Error, "YAML 1.2.2 specification (version of 2021-10-01)", fix: "Fix the YAML syntax at the place shown.";
    /// A value written without quotes in YAML is read as a boolean, a number or null where the
    /// document expects text (`1.10` becomes the number 1.1, `true` a boolean, `~` null), or is
    /// one of `yes`, `no`, `on`, `off`, `y`, `n`, which YAML 1.2 reads as text and YAML 1.1 as
    /// a boolean, so that readers of the same file disagree. Write the value in quotes, as the
    /// message shows (`'1.10'`, `'no'`), or `true`/`false` where a boolean is meant.
    YamlImplicitType = "LO0013", "yaml-implicit-type", Error, "YAML 1.2.2 specification (version of 2021-10-01): core schema; YAML 1.1 (version of 2005-01-18): boolean type", fix: "Quote the value (`\"1.10\"`, `\"yes\"`) so that YAML reads it as text.";
    /// The file is of another kind than the command reads: an offer document given to
    /// `arm check`, which reads ARM and Bicep files (`check` reads every kind, and judges an
    /// ARM or Bicep file as `arm check` does). Rather than a list of fields that one kind
    /// lacks, the message says what the file is, and the help which command reads it.
    OtherKindOfFile = "LO0014", "other-kind-of-file", Error, "this crate's rule (issue 27: `check` on an ARM parameters file gave 11 errors about offer fields), read 2026-12-06", fix: "Check the file with the command that reads its kind: `lighthouse-offer check` for offer documents, `lighthouse-offer arm check` for ARM templates and parameters files.";
    /// A `//` or `/* */` comment in a JSON document. JSON has no comments, and Partner Center's
    /// tools read strict JSON; the reader reports every comment of the document at its line and
    /// column, then reads the rest as if the comments were not there, so that every other
    /// problem is reported in the same run. Remove the comments, or write the offer in YAML,
    /// where `#` starts one.
    JsonComment = "LO0015", "json-comment", Error, "RFC 8259 (The JavaScript Object Notation (JSON) Data Interchange Format, December 2017): the grammar has no comments", fix: "Remove the comment, or write the offer in YAML (`offer.yaml`), where `#` starts a comment.";
    /// A comma after the last item of an array or the last member of an object. JSON does not
    /// allow it; the reader reports every such comma at its line and column and reads the rest
    /// as if it were not there, so that every other problem is reported in the same run.
    TrailingComma = "LO0016", "trailing-comma", Error, "RFC 8259 (The JavaScript Object Notation (JSON) Data Interchange Format, December 2017): values and members are separated by commas, with none after the last", fix: "Remove the comma after the last item.";

    // ---- LO01xx: single values ----
    /// A text is shorter than allowed (most texts must not be empty). Lengths count characters,
    /// not bytes.
    TextTooShort = "LO0101", "text-too-short", Error, "Partner Center: the fields its pages ask for are required (Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12); seed documents, 2020)", fix: "Write a text of at least the length the message gives.";
    /// A text is longer than allowed. Lengths count characters, not bytes: `é` is one character.
    TextTooLong = "LO0102", "text-too-long", Error, "Partner Center, per text: Microsoft Learn: Plan a Managed Service offer (version of 2020-12-23): offer name 50; Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): search results summary 100, short description 256; Plans and pricing (2021-07-05): plan summary 100; Create plans for a Managed Service offer (today's page, undated): plan name 200 (edition 2026; 50 in 2021 and edition 2020); the description per edition (EditionRules); seed documents (2020) for the rest", fix: "Shorten the text to the number of characters the message gives.";
    /// A name that customers see starts or ends with white space. Remove it.
    UntrimmedText = "LO0103", "untrimmed-text", Error, "this crate's rule: white space around a name customers see is a typo (no Microsoft page states it)", fix: "Remove the white space at the start and end of the text.";
    /// An identifier (offer ID, plan ID, publisher ID, marketing identifier) contains characters
    /// it may not contain, or is too long. Offer and plan IDs: lowercase letters, digits, `-` and
    /// `_`, 1 to 50 characters.
    InvalidIdentifier = "LO0104", "invalid-identifier", Error, "Microsoft Learn: Create a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer, version of 2022-07-20): offer IDs of lowercase letters, digits, hyphens and underscores, at most 50 characters; Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): plan IDs the same; marketing identifiers: Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16), edition 2020 only", fix: "Use lowercase letters, digits, `-` and `_` only, at most 50 characters.";
    /// A GUID is not written in the hyphenated 8-4-4-4-12 form that Azure uses
    /// (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal digits in either case). Braces,
    /// `urn:uuid:` prefixes and GUIDs without hyphens are not accepted.
    InvalidGuid = "LO0105", "invalid-guid", Error, "Microsoft.ManagedServices REST specification 2022-10-01 (Azure/azure-rest-api-specs) and its ARM schema: GUIDs in the hyphenated 8-4-4-4-12 form", fix: "Write the GUID as 8-4-4-4-12 hexadecimal digits with hyphens, without braces or prefixes.";
    /// A manifest version is not `n.n.n`: three numbers separated by dots, without leading zeros,
    /// pre-release or build parts (`1.2.5`).
    InvalidVersion = "LO0106", "invalid-version", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): \"Use the format n.n.n (for example, 1.2.5).\"", fix: "Write the version as three numbers, `n.n.n` (`1.2.5`), without leading zeros.";
    /// A duration is not an ISO 8601 duration of hours and minutes (`PT30M`, `PT1H30M`, `PT8H`) or is
    /// outside the allowed range: just-in-time access lasts between 30 minutes and 8 hours.
    InvalidDuration = "LO0107", "invalid-duration", Error, "Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): \"The minimum value is PT30M (30 minutes) and the maximum value is PT8H (8 hours).\"", fix: "Write an ISO 8601 duration between `PT30M` and `PT8H`, such as `PT1H30M`.";
    /// A value is not one of the values the field allows; the message lists them.
    UnknownVariant = "LO0108", "unknown-variant", Error, "the offer document format; Marketplace categories of edition 2026: Microsoft Learn, Marketplace categories and industries (version of 2021-12-03; its table of categories, 2020-07-30)", fix: "Write one of the values the message lists.";
    /// A private audience CSV line could not be read; the message gives the line number.
    InvalidCsvLine = "LO0109", "invalid-csv-line", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): the private audience CSV", fix: "Correct the CSV line the message names: `SubscriptionId,<guid>,<description>`.";
    /// A private audience CSV does not start with the header that Partner Center's
    /// **Export Audience (csv)** writes: `Type,Id,Description` (in any case). The header is
    /// missing, names other columns, or separates them with `;` or tabs instead of commas (Excel
    /// does that where the decimal separator is a comma). A list of bare subscription IDs is not
    /// the format Partner Center imports: write each line as `SubscriptionId,<id>,<description>`.
    InvalidCsvHeader = "LO0110", "invalid-csv-header", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): the private audience CSV that Export Audience (csv) writes", fix: "Start the CSV with the header `Type,Id,Description`, columns separated by commas.";
    /// A line of a private audience CSV has a `Type` other than `SubscriptionId` (in any case).
    /// A managed service plan names its private audience by Azure subscription ID; `TenantId`
    /// names the audience of other plan types (software as a service) and is not accepted here.
    UnsupportedAudienceType = "LO0111", "unsupported-audience-type", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): \"add SubscriptionId to each row that has an ID\"", fix: "Write `SubscriptionId` in the `Type` column and a subscription ID in `Id`.";

    // LO012x: web values
    /// A URL is not an absolute `https` URL with a host. Partner Center asks for links that
    /// start with `https`; `http:`, `javascript:`, `mailto:` and relative URLs are rejected, and
    /// so are URLs with a user name or password (`https://user:pass@host`: the message never
    /// repeats them) and URLs with white space.
    InvalidUrl = "LO0120", "invalid-url", Error, "Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): links \"starting with https\"", fix: "Write an absolute `https://` URL with a host, without a user name or password.";
    /// An email address is not valid: it needs a local part, `@` and a domain with at least one
    /// dot (`contoso.com`; `a@localhost` cannot receive mail from Microsoft), without display
    /// names, `<…>` brackets, IP addresses in brackets, or consecutive dots (`a..b@contoso.com`).
    InvalidEmail = "LO0121", "invalid-email", Error, "RFC 5322; Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): the contacts' email addresses", fix: "Write an address of the form `name@contoso.com`, without a display name or brackets.";
    /// A phone number is not one: write 6 to 15 digits, optionally with a leading `+`, spaces,
    /// `-`, `.`, parentheses and an extension such as `x123` (`+1 (425) 555-0100 x123`).
    InvalidPhoneNumber = "LO0122", "invalid-phone-number", Error, "Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): the contacts' phone numbers; ITU-T E.164 (at most 15 digits)", fix: "Write 6 to 15 digits, optionally with `+`, spaces, `-`, `.`, parentheses and an extension (`+1 (425) 555-0100`).";

    // ---- LO02xx: roles and authorizations ----
    /// The Owner role cannot be delegated with Azure Lighthouse. Choose the least-privileged
    /// built-in role that does the job, such as Contributor.
    OwnerRole = "LO0201", "owner-role", Error, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): \"The Owner role isn't supported.\"; the resource provider's error (MicrosoftDocs/azure-docs issue 52919, 2020)", fix: "Give a less privileged built-in role instead, such as Contributor (`b24988ac-6180-42a0-ab88-20f7382dd24c`).",
        provider: ["The role definition '…' is restricted for registration"];
    /// Roles with `DataActions` or `NotDataActions` cannot be delegated with Azure Lighthouse; the
    /// resource provider answers that only built-in role definitions without data and notData
    /// actions are allowed. Roles gain data actions over time: Log Analytics Contributor (since
    /// 2025) and Log Analytics Reader have them now, although many samples still use them.
    DataActionsRole = "LO0202", "data-actions-role", Error, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): \"Any roles with DataActions permission aren't supported.\"; NotDataActions from the resource provider's error (Azure/Azure-Lighthouse-samples issue 137, 2025-06-16)", fix: "Choose a built-in role without data actions (`lighthouse-offer roles` lists the supported roles).",
        provider: [
            "The role definition '…' with data actions not allowed for registration definition '…'. Only built in role definitions without any data and notData actions are allowed."
        ];
    /// Roles that may change access (`Microsoft.Authorization` write or delete actions on role
    /// assignments, role definitions, classic administrators, locks or deny assignments, granted
    /// directly or through a wildcard such as `*` or `Microsoft.Authorization/*`) cannot be
    /// delegated, unless the role's `notActions` take those actions away again, as Contributor's
    /// do. User Access Administrator is the one exception, and only to assign roles to managed
    /// identities.
    RestrictedActionRole = "LO0203", "restricted-action-role", Error, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): roles with the listed Microsoft.Authorization actions aren't supported; User Access Administrator only to assign roles to managed identities. Reading notActions as taking an action away is this crate's (Contributor is supported)", fix: "Choose a role that cannot change access (`lighthouse-offer roles` lists the supported roles).",
        provider: [
            "The role definition '…' is not allowed for registration definition '…' because of restricted actions. (Code: InvalidRegistrationDefinitionCreateRequest)"
        ];
    /// The role definition ID is not a built-in role this crate knows. Azure Lighthouse supports
    /// built-in roles only: a custom role fails onboarding. A built-in role newer than the crate's
    /// catalog is also reported here; acknowledge the warning if you checked it.
    UnknownRole = "LO0204", "unknown-role", Warning, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): \"Custom roles ... aren't supported\", and a new built-in role can be assigned as soon as Azure adds it", fix: "Write the GUID of a built-in role (`lighthouse-offer roles NAME` finds it), or acknowledge the warning if the role is newer than the catalog.";
    /// User Access Administrator is supported only to assign roles to managed identities, so an
    /// authorization with it must list at least one role in `delegatedRoleDefinitionIds`.
    /// Without one, certification fails.
    MissingAssignableRoles = "LO0205", "missing-assignable-roles", Error, "Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): with User Access Administrator \"you must include the delegatedRoleDefinitionIds property\"; REST specification 2022-10-01: required for that role; \"certification fails\" is the wording of the seed documents (2020)", fix: "List the roles the principal may assign to managed identities in `delegatedRoleDefinitionIds`.";
    /// `delegatedRoleDefinitionIds` has an effect only with User Access Administrator; on any other
    /// role it is ignored by Azure. Remove the list, or change the role.
    AssignableRolesIgnored = "LO0206", "assignable-roles-ignored", Error, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16): no effect on other roles; Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): the field appears only with User Access Administrator; REST specification 2022-10-01 describes it for that role only", fix: "Remove `delegatedRoleDefinitionIds`, or give the authorization User Access Administrator.";
    /// A role listed in `delegatedRoleDefinitionIds` must itself be a supported built-in role, and
    /// can be neither User Access Administrator nor Owner.
    UnsupportedAssignableRole = "LO0207", "unsupported-assignable-role", Error, "Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): \"one or more supported Azure built-in roles\"; Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27)", fix: "Remove the role from `delegatedRoleDefinitionIds`, or replace it with a supported built-in role.";
    /// An eligible (just-in-time) authorization may not use User Access Administrator or Owner.
    UnsupportedEligibleRole = "LO0208", "unsupported-eligible-role", Error, "Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): any supported built-in role \"except for User Access Administrator\"; Owner from the resource provider's error (MicrosoftDocs/azure-docs issue 80795, 2021-09-08), which names both", fix: "Give the eligible authorization another role, or make it a permanent authorization.",
        provider: [
            "The role definition '…' is restricted for eligible authorization in registration definition '…'. Restricted role definitions are '8e3af657-a8ff-443c-a75c-2fe8c4bcb635;18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'."
        ];
    /// Eligible authorizations that share a role definition must have identical just-in-time
    /// access policies.
    EligiblePolicyMismatch = "LO0209", "eligible-policy-mismatch", Error, "Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): eligible authorizations with the same roleDefinitionId \"must have identical settings for justInTimeAccessPolicy\"", fix: "Give every eligible authorization of the role the same `justInTimeAccessPolicy`.";
    /// A principal of an eligible authorization has no permanent authorization in the same plan.
    /// Microsoft asks for one with a different role that includes Reader access (Reader, or
    /// another built-in role with Reader access) for each eligible authorization: without it
    /// the user can't elevate the role in the Azure portal. Add a permanent authorization for
    /// the same principal, such as Reader. (The check looks for any permanent authorization of
    /// the principal; whether its role includes Reader access is not judged.)
    EligibleWithoutPermanentAuthorization = "LO0210", "eligible-without-permanent-authorization", Warning, "Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): \"If you don't include a permanent authorization with Reader access, the user won't be able to elevate their role in the Azure portal.\"", fix: "Add a permanent authorization for the principal with Reader (`acdd72a7-3385-48ef-bd42-f606fba81ae7`) or another role with Reader access.";
    /// The only approver of an eligible authorization is its own principal. Approvers can't
    /// approve their own access, so nobody can approve the activation (unless the principal is
    /// a group whose other members approve). Add another approver, such as a group of leads.
    EligiblePrincipalIsOnlyApprover = "LO0211", "eligible-principal-is-only-approver", Warning, "Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28): \"approvers can't approve their own access\"", fix: "Add another approver, such as a group of leads.";
    /// A role listed in `delegatedRoleDefinitionIds` (what User Access Administrator may assign
    /// to managed identities) has `DataActions` or `NotDataActions`. What is known: Microsoft
    /// Learn says roles with data actions aren't supported in Azure Lighthouse and that the
    /// assignable roles must be supported built-in roles; in June 2025 the resource provider
    /// refused a registration definition with Log Analytics Contributor ("… with data actions
    /// not allowed for registration definition … Only built in role definitions without any
    /// data and notData actions are allowed", Azure/Azure-Lighthouse-samples#137). What is not:
    /// whether that refusal was about this list. Microsoft's current samples still list Log
    /// Analytics Contributor here, and a 2020 sample listed Storage Blob Data Reader. Until the
    /// provider's behaviour for this list is certain, a warning: prefer a role without data
    /// actions, or deploy once to a test subscription. Whether a role has data actions comes
    /// from the crate's role catalog.
    DataActionsAssignableRole = "LO0212", "data-actions-assignable-role", Warning, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27); Deploy a policy that can be remediated (learn.microsoft.com/azure/lighthouse/how-to/deploy-policy-remediation, today's page, undated): \"any supported Azure built-in role except for User Access Administrator or Owner\"; the provider's error in Azure/Azure-Lighthouse-samples issue 137 (2025-06-16)", fix: "Remove the role from `delegatedRoleDefinitionIds`, or acknowledge the warning if you checked that onboarding accepts it.";
    /// A `roleDefinitionId` is no role of the catalog, but one or two hexadecimal digits away
    /// from a built-in role's GUID (a digit changed, left out, added, or two swapped): a typo.
    /// Azure Lighthouse delegates built-in roles only, so a GUID that near to one is taken for
    /// it; the message names the role, and the help its GUID to write.
    RoleGuidTypo = "LO0213", "role-guid-typo", Error, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): only built-in roles; this crate's rule for the distance (issue 27), read 2026-12-06", fix: "Write the GUID of the built-in role the message names (`lighthouse-offer roles NAME` prints it).";

    // ---- LO03xx: manifests and plans ----
    /// No authorization holds the Managed Services Registration assignment Delete Role
    /// (`91c1777a-f3dc-4fae-b103-61d183457e46`). Without it only a user in the customer's tenant
    /// can remove the delegation: the provider can never remove its own access. Add an
    /// authorization with that role for a group of the provider, or acknowledge the warning.
    MissingDeleteRole = "LO0301", "missing-delete-role", Warning, "Microsoft Learn: Tenants, users, and roles in Azure Lighthouse scenarios (learn.microsoft.com/azure/lighthouse/concepts/tenants-users-roles, version of 2025-03-27): without the role, access \"can only be removed by a user in the customer's tenant\"; also Microsoft Learn: Managed Service offers in Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/concepts/managed-services-offers, version of 2026-01-16)", fix: "Add an authorization with the Managed Services Registration assignment Delete Role (`91c1777a-f3dc-4fae-b103-61d183457e46`).";
    /// A manifest needs at least one permanent authorization (in `authorizations`); eligible
    /// authorizations alone are not enough.
    NoPermanentAuthorization = "LO0302", "no-permanent-authorization", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): \"Each plan must have at least one Active authorization.\"", fix: "Add a permanent authorization to `authorizations` (a principal with Reader, for instance).";

    // ---- LO04xx: the offer and its listing ----
    /// An offer may have at most 45 private plans (Microsoft Learn, later than the seed
    /// documents). Merge customers into fewer private plans, or make plans public.
    TooManyPrivatePlans = "LO0401", "too-many-private-plans", Error, "Microsoft Learn: Plans and pricing for commercial marketplace offers (learn.microsoft.com/partner-center/marketplace-offers/plans-pricing, version of 2021-07-05): up to 45 private plans", fix: "Merge customers into at most 45 private plans, or make plans public.";
    /// A managed service offer's listing description must use the term "managed service" or
    /// "managed services" (any case, in the text a reader sees). A rule of edition 2020 only:
    /// the Cloud Partner Portal guide of the source documents asks for it; Partner Center's
    /// pages since 2020 do not, and certification policy 700 could not be read, so edition 2026
    /// does not refuse an offer on it (the edition table says why).
    MissingManagedServiceTerm = "LO0402", "missing-managed-service-term", Error, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16), edition 2020 only; not in Microsoft Learn's Partner Center pages read (2020-05-19, 2020-12-23, 2021-07-12, 2022-07-20); certification policy 700 (version 1.67, 2024-08-26) not read", fix: "Use the term \"managed service\" or \"managed services\" in the listing description.";
    /// `acknowledgedWarnings` names something that is not a warning: an unknown name, or the name
    /// of an error (errors cannot be acknowledged). `lighthouse-offer explain --list` lists the
    /// warnings.
    UnknownWarningName = "LO0403", "unknown-warning-name", Error, "the offer document format", fix: "Remove the name, or correct it to a warning's name (`lighthouse-offer explain --list`).";
    /// A warning is acknowledged in `acknowledgedWarnings` but does not occur in the document.
    /// Remove the acknowledgement, so that a future occurrence of the warning is not hidden.
    StaleAcknowledgement = "LO0404", "stale-acknowledgement", Warning, "the offer document format", fix: "Remove the name from `acknowledgedWarnings`.";

    // ---- LO045x: the listing's description HTML ----
    /// The listing description uses an element outside the basic-HTML subset, or a `<!doctype>`.
    /// Allowed: `p`, `br`, `b`, `strong`, `i`, `em`, `ul`, `ol`, `li`, `h1` to `h6` and `a`.
    /// Elements that run code, load or embed other content, collect data or style the page
    /// (`script`, `style`, `iframe`, `object`, `embed`, `form`, `img`, …) are never allowed; the
    /// Marketplace's own screenshots and videos are the place for media. Remove the element or
    /// replace it with an allowed one.
    DescriptionHtmlElement = "LO0450", "description-html-element", Error, "Microsoft Learn: HTML tags supported in commercial marketplace offer descriptions (learn.microsoft.com/partner-center/marketplace-offers/supported-html-tags, version of 2020-06-05, the newest read; its table lists b, i, br, p, ul, ol, li and h1 to h6: strong, em and a are allowed by this crate and not confirmed there)", fix: "Remove the element, or use one of `p`, `br`, `b`, `strong`, `i`, `em`, `ul`, `ol`, `li`, `h1`-`h6`, `a`.";
    /// An element of the listing description has an attribute it may not have. Only `a` takes an
    /// attribute, `href`; every other element takes none. Event handlers (`onclick`, `onerror`, any
    /// `on…`) run code and `style` or `class` can hide text, so none is accepted.
    DescriptionHtmlAttribute = "LO0451", "description-html-attribute", Error, "Microsoft Learn: HTML tags supported in commercial marketplace offer descriptions (learn.microsoft.com/partner-center/marketplace-offers/supported-html-tags, version of 2020-06-05, the newest read; its table lists b, i, br, p, ul, ol, li and h1 to h6: strong, em and a are allowed by this crate and not confirmed there)", fix: "Remove the attribute: only `a` takes one, `href`.";
    /// A link of the listing description has no `href`, or its `href` is not an absolute
    /// `https://` URL with a host. `javascript:` and `vbscript:` URLs run code, `data:` URLs
    /// embed content, `http:` is not encrypted and a relative URL means nothing on the
    /// Marketplace's page. Character references are decoded first, so `jav&#x61;script:` is
    /// caught.
    DescriptionHtmlUrl = "LO0452", "description-html-url", Error, "lighthouse-offer: links in the description must be https", fix: "Give the link an `href` with an absolute `https://` URL.";
    /// The listing description's markup is unbalanced: an element is never closed, an end tag has
    /// no start tag, end tags cross (`<b><i></b></i>`), or a non-void element is written
    /// self-closing (`<p/>`, which HTML reads as an unclosed `<p>`). Every element except `br`
    /// needs its end tag, even `p` and `li` where HTML would let it be left out.
    DescriptionHtmlUnbalanced = "LO0453", "description-html-unbalanced", Error, "Microsoft Learn: HTML tags supported in commercial marketplace offer descriptions (learn.microsoft.com/partner-center/marketplace-offers/supported-html-tags, version of 2020-06-05, the newest read; its table lists b, i, br, p, ul, ol, li and h1 to h6: strong, em and a are allowed by this crate and not confirmed there): \"Most tags require both an opening and closing component\"", fix: "Close every element in the order it was opened.";
    /// An element of the listing description is where a browser would move it: `li` outside `ul`
    /// or `ol`, anything but `li` directly in a list, a paragraph, list or heading inside `p`, a
    /// heading or an inline element (`b`, `strong`, `i`, `em`), or a link inside a link. The
    /// page would not show what the markup says.
    DescriptionHtmlNesting = "LO0454", "description-html-nesting", Error, "WHATWG HTML: content models", fix: "Move the element where HTML allows it (`li` in a list, no block inside `p`).";
    /// The listing description has an HTML comment (`<!-- … -->`), or markup that HTML reads as
    /// one (`<?xml …?>`, `<![CDATA[…]]>`, `<!x>`, `</ x>`). Readers never see a comment, so it
    /// can hide content from review. Remove it; write `&lt;` for a literal `<`.
    DescriptionHtmlComment = "LO0455", "description-html-comment", Error, "lighthouse-offer: nothing hidden in the description", fix: "Remove the comment; write `&lt;` for a literal `<`.";
    /// The listing description breaks HTML's syntax where a browser has to guess: a tag that is
    /// never finished with `>`, a `<` that starts no tag (write `&lt;`), a character reference
    /// without `;`, an attribute twice in one tag, control characters. The message names the
    /// WHATWG parse error.
    DescriptionHtmlSyntax = "LO0456", "description-html-syntax", Error, "WHATWG HTML: parse errors", fix: "Correct the markup the message names; write `&lt;` for a literal `<` and end character references with `;`.";

    // ---- LO05xx: marketing artifacts ----
    /// A video must be on YouTube or Vimeo (Partner Center).
    InvalidVideoUrl = "LO0501", "invalid-video-url", Error, "Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): \"links to YouTube or Vimeo videos\"", fix: "Link a video on YouTube or Vimeo.";
    /// The offer has no hero image. It is optional, but Marketplace features offers with one.
    /// Acknowledge the warning if you leave it out on purpose; remember that a published hero
    /// image can never be removed, only replaced. A warning of edition 2020 only: edition 2026
    /// has no hero image.
    MissingHeroImage = "LO0502", "missing-hero-image", Warning, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16), edition 2020 only (no later page has a hero image)", fix: "Add a hero image in `marketingArtifacts.hero`, or acknowledge the warning.";

    // LO055x: image files
    /// An image path in the document must be relative to the document's folder and stay inside
    /// it: not empty, not absolute (`/…`, `C:…`), no `..` component, `/` between folders (no
    /// backslash). Keeping images inside the document's folder means checking an offer never
    /// reads files elsewhere on the machine.
    ImagePathNotAllowed = "LO0550", "image-path-not-allowed", Error, "the offer document format", fix: "Write a relative path inside the document's folder, with `/` between folders and no `..`.";
    /// The image file named in the document does not exist, relative to the document's folder.
    ImageNotFound = "LO0551", "image-not-found", Error, "the offer document format", fix: "Put the image at the path given, or correct the path (relative to the document's folder).";
    /// The image path names a folder, a symbolic link or a special file, or goes through something
    /// that is not a folder. Images must be regular files reached through real folders; symbolic
    /// links are not followed, because a link can point outside the document's folder.
    ImageNotAFile = "LO0552", "image-not-a-file", Error, "the offer document format", fix: "Name a regular file, not a folder or a symbolic link.";
    /// The image file exists but could not be read (for example, permission denied).
    ImageUnreadable = "LO0553", "image-unreadable", Error, "the offer document format", fix: "Make the file readable.";
    /// The image is larger than this crate checks: more than 10 MiB on disk, more than 4,194,304
    /// pixels (2048×2048) to decode, or more decoder memory than 8 MiB. Partner Center's images
    /// are at most 1280×720 and a few hundred kilobytes; these limits keep a hostile file from
    /// using unbounded memory or time.
    ImageTooLarge = "LO0554", "image-too-large", Error, "this crate's limits", fix: "Export the image at the size Partner Center asks for (a few hundred kilobytes at most).";
    /// Partner Center accepts PNG images only. The file's first bytes are not the PNG signature:
    /// it is another format (JPEG, GIF, …) whatever its name says. Export the image as PNG.
    NotAPng = "LO0555", "not-a-png", Error, "Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): images in .PNG format", fix: "Export the image as PNG.";
    /// The file starts like a PNG but is truncated or corrupt: a chunk is missing or damaged,
    /// a checksum does not match, or the image data is shorter than the header's size says.
    /// Export the image again.
    CorruptPng = "LO0556", "corrupt-png", Error, "PNG specification (W3C, ISO/IEC 15948)", fix: "Export the image again as PNG.";
    /// The image does not have the size Partner Center requires for its place in the offer's
    /// edition. Edition 2020: logos 40×40, 90×90, 115×115 and 255×115, hero 815×290, screenshots
    /// and video thumbnails of any size. Edition 2026: large logo a square of 216×216 to
    /// 350×350, medium 90×90, small 48×48, screenshots and video thumbnails 1280×720. Resize it;
    /// do not stretch it.
    WrongImageSize = "LO0557", "wrong-image-size", Error, "per edition (EditionRules): seed documents (2020); Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12)", fix: "Export the image at the size the message gives.";
    /// The hero image's background is black, white or transparent, which Partner Center does not
    /// allow. The background is judged from the image's outermost pixels: a pixel is transparent
    /// when not fully opaque, black or white when each of its red, green and blue values is
    /// within 16 of 0 or of 255; the kind most border pixels have is the background's.
    HeroBackground = "LO0558", "hero-background", Error, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16), edition 2020 only", fix: "Give the hero image a coloured, opaque background.";
    /// The hero image's background is so light that the white text Partner Center writes on it
    /// (publisher name, plan title, summary) is hard to read: white on it has a contrast ratio
    /// below 3:1, the WCAG minimum for large text. Choose a darker background colour.
    LightHeroBackground = "LO0559", "light-hero-background", Warning, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16) (white text on the hero), edition 2020 only; WCAG 2 contrast for large text", fix: "Choose a darker background colour for the hero image.";
    /// The hero image must leave its right 415 pixels empty: Partner Center writes the
    /// publisher's name, the plan title and the summary there. Some pixels in that strip differ
    /// from the strip's background colour by more than 16 in a channel; the message says how
    /// far to the right they reach. Move the artwork to the left 400 pixels.
    HeroRightSpaceNotEmpty = "LO0560", "hero-right-space-not-empty", Warning, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16), edition 2020 only", fix: "Leave the right 415 pixels of the hero image empty, in its background colour.";

    // ---- LO06xx: lead management, legal and support ----
    /// A secret (a connection string, client secret or password of a lead destination) is
    /// written into the document as text. Secrets never belong in the offer document, which is
    /// shared and kept in version control: write a reference `{ "fromEnv": "NAME" }` and set the
    /// environment variable `NAME` where the offer is published. The message never repeats the
    /// text; if it was a real secret, rotate it.
    LiteralSecret = "LO0600", "literal-secret", Error, "the offer document format: secrets are references", fix: "Write `{ \"fromEnv\": \"NAME\" }` and set the environment variable NAME where the offer is published.";
    /// A secret reference names no valid environment variable: `fromEnv` takes a name of ASCII
    /// letters, digits and `_` that does not start with a digit (`LEADS_TABLE_CONNECTION`). The
    /// message does not repeat the value, in case a secret was written there by mistake.
    InvalidSecretReference = "LO0601", "invalid-secret-reference", Error, "the offer document format: secrets are references", fix: "Name an environment variable of ASCII letters, digits and `_`, not starting with a digit.";
    /// The offer has neither the Microsoft Standard Contract nor its own terms of use. Write the
    /// terms in `termsOfUse` (or, in edition 2020 only, set `useStandardContract` to `true`):
    /// customers must accept them before they can use the offer. Partner Center offers Managed
    /// Service offers no Standard Contract (edition 2026).
    MissingTermsOfUse = "LO0602", "missing-terms-of-use", Error, "Microsoft Learn: Configure Managed Service offer properties (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-properties, version of 2021-07-12): the publisher's own terms, \"Customers will be required to accept them before using the offer.\"; the Standard Contract instead: edition 2020 only (Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16))", fix: "Write your terms in `termsOfUse`.";
    /// The offer uses the Microsoft Standard Contract and also has its own `termsOfUse`. It is one
    /// or the other: an offer published under the Standard Contract cannot use its own terms.
    /// Remove `termsOfUse`, or set `useStandardContract` to `false`. (Changes to the Standard
    /// Contract are made with amendments, which this crate does not model.)
    TermsWithStandardContract = "LO0603", "terms-with-standard-contract", Error, "Microsoft Learn: Standard Contract for the commercial marketplace (current localized copies, undated): an offer under the Standard Contract cannot use its own terms; edition 2020 only, edition 2026 has no Standard Contract", fix: "Remove `termsOfUse`, or set `useStandardContract` to `false`.";
    /// The Dynamics 365 instance URL is not on `dynamics.com`. Partner Center writes leads to
    /// Microsoft-hosted Dynamics 365 Customer Engagement instances only
    /// (`https://contoso.crm4.dynamics.com`); on-premises Dynamics is not supported. If the
    /// instance is in a sovereign cloud with another domain, acknowledge the warning.
    DynamicsNotOnline = "LO0604", "dynamics-not-online", Warning, "Microsoft Learn: Lead management for Dynamics 365 Customer Engagement (version of 2020-03-30, the newest read): \"Connecting directly to a Dynamics on-premises environment isn't currently supported.\"", fix: "Write the URL of a Dynamics 365 online instance (`https://contoso.crm4.dynamics.com`), or acknowledge the warning.";
    /// The HTTPS endpoint URL carries a signature (`sig=` in its query, as the trigger URLs of
    /// Power Automate flows and Logic Apps do). Anyone who reads the document can post fake
    /// leads with it. Keep the document private, or acknowledge the warning if it is.
    SignedEndpointUrl = "LO0605", "signed-endpoint-url", Warning, "this crate's rule: a signature in a shared document lets anyone post leads", fix: "Keep the document private and acknowledge the warning, or use a destination without a signed URL.";

    // ---- LO07xx: ARM templates ----
    // ARM files are judged by the resource provider's rules (Microsoft.ManagedServices), not by
    // Partner Center's: see `arm::check`.
    /// A value is a placeholder left from a sample or a starter: text in angle brackets, such
    /// as `<insert managing tenant id>`. Microsoft's onboarding samples ship with placeholders,
    /// and deploying one fails or delegates to nobody; the starter that `lighthouse-offer init`
    /// writes has one wherever only you know the value. Found in ARM files and in offer
    /// documents alike. Replace it with the real value; the message says which value belongs
    /// there.
    PlaceholderValue = "LO0700", "placeholder-value", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples); in offer documents, this crate's rule (the starter of `lighthouse-offer init`)", fix: "Replace the placeholder with the real value; the message says what belongs there.";
    /// The all-zero GUID `00000000-0000-0000-0000-000000000000` names no tenant, principal,
    /// subscription or role: Microsoft's samples use it as a placeholder. It is refused in ARM
    /// files (any value) and in offer documents wherever a tenant, principal, approver or
    /// subscription ID is written. Put the real ID here: the managing tenant's ID, the object ID
    /// of a group in that tenant, a customer's subscription ID, or a built-in role's ID.
    NilGuid = "LO0701", "nil-guid", Error, "this crate's rule, from Microsoft's use of the all-zero GUID as a placeholder: the parameters of Microsoft Learn's Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22) and the templates of Azure/Azure-Lighthouse-samples; no Microsoft page states the rule", fix: "Write the real GUID of the tenant, principal, subscription or role.";
    /// The file is an ARM template or parameters file, but not one of an Azure Lighthouse
    /// delegation: the template deploys no `Microsoft.ManagedServices/registrationDefinitions`
    /// (not even in a nested deployment), or the parameters are neither those of a delegation
    /// template (`mspOfferName`, `managedByTenantId`, `authorizations`) nor those of Microsoft's
    /// policy that deploys delegations (`managedByName`, `managedByTenantId`,
    /// `managedByAuthorizations`). Policy, Key Vault and role assignment samples are of this
    /// kind. Nothing is wrong with the file; there is no delegation in it to check.
    NotADelegation = "LO0702", "not-a-delegation", Error, "Azure Resource Manager: Microsoft.ManagedServices", fix: "Give a delegation's template or parameters file; a parameters file whose names are the template's own is checked with it (`lighthouse-offer arm check --template TEMPLATE PARAMETERS`).";
    /// A value of the delegation comes from a template parameter that has no value here: no
    /// `defaultValue`, and no parameters file gives one. The value is supplied at deployment, so
    /// it is checked when given: check the parameters file with its template
    /// (`lighthouse-offer arm check --template TEMPLATE PARAMETERS`), or give the parameter a
    /// default value.
    ParameterWithoutValue = "LO0703", "parameter-without-value", Note, "Microsoft Learn: Create Resource Manager parameters file (learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files, version of 2026-06-26)", fix: "Give the parameter a value in a parameters file, and check it with its template.";
    /// A template expression uses a function that the checker does not evaluate (the message
    /// names it, once, at the first place met), or a value goes past one of the checker's own
    /// limits: values larger than 200,000 items and characters, more work than 20,000,000,
    /// more than 1,000,000 function calls, nesting deeper than 256 levels, or a `format()`
    /// format it does not compute (the message names the limit, once per check). Azure
    /// evaluates such values at deployment; the values that depend on them are not checked,
    /// everything else is. The functions evaluated are listed in the documentation of
    /// `arm::evaluate`.
    UnsupportedExpression = "LO0704", "unsupported-expression", Warning, "Microsoft Learn: Template functions for ARM templates (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string, version of 2022-02-11, and the pages of the other groups of functions)", fix: "Nothing to fix: the values that depend on the function are checked when Azure deploys the template.";
    /// A delegation template whose layout the reader does not know: more than one registration
    /// definition. Microsoft's samples have one definition, assigned to the subscription or,
    /// through nested deployments, to resource groups. (A definition without assignment is
    /// `unassigned-definition`, a note.)
    UnsupportedTemplate = "LO0705", "unsupported-template", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)", fix: "Deploy one registration definition per template; read a template with several in parts.";
    /// Parameters that exclude each other are both given: `rgName` (the template for one
    /// resource group) and `resourceGroups` (the template for several). Keep the one that the
    /// template deployed with the file declares.
    ConflictingParameters = "LO0706", "conflicting-parameters", Error, "Microsoft's Azure Lighthouse samples (Azure/Azure-Lighthouse-samples)", fix: "Keep `rgName` or `resourceGroups`, the one the template declares.";
    /// A value of the delegation is known only when the template is deployed: it comes from
    /// `subscription()`, `resourceGroup()`, `deployment()`, `reference()`, a Key Vault
    /// reference or the like. It cannot be checked before; nothing is wrong with it.
    DeploymentTimeValue = "LO0707", "deployment-time-value", Note, "Microsoft Learn: Deployment functions for ARM templates (learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment, version of 2022-03-10); Resource functions for ARM templates (…/template-functions-resource)", fix: "Nothing to fix: the value is known at deployment.";
    /// A template expression that Azure Resource Manager refuses too: it is not well formed (an
    /// unterminated string, a missing parenthesis), names a parameter or variable the template
    /// does not declare, or gives a function arguments it does not take (`concat` of an array
    /// and a string, an index past the end of an array). The message says what is wrong.
    InvalidExpression = "LO0708", "invalid-expression", Error, "Microsoft Learn: Syntax and expressions in ARM templates (learn.microsoft.com/azure/azure-resource-manager/templates/template-expressions, version of 2020-03-17)", fix: "Correct the expression the message names.";
    /// A `.bicepparam` file whose `using` names no local Bicep file (`using none`, a registry
    /// reference), so the template its values are for cannot be read. Build it first with
    /// `az bicep build-params --file main.bicepparam` and check the JSON it writes. (A `.bicep`
    /// file, and a `.bicepparam` naming a local one, are judged as the template they compile
    /// to.)
    BicepFile = "LO0709", "bicep-file", Error, "Microsoft Learn: Bicep CLI commands (learn.microsoft.com/azure/azure-resource-manager/bicep/bicep-cli, today's page, undated); Create parameters files for Bicep deployment (…/bicep/parameter-files, today's page, undated)", fix: "Build it with `az bicep build --file FILE.bicep` (or `az bicep build-params --file FILE.bicepparam`) and check the JSON written.";
    /// A `Microsoft.ManagedServices` resource names an `apiVersion` the resource provider never
    /// had. Use `2022-10-01`, the latest one. The versions known are those of the provider's
    /// REST specification (Azure/azure-rest-api-specs, `specification/managedservices`).
    UnknownApiVersion = "LO0710", "unknown-api-version", Error, "REST specification of Microsoft.ManagedServices (Azure/azure-rest-api-specs, specification/managedservices, stable and preview versions, read 2026-12-03): every API version it has had; 2022-10-01 the latest", fix: "Use `apiVersion` `2022-10-01`.";
    /// A registration definition has eligible authorizations but names an `apiVersion` older
    /// than `2020-02-01-preview`, the first that knows them: the provider refuses it
    /// ("… allowed with api-version greater and equal to '2020-02-01-preview'"). Use
    /// `2022-10-01`.
    EligibleNeedsNewerApiVersion = "LO0711", "eligible-needs-newer-api-version", Error, "Microsoft Learn: Microsoft.ManagedServices registrationDefinitions, API version change log (learn.microsoft.com/azure/templates/microsoft.managedservices/change-log/registrationdefinitions, today's page, undated): eligibleAuthorizations added in 2020-02-01-preview; the provider's error as quoted in hashicorp/terraform-provider-azurerm issue 25183 (2024-03-08)", fix: "Use `apiVersion` `2022-10-01`.",
        provider: [
            "… allowed with api-version greater and equal to '2020-02-01-preview'.",
        ];
    /// A `Microsoft.ManagedServices` resource names an older `apiVersion` that still works.
    /// Microsoft has announced no retirement, but the current stable version is `2022-10-01`:
    /// move to it when you next change the template.
    OldApiVersion = "LO0712", "old-api-version", Warning, "REST specification of Microsoft.ManagedServices (Azure/azure-rest-api-specs, specification/managedservices, stable and preview versions, read 2026-12-03): every API version it has had; 2022-10-01 the latest", fix: "Move to `apiVersion` `2022-10-01` when you next change the template.";
    /// An authorization of an ARM file has no `principalIdDisplayName`. The resource provider
    /// does not require one (only `principalId` and `roleDefinitionId`), but customers then see
    /// only the principal's GUID where they review who gets access. Add a name that says who
    /// it is (Partner Center requires one in a plan).
    MissingDisplayName = "LO0713", "missing-display-name", Warning, "REST specification of Microsoft.ManagedServices 2022-10-01 (Authorization: only principalId and roleDefinitionId required); Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): \"an optional principalIdDisplayName\" in Microsoft's template", fix: "Add a `principalIdDisplayName` that says who the principal is.";
    /// The registration definition of an ARM file has no description. The resource provider
    /// does not require one; Microsoft's onboarding how-to calls it optional but recommended so
    /// that customers understand the offer.
    MissingDescription = "LO0714", "missing-description", Warning, "Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): the description \"is optional, but recommended\"", fix: "Add a `registrationDefinitionName` description that says what the offer does.";
    /// An authorization's display name names a built-in role other than the one the
    /// authorization gives (`"Contoso Contributors"` holding Reader). Customers read that name
    /// when they delegate, and would believe the principal gets the named role. Rename the
    /// principal's display name, or check the role.
    DisplayNameNamesOtherRole = "LO0715", "display-name-names-other-role", Warning, "Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): the principalIdDisplayName is visible to customers; this crate's rule for a name that names another role", fix: "Rename the principal's display name, or give it the role its name says.";
    /// The template deploys no delegation of its own, but a nested deployment links another
    /// template by its URI (`templateLink`), which Azure Resource Manager fetches at
    /// deployment. The checker reads no network and does not fetch it: check the linked
    /// template (with its parameters) itself.
    LinkedTemplate = "LO0716", "linked-template", Note, "Microsoft Learn: Using linked and nested templates when deploying Azure resources (learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates, version of 2021-03-25)", fix: "Check the linked template with its parameters.";
    /// A registration definition is deployed to a resource group: the template is written for
    /// resource group deployments (`deploymentTemplate.json`), or the definition sits in a
    /// nested deployment with a `resourceGroup`. A registration definition is a subscription
    /// resource; the provider refuses it ("The registration definition request scope
    /// `/subscriptions/…/resourcegroups/…` should be `/subscriptions/<subscriptionId>`",
    /// `InvalidRegistrationDefinitionUri`). Deploy the template to the subscription, with only
    /// the assignments in nested deployments for resource groups.
    DefinitionAtResourceGroupScope = "LO0717", "definition-at-resource-group-scope", Error, "The resource provider's error as quoted in Azure/Azure-Lighthouse-samples issue 31 (2019-09-16); Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22): the template is deployed to the subscription", fix: "Deploy the registration definition at subscription scope (`subscriptionDeploymentTemplate.json`).",
        provider: [
            "The registration definition request scope '…' should be '…'. (Code: InvalidRegistrationDefinitionUri)",
        ];
    /// A registration definition that no registration assignment in the file uses. The
    /// provider takes the two as requests of their own: a definition alone delegates nothing
    /// yet, and is assigned later (by a policy that deploys assignments, in the portal, or with
    /// `New-AzManagedServicesAssignment`). The delegation is judged as written; its scope is
    /// unknown until it is assigned. (Before, such files were refused as `unsupported-template`.)
    UnassignedDefinition = "LO0718", "unassigned-definition", Note, "Microsoft.ManagedServices REST API 2022-10-01: the operations RegistrationDefinitions_CreateOrUpdate and RegistrationAssignments_CreateOrUpdate are separate requests, the assignment naming an existing definition's ID (learn.microsoft.com/dotnet/api/azure.resourcemanager.managedservices, and the Az.ManagedServices module's New-AzManagedServicesDefinition and New-AzManagedServicesAssignment, read 2026-12-06)", fix: "Nothing to fix if the definition is assigned later; to assign it here, add a `Microsoft.ManagedServices/registrationAssignments` whose `registrationDefinitionId` is the definition's ID.";

    /// An Azure Policy that deploys a delegation (`deployIfNotExists`) has an existence
    /// condition that does not compare what is deployed with the plan: neither the registration
    /// name (which can carry the plan's version) nor the authorizations. Any registration
    /// definition that meets it (for Microsoft's sample, any of the managing tenant) makes a
    /// subscription compliant, so a delegation of an old version, or with other principals, is
    /// never remediated. Compare the name with the version, and the authorizations, through the
    /// aliases of `Microsoft.ManagedServices/registrationDefinitions`, as
    /// `arm export --policy` writes them.
    PolicyIgnoresChanges = "LO0722", "policy-ignores-changes", Warning, "Azure/Azure-Lighthouse-samples, templates/policy-delegate-management-groups (read 2026-12-06): the existence condition compares only `managedByTenantId`; Microsoft Learn: Azure Policy definition structure, existenceCondition of deployIfNotExists (read 2026-12-06)", fix: "Compare `…/registrationDefinitions/registrationDefinitionName` (with the plan's version) and the authorizations in the existence condition, as `lighthouse-offer arm export --policy` writes it.";

    // ---- LO08xx: updates ----
    // Changes between two versions of an offer (`Offer::update_to`, `lighthouse-offer diff`).
    // LO080x and LO0820: forbidden, the update is refused; LO081x-LO082x: customers review the
    // update; LO083x-LO084x: listing only, nothing for customers to review.
    /// The offer ID changed. An offer's ID is fixed once the offer is published: customers see it
    /// in URLs and billing, and every delegation names it. Give the offer its old ID back; a
    /// different ID is a different offer.
    OfferIdChanged = "LO0800", "offer-id-changed", Error, "Microsoft Learn: Create a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer, version of 2022-07-20): \"The Offer ID can't be changed after you select Create.\"", fix: "Give the offer its published ID back.";
    /// The publisher ID changed. An update is published by the publisher that owns the offer,
    /// and every delegation names the publisher with the offer ID. Give the offer its old
    /// publisher ID back.
    PublisherIdChanged = "LO0801", "publisher-id-changed", Error, "Microsoft Learn: Create a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer, version of 2022-07-20): the publisher \"cannot be modified after the offer is created\"; ARM: the plan's publisher", fix: "Give the offer its published publisher ID back.";
    /// A published plan is missing from the new version. Plans are matched by plan ID, and a plan
    /// ID is fixed once published, so a renamed plan looks like a removed plan and a new one. A
    /// plan can't be renamed or removed, only stopped from selling (stop sell): keep it in the
    /// document with its ID and stop its sale in Partner Center; to rename what customers see,
    /// change its title.
    PlanRemoved = "LO0802", "plan-removed", Error, "Microsoft Learn: Create plans for a Managed Service offer (today's page, undated): \"You can't modify the plan ID after you select Create.\"; Microsoft Learn: Managed Service offers in Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/concepts/managed-services-offers, version of 2026-01-16): a plan can be stopped from selling", fix: "Keep the plan in the document (stop selling it in Partner Center instead).";
    /// A plan that was public is private in the new version. A plan published as public can never
    /// become private. To offer the service to named customers only, add a new private plan and
    /// stop selling the public one.
    PlanMadePrivate = "LO0803", "plan-made-private", Error, "Microsoft Learn: Managed Service offers in Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/concepts/managed-services-offers, version of 2026-01-16): \"After you publish a plan as public, you can't change it to private.\"", fix: "Keep the plan public; add a new private plan for the named customers.";
    /// The hero image is gone from the new version. A published hero image can never be removed,
    /// only replaced by another image: name a file in `marketingArtifacts.hero` again.
    HeroImageRemoved = "LO0804", "hero-image-removed", Error, "Publish a managed service offer to Azure Marketplace, Cloud Partner Portal (seed document, 2020-01-16): a hero image can be replaced, never removed; edition 2020 only", fix: "Name an image in `marketingArtifacts.hero` again.";
    /// A plan's manifest changed (tenant, authorizations, eligible authorizations) but kept its
    /// version. Every new manifest of a plan needs a higher version than the last one: raise
    /// `version`.
    ManifestChangedWithoutNewVersion = "LO0805", "manifest-changed-without-new-version", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): \"Be sure to increase the version number from the previous manifest version.\"", fix: "Raise the manifest's `version` above the published one.";
    /// A plan's manifest version is lower than the published one. Versions are compared as
    /// versions, number by number (`1.10.0` is higher than `1.9.0`): each new manifest needs a
    /// higher version than the last.
    ManifestVersionLowered = "LO0806", "manifest-version-lowered", Error, "Microsoft Learn: Create plans for a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans, version of 2021-07-12): \"Be sure to increase the version number from the previous manifest version.\"", fix: "Raise the manifest's `version` above the published one.";

    /// A plan's manifest gives a principal a role it did not have. Customers who use the plan see
    /// an update icon on their Service providers page and decide whether to accept the new
    /// version; until then, the old authorizations apply.
    AuthorizationAdded = "LO0810", "authorization-added", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A plan's manifest no longer gives a principal a role it had. Customers review the update
    /// before it applies; until they accept it, the principal keeps the role.
    AuthorizationRemoved = "LO0811", "authorization-removed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A principal of a plan's manifest holds another role than before. Customers review the
    /// update before it applies.
    AuthorizationRoleChanged = "LO0812", "authorization-role-changed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// The display name of a principal in a plan's manifest changed; customers see it on their
    /// Service providers page and review the update.
    AuthorizationRenamed = "LO0813", "authorization-renamed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// The roles a User Access Administrator may assign to managed identities changed. Customers
    /// review the update before it applies.
    AssignableRolesChanged = "LO0814", "assignable-roles-changed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A plan's manifest lets a principal activate a role just in time that it could not before.
    /// Customers review the update before it applies.
    EligibleAuthorizationAdded = "LO0815", "eligible-authorization-added", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17); Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A plan's manifest no longer lets a principal activate a role just in time. Customers review
    /// the update before it applies.
    EligibleAuthorizationRemoved = "LO0816", "eligible-authorization-removed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17); Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A principal of a plan's manifest may activate another role just in time than before.
    /// Customers review the update before it applies.
    EligibleAuthorizationRoleChanged = "LO0817", "eligible-authorization-role-changed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17); Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// The display name of an eligible principal in a plan's manifest changed; customers see it
    /// and review the update.
    EligibleAuthorizationRenamed = "LO0818", "eligible-authorization-renamed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17); Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// The just-in-time access policy of an eligible authorization changed: multi-factor
    /// authentication, the longest activation, or the approvers. Customers review the update
    /// before it applies.
    EligiblePolicyChanged = "LO0819", "eligible-policy-changed", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17); Microsoft Learn: Create eligible authorizations (learn.microsoft.com/azure/lighthouse/how-to/create-eligible-authorizations, version of 2025-04-28)", fix: "Nothing to fix if intended: customers accept the new version before it applies.";
    /// A plan's manifest names another managing tenant. An update can't do that: to move a
    /// delegation to another managing tenant, publish a new managed service offer for customers
    /// to accept. (The resource provider refuses the same change in an ARM deployment that
    /// reuses the registration definition: "property `ManagedByTenantId` not allowed to
    /// update".)
    /// Keep the old tenant in this offer. Until 2026 this crate classed the change as one for
    /// customers to review; code and name are unchanged.
    TenantChanged = "LO0820", "tenant-changed", Error, "Microsoft Learn: Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17): \"To change the managing tenant for a delegation, you must create and publish a new Managed Service offer\"; the resource provider's error (MicrosoftDocs/azure-docs issue 63126, 2020-09-23)", fix: "Keep the published tenant; publish a new offer to change the managing tenant.",
        provider: [
            "The registration definition '…' property ManagedByTenantId not allowed to update. (Code: RegistrationDefinitionInvalidUpdate)"
        ];
    /// A plan's manifest has a higher version and nothing else changed. Customers who use the plan
    /// are offered the new version, which changes no access.
    ManifestVersionRaised = "LO0821", "manifest-version-raised", Warning, "Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16): each customer reviews the changes and chooses whether to update; Update a delegation (learn.microsoft.com/azure/lighthouse/how-to/update-delegation, version of 2025-01-17)", fix: "Nothing to fix if intended: customers are offered a version that changes no access.";

    /// The offer's name changed. Marketplace shows the new name; customers have nothing to review.
    OfferNameChanged = "LO0830", "offer-name-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// A plan is new in this version. New customers can buy it; customers of other plans have
    /// nothing to review. A plan's ID is fixed once it is published.
    PlanAdded = "LO0831", "plan-added", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended: check the plan ID, which is fixed once published.";
    /// A plan's title, summary or description changed. Marketplace shows the new text; customers
    /// have nothing to review.
    PlanDetailsChanged = "LO0832", "plan-details-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// A private plan became public: every customer can now see and buy it. (The other way round
    /// is forbidden.)
    PlanMadePublic = "LO0833", "plan-made-public", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended: the plan can never become private again.";
    /// The subscriptions of a private plan's audience changed: other customers can see and buy it.
    PrivateAudienceChanged = "LO0834", "private-audience-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// A field of the Marketplace listing changed (title, summaries, description, marketing
    /// identifier, preview subscriptions, links, categories). A new marketing identifier (edition
    /// 2020) gives the offer a new Marketplace address.
    ListingChanged = "LO0835", "listing-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// A logo, the hero image, a screenshot or a video changed or was added. The update compares
    /// the file names the documents give, not the files' contents.
    MarketingArtifactsChanged = "LO0836", "marketing-artifacts-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// Where leads go changed. The message never shows values, since lead settings may carry
    /// signatures.
    LeadManagementChanged = "LO0837", "lead-management-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// The privacy policy, the contract or the terms of use changed.
    LegalChanged = "LO0838", "legal-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";
    /// The engineering or support contact, or the support links, changed.
    SupportChanged = "LO0839", "support-changed", Warning, "this crate's classification of what customers do not review: a new manifest version is what they accept (Microsoft Learn: Publish a Managed Service offer to Microsoft Marketplace (learn.microsoft.com/azure/lighthouse/how-to/publish-managed-services-offers, version of 2026-01-16))", fix: "Nothing to fix if intended.";

    // ---- LO09xx: rule editions ----
    /// The document uses something its rule edition does not have. In edition 2026 (Microsoft
    /// Learn): a wide logo or a hero image (one large logo and optional medium and small logos
    /// only), a marketing identifier (the Marketplace address comes from the offer ID), or the
    /// Microsoft Standard Contract (Managed Service offers have their own terms). Remove it, or
    /// check the document against the edition it was written for (`"edition": "2020"`).
    /// `lighthouse-offer migrate` lists such findings, and keeps the value in the rewritten
    /// document until it is removed by hand.
    NotInEdition = "LO0900", "not-in-edition", Error, "per edition (EditionRules): Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12) (logos, no hero image); Microsoft Learn: Configure Managed Service offer properties (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-properties, version of 2021-07-12) (no Standard Contract); Microsoft Learn: Create a Managed Service offer (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer, version of 2022-07-20) (no marketing identifier)", fix: "Remove the value, or name the edition the document was written for (`\"edition\": \"2020\"`).";
    /// The listing description does not look English and neither begins nor ends with "This
    /// service is available in" and the language's name (`This service is available in
    /// German.`). Edition 2026 (Microsoft Learn) allows a listing in
    /// another language only with that English statement at the beginning or end of the
    /// description. The check is a heuristic over the visible text (no markup): a description of
    /// 20 words or more looks English when at least 1 in 20 of its words is a common English
    /// function word that other languages rarely use (`the`, `and`, `of`, `for`, `with`, `your`,
    /// `you`, `our`, `that`, `this`, `from`, `by`, `are`, …); the statement counts when the text
    /// begins with it or its last sentence does. Shorter descriptions are not judged, and the
    /// language named is not compared with the text's. If the description is English (a terse
    /// list of names can look otherwise), acknowledge the warning.
    MissingLanguageStatement = "LO0901", "missing-language-statement", Warning, "Microsoft Learn: Configure Managed Service offer listing details (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-listing, version of 2021-07-12): a non-English description \"must begin or end with the English phrase\"", fix: "Begin or end the description with \"This service is available in <language>.\", or acknowledge the warning if it is English.";
    /// The document names no `edition`, so it is read with the rules of edition 2020, as
    /// documents written before editions existed were; Partner Center applies the rules of
    /// edition 2026 today. Like a Cargo manifest without `edition`, the document still means
    /// what it meant, but which rules judge it should be written down: name the edition the
    /// document follows, `"edition": "2026"` for the rules Partner Center applies today
    /// (`lighthouse-offer migrate --to 2026` says what that changes and rewrites the document).
    /// `"2020"` only describes a document that still follows the older rules; it does not make
    /// Partner Center apply them.
    EditionNotNamed = "LO0902", "edition-not-named", Warning, "this crate's rule, after Cargo's warning on a manifest without `edition` (Cargo reference, the `edition` field); the editions: EditionRules", fix: "Name the edition the document follows: `\"edition\": \"2026\"` for the rules Partner Center applies today (`lighthouse-offer migrate --to 2026` says what changes).";
    // ---- LO10xx: the audit of deployed delegations ----
    // What is deployed in customers' subscriptions (`Microsoft.ManagedServices` registration
    // assignments and definitions, REST API 2022-10-01) held against the offer document
    // (`audit`, `lighthouse-offer audit`). Paths point into the deployed input; messages name
    // the subscription and the resource group.
    /// An `id` of the deployed input is not the resource ID of something in a subscription
    /// (`/subscriptions/{guid}/…`, optionally `/resourceGroups/{name}/…`), so the audit cannot
    /// tell which customer scope it is about. Save the output of Azure Resource Manager or of
    /// `az managedservices` unchanged.
    InvalidResourceId = "LO1000", "invalid-resource-id", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01, read 2026-12-03", fix: "Save the output of Azure Resource Manager or `az managedservices` unchanged.";
    /// Azure holds an authorization (a principal with a role) that the plan's manifest does not
    /// list: someone changed the delegation by hand (an edited onboarding template, a principal
    /// added "temporarily"). A customer on an older version of the plan is not judged by this
    /// rule: the differences are listed in its `plan-version-behind` warning. Remove the
    /// authorization at the customer, or add it to the plan and publish a new version.
    AuthorizationNotInPlan = "LO1001", "authorization-not-in-plan", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (registration definitions), read 2026-12-03", fix: "Remove the authorization at the customer, or add it to the plan and publish a new version.";
    /// The plan's manifest lists an authorization (a principal with a role) that Azure does not
    /// hold at this customer: the delegation was deployed from other parameters. (A customer on
    /// an older version of the plan gets the `plan-version-behind` warning, which lists the
    /// differences, instead.) Redeploy the delegation, or ask the customer to accept the update.
    AuthorizationMissing = "LO1002", "authorization-missing", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (registration definitions), read 2026-12-03", fix: "Redeploy the delegation, or ask the customer to accept the plan's latest version.";
    /// Azure holds an eligible (just-in-time) authorization that the plan's manifest does not
    /// list. Remove it at the customer, or add it to the plan and publish a new version.
    EligibleAuthorizationNotInPlan = "LO1003", "eligible-authorization-not-in-plan", Error, "Microsoft Learn: create eligible authorizations", fix: "Remove it at the customer, or add it to the plan and publish a new version.";
    /// The plan's manifest lists an eligible (just-in-time) authorization that Azure does not hold
    /// at this customer. Redeploy the delegation, or ask the customer to accept the update.
    EligibleAuthorizationMissing = "LO1004", "eligible-authorization-missing", Error, "Microsoft Learn: create eligible authorizations", fix: "Redeploy the delegation, or ask the customer to accept the update.";
    /// An eligible authorization is deployed with another just-in-time access policy than the
    /// plan's (multi-factor authentication, the longest activation, or the approvers). Redeploy
    /// the delegation with the plan's policy.
    JustInTimePolicyDiffers = "LO1005", "just-in-time-policy-differs", Error, "Microsoft Learn: create eligible authorizations", fix: "Redeploy the delegation with the plan's policy.";
    /// A deployed delegation uses a role that Azure Lighthouse does not accept today. A role
    /// with data actions (Log Analytics Contributor since 2025) was accepted when it was
    /// deployed, and it keeps working, but the delegation can no longer be deployed again as it
    /// is: an update or a new customer fails. Owner and the roles that can change access were
    /// never accepted in a delegation: the message says so, since Azure cannot have deployed
    /// them as the input shows (an input edited by hand?). Replace the role in the plan and at
    /// the customer with a supported one.
    RoleNoLongerSupported = "LO1006", "role-no-longer-supported", Error, "Microsoft Learn: tenants, users, and roles in Azure Lighthouse", fix: "Publish a plan version with a supported role and ask the customer to accept it.";
    /// A delegation of the offer is managed by a tenant that is not the offer's: its Marketplace
    /// `plan` block names the offer, or (onboarded without Marketplace) it grants access to
    /// principals of the offer's plans, but its `managedByTenantId` is not the tenant of the plan.
    /// Deployed with the wrong tenant: that tenant's principals hold access to the customer's
    /// resources. A delegation to another provider (another tenant, no plan of this offer, none
    /// of its principals) is not this rule's: the audit lists it in the summary as another
    /// provider's and does not judge it, since a customer may delegate to several providers.
    ForeignManagingTenant = "LO1007", "foreign-managing-tenant", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (managedByTenantId), read 2026-12-03", fix: "Redeploy the delegation with the offer's tenant as `managedByTenantId`, or remove it at the customer (Azure portal, Service providers).";
    /// The customer's delegation is on an older version of the plan than the offer document's:
    /// the customer has not accepted the update (Azure portal, Service providers page). Until
    /// they do, the older authorizations apply: the ways they differ from the plan's (what
    /// `authorization-not-in-plan`, `authorization-missing` and their eligible and policy
    /// counterparts would report) are listed in this warning, not reported as errors, since the
    /// provider cannot change them. The offer document does not hold the older version, so the
    /// audit cannot tell a difference of that version from a change by hand.
    PlanVersionBehind = "LO1008", "plan-version-behind", Warning, "Publish a managed service offer (seed documents, 2020): updating an offer", fix: "Ask the customer to accept the update (Azure portal, Service providers).";
    /// The customer's delegation is on a newer version of the plan than the offer document's: the
    /// document is not what was published. Update the document from what is published.
    PlanVersionAhead = "LO1009", "plan-version-ahead", Warning, "Publish a managed service offer (seed documents, 2020): updating an offer", fix: "Update the offer document from what is published.";
    /// A delegation of the offer's managing tenant matches no plan of the offer: its Marketplace
    /// `plan` block names another offer or a plan the document does not have, or, deployed by an
    /// ARM template without a `plan` block, it has no authorization in common with any plan.
    UnmatchedDelegation = "LO1010", "unmatched-delegation", Warning, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (plan), read 2026-12-03", fix: "Leave the delegation out of the input, or add its plan to the document.";
    /// A principal holds the plan's role at the customer under another display name than the
    /// plan's (`principalIdDisplayName`). Customers see the deployed name on their Service
    /// providers page.
    DisplayNameDiffers = "LO1011", "display-name-differs", Warning, "Publish a managed service offer (seed documents, 2020): updating an offer", fix: "Redeploy with the plan's display name, or update the plan.";
    /// A registration assignment comes without its registration definition: it was listed without
    /// `$expandRegistrationDefinition=true` (`az managedservices assignment list` without
    /// `--include-definition true`), and the input has no definition with its
    /// `registrationDefinitionId` either. List the assignments with their definitions.
    DefinitionNotExpanded = "LO1012", "definition-not-expanded", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 ($expandRegistrationDefinition), read 2026-12-03", fix: "List assignments with `--include-definition true` (`$expandRegistrationDefinition=true`).";
    /// A subscription's delegations could not be read from Azure Resource Manager: it refused the
    /// token (401, 403), kept failing or throttling after bounded retries, answered too slowly,
    /// dropped the connection, or answered something that is not the REST API's JSON. The audit
    /// went on without it, so it is incomplete. The message says what happened.
    SubscriptionUnreadable = "LO1013", "subscription-unreadable", Error, "Azure Resource Manager REST API", fix: "Check the token's access to the subscription and try again.";
    /// A User Access Administrator authorization is deployed with other roles to assign to managed
    /// identities (`delegatedRoleDefinitionIds`) than the plan's: the principal may grant more, or
    /// less, than the plan says. Redeploy the delegation with the plan's roles.
    AssignableRolesDiffer = "LO1014", "assignable-roles-differ", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (delegatedRoleDefinitionIds), read 2026-12-03", fix: "Redeploy the delegation with the plan's `delegatedRoleDefinitionIds`.";
    /// A saved answer of Azure Resource Graph (`az graph query`, or the REST answer of
    /// `POST /providers/Microsoft.ResourceGraph/resources`) is not the whole answer: it still has
    /// a `$skipToken` (`skip_token`) for a next page, says `resultTruncated: "true"`, or holds
    /// fewer rows than its `totalRecords`. Resource Graph answers 1,000 rows at most at a time,
    /// and truncates without a token a query that has `take` or `limit`. The rows that are there
    /// are audited, but the audit is incomplete: the delegations of the missing rows are not seen.
    GraphAnswerIncomplete = "LO1015", "graph-answer-incomplete", Error, "Microsoft Learn: Azure Resource Graph, paging results (paging-results.md, ms.date 2026-02-06) and the REST API 2024-04-01 (QueryResponse), read 2026-12-06", fix: "Fetch every page (`az graph query --skip-token`, or `$skipToken`) with the query of `audit --print-query` and save them all, or use `audit --live`.";
    /// The input holds no delegation of the offer: no assignment or definition matches one of
    /// its plans or names the offer, so nothing was held against it. An audit that judged nothing
    /// is no pass: the file may be another tenant's or another offer's export, an empty list
    /// (`[]`), or the answers of a subscription that has not been onboarded. The message says
    /// what the input holds instead (other providers' delegations, or nothing at all). With
    /// `--deny-warnings` the audit fails.
    NoDelegationOfOffer = "LO1016", "no-delegation-of-offer", Warning, "this crate's rule (issue 27: an audit that judged nothing passed), read 2026-12-06", fix: "Audit the answers of subscriptions onboarded to this offer (`az managedservices assignment list --include-definition true`), or check that the offer document is the one they were deployed from.";
    /// Azure holds no marketplace registration definition for a plan's version
    /// (`publisher.offer.plan.version`): `GET …/marketplaceRegistrationDefinitions` filtered by
    /// that plan identifier answered 404 or an empty list, or the saved answers hold none for the
    /// plan. The version in the document was not published (yet): Partner Center's publication
    /// takes a while to go live, a private plan is seen only from its customers' subscriptions,
    /// or the document's version is not the one published. Nothing of the plan was verified.
    PlanNotPublished = "LO1017", "plan-not-published", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Publish the plan's version in Partner Center and wait until it is live, ask from a subscription of one of its customers (a private plan), or correct the document's version to the one published.";
    /// Azure publishes the plan in another version than the document's manifest. Customers are
    /// offered what Azure publishes, so the document is not what was published, or the
    /// publication of the new version is not live yet.
    PublishedVersionDiffers = "LO1018", "published-version-differs", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Publish the document's version, or set the manifest's version to the published one.";
    /// A permanent authorization differs between the published plan and the document: a
    /// principal and role that only one of them has, or other roles to assign to managed
    /// identities (`delegatedRoleDefinitionIds`). What Partner Center published is not what the
    /// document says: customers who buy the plan get Azure's.
    PublishedAuthorizationDiffers = "LO1019", "published-authorization-differs", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Publish the document's manifest as a new version, or bring the document in line with what is published.";
    /// An eligible authorization differs between the published plan and the document: one only
    /// one of them has, or another just-in-time access policy (multi-factor authentication,
    /// maximum activation duration, approvers).
    PublishedEligibleDiffers = "LO1020", "published-eligible-differs", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Publish the document's manifest as a new version, or bring the document in line with what is published.";
    /// A name differs between the published plan and the document: a principal's display name
    /// (`principalIdDisplayName`), the plan's title (`planDisplayName`) or the offer's name
    /// (`offerDisplayName`). Customers see Azure's names.
    PublishedNameDiffers = "LO1021", "published-name-differs", Warning, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Publish the document's names with the next version, or write the published names in the document.";
    /// The published plan delegates to another managing tenant (`managedByTenantId`) than the
    /// document's manifest: customers who buy it give access to that tenant.
    PublishedTenantDiffers = "LO1022", "published-tenant-differs", Error, "Azure REST API specification Microsoft.ManagedServices 2022-10-01 (MarketplaceRegistrationDefinitions_List, `$filter=planIdentifier eq 'publisher.offerIdentifier.planName.version'`, examples/GetMarketplaceRegistrationDefinitionsAtTenantScope.json), read 2026-12-06", fix: "Check which tenant Partner Center published the plan for, and correct the document or publish a new version.";

    // ---- LO11xx: Bicep files ----
    // A Bicep file is lowered to an ARM template and judged by the LO07xx rules (`bicep::check`);
    // these rules are what only the Bicep form has: what Bicep's compiler refuses, and what the
    // reader leaves to the deployment.
    /// The Bicep file is not well formed: a statement, expression or string that Bicep's parser
    /// refuses (an unterminated string, a missing `}` or `)`, a statement Bicep does not know).
    /// The message says what was expected; Bicep refuses the file before anything is deployed.
    BicepSyntax = "LO1100", "bicep-syntax", Error, "Azure/bicep, docs/grammar.md (snapshot 9beb0fee60, v0.46.1, read 2026-12-06); Bicep's parser errors in src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (same snapshot)", fix: "Correct the statement at the place named; `az bicep build` shows Bicep's own message.";
    /// A Bicep expression names a parameter, variable, resource, module or import that the file
    /// does not declare. Bicep refuses the file ("The name … does not exist in the current
    /// context.", BCP057). Declare it, or correct the name.
    UndefinedSymbol = "LO1101", "undefined-symbol", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP057, and BCP360 for an import of a symbol not exported", fix: "Declare the symbol (`param`, `var`, an `import` of an `@export()`ed one), or correct its name.";
    /// A Bicep file declares a registration definition but its `targetScope` is not
    /// `'subscription'` (a file without `targetScope` deploys to a resource group). Bicep accepts
    /// it, since the types of `Microsoft.ManagedServices` allow every scope, but the resource
    /// provider refuses a definition outside a subscription deployment
    /// (`InvalidRegistrationDefinitionUri`). Add `targetScope = 'subscription'`, and deploy the
    /// assignments to resource groups through modules.
    MissingTargetScope = "LO1102", "missing-target-scope", Error, "this crate's rule, since Bicep raises none (the types of Microsoft.ManagedServices in Azure/bicep-types-az allow every scope, read 2026-12-06): Microsoft Learn: Onboard a customer to Azure Lighthouse (learn.microsoft.com/azure/lighthouse/how-to/onboard-customer, version of 2025-09-22), the template is deployed to the subscription; the provider's error InvalidRegistrationDefinitionUri as quoted in Azure/Azure-Lighthouse-samples issue 31 (2019-09-16)", fix: "Write `targetScope = 'subscription'` at the top of the file.";
    /// A module or an `import` names a local file that cannot be read: it is not there, or it
    /// is not Bicep. Bicep refuses the file ("File path … could not be resolved", BCP093;
    /// "An error occurred reading file", BCP091). A module from a registry (`br:`, `br/public:`)
    /// or a template spec (`ts:`) is not local: its values are unknown, and it gets a note of
    /// `bicep-construct-unsupported` instead.
    BicepFileNotFound = "LO1103", "bicep-file-not-found", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP091, BCP093", fix: "Give the module's or import's file beside the Bicep file, at the relative path written.";
    /// A Bicep construct that the reader does not evaluate: a lambda, a user-defined function,
    /// an `extension`, a module from a registry, a loop inside a loop that uses the outer
    /// item… Its value is unknown, so what depends on it is not checked; everything else is.
    /// Nothing is wrong with the file for that.
    BicepConstructUnsupported = "LO1104", "bicep-construct-unsupported", Note, "this crate's reader of Bicep (the subset that delegations use); Azure/bicep docs/grammar.md (snapshot 9beb0fee60, v0.46.1, read 2026-12-06) for the constructs", fix: "Nothing to fix: the value is checked when Bicep builds the file and Azure deploys it (or check the ARM JSON that `az bicep build` writes).";
    /// A `.bicepparam` file assigns a parameter that the Bicep file it is `using` does not
    /// declare. Bicep refuses it ("The parameter … is assigned in the params file without being
    /// declared in the Bicep file.", BCP259).
    UndeclaredParameter = "LO1105", "undeclared-parameter", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP259", fix: "Remove the assignment, or declare the parameter in the Bicep file.";
    /// A `.bicepparam` file gives no value to a parameter that the Bicep file it is `using`
    /// declares without a default value. Bicep refuses it (BCP258: the parameters declared in
    /// the Bicep file that are missing an assignment in the params file), at the `using`
    /// declaration. Without a `.bicepparam`, the value is the deployment's
    /// (`parameter-without-value`, a note).
    MissingParameterValue = "LO1106", "missing-parameter-value", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP258", fix: "Give the parameter a value in the `.bicepparam` file (`param NAME = …`), or a default value in the Bicep file.";
    /// A module is deployed to a scope that its file's `targetScope` does not permit: the
    /// `scope:` written on the module, or, without one, the calling file's own scope (a
    /// resource group module called from a subscription file without `scope:`). Bicep refuses
    /// it (BCP134).
    ModuleScopeNotPermitted = "LO1107", "module-scope-not-permitted", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP134", fix: "Give the module a `scope:` of its file's `targetScope` (`scope: resourceGroup(name)` for a resource group module).";
    /// A resource (not `existing`) has a `scope:` of another kind than its file's
    /// `targetScope` — a resource group's in a subscription file, for example. Bicep deploys
    /// a resource to another scope only through a module, and refuses it (BCP139). A
    /// registration assignment for a resource group goes in a module deployed with
    /// `scope: resourceGroup(name)`.
    ResourceScopeNeedsModule = "LO1108", "resource-scope-needs-module", Error, "Azure/bicep, src/Bicep.Core/Diagnostics/DiagnosticBuilder.cs (snapshot 9beb0fee60, v0.46.1, read 2026-12-06): BCP139", fix: "Move the resource into a module whose `targetScope` is that scope, and give the module the `scope:`.";

    // ---- LO12xx: Terraform ----
    // A Terraform module or plan is turned into the ARM template the resource provider receives
    // and judged by the LO07xx rules (`terraform::check`); these rules are what only the
    // Terraform form has: what Terraform itself refuses, and values it knows only at apply.
    /// The `.tf` or `.tfvars` file is not well formed HCL: Terraform refuses it before it plans
    /// anything. The message says what the parser expected at the place shown.
    TerraformSyntax = "LO1200", "terraform-syntax", Error, "Terraform docs: Syntax of the configuration language (developer.hashicorp.com/terraform/language/syntax/configuration, today's page, read 2026-12-06); the HCL native syntax as read by hcl-edit 0.10", fix: "Correct the HCL at the place shown; `terraform validate` shows Terraform's own message.";
    /// An expression names `var.x`, but the module has no `variable "x"` block. Terraform
    /// refuses the configuration ("Reference to undeclared input variable"); so does a module
    /// call that passes an argument the called module does not declare.
    UndeclaredVariable = "LO1201", "undeclared-variable", Error, "Terraform docs: Input Variables (developer.hashicorp.com/terraform/language/values/variables, today's page, read 2026-12-06); hashicorp/terraform internal/terraform/evaluate.go (snapshot 883c7221ee, read 2026-12-06): \"Reference to undeclared input variable\"", fix: "Declare the variable with a `variable \"NAME\" {}` block, or correct its name.";
    /// A `.tfvars` file (or `--var-file`) gives a value for a variable the root module does not
    /// declare. Terraform warns ("Value for undeclared variable") and ignores the value, so the
    /// value meant for the delegation is not the one deployed.
    UndeclaredVariableValue = "LO1202", "undeclared-variable-value", Warning, "Terraform docs: Input Variables, Variable Definitions (.tfvars) Files (developer.hashicorp.com/terraform/language/values/variables, today's page, read 2026-12-06); hashicorp/terraform internal/backend/backendrun/unparsed_value.go (snapshot 883c7221ee, read 2026-12-06)", fix: "Declare the variable in the root module, or remove the value (a typo in its name is the usual cause).";
    /// An expression that Terraform refuses when it plans: an attribute or key that is not
    /// there, a value of the wrong type for an operator or function, an index outside a list,
    /// a local value that depends on itself. The message says which.
    TerraformInvalidExpression = "LO1203", "terraform-invalid-expression", Error, "Terraform docs: Expressions and Functions (developer.hashicorp.com/terraform/language/expressions, developer.hashicorp.com/terraform/language/functions, today's pages, read 2026-12-06)", fix: "Correct the expression at the place shown; `terraform plan` shows Terraform's own message.";
    /// A value of the delegation that is known only at apply or from outside the files: a
    /// variable without default nor value, a data source other than a built-in role, a
    /// resource's attribute, a module from a registry, a function the checker does not
    /// evaluate. What depends on it is not judged (no false verdict); everything else is.
    TerraformValueUnknown = "LO1204", "terraform-value-unknown", Note, "Terraform docs: terraform plan, and the JSON output format (`after_unknown`) (developer.hashicorp.com/terraform/cli/commands/plan, developer.hashicorp.com/terraform/internals/json-format, today's pages, read 2026-12-06)", fix: "Nothing to fix: give the value (a `.tfvars` file, `--var-file`) to have it judged, or check the plan: `terraform show -json PLAN > plan.json`.";
    /// A `module` block's `source` names a local folder (`./…`, `../…`) that has no `.tf`
    /// file the checker could read. Terraform refuses it at `terraform init`.
    TerraformModuleNotFound = "LO1205", "terraform-module-not-found", Error, "Terraform docs: Module Sources, Local Paths (developer.hashicorp.com/terraform/language/modules/sources, today's page, read 2026-12-06)", fix: "Give the module's folder at the path written (relative to the calling module's folder).";
    /// An expression names a local value, resource, data source, module call or output that
    /// the module does not declare, or `each`/`count` outside a block that has them.
    /// Terraform refuses the configuration.
    UndeclaredReference = "LO1206", "undeclared-reference", Error, "Terraform docs: References to Named Values (developer.hashicorp.com/terraform/language/expressions/references, today's page, read 2026-12-06)", fix: "Declare what is named, or correct the name.";
    /// A resource of the delegation lacks an argument or block the provider requires
    /// (`name`, `managing_tenant_id`, `scope`, an `authorization` block, an approver's
    /// `principal_id`…, or `for_each`/`content` of a dynamic block). Terraform refuses it at
    /// plan.
    TerraformMissingArgument = "LO1207", "terraform-missing-argument", Error, "hashicorp/terraform-provider-azurerm, website/docs/r/lighthouse_definition.html.markdown and lighthouse_assignment.html.markdown (v5.2.0, 2026-08-21, read 2026-12-06); Terraform docs: dynamic Blocks (developer.hashicorp.com/terraform/language/expressions/dynamic-blocks, read 2026-12-06)", fix: "Write the argument or block named in the message.";
    /// A value the azurerm provider's own validation refuses before anything reaches Azure: a
    /// definition's `scope` that is not a subscription's ID (`/subscriptions/GUID`), an empty
    /// `principal_display_name`.
    TerraformProviderValidation = "LO1208", "terraform-provider-validation", Error, "hashicorp/terraform-provider-azurerm, internal/services/lighthouse/lighthouse_definition_resource.go (v5.2.0, 2026-08-21, read 2026-12-06): `ValidateSubscriptionID`, `StringIsNotEmpty`", fix: "Give the definition's scope as `/subscriptions/GUID` (for example `data.azurerm_subscription.current.id`), and leave out an empty display name.";
    /// The JSON file has `format_version` but is not a plan of `terraform show -json` the
    /// checker reads: another major version, or `planned_values`/`resource_changes` of the
    /// wrong shape.
    TerraformPlanUnreadable = "LO1209", "terraform-plan-unreadable", Error, "Terraform docs: JSON Output Format (developer.hashicorp.com/terraform/internals/json-format, today's page, read 2026-12-06): format_version 1.x, planned_values, resource_changes", fix: "Give the output of `terraform show -json PLANFILE` of Terraform 1.x, unchanged.";
    /// A `.tf.json` file of a module: Terraform's JSON configuration syntax, which Terraform
    /// reads as it reads `.tf` files but the checker does not. What it declares (resources,
    /// variables, locals) is not judged, and a name it declares is unknown, never an error.
    TerraformJsonNotRead = "LO1210", "terraform-json-not-read", Note, "Terraform docs: JSON Configuration Syntax (developer.hashicorp.com/terraform/language/syntax/json, today's page, read 2026-12-06): files named `.tf.json` are read with the `.tf` files of a module", fix: "Write the delegation's resources and variables in `.tf` files to have them judged here, or check the plan: `terraform show -json PLAN > plan.json`.";
}

impl Rule {
    /// Whether the rule compares two versions of an offer (the `LO08xx` changes of an update)
    /// rather than judging one document: checking an offer document never finds it, so an offer
    /// cannot acknowledge it. [`Rule::change_class`](crate::Rule::change_class) says how each such
    /// change is classed.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    ///
    /// assert!(Rule::PlanRemoved.compares_versions());
    /// assert!(!Rule::MissingDeleteRole.compares_versions());
    /// ```
    #[must_use]
    pub const fn compares_versions(self) -> bool {
        let code = self.code().as_bytes();
        code.len() == 6 && code[2] == b'0' && code[3] == b'8'
    }

    /// Whether the rule is one of Terraform's (`LO12xx`: a module or a plan) rather than of an
    /// offer document: checking an offer document never finds it, so an offer cannot
    /// acknowledge it.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    ///
    /// assert!(Rule::UndeclaredVariableValue.is_terraform_rule());
    /// assert!(!Rule::MissingDeleteRole.is_terraform_rule());
    /// ```
    #[must_use]
    pub const fn is_terraform_rule(self) -> bool {
        let code = self.code().as_bytes();
        code.len() == 6 && code[2] == b'1' && code[3] == b'2'
    }

    /// Whether the rule judges what is deployed in Azure (the `LO10xx` audit of delegations)
    /// rather than a document: checking an offer document never finds it, so an offer cannot
    /// acknowledge it.
    ///
    /// ```
    /// use lighthouse_offer::Rule;
    ///
    /// assert!(Rule::PlanVersionBehind.judges_deployed());
    /// assert!(!Rule::MissingDeleteRole.judges_deployed());
    /// ```
    #[must_use]
    pub const fn judges_deployed(self) -> bool {
        matches!(
            self,
            Rule::InvalidResourceId
                | Rule::AuthorizationNotInPlan
                | Rule::AuthorizationMissing
                | Rule::EligibleAuthorizationNotInPlan
                | Rule::EligibleAuthorizationMissing
                | Rule::JustInTimePolicyDiffers
                | Rule::RoleNoLongerSupported
                | Rule::ForeignManagingTenant
                | Rule::PlanVersionBehind
                | Rule::PlanVersionAhead
                | Rule::UnmatchedDelegation
                | Rule::DisplayNameDiffers
                | Rule::DefinitionNotExpanded
                | Rule::SubscriptionUnreadable
                | Rule::AssignableRolesDiffer
                | Rule::GraphAnswerIncomplete
                | Rule::NoDelegationOfOffer
                | Rule::PlanNotPublished
                | Rule::PublishedVersionDiffers
                | Rule::PublishedAuthorizationDiffers
                | Rule::PublishedEligibleDiffers
                | Rule::PublishedNameDiffers
                | Rule::PublishedTenantDiffers
        )
    }
}
