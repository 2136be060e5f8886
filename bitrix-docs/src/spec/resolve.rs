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
//!   `true`: the example's scalar type.
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

fn elements<'v>(values: &[&'v Value]) -> Vec<&'v Value> {
    values
        .iter()
        .filter_map(|v| v.as_array())
        .flatten()
        .collect()
}

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
                if numbers || (!ex.is_empty() && ex.iter().all(|v| v.is_i64() || v.is_u64())) {
                    FieldType::Integer
                } else {
                    FieldType::String
                }
            }
            TypeText::Any => match self.structure(raw, ex, depth, path) {
                Some(f) if examples_are_lists => FieldType::Array(Box::new(FieldType::Object(f))),
                Some(f) => FieldType::Object(f),
                None => FieldType::Any,
            },
            TypeText::Object => {
                let fields = self.nested(raw, ex, depth, path);
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
            let values: Vec<String> = raw.allowed.iter().map(|(v, _)| unquoted(v)).collect();
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

/// A flag's text on the wire: `Y`, `N`, `true`, `false`, `0`, `1`.
fn is_flag_text(s: &str) -> bool {
    matches!(s, "Y" | "N" | "y" | "n" | "true" | "false" | "0" | "1")
}

/// Whether the portal's lenient decoding reads `v` as `t` (bitrix-api's `wire.rs`).
fn decodes_as(t: &FieldType, v: &Value) -> bool {
    let flag = is_flag_text;
    let int_text = |s: &str| s.trim().parse::<i64>().is_ok();
    match (t, v) {
        (_, Value::Null) => true,
        (FieldType::Integer | FieldType::Timestamp, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (FieldType::Integer | FieldType::Timestamp, Value::String(s)) => int_text(s),
        (FieldType::Double, Value::Number(_)) => true,
        (FieldType::Double, Value::String(s)) => s.trim().parse::<f64>().is_ok(),
        (FieldType::String, Value::String(_) | Value::Number(_)) => true,
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Boolean | FieldType::YesNo, Value::Number(n)) => {
            n.as_u64().is_some_and(|n| n <= 1)
        }
        // `boolean` shown as "Y"/"N" decodes, but is a Y/N flag on the wire: see `scalar`.
        (FieldType::Boolean, Value::String(s)) => flag(s) && s != "Y" && s != "N",
        (FieldType::YesNo, Value::String(s)) => flag(s),
        (FieldType::YesNo, Value::Bool(_)) => true,
        (FieldType::Date | FieldType::DateTime, Value::String(_)) => true,
        (FieldType::Multifield | FieldType::File, Value::Object(_)) => true,
        (FieldType::File, Value::Number(_) | Value::String(_)) => true,
        // An upload: `["name.docx", "<base64>"]`.
        (FieldType::File, Value::Array(a)) => !a.is_empty() && a.iter().all(Value::is_string),
        _ => false,
    }
}

/// `"**put_id_here**"`, `"your_invoice_id"`: a slot for the reader's value, not a value.
fn is_placeholder(v: &Value) -> bool {
    let Some(s) = v.as_str() else {
        return false;
    };
    let l = s.to_ascii_lowercase();
    s.contains("**") || l.starts_with("your_") || l.starts_with("put_") || l.ends_with("_here")
}

/// The one key of every example when each is an object `{key: [..]}` (the `items`
/// wrapper of list answers).
fn list_wrapper(ex: &[&Value]) -> Option<String> {
    let mut key = None;
    for v in ex {
        let map = v.as_object()?;
        let (k, inner) = map.iter().next().filter(|_| map.len() == 1)?;
        if !inner.is_array() || key.as_ref().is_some_and(|seen: &String| seen != k) {
            return None;
        }
        key = Some(k.clone());
    }
    key
}

fn all_objects(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_object))
}

/// `items` → `items[]` when the examples are lists: where an element's fields live.
fn element_path(path: &str, ex: &[&Value]) -> String {
    if !ex.is_empty() && ex.iter().all(|v| v.is_array()) {
        format!("{path}[]")
    } else {
        path.to_string()
    }
}

/// An example value, short enough for one line.
fn brief(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or("")),
        None => text,
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
