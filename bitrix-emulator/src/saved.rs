//! `Portal::builder().schema("bitrix-schema.json")`: the portal starts with exactly the
//! saved schema's user fields, funnels and stages, smart processes and status lists
//! (`bitrix_docs::schema`), with the ids the file gives, so that `bitrix-api schema pull`
//! against it writes the same file back.
//!
//! - A classic entity's user field is registered as `crm.<entity>.userfield.add` would
//!   (`userfield.rs`), with the file's `SETTINGS` as they are (no page defaults added)
//!   and its list values (`LIST`, with their ids).
//! - A smart process's user field is registered for its table (`crm.item:<id>`), in
//!   `crm.item`'s spelling (`ufCrm3Amount`; `UPPER_NAME` keeps `UF_CRM_3_AMOUNT`).
//! - Funnels are `crm.category` records with the file's ids (the deals' general funnel is
//!   id 0); their stages are `crm.status` entries of `DEAL_STAGE`, `DEAL_STAGE_<id>` or
//!   `DYNAMIC_<type>_STAGE_<id>`, with the file's `SEMANTICS`.
//! - A smart process is a `crm.type` record.
//! - The users' own fields are registered as `user.userfield.add` would (`UF_USR_…`);
//!   `user.fields`, `tasks.task.getfields` and the REST 3.0 `*.field.list` methods the file
//!   holds answer what it holds.

use bitrix_docs::schema::{Category, PortalSchema, Stage, UserField};
use serde_json::{json, Map, Value};

use super::fill::{blank, stamp};
use super::pages::Catalog;
use super::state::{stored, Crm, UserField as Registered};

/// Writes `schema` into a new portal's CRM.
pub(crate) fn load(crm: &mut Crm, catalog: &Catalog, now: f64, schema: &PortalSchema) {
    for (name, entity) in &schema.crm {
        for f in &entity.user_fields {
            register(crm, &format!("crm.{name}"), f, None);
        }
    }
    for c in &schema.deal_categories {
        category(crm, catalog, now, 2, c);
        let list = if c.id == 0 {
            "DEAL_STAGE".to_owned()
        } else {
            format!("DEAL_STAGE_{}", c.id)
        };
        stages(crm, catalog, now, &list, c.id, &c.stages);
    }
    for (n, p) in schema.smart_processes.iter().enumerate() {
        let t = p.entity_type_id;
        let fields = json!({
            "id": n as i64 + 1,
            "entityTypeId": t,
            "title": p.title,
            "code": p.code,
            "isCategoriesEnabled": if p.categories_enabled { "Y" } else { "N" },
            "isStagesEnabled": if p.stages_enabled { "Y" } else { "N" },
        });
        put(crm, catalog, now, "crm.type", n as i64 + 1, fields);
        for f in &p.fields {
            let camel = bitrix_docs::entity::custom_camel(&f.field_name);
            register(crm, &format!("crm.item:{t}"), f, Some(camel));
        }
        for c in &p.categories {
            category(crm, catalog, now, t, c);
            stages(
                crm,
                catalog,
                now,
                &format!("DYNAMIC_{t}_STAGE_{}", c.id),
                c.id,
                &c.stages,
            );
        }
    }
    for f in &schema.user.user_fields {
        register(crm, "user", f, None);
    }
    if !schema.user.fields.is_empty() {
        let fields = schema.user.fields.iter();
        let fields = fields
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        crm.described
            .insert("user.fields".into(), Value::Object(fields));
    }
    if let Some(tasks) = &schema.tasks {
        let fields: Map<String, Value> =
            tasks.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        crm.described
            .insert("tasks.task.getfields".into(), json!({ "fields": fields }));
    }
    for (method, items) in &schema.rest3 {
        crm.described
            .insert(method.clone(), json!({ "items": items }));
    }
    for (list, entries) in &schema.status_lists {
        for s in entries {
            let id = crm.next_id("crm.status");
            let fields = json!({
                "ENTITY_ID": list, "STATUS_ID": s.status_id, "NAME": s.name, "SORT": s.sort,
            });
            put(crm, catalog, now, "crm.status", id, fields);
        }
    }
}

/// A record of `table` with the page's fields, the portal's stamps and `fields` over them.
fn put(crm: &mut Crm, catalog: &Catalog, now: f64, table: &str, id: i64, fields: Value) {
    let schema = catalog.schema(table);
    let mut record = blank(&schema, &[]);
    stamp(&schema, &mut record, id, 1, now, true);
    if let Value::Object(given) = fields {
        for (k, v) in given {
            let v = if schema.camel { v } else { stored(&v) };
            record.insert(k, v);
        }
    }
    crm.insert(table, id, record);
}

fn category(crm: &mut Crm, catalog: &Catalog, now: f64, type_id: i64, c: &Category) {
    let fields = json!({
        "id": c.id, "entityTypeId": type_id, "name": c.name, "sort": c.sort,
        "isDefault": if c.is_default { "Y" } else { "N" },
    });
    put(crm, catalog, now, "crm.category", c.id, fields);
}

fn stages(crm: &mut Crm, catalog: &Catalog, now: f64, list: &str, category: i64, stages: &[Stage]) {
    for s in stages {
        let id = crm.next_id("crm.status");
        let fields = json!({
            "ENTITY_ID": list, "STATUS_ID": s.status_id, "NAME": s.name, "SORT": s.sort,
            "SEMANTICS": s.semantics, "CATEGORY_ID": category,
        });
        put(crm, catalog, now, "crm.status", id, fields);
    }
}

/// Registers a user field as `*.userfield.add` does, with the file's settings and list.
fn register(crm: &mut Crm, entity: &str, f: &UserField, camel: Option<String>) {
    crm.last_userfield += 1;
    let id = crm.last_userfield;
    let yn = |b: bool| Value::String(if b { "Y" } else { "N" }.into());
    let label = Value::String(f.label.clone());
    let mut record = Map::new();
    record.insert("ID".into(), id.to_string().into());
    record.insert(
        "ENTITY_ID".into(),
        entity.replace(['.', ':'], "_").to_uppercase().into(),
    );
    let name = camel.clone().unwrap_or_else(|| f.field_name.clone());
    record.insert("FIELD_NAME".into(), name.into());
    if camel.is_some() {
        record.insert("UPPER_NAME".into(), f.field_name.clone().into());
    }
    record.insert("USER_TYPE_ID".into(), f.user_type_id.clone().into());
    record.insert("XML_ID".into(), Value::Null);
    record.insert("SORT".into(), "100".into());
    record.insert("MULTIPLE".into(), yn(f.multiple));
    record.insert("MANDATORY".into(), yn(f.mandatory));
    for (k, v) in [
        ("SHOW_FILTER", "N"),
        ("SHOW_IN_LIST", "N"),
        ("EDIT_IN_LIST", "Y"),
        ("IS_SEARCHABLE", "N"),
    ] {
        record.insert(k.into(), v.into());
    }
    let settings: Map<String, Value> = f
        .settings
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    record.insert("SETTINGS".into(), Value::Object(settings));
    for k in ["EDIT_FORM_LABEL", "LIST_COLUMN_LABEL", "LIST_FILTER_LABEL"] {
        record.insert(k.into(), label.clone());
    }
    record.insert("ERROR_MESSAGE".into(), Value::Null);
    record.insert("HELP_MESSAGE".into(), Value::Null);
    if !f.list.is_empty() {
        let list = f
            .list
            .iter()
            .map(|v| {
                json!({
                    "ID": v.id.to_string(), "SORT": v.sort.to_string(), "VALUE": v.value,
                    "DEF": yn(v.default), "XML_ID": v.xml_id,
                })
            })
            .collect();
        record.insert("LIST".into(), Value::Array(list));
    }
    crm.userfields.push(Registered {
        id,
        entity: entity.to_owned(),
        record,
    });
}
