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

fn client_for(portal: &Portal) -> Client {
    Client::builder()
        .webhook(portal.webhook_url())
        .limits(Limits::off())
        .build()
        .unwrap()
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
    let client = client_for(&portal);
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
    let client = client_for(&portal);
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
    // One page alone (it tells where the records sit), then one batch of 50 chained pages:
    // 50, 50, an empty page that ends it, and 47 more commands whose answers are dropped
    // unread (their reference had nothing to point at). Two HTTP requests.
    assert_eq!(portal.count("crm.lead.list"), 1 + 50);
    assert_eq!(portal.count("batch"), 1);
}

#[tokio::test]
async fn the_fast_walk_brings_2500_records_a_request() {
    let portal = portal_with_leads(6_000).await;
    let client = client_for(&portal);
    let items: Vec<Value> = client
        .list_stream_by_id("crm.lead.list", json!({"select": ["TITLE"]}), "ID")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 6_000);
    let ids: Vec<i64> = items
        .iter()
        .map(|v| bitrix_api::wire::from_value(v["ID"].clone()).unwrap())
        .collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "in id order, once each"
    );
    // 50 alone, then 2,500 + 2,500 + 950 in three batches: 4 requests for 6,000 records.
    assert_eq!(portal.count("batch"), 3);
}

/// A page of `crm.item.list` as a portal answers it: the ids after `last`, up to 120.
fn item_page(params: &Value) -> Value {
    assert_eq!(
        bitrix_api::wire::from_value::<i64>(params["start"].clone()).unwrap(),
        -1
    );
    assert_eq!(params["order"], json!({"id": "ASC"}));
    assert_eq!(params["filter"]["=stageId"], json!("NEW"));
    let last = bitrix_api::wire::from_value::<i64>(params["filter"][">id"].clone()).unwrap();
    let page: Vec<Value> = (last + 1..=(last + 50).min(120))
        .map(|id| json!({"id": id}))
        .collect();
    json!({"items": page})
}

#[tokio::test]
async fn by_id_sends_order_filter_and_start_minus_one_and_chains_pages_by_reference() {
    let server = serve(|req| {
        if !req.path.ends_with("/batch") {
            return Reply::json(200, json!({"result": item_page(&req.body), "total": 0}));
        }
        // The batch: each command's `>id` refers to the previous command's last record,
        // inside its `items` list.
        let cmd = req.body["cmd"].as_object().unwrap();
        let mut results = serde_json::Map::new();
        for i in 0..cmd.len() {
            let line = cmd[&format!("p{i}")].as_str().unwrap();
            let (_, query) = line.split_once('?').unwrap();
            let mut params = bitrix_api::query::decode(query);
            let after = params["filter"][">id"].clone();
            if let Some(reference) = after.as_str().filter(|s| s.starts_with("$result")) {
                assert_eq!(reference, format!("$result[p{}][items][49][id]", i - 1));
                let prev = &results[&format!("p{}", i - 1)]["items"];
                if prev[49].is_null() {
                    // Nothing to point at: the client drops this answer unread.
                    results.insert(format!("p{i}"), json!("unresolved"));
                    continue;
                }
                params["filter"][">id"] = prev[49]["id"].clone();
            }
            results.insert(format!("p{i}"), item_page(&params));
        }
        Reply::json(
            200,
            json!({"result": {"result": results, "result_error": []}}),
        )
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
    // The first page alone, then one batch: 50, then 20 (short: the rest is dropped).
    assert_eq!(server.hits(), 2);
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

fn ids_of(items: &[Value]) -> Vec<i64> {
    items
        .iter()
        .map(|v| bitrix_api::wire::from_value(v["ID"].clone()).unwrap())
        .collect()
}

#[tokio::test]
async fn id_ranges_walked_side_by_side_bring_every_record_once() {
    let portal = portal_with_leads(6_000).await;
    let client = client_for(&portal);
    let items: Vec<Value> = client
        .list_stream_by_id_ranges("crm.lead.list", json!({"select": ["TITLE"]}), "ID", 4)
        .try_collect()
        .await
        .unwrap();
    let mut ids = ids_of(&items);
    assert_eq!(ids.len(), 6_000);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 6_000, "every record once");
    // One batch for the lowest and highest id, then per range of 1,500 ids one batch of
    // 50 chained pages (the 31st page is short and ends it): 1 + 4 requests.
    assert_eq!(portal.count("batch"), 5);
    // A range's ids are known, so a request chains only the pages they can fill: 30 per
    // bounded range, 31 for the last (one past the highest id seen at the start), plus
    // the two that found the lowest and highest id. Nothing runs past a range's end.
    assert_eq!(portal.count("crm.lead.list"), 2 + 3 * 30 + 31);
    // Inside a range, records come in id order.
    let first_range: Vec<i64> = ids_of(&items)
        .into_iter()
        .filter(|id| *id <= ids[1_499])
        .collect();
    assert!(first_range.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn id_ranges_keep_the_callers_filter() {
    let portal = portal_with_leads(300).await;
    let client = client_for(&portal);
    let items: Vec<Value> = client
        .list_stream_by_id_ranges(
            "crm.lead.list",
            json!({"select": ["TITLE"], "filter": {"%TITLE": "lead 1"}}),
            "ID",
            8,
        )
        .try_collect()
        .await
        .unwrap();
    let mut got = titles(&items);
    got.sort();
    let mut want: Vec<String> = (0..300)
        .map(|i| format!("lead {i}"))
        .filter(|t| t.starts_with("lead 1"))
        .collect();
    want.sort();
    assert_eq!(got, want);
    // Nothing matches: one request, no records.
    let none: Vec<Value> = client
        .list_stream_by_id_ranges(
            "crm.lead.list",
            json!({"filter": {"TITLE": "nobody"}}),
            "ID",
            8,
        )
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
}
