//! `crm.item.*` for the classic types: `entityTypeId` 1 (lead), 2 (deal), 3 (contact),
//! 4 (company) and 7 (quote) read and write the same records as `crm.lead.*`,
//! `crm.deal.*`, …, in `crm.item`'s spelling (crm/universal/crm-item-get.md):
//! - names in camelCase (`ASSIGNED_BY_ID` ↔ `assignedById`; `ID` ↔ `id`,
//!   `DATE_CREATE` ↔ `createdTime`, `DATE_MODIFY` ↔ `updatedTime`, `CREATED_BY_ID` ↔
//!   `createdBy`, `MODIFY_BY_ID` ↔ `updatedBy`, a lead's or quote's `STATUS_ID` ↔ `stageId`;
//!   user fields `UF_CRM_X` ↔ `ufCrm_X`);
//! - IDs and amounts as numbers (`"42"` → `42`, `"150.50"` → `150.5`), flags stay `Y`/`N`;
//! - multi-fields (`PHONE`, `EMAIL`, …) as `fm: [{id, typeId, valueType, value}]`;
//! - answers wrapped as the pages show: `{"item": …}`, `{"items": […]}`, `delete` → `[]`.
//!
//! Other `entityTypeId`s (smart processes) have tables of their own (`entity.rs`).

use std::borrow::Cow;

use bitrix_docs::entity::{has_status, item_camel, ITEM_RENAMED};
use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::entity;
use super::filter::{Dialect, Fields, Kind};
use super::listing;
use super::methods::Env;
use super::multifield::MULTIFIELDS;
use super::params;
use super::state::{stored, Entity};
use super::typed;

/// The classic entity behind an `entityTypeId`.
pub(crate) fn classic(type_id: i64) -> Option<&'static str> {
    bitrix_docs::entity::classic_entity(type_id)
}

/// `ASSIGNED_BY_ID` → `assignedById`, `UF_CRM_X1` → `ufCrm_X1` (a deal's spelling).
pub(crate) fn camel(upper: &str) -> String {
    item_camel("crm.deal", upper)
}

/// [`camel`] for the records of `entity` (a lead's `STATUS_ID` is `stageId`).
pub(crate) fn camel_of(entity: &str) -> fn(&str) -> String {
    fn status(u: &str) -> String {
        item_camel("crm.lead", u)
    }
    if has_status(entity) {
        status
    } else {
        camel
    }
}

/// [`upper`] for the records of `entity`.
fn upper_of(entity: &str) -> fn(&str) -> String {
    fn status(c: &str) -> String {
        if c == "stageId" {
            "STATUS_ID".into()
        } else {
            upper(c)
        }
    }
    if has_status(entity) {
        status
    } else {
        upper
    }
}

/// `assignedById` → `ASSIGNED_BY_ID`, `ufCrm_X1` → `UF_CRM_X1`, `ufCrm3Amount` →
/// `UF_CRM_3_AMOUNT`.
pub(crate) fn upper(camel_name: &str) -> String {
    if let Some((u, _)) = ITEM_RENAMED.iter().find(|(_, c)| *c == camel_name) {
        return (*u).to_owned();
    }
    if camel_name.starts_with("ufCrm") {
        return bitrix_docs::entity::custom_upper(camel_name);
    }
    let mut out = String::with_capacity(camel_name.len() + 4);
    for (i, c) in camel_name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

/// Names whose text values `crm.item` answers as numbers.
fn numeric(upper_name: &str) -> bool {
    upper_name == "ID"
        || upper_name.ends_with("_ID")
        || upper_name.ends_with("_BY")
        || matches!(upper_name, "OPPORTUNITY" | "TAX_VALUE" | "PROBABILITY")
}

/// A stored record in `crm.item`'s spelling.
pub(crate) fn to_item(record: &Map<String, Value>, type_id: i64) -> Map<String, Value> {
    let camel = camel_of(classic(type_id).unwrap_or_default());
    let mut item = Map::new();
    let mut fm = Vec::new();
    for (k, v) in record {
        if MULTIFIELDS.contains(&k.as_str()) {
            for value in v.as_array().into_iter().flatten() {
                fm.push(json!({
                    "id": value.get("ID").and_then(params::int),
                    "valueType": value.get("VALUE_TYPE"),
                    "value": value.get("VALUE"),
                    "typeId": k,
                }));
            }
            continue;
        }
        let value = match v {
            Value::String(s) if numeric(k) => s
                .parse::<i64>()
                .map(Value::from)
                .or_else(|_| s.parse::<f64>().map(|f| json!(f)))
                .unwrap_or_else(|_| v.clone()),
            _ => v.clone(),
        };
        item.insert(camel(k), value);
    }
    item.insert("entityTypeId".into(), type_id.into());
    item.insert("fm".into(), Value::Array(fm));
    item
}

/// `crm.item` fields in the classic spelling (`fm` becomes the multi-fields).
fn to_classic(entity: &str, fields: &Map<String, Value>) -> Map<String, Value> {
    let upper = upper_of(entity);
    let mut out = Map::new();
    for (k, v) in fields {
        if k == "fm" {
            for item in params::list(v).unwrap_or_default() {
                let kind = item
                    .get("typeId")
                    .and_then(Value::as_str)
                    .unwrap_or("PHONE");
                let entry = json!({
                    "ID": item.get("id"),
                    "VALUE": item.get("value"),
                    "VALUE_TYPE": item.get("valueType"),
                });
                let list = out.entry(kind.to_uppercase()).or_insert_with(|| json!([]));
                if let Some(a) = list.as_array_mut() {
                    a.push(entry);
                }
            }
            continue;
        }
        out.insert(upper(k), v.clone());
    }
    out
}

fn not_found() -> ApiError {
    ApiError::new(400, "NOT_FOUND", "Item not found")
}

/// `crm.item.<op>` on a classic entity's table.
pub(crate) fn run(
    env: &mut Env<'_>,
    name: &str,
    type_id: i64,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    let schema = env.catalog.schema(name);
    let fields = || -> Result<Map<String, Value>, ApiError> {
        match params::get(p, "fields") {
            Some(v) => params::object(v)
                .map(|m| to_classic(name, &m))
                .ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))
                .and_then(|m| typed::prepare(&schema, &m, true)),
            None => Err(ApiError::required("fields")),
        }
    };
    let id = || {
        params::get(p, "id")
            .and_then(params::int)
            .filter(|id| *id > 0)
            .ok_or_else(|| ApiError::required("id"))
    };
    let item = |env: &Env<'_>, id: i64| -> Result<Value, ApiError> {
        let record = env.crm.record(name, id).ok_or_else(not_found)?;
        Ok(json!({ "item": to_item(record, type_id) }))
    };
    match op {
        "add" => {
            let given = fields()?;
            let new_id = match name {
                "crm.lead" => env.crm.add(Entity::Lead, &given, env.user_id, env.now),
                "crm.contact" => env.crm.add(Entity::Contact, &given, env.user_id, env.now),
                _ => {
                    let body = json!({ "fields": given });
                    let answer = entity::run(env, name, "add", &body)?;
                    params::int(&answer.result).ok_or_else(not_found)?
                }
            };
            Ok(Answer::of(item(env, new_id)?))
        }
        "get" => Ok(Answer::of(item(env, id()?)?)),
        "update" => {
            let (id, given) = (id()?, fields()?);
            if env.crm.record(name, id).is_none() {
                return Err(not_found());
            }
            if env.catalog.get(&format!("{name}.add")).is_some() {
                entity::run(env, name, "update", &json!({"id": id, "fields": given}))?;
            } else if let Some(record) = env.crm.record_mut(name, id) {
                // Hand-written entities without pages keep what they are given.
                for (k, v) in given {
                    record.insert(k, stored(&v));
                }
            }
            Ok(Answer::of(item(env, id)?))
        }
        "delete" => {
            let id = id()?;
            if !env.crm.remove(name, id) {
                return Err(not_found());
            }
            super::owned::forget(env.crm, name, id);
            Ok(Answer::of(json!([])))
        }
        "list" => {
            let rows: Vec<Map<String, Value>> = env
                .crm
                .rows(name)
                .map(|(_, r)| to_item(r, type_id))
                .collect();
            let shape = listing::Shape {
                multiple: Vec::new(),
                star_is_everything: true,
            };
            let ufs: Vec<_> = env.crm.userfields_of(name).cloned().collect();
            let fields = Fields::of_schema(&env.catalog.schema(name), &ufs)
                .renamed(camel_of(name))
                .with([("entityTypeId".to_owned(), Kind::Int)]);
            // `fm` is no field: only `*` selects it (crm.item.list's `select`).
            let mut p = p.clone();
            if let Some(select) = p.get_mut("select").and_then(Value::as_array_mut) {
                select.retain(|s| s.as_str() != Some("fm"));
            }
            let mut answer = listing::list_typed(
                rows.iter(),
                &p,
                &shape,
                Cow::Borrowed,
                &fields,
                Dialect::Item,
            )?;
            answer.result = json!({ "items": answer.result });
            Ok(answer)
        }
        _ => Ok(Answer::of(json!({ "fields": {} }))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert_both_ways() {
        for (u, c) in [
            ("ASSIGNED_BY_ID", "assignedById"),
            ("ID", "id"),
            ("DATE_CREATE", "createdTime"),
            ("IS_MANUAL_OPPORTUNITY", "isManualOpportunity"),
            ("UF_CRM_RATING", "ufCrm_RATING"),
            ("TITLE", "title"),
        ] {
            assert_eq!(camel(u), c);
            assert_eq!(upper(c), u);
        }
    }

    #[test]
    fn records_read_as_items() {
        let record = json!({"ID": "4", "TITLE": "T", "OPPORTUNITY": "150.50", "OPENED": "Y",
            "PHONE": [{"ID": "9", "VALUE_TYPE": "WORK", "VALUE": "+1", "TYPE_ID": "PHONE"}]});
        let item = to_item(record.as_object().unwrap(), 2);
        assert_eq!(item["id"], 4);
        assert_eq!(item["opportunity"], 150.5);
        assert_eq!(item["opened"], "Y");
        assert_eq!(item["entityTypeId"], 2);
        assert_eq!(
            item["fm"],
            json!([{"id": 9, "valueType": "WORK", "value": "+1", "typeId": "PHONE"}])
        );
    }
}
