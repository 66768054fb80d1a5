//! Resource functions (Microsoft Learn, "Resource functions for ARM templates"): `resourceId`,
//! `subscriptionResourceId`, `tenantResourceId`. `reference`, `list…`, `pickZones`,
//! `extensionResourceId` and `managementGroupResourceId` are known only at deployment.

use super::{as_str, not_mine};
use crate::arm::evaluate::value::{EvalError, Unknown, Val, err};

/// The functions of this family; the error of [`not_mine`] for another function.
pub(super) fn call(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    Ok(match lower {
        "resourceid" | "subscriptionresourceid" | "tenantresourceid" => {
            resource_id(lower, name, v)?
        }
        _ => return not_mine(),
    })
}

/// The resource ID functions. A resource ID that needs the subscription or resource group
/// of the deployment is unknown until then.
fn resource_id(lower: &str, name: &str, v: &[Val]) -> Result<Val, EvalError> {
    let texts = v
        .iter()
        .map(|x| as_str(name, x))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(type_at) = texts.iter().position(|t| t.contains('/')) else {
        return err(format!(
            "{name}() needs a resource type such as 'Namespace/type'"
        ));
    };
    let before = &texts[..type_at];
    let mut segments = texts[type_at].split('/').filter(|s| !s.is_empty());
    let namespace = segments.next().unwrap_or_default();
    let types: Vec<&str> = segments.collect();
    let names = &texts[type_at + 1..];
    if names.len() != types.len() {
        return err(format!(
            "{name}() needs one name per type segment of `{}`: {} type(s), {} name(s)",
            texts[type_at],
            types.len(),
            names.len()
        ));
    }
    let mut path = format!("/providers/{namespace}");
    for (t, n) in types.iter().zip(names) {
        path.push('/');
        path.push_str(t);
        path.push('/');
        path.push_str(n);
    }
    let max_before = match lower {
        "resourceid" => 2,
        "subscriptionresourceid" => 1,
        _ => 0,
    };
    if before.len() > max_before {
        return err(format!(
            "{name}() takes at most {max_before} argument(s) before the resource type"
        ));
    }
    Ok(match (lower, before) {
        ("tenantresourceid", _) => Val::Str(path),
        ("subscriptionresourceid", [sub]) => Val::Str(format!("/subscriptions/{sub}{path}")),
        ("resourceid", [sub, group]) => {
            Val::Str(format!("/subscriptions/{sub}/resourceGroups/{group}{path}"))
        }
        _ => Val::Unknown(Unknown::Deployment(format!(
            "{name}() of the deployment's subscription"
        ))),
    })
}
