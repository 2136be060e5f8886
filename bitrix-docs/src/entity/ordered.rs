//! JSON read with object keys in page order.
//!
//! `serde_json::Map` sorts its keys (the crate is built without `preserve_order`, and
//! turning that on would reorder every map in the workspace), but an entity's fields are
//! listed in the order the fields page shows them. This reads the example answer into a
//! small tree that keeps that order.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

/// A JSON value whose objects keep their keys in the order written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// An object: keys in order (a repeated key is kept twice, as written).
    Object(Vec<(String, Node)>),
    /// An array.
    Array(Vec<Node>),
    /// A string, number, boolean or `null`.
    Scalar(Value),
}

impl Node {
    /// Parses `text`; `None` when it is not JSON.
    pub(crate) fn parse(text: &str) -> Option<Node> {
        serde_json::from_str(text).ok()
    }

    /// The value under `key` (the first, when an object repeats it).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string scalar.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Scalar(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// A boolean scalar; `"Y"`/`"N"` and `1`/`0` read as the pages sometimes write them.
    pub(crate) fn as_flag(&self) -> Option<bool> {
        match self {
            Node::Scalar(Value::Bool(b)) => Some(*b),
            Node::Scalar(Value::String(s)) => match s.as_str() {
                "Y" | "true" | "1" => Some(true),
                "N" | "false" | "0" => Some(false),
                _ => None,
            },
            Node::Scalar(Value::Number(n)) => n.as_i64().map(|n| n != 0),
            _ => None,
        }
    }

    /// A scalar as text: strings as they are, numbers in JSON form; `None` otherwise.
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Scalar(Value::String(s)) => Some(s.clone()),
            Node::Scalar(Value::Number(n)) => Some(n.to_string()),
            Node::Scalar(Value::Bool(b)) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Scalar(Value::from(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Scalar(Value::String(v)))
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Node>()? {
            entries.push((key, value));
        }
        Ok(Node::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order() {
        let node = Node::parse(r#"{"b": 1, "a": {"z": null, "y": [true, "x"]}}"#).unwrap();
        let Node::Object(entries) = &node else {
            panic!("an object")
        };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
        let Some(Node::Object(inner)) = node.get("a") else {
            panic!("an object")
        };
        assert_eq!(inner[0].0, "z");
        assert_eq!(Node::parse("{oops"), None);
    }
}
