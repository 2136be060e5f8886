//! The blocking client against a portal on another thread's runtime.
#![cfg(feature = "blocking")]

mod common;

use bitrix_api::methods::CrmLeadContactItemsGet;
use bitrix_emulator::Portal;
use serde_json::json;

#[test]
fn blocking_calls_work_outside_a_runtime() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let portal = rt.block_on(Portal::start()).unwrap();
    let lead = portal.add_lead(json!({"TITLE": "L"}));

    let client = bitrix_api::blocking::Client::webhook(portal.webhook_url()).unwrap();
    let got = client
        .call_raw("crm.lead.get", json!({"id": lead}))
        .unwrap();
    assert_eq!(got["TITLE"], "L");
    let items = client.call(&CrmLeadContactItemsGet::new(lead)).unwrap();
    assert!(items.is_empty());
    let err = client
        .call_raw("crm.lead.get", json!({"id": 424242}))
        .unwrap_err();
    assert!(err.code().is_some());
    // Clones share the runtime and can be used from other threads.
    let other = client.clone();
    std::thread::spawn(move || other.call_raw("crm.lead.get", json!({"id": lead})).unwrap())
        .join()
        .unwrap();
    assert!(!format!("{client:?}").contains(portal.webhook_url().rsplit('/').nth(1).unwrap()));
}

#[test]
fn blocking_rest3_calls_go_to_rest_api_with_a_key_on_writes() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(common::serve(|req| {
        common::Reply::ok(json!({
            "path": req.path,
            "key": req.header("idempotency-key").is_some(),
        }))
    }));
    let client = bitrix_api::blocking::Client::webhook(server.webhook()).unwrap();
    let got = client.call_raw_v3("note.document.add", json!({})).unwrap();
    assert_eq!(
        got,
        json!({ "path": format!("/rest/api/1/{}/note.document.add", common::CODE), "key": true })
    );
    let got = client.call_raw_v3("note.document.get", json!({})).unwrap();
    assert_eq!(got["key"], false);
    let err = client
        .call_with(
            &CrmLeadContactItemsGet::new(1),
            bitrix_api::CallOptions::new().idempotency_key("k"),
        )
        .unwrap_err();
    assert!(matches!(err, bitrix_api::Error::Config(_)), "{err:?}");
}
