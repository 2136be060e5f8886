//! The entity store's answers in the shapes their pages show: the wrapper a record is
//! answered in (`{"item": …}`, `{"categories": […]}`), what `add` and `delete` answer
//! (`true` where the example shows `true`, `null` where it shows `null`), and the `*.fields`
//! descriptions, with the keys the page's example gives a field beyond the common seven
//! (`statusType`, `settings`, `upperName`, `isDeprecated`, …: copied from the example).

use bitrix_docs::FieldType;
use serde_json::{json, Map, Value};

use super::methods::Env;
use super::schema::{example_result, Schema};

/// The field a page wraps the record (or, for `list`, the records) in: its `result` is
/// documented, or shown in its success example, as an object of that one field —
/// `crm.item.add` → `{"item": {…}}`, `crm.category.add` → `{"category": {…}}`,
/// `crm.category.list` → `{"categories": […]}`. `None`: the record itself (`get`,
/// `list`), its id (`add`) or `true` (`update`). `crm.item` wraps even where its page does
/// not say.
pub(crate) fn wrapper(env: &Env<'_>, schema: &Schema, op: &str) -> Option<String> {
    let list = op == "list";
    if !list && !matches!(op, "add" | "get" | "update") {
        return None;
    }
    let spec = env.catalog.get(&format!("{}.{op}", schema.entity));
    let documented = spec.and_then(|spec| match &spec.response.ty {
        FieldType::Object(fields) => match fields.as_slice() {
            [only] => match &only.ty {
                FieldType::Array(inner) if list => {
                    matches!(**inner, FieldType::Object(_) | FieldType::Any)
                }
                FieldType::Object(_) | FieldType::Any => !list,
                _ => false,
            }
            .then(|| only.name.clone()),
            _ => None,
        },
        _ => None,
    });
    // Pages that describe the wrapped record's fields as `result`'s own still show the
    // wrapper in their example.
    let shown = || {
        let mut result = example_result(spec?)?;
        // crm.activity.configurable.add's example closes `result` after `time`.
        if let Some(map) = result.as_object_mut() {
            map.remove("time");
        }
        match result {
            Value::Object(map) if map.len() == 1 => map
                .into_iter()
                // A list may be shown as a PHP map by id (`{"templates": {"39": {…}}}`).
                .find(|(_, v)| v.is_object() || (list && v.is_array()))
                .map(|(k, _)| k),
            _ => None,
        }
    };
    let classic = || {
        schema
            .by_type
            .then(|| if list { "items" } else { "item" }.to_owned())
    };
    documented.or_else(shown).or_else(classic)
}

/// `*.fields`: a description per schema field and user field.
/// The `*.fields` answer, wrapped in `{"fields": …}` where the page's answer is
/// (crm.item.fields, crm.type.fields, crm.category.fields, crm.item.productrow.fields).
pub(crate) fn fields_answer(env: &Env<'_>, schema: &Schema, table: Option<&str>) -> Value {
    let wrapped = env
        .catalog
        .get(&format!("{}.fields", schema.entity))
        .is_some_and(|spec| match &spec.response.ty {
            FieldType::Object(outer) => {
                matches!(outer.as_slice(), [only] if only.name == "fields" && only.ty == FieldType::FieldMap)
            }
            _ => false,
        });
    let descriptions = fields(env, schema, table);
    if wrapped {
        json!({ "fields": descriptions })
    } else {
        descriptions
    }
}

/// The descriptions the `*.fields` page's example gives, by field name.
fn shown_descriptions(env: &Env<'_>, schema: &Schema) -> Map<String, Value> {
    let shown = env
        .catalog
        .get(&format!("{}.fields", schema.entity))
        .and_then(|spec| example_result(spec));
    match shown {
        Some(Value::Object(mut m)) => match m.remove("fields") {
            Some(Value::Object(inner)) if m.is_empty() => inner,
            Some(other) => {
                m.insert("fields".into(), other);
                m
            }
            None => m,
        },
        _ => Map::new(),
    }
}

fn fields(env: &Env<'_>, schema: &Schema, table: Option<&str>) -> Value {
    let shown = shown_descriptions(env, schema);
    let mut out = Map::new();
    for f in &schema.fields {
        let mut description = json!({
                "type": f.type_name,
                "isRequired": f.required,
                "isReadOnly": f.read_only,
                "isImmutable": false,
                "isMultiple": f.multiple,
                "isDynamic": false,
                "title": if f.title.is_empty() { f.name.clone() } else { f.title.clone() },
        });
        // The keys only some fields have (`statusType`, `settings`, `upperName`, …).
        if let (Some(Value::Object(example)), Some(d)) =
            (shown.get(&f.name), description.as_object_mut())
        {
            for (k, v) in example {
                d.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        out.insert(f.name.clone(), description);
    }
    let own = table.filter(|t| *t != schema.entity);
    let ufs = env
        .crm
        .userfields
        .iter()
        .filter(|u| u.entity == schema.entity || Some(u.entity.as_str()) == own);
    for uf in ufs {
        let text = |k: &str| uf.record.get(k).cloned().unwrap_or(Value::Null);
        // The title is the field's label where it has one (crm.item.fields' example).
        let title = match uf.record.get("EDIT_FORM_LABEL") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => uf.name().to_owned(),
        };
        let mut description = json!({
            "type": text("USER_TYPE_ID"),
            "isRequired": uf.flag("MANDATORY"),
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": uf.flag("MULTIPLE"),
            "isDynamic": true,
            "title": title,
        });
        // A smart process's fields carry their upper-case name, settings and list values
        // (crm.item.fields' example: `upperName`, `settings`, `items`).
        if let (Some(_), Some(d)) = (own, description.as_object_mut()) {
            if let Some(upper) = uf.record.get("UPPER_NAME") {
                d.insert("upperName".into(), upper.clone());
            }
            d.insert("settings".into(), text("SETTINGS"));
            if let Some(Value::Array(list)) = uf.record.get("LIST") {
                d.insert("items".into(), Value::Array(list.clone()));
            }
        }
        out.insert(uf.name().to_owned(), description);
    }
    Value::Object(out)
}

/// What `add` answers when the page wraps nothing: `true` where its example shows a flag
/// (crm.address.add, crm.activity.type.add), the new record where it shows one, else the
/// new record's id (or code).
pub(crate) fn added(
    env: &Env<'_>,
    schema: &Schema,
    id: Value,
    record: &serde_json::Map<String, Value>,
) -> Value {
    let shown = env
        .catalog
        .get(&format!("{}.add", schema.entity))
        .and_then(|spec| example_result(spec));
    match shown {
        Some(Value::Bool(_)) => true.into(),
        // The new record itself (`tasks.api.scrum.sprint.add` → `{"id": 1, "name": …}`).
        Some(Value::Object(m)) if m.len() > 1 => Value::Object(record.clone()),
        _ => id,
    }
}

/// What `delete` answers: what its example shows (`true`, `null`, `[]`); `crm.item`
/// answers `[]`, the rest `true`.
pub(crate) fn deleted(env: &Env<'_>, schema: &Schema) -> Value {
    let shown = env
        .catalog
        .get(&format!("{}.delete", schema.entity))
        .and_then(|spec| example_result(spec))
        .filter(|r| r.is_null() || r.is_boolean() || r.as_array().is_some_and(Vec::is_empty));
    shown.unwrap_or_else(|| {
        if schema.by_type {
            json!([])
        } else {
            true.into()
        }
    })
}

/// A wrapped list as its page shows it: a PHP map by id where the example shows one
/// (`crm.documentgenerator.template.list` → `{"templates": {"39": {…}}}`), else the list.
pub(crate) fn by_id(env: &Env<'_>, schema: &Schema, records: Value) -> Value {
    let shown = env
        .catalog
        .get(&format!("{}.list", schema.entity))
        .and_then(|spec| example_result(spec));
    let map_by_id = match shown {
        Some(Value::Object(m)) if m.len() == 1 => m.values().next().is_some_and(|v| {
            v.as_object().is_some_and(|inner| {
                !inner.is_empty() && inner.keys().all(|k| k.parse::<i64>().is_ok())
            })
        }),
        _ => false,
    };
    match records {
        Value::Array(items) if map_by_id => Value::Object(
            items
                .into_iter()
                .map(|r| {
                    let id = r
                        .get("id")
                        .or_else(|| r.get("ID"))
                        .map_or(String::new(), |v| {
                            super::params::text(v).unwrap_or_default()
                        });
                    (id, r)
                })
                .collect(),
        ),
        other => other,
    }
}

/// What the portal adds inside an object the caller gave, as `add`'s example shows it: the
/// keys of the example's nested object the caller left out
/// (`documentgenerator.document.add`: `values` gains `stampsEnabled`, `_creationMethod`).
pub(crate) fn fill_nested(env: &Env<'_>, schema: &Schema, record: &mut Map<String, Value>) {
    let Some(mut shown) = env
        .catalog
        .get(&format!("{}.add", schema.entity))
        .and_then(|spec| example_result(spec))
    else {
        return;
    };
    if let Some(key) = wrapper(env, schema, "add") {
        shown = shown.get(&key).cloned().unwrap_or(Value::Null);
    }
    if let Value::Object(shown) = shown {
        fill_from(record, &shown, true);
    }
}

/// Fills the objects of `record` (and the records of its lists) from those of `shown`; at
/// the top (`top`) only descends,
/// since the record's own fields are the family's business.
fn fill_from(record: &mut Map<String, Value>, shown: &Map<String, Value>, top: bool) {
    for (key, example) in shown {
        match (record.get_mut(key), example) {
            (Some(Value::Object(inner)), Value::Object(example)) => {
                fill_from(inner, example, false)
            }
            // A list of records (crm.type.add's `relations.parent`): each from the
            // example's first (its `isPredefined`).
            (Some(Value::Array(items)), Value::Array(examples)) if !top => {
                if let Some(Value::Object(example)) = examples.first() {
                    for item in items.iter_mut() {
                        if let Value::Object(item) = item {
                            fill_from(item, example, false);
                        }
                    }
                }
            }
            (None, _) if !top => {
                record.insert(key.clone(), example.clone());
            }
            _ => {}
        }
    }
}
