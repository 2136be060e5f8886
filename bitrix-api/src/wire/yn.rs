//! `Y`/`N` flags: `bool` in Rust, `"Y"`/`"N"` on the wire.

use serde::Serializer;

/// The letter a flag is sent as: `"Y"` or `"N"`.
pub fn letter(v: bool) -> &'static str {
    if v {
        "Y"
    } else {
        "N"
    }
}

/// `#[serde(serialize_with = "bitrix_api::wire::yn::serialize")]`.
pub fn serialize<S: Serializer>(v: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(letter(*v))
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
    s.collect_seq(v.iter().map(|b| letter(*b)))
}

/// The same for an optional list of flags.
pub fn serialize_opt_vec<S: Serializer>(v: &Option<Vec<bool>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(b) => serialize_vec(b, s),
        None => s.serialize_none(),
    }
}
