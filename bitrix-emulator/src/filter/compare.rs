//! Two values of one field compared by the field's [`Kind`]: money and ids as numbers,
//! dates as moments (in any of the formats `time.rs` reads), flags as `Y`/`N`, text
//! without regard to case.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

use super::kind::Kind;
use super::time;

/// A value read as its kind.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Read {
    /// `null`, `""` or `[]`: the field is empty.
    Empty,
    Num(f64),
    Time(i64),
    Text(String),
    /// Present, but not a value of the kind (`"lots"` for money).
    Invalid,
}

/// `value` read as `kind`.
pub(crate) fn read(kind: Kind, value: &Value) -> Read {
    // Borrowed where it can be: sorting a big table reads many values per page.
    let text: Cow<'_, str> = match value {
        Value::Null => return Read::Empty,
        Value::Array(a) if a.is_empty() => return Read::Empty,
        Value::Array(_) | Value::Object(_) => return Read::Invalid,
        Value::Bool(b) if kind == Kind::Flag => {
            return Read::Text(if *b { "Y" } else { "N" }.into());
        }
        Value::Bool(b) => Cow::Borrowed(if *b { "1" } else { "" }),
        Value::Number(n) => match (kind, n.as_f64()) {
            (Kind::Int | Kind::Link, Some(x)) if x.fract() == 0.0 => return Read::Num(x),
            (Kind::Number | Kind::Any, Some(x)) => return Read::Num(x),
            _ => Cow::Owned(n.to_string()),
        },
        Value::String(s) => Cow::Borrowed(s.trim()),
    };
    if text.is_empty() {
        return Read::Empty;
    }
    match kind {
        Kind::Int | Kind::Link => match text.parse::<f64>() {
            Ok(n) if n.fract() == 0.0 => Read::Num(n),
            _ => Read::Invalid,
        },
        Kind::Number => text
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map_or(Read::Invalid, Read::Num),
        Kind::Date | Kind::DateTime => time::parse(&text).map_or(Read::Invalid, Read::Time),
        Kind::Flag => Read::Text(
            match &*text {
                "Y" | "y" | "1" | "true" => "Y",
                "N" | "n" | "0" | "false" => "N",
                other => other,
            }
            .to_owned(),
        ),
        Kind::Any => text
            .parse::<f64>()
            .map_or_else(|_| Read::Text(text.to_lowercase()), Read::Num),
        Kind::Text | Kind::Code | Kind::Multi => Read::Text(text.to_lowercase()),
    }
}

/// The order of two read values: empty first, then numbers, moments, text; a number and
/// a text (kind [`Kind::Any`]) compare as text.
pub(crate) fn cmp_read(a: &Read, b: &Read) -> Ordering {
    use Read::*;
    match (a, b) {
        (Empty, Empty) => Ordering::Equal,
        (Empty, _) => Ordering::Less,
        (_, Empty) => Ordering::Greater,
        (Num(x), Num(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Time(x), Time(y)) => x.cmp(y),
        (Num(x), Text(y)) => x.to_string().cmp(y),
        (Text(x), Num(y)) => x.cmp(&y.to_string()),
        (Text(x), Text(y)) => x.cmp(y),
        (x, y) => rank(x).cmp(&rank(y)),
    }
}

fn rank(r: &Read) -> u8 {
    match r {
        Read::Empty => 0,
        Read::Num(_) => 1,
        Read::Time(_) => 2,
        Read::Text(_) => 3,
        Read::Invalid => 4,
    }
}

/// Whether a stored value equals a wanted one (neither empty).
pub(crate) fn equal(actual: &Read, wanted: &Read) -> bool {
    !matches!(actual, Read::Empty | Read::Invalid)
        && !matches!(wanted, Read::Invalid)
        && cmp_read(actual, wanted).is_eq()
}

/// SQL `LIKE` without regard to case: `%` any run of characters, `_` one character.
pub(crate) fn like(text: &str, pattern: &str) -> bool {
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let pattern: Vec<char> = pattern.to_lowercase().chars().collect();
    // Classic wildcard matching with one backtrack point.
    let (mut t, mut p) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '_' || pattern[p] == text[t]) {
            t += 1;
            p += 1;
        } else if p < pattern.len() && pattern[p] == '%' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_by_kind() {
        assert_eq!(read(Kind::Number, &json!("4925.00")), Read::Num(4925.0));
        assert_eq!(read(Kind::Number, &json!("lots")), Read::Invalid);
        assert_eq!(read(Kind::Int, &json!("1.5")), Read::Invalid);
        assert_eq!(
            read(Kind::Flag, &json!(true)),
            read(Kind::Flag, &json!("Y"))
        );
        assert_eq!(read(Kind::Flag, &json!(0)), read(Kind::Flag, &json!("N")));
        assert_eq!(read(Kind::Text, &json!("")), Read::Empty);
        assert_eq!(
            read(Kind::DateTime, &json!("2024-05-01")),
            read(Kind::Date, &json!("01.05.2024"))
        );
        assert!(equal(
            &read(Kind::Text, &json!("Deal")),
            &read(Kind::Text, &json!("deal"))
        ));
        let (nine, ten) = (json!("9.00"), json!("10.00"));
        assert!(cmp_read(&read(Kind::Number, &nine), &read(Kind::Number, &ten)).is_lt());
        assert!(cmp_read(&Read::Empty, &read(Kind::Any, &json!("a"))).is_lt());
    }

    #[test]
    fn like_has_both_wildcards() {
        assert!(like("Molar", "mol%"));
        assert!(like("amol", "%mol"));
        assert!(like("xmolx", "%mol%"));
        assert!(!like("xmolx", "mol%"));
        assert!(like("ab", "a%%b"));
        assert!(!like("a", "a%a"));
        assert!(like("abc", "a_c"));
        assert!(!like("abbc", "a_c"));
    }
}
