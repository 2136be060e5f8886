//! PHP-style query strings: what the portal's `$_GET`/`$_POST` understand.
//!
//! Bitrix24 is written in PHP, so a form body or a query string with nested keys
//! (`fields[TITLE]=x&items[0][CONTACT_ID]=1`) becomes nested arrays on the server. Batch
//! commands are such strings too (`"crm.lead.get?id=1"`). [`encode`] writes them from JSON,
//! [`decode`] reads them back the way PHP's `parse_str` does.
//!
//! Encoding choices (all of them parse identically in PHP):
//! - brackets are percent-encoded (`%5B`, `%5D`), as `http_build_query` does;
//! - strings keep only RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) and
//!   percent-encode every other UTF-8 byte, a space as `%20` (`PHP_QUERY_RFC3986`);
//! - `true` is `1` and `false` is `0` (what `http_build_query` does with PHP booleans);
//! - `null` and empty arrays or objects are left out (PHP sends nothing for them);
//! - numbers are written as JSON writes them (`1`, `-2`, `1.5`);
//! - pairs come in the order of the JSON object's keys (as written: the workspace builds
//!   `serde_json` with `preserve_order`, so an `order` keeps its sort priority) and of array
//!   indices.
//!
//! Decoding choices:
//! - every leaf is a JSON string, as in PHP (`"1"`, never `1`);
//! - the top level is always an object (`0=a` gives `{"0": "a"}`);
//! - a nested object whose keys are exactly `"0"`, `"1"`, … `"n-1"` in that order becomes a JSON
//!   array, so `items[0][X]=1&items[1][X]=2` and the JSON body `{"items":[…]}` look the
//!   same to whoever reads them; any other key set stays an object (readers of lists must
//!   still accept objects, as the portal does);
//! - `+` is a space, `%XX` is a byte, a malformed `%` stays as it is, invalid UTF-8 is
//!   replaced with U+FFFD; `a[]` appends at the next free integer index; repeated keys:
//!   the last one wins; a name nested deeper than 64 levels is dropped (PHP's
//!   `max_input_nesting_level`); a name with an empty base (`[a]=1`, `=1`) is dropped.
//!
//! ```
//! use bitrix_api::query;
//! use serde_json::json;
//!
//! let q = query::encode(&json!({"id": 1, "fields": {"CONTACT_ID": 1}}));
//! assert_eq!(q, "id=1&fields%5BCONTACT_ID%5D=1");
//! assert_eq!(query::decode(&q), json!({"fields": {"CONTACT_ID": "1"}, "id": "1"}));
//! ```

use serde_json::{Map, Value};

/// PHP's default `max_input_nesting_level`.
const MAX_DEPTH: usize = 64;

/// Encodes a JSON value as a PHP-style query string (no leading `?`).
///
/// An object gives one `key=value` pair per leaf, nested keys in brackets; an array at the
/// top gives the keys `0`, `1`, …; a scalar at the top has no name and gives `""`.
pub fn encode(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                encode_into(&mut out, &escape(k), v);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                encode_into(&mut out, &i.to_string(), v);
            }
        }
        _ => {}
    }
    out
}

fn encode_into(out: &mut String, name: &str, value: &Value) {
    let leaf = match value {
        Value::Null => return,
        Value::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Value::Number(n) => escape(&n.to_string()),
        Value::String(s) => escape(s),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                encode_into(out, &format!("{name}%5B{i}%5D"), v);
            }
            return;
        }
        Value::Object(map) => {
            for (k, v) in map {
                encode_into(out, &format!("{name}%5B{}%5D", escape(k)), v);
            }
            return;
        }
    };
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(name);
    out.push('=');
    out.push_str(&leaf);
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn escape(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

/// Decodes a PHP-style query string (without a leading `?`) into a JSON object.
///
/// Never fails: like PHP, it makes the best of malformed input. See the module docs for
/// the exact rules.
pub fn decode(s: &str) -> Value {
    let mut root = Node::Map(Vec::new());
    for pair in s.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = unescape(raw_key);
        let Some(path) = parse_key(&key) else {
            continue;
        };
        root.insert(&path, unescape(raw_value));
    }
    match root {
        Node::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k, v.into_value()))
                .collect(),
        ),
        Node::Leaf(_) => Value::Object(Map::new()),
    }
}

/// The keys of the top-level array `name` in the order PHP iterates them (the order of
/// first appearance), which [`decode`]'s `serde_json` maps do not keep. `batch` runs its
/// `cmd` entries in this order.
///
/// ```
/// use bitrix_api::query;
///
/// assert_eq!(query::key_order("cmd[b]=x&cmd[a]=y&cmd[b]=z", "cmd"), ["b", "a"]);
/// assert_eq!(query::key_order("cmd[]=x&cmd[]=y", "cmd"), ["0", "1"]);
/// ```
pub fn key_order(s: &str, name: &str) -> Vec<String> {
    let mut root = Node::Map(Vec::new());
    for pair in s.split('&').filter(|p| !p.is_empty()) {
        let (raw_key, _) = pair.split_once('=').unwrap_or((pair, ""));
        let key = unescape(raw_key);
        match parse_key(&key) {
            Some(path) if path.first() == Some(&Step::Key(name.to_owned())) => {
                root.insert(&path, String::new())
            }
            _ => {}
        }
    }
    match root {
        Node::Map(mut entries) => match entries.pop() {
            Some((_, Node::Map(inner))) => inner.into_iter().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        },
        Node::Leaf(_) => Vec::new(),
    }
}

/// `+` → space, `%XX` → byte, then UTF-8 (lossy).
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// One path step: a name, or `[]` (append).
#[derive(Debug, PartialEq)]
enum Step {
    Key(String),
    Append,
}

/// Splits `base[a][][b]` into steps the way PHP's `php_register_variable_ex` does:
/// leading spaces dropped, `.` and ` ` in the base become `_`, an unclosed first `[`
/// becomes `_`, anything after the last well-formed `[…]` is ignored.
fn parse_key(key: &str) -> Option<Vec<Step>> {
    let key = key.trim_start_matches(' ');
    let (base, mut rest) = match key.find('[') {
        Some(open) if key[open..].contains(']') => (&key[..open], &key[open..]),
        Some(open) => {
            let mut base = key[..open].to_owned();
            base.push('_');
            base.push_str(&key[open + 1..]);
            return (!key[..open].is_empty()).then(|| vec![Step::Key(php_base(&base))]);
        }
        None => (key, ""),
    };
    if base.is_empty() {
        return None;
    }
    let mut steps = vec![Step::Key(php_base(base))];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else { break };
        let index = &inner[..close];
        steps.push(if index.is_empty() {
            Step::Append
        } else {
            Step::Key(index.to_owned())
        });
        if steps.len() > MAX_DEPTH + 1 {
            return None;
        }
        rest = &inner[close + 1..];
    }
    Some(steps)
}

fn php_base(base: &str) -> String {
    base.replace(['.', ' '], "_")
}

/// An ordered PHP array while decoding (serde_json's map would sort the keys).
enum Node {
    Leaf(String),
    Map(Vec<(String, Node)>),
}

impl Node {
    fn insert(&mut self, path: &[Step], value: String) {
        let Some((step, rest)) = path.split_first() else {
            *self = Node::Leaf(value);
            return;
        };
        if let Node::Leaf(_) = self {
            *self = Node::Map(Vec::new());
        }
        let Node::Map(entries) = self else { return };
        let key = match step {
            Step::Key(k) => k.clone(),
            Step::Append => next_index(entries).to_string(),
        };
        let pos = match entries.iter().position(|(k, _)| *k == key) {
            Some(pos) => pos,
            None => {
                entries.push((key, Node::Map(Vec::new())));
                entries.len() - 1
            }
        };
        entries[pos].1.insert(rest, value);
    }

    fn into_value(self) -> Value {
        match self {
            Node::Leaf(s) => Value::String(s),
            Node::Map(entries) => {
                let is_list = entries
                    .iter()
                    .enumerate()
                    .all(|(i, (k, _))| *k == i.to_string());
                if is_list && !entries.is_empty() {
                    Value::Array(entries.into_iter().map(|(_, v)| v.into_value()).collect())
                } else {
                    let map: Map<String, Value> = entries
                        .into_iter()
                        .map(|(k, v)| (k, v.into_value()))
                        .collect();
                    Value::Object(map)
                }
            }
        }
    }
}

/// PHP's next free index: one past the largest integer key, or 0.
fn next_index(entries: &[(String, Node)]) -> i64 {
    entries
        .iter()
        .filter_map(|(k, _)| canonical_int(k))
        .max()
        .map_or(0, |m| m.saturating_add(1))
}

/// `"12"` → 12; `"012"`, `"+1"`, `"1.0"` are string keys in PHP.
fn canonical_int(k: &str) -> Option<i64> {
    let n: i64 = k.parse().ok()?;
    (n.to_string() == k).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodes_nested_objects_and_arrays() {
        let v = json!({"id": 1, "fields": {"CONTACT_ID": 1}});
        // Keys in the order written, as http_build_query does (serde_json preserve_order).
        assert_eq!(encode(&v), "id=1&fields%5BCONTACT_ID%5D=1");
        let v = json!({"items": [{"CONTACT_ID": 1}, {"CONTACT_ID": 2, "IS_PRIMARY": "Y"}]});
        assert_eq!(
            encode(&v),
            "items%5B0%5D%5BCONTACT_ID%5D=1&items%5B1%5D%5BCONTACT_ID%5D=2&items%5B1%5D%5BIS_PRIMARY%5D=Y"
        );
    }

    #[test]
    fn encodes_scalars_like_http_build_query() {
        let v = json!({"t": true, "f": false, "n": null, "e": [], "o": {}, "x": -1.5});
        assert_eq!(encode(&v), "t=1&f=0&x=-1.5");
        assert_eq!(encode(&json!("bare")), "");
        assert_eq!(encode(&json!([1, 2])), "0=1&1=2");
    }

    #[test]
    fn escapes_all_but_unreserved() {
        let v = json!({"TITLE": "John&Martin ü+=?#[]%~-._"});
        assert_eq!(
            encode(&v),
            "TITLE=John%26Martin%20%C3%BC%2B%3D%3F%23%5B%5D%25~-._"
        );
    }

    #[test]
    fn decodes_php_forms() {
        assert_eq!(decode("a[b][]=1&a[b][]=2"), json!({"a": {"b": ["1", "2"]}}));
        assert_eq!(
            decode("items[0][X]=1&items[1][X]=2"),
            json!({"items": [{"X": "1"}, {"X": "2"}]})
        );
        assert_eq!(
            decode("t=a+b%20c&t2=%E2%9C%93"),
            json!({"t": "a b c", "t2": "✓"})
        );
        assert_eq!(decode("a=1&a=2"), json!({"a": "2"}));
        assert_eq!(
            decode("fields%5BTITLE%5D=x"),
            json!({"fields": {"TITLE": "x"}})
        );
        assert_eq!(decode("flag&x="), json!({"flag": "", "x": ""}));
        assert_eq!(decode("0=a&1=b"), json!({"0": "a", "1": "b"}));
    }

    #[test]
    fn keeps_maps_that_are_not_lists() {
        assert_eq!(decode("a[1]=x"), json!({"a": {"1": "x"}}));
        assert_eq!(decode("a[1]=x&a[0]=y"), json!({"a": {"0": "y", "1": "x"}}));
        assert_eq!(decode("a[5]=x&a[]=y"), json!({"a": {"5": "x", "6": "y"}}));
        assert_eq!(decode("a[01]=x"), json!({"a": {"01": "x"}}));
    }

    #[test]
    fn follows_php_name_mangling() {
        assert_eq!(decode("a.b=1"), json!({"a_b": "1"}));
        assert_eq!(decode("a[b=1"), json!({"a_b": "1"}));
        assert_eq!(decode("a[b]x[c]=1"), json!({"a": {"b": "1"}}));
        assert_eq!(decode("[a]=1&=2"), json!({}));
        assert_eq!(decode("a=1&a[b]=2"), json!({"a": {"b": "2"}}));
        assert_eq!(decode("a[b]=2&a=1"), json!({"a": "1"}));
        assert_eq!(decode("%zz=%4"), json!({"%zz": "%4"}));
    }

    #[test]
    fn drops_too_deep_names() {
        let deep = format!("a{}=1", "[x]".repeat(MAX_DEPTH + 1));
        assert_eq!(decode(&deep), json!({}));
        let ok = format!("a{}=1", "[x]".repeat(MAX_DEPTH));
        assert_ne!(decode(&ok), json!({}));
    }

    #[test]
    fn round_trips_string_leaves() {
        let v = json!({
            "cmd": {"a": "crm.lead.get?id=1&x[y]=2", "b": "ü & ?"},
            "halt": "0",
            "items": [{"CONTACT_ID": "1", "SORT": "10"}, {"CONTACT_ID": "2"}],
            "weird key [x]": "v"
        });
        let back = decode(&encode(&v));
        assert_eq!(back["cmd"], v["cmd"]);
        assert_eq!(back["items"], v["items"]);
        assert_eq!(back["halt"], v["halt"]);
        // PHP mangles the space in a base name and cuts at the (encoded) bracket.
        assert_eq!(back["weird_key_"], json!({"x": "v"}));
    }

    #[test]
    fn round_trip_random_trees() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..500 {
            let v = random_tree(&mut rng, 0);
            let text = encode(&v);
            assert_eq!(encode(&decode(&text)), text, "{v}");
        }
    }

    fn random_tree(rng: &mut fastrand::Rng, depth: usize) -> Value {
        let mut map = Map::new();
        for _ in 0..rng.usize(1..4) {
            let key: String = (0..rng.usize(1..5)).map(|_| rng.alphanumeric()).collect();
            let value = match (depth < 3, rng.u8(0..4)) {
                (true, 0) => random_tree(rng, depth + 1),
                (true, 1) => Value::Array(
                    (0..rng.usize(1..3))
                        .map(|_| random_tree(rng, depth + 1))
                        .collect(),
                ),
                _ => Value::String((0..rng.usize(0..6)).map(|_| rng.char(..)).collect()),
            };
            map.insert(key, value);
        }
        Value::Object(map)
    }

    #[test]
    fn never_panics_on_garbage() {
        let mut rng = fastrand::Rng::with_seed(42);
        let alphabet = b"[]%&=+ab0.5 \xff\xc3";
        for _ in 0..5000 {
            let len = rng.usize(0..40);
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    if rng.bool() {
                        alphabet[rng.usize(..alphabet.len())]
                    } else {
                        rng.u8(..)
                    }
                })
                .collect();
            let s = String::from_utf8_lossy(&bytes);
            let v = decode(&s);
            assert!(v.is_object());
            let _ = encode(&v);
        }
    }
}
