//! Regular-expression builders for the JSON Schema fragments of the value types, shared by the
//! types that write their own fragment (durations, authorizations). Patterns use only what
//! ECMA-262 and Rust's `regex` read alike.

use crate::values::guid::RoleDefinitionId;

/// A pattern that matches the canonical decimal numbers from `low` to `high` (no leading zeros),
/// as an alternation without anchors: `3[0-9]|[4-9][0-9]|…`. Callers add `0*` for leading zeros.
pub(crate) fn decimal_range_pattern(low: u32, high: u32) -> String {
    assert!(low <= high, "empty range {low}..={high}");
    let mut alternatives = Vec::new();
    let mut start = low;
    // Split at powers of ten so that both ends of each piece have the same number of digits.
    while start <= high {
        let digits = start.checked_ilog10().unwrap_or(0) + 1;
        let end = 10u32
            .checked_pow(digits)
            .map_or(high, |next| high.min(next - 1));
        same_length_range(&start.to_string(), &end.to_string(), &mut alternatives);
        match end.checked_add(1) {
            Some(next) => start = next,
            None => break,
        }
    }
    alternatives.join("|")
}

/// The alternatives for the numbers from `low` to `high`, written with the same number of digits.
fn same_length_range(low: &str, high: &str, out: &mut Vec<String>) {
    let class = |from: u8, to: u8| {
        if from == to {
            char::from(from).to_string()
        } else {
            format!("[{}-{}]", char::from(from), char::from(to))
        }
    };
    let (l, h) = (low.as_bytes(), high.as_bytes());
    if l.len() == 1 {
        out.push(class(l[0], h[0]));
        return;
    }
    let rest = l.len() - 1;
    let any = |n: usize| {
        if n == 1 {
            "[0-9]".to_owned()
        } else {
            format!("[0-9]{{{n}}}")
        }
    };
    if l[0] == h[0] {
        let mut inner = Vec::new();
        same_length_range(&low[1..], &high[1..], &mut inner);
        let inner = if inner.len() == 1 {
            inner.remove(0)
        } else {
            format!("(?:{})", inner.join("|"))
        };
        out.push(format!("{}{inner}", char::from(l[0])));
        return;
    }
    let low_full = l[1..].iter().all(|&b| b == b'0');
    let high_full = h[1..].iter().all(|&b| b == b'9');
    let first = if low_full { l[0] } else { l[0] + 1 };
    let last = if high_full { h[0] } else { h[0] - 1 };
    if !low_full {
        same_length_range(
            low,
            &format!("{}{}", char::from(l[0]), "9".repeat(rest)),
            out,
        );
    }
    if first <= last {
        out.push(format!("{}{}", class(first, last), any(rest)));
    }
    if !high_full {
        same_length_range(
            &format!("{}{}", char::from(h[0]), "0".repeat(rest)),
            high,
            out,
        );
    }
}

/// A pattern for one GUID in any case: each hexadecimal letter becomes a class of both cases.
pub(crate) fn guid_pattern_any_case(id: RoleDefinitionId) -> String {
    let mut pattern = String::from("^");
    for c in id.to_string().chars() {
        if c.is_ascii_alphabetic() {
            pattern.push('[');
            pattern.push(c.to_ascii_lowercase());
            pattern.push(c.to_ascii_uppercase());
            pattern.push(']');
        } else {
            pattern.push(c);
        }
    }
    pattern.push('$');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_ranges_split_at_powers_of_ten_and_digits() {
        // 30..=99 is two digits, any second digit; 100..=399 any last two; 400..=480 splits again.
        assert_eq!(
            decimal_range_pattern(30, 480),
            "[3-9][0-9]|[1-3][0-9]{2}|4(?:[0-7][0-9]|80)"
        );
        assert_eq!(decimal_range_pattern(0, 0), "0");
        assert_eq!(decimal_range_pattern(1, 8), "[1-8]");
        assert_eq!(decimal_range_pattern(0, 60), "[0-9]|[1-5][0-9]|60");
        assert_eq!(decimal_range_pattern(99, 101), "99|10[0-1]");
    }
}
