//! The support section: whom Microsoft contacts about the offer, and where customers find help.

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report};
use crate::values::text::text_type;
use crate::values::web::{EmailAddress, HttpsUrl, PhoneNumber, list_problems};

text_type! {
    /// The name of a contact person: required, one line, with no white space at either end
    /// (Partner Center: contact information, seed documents, 2020). Partner Center publishes no
    /// maximum, so there is none.
    ///
    /// ```
    /// use lighthouse_offer::support::ContactName;
    ///
    /// assert!(ContactName::new("Avery Howard").is_ok());
    /// assert!(ContactName::new("Avery Howard ").is_err());
    /// ```
    ContactName, "contact name", chars 1.., one line
}

/// A person Microsoft can reach about the offer: name, email and phone, all required (seed
/// documents, 2020). Not shown to customers; Microsoft may give it to Cloud Solution Provider
/// partners (Microsoft Learn, 2022).
///
/// Written `{ "name": "…", "email": "…", "phone": "…" }`.
///
/// ```
/// use lighthouse_offer::support::{Contact, ContactName};
/// use lighthouse_offer::values::{EmailAddress, PhoneNumber};
///
/// let contact = Contact::new(
///     ContactName::new("Avery Howard")?,
///     EmailAddress::new("avery@contoso.com")?,
///     PhoneNumber::new("+1 (425) 555-0100")?,
/// );
/// assert_eq!(contact.email().as_str(), "avery@contoso.com");
/// assert!(EmailAddress::new("avery@contoso").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Contact {
    /// The person's name.
    name: ContactName,
    /// The person's email address.
    email: EmailAddress,
    /// The person's phone number.
    phone: PhoneNumber,
}

impl Contact {
    /// A contact.
    #[must_use]
    pub fn new(name: ContactName, email: EmailAddress, phone: PhoneNumber) -> Self {
        Contact { name, email, phone }
    }

    /// The name.
    #[must_use]
    pub fn name(&self) -> &ContactName {
        &self.name
    }

    /// The email address.
    #[must_use]
    pub fn email(&self) -> &EmailAddress {
        &self.email
    }

    /// The phone number.
    #[must_use]
    pub fn phone(&self) -> &PhoneNumber {
        &self.phone
    }
}

impl Decode for Contact {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let name = obj.required("name", cx);
        let email = obj.required("email", cx);
        let phone = obj.required("phone", cx);
        obj.finish(cx);
        Some(Contact {
            name: name?,
            email: email?,
            phone: phone?,
        })
    }
}

/// The offer's support information (seed documents, 2020: "the name, email address and phone
/// number of an engineering contact and of a customer support contact; you must also provide
/// support URLs").
///
/// Rules:
/// - an engineering contact and a support contact ([`Contact`]);
/// - 0 to 2 support URLs, all different, each an https URL: Partner Center has one for Azure
///   Global customers and one for Azure Government customers, both optional (Microsoft Learn,
///   *Plan a Managed Service offer*, 2020-12-23: "Support URLs (optional)"), hence at most two.
///   The seed documents' Cloud Partner Portal required at least one: edition 2020 checks that
///   ([`EditionRules::support_urls_min`](crate::edition::EditionRules::support_urls_min)).
///
/// Written `{ "engineeringContact": {…}, "supportContact": {…}, "supportUrls": ["https://…"] }`.
///
/// ```
/// use lighthouse_offer::HttpsUrl;
/// use lighthouse_offer::support::{Contact, ContactName, Support};
/// use lighthouse_offer::values::{EmailAddress, PhoneNumber};
///
/// let contact = Contact::new(
///     ContactName::new("Avery Howard")?,
///     EmailAddress::new("avery@contoso.com")?,
///     PhoneNumber::new("+1 425 555 0100")?,
/// );
/// let url = HttpsUrl::new("https://contoso.com/support")?;
/// let support = Support::new(contact.clone(), contact.clone(), vec![url.clone()])?;
/// assert_eq!(support.support_urls().len(), 1);
///
/// // Without support URLs: valid for the section (edition 2020 requires one for the offer).
/// assert!(Support::new(contact.clone(), contact.clone(), vec![]).is_ok());
/// let twice = vec![url.clone(), url];
/// let report = Support::new(contact.clone(), contact, twice).unwrap_err();
/// assert_eq!(report.diagnostics()[0].path().as_str(), "/supportUrls/1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Support {
    /// Whom Microsoft contacts with technical questions.
    engineering_contact: Contact,
    /// Whom Microsoft contacts with support questions.
    support_contact: Contact,
    /// Where customers find support: up to two https URLs (Azure Global, Azure Government).
    /// Optional in edition 2026; edition 2020 requires at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(
        length(min = Self::MIN_SUPPORT_URLS, max = Self::MAX_SUPPORT_URLS),
        extend("uniqueItems" = true)
    )]
    support_urls: Vec<HttpsUrl>,
}

impl Support {
    /// The fewest support URLs any edition accepts: 0 (edition 2020 asks for one, see
    /// [`EditionRules::support_urls_min`](crate::edition::EditionRules::support_urls_min)).
    pub const MIN_SUPPORT_URLS: u32 = 0;

    /// The most support URLs: 2, one for Azure Global and one for Azure Government customers.
    pub const MAX_SUPPORT_URLS: u32 = 2;

    /// The support section.
    ///
    /// # Errors
    /// A [`Report`] with `too-many-items` when there are more than 2 support URLs, and
    /// `duplicate-item` for each URL listed twice, at `/supportUrls…`.
    pub fn new(
        engineering_contact: Contact,
        support_contact: Contact,
        support_urls: Vec<HttpsUrl>,
    ) -> Result<Support, Report> {
        let at = JsonPointer::root().key("supportUrls");
        let problems: Vec<Diagnostic> = Self::url_problems(&support_urls)
            .into_iter()
            .map(|d| d.under(&at))
            .collect();
        if problems.is_empty() {
            Ok(Support {
                engineering_contact,
                support_contact,
                support_urls,
            })
        } else {
            Err(Report::new(problems))
        }
    }

    fn url_problems(urls: &[HttpsUrl]) -> Vec<Diagnostic> {
        list_problems(
            urls,
            Self::MIN_SUPPORT_URLS as usize,
            Some(Self::MAX_SUPPORT_URLS as usize),
            "support URL",
        )
    }

    /// The engineering contact.
    #[must_use]
    pub fn engineering_contact(&self) -> &Contact {
        &self.engineering_contact
    }

    /// The customer support contact.
    #[must_use]
    pub fn support_contact(&self) -> &Contact {
        &self.support_contact
    }

    /// The support URLs.
    #[must_use]
    pub fn support_urls(&self) -> &[HttpsUrl] {
        &self.support_urls
    }

    /// Reads the section from a JSON document (the form of an offer's `support`).
    ///
    /// # Errors
    /// A [`Report`] with every problem of the document, each at its JSON Pointer.
    pub fn from_json_str(text: &str) -> Result<Support, Report> {
        crate::document::decode::read_document(text, |_: &Support| Vec::new()).map(|checked| {
            let (support, _) = checked.into_parts();
            support
        })
    }
}

impl Decode for Support {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let engineering_contact = obj.required("engineeringContact", cx);
        let support_contact = obj.required("supportContact", cx);
        let support_urls: Option<Vec<HttpsUrl>> = obj.optional("supportUrls", cx).or(Vec::new());
        obj.finish(cx);
        let support_urls = support_urls?;
        let problems = Self::url_problems(&support_urls);
        let valid = problems.is_empty();
        cx.report_under(at.key("supportUrls"), problems);
        valid.then_some(Support {
            engineering_contact: engineering_contact?,
            support_contact: support_contact?,
            support_urls,
        })
    }
}

deserialize_via_decode!(Support, Contact);
