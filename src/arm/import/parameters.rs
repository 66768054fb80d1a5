//! Reading a parameters file: the parameters Microsoft's samples name, their values, the scope
//! and the Marketplace plan they give.

use super::walk::get_ci;
use super::{
    ArmFile, GroupSource, Inputs, KNOWN_PARAMETERS, MarketplaceInput, POLICY_PARAMETERS, Parameter,
    Reader, ScopeInput, Source, WHAT_AUTHORIZATIONS, WHAT_DESCRIPTION, WHAT_ELIGIBLE, WHAT_GROUP,
    WHAT_MARKETPLACE, WHAT_NAME, WHAT_TENANT, WHAT_VERSION, names,
};
use crate::document::decode::At;
use crate::document::decode::describe_json as describe;
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use crate::values::version::ManifestVersion;
use serde_json::Map;
use serde_json::Value;

/// What belongs in a parameter, in words.
fn what_parameter(name: &str) -> &'static str {
    match name {
        "mspOfferName" | "managedByName" => WHAT_NAME,
        "mspOfferDescription" | "managedByDescription" => WHAT_DESCRIPTION,
        "managedByTenantId" => WHAT_TENANT,
        "authorizations" | "managedByAuthorizations" => WHAT_AUTHORIZATIONS,
        "eligibleAuthorizations" => WHAT_ELIGIBLE,
        "rgName" | "resourceGroups" => WHAT_GROUP,
        "marketplaceOffer" => "`Yes` or `No`",
        "marketplacePlanVersion" => WHAT_VERSION,
        _ => WHAT_MARKETPLACE,
    }
}

/// What belongs in a field of an authorization, by the field's name.
pub(super) fn what_field(key: Option<&str>, default: &'static str) -> &'static str {
    match key {
        Some("principalId") => "the object ID of a user or group in the managing tenant",
        Some("principalIdDisplayName") => "the principal's display name",
        Some("roleDefinitionId" | "delegatedRoleDefinitionIds") => "the ID of a built-in role",
        Some("rgName") => WHAT_GROUP,
        _ => default,
    }
}

impl Reader {
    // ---- parameters files ----

    #[allow(clippy::too_many_lines)]
    pub(super) fn parameters_file(&mut self, root: &Map<String, Value>) -> Option<Inputs> {
        let at_parameters = JsonPointer::root().key("parameters");
        let Some(parameters) = root["parameters"].as_object() else {
            self.error(
                ArmFile::Parameters,
                Rule::WrongType,
                at_parameters,
                format!(
                    "expected an object, found {}",
                    describe(&root["parameters"])
                ),
            );
            return None;
        };
        let has = |name: &str| get_ci(parameters, name).is_some();
        let policy = has("managedByAuthorizations") && !has("authorizations");
        if !has("authorizations") && !has("mspOfferName") && !policy {
            let found: Vec<&str> = parameters.keys().map(String::as_str).collect();
            self.error(
                ArmFile::Parameters,
                Rule::NotADelegation,
                at_parameters,
                format!(
                    "expected the parameters of an Azure Lighthouse delegation (`mspOfferName`, `managedByTenantId`, `authorizations`, or the policy's `managedByName`, `managedByTenantId`, `managedByAuthorizations`), found {}; a parameters file with other names is checked with its template (`--template`)",
                    if found.is_empty() { "none".to_owned() } else { names(&found) }
                ),
            );
            return None;
        }
        for key in root.keys() {
            if !matches!(key.as_str(), "$schema" | "contentVersion" | "parameters") {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    JsonPointer::root().key(key),
                    format!(
                        "unknown field `{key}`; expected one of `$schema`, `contentVersion`, `parameters`"
                    ),
                );
            }
        }
        let known: Vec<&'static str> = if policy {
            POLICY_PARAMETERS.iter().map(|(n, _)| *n).collect()
        } else {
            KNOWN_PARAMETERS.to_vec()
        };
        let mut values = self.parameter_values(parameters, &at_parameters, &known);
        let mut take = |name: &str| {
            values
                .iter()
                .position(|(k, _)| *k == name)
                .map_or(Parameter::Absent, |i| match values.swap_remove(i).1 {
                    Some(source) => Parameter::Given(source),
                    None => Parameter::Unreadable,
                })
        };
        // The policy's parameters name the delegation, its description and its permanent
        // authorizations otherwise; the tenant is `managedByTenantId` in both.
        let [
            name_parameter,
            description_parameter,
            authorizations_parameter,
        ] = if policy {
            [
                "managedByName",
                "managedByDescription",
                "managedByAuthorizations",
            ]
        } else {
            ["mspOfferName", "mspOfferDescription", "authorizations"]
        };
        let name = take(name_parameter);
        let description = take(description_parameter);
        let tenant = take("managedByTenantId");
        let authorizations = take(authorizations_parameter);
        for (source, parameter, what) in [
            (&name, name_parameter, WHAT_NAME),
            (&tenant, "managedByTenantId", WHAT_TENANT),
            (
                &authorizations,
                authorizations_parameter,
                "the permanent authorizations",
            ),
        ] {
            if source.is_absent() {
                self.missing_parameter(parameter, what);
            }
        }
        let missing_at = description
            .is_absent()
            .then(|| (ArmFile::Parameters, at_parameters.clone()));
        if policy {
            return Some(Inputs {
                name: name.source(),
                description: description.source(),
                description_missing_at: missing_at,
                tenant: tenant.source(),
                authorizations: authorizations.source(),
                eligible: None,
                // The policy deploys one delegation per subscription.
                scope: ScopeInput::Subscription,
                marketplace: None,
                content_version: None,
            });
        }
        let eligible = take("eligibleAuthorizations");
        let rg_name = take("rgName");
        let resource_groups = take("resourceGroups");
        let flag = take("marketplaceOffer");
        let ids = [
            take("marketplacePublisherId"),
            take("marketplaceOfferId"),
            take("marketplacePlanId"),
            take("marketplacePlanVersion"),
        ];

        let scope = self.scope_parameters(rg_name.source(), resource_groups.source());
        let marketplace = self.marketplace_parameters(flag.source().as_ref(), ids);
        let content_version = root
            .get("contentVersion")
            .and_then(Value::as_str)
            .and_then(|text| text.strip_suffix(".0"))
            .and_then(|text| ManifestVersion::parse(text).ok());

        Some(Inputs {
            name: name.source(),
            description: description.source(),
            description_missing_at: missing_at,
            tenant: tenant.source(),
            authorizations: authorizations.source(),
            eligible: eligible.source(),
            scope,
            marketplace,
            content_version,
        })
    }

    /// The scope of a parameters file: `rgName`, `resourceGroups`, or neither.
    fn scope_parameters(
        &mut self,
        rg_name: Option<Source>,
        resource_groups: Option<Source>,
    ) -> ScopeInput {
        match (rg_name, resource_groups) {
            (None, None) => ScopeInput::Subscription,
            (Some(one), None) => ScopeInput::Groups(vec![GroupSource::One(one)]),
            (None, Some(list)) => ScopeInput::Groups(vec![GroupSource::List(list)]),
            (Some(_), Some(list)) => {
                self.error(
                    list.file,
                    Rule::ConflictingParameters,
                    list.at,
                    "expected either `rgName` (one resource group) or `resourceGroups` (several), found both",
                );
                ScopeInput::Invalid
            }
        }
    }

    /// The known parameters, each with its value where its `value` is, or `None` when the
    /// parameter is there but has no readable value (already reported).
    fn parameter_values(
        &mut self,
        parameters: &Map<String, Value>,
        at_parameters: &JsonPointer,
        known_names: &[&'static str],
    ) -> Vec<(&'static str, Option<Source>)> {
        let mut values: Vec<(&'static str, Option<Source>)> = Vec::new();
        for (key, entry) in parameters {
            let at = at_parameters.clone().key(key);
            let Some(known) = known_names.iter().find(|k| k.eq_ignore_ascii_case(key)) else {
                self.error(
                    ArmFile::Parameters,
                    Rule::UnknownField,
                    at,
                    format!(
                        "unknown parameter `{key}`; a delegation's parameters file has {} (check a file with other names with its template, `--template`)",
                        names(known_names)
                    ),
                );
                continue;
            };
            if values.iter().any(|(k, _)| k == known) {
                self.error(
                    ArmFile::Parameters,
                    Rule::DuplicateItem,
                    at,
                    format!(
                        "parameter `{known}` is given twice; ARM compares parameter names without regard to case"
                    ),
                );
                continue;
            }
            let mut cx = self.roles.cx();
            let tree = crate::document::json::Value::from_serde(entry);
            let value = cx.object(&tree, At::Root).and_then(|mut obj| {
                let value = obj.raw("value").map(|_| ());
                if value.is_none() {
                    cx.error(
                        Rule::MissingField,
                        At::Root,
                        "missing required field `value`",
                    );
                }
                obj.finish(&mut cx);
                value
            });
            let value = value.and_then(|()| entry.get("value"));
            for d in cx.into_diagnostics() {
                self.push(ArmFile::Parameters, d.under(&at));
            }
            let source = value.map(|value| Source {
                value: value.clone(),
                file: ArmFile::Parameters,
                at: at.key("value"),
                what: what_parameter(known),
            });
            values.push((known, source));
        }
        values
    }

    fn marketplace_parameters(
        &mut self,
        flag: Option<&Source>,
        ids: [Parameter; 4],
    ) -> Option<MarketplaceInput> {
        let any_id = ids.iter().any(|id| !id.is_absent());
        let linked = match flag {
            None => any_id,
            Some(source) => match source.value.as_str() {
                Some("Yes") => true,
                Some("No") => false,
                Some(other) => {
                    self.error(
                        source.file,
                        Rule::UnknownVariant,
                        source.at.clone(),
                        format!("expected \"Yes\" or \"No\", found {other:?}"),
                    );
                    return None;
                }
                None => {
                    self.error(
                        source.file,
                        Rule::WrongType,
                        source.at.clone(),
                        format!("expected a string, found {}", describe(&source.value)),
                    );
                    return None;
                }
            },
        };
        if !linked {
            return None;
        }
        let [publisher, offer, plan, version] = ids;
        for (source, name) in [
            (&publisher, "marketplacePublisherId"),
            (&offer, "marketplaceOfferId"),
            (&plan, "marketplacePlanId"),
            (&version, "marketplacePlanVersion"),
        ] {
            if source.is_absent() {
                self.missing_parameter(name, "needed with a Marketplace plan");
            }
        }
        Some(MarketplaceInput {
            publisher: publisher.source(),
            offer: offer.source(),
            plan: plan.source(),
            version: version.source(),
        })
    }
}
