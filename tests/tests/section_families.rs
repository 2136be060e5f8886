//! The emulator's stateful families of the shipped sections other than the CRM (issue 25),
//! through the typed generated client (`bitrix_tests::crm` binds every page of `docs/`):
//! per family, add → get → update → list → delete, and a get after the delete answers as
//! the page documents (a not-found error, or an empty list where `get` is a list).

use bitrix_api::Client;
use bitrix_emulator::Portal;
use bitrix_tests::crm::*;
use serde_json::Value;

async fn setup(scopes: &[&str]) -> (Portal, Client) {
    bitrix_tests::serve(Portal::builder().webhook(1, scopes)).await
}

/// A record's field of an answer typed as JSON, as text (`"5"` and `5` alike).
fn text(v: &Value, field: &str) -> String {
    match &v[field] {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn users_invite_read_update_search() {
    let (_portal, client) = setup(&["user"]).await;
    let id = client
        .call(&UserAdd::new("ann@example.com").name("Ann").last_name("Lee"))
        .await
        .expect("user.add");
    let all = client
        .call(&UserGet::new().sort("ID").order("asc"))
        .await
        .expect("user.get");
    let ann = all
        .iter()
        .find(|u| text(u, "ID") == id.to_string())
        .expect("user.get finds the invited user");
    assert_eq!(ann["EMAIL"], "ann@example.com");
    assert_eq!(ann["NAME"], "Ann");

    client
        .call(&UserUpdate::new(id).name("Anna"))
        .await
        .expect("user.update");
    let found = client
        .call_raw(
            "user.search",
            serde_json::json!({"FILTER": {"FIND": "anna"}}),
        )
        .await
        .expect("user.search");
    let found = found.as_array().expect("a list");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["LAST_NAME"], "Lee");

    // The webhook's user is the administrator every portal starts with (user 1), not the
    // invited one.
    assert_eq!(id, 2, "user.add numbers after the administrator");
    let me = client
        .call(&UserCurrent::new())
        .await
        .expect("user.current");
    assert_eq!(text(&me, "ID"), "1");
    assert_ne!(me["NAME"], "Anna");
}

#[tokio::test]
async fn departments_add_get_update_list_delete() {
    let (_portal, client) = setup(&["department"]).await;
    let id = client
        .call(&DepartmentAdd::new("Sales", 1).sort(100))
        .await
        .expect("department.add");
    let got = client
        .call(&DepartmentGet::new().id(id))
        .await
        .expect("department.get");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].id, id);
    assert_eq!(got[0].name.as_deref(), Some("Sales"));

    client
        .call(&DepartmentUpdate::new(id).name("Sales and marketing"))
        .await
        .expect("department.update");
    client
        .call(&DepartmentAdd::new("Support", 1))
        .await
        .expect("second department");
    let all = client
        .call(&DepartmentGet::new().sort("NAME").order("DESC"))
        .await
        .expect("department.get, all");
    let names: Vec<_> = all
        .iter()
        .map(|d| d.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, ["Support", "Sales and marketing"]);

    // The page (as the official one) is titled `department.department.delete`, so the
    // generated method sends that name, which a portal does not know: the method's own
    // name is sent.
    let delete = || client.call_raw("department.delete", serde_json::json!({ "ID": id }));
    delete().await.expect("department.delete");
    let gone = client
        .call(&DepartmentGet::new().id(id))
        .await
        .expect("department.get after delete");
    assert!(gone.is_empty(), "{gone:?}");
    let again = delete().await.expect_err("a second delete finds nothing");
    assert_eq!(again.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn lists_and_their_elements() {
    let (_portal, client) = setup(&["lists"]).await;
    let list = client
        .call(&ListsAdd::new(
            ListsAddIblockTypeId::Lists,
            "orders",
            ListsAddFields::new("Orders"),
        ))
        .await
        .expect("lists.add");
    let lists = client
        .call(&ListsGet::new(ListsGetIblockTypeId2::Lists).iblock_code("orders"))
        .await
        .expect("lists.get");
    assert_eq!(lists.len(), 1, "{lists:?}");

    let add = |code: &str, name: &str| {
        ListsElementAdd::new(ListsElementAddRequired {
            iblock_type_id: ListsElementAddIblockTypeId::Lists,
            iblock_id: list,
            iblock_code: "orders".into(),
            element_code: code.into(),
            fields: vec![ListsElementAddField::new(name)],
        })
    };
    let first = client.call(&add("o1", "First order")).await.expect("add");
    client
        .call(&add("o2", "Second order"))
        .await
        .expect("second");
    let same_code = client.call(&add("o1", "Again")).await;
    assert!(
        same_code.is_err(),
        "element codes are unique: {same_code:?}"
    );

    let get = || ListsElementGet::new(ListsElementGetIblockTypeId::Lists, list, "orders");
    let one = client
        .call(&get().element_id(first))
        .await
        .expect("lists.element.get");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["NAME"], "First order");

    client
        .call(&ListsElementUpdate::new(ListsElementUpdateRequired {
            iblock_type_id: ListsElementUpdateIblockTypeId::Lists,
            iblock_id: list,
            iblock_code: "orders".into(),
            element_id: first,
            element_code: "o1".into(),
            fields: vec![ListsElementUpdateField::new("First order, paid")],
        }))
        .await
        .expect("lists.element.update");
    let all = client.call(&get()).await.expect("all elements");
    let names: Vec<_> = all.iter().map(|e| e["NAME"].clone()).collect();
    assert_eq!(names, ["First order, paid", "Second order"]);

    let delete = ListsElementDelete::new(ListsElementDeleteRequired {
        iblock_type_id: ListsElementDeleteIblockTypeId::Lists,
        iblock_id: list,
        iblock_code: "orders".into(),
        element_id: first,
        element_code: "o1".into(),
    });
    client.call(&delete).await.expect("lists.element.delete");
    let err = client.call(&delete).await.expect_err("deleted");
    assert_eq!(err.code(), Some("ERROR_ELEMENT_NOT_FOUND"));
    assert!(client
        .call(&get().element_id(first))
        .await
        .expect("get after delete")
        .is_empty());
    assert_eq!(client.call(&get()).await.expect("rest").len(), 1);
}

#[tokio::test]
async fn calendar_events_by_id_and_by_range() {
    let (_portal, client) = setup(&["calendar"]).await;
    let day = |d: u32| bitrix_api::chrono::NaiveDate::from_ymd_opt(2025, 3, d).expect("date");
    let add = |name: &str, d: u32| {
        CalendarEventAdd::new(CalendarEventAddRequired {
            r#type: "user".into(),
            owner_id: 1,
            from: day(d).to_string().into(),
            to: day(d).to_string().into(),
            section: 5,
            name: name.into(),
        })
    };
    let id = client.call(&add("Review", 10)).await.expect("add");
    client.call(&add("Retro", 20)).await.expect("second");

    let got = client
        .call(&CalendarEventGetbyid::new(id))
        .await
        .expect("getbyid");
    assert_eq!(got["NAME"], "Review");
    assert_eq!(got["DATE_FROM"], "2025-03-10");

    client
        .call(
            &CalendarEventUpdate::new(CalendarEventUpdateRequired {
                id,
                r#type: "user".into(),
                owner_id: 1,
            })
            .name("Design review"),
        )
        .await
        .expect("update");
    let range = client
        .call(&CalendarEventGet::new("user", 1).from(day(1)).to(day(15)))
        .await
        .expect("calendar.event.get");
    let names: Vec<_> = range
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["NAME"].clone())
        .collect();
    assert_eq!(names, ["Design review"]);

    client
        .call(&CalendarEventDelete::new(id))
        .await
        .expect("delete");
    let err = client
        .call(&CalendarEventGetbyid::new(id))
        .await
        .expect_err("deleted");
    assert_eq!(err.code(), Some("NOT_FOUND"));
}

#[tokio::test]
async fn app_storage_entities_and_items() {
    // The data store is the application's own: its pages refuse webhooks.
    let (portal, webhook) = setup(&["entity"]).await;
    let refused = webhook
        .call(&EntityAdd::new(EntityAddRequired {
            entity: "dish".into(),
            name: "Dishes".into(),
        }))
        .await
        .expect_err("a webhook is no application");
    assert_eq!(refused.code(), Some("ACCESS_DENIED"));
    let client = bitrix_tests::app_client(&portal, &["entity"]);
    client
        .call(&EntityAdd::new(EntityAddRequired {
            entity: "dish".into(),
            name: "Dishes".into(),
        }))
        .await
        .expect("entity.add");
    let id = client
        .call(&EntityItemAdd::new("dish").name("Soup"))
        .await
        .expect("entity.item.add");
    client
        .call(&EntityItemAdd::new("dish").name("Salad"))
        .await
        .expect("second item");
    client
        .call(&EntityItemUpdate::new("dish", id).name("Tomato soup"))
        .await
        .expect("entity.item.update");
    let items = client
        .call(&EntityItemGet::new("dish"))
        .await
        .expect("entity.item.get");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].id, id);
    client
        .call(&EntityItemDelete::new("dish", id))
        .await
        .expect("entity.item.delete");
    let err = client
        .call(&EntityItemDelete::new("dish", id))
        .await
        .expect_err("deleted");
    // The page's own code for an item the storage does not have.
    assert_eq!(err.code(), Some("ERROR_ITEM_NOT_FOUND"));
    assert_eq!(
        client
            .call(&EntityItemGet::new("dish"))
            .await
            .expect("rest")
            .len(),
        1
    );

    client
        .call(&EntityUpdate::new("dish").entity_new("meal"))
        .await
        .expect("entity.update renames");
    // entity.get's generated type reads `ENTITY` as an object (the page's answer table
    // nests it): the answer is read as JSON.
    let meal = client
        .call_raw("entity.get", serde_json::json!({"ENTITY": "meal"}))
        .await
        .expect("entity.get");
    assert_eq!(meal["ENTITY"], "meal");
    assert_eq!(meal["NAME"], "Dishes");
    client
        .call(&EntityDelete::new("meal"))
        .await
        .expect("entity.delete");
    let err = client
        .call_raw("entity.get", serde_json::json!({"ENTITY": "meal"}))
        .await
        .expect_err("deleted");
    // entity.get's own code for a storage the portal does not hold.
    assert_eq!(err.code(), Some("ERROR_ENTITY_NOT_FOUND"));
}

/// REST 3.0 (`/rest/api/`): humanresources.node.add → get → edit → children / search /
/// list; an unknown id is the store's not-found error.
#[tokio::test]
async fn structure_nodes_on_rest_v3() {
    let (_portal, client) = setup(&["humanresources"]).await;
    let v3 = client.v3();
    let call = |method: &'static str, body: Value| {
        let v3 = v3.clone();
        async move { v3.call_raw(method, body).await }
    };
    let node = call(
        "humanresources.node.add",
        serde_json::json!({"type": "DEPARTMENT", "name": "Marketing", "parentId": 1}),
    )
    .await
    .expect("node.add");
    let id = node["id"].as_i64().expect("an id");
    let got = call("humanresources.node.get", serde_json::json!({ "id": id }))
        .await
        .expect("node.get");
    assert_eq!(got["item"]["name"], "Marketing");
    call(
        "humanresources.node.edit",
        serde_json::json!({"id": id, "name": "B2B Marketing"}),
    )
    .await
    .expect("node.edit");
    let children = call("humanresources.node.children", serde_json::json!({"id": 1}))
        .await
        .expect("children");
    assert_eq!(children["items"][0]["name"], "B2B Marketing");
    let found = call(
        "humanresources.node.search",
        serde_json::json!({"type": "DEPARTMENT", "name": "b2b"}),
    )
    .await
    .expect("search");
    assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
    let none = call(
        "humanresources.node.search",
        serde_json::json!({"type": "DEPARTMENT", "name": "Support"}),
    )
    .await
    .expect("search, nothing");
    assert_eq!(none["items"], serde_json::json!([]));
    let err = call("humanresources.node.get", serde_json::json!({"id": 999}))
        .await
        .expect_err("unknown node");
    assert_eq!(
        err.code(),
        Some("BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION")
    );
}
