//! What a portal answers about itself and its callers rather than from its pages' examples,
//! found by running b24pysdk's own integration tests against the emulator
//! (`bench/b24pysdk_suite.py`): the caller's scopes, the time now, calls that need an
//! application, the settings stores, and lookups by another key than the number.

mod common;

use bitrix_emulator::Portal;
use common::{call, call_as_app, ok, portal_with as portal};
use serde_json::{json, Value};

#[tokio::test]
async fn scope_answers_the_callers_scopes_and_full_every_scope_of_the_portal() {
    let portal = portal(&["crm", "im"]).await;
    assert_eq!(ok(&portal, "scope", json!({})).await, json!(["crm", "im"]));
    let full = ok(&portal, "scope", json!({"full": true})).await;
    let full: Vec<&str> = full
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    // The scope page's table and its deprecated ones, besides those of the method pages.
    for s in [
        "crm",
        "im",
        "booking",
        "pull",
        "sonet_group",
        "socialnetwork",
        "tasks_extended",
    ] {
        assert!(full.contains(&s), "{s} in {full:?}");
    }
    assert!(!full.contains(&"basic"), "basic is no scope one asks for");
}

#[tokio::test]
async fn events_answers_the_documented_events_by_scope() {
    let portal = portal(&["user"]).await;
    let codes = |v: Value| -> Vec<String> {
        v.as_array()
            .expect("a list of event codes")
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    // b24pysdk's test: every event of `crm` starts with ONCRM.
    let crm = codes(ok(&portal, "events", json!({"SCOPE": "crm"})).await);
    assert!(crm.contains(&"ONCRMDEALADD".to_owned()), "{crm:?}");
    assert!(crm.iter().all(|c| c.starts_with("ONCRM")), "{crm:?}");
    // Without SCOPE: the caller's scopes and the unguarded ones, not the CRM's.
    let mine = codes(ok(&portal, "events", json!({})).await);
    assert!(mine.contains(&"ONUSERADD".to_owned()), "{mine:?}");
    assert!(mine.contains(&"ONAPPINSTALL".to_owned()), "{mine:?}");
    assert!(!mine.contains(&"ONCRMDEALADD".to_owned()), "{mine:?}");
    let full = codes(ok(&portal, "events", json!({"FULL": true})).await);
    assert!(full.len() > crm.len() + mine.len() - 1, "{}", full.len());
}

#[tokio::test]
async fn a_fresh_portal_has_its_administrator_as_user_1() {
    let portal = portal(&["user"]).await;
    let users = ok(&portal, "user.get", json!({})).await;
    assert_eq!(users[0]["ID"], "1", "{users}");
    assert_eq!(
        ok(&portal, "user.add", json!({"EMAIL": "a@example.com"})).await,
        2
    );
    let me = ok(&portal, "user.current", json!({})).await;
    assert_eq!(me["ID"], "1");
    assert_eq!(me["NAME"], users[0]["NAME"], "{me}");
}

#[tokio::test]
async fn a_user_record_has_every_field_user_fields_names() {
    let portal = portal(&["user"]).await;
    let names = ok(&portal, "user.fields", json!({})).await;
    let names = names.as_object().expect("user.fields answers names");
    assert!(names.contains_key("XML_ID"), "{names:?}");
    ok(
        &portal,
        "user.add",
        json!({"EMAIL": "a@example.com", "XML_ID": "ext-7"}),
    )
    .await;
    let me = ok(&portal, "user.current", json!({})).await;
    let ann = &ok(&portal, "user.get", json!({"FILTER": {"ID": 2}})).await[0];
    for code in names.keys() {
        assert!(me.get(code).is_some(), "user.current lacks {code}: {me}");
        assert!(ann.get(code).is_some(), "user.get lacks {code}: {ann}");
    }
    // Unset, as user.current's example shows unset fields; written, as written.
    assert_eq!(me["XML_ID"], "", "{me}");
    assert_eq!(ann["XML_ID"], "ext-7", "{ann}");
    // What the example record shows is not blanked.
    assert!(me["NAME"].as_str().is_some_and(|n| !n.is_empty()), "{me}");
    // Dates: when the record was written, and the caller's last activity as
    // `user.current`'s example shows it (`user.get`'s shows both as `{}`).
    assert!(
        me["TIMESTAMP_X"].as_str().is_some_and(|t| t.len() >= 19),
        "{me}"
    );
    assert!(me["LAST_ACTIVITY_DATE"].is_string(), "{me}");
}

#[tokio::test]
async fn im_search_user_list_searches_the_users() {
    let portal = portal(&["im", "user"]).await;
    let ann = json!({"EMAIL": "ann@example.com", "NAME": "Ann", "LAST_NAME": "Lee"});
    ok(&portal, "user.add", ann).await;
    // Nothing found: `[]`, as the page says.
    let none = ok(&portal, "im.search.user.list", json!({"FIND": "b24pysdk"})).await;
    assert_eq!(none, json!([]));
    let found = ok(&portal, "im.search.user.list", json!({"FIND": "lee"})).await;
    assert_eq!(found["2"]["name"], "Ann Lee", "{found}");
    assert_eq!(found["2"]["id"], 2);
    assert_eq!(found.as_object().map(|m| m.len()), Some(1), "{found}");
    let (status, short) = call(&portal, "im.search.user.list", json!({"FIND": "a"})).await;
    assert_eq!((status, short["error"].as_str()), (400, Some("FIND_SHORT")));
}

#[tokio::test]
async fn im_user_list_get_answers_the_users_named_keyed_by_id() {
    let portal = portal(&["im", "user"]).await;
    let ann = json!({"EMAIL": "ann@example.com", "NAME": "Ann", "LAST_NAME": "Lee"});
    ok(&portal, "user.add", ann).await;
    // By default an object keyed by id (the page's tables; its example shows the array form);
    // an id no user has is left out.
    let got = ok(&portal, "im.user.list.get", json!({"ID": [1, 2, 99]})).await;
    let keys: Vec<&String> = got.as_object().expect("keyed by id").keys().collect();
    assert_eq!(keys, ["1", "2"], "{got}");
    assert_eq!(got["2"]["name"], "Ann Lee");
    assert_eq!(got["2"]["id"], 2);
    assert!(
        got["2"].get("avatar_hr").is_some(),
        "the page's shape: {got}"
    );
    let listed = ok(
        &portal,
        "im.user.list.get",
        json!({"ID": [2], "RESULT_TYPE": "array"}),
    )
    .await;
    assert_eq!(listed[0]["first_name"], "Ann", "{listed}");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn one_of_alternative_required_parameters_is_enough() {
    let phone = portal(&["telephony"]).await;
    let register = |who: Value| {
        let mut body = json!({"PHONE_NUMBER": "+15550100", "TYPE": 1});
        for (k, v) in who.as_object().into_iter().flatten() {
            body[k] = v.clone();
        }
        body
    };
    // Both marked required; the page: "one of them is enough".
    for who in [json!({"USER_ID": 1}), json!({"USER_PHONE_INNER": "101"})] {
        let method = "telephony.externalcall.register";
        let (status, answer) = call_as_app(&phone, &["telephony"], method, register(who)).await;
        assert_eq!(status, 200, "{answer}");
    }
    let (status, answer) = call_as_app(
        &phone,
        &["telephony"],
        "telephony.externalcall.register",
        register(json!({})),
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    // im.disk.folder.get: `CHAT_ID` "needed unless `DIALOG_ID` is sent", and the reverse.
    let im = portal(&["im"]).await;
    ok(&im, "im.disk.folder.get", json!({"CHAT_ID": 1})).await;
    ok(&im, "im.disk.folder.get", json!({"DIALOG_ID": "chat1"})).await;
    let (status, _) = call(&im, "im.disk.folder.get", json!({})).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_get_answers_one_record_when_given_its_code() {
    let portal = portal(&["entity"]).await;
    let app = |method: &'static str, body: Value| {
        let portal = &portal;
        async move {
            let (status, answer) = call_as_app(portal, &["entity"], method, body).await;
            assert_eq!(status, 200, "{method}: {answer}");
            answer["result"].clone()
        }
    };
    app("entity.add", json!({"ENTITY": "dish", "NAME": "Dishes"})).await;
    for (code, name) in [("spicy", "Spicy"), ("vegan", "Vegan")] {
        let property = json!({"ENTITY": "dish", "PROPERTY": code, "NAME": name, "TYPE": "S"});
        app("entity.item.property.add", property).await;
    }
    // Without PROPERTY: the list; with it: that property alone (the page's result table).
    let all = app("entity.item.property.get", json!({"ENTITY": "dish"})).await;
    assert_eq!(all.as_array().map(Vec::len), Some(2), "{all}");
    let one = json!({"ENTITY": "dish", "PROPERTY": "vegan"});
    let one = app("entity.item.property.get", one).await;
    assert_eq!(
        (one["PROPERTY"].as_str(), one["NAME"].as_str()),
        (Some("vegan"), Some("Vegan"))
    );
    let none = json!({"ENTITY": "dish", "PROPERTY": "sweet", "auth": ""});
    let (status, _) = call_as_app(&portal, &["entity"], "entity.item.property.get", none).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn server_time_is_now_not_the_pages_example() {
    let portal = portal(&["crm"]).await;
    let before = chrono::Utc::now().timestamp();
    let time = ok(&portal, "server.time", json!({})).await;
    let time = chrono::DateTime::parse_from_rfc3339(time.as_str().unwrap()).unwrap();
    assert!((time.timestamp() - before).abs() <= 2, "{time}");
}

#[tokio::test]
async fn methods_that_need_an_application_refuse_webhooks_as_their_pages_say() {
    let portal = portal(&["placement", "crm"]).await;
    let (status, v) = call(
        &portal,
        "placement.bind",
        json!({"PLACEMENT": "CRM_DEAL_LIST_MENU", "HANDLER": "https://app.example/h"}),
    )
    .await;
    assert_eq!(
        (status, v["error"].as_str()),
        (403, Some("WRONG_AUTH_TYPE")),
        "{v}"
    );
    let (status, v) = call(&portal, "app.option.get", json!({})).await;
    assert_eq!(
        (status, v["error"].as_str()),
        (400, Some("AccessException")),
        "{v}"
    );
    assert_eq!(v["error_description"], "Application context required");
    // The same calls as the application go through.
    let (status, v) = call_as_app(
        &portal,
        &["placement"],
        "placement.bind",
        json!({"PLACEMENT": "CRM_DEAL_LIST_MENU", "HANDLER": "https://app.example/h"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
    // A method refusing only session authorization still takes webhooks.
    let portal = portal_with_im().await;
    let (status, v) = call(
        &portal,
        "im.notify.system.add",
        json!({"USER_ID": 1, "MESSAGE": "x"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
}

async fn portal_with_im() -> Portal {
    portal(&["im", "user"]).await
}

#[tokio::test]
async fn settings_stores_keep_each_name_and_answer_one_or_all() {
    let portal = portal(&["user"]).await;
    let scopes = &["user"];
    let set = json!({"options": {"theme": "dark", "size": {"w": 2}}});
    assert_eq!(
        call_as_app(&portal, scopes, "app.option.set", set).await.1["result"],
        json!(true)
    );
    call_as_app(
        &portal,
        scopes,
        "app.option.set",
        json!({"options": {"theme": "light"}}),
    )
    .await;
    let one = call_as_app(
        &portal,
        scopes,
        "app.option.get",
        json!({"option": "theme"}),
    )
    .await
    .1;
    assert_eq!(one["result"], json!("light"));
    let all = call_as_app(&portal, scopes, "app.option.get", json!({}))
        .await
        .1;
    assert_eq!(all["result"], json!({"theme": "light", "size": {"w": 2}}));
    let never = call_as_app(&portal, scopes, "app.option.get", json!({"option": "x"}))
        .await
        .1;
    assert_eq!(never["result"], Value::Null);
    // user.option is the calling user's own, apart from the application's.
    let mine = call_as_app(&portal, scopes, "user.option.get", json!({}))
        .await
        .1;
    assert_eq!(mine["result"], json!([]));
    call_as_app(
        &portal,
        scopes,
        "user.option.set",
        json!({"options": {"theme": "blue"}}),
    )
    .await;
    let mine = call_as_app(
        &portal,
        scopes,
        "user.option.get",
        json!({"option": "theme"}),
    )
    .await
    .1;
    assert_eq!(mine["result"], json!("blue"));
}

#[tokio::test]
async fn a_chat_is_found_by_the_object_it_is_tied_to() {
    let portal = portal_with_im().await;
    let body = json!({"TITLE": "Deal room", "ENTITY_TYPE": "CRM", "ENTITY_ID": "DEAL|7"});
    let chat = ok(&portal, "im.chat.add", body).await;
    let found = ok(
        &portal,
        "im.chat.get",
        json!({"ENTITY_TYPE": "CRM", "ENTITY_ID": "DEAL|7"}),
    )
    .await;
    assert_eq!(found, json!({"ID": chat}));
    let none = ok(
        &portal,
        "im.chat.get",
        json!({"ENTITY_TYPE": "CRM", "ENTITY_ID": "DEAL|8"}),
    )
    .await;
    assert_eq!(none, Value::Null);
}

#[tokio::test]
async fn a_dialog_id_is_a_chat_or_a_user_not_one_of_the_pages_templates() {
    let portal = portal_with_im().await;
    // `chatXXX`, `sgXXX`, `XXX` on im.dialog.get's page are forms, not the only values.
    let (status, v) = call(&portal, "im.dialog.get", json!({"DIALOG_ID": "1"})).await;
    assert_eq!(status, 200, "{v}");
    let (status, v) = call(
        &portal,
        "im.recent.pin",
        json!({"DIALOG_ID": "chat5", "PIN": "Y"}),
    )
    .await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn a_smart_process_type_is_found_by_its_entity_type_id() {
    let portal = portal(&["crm"]).await;
    let added = ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Invoices", "entityTypeId": 1030}}),
    )
    .await;
    let got = ok(
        &portal,
        "crm.type.getByEntityTypeId",
        json!({"entityTypeId": 1030}),
    )
    .await;
    assert_eq!(got["type"]["id"], added["type"]["id"]);
    assert_eq!(got["type"]["title"], "Invoices");
    let (status, _) = call(
        &portal,
        "crm.type.getByEntityTypeId",
        json!({"entityTypeId": 1031}),
    )
    .await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn numbers_written_to_a_flat_record_read_back_as_the_page_types_them() {
    let portal = portal(&["calendar"]).await;
    let section = ok(
        &portal,
        "calendar.section.add",
        json!({"type": "user", "ownerId": 1, "name": "S"}),
    )
    .await;
    let event = ok(
        &portal,
        "calendar.event.add",
        json!({"type": "user", "ownerId": 1, "name": "E", "section": section,
               "from": "2026-12-07T12:00:00+00:00", "to": "2026-12-07T13:00:00+00:00"}),
    )
    .await;
    let got = ok(&portal, "calendar.event.getbyid", json!({"id": event})).await;
    // The page shows `"SECTION_ID": "…"` (text); the call gave a number.
    assert_eq!(got["SECTION_ID"], json!(section.to_string()));
    assert_eq!(got["NAME"], "E");
}

#[tokio::test]
async fn user_current_is_the_caller_even_before_it_is_stored() {
    let portal = portal(&["user"]).await;
    let me = ok(&portal, "user.current", json!({})).await;
    assert_eq!(me["ID"], json!("1"));
}

#[tokio::test]
async fn a_record_is_found_by_the_field_its_page_names_it_by() {
    let portal = portal(&["crm"]).await;
    let fields = json!({"fields": {"TYPE_ID": "VISIT", "NAME": "Visit"}});
    ok(&portal, "crm.activity.type.add", fields).await;
    assert_eq!(
        ok(
            &portal,
            "crm.activity.type.delete",
            json!({"TYPE_ID": "VISIT"})
        )
        .await,
        json!(true)
    );
    let (status, _) = call(
        &portal,
        "crm.activity.type.delete",
        json!({"TYPE_ID": "VISIT"}),
    )
    .await;
    assert_eq!(status, 400, "deleted once");
}

#[tokio::test]
async fn calendar_views_show_the_events_held() {
    let portal = portal(&["calendar"]).await;
    let range = json!({"users": [1, 2], "from": "2026-12-07", "to": "2026-12-14"});
    let none = ok(&portal, "calendar.accessibility.get", range.clone()).await;
    assert_eq!(
        none,
        json!({"1": [], "2": []}),
        "a new portal's calendars are empty"
    );
    let meet = json!({"type": "user", "ownerId": 1, "name": "Meet", "section": 1,
        "from": "2026-12-08 10:00", "to": "2026-12-08 11:00"});
    let id = ok(&portal, "calendar.event.add", meet).await;
    let busy = ok(&portal, "calendar.accessibility.get", range).await;
    assert_eq!(busy["1"][0]["NAME"], "Meet", "{busy}");
    assert_eq!(busy["1"][0]["ID"], json!(id.to_string()), "{busy}");
    assert!(
        busy["1"][0].get("ACCESSIBILITY").is_some(),
        "the page's entry: {busy}"
    );
    assert_eq!(busy["2"], json!([]), "user 2 neither owns nor attends it");
    let later = json!({"users": [1], "from": "2026-12-09", "to": "2026-12-14"});
    assert_eq!(
        ok(&portal, "calendar.accessibility.get", later).await,
        json!({"1": []})
    );
    // Nearest: from today on; the emulator's clock is today's, the event a fixed day.
    let nearest = json!({"type": "user", "ownerId": 1, "days": 36500});
    let found = ok(&portal, "calendar.event.get.nearest", nearest).await;
    let names: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["NAME"].as_str())
        .collect();
    let today = chrono::Utc::now().date_naive().to_string();
    let expected: &[&str] = if today.as_str() <= "2026-12-08" {
        &["Meet"]
    } else {
        &[]
    };
    assert_eq!(names, expected, "{found}");
}

#[tokio::test]
async fn lists_field_get_answers_one_field_under_its_type() {
    let portal = portal(&["lists"]).await;
    let list = json!({"IBLOCK_TYPE_ID": "lists", "IBLOCK_ID": 123});
    let mut add = list.clone();
    add["FIELDS"] = json!({"NAME": "Note", "TYPE": "S", "CODE": "NOTE", "SORT": 10});
    let id = ok(&portal, "lists.field.add", add).await;
    let id = id.as_str().expect("PROPERTY_<n>").to_owned();
    // Named by FIELD_ID: under its type, as the page's example ("L") shows.
    let mut get = list.clone();
    get["FIELD_ID"] = id.clone().into();
    let one = ok(&portal, "lists.field.get", get).await;
    assert_eq!(one["S"]["FIELD_ID"], json!(id), "{one}");
    assert_eq!(one["S"]["NAME"], "Note", "{one}");
    // All the fields: keyed by FIELD_ID; an id the list does not have: `[]`.
    let all = ok(&portal, "lists.field.get", list.clone()).await;
    assert_eq!(all[&id]["NAME"], "Note", "{all}");
    let mut unknown = list;
    unknown["FIELD_ID"] = "PROPERTY_999".into();
    assert_eq!(ok(&portal, "lists.field.get", unknown).await, json!([]));
}

#[tokio::test]
async fn a_nested_view_of_the_record_is_filled_from_it() {
    let portal = portal(&["biconnector"]).await;
    let connector = json!({"fields": {"title": "C", "logo": "data:image/svg+xml;base64,AA==",
        "urlCheck": "https://example.com/c", "urlTableList": "https://example.com/t",
        "urlTableDescription": "https://example.com/d", "urlData": "https://example.com/da",
        "settings": [{"name": "Token", "type": "STRING", "code": "token"}]}});
    let (_, added) = call_as_app(
        &portal,
        &["biconnector"],
        "biconnector.connector.add",
        connector,
    )
    .await;
    let source = json!({"fields": {"title": "Sales", "description": "Orders",
        "connectorId": added["result"].clone(), "settings": {"token": "t"}}});
    let (_, id) = call_as_app(&portal, &["biconnector"], "biconnector.source.add", source).await;
    let (status, got) = call_as_app(
        &portal,
        &["biconnector"],
        "biconnector.source.get",
        json!({"id": id["result"].clone()}),
    )
    .await;
    assert_eq!(status, 200, "{got}");
    // The page's `connection` is the source itself: its id, title and description.
    let connection = &got["result"]["item"]["connection"];
    assert_eq!(connection["id"], id["result"], "{got}");
    assert_eq!(connection["title"], "Sales", "{got}");
    assert_eq!(connection["description"], "Orders", "{got}");
}
