//! How `crm.item.*` spells a classic entity's fields (crm/universal pages): camelCase, with a
//! few fields renamed. The code generator types `Deal::STAGE_ID` as `stageId` with it, the
//! emulator answers `crm.item.*` for deals, leads, contacts, companies and quotes with it.

/// The classic entities `crm.item.*` also serves, by `entityTypeId` (crm/universal pages):
/// the generator gives their records `ItemEntity::ENTITY_TYPE_ID`, the emulator routes
/// `crm.item.*` of these ids to their tables.
pub const CLASSIC_TYPES: &[(i64, &str)] = &[
    (1, "crm.lead"),
    (2, "crm.deal"),
    (3, "crm.contact"),
    (4, "crm.company"),
    (7, "crm.quote"),
];

/// The classic entity (`crm.deal`) of an `entityTypeId` (2), if it is one.
pub fn classic_entity(type_id: i64) -> Option<&'static str> {
    CLASSIC_TYPES
        .iter()
        .find(|(id, _)| *id == type_id)
        .map(|(_, e)| *e)
}

/// The `entityTypeId` of a classic entity (`crm.deal` → 2), if it is one.
pub fn classic_type_id(entity: &str) -> Option<i64> {
    CLASSIC_TYPES
        .iter()
        .find(|(_, e)| *e == entity)
        .map(|(id, _)| *id)
}

/// Classic names `crm.item` renames rather than camel-cases.
pub const ITEM_RENAMED: &[(&str, &str)] = &[
    ("ID", "id"),
    ("DATE_CREATE", "createdTime"),
    ("DATE_MODIFY", "updatedTime"),
    ("CREATED_BY_ID", "createdBy"),
    ("MODIFY_BY_ID", "updatedBy"),
    ("MOVED_BY_ID", "movedBy"),
];

/// `ASSIGNED_BY_ID` → `assignedById`, `DATE_CREATE` → `createdTime`, `UF_CRM_X1` →
/// `ufCrm_X1`; for a lead or a quote (`entity` is `crm.lead`, `crm.quote`), `STATUS_ID` →
/// `stageId` (crm-item-list.md's lead example filters and selects `stageId`).
///
/// ```
/// use bitrix_docs::entity::item_camel;
/// assert_eq!(item_camel("crm.deal", "ASSIGNED_BY_ID"), "assignedById");
/// assert_eq!(item_camel("crm.deal", "DATE_CREATE"), "createdTime");
/// assert_eq!(item_camel("crm.lead", "STATUS_ID"), "stageId");
/// assert_eq!(item_camel("crm.deal", "UF_CRM_5"), "ufCrm_5");
/// ```
pub fn item_camel(entity: &str, upper: &str) -> String {
    if upper == "STATUS_ID" && has_status(entity) {
        return "stageId".into();
    }
    if let Some((_, c)) = ITEM_RENAMED.iter().find(|(u, _)| *u == upper) {
        return (*c).to_owned();
    }
    if upper.starts_with("UF_CRM_") {
        return custom_camel(upper);
    }
    let mut out = String::with_capacity(upper.len());
    for (i, word) in upper.split('_').filter(|w| !w.is_empty()).enumerate() {
        let lower = word.to_lowercase();
        if i == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
    out
}

/// Whether `entity`'s stage field is `STATUS_ID` (leads and quotes).
pub fn has_status(entity: &str) -> bool {
    matches!(entity, "crm.lead" | "crm.quote")
}

/// A custom field's name as `crm.item.*` spells it (crm/universal/index.md, "Field naming"):
/// when only digits or only letters follow `UF_CRM_` and the object number, the regular
/// conversion (`UF_CRM_10_5186744711` → `ufCrm10_5186744711`, `UF_CRM_10_DIGIT` →
/// `ufCrm10Digit`); otherwise the simplified one, which swaps the prefix only
/// (`UF_CRM_3_DIGIT10` → `ufCrm_3_DIGIT10`, `UF_CRM_1747309879` → `ufCrm_1747309879`).
/// Names without the `UF_CRM_` prefix are returned as they are. `bitrix_api::typed::
/// camel_custom` is the same rule at run time; `tests/tests/uf_names.rs` holds both to the
/// page's table.
///
/// ```
/// use bitrix_docs::entity::{custom_camel, custom_upper};
/// assert_eq!(custom_camel("UF_CRM_3_DIGIT"), "ufCrm3Digit");
/// assert_eq!(custom_camel("UF_CRM_DELIVERY_DATE"), "ufCrm_DELIVERY_DATE");
/// assert_eq!(custom_upper("ufCrm3Digit"), "UF_CRM_3_DIGIT");
/// ```
pub fn custom_camel(upper: &str) -> String {
    let Some(rest) = upper.strip_prefix("UF_CRM_") else {
        return upper.to_owned();
    };
    if let Some((number, tail)) = rest.split_once('_') {
        let parts: Vec<&str> = tail.split('_').collect();
        let digits = |p: &&str| p.bytes().all(|b| b.is_ascii_digit());
        let letters = |p: &&str| p.bytes().all(|b| b.is_ascii_alphabetic());
        if !number.is_empty() && digits(&number) && parts.iter().all(|p| !p.is_empty()) {
            if parts.iter().all(digits) {
                return format!("ufCrm{number}_{tail}");
            }
            if parts.iter().all(letters) {
                let mut out = format!("ufCrm{number}");
                for p in parts {
                    out.push_str(&p[..1].to_ascii_uppercase());
                    out.push_str(&p[1..].to_ascii_lowercase());
                }
                return out;
            }
        }
    }
    format!("ufCrm_{rest}")
}

/// The reverse of [`custom_camel`]: `ufCrm_X` → `UF_CRM_X`, `ufCrm10_51` → `UF_CRM_10_51`,
/// `ufCrm10DigitName` → `UF_CRM_10_DIGIT_NAME`; other names are returned as they are.
pub fn custom_upper(camel: &str) -> String {
    let Some(rest) = camel.strip_prefix("ufCrm") else {
        return camel.to_owned();
    };
    if let Some(simplified) = rest.strip_prefix('_') {
        return format!("UF_CRM_{simplified}");
    }
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (number, tail) = rest.split_at(split);
    if number.is_empty() {
        return camel.to_owned();
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
