//! The answers of a flat family in the shapes of its pages' examples: what `add` and
//! `update` answer (the number, `true`, the record, wrapped as the example wraps it), what
//! `get` answers, and whether a family's reads answer records at all.

use bitrix_docs::MethodSpec;
use serde_json::{json, Map, Value};

use super::ops::{code_param, lists_codes};
use crate::schema::example_result;

/// An `add` or `update` answer in the shape of its page's example.
pub(super) fn shaped(
    spec: Option<&MethodSpec>,
    id: i64,
    read: Map<String, Value>,
    template: &Map<String, Value>,
) -> Value {
    match spec.and_then(example_result) {
        Some(Value::Bool(_)) | None => true.into(),
        // `{"result": true}` (imconnector.register): the flag as the example wraps it.
        Some(shown @ Value::Object(_)) if wraps_flag(&shown) => shown,
        Some(Value::Null) => Value::Null,
        Some(Value::Number(_)) => id.into(),
        Some(Value::String(_)) => match template.keys().find(|k| k.eq_ignore_ascii_case("id")) {
            Some(_) => Value::String(id.to_string()),
            None => read.values().next().cloned().unwrap_or(Value::Null),
        },
        // The new record's number under its own key (`telephony.externalLine.add` →
        // `{"ID": 7}`), a string when the example shows one.
        Some(Value::Object(m))
            if m.len() == 1
                && m.iter().all(|(k, v)| {
                    k.eq_ignore_ascii_case("id") && (v.is_number() || v.is_string())
                }) =>
        {
            let (k, v) = m.into_iter().next().expect("one key");
            let id = if v.is_string() {
                Value::String(id.to_string())
            } else {
                id.into()
            };
            json!({ k: id })
        }
        Some(shown) => wrap_like(&shown, Value::Object(read)),
    }
}

/// Whether the family's reads answer records: the `get` or `list` page's example shows
/// objects (or has none). A `list` of codes or ids (`im.chat.user.list` → `[1, 2]`) is no
/// record family: its pages' examples answer. Nor is a family whose `add` answers a list of
/// codes or ids (`sonet_group.user.add` → `["1271", "1272"]`: it adds users to a group, it
/// makes no record). Two lists of codes are reads: the codes a family registers, where its
/// `delete` names one by a parameter its `add` takes and no `get` shows the records
/// (`bizproc.robot.list` → `["sms_robot"]`, `delete {CODE}`), and, for the other
/// operations, a list beside a `get` that shows the records (`placement.list` names the
/// portal's places, `placement.get` what was bound: only `list` answers its example).
pub(crate) fn reads_records(
    op: &str,
    add: Option<&MethodSpec>,
    get: Option<&MethodSpec>,
    list: Option<&MethodSpec>,
    delete: Option<&MethodSpec>,
) -> bool {
    let records = |spec: Option<&MethodSpec>| match spec.and_then(example_result) {
        None => true,
        Some(v) => holds_objects(&v),
    };
    let add_ok = match add.and_then(example_result) {
        Some(v @ Value::Array(_)) => holds_objects(&v),
        _ => true,
    };
    let list_ok = records(list)
        || lists_codes(list) && code_param(add, delete).is_some() && get.is_none()
        || get.is_some() && records(get) && op != "list";
    add_ok && records(get) && list_ok
}

/// An object, an array of objects, or one key wrapping either (`{"badges": […]}`).
fn holds_objects(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.first().is_none_or(Value::is_object),
        Value::Object(m) if m.len() == 1 => match m.values().next() {
            Some(inner @ (Value::Array(_) | Value::Object(_))) => holds_objects(inner),
            _ => true,
        },
        Value::Object(_) => true,
        _ => false,
    }
}

/// A `get` answer: the record, wrapped as the page's example wraps it.
pub(super) fn wrapped(spec: Option<&MethodSpec>, read: Map<String, Value>) -> Value {
    match spec.and_then(example_result) {
        Some(shown) => wrap_like(&shown, Value::Object(read)),
        None => Value::Object(read),
    }
}

/// `value` under the one key `shown` wraps its record or records in (`{"badge": …}`).
pub(super) fn wrap_like(shown: &Value, value: Value) -> Value {
    match shown {
        Value::Object(m) if m.len() == 1 => match m.iter().next() {
            Some((k, Value::Object(_) | Value::Array(_))) => json!({ k.clone(): value }),
            _ => value,
        },
        _ => value,
    }
}

/// The key of a `delete` whose example counts what it removed (`placement.unbind` →
/// `{"count": 4}`).
pub(super) fn counted(spec: Option<&MethodSpec>) -> Option<String> {
    match spec.and_then(example_result)? {
        Value::Object(m) if m.len() == 1 => m
            .into_iter()
            .next()
            .filter(|(_, v)| v.is_u64())
            .map(|(k, _)| k),
        _ => None,
    }
}

/// Whether an example answer is one flag under one key (`{"result": true}`).
pub(super) fn wraps_flag(shown: &Value) -> bool {
    matches!(shown, Value::Object(m) if m.len() == 1 && m.values().all(Value::is_boolean))
}
