//! Record families whose `add` takes the record as its own parameters rather than a
//! `fields` object (`crm.activity.badge.add {code, title, value, type}`,
//! `crm.calllist.add {ENTITY_TYPE, ENTITIES, WEBFORM_ID}`, `crm.timeline.icon.add`,
//! `crm.activity.binding.add`, …): what `add` is given is what `get` and `list` read back,
//! `update` changes and `delete` removes. Everything is derived from the family's pages:
//! - which records a `get`, `update` or `delete` names: its required parameters. One that
//!   `add` also takes (`code`, `activityId`) is matched against the record's field of that
//!   name; any other (`ID`, `LIST_ID`, `id`) is the record's number, given out by `add`;
//!   `update` is keyed by its numbers alone (its other required parameters are values);
//! - a record as read: the keys of the `get` page's example record (else of the `list`
//!   page's first record), each the given value when `add` or `update` wrote it, the
//!   portal's own value for its number (`ID`/`id`, text or number as the example shows),
//!   creation time and author (`DATE_CREATE`, `CREATED_BY_ID`, `createdTime`, …), else
//!   the example's value: the page's record is the portal's default one;
//! - a `get` whose example answers an array of records reads like `list`;
//! - answers in the shape of each page's example: `add` answers the number, `true`, or
//!   the record (wrapped as the example wraps it: `{"badge": {…}}`); `list` answers the
//!   records (`{"badges": […]}` when so wrapped), filtered by the plain parameters that
//!   name record fields (`crm.activity.binding.list {activityId}`) and by `filter`,
//!   ordered and paged like every list; `update` and `delete` answer what their examples
//!   show (`true`, `null`);
//! - where `add` takes the record as one object named as its answer wraps it
//!   (`userfieldconfig.add {moduleId, field}` → `{"field": …}`), that object's fields are
//!   the record's;
//! - an unknown record is 400 `NOT_FOUND` / `Not found.`.

use bitrix_docs::{FieldType, MethodSpec};
use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::listing;
use super::methods::Env;
use super::params;
use super::schema::example_result;

mod ops;
mod read;
mod shape;

pub(crate) use ops::{canonical, method};
use read::{field, portal_value};
pub(crate) use read::{read, same_name, template};
pub(crate) use shape::reads_records;
use shape::{shaped, wrap_like, wrapped};

/// Parameters that are never part of a record.
const NOT_FIELDS: &[&str] = &["auth", "filter", "order", "select", "start", "limit"];

/// The family's table in the CRM store.
fn table(family: &str) -> String {
    format!("flat:{family}")
}

pub(crate) fn run(
    env: &mut Env<'_>,
    family: &str,
    op: &str,
    p: &Value,
) -> Result<Answer, ApiError> {
    let page =
        |op: &str| ops::method(env.catalog, family, op).and_then(|m| env.catalog.get(&m).cloned());
    let add_params: Vec<String> = page("add")
        .map(|s| s.params.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let mut template = template(page("get").as_deref(), page("list").as_deref());
    read::with_named_fields(&mut template, page("fields").as_deref());
    let table = table(family);
    match op {
        "add" => {
            let id = env.crm.next_id(&table);
            let nested = nested_param(page("add").as_deref());
            let mut record = unnest(given(p, &[]), nested.as_deref());
            record.insert(ID_KEY.into(), id.into());
            record.insert(CREATED_KEY.into(), json!(env.now));
            record.insert(AUTHOR_KEY.into(), env.user_id.into());
            env.crm.insert(&table, id, record);
            let read = read(env, &table, id, &template);
            Ok(Answer::of(shaped(
                page("add").as_deref(),
                id,
                read,
                &template,
            )))
        }
        // A `get` whose example shows a list of records (`entity.section.get {ENTITY}`)
        // reads like `list`.
        "get"
            if page("get")
                .as_deref()
                .and_then(example_result)
                .is_some_and(|v| v.is_array()) =>
        {
            let get = page("get");
            let mut answer = list(env, &table, get.as_deref(), p, &template, &add_params)?;
            // An optional parameter that names one record (the property's code of
            // entity.item.property.get) answers that record alone, as the page's result
            // table says ("one property or a list of properties").
            if names_one(
                get.as_deref(),
                page("add").as_deref(),
                page("delete").as_deref(),
                p,
            ) {
                let first = match &mut answer.result {
                    Value::Array(records) if !records.is_empty() => records.swap_remove(0),
                    _ => return Err(not_found(get.as_deref())),
                };
                answer = Answer::of(first);
            }
            Ok(answer)
        }
        // A `get` that names no record (`entity.get` without `ENTITY`) lists them all.
        "get" if names_nothing(page("get").as_deref(), p, &add_params) => {
            list(env, &table, None, p, &template, &add_params)
        }
        "search" => list(
            env,
            &table,
            page("search").as_deref(),
            p,
            &template,
            &add_params,
        ),
        // `user.current`: the caller's own record, else the page's with the caller's number.
        "current" => Ok(Answer::of(match env.crm.record(&table, env.user_id) {
            Some(_) => {
                // The family's record, with what `current`'s own example adds: fields the
                // others do not show, and values where they show an empty object (`{}`, an
                // unset date in `user.get`'s example; `LAST_ACTIVITY_DATE` in `current`'s).
                let mut mine = template.clone();
                if let Some(Value::Object(shown)) =
                    page("current").as_deref().and_then(example_result)
                {
                    for (k, v) in shown {
                        let unset = mine.get(&k).is_none_or(|t| t == &json!({}));
                        if unset && v != json!({}) {
                            mine.insert(k, v);
                        }
                    }
                }
                Value::Object(read(env, &table, env.user_id, &mine))
            }
            None => {
                let mut shown = page("current")
                    .as_deref()
                    .and_then(example_result)
                    .unwrap_or_else(|| Value::Object(template.clone()));
                if let Some(id) = shown.get_mut("ID") {
                    *id = portal_value("ID", id, env.user_id, 0.0, env.user_id);
                }
                shown
            }
        })),
        // calendar.event.getbyid {id}: the `get` of a family whose `get` reads a range.
        "getbyid" => {
            let spec = page("getbyid");
            let id = find(env, &table, spec.as_deref(), p, &add_params, false)?;
            Ok(Answer::of(Value::Object(read(env, &table, id, &template))))
        }
        "get" => {
            let spec = page("get");
            let id = find(env, &table, spec.as_deref(), p, &add_params, false)?;
            let read = read(env, &table, id, &template);
            Ok(Answer::of(wrapped(spec.as_deref(), read)))
        }
        "update" => {
            let spec = page("update");
            let id = find(env, &table, spec.as_deref(), p, &add_params, true)?;
            let keys = key_params(spec.as_deref(), &add_params, true);
            let nested = nested_param(page("add").as_deref());
            let mut changes = unnest(given(p, &keys), nested.as_deref());
            // `FIELDS: {…}` holds the new values where `add` took them one by one.
            if let Some(k) = changes
                .keys()
                .find(|k| k.eq_ignore_ascii_case("fields"))
                .cloned()
            {
                if !add_params.iter().any(|a| a.eq_ignore_ascii_case(&k)) {
                    if let Some(Value::Object(inner)) = changes.remove(&k) {
                        changes.extend(inner);
                    }
                }
            }
            if let Some(record) = env.crm.record_mut(&table, id) {
                for (k, v) in changes {
                    // `ENTITY_NEW`, `PROPERTY_NEW`: the new value of `ENTITY`, `PROPERTY`.
                    let k = match k.strip_suffix("_NEW") {
                        Some(stem) if record.contains_key(stem) => stem.to_owned(),
                        _ => k,
                    };
                    record.insert(k, v);
                }
            }
            let read = read(env, &table, id, &template);
            Ok(Answer::of(shaped(spec.as_deref(), id, read, &template)))
        }
        "delete" => {
            let spec = page("delete");
            if let Some(key) = shape::counted(spec.as_deref()) {
                // `placement.unbind {PLACEMENT, HANDLER}` → `{"count": 2}`: every record
                // the given values match.
                let wanted = given(p, &[]);
                let ids: Vec<i64> = env
                    .crm
                    .rows(&table)
                    .filter(|(_, r)| {
                        wanted.iter().all(|(k, v)| {
                            listing::field(r, k).and_then(params::text) == params::text(v)
                        })
                    })
                    .map(|(id, _)| *id)
                    .collect();
                for id in &ids {
                    env.crm.remove(&table, *id);
                }
                return Ok(Answer::of(json!({ key: ids.len() })));
            }
            let id = find(env, &table, spec.as_deref(), p, &add_params, false)?;
            env.crm.remove(&table, id);
            let shown = spec.as_deref().and_then(example_result);
            Ok(Answer::of(match shown {
                Some(v @ (Value::Null | Value::Bool(_))) => v,
                Some(v) if shape::wraps_flag(&v) => v,
                Some(Value::Array(a)) if a.is_empty() => json!([]),
                _ => true.into(),
            }))
        }
        // The portal's codes with their names and those registered (`imconnector.list`:
        // `{"livechat": "Live Chat", "my_connector": "Mine"}`).
        "list" if ops::names_codes(page("list").as_deref()) => {
            let key = ops::code_param(page("add").as_deref(), page("delete").as_deref())
                .unwrap_or_default();
            let mut named = match page("list").as_deref().and_then(example_result) {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            for (_, r) in env.crm.rows(&table) {
                if let Some(code) = listing::field(r, &key).and_then(params::text) {
                    let name = listing::field(r, "NAME").cloned().unwrap_or(json!(code));
                    named.insert(code, name);
                }
            }
            Ok(Answer::of(Value::Object(named)))
        }
        // A registry of codes (`bizproc.robot.list` → `["sms_robot"]`): the codes given.
        "list" if ops::lists_codes(page("list").as_deref()) => {
            let key = ops::code_param(page("add").as_deref(), page("delete").as_deref())
                .unwrap_or_default();
            let codes = env
                .crm
                .rows(&table)
                .filter_map(|(_, r)| listing::field(r, &key).cloned())
                .collect();
            Ok(Answer::of(Value::Array(codes)))
        }
        _ => list(
            env,
            &table,
            page("list").as_deref(),
            p,
            &template,
            &add_params,
        ),
    }
}

/// Whether `p` gives an optional parameter of `get` that names one record: one `add`
/// takes and `delete` requires (entity.item.property's `PROPERTY`), not a filter `add`
/// also takes (calendar.event.get's `from`, `section`: its delete requires `id`).
fn names_one(
    get: Option<&MethodSpec>,
    add: Option<&MethodSpec>,
    delete: Option<&MethodSpec>,
    p: &Value,
) -> bool {
    let (Some(get), Some(add), Some(delete)) = (get, add, delete) else {
        return false;
    };
    get.params.iter().filter(|f| !f.required).any(|f| {
        add.params.iter().any(|a| a.name == f.name)
            && delete.params.iter().any(|d| d.required && d.name == f.name)
            && own_param(&get.params, p, &f.name).is_some_and(|v| !v.is_null())
    })
}

/// An unknown record, as the page answers it: its own not-found code where its errors
/// table lists one (`bizproc.robot.update` → `ERROR_ACTIVITY_NOT_FOUND`, "Activity or
/// Automation rule not found!"); of several, the one about the record's `ID`
/// (`entity.item.delete`: `ERROR_ITEM_NOT_FOUND`, not the storage's
/// `ERROR_ENTITY_NOT_FOUND`); else the module's `NOT_FOUND`.
fn not_found(spec: Option<&MethodSpec>) -> ApiError {
    let own: Vec<_> = spec
        .into_iter()
        .flat_map(|s| &s.errors)
        .filter(|e| e.code.len() > "NOT_FOUND".len() && e.code.ends_with("_NOT_FOUND"))
        .collect();
    let by_id = || {
        own.iter()
            .find(|e| e.description.to_ascii_lowercase().contains("`id`"))
            .copied()
    };
    let chosen = match own.as_slice() {
        [one] => Some(*one),
        _ => by_id(),
    };
    chosen.map_or_else(ApiError::not_found, |e| ApiError::documented(400, e))
}

/// Whether a `get` page names no record and none is named: no required key, and none of
/// the `add` parameters it takes is given (`entity.get {}`).
fn names_nothing(spec: Option<&MethodSpec>, p: &Value, add_params: &[String]) -> bool {
    let Some(spec) = spec else { return false };
    !spec.params.iter().any(|f| f.required)
        && !spec.params.iter().any(|f| {
            (f.name.eq_ignore_ascii_case("id")
                || add_params.iter().any(|a| a.eq_ignore_ascii_case(&f.name)))
                && params::get(p, &f.name).is_some()
        })
}

/// A parameter by its page name: exactly, else in any case unless the page has another
/// parameter of that name in another case.
fn own_param<'a>(fields: &[bitrix_docs::Field], p: &'a Value, name: &str) -> Option<&'a Value> {
    let twin = fields
        .iter()
        .any(|o| o.name != name && o.name.eq_ignore_ascii_case(name));
    match p.get(name) {
        Some(v) if !v.is_null() => Some(v),
        _ if twin => None,
        _ => params::get(p, name),
    }
}

/// The list parameters in the form `listing` reads: `sort` + `order` as two strings
/// (`user.get {sort: "ID", order: "asc"}`) become `order: {ID: "asc"}`; a `FIND` in the
/// filter (user.search) is taken out and returned.
fn normalized(p: &Value) -> (Value, Option<String>) {
    let mut p = p.clone();
    let Some(map) = p.as_object_mut() else {
        return (p, None);
    };
    let key = |map: &Map<String, Value>, name: &str| {
        map.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned()
    };
    if let Some(order_key) = key(map, "order").filter(|k| map[k].is_string()) {
        let direction = map.remove(&order_key).unwrap_or_default();
        // `SORT` holding a number is department.get's filter value, not the order field.
        let sort_key =
            key(map, "sort").filter(|k| map[k].as_str().is_some_and(|s| s.parse::<f64>().is_err()));
        let by = sort_key
            .and_then(|k| map.remove(&k))
            .unwrap_or_else(|| "ID".into());
        let by = params::text(&by).unwrap_or_else(|| "ID".into());
        map.insert("order".into(), json!({ by: direction }));
    }
    let mut find = None;
    if let Some(filter_key) = key(map, "filter") {
        if let Some(filter) = map.get_mut(&filter_key).and_then(Value::as_object_mut) {
            if let Some(k) = filter
                .keys()
                .find(|k| k.eq_ignore_ascii_case("find"))
                .cloned()
            {
                find = filter.remove(&k).as_ref().and_then(params::text);
            }
        }
    }
    (p, find)
}

/// Whether any text field of the record holds `text`, without regard to case.
fn finds(record: &Map<String, Value>, text: &str) -> bool {
    let text = text.to_lowercase();
    record
        .values()
        .any(|v| v.as_str().is_some_and(|s| s.to_lowercase().contains(&text)))
}

/// Whether a record passes a plain parameter of a list page: equal; one of the given
/// values when a list is given (calendar.event.get's `section: [21, 44]`); for `from` /
/// `to`, a record that ends on or after `from` / starts on or before `to` (dates compared
/// as written, `YYYY-MM-DD…`).
fn passes(record: &Map<String, Value>, key: &str, given: &Value) -> bool {
    let text = |v: &Value| params::text(v).unwrap_or_default();
    let day = |v: &Value| text(v).chars().take(10).collect::<String>();
    match (key, given) {
        ("from", _) => field(record, "to").is_none_or(|to| day(to) >= day(given)),
        ("to", _) => field(record, "from").is_none_or(|from| day(from) <= day(given)),
        (_, Value::Array(items)) => field(record, key).is_some_and(|v| {
            let v = text(v);
            items.iter().any(|i| text(i) == v)
        }),
        _ => field(record, key).and_then(params::text) == params::text(given),
    }
}

/// Stores a new record of `table` as `add` does (with its number, creation time and
/// author); its number.
pub(crate) fn insert(env: &mut Env<'_>, table: &str, mut record: Map<String, Value>) -> i64 {
    let id = env.crm.next_id(table);
    record.insert(ID_KEY.into(), id.into());
    record.insert(CREATED_KEY.into(), json!(env.now));
    record.insert(AUTHOR_KEY.into(), env.user_id.into());
    env.crm.insert(table, id, record);
    id
}

/// Puts a record the portal holds before any call into `family`'s table, under the next
/// number: read back, it is the pages' example record with that number (user 1, the
/// administrator every fresh portal has and its first webhook acts as).
pub(crate) fn seed(crm: &mut super::state::Crm, family: &str, author: i64, now: f64) -> i64 {
    let table = table(family);
    let id = crm.next_id(&table);
    let mut record = Map::new();
    record.insert(ID_KEY.into(), id.into());
    record.insert(CREATED_KEY.into(), json!(now));
    record.insert(AUTHOR_KEY.into(), author.into());
    crm.insert(&table, id, record);
    id
}

/// Where the store keeps a record's own number, creation time and author (not shown).
const ID_KEY: &str = "\u{0}id";
const CREATED_KEY: &str = "\u{0}created";
const AUTHOR_KEY: &str = "\u{0}author";

/// The given parameters that are record fields (all but `auth`, list controls and `skip`).
fn given(p: &Value, skip: &[String]) -> Map<String, Value> {
    p.as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| {
            !NOT_FIELDS.iter().any(|n| k.eq_ignore_ascii_case(n))
                && !skip.iter().any(|s| k.eq_ignore_ascii_case(s))
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The parameter that holds the record when `add` takes it as one object named as its
/// answer wraps it (`userfieldconfig.add {moduleId, field: {…}}` → `{"field": {…}}`).
fn nested_param(add: Option<&MethodSpec>) -> Option<String> {
    let add = add?;
    let Some(Value::Object(shown)) = example_result(add) else {
        return None;
    };
    let (key, inner) = shown.iter().next().filter(|_| shown.len() == 1)?;
    inner.is_object().then_some(())?;
    add.params
        .iter()
        .find(|f| f.name.eq_ignore_ascii_case(key))
        .map(|f| f.name.clone())
}

/// The given parameters with the nested record's fields lifted to the top.
fn unnest(mut given: Map<String, Value>, nested: Option<&str>) -> Map<String, Value> {
    if let Some(Value::Object(inner)) = nested.and_then(|n| given.remove(n)) {
        given.extend(inner);
    }
    given
}

/// The required parameters of an `op` page that name records. For `update`, only its
/// numbers (the others are the new values); else every required one.
fn key_params(spec: Option<&MethodSpec>, add_params: &[String], update: bool) -> Vec<String> {
    let Some(spec) = spec else {
        return Vec::new();
    };
    // For `update`, an object is the new values (`bizproc.robot.update {CODE, FIELDS: {…}}`),
    // no key.
    let values = |f: &bitrix_docs::Field| {
        update && matches!(f.ty, FieldType::Object(_) | FieldType::FieldMap)
    };
    let required = spec.params.iter().filter(|f| f.required && !values(f));
    let numbers: Vec<String> = required
        .clone()
        .filter(|f| !add_params.iter().any(|a| a.eq_ignore_ascii_case(&f.name)))
        .map(|f| f.name.clone())
        .collect();
    if update && !numbers.is_empty() {
        return numbers;
    }
    required.map(|f| f.name.clone()).collect()
}

/// The record a `get`, `update` or `delete` names.
fn find(
    env: &Env<'_>,
    table: &str,
    spec: Option<&MethodSpec>,
    p: &Value,
    add_params: &[String],
    update: bool,
) -> Result<i64, ApiError> {
    let keys = key_params(spec, add_params, update);
    // No required key: the `add` parameters the page takes that are given (`entity.get
    // {ENTITY}`), else the number.
    let given_keys = || -> Vec<String> {
        spec.map(|s| s.params.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|f| add_params.iter().any(|a| a.eq_ignore_ascii_case(&f.name)))
            .filter(|f| params::get(p, &f.name).is_some())
            .map(|f| f.name.clone())
            .collect()
    };
    let keys: Vec<String> = match (keys.is_empty(), given_keys()) {
        (false, _) => keys,
        (true, given) if !given.is_empty() => given,
        (true, _) => vec!["id".to_owned()],
    };
    let mut wanted = Vec::with_capacity(keys.len());
    for key in &keys {
        let v = params::get(p, key).ok_or_else(|| ApiError::required(key))?;
        wanted.push((key, v));
    }
    env.crm
        .rows(table)
        .find(|(id, r)| {
            wanted.iter().all(|(key, v)| {
                if add_params.iter().any(|a| a.eq_ignore_ascii_case(key)) {
                    listing::field(r, key).and_then(params::text) == params::text(v)
                } else {
                    params::int(v) == Some(**id)
                }
            })
        })
        .map(|(id, _)| *id)
        .ok_or_else(|| not_found(spec))
}

fn list(
    env: &Env<'_>,
    table: &str,
    spec: Option<&MethodSpec>,
    p: &Value,
    template: &Map<String, Value>,
    add_params: &[String],
) -> Result<Answer, ApiError> {
    let fields = spec.map(|s| s.params.as_slice()).unwrap_or_default();
    // Plain parameters of the list page that are record fields filter the records (each
    // read in its own case where the page has two that differ only in case: `sort`, the
    // order field, and `SORT`, a value of department.get).
    let by: Vec<(String, Value)> = fields
        .iter()
        .filter(|f| !NOT_FIELDS.iter().any(|n| f.name.eq_ignore_ascii_case(n)))
        .filter(|f| f.name != "sort")
        .filter(|f| {
            add_params.iter().any(|a| a.eq_ignore_ascii_case(&f.name))
                || template.keys().any(|k| k.eq_ignore_ascii_case(&f.name))
        })
        .filter(|f| !matches!(f.ty, FieldType::Object(_) | FieldType::FieldMap))
        .filter_map(|f| Some((f.name.clone(), own_param(fields, p, &f.name)?.clone())))
        .collect();
    let (p, find) = normalized(p);
    // Plain parameters compare with the record as read (its `ID` too); `FIND` looks only
    // at what was written.
    let reads: Vec<Map<String, Value>> = env
        .crm
        .rows(table)
        .filter(|(_, r)| find.as_deref().is_none_or(|text| finds(r, text)))
        .map(|(id, _)| read(env, table, *id, template))
        .filter(|r| by.iter().all(|(k, v)| passes(r, k, v)))
        .collect();
    let p = &p;
    // Every field is a plain one here: `*` keeps lists (`ENTITIES`) too.
    let shape = listing::Shape {
        multiple: Vec::new(),
        star_is_everything: true,
    };
    let mut answer = listing::list_shaped(reads.iter(), p, &shape)?;
    if let Some(shown) = spec.and_then(example_result) {
        answer.result = wrap_like(&shown, answer.result);
    }
    Ok(answer)
}
