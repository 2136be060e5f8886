//! A fields page's `type` value → [`FieldKind`].
//!
//! The type names are Bitrix's own (`api-reference/crm/data-types.md` defines the CRM
//! ones). Where this differs from `types.rs` (which binds parameters), it is because a
//! record field has more to say: a code (`crm_status`) is not free text, a `crm` binding
//! (`D_12`) is not an id.

use super::FieldKind;

/// The kind of a field whose fields-page `type` is `type_text` (any case). Unknown type
/// texts are [`FieldKind::Other`].
///
/// ```
/// use bitrix_docs::entity::{kind_of, FieldKind};
/// assert_eq!(kind_of("crm_status"), FieldKind::Status);
/// assert_eq!(kind_of("user"), FieldKind::Integer);
/// assert_eq!(kind_of("product_property"), FieldKind::Other);
/// ```
pub fn kind_of(type_text: &str) -> FieldKind {
    let lower = type_text.trim().to_ascii_lowercase();
    match lower.as_str() {
        // Numbers, and the ids of linked records ("integer identifier of …"); `crm_entity`
        // is the id in a `parentId<entityTypeId>` link, the type id being in the name.
        "integer" | "int" | "long" | "bigint" | "uint" | "user" | "employee" | "crm_company"
        | "crm_contact" | "crm_lead" | "crm_deal" | "crm_quote" | "crm_category"
        | "crm_activity" | "crm_entity" | "crm_dynamic_type" => FieldKind::Integer,
        // "An integer from a fixed set".
        _ if lower.starts_with("crm_enum_") => FieldKind::Integer,
        "double" | "float" | "number" | "decimal" => FieldKind::Decimal,
        // `money` is `"100|USD"`, amount and currency in one string.
        "string"
        | "text"
        | "str"
        | "url"
        | "email"
        | "phone"
        | "location"
        | "money"
        | "textwithtranslation" => FieldKind::String,
        "crm_status" | "crm_currency" | "userfieldentityid" | "enum" => FieldKind::Status,
        // `{SEMANTICS, COLOR}` of a status (crm.status.list's example).
        "crm_status_extra" => FieldKind::Other,
        "char" | "boolean" | "bool" | "y/n" => FieldKind::Flag,
        "date" => FieldKind::Date,
        "datetime" => FieldKind::DateTime,
        "crm_multifield" => FieldKind::Multifield,
        "file" | "diskfile" | "disk_file" | "attached_diskfile" | "product_file" => FieldKind::File,
        "crm" => FieldKind::EntityRef,
        "enumeration" | "uf_enum_element" => FieldKind::Enumeration,
        _ => FieldKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        for (text, kind) in [
            ("integer", FieldKind::Integer),
            ("crm_company", FieldKind::Integer),
            ("crm_enum_ownertype", FieldKind::Integer),
            ("double", FieldKind::Decimal),
            ("string", FieldKind::String),
            ("location", FieldKind::String),
            ("crm_status", FieldKind::Status),
            ("crm_currency", FieldKind::Status),
            ("crm_status_extra", FieldKind::Other),
            ("char", FieldKind::Flag),
            ("boolean", FieldKind::Flag),
            ("date", FieldKind::Date),
            ("datetime", FieldKind::DateTime),
            ("crm_multifield", FieldKind::Multifield),
            ("diskfile", FieldKind::File),
            ("crm", FieldKind::EntityRef),
            ("enumeration", FieldKind::Enumeration),
            ("Integer", FieldKind::Integer),
            ("object", FieldKind::Other),
            ("", FieldKind::Other),
        ] {
            assert_eq!(kind_of(text), kind, "{text}");
        }
    }
}
