//! The stores over the pages bitrix-api ships, answering in the shapes those pages show
//! (what the `conformance` test of `bitrix-tests` found wrong): wrapped records, camelCase
//! entities, text ids, `fields` documented as an array or left free-form, portal-set flags.

mod common;

use bitrix_emulator::{Portal, ServedBy};
use common::*;
use serde_json::{json, Value};

fn last_served(portal: &Portal) -> Option<ServedBy> {
    portal.requests().last().and_then(|r| r.served_by)
}

#[tokio::test]
async fn camel_case_entities_wrap_their_records_as_their_pages_show() {
    let portal = portal().await;
    let added = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Orders", "entityTypeId": 1038}}),
    )
    .await;
    assert_eq!(last_served(&portal), Some(ServedBy::Entity));
    let t = &added["type"];
    assert_eq!(t["id"], json!(1), "camelCase id, a number: {added}");
    assert_eq!(t["title"], "Orders");
    assert_eq!(t["entityTypeId"], json!(1038), "given, not the portal's");
    let got = ok(&portal, "crm.type.get", json!({"id": 1})).await;
    assert_eq!(got["type"]["title"], "Orders");
    let list = ok(&portal, "crm.type.list", json!({})).await;
    assert_eq!(list["types"].as_array().map(Vec::len), Some(1), "{list}");

    let category = ok(
        &portal,
        "crm.category.add",
        json!({"entityTypeId": 1038, "fields": {"name": "Wholesale"}}),
    )
    .await;
    assert_eq!(category["category"]["name"], "Wholesale", "{category}");
    let list = ok(&portal, "crm.category.list", json!({"entityTypeId": 1038})).await;
    assert!(list["categories"].is_array(), "{list}");
}

#[tokio::test]
async fn currencies_are_addressed_by_their_code() {
    let portal = portal().await;
    let code = ok(
        &portal,
        "crm.currency.add",
        json!({"fields": {"CURRENCY": "XTS", "AMOUNT_CNT": 1, "AMOUNT": 2.5}}),
    )
    .await;
    assert_eq!(code, "XTS");
    let got = ok(&portal, "crm.currency.get", json!({"id": "XTS"})).await;
    assert_eq!(got["CURRENCY"], "XTS");
    // Decimals as crm.currency.get's example shows them ("1.0000").
    assert_eq!(got["AMOUNT"], "2.5000");
    assert_eq!(
        ok(&portal, "crm.currency.delete", json!({"id": "xts"})).await,
        json!(true)
    );
    let (status, _, description) = err(&portal, "crm.currency.get", json!({"id": "XTS"})).await;
    assert_eq!((status, description.as_str()), (400, "Not found"));
}

#[tokio::test]
async fn requisites_and_activities_are_stored() {
    let portal = portal().await;
    // crm.requisite.add documents `fields` as a free-form object; crm.requisite.fields
    // lists them.
    let id = ok(
        &portal,
        "crm.requisite.add",
        json!({"fields": {"ENTITY_TYPE_ID": 4, "ENTITY_ID": 1, "PRESET_ID": 1, "NAME": "Main"}}),
    )
    .await;
    assert_eq!(last_served(&portal), Some(ServedBy::Entity));
    let got = ok(&portal, "crm.requisite.get", json!({ "id": id })).await;
    assert_eq!(got["NAME"], "Main");

    // crm.activity.add documents `fields` as an `array`; its own example sends an object.
    let id = ok(
        &portal,
        "crm.activity.add",
        json!({"fields": {"OWNER_TYPE_ID": 2, "OWNER_ID": 1, "TYPE_ID": 2,
            "COMMUNICATIONS": [{"VALUE": "+100"}], "RESPONSIBLE_ID": 1, "SUBJECT": "Call"}}),
    )
    .await;
    assert_eq!(last_served(&portal), Some(ServedBy::Entity));
    let got = ok(&portal, "crm.activity.get", json!({ "id": id })).await;
    assert_eq!(got["SUBJECT"], "Call");
}

#[tokio::test]
async fn flags_only_the_portal_sets_are_never_null() {
    let portal = portal().await;
    let added = ok(
        &portal,
        "crm.documentgenerator.document.add",
        json!({"templateId": 1, "entityTypeId": 2, "entityId": 1}),
    )
    .await;
    let document = &added["document"];
    assert!(document["id"].is_number(), "{added}");
    assert!(
        document["changeQrCodeEnabled"].is_boolean(),
        "as the page's example shows it: {added}"
    );
    assert_ne!(document["title"], Value::Bool(true));
}

#[tokio::test]
async fn a_page_with_two_answers_answers_the_one_its_heading_gives_the_request() {
    let portal = portal_with(&["landing", "telephony"]).await;
    // landing.block.getrepository: "… When `section` Is Sent" / "… Is Not Sent".
    let one = ok(
        &portal,
        "landing.block.getrepository",
        json!({"section": "text"}),
    )
    .await;
    assert!(one.get("items").is_some(), "one section: {one}");
    let all = ok(&portal, "landing.block.getrepository", json!({})).await;
    assert!(
        all.as_object()
            .is_some_and(|m| m.values().all(|s| s.get("items").is_some())),
        "every section keyed by code: {all}"
    );
    // telephony.externalCall.attachRecord: "FILENAME and FILE_CONTENT both sent" /
    // "FILENAME sent, FILE_CONTENT not".
    let record = json!({"CALL_ID": "externalCall.1", "FILENAME": "call.mp3"});
    let (_, later) = call_as_app(
        &portal,
        &["telephony"],
        "telephony.externalCall.attachRecord",
        record.clone(),
    )
    .await;
    assert!(later["result"]["uploadUrl"].is_string(), "{later}");
    let mut now = record;
    now["FILE_CONTENT"] = "SUQz".into();
    let (_, attached) = call_as_app(
        &portal,
        &["telephony"],
        "telephony.externalCall.attachRecord",
        now,
    )
    .await;
    assert!(attached["result"]["FILE_ID"].is_number(), "{attached}");
}
