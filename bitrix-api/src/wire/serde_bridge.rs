//! [`Wire`] types inside serde types, and serde's `Deserialize` for generated records.

use serde::{de, Deserialize, Deserializer};
use serde_json::Value;

use super::Wire;

/// `#[serde(deserialize_with = "bitrix_api::wire::de")]`: decodes a field through [`Wire`].
pub fn de<'de, D: Deserializer<'de>, T: Wire>(d: D) -> Result<T, D::Error> {
    deserialize(d)
}

/// `Deserialize` of a [`Wire`] type (generated records implement `Deserialize` with it, so
/// they can sit inside an app's own serde types).
pub fn deserialize<'de, D: Deserializer<'de>, T: Wire>(d: D) -> Result<T, D::Error> {
    let value = Value::deserialize(d)?;
    T::from_wire(value).map_err(de::Error::custom)
}

/// A `Deserialize` wrapper around any [`Wire`] type, for use inside other serde types.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T>(pub T);

impl<'de, T: Wire> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(Lenient)
    }
}

/// Implements serde's `Deserialize` for types by their [`Wire`] decoder (generated records
/// and the crate's own answer types use this).
#[macro_export]
#[doc(hidden)]
macro_rules! __serde_via_wire {
    ($($t:ty),* $(,)?) => {$(
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::wire::deserialize(d)
            }
        }
    )*};
}

/// Implements [`Wire`] for types by their own serde `Deserialize` (for an app's own answer
/// types: `call_envelope::<MyAnswer>`); their fields can use [`de`] to stay lenient.
#[macro_export]
#[doc(hidden)]
macro_rules! __wire_via_serde {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::wire::Wire for $t {
            fn from_wire(
                value: $crate::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, $crate::wire::WireError> {
                <$t as $crate::__private::serde::Deserialize>::deserialize(value)
                    .map_err(|e| $crate::wire::WireError::new(e.to_string()))
            }
        }
    )*};
}
