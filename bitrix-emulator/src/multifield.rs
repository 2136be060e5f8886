//! Multi-fields (`PHONE`, `EMAIL`, `WEB`, `IM`), as crm/data-types.md describes
//! `crm_multifield`:
//! - in: a list of `{VALUE, VALUE_TYPE}` (a JSON array or a PHP map);
//! - stored and answered: `[{ID, VALUE_TYPE, VALUE, TYPE_ID}]`, `ID` unique per portal,
//!   `TYPE_ID` the field's name, `VALUE_TYPE` `WORK` when not given;
//! - on update an item with the `ID` of a stored value changes it, or with `DELETE: "Y"`
//!   removes it; items without `ID` are added; values not mentioned stay;
//! - `HAS_PHONE`, `HAS_EMAIL` and `HAS_IMOL` follow (when the record has them);
//! - a filter on a multi-field matches a record when one of its values matches.

use serde_json::{json, Map, Value};

use super::params;

/// The names of the multi-fields.
pub(crate) const MULTIFIELDS: &[&str] = &["PHONE", "EMAIL", "WEB", "IM"];

pub(crate) fn is_multifield(name: &str) -> bool {
    MULTIFIELDS.contains(&name)
}

/// The portal-wide counter of multi-field value IDs.
pub(crate) struct Ids<'a>(pub &'a mut i64);

impl Ids<'_> {
    fn next(&mut self) -> i64 {
        *self.0 += 1;
        *self.0
    }
}

/// The stored values after applying `given` to `old`.
pub(crate) fn merge(old: &Value, given: &Value, type_id: &str, ids: &mut Ids<'_>) -> Value {
    let mut values: Vec<Value> = old.as_array().cloned().unwrap_or_default();
    let Some(items) = params::list(given) else {
        return Value::Array(values);
    };
    for item in items {
        let Some(item) = params::object(item) else {
            continue;
        };
        let item = Value::Object(item);
        let text = |k: &str| params::get(&item, k).and_then(params::text);
        let id = params::get(&item, "ID").and_then(params::int);
        let existing = id.and_then(|id| {
            values
                .iter()
                .position(|v| v.get("ID").and_then(params::int) == Some(id))
        });
        match existing {
            Some(i) if params::flag(params::get(&item, "DELETE")) => {
                values.remove(i);
            }
            Some(i) => {
                if let Some(value) = text("VALUE") {
                    values[i]["VALUE"] = value.into();
                }
                if let Some(kind) = text("VALUE_TYPE") {
                    values[i]["VALUE_TYPE"] = kind.into();
                }
            }
            None => {
                let Some(value) = text("VALUE").filter(|v| !v.is_empty()) else {
                    continue;
                };
                values.push(json!({
                    "ID": ids.next().to_string(),
                    "VALUE_TYPE": text("VALUE_TYPE").unwrap_or_else(|| "WORK".into()),
                    "VALUE": value,
                    "TYPE_ID": type_id,
                }));
            }
        }
    }
    Value::Array(values)
}

/// `HAS_PHONE`, `HAS_EMAIL`, `HAS_IMOL` from the stored values.
pub(crate) fn sync_flags(record: &mut Map<String, Value>) {
    let has = |record: &Map<String, Value>, field: &str, kind: Option<&str>| {
        record
            .get(field)
            .and_then(Value::as_array)
            .is_some_and(|values| {
                values.iter().any(|v| {
                    kind.is_none_or(|k| v.get("VALUE_TYPE").and_then(Value::as_str) == Some(k))
                })
            })
    };
    for (flag, field, kind) in [
        ("HAS_PHONE", "PHONE", None),
        ("HAS_EMAIL", "EMAIL", None),
        ("HAS_IMOL", "IM", Some("IMOL")),
    ] {
        if record.contains_key(flag) {
            let yes = has(record, field, kind);
            record.insert(flag.into(), if yes { "Y" } else { "N" }.into());
        }
    }
}

/// A multi-field's `VALUE`s, when `v` is a stored multi-field (a list of `{VALUE, …}`).
pub(crate) fn values(v: &Value) -> Option<Vec<&Value>> {
    let items = v.as_array()?;
    items
        .iter()
        .map(|i| i.get("VALUE"))
        .collect::<Option<Vec<&Value>>>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_update_delete_by_id() {
        let mut n = 0;
        let mut ids = Ids(&mut n);
        let v = merge(
            &Value::Null,
            &json!([{"VALUE": "+1", "VALUE_TYPE": "MOBILE"}, {"VALUE": "+2"}]),
            "PHONE",
            &mut ids,
        );
        assert_eq!(
            v,
            json!([
                {"ID": "1", "VALUE_TYPE": "MOBILE", "VALUE": "+1", "TYPE_ID": "PHONE"},
                {"ID": "2", "VALUE_TYPE": "WORK", "VALUE": "+2", "TYPE_ID": "PHONE"},
            ])
        );
        let v = merge(
            &v,
            &json!({"0": {"ID": "1", "VALUE": "+10"}, "1": {"ID": 2, "DELETE": "Y"}, "2": {"VALUE": "+3"}}),
            "PHONE",
            &mut ids,
        );
        let values: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["VALUE"].as_str().unwrap())
            .collect();
        assert_eq!(values, ["+10", "+3"]);
        assert_eq!(v[1]["ID"], "3");

        let mut record = json!({"PHONE": v, "EMAIL": null, "HAS_PHONE": "N", "HAS_EMAIL": "Y"})
            .as_object()
            .unwrap()
            .clone();
        sync_flags(&mut record);
        assert_eq!(
            (record["HAS_PHONE"].as_str(), record["HAS_EMAIL"].as_str()),
            (Some("Y"), Some("N"))
        );
        assert!(!record.contains_key("HAS_IMOL"));
    }
}
