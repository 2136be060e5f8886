//! The outdated crm families (`crm/outdated`) whose fields page lists the fields in a
//! table and whose get/list pages show no answer: their get and list answers are typed by
//! the table's record (`records::Measure`, …), and those records decode what the emulator
//! answers for a record written with `add`.

#![allow(deprecated)] // every crm/outdated method is deprecated.

use bitrix_api::Client;
use bitrix_tests::crm::*;
use serde_json::{json, Value};

async fn add(client: &Client, method: &str, fields: Value) -> i64 {
    let answer = client
        .call_raw(method, json!({ "fields": fields }))
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"));
    bitrix_api::wire::from_value(answer).unwrap_or_else(|e| panic!("{method}'s id: {e}"))
}

/// `add` a record, then read it back with the typed get and list: the same id, and the
/// list holds it.
macro_rules! round_trip {
    ($client:expr, $add:literal, $fields:expr, $get:expr, $list:ident) => {{
        let id = add($client, $add, $fields).await;
        let got = $client
            .call(&$get(id))
            .await
            .unwrap_or_else(|e| panic!("{}'s get: {e}", $add));
        assert_eq!(got.id, Some(id), "{}'s get", $add);
        let listed = $client
            .call(&$list::new())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", stringify!($list)));
        assert!(
            listed.iter().any(|r| r.id == Some(id)),
            "{} lists the record",
            stringify!($list)
        );
        got
    }};
}

#[tokio::test]
async fn outdated_records_decode_the_emulators_answers() {
    let (_portal, client) = bitrix_tests::local().await;
    let measure = round_trip!(
        &client,
        "crm.measure.add",
        json!({"CODE": 999, "MEASURE_TITLE": "Crate", "SYMBOL_INTL": "crt"}),
        CrmMeasureGet::new,
        CrmMeasureList
    );
    assert_eq!(measure.measure_title.as_deref(), Some("Crate"));
    let section = round_trip!(
        &client,
        "crm.productsection.add",
        json!({"NAME": "Tools", "CATALOG_ID": 1}),
        CrmProductsectionGet::new,
        CrmProductsectionList
    );
    assert_eq!(section.name.as_deref(), Some("Tools"));
    let product = round_trip!(
        &client,
        "crm.product.add",
        json!({"NAME": "Hammer", "PRICE": 12.5, "CURRENCY_ID": "USD", "ACTIVE": "Y"}),
        |id| CrmProductGet::new().id(id),
        CrmProductList
    );
    assert_eq!(product.name.as_deref(), Some("Hammer"));
    assert_eq!(product.active, Some(true));
    let category = round_trip!(
        &client,
        "crm.dealcategory.add",
        json!({"NAME": "Wholesale", "SORT": 200}),
        |id| CrmDealcategoryGet::new().id(id),
        CrmDealcategoryList
    );
    assert_eq!(category.name.as_deref(), Some("Wholesale"));
    let status = round_trip!(
        &client,
        "crm.invoice.status.add",
        json!({"NAME": "Checked", "SORT": 150, "STATUS_ID": "C"}),
        CrmInvoiceStatusGet::new,
        CrmInvoiceStatusList
    );
    assert_eq!(status.name.as_deref(), Some("Checked"));
    let invoice = round_trip!(
        &client,
        "crm.invoice.add",
        json!({
            "ORDER_TOPIC": "Tools", "ACCOUNT_NUMBER": "A-1", "PERSON_TYPE_ID": 1,
            "PAY_SYSTEM_ID": 1, "STATUS_ID": "N", "PRICE": 25.5, "DATE_BILL": "2024-05-01",
        }),
        |id| CrmInvoiceGet::new().id(id),
        CrmInvoiceList
    );
    assert_eq!(invoice.order_topic.as_deref(), Some("Tools"));
    let catalogs = client
        .call(&CrmCatalogList::new())
        .await
        .expect("crm.catalog.list");
    if let Some(id) = catalogs.first().and_then(|c| c.id) {
        let got = client
            .call(&CrmCatalogGet::new(id))
            .await
            .expect("crm.catalog.get");
        assert_eq!(got.id, Some(id));
    }
}
