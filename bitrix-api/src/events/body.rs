//! What arrives: a POST body, form-encoded with PHP keys (`data[FIELDS][ID]=6641&
//! auth[application_token]=…`, what portals send) or JSON, read into one JSON object; and
//! the check that it came from the portal.

use serde_json::Value;

use crate::{query, Error, Secret};

/// The largest body read as an event (real payloads are a few kilobytes).
pub const MAX_BODY: usize = 1 << 20;

/// The `method` of errors about event bodies (see [`super::is_verification_failure`]).
pub(crate) const WHAT: &str = "event";

/// An [`Error::Decode`] about an event body: where in it, and what is wrong. Messages
/// never quote a token.
pub(crate) fn bad(code: &str, path: &str, message: impl Into<String>) -> Error {
    let method = if code.is_empty() {
        WHAT.to_owned()
    } else {
        format!("{WHAT} {code}")
    };
    Error::Decode {
        method,
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The body as one JSON object: form bodies through [`query::decode`] (every leaf a
/// string, which the lenient decoding reads as numbers where the types say so), JSON as
/// it is. Checks that `event` is there and that the body is one the portal could send.
///
/// ```
/// let body = b"event=ONCRMDEALADD&data%5BFIELDS%5D%5BID%5D=6641&ts=1735374081";
/// let v = bitrix_api::events::payload("application/x-www-form-urlencoded", body).unwrap();
/// assert_eq!(v["data"]["FIELDS"]["ID"], "6641");
/// ```
pub fn payload(content_type: &str, body: &[u8]) -> Result<Value, Error> {
    if body.len() > MAX_BODY {
        return Err(bad(
            "",
            "body",
            format!(
                "the body has {} bytes; events are at most {MAX_BODY}",
                body.len()
            ),
        ));
    }
    let media = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let value = match media.as_str() {
        "application/x-www-form-urlencoded" => {
            let text = std::str::from_utf8(body)
                .map_err(|_| bad("", "body", "the form body is not UTF-8"))?;
            query::decode(text)
        }
        "application/json" => serde_json::from_slice::<Value>(body).map_err(|e| {
            let what = if e.is_eof() { "truncated" } else { "not" };
            bad(
                "",
                "body",
                format!(
                    "the body is {what} JSON (line {}, column {})",
                    e.line(),
                    e.column()
                ),
            )
        })?,
        other => {
            return Err(bad(
                "",
                "content-type",
                format!(
                    "`{}` is not how the portal sends events: expected \
                     application/x-www-form-urlencoded or application/json",
                    other.chars().take(60).collect::<String>()
                ),
            ))
        }
    };
    if !value.is_object() {
        return Err(bad("", "body", "the body is not an object"));
    }
    code_of(&value)?;
    Ok(value)
}

/// The event code of a payload, in upper case (`ONCRMDEALADD`).
pub fn code_of(payload: &Value) -> Result<String, Error> {
    match payload.get("event").and_then(Value::as_str).map(str::trim) {
        Some(code) if !code.is_empty() && code.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Ok(code.to_ascii_uppercase())
        }
        Some(_) => Err(bad(
            "",
            "event",
            "the event code is not a word of letters and digits",
        )),
        None => Err(bad("", "event", "the body has no `event` code")),
    }
}

/// The payload's `auth.member_id`, when it has one.
pub fn member_id(payload: &Value) -> Option<&str> {
    payload
        .get("auth")?
        .get("member_id")?
        .as_str()
        .filter(|s| !s.is_empty())
}

/// Checks the payload's `auth.application_token` against the one stored at install, in
/// constant time. A payload without one, or with another, is refused: it did not come
/// from the portal (the token is known only to the portal and the app).
pub fn verify(payload: &Value, expected: &Secret) -> Result<(), Error> {
    let code = code_of(payload)?;
    let Some(auth) = payload.get("auth").filter(|a| a.is_object()) else {
        return Err(bad(
            &code,
            "auth",
            "the body has no `auth`: it cannot be verified and is refused",
        ));
    };
    let Some(sent) = auth.get("application_token").and_then(Value::as_str) else {
        return Err(bad(
            &code,
            "auth.application_token",
            "the body has no application token: it cannot be verified and is refused",
        ));
    };
    if expected.expose().is_empty()
        || !constant_time_eq(sent.as_bytes(), expected.expose().as_bytes())
    {
        return Err(bad(
            &code,
            "auth.application_token",
            "the application token does not match the one stored at install: refused \
             (not sent by the portal)",
        ));
    }
    Ok(())
}

/// Equal slices, in time that depends only on their lengths (tokens have a fixed length,
/// so the length says nothing an attacker does not know).
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn an_empty_stored_token_verifies_nothing() {
        let v = serde_json::json!({"event": "X", "auth": {"application_token": ""}});
        assert!(verify(&v, &Secret::new("")).is_err());
    }
}
