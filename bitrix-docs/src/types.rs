//! Type text (as a page writes it under a parameter name) → [`FieldType`].
//!
//! This stage only reads the words; what the page says elsewhere (a nested fields table, a
//! JSON example) is applied by `spec/resolve.rs`, which knows the whole page.
//!
//! Bitrix's own types, as `api-reference/data-types.md` and `api-reference/crm/data-types.md`
//! define them:
//!
//! | type text | binds as | why |
//! |---|---|---|
//! | `crm_lead`, `crm_deal`, `crm_contact`, `crm_company`, `crm_quote`, `crm_category`, `crm_entity`, `user`, `location`, `x.id` | `Integer` | "integer identifier of …" |
//! | `crm_enum_*` (`crm_enum_activitytype`, …, `crm_enum_ownertype`) | `Integer` | "the field value is an integer from a fixed set" |
//! | `enumeration` | `Integer` | a list user field's value is the `ID` of a `uf_enum_element` |
//! | `enum` | `Integer` when every listed value is a number, else `String` | data-types.md names no value type: "one value from a fixed set" |
//! | `crm_status`, `userFieldEntityId` | `String` | "string identifier (code)", e.g. `NEW`, `CRM_CONTACT` |
//! | `crm_currency` | `String` | the fields typed so hold the currency code (`USD`); the page's structure of that name is the currency record, which an example that shows an object still wins (with a note) |
//! | `crm` | `String` | a binding `{PREFIX}_{ID}`, e.g. `D_1` |
//! | `url`, `money` | `String` | a link; money is the string `"100\|USD"` (amount and currency in one value), not a number |
//! | `crm_multifield` | `Multifield` | one `{ID, VALUE_TYPE, VALUE, TYPE_ID}` entry (`crm_multifield[]`: a list of them) |
//! | `file`, `product_file`, `diskfile`, `attached_diskfile` | `File` | an id or upload when writing, an object when reading |
//! | `timestamp` | `Timestamp` | seconds since 1970, an integer |
//! | `lang_map` | `Any` | an object keyed by language id (`en`, `de`, …): the model has no map-of-strings type, and a struct would need one field per language |
//! | `crm_userfield`, `mixed`, unions (`string\|lang_map`) | `Any` | the value's type depends on something else |

use crate::model::FieldType;

/// What a type text names, before the rest of the page is consulted.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeText {
    /// No type was written.
    Missing,
    /// A known scalar type.
    Scalar(FieldType),
    /// `object`, or a named structure (`deal`, `section`) whose fields may be listed elsewhere.
    Object,
    /// `array`: elements unknown.
    Array,
    /// `x[]`: an array of `x`.
    ArrayOf(Box<TypeText>),
    /// `enum`: one value of a fixed set, its type given by the listed values.
    Enum,
    /// Something that cannot be pinned to one Rust type (unions, `file`, `null`, …).
    Any,
}

/// Reads a type text such as `integer`, `object[]`, `string|lang_map`.
pub fn parse(text: &str) -> TypeText {
    let text = text.trim();
    if text.is_empty() {
        return TypeText::Missing;
    }
    if text.contains('|') {
        return union(text);
    }
    if let Some(inner) = text.strip_suffix("[]") {
        return TypeText::ArrayOf(Box::new(parse(inner)));
    }
    let lower = text.to_ascii_lowercase();
    match lower.as_str() {
        "integer" | "int" | "long" | "bigint" | "uint" => TypeText::Scalar(FieldType::Integer),
        "double" | "float" | "number" | "decimal" => TypeText::Scalar(FieldType::Double),
        "string" | "text" | "str" | "textwithtranslation" | "url" | "email" | "phone" => {
            TypeText::Scalar(FieldType::String)
        }
        // Codes, bindings and money: strings on the wire (see the module docs).
        "crm_status" | "crm_currency" | "userfieldentityid" | "crm" | "money" => {
            TypeText::Scalar(FieldType::String)
        }
        // Identifiers of records and of enumeration values.
        "crm_lead" | "crm_deal" | "crm_contact" | "crm_company" | "crm_quote" | "crm_category"
        | "crm_entity" | "user" | "location" | "enumeration" => {
            TypeText::Scalar(FieldType::Integer)
        }
        _ if lower.starts_with("crm_enum_") => TypeText::Scalar(FieldType::Integer),
        "enum" => TypeText::Enum,
        "crm_multifield" => TypeText::Scalar(FieldType::Multifield),
        "file" | "product_file" | "diskfile" | "attached_diskfile" => {
            TypeText::Scalar(FieldType::File)
        }
        "timestamp" => TypeText::Scalar(FieldType::Timestamp),
        "boolean" | "bool" => TypeText::Scalar(FieldType::Boolean),
        "char" | "y/n" => TypeText::Scalar(FieldType::YesNo),
        "date" => TypeText::Scalar(FieldType::Date),
        "datetime" | "date_time" => TypeText::Scalar(FieldType::DateTime),
        "array" | "list" => TypeText::Array,
        "object" | "map" | "struct" => TypeText::Object,
        // `sale_order_payment.id`: the id of a record of another entity.
        _ if lower.ends_with(".id") => TypeText::Scalar(FieldType::Integer),
        // Other references and values whose type depends on something else.
        _ if is_reference(&lower) => TypeText::Any,
        // Named structures described on the same or another page (`deal`, `section`).
        _ if lower.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => TypeText::Object,
        _ => TypeText::Any,
    }
}

/// `crm_userfield`, `catalog_measure.code`, `lang_map`, … : values that are not one type, or
/// records of other modules this crate does not model.
fn is_reference(lower: &str) -> bool {
    lower.starts_with("crm_")
        || lower.starts_with("uf_")
        || lower.contains('.')
        || matches!(
            lower,
            "null"
                | "mixed"
                | "any"
                | "time"
                | "lang_map"
                | "iblock_section"
                | "iblock_element"
                | "employee"
                | "address"
                | "resourcebooking"
                | "url_preview"
                | "hlblock"
                | "video"
        )
}

/// `a|b`: one type when all the alternatives agree once `null` is set aside, else `Any`.
fn union(text: &str) -> TypeText {
    let mut parts = text
        .split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("null"))
        .map(parse);
    let Some(first) = parts.next() else {
        return TypeText::Any;
    };
    if parts.all(|p| p == first) {
        first
    } else {
        TypeText::Any
    }
}

/// The type of a JSON example value, for fields the table leaves untyped.
pub fn of_value(value: &serde_json::Value) -> FieldType {
    use serde_json::Value;
    match value {
        Value::Bool(_) => FieldType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => FieldType::Integer,
        Value::Number(_) => FieldType::Double,
        Value::String(s) if s == "Y" || s == "N" => FieldType::YesNo,
        Value::String(_) => FieldType::String,
        Value::Array(items) => {
            FieldType::Array(Box::new(items.first().map_or(FieldType::Any, of_value)))
        }
        Value::Object(_) | Value::Null => FieldType::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(t: FieldType) -> TypeText {
        TypeText::Scalar(t)
    }

    #[test]
    fn scalars() {
        assert_eq!(parse("integer"), scalar(FieldType::Integer));
        assert_eq!(parse("int"), scalar(FieldType::Integer));
        assert_eq!(parse("double"), scalar(FieldType::Double));
        assert_eq!(parse("number"), scalar(FieldType::Double));
        assert_eq!(parse("string"), scalar(FieldType::String));
        assert_eq!(parse("text"), scalar(FieldType::String));
        assert_eq!(parse("boolean"), scalar(FieldType::Boolean));
        assert_eq!(parse("bool"), scalar(FieldType::Boolean));
        assert_eq!(parse("char"), scalar(FieldType::YesNo));
        assert_eq!(parse("date"), scalar(FieldType::Date));
        assert_eq!(parse("datetime"), scalar(FieldType::DateTime));
    }

    #[test]
    fn structures() {
        assert_eq!(parse(""), TypeText::Missing);
        assert_eq!(parse("object"), TypeText::Object);
        assert_eq!(parse("deal"), TypeText::Object);
        assert_eq!(parse("array"), TypeText::Array);
        assert_eq!(
            parse("integer[]"),
            TypeText::ArrayOf(Box::new(scalar(FieldType::Integer)))
        );
        assert_eq!(
            parse("object[]"),
            TypeText::ArrayOf(Box::new(TypeText::Object))
        );
    }

    #[test]
    fn unions_and_references() {
        assert_eq!(parse("string|lang_map"), TypeText::Any);
        assert_eq!(parse("string | null"), scalar(FieldType::String));
        assert_eq!(
            parse("section[]|null"),
            TypeText::ArrayOf(Box::new(TypeText::Object))
        );
        assert_eq!(parse("integer|integer"), scalar(FieldType::Integer));
        assert_eq!(parse("crm_userfield"), TypeText::Any);
        assert_eq!(parse("lang_map"), TypeText::Any);
        assert_eq!(parse("catalog_measure.code"), TypeText::Any);
        assert_eq!(parse("sale_order_payment.id"), scalar(FieldType::Integer));
        assert_eq!(parse("{\"ID\": 27}"), TypeText::Any);
    }

    #[test]
    fn bitrix_types() {
        for id in [
            "crm_lead",
            "crm_deal",
            "crm_contact",
            "crm_company",
            "crm_quote",
            "crm_category",
            "crm_entity",
            "user",
            "location",
            "enumeration",
            "crm_enum_activitytype",
            "crm_enum_ownertype",
            "crm_dynamic_type.id",
        ] {
            assert_eq!(parse(id), scalar(FieldType::Integer), "{id}");
        }
        for code in [
            "crm_status",
            "crm_currency",
            "userFieldEntityId",
            "crm",
            "url",
            "money",
        ] {
            assert_eq!(parse(code), scalar(FieldType::String), "{code}");
        }
        assert_eq!(
            parse("crm_contact[]"),
            TypeText::ArrayOf(Box::new(scalar(FieldType::Integer)))
        );
        assert_eq!(parse("crm_multifield"), scalar(FieldType::Multifield));
        assert_eq!(
            parse("crm_multifield[]"),
            TypeText::ArrayOf(Box::new(scalar(FieldType::Multifield)))
        );
        for file in ["file", "product_file", "diskfile", "attached_diskfile"] {
            assert_eq!(parse(file), scalar(FieldType::File), "{file}");
        }
        assert_eq!(parse("timestamp"), scalar(FieldType::Timestamp));
        assert_eq!(parse("enum"), TypeText::Enum);
        assert_eq!(parse("user|null"), scalar(FieldType::Integer));
    }

    #[test]
    fn example_values() {
        let v: serde_json::Value =
            serde_json::from_str(r#"[1, 1.5, "Y", "x", true, [2], {}]"#).unwrap();
        let types: Vec<_> = v.as_array().unwrap().iter().map(of_value).collect();
        assert_eq!(
            types,
            [
                FieldType::Integer,
                FieldType::Double,
                FieldType::YesNo,
                FieldType::String,
                FieldType::Boolean,
                FieldType::Array(Box::new(FieldType::Integer)),
                FieldType::Any,
            ]
        );
    }
}
