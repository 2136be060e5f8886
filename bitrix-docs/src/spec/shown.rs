//! What an example value shows: the values of a field across the example objects, how
//! the portal's lenient decoding reads a value, placeholders, wrappers and keys. Pure
//! functions over `serde_json::Value`; `resolve.rs` decides with them.

use serde_json::Value;

use crate::model::{Field, FieldType};

/// Values an example gives for one field, gathered across array elements.
pub(super) fn child_examples<'v>(parents: &[&'v Value], key: &str) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for v in parents {
        match v {
            Value::Object(map) => out.extend(map.get(key)),
            Value::Array(items) => {
                for item in items {
                    if let Some(v) = item.as_object().and_then(|m| m.get(key)) {
                        out.push(v);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Example objects of an object-like field (the elements, when the examples are arrays).
pub(super) fn objects<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![*other],
        })
        .collect()
}

pub(super) fn elements<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .filter_map(|v| v.as_array())
        .flatten()
        .collect()
}

/// A flag's text on the wire: `Y`, `N`, `true`, `false`, `0`, `1`.
pub(super) fn is_flag_text(s: &str) -> bool {
    matches!(s, "Y" | "N" | "y" | "n" | "true" | "false" | "0" | "1")
}

/// Whether the portal's lenient decoding reads `v` as `t` (bitrix-api's `wire.rs`).
pub(super) fn decodes_as(t: &FieldType, v: &Value) -> bool {
    let flag = is_flag_text;
    let int_text = |s: &str| s.trim().parse::<i64>().is_ok();
    match (t, v) {
        (_, Value::Null) => true,
        (FieldType::Integer | FieldType::Timestamp, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldType::Integer | FieldType::Timestamp, Value::String(s)) => int_text(s),
        (FieldType::Double, Value::Number(_)) => true,
        (FieldType::Double, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        (FieldType::String, Value::String(_) | Value::Number(_)) => true,
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Boolean | FieldType::YesNo, Value::Number(n)) => {
            n.as_u64().is_some_and(|n| n <= 1)
        }
        // `boolean` shown as "Y"/"N" decodes, but is a Y/N flag on the wire: see `scalar`.
        (FieldType::Boolean, Value::String(s)) => flag(s) && s != "Y" && s != "N",
        (FieldType::YesNo, Value::String(s)) => flag(s),
        (FieldType::YesNo, Value::Bool(_)) => true,
        (FieldType::Date | FieldType::DateTime, Value::String(_)) => true,
        (FieldType::Multifield | FieldType::File, Value::Object(_)) => true,
        (FieldType::File, Value::Number(_) | Value::String(_)) => true,
        // An upload: `["name.docx", "<base64>"]`.
        (FieldType::File, Value::Array(a)) => !a.is_empty() && a.iter().all(Value::is_string),
        _ => false,
    }
}

/// `"**put_id_here**"`, `"your_invoice_id"`: a slot for the reader's value, not a value.
pub(super) fn is_placeholder(v: &Value) -> bool {
    let Some(s) = v.as_str() else {
        return false;
    };
    let l = s.to_ascii_lowercase();
    s.contains("**") || l.starts_with("your_") || l.starts_with("put_") || l.ends_with("_here")
}

/// The one key of every example when each is an object `{key: [..]}` (the `items`
/// wrapper of list answers).
pub(super) fn list_wrapper(ex: &[&Value]) -> Option<String> {
    let mut key = None;
    for v in ex {
        let map = v.as_object()?;
        let (k, inner) = map.iter().next().filter(|_| map.len() == 1)?;
        if !inner.is_array() || key.as_ref().is_some_and(|seen: &String| seen != k) {
            return None;
        }
        key = Some(k.clone());
    }
    key
}

/// A number, string or flag: not an object, a list or `null`.
pub(super) fn is_scalar(v: &Value) -> bool {
    !v.is_object() && !v.is_array() && !v.is_null()
}

/// Whether every key of the example objects is one of the fields (or starts with one of
/// the fields' patterns).
pub(super) fn named_keys(objs: &[&Value], fields: &[Field]) -> bool {
    let named = |k: &String| {
        fields.iter().any(|f| {
            if f.pattern {
                k.starts_with(&f.name)
            } else {
                f.name == *k
            }
        })
    };
    objs.iter()
        .filter_map(|v| v.as_object())
        .all(|m| m.keys().all(named))
}

pub(super) fn all_objects(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_object))
}

/// `items` → `items[]` when the examples are lists: where an element's fields live.
pub(super) fn element_path(path: &str, ex: &[&Value]) -> String {
    if !ex.is_empty() && ex.iter().all(|v| v.is_array()) {
        format!("{path}[]")
    } else {
        path.to_string()
    }
}

/// An example value, short enough for one line.
pub(super) fn brief(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or("")),
        None => text,
    }
}

/// A string whose documented values, or example values, are exactly `Y` and `N`.
pub(super) fn is_yes_no(allowed: &[(String, String)], ex: &[&Value]) -> bool {
    let yn = |s: &str| s == "Y" || s == "N";
    if !allowed.is_empty() {
        return allowed.len() == 2
            && allowed.iter().all(|(v, _)| yn(v))
            && allowed.first().map(|a| &a.0) != allowed.get(1).map(|a| &a.0);
    }
    !ex.is_empty() && ex.iter().all(|v| v.as_str().is_some_and(yn))
}
