//! The answer: the `result` row (or a table of the result's own fields) under
//! `## Response Handling`, and the success example. An example without the envelope
//! (`[{…}]` where others show `{"result": [{…}], "time": …}`) shows what `result` holds.
//!
//! A field of the answer is `required` when every answer carries it, non-null; the others
//! become `Option` in generated code, since on real portals absent and `null` are normal
//! (user fields, empty dates, fields a `select` left out). A field is required iff
//!
//! - (a) the table marks it required; or
//! - (b) it is the record's identifier `ID`/`id` and the example shows it, non-null, in
//!   every object where the field belongs; or
//! - (c) the answer is a list of link items (the method name ends in `.items.get`) and the
//!   example shows it non-null in every element: links are written whole by
//!   `items.set`/`add`, with documented defaults; or
//! - (d) its type is `boolean` (`true`/`false`) and the example shows it, non-null,
//!   everywhere it belongs;
//!
//! - (e) it is the one key the example wraps the table's answer in (`{"items": […]}` where
//!   the table says `array`, `{"fields": {…}}` of a `*.fields` answer): it is the shape of
//!   the answer, not a field that may be missing;
//!
//! and never when its type text allows `null` (`string | null`), nor for a placeholder
//! row (`UF_CRM_...`). Without an example only (a) can hold.
use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{ExampleAnswer, Field, FieldType, Response};
use crate::page::{Block, Code, Page, Section, Table};
use crate::types::{self, TypeText};

use super::resolve::{Resolver, Side};
use super::rows::{read_rows, RawField};
use super::structures::Structures;
use super::tables;

pub(super) fn response(cx: &mut Ctxt<'_>, page: &Page<'_>, method: &str) -> Response {
    let region = region(page);
    let shown = shown(region.unwrap_or(&[]));
    let Typed {
        ty,
        description,
        line,
        example,
    } = typed(cx, region, &shown, method);
    Response {
        ty,
        description,
        line,
        example,
        alternatives: alternatives(&shown),
        file: answers_a_file(region.unwrap_or(&[])),
    }
}

/// A code block of the response region, read once for both the typing and the
/// alternatives: the heading it stands under, the block, and its JSON when it reads as some.
struct Shown<'r> {
    heading: &'r str,
    code: &'r Code,
    value: Option<Value>,
}

fn shown<'r>(region: &'r [Section<'_>]) -> Vec<Shown<'r>> {
    region
        .iter()
        .flat_map(|s| {
            s.blocks.iter().filter_map(move |b| match b {
                Block::Code(code) => Some(Shown {
                    heading: s.title,
                    code,
                    value: crate::lenient::parse(&code.body),
                }),
                _ => None,
            })
        })
        .collect()
}

/// What the `result` row and the example say about `result`.
struct Typed {
    ty: FieldType,
    description: String,
    line: usize,
    example: Option<String>,
}

/// Whether the region says the answer is the file itself, sent for download
/// (`Content-Disposition: attachment`), not a JSON envelope.
fn answers_a_file(region: &[Section<'_>]) -> bool {
    region.iter().flat_map(|s| &s.blocks).any(|b| {
        matches!(b, Block::Text { text, .. } if text.contains("Content-Disposition: attachment"))
    })
}

/// The region of `## Response Handling` (or `## Response on Success`, sometimes a level-3
/// heading): its sections.
fn region<'p, 'a>(page: &'p Page<'a>) -> Option<&'p [Section<'a>]> {
    let at = page
        .sections
        .iter()
        .position(|s| s.level >= 2 && s.title.to_ascii_lowercase().starts_with("response"))?;
    let end = page
        .sections
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, s)| s.level <= 2)
        .map_or(page.sections.len(), |(i, _)| i);
    page.sections.get(at..end)
}

/// Every success example (a code block with `result`) of the response region with the
/// heading it stands under, when there is more than one.
fn alternatives(shown: &[Shown<'_>]) -> Vec<ExampleAnswer> {
    let found: Vec<ExampleAnswer> = shown
        .iter()
        .filter(|s| matches!(&s.value, Some(Value::Object(m)) if m.contains_key("result")))
        .map(|s| ExampleAnswer {
            heading: s.heading.to_owned(),
            example: s.code.body.trim_end().to_owned(),
        })
        .collect();
    if found.len() > 1 {
        found
    } else {
        Vec::new()
    }
}

fn typed(
    cx: &mut Ctxt<'_>,
    region: Option<&[Section<'_>]>,
    shown: &[Shown<'_>],
    method: &str,
) -> Typed {
    let Some(region) = region else {
        return Typed {
            ty: FieldType::Any,
            description: String::new(),
            line: 0,
            example: None,
        };
    };
    let head_line = region.first().map_or(0, |s| s.line);
    let mut example = None;
    let mut example_value = None;
    let mut result_value = None;
    for s in shown {
        if let Some(result) = s.value.as_ref().and_then(|v| v.as_object()?.get("result")) {
            result_value = Some(result.clone());
            example = Some(s.code.body.trim_end().to_string());
            break;
        }
        if example.is_none() && s.code.lang == "json" {
            example = Some(s.code.body.trim_end().to_string());
            example_value = s.value.as_ref();
        }
    }
    // An example without the envelope (`[{…}, {…}]`, `{"ID": 1}`) shows what `result`
    // holds: it settles the type as `result` would. One with the envelope's `time` is an
    // envelope that lost its `result` key (catalog.measure.list), and settles nothing.
    if result_value.is_none() {
        result_value = example_value
            .filter(|v| v.get("error").is_none() && v.get("time").is_none() && !v.is_null())
            .cloned();
    }
    let examples: Vec<&Value> = result_value.iter().collect();
    let all_tables: Vec<&Table> = region.iter().flat_map(tables).collect();
    let found = all_tables.iter().enumerate().find_map(|(i, t)| {
        let rows = read_rows(t);
        let at = rows.iter().position(|r| r.name == "result")?;
        Some((i, at, rows))
    });
    let Some((index, at, rows)) = found else {
        // No `result` row: a table of the result's own fields, or only the example.
        let ty = match &result_value {
            Some(v @ Value::Object(_)) if method.ends_with(".fields") && describes(v) => {
                FieldType::FieldMap
            }
            None if method.ends_with(".fields") => FieldType::FieldMap,
            Some(Value::Bool(_)) => FieldType::Boolean,
            Some(value) => fields_table_of(&all_tables, value).map_or(FieldType::Any, |rows| {
                let raw = RawField {
                    bullet_fields: rows,
                    ..RawField::named("result", head_line)
                };
                let mut resolver =
                    Resolver::new(Structures::of(region), cx, Side::Response, method);
                resolver.field(raw, &examples, 0, "").ty
            }),
            None => FieldType::Any,
        };
        return Typed {
            ty,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let Some(row) = rows.get(at) else {
        return Typed {
            ty: FieldType::Any,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let mut raw = row.clone();
    let text = types::parse(&raw.type_text);
    // A `*.fields` answer is a map of field descriptions. Some tables call it `array`; an
    // example object settles that.
    let shown_object = !examples.is_empty() && examples.iter().all(|v| v.is_object());
    let is_object = shown_object
        || (examples.is_empty()
            && matches!(text, TypeText::Object | TypeText::Missing | TypeText::Any));
    // `user.fields` answers field name -> display name (an object of strings), the
    // biconnector `*.fields` a list of descriptions in `{"fields": […]}`: not a map of
    // descriptions; each is typed from its example like any other object.
    let not_descriptions = shown_object && examples.iter().all(|v| !describes(v));
    let names_only = not_descriptions
        && examples.iter().all(|v| {
            v.as_object()
                .is_some_and(|m| m.values().all(Value::is_string))
        });
    if method.ends_with(".fields") && names_only && raw.bullet_fields.is_empty() {
        return Typed {
            ty: FieldType::Map(Box::new(FieldType::String)),
            description: row.description.clone(),
            line: row.line,
            example,
        };
    }
    if method.ends_with(".fields") && is_object && !not_descriptions {
        // `{"fields": {name: description}}` (crm.item.fields and its kin): the map is one
        // level down.
        if let Some(map) = fields_wrapper(&examples) {
            cx.note(
                row.line,
                "field `result`: the example wraps the field descriptions in `{\"fields\": …}`; \
                 the example wins (bound as an object with `fields`)"
                    .to_string(),
            );
            let ty = FieldType::Object(vec![Field {
                name: "fields".into(),
                ty: FieldType::FieldMap,
                required: true,
                pattern: false,
                type_text: "object".into(),
                description: map.to_string(),
                default: None,
                allowed: Vec::new(),
                line: row.line,
            }]);
            return Typed {
                ty,
                description: row.description.clone(),
                line: row.line,
                example,
            };
        }
        if shown_object && !matches!(text, TypeText::Object | TypeText::Missing | TypeText::Any) {
            cx.note(
                row.line,
                format!(
                    "field `result`: table says `{}`, example shows an object of field \
                     descriptions; the example wins (bound as {})",
                    row.type_text,
                    FieldType::FieldMap.label()
                ),
            );
        }
        return Typed {
            ty: FieldType::FieldMap,
            description: row.description.clone(),
            line: row.line,
            example,
        };
    }
    if raw.bullet_fields.is_empty() {
        raw.bullet_fields = result_fields(&rows, at, &all_tables, index, &examples);
    }
    let structured = matches!(
        text,
        TypeText::Object | TypeText::Array | TypeText::ArrayOf(_) | TypeText::Missing
    );
    if !structured {
        raw.bullet_fields.clear();
    }
    let line = raw.line;
    let type_text = raw.type_text.clone();
    let mut resolver = Resolver::new(Structures::of(region), cx, Side::Response, method);
    let mut ty = resolver.field(raw, &examples, 0, "").ty;
    if matches!(
        ty,
        FieldType::Any | FieldType::String | FieldType::Integer | FieldType::YesNo
    ) {
        // `string|object` (or `string`) in the table, `true` in the example: the example
        // settles it.
        if let Some(Value::Bool(b)) = result_value {
            ty = FieldType::Boolean;
            cx.note(
                line,
                format!(
                    "field `result`: table says `{type_text}`, example shows `{b}`; the \
                     example wins (bound as boolean)"
                ),
            );
        }
    }
    Typed {
        ty,
        description: row.description.clone(),
        line: row.line,
        example,
    }
}

/// Whether an example object is a map of field descriptions (each value an object, or
/// `[]`), or empty: not `{"NAME": "First Name"}` (user.fields), nor `{"fields": […]}`.
fn describes(v: &Value) -> bool {
    v.as_object().is_some_and(|m| {
        m.is_empty()
            || m.values()
                .all(|d| d.is_object() || d.as_array().is_some_and(Vec::is_empty))
    })
}

/// The description of the `fields` key when every example is `{"fields": {…}}` whose
/// values are all objects (field descriptions).
fn fields_wrapper(examples: &[&Value]) -> Option<&'static str> {
    let wrapped = |v: &&Value| {
        v.as_object().is_some_and(|m| {
            m.len() == 1
                && m.get("fields")
                    .and_then(Value::as_object)
                    .is_some_and(|f| f.values().all(Value::is_object))
        })
    };
    (!examples.is_empty() && examples.iter().all(wrapped))
        .then_some("The field descriptions, by field name.")
}

/// The first table whose rows are all keys of the example result (or of its elements).
pub(super) fn fields_table_of(tables: &[&Table], result: &Value) -> Option<Vec<RawField>> {
    let sample = match result {
        Value::Array(items) => items.first()?,
        other => other,
    };
    let keys = sample.as_object()?;
    tables.iter().find_map(|t| {
        let rows: Vec<RawField> = read_rows(t)
            .into_iter()
            .filter(|r| !matches!(r.name.as_str(), "time" | "total" | "next"))
            .collect();
        let all_known = !rows.is_empty() && rows.iter().all(|r| keys.contains_key(&r.name));
        all_known.then_some(rows)
    })
}

/// The fields of `result` when its own cell lists none: the rows after it in the same
/// table (`result` → `item`, when the example's result has those keys), else the next
/// table ("The result is an array of objects, each containing the following fields:").
pub(super) fn result_fields(
    rows: &[RawField],
    at: usize,
    tables: &[&Table],
    index: usize,
    examples: &[&Value],
) -> Vec<RawField> {
    let siblings: Vec<RawField> = rows
        .iter()
        .skip(at + 1)
        .filter(|r| !matches!(r.name.as_str(), "time" | "total" | "next"))
        .cloned()
        .collect();
    // The example's objects: the result, or its elements when it is a list.
    let shown = super::shown::objects(examples);
    let confirmed = shown.iter().all(|v| {
        v.as_object()
            .is_some_and(|m| siblings.iter().all(|r| m.contains_key(&r.name)))
    });
    if !siblings.is_empty() && confirmed {
        return siblings;
    }
    tables
        .get(index + 1)
        .map(|t| read_rows(t))
        .unwrap_or_default()
}

/// Whether every answer carries `field`, non-null (rules (b)–(d) of the module docs, on
/// top of the table's mark): `parents` are the example objects the field belongs to.
pub(super) fn always_carried(field: &Field, parents: &[&Value], method: &str) -> bool {
    if field.pattern || field.type_text.to_ascii_lowercase().contains("null") {
        return false;
    }
    let shown_everywhere = !parents.is_empty()
        && parents.iter().all(|p| {
            p.as_object()
                .and_then(|m| m.get(&field.name))
                .is_some_and(|v| !v.is_null())
        });
    field.required
        || (shown_everywhere
            && (field.name.eq_ignore_ascii_case("id")
                || method.ends_with(".items.get")
                || field.ty == FieldType::Boolean))
}

#[cfg(test)]
mod tests;
