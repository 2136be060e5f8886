//! Request decoding, as the portal's PHP reads a request: the query string, then the body
//! by its content type:
//! - `application/json` (or no content type and a body starting with `{`): a JSON object;
//! - `application/x-www-form-urlencoded` (or no content type otherwise): a PHP-style form
//!   (`fields[TITLE]=x`, `items[0][CONTACT_ID]=1`);
//! - `multipart/form-data`: each part's `name` and content, read like form fields (a file
//!   part's content is its text).
//!
//! Input that does not decode (broken JSON, a multipart body without its boundary, bytes
//! that are not UTF-8) adds no parameters: the method then answers its own "required"
//! error, as the portal does for a request it could not read. Nothing here panics.

use axum::http::{header, HeaderMap};
use bitrix_api::query;
use serde_json::{Map, Value};

/// Query parameters overlaid with body parameters, and the order of `cmd` keys.
pub(crate) fn params(
    query_text: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
) -> (Value, Option<Vec<String>>) {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    params_of(query_text, content_type, body)
}

/// [`params`] with the content type as text (what the fuzz tests drive).
pub(crate) fn params_of(
    query_text: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> (Value, Option<Vec<String>>) {
    let query_text = query_text.unwrap_or_default();
    let mut params = match query::decode(query_text) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let mut order = Some(query::key_order(query_text, "cmd")).filter(|o| !o.is_empty());

    let raw_type = content_type;
    let content_type = content_type.to_ascii_lowercase();
    let trimmed = body.trim_ascii_start();
    let is_json =
        content_type.contains("json") || (content_type.is_empty() && trimmed.starts_with(b"{"));
    let is_form =
        content_type.contains("x-www-form-urlencoded") || (content_type.is_empty() && !is_json);
    let multipart = content_type
        .starts_with("multipart/form-data")
        .then(|| boundary(raw_type))
        .flatten();
    if body.is_empty() {
        // Nothing to add.
    } else if let Some(boundary) = multipart {
        let text = multipart_as_form(body, &boundary);
        if let Value::Object(m) = query::decode(&text) {
            let form_order = query::key_order(&text, "cmd");
            if !form_order.is_empty() {
                order = Some(form_order);
            }
            params.extend(m);
        }
    } else if is_json {
        if let Ok(Value::Object(m)) = serde_json::from_slice::<Value>(body) {
            if let Ok(keys) = serde_json::from_slice::<json_order::CmdKeys>(body) {
                order = keys.cmd.map(|k| k.0).or(order);
            }
            params.extend(m);
        }
    } else if is_form {
        let text = String::from_utf8_lossy(body);
        if let Value::Object(m) = query::decode(&text) {
            let form_order = query::key_order(&text, "cmd");
            if !form_order.is_empty() {
                order = Some(form_order);
            }
            params.extend(m);
        }
    }
    (Value::Object(params), order)
}

/// Reads the key order of `cmd` from a JSON body (`serde_json::Map` sorts keys).
mod json_order {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use serde::Deserialize;
    use std::fmt;

    #[derive(Deserialize)]
    pub(super) struct CmdKeys {
        #[serde(default)]
        pub cmd: Option<Keys>,
    }

    pub(super) struct Keys(pub Vec<String>);

    impl<'de> Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a map or a list")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((k, IgnoredAny)) = map.next_entry::<String, IgnoredAny>()? {
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Keys, A::Error> {
                    let mut n = 0usize;
                    while seq.next_element::<IgnoredAny>()?.is_some() {
                        n += 1;
                    }
                    Ok(Keys((0..n).map(|i| i.to_string()).collect()))
                }
                fn visit_str<E>(self, _: &str) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
                fn visit_unit<E>(self) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
                fn visit_i64<E>(self, _: i64) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
                fn visit_u64<E>(self, _: u64) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
                fn visit_f64<E>(self, _: f64) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
                fn visit_bool<E>(self, _: bool) -> Result<Keys, E> {
                    Ok(Keys(Vec::new()))
                }
            }
            d.deserialize_any(V)
        }
    }
}

/// `boundary=…` of a multipart content type (quoted or not).
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|part| {
        let (k, v) = part.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_owned())
            .filter(|b| !b.is_empty())
    })
}

/// The parts of a multipart body as `name=value&…` form text.
fn multipart_as_form(body: &[u8], boundary: &str) -> String {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let mut pairs = Vec::new();
    for part in text.split(delimiter.as_str()).skip(1) {
        if part.starts_with("--") {
            break;
        }
        let part = part
            .strip_prefix("\r\n")
            .or_else(|| part.strip_prefix('\n'))
            .unwrap_or(part);
        let (head, content) = match part.split_once("\r\n\r\n") {
            Some(split) => split,
            None => match part.split_once("\n\n") {
                Some(split) => split,
                None => continue,
            },
        };
        let content = content
            .strip_suffix("\r\n")
            .or_else(|| content.strip_suffix('\n'))
            .unwrap_or(content);
        let Some(name) = disposition_name(head) else {
            continue;
        };
        pairs.push(format!("{}={}", encode(&name), encode(content)));
    }
    pairs.join("&")
}

/// `name="…"` of the part's `Content-Disposition` header.
fn disposition_name(head: &str) -> Option<String> {
    let line = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition"))?;
    line.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim() == "name").then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Percent-encodes everything but unreserved characters (brackets included: the form
/// decoder reads `%5B` as `[`).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'[' | b']') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(ct: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        h
    }

    #[test]
    fn multipart_parts_read_like_form_fields() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"fields[TITLE]\"\r\n\r\nA & B\r\n--XX\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n7\r\n--XX--\r\n";
        let (p, _) = params(
            None,
            &headers("multipart/form-data; boundary=XX"),
            body.as_bytes(),
        );
        assert_eq!(p["fields"]["TITLE"], "A & B");
        assert_eq!(p["id"], "7");
        let (p, _) = params(None, &headers("multipart/form-data"), body.as_bytes());
        assert_eq!(p, serde_json::json!({}), "no boundary: nothing read");
    }

    #[test]
    fn merges_query_and_body_and_keeps_cmd_order() {
        let body = br#"{"cmd": {"z": "a", "a": "b"}, "id": 2}"#;
        let (p, order) = params(Some("id=1&x=y"), &headers("application/json"), body);
        assert_eq!(p["id"], 2);
        assert_eq!(p["x"], "y");
        assert_eq!(order.unwrap(), ["z", "a"]);

        let body = b"cmd[z]=a&cmd[a]=b";
        let (p, order) = params(None, &headers("application/x-www-form-urlencoded"), body);
        assert_eq!(p["cmd"]["a"], "b");
        assert_eq!(order.unwrap(), ["z", "a"]);

        let (p, _) = params(None, &HeaderMap::new(), b"{\"id\": 3}");
        assert_eq!(p["id"], 3);
        let (p, _) = params(None, &HeaderMap::new(), b"id=4");
        assert_eq!(p["id"], "4");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 2_000,
            failure_persistence: None,
            rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha,
            rng_seed: proptest::test_runner::RngSeed::Fixed(11),
            ..proptest::test_runner::Config::default()
        })]

        /// Any bytes under any content type decode to an object, without panicking.
        #[test]
        fn any_input_decodes_to_an_object(
            query in "[a-z\\[\\]%=&0-9]{0,40}",
            kind in 0..5usize,
            body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
        ) {
            let ct = ["application/json", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=a", "multipart/form-data; boundary=\"", ""][kind];
            let (p, _) = params_of(Some(&query), ct, &body);
            proptest::prop_assert!(p.is_object());
        }
    }
}
