//! Manifest versions: `n.n.n`, compared as versions.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The pattern of a manifest version, for the JSON Schema: three numbers without leading zeros.
const VERSION_PATTERN: &str = "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$";

/// The version of a plan's manifest: exactly `n.n.n`, such as `1.2.5` (seed documents, 2020).
/// Each new manifest of a plan must have a higher version than the last (Microsoft Learn, later).
///
/// Built on [`semver::Version`] and ordered as versions are, so `1.10.0 > 1.9.0` is one
/// comparison. Stricter than semver: no pre-release or build part, no leading zeros, and never
/// fewer than three numbers.
///
/// ```
/// use lighthouse_offer::ManifestVersion;
///
/// let v: ManifestVersion = "1.10.0".parse().unwrap();
/// assert!(v > "1.9.0".parse().unwrap());
/// assert!("1.0".parse::<ManifestVersion>().is_err());
/// assert!("1.0.0-rc1".parse::<ManifestVersion>().is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ManifestVersion(semver::Version);

/// A text that is not a version `n.n.n`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected a version of three numbers such as 1.2.5, found {found:?}{}", reason.map(|r| format!(" ({r})")).unwrap_or_default())]
pub struct VersionError {
    found: String,
    reason: Option<&'static str>,
}

impl Violation for VersionError {
    fn rule(&self) -> Rule {
        Rule::InvalidVersion
    }
}

impl ManifestVersion {
    /// The version `major.minor.patch`.
    #[must_use]
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        ManifestVersion(semver::Version::new(major, minor, patch))
    }

    /// Reads `n.n.n`.
    ///
    /// # Errors
    /// A [`VersionError`] for anything else: `1.0`, `01.0.0`, `1.0.0-rc1`, `1.0.0+build`, ` 1.0.0`.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason| VersionError {
            found: text.chars().take(60).collect(),
            reason,
        };
        let version = semver::Version::parse(text).map_err(|_| error(None))?;
        if !version.pre.is_empty() {
            return Err(error(Some("a pre-release part is not allowed")));
        }
        if !version.build.is_empty() {
            return Err(error(Some("a build part is not allowed")));
        }
        Ok(ManifestVersion(version))
    }

    /// The three numbers.
    #[must_use]
    pub fn as_semver(&self) -> &semver::Version {
        &self.0
    }
}

impl FromStr for ManifestVersion {
    type Err = VersionError;
    fn from_str(text: &str) -> Result<Self, VersionError> {
        Self::parse(text)
    }
}

impl fmt::Display for ManifestVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for ManifestVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ManifestVersion({})", self.0)
    }
}

impl Serialize for ManifestVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ManifestVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ManifestVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ManifestVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": VERSION_PATTERN,
            "description": "The manifest's version: three numbers without leading zeros, such as 1.2.5. Each new manifest of a plan must have a higher version.",
            "examples": ["1.0.0"],
        })
    }
}

crate::document::decode::decode_from_str!(ManifestVersion);
