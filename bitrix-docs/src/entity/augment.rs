//! Fields an entity's get or list page documents in its own answer table that its fields
//! page leaves out (`ROLE_ID` of `crm.lead.contact.items.get`): added to the entity, so one
//! record type holds everything any of its pages documents and nothing moves to `extra`.

use serde_json::Value;

use crate::model::{Field, FieldType, MethodSpec};

use super::{Entity, EntityField, FieldKind, RecordLink};

/// Adds to each entity the answer fields of its linked methods it lacks (by name in either
/// case), typed from the answer table: every linked page, in method order.
pub(super) fn from_answers(entities: &mut [Entity], links: &[RecordLink], methods: &[&MethodSpec]) {
    for link in links {
        let Some(spec) = methods
            .iter()
            .find(|m| m.name == link.method && m.version == link.version)
        else {
            continue;
        };
        let Some(entity) = entities.iter_mut().find(|e| e.name == link.entity) else {
            continue;
        };
        shown_values(entity, spec, &link.path);
        let Some(fields) = record_fields(&spec.response.ty, &link.path) else {
            continue;
        };
        for f in fields {
            if f.pattern || f.name.starts_with("UF_") {
                continue;
            }
            match entity
                .fields
                .iter_mut()
                .find(|e| e.name.eq_ignore_ascii_case(&f.name))
            {
                Some(known) => refine(known, f),
                None => entity.fields.push(from_answer(f, spec)),
            }
        }
    }
}

/// Where the fields page's type and a linked answer disagree in a way the wire cannot absorb,
/// the answer wins, as on method pages (its type is already settled by its own example):
/// a `char` shown as `"S"` or `"2"` is no flag (`SEMANTICS`, `IS_LIMIT`, `CATEGORY_ID`), a
/// `string` shown as an object is an object (`EXTRA`). Codes, links, files and multi-fields
/// keep the fields page's kind (an answer sees them as plain strings or lists).
fn refine(known: &mut EntityField, answer: &Field) {
    let (kind, multiple) = match &answer.ty {
        FieldType::Array(inner) => (kind(inner), true),
        FieldType::Any => return,
        ty => (kind(ty), false),
    };
    if kind == known.kind {
        return;
    }
    let conflict = matches!(
        (known.kind, kind),
        (
            FieldKind::Flag,
            FieldKind::String | FieldKind::Integer | FieldKind::Decimal
        ) | (
            FieldKind::String | FieldKind::Status | FieldKind::Integer,
            FieldKind::Other
        )
    );
    if conflict {
        known.kind = kind;
        known.multiple |= multiple;
    }
}

/// Where a linked answer's example shows a record's field with a value the fields page's
/// kind cannot hold, the example wins, as on method pages (even where the answer's table
/// does not describe the record: sale.status.get's `status` is a `sale_status`): a flag
/// shown as `"O"` is a code (`type` of a sale status), a date shown as `"32400"` seconds
/// a string (`START_DATE_PLAN_AFTER` of a task template), a code shown as `false` a flag
/// (`replicate` of a REST 3.0 task).
fn shown_values(entity: &mut Entity, spec: &MethodSpec, path: &[String]) {
    let Some(mut at) = spec
        .response
        .example
        .as_deref()
        .and_then(crate::lenient::parse)
        .and_then(|v| v.get("result").cloned())
    else {
        return;
    };
    for key in path {
        let Some(inner) = at.get_mut(key).map(Value::take) else {
            return;
        };
        at = inner;
    }
    let records: Vec<&Value> = match &at {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for field in &mut entity.fields {
        let shown: Vec<&Value> = records
            .iter()
            .filter_map(|r| {
                r.as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(&field.name))
                    .map(|(_, v)| v)
            })
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
            .collect();
        let Some(odd) = shown.iter().find(|v| !holds(field, v)) else {
            continue;
        };
        let kind = match odd {
            Value::Bool(_) => FieldKind::Flag,
            Value::Number(n) if n.is_f64() => FieldKind::Decimal,
            Value::Number(_) => FieldKind::Integer,
            Value::String(_) => FieldKind::String,
            _ => FieldKind::Other,
        };
        field.kind = kind;
        field.values.clear();
    }
}

/// Whether the wire reads `v` as the kind of `field` (the kinds an example can contradict).
fn holds(field: &EntityField, v: &Value) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match (field.kind, v) {
        (FieldKind::Flag, Value::Bool(_)) => true,
        (FieldKind::Flag, Value::Number(n)) => matches!(n.as_u64(), Some(0 | 1)),
        (FieldKind::Flag, Value::String(s)) => {
            matches!(
                s.as_str(),
                "Y" | "N" | "y" | "n" | "true" | "false" | "0" | "1"
            )
        }
        (FieldKind::Flag, _) => false,
        (FieldKind::Date | FieldKind::DateTime, Value::String(s)) => !digits(s),
        (FieldKind::Date | FieldKind::DateTime, _) => false,
        (FieldKind::String | FieldKind::Status, Value::Bool(_)) => false,
        _ => true,
    }
}

/// The fields of the record at `path` under `result` (an object, or a list of objects).
fn record_fields<'t>(ty: &'t FieldType, path: &[String]) -> Option<&'t [Field]> {
    let mut ty = ty;
    for key in path {
        let FieldType::Object(fs) = ty else {
            return None;
        };
        ty = &fs.iter().find(|f| &f.name == key)?.ty;
    }
    match ty {
        FieldType::Object(fs) if !fs.is_empty() => Some(fs),
        FieldType::Array(inner) => match inner.as_ref() {
            FieldType::Object(fs) if !fs.is_empty() => Some(fs),
            _ => None,
        },
        _ => None,
    }
}

fn from_answer(f: &Field, spec: &MethodSpec) -> EntityField {
    let (kind, multiple) = match &f.ty {
        FieldType::Array(inner) => (kind(inner), true),
        ty => (kind(ty), false),
    };
    EntityField {
        name: f.name.clone(),
        kind,
        type_text: if f.type_text.is_empty() {
            format!("(answer of {})", spec.name)
        } else {
            f.type_text.clone()
        },
        title: f
            .description
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        required: false,
        read_only: true,
        immutable: false,
        multiple,
        status_type: None,
        values: Vec::new(),
        from: Some((spec.source.rel_path.clone(), f.line)),
    }
}

fn kind(ty: &FieldType) -> FieldKind {
    match ty {
        FieldType::Integer | FieldType::Timestamp => FieldKind::Integer,
        FieldType::Double => FieldKind::Decimal,
        FieldType::String => FieldKind::String,
        FieldType::Boolean | FieldType::YesNo => FieldKind::Flag,
        FieldType::Date => FieldKind::Date,
        FieldType::DateTime => FieldKind::DateTime,
        FieldType::Multifield => FieldKind::Multifield,
        FieldType::File => FieldKind::File,
        _ => FieldKind::Other,
    }
}
