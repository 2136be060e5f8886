//! Settling a field's type from its type text, its nested fields and the example values
//! (the cURL body for parameters, the answer JSON for the response).
//!
//! The table's type text comes first. An example settles what the table leaves open (no
//! type, `object` without fields, a string whose values are `Y`/`N`), and wins where the
//! two disagree in a way the wire cannot absorb; each such decision is a note
//! (`field X: table says T, example shows V; the example wins`):
//!
//! - a scalar type and an example object or list: the example's shape (`integer` and
//!   `{"ID": 1}` → an object; `crm_multifield` and `[{…}]` → a list of them);
//! - `object` and an example list of objects (items.set documents `items` as `object` and
//!   sends `[{…}, {…}]`), or a scalar (`object` and `true` → `boolean`);
//! - a flag (`char`, `boolean`, a Y/N string) whose example is not one of `Y`, `N`,
//!   `true`, `false`, `0`, `1`: not a flag, but a string or an integer as the example is;
//!   `boolean` shown as `"Y"`/`"N"`: a Y/N flag. Likewise a flag whose own listed values
//!   are not flags (`SHOW_FILTER`: `N`, `I`, `E`, `S`): a string;
//! - `integer` shown as `1.5` or `"D_1"`, `double` shown as `"abc"`, `string` shown as
//!   `true`: the example's scalar type; `enum` shown as an object: as a scalar shown so;
//! - `array` and one example object whose keys are all the table's fields (disk.file.get
//!   lists the file's fields under a `result` it calls `array`): that object;
//! - in an answer, `object` or `array` whose example is keyed by ids (`{"1111": {…}}`,
//!   a checklist item's `ATTACHMENTS`): a map from id to value, each value typed by the
//!   table's fields, or by the example when the values are no objects.
//!
//! A listed `null` (`true` — on success, `null` — on error) says nothing about a flag. A
//! union with a described object (`integer | object`) whose example is a number is either.
//!
//! What the wire decodes anyway is no contradiction: `"42"` for an integer, `5` for a
//! string, `1`/`"Y"` for a flag, `["a.docx", "<base64>"]` for a file, `null` for anything.
//! Empty lists say nothing (PHP writes an empty map as `[]`), nor do placeholders
//! (`"**put_id_here**"`, `"your_invoice_id"`).

use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{Field, FieldType};
use crate::page::{Block, Page};
use crate::types::{self, TypeText};

use super::rows::{read_rows, RawField};
pub(super) use super::shown::child_examples;
use super::shown::{
    all_objects, brief, decodes_as, element_path, elements, is_flag_text, is_placeholder,
    is_scalar, is_yes_no, list_wrapper, named_keys, objects,
};
use super::structures::Structures;
use super::MAX_DEPTH;

/// Which side of the call the fields are on: it decides what `required` means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// Parameters: required as the table marks them.
    Request,
    /// The answer: required as `response.rs` rules, for this method name.
    Response,
}

/// Settles the type of a field from its type text, nested fields and example values.
pub(super) struct Resolver<'t, 'c, 'p> {
    structures: Structures<'t>,
    cx: &'c mut Ctxt<'p>,
    side: Side,
    method: &'c str,
}

impl<'t, 'c, 'p> Resolver<'t, 'c, 'p> {
    pub(super) fn new(
        structures: Structures<'t>,
        cx: &'c mut Ctxt<'p>,
        side: Side,
        method: &'c str,
    ) -> Self {
        Resolver {
            structures,
            cx,
            side,
            method,
        }
    }

    /// The structure sections, with what was used, once every field is settled.
    pub(super) fn finish(self) -> Structures<'t> {
        self.structures
    }

    /// The fields of an object at `path` whose example values are `parents`.
    pub(super) fn fields(
        &mut self,
        raw: Vec<RawField>,
        parents: &[&Value],
        depth: usize,
        path: &str,
    ) -> Vec<Field> {
        raw.into_iter()
            .map(|f| {
                let ex = child_examples(parents, &f.name);
                let mut field = self.field(f, &ex, depth, path);
                if self.side == Side::Response {
                    field.required =
                        super::response::always_carried(&field, &objects(parents), self.method);
                }
                field
            })
            .collect()
    }

    /// One field of the object at `parent` (empty for top-level parameters).
    pub(super) fn field(
        &mut self,
        raw: RawField,
        ex: &[&Value],
        depth: usize,
        parent: &str,
    ) -> Field {
        let path = match parent {
            "" => raw.name.clone(),
            p => format!("{p}.{}", raw.name),
        };
        let text = types::parse(&raw.type_text);
        // `null` and placeholders (`"**put_id_here**"`) say nothing about the type.
        let shown: Vec<&Value> = ex
            .iter()
            .copied()
            .filter(|v| !v.is_null() && !is_placeholder(v))
            .collect();
        let ty = self.settle(&raw, &text, &shown, depth, &path);
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
    fn nested(
        &mut self,
        raw: &RawField,
        ex: &[&Value],
        depth: usize,
        path: &str,
    ) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let objs = objects(ex);
        let path = &element_path(path, ex);
        if let Some(fields) = self.structure(raw, ex, depth, path) {
            return Some(fields);
        }
        if !raw.bullet_fields.is_empty() {
            return Some(self.fields(raw.bullet_fields.clone(), &objs, depth + 1, path));
        }
        if !raw.code_keys.is_empty() {
            let rows = raw
                .code_keys
                .iter()
                .map(|k| RawField::named(k, raw.line))
                .collect();
            return Some(self.fields(rows, &objs, depth + 1, path));
        }
        None
    }

    /// The fields from a structure section describing `raw`, if there is one.
    fn structure(
        &mut self,
        raw: &RawField,
        ex: &[&Value],
        depth: usize,
        path: &str,
    ) -> Option<Vec<Field>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let table = self.structures.take(raw)?;
        let objs = objects(ex);
        Some(self.fields(read_rows(table), &objs, depth + 1, path))
    }

    /// Records that the example beat the table for the field at `path`.
    fn example_wins(&mut self, raw: &RawField, path: &str, shown: &Value, ty: &FieldType) {
        let table = if raw.type_text.is_empty() {
            "no type".to_string()
        } else {
            format!("`{}`", raw.type_text)
        };
        self.cx.note(
            raw.line,
            format!(
                "field `{path}`: table says {table}, example shows `{}`; the example wins \
                 (bound as {})",
                brief(shown),
                ty.label()
            ),
        );
    }

    /// An answer's object (or `array`) whose example is keyed by ids (`{"1111": {…}}`):
    /// a map from id to value, each value typed by the table (when it describes the
    /// values' fields) or by the example. Only with a table, which the keys never name.
    fn keyed(
        &mut self,
        raw: &RawField,
        described: bool,
        ex: &[&Value],
        depth: usize,
        path: &str,
    ) -> Option<FieldType> {
        if self.side != Side::Response || !described || ex.is_empty() {
            return None;
        }
        let mut values = Vec::new();
        for v in ex {
            let map = v.as_object().filter(|m| !m.is_empty())?;
            if !map
                .keys()
                .all(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
            {
                return None;
            }
            values.extend(map.values().filter(|v| !v.is_null()));
        }
        let path = format!("{path}{{}}");
        let inner = if values.iter().all(|v| v.is_object()) {
            self.nested(raw, &values, depth, &path)
                .map_or(FieldType::Any, FieldType::Object)
        } else {
            let first = values
                .first()
                .map_or(FieldType::Any, |v| types::of_value(v));
            if values.iter().all(|v| types::of_value(v) == first) {
                first
            } else {
                FieldType::Any
            }
        };
        let ty = FieldType::Map(Box::new(inner));
        if let Some(first) = ex.first() {
            self.example_wins(raw, &path, first, &ty);
        }
        Some(ty)
    }

    fn settle(
        &mut self,
        raw: &RawField,
        text: &TypeText,
        ex: &[&Value],
        depth: usize,
        path: &str,
    ) -> FieldType {
        let object = |fields: Option<Vec<Field>>| fields.map_or(FieldType::Any, FieldType::Object);
        let lists: Vec<&Value> = ex
            .iter()
            .copied()
            .filter(|v| v.as_array().is_some_and(|a| !a.is_empty()))
            .collect();
        let examples_are_lists = !lists.is_empty() && lists.len() == ex.len();
        match text {
            TypeText::Scalar(t) => self.scalar(raw, t, ex, depth, path),
            TypeText::Enum => {
                let numbers = !raw.allowed.is_empty()
                    && raw.allowed.iter().all(|(v, _)| v.parse::<i64>().is_ok());
                let t =
                    if numbers || (!ex.is_empty() && ex.iter().all(|v| v.is_i64() || v.is_u64())) {
                        FieldType::Integer
                    } else {
                        FieldType::String
                    };
                // An example the enum's type cannot hold (an object) wins, as for a scalar.
                match ex.iter().any(|v| v.is_object()) {
                    true => self.scalar(raw, &t, ex, depth, path),
                    false => t,
                }
            }
            TypeText::Any => match self.structure(raw, ex, depth, path) {
                // `integer | object`, the object described below, the example a number:
                // either may come.
                Some(_) if raw.type_text.contains('|') && ex.iter().any(|v| is_scalar(v)) => {
                    FieldType::Any
                }
                Some(f) if examples_are_lists => FieldType::Array(Box::new(FieldType::Object(f))),
                Some(f) => FieldType::Object(f),
                None => FieldType::Any,
            },
            TypeText::Object => {
                let fields = self.nested(raw, ex, depth, path);
                if let Some(ty) = self.keyed(raw, fields.is_some(), ex, depth, path) {
                    return ty;
                }
                let scalar = ex.iter().find(|v| !v.is_object() && !v.is_array());
                if examples_are_lists && lists.iter().all(|v| all_objects(v)) {
                    let ty = FieldType::Array(Box::new(object(fields)));
                    if let Some(first) = lists.first() {
                        self.example_wins(raw, path, first, &ty);
                    }
                    ty
                } else if let (Some(v), None) = (scalar, &fields) {
                    let ty = types::of_value(v);
                    self.example_wins(raw, path, v, &ty);
                    ty
                } else {
                    object(fields)
                }
            }
            TypeText::Array => {
                // `array` in the table, `{"items": […]}` in the example: the list is
                // wrapped in an object of one key; the example wins.
                if let Some(key) = list_wrapper(ex) {
                    let lists: Vec<&Value> = ex.iter().filter_map(|v| v.get(&key)).collect();
                    let inner = self.settle(raw, text, &lists, depth, &format!("{path}.{key}"));
                    let ty = FieldType::Object(vec![Field {
                        name: key,
                        ty: inner,
                        required: true,
                        pattern: false,
                        type_text: raw.type_text.clone(),
                        description: raw.description.clone(),
                        default: None,
                        allowed: Vec::new(),
                        line: raw.line,
                    }]);
                    if let Some(first) = ex.first() {
                        self.example_wins(raw, path, first, &ty);
                    }
                    return ty;
                }
                let fields = self.nested(raw, ex, depth, path);
                if let Some(ty) = self.keyed(raw, fields.is_some(), ex, depth, path) {
                    return ty;
                }
                // `array` in the table, one object in the example (`disk.file.get`: the
                // table lists the object's fields under `result`): the example wins.
                if let Some(f) = &fields {
                    let objs: Vec<&Value> = ex.iter().copied().filter(|v| v.is_object()).collect();
                    if !objs.is_empty() && objs.len() == ex.len() && named_keys(&objs, f) {
                        let ty = FieldType::Object(f.clone());
                        self.example_wins(raw, path, objs[0], &ty);
                        return ty;
                    }
                }
                let elems = elements(ex);
                let scalars = !elems.is_empty() && elems.iter().all(|v| !v.is_object());
                let inner = match fields {
                    // A table of objects, a list of names in the example: the example wins.
                    Some(_) if scalars => {
                        let ty = FieldType::Array(Box::new(types::of_value(elems[0])));
                        if let Some(first) = ex.first() {
                            self.example_wins(raw, path, first, &ty);
                        }
                        return ty;
                    }
                    Some(f) => FieldType::Object(f),
                    None => elems.first().map_or(FieldType::Any, |v| types::of_value(v)),
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::ArrayOf(inner) => {
                let elems = elements(ex);
                let inner = match inner.as_ref() {
                    TypeText::Object | TypeText::Missing => {
                        // `object[]`: the element fields are the field's own nested fields.
                        object(self.nested(raw, ex, depth, path))
                    }
                    TypeText::Any => object(self.structure(raw, ex, depth, path)),
                    other => {
                        let element = RawField {
                            allowed: raw.allowed.clone(),
                            ..raw.clone()
                        };
                        self.settle(&element, other, &elems, depth + 1, &format!("{path}[]"))
                    }
                };
                FieldType::Array(Box::new(inner))
            }
            TypeText::Missing => {
                let fields = self.nested(raw, ex, depth, path);
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

    /// A scalar type text against its examples (see the module docs for who wins).
    fn scalar(
        &mut self,
        raw: &RawField,
        t: &FieldType,
        ex: &[&Value],
        depth: usize,
        path: &str,
    ) -> FieldType {
        if *t == FieldType::String && is_yes_no(&raw.allowed, ex) {
            return FieldType::YesNo;
        }
        if matches!(t, FieldType::YesNo | FieldType::Boolean) {
            let unquoted = |v: &str| v.trim_matches(|c| c == '"' || c == '\'').to_string();
            // `null` — in case of error: says nothing about the flag.
            let values: Vec<String> = raw
                .allowed
                .iter()
                .map(|(v, _)| unquoted(v))
                .filter(|v| v != "null")
                .collect();
            if values.iter().any(|v| !is_flag_text(v)) {
                self.cx.note(
                    raw.line,
                    format!(
                        "field `{path}`: table says `{}`, its listed values are {}; not a \
                         flag, the values win (bound as string)",
                        raw.type_text,
                        values.join(", ")
                    ),
                );
                return FieldType::String;
            }
        }
        let Some(odd) = ex.iter().copied().find(|v| !decodes_as(t, v)) else {
            return t.clone();
        };
        let ty = match odd {
            Value::Array(items) if items.is_empty() => return t.clone(),
            Value::Array(_) => {
                let element = RawField {
                    allowed: raw.allowed.clone(),
                    ..raw.clone()
                };
                let elems = elements(ex);
                let inner = self.scalar(&element, t, &elems, depth + 1, &format!("{path}[]"));
                FieldType::Array(Box::new(inner))
            }
            Value::Object(_) if matches!(t, FieldType::Multifield | FieldType::File) => {
                return t.clone();
            }
            Value::Object(_) => self
                .nested(raw, ex, depth, path)
                .map_or(FieldType::Any, FieldType::Object),
            Value::String(s) if *t == FieldType::Boolean && (s == "Y" || s == "N") => {
                FieldType::YesNo
            }
            // Not a flag, or not the number the table says: as the example is, but a
            // string is a string here even when it reads `Y`.
            Value::String(_) => FieldType::String,
            other => types::of_value(other),
        };
        self.example_wins(raw, path, odd, &ty);
        ty
    }
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
fn curl_body(code: &str) -> Option<Value> {
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

#[cfg(test)]
mod tests;
