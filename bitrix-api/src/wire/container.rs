//! `Option`, `Vec` and string-keyed maps of [`Wire`] types, with PHP's spellings.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::{Wire, WireError};

/// `Option<T>`: `null`, a missing key and `""` are `None` (the portal sends `""` for unset
/// numbers and dates), and so is `false` where `T` is no flag (PHP's "nothing" for an
/// object: im.dialog.users.list's `phones` "can be `false`"); anything else must decode as
/// `T`.
impl<T: Wire> Wire for Option<T> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        match value {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::Bool(false) => Ok(T::from_wire(Value::Bool(false)).ok()),
            other => T::from_wire(other).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

/// `Vec<T>`: a JSON array, or a PHP-style map of index to value (taken in order).
impl<T: Wire> Wire for Vec<T> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        match value {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_wire(v).map_err(|e| e.at_index(i)))
                .collect(),
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| T::from_wire(v).map_err(|e| e.at_key(&k)))
                .collect(),
            other => Err(WireError::unexpected("an array", &other)),
        }
    }
}

/// The entries of a string-keyed map: a JSON object, or `[]` (how PHP sends an empty map).
fn entries<T: Wire>(value: Value) -> Result<Vec<(String, T)>, WireError> {
    match value {
        Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| match T::from_wire(v) {
                Ok(v) => Ok((k, v)),
                Err(e) => Err(e.at_key(&k)),
            })
            .collect(),
        Value::Array(a) if a.is_empty() => Ok(Vec::new()),
        Value::Array(_) => Err(WireError::new("expected an object, got a non-empty array")),
        other => Err(WireError::unexpected("an object", &other)),
    }
}

impl<T: Wire> Wire for BTreeMap<String, T> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        entries(value).map(|e| e.into_iter().collect())
    }
}

impl<T: Wire> Wire for HashMap<String, T> {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        entries(value).map(|e| e.into_iter().collect())
    }
}
