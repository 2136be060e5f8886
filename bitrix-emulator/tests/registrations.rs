//! Registrations read back (issue 25): what an application registers under a code or binds
//! to a place, the portal lists, until it is unregistered. `ai.engine.register` /
//! `unregister`, `placement.bind` / `unbind` name their add and delete otherwise; a list of
//! codes (`bizproc.robot.list`) answers the codes registered.

mod common;

use bitrix_emulator::ServedBy;
use common::*;
use serde_json::{json, Value};

/// `method` as the application with `scopes`; 200 expected, `result` returned.
async fn app_ok(portal: &bitrix_emulator::Portal, scope: &str, method: &str, body: Value) -> Value {
    let (status, answer) = call_as_app(portal, &[scope], method, body).await;
    assert_eq!(status, 200, "{method}: {answer}");
    assert_eq!(
        portal.requests().last().and_then(|r| r.served_by),
        Some(ServedBy::Flat),
        "{method}"
    );
    answer["result"].clone()
}

#[tokio::test]
async fn an_ai_engine_registered_is_listed_until_unregistered() {
    let portal = portal().await;
    let engine = json!({
        "name": "SDK engine", "code": "sdk_engine_1", "category": "text",
        "completions_url": "https://example.com/completions",
    });
    let id = app_ok(&portal, "ai_admin", "ai.engine.register", engine).await;
    assert!(
        id.as_i64().is_some_and(|n| n > 0),
        "the engine's number: {id}"
    );
    let listed = app_ok(&portal, "ai_admin", "ai.engine.list", json!({})).await;
    let listed = listed.as_array().expect("a list");
    assert_eq!(listed.len(), 1, "only what was registered: {listed:?}");
    assert_eq!(
        (&listed[0]["code"], &listed[0]["name"], &listed[0]["id"]),
        (&json!("sdk_engine_1"), &json!("SDK engine"), &id)
    );
    let gone = json!({"code": "sdk_engine_1"});
    assert_eq!(
        app_ok(&portal, "ai_admin", "ai.engine.unregister", gone).await,
        json!(true)
    );
    assert_eq!(
        app_ok(&portal, "ai_admin", "ai.engine.list", json!({})).await,
        json!([])
    );
}

#[tokio::test]
async fn codes_registered_are_the_codes_listed() {
    let portal = portal().await;
    for (scope, family, fields) in [
        (
            "bizproc",
            "bizproc.robot",
            json!({"NAME": "Robot", "HANDLER": "https://example.com/r"}),
        ),
        (
            "bizproc",
            "bizproc.activity",
            json!({"NAME": "Action", "HANDLER": "https://example.com/a"}),
        ),
        (
            "messageservice",
            "messageservice.sender",
            json!({"NAME": "SMS", "TYPE": "SMS", "HANDLER": "https://example.com/s"}),
        ),
    ] {
        let list = format!("{family}.list");
        assert_eq!(
            app_ok(&portal, scope, &list, json!({})).await,
            json!([]),
            "{family}: a new portal has none"
        );
        for code in ["first", "second"] {
            let mut add = fields.clone();
            add["CODE"] = code.into();
            app_ok(&portal, scope, &format!("{family}.add"), add).await;
        }
        assert_eq!(
            app_ok(&portal, scope, &list, json!({})).await,
            json!(["first", "second"]),
            "{family}"
        );
        app_ok(
            &portal,
            scope,
            &format!("{family}.delete"),
            json!({"CODE": "first"}),
        )
        .await;
        assert_eq!(
            app_ok(&portal, scope, &list, json!({})).await,
            json!(["second"]),
            "{family}"
        );
    }
}

#[tokio::test]
async fn a_placement_bound_is_read_in_the_answers_names_and_unbound_with_a_count() {
    let portal = portal().await;
    let lang = json!({"en": {"TITLE": "Worker", "DESCRIPTION": "", "GROUP_NAME": ""}});
    let bind = json!({
        "PLACEMENT": "PAGE_BACKGROUND_WORKER", "HANDLER": "https://example.com/handler/",
        "LANG_ALL": lang, "OPTIONS": {"errorHandlerUrl": "https://example.com/e"}, "USER_ID": 1,
    });
    assert_eq!(
        app_ok(&portal, "placement", "placement.bind", bind).await,
        json!(true)
    );
    let bound = app_ok(&portal, "placement", "placement.get", json!({})).await;
    let bound = bound.as_array().expect("a list");
    assert_eq!(bound.len(), 1, "{bound:?}");
    // Given as `LANG_ALL`, `USER_ID`; read as the page's answer names them, once.
    assert_eq!(bound[0]["placement"], json!("PAGE_BACKGROUND_WORKER"));
    assert_eq!(bound[0]["langAll"], lang);
    assert_eq!(bound[0]["userId"], json!(1));
    assert_eq!(
        bound[0]["options"],
        json!({"errorHandlerUrl": "https://example.com/e"})
    );
    assert!(
        bound[0].get("LANG_ALL").is_none() && bound[0].get("USER_ID").is_none(),
        "{}",
        bound[0]
    );
    // `placement.list` names the portal's places, not what was bound: without `SCOPE`, its
    // page's answer; with one, that scope's codes of the placement catalog (and the
    // example's, which are `crm`'s); `FULL`, every code.
    let list = |p: Value| call_as_app(&portal, &["placement"], "placement.list", p);
    let (_, places) = list(json!({})).await;
    let places = places["result"].as_array().cloned().unwrap_or_default();
    assert!(
        places.contains(&json!("CRM_DEAL_LIST_TOOLBAR")),
        "{places:?}"
    );
    assert!(!places.contains(&json!("TASK_VIEW_TAB")), "{places:?}");
    let (_, task) = list(json!({"SCOPE": "task"})).await;
    let task = task["result"].as_array().cloned().unwrap_or_default();
    assert!(task.len() >= 7, "{task:?}");
    assert!(task.contains(&json!("TASK_VIEW_TAB")), "{task:?}");
    assert!(
        task.iter()
            .all(|c| c.as_str().is_some_and(|c| c.starts_with("TASK_"))),
        "{task:?}"
    );
    let (_, crm) = list(json!({"SCOPE": "crm"})).await;
    let crm = crm["result"].as_array().cloned().unwrap_or_default();
    assert!(crm.contains(&json!("CRM_DETAIL_SEARCH")), "{crm:?}");
    assert!(crm.contains(&json!("CRM_DEAL_LIST_TOOLBAR")), "{crm:?}");
    assert!(
        !crm.iter()
            .any(|c| c.as_str().is_some_and(|c| c.contains("XXX"))),
        "{crm:?}"
    );
    let (_, full) = list(json!({"FULL": true})).await;
    let full = full["result"].as_array().cloned().unwrap_or_default();
    assert!(full.len() > task.len() + crm.len(), "{full:?}");
    assert!(full.contains(&json!("LEFT_MENU")), "{full:?}");
    let unbind =
        json!({"PLACEMENT": "PAGE_BACKGROUND_WORKER", "HANDLER": "https://example.com/handler/"});
    assert_eq!(
        app_ok(&portal, "placement", "placement.unbind", unbind).await,
        json!({"count": 1})
    );
    assert_eq!(
        app_ok(&portal, "placement", "placement.get", json!({})).await,
        json!([])
    );
}

#[tokio::test]
async fn an_unknown_code_is_the_pages_own_not_found_and_fields_update_the_record() {
    let portal = portal().await;
    let (status, answer) = call_as_app(
        &portal,
        &["bizproc"],
        "bizproc.robot.update",
        json!({"CODE": "nope", "FIELDS": {"NAME": "x"}}),
    )
    .await;
    assert_eq!(
        (status, &answer["error"]),
        (400, &json!("ERROR_ACTIVITY_NOT_FOUND")),
        "bizproc.robot.update's errors table: {answer}"
    );
    let robot = json!({"CODE": "r", "HANDLER": "https://example.com/r", "NAME": "Send"});
    app_ok(&portal, "bizproc", "bizproc.robot.add", robot).await;
    let rename = json!({"CODE": "r", "FIELDS": {"NAME": "Renamed"}});
    assert_eq!(
        app_ok(&portal, "bizproc", "bizproc.robot.update", rename).await,
        json!(true)
    );
    assert_eq!(
        app_ok(&portal, "bizproc", "bizproc.robot.list", json!({})).await,
        json!(["r"])
    );
}

#[tokio::test]
async fn a_connector_registered_joins_the_portals_own_and_its_status_names_it() {
    let portal = portal().await;
    let scope = "imopenlines";
    let before = app_ok(&portal, scope, "imconnector.list", json!({})).await;
    assert!(
        before.get("livechat").is_some(),
        "the portal's own: {before}"
    );
    let connector = json!({"ID": "sdk_conn", "NAME": "SDK connector",
        "ICON": {"DATA_IMAGE": "data:image/svg+xml;base64,AA=="},
        "PLACEMENT_HANDLER": "https://example.com/h"});
    let added = app_ok(&portal, scope, "imconnector.register", connector).await;
    assert_eq!(
        added,
        json!({"result": true}),
        "as the page's example wraps it"
    );
    let listed = app_ok(&portal, scope, "imconnector.list", json!({})).await;
    assert_eq!(listed["sdk_conn"], "SDK connector", "{listed}");
    assert!(listed.get("livechat").is_some(), "{listed}");
    // imconnector.status answers its example, naming the connector and line asked about.
    let (_, status) = call_as_app(
        &portal,
        &[scope],
        "imconnector.status",
        json!({"CONNECTOR": "sdk_conn", "LINE": 3}),
    )
    .await;
    assert_eq!(
        (&status["result"]["CONNECTOR"], &status["result"]["LINE"]),
        (&json!("sdk_conn"), &json!(3)),
        "{status}"
    );
    let gone = app_ok(
        &portal,
        scope,
        "imconnector.unregister",
        json!({"ID": "sdk_conn"}),
    )
    .await;
    assert_eq!(gone, json!({"result": true}));
    let after = app_ok(&portal, scope, "imconnector.list", json!({})).await;
    assert_eq!(after, before);
}
