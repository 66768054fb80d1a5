//! Replacements for a role Azure Lighthouse refuses: the supported built-in roles that grant
//! most nearly the same. Roles are compared by what their `Actions` patterns reach (data actions
//! left out, since a replacement has none): first by the Jaccard index of the resource provider
//! namespaces they name (`Microsoft.OperationalInsights`), leaving out the namespaces that more
//! than a tenth of all roles name (`Microsoft.Authorization`, `Microsoft.Support`: boilerplate
//! that says nothing of a role's purpose), then by the Jaccard index of the patterns themselves.
//! The bundled catalog's replacements are computed by its generator with
//! [`closest_by_actions`] and looked up with [`BuiltInRole::replacements`].

use std::cmp::Ordering;
use std::collections::BTreeSet;

use crate::roles::{BuiltInRole, built_in, catalog};

/// How many replacements a refused role's help names at most.
pub const MAX_REPLACEMENTS: usize = 3;

/// The resource provider namespace an action pattern names, in lowercase: the text before its
/// first `/` (`*` for `*/read`).
#[must_use]
pub fn namespace(pattern: &str) -> String {
    pattern
        .split('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The namespaces that the patterns of more than a tenth of `roles` name: too common to say
/// what a role is for.
#[must_use]
pub fn common_namespaces<A: AsRef<str>>(roles: &[Vec<A>]) -> BTreeSet<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for patterns in roles {
        let names: BTreeSet<String> = patterns.iter().map(|p| namespace(p.as_ref())).collect();
        for name in names {
            *counts.entry(name).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|(_, count)| count * 10 > roles.len())
        .map(|(name, _)| name)
        .collect()
}

/// The Jaccard index of two sets as a fraction: (in common, in either).
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> (usize, usize) {
    (a.intersection(b).count(), a.union(b).count())
}

/// The Jaccard index of two lists of action patterns, compared without regard to case, as a
/// fraction (patterns in common, patterns in either); `(0, 0)` for two empty lists.
#[must_use]
pub fn action_overlap(a: &[&str], b: &[&str]) -> (usize, usize) {
    let set = |list: &[&str]| -> BTreeSet<String> {
        list.iter().map(|p| p.to_ascii_lowercase()).collect()
    };
    overlap(&set(a), &set(b))
}

/// A Jaccard index as a fraction: (in common, in either).
type Fraction = (usize, usize);

/// `a` against `b`, two fractions, by cross-multiplying.
fn compare((c1, e1): Fraction, (c2, e2): Fraction) -> Ordering {
    (c1 * e2.max(1)).cmp(&(c2 * e1.max(1)))
}

/// The keys of the `n` candidates whose action patterns are nearest to `actions`, best first:
/// by the namespaces they name (those of `common` left out), then by the patterns. A candidate
/// with nothing in common is never named; ties keep the candidates' order.
///
/// ```
/// use std::collections::BTreeSet;
///
/// use lighthouse_offer::roles::closest_by_actions;
///
/// let candidates = [
///     ("Reader", vec!["*/read"]),
///     ("Monitoring Contributor", vec!["*/read", "Microsoft.Insights/*"]),
///     ("Network Contributor", vec!["Microsoft.Network/*"]),
/// ];
/// let refused = ["*/read", "Microsoft.Insights/*", "Microsoft.OperationalInsights/*"];
/// assert_eq!(
///     closest_by_actions(&refused, &candidates, &BTreeSet::new(), 3),
///     ["Monitoring Contributor", "Reader"]
/// );
/// ```
#[must_use]
pub fn closest_by_actions<K: Copy, A: AsRef<str>>(
    actions: &[&str],
    candidates: &[(K, Vec<A>)],
    common: &BTreeSet<String>,
    n: usize,
) -> Vec<K> {
    let namespaces = |patterns: &[&str]| -> BTreeSet<String> {
        patterns
            .iter()
            .map(|p| namespace(p))
            .filter(|name| !common.contains(name))
            .collect()
    };
    let wanted = namespaces(actions);
    let mut scored: Vec<(usize, Fraction, Fraction, K)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, (key, patterns))| {
            let patterns: Vec<&str> = patterns.iter().map(AsRef::as_ref).collect();
            let by_namespace = overlap(&wanted, &namespaces(&patterns));
            let by_pattern = action_overlap(actions, &patterns);
            (by_namespace.0 > 0 || by_pattern.0 > 0).then_some((i, by_namespace, by_pattern, *key))
        })
        .collect();
    scored.sort_by(|(i, n1, p1, _), (j, n2, p2, _)| {
        compare(*n2, *n1).then(compare(*p2, *p1)).then(i.cmp(j))
    });
    scored
        .into_iter()
        .take(n)
        .map(|(_, _, _, key)| key)
        .collect()
}

impl BuiltInRole {
    /// Up to [`MAX_REPLACEMENTS`] supported built-in roles that grant most nearly what this one
    /// does ([`closest_by_actions`] over the bundled catalog's action patterns), best first;
    /// empty for a supported role.
    ///
    /// ```
    /// use lighthouse_offer::RoleDefinitionId;
    ///
    /// let refused = RoleDefinitionId::LOG_ANALYTICS_CONTRIBUTOR.built_in().unwrap();
    /// let replacements = refused.replacements();
    /// assert!(!replacements.is_empty() && replacements.len() <= 3);
    /// assert!(replacements.iter().all(|role| role.support().is_supported()));
    /// ```
    #[must_use]
    pub fn replacements(&self) -> Vec<&'static BuiltInRole> {
        let roles = built_in();
        let Ok(index) = roles.binary_search_by_key(&self.id(), BuiltInRole::id) else {
            return Vec::new();
        };
        let Ok(index) = u16::try_from(index) else {
            return Vec::new();
        };
        catalog::REPLACEMENTS
            .binary_search_by_key(&index, |(role, _)| *role)
            .map(|found| {
                catalog::REPLACEMENTS[found]
                    .1
                    .iter()
                    .map(|&i| &roles[usize::from(i)])
                    .collect()
            })
            .unwrap_or_default()
    }
}
