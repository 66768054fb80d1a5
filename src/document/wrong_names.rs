//! Names users bring from elsewhere: the fields of other offer types, of Partner Center's APIs
//! and older forms, and of ARM templates, written in an offer document where the format names the
//! same thing otherwise. Each is told with a message of its own and the field to write, instead
//! of "unknown field" and the nearest name by spelling (which would be wrong: `tenantIds` is
//! spelt nearest to no field of a private plan).
//!
//! One table, read by [`Object::finish`](super::decode::Object::finish) and by the missing
//! tag's report, where the unknown-field diagnostic is made. An entry applies in the objects
//! that know the field `beside`, which tells the object apart: `visibility` a plan's
//! availability, `planId` a plan, `authorizations` a manifest, `longSummary` the listing,
//! `privacyPolicyUrl` the legal terms, `engineeringContact` the support, `offerId` the offer.
//!
//! Sources, read 2026-12-06:
//! - Microsoft Learn, *Create plans for a Managed Service offer*
//!   (learn.microsoft.com/partner-center/marketplace-offers/create-managed-service-offer-plans,
//!   version of 2021-07-12): a private plan's audience is customers' Azure subscription IDs (the
//!   CSV's type `SubscriptionId`).
//! - Microsoft Learn, *Product Ingestion API for transactable containers*
//!   (learn.microsoft.com/partner-center/marketplace-offers/product-ingestion-api-container,
//!   version of 2023-05-10): the API of every offer type names a plan's `audience` (`public`,
//!   `private`) and `privateAudiences` (entries of `type` `tenant` or `subscription`), the
//!   listing's `searchResultSummary`, `shortDescription`, `generalLinks` and
//!   `privacyPolicyLink`, the offer's `previewAudiences` and `globalSupportWebsite`.
//! - Partner Center's older ingestion API (v1), as the models vendored in
//!   Azure/partnercenter-cli-extension name it: a feature availability's `tenantAudiences` and
//!   `subscriptionAudiences`.
//! - Azure Lighthouse's ARM templates (Azure/Azure-Lighthouse-samples, and `arm export`):
//!   `mspOfferName`, `managedByTenantId`.

/// A name that belongs to another form, where the offer document has a field of its own.
#[derive(Debug)]
pub(crate) struct WrongName {
    /// The name written.
    pub(crate) name: &'static str,
    /// A field the object knows: the entry applies in such objects only.
    pub(crate) beside: &'static str,
    /// The field to write: a field of the same object, or a path from the object (`availability.subscriptionIds`).
    pub(crate) right: &'static str,
    /// Where the name comes from and what the document wants instead.
    pub(crate) why: &'static str,
}

impl WrongName {
    /// The field to write is a field of the same object.
    pub(crate) fn is_rename(&self) -> bool {
        !self.right.contains('.')
    }

    /// The message of the unknown-field diagnostic.
    pub(crate) fn message(&self) -> String {
        format!("unknown field `{}`: {}", self.name, self.why)
    }

    /// The help: what to write.
    pub(crate) fn help(&self) -> String {
        if self.is_rename() {
            format!("Rename the field to `{}`.", self.right)
        } else {
            format!("Write the value as `{}` instead.", self.right)
        }
    }
}

const PRIVATE_AUDIENCE: &str = "a private plan of a Managed Service offer names its customers \
     by Azure subscription ID, as Partner Center asks for there (tenant IDs are the private \
     audience of other offer types); write them in `subscriptionIds`";

/// The table: every known wrong name, once.
pub(crate) const WRONG_NAMES: &[WrongName] = &[
    // A plan's availability.
    WrongName {
        name: "tenantIds",
        beside: "visibility",
        right: "subscriptionIds",
        why: PRIVATE_AUDIENCE,
    },
    WrongName {
        name: "tenantAudiences",
        beside: "visibility",
        right: "subscriptionIds",
        why: "`tenantAudiences` belongs to Partner Center's older API and other offer types; a \
              private plan of a Managed Service offer names its customers by Azure subscription \
              ID, in `subscriptionIds`",
    },
    WrongName {
        name: "subscriptionAudiences",
        beside: "visibility",
        right: "subscriptionIds",
        why: "`subscriptionAudiences` belongs to Partner Center's older API; here a private \
              plan lists its customers' subscription IDs in `subscriptionIds`",
    },
    WrongName {
        name: "privateAudiences",
        beside: "visibility",
        right: "subscriptionIds",
        why: "`privateAudiences` is the Product Ingestion API's list of typed entries; here a \
              private plan lists its customers' subscription IDs in `subscriptionIds`",
    },
    WrongName {
        name: "audience",
        beside: "visibility",
        right: "visibility",
        why: "`audience` is the Product Ingestion API's name; here a plan is `public` or \
              `private` by its `visibility`",
    },
    // A plan.
    WrongName {
        name: "tenantIds",
        beside: "planId",
        right: "availability.subscriptionIds",
        why: PRIVATE_AUDIENCE,
    },
    WrongName {
        name: "subscriptionIds",
        beside: "planId",
        right: "availability.subscriptionIds",
        why: "a plan names its customers in its `availability`, with `\"visibility\": \
              \"private\"`",
    },
    WrongName {
        name: "privateAudiences",
        beside: "planId",
        right: "availability.subscriptionIds",
        why: "`privateAudiences` is the Product Ingestion API's list of typed entries; here a \
              plan names its customers' subscription IDs in its `availability`, with \
              `\"visibility\": \"private\"`",
    },
    WrongName {
        name: "audience",
        beside: "planId",
        right: "availability.visibility",
        why: "`audience` is the Product Ingestion API's name; here a plan is `public` or \
              `private` by its `availability`'s `visibility`",
    },
    // A manifest.
    WrongName {
        name: "managedByTenantId",
        beside: "authorizations",
        right: "tenantId",
        why: "`managedByTenantId` is the ARM template's name; a plan's manifest names the \
              provider's tenant in `tenantId`",
    },
    // The offer.
    WrongName {
        name: "mspOfferName",
        beside: "offerId",
        right: "name",
        why: "`mspOfferName` is a parameter of Azure Lighthouse's ARM templates; the offer's \
              name is `name`",
    },
    // The listing.
    WrongName {
        name: "searchResultSummary",
        beside: "longSummary",
        right: "summary",
        why: "`searchResultSummary` is the Product Ingestion API's name; here the one line of \
              search results is `summary`",
    },
    WrongName {
        name: "shortDescription",
        beside: "longSummary",
        right: "longSummary",
        why: "`shortDescription` is the Product Ingestion API's name; here the paragraph is \
              `longSummary`",
    },
    WrongName {
        name: "generalLinks",
        beside: "longSummary",
        right: "usefulLinks",
        why: "`generalLinks` is the Product Ingestion API's name; here the listing's links are \
              `usefulLinks`",
    },
    WrongName {
        name: "previewAudiences",
        beside: "longSummary",
        right: "previewSubscriptionIds",
        why: "`previewAudiences` is the Product Ingestion API's list of typed entries; here the \
              preview audience is a list of subscription IDs, `previewSubscriptionIds`",
    },
    WrongName {
        name: "privacyPolicyLink",
        beside: "longSummary",
        right: "legal.privacyPolicyUrl",
        why: "`privacyPolicyLink` is the Product Ingestion API's name; here the privacy policy \
              is part of the legal terms",
    },
    // The legal terms.
    WrongName {
        name: "privacyPolicyLink",
        beside: "privacyPolicyUrl",
        right: "privacyPolicyUrl",
        why: "`privacyPolicyLink` is the Product Ingestion API's name; here it is \
              `privacyPolicyUrl`",
    },
    // The support.
    WrongName {
        name: "globalSupportWebsite",
        beside: "engineeringContact",
        right: "supportUrls",
        why: "`globalSupportWebsite` is the Product Ingestion API's name; here the support \
              pages are `supportUrls`",
    },
];

/// The entry for `name` written in an object that knows the fields `known`, if there is one.
pub(crate) fn wrong_name(name: &str, known: &[&str]) -> Option<&'static WrongName> {
    WRONG_NAMES
        .iter()
        .find(|entry| entry.name == name && known.contains(&entry.beside))
}

#[cfg(test)]
mod tests {
    use super::{WRONG_NAMES, wrong_name};

    #[test]
    fn each_name_is_written_once_per_object() {
        for (n, a) in WRONG_NAMES.iter().enumerate() {
            for b in &WRONG_NAMES[n + 1..] {
                assert!(
                    (a.name, a.beside) != (b.name, b.beside),
                    "{} is in the table twice beside {}",
                    a.name,
                    a.beside
                );
            }
            assert_ne!(a.name, a.beside, "{a:?}");
        }
    }

    #[test]
    fn an_entry_applies_beside_its_field_only() {
        assert_eq!(
            wrong_name("tenantIds", &["visibility", "subscriptionIds"]).map(|w| w.right),
            Some("subscriptionIds")
        );
        assert_eq!(
            wrong_name("tenantIds", &["planId", "title"]).map(|w| w.right),
            Some("availability.subscriptionIds")
        );
        assert!(wrong_name("tenantIds", &["principalId"]).is_none());
    }
}
