//! `batch` (settings/how-to-call-rest-api/batch.md).
//!
//! - `cmd` is a map or a list of `"method?query"` strings, run in order; `halt=1` stops at
//!   the first failing command.
//! - Commands past the 50th are not run; each gets `ERROR_BATCH_LENGTH_EXCEEDED` in
//!   `result_error` (the page: "subqueries beyond the limit will end with an error").
//! - A nested `batch` gets `ERROR_BATCH_METHOD_NOT_ALLOWED`.
//! - `$result[key]` and `$result[key][field]…` in query values are replaced by earlier
//!   results before a command runs: a value that is exactly one reference takes the
//!   referenced value as it is (number, text, object); a reference inside longer text is
//!   replaced by the value's text. A reference to a missing key or field stays as written.
//! - The answer is HTTP 200 with `result: {result, result_error, result_total,
//!   result_next, result_time}`, each a PHP array (`[]` when empty).
//! - The batch is one request for the rate limit; each command is checked against and
//!   counted in its own method's `operating`, the batch itself is not.

use serde_json::{json, Value};

use super::answer::{php_array, ApiError, Timing};
use super::auth::Caller;
use super::call::{normalize, run_method};
use super::limits::Operating;
use super::log::RequestLog;
use super::params;
use super::world::{Shared, World};
use bitrix_api::query;

/// The most commands one batch runs.
pub(crate) const MAX_COMMANDS: usize = 50;

/// Runs a batch; returns the full answer body (always a success envelope).
pub(crate) fn run(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    params: &Value,
    order: Option<&[String]>,
    log: &mut RequestLog,
) -> Value {
    let start = shared.clock.now();
    let halt = params::flag(params::get(params, "halt"));
    let commands = commands(params::get(params, "cmd"), order);

    let mut results: Vec<(String, Value)> = Vec::new();
    let mut errors = Vec::new();
    let mut totals = Vec::new();
    let mut nexts = Vec::new();
    let mut times = Vec::new();
    let mut processing = 0.0;

    for (i, (key, line)) in commands.into_iter().enumerate() {
        let outcome = if i >= MAX_COMMANDS {
            Err(ApiError::batch_length())
        } else {
            let (method, query_text) = line.split_once('?').unwrap_or((line.as_str(), ""));
            let method = normalize(method);
            log.inner_methods.push(method.clone());
            if method == "batch" {
                Err(ApiError::batch_method())
            } else {
                let mut p = query::decode(query_text);
                substitute(&mut p, &results);
                run_method(shared, world, caller, &method, &p)
            }
        };
        match outcome {
            Ok((answer, timing, served_by)) => {
                log.inner_served_by.push(served_by);
                processing += timing.processing;
                if let Some(total) = answer.total {
                    totals.push((key.clone(), json!(total)));
                }
                if let Some(next) = answer.next {
                    nexts.push((key.clone(), json!(next)));
                }
                times.push((key.clone(), timing.to_json()));
                results.push((key, answer.result));
            }
            Err(mut e) => {
                if e.code == "insufficient_scope" {
                    // As the page's example shows for commands inside a batch.
                    e.description.clear();
                }
                errors.push((key, e.body()));
                if halt {
                    break;
                }
            }
        }
    }

    let idle = Operating::idle(start);
    let timing = Timing {
        start,
        finish: start + processing,
        processing,
        operating: idle.operating,
        operating_reset_at: idle.reset_at,
    };
    json!({
        "result": {
            "result": php_array(results),
            "result_error": php_array(errors),
            "result_total": php_array(totals),
            "result_next": php_array(nexts),
            "result_time": php_array(times),
        },
        "time": timing.to_json(),
    })
}

/// `(key, "method?query")` pairs in execution order.
fn commands(cmd: Option<&Value>, order: Option<&[String]>) -> Vec<(String, String)> {
    let text = |v: &Value| params::text(v).unwrap_or_default();
    match cmd {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), text(v)))
            .collect(),
        Some(Value::Object(map)) => {
            let mut keys: Vec<&String> = Vec::with_capacity(map.len());
            for k in order.unwrap_or_default() {
                if let Some((key, _)) = map.get_key_value(k) {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            for k in map.keys() {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
            keys.into_iter()
                .map(|k| (k.clone(), text(&map[k])))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// Replaces `$result[...]` references in every string of `params`.
fn substitute(params: &mut Value, results: &[(String, Value)]) {
    match params {
        Value::String(s) if s.contains("$result[") => {
            if let Some(v) = resolve_whole(s, results) {
                *params = v;
            } else {
                *s = resolve_inline(s, results);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| substitute(v, results)),
        Value::Object(map) => map.values_mut().for_each(|v| substitute(v, results)),
        _ => {}
    }
}

/// Parses `$result[a][b]…` at the start of `s`; returns the path and the length used.
fn parse_ref(s: &str) -> Option<(Vec<&str>, usize)> {
    let mut rest = s.strip_prefix("$result")?;
    let mut path = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        path.push(&inner[..close]);
        rest = &inner[close + 1..];
    }
    (!path.is_empty()).then(|| (path, s.len() - rest.len()))
}

fn lookup<'a>(path: &[&str], results: &'a [(String, Value)]) -> Option<&'a Value> {
    let (first, fields) = path.split_first()?;
    let mut v = &results.iter().find(|(k, _)| k == first)?.1;
    for f in fields {
        v = match v {
            Value::Object(m) => m.get(*f)?,
            Value::Array(a) => a.get(f.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v)
}

fn resolve_whole(s: &str, results: &[(String, Value)]) -> Option<Value> {
    let (path, used) = parse_ref(s)?;
    (used == s.len()).then(|| lookup(&path, results).cloned())?
}

fn resolve_inline(s: &str, results: &[(String, Value)]) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("$result[") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match parse_ref(tail).and_then(|(path, used)| Some((lookup(&path, results)?, used))) {
            Some((v, used)) => {
                out.push_str(&params::text(v).unwrap_or_else(|| v.to_string()));
                rest = &tail[used..];
            }
            None => {
                out.push('$');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results() -> Vec<(String, Value)> {
        vec![
            ("lead".into(), json!(7)),
            ("list".into(), json!([{"ID": "3"}, {"ID": "4"}])),
        ]
    }

    #[test]
    fn substitutes_whole_and_inline_references() {
        let mut p = json!({
            "id": "$result[lead]",
            "fields": {"CONTACT_ID": "$result[list][1][ID]", "TITLE": "lead $result[lead]!"},
            "keep": "$result[missing]",
        });
        substitute(&mut p, &results());
        assert_eq!(p["id"], json!(7));
        assert_eq!(p["fields"]["CONTACT_ID"], json!("4"));
        assert_eq!(p["fields"]["TITLE"], json!("lead 7!"));
        assert_eq!(p["keep"], json!("$result[missing]"));
    }

    #[test]
    fn orders_commands_by_given_key_order() {
        let cmd = json!({"a": "x", "b": "y", "c": "z"});
        let order = vec!["c".to_owned(), "a".to_owned()];
        let keys: Vec<String> = commands(Some(&cmd), Some(&order))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["c", "a", "b"]);
        let list: Vec<(String, String)> = commands(Some(&json!(["m1", "m2"])), None);
        assert_eq!(list[1], ("1".to_owned(), "m2".to_owned()));
    }
}
