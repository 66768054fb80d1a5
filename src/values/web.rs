//! Web values: https URLs, email addresses and phone numbers, as the listing, legal, lead
//! management and support sections use them.
//!
//! Each type keeps the text as the document wrote it (after checking it), prints and serializes
//! as that text, and reads through the same constructor in every path: `new`, `FromStr`,
//! `TryFrom`, serde and the document reader.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use garde::Validate;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The first 60 characters of a text, for messages.
fn shortened(text: &str) -> String {
    text.chars().take(60).collect()
}

// ---- HttpsUrl ----

/// A URL as messages may show it: anything between the scheme's `:` and an `@` before the path
/// (a user name or password, with or without the slashes: `https:user:pw@host` carries them
/// too) is replaced with `***`, then the text is shortened to 60 characters.
fn shown_url(text: &str) -> String {
    let Some(colon) = text.find(':') else {
        return shortened(text);
    };
    let rest = &text[colon + 1..];
    let slashes = rest.len() - rest.trim_start_matches(['/', '\\']).len();
    let authority = &rest[slashes..];
    let authority_end = authority
        .find(['/', '\\', '?', '#'])
        .unwrap_or(authority.len());
    match authority[..authority_end].rfind('@') {
        Some(at) => shortened(&format!(
            "{}***{}",
            &text[..=colon + slashes],
            &authority[at..]
        )),
        None => shortened(text),
    }
}

/// The pattern of an [`HttpsUrl`] in the JSON Schema, in a syntax that Rust's `regex` and
/// ECMA-262 read alike: the scheme `https` in any case and `:` (slashes and backslashes after it
/// are optional, as the URL standard reads them), an authority without a user name or password
/// (an empty `@` or `:@` is allowed: it names nobody), and no white space or control character
/// anywhere (the class is exactly Rust's `char::is_whitespace` or `char::is_control`). It never
/// refuses a URL that [`HttpsUrl::new`] accepts; the full check (the host's syntax, the port) is
/// the constructor's.
pub const HTTPS_URL_PATTERN: &str = concat!(
    r"^[Hh][Tt][Tt][Pp][Ss]:[/\\]*(:?@)?",
    r"[^/\\?#@\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+",
    r"([/\\?#][^\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*)?$"
);

/// An absolute `https` URL with a host, such as a privacy policy or support page.
///
/// Rules: the scheme is `https` (Partner Center asks for links "starting with https":
/// Microsoft Learn, *Configure Managed Service offer listing details*, 2022); the URL has a host;
/// it carries no user name or password (`https://user:pass@host` would publish a credential,
/// and browsers warn about it); it has no white space or control characters, which the URL
/// standard would otherwise drop or encode silently. `http:`, `javascript:`, `mailto:` and
/// relative URLs are rejected: the `url` crate parses all of them, so the scheme is checked
/// here.
///
/// The type keeps the **text as written**, so a document reads back unchanged; [`HttpsUrl::as_url`]
/// gives the parsed form, normalized by the URL standard (`https://Contoso.com` has the host
/// `contoso.com` and the path `/`). Two URLs are equal when their normalized forms are equal.
///
/// ```
/// use lighthouse_offer::HttpsUrl;
///
/// let url = HttpsUrl::new("https://contoso.com/privacy")?;
/// assert_eq!(url.as_str(), "https://contoso.com/privacy");
/// assert!(HttpsUrl::new("http://contoso.com/privacy").is_err());
/// # Ok::<(), lighthouse_offer::values::UrlError>(())
/// ```
#[derive(Clone)]
pub struct HttpsUrl {
    text: String,
    url: url::Url,
}

/// A text that is not an absolute https URL with a host and without credentials.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// Not a URL at all, or a relative one. A user name or password in the text is shown as
    /// `***`.
    #[error(
        "expected an absolute https URL such as https://contoso.com/support, found {found:?} ({reason})"
    )]
    Invalid {
        /// The text, shortened to 60 characters.
        found: String,
        /// Why the text is not a URL, in words.
        reason: String,
    },
    /// A URL with another scheme than `https`.
    #[error("expected an https URL, found a URL with the scheme {scheme:?}")]
    NotHttps {
        /// The scheme found, such as `http` or `javascript`.
        scheme: String,
    },
    /// A URL with a user name or password. The message never shows them.
    #[error(
        "an https URL may not contain a user name or password (the part before `@`); the URL is not shown here because it holds a credential"
    )]
    Credentials,
    /// A URL with white space or control characters. A user name or password in the text is
    /// shown as `***`.
    #[error("an https URL may not contain white space or control characters, found {found:?}")]
    WhiteSpace {
        /// The text, shortened to 60 characters.
        found: String,
    },
}

impl Violation for UrlError {
    fn rule(&self) -> Rule {
        Rule::InvalidUrl
    }
}

impl HttpsUrl {
    /// Checks and wraps an https URL.
    ///
    /// # Errors
    /// A [`UrlError`] when the text is not a URL, is relative, has another scheme than `https`,
    /// has a user name or password, or has white space or control characters.
    pub fn new(text: impl Into<String>) -> Result<Self, UrlError> {
        let text = text.into();
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(UrlError::WhiteSpace {
                found: shown_url(&text),
            });
        }
        let url = url::Url::parse(&text).map_err(|e| UrlError::Invalid {
            found: shown_url(&text),
            reason: e.to_string(),
        })?;
        // Checked before the scheme: the message of a scheme error must not lead anyone to
        // retype a credential.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlError::Credentials);
        }
        if url.scheme() != "https" {
            return Err(UrlError::NotHttps {
                scheme: url.scheme().to_owned(),
            });
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(UrlError::Invalid {
                found: shown_url(&text),
                reason: "no host".into(),
            });
        }
        Ok(HttpsUrl { text, url })
    }

    /// The URL as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The parsed URL, normalized by the URL standard.
    #[must_use]
    pub fn as_url(&self) -> &url::Url {
        &self.url
    }

    /// The host, normalized (lowercase, IDNA): `contoso.com`.
    #[must_use]
    pub fn host(&self) -> &str {
        // An HttpsUrl always has a host: `new` checks it.
        self.url.host_str().unwrap_or_default()
    }
}

impl PartialEq for HttpsUrl {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url
    }
}

impl Eq for HttpsUrl {}

impl Hash for HttpsUrl {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.url.hash(state);
    }
}

crate::values::text::text_conversions!(HttpsUrl, UrlError);

impl Serialize for HttpsUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl JsonSchema for HttpsUrl {
    fn schema_name() -> Cow<'static, str> {
        "HttpsUrl".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": HTTPS_URL_PATTERN,
            "patternErrorMessage": "expected an absolute https URL without a user name, password or white space, such as https://contoso.com/support",
            "description": "An absolute https URL with a host and without a user name or password.",
            "examples": ["https://contoso.com/support"],
        })
    }
}

// ---- EmailAddress ----

/// The pattern of an [`EmailAddress`] in the JSON Schema: a looser first check (something, `@`,
/// a domain of at least two labels without `@`). The part before the last `@` may hold another
/// `@` (in quotes, `"a@b"@contoso.com` is an address). The constructor's check is the full one.
pub const EMAIL_PATTERN: &str = "^[^\\n]+@[^@.]+(\\.[^@.]+)+$";

/// An email address of a person or mailbox at the provider, such as a support contact or a
/// recipient of lead notifications.
///
/// Checked with the `email_address` crate (RFC 5322 `addr-spec`, without display names or
/// `<…>` brackets, without domain literals such as `a@[127.0.0.1]`), which rejects forms that
/// looser checks accept, such as `a..b@contoso.com`. In addition, the domain must have at least
/// two labels (`contoso.com`): an address such as `a@localhost` is valid in RFC 5322 but cannot
/// receive mail from Microsoft, so Partner Center's contacts and notifications would never
/// arrive. Non-ASCII addresses (`josé@contoso.com`) are accepted. The text is kept as written.
///
/// Two addresses are equal when they are equal ignoring ASCII case: mail systems treat
/// `Leads@Contoso.com` and `leads@contoso.com` as one mailbox.
///
/// ```
/// use lighthouse_offer::values::EmailAddress;
///
/// assert!(EmailAddress::new("name+tag@contoso.co.uk").is_ok());
/// assert!(EmailAddress::new("a@localhost").is_err());
/// ```
#[derive(Clone)]
pub struct EmailAddress(String);

/// A text that is not an email address with a domain of two or more labels.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected an email address such as support@contoso.com, found {found:?} ({reason})")]
pub struct EmailError {
    found: String,
    reason: &'static str,
}

impl Violation for EmailError {
    fn rule(&self) -> Rule {
        Rule::InvalidEmail
    }
}

impl EmailAddress {
    /// Checks and wraps an email address.
    ///
    /// # Errors
    /// An [`EmailError`] that says what is wrong: no `@`, an invalid character, an empty or
    /// too long part, a domain without a dot, a display name or a domain literal.
    pub fn new(text: impl Into<String>) -> Result<Self, EmailError> {
        use email_address::{Error as E, Options};
        let text = text.into();
        let options = Options::default()
            .with_required_tld()
            .without_domain_literal()
            .without_display_text();
        match email_address::EmailAddress::parse_with_options(&text, options) {
            Ok(_) => Ok(EmailAddress(text)),
            Err(e) => {
                let reason = match e {
                    E::MissingSeparator => "no `@`",
                    E::LocalPartEmpty => "nothing before `@`",
                    E::LocalPartTooLong => "more than 64 characters before `@`",
                    E::DomainEmpty => "nothing after `@`",
                    E::DomainTooLong => "a domain of more than 254 characters",
                    E::SubDomainEmpty | E::DomainInvalidSeparator => "an empty label in the domain",
                    E::SubDomainTooLong => "a domain label of more than 63 characters",
                    E::DomainTooFew => "the domain needs a dot, as in contoso.com",
                    E::UnsupportedDomainLiteral | E::InvalidIPAddress => {
                        "an IP address in brackets instead of a domain"
                    }
                    E::UnsupportedDisplayName | E::MissingDisplayName | E::MissingEndBracket => {
                        "a display name or `<…>`; write the address alone"
                    }
                    E::UnbalancedQuotes => "unbalanced quotes",
                    _ => "an invalid character or misplaced dot",
                };
                Err(EmailError {
                    found: shortened(&text),
                    reason,
                })
            }
        }
    }

    /// The address as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the last `@`: `contoso.com`.
    #[must_use]
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

impl PartialEq for EmailAddress {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}

impl Eq for EmailAddress {}

impl Hash for EmailAddress {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_ascii_lowercase().hash(state);
    }
}

crate::values::text::text_conversions!(EmailAddress, EmailError);

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl JsonSchema for EmailAddress {
    fn schema_name() -> Cow<'static, str> {
        "EmailAddress".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": EMAIL_PATTERN,
            "description": "An email address whose domain has at least one dot; no display name.",
            "examples": ["support@contoso.com"],
        })
    }
}

// ---- PhoneNumber ----

/// The pattern of a [`PhoneNumber`], in a syntax that Rust's `regex` and ECMA-262 read alike.
/// It is both the check and the JSON Schema's `pattern`.
pub const PHONE_PATTERN: &str = r"^\+?\(?[0-9](?:[ ().-]{0,3}[0-9]){5,14}\)?(?: ?x[0-9]{1,6})?$";

/// A phone number of a contact, as people write it: `+1 (425) 555-0100`, `+31 20 555 0100`,
/// `425.555.0100 x123`.
///
/// Partner Center asks for a phone number of the support and engineering contacts and does not
/// publish a format, so the crate accepts the common written forms and rejects what cannot be a
/// phone number: 6 to 15 digits (15 is the most E.164 allows; 6 the fewest of any national
/// number), an optional leading `+`, at most three of space, `-`, `.`, `(` and `)` between two
/// digits, and an optional extension `x123` (1 to 6 digits, a space before the `x` allowed).
/// Letters (`1-800-CONTOSO`), leading or trailing white space and several numbers in one field
/// are rejected; whether parentheses pair up is not checked. The text is kept as written. The
/// rule is [`PHONE_PATTERN`].
///
/// ```
/// use lighthouse_offer::values::PhoneNumber;
///
/// assert!(PhoneNumber::new("+1 (425) 555-0100").is_ok());
/// assert!(PhoneNumber::new("call us").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, JsonSchema, Validate)]
#[serde(transparent)]
#[garde(transparent)]
pub struct PhoneNumber(
    #[garde(pattern(r"^\+?\(?[0-9](?:[ ().-]{0,3}[0-9]){5,14}\)?(?: ?x[0-9]{1,6})?$"))] String,
);

/// A text that is not a phone number as [`PhoneNumber`] describes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a phone number of 6 to 15 digits, optionally with a leading `+`, spaces, `-`, `.`, parentheses and an extension such as x123, found {found:?}"
)]
pub struct PhoneNumberError {
    found: String,
}

impl Violation for PhoneNumberError {
    fn rule(&self) -> Rule {
        Rule::InvalidPhoneNumber
    }
}

impl PhoneNumber {
    /// Checks and wraps a phone number.
    ///
    /// # Errors
    /// A [`PhoneNumberError`] when the text does not match [`PHONE_PATTERN`].
    pub fn new(text: impl Into<String>) -> Result<Self, PhoneNumberError> {
        let value = PhoneNumber(text.into());
        match value.validate() {
            Ok(()) => Ok(value),
            Err(_) => Err(PhoneNumberError {
                found: shortened(&value.0),
            }),
        }
    }

    /// The number as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits of the number without the extension: `14255550100` for
    /// `+1 (425) 555-0100 x12`.
    #[must_use]
    pub fn digits(&self) -> String {
        let main = self.0.split('x').next().unwrap_or_default();
        main.chars().filter(char::is_ascii_digit).collect()
    }
}

// ---- lists ----

/// The problems of a list with a minimum and maximum count and unique items: `too-few-items`,
/// `too-many-items` and `duplicate-item` (at the later of two equal items), with paths relative
/// to the list. `what` names one item, such as `contact email`.
pub(crate) fn list_problems<T: Eq + Hash + fmt::Display>(
    items: &[T],
    min: usize,
    max: Option<usize>,
    what: &str,
) -> Vec<crate::report::diagnostic::Diagnostic> {
    use crate::report::diagnostic::{Diagnostic, JsonPointer};
    let mut found = Vec::new();
    let count = items.len();
    if count < min {
        found.push(Diagnostic::new(
            Rule::TooFewItems,
            JsonPointer::root(),
            format!(
                "at least {min} {what}{} required, found {}",
                if min == 1 { " is" } else { "s are" },
                if count == 0 {
                    "none".to_owned()
                } else {
                    count.to_string()
                }
            ),
        ));
    }
    if let Some(max) = max.filter(|max| count > *max) {
        found.push(Diagnostic::new(
            Rule::TooManyItems,
            JsonPointer::root(),
            format!(
                "at most {max} {what}{} allowed, found {count}",
                if max == 1 { " is" } else { "s are" }
            ),
        ));
    }
    for (i, first) in crate::document::decode::repeats_by(items, |item| item) {
        found.push(Diagnostic::new(
            Rule::DuplicateItem,
            JsonPointer::root().index(i),
            format!(
                "the {what} \"{}\" is listed twice (first at index {first})",
                items[i]
            ),
        ));
    }
    found
}

crate::values::text::text_conversions!(PhoneNumber, PhoneNumberError);
