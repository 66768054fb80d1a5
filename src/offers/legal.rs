//! The legal section: the privacy policy, and the contract customers accept.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::document::decode::{At, Cx, Decode, Optional, deserialize_via_decode};
use crate::report::diagnostic::Report;
use crate::report::rules::Rule;
use crate::values::text::text_type;
use crate::values::web::HttpsUrl;

text_type! {
    /// The publisher's own terms of use, which customers accept before they use the offer: 1 to
    /// 10,000 characters. For longer terms, write a single URL where they can be found; Partner
    /// Center shows it as a link (Microsoft Learn: commercial marketplace standard contract,
    /// "Terms and conditions", 2020).
    ///
    /// ```
    /// use lighthouse_offer::legal::TermsOfUse;
    ///
    /// assert!(TermsOfUse::new("https://contoso.com/terms").is_ok());
    /// assert!(TermsOfUse::new("x".repeat(10_001)).is_err());
    /// ```
    TermsOfUse, "terms of use", chars 1..=10000,
    allowed: None
}

/// Which contract customers accept: the Microsoft Standard Contract for the commercial
/// marketplace, **or** the publisher's own terms of use. It is one or the other: an offer
/// published under the Standard Contract cannot use its own terms (Microsoft Learn: commercial
/// marketplace standard contract, 2020). Standard Contract amendments are not modeled.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Contract {
    /// The Microsoft Standard Contract (`"useStandardContract": true`, no `termsOfUse`).
    StandardContract,
    /// The publisher's own terms (`"useStandardContract": false` or left out, and `termsOfUse`).
    TermsOfUse(TermsOfUse),
}

/// The offer's legal information (seed documents, 2020: "privacy policy URL and terms of use in
/// the Legal section; whether the standard contract is used").
///
/// Rules:
/// - `privacyPolicyUrl`: an https URL ([`HttpsUrl`]; "a link (starting with https)", Microsoft
///   Learn, 2022);
/// - `useStandardContract` (`false` when left out) and `termsOfUse` exclude each other:
///   `missing-terms-of-use` when neither is given, `terms-with-standard-contract` when both are.
///   The decision follows Microsoft's "it's an *or* scenario": terms written next to the
///   Standard Contract would be neither shown nor accepted, so they are an error rather than
///   silently ignored.
///
/// The type makes the rule hold by construction: a [`Contract`] is one or the other.
///
/// ```
/// use lighthouse_offer::HttpsUrl;
/// use lighthouse_offer::legal::{Contract, Legal};
///
/// let legal = Legal::new(HttpsUrl::new("https://contoso.com/privacy")?, Contract::StandardContract);
/// assert_eq!(
///     serde_json::to_string(&legal)?,
///     r#"{"privacyPolicyUrl":"https://contoso.com/privacy","useStandardContract":true}"#
/// );
/// let both = r#"{ "privacyPolicyUrl": "https://contoso.com/privacy",
///                 "useStandardContract": true, "termsOfUse": "Our terms" }"#;
/// let report = Legal::from_json_str(both).unwrap_err();
/// assert_eq!(report.diagnostics()[0].name(), "terms-with-standard-contract");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Legal {
    privacy_policy_url: HttpsUrl,
    contract: Contract,
}

impl Legal {
    /// The legal section.
    #[must_use]
    pub fn new(privacy_policy_url: HttpsUrl, contract: Contract) -> Self {
        Legal {
            privacy_policy_url,
            contract,
        }
    }

    /// The privacy policy's URL.
    #[must_use]
    pub fn privacy_policy_url(&self) -> &HttpsUrl {
        &self.privacy_policy_url
    }

    /// The contract customers accept.
    #[must_use]
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// Whether customers accept the Microsoft Standard Contract.
    #[must_use]
    pub fn uses_standard_contract(&self) -> bool {
        matches!(self.contract, Contract::StandardContract)
    }

    /// The publisher's own terms of use, when the Standard Contract is not used.
    #[must_use]
    pub fn terms_of_use(&self) -> Option<&TermsOfUse> {
        match &self.contract {
            Contract::StandardContract => None,
            Contract::TermsOfUse(terms) => Some(terms),
        }
    }

    /// Reads the section from a JSON document (the form of an offer's `legal`).
    ///
    /// # Errors
    /// A [`Report`] with every problem of the document, each at its JSON Pointer.
    pub fn from_json_str(text: &str) -> Result<Legal, Report> {
        crate::document::decode::read_document(text, |_: &Legal| Vec::new()).map(|checked| {
            let (legal, _) = checked.into_parts();
            legal
        })
    }
}

impl Serialize for Legal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let terms = self.terms_of_use();
        let mut s = serializer.serialize_struct("Legal", 2)?;
        s.serialize_field("privacyPolicyUrl", &self.privacy_policy_url)?;
        // `false` is the default, and edition 2026 has no Standard Contract: written only when
        // chosen.
        match terms {
            None => s.serialize_field("useStandardContract", &true)?,
            Some(terms) => s.serialize_field("termsOfUse", terms)?,
        }
        s.end()
    }
}

impl JsonSchema for Legal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Legal".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut url = generator.subschema_for::<HttpsUrl>();
        url.insert(
            "description".into(),
            "The address of the offer's privacy policy, an https URL.".into(),
        );
        let mut terms = generator.subschema_for::<TermsOfUse>();
        terms.insert(
            "description".into(),
            "The publisher's own terms of use, 1 to 10,000 characters (or a URL to longer terms): required unless `useStandardContract` is true, and not allowed with it.".into(),
        );
        // `if`/`then`/`else` carry the rule that the Standard Contract and the publisher's own
        // terms exclude each other.
        schemars::json_schema!({
            "type": "object",
            "description": "The offer's legal information: the privacy policy, and either the Microsoft Standard Contract or the publisher's own terms of use.",
            "properties": {
                "privacyPolicyUrl": url,
                "useStandardContract": {
                    "type": "boolean",
                    "default": false,
                    "description": "Whether customers accept the Microsoft Standard Contract instead of the publisher's own terms; false when left out.",
                },
                "termsOfUse": terms,
            },
            "required": ["privacyPolicyUrl"],
            "additionalProperties": false,
            "if": {
                "properties": { "useStandardContract": { "const": true } },
                "required": ["useStandardContract"],
            },
            "then": { "not": { "required": ["termsOfUse"] } },
            "else": { "required": ["termsOfUse"] },
        })
    }
}

impl Decode for Legal {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let privacy_policy_url = obj.required("privacyPolicyUrl", cx);
        let standard = obj.optional::<bool>("useStandardContract", cx).or(false);
        let terms = obj.optional::<TermsOfUse>("termsOfUse", cx);
        obj.finish(cx);
        let contract = match (standard?, terms) {
            (true, Optional::Absent) => Contract::StandardContract,
            (true, Optional::Present(_) | Optional::Invalid) => {
                cx.error(
                    Rule::TermsWithStandardContract,
                    at.key("termsOfUse"),
                    "the offer uses the Standard Contract, so it cannot have its own terms of use; remove `termsOfUse` or set `useStandardContract` to false",
                );
                return None;
            }
            (false, Optional::Present(terms)) => Contract::TermsOfUse(terms),
            (false, Optional::Absent) => {
                cx.error(
                    Rule::MissingTermsOfUse,
                    at,
                    "missing `termsOfUse`: without the Standard Contract (`useStandardContract`: true) the offer needs its own terms of use",
                );
                return None;
            }
            (false, Optional::Invalid) => return None,
        };
        Some(Legal {
            privacy_policy_url: privacy_policy_url?,
            contract,
        })
    }
}

deserialize_via_decode!(Legal);
