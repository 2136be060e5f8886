//! The outdated CRM families (docs/api-reference/crm/outdated/): served like the rest, and
//! what an app writes through them is what their read methods answer.

use super::common::*;
use super::last_served;
use bitrix_emulator::ServedBy;
use serde_json::{json, Value};

#[tokio::test]
async fn outdated_methods_are_served_like_the_rest() {
    let portal = portal().await;
    let directions = ok(&portal, "crm.enum.activitydirection", json!({})).await;
    assert_eq!(directions[1]["NAME"], "Incoming", "{directions}");
    let kinds = ok(&portal, "crm.enum.activitytype", json!({})).await;
    assert_eq!(kinds[2]["NAME"], "Call", "{kinds}");
}

/// `add`, then `get`, `list`, `update`, `get` and `delete` of one family whose records
/// are `{"fields": …}` keyed by `id`; answers the record as `get` read it after the update.
/// Whether a value read back is the one written: as text, or as the same number when a
/// number was written (the portal answers numbers as strings, money with its decimals).
fn same(got: &Value, written: &Value) -> bool {
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    match written {
        Value::Number(n) => text(got).parse::<f64>().ok() == n.as_f64(),
        other => text(got) == text(other),
    }
}

async fn round_trip(family: &str, fields: Value, change: Value) -> Value {
    let portal = portal().await;
    let id = ok(
        &portal,
        &format!("{family}.add"),
        json!({ "fields": fields }),
    )
    .await;
    assert_eq!(last_served(&portal), Some(ServedBy::Entity), "{family}.add");
    let got = ok(&portal, &format!("{family}.get"), json!({ "id": id })).await;
    for (k, v) in fields.as_object().into_iter().flatten() {
        assert!(same(&got[k], v), "{family}.get {k}: {got}");
    }
    let list = ok(&portal, &format!("{family}.list"), json!({})).await;
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(1),
        "{family}.list: {list}"
    );
    assert_eq!(list[0]["ID"], got["ID"]);
    let update = json!({"id": id, "fields": change});
    assert_eq!(
        ok(&portal, &format!("{family}.update"), update).await,
        json!(true)
    );
    let after = ok(&portal, &format!("{family}.get"), json!({ "id": id })).await;
    assert_eq!(
        ok(&portal, &format!("{family}.delete"), json!({ "id": id })).await,
        json!(true)
    );
    let (status, _, description) =
        err(&portal, &format!("{family}.get"), json!({ "id": id })).await;
    assert_eq!(
        (status, description.as_str()),
        (400, "Not found"),
        "{family}"
    );
    after
}

#[tokio::test]
async fn products_sections_vat_rates_and_units_read_back_what_was_written() {
    let product = round_trip(
        "crm.product",
        json!({"NAME": "Plastic Chair", "CURRENCY_ID": "USD", "PRICE": 4900, "SECTION_ID": 3}),
        json!({"PRICE": 5100}),
    )
    .await;
    // Money reads back in the portal's form (`"5100.00"`).
    assert!(same(&product["PRICE"], &json!(5100)), "{product}");
    // The fields crm.product.fields lists are the record's: unset ones read `null`.
    assert_eq!(product["VAT_INCLUDED"], Value::Null, "{product}");
    assert!(product.get("XML_ID").is_some(), "{product}");

    let section = round_trip(
        "crm.productsection",
        json!({"NAME": "Chairs", "CATALOG_ID": 25}),
        json!({"NAME": "Seats"}),
    )
    .await;
    assert_eq!(section["NAME"], "Seats");
    assert_eq!(section["CATALOG_ID"], "25");

    let vat = round_trip(
        "crm.vat",
        json!({"NAME": "VAT 20%", "RATE": 20}),
        json!({"RATE": 21}),
    )
    .await;
    assert_eq!(
        (&vat["RATE"], &vat["ACTIVE"]),
        (&json!("21.00"), &json!("Y")),
        "{vat}"
    );

    let unit = round_trip(
        "crm.measure",
        json!({"CODE": 212, "MEASURE_TITLE": "Watt", "SYMBOL_INTL": "W"}),
        json!({"SYMBOL_LETTER_INTL": "WTT"}),
    )
    .await;
    assert_eq!(unit["SYMBOL_LETTER_INTL"], "WTT", "{unit}");
}

#[tokio::test]
async fn invoices_and_invoice_statuses_read_back_what_was_written() {
    // crm.invoice.fields marks ACCOUNT_NUMBER required, the add page's examples send
    // none: the portal fills it, the caller need not.
    let invoice = round_trip(
        "crm.invoice",
        json!({"ORDER_TOPIC": "Chairs", "STATUS_ID": "P", "PERSON_TYPE_ID": 1, "PAY_SYSTEM_ID": 1}),
        json!({"USER_DESCRIPTION": "Paid on delivery"}),
    )
    .await;
    assert_eq!(invoice["USER_DESCRIPTION"], "Paid on delivery", "{invoice}");
    let status = round_trip(
        "crm.invoice.status",
        json!({"NAME": "Paid late", "STATUS_ID": "L", "SORT": 200}),
        json!({"NAME": "Paid very late"}),
    )
    .await;
    assert_eq!(status["NAME"], "Paid very late", "{status}");
}

#[tokio::test]
async fn a_deal_direction_has_its_stages_and_its_deals() {
    let portal = portal().await;
    let funnel = ok(
        &portal,
        "crm.dealcategory.add",
        json!({"fields": {"NAME": "Wholesale", "SORT": 20}}),
    )
    .await;
    let got = ok(&portal, "crm.dealcategory.get", json!({ "id": funnel })).await;
    assert_eq!(got["NAME"], "Wholesale", "{got}");
    let list = ok(&portal, "crm.dealcategory.list", json!({})).await;
    assert_eq!(list[0]["NAME"], "Wholesale", "{list}");

    let directory = ok(&portal, "crm.dealcategory.status", json!({ "id": funnel })).await;
    assert_eq!(directory, json!(format!("DEAL_STAGE_{funnel}")));
    let stages = ok(
        &portal,
        "crm.dealcategory.stage.list",
        json!({ "id": funnel }),
    )
    .await;
    let codes: Vec<&str> = stages
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["STATUS_ID"].as_str())
        .collect();
    let prefix = format!("C{funnel}:");
    assert_eq!(
        codes,
        [
            format!("{prefix}NEW"),
            format!("{prefix}WON"),
            format!("{prefix}LOSE")
        ],
        "{stages}"
    );
    // The same stages crm.status.list answers for that directory, as the page says.
    let statuses = ok(
        &portal,
        "crm.status.list",
        json!({"filter": {"ENTITY_ID": directory}, "order": {"SORT": "ASC"}}),
    )
    .await;
    assert_eq!(statuses, stages);
    // A stage the app adds to the directory is one of the direction's stages.
    let stage = json!({"ENTITY_ID": directory, "STATUS_ID": format!("{prefix}PACKING"),
        "NAME": "Packing", "SORT": 30});
    ok(&portal, "crm.status.add", json!({ "fields": stage })).await;
    let stages = ok(
        &portal,
        "crm.dealcategory.stage.list",
        json!({ "id": funnel }),
    )
    .await;
    assert_eq!(stages[1]["NAME"], "Packing", "{stages}");
    // A direction the portal does not have has no stages.
    let none = ok(&portal, "crm.dealcategory.stage.list", json!({"id": 999})).await;
    assert_eq!(none, json!([]));

    // A deal of the direction starts in its first stage.
    let deal = ok(
        &portal,
        "crm.deal.add",
        json!({"fields": {"TITLE": "Crate", "CATEGORY_ID": funnel}}),
    )
    .await;
    let got = ok(&portal, "crm.deal.get", json!({ "id": deal })).await;
    assert_eq!(
        (&got["CATEGORY_ID"], &got["STAGE_ID"]),
        (&json!(funnel.to_string()), &json!(format!("{prefix}NEW"))),
        "{got}"
    );
    let in_funnel = ok(
        &portal,
        "crm.deal.list",
        json!({"filter": {"CATEGORY_ID": funnel}, "select": ["ID"]}),
    )
    .await;
    assert_eq!(in_funnel.as_array().map(Vec::len), Some(1), "{in_funnel}");

    // Deleting the direction deletes its stages.
    ok(&portal, "crm.dealcategory.delete", json!({ "id": funnel })).await;
    let gone = ok(
        &portal,
        "crm.status.list",
        json!({"filter": {"ENTITY_ID": directory}}),
    )
    .await;
    assert_eq!(gone, json!([]));
}

#[tokio::test]
async fn product_rows_and_catalogs_list_what_is_stored() {
    let portal = portal().await;
    let product = ok(
        &portal,
        "crm.product.add",
        json!({"fields": {"NAME": "Chair", "PRICE": 10, "CATALOG_ID": 25}}),
    )
    .await;
    let deal = ok(&portal, "crm.deal.add", json!({"fields": {"TITLE": "D"}})).await;
    let lead = ok(&portal, "crm.lead.add", json!({"fields": {"TITLE": "L"}})).await;
    let row = |name: &str| json!({"PRODUCT_ID": product, "PRODUCT_NAME": name, "PRICE": 10, "QUANTITY": 1});
    ok(
        &portal,
        "crm.deal.productrows.set",
        json!({"id": deal, "rows": [row("Chair"), row("Chair, red")]}),
    )
    .await;
    ok(
        &portal,
        "crm.lead.productrows.set",
        json!({"id": lead, "rows": [row("Chair, blue")]}),
    )
    .await;

    let of_deal = ok(
        &portal,
        "crm.productrow.list",
        json!({"filter": {"OWNER_TYPE": "D", "OWNER_ID": deal.to_string()}}),
    )
    .await;
    let names: Vec<&str> = of_deal
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["PRODUCT_NAME"].as_str())
        .collect();
    assert_eq!(names, ["Chair", "Chair, red"], "{of_deal}");
    assert_eq!(
        (&of_deal[0]["OWNER_TYPE"], &of_deal[0]["OWNER_ID"]),
        (&json!("D"), &json!(deal.to_string()))
    );
    // The rows read as crm.deal.productrows.get reads them.
    let by_deal = ok(&portal, "crm.deal.productrows.get", json!({ "id": deal })).await;
    assert_eq!(of_deal[1]["ID"], by_deal[1]["ID"]);
    let of_lead = ok(
        &portal,
        "crm.productrow.list",
        json!({"filter": {"OWNER_TYPE": "L", "OWNER_ID": lead}}),
    )
    .await;
    assert_eq!(of_lead[0]["PRODUCT_NAME"], "Chair, blue", "{of_lead}");
    // One numbering for every owner's rows.
    let all = ok(&portal, "crm.productrow.list", json!({})).await;
    let mut ids: Vec<String> = all
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["ID"].to_string())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3, "{all}");

    // The catalog the product names is a catalog of the portal.
    let catalogs = ok(&portal, "crm.catalog.list", json!({})).await;
    assert_eq!(catalogs[0]["ID"], "25", "{catalogs}");
    assert!(
        catalogs[0].get("XML_ID").is_some(),
        "the listed fields: {catalogs}"
    );
    let one = ok(&portal, "crm.catalog.get", json!({"id": 25})).await;
    assert_eq!(one, catalogs[0]);
    let fields = ok(&portal, "crm.catalog.fields", json!({})).await;
    assert_eq!(fields["NAME"]["type"], "string", "{fields}");
}

/// A family whose pages document no field of its records (type `fields` as a bare
/// `array` and list no field on their `*.fields` page) is still an entity: what `add` is
/// given is what `get` and `list` read back.
#[tokio::test]
async fn a_family_without_documented_fields_keeps_what_it_is_given() {
    let dir = std::env::temp_dir().join(format!("emu-undocumented-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let table = |rows: &str| {
        format!("## Method Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n{rows}|#\n")
    };
    let pages = [
        (
            "add",
            table("|| **fields**\n[`array`](x.md) | The values; see crm.widget.fields ||\n"),
        ),
        (
            "get",
            table("|| **id***\n[`integer`](x.md) | Widget id ||\n"),
        ),
        (
            "list",
            table("|| **filter**\n[`object`](x.md) | Filter ||\n"),
        ),
        ("fields", String::from("No parameters.\n")),
    ];
    for (op, body) in pages {
        let text = format!("# Widget {op} crm.widget.{op}\n\n> Scope: [`crm`](x.md)\n\n{body}");
        std::fs::write(dir.join(format!("crm-widget-{op}.md")), text).expect("page");
    }
    let portal = bitrix_emulator::Portal::builder()
        .limits(bitrix_emulator::Limits::off())
        .pages(&dir)
        .start()
        .await
        .expect("portal starts");
    let fields = json!({"NAME": "Widget", "PRICE": 5, "SECTION_ID": 3});
    let id = ok(&portal, "crm.widget.add", json!({ "fields": fields })).await;
    assert_eq!(last_served(&portal), Some(ServedBy::Entity));
    let got = ok(&portal, "crm.widget.get", json!({ "id": id })).await;
    assert_eq!(
        (&got["NAME"], &got["PRICE"], &got["SECTION_ID"]),
        (&json!("Widget"), &json!("5"), &json!("3")),
        "{got}"
    );
    let list = ok(&portal, "crm.widget.list", json!({})).await;
    assert_eq!(list[0]["NAME"], "Widget", "{list}");
    drop(portal);
    let _ = std::fs::remove_dir_all(&dir);
}
