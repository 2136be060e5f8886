//! What a method's answer holds at a place under `result`: read from the example answer
//! when it shows that place, else from the response model the page's tables gave.

use crate::model::{FieldType, MethodSpec};

use super::ordered::Node;

/// What one place under `result` holds.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Place {
    /// An object; its keys when the page shows them.
    Object(Option<Vec<String>>),
    /// A list; the keys of its object elements when the page shows them.
    List(Option<Vec<String>>),
    /// A number, string, flag or field-description map: no records here.
    Scalar,
    /// The page says nothing about it (type `any`, example `null`).
    Unknown,
    /// The page has no such place.
    Missing,
}

/// A method's answer, as far as its page shows it.
pub(crate) struct Answer<'a> {
    example: Option<Node>,
    model: &'a FieldType,
}

impl<'a> Answer<'a> {
    pub(crate) fn of(spec: &'a MethodSpec) -> Answer<'a> {
        let example = spec
            .response
            .example
            .as_deref()
            .and_then(Node::parse)
            .and_then(|n| n.get("result").cloned());
        Answer {
            example,
            model: &spec.response.ty,
        }
    }

    /// What `result.<path>` holds: the example's word when it shows the place, else the
    /// model's.
    pub(crate) fn at(&self, path: &[String]) -> Place {
        let shown = self
            .example
            .as_ref()
            .and_then(|n| descend_node(n, path))
            .map_or(Place::Missing, node_place);
        match shown {
            Place::Missing | Place::Unknown => {
                match descend_model(self.model, path).map(model_place) {
                    Some(Place::Unknown) | None => shown,
                    Some(place) => place,
                }
            }
            place => place,
        }
    }

    /// The keys directly under `result` (example first, then model-only ones), when it is
    /// an object.
    pub(crate) fn top_keys(&self) -> Vec<String> {
        let mut keys = match &self.example {
            Some(Node::Object(entries)) => entries.iter().map(|(k, _)| k.clone()).collect(),
            _ => Vec::new(),
        };
        if let FieldType::Object(fields) = self.model {
            for f in fields.iter().filter(|f| !f.pattern) {
                if !keys.contains(&f.name) {
                    keys.push(f.name.clone());
                }
            }
        }
        keys
    }
}

fn descend_node<'n>(node: &'n Node, path: &[String]) -> Option<&'n Node> {
    path.iter().try_fold(node, |n, key| n.get(key))
}

fn descend_model<'t>(ty: &'t FieldType, path: &[String]) -> Option<&'t FieldType> {
    path.iter().try_fold(ty, |t, key| match t {
        FieldType::Object(fields) => fields.iter().find(|f| &f.name == key).map(|f| &f.ty),
        _ => None,
    })
}

fn node_place(node: &Node) -> Place {
    match node {
        Node::Object(entries) => {
            Place::Object(Some(entries.iter().map(|(k, _)| k.clone()).collect()))
        }
        Node::Array(items)
            if !items.is_empty() && !items.iter().any(|i| matches!(i, Node::Object(_))) =>
        {
            Place::Scalar
        }
        Node::Array(items) => {
            let mut keys: Vec<String> = Vec::new();
            for item in items {
                if let Node::Object(entries) = item {
                    for (k, _) in entries {
                        if !keys.contains(k) {
                            keys.push(k.clone());
                        }
                    }
                }
            }
            Place::List((!keys.is_empty()).then_some(keys))
        }
        Node::Scalar(serde_json::Value::Null) => Place::Unknown,
        Node::Scalar(_) => Place::Scalar,
    }
}

fn model_place(ty: &FieldType) -> Place {
    let keys = |fields: &[crate::model::Field]| {
        let keys: Vec<String> = fields
            .iter()
            .filter(|f| !f.pattern)
            .map(|f| f.name.clone())
            .collect();
        (!keys.is_empty()).then_some(keys)
    };
    match ty {
        FieldType::Object(fields) => Place::Object(keys(fields)),
        FieldType::Array(inner) => match inner.as_ref() {
            FieldType::Object(fields) => Place::List(keys(fields)),
            FieldType::Any => Place::List(None),
            _ => Place::Scalar,
        },
        FieldType::Any => Place::Unknown,
        _ => Place::Scalar,
    }
}
