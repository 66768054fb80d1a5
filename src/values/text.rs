//! Bounded texts and identifiers: titles, summaries, names and IDs whose limits come from Partner
//! Center.
//!
//! Every type here is a string that passed its rule. The rule is declared once, as the type's
//! constants and a `garde` attribute that reads them: the same declaration drives the check, the
//! JSON Schema (`minLength`, `maxLength`, `pattern`) and the limits quoted in these docs.
//! Lengths count characters (Unicode scalar values), not bytes, as Partner Center and JSON Schema
//! do: a title of 50 `é` fits in 50 characters.

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// A text that breaks its length, pattern or trimming rule.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Shorter than the minimum.
    #[error("{what} {}, at least {min} {} required", has(*.found), if *.min == 1 { "is" } else { "are" })]
    TooShort {
        /// What the text is, e.g. `plan title`.
        what: &'static str,
        /// The minimum number of characters.
        min: usize,
        /// The number of characters found.
        found: usize,
    },
    /// Longer than the maximum.
    #[error("{what} has {found} characters, at most {max} are allowed")]
    TooLong {
        /// What the text is, e.g. `plan title`.
        what: &'static str,
        /// The maximum number of characters.
        max: usize,
        /// The number of characters found.
        found: usize,
    },
    /// Starts or ends with white space, or spans several lines.
    #[error("{what} must be one line without leading or trailing white space, found {found:?}")]
    Untrimmed {
        /// What the text is, e.g. `display name`.
        what: &'static str,
        /// The text, shortened to 60 characters.
        found: String,
    },
    /// Has characters the identifier may not have.
    #[error("{what} may contain only {allowed}, found {found:?}")]
    InvalidCharacters {
        /// What the text is, e.g. `plan ID`.
        what: &'static str,
        /// The characters allowed, in words.
        allowed: &'static str,
        /// The text, shortened to 60 characters.
        found: String,
    },
}

fn has(found: usize) -> String {
    match found {
        0 => "is empty".into(),
        1 => "has 1 character".into(),
        n => format!("has {n} characters"),
    }
}

impl Violation for TextError {
    fn rule(&self) -> Rule {
        match self {
            TextError::TooShort { .. } => Rule::TextTooShort,
            TextError::TooLong { .. } => Rule::TextTooLong,
            TextError::Untrimmed { .. } => Rule::UntrimmedText,
            TextError::InvalidCharacters { .. } => Rule::InvalidIdentifier,
        }
    }
}

fn shortened(text: &str) -> String {
    text.chars().take(60).collect()
}

/// Explains why `garde` rejected `text`, from the same constants its attribute reads.
pub(crate) fn classify(
    text: &str,
    what: &'static str,
    min: usize,
    max: Option<usize>,
    allowed: Option<&'static str>,
) -> TextError {
    let found = text.chars().count();
    if found < min {
        TextError::TooShort { what, min, found }
    } else if let Some(max) = max.filter(|max| found > *max) {
        TextError::TooLong { what, max, found }
    } else if let Some(allowed) = allowed {
        TextError::InvalidCharacters {
            what,
            allowed,
            found: shortened(text),
        }
    } else {
        TextError::Untrimmed {
            what,
            found: shortened(text),
        }
    }
}

/// Whether `text` has `min` to `max` characters and matches the `one line` pattern
/// (`^[^ \t\r\n](?:[^\r\n]*[^ \t\r\n])?$`): not empty, no line break, no space, tab or line
/// break at either end. The pattern's verdict without the regex, for the common case of a valid
/// text; a text it refuses goes to `garde`, whose verdict and explanation stay the only ones.
pub(crate) fn fits_one_line(text: &str, min: usize, max: Option<usize>) -> bool {
    let edge = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return false;
    };
    if edge(first) || edge(last) || text.bytes().any(|b| b == b'\r' || b == b'\n') {
        return false;
    }
    let found = text.chars().count();
    found >= min && max.is_none_or(|max| found <= max)
}

macro_rules! text_type {
    // `one line`: no line break, and no white space at either end. The pattern is written here
    // only, for every text that names something customers see.
    (
        $(#[doc = $doc:literal])*
        $name:ident, $what:literal, chars $min:literal ..= $max:literal, one line
    ) => {
        crate::values::text::text_type! {
            $(#[doc = $doc])*
            $name, $what, chars $min ..= $max,
            allowed: None, pattern: r"^[^ \t\r\n](?:[^\r\n]*[^ \t\r\n])?$", one_line: true
        }
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident, $what:literal, chars $min:literal .., one line
    ) => {
        crate::values::text::text_type! {
            $(#[doc = $doc])*
            $name, $what, chars $min ..,
            allowed: None, pattern: r"^[^ \t\r\n](?:[^\r\n]*[^ \t\r\n])?$", one_line: true
        }
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident, $what:literal, chars $min:literal ..= $max:literal,
        allowed: $allowed:expr $(, pattern: $pattern:expr)? $(, one_line: $one:literal)?
    ) => {
        crate::values::text::text_type!(@emit $(#[doc = $doc])* $name, $what, $min, Some($max), $allowed, [$($one)?],
            concat!(": ", stringify!($max), "."),
            [length(chars, min = $min, max = $max) $(, pattern($pattern))?]);
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident, $what:literal, chars $min:literal ..,
        allowed: $allowed:expr $(, pattern: $pattern:expr)? $(, one_line: $one:literal)?
    ) => {
        crate::values::text::text_type!(@emit $(#[doc = $doc])* $name, $what, $min, None, $allowed, [$($one)?],
            ": no limit.",
            [length(chars, min = $min) $(, pattern($pattern))?]);
    };
    (@emit
        $(#[doc = $doc:literal])*
        $name:ident, $what:literal, $min:literal, $max:expr, $allowed:expr, [$($one_line:literal)?], $max_doc:expr,
        [$($garde:tt)*]
    ) => {
        $(#[doc = $doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema, garde::Validate)]
        #[serde(transparent)]
        #[garde(transparent)]
        pub struct $name(#[garde($($garde)*)] String);

        impl $name {
            #[doc = concat!("The fewest characters a ", $what, " may have: ", stringify!($min), ".")]
            pub const MIN_CHARS: usize = $min;

            #[doc = concat!("The most characters a ", $what, " may have", $max_doc)]
            pub const MAX_CHARS: Option<usize> = $max;

            /// Whether the text is checked by the `one line` pattern, which [`fits_one_line`]
            /// decides without the regex for a valid text.
            ///
            /// [`fits_one_line`]: crate::values::text::fits_one_line
            const ONE_LINE: bool = matches!(&[$($one_line)?] as &[bool], [true]);

            #[doc = concat!("Checks and wraps a ", $what, ".")]
            ///
            /// # Errors
            /// A [`TextError`](crate::values::TextError) that says which limit the text breaks.
            pub fn new(text: impl Into<String>) -> Result<Self, crate::values::text::TextError> {
                let value = Self(text.into());
                if Self::ONE_LINE && crate::values::text::fits_one_line(&value.0, Self::MIN_CHARS, Self::MAX_CHARS) {
                    return Ok(value);
                }
                match garde::Validate::validate(&value) {
                    Ok(()) => Ok(value),
                    Err(_) => Err(crate::values::text::classify(&value.0, $what, Self::MIN_CHARS, Self::MAX_CHARS, $allowed)),
                }
            }

            /// The text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The text, owned.
            #[must_use]
            pub fn into_string(self) -> String {
                self.0
            }
        }

        crate::values::text::text_conversions!($name, crate::values::text::TextError);
    };
}

pub(crate) use text_type;

/// The conversions every text value of the crate has, all through its checking `new`
/// (`impl Into<String>`) and its `as_str`: `FromStr`, `TryFrom<&str>`, `TryFrom<String>`,
/// `AsRef<str>`, `Display` (the text), `Debug` (`Name("text")`), serde's `Deserialize` and the
/// document reader's `Decode`.
macro_rules! text_conversions {
    ($name:ident, $error:ty) => {
        impl std::str::FromStr for $name {
            type Err = $error;
            fn from_str(text: &str) -> Result<Self, $error> {
                Self::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $error;
            fn try_from(text: &str) -> Result<Self, $error> {
                Self::new(text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $error;
            fn try_from(text: String) -> Result<Self, $error> {
                Self::new(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Self::new(<String as serde::Deserialize>::deserialize(deserializer)?)
                    .map_err(serde::de::Error::custom)
            }
        }

        impl crate::document::decode::Decode for $name {
            fn decode(
                value: &crate::document::json::Value<'_>,
                at: crate::document::decode::At<'_>,
                cx: &mut crate::document::decode::Cx,
            ) -> Option<Self> {
                cx.parse_str(value, at, |text| Self::new(text))
            }
        }
    };
}
pub(crate) use text_conversions;

/// The characters of offer, plan and publisher IDs, in words.
const ID_CHARACTERS: &str = "lowercase letters, digits, `-` and `_`";

text_type! {
    /// The ID of an offer: lowercase letters, digits, `-` and `_`, 1 to 50 characters. Unique among the publisher's offers; customers see it in URLs and billing;
    /// it can never change once the offer is published (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::OfferId;
    ///
    /// assert!(OfferId::new("contoso-sentinel").is_ok());
    /// assert!(OfferId::new("Contoso Sentinel").is_err());
    /// ```
    OfferId, "offer ID", chars 1..=50,
    allowed: Some(ID_CHARACTERS), pattern: "^[a-z0-9_-]+$"
}

text_type! {
    /// The ID of a plan: lowercase letters, digits, `-` and `_`, 1 to 50 characters. Unique within its offer; it can never change once the plan is published
    /// (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::PlanId;
    ///
    /// assert!(PlanId::new("gold_24x7").is_ok());
    /// assert!(PlanId::new("gold.24x7").is_err());
    /// ```
    PlanId, "plan ID", chars 1..=50,
    allowed: Some(ID_CHARACTERS), pattern: "^[a-z0-9_-]+$"
}

text_type! {
    /// The ID of the Partner Center publisher account the offer belongs to: lowercase letters,
    /// digits, `-` and `_`, 1 to 50 characters. It appears in the offer's Marketplace URL and in
    /// the `publisher` of a Marketplace delegation's ARM plan block.
    ///
    /// ```
    /// use lighthouse_offer::PublisherId;
    ///
    /// assert!(PublisherId::new("contoso").is_ok());
    /// assert!(PublisherId::new("").is_err());
    /// ```
    PublisherId, "publisher ID", chars 1..=50,
    allowed: Some(ID_CHARACTERS), pattern: "^[a-z0-9_-]+$"
}

text_type! {
    /// The title of a plan, as customers see it: 1 to 200 characters, the loosest limit of any
    /// edition (Microsoft Learn's "Use a maximum of 200 characters", edition 2026). The offer's
    /// edition may allow fewer: edition 2020 (seed documents) allows 50, checked by the offer's
    /// reader and builder (see [`EditionRules`](crate::edition::EditionRules)).
    ///
    /// ```
    /// use lighthouse_offer::PlanTitle;
    ///
    /// assert!(PlanTitle::new("é".repeat(200)).is_ok());
    /// assert!(PlanTitle::new("é".repeat(201)).is_err());
    /// ```
    PlanTitle, "plan title", chars 1..=200, one line
}

text_type! {
    /// The summary of a plan: 1 to 100 characters (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::PlanSummary;
    ///
    /// assert!(PlanSummary::new("24x7 monitoring of Microsoft Sentinel").is_ok());
    /// assert!(PlanSummary::new("x".repeat(101)).is_err());
    /// ```
    PlanSummary, "plan summary", chars 1..=100,
    allowed: None
}

text_type! {
    /// The description of a plan: required, so at least one character (seed documents, 2020).
    ///
    /// ```
    /// use lighthouse_offer::PlanDescription;
    ///
    /// assert!(PlanDescription::new("Round-the-clock monitoring by our SOC.").is_ok());
    /// assert!(PlanDescription::new("").is_err());
    /// ```
    PlanDescription, "plan description", chars 1..,
    allowed: None
}

text_type! {
    /// The display name of a principal, shown to the customer when delegating
    /// (ARM: `principalIdDisplayName`): required in Partner Center, one line, with no white space
    /// at either end.
    ///
    /// ```
    /// use lighthouse_offer::DisplayName;
    ///
    /// assert!(DisplayName::new("Contoso SOC analysts").is_ok());
    /// assert!(DisplayName::new(" Contoso SOC analysts").is_err());
    /// ```
    DisplayName, "display name", chars 1.., one line
}

#[cfg(test)]
mod tests {
    use super::fits_one_line;

    /// The direct check gives the `one line` pattern's verdict (with the length limits) on every
    /// edge the pattern has.
    #[test]
    fn fits_one_line_agrees_with_the_pattern() {
        let pattern = regex::Regex::new(r"^[^ \t\r\n](?:[^\r\n]*[^ \t\r\n])?$").unwrap();
        let texts = [
            "",
            "a",
            " ",
            "\t",
            "\n",
            "\r",
            "ab",
            "a b",
            " a",
            "a ",
            "\ta",
            "a\t",
            "a\nb",
            "a\rb",
            "é",
            "é ü",
            "a\u{a0}",
            "\u{a0}",
            "a\u{2028}b",
            "Contoso SOC analysts",
            "x\n",
        ];
        for text in texts {
            for (min, max) in [(1, None), (1, Some(2)), (2, Some(200))] {
                let count = text.chars().count();
                let expected =
                    pattern.is_match(text) && count >= min && max.is_none_or(|max| count <= max);
                assert_eq!(
                    fits_one_line(text, min, max),
                    expected,
                    "{text:?} {min} {max:?}"
                );
            }
        }
    }
}
