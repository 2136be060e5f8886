//! REST 3.0 `filter` and `order` (api-reference/rest-v3.md, "Filtering"): conditions
//! `[field, operator, value]` joined by AND, `{"logic": "or", "conditions": […]}` groups,
//! the operators `=`, `!=`, `>`, `>=`, `<`, `<=`, `in`, `between`, and the shorthands
//! `[field, [values]]` (`in`) and `[field, value]` (`=`).
//!
//! Misuse, as the overview's filter-error table and the list pages' error tables say
//! (all 400): a field the object does not have, in `filter` or `order`, is
//! `…UNKNOWNDTOPROPERTYEXCEPTION` ("Unknown field `x` for entity `NoteDto`"); another
//! operator `…UNKNOWNFILTEROPERATOREXCEPTION` ("Unknown filter operator"); a value that
//! does not fit the field's type (`"5"` for an integer: REST 3.0 is typed)
//! `…VALIDATION_REQUESTVALIDATIONEXCEPTION` on `filter`; a condition of another shape
//! (or `in`/`between` without a list, `between` without two bounds)
//! `…INVALIDFILTEREXCEPTION` ("Unable to recognize the filter expression"); a sort
//! direction other than `asc`/`desc` `…INVALIDORDEREXCEPTION`.
//!
//! `null` with `=` asks for an empty field, with `!=` for a filled one; `!=` matches
//! records where the field is empty, as in REST 2.

use serde_json::{Map, Value};

use super::compare::{self, Read};
use super::kind::{Fields, Kind};
use super::rest2::OrderKey;
use crate::v3::V3Error;

/// A parsed REST 3.0 `filter`.
#[derive(Debug, Clone)]
pub(crate) enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Cond {
        field: String,
        kind: Kind,
        op: Op,
        values: Vec<Read>,
    },
}

/// A REST 3.0 filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    Between,
}

/// The DTO name the errors use: `demo.note` → `NoteDto`, `tasks.task.result` →
/// `ResultDto`.
pub(crate) fn dto(entity: &str) -> String {
    let last = entity.rsplit('.').next().unwrap_or(entity);
    let mut chars = last.chars();
    let head: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{head}{}Dto", chars.as_str())
}

fn unknown_field(field: &str, dto: &str) -> V3Error {
    V3Error::v3(
        400,
        "UNKNOWNDTOPROPERTYEXCEPTION",
        format!("Unknown field `{field}` for entity `{dto}`"),
    )
}

fn unrecognized() -> V3Error {
    V3Error::v3(
        400,
        "INVALIDFILTEREXCEPTION",
        "Unable to recognize the filter expression",
    )
}

fn label(kind: Kind) -> &'static str {
    match kind {
        Kind::Int | Kind::Link => "integer",
        Kind::Number => "double",
        Kind::Flag => "boolean",
        Kind::Date => "date",
        Kind::DateTime => "datetime",
        Kind::Text | Kind::Code | Kind::Multi => "string",
        Kind::Any => "any",
    }
}

/// Whether a JSON value has the field's type.
fn fits(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Int | Kind::Link => v.as_i64().is_some(),
        Kind::Number => v.is_number(),
        Kind::Flag => v.is_boolean(),
        Kind::Date | Kind::DateTime => v.as_str().and_then(super::time::parse).is_some(),
        Kind::Text | Kind::Code | Kind::Multi => v.is_string(),
        Kind::Any => true,
    }
}

impl Filter {
    /// Reads the `filter` array of one entity's fields.
    pub(crate) fn parse(
        conditions: &[Value],
        fields: &Fields,
        dto: &str,
    ) -> Result<Filter, V3Error> {
        let nodes = conditions
            .iter()
            .map(|c| Filter::one(c, fields, dto))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Filter::All(nodes))
    }

    fn one(condition: &Value, fields: &Fields, dto: &str) -> Result<Filter, V3Error> {
        if let Some(group) = condition.as_object() {
            let conditions = group
                .get("conditions")
                .and_then(Value::as_array)
                .ok_or_else(unrecognized)?;
            let inner = Filter::parse(conditions, fields, dto)?;
            let Filter::All(nodes) = inner else {
                return Err(unrecognized());
            };
            return match group.get("logic").and_then(Value::as_str) {
                Some(l) if l.eq_ignore_ascii_case("or") => Ok(Filter::Any(nodes)),
                None => Ok(Filter::All(nodes)),
                Some(l) if l.eq_ignore_ascii_case("and") => Ok(Filter::All(nodes)),
                Some(_) => Err(unrecognized()),
            };
        }
        let parts = condition.as_array().ok_or_else(unrecognized)?;
        let (field, op, value) = match parts.as_slice() {
            [Value::String(f), Value::String(op), v] => (f, op.to_lowercase(), v),
            [Value::String(f), v @ Value::Array(_)] => (f, "in".to_owned(), v),
            [Value::String(f), v] => (f, "=".to_owned(), v),
            _ => return Err(unrecognized()),
        };
        let kind = fields
            .kind(field)
            .ok_or_else(|| unknown_field(field, dto))?;
        let op = match op.as_str() {
            "=" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            ">=" => Op::Ge,
            "<" => Op::Lt,
            "<=" => Op::Le,
            "in" => Op::In,
            "between" => Op::Between,
            _ => {
                return Err(V3Error::v3(
                    400,
                    "UNKNOWNFILTEROPERATOREXCEPTION",
                    "Unknown filter operator",
                ))
            }
        };
        let given: Vec<&Value> = match (op, value) {
            (Op::In, Value::Array(items)) => items.iter().collect(),
            (Op::Between, Value::Array(items)) if items.len() == 2 => items.iter().collect(),
            (Op::In | Op::Between, _) => return Err(unrecognized()),
            (_, v) => vec![v],
        };
        let nullable = matches!(op, Op::Eq | Op::Ne);
        for v in &given {
            if !(fits(kind, v) || (v.is_null() && nullable)) {
                return Err(V3Error::request(
                    "filter",
                    format!(
                        "The field `{field}` requires data type `{}` for this request.",
                        label(kind)
                    ),
                ));
            }
        }
        Ok(Filter::Cond {
            field: field.clone(),
            kind,
            op,
            values: given.iter().map(|v| compare::read(kind, v)).collect(),
        })
    }

    /// Whether a record passes.
    pub(crate) fn matches(&self, record: &Map<String, Value>) -> bool {
        match self {
            Filter::All(nodes) => nodes.iter().all(|n| n.matches(record)),
            Filter::Any(nodes) => nodes.iter().any(|n| n.matches(record)),
            Filter::Cond {
                field,
                kind,
                op,
                values,
            } => {
                let actual = record
                    .get(field)
                    .map_or(Read::Empty, |v| compare::read(*kind, v));
                let equal = |w: &Read| match w {
                    Read::Empty => actual == Read::Empty,
                    w => compare::equal(&actual, w),
                };
                let filled = !matches!(actual, Read::Empty | Read::Invalid);
                let cmp = |w: &Read| compare::cmp_read(&actual, w);
                match (op, values.as_slice()) {
                    (Op::Eq, [w]) => equal(w),
                    (Op::Ne, [w]) => !equal(w),
                    (Op::In, ws) => ws.iter().any(equal),
                    (Op::Gt, [w]) => filled && cmp(w).is_gt(),
                    (Op::Ge, [w]) => filled && cmp(w).is_ge(),
                    (Op::Lt, [w]) => filled && cmp(w).is_lt(),
                    (Op::Le, [w]) => filled && cmp(w).is_le(),
                    (Op::Between, [lo, hi]) => filled && cmp(lo).is_ge() && cmp(hi).is_le(),
                    _ => false,
                }
            }
        }
    }
}

/// Reads an `order` object (`{"title": "asc"}`); `id` ascending breaks ties.
pub(crate) fn order(
    order: Option<&Map<String, Value>>,
    fields: &Fields,
    dto: &str,
) -> Result<Vec<OrderKey>, V3Error> {
    let mut keys = Vec::new();
    for (name, direction) in order.into_iter().flatten() {
        let kind = fields.kind(name).ok_or_else(|| unknown_field(name, dto))?;
        let desc = match direction.as_str() {
            Some(d) if d.eq_ignore_ascii_case("desc") => true,
            Some(d) if d.eq_ignore_ascii_case("asc") => false,
            _ => {
                return Err(V3Error::v3(
                    400,
                    "INVALIDORDEREXCEPTION",
                    "Unable to recognize the sorting expression",
                ))
            }
        };
        keys.push((name.clone(), kind, desc));
    }
    keys.push(("id".into(), Kind::Int, false));
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Fields {
        Fields::default().with([
            ("id".to_owned(), Kind::Int),
            ("status".to_owned(), Kind::Text),
            ("createdAt".to_owned(), Kind::DateTime),
        ])
    }

    fn pass(filter: Value, record: Value) -> Result<bool, V3Error> {
        let f = Filter::parse(filter.as_array().unwrap(), &fields(), "NoteDto")?;
        Ok(f.matches(record.as_object().unwrap()))
    }

    #[test]
    fn the_overviews_conditions_and_errors() {
        let rec = json!({"id": 4, "status": "NEW", "createdAt": "2025-03-01T10:00:00Z"});
        let f = json!([["status", "=", "NEW"], {"logic": "or", "conditions": [["id", [1, 2]], ["id", "in", [3, 4, 5]]]}]);
        assert!(pass(f, rec.clone()).unwrap());
        assert!(!pass(json!([["id", "between", [5, 9]]]), rec.clone()).unwrap());
        let f = json!([["createdAt", "between", ["2025-01-01", "2025-12-31"]]]);
        assert!(pass(f, rec.clone()).unwrap());
        let code = |f: Value| pass(f, rec.clone()).unwrap_err().code;
        assert!(code(json!([["id", "~", 1]])).ends_with("UNKNOWNFILTEROPERATOREXCEPTION"));
        assert!(code(json!([["stageId", "=", 1]])).ends_with("UNKNOWNDTOPROPERTYEXCEPTION"));
        assert!(code(json!([["id", "=", "4"]])).ends_with("REQUESTVALIDATIONEXCEPTION"));
        assert!(code(json!([["id", "between", [1]]])).ends_with("INVALIDFILTEREXCEPTION"));
        assert_eq!(dto("tasks.task.result"), "ResultDto");
    }
}
