//! Bitrix's own field types that carry more than a scalar, as the data-types pages
//! describe them: multi-fields (`crm_multifield`) and files (`file`).
//!
//! Generated types use these wherever a page types a field `crm_multifield` or `file`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::wire::{self, Wire, WireError};

/// One value of a multi-field (`PHONE`, `EMAIL`, `WEB`, `IM`, `LINK`): in as
/// `{VALUE, VALUE_TYPE}`, out as `{ID, VALUE_TYPE, VALUE, TYPE_ID}`; an update names the
/// value by `ID` and may delete it.
///
/// ```
/// use bitrix_api::types::Multifield;
/// let phone = Multifield::new("+15550100", "WORK");
/// assert_eq!(serde_json::to_value(&phone).unwrap(), serde_json::json!({"VALUE": "+15550100", "VALUE_TYPE": "WORK"}));
/// let gone = Multifield::delete(12);
/// assert_eq!(serde_json::to_value(&gone).unwrap(), serde_json::json!({"ID": 12, "DELETE": "Y"}));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Multifield {
    /// The value's identifier (answers; updates name the value to change by it).
    #[serde(rename = "ID", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The kind of multi-field: `PHONE`, `EMAIL`, `WEB`, `IM`, `LINK` (answers).
    #[serde(rename = "TYPE_ID", default, skip_serializing_if = "Option::is_none")]
    pub type_id: Option<String>,
    /// The value itself (a number, an address, a URL).
    #[serde(rename = "VALUE", default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `WORK`, `MOBILE`, `HOME`, `TELEGRAM`, … (see `crm_multifield` in the crm data types).
    #[serde(
        rename = "VALUE_TYPE",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub value_type: Option<String>,
    /// Set on an update to delete the value named by `id`: sent as `DELETE: "Y"`.
    #[serde(
        rename = "DELETE",
        default,
        skip_serializing_if = "is_false",
        serialize_with = "wire::yn::serialize"
    )]
    pub delete: bool,
    /// Keys the data-types page does not name, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Multifield {
    /// A new value to add: `VALUE` and `VALUE_TYPE`.
    pub fn new(value: impl Into<String>, value_type: impl Into<String>) -> Self {
        Multifield {
            value: Some(value.into()),
            value_type: Some(value_type.into()),
            ..Multifield::default()
        }
    }

    /// An update of the value with this `ID`.
    pub fn update(id: i64, value: impl Into<String>, value_type: impl Into<String>) -> Self {
        Multifield {
            id: Some(id),
            ..Multifield::new(value, value_type)
        }
    }

    /// Deletes the value with this `ID` (in an update).
    pub fn delete(id: i64) -> Self {
        Multifield {
            id: Some(id),
            delete: true,
            ..Multifield::default()
        }
    }
}

impl Wire for Multifield {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut m = wire::object(value)?;
        Ok(Multifield {
            id: wire::take(&mut m, "ID")?,
            type_id: wire::take(&mut m, "TYPE_ID")?,
            value: wire::take(&mut m, "VALUE")?,
            value_type: wire::take(&mut m, "VALUE_TYPE")?,
            delete: wire::take_or(&mut m, "DELETE", false)?,
            extra: m,
        })
    }
}

crate::__serde_via_wire!(Multifield, File);

/// A file field (`file`): answers describe a stored file (`id`, `showUrl`, `downloadUrl`,
/// or just its id); requests upload one as `{"fileData": [name, base64]}` or keep a stored
/// one by id.
///
/// ```
/// use bitrix_api::types::File;
/// let photo = File::upload("me.png", "iVBORw0KGgo=");
/// assert_eq!(serde_json::to_value(&photo).unwrap(), serde_json::json!({"fileData": ["me.png", "iVBORw0KGgo="]}));
/// let stored: File = bitrix_api::wire::from_value(serde_json::json!({"id": 7, "showUrl": "/show/7"})).unwrap();
/// assert_eq!((stored.id, stored.show_url.as_deref()), (Some(7), Some("/show/7")));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct File {
    /// The stored file's id.
    pub id: Option<i64>,
    /// Where the portal shows it (relative to the portal).
    pub show_url: Option<String>,
    /// Where the portal serves it for download.
    pub download_url: Option<String>,
    /// Keys of the answer the data-types page does not name, kept as they came.
    pub extra: Map<String, Value>,
    upload: Option<(String, String)>,
}

impl File {
    /// A file to upload: its name and its content, base64-encoded.
    pub fn upload(name: impl Into<String>, base64: impl Into<String>) -> Self {
        File {
            upload: Some((name.into(), base64.into())),
            ..File::default()
        }
    }

    /// A file the portal already stores, by id.
    pub fn stored(id: i64) -> Self {
        File {
            id: Some(id),
            ..File::default()
        }
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        match (&self.upload, self.id) {
            (Some((name, data)), _) => map.serialize_entry("fileData", &[name, data])?,
            (None, Some(id)) => map.serialize_entry("id", &id)?,
            (None, None) => {}
        }
        map.end()
    }
}

impl Wire for File {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut map = match value {
            Value::Object(map) => map,
            id @ (Value::Number(_) | Value::String(_)) => {
                return i64::from_wire(id).map(File::stored)
            }
            other => return Err(WireError::unexpected("a file (an object or an id)", &other)),
        };
        let mut take =
            |keys: &[&'static str]| keys.iter().find_map(|k| map.remove(*k).map(|v| (*k, v)));
        let id = take(&["id", "ID"]);
        let show = take(&["showUrl", "SHOW_URL", "show_url"]);
        let download = take(&["downloadUrl", "DOWNLOAD_URL", "download_url"]);
        fn field<T: Wire>(v: Option<(&'static str, Value)>) -> Result<Option<T>, WireError> {
            match v {
                Some((key, v)) => Option::<T>::from_wire(v).map_err(|e| e.at_key(key)),
                None => Ok(None),
            }
        }
        Ok(File {
            id: field(id)?,
            show_url: field(show)?,
            download_url: field(download)?,
            extra: map,
            upload: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn multifields_decode_as_portals_answer_them() {
        let phones: Vec<Multifield> = wire::from_value(json!([
            {"ID": "132", "VALUE_TYPE": "WORK", "VALUE": "+15550100", "TYPE_ID": "PHONE"}
        ]))
        .unwrap();
        assert_eq!(phones[0].id, Some(132));
        assert_eq!(phones[0].type_id.as_deref(), Some("PHONE"));
        assert!(!phones[0].delete);
        assert!(wire::from_value::<Multifield>(json!({"ID": "x"})).is_err());
    }

    #[test]
    fn files_decode_from_an_id_or_an_object_and_keep_the_rest() {
        let f: File = wire::from_value(json!("15")).unwrap();
        assert_eq!(f.id, Some(15));
        let f: File =
            wire::from_value(json!({"id": 3, "downloadUrl": "/d/3", "size": 10})).unwrap();
        assert_eq!(f.download_url.as_deref(), Some("/d/3"));
        assert_eq!(f.extra.get("size"), Some(&json!(10)));
        assert!(wire::from_value::<File>(json!(true)).is_err());
        assert_eq!(
            serde_json::to_value(File::stored(3)).unwrap(),
            json!({"id": 3})
        );
    }
}
