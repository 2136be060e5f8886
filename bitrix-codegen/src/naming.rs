//! Rust names from Bitrix names: `crm.lead.contact.items.set` → `CrmLeadContactItemsSet` /
//! `crm_lead_contact_items_set`, `CONTACT_ID` → `contact_id`, `items` → `Item`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// Splits a Bitrix name into lowercase words: on `.`, `_`, `-`, any non-alphanumeric, and
/// on camelCase humps (`entityTypeId` → `entity`, `type`, `id`; `UF_CRM_1` → `uf`, `crm`, `1`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        let hump = c.is_ascii_uppercase()
            && !cur.is_empty()
            && (prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase())));
        if hump {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `crm.lead.contact.items.set` → `CrmLeadContactItemsSet`.
pub fn pascal(name: &str) -> String {
    let mut s: String = words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'T');
    }
    s
}

/// `CONTACT_ID` → `contact_id`; never empty, never starting with a digit.
pub fn snake(name: &str) -> String {
    let s = words(name).join("_");
    if s.is_empty() {
        "field".to_owned()
    } else if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("f_{s}")
    } else {
        s
    }
}

/// `items` → `items`'s singular `item`: the element name of an array.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize, add: &str| format!("{}{}", &name[..name.len() - n], add);
    if lower.ends_with("ies") && name.len() > 3 {
        cut(3, if name.ends_with("IES") { "Y" } else { "y" })
    } else if lower.ends_with("sses") || lower.ends_with("xes") || lower.ends_with("ches") {
        cut(2, "")
    } else if lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && name.len() > 1
    {
        cut(1, "")
    } else {
        format!("{name}Item")
    }
}

/// Enum variant names for wire values (`crm_status` → `CrmStatus`), or `None` when one of
/// them cannot be a variant: empty, not a plain word (`{ ENTITY_ID: "X" }`), starting with a
/// digit, `Self`, or the same name as another value or as the `Other` escape variant. The
/// field then stays a string rather than get invented names.
pub fn variant_names(values: &[String]) -> Option<Vec<String>> {
    let mut taken = BTreeSet::from(["Other".to_owned(), "Self".to_owned()]);
    values
        .iter()
        .map(|v| {
            let plain = !v.is_empty()
                && v.starts_with(|c: char| c.is_ascii_alphabetic())
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            let name = pascal(v);
            (plain && taken.insert(name.clone())).then_some(name)
        })
        .collect()
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// An identifier for a snake_case name: keywords become raw (`r#type`), names that cannot be
/// raw (`self`, `super`, `crate`) get a trailing underscore.
pub fn ident(name: &str) -> Ident {
    match name {
        "self" | "super" | "crate" | "Self" | "_" => {
            Ident::new(&format!("{name}_"), Span::call_site())
        }
        n if KEYWORDS.contains(&n) => Ident::new_raw(n, Span::call_site()),
        n => Ident::new(n, Span::call_site()),
    }
}

/// Hands out names that are unique within one scope (a module's types, a struct's fields),
/// in a deterministic way: the second `id` becomes `id_2`.
#[derive(Default)]
pub struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    /// Reserves `wanted`, or the first free `wanted_2`, `wanted_3`, …
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let sep = if wanted
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
        {
            sep
        } else {
            "_"
        };
        (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|c| self.taken.insert(c.clone()))
            .unwrap_or_else(|| wanted.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names() {
        assert_eq!(
            pascal("crm.lead.contact.items.set"),
            "CrmLeadContactItemsSet"
        );
        assert_eq!(
            snake("crm.lead.contact.items.set"),
            "crm_lead_contact_items_set"
        );
        assert_eq!(
            pascal("crm.activity.todo.updateDeadline"),
            "CrmActivityTodoUpdateDeadline"
        );
        assert_eq!(
            snake("crm.item.productrow.fields"),
            "crm_item_productrow_fields"
        );
    }

    #[test]
    fn field_names() {
        assert_eq!(snake("CONTACT_ID"), "contact_id");
        assert_eq!(snake("entityTypeId"), "entity_type_id");
        assert_eq!(snake("UF_CRM_1712"), "uf_crm_1712");
        assert_eq!(snake(">ID"), "id");
        assert_eq!(snake("HTMLText"), "html_text");
        assert_eq!(snake("1C"), "f_1_c");
        assert_eq!(snake("***"), "field");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("items"), "item");
        assert_eq!(singular("Items"), "Item");
        assert_eq!(singular("entities"), "entity");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("status"), "statusItem");
        assert_eq!(singular("result"), "resultItem");
        assert_eq!(singular("s"), "sItem");
    }

    #[test]
    fn variant_names_or_none() {
        let v =
            |vs: &[&str]| variant_names(&vs.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(
            v(&["string", "crm_status", "iblock-section", "P"]),
            Some(vec![
                "String".into(),
                "CrmStatus".into(),
                "IblockSection".into(),
                "P".into()
            ])
        );
        assert_eq!(v(&["day", ""]), None, "empty value");
        assert_eq!(v(&["1C", "day"]), None, "starts with a digit");
        assert_eq!(
            v(&["crm_status", "CRM_STATUS"]),
            None,
            "two values, one name"
        );
        assert_eq!(
            v(&["other", "day"]),
            None,
            "clashes with the escape variant"
        );
        assert_eq!(v(&["self", "day"]), None, "not a variant name");
        assert_eq!(v(&["{ ENTITY_ID: \"X\" }", "day"]), None, "not a word");
        assert_eq!(v(&["a b", "day"]), None, "not a word");
    }

    #[test]
    fn unique_names() {
        let mut n = Names::default();
        assert_eq!(n.claim("id"), "id");
        assert_eq!(n.claim("id"), "id_2");
        assert_eq!(n.claim("CrmX"), "CrmX");
        assert_eq!(n.claim("CrmX"), "CrmX2");
    }
}
