//! REST 3.0 methods from their pages: the request is checked against the page, then
//! - `<entity>.add/get/list/update/delete`, when `<entity>.add` takes a `fields` object:
//!   the entity store (records in the portal's tables under the entity's name, so
//!   [`Portal::records`](crate::Portal::records) shows them), camelCase as the pages
//!   write it, numbers as numbers;
//! - `<family>.*` where `<family>.add` takes the record as its own parameters and the
//!   family has a `get` page (`humanresources.node.*`): `records.rs`;
//! - anything else: the page's success example (nothing is stored).
//!
//! Answers have REST 3.0's one shape, as the page's example shows it (else by the
//! operation): `{"item": …}` (add, get, update; with the keys the example's item has,
//! when it parses), `{"items": […]}` (list), `{"result": true}` (delete).
//!
//! Store rules: `add` keeps the fields the page's `fields` table documents (others are
//! left out, as REST 3.0 leaves out unknown fields) and fills `id` and, when the pages
//! document them, `createdBy`/`updatedBy`/`createdAt`/`updatedAt` (UTC, `Z`); `update`
//! merges; an unknown `id` is 400 `…ENTITYNOTFOUNDEXCEPTION`. `list` reads `select`,
//! `order` (`{"field": "asc"|"desc"}`), `filter` (the overview's conditions: `=`, `!=`,
//! `>`, `>=`, `<`, `<=`, `in`, `between`, `["id", [1, 2]]` shorthand, `{"logic": "or",
//! "conditions": […]}`, typed by the `add` page's fields; rules and errors:
//! `filter/rest3.rs`) and `pagination` as the list pages describe it: `limit` (default
//! 50, at most 200), `offset`, or `page` (from 1; `offset = (page - 1) × limit`, taking
//! precedence over `offset`). No total and no cursor are answered, as on those pages.

use bitrix_docs::{Field, FieldType, MethodSpec};
use serde_json::{json, Map, Value};

use super::V3Error;
use crate::clock;
use crate::filter::rest2;
use crate::filter::rest3;
use crate::filter::{Fields, Kind};
use crate::methods::Env;
use crate::route::ServedBy;

const OPS: &[&str] = &["add", "get", "list", "update", "delete"];
const STAMPS: &[&str] = &["createdBy", "updatedBy", "createdAt", "updatedAt"];

/// Runs the method of `spec`; the `result` and what served it.
pub(crate) fn run(
    env: &mut Env<'_>,
    spec: &MethodSpec,
    p: &Value,
) -> (Result<Value, V3Error>, ServedBy) {
    let method = spec.name.to_lowercase();
    let given = p.as_object().cloned().unwrap_or_default();
    if let Err(e) = check(&spec.params, &given, true) {
        return (Err(e), ServedBy::Example);
    }
    match method.rsplit_once('.') {
        Some((entity, op)) if OPS.contains(&op) && add_fields(env, entity).is_some() => {
            (entity_op(env, spec, entity, op, &given), ServedBy::Entity)
        }
        _ => match super::records::family(env, &method) {
            Some(table) => (
                super::records::run(env, spec, &table, &given),
                ServedBy::Flat,
            ),
            None => (Ok(example(spec)), ServedBy::Example),
        },
    }
}

/// The `fields` table of `<entity>.add`, which makes `<entity>` a store entity.
fn add_fields(env: &Env<'_>, entity: &str) -> Option<Vec<Field>> {
    let add = env.catalog.get_v3(&format!("{entity}.add"))?;
    add.params.iter().find_map(|f| match &f.ty {
        FieldType::Object(inner) if f.name == "fields" => Some(inner.clone()),
        _ => None,
    })
}

/// Checks `given` against the documented fields: missing required ones and JSON types.
fn check(fields: &[Field], given: &Map<String, Value>, top: bool) -> Result<(), V3Error> {
    for f in fields {
        match given.get(&f.name).filter(|v| !v.is_null()) {
            None if f.required && top => {
                return Err(V3Error::request(
                    &f.name,
                    format!("Required field `{}` is not specified", f.name),
                ))
            }
            None if f.required => {
                return Err(V3Error::dto(
                    &f.name,
                    format!("Required field `{}` is not filled.", f.name),
                ))
            }
            None => {}
            Some(v) => {
                if !fits(&f.ty, v) {
                    let text = format!(
                        "The field `{}` requires data type `{}` for this request.",
                        f.name,
                        f.ty.label()
                    );
                    return Err(if top {
                        V3Error::request(&f.name, text)
                    } else {
                        V3Error::dto(&f.name, text)
                    });
                }
                if let (FieldType::Object(inner), Value::Object(m)) = (&f.ty, v) {
                    check(inner, m, false)?;
                }
            }
        }
    }
    Ok(())
}

/// Whether a JSON value has the documented type (REST 3.0 is typed: `"5"` is no integer).
fn fits(ty: &FieldType, v: &Value) -> bool {
    match ty {
        FieldType::Integer | FieldType::Timestamp => v.as_i64().is_some(),
        FieldType::Double => v.is_number(),
        FieldType::String => v.is_string(),
        FieldType::Boolean => v.is_boolean(),
        FieldType::Object(_) | FieldType::FieldMap => v.is_object(),
        // Elements are not checked: filters mix types (`["id", "in", [1, 2]]`), and a
        // page's element type is often read off one example.
        FieldType::Array(_) => v.is_array(),
        _ => true,
    }
}

/// The `result` of a page's example, when it parses; one that leaves records or fields out (`...`,
/// `// ...` lines) is read past them.
pub(super) fn example_result(spec: &MethodSpec) -> Option<Value> {
    bitrix_docs::lenient::parse(spec.response.example.as_deref()?)?
        .get("result")
        .cloned()
}

/// The names in `result` the page documents (its example's keys, else its table).
fn result_keys(spec: &MethodSpec) -> Vec<String> {
    if let Some(Value::Object(m)) = example_result(spec) {
        return m.keys().cloned().collect();
    }
    match &spec.response.ty {
        FieldType::Object(fields) => fields.iter().map(|f| f.name.clone()).collect(),
        _ => Vec::new(),
    }
}

/// A page's success example, or the uniform shape with nothing in it.
fn example(spec: &MethodSpec) -> Value {
    if let Some(result) = example_result(spec) {
        return result;
    }
    let keys = result_keys(spec);
    let has = |k: &str| keys.iter().any(|n| n == k);
    if has("items") {
        json!({"items": []})
    } else if has("item") {
        json!({"item": {}})
    } else {
        json!({"result": true})
    }
}

/// How a store operation answers, from its page.
enum Shape {
    /// `{"item": …}`, with only these keys when the example lists them.
    Item(Option<Vec<String>>),
    Items,
    Flag,
}

fn shape(spec: &MethodSpec, op: &str) -> Shape {
    let example = example_result(spec);
    match example.as_ref().and_then(Value::as_object) {
        Some(m) if m.contains_key("item") => {
            Shape::Item(m["item"].as_object().map(|i| i.keys().cloned().collect()))
        }
        Some(m) if m.contains_key("items") => Shape::Items,
        Some(m) if m.contains_key("result") => Shape::Flag,
        _ => {
            let keys = result_keys(spec);
            let has = |k: &str| keys.iter().any(|n| n == k);
            match op {
                "list" => Shape::Items,
                "delete" => Shape::Flag,
                _ if has("result") && !has("item") => Shape::Flag,
                _ => Shape::Item(None),
            }
        }
    }
}

/// Every field a record of `entity` has: `id`, the `add` fields, the item fields its
/// `add`/`get` pages show.
fn schema(env: &Env<'_>, entity: &str) -> Vec<String> {
    let mut names = vec!["id".to_owned()];
    let mut push = |n: &str| {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_owned());
        }
    };
    for f in add_fields(env, entity).unwrap_or_default() {
        push(&f.name);
    }
    for op in ["add", "get"] {
        let Some(spec) = env.catalog.get_v3(&format!("{entity}.{op}")) else {
            continue;
        };
        if let Some(Value::Object(item)) = example_result(spec).and_then(|r| r.get("item").cloned())
        {
            item.keys().for_each(|k| push(k));
        } else if let FieldType::Object(fields) = &spec.response.ty {
            for f in fields {
                match (&f.name[..], &f.ty) {
                    ("item", FieldType::Object(inner)) => inner.iter().for_each(|i| push(&i.name)),
                    ("result" | "item" | "items" | "time", _) => {}
                    (name, _) => push(name),
                }
            }
        }
    }
    names
}

fn entity_op(
    env: &mut Env<'_>,
    spec: &MethodSpec,
    entity: &str,
    op: &str,
    p: &Map<String, Value>,
) -> Result<Value, V3Error> {
    let names = schema(env, entity);
    let id = p.get("id").cloned().unwrap_or(Value::Null);
    let record_id = || {
        id.as_i64()
            .ok_or_else(|| V3Error::request("id", "Required field `id` is not specified"))
    };
    let now = clock::iso_utc(env.now);
    let user = Value::from(env.user_id);
    let fields = p.get("fields").and_then(Value::as_object);
    let writable = add_fields(env, entity).unwrap_or_default();
    let write = |record: &mut Map<String, Value>| {
        for (k, v) in fields.into_iter().flatten() {
            if writable.iter().any(|f| &f.name == k) {
                record.insert(k.clone(), v.clone());
            }
        }
    };
    let stamp = |record: &mut Map<String, Value>, created: bool| {
        for s in STAMPS.iter().filter(|s| names.iter().any(|n| n == *s)) {
            if created || s.starts_with("updated") {
                let v = if s.ends_with("By") {
                    user.clone()
                } else {
                    now.clone().into()
                };
                record.insert((*s).to_owned(), v);
            }
        }
    };
    let answer = |record: &Map<String, Value>| match shape(spec, op) {
        Shape::Item(Some(keys)) => {
            let item: Map<String, Value> = keys
                .iter()
                .filter_map(|k| record.get(k).map(|v| (k.clone(), v.clone())))
                .collect();
            json!({ "item": item })
        }
        Shape::Item(None) => json!({ "item": record }),
        Shape::Items => json!({ "items": [record] }),
        Shape::Flag => json!({ "result": true }),
    };
    match op {
        "add" => {
            let new_id = env.crm.next_id(entity);
            let mut record: Map<String, Value> =
                names.iter().map(|n| (n.clone(), Value::Null)).collect();
            record.insert("id".into(), new_id.into());
            write(&mut record);
            stamp(&mut record, true);
            env.crm.insert(entity, new_id, record.clone());
            Ok(answer(&record))
        }
        "get" => {
            let record = env
                .crm
                .record(entity, record_id()?)
                .ok_or_else(|| V3Error::not_found(&id))?;
            Ok(answer(record))
        }
        "update" => {
            let record = env
                .crm
                .record_mut(entity, record_id()?)
                .ok_or_else(|| V3Error::not_found(&id))?;
            write(record);
            stamp(record, false);
            let record = record.clone();
            Ok(answer(&record))
        }
        "delete" => {
            if !env.crm.remove(entity, record_id()?) {
                return Err(V3Error::not_found(&id));
            }
            Ok(json!({ "result": true }))
        }
        _ => list(env, entity, &names, p),
    }
}

/// The kinds of an entity's fields: the types its `add` page documents, `id` and the
/// `…By` stamps integers, the `…At` stamps moments.
fn kinds(env: &Env<'_>, entity: &str, names: &[String]) -> Fields {
    let typed = add_fields(env, entity).unwrap_or_default();
    Fields::default().with(names.iter().map(|n| {
        let kind = match typed.iter().find(|f| &f.name == n) {
            Some(f) => Kind::of("", &f.ty),
            None if n == "id" || n.ends_with("By") => Kind::Int,
            None if STAMPS.contains(&n.as_str()) => Kind::DateTime,
            None => Kind::Any,
        };
        (n.clone(), kind)
    }))
}

fn list(
    env: &Env<'_>,
    entity: &str,
    names: &[String],
    p: &Map<String, Value>,
) -> Result<Value, V3Error> {
    let conditions = match p.get("filter") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(conditions)) => conditions.clone(),
        Some(_) => {
            return Err(V3Error::request(
                "filter",
                "The field `filter` requires data type `array` for this request.",
            ))
        }
    };
    let fields = kinds(env, entity, names);
    let dto = rest3::dto(entity);
    // Read up front, so a bad filter is an error on an empty table too.
    let filter = rest3::Filter::parse(&conditions, &fields, &dto)?;
    let keys = rest3::order(p.get("order").and_then(Value::as_object), &fields, &dto)?;
    let rows: Vec<&Map<String, Value>> = env
        .crm
        .rows(entity)
        .map(|(_, r)| r)
        .filter(|r| filter.matches(r))
        .collect();
    let rows = rest2::sort(&keys, rows);
    let (offset, limit) = window(p.get("pagination"));
    let select: Vec<&str> = p
        .get("select")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let items: Vec<Value> = rows
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|r| {
            if select.is_empty() {
                Value::Object(r.clone())
            } else {
                // An unknown field of the object itself is left out, not an error.
                Value::Object(
                    select
                        .iter()
                        .filter_map(|k| r.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                        .collect(),
                )
            }
        })
        .collect();
    Ok(json!({ "items": items }))
}

/// The records a list answers: `(offset, limit)` from `pagination`.
pub(super) fn window(pagination: Option<&Value>) -> (usize, usize) {
    let get = |k: &str| pagination.and_then(|g| g.get(k)).and_then(Value::as_u64);
    let limit = get("limit").unwrap_or(50).clamp(1, 200);
    let offset = match get("page") {
        Some(page) if page >= 1 => (page - 1).saturating_mul(limit),
        _ => get("offset").unwrap_or(0),
    };
    (
        usize::try_from(offset).unwrap_or(usize::MAX),
        limit as usize,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_windows() {
        assert_eq!(window(None), (0, 50));
        assert_eq!(window(Some(&json!({"limit": 500}))), (0, 200));
        assert_eq!(window(Some(&json!({"limit": 0, "offset": 7}))), (7, 1));
        assert_eq!(
            window(Some(&json!({"page": 3, "limit": 20, "offset": 5}))),
            (40, 20)
        );
        assert_eq!(window(Some(&json!({"page": 0, "offset": 5}))), (5, 50));
    }

    fn field(name: &str, ty: FieldType, required: bool) -> Field {
        Field {
            name: name.into(),
            ty,
            required,
            pattern: false,
            type_text: String::new(),
            description: String::new(),
            default: None,
            allowed: Vec::new(),
            line: 1,
        }
    }

    #[test]
    fn checks_required_and_types_with_both_validation_codes() {
        let fields = vec![
            field("id", FieldType::Integer, true),
            field(
                "fields",
                FieldType::Object(vec![field("title", FieldType::String, true)]),
                false,
            ),
        ];
        let given = |v: Value| v.as_object().unwrap().clone();
        let e = check(&fields, &given(json!({})), true).unwrap_err();
        assert_eq!(
            e.code,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION"
        );
        assert_eq!(e.validation[0].0.as_deref(), Some("id"));
        let e = check(&fields, &given(json!({"id": "5"})), true).unwrap_err();
        assert!(e.validation[0].1.contains("requires data type `integer`"));
        let e = check(&fields, &given(json!({"id": 5, "fields": {}})), true).unwrap_err();
        assert_eq!(
            e.code,
            "BITRIX_REST_V3_EXCEPTION_VALIDATION_DTOVALIDATIONEXCEPTION"
        );
        assert_eq!(e.validation[0].0.as_deref(), Some("title"));
        assert!(check(
            &fields,
            &given(json!({"id": 5, "fields": {"title": "t"}})),
            true
        )
        .is_ok());
    }
}
