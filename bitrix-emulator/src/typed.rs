//! Values written to typed fields (`add`, `update`), checked and kept as the portal
//! keeps them, by the field's type from the entity's pages:
//! - `double` (money: `OPPORTUNITY`, `TAX_VALUE`): a number, answered with the decimals
//!   the `get` page's example shows (`"1000000.00"`: `4925` → `"4925.00"`), two when it
//!   shows none;
//! - `integer`: a whole number;
//! - `date`: a day, answered as its midnight (`2024-05-03T00:00:00+00:00`);
//! - `datetime`: a moment, answered in the portal's time zone (`+00:00`);
//! - the camelCase entities (`crm.item`) keep numbers as JSON numbers;
//! - files (`file`, `diskfile`, `attached_diskfile`) written in the upload form
//!   (`["name", "<base64>"]`, `{"fileData": […]}`) are kept as the stored file the portal
//!   answers (`typed_files.rs`).
//!
//! An empty value (`""`, `null`) clears the field and is kept as given. A value that does
//! not read as its type (`OPPORTUNITY: "lots"`) is refused as the pages document it:
//! 400 with an empty code and `Invalid value for the "Amount" field` (crm.deal.add, the
//! field's title), and for `crm.item.*` 400 `CRM_FIELD_ERROR_VALUE_NOT_VALID` with
//! `Invalid value for field "Amount"`. Other types are kept as given.

use serde_json::{Map, Value};

use crate::answer::ApiError;
use crate::filter::compare::{self, Read};
use crate::filter::time;
use crate::filter::Kind;
use crate::schema::{Schema, SchemaField};

#[path = "typed_files.rs"]
mod files;

/// `given` with the values of typed fields as the portal keeps them; the first value
/// that does not read as its field's type is the error (`item_errors`: as `crm.item.*`
/// words it).
pub(crate) fn prepare(
    schema: &Schema,
    given: &Map<String, Value>,
    item_errors: bool,
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    for (key, value) in given {
        let kept = match schema.field(key).filter(|f| !f.read_only) {
            Some(f) => keep(schema.camel, f, value).ok_or_else(|| refused(f, item_errors))?,
            None => value.clone(),
        };
        out.insert(key.clone(), kept);
    }
    Ok(out)
}

fn refused(f: &SchemaField, item_errors: bool) -> ApiError {
    let title = if f.title.is_empty() {
        &f.name
    } else {
        &f.title
    };
    if item_errors {
        ApiError::new(
            400,
            "CRM_FIELD_ERROR_VALUE_NOT_VALID",
            format!("Invalid value for field \"{title}\""),
        )
    } else {
        ApiError::crm(format!("Invalid value for the \"{title}\" field"))
    }
}

/// The types checked here (`Kind::Int` also covers `user`, `crm_*` links, which are left
/// as given).
fn checked(f: &SchemaField) -> Option<Kind> {
    match f.type_name.as_str() {
        "integer" | "int" | "double" | "date" | "datetime" => Some(Kind::of_field(f)),
        _ => None,
    }
}

/// One value as kept; `None` when it does not read as the field's type.
fn keep(camel: bool, f: &SchemaField, value: &Value) -> Option<Value> {
    if files::is_file(&f.type_name) {
        return Some(files::stored(
            f.multiple || f.type_name == "attached_diskfile",
            value,
        ));
    }
    let Some(kind) = checked(f) else {
        return Some(value.clone());
    };
    if let Value::Array(items) = value {
        return items
            .iter()
            .map(|v| keep(camel, f, v))
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    match compare::read(kind, value) {
        Read::Empty => Some(value.clone()),
        Read::Num(n) if kind == Kind::Int => Some(if camel {
            Value::from(n as i64)
        } else {
            Value::String((n as i64).to_string())
        }),
        Read::Num(n) if camel => Some(if n.fract() == 0.0 && n.abs() < 1e15 {
            Value::from(n as i64)
        } else {
            serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
        }),
        Read::Num(n) => Some(Value::String(format!("{n:.*}", decimals(f)))),
        Read::Time(t) if kind == Kind::Date => Some(Value::String(time::date(t))),
        Read::Time(t) => Some(Value::String(time::datetime(t))),
        Read::Text(_) | Read::Invalid => None,
    }
}

/// The decimals the `get` page's example shows for the field (`"1000000.00"`: 2).
fn decimals(f: &SchemaField) -> usize {
    match &f.shown {
        Some(Value::String(s)) => s.split_once('.').map_or(2, |(_, d)| d.len()),
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bitrix_docs::FieldType;
    use serde_json::json;

    fn field(name: &str, type_name: &str, title: &str) -> SchemaField {
        SchemaField {
            name: name.into(),
            ty: FieldType::Any,
            type_name: type_name.into(),
            title: title.into(),
            required: false,
            read_only: false,
            multiple: false,
            default: None,
            template: None,
            writable: true,
            shown: None,
            assigned: None,
        }
    }

    fn schema(camel: bool) -> Schema {
        Schema {
            entity: "crm.deal".into(),
            fields: vec![
                field("OPPORTUNITY", "double", "Amount"),
                field("PROBABILITY", "integer", "Probability"),
                field("BEGINDATE", "date", "Start Date"),
                field("CLOSED_AT", "datetime", "Closed"),
                field("TITLE", "string", "Title"),
            ],
            camel,
            by_type: false,
        }
    }

    #[test]
    fn typed_values_are_kept_as_the_portal_keeps_them() {
        let given = json!({"OPPORTUNITY": 4925, "PROBABILITY": "99", "BEGINDATE": "01.05.2024",
            "CLOSED_AT": "2024-05-03T19:19:01+02:00", "TITLE": 5, "OTHER": "x"});
        let kept = prepare(&schema(false), given.as_object().unwrap(), false).unwrap();
        assert_eq!(kept["OPPORTUNITY"], "4925.00");
        assert_eq!(kept["PROBABILITY"], "99");
        assert_eq!(kept["BEGINDATE"], "2024-05-01T00:00:00+00:00");
        assert_eq!(kept["CLOSED_AT"], "2024-05-03T17:19:01+00:00");
        assert_eq!(kept["TITLE"], 5);
        let camel = prepare(&schema(true), given.as_object().unwrap(), true).unwrap();
        assert_eq!(camel["OPPORTUNITY"], 4925);
    }

    #[test]
    fn unreadable_values_are_refused_with_the_documented_error() {
        let given = json!({"OPPORTUNITY": "lots"});
        let e = prepare(&schema(false), given.as_object().unwrap(), false).unwrap_err();
        assert_eq!((e.status, e.code.as_str()), (400, ""));
        assert_eq!(e.description, "Invalid value for the \"Amount\" field");
        let e = prepare(&schema(false), given.as_object().unwrap(), true).unwrap_err();
        assert_eq!(e.code, "CRM_FIELD_ERROR_VALUE_NOT_VALID");
        let ok = json!({"OPPORTUNITY": "", "PROBABILITY": null});
        assert!(prepare(&schema(false), ok.as_object().unwrap(), false).is_ok());
    }
}
