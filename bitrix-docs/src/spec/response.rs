//! The answer: the `result` row (or a table of the result's own fields) under
//! `## Response Handling`, and the success example.

use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{FieldType, Response};
use crate::page::{Block, Page, Table};
use crate::types::{self, TypeText};

use super::resolve::Resolver;
use super::rows::{read_rows, RawField};
use super::structures::Structures;
use super::tables;

pub(super) fn response(cx: &mut Ctxt<'_>, page: &Page<'_>, method: &str) -> Response {
    let _ = cx;
    // "## Response Handling", "## Response on Success", sometimes a level-3 heading.
    let at = page
        .sections
        .iter()
        .position(|s| s.level >= 2 && s.title.to_ascii_lowercase().starts_with("response"));
    let Some(at) = at else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: 0,
            example: None,
        };
    };
    let end = page
        .sections
        .iter()
        .enumerate()
        .skip(at + 1)
        .find(|(_, s)| s.level <= 2)
        .map_or(page.sections.len(), |(i, _)| i);
    let region = page.sections.get(at..end).unwrap_or(&[]);
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
        if let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(&code.body) {
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
            Some(Value::Object(_)) | None if method.ends_with(".fields") => FieldType::FieldMap,
            Some(Value::Bool(_)) => FieldType::Boolean,
            Some(value) => fields_table_of(&all_tables, value).map_or(FieldType::Any, |rows| {
                let raw = RawField {
                    bullet_fields: rows,
                    ..RawField::named("result", head_line)
                };
                let mut resolver = Resolver {
                    structures: Structures::of(region),
                };
                resolver.field(raw, &examples, 0).ty
            }),
            None => FieldType::Any,
        };
        return Response {
            ty,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let Some(row) = rows.get(at) else {
        return Response {
            ty: FieldType::Any,
            description: String::new(),
            line: head_line,
            example,
        };
    };
    let mut raw = row.clone();
    let text = types::parse(&raw.type_text);
    let is_object = matches!(text, TypeText::Object | TypeText::Missing | TypeText::Any)
        && examples.iter().all(|v| v.is_object());
    if method.ends_with(".fields") && is_object {
        return Response {
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
    let mut resolver = Resolver {
        structures: Structures::of(region),
    };
    let mut ty = resolver.field(raw, &examples, 0).ty;
    if ty == FieldType::Any {
        // `object` in the table, `true` in the example: the example settles it.
        if let Some(Value::Bool(_)) = result_value {
            ty = FieldType::Boolean;
        }
    }
    Response {
        ty,
        description: row.description.clone(),
        line: row.line,
        example,
    }
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
    let confirmed = examples.iter().all(|v| {
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

#[cfg(test)]
mod tests {
    use crate::model::FieldType;
    use crate::spec::testkit::*;

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
                ("ID", FieldType::Integer, false),
                ("ACTIVE", FieldType::YesNo, false)
            ]
        );
        assert!(matches!(spec.response.ty, FieldType::Array(_)));
        assert_eq!(spec.response.description, "Items");
    }
}
