//! Lead management: the CRM where Microsoft sends the contact details of customers who show
//! interest in or buy the offer, and who is told about new leads.
//!
//! A lead destination is **required** for managed service offers (Microsoft's certification
//! policy 700, quoted by the seed documents, 2020). Partner Center supports five destinations,
//! each with its own settings (Microsoft Learn, *commercial marketplace lead management
//! instructions* for Azure Table, Dynamics 365 Customer Engagement, HTTPS endpoint, Marketo and
//! Salesforce, 2019–2020).
//!
//! ## Secrets
//!
//! Some settings are secrets: a storage connection string, a client secret, a password. They are
//! never written into the offer document, which is shared and kept in version control: the
//! document holds a [`SecretRef`], `{ "fromEnv": "NAME" }`, that names an environment variable.
//! A text where a secret is expected is an error (`literal-secret`) whose message does not repeat
//! the text. Nothing in the model holds a secret's value: [`SecretRef::resolve`] reads the
//! environment only when a caller asks, and returns a [`Secret`] whose `Debug` and `Display`
//! print `***`.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::report::diagnostic::{Checked, Diagnostic, JsonPointer, Report, Violation};
use crate::report::rules::Rule;
use crate::values::guid::{GUID_PATTERN, GuidError, PrincipalId, TenantId};
use crate::values::text::text_type;
use crate::values::web::{EmailAddress, HttpsUrl, list_problems};

// ---- secrets ----

/// The pattern of an environment variable name in a [`SecretRef`], in a syntax that Rust's
/// `regex` and ECMA-262 read alike.
pub const ENV_NAME_PATTERN: &str = "^[A-Za-z_][A-Za-z0-9_]*$";

/// A reference to a secret kept outside the document: the name of the environment variable
/// that holds it. Written `{ "fromEnv": "LEADS_TABLE_CONNECTION" }`.
///
/// The name is ASCII letters, digits and `_`, and does not start with a digit
/// ([`ENV_NAME_PATTERN`]), the names every shell can set. The reference never holds the
/// secret's value; [`SecretRef::resolve`] reads it when asked.
///
/// ```
/// use lighthouse_offer::leads::SecretRef;
///
/// let key = SecretRef::from_env("LEADS_TABLE_CONNECTION")?;
/// assert_eq!(key.name(), "LEADS_TABLE_CONNECTION");
/// assert!(SecretRef::from_env("DefaultEndpointsProtocol=https;AccountKey=…").is_err());
/// # Ok::<(), lighthouse_offer::leads::SecretRefError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct SecretRef {
    #[serde(rename = "fromEnv")]
    name: String,
}

/// A `fromEnv` that is not an environment variable name. The message never repeats the value,
/// in case a secret was written there by mistake.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretRefError {
    /// The name is empty.
    #[error("the environment variable name of a secret reference is empty")]
    Empty,
    /// The name has a character other than ASCII letters, digits and `_`, or starts with a
    /// digit.
    #[error(
        "the environment variable name of a secret reference may contain only ASCII letters, digits and `_` and may not start with a digit; character {position} breaks the rule (the value is not shown, in case it is a secret)"
    )]
    InvalidName {
        /// The position of the first character that breaks the rule, counting from 1.
        position: usize,
    },
}

impl Violation for SecretRefError {
    fn rule(&self) -> Rule {
        Rule::InvalidSecretReference
    }
}

/// The message of `literal-secret`: what to write instead, without the text that was found.
const LITERAL_SECRET_MESSAGE: &str = "a secret may not be written into the document (the text is not shown here); write { \"fromEnv\": \"NAME\" } and set the environment variable NAME where the offer is published";

impl SecretRef {
    /// A reference to the environment variable `name`.
    ///
    /// # Errors
    /// A [`SecretRefError`] when the name is empty, has a character other than ASCII letters,
    /// digits and `_`, or starts with a digit.
    pub fn from_env(name: impl Into<String>) -> Result<Self, SecretRefError> {
        let name = name.into();
        if name.is_empty() {
            return Err(SecretRefError::Empty);
        }
        let bad = name.chars().enumerate().find(|(i, c)| {
            !(c.is_ascii_alphabetic() || *c == '_' || (*i > 0 && c.is_ascii_digit()))
        });
        match bad {
            Some((i, _)) => Err(SecretRefError::InvalidName { position: i + 1 }),
            None => Ok(SecretRef { name }),
        }
    }

    /// The name of the environment variable.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Reads the secret from the process environment, now.
    ///
    /// # Errors
    /// A [`SecretError`] when the variable is not set, is empty or is not Unicode.
    pub fn resolve(&self) -> Result<Secret, SecretError> {
        match std::env::var(&self.name) {
            Ok(value) => self.resolve_with(|_| Some(value)),
            Err(std::env::VarError::NotPresent) => Err(SecretError::NotSet {
                name: self.name.clone(),
            }),
            Err(std::env::VarError::NotUnicode(_)) => Err(SecretError::NotUnicode {
                name: self.name.clone(),
            }),
        }
    }

    /// Reads the secret with `lookup`, which maps a variable name to its value: for a secret
    /// store other than the environment, and for tests.
    ///
    /// ```
    /// use lighthouse_offer::leads::SecretRef;
    ///
    /// let key = SecretRef::from_env("LEADS_KEY")?;
    /// let secret = key.resolve_with(|_| Some("s3cr3t".to_owned()))?;
    /// assert_eq!(secret.expose(), "s3cr3t");
    /// assert_eq!(format!("{secret:?} {secret}"), "Secret(***) ***");
    /// assert!(key.resolve_with(|_| None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A [`SecretError`] when `lookup` finds nothing or an empty value.
    pub fn resolve_with(
        &self,
        lookup: impl FnOnce(&str) -> Option<String>,
    ) -> Result<Secret, SecretError> {
        match lookup(&self.name) {
            None => Err(SecretError::NotSet {
                name: self.name.clone(),
            }),
            Some(value) if value.is_empty() => Err(SecretError::Empty {
                name: self.name.clone(),
            }),
            Some(value) => Ok(Secret(value)),
        }
    }
}

impl JsonSchema for SecretRef {
    fn schema_name() -> Cow<'static, str> {
        "SecretRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "A secret kept outside the document: the name of the environment variable that holds it. Never write the secret itself.",
            "properties": {
                "fromEnv": {
                    "type": "string",
                    "pattern": ENV_NAME_PATTERN,
                    "description": "The name of the environment variable that holds the secret.",
                }
            },
            "required": ["fromEnv"],
            "additionalProperties": false,
            "examples": [{ "fromEnv": "LEADS_TABLE_CONNECTION" }],
        })
    }
}

impl Decode for SecretRef {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        // Every message here is written without the value, and every problem is reported at the
        // whole value under a secret rule, so that a renderer can hide it: it may be a secret
        // written in the wrong shape.
        let found = match value {
            Value::String(_) => {
                cx.error(Rule::LiteralSecret, at, LITERAL_SECRET_MESSAGE);
                return None;
            }
            Value::Object(map) if map.len() == 1 => match map.get("fromEnv") {
                Some(Value::String(name)) => {
                    return SecretRef::from_env(name.as_ref())
                        .map_err(|e| cx.report(e.at(at.key("fromEnv").pointer())))
                        .ok();
                }
                Some(_) => "`fromEnv` with a value that is not a string",
                None => "an object with another field than `fromEnv`",
            },
            Value::Object(map) if map.is_empty() => "an empty object",
            Value::Object(_) => "an object with more fields than `fromEnv`",
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::Array(_) => "an array",
        };
        cx.error(
            Rule::InvalidSecretReference,
            at,
            format!(
                "expected a secret reference {{ \"fromEnv\": \"NAME\" }}, found {found} (the value is not shown here)"
            ),
        );
        None
    }
}

/// A secret's value, read from where a [`SecretRef`] points. `Debug` and `Display` print `***`;
/// the value is reachable only through [`Secret::expose`], so it cannot end up in a log or a
/// message by accident. The model never stores one.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// The secret's value, to hand to the service that needs it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Why a [`SecretRef`] could not be resolved. Names the variable, never a value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// The variable is not set.
    #[error("the environment variable {name} that should hold a secret is not set")]
    NotSet {
        /// The variable's name.
        name: String,
    },
    /// The variable is set but empty.
    #[error("the environment variable {name} that should hold a secret is empty")]
    Empty {
        /// The variable's name.
        name: String,
    },
    /// The variable's value is not Unicode.
    #[error("the environment variable {name} that should hold a secret is not valid Unicode")]
    NotUnicode {
        /// The variable's name.
        name: String,
    },
}

// ---- identifiers of the destinations ----

/// The application (client) ID of a Microsoft Entra ID (Azure AD) app registration, a GUID in
/// the hyphenated form (Microsoft Learn: lead management for Dynamics 365 Customer Engagement).
/// Read like the crate's other GUIDs, printed in lowercase.
///
/// ```
/// use lighthouse_offer::leads::ApplicationId;
///
/// assert!("23456052-aaaa-bbbb-8662-1234df56788f".parse::<ApplicationId>().is_ok());
/// assert!("my-app".parse::<ApplicationId>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApplicationId(uuid::Uuid);

impl ApplicationId {
    /// Reads a GUID in the hyphenated form.
    ///
    /// # Errors
    /// A [`GuidError`] when the text is not 8-4-4-4-12 hexadecimal digits.
    pub fn new(text: &str) -> Result<Self, GuidError> {
        // The same reader as every GUID of the crate.
        PrincipalId::new(text).map(|id| ApplicationId(*id.as_uuid()))
    }

    /// The GUID as a `uuid::Uuid`.
    #[must_use]
    pub const fn as_uuid(&self) -> &uuid::Uuid {
        &self.0
    }
}

impl FromStr for ApplicationId {
    type Err = GuidError;
    fn from_str(text: &str) -> Result<Self, GuidError> {
        Self::new(text)
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApplicationId({})", self.0.hyphenated())
    }
}

impl Serialize for ApplicationId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ApplicationId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <Cow<'de, str>>::deserialize(deserializer)?;
        Self::new(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ApplicationId {
    fn schema_name() -> Cow<'static, str> {
        "ApplicationId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": GUID_PATTERN,
            "description": "The application (client) ID of a Microsoft Entra ID app registration.",
            "examples": ["23456052-aaaa-bbbb-8662-1234df56788f"],
        })
    }
}

impl Decode for ApplicationId {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        cx.parse_str(value, at, Self::new)
    }
}

text_type! {
    /// The server ID of a Marketo instance: the `ys12` of `app-ys12.marketo.com` in the form's
    /// embed code (Microsoft Learn: lead management in Marketo). Letters, digits and `-`, 1 to 63
    /// characters (one DNS label).
    ///
    /// ```
    /// use lighthouse_offer::leads::MarketoServerId;
    ///
    /// assert!(MarketoServerId::new("ys12").is_ok());
    /// assert!(MarketoServerId::new("app-ys12.marketo.com").is_err());
    /// ```
    MarketoServerId, "Marketo server ID", chars 1..=63,
    allowed: Some("letters, digits and `-`"), pattern: "^[A-Za-z0-9-]+$"
}

text_type! {
    /// The Munchkin account ID of a Marketo subscription: three groups of three letters or
    /// digits joined by `-`, such as `123-PQR-789` (Microsoft Learn: lead management in Marketo;
    /// Marketo: Admin > Munchkin).
    ///
    /// ```
    /// use lighthouse_offer::leads::MunchkinAccountId;
    ///
    /// assert!(MunchkinAccountId::new("123-PQR-789").is_ok());
    /// assert!(MunchkinAccountId::new("123PQR789").is_err());
    /// ```
    MunchkinAccountId, "Munchkin account ID", chars 11..=11,
    allowed: Some("three groups of three letters or digits joined by `-`, such as 123-PQR-789"),
    pattern: "^[0-9A-Za-z]{3}-[0-9A-Za-z]{3}-[0-9A-Za-z]{3}$"
}

text_type! {
    /// The ID of the Marketo form that receives the leads: the number in the form's embed code,
    /// such as `1179` (Microsoft Learn: lead management in Marketo). Written as a string, as
    /// Partner Center's field is text: digits without a leading zero, 1 to 10 characters.
    ///
    /// ```
    /// use lighthouse_offer::leads::MarketoFormId;
    ///
    /// assert!(MarketoFormId::new("1179").is_ok());
    /// assert!(MarketoFormId::new("mktoForm_1179").is_err());
    /// ```
    MarketoFormId, "Marketo form ID", chars 1..=10,
    allowed: Some("digits without a leading zero"), pattern: "^[1-9][0-9]*$"
}

text_type! {
    /// The ID of a Salesforce organization: the `oid` of a Web-to-Lead form (Microsoft Learn:
    /// lead management for Salesforce). Salesforce organization IDs start with `00D` and have 15
    /// characters, or 18 in their case-insensitive form.
    ///
    /// ```
    /// use lighthouse_offer::leads::SalesforceOrganizationId;
    ///
    /// assert!(SalesforceOrganizationId::new("00D5g000004XyZa").is_ok());
    /// assert!(SalesforceOrganizationId::new("0055g000004XyZa").is_err());
    /// ```
    SalesforceOrganizationId, "Salesforce organization ID", chars 15..=18,
    allowed: Some("`00D` followed by 12 or 15 letters and digits"),
    pattern: "^00D[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$"
}

// ---- destinations ----

/// Leads go to a table of an Azure Storage account (Microsoft Learn: lead management using an
/// Azure Table). Written
/// `{ "type": "azureTable", "connectionString": { "fromEnv": "NAME" } }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AzureTable {
    /// The storage account's connection string, a secret
    /// (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…`).
    connection_string: SecretRef,
}

impl AzureTable {
    /// An Azure Table destination.
    #[must_use]
    pub fn new(connection_string: SecretRef) -> Self {
        AzureTable { connection_string }
    }

    /// Where the storage account's connection string is.
    #[must_use]
    pub fn connection_string(&self) -> &SecretRef {
        &self.connection_string
    }
}

/// How Microsoft's lead service signs in to a Dynamics 365 instance (Microsoft Learn: lead
/// management for Dynamics 365 Customer Engagement): with an app registration (recommended) or
/// with an Office 365 user, whose password must be renewed every 90 days.
///
/// Written `{ "type": "azureAd", "applicationId": "…", "directoryId": "…", "clientSecret": { "fromEnv": "NAME" } }`
/// or `{ "type": "office365", "userName": "…", "password": { "fromEnv": "NAME" } }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DynamicsAuthentication {
    /// A Microsoft Entra ID (Azure Active Directory) app registration.
    #[schemars(extend("unevaluatedProperties" = false))]
    AzureAd(AzureAdApplication),
    /// An Office 365 user with a Dynamics 365 license.
    #[schemars(extend("unevaluatedProperties" = false))]
    Office365(Office365User),
}

/// A Microsoft Entra ID (Azure AD) app registration that may write leads into Dynamics 365.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AzureAdApplication {
    /// The app's application (client) ID.
    application_id: ApplicationId,
    /// The directory (tenant) ID of the app's tenant.
    directory_id: TenantId,
    /// The app's client secret (called "application key" in older pages), a secret.
    client_secret: SecretRef,
}

impl AzureAdApplication {
    /// An app registration.
    #[must_use]
    pub fn new(
        application_id: ApplicationId,
        directory_id: TenantId,
        client_secret: SecretRef,
    ) -> Self {
        AzureAdApplication {
            application_id,
            directory_id,
            client_secret,
        }
    }

    /// The application (client) ID.
    #[must_use]
    pub fn application_id(&self) -> ApplicationId {
        self.application_id
    }

    /// The directory (tenant) ID.
    #[must_use]
    pub fn directory_id(&self) -> TenantId {
        self.directory_id
    }

    /// Where the client secret is.
    #[must_use]
    pub fn client_secret(&self) -> &SecretRef {
        &self.client_secret
    }
}

/// An Office 365 user that may write leads into Dynamics 365.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Office365User {
    /// The user's sign-in name, such as `leads@contoso.onmicrosoft.com`.
    user_name: EmailAddress,
    /// The user's password, a secret.
    password: SecretRef,
}

impl Office365User {
    /// An Office 365 user.
    #[must_use]
    pub fn new(user_name: EmailAddress, password: SecretRef) -> Self {
        Office365User {
            user_name,
            password,
        }
    }

    /// The sign-in name.
    #[must_use]
    pub fn user_name(&self) -> &EmailAddress {
        &self.user_name
    }

    /// Where the password is.
    #[must_use]
    pub fn password(&self) -> &SecretRef {
        &self.password
    }
}

/// Leads go to a Dynamics 365 Customer Engagement instance hosted by Microsoft (Microsoft
/// Learn: lead management for Dynamics 365 Customer Engagement). Written
/// `{ "type": "dynamics365", "instanceUrl": "https://contoso.crm4.dynamics.com", "authentication": { … } }`.
///
/// Warning `dynamics-not-online` when the instance URL is not on `dynamics.com`: on-premises
/// Dynamics is not supported.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dynamics365 {
    /// The instance's URL, such as `https://contoso.crm4.dynamics.com`.
    instance_url: HttpsUrl,
    /// How the lead service signs in.
    authentication: DynamicsAuthentication,
}

impl Dynamics365 {
    /// A Dynamics 365 destination. See [`Dynamics365::warnings`] for what is only warned about.
    #[must_use]
    pub fn new(instance_url: HttpsUrl, authentication: DynamicsAuthentication) -> Self {
        Dynamics365 {
            instance_url,
            authentication,
        }
    }

    /// The instance's URL.
    #[must_use]
    pub fn instance_url(&self) -> &HttpsUrl {
        &self.instance_url
    }

    /// How the lead service signs in.
    #[must_use]
    pub fn authentication(&self) -> &DynamicsAuthentication {
        &self.authentication
    }

    /// `dynamics-not-online` when the instance's host is not `dynamics.com` or below it; paths
    /// relative to the destination.
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let host = self.instance_url.host();
        if host == "dynamics.com" || host.ends_with(".dynamics.com") {
            Vec::new()
        } else {
            vec![Diagnostic::new(
                Rule::DynamicsNotOnline,
                JsonPointer::root().key("instanceUrl"),
                format!(
                    "the Dynamics 365 instance {host:?} is not on dynamics.com; Partner Center writes leads to Microsoft-hosted instances such as contoso.crm4.dynamics.com only"
                ),
            )]
        }
    }
}

/// Leads are posted as JSON to an HTTPS endpoint, such as a Power Automate flow or a Logic App
/// (Microsoft Learn: lead management using an HTTPS endpoint). Written
/// `{ "type": "httpsEndpoint", "url": "https://…" }`.
///
/// Warning `signed-endpoint-url` when the URL carries a signature (`sig=`): whoever reads the
/// document can post leads with it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HttpsEndpoint {
    /// The URL that receives the leads (HTTP POST).
    url: HttpsUrl,
}

impl HttpsEndpoint {
    /// An HTTPS endpoint destination. See [`HttpsEndpoint::warnings`].
    #[must_use]
    pub fn new(url: HttpsUrl) -> Self {
        HttpsEndpoint { url }
    }

    /// The URL that receives the leads.
    #[must_use]
    pub fn url(&self) -> &HttpsUrl {
        &self.url
    }

    /// `signed-endpoint-url` when the URL's query has a `sig` parameter; paths relative to the
    /// destination.
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let signed = self
            .url
            .as_url()
            .query_pairs()
            .any(|(key, _)| key.eq_ignore_ascii_case("sig"));
        if signed {
            vec![Diagnostic::new(
                Rule::SignedEndpointUrl,
                JsonPointer::root().key("url"),
                "the endpoint URL carries a signature (`sig=`) that lets anyone who reads the document post leads; keep the document private",
            )]
        } else {
            Vec::new()
        }
    }
}

/// Leads go to a Marketo form (Microsoft Learn: lead management in Marketo). Written
/// `{ "type": "marketo", "serverId": "ys12", "munchkinAccountId": "123-PQR-789", "formId": "1179" }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Marketo {
    /// The instance's server ID.
    server_id: MarketoServerId,
    /// The subscription's Munchkin account ID.
    munchkin_account_id: MunchkinAccountId,
    /// The form that receives the leads.
    form_id: MarketoFormId,
}

impl Marketo {
    /// A Marketo destination.
    #[must_use]
    pub fn new(
        server_id: MarketoServerId,
        munchkin_account_id: MunchkinAccountId,
        form_id: MarketoFormId,
    ) -> Self {
        Marketo {
            server_id,
            munchkin_account_id,
            form_id,
        }
    }

    /// The server ID.
    #[must_use]
    pub fn server_id(&self) -> &MarketoServerId {
        &self.server_id
    }

    /// The Munchkin account ID.
    #[must_use]
    pub fn munchkin_account_id(&self) -> &MunchkinAccountId {
        &self.munchkin_account_id
    }

    /// The form ID.
    #[must_use]
    pub fn form_id(&self) -> &MarketoFormId {
        &self.form_id
    }
}

/// Leads go to Salesforce through Web-to-Lead (Microsoft Learn: lead management for
/// Salesforce). Written `{ "type": "salesforce", "organizationId": "00D…" }`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Salesforce {
    /// The organization ID (`oid`).
    organization_id: SalesforceOrganizationId,
}

impl Salesforce {
    /// A Salesforce destination.
    #[must_use]
    pub fn new(organization_id: SalesforceOrganizationId) -> Self {
        Salesforce { organization_id }
    }

    /// The organization ID.
    #[must_use]
    pub fn organization_id(&self) -> &SalesforceOrganizationId {
        &self.organization_id
    }
}

/// The CRM where Partner Center sends leads: one of the five that Partner Center supports,
/// written as an object tagged by `type`: `azureTable`, `dynamics365`, `httpsEndpoint`,
/// `marketo` or `salesforce`.
///
/// ```
/// use lighthouse_offer::leads::{AzureTable, LeadDestination, SecretRef};
///
/// let table = LeadDestination::AzureTable(AzureTable::new(SecretRef::from_env("LEADS_TABLE")?));
/// assert_eq!(
///     serde_json::to_string(&table)?,
///     r#"{"type":"azureTable","connectionString":{"fromEnv":"LEADS_TABLE"}}"#
/// );
/// assert!(serde_json::from_str::<LeadDestination>(r#"{"type":"hubspot"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum LeadDestination {
    /// A table of an Azure Storage account.
    #[schemars(extend("unevaluatedProperties" = false))]
    AzureTable(AzureTable),
    /// A Dynamics 365 Customer Engagement instance.
    #[schemars(extend("unevaluatedProperties" = false))]
    Dynamics365(Dynamics365),
    /// An HTTPS endpoint that receives each lead as JSON.
    #[schemars(extend("unevaluatedProperties" = false))]
    HttpsEndpoint(HttpsEndpoint),
    /// A Marketo form.
    #[schemars(extend("unevaluatedProperties" = false))]
    Marketo(Marketo),
    /// Salesforce Web-to-Lead.
    #[schemars(extend("unevaluatedProperties" = false))]
    Salesforce(Salesforce),
}

impl LeadDestination {
    /// The destination's `type` as the document writes it, such as `azureTable`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            LeadDestination::AzureTable(_) => "azureTable",
            LeadDestination::Dynamics365(_) => "dynamics365",
            LeadDestination::HttpsEndpoint(_) => "httpsEndpoint",
            LeadDestination::Marketo(_) => "marketo",
            LeadDestination::Salesforce(_) => "salesforce",
        }
    }

    /// Every secret reference of the destination, to resolve before deploying.
    #[must_use]
    pub fn secrets(&self) -> Vec<&SecretRef> {
        match self {
            LeadDestination::AzureTable(t) => vec![t.connection_string()],
            LeadDestination::Dynamics365(d) => match d.authentication() {
                DynamicsAuthentication::AzureAd(app) => vec![app.client_secret()],
                DynamicsAuthentication::Office365(user) => vec![user.password()],
            },
            _ => Vec::new(),
        }
    }

    /// The destination's warnings, paths relative to the destination.
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        match self {
            LeadDestination::Dynamics365(d) => d.warnings(),
            LeadDestination::HttpsEndpoint(e) => e.warnings(),
            _ => Vec::new(),
        }
    }
}

const DESTINATION_KINDS: &str =
    "\"azureTable\", \"dynamics365\", \"httpsEndpoint\", \"marketo\" or \"salesforce\"";

impl Decode for LeadDestination {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let kind: String = obj.tag("type", cx)?;
        let destination = match kind.as_str() {
            "azureTable" => {
                let connection_string = obj.required("connectionString", cx);
                obj.finish(cx);
                LeadDestination::AzureTable(AzureTable::new(connection_string?))
            }
            "dynamics365" => {
                let instance_url = obj.required("instanceUrl", cx);
                let authentication = obj.required("authentication", cx);
                obj.finish(cx);
                LeadDestination::Dynamics365(Dynamics365::new(instance_url?, authentication?))
            }
            "httpsEndpoint" => {
                let url = obj.required("url", cx);
                obj.finish(cx);
                LeadDestination::HttpsEndpoint(HttpsEndpoint::new(url?))
            }
            "marketo" => {
                let server_id = obj.required("serverId", cx);
                let munchkin_account_id = obj.required("munchkinAccountId", cx);
                let form_id = obj.required("formId", cx);
                obj.finish(cx);
                LeadDestination::Marketo(Marketo::new(server_id?, munchkin_account_id?, form_id?))
            }
            "salesforce" => {
                let organization_id = obj.required("organizationId", cx);
                obj.finish(cx);
                LeadDestination::Salesforce(Salesforce::new(organization_id?))
            }
            other => {
                cx.error(
                    Rule::UnknownVariant,
                    at.key("type"),
                    format!(
                        "expected a lead destination {DESTINATION_KINDS}, found {:?}",
                        crate::document::decode::shortened(other)
                    ),
                );
                return None;
            }
        };
        Some(destination)
    }
}

impl Decode for DynamicsAuthentication {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let kind: String = obj.tag("type", cx)?;
        match kind.as_str() {
            "azureAd" => {
                let application_id = obj.required("applicationId", cx);
                let directory_id = obj.required("directoryId", cx);
                let client_secret = obj.required("clientSecret", cx);
                obj.finish(cx);
                Some(DynamicsAuthentication::AzureAd(AzureAdApplication::new(
                    application_id?,
                    directory_id?,
                    client_secret?,
                )))
            }
            "office365" => {
                let user_name = obj.required("userName", cx);
                let password = obj.required("password", cx);
                obj.finish(cx);
                Some(DynamicsAuthentication::Office365(Office365User::new(
                    user_name?, password?,
                )))
            }
            other => {
                cx.error(
                    Rule::UnknownVariant,
                    at.key("type"),
                    format!(
                        "expected a Dynamics 365 authentication \"azureAd\" or \"office365\", found {:?}",
                        crate::document::decode::shortened(other)
                    ),
                );
                None
            }
        }
    }
}

// ---- the section ----

/// The offer's lead management (Partner Center: *Offer setup > Customer leads*): where leads go,
/// and who gets an email for each new lead.
///
/// Rules:
/// - a destination is required for managed service offers (certification policy 700, seed
///   documents, 2020);
/// - at least one contact email, all different (ignoring ASCII case). Partner Center asks for
///   the addresses "of people in your company who should receive email notifications when a new
///   lead is received" and publishes no maximum, so there is none;
/// - the warnings of the destination (`dynamics-not-online`, `signed-endpoint-url`).
///
/// Written `{ "destination": { "type": … }, "contactEmails": ["leads@contoso.com"] }`.
///
/// ```
/// use lighthouse_offer::leads::{AzureTable, LeadDestination, LeadManagement, SecretRef};
/// use lighthouse_offer::values::EmailAddress;
///
/// let destination = LeadDestination::AzureTable(AzureTable::new(SecretRef::from_env("LEADS_TABLE")?));
/// let leads = LeadManagement::new(destination.clone(), vec![EmailAddress::new("leads@contoso.com")?])?;
/// assert!(leads.warnings().is_empty());
///
/// let report = LeadManagement::new(destination, vec![]).unwrap_err();
/// assert_eq!(report.diagnostics()[0].path().as_str(), "/contactEmails");
/// assert_eq!(report.diagnostics()[0].name(), "too-few-items");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LeadManagement {
    /// Where Partner Center sends the leads.
    destination: LeadDestination,
    /// Who gets an email for each new lead: at least one address, all different.
    #[schemars(length(min = Self::MIN_CONTACT_EMAILS), extend("uniqueItems" = true))]
    contact_emails: Vec<EmailAddress>,
}

impl LeadManagement {
    /// The fewest contact emails: 1.
    pub const MIN_CONTACT_EMAILS: u32 = 1;

    /// Lead management with this destination and these contact emails.
    ///
    /// # Errors
    /// A [`Report`] with `too-few-items` when there is no contact email, and `duplicate-item`
    /// for each address listed twice, at `/contactEmails…`.
    pub fn new(
        destination: LeadDestination,
        contact_emails: Vec<EmailAddress>,
    ) -> Result<Checked<LeadManagement>, Report> {
        let at = JsonPointer::root().key("contactEmails");
        let problems: Vec<Diagnostic> = Self::email_problems(&contact_emails)
            .into_iter()
            .map(|d| d.under(&at))
            .collect();
        if !problems.is_empty() {
            return Err(Report::new(problems));
        }
        let leads = LeadManagement {
            destination,
            contact_emails,
        };
        let warnings = leads.warnings();
        Ok(Checked::new(leads, warnings))
    }

    fn email_problems(emails: &[EmailAddress]) -> Vec<Diagnostic> {
        list_problems(
            emails,
            Self::MIN_CONTACT_EMAILS as usize,
            None,
            "contact email",
        )
    }

    /// Where the leads go.
    #[must_use]
    pub fn destination(&self) -> &LeadDestination {
        &self.destination
    }

    /// Who gets an email for each new lead.
    #[must_use]
    pub fn contact_emails(&self) -> &[EmailAddress] {
        &self.contact_emails
    }

    /// The section's warnings, paths relative to the section (`/destination/url`).
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let at = JsonPointer::root().key("destination");
        self.destination
            .warnings()
            .into_iter()
            .map(|w| w.under(&at))
            .collect()
    }

    /// Reads the section from a JSON document (the form of an offer's `leadManagement`).
    ///
    /// # Errors
    /// A [`Report`] with every problem of the document, each at its JSON Pointer.
    pub fn from_json_str(text: &str) -> Result<Checked<LeadManagement>, Report> {
        crate::document::decode::read_document(text, LeadManagement::warnings)
    }
}

impl Decode for LeadManagement {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let destination = obj.required("destination", cx);
        let contact_emails: Option<Vec<EmailAddress>> = obj.required("contactEmails", cx);
        obj.finish(cx);
        let contact_emails = contact_emails?;
        let problems = Self::email_problems(&contact_emails);
        let valid = problems.is_empty();
        cx.report_under(at.key("contactEmails"), problems);
        valid.then_some(LeadManagement {
            destination: destination?,
            contact_emails,
        })
    }
}

deserialize_via_decode!(
    LeadManagement,
    LeadDestination,
    DynamicsAuthentication,
    SecretRef
);
