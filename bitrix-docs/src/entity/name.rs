//! Entity names from fields methods: `crm.deal.fields` → `Deal`.

use std::collections::HashSet;

use crate::model::{ApiVersion, MethodSpec};

use super::Entity;

/// The method family a fields method describes: `crm.deal.fields` → `crm.deal`,
/// `catalog.vat.getFields` → `catalog.vat` (the last word `fields` or `getFields`, any
/// case); `None` for any other method.
pub(crate) fn fields_base(method: &str) -> Option<&str> {
    let (base, last) = method.rsplit_once('.')?;
    let last = last.to_ascii_lowercase();
    (!base.is_empty() && (last == "fields" || last == "getfields")).then_some(base)
}

/// The PascalCase entity name of a fields method: drop a leading `crm.` and the last word
/// (`fields`, `getFields`), split the rest on `.`, `_` and other non-alphanumerics, and
/// capitalise each word (`crm.requisite.bankdetail.fields` → `RequisiteBankdetail`,
/// `crm.duplicate.volatileType.fields` → `DuplicateVolatileType`, `user.fields` →
/// `User`). A name that would be empty or start with a digit is prefixed with `Entity`.
///
/// ```
/// assert_eq!(bitrix_docs::entity::entity_name("crm.item.productrow.fields"), "ItemProductrow");
/// assert_eq!(bitrix_docs::entity::entity_name("catalog.vat.getFields"), "CatalogVat");
/// ```
pub fn entity_name(method: &str) -> String {
    let base = fields_base(method).unwrap_or(method);
    let base = base.strip_prefix("crm.").unwrap_or(base);
    let mut name = String::new();
    for word in base.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            name.push(first.to_ascii_uppercase());
            name.extend(chars);
        }
    }
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Entity");
    }
    name
}

/// Makes the names of `entities` (in method order) unique: a later entity whose name is
/// taken gets `V3` (REST 3.0 pages) and then a number appended.
pub(crate) fn make_unique(entities: &mut [(&MethodSpec, Entity)]) {
    let mut taken = HashSet::new();
    for (spec, entity) in entities.iter_mut() {
        let mut name = entity.name.clone();
        if taken.contains(&name) && spec.version == ApiVersion::V3 {
            name.push_str("V3");
        }
        let stem = name.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{stem}{n}");
            n += 1;
        }
        taken.insert(name.clone());
        entity.name = name;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for (method, name) in [
            ("crm.deal.fields", "Deal"),
            ("crm.item.fields", "Item"),
            ("crm.requisite.bankdetail.fields", "RequisiteBankdetail"),
            ("crm.item.productrow.fields", "ItemProductrow"),
            ("crm.activity.fields", "Activity"),
            ("user.fields", "User"),
            ("crm.orderentity.getFields", "Orderentity"),
            ("crm.some_thing.fields", "SomeThing"),
            ("crm.fields", "Crm"),
            ("..fields", "Entity"),
            ("crm.1c.fields", "Entity1c"),
        ] {
            assert_eq!(entity_name(method), name, "{method}");
        }
        assert_eq!(fields_base("crm.deal.fields"), Some("crm.deal"));
        assert_eq!(fields_base("crm.deal.list"), None);
        assert_eq!(fields_base(".fields"), None);
        assert_eq!(fields_base("fields"), None);
    }
}
