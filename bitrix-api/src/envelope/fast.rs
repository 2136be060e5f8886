//! The one-pass read of an ordinary success: the envelope's keys in one serde pass over the
//! bytes, `result` kept as JSON for the answer type's [`Wire`] decoder. Not generic.

use serde::de::{self, IgnoredAny};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::{Envelope, Time};
use crate::wire::Wire;

/// The fast path: a JSON object with `result` and no `error`, every part as the slow path
/// would read it. `None` whenever the slow path might decide otherwise (it then decides).
/// Not generic: one copy for every answer type.
pub(super) fn single_pass(body: &[u8]) -> Option<Envelope> {
    // A derived struct also accepts a JSON array; the slow path calls that garbage.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return None;
    }
    let fast: Fast = serde_json::from_slice(body).ok()?;
    if fast.error.0 {
        return None;
    }
    Some(Envelope {
        result: fast.result.0?,
        time: fast.time.0,
        total: fast.total.and_then(Count::get),
        next: fast.next.and_then(Count::get),
    })
}

/// The envelope as one serde pass reads it. Unknown keys (`error_description`, …) are
/// skipped.
#[derive(Deserialize)]
struct Fast {
    #[serde(default)]
    result: Present,
    #[serde(default)]
    error: Seen,
    #[serde(default)]
    time: TimeObject,
    #[serde(default)]
    total: Option<Count>,
    #[serde(default)]
    next: Option<Count>,
}

/// A key that may be absent; when present, even `null` is kept (the answer's type decides
/// what `null` means), unlike `Option<Value>`.
#[derive(Default)]
struct Present(Option<Value>);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Value::deserialize(d).map(|v| Present(Some(v)))
    }
}

/// Whether a key was there at all, whatever its value.
#[derive(Default)]
struct Seen(bool);

impl<'de> Deserialize<'de> for Seen {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        IgnoredAny::deserialize(d).map(|_| Seen(true))
    }
}

/// `time`: an object decoded as [`Time`], `null` as nothing; anything else fails the fast
/// path (the slow path drops it, see [`Time::lenient`]).
#[derive(Default)]
struct TimeObject(Option<Time>);

impl<'de> Deserialize<'de> for TimeObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Null => Ok(TimeObject(None)),
            v @ Value::Object(_) => Time::from_wire(v)
                .map(|t| TimeObject(Some(t)))
                .map_err(de::Error::custom),
            _ => Err(de::Error::custom("expected a time object")),
        }
    }
}

/// `total` / `next`: an integer as [`count`] reads it (a negative one is dropped).
struct Count(Option<i64>);

impl Count {
    fn get(self) -> Option<u64> {
        u64::try_from(self.0?).ok()
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Value::deserialize(d)?;
        <Option<i64> as Wire>::from_wire(v)
            .map(Count)
            .map_err(de::Error::custom)
    }
}
