//! Reading a template: the registration definitions and assignments it deploys, their
//! properties evaluated, and the `plan` block.

use super::walk::get_ci;
use super::walk::is;
use super::walk::linked_templates;
use super::walk::resources_of;
use super::walk::type_of;
use super::{
    ASSIGNMENT_TYPE, ArmFile, DEFINITION_TYPE, Found, GroupSource, Inputs, MarketplaceInput,
    Reader, ScopeInput, Source, UNKNOWN_MARKER, WHAT_AUTHORIZATIONS, WHAT_DESCRIPTION,
    WHAT_ELIGIBLE, WHAT_GROUP, WHAT_MARKETPLACE, WHAT_NAME, WHAT_TENANT, WHAT_VERSION,
};
use crate::arm::api_version;
use crate::arm::evaluate::Val;
use crate::document::decode::describe_json as describe;
use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;
use serde_json::Map;
use serde_json::Value;

impl Reader {
    #[allow(clippy::too_many_lines)]
    pub(super) fn template(
        &mut self,
        root: &Map<String, Value>,
        file: Option<&Map<String, Value>>,
    ) -> Option<Inputs> {
        let at_resources = JsonPointer::root().key("resources");
        if !matches!(root["resources"], Value::Array(_) | Value::Object(_)) {
            self.error(
                ArmFile::Template,
                Rule::WrongType,
                at_resources,
                format!("expected an array, found {}", describe(&root["resources"])),
            );
            return None;
        }
        let mut frames = vec![self.root_frame(root, file)];
        let mut found = Vec::new();
        self.walk(
            &mut frames,
            0,
            root,
            &JsonPointer::root(),
            None,
            &mut found,
            0,
        );
        let definitions: Vec<&Found<'_>> = found
            .iter()
            .filter(|f| is(f.resource, DEFINITION_TYPE))
            .collect();
        let Some(definition) = definitions.first() else {
            let linked = linked_templates(root, &JsonPointer::root(), 0);
            if !linked.is_empty() {
                // The delegation may be in a template Azure fetches at deployment.
                self.unknown = true;
                for (at, uri) in linked {
                    self.error(
                        ArmFile::Template,
                        Rule::LinkedTemplate,
                        at,
                        format!(
                            "this deployment links the template {uri}, which Azure fetches at deployment and the checker does not; check that template itself"
                        ),
                    );
                }
                return None;
            }
            let mut types: Vec<&str> = resources_of(root, &JsonPointer::root())
                .iter()
                .map(|(r, _)| type_of(r))
                .collect();
            types.dedup();
            self.error(
                ArmFile::Template,
                Rule::NotADelegation,
                at_resources,
                format!(
                    "expected a template that deploys {DEFINITION_TYPE}, found {}",
                    if types.is_empty() {
                        "no resources".to_owned()
                    } else {
                        format!("resources of type {}", types.join(", "))
                    }
                ),
            );
            return None;
        };
        if let Some(second) = definitions.get(1) {
            self.error(
                ArmFile::Template,
                Rule::UnsupportedTemplate,
                second.at.clone(),
                format!(
                    "expected one registration definition, found another one besides the one at {}; read the template in parts",
                    definition.at
                ),
            );
            return None;
        }
        // A definition is a subscription resource: not in a resource group deployment.
        let group_template = root
            .get("$schema")
            .and_then(Value::as_str)
            .is_some_and(|schema| {
                schema
                    .to_ascii_lowercase()
                    .ends_with("/deploymenttemplate.json#")
            });
        if definition.group.is_some()
            || (group_template && definition.frame == 0 && definition.at.tokens().count() == 2)
        {
            self.error(
                ArmFile::Template,
                Rule::DefinitionAtResourceGroupScope,
                definition.at.clone(),
                "the registration definition is deployed to a resource group, but it is a subscription resource and the provider refuses it there; deploy the template to the subscription and only the assignments to resource groups",
            );
        }
        let frame = definition.frame;
        let at_definition = definition.at.clone();
        let resource = definition.resource;
        // A copy loop on the definition: its properties are read at the first index.
        let copy = resource.get("copy").map(|c| {
            let name = c.get("name").and_then(Value::as_str);
            let index = match c.get("count").map(|n| frames[frame].evaluation.json(n)) {
                Some(Ok(Val::Unknown(u))) => Val::Unknown(u),
                _ => Val::Int(0),
            };
            (name, index)
        });

        // The properties, each evaluated.
        let at_properties = at_definition.clone().key("properties");
        let properties = match resource.get("properties") {
            Some(Value::Object(map)) => map,
            Some(other) => {
                self.error(
                    ArmFile::Template,
                    Rule::UnsupportedExpression,
                    at_properties,
                    format!(
                        "expected the properties as an object, found {}",
                        describe(other)
                    ),
                );
                return None;
            }
            None => {
                self.error(
                    ArmFile::Template,
                    Rule::MissingField,
                    at_definition,
                    "missing required field `properties`",
                );
                return None;
            }
        };
        let frames_ref = &frames;
        let property = |me: &mut Self, key: &'static str, what: &'static str, required: bool| {
            if let Some((k, value)) = get_ci(properties, key) {
                me.resolve(
                    frames_ref,
                    frame,
                    copy.clone(),
                    value,
                    at_properties.clone().key(k),
                    what,
                )
            } else {
                if required {
                    me.error(
                        ArmFile::Template,
                        Rule::MissingField,
                        at_properties.clone(),
                        format!("missing required field `{key}`"),
                    );
                }
                None
            }
        };
        let name = property(self, "registrationDefinitionName", WHAT_NAME, true);
        let description_written =
            get_ci(properties, "description").is_some_and(|(_, v)| !v.is_null());
        let description = property(self, "description", WHAT_DESCRIPTION, false);
        let tenant = property(self, "managedByTenantId", WHAT_TENANT, true);
        let authorizations = property(self, "authorizations", WHAT_AUTHORIZATIONS, true);
        let eligible = property(self, "eligibleAuthorizations", WHAT_ELIGIBLE, false);
        // `[json('null')]` or `null` is as if the property were not there.
        let present = |s: Option<Source>| s.filter(|s| !s.value.is_null());
        let description = present(description);
        let eligible = present(eligible);
        let description_missing_at = (description.is_none() && !description_written)
            .then(|| (ArmFile::Template, at_properties.clone()));

        // The API versions of the definition and of its assignments.
        let has_eligible = eligible
            .as_ref()
            .is_some_and(|e| e.value.as_array().is_none_or(|items| !items.is_empty()));
        for f in &found {
            let Some(version) = f.resource.get("apiVersion").and_then(Value::as_str) else {
                continue;
            };
            let eligible_here = has_eligible && is(f.resource, DEFINITION_TYPE);
            if let Some(d) =
                api_version::judge(version, eligible_here, f.at.clone().key("apiVersion"))
            {
                self.push(ArmFile::Template, d);
            }
        }

        // The Marketplace plan block.
        let marketplace = match resource.get("plan") {
            None | Some(Value::Null) => None,
            Some(plan) => self
                .resolve(
                    &frames,
                    frame,
                    copy.clone(),
                    plan,
                    at_definition.clone().key("plan"),
                    WHAT_MARKETPLACE,
                )
                .filter(|plan| !plan.value.is_null())
                .and_then(|plan| self.plan_block(&plan)),
        };

        // The scope, from where the definition is assigned.
        let mut groups = Vec::new();
        let mut in_groups = false;
        let mut at_subscription = false;
        for f in found.iter().filter(|f| is(f.resource, ASSIGNMENT_TYPE)) {
            let Some(place) = &f.group else {
                at_subscription = true;
                continue;
            };
            in_groups = true;
            let indexes: Vec<Option<(Option<&str>, Val)>> = match place.copy {
                None => vec![None],
                Some((name, count)) => match frames[place.frame].evaluation.json(count) {
                    Ok(Val::Int(n)) => (0..n.clamp(0, crate::arm::evaluate::MAX_COPY_COUNT))
                        .map(|i| Some((name, Val::Int(i))))
                        .collect(),
                    Ok(Val::Unknown(u)) => vec![Some((name, Val::Unknown(u)))],
                    Ok(_) | Err(_) => vec![Some((name, Val::Int(0)))],
                },
            };
            for index in indexes {
                if let Some(source) = self.resolve(
                    &frames,
                    place.frame,
                    index,
                    place.value,
                    place.at.clone(),
                    WHAT_GROUP,
                ) {
                    // A copy loop over one literal group names it once per index: one group.
                    let again = groups.iter().any(|g| {
                        matches!(g, GroupSource::One(s) if s.at == source.at && s.file == source.file && s.value == source.value)
                    });
                    if !again {
                        groups.push(GroupSource::One(source));
                    }
                }
            }
        }
        let scope = if in_groups {
            if groups.is_empty() {
                ScopeInput::Invalid
            } else {
                ScopeInput::Groups(groups)
            }
        } else if at_subscription {
            ScopeInput::Subscription
        } else {
            // A definition alone is a request of its own: assigned later, its scope unknown.
            self.error(
                ArmFile::Template,
                Rule::UnassignedDefinition,
                definition.at.clone(),
                format!(
                    "the registration definition is not assigned here (no {ASSIGNMENT_TYPE} uses it), so it delegates nothing until it is assigned later, by a policy or in the portal; it is judged as written, its scope unknown"
                ),
            );
            ScopeInput::Invalid
        };

        Some(Inputs {
            name,
            description,
            description_missing_at,
            tenant,
            authorizations,
            eligible,
            scope,
            marketplace,
            content_version: None,
        })
    }

    /// The four fields of a template's `plan` block, already evaluated.
    fn plan_block(&mut self, plan: &Source) -> Option<MarketplaceInput> {
        let Some(map) = plan.value.as_object() else {
            if plan.value.as_str() != Some(UNKNOWN_MARKER) {
                self.error(
                    plan.file,
                    Rule::WrongType,
                    plan.at.clone(),
                    format!(
                        "expected the plan as an object, found {}",
                        describe(&plan.value)
                    ),
                );
            }
            return None;
        };
        let field = |me: &mut Self, key: &str, what: &'static str| {
            if let Some(value) = map.get(key) {
                Some(Source {
                    value: value.clone(),
                    file: plan.file,
                    at: plan.at.clone().key(key),
                    what,
                })
            } else {
                me.error(
                    plan.file,
                    Rule::MissingField,
                    plan.at.clone(),
                    format!("missing required field `{key}`"),
                );
                None
            }
        };
        Some(MarketplaceInput {
            publisher: field(self, "publisher", WHAT_MARKETPLACE),
            offer: field(self, "product", WHAT_MARKETPLACE),
            plan: field(self, "name", WHAT_MARKETPLACE),
            version: field(self, "version", WHAT_VERSION),
        })
    }
}
