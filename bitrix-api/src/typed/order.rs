//! [`Order`] and [`Select`]: sorting and narrowing typed by the entity's fields.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::{Dialect, Field};

/// Sort keys on fields of `E`, first key first.
pub struct Order<E> {
    keys: Vec<(Cow<'static, str>, Cow<'static, str>, bool)>,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Order<E> {
    fn clone(&self) -> Self {
        Order {
            keys: self.keys.clone(),
            _e: PhantomData,
        }
    }
}

impl<E> std::fmt::Debug for Order<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.keys).finish()
    }
}

impl<E> Default for Order<E> {
    fn default() -> Self {
        Order::new()
    }
}

impl<E> Order<E> {
    /// No sort key (the portal's default order).
    pub fn new() -> Self {
        Order {
            keys: Vec::new(),
            _e: PhantomData,
        }
    }

    /// Then by `field`, ascending.
    pub fn asc<K>(mut self, field: Field<E, K>) -> Self {
        let (n, c) = field.names();
        self.keys.push((n, c, true));
        self
    }

    /// Then by `field`, descending.
    pub fn desc<K>(mut self, field: Field<E, K>) -> Self {
        let (n, c) = field.names();
        self.keys.push((n, c, false));
        self
    }

    /// The order in `dialect`'s form: `{"OPPORTUNITY": "DESC"}` (REST 2),
    /// `{"opportunity": "DESC"}` (`crm.item.list`), `{"opportunity": "desc"}` (REST 3.0).
    pub fn to_json(&self, dialect: Dialect) -> Value {
        let mut out = Map::new();
        for (name, camel, asc) in &self.keys {
            let (key, dir) = match (dialect, asc) {
                (Dialect::Rest2, true) => (name, "ASC"),
                (Dialect::Rest2, false) => (name, "DESC"),
                (Dialect::Item, true) => (camel, "ASC"),
                (Dialect::Item, false) => (camel, "DESC"),
                (Dialect::Rest3, true) => (camel, "asc"),
                (Dialect::Rest3, false) => (camel, "desc"),
            };
            out.insert(key.to_string(), Value::String(dir.into()));
        }
        Value::Object(out)
    }
}

/// The fields of `E` an answer should carry; records decoded from a narrowed select still
/// decode (what was not selected is `None`).
pub struct Select<E> {
    items: Vec<Sel>,
    _e: PhantomData<fn() -> E>,
}

#[derive(Debug, Clone, PartialEq)]
enum Sel {
    Field(Cow<'static, str>, Cow<'static, str>),
    All,
    Custom,
    Related(String),
}

impl<E> Clone for Select<E> {
    fn clone(&self) -> Self {
        Select {
            items: self.items.clone(),
            _e: PhantomData,
        }
    }
}

impl<E> std::fmt::Debug for Select<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

impl<E> Default for Select<E> {
    fn default() -> Self {
        Select::new()
    }
}

impl<E> Select<E> {
    /// Nothing selected yet (an empty select means "the default fields" to the portal).
    pub fn new() -> Self {
        Select {
            items: Vec::new(),
            _e: PhantomData,
        }
    }

    /// Adds `field`.
    pub fn field<K>(mut self, field: Field<E, K>) -> Self {
        let (n, c) = field.names();
        self.items.push(Sel::Field(n, c));
        self
    }

    /// Adds `*`: every standard field.
    pub fn all(mut self) -> Self {
        self.items.push(Sel::All);
        self
    }

    /// Adds every custom field: `UF_*` in REST 2 lists, `*` for `crm.item.list` (its only
    /// way to get them).
    pub fn custom_fields(mut self) -> Self {
        self.items.push(Sel::Custom);
        self
    }

    /// Adds a related field with a dot (`overview.topic`), where a REST 3.0 page lists one;
    /// checked when the call is sent.
    pub fn related(mut self, path: impl Into<String>) -> Self {
        self.items.push(Sel::Related(path.into()));
        self
    }

    /// The select in `dialect`'s form.
    pub fn to_json(&self, dialect: Dialect) -> Value {
        // REST 2 lists select custom fields with `UF_*`; `crm.item.list` takes only names
        // and `*` (which includes them).
        let custom = match dialect {
            Dialect::Rest2 => "UF_*",
            _ => "*",
        };
        Value::Array(
            self.items
                .iter()
                .map(|s| match s {
                    Sel::Field(n, c) => {
                        Value::String(if dialect == Dialect::Rest2 { n } else { c }.to_string())
                    }
                    Sel::All => Value::String("*".into()),
                    Sel::Custom => Value::String(custom.into()),
                    Sel::Related(p) => Value::String(p.clone()),
                })
                .collect(),
        )
    }
}

/// What a list call's `order` takes for records of `E`: a typed [`Order`] or raw JSON.
pub trait IntoOrder<E> {
    /// The order in `dialect`'s form.
    fn into_order(self, dialect: Dialect) -> Value;
}

impl<E> IntoOrder<E> for Order<E> {
    fn into_order(self, dialect: Dialect) -> Value {
        self.to_json(dialect)
    }
}

impl<E> IntoOrder<E> for Value {
    fn into_order(self, _: Dialect) -> Value {
        self
    }
}

/// What a list call's `select` takes for records of `E`: a typed [`Select`] or raw JSON.
pub trait IntoSelect<E> {
    /// The select in `dialect`'s form.
    fn into_select(self, dialect: Dialect) -> Value;
}

impl<E> IntoSelect<E> for Select<E> {
    fn into_select(self, dialect: Dialect) -> Value {
        self.to_json(dialect)
    }
}

impl<E> IntoSelect<E> for Value {
    fn into_select(self, _: Dialect) -> Value {
        self
    }
}

impl<E, S: Into<String>> IntoSelect<E> for Vec<S> {
    fn into_select(self, _: Dialect) -> Value {
        Value::Array(self.into_iter().map(|s| Value::String(s.into())).collect())
    }
}
