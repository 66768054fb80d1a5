//! Reading what Azure publishes for plans: the marketplace registration definitions of each
//! plan identifier, asked of one customer subscription.
//!
//! `GET /subscriptions/{id}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?api-version=2022-10-01&$filter=planIdentifier eq '{publisher}.{offer}.{plan}.{version}'`
//! (REST API 2022-10-01, `MarketplaceRegistrationDefinitions_List`; the filter as the
//! specification's example writes it), every page followed. The client, its bounds, its tries
//! again and its care of the token are the audit's ([`super`]).

use std::fmt::Write as _;

use super::{
    AccessToken, Client, LiveError, LiveOptions, MANAGED_SERVICES_API_VERSION, answered, unreadable,
};
use crate::values::guid::SubscriptionId;

/// What Azure answered for one plan identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublishedAnswer {
    /// The list of marketplace registration definitions (every page joined, `{"value": […]}`
    /// pretty-printed), for [`Deployed::from_json_str`](crate::audit::Deployed::from_json_str);
    /// it may be empty.
    List(String),
    /// Azure answered 404: nothing is published under this identifier.
    NotFound,
    /// It could not be read (refused, failed after the tries, not JSON): the
    /// `subscription-unreadable` diagnostic.
    Unreadable(crate::report::diagnostic::Diagnostic),
}

/// What [`read_published`] read: the subscription asked, and each identifier's answer in the
/// order given.
#[derive(Clone, Debug)]
pub struct PublishedRun {
    subscription: SubscriptionId,
    answers: Vec<(String, PublishedAnswer)>,
    requests: usize,
}

impl PublishedRun {
    /// The subscription the definitions were read from.
    #[must_use]
    pub fn subscription(&self) -> SubscriptionId {
        self.subscription
    }

    /// Each identifier with what Azure answered for it.
    #[must_use]
    pub fn answers(&self) -> &[(String, PublishedAnswer)] {
        &self.answers
    }

    /// The requests sent, tries again included.
    #[must_use]
    pub fn requests(&self) -> usize {
        self.requests
    }
}

/// A `$filter` value in a URL: the identifier's characters are letters, digits, `.`, `-` and
/// `_`; anything else is percent-encoded, as are the space and the quotes.
fn filter(identifier: &str) -> String {
    let mut out = String::from("planIdentifier%20eq%20%27");
    for byte in identifier.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out.push_str("%27");
    out
}

/// Reads the marketplace registration definitions of each identifier (see
/// [`marketplace_identifier`](crate::audit::published::marketplace_identifier)) from the first
/// subscription of [`LiveOptions::subscriptions`], or, without one, the first the token sees:
/// any customer subscription of the offer can read them.
///
/// # Errors
/// A [`LiveError`] when the endpoint is not allowed, the token is malformed, or no subscription
/// is given and none can be listed.
pub fn read_published(
    options: &LiveOptions,
    token: AccessToken,
    identifiers: &[String],
) -> Result<PublishedRun, LiveError> {
    token.check()?;
    let client = Client::new(options, token)?;
    let subscription = match options.subscriptions.first() {
        Some(&subscription) => subscription,
        None => *client.subscriptions()?.first().ok_or_else(|| {
            LiveError::ListSubscriptions(
                "the token sees no subscription to read the published plans from".to_owned(),
            )
        })?,
    };
    let not_found = answered("Azure Resource Manager", 404);
    let mut answers = Vec::new();
    for identifier in identifiers {
        let url = format!(
            "{}/subscriptions/{subscription}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?api-version={MANAGED_SERVICES_API_VERSION}&$filter={}",
            client.endpoint,
            filter(identifier)
        );
        let answer = match client.list(url) {
            Ok(items) => {
                let mut text = serde_json::to_string_pretty(&serde_json::json!({ "value": items }))
                    .unwrap_or_else(|_| "{\"value\": []}".to_owned());
                text.push('\n');
                PublishedAnswer::List(text)
            }
            Err(message) if message == not_found => PublishedAnswer::NotFound,
            Err(message) => PublishedAnswer::Unreadable(unreadable(subscription, &message)),
        };
        answers.push((identifier.clone(), answer));
    }
    Ok(PublishedRun {
        subscription,
        answers,
        requests: client.requests.load(std::sync::atomic::Ordering::Relaxed),
    })
}

#[cfg(test)]
mod tests {
    use super::filter;

    #[test]
    fn the_filter_is_percent_encoded() {
        assert_eq!(
            filter("contoso.sentinel.gold.1.2.0"),
            "planIdentifier%20eq%20%27contoso.sentinel.gold.1.2.0%27"
        );
        assert_eq!(filter("a b'"), "planIdentifier%20eq%20%27a%20b%27%27");
    }
}
