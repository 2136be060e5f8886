//! REST 3.0 families whose `add` takes the record as its own parameters, not a `fields`
//! object (`humanresources.node.add {type, name, parentId, …}`), and that have a `get`
//! page: what `add` is given is what the family's reads answer. What each page does is
//! read off its example's shape:
//! - `add` (no `id` parameter, the example answers a record): a new record — the keys of
//!   the example's record, each the given value (same name) when given, else `id` (the
//!   portal's number), `createdAt`/`updatedAt` (now, UTC), the example's value for the
//!   rest (the page's record is the portal's default one, as in `flat.rs`) but lists
//!   (`members`: `[]`); answered as the example answers it (the record itself);
//! - a page that takes `id` and answers `{"item": …}` (`get`): that record;
//! - a page that takes `id` and answers a record (`edit`, `move`): the record with the
//!   given fields written and `updatedAt` renewed;
//! - a page answering `{"items": […]}` (`list`, `children`, `search`): the records that
//!   match every given parameter naming a record field (text contains the given text,
//!   without regard to case; anything else equal), with `id` meaning the parent
//!   (`children {id}`: `parentId == id`), paged by `pagination` like the store's lists.
//!
//! An unknown `id` is 400 `…ENTITYNOTFOUNDEXCEPTION`, as in the store.

use bitrix_docs::{FieldType, MethodSpec};
use serde_json::{json, Map, Value};

use super::V3Error;
use crate::clock;
use crate::methods::Env;

/// Whether `method` belongs to such a family: its `<prefix>.add` has no `fields` object
/// parameter and its `<prefix>.get` exists. The prefix is the family's table.
pub(crate) fn family(env: &Env<'_>, method: &str) -> Option<String> {
    // `humanresources.node.edit` is `humanresources.node`'s; `…node.communication.edit`
    // belongs to no family (there is no `…node.communication.add`).
    let prefix = method.rsplit_once('.')?.0;
    let add = env.catalog.get_v3(&format!("{prefix}.add"))?;
    let fields = add
        .params
        .iter()
        .any(|f| f.name == "fields" && matches!(f.ty, FieldType::Object(_)));
    let get = env.catalog.get_v3(&format!("{prefix}.get")).is_some();
    (!fields && get).then(|| prefix.to_owned())
}

/// The `result` of a page's example.
fn shown(spec: &MethodSpec) -> Option<Value> {
    super::store::example_result(spec)
}

/// The record a family's pages show: the add example's, else the get example's item.
fn template(env: &Env<'_>, table: &str) -> Map<String, Value> {
    let page = |op: &str| {
        env.catalog
            .get_v3(&format!("{table}.{op}"))
            .and_then(|s| shown(s))
    };
    match page("add") {
        Some(Value::Object(m)) if m.contains_key("id") => m,
        _ => page("get")
            .and_then(|r| r.get("item").and_then(Value::as_object).cloned())
            .unwrap_or_default(),
    }
}

pub(crate) fn run(
    env: &mut Env<'_>,
    spec: &MethodSpec,
    table: &str,
    p: &Map<String, Value>,
) -> Result<Value, V3Error> {
    let template = template(env, table);
    let shown = shown(spec).unwrap_or(Value::Null);
    let now = clock::iso_utc(env.now);
    let takes_id = spec.params.iter().any(|f| f.name == "id");
    let id_given = p.get("id").cloned().unwrap_or(Value::Null);
    let write = |record: &mut Map<String, Value>| {
        for (k, v) in p {
            if k != "id" && template.contains_key(k) {
                record.insert(k.clone(), v.clone());
            }
        }
    };
    if shown.get("items").is_some() {
        return Ok(json!({ "items": list(env, table, &template, p) }));
    }
    if !takes_id {
        let id = env.crm.next_id(table);
        let mut record: Map<String, Value> = template
            .iter()
            .map(|(k, v)| (k.clone(), if v.is_array() { json!([]) } else { v.clone() }))
            .collect();
        record.insert("id".into(), id.into());
        for stamp in ["createdAt", "updatedAt"] {
            if record.contains_key(stamp) {
                record.insert(stamp.into(), now.clone().into());
            }
        }
        write(&mut record);
        env.crm.insert(table, id, record.clone());
        return Ok(Value::Object(record));
    }
    let id = id_given
        .as_i64()
        .ok_or_else(|| V3Error::request("id", "Required field `id` is not specified"))?;
    let record = env
        .crm
        .record_mut(table, id)
        .ok_or_else(|| V3Error::not_found(&id_given))?;
    if shown.get("item").is_some() {
        return Ok(json!({ "item": record.clone() }));
    }
    write(record);
    if record.contains_key("updatedAt") {
        record.insert("updatedAt".into(), now.into());
    }
    Ok(Value::Object(record.clone()))
}

fn list(
    env: &Env<'_>,
    table: &str,
    template: &Map<String, Value>,
    p: &Map<String, Value>,
) -> Vec<Value> {
    let conditions: Vec<(&str, &Value)> = p
        .iter()
        .filter_map(|(k, v)| match k.as_str() {
            "id" => Some(("parentId", v)),
            _ if template.contains_key(k) => Some((k.as_str(), v)),
            _ => None,
        })
        .collect();
    let matches = |r: &Map<String, Value>| {
        conditions.iter().all(|(k, want)| match (r.get(*k), want) {
            (Some(Value::String(have)), Value::String(want)) => {
                have.to_lowercase().contains(&want.to_lowercase())
            }
            (Some(have), want) => have == *want,
            (None, _) => false,
        })
    };
    let (offset, limit) = super::store::window(p.get("pagination"));
    env.crm
        .rows(table)
        .map(|(_, r)| r)
        .filter(|r| matches(r))
        .skip(offset)
        .take(limit)
        .map(|r| Value::Object(r.clone()))
        .collect()
}
