//! `crm.status.entity.types`: the portal's status and stage directories, which grow with
//! what the app creates.
//!
//! - The directories every portal has are the page example's entries that name no
//!   category of the docs writer's portal: its deal funnels (`DEAL_STAGE_1`, the entries
//!   with a `PARENT_ID`) and its smart processes (`DYNAMIC_177_STAGE_7`) are left out.
//! - Each deal funnel this portal has (`crm.category.add` with `entityTypeId: 2`, or an
//!   outdated `crm.dealcategory.add`) adds `DEAL_STAGE_<id>`, shaped as the example's
//!   funnel entry: `PREFIX: C<id>`, stages `C<id>:NEW` / `C<id>:WON` / `C<id>:LOSE`,
//!   `CATEGORY_ID` as the example spells it; its `NAME` is the funnel's name followed by
//!   "deal stages".
//! - Each smart process (`crm.type.add`) adds `DYNAMIC_<entityTypeId>_STAGE_<category>`
//!   per category, shaped as the example's smart-process entry (`NAME`: "Title (Category)",
//!   `PREFIX: DT<type>_<category>`). A smart process is made with its default category,
//!   named and sorted as the example's default one ([`add_default_category`]).

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::fill::blank;
use super::methods::Env;
use super::params;
use super::schema::example_result;

/// The deal entity type, whose funnels are `DEAL_STAGE_<id>`.
const DEAL: i64 = 2;

/// Answers `crm.status.entity.types`.
pub(crate) fn entity_types(env: &mut Env<'_>, _: &Value) -> Result<Answer, ApiError> {
    let example: Vec<Map<String, Value>> = env
        .catalog
        .get("crm.status.entity.types")
        .and_then(|spec| example_result(spec))
        .and_then(|v| match v {
            Value::Array(items) => Some(items),
            _ => None,
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .collect();
    let funnel = example
        .iter()
        .find(|e| e.contains_key("PARENT_ID"))
        .cloned();
    let dynamic = example.iter().find(|e| is_dynamic(e)).cloned();
    let mut out: Vec<Value> = Vec::new();
    for entry in example {
        if entry.contains_key("PARENT_ID") || is_dynamic(&entry) {
            continue;
        }
        let general_deal = entry.get("ID").and_then(Value::as_str) == Some("DEAL_STAGE");
        out.push(Value::Object(entry));
        if let (true, Some(template)) = (general_deal, &funnel) {
            for (id, name) in deal_funnels(env) {
                out.push(Value::Object(funnel_entry(template, id, &name)));
            }
        }
    }
    if let Some(template) = &dynamic {
        for (type_id, title) in smart_processes(env) {
            for (category, name, sort, default) in categories_of(env, type_id) {
                let c = (category, name.as_str(), sort, default);
                out.push(Value::Object(dynamic_entry(template, type_id, &title, c)));
            }
        }
    }
    Ok(Answer::of(Value::Array(out)))
}

/// Gives a new smart process its default category, as a portal does: named and sorted as
/// the page example's default category (`General`, 500).
pub(crate) fn add_default_category(env: &mut Env<'_>, type_id: i64) {
    let example_default = env
        .catalog
        .get("crm.status.entity.types")
        .and_then(|spec| example_result(spec))
        .and_then(|v| {
            v.as_array()?
                .iter()
                .find(|e| e["IS_DEFAULT_CATEGORY"] == json!(true))
                .cloned()
        });
    let name = example_default
        .as_ref()
        .and_then(|e| e["CATEGORY_NAME"].as_str())
        .unwrap_or("General")
        .to_owned();
    let sort = example_default
        .as_ref()
        .and_then(|e| params::int(&e["CATEGORY_SORT"]))
        .unwrap_or(500);
    let schema = env.catalog.schema("crm.category");
    let id = env.crm.next_id("crm.category");
    let mut record = blank(&schema, &[]);
    for (k, v) in [
        ("id", json!(id)),
        ("name", json!(name)),
        ("sort", json!(sort)),
        ("entityTypeId", json!(type_id)),
        ("isDefault", json!("Y")),
    ] {
        record.insert(k.into(), v);
    }
    env.crm.insert("crm.category", id, record);
}

fn is_dynamic(entry: &Map<String, Value>) -> bool {
    entry
        .get("ID")
        .and_then(Value::as_str)
        .is_some_and(|id| id.starts_with("DYNAMIC_"))
}

/// The portal's deal funnels: `crm.category` records of deals, and `crm.dealcategory`
/// ones (outdated pages), by id.
fn deal_funnels(env: &Env<'_>) -> Vec<(i64, String)> {
    let mut out: Vec<(i64, String)> = env
        .crm
        .rows("crm.category")
        .filter(|(_, r)| r.get("entityTypeId").and_then(params::int) == Some(DEAL))
        .map(|(id, r)| (*id, text(r, "name")))
        .chain(
            env.crm
                .rows("crm.dealcategory")
                .map(|(id, r)| (*id, text(r, "NAME"))),
        )
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out.dedup_by_key(|(id, _)| *id);
    out
}

/// The portal's smart processes: (`entityTypeId`, `title`).
fn smart_processes(env: &Env<'_>) -> Vec<(i64, String)> {
    env.crm
        .rows("crm.type")
        .filter_map(|(_, r)| {
            Some((
                r.get("entityTypeId").and_then(params::int)?,
                text(r, "title"),
            ))
        })
        .collect()
}

/// The categories of one smart process: (id, name, sort, default).
fn categories_of(env: &Env<'_>, type_id: i64) -> Vec<(i64, String, i64, bool)> {
    env.crm
        .rows("crm.category")
        .filter(|(_, r)| r.get("entityTypeId").and_then(params::int) == Some(type_id))
        .map(|(id, r)| {
            let sort = r.get("sort").and_then(params::int).unwrap_or(500);
            let default = params::flag(r.get("isDefault"));
            (*id, text(r, "name"), sort, default)
        })
        .collect()
}

fn text(r: &Map<String, Value>, key: &str) -> String {
    r.get(key).and_then(params::text).unwrap_or_default()
}

/// `value` in the JSON type `like` has (`"1"` where the example writes a string).
fn typed_as(like: Option<&Value>, value: i64) -> Value {
    match like {
        Some(Value::String(_)) => Value::String(value.to_string()),
        _ => json!(value),
    }
}

fn funnel_entry(template: &Map<String, Value>, id: i64, name: &str) -> Map<String, Value> {
    let mut e = template.clone();
    let prefix = format!("C{id}");
    e.insert("ID".into(), json!(format!("DEAL_STAGE_{id}")));
    e.insert("NAME".into(), json!(format!("{name} deal stages")));
    e.insert("PREFIX".into(), json!(prefix));
    e.insert(
        "FIELD_ATTRIBUTE_SCOPE".into(),
        json!(format!("category_{id}")),
    );
    e.insert("ENTITY_TYPE_ID".into(), json!(DEAL));
    e.insert(
        "CATEGORY_ID".into(),
        typed_as(template.get("CATEGORY_ID"), id),
    );
    if let Some(Value::Object(info)) = e.get_mut("SEMANTIC_INFO") {
        for (key, stage) in [
            ("START_FIELD", "NEW"),
            ("FINAL_SUCCESS_FIELD", "WON"),
            ("FINAL_UNSUCCESS_FIELD", "LOSE"),
        ] {
            info.insert(key.into(), json!(format!("{prefix}:{stage}")));
        }
    }
    e
}

fn dynamic_entry(
    template: &Map<String, Value>,
    type_id: i64,
    title: &str,
    (category, name, sort, default): (i64, &str, i64, bool),
) -> Map<String, Value> {
    let mut e = template.clone();
    e.insert(
        "ID".into(),
        json!(format!("DYNAMIC_{type_id}_STAGE_{category}")),
    );
    e.insert("NAME".into(), json!(format!("{title} ({name})")));
    e.insert("PREFIX".into(), json!(format!("DT{type_id}_{category}")));
    e.insert(
        "FIELD_ATTRIBUTE_SCOPE".into(),
        json!(format!("category_{category}")),
    );
    e.insert("ENTITY_TYPE_ID".into(), json!(type_id));
    e.insert(
        "CATEGORY_ID".into(),
        typed_as(template.get("CATEGORY_ID"), category),
    );
    for (key, value) in [
        ("CATEGORY_NAME", json!(name)),
        ("CATEGORY_SORT", json!(sort)),
        ("IS_DEFAULT_CATEGORY", json!(default)),
    ] {
        if e.contains_key(key) {
            e.insert(key.into(), value);
        }
    }
    e
}
