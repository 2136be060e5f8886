//! Issue 24: what an app writes, it reads back, in the page's shape. One test per kind
//! the issue lists: writes read back (product rows, call lists, badges, statuses and their
//! entity types, categories, stage history, addresses, activity types, automated
//! solutions, document generator documents) and answers in their page's shape. Nested
//! required markers that stay in their table are in `written/required.rs`, the outdated
//! families in `written/outdated.rs`.

mod common;
#[path = "written/outdated.rs"]
mod outdated;
#[path = "written/required.rs"]
mod required;

use bitrix_emulator::{Portal, ServedBy};
use common::*;
use serde_json::{json, Value};

fn last_served(portal: &Portal) -> Option<ServedBy> {
    portal.requests().last().and_then(|r| r.served_by)
}

#[tokio::test]
async fn product_rows_set_are_the_rows_read_back() {
    let portal = portal().await;
    for owner in ["deal", "lead"] {
        let id = ok(
            &portal,
            &format!("crm.{owner}.add"),
            json!({"fields": {"TITLE": "T"}}),
        )
        .await;
        let rows = json!([
            {"PRODUCT_NAME": "Widget", "PRICE": 5, "QUANTITY": 2},
            {"PRODUCT_NAME": "Gadget", "PRICE": 7, "QUANTITY": 1},
        ]);
        let set = format!("crm.{owner}.productrows.set");
        assert_eq!(
            ok(&portal, &set, json!({"id": id, "rows": rows})).await,
            json!(true)
        );
        assert_eq!(last_served(&portal), Some(ServedBy::Pair));
        let get = format!("crm.{owner}.productrows.get");
        let got = ok(&portal, &get, json!({ "id": id })).await;
        let names: Vec<&str> = got
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|r| r["PRODUCT_NAME"].as_str())
            .collect();
        assert_eq!(names, ["Widget", "Gadget"], "{owner}: {got}");
        assert_eq!(
            got[0]["OWNER_ID"],
            json!(id.to_string()),
            "as the page spells it"
        );
        assert_ne!(got[0]["ID"], got[1]["ID"]);
        // A lead without rows has none; a deal that does not exist is not found (the
        // deal page lists `Not found`, the lead page does not).
        if owner == "lead" {
            let other = ok(&portal, "crm.lead.add", json!({"fields": {"TITLE": "U"}})).await;
            assert_eq!(ok(&portal, &get, json!({ "id": other })).await, json!([]));
            assert_eq!(ok(&portal, &get, json!({"id": 999})).await, json!([]));
        } else {
            let (status, _, description) = err(&portal, &get, json!({"id": 999})).await;
            assert_eq!((status, description.as_str()), (400, "Not found"));
        }
    }
}

#[tokio::test]
async fn deleting_an_owner_deletes_its_product_rows_not_its_history() {
    let portal = portal().await;
    let deal = ok(
        &portal,
        "crm.deal.add",
        json!({"fields": {"TITLE": "T", "STAGE_ID": "NEW"}}),
    )
    .await;
    let rows = json!([{"PRODUCT_NAME": "Widget", "PRICE": 5, "QUANTITY": 2}]);
    ok(
        &portal,
        "crm.deal.productrows.set",
        json!({"id": deal, "rows": rows}),
    )
    .await;
    let row = json!({"fields": {"ownerId": deal, "ownerType": "D", "productName": "Gadget",
        "price": 7, "quantity": 1}});
    ok(&portal, "crm.item.productrow.add", row).await;
    let by_deal = json!({"filter": {"=ownerType": "D", "=ownerId": deal}});
    let before = ok(&portal, "crm.item.productrow.list", by_deal.clone()).await;
    assert_eq!(
        before["productRows"].as_array().map(Vec::len),
        Some(1),
        "{before}"
    );
    assert_eq!(
        ok(&portal, "crm.deal.delete", json!({ "id": deal })).await,
        json!(true)
    );
    let (status, _, description) =
        err(&portal, "crm.deal.productrows.get", json!({ "id": deal })).await;
    assert_eq!((status, description.as_str()), (400, "Not found"));
    let after = ok(&portal, "crm.item.productrow.list", by_deal).await;
    assert_eq!(after["productRows"], json!([]), "{after}");
    let history = ok(
        &portal,
        "crm.stagehistory.list",
        json!({"entityTypeId": 2, "filter": {"OWNER_ID": deal}}),
    )
    .await;
    assert_eq!(
        history["items"].as_array().map(Vec::len),
        Some(1),
        "{history}"
    );

    // A smart-process item's rows go with it too (`T` + its type in hex).
    let spa = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Trips"}}),
    )
    .await;
    let type_id = spa["type"]["entityTypeId"].as_i64().expect("assigned");
    let added = ok(
        &portal,
        "crm.item.add",
        json!({"entityTypeId": type_id, "fields": {"title": "Oslo"}}),
    )
    .await;
    let item = added["item"]["id"].as_i64().expect("an id");
    let code = format!("T{type_id:x}");
    let row = json!({"fields": {"ownerId": item, "ownerType": code, "productName": "Seat",
        "price": 1, "quantity": 1}});
    ok(&portal, "crm.item.productrow.add", row).await;
    ok(
        &portal,
        "crm.item.delete",
        json!({"entityTypeId": type_id, "id": item}),
    )
    .await;
    let left = ok(
        &portal,
        "crm.item.productrow.list",
        json!({"filter": {"=ownerType": code, "=ownerId": item}}),
    )
    .await;
    assert_eq!(left["productRows"], json!([]), "{left}");
}

#[tokio::test]
async fn call_lists_and_badges_read_back_what_was_added() {
    let portal = portal().await;
    let id = ok(
        &portal,
        "crm.calllist.add",
        json!({"ENTITY_TYPE": "CONTACT", "ENTITIES": [4, 5], "WEBFORM_ID": 3}),
    )
    .await;
    assert_eq!(last_served(&portal), Some(ServedBy::Flat));
    let got = ok(&portal, "crm.calllist.get", json!({ "ID": id })).await;
    assert_eq!(got["ID"], json!(id.to_string()), "{got}");
    // Given as a number, read back as the page shows it: text.
    assert_eq!(got["WEBFORM_ID"], json!("3"));
    let list = ok(&portal, "crm.calllist.list", json!({})).await;
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    let (status, _, _) = err(&portal, "crm.calllist.get", json!({"ID": 77})).await;
    assert_eq!(status, 400);

    let badge = json!({"code": "paid", "title": "Payment", "value": "Paid", "type": "success"});
    let added = ok(&portal, "crm.activity.badge.add", badge.clone()).await;
    assert_eq!(added, json!({ "badge": badge }));
    let got = ok(&portal, "crm.activity.badge.get", json!({"code": "paid"})).await;
    assert_eq!(got, json!({ "badge": badge }), "not the page's missedCall");
    let list = ok(&portal, "crm.activity.badge.list", json!({})).await;
    assert_eq!(list, json!({ "badges": [badge] }));
    assert_eq!(
        ok(
            &portal,
            "crm.activity.badge.delete",
            json!({"code": "paid"})
        )
        .await,
        json!(true)
    );
    let (status, code, _) = err(&portal, "crm.activity.badge.get", json!({"code": "paid"})).await;
    assert_eq!((status, code.as_str()), (400, "NOT_FOUND"));
}

#[tokio::test]
async fn statuses_made_by_the_app_are_not_system_ones() {
    let portal = portal().await;
    let id = ok(
        &portal,
        "crm.status.add",
        json!({"fields": {"ENTITY_ID": "SOURCE", "STATUS_ID": "FAIR", "NAME": "Fair"}}),
    )
    .await;
    let got = ok(&portal, "crm.status.get", json!({ "id": id })).await;
    assert_eq!(got["SYSTEM"], "N", "{got}");
    assert_eq!(got["NAME"], "Fair");
    let types = ok(&portal, "crm.status.entity.types", json!({})).await;
    let ids: Vec<&str> = types
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["ID"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        ids.contains(&"SOURCE") && ids.contains(&"DEAL_STAGE"),
        "{types}"
    );
    assert!(
        !ids.iter()
            .any(|id| id.starts_with("DYNAMIC_177") || *id == "DEAL_STAGE_1"),
        "not the docs writer's funnels and smart processes: {types}"
    );
}

#[tokio::test]
async fn status_entity_types_grow_with_funnels_and_smart_processes() {
    let portal = portal().await;
    let funnel = ok(
        &portal,
        "crm.category.add",
        json!({"entityTypeId": 2, "fields": {"name": "Wholesale"}}),
    )
    .await;
    let funnel_id = funnel["category"]["id"].as_i64().expect("an id");
    let spa = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Trips"}}),
    )
    .await;
    let type_id = spa["type"]["entityTypeId"].as_i64().expect("assigned");
    let categories = ok(
        &portal,
        "crm.category.list",
        json!({ "entityTypeId": type_id }),
    )
    .await;
    let default = &categories["categories"][0];
    assert_eq!(default["isDefault"], "Y", "{categories}");
    let category = default["id"].as_i64().expect("an id");
    let types = ok(&portal, "crm.status.entity.types", json!({})).await;
    let find = |id: &str| {
        types
            .as_array()
            .and_then(|t| t.iter().find(|e| e["ID"] == id))
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {types}"))
    };
    let deal = find(&format!("DEAL_STAGE_{funnel_id}"));
    assert_eq!(deal["PREFIX"], format!("C{funnel_id}"));
    assert_eq!(deal["PARENT_ID"], "DEAL_STAGE");
    assert_eq!(
        deal["SEMANTIC_INFO"]["START_FIELD"],
        format!("C{funnel_id}:NEW")
    );
    let stages = find(&format!("DYNAMIC_{type_id}_STAGE_{category}"));
    assert_eq!(stages["ENTITY_TYPE_ID"], type_id, "{stages}");
    assert_eq!(stages["PREFIX"], format!("DT{type_id}_{category}"));
    assert_eq!(stages["IS_DEFAULT_CATEGORY"], true);
}

#[tokio::test]
async fn user_fields_read_back_with_their_types_settings() {
    let portal = portal().await;
    let add = |name: &str, kind: &str, settings: Option<Value>| {
        let mut fields = json!({"FIELD_NAME": name, "USER_TYPE_ID": kind, "LABEL": name});
        if let Some(s) = settings {
            fields["SETTINGS"] = s;
        }
        json!({ "fields": fields })
    };
    let note = ok(
        &portal,
        "crm.deal.userfield.add",
        add("NOTE", "string", None),
    )
    .await;
    let got = ok(&portal, "crm.deal.userfield.get", json!({ "id": note })).await;
    assert_eq!(got["SETTINGS"]["DEFAULT_VALUE"], "", "{got}");
    assert_eq!(got["SETTINGS"]["ROWS"], 1, "{got}");
    let rows = Some(json!({"ROWS": 3}));
    let memo = ok(
        &portal,
        "crm.lead.userfield.add",
        add("MEMO", "string", rows),
    )
    .await;
    let got = ok(&portal, "crm.lead.userfield.get", json!({ "id": memo })).await;
    assert_eq!(got["SETTINGS"]["ROWS"], 3, "given over the default: {got}");
    assert_eq!(got["SETTINGS"]["DEFAULT_VALUE"], "", "{got}");
    for (name, kind, key, default) in [
        ("AMOUNT", "double", "PRECISION", json!(2)),
        ("FLAG", "boolean", "DISPLAY", json!("CHECKBOX")),
        (
            "DUE",
            "date",
            "DEFAULT_VALUE",
            json!({"VALUE": "", "TYPE": "NONE"}),
        ),
        ("KIND", "enumeration", "DISPLAY", json!("LIST")),
        ("SOURCE", "crm_status", "ENTITY_TYPE", json!("")),
        ("LINK", "crm", "LEAD", json!("Y")),
    ] {
        ok(&portal, "crm.deal.userfield.add", add(name, kind, None)).await;
        let list = ok(
            &portal,
            "crm.deal.userfield.list",
            json!({"filter": {"USER_TYPE_ID": kind}}),
        )
        .await;
        assert_eq!(list[0]["SETTINGS"][key], default, "{kind}: {list}");
    }
    // A binding given: no implied `LEAD = Y`.
    let deals = Some(json!({"DEAL": "Y"}));
    let id = ok(
        &portal,
        "crm.company.userfield.add",
        add("DEALS", "crm", deals),
    )
    .await;
    let got = ok(&portal, "crm.company.userfield.get", json!({ "id": id })).await;
    assert_eq!(
        (&got["SETTINGS"]["DEAL"], &got["SETTINGS"]["LEAD"]),
        (&json!("Y"), &json!("N")),
        "{got}"
    );
    // update merges settings.
    let update = json!({"id": id, "fields": {"SETTINGS": {"CONTACT": "Y"}}});
    ok(&portal, "crm.company.userfield.update", update).await;
    let got = ok(&portal, "crm.company.userfield.get", json!({ "id": id })).await;
    assert_eq!(
        (&got["SETTINGS"]["DEAL"], &got["SETTINGS"]["CONTACT"]),
        (&json!("Y"), &json!("Y")),
        "{got}"
    );
}

#[tokio::test]
async fn stage_changes_are_written_to_the_stage_history() {
    let portal = portal().await;
    let deal = ok(
        &portal,
        "crm.deal.add",
        json!({"fields": {"TITLE": "T", "STAGE_ID": "NEW"}}),
    )
    .await;
    let id = deal
        .as_i64()
        .or_else(|| deal.as_str()?.parse().ok())
        .expect("id");
    ok(
        &portal,
        "crm.deal.update",
        json!({"id": id, "fields": {"STAGE_ID": "PREPARATION"}}),
    )
    .await;
    ok(
        &portal,
        "crm.deal.update",
        json!({"id": id, "fields": {"TITLE": "U"}}),
    )
    .await;
    ok(
        &portal,
        "crm.deal.update",
        json!({"id": id, "fields": {"STAGE_ID": "WON"}}),
    )
    .await;
    let history = ok(
        &portal,
        "crm.stagehistory.list",
        json!({"entityTypeId": 2, "filter": {"OWNER_ID": id}, "order": {"ID": "ASC"}}),
    )
    .await;
    let items = history["items"].as_array().expect("items");
    let seen: Vec<(i64, &str, &str)> = items
        .iter()
        .map(|r| {
            (
                r["TYPE_ID"].as_i64().unwrap_or(0),
                r["STAGE_ID"].as_str().unwrap_or(""),
                r["STAGE_SEMANTIC_ID"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [(1, "NEW", "P"), (2, "PREPARATION", "P"), (3, "WON", "S")],
        "{history}"
    );
    let leads = ok(&portal, "crm.stagehistory.list", json!({"entityTypeId": 1})).await;
    assert_eq!(leads["items"], json!([]), "not the page's example record");
}

#[tokio::test]
async fn answers_keep_their_page_shape() {
    let portal = portal().await;
    // crm.address.add: `true`, not an id.
    let address =
        json!({"fields": {"TYPE_ID": 1, "ENTITY_TYPE_ID": 8, "ENTITY_ID": 1, "CITY": "Oslo"}});
    assert_eq!(ok(&portal, "crm.address.add", address).await, json!(true));
    let list = ok(
        &portal,
        "crm.address.list",
        json!({"filter": {"ENTITY_ID": 1}}),
    )
    .await;
    assert_eq!(list[0]["CITY"], "Oslo", "{list}");
    // crm.activity.type.add: `true`.
    let kind = json!({"fields": {"TYPE_ID": "ERP", "NAME": "ERP case"}});
    assert_eq!(
        ok(&portal, "crm.activity.type.add", kind).await,
        json!(true)
    );
    let types = ok(&portal, "crm.activity.type.list", json!({})).await;
    assert!(
        types
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t["TYPE_ID"] == "ERP"),
        "{types}"
    );
    // crm.automatedsolution: `typeIds` listed, `delete` answers `null`.
    let added = ok(
        &portal,
        "crm.automatedsolution.add",
        json!({"fields": {"title": "HR", "typeIds": []}}),
    )
    .await;
    let id = added["automatedSolution"]["id"].clone();
    let list = ok(&portal, "crm.automatedsolution.list", json!({})).await;
    assert!(
        list["automatedSolutions"][0]["typeIds"].is_array(),
        "{list}"
    );
    let deleted = ok(&portal, "crm.automatedsolution.delete", json!({ "id": id })).await;
    assert_eq!(deleted, Value::Null);
    // crm.category.add: the record carries its entityTypeId.
    let category = ok(
        &portal,
        "crm.category.add",
        json!({"entityTypeId": 2, "fields": {"name": "Wholesale"}}),
    )
    .await;
    assert_eq!(category["category"]["entityTypeId"], json!(2), "{category}");
    let other = ok(&portal, "crm.category.list", json!({"entityTypeId": 1038})).await;
    assert_eq!(other["categories"], json!([]), "{other}");
    // crm.documentgenerator.document.get: entityTypeId too.
    let document = ok(
        &portal,
        "crm.documentgenerator.document.add",
        json!({"templateId": 1, "entityTypeId": 2, "entityId": 1}),
    )
    .await;
    let id = document["document"]["id"].clone();
    let got = ok(
        &portal,
        "crm.documentgenerator.document.get",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(got["document"]["entityTypeId"], json!(2), "{got}");
    // crm.*.userfield.list rows carry SETTINGS.
    let uf = json!({"fields": {"FIELD_NAME": "NOTE", "USER_TYPE_ID": "string", "LABEL": "Note"}});
    ok(&portal, "crm.deal.userfield.add", uf).await;
    let ufs = ok(&portal, "crm.deal.userfield.list", json!({})).await;
    assert!(ufs[0]["SETTINGS"].is_object(), "{ufs}");
    // crm.activity.layout.blocks.set: `{"success": true}`.
    let blocks = json!({"entityTypeId": 2, "entityId": 1, "activityId": 8,
        "layout": {"blocks": {"b": {"type": "text", "properties": {"value": "Hi"}}}}});
    let set = ok(&portal, "crm.activity.layout.blocks.set", blocks.clone()).await;
    assert_eq!(set, json!({"success": true}));
    let got = ok(
        &portal,
        "crm.activity.layout.blocks.get",
        json!({"entityTypeId": 2, "entityId": 1, "activityId": 8}),
    )
    .await;
    assert_eq!(got, json!({ "layout": blocks["layout"] }));
    // crm.currency.localizations.get: what was set, not the example's languages.
    let lang = json!({"xx": {"FULL_NAME": "Test", "FORMAT_STRING": "# T"}});
    ok(
        &portal,
        "crm.currency.localizations.set",
        json!({"id": "USD", "localizations": lang}),
    )
    .await;
    let got = ok(
        &portal,
        "crm.currency.localizations.get",
        json!({"id": "USD"}),
    )
    .await;
    assert_eq!(got, lang);
}

#[tokio::test]
async fn configurable_activities_keep_their_fields_and_layout() {
    let portal = portal().await;
    let layout = json!({"icon": {"code": "call-completed"}, "header": {"title": "Call"}});
    let body = json!({"ownerTypeId": 2, "ownerId": 1,
        "fields": {"typeId": "CONFIGURABLE", "completed": "N", "responsibleId": "2"},
        "layout": layout});
    // Its page: "Calls are accepted only from an application" (a webhook is none).
    let (status, code, _) = err(&portal, "crm.activity.configurable.add", body.clone()).await;
    assert_eq!((status, code.as_str()), (400, "ERROR_WRONG_CONTEXT"));
    let added = as_app(&portal, "crm.activity.configurable.add", body).await;
    let id = added["activity"]["id"].clone();
    assert!(id.is_number(), "{added} {:?}", last_served(&portal));
    let got = as_app(
        &portal,
        "crm.activity.configurable.get",
        json!({ "id": id }),
    )
    .await;
    let activity = &got["activity"];
    assert_eq!(activity["fields"]["typeId"], "CONFIGURABLE", "{got}");
    // Given as `N` and `"2"`, read as the page shows them: typed.
    assert_eq!(activity["fields"]["completed"], json!(false), "{got}");
    assert_eq!(activity["fields"]["responsibleId"], json!(2), "{got}");
    assert_eq!(activity["layout"], layout, "{got}");
    assert_eq!(activity["ownerId"], json!(1), "{got}");
}

/// Calls `method` as the application (an OAuth token with the crm scope); its `result`.
async fn as_app(portal: &Portal, method: &str, body: Value) -> Value {
    let (status, v) = call_as_app(portal, &["crm"], method, body).await;
    assert_eq!(status, 200, "{method}: {v}");
    v["result"].clone()
}
