//! The handles a batch gives out: [`BatchRef`], a command's typed answer in
//! [`BatchResults`](super::BatchResults), and [`Ref`], a later command's reference to an
//! earlier one's answer (`$result[key][field]`).

use std::fmt;
use std::marker::PhantomData;

use serde::ser::Serializer;
use serde::Serialize;

/// A typed handle to one command's answer in a [`BatchResults`](super::BatchResults); `T`
/// is what the answer decodes to.
pub struct BatchRef<T> {
    pub(super) key: String,
    pub(super) method: String,
    pub(super) _answer: PhantomData<fn() -> T>,
}

impl<T> BatchRef<T> {
    /// The command's key in the batch.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The command's method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// A reference to this command's whole answer, for a later command's parameters
    /// (`$result[key]`, e.g. the id an `add` returned).
    pub fn result(&self) -> Ref {
        Ref::new(&self.key)
    }

    /// A reference to a field of this command's answer (`$result[key][name]`).
    pub fn field(&self, name: &str) -> Ref {
        Ref::new(&self.key).field(name)
    }
}

impl<T> Clone for BatchRef<T> {
    fn clone(&self) -> Self {
        BatchRef {
            key: self.key.clone(),
            method: self.method.clone(),
            _answer: PhantomData,
        }
    }
}

impl<T> fmt::Debug for BatchRef<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchRef")
            .field("key", &self.key)
            .field("method", &self.method)
            .finish()
    }
}

/// A reference to an earlier command's answer inside the same batch call; serializes to
/// the string `$result[key][field]…`, which the portal replaces before running the
/// command.
///
/// ```
/// use bitrix_api::batch::Ref;
///
/// let r = Ref::new("user").field("UF_DEPARTMENT").index(0);
/// assert_eq!(r.as_str(), "$result[user][UF_DEPARTMENT][0]");
/// assert_eq!(serde_json::json!({"ID": r}), serde_json::json!({"ID": "$result[user][UF_DEPARTMENT][0]"}));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref(String);

impl Ref {
    /// The whole answer of the command under `key`.
    pub fn new(key: &str) -> Ref {
        Ref(format!("$result[{key}]"))
    }

    /// A named field of it.
    pub fn field(mut self, name: &str) -> Ref {
        self.0.push('[');
        self.0.push_str(name);
        self.0.push(']');
        self
    }

    /// An element of a list in it.
    pub fn index(self, i: usize) -> Ref {
        self.field(&i.to_string())
    }

    /// The reference as the portal reads it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
