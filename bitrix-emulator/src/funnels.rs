//! Deal funnels (the outdated pages call them "directions") and their stages.
//!
//! - A funnel made with `crm.category.add` (`entityTypeId: 2`) or the outdated
//!   `crm.dealcategory.add` gets its stages in the status store (`crm.status`): the
//!   stages every funnel has are the `SYSTEM: Y` entries of crm.status.list's example
//!   for the general funnel (`DEAL_STAGE`: `NEW`, `WON`, `LOSE`, as
//!   crm.status.entity.types' `SEMANTIC_INFO` names them), written for the funnel with
//!   `ENTITY_ID: DEAL_STAGE_<id>`, `STATUS_ID: C<id>:<stage>` and `CATEGORY_ID: <id>`.
//!   Deleting the funnel deletes them.
//! - `crm.dealcategory.status {id}` answers `DEAL_STAGE_<id>` (`DEAL_STAGE` for 0 or no
//!   id), the formula its page gives.
//! - `crm.dealcategory.stage.list {id}` answers what `crm.status.list` answers for that
//!   `ENTITY_ID`, in `SORT` order, as its page says; a funnel the portal does not have
//!   answers `[]`.
//! - A deal added to a funnel without a `STAGE_ID` starts in the funnel's first stage.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::fill::{blank, stamp};
use super::listing;
use super::methods::Env;
use super::params;
use super::schema::example_result;
use super::state::{stored, Crm};

/// The deal entity type.
const DEAL: i64 = 2;
const STATUSES: &str = "crm.status";

/// The funnel a record of `table` is: `crm.dealcategory` records, and `crm.category`
/// records of deals.
pub(crate) fn funnel_of(crm: &Crm, table: &str, id: i64) -> Option<i64> {
    let record = crm.record(table, id)?;
    match table {
        "crm.dealcategory" => Some(id),
        "crm.category" => {
            (record.get("entityTypeId").and_then(params::int) == Some(DEAL)).then_some(id)
        }
        _ => None,
    }
}

/// `DEAL_STAGE_<id>`, or `DEAL_STAGE` for the general funnel (0).
fn entity_id(funnel: i64) -> String {
    if funnel > 0 {
        format!("DEAL_STAGE_{funnel}")
    } else {
        "DEAL_STAGE".to_owned()
    }
}

/// Writes the stages of a new funnel into the status store.
pub(crate) fn add_stages(env: &mut Env<'_>, funnel: i64) {
    let example = env
        .catalog
        .get("crm.status.list")
        .and_then(|spec| example_result(spec))
        .and_then(|v| match v {
            Value::Array(items) => Some(items),
            _ => None,
        })
        .unwrap_or_default();
    let system = example.into_iter().filter_map(|v| match v {
        Value::Object(m)
            if m.get("ENTITY_ID").and_then(Value::as_str) == Some("DEAL_STAGE")
                && m.get("SYSTEM").and_then(Value::as_str) == Some("Y") =>
        {
            Some(m)
        }
        _ => None,
    });
    let stages: Vec<Map<String, Value>> = system.collect();
    let schema = env.catalog.schema(STATUSES);
    for shown in stages {
        let id = env.crm.next_id(STATUSES);
        let mut stage = blank(&schema, &[]);
        stage.extend(shown);
        let code = stage
            .get("STATUS_ID")
            .and_then(params::text)
            .unwrap_or_default();
        for (key, value) in [
            ("ID", json!(id)),
            ("ENTITY_ID", json!(entity_id(funnel))),
            ("STATUS_ID", json!(format!("C{funnel}:{code}"))),
            ("CATEGORY_ID", json!(funnel)),
        ] {
            stage.insert(key.into(), stored(&value));
        }
        stamp(&schema, &mut stage, id, env.user_id, env.now, true);
        env.crm.insert(STATUSES, id, stage);
    }
}

/// Forgets the stages of a deleted funnel.
pub(crate) fn forget(crm: &mut Crm, funnel: i64) {
    let wanted = entity_id(funnel);
    let ids: Vec<i64> = crm
        .rows(STATUSES)
        .filter(|(_, r)| r.get("ENTITY_ID").and_then(Value::as_str) == Some(wanted.as_str()))
        .map(|(id, _)| *id)
        .collect();
    for id in ids {
        crm.remove(STATUSES, id);
    }
}

/// The `id` parameter: 0 when left out or empty.
fn funnel_param(p: &Value) -> Result<i64, ApiError> {
    match params::get(p, "id") {
        None | Some(Value::Null) => Ok(0),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(0),
        Some(v) => params::int(v)
            .filter(|id| *id >= 0)
            .ok_or_else(|| ApiError::crm("ID is not defined or invalid.")),
    }
}

/// Whether the portal has the funnel (the general one, 0, always).
fn exists(crm: &Crm, funnel: i64) -> bool {
    funnel == 0
        || funnel_of(crm, "crm.dealcategory", funnel).is_some()
        || funnel_of(crm, "crm.category", funnel).is_some()
}

/// Answers `crm.dealcategory.status`.
pub(crate) fn status(_: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    Ok(Answer::of(json!(entity_id(funnel_param(p)?))))
}

/// Answers `crm.dealcategory.stage.list`.
pub(crate) fn stage_list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let funnel = funnel_param(p)?;
    if !exists(env.crm, funnel) {
        return Ok(Answer::of(json!([])));
    }
    let query = json!({
        "filter": {"ENTITY_ID": entity_id(funnel)},
        "order": {"SORT": "ASC"},
    });
    let mut answer = super::entity::run(env, STATUSES, "list", &query)?;
    // One list, not a page of one: crm.status.list's paging fields are not shown.
    answer.total = None;
    answer.next = None;
    Ok(answer)
}

/// Puts a new deal of a funnel (`CATEGORY_ID`) that names no `STAGE_ID` in the funnel's
/// first stage.
pub(crate) fn place_deal(
    crm: &Crm,
    table: &str,
    record: &mut Map<String, Value>,
    given: &Map<String, Value>,
) {
    if table != "crm.deal" || listing::field(given, "STAGE_ID").is_some() {
        return;
    }
    let funnel = record.get("CATEGORY_ID").and_then(params::int).unwrap_or(0);
    if funnel <= 0 {
        return;
    }
    if let Some(stage) = first_stage(crm, funnel) {
        record.insert("STAGE_ID".into(), Value::String(stage));
    }
}

fn first_stage(crm: &Crm, funnel: i64) -> Option<String> {
    let wanted = entity_id(funnel);
    crm.rows(STATUSES)
        .filter(|(_, r)| r.get("ENTITY_ID").and_then(Value::as_str) == Some(wanted.as_str()))
        .min_by_key(|(_, r)| r.get("SORT").and_then(params::int).unwrap_or(i64::MAX))
        .and_then(|(_, r)| r.get("STATUS_ID").and_then(params::text))
}
