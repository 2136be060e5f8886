//! The generic entity store: `<entity>.add / get / list / update / delete / fields` for
//! every entity the portal has pages for, and `crm.item.*` keyed by `entityTypeId`.
//!
//! Rules (the [`Schema`] says which fields exist):
//! - `add` keeps the fields the schema or a registered user field knows and drops the
//!   rest (the portal ignores them; where the pages document no field at all, as the
//!   outdated crm.product pages, everything given is kept), refuses a missing required one (400, `Required
//!   fields not provided: NAME.`), applies documented defaults and title templates
//!   (`Deal #{id}`), and fills the fields only the portal writes (`ID`, `DATE_CREATE`,
//!   `DATE_MODIFY`, `CREATED_BY_ID`, `MODIFY_BY_ID`; given values are ignored);
//! - `get` answers every schema field and user field, `null` when unset;
//! - `list` filters, orders, selects and pages like the lead list; `select` masks as the
//!   list pages document them (`*`: every field but user and multiple ones, `UF_*`: the
//!   user fields but multiple ones, no `select`: both; `crm.item.list`: `*` is all);
//! - `update` merges the given known fields and refreshes `DATE_MODIFY`/`MODIFY_BY_ID`;
//!   `delete` removes the record and the links it owns;
//! - `crm.item.*`: one table per smart-process `entityTypeId`, camelCase names, numbers
//!   as numbers, answers wrapped as the pages show (`{"item": …}`, `{"items": […]}`,
//!   `delete` → `[]`); the classic types (1 lead, 2 deal, 3 contact, 4 company, 7 quote)
//!   are the classic tables in `crm.item`'s spelling (`item.rs`).

use bitrix_docs::FieldType;
use std::borrow::Cow;

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::fill::{
    assign, blank, default_value, is_blank, nest_fields, nested_flags, nested_required, number,
    stamp,
};
use super::filter::{Dialect, Fields};
use super::item;
use super::listing;
use super::methods::Env;
use super::multifield;
use super::params;
use super::schema::{Schema, SchemaField};
use super::shaped::{fields_answer, wrapper};
use super::state::{stored, NewLink, UserField};
use super::typed;

/// Runs one entity method.
pub(crate) fn run(
    env: &mut Env<'_>,
    entity: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    let schema = env.catalog.schema(entity);
    if op == "fields" {
        // A smart process's fields include its own user fields (`crm.item:1032`).
        let table = table_name(&schema, p).ok();
        return Ok(Answer::of(fields_answer(env, &schema, table.as_deref())));
    }
    let table = table_name(&schema, p)?;
    if let Some((name, type_id)) = table
        .strip_prefix("crm.item:")
        .and_then(|t| t.parse::<i64>().ok())
        .and_then(|t| Some((item::classic(t)?, t)))
    {
        return item::run(env, name, type_id, op, p);
    }
    match op {
        "add" => add(env, &schema, &table, p),
        "get" => {
            let id = record_id(env, &schema, &table, p)?;
            get(env, &schema, &table, id)
        }
        // crm.type.getByEntityTypeId: the same record, named by its `entityTypeId`.
        "getbyentitytypeid" => {
            let wanted = params::get(p, "entityTypeId").and_then(params::int);
            let id = env
                .crm
                .rows(&table)
                .find(|(_, r)| {
                    wanted.is_some() && r.get("entityTypeId").and_then(params::int) == wanted
                })
                .map(|(id, _)| *id)
                .ok_or_else(|| not_found(&schema))?;
            get(env, &schema, &table, id)
        }
        "list" => list(env, &schema, &table, p),
        "update" => update(env, &schema, &table, p),
        "delete" => delete(env, &schema, &table, p),
        _ => Ok(Answer::of(fields_answer(env, &schema, Some(&table)))),
    }
}

/// `crm.deal`, or for `crm.item` the table of one `entityTypeId` (`crm.item:128`).
fn table_name(schema: &Schema, p: &Value) -> Result<String, ApiError> {
    if !schema.by_type {
        return Ok(schema.entity.clone());
    }
    let v = params::get(p, "entityTypeId").ok_or_else(|| ApiError::required("entityTypeId"))?;
    let id = params::int(v)
        .filter(|id| *id > 0)
        .ok_or_else(|| ApiError::new(400, "NOT_FOUND", "SPA not found"))?;
    Ok(format!("{}:{id}", schema.entity))
}

fn fields_param(p: &Value, required: bool) -> Result<Map<String, Value>, ApiError> {
    match params::get(p, "fields") {
        Some(v) => {
            params::object(v).ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))
        }
        None if required => Err(ApiError::required("fields")),
        None => Ok(Map::new()),
    }
}

fn id_param(p: &Value) -> Result<i64, ApiError> {
    params::required_id(p, "id").map_err(|_| ApiError::crm("ID is not defined or invalid."))
}

/// The field that names a record where the entity's pages address records by a text
/// `id` (`crm.currency.get {"id": "USD"}`): the first required text field of `add`'s
/// `fields` (`CURRENCY`). `add` answers its value; `get`, `update` and `delete` find the
/// record by it.
fn code_field(env: &Env<'_>, schema: &Schema) -> Option<String> {
    let by_text = ["get", "update", "delete"].iter().any(|op| {
        env.catalog
            .get(&format!("{}.{op}", schema.entity))
            .and_then(|spec| spec.params.iter().find(|p| p.name == "id"))
            .is_some_and(|id| id.ty == FieldType::String)
    });
    if !by_text {
        return None;
    }
    schema
        .fields
        .iter()
        .find(|f| f.required && !f.read_only && f.ty == FieldType::String)
        .map(|f| f.name.clone())
}

/// The record `id` names: a number, or the code of an entity with a [`code_field`]; with
/// no `id`, the record a parameter named after one of its fields names
/// (`crm.activity.type.delete {TYPE_ID}`).
fn record_id(env: &Env<'_>, schema: &Schema, table: &str, p: &Value) -> Result<i64, ApiError> {
    if params::get(p, "id").is_none() {
        // Only a parameter the entity's get/update/delete pages take at the top.
        let documented = |k: &str| {
            ["get", "update", "delete"].iter().any(|op| {
                env.catalog
                    .get(&format!("{}.{op}", schema.entity))
                    .is_some_and(|spec| spec.params.iter().any(|f| f.name == k))
            })
        };
        let by_field = p.as_object().into_iter().flatten().find_map(|(k, v)| {
            let field = schema
                .fields
                .iter()
                .find(|f| f.name == *k && documented(k))?;
            let v = params::text(v)?;
            let found = env.crm.rows(table).find(|(_, r)| {
                r.get(&field.name).and_then(params::text).as_deref() == Some(v.as_str())
            });
            Some(found.map(|(id, _)| *id))
        });
        if let Some(found) = by_field {
            return found.ok_or_else(|| not_found(schema));
        }
    }
    let Some(code) = code_field(env, schema) else {
        return id_param(p);
    };
    let given = params::get(p, "id")
        .and_then(params::text)
        .ok_or_else(|| ApiError::crm("ID is not defined or invalid."))?;
    env.crm
        .rows(table)
        .find(|(_, r)| {
            r.get(&code)
                .and_then(params::text)
                .is_some_and(|v| v.eq_ignore_ascii_case(&given))
        })
        .map(|(id, _)| *id)
        .ok_or_else(|| not_found(schema))
}

fn not_found(schema: &Schema) -> ApiError {
    if schema.camel {
        ApiError::new(400, "NOT_FOUND", "Item not found")
    } else {
        ApiError::crm("Not found")
    }
}

/// The user fields an entity's records accept: the entity's, and a smart process's own
/// (registered for its table, `crm.item:1032`).
fn userfields(env: &Env<'_>, schema: &Schema, table: &str) -> Vec<UserField> {
    let own = (table != schema.entity).then_some(table);
    env.crm
        .userfields
        .iter()
        .filter(|u| u.entity == schema.entity || Some(u.entity.as_str()) == own)
        .cloned()
        .collect()
}

/// A value as the portal keeps it: text for the upper-case entities (numbers as strings,
/// flags as `Y`/`N`), as given for `crm.item`.
fn keep(schema: &Schema, field: Option<&SchemaField>, v: &Value) -> Value {
    if schema.camel {
        // A flag the page types `boolean` reads back as one (`stampsEnabled: 1` → `true`).
        let boolean = field.is_some_and(|f| f.ty == FieldType::Boolean);
        return match v {
            Value::Number(n) if boolean => Value::Bool(n.as_i64().unwrap_or(0) != 0),
            Value::String(s) if boolean && matches!(s.as_str(), "Y" | "N" | "0" | "1") => {
                Value::Bool(s == "Y" || s == "1")
            }
            other => other.clone(),
        };
    }
    let flag = field.is_some_and(|f| {
        matches!(f.ty, FieldType::YesNo | FieldType::Boolean) || f.type_name == "char"
    });
    match v {
        Value::Bool(b) if flag => Value::String(if *b { "Y" } else { "N" }.into()),
        Value::Array(items) => Value::Array(items.iter().map(stored).collect()),
        other => stored(other),
    }
}

/// Writes the given fields the record accepts.
fn write(
    schema: &Schema,
    ufs: &[UserField],
    record: &mut Map<String, Value>,
    given: &Map<String, Value>,
    ids: &mut multifield::Ids,
) {
    for (key, value) in given {
        if let Some(f) = schema.field(key) {
            if f.read_only {
                continue;
            }
            if multifield::is_multifield(&f.name) && !schema.camel {
                let old = record.get(&f.name).cloned().unwrap_or(Value::Null);
                record.insert(f.name.clone(), multifield::merge(&old, value, &f.name, ids));
                continue;
            }
            record.insert(f.name.clone(), keep(schema, Some(f), value));
        } else if let Some(uf) = ufs.iter().find(|u| u.name().eq_ignore_ascii_case(key)) {
            record.insert(uf.name().to_owned(), keep(schema, None, value));
        } else if schema.undocumented() {
            // No page says which fields the record has: what is given is kept.
            record.insert(key.clone(), keep(schema, None, value));
        }
    }
    if !schema.camel {
        multifield::sync_flags(record);
    }
}

fn given<'a>(fields: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    listing::field(fields, name)
}

fn add(env: &mut Env<'_>, schema: &Schema, table: &str, p: &Value) -> Result<Answer, ApiError> {
    // Required where the add page marks `fields` so (crm.item.add, not
    // crm.documentgenerator.document.add).
    let required = env
        .catalog
        .get(&format!("{}.add", schema.entity))
        .and_then(|add| {
            add.params
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case("fields"))
        })
        .is_some_and(|f| f.required);
    let fields = typed::prepare(schema, &fields_param(p, required)?, schema.by_type)?;
    nested_required(env, schema, &fields)?;
    let ufs = userfields(env, schema, table);
    for f in schema.fields.iter().filter(|f| f.required && !f.read_only) {
        if is_blank(given(&fields, &f.name)) && f.default.is_none() {
            return Err(ApiError::required(&f.name));
        }
    }
    for uf in ufs.iter().filter(|u| u.flag("MANDATORY")) {
        if is_blank(given(&fields, uf.name())) {
            return Err(ApiError::required(uf.name()));
        }
    }
    let id = env.crm.next_id(table);
    let mut record = blank(schema, &ufs);
    let user = env.user_id;
    for f in &schema.fields {
        if let Some(d) = &f.default {
            record.insert(f.name.clone(), default_value(schema, d));
        }
        if let Some(t) = &f.template {
            record.insert(f.name.clone(), t.replace("{id}", &id.to_string()).into());
        }
    }
    let assigned = if schema.camel {
        "assignedById"
    } else {
        "ASSIGNED_BY_ID"
    };
    if record.contains_key(assigned) {
        record.insert(assigned.into(), number(schema, user));
    }
    let mut ids = multifield::Ids(&mut env.crm.last_multifield);
    write(schema, &ufs, &mut record, &fields, &mut ids);
    for (name, v) in beside_fields(env, schema, "add", p) {
        let kept = keep(schema, schema.field(&name), &v);
        record.insert(name, kept);
    }
    nest_fields(schema, &mut record, &fields);
    nested_flags(env, schema, &mut record);
    super::shaped::fill_nested(env, schema, &mut record);
    assign(env, schema, table, &mut record);
    stamp(schema, &mut record, id, user, env.now, true);
    if schema.camel {
        if let Some(type_id) = table
            .rsplit_once(':')
            .and_then(|(_, t)| t.parse::<i64>().ok())
        {
            record.insert("entityTypeId".into(), type_id.into());
        }
    }
    super::funnels::place_deal(env.crm, table, &mut record, &fields);
    env.crm.insert(table, id, record.clone());
    if let Some(funnel) = super::funnels::funnel_of(env.crm, table, id) {
        super::funnels::add_stages(env, funnel);
    }
    // A smart process comes with its default category (its stages are listed by
    // crm.status.entity.types; `status_types.rs`).
    if schema.entity == "crm.type" {
        if let Some(type_id) = record.get("entityTypeId").and_then(params::int) {
            super::status_types::add_default_category(env, type_id);
        }
    }
    bind_given(env, schema, id, &fields);
    let record = env.crm.record(table, id).cloned().unwrap_or(record);
    let code = code_field(env, schema).and_then(|c| record.get(&c).cloned());
    Ok(Answer::of(match (wrapper(env, schema, "add"), code) {
        (Some(key), _) => json!({ key: record }),
        (None, Some(code)) => super::shaped::added(env, schema, code, &record),
        (None, None) => super::shaped::added(env, schema, id.into(), &record),
    }))
}

/// The parameters an `op` page takes beside `fields` that are fields of the record, as
/// given: `crm.category.add {entityTypeId}`, `crm.documentgenerator.document.add
/// {templateId, entityTypeId, entityId}` write them; `crm.category.list {entityTypeId}`
/// lists the records that have them.
fn beside_fields(env: &Env<'_>, schema: &Schema, op: &str, p: &Value) -> Vec<(String, Value)> {
    let Some(spec) = env.catalog.get(&format!("{}.{op}", schema.entity)) else {
        return Vec::new();
    };
    spec.params
        .iter()
        // Objects and lists are written (crm.activity.configurable.add's `layout`), never
        // filtered by.
        .filter(|f| {
            op != "list"
                || !matches!(
                    f.ty,
                    FieldType::Object(_) | FieldType::FieldMap | FieldType::Array(_)
                )
        })
        .filter(|f| {
            !["id", "fields", "filter", "order", "select", "start"]
                .iter()
                .any(|n| f.name.eq_ignore_ascii_case(n))
        })
        .filter_map(|f| {
            let field = schema.field(&f.name)?;
            Some((field.name.clone(), params::get(p, &f.name)?.clone()))
        })
        .collect()
}

/// `CONTACT_IDS` (`COMPANY_IDS`) given to `add` or `update` set the record's contact
/// (company) links, `CONTACT_ID` (`COMPANY_ID`) first and primary, as
/// `<entity>.contact.items.set` would; only for entities whose pages have a `…_IDS` field
/// or that link family. Without either field given, links stay as they are.
fn bind_given(env: &mut Env<'_>, schema: &Schema, id: i64, fields: &Map<String, Value>) {
    if schema.camel {
        return;
    }
    for target in ["contact", "company"] {
        let one = format!("{}_ID", target.to_uppercase());
        let many = format!("{one}S");
        let family = env
            .catalog
            .get(&format!("{}.{target}.items.get", schema.entity))
            .is_some();
        if schema.field(&many).is_none() && !family {
            continue;
        }
        let primary = given(fields, &one).and_then(params::int).filter(|i| *i > 0);
        let listed = given(fields, &many).and_then(params::list);
        if primary.is_none() && listed.is_none() {
            continue;
        }
        let mut ids: Vec<i64> = primary.into_iter().collect();
        for other in listed
            .unwrap_or_default()
            .into_iter()
            .filter_map(params::int)
        {
            if other > 0 && !ids.contains(&other) {
                ids.push(other);
            }
        }
        let links = ids
            .iter()
            .enumerate()
            .map(|(i, &target_id)| NewLink {
                contact_id: target_id,
                sort: (i as i64 + 1) * 10,
                primary: i == 0,
            })
            .collect();
        let pair = (schema.entity.clone(), target.to_owned());
        env.crm.set_links_of(&pair, id, links);
    }
}

/// A stored record with every current field (user fields registered after it was added
/// answer `null`).
fn full(
    env: &Env<'_>,
    schema: &Schema,
    table: &str,
    record: &Map<String, Value>,
) -> Map<String, Value> {
    let mut out = blank(schema, &userfields(env, schema, table));
    out.extend(record.iter().map(|(k, v)| (k.clone(), v.clone())));
    super::fill::views(schema, &mut out);
    out
}

fn get(env: &mut Env<'_>, schema: &Schema, table: &str, id: i64) -> Result<Answer, ApiError> {
    let record = env.crm.record(table, id).ok_or_else(|| not_found(schema))?;
    let record = Value::Object(full(env, schema, table, record));
    Ok(Answer::of(match wrapper(env, schema, "get") {
        Some(key) => json!({ key: record }),
        None => record,
    }))
}

/// A stored record as answered: itself when it holds every field of `template` (the
/// usual case: `add` stores them all), else `full`.
fn complete<'a>(
    env: &Env<'_>,
    schema: &Schema,
    table: &str,
    template: &Map<String, Value>,
    r: &'a Map<String, Value>,
) -> Cow<'a, Map<String, Value>> {
    if template.keys().all(|k| r.contains_key(k)) {
        Cow::Borrowed(r)
    } else {
        Cow::Owned(full(env, schema, table, r))
    }
}

fn list(env: &mut Env<'_>, schema: &Schema, table: &str, p: &Value) -> Result<Answer, ApiError> {
    // Filters and order read stored records as they are (a missing field counts as
    // `null`); only the page answered is completed with `full`.
    let template = blank(schema, &userfields(env, schema, table));
    let fields = Fields::of_schema(schema, &userfields(env, schema, table));
    let page = env.catalog.get(&format!("{}.list", schema.entity));
    let dialect = Dialect::of_list(page.map(|s| &**s), schema.by_type);
    let env = &*env;
    let rows = env.crm.rows(table).map(|(_, r)| r);
    let shape = listing::Shape {
        multiple: schema
            .fields
            .iter()
            .filter(|f| f.multiple)
            .map(|f| f.name.clone())
            .chain(
                userfields(env, schema, table)
                    .iter()
                    .filter(|u| u.flag("MULTIPLE"))
                    .map(|u| u.name().to_owned()),
            )
            .collect(),
        // crm.item.list: `*` (and no select) is every field, `fm` included.
        // crm.item.list and the camelCase lists (`typeIds`): `*` is every field.
        star_is_everything: schema.by_type || schema.camel,
    };
    let complete = |r| complete(env, schema, table, &template, r);
    let by = beside_fields(env, schema, "list", p);
    if !by.is_empty() {
        let rows = rows.filter(|r| {
            by.iter()
                .all(|(k, v)| listing::field(r, k).and_then(params::text) == params::text(v))
        });
        let mut answer = listing::list_typed(rows, p, &shape, complete, &fields, dialect)?;
        if let Some(key) = wrapper(env, schema, "list") {
            answer.result = json!({ key: super::shaped::by_id(env, schema, answer.result) });
        }
        return Ok(answer);
    }
    let mut answer = match listing::id_walk(schema.camel, p) {
        // `start: -1`: the first page of the id range, in ID order (either way).
        Some(listing::IdWalk {
            after,
            upto,
            desc,
            start: -1,
        }) => {
            let inside =
                move |id: &i64| after.is_none_or(|a| *id > a) && upto.is_none_or(|u| *id <= u);
            let page: Vec<&Map<String, Value>> = if desc {
                env.crm
                    .rows(table)
                    .rev()
                    .skip_while(|(id, _)| upto.is_some_and(|u| **id > u))
                    .take_while(|(id, _)| inside(id))
                    .take(listing::PAGE)
                    .map(|(_, r)| r)
                    .collect()
            } else {
                env.crm
                    .rows_after(table, after.unwrap_or(i64::MIN))
                    .take_while(|(id, _)| inside(id))
                    .take(listing::PAGE)
                    .map(|(_, r)| r)
                    .collect()
            };
            listing::list_typed(page.into_iter(), p, &shape, complete, &fields, dialect)?
        }
        // `start` paging in ID order over the whole table.
        Some(listing::IdWalk {
            after: None, start, ..
        }) if start >= 0 => {
            let total = env.crm.len(table);
            let skip = usize::try_from(start).unwrap_or(usize::MAX);
            let mut first = p.clone();
            if let Some(m) = first.as_object_mut() {
                m.insert("start".into(), json!(0));
            }
            let mut page = listing::list_typed(
                env.crm
                    .rows_from(table, skip)
                    .map(|(_, r)| r)
                    .take(listing::PAGE),
                &first,
                &shape,
                complete,
                &fields,
                dialect,
            )?;
            page.total = Some(total as u64);
            page.next = (skip + listing::PAGE < total).then_some((skip + listing::PAGE) as u64);
            page
        }
        _ => listing::list_typed(rows, p, &shape, complete, &fields, dialect)?,
    };
    if let Some(key) = wrapper(env, schema, "list") {
        answer.result = json!({ key: super::shaped::by_id(env, schema, answer.result) });
    }
    Ok(answer)
}

fn update(env: &mut Env<'_>, schema: &Schema, table: &str, p: &Value) -> Result<Answer, ApiError> {
    let id = record_id(env, schema, table, p)?;
    let fields = typed::prepare(schema, &fields_param(p, true)?, schema.by_type)?;
    let ufs = userfields(env, schema, table);
    let (user, now) = (env.user_id, env.now);
    let mut counter = env.crm.last_multifield;
    let record = env
        .crm
        .record_mut(table, id)
        .ok_or_else(|| not_found(schema))?;
    let mut ids = multifield::Ids(&mut counter);
    write(schema, &ufs, record, &fields, &mut ids);
    nest_fields(schema, record, &fields);
    stamp(schema, record, id, user, now, false);
    let snapshot = record.clone();
    env.crm.last_multifield = counter;
    bind_given(env, schema, id, &fields);
    let snapshot = env.crm.record(table, id).cloned().unwrap_or(snapshot);
    Ok(Answer::of(match wrapper(env, schema, "update") {
        Some(key) => json!({ key: full(env, schema, table, &snapshot) }),
        None => true.into(),
    }))
}

fn delete(env: &mut Env<'_>, schema: &Schema, table: &str, p: &Value) -> Result<Answer, ApiError> {
    let id = record_id(env, schema, table, p)?;
    let funnel = super::funnels::funnel_of(env.crm, table, id);
    if !env.crm.remove(table, id) {
        return Err(not_found(schema));
    }
    super::owned::forget(env.crm, table, id);
    if let Some(funnel) = funnel {
        super::funnels::forget(env.crm, funnel);
    }
    Ok(Answer::of(super::shaped::deleted(env, schema)))
}
