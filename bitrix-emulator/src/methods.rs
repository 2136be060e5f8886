//! The methods the portal knows, and what each one does to the CRM.
//!
//! Errors follow the pages: the CRM's own failures have an empty `error` code and
//! status 400 (`"Required fields not provided: id."`, `"Parameter 'fields' must be
//! array."`), unknown leads or contacts in `crm.lead.contact.*` are 400 `NOT_FOUND`.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::params;
use super::state::{Crm, Entity, NewLink};

/// What a handler may touch.
pub(crate) struct Env<'a> {
    pub crm: &'a mut Crm,
    pub user_id: i64,
    pub now: f64,
}

type Handler = fn(&mut Env<'_>, &Value) -> Result<Answer, ApiError>;

/// A REST method: its lower-case name, the scope it needs, its handler.
pub(crate) struct MethodDef {
    pub name: &'static str,
    pub scope: &'static str,
    pub handler: Handler,
}

const METHODS: &[MethodDef] = &[
    MethodDef {
        name: "crm.lead.add",
        scope: "crm",
        handler: lead_add,
    },
    MethodDef {
        name: "crm.lead.get",
        scope: "crm",
        handler: lead_get,
    },
    MethodDef {
        name: "crm.lead.list",
        scope: "crm",
        handler: lead_list,
    },
    MethodDef {
        name: "crm.contact.add",
        scope: "crm",
        handler: contact_add,
    },
    MethodDef {
        name: "crm.contact.get",
        scope: "crm",
        handler: contact_get,
    },
    MethodDef {
        name: "crm.contact.list",
        scope: "crm",
        handler: contact_list,
    },
    MethodDef {
        name: "crm.lead.contact.add",
        scope: "crm",
        handler: link_add,
    },
    MethodDef {
        name: "crm.lead.contact.delete",
        scope: "crm",
        handler: link_delete,
    },
    MethodDef {
        name: "crm.lead.contact.fields",
        scope: "crm",
        handler: link_fields,
    },
    MethodDef {
        name: "crm.lead.contact.items.get",
        scope: "crm",
        handler: links_get,
    },
    MethodDef {
        name: "crm.lead.contact.items.set",
        scope: "crm",
        handler: links_set,
    },
    MethodDef {
        name: "crm.lead.contact.items.delete",
        scope: "crm",
        handler: links_delete,
    },
];

/// Looks a method up by its lower-case name.
pub(crate) fn find(name: &str) -> Option<&'static MethodDef> {
    METHODS.iter().find(|m| m.name == name)
}

/// The page size of every list method.
const PAGE: usize = 50;

fn fields_param(p: &Value) -> Result<Map<String, Value>, ApiError> {
    let v = params::get(p, "fields").ok_or_else(|| ApiError::required("fields"))?;
    params::object(v).ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))
}

fn add(env: &mut Env<'_>, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let fields = params::get(p, "fields")
        .and_then(params::object)
        .ok_or_else(|| ApiError::crm("Parameter 'fields' must be array."))?;
    if let Some(opts) = params::get(p, "params") {
        params::object(opts).ok_or_else(|| ApiError::crm("Parameter 'params' must be array."))?;
    }
    let id = env.crm.add(entity, &fields, env.user_id, env.now);
    Ok(Answer::of(id.into()))
}

fn get(env: &mut Env<'_>, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let id =
        params::required_id(p, "id").map_err(|_| ApiError::crm("ID is not defined or invalid."))?;
    let record = env
        .crm
        .get(entity, id)
        .ok_or_else(|| ApiError::crm("Not found"))?;
    Ok(Answer::of(Value::Object(record.clone())))
}

fn lead_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    add(env, p, Entity::Lead)
}

fn lead_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    get(env, p, Entity::Lead)
}

fn lead_list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    list(env.crm, p, Entity::Lead)
}

fn contact_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    add(env, p, Entity::Contact)
}

fn contact_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    get(env, p, Entity::Contact)
}

fn contact_list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    list(env.crm, p, Entity::Contact)
}

/// `*.list`: `filter`, `order`, `select`, `start` (pages of 50; `-1` skips counting and
/// answers `total: 0` without `next`, as settings/performance/huge-data.md shows).
fn list(crm: &Crm, p: &Value, entity: Entity) -> Result<Answer, ApiError> {
    let filter = match params::get(p, "filter") {
        Some(v) => {
            params::object(v).ok_or_else(|| ApiError::crm("Parameter 'filter' must be array."))?
        }
        None => Map::new(),
    };
    let order = match params::get(p, "order") {
        Some(v) => {
            params::object(v).ok_or_else(|| ApiError::crm("Parameter 'order' must be array."))?
        }
        None => Map::new(),
    };
    let select: Vec<String> = params::get(p, "select")
        .and_then(params::list)
        .map(|l| {
            l.into_iter()
                .filter_map(params::text)
                .map(|s| s.to_uppercase())
                .collect()
        })
        .unwrap_or_default();
    let start = params::get(p, "start").and_then(params::int).unwrap_or(0);

    let filter: Vec<Condition> = filter.iter().map(|(k, v)| Condition::parse(k, v)).collect();
    let mut rows: Vec<&Map<String, Value>> = crm
        .all(entity)
        .map(|(_, r)| r)
        .filter(|r| filter.iter().all(|c| c.matches(r)))
        .collect();
    let mut keys: Vec<(String, bool)> = order
        .iter()
        .map(|(k, v)| {
            let desc = params::text(v).is_some_and(|d| d.eq_ignore_ascii_case("desc"));
            (k.to_uppercase(), desc)
        })
        .collect();
    keys.push(("ID".into(), false));
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|(k, desc)| {
                let o = compare(a.get(k), b.get(k));
                if *desc {
                    o.reverse()
                } else {
                    o
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });

    let (skip, count) = if start < 0 {
        (0, false)
    } else {
        (start as usize, true)
    };
    let total = rows.len();
    let page: Vec<Value> = rows
        .into_iter()
        .skip(skip)
        .take(PAGE)
        .map(|r| Value::Object(project(r, &select)))
        .collect();
    Ok(Answer {
        result: Value::Array(page),
        total: Some(if count { total as u64 } else { 0 }),
        next: (count && skip + PAGE < total).then_some((skip + PAGE) as u64),
    })
}

/// `select`: nothing or `*` gives every field but multiple ones and custom ones; `UF_*`
/// adds custom ones; other names are taken as they are.
fn project(record: &Map<String, Value>, select: &[String]) -> Map<String, Value> {
    let all = select.is_empty() || select.iter().any(|s| s == "*");
    let uf = select.iter().any(|s| s == "UF_*");
    record
        .iter()
        .filter(|(k, v)| {
            select.contains(k)
                || (k.starts_with("UF_") && uf)
                || (all && !k.starts_with("UF_") && !v.is_array() && !v.is_object())
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Numbers compare as numbers, everything else as text; `null` first.
fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    let text = |v: Option<&Value>| v.and_then(params::text);
    match (text(a), text(b)) {
        (Some(x), Some(y)) => match (x.trim().parse::<f64>(), y.trim().parse::<f64>()) {
            (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(std::cmp::Ordering::Equal),
            _ => x.cmp(&y),
        },
        (x, y) => x.is_some().cmp(&y.is_some()),
    }
}

/// One `filter` entry: a prefix operator, a field, a value.
struct Condition {
    op: &'static str,
    field: String,
    value: Value,
}

/// Longest first, so `>=` wins over `>`.
const OPERATORS: &[&str] = &[
    "!%=", "!@", "!%", "!=", ">=", "<=", "=%", "%=", "@", ">", "<", "=", "%", "!",
];

impl Condition {
    fn parse(key: &str, value: &Value) -> Self {
        let op = OPERATORS
            .iter()
            .find(|op| key.starts_with(**op))
            .copied()
            .unwrap_or("=");
        let field = key.strip_prefix(op).unwrap_or(key).to_uppercase();
        Condition {
            op,
            field,
            value: value.clone(),
        }
    }

    fn matches(&self, record: &Map<String, Value>) -> bool {
        let actual = record.get(&self.field).filter(|v| !v.is_null());
        let wanted: Vec<&Value> = params::list(&self.value).unwrap_or_else(|| vec![&self.value]);
        let eq = |w: &&Value| compare(actual, Some(w)).is_eq() && actual.is_some();
        let like = |w: &&Value, wildcards: bool| {
            let (Some(a), Some(w)) = (actual.and_then(params::text), params::text(w)) else {
                return false;
            };
            let (a, w) = (a.to_lowercase(), w.to_lowercase());
            if wildcards {
                glob(&a, &w)
            } else {
                a.contains(&w)
            }
        };
        let cmp = |f: fn(std::cmp::Ordering) -> bool| {
            actual.is_some() && f(compare(actual, Some(&self.value)))
        };
        match self.op {
            "=" | "@" => wanted.iter().any(eq),
            "!=" | "!" | "!@" => !wanted.iter().any(eq),
            ">" => cmp(|o| o.is_gt()),
            ">=" => cmp(|o| o.is_ge()),
            "<" => cmp(|o| o.is_lt()),
            "<=" => cmp(|o| o.is_le()),
            "%" => wanted.iter().any(|w| like(w, false)),
            "=%" | "%=" => wanted.iter().any(|w| like(w, true)),
            "!%" => !wanted.iter().any(|w| like(w, false)),
            _ => !wanted.iter().any(|w| like(w, true)),
        }
    }
}

/// SQL `LIKE` with `%` only.
fn glob(text: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('%').collect();
    if parts.len() == 1 {
        return text == pattern;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// The lead of a `crm.lead.contact.*` call, which must exist.
fn lead_id(env: &Env<'_>, p: &Value) -> Result<i64, ApiError> {
    let id = params::required_id(p, "id")?;
    existing(env, Entity::Lead, id)?;
    Ok(id)
}

fn existing(env: &Env<'_>, entity: Entity, id: i64) -> Result<(), ApiError> {
    env.crm
        .get(entity, id)
        .map(|_| ())
        .ok_or_else(ApiError::not_found)
}

/// A link description: `CONTACT_ID` (required, existing), `SORT` (default 10),
/// `IS_PRIMARY` (only `"Y"` means yes; default `N`).
fn new_link(fields: &Map<String, Value>) -> Result<NewLink, ApiError> {
    let v = Value::Object(fields.clone());
    let contact_id = params::required_id(&v, "CONTACT_ID")?;
    let sort = params::get(&v, "SORT").and_then(params::int).unwrap_or(10);
    let primary = params::get(&v, "IS_PRIMARY").and_then(Value::as_str) == Some("Y");
    Ok(NewLink {
        contact_id,
        sort,
        primary,
    })
}

fn link_add(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let link = new_link(&fields_param(p)?)?;
    existing(env, Entity::Lead, id)?;
    existing(env, Entity::Contact, link.contact_id)?;
    Ok(Answer::of(env.crm.add_link(id, link).into()))
}

fn link_delete(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let fields = Value::Object(fields_param(p)?);
    let contact = params::required_id(&fields, "CONTACT_ID")?;
    existing(env, Entity::Lead, id)?;
    existing(env, Entity::Contact, contact)?;
    Ok(Answer::of(env.crm.delete_link(id, contact).into()))
}

fn link_fields(_: &mut Env<'_>, _: &Value) -> Result<Answer, ApiError> {
    let field = |kind: &str, required: bool, title: &str| {
        json!({
            "type": kind,
            "isRequired": required,
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": false,
            "isDynamic": false,
            "title": title,
        })
    };
    Ok(Answer::of(json!({
        "SORT": field("integer", false, "Sorting"),
        "IS_PRIMARY": field("char", false, "Primary"),
        "CONTACT_ID": field("integer", true, "Contact"),
    })))
}

fn links_get(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = lead_id(env, p)?;
    let items = env
        .crm
        .links(id)
        .into_iter()
        .map(|l| {
            json!({
                "CONTACT_ID": l.contact_id,
                "SORT": l.sort,
                "ROLE_ID": 0,
                "IS_PRIMARY": if l.is_primary { "Y" } else { "N" },
            })
        })
        .collect();
    Ok(Answer::of(Value::Array(items)))
}

fn links_set(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = params::required_id(p, "id")?;
    let items = params::get(p, "items").ok_or_else(|| ApiError::required("items"))?;
    let items =
        params::list(items).ok_or_else(|| ApiError::crm("Parameter 'items' must be array."))?;
    let links = items
        .into_iter()
        .map(|item| {
            let fields = params::object(item).ok_or_else(|| ApiError::required("CONTACT_ID"))?;
            new_link(&fields)
        })
        .collect::<Result<Vec<_>, _>>()?;
    existing(env, Entity::Lead, id)?;
    for link in &links {
        existing(env, Entity::Contact, link.contact_id)?;
    }
    env.crm.set_links(id, links);
    Ok(Answer::of(true.into()))
}

fn links_delete(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let id = lead_id(env, p)?;
    env.crm.clear_links(id);
    Ok(Answer::of(true.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(crm: &mut Crm, method: &str, p: Value) -> Result<Answer, ApiError> {
        let def = find(method).expect("known method");
        (def.handler)(
            &mut Env {
                crm,
                user_id: 1,
                now: 0.0,
            },
            &p,
        )
    }

    #[test]
    fn link_methods_validate_in_documented_order() {
        let mut crm = Crm::default();
        call(&mut crm, "crm.lead.add", json!({"fields": {"TITLE": "x"}})).unwrap();
        let err = call(&mut crm, "crm.lead.contact.add", json!({"id": 1})).unwrap_err();
        assert_eq!(
            (err.status, err.code, err.description.as_str()),
            (400, "", "Required fields not provided: fields.")
        );
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 1, "fields": {"SORT": 1}}),
        )
        .unwrap_err();
        assert_eq!(err.description, "Required fields not provided: CONTACT_ID.");
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 1, "fields": {"CONTACT_ID": 9}}),
        )
        .unwrap_err();
        assert_eq!(err.code, "NOT_FOUND");
        let err = call(
            &mut crm,
            "crm.lead.contact.add",
            json!({"id": 2, "fields": {"CONTACT_ID": 9}}),
        )
        .unwrap_err();
        assert_eq!(err.code, "NOT_FOUND");
    }

    #[test]
    fn filters_and_orders() {
        let mut crm = Crm::default();
        for t in ["b", "a", "c"] {
            call(&mut crm, "crm.lead.add", json!({"fields": {"TITLE": t}})).unwrap();
        }
        let a = call(
            &mut crm,
            "crm.lead.list",
            json!({"filter": {">ID": 1}, "order": {"TITLE": "DESC"}, "select": ["ID"]}),
        )
        .unwrap();
        assert_eq!(a.result, json!([{"ID": "3"}, {"ID": "2"}]));
        assert_eq!(a.total, Some(2));
        let a = call(
            &mut crm,
            "crm.lead.list",
            json!({"filter": {"%TITLE": "A", "!ID": [3]}, "select": ["ID"]}),
        )
        .unwrap();
        assert_eq!(a.result, json!([{"ID": "2"}]));
        let a = call(
            &mut crm,
            "crm.lead.list",
            json!({"filter": {"=%TITLE": "%c"}, "select": ["TITLE"]}),
        )
        .unwrap();
        assert_eq!(a.result, json!([{"TITLE": "c"}]));
    }

    #[test]
    fn glob_matches_like() {
        assert!(glob("molar", "mol%"));
        assert!(glob("amol", "%mol"));
        assert!(glob("xmolx", "%mol%"));
        assert!(!glob("xmolx", "mol%"));
        assert!(glob("ab", "a%%b"));
        assert!(!glob("a", "a%a"));
    }
}
