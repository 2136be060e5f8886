//! Reading method parameters the way the portal's PHP does: leniently.
//!
//! A parameter may arrive from a JSON body (`1`, `"1"`, `[..]`) or from a query string or
//! form (always strings, lists as arrays or as PHP maps `{"0": .., "1": ..}`); every
//! reader here accepts all of those shapes.

use serde_json::{Map, Value};

use super::answer::ApiError;

/// A parameter by name: as given, else in lower case, else in upper case
/// (the CRM methods accept `id`/`ID`, `fields`/`FIELDS`).
pub(crate) fn get<'a>(params: &'a Value, name: &str) -> Option<&'a Value> {
    let map = params.as_object()?;
    map.get(name)
        .or_else(|| map.get(&name.to_lowercase()))
        .or_else(|| map.get(&name.to_uppercase()))
        .filter(|v| !v.is_null())
}

/// An integer from `1`, `1.0`, `"1"` or `" 1 "`.
pub(crate) fn int(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// A positive integer identifier that must be present.
pub(crate) fn required_id(params: &Value, name: &str) -> Result<i64, ApiError> {
    let v = get(params, name).ok_or_else(|| ApiError::required(name))?;
    int(v)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::invalid(name))
}

/// An object parameter; PHP sends an empty array as `[]`, which counts as an empty object.
pub(crate) fn object(v: &Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::Array(a) if a.is_empty() => Some(Map::new()),
        _ => None,
    }
}

/// The items of a list given as a JSON array or as a PHP map (numeric keys in numeric
/// order first, then the other keys).
pub(crate) fn list(v: &Value) -> Option<Vec<&Value>> {
    match v {
        Value::Array(items) => Some(items.iter().collect()),
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(k, _)| match k.parse::<i64>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, (*k).clone()),
            });
            Some(entries.into_iter().map(|(_, v)| v).collect())
        }
        _ => None,
    }
}

/// A scalar as the portal stores it: text.
pub(crate) fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(if *b { "1" } else { "" }.to_owned()),
        _ => None,
    }
}

/// PHP truthiness for flags such as batch `halt`: `1`, `"1"`, `true`, `"true"`, `"Y"`.
pub(crate) fn flag(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|f| f != 0.0),
        Some(Value::String(s)) => {
            matches!(s.trim().to_ascii_lowercase().as_str(), "1" | "true" | "y")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_ids_leniently() {
        assert_eq!(required_id(&json!({"id": 5}), "id"), Ok(5));
        assert_eq!(required_id(&json!({"ID": "7"}), "id"), Ok(7));
        assert_eq!(
            required_id(&json!({}), "id").unwrap_err().description,
            "Required fields not provided: id."
        );
        assert_eq!(
            required_id(&json!({"id": "x"}), "id")
                .unwrap_err()
                .description,
            "The parameter id is invalid or not defined."
        );
        assert!(required_id(&json!({"id": 0}), "id").is_err());
    }

    #[test]
    fn reads_lists_in_both_shapes() {
        let a = json!([1, 2]);
        let m = json!({"10": 3, "2": 2, "0": 1});
        assert_eq!(list(&a).unwrap(), vec![&json!(1), &json!(2)]);
        assert_eq!(list(&m).unwrap(), vec![&json!(1), &json!(2), &json!(3)]);
        assert!(list(&json!("x")).is_none());
    }

    #[test]
    fn reads_flags() {
        assert!(flag(Some(&json!("1"))));
        assert!(flag(Some(&json!(true))));
        assert!(!flag(Some(&json!("0"))));
        assert!(!flag(None));
    }
}
