//! `schema pull`: the portal's own descriptions → [`PortalSchema`].
//!
//! - `crm.<entity>.userfield.list` and `crm.<entity>.fields` per classic entity (deal,
//!   lead, contact, company, quote);
//! - `crm.category.list` (deals, and each smart process) and `crm.status.list` per funnel
//!   (`DEAL_STAGE`, `DEAL_STAGE_<id>`, `DYNAMIC_<type>_STAGE_<id>`) for the stages; the
//!   other `crm.status.list` entity ids are the status lists;
//! - `crm.type.list`, and `crm.item.fields` per smart process (its `isDynamic` fields);
//! - `user.fields`, `user.userfield.list`, `tasks.task.getfields` and the REST 3.0
//!   `tasks.task.field.list` where the portal has them (a method the portal does not know,
//!   or the webhook's scopes do not reach, leaves its section empty).

use std::collections::BTreeMap;

use bitrix_api::{Client, Error};
use bitrix_docs::schema::{
    crm_target_type, default_semantics, Category, CrmEntity, ListValue, PortalSchema, SmartProcess,
    Stage, Status, UserField, CRM_ENTITIES, REST3_FIELD_LISTS,
};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

/// Reads the schema of the portal `client` talks to; `host` is what the file records.
pub async fn pull(client: &Client, host: &str) -> Result<PortalSchema, Error> {
    let mut schema = PortalSchema::new(host);
    for (name, _) in CRM_ENTITIES {
        let method = format!("crm.{name}.userfield.list");
        if let Some(rows) = optional(client.call_raw(&method, json!({})).await)? {
            let user_fields = rows
                .as_array()
                .into_iter()
                .flatten()
                .map(user_field)
                .collect();
            let fields = optional(
                client
                    .call_raw(&format!("crm.{name}.fields"), json!({}))
                    .await,
            )?;
            let fields = match fields {
                Some(Value::Object(m)) => m.into_iter().collect(),
                _ => BTreeMap::new(),
            };
            schema.crm.insert(
                (*name).to_owned(),
                CrmEntity {
                    fields,
                    user_fields,
                },
            );
        }
    }
    let statuses: Vec<Value> = client
        .list_stream("crm.status.list", json!({"order": {"SORT": "ASC"}}))
        .try_collect()
        .await?;
    schema.deal_categories = categories(client, 2, &statuses, |id| {
        if id == 0 {
            "DEAL_STAGE".to_owned()
        } else {
            format!("DEAL_STAGE_{id}")
        }
    })
    .await?;
    let types: Vec<Value> = client
        .list_stream("crm.type.list", json!({}))
        .try_collect()
        .await?;
    for t in &types {
        let id = int(t, "entityTypeId");
        let fields = client
            .call_raw("crm.item.fields", json!({"entityTypeId": id}))
            .await?;
        let fields = fields.get("fields").unwrap_or(&fields);
        let own = fields
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, d)| d.get("isDynamic").and_then(Value::as_bool) == Some(true))
            .map(|(name, d)| item_field(name, d))
            .collect();
        let categories =
            categories(client, id, &statuses, |c| format!("DYNAMIC_{id}_STAGE_{c}")).await?;
        schema.smart_processes.push(SmartProcess {
            entity_type_id: id,
            title: text(t, "title"),
            code: text(t, "code"),
            categories_enabled: flag(t, "isCategoriesEnabled"),
            stages_enabled: flag(t, "isStagesEnabled"),
            fields: own,
            categories,
        });
    }
    for s in &statuses {
        let list = text(s, "ENTITY_ID");
        if list.starts_with("DEAL_STAGE")
            || (list.starts_with("DYNAMIC_") && list.contains("_STAGE_"))
        {
            continue;
        }
        schema.status_lists.entry(list).or_default().push(Status {
            status_id: text(s, "STATUS_ID"),
            name: text(s, "NAME"),
            sort: int(s, "SORT"),
        });
    }
    if let Some(fields) = optional(client.call_raw("user.fields", json!({})).await)? {
        schema.user.fields = fields
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect();
    }
    if let Some(rows) = optional(client.call_raw("user.userfield.list", json!({})).await)? {
        schema.user.user_fields = rows
            .as_array()
            .into_iter()
            .flatten()
            .map(user_field)
            .collect();
    }
    if let Some(tasks) = optional(client.call_raw("tasks.task.getfields", json!({})).await)? {
        let fields = tasks.get("fields").cloned().unwrap_or(tasks);
        if let Value::Object(m) = fields {
            schema.tasks = Some(m.into_iter().collect::<BTreeMap<_, _>>());
        }
    }
    for method in REST3_FIELD_LISTS {
        if let Some(answer) = optional(client.v3().call_raw(method, json!({})).await)? {
            let items = match answer.get("items") {
                Some(Value::Array(items)) => items.clone(),
                _ => Vec::new(),
            };
            schema.rest3.insert((*method).to_owned(), items);
        }
    }
    schema.sort();
    Ok(schema)
}

/// `None` when the portal does not know the method (or the webhook lacks its scope; REST
/// 3.0 says so as `INSUFFICIENTSCOPEEXCEPTION`).
fn optional(answer: Result<Value, Error>) -> Result<Option<Value>, Error> {
    match answer {
        Ok(v) => Ok(Some(v)),
        Err(e)
            if matches!(
                e.code(),
                Some(
                    "ERROR_METHOD_NOT_FOUND"
                        | "insufficient_scope"
                        | "INSUFFICIENT_SCOPE"
                        | "INSUFFICIENTSCOPEEXCEPTION"
                )
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The funnels of `type_id` and their stages (from `statuses`, by `ENTITY_ID`).
async fn categories(
    client: &Client,
    type_id: i64,
    statuses: &[Value],
    list_of: impl Fn(i64) -> String,
) -> Result<Vec<Category>, Error> {
    let found: Vec<Value> = client
        .list_stream("crm.category.list", json!({"entityTypeId": type_id}))
        .try_collect()
        .await?;
    Ok(found
        .iter()
        .map(|c| {
            let id = int(c, "id");
            let list = list_of(id);
            let stages = statuses
                .iter()
                .filter(|s| text(s, "ENTITY_ID") == list)
                .map(|s| {
                    let status_id = text(s, "STATUS_ID");
                    let semantics = match text(s, "SEMANTICS").as_str() {
                        "" => default_semantics(&status_id).to_owned(),
                        other => other.to_owned(),
                    };
                    Stage {
                        name: text(s, "NAME"),
                        sort: int(s, "SORT"),
                        semantics,
                        status_id,
                    }
                })
                .collect();
            Category {
                id,
                name: text(c, "name"),
                sort: int(c, "sort"),
                is_default: flag(c, "isDefault"),
                stages,
            }
        })
        .collect())
}

/// A `*.userfield.list` row.
fn user_field(row: &Value) -> UserField {
    let mut f = UserField::new(text(row, "FIELD_NAME"), text(row, "USER_TYPE_ID"));
    f.multiple = flag(row, "MULTIPLE");
    f.mandatory = flag(row, "MANDATORY");
    f.label = label(row.get("EDIT_FORM_LABEL"));
    f.list = row
        .get("LIST")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(list_value)
        .collect();
    settings(&mut f, row.get("SETTINGS"));
    f
}

/// A `crm.item.fields` description of a smart process's own field.
fn item_field(name: &str, d: &Value) -> UserField {
    let upper = match text(d, "upperName") {
        u if !u.is_empty() => u,
        _ => bitrix_docs::entity::custom_upper(name),
    };
    let mut f = UserField::new(upper, text(d, "type"));
    f.multiple = flag(d, "isMultiple");
    f.mandatory = flag(d, "isRequired");
    let title = text(d, "title");
    f.label = if title == name { String::new() } else { title };
    f.list = d
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(list_value)
        .collect();
    settings(&mut f, d.get("settings"));
    f
}

fn settings(f: &mut UserField, given: Option<&Value>) {
    if let Some(Value::Object(m)) = given {
        f.settings = m.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if f.user_type_id == "crm" {
            f.crm_targets = m
                .iter()
                .filter(|(k, v)| v.as_str() == Some("Y") && crm_target_type(k).is_some())
                .map(|(k, _)| k.clone())
                .collect();
        }
    }
}

fn list_value(v: &Value) -> ListValue {
    let xml = text(v, "XML_ID");
    ListValue {
        id: int(v, "ID"),
        value: text(v, "VALUE"),
        default: flag(v, "DEF"),
        sort: int(v, "SORT"),
        xml_id: (!xml.is_empty()).then_some(xml),
    }
}

/// A label as text: a string, or the `en` (else first) entry of a per-language map.
fn label(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(m)) => m
            .get("en")
            .or_else(|| m.values().next())
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn int(v: &Value, key: &str) -> i64 {
    match v.get(key) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or_default(),
        Some(Value::String(s)) => s.trim().parse().unwrap_or_default(),
        _ => 0,
    }
}

fn flag(v: &Value, key: &str) -> bool {
    match v.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.as_str(), "Y" | "1" | "true"),
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}
