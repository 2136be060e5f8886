//! What generated records decode with: a documented field by either spelling, and the
//! custom fields kept by name.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::check::is_custom;
use super::field::{kind, Field};
use super::Entity;
use crate::wire::{Wire, WireError};
use crate::Error;

/// Removes a documented field from a record's fields, by its own name or its `crm.item`
/// spelling, and decodes it; absent, `null` and `""` are `None` (a narrowed `select`
/// leaves fields out). An error names the key.
pub fn take<T: Wire>(
    fields: &mut Map<String, Value>,
    name: &str,
    camel: &str,
) -> Result<Option<T>, WireError> {
    let (key, value) = match fields.remove(name) {
        Some(v) => (name, v),
        None => match fields.remove(camel) {
            Some(v) => (camel, v),
            None => return Ok(None),
        },
    };
    Option::<T>::from_wire(value).map_err(|e| e.at_key(key))
}

/// [`take`] for generated records: a misfit is noted in `error` (the first one wins) and the
/// field left `None`, so a record's decoder has no early return per field (each would drop
/// the fields taken so far: code that grows with the square of the field count).
pub fn field<T: Wire>(
    fields: &mut Map<String, Value>,
    name: &str,
    camel: &str,
    error: &mut Option<WireError>,
) -> Option<T> {
    match take(fields, name, camel) {
        Ok(v) => v,
        Err(e) => {
            error.get_or_insert(e);
            None
        }
    }
}

/// A record's custom fields (`UF_CRM_…`, `ufCrm…`), by name, as they came: the portal's own
/// schema types them, not the docs. [`Custom::get_as`] decodes one.
///
/// ```
/// use bitrix_api::typed::Custom;
/// use serde_json::json;
/// let mut fields = json!({"ID": "1", "UF_CRM_PRIORITY": "12"}).as_object().unwrap().clone();
/// let custom = Custom::take(&mut fields);
/// assert_eq!(custom.get_as::<i64>("UF_CRM_PRIORITY").unwrap(), Some(12));
/// assert_eq!(custom.get("ufCrm_PRIORITY"), Some(&json!("12"))); // either spelling
/// assert!(fields.contains_key("ID"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Custom(BTreeMap<String, Value>);

impl Custom {
    /// Moves every custom field out of a record's fields.
    pub fn take(fields: &mut Map<String, Value>) -> Custom {
        let keys: Vec<String> = fields.keys().filter(|k| is_custom(k)).cloned().collect();
        Custom(
            keys.into_iter()
                .filter_map(|k| fields.remove(&k).map(|v| (k, v)))
                .collect(),
        )
    }

    /// The value of `name`, in either spelling (`UF_CRM_5` or `ufCrm_5`).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0
            .get(name)
            .or_else(|| self.0.get(&camel_custom(name)))
            .or_else(|| self.0.get(&upper_custom(name)))
    }

    /// The value of `name` decoded as `T` (`None` when absent, `null` or `""`); an error
    /// names the field.
    pub fn get_as<T: Wire>(&self, name: &str) -> Result<Option<T>, WireError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => Option::<T>::from_wire(v.clone()).map_err(|e| e.at_key(name)),
        }
    }

    /// Every custom field, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// How many custom fields the record carried.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether the record carried none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The map itself.
    pub fn into_inner(self) -> BTreeMap<String, Value> {
        self.0
    }
}

/// A custom field's name as `crm.item.*` spells it (the CRM universal overview, "Field
/// naming"): when only digits or only letters follow `UF_CRM_` and the object number, the
/// regular conversion (`UF_CRM_2_1639669411830` → `ufCrm2_1639669411830`, `UF_CRM_10_DIGIT`
/// → `ufCrm10Digit`); otherwise the simplified one, which swaps the prefix only
/// (`UF_CRM_1721244707107` → `ufCrm_1721244707107`, `UF_CRM_3_DIGIT10` →
/// `ufCrm_3_DIGIT10`). Other names are returned as they are. The code generator and the
/// emulator use the same rule (`bitrix_docs::entity::custom_camel`).
///
/// ```
/// use bitrix_api::typed::camel_custom;
/// assert_eq!(camel_custom("UF_CRM_2_1639669411830"), "ufCrm2_1639669411830");
/// assert_eq!(camel_custom("UF_CRM_10_DIGIT"), "ufCrm10Digit");
/// assert_eq!(camel_custom("UF_CRM_PRIORITY"), "ufCrm_PRIORITY");
/// ```
pub fn camel_custom(name: &str) -> String {
    let Some(rest) = name.strip_prefix("UF_CRM_") else {
        return name.to_owned();
    };
    if let Some((number, tail)) = rest.split_once('_') {
        let all = |p: &str, f: fn(&u8) -> bool| p.as_bytes().iter().all(f);
        let parts: Vec<&str> = tail.split('_').collect();
        if !number.is_empty() && all(number, u8::is_ascii_digit) && !parts.contains(&"") {
            if parts.iter().all(|p| all(p, u8::is_ascii_digit)) {
                return format!("ufCrm{number}_{tail}");
            }
            if parts.iter().all(|p| all(p, u8::is_ascii_alphabetic)) {
                let words: String = parts
                    .iter()
                    .map(|p| format!("{}{}", &p[..1], p[1..].to_ascii_lowercase()))
                    .collect();
                return format!("ufCrm{number}{words}");
            }
        }
    }
    format!("ufCrm_{rest}")
}

/// The reverse of [`camel_custom`]: `ufCrm_X` → `UF_CRM_X`, `ufCrm10_51` → `UF_CRM_10_51`,
/// `ufCrm10DigitName` → `UF_CRM_10_DIGIT_NAME`; other names are returned as they are.
pub fn upper_custom(name: &str) -> String {
    let Some(rest) = name.strip_prefix("ufCrm") else {
        return name.to_owned();
    };
    if let Some(simplified) = rest.strip_prefix('_') {
        return format!("UF_CRM_{simplified}");
    }
    let (number, tail) = rest.split_at(rest.bytes().take_while(u8::is_ascii_digit).count());
    if number.is_empty() {
        return name.to_owned();
    }
    if let Some(numeric) = tail.strip_prefix('_') {
        return format!("UF_CRM_{number}_{numeric}");
    }
    let mut out = format!("UF_CRM_{number}");
    for c in tail.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// A custom field of `E` by name, for filters, orders and selects: `UF_…` (or `ufCrm…`
/// for camelCase entities); any other name is refused with [`Error::Query`].
///
/// ```
/// # #[cfg(feature = "crm-deal")] {
/// use bitrix_api::records::Deal;
/// use bitrix_api::typed::{custom_field, Filter};
/// let priority = custom_field::<Deal>("UF_CRM_PRIORITY").unwrap();
/// let f = Filter::new().and(priority.eq(serde_json::json!(1)));
/// assert_eq!(f.to_rest2().unwrap(), serde_json::json!({"UF_CRM_PRIORITY": 1}));
/// assert!(custom_field::<Deal>("PRIORITY").is_err());
/// # }
/// ```
pub fn custom_field<E: Entity>(name: &str) -> Result<Field<E, kind::Custom>, Error> {
    if !is_custom(name) {
        return Err(Error::Query {
            method: String::new(),
            part: "filter",
            field: name.to_owned(),
            operator: String::new(),
            reason: format!(
                "not a custom field of {}: custom fields start with `UF_` (or `uf` in crm.item's spelling)",
                E::NAME
            ),
        });
    }
    let (upper, camel) = if name.starts_with("UF_") {
        (name.to_owned(), camel_custom(name))
    } else {
        (upper_custom(name), name.to_owned())
    };
    let own = if E::CUSTOM_PREFIX.starts_with("UF_") {
        upper
    } else {
        camel.clone()
    };
    Ok(Field::custom_named(own, camel))
}
