//! A flat family's record as its reads answer it: the keys of the page's example record,
//! each the value written (in the type the example shows) or the portal's own.

use serde_json::{Map, Value};

use bitrix_docs::{FieldType, MethodSpec};

use super::{AUTHOR_KEY, CREATED_KEY};
use crate::clock::{datetime, iso_utc};
use crate::listing;
use crate::methods::Env;
use crate::params;
use crate::schema::example_result;

/// Fields a family's reads name otherwise than its `add` (calendar.event.add's `from`
/// is read back as `DATE_FROM`): (as read, as given).
const READ_AS: &[(&str, &str)] = &[
    ("CAL_TYPE", "type"),
    ("OWNER_ID", "ownerId"),
    ("DATE_FROM", "from"),
    ("DATE_TO", "to"),
    ("SECTION_ID", "section"),
    ("SKIP_TIME", "skip_time"),
    ("TZ_FROM", "timezone_from"),
    ("TZ_TO", "timezone_to"),
    ("PRIVATE_EVENT", "private_event"),
    ("IS_MEETING", "is_meeting"),
];

/// The example record the family's reads show: `get`'s (unwrapped), else `list`'s first.
pub(crate) fn template(get: Option<&MethodSpec>, list: Option<&MethodSpec>) -> Map<String, Value> {
    let unwrap = |v: Value| -> Option<Map<String, Value>> {
        match v {
            Value::Object(m) if m.len() == 1 => match m.into_iter().next() {
                Some((_, Value::Object(inner))) => Some(inner),
                Some((_, Value::Array(items))) => match items.into_iter().next() {
                    Some(Value::Object(first)) => Some(first),
                    _ => None,
                },
                Some((k, v)) => Some(Map::from_iter([(k, v)])),
                None => None,
            },
            Value::Object(m) => Some(m),
            Value::Array(items) => match items.into_iter().next() {
                Some(Value::Object(first)) => Some(first),
                _ => None,
            },
            _ => None,
        }
    };
    get.and_then(example_result)
        .and_then(unwrap)
        .or_else(|| list.and_then(example_result).and_then(unwrap))
        .unwrap_or_default()
}

/// Adds to `template` the fields a family's `fields` page names when that page answers
/// names only (`user.fields`: code → label, which bitrix-docs types as a map of strings):
/// each one the example record lacks is read back unset, as `""`, the way `user.current`'s
/// example shows unset fields (`"PERSONAL_GENDER": ""`). A `fields` page that describes its
/// fields (`crm.*.fields`: code → object) adds nothing.
pub(crate) fn with_named_fields(template: &mut Map<String, Value>, fields: Option<&MethodSpec>) {
    let Some(fields) = fields else {
        return;
    };
    if fields.response.ty != FieldType::Map(Box::new(FieldType::String)) {
        return;
    }
    let Some(Value::Object(named)) = example_result(fields) else {
        return;
    };
    for k in named.keys() {
        if !template.keys().any(|t| same_name(t, k)) {
            template.insert(k.clone(), Value::String(String::new()));
        }
    }
}

/// A stored record as the family's reads answer it.
pub(crate) fn read(
    env: &Env<'_>,
    table: &str,
    id: i64,
    template: &Map<String, Value>,
) -> Map<String, Value> {
    let Some(record) = env.crm.record(table, id) else {
        return Map::new();
    };
    let created = record
        .get(CREATED_KEY)
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let author = record.get(AUTHOR_KEY).and_then(params::int).unwrap_or(0);
    let mut out = Map::new();
    for (k, shown) in template {
        let written = listing::field(record, k)
            .or_else(|| {
                let (_, given) = READ_AS.iter().find(|(read, _)| read == k)?;
                listing::field(record, given)
            })
            .or_else(|| {
                // Given in the request's case, read in the answer's: `LANG_ALL` → `langAll`.
                let (_, v) = record.iter().find(|(w, _)| same_name(w, k))?;
                Some(v)
            });
        let value = match written {
            Some(v) => as_shown(v, shown),
            None => portal_value(k, shown, id, created, author),
        };
        out.insert(k.clone(), value);
    }
    for (k, v) in record {
        if !k.starts_with('\u{0}') && !out.keys().any(|o| same_name(o, k)) {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// A written value read back as the portal keeps it, in the type the example shows: a
/// number given where it shows text is text (`section: 21` → `"SECTION_ID": "21"`), a
/// `Y`/`N` flag where it shows a boolean is one (`fields.completed: "N"` → `false`), and so
/// within an object the example shows.
fn as_shown(written: &Value, shown: &Value) -> Value {
    match (written, shown) {
        (Value::Number(n), Value::String(_)) => Value::String(n.to_string()),
        (Value::String(flag), Value::Bool(_)) if flag == "Y" || flag == "N" => {
            Value::Bool(flag == "Y")
        }
        (Value::Object(w), Value::Object(s)) => Value::Object(
            w.iter()
                .map(|(k, v)| {
                    let v = s
                        .get(k)
                        .map_or_else(|| v.clone(), |shown| as_shown(v, shown));
                    (k.clone(), v)
                })
                .collect(),
        ),
        _ => written.clone(),
    }
}

/// A field of a record as read, by its name in any style (`ownerId` finds `OWNER_ID`).
pub(super) fn field<'a>(record: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    listing::field(record, key).or_else(|| {
        record
            .iter()
            .find(|(k, _)| same_name(k, key))
            .map(|(_, v)| v)
    })
}

/// Whether two field names are one name written in two styles: `USER_ID`, `userId`,
/// `user_id`.
/// Compared letter by letter, allocating nothing: `read` asks it for every field of every
/// record it reads.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| *c != '_')
            .map(|c| c.to_ascii_lowercase())
    }
    letters(a).eq(letters(b))
}

/// The portal's value of a field the caller did not write: its number, creation time or
/// author where the field is one of those, else the example's value.
pub(super) fn portal_value(key: &str, shown: &Value, id: i64, created: f64, author: i64) -> Value {
    let like = |n: i64| match shown {
        Value::String(_) => Value::String(n.to_string()),
        _ => n.into(),
    };
    match key {
        "ID" | "id" => like(id),
        // `TIMESTAMP_X`: when the record was last written (a date-time field, as
        // `user.get`'s filter section says, where its example shows `{}`).
        "DATE_CREATE" | "createdTime" | "CREATED_TIME" | "TIMESTAMP_X" => {
            if key == "createdTime" {
                Value::String(iso_utc(created))
            } else {
                Value::String(datetime(created))
            }
        }
        "CREATED_BY_ID" | "CREATED_BY" | "MODIFIED_BY" | "createdBy" | "createdById"
        | "AUTHOR_ID" => like(author),
        _ => shown.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn written_values_take_the_type_the_example_shows() {
        assert_eq!(as_shown(&json!(21), &json!("7")), json!("21"));
        assert_eq!(as_shown(&json!("N"), &json!(true)), json!(false));
        assert_eq!(as_shown(&json!("Y"), &json!(false)), json!(true));
        // Only letters that are flags; nothing else is guessed.
        assert_eq!(as_shown(&json!("maybe"), &json!(true)), json!("maybe"));
        assert_eq!(as_shown(&json!("16"), &json!(1)), json!("16"));
        assert_eq!(
            as_shown(
                &json!({"completed": "N", "extra": "Y", "n": 3}),
                &json!({"completed": false, "n": "0"})
            ),
            json!({"completed": false, "extra": "Y", "n": "3"})
        );
    }

    #[test]
    fn one_name_in_two_styles() {
        assert!(same_name("LANG_ALL", "langAll"));
        assert!(same_name("USER_ID", "userId"));
        assert!(same_name("ownerId", "OWNER_ID"));
        assert!(!same_name("USER_ID", "user"));
        let record: Map<String, Value> = json!({"OWNER_ID": 1}).as_object().cloned().unwrap();
        assert_eq!(field(&record, "ownerId"), Some(&json!(1)));
    }
}
