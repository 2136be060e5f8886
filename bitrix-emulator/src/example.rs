//! Every other page: the request is checked against the page, then answered with the
//! page's success example (`result`, and `total`/`next` when the example has them) under
//! a fresh `time`. Nothing is stored.
//!
//! Checks, all 400 with an empty code as the CRM answers:
//! - a required parameter (or a required field of a given object, or of each element of
//!   a given list) that is missing or `null` → `Required fields not provided: NAME.`;
//! - an `integer`/`double` that is not a number, a `Y`/`N` flag or `boolean` that is not
//!   one, an object that is not an object, a list that is not a list → `The parameter
//!   NAME is invalid or not defined.` (`Parameter 'NAME' must be array.` for objects);
//! - a value outside a documented list of plain values (`P`/`C`, `Y`/`N`) → the same
//!   "invalid" text (order directions, `ASC`/`DESC`, in any case). Lists that mix prose
//!   or operators are not enforced.
//!
//! A parameter given empty (`0`, `""`) where the page's errors table names an error for it
//! being empty (`BOT_ID_ERROR`, "Bot ID can't be empty") is that error, 400.
//!
//! A page with several success examples answers the one whose heading fits the request
//! (`FILENAME sent, FILE_CONTENT not`), else its first; where the answer shows a parameter
//! by its own name, it holds the value given (imconnector.status's `CONNECTOR`, `LINE`).
//!
//! A page without a parsable example answers the simplest value of its result type
//! (`true`, `0`, `""`, `[]`, `{}`; `[]` for a `*.list` page that names no type).

use bitrix_docs::{Field, FieldType, MethodSpec};
use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::params;

pub(crate) fn run(spec: &MethodSpec, p: &Value) -> Result<Answer, ApiError> {
    validate(spec, p)?;
    Ok(answer(spec, p))
}

/// Checks a request against its page (required parameters, types, listed values), as the
/// portal does before any method runs.
pub(crate) fn validate(spec: &MethodSpec, p: &Value) -> Result<(), ApiError> {
    let given = p.as_object().cloned().unwrap_or_default();
    check(&spec.params, &given, "")?;
    empty_ids(spec, &given)
}

/// A parameter given empty (`0`, `""`) where the page's errors table has an error for it
/// being empty: `BOT_ID_ERROR` "Bot ID can't be empty" for im.message.command's `BOT_ID`,
/// `CHAT_ID_EMPTY` for im.disk.file.commit's `CHAT_ID`. The page's code and message, 400.
fn empty_ids(spec: &MethodSpec, given: &Map<String, Value>) -> Result<(), ApiError> {
    for e in &spec.errors {
        let message = super::answer::documented_message(e).to_ascii_lowercase();
        let says_empty = ["can't be empty", "cannot be empty"]
            .iter()
            .any(|t| message.contains(t));
        let Some(stem) = e
            .code
            .strip_suffix("_EMPTY")
            .or_else(|| e.code.strip_suffix("_ERROR"))
        else {
            continue;
        };
        let param = spec
            .params
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(stem));
        let value = param.and_then(|f| given.iter().find(|(k, _)| k.eq_ignore_ascii_case(&f.name)));
        let empty = value.is_some_and(|(_, v)| match v {
            Value::Number(n) => n.as_f64() == Some(0.0),
            Value::String(s) => s.trim().is_empty() || s.trim() == "0",
            _ => false,
        });
        if says_empty && empty {
            return Err(ApiError::documented(400, e));
        }
    }
    Ok(())
}

fn answer(spec: &MethodSpec, p: &Value) -> Answer {
    let chosen = spec
        .response
        .alternatives
        .iter()
        .find(|a| fits(&a.heading, spec, p))
        .and_then(|a| super::schema::envelope_of(&a.example));
    match chosen.or_else(|| super::schema::example_envelope(spec)) {
        Some(v) => Answer {
            result: echoed(v["result"].clone(), spec, p),
            total: v.get("total").and_then(Value::as_u64),
            next: v.get("next").and_then(Value::as_u64),
        },
        // A list page without an example (the outdated crm.productrow.list) lists nothing.
        None if spec.name.ends_with(".list") && spec.response.ty == FieldType::Any => {
            Answer::of(json!([]))
        }
        None => Answer::of(simplest(&spec.response.ty)),
    }
}

/// The example's `result` with the request's own values where it shows a parameter of the
/// same name (imconnector.status `{CONNECTOR, LINE}` answers that connector and line, not
/// the example's): plain values only, each kept in the type the example shows.
fn echoed(mut result: Value, spec: &MethodSpec, p: &Value) -> Value {
    let Value::Object(map) = &mut result else {
        return result;
    };
    for f in &spec.params {
        let (Some(shown), Some(given)) = (map.get_mut(&f.name), params::get(p, &f.name)) else {
            continue;
        };
        let value = match (&*shown, given) {
            (Value::String(_), v) => params::text(v).map(Value::String),
            (Value::Number(_), v) => params::int(v).map(Value::from),
            _ => None,
        };
        if let Some(value) = value {
            *shown = value;
        }
    }
    result
}

/// Whether a request fits the heading of one of its page's success examples: every
/// parameter the heading names is given, or not, as the heading says (`FILENAME sent,
/// FILE_CONTENT not`; "Example Answer When `section` Is Not Sent"). A heading that names
/// none fits nothing (the first example answers).
fn fits(heading: &str, spec: &MethodSpec, p: &Value) -> bool {
    let mut named: Vec<(usize, usize, &str)> = spec
        .params
        .iter()
        .filter_map(|f| word_at(heading, &f.name).map(|i| (i, i + f.name.len(), f.name.as_str())))
        .collect();
    named.sort_unstable();
    !named.is_empty()
        && named.iter().enumerate().all(|(n, (_, end, name))| {
            let next = named.get(n + 1).map_or(heading.len(), |h| h.0);
            let said = heading
                .get(*end..next)
                .unwrap_or_default()
                .to_ascii_lowercase();
            let not = said
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "not");
            let given = params::get(p, name).is_some_and(|v| !v.is_null());
            given != not
        })
}

/// Where `name` stands in `text` as a whole word (not inside a longer name).
fn word_at(text: &str, name: &str) -> Option<usize> {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).map(|(i, _)| i).find(|&i| {
        !text[..i].chars().next_back().is_some_and(part)
            && !text[i + name.len()..].chars().next().is_some_and(part)
    })
}

/// Written without an exhaustive `match`, so that new kinds of field (the model grows)
/// fall back to `null` instead of breaking the build.
fn simplest(ty: &FieldType) -> Value {
    use FieldType as T;
    if matches!(ty, T::Boolean | T::Any) {
        json!(true)
    } else if matches!(ty, T::Integer | T::Double) {
        json!(0)
    } else if matches!(ty, T::YesNo) {
        json!("Y")
    } else if matches!(ty, T::String | T::Date | T::DateTime) {
        json!("")
    } else if matches!(ty, T::Array(_)) {
        json!([])
    } else if matches!(ty, T::Object(_) | T::FieldMap) {
        json!({})
    } else {
        Value::Null
    }
}

fn lookup<'a>(given: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    given
        .get(name)
        .or_else(|| {
            given
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
        .filter(|v| !v.is_null())
}

/// Checks `given` against the documented `fields` (`path` names the enclosing object).
pub(crate) fn check(
    fields: &[Field],
    given: &Map<String, Value>,
    path: &str,
) -> Result<(), ApiError> {
    for f in fields {
        // A page may document two parameters differing only in case (department.get:
        // `sort`, the order field, and `SORT`, a filter value): each reads its own.
        let value = match given.get(&f.name) {
            Some(v) => Some(v).filter(|v| !v.is_null()),
            None if fields
                .iter()
                .any(|o| o.name != f.name && o.name.eq_ignore_ascii_case(&f.name)) =>
            {
                None
            }
            None => lookup(given, &f.name),
        };
        match value {
            None if f.required && !excused(f, fields, given) => {
                return Err(ApiError::required(&format!("{path}{}", f.name)))
            }
            None => {}
            Some(v) => check_value(f, &f.ty, v, path)?,
        }
    }
    Ok(())
}

/// Whether a required `f` may be left out because the page makes it one of alternatives
/// and another is given: a description saying "one of them is enough", "at least one of"
/// or "needed unless" names `f` and the others in code spans (telephony.externalcall.register:
/// "Send `USER_ID`, `USER_PHONE_INNER` or both: one of them is enough", in one of the two
/// rows; im.disk.folder.get's `CHAT_ID`: "Needed unless `DIALOG_ID` is sent").
fn excused(f: &Field, fields: &[Field], given: &Map<String, Value>) -> bool {
    const EITHER: &[&str] = &["one of them is enough", "at least one of", "needed unless"];
    fields.iter().any(|g| {
        let d = g.description.to_lowercase();
        if !EITHER.iter().any(|e| d.contains(e)) {
            return false;
        }
        let mut named: Vec<&str> = g.description.split('`').skip(1).step_by(2).collect();
        named.push(&g.name);
        named.contains(&f.name.as_str())
            && named
                .iter()
                .any(|n| *n != f.name && given.get(*n).is_some_and(|v| !v.is_null()))
    })
}

fn check_value(f: &Field, ty: &FieldType, v: &Value, path: &str) -> Result<(), ApiError> {
    let name = format!("{path}{}", f.name);
    let invalid = || ApiError::invalid(&name);
    let scalar = !v.is_array() && !v.is_object();
    match ty {
        FieldType::Integer if params::int(v).is_none() => return Err(invalid()),
        FieldType::Double if number(v).is_none() => return Err(invalid()),
        FieldType::YesNo | FieldType::Boolean if !is_flag(v) => return Err(invalid()),
        FieldType::Object(inner) => {
            let Some(m) = params::object(v) else {
                return Err(ApiError::crm(format!("Parameter '{name}' must be array.")));
            };
            return check(inner, &m, &format!("{name}."));
        }
        FieldType::Array(inner) => {
            // Bitrix's `array` is PHP's: pages call an object an array too
            // (crm.activity.add's `fields`). An object whose keys are not indexes is
            // one such object, not a list of its values.
            if let (Value::Object(m), FieldType::Object(_)) = (v, inner.as_ref()) {
                if !m.keys().all(|k| k.parse::<usize>().is_ok()) {
                    return check_value(f, inner, v, path);
                }
            }
            let Some(items) = params::list(v) else {
                return Err(invalid());
            };
            for item in items {
                check_value(f, inner, item, path)?;
            }
            return Ok(());
        }
        _ => {}
    }
    let plain: Vec<&str> = f.allowed.iter().map(|(v, _)| v.as_str()).collect();
    let enforce = plain.len() >= 2
        && plain
            .iter()
            .all(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        // `CO_`, `C_`, `L_`, `D_` (calendar.event.add's `crm_fields`) are prefixes of the
        // values, not the values.
        && !plain.iter().all(|a| a.ends_with('_'))
        // `chatXXX`, `sgXXX`, `XXX` (im.dialog.get's `DIALOG_ID`) are templates of values.
        && !plain.iter().any(|a| a.contains("XXX"))
        && matches!(
            ty,
            FieldType::String | FieldType::Integer | FieldType::YesNo
        );
    if enforce && scalar {
        let text = params::text(v).unwrap_or_default();
        let is_flag_alias = matches!(ty, FieldType::YesNo) && v.is_boolean();
        // Order directions are read without regard to case (`"order": "asc"`).
        let direction = plain.iter().any(|a| a.eq_ignore_ascii_case("asc"));
        let listed = plain
            .iter()
            .any(|a| *a == text || (direction && a.eq_ignore_ascii_case(&text)));
        if !is_flag_alias && !listed {
            return Err(invalid());
        }
    }
    Ok(())
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_flag(v: &Value) -> bool {
    match v {
        Value::Bool(_) => true,
        Value::Number(n) => matches!(n.as_i64(), Some(0 | 1)),
        Value::String(s) => matches!(
            s.trim().to_ascii_uppercase().as_str(),
            "Y" | "N" | "1" | "0" | "TRUE" | "FALSE" | ""
        ),
        _ => false,
    }
}
