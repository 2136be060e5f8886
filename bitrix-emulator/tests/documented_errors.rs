//! Errors the pages document, raised where their condition holds (issue 25): a list that
//! documents refusing a filter field it does not have refuses it.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn crm_type_list_refuses_a_filter_field_smart_processes_do_not_have() {
    let portal = portal().await;
    ok(
        &portal,
        "crm.type.add",
        json!({"fields": {"title": "Orders"}}),
    )
    .await;
    let (status, code, message) = err(
        &portal,
        "crm.type.list",
        json!({"filter": {"non_existent_field_12345": "x"}}),
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "INVALID_ARG_VALUE"));
    assert!(message.contains("non_existent_field_12345"), "{message}");
    let found = ok(
        &portal,
        "crm.type.list",
        json!({"filter": {"title": "Orders"}}),
    )
    .await;
    assert_eq!(found["types"][0]["title"], "Orders", "{found}");
}

#[tokio::test]
async fn a_parameter_given_empty_is_the_pages_own_error_for_it() {
    let portal = portal_with(&["im"]).await;
    // im.message.command: `BOT_ID_ERROR`, "Bot ID can't be empty".
    let (status, code, message) = err(
        &portal,
        "im.message.command",
        json!({"MESSAGE_ID": 5, "BOT_ID": 0, "COMMAND": "help"}),
    )
    .await;
    assert_eq!(
        (status, code.as_str(), message.as_str()),
        (400, "BOT_ID_ERROR", "Bot ID can't be empty")
    );
    // im.disk.file.commit: `CHAT_ID_EMPTY`.
    let body = json!({"CHAT_ID": 0, "UPLOAD_ID": 0, "DISK_ID": 0});
    let (status, code, _) = err(&portal, "im.disk.file.commit", body).await;
    assert_eq!((status, code.as_str()), (400, "CHAT_ID_EMPTY"));
    // A bot named: answered.
    ok(
        &portal,
        "im.message.command",
        json!({"MESSAGE_ID": 5, "BOT_ID": 3, "COMMAND": "help"}),
    )
    .await;
}
