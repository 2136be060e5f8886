//! CRM names held to our pages' tables:
//! - one rule for custom field names in `crm.item`'s spelling: the run time's
//!   (`bitrix_api::typed::camel_custom`) and the generator's and emulator's
//!   (`bitrix_docs::entity::custom_camel`) both give the table of the CRM universal
//!   overview (`docs/api-reference/crm/universal/index.md`, "Field naming"), and agree on
//!   names it does not list;
//! - `crm` user field links (`bitrix_api::typed::CrmLink`) and the targets a saved schema
//!   names (`bitrix_docs::schema::crm_target_type`) follow the data types page's "Links to
//!   CRM records" table (`docs/api-reference/data-types.md`).

use std::path::Path;

use bitrix_api::typed::{camel_custom, upper_custom, CrmLink, CRM_ABBREVIATIONS};
use bitrix_docs::entity::{custom_camel, custom_upper};
use bitrix_docs::schema::crm_target_type;

/// The one-line rows of `page`'s tables with `width` cells, code spans unwrapped.
fn rows(page: &str, width: usize) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/api-reference")
        .join(page);
    let text = std::fs::read_to_string(&path).expect("our page");
    text.lines()
        .filter_map(|l| {
            let cells: Vec<String> = l
                .trim()
                .strip_prefix("||")?
                .strip_suffix("||")?
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect();
            (cells.len() == width).then_some(cells)
        })
        .collect()
}

/// The `UPPER_CASE | camelCase` rows of the universal overview's naming table.
fn page_table() -> Vec<(String, String)> {
    rows("crm/universal/index.md", 3)
        .into_iter()
        .filter(|c| c[0].starts_with("UF_CRM_"))
        .map(|c| (c[0].clone(), c[1].clone()))
        .collect()
}

#[test]
fn both_rules_give_the_pages_table_and_undo_it() {
    let table = page_table();
    assert_eq!(table.len(), 5, "the page's table: {table:?}");
    for (upper, camel) in &table {
        assert_eq!(&camel_custom(upper), camel, "bitrix_api, {upper}");
        assert_eq!(&custom_camel(upper), camel, "bitrix_docs, {upper}");
        assert_eq!(&upper_custom(camel), upper, "bitrix_api back, {camel}");
        assert_eq!(&custom_upper(camel), upper, "bitrix_docs back, {camel}");
    }
}

#[test]
fn both_rules_agree_beyond_the_table() {
    let names = [
        "UF_CRM_PRIORITY",
        "UF_CRM_DELIVERY_DATE",
        "UF_CRM_1721244707107",
        "UF_CRM_2_1639669411830",
        "UF_CRM_44_1721812948498",
        "UF_CRM_10_DIGIT_NAME",
        "UF_CRM_1_AMOUNT",
        "UF_CRM_3_12_34",
        "UF_CRM_3__X",
        "UF_CRM_3_",
        "UF_USR_NOTE",
        "TITLE",
    ];
    for upper in names {
        let camel = camel_custom(upper);
        assert_eq!(camel, custom_camel(upper), "{upper}");
        assert_eq!(upper_custom(&camel), custom_upper(&camel), "{camel}");
        assert_eq!(upper_custom(&camel), upper, "{upper} → {camel} → back");
    }
    assert_eq!(camel_custom("UF_CRM_10_DIGIT_NAME"), "ufCrm10DigitName");
    assert_eq!(camel_custom("UF_CRM_DELIVERY_DATE"), "ufCrm_DELIVERY_DATE");
}

#[test]
fn crm_links_follow_the_data_types_table() {
    let table: Vec<(i64, String, String)> = rows("data-types.md", 4)
        .into_iter()
        .filter_map(|c| Some((c[1].parse().ok()?, c[2].clone(), c[3].clone())))
        .collect();
    assert_eq!(table.len(), 9, "the page's table: {table:?}");
    assert_eq!(table.len(), CRM_ABBREVIATIONS.len());
    for (type_id, name, code) in &table {
        assert!(
            CRM_ABBREVIATIONS.contains(&(*type_id, code.as_str())),
            "{code} ({type_id}) is not in CRM_ABBREVIATIONS"
        );
        let link: CrmLink = format!("{code}_6").parse().unwrap();
        assert_eq!(link, CrmLink::new(*type_id, 6));
        assert_eq!(link.to_string(), format!("{code}_6"));
        assert_eq!(crm_target_type(name), Some(*type_id), "{name}");
    }
    // The page's smart process example.
    assert_eq!(CrmLink::new(128, 6).to_string(), "T80_6");
    assert_eq!(crm_target_type("DYNAMIC_128"), Some(128));
}
