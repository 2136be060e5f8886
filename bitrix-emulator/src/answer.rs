//! What a method answers: a result (with `total`/`next` for lists) or a documented error,
//! and the `time` object every successful answer carries.

use serde_json::{json, Map, Value};

use super::clock::datetime;

/// A method's successful outcome, before the envelope is added.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub result: Value,
    /// List methods: the number of matching records (`0` with `start=-1`).
    pub total: Option<u64>,
    /// List methods: the `start` of the next page, when there is one.
    pub next: Option<u64>,
}

impl Answer {
    pub(crate) fn of(result: Value) -> Self {
        Answer {
            result,
            total: None,
            next: None,
        }
    }
}

/// An error answer: HTTP status, `error` and `error_description`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: String,
    pub description: String,
}

impl ApiError {
    pub(crate) fn new(
        status: u16,
        code: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code: code.into(),
            description: description.into(),
        }
    }

    /// The CRM's own errors have an empty code and status 400.
    pub(crate) fn crm(description: impl Into<String>) -> Self {
        Self::new(400, "", description)
    }

    /// A required parameter or field is missing (empty code, as the pages list it).
    pub(crate) fn required(name: &str) -> Self {
        Self::crm(format!("Required fields not provided: {name}."))
    }

    /// A parameter is present but not usable (e.g. `id=abc`, `id=0`).
    pub(crate) fn invalid(name: &str) -> Self {
        Self::crm(format!("The parameter {name} is invalid or not defined."))
    }

    /// An error a page's errors table documents: its code and its message (the row's
    /// description without the table's explanation, `message — why`), with `status`.
    pub(crate) fn documented(status: u16, e: &bitrix_docs::ErrorCode) -> Self {
        Self::new(status, &e.code, documented_message(e))
    }

    pub(crate) fn not_found() -> Self {
        Self::new(400, "NOT_FOUND", "Not found.")
    }

    pub(crate) fn method_not_found() -> Self {
        Self::new(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    }

    pub(crate) fn no_auth() -> Self {
        Self::new(401, "NO_AUTH_FOUND", "Wrong authorization data")
    }

    pub(crate) fn expired_token() -> Self {
        Self::new(
            401,
            "expired_token",
            "The access token provided has expired.",
        )
    }

    pub(crate) fn insufficient_scope(description: &str) -> Self {
        Self::new(403, "insufficient_scope", description)
    }

    pub(crate) fn query_limit() -> Self {
        Self::new(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    }

    pub(crate) fn operation_time_limit() -> Self {
        Self::new(
            429,
            "OPERATION_TIME_LIMIT",
            "Method is blocked due to operation time limit.",
        )
    }

    pub(crate) fn batch_length() -> Self {
        Self::new(
            400,
            "ERROR_BATCH_LENGTH_EXCEEDED",
            "Max batch length exceeded",
        )
    }

    pub(crate) fn batch_method() -> Self {
        Self::new(
            405,
            "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "Method is not allowed for batch usage",
        )
    }

    pub(crate) fn body(&self) -> Value {
        json!({"error": self.code, "error_description": self.description})
    }
}

/// The `time` object, in emulated Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Timing {
    pub start: f64,
    pub finish: f64,
    pub processing: f64,
    pub operating: f64,
    pub operating_reset_at: f64,
}

impl Timing {
    /// An answer that took no time and counts against no budget (events, `basic`).
    pub(crate) fn instant(now: f64) -> Timing {
        Timing {
            start: now,
            finish: now,
            processing: 0.0,
            operating: 0.0,
            operating_reset_at: now,
        }
    }

    pub(crate) fn to_json(self) -> Value {
        json!({
            "start": self.start,
            "finish": self.finish,
            "duration": self.finish - self.start,
            "processing": self.processing,
            "date_start": datetime(self.start),
            "date_finish": datetime(self.finish),
            "operating_reset_at": self.operating_reset_at.floor() as i64,
            "operating": self.operating,
        })
    }
}

/// The full success envelope: `result`, `total`/`next` for lists, `time`.
pub(crate) fn envelope(answer: Answer, timing: Timing) -> Value {
    let mut map = Map::new();
    map.insert("result".into(), answer.result);
    if let Some(next) = answer.next {
        map.insert("next".into(), next.into());
    }
    if let Some(total) = answer.total {
        map.insert("total".into(), total.into());
    }
    map.insert("time".into(), timing.to_json());
    Value::Object(map)
}

/// A PHP array as `json_encode` writes it: `[]` when empty, a JSON array when the keys
/// are exactly `0..n-1` in order, an object otherwise.
pub(crate) fn php_array(entries: Vec<(String, Value)>) -> Value {
    let is_list = entries
        .iter()
        .enumerate()
        .all(|(i, (k, _))| *k == i.to_string());
    if is_list {
        Value::Array(entries.into_iter().map(|(_, v)| v).collect())
    } else {
        Value::Object(entries.into_iter().collect())
    }
}

/// The message of a page's error row: its description without the table's explanation
/// (`message — why`).
pub(crate) fn documented_message(e: &bitrix_docs::ErrorCode) -> &str {
    e.description.split(" — ").next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_arrays_encode_like_json_encode() {
        assert_eq!(php_array(vec![]), json!([]));
        assert_eq!(
            php_array(vec![("0".into(), json!(1)), ("1".into(), json!(2))]),
            json!([1, 2])
        );
        assert_eq!(php_array(vec![("1".into(), json!(1))]), json!({"1": 1}));
    }

    #[test]
    fn envelope_has_documented_keys() {
        let t = Timing {
            start: 10.0,
            finish: 10.5,
            processing: 0.25,
            operating: 0.25,
            operating_reset_at: 610.0,
        };
        let v = envelope(
            Answer {
                result: json!([]),
                total: Some(0),
                next: None,
            },
            t,
        );
        assert_eq!(v["total"], 0);
        assert!(v.get("next").is_none());
        for key in [
            "start",
            "finish",
            "duration",
            "processing",
            "date_start",
            "date_finish",
            "operating_reset_at",
            "operating",
        ] {
            assert!(v["time"].get(key).is_some(), "{key}");
        }
        assert_eq!(v["time"]["duration"], 0.5);
        assert_eq!(v["time"]["operating_reset_at"], 610);
    }
}
