//! What a new record holds beside what the caller wrote: every field `null` until set
//! (`blank`), the documented defaults, the values the portal picks itself (`assign`),
//! the stamps only the portal writes (`stamp`), and the checks of `add`'s nested tables.

use bitrix_docs::{Field, FieldType};
use serde_json::{json, Map, Value};

use super::answer::ApiError;
use super::clock::datetime;
use super::methods::Env;
use super::params;
use super::schema::Schema;
use super::state::UserField;

/// The required markers of `add`'s nested tables, each inside its own object: a given
/// `relations.parent[]` element without `entityTypeId` is refused (crm.type.add), while
/// the record's own `entityTypeId` may be left out. Objects not given are not checked; a
/// map by key (`LANG`) has each of its values checked.
pub(crate) fn nested_required(
    env: &Env<'_>,
    schema: &Schema,
    given: &Map<String, Value>,
) -> Result<(), ApiError> {
    let Some(add) = env.catalog.get(&format!("{}.add", schema.entity)) else {
        return Ok(());
    };
    let objects: Vec<Field> = super::schema::add_fields(add)
        .iter()
        .filter(|f| {
            let inner = match &f.ty {
                FieldType::Array(inner) => inner.as_ref(),
                ty => ty,
            };
            matches!(inner, FieldType::Object(_))
        })
        .cloned()
        .collect();
    for f in &objects {
        // crm.currency.add's `LANG` is a map by language whose values the table
        // describes (`{"en": {"DECIMALS": 2, …}}`): each value is checked.
        if let (FieldType::Object(inner), Some(Value::Object(map))) =
            (&f.ty, super::listing::field(given, &f.name))
        {
            let by_key = !map.is_empty()
                && map.values().all(Value::is_object)
                && !inner.iter().any(|i| map.contains_key(&i.name));
            if by_key {
                for (key, value) in map {
                    let value = value.as_object().cloned().unwrap_or_default();
                    super::example::check(inner, &value, &format!("{}.{key}.", f.name))?;
                }
                continue;
            }
        }
        super::example::check(std::slice::from_ref(f), given, "")?;
    }
    Ok(())
}

/// Where the record itself has a `fields` object (crm.activity.configurable.get:
/// `{id, ownerTypeId, fields: {typeId, completed, …}, layout}`), the given `fields` are
/// kept there, merged over what it held, typed as the record holds them.
pub(crate) fn nest_fields(
    schema: &Schema,
    record: &mut Map<String, Value>,
    given: &Map<String, Value>,
) {
    if !schema.fields.iter().any(|f| f.name == "fields") || given.is_empty() {
        return;
    }
    let mut nested = match record.remove("fields") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    // Each as the record holds it, typed (`completed: "N"` is `false` there).
    nested.extend(given.iter().map(|(k, v)| {
        let typed = record.get(k).filter(|t| !t.is_null()).unwrap_or(v);
        (k.clone(), typed.clone())
    }));
    record.insert("fields".into(), Value::Object(nested));
}

/// The values the portal picks for the fields `add` left out that every record has
/// (crm.type.add without `entityTypeId`: the first free even number from 1030, as the
/// page documents); see [`super::schema::Sequence`].
pub(crate) fn assign(env: &Env<'_>, schema: &Schema, table: &str, record: &mut Map<String, Value>) {
    for f in &schema.fields {
        let Some(seq) = f.assigned.filter(|_| is_blank(record.get(&f.name))) else {
            continue;
        };
        let taken: Vec<i64> = env
            .crm
            .rows(table)
            .filter_map(|(_, r)| r.get(&f.name).and_then(params::int))
            .collect();
        let mut value = seq.from;
        while taken.contains(&value) {
            value = value.saturating_add(seq.step.max(1));
        }
        record.insert(f.name.clone(), number(schema, value));
    }
}

/// Every schema field and user field, `null`.
/// A flag only the portal sets (not in `add`'s `fields`, e.g. a document's
/// `changeQrCodeEnabled`) starts as the page's example shows it: the pages document flags
/// as always present, so `null` is no portal's answer.
pub(crate) fn blank(schema: &Schema, ufs: &[UserField]) -> Map<String, Value> {
    let mut record = Map::new();
    for f in &schema.fields {
        let flag = matches!(f.ty, FieldType::Boolean | FieldType::YesNo) || f.type_name == "char";
        // A record the caller makes is not a system one (`SYSTEM: N` for a user-made
        // status), whatever the example shows of the portal's own.
        let system = ["SYSTEM", "IS_SYSTEM", "isSystem"].contains(&f.name.as_str());
        let start = match &f.shown {
            Some(Value::Bool(_)) if system => Value::Bool(false),
            Some(Value::String(_)) if system => Value::String("N".into()),
            Some(v @ (Value::Bool(_) | Value::String(_))) if flag && !f.writable => v.clone(),
            _ => Value::Null,
        };
        record.insert(f.name.clone(), start);
    }
    for uf in ufs {
        record.insert(uf.name().to_owned(), Value::Null);
    }
    record
}

pub(crate) fn number(schema: &Schema, n: i64) -> Value {
    if schema.camel {
        n.into()
    } else {
        n.to_string().into()
    }
}

pub(crate) fn default_value(schema: &Schema, d: &str) -> Value {
    if schema.camel {
        if let Ok(n) = d.parse::<i64>() {
            return n.into();
        }
        if let Ok(x) = d.parse::<f64>() {
            return json!(x);
        }
    }
    Value::String(d.to_owned())
}

/// The fields only the portal writes.
pub(crate) fn stamp(
    schema: &Schema,
    record: &mut Map<String, Value>,
    id: i64,
    user: i64,
    now: f64,
    created: bool,
) {
    let date = Value::String(datetime(now));
    let names: [&str; 5] = if schema.camel {
        ["id", "createdTime", "updatedTime", "createdBy", "updatedBy"]
    } else {
        [
            "ID",
            "DATE_CREATE",
            "DATE_MODIFY",
            "CREATED_BY_ID",
            "MODIFY_BY_ID",
        ]
    };
    if created {
        record.insert(names[0].into(), number(schema, id));
        record.insert(names[1].into(), date.clone());
        record.insert(names[3].into(), number(schema, user));
    }
    record.insert(names[2].into(), date);
    record.insert(names[4].into(), number(schema, user));
}

/// Whether a value counts as not given (`null`, `""`, `[]`).
pub(crate) fn is_blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The objects of `add`'s table as the portal keeps them (crm.type.add's `relations`):
/// flags a nested table types `boolean`, sent as `"true"` / `"false"` as the page asks,
/// are kept as `Y` / `N`, as its example answer shows them. (Nested defaults are not
/// filled in: `linkedUserFields`' keys, `CALENDAR_EVENT|UF_CRM_CAL_EVENT`, reach the
/// model cut at the `|`.)
pub(crate) fn nested_flags(env: &Env<'_>, schema: &Schema, record: &mut Map<String, Value>) {
    let Some(add) = env.catalog.get(&format!("{}.add", schema.entity)) else {
        return;
    };
    for f in super::schema::add_fields(add) {
        if let Some(v) = record.get_mut(&f.name) {
            if v.is_object() || v.is_array() {
                yes_no(&f.ty, v);
            }
        }
    }
}

fn yes_no(ty: &FieldType, v: &mut Value) {
    match (ty, v) {
        (FieldType::Array(inner), Value::Array(items)) => {
            for item in items {
                yes_no(inner, item);
            }
        }
        (FieldType::Object(fields), Value::Object(map)) => {
            for f in fields {
                let flag = f.ty == FieldType::Boolean;
                match map.get_mut(&f.name) {
                    Some(Value::String(s)) if flag && matches!(s.as_str(), "true" | "false") => {
                        *s = if s == "true" { "Y" } else { "N" }.into();
                    }
                    Some(inner) => yes_no(&f.ty, inner),
                    None => {}
                }
            }
        }
        _ => {}
    }
}

/// A field the `get` page's example shows as an object of the record's own fields
/// (biconnector.source.get: `connection: {id, title, description, active, …}` is the source
/// itself), left empty by the store: filled from the record, each key by its name in any
/// style, else the example's value. An object sharing fewer than two keys with the record
/// is something else, and stays as it is.
pub(crate) fn views(schema: &Schema, record: &mut Map<String, Value>) {
    use super::flat::same_name;
    for f in &schema.fields {
        let Some(Value::Object(shown)) = &f.shown else {
            continue;
        };
        if !record.get(&f.name).is_none_or(Value::is_null) {
            continue;
        }
        let own = |k: &str| {
            record
                .iter()
                .find(|(r, v)| *r != &f.name && same_name(r, k) && !v.is_null())
                .map(|(_, v)| v.clone())
        };
        let found: Vec<(&String, Option<Value>)> = shown.keys().map(|k| (k, own(k))).collect();
        if found.iter().filter(|(_, v)| v.is_some()).count() < 2 {
            continue;
        }
        let view: Map<String, Value> = found
            .into_iter()
            .zip(shown.values())
            .map(|((k, v), example)| (k.clone(), v.unwrap_or_else(|| example.clone())))
            .collect();
        record.insert(f.name.clone(), Value::Object(view));
    }
}
