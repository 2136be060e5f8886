//! `batch`: cmd forms, `$result` references, halt, the 50 limit, nesting, answer shape.

mod common;

use bitrix_emulator::{Limits, Portal};
use common::*;
use serde_json::{json, Value};

async fn batch(portal: &Portal, body: Value) -> Value {
    let (status, v) = call(portal, "batch", body).await;
    assert_eq!(status, 200, "{v}");
    v
}

/// A batch whose `cmd` order matters: sent as written.
async fn batch_text(portal: &Portal, body: &str) -> Value {
    let (status, v) = post_text(&format!("{}batch", portal.webhook_url()), body).await;
    assert_eq!(status, 200, "{v}");
    v
}

#[tokio::test]
async fn linked_calls_use_result_references() {
    let portal = portal().await;
    let v = batch_text(&portal, r#"{"halt": 0, "cmd": {
        "contact": "crm.contact.add?fields[NAME]=Ann",
        "lead": "crm.lead.add?fields[TITLE]=From%20batch",
        "link": "crm.lead.contact.add?id=$result[lead]&fields[CONTACT_ID]=$result[contact]&fields[IS_PRIMARY]=Y",
        "items": "crm.lead.contact.items.get?id=$result[lead]",
        "copy": "crm.lead.add?fields[TITLE]=$result[items][0][CONTACT_ID]-copy"
    }}"#).await;
    let r = &v["result"];
    assert_eq!(r["result"]["contact"], 1);
    assert_eq!(r["result"]["lead"], 1);
    assert_eq!(r["result"]["link"], true);
    assert_eq!(r["result"]["items"][0]["CONTACT_ID"], 1);
    assert_eq!(r["result_error"], json!([]));
    assert_eq!(r["result_total"], json!([]));
    assert_eq!(r["result_next"], json!([]));
    for key in ["contact", "lead", "link", "items", "copy"] {
        assert!(r["result_time"][key]["duration"].is_number(), "{key}");
    }
    assert!(v["time"]["start"].is_number());
    assert_eq!(portal.lead(2).unwrap().title, "1-copy");
    assert_eq!(portal.lead(1).unwrap().contact_id, Some(1));
}

#[tokio::test]
async fn map_order_is_kept_for_json_and_form_bodies() {
    let portal = portal().await;
    // "z" must run before "a", which refers to it, though "a" sorts first.
    let v = batch_text(
        &portal,
        r#"{"cmd": {
        "z": "crm.lead.add?fields[TITLE]=first",
        "a": "crm.lead.get?id=$result[z]"
    }}"#,
    )
    .await;
    assert_eq!(v["result"]["result"]["a"]["TITLE"], "first");

    // The data-encoding page's double encoding, as a form body.
    let body = "cmd[z]=crm.lead.add%3Ffields%5BTITLE%5D%3DJohn%2526Martin&cmd[a]=crm.lead.get%3Fid%3D%24result%5Bz%5D";
    let (s, v) = form(&format!("{}batch", portal.webhook_url()), body).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["result"]["a"]["TITLE"], "John&Martin");
}

#[tokio::test]
async fn array_cmd_answers_arrays() {
    let portal = portal().await;
    let v = batch(
        &portal,
        json!({"cmd": ["crm.lead.add?fields[TITLE]=x", "crm.lead.get?id=$result[0]"]}),
    )
    .await;
    assert_eq!(v["result"]["result"][0], 1);
    assert_eq!(v["result"]["result"][1]["TITLE"], "x");
    assert!(v["result"]["result_time"].is_array());
}

#[tokio::test]
async fn halt_stops_at_the_first_error() {
    let portal = portal().await;
    let cmd = json!({"a": "crm.lead.get?id=99", "b": "crm.lead.add?fields[TITLE]=after", "c": "crm.nosuch"});
    let v = batch(&portal, json!({"halt": 1, "cmd": cmd.clone()})).await;
    assert_eq!(
        v["result"]["result_error"]["a"],
        json!({"error": "", "error_description": "Not found"})
    );
    assert!(v["result"]["result_error"].get("c").is_none());
    assert_eq!(v["result"]["result"], json!([]));
    assert!(
        portal.leads().is_empty(),
        "nothing after the failing command ran"
    );

    let v = batch(&portal, json!({"halt": 0, "cmd": cmd})).await;
    assert_eq!(v["result"]["result"]["b"], 1);
    assert_eq!(
        v["result"]["result_error"]["c"]["error"],
        "ERROR_METHOD_NOT_FOUND"
    );
}

#[tokio::test]
async fn more_than_50_commands_fail_past_the_50th() {
    let portal = portal().await;
    let cmd: Vec<String> = (0..52)
        .map(|i| format!("crm.contact.add?fields[NAME]=C{i}"))
        .collect();
    let v = batch(&portal, json!({"cmd": cmd})).await;
    assert_eq!(
        v["result"]["result"].as_object().map_or_else(
            || v["result"]["result"].as_array().unwrap().len(),
            |m| m.len()
        ),
        50
    );
    assert_eq!(
        v["result"]["result_error"]["50"]["error"],
        "ERROR_BATCH_LENGTH_EXCEEDED"
    );
    assert_eq!(
        v["result"]["result_error"]["51"]["error_description"],
        "Max batch length exceeded"
    );
    assert_eq!(portal.contacts().len(), 50);
}

#[tokio::test]
async fn nested_batch_is_refused() {
    let portal = portal().await;
    let v = batch(
        &portal,
        json!({"cmd": {"inner": "batch?cmd[x]=crm.lead.list"}}),
    )
    .await;
    assert_eq!(
        v["result"]["result_error"]["inner"],
        json!({"error": "ERROR_BATCH_METHOD_NOT_ALLOWED", "error_description": "Method is not allowed for batch usage"})
    );
}

#[tokio::test]
async fn list_commands_report_total_and_next() {
    let portal = portal().await;
    for _ in 0..60 {
        portal.add_lead(json!({}));
    }
    let v = batch(&portal, json!({"cmd": {"p1": "crm.lead.list?select[]=ID", "p2": "crm.lead.list?select[]=ID&start=50"}})).await;
    assert_eq!(v["result"]["result_total"], json!({"p1": 60, "p2": 60}));
    assert_eq!(v["result"]["result_next"], json!({"p1": 50}));
    assert_eq!(v["result"]["result"]["p2"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn a_batch_is_one_request_for_the_rate_limit() {
    let portal = Portal::builder()
        .limits(Limits::custom(0.0, 1.0))
        .start()
        .await
        .unwrap();
    let cmd: Vec<&str> = vec!["crm.lead.contact.fields"; 10];
    let v = batch(&portal, json!({"cmd": cmd})).await;
    assert_eq!(v["result"]["result"].as_array().unwrap().len(), 10);
    // Threshold 1: the batch and one more request pass, the next is refused.
    assert_eq!(
        call(&portal, "crm.lead.contact.fields", json!({})).await.0,
        200
    );
    let (s, e, _) = err(&portal, "crm.lead.contact.fields", json!({})).await;
    assert_eq!((s, e.as_str()), (503, "QUERY_LIMIT_EXCEEDED"));
    let log = portal.requests();
    assert_eq!(log[0].inner_methods, vec!["crm.lead.contact.fields"; 10]);
    assert_eq!(portal.count("crm.lead.contact.fields"), 12);
}

#[tokio::test]
async fn batch_over_get_with_encoded_cmd() {
    let portal = portal().await;
    let q = bitrix_api::query::encode(&json!({"cmd": {"a": "crm.contact.add?fields%5BNAME%5D=G"}}));
    let (s, v) = get(&format!("{}batch?{q}", portal.webhook_url())).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(portal.contact(1).unwrap().name, "G");
}
