//! The answer envelope: `result`, `time`, `total`, `next` — and telling it apart from
//! errors and garbage.
//!
//! REST 3.0 answers have the same envelope (`result` holding `item`, `items` or `result`,
//! plus `time`), so one reader serves both versions; only errors differ, and [`classify`]
//! tells them apart by shape: a string `error` is REST 2's, an object `error` with `code`,
//! `message` and `validation` is REST 3.0's.
//!
//! [`read`] turns one HTTP answer (status and body) into a typed [`Response`] in a single
//! pass over the bytes when the answer is an ordinary success. Anything else (an error
//! answer, garbage, a `result` that does not fit) takes the slow path: [`classify`] parses
//! the body into JSON to find the right [`Error`], and [`decode`] names the field path
//! when `result` does not fit.

mod erased;
mod fast;

use serde_json::Value;

use crate::error::{AnswerKind, ApiError, Error, Validation};
use crate::secret::{self, Secret};
use crate::wire::{self, Wire, WireError};

pub(crate) use erased::{finish, typed_pass, Answer, Decoder, Downcast, TypedPass};

/// A whole answer: the decoded `result` with the envelope's bookkeeping.
///
/// ```no_run
/// # async fn run(client: bitrix_api::Client) -> Result<(), bitrix_api::Error> {
/// let page = client
///     .call_envelope::<serde_json::Value>("crm.lead.list", serde_json::json!({ "start": 0 }))
///     .await?;
/// println!("{} of {:?}, next page at {:?}", page.result, page.total, page.next);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The method's answer.
    pub result: T,
    /// Timing, including the method's `operating` budget use.
    pub time: Option<Time>,
    /// List methods: how many records match.
    pub total: Option<u64>,
    /// List methods: the `start` of the next page, if there is one.
    pub next: Option<u64>,
    /// REST 3.0: the portal answered `Idempotent-Replayed: true`, i.e. this is the stored
    /// answer of an earlier call with the same `Idempotency-Key` and the method did not run
    /// again. Always `false` for REST 2 and for answers decoded without headers.
    pub replayed: bool,
}

impl<T> Response<T> {
    /// Applies `f` to the result, keeping the bookkeeping.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            result: f(self.result),
            time: self.time,
            total: self.total,
            next: self.next,
            replayed: self.replayed,
        }
    }
}

/// The `time` object of an answer. Every field may be missing; numbers may arrive as
/// strings.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Time {
    /// Unix time when the request started.
    pub start: Option<f64>,
    /// Unix time when it finished (the portal's clock).
    pub finish: Option<f64>,
    /// Seconds from start to finish.
    pub duration: Option<f64>,
    /// Seconds spent processing.
    pub processing: Option<f64>,
    /// `start` as a date, e.g. `2024-08-29T10:34:19+03:00`.
    pub date_start: Option<String>,
    /// `finish` as a date.
    pub date_finish: Option<String>,
    /// Seconds this method has used in the current 10-minute window.
    pub operating: Option<f64>,
    /// Unix time when the oldest minute of that window stops counting.
    pub operating_reset_at: Option<f64>,
}

impl Wire for Time {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut m = wire::object(value)?;
        Ok(Time {
            start: wire::take(&mut m, "start")?,
            finish: wire::take(&mut m, "finish")?,
            duration: wire::take(&mut m, "duration")?,
            processing: wire::take(&mut m, "processing")?,
            date_start: wire::take(&mut m, "date_start")?,
            date_finish: wire::take(&mut m, "date_finish")?,
            operating: wire::take(&mut m, "operating")?,
            operating_reset_at: wire::take(&mut m, "operating_reset_at")?,
        })
    }
}

crate::__serde_via_wire!(Time);

impl Time {
    /// Decodes a `time` object; anything unreadable is `None` rather than an error, as
    /// timing must never fail a call.
    pub(crate) fn lenient(v: Option<Value>) -> Option<Time> {
        match v {
            Some(v @ Value::Object(_)) => Time::from_wire(v).ok(),
            _ => None,
        }
    }
}

/// A successful answer with `result` still as JSON.
#[derive(Debug, Clone)]
pub(crate) struct Envelope {
    pub(crate) result: Value,
    pub(crate) time: Option<Time>,
    pub(crate) total: Option<u64>,
    pub(crate) next: Option<u64>,
}

impl Envelope {
    /// Decodes `result` into `T`.
    pub(crate) fn decode<T: Wire>(self, method: &str) -> Result<Response<T>, Error> {
        let result = decode(method, "result", self.result)?;
        Ok(Response {
            result,
            time: self.time,
            total: self.total,
            next: self.next,
            replayed: false,
        })
    }
}

/// Turns one HTTP answer into a response or the error it carries, like [`classify`]
/// followed by [`Envelope::decode`]. `secrets` are only asked for when the answer is an
/// error or garbage (they go into its text, redacted).
pub(crate) fn read(
    method: &str,
    status: u16,
    body: &[u8],
    secrets: impl FnOnce() -> Vec<Secret>,
    typed: TypedPass<'_>,
) -> Result<Answer, Error> {
    if (200..300).contains(&status) {
        if let Some((response, time)) = typed(body) {
            return Ok(Answer::Typed { response, time });
        }
    }
    classify(method, status, body, &secrets()).map(Answer::Raw)
}

/// Reads an integer the portal may send as a number or a string; `None` if absent or odd.
pub(crate) fn count(v: Option<&Value>) -> Option<u64> {
    let n = wire::from_value::<Option<i64>>(v?.clone()).ok()??;
    u64::try_from(n).ok()
}

/// Turns one HTTP answer into an envelope or the error it carries.
pub(crate) fn classify(
    method: &str,
    status: u16,
    body: &[u8],
    secrets: &[Secret],
) -> Result<Envelope, Error> {
    let garbage = |kind| Error::UnexpectedAnswer {
        method: method.to_owned(),
        status,
        kind,
        excerpt: secret::excerpt(&String::from_utf8_lossy(body), secrets, 200),
    };
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(garbage(AnswerKind::Empty));
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) if e.classify() == serde_json::error::Category::Eof => {
            return Err(garbage(AnswerKind::Truncated))
        }
        Err(_) => return Err(garbage(AnswerKind::NotJson)),
    };
    let Value::Object(mut map) = value else {
        return Err(garbage(AnswerKind::NoResult));
    };
    if let Some(error) = map.get("error") {
        return Err(Error::Api(api_error(
            method,
            status,
            error,
            map.get("error_description"),
            secrets,
        )));
    }
    if !(200..300).contains(&status) {
        return Err(garbage(AnswerKind::NoResult));
    }
    let Some(result) = map.remove("result") else {
        return Err(garbage(AnswerKind::NoResult));
    };
    Ok(Envelope {
        result,
        time: Time::lenient(map.remove("time")),
        total: count(map.get("total")),
        next: count(map.get("next")),
    })
}

/// The REST 3.0 error standing in for one step's answer inside a `batch` result
/// (`{"error": {code, message, validation}}` where the step's `result` would be), under the
/// step's method and without an HTTP status of its own; `None` for any other value.
pub(crate) fn step_error(method: &str, entry: &Value) -> Option<ApiError> {
    let map = entry.as_object().filter(|m| m.len() == 1)?;
    let error = map.get("error").filter(|e| e.is_object())?;
    let mut e = api_error(method, 0, error, None, &[]);
    e.status = None;
    Some(e)
}

/// The portal's error: REST 2's `error` (a code) with `error_description`, or REST 3.0's
/// `error` object `{code, message, validation: [{message, field}]}`. Text is redacted.
fn api_error(
    method: &str,
    status: u16,
    error: &Value,
    description: Option<&Value>,
    secrets: &[Secret],
) -> ApiError {
    fn text(v: Option<&Value>) -> String {
        match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }
    let (code, description, validation) = match error {
        Value::Object(v3) if v3.contains_key("code") || v3.contains_key("message") => {
            let validation = match v3.get("validation") {
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| {
                        let field = match item.get("field") {
                            Some(Value::Null) | None => None,
                            f => Some(text(f)),
                        };
                        let message = match item {
                            Value::Object(_) => text(item.get("message")),
                            other => text(Some(other)),
                        };
                        Validation::new(field, secret::redact(&message, secrets))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (text(v3.get("code")), text(v3.get("message")), validation)
        }
        other => (text(Some(other)), text(description), Vec::new()),
    };
    ApiError::new(
        method,
        Some(status),
        code,
        secret::redact(&description, secrets),
    )
    .with_validation(validation)
}

/// Decodes a JSON value into `T` leniently; on failure the error names `method` and the
/// field path below `root`.
pub(crate) fn decode<T: Wire>(method: &str, root: &str, value: Value) -> Result<T, Error> {
    T::from_wire(value).map_err(|e| decode_error(method, root, e))
}

/// The [`Error::Decode`] of a value that did not fit, its path below `root`.
fn decode_error(method: &str, root: &str, e: WireError) -> Error {
    let path = e.path();
    let path = match path.as_str() {
        "" => root.to_owned(),
        p if p.starts_with('[') => format!("{root}{p}"),
        p => format!("{root}.{p}"),
    };
    let message = match e.record() {
        Some(record) => format!("{} (a field of `{record}`)", e.message()),
        None => e.message().to_owned(),
    };
    Error::Decode {
        method: method.to_owned(),
        path,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiCode;
    use serde_json::json;

    #[test]
    fn reads_result_and_bookkeeping() {
        let body = br#"{"result":[1],"total":"120","next":50,"time":{"start":"1.5","operating":2,"operating_reset_at":1700000000}}"#;
        let env = classify("m", 200, body, &[]).unwrap();
        assert_eq!(env.result, json!([1]));
        assert_eq!(env.total, Some(120));
        assert_eq!(env.next, Some(50));
        let time = env.time.unwrap();
        assert_eq!(time.start, Some(1.5));
        assert_eq!(time.operating, Some(2.0));
        assert_eq!(time.operating_reset_at, Some(1_700_000_000.0));
        assert_eq!(time.finish, None);
    }

    #[test]
    fn odd_time_is_dropped_not_fatal() {
        let env = classify("m", 200, br#"{"result":true,"time":{"start":"soon"}}"#, &[]).unwrap();
        assert!(env.time.is_none());
    }

    #[test]
    fn errors_and_garbage() {
        let e = classify(
            "m",
            503,
            br#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many"}"#,
            &[],
        );
        assert!(matches!(
            e,
            Err(Error::Api(ApiError {
                code: ApiCode::QueryLimitExceeded,
                status: Some(503),
                ..
            }))
        ));
        let e = classify("m", 200, br#"{"result":{"a":"#, &[]).unwrap_err();
        assert!(matches!(
            e,
            Error::UnexpectedAnswer {
                kind: AnswerKind::Truncated,
                ..
            }
        ));
        let e = classify("m", 500, b"<html>oops</html>", &[]).unwrap_err();
        assert!(matches!(
            e,
            Error::UnexpectedAnswer {
                kind: AnswerKind::NotJson,
                status: 500,
                ..
            }
        ));
        let e = classify("m", 200, b"", &[]).unwrap_err();
        assert!(matches!(
            e,
            Error::UnexpectedAnswer {
                kind: AnswerKind::Empty,
                ..
            }
        ));
        let e = classify("m", 200, b"{}", &[]).unwrap_err();
        assert!(matches!(
            e,
            Error::UnexpectedAnswer {
                kind: AnswerKind::NoResult,
                ..
            }
        ));
    }

    /// The one-pass reading agrees with classify + decode on every answer below.
    #[test]
    fn single_pass_agrees_with_the_slow_path() {
        fn slow<T: Wire>(status: u16, body: &[u8]) -> Result<Response<T>, Error> {
            classify("m", status, body, &[])?.decode("m")
        }
        fn check<T: Wire + PartialEq + std::fmt::Debug + Send + 'static>(
            status: u16,
            body: &[u8],
            fast: bool,
        ) {
            let answer = read("m", status, body, Vec::new, &typed_pass::<T>);
            assert_eq!(matches!(answer, Ok(Answer::Typed { .. })), fast, "{body:?}");
            let one = answer.and_then(|a| a.decode::<T>("m", false));
            let two = slow::<T>(status, body);
            assert_eq!(format!("{one:?}"), format!("{two:?}"), "{body:?}");
        }
        let body =
            br#"{"result":["1",2],"total":"120","next":50,"time":{"start":"1.5","operating":2}}"#;
        check::<Vec<i64>>(200, body, true);
        check::<Value>(200, body, true);
        check::<Option<i64>>(200, br#"{"result":null}"#, true);
        check::<Value>(
            200,
            br#" {"result":true,"error_description":"x","time":null}"#,
            true,
        );
        check::<i64>(200, br#"{"result":1,"total":-3,"next":null}"#, true);
        // The slow path decides: error answers, odd bookkeeping, misfits, garbage.
        check::<bool>(200, br#"{"result":true,"error":null}"#, false);
        check::<bool>(400, br#"{"result":true}"#, false);
        check::<bool>(200, br#"{"result":true,"time":{"start":"soon"}}"#, false);
        check::<bool>(200, br#"{"result":true,"time":[1,2]}"#, false);
        check::<bool>(200, br#"{"result":true,"total":"many"}"#, false);
        check::<bool>(200, br#"{"result":true,"result":false}"#, false);
        check::<i64>(200, br#"{"result":"x"}"#, false);
        check::<bool>(200, br#"[true,null]"#, false);
        check::<bool>(200, br#"{"result":true} x"#, false);
        check::<bool>(200, br#"{"time":{}}"#, false);
        check::<bool>(200, b"", false);
    }

    #[test]
    fn rest3_errors_decode_with_validation() {
        let body = br#"{"error":{"code":"BITRIX_REST_V3_EXCEPTION_VALIDATION_REQUESTVALIDATIONEXCEPTION","message":"Error validating request object","validation":[{"message":"Required field `id` is not specified","field":"id"},{"message":"token tok12345 bad"}]}}"#;
        let Err(Error::Api(e)) = classify("tasks.task.get", 400, body, &[Secret::new("tok12345")])
        else {
            panic!("not an API error")
        };
        assert_eq!(e.code, ApiCode::RequestValidation);
        assert_eq!(e.status, Some(400));
        assert_eq!(e.description, "Error validating request object");
        assert_eq!(
            e.validation,
            vec![
                Validation::new(Some("id"), "Required field `id` is not specified"),
                Validation::new(None::<String>, "token *** bad"),
            ]
        );
        let body = br#"{"error":{"code":"BITRIX_REST_V3_EXCEPTION_UNKNOWNDTOPROPERTYEXCEPTION","message":"Unknown field `stageId` for entity `UserDto`"}}"#;
        let Err(Error::Api(e)) = classify("m", 400, body, &[]) else {
            panic!("not an API error")
        };
        assert_eq!(e.code, ApiCode::UnknownDtoProperty);
        assert!(e.validation.is_empty());
        // A REST 2 error at a REST 3.0 address keeps its shape.
        let Err(Error::Api(e)) = classify(
            "m",
            404,
            br#"{"error":"ERROR_METHOD_NOT_FOUND","error_description":"Method not found!"}"#,
            &[],
        ) else {
            panic!("not an API error")
        };
        assert_eq!(
            (e.code, e.description.as_str()),
            (ApiCode::MethodNotFound, "Method not found!")
        );
    }

    #[test]
    fn rest3_answers_are_the_same_envelope() {
        let body = br#"{"result":{"item":{"id":42,"title":"Prepare report"}},"time":{"start":1787219542,"finish":1787219542.888997,"duration":0.8889970779418945,"processing":0,"date_start":"2026-08-20T11:52:22+02:00","date_finish":"2026-08-20T11:52:22+02:00","operating_reset_at":1787220142,"operating":0.1199338436126709}}"#;
        let answer = read(
            "note.document.add",
            200,
            body,
            Vec::new,
            &typed_pass::<Value>,
        );
        assert!(
            matches!(answer, Ok(Answer::Typed { .. })),
            "not the fast path"
        );
        let r = answer.and_then(|a| a.decode::<Value>("m", false)).unwrap();
        assert_eq!(
            r.result,
            json!({"item": {"id": 42, "title": "Prepare report"}})
        );
        assert_eq!(r.time.unwrap().operating, Some(0.1199338436126709));
        assert!(!r.replayed);
    }

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(Debug)]
        struct Item {
            _id: i64,
        }
        impl Wire for Item {
            fn from_wire(value: Value) -> Result<Self, WireError> {
                let mut m = wire::object(value)?;
                Ok(Item {
                    _id: wire::take(&mut m, "ID")?,
                })
            }
        }
        let err = decode::<Vec<Item>>("crm.x.list", "result", json!([{"ID": "1"}, {"ID": "x"}]))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("crm.x.list"), "{text}");
        assert!(text.contains("result[1].ID"), "{text}");
        assert!(text.contains("\"x\""), "{text}");
    }
}
