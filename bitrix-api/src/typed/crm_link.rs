//! [`CrmLink`]: the value of a `crm` user field ("binding to CRM elements"), `{PREFIX}_{ID}`
//! where the prefix is the record kind's short code (`entityTypeAbbr`): `D_1` a deal,
//! `C_2` a contact, `CO_3` a company, `T80_6` an item of the smart process 128 (`T` and the
//! `entityTypeId` in lower-case hexadecimal). The table is the data types page's "CRM
//! object types" (`docs/api-reference/data-types.md`).

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::Custom;
use crate::wire::WireError;

/// The short codes of the CRM object kinds that have one, by `entityTypeId`; a smart
/// process's is computed (`T` + hexadecimal).
pub const CRM_ABBREVIATIONS: &[(i64, &str)] = &[
    (1, "L"),
    (2, "D"),
    (3, "C"),
    (4, "CO"),
    (5, "I"),
    (7, "Q"),
    (8, "RQ"),
    (14, "O"),
    (31, "SI"),
];

/// A link to one CRM record: its kind (`entityTypeId`) and id.
///
/// ```
/// use bitrix_api::typed::CrmLink;
/// let company: CrmLink = "CO_3".parse().unwrap();
/// assert_eq!(company, CrmLink::new(4, 3));
/// assert_eq!(CrmLink::new(128, 6).to_string(), "T80_6");
/// assert!("X_1".parse::<CrmLink>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CrmLink {
    /// The record's kind: 1 lead, 2 deal, 3 contact, 4 company, 31 invoice, 128 and up a
    /// smart process.
    pub entity_type_id: i64,
    /// The record's id.
    pub id: i64,
}

impl CrmLink {
    /// The record `id` of kind `entity_type_id`.
    pub const fn new(entity_type_id: i64, id: i64) -> Self {
        CrmLink { entity_type_id, id }
    }

    /// A lead.
    pub const fn lead(id: i64) -> Self {
        Self::new(1, id)
    }

    /// A deal.
    pub const fn deal(id: i64) -> Self {
        Self::new(2, id)
    }

    /// A contact.
    pub const fn contact(id: i64) -> Self {
        Self::new(3, id)
    }

    /// A company.
    pub const fn company(id: i64) -> Self {
        Self::new(4, id)
    }

    /// The kind's short code: `CO` for a company, `T80` for the smart process 128.
    pub fn prefix(&self) -> String {
        abbreviation(self.entity_type_id)
    }

    /// A value as the portal sends it: `"C_12"`; a bare id (`"12"`, `12`) is a link to
    /// `only`, the one kind the field links to, and an error when it links to several.
    pub fn from_value(value: &Value, only: Option<i64>) -> Result<Self, WireError> {
        let text = match value {
            Value::String(s) => s.trim().to_owned(),
            Value::Number(n) => n.to_string(),
            other => return Err(WireError::unexpected("a CRM link (`C_12`)", other)),
        };
        if let Ok(id) = text.parse::<i64>() {
            return only.map(|t| CrmLink::new(t, id)).ok_or_else(|| {
                WireError::new(format!(
                    "CRM link `{text}` has no kind prefix and the field links to several kinds"
                ))
            });
        }
        text.parse()
            .map_err(|e: ParseCrmLinkError| WireError::new(e.to_string()))
    }
}

/// `T80` for 128, the table's code for the kinds that have one.
fn abbreviation(entity_type_id: i64) -> String {
    CRM_ABBREVIATIONS
        .iter()
        .find(|(t, _)| *t == entity_type_id)
        .map(|(_, a)| (*a).to_owned())
        .unwrap_or_else(|| format!("T{entity_type_id:x}"))
}

impl fmt::Display for CrmLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.prefix(), self.id)
    }
}

/// Text that is no `{PREFIX}_{ID}` CRM link.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a CRM link (`C_12`, `CO_3`, `T80_6`)")]
pub struct ParseCrmLinkError(String);

impl FromStr for CrmLink {
    type Err = ParseCrmLinkError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ParseCrmLinkError(s.to_owned());
        let (prefix, id) = s.rsplit_once('_').ok_or_else(bad)?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        let entity_type_id = match CRM_ABBREVIATIONS.iter().find(|(_, a)| *a == prefix) {
            Some((t, _)) => *t,
            None => {
                let hex = prefix.strip_prefix('T').ok_or_else(bad)?;
                i64::from_str_radix(hex, 16).map_err(|_| bad())?
            }
        };
        Ok(CrmLink::new(entity_type_id, id))
    }
}

impl crate::wire::Wire for CrmLink {
    /// A prefixed link (`C_12`); a bare id is an error, its kind unknown.
    fn from_wire(value: Value) -> Result<Self, WireError> {
        CrmLink::from_value(&value, None)
    }
}

impl Custom {
    /// A single `crm` user field's link (`None` when absent, `null` or `""`); `only` is the
    /// kind a bare id stands for (the field links to that kind alone). An error names the
    /// field.
    pub fn crm_link(&self, name: &str, only: Option<i64>) -> Result<Option<CrmLink>, WireError> {
        self.set_value(name)
            .map(|v| CrmLink::from_value(v, only))
            .transpose()
            .map_err(|e| e.at_key(name))
    }

    /// A multiple `crm` user field's links (a single value is a list of one).
    pub fn crm_links(
        &self,
        name: &str,
        only: Option<i64>,
    ) -> Result<Option<Vec<CrmLink>>, WireError> {
        let links = match self.set_value(name) {
            None => return Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| CrmLink::from_value(v, only))
                .collect::<Result<Vec<_>, _>>(),
            Some(v) => CrmLink::from_value(v, only).map(|l| vec![l]),
        };
        links.map(Some).map_err(|e| e.at_key(name))
    }

    /// The value of `name` when the field is set: not absent, `null` or `""`.
    fn set_value(&self, name: &str) -> Option<&Value> {
        self.get(name)
            .filter(|v| !v.is_null() && v.as_str() != Some(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn links_read_and_write_every_prefix() {
        for (t, a) in CRM_ABBREVIATIONS {
            let link: CrmLink = format!("{a}_9").parse().unwrap();
            assert_eq!(link, CrmLink::new(*t, 9));
            assert_eq!(link.to_string(), format!("{a}_9"));
        }
        assert_eq!("T80_6".parse::<CrmLink>().unwrap(), CrmLink::new(128, 6));
        assert_eq!("T3f0_1".parse::<CrmLink>().unwrap(), CrmLink::new(1008, 1));
        assert_eq!(CrmLink::new(1040, 2).to_string(), "T410_2");
        for bad in ["", "C", "C_", "C_x", "ZZ_1", "T_1", "Tzz_1"] {
            assert!(bad.parse::<CrmLink>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bare_ids_need_the_one_kind() {
        assert_eq!(
            CrmLink::from_value(&json!("12"), Some(3)).unwrap(),
            CrmLink::contact(12)
        );
        assert_eq!(
            CrmLink::from_value(&json!(12), Some(2)).unwrap(),
            CrmLink::deal(12)
        );
        let e = CrmLink::from_value(&json!("12"), None).unwrap_err();
        assert!(e.to_string().contains("several kinds"), "{e}");
        assert!(CrmLink::from_value(&json!(true), None).is_err());
    }

    #[test]
    fn custom_fields_give_one_link_or_a_list() {
        let mut m = serde_json::Map::new();
        m.insert("UF_CRM_CLIENT".into(), json!("CO_3"));
        m.insert("UF_CRM_PEOPLE".into(), json!(["C_1", "C_2"]));
        m.insert("UF_CRM_EMPTY".into(), json!(""));
        m.insert("UF_CRM_BAD".into(), json!("nope"));
        let c = Custom::take(&mut m);
        assert_eq!(
            c.crm_link("UF_CRM_CLIENT", None).unwrap(),
            Some(CrmLink::company(3))
        );
        assert_eq!(
            c.crm_links("UF_CRM_PEOPLE", None).unwrap(),
            Some(vec![CrmLink::contact(1), CrmLink::contact(2)])
        );
        assert_eq!(c.crm_link("UF_CRM_EMPTY", None).unwrap(), None);
        assert_eq!(c.crm_link("UF_CRM_NONE", None).unwrap(), None);
        let e = c.crm_link("UF_CRM_BAD", None).unwrap_err();
        assert!(e.to_string().contains("UF_CRM_BAD"), "{e}");
    }
}
