//! What kind of value a field holds, read from the entity's pages: the `type` its
//! `*.fields` page answers (`double`, `datetime`, `crm_status`, …), else the type its
//! `add` page documents. Filters, `order` and stored values follow the kind.

use bitrix_docs::FieldType;

use crate::schema::{Schema, SchemaField};
use crate::state::UserField;

/// How a field's values compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `string`, `text`, `crm_currency`, …: text, compared without regard to case (the
    /// portal's database collation).
    Text,
    /// `crm_status`: a code; text, but `LIKE` does not apply (the list pages).
    Code,
    /// `integer`, `user`, `crm_category`, `crm_lead`, …: whole numbers.
    Int,
    /// `crm_contact`, `crm_company`: record ids; whole numbers, `LIKE` does not apply.
    Link,
    /// `double` (money: `OPPORTUNITY`, `TAX_VALUE`): decimal numbers.
    Number,
    /// `date`: a calendar day.
    Date,
    /// `datetime`: a moment.
    DateTime,
    /// `char` (`Y`/`N`) and `boolean` flags: `Y`, `1` and `true` are one value, `N`, `0`
    /// and `false` the other (crm.item.list filters boolean user fields by `1`/`0`).
    Flag,
    /// `crm_multifield` (`PHONE`, `EMAIL`, …): filters match values exactly (the list
    /// pages: "only work on exact matches").
    Multi,
    /// Not documented: numbers when both sides read as numbers, else text.
    Any,
}

impl Kind {
    /// The kind of a `*.fields` type name, or of the documented type when the name says
    /// nothing more.
    pub(crate) fn of(type_name: &str, ty: &FieldType) -> Kind {
        match type_name {
            "integer" | "int" | "user" | "crm_category" | "crm_lead" | "crm_deal" | "crm_quote"
            | "employee" | "enumeration" | "uf_enum_element" => Kind::Int,
            "crm_contact" | "crm_company" => Kind::Link,
            "crm_status" => Kind::Code,
            "double" | "money" => Kind::Number,
            "date" => Kind::Date,
            "datetime" => Kind::DateTime,
            "char" | "boolean" | "Y/N" => Kind::Flag,
            "crm_multifield" => Kind::Multi,
            "string" | "text" | "crm_currency" | "url" => Kind::Text,
            _ => match ty {
                FieldType::Integer | FieldType::Timestamp => Kind::Int,
                FieldType::Double => Kind::Number,
                FieldType::Date => Kind::Date,
                FieldType::DateTime => Kind::DateTime,
                FieldType::YesNo | FieldType::Boolean => Kind::Flag,
                FieldType::String => Kind::Text,
                FieldType::Multifield => Kind::Multi,
                FieldType::Array(inner) if **inner == FieldType::Multifield => Kind::Multi,
                _ => Kind::Any,
            },
        }
    }

    /// The kind of a schema field.
    pub(crate) fn of_field(f: &SchemaField) -> Kind {
        Kind::of(&f.type_name, &f.ty)
    }

    /// The kind of a registered user field (its `USER_TYPE_ID`).
    pub(crate) fn of_userfield(uf: &UserField) -> Kind {
        let ty = uf
            .record
            .get("USER_TYPE_ID")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default();
        match Kind::of(ty, &FieldType::Any) {
            Kind::Any => Kind::Text,
            k => k,
        }
    }

    /// Whether `%` and the other `LIKE` operators search text: not on `crm_status`,
    /// `crm_contact`, `crm_company` nor multi-fields, where they match exactly.
    pub(crate) fn likes(self) -> bool {
        !matches!(self, Kind::Code | Kind::Link | Kind::Multi)
    }
}

/// The fields one list knows, with their kinds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fields {
    known: Vec<(String, Kind)>,
    /// Fields not listed are compared as [`Kind::Any`] (a store without a fields page),
    /// rather than being unknown.
    open: bool,
}

impl Fields {
    /// Every field is known and compared as [`Kind::Any`].
    pub(crate) fn open() -> Fields {
        Fields {
            known: Vec::new(),
            open: true,
        }
    }

    /// The fields of an entity's schema and its registered user fields.
    pub(crate) fn of_schema(schema: &Schema, ufs: &[UserField]) -> Fields {
        let mut known: Vec<(String, Kind)> = schema
            .fields
            .iter()
            .map(|f| (f.name.clone(), Kind::of_field(f)))
            .collect();
        known.extend(
            ufs.iter()
                .map(|u| (u.name().to_owned(), Kind::of_userfield(u))),
        );
        Fields {
            known,
            open: schema.fields.is_empty(),
        }
    }

    /// The same fields under other names (`OPPORTUNITY` → `opportunity` for crm.item).
    pub(crate) fn renamed(self, rename: impl Fn(&str) -> String) -> Fields {
        Fields {
            known: self
                .known
                .into_iter()
                .map(|(n, k)| (rename(&n), k))
                .collect(),
            open: self.open,
        }
    }

    /// Adds fields (their kinds win over the ones already known by that name).
    pub(crate) fn with(mut self, more: impl IntoIterator<Item = (String, Kind)>) -> Fields {
        for (name, kind) in more {
            match self.known.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = kind,
                None => self.known.push((name, kind)),
            }
        }
        self
    }

    /// The kind of the field `name` (exactly, else ignoring case); `None` when the list
    /// does not know it.
    pub(crate) fn kind(&self, name: &str) -> Option<Kind> {
        self.known
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| {
                self.known
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(name))
            })
            .map(|(_, k)| *k)
            .or(self.open.then_some(Kind::Any))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_fields_page_type_first() {
        assert_eq!(Kind::of("double", &FieldType::String), Kind::Number);
        assert_eq!(Kind::of("crm_status", &FieldType::String), Kind::Code);
        assert_eq!(Kind::of("", &FieldType::DateTime), Kind::DateTime);
        assert!(!Kind::Link.likes() && Kind::Text.likes());
        let f = Fields::default().with([("TITLE".to_owned(), Kind::Text)]);
        assert_eq!(f.kind("title"), Some(Kind::Text));
        assert_eq!(f.kind("NOPE"), None);
        assert_eq!(Fields::open().kind("NOPE"), Some(Kind::Any));
    }
}
