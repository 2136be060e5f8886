//! The bodies the portal POSTs to handlers: PHP-key forms (`data[FIELDS][ID]=6641`) with
//! keys in the order the event pages list them, percent-encoded as PHP's
//! `http_build_query` does.

use serde_json::{Map, Value};

/// The form of `ONAPPINSTALL` / `ONAPPUNINSTALL`, `auth` in the pages' order.
pub(crate) fn app_event(event: &str, data: Value, auth: Vec<(&str, Value)>, now: f64) -> String {
    form(&[
        ("event", event.into()),
        ("data", data),
        ("ts", (now.floor() as i64).to_string().into()),
        ("auth", Value::Object(ordered_object(auth))),
    ])
}

/// Keeps the order given (the map type may sort): encoded as `[k1, v1, k2, v2]` pairs.
pub(crate) fn ordered_object(entries: Vec<(&str, Value)>) -> Map<String, Value> {
    let mut m = Map::new();
    for (i, (k, v)) in entries.into_iter().enumerate() {
        m.insert(format!("{i:02}\u{0}{k}"), v);
    }
    m
}

/// A PHP-key form (`data[FIELDS][ID]=6641`) with the top-level keys, and the keys of
/// objects made by [`ordered_object`], in the order given, as the event pages list them.
pub(crate) fn form(entries: &[(&str, Value)]) -> String {
    let mut out = Vec::new();
    for (k, v) in entries {
        flatten(&mut out, (*k).to_owned(), v);
    }
    out.join("&")
}

fn flatten(out: &mut Vec<String>, key: String, v: &Value) {
    let name = |k: &str| k.split_once('\u{0}').map_or(k, |(_, n)| n).to_owned();
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for k in keys {
                flatten(out, format!("{key}[{}]", name(k)), &m[k]);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(out, format!("{key}[{i}]"), x);
            }
        }
        Value::Null => out.push(format!("{}=", escape(&key))),
        Value::String(s) => out.push(format!("{}={}", escape(&key), escape(s))),
        other => out.push(format!("{}={}", escape(&key), escape(&other.to_string()))),
    }
}

/// Percent-encoding as PHP's `http_build_query` does it (space as `+`).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn forms_keep_the_documented_order() {
        let auth = ordered_object(vec![("b", "1".into()), ("a", "x y".into())]);
        let f = form(&[
            ("event", "E".into()),
            ("data", json!({"FIELDS": {"ID": 5}})),
            ("auth", Value::Object(auth)),
        ]);
        assert_eq!(
            f,
            "event=E&data%5BFIELDS%5D%5BID%5D=5&auth%5Bb%5D=1&auth%5Ba%5D=x+y"
        );
    }
}
