//! [`Field`]: a documented field of an entity, typed by its [`Kind`], and the filter
//! conditions it builds.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::Value;

use super::filter::{Cond, Op};

/// What a field's values are in Rust, and how they go into a filter.
pub trait Kind {
    /// The Rust type of one value (`i64`, [`Decimal`](super::Decimal), `String`, `bool`,
    /// `NaiveDate`, …).
    type Value;
    /// One value as JSON (flags as `true`/`false`: each dialect writes them its own way).
    fn json(value: Self::Value) -> Value;
}

/// Kinds on which LIKE works (free text, multi-field values).
pub trait Like: Kind {}

/// The kinds of fields, one marker type each (see [`FieldKind`](super::FieldKind)).
pub mod kind {
    use serde_json::Value;

    use super::{Kind, Like};
    use crate::typed::Decimal as Dec;

    macro_rules! kinds {
        ($($(#[$doc:meta])* $name:ident: $value:ty => |$v:ident| $json:expr;)*) => {$(
            $(#[$doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            pub struct $name;
            impl Kind for $name {
                type Value = $value;
                fn json($v: $value) -> Value {
                    $json
                }
            }
        )*};
    }

    kinds! {
        /// `integer` and ids of linked records and users.
        Integer: i64 => |v| Value::from(v);
        /// `double`: amounts, quantities ([`Decimal`](crate::typed::Decimal)).
        Decimal: Dec => |v| v.to_json();
        /// Free text (`string`, `url`): LIKE works.
        Text: String => |v| Value::String(v);
        /// Codes (`crm_status`, `crm_currency`): exact values only.
        Status: String => |v| Value::String(v);
        /// `char` (`Y`/`N`), `boolean`.
        Flag: bool => |v| Value::Bool(v);
        /// `date`.
        Date: chrono::NaiveDate => |v| Value::String(v.format("%Y-%m-%d").to_string());
        /// `datetime`: a moment, or a whole day as the list pages' examples filter by
        /// ([`Moment`](crate::typed::Moment)).
        DateTime: crate::typed::Moment => |v| v.to_json();
        /// `crm_multifield`: filtered by value (a phone number, an address).
        Multifield: String => |v| Value::String(v);
        /// `crm_entity` (`D_12`).
        EntityRef: String => |v| Value::String(v);
        /// `enumeration`: the id of a listed value.
        Enumeration: i64 => |v| Value::from(v);
        /// `file`: filtered by file id.
        File: i64 => |v| Value::from(v);
        /// Anything else: JSON as given.
        Other: Value => |v| v;
        /// A custom (`UF_*`) field: JSON as given, LIKE allowed (the portal decides).
        Custom: Value => |v| v;
    }

    impl Like for Text {}
    impl Like for Multifield {}
    impl Like for Custom {}
}

/// A documented field of the entity `E`, holding values of kind `K`: generated as
/// associated constants (`Deal::OPPORTUNITY: Field<Deal, kind::Decimal>`). Its methods
/// build filter conditions whose value type follows the field's.
pub struct Field<E, K> {
    name: Cow<'static, str>,
    camel: Cow<'static, str>,
    custom: bool,
    _p: PhantomData<fn() -> (E, K)>,
}

impl<E, K> Clone for Field<E, K> {
    fn clone(&self) -> Self {
        Field {
            name: self.name.clone(),
            camel: self.camel.clone(),
            custom: self.custom,
            _p: PhantomData,
        }
    }
}

impl<E, K> std::fmt::Debug for Field<E, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Field({})", self.name)
    }
}

impl<E, K> Field<E, K> {
    /// A documented field: its name as the entity's methods spell it and as `crm.item.*`
    /// does (generated code).
    pub const fn new(name: &'static str, camel: &'static str) -> Self {
        Field {
            name: Cow::Borrowed(name),
            camel: Cow::Borrowed(camel),
            custom: false,
            _p: PhantomData,
        }
    }

    pub(crate) fn custom_named(name: String, camel: String) -> Self {
        Field {
            name: Cow::Owned(name),
            camel: Cow::Owned(camel),
            custom: true,
            _p: PhantomData,
        }
    }

    /// The name in the entity's own spelling (`OPPORTUNITY`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name as `crm.item.*` spells it (`opportunity`).
    pub fn camel(&self) -> &str {
        &self.camel
    }

    pub(crate) fn names(&self) -> (Cow<'static, str>, Cow<'static, str>) {
        (self.name.clone(), self.camel.clone())
    }

    fn cond(self, op: Op, value: Value) -> Cond<E> {
        Cond::cmp(self.name, self.camel, op, value, self.custom)
    }
}

impl<E, K: Kind> Field<E, K> {
    /// Equal to `value` (no prefix; `=` in REST 3.0).
    pub fn eq(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Eq, K::json(value.into()))
    }
    /// Not equal to `value` (`!=`).
    pub fn ne(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Ne, K::json(value.into()))
    }
    /// Strictly greater (`>`).
    pub fn gt(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Gt, K::json(value.into()))
    }
    /// Greater or equal (`>=`).
    pub fn ge(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Ge, K::json(value.into()))
    }
    /// Strictly less (`<`).
    pub fn lt(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Lt, K::json(value.into()))
    }
    /// Less or equal (`<=`).
    pub fn le(self, value: impl Into<K::Value>) -> Cond<E> {
        self.cond(Op::Le, K::json(value.into()))
    }
    /// One of `values` (`@`; `in` in REST 3.0).
    pub fn is_in<V: Into<K::Value>>(self, values: impl IntoIterator<Item = V>) -> Cond<E> {
        let list = values.into_iter().map(|v| K::json(v.into())).collect();
        self.cond(Op::In, Value::Array(list))
    }
    /// None of `values` (`!@`; REST 2 only).
    pub fn not_in<V: Into<K::Value>>(self, values: impl IntoIterator<Item = V>) -> Cond<E> {
        let list = values.into_iter().map(|v| K::json(v.into())).collect();
        self.cond(Op::NotIn, Value::Array(list))
    }
    /// From `low` to `high`, both included (`between` in REST 3.0; `>=` and `<=` in REST 2).
    pub fn between(self, low: impl Into<K::Value>, high: impl Into<K::Value>) -> Cond<E> {
        let pair = vec![K::json(low.into()), K::json(high.into())];
        self.cond(Op::Between, Value::Array(pair))
    }
}

impl<E, K: Like> Field<E, K> {
    /// Contains `text` anywhere (`%`: LIKE `%text%`; REST 2 only).
    pub fn like(self, text: impl Into<String>) -> Cond<E> {
        self.cond(Op::Like, Value::String(text.into()))
    }
    /// Matches `pattern`, with `%` placed by you (`=%`: `"mol%"` begins with "mol").
    pub fn like_pattern(self, pattern: impl Into<String>) -> Cond<E> {
        self.cond(Op::LikePattern, Value::String(pattern.into()))
    }
    /// Does not contain `text` (`!%`).
    pub fn not_like(self, text: impl Into<String>) -> Cond<E> {
        self.cond(Op::NotLike, Value::String(text.into()))
    }
}

/// A value of a `datetime` field in a filter: a moment with its offset
/// (`"2025-10-31T00:00:00+02:00"`), or a day (`"2025-01-01"`, which the portal reads as that
/// day's midnight; the list pages' examples filter `DATE_CREATE` this way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A whole day: written `YYYY-MM-DD`.
    Day(chrono::NaiveDate),
    /// A moment: written in RFC 3339 with its offset.
    At(chrono::DateTime<chrono::FixedOffset>),
}

impl Moment {
    /// The value as a filter writes it.
    pub fn to_json(self) -> Value {
        Value::String(match self {
            Moment::Day(d) => d.format("%Y-%m-%d").to_string(),
            Moment::At(t) => t.to_rfc3339(),
        })
    }
}

impl From<chrono::NaiveDate> for Moment {
    fn from(d: chrono::NaiveDate) -> Self {
        Moment::Day(d)
    }
}

impl From<chrono::DateTime<chrono::FixedOffset>> for Moment {
    fn from(t: chrono::DateTime<chrono::FixedOffset>) -> Self {
        Moment::At(t)
    }
}

impl From<chrono::DateTime<chrono::Utc>> for Moment {
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        Moment::At(t.fixed_offset())
    }
}
