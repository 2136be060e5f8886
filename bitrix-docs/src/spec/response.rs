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
use crate::page::{Block, Page, Section, Table};
use crate::types::{self, TypeText};

use super::resolve::{Resolver, Side};
use super::rows::{read_rows, RawField};
use super::structures::Structures;
use super::tables;

pub(super) fn response(cx: &mut Ctxt<'_>, page: &Page<'_>, method: &str) -> Response {
    let region = region(page);
    let mut response = typed(cx, region, method);
    response.alternatives = alternatives(region.unwrap_or(&[]));
    response
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
fn alternatives(region: &[Section<'_>]) -> Vec<ExampleAnswer> {
    let found: Vec<ExampleAnswer> = region
        .iter()
        .flat_map(|s| s.blocks.iter().map(move |b| (s.title, b)))
        .filter_map(|(title, b)| match b {
            Block::Code(c) => Some((title, c)),
            _ => None,
        })
        .filter(|(_, c)| {
            matches!(crate::lenient::parse(&c.body), Some(Value::Object(m)) if m.contains_key("result"))
        })
        .map(|(title, c)| ExampleAnswer {
            heading: title.to_owned(),
            example: c.body.trim_end().to_owned(),
        })
        .collect();
    if found.len() > 1 {
        found
    } else {
        Vec::new()
    }
}

fn typed(cx: &mut Ctxt<'_>, region: Option<&[Section<'_>]>, method: &str) -> Response {
    let Some(region) = region else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: 0,
            example: None,
            alternatives: Vec::new(),
        };
    };
    let head_line = region.first().map_or(0, |s| s.line);
    let codes = region
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| match b {
            Block::Code(c) => Some(c),
            _ => None,
        });
    let mut example = None;
    let mut result_value = None;
    for code in codes {
        if let Some(Value::Object(mut map)) = crate::lenient::parse(&code.body) {
            if let Some(result) = map.remove("result") {
                result_value = Some(result);
                example = Some(code.body.trim_end().to_string());
                break;
            }
        }
        if example.is_none() && code.lang == "json" {
            example = Some(code.body.trim_end().to_string());
        }
    }
    // An example without the envelope (`[{…}, {…}]`, `{"ID": 1}`) shows what `result`
    // holds: it settles the type as `result` would. One with the envelope's `time` is an
    // envelope that lost its `result` key (catalog.measure.list), and settles nothing.
    if result_value.is_none() {
        result_value = example
            .as_deref()
            .and_then(crate::lenient::parse)
            .filter(|v| v.get("error").is_none() && v.get("time").is_none() && !v.is_null());
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
        return Response {
            ty,
            description: String::new(),
            line: head_line,
            example,
            alternatives: Vec::new(),
        };
    };
    let Some(row) = rows.get(at) else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: head_line,
            example,
            alternatives: Vec::new(),
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
        return Response {
            ty: FieldType::Map(Box::new(FieldType::String)),
            description: row.description.clone(),
            line: row.line,
            example,
            alternatives: Vec::new(),
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
            return Response {
                ty,
                description: row.description.clone(),
                line: row.line,
                example,
                alternatives: Vec::new(),
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
        return Response {
            ty: FieldType::FieldMap,
            description: row.description.clone(),
            line: row.line,
            example,
            alternatives: Vec::new(),
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
    Response {
        ty,
        description: row.description.clone(),
        line: row.line,
        example,
        alternatives: Vec::new(),
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
mod tests {
    use crate::model::{FieldType, MethodSpec};
    use crate::spec::testkit::*;

    #[test]
    fn several_answers_keep_their_headings() {
        let spec = method("# Attach crm.thing.attach\n\nNo parameters.\n\n## Response Handling\n\n#### FILE sent\n\n```json\n{\"result\": {\"ID\": 1}}\n```\n\n#### FILE not sent\n\n```json\n{\"result\": {\"url\": \"u\"}}\n```\n");
        let headings: Vec<&str> = spec
            .response
            .alternatives
            .iter()
            .map(|a| a.heading.as_str())
            .collect();
        assert_eq!(headings, ["FILE sent", "FILE not sent"]);
        assert!(spec.response.alternatives[1].example.contains("url"));
        // The first is the example the type is read from, as before.
        assert!(spec
            .response
            .example
            .as_deref()
            .is_some_and(|e| e.contains("\"ID\"")));
        let one = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": true}\n```\n");
        assert!(
            one.response.alternatives.is_empty(),
            "one example: no alternatives"
        );
    }

    #[test]
    fn no_parameters() {
        let spec = method("# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": {\"ID\": {\"type\": \"integer\"}}}\n```\n");
        assert!(spec.params.is_empty());
        assert_eq!(spec.response.ty, FieldType::FieldMap);
    }

    #[test]
    fn result_from_follow_up_table_and_example() {
        let text = format!(
            "{}\n## Response Handling\n\n```json\n{{\"result\": [{{\"ID\": 1, \"ACTIVE\": \"Y\"}}, {{\"ID\": 2, \"ACTIVE\": \"N\"}}]}}\n```\n\n### Returned Data\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`array` | Items ||\n|| **total**\n`integer` | n ||\n|#\n\nEach item:\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ID**\n`integer` | Id ||\n|| **ACTIVE**\n`string` | Active ||\n|#\n",
            with_params("|| **id**\n`integer` | x ||\n")
        );
        let spec = method(&text);
        assert_eq!(
            shape(object(&spec.response.ty)),
            [
                // (b): the record's id, shown in every element of the example.
                ("ID", FieldType::Integer, true),
                ("ACTIVE", FieldType::YesNo, false)
            ]
        );
        assert!(matches!(spec.response.ty, FieldType::Array(_)));
        assert_eq!(spec.response.description, "Items");
    }

    fn answered(method_name: &str, result: &str, result_type: &str, rows: &str) -> MethodSpec {
        let page = with_params("|| **id**\n`integer` | x ||\n")
            .replace("crm.thing.do", method_name)
            + &answer(result, result_type, rows);
        method(&page)
    }

    #[test]
    fn a_string_result_whose_example_is_true_is_a_boolean() {
        let spec = answered("crm.thing.delete", "true", "string", "");
        assert_eq!(spec.response.ty, FieldType::Boolean);
        assert!(spec
            .notes
            .iter()
            .any(|n| n.message.contains("the example wins")));
    }

    #[test]
    fn a_list_wrapped_in_items_keeps_its_wrapper() {
        // (e): the table says `array`, the example wraps the list in `{"items": […]}`.
        let spec = answered(
            "crm.thing.list",
            r#"{"items": [{"ID": 1, "NAME": "a"}, {"ID": 2, "NAME": null}]}"#,
            "array",
            "|| **ID**\n`integer` | Id ||\n|| **NAME**\n`string` | N ||\n",
        );
        let outer = object(&spec.response.ty);
        assert_eq!(outer.len(), 1);
        assert_eq!((outer[0].name.as_str(), outer[0].required), ("items", true));
        assert!(matches!(outer[0].ty, FieldType::Array(_)));
        assert_eq!(
            shape(object(&outer[0].ty)),
            [
                ("ID", FieldType::Integer, true),
                ("NAME", FieldType::String, false)
            ]
        );
    }

    #[test]
    fn a_table_of_objects_whose_example_lists_names_is_a_list_of_strings() {
        let spec = answered(
            "crm.thing.available",
            r#"["RQ_NAME", "RQ_INN"]"#,
            "array",
            "|| **CODE**\n`string` | Code ||\n|| **SORT**\n`integer` | S ||\n",
        );
        assert_eq!(
            spec.response.ty,
            FieldType::Array(Box::new(FieldType::String))
        );
    }

    #[test]
    fn field_descriptions_wrapped_in_fields() {
        let spec = method(
            "# Fields crm.thing.fields\n\nNo parameters.\n\n## Response Handling\n\n```json\n{\"result\": {\"fields\": {\"id\": {\"type\": \"integer\"}}}}\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | Root ||\n|#\n",
        );
        let outer = object(&spec.response.ty);
        assert_eq!(
            shape(outer),
            [("fields", FieldType::FieldMap, true)],
            "{:#?}",
            spec.response.ty
        );
    }

    #[test]
    fn field_names_mapped_to_titles_are_not_field_descriptions() {
        // user.fields: `{"NAME": "First Name", …}`, typed from the example.
        let spec = answered(
            "thing.fields",
            r#"{"ID": "ID", "NAME": "First Name"}"#,
            "object",
            "",
        );
        assert_eq!(
            spec.response.ty,
            FieldType::Map(Box::new(FieldType::String))
        );
        // biconnector.source.fields: a list of descriptions under `fields`, typed as shown.
        let spec = answered(
            "thing.fields",
            r#"{"fields": [{"title": "id", "type": "integer", "isRequired": true}]}"#,
            "object",
            "",
        );
        assert_ne!(spec.response.ty, FieldType::FieldMap);
        let spec = answered(
            "crm.thing.fields",
            r#"{"ID": {"type": "integer"}}"#,
            "object",
            "",
        );
        assert_eq!(spec.response.ty, FieldType::FieldMap);
    }

    #[test]
    fn response_fields_are_required_only_when_every_answer_carries_them() {
        let spec = answered(
            "crm.thing.get",
            r#"{"ID": 1, "TITLE": "x", "ACTIVE": true, "OPENED": "Y", "NOTE": null, "SORT": 10, "OWNER": 5, "UF_CRM_1": "u"}"#,
            "object",
            "|| **ID**\n`integer` | Id ||\n|| **TITLE**\n`string` | T ||\n|| **ACTIVE**\n`boolean` | A ||\n|| **OPENED**\n`char` | O ||\n|| **NOTE**\n`string` | N ||\n|| **SORT***\n`integer` | S ||\n|| **OWNER**\n`integer | null` | O ||\n|| **UF_CRM_...**\n`string` | U ||\n",
        );
        let required: Vec<_> = object(&spec.response.ty)
            .iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect();
        assert_eq!(
            required,
            [
                ("ID", true),      // (b) the record's id, shown non-null
                ("TITLE", false),  // shown, but absent or null is normal
                ("ACTIVE", true),  // (d) a true/false boolean, shown
                ("OPENED", false), // a Y/N flag is not (d)
                ("NOTE", false),
                ("SORT", true),     // (a) marked required
                ("OWNER", false),   // `| null`: never
                ("UF_CRM_", false), // a pattern: never
            ]
        );
    }

    #[test]
    fn an_id_missing_or_null_somewhere_is_not_required() {
        let spec = answered(
            "crm.thing.list",
            r#"[{"id": 1, "flag": true}, {"id": null, "flag": false}, {"flag": true}]"#,
            "array",
            "|| **id**\n`integer` | Id ||\n|| **flag**\n`boolean` | F ||\n",
        );
        assert_eq!(
            shape(object(&spec.response.ty)),
            [
                ("id", FieldType::Integer, false),
                ("flag", FieldType::Boolean, true)
            ]
        );
    }

    #[test]
    fn link_items_are_written_whole() {
        let rows = "|| **CONTACT_ID**\n`integer` | C ||\n|| **SORT**\n`integer` | S ||\n|| **IS_PRIMARY**\n`char` | P ||\n";
        let result =
            r#"[{"CONTACT_ID": 1, "SORT": 10, "IS_PRIMARY": "Y"}, {"CONTACT_ID": 2, "SORT": 20}]"#;
        let links = answered("crm.thing.contact.items.get", result, "array", rows);
        assert_eq!(
            shape(object(&links.response.ty)),
            [
                ("CONTACT_ID", FieldType::Integer, true),
                ("SORT", FieldType::Integer, true),
                ("IS_PRIMARY", FieldType::YesNo, false), // not in every element
            ]
        );
        // The same answer from another method: (c) does not apply.
        let list = answered("crm.thing.contact.list", result, "array", rows);
        assert!(object(&list.response.ty).iter().all(|f| !f.required));
    }

    #[test]
    fn without_an_example_only_the_table_marks_count() {
        let page = with_params("|| **id**\n`integer` | x ||\n")
            + "\n## Response Handling\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **result**\n`object` | R:\n- **ID** — id\n- **FLAG** — f ||\n|#\n";
        let spec = method(&page);
        assert!(object(&spec.response.ty).iter().all(|f| !f.required));
    }
}
