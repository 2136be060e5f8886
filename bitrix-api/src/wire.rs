//! Lenient decoding and Bitrix encodings.
//!
//! The portal is loose about types: integers arrive as `1010` or `"1010"`, flags as `"Y"`,
//! `true` or `1`, arrays as PHP maps (`{"0": …, "1": …}`) and empty maps as `[]`. The
//! [`Wire`] trait decodes all of these into plain Rust types, and refuses what would lose
//! data (an integer that does not fit, `"12abc"`, `1.5` for an integer) with an error
//! that says what arrived.
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

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, value, DeserializeOwned, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serializer};

/// A type that decodes from what the portal sends, leniently.
///
/// Implemented for the scalar types the generator uses (`i64`, `f64`, `bool`, `String`,
/// dates), for `Option`, `Vec` and string-keyed maps of them, for `serde_json::Value`, and
/// for every generated struct (which delegates to its `Deserialize`, whose fields in turn
/// use [`de()`]).
pub trait Wire: Sized {
    /// Decodes `Self` from any self-describing deserializer.
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// `#[serde(deserialize_with = "bitrix_api::wire::de")]`: decodes a field through [`Wire`].
pub fn de<'de, D: Deserializer<'de>, T: Wire>(d: D) -> Result<T, D::Error> {
    T::deserialize_wire(d)
}

/// Decodes a [`Wire`] type from a JSON value.
pub fn from_value<T: Wire>(v: serde_json::Value) -> Result<T, serde_json::Error> {
    T::deserialize_wire(v)
}

/// Decodes a [`Wire`] type from JSON text.
pub fn from_slice<T: Wire>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let mut d = serde_json::Deserializer::from_slice(bytes);
    let v = T::deserialize_wire(&mut d)?;
    d.end()?;
    Ok(v)
}

/// A `Deserialize` wrapper around any [`Wire`] type, for use inside other serde types.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T>(pub T);

impl<'de, T: Wire> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize_wire(d).map(Lenient)
    }
}

/// Implements [`Wire`] for a type by its own `Deserialize` (generated structs use this).
#[macro_export]
#[doc(hidden)]
macro_rules! __wire_via_serde {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::wire::Wire for $t {
            fn deserialize_wire<'de, D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <$t as $crate::__private::serde::Deserialize<'de>>::deserialize(d)
            }
        }
    )*};
}

__wire_via_serde!(serde_json::Value, serde_json::Map<String, serde_json::Value>, crate::FieldDescription);

fn show(v: impl fmt::Display) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(40).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{s}\"")
    }
}

struct IntVisitor;

impl Visitor<'_> for IntVisitor {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an integer (a JSON number or a string of digits)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::custom(format!("integer {v} does not fit in i64")))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(v as i64)
        } else {
            Err(E::custom(format!("expected an integer, got {v}")))
        }
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        v.trim()
            .parse::<i64>()
            .map_err(|_| E::custom(format!("expected an integer, got {}", show(v))))
    }
}

impl Wire for i64 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IntVisitor)
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number (a JSON number or a numeric string)")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v.trim().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err(E::custom(format!("expected a number, got {}", show(v)))),
        }
    }
}

impl Wire for f64 {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

struct BoolVisitor;

impl Visitor<'_> for BoolVisitor {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a flag (\"Y\"/\"N\", true/false, 1/0)")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::custom(format!("expected a flag, got {v}"))),
        }
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match v.trim() {
            "Y" | "y" | "true" | "1" => Ok(true),
            "N" | "n" | "false" | "0" => Ok(false),
            _ => Err(E::custom(format!("expected a flag, got {}", show(v)))),
        }
    }
}

impl Wire for bool {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BoolVisitor)
    }
}

struct StringVisitor;

impl Visitor<'_> for StringVisitor {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    // Identifiers documented as strings often arrive as numbers; their text is exact.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
}

impl Wire for String {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringVisitor)
    }
}

struct ParsedVisitor<T>(&'static str, fn(&str) -> Option<T>);

impl<T> Visitor<'_> for ParsedVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.1)(v.trim()).ok_or_else(|| E::custom(format!("expected {}, got {}", self.0, show(v))))
    }
}

/// The date-time forms portals send: RFC 3339 (`2024-08-30T14:29:00+02:00`), the same with
/// a `+0200` offset, and without an offset in ISO (`2025-07-14 08:47:19`,
/// `2025-07-14T08:47:19`) or Russian (`30.08.2024 14:29:00`, `30.08.2024 14:29`) order.
/// Values without an offset are in the portal's time zone, which the answer does not name:
/// they are taken as UTC (`+00:00`), so the wall-clock reading is kept exactly.
fn parse_datetime(s: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    const NAIVE: [&str; 5] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%d.%m.%Y %H:%M:%S",
        "%d.%m.%Y %H:%M",
        "%Y-%m-%d %H:%M",
    ];
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z").ok())
        .or_else(|| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%:z").ok())
        .or_else(|| {
            NAIVE.iter().find_map(|f| {
                chrono::NaiveDateTime::parse_from_str(s, f)
                    .ok()
                    .map(|dt| dt.and_utc().fixed_offset())
            })
        })
}

impl Wire for chrono::DateTime<chrono::FixedOffset> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParsedVisitor(
            "a date and time (2024-05-03T17:19:01+03:00, 2024-05-03 17:19:01 or 03.05.2024 17:19:01)",
            parse_datetime,
        ))
    }
}

impl Wire for chrono::NaiveDate {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fn parse(s: &str) -> Option<chrono::NaiveDate> {
            // Date fields are sometimes answered with a time part (`2024-05-03T00:00:00+03:00`).
            chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .or_else(|| chrono::NaiveDate::parse_from_str(s, "%d.%m.%Y").ok())
                .or_else(|| parse_datetime(s).map(|dt| dt.date_naive()))
        }
        d.deserialize_any(ParsedVisitor("a date (2024-05-03)", parse))
    }
}

/// `Option<T>`: `null`, a missing value and `""` are `None` (the portal sends `""` for unset
/// numbers and dates); anything else must decode as `T`.
impl<T: Wire> Wire for Option<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OptionVisitor(PhantomData))
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Wire> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        T::deserialize_wire(d).map(Some)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize_wire(v.into_deserializer()).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize_wire(v.into_deserializer()).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize_wire(v.into_deserializer()).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize_wire(v.into_deserializer()).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        T::deserialize_wire(value::StrDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if v.is_empty() {
            return Ok(None);
        }
        T::deserialize_wire(value::StringDeserializer::<E>::new(v)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize_wire(value::SeqAccessDeserializer::new(seq)).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize_wire(value::MapAccessDeserializer::new(map)).map(Some)
    }
}

/// `Vec<T>`: a JSON array, or a PHP-style map of index to value (taken in order).
impl<T: Wire> Wire for Vec<T> {
    fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(VecVisitor(PhantomData))
    }
}

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Wire> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Lenient(x)) = seq.next_element::<Lenient<T>>()? {
            out.push(x);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some((_, Lenient(x))) = map.next_entry::<de::IgnoredAny, Lenient<T>>()? {
            out.push(x);
        }
        Ok(out)
    }
}

/// String-keyed maps: a JSON object, or `[]` (how PHP sends an empty map).
macro_rules! wire_map {
    ($map:ident) => {
        impl<T: Wire> Wire for $map<String, T> {
            fn deserialize_wire<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<T>(PhantomData<T>);
                impl<'de, T: Wire> Visitor<'de> for V<T> {
                    type Value = $map<String, T>;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Self::Value, A::Error> {
                        let mut out = $map::new();
                        while let Some((k, Lenient(v))) = map.next_entry::<String, Lenient<T>>()? {
                            out.insert(k, v);
                        }
                        Ok(out)
                    }
                    fn visit_seq<A: SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<Self::Value, A::Error> {
                        match seq.next_element::<de::IgnoredAny>()? {
                            None => Ok($map::new()),
                            Some(_) => Err(de::Error::custom(
                                "expected an object, got a non-empty array",
                            )),
                        }
                    }
                }
                d.deserialize_any(V(PhantomData))
            }
        }
    };
}
wire_map!(BTreeMap);
wire_map!(HashMap);

/// Moves the keys of `extra` that start with `prefix` into a map of their own: how
/// generated answers hold placeholder families such as `UF_CRM_*` (user fields).
pub fn take_prefixed(
    extra: &mut serde_json::Map<String, serde_json::Value>,
    prefix: &str,
) -> BTreeMap<String, serde_json::Value> {
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
pub fn strict<T: DeserializeOwned>(v: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(v)
}

/// `Y`/`N` flags: `bool` in Rust, `"Y"`/`"N"` on the wire.
pub mod yn {
    use super::*;

    /// `#[serde(serialize_with = "bitrix_api::wire::yn::serialize")]`.
    pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *v { "Y" } else { "N" })
    }

    /// The same for `Option<bool>` (use with `skip_serializing_if = "Option::is_none"`).
    pub fn serialize_opt<S: Serializer>(v: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => serialize(b, s),
            None => s.serialize_none(),
        }
    }

    /// The same for a list of flags.
    pub fn serialize_vec<S: Serializer>(v: &[bool], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|b| if *b { "Y" } else { "N" }))
    }

    /// The same for an optional list of flags.
    pub fn serialize_opt_vec<S: Serializer>(
        v: &Option<Vec<bool>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => serialize_vec(b, s),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_from_numbers_and_strings() {
        assert_eq!(from_value::<i64>(json!(1010)).unwrap(), 1010);
        assert_eq!(from_value::<i64>(json!("1010")).unwrap(), 1010);
        assert_eq!(from_value::<i64>(json!(" -5 ")).unwrap(), -5);
        assert_eq!(from_value::<i64>(json!(10.0)).unwrap(), 10);
        assert!(from_value::<i64>(json!(10.5)).is_err());
        assert!(from_value::<i64>(json!(u64::MAX)).is_err());
        assert!(from_value::<i64>(json!("")).is_err());
        assert!(from_value::<i64>(json!(true)).is_err());
    }

    #[test]
    fn flags_in_every_spelling() {
        for v in [json!("Y"), json!(true), json!(1), json!("1"), json!("true")] {
            assert!(from_value::<bool>(v).unwrap());
        }
        for v in [json!("N"), json!(false), json!(0), json!("0")] {
            assert!(!from_value::<bool>(v).unwrap());
        }
        assert!(from_value::<bool>(json!("maybe")).is_err());
        assert!(from_value::<bool>(json!(2)).is_err());
    }

    #[test]
    fn options_treat_empty_as_none() {
        assert_eq!(from_value::<Option<i64>>(json!(null)).unwrap(), None);
        assert_eq!(from_value::<Option<i64>>(json!("")).unwrap(), None);
        assert_eq!(from_value::<Option<i64>>(json!("7")).unwrap(), Some(7));
        assert!(from_value::<Option<i64>>(json!("x")).is_err());
    }

    #[test]
    fn arrays_and_php_maps() {
        assert_eq!(from_value::<Vec<i64>>(json!([1, "2"])).unwrap(), vec![1, 2]);
        assert_eq!(
            from_value::<Vec<i64>>(json!({"0": 1, "1": "2"})).unwrap(),
            vec![1, 2]
        );
        let m: BTreeMap<String, i64> = from_value(json!([])).unwrap();
        assert!(m.is_empty());
        assert!(from_value::<BTreeMap<String, i64>>(json!([1])).is_err());
    }

    #[test]
    fn dates() {
        let dt: chrono::DateTime<chrono::FixedOffset> =
            from_value(json!("2024-05-03T17:19:01+03:00")).unwrap();
        assert_eq!(dt.to_rfc3339(), "2024-05-03T17:19:01+03:00");
        let d: chrono::NaiveDate = from_value(json!("2024-05-03")).unwrap();
        assert_eq!(d.to_string(), "2024-05-03");
        assert!(from_value::<chrono::NaiveDate>(json!("yesterday")).is_err());
        // The forms real answers use, offset or not (crm.calllist.get, lists in Russian order).
        for (wire, read) in [
            ("2025-07-14 08:47:19", "2025-07-14T08:47:19+00:00"),
            ("2025-07-14T08:47:19", "2025-07-14T08:47:19+00:00"),
            ("30.08.2024 14:29:00", "2024-08-30T14:29:00+00:00"),
            ("30.08.2024 14:29", "2024-08-30T14:29:00+00:00"),
            ("2024-08-30T14:29:00+0200", "2024-08-30T14:29:00+02:00"),
        ] {
            let dt: chrono::DateTime<chrono::FixedOffset> = from_value(json!(wire)).unwrap();
            assert_eq!(dt.to_rfc3339(), read, "{wire}");
        }
        let d: chrono::NaiveDate = from_value(json!("30.08.2024")).unwrap();
        assert_eq!(d.to_string(), "2024-08-30");
        let unset: Option<chrono::NaiveDate> = from_value(json!("")).unwrap();
        assert_eq!(unset, None);
        let err =
            from_value::<chrono::DateTime<chrono::FixedOffset>>(json!("30/08/2024")).unwrap_err();
        assert!(err.to_string().contains("30/08/2024"), "{err}");
    }

    #[test]
    fn strings_accept_numbers_exactly() {
        assert_eq!(from_value::<String>(json!(42)).unwrap(), "42");
        assert_eq!(from_value::<String>(json!("a")).unwrap(), "a");
    }

    #[test]
    fn from_slice_rejects_trailing_garbage() {
        assert_eq!(from_slice::<i64>(b"12").unwrap(), 12);
        assert!(from_slice::<i64>(b"12 x").is_err());
    }
}
