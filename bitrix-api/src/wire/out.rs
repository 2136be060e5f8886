//! Writing values to the portal: [`ToWire`], the other half of [`Wire`](super::Wire).
//!
//! A generated request, answer or record writes itself with one short function of
//! [`Out`] calls, one per field (`o.opt("SORT", &self.sort)`), not a serde derive: the
//! derive's `Serialize` is generic over the serializer, brings a wrapper type per
//! `serialize_with` field, and was the largest part of what every user compiled for the
//! generated methods (BENCHMARKS.md, issue 21). Serde still sees every generated type
//! through [`__via_to_wire!`](crate::__via_to_wire), which writes the same
//! JSON, keys in the same order; their `Debug` and `PartialEq` are the same one line.
//!
//! ```
//! use bitrix_api::wire::{Out, ToWire};
//!
//! let mut o = Out::new();
//! o.put("ID", &7i64).opt::<String>("TITLE", &None).yn_opt("OPENED", &Some(true));
//! assert_eq!(o.done(), serde_json::json!({"ID": 7, "OPENED": "Y"}));
//! assert_eq!(vec![Some(1i64), None].to_wire(), serde_json::json!([1, null]));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

/// A type written to the portal as one JSON value.
///
/// Implemented for the scalar types the generator uses, dates, `Option`, `Vec` and
/// string-keyed maps of them, `serde_json::Value`, the crate's field types, and every
/// generated struct and enum.
pub trait ToWire {
    /// The value as JSON, as it is sent.
    fn to_wire(&self) -> Value;
}

/// A JSON object under construction, fields in the order they are written.
#[derive(Debug, Default)]
pub struct Out(Map<String, Value>);

impl Out {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `key`.
    pub fn put<T: ToWire + ?Sized>(&mut self, key: &str, v: &T) -> &mut Self {
        self.0.insert(key.to_owned(), v.to_wire());
        self
    }

    /// Writes `key` when `v` is set; leaves it out when `None`.
    pub fn opt<T: ToWire>(&mut self, key: &str, v: &Option<T>) -> &mut Self {
        if let Some(v) = v {
            self.put(key, v);
        }
        self
    }

    /// Writes a flag as `"Y"`/`"N"`.
    pub fn yn(&mut self, key: &str, v: &bool) -> &mut Self {
        self.0.insert(key.to_owned(), yn(*v));
        self
    }

    /// Writes a flag as `"Y"`/`"N"` when set.
    pub fn yn_opt(&mut self, key: &str, v: &Option<bool>) -> &mut Self {
        if let Some(v) = v {
            self.yn(key, v);
        }
        self
    }

    /// Writes a list of flags as `"Y"`/`"N"`.
    pub fn yn_vec(&mut self, key: &str, v: &[bool]) -> &mut Self {
        let list = v.iter().map(|b| yn(*b)).collect();
        self.0.insert(key.to_owned(), Value::Array(list));
        self
    }

    /// Writes a list of flags as `"Y"`/`"N"` when set.
    pub fn yn_opt_vec(&mut self, key: &str, v: &Option<Vec<bool>>) -> &mut Self {
        if let Some(v) = v {
            self.yn_vec(key, v);
        }
        self
    }

    /// Writes every key of `v` here (serde's `flatten`): a placeholder family
    /// (`UF_CRM_*`), custom fields, or the keys an answer had that its page does not name.
    pub fn inline<T: Inline + ?Sized>(&mut self, v: &T) -> &mut Self {
        v.inline_into(&mut self.0);
        self
    }

    /// The object written.
    pub fn done(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.0))
    }
}

fn yn(b: bool) -> Value {
    Value::from(super::yn::letter(b))
}

/// Serializes a [`ToWire`] value with any serde serializer: what generated types'
/// `Serialize` calls.
pub fn serialize<T: ToWire + ?Sized, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&v.to_wire(), s)
}

/// `Debug` by the wire form: the type's name and the JSON it is sent or came as
/// (`{:#?}` pretty-prints it), what generated types' `Debug` calls with their
/// [`ToWire::to_wire`]. Not generic: compiled once.
pub fn debug(value: &Value, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if f.alternate() {
        write!(f, "{name} {value:#}")
    } else {
        write!(f, "{name} {value}")
    }
}

/// Implements serde's `Serialize`, `Debug` and `PartialEq` for types by their [`ToWire`]
/// writer (every generated struct): one line each instead of a derive per struct. Two
/// values are equal when they write the same JSON, which holds every field.
#[macro_export]
#[doc(hidden)]
macro_rules! __via_to_wire {
    ($($t:ident),* $(,)?) => {$(
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::wire::out::serialize(self, s)
            }
        }
        impl ::core::fmt::Debug for $t {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let value = $crate::wire::ToWire::to_wire(self);
                $crate::wire::out::debug(&value, ::core::stringify!($t), f)
            }
        }
        impl ::core::cmp::PartialEq for $t {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                $crate::wire::ToWire::to_wire(self) == $crate::wire::ToWire::to_wire(other)
            }
        }
    )*};
}

macro_rules! via_json {
    ($($t:ty),*) => {$(
        impl ToWire for $t {
            fn to_wire(&self) -> Value {
                Value::from(self.clone())
            }
        }
    )*};
}
via_json!(i64, f64, bool, String, Value);

impl ToWire for str {
    fn to_wire(&self) -> Value {
        Value::String(self.to_owned())
    }
}

/// Types whose own `Serialize` writes a string or a string-keyed object, which
/// `serde_json::to_value` cannot refuse.
macro_rules! via_serde {
    ($($t:ty),*) => {$(
        impl ToWire for $t {
            fn to_wire(&self) -> Value {
                serde_json::to_value(self).unwrap_or(Value::Null)
            }
        }
    )*};
}
via_serde!(
    chrono::NaiveDate,
    chrono::DateTime<chrono::FixedOffset>,
    crate::types::Multifield,
    crate::types::File,
    crate::FieldDescription,
    crate::typed::Custom,
    crate::typed::Decimal
);

impl<T: ToWire> ToWire for Option<T> {
    fn to_wire(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::to_wire)
    }
}

impl<T: ToWire> ToWire for Vec<T> {
    fn to_wire(&self) -> Value {
        Value::Array(self.iter().map(T::to_wire).collect())
    }
}

impl<T: ToWire> ToWire for BTreeMap<String, T> {
    fn to_wire(&self) -> Value {
        Value::Object(self.iter().map(|(k, v)| (k.clone(), v.to_wire())).collect())
    }
}

impl ToWire for Map<String, Value> {
    fn to_wire(&self) -> Value {
        Value::Object(self.clone())
    }
}

/// A map whose keys [`Out::inline`] writes into the object around it.
pub trait Inline {
    /// Copies every key and value into `out`.
    fn inline_into(&self, out: &mut Map<String, Value>);
}

impl Inline for Map<String, Value> {
    fn inline_into(&self, out: &mut Map<String, Value>) {
        out.extend(self.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

impl Inline for BTreeMap<String, Value> {
    fn inline_into(&self, out: &mut Map<String, Value>) {
        out.extend(self.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
}

impl Inline for crate::typed::Custom {
    fn inline_into(&self, out: &mut Map<String, Value>) {
        out.extend(self.iter().map(|(k, v)| (k.to_owned(), v.clone())));
    }
}

impl<T: ToWire + ?Sized> ToWire for &T {
    fn to_wire(&self) -> Value {
        (**self).to_wire()
    }
}
