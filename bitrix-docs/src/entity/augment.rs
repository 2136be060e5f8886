//! Fields an entity's get or list page documents in its own answer table that its fields
//! page leaves out (`ROLE_ID` of `crm.lead.contact.items.get`): added to the entity, so one
//! record type holds everything any of its pages documents and nothing moves to `extra`.

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
        let Some(fields) = record_fields(&spec.response.ty, &link.path) else {
            continue;
        };
        let Some(entity) = entities.iter_mut().find(|e| e.name == link.entity) else {
            continue;
        };
        for f in fields {
            if f.pattern
                || f.name.starts_with("UF_")
                || entity
                    .fields
                    .iter()
                    .any(|e| e.name.eq_ignore_ascii_case(&f.name))
            {
                continue;
            }
            entity.fields.push(from_answer(f, spec));
        }
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
