//! The known name nearest to a misspelt one, by edit distance: for unknown fields, rule codes
//! and names, role names. Uses nothing of the crate.

/// The known name closest to `key` by edit distance, when it is close enough to be a typo. A key
/// much longer than every known name is no typo of one, and is not compared (the edit distance
/// takes time in the product of the lengths).
pub(crate) fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    let longest = known.iter().map(|k| k.len()).max().unwrap_or(0);
    if key.len() > 2 * longest + 2 {
        return None;
    }
    known
        .iter()
        .map(|k| (edit_distance(&key.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}
