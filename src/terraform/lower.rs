//! From the resources of a module to the ARM templates the resource provider receives: each
//! registration definition (with the assignments that name it) becomes one subscription
//! template, every value a literal and every unknown a marker, with a map from each JSON Pointer
//! of the template back to where its value is written.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::report::diagnostic::JsonPointer;
use crate::report::rules::Rule;

use super::eval::Ev;
use super::module::{Ctx, Fault, Scope};
use super::value::{At, Kind, V, Why};

/// The function name that stands for an unknown value in a lowered template.
pub(crate) const MARKER: &str = "terraformUnknown";
/// The API version the azurerm provider uses for both resources.
const AZURERM_API_VERSION: &str = "2022-10-01";
const DEFINITION_TYPE: &str = "Microsoft.ManagedServices/registrationDefinitions";
const ASSIGNMENT_TYPE: &str = "Microsoft.ManagedServices/registrationAssignments";

/// A block evaluated: its arguments and its nested blocks by type.
#[derive(Clone, Debug, Default)]
pub(crate) struct Res {
    pub attrs: BTreeMap<String, V>,
    pub blocks: BTreeMap<String, Blocks>,
    pub at: Option<At>,
}

/// The nested blocks of one type: known, or unknown (a `dynamic` block over an unknown value).
#[derive(Clone, Debug)]
pub(crate) enum Blocks {
    Known(Vec<Res>),
    Unknown(V),
}

impl Res {
    fn blocks(&self, name: &str) -> Result<&[Res], &V> {
        match self.blocks.get(name) {
            None => Ok(&[]),
            Some(Blocks::Known(list)) => Ok(list),
            Some(Blocks::Unknown(v)) => Err(v),
        }
    }
}

/// A resource of interest found in the module (or a plan).
#[derive(Clone, Debug)]
pub(crate) enum Deployed {
    Definition {
        address: String,
        /// The ARM resource: `name`, `apiVersion`, `properties`, `plan`.
        arm: V,
        at: Option<At>,
    },
    Assignment {
        /// The definition it names: by address (a reference) or by the ID's value.
        definition: V,
        /// The scope: `/subscriptions/…` or `…/resourceGroups/NAME`.
        scope: V,
        api_version: String,
        at: Option<At>,
    },
}

const META: [&str; 6] = [
    "count",
    "for_each",
    "depends_on",
    "lifecycle",
    "provider",
    "providers",
];

impl Ev<'_, '_> {
    /// Evaluates a block's body: arguments, nested blocks and `dynamic` blocks.
    #[allow(clippy::too_many_lines)]
    pub fn body(
        &mut self,
        inst: usize,
        scope: &mut Scope,
        file: usize,
        body: &hcl_edit::structure::Body,
        at: Option<At>,
    ) -> Result<Res, Fault> {
        let mut res = Res {
            at,
            ..Res::default()
        };
        for attr in body.attributes() {
            let key = attr.key.as_str();
            if META.contains(&key) {
                continue;
            }
            let v = self.eval(inst, scope, file, &attr.value)?;
            res.attrs.insert(key.to_owned(), v);
        }
        for block in body.blocks() {
            let block_at = super::module::header(file, block);
            let kind = block.ident.as_str();
            if kind == "lifecycle" || kind == "timeouts" {
                continue;
            }
            if kind == "dynamic" {
                let Some(label) = block.labels.first().map(super::module::label) else {
                    continue;
                };
                let label = label.to_owned();
                let iterator = match block.body.get_attribute("iterator") {
                    Some(a) => match &a.value {
                        hcl_edit::expr::Expression::Variable(v) => v.as_str().to_owned(),
                        _ => label.clone(),
                    },
                    None => label.clone(),
                };
                let Some(each) = block.body.get_attribute("for_each") else {
                    self.cx.note(
                        Rule::TerraformMissingArgument,
                        format!("the dynamic block `{label}` has no `for_each`"),
                        block_at,
                    );
                    continue;
                };
                let coll = self.eval(inst, scope, file, &each.value)?;
                let items: Vec<(V, V)> = match &coll.kind {
                    Kind::Unknown(_) => {
                        res.blocks.insert(label, Blocks::Unknown(coll.at(block_at)));
                        continue;
                    }
                    Kind::List(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (super::eval::num(i, v.at), v.clone()))
                        .collect(),
                    Kind::Map(map) => map
                        .iter()
                        .map(|(k, v)| (V::string(k.clone(), v.at), v.clone()))
                        .collect(),
                    _ => {
                        return Err(Fault::dynamic(
                            format!(
                                "the `for_each` of a dynamic block needs a collection, found {}",
                                coll.type_name()
                            ),
                            coll.at.or(block_at),
                        ));
                    }
                };
                let Some(content) = block.body.get_blocks("content").next() else {
                    self.cx.note(
                        Rule::TerraformMissingArgument,
                        format!("the dynamic block `{label}` has no `content` block"),
                        block_at,
                    );
                    continue;
                };
                let mut made = Vec::new();
                for (k, v) in items {
                    let mut it = BTreeMap::new();
                    let value_at = v.at;
                    it.insert("key".to_owned(), k);
                    it.insert("value".to_owned(), v);
                    scope.push((iterator.clone(), V::new(Kind::Map(it), value_at)));
                    let r = self.body(inst, scope, file, &content.body, value_at.or(block_at));
                    scope.pop();
                    made.push(r?);
                }
                match res
                    .blocks
                    .entry(label)
                    .or_insert_with(|| Blocks::Known(Vec::new()))
                {
                    Blocks::Known(list) => list.extend(made),
                    Blocks::Unknown(_) => {}
                }
                continue;
            }
            let inner = self.body(inst, scope, file, &block.body, block_at)?;
            match res
                .blocks
                .entry(kind.to_owned())
                .or_insert_with(|| Blocks::Known(Vec::new()))
            {
                Blocks::Known(list) => list.push(inner),
                Blocks::Unknown(_) => {}
            }
        }
        Ok(res)
    }
}

/// An argument the provider requires, reported when missing.
fn required(cx: &mut Ctx<'_>, res: &Res, kind: &str, name: &str) -> Option<V> {
    match res.attrs.get(name) {
        Some(v) if !v.is_null() => Some(v.clone()),
        _ => {
            cx.note(
                Rule::TerraformMissingArgument,
                format!("`{kind}` requires the argument `{name}`, which is missing"),
                res.at,
            );
            None
        }
    }
}

fn object(entries: Vec<(&str, V)>, at: Option<At>) -> V {
    V::new(
        Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        ),
        at,
    )
}

/// An optional string argument: absent, null and (for display names) `""` are left out; the
/// provider refuses `""` where it validates `StringIsNotEmpty`.
fn display_name(cx: &mut Ctx<'_>, res: &Res, kind: &str) -> Option<V> {
    let v = res.attrs.get("principal_display_name")?;
    if v.is_null() {
        return None;
    }
    if v.as_str() == Some("") {
        cx.note(
            Rule::TerraformProviderValidation,
            format!("the azurerm provider refuses an empty `principal_display_name` in `{kind}` (it must not be empty); leave the argument out instead"),
            v.at,
        );
        return None;
    }
    Some(v.clone())
}

/// An `azurerm_lighthouse_definition` as the ARM resource the provider sends.
#[allow(clippy::too_many_lines)]
pub(crate) fn azurerm_definition(cx: &mut Ctx<'_>, res: &Res) -> V {
    let kind = "azurerm_lighthouse_definition";
    let mut properties = Vec::new();
    if let Some(name) = required(cx, res, kind, "name") {
        properties.push(("registrationDefinitionName", name));
    }
    if let Some(d) = res.attrs.get("description").filter(|d| !d.is_null()) {
        properties.push(("description", d.clone()));
    }
    if let Some(t) = required(cx, res, kind, "managing_tenant_id") {
        properties.push(("managedByTenantId", t));
    }
    if let Some(scope) = required(cx, res, kind, "scope")
        && let Some(s) = scope.as_str()
        && !is_subscription_id(s)
    {
        cx.note(
            Rule::TerraformProviderValidation,
            format!("the azurerm provider takes only a subscription's ID (`/subscriptions/GUID`) as the definition's `scope`, found {s:?}"),
            scope.at,
        );
    }
    let authorizations = match res.blocks("authorization") {
        Ok([]) => {
            cx.note(
                Rule::TerraformMissingArgument,
                format!("`{kind}` requires at least one `authorization` block"),
                res.at,
            );
            None
        }
        Ok(list) => Some(V::new(
            Kind::List(as_set(list.iter().map(|a| authorization(cx, a)).collect())),
            res.at,
        )),
        Err(u) => Some(u.clone()),
    };
    if let Some(a) = authorizations {
        properties.push(("authorizations", a));
    }
    match res.blocks("eligible_authorization") {
        Ok([]) => {}
        Ok(list) => {
            let items = as_set(list.iter().map(|a| eligible(cx, a)).collect());
            properties.push(("eligibleAuthorizations", V::new(Kind::List(items), res.at)));
        }
        Err(u) => properties.push(("eligibleAuthorizations", u.clone())),
    }
    let mut resource = vec![
        ("type", V::string(DEFINITION_TYPE, res.at)),
        ("apiVersion", V::string(AZURERM_API_VERSION, res.at)),
        (
            "name",
            res.attrs
                .get("lighthouse_definition_id")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or_else(|| V::unknown("the provider draws a random GUID at apply", res.at)),
        ),
        ("properties", object(properties, res.at)),
    ];
    match res.blocks("plan") {
        Ok([plan, ..]) => {
            let mut fields = Vec::new();
            for key in ["name", "publisher", "product", "version"] {
                if let Some(v) = required(cx, plan, "plan", key) {
                    fields.push((key, v));
                }
            }
            resource.push(("plan", object(fields, plan.at)));
        }
        Ok([]) => {}
        Err(u) => resource.push(("plan", u.clone())),
    }
    object(resource, res.at)
}

/// Blocks of a set (`authorization`, `eligible_authorization`): the provider keeps one of
/// identical blocks.
fn as_set(items: Vec<V>) -> Vec<V> {
    let mut out: Vec<V> = Vec::new();
    for item in items {
        if !out.iter().any(|o| o.same(&item)) {
            out.push(item);
        }
    }
    out
}

fn authorization(cx: &mut Ctx<'_>, a: &Res) -> V {
    let kind = "authorization";
    let mut fields = Vec::new();
    if let Some(p) = required(cx, a, kind, "principal_id") {
        fields.push(("principalId", p));
    }
    if let Some(n) = display_name(cx, a, kind) {
        fields.push(("principalIdDisplayName", n));
    }
    if let Some(r) = required(cx, a, kind, "role_definition_id") {
        fields.push(("roleDefinitionId", r));
    }
    if let Some(d) = a
        .attrs
        .get("delegated_role_definition_ids")
        .filter(|d| !d.is_null())
    {
        let d = match &d.kind {
            Kind::List(items) => V::new(Kind::List(super::functions::set_of(items.clone())), d.at),
            _ => d.clone(),
        };
        fields.push(("delegatedRoleDefinitionIds", d));
    }
    object(fields, a.at)
}

fn eligible(cx: &mut Ctx<'_>, a: &Res) -> V {
    let kind = "eligible_authorization";
    let mut fields = Vec::new();
    if let Some(p) = required(cx, a, kind, "principal_id") {
        fields.push(("principalId", p));
    }
    if let Some(n) = display_name(cx, a, kind) {
        fields.push(("principalIdDisplayName", n));
    }
    if let Some(r) = required(cx, a, kind, "role_definition_id") {
        fields.push(("roleDefinitionId", r));
    }
    match a.blocks("just_in_time_access_policy") {
        Ok([]) => {}
        Ok([jit, ..]) => {
            let mfa = jit
                .attrs
                .get("multi_factor_auth_provider")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or_else(|| V::string("None", jit.at));
            let duration = jit
                .attrs
                .get("maximum_activation_duration")
                .filter(|v| !v.is_null())
                .cloned()
                .unwrap_or_else(|| V::string("PT8H", jit.at));
            let mut policy = vec![
                ("multiFactorAuthProvider", mfa),
                ("maximumActivationDuration", duration),
            ];
            match jit.blocks("approver") {
                Ok([]) => {}
                Ok(list) => {
                    let approvers = list
                        .iter()
                        .map(|ap| {
                            let mut f = Vec::new();
                            if let Some(p) = required(cx, ap, "approver", "principal_id") {
                                f.push(("principalId", p));
                            }
                            if let Some(n) = display_name(cx, ap, "approver") {
                                f.push(("principalIdDisplayName", n));
                            }
                            object(f, ap.at)
                        })
                        .collect();
                    policy.push((
                        "managedByTenantApprovers",
                        V::new(Kind::List(approvers), jit.at),
                    ));
                }
                Err(u) => policy.push(("managedByTenantApprovers", u.clone())),
            }
            fields.push(("justInTimeAccessPolicy", object(policy, jit.at)));
        }
        Err(u) => fields.push(("justInTimeAccessPolicy", u.clone())),
    }
    object(fields, a.at)
}

fn is_subscription_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("/subscriptions/") else {
        return false;
    };
    rest.trim_end_matches('/').parse::<uuid::Uuid>().is_ok()
}

/// The resource group of an assignment's scope, when it names one.
fn resource_group(scope: &V) -> Option<V> {
    let s = match &scope.kind {
        Kind::String(s) => s.as_str(),
        Kind::Unknown(why) => why.partial.as_deref()?,
        _ => return None,
    };
    let lower = s.to_ascii_lowercase();
    let i = lower.find("/resourcegroups/")?;
    let rg = &s[i + "/resourceGroups/".len()..];
    let rg = rg.split('/').next().unwrap_or(rg);
    if rg.is_empty() || rg.contains('\u{0}') {
        // The group's name itself is unknown.
        return Some(V::unknown(
            "the resource group's name is known only at apply",
            scope.at,
        ));
    }
    Some(V::string(rg, scope.at))
}

/// An `azapi_resource`: its `type` says what it is; its `body` is the ARM body as it is.
pub(crate) fn azapi(cx: &mut Ctx<'_>, res: &Res, address: &str) -> Option<Deployed> {
    let ty = res.attrs.get("type")?;
    let ty_text = ty.as_str()?;
    let (rtype, version) = ty_text.split_once('@').unwrap_or((ty_text, ""));
    let is_def = rtype.eq_ignore_ascii_case(DEFINITION_TYPE);
    let is_assign = rtype.eq_ignore_ascii_case(ASSIGNMENT_TYPE);
    if !is_def && !is_assign {
        return None;
    }
    let body = match res.attrs.get("body") {
        Some(b) => match &b.kind {
            Kind::String(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) => V::from_json(&v, b.at),
                Err(e) => {
                    cx.note(
                        Rule::TerraformInvalidExpression,
                        format!("the `body` is a string that is not JSON: {e}"),
                        b.at,
                    );
                    return None;
                }
            },
            _ => b.clone(),
        },
        None => V::new(Kind::Map(BTreeMap::new()), res.at),
    };
    let get = |v: &V, key: &str| -> Option<V> {
        match &v.kind {
            Kind::Map(m) => m.get(key).cloned(),
            _ => None,
        }
    };
    if is_def {
        let mut entries = vec![
            ("type", V::string(DEFINITION_TYPE, ty.at)),
            ("apiVersion", V::string(version, ty.at)),
            (
                "name",
                res.attrs
                    .get("name")
                    .cloned()
                    .unwrap_or_else(|| V::unknown("no `name`", res.at)),
            ),
        ];
        match &body.kind {
            Kind::Map(m) => {
                if let Some(p) = m.get("properties") {
                    entries.push(("properties", p.clone()));
                }
                if let Some(p) = m.get("plan") {
                    entries.push(("plan", p.clone()));
                }
            }
            _ => entries.push(("properties", body.clone())),
        }
        return Some(Deployed::Definition {
            address: address.to_owned(),
            arm: object(entries, res.at),
            at: res.at,
        });
    }
    let definition = get(&body, "properties")
        .and_then(|p| get(&p, "registrationDefinitionId"))
        .unwrap_or_else(|| V::unknown("no `registrationDefinitionId` in the body", res.at));
    let scope = res
        .attrs
        .get("parent_id")
        .cloned()
        .unwrap_or_else(|| V::unknown("no `parent_id`", res.at));
    Some(Deployed::Assignment {
        definition,
        scope,
        api_version: version.to_owned(),
        at: res.at,
    })
}

/// An `azurerm_lighthouse_assignment`.
pub(crate) fn azurerm_assignment(cx: &mut Ctx<'_>, res: &Res) -> Deployed {
    let kind = "azurerm_lighthouse_assignment";
    let definition = required(cx, res, kind, "lighthouse_definition_id")
        .unwrap_or_else(|| V::unknown("no `lighthouse_definition_id`", res.at));
    let scope =
        required(cx, res, kind, "scope").unwrap_or_else(|| V::unknown("no `scope`", res.at));
    Deployed::Assignment {
        definition,
        scope,
        api_version: AZURERM_API_VERSION.to_owned(),
        at: res.at,
    }
}

/// A lowered template: its JSON, where each pointer's value is written, and the unknowns met.
pub(crate) struct Lowered {
    pub template: Value,
    pub origins: BTreeMap<String, At>,
    pub unknowns: Vec<(String, Rc<Why>, Option<At>)>,
    pub at: Option<At>,
}

impl Lowered {
    /// Where the value at `pointer` is written: the longest prefix with a place.
    pub fn locate(&self, pointer: &JsonPointer) -> Option<At> {
        let tokens: Vec<String> = pointer.tokens().collect();
        for n in (0..=tokens.len()).rev() {
            let prefix = tokens[..n]
                .iter()
                .fold(JsonPointer::root(), |p, t| p.key(t));
            if let Some(at) = self.origins.get(prefix.as_str()) {
                return Some(*at);
            }
        }
        self.at
    }
}

fn to_json(
    v: &V,
    at: &JsonPointer,
    origins: &mut BTreeMap<String, At>,
    unknowns: &mut Vec<(String, Rc<Why>, Option<At>)>,
) -> Value {
    if let Some(place) = v.at {
        origins.insert(at.as_str().to_owned(), place);
    }
    match &v.kind {
        Kind::Null => Value::Null,
        Kind::Bool(b) => Value::Bool(*b),
        Kind::Number(_) => v.to_json(),
        Kind::String(s) => {
            if s.starts_with('[') && s.ends_with(']') {
                Value::String(format!("[{s}"))
            } else {
                Value::String(s.clone())
            }
        }
        Kind::List(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| to_json(item, &at.clone().index(i), origins, unknowns))
                .collect(),
        ),
        Kind::Map(map) => Value::Object(
            map.iter()
                .map(|(k, item)| {
                    (
                        k.clone(),
                        to_json(item, &at.clone().key(k), origins, unknowns),
                    )
                })
                .collect::<Map<String, Value>>(),
        ),
        Kind::Unknown(why) => {
            unknowns.push((at.as_str().to_owned(), Rc::clone(why), v.at.or(why.at)));
            Value::String(format!("[{MARKER}()]"))
        }
    }
}

/// Whether an assignment's definition value names this definition.
fn names(definition: &V, address: &str, guid: Option<&str>) -> bool {
    match &definition.kind {
        Kind::Unknown(why) => why.definition.as_deref() == Some(address),
        Kind::String(s) => guid.is_some_and(|g| {
            s.rsplit('/')
                .next()
                .is_some_and(|last| last.eq_ignore_ascii_case(g))
        }),
        _ => false,
    }
}

/// One template per definition, with the assignments that name it (or, when there is one
/// definition, the assignments that name none known).
#[allow(clippy::too_many_lines)]
pub(crate) fn templates(found: &[Deployed]) -> Vec<Lowered> {
    let definitions: Vec<(&String, &V, Option<At>)> = found
        .iter()
        .filter_map(|d| match d {
            Deployed::Definition { address, arm, at } => Some((address, arm, *at)),
            Deployed::Assignment { .. } => None,
        })
        .collect();
    let assignments: Vec<(&V, &V, &String, Option<At>)> = found
        .iter()
        .filter_map(|d| match d {
            Deployed::Assignment {
                definition,
                scope,
                api_version,
                at,
            } => Some((definition, scope, api_version, *at)),
            Deployed::Definition { .. } => None,
        })
        .collect();
    let linked_to_some = |def: &V| {
        definitions.iter().any(|(address, arm, _)| {
            let guid = match &arm.kind {
                Kind::Map(m) => m.get("name").and_then(V::as_str),
                _ => None,
            };
            names(def, address, guid)
        })
    };
    let mut out = Vec::new();
    for (address, arm, at) in &definitions {
        let guid = match &arm.kind {
            Kind::Map(m) => m.get("name").and_then(V::as_str).map(str::to_owned),
            _ => None,
        };
        let mut origins = BTreeMap::new();
        let mut unknowns = Vec::new();
        let mut resources = vec![to_json(
            arm,
            &JsonPointer::root().key("resources").index(0),
            &mut origins,
            &mut unknowns,
        )];
        let def_name = resources[0].get("name").cloned().unwrap_or(Value::Null);
        for (definition, scope, api_version, a_at) in &assignments {
            let mine = names(definition, address, guid.as_deref())
                || (definitions.len() == 1 && !linked_to_some(definition));
            if !mine {
                continue;
            }
            let i = resources.len();
            let assignment = serde_json::json!({
                "type": ASSIGNMENT_TYPE,
                "apiVersion": api_version,
                "name": format!("[guid('assignment-{i}')]"),
                "properties": {
                    "registrationDefinitionId": format!("[resourceId('{DEFINITION_TYPE}', {})]", match &def_name {
                        Value::String(s) if !s.starts_with('[') => format!("'{}'", s.replace('\'', "''")),
                        _ => "'unknown'".to_owned(),
                    })
                }
            });
            let at_resource = JsonPointer::root().key("resources").index(i);
            if let Some(p) = a_at {
                origins.insert(at_resource.as_str().to_owned(), *p);
            }
            match resource_group(scope) {
                Some(rg) => {
                    let rg_json = to_json(
                        &rg,
                        &at_resource.clone().key("resourceGroup"),
                        &mut origins,
                        &mut unknowns,
                    );
                    resources.push(serde_json::json!({
                        "type": "Microsoft.Resources/deployments",
                        "apiVersion": "2021-04-01",
                        "name": format!("assignment-{i}"),
                        "resourceGroup": rg_json,
                        "properties": {
                            "mode": "Incremental",
                            "template": {
                                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                                "contentVersion": "1.0.0.0",
                                "resources": [assignment]
                            }
                        }
                    }));
                }
                None => resources.push(assignment),
            }
        }
        let template = serde_json::json!({
            "$schema": crate::arm::SUBSCRIPTION_TEMPLATE_SCHEMA,
            "contentVersion": "1.0.0.0",
            "resources": resources,
        });
        out.push(Lowered {
            template,
            origins,
            unknowns,
            at: *at,
        });
    }
    out
}
