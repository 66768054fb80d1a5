//! GUIDs with a meaning: tenants, principals, subscriptions and role definitions.
//!
//! Azure writes GUIDs in the hyphenated 8-4-4-4-12 form. Each kind of GUID has its own type, so
//! a tenant ID cannot be passed where a principal ID is expected. All of them accept hexadecimal
//! digits in either case, as Azure does, and print in lowercase. Other spellings that `uuid`
//! would accept (braces, `urn:uuid:`, no hyphens) are rejected, because Azure Resource Manager
//! and Partner Center reject them too.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The pattern of a GUID in a document, in a syntax that Rust's `regex` and ECMA-262 read alike.
/// It drives the JSON Schema; [`GuidError`] is the check, and a test keeps both in agreement.
pub const GUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// A text that is not a GUID in the hyphenated form, or the all-zero GUID where a real tenant,
/// principal or subscription is meant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.describe())]
pub struct GuidError {
    found: String,
    /// The text is the all-zero GUID, which names nothing.
    nil: Option<&'static str>,
}

impl GuidError {
    fn describe(&self) -> String {
        match self.nil {
            Some(what) => format!(
                "expected {what}, found the all-zero GUID, a placeholder of Microsoft's samples that names nothing"
            ),
            None => format!(
                "expected a GUID in the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, found {:?}",
                self.found
            ),
        }
    }
}

impl Violation for GuidError {
    fn rule(&self) -> Rule {
        if self.nil.is_some() {
            Rule::NilGuid
        } else {
            Rule::InvalidGuid
        }
    }
}

/// Whether `text` is the all-zero GUID in the hyphenated form.
pub(crate) fn is_nil_guid_text(text: &str) -> bool {
    parse_hyphenated(text).is_ok_and(|id| id.is_nil())
}

/// The all-zero GUID, as the schema names it.
pub(crate) const NIL_GUID: &str = "00000000-0000-0000-0000-000000000000";

/// The value of each byte as a hexadecimal digit, or `NOT_HEX`.
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut i: u8 = 0;
    while i < 10 {
        table[(b'0' + i) as usize] = i;
        i += 1;
    }
    let mut i: u8 = 0;
    while i < 6 {
        table[(b'a' + i) as usize] = 10 + i;
        table[(b'A' + i) as usize] = 10 + i;
        i += 1;
    }
    table
};
const NOT_HEX: u8 = 0xFF;

/// Parses the hyphenated form only, in one pass over the bytes (no second parse by `uuid`, no
/// allocation unless the text is wrong).
fn parse_hyphenated(text: &str) -> Result<Uuid, GuidError> {
    hyphenated_bytes(text.as_bytes()).ok_or_else(|| GuidError {
        found: text.chars().take(60).collect(),
        nil: None,
    })
}

/// [`parse_hyphenated`] of bytes, for readers of bytes (the audience CSV): `None` when they are
/// not a GUID, which is then parsed as text for the message.
pub(crate) fn hyphenated_bytes(b: &[u8]) -> Option<Uuid> {
    /// Appends the digits to `value`; a byte that is not a digit sets the high bits of `bad`.
    fn digits(mut value: u64, bytes: &[u8], bad: &mut u8) -> u64 {
        for &b in bytes {
            let digit = HEX[usize::from(b)];
            *bad |= digit;
            value = (value << 4) | u64::from(digit & 0x0F);
        }
        value
    }
    if b.len() != 36 || b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let mut bad = 0;
    let high = digits(0, &b[0..8], &mut bad);
    let high = digits(high, &b[9..13], &mut bad);
    let high = digits(high, &b[14..18], &mut bad);
    let low = digits(0, &b[19..23], &mut bad);
    let low = digits(low, &b[24..36], &mut bad);
    (bad & 0xF0 == 0).then(|| Uuid::from_u64_pair(high, low))
}

macro_rules! guid_type {
    ($(#[doc = $doc:literal])* $name:ident, $example:literal, nil: $nil:expr) => {
        $(#[doc = $doc])*
        ///
        /// Written as a GUID in the hyphenated form, either case; printed in lowercase.
        ///
        /// ```
        #[doc = concat!("use lighthouse_offer::", stringify!($name), ";")]
        ///
        #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse().unwrap();")]
        #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\".to_lowercase());")]
        #[doc = concat!("assert!(\"{", $example, "}\".parse::<", stringify!($name), ">().is_err());")]
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Reads a GUID in the hyphenated form.
            ///
            /// # Errors
            /// A [`GuidError`] when the text is not 8-4-4-4-12 hexadecimal digits, and (rule
            /// `nil-guid`) for the all-zero GUID where it can name nothing: a tenant, principal
            /// or subscription ID.
            pub fn new(text: &str) -> Result<Self, GuidError> {
                let id = parse_hyphenated(text)?;
                let refused: Option<&'static str> = $nil;
                match refused {
                    Some(what) if id.is_nil() => Err(GuidError {
                        found: text.to_owned(),
                        nil: Some(what),
                    }),
                    _ => Ok(Self(id)),
                }
            }

            /// The GUID from its 128-bit value, for constants. It does not refuse the all-zero
            /// GUID: constants are written by hand, not read.
            #[must_use]
            pub const fn from_u128(value: u128) -> Self {
                Self(Uuid::from_u128(value))
            }

            /// The GUID as a `uuid::Uuid`.
            #[must_use]
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }

            /// Whether this is the all-zero GUID, which samples use as a placeholder.
            #[must_use]
            pub fn is_nil(&self) -> bool {
                self.0.is_nil()
            }
        }

        impl FromStr for $name {
            type Err = GuidError;
            fn from_str(text: &str) -> Result<Self, GuidError> {
                Self::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = GuidError;
            fn try_from(text: &str) -> Result<Self, GuidError> {
                Self::new(text)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.0.hyphenated())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Self::new(&text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let description = concat!($($doc, "\n"),*).trim();
                let refused: Option<&'static str> = $nil;
                let mut schema = schemars::json_schema!({
                    "type": "string",
                    "pattern": GUID_PATTERN,
                    "description": description,
                    "examples": [$example],
                });
                if refused.is_some() {
                    // The all-zero GUID has no letters: one spelling only.
                    schema.insert("not".into(), serde_json::json!({ "const": NIL_GUID }));
                }
                schema
            }
        }

        impl crate::document::decode::Decode for $name {
            fn decode(value: &crate::document::json::Value<'_>, at: crate::document::decode::At<'_>, cx: &mut crate::document::decode::Cx) -> Option<Self> {
                cx.parse_str(value, at, Self::new)
            }
        }
    };
}

guid_type! {
    /// The GUID of the provider's Microsoft Entra ID (Azure AD) tenant, whose principals get access
    /// (ARM: `managedByTenantId`). Never the all-zero GUID, a placeholder of Microsoft's samples.
    TenantId, "0b4b3a8e-9c3f-4e6b-8d4c-2f1a7e5d9c10", nil: Some("the managing tenant's ID")
}

guid_type! {
    /// The object ID of a user, group or service principal in the provider's tenant
    /// (ARM: `principalId`). Never the all-zero GUID, a placeholder of Microsoft's samples.
    PrincipalId, "5c1a9d3e-7b2f-4a8c-9e6d-3f2b1a0c8d7e", nil: Some("the object ID of a principal in the managing tenant")
}

guid_type! {
    /// The ID of a customer's Azure subscription. Never the all-zero GUID, a placeholder of
    /// Microsoft's samples.
    SubscriptionId, "9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f", nil: Some("a customer's subscription ID")
}

guid_type! {
    /// The GUID of an Azure role definition (ARM: `roleDefinitionId`). Azure Lighthouse accepts
    /// built-in roles only; see [`crate::roles`] for which ones. (The all-zero GUID reads, and
    /// is an unknown role.)
    RoleDefinitionId, "acdd72a7-3385-48ef-bd42-f606fba81ae7", nil: None
}
