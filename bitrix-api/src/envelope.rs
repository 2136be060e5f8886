//! The answer envelope: `result`, `time`, `total`, `next` — and telling it apart from
//! errors and garbage.
//!
//! [`classify`] turns one HTTP answer (status and body) into either an [`Envelope`] or the
//! right [`Error`]; [`decode`] turns `result` into a typed response, naming the field
//! path when it does not fit.

use serde::Deserialize;
use serde_json::Value;

use crate::error::{AnswerKind, ApiError, Error};
use crate::secret::{self, Secret};
use crate::wire::{self, Wire};

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
}

impl<T> Response<T> {
    /// Applies `f` to the result, keeping the bookkeeping.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            result: f(self.result),
            time: self.time,
            total: self.total,
            next: self.next,
        }
    }
}

/// The `time` object of an answer. Every field may be missing; numbers may arrive as
/// strings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Time {
    /// Unix time when the request started.
    #[serde(default, deserialize_with = "wire::de")]
    pub start: Option<f64>,
    /// Unix time when it finished (the portal's clock).
    #[serde(default, deserialize_with = "wire::de")]
    pub finish: Option<f64>,
    /// Seconds from start to finish.
    #[serde(default, deserialize_with = "wire::de")]
    pub duration: Option<f64>,
    /// Seconds spent processing.
    #[serde(default, deserialize_with = "wire::de")]
    pub processing: Option<f64>,
    /// `start` as a date, e.g. `2024-08-29T10:34:19+03:00`.
    #[serde(default, deserialize_with = "wire::de")]
    pub date_start: Option<String>,
    /// `finish` as a date.
    #[serde(default, deserialize_with = "wire::de")]
    pub date_finish: Option<String>,
    /// Seconds this method has used in the current 10-minute window.
    #[serde(default, deserialize_with = "wire::de")]
    pub operating: Option<f64>,
    /// Unix time when the oldest minute of that window stops counting.
    #[serde(default, deserialize_with = "wire::de")]
    pub operating_reset_at: Option<f64>,
}

impl Time {
    /// Decodes a `time` object; anything unreadable is `None` rather than an error, as
    /// timing must never fail a call.
    pub(crate) fn lenient(v: Option<Value>) -> Option<Time> {
        match v {
            Some(v @ Value::Object(_)) => Time::deserialize(v).ok(),
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
        })
    }
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
    if let Some(code) = map.get("error") {
        let code = match code {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        let description = match map.get("error_description") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let description = secret::redact(&description, secrets);
        return Err(Error::Api(ApiError::new(
            method,
            Some(status),
            code,
            description,
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

/// Decodes a JSON value into `T` leniently; on failure the error names `method` and the
/// field path below `root`.
pub(crate) fn decode<T: Wire>(method: &str, root: &str, value: Value) -> Result<T, Error> {
    let mut track = serde_path_to_error::Track::new();
    let de = serde_path_to_error::Deserializer::new(value, &mut track);
    T::deserialize_wire(de).map_err(|e| {
        let path = track.path().to_string();
        let path = match path.as_str() {
            "." => root.to_owned(),
            p if p.starts_with('[') => format!("{root}{p}"),
            p => format!("{root}.{p}"),
        };
        Error::Decode {
            method: method.to_owned(),
            path,
            message: e.to_string(),
        }
    })
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

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(Debug, Deserialize)]
        struct Item {
            #[serde(rename = "ID", deserialize_with = "crate::wire::de")]
            _id: i64,
        }
        crate::__wire_via_serde!(Item);
        let err = decode::<Vec<Item>>("crm.x.list", "result", json!([{"ID": "1"}, {"ID": "x"}]))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("crm.x.list"), "{text}");
        assert!(text.contains("result[1].ID"), "{text}");
        assert!(text.contains("\"x\""), "{text}");
    }
}
