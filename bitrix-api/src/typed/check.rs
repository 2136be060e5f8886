//! Checking a filter, order or select against an entity's documented fields before it is
//! sent: what the compiler cannot check (raw JSON, custom field names, OR groups where the
//! method has none) is refused here with [`Error::Query`], naming the field and operator.

use serde_json::{Map, Value};

use super::{Dialect, Entity, FieldInfo, FieldKind};
use crate::wire::Wire;
use crate::Error;

/// REST 2 key prefixes, longest first (the list pages' operators, plus `!%` NOT LIKE and
/// the negated patterns `!=%`, `!%=`).
const PREFIXES: &[&str] = &[
    "!=%", "!%=", ">=", "<=", "!@", "!=", "=%", "%=", "!%", "><", ">", "<", "@", "%", "=", "!",
];

const REST3_OPS: &[&str] = &["=", "!=", ">", ">=", "<", "<=", "in", "between"];

struct Ctx<'a> {
    method: &'a str,
    part: &'static str,
    /// The entity's name, fields method and fields: the checks are compiled once, not per
    /// record type.
    entity: (&'static str, &'static str, &'static [FieldInfo]),
}

impl Ctx<'_> {
    fn err(&self, field: &str, operator: &str, reason: impl Into<String>) -> Error {
        Error::Query {
            method: self.method.to_owned(),
            part: self.part,
            field: field.to_owned(),
            operator: operator.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Checks a filter for `method` (records of `E`) written in `dialect`'s form: every field
/// documented or custom (`UF_*`, `ufCrm*`), every operator one the method knows, LIKE only
/// on text, values of the field's type, `logic` groups only where they exist.
pub fn check_filter<E: Entity>(
    method: &str,
    filter: &Value,
    dialect: Dialect,
) -> Result<(), Error> {
    let cx = Ctx {
        method,
        part: "filter",
        entity: (E::NAME, E::FIELDS_METHOD, E::FIELDS),
    };
    filter_in(&cx, filter, dialect)
}

fn filter_in(cx: &Ctx<'_>, filter: &Value, dialect: Dialect) -> Result<(), Error> {
    match (dialect, filter) {
        (_, Value::Null) => Ok(()),
        (Dialect::Rest3, Value::Array(items)) => items.iter().try_for_each(|c| rest3(cx, c)),
        (Dialect::Rest3, other) => Err(cx.err(
            "",
            "",
            format!("a REST 3.0 filter is a list of conditions, not {other}"),
        )),
        (_, Value::Array(a)) if a.is_empty() => Ok(()),
        (d, Value::Object(map)) => object(cx, map, d),
        (_, other) => Err(cx.err("", "", format!("`filter` must be an object, not {other}"))),
    }
}

fn object(cx: &Ctx<'_>, map: &Map<String, Value>, d: Dialect) -> Result<(), Error> {
    for (key, value) in map {
        if key.eq_ignore_ascii_case("logic") {
            if d != Dialect::Item {
                return Err(cx.err(
                    key,
                    "logic",
                    "this method has no `logic` groups (only crm.item.list has them in REST 2)",
                ));
            }
            match value.as_str().map(str::to_ascii_uppercase).as_deref() {
                Some("OR" | "AND") => continue,
                _ => {
                    return Err(cx.err(key, "logic", format!("`logic` is OR or AND, not {value}")))
                }
            }
        }
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
            if d != Dialect::Item {
                return Err(cx.err(key, "group", "this method has no nested condition groups (two conditions with the same key, or an OR group, need crm.item.list)"));
            }
            match value {
                Value::Object(sub) => object(cx, sub, d)?,
                other => {
                    return Err(cx.err(key, "group", format!("a group is an object, not {other}")))
                }
            }
            continue;
        }
        let op = PREFIXES
            .iter()
            .find(|p| key.starts_with(**p))
            .copied()
            .unwrap_or("");
        let name = &key[op.len()..];
        condition(cx, name, op, value)?;
    }
    Ok(())
}

fn condition(cx: &Ctx<'_>, name: &str, op: &str, value: &Value) -> Result<(), Error> {
    let Some(info) = known(cx, name, op)? else {
        return Ok(()); // a custom field: the portal's schema, not the page's, types it
    };
    let like = matches!(op, "%" | "=%" | "%=" | "!%" | "!=%" | "!%=");
    if like && !info.kind.like() {
        return Err(cx.err(
            name,
            op,
            format!(
                "LIKE does not work on `{}` fields ({:?})",
                info.type_text, info.kind
            ),
        ));
    }
    match (op, value) {
        ("@" | "!@" | "in", Value::Array(items)) => {
            items.iter().try_for_each(|v| fits(cx, info, name, op, v))
        }
        ("@" | "!@" | "in", other) => {
            Err(cx.err(name, op, format!("IN takes a list of values, not {other}")))
        }
        ("between" | "><", Value::Array(pair)) if pair.len() == 2 => {
            pair.iter().try_for_each(|v| fits(cx, info, name, op, v))
        }
        ("between" | "><", other) => {
            Err(cx.err(name, op, format!("a range is two values, not {other}")))
        }
        (_, Value::Array(items)) => items.iter().try_for_each(|v| fits(cx, info, name, op, v)),
        _ if like => match value {
            Value::String(_) => Ok(()),
            other => Err(cx.err(name, op, format!("LIKE takes a string, not {other}"))),
        },
        _ => fits(cx, info, name, op, value),
    }
}

/// The documented field `name`, `None` for a custom field, an error for anything else.
fn known(cx: &Ctx<'_>, name: &str, op: &str) -> Result<Option<&'static FieldInfo>, Error> {
    let (entity, fields_method, fields) = cx.entity;
    if let Some(f) = super::field_in(fields, name) {
        return Ok(Some(f));
    }
    if is_custom(name) {
        return Ok(None);
    }
    Err(cx.err(name, op, format!("{entity} has no field `{name}` ({fields_method} lists its fields; custom fields start with `UF_` or `uf`)")))
}

/// `UF_CRM_1712…`, `UF_…`, `ufCrm_…`, `ufCrm2_…`.
pub(crate) fn is_custom(name: &str) -> bool {
    name.starts_with("UF_")
        || name
            .strip_prefix("uf")
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
}

/// Whether `value` fits the field's type (an empty value always does: it means "not set").
/// `name` is the field as written (`opportunity` for `crm.item.list`).
fn fits(cx: &Ctx<'_>, info: &FieldInfo, name: &str, op: &str, value: &Value) -> Result<(), Error> {
    if value.is_null() || value.as_str() == Some("") {
        return Ok(());
    }
    let ok = match info.kind {
        FieldKind::Integer | FieldKind::Enumeration | FieldKind::File => {
            i64::from_wire(value.clone()).is_ok()
        }
        FieldKind::Decimal => super::Decimal::from_wire(value.clone()).is_ok(),
        FieldKind::Flag => {
            matches!(value, Value::Bool(_))
                || matches!(value.as_str(), Some("Y" | "N" | "0" | "1"))
                || matches!(value.as_i64(), Some(0 | 1))
        }
        FieldKind::Date | FieldKind::DateTime => {
            chrono::DateTime::<chrono::FixedOffset>::from_wire(value.clone()).is_ok()
                || chrono::NaiveDate::from_wire(value.clone()).is_ok()
        }
        FieldKind::String | FieldKind::Status | FieldKind::Multifield | FieldKind::EntityRef => {
            matches!(value, Value::String(_) | Value::Number(_))
        }
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(cx.err(
            name,
            op,
            format!(
                "{value} is not a value of `{}` ({:?})",
                info.type_text, info.kind
            ),
        ))
    }
}

fn rest3(cx: &Ctx<'_>, cond: &Value) -> Result<(), Error> {
    match cond {
        Value::Array(parts) => {
            let (field, op, value) = match parts.as_slice() {
                [Value::String(f), Value::String(op), v] => (f, op.as_str(), v),
                [Value::String(f), v @ Value::Array(_)] => (f, "in", v),
                _ => {
                    return Err(cx.err(
                        "",
                        "",
                        format!("a condition is [field, operator, value], not {cond}"),
                    ))
                }
            };
            if !REST3_OPS.contains(&op) {
                return Err(cx.err(
                    field,
                    op,
                    "not a REST 3.0 operator (=, !=, >, >=, <, <=, in, between)",
                ));
            }
            condition(cx, field, op, value)
        }
        Value::Object(group) => {
            match group
                .get("logic")
                .and_then(Value::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("or" | "and") => {}
                _ => return Err(cx.err("logic", "logic", "a group needs `logic`: \"or\"")),
            }
            match group.get("conditions") {
                Some(Value::Array(items)) => items.iter().try_for_each(|c| rest3(cx, c)),
                _ => Err(cx.err("conditions", "logic", "a group needs a `conditions` list")),
            }
        }
        other => Err(cx.err(
            "",
            "",
            format!("a condition is [field, operator, value], not {other}"),
        )),
    }
}

/// Checks an order: documented or custom fields, `ASC`/`DESC` in any case.
pub fn check_order<E: Entity>(method: &str, order: &Value, _dialect: Dialect) -> Result<(), Error> {
    let cx = Ctx {
        method,
        part: "order",
        entity: (E::NAME, E::FIELDS_METHOD, E::FIELDS),
    };
    order_in(&cx, order)
}

fn order_in(cx: &Ctx<'_>, order: &Value) -> Result<(), Error> {
    match order {
        Value::Null => Ok(()),
        Value::Array(a) if a.is_empty() => Ok(()),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            let dir = v.as_str().map(str::to_ascii_lowercase);
            known(cx, k, dir.as_deref().unwrap_or(""))?;
            match dir.as_deref() {
                Some("asc" | "desc") => Ok(()),
                _ => Err(cx.err(k, "", format!("a direction is ASC or DESC, not {v}"))),
            }
        }),
        other => Err(cx.err("", "", format!("`order` must be an object, not {other}"))),
    }
}

/// Checks a select: `*`, `UF_*`, documented or custom fields, and in REST 3.0 related
/// fields with a dot.
pub fn check_select<E: Entity>(
    method: &str,
    select: &Value,
    dialect: Dialect,
) -> Result<(), Error> {
    let cx = Ctx {
        method,
        part: "select",
        entity: (E::NAME, E::FIELDS_METHOD, E::FIELDS),
    };
    select_in(&cx, select, dialect)
}

fn select_in(cx: &Ctx<'_>, select: &Value, dialect: Dialect) -> Result<(), Error> {
    let items = match select {
        Value::Null => return Ok(()),
        Value::Array(items) => items,
        other => return Err(cx.err("", "", format!("`select` must be a list, not {other}"))),
    };
    items.iter().try_for_each(|item| match item.as_str() {
        Some("*" | "UF_*" | "uf*") => Ok(()),
        Some(p) if dialect == Dialect::Rest3 && p.contains('.') => Ok(()),
        Some(name) => known(cx, name, "").map(drop),
        None => Err(cx.err("", "", format!("a selected field is a name, not {item}"))),
    })
}
