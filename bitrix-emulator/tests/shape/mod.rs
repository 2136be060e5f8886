//! Shapes of JSON answers: types and keys, not values.
//!
//! The rules, where Bitrix is loose and the pages' examples come from real portals:
//! - the top-level `result` must match exactly in kind (`null` is not `true`);
//! - inside it, a `null` on either side matches anything (a field the portal left unset);
//! - a number matches a string holding a number (`"42"` and `42`: the CRM writes both);
//! - an empty list matches an empty object (PHP's empty array);
//! - lists compare their first elements, when both have one;
//! - objects: every key of the example must be in the answer, but for the doc writer's
//!   own user fields (`UF_*`, `ufCrm*`) and keys that are ids (`{"39": {…}}`: a map by
//!   id, compared value to value); keys the answer adds are not a mismatch.
#![allow(dead_code)]

use serde_json::Value;

/// Every place `answer` is not in the shape of `example` (empty: same shape).
pub fn compare(example: &Value, answer: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if example.is_null() != answer.is_null() {
        out.push(format!("result: {} for {}", kind(answer), kind(example)));
        return out;
    }
    walk("result", example, answer, &mut out);
    out
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

fn numeric(s: &str) -> bool {
    !s.is_empty() && s.trim().parse::<f64>().is_ok()
}

fn is_id(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|c| c.is_ascii_digit())
}

fn user_field(key: &str) -> bool {
    key.starts_with("UF_") || key.starts_with("ufCrm") || key.starts_with("PARENT_ID_")
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn walk(path: &str, example: &Value, answer: &Value, out: &mut Vec<String>) {
    match (example, answer) {
        (Value::Null, _) | (_, Value::Null) => {}
        (Value::Bool(_), Value::Bool(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::String(_), Value::String(_)) => {}
        (Value::Number(_), Value::String(s)) | (Value::String(s), Value::Number(_))
            if numeric(s) => {}
        (e, a) if empty(e) && empty(a) => {}
        (Value::Array(e), Value::Array(a)) => {
            if let (Some(e), Some(a)) = (e.first(), a.first()) {
                walk(&format!("{path}[0]"), e, a, out);
            }
        }
        (Value::Object(e), Value::Object(a)) => {
            if !e.is_empty() && e.keys().all(|k| is_id(k)) {
                if let (Some(ev), Some(av)) = (e.values().next(), a.values().next()) {
                    walk(&format!("{path}.<id>"), ev, av, out);
                }
                return;
            }
            for (k, ev) in e {
                if user_field(k) {
                    continue;
                }
                match a.get(k) {
                    Some(av) => walk(&format!("{path}.{k}"), ev, av, out),
                    None => out.push(format!("{path} lacks {k}")),
                }
            }
        }
        (e, a) => out.push(format!("{path}: {} for {}", kind(a), kind(e))),
    }
}

#[test]
fn shapes_compare_types_and_keys() {
    use serde_json::json;
    assert!(compare(&json!({"a": 1, "UF_X": 2}), &json!({"a": "7", "b": 1})).is_empty());
    assert_eq!(
        compare(&json!(null), &json!(true)),
        ["result: bool for null"]
    );
    assert_eq!(
        compare(&json!(true), &json!(1)),
        ["result: number for bool"]
    );
    assert_eq!(
        compare(&json!([{"id": 1, "typeIds": []}]), &json!([{"id": 2}])),
        ["result[0] lacks typeIds"]
    );
    assert!(compare(&json!({"39": {"a": 1}}), &json!({"1": {"a": 2}})).is_empty());
    assert!(compare(&json!([]), &json!({})).is_empty());
}
