//! The built-in role whose GUID is nearest to a GUID no catalog knows: a GUID one or two
//! characters away from a built-in role's is a typo, since Azure Lighthouse delegates built-in
//! roles only.

use crate::roles::BuiltInRole;
use crate::values::guid::RoleDefinitionId;

/// How many hexadecimal digits (changed, left out or added) a GUID may be away from a built-in
/// role's to be taken for a typo of it.
pub const TYPO_DISTANCE: usize = 2;

/// The role of `roles` whose ID is nearest to `id` and the distance, when it is at most `max`:
/// the number of hexadecimal digits to change, insert or delete (the edit distance of the 32
/// digits, hyphens left out). A tie goes to the role listed first. `None` when every role is
/// farther, and for `id` itself in `roles` (distance 0 is no typo).
///
/// ```
/// use lighthouse_offer::RoleDefinitionId;
/// use lighthouse_offer::roles::{self, nearest_guid};
///
/// // Reader is acdd72a7-3385-48ef-bd42-f606fba81ae7: one digit changed.
/// let typo: RoleDefinitionId = "acdd72a7-3385-48ef-bd42-f606fba81ae8".parse().unwrap();
/// let (role, distance) = nearest_guid(typo, roles::built_in(), 2).unwrap();
/// assert_eq!((role.name(), distance), ("Reader", 1));
/// let far: RoleDefinitionId = "11111111-2222-4333-8444-555555555555".parse().unwrap();
/// assert!(nearest_guid(far, roles::built_in(), 2).is_none());
/// ```
#[must_use]
pub fn nearest_guid(
    id: RoleDefinitionId,
    roles: &[BuiltInRole],
    max: usize,
) -> Option<(&BuiltInRole, usize)> {
    let digits = |id: RoleDefinitionId| -> Vec<u8> {
        id.to_string().bytes().filter(|b| *b != b'-').collect()
    };
    let wanted = digits(id);
    roles
        .iter()
        .filter(|role| role.id() != id)
        .filter_map(|role| {
            let distance = bounded_distance(&wanted, &digits(role.id()), max)?;
            Some((role, distance))
        })
        .min_by_key(|(_, distance)| *distance)
}

/// The edit distance of `a` and `b` when it is at most `max`, else `None` (rows stop early once
/// every cell is over `max`).
fn bounded_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            let change = previous[j] + usize::from(x != y);
            current[j + 1] = change.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().all(|&d| d > max) {
            return None;
        }
        previous = current;
    }
    let distance = previous[b.len()];
    (distance <= max).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_changed_missing_and_added_digits() {
        assert_eq!(bounded_distance(b"abcd", b"abcd", 2), Some(0));
        assert_eq!(bounded_distance(b"abcd", b"abce", 2), Some(1));
        assert_eq!(bounded_distance(b"abcd", b"bacd", 2), Some(2));
        assert_eq!(bounded_distance(b"abcd", b"abc", 2), Some(1));
        assert_eq!(bounded_distance(b"abcd", b"wxyz", 2), None);
    }
}
