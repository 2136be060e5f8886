//! Stage history (crm/crm-stage-history-list.md): the portal writes a record when a lead,
//! deal or smart-process item is created (`TYPE_ID` 1), moves to another stage (2, or 3
//! when the stage is a final one) or to another pipeline (5), whichever method wrote it
//! (`crm.deal.add/update`, `crm.lead.add/update`, `crm.item.add/update`).
//! `crm.stagehistory.list {entityTypeId}` lists them, `{"items": […]}`, filtered, ordered,
//! selected and paged like every list.
//!
//! A record: `ID`, `TYPE_ID`, `OWNER_ID`, `CREATED_TIME` (ISO 8601), and for leads
//! `STATUS_ID` / `STATUS_SEMANTIC_ID`, for the others `CATEGORY_ID`, `STAGE_ID` /
//! `STAGE_SEMANTIC_ID`. Semantics: `S` for a success stage (`WON`, `CONVERTED`, `…:WON`,
//! `…:SUCCESS`), `F` for a failure (`LOSE`, `JUNK`, `…:LOSE`, `…:FAIL`), else `P`.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::clock::iso_utc;
use super::listing;
use super::methods::Env;
use super::params;
use super::state::Crm;

/// A watched write: where the record is and its stage before the method ran.
pub(crate) struct Watch {
    type_id: i64,
    table: String,
    stage_field: &'static str,
    category_field: &'static str,
    id: Option<i64>,
    before: Option<(Value, Value)>,
}

/// Whether `method` may change a stage; what to compare afterwards.
pub(crate) fn watch(crm: &Crm, method: &str, p: &Value) -> Option<Watch> {
    let (entity, op) = method.rsplit_once('.')?;
    if op != "add" && op != "update" {
        return None;
    }
    let (type_id, table, stage_field, category_field) = match entity {
        "crm.deal" => (2, "crm.deal".to_owned(), "STAGE_ID", "CATEGORY_ID"),
        "crm.lead" => (1, "crm.lead".to_owned(), "STATUS_ID", "CATEGORY_ID"),
        "crm.item" => {
            let t = params::get(p, "entityTypeId").and_then(params::int)?;
            match t {
                1 => (1, "crm.lead".to_owned(), "STATUS_ID", "CATEGORY_ID"),
                2 => (2, "crm.deal".to_owned(), "STAGE_ID", "CATEGORY_ID"),
                3 | 4 | 7 => return None,
                t => (t, format!("crm.item:{t}"), "stageId", "categoryId"),
            }
        }
        _ => return None,
    };
    let id = (op == "update")
        .then(|| params::get(p, "id").and_then(params::int))
        .flatten();
    let before = id
        .and_then(|id| crm.record(&table, id))
        .map(|r| stage_of(r, stage_field, category_field));
    Some(Watch {
        type_id,
        table,
        stage_field,
        category_field,
        id,
        before,
    })
}

fn stage_of(r: &Map<String, Value>, stage: &str, category: &str) -> (Value, Value) {
    let get = |k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    (get(stage), get(category))
}

/// After a successful write: the record of its creation or stage change, if any.
pub(crate) fn record(crm: &mut Crm, w: Watch, result: &Value, now: f64) {
    let id = w.id.or_else(|| {
        params::int(result).or_else(|| result.get("item")?.get("id").and_then(params::int))
    });
    let Some(id) = id else { return };
    let Some(after) = crm
        .record(&w.table, id)
        .map(|r| stage_of(r, w.stage_field, w.category_field))
    else {
        return;
    };
    let type_id = match &w.before {
        None => 1,
        Some(before) if before.1 != after.1 && !after.1.is_null() => 5,
        Some(before) if before.0 != after.0 => match semantic(&after.0) {
            "P" => 2,
            _ => 3,
        },
        Some(_) => return,
    };
    if after.0.is_null() {
        return;
    }
    let table = format!("crm.stagehistory:{}", w.type_id);
    let record_id = crm.next_id(&table);
    let number = |v: &Value| params::int(v).map_or(Value::Null, Value::from);
    let mut row = Map::new();
    row.insert("ID".into(), record_id.into());
    row.insert("TYPE_ID".into(), type_id.into());
    row.insert("OWNER_ID".into(), id.into());
    row.insert("CREATED_TIME".into(), iso_utc(now).into());
    let lead = w.type_id == 1;
    if !lead {
        row.insert("CATEGORY_ID".into(), number(&after.1));
    }
    let (semantic_key, stage_key) = if lead {
        ("STATUS_SEMANTIC_ID", "STATUS_ID")
    } else {
        ("STAGE_SEMANTIC_ID", "STAGE_ID")
    };
    row.insert(semantic_key.into(), semantic(&after.0).into());
    row.insert(stage_key.into(), after.0);
    crm.insert(&table, record_id, row);
}

fn semantic(stage: &Value) -> &'static str {
    let s = stage.as_str().unwrap_or_default();
    let tail = s.rsplit(':').next().unwrap_or(s);
    match tail {
        "WON" | "CONVERTED" | "SUCCESS" => "S",
        "LOSE" | "JUNK" | "FAIL" => "F",
        _ => "P",
    }
}

/// `crm.stagehistory.list`.
pub(crate) fn list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let type_id = params::get(p, "entityTypeId")
        .ok_or_else(|| ApiError::required("entityTypeId"))
        .and_then(|v| params::int(v).ok_or_else(|| ApiError::invalid("entityTypeId")))?;
    let table = format!("crm.stagehistory:{type_id}");
    let shape = listing::Shape {
        multiple: Vec::new(),
        star_is_everything: true,
    };
    let mut answer = listing::list_shaped(env.crm.rows(&table).map(|(_, r)| r), p, &shape)?;
    answer.result = json!({ "items": answer.result });
    Ok(answer)
}
