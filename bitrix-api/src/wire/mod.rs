//! Lenient decoding and Bitrix encodings.
//!
//! The portal is loose about types: integers arrive as `1010` or `"1010"`, flags as `"Y"`,
//! `true` or `1`, arrays as PHP maps (`{"0": …, "1": …}`) and empty maps as `[]`. The
//! [`Wire`] trait decodes all of these into plain Rust types, and refuses what would lose
//! data (an integer that does not fit, `"12abc"`, `1.5` for an integer) with a
//! [`WireError`] that says what arrived and where (`items[2].CONTACT_ID`).
//!
//! ```
//! use bitrix_api::wire;
//!
//! let n: i64 = wire::from_value(serde_json::json!("1010")).unwrap();
//! assert_eq!(n, 1010);
//! let flag: bool = wire::from_value(serde_json::json!("Y")).unwrap();
//! assert!(flag);
//! let err = wire::from_value::<i64>(serde_json::json!("12abc")).unwrap_err();
//! assert!(err.to_string().contains("12abc"));
//! ```
//!
//! Decoding is not generic over a serde `Deserializer`: every type decodes from one
//! [`serde_json::Value`], so each type's decoder is compiled once, not once per
//! deserializer, and a generated record is one short function (see [`take`]). Serde
//! code can still use every `Wire` type through [`de`] and [`Lenient`].

mod container;
mod error;
pub mod out;
mod scalar;
mod serde_bridge;
pub mod yn;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use error::WireError;
pub use out::{Inline, Out, ToWire};
pub use serde_bridge::{de, deserialize, Lenient};

/// A type that decodes from what the portal sends, leniently.
///
/// Implemented for the scalar types the generator uses (`i64`, `f64`, `bool`, `String`,
/// dates), for `Option`, `Vec` and string-keyed maps of them, for `serde_json::Value`, and
/// for every generated struct (a call of [`take`] per documented field).
pub trait Wire: Sized {
    /// Decodes `Self` from one JSON value.
    fn from_wire(value: Value) -> Result<Self, WireError>;

    /// What a key the answer leaves out decodes to: `None` (the default) makes it an
    /// error naming the key; `Option<T>` answers `Some(None)`.
    fn absent() -> Option<Self> {
        None
    }
}

/// Decodes a [`Wire`] type from a JSON value.
pub fn from_value<T: Wire>(v: Value) -> Result<T, WireError> {
    T::from_wire(v)
}

/// Decodes a [`Wire`] type from JSON text.
pub fn from_slice<T: Wire>(bytes: &[u8]) -> Result<T, WireError> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| WireError::new(format!("not JSON: {e}")))?;
    T::from_wire(value)
}

/// The fields of an answer's object, for a generated record's decoder: a JSON object, or
/// `[]` (how PHP sends an empty one).
pub fn object(value: Value) -> Result<Map<String, Value>, WireError> {
    match value {
        Value::Object(map) => Ok(map),
        Value::Array(a) if a.is_empty() => Ok(Map::new()),
        other => Err(WireError::unexpected("an object", &other)),
    }
}

/// Removes `key` from a record's fields and decodes it; an error names the key. A key the
/// answer leaves out is [`Wire::absent`] (`None` for an `Option`), or an error.
pub fn take<T: Wire>(fields: &mut Map<String, Value>, key: &str) -> Result<T, WireError> {
    match fields.remove(key) {
        Some(v) => T::from_wire(v).map_err(|e| e.at_key(key)),
        None => T::absent().ok_or_else(|| WireError::new(format!("missing field `{key}`"))),
    }
}

/// Like [`take`], with a value for a key the answer leaves out.
pub fn take_or<T: Wire>(
    fields: &mut Map<String, Value>,
    key: &str,
    default: T,
) -> Result<T, WireError> {
    match fields.remove(key) {
        Some(v) => T::from_wire(v).map_err(|e| e.at_key(key)),
        None => Ok(default),
    }
}

/// Moves the keys of `extra` that start with `prefix` into a map of their own: how
/// generated answers hold placeholder families such as `UF_CRM_*` (user fields).
pub fn take_prefixed(extra: &mut Map<String, Value>, prefix: &str) -> BTreeMap<String, Value> {
    let keys: Vec<String> = extra
        .keys()
        .filter(|k| k.starts_with(prefix))
        .cloned()
        .collect();
    keys.into_iter()
        .filter_map(|k| extra.remove(&k).map(|v| (k, v)))
        .collect()
}

/// Decodes any `DeserializeOwned` type strictly (no leniency), for callers that want serde's
/// own rules.
pub fn strict<T: serde::de::DeserializeOwned>(v: Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(v)
}

#[cfg(test)]
mod tests;
