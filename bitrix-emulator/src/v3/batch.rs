//! REST 3.0 `batch` (`api-reference/rest-v3.md#batch`): the body is a JSON array at the
//! root, one `{"method", "query"}` per step; each step runs as the same call made alone
//! would (method lookup, scope, the page's checks, the store), in order, and the answer is
//! `{"result": [step results…]}` in the same order.
//!
//! Where the overview leaves a choice open:
//! - a body that is not such an array (the REST 2 `{"cmd": {…}}`, strings like
//!   `"method?param=value"`, a step without `method` or `query`) is 400
//!   `…INVALIDSELECTEXCEPTION`, the code the overview gives for the old format, before any
//!   step runs; an empty query may be `[]` (what PHP encodes an empty array as);
//! - a failing step ends the batch: its error (status, code, message, validation) is the
//!   answer, with no `result`, as every REST 3.0 error; earlier steps stay applied (the
//!   overview says nothing of a rollback);
//! - `batch` inside a batch is `ERROR_METHOD_NOT_FOUND`; no step limit is documented, so
//!   none is applied;
//! - the `Idempotency-Key` and the `operating` time belong to the request (`batch`), not
//!   to its steps; the log lists the steps' methods in `inner_methods`.

use serde_json::{Map, Value};

use super::{check_scope, dispatch, resolve, V3Error};
use crate::auth::Caller;
use crate::call;
use crate::log::RequestLog;
use crate::world::{Shared, World};

/// One step: the method (normalized) and its parameters.
#[derive(Debug, Clone)]
pub(super) struct Step {
    method: String,
    query: Value,
}

/// The body as JSON (any JSON: its shape is [`steps`]' to judge); an empty body is no
/// steps; a form body or text that does not parse is `…INVALIDJSONEXCEPTION`.
pub(super) fn body(content_type: &str, body: &[u8]) -> Result<Value, V3Error> {
    if body.trim_ascii().is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    if content_type.to_ascii_lowercase().contains("form") {
        return Err(V3Error::invalid_json());
    }
    serde_json::from_slice(body).map_err(|_| V3Error::invalid_json())
}

/// The steps of a batch body, or 400 `…INVALIDSELECTEXCEPTION` for any other shape.
pub(super) fn steps(body: &Value) -> Result<Vec<Step>, V3Error> {
    let Value::Array(items) = body else {
        return Err(invalid_select(
            "The batch body must be a JSON array of calls; the `cmd` format of the previous version is not supported",
        ));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let method = item.get("method").and_then(Value::as_str);
            let query = match item.get("query") {
                Some(Value::Object(q)) => Some(Value::Object(q.clone())),
                Some(Value::Array(q)) if q.is_empty() => Some(Value::Object(Map::new())),
                _ => None,
            };
            match (item.is_object(), method, query) {
                (true, Some(method), Some(query)) if !method.trim().is_empty() => Ok(Step {
                    method: call::normalize(method),
                    query,
                }),
                _ => Err(invalid_select(&format!(
                    "Call {i} of the batch must be an object with a `method` string and a `query` object"
                ))),
            }
        })
        .collect()
}

fn invalid_select(message: &str) -> V3Error {
    V3Error::v3(400, "INVALIDSELECTEXCEPTION", message)
}

/// Runs the steps in order; the list of their results, or the first step's error.
pub(super) fn run(
    shared: &Shared,
    world: &mut World,
    caller: &Caller,
    steps: &[Step],
    now: f64,
    log: &mut RequestLog,
) -> Result<Value, V3Error> {
    let mut results = Vec::with_capacity(steps.len());
    for step in steps {
        log.inner_methods.push(step.method.clone());
        let target = resolve(shared, &step.method).ok_or_else(V3Error::method_not_found)?;
        check_scope(caller, &target)?;
        let (outcome, served_by) = dispatch(shared, world, caller, &target, &step.query, now);
        log.inner_served_by.push(served_by);
        results.push(outcome?);
    }
    Ok(Value::Array(results))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_arrays_of_method_and_query_are_batches() {
        let ok = steps(&json!([
            {"method": "Demo.Note.Get", "query": {"id": 1}},
            {"method": "demo.note.list", "query": []},
        ]))
        .unwrap();
        assert_eq!(ok[0].method, "demo.note.get");
        assert_eq!(ok[1].query, json!({}));
        assert!(steps(&json!([])).unwrap().is_empty());
        for bad in [
            json!({"cmd": {"a": "demo.note.get?id=1"}}),
            json!({"halt": 0, "cmd": {}}),
            json!(["demo.note.get?id=1"]),
            json!([{"method": "demo.note.get"}]),
            json!([{"query": {}}]),
            json!([{"method": "", "query": {}}]),
            json!([{"method": "demo.note.get", "query": "id=1"}]),
            json!(5),
        ] {
            assert_eq!(
                steps(&bad).unwrap_err().code,
                "BITRIX_REST_V3_EXCEPTION_INVALIDSELECTEXCEPTION",
                "{bad}"
            );
        }
    }

    #[test]
    fn bodies_are_json() {
        assert_eq!(body("", b"").unwrap(), json!([]));
        assert_eq!(body("application/json", b"[1]").unwrap(), json!([1]));
        for (ct, b) in [
            ("application/json", &b"cmd[a]=x"[..]),
            ("application/x-www-form-urlencoded", b"cmd[a]=x"),
        ] {
            assert_eq!(
                body(ct, b).unwrap_err().code,
                "BITRIX_REST_V3_EXCEPTION_INVALIDJSONEXCEPTION"
            );
        }
    }
}
