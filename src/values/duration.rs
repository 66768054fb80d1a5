//! Just-in-time activation durations: ISO 8601 `PT#H#M`, between 30 minutes and 8 hours.

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The pattern of an activation duration for the JSON Schema: `PT` then hours, minutes or both,
/// and within the range from [`ActivationDuration::MIN`] to [`ActivationDuration::MAX`], so the
/// schema accepts exactly what [`ActivationDuration::parse`] accepts (leading zeros included).
/// For each number of hours it lists the minutes that keep the total in range.
fn duration_pattern() -> String {
    let range = crate::values::schema_patterns::decimal_range_pattern;
    let min = u32::from(ActivationDuration::MIN.minutes);
    let max = u32::from(ActivationDuration::MAX.minutes);
    let mut forms = vec![
        format!("0*(?:{})H", range(min.div_ceil(60).max(1), max / 60)),
        format!("0*(?:{})M", range(min, max)),
    ];
    for hours in 0..=max / 60 {
        let (low, high) = (min.saturating_sub(hours * 60), max - hours * 60);
        forms.push(format!("0*{hours}H0*(?:{})M", range(low, high)));
    }
    format!("^PT(?:{})$", forms.join("|"))
}

/// How long a just-in-time activation of an eligible authorization may last
/// (ARM: `maximumActivationDuration`): an ISO 8601 duration of hours and minutes between
/// `PT30M` and `PT8H`; the default is `PT8H` (Microsoft Learn: create eligible authorizations).
/// Half-hour steps are advised; other minute counts are accepted.
///
/// Written in uppercase as ARM writes it: `PT30M`, `PT1H30M`, `PT8H`.
///
/// ```
/// use lighthouse_offer::ActivationDuration;
///
/// let d: ActivationDuration = "PT1H30M".parse().unwrap();
/// assert_eq!(d.minutes(), 90);
/// assert!("PT9H".parse::<ActivationDuration>().is_err());
/// assert!("P1D".parse::<ActivationDuration>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActivationDuration {
    minutes: u16,
}

/// A text that is not an activation duration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// Not `PT#H#M`.
    #[error("expected an ISO 8601 duration such as PT30M, PT1H30M or PT8H, found {found:?}")]
    Syntax {
        /// The text, shortened to 60 characters.
        found: String,
    },
    /// Outside `PT30M..=PT8H`.
    #[error("activation may last from 30 minutes to 8 hours, found {found}")]
    OutOfRange {
        /// The duration found, as written.
        found: String,
    },
}

impl Violation for DurationError {
    fn rule(&self) -> Rule {
        Rule::InvalidDuration
    }
}

impl ActivationDuration {
    /// The shortest activation: 30 minutes.
    pub const MIN: ActivationDuration = ActivationDuration { minutes: 30 };
    /// The longest activation, and the default: 8 hours.
    pub const MAX: ActivationDuration = ActivationDuration { minutes: 8 * 60 };

    /// A duration of this many minutes.
    ///
    /// # Errors
    /// [`DurationError::OutOfRange`] outside 30..=480 minutes.
    pub fn from_minutes(minutes: u32) -> Result<Self, DurationError> {
        match u16::try_from(minutes) {
            Ok(m) if (Self::MIN.minutes..=Self::MAX.minutes).contains(&m) => {
                Ok(ActivationDuration { minutes: m })
            }
            _ => Err(DurationError::OutOfRange {
                found: format!("{minutes} minutes"),
            }),
        }
    }

    /// Reads `PT#H`, `PT#M` or `PT#H#M`.
    ///
    /// # Errors
    /// [`DurationError::Syntax`] for other forms (`PT`, `P1D`, `PT30M1H`, `pt8h`, `PT1.5H`),
    /// [`DurationError::OutOfRange`] outside `PT30M..=PT8H`.
    pub fn parse(text: &str) -> Result<Self, DurationError> {
        let syntax = || DurationError::Syntax {
            found: text.chars().take(60).collect(),
        };
        let rest = text.strip_prefix("PT").ok_or_else(syntax)?;
        let (mut total, mut digits, mut seen_hours, mut seen_minutes) =
            (0u64, None::<u64>, false, false);
        for c in rest.chars() {
            match c {
                '0'..='9' => {
                    let d = u64::from(c as u8 - b'0');
                    digits = Some(digits.unwrap_or(0).saturating_mul(10).saturating_add(d));
                }
                'H' if !seen_hours && !seen_minutes => {
                    total =
                        total.saturating_add(digits.take().ok_or_else(syntax)?.saturating_mul(60));
                    seen_hours = true;
                }
                'M' if !seen_minutes => {
                    total = total.saturating_add(digits.take().ok_or_else(syntax)?);
                    seen_minutes = true;
                }
                _ => return Err(syntax()),
            }
        }
        if digits.is_some() || !(seen_hours || seen_minutes) {
            return Err(syntax());
        }
        Self::from_minutes(u32::try_from(total).unwrap_or(u32::MAX)).map_err(|_| {
            DurationError::OutOfRange {
                found: text.to_owned(),
            }
        })
    }

    /// The duration in minutes.
    #[must_use]
    pub fn minutes(self) -> u32 {
        u32::from(self.minutes)
    }
}

impl Default for ActivationDuration {
    fn default() -> Self {
        Self::MAX
    }
}

impl FromStr for ActivationDuration {
    type Err = DurationError;
    fn from_str(text: &str) -> Result<Self, DurationError> {
        Self::parse(text)
    }
}

impl fmt::Display for ActivationDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (hours, minutes) = (self.minutes / 60, self.minutes % 60);
        f.write_str("PT")?;
        if hours > 0 {
            write!(f, "{hours}H")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}M")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ActivationDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActivationDuration({self})")
    }
}

impl Serialize for ActivationDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ActivationDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for ActivationDuration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActivationDuration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": duration_pattern(),
            "patternErrorMessage": "expected an ISO 8601 duration from PT30M to PT8H, such as PT30M, PT1H30M or PT8H",
            "default": "PT8H",
            "description": "How long a just-in-time activation may last: an ISO 8601 duration from PT30M to PT8H, in half-hour steps as advised.",
            "examples": ["PT30M", "PT4H", "PT8H"],
        })
    }
}

crate::document::decode::decode_from_str!(ActivationDuration);
