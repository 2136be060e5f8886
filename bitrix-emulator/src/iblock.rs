//! The information-block families of `lists.*`: lists (`lists.add/get/update/delete`,
//! `lists.get.iblock.type.id`), and in a list its sections (`lists.section.*`), fields
//! (`lists.field.*`, `lists.field.type.get`) and elements (`lists.element.*`,
//! `lists.element.get.file.url`). Unlike the entity store's records these are named by
//! parameters, never by `id`:
//! - a list by `IBLOCK_TYPE_ID` and `IBLOCK_ID` or `IBLOCK_CODE` (the `CODE` `lists.add`
//!   gave it; codes are unique per type: `ERROR_IBLOCK_ALREADY_EXISTS`);
//! - a section, field or element by its list (as above) and `SECTION_ID|SECTION_CODE`,
//!   `FIELD_ID` (`PROPERTY_<n>`, as `lists.field.add` answers) or
//!   `ELEMENT_ID|ELEMENT_CODE` (element codes unique per list:
//!   `ERROR_ELEMENT_ALREADY_EXISTS`).
//!
//! The pages mark both `IBLOCK_ID` and `IBLOCK_CODE` (and `ELEMENT_ID` and
//! `ELEMENT_CODE`) required where either is enough: one of each pair is asked for
//! (`ERROR_REQUIRED_PARAMETERS_MISSING`, `Required parameter is missing`, as the pages
//! show); the rest of the request is checked against the page as usual.
//!
//! Where the pages leave a choice open:
//! - lists are often made in the portal's interface, which the emulator has none of: a
//!   section, field or element names its list by `IBLOCK_ID` without the list having to
//!   be made with `lists.add` first; a list named by an unknown `IBLOCK_CODE` is
//!   `ERROR_IBLOCK_NOT_FOUND` (`Iblock not found`), as is any `lists.update`,
//!   `lists.delete` or `lists.get.iblock.type.id` of a list the portal does not hold;
//! - `get` lists the records of the list (or the lists of the type), narrowed to the one
//!   named when an id or code is given (an unknown one lists nothing, as a filter does),
//!   by `FILTER` (a value written `%text%` matches the text anywhere), ordered by
//!   `ELEMENT_ORDER` / `IBLOCK_ORDER`, and paged by `start`; `lists.field.get` answers an
//!   object keyed by `FIELD_ID`, or the one field `FIELD_ID` names under its type
//!   (`{"S": {…}}`, `[]` when there is none);
//! - records read with the keys of the `get` page's example record (see `flat.rs`): the
//!   written value, else the portal's (`ID`, `DATE_CREATE`, `CREATED_BY`), else the
//!   example's;
//! - `update` and `delete` of an unknown record are the pages' `ERROR_IBLOCK_NOT_FOUND`,
//!   `ERROR_SECTION_NOT_FOUND`, `ERROR_ELEMENT_NOT_FOUND`, and `ERROR_FIELD_NOT_FOUND`
//!   (`Field not found`, which the field pages leave unnamed);
//! - `lists.element.get.file.url` and `lists.field.type.get` answer their page's example
//!   once the element or list is found.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::example;
use super::flat;
use super::listing;
use super::methods::Env;
use super::params;

/// One family: its table, the parameters naming a record, its not-found error.
struct Kind {
    family: &'static str,
    id: &'static str,
    code: Option<&'static str>,
    not_found: (&'static str, &'static str),
}

const LISTS: Kind = Kind {
    family: "lists",
    id: "IBLOCK_ID",
    code: Some("IBLOCK_CODE"),
    not_found: ("ERROR_IBLOCK_NOT_FOUND", "Iblock not found"),
};

const KINDS: &[Kind] = &[
    LISTS,
    Kind {
        family: "lists.section",
        id: "SECTION_ID",
        code: Some("SECTION_CODE"),
        not_found: ("ERROR_SECTION_NOT_FOUND", "Section not found"),
    },
    Kind {
        family: "lists.field",
        id: "FIELD_ID",
        code: None,
        not_found: ("ERROR_FIELD_NOT_FOUND", "Field not found"),
    },
    Kind {
        family: "lists.element",
        id: "ELEMENT_ID",
        code: Some("ELEMENT_CODE"),
        not_found: ("ERROR_ELEMENT_NOT_FOUND", "Element not found"),
    },
];

/// Whether this module answers `method`.
pub(crate) fn serves(method: &str) -> bool {
    method == "lists.get.iblock.type.id" || split(method).is_some()
}

/// `lists.element.get.file.url` → (elements, `get.file.url`).
fn split(method: &str) -> Option<(&'static Kind, &str)> {
    // The longest family first: `lists.element.add` is an element's, not a list's.
    KINDS.iter().rev().find_map(|k| {
        let op = method.strip_prefix(k.family)?.strip_prefix('.')?;
        matches!(
            op,
            "add" | "get" | "update" | "delete" | "type.get" | "get.file.url"
        )
        .then_some((k, op))
    })
}

fn table(kind: &Kind) -> String {
    format!("iblock:{}", kind.family)
}

fn error(pair: (&str, &str)) -> ApiError {
    ApiError::new(400, pair.0, pair.1)
}

fn missing() -> ApiError {
    error((
        "ERROR_REQUIRED_PARAMETERS_MISSING",
        "Required parameter is missing",
    ))
}

pub(crate) fn run(env: &mut Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    let spec = env.catalog.get(method).cloned();
    if let Some(spec) = &spec {
        // Both halves of an either–or pair are marked required: check the rest.
        let mut relaxed = (**spec).clone();
        for f in &mut relaxed.params {
            if f.name.ends_with("_ID") && f.name != "IBLOCK_TYPE_ID" || f.name.ends_with("_CODE") {
                f.required = false;
            }
            // `SELECT` lists the built-in fields; an element's own (`PROPERTY_951`) too.
            if f.name == "SELECT" {
                f.allowed.clear();
            }
        }
        example::validate(&relaxed, p)?;
    }
    if method == "lists.get.iblock.type.id" {
        let id = list_of(env, p, true)?;
        let record = env.crm.record(&table(&LISTS), id).cloned();
        return Ok(Answer::of(
            record
                .and_then(|r| r.get("IBLOCK_TYPE_ID").cloned())
                .unwrap_or(Value::Null),
        ));
    }
    let Some((kind, op)) = split(method) else {
        return Err(ApiError::method_not_found());
    };
    let top = kind.family == "lists";
    match op {
        "add" => add(env, kind, p),
        "get" => get(env, kind, p),
        "update" | "delete" => {
            let iblock = if top {
                None
            } else {
                Some(list_of(env, p, false)?)
            };
            let id = find(env, kind, iblock, p)?.ok_or_else(|| error(kind.not_found))?;
            let table = table(kind);
            if op == "delete" {
                env.crm.remove(&table, id);
            } else if let Some(record) = env.crm.record_mut(&table, id) {
                for (k, v) in written(p) {
                    record.insert(k, v);
                }
            }
            Ok(Answer::of(true.into()))
        }
        // `lists.field.type.get`, `lists.element.get.file.url`: the page's example, once
        // what they name is found.
        _ => {
            let iblock = list_of(env, p, false)?;
            if kind.family == "lists.element" {
                find(env, kind, Some(iblock), p)?.ok_or_else(|| error(kind.not_found))?;
            }
            let shown = spec.as_deref().and_then(super::schema::example_result);
            Ok(Answer::of(shown.unwrap_or(Value::Null)))
        }
    }
}

/// The list a request names: its number (an `IBLOCK_ID` of a list the portal does not
/// hold is taken as given, unless `held`), or an error.
fn list_of(env: &Env<'_>, p: &Value, held: bool) -> Result<i64, ApiError> {
    let type_id = params::get(p, "IBLOCK_TYPE_ID").and_then(params::text);
    let table = table(&LISTS);
    let of_type = |r: &Map<String, Value>| {
        type_id.as_ref().is_none_or(|t| {
            r.get("IBLOCK_TYPE_ID")
                .and_then(params::text)
                .is_some_and(|x| &x == t)
        })
    };
    if let Some(id) = params::get(p, "IBLOCK_ID").and_then(params::int) {
        let known = env.crm.record(&table, id).is_some_and(of_type);
        return if known || !held {
            Ok(id)
        } else {
            Err(error(LISTS.not_found))
        };
    }
    let code = params::get(p, "IBLOCK_CODE")
        .and_then(params::text)
        .ok_or_else(missing)?;
    env.crm
        .rows(&table)
        .find(|(_, r)| of_type(r) && r.get("CODE").and_then(params::text).as_ref() == Some(&code))
        .map(|(id, _)| *id)
        .ok_or_else(|| error(LISTS.not_found))
}

/// The record a request names by id or code within its list (`None`: none such), or
/// `ERROR_REQUIRED_PARAMETERS_MISSING` when it names none.
fn find(
    env: &Env<'_>,
    kind: &Kind,
    iblock: Option<i64>,
    p: &Value,
) -> Result<Option<i64>, ApiError> {
    if kind.family == "lists" {
        return match list_of(env, p, true) {
            Ok(id) => Ok(Some(id)),
            Err(e) if e.code == "ERROR_REQUIRED_PARAMETERS_MISSING" => Err(e),
            Err(_) => Ok(None),
        };
    }
    let table = table(kind);
    let in_list = |r: &Map<String, Value>| {
        iblock.is_none_or(|l| r.get("IBLOCK_ID").and_then(params::int) == Some(l))
    };
    if let Some(v) = params::get(p, kind.id) {
        let wanted = params::text(v).unwrap_or_default();
        return Ok(env
            .crm
            .rows(&table)
            .find(|(id, r)| {
                in_list(r) && (id.to_string() == wanted || field_id(r).as_deref() == Some(&wanted))
            })
            .map(|(id, _)| *id));
    }
    let code = kind
        .code
        .and_then(|c| params::get(p, c))
        .and_then(params::text)
        .ok_or_else(missing)?;
    Ok(env
        .crm
        .rows(&table)
        .find(|(_, r)| in_list(r) && r.get("CODE").and_then(params::text).as_ref() == Some(&code))
        .map(|(id, _)| *id))
}

/// A field's `FIELD_ID` (`PROPERTY_12`).
fn field_id(r: &Map<String, Value>) -> Option<String> {
    r.get("FIELD_ID").and_then(params::text)
}

/// What an `add` or `update` writes: `FIELDS`, and `IBLOCK_SECTION_ID` when given.
fn written(p: &Value) -> Map<String, Value> {
    // `FIELDS` is an object; a typed client may send it as a list of one object.
    let mut out = match params::get(p, "FIELDS") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|m| m.clone())
            .collect(),
        Some(v) => params::object(v).unwrap_or_default(),
        None => Map::new(),
    };
    for key in ["IBLOCK_SECTION_ID", "MESSAGES", "RIGHTS", "SOCNET_GROUP_ID"] {
        if let Some(v) = params::get(p, key) {
            out.insert(key.into(), v.clone());
        }
    }
    out
}

fn add(env: &mut Env<'_>, kind: &'static Kind, p: &Value) -> Result<Answer, ApiError> {
    let top = kind.family == "lists";
    let mut record = written(p);
    let code = kind
        .code
        .and_then(|c| params::get(p, c))
        .and_then(params::text);
    if top {
        let type_id = params::get(p, "IBLOCK_TYPE_ID")
            .cloned()
            .ok_or_else(missing)?;
        let code = code.clone().ok_or_else(missing)?;
        let taken = env.crm.rows(&table(kind)).any(|(_, r)| {
            r.get("CODE").and_then(params::text).as_ref() == Some(&code)
                && r.get("IBLOCK_TYPE_ID") == Some(&type_id)
        });
        if taken {
            return Err(error((
                "ERROR_IBLOCK_ALREADY_EXISTS",
                "Iblock already exists",
            )));
        }
        record.insert("IBLOCK_TYPE_ID".into(), type_id);
    } else {
        let iblock = list_of(env, p, false)?;
        if let Some(type_id) = params::get(p, "IBLOCK_TYPE_ID") {
            record.insert("IBLOCK_TYPE_ID".into(), type_id.clone());
        }
        record.insert("IBLOCK_ID".into(), iblock.to_string().into());
        if kind.family == "lists.element"
            && code.is_some()
            && find(env, kind, Some(iblock), p)?.is_some()
        {
            return Err(error((
                "ERROR_ELEMENT_ALREADY_EXISTS",
                "Element already exists",
            )));
        }
    }
    if let Some(code) = code {
        record.insert("CODE".into(), code.into());
    }
    let table = table(kind);
    let id = flat::insert(env, &table, record);
    if kind.family == "lists.field" {
        let field = format!("PROPERTY_{id}");
        if let Some(r) = env.crm.record_mut(&table, id) {
            r.insert("FIELD_ID".into(), field.clone().into());
            if let Some(t) = r.get("TYPE").cloned() {
                r.insert("PROPERTY_TYPE".into(), t);
            }
        }
        return Ok(Answer::of(field.into()));
    }
    Ok(Answer::of(id.into()))
}

fn get(env: &Env<'_>, kind: &'static Kind, p: &Value) -> Result<Answer, ApiError> {
    let top = kind.family == "lists";
    let iblock = if top {
        None
    } else {
        Some(list_of(env, p, false)?)
    };
    let fields = kind.family == "lists.field";
    let named =
        params::get(p, kind.id).is_some() || kind.code.is_some_and(|c| params::get(p, c).is_some());
    // A list named by code that does not exist is not found; by id, it lists nothing.
    let one = match named {
        // A field id the list does not have: `[]` (lists.field.get's result table).
        true => Some(find(env, kind, iblock, p).or_else(|e| match top || fields {
            true => Ok(None),
            false => Err(e),
        })?),
        false => None,
    };
    let table = table(kind);
    let type_id = params::get(p, "IBLOCK_TYPE_ID").and_then(params::text);
    let page = |op: &str| env.catalog.get(&format!("{}.{op}", kind.family)).cloned();
    // An element's properties are its list's own: the example's are not defaults.
    let mut template = flat::template(page("get").as_deref(), None);
    template.retain(|k, _| !k.starts_with("PROPERTY_"));
    let reads: Vec<Map<String, Value>> = env
        .crm
        .rows(&table)
        .filter(|(id, r)| match one {
            Some(found) => found == Some(**id),
            None => match iblock {
                Some(l) => r.get("IBLOCK_ID").and_then(params::int) == Some(l),
                None => {
                    type_id.is_none() || r.get("IBLOCK_TYPE_ID").and_then(params::text) == type_id
                }
            },
        })
        .map(|(id, _)| flat::read(env, &table, *id, &template))
        .collect();
    if fields {
        // One field named by `FIELD_ID`: under its type (`{"S": {…}}`), as the page's
        // example and its Go sample show; `[]` when the list has no such field. All the
        // fields: keyed by `FIELD_ID`.
        let key = |r: &Map<String, Value>| match named {
            true => r.get("TYPE").and_then(params::text),
            false => field_id(r),
        };
        if named && reads.is_empty() {
            return Ok(Answer::of(json!([])));
        }
        let keyed: Map<String, Value> = reads
            .into_iter()
            .map(|r| (key(&r).unwrap_or_default(), Value::Object(r)))
            .collect();
        return Ok(Answer::of(Value::Object(keyed)));
    }
    let shape = listing::Shape {
        multiple: Vec::new(),
        star_is_everything: true,
    };
    listing::list_shaped(reads.iter(), &list_params(p), &shape)
}

/// The request in the form `listing` reads: `ELEMENT_ORDER` / `IBLOCK_ORDER` as `order`,
/// `FILTER` values written `%text%` as `%KEY` conditions.
fn list_params(p: &Value) -> Value {
    let mut out = json!({});
    for (key, to) in [
        ("SELECT", "select"),
        ("start", "start"),
        ("ELEMENT_ORDER", "order"),
        ("IBLOCK_ORDER", "order"),
    ] {
        if let Some(v) = params::get(p, key) {
            out[to] = v.clone();
        }
    }
    if let Some(filter) = params::get(p, "FILTER").and_then(params::object) {
        let filter: Map<String, Value> = filter
            .into_iter()
            .map(|(k, v)| {
                let plain = k.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                match v
                    .as_str()
                    .and_then(|s| s.strip_prefix('%')?.strip_suffix('%'))
                {
                    Some(inner) if plain => (format!("%{k}"), Value::String(inner.to_owned())),
                    _ => (k, v),
                }
            })
            .collect();
        out["filter"] = Value::Object(filter);
    }
    out
}
