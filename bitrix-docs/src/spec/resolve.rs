//! Settling a field's type from its type text, its nested fields and the example values
//! (the cURL body for parameters, the answer JSON for the response).

use serde_json::Value;

use crate::model::{Field, FieldType};
use crate::page::{Block, Page};
use crate::types::{self, TypeText};

use super::rows::{read_rows, RawField};
use super::structures::Structures;
use super::MAX_DEPTH;

/// Values an example gives for one field, gathered across array elements.
pub(super) fn child_examples<'v>(parents: &[&'v Value], key: &str) -> Vec<&'v Value> {
    let mut out = Vec::new();
    for v in parents {
        match v {
            Value::Object(map) => out.extend(map.get(key)),
            Value::Array(items) => {
                for item in items {
                    if let Some(v) = item.as_object().and_then(|m| m.get(key)) {
                        out.push(v);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Example objects of an object-like field (the elements, when the examples are arrays).
pub(super) fn objects<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![*other],
        })
        .collect()
}

pub(super) fn elements<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .filter_map(|v| v.as_array())
        .flatten()
        .collect()
}

/// Settles the type of a field from its type text, nested fields and example values.
pub(super) struct Resolver<'t> {
    pub(super) structures: Structures<'t>,
}

impl<'t> Resolver<'t> {
    pub(super) fn fields(
        &mut self,
        raw: Vec<RawField>,
        examples: &[&Value],
        depth: usize,
    ) -> Vec<Field> {
        raw.into_iter()
            .map(|f| {
                let ex = child_examples(examples, &f.name);
                self.field(f, &ex, depth)
            })
            .collect()
    }

    pub(super) fn field(&mut self, raw: RawField, ex: &[&Value], depth: usize) -> Field {
        let text = types::parse(&raw.type_text);
        let ty = self.settle(&raw, &text, ex, depth);
        Field {
            name: raw.name,
            ty,
            required: raw.required,
            pattern: raw.pattern,
            type_text: raw.type_text,
            description: raw.description,
            default: raw.default,
            allowed: raw.allowed,
            line: raw.line,
        }
    }

    /// The fields of an object-like field: its `### Parameter X` table, else its bullet
    /// list, else the keys of its code block.
    pub(super) fn nested(
        &mut self,
        raw: &RawField,
        ex: &[&Value],
        depth: usize,
    ) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let objs = objects(ex);
        if let Some(fields) = self.structure(raw, ex, depth) {
            return Some(fields);
        }
        if !raw.bullet_fields.is_empty() {
            return Some(self.fields(raw.bullet_fields.clone(), &objs, depth + 1));
        }
        if !raw.code_keys.is_empty() {
            let rows = raw
                .code_keys
                .iter()
                .map(|k| RawField::named(k, raw.line))
                .collect();
            return Some(self.fields(rows, &objs, depth + 1));
        }
        None
    }

    /// The fields from a structure section describing `raw`, if there is one.
    pub(super) fn structure(
        &mut self,
        raw: &RawField,
        ex: &[&Value],
        depth: usize,
    ) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let table = self.structures.take(raw)?;
        let objs = objects(ex);
        Some(self.fields(read_rows(table), &objs, depth + 1))
    }

    pub(super) fn settle(
        &mut self,
        raw: &RawField,
        text: &TypeText,
        ex: &[&Value],
        depth: usize,
    ) -> FieldType {
        let object = |fields: Option<Vec<Field>>| fields.map_or(FieldType::Any, FieldType::Object);
        let examples_are_arrays = !ex.is_empty() && ex.iter().all(|v| v.is_array());
        match text {
            TypeText::Scalar(FieldType::String) if is_yes_no(&raw.allowed, ex) => FieldType::YesNo,
            TypeText::Scalar(t) => t.clone(),
            TypeText::Enum => {
                let numbers = !raw.allowed.is_empty()
                    && raw.allowed.iter().all(|(v, _)| v.parse::<i64>().is_ok());
                if numbers || (!ex.is_empty() && ex.iter().all(|v| v.is_i64() || v.is_u64())) {
                    FieldType::Integer
                } else {
                    FieldType::String
                }
            }
            TypeText::Any => match self.structure(raw, ex, depth) {
                Some(f) if examples_are_arrays => FieldType::Array(Box::new(FieldType::Object(f))),
                Some(f) => FieldType::Object(f),
                None => FieldType::Any,
            },
            TypeText::Object => {
                let fields = self.nested(raw, ex, depth);
                if examples_are_arrays
                    && ex
                        .iter()
                        .any(|v| v.as_array().is_some_and(|a| a.iter().all(Value::is_object)))
                {
                    FieldType::Array(Box::new(object(fields)))
                } else {
                    object(fields)
                }
            }
            TypeText::Array => {
                let fields = self.nested(raw, ex, depth);
                let inner = match fields {
                    Some(f) => FieldType::Object(f),
                    None => elements(ex)
                        .first()
                        .map_or(FieldType::Any, |v| types::of_value(v)),
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::ArrayOf(inner) => {
                let elems = elements(ex);
                let inner = match inner.as_ref() {
                    TypeText::Object | TypeText::Missing => {
                        // `object[]`: the element fields are the field's own nested fields.
                        object(self.nested(raw, ex, depth))
                    }
                    TypeText::Any => object(self.structure(raw, ex, depth)),
                    other => {
                        let element = RawField {
                            allowed: raw.allowed.clone(),
                            ..raw.clone()
                        };
                        self.settle(&element, other, &elems, depth + 1)
                    }
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::Missing => {
                let fields = self.nested(raw, ex, depth);
                match (fields, ex.first()) {
                    (Some(f), Some(Value::Array(_))) => {
                        FieldType::Array(Box::new(FieldType::Object(f)))
                    }
                    (Some(f), _) => FieldType::Object(f),
                    (None, Some(v)) => match types::of_value(v) {
                        FieldType::YesNo | FieldType::String if !is_yes_no(&raw.allowed, ex) => {
                            FieldType::String
                        }
                        t => t,
                    },
                    (None, None) if is_yes_no(&raw.allowed, ex) => FieldType::YesNo,
                    (None, None) => FieldType::Any,
                }
            }
        }
    }
}

/// A string whose documented values, or example values, are exactly `Y` and `N`.
pub(super) fn is_yes_no(allowed: &[(String, String)], ex: &[&Value]) -> bool {
    let yn = |s: &str| s == "Y" || s == "N";
    if !allowed.is_empty() {
        return allowed.len() == 2
            && allowed.iter().all(|(v, _)| yn(v))
            && allowed.first().map(|a| &a.0) != allowed.get(1).map(|a| &a.0);
    }
    !ex.is_empty() && ex.iter().all(|v| v.as_str().is_some_and(yn))
}

/// The JSON body of the `cURL (Webhook)` example, when it parses.
pub(super) fn request_example(page: &Page<'_>) -> Option<Value> {
    let mut after_tab = false;
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        match block {
            Block::Text { text, .. } if text.contains("cURL (Webhook)") => after_tab = true,
            Block::Code(code) if after_tab => return curl_body(&code.body),
            _ => {}
        }
    }
    None
}

/// `-d '{…}'` → the JSON value. Tries each closing quote, since bodies may contain `'`.
pub(super) fn curl_body(code: &str) -> Option<Value> {
    let start = code
        .find("-d '")
        .map(|i| i + 4)
        .or_else(|| code.find("--data '").map(|i| i + 8))?;
    let body = code.get(start..)?;
    for (i, _) in body.match_indices('\'') {
        let json = body.get(..i)?;
        if let Ok(v) = serde_json::from_str::<Value>(json) {
            return v.is_object().then_some(v);
        }
    }
    None
}
