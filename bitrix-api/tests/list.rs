//! Walking list methods against the emulator: `next` paging and the fast `>ID` mode.

mod common;

use bitrix_api::{Client, Limits};
use bitrix_emulator::Portal;
use common::{serve, Reply};
use futures_util::TryStreamExt;
use serde_json::{json, Value};

async fn portal_with_leads(n: usize) -> Portal {
    let portal = Portal::builder()
        .limits(bitrix_api::Limits::off())
        .seed(9)
        .start()
        .await
        .unwrap();
    for i in 0..n {
        portal.add_lead(json!({"TITLE": format!("lead {i}")}));
    }
    portal
}

fn titles(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["TITLE"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn list_stream_follows_next() {
    let portal = portal_with_leads(123).await;
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap();
    let items: Vec<Value> = client
        .list_stream("crm.lead.list", json!({"select": ["ID", "TITLE"]}))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        titles(&items),
        (0..123).map(|i| format!("lead {i}")).collect::<Vec<_>>()
    );
    assert_eq!(portal.count("crm.lead.list"), 3);
}

#[tokio::test]
async fn list_stream_by_id_filters_from_the_last_id() {
    let portal = portal_with_leads(150).await;
    let client = Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap();
    let items: Vec<Value> = client
        .list_stream_by_id(
            "crm.lead.list",
            json!({"select": ["ID", "TITLE"], "filter": {"%TITLE": "lead"}}),
            "ID",
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 150);
    assert_eq!(titles(&items)[149], "lead 149");
    // 50, 50, 50, then an empty page ends it.
    assert_eq!(portal.count("crm.lead.list"), 4);
}

#[tokio::test]
async fn by_id_sends_order_filter_and_start_minus_one() {
    let server = serve(|req| {
        assert_eq!(req.body["start"], json!(-1));
        assert_eq!(req.body["order"], json!({"id": "ASC"}));
        assert_eq!(req.body["filter"]["=stageId"], json!("NEW"));
        let last = req.body["filter"][">id"].as_i64().unwrap();
        let page: Vec<Value> = (last + 1..=(last + 50).min(120))
            .map(|id| json!({"id": id}))
            .collect();
        Reply::json(200, json!({"result": {"items": page}, "total": 0}))
    })
    .await;
    let client = common::client_no_retry(&server);
    let items: Vec<Value> = client
        .list_stream_by_id(
            "crm.item.list",
            json!({"entityTypeId": 1, "filter": {"=stageId": "NEW"}}),
            "id",
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 120);
    assert_eq!(items[119], json!({"id": 120}));
    assert_eq!(server.hits(), 3);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_records_before_it() {
    let server = serve(|req| {
        if req.body["start"] == json!(0) {
            Reply::json(200, json!({"result": [1, 2], "next": 2, "total": 4}))
        } else {
            Reply::error(403, "ACCESS_DENIED", "")
        }
    })
    .await;
    let client = common::client_no_retry(&server);
    let got: Vec<_> =
        futures_util::StreamExt::collect::<Vec<_>>(client.list_stream("x.list", json!({}))).await;
    assert_eq!(got.len(), 3);
    assert_eq!(got[1].as_ref().unwrap(), &json!(2));
    assert_eq!(got[2].as_ref().unwrap_err().code(), Some("ACCESS_DENIED"));
}
