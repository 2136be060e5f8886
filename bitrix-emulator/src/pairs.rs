//! Write–read pairs: `<family>.set` (or `.save`) keeps what it is given, `<family>.get`
//! reads it back, `<family>.delete` / `.reset` forget it — product rows
//! (`crm.deal.productrows.set` / `.get`), layout blocks, currency localizations, the base
//! currency, timeline notes, card configurations. Derived from the pages:
//! - the key: the parameters the `get` page lists that the call gives (`id`;
//!   `entityTypeId`, `entityId`, `activityId`; none for `crm.currency.base.get`);
//! - the value: the `set` call's other parameters (`rows`, `layout`, `text`, …);
//! - `get` answers the value in the shape of its page's example: a list of records
//!   (`rows`) completed record by record from the example's first one (the row's number,
//!   its owner, else the example's values as the portal's defaults), an object wrapping
//!   the value under its name (`{"layout": …}`), a record the value fills
//!   (`crm.timeline.note.get`: `text`, with the author and times the portal keeps), or the
//!   value itself (`"USD"`, a map of languages). Before any `set`, a list is `[]`, a
//!   wrapped value `null` (`{"layout": null}`), a map by key `{}`, anything else the
//!   page's example (the portal's default: `crm.currency.base.get` → `"USD"`);
//! - `set` answers what its page's example shows (`true`, `{"success": true}`).

use bitrix_docs::MethodSpec;
use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::clock::iso_utc;
use super::listing;
use super::methods::Env;
use super::params;
use super::schema::example_result;

/// The value kept under one key, with when and by whom it was written.
#[derive(Debug, Clone)]
pub(crate) struct Kept {
    pub value: Map<String, Value>,
    pub by: i64,
    pub at: f64,
    /// The numbers given to the rows of a list value (`ID` of product rows).
    pub ids: Vec<i64>,
}

pub(crate) fn run(
    env: &mut Env<'_>,
    family: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    if super::options::serves(family) {
        return super::options::run(env, family, op, p);
    }
    let page = |op: &str| env.catalog.get(&format!("{family}.{op}")).cloned();
    let get = page("get");
    let key_names: Vec<String> = get
        .as_deref()
        .map(|g| g.params.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let key = key_of(&key_names, p);
    let slot = (family.to_owned(), key);
    match op {
        "get" => {
            if let Some(e) = super::owned::missing_owner(env, family, p) {
                return Err(e);
            }
            let kept = env.crm.kept.get(&slot).cloned();
            let set = page("set").or_else(|| page("save"));
            Ok(Answer::of(read(
                get.as_deref(),
                set.as_deref(),
                kept.as_ref(),
                p,
            )))
        }
        "delete" | "reset" => {
            env.crm.kept.remove(&slot);
            Ok(Answer::of(written(page(op).as_deref())))
        }
        _ => {
            let value: Map<String, Value> = p
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(k, _)| {
                    !k.eq_ignore_ascii_case("auth")
                        && !key_names.iter().any(|n| n.eq_ignore_ascii_case(k))
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let rows = value
                .values()
                .find_map(|v| params::list(v).filter(|l| l.iter().all(|r| r.is_object())))
                .map_or(0, |l| l.len());
            // One numbering for every family's rows, as a portal numbers its product
            // rows (crm.productrow.list lists the deals' and the leads' together).
            let counter = "pairs";
            let ids = (0..rows).map(|_| env.crm.next_id(counter)).collect();
            let kept = Kept {
                value,
                by: env.user_id,
                at: env.now,
                ids,
            };
            env.crm.kept.insert(slot, kept);
            Ok(Answer::of(written(page(op).as_deref())))
        }
    }
}

/// The given key parameters, as text, in the `get` page's order.
fn key_of(names: &[String], p: &Value) -> String {
    names
        .iter()
        .filter_map(|n| Some(format!("{n}={}", params::get(p, n).and_then(params::text)?)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What a write answers: its page's example result, else `true`.
fn written(spec: Option<&MethodSpec>) -> Value {
    spec.and_then(example_result).unwrap_or(Value::Bool(true))
}

fn read(
    get: Option<&MethodSpec>,
    set: Option<&MethodSpec>,
    kept: Option<&Kept>,
    p: &Value,
) -> Value {
    let shown = get.and_then(example_result).unwrap_or(Value::Null);
    let Some(kept) = kept else {
        let set_param = |k: &String| set.is_some_and(|s| s.params.iter().any(|f| &f.name == k));
        return match shown {
            Value::Array(_) => json!([]),
            // `{"layout": null}`: the value `set` writes, not written yet.
            Value::Object(m) if m.len() == 1 && m.keys().all(set_param) => {
                Value::Object(m.into_iter().map(|(k, _)| (k, Value::Null)).collect())
            }
            Value::Object(m) if is_map_by_key(&m) => json!({}),
            other => other,
        };
    };
    let only = (kept.value.len() == 1)
        .then(|| kept.value.iter().next())
        .flatten();
    match (&shown, only) {
        // `{"layout": …}`: the value under its own name.
        (Value::Object(m), Some((name, v))) if m.len() == 1 && m.contains_key(name) => {
            json!({ name.clone(): v })
        }
        (Value::Array(rows), Some((_, v))) => {
            let template = match rows.first() {
                Some(Value::Object(first)) => first.clone(),
                _ => Map::new(),
            };
            let given = params::list(v).unwrap_or_default();
            let owner = params::get(p, "id").cloned().unwrap_or(Value::Null);
            Value::Array(
                given
                    .into_iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let id = kept.ids.get(i).copied().unwrap_or(i as i64 + 1);
                        complete_row(&template, row, id, &owner)
                    })
                    .collect(),
            )
        }
        (Value::Object(m), _) if !is_map_by_key(m) && only.is_none_or(|(_, v)| !v.is_object()) => {
            let mut out = Map::new();
            for (k, example) in m {
                let value = match listing::field(&kept.value, k) {
                    Some(v) => v.clone(),
                    None => portal_value(k, example, kept),
                };
                out.insert(k.clone(), value);
            }
            Value::Object(out)
        }
        (_, Some((_, v))) => v.clone(),
        _ => Value::Object(kept.value.clone()),
    }
}

/// A map keyed by codes or languages (`{"en": {…}, "de": {…}}`): every value an object.
fn is_map_by_key(m: &Map<String, Value>) -> bool {
    !m.is_empty() && m.values().all(Value::is_object)
}

fn portal_value(key: &str, example: &Value, kept: &Kept) -> Value {
    match key {
        "createdById" | "updatedById" | "createdBy" | "updatedBy" => kept.by.into(),
        "createdTime" | "updatedTime" => iso_utc(kept.at).into(),
        _ => example.clone(),
    }
}

/// One written row as `get` answers it: the template's keys, each the given value, the
/// row's number (`ID`), its owner (`OWNER_ID`), else the example's.
fn complete_row(template: &Map<String, Value>, row: &Value, id: i64, owner: &Value) -> Value {
    let given = params::object(row).unwrap_or_default();
    let like = |shown: &Value, v: Value| match (shown, &v) {
        (Value::String(_), Value::Number(n)) => Value::String(n.to_string()),
        _ => v,
    };
    let mut out = Map::new();
    for (k, shown) in template {
        let value = match listing::field(&given, k) {
            Some(v) => v.clone(),
            None if k == "ID" || k == "id" => like(shown, json!(id)),
            None if k == "OWNER_ID" || k == "ownerId" => like(shown, owner.clone()),
            None => shown.clone(),
        };
        out.insert(k.clone(), value);
    }
    for (k, v) in given {
        if !out.keys().any(|o| o.eq_ignore_ascii_case(&k)) {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}
