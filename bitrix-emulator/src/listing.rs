//! `*.list`: `filter`, `order`, `select` and paging over any entity's records (the
//! filter and order rules: `filter/`).

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::answer::{Answer, ApiError};
use super::filter::rest2::{self, Filter};
use super::filter::{Dialect, Fields};
use super::params;

/// The page size of every list method.
pub(crate) const PAGE: usize = 50;

/// A record's field by name: exactly, else ignoring case (filters and orders may name
/// `TITLE` as `title`).
pub(crate) fn field<'a>(record: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    record.get(name).or_else(|| {
        record
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    })
}

/// `*.list`: `filter`, `order`, `select`, `start` (pages of 50; `-1` skips counting and
/// answers `total: 0` without `next`, as settings/performance/huge-data.md shows).
pub(crate) fn list<'a>(
    records: impl Iterator<Item = &'a Map<String, Value>>,
    p: &Value,
) -> Result<Answer, ApiError> {
    list_shaped(records, p, &Shape::default())
}

/// What the `select` masks leave out.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    /// Multiple fields by name (besides any field holding a list): `*` and `UF_*` leave
    /// them out, naming them selects them.
    pub multiple: Vec<String>,
    /// `*` selects every field, multiple ones included (`crm.item.list`).
    pub star_is_everything: bool,
}

/// [`list`] with the entity's [`Shape`].
pub(crate) fn list_shaped<'a>(
    records: impl Iterator<Item = &'a Map<String, Value>>,
    p: &Value,
    shape: &Shape,
) -> Result<Answer, ApiError> {
    list_completed(records, p, shape, Cow::Borrowed)
}

/// [`list_shaped`] over stored records that `complete` turns into their answered form
/// (e.g. with the fields added since they were stored, as `null`) only for the page
/// answered: filters and order treat a missing field as `null` anyway, so a table of
/// 100,000 records is not copied for every page. Every field is compared as
/// [`Kind::Any`](super::filter::Kind::Any); [`list_typed`] knows the fields.
pub(crate) fn list_completed<'a>(
    records: impl Iterator<Item = &'a Map<String, Value>>,
    p: &Value,
    shape: &Shape,
    complete: impl Fn(&'a Map<String, Value>) -> Cow<'a, Map<String, Value>>,
) -> Result<Answer, ApiError> {
    list_typed(
        records,
        p,
        shape,
        complete,
        &Fields::open(),
        Dialect::Classic,
    )
}

/// [`list_completed`] over an entity whose fields (and their types) are known: filters
/// and order compare by type, and the `dialect` says what an unknown field does.
pub(crate) fn list_typed<'a>(
    records: impl Iterator<Item = &'a Map<String, Value>>,
    p: &Value,
    shape: &Shape,
    complete: impl Fn(&'a Map<String, Value>) -> Cow<'a, Map<String, Value>>,
    fields: &Fields,
    dialect: Dialect,
) -> Result<Answer, ApiError> {
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
        .map(|l| l.into_iter().filter_map(params::text).collect())
        .unwrap_or_default();
    let start = params::get(p, "start").and_then(params::int).unwrap_or(0);

    let filter = if filter.is_empty() {
        Filter::none()
    } else {
        Filter::parse(&filter, fields, dialect)?
    };
    let keys = rest2::order(&order, fields, dialect)?;
    let rows: Vec<&Map<String, Value>> = records.filter(|r| filter.matches(r)).collect();
    let rows = rest2::sort(&keys, rows);

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
        .map(|r| Value::Object(project(&complete(r), &select, shape)))
        .collect();
    Ok(Answer {
        result: Value::Array(page),
        total: Some(if count { total as u64 } else { 0 }),
        next: (count && skip + PAGE < total).then_some((skip + PAGE) as u64),
    })
}

/// The walks of settings/performance/huge-data.md, recognised so that a page of a big
/// table costs a page, not a pass over every record: a filter of at most `>ID` and
/// `<=ID` (an id range, as clients that walk ranges side by side send), an order of at most
/// `ID` (descending only with `start: -1`: the last record). Records are stored by ID
/// (their `ID` is their key), so the page (and `total`, `next`) are the ones the general
/// filter-and-sort path answers.
pub(crate) struct IdWalk {
    pub after: Option<i64>,
    pub upto: Option<i64>,
    pub desc: bool,
    pub start: i64,
}

/// `None` for camelCase entities (`crm.item` orders by `id`) and for any other request.
pub(crate) fn id_walk(camel: bool, p: &Value) -> Option<IdWalk> {
    if camel {
        return None;
    }
    let start = params::get(p, "start").map_or(Some(0), params::int)?;
    let (mut after, mut upto) = (None, None);
    if let Some(f) = params::get(p, "filter") {
        for (k, v) in f.as_object()? {
            match k.as_str() {
                ">ID" if after.is_none() => after = Some(params::int(v)?),
                "<=ID" if upto.is_none() => upto = Some(params::int(v)?),
                _ => return None,
            }
        }
    }
    let mut desc = false;
    if let Some(o) = params::get(p, "order") {
        let o = o.as_object()?;
        match o.iter().collect::<Vec<_>>().as_slice() {
            [] => {}
            [(k, v)] if k.as_str() == "ID" => {
                let d = params::text(v)?;
                if d.eq_ignore_ascii_case("desc") {
                    desc = true;
                } else if !d.eq_ignore_ascii_case("asc") {
                    return None;
                }
            }
            _ => return None,
        }
    }
    if (desc || upto.is_some()) && start != -1 {
        return None;
    }
    Some(IdWalk {
        after,
        upto,
        desc,
        start,
    })
}

/// `select`, as the list pages document it: `*` is every field but user and multiple
/// ones, `UF_*` every user field but multiple ones, other names are taken as they are
/// (the only way to get `PHONE`, `EMAIL`, …); no `select` is `*` + `UF_*`.
pub(crate) fn project(
    record: &Map<String, Value>,
    select: &[String],
    shape: &Shape,
) -> Map<String, Value> {
    let all = select.is_empty() || select.iter().any(|s| s == "*");
    let uf = select.is_empty() || select.iter().any(|s| s.eq_ignore_ascii_case("UF_*"));
    record
        .iter()
        .filter(|(k, v)| {
            let multiple = !shape.star_is_everything
                && (v.is_array() || v.is_object() || shape.multiple.iter().any(|m| m == *k));
            let user = k.starts_with("UF_");
            select.iter().any(|s| s.eq_ignore_ascii_case(k))
                || (user && uf && !multiple)
                || (!user && all && !multiple)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn records() -> Vec<Map<String, Value>> {
        ["b", "a", "c"]
            .iter()
            .enumerate()
            .map(|(i, t)| {
                json!({"ID": (i + 1).to_string(), "TITLE": t})
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    #[test]
    fn filters_and_orders() {
        let rows = records();
        let call = |p: Value| list(rows.iter(), &p).unwrap();
        let a = call(json!({"filter": {">ID": 1}, "order": {"TITLE": "DESC"}, "select": ["ID"]}));
        assert_eq!(a.result, json!([{"ID": "3"}, {"ID": "2"}]));
        assert_eq!(a.total, Some(2));
        let a = call(json!({"filter": {"%TITLE": "A", "!ID": [3]}, "select": ["ID"]}));
        assert_eq!(a.result, json!([{"ID": "2"}]));
        let a = call(json!({"filter": {"=%title": "%c"}, "select": ["TITLE"]}));
        assert_eq!(a.result, json!([{"TITLE": "c"}]));
    }
}
