//! What `bind!(schema = "bitrix-schema.json")` generates against: the shared helpers of a
//! portal's own types, so that the code generated per field stays one line.
//!
//! - an enumeration field's values and a funnel's stages are enums with a table of ids
//!   ([`listed`], [`listed_id`], [`listed_json`]);
//! - a `money` user field is a [`Money`];
//! - a smart process is its own record type wrapping the docs' `crm.item` record
//!   ([`SmartProcess`], [`Field::of`] to use the docs' fields with it);
//! - [`Values`] writes typed fields for `crm.item.add`/`update`.

use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::{Decimal, Entity, Field, ItemEntity, Kind};
use crate::wire::{Wire, WireError};

/// The variant of `all` (an enum's `(id, variant)` table) whose id the portal sent, as
/// text or number; an id the table lacks is an error naming `field`: the portal has a
/// value the saved schema does not (pull it again).
pub fn listed<T: Copy>(value: Value, all: &[(&str, T)], field: &str) -> Result<T, WireError> {
    let text = match &value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => return Err(WireError::unexpected("a listed value's id", other)),
    };
    all.iter()
        .find(|(id, _)| *id == text)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            WireError::new(format!(
                "`{text}` is not a value of {field} in the saved schema (pull it again)"
            ))
        })
}

/// The id of `value` in its enum's table.
pub fn listed_id<T: Copy + PartialEq>(value: T, all: &[(&'static str, T)]) -> &'static str {
    all.iter()
        .find(|(_, v)| *v == value)
        .map(|(id, _)| *id)
        .unwrap_or_default()
}

/// An id as a filter writes it: list value ids as numbers, stage ids as text.
pub fn listed_json(id: &str) -> Value {
    id.parse::<i64>()
        .map(Value::from)
        .unwrap_or_else(|_| Value::String(id.to_owned()))
}

/// A `money` user field's value: the portal writes `"1500.00|USD"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// The amount.
    pub amount: Decimal,
    /// The currency code (`USD`); empty when the portal sent none.
    pub currency: String,
}

impl Money {
    /// `amount|currency`, as the portal takes it.
    pub fn to_wire(&self) -> String {
        format!("{}|{}", self.amount, self.currency)
    }
}

impl Wire for Money {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let text = String::from_wire(value)?;
        let (amount, currency) = text.split_once('|').unwrap_or((&text, ""));
        let amount = Decimal::parse(amount)
            .map_err(|e| WireError::new(format!("money `{text}`: {}", e.0)))?;
        Ok(Money {
            amount,
            currency: currency.to_owned(),
        })
    }
}

/// A smart process's record type (`portal::items::Invoice2`): the docs' `crm.item`
/// record ([`SmartProcess::Base`]) under the process's `entityTypeId`, with the portal's
/// fields.
pub trait SmartProcess: ItemEntity {
    /// The docs' record it wraps (`records::Item`).
    type Base: Entity;
}

impl<B, K> Field<B, K> {
    /// The docs' field of `crm.item` (`Item::TITLE`) as a field of the smart process `E`,
    /// for its filters, orders and selects: `Item::TITLE.of::<Invoice2>()`.
    pub fn of<E: SmartProcess<Base = B>>(self) -> Field<E, K> {
        let (name, camel) = self.names();
        Field::renamed(name, camel, self.is_custom())
    }
}

/// Typed field values for `crm.item.add` and `crm.item.update` (in `crm.item`'s
/// spelling): `Values::new().set(Invoice2::UF_CRM_3_AMOUNT, amount)`.
pub struct Values<E> {
    fields: Map<String, Value>,
    _e: PhantomData<fn() -> E>,
}

impl<E> Default for Values<E> {
    fn default() -> Self {
        Values {
            fields: Map::new(),
            _e: PhantomData,
        }
    }
}

impl<E> Values<E> {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `field` to `value`.
    pub fn set<K: Kind>(mut self, field: Field<E, K>, value: impl Into<K::Value>) -> Self {
        self.fields
            .insert(field.camel().to_owned(), K::json(value.into()));
        self
    }

    /// Sets a multiple field to every value of `values`.
    pub fn set_all<K: Kind, V: Into<K::Value>>(
        mut self,
        field: Field<E, K>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        let list = values.into_iter().map(|v| K::json(v.into())).collect();
        self.fields
            .insert(field.camel().to_owned(), Value::Array(list));
        self
    }

    /// Sets a field by name to raw JSON (a field the schema does not type).
    pub fn raw(mut self, name: impl Into<String>, value: Value) -> Self {
        self.fields.insert(name.into(), value);
        self
    }

    /// The `fields` object.
    pub fn into_json(self) -> Value {
        Value::Object(self.fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum P {
        Low,
        High,
    }
    const ALL: &[(&str, P)] = &[("11", P::Low), ("12", P::High)];

    #[test]
    fn listed_values_decode_by_id() {
        assert_eq!(listed(json!("12"), ALL, "UF_CRM_P").unwrap(), P::High);
        assert_eq!(listed(json!(11), ALL, "UF_CRM_P").unwrap(), P::Low);
        let e = listed(json!(13), ALL, "UF_CRM_P").unwrap_err();
        assert!(e.to_string().contains("UF_CRM_P"), "{e}");
        assert_eq!(listed_id(P::High, ALL), "12");
        assert_eq!(listed_json("12"), json!(12));
        assert_eq!(listed_json("C3:WON"), json!("C3:WON"));
    }

    #[test]
    fn money_reads_amount_and_currency() {
        let m = Money::from_wire(json!("1500.50|USD")).unwrap();
        assert_eq!((m.amount.as_str(), m.currency.as_str()), ("1500.50", "USD"));
        assert_eq!(m.to_wire(), "1500.50|USD");
    }
}
