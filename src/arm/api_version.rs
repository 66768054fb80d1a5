//! The API versions of the `Microsoft.ManagedServices` resource provider, declared once: what
//! `arm check` judges a template's `apiVersion` by, and what `arm export` writes.
//!
//! Source: the provider's REST specification (Azure/azure-rest-api-specs,
//! `specification/managedservices/resource-manager/Microsoft.ManagedServices/{preview,stable}`,
//! read 2026-12-03) and Microsoft Learn's change log of `registrationDefinitions` (eligible
//! authorizations added in 2020-02-01-preview). No version has a retirement notice.
//! 2019-12-01-preview and 2021-11-01-preview were in the specification's history only: whether
//! the provider served them is not known, so they are accepted with the warning of old versions.

use crate::report::diagnostic::{Diagnostic, JsonPointer};
use crate::report::rules::Rule;

/// One API version of `Microsoft.ManagedServices`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiVersion {
    /// The version, as templates write it.
    pub version: &'static str,
    /// Whether registration definitions of this version may have `eligibleAuthorizations`.
    pub eligible_authorizations: bool,
}

/// The version `arm export` writes: the latest stable one, which knows eligible authorizations.
pub const LATEST: ApiVersion = ApiVersion {
    version: "2022-10-01",
    eligible_authorizations: true,
};

/// Every version the provider's specification has had, oldest first.
pub const KNOWN: [ApiVersion; 9] = [
    ApiVersion {
        version: "2018-06-01-preview",
        eligible_authorizations: false,
    },
    ApiVersion {
        version: "2019-04-01-preview",
        eligible_authorizations: false,
    },
    ApiVersion {
        version: "2019-06-01",
        eligible_authorizations: false,
    },
    ApiVersion {
        version: "2019-09-01",
        eligible_authorizations: false,
    },
    // A different model (`roleAssignmentType` inside authorizations), never in the readme's
    // tags; its eligible authorizations are not `eligibleAuthorizations`.
    ApiVersion {
        version: "2019-12-01-preview",
        eligible_authorizations: false,
    },
    ApiVersion {
        version: "2020-02-01-preview",
        eligible_authorizations: true,
    },
    ApiVersion {
        version: "2021-11-01-preview",
        eligible_authorizations: true,
    },
    ApiVersion {
        version: "2022-01-01-preview",
        eligible_authorizations: true,
    },
    LATEST,
];

/// The first version with eligible authorizations.
pub const FIRST_WITH_ELIGIBLE: &str = "2020-02-01-preview";

/// The finding for a resource's `apiVersion` at `at`: unknown (error), too old for its eligible
/// authorizations (error), or older than [`LATEST`] (warning).
pub(crate) fn judge(version: &str, has_eligible: bool, at: JsonPointer) -> Option<Diagnostic> {
    let Some(known) = KNOWN
        .iter()
        .find(|k| k.version.eq_ignore_ascii_case(version))
    else {
        let list: Vec<&str> = KNOWN.iter().map(|k| k.version).collect();
        return Some(Diagnostic::new(
            Rule::UnknownApiVersion,
            at,
            format!(
                "Microsoft.ManagedServices has no API version {version:?}; expected {} (the latest), or one of {}",
                LATEST.version,
                list.join(", ")
            ),
        ));
    };
    if has_eligible && !known.eligible_authorizations {
        return Some(Diagnostic::new(
            Rule::EligibleNeedsNewerApiVersion,
            at,
            format!(
                "API version {} has no eligible authorizations, and the provider refuses them below {FIRST_WITH_ELIGIBLE}; expected {}",
                known.version, LATEST.version
            ),
        ));
    }
    (known.version != LATEST.version).then(|| {
        Diagnostic::new(
            Rule::OldApiVersion,
            at,
            format!(
                "API version {} still works, but the current one is {}",
                known.version, LATEST.version
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_judged() {
        let at = JsonPointer::root;
        assert_eq!(judge("2022-10-01", true, at()), None);
        assert_eq!(
            judge("2019-06-01", false, at()).unwrap().rule(),
            Rule::OldApiVersion
        );
        assert_eq!(
            judge("2019-06-01", true, at()).unwrap().rule(),
            Rule::EligibleNeedsNewerApiVersion
        );
        assert_eq!(
            judge("2020-02-01-preview", true, at()).unwrap().rule(),
            Rule::OldApiVersion
        );
        assert_eq!(
            judge("2023-01-01", false, at()).unwrap().rule(),
            Rule::UnknownApiVersion
        );
    }
}
