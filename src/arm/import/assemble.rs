//! Assembling what was read into a delegation: the manifest, the scope and the Marketplace
//! plan, each checked by the model's own rules.

use super::{ArmFile, DEFAULT_VERSION, GroupSource, Inputs, Reader, ScopeInput, Source};
use crate::arm::delegation::ArmDelegation;
use crate::arm::delegation::read_manifest;
use crate::arm::onboarding::MarketplacePlan;
use crate::arm::onboarding::RegistrationDescription;
use crate::arm::onboarding::RegistrationName;
use crate::arm::onboarding::ResourceGroupName;
use crate::arm::onboarding::ResourceGroups;
use crate::arm::onboarding::ResourceGroupsError;
use crate::arm::onboarding::Scope;
use crate::arm::onboarding::resource_group_problems;
use crate::document::decode::At;
use crate::report::diagnostic::Diagnostic;
use crate::report::diagnostic::JsonPointer;
use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;
use crate::values::text::OfferId;
use crate::values::text::PlanId;
use crate::values::text::PublisherId;
use crate::values::version::ManifestVersion;
use serde_json::Map;
use serde_json::Value;

impl Reader {
    pub(super) fn assemble(&mut self, inputs: Inputs) -> Option<ArmDelegation> {
        let Inputs {
            name,
            description,
            description_missing_at,
            tenant,
            authorizations,
            eligible,
            scope,
            marketplace,
            content_version,
        } = inputs;
        let mut sources: Vec<&Source> = [&name, &description, &tenant, &authorizations, &eligible]
            .into_iter()
            .flatten()
            .collect();
        if let ScopeInput::Groups(groups) = &scope {
            sources.extend(groups.iter().map(|g| match g {
                GroupSource::One(s) | GroupSource::List(s) => s,
            }));
        }
        if let Some(m) = &marketplace {
            sources.extend(
                [&m.publisher, &m.offer, &m.plan, &m.version]
                    .into_iter()
                    .flatten(),
            );
        }
        let sources: Vec<Source> = sources.into_iter().cloned().collect();
        for source in &sources {
            self.scan(&source.value, source.file, &source.at, None, source.what);
        }
        if let Some((file, at)) = description_missing_at {
            self.error(
                file,
                Rule::MissingDescription,
                at,
                "the registration definition has no description; the provider does not require one, but customers then see only the name: add a description of the offer",
            );
        }

        let name = name.and_then(|s| self.decode::<RegistrationName>(&s));
        let description = match description {
            None => Some(None),
            Some(s) => self.decode::<RegistrationDescription>(&s).map(Some),
        };
        let (marketplace, version) = match marketplace {
            None => (Some(None), content_version.unwrap_or(DEFAULT_VERSION)),
            Some(m) => {
                let publisher = m.publisher.and_then(|s| self.decode::<PublisherId>(&s));
                let offer = m.offer.and_then(|s| self.decode::<OfferId>(&s));
                let plan = m.plan.and_then(|s| self.decode::<PlanId>(&s));
                let version = m.version.and_then(|s| self.decode::<ManifestVersion>(&s));
                let plan = match (publisher, offer, plan) {
                    (Some(p), Some(o), Some(n)) => Some(Some(MarketplacePlan::new(p, o, n))),
                    _ => None,
                };
                (plan, version.unwrap_or(DEFAULT_VERSION))
            }
        };
        let manifest = self.manifest(tenant, authorizations, eligible);
        let scope = self.scope(scope);

        Some(ArmDelegation::new(
            name?,
            description?,
            version,
            manifest?,
            scope?,
            marketplace?,
        ))
    }

    /// Reads the tenant and authorizations by the provider's rules, and moves every finding
    /// to where its value is in the files.
    pub(super) fn manifest(
        &mut self,
        tenant: Option<Source>,
        authorizations: Option<Source>,
        eligible: Option<Source>,
    ) -> Option<crate::delegation::record::Delegation> {
        let mut document = Map::new();
        let mut bases: Vec<(&str, ArmFile, JsonPointer)> = Vec::new();
        for (key, source) in [
            ("tenantId", tenant),
            ("authorizations", authorizations),
            ("eligibleAuthorizations", eligible),
        ] {
            if let Some(source) = source {
                document.insert(key.into(), source.value);
                bases.push((key, source.file, source.at));
            }
        }
        // Without a tenant or authorizations there is no delegation (their absence is
        // reported already), but what is there is still checked.
        let complete = ["tenantId", "authorizations"]
            .iter()
            .all(|key| bases.iter().any(|(k, _, _)| k == key));
        let relocate = |d: &Diagnostic| -> Option<(ArmFile, Diagnostic)> {
            let mut tokens = d.path().tokens();
            let first = tokens.next()?;
            let (_, file, base) = bases.iter().find(|(key, _, _)| *key == first)?;
            let at = tokens.fold(base.clone(), |at, token| at.key(&token));
            Some((*file, d.clone().moved_to(at)))
        };
        let mut cx = self.roles.cx();
        let document = Value::Object(document);
        let (manifest, warnings) = read_manifest(
            &crate::document::json::Value::from_serde(&document),
            &mut cx,
        );
        let found: Vec<(ArmFile, Diagnostic)> = cx
            .into_diagnostics()
            .iter()
            .chain(&warnings)
            .filter_map(relocate)
            .collect();
        for (file, d) in found {
            self.push(file, d);
        }
        manifest.filter(|_| complete)
    }

    pub(super) fn scope(&mut self, input: ScopeInput) -> Option<Scope> {
        let groups = match input {
            ScopeInput::Subscription => return Some(Scope::Subscription),
            ScopeInput::Invalid => return None,
            ScopeInput::Groups(groups) => groups,
        };
        let mut found: Vec<(ResourceGroupName, ArmFile, JsonPointer)> = Vec::new();
        let mut complete = true;
        let mut list_at = None;
        for group in groups {
            match group {
                GroupSource::One(source) => match self.decode::<ResourceGroupName>(&source) {
                    Some(name) => found.push((name, source.file, source.at)),
                    None => complete = false,
                },
                GroupSource::List(source) => {
                    let mut cx = self.roles.cx();
                    let tree = crate::document::json::Value::from_serde(&source.value);
                    if let Some(items) = cx.array(&tree, At::Root) {
                        for (i, item) in items.iter().enumerate() {
                            let at = At::Root;
                            let at = at.index(i);
                            let name = cx.object(item, at).and_then(|mut obj| {
                                let name = obj.required::<ResourceGroupName>("rgName", &mut cx);
                                obj.finish(&mut cx);
                                name
                            });
                            match name {
                                Some(name) => {
                                    found.push((
                                        name,
                                        source.file,
                                        source.at.clone().index(i).key("rgName"),
                                    ));
                                }
                                None => complete = false,
                            }
                        }
                    } else {
                        complete = false;
                    }
                    for d in cx.into_diagnostics() {
                        self.push(source.file, d.under(&source.at));
                    }
                    list_at.get_or_insert((source.file, source.at));
                }
            }
        }
        let names: Vec<ResourceGroupName> = found.iter().map(|(n, _, _)| n.clone()).collect();
        let mut problems = resource_group_problems(&names);
        if !complete {
            // Groups that could not be read, or are known only at deployment, are reported.
            problems.retain(|p| !matches!(p, ResourceGroupsError::Empty));
        }
        let valid = problems.is_empty();
        for problem in problems {
            let (file, at) = match &problem {
                ResourceGroupsError::Duplicate { index, .. } => {
                    (found[*index].1, found[*index].2.clone())
                }
                _ => list_at
                    .clone()
                    .unwrap_or((ArmFile::Parameters, JsonPointer::root().key("parameters"))),
            };
            self.push(file, problem.at(at));
        }
        (complete && valid)
            .then(|| ResourceGroups::new(names).ok())
            .flatten()
            .map(Scope::ResourceGroups)
    }
}
