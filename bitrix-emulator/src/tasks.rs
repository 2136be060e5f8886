//! Tasks (`tasks.task.add/get/update/delete/list`) and what a task owns, its checklist
//! (`task.checklistitem.*`) and comments (`task.commentitem.*`), for a portal that has
//! these pages (the official `tasks/` pages given with
//! [`PortalBuilder::pages`](crate::PortalBuilder::pages), or bitrix-api's own once
//! shipped).
//!
//! Tasks are written in the pages' upper case (`fields: {TITLE, RESPONSIBLE_ID, …}`) and
//! read in camelCase (`{"task": {"id", "title", "responsibleId", …}}`), as the pages
//! show: a read has the keys of the `get` page's example task, each the written value
//! (`RESPONSIBLE_ID` for `responsibleId`), else the portal's (`id`, `createdBy`,
//! `createdDate`, `status` 2, "pending"), else the example's (its lists empty), plus every written field
//! the example lacks. `list` filters and orders by the upper-case names
//! (`filter: {RESPONSIBLE_ID: 1}`, `order: {ID: "desc"}`) and answers `{"tasks": […]}`.
//!
//! A checklist item or comment is written as `{TASKID, FIELDS}` and read with the upper
//! case keys of its `get` page's example (`ID`, `TASK_ID`, `TITLE`, `POST_MESSAGE`,
//! `AUTHOR_ID`, `POST_DATE`, …; the example's lists and objects, such as its members and
//! attachments, read empty); `getlist {TASKID}` lists a task's, `get`, `update`,
//! `delete` name one by `TASKID` and `ITEMID`. Unknown ids, where the pages leave the
//! error open: a task is 400 `1048582` (`Task not found or not accessible`, the code the
//! delete page gives for a task one may not reach); an item, or an item of an unknown
//! task, is 400 `ERROR_CORE` with the checklist page's `TASKS_ERROR_EXCEPTION_#8; … not
//! allowed; 8/TE/ACTION_FAILED_TO_BE_PROCESSED`.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::clock;
use super::listing;
use super::methods::Env;
use super::params;
use super::schema::example_result;

const TASKS: &str = "tasks:task";

/// Whether this module answers `method` (given the portal has its page).
pub(crate) fn serves(method: &str) -> bool {
    matches!(
        method,
        "tasks.task.add"
            | "tasks.task.get"
            | "tasks.task.update"
            | "tasks.task.delete"
            | "tasks.task.list"
    ) || owned_kind(method).is_some()
}

/// `task.checklistitem.getlist` → (`task.checklistitem`, `getlist`).
fn owned_kind(method: &str) -> Option<(&str, &str)> {
    let (family, op) = method.rsplit_once('.')?;
    let owned = matches!(family, "task.checklistitem" | "task.commentitem");
    (owned && matches!(op, "add" | "get" | "getlist" | "update" | "delete")).then_some((family, op))
}

fn no_task() -> ApiError {
    ApiError::new(400, "1048582", "Task not found or not accessible")
}

fn not_allowed() -> ApiError {
    ApiError::new(
        400,
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#8; Action failed: action not allowed; \
         8/TE/ACTION_FAILED_TO_BE_PROCESSED",
    )
}

pub(crate) fn run(env: &mut Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    if let Some((family, op)) = owned_kind(method) {
        return owned(env, family, op, p);
    }
    let task_id = || {
        params::get(p, "taskId")
            .and_then(params::int)
            .ok_or_else(|| {
                ApiError::new(
                    400,
                    "100",
                    "CTaskItem All parameters in the constructor must have real class type",
                )
            })
    };
    let fields = || {
        params::get(p, "fields")
            .and_then(params::object)
            .unwrap_or_default()
    };
    match method {
        "tasks.task.add" => {
            let id = env.crm.next_id(TASKS);
            let mut record = upper(fields());
            record.insert("ID".into(), id.to_string().into());
            record
                .entry("CREATED_BY")
                .or_insert_with(|| env.user_id.to_string().into());
            record.insert("CREATED_DATE".into(), clock::datetime(env.now).into());
            record.entry("STATUS").or_insert_with(|| "2".into());
            env.crm.insert(TASKS, id, record);
            Ok(Answer::of(json!({ "task": read(env, id) })))
        }
        "tasks.task.get" | "tasks.task.update" => {
            let id = task_id()?;
            let record = env.crm.record_mut(TASKS, id).ok_or_else(no_task)?;
            if method.ends_with("update") {
                record.extend(upper(fields()));
                record.insert("CHANGED_DATE".into(), clock::datetime(env.now).into());
            }
            Ok(Answer::of(json!({ "task": read(env, id) })))
        }
        "tasks.task.delete" => {
            let id = task_id()?;
            if !env.crm.remove(TASKS, id) {
                return Err(no_task());
            }
            for family in ["task.checklistitem", "task.commentitem"] {
                let table = format!("tasks:{family}");
                let owned: Vec<i64> = env
                    .crm
                    .rows(&table)
                    .filter(|(_, r)| r.get("TASK_ID").and_then(params::int) == Some(id))
                    .map(|(i, _)| *i)
                    .collect();
                for i in owned {
                    env.crm.remove(&table, i);
                }
            }
            Ok(Answer::of(json!({ "task": true })))
        }
        _ => {
            // Filter and order on the records as written (upper case); read each found.
            let mut q = p.clone();
            if let Some(m) = q.as_object_mut() {
                m.retain(|k, _| !k.eq_ignore_ascii_case("select"));
            }
            let shape = listing::Shape {
                multiple: Vec::new(),
                star_is_everything: true,
            };
            let rows: Vec<Map<String, Value>> =
                env.crm.rows(TASKS).map(|(_, r)| r.clone()).collect();
            let mut answer = listing::list_shaped(rows.iter(), &q, &shape)?;
            let tasks: Vec<Value> = answer
                .result
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|r| r.get("ID").and_then(params::int))
                .map(|id| read(env, id))
                .collect();
            answer.result = json!({ "tasks": tasks });
            Ok(answer)
        }
    }
}

/// Field names as the portal keeps them: upper case (`title` → `TITLE`).
fn upper(fields: Map<String, Value>) -> Map<String, Value> {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_uppercase(), v))
        .collect()
}

/// `RESPONSIBLE_ID` → `responsibleId`.
fn camel(upper: &str) -> String {
    let mut out = String::with_capacity(upper.len());
    for (i, word) in upper.split('_').enumerate() {
        let word = word.to_lowercase();
        if i == 0 {
            out.push_str(&word);
        } else {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                out.extend(c.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

/// A task as `get` answers it (see the module's rules).
fn read(env: &Env<'_>, id: i64) -> Value {
    let Some(record) = env.crm.record(TASKS, id) else {
        return Value::Null;
    };
    let shown = env
        .catalog
        .get("tasks.task.get")
        .and_then(|s| example_result(s))
        .and_then(|r| r.get("task").cloned())
        .and_then(|t| t.as_object().cloned())
        .unwrap_or_default();
    let written: Map<String, Value> = record.iter().map(|(k, v)| (camel(k), v.clone())).collect();
    let mut out = Map::new();
    for (k, example) in &shown {
        // The example's lists (files, CRM links) are its task's, not defaults.
        let default = if example.is_array() {
            json!([])
        } else {
            example.clone()
        };
        out.insert(k.clone(), written.get(k).cloned().unwrap_or(default));
    }
    for (k, v) in written {
        out.entry(k).or_insert(v);
    }
    Value::Object(out)
}

/// Checklist items and comments: `{TASKID, FIELDS}` / `{TASKID, ITEMID}`.
fn owned(env: &mut Env<'_>, family: &str, op: &str, p: &Value) -> Result<Answer, ApiError> {
    let table = format!("tasks:{family}");
    let task = params::get(p, "TASKID")
        .and_then(params::int)
        .filter(|t| env.crm.record(TASKS, *t).is_some())
        .ok_or_else(not_allowed)?;
    let item = || {
        params::get(p, "ITEMID")
            .and_then(params::int)
            .filter(|i| {
                env.crm
                    .record(&table, *i)
                    .is_some_and(|r| r.get("TASK_ID").and_then(params::int) == Some(task))
            })
            .ok_or_else(not_allowed)
    };
    let fields = || {
        params::get(p, "FIELDS")
            .and_then(params::object)
            .map(upper)
            .unwrap_or_default()
    };
    let template = env
        .catalog
        .get(&format!("{family}.get"))
        .and_then(|s| example_result(s))
        .and_then(|r| r.as_object().cloned())
        .unwrap_or_default();
    let read = |env: &Env<'_>, id: i64| -> Value {
        let record = env.crm.record(&table, id).cloned().unwrap_or_default();
        let mut out: Map<String, Value> = template
            .iter()
            .map(|(k, v)| {
                // The example's members and attachments are its item's, not defaults.
                let default = match v {
                    Value::Array(_) => json!([]),
                    Value::Object(_) => json!({}),
                    _ => v.clone(),
                };
                (k.clone(), record.get(k).cloned().unwrap_or(default))
            })
            .collect();
        out.extend(record);
        Value::Object(out)
    };
    match op {
        "add" => {
            let fields = fields();
            if fields.is_empty() {
                return Err(not_allowed());
            }
            let id = env.crm.next_id(&table);
            let mut record = fields;
            record.insert("ID".into(), id.to_string().into());
            record.insert("TASK_ID".into(), task.to_string().into());
            let author = env.user_id.to_string();
            let now = clock::datetime(env.now);
            for (k, v) in [
                ("CREATED_BY", author.clone()),
                ("AUTHOR_ID", author),
                ("POST_DATE", now),
            ] {
                if template.contains_key(k) {
                    record.entry(k).or_insert_with(|| v.into());
                }
            }
            env.crm.insert(&table, id, record);
            Ok(Answer::of(id.into()))
        }
        "get" => Ok(Answer::of(read(env, item()?))),
        "update" => {
            let id = item()?;
            if let Some(r) = env.crm.record_mut(&table, id) {
                r.extend(fields());
            }
            Ok(Answer::of(true.into()))
        }
        "delete" => {
            env.crm.remove(&table, item()?);
            Ok(Answer::of(true.into()))
        }
        _ => {
            let ids: Vec<i64> = env
                .crm
                .rows(&table)
                .filter(|(_, r)| r.get("TASK_ID").and_then(params::int) == Some(task))
                .map(|(i, _)| *i)
                .collect();
            Ok(Answer::of(Value::Array(
                ids.into_iter().map(|i| read(env, i)).collect(),
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_names_read_as_camel_case() {
        assert_eq!(camel("RESPONSIBLE_ID"), "responsibleId");
        assert_eq!(camel("TITLE"), "title");
        assert_eq!(camel("UF_CRM_TASK"), "ufCrmTask");
    }
}
